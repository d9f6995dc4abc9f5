"""Exact equivalence of elementary expressions: "is this the same function?" without a float tolerance.

Two expressions are the same function when their difference ``d`` is zero.  Decided in three counted steps:

1. **a float64 fingerprint** (:func:`fingerprint_differs`) at fixed points, a cheap pre-filter only: clearly
   different values mean different functions; equal values prove nothing (``σ(x) + 10^{-15}``);
2. **a symbolic zero**: ``cancel(together(d))`` with the hyperbolic functions written with ``exp``;
3. **exact evaluation at points chosen so it stays exact**: each leaf ``x`` is put at ``±D log p`` for a
   prime ``p`` (a different prime per leaf), so ``e^{x} = p^{±D}`` is rational, ``tanh``/``σ``/softplus
   become rational or logs of rationals.  The value is then read as a rational function of independent
   symbols (``log p`` per prime, one per other transcendental part: ``erf(..)``, ``π``...) with algebraic
   coefficients; it is zero when that function cancels to 0, or an algebraic number whose minimal
   polynomial is ``X``.

Floats written in the formula count as the exact decimals they denote (``0.5`` is ``1/2``, ``0.044715`` is
``44715/10^6``).  Whatever cannot be decided within the counted budgets answers "not equivalent": a missed
label, never a false one.
"""

from __future__ import annotations

import cmath
import math
from collections.abc import Callable

import sympy
from sympy import Add, Mul, Pow, Sum, exp, log
from sympy.core.function import AppliedUndef

from symdl.budget import meter
from symdl.chunk.registry import STATS
from symdl.simplify import attempt, part

_HYPERBOLIC = (sympy.tanh, sympy.sinh, sympy.cosh, sympy.coth, sympy.sech, sympy.csch)
_PRIMES = (2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37)
#: float64 sample points of the pre-filter (both signs, away from 0 where forms cancel badly)
_FLOAT_POINTS = (0.37, -1.21, 1.63, -0.58, 0.91)
#: the largest power (``p^{D·k}``) an exact point may build; past it the point is not used
_MAX_POWER = 96
#: the largest expression (nodes) the exact steps work on
_MAX_NODES = 600
_EXACT_POINTS = 3
#: the deepest nesting of functions (``tanh(log(1 + e^x))`` is 3) evaluated exactly: SymPy's assumptions on
#: σ(σ(...σ(log 2)...)) evalf every level again at each level (σ nested 20 deep did not finish in 5 minutes)
_MAX_NESTING = 4
#: the deepest nesting the symbolic step tries: ``cancel`` of σ nested 30 deep (30 generators) took 2 s per pair,
#: and no activation, loss or update of the registry nests functions this deep
_MAX_SYMBOLIC_NESTING = 8


def rationalise(expr: sympy.Basic) -> sympy.Basic:
    """``expr`` with every Float replaced by the decimal it denotes (``0.1`` → ``1/10``)."""
    floats = {f: _decimal(f) for f in expr.atoms(sympy.Float)}
    return expr.xreplace(floats) if floats else expr


def _decimal(f: sympy.Float) -> sympy.Basic:
    try:
        return sympy.Rational(str(f))
    except (TypeError, ValueError):  # inf, nan
        return f


def _hyperbolic_as_exp(expr: sympy.Basic) -> sympy.Basic:
    return expr.replace(lambda e: isinstance(e, _HYPERBOLIC), lambda e: e.rewrite(exp))


def _size(expr: sympy.Basic) -> int:
    return sum(1 for _ in sympy.preorder_traversal(expr))


# ---------------------------------------------------------------- opaque parts
#: what no numeric point evaluates (with symdl's own functions, :func:`_is_part`)
OPAQUE = (Sum, sympy.Product, sympy.Derivative, AppliedUndef)
#: numbers made of matrices (``\mathbf{w} \cdot \mathbf{x}`` is ``Trace(w.T*x)``): no point evaluates them either
_MATRIX_SCALARS = (sympy.Trace, sympy.Determinant)


def _is_part(e: sympy.Basic) -> bool:
    """A part no numeric point evaluates: a sum, product, derivative, undefined or symdl-own function, a trace or
    determinant of matrices."""
    if isinstance(e, (*OPAQUE, *_MATRIX_SCALARS)):
        return True
    return isinstance(e, sympy.Function) and not type(e).__module__.startswith("sympy.")


