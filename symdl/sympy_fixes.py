"""Fixes to SymPy behaviour that symdl depends on, applied once when :mod:`symdl` is imported.

Each fix is one record: what it changes, the upstream issue, and the input that breaks without it.
They change how SymPy *computes* a result, never which result: an expression equal before is equal after.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sympy
import sympy.core.random as sympy_random
from sympy.matrices.expressions.matexpr import MatrixExpr


@dataclass(frozen=True)
class SympyFix:
    """One change to SymPy: ``apply()`` installs it; ``breaks`` is an input that misbehaves without it."""

    name: str
    upstream: str
    breaks: str
    apply: Callable[[], None]


def _shallow_matrix_negation() -> None:
    # SymPy's MatrixExpr.__neg__ is ``MatMul(-1, self).doit()``, a *deep* doit: every Sum, Integral
    # or Derivative inside the product is evaluated.  Printers negate a product only to ask whether a
    # minus sign can be pulled out (``could_extract_minus_sign`` in ``precedence_Mul``), so printing
    # a vector times a sum evaluated the sum symbolically, factoring its polynomials.
    def negated(self: MatrixExpr) -> sympy.Basic:
        return sympy.MatMul(sympy.S.NegativeOne, self).doit(deep=False)

    MatrixExpr.__neg__ = negated  # type: ignore[method-assign]


#: the seed of SymPy's own random choices, set again at the start of every public call (:func:`reseed`)
SEED = 20260311


def reseed() -> None:
    """Give SymPy's random generators the same state at the start of every public call.

    SymPy makes random choices inside computations whose result does not depend on them but whose side effects
    do: its assumption system checks facts in a shuffled order (``sympy.core.assumptions._ask``, with an unseeded
    ``random.Random``), and numeric zero tests and factorisation draw random points.  The handlers create
    Dummy symbols and cache facts on the way, so the same ``explain`` of ``\\frac{e^x}{1+e^x}`` created 4, 5 or 6
    Dummies from run to run, and a later ``check`` in that process showed its truth factored or expanded (fuzz
    idle-vs-loaded comparison, input 1073).  Seeded per call, a call's choices no longer depend on the run.
    """
    sympy_random.seed(SEED)


FIXES: dict[str, SympyFix] = {
    fix.name: fix
    for fix in (
        SympyFix(
            name="shallow-matrix-negation",
            upstream="https://github.com/sympy/sympy/issues/24717",
            breaks=r"J = -\frac{\mathbf h_s}{m} \sum_{i=1}^m (1e-320 - y^{(i)}) \log(1-\hat y^{(i)}): "
            "printing the result factored 320-digit polynomials for minutes",
            apply=_shallow_matrix_negation,
        ),
    )
}

for _fix in FIXES.values():
    _fix.apply()
