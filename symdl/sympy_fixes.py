"""Fixes to SymPy behaviour that symdl depends on, applied once when :mod:`symdl` is imported.

Each fix is one record: what it changes, the upstream issue, and the input that breaks without it.
They change how SymPy *computes* a result, never which result: an expression equal before is equal after.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sympy
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
