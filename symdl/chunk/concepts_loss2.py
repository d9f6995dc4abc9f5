"""More losses: label smoothing, focal, Huber / smooth L1, squared hinge, contrastive, triplet, InfoNCE,
Dice, cosine embedding and the L1 penalty.

Each is recognised by its structure (a positive part ``max(0, ·)``, a piecewise quadratic-then-linear
branch pair, a ratio of overlaps) and exact algebra on the parts, never by how a symbol is spelled.
"""

from __future__ import annotations

import re

import sympy
from sympy import Abs, Max, Piecewise, log
from sympy.matrices.expressions.matexpr import MatrixExpr

from symdl.chunk.algebra import cheap_cancel, is_number, leaves, numer_denom, reduction, terms
from symdl.chunk.concepts_linalg import _cosine_similarity
from symdl.chunk.concepts_loss import _hinge
from symdl.chunk.concepts_stats import trace_mean
from symdl.chunk.dice_forms import COEFFICIENT, dice_averaged, dice_of_totals
from symdl.chunk.loss_contrast import infonce
from symdl.chunk.lossalg import smoothing_flip, smoothing_prior, smoothing_to_number
from symdl.chunk.lossforms import dice_general
from symdl.chunk.reductions import mean_scale, strip_reductions
from symdl.chunk.registry import Concept, Context, Match, undefined_name
from symdl.functions import relu


def plus_part(e: sympy.Basic) -> sympy.Basic | None:
    """``x`` if ``e`` is ``max(0, x)`` or ``relu(x)``."""
    if isinstance(e, relu):
        return e.args[0]
    if isinstance(e, Max) and len(e.args) == 2 and 0 in e.args:
        return next(a for a in e.args if a != 0)
    return None


def _label_smoothing(expr: sympy.Basic, ctx: Context) -> Match | None:
    if not isinstance(expr, sympy.Add) or len(expr.args) != 2:
        return None
    for keep, spread in (expr.args, expr.args[::-1]):
        eps, den = numer_denom(spread)
        if den == 1 or is_number(den) or is_number(eps) or den.has(*eps.free_symbols):
            continue
        y = cheap_cancel(keep / (1 - eps))
        if is_number(y) or y.has(*eps.free_symbols) or y.has(*den.free_symbols):
            continue
        return Match("label_smoothing", roles=(("target", y), ("smoothing", eps), ("classes", den)),
                     params=(("epsilon", eps), ("K", den)),
                     note=f"keeps 1 − {ctx.latex(eps)} of the target and spreads {ctx.latex(eps)} uniformly "
                     f"over {ctx.latex(den)} classes")
    return smoothing_prior(expr, ctx) or smoothing_to_number(expr, ctx) or smoothing_flip(expr, ctx)


def _focal_loss(expr: sympy.Basic, ctx: Context) -> Match | None:
    k, _limits, body = strip_reductions(expr)
    fs = sympy.Mul.make_args(k * body)
    logs = [f for f in fs if isinstance(f, log)]
    pows = [f for f in fs if isinstance(f, sympy.Pow) and not is_number(f.exp)]
    ce = [f for f in fs if isinstance(f, sympy.Symbol) and re.fullmatch(r"b?ce(?:_?loss)?", re.sub(
        r"\\text\{|\}|\\", "", ctx.spelling(f)).lower())]
    if len(ce) == 1 and len(pows) == 1 and len(fs) == 2 and isinstance(pows[0].base, sympy.Add):
        # torchvision's sigmoid_focal_loss: loss = ce_loss * ((1 - p_t) ** gamma), the cross-entropy computed above
        return Match("focal_loss", roles=(("cross-entropy", ce[0]), ("modulating factor", pows[0])),
                     params=(("gamma", pows[0].exp),), also=("cross_entropy",),
                     note=f"the cross-entropy scaled by ${ctx.latex(pows[0])}$: easy examples (p_t near 1) count less")
    if len(logs) != 1 or len(pows) != 1:
        return None
    p = logs[0].args[0]
    if cheap_cancel(pows[0].base - (1 - p)) != 0:
        return None
    rest = [f for f in fs if f is not logs[0] and f is not pows[0]]
    alpha = sympy.Mul(*rest)
    sign = sympy.Mul(*[f for f in rest if f.is_Number])  # -(1 - α) p^γ log(1 - p): the -1 written, 1 - α a weight
    if not (alpha.could_extract_minus_sign() or sign.is_negative) or alpha.has(p):
        return None
    gamma = pows[0].exp
    return Match("focal_loss", roles=(("probability", p), ("modulating factor", pows[0])),
                 params=(("gamma", gamma), ("alpha", -alpha)),
                 note=f"(1 − p)^{ctx.latex(gamma)} down-weights well-classified examples (p near 1)")


