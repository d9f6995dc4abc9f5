"""Plain capitals that are matrices, session 29 (issue 12; blind judges found each silent).

- ``capital-pair-matrix``: a plain capital alone on the left of a statement whose right side has two capitals side by
  side as a term, no number before them and no count N (``A = QR``, ``Z = XW + b``): matrices in the written order
  (they were numbers, ``W·X``); Chinchilla's ``C = 6ND`` stays numbers;
- ``capital-power-matrix``: a capital's negative power right before a parenthesis of plain capitals (Kipf &
  Welling's ``D^{-1/2}(A + I)D^{-1/2}``, also pasted as ``D^(-1/2) (A + I) D^(-1/2)``): all matrices (they were
  numbers, ``(A + I)/D``); the count N stays a number.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import symdl

RNG = np.random.default_rng(293)
Q, R = RNG.normal(size=(3, 4)), RNG.normal(size=(4, 2))
X, W, B = RNG.normal(size=(5, 3)), RNG.normal(size=(3, 2)), RNG.normal(size=(1, 2))
ADJ = (RNG.random((4, 4)) > 0.5).astype(float)
ADJ = np.triu(ADJ, 1) + np.triu(ADJ, 1).T
DEG = np.diag((ADJ + np.eye(4)).sum(1))


def _inv_sqrt(d: np.ndarray) -> np.ndarray:
    return np.diag(np.diag(d) ** -0.5)


VALUES: list[tuple[str, str, str, dict[str, Any], Any]] = [
    ("qr", "the QR factorisation", "A = QR", {"Q": Q, "R": R}, Q @ R),
    ("layer-rows", "a layer over a batch of rows", "Z = XW + b", {"X": X, "W": W, "b": B}, X @ W + B),
    ("gcn-self-loops", "Kipf & Welling (2017), the renormalisation with self-loops",
     r"\hat{A} = D^{-1/2}(A + I)D^{-1/2}", {"D": DEG, "A": ADJ, "I": np.eye(4)},
     _inv_sqrt(DEG) @ (ADJ + np.eye(4)) @ _inv_sqrt(DEG)),
    ("gcn-plain-text", "a blog's plain-text paste of the same", "A_hat = D^(-1/2) (A + I) D^(-1/2)",
     {"D": DEG, "A": ADJ, "I": np.eye(4)}, _inv_sqrt(DEG) @ (ADJ + np.eye(4)) @ _inv_sqrt(DEG)),
]


@pytest.mark.parametrize(("latex", "args", "want"), [v[2:] for v in VALUES], ids=[v[0] for v in VALUES])
def test_value(latex: str, args: dict[str, Any], want: Any) -> None:
    got = symdl.lambdify(symdl.parse(latex))(**args)
    np.testing.assert_allclose(np.asarray(got, dtype=float), want, rtol=1e-12)


@pytest.mark.parametrize(("latex", "rule"), [
    ("A = QR", "capital-pair-matrix"),
    (r"\hat{A} = D^{-1/2}(A + I)D^{-1/2}", "capital-power-matrix"),
], ids=["pair", "power-group"])
def test_noted(latex: str, rule: str) -> None:
    assert rule in {n.rule for n in symdl.parse(latex).notes}


@pytest.mark.parametrize("latex", [r"C = 6ND", r"C = ND", r"y = N^{-1}(A + B)", r"y = D^{-1}(a + b)"],
                         ids=["chinchilla", "count-pair", "count-power", "lower-case-group"])
def test_numbers_stay_numbers(latex: str) -> None:
    assert symdl.parse(latex).shapes == {}


def test_star_before_an_entrywise_call_is_elementwise() -> None:
    """Ng's backprop line dZ1 = W2^T dZ2 * g'(Z1): the * is the element-wise product, Z1 a matrix of dZ1's shape
    (it was a number, g'(Z1) scaling the whole product, silently)."""
    w2, dz2, z1 = RNG.normal(size=(3, 4)), RNG.normal(size=(3, 5)), RNG.normal(size=(4, 5))
    f = symdl.parse(r"dZ1 = W2^T dZ2 * \sigma(Z1)")
    got = symdl.lambdify(f)(W2=w2, dZ2=dz2, Z1=z1)
    np.testing.assert_allclose(np.asarray(got, dtype=float), (w2.T @ dz2) / (1 + np.exp(-z1)), rtol=1e-12)
    assert "star-elementwise" in {n.rule for n in f.notes}
