"""Sizes the claim leaves open, taken from the derivative's shape.

A claim may write a matrix whose size only the formula fixes: layer norm's centring Jacobian
``I - \\frac{1}{n}\\mathbf{1}\\mathbf{1}^\\top`` names no variable, so its identity and ones vector get a free size of
their own (and a square ``I`` the function does not use is the identity: :func:`identity_in_claim`).  The
derivative's shape (the variable's for a number, rows of the value by the variable's length for a
Jacobian) fixes it: each free size of the claim's shape that no name of the formula uses becomes the size at the same
position of that shape.
"""

from __future__ import annotations

import re

import sympy


def expected_shape(expr: sympy.Basic, var: sympy.Basic) -> tuple[object, object] | None:
    """The derivative's shape: the variable's for a number-valued ``expr``, (value rows × variable rows) for a
    column-valued one by a column; None otherwise."""
    if not isinstance(var, sympy.MatrixExpr):
        return None  # (an Indexed entry has a .shape that raises)
    vshape = var.shape
    fshape = getattr(expr, "shape", None) if isinstance(expr, sympy.MatrixExpr) else None
    if fshape is None:
        return tuple(vshape)  # type: ignore[return-value]
    if fshape[1] == 1 and vshape[1] == 1:
        return (fshape[0], vshape[0])
    return None


def fix_claim_sizes(expr: sympy.Basic, var: sympy.Basic, claim: sympy.Basic) -> sympy.Basic:
    """``claim`` with its free sizes (see the module) made the derivative's."""
    want = expected_shape(expr, var)
    cshape = getattr(claim, "shape", None) if isinstance(claim, sympy.MatrixExpr) else None
    if want is None or cshape is None or len(cshape) != len(want):
        return claim
    used: set[sympy.Basic] = set()
    for m in (*expr.atoms(sympy.MatrixSymbol), var):
        for d in getattr(m, "shape", ()):
            used |= sympy.sympify(d).free_symbols
    swap: dict[sympy.Basic, object] = {}
    for have, need in zip(cshape, want, strict=True):
        if isinstance(have, sympy.Symbol) and have not in used and have != need and have not in swap:
            swap[have] = need
    return claim.xreplace(swap) if swap else claim


#: Spellings of the identity matrix in a claim (a square matrix of that name the function does not use).
IDENTITY_NAMES = frozenset({"I", "\\mathbf{I}", "\\mathbb{I}", "\\mathrm{I}", "\\boldsymbol{I}"})


def _identity_spelling(name: str) -> bool:
    """``I``, ``\\mathbf{I}``, …, also with its size written as a subscript (``I_3``, ``\\mathbf{I}_{n}``)."""
    return re.sub(r"_(?:\{[^{}]*\}|[0-9A-Za-z])$", "", name.replace(" ", "")) in IDENTITY_NAMES


def identity_in_claim(claim_expr: sympy.Basic, expr: sympy.Basic, names: dict) -> tuple[sympy.Basic, list[str]]:
    """The claim with a square ``I`` the function does not use read as the identity matrix, and a note saying so.

    Bishop's regularised least squares has the Hessian ``\\Phi^T\\Phi + \\lambda I``: the claim's ``I`` is no
    input of the function (its ``w^T w`` brings the identity in), and a random matrix for it refuted a right claim.
    """
    found = {m: sympy.Identity(m.shape[0]) for m in claim_expr.atoms(sympy.MatrixSymbol)
             if _identity_spelling(names.get(m, m.name)) and m.shape[0] == m.shape[1] != 1
             and m not in expr.atoms(sympy.MatrixSymbol)}  # fmt: skip
    if not found:
        return claim_expr, []
    shown = ", ".join(sorted(names.get(m, m.name) for m in found))
    return claim_expr.xreplace(found), [f"read {shown} in the claim as the identity matrix (the function uses no "
                                        "matrix of that name)"]
