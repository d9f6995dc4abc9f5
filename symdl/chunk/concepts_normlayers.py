"""Normalisation layers: batch, layer, RMS, group and weight norm, and Lp normalisation of a vector.

Batch norm and layer norm compute the same standardisation; they differ in what the statistics run over: the
examples of a mini-batch (Ioffe & Szegedy's ``μ_B = 1/m Σ_i x_i``, cs231n's ``μ_j = 1/N Σ_i x_{ij}`` over the rows)
or the features of one example (Ba et al.'s ``μ^l = 1/H Σ_i a_i^l``, ``μ_i = 1/D Σ_j x_{ij}`` over a row).  Only
when the formula says which (a mean over a mini-batch ``B``, over the first or the last index of a table, or per
layer) is the layer named; otherwise the block stays a standardisation whose note says it could be either.
"""

from __future__ import annotations

import sympy
from sympy import Add, Mul, Pow
from sympy.matrices.expressions.matexpr import MatrixExpr

from symdl.chunk.algebra import cheap_cancel, factors, numer_denom, sqrt_arg, terms
from symdl.chunk.concepts_linalg import _norm_arg
from symdl.chunk.concepts_norm import standardization, written_with
from symdl.chunk.concepts_stats import trace_mean
from symdl.chunk.norm_affine import per_feature_too
from symdl.chunk.normlayer_entrywise import entrywise_layer
from symdl.chunk.normlayer_forms import folded_batch_norm
from symdl.chunk.normlayer_stats import (
    WHY,
    batch_input,
    batch_statistics,
    running_statistics,
    said_in_words,
    spelled_batch,
    statistics_over,
)
from symdl.chunk.reductions import mean_scale, strip_reductions
from symdl.chunk.registry import Concept, Context, Match


def _centred_vector(v: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic] | None:
    """``(x, μ)`` of ``x − μ·1`` (a vector minus a broadcast scalar)."""
    if not isinstance(v, sympy.MatAdd) or len(v.args) != 2:
        return None
    for x, c in (v.args, v.args[::-1]):
        if isinstance(c, sympy.MatMul) and isinstance(c.args[-1], sympy.OneMatrix):  # -tr(1ᵀx)/n · 1: factors
            mu = -Mul(*c.args[:-1])
            if not isinstance(mu, MatrixExpr) and not mu.is_number:
                return x, mu
    return None


def _vector_layer(expr: sympy.Basic, ctx: Context) -> Match | None:
    """Ba et al.'s ``g/σ ⊙ (a − μ) + b``: the standardisation written on whole vectors."""
    parts = list(expr.args) if isinstance(expr, sympy.MatAdd) else [expr]
    for t in parts:
        if isinstance(t, sympy.MatMul) and len([f for f in t.args if isinstance(f, MatrixExpr)]) == 1:
            pairs = [(Mul(*[f for f in t.args if not isinstance(f, MatrixExpr)]),
                      next(f for f in t.args if isinstance(f, MatrixExpr)))]
        elif isinstance(t, sympy.HadamardProduct) and len(t.args) == 2:
            pairs = [t.args, t.args[::-1]]
        else:
            continue
        for gain, centred in pairs:
            fs = list(gain.args) if isinstance(gain, sympy.MatMul) else [gain]
            if isinstance(centred, sympy.MatMul) and len([f for f in centred.args if isinstance(f, MatrixExpr)]) == 1:
                fs += [f for f in centred.args if not isinstance(f, MatrixExpr)]  # γ ⊙ (x − μ)/σ: σ inside
                centred = next(f for f in centred.args if isinstance(f, MatrixExpr))
            cen = _centred_vector(centred)
            if cen is None:
                continue
            scal = Mul(*[f for f in fs if not isinstance(f, MatrixExpr)])
            gains = [f for f in fs if isinstance(f, MatrixExpr)]
            num, den = numer_denom(scal)
            x, mu = cen
            st = standardization(num * (sympy.Dummy("x") - mu), den, ctx)
            if st is None:
                continue
            over = statistics_over(ctx, mu, x) or (said_in_words(ctx) or (None, ""))[0]  # \text{(LayerNorm)} beside
            shift = [p for p in parts if p is not t]
            scale = gains[0] if len(gains) == 1 else num if num != 1 and not gains else None
            extra = ((("scale", scale),) if scale is not None else ()) + (
                (("shift", shift[0]),) if len(shift) == 1 else ())
            roles = (("input", x), ("mean", mu), ("variance", st[2])) + ((("epsilon", st[3]),) if st[3] != 0 else ())
            if over is None:  # PyTorch's (x − E[x])/√(Var[x] + ε) ∗ γ + β: batch and layer norm alike
                return Match("normalization", roles=roles + extra, also=written_with(den),
                             note="standardises the vector: subtracts its mean and divides by its standard deviation"
                             + (", then scales and shifts" if extra else "") + " (whether over a batch or over a "
                             "layer's features, the formula does not say)")
            return Match(f"{over}_norm", roles=roles + extra, also=("normalization",),
                         note=WHY[over] + "; written on whole vectors, the gain multiplies entry by entry")
    return None


