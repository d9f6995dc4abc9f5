"""A counted rewrite asked again in one call is remembered (not run, not charged again: SymPy's own cache made a
repeat almost free of counted steps) and never leaks into another call (issue 15: the suite's cost; explain's
recognisers asked the same cancel or expand about 4 times in 5)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sympy

import symdl
from symdl import budget
from symdl.budget import Budgets, counted, memo, metered, remembering
from symdl.chunk.algebra import leaves
from symdl.simplify import attempt

X, Y = sympy.symbols("x y")
RATIO = (X**2 - Y**2) / (X - Y)


#: one entry per rewrite actually run (a global: a closure over a list is not remembered, as the next test shows)
RUNS: list[str] = []


def _cancel_of(expr: sympy.Basic) -> sympy.Basic:
    def rewrite() -> sympy.Basic:
        RUNS.append("cancel")
        return sympy.cancel(expr)

    return attempt(rewrite, expr, of=expr)


def test_a_repeat_in_one_call_is_not_run_again() -> None:
    RUNS.clear()
    with metered(Budgets(), None) as account:
        first = _cancel_of(RATIO)
        once = account.spent["work"]
        second = _cancel_of(RATIO)
        assert account.spent["work"] == once > 0
    assert first == second == X + Y
    assert RUNS == ["cancel"]


def test_the_memo_is_per_call() -> None:
    RUNS.clear()
    for _ in range(2):
        with metered(Budgets(), None):
            assert _cancel_of(RATIO) == X + Y
    assert RUNS == ["cancel", "cancel"]
    assert memo() is None


def _stuck() -> sympy.Basic:
    RUNS.append("factor")
    return sympy.factor(sympy.expand((X + Y + 1) ** 12))


def test_a_rewrite_that_gave_up_gives_the_callers_own_fallback_on_a_repeat() -> None:
    RUNS.clear()
    with metered(Budgets(steps=50), None):
        assert attempt(_stuck, "first", of=X) == "first"
        assert attempt(_stuck, "second", of=X) == "second"
    assert RUNS == ["factor"]


def test_inside_a_counted_computation_nothing_is_remembered() -> None:
    """The outer computation's count must see every step its part takes."""
    RUNS.clear()
    with remembering():
        counted(lambda: [_cancel_of(RATIO) for _ in range(2)])
    assert RUNS == ["cancel", "cancel"]


def test_a_closure_over_unhashable_data_is_run_each_time() -> None:
    runs: list[int] = []
    points = [{X: 1}]

    def at() -> sympy.Basic:
        runs.append(1)
        return RATIO.xreplace(points[0])

    with metered(Budgets(), None):
        attempt(at, None, of=RATIO)
        attempt(at, None, of=RATIO)
    assert len(runs) == 2


def test_explain_names_the_same_concepts_with_and_without_the_memo() -> None:
    latex = r"y = \frac{x}{2}\left(1 + \operatorname{erf}\left(\frac{x}{\sqrt{2}}\right)\right) + \max(0, x)"
    remembered = symdl.explain(latex).concepts
    with metered(Budgets(), None), _no_memo():
        plain = symdl.explain(latex).concepts
    assert remembered == plain
    assert {"gelu", "relu"} <= remembered


@contextmanager
def _no_memo() -> Iterator[None]:
    """Every rewrite runs: keys are never found (a memo that forgets what it is told)."""
    token = budget._MEMO.set(_Forgetful())
    try:
        yield
    finally:
        budget._MEMO.reset(token)


class _Forgetful(dict):
    def __setitem__(self, key: object, value: object) -> None:
        pass


def test_leaves_are_the_same_remembered_or_not() -> None:
    x = sympy.IndexedBase("x")
    n = sympy.Symbol("n", integer=True)
    expr = x[n] * Y + n
    assert leaves(expr) == leaves(expr) == (n, Y, x[n])
