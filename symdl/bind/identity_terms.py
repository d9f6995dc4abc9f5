r"""The letter I as the identity matrix in a sum of matrices (rule ``identity-matrix``).

A square matrix named ``I`` (a plain ``I``, ``\mathbf{I}``, or ``I_n`` with its size written) is the identity matrix
when the formula adds it to or subtracts it from other matrices, alone or scaled by a number: the Jacobian of
:math:`x/\|x\|`, ``\frac{I}{\|\mathbf{x}\|} - \frac{\mathbf{x}\mathbf{x}^\top}{\|\mathbf{x}\|^3}`` (Parr & Howard),
``(\mathbf{a}^\top\mathbf{x}) I + \mathbf{x}\mathbf{a}^\top``, layer norm's centring ``I - \frac{1}{n}\mathbf{1}
\mathbf{1}^\top``, Nocedal & Wright's ``V_k = I - \rho_k s_k y_k^\top``.  A bold ``\mathbf{I}`` read as a square
matrix is the identity wherever it stands (its conventional meaning, not noted); a plain one is noted
``identity-matrix``.  A matrix of its own is given another name.  Only in an expression (a claim, a function): in a
system or a definition (``V_k = I - ...``) I stays a name its caller gives.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import sympy

from symdl.bind.identity import is_square_identity, plain_i
from symdl.formula import Statement

if TYPE_CHECKING:
    from symdl.bind.binder import Binder


def _identity_letter(a: object) -> bool:
    """``I``, ``\\mathbf{I}``, or ``I_n`` / ``I_{d}`` (a letter or a number for its size)."""
    if is_square_identity(a):  # type: ignore[arg-type]
        return True
    sub = getattr(a, "sub", None)
    text = sub.text.strip("{} ") if sub is not None else ""
    return sub is not None and len(text) == 1 and text.isalnum() and plain_i(a)  # type: ignore[arg-type]


def _scaled_matrix(term: sympy.Basic) -> sympy.Basic | None:
    """The one matrix factor of a term that is a matrix times numbers (``I``, ``2 I``, ``\\frac{I}{\\|x\\|}``)."""
    if isinstance(term, sympy.MatrixSymbol):
        return term
    if isinstance(term, sympy.MatMul | sympy.Mul):
        mats = [f for f in term.args if getattr(f, "is_Matrix", False) or isinstance(f, sympy.MatrixExpr)]
        return mats[0] if len(mats) == 1 and isinstance(mats[0], sympy.MatrixSymbol) else None
    return None


def _added(exprs: list[sympy.Basic]) -> set[sympy.MatrixSymbol]:
    """Matrix names that are terms (alone or times numbers) of a sum of matrices in ``exprs``."""
    out: set[sympy.MatrixSymbol] = set()
    for e in exprs:
        for m in sympy.preorder_traversal(e):
            if isinstance(m, sympy.MatAdd):
                out.update(s for t in m.args if (s := _scaled_matrix(t)) is not None)
    return out


def _broadcast_identity(exprs: list[sympy.Basic], letter: sympy.Symbol) -> dict[sympy.Basic, sympy.Basic]:
    """Terms ``I \\cdot 𝟙_{n \times n}`` of a sum of square matrices, where the letter ``I`` was read as a number
    added to every entry (``\frac{1}{r}(I - \frac{\\mathbf{x}\\mathbf{x}^\top}{\\mathbf{x}^\top\\mathbf{x}})``),
    each → the identity times the term's numbers; empty unless that is every use of the letter."""
    swap: dict[sympy.Basic, sympy.Basic] = {}
    for e in exprs:
        for m in sympy.preorder_traversal(e):
            if not isinstance(m, sympy.MatAdd):
                continue
            for t in m.args:
                args = t.args if isinstance(t, sympy.MatMul | sympy.Mul) else ()
                ones = [a for a in args if isinstance(a, sympy.OneMatrix) and a.shape[0] == a.shape[1]]
                if letter in args and len(ones) == 1 and all(a == letter or a is ones[0] or not a.free_symbols
                                                             for a in args):
                    rest = [a for a in args if a != letter and a is not ones[0]]
                    swap[t] = sympy.Mul(*rest) * sympy.Identity(ones[0].shape[0])
    for e in exprs:  # (I - 1/4)·𝟙: SymPy gathered I·𝟙 − ¼𝟙 of layer norm's I - \frac{1}{4}\mathbf{1}\mathbf{1}^\top
        for m in sympy.preorder_traversal(e):
            if m not in swap and (whole := _linear_in_letter(m, letter)) is not None:
                swap[m] = whole
    if not swap or any(letter in e.xreplace(swap).free_symbols for e in exprs):
        return {}
    return swap


