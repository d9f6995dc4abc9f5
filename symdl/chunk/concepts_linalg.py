"""Linear-algebra concepts: products, norms, layers, normalisation, permutations.

Vectors and matrices follow the contract (``MatrixSymbol``, ``MatMul``,
``Transpose``); the same concepts written with indexed sums (``Σ_j a_j b_j``)
are recognised too.
"""

from __future__ import annotations

import sympy
from sympy import HadamardPower, MatAdd, MatMul, Sum, Transpose
from sympy.core.function import AppliedUndef
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction
from sympy.matrices.expressions.matexpr import MatrixExpr

from symdl.chunk.algebra import (
    difference,
    factors,
    index_rename,
    is_number,
    numer_denom,
    sqrt_arg,
    terms,
)
from symdl.chunk.linalg_parts import family_base, is_vector, linear_layer, pair_sum
from symdl.chunk.registry import Concept, Context, Match, undefined_name

_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


def _scores_a_hidden_layer(v: sympy.Basic) -> bool:
    """``tanh.(W q + U k)``: the ``vᵀ`` in front of it is additive attention's output layer, not a similarity."""
    return isinstance(v, ElementwiseApplyFunction) and isinstance(v.expr, MatrixExpr) and any(
        type(t).__name__ == "MatMul" for t in terms(v.expr))


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
    if st is not None and isinstance(st.lhs, MatrixExpr) and st.lhs.shape != (1, 1) and expr == st.rhs:
        return None  # the result is a vector: a weighted sum of vectors, not a dot product
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
            if (
                index_rename(w.xreplace({j: den.limits[0][0]}), den.function, den.limits[0][0])
                or den.function == w
            ):
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
        if (
            len(args) == 3
            and isinstance(args[0], Transpose)
            and is_vector(args[0].arg)
            and is_vector(args[2])
        ):
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


def _norm_arg(expr: sympy.Basic) -> sympy.Basic | None:
    """``x`` if ``expr`` is ``||x||_2`` written as a root of a sum of squares (or ``sqrt(x^T x)``)."""
    if undefined_name(expr) in ("norm", "lnorm") and len(expr.args) == 1:
        return expr.args[0]
    inner = sqrt_arg(expr)
    if inner is None:
        return None
    if isinstance(inner, sympy.Trace):  # √(xᵀx) as a number: the trace of the 1×1 product
        inner = inner.arg
    if isinstance(inner, Sum) and isinstance(inner.function, sympy.Pow) and inner.function.exp == 2:
        return inner.function.base
    if (
        type(inner).__name__ == "MatMul"
        and len(inner.args) == 2
        and inner.args[0] == Transpose(inner.args[1])
    ):
        return inner.args[1]
    return None


def _l2_norm(expr: sympy.Basic, ctx: Context) -> Match | None:
    x = _norm_arg(expr)
    if x is not None:
        return Match("l2_norm", roles=(("vector", x),))
    inner = expr.arg if isinstance(expr, sympy.Trace) else expr
    if type(inner).__name__ == "MatMul" and len(inner.args) == 2 and inner.args[0] == Transpose(inner.args[1]):
        x = inner.args[1]
        if is_vector(x) or isinstance(expr, sympy.Trace):  # ‖x‖² = xᵀx; ‖W‖_F² = tr(WᵀW)
            what = "squared L2 norm" if is_vector(x) else "squared Frobenius norm"
            return Match("l2_norm", roles=(("vector", x),), name=what)
    if isinstance(expr, Sum) and isinstance(expr.function, sympy.Pow) and expr.function.exp == 2:
        if difference(expr.function.base) is None and expr.function.base.has(*expr.variables):
            return Match("l2_norm", roles=(("vector", expr.function.base),), name="squared L2 norm")
    return None


def _cosine_similarity(expr: sympy.Basic, ctx: Context) -> Match | None:
    num, den = numer_denom(expr)
    if type(expr).__name__ == "MatMul" and expr.shape == (1, 1):  # uᵀv/(‖u‖‖v‖): a number times the 1×1 product
        coeff = [a for a in expr.args if not isinstance(a, MatrixExpr)]
        top, den = numer_denom(sympy.Mul(*coeff))
        if top not in (1, -1):  # −pᵀz/(‖p‖‖z‖): SimSiam's negative cosine similarity, a distance to minimise
            return None
        num = sympy.MatMul(*(a for a in expr.args if isinstance(a, MatrixExpr)))
    if den == 1 or not (_dot_product(num, ctx) or pair_sum(num)):
        return None
    eps = None
    if isinstance(den, sympy.Max) and len(den.args) == 2:  # PyTorch's max(‖x₁‖‖x₂‖, ε): the norms' product, floored
        prods = [a for a in den.args if len(factors(a)) == 2]
        if len(prods) == 1:
            eps = next(a for a in den.args if a is not prods[0])
            den = prods[0] if not eps.free_symbols & prods[0].free_symbols else den
    roots = [f for f in factors(den) if _norm_arg(f) is not None]
    if len(roots) == 2 and len(factors(den)) == 2:
        floor = f"; the product of norms is floored at ${ctx.latex(eps)}$ to avoid dividing by 0" if eps else ""
        note = f"the cosine of the angle between the two vectors{floor}" if eps is not None else ""
        if type(expr).__name__ == "MatMul" and expr.could_extract_minus_sign():
            note = "negated: −cos, a distance to minimise (SimSiam's D(p, z))"
        return Match(
            "cosine_similarity", roles=(("dot product", num), ("norm 1", roots[0]), ("norm 2", roots[1])), note=note
        )
    return None


