"""diff on scalar and indexed-family expressions: right answers, readable forms, FD-checked."""

from __future__ import annotations

import numpy as np
import pytest
import sympy
from sympy import IndexedBase, KroneckerDelta, Sum, exp, log, tanh
from test_differentiate_fd import assert_close, central_diff, indexed_fn, scalar_fn

from symdl.differentiate import Derivation, diff
from symdl.errors import InvalidInput, SymdlError
from symdl.functions import relu, sigmoid, softplus
from symdl.numeric import check_grads

R = dict(real=True)
x, y, z, w, b, a, beta, t = sympy.symbols("x y z w b a beta t", **R)
i, j, k = sympy.symbols("i j k", integer=True)
N = sympy.Symbol("N_z", integer=True, positive=True)
Z, Y = IndexedBase("z", **R), IndexedBase("y", **R)
P = IndexedBase("p", **R)
S = Sum(exp(Z[j]), (j, 1, N))

# (expression, variable, expected derivative or None, sampling range)
SCALAR_CASES = [
    pytest.param(sigmoid(x), x, sigmoid(x) * (1 - sigmoid(x)), (-3, 3), id="sigmoid"),
    pytest.param(1 / (1 + exp(-x)), x, sigmoid(x) * (1 - sigmoid(x)), (-3, 3), id="sigmoid-written-out"),
    pytest.param(tanh(x), x, 1 - tanh(x) ** 2, (-2, 2), id="tanh"),
    pytest.param(tanh(w * x + b), w, x * (1 - tanh(w * x + b) ** 2), (-1, 1), id="tanh-neuron"),
    pytest.param(relu(x), x, sympy.Heaviside(x, 0), (0.1, 2), id="relu-positive-side"),
    pytest.param(relu(x), x, sympy.Heaviside(x, 0), (-2, -0.1), id="relu-negative-side"),
    pytest.param(sympy.Max(0, x), x, None, (0.1, 2), id="max0x"),
    pytest.param(sympy.Max(sympy.Rational(1, 1000) * x, x), x, None, (-2, -0.1), id="leaky-relu-negative"),
    pytest.param(softplus(x), x, sigmoid(x), (-3, 3), id="softplus"),
    pytest.param(log(1 + exp(x)), x, None, (-3, 3), id="softplus-written-out"),
    pytest.param(sympy.Abs(x), x, sympy.sign(x), (0.2, 2), id="abs"),
    pytest.param(
        -y * log(sigmoid(z)) - (1 - y) * log(1 - sigmoid(z)), z, sigmoid(z) - y, (0.1, 0.9), id="bce-logits"
    ),
    pytest.param(
        -y * log(1 / (1 + exp(-z))) - (1 - y) * log(1 - 1 / (1 + exp(-z))),
        z,
        sigmoid(z) - y,
        (0.1, 0.9),
        id="bce-logits-written-out",
    ),
    pytest.param(-y * log(a) - (1 - y) * log(1 - a), a, (a - y) / (a * (1 - a)), (0.1, 0.9), id="bce-prob"),
    pytest.param((w * x + b - y) ** 2, w, 2 * x * (w * x + b - y), (-1, 1), id="squared-error"),
    pytest.param(sympy.sqrt(x**2 + 1), x, x / sympy.sqrt(x**2 + 1), (-2, 2), id="sqrt"),
    pytest.param(beta * a + (1 - beta) * x**2, x, 2 * (1 - beta) * x, (0.1, 0.9), id="ema-of-square"),
    pytest.param(x**y, y, x**y * log(x), (0.5, 2), id="exponential-rule"),
    pytest.param(x**x, x, x**x * (log(x) + 1), (0.5, 2), id="general-power"),
    pytest.param(exp(-(x**2) / 2), x, -x * exp(-(x**2) / 2), (-2, 2), id="gaussian"),
    pytest.param(sigmoid(w * x) * tanh(x), x, None, (-2, 2), id="product-rule"),
    pytest.param(log(sigmoid(x)), x, 1 - sigmoid(x), (-3, 3), id="log-sigmoid"),
    pytest.param(x / (1 + sympy.Abs(x)), x, None, (0.2, 2), id="softsign"),
    pytest.param(x * sigmoid(x), x, None, (-3, 3), id="swish"),
    pytest.param(sympy.Function("f")(w * x), w, None, None, id="unknown-function"),
]


