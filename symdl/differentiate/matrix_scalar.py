"""Matrix-calculus rules for determinants, matrix powers and scalar functions of 1×1 expressions.

The rules are data (:class:`~symdl.differentiate.matrix_base.VJPRule`) added to
:data:`symdl.differentiate.matrix.VJP_RULES`; gradients are in the ML (denominator) layout:

* ``y = det A``: ``dA = dy · det(A) A⁻ᵀ`` (Jacobi's formula, Matrix Cookbook eq. 49);
* ``y = log det A`` and ``y = log|det A|``: ``dA = dy · A⁻ᵀ`` (Cookbook eqs. 51, 57);
* ``Y = Aᵏ`` (integer ``k ≥ 1``): ``dA = Σ_j (Aᵀ)ʲ dY (Aᵀ)^(k−1−j)``; ``A⁻ᵏ = (A⁻¹)ᵏ`` then
  ``dA = −A⁻ᵀ dM A⁻ᵀ`` with ``dM`` the power rule's adjoint for ``M = A⁻¹``;
* ``y = f(u)`` for a scalar SymPy function of 1×1 expressions (log, exp, sqrt, powers, Abs,
  tanh, σ, ...): ``du = dy · f'(u)`` with ``f'`` SymPy's own derivative of ``f`` at a real
  stand-in for ``u``; the 2-norm ``‖x‖ = (xᵀx)^½`` and the Frobenius norm are such powers
  (``x/‖x‖``, ``X/‖X‖_F``).

* a piecewise value (``\begin{cases}``) of 1×1 expressions: each piece gets ``dy`` where its condition is the first
  that holds and 0 elsewhere (the conditions are constant between kinks, so they pass no gradient).

A function whose derivative SymPy leaves unevaluated (an undefined ``f``) has no rule: it is
NotSupported, naming the function.
"""

from __future__ import annotations

import sympy
from sympy import Determinant, Inverse, MatMul, MatPow, MatrixExpr, Trace, Transpose

from symdl.differentiate.matrix_base import Contribution, VJPRule, product, transpose
from symdl.errors import NotSupported


def _inverse_t(a: sympy.Basic) -> sympy.Basic:
    """``A⁻ᵀ`` (``(X⁻¹)⁻ᵀ`` is ``Xᵀ``)."""
    return transpose(Inverse(a).doit())


def _determinant(node: sympy.Basic, g: sympy.Basic) -> list[Contribution]:
    (a,) = node.args
    return [(a, product(g, node, _inverse_t(a)))]


def _power_adjoint(base: sympy.Basic, k: int, g: sympy.Basic) -> sympy.Basic:
    """The adjoint of ``base`` in ``Y = baseᵏ`` (``k ≥ 1``) given ``Y``'s adjoint ``g``."""
    bt = transpose(base)
    terms = [MatMul(MatPow(bt, j).doit(), g, MatPow(bt, k - 1 - j).doit()).doit() for j in range(k)]
    return sympy.MatAdd(*terms).doit() if len(terms) > 1 else terms[0]


def _matpow(node: sympy.Basic, g: sympy.Basic) -> list[Contribution]:
    base, k = node.args
    if not (k.is_Integer and k != 0):
        raise NotSupported(f"no differentiation rule for the matrix power {node} (only integer powers)")
    if k > 0:
        return [(base, _power_adjoint(base, int(k), g))]
    inv = Inverse(base).doit()
    inv_t = transpose(inv)
    return [(base, product(-1, inv_t, _power_adjoint(inv, int(-k), g), inv_t))]


def _log_det_arg(node: sympy.Basic) -> sympy.Basic | None:
    """``A`` when ``node`` is ``log det A`` or ``log|det A|``."""
    if not isinstance(node, sympy.log):
        return None
    (arg,) = node.args
    if isinstance(arg, sympy.Abs):
        arg = arg.args[0]
    return arg.args[0] if isinstance(arg, Determinant) else None


def _scalar_function(node: sympy.Basic, g: sympy.Basic) -> list[Contribution]:
    a = _log_det_arg(node)
    if a is not None:
        return [(a, product(g, _inverse_t(a)))]
    out: list[Contribution] = []
    for i, arg in enumerate(node.args):
        if isinstance(arg, MatrixExpr) and arg.shape != (1, 1):
            raise NotSupported(f"{type(node).__name__} of the {arg.shape[0]}×{arg.shape[1]} matrix {arg}")
        u = sympy.Dummy("u", real=True)
        stand_in = node.func(*(u if j == i else b for j, b in enumerate(node.args)))
        prime = sympy.diff(stand_in, u)
        if prime.has(sympy.Derivative, sympy.Subs):
            raise NotSupported(f"no differentiation rule for the function {node.func} of a matrix expression")
        out.append((arg, g * prime.xreplace({u: arg})))
    return out


def _piecewise(node: sympy.Piecewise, g: sympy.Basic) -> list[Contribution]:
    out: list[Contribution] = []
    earlier: list[sympy.Basic] = []
    for expr, cond in node.args:
        if expr.has(MatrixExpr) or expr.free_symbols:
            where = sympy.Piecewise(*((0, c) for c in earlier), (1, cond), (0, True))
            out.append((expr, g * where))
        earlier.append(cond)
    return out


def special_rule_name(node: sympy.Basic) -> str | None:
    """A more telling name than the node type's rule: log-determinant, 2-norm / Frobenius norm."""
    if _log_det_arg(node) is not None:
        return "log-determinant: y = log|det A|, dA = dy A⁻ᵀ"
    if isinstance(node, sympy.Pow) and node.exp == sympy.S.Half and isinstance(node.base, Trace):
        inner = node.base.arg
        if isinstance(inner, MatMul) and len(inner.args) == 2 and inner.args[0] == Transpose(inner.args[1]):
            return "2-norm / Frobenius norm: y = ‖A‖, dA = dy A/‖A‖"
    return None


#: Rules for the node types of this module, in the order they are tried.
SCALAR_RULES: dict[type, VJPRule] = {
    Determinant: VJPRule("determinant (Jacobi's formula)", "y = det A: dA = dy det(A) A⁻ᵀ", _determinant),
    MatPow: VJPRule(
        "matrix power",
        "Y = Aᵏ: dA = Σ_j (Aᵀ)ʲ dY (Aᵀ)^(k−1−j); Y = A⁻ᵏ = Mᵏ, M = A⁻¹: dA = −A⁻ᵀ dM A⁻ᵀ",
        _matpow,
    ),
    sympy.Piecewise: VJPRule(
        "piecewise value (each piece where its condition holds)", "y = {u_k if c_k}: du_k = dy 1[c_k first]", _piecewise
    ),
    sympy.Pow: VJPRule("chain rule (power of a 1×1 expression)", "y = uᵖ: du = dy p uᵖ⁻¹", _scalar_function),
    sympy.Function: VJPRule(
        "chain rule (scalar function of a 1×1 expression)", "y = f(u): du = dy f'(u)", _scalar_function
    ),
}

