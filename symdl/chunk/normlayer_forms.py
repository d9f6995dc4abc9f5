"""Batch norm written in its inference form, an affine map whose coefficients are the statistics.

Ioffe & Szegedy's Algorithm 2 (line 11) folds the standardisation and the scale-and-shift into one affine map,
``y = γ/√(Var[x] + ε) · x + (β − γ E[x]/√(Var[x] + ε))``: at test time the statistics are fixed population
estimates, so the layer is a scale times the input plus an offset (the form that is folded into the preceding
convolution).  Layer norm is never written so: its statistics are the example's own and cannot be folded.
"""

from __future__ import annotations

import sympy
from sympy.matrices.expressions.matexpr import MatrixExpr

from symdl.chunk.algebra import cheap_cancel, factors, numer_denom, terms
from symdl.chunk.concepts_norm import standardization
from symdl.chunk.registry import Context, Match

_LEAF = (sympy.Symbol, sympy.Indexed, sympy.MatrixSymbol)


def _candidates(expr: sympy.Basic) -> list[tuple[sympy.Basic, sympy.Basic, sympy.Basic]]:
    """``(scale, input, offset)`` for each way of reading ``expr`` as ``scale·x + offset`` with ``x`` a single name:
    on vectors ``c·x + b·1`` (the offset broadcast to every entry), on scalars any name factor of a term."""
    parts = terms(expr)
    if isinstance(expr, MatrixExpr):
        split = [
            (
                sympy.Mul(*[f for f in factors(t) if not isinstance(f, MatrixExpr)]),
                [f for f in factors(t) if isinstance(f, MatrixExpr)],
            )
            for t in parts
        ]
        if any(len(m) != 1 for _, m in split):
            return []
        ones = [c for c, m in split if isinstance(m[0], sympy.OneMatrix)]
        xs = [(c, m[0]) for c, m in split if isinstance(m[0], sympy.MatrixSymbol)]
        return [(xs[0][0], xs[0][1], sympy.Add(*ones))] if len(xs) == 1 and len(ones) == len(parts) - 1 else []
    out = []
    for t in parts:
        for f in factors(t):
            if isinstance(f, _LEAF):
                out.append((cheap_cancel(t / f), f, sympy.Add(*[p for p in parts if p is not t])))
    return out


def folded_batch_norm(expr: sympy.Basic, ctx: Context) -> Match | None:
    """``s·x + (β − s·μ)`` with ``s = γ/√(σ² + ε)``: batch norm at inference, its statistics folded into a scale and
    an offset.  Both the scale (a spread under a root) and the offset (a mean times that scale, plus a shift) must
    be there; the expanded ``x/σ − μ/σ`` alone is a standardisation, not this."""
    for scale, x, offset in _candidates(expr):
        num, den = numer_denom(scale)
        if den == 1 or offset == 0:
            continue
        for u in terms(offset):
            mu = cheap_cancel(-u / scale)
            shift = cheap_cancel(offset - u)
            if shift == 0 or shift.has(x) or mu.has(*[f for f in factors(den) if not f.is_number]):
                continue
            dummy = sympy.Dummy("x")
            st = standardization(num * (dummy - mu), den, ctx)
            if st is not None and st[0] == dummy:
                roles = (("input", x), ("mean", mu), ("variance", st[2]), ("scale", num), ("shift", shift))
                return Match(
                    "batch_norm",
                    roles=roles,
                    also=("normalization",),
                    note="batch norm at inference (Ioffe & Szegedy, Algorithm 2): with the mean and variance "
                    "fixed, standardise-then-scale-and-shift is one affine map, the input times "
                    f"${ctx.latex(scale)}$ plus the offset ${ctx.latex(offset)}$",
                )
    return None