def _batch_or_layer(expr: sympy.Basic, ctx: Context) -> Match | None:
    if isinstance(expr, (sympy.MatAdd, sympy.HadamardProduct, sympy.MatMul)):  # MatMul: (x − mean(x))/std(x)
        return _vector_layer(expr, ctx) or entrywise_layer(expr, ctx) or (
            folded_batch_norm(expr, ctx) if isinstance(expr, sympy.MatAdd) else None)
    inner, shift = expr, None
    parts = terms(expr)
    if len(parts) == 2:
        for t, b in (parts, parts[::-1]):
            st = standardization(*numer_denom(t), ctx)
            if st and not b.has(st[0]):
                inner, shift = t, b
                break
        else:
            return _affine_of_fact(expr, ctx)
    elif len(parts) > 2:
        return folded_batch_norm(expr, ctx)
    num, den = numer_denom(inner)
    st = standardization(num, den, ctx)
    if st is None:
        return None
    x, mu, spread, eps = st
    over = (statistics_over(ctx, mu, x) or batch_statistics(ctx, mu, spread) or batch_input(ctx, x)
            or running_statistics(ctx, mu))
    words = said_in_words(ctx) if over is None else None
    if words is not None:
        over = words[0]
    if over is None:
        return None
    scale = cheap_cancel(num / (x - mu))
    if over == "batch" and eps == 0 and scale == 1 and shift is None and not spelled_batch(ctx, mu):
        return None  # x_ij ← (x_ij − μ_j)/σ_j over a data table: a standardisation of the features, no layer
    roles = (("input", x), ("mean", mu), ("variance", spread)) + ((("epsilon", eps),) if eps != 0 else ()) + (
        (("scale", scale),) if scale != 1 else ()) + ((("shift", shift),) if shift is not None else ())
    note = WHY[over] if words is None else f"{over} normalisation, as the text beside the formula says ({words[1]})"
    return Match(f"{over}_norm", roles=roles, also=("normalization",), note=note)


def _affine_of_fact(expr: sympy.Basic, ctx: Context) -> Match | None:
    """``γ x̂_i + β`` where ``x̂`` was computed above as a batch/layer norm: its scale-and-shift step."""
    parts = terms(expr)
    for t, shift in (parts, parts[::-1]):
        for f in factors(t):
            key = f.base if isinstance(f, sympy.Indexed) else f
            fact = ctx.facts.get(f) or ctx.facts.get(key)
            if fact is not None and fact.concept in ("batch_norm", "layer_norm", "group_norm") and not shift.has(f):
                return Match(fact.concept, roles=(("standardised input", f), ("scale", cheap_cancel(t / f)),
                                                  ("shift", shift)), also=("normalization",),
                             note="the learned scale and shift applied after standardising (" + WHY[fact.concept.split(
                                 "_")[0]].split(":")[0] + ")")
    return None


