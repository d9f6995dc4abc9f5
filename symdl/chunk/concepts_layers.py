"""Layers: residual connections, dropout, convolution, pooling and embedding lookups.

* residual (He et al. 2016): ``y = x + F(x)``: a leaf plus a nonlinear block of that same leaf (or a named layer).
* dropout (Srivastava et al. 2014): ``r ⊙ x`` with ``r ∼ Bernoulli``, or inverted dropout ``m ⊙ x / (1 − p)``.
* convolution (Goodfellow 9.1): ``Σ_m Σ_n I(i+m, j+n) K(m, n)``: a window of the input against a kernel.
* max / average pooling: ``max_{m,n} x_{i+m, j+n}`` and ``(1/k²) Σ_m Σ_n x_{i+m, j+n}``.
* embedding lookup: a named ``Embedding(x)``.
"""

from __future__ import annotations

import re

import sympy
from sympy.core.function import AppliedUndef
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction
from sympy.matrices.expressions.matexpr import MatrixExpr

from symdl.chunk.algebra import count, factors, is_number, one_factor, terms
from symdl.chunk.layer_parts import (
    ARRAY_ENTRY,
    call_name,
    drawn_from,
    member_region_max,
    one_hot,
    product_parts,
    region_max,
    spelled_base,
    unrolled_blocks,
    window,
)
from symdl.chunk.registry import REGISTRY, Concept, Context, Match, named_concept, vector_call
from symdl.functions import MaxOver, OptimumOver, RowSoftmax

_LEAF = (sympy.Symbol, sympy.Indexed, sympy.MatrixSymbol)
_BLOCKS = (AppliedUndef, ElementwiseApplyFunction, sympy.Function, RowSoftmax)
#: named calls that are a sublayer of a network (the block a residual connection goes around)
_LAYER_CATEGORIES = ("attention", "layer", "normalisation", "normalization")
#: names of a generic sublayer (the Transformer's Sublayer(x))
_BLOCK_WORDS = ("sublayer", "layer", "block")


def _is_block(t: sympy.Basic, x: sympy.Basic) -> bool:
    """Whether ``t`` is a learned block of ``x``: a call ``F(x, ...)`` of an unnamed layer, or a function of a
    weighted ``x`` (``W_2 ReLU(W_1 x)``); ``m + log Σ e^{x_j - m}`` is a shifted log-sum-exp, not a block."""
    if isinstance(t, AppliedUndef) and t.has(x) and named_concept(t) is None:
        return True
    applied = any(isinstance(n, _BLOCKS) and n.has(x) for n in sympy.preorder_traversal(t))
    weighted = any(type(n).__name__ == "MatMul" and x in n.args for n in sympy.preorder_traversal(t))
    return applied and weighted


def _vector_block(t: sympy.Basic, x: sympy.Basic) -> bool:
    """``\\mathcal{F}(\\mathbf{x}, \\{W_i\\})`` read as the vector value of an unknown function of ``x`` (He et al.'s
    bold eq. 1): a block of ``x`` unless its name is a known concept's (``\\mathrm{Softmax}(\\mathbf{x})``)."""
    got = vector_call(t)
    if got is None or not isinstance(x, sympy.MatrixSymbol):
        return False
    own = re.compile(r"(^|[(,\s])" + re.escape(x.name) + r"($|[),\s])")
    if not any(own.search(a) for a in got[1]):  # x itself, or inside a call: ViT's MSA(LN(z)) + z
        return False
    word = re.sub(r"[^a-z]", "", got[0].lower())
    named = [c for c in REGISTRY.values() if word in c.names]
    return word in _BLOCK_WORDS or all(c.category in _LAYER_CATEGORIES for c in named)


def _named_layer(t: sympy.Basic) -> bool:
    c = named_concept(t)
    return (c is not None and c.category in _LAYER_CATEGORIES) or call_name(t) in _BLOCK_WORDS


