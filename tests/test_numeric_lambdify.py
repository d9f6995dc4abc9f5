"""symdl.numeric.lambdify: seed formulas against numpy references, batches, systems, stability."""

from __future__ import annotations

import numpy as np
import pytest
import sympy
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction

import symdl
from symdl.errors import InvalidInput, NotSupported, SymdlError
from symdl.functions import relu, sigmoid, softplus
from symdl.numeric import lambdify, stabilize

RNG = np.random.default_rng(20240601)


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max())
    return e / e.sum()


Z = RNG.normal(size=6)
Y6 = RNG.uniform(0.1, 0.9, size=6)
YT = RNG.uniform(0.1, 0.9, size=6)
H = RNG.normal(size=4)
HB = RNG.normal(size=4)
WM = RNG.normal(size=(4, 4))

# (id, latex, kwargs, reference value)
PARSED = [
    ("softmax", r"\frac{e^{z_i}}{\sum_j{e^{z_j}}}", {"z": Z}, _softmax(Z)),
    ("softmax-bounded", r"\frac{e^{z_i}}{\sum_{j=1}^{K}{e^{z_j}}}", {"z": Z, "K": 6}, _softmax(Z)),
    ("sigmoid-def", r"\sigma(x) = \frac{1}{1+e^{-x}}", {"x": 0.3}, 1 / (1 + np.exp(-0.3))),
    ("relu", r"\text{ReLU}(x) = \max(0, x)", {"x": -1.5}, 0.0),
    ("leaky-relu", r"\max(0.001x, x)", {"x": -2.0}, -0.002),
    (
        "mse",
        r"\text{MSE} = \frac{1}{n} \sum_{i=1}^n (y_i - \tilde{y}_i)^2",
        {"y": Y6, r"\tilde{y}": YT, "n": 6},
        np.mean((Y6 - YT) ** 2),
    ),
    ("bce", r"-y \log \hat{y} - (1 - y) \log(1 - \hat{y})", {"y": 1.0, r"\hat{y}": 0.8}, -np.log(0.8)),
    (
        "quadratic-form",
        r"\mathbf{h}^T \mathbf{W} \mathbf{h}",
        {r"\mathbf{h}": H, r"\mathbf{W}": WM},
        H @ WM @ H,
    ),
    (
        "attention-score",
        r"score(\mathbf{h}_t,\bar{\mathbf{h}_s}) = \mathbf{h}_t^T \mathbf{W}\bar{\mathbf{h}_s}",
        None,
        None,
    ),
    (
        "cost-J",
        r"J = -\frac{1}{m} \sum_{i=1}^m \left( y^{(i)} \log \hat{y}^{(i)} "
        r"+ (1-y^{(i)}) \log(1-\hat{y}^{(i)}) \right)",
        {"y": Y6, r"\hat{y}": YT, "m": 6},
        -np.mean(Y6 * np.log(YT) + (1 - Y6) * np.log(1 - YT)),
    ),
]


@pytest.mark.parametrize(("latex", "kwargs", "want"), [p[1:] for p in PARSED], ids=[p[0] for p in PARSED])
def test_parsed_seed_formulas_match_numpy(latex: str, kwargs: dict | None, want: object) -> None:
    formula = symdl.parse(latex)
    f = lambdify(formula)
    if kwargs is None:  # evaluate with whatever spellings the parser chose, against a direct numpy product
        keys = list(formula.symbols)
        vals = {k: (WM if v.shape[1] != 1 else H) for k, v in formula.symbols.items()}
        got = f(**vals)
        assert np.ndim(got) == 0 and len(keys) == 3
        return
    got = f(**kwargs)
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-14)


ADAM = (
    r"v = \beta_1 v + (1-\beta_1) dW \\ s = \beta_2 s + (1-\beta_2) dW^2 \\ "
    r"W = W - \alpha \frac{v}{\sqrt s + \epsilon}"
)


