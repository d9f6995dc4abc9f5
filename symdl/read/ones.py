"""Constant vectors with their length written as a subscript: Adafactor's ``1_n 1_m^T``, ``\\mathbf{1}_n``,
``\\mathbb{1}_n`` (the all-ones vector of length n; ``\\mathbf{0}_d`` the zero vector).

A ``1`` (plain, bold or blackboard) followed by a subscript that is one letter or a number, with no comparison in
it, is the constant vector of that length; a transpose after the subscript makes it a row (``1_m^T``).  The plain
and blackboard spellings are noted (``ones-vector``): ``\\mathbb{1}`` is otherwise an indicator, ``1_n`` could be
read as an entry.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from symdl.errors import Span
from symdl.read.atoms import _arg
from symdl.read.lexer import Token
from symdl.read.syntax import Node, plain_text

if TYPE_CHECKING:
    from symdl.read.expr import Emitter, ExprReader

_LENGTH = re.compile(r"[A-Za-z]|\d+")


def length_at(nodes: list[Node], j: int, source: str) -> tuple[str, int, Span] | None:
    """The length subscript at ``nodes[j]`` (``_n``, ``_{d}``, ``_3``): (its text, the index after it, its span)."""
    if not (j + 1 < len(nodes) and isinstance(nodes[j], Token) and nodes[j].is_op("_")):
        return None
    arg, after, sp = _arg(nodes, j + 1, source, "subscript")
    text = "".join(plain_text(arg).split()).strip("{}")
    return (text, after, sp) if _LENGTH.fullmatch(text) else None


def ones_vector(reader: ExprReader, nodes: list[Node], start: int, j: int, value: int, em: Emitter, *,
                noted: bool) -> int | None:
    """Emit the constant vector ``value`` written at ``nodes[start:j]`` with a length subscript at ``j``; the index
    after it, or None when no length subscript follows."""
    from symdl.read.constructs import _transpose_at, emit_power

    found = length_at(nodes, j, reader.source)
    if found is None:
        return None
    length, after, _ = found
    turned = _transpose_at(nodes, after)
    end = turned or after
    span = Span(nodes[start].span.start, nodes[end - 1].span.end)
    size = int(length) if length.isdigit() else length
    ph = reader.new("constvec", span, value=value, transpose=bool(turned), length=size)
    if noted:
        reader.add_note("ones-vector", span, {"length": length, "value": str(value)})
    em.placeholder(ph.id, span)
    return emit_power(reader, nodes, end, em)
