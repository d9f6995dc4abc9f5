"""The squared-error family's recognisers: mean squared error, mean absolute error and squared error.

A mean of squares ``(1/n) Σ_i (y_i − ŷ_i)²`` (or of absolute values) is an error of predictions only when its
subtracted side is no mean (a variance, a mean absolute deviation) and the square is no distance inside a kernel
or a density's exponent; those tests sit beside the recognisers.  Their records are in
:mod:`symdl.chunk.concepts_loss`.
"""

from __future__ import annotations

import sympy
from sympy import Abs
from sympy.matrices.expressions.hadamard import HadamardPower
from sympy.matrices.expressions.matexpr import MatrixElement

from symdl.chunk.algebra import cheap_cancel, count, difference, is_number, is_one, terms
from symdl.chunk.lossalg import expected_squared_error
from symdl.chunk.lossdocs import unreduced_match
from symdl.chunk.lossforms import mean_call_pointwise, residual, squared_norm_of_difference, target_minus_model
from symdl.chunk.reductions import _over, mean_scale, strip_reductions
from symdl.chunk.registry import Context, Match
from symdl.read.commands import GREEK


def _mean_of(expr: sympy.Basic, pointwise: type | None, ctx: Context | None = None
             ) -> tuple[sympy.Basic, list, str] | None:
    named = mean_call_pointwise(expr, ctx) if ctx is not None else None
    if named is not None:
        return (named[0], [], named[1]) if pointwise is None or isinstance(named[0], pointwise) else None
    k, limits, body = strip_reductions(expr)
    c, rest = body.as_coeff_Mul()
    if limits and c.is_positive and c != 1 and pointwise is not None and isinstance(rest, pointwise):
        k, body = k * c, rest  # d2l's (1/n) Σ_i ½(ŵᵀx + b − y)²: the ½ inside the sum is a scale
    how = mean_scale(k, limits)
    if how is None:
        if limits and is_one(cheap_cancel(k * 2 * sympy.Mul(*[count(lim) for lim in limits]))):
            how = "halved"
        else:
            return None
    if pointwise is not None and not isinstance(body, pointwise):
        return None
    return body, limits, how


def _count(k: sympy.Basic, ctx: Context) -> str | None:
    """How ``k`` averages a squared distance: ``1/m`` or ``1/(2m)`` with ``m`` a Latin name (a count of examples;
    ``1/σ²`` is a precision, not a count), else None."""
    num, den = sympy.fraction(sympy.factor_terms(k))
    if num != 1 or den.is_number:
        return None
    c, m = den.as_coeff_Mul()
    if not (isinstance(m, sympy.Symbol) and m.is_positive is not False and not ctx.is_greek(m)) or c not in (1, 2):
        return None
    return "halved" if c == 2 else f"divided by {ctx.latex(m)} (assumed the number of examples)"


def _vector_mse(expr: sympy.Basic, ctx: Context) -> Match | None:
    """Goodfellow's ``(1/m)‖X w − y‖²₂``: a squared distance of two vectors divided by a count of examples."""
    if not isinstance(expr, sympy.Mul):
        return None
    traces = [f for f in expr.args if isinstance(f, sympy.Trace) and type(f.arg).__name__ == "MatMul"]
    if len(traces) != 1 or len(traces[0].arg.args) != 2:
        return None
    first, second = traces[0].arg.args
    if not (isinstance(first, sympy.Transpose) and first.arg == second):
        return None
    got = residual(second)
    how = _count(sympy.Mul(*[f for f in expr.args if f is not traces[0]]), ctx)
    if got is None or how is None:
        return None
    note = "half the mean (a common convention)" if how == "halved" else f"the squared distance {how}"
    return Match("mse", roles=(("squared error", traces[0]), ("target", got[0]), ("prediction", got[1])), note=note)


def _entry_of(base: sympy.Basic) -> sympy.Basic:
    """The vector difference whose entry ``base`` is (Goodfellow's ``(ŷ − y)_i``), else ``base`` itself."""
    return base.parent if isinstance(base, MatrixElement) else base


