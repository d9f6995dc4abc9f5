"""The activation recognisers built on the logistic sigmoid: the self-gated ``x · σ(k x)`` (SiLU/swish with its
slope β, GELU's sigmoid approximation ``x · σ(1.702 x)``) and the sigmoid's derivative ``σ(x)(1 − σ(x))``, as a
derivative, a product of sigmoids, in exponentials, or in the function's own value (the logistic equation).

Their records are in :mod:`symdl.chunk.concepts_act`.
"""

from __future__ import annotations

import sympy
from sympy import HadamardProduct, Max, Min, Piecewise, exp
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction

from symdl.chunk.act_forms import solves
from symdl.chunk.act_slopes import sigmoid_slope
from symdl.chunk.act_templates import _MAX_OPS, _candidates, _template_match
from symdl.chunk.algebra import cheap_cancel, equivalent, is_number, is_one
from symdl.chunk.concepts_act_more import written_as
from symdl.chunk.registry import Context, Match
from symdl.functions import sigmoid


def _product_with_sigmoid(expr: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic] | None:
    """``(x, k)`` if ``expr`` is ``x · σ(k x)`` (or ``x ⊙ σ(x)`` for a vector ``x``)."""
    if isinstance(expr, HadamardProduct) and len(expr.args) == 2:
        for x, s in (expr.args, expr.args[::-1]):
            if isinstance(s, ElementwiseApplyFunction) and s.expr == x:
                lam = s.function
                if lam.expr == sigmoid(lam.variables[0]):
                    return x, sympy.Integer(1)
        return None
    if not isinstance(expr, sympy.Mul) or len(expr.args) != 2:
        return None
    for x, s in (expr.args, expr.args[::-1]):
        if isinstance(s, sigmoid) and not is_number(x):
            k = cheap_cancel(s.args[0] / x)
            if not k.has(*x.free_symbols):
                return x, k
    return _over_logistic_denominator(expr)


def _over_logistic_denominator(expr: sympy.Mul) -> tuple[sympy.Basic, sympy.Basic] | None:
    """``(x, k)`` of ``x/(1 + e^{−k x})``, a symbolic slope ``k`` (Ramachandran et al.'s Swish-β), decided exactly."""
    for x, d in (expr.args, expr.args[::-1]):
        if not (isinstance(x, sympy.Symbol) and isinstance(d, sympy.Pow) and d.exp == -1):
            continue
        for e in d.base.atoms(exp):
            k = cheap_cancel(-e.args[0] / x)
            if k.free_symbols and not k.has(x) and equivalent(expr, x * sigmoid(k * x)):
                return x, k
    return None


_GELU_SIGMOID = sympy.Rational("1.702")  # Hendrycks & Gimpel's x·σ(1.702x)


def _gelu(expr: sympy.Basic, ctx: Context) -> Match | None:
    xs = _product_with_sigmoid(expr)
    if xs:
        if written_as(xs[1], _GELU_SIGMOID):
            return Match("gelu", roles=(("input", xs[0]),), note="the sigmoid approximation x·σ(1.702x)")
        return None
    return _template_match(expr, "gelu")


def _silu(expr: sympy.Basic, ctx: Context) -> Match | None:
    xs = _product_with_sigmoid(expr)
    if xs:
        x, k = xs
        if written_as(k, _GELU_SIGMOID):
            return None
        if is_one(k):
            return Match("silu", roles=(("input", x),))
        return Match("silu", roles=(("input", x),), params=(("beta", k),), note="swish with slope β")
    return _template_match(expr, "silu")


def _sigmoid_derivative(expr: sympy.Basic, ctx: Context) -> Match | None:
    if isinstance(expr, sympy.Derivative):  # d/dx σ(x)
        return sigmoid_slope(expr)
    f = solves(expr, ctx, _U * (1 - _U), _U) if isinstance(expr, sympy.Mul) else None
    if f is not None:  # dσ/da = σ(1 − σ): the slope stated in the function's own value (the logistic equation)
        note = (f"the slope of ${ctx.latex(f)}$ written in its own value, $f(1 - f)$: the equation the sigmoid "
                "solves; largest (1/4) where the output is 1/2")
        return Match("sigmoid_derivative", roles=(("sigmoid", f),), note=note)
    if not isinstance(expr, sympy.Mul):
        return None
    if not expr.has(sigmoid):
        return _sigmoid_slope_elementary(expr)
    for s in expr.atoms(sigmoid):
        if equivalent(expr, s * (1 - s)):
            return Match("sigmoid_derivative", roles=(("sigmoid", s), ("input", s.args[0])))
    return None


def _sigmoid_slope_elementary(expr: sympy.Basic) -> Match | None:
    """σ'(x) written with exponentials: ``e^{−x}/(1 + e^{−x})²`` (= ``e^x/(1 + e^x)²``), decided exactly."""
    if not expr.has(exp) or expr.has(Max, Min, Piecewise) or sympy.count_ops(expr) > _MAX_OPS:
        return None
    for x in _candidates(expr):
        if equivalent(expr, sigmoid(x) * (1 - sigmoid(x))):
            return Match("sigmoid_derivative", roles=(("input", x),), note="written with exponentials: σ(x)(1 − σ(x))")
    return None


_U = sympy.Dummy("u")  # the function's own value in a slope equation f' = g(f)
