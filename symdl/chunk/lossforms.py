"""Losses written in forms the basic recognisers do not see: the softmax cross-entropy in logits.

cs231n writes the softmax loss as ``L_i = −f_{y_i} + log Σ_j e^{f_j}`` and d2l as
``log Σ_k exp(o_k) − Σ_j y_j o_j``: the log-sum-exp of the scores minus the true class's score (picked by
an index or by a one-hot target).  Both are ``−log softmax(f)_y``, a cross-entropy.
"""

from __future__ import annotations

import sympy
from sympy import Abs, exp, log
from sympy.core.function import AppliedUndef

from symdl.chunk.algebra import cheap_cancel, difference, index_rename, is_number, numer_denom, reduction, terms
from symdl.chunk.dice_forms import COEFFICIENT
from symdl.chunk.lossalg import distribution_name, log_parts, sampled_from, unreduce
from symdl.chunk.reductions import strip_reductions
from symdl.chunk.registry import Context, Match
from symdl.functions import sigmoid, softplus


def _lse(t: sympy.Basic) -> tuple[sympy.Basic, sympy.Symbol] | None:
    """``(score_j, j)`` if ``t`` is ``log Σ_j exp(score_j)``."""
    if not isinstance(t, log):
        return None
    red = reduction(t.args[0])
    if red is None or red[0] != 1 or len(red[1].limits) != 1 or not isinstance(red[1].function, exp):
        return None
    j = red[1].limits[0][0]
    score = red[1].function.args[0]
    return (score, j) if score.has(j) else None


def _true_score(t: sympy.Basic, score: sympy.Basic, j: sympy.Symbol, limits: tuple) -> str | None:
    """How ``t`` picks the true class's score: ``"index"`` (``f_y``), ``"one-hot"`` (``Σ_j y_j f_j``), else None."""
    if not t.has(j) and not isinstance(t, sympy.Sum):
        for idx in t.atoms(sympy.Indexed):
            picked = [i for i in idx.indices if not i.is_number]
            for i in picked:
                if i != j and score.xreplace({j: i}) == t:
                    return "index"
        return None
    red = reduction(t)
    if red is None or red[0] != 1 or len(red[1].limits) != 1 or red[1].limits[0][1:] != limits[1:]:
        return None
    k = red[1].limits[0][0]
    body = red[1].function.xreplace({k: j})
    y = cheap_cancel(body / score)
    return "one-hot" if y.has(j) and not y.has(exp) and y != score and not y.free_symbols & score.free_symbols - {j} \
        else None


def softmax_quotient(arg: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic] | None:
    """``(u, D)`` if ``arg`` is ``e^u / D``, ``D = Σ_j e^{f_j}`` and ``u`` one of its terms ``f_k`` (an entry of the
    softmax: ``f_{y_i}``, ``x_{n,c}``), else None; InfoNCE's ``e^{q·k₊/τ} / Σ_i e^{q·k_i/τ}`` is no entry."""
    num, den = numer_denom(arg)
    if not isinstance(num, exp):
        return None
    red = reduction(den)
    if red is None or red[0] != 1 or len(red[1].limits) != 1 or not isinstance(red[1].function, exp):
        return None
    j = red[1].limits[0][0]
    term = _bound_renamed(red[1].function.args[0])
    return (num.args[0], den) if index_rename(_bound_renamed(num.args[0]), term, j) is not None else None


_BOUND = sympy.Symbol("_bound", integer=True)


def _bound_renamed(e: sympy.Basic) -> sympy.Basic:
    """``e`` with the index of each inner one-index sum renamed alike (UFLDL's ``Σ_n θ_{k,n} x_n`` against
    ``Σ_l θ_{j,l} x_l``: the same term up to the letter the product's sum runs over)."""
    return e.replace(
        lambda t: isinstance(t, sympy.Sum) and len(t.limits) == 1,
        lambda t: sympy.Sum(t.function.xreplace({t.limits[0][0]: _BOUND}), (_BOUND, *t.limits[0][1:])),
    )