def _mse(expr: sympy.Basic, ctx: Context) -> Match | None:
    rhs = ctx.statement.rhs if ctx.statement is not None else None
    if any(base != expr for base in _sum_powers_around(expr, rhs)):
        return None  # the IMQ kernel's (\alpha + \|x - y\|^2 / h)^\beta: a scaled distance inside a kernel, no mean
    vector = _vector_mse(expr, ctx) or unreduced_match("mse", expr, ctx) or expected_squared_error(expr, ctx)
    if vector is not None:
        return vector
    got = _mean_of(expr, sympy.Pow, ctx) or _mean_of(expr, HadamardPower, ctx)  # mean((y − ŷ)^{∘2}) of vectors
    if not got or got[0].exp != 2 or residual(_entry_of(got[0].base)) is None:
        return None
    a, b = residual(_entry_of(got[0].base))
    entry = isinstance(got[0].base, MatrixElement)  # (x − μ)_i²: a bold deviation read entry by entry
    if ((got[2] == "direct" or entry) and _centred(b, ctx)) or (
        got[2] not in ("named", "direct") and _spread(expr, ctx)
    ):
        return None
    note = (
        "half the mean (a common convention)" if got[2] == "halved" else f"averaged over {_over(got[1], ctx)}"
    )
    if got[2] == "named":
        note = "mean(L) of the per-element losses defined below it (PyTorch's reduction='mean')"
    elif got[2] == "direct":
        note = "mean(square(y_true − y_pred)): the mean over the elements, written as Keras' docs do"
    return Match(
        "mse", roles=(("squared error", got[0]), ("target", a), ("prediction", b)), note=note, also=("mean",)
    )


def _spread(expr: sympy.Basic, ctx: Context) -> bool:
    """Is the mean of squares ``expr`` a variance, ``1/n Σ (x_i − μ)²``: squared deviations from a mean (μ, x̄,
    a mean computed above) that no index of the sum moves, a spread and not an error of predictions?"""
    from symdl.chunk.concepts_stats import variance_of

    return variance_of(expr, ctx) is not None


def _centred(c: sympy.Basic, ctx: Context) -> bool:
    """Is the subtracted ``c`` of ``mean((x − c)²)`` a mean (``mean(x)``, ``μ``, ``x̄``): a spread, not an error?"""
    from symdl.chunk.concepts_stats import is_centre

    if isinstance(c, sympy.MatrixSymbol):  # a bold μ, x̄
        name = str(c.name).split("_")[0]
        return name in GREEK or name.endswith("bar")
    return is_centre(c, ctx) or any(mean_call_pointwise(f, ctx) for f in sympy.preorder_traversal(c))


def _mae(expr: sympy.Basic, ctx: Context) -> Match | None:
    if (unreduced := unreduced_match("mae", expr, ctx)) is not None:
        return unreduced
    got = _mean_of(expr, Abs, ctx)
    if not got or difference(got[0].args[0]) is None:
        return None
    a, b = difference(got[0].args[0])
    if got[2] == "direct" and _centred(b, ctx):  # mean(|x − mean(x)|): the mean absolute deviation, a spread
        return None
    return Match("mae", roles=(("absolute error", got[0]), ("target", a), ("prediction", b)), also=("mean",))


def _fitted(base: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic] | None:
    """``(prediction, target)`` of a residual of three terms or more with one subtracted that is no number: GloVe's
    ``wᵢᵀw̃ⱼ + bᵢ + b̃ⱼ − log Xᵢⱼ`` (the model's score against the log count), d2l's ``wᵀx + b − y``."""
    got = residual(base) if len(terms(base)) >= 3 else None
    return got if got is not None and not got[1].is_number else None


