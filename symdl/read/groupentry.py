r"""A subscript on a parenthesised expression: ``(W\mathbf{x})_j``, ``(W^\top x + c)_i`` (Goodfellow ch. 6),
``(X\theta - y)_i`` (cs229) — entry j of the vector the bracket holds.

The bracket is read as an expression of its own and the subscript as its index (a letter a sum binds, or a free
index); the binder takes that entry of the vector (:func:`symdl.bind.groupentry.group_entry`).  ``(x)_+`` and
``[x]_+`` stay the positive part (:func:`symdl.read.delimiters.positive_part_at`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from symdl.errors import Span
from symdl.read import constructs
from symdl.read.arith import placeholder_symbol
from symdl.read.atoms import _arg
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node, Parsed, is_group, placeholder_text

if TYPE_CHECKING:
    from symdl.read.emit import Emitter
    from symdl.read.expr import ExprReader


def group_entry_at(nodes: list[Node], i: int) -> bool:
    """Is ``nodes[i]`` a parenthesis with a subscript right after it (``(W\\mathbf{x})_j``)?"""
    if not is_group(nodes[i], "paren") or i + 2 >= len(nodes):  # d2l's [\mathbf{X}]_{i,j}: read.delimiters
        return False
    op = nodes[i + 1]
    return isinstance(op, Token) and op.is_op("_")


def group_entry(reader: ExprReader, nodes: list[Node], i: int, em: Emitter, bold: bool) -> int:
    """Emit entry ``sub`` of the bracket ``nodes[i]`` as one placeholder, then any power after it."""
    group = nodes[i]
    assert isinstance(group, Group)
    inner = Span(group.span.start + 1, group.span.end - 1)
    value = reader.read(group.children, inner)
    ph = reader.new("group", group.span, inner=value)
    sub, after, sub_span = _arg(nodes, i + 2, reader.source, "subscript")
    whole = Span(group.span.start, sub_span.end)
    written = reader.source[group.span.start : group.span.end]
    held = Parsed(placeholder_symbol(placeholder_text(ph.id)), group.span, written)
    entry = reader.new("group-entry", whole, value=held, index=reader.read(sub, sub_span))
    reader.add_note("group-entry", whole, {"index": reader.source[sub_span.start : sub_span.end].strip("{} "),
                                           "inner": reader.source[inner.start : inner.end].strip()})
    em.placeholder(entry.id, whole)
    return constructs.emit_power(reader, nodes, after, em)
