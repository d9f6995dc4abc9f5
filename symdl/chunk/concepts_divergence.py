"""Divergences and likelihoods: entropy, KL (also in closed form for Gaussians), JS, ELBO, NLL, GAN minimax.

Readers confuse these because they are all sums of ``weight · log(probability)``; they differ in which
distribution weights which log: entropy ``−Σ p log p`` (one distribution), cross-entropy ``−Σ y log p``
(two), KL ``Σ p log(p/q)`` (the weight is the first distribution of the ratio).  Every recogniser reads the
expression as a reduction (sum, mean or expectation) of a body, then splits the body into its logs.
"""

from __future__ import annotations

import re

import sympy
from sympy import exp, log
from sympy.core.function import AppliedUndef

from symdl.chunk.algebra import bounded, cheap_cancel, difference, is_number, terms
from symdl.chunk.concepts_stats import written_expectation
from symdl.chunk.gan import gan_minimax
from symdl.chunk.kl_logvar import log_variance_kl
from symdl.chunk.lossalg import (
    distribution_name,
    log_parts,
    negative_number,
    positive_number,
    sampled_from,
    unreduce,
)
from symdl.chunk.lossforms import elbo_entropy, gaussian_kl_matrix, kl_log_input, softmax_quotient, squared_term
from symdl.chunk.nll_forms import given_the_draw, label_picked, no_label_likelihood, poisson
from symdl.chunk.reductions import _over
from symdl.chunk.registry import Concept, Context, Match, undefined_name
from symdl.functions import VectorSoftmax, softmax
from symdl.untrusted import refuse_text

_KL_NAMES = ("kl", "dkl", "kld", "kldiv", "kldivloss", "kldivergence")


def factored(expr: sympy.Basic) -> sympy.Basic:
    """``expr`` cancelled and factored (exact, bounded): ``μ² − 2μy + y²`` → ``(μ − y)²``."""
    e = cheap_cancel(expr)
    return bounded(lambda: sympy.factor(e), e, 0.2) if sympy.count_ops(e) <= 60 else e


def _where(limits: list[tuple], how: str, ctx: Context) -> str:
    if how == "expectation":
        return "an expectation over samples"
    if how == "integral":
        return f"integrated over {_over(limits, ctx)}"
    return f"summed over {_over(limits, ctx)}" if limits else ""


def _expected_surprise(expr: sympy.Basic, ctx: Context) -> Match | None:
    """``−E_{x∼p}[log p(x)]``: the expectation draws from the very distribution inside the log."""
    k, _limits, body, how = unreduce(expr)
    logs, rest = log_parts(body)
    if how != "expectation" or rest != 0 or len(logs) != 1:
        return None
    (p, c), = logs.items()
    name = distribution_name(p)
    if not negative_number(cheap_cancel(k * c)) or not name or (
            name not in sampled_from(expr, ctx.formula) and not _own_variable(p)):
        return None
    return Match("entropy", roles=(("distribution", p),), also=("expectation",),
                 note="the expected surprise −log p under p itself: the sampled distribution is the one in the log")


def _own_variable(p: sympy.Basic) -> bool:
    """Is ``p`` a density subscripted by the random variable it is applied to (``p_X(X)``, MML's and Murphy's
    entropy ``H(X) = -\\mathbb{E}[\\log p_X(X)]``): the expectation is over that variable's own distribution?"""
    if not isinstance(p, sympy.core.function.AppliedUndef) or len(p.args) != 1 or not p.args[0].is_Symbol:
        return False
    head, _, sub = type(p).__name__.partition("_")
    return head in ("p", "P") and sub.strip("{}") == str(p.args[0])