def _huber(expr: sympy.Basic, ctx: Context) -> Match | None:
    if not isinstance(expr, Piecewise) or len(expr.args) != 2:
        return None
    absolutes = [a for a in expr.args[0].cond.atoms(Abs)] + [a for a in expr.args[1].cond.atoms(Abs)]
    if not absolutes:
        return None
    a = absolutes[0].args[0]
    s = sympy.Dummy("s", positive=True)
    pieces = []
    for e, _ in expr.args:
        e = sympy.nsimplify(e, rational=True) if e.has(sympy.Float) else e
        pieces.append(e.xreplace({Abs(a): s, Abs(-a): s, a**2: s**2, (-a) ** 2: s**2}))
    if any(p.has(a) or (a.free_symbols and p.has(*a.free_symbols) and not _free_of(p, a)) for p in pieces):
        return None
    quad = [p for p in pieces if sympy.degree(p, s) == 2] if all(p.is_polynomial(s) for p in pieces) else []
    lin = [p for p in pieces if p.is_polynomial(s) and sympy.degree(p, s) == 1]
    if len(quad) != 1 or len(lin) != 1:
        return None
    q, li = quad[0], lin[0]
    cond = expr.args[0].cond
    delta = next((x for x in (cond.lhs, cond.rhs) if not x.has(a)), None)
    if delta is None or q.subs(s, 0) != 0 or sympy.diff(q, s).subs(s, 0) != 0:
        return None
    slope = cheap_cancel(sympy.diff(li, s))
    joined = cheap_cancel(q.subs(s, delta) - li.subs(s, delta)) == 0
    if not joined or cheap_cancel(sympy.diff(q, s).subs(s, delta) - slope) != 0:  # continuous, and smooth
        return None
    if cheap_cancel(slope - delta) == 0 and cheap_cancel(sympy.diff(q, s, 2) - 1) == 0:
        name = "Huber loss" if delta != 1 else "Huber loss (= smooth L1 with δ = 1)"
        return Match("huber", roles=(("error", a), ("threshold", delta)), params=(("delta", delta),), name=name,
                     note=f"quadratic for |error| ≤ {ctx.latex(delta)}, linear (slope {ctx.latex(delta)}) beyond")
    if slope == 1:
        return Match("huber", roles=(("error", a), ("threshold", delta)), params=(("beta", delta),),
                     name="smooth L1 loss", note=f"PyTorch's SmoothL1 with β = {ctx.latex(delta)}: "
                     "Huber divided by β, slope 1 beyond β")
    return None


def _free_of(p: sympy.Basic, a: sympy.Basic) -> bool:
    return not p.has(a)


def _squared_hinge(expr: sympy.Basic, ctx: Context) -> Match | None:
    if isinstance(expr, sympy.Sum):  # Σ_j max(0, s_j − s_y + Δ)²: before the sum reads as a squared norm
        m = _squared_hinge(expr.function, ctx)
        if m is None:
            return None
        return Match("squared_hinge", roles=(("squared hinge", expr.function),),
                     note=f"summed over {ctx.latex(expr.limits[0][0])}")
    if not (isinstance(expr, sympy.Pow) and expr.exp == 2):
        return None
    m = _hinge(expr.base, ctx)
    if m is None:
        return None
    return Match("squared_hinge", roles=m.roles, note="the hinge squared: smooth at the margin, quadratic penalty")


