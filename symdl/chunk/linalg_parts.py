"""The linear layer ``W x + b`` in its written forms, and the small shape helpers the linear-algebra concepts share.

Forms: ``W x + b`` (a column input), ``W^T x`` (weights stored transposed), ``x A^T + b`` (PyTorch's ``nn.Linear``),
``X W + b`` with the bias repeated over the rows (d2l: one example per row), ``Σ_j w_{ij} x_j + b_i`` and one unit's
``Σ_i w_i x_i + b``.  Never a product that sends an error back (``(W^{l+1})^T δ^{l+1}``: backpropagation).
"""

from __future__ import annotations

import re

import sympy
from sympy import Sum, Transpose
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction
from sympy.matrices.expressions.matexpr import MatrixExpr

from symdl.chunk.algebra import broadcast_bias, factors, is_number, one_factor, row_bias, terms, unbroadcast
from symdl.chunk.calc_chain import gradient_parts
from symdl.chunk.layer_parts import earlier_symbols, scalar_affine
from symdl.chunk.registry import Context, Match
from symdl.functions import RowSoftmax


def is_vector(e: sympy.Basic) -> bool:
    """A column (``n × 1``) matrix expression."""
    return isinstance(e, MatrixExpr) and e.shape[1] == 1


def is_matrix(e: sympy.Basic) -> bool:
    """A matrix expression of more than one column, not written transposed."""
    return isinstance(e, MatrixExpr) and not isinstance(e, Transpose) and e.shape[1] != 1


def family_base(e: sympy.Basic) -> sympy.Basic:
    """The family of an entry (``x`` of ``x_i``); anything else is its own family."""
    return e.base if isinstance(e, sympy.Indexed) else e


def pair_sum(expr: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic, sympy.Basic, sympy.Symbol] | None:
    """``(coefficient, a, b, j)`` if ``expr`` is ``c · Σ_j a_j b_j`` with exactly two varying factors."""
    got = one_factor(expr, Sum)
    if got is None or not isinstance(got[1], Sum) or len(got[1].limits) != 1:
        return None
    coef, expr = got
    j = expr.limits[0][0]
    fs = factors(expr.function)
    varying = [f for f in fs if f.has(j)]
    if len(varying) != 2 or not all(isinstance(f, (sympy.Indexed, MatrixExpr)) for f in varying):
        return None
    coef = coef * sympy.Mul(*[f for f in fs if not f.has(j)])
    return coef, varying[0], varying[1], j


def _layer(name: str) -> tuple[str, str, int] | None:
    """``(stem, layer, offset)`` of a name with a layer superscript (``δ^[l+1]`` → ``('δ', 'l', 1)``, ``W^[2]`` →
    ``('W', '', 2)``): the reader writes a layer label as ``^[…]`` or ``^(…)`` (symdl.formula)."""
    m = re.fullmatch(r"(.+)\^[\[(]([A-Za-z]?)([+-]?\d*)[\])]", name)
    if m is None or not (m.group(2) or m.group(3)):
        return None
    return m.group(1), m.group(2), int(m.group(3)) if m.group(3) not in ("", "+", "-") else 0


#: a product written as a call, as code and the Keras docs write a Dense layer (``dot(input, kernel) + bias``)
_PRODUCT_CALLS = ("dot", "matmul", "mm")


