"""Issue 15: the softmax of a family as one node (stable rule ``family-softmax``, :class:`SoftmaxOver`, kernel
``symdl_softmax_onto``): softmax-shaped values and gradients keep their values (plain numpy, |z| = 1000 finite),
near misses keep the general form, and the kernel's two paths (the j axis moved onto k's, or the general form when
the ranges are not the same positions) agree.  No wall-clock time is asserted (benchmarks/bench_numeric.py)."""

from __future__ import annotations

import inspect
from collections.abc import Callable

import numpy as np
import pytest
import sympy

import symdl
from symdl.numeric import RULES, lambdify
from symdl.numeric.kernels_softmax import symdl_softmax_onto
from symdl.numeric.stable import stabilize
from symdl.numeric.stable_softmax import SoftmaxOver

RNG = np.random.default_rng(25)
Z = RNG.normal(size=(5, 7))
Z_HUGE = np.array([[1000.0, 0.0, -1000.0, 999.0], [-1000.0, -999.0, -1001.0, -1000.5]])
SOFT = RNG.random(size=(5, 7))  # soft labels: rows need not sum to 1, so Σ_j t_j matters
ONEHOT = np.eye(7)[RNG.integers(0, 7, 5)]


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _log_softmax(z: np.ndarray) -> np.ndarray:
    shifted = z - z.max(axis=-1, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def _log_softmax_jacobian(z: np.ndarray) -> np.ndarray:
    # ∂(z_i − log Σ e^{z_j})/∂z_k = δ_ik − p_k, laid out [k, i] (the free indices in order of first appearance)
    return np.eye(z.shape[-1]) - _softmax(z)[:, None]


def _gradient(latex: str, wrt: str) -> sympy.Basic:
    return symdl.diff(symdl.parse(latex), wrt).expr


CE = r"-\sum_i y_i \log \frac{e^{z_i}}{\sum_j e^{z_j}}"  # cs231n's softmax classifier; d2l 4.1 (softmax regression)

#: (id, source, LaTeX, inputs, plain numpy value): softmax-shaped values read from LaTeX, evaluated row by row
VALUES = [
    ("softmax-entries", "d2l 4.1.1, softmax(o)_i = exp(o_i)/Σ_j exp(o_j)", r"\frac{e^{z_i}}{\sum_j e^{z_j}}",
     {"z": Z}, lambda v: _softmax(v["z"])),
    ("softmax-entries-huge", "Goodfellow 4.1 (softmax at |z| = 1000)", r"\frac{e^{z_i}}{\sum_j e^{z_j}}",
     {"z": Z_HUGE}, lambda v: _softmax(v["z"])),
    ("temperature", "Hinton et al. 2015 (distillation), q_i = exp(z_i/T)/Σ_j exp(z_j/T)",
     r"\frac{e^{z_i/T}}{\sum_j e^{z_j/T}}", {"z": Z, "T": np.array(2.5)}, lambda v: _softmax(v["z"] / 2.5)),
    ("temperature-huge", "Hinton et al. 2015, T = 0.5 at |z| = 1000", r"\frac{e^{z_i/T}}{\sum_j e^{z_j/T}}",
     {"z": Z_HUGE, "T": np.array(0.5)}, lambda v: _softmax(v["z"] / 0.5)),
    ("log-of-softmax-huge", "cs231n softmax loss, log p_i (must stay z_i − m − log Σ, never log 0)",
     r"\log \frac{e^{z_i}}{\sum_j e^{z_j}}", {"z": Z_HUGE},
     lambda v: _log_softmax(v["z"])),
]  # fmt: skip


@pytest.mark.parametrize(("source", "latex", "inputs", "want"), [v[1:] for v in VALUES], ids=[v[0] for v in VALUES])
def test_softmax_values_match_numpy(source: str, latex: str, inputs: dict, want: Callable) -> None:
    got = lambdify(symdl.parse(latex))(**inputs)
    assert np.all(np.isfinite(got))
    np.testing.assert_allclose(got, want(inputs), rtol=1e-12, atol=1e-300)


#: (id, source, LaTeX, with respect to, inputs, plain numpy gradient)
GRADIENTS = [
    ("ce-onehot", "cs231n softmax classifier: ∂L/∂z = p − y", CE, "z", {"z": Z, "y": ONEHOT},
     lambda v: _softmax(v["z"]) - v["y"]),
    ("ce-soft-labels", "label smoothing (Szegedy et al. 2016): ∂L/∂z_k = p_k Σ_i y_i − y_k", CE, "z",
     {"z": Z, "y": SOFT}, lambda v: _softmax(v["z"]) * v["y"].sum(-1, keepdims=True) - v["y"]),
    ("ce-huge", "cs231n, logits at ±1000", CE, "z", {"z": Z_HUGE, "y": np.eye(4)[[0, 3]]},
     lambda v: _softmax(v["z"]) - v["y"]),
]  # fmt: skip


@pytest.mark.parametrize(("source", "latex", "wrt", "inputs", "want"), [g[1:] for g in GRADIENTS],
                         ids=[g[0] for g in GRADIENTS])
def test_softmax_gradients_match_numpy(source: str, latex: str, wrt: str, inputs: dict, want: Callable) -> None:
    d = _gradient(latex, wrt)
    assert stabilize(d).has(SoftmaxOver)
    got = lambdify(d)(**inputs)
    assert np.all(np.isfinite(got))
    np.testing.assert_allclose(got, want(inputs), rtol=1e-12, atol=4 * np.finfo(float).eps)


@pytest.mark.parametrize("z", [Z[0], Z_HUGE[0]], ids=["normal", "huge"])
def test_log_softmax_gradient_matches_numpy(z: np.ndarray) -> None:
    # d2l 4.1.2 / Goodfellow 6.2.2.3: log softmax(z)_i = z_i − log Σ_j e^{z_j}; ∂/∂z_k = δ_ik − p_k
    d = _gradient(r"z_i - \log \sum_j e^{z_j}", "z")
    assert stabilize(d).has(SoftmaxOver)
    g = lambdify(d)
    got = g(z=z)
    assert np.all(np.isfinite(got))
    np.testing.assert_allclose(got, _log_softmax_jacobian(z), rtol=1e-12, atol=4 * np.finfo(float).eps)


def test_attention_weights_with_a_batch_index() -> None:
    # Vaswani et al. 2017: α_{b,k} = exp(s_{b,k}) / Σ_j exp(s_{b,j}), one row per query b
    s = sympy.IndexedBase("s", real=True)
    b, j, k = (sympy.Symbol(n, integer=True) for n in "bjk")
    n = sympy.Symbol("N", integer=True, positive=True)
    expr = sympy.exp(s[b, k]) / sympy.Sum(sympy.exp(s[b, j]), (j, 1, n))
    assert stabilize(expr).has(SoftmaxOver)
    scores = np.vstack([Z[:3, :4], Z_HUGE])
    got = lambdify(expr)(s=scores)
    np.testing.assert_allclose(got, _softmax(scores), rtol=1e-12, atol=1e-300)


#: near misses: A is not B with j → k (or the index is no plain symbol): the general, max-shifted form
NEAR_MISSES = [
    ("other-family", r"\frac{e^{z_i}}{\sum_j e^{w_j}}", {"z": Z[0], "w": Z[1]},
     lambda v: np.exp(v["z"] - v["w"].max()) / np.exp(v["w"] - v["w"].max()).sum()),
    ("doubled-numerator", r"\frac{e^{2 z_i}}{\sum_j e^{z_j}}", {"z": Z[0]},
     lambda v: np.exp(2 * v["z"]) / np.exp(v["z"]).sum()),
    ("shifted-index", r"\frac{e^{z_{i+1}}}{\sum_j e^{z_{j+1}}}", None, None),
]  # fmt: skip


@pytest.mark.parametrize(("latex", "inputs", "want"), [m[1:] for m in NEAR_MISSES], ids=[m[0] for m in NEAR_MISSES])
def test_near_misses_keep_the_general_form(latex: str, inputs: dict | None, want: Callable | None) -> None:
    expr = symdl.parse(latex).expr
    stable = stabilize(expr)
    assert not stable.has(SoftmaxOver)
    if inputs is not None and want is not None:
        np.testing.assert_allclose(lambdify(symdl.parse(latex))(**inputs), want(inputs), rtol=1e-12)


def test_a_shorter_sum_takes_the_general_form() -> None:
    # k runs over z's length, j over 1..M: not the same positions, so the kernel computes exp(z_k − m) itself
    f = symdl.parse(r"\frac{e^{z_i}}{\sum_{j=1}^{M} e^{z_j}}")
    assert stabilize(f.expr).has(SoftmaxOver)
    z = Z_HUGE[0]
    got = lambdify(f)(z=z, M=2)
    m = z[:2].max()
    np.testing.assert_allclose(got, np.exp(z - m) / np.exp(z[:2] - m).sum(), rtol=1e-12)
    np.testing.assert_allclose(lambdify(f)(z=z, M=4), _softmax(z), rtol=1e-12)


def _ranges(n_j: int, lo_k: int, n_k: int) -> tuple[np.ndarray, np.ndarray]:
    return np.arange(1, n_j + 1).reshape(1, n_j), np.arange(lo_k, lo_k + n_k).reshape(n_k, 1)


@pytest.mark.parametrize(("lo_k", "n_k"), [(1, 4), (0, 4), (2, 3)], ids=["same-positions", "shifted", "shorter"])
def test_kernel_paths_agree(lo_k: int, n_k: int) -> None:
    # core axes: k on -2, j on -1; z = Z_HUGE rows as a batch; a = z at k (pads a column for position 0)
    z = Z_HUGE
    j, k = _ranges(4, lo_k, n_k)
    padded = np.concatenate([z[:, :1] - 5.0, z], axis=-1)  # entry 0, read only when k starts at 0
    a = padded[:, k[:, 0]][..., None]
    scale = np.array([[[2.0]], [[0.5]]])
    got = symdl_softmax_onto(a, z[:, None, :], j, -1, k, -2, scale)
    m = z.max(-1)[:, None, None]
    want = scale * np.exp(a - m) / np.exp(z - z.max(-1, keepdims=True)).sum(-1)[:, None, None]
    assert got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=1e-13)