def _contrastive_loss(expr: sympy.Basic, ctx: Context) -> Match | None:
    if not isinstance(expr, sympy.Add) or len(expr.args) != 2:
        return None
    for near, far in (expr.args, expr.args[::-1]):
        pows = [f for f in sympy.Mul.make_args(far) if isinstance(f, sympy.Pow) and f.exp == 2 and plus_part(f.base)]
        if len(pows) != 1:
            continue
        inner = plus_part(pows[0].base)
        w_far = cheap_cancel(far / pows[0])
        for margin in terms(inner):
            d = -(inner - margin)
            if not d.free_symbols or margin.has(*d.free_symbols) if d.free_symbols else True:
                continue
            w_near = cheap_cancel(near / d**2)
            if w_near.has(*leaves(d)):  # the entries d_n, not the index n the label y_n shares (Σ_n over pairs)
                continue
            c = cheap_cancel(w_near + w_far)  # y + (1 − y), times a common scale
            y_n = cheap_cancel(w_near / c) if is_number(c) and c.is_positive else None
            if y_n is not None and not is_number(y_n):
                return Match("contrastive_loss", roles=(("similar label", y_n), ("distance", d), ("margin", margin)),
                             params=(("margin", margin),),
                             note=f"pulls similar pairs together (d²) and pushes dissimilar ones to distance "
                             f"≥ {ctx.latex(margin)}")
    return None


def _swap_one(d1: sympy.Basic, d2: sympy.Basic) -> bool:
    """``d2`` is ``d1`` with one leaf replaced by another (``‖a − p‖`` vs ``‖a − n‖``)."""
    leaves = lambda e: e.free_symbols | e.atoms(sympy.MatrixSymbol, sympy.Indexed)  # noqa: E731
    l1, l2 = leaves(d1), leaves(d2)
    only1, only2 = l1 - l2, l2 - l1
    only1 = {x for x in only1 if not any(x in y.free_symbols for y in only1 if y != x)}
    only2 = {x for x in only2 if not any(x in y.free_symbols for y in only2 if y != x)}
    if len(only1) != 1 or len(only2) != 1 or not (l1 & l2):
        return False
    return d1.xreplace({next(iter(only1)): next(iter(only2))}) == d2


def _triplet_loss(expr: sympy.Basic, ctx: Context) -> Match | None:
    inner = plus_part(expr)
    if inner is None:
        return None
    parts = terms(inner)
    if len(parts) != 3:
        return None
    neg = [t for t in parts if t.could_extract_minus_sign() and not is_number(t)]
    pos = [t for t in parts if not t.could_extract_minus_sign() and t not in neg]
    for d1 in pos:
        margin = [t for t in pos if t is not d1]
        if (len(neg) == 1 and len(margin) == 1 and d1.count_ops() > 0 and _swap_one(d1, -neg[0])
                and _distance_like(d1)):
            m = margin[0]
            if is_number(m) and not m.is_positive:
                return None
            return Match("triplet_loss", roles=(("anchor–positive distance", d1), ("anchor–negative distance", -neg[0]),
                                                ("margin", m)), params=(("margin", m),),
                         note=f"the negative must be farther from the anchor than the positive by {ctx.latex(m)}")
    return None


def _distance_like(d: sympy.Basic) -> bool:
    """Is ``d`` a distance: a norm (or its square), an absolute value, a square of a difference, or a named distance
    ``d(a, p)``?  Scores' products (a multiclass hinge's ``W_r \\cdot X_i``) are no distances."""
    from sympy.core.function import AppliedUndef

    return bool(d.atoms(sympy.Abs, sympy.Trace, AppliedUndef)) or any(
        isinstance(p, sympy.Pow) and p.exp in (2, sympy.Rational(1, 2)) and isinstance(p.base, sympy.Add)
        for p in sympy.preorder_traversal(d))


def _sum_body(e: sympy.Basic) -> sympy.Basic | None:
    red = reduction(e)
    return red[1].function if red and red[0] == 1 else None


def _dice_any(expr: sympy.Basic, ctx: Context) -> Match | None:
    one = lambda e, c: _dice_plain(e, c) or dice_general(e, c)  # noqa: E731
    return one(expr, ctx) or dice_of_totals(expr, ctx) or dice_averaged(expr, ctx, one)


def _dice(expr: sympy.Basic, ctx: Context) -> Match | None:
    """The Dice LOSS, one minus the coefficient; the coefficient alone is :func:`_dice_coefficient` (issue 14)."""
    m = _dice_any(expr, ctx)
    return m if m is not None and m.name != COEFFICIENT else _one_minus_fact(expr, ctx)


