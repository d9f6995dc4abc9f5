"""Bounded simplification, used by every stage: counted work, never the clock.

SymPy's :func:`sympy.simplify` (and ``solve``, ``factor`` on large inputs) can run for minutes.
symdl never hangs, so every such call goes through :func:`bounded_call`, which counts the
computation's steps (:func:`symdl.budget.counted`) and stops it when it has used its share of the
call's budgets.  An expression larger than the ``ops`` budget is not simplified at all.  Whenever a
bound is hit the caller gets the *unsimplified, still correct* expression back together with
``gave_up=True`` so it can report the fact.  The same input gives up at the same point on every
machine, whatever its load, and in any thread.
"""

from __future__ import annotations

import math
import types
from collections.abc import Callable, Sequence
from typing import TypeVar

import mpmath
import sympy
from sympy.polys import heuristicgcd

from symdl.budget import counted, counting, digits_of, memo, meter, sized_call
from symdl.untrusted import refuse_text

T = TypeVar("T")


def bounded_call(fn: Callable[[], T], *, steps: int | None = None) -> tuple[T | None, bool]:
    """Run ``fn()`` within ``steps`` counted steps (default: the ``steps`` budget of the current call).

    Returns:
        ``(result, False)`` when ``fn`` finished within its steps, ``(None, True)`` when it did not.
    """
    return counted(fn, steps=steps)


def part(steps: int | None, share: float) -> int:
    """``share`` of ``steps`` counted steps (None: of the current call's ``steps`` budget)."""
    return int((meter().limit("steps") if steps is None else steps) * share)


def expansion_terms(expr: sympy.Basic) -> int:
    """An upper estimate of the terms of ``expand(expr)``: multinomial sizes multiplied through products.

    Expanding ``(x+y+z+w)^{600}`` builds 36 million terms in a loop that makes no calls, so no step is
    counted while it runs: the ``terms`` budget is checked on this estimate before any expansion.
    """
    if not isinstance(expr, sympy.Basic) or expr.is_Atom:
        return 1
    if isinstance(expr, sympy.Pow):
        base = expansion_terms(expr.base)
        n = expr.exp
        if isinstance(n, sympy.Integer) and base > 1:
            k = abs(int(n))
            return math.comb(k + base - 1, base - 1) if k < 10**6 else 10**18
        return base
    if isinstance(expr, sympy.Mul):
        return math.prod(expansion_terms(a) for a in expr.args)
    if isinstance(expr, sympy.Add):
        return sum(expansion_terms(a) for a in expr.args)
    return max((expansion_terms(a) for a in expr.args), default=1)


#: a generator of the polynomial a rewrite sees: (base, symbolic part of an exponent), ``x`` being ``(x, 1)``
Generator = tuple[sympy.Basic, sympy.Basic]


class _Degrees:
    """The degree in each generator of every polynomial a rewrite of an expression would see.

    Degrees add through products and multiply through integer powers (``(x^{40} + 1)^{40}`` has degree 1 600
    in ``x``); the argument of a function, a non-integer power's base and an exponent are polynomials of their
    own.  ``x^{1/300}`` and ``x^{299/300}`` are the powers 1 and 299 of the generator ``x^{1/300}``: degrees are
    kept in units of the base and scaled by the common denominator of the exponents seen for it.  A float
    exponent counts as its size.
    """

    def __init__(self) -> None:
        self.denominators: dict[Generator, int] = {}
        self.pending: list[sympy.Basic] = []

    def of(self, node: sympy.Basic) -> dict[Generator, sympy.Basic]:
        if node.is_Number:
            return {}
        if isinstance(node, sympy.Pow) and node.exp.is_Integer:
            n = abs(node.exp)
            return {g: d * n for g, d in self.of(node.base).items()}
        if isinstance(node, sympy.Pow | sympy.exp):
            base, exponent = (sympy.E, node.args[0]) if isinstance(node, sympy.exp) else node.args
            self.pending += [exponent] if base.is_Atom else [base, exponent]  # x^{1/300} alone: degree 1
            return self._powers(base, exponent)
        if isinstance(node, sympy.Add | sympy.Mul):
            out: dict[Generator, sympy.Basic] = {}
            for part_degrees in map(self.of, node.args):
                for g, d in part_degrees.items():
                    out[g] = (d + out.get(g, 0)) if isinstance(node, sympy.Mul) else max(d, out.get(g, d))
            return out
        self.pending += [a for a in node.args if isinstance(a, sympy.Basic)]
        return {(node, sympy.S.One): sympy.S.One}

    def _powers(self, base: sympy.Basic, exponent: sympy.Basic) -> dict[Generator, sympy.Basic]:
        out: dict[Generator, sympy.Basic] = {}
        for term in sympy.Add.make_args(exponent):
            coeff, rest = term.as_coeff_Mul()
            if isinstance(coeff, sympy.Rational):
                self.denominators[base, rest] = math.lcm(self.denominators.get((base, rest), 1), int(coeff.q))
            out[base, rest] = out.get((base, rest), 0) + abs(coeff)
        return out

    def largest(self, expr: sympy.Basic) -> float:
        """The largest degree of ``expr`` and of the polynomials inside it (at most 10^18)."""
        self.pending.append(expr)
        largest = 0.0
        while self.pending:
            for g, d in self.of(self.pending.pop()).items():
                degree = d * self.denominators.get(g, 1)
                largest = max(largest, 1e18 if degree > 10**18 else float(degree))
        return largest


