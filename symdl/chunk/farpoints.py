"""Points past a piecewise form's thresholds, for :func:`symdl.chunk.algebra.equivalent`.

The pre-filter's and the exact test's points lie within about ±2 (:mod:`symdl.chunk.exact`).  A clip at a larger
constant never acts there: ReLU6's ``\\min(\\max(0, x), 6)`` equals ``\\max(0, x)`` at every one of them and was named a
ReLU "in an equivalent elementary form".  Where a side has a piece-wise part (a max, a min, cases, an absolute value),
both sides are also compared at points beyond the largest constant written in them; a clear difference there
decides "not equivalent".
"""

from __future__ import annotations

import sympy
from sympy import Abs, Heaviside, Max, Min, Piecewise, sign

from symdl.chunk.exact import clearly_differ, values64

#: the parts whose value changes form at a threshold
PIECEWISE = (Max, Min, Piecewise, Abs, Heaviside, sign)


def _reach(a: sympy.Basic, b: sympy.Basic) -> float:
    """Twice the largest finite constant of ``a`` and ``b``, plus one (at least 3)."""
    consts = [abs(float(c)) for e in (a, b) for c in e.atoms(sympy.Number) if c.is_finite]
    return 2 * max([1.0, *consts]) + 1


def far_points_differ(a: sympy.Basic, b: sympy.Basic, leaves: list[sympy.Basic]) -> bool:
    """Do ``a`` and ``b``, one of them piece-wise, clearly differ at points past their constants (module)?"""
    if not any(e.has(*PIECEWISE) for e in (a, b)):
        return False
    reach = _reach(a, b)
    points = [{leaf: s * reach * (1 + 0.29 * n) * (-1) ** (n * k) for n, leaf in enumerate(leaves)}
              for k in (0, 1) for s in (1.0, -1.0)]
    return clearly_differ(values64(a, points), values64(b, points))