def _mean_square_of(expr: sympy.Basic) -> sympy.Basic | None:
    """The family (base) or vector whose mean square ``expr`` is (``1/n Σ_j x_j²``, ``\\mathbb{E}[x^2]``)."""
    k, limits, body = strip_reductions(expr)
    if limits and mean_scale(k, limits) and isinstance(body, Pow) and body.exp == 2:
        b = body.base
        return b.base if isinstance(b, sympy.Indexed) else b
    v = trace_mean(expr)
    if v is not None and type(v).__name__ == "HadamardPower" and v.exp == 2:
        return v.base
    fs = sympy.Mul.make_args(expr)  # T5's and Zhang & Sennrich's \frac{1}{d}\|x\|_2^2: the squared norm over a count
    counts = [f for f in fs if isinstance(f, Pow) and f.exp == -1 and f.base.is_Symbol]
    norms = [f for f in fs if isinstance(f, sympy.Trace) and type(f.arg).__name__ == "MatMul" and len(f.arg.args) == 2
             and isinstance(f.arg.args[0], sympy.Transpose) and f.arg.args[0].arg == f.arg.args[1]]
    return norms[0].arg.args[1] if len(fs) == 2 and len(counts) == 1 and len(norms) == 1 else None


def _same_family(base: sympy.Basic, fam: sympy.Basic) -> bool:
    """Is the IndexedBase ``base`` (``a_i``) the family ``fam`` (``a``, or the vector ``\\mathbf{a}``)?"""
    if base == fam:
        return True
    name = fam.name if isinstance(fam, sympy.MatrixSymbol) else getattr(fam, "label", None)
    return name is not None and str(base.label) == str(name)


def _norm_over_root_n(num: sympy.Basic, arg: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic]:
    """``‖a‖/√n`` (the reader's ``RMS(a)``): move the ``√n`` (n = the length of ``a``) under the root as ``1/n``."""
    if not (isinstance(arg, sympy.Trace) and type(arg.arg).__name__ == "MatMul" and len(arg.arg.args) == 2):
        return num, arg
    t, v = arg.arg.args
    if not (isinstance(t, sympy.Transpose) and t.arg == v and v.shape[1] == 1):
        return num, arg
    root = sympy.sqrt(v.shape[0])
    if root not in factors(num):
        return num, arg
    return cheap_cancel(num / root), sympy.Sum(sympy.Indexed(sympy.IndexedBase(v.name), _J) ** 2,
                                                (_J, 1, v.shape[0])) / v.shape[0]


_J = sympy.Symbol("j", integer=True)