def logs_of_softmax_opened(expr: sympy.Basic) -> sympy.Basic:
    """``expr`` with every ``log(e^u / Σ_j e^{f_j})`` written ``u − log Σ_j e^{f_j}`` (cs231n's
    ``−log(e^{f_{y_i}} / Σ_j e^{f_j})``, PyTorch's ``log(exp(x_{n,c}) / Σ_i exp(x_{n,i}))``): the log-softmax
    opened into logits, the form :func:`softmax_ce_logits` reads."""
    found = {g: softmax_quotient(g.args[0]) for g in expr.atoms(log)}
    opened = {g: q[0] - log(q[1]) for g, q in found.items() if q is not None}
    return expr.xreplace(opened) if opened else expr


def softmax_ce_logits(expr: sympy.Basic, ctx: Context) -> Match | None:
    """``log Σ_j e^{f_j} − f_y`` (or ``− Σ_j y_j f_j``), possibly summed or averaged over examples; also
    ``−log(e^{f_y} / Σ_j e^{f_j})``, the log-softmax of the true class written as a quotient."""
    opened = logs_of_softmax_opened(expr)
    if opened != expr:
        m = softmax_ce_logits(sympy.expand_mul(opened), ctx)
        quotients = [g.args[0] for g in expr.atoms(log) if softmax_quotient(g.args[0]) is not None]
        if m is None or len(quotients) != 1:
            return None
        return Match("cross_entropy", roles=(("prediction", quotients[0]),), name="softmax cross-entropy",
                     note="−log of the softmax probability of the true class" + m.note[m.note.find(" (picked"):]
                     * (" (picked" in m.note))
    k, limits, body = strip_reductions(expr)
    if isinstance(body, sympy.Mul) and body.args[0] == -1:
        k, body = -k, -body
    if not isinstance(body, sympy.Add) or len(body.args) != 2 or k.could_extract_minus_sign():
        return None
    for lse_t, other in (body.args, body.args[::-1]):
        got = _lse(lse_t)
        if got is None:
            continue
        score, j = got
        sums = [lim for lim in reduction(lse_t.args[0])[1].limits]
        how = _true_score(-other, score, j, sums[0])
        if how is None:
            continue
        note = "−log softmax of the true class written with logits: its log-sum-exp minus the true class's score"
        if how == "one-hot":
            note += " (picked by a one-hot target)"
        if limits:
            note += "; over examples " + ", ".join(ctx.latex(lim[0]) for lim in limits)
        return Match("cross_entropy", roles=(("logits", score), ("normaliser", lse_t)), note=note,
                     name="softmax cross-entropy", also=("log_softmax",))
    return None


def residual(base: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic] | None:
    """``(a, b)`` if ``base`` is ``a − b``; with more terms, ``(prediction, target)`` when exactly one is
    subtracted (``wᵀx + b − y``: the target is the one subtracted term)."""
    got = difference(base)
    if got is not None:
        return got
    parts = terms(base)
    neg = [t for t in parts if t.could_extract_minus_sign()]
    if len(parts) < 3 or len(neg) != 1:
        return None
    return sympy.Add(*[t for t in parts if t is not neg[0]]), -neg[0]


def _flip_label(f: sympy.Basic, sign: int) -> sympy.Basic | None:
    """``y`` if ``f`` is ``sign·(1 − 2y)`` (the map of a 0/1 label to ∓1), else None."""
    for y in f.free_symbols:
        if cheap_cancel(f - sign * (1 - 2 * y)) == 0:
            return y
    return None


