"""Bounded simplification for the checker: :func:`symdl.simplify.bounded_simplify` when present."""

from __future__ import annotations

import sympy


def simplify_within(expr: sympy.Basic) -> tuple[sympy.Basic, bool]:
    """``(simplified, gave_up)``; on giving up the (equal) unsimplified expression is returned."""
    try:
        from symdl.simplify import bounded_simplify
    except ImportError:  # pragma: no cover - the project ships symdl.simplify
        return expr, True
    if isinstance(expr, sympy.MatrixExpr) and not isinstance(expr, sympy.MatrixBase):
        expr = expr.doit()
    try:
        return bounded_simplify(expr)
    except Exception:
        return expr, True
