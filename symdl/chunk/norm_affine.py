"""A normalisation's per-feature scale and shift, read at one feature.

The binder reads a normalisation's learned γ and β as vectors (rule ``affine-per-feature``: the PyTorch docs'
"learnable affine transform parameter vectors of size C"), so the PyTorch docs' LayerNorm
``(x − E[x])/√(Var[x] + ε) * γ + β`` becomes ``x̂ ⊙ γ + β`` and RMSNorm's ``x / sqrt(mean(x^2) + eps) * gamma``
becomes ``(x ⊙ γ)/√(...)``.  Every operation on them is entry by entry, so feature j of the result is the same
expression with γ and β replaced by their j-th entries: numbers.  :func:`per_feature_too` offers a recogniser that
view when the whole-vector expression does not match it (the same concept: a per-feature affine), and maps the
roles back to the vectors.  A parameter is a column named by a Greek letter or a word that is never inside a
statistic, a function or a power (the input ``x`` is: it sits inside its own mean).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import sympy
from sympy.matrices.expressions.matexpr import MatrixExpr

from symdl.chunk.prob_noise import greek_letter
from symdl.chunk.registry import Context, Match

Recogniser = Callable[[sympy.Basic, Context], Match | None]

#: the nodes a per-feature parameter is never inside (a statistic, a function applied entry by entry, a power)
_OPAQUE = (sympy.Trace, sympy.Sum, sympy.HadamardPower, sympy.MatPow, sympy.Pow, sympy.Function,
           sympy.matrices.expressions.applyfunc.ElementwiseApplyFunction)


def _inside(expr: sympy.Basic, found: set[sympy.Basic]) -> None:
    """Collect the column symbols written inside an opaque node of ``expr``."""
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, _OPAQUE):
            found |= {m for m in node.atoms(sympy.MatrixSymbol)}


def parameters(expr: sympy.Basic, ctx: Context) -> list[sympy.MatrixSymbol]:
    """The per-feature parameter vectors of ``expr`` (see the module docstring), in a fixed order."""
    hidden: set[sympy.Basic] = set()
    _inside(expr, hidden)
    return sorted((m for m in expr.atoms(sympy.MatrixSymbol)
                   if m.shape[1] == 1 and m not in hidden and (greek_letter(m, ctx) or ctx.is_word(m))), key=str)


def _fold(e: sympy.Basic, numbers: dict[sympy.Basic, sympy.Symbol]) -> sympy.Basic:
    """``e`` with each parameter ``p`` a number: ``p ⊙ A`` → ``p·A``, a lone ``p`` → ``p·1``."""
    if e in numbers:
        return sympy.MatMul(numbers[e], sympy.OneMatrix(*e.shape))
    if not e.args or not e.has(*numbers):
        return e
    if isinstance(e, sympy.HadamardProduct):
        scalars = [numbers[a] for a in e.args if a in numbers]
        rest = [_fold(a, numbers) for a in e.args if a not in numbers]
        if scalars and rest:
            core = rest[0] if len(rest) == 1 else sympy.HadamardProduct(*rest)
            return sympy.MatMul(*scalars, core).doit(deep=False)
    args = [_fold(a, numbers) for a in e.args]
    out = e.func(*args)
    return out.doit(deep=False) if isinstance(out, sympy.MatMul) else out


def per_feature(expr: sympy.Basic, ctx: Context) -> tuple[sympy.Basic, dict[sympy.Basic, sympy.Basic]] | None:
    """``expr`` read at one feature, and the map from its numbers back to the vectors; None without parameters."""
    params = parameters(expr, ctx) if isinstance(expr, MatrixExpr) else []
    if not params:
        return None
    numbers = {p: sympy.Symbol(p.name) for p in params}
    view = _fold(expr, numbers)
    back: dict[sympy.Basic, sympy.Basic] = {}
    for p, s in numbers.items():
        back[sympy.MatMul(s, sympy.OneMatrix(*p.shape))] = p
        back[s] = p
    return (view, back) if view != expr else None


def _mapped(e: sympy.Basic, back: dict[sympy.Basic, sympy.Basic]) -> sympy.Basic:
    """A role of the per-feature view in the vectors' terms (kept as it is when it cannot be rebuilt)."""
    try:
        return e.xreplace(back)
    except (TypeError, ValueError, sympy.ShapeError):
        return e


def per_feature_too(recognise: Recogniser) -> Recogniser:
    """``recognise``, then, when it finds nothing, ``recognise`` on the per-feature view (roles mapped back)."""

    def recognise_per_feature(expr: sympy.Basic, ctx: Context) -> Match | None:
        m = recognise(expr, ctx)
        view = per_feature(expr, ctx) if m is None else None
        if view is None:
            return m
        m = recognise(view[0], ctx)
        if m is None:
            return None
        names = ", ".join(f"${ctx.latex(p)}$" for p in dict.fromkeys(view[1].values()))
        return dataclasses.replace(m, roles=tuple((r, _mapped(v, view[1])) for r, v in m.roles),
                                   note=m.note + f" ({names} per feature: scaled and shifted entry by entry)")

    recognise_per_feature.__name__ = recognise.__name__
    recognise_per_feature.__doc__ = recognise.__doc__
    return recognise_per_feature