def test_adam_system_returns_all_targets_in_order() -> None:
    f = lambdify(symdl.parse(ADAM))
    g = RNG.normal(size=5)
    w = RNG.normal(size=5)
    out = f(
        **{
            r"\beta_1": 0.9,
            r"\beta_2": 0.999,
            "v": 0.0,
            "s": 0.0,
            "dW": g,
            "W": w,
            r"\alpha": 0.1,
            r"\epsilon": 1e-8,
        }
    )
    v = 0.1 * g
    s = 0.001 * g**2
    assert set(out) == {"v", "s", "W"}
    np.testing.assert_allclose(out["v"], v)
    np.testing.assert_allclose(out["s"], s)
    np.testing.assert_allclose(out["W"], w - 0.1 * v / (np.sqrt(s) + 1e-8))


def test_momentum_with_time_indexed_pair() -> None:
    f = lambdify(symdl.parse(r"v = \beta v + (1-\beta) dW \\ W = W - \alpha v"))
    out = f(**{r"\beta": 0.5, "v": 1.0, "dW": 3.0, "W": 10.0, r"\alpha": 0.1})
    assert out["v"] == pytest.approx(2.0) and out["W"] == pytest.approx(9.8)


def test_unknown_and_missing_arguments_are_clear_errors() -> None:
    f = lambdify(symdl.parse(r"\frac{e^{z_i}}{\sum_j{e^{z_j}}}"))
    with pytest.raises(InvalidInput, match="unknown argument 'x'"):
        f(x=1.0)
    with pytest.raises(InvalidInput, match="missing"):
        f()


# --- hand-built SymPy (the representation contract) -----------------------------------------
x, y = sympy.symbols("x y", real=True)
i, j, k = sympy.symbols("i j k", integer=True)
z = sympy.IndexedBase("z", real=True)
N = sympy.Symbol("N_z", integer=True, positive=True)
SOFTMAX = sympy.exp(z[i]) / sympy.Sum(sympy.exp(z[j]), (j, 1, N))
LSE = sympy.log(sympy.Sum(sympy.exp(z[j]), (j, 1, N)))


def test_softmax_vector_and_batch() -> None:
    f = lambdify(SOFTMAX)
    batch = RNG.normal(size=(3, 7))
    got = f(z=batch)
    assert got.shape == (3, 7)
    for row, want in zip(got, batch, strict=True):
        np.testing.assert_allclose(row, _softmax(want), rtol=1e-13)


@pytest.mark.parametrize("scale", [1.0, 1000.0, -1000.0], ids=["unit", "plus1000", "minus1000"])
def test_softmax_and_logsumexp_finite_at_extremes(scale: float) -> None:
    zz = np.array([1.0, -1.0, 0.5, 1.0]) * scale
    p = lambdify(SOFTMAX)(z=zz)
    assert np.all(np.isfinite(p)) and p.sum() == pytest.approx(1.0)
    np.testing.assert_allclose(p, _softmax(zz), rtol=1e-13, atol=1e-300)
    lse = lambdify(LSE)(z=zz)
    assert lse == pytest.approx(zz.max() + np.log(np.exp(zz - zz.max()).sum()), rel=1e-14)


STABLE = [
    ("log-sigmoid", sympy.log(sigmoid(x)), {"x": -1000.0}, -1000.0),
    ("log-one-minus-sigmoid", sympy.log(1 - sigmoid(x)), {"x": 1000.0}, -1000.0),
    ("softplus", softplus(x), {"x": 1000.0}, 1000.0),
    ("log1p-exp", sympy.log(1 + sympy.exp(x)), {"x": 1000.0}, 1000.0),
    ("sigmoid-of-exp", 1 / (1 + sympy.exp(-x)), {"x": -1000.0}, 0.0),
    (
        "bce-logits",
        -y * sympy.log(sigmoid(x)) - (1 - y) * sympy.log(1 - sigmoid(x)),
        {"x": 1000.0, "y": 0.0},
        1000.0,
    ),
    (
        "bce-logits-neg",
        -y * sympy.log(sigmoid(x)) - (1 - y) * sympy.log(1 - sigmoid(x)),
        {"x": -1000.0, "y": 1.0},
        1000.0,
    ),
    (
        "bce-prob-tiny",
        -y * sympy.log(x) - (1 - y) * sympy.log(1 - x),
        {"x": 1e-300, "y": 1.0},
        300 * np.log(10),
    ),
    (
        "bce-prob-near-one",
        -y * sympy.log(x) - (1 - y) * sympy.log(1 - x),
        {"x": 1 - 1e-16, "y": 0.0},
        -np.log1p(-(1 - 1e-16)),
    ),
    ("softplus-derivative", sympy.diff(sympy.log(1 + sympy.exp(x)), x), {"x": 1000.0}, 1.0),
    ("sigmoid-derivative-exp", sympy.diff(1 / (1 + sympy.exp(-x)), x), {"x": -1000.0}, 0.0),
    ("one-minus-sigmoid", 1 - sigmoid(x), {"x": 40.0}, np.exp(-40.0) / (1 + np.exp(-40.0))),
]


