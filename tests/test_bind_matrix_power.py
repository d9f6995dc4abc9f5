"""Written powers of matrices: ``^{-1}`` of a square matrix is its inverse, a product raised to a power
stays a product (SymPy would distribute the power over commuting symbols), a square matrix's positive power
is its matrix power (noted), other powers of vectors and matrices are element-wise, as in optimizer updates,
and so is a fraction of vectors (Adam's step).  Values against plain numpy."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import symdl

RNG = np.random.default_rng(12)
X, Y = RNG.normal(size=(6, 3)), RNG.normal(size=(6, 1))
_S = RNG.normal(size=(3, 3))
SPD = _S @ _S.T + 3 * np.eye(3)
A, B = RNG.normal(size=(3, 3)) + 2 * np.eye(3), RNG.normal(size=(3, 3)) + 2 * np.eye(3)
V, MU = RNG.normal(size=(3, 1)), RNG.normal(size=(3, 1))
W = RNG.normal(size=(2, 3))

CASES: list[tuple[str, str, dict[str, Any], Callable[[], Any]]] = [
    ("normal-equations-goodfellow-5.12", r"(X^TX)^{-1}X^Ty", {"X": X, "y": Y}, lambda: np.linalg.solve(X.T @ X, X.T @ Y)),
    ("gaussian-quadratic-form", r"(\mathbf{x}-\boldsymbol\mu)^T\boldsymbol\Sigma^{-1}(\mathbf{x}-\boldsymbol\mu)",
     {"\\mathbf{x}": V, "\\boldsymbol\\mu": MU, "\\boldsymbol\\Sigma": SPD},
     lambda: (V - MU).T @ np.linalg.solve(SPD, V - MU)),
    ("newton-step", r"\boldsymbol\theta - \mathbf{H}^{-1}\mathbf{g}",
     {"\\boldsymbol\\theta": MU, "\\mathbf{H}": SPD, "\\mathbf{g}": V}, lambda: MU - np.linalg.solve(SPD, V)),
    ("inverse-of-product", r"(\mathbf{A}\mathbf{B})^{-1}", {"\\mathbf{A}": A, "\\mathbf{B}": B},
     lambda: np.linalg.inv(A @ B)),
    ("inverse-squared", r"\mathbf{A}^{-2}\mathbf{b}", {"\\mathbf{A}": A, "\\mathbf{b}": V},
     lambda: np.linalg.solve(A @ A, V)),
    ("inverse-transpose", r"\mathbf{X}^{-T}\mathbf{y}", {"\\mathbf{X}": A, "\\mathbf{y}": V},
     lambda: np.linalg.solve(A.T, V)),
    ("inverse-transpose-top", r"\mathbf{W}^{-\top}\mathbf{y}", {"\\mathbf{W}": A, "\\mathbf{y}": V},
     lambda: np.linalg.solve(A.T, V)),
    ("inverse-transpose-plain-letter", r"X^{-T} y", {"X": A, "y": V}, lambda: np.linalg.solve(A.T, V)),
    ("inverse-transpose-of-product", r"(\mathbf{A}\mathbf{B})^{-T}", {"\\mathbf{A}": A, "\\mathbf{B}": B},
     lambda: np.linalg.inv((A @ B).T)),
    ("square-of-product-elementwise", r"(\mathbf{W}\mathbf{x})^2", {"\\mathbf{W}": W, "\\mathbf{x}": V},
     lambda: (W @ V) ** 2),
    ("adam-step-elementwise-division", r"\boldsymbol\theta - \eta \frac{\hat{\mathbf{m}}}{\sqrt{\hat{\mathbf{v}}}+\epsilon}",
     {"\\boldsymbol\\theta": MU, "\\eta": 0.1, "\\hat{\\mathbf{m}}": V, "\\hat{\\mathbf{v}}": np.abs(MU), "\\epsilon": 1e-8},
     lambda: MU - 0.1 * V / (np.sqrt(np.abs(MU)) + 1e-8)),
    ("layer-output-over-vector", r"\frac{\mathbf{W}\mathbf{x}}{\mathbf{v}}", {"\\mathbf{W}": W, "\\mathbf{x}": V, "\\mathbf{v}": MU[:2]},
     lambda: (W @ V) / MU[:2]),
    ("reciprocal-of-vector", r"\frac{1}{\mathbf{v}}", {"\\mathbf{v}": MU}, lambda: 1 / MU),
    ("scalar-reciprocals", r"w^{-1} + (a b)^{-1} + (a b)^2", {"w": 2.0, "a": 4.0, "b": 0.5}, lambda: 0.5 + 0.5 + 4.0),
    ("square-matrix-power", r"A \in \mathbb{R}^{n \times n} \\ B = A^2", {"A": A}, lambda: A @ A),
    ("gram-matrix-cubed", r"(X^T X)^3", {"X": X}, lambda: np.linalg.matrix_power(X.T @ X, 3)),
    ("non-square-power-elementwise", r"W \in \mathbb{R}^{m \times n} \\ V = W^2", {"W": W}, lambda: W**2),
]

# (id, formula, the reading notes' rules): a matrix's positive power is a guess either way, so it is noted
POWER_NOTES = [
    ("square-is-matrix-power", r"A \in \mathbb{R}^{n \times n} \\ B = A^2", ["matrix-power"]),
    ("non-square-is-elementwise", r"W \in \mathbb{R}^{m \times n} \\ V = W^2", ["elementwise-power"]),
    ("vector-square-not-noted", r"v = \beta v + (1-\beta) \mathbf{g}^2", []),
    ("inverse-not-noted", r"(X^TX)^{-1}X^Ty", []),
    ("function-power-elementwise-not-noted", r"A \in \mathbb{R}^{n \times n} \\ B = 1 - \tanh^2(A)", []),
]


@pytest.mark.parametrize(("formula", "rules"), [c[1:] for c in POWER_NOTES], ids=[c[0] for c in POWER_NOTES])
def test_matrix_power_notes(formula: str, rules: list[str]) -> None:
    assert [n.rule for n in symdl.parse(formula).notes] == rules


@pytest.mark.parametrize(("formula", "args", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_written_power_value(formula: str, args: dict[str, Any], expected: Callable[[], Any]) -> None:
    got = symdl.lambdify(symdl.parse(formula))(**args)
    want = np.asarray(expected(), dtype=float)
    got = np.asarray(got, dtype=float)
    assert got.size == want.size
    np.testing.assert_allclose(got.reshape(want.shape), want, rtol=1e-9)  # a column vector comes back 1-D


@pytest.mark.parametrize("formula", [r"\mathbf{x}^{-1}", r"(\mathbf{W}\mathbf{x})^{-1}", r"\mathbf{x}^{-T}"],
                         ids=["vector", "product-vector", "vector-inverse-transpose"])
def test_inverse_of_a_vector_is_refused(formula: str) -> None:
    with pytest.raises(symdl.InvalidInput, match="only a square matrix has an inverse"):
        symdl.parse(formula)
