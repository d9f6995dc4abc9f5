"""The KL family's recognisers: KL divergence (written out, and in closed form for Gaussians), Jensen–Shannon, ELBO.

:func:`kl_parts` reads ``D_KL(p‖q)`` written as a sum, integral or expectation of ``p log(p/q)``; the
Jensen–Shannon divergence and the ELBO are recognised through it (or a named ``D_KL`` call), and the
Gaussians' closed forms (the VAE's ``−½ Σ(1 + log σ² − μ² − σ²)``, two univariate Gaussians) beside it.
Their records are in :mod:`symdl.chunk.concepts_divergence`.
"""

from __future__ import annotations

import sympy
from sympy.core.function import AppliedUndef

from symdl.chunk.algebra import cheap_cancel, difference, is_number
from symdl.chunk.kl_logvar import log_variance_kl
from symdl.chunk.lossalg import _where, factored, log_parts, positive_number, unreduce
from symdl.chunk.lossforms import elbo_entropy, gaussian_kl_matrix, kl_log_input
from symdl.chunk.registry import Context, Match, undefined_name
from symdl.untrusted import refuse_text

_KL_NAMES = ("kl", "dkl", "kld", "kldiv", "kldivloss", "kldivergence")


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