def _unit_of_product(expr: sympy.Basic, ctx: Context) -> tuple[sympy.Basic, sympy.Basic, sympy.Basic] | None:
    """``(w, x, b)`` of a product plus a bias where the product is a call (``dot(input, kernel) + bias``) or one
    vector's dot product with another read as a 1×1 matrix (Maxout's ``xᵀW_{·ij} + b_{ij}``); the bias a name that
    is no hyperparameter, the sum the whole right side or an activation's input."""
    parts = terms(expr)
    st = ctx.statement
    if len(parts) != 2 or st is None or st.previous is not None or (st.lhs is not None and expr.has(st.lhs)):
        return None
    if (
        expr != st.rhs
        and not _activation_input(expr, ctx)
        and not any(isinstance(n, sympy.Function) and expr in n.args for n in sympy.preorder_traversal(st.rhs))
    ):
        return None
    for prod, bias in (parts, parts[::-1]):
        b = unbroadcast(bias) if isinstance(expr, MatrixExpr) else bias
        if not isinstance(b, (sympy.Symbol, sympy.Indexed)) or ctx.is_greek(family_base(b)):
            continue
        call = type(prod).__name__.lower() if isinstance(prod, sympy.core.function.AppliedUndef) else ""
        if call in _PRODUCT_CALLS and len(prod.args) == 2:
            return prod.args[1], prod.args[0], b
        if (dot := _dot_of_vectors(prod)) is not None:  # sign(w·x + b), N(y | wᵀx + b, σ²): a unit's dot product
            return (*dot, b)
        fs = [f for f in factors(prod) if isinstance(f, MatrixExpr)]
        if (
            len(fs) == 2
            and len(factors(prod)) == 2
            and isinstance(fs[0], Transpose)
            and is_vector(fs[0].arg)
            and (is_vector(fs[1]))
            and fs[0].arg != fs[1]
        ):
            return fs[1], fs[0].arg, b
    return None


def _dot_of_vectors(prod: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic] | None:
    """``(w, x)`` of the reader's scalar dot product of two distinct column vectors ``Trace(wᵀx)`` (``w·x``,
    ``w^T x``): one unit's weighted input."""
    if not isinstance(prod, sympy.Trace) or type(prod.arg).__name__ != "MatMul" or len(prod.arg.args) != 2:
        return None
    left, right = prod.arg.args
    if isinstance(left, Transpose) and is_vector(left.arg) and is_vector(right) and left.arg != right:
        return left.arg, right
    return None


def _activation_input(expr: sympy.Basic, ctx: Context) -> bool:
    """Is ``expr`` exactly what an activation is applied to, entry by entry (``φ(ω₀ W x + b)``)?"""
    st = ctx.statement
    return st is not None and any(
        isinstance(n, ElementwiseApplyFunction) and n.expr == expr for n in sympy.preorder_traversal(st.rhs)
    )


def _error_signal(x: sympy.Basic, ctx: Context) -> bool:
    """Is ``x`` a δ (Nielsen's and Goodfellow's error of a layer, ``\\boldsymbol{\\delta}^{(\\ell)}``): a matrix
    times it sends the error back, no forward layer."""
    base = x.arg if isinstance(x, sympy.Transpose) else x
    return isinstance(base, (sympy.Symbol, sympy.MatrixSymbol)) and ctx.head(base).lstrip("\\") == "delta"


def _sent_back(x: sympy.Basic, ctx: Context) -> bool:
    """Is ``x`` the statement's own family at a LATER layer (``δ^{l+1}`` in ``δ^l = (W^{l+1})^T δ^{l+1} ⊙ σ'(z^l)``,
    ``dZ^[2]`` for ``dZ^[1]``)?  Then ``W^T x`` sends an error back (backpropagation), it is no forward layer."""
    st = ctx.statement
    target = getattr(st, "target", None) if st is not None else None
    mine, theirs = _layer(str(getattr(target, "name", ""))), _layer(str(getattr(x, "name", "")))
    if mine is None or theirs is None or mine[:2] != theirs[:2]:
        return False
    return theirs[2] > mine[2]


def _row(w: sympy.Basic) -> bool:
    """Is ``w`` a row (one row, several columns: a column transposed)?  A row times a column is a dot product."""
    shape = getattr(w, "shape", None)
    return shape is not None and shape[0] == 1 and shape[1] != 1


def _jacobian(w: sympy.Basic) -> bool:
    """Is the matrix ``w`` (or its transpose) named J, plain or subscripted (``\\mathbf{J}_\\mathbf{w}``)?  The
    letter of a Jacobian: ``J^T y`` is a vector-Jacobian product, no layer's weights."""
    m = w.arg if isinstance(w, Transpose) else w
    return isinstance(m, sympy.MatrixSymbol) and re.match(r"^J(_|$)", str(m.name)) is not None


