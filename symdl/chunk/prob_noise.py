"""A reparameterised sample whose noise is not declared ``∼ N(0, I)`` in the formula (see :mod:`concepts_prob`).

Without the clause ``ε ∼ N(0, I)`` a sum ``mean + scale · ε`` is named only where the scale is WRITTEN as a
standard deviation, so that the name it multiplies can only be the noise the deviation scales:

- the letter σ (``\\sigma``, ``\\boldsymbol{\\sigma}``, ``\\sigma_t``) or the word ``std`` (PyTorch's VAE example
  ``mu + eps * std``), or a name the formula computes as a standard deviation;
- a square root of something with a Greek hyperparameter in it: DDPM's ``√ᾱ_t x_0 + √(1 − ᾱ_t) ε`` and its
  step ``√(1 − β_t) x_{t-1} + √β_t ε_t`` (Ho et al. 2020 eq. 4: "reparameterizing"); a square root of a size
  (``√d_{model}·E + PE``) is a scale, not a deviation;
- the standard deviation of a log-variance, ``exp(½ · v)`` (Keras' VAE ``z_mean + exp(0.5 z_log_var) ε``).

Kingma & Welling (2013, sec. 2.4), Lil'Log ("From Autoencoder to Beta-VAE") and d2l write ``z = μ + σ ⊙ ε``, and
the formula is quoted alone as the trick (phykn's diffusion tutorial; PyTorch VAE code ``mu + eps * std``).
A step ``x + ε h`` (a finite difference) or FGSM's ``x + ε sign(∇)`` has no deviation for a scale: not named.
"""

from __future__ import annotations

import re
import unicodedata

import sympy
from sympy import Mul, exp

from symdl.chunk.algebra import sqrt_arg, terms
from symdl.chunk.exact import rationalise
from symdl.chunk.registry import Context, Match
from symdl.read.commands import GREEK

#: how a standard deviation is spelled as a letter or a word (the head of its spelling, lower case)
_STD_HEADS = ("\\sigma", "σ", "sigma", "std", "stddev", "sd", "stdev")


def _split(term: sympy.Basic) -> list[sympy.Basic]:
    """The factors of a product (a scalar product, a Hadamard or a scalar-times-matrix product), else ``[term]``."""
    if isinstance(term, Mul) or type(term).__name__ in ("HadamardProduct", "MatMul"):
        return list(term.args)
    return [term]


def _log_variance_std(scale: sympy.Basic) -> bool:
    """``exp(v/2)`` with ``v`` no number: the standard deviation of a log-variance ``v``."""
    if not isinstance(scale, exp):
        return False
    coeff, v = scale.args[0].as_coeff_Mul()
    return rationalise(coeff) == sympy.Rational(1, 2) and not v.is_number  # 0.5 is the decimal 1/2


def _named(e: sympy.Basic) -> bool:
    return isinstance(e, (sympy.Symbol, sympy.MatrixSymbol, sympy.Indexed))


def _std_name(scale: sympy.Basic, ctx: Context) -> bool:
    """σ (any font, any subscript), the word std, or a name this formula computes as a standard deviation."""
    if not _named(scale):
        return False
    key = scale.base.label if isinstance(scale, sympy.Indexed) else scale
    fact = ctx.facts.get(scale) or ctx.facts.get(key)
    if fact is not None and "standard_deviation" in (fact.concept, *fact.also):
        return True
    head = ctx.head(key)
    head = head.split("{")[-1].strip("\\{} ") if "{" in head else head.lstrip("\\")
    return head in {h.lstrip("\\") for h in _STD_HEADS}


def _root_of_rate(scale: sympy.Basic, ctx: Context) -> bool:
    """``√(…)`` of something holding a Greek name (``√β_t``, ``√(1 − ᾱ_t)``, ``√(2η)``), no size ``√d``."""
    inside = sqrt_arg(scale)
    if inside is None or inside.is_number:
        return False
    return any(greek_letter(s, ctx) for s in inside.free_symbols)


def greek_letter(sym: sympy.Basic, ctx: Context) -> bool:
    """A Greek letter under any accent or font (``\\bar{\\alpha}_t``, ``ᾱₜ``, ``\\boldsymbol{\\beta}``)."""
    spelled = re.sub(r"\\(?:bar|hat|tilde|overline|boldsymbol|bm|mathbf|mathrm)\s*\{?", "", ctx.spelling(sym))
    letters = "".join(c for c in unicodedata.normalize("NFD", spelled) if not unicodedata.combining(c))
    head = re.split(r"[_^{} ]", letters.lstrip("\\"))[0]
    if head.lower() in GREEK or re.sub(r"(hat|bar|tilde)$", "", head.lower()) in GREEK:  # a name muhat: μ̂
        return True
    return bool(head) and "GREEK" in unicodedata.name(head[0], "") and not re.search("[A-Za-z]", head[1:])


def is_deviation(scale: sympy.Basic, ctx: Context) -> bool:
    """Is ``scale`` written as a standard deviation (the module's docstring)?"""
    return _log_variance_std(scale) or _std_name(scale, ctx) or _root_of_rate(scale, ctx)


def undeclared_noise(expr: sympy.Basic, ctx: Context) -> Match | None:
    """``mean + deviation · ε`` (the module's docstring), else None."""
    parts = terms(expr)
    if len(parts) != 2:
        return None
    for scaled, mean in (parts, parts[::-1]):
        fs = _split(scaled)
        if len(fs) != 2 or mean.is_number:
            continue
        for scale, noise in (fs, fs[::-1]):
            if (_named(noise) and not mean.has(noise) and not scale.has(noise) and not mean.has(scale)
                    and is_deviation(scale, ctx)):  # RankNet's σ s_i − σ s_j: σ(s_i − s_j), one scale, no sample
                lx = ctx.latex
                why = "comes from a log-variance" if _log_variance_std(scale) else "is written as one"
                return Match(
                    "reparameterization",
                    roles=(("mean", mean), ("scale", scale), ("noise", noise)),
                    note=f"a sample of N(${lx(mean)}$, ${lx(scale)}^2$): the standard deviation ${lx(scale)}$ "
                    f"{why}, so ${lx(noise)}$ is the standard normal noise it scales (its draw ε ∼ N(0, I) is "
                    "not written here), and gradients flow to the mean and the deviation",
                )
    return None
