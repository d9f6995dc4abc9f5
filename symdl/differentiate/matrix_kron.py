"""The Kronecker product's vector-Jacobian product (matrixcalculus.org's ⊗, the Matrix Cookbook §10.2).

``Y = A ⊗ B`` with ``A`` m×n and ``B`` p×q is the m×n grid of blocks ``A_ij B`` (each p×q).  With ``G_ij`` the
block (i, j) of the adjoint ``G = dY`` (``P_i G Q_jᵀ``, ``P_i`` and ``Q_j`` picking its rows and columns):

* ``dA_ij = tr(G_ijᵀ B)``  (each entry of A scales one block);
* ``dB = Σ_ij A_ij G_ij``  (B appears in every block).

The blocks are picked by constant selector matrices, so both adjoints are matrix expressions the numeric half
evaluates like any other; the sizes must be numbers.
"""

from __future__ import annotations

import sympy
from sympy import Identity, ImmutableMatrix, KroneckerProduct, MatAdd, OneMatrix, Trace, Transpose

from symdl.differentiate.matrix_extra import _selector
from symdl.errors import NotSupported

Contribution = tuple[sympy.Basic, sympy.Basic]

__all__ = ["KRON_RULES"]


def _unit(m: int, n: int, i: int, j: int) -> sympy.Basic:
    return ImmutableMatrix(m, n, lambda r, c: 1 if (r, c) == (i, j) else 0)


def _kron(node: KroneckerProduct, g: sympy.Basic) -> list[Contribution]:
    if len(node.args) != 2:
        raise NotSupported("a Kronecker product of more than two factors", hint="bracket it: (A ⊗ B) ⊗ C")
    a, b = node.args
    sizes = [*a.shape, *b.shape]
    if not all(isinstance(s, (int, sympy.Integer)) for s in sizes):
        raise NotSupported("the derivative of a Kronecker product of matrices of symbolic size",
                           hint="give the shapes as numbers (shapes={'A': (2, 3)}, --shape A=2x3)")
    m, n, p, q = (int(s) for s in sizes)
    if not getattr(g, "is_Matrix", False):
        g = g * (Identity(1) if node.shape == (1, 1) else OneMatrix(*node.shape))
    explicit = g.as_explicit() if not g.atoms(sympy.MatrixSymbol) else None  # a constant adjoint: its blocks
    da: list[sympy.Basic] = []
    db: list[sympy.Basic] = []
    for i in range(m):
        for j in range(n):
            if explicit is not None:
                block = explicit[i * p : (i + 1) * p, j * q : (j + 1) * q]
                if block.is_zero_matrix:
                    continue
            else:
                block = _selector([p] * m, i) * g * _selector([q] * n, j).T
            da.append(_unit(m, n, i, j) * Trace(Transpose(block) * b).doit())
            db.append(a[i, j] * block)
    if not da:
        return []
    return [(a, MatAdd(*da)), (b, MatAdd(*db))]


#: node type → (name, formula, vjp), merged into :data:`symdl.differentiate.matrix.VJP_RULES`
KRON_RULES: dict[type, tuple[str, str, object]] = {
    KroneckerProduct: ("Kronecker product (by blocks)", "Y = A ⊗ B: dA_ij = tr(G_ijᵀ B), dB = Σ_ij A_ij G_ij",
                       _kron),
}