def linear_layer(expr: sympy.Basic, ctx: Context) -> Match | None:
    """``W x + b`` in any of its written forms (the module's docstring); the roles weights, input, bias."""
    st = ctx.statement
    if st is not None and st.lhs is not None and gradient_parts(st.lhs, ctx) is not None:
        return None  # the normal equations' ∇_θ J = XᵀXθ − Xᵀy, the Cookbook's ∂xᵀBx/∂x = (B + Bᵀ)x: no layer
    parts = terms(expr)
    prods = [t for t in parts if type(t).__name__ == "MatMul" and not broadcast_bias(t)]
    got = _weights_times_input(expr, parts, prods, ctx)
    if got is not None:
        return _plus_bias(expr, parts, prods[0], got, ctx)
    if len(prods) >= 2 and isinstance(expr, MatrixExpr) and (m := _affine_of_inputs(parts, prods, ctx)) is not None:
        return m
    unit = scalar_affine(expr, ctx) or _unit_of_product(expr, ctx)
    if unit is not None:
        w, x, b = unit
        return Match(
            "linear_layer",
            roles=(("weights", w), ("input", x), ("bias", b)),
            name="affine map of one unit",
            note=f"one unit's weighted input plus bias: ${ctx.latex(expr)}$",
            also=("dot_product",) if any(_dot_of_vectors(t) for t in terms(expr)) else (),
        )
    return _weighted_sum_layer(expr, parts, ctx)


def _weights_times_input(
    expr: sympy.Basic, parts: list[sympy.Basic], prods: list[sympy.Basic], ctx: Context
) -> tuple[sympy.Basic, sympy.Basic, str] | None:
    """``(weights, input, note)`` of the one matrix product of ``W x + b`` (``W^T x``, ``x A^T``, ``X W`` with a
    row bias); None where its first factor is computed (attention weights, ones, a solve, a matrix power), where
    it sends something back (an error signal, a gradient, a Jacobian's transpose, a row times a column), or where
    a product without a bias is no linear map."""
    if not (len(prods) == 1 and len(parts) <= 2 and isinstance(expr, MatrixExpr)):
        return None
    args = [a for a in prods[0].args if not is_number(a)]
    if len(args) == 3 and not isinstance(args[0], MatrixExpr) and _activation_input(expr, ctx):
        args = args[1:]  # SIREN's sin(ω₀ W x + b): a scalar scale on the weights of an activated layer
    weights_computed = isinstance(args[0], RowSoftmax) if args else False  # attention weights, not parameters
    weights_computed = weights_computed or (bool(args) and _constant(args[0]))  # 1ᵀx sums entries
    weights_computed = weights_computed or (bool(args) and args[0].has(sympy.Inverse))  # (K + τ²I)⁻¹y: a solve
    weights_computed = weights_computed or (bool(args) and isinstance(args[0], sympy.MatPow))  # (I − αA)^k w_0:
    # k steps of a linear iteration (gradient descent's error dynamics), no layer's weights
    got = _weights_and_input(args) if len(args) == 2 and not weights_computed else None
    rows = [t for t in parts if row_bias(t)]
    if rows and len(args) == 2 and not weights_computed and is_matrix(args[1]):
        got = _rows_layout(args)
    back = got is not None and (_sent_back(got[1], ctx) or ctx.gradient_of(got[1]) is not None  # Jᵀ ∇_y z
                                or _error_signal(got[1], ctx)  # W^{(\ell)} δ^{(\ell)}: an error sent back
                                or _jacobian(got[0])  # StyleGAN2's J_w^T y: a vector-Jacobian product
                                or (_row(got[0]) and is_vector(got[1])))  # LAMB's (r + λw)^T (r + λw):
    # a row times a column, a number
    if got is not None and (len(parts) == 2 or is_vector(got[1])) and not back:
        # without a bias only a matrix times a vector is a linear map: P F(X), P X are just products
        return got
    return None


