"""The SymPy classes of the activations that stand for themselves in a formula: sigmoid, ReLU and softplus (and the
stop-gradient, a function of one argument recorded the same way).

Each is a real :class:`sympy.Function`: it differentiates (``fdiff``), rewrites to elementary functions and evaluates
on numbers.  Everything else symdl knows about them (names, derivative rule, kernel, kinks, stable forms, printed
names, concept) is in their records, :data:`symdl.activations.ACTIVATIONS`.
"""

from __future__ import annotations

from typing import Any

import sympy
from sympy import Function, S

#: activation class → its record (filled by :func:`symdl.activations.use`): the derivative and LaTeX name come from it
CLASS_FACTS: dict[type, Any] = {}


def _call_latex(name: str, fn: Function, printer: object, exp: str | None) -> str:
    """``name\\left(arg\\right)``, raised to ``exp`` when SymPy's printer prints a power of the call."""
    call = rf"{name}\left({printer._print(fn.args[0])}\right)"  # type: ignore[attr-defined]
    return call if exp is None else f"{{{call}}}^{{{exp}}}"


class ActivationFunction(Function):
    """An activation of one argument whose derivative and printed name are its record's (``derivative``, ``latex``)."""

    nargs = 1

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        return CLASS_FACTS[type(self)].derivative(self.args[0])  # type: ignore[no-any-return]

    def _latex(self, printer: object, exp: str | None = None) -> str:
        return _call_latex(CLASS_FACTS[type(self)].latex, self, printer, exp)


class sigmoid(ActivationFunction):  # noqa: N801 - SymPy convention: functions are lower-case classes
    """The logistic function ``1 / (1 + e^{-x})``."""

    @classmethod
    def eval(cls, x: sympy.Expr) -> sympy.Expr | None:
        if x.is_zero:
            return S.Half
        if x is S.Infinity:
            return S.One
        if x is S.NegativeInfinity:
            return S.Zero
        return None

    def _eval_rewrite_as_exp(self, x: sympy.Expr, **kwargs: object) -> sympy.Expr:
        return 1 / (1 + sympy.exp(-x))

    def _eval_rewrite_as_tanh(self, x: sympy.Expr, **kwargs: object) -> sympy.Expr:
        return (1 + sympy.tanh(x / 2)) / 2

    def _eval_is_real(self) -> bool | None:
        return self.args[0].is_real

    def _eval_is_positive(self) -> bool | None:
        return True if self.args[0].is_real else None


class relu(ActivationFunction):  # noqa: N801
    """The rectifier ``max(0, x)``."""

    @classmethod
    def eval(cls, x: sympy.Expr) -> sympy.Expr | None:
        if x.is_number and x.is_real:
            return sympy.Max(0, x)
        return None

    def _eval_rewrite_as_Max(self, x: sympy.Expr, **kwargs: object) -> sympy.Expr:
        return sympy.Max(0, x)

    def _eval_is_real(self) -> bool | None:
        return self.args[0].is_real

    def _eval_is_nonnegative(self) -> bool | None:
        return True if self.args[0].is_real else None


class softplus(ActivationFunction):  # noqa: N801
    """``log(1 + e^x)``, the smooth rectifier."""

    @classmethod
    def eval(cls, x: sympy.Expr) -> sympy.Expr | None:
        if x.is_zero:
            return sympy.log(2)
        return None

    def _eval_rewrite_as_exp(self, x: sympy.Expr, **kwargs: object) -> sympy.Expr:
        return sympy.log(1 + sympy.exp(x))

    _eval_rewrite_as_log = _eval_rewrite_as_exp

    def _eval_is_real(self) -> bool | None:
        return self.args[0].is_real


class stop_gradient(ActivationFunction):  # noqa: N801
    """The stop-gradient ``sg(x)`` (BYOL, SimSiam, VQ-VAE; PyTorch's ``x.detach()``, JAX's ``lax.stop_gradient``): its
    argument in value, a constant to differentiation (its derivative is 0 by definition, not by the calculus)."""

    @classmethod
    def eval(cls, x: sympy.Expr) -> sympy.Expr | None:
        return x if x.is_number else None  # a constant's gradient is stopped already

    def _eval_is_real(self) -> bool | None:
        return self.args[0].is_real

    def _eval_is_positive(self) -> bool | None:
        return self.args[0].is_positive