def _rms_norm(expr: sympy.Basic, ctx: Context) -> Match | None:
    if isinstance(expr, sympy.HadamardProduct) and len(expr.args) == 2:  # T5's x/√(1/d Σ x_i² + ε) ⊙ w: a gain vector
        for scaled, gain in (expr.args, expr.args[::-1]):
            m = _rms_norm(scaled, ctx) if isinstance(scaled, sympy.MatMul) and gain not in scaled.args else None
            if m is not None:
                return Match("rms_norm", roles=(*m.roles, ("gain", gain)), also=m.also,
                             note=m.note + f", then multiplies entry by entry by the gain {ctx.latex(gain)}")
        return None
    mats: list[sympy.Basic] = []
    if isinstance(expr, sympy.MatMul):  # a vector times a scalar over a root: MatMul(γ/√(...), x)
        mats = [f for f in expr.args if isinstance(f, MatrixExpr)]
        if len(mats) != 1:
            return None
        num, den = numer_denom(Mul(*[f for f in expr.args if not isinstance(f, MatrixExpr)]))
    else:
        num, den = numer_denom(expr)
    arg = sqrt_arg(den)
    if arg is None:
        return None
    num, moved = _norm_over_root_n(num, arg)
    if moved is not arg:  # the reader's RMS(a), ‖a‖/√n inside: the role is the root mean square, not the norm
        arg, den = moved, sympy.Pow(moved, sympy.Rational(1, 2), evaluate=False)
    eps = [t for t in terms(arg) if _mean_square_of(t) is None]
    squares = [t for t in terms(arg) if _mean_square_of(t) is not None]
    if len(squares) != 1 or len(eps) > 1:
        return None
    if _centred_vector(fam := _mean_square_of(squares[0])) is not None:  # √(mean((x − μ)²) + ε): a variance
        return None
    parts = [f for f in factors(num) if f != 1] + mats
    hits = [f for f in parts if f == fam or (isinstance(f, sympy.Indexed) and _same_family(f.base, fam)) or (
        isinstance(f, sympy.MatrixSymbol) and isinstance(fam, sympy.IndexedBase) and _same_family(fam, f))]
    if len(hits) != 1:
        return None
    gain = [f for f in parts if f is not hits[0]]
    note = "divides by the root mean square of the same vector (no centring, unlike layer norm)"
    if gain:
        note += f", then scales by the gain {ctx.latex(Mul(*gain))}"
    return Match("rms_norm", roles=(("input", hits[0]), ("rms", den)), also=("rms_normalization",), note=note)


def _vector_over_norm(expr: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic, list[sympy.Basic], str] | None:
    """``(vector, norm, other factors, p)`` for ``c · v / ‖v‖_p`` (or ``/max(‖v‖_p, ε)``)."""
    fs = []
    for f in factors(expr):
        fs.extend(f.args if isinstance(f, Mul) else [f])
    dens = [f for f in fs if isinstance(f, Pow) and f.exp.is_number and f.exp.is_negative]
    if len(dens) != 1:
        return None
    norm = dens[0].base ** (-dens[0].exp)
    if isinstance(norm, sympy.Max) and len(norm.args) == 2:
        norm = next((a for a in norm.args if _lp(a)), None)
        if norm is None:
            return None
    rest = [f for f in fs if f is not dens[0]]
    got = _lp(norm)
    if got is None or got[0] not in rest:
        got = _entry_norm(norm, rest)
    if got is None:
        return None
    v, p = got
    if v not in rest:
        return None
    return v, norm, [f for f in rest if f != v], p


def _entry_norm(norm: sympy.Basic, rest: list[sympy.Basic]) -> tuple[sympy.Basic, str] | None:
    """``(v_{ik}, '2')`` if ``norm`` is ``√(Σ_j v_{ij}²)`` and ``v_{ik}`` (the same row, any entry) is in ``rest``."""
    total = norm.base if isinstance(norm, Pow) and norm.exp == sympy.Rational(1, 2) else None
    if isinstance(total, sympy.Add) and len(total.args) == 2 and any(t.is_Symbol for t in total.args):
        total = next((t for t in total.args if isinstance(t, sympy.Sum)), None)  # √(Σ_j x_j² + ε): a floor ε
    if not isinstance(total, sympy.Sum):
        return None
    body, limits = total.function, total.limits
    if len(limits) != 1 or not (isinstance(body, Pow) and body.exp == 2 and isinstance(body.base, sympy.Indexed)):
        return None
    entry, j = body.base, limits[0][0]
    for f in rest:
        if isinstance(f, sympy.Indexed) and f.base == entry.base and len(f.indices) == len(entry.indices) and all(
                a == b or (b == j and not a.has(j)) for a, b in zip(f.indices, entry.indices, strict=True)):
            at = [a for a, b in zip(f.indices, entry.indices, strict=True) if b == j]
            if at and limits[0][2].has(at[0]):  # AdaGrad's g_{t,i}/\sqrt{\sum_{t'=1}^{t} g_{t',i}^2}: the past steps
                return None  # up to this one, a running accumulation, not the vector's own norm
            return f, "2"
    return None


