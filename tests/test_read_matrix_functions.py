"""Issues 12 and 13: a name inside ``\\det``, ``\\operatorname{tr}`` or a Frobenius norm ``\\|\\cdot\\|_F`` is a matrix;
the 1-norm of a vector (lasso) is ``1^T|w|``.

A plain letter is a scalar unless something says otherwise (README, "How symdl reads notation"); the
determinant, the trace and the Frobenius norm say so, for Greek names too (``\\log\\det\\Sigma``).  Before,
``\\det(A)`` read as the number A and ``\\log\\det(\\Sigma)`` as the element-wise ``\\log\\Sigma``: right for
1×1, silently wrong for the matrices meant.  Values are checked against numpy, gradients against the
Matrix Cookbook's identities (and their usual mistakes, the transposes).
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl

RNG = np.random.default_rng(20261204)
A = RNG.normal(size=(3, 3)) + 3 * np.eye(3)
B = RNG.normal(size=(3, 3))
W = RNG.normal(size=(2, 4))
V = RNG.normal(size=4)

# (id, formula, inputs, expected value from plain numpy, the matrix's spelling)
READINGS = [
    ("determinant", r"\det(A)", {"A": A}, np.linalg.det(A), "A"),
    ("gaussian-log-determinant", r"\log\det(\Sigma)", {r"\Sigma": A}, np.log(np.linalg.det(A)), r"\Sigma"),
    ("log-determinant-without-parentheses", r"\log\det \Sigma", {r"\Sigma": A}, np.log(np.linalg.det(A)),
     r"\Sigma"),
    ("trace", r"\operatorname{tr}(A)", {"A": A}, np.trace(A), "A"),
    ("trace-of-a-product", r"\mathrm{tr}(A B)", {"A": A, "B": B}, np.trace(A @ B), "A"),
    ("frobenius-norm", r"\|W\|_F", {"W": W}, np.linalg.norm(W), "W"),
    ("weight-decay-frobenius", r"\frac{\lambda}{2}\|W\|_F^2", {"W": W, r"\lambda": 0.1}, 0.05 * (W**2).sum(), "W"),
    ("lasso-penalty", r"\lambda\|\mathbf{w}\|_1", {r"\mathbf{w}": V, r"\lambda": 0.1}, 0.1 * np.abs(V).sum(),
     r"\mathbf{w}"),
    ("elastic-net-penalty", r"\lambda_1\|\mathbf{w}\|_1 + \frac{\lambda_2}{2}\|\mathbf{w}\|_2^2",
     {r"\mathbf{w}": V, r"\lambda_1": 0.1, r"\lambda_2": 0.3}, 0.1 * np.abs(V).sum() + 0.15 * (V**2).sum(),
     r"\mathbf{w}"),
    ("frobenius-norm-of-a-greek-matrix", r"\|\Theta\|_F", {r"\Theta": W}, np.linalg.norm(W), r"\Theta"),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "name"), [c[1:] for c in READINGS], ids=[c[0] for c in READINGS])
def test_matrix_function_arguments_are_matrices(latex: str, inputs: dict, want: float, name: str) -> None:
    formula = symdl.parse(latex)
    assert len(formula.symbols[name].shape) == 2 and formula.symbols[name].shape != (1, 1)
    np.testing.assert_allclose(float(symdl.lambdify(formula)(**inputs)), want, rtol=1e-12)


def test_determinant_of_a_number_is_the_number() -> None:
    assert symdl.lambdify(symdl.parse(r"\det(2)"))() == 2


# (id, function, variable, claim, verdict): the Matrix Cookbook's identities and their transposed mistakes
GRADIENTS = [
    ("log-det-is-inverse-transpose", r"\log\det(\Sigma)", r"\Sigma", r"\Sigma^{-T}", "verified"),
    ("log-det-inverse-without-transpose", r"\log\det(\Sigma)", r"\Sigma", r"\Sigma^{-1}", "refuted"),
    ("det-gradient", r"\det(A)", "A", r"\det(A) A^{-T}", "verified"),
    ("det-gradient-missing-the-det", r"\det(A)", "A", r"A^{-T}", "refuted"),
    ("trace-of-product", r"\operatorname{tr}(A B)", "A", r"B^T", "verified"),
    ("trace-of-product-untransposed", r"\operatorname{tr}(A B)", "A", "B", "refuted"),
    ("weight-decay", r"\frac{\lambda}{2}\|W\|_F^2", "W", r"\lambda W", "verified"),
    ("lasso-subgradient", r"\lambda\|\mathbf{w}\|_1", r"\mathbf{w}", r"\lambda \operatorname{sign}(\mathbf{w})",
     "verified"),
    ("lasso-as-if-it-were-ridge", r"\lambda\|\mathbf{w}\|_1", r"\mathbf{w}", r"\lambda \mathbf{w}", "refuted"),
    ("lasso-regression", r"\frac{1}{2}\|X\mathbf{w} - \mathbf{y}\|^2 + \lambda \|\mathbf{w}\|_1", r"\mathbf{w}",
     r"X^T(X\mathbf{w} - \mathbf{y}) + \lambda \operatorname{sign}(\mathbf{w})", "verified"),
    ("weight-decay-forgetting-the-half", r"\frac{\lambda}{2}\|W\|_F^2", "W", r"2\lambda W", "refuted"),
]


@pytest.mark.parametrize(("latex", "wrt", "claim", "verdict"), [c[1:] for c in GRADIENTS], ids=[c[0] for c in GRADIENTS])
def test_matrix_function_gradients(latex: str, wrt: str, claim: str, verdict: str) -> None:
    assert symdl.check_gradient(latex, wrt, claim).verdict == verdict
