"""Plain-text cases written as repeated definitions: the PyTorch docs' Hardtanh and Softshrink scraped onto one line,
``f(x) = +1, if x > 1    f(x) = -1, if x < -1    f(x) = x, otherwise`` (their rows were ``f(x) = ...`` lines).

The formula's left side written again before a later ``=`` starts a new row; each row is a value, a comma maybe,
then ``if`` and its condition, or ``otherwise`` (the last row only).  The rows become the rows of a ``cases``, the
first that holds winning (noted ``case-lines``).  A comparison sign that ends a row's condition with nothing after
it before the next row (Softshrink's ``if x > lambda >  f(x) = ...``: a mark left where a line break was lost)
compares nothing; it is dropped and noted (``case-dangling-sign``).  Anything else is left to the other readings.

The old PyTorch docs drew a piecewise definition in ASCII art, a ``{`` before each row and one before the left side's
row between them (HingeEmbeddingLoss: ``{ x_i, if y_i == 1  loss(x, y) = 1/n {  { max(0, margin - x_i), if y_i ==
-1``).  With its line breaks lost the rows and the left side interleave, and the ``1/n`` stands for a mean whose sum
is not written, so it is refused, saying what it is (:func:`ascii_cases`), not as a brace never closed.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from symdl.errors import Span
from symdl.read.lexer import Token
from symdl.read.syntax import Node

if TYPE_CHECKING:
    from symdl.read.expr import ExprReader

#: a row of an ASCII-art piecewise definition: ``{``, a value, a comma, ``if``
_ART_ROW = re.compile(r"\{[^{}]*,\s*if\b")

Rows = list[tuple[list[Node], list[Node]]]

#: a comparison's sign, as the rows' conditions write it
_SIGNS = {"<", ">", "\\lt", "\\gt", "\\le", "\\ge", "\\leq", "\\geq"}


def case_lines(reader: ExprReader, lhs: list[Node], body: list[Node]) -> Rows | None:
    """The (value, condition) rows of ``body``, the right side of ``lhs = ...``, when each later row starts with
    ``lhs =`` again (two rows or more, an ``if`` in every row but an ``otherwise`` last); None otherwise."""
    from symdl.read.codeifs import _has_relation, _relation, _trim

    name = _text(reader.source, lhs)
    if not name:
        return None
    segments: list[list[Node]] = []
    start = 0
    for k in range(len(body)):
        if not _relation(body, k):
            continue
        s = next((s for s in range(k - 1, start - 1, -1) if _text(reader.source, body[s:k]) == name), None)
        if s is None:
            return None  # another relation: not the left side again
        segments.append(body[start:s])
        start = k + 1
    segments.append(body[start:])
    if len(segments) < 2:
        return None
    rows: Rows = []
    for at, segment in enumerate(segments):
        row = _row(reader, _trim(segment), last=at == len(segments) - 1)
        if row is None or _has_relation(row[0]):
            return None
        rows.append(row)
    return rows


def _row(reader: ExprReader, row: list[Node], *, last: bool) -> tuple[list[Node], list[Node]] | None:
    """A row's value and condition (empty for ``otherwise``, last only), or None when the row is not so written."""
    from symdl.read.codeifs import _keyword, _trim

    words = [(k, w) for k in range(len(row)) if (w := _keyword(row, k)[0])]
    if len(words) != 1 or words[0][1] not in ("if", "otherwise"):
        return None
    k, word = words[0]
    value = _trim(row[:k])
    if value and isinstance(value[-1], Token) and value[-1].is_op(","):
        value = _trim(value[:-1])
    after = _keyword(row, k)[1]
    cond = _trim(row[after:]) if word == "if" else []
    if word == "otherwise" and (after != len(row) or not last):
        return None
    if word == "if" and not last and cond and isinstance(cond[-1], Token) and cond[-1].text in _SIGNS:
        sign, cond = cond[-1], _trim(cond[:-1])
        reader.add_note("case-dangling-sign", sign.span, {"sign": sign.text, "cond": _span_text(reader.source, cond)})
    if not value or (word == "if" and not cond) or any(isinstance(n, Token) and n.is_op(",", ":", ";") for n in cond):
        return None
    return value, cond


def _text(source: str, nodes: list[Node]) -> str:
    """The source of ``nodes`` without its blanks (``f (x)`` is ``f(x)``)."""
    return "".join(source[nodes[0].span.start : nodes[-1].span.end].split()) if nodes else ""


def _span_text(source: str, nodes: list[Node]) -> str:
    span = Span(nodes[0].span.start, nodes[-1].span.end) if nodes else Span(0, 0)
    return source[span.start : span.end]


def ascii_cases(source: str) -> bool:
    """Is ``source`` a piecewise definition drawn in ASCII art, its line breaks lost: two ``{`` or more and no ``}``,
    a row ``{ value, if condition`` among them?"""
    return "}" not in source and source.count("{") >= 2 and _ART_ROW.search(source) is not None
