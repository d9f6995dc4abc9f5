"""Layers written Ng's ways, session 30 (issue 12; each was read wrongly and silently on held-out set 31).

- ``layer-elementwise``: two of one layer's arrays side by side or with ``\\times``/``\\cdot`` multiply element-wise
  (Ng's ``dZ^{[l]} = dA^{[l]} \\times g'(Z^{[l]})``, ``A^{[L]}(1 - A^{[L]})``): they were matrix products;
- ``star-elementwise`` in code: the capitals in a sum after ``*`` are arrays (``dZ1 = W2.T @ dZ2 * (1 - np.power(A1,
  2))``): the sum was a number;
- ``superscript-digit-layer`` on names without subscripts (``z^2 = W^2 a^1 + b^2``): they were powers;
- ``bracket-layer``: Ng's plain-text ``dZ[2] = A[2] - Y``: it was a call dZ(2) and the product 2·A.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_values_noted

RNG = np.random.default_rng(3030)
DA, Z1 = RNG.normal(size=(3, 5)), RNG.normal(size=(3, 5))
A2, Y = RNG.uniform(0.1, 0.9, size=(2, 5)), RNG.integers(0, 2, size=(2, 5)).astype(float)
W2, DZ2, A1 = RNG.normal(size=(2, 3)), RNG.normal(size=(2, 5)), RNG.uniform(-0.9, 0.9, size=(3, 5))
W1, X, B1 = RNG.normal(size=(3, 4)), RNG.normal(size=(4, 5)), RNG.normal(size=(3, 1))
a1, dz2, b2 = RNG.uniform(0.1, 0.9, size=3), RNG.normal(size=2), RNG.normal(size=2)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


# (id, source, latex, inputs, the value numpy computes, the rule noted)
VALUES: list[tuple[str, str, str, dict[str, Any], Any, str]] = [
    ("times-derivative", "Ng, Deep Learning Specialization C1W4: the backward step with \\times",
     r"dZ^{[1]} = dA^{[1]} \times \sigma'(Z^{[1]})", {"dA^{[1]}": DA, "Z^{[1]}": Z1},
     DA * _sigmoid(Z1) * (1 - _sigmoid(Z1)), "layer-elementwise"),
    ("cdot-derivative", "the same with \\cdot, as lecture notes write it",
     r"dZ^{[1]} = dA^{[1]} \cdot \sigma'(Z^{[1]})", {"dA^{[1]}": DA, "Z^{[1]}": Z1},
     DA * _sigmoid(Z1) * (1 - _sigmoid(Z1)), "layer-elementwise"),
    ("side-by-side-sigmoid-derivative", "Ng's σ'(Z) = A(1 - A), side by side",
     r"dZ^{[2]} = dA^{[2]} A^{[2]} (1 - A^{[2]})", {"dA^{[2]}": DZ2, "A^{[2]}": A2},
     DZ2 * A2 * (1 - A2), "layer-elementwise"),
    ("weight-back-then-layer", "a single example's backward step, W^{[2]T} dz^{[2]} \\cdot a^{[1]}(1 - a^{[1]})",
     r"dz^{[1]} = W^{[2]T} dz^{[2]} \cdot a^{[1]}(1 - a^{[1]})", {"W^{[2]}": W2, "dz^{[2]}": dz2, "a^{[1]}": a1},
     (W2.T @ dz2) * a1 * (1 - a1), "layer-elementwise"),
    ("code-star-capital", "Ng's planar-data code: dZ1 = W2.T @ dZ2 * (1 - np.power(A1, 2))",
     "dZ1 = W2.T @ dZ2 * (1 - np.power(A1, 2))", {"W2": W2, "dZ2": DZ2, "A1": A1},
     (W2.T @ DZ2) * (1 - A1**2), "star-elementwise"),
    ("digit-layers-plain", "a slide's two-layer net with digit superscripts: z^2 = W^2 a^1 + b^2",
     r"z^2 = W^2 a^1 + b^2", {"W^2": W2, "a^1": a1, "b^2": b2}, W2 @ a1 + b2, "superscript-digit-layer"),
    ("digit-layer-one", "the first layer with the superscript 1 on a capital",
     r"a^1 = \sigma(W^1 x + b^1)", {"W^1": W1, "x": X[:, 0], "b^1": B1[:, 0]},
     _sigmoid(W1 @ X[:, 0] + B1[:, 0]), "superscript-digit-layer"),
    ("bracket-output-error", "Ng's notes pasted as plain text: dZ[2] = A[2] - Y",
     "dZ[2] = A[2] - Y", {"A[2]": A2, "Y": Y}, A2 - Y, "bracket-layer"),
    ("bracket-forward", "the forward step in plain text: Z[1] = W[1] X + b[1]",
     "Z[1] = W[1] X + b[1]", {"W[1]": W1, "X": X, "b[1]": B1}, W1 @ X + B1, "bracket-layer"),
    ("bracket-weight-gradient", "the weight gradient: dW[2] = 1/m dZ[2] A[1].T",
     "dW[2] = 1/m dZ[2] A[1].T", {"m": 5.0, "dZ[2]": DZ2, "A[1]": A1}, DZ2 @ A1.T / 5, "bracket-layer"),
]


@pytest.mark.parametrize(("latex", "args", "want", "rule"), [v[2:] for v in VALUES], ids=[v[0] for v in VALUES])
def test_value(latex: str, args: dict[str, Any], want: Any, rule: str) -> None:
    assert_values_noted(latex, args, {"": want}, (rule,))


def test_layer_note_spans_the_product() -> None:
    latex = r"dZ^{[l]} = dA^{[l]} \times g^{[l]'}(Z^{[l]})"
    (n,) = [n for n in symdl.parse(latex).notes if n.rule == "layer-elementwise"]
    assert latex[n.span.start : n.span.end] == r"dA^{[l]} \times g^{[l]'}(Z^{[l]})"
    assert "layer l" in n.message and "\\odot" in n.alternative


@pytest.mark.parametrize(("latex", "args", "want"), [
    (r"dW^{[1]} = \frac{1}{m} dZ^{[1]} A^{[0]T}", {"m": 5.0, "dZ^{[1]}": Z1, "A^{[0]}": X}, Z1 @ X.T / 5),
    (r"Z^{[1]} = W^{[1]} A^{[0]} + b^{[1]}", {"W^{[1]}": W1, "A^{[0]}": X, "b^{[1]}": B1}, W1 @ X + B1),
    (r"dA^{[1]} = W^{[2]T} dZ^{[2]}", {"W^{[2]}": W2, "dZ^{[2]}": DZ2}, W2.T @ DZ2),
], ids=["weight-gradient", "forward", "back-through-weight"])
def test_other_layer_products_stay_matrix_products(latex: str, args: dict[str, Any], want: Any) -> None:
    """Weights, transposed factors and arrays of different layers multiply as matrices, with no note."""
    f = symdl.parse(latex)
    np.testing.assert_allclose(np.asarray(symdl.lambdify(f)(**args), dtype=float), want, rtol=1e-12)
    assert "layer-elementwise" not in {n.rule for n in f.notes}


@pytest.mark.parametrize("latex", ["y = x * (1 - p)", r"y = a x^2 + b x^1 + c", r"z = x^1 y^2 + y^1", "y = x[0] + x[1]"],
                         ids=["dropout-scale", "polynomial", "polynomial-two-letters", "code-entries"])
def test_numbers_and_entries_stay(latex: str) -> None:
    """Dropout's p stays a number; a polynomial's x^1 a power; code's x[1] an entry (no layer)."""
    f = symdl.parse(latex)
    assert "p" not in f.shapes and not {"bracket-layer", "superscript-digit-layer"} & {n.rule for n in f.notes}