def _plus_bias(
    expr: sympy.Basic, parts: list[sympy.Basic], prod: sympy.Basic, got: tuple[sympy.Basic, sympy.Basic, str],
    ctx: Context,
) -> Match | None:
    """The linear layer of the product ``got`` (weights, input, note) plus the other term of ``parts`` as its bias;
    None where that term is a gradient or holds the input again."""
    st = ctx.statement
    bias = [unbroadcast(t) for t in parts if t is not prod]
    if any(ctx.gradient_of(b) is not None for b in bias):
        return None  # Newton's ∇f(x) + H ε = 0: a gradient's linearisation, no layer's bias
    whole = terms(st.rhs) if st is not None and st.rhs is not None else []
    if any(b.has(got[1]) for b in bias) or (not bias and expr in whole and any(
            t is not expr and t != expr and t.has(got[1]) for t in whole)):
        return None  # Muon's Newton-Schulz x = a x + B x: the input again, no bias
    roles = (("weights", got[0]), ("input", got[1])) + ((("bias", bias[0]),) if bias else ())
    return Match("linear_layer", roles=roles, name="" if bias else "linear map (no bias)", note=got[2])


def _weighted_sum_layer(expr: sympy.Basic, parts: list[sympy.Basic], ctx: Context) -> Match | None:
    """``Σ_j W_ij x_j + b_i`` (the weighted sum written out), d2l's ``W x_i + b`` read at an entry, or one unit's
    ``Σ_i w_i x_i + b``; None for an error sent back (``Σ_j W_ji δ_j``) or any other sum."""
    if not (isinstance(expr, sympy.Add) and len(parts) == 2):
        return None
    for s, b in (parts, parts[::-1]):
        got = pair_sum(s)
        if got and not b.has(got[3]) and b not in earlier_symbols(ctx):  # w_i^{(t-1)} - η Σ_j ...: an update
            w = [f for f in got[1:3] if isinstance(f, sympy.Indexed) and len(f.indices) == 2]
            x = [f for f in got[1:3] if isinstance(f, sympy.Indexed) and len(f.indices) == 1]
            if w and x and ctx.head(x[0].base).lstrip("\\") == "delta":
                return None  # UFLDL's δ_i = (Σ_j W_ji δ_j + β(...)) f'(z_i): an error sent back, no layer
            if w and x and not b.has(x[0].base):  # GIN's (1 + ε) h_v + Σ_u A_vu h_u: a self term, no bias
                return Match(
                    "linear_layer", roles=(("weights", w[0]), ("input", x[0]), ("bias", b)), also=("weighted_sum",)
                )  # Σ_j W_ij x_j + b_i: the weighted sum is written out
            if (member := _member_input(got, b)) is not None:  # d2l's W x_i + b read at entry d
                return Match("linear_layer", roles=(("weights", member[0]), ("input", member[1]), ("bias", b)),
                             also=("weighted_sum",))
            if _unit_bias(got, b, ctx):
                return Match(
                    "linear_layer",
                    roles=(("weights", got[1]), ("input", got[2]), ("bias", b)),
                    name="affine map of one unit",
                    note="one unit: the weighted sum of its inputs plus a bias (Σ_i w_i x_i + b)",
                    also=("weighted_sum",),
                )
    return None


def _member_input(got: tuple, b: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic] | None:
    """``(W, x)`` of ``Σ_k W_{dk} x_{i,k} + b_d``: d2l's ``\\mathbf{W}\\mathbf{x}_i + \\mathbf{b}`` at entry d of
    example i (a family of vectors read entry by entry, symdl.bind.memberwise); None for any other pair."""
    coef, a, c, k = got
    if coef != 1 or not (isinstance(b, sympy.Indexed) and len(b.indices) == 1):
        return None
    d = b.indices[0]
    for w, x in ((a, c), (c, a)):
        if (isinstance(w, sympy.Indexed) and isinstance(x, sympy.Indexed) and w.indices == (d, k)
                and len(x.indices) == 2 and x.indices[1] == k and x.indices[0] != d and w.base != x.base):
            return w, x
    return None


def _unit_bias(got: tuple, b: sympy.Basic, ctx: Context) -> bool:
    """``Σ_i w_i x_i + b``: two families over the same index, summed as written (no coefficient), plus one bias
    name that is not a hyperparameter (``+ λ`` is a penalty's weight), a number, or the statement's own target."""
    coef, a, c, j = got
    if coef != 1 or not all(isinstance(f, sympy.Indexed) and f.indices == (j,) for f in (a, c)):
        return False
    if not isinstance(b, (sympy.Symbol, sympy.Indexed)) or ctx.is_greek(family_base(b)):
        return False
    st = ctx.statement
    return st is None or st.lhs is None or not b.has(st.lhs)