def _squared_error(expr: sympy.Basic, ctx: Context) -> Match | None:
    scale: sympy.Basic = sympy.Integer(1)
    if isinstance(expr, sympy.Mul) and len(expr.args) == 2 and is_number(expr.args[0]):
        scale, expr = expr.args
    elif type(expr).__name__ == "MatMul" and any(not isinstance(f, sympy.MatrixExpr) for f in expr.args):
        numbers = [f for f in expr.args if not isinstance(f, sympy.MatrixExpr)]  # \frac{1}{2m}(X\theta - y)^T(...)
        scale, expr = sympy.Mul(*numbers), sympy.MatMul(*[f for f in expr.args if f not in numbers])
    if (pair := squared_norm_of_difference(expr)) is not None:
        if _kernel_distance(expr, pair, ctx):
            return None  # the RBF, IMQ and RQ kernels' \|x - y\|^2 between their two arguments: a distance, no loss
        return Match("squared_error", roles=(("first", pair[0]), ("second", pair[1])), params=(("scale", scale),),
                     note="the squared length of the difference: a sum of squared errors")
    fit = None  # a square (a − b)², a target minus a model, or their sum Σ_i (y_i − β_0 − Σ_j x_ij β_j)²
    if isinstance(expr, sympy.Sum) and isinstance(expr.function, sympy.Pow) and expr.function.exp == 2:
        fit = _fitted(expr.function.base) or target_minus_model(expr.function.base)
    elif isinstance(expr, sympy.Pow) and expr.exp == 2:
        fit = difference(expr.base) or _fitted(expr.base) or target_minus_model(expr.base)
    if fit is not None and _centred(fit[1], ctx):  # Pearson's \sum_i (x_i - \bar{x})^2: a spread, not an error
        return None
    if fit is not None and all(isinstance(v, sympy.Indexed) for v in fit) and fit[0].base == fit[1].base:
        return None  # total variation's (x_{i,j+1} - x_{ij})^2: neighbouring entries of one array, no error
    if fit is not None and _kernel_distance(expr, fit, ctx):
        return None  # a kernel's (x - x')^2 between its two arguments
    if fit is not None and _in_an_exponent(expr, ctx):  # a kernel weight's \exp(-(x^{(i)} - x)^2 / 2\tau^2):
        return None  # a distance in a kernel or a density's exponent, no loss
    if fit is not None:
        a, b = fit
        note = "" if is_one(scale) else f"scaled by {ctx.latex(scale)}"
        return Match("squared_error", roles=(("first", a), ("second", b)), params=(("scale", scale),), note=note)
    return None


def _kernel_distance(expr: sympy.Basic, pair: tuple[sympy.Basic, sympy.Basic], ctx: Context) -> bool:
    """Is ``expr`` the squared distance between the two arguments of the function the statement defines (a kernel
    ``k(x, y) = \\exp(-\\|x - y\\|^2 / 2\\ell^2)``), or inside a power of a sum (the IMQ kernel's
    ``(\\alpha + \\|x - y\\|^2 / h)^\\beta``)?  A distance in a similarity, no loss."""
    st = ctx.statement
    lhs = st.lhs if st is not None else None
    rhs = st.rhs if st is not None else None
    if (isinstance(lhs, sympy.core.function.AppliedUndef) and len(lhs.args) == 2 and rhs is not None
            and rhs != expr and {str(a) for a in lhs.args} == {str(p) for p in pair}):
        return True  # (the distance inside the value: L(y, \hat y) = \|y - \hat y\|^2 itself stays a loss)
    return bool(_sum_powers_around(expr, rhs))


def _sum_powers_around(expr: sympy.Basic, rhs: sympy.Basic | None) -> list[sympy.Basic]:
    """The sums holding ``expr`` that ``rhs`` raises to a non-integer power (the IMQ kernel's
    ``(\\alpha + \\|x - y\\|^2 / h)^\\beta``)."""
    if rhs is None:
        return []
    return [p.base for p in rhs.atoms(sympy.Pow)
            if not p.exp.is_Integer and isinstance(p.base, sympy.Add) and p.base.has(expr)]


def _in_an_exponent(expr: sympy.Basic, ctx: Context) -> bool:
    """Is ``expr`` inside the argument of an ``\\exp`` of the statement's right side (a Gaussian kernel's weight,
    a density's exponent)?"""
    rhs = getattr(ctx.statement, "rhs", None) if ctx.statement is not None else None
    return isinstance(rhs, sympy.Basic) and any(e.args[0].has(expr) for e in rhs.atoms(sympy.exp))
