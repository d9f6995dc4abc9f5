"""The Hessian half of :func:`symdl.numeric.check.check_gradient` (``order=2``), and the layout every verdict states.

A claimed Hessian ``H_ij = ∂²f/∂x_i∂x_j`` is checked in two steps, so that no symbolic derivative is trusted:

1. symdl's symbolic gradient ``g`` of ``f`` is confirmed numerically against ``f`` itself (complex step where ``f``
   is analytic, else 4th-order central differences), exactly as a claimed gradient is;
2. the claim is compared with the numeric Jacobian of that confirmed ``g``: a complex step where ``g`` is analytic
   (normwise relative error ≤ ``complex_rtol``), else 4th-order central differences of ``g`` (accurate to ~1e-12
   on smooth pieces; entry by entry within ``rtol``/``atol`` plus the differences' own error estimate).

The symbolic half is :func:`symdl.differentiate.jacobian.hessian` where it has rules; its zero is believed only when
the numbers agree.
"""

from __future__ import annotations

import re

import sympy

from symdl.config import Config
from symdl.errors import NotSupported, ResourceLimit, SymdlError
from symdl.numeric.names import ShapeMismatch


def layout_line(expr: sympy.Basic, var: sympy.Basic, names: dict, order: int = 1) -> str:
    """The layout of the derivative a verdict is about, in one short line."""
    x = _plain(names.get(var.base if isinstance(var, sympy.Indexed) else var, str(var)))
    vshape = tuple(var.shape) if isinstance(var, sympy.MatrixExpr) else ()
    if order == 2:
        n = vshape[0] if vshape else 1
        return f"Hessian H_ij = ∂²f/∂{x}_i∂{x}_j ({n}×{n})" if vshape else f"second derivative d²f/d{x}²"
    fshape = tuple(expr.shape) if isinstance(expr, sympy.MatrixExpr) else ()
    if fshape in ((), (1, 1)):
        if isinstance(var, sympy.Indexed):
            return f"gradient entry by entry: ∂f/∂{x}_k"
        if vshape in ((), (1, 1)):
            return f"derivative df/d{x} (a number)"
        return f"denominator (ML) layout: the gradient is shaped like {x} ({'×'.join(map(str, vshape))})"
    return f"numerator layout: the Jacobian J_ij = ∂f_i/∂{x}_j"


def _plain(name: str) -> str:
    """``x`` for ``\\mathbf{x}``: the name as a reader says it."""
    return re.sub(r"\\(?:mathbf|boldsymbol|bm|vec|mathbfit)\{([^{}]*)\}", r"\1", name)


def hessian_shape_check(claim_expr: sympy.Basic, var: sympy.Basic, names: dict, expr: sympy.Basic) -> None:
    """A claim whose shape is not n×n for ``x`` of length n is bad input, naming both shapes; a Hessian of a
    vector or by a matrix is :class:`NotSupported` (a 3- or 4-index tensor)."""
    fshape = tuple(expr.shape) if isinstance(expr, sympy.MatrixExpr) else ()
    if fshape not in ((), (1, 1)):
        raise NotSupported(
            f"the Hessian of a function whose value is not a number (shape {fshape[0]}×{fshape[1]}): a 3-index tensor",
            hint="check the Hessian of one number (an entry, a sum, or uᵀf for a fixed u)",
        )
    if isinstance(var, sympy.Indexed):
        raise NotSupported("a Hessian by a family's entries (x_k)", hint="declare x a vector: --shape x=N")
    vshape = tuple(var.shape) if isinstance(var, sympy.MatrixExpr) else ()
    if vshape and vshape[1] != 1:
        raise NotSupported(
            f"the Hessian by {names.get(var, var)} of shape {vshape[0]}×{vshape[1]} (a 4-index tensor)",
            hint="check the Hessian by a column vector (vec the matrix into one)",
        )
    n = vshape[0] if vshape else 1
    cshape = tuple(claim_expr.shape) if isinstance(claim_expr, sympy.MatrixExpr) else ()
    if cshape in ((), (1, 1)) and n == 1:
        return
    if cshape != (n, n):
        got = "×".join(map(str, cshape)) if cshape else "() (a number)"
        raise ShapeMismatch(
            f"the Hessian by {names.get(var, var)} (length {n}) is {n}×{n}; the claim has shape {got}",
            hint="claim the n×n matrix of second derivatives ∂²f/∂x_i∂x_j",
        )


def symbolic_hessian(expr: sympy.Basic, var: sympy.Basic, grad: sympy.Basic, config: Config) -> sympy.Basic | None:
    """symdl's Hessian where it has rules, else None (the numbers decide)."""
    try:
        if isinstance(var, sympy.MatrixSymbol):
            from symdl.differentiate.jacobian import hessian

            return hessian(expr, var)[0]
        from symdl.differentiate import diff

        return diff(grad, var, config=config).expr
    except ResourceLimit:
        raise
    except SymdlError:
        return None


def confirm_gradient(expr, var, grad, free, names, shapes, at, points, config) -> str | None:
    """Why symdl's gradient ``grad`` of ``expr`` is not confirmed numerically; None when it is."""
    from symdl.numeric.verdict import numeric_verdict

    if grad is None:
        return ("symdl has no rule for the gradient of the function, and the Hessian is the Jacobian of a gradient "
                "confirmed first; to decide, check the gradient (order 1) and then claim a Hessian of it")
    try:
        v, _, _, _, more = numeric_verdict(expr, var, grad, free, names, shapes, at, points, config)
    except ResourceLimit:
        raise
    except SymdlError as exc:
        return f"symdl's gradient could not be confirmed numerically: {exc.message}"
    if v != "verified":
        return f"symdl's gradient of the function was {v} numerically ({more[0]}): no Hessian is built on it"
    return None


__all__ = ["confirm_gradient", "hessian_shape_check", "layout_line", "symbolic_hessian"]
