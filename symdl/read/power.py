"""A power as written, kept whole until the binder knows what its base is.

SymPy distributes an integer power over a product of commuting symbols — ``(X^T X)^{-1}`` would become
``X^{T,-1} X^{-1}`` — and a written ``A^{-1}`` is indistinguishable from the ``1/A`` of a fraction once
built.  The reader knows neither shapes nor kinds, so it builds :class:`Power` for a power whose base is
a product of names, or whose exponent is negative; the binder then reads it by the rule of the README's
notation table: a number's power, a matrix's inverse (``^{-1}`` of a square matrix), or an element-wise
power of a vector or matrix.

A fraction's denominator that is a product of names is kept whole the same way, as :class:`Reciprocal`:
``\\frac{g^T g}{g^T H g}`` divides by the number gᵀHg, which distributed would be ``g^{T,-1} H^{-1} g^{-1}``.
"""

from __future__ import annotations

import sympy


class Power(sympy.Function):
    """``base^exp`` as written (see the module docstring); never evaluates by itself."""

    nargs = 2

    @classmethod
    def eval(cls, base: sympy.Basic, exp: sympy.Basic) -> None:  # kept whole on purpose
        return None


def written_power(base: sympy.Basic, exp: sympy.Basic) -> sympy.Basic:
    """The reader's power node: :class:`Power` where SymPy would lose what was written, else ``Pow``."""
    names = any(isinstance(s, sympy.Symbol) for s in base.free_symbols)
    negative = exp.is_negative is True
    if names and (isinstance(base, sympy.Mul) or negative):
        return Power(base, exp)
    return sympy.Pow(base, exp, evaluate=False)


class Reciprocal(sympy.Function):
    """``1/b`` of a written denominator ``b`` that is a product of names (see the module docstring)."""

    nargs = 1

    @classmethod
    def eval(cls, base: sympy.Basic) -> None:  # kept whole on purpose
        return None


def written_reciprocal(base: sympy.Basic) -> sympy.Basic:
    """The reader's ``1/base``: :class:`Reciprocal` where SymPy would distribute it over a product of names."""
    named = [a for a in base.args if a.free_symbols] if isinstance(base, sympy.Mul) else []
    if len(named) > 1:
        return Reciprocal(base)
    return sympy.Pow(base, -1, evaluate=False)
