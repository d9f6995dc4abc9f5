"""Rows of ``cases`` whose conditions are prose, not comparisons: a random choice (dropout's ``0`` ``\\text{ with
probability } p``, refused with how to write it as a mask) and a program's setting left unset (the PyTorch docs'
``x_i`` ``\\text{if eps is None}``: that row is left out, noted, and the rest read for the setting given)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from symdl.errors import NotSupported, Span
from symdl.read.constructs import split_top
from symdl.read.syntax import Node, seq_span, strip_space

if TYPE_CHECKING:
    from symdl.read.expr import ExprReader

#: a random choice: ``with probability p``, ``w.p. p``, ``with prob. p``
_RANDOM = re.compile(r"\bwith\s+prob(ability|\.)?\b|\bw\.\s*p\.")
#: a setting left unset, as code tests it: ``eps is None``
_UNSET = re.compile(r"(\\?[A-Za-z_]+)\}?\s*(\\text\{\s*)?\bis\s+None\b")


def prose_rows(reader: ExprReader, rows: list[list[Node]], span: Span) -> list[list[Node]]:
    """The rows of ``cases`` to read: a row for an unset setting (``\\text{if eps is None}``) is left out and noted,
    when another row remains; a random choice (``\\text{ with probability } p``) is refused with how to write it."""
    kept: list[list[Node]] = []
    for row in rows:
        cells = split_top(row, "&")
        cond = strip_space(cells[1]) if len(cells) == 2 else []
        if not cond:
            kept.append(row)
            continue
        at = seq_span(cond, span)
        text = reader.source[at.start : at.end]
        if _RANDOM.search(text):
            raise reader.error(
                NotSupported,
                f"a random choice between values ('{text.strip()}'): a draw, not a function of its inputs",
                at,
                "write the draw as a mask given with the inputs, as dropout's h' = \\frac{m h}{1-p}, \\quad "
                "m \\sim \\mathrm{Bernoulli}(1-p)",
            )
        unset = _UNSET.search(text)
        if unset and len(rows) > 1:
            name = unset.group(1)
            reader.add_note("case-unset-setting", at, {"setting": name, "value": reader.source[
                seq_span(cells[0], at).start : seq_span(cells[0], at).end].strip()})
            continue
        kept.append(row)
    return kept
