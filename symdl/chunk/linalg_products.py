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
from symdl.chunk.linalg_parts import family_base, is_vector, pair_sum
from symdl.chunk.registry import Context, Match


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
            and is_vector(args[0].arg)
            and is_vector(args[1])
            and args[0].arg != args[1]  # xᵀx is the squared norm of x (l2_norm)
            and not _scores_a_hidden_layer(args[1])
        ):
            note = "" if scale == 1 else f"scaled by ${ctx.latex(scale)}$"
            roles = (("first", args[0].arg), ("second", args[1])) + ((("scale", scale),) if scale != 1 else ())
            return Match("dot_product", roles=roles, note=note, params=(("scale", scale),) if scale != 1 else ())
        return None
    got = pair_sum(expr)
    if not got:
        return None
    coef, a, b, j = got
    st = ctx.statement
    if (
        st is not None
        and st.target is not None
        and isinstance(st.lhs, MatrixExpr)
        and st.lhs.shape != (1, 1)
        and (expr == st.rhs)
    ):
        return None  # the name defined is a vector: a weighted sum of vectors, not a dot product (an equation's
        # left side, Vaswani et al.'s q · k = Σ_i q_i k_i, is no name defined)
    simple = all(isinstance(f, sympy.Indexed) and f.indices == (j,) for f in (a, b))
    if not simple or any(family_base(f) in ctx.normalized for f in (a, b)):
        return None
    note = "" if coef == 1 else f"scaled by {ctx.latex(coef)}"
    return Match("dot_product", roles=(("first", a), ("second", b)), also=("weighted_sum",), note=note)


def _weights_first(a: sympy.Basic, b: sympy.Basic, ctx: Context, j: sympy.Symbol) -> tuple:
    """Order a pair as (weights, values): known-normalised family first, then the one with more indices."""

    def score(f: sympy.Basic) -> tuple[int, int]:
        idx = len(f.indices) if isinstance(f, sympy.Indexed) else 0
        return (family_base(f) in ctx.normalized, idx)

    return (a, b) if score(a) >= score(b) else (b, a)


def _weighted_average(expr: sympy.Basic, ctx: Context) -> Match | None:
    num, den = numer_denom(expr)
    got = pair_sum(num)
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
    got = pair_sum(num)
    if got:
        _, a, b, j = got
        w, x = _weights_first(a, b, ctx, j)
        if family_base(w) in ctx.normalized:
            return Match(
                "weighted_average",
                roles=(("weights", w), ("values", x)),
                also=("weighted_sum",),
                note=f"the weights {ctx.latex(family_base(w))} sum to 1 (they come from a softmax)",
            )
    return None


def _weighted_sum(expr: sympy.Basic, ctx: Context) -> Match | None:
    got = pair_sum(expr)
    if not got:
        return None
    _, a, b, j = got
    w, x = _weights_first(a, b, ctx, j)
    return Match("weighted_sum", roles=(("weights", w), ("values", x)))


def _bilinear_form(expr: sympy.Basic, ctx: Context) -> Match | None:
    if type(expr).__name__ == "MatMul":
        args = [a for a in expr.args if not is_number(a)]
        if len(args) == 3 and isinstance(args[0], Transpose) and is_vector(args[0].arg) and is_vector(args[2]):
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