def _weights_and_input(args: list[sympy.Basic]) -> tuple[sympy.Basic, sympy.Basic, str] | None:
    """``(weights, input, note)`` of a product of a weight matrix and an input: ``W x``, ``W^T x`` (weights stored
    transposed, as Ng and Bishop write), or ``x A^T`` (a row of inputs times the transposed weights: PyTorch's
    ``nn.Linear``); a transposed VECTOR on the left is a dot product, not a layer."""
    left, right = args
    if (isinstance(left, Transpose) and left.arg == right) or (isinstance(right, Transpose) and right.arg == left):
        return None  # X^T X, X X^T: a Gram matrix
    if isinstance(right, Transpose):
        if isinstance(left, MatrixExpr) and left.shape[0] != 1 and not is_vector(left) and is_matrix(right.arg):
            return None
        if is_matrix(right.arg) and isinstance(left, MatrixExpr) and not isinstance(left, Transpose):
            return right, left, "the inputs are rows, multiplied by the transposed weights (x A^T, as nn.Linear)"
        return None
    if is_matrix(left):
        return left, right, ""
    if isinstance(left, Transpose) and is_matrix(left.arg):
        return left, right, "the weights are stored transposed (W^T x)"
    return None


def _constant(m: sympy.Basic) -> bool:
    """A matrix of ones or zeros (``\\mathbf{1}^\\top``), not a weight matrix."""
    return isinstance(m.arg if isinstance(m, Transpose) else m, (sympy.OneMatrix, sympy.ZeroMatrix))


def _rows_layout(args: list[sympy.Basic]) -> tuple[sympy.Basic, sympy.Basic, str] | None:
    """``(weights, input, note)`` of ``X W`` beside a bias repeated over the rows: the rows are examples, so the
    input is on the left and the weights on the right (d2l's ``XW + b``, PyTorch's ``xA^T + b``)."""
    left, right = args
    if (isinstance(left, Transpose) and left.arg == right) or (isinstance(right, Transpose) and right.arg == left):
        return None  # X^T X, X X^T: a Gram matrix
    if _constant(left) or isinstance(left, Transpose):
        return None
    return right, left, "one example per row: the inputs times the weights, the bias added to every row (XW + b)"


def _affine_of_inputs(parts: list[sympy.Basic], prods: list[sympy.Basic], ctx: Context) -> Match | None:
    """``W x + U h + b`` (column inputs) or d2l's ``X W_{xh} + H W_{hh} + b`` (rows, the bias repeated over them): an
    affine map of several inputs, the linear layer of their concatenation ``[x; h]`` with weights ``[W U]`` (an RNN
    cell's, a GRU's or an LSTM's gate pre-activation).  One bias; each product a weight matrix and a distinct input
    (a vector, or rows beside a row bias); none sends an error back."""
    rest = [t for t in parts if t not in prods]
    if len(rest) != 1 or not isinstance(unbroadcast(rest[0]), sympy.MatrixSymbol):
        return None
    rows = row_bias(rest[0])
    pairs = []
    for p in prods:
        args = [a for a in p.args if not is_number(a)]
        if len(args) != 2 or any(_constant(a) or isinstance(a, RowSoftmax) for a in args):
            return None
        got = _rows_layout(args) if rows and is_matrix(args[1]) else _weights_and_input(args)
        if got is None or (not rows and not is_vector(got[1])) or _sent_back(got[1], ctx):
            return None
        if ctx.gradient_of(got[1]) is not None:
            return None
        pairs.append(got)
    if len({g[1] for g in pairs}) != len(pairs) or len({g[0] for g in pairs}) != len(pairs):
        return None
    lx = ctx.latex
    inputs = ", ".join(f"${lx(g[1])}$" for g in pairs)
    roles = tuple((f"weights {i + 1}", g[0]) for i, g in enumerate(pairs)) + tuple(
        (f"input {i + 1}", g[1]) for i, g in enumerate(pairs)) + (("bias", unbroadcast(rest[0])),)
    return Match("linear_layer", roles=roles, name="affine map of several inputs",
                 note=f"one linear layer of the concatenated inputs {inputs}: each times its own weights, one bias")
