"""Placeholders that bind to an operator of calculus or linear algebra: derivatives, gradients, norms."""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy

from symdl.bind import build
from symdl.errors import NotSupported
from symdl.read.syntax import Placeholder

if TYPE_CHECKING:
    from symdl.bind.binder import Binder


def derivative(b: Binder, p: Placeholder) -> sympy.Basic:
    """``\\frac{\\partial f}{\\partial x}``, ``\\nabla_x f``; a bare ``\\nabla f`` is a name of its own."""
    of = b.conv(p.data["of"])
    wrt_p = p.data.get("wrt")
    if wrt_p is None:
        if isinstance(of, sympy.core.function.AppliedUndef) and len(of.args) == 1:
            return sympy.Derivative(of, of.args[0])
        sym = sympy.Symbol(r"\nabla " + str(of), real=True)
        b.symbols.setdefault(b.source[p.span.start : p.span.end].replace(" ", ""), sym)
        b.latex_names.setdefault(sym, r"\nabla " + sympy.latex(of))
        return sym
    wrt = b.conv(wrt_p)
    if isinstance(of, sympy.Symbol):
        of = sympy.Function(of.name)(wrt)
    elif isinstance(of, sympy.core.function.AppliedUndef) and not of.has(wrt) and len(of.args) == 1:
        of = of.func(wrt)  # \frac{\partial}{\partial \theta_j} J(\theta): J as a function of \theta_j
    elif isinstance(of, sympy.MatrixSymbol):
        of = sympy.Function(str(of))(wrt)
    elif not of.has(wrt):
        # \nabla_\theta \log p(x): the dependence on \theta is implicit; keep the derivative as written
        return sympy.Derivative(of, wrt, evaluate=False)
    if build.is_mat(wrt):
        # The gradient of a scalar with respect to a vector or matrix has its shape.
        grad = sympy.MatrixSymbol(f"nabla_{{{wrt}}} {of}", *wrt.shape)
        b.latex_names.setdefault(grad, rf"\nabla_{{{_tex(b, wrt)}}} {_tex(b, of)}")
        return grad
    return sympy.Derivative(of, wrt)


def _tex(b: Binder, e: sympy.Basic) -> str:
    names = {k: v for k, v in b.latex_names.items() if isinstance(k, sympy.Symbol)}
    return sympy.latex(e, symbol_names=names)


def norm(b: Binder, p: Placeholder) -> sympy.Basic:
    """``\\|x\\|`` and ``\\|x\\|_2`` (Euclidean), ``\\|W\\|_F`` (Frobenius), ``\\|w\\|_1`` of a vector; a
    number's norm is its absolute value."""
    inner = b.conv(p.data["inner"])
    if not build.is_mat(inner):
        return sympy.Abs(inner)
    if p.data["p"] in ("2", "F"):
        return sympy.sqrt(sympy.Trace(sympy.MatMul(sympy.Transpose(inner), inner)))
    if p.data["p"] == "1" and inner.shape[1] == 1:  # \|\mathbf{w}\|_1 (lasso, L1 decay): 1^T |w|
        ones = sympy.OneMatrix(1, inner.shape[0])
        return sympy.Trace(sympy.MatMul(ones, build.elementwise(sympy.Abs, inner)))
    what = "a matrix (the entry-wise sum or the induced norm?)" if p.data["p"] == "1" else "a vector"
    raise NotSupported(
        f"the {p.data['p']}-norm of {what}",
        source=b.source,
        span=p.span,
        hint="symdl reads the 2-norm and the Frobenius norm of vectors and matrices, and the 1-norm of vectors",
    )
