"""Code pasted into formulas, read right (session 25, issue 12).

- In a formula that Python's own marks say is code (``**``, ``==``, ``np.``/``self.``, ``;``-separated assignments),
  a run of lower-case letters is one identifier (``code-name``): numpy's Adam step ``mt = m / (1-beta1**t)`` set
  m·t; plain text and TeX without those marks keep the product (``y = mt``, Shazeer's ``xW``).
- Code's sizes ``x.size(0)``, ``x.size()``, ``x.nelement()``, ``x.numel()``, ``x.shape[0]``, ``len(x)`` are the
  length of x's family, N_x (``code-size``; they were refused, ``len(x)`` an unknown function).
- Plain text's ``sum_i(...)``, ``sum_ij(...)`` are ``\\sum_i``, ``\\sum_{i,j}`` (``code-sum``; ``sum_ij`` was a
  function ``sum_ij`` of its parenthesis, ``sum_i`` refused).
- ``x[y[j]]`` is x's entry at the label y_j, as ``x_{y_j}`` (``label-entry``; it was the product x·y_j).  As
  ``x_{y}`` is today, a label is an integer from 1 to the length of x (PyTorch's 0-based class c is label c + 1),
  and a label left free makes the value a vector over it (its entry c is the loss for class c).
- ``mean[x]`` is the mean of x's entries, as ``Var[x]`` and ``E[x]`` are (``expectation-mean``; it was entry
  mean_x of an array named mean).
- Attention code's ``q @ k.transpose(-2, -1)``, ``q @ k.T``: the names beside ``@`` are matrices, a row per token
  (``code-attention-operand``; q k^T was an outer product of columns).
- The PyTorch 0.x docs' RNN/LSTM/GRU ``w_{ih} * x_t``: a weight with a gate label times the input or state is the
  matrix-vector product (``star-gate-weight``; it was a product of numbers, with a capital a refused convolution).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import symdl

RNG = np.random.default_rng(25)
X = RNG.normal(size=5)
SIGNS = np.sign(RNG.normal(size=5))
W5 = RNG.uniform(0.5, 2.0, size=5)
LABELS = np.array([3, 0])  # MultiLabelMarginLoss's targets, 0-based as PyTorch writes them
Q, K, V = (RNG.normal(size=(4, 3)) for _ in range(3))
W_IH, W_HH = RNG.normal(size=(4, 3)), RNG.normal(size=(4, 4))
X3, H4, B_IH, B_HH = RNG.normal(size=3), RNG.normal(size=4), RNG.normal(size=4), RNG.normal(size=4)
GAMMA, BETA = RNG.normal(size=5), RNG.normal(size=5)


def _softmax_rows(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def _multi_margin(p: int, weighted: bool) -> np.ndarray:
    """torch.nn.MultiMarginLoss (margin 1) for each class c of x: sum_i max(0, w[c] (1 - x[c] + x[i]))^p / N
    (the docs' sum runs over i != c; at i = c the term is max(0, w[c])^p, so the docs' formula as written is kept)."""
    return np.array([((np.maximum(0, (W5[c] if weighted else 1) * (1 - X[c] + X))) ** p).sum() / 5 for c in range(5)])


def _multilabel() -> float:
    return sum(max(0.0, 1 - (X[LABELS[j]] - X[i])) for i in range(5) for j in range(2)) / 5


# (id, source, latex, arguments, the value plain numpy gives for the meaning the source has)
VALUES: list[tuple[str, str, str, dict[str, Any], Any]] = [
    ("soft-margin-nelement", "PyTorch docs, SoftMarginLoss (verbatim)",
     "loss(x, y) = sum_i (log(1 + exp(-y[i]*x[i]))) / x.nelement()", {"x": X, "y": SIGNS},
     np.log1p(np.exp(-SIGNS * X)).mean()),
    ("multilabel-margin-size", "PyTorch docs, MultiLabelMarginLoss (verbatim); labels 1-based",
     "loss(x, y) = sum_ij(max(0, 1 - (x[y[j]] - x[i]))) / x.size(0)", {"x": X, "y": LABELS + 1}, _multilabel()),
    ("multi-margin-size", "PyTorch docs, MultiMarginLoss (verbatim), margin 1, p = 2: a vector over the class y",
     "loss(x, y) = sum_i(max(0, (margin - x[y] + x[i]))^p) / x.size(0)", {"x": X, "margin": 1.0, "p": 2},
     _multi_margin(2, weighted=False)),
    ("multi-margin-weighted", "PyTorch docs, MultiMarginLoss with weight (verbatim), p = 1",
     "loss(x, y) = sum_i(max(0, w[y] * (margin - x[y] - x[i]))^p) / x.size(0)",
     {"x": X, "w": W5, "margin": 1.0, "p": 1},
     np.array([np.maximum(0, W5[c] * (1 - X[c] - X)).sum() / 5 for c in range(5)])),
    ("multilabel-tex-free-label", "PyTorch docs, MultiLabelMarginLoss in TeX: j left free, the label y_j given",
     r"\text{loss}(x, y) = \sum_i \frac{\max(0, 1 - (x[y[j]] - x[i]))}{\text{x.size}(0)}",
     {"x": X, "y_j": LABELS[0] + 1}, np.maximum(0, 1 - (X[LABELS[0]] - X)).sum() / 5),
    ("len", "Python's len(x) as a mean's count", r"y = \sum_i x[i] / len(x)", {"x": X}, X.mean()),
    ("shape-0", "numpy's x.shape[0]", r"y = \sum_i x[i] / x.shape[0]", {"x": X}, X.mean()),
    ("numel", "PyTorch's x.numel()", r"y = \sum_i x[i] / x.numel()", {"x": X}, X.mean()),
    ("size-no-axis", "PyTorch's x.size() of a vector", r"y = \sum_i x[i] / x.size()", {"x": X}, X.mean()),
    ("sum-i-code", "plain-text sum in code", "loss = sum_i(x[i]**2) / len(x)", {"x": X}, (X**2).mean()),
    ("layernorm-mean-brackets", "PyTorch docs, a norm layer pasted with mean[x] beside Var[x]",
     r"y = \frac{x - mean[x]}{\sqrt{Var[x]} + \epsilon} * gamma + beta",
     {"x": X, "gamma": GAMMA, "beta": BETA, r"\epsilon": 1e-5},
     (X - X.mean()) / (np.sqrt(X.var()) + 1e-5) * GAMMA + BETA),
    ("mean-brackets-alone", "code's mean[x]", r"m = mean[x]", {"x": X}, X.mean()),
    ("attention-transpose-axes", "timm's ViT Attention.forward: attn = (q @ k.transpose(-2, -1)) * self.scale",
     "attn = softmax(q @ k.transpose(-2, -1) * self.scale) @ v",
     {"q": Q, "k.transpose(-2,-1)": K, "v": V, "scale": 0.5}, _softmax_rows((Q @ K.T) * 0.5) @ V),
    ("attention-dot-T", "attention scores in numpy, q @ k.T", "s = q @ k.T", {"q": Q, "k": K}, Q @ K.T),
    ("rnn-cell-star", "PyTorch 0.x docs, nn.RNN (verbatim)",
     r"h_t = \tanh(w_{ih} * x_t + b_{ih}  +  w_{hh} * h_{(t-1)} + b_{hh})",
     {"w_{ih}": W_IH, "x_t": X3, "b_{ih}": B_IH, "w_{hh}": W_HH, "h_{(t-1)}": H4, "b_{hh}": B_HH},
     np.tanh(W_IH @ X3 + B_IH + W_HH @ H4 + B_HH)),
    ("gru-reset-star", "PyTorch 0.x docs, nn.GRU's reset gate",
     r"r_t = \sigma(W_{ir} * x_t + b_{ir} + W_{hr} * h_{(t-1)} + b_{hr})",
     {"W_{ir}": W_IH, "x_t": X3, "b_{ir}": B_IH, "W_{hr}": W_HH, "h_{(t-1)}": H4, "b_{hr}": B_HH},
     1 / (1 + np.exp(-(W_IH @ X3 + B_IH + W_HH @ H4 + B_HH)))),
    ("lstm-input-star", "PyTorch-style LSTM input gate (was refused as a convolution, session 13)",
     r"i_t = \sigma(W_{ii} * x_t + W_{hi} * h_{t-1} + b_i)",
     {"W_{ii}": W_IH, "x_t": X3, "W_{hi}": W_HH, "h_{t-1}": H4, "b_i": B_IH},
     1 / (1 + np.exp(-(W_IH @ X3 + W_HH @ H4 + B_IH)))),
]


@pytest.mark.parametrize(("latex", "args", "expected"), [c[2:] for c in VALUES], ids=[c[0] for c in VALUES])
def test_value(latex: str, args: dict[str, Any], expected: Any) -> None:
    got = symdl.lambdify(symdl.parse(latex))(**args)
    np.testing.assert_allclose(np.asarray(got, dtype=float).reshape(np.shape(expected)), expected, rtol=1e-10)


def test_adam_step_names() -> None:
    """numpy's Adam step (cs231n's notes, ** and ;): mt and vt are names, not m·t and t·v."""
    formula = symdl.parse("mt = m / (1-beta1**t); vt = v / (1-beta2**t)")
    got = symdl.lambdify(formula)(m=0.3, v=0.2, beta1=0.9, beta2=0.999, t=3)
    np.testing.assert_allclose(got["mt"], 0.3 / (1 - 0.9**3), rtol=1e-12)
    np.testing.assert_allclose(got["vt"], 0.2 / (1 - 0.999**3), rtol=1e-12)
    named = [formula.source[n.span.start : n.span.end] for n in formula.notes if n.rule == "code-name"]
    assert named == ["mt", "vt"]


# (id, latex, the rules the notes name, at least)
NOTES = [
    ("adam-step", "mt = m / (1-beta1**t); vt = v / (1-beta2**t)", {"code-name", "python-power"}),
    ("sgd-step-semicolon", "W = W - lr * dW; b1 = b1 - lr * db1", {"code-name"}),
    ("size", "loss(x, y) = sum_ij(max(0, 1 - (x[y[j]] - x[i]))) / x.size(0)", {"code-sum", "label-entry", "code-size"}),
    ("size-tex", r"\text{loss}(x, y) = \sum_i \frac{\max(0, 1 - y[i] * x[i])}{\text{x.size}(0)}", {"code-size"}),
    ("len", r"y = \sum_i x[i] / len(x)", {"code-size"}),
    ("mean-brackets", r"m = mean[x]", {"expectation-mean"}),
    ("attention", "attn = softmax(q @ k.transpose(-2, -1) * self.scale) @ v", {"code-attention-operand"}),
    ("rnn", r"h_t = \tanh(w_{ih} * x_t + b_{ih}  +  w_{hh} * h_{(t-1)} + b_{hh})", {"star-gate-weight"}),
]


@pytest.mark.parametrize(("latex", "rules"), [c[1:] for c in NOTES], ids=[c[0] for c in NOTES])
def test_notes(latex: str, rules: set[str]) -> None:
    assert rules <= {n.rule for n in symdl.parse(latex).notes}


def test_every_star_note_names_the_matrix_product() -> None:
    """A note on * says how to write the matrix product too (the PyTorch 0.x docs' w_{ih} * x_t)."""
    for latex in (r"c_t = f_t * c_{t-1} + i_t * g_t", r"y = \mathbf{r} * \mathbf{y}"):
        stars = [n for n in symdl.parse(latex).notes if n.rule.startswith("star-")]
        assert stars and all("matrix product" in (n.alternative or "") for n in stars)
    gate = next(n for n in symdl.parse(r"h = \tanh(w_{ih} * x_t)").notes if n.rule == "star-gate-weight")
    assert "matrix" in gate.message and "\\odot" in (gate.alternative or "")


REFUSED = [
    ("size-axis-2", "the size along axis 2 of a batch (the last, -1, is code-size-last since session 32)",
     r"y = k.size(2)", ".size(2)"),
    ("size-axis-1", "the size along axis 1", r"y = x.size(1)", ".size(1)"),
    ("size-of-a-sum", "the size of a value that is no one letter", r"y = (a + b).size(0)", ".size(0)"),
    ("convlstm-still", "ConvLSTM (Shi et al. 2015): a convolution, no gate label",
     r"i_t = \sigma(W_{xi} * \mathcal{X}_t + b_i)", r"W_{xi} * \mathcal{X}_t"),
]


@pytest.mark.parametrize(("latex", "text"), [c[2:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_refused(latex: str, text: str) -> None:
    with pytest.raises(symdl.NotSupported) as err:
        symdl.parse(latex)
    span = err.value.span
    assert span is not None and latex[span.start : span.end] == text


# must not change: near misses keep their reading (id, latex, the right side as SymPy prints it, rules absent)
KEPT = [
    ("plain-mt", "plain text without code's marks: m·t", r"y = mt", "m*t", {"code-name"}),
    ("shazeer-xW", "Shazeer (2020): xW in plain text is x·W", r"y = xW", "x*W", {"code-name"}),
    ("lstm-state-star", "the PyTorch docs' LSTM: states, no weight", r"c_t = f_t * c_{t-1} + i_t * g_t",
     "c_{t-1}*f_t + g_t*i_t", {"star-gate-weight"}),
    ("linear-row", "PyTorch's Linear in code: x stays a row", r"y = x @ W.T + b", "b + x*W.T",
     {"code-attention-operand"}),
    ("label-subscript", "cs231n's s_{y_j} in TeX", r"L = \sum_j \max(0, 1 - x_{y_j} + x_j)",
     "Sum(Max(0, x[j] - x[y[j]] + 1), (j, 1, N_x))", set()),
    ("cumsum-word", "a word ending in sum is no sum", r"y = cumsum_i(x)", None, {"code-sum"}),
]


@pytest.mark.parametrize(("latex", "rhs", "absent"), [c[2:] for c in KEPT], ids=[c[0] for c in KEPT])
def test_kept(latex: str, rhs: str | None, absent: set[str]) -> None:
    formula = symdl.parse(latex)
    if rhs is not None:
        assert str(formula.statements[0].rhs) == rhs
    assert not absent & {n.rule for n in formula.notes}