def _residual(expr: sympy.Basic, ctx: Context) -> Match | None:
    parts = terms(expr)
    if len(parts) != 2:
        return None
    for x, f in (parts, parts[::-1]):
        if not isinstance(x, _LEAF) or f.could_extract_minus_sign() or isinstance(f, sympy.Derivative):
            continue
        if f.has(sympy.Derivative) or ctx.gradient_of(f) is not None:
            continue
        rate = [c for c in sympy.Mul.make_args(f.args[0] if type(f).__name__ == "MatMul" else f)
                if isinstance(c, sympy.Symbol) and ctx.head(c).lstrip("\\") in ("epsilon", "varepsilon", "eta", "lr")]
        if rate:
            continue  # Learning from Data's w \leftarrow w + \epsilon X^T(y - s(Xw)): a step of size ε, no block
        if _is_block(f, x) or _named_layer(f) or _vector_block(f, x):
            note = f"the input ${ctx.latex(x)}$ skips the block ${ctx.latex(f)}$ and is added to its output"
            return Match("residual", roles=(("input", x), ("block", f)), note=note)
        if unrolled_blocks(x, f, ctx):
            note = (f"unrolled residual connections: the state ${ctx.latex(x)}$ plus the sum of every later block's "
                    "output (He et al. 2016b: each unit adds its block to the identity path)")
            return Match("residual", roles=(("input", x), ("blocks", f)), note=note, name="residual connections "
                         "(unrolled)")
    return _projection_shortcut(parts, ctx)


def _projection_shortcut(parts: list[sympy.Basic], ctx: Context) -> Match | None:
    """``F(x, {W_i}) + W_s x`` (He et al. 2016, eq. 2): a block of ``x`` and its weights plus a learned projection of
    the same ``x`` that matches the dimensions; only an unknown function of ``x`` and its parameters is a block here
    (``σ(W x) + U x``, a feature map ``φ(x) + W x`` are not)."""
    for proj, f in (parts, parts[::-1]):
        if type(proj).__name__ != "MatMul" or len(proj.args) != 2 or f.could_extract_minus_sign():
            continue
        w, x = proj.args
        if not isinstance(x, sympy.MatrixSymbol) or not isinstance(w, sympy.MatrixSymbol) or w.shape[1] == 1:
            continue
        called = isinstance(f, AppliedUndef) and x in f.args and named_concept(f) is None and len(f.args) > 1
        got = vector_call(f)
        if called or (_vector_block(f, x) and got is not None and len(got[1]) > 1):  # F(x, {W_i}): a learned block
            note = (f"the input ${ctx.latex(x)}$, projected by ${ctx.latex(w)}$ to the block's size, skips the block "
                    f"${ctx.latex(f)}$ and is added to its output (a projection shortcut)")
            return Match("residual", roles=(("input", x), ("block", f), ("projection", w)), note=note)
    return None


def _mask_and_scale(expr: sympy.Basic) -> tuple[list[sympy.Basic], sympy.Basic | None]:
    """The data factors of a product and the ``p`` of a ``1/(1 - p)`` factor among them (flattening ⊙ and ·)."""
    stack, flat = [expr], []
    while stack:
        e = stack.pop()
        fs = product_parts(e) if not isinstance(e, _LEAF) else None
        if fs is None and type(e).__name__ == "MatMul":
            fs = list(e.args)
        if fs is None:
            flat.append(e)
        else:
            stack.extend(fs)
    p = None
    data = []
    for f in flat:
        if isinstance(f, sympy.Pow) and f.exp == -1 and not isinstance(f.base, MatrixExpr):
            one_minus = 1 - f.base
            if isinstance(one_minus, (sympy.Symbol, sympy.Indexed)):
                p = one_minus
                continue
        if not is_number(f):
            data.append(f)
    return data, p


_TEST = re.compile(r"_\s*\{?\s*(?:\\(?:text|mathrm|textrm)\s*\{\s*)?test\s*\}?\s*\}?")


def _test_time(expr: sympy.Basic, ctx: Context) -> Match | None:
    """Srivastava et al.'s ``W_{test} = p W``: at test time the weights are scaled by the keep probability p, the
    name defined being the same weights subscripted ``test``."""
    st = ctx.statement
    fs = list(expr.args) if isinstance(expr, (sympy.Mul, sympy.MatMul)) else []
    if st is None or st.target is None or expr != st.rhs or len(fs) != 2:
        return None
    ps = [f for f in fs if isinstance(f, sympy.Symbol)]
    ws = [f for f in fs if isinstance(f, _LEAF) and f not in ps]
    if len(ps) != 1 or len(ws) != 1:
        return None
    named = ctx.spelling(st.target)
    if not _TEST.search(named) or _TEST.sub("", named).replace(" ", "") != ctx.spelling(ws[0]).replace(" ", ""):
        return None
    return Match("dropout", roles=(("input", ws[0]),), params=(("p", ps[0]),), name="dropout at test time",
                 note=f"the test-time weights are the trained ${ctx.latex(ws[0])}$ scaled by the keep probability "
                 f"${ctx.latex(ps[0])}$, so each unit's expected input matches training with dropout")


