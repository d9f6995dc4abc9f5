"""Superscripts written with parentheses, as plain-text, Unicode and forum pastes write them: ``e^(-x)``,
``σ(x) = 1/(1 + e^(-x))``, Kipf & Welling's ``H^(l+1) = σ(D̂^(-1/2) Â D̂^(-1/2) H^(l) W^(l))``, Ng's ``x^(i)``.

TeX's ``^`` takes one character or a braced group, so ``^(`` was refused.  Where no TeX is written, the parentheses
delimit the superscript as braces do (noted ``paren-superscript``):

- a single index letter, or one with an offset (``x^(i)``, ``H^(l+1)``, ``a^(l-1)``), keeps its parentheses: it is
  the parenthesised label of the deep-learning texts (``x^{(i)}``, ``H^{(l+1)}``), which a power needs no
  parentheses for; symdl's rules for ``^{(i)}`` then decide (a training example, a layer);
- anything else (``-x``, ``-1/2``, ``2``, ``x+1``), and any content after ``e`` or a number (``e^(x)``, ``2^(n)``),
  is the exponent: ``e^{-x}``, ``D^{-1/2}``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from symdl.errors import Span
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node, is_group

if TYPE_CHECKING:
    from symdl.read.expr import ExprReader

#: a label index: one Latin letter, or one with an integer offset (l+1, t-1)
_INDEX = re.compile(r"[A-Za-z](?:[+-]\d+)?")


def _plain_base(out: list[Node]) -> bool:
    """Is the base before ``^`` Euler's ``e`` or a number, whose superscript is always a power?"""
    if not out or not isinstance(out[-1], Token):
        return not out or is_group(out[-1], "paren", "bracket")  # (x+1)^(2): a bracket's power
    return out[-1].kind == "number" or (out[-1].kind == "letter" and out[-1].text == "e")


def _index_content(reader: ExprReader, paren: Group) -> bool:
    """Is the parenthesis' content a label index (``i``, ``l+1``)?"""
    inside = reader.source[paren.span.start + 1 : paren.span.end - 1]
    return bool(_INDEX.fullmatch("".join(inside.split())))


def paren_superscripts(reader: ExprReader, nodes: list[Node]) -> list[Node]:
    """Brace each parenthesis written right after ``^`` (inside groups too): ``x^(i)`` as ``x^{(i)}``,
    ``e^(-x)`` as ``e^{-x}``, noted ``paren-superscript``."""
    out: list[Node] = []
    for k, n in enumerate(nodes):
        prev = nodes[k - 1] if k else None
        if isinstance(prev, Token) and prev.is_op("^") and is_group(n, "paren") and not getattr(n, "left", False):
            assert isinstance(n, Group)
            label = _index_content(reader, n) and not _plain_base(out[:-1])
            inside = [replace(n, children=paren_superscripts(reader, n.children))] if label else \
                paren_superscripts(reader, n.children)
            out.append(Group(inside, n.span, "brace"))
            start = out[-3].span.start if len(out) >= 3 else prev.span.start
            reader.add_note("paren-superscript", Span(start, n.span.end), {
                "exponent": reader.source[n.span.start : n.span.end],
                "reading": "a label" if label else "the power of its content"})
            continue
        out.append(replace(n, children=paren_superscripts(reader, n.children)) if isinstance(n, Group) else n)
    return out
