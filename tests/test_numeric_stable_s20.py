"""Stable forms beyond the first table (issue 15, item 6): generated code judged at extreme inputs against mpmath.

- ``1 − tanh²(x)`` (tanh's derivative) is 0 in float64 for |x| ≥ 20, where the truth is ~4e^{−2|x|}: 1/cosh(x)²;
- tanh written with exponentials is inf/inf = nan at |x| = 1000: tanh(x), in its three published spellings;
- ``\\log(e^a + e^b)`` overflows to inf: shifted by the larger term (numpy's logaddexp);
- binary cross-entropy at ``y = ŷ = 1`` (or 0) is 0 · log 0 = nan where the loss is 0 (scipy's xlogy).

Each row: the formula, its inputs, mpmath's value at 50 digits; then a hypothesis property over the whole range, and
the rules' own table (name, what breaks).
"""

from __future__ import annotations

from typing import Any

import mpmath
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import symdl
from symdl.numeric.stable import RULES, stabilize

mpmath.mp.dps = 50  # references at 50 digits (test_numeric_hardening does the same)
EPS = np.finfo(np.float64).eps


def _sech2(x: float) -> Any:
    return 1 / mpmath.cosh(mpmath.mpf(x)) ** 2


def _bce(y: float, p: float) -> Any:
    y, p = mpmath.mpf(y), mpmath.mpf(p)
    return -((y * mpmath.log(p)) if y else 0) - (((1 - y) * mpmath.log1p(-p)) if y != 1 else 0)


TANH_SPELLINGS = [
    ("tanh-exp-pm", r"\frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}"),  # Goodfellow et al. eq. 6.x, most textbooks
    ("tanh-exp-2x", r"\frac{e^{2x} - 1}{e^{2x} + 1}"),  # Wikipedia's and d2l's form
    ("tanh-exp-minus-2x", r"\frac{1 - e^{-2x}}{1 + e^{-2x}}"),  # the form that avoids e^{2x}
]

# (id, latex, inputs, mpmath value)
CASES: list[tuple[str, str, dict[str, Any], Any]] = []
for x in (0.5, 20.0, -20.0, 40.0, 300.0, 1000.0):
    CASES.append((f"tanh-derivative-{x:g}", r"1 - \tanh^2(x)", {"x": x}, lambda x=x: _sech2(x)))
for x in (0.5, 40.0, 1000.0, -1000.0):
    CASES += [(f"{name}-{x:g}", latex, {"x": x}, lambda x=x: mpmath.tanh(mpmath.mpf(x))) for name, latex in TANH_SPELLINGS]
for a, b in ((1000.0, 999.0), (-1000.0, -1001.0), (1.0, 2.0), (1000.0, -1000.0)):
    CASES.append((f"logaddexp-{a:g}-{b:g}", r"\log(e^{a} + e^{b})", {"a": a, "b": b},
                  lambda a=a, b=b: mpmath.log(mpmath.exp(mpmath.mpf(a)) + mpmath.exp(mpmath.mpf(b)))))
for y, p in ((1.0, 1.0), (0.0, 0.0), (1.0, 0.3), (0.0, 0.3), (1.0, 1e-300)):
    CASES.append((f"bce-y{y:g}-p{p:.3g}", r"-\left(y \log \hat{y} + (1-y)\log(1-\hat{y})\right)",
                  {"y": y, r"\hat{y}": p}, lambda y=y, p=p: _bce(y, p)))
CASES.append(("cross-entropy-certain", r"-\sum_i y_i \log p_i", {"y": [1.0, 0.0, 0.0], "p": [1.0, 0.0, 0.0]},
              lambda: mpmath.mpf(0)))


