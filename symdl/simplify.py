"""Time- and size-bounded simplification, used by every stage.

SymPy's :func:`sympy.simplify` (and ``solve``, ``factor`` on large inputs) can run
for minutes.  symdl never hangs, so every such call goes through
:func:`bounded_call`: on the main thread it is interrupted by ``SIGALRM``
(``signal.setitimer``), on other threads (or platforms without ``SIGALRM``) the
full ``simplify`` is not attempted and a cheap, always-terminating pipeline of
local rewrites runs instead.  Either way an expression larger than
``max_ops`` operations is not simplified at all.  Whenever the bound is hit
the caller gets the *unsimplified, still correct* expression back together with
``gave_up=True`` so it can report the fact.

Nested use is safe: an inner bound never extends an outer one, and the outer
timer is re-armed with its remaining time when the inner call returns.

A whole public call is bounded too (:func:`within`): its time limit arms an outer
timer, and every bounded computation inside it is cut to the first
:data:`SOFT_SHARE` of that limit, so simplification gives up (gracefully, with a
correct unsimplified result) early enough for the rest of the call to finish.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Sequence
from contextvars import ContextVar
from typing import TypeVar

import sympy

T = TypeVar("T")

#: Expressions with more operations than this are returned as they are.
MAX_OPS = 600

#: Share of a call's time limit that its bounded computations (simplify, solve...) may use in all.
SOFT_SHARE = 0.6
#: Share of a call's time limit after which the call is interrupted: the rest is for unwinding, so that
#: the caller has its answer (or its ResourceLimit) within the limit.
HARD_SHARE = 0.85

#: When the bounded computations of the current public call must stop (``time.monotonic``), or None.
_SOFT_DEADLINE: ContextVar[float | None] = ContextVar("symdl_soft_deadline", default=None)


class _Deadline(BaseException):
    """Raised inside the bounded computation when its time is up.

    A ``BaseException`` so that ``except Exception`` blocks inside SymPy do not
    swallow it.
    """


def _alarm_available() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


def bounded_call(
    fn: Callable[[], T], *, seconds: float, unbounded_off_main: bool = False, soft: bool = True
) -> tuple[T | None, bool]:
    """Run ``fn()`` for at most ``seconds`` seconds.

    Args:
        fn: the computation (no arguments; use a lambda or ``functools.partial``).
        seconds: wall-clock budget; ``<= 0`` means give up at once.
        unbounded_off_main: where no interrupting timer exists (off the main thread), run ``fn``
            without a bound instead of giving up (for small computations whose result matters).
        soft: also stop at the enclosing public call's soft deadline (see :func:`within`).

    Returns:
        ``(result, False)`` when ``fn`` finished in time, ``(None, True)`` when the
        budget ran out or no interrupting timer is available on this thread.
    """
    soft_deadline = _SOFT_DEADLINE.get()
    if soft and soft_deadline is not None:
        seconds = min(seconds, soft_deadline - time.monotonic())
    if seconds > 0 and unbounded_off_main and not _alarm_available():
        return fn(), False
    if seconds <= 0 or not _alarm_available():
        return None, True
    previous_handler = signal.getsignal(signal.SIGALRM)
    outer_remaining, _ = signal.getitimer(signal.ITIMER_REAL)
    budget = seconds if outer_remaining <= 0 else min(seconds, outer_remaining)
    start = time.monotonic()

    def _on_alarm(signum: int, frame: object) -> None:
        raise _Deadline

    signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, budget)
    outer_expired = False
    try:
        return fn(), False
    except _Deadline:
        outer_expired = 0 < outer_remaining <= seconds
        return None, True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous_handler)
        if outer_expired and callable(previous_handler):
            # The outer deadline is the one that ran out: deliver it to the outer caller.
            previous_handler(signal.SIGALRM, None)
        elif outer_remaining > 0:
            left = outer_remaining - (time.monotonic() - start)
            signal.setitimer(signal.ITIMER_REAL, max(left, 1e-3))


def within(fn: Callable[[], T], *, seconds: float | None) -> tuple[T | None, bool]:
    """Run one public call ``fn()`` under a time limit of ``seconds`` (None: no limit).

    The bounded computations inside stop at ``SOFT_SHARE * seconds``; the call itself is
    interrupted at ``HARD_SHARE * seconds`` (on the main thread; elsewhere only the soft part
    applies), which leaves the rest for unwinding: the caller hears back within ``seconds``.
    A call nested in another one (``explain`` reading its text) runs under the outer limit.

    Returns:
        ``(result, False)``, or ``(None, True)`` when the limit was hit.
    """
    if seconds is None or _SOFT_DEADLINE.get() is not None:
        return fn(), False
    token = _SOFT_DEADLINE.set(time.monotonic() + SOFT_SHARE * seconds)
    try:
        return bounded_call(fn, seconds=HARD_SHARE * seconds, unbounded_off_main=True, soft=False)
    finally:
        _SOFT_DEADLINE.reset(token)


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


def _full_pipeline(expr: sympy.Basic) -> sympy.Basic:
    """``simplify`` followed by a choice between it and ``factor`` (the more readable, shorter)."""
    candidates = [expr, sympy.simplify(expr)]
    try:
        candidates.append(sympy.factor(candidates[-1]))
    except (sympy.PolynomialError, TypeError, ValueError, NotImplementedError):
        pass
    return min(candidates, key=lambda e: (sympy.count_ops(e), len(str(e))))


def bounded_simplify(
    expr: sympy.Basic,
    *,
    seconds: float,
    max_ops: int = MAX_OPS,
    pipeline: Callable[[sympy.Basic], sympy.Basic] | None = None,
) -> tuple[sympy.Basic, bool]:
    """Simplify ``expr`` within ``seconds``; never hang.

    Args:
        expr: the expression (scalar or matrix expression).
        seconds: time budget for the full simplification.
        max_ops: expressions with more operations are returned unchanged.
        pipeline: the simplification to run (default: ``simplify`` then the shorter of
            it and its ``factor`` ed form).

    Returns:
        ``(simplified, gave_up)``: when ``gave_up`` is True, ``simplified`` is ``expr``
        itself or a cheaply rewritten, equal form of it.
    """
    if not isinstance(expr, sympy.Basic) or expr.is_Atom:
        return expr, False
    if sympy.count_ops(expr) > max_ops:
        return expr, True
    run = pipeline or _full_pipeline

    def attempt() -> sympy.Basic | None:
        try:
            return run(expr)
        except Exception:  # SymPy's simplify fails in many ways (StopIteration, NaN._mpf_ ...)
            return None  # simplification is optional: keep the (correct) expression as it is

    result, gave_up = bounded_call(attempt, seconds=seconds)
    if not gave_up and result is not None:
        return result, False
    cheap, cheap_gave_up = bounded_call(lambda: _cheap_pipeline(expr), seconds=max(seconds / 4, 0.05))
    if cheap_gave_up or cheap is None:
        if not _alarm_available():
            return _cheap_pipeline(expr), True
        return expr, True
    return cheap, True