def _entropy(expr: sympy.Basic, ctx: Context) -> Match | None:
    k, limits, body, how = unreduce(expr)
    if how == "expectation":
        return _expected_surprise(expr, ctx)
    logs, rest = log_parts(body)
    if rest != 0 or not 1 <= len(logs) <= 2 or how == "expectation" or (not how and len(logs) == 1):
        return None
    eff = {a: cheap_cancel(k * c / a) for a, c in logs.items()}
    negated = how in ("sum", "integral") and all(positive_number(v) for v in eff.values())  # Σ_x p log p = −H(p)
    if not negated and not all(negative_number(v) for v in eff.values()):
        return None
    (p, _), *more = logs.items()
    if more and cheap_cancel(p + more[0][0] - 1) != 0:
        return None
    name = ("negative " if negated else "") + ("binary entropy" if more else "entropy" if negated else "")
    note = "of one distribution: its weights are the probabilities inside the log"
    if limits:
        note += "; " + _where(limits, how, ctx)
    return Match("entropy", roles=(("distribution", p),), note=note, name=name)


def kl_parts(expr: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic, str] | None:
    """``(p, q, how)`` if ``expr`` is ``D_KL(p‖q)`` written as a sum/expectation of ``p log(p/q)``."""
    refuse_text(expr, "the expression")
    k, _limits, body, how = unreduce(expr)
    logs, rest = log_parts(body)
    if rest != 0 or len(logs) != 2:
        return None
    (a, ca), (b, cb) = logs.items()
    if cheap_cancel(ca + cb) != 0:
        return None
    if _normalised(a, b) or _normalised(b, a):
        return None  # CPC's log(f(x_{t+k}, c) / Σ_j f(x_j, c)): a score over its candidates' sum, no density ratio
    if isinstance(a, sympy.Sum) or isinstance(b, sympy.Sum):
        return None  # IWAE's log((1/K) Σ_k p(x, z_k)/q(z_k|x)): the log of an average of ratios, no density's log
    w = cheap_cancel(k * ca)
    p, q = (a, b) if not w.could_extract_minus_sign() else (b, a)
    weight = abs(w) if is_number(w) else cheap_cancel(w if p == a else -w)
    if how == "expectation" and positive_number(weight):
        return p, q, how
    if how in ("sum", "integral") and positive_number(cheap_cancel(weight / p)):
        return p, q, how
    if not how and cheap_cancel(weight - p) == 0 and not is_number(p):  # PyTorch KLDivLoss's y log(y / ŷ)
        return p, q, "pointwise"
    return None


def _normalised(score: sympy.Basic, total: sympy.Basic) -> bool:
    """Is ``total`` a sum over an index of the unknown function ``score`` is a value of (``Σ_j f(x_j, c)`` beside
    ``f(x_i, c)``): a normaliser over candidates, as a softmax's denominator, not a second density?"""
    if isinstance(score, AppliedUndef) and isinstance(total, sympy.Add) and score in total.args:
        return True  # InfoNCE's f(x⁺)/(f(x⁺) + Σ_i f(x_i⁻)): the positive's share of a total holding it
    return (isinstance(score, AppliedUndef) and isinstance(total, sympy.Sum) and score.free_symbols.isdisjoint(
        {limit[0] for limit in total.limits}) and any(isinstance(f, AppliedUndef) and f.func == score.func
                                                      for f in sympy.preorder_traversal(total.function)))


def _kl_divergence(expr: sympy.Basic, ctx: Context) -> Match | None:
    got = kl_parts(expr)
    if got is not None:
        p, q, how = got
        note = "Σ p log(p/q) = cross-entropy H(p, q) − entropy H(p)"
        if isinstance(expr, sympy.Add):
            note = "written as cross-entropy minus entropy: D_KL(p‖q) = H(p, q) − H(p)"
        elif how == "expectation":
            note = "an expectation of log(p/q), read as taken under p (the numerator's distribution)"
        elif how == "pointwise":
            note = "the pointwise term p log(p/q) (PyTorch's KLDivLoss before its reduction): summed over the " \
                "outcomes it is D_KL(p‖q)"
        elif how == "integral":
            note = "∫ p log(p/q) dx = cross-entropy H(p, q) − entropy H(p), over a continuous variable"
        return Match("kl_divergence", roles=(("p", p), ("q", q)), note=note,
                     also=("expectation",) if how == "expectation" else ())
    return _gaussian_kl(expr, ctx) or kl_log_input(expr, ctx) or gaussian_kl_matrix(expr, ctx)