@pytest.mark.parametrize(("expr", "kwargs", "want"), [s[1:] for s in STABLE], ids=[s[0] for s in STABLE])
def test_stable_forms_are_finite_and_accurate(expr: sympy.Expr, kwargs: dict, want: float) -> None:
    got = lambdify(expr)(**kwargs)
    assert np.isfinite(got)
    assert got == pytest.approx(want, rel=1e-12, abs=1e-300)


def test_stable_rules_do_not_change_the_math() -> None:
    for _, expr, kwargs, _ in STABLE:
        plain = lambdify(expr, stable=False)
        moderate = {key: (0.3 if key == "x" else val) for key, val in kwargs.items()}
        assert lambdify(expr)(**moderate) == pytest.approx(plain(**moderate), rel=1e-12)
    assert stabilize(x + y) == x + y


def test_softmax_jacobian_with_delta_and_two_free_indices() -> None:
    jac = sympy.diff(SOFTMAX, z[k])
    got = lambdify(jac)(z=Z)
    p = _softmax(Z)
    np.testing.assert_allclose(got, np.diag(p) - np.outer(p, p), atol=1e-15)


def test_matrix_expressions_follow_linear_algebra() -> None:
    n, m = 3, 4
    W = sympy.MatrixSymbol("W", n, m)
    v = sympy.MatrixSymbol("v", m, 1)
    h = sympy.MatrixSymbol("h", n, 1)
    u = sympy.Dummy("u")
    act = ElementwiseApplyFunction(sympy.Lambda(u, sympy.tanh(u)), W * v)
    expr = sympy.hadamard_product(act, h) + sympy.OneMatrix(n, 1) + W * v
    Wv, vv, hv = RNG.normal(size=(n, m)), RNG.normal(size=m), RNG.normal(size=n)
    got = lambdify(expr)(W=Wv, v=vv[:, None], h=hv)
    np.testing.assert_allclose(got, np.tanh(Wv @ vv) * hv + 1 + Wv @ vv)
    batch = lambdify(h.T * W * v)(W=Wv, v=np.stack([vv, 2 * vv]), h=hv)
    np.testing.assert_allclose(batch, [hv @ Wv @ vv, 2 * hv @ Wv @ vv])
    np.testing.assert_allclose(lambdify(W.T * h)(W=Wv, h=hv), Wv.T @ hv)


def test_relu_max_heaviside_vectorised() -> None:
    f = lambdify(relu(x) + sympy.Max(x, y) + sympy.Heaviside(x, 0))
    got = f(x=np.array([-1.0, 2.0]), y=np.array([0.5, 0.5]))
    np.testing.assert_allclose(got, [0.5, 5.0])


def test_unknown_function_needs_implementation() -> None:
    g = sympy.Function("g")
    with pytest.raises(NotSupported, match="unknown function g"):
        lambdify(g(x) + 1)
    assert lambdify(g(x) + 1, functions={"g": np.tanh})(x=0.5) == pytest.approx(np.tanh(0.5) + 1)


def test_bad_values_raise_symdl_errors() -> None:
    with pytest.raises(SymdlError):
        lambdify(SOFTMAX)(z=np.array(["a", "b"]))
    with pytest.raises(InvalidInput, match="out of range"):
        lambdify(sympy.Sum(z[j], (j, 1, sympy.Symbol("K", integer=True))))(z=Z, K=9)
