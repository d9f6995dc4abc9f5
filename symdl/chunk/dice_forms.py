"""Dice loss spelled with sums over all entries, and averaged over examples (see :mod:`concepts_loss2`).

Library docs and blogs write the soft Dice with sums that carry no index (Keras/segmentation blogs'
``1 − 2 Σ y_true y_pred / (Σ y_true + Σ y_pred)``) or with set sizes (``1 − 2|A ∩ B|/(|A| + |B|)``, Milletari et
al. 2016); the reader holds both as sums of all entries of arrays (``tr(1ᵀ X 1)``), ``|A ∩ B|`` as the total of
``A ⊙ B``.  The per-example form ``1 − 1/N Σ_n (2 Σ_i p_{n,i} g_{n,i} + 1)/(Σ_i p_{n,i} + Σ_i g_{n,i} + 1)``
(smp's DiceLoss averaged over the batch) is one minus the mean of the examples' Dice coefficients.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy

from symdl.chunk.algebra import numer_denom, terms
from symdl.chunk.reductions import mean_scale, strip_reductions
from symdl.chunk.registry import Context, Match

#: a recogniser of one example's Dice loss (``concepts_loss2``'s, passed in: that module imports this one)
Recogniser = Callable[[sympy.Basic, Context], "Match | None"]


#: the name a Dice match carries when it is the coefficient, no ``1 −`` (the concept ``dice_coefficient``)
COEFFICIENT = "Dice coefficient"


def _total(e: sympy.Basic) -> sympy.Basic | None:
    """``X`` if ``e`` is the sum of all entries of ``X`` (the reader's ``tr(1ᵀ X 1)``), else None."""
    if not isinstance(e, sympy.Trace) or type(e.arg).__name__ != "MatMul":
        return None
    inner = [a for a in e.arg.args if not isinstance(a, sympy.OneMatrix)]
    return inner[0] if len(inner) == 1 and len(e.arg.args) > 1 else None


def _squares(x: sympy.Basic) -> tuple[sympy.Basic, ...]:
    return sympy.HadamardPower(x, 2), sympy.HadamardProduct(x, x)


def _subtracted_from_one(expr: sympy.Basic) -> sympy.Basic | None:
    """``x`` if ``expr`` is ``1 − x``."""
    if isinstance(expr, sympy.Add) and len(expr.args) == 2 and 1 in expr.args:
        return -next(a for a in expr.args if a != 1)
    return None


def dice_of_totals(expr: sympy.Basic, ctx: Context) -> Match | None:
    """``1 − (2 Σ p ⊙ g + s)/(Σ p + Σ g + s)`` over all entries (``s`` a smoothing term, maybe absent); without the
    ``1 −`` the Dice coefficient itself."""
    loss = _subtracted_from_one(expr)
    num, den = numer_denom(loss if loss is not None else expr)
    smooth = [t for t in terms(den) if _total(t) is None and t in terms(num)]
    num, den = num - sympy.Add(*smooth), den - sympy.Add(*smooth)
    below = [t for t in terms(den) if _total(t) is None]  # smoothing written below only (|p| + |g| + smooth)
    if len(below) == 1 and (below[0].is_Symbol or below[0].is_positive):
        smooth, den = [*smooth, below[0]], den - below[0]
    c, inter = num.as_coeff_Mul()
    both = _total(inter)
    if c != 2 or type(both).__name__ != "HadamardProduct" or len(both.args) != 2 or len(terms(den)) != 2:
        return None
    p, g = both.args
    sizes = {_total(t) for t in terms(den)}
    squared = any(sizes == {sp, sg} for sp in _squares(p) for sg in _squares(g))
    if sizes != {p, g} and not squared:
        return None
    note = "2·overlap / (total sizes), each a sum over every entry: " + (
        "one minus the soft Dice coefficient" if loss is not None else "the Dice coefficient (the loss is 1 minus it)"
    )
    if smooth:
        note += f", smoothed by {ctx.latex(sympy.Add(*smooth))} (no 0/0 on empty masks)"
    return Match(
        "dice_loss",
        roles=(("prediction", p), ("target", g)),
        note=note,
        name="" if loss is not None else COEFFICIENT,
    )


def dice_averaged(expr: sympy.Basic, ctx: Context, per_example: Recogniser) -> Match | None:
    """``1 − 1/N Σ_n D_n`` with ``1 − D_n`` a Dice loss by ``per_example``: the Dice loss averaged over examples."""
    loss = _subtracted_from_one(expr)
    if loss is None:
        return None
    k, limits, body = strip_reductions(loss)
    if not limits or not mean_scale(k, limits):
        return None
    m = per_example(1 - body, ctx)
    if m is None:
        return None
    idx = ", ".join(ctx.latex(lim[0]) for lim in limits)
    return Match("dice_loss", roles=m.roles, note=m.note + f"; the coefficient is averaged over ${idx}$ first")
