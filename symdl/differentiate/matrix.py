"""Matrix calculus in the ML (denominator) layout, by reverse mode over matrix expressions.

The gradient of a scalar ``f`` with respect to a matrix ``W`` has ``W``'s shape.  It
is computed like backprop: every sub-expression gets an *adjoint* (``∂f/∂node``,
shaped like the node), adjoints flow from the root to the leaves through the
vector-Jacobian-product rules of :data:`VJP_RULES` (one per node type, data in
the style of autograd's ``defvjp``), and shared sub-expressions are visited once
with their contributions summed.  So ``∇_x xᵀAx = (A + Aᵀ)x`` and
``∇_W ‖Wx − y‖² = 2(Wx − y)xᵀ`` come out directly.

Vector-valued functions of a vector get a Jacobian (``∂y_i/∂x_j``) by forward mode
(:func:`jacobian`); an element-wise function's Jacobian is the diagonal matrix of
its derivative.
"""

from __future__ import annotations

import sympy
from sympy import (
    HadamardPower,
    HadamardProduct,
    Identity,
    Inverse,
    MatAdd,
    MatMul,
    MatrixExpr,
    OneMatrix,
    Trace,
    Transpose,
    ZeroMatrix,
)
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction

from symdl.differentiate.matrix_base import Contribution, VJPRule, product, split_coeff, transpose
from symdl.differentiate.matrix_extra import EXTRA_RULES
from symdl.differentiate.matrix_kron import KRON_RULES
from symdl.differentiate.matrix_scalar import SCALAR_RULES, special_rule_name
from symdl.differentiate.rules import function_rule
from symdl.errors import NotSupported

__all__ = ["VJP_RULES", "Contribution", "VJPRule", "gradient", "product", "split_coeff", "transpose", "vjp"]


def _matmul(node: sympy.Basic, g: sympy.Basic) -> list[Contribution]:
    coeff, factors = split_coeff(node)
    out: list[Contribution] = []
    for k, factor in enumerate(factors):
        left = [transpose(MatMul(*factors[:k]).doit())] if k else []
        right = [transpose(MatMul(*factors[k + 1 :]).doit())] if k + 1 < len(factors) else []
        out.append((factor, product(coeff, *left, g, *right)))
    scalar_part = [a for a in node.args if not isinstance(a, MatrixExpr)]
    for i, a in enumerate(scalar_part):  # y = c M with a number c built of matrices (1/‖x‖): dc = tr(gᵀ M)
        if a.atoms(MatrixExpr):
            rest = product(*(b for j, b in enumerate(scalar_part) if j != i), *factors)
            gm = g if isinstance(g, MatrixExpr) else g * Identity(1)
            out.append((a, Trace(MatMul(transpose(gm), rest)).doit() if isinstance(rest, MatrixExpr) else g * rest))
    return out


def _elementwise(node: sympy.Basic, g: sympy.Basic) -> list[Contribution]:
    fn = node.function
    d = fn.variables[0]
    rule = function_rule(fn.expr) if fn.expr.args == (d,) else None  # the record's derivative: no sympy.diff
    prime = sympy.Lambda(d, rule.derivative(d) if rule else sympy.diff(fn.expr, d))
    return [(node.expr, _times_seed(g, ElementwiseApplyFunction(prime, node.expr)))]


def _times_seed(g: sympy.Basic, *factors: sympy.Basic) -> sympy.Basic:
    """``g ∘ factors``; a scalar seed ``g`` (the gradient of a 1×1 result) simply scales them."""
    if not getattr(g, "is_Matrix", False):
        return g * (factors[0] if len(factors) == 1 else HadamardProduct(*factors).doit())
    return HadamardProduct(g, *factors).doit()


def _hadamard(node: sympy.Basic, g: sympy.Basic) -> list[Contribution]:
    args = node.args
    return [(a, _times_seed(g, *(b for j, b in enumerate(args) if j != i))) for i, a in enumerate(args)]