def bce_logistic(expr: sympy.Basic, ctx: Context) -> Match | None:
    """Goodfellow's ``−log σ((2y − 1) z) = ζ((1 − 2y) z)``: binary cross-entropy of a logit ``z``, label ``y``."""
    if isinstance(expr, softplus):
        arg, sign = expr.args[0], 1
    elif isinstance(expr, sympy.Mul) and len(expr.args) == 2 and expr.args[0] == -1 and isinstance(
            expr.args[1], log) and isinstance(expr.args[1].args[0], sigmoid):
        arg, sign = expr.args[1].args[0].args[0], -1
    else:
        return None
    fs = sympy.Mul.make_args(arg)
    for f in fs:
        y = _flip_label(f, sign)
        if y is not None:
            z = sympy.Mul(*[g for g in fs if g is not f])
            return Match("binary_cross_entropy", roles=(("target", y), ("logit", z)), also=("softplus",),
                         note=f"with logit {ctx.latex(z)}: (2{ctx.latex(y)} − 1) maps the 0/1 label to ±1, so "
                         "−log σ(±z) = ζ(∓z) picks log σ(z) or log(1 − σ(z))")
    return None


def _overlap(inter: sympy.Basic) -> tuple[sympy.Basic, list[tuple], sympy.Basic, sympy.Basic] | None:
    """``(weight, limits, p, g)`` if ``inter`` is ``Σ … w · p · g`` (a soft intersection, maybe class-weighted)."""
    k, limits, body = strip_reductions(inter)
    fs = [f for f in sympy.Mul.make_args(body) if not f.is_number]
    if not limits or len(fs) != 2 or k.could_extract_minus_sign():
        return None
    return k, limits, fs[0], fs[1]


def dice_general(expr: sympy.Basic, ctx: Context) -> Match | None:
    """``1 − (2 Σ p g + s)/(Σ p + Σ g + s)`` (smoothed, V-Net's squares) or Sudre's class-weighted generalised
    Dice ``1 − 2 Σ_l w_l Σ_n r p / Σ_l w_l Σ_n (r + p)``."""
    loss = isinstance(expr, sympy.Add) and len(expr.args) == 2 and 1 in expr.args
    num, den = numer_denom(-next(a for a in expr.args if a != 1) if loss else expr)
    smooth = [t for t in terms(den) if not t.has(sympy.Sum) and t in terms(num)]
    if not loss and not smooth:
        return None  # the plain coefficient is concepts_loss2's _dice_plain
    num, den = num - sympy.Add(*smooth), den - sympy.Add(*smooth)
    c, inter = num.as_coeff_Mul()
    got = _overlap(inter)
    kd, ld, bd, how = unreduce(den)
    if c != 2 or got is None or how != "sum" or len(ld) != len(got[1]):
        return None
    k, limits, p, g = got
    ren = {a[0]: b[0] for a, b in zip(ld, limits, strict=True)}
    kd, bd = kd.xreplace(ren), bd.xreplace(ren)
    sizes = set(terms(bd))
    if cheap_cancel(kd - k) != 0 or sizes not in ({p, g}, {p**2, g**2}):
        return None
    note = "one minus 2·overlap / (total sizes): the soft Dice loss" if loss else (
        "2·overlap / (total sizes): the soft Dice coefficient (the loss is 1 minus it)")
    if smooth:
        note += f", smoothed by {ctx.latex(sympy.Add(*smooth))} (no 0/0 on empty masks)"
    if k != 1:
        note += f"; the generalised Dice of Sudre et al., classes weighted by {ctx.latex(k)}"
    return Match("dice_loss", roles=(("prediction", p), ("target", g)), note=note, name="" if loss else COEFFICIENT)


def kl_log_input(expr: sympy.Basic, ctx: Context) -> Match | None:
    """PyTorch's KLDivLoss ``y · (log y − x)``: the KL summand with the prediction ``x`` given as a log-probability."""
    k, limits, body, _how = unreduce(expr)
    logs, rest = log_parts(body)
    if len(logs) != 1 or rest == 0 or k.could_extract_minus_sign():
        return None
    (y, c), = logs.items()
    x = cheap_cancel(-rest / y)
    if cheap_cancel(c - y) != 0 or x.is_number or x.has(log) or x.has(y):
        return None
    note = f"the prediction {ctx.latex(x)} is a log-probability (PyTorch's KLDivLoss input): y·(log y − log q)"
    if limits:
        note += "; summed over " + ", ".join(ctx.latex(lim[0]) for lim in limits)
    return Match("kl_divergence", roles=(("p", y), ("log q", x)), note=note, name="KL divergence (log-space input)")


