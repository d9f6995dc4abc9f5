"""A dot product is a number: the names beside ``\\mathbf{w}^T\\mathbf{x}`` stay scalars (symdl.bind.valuekind).

Logistic regression (Ng, cs229), a linear unit (Nielsen ch. 1, d2l 3.1) and squared errors are the rows: before
this rule, ``z = \\mathbf{w}^T\\mathbf{x} + b`` made z and b vectors and ``L = (y - w^T x)^2`` made L a matrix.
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl

W = np.array([0.5, -1.0, 2.0])
X = np.array([1.0, 2.0, -0.5])


def sig(z: float) -> float:
    return float(1 / (1 + np.exp(-z)))


# (id, formula, names that must be scalars, names that must be vectors or matrices, inputs, output, expected)
CASES = [
    ("ng-linear-unit", r"z = \mathbf{w}^T\mathbf{x} + b", {"z", "b"}, {"w", "x"},
     {r"\mathbf{w}": W, r"\mathbf{x}": X, "b": 0.5}, None, W @ X + 0.5),
    ("ng-logistic", r"\hat y = \sigma(\mathbf{w}^T\mathbf{x} + b)", {"yhat", "b"}, {"w", "x"},
     {r"\mathbf{w}": W, r"\mathbf{x}": X, "b": 0.5}, None, sig(W @ X + 0.5)),
    ("d2l-two-statements", r"z = \mathbf{w}^\top \mathbf{x} + b \\ a = \sigma(z)", {"z", "a", "b"}, {"w", "x"},
     {r"\mathbf{w}": W, r"\mathbf{x}": X, "b": -1.0}, "a", sig(W @ X - 1.0)),
    ("notes-squared-error", r"L = (y - w^T x)^2", {"L", "y"}, {"w", "x"},
     {"w": W, "x": X, "y": 1.0}, None, (1.0 - W @ X) ** 2),
    ("nielsen-dot-with-cdot", r"z = w \cdot x + b", {"z", "b"}, set(), {"w": 2.0, "x": 3.0, "b": 1.0}, None, 7.0),
    ("notes-vector-layer-still-a-vector", r"\mathbf{h} = \sigma(W\mathbf{x} + \mathbf{b})", set(), {"h", "b", "W", "x"},
     None, None, None),
    ("notes-residual-then-norm", r"\mathbf{r} = W\mathbf{x} - \mathbf{t} \\ L = \mathbf{r}^T\mathbf{r}", {"L"},
     {"r", "t", "W", "x"}, None, None, None),
]


@pytest.mark.parametrize(("latex", "scalars", "arrays", "inputs", "out", "expected"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_value_kinds(latex: str, scalars: set[str], arrays: set[str], inputs: dict | None, out: str | None,
                     expected: float | None) -> None:
    f = symdl.parse(latex)
    assert not scalars & set(f.shapes), f.shapes
    assert arrays <= set(f.shapes), f.shapes
    if inputs is not None:
        got = symdl.lambdify(f)(**inputs)
        got = got[out] if out else got
        np.testing.assert_allclose(float(np.squeeze(got)), expected, rtol=1e-12)


A2 = np.array([[1.0, 2.0], [0.0, 1.0]])
V2, C2 = np.array([1.0, 2.0]), np.array([3.0, -1.0])
# (id, formula, inputs, expected): a 1x1 product used as a number (Petersen & Pedersen's matrix cookbook, Parr &
# Howard), and a bold Greek vector's transpose (a bold β is a vector, not a decay raised to T steps)
NUMBERS = [
    ("cookbook-scaled-vector", r"(\mathbf{a}^T\mathbf{c})\mathbf{a}", {r"\mathbf{a}": V2, r"\mathbf{c}": C2},
     (V2 @ C2) * V2),
    ("cookbook-quadratic-form-gradient", r"2(\mathbf{x}^T A \mathbf{x})\mathbf{x}", {r"\mathbf{x}": V2, "A": A2},
     2 * (V2 @ A2 @ V2) * V2),
    ("notes-dot-then-vector", r"\mathbf{x}^T\mathbf{y}\mathbf{z}", {r"\mathbf{x}": V2, r"\mathbf{y}": C2,
     r"\mathbf{z}": V2}, (V2 @ C2) * V2),
    ("islr-bold-beta-transpose", r"\boldsymbol{\beta}^T\mathbf{x}", {r"\boldsymbol{\beta}": C2, r"\mathbf{x}": V2},
     C2 @ V2),
]


@pytest.mark.parametrize(("latex", "inputs", "expected"), [c[1:] for c in NUMBERS], ids=[c[0] for c in NUMBERS])
def test_one_by_one_products_are_numbers(latex: str, inputs: dict, expected: np.ndarray) -> None:
    np.testing.assert_allclose(np.squeeze(symdl.lambdify(symdl.parse(latex))(**inputs)), expected, rtol=1e-12)
