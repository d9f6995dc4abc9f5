"""Stable forms of logarithms beyond softplus and log-sum-exp over a sum (issue 15): each rule names the input that
breaks the plain form and is kept beside its SymPy function class and numpy kernel.

* ``log(e^a + e^b)`` written out overflows to ``inf`` at ``a = 1000``: :class:`LogAddExp` shifts by the largest
  term (numpy's ``logaddexp``);
* ``y log ŷ + (1 − y) log(1 − ŷ)`` is ``0 · log 0 = nan`` at ``y = ŷ = 1``, where the loss is 0: :class:`XLogY` and
  :class:`XLog1pY` are ``x log y`` and ``x log(1 + y)`` taken as 0 where ``x`` is 0 (scipy's ``xlogy``), for a log of
  plain values (a probability, ``1 − ŷ``), never of an expression another rule makes stable (``log σ(z)``).

The kernels accept complex arrays (complex-step differentiation): the shift uses real parts, and ``x = 0`` is tested
exactly, so a perturbed ``x + ih`` takes the plain branch.
"""

from __future__ import annotations

import numpy as np
import sympy
from sympy.codegen.cfunctions import log1p

from symdl.activation_forms import RewriteRule


class LogAddExp(sympy.Function):
    """``log(Σ_i e^{a_i})`` over its arguments, written out (not a sum over an index)."""

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        return sympy.exp(self.args[argindex - 1] - self)


class XLogY(sympy.Function):
    """``x log y``, 0 where ``x`` is 0 (the ``0 · log 0`` of a loss at a certain prediction)."""

    nargs = 2

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        x, y = self.args
        return sympy.log(y) if argindex == 1 else x / y


class XLog1pY(sympy.Function):
    """``x log(1 + y)``, 0 where ``x`` is 0."""

    nargs = 2

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        x, y = self.args
        return log1p(y) if argindex == 1 else x / (1 + y)


def _exp_terms(e: sympy.Basic) -> bool:
    return (isinstance(e, sympy.log) and isinstance(e.args[0], sympy.Add)
            and all(isinstance(t, sympy.exp) for t in e.args[0].args))


def _plain(b: sympy.Basic) -> bool:
    """A log's argument built from plain values only (``ŷ``, ``1 − ŷ``, ``p_i``): no function another rule rewrites."""
    return not any(isinstance(n, sympy.Function | sympy.Sum) for n in sympy.preorder_traversal(b))


def _times_log(e: sympy.Basic, log_class: type) -> tuple[sympy.Expr, sympy.Expr] | None:
    """``(x, y)`` when ``e`` is ``x · log_class(y)`` with ``x`` not a number and ``y`` plain (numbers and entries:
    a matrix expression's logs are entry-wise kernels of their own)."""
    if not isinstance(e, sympy.Mul) or e.is_Matrix or e.has(sympy.MatrixSymbol):
        return None
    logs = [f for f in e.args if isinstance(f, log_class)]
    if len(logs) != 1 or not _plain(logs[0].args[0]):
        return None
    rest = sympy.Mul(*[f for f in e.args if f is not logs[0]])
    return None if rest.is_number else (rest, logs[0].args[0])


RULES: tuple[RewriteRule, ...] = (
    RewriteRule(
        "logaddexp",
        "log(e^a + e^b) overflows to inf for a = 1000; shift by the largest term",
        _exp_terms,
        lambda e: LogAddExp(*[t.args[0] for t in e.args[0].args]),
    ),
    RewriteRule(
        "xlogy",
        "y log ŷ is 0 · log 0 = nan at y = ŷ = 0 (BCE at a certain, right prediction); the term is 0",
        lambda e: _times_log(e, sympy.log) is not None,
        lambda e: XLogY(*_times_log(e, sympy.log)),  # type: ignore[misc]
    ),
    RewriteRule(
        "xlog1py",
        "(1 − y) log(1 − ŷ) is 0 · log 0 = nan at y = ŷ = 1; the term is 0",
        lambda e: _times_log(e, log1p) is not None,
        lambda e: XLog1pY(*_times_log(e, log1p)),  # type: ignore[misc]
    ),
)
"""Applied after the other stable forms, so a log they make stable (``log σ(z)``, a log-sum-exp) is theirs."""


# -- numpy kernels (symdl.numeric.kernels imports them into its namespace) -----------------------------------------
def symdl_logaddexp(*xs: object) -> np.ndarray:
    """``log Σ e^{x_i}``, shifted by the largest real part (finite for any real inputs; complex-safe)."""
    arrays = np.broadcast_arrays(*[np.asarray(x) for x in xs])
    shift = np.max([a.real for a in arrays], axis=0)
    shift = np.where(np.isfinite(shift), shift, 0.0)
    with np.errstate(over="ignore", under="ignore"):
        return shift + np.log(sum(np.exp(a - shift) for a in arrays))


def symdl_xlogy(x: object, y: object) -> np.ndarray:
    """``x log y``, exactly 0 where ``x == 0``."""
    x, y = np.broadcast_arrays(np.asarray(x), np.asarray(y))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(x == 0, 0.0, x * np.log(y))


def symdl_xlog1py(x: object, y: object) -> np.ndarray:
    """``x log(1 + y)``, exactly 0 where ``x == 0``."""
    x, y = np.broadcast_arrays(np.asarray(x), np.asarray(y))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(x == 0, 0.0, x * np.log1p(y))