def _one_log(t: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic] | None:
    """``(log argument, coefficient)`` of an expectation of a single log, else None."""
    k, _limits, body, how = unreduce(t)
    logs, rest = log_parts(body)
    if how != "expectation" or rest != 0 or len(logs) != 1:
        return None
    (arg, c), = logs.items()
    return arg, cheap_cancel(k * c)


def elbo_entropy(expr: sympy.Basic, ctx: Context) -> Match | None:
    """Goodfellow's ``E_{h∼q}[log p(h, v)] + H(q)`` (or ``− E_{h∼q}[log q(h)]``): the energy term plus the entropy
    of the distribution the expectation draws from."""
    if not isinstance(expr, sympy.Add) or len(expr.args) != 2:
        return None
    for energy, ent in (expr.args, expr.args[::-1]):
        got = _one_log(energy)
        if got is None or not got[1].is_positive or not isinstance(got[0], AppliedUndef):
            continue
        dists = sampled_from(energy, ctx.formula)
        if distribution_name(got[0]) in dists:
            continue
        if isinstance(ent, AppliedUndef) and len(ent.args) == 1 and distribution_name(ent.args[0]) in dists:
            how = f"{ctx.latex(ent)}: the entropy of the approximating distribution"
        else:
            surprise = _one_log(ent)
            if surprise is None or not surprise[1].is_negative or distribution_name(surprise[0]) not in dists:
                continue
            how = "−E_q[log q], the entropy of the approximating distribution, written out"
        return Match("elbo", roles=(("energy term", energy), ("entropy", ent)), also=("entropy", "expectation"),
                     note=f"expected log joint under q plus {how} (Goodfellow's form of the ELBO)")
    return None


def _defined_as(x: sympy.Basic, ctx: Context) -> sympy.Basic:
    """``x`` followed through the formula's own definitions (``L = l_n``, ``l_n = |x_n − y_n|``), at most 3 steps."""
    stmts = ctx.formula.statements if ctx.formula is not None else []
    for _ in range(3):
        nxt = next((s.rhs for s in stmts if s.target is not None and s.target == x and s.rhs != x), None)
        if nxt is None:
            return x
        x = nxt
    return x


def mean_call_pointwise(expr: sympy.Basic, ctx: Context) -> tuple[sympy.Basic, str] | None:
    """``(pointwise loss, how)`` of a named mean: PyTorch's ``ℓ = mean(L), L = {l_1,…,l_N}ᵀ, l_n = |x_n − y_n|``
    (how ``"named"``: the loss is defined by another statement) or Keras' ``mean(square(y_true − y_pred))``
    (how ``"direct"``: the pointwise loss is the argument itself)."""
    from symdl.chunk.concepts_stats import trace_mean
    from symdl.chunk.registry import undefined_name

    if (entry := _entry_mean(expr)) is not None:  # Keras' mean(abs(y_true - y_pred), axis=-1), read over arrays
        return entry, "direct"
    reduced = trace_mean(expr) if ctx.formula is not None and any(
        n.rule in ("array-mean", "axis-argument", "keyword-axis") for n in ctx.formula.notes) else None
    if reduced is not None:  # mean((\mathbf{y} - \hat{\mathbf{y}})^2): the reader's mean of an array's entries
        return reduced, "direct"
    if not (isinstance(expr, AppliedUndef) and undefined_name(expr) == "mean" and len(expr.args) == 1):
        return None
    body = _defined_as(expr.args[0], ctx)
    return (body, "named") if body != expr.args[0] else (body, "direct")


