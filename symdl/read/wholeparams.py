r"""A function's parameter written as one bold member of a family whose entries its body sums: the whole vector.

NeuralForecast's metrics ``\mathrm{MAE}(\mathbf{y}_{\tau}, \mathbf{\hat{y}}_{\tau}) = \frac{1}{H} \sum_{\tau=t+1}^{t+H}
|y_{\tau} - \hat{y}_{\tau}|`` name their arguments by the bold vector with the index its entries are summed over:
the parameter is the vector of all those entries, ``\mathbf{y}``, whose entry τ is the plain ``y_\tau`` of the body
(noted ``parameter-whole-vector``).  As one vector of a family of vectors it was refused.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from symdl.errors import Span
from symdl.read.constructs import split_top
from symdl.read.lexer import Token
from symdl.read.syntax import Node, is_group, plain_text, statement_start, strip_space

if TYPE_CHECKING:
    from symdl.read.expr import ExprReader

_BOLD = ("\\mathbf", "\\boldsymbol", "\\bm")


def whole_parameters(reader: ExprReader, inner: list[Node], span: Span) -> list[Node]:
    """``inner`` (a call's arguments at ``span``) with each bold member parameter of a definition's left side, whose
    plain entries the right side sums over its index, written as the whole bold vector (module docstring)."""
    source = reader.source
    begin = statement_start(source, span.start)
    after = re.match(r"\s*(?::=|=)", source[span.end :])
    if source[begin : span.start].strip() or after is None:
        return inner
    line_end = min((k for k in (source.find("\\\\", span.end), source.find("\n", span.end)) if k >= 0),
                   default=len(source))
    body = source[span.end + after.end() : line_end]
    out: list[Node] = []
    for n, part in enumerate(split_top(inner, ",")):
        if n:
            out.append(Token("op", ",", part[0].span if part else span))
        out += _whole(reader, part, body)
    return out


def _whole(reader: ExprReader, part: list[Node], body: str) -> list[Node]:
    """One parameter: ``\\mathbf{y}_{\\tau}`` as ``\\mathbf{y}`` when the body sums ``y_\\tau`` over τ; else as is."""
    nodes = strip_space(part)
    if not (len(nodes) == 4 and isinstance(nodes[0], Token) and nodes[0].is_cmd(*_BOLD) and is_group(nodes[1], "brace")
            and isinstance(nodes[2], Token) and nodes[2].is_op("_")):
        return part
    name = plain_text(nodes[1].children).replace(" ", "")  # type: ignore[union-attr]
    index = plain_text([nodes[3]]).strip("{} ")
    if not re.fullmatch(r"\\?[A-Za-z]+", index):
        return part
    summed = re.search(r"\\sum\s*(?:\^\s*(?:\{[^{}]*\}|\S)\s*)?_\s*\{?\s*" + re.escape(index) + r"(?![A-Za-z])", body)
    plain = re.escape(name).replace(r"\{", r"\{?\s*").replace(r"\}", r"\s*\}?")
    written = re.search(plain + r"\s*_\s*\{?\s*" + re.escape(index) + r"(?![A-Za-z])", body.replace(" ", ""))
    if summed is None or written is None:
        return part
    at = Span(nodes[0].span.start, nodes[3].span.end)
    reader.add_note("parameter-whole-vector", at, {"text": reader.source[at.start : at.end], "index": index,
                                                   "vector": reader.source[nodes[0].span.start : nodes[1].span.end]})
    return nodes[:2]
