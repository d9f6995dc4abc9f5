"""Counted budgets: whether an input is refused depends on counted work, never on the clock.

Every limit symdl enforces is a number of things counted in the input or in the work it causes —
characters, tokens, nesting depth, the digits of an exact number, the operations of an expression,
the entries of an array, the terms of a sum, the steps of a symbolic computation — so the same
input gets the same answer on a fast machine, a slow one and one that is busy training a model.

* :class:`Budgets` holds one named limit per thing counted (``Config.budgets``; on the command line
  ``--budget NAME=VALUE``).  :data:`BUDGETS` describes each: what it counts and what exceeding it
  means.
* :class:`Meter` is the account of one public call: the guard behind ``symdl.parse``/``explain``/...
  opens one (:func:`metered`) and every stage asks :func:`meter` for it.  ``require`` compares a
  measured size with its budget; ``charge`` spends a cumulative one.  Both raise a positioned
  :class:`~symdl.errors.ResourceLimit` naming the budget and how to raise it.
* :func:`counted` runs a SymPy computation (simplify, solve, factor ...) while counting its steps —
  Python function calls, through ``sys.settrace`` — and stops it when it has used its share: the
  caller then keeps its correct, unsimplified expression.  Tracing is per thread, so this works in
  any thread.
* A wall-clock **backstop** (``Config.time_limit``, 60 s) remains as a last resort only.  It is
  checked cooperatively — inside :func:`counted` and at every ``charge`` — so it works in any thread
  too; it is far above what any budget allows, and no answer within budget depends on it.
"""

from __future__ import annotations

import inspect
import math
import sys
import threading
import time
import types
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field, fields, replace
from typing import TypeVar

from symdl.errors import ResourceLimit, Span
from symdl.sympy_fixes import reseed

T = TypeVar("T")


def _budget(default: int, counts: str, unit: str) -> int:
    return field(default=default, metadata={"counts": counts, "unit": unit})  # type: ignore[return-value]


@dataclass(frozen=True, kw_only=True)
class Budgets:
    """One limit per thing counted; every one has a name, used by ``--budget NAME=VALUE``.

    The defaults leave every library derivation and README example well under half of each
    (``tests/test_budgets.py`` measures it).
    """

    input_chars: int = _budget(20_000, "characters of one input", "characters")
    tokens: int = _budget(5_000, "tokens of one input", "tokens")
    depth: int = _budget(100, "nesting depth of braces, brackets and sub-expressions", "levels")
    parse_chars: int = _budget(2_000, "characters of arithmetic parsed per formula", "characters")
    digits: int = _budget(1_000, "decimal digits of an exact number, estimated before it is computed", "digits")
    ops: int = _budget(600, "operations of one expression handed to simplification", "operations")
    steps: int = _budget(1_500_000, "steps (Python calls) of one symbolic computation, e.g. a simplify", "steps")
    work: int = _budget(6_000_000, "steps of all symbolic computations of one call together", "steps")
    nodes: int = _budget(200_000, "expression nodes examined by the concept recognisers in one call", "nodes")
    coefficient_digits: int = _budget(40, "digits of a number in an expression to factor, cancel or simplify", "digits")
    exponent: int = _budget(10_000, "integer exponent of a power (expanding, factoring grow with it)", "(its exponent)")
    elements: int = _budget(4_000_000, "entries of one array allocated for a numeric check", "entries")
    terms: int = _budget(100_000, "terms of a sum or product evaluated or expanded", "terms")

    def with_(self, **changes: int) -> Budgets:
        """A copy with some budgets changed (unknown names are an error)."""
        return replace(self, **changes)


#: name → (what it counts, its unit), from the fields of :class:`Budgets`
BUDGETS: dict[str, tuple[str, str]] = {f.name: (f.metadata["counts"], f.metadata["unit"]) for f in fields(Budgets)}

#: how many counted steps pass between two looks at the clock (the backstop)
CLOCK_EVERY = 4096
#: code flags of generators and coroutines (their frames are also resumed by finalisers)
_RESUMABLE = inspect.CO_GENERATOR | inspect.CO_COROUTINE | inspect.CO_ASYNC_GENERATOR | inspect.CO_ITERABLE_COROUTINE