def abstract_parts(a: sympy.Basic, b: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic]:
    """``a`` and ``b`` with each outermost opaque part (:func:`_is_part`) replaced by one real symbol per distinct
    part, the same symbol on both sides.  Sound for "equivalent": equal as functions of those symbols means equal
    whatever the parts' values (σ(b + Σ_j U_{ij} x_j) against max(0, b + Σ_j U_{ij} x_j) is then a float64
    fingerprint away from "no", where cancelling the two sums' difference took 0.3 s).  Parts equal only after
    renaming an index stay different: a missed label, never a false one."""
    own_a, own_b = outer_parts(a), outer_parts(b)
    names = part_names(own_a | own_b)
    if not names:
        return a, b
    return _named(a, own_a, names), _named(b, own_b, names)


def _named(e: sympy.Basic, own: frozenset[sympy.Basic], names: dict[sympy.Basic, sympy.Symbol]) -> sympy.Basic:
    """``e`` with its own parts ``own`` renamed as ``names`` says (remembered: the node a recogniser tests is
    renamed alike against each template, and rebuilding a max or min of a renamed part asks SymPy's assumptions
    again).  Only ``own`` matters: another side's part inside ``e`` sits inside one of ``e``'s own parts, which
    xreplace replaces whole."""
    if not own:
        return e
    key = (e, tuple((p, names[p]) for p in sorted(own, key=sympy.default_sort_key)))
    found = _NAMED.get(key)
    if found is None:
        found = e.xreplace(dict(key[1]))
        if len(_NAMED) > 4096:
            _NAMED.clear()
        _NAMED[key] = found
    return found


_PARTS_OF: dict[sympy.Basic, frozenset[sympy.Basic]] = {}
_NAMED: dict[tuple[sympy.Basic, tuple[tuple[sympy.Basic, sympy.Symbol], ...]], sympy.Basic] = {}


def outer_parts(e: sympy.Basic) -> frozenset[sympy.Basic]:
    """The outermost parts of ``e`` no numeric point evaluates (:func:`_is_part`; remembered: a recogniser compares
    one node with many templates)."""
    found = _PARTS_OF.get(e)
    if found is None:
        seen = set()
        walk = sympy.preorder_traversal(e)
        for node in walk:
            if _is_part(node):
                seen.add(node)
                walk.skip()
        found = frozenset(seen)
        if len(_PARTS_OF) > 4096:
            _PARTS_OF.clear()
        _PARTS_OF[e] = found
    return found


def part_names(parts: frozenset[sympy.Basic] | set[sympy.Basic]) -> dict[sympy.Basic, sympy.Symbol]:
    """One real symbol per part, numbered in SymPy's sort order (the same parts get the same names)."""
    return {p: sympy.Symbol(f"⟨part {n}⟩", real=True) for n, p in enumerate(sorted(parts, key=sympy.default_sort_key))}


# ---------------------------------------------------------------- float64 pre-filter
class _NoValue(Exception):
    """The float64 evaluator does not know this node, or the value is not finite there."""


_UNARY: dict[type, Callable[[complex], complex]] = {
    exp: cmath.exp,
    log: cmath.log,
    sympy.tanh: cmath.tanh,
    sympy.sinh: cmath.sinh,
    sympy.cosh: cmath.cosh,
    sympy.sin: cmath.sin,
    sympy.cos: cmath.cos,
    sympy.atan: cmath.atan,
}


def _real(v: complex) -> float:
    if v.imag != 0:
        raise _NoValue
    return v.real


def _f64(e: sympy.Basic, at: dict[sympy.Basic, float]) -> complex:
    if e in at:
        return complex(at[e])
    if e.is_Rational:
        return complex(e.p / e.q)
    if e.is_Number or isinstance(e, sympy.NumberSymbol) or e is sympy.I:
        return complex(e)
    if isinstance(e, Add):
        return sum((_f64(a, at) for a in e.args), complex(0))
    if isinstance(e, Mul):
        return math.prod((_f64(a, at) for a in e.args), start=complex(1))
    if isinstance(e, Pow):
        return _f64(e.base, at) ** _f64(e.exp, at)
    if type(e) in _UNARY:
        return _UNARY[type(e)](_f64(e.args[0], at))
    if isinstance(e, sympy.erf):
        return complex(math.erf(_real(_f64(e.args[0], at))))
    if isinstance(e, sympy.Abs):
        return complex(abs(_f64(e.args[0], at)))
    if isinstance(e, (sympy.Max, sympy.Min)):
        pick = max if isinstance(e, sympy.Max) else min
        return complex(pick(_real(_f64(a, at)) for a in e.args))
    if isinstance(e, sympy.Piecewise):
        for value, cond in e.args:
            if _holds64(cond, at):
                return _f64(value, at)
    raise _NoValue


_COMPARE: dict[type, Callable[[float, float], bool]] = {
    sympy.StrictLessThan: lambda u, v: u < v,
    sympy.LessThan: lambda u, v: u <= v,
    sympy.StrictGreaterThan: lambda u, v: u > v,
    sympy.GreaterThan: lambda u, v: u >= v,
}


