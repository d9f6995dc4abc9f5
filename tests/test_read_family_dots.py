"""Dot products with a vector of a family of vectors: d2l's ``\\mathbf{w}^\\top \\mathbf{x}^{(i)}``, attention's
``\\mathbf{q}^\\top \\mathbf{k}_i``, softmax regression's ``\\mathbf{w}_k^T \\mathbf{x}``.  Each reads as the sum over
entries ``\\sum_j w_j x_{i,j}`` (a family of vectors is an array with a row per index), is checked against plain
numpy, and differentiates entry by entry; products that are not dot products are refused, and arrays whose rows
do not match the vector are an error, never a silent partial sum."""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from symdl.errors import InvalidInput, NotSupported

RNG = np.random.default_rng(31)
X, W, Y = RNG.normal(size=(6, 3)), RNG.normal(size=(4, 3)), RNG.normal(size=6)
w, q, x = RNG.normal(size=3), RNG.normal(size=3), RNG.normal(size=3)
b, d = 0.4, 3.0


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max())
    return e / e.sum()


D2L_LOSS = (r"L(\mathbf{w}, b) = \frac{1}{n}\sum_{i=1}^n \frac{1}{2}\left(\mathbf{w}^\top \mathbf{x}^{(i)} + b - "
            r"y^{(i)}\right)^2")

# (id, formula, inputs, numpy value)
CASES = [
    ("d2l-linear-regression-loss", D2L_LOSS, {r"\mathbf{w}": w, r"\mathbf{x}": X, "y": Y, "b": b, "n": 6},
     np.mean(0.5 * (X @ w + b - Y) ** 2)),
    ("d2l-attention-weights", r"\alpha(\mathbf{q}, \mathbf{k}_i) = \frac{\exp(\mathbf{q}^\top \mathbf{k}_i / \sqrt{d})}"
     r"{\sum_j \exp(\mathbf{q}^\top \mathbf{k}_j / \sqrt{d})}", {r"\mathbf{q}": q, r"\mathbf{k}": W, "d": d},
     _softmax(W @ q / np.sqrt(d))),
    ("softmax-regression", r"p_k = \frac{\exp(\mathbf{w}_k^T\mathbf{x})}{\sum_j \exp(\mathbf{w}_j^T \mathbf{x})}",
     {r"\mathbf{w}": W, r"\mathbf{x}": x}, _softmax(W @ x)),
    ("transposed-sample-first", r"\mathbf{x}^{(i)\top}\mathbf{w}", {r"\mathbf{x}": X, r"\mathbf{w}": w}, X @ w),
    ("two-families", r"\mathbf{w}_j^\top \mathbf{x}_i", {r"\mathbf{w}": W, r"\mathbf{x}": X}, X @ W.T),  # axes i, j
    ("cs231n-svm-bold", r"L_i = \sum_{j\neq y_i} \max(0, \mathbf{w}_j^T \mathbf{x}_i - \mathbf{w}_{y_i}^T \mathbf{x}_i"
     r" + \Delta)", {r"\mathbf{w}": W, r"\mathbf{x}_i": x, "y_i": 2, r"\Delta": 1.0},
     sum(max(0.0, W[j] @ x - W[1] @ x + 1.0) for j in range(4) if j != 1)),
]


@pytest.mark.parametrize(("latex", "inputs", "want"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_dot_with_a_vector_of_a_family(latex: str, inputs: dict, want: object) -> None:
    got = symdl.lambdify(symdl.parse(latex))(**inputs)
    np.testing.assert_allclose(np.asarray(got, dtype=float), np.asarray(want, dtype=float), rtol=1e-12)


# (id, formula, error, words of the message)
REFUSALS = [
    ("outer-product-of-a-sample", r"\mathbf{x}^{(i)} \mathbf{x}^{(i)\top}", NotSupported,
     "read only as a matrix named on the left"),
    # the quadratic form of a sample reads since session 22 (family-row-number, tests/test_read_s22_rfam.py)
]


@pytest.mark.parametrize(("latex", "cls", "message"), [c[1:] for c in REFUSALS], ids=[c[0] for c in REFUSALS])
def test_products_that_are_not_dots_are_refused(latex: str, cls: type, message: str) -> None:
    with pytest.raises(cls) as err:
        symdl.parse(latex)
    assert message in str(err.value)
    assert latex[err.value.span.start : err.value.span.end].startswith(r"\mathbf{x}^{(i)")


@pytest.mark.parametrize(("latex", "inputs"), [
    pytest.param(D2L_LOSS, {r"\mathbf{w}": w, r"\mathbf{x}": RNG.normal(size=(6, 4)), "y": Y, "b": b, "n": 6},
                 id="rows-longer-than-the-vector"),
    pytest.param(D2L_LOSS, {r"\mathbf{w}": np.ones(4), r"\mathbf{x}": X, "y": Y, "b": b, "n": 6},
                 id="rows-shorter-than-the-vector"),
    pytest.param(r"\sum_{k} w_k x_{i,k}", {"w": w, "x": RNG.normal(size=(6, 4))}, id="explicit-entries"),
])
def test_rows_and_vector_of_different_lengths_are_an_error(latex: str, inputs: dict) -> None:
    with pytest.raises(InvalidInput, match="entries along the axis a sum runs over"):
        symdl.lambdify(symdl.parse(latex))(**inputs)


def test_gradient_by_the_vector_is_taken_entry_by_entry() -> None:
    """∂L/∂w_k = (1/n) Σ_i (wᵀx⁽ⁱ⁾ + b − y⁽ⁱ⁾) x_{i,k}: d2l's minibatch gradient, against numpy."""
    grad = symdl.diff(D2L_LOSS, r"\mathbf{w}")
    assert grad.index is not None
    got = symdl.lambdify(grad.expr)(w=w, x=X, y=Y, b=b, n=6)  # over every k
    np.testing.assert_allclose(np.asarray(got, dtype=float).ravel(), X.T @ (X @ w + b - Y) / 6, rtol=1e-12)


@pytest.mark.parametrize(("claim", "verdict"), [
    (r"\frac{1}{n}\sum_{i=1}^n \left(\mathbf{w}^\top \mathbf{x}^{(i)} + b - y^{(i)}\right)", "verified"),
    (r"\sum_{i=1}^n \left(\mathbf{w}^\top \mathbf{x}^{(i)} + b - y^{(i)}\right)", "refuted"),
], ids=["mean-residual", "missing-the-mean"])
def test_gradient_by_the_bias_checks(claim: str, verdict: str) -> None:
    assert symdl.check_gradient(D2L_LOSS, "b", claim).verdict == verdict


def test_gradient_by_a_vector_written_both_ways_is_refused() -> None:
    with pytest.raises(NotSupported, match="both as a vector and through its entries"):
        symdl.diff(r"\mathbf{w}^\top \mathbf{x}^{(i)} + \mathbf{w}^\top\mathbf{w}", r"\mathbf{w}")