def _gaussian_kl(expr: sympy.Basic, ctx: Context) -> Match | None:
    """Closed forms: the VAE's ``−½ Σ(1 + log σ² − μ² − σ²)`` and ``log(σ₂/σ₁) + (σ₁² + (μ₁−μ₂)²)/(2σ₂²) − ½``."""
    k, limits, body, how = unreduce(expr)
    if (logvar := log_variance_kl(k * body, ctx)) is not None:  # the PyTorch VAE example's logvar form
        return logvar
    if how in ("expectation", "integral"):
        return None
    logs, rest = log_parts(body)
    if len(logs) == 1:
        (arg, c), = logs.items()
        var, alpha = (arg, k * c) if isinstance(arg, sympy.Pow) and arg.exp == 2 else (arg**2, k * c / 2)
        negated = cheap_cancel(alpha - sympy.Rational(1, 2)) == 0  # Kingma & Welling's App. B: −D_KL = ½ Σ(…)
        if cheap_cancel(alpha + sympy.Rational(1, 2)) != 0 and not negated:
            return None
        mu2 = factored(2 * (-k if negated else k) * rest - var + 1)
        if not (isinstance(mu2, sympy.Pow) and mu2.exp == 2):
            return None
        note = "closed form of KL(N(μ, σ²) ‖ N(0, 1)) (the VAE's regulariser)"
        if negated:
            note = "the negative of the " + note + ", as the ELBO adds it"
        if limits:
            note += ", " + _where(limits, how, ctx)
        return Match("kl_divergence", roles=(("mean", mu2.base), ("variance", var)), note=note,
                     name=("negative " if negated else "") + "KL divergence of Gaussians")
    if len(logs) == 2 and not limits:
        return _two_gaussians(logs, k * rest)
    return None


def _two_gaussians(logs: dict, rest: sympy.Basic) -> Match | None:
    scaled = {}
    for arg, c in logs.items():
        s, c2 = (arg.base, 2 * c) if isinstance(arg, sympy.Pow) and arg.exp == 2 else (arg, c)
        scaled[s] = c2
    pos = [s for s, c in scaled.items() if c == 1]
    neg = [s for s, c in scaled.items() if c == -1]
    if len(pos) != 1 or len(neg) != 1:
        return None
    s2, s1 = pos[0], neg[0]
    d2 = factored((rest + sympy.Rational(1, 2)) * 2 * s2**2 - s1**2)
    if not (isinstance(d2, sympy.Pow) and d2.exp == 2 and difference(d2.base)):
        return None
    m1, m2 = difference(d2.base)
    return Match("kl_divergence", roles=(("σ₁", s1), ("σ₂", s2), ("μ₁", m1), ("μ₂", m2)),
                 name="KL divergence of Gaussians", note="closed form of KL(N(μ₁, σ₁²) ‖ N(μ₂, σ₂²))")


def _kl_args(expr: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic] | None:
    """``(p, q)`` of a KL: a named call ``D_KL(p, q)`` or a written-out KL."""
    if isinstance(expr, AppliedUndef) and undefined_name(expr) in _KL_NAMES and len(expr.args) == 2:
        return expr.args[0], expr.args[1]
    got = kl_parts(expr)
    return (got[0], got[1]) if got else None


