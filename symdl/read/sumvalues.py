r"""A sum over the values of a variable written by the variable itself: marginalisation in probabilistic models.

Koller & Friedman's belief propagation ``m_{j \to i}(x_i) = \sum_{x_j} \psi(x_j)\psi(x_i, x_j)``, an HMM's forward
recursion ``\sum_{h_{t-1}} p(h_t \mid h_{t-1}) \alpha(h_{t-1})``, CQL's ``\log \sum_{\mathbf{a}} \exp(Q(\mathbf{s},
\mathbf{a}))``: the subscript is a variable (subscripted, or bold), no index letter, and the summand applies
functions to it.  The sum runs over the variable's values, numbered 1 to their number: the variable is read as a new
index letter wherever the summand writes it (noted ``sum-over-values``).  Refused before ("an index is one letter").
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from symdl.errors import Span
from symdl.read.extents import _term_end
from symdl.read.lexer import Token
from symdl.read.syntax import Node, plain_text, rewrite_nodes, strip_space, unwritten_letter

if TYPE_CHECKING:
    from symdl.read.expr import ExprReader

#: a variable that is no index letter: a letter with a subscript (x_j, h_{t-1}), or a bold letter (\mathbf{a})
_VARIABLE = re.compile(r"(?:[a-z]_(?:\{[^{}]+\}|[A-Za-z0-9])|\\(?:mathbf|boldsymbol|bm)\{[a-z]\})")

#: letters the new index may take, in order of preference
_FRESH = "vuwkm"


def values_sum(reader: ExprReader, op: Token, sub: list[Node], sup: list[Node] | None, nodes: list[Node],
               j: int) -> list[Node]:
    """The subscript of the sum at ``op`` rewritten as a new index, the summand ``nodes[j:...]`` rewritten in place
    (module docstring); ``sub`` itself for any other subscript."""
    name = "".join(plain_text(strip_space(sub)).split())
    if op.text not in ("\\sum", "\\prod") or sup is not None or not _VARIABLE.fullmatch(name) or j >= len(nodes):
        return sub
    end = _term_end(nodes, j)
    text = reader.source[nodes[j].span.start : nodes[end - 1].span.end]
    spaced = re.escape(name).replace(r"\{", r"\s*\{\s*").replace(r"\}", r"\s*\}").replace("_", r"\s*_\s*")
    if not re.search(r"\([^()]*(?<![A-Za-z\\])" + spaced + r"(?![A-Za-z_^])", text):
        return sub  # a function applied to the variable: its values are what is summed over
    fresh = unwritten_letter(reader.source, _FRESH)
    if fresh is None:
        return sub
    at = Span(sub[0].span.start, sub[-1].span.end) if sub else op.span

    def rule(ns: list[Node], k: int, out: list[Node]) -> int | None:
        for width in (1, 2, 3):
            piece = ns[k : k + width]
            after = ns[k + width] if k + width < len(ns) else None
            if len(piece) == width and "".join(plain_text(piece).split()) == name and not (
                    isinstance(after, Token) and after.is_op("_", "^", "'")):
                out.append(Token("letter", fresh, Span(piece[0].span.start, piece[-1].span.end)))
                return k + width
        return None

    nodes[j:end] = rewrite_nodes(nodes[j:end], rule)
    span = Span(op.span.start, at.end)
    reader.add_note("sum-over-values", span, {"var": reader.source[at.start : at.end].strip("{} "),
                                              "index": fresh})
    return [Token("letter", fresh, at)]