class OutOfSteps(BaseException):
    """Raised inside a counted computation when its steps are used up.

    A ``BaseException`` so that ``except Exception`` blocks inside SymPy do not swallow it.
    """


class Backstop(BaseException):
    """Raised inside a counted computation when the wall-clock backstop has passed."""


def digits_of(p: int, q: int = 1) -> float:
    """Decimal digits of the exact number ``p/q`` (of its larger part): its logarithm, or its bit length when long.

    The unit of the ``digits`` and ``coefficient_digits`` budgets, and of the numbers shown in messages.
    """
    big = max(abs(int(p)), abs(int(q)))
    return math.log10(big) if 0 < big.bit_length() < 1000 else big.bit_length() * math.log10(2)


def out_of_memory(source: str = "") -> ResourceLimit:
    """The error for a MemoryError (the library's guard and the CLI both): named as the ``elements`` budget."""
    err = ResourceLimit(
        "this input needs more memory than this machine has",
        source=source,
        hint="make the formula smaller: a sum with fewer terms, smaller shapes; the 'elements' budget "
        "(--budget elements=N) refuses large arrays before they are allocated",
    )
    err.budget = "elements"
    return err


def budget_error(name: str, needed: int | str, limit: int, *, what: str = "", source: str = "",
                 span: Span | None = None) -> ResourceLimit:
    """The positioned error for budget ``name`` exceeded (``needed`` of it wanted, ``limit`` allowed)."""
    counts, unit = BUDGETS[name]
    if isinstance(needed, int) and needed >= 10**15:  # a 300-digit count is shown as its size
        needed = f"about 10^{len(str(needed)) - 1}"
    err = ResourceLimit(
        f"{what or 'this input'} needs {needed} {unit}; the '{name}' budget allows {limit} ({counts})",
        source=source,
        span=span,
        hint=f"split the formula into named parts, or raise the budget: --budget {name}=N on the command line, "
        f"Config(budgets=Budgets({name}=N)) in Python",
    )
    err.budget = name
    return err


@dataclass
class Meter:
    """The account of one public call: what it has spent, and its backstop deadline.

    Args:
        budgets: the limits.
        seconds: the wall-clock backstop (None or 0: none).
    """

    budgets: Budgets = field(default_factory=Budgets)
    seconds: float | None = None
    spent: dict[str, int] = field(default_factory=dict)
    peak: dict[str, int] = field(default_factory=dict)
    deadline: float | None = None

    def __post_init__(self) -> None:
        if self.seconds:
            self.deadline = time.monotonic() + self.seconds

    def limit(self, name: str) -> int:
        return int(getattr(self.budgets, name))

    def left(self, name: str) -> int:
        return self.limit(name) - self.spent.get(name, 0)

    def usage(self) -> dict[str, float]:
        """The share of each budget used so far: cumulative ones by what was spent, sizes by the largest seen."""
        used = {**self.peak, **{k: v for k, v in self.spent.items() if k not in self.peak}}
        return {name: used[name] / max(self.limit(name), 1) for name in sorted(used)}

    def require(self, name: str, size: int, *, what: str = "", source: str = "", span: Span | None = None) -> None:
        """Refuse a measured ``size`` above budget ``name`` (the largest seen is kept in ``peak``)."""
        if size > self.peak.get(name, 0):
            self.peak[name] = size
        if size > self.limit(name):
            raise budget_error(name, size, self.limit(name), what=what, source=source, span=span)

    def charge(self, name: str, amount: int = 1, *, what: str = "", source: str = "", span: Span | None = None) -> None:
        """Spend ``amount`` of the cumulative budget ``name``; refuse past it.  Also looks at the backstop."""
        total = self.spent.get(name, 0) + amount
        self.spent[name] = total
        if total > self.limit(name):
            raise budget_error(name, f"more than {self.limit(name)}", self.limit(name), what=what, source=source,
                               span=span)
        self.check_clock()

    def check_clock(self) -> None:
        """Raise the backstop's :class:`ResourceLimit` when its deadline has passed."""
        if self.deadline is not None and time.monotonic() > self.deadline:
            raise backstop_error(self.seconds or 0.0)


