"""bounded_simplify: simplifies when it can, gives up (still correct, and says so) when it cannot."""

from __future__ import annotations

import threading

import numpy as np
import pytest
import sympy
from test_differentiate_fd import assert_close, scalar_fn

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