def _one_minus_fact(expr: sympy.Basic, ctx: Context) -> Match | None:
    """``L = 1 − D`` where an earlier statement computed ``D`` as the Dice coefficient (Keras blogs' ``dice = …;
    loss = 1 − dice``): the Dice loss, written in two steps."""
    if not (isinstance(expr, sympy.Add) and len(expr.args) == 2 and 1 in expr.args):
        return None
    d = -next(a for a in expr.args if a != 1)
    fact = ctx.facts.get(d)
    if fact is None or "dice_coefficient" not in (fact.concept, *fact.also):
        return None
    return Match("dice_loss", roles=(("coefficient", d),), note=f"one minus the Dice coefficient ${ctx.latex(d)}$ "
                 "computed above")


def _dice_coefficient(expr: sympy.Basic, ctx: Context) -> Match | None:
    m = _dice_any(expr, ctx)
    return Match("dice_coefficient", m.roles, m.params, m.note) if m is not None and m.name == COEFFICIENT else None


def _dice_plain(expr: sympy.Basic, ctx: Context) -> Match | None:
    coef = None
    if isinstance(expr, sympy.Add) and len(expr.args) == 2 and 1 in expr.args:
        ratio = -next(a for a in expr.args if a != 1)
        coef = False
    else:
        ratio = expr
    num, den = numer_denom(ratio)
    c, inter = num.as_coeff_Mul()
    if c != 2 or not isinstance(den, sympy.Add) or len(den.args) != 2:
        return None
    body = _sum_body(inter)
    if body is None or not isinstance(body, sympy.Mul) or len(body.args) != 2:
        return None
    p, g = body.args
    sizes = [_sum_body(t) for t in den.args]
    if any(b is None for b in sizes):
        return None
    bare = [b.base if b.is_Pow and b.exp == 2 else b for b in sizes]
    ren = [{lim[0] for lim in reduction(t)[1].limits} for t in den.args]
    j = next(iter({lim[0] for lim in reduction(inter)[1].limits}))
    bare = [b.xreplace({next(iter(r)): j}) for b, r in zip(bare, ren, strict=True)]
    if set(bare) != {p, g}:
        return None
    name = COEFFICIENT if coef is None else ""
    note = "2·overlap / (total sizes): " + ("the Dice coefficient (the loss is 1 minus it)" if coef is None
                                             else "one minus the soft Dice coefficient")
    return Match("dice_loss", roles=(("prediction", p), ("target", g)), note=note, name=name)


def _pull_scalars(e: sympy.Basic) -> sympy.Basic:
    """``tr(c·A·B)`` → ``c·tr(A·B)`` for scalar factors ``c``, so signs of traces compare."""
    def pull(t: sympy.Trace) -> sympy.Basic:
        if type(t.arg).__name__ != "MatMul":
            return t
        scal = [a for a in t.arg.args if not isinstance(a, MatrixExpr)]
        mats = [a for a in t.arg.args if isinstance(a, MatrixExpr)]
        return sympy.Mul(*scal) * sympy.Trace(sympy.MatMul(*mats)) if scal and mats else t
    return e.replace(lambda x: isinstance(x, sympy.Trace), pull)


def _cos_like(t: sympy.Basic, ctx: Context) -> bool:
    """``t`` is a cosine similarity, also as ``c · tr(aᵀb)`` (a 1×1 product whose scale was pulled out)."""
    if _cosine_similarity(t, ctx) is not None:
        return True
    tr = [f for f in sympy.Mul.make_args(t) if isinstance(f, sympy.Trace) and type(f.arg).__name__ == "MatMul"]
    if len(tr) != 1:
        return False
    scale = sympy.Mul(*[f for f in sympy.Mul.make_args(t) if f is not tr[0]])
    return _cosine_similarity(sympy.MatMul(scale, *tr[0].arg.args), ctx) is not None


def _cosine_embedding(expr: sympy.Basic, ctx: Context) -> Match | None:
    if not isinstance(expr, Piecewise) or len(expr.args) != 2:
        return None
    branches = [_pull_scalars(e) for e, _ in expr.args]
    for near, far in (branches, branches[::-1]):
        inner = plus_part(far)
        if inner is None:
            continue
        for cos in terms(inner):
            if not _cos_like(cos, ctx) or cheap_cancel(near - (1 - cos)) != 0:
                continue
            margin = cheap_cancel(cos - inner)
            return Match("cosine_embedding_loss", roles=(("cosine", cos), ("margin", margin)),
                         params=(("margin", margin),), also=("cosine_similarity",),
                         note=f"similar pairs: 1 − cos; dissimilar pairs: cos above margin {ctx.latex(margin)}")
    return None


