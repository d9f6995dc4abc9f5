"""Session 14 (r): matrices times one vector of a family, the leftovers of ``family-rows`` (symdl.bind.images).

- A capital written right before a bold member (``W \\mathbf{x}_i``, Goodfellow's ``W \\boldsymbol{x}_i``) or a
  labelled capital before any member (Vaswani et al.'s per-token projections as Alammar's Illustrated Transformer
  writes them, ``\\mathbf{q}_i = W^Q \\mathbf{x}_i``, ``v_i = W^V x_i``) reads as cs231n's ``W x_i`` does: entry by
  entry, the family one array with an example per row (``family-rows``).  ``W \\mathbf{x}_i`` read W as a number and
  broadcast it, silently; ``W^Q x_i`` was refused.
- A bracket holding capitals before a bold member (LoRA's ``(W_0 + BA)\\mathbf{x}_i``, ``(W_0 + \\Delta W)
  \\mathbf{x}_i``) read as numbers, silently: refused by name.  A bracket of numbers (``(1 - \\alpha)\\mathbf{x}_i``)
  stays a scale.
- Bold vectors listed with dots (``f([\\boldsymbol{x}_1, \\ldots, \\boldsymbol{x}_n])``, d2l's stacked states
  ``[\\mathbf{h}_1, \\ldots, \\mathbf{h}_T]``) read as the vector of entries x_i, silently: they are a concatenation,
  refused by name as DenseNet's ``[\\mathbf{x}_0, \\ldots, \\mathbf{x}_{\\ell-1}]`` is.  Plain entries
  ``[x_1, x_2, \\dots, x_n]`` stay a family-list.
- Which subscript is an example's index: i, j, k (the letters ``family-list`` picks) make a family, one array with a
  row per example; n and t (Bishop's ``\\mathbf{y}_n = \\mathbf{U}\\mathbf{x}_n``, a step's ``h_t = W x_t``) label one
  vector, and every such statement is one vector per label: the same values, read per label (kept).
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_reads_as, assert_refused_at

_R = np.random.default_rng(1418)
W = _R.normal(size=(3, 4))
X = _R.normal(size=(5, 4))
B = _R.normal(size=3)
U = _R.normal(size=(3, 4))
V4 = _R.normal(size=4)

# (id, source, latex, inputs, plain numpy's value, notes by rule)
READS = [
    ("vaswani-query-per-token-bold", "Vaswani et al. / Alammar's Illustrated Transformer, the query of token i",
     r"\mathbf{q}_i = W^Q \mathbf{x}_i", {"W^Q": W, r"\mathbf{x}": X}, X @ W.T,
     ["family-rows", "superscript-word", "capital-matrix"]),
    ("vaswani-value-per-token-plain", "Vaswani et al. / Alammar, the value of token i (plain letters)",
     r"v_i = W^V x_i", {"W^V": W, "x": X}, X @ W.T, ["family-rows", "superscript-word", "capital-matrix"]),
    ("vaswani-query-plain-was-refused", "Vaswani et al., q_i = W^Q x_i (was refused, session14_o)",
     r"q_i = W^Q x_i", {"W^Q": W, "x": X}, X @ W.T, ["family-rows", "superscript-word", "capital-matrix"]),
    ("d2l-linear-map-of-example-bold", "d2l 3.1 / cs231n's W x_i with bold vectors",
     r"\mathbf{h}_i = W \mathbf{x}_i", {"W": W, r"\mathbf{x}": X}, X @ W.T, ["family-rows", "capital-matrix"]),
    ("goodfellow-affine-per-example", "Goodfellow et al. 6.1 notation, an affine layer per example",
     r"\boldsymbol{h}_i = W \boldsymbol{x}_i + \boldsymbol{b}",
     {"W": W, r"\boldsymbol{x}": X, r"\boldsymbol{b}": B}, X @ W.T + B, ["family-rows"]),
    # session 28: refused by the family readings, then read with each member a name of its own (the formula holds
    # for each i; family-member-each), the matrices as matrices
    ("lora-merged-weight-per-token", "Hu et al., LoRA, h = (W_0 + BA)x for token i (was refused)",
     r"\mathbf{h}_i = (W_0 + B A)\mathbf{x}_i",
     {"W_0": W, "B": W[:, :2], "A": U[:2, :], r"\mathbf{x}_i": V4}, (W + W[:, :2] @ U[:2, :]) @ V4,
     ["family-member-each", "capital-pair-matrix"]),
    ("two-layers-per-example", "Goodfellow et al. 6.1, a linear network W_2 W_1 x for example i (was refused)",
     r"\mathbf{y}_i = \mathbf{W}_2\mathbf{W}_1\mathbf{x}_i",
     {r"\mathbf{W}_2": U[:, :3], r"\mathbf{W}_1": W, r"\mathbf{x}_i": V4}, U[:, :3] @ W @ V4, ["family-member-each"]),
    # must not change: a label n is one vector, a bracket of numbers a scale, a plain list a family-list
    ("bishop-pca-label-n-kept", "Bishop PRML 12.1, one vector per label n (kept)",
     r"\mathbf{y}_n = \mathbf{U}\mathbf{x}_n", {r"\mathbf{U}": U, r"\mathbf{x}_n": V4}, U @ V4, []),
    ("scale-of-member-kept", "Polyak averaging / momentum, a number's bracket times a member (kept)",
     r"\mathbf{y}_i = (1-\alpha)\mathbf{x}_i", {r"\alpha": 0.3, r"\mathbf{x}": X}, 0.7 * X, ["family-rows"]),
    ("plain-family-list-kept", "PyTorch docs, a vector listed by its entries (kept)",
     r"\mathbf{y} = [x_1, x_2, \dots, x_n]", {"x": V4}, V4, ["family-list"]),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [r[2:] for r in READS], ids=[r[0] for r in READS])
def test_a_capital_times_a_member_reads_entry_by_entry(latex: str, inputs: dict, want: object, rules: list) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


# (id, source, latex, what the refusal names, the text it points at)
REFUSED = [
    ("lora-delta-per-token", "Hu et al., LoRA eq. 3, (W_0 + \\Delta W) x for token i",
     r"\mathbf{h}_i = (W_0 + \Delta W)\mathbf{x}_i", "a bracket holding capitals", r"(W_0 + \Delta W)\mathbf{x}_i"),
    ("sum-of-matrices-per-example", "a sum of two maps of example i, (A + B) x_i",
     r"\mathbf{y}_i = \left(A + B\right)\mathbf{x}_i", "a bracket holding capitals",
     r"\left(A + B\right)\mathbf{x}_i"),
    ("goodfellow-function-of-listed-vectors", "Goodfellow et al. notation, f of the examples listed",
     r"\mathbf{y} = f([\boldsymbol{x}_1, \ldots, \boldsymbol{x}_n])", "a concatenation of a family's members 1..n",
     r"[\boldsymbol{x}_1, \ldots, \boldsymbol{x}_n]"),
    ("d2l-stacked-states", "d2l 10.4, the hidden states listed",
     r"\mathbf{H} = [\mathbf{h}_1, \ldots, \mathbf{h}_T]", "a concatenation of a family's members 1..T",
     r"[\mathbf{h}_1, \ldots, \mathbf{h}_T]"),
    ("arrowed-members-listed", "cs231n notes' arrows, the inputs listed",
     r"\vec{y} = g([\vec{x}_1, \dots, \vec{x}_N])", "a concatenation of a family's members 1..N",
     r"[\vec{x}_1, \dots, \vec{x}_N]"),
]


@pytest.mark.parametrize(("latex", "what", "text"), [r[2:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_a_member_elsewhere_is_refused_by_name(latex: str, what: str, text: str) -> None:
    assert_refused_at(latex, what, text)