def _holds64(cond: sympy.Basic, at: dict[sympy.Basic, float]) -> bool:
    """A piecewise branch's condition at a float64 point (the points are never on a boundary of the forms
    recognised: a tie could only make two equal functions look different, a missed label)."""
    if cond is sympy.true or cond is sympy.false:
        return bool(cond)
    if type(cond) in _COMPARE:
        return _COMPARE[type(cond)](_real(_f64(cond.lhs, at)), _real(_f64(cond.rhs, at)))
    if isinstance(cond, sympy.And):
        return all(_holds64(c, at) for c in cond.args)
    if isinstance(cond, sympy.Or):
        return any(_holds64(c, at) for c in cond.args)
    if isinstance(cond, sympy.Not):
        return not _holds64(cond.args[0], at)
    raise _NoValue


def _value64(e: sympy.Basic, at: dict[sympy.Basic, float]) -> complex | None:
    try:
        v = _f64(e, at)
    except (_NoValue, ArithmeticError, ValueError, TypeError):
        return None
    return v if cmath.isfinite(v) else None


def fingerprint_differs(a: sympy.Basic, b: sympy.Basic, leaves: list[sympy.Basic]) -> bool:
    """Do ``a`` and ``b`` clearly differ at the float64 points (a difference far above rounding)?

    A pre-filter only: True is final ("not the same function"), False means "run the exact test".
    """
    return clearly_differ(_fingerprint(a, tuple(leaves)), _fingerprint(b, tuple(leaves)))


def clearly_differ(left: tuple[complex | None, ...], right: tuple[complex | None, ...]) -> bool:
    """Do two fingerprints differ far above rounding at a point where both have a value?"""
    for va, vb in zip(left, right, strict=True):
        if va is not None and vb is not None and abs(va - vb) > 1e-7 * (1 + max(abs(va), abs(vb))):
            return True
    return False


def float_points(leaves: tuple[sympy.Basic, ...]) -> list[dict[sympy.Basic, float]]:
    """The pre-filter's float64 points: each leaf at its own value, different at every point."""
    return [{leaf: x0 * (1 + 0.29 * n) * (-1) ** (n * k) for n, leaf in enumerate(leaves)}
            for k, x0 in enumerate(_FLOAT_POINTS)]


def values64(e: sympy.Basic, points: list[dict[sympy.Basic, float]]) -> tuple[complex | None, ...]:
    """The float64 values of ``e`` at ``points`` (None where it has none)."""
    return tuple(_value64(e, at) for at in points)


_FINGERPRINTS: dict[tuple[sympy.Basic, tuple[sympy.Basic, ...]], tuple[complex | None, ...]] = {}


def _fingerprint(e: sympy.Basic, leaves: tuple[sympy.Basic, ...]) -> tuple[complex | None, ...]:
    """The float64 values of ``e`` at the pre-filter's points (remembered: one side is tested many times)."""
    key = (e, leaves)
    found = _FINGERPRINTS.get(key)
    if found is None:
        if len(_FINGERPRINTS) > 4096:
            _FINGERPRINTS.clear()
        found = values64(e, float_points(leaves))
        _FINGERPRINTS[key] = found
    return found


# ---------------------------------------------------------------- exact test
def exact_equal(a: sympy.Basic, b: sympy.Basic, leaves: list[sympy.Basic]) -> bool:
    """Whether ``a == b`` as functions of ``leaves``, decided exactly (see the module); False when undecided."""
    STATS["exact tests"] += 1
    diff = _hyperbolic_as_exp(rationalise(a) - rationalise(b))
    cost = _size(diff)
    if cost > _MAX_NODES:
        return False
    nesting = _nesting(diff)
    if nesting > _MAX_SYMBOLIC_NESTING:
        return False
    account = meter()
    account.charge("nodes", cost, what="recognising the concepts of this formula")
    if _bounded(lambda: sympy.cancel(sympy.together(diff)), diff) == 0:
        return True
    scale = _exp_denominators(diff)
    if len(leaves) > len(_PRIMES) or nesting > _MAX_NESTING or not _powers_small(diff, leaves, scale):
        return False
    decided = 0
    for k in range(_EXACT_POINTS):
        point = _exact_point(leaves, k, scale)
        account.charge("nodes", cost, what="recognising the concepts of this formula")
        STATS["points evaluated"] += 1
        value = _bounded(lambda p=point: diff.xreplace(p), None)  # type: ignore[misc]
        if value is None or value.has(sympy.zoo, sympy.nan, sympy.oo, -sympy.oo):
            continue  # a pole of one form (or a budget): this point decides nothing
        if value.free_symbols or not _is_zero(value):
            return False
        decided += 1
    return decided >= 2


