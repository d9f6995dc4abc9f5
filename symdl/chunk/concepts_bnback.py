r"""Batch normalisation's backward pass (Ioffe & Szegedy 2015, section 3): the loss's gradient by the batch's
variance, its mean, each input and the scale γ, through the normalised inputs ``\hat{x}_i``.

``batch_norm_backward``: a statement ``∂ℓ/∂v = ...`` whose right side carries the gradient by the normalised input
``∂ℓ/∂\hat{x}_i`` together with the batch's statistics (``(\sigma_B^2 + \epsilon)^{-3/2}``, ``x_i - \mu_B``), or,
for ``v = γ``, the normalised input itself times the upstream gradient.  A chain rule through any other hatted name
without the batch's statistics is only the chain rule.
"""

from __future__ import annotations

import re

import sympy

from symdl.chunk.registry import Concept, Context, Match

_STATS = re.compile(r"\\?(?:sigma|mu|var|mean)", re.IGNORECASE)


def _name(x: sympy.Basic) -> str:
    return str(x.base.label if isinstance(x, sympy.Indexed) else x)


def _batch_norm_backward(expr: sympy.Basic, ctx: Context) -> Match | None:
    st = ctx.statement
    if st is None or expr != st.rhs or not isinstance(st.lhs, sympy.Derivative) or len(st.lhs.variables) != 1:
        return None
    by = _name(st.lhs.variables[0])
    hats = [d for d in expr.atoms(sympy.Derivative) if len(d.variables) == 1 and "hat" in _name(d.variables[0])]
    stats = any(_STATS.match(_name(s)) for s in expr.free_symbols | {a.base for a in expr.atoms(sympy.Indexed)})
    hatted = any("hat" in _name(s) for s in expr.free_symbols | {a.base for a in expr.atoms(sympy.Indexed)})
    scale = by.lstrip("\\").startswith("gamma") and hatted and bool(expr.atoms(sympy.Derivative))
    if not ((hats and stats) or scale):
        return None
    what = "the scale γ" if scale else f"${ctx.latex(st.lhs.variables[0])}$"
    return Match("batch_norm_backward", roles=(("by", st.lhs.variables[0]),), also=("chain_rule",),
                 note=f"batch normalisation's backward pass: the loss's gradient by {what}, through the normalised "
                      "inputs and the batch's mean and variance (Ioffe & Szegedy's section 3)")


CONCEPTS: tuple[Concept, ...] = (
    Concept(
        "batch_norm_backward", "batch-norm backward pass", "sends the loss's gradient back through batch "
        "normalisation: to the variance, the mean, each input and the scale",
        "With x̂_i = (x_i − μ_B)/√(σ_B² + ε) and y_i = γ x̂_i + β: "
        "∂ℓ/∂σ_B² = Σ_i ∂ℓ/∂x̂_i (x_i − μ_B)(−½)(σ_B² + ε)^{−3/2}, "
        "∂ℓ/∂μ_B = −Σ_i ∂ℓ/∂x̂_i/√(σ_B² + ε) + ..., ∂ℓ/∂x_i = ∂ℓ/∂x̂_i/√(σ_B² + ε) + 2 ∂ℓ/∂σ_B² (x_i − μ_B)/m + "
        "∂ℓ/∂μ_B/m, ∂ℓ/∂γ = Σ_i ∂ℓ/∂y_i x̂_i, ∂ℓ/∂β = Σ_i ∂ℓ/∂y_i: every input's gradient depends on the whole "
        "batch, through its mean and variance.",
        ("by",), ("batch_norm", "chain_rule"), "calculus", _batch_norm_backward,
        heads=(sympy.Add, sympy.Sum, sympy.Mul),
    ),
)
