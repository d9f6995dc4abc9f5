"""Session 22: the softmax of a vector written with a sum of its entries (numpy's np.sum, matrixcalculus.org's sum,
d2l's 1ᵀ exp(o)) is named; near misses stay unnamed.

Each row: (id, latex, must name, must not name), its source in the comment above it.
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.concept_cases import assert_concepts

CASES: list[tuple[str, str, set[str], set[str]]] = [
    # cs231n "Linear classification" (softmax in numpy): p = np.exp(f) / np.sum(np.exp(f))
    ("numpy-softmax", r"p = np.exp(f) / np.sum(np.exp(f))", {"softmax"}, set()),
    # Karpathy's min-char-rnn: ps[t] = np.exp(ys[t]) / np.sum(np.exp(ys[t]))
    ("min-char-rnn-softmax", r"ps[t] = np.exp(ys[t]) / np.sum(np.exp(ys[t]))", {"softmax"}, set()),
    # d2l 4.1 written with the row of ones: exp(o) / 1ᵀ exp(o)
    ("ones-softmax", r"\hat{\mathbf{y}} = \frac{\exp(\mathbf{o})}{\mathbf{1}^\top \exp(\mathbf{o})}", {"softmax"}, set()),
    # matrixcalculus.org's sum: exp(x) ./ sum(exp(x))
    ("sum-word-softmax", r"p = \exp(x) / \text{sum}(\exp(x))", {"softmax"}, set()),
    # constructed must-not rows: the total of other values, or of the raw scores, is not a softmax
    ("other-vector-total", r"p = \exp(x) / \text{sum}(\exp(y))", set(), {"softmax"}),
    ("raw-total", r"p = x / \text{sum}(x)", set(), {"softmax"}),
]


@pytest.mark.parametrize(("latex", "want", "avoid"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_concepts(latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)


def test_numpy_softmax_value() -> None:
    """The code spelling evaluates as the softmax (x inside np.exp under np.sum is an array: noted nowhere, read so)."""
    f = symdl.parse(r"p = np.exp(f) / np.sum(np.exp(f))")
    scores = np.random.default_rng(22).normal(size=6)
    got = np.asarray(symdl.lambdify(f)(f=scores), dtype=float).ravel()
    np.testing.assert_allclose(got, np.exp(scores) / np.exp(scores).sum(), rtol=1e-12)