def _js_divergence(expr: sympy.Basic, ctx: Context) -> Match | None:
    if not isinstance(expr, sympy.Add) or len(expr.args) != 2:
        return None
    pairs, scales = [], set()
    for t in expr.args:
        c, rest = t.as_coeff_Mul()
        got = _kl_args(rest)
        if c not in (sympy.Rational(1, 2), 1) or got is None:
            return None
        pairs.append(got)
        scales.add(c)
    if len(scales) != 1:
        return None
    (p, m), (q, m2) = pairs
    if m != m2 or p == q:
        return None
    if not (m.is_Symbol or isinstance(m, AppliedUndef)) and cheap_cancel(m - (p + q) / 2) != 0:
        return Match("js_divergence", roles=(("p", p), ("q", q), ("mixture", m)),
                     near_miss="the shared second argument is not the mixture ½(p + q)", fix=(p + q) / 2)
    note = "M is the mixture ½(P + Q)" if not m.is_Symbol else f"{ctx.latex(m)} should be the mixture ½(P + Q)"
    if scales == {1}:
        note += "; written without the ½ (as in the WGAN paper): twice the usual JS divergence"
    return Match("js_divergence", roles=(("p", p), ("q", q), ("mixture", m)), note=note, also=("kl_divergence",))


def _elbo(expr: sympy.Basic, ctx: Context) -> Match | None:
    """``E_q[log p(x|z)] − β·KL(q ‖ p)`` (β = 1: the VAE's ELBO; β-VAE's weight), or its negative, the VAE's loss
    ``−E_q[log p(x|z)] + KL(q ‖ p)`` (Lil'Log's L_VAE)."""
    if not isinstance(expr, sympy.Add) or len(expr.args) != 2:
        return None
    for kl_term, other in (expr.args, expr.args[::-1]):
        got = _weighted_kl(kl_term, ctx)
        if got is None:
            continue
        kl, c = got
        k, _limits, body, how = unreduce(other)
        logs, rest = log_parts(body)
        if not (how and len(logs) == 1 and rest == 0):
            continue
        rec = cheap_cancel(k * next(iter(logs.values())))
        sign = 1 if positive_number(rec) else -1 if positive_number(-rec) else 0
        if sign == 0 or bool(c.could_extract_minus_sign()) != (sign == 1):
            continue
        note = "expected reconstruction log-likelihood minus the KL of the posterior from the prior"
        note = note if sign == 1 else "the negative ELBO (the VAE's loss): " + note.replace("minus", "plus", 1)
        weight = -c if sign == 1 else c
        if weight != 1:
            note += f", the KL weighted by ${ctx.latex(weight)}$ (β-VAE)"
        return Match("elbo", roles=(("reconstruction", other), ("KL term", kl)), note=note,
                     params=(("beta", weight),) if weight != 1 else (), also=("kl_divergence",))
    return elbo_entropy(expr, ctx)


def _weighted_kl(term: sympy.Basic, ctx: Context) -> tuple[sympy.Basic, sympy.Basic] | None:
    """``(KL, c)`` if ``term`` is ``c·KL(q ‖ p)`` with ``c`` = ±1 or ± a positive weight (β) free of the KL."""
    for kl in (-term, term):
        if _kl_args(kl) is not None or _gaussian_kl(kl, ctx) is not None:
            return kl, cheap_cancel(term / kl)
    if isinstance(term, sympy.Mul):
        kls = [f for f in term.args if _kl_args(f) is not None]
        if len(kls) == 1:
            c = cheap_cancel(term / kls[0])
            w = -c if c.could_extract_minus_sign() else c
            if isinstance(w, sympy.Symbol) and w.is_positive is not False and ctx.is_greek(w):
                return kls[0], c
    return None


