"""A normalisation written entry by entry on vectors of statistics (d2l's batch norm, §8.5).

d2l writes ``x̂ = (x − μ̂_B) ⊘ σ̂_B ⊙ γ + β`` in bold: the mean and the standard deviation are vectors (one entry per
feature), so the reader holds a Hadamard product with ``σ̂_B^{∘−1}``, not a division by a scalar.  Read at one
feature every vector is a number and the formula is the scalar standardisation ``γ (x − μ)/σ + β``, decided by
the same test (:func:`symdl.chunk.concepts_norm.standardization`).  Which layer: batch norm when the mean and the
spread are both subscripted by the batch (``_\\mathcal{B}``), a layer the prose beside names, else only a
normalisation.
"""

from __future__ import annotations

import sympy

from symdl.chunk.concepts_norm import standardization
from symdl.chunk.normlayer_stats import WHY, said_in_words, spelled_batch
from symdl.chunk.registry import Context, Match


def _flat(e: sympy.Basic) -> list[sympy.Basic]:
    return [f for a in e.args for f in _flat(a)] if isinstance(e, sympy.HadamardProduct) else [e]


def _centred(e: sympy.Basic) -> tuple[sympy.MatrixSymbol, sympy.MatrixSymbol] | None:
    """``(x, μ)`` of ``x − μ``, both vectors."""
    if not isinstance(e, sympy.MatAdd) or len(e.args) != 2:
        return None
    for x, m in (e.args, e.args[::-1]):
        if isinstance(x, sympy.MatrixSymbol) and isinstance(m, sympy.MatMul) and m.args[0] == -1 and len(m.args) == 2:
            if isinstance(m.args[1], sympy.MatrixSymbol):
                return x, m.args[1]
    return None


def _scalar(e: sympy.Basic) -> sympy.Basic | None:
    """The entry of a vector of names (``σ``, ``σ^{∘2} + ε·1``) as a number: each vector its name as a symbol."""
    if isinstance(e, sympy.MatrixSymbol):
        return sympy.Symbol(str(e.name), real=True)
    if isinstance(e, sympy.OneMatrix):
        return sympy.Integer(1)
    if isinstance(e, sympy.HadamardPower):
        base = _scalar(e.base)
        return None if base is None else base**e.exp
    if isinstance(e, (sympy.MatAdd, sympy.MatMul)):
        parts = [a if not isinstance(a, sympy.MatrixExpr) else _scalar(a) for a in e.args]
        if any(p is None for p in parts):
            return None
        return sympy.Add(*parts) if isinstance(e, sympy.MatAdd) else sympy.Mul(*parts)
    return None


def entrywise_layer(expr: sympy.Basic, ctx: Context) -> Match | None:
    """``(x − μ) ⊘ σ ⊙ γ + β`` on vectors of statistics (see the module docstring)."""
    parts = list(expr.args) if isinstance(expr, sympy.MatAdd) else [expr]
    for t in (p for p in parts if isinstance(p, sympy.HadamardProduct)):
        fs = _flat(t)
        cen = [c for f in fs if (c := _centred(f)) is not None]
        inv = [f for f in fs if isinstance(f, sympy.HadamardPower) and f.exp.is_negative]
        gains = [f for f in fs if f not in inv and _centred(f) is None]
        shift = [p for p in parts if p is not t]
        if len(cen) != 1 or len(inv) != 1 or not all(isinstance(g, sympy.MatrixSymbol) for g in gains + shift):
            continue
        (x, mu), spread = cen[0], _scalar(inv[0].base)
        if spread is None or x in gains + shift or len(gains) > 1 or len(shift) > 1:
            continue
        st = standardization(sympy.Symbol(str(x.name), real=True) - sympy.Symbol(str(mu.name), real=True),
                             spread ** -inv[0].exp, ctx)
        if st is None:
            continue
        sigma = list(inv[0].base.atoms(sympy.MatrixSymbol))
        words = said_in_words(ctx)
        over = "batch" if spelled_batch(ctx, mu) and any(spelled_batch(ctx, s) for s in sigma) else (
            words[0] if words else None)
        extra = [(r, v[0]) for r, v in (("scale", gains), ("shift", shift)) if v]
        roles = (("input", x), ("mean", mu), ("spread", inv[0].base), *extra)
        if over is None:
            return Match("normalization", roles=roles, note="standardises each feature by its mean and standard "
                         "deviation (vectors: entry by entry), then scales and shifts (whether over a batch or over "
                         "a layer's features, the formula does not say)")
        return Match(f"{over}_norm", roles=roles, also=("normalization",),
                     note=WHY[over] + "; written on vectors of statistics, entry by entry")
    return None
