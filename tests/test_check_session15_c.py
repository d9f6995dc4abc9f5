"""symdl.check_grads: gradient checks by K random directional derivatives (O(K) evaluations).

Rows from real sources, each a right gradient (passes) and a subtly wrong one (fails, worst entry named):
cs231n assignment 1 softmax loss with L2 regularisation (softmax.py, the vectorised gradient), a 2-layer
MLP's backprop in numpy (cs231n neural_net.py / Karpathy's "Hacker's guide"), batch-norm backward
(cs231n assignment 2 layers.py, the simplified formula), log-sum-exp (its gradient is softmax,
Goodfellow et al. 6.2.2.3) and a scaled dot-product attention score (Vaswani et al. 2017 eq. 1,
the softmax Jacobian diag(p) - p p^T). Evaluations are counted (never wall time).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest

import symdl

RNG = np.random.default_rng(20261203)
N, D, H, C = 5, 4, 6, 3
X = RNG.normal(size=(N, D))
Y = RNG.integers(0, C, N)
REG = 0.1


def _softmax(s: np.ndarray) -> np.ndarray:
    e = np.exp(s - s.max(axis=-1, keepdims=True).real)
    return e / e.sum(axis=-1, keepdims=True)


def softmax_loss(W: np.ndarray) -> np.ndarray:
    p = _softmax(X @ W)
    return -np.sum(np.log(p[np.arange(N), Y])) / N + REG * np.sum(W * W)


def softmax_grad(W: np.ndarray, two: float = 2.0) -> np.ndarray:
    p = _softmax(X @ W)
    p[np.arange(N), Y] -= 1
    return X.T @ p / N + two * REG * W


def mlp_loss(W1: np.ndarray, W2: np.ndarray) -> np.ndarray:
    h = np.maximum(0, X @ W1)
    p = _softmax(h @ W2)
    return -np.sum(np.log(p[np.arange(N), Y])) / N


def mlp_grads(W1: np.ndarray, W2: np.ndarray, per: float = N) -> dict[str, np.ndarray]:
    h = np.maximum(0, X @ W1)
    ds = _softmax(h @ W2)
    ds[np.arange(N), Y] -= 1
    ds /= N
    dh = ds @ W2.T * (h > 0)
    return {"W1": X.T @ dh, "W2": h.T @ ds * N / per}


DOUT = RNG.normal(size=(N, D))
GAMMA, BETA = RNG.normal(size=D), RNG.normal(size=D)


def bn_loss(x: np.ndarray, bn_eps: float = 1e-5) -> np.ndarray:
    mu = x.mean(axis=0)
    var = ((x - mu) ** 2).mean(axis=0)
    return np.sum((GAMMA * (x - mu) / np.sqrt(var + bn_eps) + BETA) * DOUT)


def bn_grad(x: np.ndarray, eps_in_grad: float = 1e-5) -> np.ndarray:
    mu = x.mean(axis=0)
    var = ((x - mu) ** 2).mean(axis=0)
    xhat = (x - mu) / np.sqrt(var + 1e-5)
    scale = GAMMA / np.sqrt(var + eps_in_grad) / N
    return scale * (N * DOUT - DOUT.sum(axis=0) - xhat * np.sum(DOUT * xhat, axis=0))


def lse(z: np.ndarray) -> np.ndarray:
    m = z.max().real
    return m + np.log(np.sum(np.exp(z - m)))


KEYS = RNG.normal(size=(7, 8))


def attention(q: np.ndarray) -> np.ndarray:
    return _softmax(KEYS @ q / math.sqrt(8))


def attention_jac(q: np.ndarray, inner: float = math.sqrt(8)) -> np.ndarray:
    p = _softmax(KEYS @ q / inner)
    return (np.diag(p) - np.outer(p, p)) @ KEYS / math.sqrt(8)


CASES = [
    ("cs231n-softmax-loss", softmax_loss, softmax_grad, lambda W: softmax_grad(W, two=1.0),
     RNG.normal(size=(D, C)), "x"),
    ("cs231n-two-layer-mlp", mlp_loss, mlp_grads, lambda **p: mlp_grads(**p, per=1.0),
     {"W1": RNG.normal(size=(D, H)), "W2": RNG.normal(size=(H, C))}, "W2"),
    ("cs231n-batchnorm-backward", bn_loss, bn_grad, lambda x: bn_grad(x, eps_in_grad=0.0),
     RNG.normal(size=(N, D)), "x"),
    ("logsumexp-softmax", lse, lambda z: _softmax(z),
     lambda z: _softmax(z).astype(np.float32).astype(np.float64), RNG.normal(size=9), "x"),
    ("attention-score-jacobian", attention, attention_jac, lambda q: attention_jac(q, inner=1.0) * 0
     + attention_jac(q, inner=math.sqrt(8) * (1 + 1e-6)), RNG.normal(size=8), "x"),
]


@pytest.mark.parametrize("method", ["auto", "richardson"])
@pytest.mark.parametrize(("f", "right", "wrong", "x", "var"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_real_gradients_pass_and_subtly_wrong_ones_fail(
    f: Callable, right: Callable, wrong: Callable, x: object, var: str, method: str
) -> None:
    kinks = (lambda W1, W2: X @ W1) if var == "W2" else None  # ReLU's kinks: differences must not cross them
    ok = symdl.check_grads(f, right, x, method=method, kinks=kinks)
    assert ok.passed, ok.message
    assert ok.worst is None
    bad = symdl.check_grads(f, wrong, x, method=method, kinks=kinks)
    assert not bad.passed, bad.message
    assert bad.worst is not None and bad.worst[0] == var
    assert f"worst entry {var}" in bad.message


def test_one_wrong_entry_in_ten_thousand_is_caught_in_o_k_evaluations() -> None:
    rng = np.random.default_rng(7)
    n = 10_000
    x, c = rng.normal(size=n), rng.normal(size=n)
    g = np.cos(x) * c
    bad = g.copy()
    bad[4321] *= 1 + 1e-6

    def f(v: np.ndarray) -> np.ndarray:
        return np.sum(np.sin(v) * c)

    ok = symdl.check_grads(f, g, x)
    assert ok.passed and ok.method == "complex-step"
    assert ok.evaluations == 1 + 3 + 6  # f(x), the complex-safety probe (1 + a central pair), K = 6
    r = symdl.check_grads(f, bad, x)
    assert not r.passed and r.worst == ("x", (4321,))
    assert r.worst_numeric == pytest.approx(g[4321], rel=1e-13)
    assert r.evaluations <= 10 + 1 + math.ceil(math.log2(n)) + 1  # + bisection + the partial
    rr = symdl.check_grads(f, bad, x, method="richardson")
    assert not rr.passed and rr.worst == ("x", (4321,))
    assert rr.evaluations <= 1 + 36 + 6 * (1 + math.ceil(math.log2(n)) + 1)
    assert symdl.check_grads(f, g, x, method="richardson").passed


@pytest.mark.parametrize(
    ("f", "why"),
    [
        (lambda x: np.sum(np.abs(x) ** 3), "drops the imaginary part"),
        (lambda x: np.sum(np.real(x) ** 2 * x), "disagrees"),
        (lambda x: np.sum(np.arctan2(x, 1.0)), "raised TypeError"),
    ],
    ids=["abs-drops-imag", "real-part-not-analytic", "arctan2-raises"],
)
def test_complex_safety_is_detected_by_trying(f: Callable, why: str) -> None:
    x = np.array([0.3, -1.2, 2.0])
    r = symdl.check_grads(f, np.zeros(3), x)
    assert r.method == "richardson" and why in r.complex_safe
    assert not r.passed


def test_kinks_are_moved_off_and_values_at_the_old_point_are_refused() -> None:
    x = np.array([1e-9, -0.5, 2.0])
    r = symdl.check_grads(lambda v: np.sum(np.maximum(v, 0) ** 2), lambda v: 2 * np.maximum(v, 0), x,
                          kinks=lambda v: v)
    assert r.passed and r.moved_off_kink
    with pytest.raises(symdl.InvalidInput, match="moved off a kink"):
        symdl.check_grads(lambda v: np.sum(np.maximum(v, 0) ** 2), 2 * np.maximum(x, 0), x, kinks=lambda v: v)


def test_float32_refused_and_shapes_fitted() -> None:
    with pytest.raises(symdl.InvalidInput, match="float32"):
        symdl.check_grads(lambda v: np.sum(v**2), np.ones(3), np.ones(3, dtype=np.float32))
    x = np.array([[1.0, 2.0, 3.0]])
    assert symdl.check_grads(lambda v: np.sum(v**2), (2 * x).reshape(3), x).passed
