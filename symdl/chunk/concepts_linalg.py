"""Linear-algebra concepts: products, norms, layers, normalisation, permutations.

Vectors and matrices follow the contract (``MatrixSymbol``, ``MatMul``,
``Transpose``); the same concepts written with indexed sums (``Σ_j a_j b_j``)
are recognised too.
"""

from __future__ import annotations

import sympy
from sympy import HadamardPower, MatAdd, MatMul, Sum, Transpose
from sympy.core.function import AppliedUndef
from sympy.matrices.expressions.matexpr import MatrixExpr

from symdl.chunk.algebra import (
    broadcast_bias,
    difference,
    factors,
    is_number,
    numer_denom,
    row_bias,
    sqrt_arg,
    terms,
    unbroadcast,
)
from symdl.chunk.layer_parts import earlier_symbols, scalar_affine
from symdl.chunk.linalg_products import (
    _bilinear_form,
    _dot_product,
    _is_matrix,
    _is_vector,
    _pair_sum,
    _weighted_average,
    _weighted_sum,
)
from symdl.chunk.registry import Concept, Context, Match, undefined_name
from symdl.functions import RowSoftmax


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
        if _is_vector(x) or isinstance(expr, sympy.Trace):  # ‖x‖² = xᵀx; ‖W‖_F² = tr(WᵀW)
            what = "squared L2 norm" if _is_vector(x) else "squared Frobenius norm"
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
        if top != 1:
            return None
        num = sympy.MatMul(*(a for a in expr.args if isinstance(a, MatrixExpr)))
    if den == 1 or not (_dot_product(num, ctx) or _pair_sum(num)):
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
        return Match(
            "cosine_similarity", roles=(("dot product", num), ("norm 1", roots[0]), ("norm 2", roots[1])),
            note=f"the cosine of the angle between the two vectors{floor}" if eps is not None else "",
        )
    return None


def _linear_layer(expr: sympy.Basic, ctx: Context) -> Match | None:
    parts = terms(expr)
    prods = [t for t in parts if type(t).__name__ == "MatMul" and not broadcast_bias(t)]
    if len(prods) == 1 and len(parts) <= 2 and isinstance(expr, MatrixExpr):
        args = [a for a in prods[0].args if not is_number(a)]
        weights_computed = isinstance(args[0], RowSoftmax) if args else False  # attention weights, not parameters
        weights_computed = weights_computed or (bool(args) and _constant(args[0]))  # 1ᵀx sums entries
        got = _weights_and_input(args) if len(args) == 2 and not weights_computed else None
        if got is not None and any(row_bias(t) for t in parts) and _is_matrix(args[1]):
            got = args[1], args[0], "the inputs are rows, times the weights on the right (X W + b, as d2l writes)"
        if got is not None and (len(parts) == 2 or _is_vector(got[1])):
            # without a bias only a matrix times a vector is a linear map: P F(X), P X are just products
            bias = [unbroadcast(t) for t in parts if t is not prods[0]]
            roles = (("weights", got[0]), ("input", got[1])) + ((("bias", bias[0]),) if bias else ())
            return Match("linear_layer", roles=roles, name="" if bias else "linear map (no bias)", note=got[2])
    unit = scalar_affine(expr, ctx)
    if unit is not None:
        w, x, b = unit
        return Match("linear_layer", roles=(("weights", w), ("input", x), ("bias", b)), name="affine map of one unit",
                     note=f"one unit's weighted input plus bias, written with scalars: ${ctx.latex(expr)}$")
    if isinstance(expr, sympy.Add) and len(parts) == 2:
        for s, b in (parts, parts[::-1]):
            got = _pair_sum(s)
            if got and not b.has(got[3]) and b not in earlier_symbols(ctx):  # w_i^{(t-1)} - η Σ_j ...: an update
                w = [f for f in got[1:3] if isinstance(f, sympy.Indexed) and len(f.indices) == 2]
                x = [f for f in got[1:3] if isinstance(f, sympy.Indexed) and len(f.indices) == 1]
                if w and x:
                    return Match("linear_layer", roles=(("weights", w[0]), ("input", x[0]), ("bias", b)))
    return None


def _weights_and_input(args: list[sympy.Basic]) -> tuple[sympy.Basic, sympy.Basic, str] | None:
    """``(weights, input, note)`` of a product of a weight matrix and an input: ``W x``, ``W^T x`` (weights stored
    transposed, as Ng and Bishop write), or ``x A^T`` (a row of inputs times the transposed weights: PyTorch's
    ``nn.Linear``); a transposed VECTOR on the left is a dot product, not a layer."""
    left, right = args
    if (isinstance(left, Transpose) and left.arg == right) or (isinstance(right, Transpose) and right.arg == left):
        return None  # X^T X, X X^T: a Gram matrix
    if isinstance(right, Transpose):
        if isinstance(left, MatrixExpr) and left.shape[0] != 1 and not _is_vector(left) and _is_matrix(right.arg):
            return None
        if _is_matrix(right.arg) and isinstance(left, MatrixExpr) and not isinstance(left, Transpose):
            return right, left, "the inputs are rows, multiplied by the transposed weights (x A^T, as nn.Linear)"
        return None
    if _is_matrix(left):
        return left, right, ""
    if isinstance(left, Transpose) and _is_matrix(left.arg):
        return left, right, "the weights are stored transposed (W^T x)"
    return None


def _constant(m: sympy.Basic) -> bool:
    """A matrix of ones or zeros (``\\mathbf{1}^\\top``), not a weight matrix."""
    return isinstance(m.arg if isinstance(m, Transpose) else m, (sympy.OneMatrix, sympy.ZeroMatrix))


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
        _linear_layer,
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
