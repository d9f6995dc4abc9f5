"""Linear-algebra concepts: products, norms, layers, normalisation, permutations.

Vectors and matrices follow the contract (``MatrixSymbol``, ``MatMul``,
``Transpose``); the same concepts written with indexed sums (``Σ_j a_j b_j``)
are recognised too.
"""

from __future__ import annotations

import re

import sympy
from sympy import HadamardPower, MatAdd, MatMul, Sum, Transpose
from sympy.core.function import AppliedUndef
from sympy.matrices.expressions.matexpr import MatrixExpr

from symdl.chunk.algebra import (
    difference,
    factors,
    numer_denom,
    sqrt_arg,
)
from symdl.chunk.linalg_parts import is_vector, linear_layer, pair_sum
from symdl.chunk.linalg_products import (
    _bilinear_form,
    _dot_product,
    _weighted_average,
    _weighted_sum,
)
from symdl.chunk.lossalg import regulariser_squares
from symdl.chunk.registry import Concept, Context, Match, undefined_name


def _norm_arg(expr: sympy.Basic) -> sympy.Basic | None:
    """``x`` if ``expr`` is ``||x||_2`` written as a root of a sum of squares (or ``sqrt(x^T x)``)."""
    if undefined_name(expr) in ("norm", "lnorm") and len(expr.args) == 1:
        # a numbered norm is a module, a transformer block's self.norm1(x) (its LayerNorm), not the vector norm
        return None if type(expr).__name__[-1:].isdigit() else expr.args[0]
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


def _module_call(expr: sympy.Basic, ctx: Context) -> bool:
    """Is ``expr`` a call of a module the code holds as an attribute (the Annotated Transformer's ``self.norm(x)``,
    its LayerNorm): a layer of the network, whatever its name says, not the function of that name?"""
    name = undefined_name(expr)
    source = ctx.formula.source if ctx.formula is not None else ""
    return bool(name) and re.search(rf"\bself\.{re.escape(name)}\s*\(", source) is not None


def _l2_norm(expr: sympy.Basic, ctx: Context) -> Match | None:
    x = _norm_arg(expr)
    if x is not None and _module_call(expr, ctx):
        return None  # self.norm(x): the module's LayerNorm, no L2 norm
    if x is not None:
        return Match("l2_norm", roles=(("vector", x),))
    inner = expr.arg if isinstance(expr, sympy.Trace) else expr
    if type(inner).__name__ == "MatMul" and len(inner.args) == 2 and inner.args[0] == Transpose(inner.args[1]):
        x = inner.args[1]
        if is_vector(x) or isinstance(expr, sympy.Trace):  # ‖x‖² = xᵀx; ‖W‖_F² = tr(WᵀW)
            what = "squared L2 norm" if is_vector(x) else "squared Frobenius norm"
            return Match("l2_norm", roles=(("vector", x),), name=what)
    if isinstance(expr, Sum) and isinstance(expr.function, sympy.Pow) and expr.function.exp == 2:
        if regulariser_squares(expr, ctx) is not None:
            return None  # R(W) = Σ_k Σ_l W_kl²: a penalty on the weights (l2_penalty), not a norm
        window = any(b.has(sympy.Max, sympy.Min) for lim in expr.limits for b in lim[1:])  # LRN's c' near c
        if difference(expr.function.base) is None and expr.function.base.has(*expr.variables) and not window \
                and not _over_steps(expr, ctx) and not any(lim[-1] == sympy.oo for lim in expr.limits):
            # (Robbins & Monro's \sum_{t=1}^{\infty} \eta_t^2 < \infty: a series over the steps, no vector's length)
            return Match("l2_norm", roles=(("vector", expr.function.base),), name="squared L2 norm",
                         note="the sum of the squared entries: the square of the length ||x||², not the length")
    return None