@pytest.mark.parametrize(("latex", "inputs", "want"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_generated_value_is_finite_and_accurate(latex: str, inputs: dict[str, Any], want: Any) -> None:
    got = np.asarray(symdl.lambdify(latex)(**{k: np.asarray(v, dtype=np.float64) for k, v in inputs.items()}))
    assert np.all(np.isfinite(got)), got
    np.testing.assert_allclose(got, float(want()), rtol=4 * EPS, atol=1e-300)


_x = st.one_of(st.floats(-1000, 1000, allow_nan=False), st.sampled_from([1000.0, -1000.0, 20.0, -20.0, 0.0]))


@settings(max_examples=60, deadline=None, derandomize=True)
@given(_x)
def test_tanh_forms_on_random_inputs(x: float) -> None:
    """tanh's derivative and tanh from exps: finite and within a few ulps of mpmath over [-1000, 1000]."""
    derivative = float(np.asarray(symdl.lambdify(r"1 - \tanh^2(x)")(x=np.float64(x))))
    np.testing.assert_allclose(derivative, float(_sech2(x)), rtol=8 * EPS, atol=1e-300)
    for _, latex in TANH_SPELLINGS:
        got = float(np.asarray(symdl.lambdify(latex)(x=np.float64(x))))
        np.testing.assert_allclose(got, float(mpmath.tanh(mpmath.mpf(x))), rtol=8 * EPS, atol=1e-300)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(_x, _x)
def test_logaddexp_on_random_inputs(a: float, b: float) -> None:
    got = float(np.asarray(symdl.lambdify(r"\log(e^{a} + e^{b})")(a=np.float64(a), b=np.float64(b))))
    want = mpmath.log(mpmath.exp(mpmath.mpf(a)) + mpmath.exp(mpmath.mpf(b)))
    np.testing.assert_allclose(got, float(want), rtol=4 * EPS, atol=4 * EPS)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(st.sampled_from([0.0, 1.0]), st.one_of(st.floats(0, 1), st.sampled_from([0.0, 1.0, 1e-300, 1 - 1e-16])))
def test_bce_on_random_probabilities(y: float, p: float) -> None:
    """Finite wherever the loss is (y = ŷ certain gives 0), within ulps of mpmath."""
    want = _bce(y, p)
    got = float(np.asarray(symdl.lambdify(r"-\left(y \log \hat{y} + (1-y)\log(1-\hat{y})\right)")(
        y=np.float64(y), **{r"\hat{y}": np.float64(p)})))
    if mpmath.isinf(want):
        assert got == np.inf
    else:
        np.testing.assert_allclose(got, float(want), rtol=4 * EPS, atol=1e-300)


def test_gradients_through_the_new_forms_pass_the_complex_step() -> None:
    """The kernels take the complex step: BCE's and logaddexp's gradients check."""
    from symdl.numeric import check_grads

    f = symdl.lambdify(r"\log(e^{a} + e^{b})")
    g = symdl.lambdify(symdl.diff(r"\log(e^{a} + e^{b})", "a").expr)
    assert check_grads(lambda v: f(a=v, b=np.float64(2.0)), lambda v: g(a=v, b=np.float64(2.0)), np.array(1.5),
                       method="complex").passed
    h = symdl.lambdify(r"-\left(y \log p + (1-y)\log(1-p)\right)")
    dh = symdl.lambdify(symdl.diff(r"-\left(y \log p + (1-y)\log(1-p)\right)", "p").expr)
    assert check_grads(lambda v: h(y=np.float64(1.0), p=v), lambda v: dh(y=np.float64(1.0), p=v), np.array(0.3),
                       method="complex").passed


@pytest.mark.parametrize("name", ["one-minus-tanh-squared", "tanh-from-exp", "logaddexp", "xlogy", "xlog1py"])
def test_each_rule_says_what_breaks_and_rewrites_to_an_equal_expression(name: str) -> None:
    rule = next(r for r in RULES if r.name == name)
    assert rule.why and ("nan" in rule.why or "inf" in rule.why or " 0 " in rule.why)
    import sympy

    x, y = sympy.symbols("x y", positive=True)
    before = {"one-minus-tanh-squared": 1 - sympy.tanh(x) ** 2, "tanh-from-exp": (sympy.exp(x) - sympy.exp(-x)) / (
        sympy.exp(x) + sympy.exp(-x)), "logaddexp": sympy.log(sympy.exp(x) + sympy.exp(y)),
        "xlogy": y * sympy.log(x), "xlog1py": y * sympy.log(1 + x)}[name]
    after = stabilize(before)
    assert after != before
    for point in ({x: 0.7, y: 0.2}, {x: 2.5, y: 1.3}):
        assert abs(complex(before.evalf(30, subs=point)) - complex(after.rewrite(sympy.exp).evalf(30, subs=point)
                   if name.startswith("tanh") or name.startswith("one") else _plain(after).evalf(30, subs=point))) < 1e-25


def _plain(e: Any) -> Any:
    """The new classes written out (x log y, log Σ e^a) for exact comparison."""
    import sympy

    from symdl.numeric.stable_logs import LogAddExp, XLog1pY, XLogY

    return e.replace(XLogY, lambda a, b: a * sympy.log(b)).replace(XLog1pY, lambda a, b: a * sympy.log(1 + b)).replace(
        LogAddExp, lambda *a: sympy.log(sum(sympy.exp(t) for t in a)))
