"""The linear-algebra concepts that are products: dot products (``u^T v``, ``\\sum_j a_j b_j``), weighted sums and
averages (``\\sum_i w_i x_i``, ``\\sum_i w_i x_i / \\sum_i w_i``) and bilinear forms (``x^T A y``), written with
vectors or with indexed sums.  Their concepts are registered by :mod:`symdl.chunk.concepts_linalg`.
"""

from __future__ import annotations

import re

import sympy
from sympy import MatAdd, Sum, Transpose
from sympy.core.function import AppliedUndef
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction
from sympy.matrices.expressions.matexpr import MatrixExpr

from symdl.chunk.algebra import (
    cheap_cancel,
    difference,
    factors,
    index_rename,
    is_number,
    is_one,
    numer_denom,
    terms,
)
from symdl.chunk.linalg_parts import family_base, is_vector, pair_sum
from symdl.chunk.optim_steps import earlier_value
from symdl.chunk.registry import Context, Match


def _scores_a_hidden_layer(v: sympy.Basic) -> bool:
    """``tanh.(W q + U k)``: the ``vᵀ`` in front of it is additive attention's output layer, not a similarity."""
    return (
        isinstance(v, ElementwiseApplyFunction)
        and isinstance(v.expr, MatrixExpr)
        and any(type(t).__name__ == "MatMul" for t in terms(v.expr))
    )


