"""A reparameterised sample whose noise is not declared ``∼ N(0, I)`` in the formula (see :mod:`concepts_prob`).

Without the clause ``ε ∼ N(0, I)`` a sum ``μ + σ ε`` is not named: ``ε`` could be anything, and the tables keep
``z = μ + σ ε`` and DDPM's ``√ᾱ x_0 + √(1 − ᾱ) ε`` unnamed without their draw.  One shape says it all the same: a
standard deviation computed from a log-variance, ``exp(½ · v)``, times a single name, beside a mean (Keras' VAE
``z_mean + exp(0.5 z_log_var) ε``): exp(½ log σ²) = σ is a scale only a sample has, so the name it multiplies is the
noise.
"""

from __future__ import annotations

import sympy
from sympy import Mul, exp

from symdl.chunk.algebra import terms
from symdl.chunk.exact import rationalise
from symdl.chunk.registry import Context, Match


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


def undeclared_noise(expr: sympy.Basic, ctx: Context) -> Match | None:
    """``mean + exp(½ v) · ε`` (the module's docstring), else None."""
    parts = terms(expr)
    if len(parts) != 2:
        return None
    for scaled, mean in (parts, parts[::-1]):
        fs = _split(scaled)
        if len(fs) != 2:
            continue
        for scale, noise in (fs, fs[::-1]):
            named = isinstance(noise, (sympy.Symbol, sympy.MatrixSymbol, sympy.Indexed))
            if named and not mean.has(noise) and not scale.has(noise) and _log_variance_std(scale):
                lx = ctx.latex
                return Match(
                    "reparameterization",
                    roles=(("mean", mean), ("scale", scale), ("noise", noise)),
                    note=f"a sample of N(${lx(mean)}$, ${lx(scale)}^2$): the standard deviation ${lx(scale)}$ "
                    f"comes from a log-variance, so ${lx(noise)}$ is the standard normal noise it scales, and "
                    "gradients flow to the mean and the log-variance",
                )
    return None
