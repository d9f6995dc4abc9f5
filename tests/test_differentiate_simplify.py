"""bounded_simplify: simplifies when it can, gives up (still correct, and says so) when its counted steps run out.

Steps are counted (Python calls, :func:`symdl.budget.counted`), never timed: the same input gives up at
the same point however busy the machine is and in whichever thread it runs.
"""

from __future__ import annotations

import threading

import numpy as np
import pytest
import sympy
from sympy.core.cache import clear_cache
from test_differentiate_fd import assert_close, scalar_fn

from symdl.budget import Budgets, meter, metered
from symdl.config import DEFAULT
from symdl.differentiate import diff
from symdl.functions import sigmoid
from symdl.simplify import bounded_call, bounded_simplify

x, y = sympy.symbols("x y", real=True)
HARD = sum((sympy.sin(x) ** k + sympy.cos(x) ** k) ** 3 / (1 + sympy.tan(x) ** k) for k in range(1, 25))


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        pytest.param(sympy.sin(x) ** 2 + sympy.cos(x) ** 2, 1, id="pythagoras"),
        pytest.param((x**2 - 1) / (x - 1), x + 1, id="cancel"),
        pytest.param(sympy.exp(x) * sympy.exp(-x), 1, id="exp"),
        pytest.param(x, x, id="atom"),
    ],
)
def test_simplifies_within_the_default_budget(expr, expected) -> None:
    out, gave_up = bounded_simplify(expr)
    assert not gave_up and sympy.expand(out - expected) == 0


def _same_values(a: sympy.Basic, b: sympy.Basic) -> None:
    pts = np.random.default_rng(0).uniform(0.1, 1.2, size=5)
    assert_close(scalar_fn(a, [x])(pts), scalar_fn(b, [x])(pts), rtol=1e-9)


@pytest.mark.parametrize(
    ("steps", "max_ops"),
    [
        pytest.param(0, 10_000, id="no-steps"),
        pytest.param(20_000, 10_000, id="too-few-steps"),
        pytest.param(None, 20, id="too-large"),
    ],
)
def test_gives_up_with_a_correct_result(steps, max_ops) -> None:
    out, gave_up = bounded_simplify(HARD, steps=steps, max_ops=max_ops)
    assert gave_up
    _same_values(out, HARD)


def _python_calls(n: int) -> int:
    def one(k: int) -> int:
        return k

    return sum(one(k) for k in range(n))


def test_inner_allowance_never_extends_the_outer_one() -> None:
    result, gave_up = bounded_call(lambda: bounded_simplify(HARD, steps=10**9), steps=5_000)
    assert gave_up and result is None


def test_outer_count_goes_on_after_an_inner_computation_ran_out() -> None:
    def outer() -> int:
        _, inner_gave_up = bounded_simplify(HARD, steps=1_000)
        assert inner_gave_up
        return _python_calls(100_000)  # counted by the outer computation: more than it allows

    assert bounded_call(outer, steps=50_000) == (None, True)


def test_an_inner_computation_within_its_steps_answers() -> None:
    def outer() -> bool:
        _, inner_gave_up = bounded_simplify(x + x)
        return inner_gave_up

    assert bounded_call(outer, steps=1_000_000) == (False, False)


def _steps_used(fn) -> int:
    with metered(Budgets(), None) as account:
        clear_cache()
        fn()
        return account.spent["work"]


def test_the_count_is_the_same_on_every_run_and_under_load() -> None:
    """The stop point is counted work: a busy thread beside it changes nothing."""
    work = lambda: bounded_simplify(HARD, steps=200_000)  # noqa: E731
    idle = _steps_used(work)
    stop = threading.Event()

    def busy() -> None:
        while not stop.is_set():
            _python_calls(1_000)

    spinners = [threading.Thread(target=busy) for _ in range(3)]
    for t in spinners:
        t.start()
    try:
        loaded = [_steps_used(work) for _ in range(2)]
    finally:
        stop.set()
        for t in spinners:
            t.join()
    assert loaded == [idle, idle]


def test_off_the_main_thread_the_budget_applies_the_same() -> None:
    box: list[tuple[sympy.Basic, bool]] = []
    thread = threading.Thread(target=lambda: box.append(bounded_simplify(HARD, steps=20_000)))
    thread.start()
    thread.join()
    out, gave_up = box[0]
    assert gave_up
    _same_values(out, HARD)


def test_the_call_work_budget_is_shared_by_its_computations() -> None:
    with metered(Budgets(work=30_000), None) as account:
        _, first = bounded_simplify(HARD)
        _, second = bounded_simplify(sympy.sin(x) ** 2 + sympy.cos(x) ** 2)
        assert first and second  # the first used up the call's work; the second gets none
        assert meter() is account and account.left("work") <= 0


def test_diff_reports_when_simplification_gives_up() -> None:
    expr = sigmoid(x) * sympy.tanh(x * y) / (1 + x**2)
    with metered(Budgets(steps=0), None):
        d = diff(expr, x, config=DEFAULT)
    assert d.gave_up
    pt = {x: 0.4, y: -0.3}
    h = 1e-6
    f = scalar_fn(expr, [x, y])
    numeric = (f(0.4 + h, -0.3) - f(0.4 - h, -0.3)) / (2 * h)
    assert_close(scalar_fn(d.expr, [x, y])(*pt.values()), numeric, rtol=1e-6)