def _lp(norm: sympy.Basic) -> tuple[sympy.Basic, str] | None:
    v = _norm_arg(norm)
    if v is not None:
        return v, "2"
    if isinstance(norm, Pow) and isinstance(norm.base, sympy.Trace):
        norm, p = norm.base, 1 / norm.exp
    else:
        p = sympy.Integer(1)
    if isinstance(norm, sympy.Trace) and type(norm.arg).__name__ == "MatMul" and len(norm.arg.args) == 2:
        ew = norm.arg.args[1]
        if type(ew).__name__ == "ElementwiseApplyFunction":
            body = ew.function.expr
            var = ew.function.variables[0]
            if body == sympy.Abs(var) ** p or (p == 1 and body == sympy.Abs(var)):
                return ew.expr, str(p)
    return None


def _applied_weight_norm(expr: sympy.Basic, ctx: Context) -> Match | None:
    """Salimans & Kingma's ``g/‖v‖ v·x``: the normalised weight ``g v/‖v‖`` applied to an input (a gain needed:
    ``vᵀx/‖v‖`` alone is a scalar projection)."""
    mats = [a for a in expr.args if isinstance(a, MatrixExpr)]
    if len(mats) != 2 or not isinstance(mats[0], sympy.Transpose):
        return None
    m = _lp_normalization(sympy.MatMul(*[a for a in expr.args if a not in mats], mats[0].arg), ctx)
    if m is None or m.concept != "weight_norm" or not isinstance(m.role("gain"), sympy.Symbol | sympy.Indexed):
        return None  # uᵀv/‖u‖·‖v‖ (a cosine read left to right): a norm is no learned gain
    note = m.note + f", applied to ${ctx.latex(mats[1])}$"
    return Match("weight_norm", roles=(*m.roles, ("input", mats[1])), note=note)


def _lp_normalization(expr: sympy.Basic, ctx: Context) -> Match | None:
    if isinstance(expr, sympy.MatMul) and any(isinstance(a, sympy.Transpose) for a in expr.args):
        return _applied_weight_norm(expr, ctx)
    got = _vector_over_norm(expr)
    if got is None:
        return None
    v, norm, others, p = got
    floors = {x for m in expr.atoms(sympy.Max) for x in m.args if not x.has(v)}
    if others and floors & set(others):
        return None  # g·c/max(‖g‖, c): the floor is the gain itself, so the length is min(‖g‖, c): a clip by norm
    scale = ""
    if others and (v.has(sympy.Derivative) or "nabla" in str(v)):  # SAM's \rho \nabla L / \|\nabla L\|: a
        scale = ctx.latex(sympy.Mul(*others))  # gradient's direction scaled to a length of its own: no learned
        others = []  # weight, so no weight normalisation
    if others:
        st = ctx.statement
        if st is not None and st.target == v:
            return None  # g ← v g/‖g‖: the vector rescaled in place (a clip's second line), no new weight from v
        size = v.shape[0] if isinstance(v, MatrixExpr) else None
        if len(others) == 1 and not others[0].is_number and not (isinstance(size, sympy.Basic) and others[0].has(size)):
            # √n·v/‖v‖ (RMSNorm's v/RMS(v), n the length of v): a constant of the size, no learned length
            return Match("weight_norm", roles=(("direction", v), ("gain", others[0]), ("norm", norm)),
                         note=f"the weight is {ctx.latex(others[0])} times the unit vector along {ctx.latex(v)}: "
                         "its length and direction are learned separately")
        return None
    return Match("lp_normalization", roles=(("vector", v), ("norm", norm)), params=(("p", sympy.sympify(p)),),
                 also=("normalization",),
                 note=f"divides the vector by its L{p} norm, so the result has L{p} norm "
                 + (f"{scale} (the direction scaled to that length)" if scale else "1")
                 + (" (a floor ε guards a zero vector)" if expr.has(sympy.Max) else ""))


