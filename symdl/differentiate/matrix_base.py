"""The shared pieces of the matrix-calculus rules: the rule record and matrix/scalar products."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sympy
from sympy import MatMul, MatrixExpr, Transpose

Contribution = tuple[sympy.Basic, sympy.Basic]


@dataclass(frozen=True)
class VJPRule:
    """How a node passes its adjoint ``g`` to its children.

    Attributes:
        name: the rule's name as cited in steps.
        formula: the rule written out.
        vjp: ``(node, g) -> [(child, contribution to child's adjoint), ...]``.
    """

    name: str
    formula: str
    vjp: Callable[[sympy.Basic, sympy.Basic], list[Contribution]]


def transpose(e: sympy.Basic) -> sympy.Basic:
    """``eᵀ`` for a matrix expression; a scalar is its own transpose."""
    if isinstance(e, MatrixExpr):
        return Transpose(e).doit()
    return e


def product(*pieces: sympy.Basic) -> sympy.Basic:
    """The product of scalars and matrices (matrix product, scalars pulled out)."""
    scalars = [p for p in pieces if not isinstance(p, MatrixExpr)]
    mats = [p for p in pieces if isinstance(p, MatrixExpr)]
    coeff = sympy.Mul(*scalars)
    if not mats:
        return coeff
    return MatMul(coeff, *mats).doit() if coeff != 1 else MatMul(*mats).doit()


def split_coeff(node: sympy.Basic) -> tuple[sympy.Basic, list[sympy.Basic]]:
    """A matrix product's scalar coefficient and its matrix factors."""
    scalars = [a for a in node.args if not isinstance(a, MatrixExpr)]
    return sympy.Mul(*scalars), [a for a in node.args if isinstance(a, MatrixExpr)]
