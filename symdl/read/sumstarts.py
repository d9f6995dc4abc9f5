"""Where a sum's index starts and what it runs over, as written: set-builder notation under a sum
(Aggarwal's ``\\sum_{r: r \\neq c(i)}``) and a formula's member at 0 that makes an unwritten start worth a note
(Goh's ``\\sum_i^k`` beside ``w^0``), for :mod:`symdl.read.bigops`."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import sympy

from symdl.errors import Span
from symdl.read.lexer import Token
from symdl.read.syntax import Node, strip_space

if TYPE_CHECKING:
    from symdl.read.expr import ExprReader


def set_builder_index(sub: list[Node]) -> list[Node]:
    """``r: r \\neq c``, ``j \\mid j \\neq y_i`` (set-builder notation under a sum) as the condition ``r \\neq c``:
    the index written before the colon is the one the condition names first; anything else unchanged."""
    marks = [k for k, n in enumerate(sub) if isinstance(n, Token) and (n.is_op(":") or n.is_cmd("\\mid"))]
    if len(marks) != 1:
        return sub
    before, after = strip_space(sub[: marks[0]]), strip_space(sub[marks[0] + 1 :])
    same = len(before) == 1 and after and isinstance(before[0], Token) and isinstance(after[0], Token) \
        and before[0].text == after[0].text
    return after if same else sub


def zero_member(source: str) -> bool:
    """Does the formula write a member at 0 (``w^{0}``, ``x_0``, ``h^{(0)}``)?  Then a sum with no start
    (``\\sum_i^k``) may mean from 0, and its reading from 1 is noted (Goh's momentum sum beside w^0)."""
    return re.search(r"[_^]\{?\(?0\)?\}?(?![0-9.])", source) is not None


def builder_condition(reader: ExprReader, op: Token, sub: list[Node], nodes: list[Node], j: int) -> list[Node]:
    """See et al.'s pointer-generator ``\\sum_{i: w_i = w} a^t_i``, a class mean's ``\\sum_{i: y_i = k} x_i``:
    set-builder notation whose condition is a comparison about the index's members, under a sum, is the sum over
    every value of the index of the indicator of the condition times the summand (``sum-where``, noted).  The
    indicator is put before the summand in ``nodes`` at ``j``; returns the subscript left (the index alone), or
    ``sub`` unchanged for anything else (``r: r \\neq c`` is :func:`set_builder_index`'s)."""
    from symdl.read.environments import comparisons
    from symdl.read.syntax import Parsed

    marks = [k for k, n in enumerate(sub) if isinstance(n, Token) and (n.is_op(":") or n.is_cmd("\\mid"))]
    if op.text != "\\sum" or len(marks) != 1:
        return sub
    before, cond = strip_space(sub[: marks[0]]), strip_space(sub[marks[0] + 1 :])
    if not (len(before) == 1 and isinstance(before[0], Token) and before[0].kind == "letter" and cond):
        return sub
    where = comparisons(cond)
    if len(where) != 1 or (isinstance(cond[0], Token) and cond[0].text == before[0].text):
        return sub
    k, rel, rest = where[0]
    span = Span(cond[0].span.start, cond[-1].span.end)
    test = (reader.read(cond[:k], span), rel, reader.read(cond[rest:], span))
    one, zero = Parsed(sympy.Integer(1), span, "1"), Parsed(sympy.Integer(0), span, "0")
    ph = reader.new("piecewise", span, rows=[(one, test), (zero, None)])
    last = next(n for n in reversed(nodes[:j]) if not (isinstance(n, Token) and n.kind in ("space", "newline")))
    whole = Span(op.span.start, last.span.end)
    nodes.insert(j, Token("ph", str(ph.id), span))
    reader.add_note("sum-where", whole, {"text": reader.source[whole.start : whole.end], "index": before[0].text,
                                         "cond": reader.source[span.start : span.end]})
    return before