def backstop_error(seconds: float) -> ResourceLimit:
    err = ResourceLimit(
        f"this call ran past the wall-clock backstop of {seconds:g} s",
        hint="the counted budgets should stop any input long before this; please report the input. "
        "Raise the backstop with --time-limit SECONDS (0: none) or Config(time_limit=...)",
    )
    err.budget = "time_limit"
    return err


_METER: ContextVar[Meter | None] = ContextVar("symdl_meter", default=None)


def meter(budgets: Budgets | None = None) -> Meter:
    """The account of the current public call; outside any call, a fresh one with ``budgets`` (or the defaults)."""
    current = _METER.get()
    return current if current is not None else Meter(budgets or Budgets())


#: the outcomes of counted rewrites already run in the current call (:func:`symdl.simplify.attempt`)
_MEMO: ContextVar[dict[object, tuple[object, int]] | None] = ContextVar("symdl_memo", default=None)


def memo() -> dict[object, tuple[object, int]] | None:
    """The current call's memo of counted rewrites (None outside :func:`remembering`)."""
    return _MEMO.get()


@contextmanager
def remembering() -> Iterator[None]:
    """Open a memo of counted rewrites for one call (a public call, or one chunking); nested: the outer one's."""
    if _MEMO.get() is not None:
        yield
        return
    token = _MEMO.set({})
    try:
        yield
    finally:
        _MEMO.reset(token)


def counting() -> bool:
    """Whether this thread is inside a counted computation (:func:`counted`)."""
    return getattr(sys.gettrace(), "__code__", None) is _TRACE_CODE  # inline: a call here would be counted


@contextmanager
def metered(budgets: Budgets, seconds: float | None) -> Iterator[Meter]:
    """Open the account of one public call; a call nested inside another one shares the outer account."""
    current = _METER.get()
    if current is not None:
        yield current
        return
    account = Meter(budgets, seconds)
    token = _METER.set(account)
    reseed()  # SymPy's random choices start alike in every call (symdl.sympy_fixes.reseed)
    try:
        with remembering():
            yield account
    finally:
        _METER.reset(token)


#: code object → the decimal digits of the numbers a call of it would compute, estimated from its frame on entry.
#: For library loops whose time grows with the size of their integers, not with their calls (a counted step
#: can then take seconds): a call estimated past the ``digits`` budget stops the computation as if its steps
#: were used up.  Filled by :func:`sized_call`.
SIZED_CALLS: dict[types.CodeType, Callable[[types.FrameType], float]] = {}


def sized_call(fn: Callable[..., object], digits: Callable[[types.FrameType], float]) -> None:
    """Register ``digits(frame)``: the digits ``fn`` would compute, judged when a counted computation calls it."""
    SIZED_CALLS[fn.__code__] = digits


class _Counter:
    """The account of one counted computation; its trace function (:attr:`trace`) counts Python calls and stops
    the computation past its allowance.

    A call of a function in :data:`SIZED_CALLS` whose numbers would pass the ``digits`` budget also stops it.
    The trace function is a closure over plain local cells, not a method: it runs on every Python call of the
    computation, and cells cost less than attribute lookups (the counter's own cost is about a third lower; what
    it counts, and so every budget's meaning, is unchanged).  Code that runs while the count is on reads and sets
    the cells directly (:meth:`cell`), never through a method: a call there would be counted.
    """

    __slots__ = ("allowance", "count", "stop", "trace")

    def __init__(self, allowance: int, deadline: float | None) -> None:
        count = 0
        stop = min(allowance + 1, CLOCK_EVERY)  # the next count at which :func:`look` runs (allowance or clock)
        next_clock = CLOCK_EVERY
        late = False
        sized = SIZED_CALLS

        def trace(frame: types.FrameType, event: str, arg: object) -> None:
            nonlocal count
            code = frame.f_code
            if code.co_flags & _RESUMABLE:
                # a generator's frame is resumed by whoever iterates it and also by garbage collection, which
                # other threads' allocations can trigger in this one: not counted (its calls are), and never
                # stopped here (a stop raised in a finaliser is only printed as "Exception ignored")
                return
            count += 1
            if count >= stop or code in sized:
                look(frame)

        def look(frame: types.FrameType) -> None:
            nonlocal next_clock, late, stop
            if count >= next_clock:
                next_clock += CLOCK_EVERY
                late = deadline is not None and time.monotonic() > deadline
            if late:
                raise Backstop
            if count > allowance:
                raise OutOfSteps
            sizer = sized.get(frame.f_code)
            if sizer is not None and sizer(frame) > meter().limit("digits"):
                raise OutOfSteps
            stop = min(allowance + 1, next_clock)

        trace.counter = self  # type: ignore[attr-defined]
        self.trace = trace
        self.count, self.allowance, self.stop = (self.cell(look, name) for name in ("count", "allowance", "stop"))

    @staticmethod
    def cell(fn: Callable[..., object], name: str) -> types.CellType:
        """The cell of the variable ``name`` that ``fn`` closes over."""
        return fn.__closure__[fn.__code__.co_freevars.index(name)]  # type: ignore[index]


