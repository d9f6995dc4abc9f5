"""Session 14 (n): a matrix times one vector of a family of vectors (symdl.bind.images).

- A matrix times a whole member, ``W x_i``, on the right of a member of a family by the same index (cs231n's
  linear classifier ``s_i = W x_i + b``; Veličković et al.'s GAT shared projection ``\\mathbf{z}_i =
  \\mathbf{W}\\mathbf{h}_i``, as the DGL GAT tutorial writes it), read entry by entry (``family-rows``): both
  families are arrays with one example per row, entry d of ``W x_i`` is ``\\sum_k W_{dk} x_{i,k}``; summed over the
  family with numbers into a vector's name (GAT's eq. 4 for one node, ``\\sum_j \\alpha_j \\mathbf{W}\\mathbf{h}_j``).
- After a row vector it is a number (Luong et al.'s general score with a family of keys, ``\\mathbf{q}^\\top
  \\mathbf{W}\\mathbf{k}_i``; GAT's attention logit split over the concatenation, ``\\mathbf{a}_1^T\\mathbf{W}
  \\mathbf{h}_i + \\mathbf{a}_2^T\\mathbf{W}\\mathbf{h}_j``, the form DGL and PyG compute).
- Refused by name: no member on the left (cs231n's ``f(x_i, W, b) = W x_i + b``, a defined function's value;
  ``s = W x_i``), inside a function (d2l's ``\\sigma(\\mathbf{W}\\mathbf{x}_i + \\mathbf{b})``); one member inside a
  concatenation (GAT's ``[\\mathbf{W}\\vec{h}_i \\| \\mathbf{W}\\vec{h}_j]``, Bahdanau's ``[\\boldsymbol{s}_t;
  \\boldsymbol{h}_i]``) stays refused as it was.
- Must not change: a step's label (``h_t = \\tanh(W x_t + b)``), one vector per label (``\\mathbf{y}_n =
  \\mathbf{U}\\mathbf{x}_n``), the dot product ``\\mathbf{w}^\\top \\mathbf{x}^{(i)}``.
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_reads_as, assert_refused_at

_R = np.random.default_rng(1414)
W = _R.normal(size=(3, 4))
X = _R.normal(size=(5, 4))
B = _R.normal(size=3)
Q = _R.normal(size=3)
A1, A2 = _R.normal(size=3), _R.normal(size=3)
ALPHA = _R.normal(size=5)

# (id, source, latex, inputs, plain numpy's value, notes by rule)
READS = [
    ("cs231n-score-of-example-i", "cs231n, linear classification (the score of example i)", r"s_i = W x_i + b",
     {"W": W, "x": X, "b": B}, X @ W.T + B, ["family-rows", "capital-matrix"]),
    ("gat-shared-projection", "Veličković et al., GAT, the shared linear transformation (DGL tutorial's form)",
     r"\mathbf{z}_i = \mathbf{W}\mathbf{h}_i", {r"\mathbf{W}": W, r"\mathbf{h}": X}, X @ W.T, ["family-rows"]),
    ("bold-affine-per-example", "d2l, 5.1 (an affine layer, one example per row)",
     r"\mathbf{o}_i = \mathbf{W}\mathbf{x}_i + \mathbf{b}", {r"\mathbf{W}": W, r"\mathbf{x}": X, r"\mathbf{b}": B}, X @ W.T + B, ["family-rows"]),
    ("gat-aggregation-one-node", "Veličković et al., GAT eq. 4, the weighted sum for one node before sigma",
     r"\mathbf{c} = \sum_j \alpha_j \mathbf{W}\mathbf{h}_j", {r"\alpha": ALPHA, r"\mathbf{W}": W, r"\mathbf{h}": X},
     W @ X.T @ ALPHA, ["family-rows"]),
    ("luong-general-score", "Luong et al., the general score q^T W k_i over a family of keys",
     r"s_i = \mathbf{q}^\top \mathbf{W}\mathbf{k}_i", {r"\mathbf{q}": Q, r"\mathbf{W}": W, r"\mathbf{k}": X}, X @ W.T @ Q, []),
    ("gat-logit-split", "Veličković et al., GAT eq. 1 with a = [a_1; a_2] (the form DGL and PyG compute)",
     r"e_{ij} = \mathbf{a}_1^T\mathbf{W}\mathbf{h}_i + \mathbf{a}_2^T\mathbf{W}\mathbf{h}_j",
     {r"\mathbf{a}_1": A1, r"\mathbf{a}_2": A2, r"\mathbf{W}": W, r"\mathbf{h}": X},
     np.concatenate([np.repeat(X @ W.T, 5, axis=0), np.tile(X @ W.T, (5, 1))], axis=1) @ np.concatenate([A1, A2]),
     []),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [r[2:] for r in READS], ids=[r[0] for r in READS])
def test_a_matrix_times_a_member_reads_entry_by_entry(latex: str, inputs: dict, want: object, rules: list) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


# (id, source, latex, what the refusal names, the text it points at)
REFUSED = [
    # cs231n's f(x_i, W, b) = W x_i + b reads since session 39 (family-member-each: tests/test_read_s43.py)
    ("one-name-for-every-example", "cs231n's score, under one name", r"s = W x_i",
     "a matrix times one vector of a family of vectors", "W x_i"),
    # d2l 5.1's hidden layer per example, \mathbf{h}_i = \sigma(\mathbf{W}\mathbf{x}_i + \mathbf{b}), reads since
    # session 21 (an element-wise function of members, entry by entry: tests/test_read_s21_families.py)
    # GAT's e_{ij} = \vec{\mathbf{a}}^T[\mathbf{W}\vec{h}_i \| \mathbf{W}\vec{h}_j] and Bahdanau's additive score
    # read since session 22 (a row times a concatenation of members: tests/test_read_s22_rfam.py)
]


@pytest.mark.parametrize(("latex", "what", "text"), [r[2:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_a_matrix_times_a_member_elsewhere_is_refused_by_name(latex: str, what: str, text: str) -> None:
    assert_refused_at(latex, what, text)


def test_a_steps_label_is_unchanged() -> None:
    """Must not change: Goodfellow's h_t = tanh(W x_t + b), t a label: one vector x_t, no family."""
    x = _R.normal(size=4)
    assert_reads_as(symdl.parse(r"h_t = \tanh(W x_t + b)"), {"W": W, "x_t": x, "b": B}, np.tanh(W @ x + B),
                    ["capital-matrix"])


def test_one_vector_per_label_is_unchanged() -> None:
    """Must not change: Bishop's y_n = U x_n with n on both sides only: one vector x_n, no family."""
    x = _R.normal(size=4)
    assert_reads_as(symdl.parse(r"\mathbf{y}_n = \mathbf{U}\mathbf{x}_n"), {r"\mathbf{U}": W, r"\mathbf{x}_n": x}, W @ x, [])


def test_a_dot_product_with_a_member_is_unchanged() -> None:
    """Must not change: d2l's w^T x^{(i)} + b, the dot product with the i-th example (every i)."""
    w = _R.normal(size=4)
    assert_reads_as(symdl.parse(r"y = \mathbf{w}^\top \mathbf{x}^{(i)} + b"), {r"\mathbf{w}": w, r"\mathbf{x}": X, "b": 0.5},
                    X @ w + 0.5, [])