def _entry_mean(expr: sympy.Basic) -> sympy.Basic | None:
    """The pointwise loss of one entry, ``|y_true − y_pred|`` with the arrays' names as numbers, if ``expr`` is the
    mean over an array's entries of a function applied entry by entry, ``(1/n) tr(1ᵀ f.(v))`` with v n×1 (the Keras
    docs' ``mean(abs(y_true - y_pred), axis=-1)`` as symdl.read.keywords reads it); else None."""
    if not isinstance(expr, sympy.Basic):
        return None
    traces = [f for f in sympy.Mul.make_args(expr) if isinstance(f, sympy.Trace)]
    if len(traces) != 1 or type(traces[0].arg).__name__ != "MatMul" or len(traces[0].arg.args) != 2:
        return None
    ones, applied = traces[0].arg.args
    if type(ones).__name__ != "OneMatrix" or type(applied).__name__ != "ElementwiseApplyFunction":
        return None
    v = applied.expr
    if v.shape[1] != 1 or cheap_cancel(expr / traces[0] * v.shape[0]) != 1:
        return None
    entry = _as_entry(applied)
    return None if entry is None or isinstance(entry, sympy.MatrixExpr) else entry


def _as_entry(m: sympy.Basic) -> sympy.Basic | None:
    """One entry of the element-wise array expression ``m``, each array's name a number (``y_true − y_pred``); None
    for anything not element-wise (a matrix product, a transpose)."""
    name = type(m).__name__
    if isinstance(m, sympy.MatrixSymbol):
        return sympy.Symbol(str(m.name))
    if name == "OneMatrix":
        return sympy.Integer(1)
    if not isinstance(m, sympy.MatrixExpr):
        return m if m.is_number else None
    parts = [_as_entry(a) for a in (m.args[1:] if name == "ElementwiseApplyFunction" else m.args)]
    if any(p is None for p in parts):
        return None
    if name == "MatAdd":
        return sympy.Add(*parts)
    if name == "HadamardProduct" or (name == "MatMul" and sum(isinstance(a, sympy.MatrixExpr) for a in m.args) == 1):
        return sympy.Mul(*parts)
    if name == "HadamardPower":
        return sympy.Pow(*parts)
    if name == "ElementwiseApplyFunction":
        return m.function.expr.xreplace({m.function.variables[0]: parts[0]})
    return None


def _quadratic(t: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic | None] | None:
    """``(d, M)`` if ``t`` is ``tr(dᵀ M d)`` (``M`` None for ``tr(dᵀ d)``), ``d`` a vector."""
    if not isinstance(t, sympy.Trace) or type(t.arg).__name__ != "MatMul":
        return None
    mats = [a for a in t.arg.args if isinstance(a, sympy.MatrixExpr)]
    if len(mats) not in (2, 3) or len(mats) != len(t.arg.args) or not isinstance(mats[0], sympy.Transpose):
        return None
    d = mats[-1]
    if mats[0].arg != d or d.shape[1] != 1:
        return None
    return d, mats[1] if len(mats) == 3 else None


def _gaussian_parts(expr: sympy.Basic) -> tuple[dict[str, sympy.Basic], dict[sympy.Basic, sympy.Basic]] | None:
    """``2·expr`` split into its trace, quadratic form and count terms, and its log-determinants' coefficients."""
    c, body = expr.as_coeff_Mul()  # ½(...) distributed or not; never expanded (that would open the quadratic form)
    twice = [2 * c * t for t in sympy.Add.make_args(body)]
    logs, rest = log_parts(sympy.Add(*[t for t in twice if t.has(log)]))  # log(det Σ₁ / det Σ₀): two logs
    parts: dict[str, sympy.Basic] = {}
    for t in [*(terms(rest) if rest != 0 else []), *(t for t in twice if not t.has(log))]:
        c, body = t.as_coeff_Mul()
        if c == 1 and _quadratic(body) is not None and "quad" not in parts:
            parts["quad"] = body
        elif c == 1 and isinstance(body, sympy.Trace) and "trace" not in parts:
            parts["trace"] = body.arg
        elif c == -1 and isinstance(body, sympy.Symbol) and "count" not in parts:
            parts["count"] = body
        else:
            return None
    if set(parts) != {"quad", "trace", "count"} or not all(isinstance(a, sympy.Determinant) for a in logs):
        return None
    return parts, {a.arg: c for a, c in logs.items()}


