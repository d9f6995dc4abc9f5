"""``symdl.grad(..., emit=...)``: the emitted code computes the gradient symdl derived.

Each row is a real formula; the numpy source symdl generates is executed (the code symdl printed, in this test
only: never a user's text) and its gradients compared with central finite differences of its own value, computed
here in plain numpy at seeded random points (rtol 1e-6), and evaluated at extreme inputs (entries ±1e3), where
every one of these functions is finite, so the value and gradients must be.  The jax and torch sources are compiled;
they run when the library is importable (skipped otherwise: neither is a dependency), and the jax source also runs
with numpy standing in for ``jax.numpy`` (its kernels are written in the API the two share).
"""

from __future__ import annotations

import sys
import types
from functools import cache
from typing import Any

import numpy as np
import pytest

import symdl
from symdl.numeric.emit import quoted

#: one worker runs this module: each row's gradient is derived once (``emitted``), not once on each xdist worker
pytestmark = pytest.mark.xdist_group("grad-emit")

#: (id, LaTeX, inputs to differentiate by, input → shape or a kind of value)
ROWS = [
    # d2l 3.1 (linear regression), PyTorch MSELoss
    ("mse", r"\frac{1}{n}\sum_{i=1}^{n}(y_i - \hat{y}_i)^2", [r"\hat{y}"], {"y": (5,), "yhat": (5,)}),
    # cs231n softmax classifier: cross-entropy with logits, one-hot labels
    ("softmax-ce", r"-\sum_j y_j \log \frac{e^{z_j}}{\sum_k e^{z_k}}", ["z"], {"z": (6,), "y": "onehot6"}),
    # a linear layer W x + b under squared error (Goodfellow 6.1), by W and b
    (
        "linear",
        r"\frac{1}{2}\|W\mathbf{x}+\mathbf{b}-\mathbf{y}\|^2",
        ["W", r"\mathbf{b}"],
        {"W": (3, 4), "x": (4,), "b": (3,), "y": (3,)},
    ),
    # σ(Wx + b) read out by v (Nielsen ch. 2's sigmoid layer)
    (
        "sigmoid-layer",
        r"\mathbf{v}^\top \sigma(W\mathbf{x}+\mathbf{b})",
        ["W", r"\mathbf{b}", r"\mathbf{x}"],
        {"W": (3, 4), "x": (4,), "b": (3,), "v": (3,)},
    ),
    # the tanh RNN step (Goodfellow 10.8): its Jacobian by the previous state
    (
        "rnn-step",
        r"\tanh(W_{hh}\mathbf{h} + W_{xh}\mathbf{x} + \mathbf{b})",
        [r"\mathbf{h}", r"\mathbf{b}"],
        {"W_hh": (3, 3), "W_xh": (3, 4), "h": (3,), "x": (4,), "b": (3,)},
    ),
    # log-sum-exp (Goodfellow 4.1; torch.logsumexp)
    ("logsumexp", r"\log\sum_j e^{z_j}", ["z"], {"z": (6,)}),
    # layer normalisation read out by g (Ba et al. 2016, eq. 3-4)
    (
        "layer-norm",
        r"\mu = \frac{1}{H}\sum_{i=1}^{H} a_i \\ \sigma = \sqrt{\frac{1}{H}\sum_{i=1}^{H}(a_i-\mu)^2"
        r" + \epsilon} \\ L = \sum_i g_i \frac{a_i - \mu}{\sigma}",
        ["a", "g"],
        {"a": (5,), "g": (5,), "epsilon": "pos"},
    ),
    # attention weights of one query (Vaswani et al. 2017), read out by v
    (
        "attention",
        r"\mathbf{v}^\top \operatorname{softmax}\left(\frac{K \mathbf{q}}{\sqrt{d}}\right)",
        [r"\mathbf{q}", "K"],
        {"K": (4, 3), "q": (3,), "v": (4,), "d": "pos"},
    ),
    # a scaled dot-product score (Vaswani et al. 2017)
    (
        "attention-score",
        r"\frac{\mathbf{q}^\top \mathbf{k}}{\sqrt{d_k}}",
        [r"\mathbf{q}", r"\mathbf{k}"],
        {"q": (4,), "k": (4,), "d_k": "pos"},
    ),
    # L2 penalty (d2l 3.7 weight decay)
    ("l2-penalty", r"\frac{\lambda}{2}\|\mathbf{w}\|_2^2", [r"\mathbf{w}", r"\lambda"], {"w": (5,), "lambda_": ()}),
    # BCE with logits (PyTorch BCEWithLogitsLoss)
    ("bce-logits", r"-\left[y \log \sigma(z) + (1-y)\log(1-\sigma(z))\right]", ["z"], {"z": (), "y": "unit"}),
    # Huber loss (PyTorch HuberLoss)
    (
        "huber",
        r"\begin{cases} \frac{1}{2}(y - \hat{y})^2 & |y-\hat{y}| \le \delta \\ \delta(|y - \hat{y}| - "
        r"\frac{1}{2}\delta) & \text{otherwise}\end{cases}",
        [r"\hat{y}"],
        {"y": (), "yhat": (), "delta": "pos"},
    ),
    # logistic regression's loss (Bishop 4.3.2, labels ±1)
    ("logistic", r"\log(1 + e^{-y \mathbf{w}^\top \mathbf{x}})", [r"\mathbf{w}"], {"w": (4,), "x": (4,), "y": ()}),
    # softplus (PyTorch Softplus)
    ("softplus", r"\log(1+e^x)", ["x"], {"x": ()}),
    # GELU, tanh approximation (Hendrycks & Gimpel 2016)
    ("gelu-tanh", r"0.5x\left(1+\tanh\left(\sqrt{2/\pi}(x+0.044715x^3)\right)\right)", ["x"], {"x": ()}),
    # Swish (Ramachandran et al. 2017), by x and β
    ("swish", r"x \sigma(\beta x)", ["x", r"\beta"], {"x": (), "beta": ()}),
    # KL divergence (Goodfellow 3.50), by q
    ("kl", r"\sum_i p_i \log\frac{p_i}{q_i}", ["q"], {"p": "simplex5", "q": "simplex5"}),
    # a quadratic objective (Goodfellow 4.5), by x and A
    (
        "quadratic",
        r"\frac{1}{2}\mathbf{x}^\top A \mathbf{x} - \mathbf{b}^\top \mathbf{x}",
        [r"\mathbf{x}", "A"],
        {"x": (4,), "A": (4, 4), "b": (4,)},
    ),
    # ridge regression (Bishop 3.27)
    (
        "ridge",
        r"\|X\mathbf{w} - \mathbf{y}\|^2 + \lambda\|\mathbf{w}\|^2",
        [r"\mathbf{w}"],
        {"X": (5, 3), "w": (3,), "y": (5,), "lambda_": "pos"},
    ),
    # cosine similarity (PyTorch CosineSimilarity)
    (
        "cosine",
        r"\frac{\mathbf{u}^\top\mathbf{v}}{\|\mathbf{u}\|\|\mathbf{v}\|}",
        [r"\mathbf{u}"],
        {"u": (4,), "v": (4,)},
    ),
    # a Gaussian's negative log-likelihood (Bishop 1.54), by μ and σ
    (
        "gaussian-nll",
        r"\frac{(x-\mu)^2}{2\sigma^2} + \log\sigma",
        [r"\mu", r"\sigma"],
        {"x": (), "mu": (), "sigma": "pos"},
    ),
    # focal loss (Lin et al. 2017)
    ("focal", r"-(1-p)^\gamma \log p", ["p"], {"p": "unit", "gamma": "pos"}),
    # a dense layer's summed outputs in index form (Nielsen ch. 2's w_{jk}): ∂/∂W_{kl} = x_l, the same for each k
    ("dense-sum", r"\sum_{i} \sum_{j} W_{ij} x_j", ["W", "x"], {"W": (3, 4), "x": (4,)}),
    # a ReLU layer read out by v (cs231n neural networks)
    (
        "relu-layer",
        r"\mathbf{v}^\top \mathrm{ReLU}(W\mathbf{x} + \mathbf{b})",
        ["W", r"\mathbf{b}"],
        {"W": (3, 4), "x": (4,), "b": (3,), "v": (3,)},
    ),
]

