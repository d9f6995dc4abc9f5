"""Session 14 (h): one vector of a family of vectors inside concatenations and products.

- A list of members of one family of (bold) vectors with ``\\dots`` between them is their concatenation (Huang et
  al.'s DenseNet, eq. 2, ``\\mathbf{x}_\\ell = H_\\ell([\\mathbf{x}_0, \\mathbf{x}_1, \\ldots, \\mathbf{x}_{\\ell-1}])``;
  Xu et al.'s jumping-knowledge concatenation of layer outputs): refused by name, "a concatenation of a family's
  members 0..ℓ-1", no longer as "a vector with \\dots between different entries".
- Kept refused as they were (pinned): one member inside a concatenation ``[\\dots]`` or ``[\\dots \\| \\dots]``
  (Veličković et al.'s GAT, Bahdanau et al.'s additive score) and a matrix times one member (cs231n's W x_i).
- Must not change: plain entries with ``\\dots`` (the PyTorch docs' ``[x_1, x_2, \\dots, x_n]``, family-list) and a
  constant vector ``[0, \\dots, 0]``.
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_reads_as, assert_refused_at

# (id, source, latex, what the refusal names, the text it points at)
MEMBER_LISTS = [
    ("densenet-eq2", "Huang et al., DenseNet, eq. 2",
     r"\mathbf{x}_\ell = H_\ell([\mathbf{x}_0, \mathbf{x}_1, \ldots, \mathbf{x}_{\ell-1}])",
     "a concatenation of a family's members 0..\\ell-1", r"[\mathbf{x}_0, \mathbf{x}_1, \ldots, \mathbf{x}_{\ell-1}]"),
    ("densenet-d2l-l", "d2l, 8.7 (DenseNet), with l for the layer",
     r"\mathbf{x}_l = H_l([\mathbf{x}_0, \mathbf{x}_1, \dots, \mathbf{x}_{l-1}])",
     "a concatenation of a family's members 0..l-1", r"[\mathbf{x}_0, \mathbf{x}_1, \dots, \mathbf{x}_{l-1}]"),
    ("jumping-knowledge-concat", "Xu et al., jumping knowledge networks, concatenation of layer outputs",
     r"\mathbf{h}^{final} = g([\mathbf{h}_1, \mathbf{h}_2, \ldots, \mathbf{h}_{L}])",
     "a concatenation of a family's members 1..L", r"[\mathbf{h}_1, \mathbf{h}_2, \ldots, \mathbf{h}_{L}]"),
    ("stacked-features-cdots", "a readout over earlier layers, with \\cdots",
     r"\mathbf{y} = f([\mathbf{z}_1, \mathbf{z}_2, \cdots, \mathbf{z}_{k-1}])",
     "a concatenation of a family's members 1..k-1", r"[\mathbf{z}_1, \mathbf{z}_2, \cdots, \mathbf{z}_{k-1}]"),
]

# kept refused (pinned): a member inside a concatenation, a matrix times a member
KEPT = [
    # GAT's eq. 3 and Bahdanau's additive score read since session 22 (tests/test_read_s22_rfam.py)
    # cs231n's f(x_i, W, b) = W x_i + b reads since session 39 (family-member-each: tests/test_read_s43.py)
    ("cs231n-score-in-a-mean", "cs231n, the mean squared score over examples", r"L = \frac{1}{N}\sum_i \|W x_i - y_i\|^2",
     "one vector of a family of vectors", "W x_i"),
]


@pytest.mark.parametrize(("latex", "what", "text"), [r[2:] for r in MEMBER_LISTS], ids=[r[0] for r in MEMBER_LISTS])
def test_a_list_of_a_familys_members_with_dots_is_refused_by_name(latex: str, what: str, text: str) -> None:
    assert_refused_at(latex, what, text)


@pytest.mark.parametrize(("latex", "what", "text"), [r[2:] for r in KEPT], ids=[r[0] for r in KEPT])
def test_a_member_in_a_concatenation_or_matrix_product_stays_refused(latex: str, what: str, text: str) -> None:
    assert_refused_at(latex, what, text)


def test_plain_entries_with_dots_still_read_as_a_family_list() -> None:
    """Must not change: the PyTorch docs' [x_1, x_2, \\dots, x_n] is the vector of the entries x_i."""
    x = np.random.default_rng(8).normal(size=5)
    assert_reads_as(symdl.parse(r"\mathbf{y} = [x_1, x_2, \dots, x_n]"), {"x": x}, x, ["family-list"])


def test_a_constant_vector_with_dots_is_unchanged() -> None:
    """Must not change: [0, \\dots, 0] is the zero vector of its context's length (still read, no note)."""
    f = symdl.parse(r"\mathbf{x} = [0, \dots, 0]")
    assert not f.notes and str(f.statements[0].rhs) == "zeros(n_1, 1)"
