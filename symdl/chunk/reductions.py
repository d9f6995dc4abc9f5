"""Reductions as the concept recognisers read them: ``k · Σ_i Σ_j … body`` peeled into its scale, limits and body.

:func:`strip_reductions` splits the scale off (a ``1/n`` written inside the sum too), :func:`mean_scale` says
whether that scale averages over the terms (exactly, or assuming ``n`` is their number), and :func:`_over`
names the summation indices for a note.
"""

from __future__ import annotations

import sympy

from symdl.chunk.algebra import cheap_cancel, count, is_one, reduction
from symdl.chunk.registry import Context
from symdl.read.commands import GREEK


def strip_reductions(expr: sympy.Basic) -> tuple[sympy.Basic, list[tuple], sympy.Basic]:
    """Peel ``k · Σ Σ ... body`` into ``(k, limits outermost first, body)``; the body's sign moves to k."""
    k: sympy.Basic = sympy.Integer(1)
    limits: list[tuple] = []
    while (red := reduction(expr)) is not None:
        kk, s = red
        k = k * kk
        limits.extend(reversed(s.limits))  # SymPy lists a Sum's limits innermost first
        expr = s.function
    if limits and isinstance(expr, sympy.Mul):  # Σ_i l_i / n (the PyTorch docs' sum_i ... / x.nelement()): 1/n out
        out = [f for f in expr.args if _divisor(f) and not any(f.has(lim[0]) for lim in limits)]
        if out:
            k, expr = k * sympy.Mul(*out), sympy.Mul(*[f for f in expr.args if f not in out])
    if limits and expr.could_extract_minus_sign():
        k, expr = -k, -expr
    return k, limits, expr


def _divisor(f: sympy.Basic) -> bool:
    """``1/n``: a name or an integer divided by, free of the sum's indices."""
    return isinstance(f, sympy.Pow) and f.exp == -1 and (f.base.is_Symbol or f.base.is_Integer)


def mean_scale(k: sympy.Basic, limits: list[tuple]) -> str | None:
    """``'exact'`` if ``k == 1/(number of terms)``, ``'assumed'`` if ``k = 1/n`` for another n, else None."""
    if not limits:
        return None
    n = sympy.Mul(*[count(lim) for lim in limits])
    if is_one(cheap_cancel(k * n)):
        return "exact"
    if isinstance(k, sympy.Pow) and k.exp == -1 and (k.base.is_Integer or (
            k.base.is_Symbol and k.base.name not in GREEK)):  # Gumbel softmax's Σ_k e^{l_k}/τ: τ is no count
        return "assumed"
    sizes = sympy.Mul.make_args(1 / k) if k != 0 else ()
    if len(limits) > 1 and len(sizes) == len(limits) and all(f.is_Symbol for f in sizes):
        return "assumed"  # BitNet's absmean \frac{1}{nm}\sum_{ij}|W_{ij}|: one count per index
    return None


def _over(limits: list[tuple], ctx: Context) -> str:
    return ", ".join(ctx.latex(lim[0]) for lim in limits)