IDS = [r[0] for r in ROWS]


def _draw(rng: np.random.Generator, spec: Any, scale: float | None = None) -> Any:
    """A value of one kind: a shape draws normal entries (±scale each, when given); the named kinds keep their
    domain (a positive number, a probability, a one-hot vector, a distribution)."""
    if isinstance(spec, tuple):
        if scale is not None:
            return rng.choice([-scale, scale], size=spec) if spec else float(rng.choice([-scale, scale]))
        return rng.normal(size=spec) if spec else float(rng.normal())
    if spec == "pos":
        return float(rng.uniform(0.5, 2.0))
    if spec == "unit":
        return float(rng.uniform(0.1, 0.9))
    if spec == "onehot6":
        return np.eye(6)[rng.integers(6)]
    p = rng.uniform(0.1, 1.0, 5)
    return p / p.sum()


@cache
def emitted(row: str, backend: str) -> symdl.Gradient:
    """The row's gradients with ``backend``'s code (derived once: the other targets come from ``Gradient.to``)."""
    if backend != "numpy":
        return emitted(row, "numpy").to(backend)
    _, latex, wrt, _ = ROWS[IDS.index(row)]
    return symdl.grad(latex, wrt, emit=backend)


def function(row: str, backend: str = "numpy") -> Any:
    """The emitted function of ``row``: symdl's generated source, executed."""
    g = emitted(row, backend)
    namespace: dict[str, Any] = {}
    exec(compile(g.source, f"<symdl grad --emit {backend}>", "exec"), namespace)  # symdl's output, not user text
    return namespace[g.function]