def _hadamard_power(node: sympy.Basic, g: sympy.Basic) -> list[Contribution]:
    base, exp = node.args
    return [(base, _times_seed(g, exp * HadamardPower(base, exp - 1)))]


def _trace(node: sympy.Basic, g: sympy.Basic) -> list[Contribution]:
    (arg,) = node.args
    return [(arg, product(g, Identity(arg.rows)))]


def _inverse(node: sympy.Basic, g: sympy.Basic) -> list[Contribution]:
    arg = node.arg
    inv_t = transpose(node)
    return [(arg, product(-1, inv_t, g, inv_t))]


def _scalar_mul(node: sympy.Basic, g: sympy.Basic) -> list[Contribution]:
    args = node.args
    return [(a, g * sympy.Mul(*(b for j, b in enumerate(args) if j != i))) for i, a in enumerate(args)]


def _passthrough(node: sympy.Basic, g: sympy.Basic) -> list[Contribution]:
    return [(a, g) for a in node.args]


#: Node type → its vector-Jacobian product.  ``g`` is the node's adjoint.
VJP_RULES: dict[type, VJPRule] = {
    MatAdd: VJPRule("sum rule", "d(A + B): dA = dB = dY", _passthrough),
    MatMul: VJPRule("matrix product (ML layout)", "Y = A B: dA = dY Bᵀ, dB = Aᵀ dY", _matmul),
    Transpose: VJPRule("transpose", "Y = Aᵀ: dA = dYᵀ", lambda n, g: [(n.arg, transpose(g))]),
    HadamardProduct: VJPRule("Hadamard product", "Y = A ⊙ B: dA = dY ⊙ B", _hadamard),
    HadamardPower: VJPRule("element-wise power", "Y = A^∘p: dA = dY ⊙ p A^∘(p−1)", _hadamard_power),
    ElementwiseApplyFunction: VJPRule(
        "element-wise function (diagonal Jacobian)", "Y = f(A): dA = dY ⊙ f'(A)", _elementwise
    ),
    Trace: VJPRule("trace", "y = tr(A): dA = dy I", _trace),
    Inverse: VJPRule("matrix inverse", "Y = A⁻¹: dA = −A⁻ᵀ dY A⁻ᵀ", _inverse),
    sympy.Add: VJPRule("sum rule", "(u + v)' = u' + v'", _passthrough),
    sympy.Mul: VJPRule("product rule", "(u v)' = u' v + u v'", _scalar_mul),
    **{t: VJPRule(*r) for t, r in {**EXTRA_RULES, **KRON_RULES}.items()},  # type: ignore[arg-type]
    **SCALAR_RULES,  # last: its sympy.Function would match the softmax classes too (rules are tried in order)
}


def broadcast_rule_name(node: sympy.Basic) -> str | None:
    """``b 1ᵀ`` broadcasts a column over columns; its gradient sums over columns."""
    if not isinstance(node, MatMul):
        return None
    _, factors = split_coeff(node)
    if len(factors) == 2 and isinstance(factors[1], OneMatrix) and factors[1].rows == 1:
        return "broadcast over columns (b 1ᵀ): its gradient sums over columns (dY 1)"
    if any(isinstance(f, OneMatrix) for f in factors):
        return "sum of entries (product with a ones vector)"
    return None


def _total(parts: list[sympy.Basic]) -> sympy.Basic:
    if len(parts) == 1:
        return parts[0]
    if isinstance(parts[0], MatrixExpr):
        return MatAdd(*parts).doit()
    return sympy.Add(*parts)