def _linear_in_letter(term: sympy.Basic, letter: sympy.Symbol) -> sympy.Basic | None:
    """``(αI + β)·𝟙_{n×n}`` (numbers α, β; one square ones matrix) as ``α·Id_n + β·𝟙``, else None."""
    if not isinstance(term, sympy.MatMul | sympy.Mul):
        return None
    ones = [a for a in term.args if isinstance(a, sympy.OneMatrix) and (a.shape[0] == a.shape[1] or all(
        d.is_Symbol for d in a.shape))]  # 𝟙𝟙ᵀ of two \mathbf{1}'s: n_1 × n_2, square for I beside it
    coeff = sympy.Mul(*(a for a in term.args if not isinstance(a, sympy.OneMatrix)))
    if len(ones) != 1 or not coeff.has(letter) or any(getattr(a, "is_Matrix", False) for a in coeff.args):
        return None
    alpha = sympy.diff(coeff, letter)
    if alpha.has(letter) or alpha == 0:
        return None
    n = ones[0].shape[0]
    return alpha * sympy.Identity(n) + coeff.subs(letter, 0) * sympy.OneMatrix(n, n)


def identity_matrices(b: Binder, statements: list[Statement]) -> list[Statement]:
    """``statements`` with every identity ``I`` (see the module) made SymPy's identity matrix, and noted."""
    if any(st.lhs is not None for st in statements):
        return statements  # a system or a definition (V_k = I - ...): its I stays a name the caller gives
    exprs = [e for st in statements for e in (st.lhs, st.rhs) if isinstance(e, sympy.Basic)]
    added = _added(exprs)
    swap: dict[sympy.Basic, sympy.Basic] = {}
    for k, a in sorted(b.atoms.items()):
        obj = b.symbols.get(a.spelling)
        if _identity_letter(a) and not a.bold and isinstance(obj, sympy.Symbol) and obj not in swap:
            if terms := _broadcast_identity(exprs, obj):
                b._note("identity-matrix", b.ph[k].span)
                swap.update(terms)
                swap[obj] = obj  # its terms replaced: the letter itself is gone
            continue
        if not (_identity_letter(a) and isinstance(obj, sympy.MatrixSymbol) and obj.shape[0] == obj.shape[1]):
            continue
        if obj not in added and not (a.bold and a.sub is None):
            continue
        if obj not in swap and not a.bold:  # \mathbf{I}: the identity by its face, no guess
            b._note("identity-matrix", b.ph[k].span)
        swap[obj] = sympy.Identity(obj.shape[0])
    return swap_identities(b, statements, swap)


def swap_identities(b: Binder, statements: list[Statement], swap: dict[sympy.Basic, sympy.Basic]) -> list[Statement]:
    """``statements`` with each name of ``swap`` replaced by its identity (a name mapped to itself is only gone from
    the formula's symbols: its terms were replaced), the names no longer arguments to pass."""
    if not swap:
        return statements
    for key in [key for key, v in b.symbols.items() if v in swap]:
        del b.symbols[key]
    swap = {k: v for k, v in swap.items() if k != v}
    return [dataclasses.replace(st, lhs=st.lhs.xreplace(swap) if isinstance(st.lhs, sympy.Basic) else st.lhs,
                                rhs=st.rhs.xreplace(swap), aliases=tuple(a.xreplace(swap) for a in st.aliases),
                                target=st.target if st.target not in swap else None)
            for st in statements]
