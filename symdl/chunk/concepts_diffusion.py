r"""Diffusion models' forward (noising) process and their noise-prediction loss (Ho et al. 2020, DDPM).

* ``diffusion_forward``: ``q(x_t | x_{t-1}) = \mathcal{N}(x_t; \sqrt{1-\beta_t} x_{t-1}, \beta_t I)``, its closed form
  ``\mathcal{N}(x_t; \sqrt{\bar\alpha_t} x_0, (1-\bar\alpha_t) I)``, and the sample ``x_t = \sqrt{\bar\alpha_t} x_0 +
  \sqrt{1-\bar\alpha_t}\,\epsilon``: the signal scaled by √a plus noise of variance 1 − a, the squares of the two
  scales adding up to 1 (variance preserving).  A Gaussian whose mean and variance do not so add up is only a
  Gaussian; a sum whose second term is no noise is no noising step.
* ``noise_prediction_loss``: ``\|\epsilon - \epsilon_\theta(x_t, t)\|^2`` (and its expectation): a network named as the
  noise, applied to the noised sample, regressed onto the noise that was added.
"""

from __future__ import annotations

import sympy
from sympy.core.function import AppliedUndef
from sympy.matrices.expressions.matexpr import MatrixExpr

from symdl.chunk.algebra import cheap_cancel, factors, is_number, terms
from symdl.chunk.registry import Concept, Context, Match, undefined_name, vector_call

#: how a noise draw is spelled (the head of its name)
NOISE_HEADS = frozenset({"epsilon", "varepsilon", "eps", "noise", "z", "xi"})


def _scaled(t: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic] | None:
    """``(scale, value)`` of ``√a · x``: the square-root factor and the rest (one array or name), else None."""
    fs = factors(t)
    roots = [f for f in fs if isinstance(f, sympy.Pow) and f.exp == sympy.Rational(1, 2) and not is_number(f)]
    rest = [f for f in fs if f not in roots]
    if len(roots) != 1 or len(rest) != 1:
        return None
    return roots[0], rest[0]


def _unit_total(mean_scale: sympy.Basic, variance: sympy.Basic) -> bool:
    """Do the squared signal scale and the noise variance add up to 1 (``(1 − β) + β``, ``ᾱ + (1 − ᾱ)``)?"""
    return cheap_cancel(mean_scale**2 + variance - 1) == 0


def _variance_scale(s: sympy.Basic) -> sympy.Basic:
    """``β_t I`` → ``β_t``: the number times the identity (or the number itself)."""
    if isinstance(s, MatrixExpr):
        coeff, mats = s.as_coeff_mmul() if hasattr(s, "as_coeff_mmul") else (1, [s])
        rest = [m for m in (mats.args if hasattr(mats, "args") and type(mats).__name__ == "MatMul" else [mats])]
        if all(isinstance(m, sympy.Identity) or str(m) == "I" for m in rest):
            return coeff
    fs = factors(s)
    kept = [f for f in fs if not (isinstance(f, (sympy.Identity, sympy.MatrixSymbol)) and str(f) == "I")]
    return sympy.Mul(*kept) if len(kept) < len(fs) else s


