"""Losses whose terms are written apart: margin softmax losses (the target's logit apart from the others': SphereFace,
CosFace, ArcFace; InfoNCE's positive against its negatives), a softmax cross-entropy; and a binary cross-entropy
whose positive term carries a weight (the PyTorch docs' pos_weight)."""

from __future__ import annotations

import sympy
from sympy import exp, log

from symdl.chunk.algebra import cheap_cancel, numer_denom
from symdl.chunk.reductions import strip_reductions
from symdl.chunk.registry import Context, Match


def margin_ce(expr: sympy.Basic, ctx: Context) -> Match | None:
    """``−(1/N) Σ_i log(e^{A_i} / (e^{A_i} + Σ_{j≠y_i} e^{B_j}))``: the target's logit against itself and the others'
    (SphereFace's, CosFace's and ArcFace's margin losses, InfoNCE's positive against its negatives), a softmax
    cross-entropy whose target logit is written apart."""
    from symdl.chunk.softmax_family import _sum_of_exps

    k, limits, body = strip_reductions(expr)
    if body.could_extract_minus_sign():  # one example's −log(...)
        k, body = -k, -body
    if not k.could_extract_minus_sign() or not isinstance(body, log):
        return None
    num, den = numer_denom(body.args[0])
    if not (isinstance(num, exp) and isinstance(den, sympy.Add) and num in den.args
            and any(_sum_of_exps(t) for t in den.args) and all(isinstance(t, exp) or _sum_of_exps(t)
                                                               for t in den.args)):
        return None
    over = "; over examples " + ", ".join(ctx.latex(lim[0]) for lim in limits) if limits else ""
    return Match("cross_entropy", roles=(("prediction", body.args[0]),), name="softmax cross-entropy",
                 note="−log of the target's softmax probability, its logit written apart from the others' (a margin "
                 "softmax loss)" + over)


def positive_weighted(k: sympy.Basic, limits: list[tuple], pos: tuple[sympy.Basic, sympy.Basic],
                       neg: tuple[sympy.Basic, sympy.Basic], ctx: Context) -> Match | None:
    """``−[w y log p + (1 − y) log(1 − p)]``: a BCE whose positive term a weight w free of y scales (the PyTorch docs'
    BCEWithLogitsLoss with pos_weight p_c), as the loss, else None."""
    for (a, ca), (_, cb) in (pos, neg), (neg, pos):
        y = cheap_cancel(1 - cb)
        w = cheap_cancel(ca / y) if y != 0 else None
        if (w is None or w == 1 or w.free_symbols & y.free_symbols or not y.free_symbols
                or not k.could_extract_minus_sign()):
            continue
        from symdl.chunk.loss_crossentropy import _reduction_note  # here: that module names BCE with this one

        note = f"the positive term weighted by ${ctx.latex(w)}$ (PyTorch's pos_weight); " + _reduction_note(
            k, limits, ctx)
        return Match("binary_cross_entropy", roles=(("target", y), ("prediction", a), ("weight", w)), note=note)
    return None
