"""Jacobians ``∂y_i/∂x_j`` of vector functions of a vector (forward mode) and Hessians of a number by a vector.

Rules (``J(u)`` is the Jacobian of the sub-expression ``u``):

* ``J(A u) = A J(u)`` for a constant ``A``; a product holding a 1×1 block that depends on ``x`` is a vector times
  a number, ``J(u s) = u ∇sᵀ + s J(u)`` (``x xᵀa``, ``(aᵀx) x``, ``x/‖x‖``), with ``∇s`` from reverse mode;
* element-wise ``f``: ``diag(f'(u)) J(u)``; Hadamard: ``Σ diag(other factors) J(factor)``; ``u^∘p``:
  ``diag(p u^∘(p−1)) J(u)``;
* ``softmax(u)``: ``(diag(s) − s sᵀ) J(u)``;
* ``[u; v]``: the blocks' Jacobians stacked.

The Hessian of a number ``f`` by ``x`` is the Jacobian of its gradient (ML layout), ``∂²f/∂x_i∂x_j``.
"""

from __future__ import annotations

import sympy
from sympy import (
    BlockMatrix,
    HadamardPower,
    HadamardProduct,
    Identity,
    MatAdd,
    MatMul,
    MatrixExpr,
    ZeroMatrix,
)
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction
from sympy.matrices.expressions.diagonal import DiagMatrix

from symdl.differentiate.matrix import gradient, product, split_coeff, transpose
from symdl.errors import NotSupported
from symdl.functions import VectorSoftmax


class _Jac:
    def __init__(self, wrt: sympy.Basic) -> None:
        self.wrt = wrt
        self.names: list[str] = []

    def __call__(self, e: sympy.Basic) -> sympy.Basic:
        wrt = self.wrt
        if e == wrt:
            return Identity(wrt.rows)
        if not e.has(wrt):
            return ZeroMatrix(e.rows, wrt.rows)
        if isinstance(e, MatAdd):
            self.names.append("sum rule")
            return MatAdd(*(self(a) for a in e.args)).doit()
        if isinstance(e, MatMul):
            return self._matmul(e)
        if isinstance(e, ElementwiseApplyFunction):
            self.names.append("element-wise function: diagonal Jacobian diag(f'(u))")
            d = e.function.variables[0]
            prime = ElementwiseApplyFunction(sympy.Lambda(d, sympy.diff(e.function.expr, d)), e.expr)
            return product(DiagMatrix(prime), self(e.expr))
        if isinstance(e, HadamardProduct):
            self.names.append("Hadamard product: J(u ⊙ v) = diag(v) J(u) + diag(u) J(v)")
            args = e.args
            others = [HadamardProduct(*(b for j, b in enumerate(args) if j != i)).doit() for i in range(len(args))]
            return MatAdd(*(product(DiagMatrix(o), self(a)) for o, a in zip(others, args, strict=True))).doit()
        if isinstance(e, HadamardPower):
            self.names.append("element-wise power: J(u^∘p) = diag(p u^∘(p−1)) J(u)")
            return product(DiagMatrix(e.exp * HadamardPower(e.base, e.exp - 1)), self(e.base))
        if isinstance(e, VectorSoftmax):
            self.names.append("softmax: J(softmax(u)) = (diag(s) − s sᵀ) J(u)")
            return product(MatAdd(DiagMatrix(e), -MatMul(e, e.T)), self(e.arg))
        if isinstance(e, BlockMatrix) and e.blockshape[1] == 1:
            self.names.append("concatenation: the blocks' Jacobians stacked")
            return BlockMatrix([[self(b)] for b in e.blocks[:, 0]])
        raise NotSupported(f"no Jacobian rule for {type(e).__name__}")

    def _matmul(self, e: MatMul) -> sympy.Basic:
        coeff, factors = split_coeff(e)
        if coeff.has(self.wrt):  # c(x) u: J = u ∇cᵀ + c J(u)
            rest = product(*factors)
            return MatAdd(self._times_number(rest, coeff * Identity(1)), product(coeff, self(rest))).doit()
        if not any(f.has(self.wrt) for f in factors[:-1]):
            self.names.append("linear map: J(A u) = A J(u)")
            return product(coeff, *factors[:-1], self(factors[-1]))
        for k in range(1, len(factors)):
            left, right = MatMul(*factors[:k]).doit(), MatMul(*factors[k:]).doit()
            if right.shape == (1, 1) or left.shape == (1, 1):  # u s (or s u) with a number s
                u, num = (left, right) if right.shape == (1, 1) else (right, left)
                own = product(self(u), sympy.Trace(num).doit())
                return product(coeff, MatAdd(self._times_number(u, num), own).doit())
        raise NotSupported("Jacobian of a product of matrices that depend on the variable (a 3-index tensor)",
                           hint="write it as a vector times a number (x (x^T a)) or differentiate a number of it")

    def _times_number(self, u: sympy.Basic, s: sympy.Basic) -> sympy.Basic:
        """``u ∇sᵀ``: the part of ``J(u s)`` from the number ``s`` (a 1×1 matrix expression)."""
        self.names.append("vector times a number: J(u s) = u ∇sᵀ + s J(u)")
        if not s.has(self.wrt):
            return ZeroMatrix(u.rows, self.wrt.rows)
        grad, names = gradient(s, self.wrt)
        self.names.extend(names)
        return product(u, transpose(grad))


def jacobian(expr: sympy.Basic, wrt: sympy.Basic) -> tuple[sympy.Basic, tuple[str, ...]]:
    """``∂y_i/∂x_j`` of a column-vector function ``y`` of a column vector ``x`` (forward mode).

    Raises:
        NotSupported: a node on the path has no Jacobian rule (named).
    """
    jac = _Jac(wrt)
    return jac(expr), tuple(dict.fromkeys(jac.names))


def hessian(expr: sympy.Basic, wrt: sympy.Basic) -> tuple[sympy.Basic, tuple[str, ...]]:
    """``∂²f/∂x_i∂x_j`` of a number ``f`` by a column vector ``x``: the Jacobian of the gradient.

    Raises:
        NotSupported: the function is not a number, ``x`` is not a column vector, or a rule is missing.
    """
    if not isinstance(wrt, MatrixExpr) or wrt.shape[1] != 1:
        raise NotSupported("a Hessian by anything but a column vector (a matrix's Hessian is a 4-index tensor)")
    grad, names = gradient(expr, wrt)
    hess, more = jacobian(grad, wrt)
    return hess, tuple(dict.fromkeys(("gradient: " + "; ".join(names), "Hessian = Jacobian of the gradient", *more)))
