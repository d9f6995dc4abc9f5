"""Losses as library docs print them: TensorFlow's sigmoid_cross_entropy_with_logits in its stable form, and
PyTorch's unreduced losses ``ℓ(x, y) = L = {l_1, …, l_N}ᵀ, l_n = (x_n − y_n)²`` (reduction='none').  Exact and
structural: the softplus part is decided by exact equivalence, never by a float."""

from __future__ import annotations

import sympy
from sympy import Abs
from sympy.core.function import AppliedUndef

from symdl.chunk.algebra import cheap_cancel, difference
from symdl.chunk.registry import Context, Match


def bce_with_logits(expr: sympy.Basic, ctx: Context) -> Match | None:
    """TensorFlow's sigmoid_cross_entropy_with_logits ``max(x, 0) − x z + log(1 + e^{−|x|})`` (the stable form) or
    ``log(1 + e^x) − x z``: softplus of the logit ``x`` less logit times label, −[z log σ(x) + (1 − z) log(1 − σ(x))]
    exactly.  The softplus part is decided by exact equivalence, never by a float."""
    from symdl.chunk.algebra import equivalent

    if not isinstance(expr, sympy.Add) or len(expr.args) < 2:
        return None
    for t in expr.args:
        fs = [f for f in sympy.Mul.make_args(-t) if not f.is_number]
        plain = all(isinstance(f, (sympy.Symbol, sympy.Indexed)) for f in fs)
        if t.could_extract_minus_sign() and len(fs) == 2 and plain and (-t / fs[0] / fs[1]) == 1:
            rest = expr - t
            for x, z in (fs, fs[::-1]):
                if rest.has(sympy.log) and not rest.has(z) and equivalent(rest, sympy.log(1 + sympy.exp(x))):
                    stable = (
                        " (the stable form: max(x, 0) + log(1 + e^{−|x|}) is softplus(x))"
                        if rest.has(sympy.Abs)
                        else ""
                    )
                    return Match(
                        "binary_cross_entropy",
                        roles=(("target", z), ("logit", x)),
                        also=("softplus",),
                        note=f"with logit ${ctx.latex(x)}$ and label ${ctx.latex(z)}$: softplus("
                        f"{ctx.latex(x)}) − {ctx.latex(x)}{ctx.latex(z)}{stable}",
                    )
    return None


def unreduced_loss(expr: sympy.Basic, ctx: Context) -> bool:
    """Is ``expr`` the per-element loss ``l_n`` of a loss function the formula defines as the vector of them, the
    PyTorch docs' ``ℓ(x, y) = L = {l_1, …, l_N}ᵀ, l_n = (x_n − y_n)²`` (reduction='none'): ``expr`` is what a
    statement assigns to ``l_n``, another statement sets ``ℓ(x, y)`` to that ``l_n``, and the entries compared
    are those of ``ℓ``'s two arguments?"""
    st = ctx.statement
    if st is None or ctx.formula is None or expr != st.rhs or not isinstance(st.target, sympy.Indexed):
        return False
    bases = {str(x.base.label) for x in expr.atoms(sympy.Indexed)}
    for s in ctx.formula.statements:
        if s is not st and s.rhs == st.target and isinstance(s.lhs, AppliedUndef) and len(s.lhs.args) == 2:
            if {str(getattr(a, "name", a)) for a in s.lhs.args} == bases:
                return True
    return False


def unreduced_match(cid: str, expr: sympy.Basic, ctx: Context) -> Match | None:
    """PyTorch's MSELoss/L1Loss with reduction='none': ``l_n = (x_n − y_n)²`` (``|x_n − y_n|``) as the entries of
    ``ℓ(x, y)`` (:func:`unreduced_loss`)."""
    pointwise = expr.base if cid == "mse" and isinstance(expr, sympy.Pow) and expr.exp == 2 else None
    pointwise = expr.args[0] if cid == "mae" and isinstance(expr, Abs) else pointwise
    got = difference(pointwise) if pointwise is not None else None
    if got is None or not unreduced_loss(expr, ctx):
        return None
    word = "squared" if cid == "mse" else "absolute"
    return Match(
        cid,
        roles=((f"{word} error", expr), ("target", got[0]), ("prediction", got[1])),
        note=f"PyTorch's unreduced loss (reduction='none'): the {word} errors l_n, one per element; the "
        "default reduction='mean' averages them",
    )


def two_argument_entropy(expr: sympy.Basic, ctx: Context) -> Match | None:
    """``H(p, q)``, ``\\mathcal{H}(y, softmax(z))``: the entropy letter called with two distributions is the
    cross-entropy (Goodfellow et al. eq. 3.51; Hinton et al.'s distillation loss), at least one argument a
    probability (a softmax or sigmoid, or a distribution's name p, q, P, Q); with one argument it is the entropy."""
    from symdl.chunk.registry import undefined_name
    from symdl.functions import VectorSoftmax, softmax

    if undefined_name(expr) not in ("h", "hcal") or len(expr.args) != 2:
        return None
    named = {"p", "q", "P", "Q"}
    probs = [
        a
        for a in expr.args
        if isinstance(a, (softmax, sympy.Function, VectorSoftmax))
        and (
            isinstance(a, (softmax, VectorSoftmax))  # the softmax of a vector of scores too (softmax-argument)
            or type(a).__name__ in ("sigmoid", "softmax")
            or type(a).__name__.split("_")[0] in named
        )
    ]
    if not probs:
        return None
    p, q = expr.args
    return Match(
        "cross_entropy",
        roles=(("target", p), ("prediction", q)),
        note=f"H({ctx.latex(p)}, {ctx.latex(q)}): the cross-entropy of the second distribution "
        "relative to the first, −Σ p log q",
    )


def bce_cases(expr: sympy.Basic, ctx: Context) -> Match | None:
    """Lin et al.'s focal-loss paper ``CE(p, y) = −log(p) if y = 1, −log(1 − p) otherwise``: binary cross-entropy
    by cases, one branch at the label 1 (or 0) and the other at the other label, their probabilities summing to
    one."""
    if not isinstance(expr, sympy.Piecewise) or len(expr.args) != 2:
        return None
    (first, cond), (other, rest) = expr.args
    label = _label_condition(cond)
    if label is None or not (rest == sympy.true or _label_condition(rest) == (label[0], 1 - label[1])):
        return None
    probs = [_minus_log_of(e) for e in (first, other)]
    if probs[0] is None or probs[1] is None or cheap_cancel(probs[0] + probs[1] - 1) != 0:
        return None
    y, at = label
    p = probs[0] if at == 1 else probs[1]
    return Match("binary_cross_entropy", roles=(("target", y), ("prediction", p)),
                 note=f"−log ${ctx.latex(p)}$ when ${ctx.latex(y)} = 1$ and −log(1 − ${ctx.latex(p)}$) otherwise: "
                 "the two terms of −[y log p + (1 − y) log(1 − p)], one per label")


def _label_condition(cond: sympy.Basic) -> tuple[sympy.Basic, int] | None:
    """``(y, 1)`` for the condition ``y = 1``, ``(y, 0)`` for ``y = 0``."""
    if not isinstance(cond, sympy.Eq):
        return None
    for y, c in (cond.args, cond.args[::-1]):
        if c in (0, 1) and not y.is_number:
            return y, int(c)
    return None


def _minus_log_of(e: sympy.Basic) -> sympy.Basic | None:
    """``p`` if ``e`` is ``−log(p)``."""
    return (-e).args[0] if isinstance(-e, sympy.log) else None