def central(fn: Any, inputs: dict[str, Any], key: str) -> np.ndarray:
    """∂ value / ∂ inputs[key] by central differences (the value's axes first, then the input's)."""
    x = np.asarray(inputs[key], dtype=float)
    out = None
    for idx in np.ndindex(x.shape):
        h = 1e-5 * max(1.0, abs(float(x[idx])))
        up, down = x.copy(), x.copy()
        up[idx] += h
        down[idx] -= h
        d = (np.asarray(fn(**{**inputs, key: up})[0]) - np.asarray(fn(**{**inputs, key: down})[0])) / (2 * h)
        if out is None:
            out = np.zeros(d.shape + x.shape)
        out[(..., *idx)] = d
    assert out is not None
    return out


def check_against_differences(fn: Any, row: str, seed: int) -> None:
    spec = ROWS[IDS.index(row)][3]
    rng = np.random.default_rng(seed)
    inputs = {k: _draw(rng, v) for k, v in spec.items()}
    value, grads = fn(**inputs)
    assert grads and np.all(np.isfinite(value)), "no gradient returned, or no value"
    for key, grad in grads.items():
        ref = central(fn, inputs, key)
        assert np.shape(grad) == ref.shape, (key, np.shape(grad), ref.shape)
        np.testing.assert_allclose(
            np.asarray(grad, dtype=float), ref, rtol=1e-6, atol=1e-7 * max(1.0, np.abs(ref).max())
        )


@pytest.mark.parametrize("row", IDS)
def test_numpy_code_matches_central_differences(row: str) -> None:
    fn = function(row)
    for seed in (0, 1):
        check_against_differences(fn, row, seed)


@pytest.mark.parametrize("row", IDS)
def test_numpy_code_is_finite_at_extreme_inputs(row: str) -> None:
    fn = function(row)
    spec = ROWS[IDS.index(row)][3]
    rng = np.random.default_rng(7)
    for _ in range(4):
        inputs = {k: _draw(rng, v, scale=1e3) for k, v in spec.items()}
        with np.errstate(all="ignore"):
            value, grads = fn(**inputs)
        assert np.all(np.isfinite(value)), (inputs, value)
        for key, grad in grads.items():
            assert np.all(np.isfinite(grad)), (key, inputs, grad)


def test_gradient_has_the_input_shape_ml_layout() -> None:
    fn = function("linear")
    rng = np.random.default_rng(3)
    value, grads = fn(W=rng.normal(size=(3, 4)), x=rng.normal(size=4), b=rng.normal(size=3), y=rng.normal(size=3))
    assert np.ndim(value) == 0 and grads["W"].shape == (3, 4) and grads["b"].shape == (3,)


@pytest.mark.parametrize("backend", ["jax", "torch"])
@pytest.mark.parametrize("row", IDS)
def test_jax_and_torch_code_compiles(row: str, backend: str) -> None:
    g = emitted(row, backend)
    compile(g.source, f"<{backend}>", "exec")
    assert f"import {backend}" in g.source and "from symdl" not in g.source  # no symdl needed


@pytest.mark.parametrize("row", IDS)
def test_jax_code_runs_with_numpy_as_jax_numpy(row: str, monkeypatch: pytest.MonkeyPatch) -> None:
    fake = types.ModuleType("jax")
    fake.numpy = np  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "jax", fake)
    monkeypatch.setitem(sys.modules, "jax.numpy", np)
    check_against_differences(function(row, "jax"), row, 0)


