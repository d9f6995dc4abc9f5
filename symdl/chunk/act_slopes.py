"""The slope of an activation in two more written forms: as a derivative (``\\frac{d}{dx}\\tanh x``) and in
exponentials (``4/(e^x + e^{-x})^2``, ``\\operatorname{sech}^2 x`` written out)."""

from __future__ import annotations

import re

import sympy
from sympy import exp, tanh

from symdl.activations import BY_KEY
from symdl.chunk.algebra import equivalent
from symdl.chunk.registry import Context, Match
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


def tanh_output_slope(expr: sympy.Basic) -> sympy.Basic | None:
    """``h`` when ``expr`` is ``1 − h ⊙ h`` on a vector (``1 − h²`` entry by entry): tanh's slope written in its
    output ``h = tanh(a)``, as backprop code writes it (Karpathy's ``(1 - h * h) * dh``); else None."""
    if isinstance(expr, sympy.Add) and len(expr.args) == 2 and 1 in expr.args:  # 1 - h**2 of a number, code's h*h
        sq = -(expr - 1)
        if isinstance(sq, sympy.Pow) and sq.exp == 2 and isinstance(sq.base, (sympy.Symbol, sympy.Indexed)):
            return sq.base
        return None
    if type(expr).__name__ != "MatAdd" or len(expr.args) != 2:
        return None
    ones = [a for a in expr.args if isinstance(a, sympy.OneMatrix)]
    rest = [a for a in expr.args if not isinstance(a, sympy.OneMatrix)]
    if len(ones) != 1 or len(rest) != 1 or type(rest[0]).__name__ != "MatMul" or rest[0].args[0] != -1:
        return None
    sq = sympy.MatMul(*rest[0].args[1:]).doit() if len(rest[0].args) > 2 else rest[0].args[1]
    if type(sq).__name__ == "HadamardPower" and sq.exp == 2 and isinstance(sq.base, sympy.MatrixSymbol):
        return sq.base
    if type(sq).__name__ == "HadamardProduct" and len(sq.args) == 2 and sq.args[0] == sq.args[1]:
        return sq.args[0] if isinstance(sq.args[0], sympy.MatrixSymbol) else None
    return None


def tanh_output(expr: sympy.Basic, h: sympy.Basic, ctx: Context) -> Match | None:
    """``1 − h ⊙ h`` multiplying an error entry by entry, in a statement that computes an error (``δ``, ``dZ``):
    backprop through a tanh unit whose output is ``h`` (Karpathy's min-char-rnn ``dhraw = (1 - h*h) * dh``)."""
    st = ctx.statement
    if st is None or st.target is None or not ctx.is_error_signal(st.target):
        return None
    rhs = st.rhs
    code = ctx.formula is not None and re.search(r"\*|\w\[", ctx.formula.source) is not None
    if type(rhs).__name__ not in ("HadamardProduct", "Mul") or expr not in rhs.args or h == st.target or (
            type(rhs).__name__ == "Mul" and not code):  # of numbers, only in code (1.0 - h**2) * dh
        return None
    return Match(
        "tanh_derivative",
        roles=(("tanh", h),),
        note=f"the slope of tanh written in its output ${ctx.latex(h)}$: $1 - h^2$ entry by entry, the "
        "factor an error picks up going back through a tanh unit",
    )
