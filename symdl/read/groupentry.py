r"""A subscript on a parenthesised expression: ``(W\mathbf{x})_j``, ``(W^\top x + c)_i`` (Goodfellow ch. 6),
``(X\theta - y)_i`` (cs229) — entry j of the vector the bracket holds; Cho et al.'s GRU writes the same with square
brackets, ``[\mathbf{W}_r \mathbf{x}]_j`` (a bracket holding one name, d2l's ``[\mathbf{X}]_{i,j}``, and a
concatenation or list ``[a; b]_j`` are read by :func:`symdl.read.groups.bracket_group`).

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
from symdl.read.syntax import Group, Node, Parsed, is_group, placeholder_text, strip_space

if TYPE_CHECKING:
    from symdl.read.emit import Emitter
    from symdl.read.expr import ExprReader


def group_entry_at(reader: ExprReader, nodes: list[Node], i: int) -> bool:
    """Is ``nodes[i]`` a parenthesis with a subscript right after it (``(W\\mathbf{x})_j``), or a square bracket
    holding an expression of several parts, no list, with one (Cho et al.'s ``[\\mathbf{U}_r \\mathbf{h}]_j``)?"""
    if not is_group(nodes[i], "paren", "bracket") or i + 2 >= len(nodes):
        return False
    op = nodes[i + 1]
    if not (isinstance(op, Token) and op.is_op("_")):
        return False
    return is_group(nodes[i], "paren") or _several_parts(reader, nodes[i])


def _several_parts(reader: ExprReader, group: Node) -> bool:
    """A square bracket's content that is neither one name (d2l's ``[\\mathbf{X}]_{i,j}``) nor a list or a
    concatenation (``[a; b]``, ``[a, b]``, ``[a \\| b]``)."""
    from symdl.read.groups import _one_name, concat_bars

    assert isinstance(group, Group)
    inner = strip_space(group.children)
    if not inner or _one_name(reader, inner) or concat_bars(group.children) is not None:
        return False
    return all(len(constructs.split_top(group.children, sep)) == 1 for sep in (";", ","))


def group_entry(reader: ExprReader, nodes: list[Node], i: int, em: Emitter, bold: bool) -> int:
    """Emit entry ``sub`` of the bracket ``nodes[i]`` as one placeholder, then any power after it."""
    from symdl.read.convcall import convolution_call  # imported here: convcall reads names, which import this module

    group = nodes[i]
    assert isinstance(group, Group)
    if is_group(group, "paren") and any(isinstance(n, Token) and (n.is_op("*") or n.is_cmd("\\ast"))
                                        for n in group.children):  # Hyena's (h^n * z^n)_t: a convolution at t
        sub, after, sub_span = _arg(nodes, i + 2, reader.source, "subscript")
        letters = strip_space(list(sub))
        if len(letters) == 2 and all(isinstance(t, Token) and t.kind == "letter" for t in letters):
            sub = [letters[0], Token("op", ",", letters[0].span), letters[1]]  # (K * X)_{ij}: the position (i, j)
        braced = reader.source[sub_span.start : sub_span.start + 1] == "{"
        point = Group(list(sub), sub_span if braced else Span(sub_span.start - 1, sub_span.end + 1), "paren")
        conv = convolution_call(reader, group.children, point, Span(group.span.start, sub_span.end))
        if conv is not None:  # \operatorname{conv}(h^n, z^n, t), noted star-convolution
            wrapped = [*nodes[:i], *conv, *nodes[after:]]
            return reader.emit_one(wrapped, i, em, bold) - len(conv) + (after - i)
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