def _spread(expr: sympy.Basic, ctx: Context) -> bool:
    """Is the scalar ``kᵀv`` spread by a ones matrix over a matrix it is added to (linear attention's ``S_t = γ S_{t−1}
    + k_tᵀ v_t``, whose keys and values are rows: an outer product as the source means it)?  Then it is no dot product
    a reader would name."""
    st = ctx.statement
    return st is not None and any(
        type(n).__name__ == "MatMul" and expr in n.args and any(type(a).__name__ == "OneMatrix" for a in n.args)
        for n in sympy.preorder_traversal(st.rhs)
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
            and not _spread(expr, ctx)
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
    if not (simple or _rows_of_bold_vectors(a, b, j, ctx)) or any(family_base(f) in ctx.normalized for f in (a, b)):
        return None
    note = "" if coef == 1 else f"scaled by {ctx.latex(coef)}"
    also = ("weighted_sum",) if simple and weights_told_apart(a, b, ctx) else ()  # rows of two vectors: no weights
    return Match("dot_product", roles=(("first", a), ("second", b)), also=also, note=note)


#: a vector by the bold lower-case convention (``\\mathbf{z}``, ``\\boldsymbol{h}``, ``\\bm{s}_t``): Latin, one letter
_BOLD_VECTOR = re.compile(r"\\(?:mathbf|boldsymbol|bm)\s*\{\s*[a-z]\s*\}")


def _rows_of_bold_vectors(a: sympy.Basic, b: sympy.Basic, j: sympy.Symbol, ctx: Context) -> bool:
    """``Σ_k z_{i,k} z_{j,k}``: the reader's ``\\mathbf{z}_i^\\top \\mathbf{z}_j`` (GAE's decoder, Luong's
    ``\\boldsymbol{s}_t^\\top \\boldsymbol{h}_i``): entries of two bold lower-case names (vectors, or families of
    vectors) summed over their LAST index, so two vectors are multiplied entry by entry: a dot product.  A capital
    (``W_{ik} x_k``, a matrix's row) or a Greek weight (``α_{ij} h_j``) is not."""
    if ctx.formula is None:
        return False
    spelled = {str(getattr(v, "label", v)): k for k, v in ctx.formula.symbols.items()}  # by name: a vector's
    for f in (a, b):  # entries are read on an IndexedBase of the vector's name
        if not isinstance(f, sympy.Indexed) or f.indices[-1] != j or any(i.has(j) for i in f.indices[:-1]):
            return False
        if not _BOLD_VECTOR.match(spelled.get(str(f.base.label), "").strip()):
            return False
    return True


def _indices(f: sympy.Basic) -> int:
    return len(f.indices) if isinstance(f, sympy.Indexed) else 0


def _spelled_as_weights(f: sympy.Basic, ctx: Context) -> bool:
    """A family written as weights by DL convention: a Greek letter (``α_{ij}``, ``λ_i``, ``π_k``), the letter ``w``
    of weights (``w_i``, ``W_{jk}``) or a word saying so (``\text{weight}_c``)."""
    base = family_base(f)
    sym = base.label if isinstance(base, sympy.IndexedBase) else base
    if not isinstance(sym, (sympy.Symbol, MatrixExpr)):
        return False
    return ctx.is_greek(sym) or ctx.head(sym) == "w" or "weight" in ctx.word(sym)


def _spells_out_dot_product(a: sympy.Basic, b: sympy.Basic, ctx: Context) -> bool:
    """Does the statement equate the sum with the dot product of the two vectors (``v·w = Σ_i v_i w_i``,
    ``⟨a, b⟩ = Σ_i a_i b_i``, ``xᵀy = Σ_i x_i y_i``)?  Then the sum is that dot product written out."""
    st = ctx.statement
    if st is None or st.lhs is None:
        return False
    names = {str(getattr(family_base(f), "label", family_base(f))) for f in (a, b)}
    for node in sympy.preorder_traversal(st.lhs):
        if type(node).__name__ == "MatMul" and len(node.args) == 2 and isinstance(node.args[0], Transpose):
            if {str(getattr(node.args[0].arg, "name", "")), str(getattr(node.args[1], "name", ""))} == names:
                return True
    return False


def weights_told_apart(a: sympy.Basic, b: sympy.Basic, ctx: Context) -> bool:
    """Is ``Σ_j a_j b_j`` a weighted sum, one family the weights of the other's values?  Only when the weights are
    told apart: known to sum to one (a softmax's output), indexed more than the values (``Σ_k w_{kj} δ_k``, a row
    of a matrix) or spelled as weights (:func:`_spelled_as_weights`), and the statement does not say the sum IS
    the dot product of the two vectors; or the sum is assigned to a vector (its terms are then vectors, weighted).
    ``Σ_i a_i b_i``, ``Σ_i x_i y_i`` of two symmetric vectors are a dot product only."""
    if _spells_out_dot_product(a, b, ctx):
        return False
    st = ctx.statement
    if st is not None and isinstance(st.lhs, sympy.MatrixSymbol) and st.lhs.shape != (1, 1):
        return True  # \mathbf{h} = Σ_i a_i x_i: a vector, so the x_i are vectors and the a_i their weights
    if any(family_base(f) in ctx.normalized for f in (a, b)) or _indices(a) != _indices(b):
        return True
    return any(_spelled_as_weights(f, ctx) for f in (a, b))


def _weights_first(a: sympy.Basic, b: sympy.Basic, ctx: Context, j: sympy.Symbol) -> tuple:
    """Order a pair as (weights, values): known-normalised family first, then the one with more indices, then the
    one spelled as weights."""

    def score(f: sympy.Basic) -> tuple[bool, int, bool]:
        return (family_base(f) in ctx.normalized, _indices(f), _spelled_as_weights(f, ctx))

    return (a, b) if score(a) >= score(b) else (b, a)


def _convex_pair(expr: sympy.Basic, ctx: Context) -> Match | None:
    """``λ a + (1 − λ) b`` of two different quantities as a statement's whole right side (mixup's ``x̃ = λ x_i + (1 −
    λ) x_j``, a linear interpolation): a weighted average of two values.  Never an update of the target from its
    earlier value (that is an EMA), a gate of the step (``z_t``, a vector: a GRU), or weights that do not sum to 1
    (``√ᾱ x_0 + √(1 − ᾱ) ε``, ``(1 + w) ε_c − w ε``)."""
    st = ctx.statement
    if st is None or expr != st.rhs or (st.previous is not None and expr.has(st.previous)):
        return None
    if earlier_value(st.target, expr, ctx) is not None:
        return None
    grouped: dict[sympy.Basic, sympy.Basic] = {}
    for t in terms(expr):
        c, q = ctx.split_coefficient(t)
        grouped[q] = grouped.get(q, sympy.Integer(0)) + c
    if len(grouped) != 2:
        return None
    (a, ca), (b, cb) = grouped.items()
    if any(is_number(q) or isinstance(c, MatrixExpr) or not c.free_symbols for q, c in grouped.items()):
        return None
    if cheap_cancel(ca + cb - 1) != 0 or not any(_one_minus(c) for c in (ca, cb)):
        return None
    w, x, v = (cb, b, a) if _one_minus(ca) else (ca, a, b)
    return Match(
        "weighted_average",
        roles=(("weight", w), ("first value", x), ("second value", v)),
        note=f"a blend of two values: weight ${ctx.latex(w)}$ on one, $1 - {ctx.latex(w)}$ on the other",
    )


def _one_minus(c: sympy.Basic) -> bool:
    """``1 − λ`` as written: one minus a quantity."""
    diff = difference(c)
    return diff is not None and is_one(diff[0])


def _over_total_weight(num: sympy.Basic, den: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic] | None:
    """``(weights, values)`` for ``Σ_j w_j x_j / Σ_j w_j`` whatever the weights are (``sim(Q_i, K_j)``, a call): the
    denominator's summand is a factor of the numerator's, what is left is the values."""
    if not (isinstance(num, Sum) and isinstance(den, Sum) and len(num.limits) == len(den.limits) == 1):
        return None
    j, k = num.limits[0][0], den.limits[0][0]
    w = den.function.xreplace({k: j})
    fs, ws = list(factors(num.function)), list(factors(w))
    for f in ws:
        if f not in fs:
            return None
        fs.remove(f)
    x = sympy.Mul(*fs)
    return (w, x) if fs and x.has(j) else None


def _normalised_term(expr: sympy.Basic, ctx: Context) -> tuple | None:
    """``(1, π_k, x, k)`` for ``Σ_k π_k x(k)`` whose weights π are known to sum to one and whose values are not an
    entry (Bishop's mixture ``Σ_k π_k p(t | x, k)``); :func:`pair_sum` takes two entries."""
    if not isinstance(expr, Sum) or len(expr.limits) != 1:
        return None
    k = expr.limits[0][0]
    fs = factors(expr.function)
    ws = [f for f in fs if isinstance(f, sympy.Indexed) and f.indices == (k,) and f.base in ctx.normalized]
    if len(ws) != 1:
        return None
    rest = sympy.Mul(*(f for f in fs if f is not ws[0]))
    return (sympy.Integer(1), ws[0], rest, k) if rest.has(k) else None


def _total_inside(expr: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic] | None:
    """``(w_i, x_i)`` of ``Σ_i x_i w_i / Σ_j w_j`` with the total weight written inside the sum (d2l's
    Nadaraya-Watson ``\\sum_i \\mathbf{v}_i \\frac{\\alpha(\\mathbf{q}, \\mathbf{k}_i)}{\\sum_j \\alpha(\\mathbf{q},
    \\mathbf{k}_j)}``), the values varying with i; None otherwise."""
    if not (isinstance(expr, Sum) and len(expr.limits) == 1):
        return None
    i = expr.limits[0][0]
    fs = list(sympy.Mul.make_args(expr.function))
    for t in fs:
        if not (isinstance(t, sympy.Pow) and t.exp == -1 and isinstance(t.base, Sum) and len(t.base.limits) == 1):
            continue
        w = t.base.function.xreplace({t.base.limits[0][0]: i})
        rest = [f for f in fs if f is not t and f != w]
        if w.has(i) and w in fs and len(rest) == len(fs) - 2 and sympy.Mul(*rest).has(i):
            return w, sympy.Mul(*rest)
    return None


def _weighted_average(expr: sympy.Basic, ctx: Context) -> Match | None:
    if isinstance(expr, (sympy.Add, MatAdd)):
        return _convex_pair(expr, ctx)
    if (inside := _total_inside(expr)) is not None:
        return Match(
            "weighted_average",
            roles=(("weights", inside[0]), ("values", inside[1])),
            note="divided by the total weight",
        )
    num, den = numer_denom(expr)
    if (general := _over_total_weight(num, den)) is not None and pair_sum(num) is None:
        return Match(
            "weighted_average",
            roles=(("weights", general[0]), ("values", general[1])),
            note="divided by the total weight",
        )
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
    got = pair_sum(num) or _normalised_term(num, ctx)
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
        return _function_weights(expr)
    _, a, b, j = got
    if not weights_told_apart(a, b, ctx):
        return None
    w, x = _weights_first(a, b, ctx, j)
    return Match("weighted_sum", roles=(("weights", w), ("values", x)))


def _function_weights(expr: sympy.Basic) -> Match | None:
    """d2l's attention pooling ``\\sum_i \\alpha(\\mathbf{q}, \\mathbf{k}_i) \\mathbf{v}_i`` read entry by entry,
    ``Σ_i α(q, k_i) v_{i,d}``: the values an entry of a family of vectors (indexed by the sum's index and another),
    the weights one unknown function of the index's member; a weighted sum of the vectors (or of the numbers
    ``h̄_s`` of one family indexed by the sum's index alone)."""
    if not (isinstance(expr, Sum) and len(expr.limits) == 1):
        return None
    j = expr.limits[0][0]
    varying = [f for f in sympy.Mul.make_args(expr.function) if f.has(j)]
    calls = [f for f in varying if isinstance(f, AppliedUndef)]
    values = [f for f in varying if isinstance(f, sympy.Indexed)]
    if len(varying) != 2 or len(calls) != 1 or len(values) != 1:
        return None
    v = values[0]
    if len(v.indices) not in (1, 2) or v.indices[0] != j or (len(v.indices) == 2 and v.indices[1].has(j)):
        return None  # Luong et al. 2015's c_t = Σ_s a_t(s) h̄_s: scalar values weighted by a function of s too
    if not calls[0].has(j):
        return None
    return Match("weighted_sum", roles=(("weights", calls[0]), ("values", v)))


def _bilinear_form(expr: sympy.Basic, ctx: Context) -> Match | None:
    if type(expr).__name__ == "MatMul":
        args = [a for a in expr.args if not is_number(a)]
        if len(args) == 3 and isinstance(args[0], Transpose) and is_vector(args[0].arg) and is_vector(args[2]):
            a, w, b = args[0].arg, args[1], args[2]
            if a == b:  # GPyTorch's y^T K^{-1} y, the Newton decrement: a quadratic form, no similarity of two
                return None
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
        if len(mid) == 1 and len(ends) == 2 and len(fs) == 3 and ends[0].base != ends[1].base:  # x_i A_ij x_j is
            return Match("bilinear_form", roles=(("left", ends[0]), ("matrix", mid[0]), ("right", ends[1])))  # no pair
    return None
