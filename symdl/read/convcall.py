"""``(x * w)(t)``, ``(I * K)(i, j)``: the convolution of two functions evaluated at a point (Goodfellow et al.,
Deep Learning eqs. 9.1-9.5).

A bracket with ``*`` (or ``\\ast``) between two names, applied to arguments, is no product: it is the
convolution of the two functions, evaluated there.  symdl reads it as the named operation
``\\operatorname{conv}(I, K, i, j)`` (noted ``star-convolution``): an unknown function of the two and the point,
which :mod:`symdl.chunk` names a convolution; its value is the sum over the kernel a formula writes beside it
(``\\sum_m \\sum_n I(m, n) K(i - m, j - n)``) — symdl does not choose that sum's range itself.  Anything else
inside the bracket (``\\star``, cross-correlation in the PyTorch docs; a product or sum as an operand) stays
refused by name (:func:`symdl.read.groups.paren_group`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from symdl.errors import Span
from symdl.read.callorproduct import bare_atom
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node, strip_space

if TYPE_CHECKING:
    from symdl.read.expr import ExprReader

#: the name the convolution is read as (a name :mod:`symdl.chunk` knows for the concept ``convolution``)
CONV_NAME = "conv"


def convolution_call(reader: ExprReader, inner: list[Node], arg: Group, span: Span) -> list[Node] | None:
    """``(I * K)`` applied to ``arg`` (the two written at ``span``) as the nodes of ``\\operatorname{conv}(I, K,
    <arg>)`` (noted), or None when the bracket is not two names joined by one ``*``."""
    stars = [n for n in inner if isinstance(n, Token) and (n.is_op("*") or n.is_cmd("\\ast"))]
    if len(stars) != 1:
        return None
    star = stars[0]
    k = inner.index(star)
    left, right = strip_space(inner[:k]), strip_space(inner[k + 1 :])
    if bare_atom(left, reader.source, powered=True) is None or bare_atom(right, reader.source, powered=True) is None:
        return None
    if not strip_space(arg.children):
        return None
    comma = Token("op", ",", star.span)
    name = Group([Token("letter", c, star.span) for c in CONV_NAME], star.span, "brace")
    args = Group([*left, comma, *right, comma, *arg.children], arg.span, "paren")
    reader.add_note(
        "star-convolution",
        span,
        {
            "text": reader.source[span.start : span.end],
            "left": reader.source[left[0].span.start : left[-1].span.end],
            "right": reader.source[right[0].span.start : right[-1].span.end],
            "at": reader.source[arg.span.start + 1 : arg.span.end - 1],
        },
    )
    return [Token("cmd", "\\operatorname", star.span), name, args]