def _abs_total(f: sympy.Basic) -> tuple[sympy.Basic, list[tuple]] | None:
    """``(w, limits)`` if ``f`` is ``Σ_i |w_i|``, ``‖w‖₁`` (read as ``tr(1ᵀ |w|)``) or a named sum of absolute
    values (Keras' regulariser ``reduce_sum(abs(x))``, ``sum(abs(w))``)."""
    if isinstance(f, sympy.Sum) and isinstance(f.function, Abs):
        return f.function.args[0], list(f.limits)
    if undefined_name(f) in ("sum", "reducesum") and len(f.args) == 1 and isinstance(f.args[0], Abs):
        return f.args[0].args[0], []
    if isinstance(f, sympy.Trace) and type(f.arg).__name__ == "MatMul" and len(f.arg.args) == 2:
        ones, vec = f.arg.args
        if type(ones).__name__ == "OneMatrix" and getattr(vec, "function", None) is not None:
            lam = vec.function
            if lam.expr == Abs(lam.variables[0]):
                return vec.expr, []
    return None


def _l1_penalty(expr: sympy.Basic, ctx: Context) -> Match | None:
    if not isinstance(expr, sympy.Mul):
        return None
    for f in expr.args:
        got = _abs_total(f)
        if got is None:
            continue
        k = cheap_cancel(expr / f)
        w, limits = got
        if is_number(k) or k.could_extract_minus_sign() or (limits and mean_scale(k, limits) is not None) or (
                not limits and trace_mean(expr) is not None):  # mean(|\mathbf{y} - \hat{\mathbf{y}}|): a mean
            return None
        if not limits and isinstance(w, sympy.MatrixExpr) and is_number(cheap_cancel(k * w.shape[0])):
            return None  # Keras' (100 *) mean(abs(y_true - y_pred), axis=-1): 1/n times the total of n entries, a mean
        if limits and not all(w.has(lim[0]) for lim in limits):
            return None
        if isinstance(w, sympy.Add | sympy.MatAdd):  # DETR's λ_{L1}‖b_i - \hat{b}_{σ(i)}‖_1: a distance, no penalty
            return None
        return Match("l1_penalty", roles=(("coefficient", k), ("weights", w)), params=(("lambda", k),),
                     note=f"{ctx.latex(k)} times the sum of absolute weights: pushes weights to exactly 0 (sparsity)")
    return None