@pytest.mark.parametrize("backend", ["jax", "torch"])
@pytest.mark.parametrize("row", ["softmax-ce", "linear", "sigmoid-layer", "layer-norm", "huber"])
def test_jax_and_torch_code_runs_when_installed(row: str, backend: str) -> None:
    pytest.importorskip(backend, reason=f"{backend} is not installed (not a dependency of symdl)")
    if backend == "jax":
        import jax

        jax.config.update("jax_enable_x64", True)
    fn = function(row, backend)
    spec = ROWS[IDS.index(row)][3]
    rng = np.random.default_rng(0)
    inputs = {k: _draw(rng, v) for k, v in spec.items()}
    value, grads = fn(**inputs)
    want_value, want = function(row)(**inputs)
    np.testing.assert_allclose(np.asarray(value), want_value, rtol=1e-9)
    for key, grad in grads.items():
        np.testing.assert_allclose(np.asarray(grad), want[key], rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("backend", ["jax", "torch"])
def test_a_kernel_with_no_spelling_is_refused_by_name(backend: str) -> None:
    with pytest.raises(symdl.NotSupported, match=rf"symdl_det has no {backend} spelling"):
        symdl.grad(r"\log\det(A)", "A", emit=backend)
    assert "symdl_det" in symdl.grad(r"\log\det(A)", "A", emit="numpy").source


def test_numpy_code_uses_the_stable_forms() -> None:
    source = emitted("logsumexp", "numpy").source
    assert "symdl_imax" in source  # the log-sum-exp shift of symdl.numeric.stable
    assert "symdl_sigmoid" in emitted("sigmoid-layer", "numpy").source


def test_docstring_names_inputs_with_their_spellings_and_shapes() -> None:
    source = emitted("rnn-step", "numpy").source
    assert "def grad_h_b(*, W_hh, h, W_xh, x, b):" in source
    assert "W_hh: `W_{hh}` in the formula, a matrix of shape (n_1, n_2)." in source.replace("\\\\", "\\")
    assert "x: `\\mathbf{x}` in the formula, a vector of length n_3" in source.replace("\\\\", "\\")


def test_user_text_cannot_end_the_docstring() -> None:
    hostile = 'x """ + __import__("os").system("echo no") # \\'
    doc = '"""' + quoted(hostile) + '"""'
    assert eval(compile(doc, "<doc>", "eval")) == " ".join(hostile.split())  # a string, and only that


def test_function_name_must_be_an_identifier() -> None:
    with pytest.raises(symdl.InvalidInput, match="not a Python identifier"):
        symdl.grad("x^2", "x", emit="numpy", name="f(): pass\nimport os")
    assert "def loss_grad(" in symdl.grad("x^2", "x", emit="numpy", name="loss_grad").source


def test_to_another_target_derives_nothing_again() -> None:
    g = emitted("linear", "numpy")
    torch = g.to("torch", name="linear_grad")
    assert torch.parts is g.parts and torch.emit == "torch" and "def linear_grad(*, y, W, x, b):" in torch.source


def test_unknown_target_and_repeated_input_are_refused() -> None:
    with pytest.raises(symdl.InvalidInput, match="cannot emit 'tensorflow'"):
        symdl.grad("x^2", "x", emit="tensorflow")
    with pytest.raises(symdl.InvalidInput, match="named twice"):
        symdl.grad("x^2", ["x", "x"])


@pytest.mark.parametrize("backend", ["numpy", "jax"])
def test_a_label_picks_an_entry_and_a_bad_label_is_refused(backend: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # cs231n's softmax loss of one example: L_i = -f_{y_i} + log Σ_j e^{f_j} (labels count from 1 in the formula)
    fake = types.ModuleType("jax")
    fake.numpy = np  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "jax", fake)
    monkeypatch.setitem(sys.modules, "jax.numpy", np)
    g = symdl.grad(r"L_i = -f_{y_i} + \log\sum_j e^{f_j}", "f", emit=backend)
    namespace: dict[str, Any] = {}
    exec(compile(g.source, "<emitted>", "exec"), namespace)  # symdl's generated code, not user text
    fn = namespace[g.function]
    f = np.array([1.0, 2.0, 3.0])
    _, grads = fn(f=f, y_i=3)
    p = np.exp(f) / np.exp(f).sum()
    np.testing.assert_allclose(grads["f"], p - np.eye(3)[2], rtol=1e-12)
    for bad in (2.5, 7):  # never truncated or clamped (jax clamps an index out of range)
        with pytest.raises((symdl.InvalidInput, IndexError)):
            fn(f=f, y_i=bad)
