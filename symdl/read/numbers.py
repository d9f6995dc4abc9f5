"""Exact numbers are sized before they are computed (the ``digits`` budget).

SymPy evaluates ``9^{9^{9}}`` or ``(10^{6})!`` the moment it builds them, and the big-integer
arithmetic behind that holds the interpreter for minutes (no other thread runs, nothing can
interrupt it).  So the expression parser builds its tree unevaluated, and :func:`evaluate` rebuilds
it bottom-up, estimating the decimal digits of every power and factorial of exact numbers from its
operands before computing it.  One that would exceed the budget is a positioned ``ResourceLimit``.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import sympy
from sympy.core.parameters import evaluate as _evaluating

from symdl.budget import budget_error, digits_of, meter
from symdl.errors import ResourceLimit

#: exact-number functions whose result grows faster than their argument: ``n → estimated digits``
GROWTH: dict[type, Callable[[sympy.Rational], float]] = {
    sympy.factorial: lambda n: _factorial_digits(n),
    sympy.factorial2: lambda n: _factorial_digits(n) / 2,
    sympy.subfactorial: lambda n: _factorial_digits(n),
    sympy.gamma: lambda n: _factorial_digits(n),
    sympy.fibonacci: lambda n: 0.21 * abs(float(n)),
    sympy.catalan: lambda n: 0.61 * abs(float(n)),
    sympy.binomial: lambda n: 0.31 * abs(float(n)) if digits(n) < 300 else math.inf,  # at most 2^n
}


def digits(q: sympy.Rational) -> float:
    """Decimal digits of an exact rational (of its larger part)."""
    return digits_of(q.p, q.q)


def _factorial_digits(n: sympy.Rational) -> float:
    x = abs(float(n)) if digits(n) < 300 else math.inf
    return x * math.log10(x + 1) if x > 1 else 1.0


def _power_digits(base: sympy.Basic, exp: sympy.Basic) -> float:
    """Digits of ``base^exp`` for an exact base, or for the numbers SymPy takes out of a product base (it
    distributes a whole power: ``(2/\\rho)^{n}`` computes ``2^{n}``, ``(2^{1/4} x^{1/16})^{n}`` computes
    ``2^{n/4}``) and out of a power of a number (``(2^{1/4})^{n}`` is ``2^{n/4}``); 0 when it stays small or
    symbolic."""
    if isinstance(exp, sympy.Rational) and isinstance(base, sympy.Mul | sympy.Pow):
        if isinstance(base, sympy.Mul) and not isinstance(exp, sympy.Integer):
            return 0.0  # a product raised to a fraction stays a power of the product
        most = 0.0
        for f in sympy.Mul.make_args(base):
            if isinstance(f, sympy.Pow) and isinstance(f.base, sympy.Rational) and isinstance(f.exp, sympy.Rational):
                most = max(most, _power_digits(f.base, f.exp * exp))  # (2^{1/4})^n is 2^{n/4}
            elif isinstance(f, sympy.Rational):
                most = max(most, _power_digits(f, exp))
        return most
    if not isinstance(base, sympy.Rational) or not isinstance(exp, sympy.Rational) or base in (0, 1, -1):
        return 0.0
    if digits(exp) >= 300:
        return math.inf
    return digits(base) * max(abs(float(exp)), 1.0)  # 2^{n/4} has the digits of 2^{n}/4; a root, its base's


def evaluate(expr: sympy.Basic, limit: int | None = None) -> sympy.Basic:
    """Rebuild an unevaluated expression with evaluation on, refusing exact numbers over ``limit`` digits.

    Raises:
        ResourceLimit: a power or factorial whose result would exceed the ``digits`` budget (named
            in the error; the caller positions it).
    """
    budget = meter().limit("digits") if limit is None else limit
    with _evaluating(True):
        return _rebuild(expr, budget)


def _rebuild(expr: sympy.Basic, budget: int) -> sympy.Basic:
    if not isinstance(expr, sympy.Basic) or not expr.args or isinstance(expr, sympy.MatrixBase):
        return expr
    args = tuple(_rebuild(a, budget) for a in expr.args)
    require(expr.func, args, budget)
    return expr.func(*args)


def require(func: object, args: tuple[sympy.Basic, ...], budget: int | None = None) -> None:
    """Refuse ``func(*args)`` (a power, a factorial ...) when its exact result would exceed ``budget`` digits.

    Called wherever symdl builds such a node with evaluation on: the reader's rebuild and the binder.
    """
    needed = 0.0
    if func is sympy.Pow and len(args) == 2:
        base, exp = args
        exact = isinstance(base, sympy.Rational) and base not in (0, 1, -1) and isinstance(exp, sympy.Rational)
        root = exp.q if exact else 1
        if root > meter().limit("exponent"):  # 2^{1e-320}: a root of degree 10^320, whose minimal polynomial
            raise budget_error("exponent", f"a root of degree {_shown_degree(root)}", meter().limit("exponent"),
                               what="an exact power of a number")  # SymPy's sign queries would compute
        needed = _power_digits(*args)
    elif func in GROWTH and args and isinstance(args[0], sympy.Rational):
        needed = GROWTH[func](args[0])  # type: ignore[index]
    limit = meter().limit("digits") if budget is None else budget
    if needed > limit:
        raise _refusal(needed, limit)


def _shown_degree(q: int) -> str:
    return str(q) if q < 10**12 else f"about 10^{len(str(q)) - 1}"


def _refusal(needed: float, budget: int) -> ResourceLimit:
    shown = "more than 10^300" if math.isinf(needed) else f"about {int(needed) + 1}"
    return budget_error("digits", shown, budget, what="an exact number here")
