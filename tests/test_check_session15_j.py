"""symdl.check_grads never refutes from differences whose stencil crossed a kink (issue 13, item 7).

Networks and losses with kinks, at points drawn so that kinks lie *within* the Richardson stencil
(pre-activations, margins, pooling ties and weights set to ±δ, δ far below the step 2^-7):
cs231n's two-layer net (assignment 1, ``neural_net.py``: ReLU + softmax, L2 regularisation) and its
multiclass SVM loss (``linear_svm.py``, hinge), d2l's MLP (§5.1/§5.3, ReLU, squared loss, weight decay),
cs231n's 2×2 max pooling (``layers.py``, ``max_pool_backward``), and L1 regularisation λ‖w‖₁ (Goodfellow et al.
§7.1.2, gradient λ sign(w)). Right gradients pass or are undecided — never FAILED; subtly wrong ones
(a missing 1/N, a transposed weight, a dropped regularisation term, max-pool gradient spread like an average)
fail. Also: the coordinate-wise pass is the same function (``directions=None``), and a claim at a kink itself
is undecided with the reason.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

import symdl
import symdl.numeric

Arr = np.ndarray
N, D, H, C = 5, 4, 4, 4  # H == C so that a transposed W2 still fits (the "transposed weight" row)


def _near(z: Arr, rng: np.random.Generator, delta: float) -> Arr:
    """Values ±delta·U(0.2, 1): kinks at z = 0 within reach of any difference step above delta."""
    return delta * rng.choice([-1.0, 1.0], z.shape) * rng.uniform(0.2, 1.0, z.shape)


def _two_layer(rng: np.random.Generator, delta: float) -> tuple[Callable, Callable, Callable, dict[str, Arr]]:
    """cs231n two-layer net: softmax(ReLU(X W1 + b1) W2) loss + reg (W1² + W2²); first row's pre-activations at ±δ."""
    X, y, reg = rng.normal(size=(N, D)), rng.integers(0, C, N), 0.05
    W1, W2, b1 = rng.normal(size=(D, H)), rng.normal(size=(H, C)), rng.normal(size=H)
    b1 = b1 + _near(b1, rng, delta) - (X[0] @ W1 + b1)  # X[0] W1 + b1 = ±δ

    def loss(W1: Arr, W2: Arr) -> float:
        S = np.maximum(X @ W1 + b1, 0) @ W2
        S = S - S.max(1, keepdims=True)
        logp = S - np.log(np.exp(S).sum(1, keepdims=True))
        return -logp[np.arange(N), y].mean() + reg * (np.sum(W1 * W1) + np.sum(W2 * W2))

    def grads(W1: Arr, W2: Arr, *, n: int = N, transpose: bool = False) -> dict[str, Arr]:
        Z = X @ W1 + b1
        A = np.maximum(Z, 0)
        S = A @ W2
        P = np.exp(S - S.max(1, keepdims=True))
        P /= P.sum(1, keepdims=True)
        P[np.arange(N), y] -= 1
        dS = P / n
        dZ = (dS @ (W2 if transpose else W2.T)) * (Z > 0)
        return {"W1": X.T @ dZ + 2 * reg * W1, "W2": A.T @ dS + 2 * reg * W2}

    return loss, grads, lambda **p: grads(**p, n=1), {"W1": W1, "W2": W2}


def _svm(rng: np.random.Generator, delta: float) -> tuple[Callable, Callable, Callable, dict[str, Arr]]:
    """cs231n multiclass SVM: mean Σ_j≠y max(0, s_j - s_y + 1) + reg ‖W‖²; first row's margins at ±δ."""
    X, y, reg = rng.normal(size=(N, D)), rng.integers(0, C, N), 0.1
    W = rng.normal(size=(D, C))
    S = X @ W
    target = S[0, y[0]] - 1 + _near(S[0], rng, delta)  # margins s_j - s_y + 1 of sample 0 at ±δ
    W = W + np.outer(X[0], target - S[0]) / (X[0] @ X[0])
    W[:, y[0]] -= 0  # the true class column: its margin is 1 by definition

    def margins(W: Arr) -> Arr:
        S = X @ W
        M = S - S[np.arange(N), y][:, None] + 1
        M[np.arange(N), y] = 0
        return M

    def loss(W: Arr) -> float:
        return np.maximum(margins(W), 0).sum() / N + reg * np.sum(W * W)

    def grad(W: Arr, *, with_reg: bool = True) -> Arr:
        mask = (margins(W) > 0).astype(float)
        mask[np.arange(N), y] = -mask.sum(1)
        return X.T @ mask / N + (2 * reg * W if with_reg else 0)

    return loss, grad, lambda x: grad(x, with_reg=False), W


