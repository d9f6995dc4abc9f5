r"""The evaluation bar: ``\left. E \right|_{x = a}``, E with x set to a.

Calculus texts and Stack Exchange answers write a derivative at a point so, ``\left. \frac{d}{dx} f(x)
\right|_{x = 0}``: the empty ``\left.`` opens what the bar closes, and the bar's subscript ``x = a`` names the
variable and its value.  TeX gives the bar no other meaning here (an absolute value needs a bar on both sides), so
this is read, not guessed: a placeholder ``evaluated`` (:mod:`symdl.bind.evaluated`) whose value is
``Subs(E, x, a)``.  A bar with no ``name = value`` subscript, or with limits on both sides (``\right|_a^b``, an
antiderivative between bounds), is refused by name.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from symdl.errors import NotSupported, Span
from symdl.read.atoms import _arg
from symdl.read.constructs import _skip_space, split_top
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node, strip_space

if TYPE_CHECKING:
    from symdl.read.emit import Emitter
    from symdl.read.expr import ExprReader

#: the closing delimiters of an evaluation bar
BARS = frozenset({"|", "\\vert", "\\rvert"})


def is_evaluation_bar(group: Group) -> bool:
    """Is this ``\\left. ... \\right|`` (the empty delimiter opening, a bar closing)?"""
    return (
        group.kind == "delim"
        and group.open is not None
        and group.open.text == "."
        and group.close is not None
        and group.close.text in BARS
    )


def evaluation_bar(reader: ExprReader, nodes: list[Node], i: int, em: Emitter) -> int:
    """Read the evaluation bar at ``nodes[i]`` (module docstring); return the index after its subscript."""
    group = nodes[i]
    assert isinstance(group, Group) and group.close is not None
    bar = group.close.span
    k = _skip_space(nodes, i + 1)
    if not (k < len(nodes) and isinstance(nodes[k], Token) and nodes[k].is_op("_")):
        raise reader.error(
            NotSupported,
            "an evaluation bar \\right| without a point (x = a) below it",
            bar,
            "write the point as the bar's subscript: \\left. f(x) \\right|_{x = 0}",
        )
    arg, after, sub_span = _arg(nodes, k + 1, reader.source, "subscript")
    nxt = _skip_space(nodes, after)
    if nxt < len(nodes) and isinstance(nodes[nxt], Token) and nodes[nxt].is_op("^"):
        raise reader.error(
            NotSupported,
            "an evaluation bar between two bounds (F(b) - F(a))",
            Span(bar.start, nodes[nxt].span.end),
            "write the difference: F(b) - F(a)",
        )
    sides = split_top(strip_space(arg), "=")
    if len(sides) == 1 and (var := _implied_variable(reader, group, strip_space(arg))) is not None:
        sides = [[var], strip_space(arg)]  # Laplace Redux's \nabla^2_\theta \log h(\theta) |_{\theta_{MAP}}
        reader.add_note("bar-point-variable", Span(group.span.start, sub_span.end), {
            "var": var.text, "point": reader.source[sub_span.start : sub_span.end].strip("{} ")})
    if len(sides) != 2 or not all(strip_space(s) for s in sides):
        raise reader.error(
            NotSupported,
            "an evaluation bar whose subscript is not one point (x = a)",
            sub_span,
            "write one variable and its value below the bar: \\right|_{x = 0}",
        )
    var_nodes, value_nodes = (strip_space(s) for s in sides)
    span = Span(group.span.start, sub_span.end)
    ph = reader.new(
        "evaluated",
        span,
        inner=reader.read(group.children, group.span),
        var=reader.read(var_nodes, _covering(var_nodes)),
        value=reader.read(value_nodes, _covering(value_nodes)),
    )
    em.placeholder(ph.id, span)
    return after


def _implied_variable(reader: ExprReader, group: Group, point: list[Node]) -> Token | None:
    """The variable a point written alone below the bar is a value of: the point's first letter (θ of
    ``\\theta_{\\text{MAP}}``, w of ``w^*``), where the expression differentiates by that very letter; else None."""
    first = point[0] if point else None
    if not (isinstance(first, Token) and (first.kind == "letter" or first.kind == "cmd") and len(point) > 1):
        return None
    text = reader.source[group.span.start : group.span.end]
    letter = re.escape(first.text)
    by = rf"(?:\\nabla(?:\^\s*\{{?\d\}}?)?\s*_\s*\{{?\s*{letter}(?![A-Za-z])|\\partial\s*{letter}(?![A-Za-z]))"
    return first if re.search(by, text) else None


def _covering(nodes: list[Node]) -> Span:
    return Span(nodes[0].span.start, nodes[-1].span.end)
