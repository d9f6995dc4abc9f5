"""Simplifying element-wise matrix expressions by computing with one entry.

``-(Y ⊘ A − (1 − Y) ⊘ (1 − A)) ⊙ A ⊙ (1 − A)`` is, entry by entry, the scalar
``-(y/a − (1−y)/(1−a))·a(1−a) = a − y``.  :func:`to_scalar` maps an element-wise
matrix expression to the scalar expression of one entry (matrix operands become
scalar stand-ins; anything that is not element-wise — a matrix product, a
transpose — becomes an opaque stand-in too), SymPy simplifies that (bounded in
time), and :func:`from_scalar` maps the result back to matrices of the same shape.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import sympy
from sympy import HadamardPower, HadamardProduct, MatAdd, MatMul, MatrixExpr, OneMatrix, ZeroMatrix
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction

from symdl.simplify import bounded_simplify, part


class Entries:
    """A two-way map between matrix operands and the scalar stand-ins for one of their entries."""

    def __init__(self) -> None:
        self.scalar_of: dict[sympy.Basic, sympy.Symbol] = {}
        self.matrix_of: dict[sympy.Symbol, sympy.Basic] = {}

    def stand_in(self, matrix: sympy.Basic) -> sympy.Symbol:
        if matrix not in self.scalar_of:
            name = getattr(matrix, "name", "M")
            s = sympy.Dummy(str(name).lower(), real=True)
            self.scalar_of[matrix] = s
            self.matrix_of[s] = matrix
        return self.scalar_of[matrix]


def _mat_mul(expr: sympy.Basic, entries: Entries) -> sympy.Basic:
    scalars = [a for a in expr.args if not isinstance(a, MatrixExpr)]
    mats = [a for a in expr.args if isinstance(a, MatrixExpr)]
    if len(mats) == 1:
        return sympy.Mul(*scalars) * to_scalar(mats[0], entries)
    return entries.stand_in(expr)


def _apply(expr: sympy.Basic, entries: Entries) -> sympy.Basic:
    fn = expr.function
    return fn.expr.xreplace({fn.variables[0]: to_scalar(expr.expr, entries)})


#: Element-wise node type → its one-entry scalar form.
TO_SCALAR: dict[type, Callable[[sympy.Basic, Entries], sympy.Basic]] = {
    MatAdd: lambda e, en: sympy.Add(*(to_scalar(a, en) for a in e.args)),
    MatMul: _mat_mul,
    HadamardProduct: lambda e, en: sympy.Mul(*(to_scalar(a, en) for a in e.args)),
    HadamardPower: lambda e, en: to_scalar(e.args[0], en) ** e.args[1],
    ElementwiseApplyFunction: _apply,
    OneMatrix: lambda e, en: sympy.S.One,
    ZeroMatrix: lambda e, en: sympy.S.Zero,
}


def to_scalar(expr: sympy.Basic, entries: Entries) -> sympy.Basic:
    """The scalar expression for one entry of the element-wise matrix expression ``expr``."""
    if not isinstance(expr, MatrixExpr):
        return expr
    for node_type, rule in TO_SCALAR.items():
        if isinstance(expr, node_type):
            return rule(expr, entries)
    return entries.stand_in(expr)


def from_scalar(expr: sympy.Basic, entries: Entries, shape: tuple[object, object]) -> sympy.Basic:
    """The matrix expression (of ``shape``) whose every entry is ``expr``."""
    inside = expr.free_symbols & set(entries.matrix_of)
    if not inside:
        return MatMul(expr, OneMatrix(*shape)) if expr != 0 else ZeroMatrix(*shape)
    if isinstance(expr, sympy.Symbol):
        return entries.matrix_of[expr]
    if isinstance(expr, sympy.Add):
        return MatAdd(*(from_scalar(a, entries, shape) for a in expr.args))
    if isinstance(expr, sympy.Mul):
        const = [a for a in expr.args if not (a.free_symbols & inside)]
        dep = [from_scalar(a, entries, shape) for a in expr.args if a.free_symbols & inside]
        body = dep[0] if len(dep) == 1 else HadamardProduct(*dep)
        coeff = sympy.Mul(*const)
        return body if coeff == 1 else MatMul(coeff, body)
    if isinstance(expr, sympy.Pow) and not (expr.exp.free_symbols & inside):
        return HadamardPower(from_scalar(expr.base, entries, shape), expr.exp)
    if len(inside) == 1:
        (s,) = inside
        d = sympy.Dummy("d", real=True)
        return ElementwiseApplyFunction(sympy.Lambda(d, expr.xreplace({s: d})), entries.matrix_of[s])
    if isinstance(expr, sympy.Function) and len(expr.args) == 1:
        d = sympy.Dummy("d", real=True)
        return ElementwiseApplyFunction(
            sympy.Lambda(d, expr.func(d)), from_scalar(expr.args[0], entries, shape)
        )
    raise ValueError(f"cannot write {expr} element-wise")


def replace_named(expr: sympy.Basic, names: Mapping[sympy.Basic, sympy.Basic]) -> sympy.Basic:
    """``expr.xreplace(names)`` except inside derivatives (``g'(z)`` must keep its ``g(z)``)."""
    if not names:
        return expr
    shielded = {d: sympy.Dummy("D") for d in expr.atoms(sympy.Derivative, sympy.Subs)}
    back = {v: k for k, v in shielded.items()}
    return expr.xreplace(shielded).xreplace(dict(names)).xreplace(back)


def _size(expr: sympy.Basic) -> tuple[int, int]:
    return int(sympy.count_ops(expr)), len(str(expr))


def simplify_elementwise(
    expr: sympy.Basic,
    *,
    steps: int | None = None,
    named: Mapping[sympy.Basic, sympy.Basic] | None = None,
) -> tuple[sympy.Basic, bool]:
    """Simplify an element-wise matrix expression entry by entry.

    Args:
        expr: a matrix expression.
        steps: counted steps for the simplification (None: the ``steps`` budget).
        named: named element-wise intermediates, ``A → f(Z)`` (matrix symbol → its
            definition); in the result ``f(z)`` is written ``a`` (e.g. ``σ(Z) → A``).

    Returns:
        ``(simplified, gave_up)``; the input itself when it is not element-wise or the
        simplification ran out of steps.
    """
    if not isinstance(expr, MatrixExpr):
        return expr, False
    entries = Entries()
    scalar = to_scalar(expr, entries)
    if not scalar.free_symbols & set(entries.matrix_of):
        return expr, False
    names = {to_scalar(definition, entries): entries.stand_in(a) for a, definition in (named or {}).items()}
    scalar = replace_named(scalar, names)
    simplified, gave_up = bounded_simplify(scalar, steps=steps)
    candidates = [scalar, replace_named(simplified, names)]
    if not gave_up:
        factored, _ = bounded_simplify(candidates[-1], steps=part(steps, 0.5), pipeline=sympy.factor_terms)
        candidates.append(factored)
    best = min(candidates, key=_size)
    try:
        out = from_scalar(best, entries, expr.shape)
    except ValueError:
        return expr, gave_up
    return (out if _size(out) <= _size(expr) else expr), gave_up
