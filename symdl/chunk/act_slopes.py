"""The slope of an activation in two more written forms: as a derivative (``\\frac{d}{dx}\\tanh x``) and in
exponentials (``4/(e^x + e^{-x})^2``, ``\\operatorname{sech}^2 x`` written out)."""

from __future__ import annotations

import sympy
from sympy import exp, tanh

from symdl.activations import BY_KEY
from symdl.chunk.algebra import equivalent
from symdl.chunk.registry import Match
from symdl.untrusted import refuse_text

#: the activation record whose slope each concept is (its class and derivative come from the record)
_OF = {"tanh_derivative": BY_KEY["tanh"], "sigmoid_derivative": BY_KEY["sigmoid"]}
_MAX_OPS = 30


def tanh_slope(expr: sympy.Basic) -> Match | None:
    """``tanh_derivative`` written ``d/dx tanh x`` or in exponentials (``4/(e^x + e^{-x})^2``), else None."""
    refuse_text(expr, "the expression")
    return _slope(expr, "tanh_derivative")


def sigmoid_slope(expr: sympy.Basic) -> Match | None:
    """``sigmoid_derivative`` written ``d/dx σ(x)``, else None."""
    refuse_text(expr, "the expression")
    return _slope(expr, "sigmoid_derivative")


def _slope(expr: sympy.Basic, concept: str) -> Match | None:
    """``concept`` (``tanh_derivative``, ``sigmoid_derivative``) when ``expr`` is that activation's derivative
    written ``d/dx f(x)`` (``∂/∂x f(x)``), or tanh's slope written in exponentials; else None."""
    cls, slope = _OF[concept].cls, _OF[concept].derivative
    if isinstance(expr, sympy.Derivative):
        inner = expr.expr
        if (
            isinstance(inner, cls)
            and len(expr.variable_count) == 1
            and expr.variable_count[0][1] == 1
            and inner.args[0] == expr.variables[0]
        ):
            return Match(
                concept, roles=(("input", inner.args[0]),), note="written as the derivative of " + cls.__name__
            )
        return None
    if concept != "tanh_derivative" or not expr.has(exp) or expr.has(tanh) or sympy.count_ops(expr) > _MAX_OPS:
        return None
    leaves = expr.free_symbols
    for e in expr.atoms(exp):
        for x in (e.args[0], -e.args[0], e.args[0] / 2, -e.args[0] / 2):
            if x.free_symbols == leaves and len(leaves) == 1 and equivalent(expr, slope(x)):
                return Match(concept, roles=(("input", x),), note="written with exponentials: 1 − tanh²(x)")
    return None