def polynomial_sizes(expr: sympy.Basic) -> tuple[float, float]:
    """``(degree, digits)``: the largest degree a polynomial rewrite would see, and the most digits of a number.

    Polynomial rewrites (cancel, factor, gcd) treat ``x^{1000}`` as a polynomial of degree 1000 and ``e^{c x}``
    as a power of ``e^{x}`` of degree ``c``; factoring runs primality tests on its coefficients.  Dense
    arithmetic on long coefficient lists (``1 - \\beta^{1000}`` was factored for over a minute) and big-integer
    loops (``e^{10^{308} x}``, ``10^{308} e^x``) make almost no calls, so few steps are counted while they
    run.  See :class:`_Degrees` for the degree.
    """
    digits = 0.0
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, sympy.Float) and node != 0:
            digits = max(digits, abs(float(mpmath.log10(abs(mpmath.mpf(node))))))
        elif isinstance(node, sympy.Rational):
            digits = max(digits, digits_of(node.p, node.q))
    return _Degrees().largest(expr), digits


def heugcd_digits(frame: types.FrameType) -> float:
    """Digits of the integers SymPy's heuristic GCD of ``f`` and ``g`` (in ``frame``) would reach.

    Every ``cancel``, ``together`` and ``gcd`` of polynomials over the integers runs it.  It evaluates one
    generator after another at an integer about as large as the coefficients, so the digits multiply by
    ``degree + 1`` for each generator: a 24-operation difference with nine generators (``e^{1-\\beta}`` gives
    ``e^{1/2}``, ``e^{\\beta/2}``, ``e^{\\beta}``) reached 14 million bits, and each of its few counted steps
    took seconds.
    """
    f, g = frame.f_locals.get("f"), frame.f_locals.get("g")
    if not f or not g:
        return 0.0
    bits = min(f.max_norm(), g.max_norm()).bit_length() + 5
    growth = math.prod(max(a, b, 0) + 1 for a, b in zip(f.degrees(), g.degrees(), strict=True))
    return bits * growth * math.log10(2)


sized_call(heuristicgcd.heugcd, heugcd_digits)


def rewrite_degree() -> int:
    """The largest degree a polynomial rewrite is attempted on: the ``terms`` budget to the power 2/5 (100).

    Factoring a dense polynomial of degree ``d`` takes time growing as about ``d^{2.5}``, most of it in loops
    that make no calls, so the time per counted step grows with ``d``: ``factor(2 - x^{d})`` takes 0.4 s at
    degree 100, 4 s at 200 and 20 s at 316, for 100 000 to 530 000 counted steps.
    """
    return round(meter().limit("terms") ** 0.4)


def within_terms(expr: object) -> bool:
    """Whether expanding or polynomially rewriting ``expr`` stays within the current call's budgets.

    ``terms`` bounds its expansion and, through :func:`rewrite_degree`, the degree a rewrite would see;
    ``coefficient_digits`` its numbers.
    """
    if not isinstance(expr, sympy.Basic):
        return True
    account = meter()
    if expansion_terms(expr) > account.limit("terms"):
        return False
    degree, digits = polynomial_sizes(expr)
    return degree <= rewrite_degree() and digits <= account.limit("coefficient_digits")


#: what SymPy raises when a rewrite does not apply to an expression: the caller keeps its own form
REWRITE_FAILURES = (ValueError, TypeError, AttributeError, NotImplementedError, RecursionError, sympy.PolynomialError)