def gaussian_kl_matrix(expr: sympy.Basic, ctx: Context) -> Match | None:
    """The closed form of KL(N(μ₀, Σ₀) ‖ N(μ₁, Σ₁)) in ``k`` dimensions, ``½(tr(Σ₁⁻¹Σ₀) + (μ₁ − μ₀)ᵀΣ₁⁻¹(μ₁ − μ₀)
    − k + log(det Σ₁ / det Σ₀))``, or against the standard normal (a VAE's prior), ``½(tr Σ + μᵀμ − k − log det Σ)``."""
    got = _gaussian_parts(expr)
    if got is None:
        return None
    parts, dets = got
    d, metric = _quadratic(parts["quad"])  # type: ignore[misc]
    trace = parts["trace"]
    if metric is None:  # against N(0, I): tr Σ + μᵀμ − k − log det Σ
        if dets != {trace: -1} or isinstance(trace, sympy.MatMul):
            return None
        roles = (("mean", d), ("covariance", trace), ("squared mean", parts["quad"]))
        return Match("kl_divergence", roles=roles, name="KL divergence of Gaussians",
                     note="closed form of KL(N(μ, Σ) ‖ N(0, I)): ½(tr Σ + μᵀμ − k − log det Σ)")
    inv = metric.arg if isinstance(metric, sympy.Inverse) else None
    if inv is None or type(trace).__name__ != "MatMul" or len(trace.args) != 2 or trace.args[0] != metric:
        return None
    other = trace.args[1]
    if dets != {inv: 1, other: -1} or difference(d) is None:
        return None
    roles = (("Σ₀", other), ("Σ₁", inv), ("mean difference", d), ("Mahalanobis term", parts["quad"]))
    return Match("kl_divergence", roles=roles, name="KL divergence of Gaussians",
                 note="closed form of KL(N(μ₀, Σ₀) ‖ N(μ₁, Σ₁)) in k dimensions")


def squared_term(expr: sympy.Basic, ctx: Context) -> bool:
    """Is ``expr`` one term of a residual squared in the statement (``(ŷ − log X)²``)?"""
    rhs = ctx.statement.rhs if ctx.statement is not None else expr
    return any(isinstance(q, sympy.Pow) and q.exp == 2 and isinstance(q.base, sympy.Add) and expr in q.base.args
               for q in sympy.preorder_traversal(rhs))


def target_minus_model(base: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic] | None:
    """``(target, model)`` of ``y_i − β_0 − Σ_j x_ij β_j`` (ESL's lasso, 3.52): one term that is no number, the model's
    several terms subtracted from it."""
    parts = terms(base)
    pos = [t for t in parts if not t.could_extract_minus_sign()]
    if len(parts) < 3 or len(pos) != 1 or is_number(pos[0]):
        return None
    return pos[0], -sympy.Add(*(t for t in parts if t is not pos[0]))


def squared_norm_of_difference(expr: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic] | None:
    """``(a, b)`` of ``‖a − b‖²`` read as ``tr((a − b)ᵀ(a − b))`` (scikit-learn's ``‖Xw − y‖²₂``), of the product
    itself (Ng's ``(X\theta - y)^T(X\theta - y)``), or of ``|a − b|²``: the squared error of a vector (or of a
    number written with bars)."""
    inner = expr.arg if isinstance(expr, sympy.Trace) else expr  # Ng's (X\theta - y)^T(X\theta - y): 1×1 already
    if type(inner).__name__ == "MatMul" and len(inner.args) == 2:
        left, right = inner.args
        transposed = (isinstance(left, sympy.Transpose) and left.arg == right) or left == sympy.Transpose(right).doit()
        if transposed and type(right).__name__ == "MatAdd":  # (θᵀXᵀ − yᵀ)(Xθ − y): the transpose distributed
            neg = [t for t in right.args if t.could_extract_minus_sign()]
            if len(right.args) == 2 and len(neg) == 1:
                return next(t for t in right.args if t is not neg[0]), -neg[0]
    if isinstance(expr, sympy.Pow) and expr.exp == 2 and isinstance(expr.base, Abs):
        return difference(expr.base.args[0])
    return None
