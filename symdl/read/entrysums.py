"""A ``\\sum`` with no index and no bounds: the PyTorch docs' ``\\frac{\\sum t^2}{2}``, ``\\sqrt{\\max(\\sum x^2,
\\epsilon)}``, the Keras docs' Dice ``\\frac{2 \\sum y_{true} y_{pred}}{\\sum y_{true} + \\sum y_{pred}}``.

Library docs write the sum of all entries of an array so (numpy's ``np.sum``, PyTorch's ``x.sum()``): the summand is
the term that follows, up to the next ``+``, ``-``, relation or comma at its level, and it is read as the sum over the
entries of its arrays, its names arrays of values, as ``sum(..., axis=-1)`` is (noted ``sum-no-index``).  A ``\\prod``
or an optimum with no index stays refused.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from symdl.errors import InvalidInput, Span
from symdl.read.lexer import Token
from symdl.read.syntax import Node, strip_space

if TYPE_CHECKING:
    from symdl.read.expr import Emitter, ExprReader

#: what ends the summand at its level
_ENDS = {"+", "-", "=", "<", ">", ",", ";", "&"}
_END_COMMANDS = {"\\le", "\\leq", "\\ge", "\\geq", "\\approx", "\\equiv", "\\leftarrow", "\\gets", "\\quad",
                 "\\qquad", "\\pm", "\\mp", "\\neq", "\\ne", "\\to", "\\\\"}


def summand_end(nodes: list[Node], j: int) -> int:
    """Where the summand that starts at ``nodes[j]`` ends (exclusive)."""
    k = j
    while k < len(nodes):
        n = nodes[k]
        if isinstance(n, Token) and k > j and (
                (n.kind == "op" and n.text in _ENDS) or (n.kind == "cmd" and n.text in _END_COMMANDS)):
            break
        k += 1
    return k


def sum_of_entries(reader: ExprReader, nodes: list[Node], i: int, j: int, em: Emitter) -> int:
    """Read ``\\sum`` at ``nodes[i]`` with no index and its summand from ``nodes[j]`` as the sum of the summand's
    entries; emit its placeholder and return where the summand ends."""
    op = nodes[i]
    assert isinstance(op, Token)
    end = summand_end(nodes, j)
    body = strip_space(nodes[j:end])
    if not body:
        raise reader.error(InvalidInput, f"{op.text} of nothing", op.span, "write what is summed after it")
    span = Span(op.span.start, body[-1].span.end)
    inner = reader.read(body, Span(body[0].span.start, body[-1].span.end))
    if reader.source.startswith("\\sum", op.span.start):  # not a set's size |A| (noted set-indicator)
        reader.add_note("sum-no-index", span, {"text": reader.source[span.start : span.end]})
    ph = reader.new("expect", span, inner=inner, statistic="sum", over="", under="", axis=True)
    em.placeholder(ph.id, span)
    return end
