"""Code's boolean masks (read by :meth:`symdl.read.expr.ExprReader.emit_one`).

In a formula written as code (:func:`symdl.read.words.code_formula`), a parenthesised comparison that is an operand
of arithmetic, cs231n's ReLU backward ``dW1 = X.T @ (dh * (h > 0))``, ``(x >= 0) * x``, is numpy's boolean mask:
True and False count as 1 and 0, so it is the indicator ``\\mathbb{1}[h > 0]`` entry by entry (read as
:func:`symdl.read.environments.indicator` reads it).  Noted ``code-boolean-mask``.  TeX's comparisons (``a \\le b``,
a cases row's condition) are not code and keep their readings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from symdl.read.environments import comparisons, indicator
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node, plain_text, strip_space
from symdl.read.words import code_formula

if TYPE_CHECKING:
    from symdl.read.emit import Emitter
    from symdl.read.expr import ExprReader

#: the comparisons numpy turns into a mask (equality, ``==``, is not read here)
ORDERS = frozenset({">", "<", ">=", "<="})
#: the arithmetic a mask is an operand of
ARITHMETIC = frozenset({"*", "/", "+", "-", "@"})


def mask_at(reader: ExprReader, nodes: list[Node], i: int) -> bool:
    """Is ``nodes[i]`` a parenthesised order comparison beside an arithmetic operator, in a formula that is code?"""
    group = nodes[i]
    if not (isinstance(group, Group) and group.kind == "paren"):
        return False
    found = comparisons(strip_space(group.children))
    if len(found) != 1 or found[0][1] not in ORDERS or not code_formula(reader.source):
        return False
    return _operator(nodes, i, -1) or _operator(nodes, i, 1)


def _operator(nodes: list[Node], i: int, step: int) -> bool:
    """Is the first node from ``i`` in direction ``step``, past spaces, an arithmetic operator?"""
    k = i + step
    while 0 <= k < len(nodes) and isinstance(nodes[k], Token) and nodes[k].kind in ("space", "newline"):  # type: ignore[union-attr]
        k += step
    node = nodes[k] if 0 <= k < len(nodes) else None
    return isinstance(node, Token) and node.kind == "op" and node.text in ARITHMETIC


def boolean_mask(reader: ExprReader, nodes: list[Node], i: int, em: Emitter) -> int:
    """The mask ``nodes[i]`` as the indicator of its comparison, noted; the index after it."""
    group = nodes[i]
    assert isinstance(group, Group)
    reader.add_note("code-boolean-mask", group.span, {"cond": plain_text(strip_space(group.children)).strip()})
    return indicator(reader, nodes, i, group.span, em, after_op=i)
