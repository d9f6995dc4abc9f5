"""Session 23, rcode2: code-like products read as numpy reads them (issue 12).

numpy's ``np.dot`` of arrays of two axes is the matrix product as written (cs231n's and Ng's backprop
``dW1 = np.dot(dZ1, X.T)``, CLIP's pseudo-code ``logits = np.dot(I_e, T_e.T) * np.exp(t)``); Python's ``@`` and
``.T`` make a formula code, so its lower-case runs are identifiers (SimCLR's ``sim = z_a @ z_b.T / tau``); a name
indexed by square brackets before a parenthesis is an entry times it (the PyTorch docs' CrossEntropyLoss).
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from symdl.errors import SymdlError

RNG = np.random.default_rng(23)


def _notes(formula: str) -> set[str]:
    return {n.rule for n in symdl.parse(formula).notes}


def _value(formula: str, inputs: dict[str, np.ndarray | float]) -> np.ndarray:
    f = symdl.parse(formula)
    return np.asarray(symdl.lambdify(f)(**inputs), dtype=float)


A34, B54, X24 = RNG.normal(size=(3, 4)), RNG.normal(size=(5, 4)), RNG.normal(size=(2, 4))
C32 = RNG.normal(size=(3, 2))
V3, W3 = RNG.normal(size=(3, 1)), RNG.normal(size=(3, 1))

#: formula, inputs, the numpy value, source
VALUES = [
    ("dW1 = np.dot(dZ1, X.T)", {"dZ1": C32, "X": RNG.normal(size=(4, 2))}, None, "cs231n / Ng: np.dot(dZ1, X.T)"),
    ("dW = np.dot(dZ, A.T)", {"dZ": A34, "A": RNG.normal(size=(5, 4))}, None, "Ng's backprop: np.dot(dZ, A.T)"),
    ("logits = np.dot(I_e, T_e.T) * np.exp(t)", {"I_e": A34, "T_e": B54, "t": 0.3}, None, "CLIP pseudo-code"),
    ("y = np.dot(x, W)", {"x": RNG.normal(size=(1, 3)), "W": A34}, None, "numpy: a row times a matrix"),
    ("dA = np.dot(W.T, dZ)", {"W": A34, "dZ": RNG.normal(size=(3, 2))}, None, "Ng: np.dot(W.T, dZ), kept"),
    ("y = np.dot(a, b)", {"a": V3, "b": W3}, None, "must not change: two vectors' inner product"),
    ("S = z_a @ z_b.T / \\tau", {"z_a": V3, "z_b": RNG.normal(size=(4, 1)), "\\tau": 0.5}, None, "SimCLR, kept"),
]
EXPECTED = {
    "dW1 = np.dot(dZ1, X.T)": lambda v: v["dZ1"] @ v["X"].T,
    "dW = np.dot(dZ, A.T)": lambda v: v["dZ"] @ v["A"].T,
    "logits = np.dot(I_e, T_e.T) * np.exp(t)": lambda v: v["I_e"] @ v["T_e"].T * np.exp(v["t"]),
    "y = np.dot(x, W)": lambda v: v["x"] @ v["W"],
    "dA = np.dot(W.T, dZ)": lambda v: v["W"].T @ v["dZ"],
    "y = np.dot(a, b)": lambda v: np.dot(v["a"].ravel(), v["b"].ravel()),
    "S = z_a @ z_b.T / \\tau": lambda v: v["z_a"] @ v["z_b"].T / v["\\tau"],
}


@pytest.mark.parametrize(("formula", "inputs", "_", "source"), VALUES, ids=[v[3] for v in VALUES])
def test_code_products_match_numpy(formula: str, inputs: dict, _: None, source: str) -> None:
    got = _value(formula, inputs)
    want = np.asarray(EXPECTED[formula](inputs), dtype=float)
    assert got.size == want.size
    np.testing.assert_allclose(got.reshape(want.shape), want, rtol=1e-10)


def test_simclr_similarity_is_an_outer_product_of_named_vectors() -> None:
    """SimCLR's sim = z_a @ z_b.T / tau: sim one name (code-name), not s·i·m beside the index i."""
    f = symdl.parse("sim = z_a @ z_b.T / \\tau")
    assert "code-name" in {n.rule for n in f.notes}


ENTRY_TIMES = [
    ("loss = weight[class] (-x[class] + \\log(\\sum_j \\exp(x[j])))", "PyTorch CrossEntropyLoss docs, spaced"),
    ("loss(x, class) = weight[class] \\left(-x[class] + \\log\\left(\\sum_j \\exp(x[j])\\right)\\right)",
     "PyTorch CrossEntropyLoss docs, as typeset"),
]


@pytest.mark.parametrize(("formula", "source"), ENTRY_TIMES, ids=[e[1] for e in ENTRY_TIMES])
def test_bracket_entry_before_a_parenthesis_is_a_product(formula: str, source: str) -> None:
    f = symdl.parse(formula)
    assert "product-after-index" in {n.rule for n in f.notes}
    text = str(f.statements[0].rhs)
    assert "weight_{class}(" not in text


def test_crossentropy_weight_value_matches_numpy() -> None:
    x, w = RNG.normal(size=4), np.abs(RNG.normal(size=4))
    formula = "loss = weight[c] (-x[c] + \\log(\\sum_j \\exp(x[j])))"
    assert "product-after-index" in _notes(formula)
    f = symdl.parse(formula)
    got = np.asarray(symdl.lambdify(f)(**{"\\text{weight}": w, "x": x}), dtype=float)  # a vector over c
    np.testing.assert_allclose(got.ravel(), w * (-x + np.log(np.exp(x).sum())), rtol=1e-10)


NEAR_MISSES = [
    ("y = f(x[i])", "a call of f on an entry: kept"),
    ("y = W @ x", "main's matrix times vector: kept"),
]


@pytest.mark.parametrize(("formula", "source"), NEAR_MISSES, ids=[n[1] for n in NEAR_MISSES])
def test_near_misses_keep_their_reading(formula: str, source: str) -> None:
    rules = _notes(formula)
    assert "product-after-index" not in rules


def test_np_dot_of_three_factors_is_refused() -> None:
    with pytest.raises(SymdlError):
        symdl.parse("y = np.dot(A, B, C)")