_LOSS = "loss"
_ADD, _MUL, _SUM = sympy.Add, sympy.Mul, sympy.Sum
CONCEPTS: tuple[Concept, ...] = (
    Concept("label_smoothing", "label smoothing", "softens a one-hot target towards the uniform distribution",
            "(1 − ε) y + ε/K: the true class keeps 1 − ε + ε/K, every other class gets ε/K, so the model is "
            "never pushed to infinite logits (Szegedy et al. 2016).", ("target", "smoothing", "classes"),
            ("cross_entropy",), _LOSS, _label_smoothing, heads=(_ADD,), names=("labelsmoothing",),
            subsumes=("weighted_average",)),
    Concept("focal_loss", "focal loss", "a cross-entropy that down-weights easy, well-classified examples",
            "−α (1 − p_t)^γ log p_t (Lin et al. 2017): the factor (1 − p_t)^γ is near 0 when the model is "
            "already right, so training focuses on hard examples; γ = 0 gives back the (α-weighted) "
            "cross-entropy.", ("probability", "modulating factor"), ("cross_entropy", "nll"), _LOSS, _focal_loss,
            heads=(_MUL, _SUM), names=("focalloss", "fl")),
    Concept("huber", "Huber loss / smooth L1", "quadratic for small errors, linear for large ones",
            "½a² for |a| ≤ δ, δ(|a| − ½δ) beyond: squared error near 0 (smooth), absolute error far out (robust "
            "to outliers). PyTorch's smooth L1 is the same shape divided by β (slope 1 beyond β); with δ = β = 1 "
            "they coincide.", ("error", "threshold"), ("mse", "mae"), _LOSS, _huber, heads=(Piecewise,),
            names=("huber", "huberloss", "smoothl", "smoothlloss")),
    Concept("squared_hinge", "squared hinge loss", "the hinge loss squared",
            "max(0, 1 − y f(x))²: zero past the margin like the hinge, but the penalty grows quadratically and "
            "is differentiable at the margin (the L2-SVM loss).", ("margin", "score"), ("hinge",), _LOSS,
            _squared_hinge, heads=(sympy.Pow, _SUM), names=("squaredhinge",)),
    Concept("contrastive_loss", "contrastive loss", "pulls similar pairs together and pushes dissimilar ones apart",
            "y d² + (1 − y) max(0, m − d)² (Hadsell et al. 2006): similar pairs (y = 1) pay their squared "
            "distance, dissimilar pairs pay only while closer than the margin m.",
            ("similar label", "distance", "margin"), ("triplet_loss", "hinge"), _LOSS, _contrastive_loss,
            heads=(_ADD,), names=("contrastiveloss",)),
    Concept("triplet_loss", "triplet loss", "the negative must be farther from the anchor than the positive",
            "max(0, d(a, p) − d(a, n) + α) (Schroff et al. 2015): zero once the negative is at least the margin α "
            "farther from the anchor than the positive; used to learn embeddings.",
            ("anchor–positive distance", "anchor–negative distance", "margin"), ("contrastive_loss", "hinge"),
            _LOSS, _triplet_loss, heads=(Max, relu), names=("tripletloss", "tripletmarginloss")),
    Concept("infonce", "InfoNCE / NT-Xent", "picks the positive pair out of many candidates by similarity",
            "−log(e^{s⁺/τ} / Σ_j e^{s_j/τ}) (van den Oord et al. 2018; SimCLR's NT-Xent): a softmax "
            "cross-entropy whose logits are similarities of an anchor with its positive and the negatives, "
            "at temperature τ.", ("positive score", "normaliser"), ("log_softmax", "cross_entropy", "softmax"),
            _LOSS, infonce, heads=(_MUL, _SUM), names=("infonce", "ntxent")),
    Concept("dice_loss", "Dice loss", "one minus the overlap of prediction and target relative to their sizes",
            "1 − 2|X ∩ Y|/(|X| + |Y|), softly 1 − 2Σ p g/(Σ p + Σ g) or with squares (Milletari et al. 2016): "
            "insensitive to how much background there is, so it suits unbalanced segmentation.",
            ("prediction", "target"), ("cross_entropy", "dice_coefficient"), _LOSS, _dice, heads=(_ADD, _MUL),
            names=("diceloss", "dice")),
    Concept("dice_coefficient", "Dice coefficient", "the overlap of prediction and target relative to their sizes",
            "2|X ∩ Y|/(|X| + |Y|) (Dice 1945; Sørensen), softly 2Σ p g/(Σ p + Σ g): 1 for a perfect overlap, 0 for "
            "none; a score to maximise, and the Dice loss is one minus it.",
            ("prediction", "target"), ("dice_loss",), _LOSS, _dice_coefficient, heads=(_ADD, _MUL),
            names=("dicecoefficient", "dicescore", "dsc")),
    Concept("cosine_embedding_loss", "cosine embedding loss",
            "1 − cos for similar pairs, cos above a margin for others",
            "PyTorch's CosineEmbeddingLoss: 1 − cos(x₁, x₂) if y = 1, max(0, cos(x₁, x₂) − margin) if y = −1: "
            "aligns similar pairs and pushes dissimilar ones below the margin.", ("cosine", "margin"),
            ("cosine_similarity", "hinge"), _LOSS, _cosine_embedding, heads=(Piecewise,),
            names=("cosineembeddingloss",)),
    Concept("l1_penalty", "L1 penalty (lasso)", "adds λ times the sum of absolute weights",
            "λ Σ |w_i| = λ‖w‖₁: its gradient λ·sign(w) pulls every weight towards 0 at a constant rate, so many "
            "become exactly 0 (sparse weights), unlike the L2 penalty.", ("coefficient", "weights"),
            ("l2_penalty", "mae"), _LOSS, _l1_penalty, heads=(_MUL,)),
)