def _dropout(expr: sympy.Basic, ctx: Context) -> Match | None:
    if (m := _test_time(expr, ctx)) is not None:
        return m
    if product_parts(expr) is None and type(expr).__name__ != "MatMul":  # MatMul: (m ⊙ x) / (1 − p)
        return None
    data, p = _mask_and_scale(expr)
    drawn = drawn_from(ctx, "bernoulli")
    masks = [d for d in data if isinstance(d, _LEAF) and spelled_base(d, ctx) in drawn]
    hadamard = any(type(n).__name__ == "HadamardProduct" for n in sympy.preorder_traversal(expr))
    if masks and len(data) == 2:
        mask, x = masks[0], next(d for d in data if d is not masks[0])
        scale = f"; scaled by $1/(1 - {ctx.latex(p)})$ (inverted dropout)" if p is not None else ""
        note = f"the Bernoulli mask ${ctx.latex(mask)}$ keeps or zeroes each entry of ${ctx.latex(x)}${scale}"
        return Match("dropout", roles=(("mask", mask), ("input", x)), params=(("p", p),) if p is not None else (),
                     note=note)
    if p is not None and hadamard and len(data) == 2 and all(isinstance(d, MatrixExpr) for d in data):
        mask, x = data
        note = (f"inverted dropout: a 0/1 mask times ${ctx.latex(x)}$, divided by the keep probability "
                f"$1 - {ctx.latex(p)}$ so the expected output equals the input (drop probability ${ctx.latex(p)}$)")
        return Match("dropout", roles=(("mask", mask), ("input", x)), params=(("p", p),), note=note)
    return None


def _flatten_limits(expr: sympy.Basic, cls: type) -> tuple[sympy.Basic, list[tuple]]:
    limits: list[tuple] = []
    while isinstance(expr, cls):
        limits.extend(expr.limits)
        expr = expr.function
    return expr, limits


def _convolution(expr: sympy.Basic, ctx: Context) -> Match | None:
    body, limits = _flatten_limits(expr, sympy.Sum)
    variables = {lim[0] for lim in limits}
    fs = [f for f in factors(body) if not is_number(f)]
    if len(fs) != 2 or not all(isinstance(f, ARRAY_ENTRY) for f in fs):
        return None
    for inp, ker in (fs, fs[::-1]):
        kargs = ker.indices if isinstance(ker, sympy.Indexed) else ker.args
        kvars = set().union(*(a.free_symbols for a in kargs)) & variables
        if window(inp, variables) and kvars == variables and not window(ker, variables):
            flipped = any(sympy.expand(a).coeff(v) == -1 for a in (inp.indices if isinstance(inp, sympy.Indexed)
                                                                     else inp.args) for v in variables)
            kind = ("a true convolution (the kernel is flipped: the input index runs against the kernel's)"
                    if flipped else "the cross-correlation form that deep-learning libraries call convolution "
                    "(no kernel flip)")
            note = f"slides the kernel ${ctx.latex(ker)}$ over the input ${ctx.latex(inp)}$: {kind}"
            return Match("convolution", roles=(("input", inp), ("kernel", ker)), note=note)
    return None


def _avg_pool(expr: sympy.Basic, ctx: Context) -> Match | None:
    got = one_factor(expr, sympy.Sum) if isinstance(expr, sympy.Mul) else None
    if got is None:
        return None
    k, total = got
    body, limits = _flatten_limits(total, sympy.Sum)
    variables = {lim[0] for lim in limits}
    spatial = _whole_grid(body, limits)
    if not window(body, variables) and not spatial:
        return None
    size = sympy.Mul(*[count(lim) for lim in limits])
    if sympy.simplify(k * size - 1) != 0:
        return None
    note = f"averages ${ctx.latex(body)}$ over a window of {ctx.latex(sympy.expand(size))} entries"
    if spatial:
        note = (f"global average pooling: averages ${ctx.latex(body)}$ over the whole "
                f"${ctx.latex(count(limits[1]))} \\times {ctx.latex(count(limits[0]))}$ grid, one number per map "
                "(the squeeze of squeeze-and-excitation)")
    return Match("avg_pool", roles=(("window entry", body),), params=(("window size", size),), note=note,
                 also=("mean",))


def _whole_grid(body: sympy.Basic, limits: list[tuple]) -> bool:
    """``u_c(i, j)`` summed over both positions of a two-dimensional grid: the last two positions of one entry
    are exactly the two summed indices (global pooling over a feature map)."""
    args = body.indices if isinstance(body, sympy.Indexed) else body.args
    if len(limits) != 2 or not isinstance(body, ARRAY_ENTRY) or len(args) < 2:
        return False
    return set(args[-2:]) == {lim[0] for lim in limits} and not any(a.free_symbols & set(args[-2:])
                                                                    for a in args[:-2])