def attempt(fn: Callable[[], T], fallback: T, *, of: object, steps: int | None = None) -> T:
    """``fn()``, a rewrite of ``of``, sized first and counted; ``fallback`` past a budget or when SymPy fails.

    The recognisers ask for the same rewrite of the same expression many times in one call (``cancel`` of a
    ratio, ``expand`` of a candidate argument): its outcome is remembered for the rest of the call
    (:func:`_remembered`).  A repeat is not charged again, as SymPy's own cache made a repeat cost almost no
    counted steps before.
    """
    remembered = memo()
    key = None if remembered is None or counting() else _memo_key(fn, of, steps)  # nested: the outer count
    if key is None:  # must see the steps
        return _attempt(fn, fallback, of=of, steps=steps)
    outcome = _remembered(remembered, key, lambda: _attempt(fn, _NONE, of=of, steps=steps), steps)
    return fallback if outcome is _NONE else outcome  # type: ignore[return-value]


#: the outcome of a rewrite that gave up or failed (its caller's own fallback is returned)
_NONE = object()


def _attempt(fn: Callable[[], T], fallback: T, *, of: object, steps: int | None = None) -> T:
    if not within_terms(of):
        return fallback
    try:
        value, gave_up = bounded_call(fn, steps=steps)
    except REWRITE_FAILURES:
        return fallback
    return fallback if gave_up else value  # type: ignore[return-value]


def _memo_key(fn: Callable[[], object], of: object, steps: int | None) -> tuple[object, ...] | None:
    """What decides ``fn()``'s outcome: its module and code, the values it closes over and its defaults (None:
    not pure data, e.g. a list or a dict of points)."""
    try:
        cells = tuple(c.cell_contents for c in fn.__closure__ or ())
        key = (fn.__module__, fn.__code__, cells, fn.__defaults__, steps, of)
        hash(key)
    except (AttributeError, TypeError, ValueError):
        return None
    return key


def _remembered(
    remembered: dict[object, tuple[object, int]], key: tuple[object, ...], run: Callable[[], T], steps: int | None
) -> T:
    """``run()``'s outcome, from this call's memo when the same rewrite ran before with the same allowance
    (``steps``, at most the ``work`` left: with another allowance it might stop at another point)."""
    account = meter()
    allowance = min(account.limit("steps") if steps is None else steps, account.left("work"))
    found = remembered.get(key)
    if found is not None and found[1] == allowance:
        return found[0]  # type: ignore[return-value]
    outcome = run()
    remembered[key] = (outcome, allowance)
    return outcome


def per_call(key: tuple[object, ...], compute: Callable[[], T]) -> T:
    """``compute()`` (pure data in, pure data out, its rewrites through :func:`attempt`), remembered for the rest
    of the current call under ``key`` and the call's allowance of counted steps, as :func:`attempt` remembers one
    rewrite: a repeat gives what the rewrites inside would give again (each a remembered outcome) without walking
    them.  Run every time outside a call's memo or inside a counted computation (which must see its steps)."""
    remembered = memo()
    if remembered is None or counting():
        return compute()
    return _remembered(remembered, ("per call", *key), compute, None)


def rewrite_within(fn: Callable[[sympy.Basic], sympy.Basic], expr: sympy.Basic) -> sympy.Basic | None:
    """``fn(expr)`` (an expand, cancel, factor ...) counted and size-checked; None past a budget or on failure.

    For rewrites whose result only helps (recognition, tidier forms): the caller keeps ``expr`` without one.
    """
    refuse_text(expr, "an expression to rewrite")
    return attempt(lambda: fn(expr), None, of=expr)


def expand_within(expr: sympy.Basic) -> sympy.Basic:
    """``expand(expr)`` within the budgets, else ``expr`` itself."""
    out = rewrite_within(sympy.expand, expr)
    return expr if out is None else out


def count_ops(expr: sympy.Basic) -> int:
    """SymPy's ``count_ops``, except that a matrix expression counts its nodes: ``count_ops`` negates a matrix
    expression, and that ``doit()``s it deeply (a sum inside is evaluated, factored: minutes on 1e-320)."""
    refuse_text(expr, "an expression to count")  # sympy.count_ops would sympify text
    if isinstance(expr, sympy.MatrixExpr):
        return sum(1 for node in sympy.preorder_traversal(expr) if not node.is_Atom)
    return int(sympy.count_ops(expr))