def _d2l_mlp(rng: np.random.Generator, delta: float) -> tuple[Callable, Callable, Callable, dict[str, Arr]]:
    """d2l MLP: ½ mean (ReLU(X W1) w2 - y)² + (λ/2)‖W1‖²; a column of pre-activations at ±δ."""
    X, t, lam = rng.normal(size=(N, D)), rng.normal(size=N), 0.01
    W1, w2 = rng.normal(size=(D, H)), rng.normal(size=H)
    Z = X @ W1
    W1[:, 0] += np.linalg.lstsq(X, _near(Z[:, 0], rng, delta) - Z[:, 0], rcond=None)[0]

    def loss(W1: Arr, w2: Arr) -> float:
        return 0.5 * np.mean((np.maximum(X @ W1, 0) @ w2 - t) ** 2) + 0.5 * lam * np.sum(W1 * W1)

    def grads(W1: Arr, w2: Arr, *, n: int = N) -> dict[str, Arr]:
        Z = X @ W1
        A = np.maximum(Z, 0)
        r = (A @ w2 - t) / n
        return {"W1": X.T @ (np.outer(r, w2) * (Z > 0)) + lam * W1, "w2": A.T @ r}

    return loss, grads, lambda **p: grads(**p, n=1), {"W1": W1, "w2": w2}


def _maxpool(rng: np.random.Generator, delta: float) -> tuple[Callable, Callable, Callable, dict[str, Arr]]:
    """cs231n 2×2 max pooling: Σ G ⊙ maxpool(X); the runner-up of each window within ±δ of its max."""
    X, G = rng.normal(size=(4, 4)), rng.normal(size=(2, 2))
    win = X.reshape(2, 2, 2, 2).transpose(0, 2, 1, 3).reshape(2, 2, 4)
    top = np.sort(win, -1)
    win[..., :] = np.where(win == top[..., 2:3], top[..., 3:4] - np.abs(_near(top[..., 3:4], rng, delta)), win)
    X = win.reshape(2, 2, 2, 2).transpose(0, 2, 1, 3).reshape(4, 4)

    def windows(X: Arr) -> Arr:
        return X.reshape(2, 2, 2, 2).transpose(0, 2, 1, 3).reshape(2, 2, 4)

    def loss(X: Arr) -> float:
        return float(np.sum(G * windows(X).max(-1)))

    def unwindow(w: Arr) -> Arr:
        return w.reshape(2, 2, 2, 2).transpose(0, 2, 1, 3).reshape(4, 4)

    def grad(X: Arr) -> Arr:
        w = windows(X)
        return unwindow((w == w.max(-1, keepdims=True)) * G[..., None])

    return loss, grad, lambda x: unwindow(np.broadcast_to(G[..., None] / 4, (2, 2, 4))), X


def _l1(rng: np.random.Generator, delta: float) -> tuple[Callable, Callable, Callable, dict[str, Arr]]:
    """Lasso (Goodfellow §7.1.2): ½‖X w - y‖² + λ‖w‖₁, gradient X^T(Xw - y) + λ sign(w); half of w at ±δ."""
    X, t, lam = rng.normal(size=(N, D)), rng.normal(size=N), 0.5
    w = rng.normal(size=D)
    w[::2] = _near(w[::2], rng, delta)

    def loss(w: Arr) -> float:
        return 0.5 * np.sum((X @ w - t) ** 2) + lam * np.sum(np.abs(w))

    def grad(w: Arr, *, with_l1: bool = True) -> Arr:
        return X.T @ (X @ w - t) + (lam * np.sign(w) if with_l1 else 0)

    return loss, grad, lambda x: grad(x, with_l1=False), w


