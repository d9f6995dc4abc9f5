"""The linear-algebra concepts that are products: dot products (``u^T v``, ``\\sum_j a_j b_j``), weighted sums and
averages (``\\sum_i w_i x_i``, ``\\sum_i w_i x_i / \\sum_i w_i``) and bilinear forms (``x^T A y``), written with
vectors or with indexed sums.  Their concepts are registered by :mod:`symdl.chunk.concepts_linalg`.
"""

from __future__ import annotations

import sympy
from sympy import Sum, Transpose
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction
from sympy.matrices.expressions.matexpr import MatrixExpr

from symdl.chunk.algebra import (
    factors,
    index_rename,
    is_number,
    numer_denom,
    terms,
)
from symdl.chunk.registry import Context, Match


def _is_vector(e: sympy.Basic) -> bool:
    return isinstance(e, MatrixExpr) and e.shape[1] == 1


def _is_matrix(e: sympy.Basic) -> bool:
    return isinstance(e, MatrixExpr) and not isinstance(e, Transpose) and e.shape[1] != 1


def _base(e: sympy.Basic) -> sympy.Basic:
    return e.base if isinstance(e, sympy.Indexed) else e


def _pair_sum(expr: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic, sympy.Basic, sympy.Symbol] | None:
    """``(coefficient, a, b, j)`` if ``expr`` is ``c · Σ_j a_j b_j`` with exactly two varying factors."""
    coef: sympy.Basic = sympy.Integer(1)
    if isinstance(expr, sympy.Mul):
        sums = [f for f in expr.args if isinstance(f, Sum)]
        if len(sums) != 1:
            return None
        coef = sympy.Mul(*[f for f in expr.args if f is not sums[0]])
        expr = sums[0]
    if not isinstance(expr, Sum) or len(expr.limits) != 1:
        return None
    j = expr.limits[0][0]
    fs = factors(expr.function)
    varying = [f for f in fs if f.has(j)]
    if len(varying) != 2 or not all(isinstance(f, (sympy.Indexed, MatrixExpr)) for f in varying):
        return None
    coef = coef * sympy.Mul(*[f for f in fs if not f.has(j)])
    return coef, varying[0], varying[1], j


def _scores_a_hidden_layer(v: sympy.Basic) -> bool:
    """``tanh.(W q + U k)``: the ``vᵀ`` in front of it is additive attention's output layer, not a similarity."""
    return (
        isinstance(v, ElementwiseApplyFunction)
        and isinstance(v.expr, MatrixExpr)
        and any(type(t).__name__ == "MatMul" for t in terms(v.expr))
    )


def _dot_product(expr: sympy.Basic, ctx: Context) -> Match | None:
    if type(expr).__name__ == "MatMul":
        args = [a for a in expr.args if isinstance(a, MatrixExpr)]  # a scalar factor (1/√d) scales the product
        scale = sympy.Mul(*[a for a in expr.args if not isinstance(a, MatrixExpr)])
        if (
            len(args) == 2
            and isinstance(args[0], Transpose)
            and _is_vector(args[0].arg)
            and _is_vector(args[1])
            and args[0].arg != args[1]  # xᵀx is the squared norm of x (l2_norm)
            and not _scores_a_hidden_layer(args[1])
        ):
            note = "" if scale == 1 else f"scaled by ${ctx.latex(scale)}$"
            roles = (("first", args[0].arg), ("second", args[1])) + ((("scale", scale),) if scale != 1 else ())
            return Match("dot_product", roles=roles, note=note, params=(("scale", scale),) if scale != 1 else ())
        return None
    got = _pair_sum(expr)
    if not got:
        return None
    coef, a, b, j = got
    st = ctx.statement
    if st is not None and isinstance(st.lhs, MatrixExpr) and expr == st.rhs:
        return None  # the result is a vector: a weighted sum of vectors, not a dot product
    simple = all(isinstance(f, sympy.Indexed) and f.indices == (j,) for f in (a, b))
    if not simple or any(_base(f) in ctx.normalized for f in (a, b)):
        return None
    note = "" if coef == 1 else f"scaled by {ctx.latex(coef)}"
    return Match("dot_product", roles=(("first", a), ("second", b)), also=("weighted_sum",), note=note)


def _weights_first(a: sympy.Basic, b: sympy.Basic, ctx: Context, j: sympy.Symbol) -> tuple:
    """Order a pair as (weights, values): known-normalised family first, then the one with more indices."""

    def score(f: sympy.Basic) -> tuple[int, int]:
        idx = len(f.indices) if isinstance(f, sympy.Indexed) else 0
        return (_base(f) in ctx.normalized, idx)

    return (a, b) if score(a) >= score(b) else (b, a)


def _weighted_average(expr: sympy.Basic, ctx: Context) -> Match | None:
    num, den = numer_denom(expr)
    got = _pair_sum(num)
    if got and isinstance(den, Sum) and len(den.limits) == 1:
        _, a, b, j = got
        for w, x in ((a, b), (b, a)):
            if index_rename(w.xreplace({j: den.limits[0][0]}), den.function, den.limits[0][0]) or den.function == w:
                return Match(
                    "weighted_average",
                    roles=(("weights", w), ("values", x)),
                    note="divided by the total weight",
                )
    if den != 1:
        return None
    got = _pair_sum(num)
    if got:
        _, a, b, j = got
        w, x = _weights_first(a, b, ctx, j)
        if _base(w) in ctx.normalized:
            return Match(
                "weighted_average",
                roles=(("weights", w), ("values", x)),
                also=("weighted_sum",),
                note=f"the weights {ctx.latex(_base(w))} sum to 1 (they come from a softmax)",
            )
    return None


def _weighted_sum(expr: sympy.Basic, ctx: Context) -> Match | None:
    got = _pair_sum(expr)
    if not got:
        return None
    _, a, b, j = got
    w, x = _weights_first(a, b, ctx, j)
    return Match("weighted_sum", roles=(("weights", w), ("values", x)))


def _bilinear_form(expr: sympy.Basic, ctx: Context) -> Match | None:
    if type(expr).__name__ == "MatMul":
        args = [a for a in expr.args if not is_number(a)]
        if len(args) == 3 and isinstance(args[0], Transpose) and _is_vector(args[0].arg) and _is_vector(args[2]):
            a, w, b = args[0].arg, args[1], args[2]
            return Match(
                "bilinear_form",
                roles=(("left", a), ("matrix", w), ("right", b)),
                note=f"fade out {ctx.latex(w)} and a dot product {ctx.latex(a)}·{ctx.latex(b)} appears: "
                "a learned similarity",
            )
        return None
    if isinstance(expr, Sum) and len(expr.limits) == 2:
        (i, *_), (j, *_) = expr.limits
        fs = factors(expr.function)
        mid = [f for f in fs if isinstance(f, sympy.Indexed) and set(f.indices) == {i, j}]
        ends = [f for f in fs if isinstance(f, sympy.Indexed) and len(f.indices) == 1]
        if len(mid) == 1 and len(ends) == 2 and len(fs) == 3:
            return Match("bilinear_form", roles=(("left", ends[0]), ("matrix", mid[0]), ("right", ends[1])))
    return None