def ops_limit() -> int:
    """The ``ops`` budget of the current call: larger expressions are not simplified."""
    return meter().limit("ops")


def _cheap_pipeline(expr: sympy.Basic) -> sympy.Basic:
    """Local rewrites that always terminate quickly on bounded-size input."""
    steps: Sequence[Callable[[sympy.Basic], sympy.Basic]] = (
        lambda e: sympy.powsimp(e, deep=True),
        sympy.together,
        lambda e: sympy.factor_terms(e, radical=False),
    )
    best = expr
    for step in steps:
        try:
            candidate = step(best)
        except (TypeError, ValueError, AttributeError, NotImplementedError, StopIteration, RecursionError):
            continue
        if sympy.count_ops(candidate) <= sympy.count_ops(best):
            best = candidate
    return best


#: the trigonometric and hyperbolic functions SymPy's ``simplify`` hands to ``trigsimp``
_TRIG = (sympy.sin, sympy.cos, sympy.tan, sympy.sinh, sympy.cosh, sympy.tanh)


def _opaque_trig_with_floats(expr: sympy.Basic) -> tuple[sympy.Basic, dict[sympy.Basic, sympy.Basic]]:
    r"""With decimal coefficients in the expression (GELU's ``tanh(\sqrt{2/\pi}(x + 0.044715 x^3))``), trig and
    hyperbolic calls are kept whole, as opaque symbols, while the rest is simplified: ``trigsimp`` finds no identity
    among decimals and took seconds (GELU's derivative: 2.2 s of a 2.3 s diff).  Only what is shown changes; every
    verdict is numeric."""
    if not expr.atoms(sympy.Float):
        return expr, {}
    calls = sorted((c for c in expr.atoms(*_TRIG)), key=sympy.default_sort_key)
    back = {sympy.Dummy(f"trig{k}"): c for k, c in enumerate(calls)}
    return expr.xreplace({c: d for d, c in back.items()}), back


def _full_pipeline(expr: sympy.Basic) -> sympy.Basic:
    """``simplify`` followed by a choice between it and ``factor`` (the more readable, shorter)."""
    work, back = _opaque_trig_with_floats(expr)
    simplified = sympy.simplify(work).xreplace(back) if back else sympy.simplify(expr)
    candidates = [expr, simplified]
    if within_terms(candidates[-1]):  # simplify may bring out e^{10^8 v} (from v/(√s − 10^{-8})): a degree 10^8
        try:
            candidates.append(sympy.factor(candidates[-1]))
        except (sympy.PolynomialError, TypeError, ValueError, NotImplementedError):
            pass
    return min(candidates, key=lambda e: (sympy.count_ops(e), len(str(e))))


def bounded_simplify(
    expr: sympy.Basic,
    *,
    steps: int | None = None,
    max_ops: int | None = None,
    pipeline: Callable[[sympy.Basic], sympy.Basic] | None = None,
) -> tuple[sympy.Basic, bool]:
    """Simplify ``expr`` within a counted number of steps; never hang.

    Args:
        expr: the expression (scalar or matrix expression).
        steps: counted steps for the full simplification (default: the ``steps`` budget).
        max_ops: expressions with more operations are returned unchanged (default: the ``ops`` budget).
        pipeline: the simplification to run (default: ``simplify`` then the shorter of
            it and its ``factor`` ed form).

    Returns:
        ``(simplified, gave_up)``: when ``gave_up`` is True, ``simplified`` is ``expr``
        itself or a cheaply rewritten, equal form of it.
    """
    if not isinstance(expr, sympy.Basic) or expr.is_Atom:
        return expr, False
    if sympy.count_ops(expr) > (ops_limit() if max_ops is None else max_ops) or not within_terms(expr):
        return expr, True
    run = pipeline or _full_pipeline

    def attempt() -> sympy.Basic | None:
        try:
            return run(expr)
        except Exception:  # SymPy's simplify fails in many ways (StopIteration, NaN._mpf_ ...)
            return None  # simplification is optional: keep the (correct) expression as it is

    allowance = meter().limit("steps") if steps is None else steps
    result, gave_up = bounded_call(attempt, steps=allowance)
    if not gave_up and result is not None:
        return result, False
    cheap, cheap_gave_up = bounded_call(lambda: _cheap_pipeline(expr), steps=allowance // 4)
    if cheap_gave_up or cheap is None:
        return expr, True
    return cheap, True
