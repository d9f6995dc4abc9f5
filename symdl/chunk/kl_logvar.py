"""The VAE's KL divergence in the log-variance code writes (v = log σ²), for :mod:`symdl.chunk.divergence_kl`."""

from __future__ import annotations

import sympy

from symdl.chunk.algebra import cheap_cancel
from symdl.chunk.registry import Context, Match


def log_variance_kl(e: sympy.Basic, ctx: Context) -> Match | None:
    """The VAE's KL in the log-variance v = log σ² code writes (the PyTorch example's ``KLD = -0.5 *
    torch.sum(1 + logvar - mu.pow(2) - logvar.exp())``, Keras' ``z_log_var``): ``−½(1 + v − μ² − e^v)``."""
    exps = [a for a in e.atoms(sympy.exp) if isinstance(a.args[0], (sympy.Symbol, sympy.Indexed))]
    if len(exps) != 1:
        return None
    v = exps[0].args[0]
    a = sympy.expand(e).coeff(exps[0])
    if a == 0 or a.has(v):
        return None
    inner = cheap_cancel(sympy.expand(e / -a))  # 1 + v − μ² − e^v, whatever the scale and the count
    inner = sympy.nsimplify(inner, rational=True) if inner.has(sympy.Float) else inner  # Keras' 0.5 * ...
    mu2 = cheap_cancel(-(inner - 1 - v + exps[0]))
    if not (isinstance(mu2, sympy.Pow) and mu2.exp == 2 and not mu2.has(v)):
        return None
    sign = a / abs(a) if a.is_number else sympy.sign(sympy.Mul(*[f for f in sympy.Mul.make_args(a) if f.is_number]))
    negated = sign == -1
    return Match("kl_divergence", roles=(("mean", mu2.base), ("log-variance", v)),
                 name=("negative " if negated else "") + "KL divergence of Gaussians",
                 note=f"closed form of KL(N(μ, σ²) ‖ N(0, 1)) in the log-variance ${ctx.latex(v)}$ = log σ² "
                      "(the VAE's regulariser, as code writes it)")