def counted(fn: Callable[[], T], *, steps: int | None = None) -> tuple[T | None, bool]:
    """Run ``fn()`` counting its steps; stop it when it has used its allowance.

    The allowance is the smallest of ``steps`` (default: the ``steps`` budget) and what is left of the
    call's ``work`` budget; what ``fn`` used is charged to ``work``.  Nested counted computations are
    counted once, by the outermost one.

    Returns:
        ``(result, False)`` when ``fn`` finished within its allowance, ``(None, True)`` when it did not
        (or none was left).

    Raises:
        ResourceLimit: the wall-clock backstop passed during ``fn``.
    """
    account = meter()
    allowance = min(account.limit("steps") if steps is None else steps, account.left("work"))
    previous = sys.gettrace()
    if getattr(previous, "__code__", None) is _TRACE_CODE:  # inside another counted computation: counted by it
        outer: _Counter = previous.counter  # type: ignore[union-attr]
        allowance = min(allowance, outer.allowance.cell_contents - outer.count.cell_contents)
        if allowance <= 0:
            return None, True
        return _nested(fn, outer, allowance)
    if allowance <= 0:
        return None, True
    counter = _Counter(allowance, account.deadline)
    with _SETTRACE:
        sys.settrace(counter.trace)
    try:
        result = fn()
        # a stop swallowed by a bare ``except`` inside fn leaves a result that cannot be trusted
        return (None, True) if counter.count.cell_contents > allowance else (result, False)
    except OutOfSteps:
        return None, True
    except Backstop:
        raise backstop_error(account.seconds or 0.0) from None
    finally:
        with _SETTRACE:  # inline, not a call: a call here would be counted
            sys.settrace(previous)
        used = counter.count.cell_contents
        account.spent["work"] = account.spent.get("work", 0) + used
        account.peak["steps"] = max(account.peak.get("steps", 0), used)


def _nested(fn: Callable[[], T], outer: _Counter, allowance: int) -> tuple[T | None, bool]:
    """A counted computation inside another: a lower allowance for its part, then the outer one again."""
    saved = outer.allowance.cell_contents
    outer.allowance.cell_contents = lower = outer.count.cell_contents + allowance  # no call here: it would count
    outer.stop.cell_contents = min(outer.stop.cell_contents, lower + 1)  # look again past it at the latest
    try:
        return fn(), False
    except OutOfSteps:
        if outer.count.cell_contents > saved:  # the outer allowance is the one used up: let the outer one stop
            raise
        return None, True
    finally:
        outer.allowance.cell_contents = saved
        with _SETTRACE:  # a trace function that raised was removed by the interpreter
            sys.settrace(outer.trace)


#: one thread at a time installs a trace function: CPython's sys.settrace guards its install with one flag for the whole
#: process, so two threads installing at once (the local server's concurrent jobs) raised "Cannot install a trace
#: function while another trace function is being installed" (cpython#98257); the trace functions stay per thread
_SETTRACE = threading.RLock()  # re-entrant: a release that installs again in this thread must not deadlock


#: the code of every counter's trace function (:func:`counting` knows one by it)
_TRACE_CODE = _Counter(0, None).trace.__code__
