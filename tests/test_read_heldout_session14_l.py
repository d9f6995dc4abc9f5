"""Session 14 (l): families indexed from 0, and entry definitions that evaluate.

- A family reached by a sum that starts at 0 with its letter alone at a position is indexed from 0 (noted
  ``zero-based``): cs229's hypothesis ``h(x) = \\sum_{i=0}^d \\theta_i x_i`` (x_0 = 1), an FIR filter
  ``y = \\sum_{k=0}^{T} w_k x_k``, Nielsen's ch. 6 feature map ``\\sum_{l=0}^4 \\sum_{m=0}^4 w_{l,m} a_{j+l,k+m}``
  (w from 0; a read at its valid windows), Goodfellow et al.'s ``\\sum_{i=0}^{n} w_i x_i`` with a bias input.
- A family written at ``2j`` and ``2j+1`` is indexed from 0: RoPE's (Su et al.) ``x_{2i}``, ``x_{2i+1}``, the
  positional encoding's (Vaswani et al., d2l) ``p_{i,2j}``, ``p_{i,2j+1}``.
- An entry definition evaluates at the values of its letters the caller passes (against numpy's sin/cos table).
- Must not change: sums from 1 stay 1-based (Bishop's ``\\sum_{j=1}^{M} w_j x_j``), and a family reached only at
  computed positions (Sutton & Barto's ``r_{t+k+1}`` with k from 0) stays 1-based.
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_reads_as

RNG = np.random.default_rng(1412)
W4, X4 = RNG.normal(size=4), RNG.normal(size=4)
A8, W5 = RNG.normal(size=(8, 8)), RNG.normal(size=(5, 5))
R8 = RNG.normal(size=8)
Q6 = RNG.normal(size=6)


def _feature_map(a: np.ndarray, w: np.ndarray, b: float) -> np.ndarray:
    n = a.shape[0] - w.shape[0] + 1
    z = np.array([[np.sum(a[j : j + 5, k : k + 5] * w) for k in range(n)] for j in range(n)])
    return 1 / (1 + np.exp(-(b + z)))


# (id, source, latex, inputs, plain numpy's value, notes by rule)
READS = [
    ("fir-filter-from-0", "a filter as signal-processing notes write it", r"y = \sum_{k=0}^{T} w_k x_k",
     {"w": W4, "x": X4, "T": 3}, W4 @ X4, ["zero-based", "zero-based"]),
    ("cs229-hypothesis", "cs229 notes, eq. (1): x_0 = 1", r"h(x) = \sum_{i=0}^d \theta_i x_i",
     {"\\theta": W4, "x": np.r_[1.0, X4[1:]], "d": 3}, W4 @ np.r_[1.0, X4[1:]], ["zero-based", "zero-based"]),
    ("goodfellow-bias-input", "a linear model with a bias input x_0 = 1 (as cs229 folds the bias in)", r"\hat{y} = \sum_{i=0}^{n} w_i x_i",
     {"w": W4, "x": X4, "n": 3}, W4 @ X4, ["zero-based", "zero-based"]),
    ("nielsen-feature-map-from-0", "Nielsen, ch. 6, eq. (125)",
     r"\sigma\left(b + \sum_{l=0}^4 \sum_{m=0}^4 w_{l,m} a_{j+l, k+m}\right)", {"b": 0.1, "w": W5, "a": A8},
     _feature_map(A8, W5, 0.1), ["zero-based"]),
    ("rope-odd-entry", "Su et al. (RoPE), eq. (34), the odd entries",
     r"q_{2i+1} = x_{2i+1}\cos(i\theta) + x_{2i}\sin(i\theta)", {"x": Q6, "i": np.arange(3), "\\theta": 0.3},
     Q6[1::2] * np.cos(0.3 * np.arange(3)) + Q6[0::2] * np.sin(0.3 * np.arange(3)),
     ["entry-definition", "zero-based", "index-value", "index-value"]),
    # must not change: a sum from 1 is 1-based; a family at computed positions only keeps 1-based arrays
    ("bishop-sum-from-1", "Bishop, eq. (3.3)", r"y = \sum_{j=1}^{M} w_j x_j", {"w": W4, "x": X4, "M": 4},
     W4 @ X4, []),
    ("sutton-barto-n-step-kept", "Sutton & Barto, eq. 7.1", r"G_t = \sum_{k=0}^{n-1} \gamma^k r_{t+k+1}",
     {"r": R8, "\\gamma": 0.9, "n": 4}, [sum(0.9**k * R8[t + k] for k in range(4)) for t in range(1, 5)], []),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [r[2:] for r in READS], ids=[r[0] for r in READS])
def test_a_family_indexed_from_0_reads(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


def test_the_zero_based_note_names_the_family_and_the_other_reading() -> None:
    f = symdl.parse(r"y = \sum_{k=0}^{T} w_k x_k")
    note = f.notes[0]
    assert note.rule == "zero-based" and "w_0" in note.message and "starts at 0" in note.message
    assert "\\sum_{i=1}" in note.alternative
    assert f.zero_based == frozenset({"w", "x"})


def test_a_zero_based_index_out_of_range_says_so() -> None:
    f = symdl.parse(r"y = \sum_{k=0}^{T} w_k x_k")
    with pytest.raises(symdl.InvalidInput, match=r"0\.\.4 but the array has 4 entries \(indices are 0-based\)"):
        symdl.lambdify(f)(w=W4, x=X4, T=4)


PE = (r"p_{i, 2j} = \sin\left(\frac{i}{10000^{2j/d}}\right), "
      r"p_{i, 2j+1} = \cos\left(\frac{i}{10000^{2j/d}}\right)")


@pytest.mark.parametrize("source", ["Vaswani et al., sec. 3.5", "d2l, sec. 11.6.3"])
def test_the_positional_encoding_evaluates_at_the_letters_given(source: str) -> None:
    """The entry definition's letters i, j are inputs: on a grid they give numpy's sin/cos table."""
    f = symdl.parse(PE)
    assert [n.rule for n in f.notes].count("zero-based") == 1 and f.zero_based == frozenset({"p"})
    i, j = np.meshgrid(np.arange(6), np.arange(4), indexing="ij")
    out = symdl.lambdify(f)(i=i, j=j, d=8)
    angle = np.arange(6)[:, None] / 10000 ** (2 * np.arange(4)[None, :] / 8)
    np.testing.assert_allclose(out["p[i, 2*j]"], np.sin(angle), rtol=1e-12)
    np.testing.assert_allclose(out["p[i, 2*j + 1]"], np.cos(angle), rtol=1e-12)
    table = np.empty((6, 8))
    table[:, 0::2], table[:, 1::2] = out["p[i, 2*j]"], out["p[i, 2*j + 1]"]
    np.testing.assert_allclose(table[3, 5], np.cos(3 / 10000 ** (4 / 8)), rtol=1e-12)


def test_the_rl_return_at_a_given_step() -> None:
    """G_t = \\sum_{k=0}^{T-t-1} \\gamma^k R_{t+k+1}: t, which the sum's bound uses, is the step the return is taken
    at, a number added to the index (``offset-position``, session 49; refused before, the bound depending on a free
    t), so the value is G at that step."""
    f = symdl.parse(r"G_t = \sum_{k=0}^{T-t-1} \gamma^k R_{t+k+1}")
    assert "offset-position" in {n.rule for n in f.notes}
    got = symdl.lambdify(f)(R=R8, **{"\\gamma": 0.9}, T=8, t=2)
    np.testing.assert_allclose(float(np.asarray(got)), sum(0.9**k * R8[2 + k] for k in range(6)), rtol=1e-12)
