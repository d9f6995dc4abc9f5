"""A clamp written as three rows of a piecewise function: the Keras docs' hard sigmoid ``0 if x < -2.5, 1 if x > 2.5,
0.2 x + 0.5 otherwise`` (from a ``cases``, or code's ``if ...: return`` rows) is ``max(0, min(1, 0.2x + 0.5))``.

The rows hold two constants and one ramp linear in ``x``; their conditions compare ``x`` with numbers.  Both the rows
(first that holds wins) and the clamp of the ramp between the constants are linear between consecutive points of a
finite set (the numbers in the conditions and where the ramp meets the constants), so they are equal exactly when
they agree at every such point and at two points inside each interval between them (and beyond the ends): a linear
function is fixed by two values.  Every value is computed exactly (the written decimals are the exact decimals,
``0.2`` is 1/5); a ramp that misses its constants (a sign flipped: ``-0.2x + 0.5``) is no clamp.
"""

from __future__ import annotations

import itertools

import sympy
from sympy import Max, Min, Piecewise


def _exact(e: sympy.Basic) -> sympy.Basic:
    """``e`` with each float replaced by the exact decimal it was written as (0.2 → 1/5)."""
    floats = e.atoms(sympy.Float)
    return e.xreplace({f: sympy.Rational(repr(float(f))) for f in floats}) if floats else e


def piecewise_clamp(expr: sympy.Basic) -> sympy.Basic | None:
    """``min(hi, max(lo, ramp))`` when the three-row ``expr`` is exactly that clamp of its ramp, else None."""
    if not isinstance(expr, Piecewise) or len(expr.args) != 3:
        return None
    rows = [(_exact(value), _exact(cond)) for value, cond in expr.args]
    ramps = [value for value, _ in rows if not value.is_number]
    consts = sorted({value for value, _ in rows if value.is_number}, key=float)
    if len(ramps) != 1 or len(consts) != 2 or len(ramps[0].free_symbols) != 1:
        return None
    ramp = ramps[0]
    (x,) = ramp.free_symbols
    if not isinstance(x, sympy.Symbol) or not ramp.is_polynomial(x) or sympy.degree(ramp, x) != 1:
        return None
    if any(not cond.free_symbols <= {x} or cond.atoms(sympy.Float) for _, cond in rows):
        return None
    lo, hi = consts
    candidate = Min(hi, Max(lo, ramp))
    return candidate if _agree(Piecewise(*rows), candidate, x, ramp, (lo, hi)) else None


def _agree(
    rows: sympy.Basic, candidate: sympy.Basic, x: sympy.Symbol, ramp: sympy.Basic, consts: tuple[sympy.Basic, ...]
) -> bool:
    """Do the rows and the candidate agree at every breakpoint and at two points inside each interval between?"""
    points = {n for n in rows.atoms(sympy.Number) if n.is_rational} | {
        s for c in consts for s in sympy.solve(ramp - c, x)
    }
    if not points or len(points) > 12 or not all(p.is_rational for p in points):
        return False
    marks = sorted(points)
    tests = [*marks, marks[0] - 1, marks[0] - 2, marks[-1] + 1, marks[-1] + 2]
    for a, b in itertools.pairwise(marks):
        tests += [a + (b - a) / 3, a + 2 * (b - a) / 3]
    for p in tests:
        got, want = rows.subs(x, p), candidate.subs(x, p)
        if not (got.is_number and got.is_finite) or got != want:
            return False
    return True
