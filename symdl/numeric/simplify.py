"""Bounded simplification for the checker (:func:`symdl.simplify.bounded_simplify`)."""

from __future__ import annotations

import sympy

from symdl.errors import ResourceLimit
from symdl.simplify import bounded_simplify


def simplify_within(expr: sympy.Basic) -> tuple[sympy.Basic, bool]:
    """``(simplified, gave_up)``; on giving up the (equal) unsimplified expression is returned."""
    if isinstance(expr, sympy.MatrixExpr) and not isinstance(expr, sympy.MatrixBase):
        expr = expr.doit()
    try:
        return bounded_simplify(expr)
    except ResourceLimit:  # the backstop: the user is told
        raise
    except Exception:
        return expr, True
