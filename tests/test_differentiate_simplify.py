"""bounded_simplify: simplifies when it can, gives up (still correct, and says so) when it cannot."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest
import sympy
from test_differentiate_fd import assert_close, scalar_fn

import symdl
from symdl.config import DEFAULT
from symdl.differentiate import diff
from symdl.functions import sigmoid
from symdl.simplify import bounded_call, bounded_simplify, within

x, y = sympy.symbols("x y", real=True)
GELU = r"0.5 x \left(1 + \tanh\left(\sqrt{2/\pi} (x + 0.044715 x^3)\right)\right)"
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
def test_simplifies_when_in_budget(expr, expected) -> None:
    out, gave_up = bounded_simplify(expr, seconds=5)
    assert not gave_up and sympy.expand(out - expected) == 0


def _same_values(a: sympy.Basic, b: sympy.Basic) -> None:
    pts = np.random.default_rng(0).uniform(0.1, 1.2, size=5)
    assert_close(scalar_fn(a, [x])(pts), scalar_fn(b, [x])(pts), rtol=1e-9)


@pytest.mark.parametrize(
    ("seconds", "max_ops"),
    [
        pytest.param(0.0, 10_000, id="no-time"),
        pytest.param(0.05, 10_000, id="too-little-time"),
        pytest.param(5.0, 20, id="too-large"),
    ],
)
def test_gives_up_with_a_correct_result(seconds, max_ops) -> None:
    out, gave_up = bounded_simplify(HARD, seconds=seconds, max_ops=max_ops)
    assert gave_up
    _same_values(out, HARD)


def test_inner_bound_never_extends_the_outer_one() -> None:
    result, gave_up = bounded_call(lambda: bounded_simplify(HARD, seconds=30), seconds=0.2)
    assert gave_up and result is None


def test_outer_timer_survives_an_inner_call() -> None:
    def outer() -> bool:
        _, inner_gave_up = bounded_simplify(x + x, seconds=1)
        return inner_gave_up

    assert bounded_call(outer, seconds=5) == (False, False)


def test_off_the_main_thread_falls_back_to_cheap_rewrites() -> None:
    box: list[tuple[sympy.Basic, bool]] = []
    thread = threading.Thread(target=lambda: box.append(bounded_simplify(HARD, seconds=5)))
    thread.start()
    thread.join()
    out, gave_up = box[0]
    assert gave_up
    _same_values(out, HARD)


def test_diff_reports_when_simplification_gives_up() -> None:
    expr = sigmoid(x) * sympy.tanh(x * y) / (1 + x**2)
    d = diff(expr, x, config=DEFAULT.with_(simplify_seconds=0.0))
    assert d.gave_up
    pt = {x: 0.4, y: -0.3}
    h = 1e-6
    f = scalar_fn(expr, [x, y])
    numeric = (f(0.4 + h, -0.3) - f(0.4 - h, -0.3)) / (2 * h)
    assert_close(scalar_fn(d.expr, [x, y])(*pt.values()), numeric, rtol=1e-6)


def test_within_cuts_inner_simplification_to_the_soft_share() -> None:
    """Inside a public call's time limit, a simplification asking for 30 s stops at SOFT_SHARE of the limit."""
    start = time.perf_counter()
    (out, gave_up), timed_out = within(lambda: bounded_simplify(HARD, seconds=30), seconds=0.5)
    elapsed = time.perf_counter() - start
    assert not timed_out and gave_up
    assert elapsed < 0.5, f"{elapsed:.2f} s"
    _same_values(out, HARD)


def test_within_interrupts_the_call_at_its_limit() -> None:
    def busy() -> None:
        while True:
            sympy.expand((x + y) ** 30)

    start = time.perf_counter()
    result, timed_out = within(busy, seconds=0.3)
    assert timed_out and result is None
    assert time.perf_counter() - start < 0.35  # interrupted at 85 % of the limit: the answer comes within it


def test_within_nested_runs_under_the_outer_limit() -> None:
    (inner, inner_timed_out), outer_timed_out = within(lambda: within(lambda: 7, seconds=0.01), seconds=5)
    assert (inner, inner_timed_out, outer_timed_out) == (7, False, False)


@pytest.mark.parametrize(
    ("call", "limit"),
    [
        pytest.param(lambda cfg: symdl.check_gradient(GELU, "x", "0", config=cfg), 0.05, id="check-gelu"),
        pytest.param(lambda cfg: symdl.explain(GELU, config=cfg), 0.005, id="explain-gelu"),
        pytest.param(lambda cfg: symdl.diff(GELU, "x", config=cfg), 0.02, id="diff-gelu"),
        pytest.param(lambda cfg: symdl.explain(symdl.parse(GELU), config=cfg), 0.005, id="explain-parsed-gelu"),
    ],
)
def test_public_call_past_its_time_limit_is_a_positioned_resource_limit(call, limit) -> None:
    with pytest.raises(symdl.ResourceLimit) as info:
        call(symdl.Config(time_limit=limit))
    err = info.value
    assert "time limit" in err.message and err.source == GELU and err.span.end == len(GELU)
    assert "time_limit" in err.hint
    call(symdl.Config(time_limit=None))  # no limit: the same call answers