@pytest.mark.parametrize(("latex", "args", "want"), [
    (r"d = \mathbf{a}(1 - \mathbf{a})", {r"\mathbf{a}": a1}, a1 * (1 - a1)),
    (r"d = \sigma(\mathbf{z})(1 - \sigma(\mathbf{z}))", {r"\mathbf{z}": dz2}, _sigmoid(dz2) * (1 - _sigmoid(dz2))),
    (r"\mathbf{D} = \mathbf{A}(1 - \mathbf{A})", {r"\mathbf{A}": A2}, A2 * (1 - A2)),
], ids=["bold-vector", "sigmoid-of-vector", "capital-matrix"])
def test_array_times_one_minus_itself_is_elementwise(latex: str, args: dict[str, Any], want: Any) -> None:
    """The logistic's slope in its output, σ(z)(1 - σ(z)), of arrays: element-wise (two columns side by side were
    refused; two matrices a matrix product)."""
    f = symdl.parse(latex)
    np.testing.assert_allclose(np.asarray(symdl.lambdify(f)(**args), dtype=float).reshape(np.shape(want)), want,
                               rtol=1e-12)
    assert "complement-elementwise" in {n.rule for n in f.notes}


def test_transposed_times_one_minus_itself_stays_a_dot_product() -> None:
    f = symdl.parse(r"g = \mathbf{a}^T(1 - \mathbf{a})")
    assert "complement-elementwise" not in {n.rule for n in f.notes}
