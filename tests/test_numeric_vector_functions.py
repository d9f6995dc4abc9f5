"""Functions of vectors evaluate to vectors: softmax(z) is the whole softmax, never its first entry
(a vector-valued function the binder types as a scalar used to come back as out[0, 0])."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import symdl

RNG = np.random.default_rng(13)
Z, X3 = RNG.normal(size=5), RNG.normal(size=3)
W, B = RNG.normal(size=(4, 3)), RNG.normal(size=4)


def _softmax(v: np.ndarray) -> np.ndarray:
    e = np.exp(v - v.max())
    return e / e.sum()


CASES: list[tuple[str, str, dict[str, Any], Callable[[], Any]]] = [
    ("softmax-of-vector-d2l", r"\operatorname{softmax}(\mathbf{z})", {"\\mathbf{z}": Z}, lambda: _softmax(Z)),
    ("softmax-of-vector-mathrm", r"\mathrm{softmax}(\mathbf{o})", {"\\mathbf{o}": Z}, lambda: _softmax(Z)),
    ("softmax-of-affine-layer", r"\mathrm{softmax}(\mathbf{W}\mathbf{x}+\mathbf{b})",
     {"\\mathbf{W}": W, "\\mathbf{x}": X3, "\\mathbf{b}": B}, lambda: _softmax(W @ X3 + B)),
    ("softmax-column-given", r"\operatorname{softmax}(\mathbf{z})", {"\\mathbf{z}": Z[:, None]}, lambda: _softmax(Z)),
    ("sigmoid-of-layer", r"\sigma(\mathbf{W}\mathbf{x}+\mathbf{b})", {"\\mathbf{W}": W, "\\mathbf{x}": X3, "\\mathbf{b}": B},
     lambda: 1 / (1 + np.exp(-(W @ X3 + B)))),
    ("tanh-of-vector", r"\tanh(\mathbf{z})", {"\\mathbf{z}": Z}, lambda: np.tanh(Z)),
    ("dot-product-is-a-number", r"\mathbf{w}^T\mathbf{x}", {"\\mathbf{w}": X3, "\\mathbf{x}": X3}, lambda: X3 @ X3),
]


@pytest.mark.parametrize(("formula", "args", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_vector_function_value(formula: str, args: dict[str, Any], expected: Callable[[], Any]) -> None:
    got = np.asarray(symdl.lambdify(symdl.parse(formula))(**args), dtype=float)
    want = np.asarray(expected(), dtype=float)
    assert got.shape == want.shape
    np.testing.assert_allclose(got, want, rtol=1e-12)