def _postorder(root: sympy.Basic, wrt: sympy.Basic) -> list[sympy.Basic]:
    """Unique sub-expressions of ``root`` that contain ``wrt``, children before parents."""
    order: list[sympy.Basic] = []
    seen: set[sympy.Basic] = set()
    stack: list[tuple[sympy.Basic, bool]] = [(root, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
            continue
        if node in seen:
            continue
        seen.add(node)
        stack.append((node, True))
        if node != wrt:
            stack.extend((a, False) for a in node.args if a.has(wrt) and a not in seen)
    return order


def vjp(root: sympy.Basic, wrt: sympy.Basic, seed: sympy.Basic) -> tuple[sympy.Basic, tuple[str, ...]]:
    """The adjoint of ``wrt`` given the adjoint ``seed`` of ``root``.

    Args:
        root: a matrix (or scalar) expression.
        wrt: a symbol or matrix symbol inside ``root``.
        seed: ``∂f/∂root`` (root's shape, or the scalar 1 for a 1×1 or scalar root).

    Returns:
        ``(∂f/∂wrt, names of the rules used)``.

    Raises:
        NotSupported: a node type on the path has no rule.
    """
    adjoints: dict[sympy.Basic, list[sympy.Basic]] = {root: [seed]}
    names: list[str] = []
    for node in reversed(_postorder(root, wrt)):
        if node == wrt or node not in adjoints:
            continue
        parts = adjoints.pop(node)
        g = _total(parts)
        rule = next((r for t, r in VJP_RULES.items() if isinstance(node, t)), None)
        if rule is None:
            raise NotSupported(f"no differentiation rule for {type(node).__name__} in a matrix expression")
        name = broadcast_rule_name(node) or special_rule_name(node) or rule.name
        for child, contribution in rule.vjp(node, g):
            if child.has(wrt):
                adjoints.setdefault(child, []).append(contribution)
                if name not in names:
                    names.append(name)
    parts = adjoints.get(wrt, [])
    if not parts:
        shape = wrt.shape if getattr(wrt, "is_Matrix", False) else None
        return (ZeroMatrix(*shape) if shape else sympy.S.Zero), tuple(names)
    return collect_factors(_total(parts)), tuple(names)


def _terms(term: sympy.Basic) -> tuple[sympy.Basic, list[sympy.Basic]]:
    if isinstance(term, MatMul):
        return split_coeff(term)
    return sympy.S.One, [term]


def collect_factors(expr: sympy.Basic) -> sympy.Basic:
    """Factor a common right (or left) factor out of a sum: ``Ax + Aᵀx = (A + Aᵀ)x``."""
    if not isinstance(expr, MatAdd):
        return expr
    for side in (-1, 0):
        groups: dict[sympy.Basic, list[sympy.Basic]] = {}
        others: list[sympy.Basic] = []
        for term in expr.args:
            coeff, factors = _terms(term)
            if len(factors) < 2:
                others.append(term)
                continue
            rest = factors[:-1] if side == -1 else factors[1:]
            groups.setdefault(factors[side], []).append(product(coeff, *rest))
        merged = [
            (MatMul(MatAdd(*rs).doit(), f) if side == -1 else MatMul(f, MatAdd(*rs).doit()))
            if len(rs) > 1
            else (product(*rs, f) if side == -1 else product(f, *rs))
            for f, rs in groups.items()
        ]
        if any(len(rs) > 1 for rs in groups.values()):
            return MatAdd(*(merged + others))
    return expr


def gradient(expr: sympy.Basic, wrt: sympy.Basic) -> tuple[sympy.Basic, tuple[str, ...]]:
    """``∇_wrt expr`` for a scalar (or 1×1) ``expr``: shaped like ``wrt``."""
    shape = expr.shape if getattr(expr, "is_Matrix", False) else (1, 1)  # Indexed.shape raises without ranges
    if tuple(shape) != (1, 1):
        raise NotSupported(f"the gradient needs a scalar function; this one has shape {shape}")
    result, names = vjp(expr, wrt, sympy.S.One)
    if isinstance(result, MatrixExpr) and result.shape != wrt.shape:
        raise NotSupported(f"internal shape mismatch: gradient {result.shape} vs {wrt.shape}")
    return result, names