def _two_layer_transposed(rng: np.random.Generator, delta: float) -> tuple[Callable, Callable, Callable, dict]:
    loss, grads, _, point = _two_layer(rng, delta)
    return loss, grads, lambda **p: grads(**p, transpose=True), point


# (id, builder): each builds (loss, right gradient, subtly wrong gradient, point with kinks near)
CASES = [
    pytest.param(_two_layer, id="cs231n-two-layer-missing-1/N"),
    pytest.param(_two_layer_transposed, id="cs231n-two-layer-transposed-W2"),
    pytest.param(_svm, id="cs231n-svm-dropped-reg"),
    pytest.param(_d2l_mlp, id="d2l-mlp-missing-1/N"),
    pytest.param(_maxpool, id="cs231n-maxpool-spread-like-average"),
    pytest.param(_l1, id="goodfellow-l1-dropped-penalty"),
]


def _call(fn: Callable, point: object) -> Callable:
    return fn


@pytest.mark.parametrize("method", ["richardson", "auto"])
@pytest.mark.parametrize("delta", [1e-3, 1e-5, 1e-7], ids=["d1e-3", "d1e-5", "d1e-7"])
@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("build", CASES)
def test_kinks_in_the_stencil_never_refute_a_right_gradient(build: Callable, seed: int, delta: float, method: str) -> None:
    loss, right, wrong, point = build(np.random.default_rng(seed), delta)
    ok = symdl.check_grads(loss, right, point, method=method)
    assert ok.verdict in ("passed", "undecided"), str(ok)
    assert ok.verdict == "passed" or "did not settle" in ok.message
    bad = symdl.check_grads(loss, wrong, point, method=method)
    assert bad.verdict == "failed" and not bad, str(bad)


def test_the_reported_wrong_verdict_two_layer_relu_richardson() -> None:
    """The author's case: Richardson without kinks= refuted a right two-layer ReLU gradient (0.0217 vs 0.0164)."""
    refuted = 0
    for seed in range(10):
        loss, right, _, point = _two_layer(np.random.default_rng(100 + seed), 1e-2)
        r = symdl.check_grads(loss, right, point, method="richardson")
        refuted += r.verdict == "failed"
    assert refuted == 0


def test_a_claim_at_the_kink_itself_is_undecided_not_refuted() -> None:
    """|x| at x = 0: the central difference sees the average slope 0; the subgradient +1 is a right claim."""
    x = np.array([0.0, 1.5, 0.0, -2.0])
    r = symdl.check_grads(lambda v: np.sum(np.abs(v)), np.where(x >= 0, 1.0, -1.0), x, method="richardson")
    assert r.verdict == "undecided" and not r.passed and r.unsettled > 0, str(r)
    assert "kinks=" in r.message and "did not settle" in r.message
    wrong = symdl.check_grads(lambda v: np.sum(np.abs(v)) + np.sum(v**2), np.where(x >= 0, 1.0, -1.0), x)
    assert wrong.verdict == "failed" or wrong.verdict == "undecided"  # 2x is missing; never 'passed'


@pytest.mark.parametrize("build", CASES)
def test_every_coordinate_is_the_same_function(build: Callable) -> None:
    """The coordinate-wise pass is ``directions=None`` of the one check_grads (also exported from symdl.numeric)."""
    assert symdl.numeric.check_grads is not None
    loss, right, wrong, point = build(np.random.default_rng(5), 1e-5)
    ok = symdl.numeric.check_grads(loss, right, point, directions=None, method="richardson")
    assert ok.verdict in ("passed", "undecided") and "every coordinate" in ok.message, str(ok)
    assert symdl.numeric.check_grads(loss, wrong, point, directions=None).verdict == "failed"


def test_smooth_functions_still_settle_at_the_first_step() -> None:
    """No kink, no extra evaluations: 1 base + 6 directions × 6 differences (+ the complex-safety probe)."""
    rng = np.random.default_rng(3)
    a = rng.normal(size=20)
    r = symdl.check_grads(lambda v: np.sum(np.log1p(np.exp(a * v))), lambda v: a / (1 + np.exp(-a * v)),
                          rng.normal(size=20), method="richardson")  # fmt: skip
    assert r.verdict == "passed" and r.unsettled == 0 and r.evaluations == 1 + 6 * 6, str(r)
