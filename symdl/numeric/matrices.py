"""Lowering matrix nodes: each SymPy matrix expression class → a handler that produces its flat form of kernel
calls (:data:`MATRIX_HANDLERS`), used by :mod:`symdl.numeric.lower`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import sympy
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction
from sympy.matrices.expressions.diagonal import DiagMatrix
from sympy.matrices.expressions.hadamard import HadamardPower, HadamardProduct
from sympy.matrices.expressions.matexpr import MatrixElement

from symdl.functions import RowSoftmax, SpectralNorm, VectorSoftmax
from symdl.numeric.tables import K

#: the lowerer (:class:`symdl.numeric.lower._Lowerer`): ``lower(e, env)``, ``_dim(d)``, ``out.inputs``
Lowerer = Any


def _matmul(lw: Lowerer, e: sympy.MatMul, env: Mapping) -> sympy.Basic:
    scalars = [lw.lower(a, env) for a in e.args if not getattr(a, "is_Matrix", False)]
    mats = [lw.lower(a, env) for a in e.args if getattr(a, "is_Matrix", False)]
    core = K["symdl_matmul"](*mats) if len(mats) > 1 else mats[0]
    return sympy.Mul(*scalars) * core


def _elementwise(lw: Lowerer, e: ElementwiseApplyFunction, env: Mapping) -> sympy.Basic:
    inner = lw.lower(e.expr, env)
    fn = e.function
    if isinstance(fn, sympy.Lambda):
        (var,) = fn.variables
        placeholder = sympy.Dummy("symdl_elem", real=True)
        body = lw.lower(fn.expr.xreplace({var: placeholder}), env)
    else:
        placeholder = sympy.Dummy("symdl_elem", real=True)
        body = lw.lower(fn(placeholder), env)
    arg = lw.out.inputs.pop(placeholder, None)
    return body.xreplace({arg: inner}) if arg is not None else body


def _explicit(lw: Lowerer, e: sympy.MatrixBase, env: Mapping) -> sympy.Basic:
    return K["symdl_stack"](e.rows, e.cols, *[lw.lower(x, env) for x in e])


MATRIX_HANDLERS: dict[type, Callable[[Lowerer, sympy.Basic, Mapping], sympy.Basic]] = {
    sympy.MatMul: _matmul,
    sympy.MatAdd: lambda lw, e, env: sympy.Add(*[lw.lower(a, env) for a in e.args]),
    sympy.Transpose: lambda lw, e, env: K["symdl_T"](lw.lower(e.arg, env)),
    sympy.Adjoint: lambda lw, e, env: K["symdl_T"](lw.lower(e.arg, env)),
    HadamardProduct: lambda lw, e, env: sympy.Mul(*[lw.lower(a, env) for a in e.args]),
    HadamardPower: lambda lw, e, env: lw.lower(e.base, env) ** lw.lower(e.exp, env),
    ElementwiseApplyFunction: _elementwise,
    sympy.OneMatrix: lambda lw, e, env: K["symdl_ones"](*[lw._dim(d) for d in e.shape]),
    sympy.ZeroMatrix: lambda lw, e, env: K["symdl_zeros"](*[lw._dim(d) for d in e.shape]),
    sympy.Identity: lambda lw, e, env: K["symdl_eye"](lw._dim(e.rows)),
    sympy.Inverse: lambda lw, e, env: K["symdl_inv"](lw.lower(e.arg, env)),
    sympy.MatPow: lambda lw, e, env: K["symdl_matpow"](lw.lower(e.base, env), lw.lower(e.exp, env)),
    sympy.Trace: lambda lw, e, env: K["symdl_trace"](lw.lower(e.arg, env)),
    RowSoftmax: lambda lw, e, env: K["symdl_softmax_rows"](lw.lower(e.arg, env)),
    VectorSoftmax: lambda lw, e, env: K["symdl_softmax"](lw.lower(e.arg, env)),
    sympy.Determinant: lambda lw, e, env: K["symdl_det"](lw.lower(e.arg, env)),
    SpectralNorm: lambda lw, e, env: K["symdl_spectral_norm"](lw.lower(e.arg, env)),
    sympy.KroneckerProduct: lambda lw, e, env: K["symdl_kron"](*[lw.lower(a, env) for a in e.args]),
    DiagMatrix: lambda lw, e, env: K["symdl_diag"](lw.lower(e.args[0], env)),
    MatrixElement: lambda lw, e, env: K["symdl_melem"](
        lw.lower(e.parent, env), lw.lower(e.i, env), lw.lower(e.j, env)
    ),
    sympy.BlockMatrix: lambda lw, e, env: K["symdl_block"](
        *e.blockshape, *[lw.lower(b, env) for b in e.blocks]
    ),
    sympy.MatrixBase: _explicit,
}
"""Matrix node → handler producing its flat form."""