def _nesting(expr: sympy.Basic) -> int:
    """How deeply functions are nested in ``expr`` (powers with a non-constant exponent count as ``exp``)."""
    inner = max((_nesting(a) for a in expr.args), default=0)
    own = isinstance(expr, sympy.Function) or (isinstance(expr, Pow) and not expr.exp.is_number)
    return inner + own


def _bounded(fn: Callable[[], sympy.Basic], of: sympy.Basic | None) -> sympy.Basic | None:
    """``fn()`` within a share of the counted ``steps`` budget, else None."""
    return attempt(fn, None, of=of if of is not None else sympy.Integer(0), steps=part(None, 0.2))


def _exp_denominators(expr: sympy.Basic) -> int:
    """The lcm of the denominators of the rationals inside ``exp`` and fractional powers (``e^{x/2}`` → 2)."""
    dens = {1}
    for node in expr.atoms(exp):
        dens |= {r.q for r in node.args[0].atoms(sympy.Rational)}
    d = math.lcm(*dens)
    return d if d <= 12 else 1


def _exact_point(leaves: list[sympy.Basic], k: int, scale: int) -> dict[sympy.Basic, sympy.Basic]:
    """Leaf ``n`` at ``±scale·log p`` with a different prime per leaf, the signs changing from point to point."""
    point = {}
    for n, leaf in enumerate(leaves):
        p = _PRIMES[(n + 3 * k) % len(_PRIMES)]
        point[leaf] = (-1) ** (k + n) * scale * log(sympy.Integer(p))
    return point


def _powers_small(expr: sympy.Basic, leaves: list[sympy.Basic], scale: int) -> bool:
    """Would every power stay below :data:`_MAX_POWER` at the exact points (no ``p^{10^6}`` built exactly)?"""
    ones = {leaf: sympy.Integer(1) for leaf in leaves}
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, Pow) and node.exp.is_Rational and abs(node.exp.p) > _MAX_POWER:
            return False
        if isinstance(node, exp):
            coeff = node.args[0].xreplace(ones)
            try:
                size = abs(complex(sympy.N(coeff, 15))) if coeff.is_number else math.inf
            except (TypeError, ValueError):
                return False
            if not size * scale <= _MAX_POWER:
                return False
    return True


def _is_zero(value: sympy.Basic) -> bool:
    """Is the exact number ``value`` zero?  Undecidable within the budget counts as "no"."""
    if value == 0:
        return True
    if value.is_Rational or value.has(sympy.Piecewise, sympy.Max, sympy.Min):
        return False
    dummies: dict[sympy.Basic, sympy.Dummy] = {}
    form = _symbolise(value, dummies)
    if form is None:
        return False
    reduced = _bounded(lambda: sympy.cancel(sympy.together(sympy.expand(form))), form)
    if reduced is None:
        return False
    if reduced == 0:
        return True
    if reduced.free_symbols or _size(reduced) > 60:
        return False
    x = sympy.Dummy("X")
    poly = _bounded(lambda: sympy.minimal_polynomial(reduced, x), reduced)
    return poly == x


def _symbolise(value: sympy.Basic, dummies: dict[sympy.Basic, sympy.Dummy]) -> sympy.Basic | None:
    """``value`` as an algebraic expression of independent symbols: ``log p`` per prime, one per other
    transcendental part (``erf(..)``, ``π``, ``2^{√2}``); None for a number too large to factor."""
    if value.is_Rational or value is sympy.I:
        return value
    if isinstance(value, log) and value.args[0].is_Rational and value.args[0] > 0:
        return _log_of_rational(value.args[0], dummies)
    if isinstance(value, Pow) and value.exp.is_Rational:
        base = _symbolise(value.base, dummies)
        return None if base is None else Pow(base, value.exp)
    if isinstance(value, (Add, Mul)):
        args = [_symbolise(a, dummies) for a in value.args]
        return None if any(a is None for a in args) else value.func(*args)
    if value not in dummies:
        dummies[value] = sympy.Dummy("t")  # no assumptions: asking is_positive of e^{e^{...}} evalfs it deeply
    return dummies[value]


def _log_of_rational(r: sympy.Rational, dummies: dict[sympy.Basic, sympy.Dummy]) -> sympy.Basic | None:
    """``log r`` as ``Σ e_p · L_p`` over the primes of ``r`` (the logs of primes are linearly independent)."""
    if max(abs(r.p), r.q) > 10**40:
        return None
    out: sympy.Basic = sympy.Integer(0)
    for n, sign in ((r.p, 1), (r.q, -1)):
        for p, e in sympy.factorint(n).items():
            key = log(sympy.Integer(p))
            if key not in dummies:
                dummies[key] = sympy.Dummy(f"L{p}", positive=True)
            out += sign * e * dummies[key]
    return out
