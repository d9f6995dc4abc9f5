"""Plain letters that the source means as vectors or matrices, read as numbers silently (issue 12, session 23).

- a bare lower-case name beside its own entries that a sum runs over is that vector, entry by entry
  (``bare-summed-vector``: RMSNorm's ``x / \\sqrt{\\frac1n\\sum_i x_i^2}``, the softmax's ``e^{z} / \\sum_j e^{z_j}``);
- code's ``W @ x`` and ``np.dot(W, x)`` are the matrix W times the vector x (``capital-matrix``), as ``W x`` is: they
  were a product of two numbers (under a note that said matrix product).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import symdl

RNG = np.random.default_rng(23)
X = RNG.normal(size=5)
POS = np.abs(X) + 0.5
W = RNG.normal(size=(3, 5))
B = RNG.normal(size=3)

# (id, source, latex, arguments, the output's name or None for the only value, the value plain numpy gives)
VALUES: list[tuple[str, str, str, dict[str, Any], str | None, Any]] = [
    ("rmsnorm", "RMSNorm (Zhang & Sennrich 2019), eq. 4", r"\bar{x} = \frac{x}{\sqrt{\frac{1}{n}\sum_{i=1}^n x_i^2}} \gamma",
     {"x": X, "n": 5, "\\gamma": 1.5}, None, X / np.sqrt(np.mean(X**2)) * 1.5),
    ("softmax-e-power", "the softmax as lecture notes write it", r"p = e^{z} / \sum_j e^{z_j}", {"z": X}, None,
     np.exp(X) / np.exp(X).sum()),
    ("softmax-exp-call", "the softmax with \\exp written", r"y = \frac{\exp(x)}{\sum_i \exp(x_i)}", {"x": X}, None,
     np.exp(X) / np.exp(X).sum()),
    ("layernorm-system", "layer norm (Ba et al. 2016) with the mean defined beside it",
     r"\hat x = (x - \mu)/\sigma, \mu = \frac1n\sum_i x_i", {"x": X, "n": 5, "\\sigma": 0.5}, "\\hat x",
     (X - X.mean()) / 0.5),
    ("centering", "batch norm's centering x - \\mu_B (Ioffe & Szegedy 2015), the mean written out",
     r"y = x - \frac{1}{m}\sum_{i=1}^m x_i", {"x": X, "m": 5}, None, X - X.mean()),
    ("l1-normalise", "normalising positive weights to sum to one", r"p = \frac{w}{\sum_k w_k}", {"w": POS}, None,
     POS / POS.sum()),
    ("matmul-at", "PyTorch/numpy code: y = W @ x + b (PEP 465)", r"y = W @ x + b", {"W": W, "x": X, "b": B}, None,
     W @ X + B),
    ("matmul-at-tanh", "an RNN cell in code: tanh(W @ x + b)", r"h = \tanh(W @ x + b)", {"W": W, "x": X, "b": B}, None,
     np.tanh(W @ X + B)),
    ("np-dot-matrix", "cs231n's numpy: y = np.dot(W, x) + b", r"y = np.dot(W, x) + b", {"W": W, "x": X, "b": B}, None,
     W @ X + B),
]


@pytest.mark.parametrize(("latex", "args", "out", "expected"), [c[2:] for c in VALUES], ids=[c[0] for c in VALUES])
def test_value(latex: str, args: dict[str, Any], out: str | None, expected: Any) -> None:
    got = symdl.lambdify(symdl.parse(latex))(**args)
    if out is not None:
        got = got[out]
    np.testing.assert_allclose(np.asarray(got, dtype=float).reshape(np.shape(expected)), expected, rtol=1e-10)


NOTED = [
    ("rmsnorm", r"\bar{x} = \frac{x}{\sqrt{\frac{1}{n}\sum_{i=1}^n x_i^2}} \gamma", "bare-summed-vector", "x"),
    ("softmax", r"p = e^{z} / \sum_j e^{z_j}", "bare-summed-vector", "z"),
    ("layernorm", r"\hat x = (x - \mu)/\sigma, \mu = \frac1n\sum_i x_i", "bare-summed-vector", "x"),
    ("matmul-at", r"y = W @ x + b", "capital-matrix", "W @ x"),
    ("np-dot", r"y = np.dot(W, x) + b", "capital-matrix", "W, x"),
]


@pytest.mark.parametrize(("latex", "rule", "text"), [c[1:] for c in NOTED], ids=[c[0] for c in NOTED])
def test_noted(latex: str, rule: str, text: str) -> None:
    notes = [n for n in symdl.parse(latex).notes if n.rule == rule]
    assert len(notes) == 1
    assert text in latex[notes[0].span.start : notes[0].span.end]


def test_bare_name_is_the_entries_family() -> None:
    """The bare x and the summed x_i are one family (one IndexedBase), x at a free index."""
    import sympy

    f = symdl.parse(r"\bar{x} = \frac{x}{\sqrt{\frac{1}{n}\sum_{i=1}^n x_i^2}}")
    bases = {e.base for e in f.expr.atoms(sympy.Indexed)}
    assert len(bases) == 1 and str(bases.pop()) == "x"


# near misses that keep their old reading: no bare-summed-vector note
KEPT = [
    ("no-sum", "x and x_i with no sum over i", r"y = x_i + x"),
    ("scalar-weight", "a scalar weight of a 1-d regression: w has no entries written", r"L = \sum_i (y_i - w x_i)^2 + \lambda w^2"),
    ("nielsen-layer", "Nielsen's a^l_j (chapter 2): a layer's entries", r"a^l_j = \sigma(\sum_k w^l_{jk} a^{l-1}_k + b^l_j)"),
    ("declared", "a declared vector keeps its own rule", r"y = \frac{x}{\sum_i x_i}, x \in \mathbb{R}^n"),
    ("norm", "a bare name under a norm is the whole vector's norm, not an entry", r"y = \|x\|^2 + \sum_i x_i"),
    ("total-of-parts", "a total defined as the mean of its parts (a loss over examples)", r"c = \frac{1}{n}\sum_i c_i"),
    ("scalar-recurrence", "RMSprop-like scalar recurrence: v has no entries", r"v = \beta v + (1-\beta) \sum_i g_i^2"),
    ("bold", "a bold vector beside its entries: its own reading", r"\mathbf{y} = \frac{\mathbf{x}}{\sum_i x_i}"),
]


@pytest.mark.parametrize("latex", [c[2] for c in KEPT], ids=[c[0] for c in KEPT])
def test_kept(latex: str) -> None:
    f = symdl.parse(latex)
    assert not [n for n in f.notes if n.rule == "bare-summed-vector"]


def test_declared_keeps_its_note() -> None:
    f = symdl.parse(r"y = \frac{x}{\sum_i x_i}, x \in \mathbb{R}^n")
    assert any(n.rule == "declared-vector-entry" for n in f.notes)


def test_inner_product_dot_stays() -> None:
    """np.dot(w, x) of two lower-case names stays their inner product (a number)."""
    w, x = RNG.normal(size=4), RNG.normal(size=4)
    got = symdl.lambdify(symdl.parse(r"y = np.dot(w, x) + b"))(w=w, x=x, b=0.25)
    np.testing.assert_allclose(float(np.asarray(got)), w @ x + 0.25, rtol=1e-10)
