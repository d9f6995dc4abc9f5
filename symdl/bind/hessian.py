"""The Hessian ``\\nabla^2 f(\\mathbf{x})``, ``\\nabla^2_{\\boldsymbol\\theta} L`` (Boyd & Vandenberghe's Newton step
``\\Delta x_{nt} = -\\nabla^2 f(x)^{-1} \\nabla f(x)``, Nocedal & Wright's ``(\\nabla^2 f_k)^{-1}``): the matrix of
second derivatives of a number by a vector, n × n for a vector of n entries, kept as one value named as written
(as a gradient ``\\nabla f(\\mathbf{x})`` is), so that ``^{-1}`` is its inverse; by a number, the second
derivative, noted (``hessian-of-a-number``: texts write the Hessian of a vector not always bold).  A Hessian of a
vector (an array of three axes) is refused."""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy

from symdl.bind import build
from symdl.bind.gradby import call_argument
from symdl.bind.valuekind import value_kind
from symdl.errors import NotSupported
from symdl.read.syntax import Placeholder

if TYPE_CHECKING:
    from symdl.bind.binder import Binder
    from symdl.bind.dims import DimInference, Shape


def _point(b: Binder, p: Placeholder) -> object | None:
    """The expression the Hessian is by: the variable written under ``\\nabla``, else the one argument of the call."""
    if p.data.get("wrt") is not None:
        return p.data["wrt"].expr
    return call_argument(b.ph, p.data["of"].expr)


def hessian_value(b: Binder, p: Placeholder, kinds: dict[tuple[object, ...], str]) -> str:
    at = _point(b, p)
    return "matrix" if at is not None and value_kind(b, at, kinds) == "col" else "scalar"


def hessian_shape(di: DimInference, p: Placeholder) -> Shape | None:
    di.shape(p.data["of"].expr)
    at = _point(di.b, p)
    s = di.shape(at) if at is not None else None
    return (s[0], s[0]) if s is not None and di.dims.find(s[1]) == 1 else None


def hessian(b: Binder, p: Placeholder) -> sympy.Basic:
    """The Hessian placeholder ``p`` (``order`` 2) built: a named n × n matrix by a vector, else a second
    derivative."""
    of = b.conv(p.data["of"])
    written = b.source[p.span.start : p.span.end].strip()
    if build.is_mat(of):
        raise NotSupported(f"{written}: the Hessian of a vector or matrix (an array of three axes or more) is not read",
                           source=b.source, span=p.span,
                           hint="write the Hessian of one entry: \\nabla^2 f_i(\\mathbf{x})")
    if p.data.get("wrt") is not None:
        point = b.conv(p.data["wrt"])
    elif isinstance(of, sympy.core.function.AppliedUndef) and len(of.args) == 1:
        point = of.args[0]
    else:
        raise NotSupported(
            f"{written}: a Hessian of a value that names no variable (no subscript under \\nabla, no argument)",
            source=b.source, span=p.span,
            hint="write what it is by: \\nabla^2_{\\mathbf{x}} f or \\nabla^2 f(\\mathbf{x})")
    if build.is_mat(point):
        if point.shape[1] != 1:
            raise NotSupported(f"{written}: a Hessian by a matrix (an array of four axes) is not read",
                               source=b.source, span=p.span, hint="flatten the matrix into a vector first")
        from symdl.bind.operators import by_spelling  # (operators builds derivatives with this module)

        hess = sympy.MatrixSymbol(f"nabla^2 {of}", point.shape[0], point.shape[0])
        b.latex_names.setdefault(hess, written)
        by_spelling(b, p, hess)  # a value the caller gives by its spelling, as a gradient's
        return hess
    b._note("hessian-of-a-number", p.span)
    if isinstance(of, sympy.Symbol):
        of = build.applied(of.name, point)  # \nabla^2_\theta L: L as a function of \theta
    if isinstance(point, (sympy.Symbol, sympy.Indexed)):
        target = of.func(point) if isinstance(of, sympy.core.function.AppliedUndef) and len(of.args) == 1 else of
        return sympy.Derivative(target, point, 2)
    u = sympy.Dummy("u", real=True)  # \nabla^2 f(x_k + \alpha p_k): at a point
    return sympy.Subs(sympy.Derivative(of.func(u), u, 2), u, point)