def _max_pool(expr: sympy.Basic, ctx: Context) -> Match | None:
    if (entry := region_max(expr, ctx) or member_region_max(expr, ctx)) is not None:
        return Match("max_pool", roles=(("window entry", entry),),
                     note="keeps the largest entry of the region attached to the output position")
    body, limits = _flatten_limits(expr, MaxOver)
    variables = {lim[0] for lim in limits}
    if not limits or not window(body, variables):
        return None
    note = f"keeps the largest ${ctx.latex(body)}$ in a window that slides with the output position"
    return Match("max_pool", roles=(("window entry", body),), note=note)


def _embedding(expr: sympy.Basic, ctx: Context) -> Match | None:
    """A table times a one-hot vector (``\\mathbf{E}\\mathbf{x}`` with ``\\mathbf{x} \\in \\{0,1\\}^{|V|}``,
    ``W^T x``): it picks one column (row) of the table, an embedding lookup."""
    hot = [f for f in expr.args if one_hot(f, ctx)]
    tables = [f for f in expr.args if isinstance(f, MatrixExpr) and f not in hot and 1 not in f.shape]
    if len(hot) != 1 or len(tables) != 1 or len(expr.args) != 2:
        return None
    return Match("embedding_lookup", roles=(("input", hot[0]), ("table", tables[0])),
                 note=f"${ctx.latex(tables[0])}$ times a one-hot vector picks out the token's own vector")


CONCEPTS: tuple[Concept, ...] = (
    Concept(
        "dropout", "dropout", "randomly zeroes entries during training (and rescales the survivors)",
        "Each entry is kept with probability 1 − p and zeroed otherwise, by multiplying with a random 0/1 mask "
        "(r ∼ Bernoulli). Inverted dropout divides the kept entries by 1 − p so the expected activation is "
        "unchanged and nothing needs rescaling at test time, when dropout is switched off.",
        ("mask", "input"), ("residual",), "layer", _dropout,
        heads=(sympy.Mul, MatrixExpr), names=("dropout",),
    ),
    Concept(
        "convolution", "convolution", "slides a small kernel over the input and takes a weighted sum at each position",
        "Output position (i, j) is Σ_m Σ_n I(i+m, j+n) K(m, n): the kernel K is laid over the window of the "
        "input starting at (i, j), multiplied entry by entry and summed. The same weights are reused at every "
        "position (weight sharing), so the layer detects a local pattern wherever it occurs.",
        ("input", "kernel"), ("weighted_sum", "max_pool", "avg_pool"), "layer", _convolution,
        heads=(sympy.Sum,), names=("conv", "convd", "conv2d", "conv1d", "convolution"),
    ),
    Concept(
        "avg_pool", "average pooling", "replaces each window of the input by its average",
        "Each output entry is the mean of the input entries in a small window (k × k) at its position, "
        "which smooths and downsamples a feature map while keeping its layout.",
        ("window entry",), ("mean", "max_pool", "convolution"), "layer", _avg_pool,
        heads=(sympy.Mul,), names=("avgpool", "avgpoold", "averagepool", "averagepooling"),
    ),
    Concept(
        "max_pool", "max pooling", "replaces each window of the input by its largest entry",
        "Each output entry is the maximum of the input entries in a small window at its position. It "
        "downsamples a feature map and makes the layer insensitive to small shifts; the gradient flows "
        "only to the entry that was the maximum.",
        ("window entry",), ("avg_pool", "convolution"), "layer", _max_pool,
        heads=(MaxOver, OptimumOver), names=("maxpool", "maxpoold", "maxpooling"),
    ),
    Concept(
        "embedding_lookup", "embedding lookup", "maps a token id to its learned vector (a row of a table)",
        "An embedding layer holds a table E with one learned vector per token; looking up token w returns "
        "its row E[w], which is the same as multiplying the table by the token's one-hot vector. The "
        "vectors are trained like any other weights.",
        ("input",), ("linear_layer",), "layer", _embedding, heads=(sympy.MatMul, sympy.Mul),
        names=("embedding", "embed", "emb"),
    ),
    Concept(
        "residual", "residual connection", "adds a block's input back to its output (a skip connection)",
        "y = x + F(x): the block F only has to learn the change to x, and the identity path lets gradients "
        "flow straight through many layers (He et al. 2016). In a Transformer every sublayer is wrapped as "
        "x + Sublayer(x), usually followed or preceded by layer normalisation.",
        ("input", "block"), ("multi_head_attention", "linear_layer"), "layer", _residual,
        heads=(sympy.Add, MatrixExpr),
    ),
)