def _concatenation(expr: sympy.Basic, ctx: Context) -> Match | None:
    if isinstance(expr, sympy.BlockMatrix):
        rows, cols = expr.blockshape
        if cols == 1 or rows == 1:
            blocks = list(expr.blocks)
            how = "stacked vertically" if cols == 1 else "side by side"
            return Match(
                "concatenation", roles=tuple((f"part {i + 1}", b) for i, b in enumerate(blocks)), note=how
            )
    if undefined_name(expr) in ("concat", "cat", "concatenate") and len(expr.args) >= 2:
        return Match("concatenation", roles=tuple((f"part {i + 1}", b) for i, b in enumerate(expr.args)))
    return None


_LA = "linear algebra"
CONCEPTS: tuple[Concept, ...] = (
    Concept(
        "cosine_similarity",
        "cosine similarity",
        "how aligned two vectors are, from −1 to 1",
        "a·b / (||a|| ||b||): the dot product of the unit vectors; ignores length, keeps direction.",
        ("dot product", "norm 1", "norm 2"),
        ("dot_product", "l2_norm"),
        _LA,
        _cosine_similarity,
        heads=(sympy.Mul, MatMul),
    ),
    Concept(
        "weighted_average",
        "weighted average",
        "averages values with weights that sum to 1",
        "Σ_s α_s h_s with Σ_s α_s = 1 (or Σ w x / Σ w): a blend of the values, each counted by its weight.",
        ("weights", "values"),
        ("weighted_sum", "softmax", "mean"),
        "statistics",
        _weighted_average,
        heads=(sympy.Mul, Sum),
    ),
    Concept(
        "bilinear_form",
        "bilinear form",
        "a learned similarity between two vectors",
        "aᵀ W b: with W = I it is the dot product a·b; W lets the model choose which directions matter.",
        ("left", "matrix", "right"),
        ("dot_product", "cosine_similarity"),
        _LA,
        _bilinear_form,
        heads=(MatMul, Sum),
    ),
    Concept(
        "dot_product",
        "dot product",
        "multiplies matching entries and adds them up: a similarity",
        "a·b = Σ_j a_j b_j = aᵀb: large when the vectors point the same way.",
        ("first", "second"),
        ("bilinear_form", "cosine_similarity", "weighted_sum"),
        _LA,
        _dot_product,
        heads=(MatMul, Sum, sympy.Mul),
    ),
    Concept(
        "weighted_sum",
        "weighted sum",
        "adds values, each multiplied by its weight",
        "Σ_j w_j x_j: a linear combination; a weighted average when the weights sum to 1.",
        ("weights", "values"),
        ("weighted_average", "dot_product", "linear_layer"),
        _LA,
        _weighted_sum,
        heads=(Sum, sympy.Mul),
    ),
    Concept(
        "l2_norm",
        "L2 norm",
        "the length of a vector",
        "||x|| = √(Σ_j x_j²) = √(xᵀx); its square is the sum of squares.",
        ("vector",),
        ("l2_penalty", "cosine_similarity", "normalization"),
        _LA,
        _l2_norm,
        heads=(sympy.Pow, HadamardPower, Sum, AppliedUndef, sympy.Trace, MatMul),
    ),
    Concept(
        "linear_layer",
        "linear layer",
        "multiplies the input by a weight matrix and adds a bias",
        "W x + b: each output is a weighted sum of the inputs plus a bias; the linear part of a dense "
        "layer, usually followed by an activation.",
        ("weights", "input", "bias"),
        ("weighted_sum", "relu", "sigmoid"),
        _LA,
        linear_layer,
        heads=(MatAdd, MatMul, sympy.Add),
    ),
    Concept(
        "concatenation",
        "concatenation",
        "stacks vectors into one longer vector",
        "[a; b]: the entries of a followed by those of b; a layer on it sees both at once.",
        ("part 1", "part 2"),
        ("linear_layer",),
        _LA,
        _concatenation,
        heads=(sympy.BlockMatrix, AppliedUndef),
    ),
)