def _point(expr: sympy.Basic, lo: float, hi: float, seed: int = 0) -> dict[sympy.Symbol, float]:
    rng = np.random.default_rng(seed)
    return {s: float(rng.uniform(lo, hi)) for s in sorted(expr.free_symbols, key=str)}


@pytest.mark.parametrize(("expr", "var", "expected", "domain"), SCALAR_CASES)
def test_scalar_derivative_is_right(expr, var, expected, domain) -> None:
    d = diff(expr, var)
    assert isinstance(d, Derivation)
    assert not d.gave_up
    if expected is not None:
        assert sympy.simplify(d.expr - expected) == 0, d.expr
    if domain is None:  # unknown function: the chain rule must show f'
        assert d.expr.has(sympy.Derivative) or d.expr.has(sympy.Subs)
        return
    point = _point(expr, *domain)
    syms = list(point)
    for form in (d.expr, d.raw, *([d.expressed] if d.expressed is not None else [])):
        value = scalar_fn(form, syms)(*point.values())

        def f(v: np.ndarray, form: sympy.Basic = form) -> float:
            vals = dict(point)
            vals[var] = float(v[0])
            return float(scalar_fn(expr, syms)(*vals.values()))

        assert_close(value, central_diff(f, np.array([point[var]]))[0], rtol=1e-5)


@pytest.mark.parametrize(
    ("expr", "var", "shown"),
    [
        pytest.param(sigmoid(x), x, sigmoid(x) * (1 - sigmoid(x)), id="sigmoid"),
        pytest.param(1 / (1 + exp(-x)), x, sigmoid(x) * (1 - sigmoid(x)), id="sigmoid-from-exp"),
        pytest.param(tanh(x), x, 1 - tanh(x) ** 2, id="tanh-no-cosh"),
        pytest.param(
            -y * log(sigmoid(z)) - (1 - y) * log(1 - sigmoid(z)), z, sigmoid(z) - y, id="dCE/dz=p-y"
        ),
    ],
)
def test_result_is_in_the_readable_form(expr, var, shown) -> None:
    """What the user sees is the textbook form, not 1/(4 cosh²(x/2))."""
    assert sympy.expand(diff(expr, var).expr - shown) == 0
    assert not diff(expr, var).expr.has(sympy.cosh)


def test_steps_name_the_rules() -> None:
    d = diff(-y * log(sigmoid(w * x)), w)
    rules = " | ".join(s.rule for s in d.steps)
    assert "chain rule" in rules and "sigmoid derivative" in rules and "logarithm derivative" in rules
    assert all(isinstance(s.description, str) and isinstance(s.expr, sympy.Basic) for s in d.steps)


# --- indexed families ----------------------------------------------------------------------

SOFTMAX = exp(Z[i]) / S
CE = -Sum(Y[i] * log(exp(Z[i]) / S), (i, 1, N))

INDEXED_CASES = [
    pytest.param(SOFTMAX, Z, P[i] * (KroneckerDelta(i, k) - P[k]), id="softmax-jacobian"),
    pytest.param(log(S), Z, P[k], id="logsumexp-gradient-is-softmax"),
    pytest.param(CE, Z, None, id="softmax-cross-entropy"),
    pytest.param(Sum(Z[i] ** 2, (i, 1, N)), Z, 2 * Z[k], id="sum-of-squares"),
    pytest.param(Sum(w * Z[i], (i, 1, N)) / N, Z, w / N, id="mean"),
    pytest.param(Sum((Z[i] - Y[i]) ** 2, (i, 1, N)), Z, 2 * (Z[k] - Y[k]), id="squared-error"),
    pytest.param(Sum(sigmoid(Z[i]), (i, 1, N)), Z, sigmoid(Z[k]) * (1 - sigmoid(Z[k])), id="sum-sigmoid"),
    pytest.param(Z[i] * Z[j], Z, None, id="product-two-free-indices"),
]


def _softmax_values(zv: np.ndarray) -> np.ndarray:
    e = np.exp(zv - zv.max())
    return e / e.sum()


