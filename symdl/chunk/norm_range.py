"""Scalings by a range or an extreme entry: min-max scaling ``(x − min x)/(max x − min x)`` and max-abs scaling
``x / max_i |x_i|`` (scikit-learn's MinMaxScaler and MaxAbsScaler): normalisations of a vector by its own entries.
Structural: the extremes must be taken over the same family as the scaled value."""

from __future__ import annotations

import sympy
from sympy.matrices.expressions.matexpr import MatrixExpr

from symdl.chunk.algebra import difference, numer_denom
from symdl.chunk.registry import Context, Match
from symdl.functions import MaxOver, MinOver


def _family(e: sympy.Basic) -> str | None:
    """The name of the vector ``e`` is or an entry of (``x``, ``x_i``, bold ``x``)."""
    if isinstance(e, sympy.Indexed):
        return str(e.base.label)
    if isinstance(e, (sympy.Symbol, sympy.MatrixSymbol)):
        return str(e.name)
    return None


def _scalar(e: sympy.Basic) -> sympy.Basic:
    """A scalar broadcast over a vector (``m·1``) as the scalar ``m``."""
    if type(e).__name__ == "MatMul":
        rest = [a for a in e.args if not isinstance(a, MatrixExpr)]
        if len(rest) < len(e.args):
            return sympy.Mul(*rest)
    return e


def _extreme(e: sympy.Basic, cls: type, absolute: bool = False) -> str | None:
    """The family ``e`` is the extreme (``cls``: MaxOver/MinOver) of, entries taken absolutely when ``absolute``."""
    e = _scalar(e)
    if not isinstance(e, cls):
        return None
    inner = e.args[0]
    if absolute != isinstance(inner, sympy.Abs):
        return None
    return _family(inner.args[0] if absolute else inner)


def _difference(e: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic] | None:
    """``(a, b)`` for ``a − b``, also for a vector minus a broadcast scalar (``x − m·1``)."""
    if type(e).__name__ != "MatAdd":
        return difference(e)
    if len(e.args) != 2:
        return None
    neg = [a for a in e.args if _scalar(a).could_extract_minus_sign()]
    pos = [a for a in e.args if a not in neg]
    return (pos[0], -_scalar(neg[0])) if len(neg) == 1 and len(pos) == 1 else None


def _parts(expr: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic]:
    """``(numerator, denominator)``, also of a vector times the reciprocal of a scalar."""
    if type(expr).__name__ == "MatMul":
        mats = [a for a in expr.args if isinstance(a, MatrixExpr)]
        scal = sympy.Mul(*(a for a in expr.args if not isinstance(a, MatrixExpr)))
        n, d = numer_denom(scal)
        # MatMul builds shallowly: MatrixExpr.__mul__ is a deep doit, which evaluated a fuzz input's sum with
        # 320-digit coefficients for half a minute (as symdl.sympy_fixes notes of negation)
        return (sympy.MatMul(n, *mats) if n != 1 else mats[0] if len(mats) == 1 else sympy.MatMul(*mats)), d
    return numer_denom(expr)


def range_scaling(expr: sympy.Basic, ctx: Context) -> Match | None:
    """Min-max or max-abs scaling of a vector by its own entries, else None."""
    num, den = _parts(expr)
    if den == 1:
        return None
    fam = _family(num)
    if fam is not None and _extreme(den, MaxOver, absolute=True) == fam:
        return Match(
            "normalization",
            roles=(("input", num), ("largest magnitude", den)),
            name="max-abs scaling",
            note="divides by the largest absolute entry, so every entry lies in [−1, 1]",
        )
    top, bottom = _difference(num), difference(den)
    if top is None or bottom is None:
        return None
    fam = _family(top[0])
    low = _extreme(top[1], MinOver)
    if fam is not None and low == fam == _extreme(bottom[0], MaxOver) == _extreme(bottom[1], MinOver):
        return Match(
            "normalization",
            roles=(("input", top[0]), ("minimum", top[1]), ("range", den)),
            name="min-max scaling",
            note="maps the smallest entry to 0 and the largest to 1",
        )
    return None