def _diffusion_forward(expr: sympy.Basic, ctx: Context) -> Match | None:
    if isinstance(expr, AppliedUndef) and undefined_name(expr) in ("n", "ncal") and len(expr.args) == 3:
        x, mean, s = expr.args
        got = _scaled(mean)
        if got is None or not _unit_total(got[0], _variance_scale(s)):
            return None
        return Match("diffusion_forward", roles=(("noised sample", x), ("signal", got[1]), ("noise variance", s)),
                     also=("gaussian_density",),
                     note=f"the signal ${ctx.latex(got[1])}$ shrunk by ${ctx.latex(got[0])}$ plus Gaussian noise of "
                          f"variance ${ctx.latex(_variance_scale(s))}$: the two add up to 1, so the variance stays 1")
    parts = terms(expr)
    if len(parts) != 2:
        return None
    for signal, noise in (parts, parts[::-1]):
        a, b = _scaled(signal), _scaled(noise)
        if a is None or b is None or ctx.head(getattr(b[1], "base", b[1])).lstrip("\\") not in NOISE_HEADS:
            continue
        if _unit_total(a[0], b[0] ** 2):
            return Match("diffusion_forward", roles=(("signal", a[1]), ("noise", b[1])), also=("reparameterization",),
                         note=f"a noised sample: ${ctx.latex(a[1])}$ scaled by ${ctx.latex(a[0])}$ plus the noise "
                              f"${ctx.latex(b[1])}$ scaled by ${ctx.latex(b[0])}$, whose squares add up to 1")
    return None


def _squared_difference(expr: sympy.Basic) -> sympy.Basic | None:
    """The ``a − b`` of ``‖a − b‖²`` (``Trace((a − b)ᵀ(a − b))``) or ``(a − b)²``, else None."""
    if isinstance(expr, sympy.Trace) and type(expr.arg).__name__ == "MatMul" and len(expr.arg.args) == 2:
        left, right = expr.arg.args
        if isinstance(left, sympy.Transpose) and left.arg == right:
            return right
    if isinstance(expr, sympy.Pow) and expr.exp == 2:
        return expr.base
    return None


def _noise_prediction_loss(expr: sympy.Basic, ctx: Context) -> Match | None:
    diff = _squared_difference(expr)
    if diff is None:
        return None
    parts = terms(diff)
    if len(parts) != 2:
        return None
    for target, guess in (parts, parts[::-1]):
        net = -guess
        if target.could_extract_minus_sign():
            continue
        called = vector_call(net)  # ε_θ(x_t, t) read as a vector named by its call
        name = str(net.func) if isinstance(net, AppliedUndef) else called[0] if called is not None else ""
        head = ctx.head(getattr(target, "base", target)).lstrip("\\")
        if name and head in NOISE_HEADS and name.split("_")[0].lstrip("\\").lower() in NOISE_HEADS | {head}:
            return Match("noise_prediction_loss", roles=(("noise", target), ("predicted noise", net)),
                         note=f"the squared error between the noise ${ctx.latex(target)}$ added to the sample and the "
                              f"network's guess ${ctx.latex(net)}$ of it (DDPM's simplified objective)")
    return None


CONCEPTS: tuple[Concept, ...] = (
    Concept(
        "diffusion_forward", "diffusion forward process", "adds Gaussian noise to a sample, shrinking the signal so "
        "the variance stays 1",
        "q(x_t | x_{t−1}) = N(√(1 − β_t) x_{t−1}, β_t I): each step keeps √(1 − β_t) of the signal and adds noise of "
        "variance β_t; after t steps x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε with ᾱ_t = Π_s (1 − β_s), so any step can be "
        "sampled at once (Ho et al. 2020). The squared scales add up to 1: the process preserves the variance and "
        "ends in pure noise N(0, I).",
        ("signal", "noise"), ("noise_prediction_loss", "reparameterization", "gaussian_density"), "generative",
        _diffusion_forward, heads=(AppliedUndef, sympy.Add, sympy.MatAdd),
    ),
    Concept(
        "noise_prediction_loss", "noise-prediction loss", "trains a network to guess the noise added to a sample",
        "‖ε − ε_θ(x_t, t)‖² with x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε: DDPM's simplified objective, averaged over steps t, "
        "data x_0 and noise ε. Predicting the noise is predicting the score of the noised data, up to a scale "
        "(denoising score matching); sampling runs the learned denoiser backwards from pure noise.",
        ("noise", "predicted noise"), ("diffusion_forward", "mse"), "generative", _noise_prediction_loss,
        heads=(sympy.Trace, sympy.Pow),
    ),
)
