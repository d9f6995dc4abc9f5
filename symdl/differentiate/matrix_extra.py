"""More vector-Jacobian-product rules for :mod:`symdl.differentiate.matrix`: softmax of a vector and row-wise
softmax of a matrix, scalar powers and scalar functions of matrix expressions (``1/‖x‖``), and concatenation
(block matrices, whose adjoint is split into the blocks).  Also :func:`matrix_form`, which turns ``softmax(v)``
and ``log(softmax(v))`` of a vector into matrix expressions before differentiating.

Rules (``g`` is the node's adjoint):

* ``s = softmax(z)`` (a vector, or each column):  ``dz = s ⊙ g − s (sᵀ g)``  (Jacobian ``diag(s) − s sᵀ``);
* ``S = softmax_rows(Z)``:  ``dZ = S ⊙ (G − ((S ⊙ G) 1) 1ᵀ)``;
* ``log`` of either softmax goes through the element-wise rule and gives ``g − s (1ᵀ g)``;
* ``y = u^p`` (a number):  ``du = g p u^(p−1)``;  ``y = f(u)`` (a number):  ``du = g f'(u)``;
* ``[A; B]``:  each block gets its slice of the adjoint.
"""

from __future__ import annotations

import sympy
from sympy import BlockMatrix, HadamardProduct, Identity, OneMatrix, ZeroMatrix
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction

from symdl.functions import RowSoftmax, VectorSoftmax, softmax

Contribution = tuple[sympy.Basic, sympy.Basic]


def _is_mat(e: sympy.Basic) -> bool:
    return bool(getattr(e, "is_Matrix", False))


def _as_matrix(g: sympy.Basic, like: sympy.Basic) -> sympy.Basic:
    """The adjoint as a matrix of ``like``'s shape (a scalar seed of a 1×1 node becomes ``g I₁``)."""
    return g if _is_mat(g) else g * Identity(1) if like.shape == (1, 1) else g * OneMatrix(*like.shape)


def _vector_softmax(node: VectorSoftmax, g: sympy.Basic) -> list[Contribution]:
    g = _as_matrix(g, node)
    return [(node.arg, (HadamardProduct(node, g) - node * OneMatrix(1, node.rows) * HadamardProduct(node, g)))]


def _row_softmax(node: RowSoftmax, g: sympy.Basic) -> list[Contribution]:
    g = _as_matrix(g, node)
    sg = HadamardProduct(node, g)
    return [(node.arg, sg - HadamardProduct(node, sg * OneMatrix(node.cols, 1) * OneMatrix(1, node.cols)))]


def _block(node: BlockMatrix, g: sympy.Basic) -> list[Contribution]:
    g = _as_matrix(g, node)
    rows, cols = node.rowblocksizes, node.colblocksizes
    out: list[Contribution] = []
    for i in range(len(rows)):
        for j in range(len(cols)):
            left = _selector(rows, i)
            right = _selector(cols, j)
            out.append((node.blocks[i, j], left * g * right.T))
    return out


def _selector(sizes: list[int], k: int) -> sympy.Basic:
    """The ``sizes[k] × Σ sizes`` matrix ``[0 I 0]`` that picks block ``k``'s rows."""
    n = sizes[k]
    pieces = [ZeroMatrix(n, s) if j != k else Identity(n) for j, s in enumerate(sizes)]
    return pieces[0] if len(pieces) == 1 else BlockMatrix([pieces])


EXTRA_RULES: dict[type, tuple[str, str, object]] = {
    VectorSoftmax: ("softmax (Jacobian diag(s) − s sᵀ)", "s = softmax(z): dz = s ⊙ g − s (sᵀ g)", _vector_softmax),
    RowSoftmax: ("row-wise softmax", "S = softmax_rows(Z): dZ = S ⊙ (G − ((S ⊙ G) 1) 1ᵀ)", _row_softmax),
    BlockMatrix: ("concatenation (the adjoint split into blocks)", "Y = [A; B]: dA, dB = the blocks of dY", _block),
}


def matrix_form(expr: sympy.Basic) -> sympy.Basic:
    """``softmax(v)`` of a vector as :class:`VectorSoftmax`, and a scalar function of a matrix value (``log`` of
    it) as an element-wise function, bottom up."""
    if not expr.args or isinstance(expr, sympy.Lambda):
        return expr
    args = tuple(matrix_form(a) for a in expr.args)
    if isinstance(expr, softmax) and _is_mat(args[0]):
        return VectorSoftmax(args[0]) if args[0].shape[1] == 1 else RowSoftmax(args[0].T).T
    if (isinstance(expr, sympy.Function) and len(args) == 1 and _is_mat(args[0])
            and not isinstance(expr, sympy.core.function.AppliedUndef)):
        d = sympy.Dummy("x", real=True)
        return ElementwiseApplyFunction(sympy.Lambda(d, expr.func(d)), args[0])
    if args == expr.args:
        return expr
    return expr.func(*args)