@pytest.mark.parametrize(("expr", "wrt", "expected"), INDEXED_CASES)
def test_indexed_derivative_matches_finite_differences(expr, wrt, expected) -> None:
    n = 4
    rng = np.random.default_rng(1)
    zv, yv = rng.normal(size=n), rng.dirichlet(np.ones(n))
    wv = 0.7
    d = diff(expr, wrt)
    kk = d.wrt.indices[0]
    assert d.index == kk
    assert not d.expr.has(KroneckerDelta) or not any(
        kd.args[0] in {lim[0] for s in d.expr.atoms(Sum) for lim in s.limits}
        for kd in d.expr.atoms(KroneckerDelta)
    )
    if expected is not None:
        assert (
            sympy.simplify((d.expressed if d.expressed is not None else d.expr) - expected.xreplace({k: kk}))
            == 0
        )
    frees = sorted((expr.free_symbols | d.expr.free_symbols) & {i, j}, key=str)
    fn = indexed_fn(expr.xreplace({w: wv}), {Z: n, Y: n}, {N: n})
    dfn = indexed_fn(d.expr.xreplace({w: wv}), {Z: n, Y: n}, {N: n})
    for idx in np.ndindex(*(n,) * len(frees)):
        fixed = {s: v + 1 for s, v in zip(frees, idx, strict=True)}
        numeric = central_diff(lambda v, fixed=fixed: fn({Z: v, Y: yv}, fixed), zv)
        for kv in range(1, n + 1):
            got = dfn({Z: zv, Y: yv}, {**fixed, kk: kv})
            assert_close(got, numeric[kv - 1], rtol=1e-5, atol=1e-8)
    if d.expressed is not None and d.expressed.has(P):
        # the concept form is right once p is the softmax of z (and Σ y = 1 when assumed)
        pv = _softmax_values(zv)
        expressed = d.expressed.xreplace({w: wv})
        efn = indexed_fn(expressed, {P: n, Y: n}, {N: n})
        for idx in np.ndindex(*(n,) * len(frees)):
            fixed = {s: v + 1 for s, v in zip(frees, idx, strict=True)}
            for kv in range(1, n + 1):
                assert_close(efn({P: pv, Y: yv}, {**fixed, kk: kv}), dfn({Z: zv, Y: yv}, {**fixed, kk: kv}))


def test_cross_entropy_through_softmax_is_p_minus_y_with_the_assumption_stated() -> None:
    d = diff(CE, Z)
    kk = d.wrt.indices[0]
    assert d.expressed == P[kk] - Y[kk]
    assert d.assumptions and "Σ_i y_i = 1" in d.assumptions[0]
    assert d.expr.has(Sum)  # the general result keeps Σ y_i: correct without the assumption
    assert "softmax" in d.concepts


def test_differentiating_by_an_element_keeps_the_given_index() -> None:
    d = diff(Sum(Z[i] ** 3, (i, 1, N)), Z[2])
    assert d.expr == 3 * Z[2] ** 2 and d.index is None


# --- errors ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expr", "wrt", "error"),
    [
        pytest.param(x**2, "q", InvalidInput, id="unknown-name"),
        pytest.param(x**2, 3, SymdlError, id="not-a-variable"),
    ],
)
def test_bad_variable_is_a_symdl_error(expr, wrt, error) -> None:
    with pytest.raises(error):
        diff(expr, wrt)


def test_spelling_key_of_an_expression_symbol() -> None:
    assert diff(w * x**2, "x").expr == 2 * w * x


@pytest.mark.parametrize(("expr", "var", "expected", "domain"), [c for c in SCALAR_CASES if c.values[3]])
def test_scalar_derivative_passes_symdl_numeric_check(expr, var, expected, domain) -> None:
    """The same derivatives through the public gradient checker, along the one coordinate."""
    point = _point(expr, *domain, seed=5)
    others = {s: v for s, v in point.items() if s != var}
    f = scalar_fn(expr.xreplace(others), [var])
    grad = scalar_fn(diff(expr, var).expr.xreplace(others), [var])
    result = check_grads(
        lambda v: f(v) + 0 * v, lambda v: grad(v) + 0 * v, {"v": np.array(point[var])}, directions=None
    )
    assert result, result