def _gaussian_nll(expr: sympy.Basic, ctx: Context) -> Match | None:
    k, limits, body, how = unreduce(expr)
    logs, rest = log_parts(body)
    if len(logs) != 1:
        return None
    (arg, c), = logs.items()
    var, alpha = arg, k * c
    parts = [t for t in terms(k * rest) if not is_number(t)]
    others = set().union(arg.free_symbols, *[t.free_symbols for t in parts if not t.is_Symbol])
    offset = [t for t in parts if t.is_Symbol and t not in others]  # PyTorch's "+ const.": an additive constant
    sq = [cheap_cancel(sympy.Add(*[t for t in parts if t not in offset[:1]]))]
    if sq[0] == 0 or (cheap_cancel(alpha - sympy.Rational(1, 2)) != 0 and cheap_cancel(alpha - 1) != 0):
        return None
    if alpha == 1 and not isinstance(arg, sympy.Pow):  # log σ + (y − μ)²/(2σ²)
        var, alpha = arg**2, sympy.Rational(1, 2)
    d2 = factored(sq[0] * var / alpha)
    if not (isinstance(d2, sympy.Pow) and d2.exp == 2 and difference(d2.base)):
        return None
    y, mu = difference(d2.base)
    note = "½(log σ² + (y − μ)²/σ²): the negative log-density of a Gaussian, up to ½ log 2π"
    if limits:
        note += "; " + _where(limits, how, ctx)
    return Match("gaussian_nll", roles=(("target", y), ("mean", mu), ("variance", var)), note=note,
                 also=("nll",))


#: the names of functions whose values are probabilities (with decorations: phat, ptilde)
_DENSITY_NAMES = frozenset({"p", "q", "P", "Q", "pi", "Pr", "D", "phat", "qhat", "ptilde", "qtilde", "pbar",
                            "Phat", "Qhat", "pihat", "likelihood", "prob", "Prob"})


#: Greek letters of parameters and statistics: an entry of one is no probability
_NO_PROBABILITIES = frozenset({"sigma", "mu", "lambda", "theta", "beta", "gamma", "alpha", "eta", "epsilon", "tau",
                               "rho", "nu", "kappa", "omega", "xi"})


def _probability_like(p: sympy.Basic) -> bool:
    if isinstance(p, sympy.Indexed) and str(p.base.label).split("_")[0] in _NO_PROBABILITIES:
        return False  # the Gaussian KL's ... - \log \sigma_j: a standard deviation, no probability
    if isinstance(p, (sympy.Indexed, softmax, VectorSoftmax)) or softmax_quotient(p) is not None:
        return True
    if isinstance(p, AppliedUndef):  # p(y|x), \pi_\theta(a|s), P(x), D(x); not TF's reduce_sum(exp(logits))
        root = re.match(r"\\?[A-Za-z]+", p.func.__name__)
        return root is not None and root.group(0).lstrip("\\") in _DENSITY_NAMES
    return isinstance(p, sympy.Symbol) and "_" in p.name


def _softmax_log(body: sympy.Basic) -> tuple[dict[sympy.Basic, sympy.Basic], sympy.Basic] | None:
    """``({q: c}, 0)`` if ``body`` is ``c · log q`` with ``q = e^{u_k} / Σ_j e^{u_j}`` a softmax probability
    (UFLDL's softmax regression cost), kept whole rather than split into ``u_k − log Σ_j e^{u_j}``."""
    logs = list(body.atoms(log))
    if len(logs) != 1 or softmax_quotient(logs[0].args[0]) is None:
        return None
    c = cheap_cancel(body / logs[0])
    return ({logs[0].args[0]: c}, sympy.Integer(0)) if not c.has(logs[0]) and not c.has(exp) else None


def _nll(expr: sympy.Basic, ctx: Context) -> Match | None:
    if isinstance(expr, sympy.Add):  # λ − y log λ: the Poisson likelihood (an Add only for it)
        return poisson(expr, ctx)
    return _nll_of_log(expr, ctx) or label_picked(expr, ctx) or poisson(expr, ctx)


