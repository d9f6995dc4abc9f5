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

from symdl.errors import NotSupported, Span
from symdl.read.atoms import _arg
from symdl.read.extents import _skip_space
from symdl.read.lexer import Token
from symdl.read.syntax import Node, plain_text

if TYPE_CHECKING:
    from symdl.read.expr import Emitter, ExprReader

_LENGTH = re.compile(r"[A-Za-z]|\d+")
#: subscripts that index or label (an entry i, j, k; a class y, c): a bold or blackboard 1 with one is one-hot
ONE_HOT_LETTERS = frozenset("ijkyc")


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
    if value == 1 and length in ONE_HOT_LETTERS and isinstance(nodes[start], Token) and nodes[start].kind == "cmd":
        raise NotSupported(
            f"{reader.source[span.start : span.end]}: a 1 subscripted by the index or label {length} is the one-hot "
            f"vector (1 at entry {length}, 0 elsewhere: an embedding's \\mathbf{{e}}_i = \\mathbf{{W}}^\\top "
            f"\\mathbf{{1}}_i), not the ones vector of length {length}; symdl does not read one-hot vectors yet",
            source=reader.source, span=span,
            hint=f"write the entry or row it picks (W_{{{length},:}} is row {length} of W: name it as a vector); for "
                 f"the ones vector, subscript a length (\\mathbf{{1}}_n)",
        )
    if turned and em.tokens and em.tokens[-1].type == "SLASH" and _factor_follows(nodes, end):
        _refuse_ones_divisor(reader.source, span, nodes, end)
    size = int(length) if length.isdigit() else length
    ph = reader.new("constvec", span, value=value, transpose=bool(turned), length=size)
    if noted:
        reader.add_note("ones-vector", span, {"length": length, "value": str(value)})
    em.placeholder(ph.id, span)
    return emit_power(reader, nodes, end, em)


#: what ends a product after a divisor: a sign, a relation, another division, a separator
_ENDS_PRODUCT = ("+", "-", "=", "/", ",", "&")


def _factor_follows(nodes: list[Node], end: int) -> bool:
    """Whether a factor follows ``nodes[:end]`` in the same product."""
    k = _skip_space(nodes, end)
    if k >= len(nodes):
        return False
    node = nodes[k]
    return not (isinstance(node, Token) and any(node.is_op(op) for op in _ENDS_PRODUCT))


def _refuse_ones_divisor(source: str, span: Span, nodes: list[Node], end: int) -> None:
    """Refuse ``a / 1_n^T b``: a transposed ones vector as a divisor with a factor after it (Adafactor's
    ``\\hat{V}_t = R_t C_t / 1_n^\\top R_t``), where the writer means the sum of b's entries as the divisor while a
    '/' ends its divisor at the first factor (and a row of ones alone divides nothing)."""
    ones = source[span.start : span.end]
    k = last = _skip_space(nodes, end)
    while last + 1 < len(nodes) and _factor_follows(nodes, last + 1):
        last += 1
    factor = source[nodes[k].span.start : nodes[last].span.end].strip()
    raise NotSupported(
        f"a division by a transposed ones vector with a factor after it (/ {ones} {factor}): the sum of the "
        f"entries of {factor} meant as the divisor, while a '/' takes only {ones}, a row of ones",
        source=source, span=span,
        hint="write it entry by entry with the divisor a sum over the entries (Adafactor's "
             "\\hat{V}_{t,ij} = \\frac{R_{t,i} C_{t,j}}{\\sum_k R_{t,k}})",
    )