def _over_steps(expr: Sum, ctx: Context) -> bool:
    """Adagrad's ``G_t = Σ_{τ=1}^t g_τ²`` (Duchi et al. 2011, Ruder's overview): squares summed up to the step the
    statement's target is written at are a total over time, not the entries of one vector."""
    from symdl.chunk.concepts_schedule import step_variable

    t = step_variable(ctx, expr)
    return t is not None and len(expr.limits) == 1 and expr.limits[0][2] == t


def _floored_norms(den: sympy.Basic, eps: sympy.Basic | None) -> tuple[sympy.Basic, sympy.Basic | None]:
    """PyTorch's ``max(‖x₁‖, ε)·max(‖x₂‖, ε)``: each norm floored at ε on its own; ``(product of the norms, ε)``."""
    fs, floor = [], eps
    for f in factors(den):
        if isinstance(f, sympy.Max) and len(f.args) == 2:
            norm = [a for a in f.args if _norm_arg(a) is not None]
            other = [a for a in f.args if a not in norm]
            if len(norm) == 1 and len(other) == 1 and not other[0].free_symbols & norm[0].free_symbols:
                fs.append(norm[0])
                floor = other[0]
                continue
        fs.append(f)
    return (sympy.Mul(*fs), floor) if floor is not eps else (den, eps)


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
    den, eps = _floored_norms(den, eps)
    roots = [f for f in factors(den) if _norm_arg(f) is not None]
    scale = [f for f in factors(den) if _norm_arg(f) is None]  # SimCLR's z_i^T z_j / (τ ‖z_i‖ ‖z_j‖): a temperature
    if len(roots) == 2 and len(scale) <= 1 and all(f.is_Symbol for f in scale):
        floor = f"; the product of norms is floored at ${ctx.latex(eps)}$ to avoid dividing by 0" if eps else ""
        note = f"the cosine of the angle between the two vectors{floor}" if eps is not None else ""
        if scale:
            note = f"the cosine of the angle between the vectors, divided by ${ctx.latex(scale[0])}$ (a temperature)"
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
    if isinstance(expr, sympy.MatrixBase) and 1 in expr.shape and len(expr) >= 2 and all(
        isinstance(e, MatrixExpr) for e in expr
    ):  # [\overrightarrow{H}_t, \overleftarrow{H}_t]: brackets around vectors or matrices, not around numbers
        return Match("concatenation", roles=tuple((f"part {i + 1}", b) for i, b in enumerate(expr)),
                     note="the blocks stacked into one")
    if isinstance(expr, sympy.MatrixBase) and 1 in expr.shape and len(expr) >= 2 and _read_as_stacked(expr, ctx):
        return Match("concatenation", roles=tuple((f"part {i + 1}", b) for i, b in enumerate(expr)),
                     note="the vectors stacked into one (as the reader noted)")
    if undefined_name(expr) in ("concat", "cat", "concatenate") and len(expr.args) >= 2 and not (
            type(expr).__name__.startswith("Cat")):  # D3PM's \mathrm{Cat}(x; p): the categorical distribution
        return Match("concatenation", roles=tuple((f"part {i + 1}", b) for i, b in enumerate(expr.args)))
    return None


#: the reader's notes that a bracket of names is vectors stacked (Bahdanau's ``[h^⊤; h^⊤]^⊤``, Olah's ``[h, x]``)
_STACKED_NOTES = ("transposed-concat", "bracket-concat")


def _read_as_stacked(expr: sympy.MatrixBase, ctx: Context) -> bool:
    """Did the reader read this bracket of names as vectors stacked (a note of the formula says so), even though
    it typed each member as an entry (``\\overrightarrow{h}_j``)?"""
    f = ctx.formula
    if f is None or not all(isinstance(e, (sympy.Symbol, sympy.Indexed)) for e in expr):
        return False
    return any(n.rule in _STACKED_NOTES for n in f.notes)


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
        heads=(sympy.Mul, Sum, sympy.Add, MatAdd),
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
        heads=(sympy.BlockMatrix, AppliedUndef, sympy.MatrixBase),
    ),
)