def _log_ratio_term(expr: sympy.Basic, ctx: Context) -> bool:
    """Is ``expr`` the subtracted log of a sum that also adds the log of a density (the VAE's one-sample ELBO
    ``\\log p(x|z) + \\log p(z) - \\log q(z|x)``, a log-likelihood ratio): a log-ratio's part, no label's NLL?"""
    st = ctx.statement
    rhs = st.rhs if st is not None else None
    if not isinstance(rhs, sympy.Add) or expr not in rhs.args:
        return False
    return any(isinstance(t, log) and _probability_like(t.args[0]) for t in rhs.args if t is not expr)


def _entropy_bonus(p: sympy.Basic, weight: sympy.Basic) -> bool:
    """Is ``−weight·log p`` a policy's log-probability scaled by a temperature α (SAC's ``Q(s, ã) − α \\log
    π(ã|s)``): an entropy bonus, no negative log-likelihood of labels?"""
    name = str(getattr(getattr(p, "func", None), "__name__", "")).lstrip("\\")
    heads = [re.sub(r"[^A-Za-z].*$", "", str(a).lstrip("\\")) for a in getattr(p, "args", ())]
    of_action = heads[:2] == ["a", "s"]  # CleanRL's Q(s, a) − α log p(a|s): an action's probability given the state
    return (name.startswith("pi") or of_action) and any(
        str(x).lstrip("\\").startswith("alpha") for x in weight.free_symbols)


def _nll_of_log(expr: sympy.Basic, ctx: Context) -> Match | None:
    k, limits, body, how = unreduce(expr)
    picked: tuple[tuple[str, sympy.Basic], ...] = ()
    if isinstance(body, sympy.Piecewise) and len(body.args) == 2 and body.args[1].expr == 0:
        cond = body.args[0].cond
        if isinstance(cond, sympy.Eq) and limits and limits[-1][0] in cond.free_symbols:
            picked = (("label indicator", body),)  # its chunk names the indicator
            body = body.args[0].expr  # Σ_k 1{y = k} log p_k: picks the label's log-probability
    logs, rest = _softmax_log(body) or log_parts(body)
    if rest != 0 or len(logs) != 1:
        return None
    (p, c), = logs.items()
    weight = cheap_cancel(-k * c)
    weighted = not is_number(weight) and not weight.has(p) and not weight.could_extract_minus_sign() and (
        not limits and not how)
    if not (negative_number(-weight) or weighted) or not _probability_like(p):
        return None
    if how == "expectation" and distribution_name(p) in sampled_from(expr, ctx.formula):
        return None  # −E_{x∼p}[log p(x)] is the entropy of p, not a likelihood of labels
    if squared_term(expr, ctx):
        return None  # GloVe's (wᵀw̃ + b + b̃ − log X_ij)²: the log of a count is a regression target, no likelihood
    if no_label_likelihood(expr, p, weight, ctx) or _log_ratio_term(expr, ctx):
        return None
    if _entropy_bonus(p, weight):
        return None  # SAC's −α log π(ã|s): the policy's entropy bonus at a sampled action, no label's likelihood
    note = "−log of the probability given to the observed label"
    if weighted:  # PyTorch's NLLLoss −w_{y_n} x_{n,y_n}; RetinaNet's α-balanced CE −α_t log p_t
        note += f", weighted by {ctx.latex(weight)} (a per-class weight)"
    if limits or how:
        note += "; " + _where(limits, how, ctx)
    if how == "expectation" and given_the_draw(expr, p, ctx):  # a VAE's −E_{z∼q} log p(x|z): a reconstruction
        return Match("nll", roles=(("probability", p), *picked), note=note + " (of the data given the draw)")
    said = ("expectation",) if how == "expectation" and written_expectation(expr, ctx) else ()  # −E_{x∼P} log Q(x)
    return Match("nll", roles=(("probability", p), *picked), note=note, also=("cross_entropy", *said))