def test_kernel_result_owns_its_array_and_takes_a_complex_scale() -> None:
    j, k = _ranges(4, 1, 4)
    z = Z_HUGE[:, None, :]
    out = symdl_softmax_onto(z.swapaxes(-1, -2), z, j, -1, k, -2, 3.0)
    assert out.flags.owndata  # the caller's X - t may reuse it (numpy's temporary elision)
    step = symdl_softmax_onto(z.swapaxes(-1, -2), z, j, -1, k, -2, np.array(1.0 + 1e-20j))  # the complex step
    np.testing.assert_allclose(step.real, out / 3.0, rtol=1e-13)
    np.testing.assert_allclose(step.imag, 1e-20 * out / 3.0, rtol=1e-13)


def test_generated_ce_gradient_takes_one_softmax_and_subtracts_last() -> None:
    # benchmarks/bench_numeric.py's formula: exp(z_k) Σ_j t_j / Σ_j exp(z_j) − t_k
    z, t = sympy.IndexedBase("z", real=True), sympy.IndexedBase("t", real=True)
    j, k = sympy.Symbol("j", integer=True), sympy.Symbol("k", integer=True)
    n = sympy.Symbol("N_z", integer=True, positive=True)
    expr = sympy.exp(z[k]) * sympy.Sum(t[j] / sympy.Sum(sympy.exp(z[j]), (j, 1, n)), (j, 1, n)) - t[k]
    g = lambdify(expr)
    source = inspect.getsource(g.programs[0][1].fn)
    assert source.count("symdl_softmax_onto(") == 1 and "exp(" not in source.replace("symdl_softmax_onto(", "")
    assert "return symdl_softmax_onto(" in source and ") - symdl_gather(" in source  # X − t, not −t + X
    np.testing.assert_allclose(g(z=Z, t=SOFT), _softmax(Z) * SOFT.sum(-1, keepdims=True) - SOFT, rtol=1e-12)


def test_rule_is_a_named_record_before_the_max_shift() -> None:
    names = [r.name for r in RULES]
    assert names.index("log-of-exp-product") < names.index("family-softmax") < names.index("logsumexp")
