"""Divergences and likelihoods: entropy, KL (also in closed form for Gaussians), JS, ELBO, NLL, GAN minimax.

Readers confuse these because they are all sums of ``weight · log(probability)``; they differ in which
distribution weights which log: entropy ``−Σ p log p`` (one distribution), cross-entropy ``−Σ y log p``
(two), KL ``Σ p log(p/q)`` (the weight is the first distribution of the ratio).  Every recogniser reads the
expression as a reduction (sum, mean or expectation) of a body, then splits the body into its logs.  The
entropy is recognised here; the KL family (KL, JS, ELBO) in :mod:`symdl.chunk.divergence_kl`, the negative
log-likelihoods in :mod:`symdl.chunk.likelihoods`, the GAN minimax in :mod:`symdl.chunk.gan`.
"""

from __future__ import annotations

import sympy
from sympy.core.function import AppliedUndef

from symdl.chunk.algebra import cheap_cancel
from symdl.chunk.divergence_kl import _KL_NAMES, _elbo, _js_divergence, _kl_divergence
from symdl.chunk.gan import gan_minimax
from symdl.chunk.likelihoods import _gaussian_nll, _nll
from symdl.chunk.lossalg import (
    _where,
    distribution_name,
    log_parts,
    negative_number,
    positive_number,
    sampled_from,
    unreduce,
)
from symdl.chunk.registry import Concept, Context, Match


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
