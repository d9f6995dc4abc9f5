"""A derivative written in Leibniz's notation with a slash, as code comments and backprop notes write it
(cs231n's ``dz = dL/dz``, ``dx/dt``): rule ``leibniz-slash``.

The class: a run of two letters ``d`` and one letter, a slash, and another such run, with no subscript or power
after it.  Each side is then the differential of one name, and the quotient of differentials is the derivative, as
``\\frac{dL}{dz}`` is (before: the quotient of two names ``dL`` and ``dz``).  Anything else (``dx/2``, ``x/dt``,
``dW_1/dt``, ``d L / d z`` spaced) keeps its old reading.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from symdl.errors import Span
from symdl.read.lexer import Token
from symdl.read.syntax import Node

if TYPE_CHECKING:
    from symdl.read.emit import Emitter
    from symdl.read.expr import ExprReader


def _differential(nodes: list[Node], i: int) -> bool:
    """Is ``nodes[i:i+2]`` the letter d and one more letter, ending the run of letters (nothing attached after)?"""
    run = nodes[i : i + 3]
    if len(run) < 2 or not all(isinstance(n, Token) and n.kind == "letter" for n in run[:2]):
        return False
    if run[0].text != "d" or run[0].span.end != run[1].span.start:  # type: ignore[union-attr]
        return False
    nxt = run[2] if len(run) == 3 else None
    return not (isinstance(nxt, Token) and (nxt.kind in ("letter", "number") or nxt.is_op("_") or nxt.is_op("^")
                                            or nxt.text == "'"))


def _operator(nodes: list[Node], i: int) -> tuple[list[Node], int] | None:
    """``d/dx`` (a lone d, a slash, a differential: the operator, applied to what follows) or ``dtanh(x)/dx`` (d
    touching a known function spelt in letters and its parenthesis: the derivative of that call) at ``nodes[i:]``:
    the numerator's nodes and the slash's index, else None."""
    from symdl.functions import KNOWN_FUNCTIONS
    from symdl.read.syntax import is_group, letter_run

    d = nodes[i]
    if not (isinstance(d, Token) and d.kind == "letter" and d.text == "d") or (
            i > 0 and isinstance(nodes[i - 1], Token) and nodes[i - 1].kind in ("letter", "number")
            and nodes[i - 1].span.end == d.span.start):
        return None
    touching = i + 1 < len(nodes) and nodes[i + 1].span.start == d.span.end
    j, word = letter_run(nodes, i + 1) if touching else (i + 1, "")
    if word and not (word in KNOWN_FUNCTIONS and j < len(nodes) and is_group(nodes[j], "paren")):
        return None
    slash = j + 1 if word else i + 1
    if not (slash < len(nodes) and isinstance(nodes[slash], Token) and nodes[slash].is_op("/")
            and _differential(nodes, slash + 1) and nodes[slash].span.start == nodes[slash - 1].span.end):
        return None
    return [d, *nodes[i + 1 : slash]] if word else [d], slash


def slash_derivative(reader: ExprReader, nodes: list[Node], i: int, em: Emitter) -> int | None:
    """``dL/dz`` at ``nodes[i:]`` read as the derivative of L by z (noted ``leibniz-slash``): the index after it, or
    None when ``nodes[i:]`` is not two differentials of one letter each around a slash."""
    from symdl.read import calculus

    operator = _operator(nodes, i)
    if operator is not None:  # d/dx σ(x), dtanh(x)/dx: a plain-text paste's \frac{d}{dx}
        num, slash = operator
        span = Span(nodes[i].span.start, nodes[slash + 2].span.end)
        reader.add_note("leibniz-slash-operator", span, {"text": reader.source[span.start : span.end]})
        return calculus.derivative(reader, num, nodes[slash + 1 : slash + 3], span, nodes, slash + 3, em)
    if not (_differential(nodes, i) and i + 2 < len(nodes) and isinstance(nodes[i + 2], Token)
            and nodes[i + 2].is_op("/") and _differential(nodes, i + 3)):  # type: ignore[union-attr]
        return None
    span = Span(nodes[i].span.start, nodes[i + 4].span.end)
    reader.add_note("leibniz-slash", span, {"of": nodes[i + 1].text, "wrt": nodes[i + 4].text})  # type: ignore[union-attr]
    return calculus.derivative(reader, nodes[i : i + 2], nodes[i + 3 : i + 5], span, nodes, i + 5, em)
