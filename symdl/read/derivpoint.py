r"""A derivative followed by a parenthesis: where it is taken, or refused.

Weidman's *Deep Learning from Scratch* writes the chain rule with the point after the derivative,
``\frac{df_2}{du}(f_1(x)) \times \frac{df_1}{du}(x)``, and the derivative's definition as
``\frac{df}{du}(a) = \lim_{\Delta \to 0} \dots``: the derivative of a function named bare (f, f_2, \Lambda) by one
variable, at the point in the parenthesis: one name, or one name's call (``f_1(x)``).  That reads as the
derivative with its variable set to the point, SymPy's ``Subs(Derivative(f(u), u), u, a)`` (as
``\left.\frac{df}{du}\right|_{u=a}`` reads), noted ``derivative-at-point``.  One step letter in the parenthesis
(Hinton's RMSprop slide ``\frac{\partial E}{\partial w}(t)``: the gradient at step t) is no point, nor is a capital
(a matrix: Weidman's ``\frac{\partial \Lambda}{\partial X}(X)``): refused with both spellings, as is a derivative
of more than a bare name (``\frac{\partial E}{\partial w}`` of an expression); a parenthesis holding anything else
(``(y - t)``) is a factor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy

from symdl.errors import NotSupported, Span
from symdl.read.callorproduct import bare_atom
from symdl.read.lexer import Token
from symdl.read.syntax import Node, Parsed, Placeholder, is_group, placeholder_text, plain_text, strip_space

if TYPE_CHECKING:
    from symdl.read.expr import ExprReader

#: letters that count steps when alone in the parenthesis (besides the formula's own step letters)
_STEP_LETTERS = frozenset({"t", "n", "k", "\\tau"})


def _one_name(nodes: list[Node], source: str) -> bool:
    """Is ``nodes`` one name with its scripts and no power (``f``, ``f_2``, ``\\Lambda``)?"""
    return bare_atom(strip_space(nodes), source) is not None


def point_after(reader: ExprReader, nodes: list[Node], k: int, span: Span, of: list[Node], wrt: list[Node],
                ph: Placeholder) -> tuple[Placeholder, int] | None:
    """The derivative ``ph`` (of ``of`` by ``wrt``) at the point in the parenthesis ``nodes[k]``: the evaluated
    placeholder and the index after the parenthesis; None when no parenthesis follows.  Refuses a step letter and a
    derivative of more than a bare name by one name (see the module)."""
    if k >= len(nodes) or not is_group(nodes[k], "paren"):
        return None
    inner = strip_space(nodes[k].children)  # type: ignore[union-attr]
    if not inner:
        return None
    alone = _one_name(inner, reader.source)
    step = alone and len(inner) == 1 and isinstance(inner[0], Token) and (
        inner[0].text in _STEP_LETTERS or inner[0].text in reader.step_letters)
    capital = any(isinstance(n, Token) and n.kind == "letter" and n.text.isupper() for n in (
        strip_space(wrt)[:1] + (inner[:1] if alone else [])))  # Weidman's \frac{\partial \Lambda}{\partial X}(X):
    # a matrix's derivative at a matrix, which symdl does not read at a point: refused as a step is
    bare = _one_name(of, reader.source) and _one_name(wrt, reader.source)
    called = len(inner) >= 2 and is_group(inner[-1], "paren") and _one_name(inner[:-1], reader.source)
    if not (alone or called):
        return None  # \frac{\partial L}{\partial w}(y - t): a factor, as before
    if step and bare and "".join(plain_text(inner).split()) == "".join(plain_text(strip_space(wrt)).split()):
        full = Span(span.start, nodes[k].span.end)  # torchdiffeq's \frac{dy}{dt}(t) = f(t, y(t)): at every t
        reader.add_note("derivative-of-its-variable", full, {"text": reader.source[full.start : full.end],
                                                             "var": plain_text(inner).strip()})
        return ph, k + 1
    if step or capital or not bare:
        if not alone:
            return None
        written = reader.source[inner[0].span.start : inner[-1].span.end]
        raise reader.error(
            NotSupported, f"a derivative followed by ({written}): where it is taken (a point, a time step), or a "
            "factor?", Span(span.start, nodes[k].span.end),
            "for the value at a point, write \\left.\\frac{\\partial E}{\\partial w}\\right|_{w=a}; for a time "
            "step, put it in the names (\\frac{\\partial E_t}{\\partial w_t}); for a product, write \\cdot (t)")
    full = Span(span.start, nodes[k].span.end)
    point = Span(inner[0].span.start, inner[-1].span.end)
    name = placeholder_text(ph.id)
    derivative = Parsed(sympy.Symbol(name), span, name)
    at = reader.new("evaluated", full, inner=derivative, var=reader.read(strip_space(wrt), span),
                    value=reader.read(inner, point))
    reader.add_note("derivative-at-point", full, {"text": reader.source[full.start : full.end],
                                                  "point": reader.source[point.start : point.end],
                                                  "var": reader.source[wrt[0].span.start : wrt[-1].span.end]})
    return at, k + 1