def _weight_norm(expr: sympy.Basic, ctx: Context) -> Match | None:
    m = _lp_normalization(expr, ctx)
    return m if m is not None and m.concept == "weight_norm" else None


def _lp_only(expr: sympy.Basic, ctx: Context) -> Match | None:
    m = _lp_normalization(expr, ctx)
    return m if m is not None and m.concept == "lp_normalization" else None


_HEADS = (Mul, sympy.MatMul)
CONCEPTS: tuple[Concept, ...] = (
    Concept("batch_norm", "batch normalisation",
            "standardises each feature with the mean and variance over the mini-batch, then scales and shifts",
            "Ioffe & Szegedy (2015): for each feature, μ_B = 1/m Σ_i x_i and σ_B² = 1/m Σ_i (x_i − μ_B)² over the m "
            "examples of the batch; x̂_i = (x_i − μ_B)/√(σ_B² + ε), y_i = γ x̂_i + β.  At test time running "
            "averages of μ and σ² replace the batch statistics.",
            ("input", "mean", "variance", "scale", "shift"), ("layer_norm", "normalization", "variance"),
            "normalisation", per_feature_too(_batch_or_layer),
            heads=(Mul, Add, sympy.MatAdd, sympy.HadamardProduct, sympy.MatMul),
            names=("batchnorm", "batchnormalization", "batchnormd", "bn")),
    Concept("layer_norm", "layer normalisation",
            "standardises each example over its own features, then scales and shifts",
            "Ba et al. (2016): μ = 1/H Σ_j x_j and σ² = 1/H Σ_j (x_j − μ)² over the H features of one example "
            "(the same for every example, at training and test time); y = γ (x − μ)/√(σ² + ε) + β.  Used in "
            "Transformers and RNNs, where batch statistics are awkward.",
            ("input", "mean", "variance", "scale", "shift"), ("batch_norm", "rms_norm", "normalization"),
            "normalisation", None, heads=(Mul, Add), names=("layernorm", "layernormalization", "ln")),
    Concept("rms_norm", "RMS normalisation (RMSNorm)",
            "divides each example by the root mean square of its features, then scales by a gain",
            "Zhang & Sennrich (2019): ā_i = a_i / RMS(a) · g_i with RMS(a) = √(1/n Σ_j a_j² (+ ε)); layer norm "
            "without the mean subtraction (and usually without the shift), cheaper and as good in practice.",
            ("input", "rms"), ("layer_norm", "rms_normalization"), "normalisation", per_feature_too(_rms_norm),
            heads=(Mul, sympy.MatMul, sympy.HadamardProduct), names=("rmsnorm",)),
    Concept("group_norm", "group normalisation",
            "standardises each example over groups of channels",
            "Wu & He (2018): the channels are split into G groups and each group of one example is standardised with "
            "its own mean and variance (G = 1 is layer norm, G = C is instance norm), then scaled and shifted "
            "per channel; independent of the batch size.",
            ("input",), ("layer_norm", "batch_norm"), "normalisation", None, names=("groupnorm", "gn")),
    Concept("weight_norm", "weight normalisation",
            "writes a weight vector as a learned length g times a unit direction v/‖v‖",
            "Salimans & Kingma (2016): w = g v/‖v‖ separates the length g from the direction v, which speeds up "
            "and conditions gradient descent; unlike batch norm it touches the weights, not the activations.",
            ("direction", "gain", "norm"), ("lp_normalization", "l2_norm"), "normalisation", _weight_norm,
            heads=_HEADS, names=("weightnorm",)),
    Concept("lp_normalization", "Lp normalisation",
            "divides a vector by its Lp norm so it has length 1",
            "x / max(‖x‖_p, ε) (PyTorch's F.normalize, p = 2 by default): keeps the direction, sets the length to "
            "1; ε avoids dividing by zero.  Used before cosine similarities and in contrastive losses.",
            ("vector", "norm"), ("l2_norm", "cosine_similarity", "normalization"), "normalisation", _lp_only,
            heads=_HEADS),
)