_LOSS = "loss"
CONCEPTS: tuple[Concept, ...] = (
    Concept("elbo", "evidence lower bound (ELBO)", "a reconstruction log-likelihood minus a KL to the prior",
            "E_q[log p(x|z)] − D_KL(q(z|x) ‖ p(z)): a lower bound on log p(x) that a VAE maximises. The first "
            "term rewards decoding x well from codes z; the KL keeps the encoder's posterior close to the prior.",
            ("reconstruction", "KL term"), ("kl_divergence", "expectation", "reparameterization"), _LOSS, _elbo,
            heads=(sympy.Add,), names=("elbo",)),
    Concept("js_divergence", "Jensen–Shannon divergence", "the average KL of two distributions from their mixture",
            "½ KL(P‖M) + ½ KL(Q‖M) with M = ½(P + Q): symmetric and bounded by log 2, unlike KL. The original "
            "GAN's optimal discriminator makes its generator minimise this divergence.",
            ("p", "q", "mixture"), ("kl_divergence", "gan_minimax"), _LOSS, _js_divergence,
            heads=(sympy.Add,), names=("js", "djs", "jsd")),
    Concept("gan_minimax", "GAN minimax objective", "the discriminator's log-likelihood on real and generated data",
            "min_G max_D E_x[log D(x)] + E_z[log(1 − D(G(z)))]: D learns to tell data from samples G(z); G "
            "learns to make D wrong. It is a binary cross-entropy with real = 1 and generated = 0.",
            ("D on data", "D on generated"), ("binary_cross_entropy", "js_divergence"), _LOSS, gan_minimax,
            heads=(sympy.Add, sympy.Mul, sympy.Sum)),
    Concept("kl_divergence", "KL divergence", "how much one distribution differs from another (not symmetric)",
            "D_KL(p‖q) = Σ p log(p/q) = H(p, q) − H(p): the extra cost of coding samples of p with a code built "
            "for q. It is ≥ 0, zero only when p = q; for Gaussians it has a closed form (the VAE's "
            "−½ Σ(1 + log σ² − μ² − σ²)).", ("p", "q"), ("entropy", "cross_entropy", "js_divergence", "elbo"),
            _LOSS, _kl_divergence, heads=(sympy.Add, sympy.Mul, sympy.Sum, sympy.Integral, AppliedUndef, sympy.Trace),
            names=_KL_NAMES),
    Concept("entropy", "entropy", "the average surprise −log p of one distribution's own outcomes",
            "H(p) = −Σ p log p: the weights and the probabilities in the log are the same distribution (a "
            "cross-entropy −Σ y log p has two). It is largest for a uniform distribution and 0 for a certain one.",
            ("distribution",), ("cross_entropy", "kl_divergence"), _LOSS, _entropy,
            heads=(sympy.Mul, sympy.Sum, sympy.Add, sympy.Integral), names=("entropy",)),
    Concept("gaussian_nll", "Gaussian negative log-likelihood", "the loss of predicting a mean and a variance",
            "½(log σ² + (y − μ)²/σ²) (+ ½ log 2π): the negative log-density of y under N(μ, σ²). A predicted "
            "variance lets the model say how unsure it is; the log σ² term stops it from claiming infinite "
            "variance.", ("target", "mean", "variance"), ("nll", "mse", "gaussian_density"), _LOSS, _gaussian_nll,
            heads=(sympy.Add, sympy.Mul, sympy.Sum), names=("gaussiannll", "gaussiannllloss")),
    Concept("nll", "negative log-likelihood", "−log of the probability the model gives the observed label",
            "−log p(y|x; θ), summed or averaged over examples: minimising it is maximum likelihood. With one-hot "
            "targets it equals the cross-entropy −Σ_k y_k log p_k, of which only the true class's term survives.",
            ("probability",), ("cross_entropy", "log_softmax", "gaussian_nll"), _LOSS, _nll,
            heads=(sympy.Mul, sympy.Sum, sympy.Add), names=("nll", "nllloss")),
)
