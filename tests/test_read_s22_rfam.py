"""Families of vectors: what a reader does with one member ``\\mathbf{x}_i`` as a vector (session 22, rfam).

Real formulas of attention, graph networks, metric learning and embeddings, each evaluated with ``symdl.lambdify``
at seeded random arrays and compared with plain numpy loops over the members, with the reading notes they carry:

- a row times a vector holding members (Bahdanau's ``\\mathbf{v}_a^\\top \\tanh(\\mathbf{W}_a\\mathbf{s}_{i-1} +
  \\mathbf{U}_a\\mathbf{h}_j)``), a concatenation of members after a row or a matrix (GAT's ``\\mathbf{a}^\\top
  [\\mathbf{W}\\mathbf{h}_i \\| \\mathbf{W}\\mathbf{h}_j]``) and the bilinear form ``\\mathbf{p}_i^\\top \\mathbf{W}
  \\mathbf{p}_j`` are numbers, sums over entries (``family-row-number``);
- ``\\mathbf{W}^\\top \\mathbf{e}_i`` is a member's image, entry by entry (``family-rows``);
- an unknown function of one member inside ``\\|\\cdot\\|`` is an embedding, a vector (``function-member-in-norm``);
  the 1-norm and p-norm of a difference of members are read by entries;
- what stays out of reach is refused by name, where it is written.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy

import symdl
from tests.real_sources import assert_reads_as, assert_refused_at

RNG = np.random.default_rng(2212)
H = RNG.normal(size=(6, 4))  # six nodes / source positions, four features
S = RNG.normal(size=(5, 3))  # five decoder states
WA = RNG.normal(size=(2, 3))
UA = RNG.normal(size=(2, 4))
VA = RNG.normal(size=2)
W = RNG.normal(size=(3, 4))
A6 = RNG.normal(size=6)
WCAT = RNG.normal(size=(2, 7))
P = RNG.normal(size=(5, 3))
WSQ = RNG.normal(size=(3, 3))
E = RNG.normal(size=(4, 3))
X = RNG.normal(size=(5, 3))
Y = RNG.normal(size=(5, 3))
YV = RNG.normal(size=2)
WZ = RNG.normal(size=(4, 5))
BZ = RNG.normal(size=4)
F = RNG.normal(size=(5, 4))
R_NK = (RNG.random(size=(5, 2)) < 0.5).astype(float)


def _leaky(z: np.ndarray) -> np.ndarray:
    return np.where(z > 0, z, 0.01 * z)


CASES = [
    # Bahdanau et al. 2015, eq. (6) (the alignment model a(s_{i-1}, h_j) = v_a^T tanh(W_a s_{i-1} + U_a h_j)), the
    # decoder state named s_i here so that i indexes an array directly (s_{i-1} reads too: test_bahdanau_as_written)
    (
        "bahdanau-additive",
        r"e_{ij} = v_a^\top \tanh\left(W_a s_{i} + U_a h_j\right)",
        {"v_a": VA, "W_a": WA, "U_a": UA, "s": S, "h": H},
        np.array([[VA @ np.tanh(WA @ S[i] + UA @ H[j]) for j in range(6)] for i in range(5)]),
        ["family-row-number", "capital-matrix", "capital-matrix"],
    ),
    # Lil'Log, "Attention? Attention!" (Bahdanau's score as a concatenation): v_a^T tanh(W_a [s_t; h_i])
    (
        "bahdanau-concat",
        r"e_{ij} = \mathbf{v}_a^\top \tanh(\mathbf{W}_a[\boldsymbol{s}_{i}; \boldsymbol{h}_j])",
        {r"\mathbf{v}_a": VA, r"\mathbf{W}_a": WCAT, r"\boldsymbol{s}": S, r"\boldsymbol{h}": H},
        np.array([[VA @ np.tanh(WCAT @ np.concatenate([S[i], H[j]])) for j in range(6)] for i in range(5)]),
        ["family-row-number"],
    ),
    # Veličković et al. 2018 (GAT), eq. (1)-(3): e_ij = LeakyReLU(a^T [W h_i || W h_j])
    (
        "gat-attention-logit",
        r"e_{ij} = \mathrm{LeakyReLU}(\mathbf{a}^T [\mathbf{W} \mathbf{h}_i \| \mathbf{W} \mathbf{h}_j])",
        {r"\mathbf{a}": A6, r"\mathbf{W}": W, r"\mathbf{h}": H},
        np.array([[_leaky(A6 @ np.concatenate([W @ H[i], W @ H[j]])) for j in range(6)] for i in range(6)]),
        ["family-row-number", "bar-concat"],
    ),
    # a bilinear similarity between points (metric learning, S_W(p_i, p_j) = p_i^T W p_j), for every pair
    (
        "bilinear-similarity",
        r"s_{ij} = \mathbf{p}_i^T\mathbf{W}\mathbf{p}_j",
        {r"\mathbf{p}": P, r"\mathbf{W}": WSQ},
        P @ WSQ @ P.T,
        ["family-row-number"],
    ),
    # the quadratic form of each sample, x^{(i)T} A x^{(i)} (Bishop's Mahalanobis term per example, cs229's notation)
    (
        "quadratic-form-of-a-sample",
        r"q^{(i)} = \mathbf{x}^{(i)\top} \mathbf{A} \mathbf{x}^{(i)}",
        {r"\mathbf{x}": P, r"\mathbf{A}": WSQ},
        np.einsum("ik,kl,il->i", P, WSQ, P),
        ["family-row-number"],
    ),
    # an embedding lookup by one-hot vectors (v_i = W^T e_i: row i of the embedding table)
    (
        "embedding-lookup",
        r"\mathbf{v}_i = \mathbf{W}^\top \mathbf{e}_i",
        {r"\mathbf{e}": E, r"\mathbf{W}": WSQ},
        E @ WSQ,
        ["family-rows"],
    ),
    # a layer on the concatenation of each input with a shared context vector (W [x_i; y] + b)
    (
        "concat-then-layer",
        r"\mathbf{z}_i = \mathbf{W}[\mathbf{x}_i; \mathbf{y}] + \mathbf{b}",
        {r"\mathbf{x}": X, r"\mathbf{y}": YV, r"\mathbf{W}": WZ, r"\mathbf{b}": BZ},
        np.array([WZ @ np.concatenate([X[i], YV]) + BZ for i in range(5)]),
        ["family-rows"],
    ),
    # d2l 11.3 (eq. 11.3.3, additive attention), the score of each key k_i: w_v^T tanh(W_q q + W_k k_i)
    (
        "d2l-additive-per-key",
        r"a_i = \mathbf w_v^\top \tanh(\mathbf W_q\mathbf q + \mathbf W_k \mathbf k_i)",
        {r"\mathbf k": H, r"\mathbf q": X[0], r"\mathbf W_q": WA, r"\mathbf W_k": UA, r"\mathbf w_v": VA},
        np.array([VA @ np.tanh(WA @ X[0] + UA @ H[i]) for i in range(6)]),
        ["family-row-number"],
    ),
    # Press & Wolf 2017 (tied embeddings): x_t = U^T c_{w_t}, c_{w_t} the one-hot vector of the word w_t (a label):
    # row w_t of U (before: a number times U^T, a matrix, silently)
    (
        "tied-embedding-lookup",
        r"x_t = U^\top c_{w_t}",
        {"U": WZ, "c": np.eye(4), "w_t": 3},
        WZ[2],
        ["label-entry", "family-rows"],
    ),
    # Rendle 2010 (factorization machines, eq. 1): the pairwise interaction <v_i, v_j>, for every pair
    (
        "fm-inner-product",
        r"s_{ij} = \langle \mathbf{v}_i, \mathbf{v}_j \rangle",
        {r"\mathbf{v}": P},
        P @ P.T,
        [],
    ),
    # a query's inner product with each key, <q, k_i> (d2l 11.3's dot-product score)
    (
        "query-key-inner",
        r"a_i = \langle \mathbf{q}, \mathbf{k}_i \rangle",
        {r"\mathbf{q}": X[0], r"\mathbf{k}": Y},
        Y @ X[0],
        [],
    ),
    # PyTorch nn.PairwiseDistance / TripletMarginLoss: d(x_i, y_i) = ||x_i - y_i||_p
    (
        "pairwise-distance-p",
        r"d_i = \left\lVert \mathbf{x}_i - \mathbf{y}_i \right\rVert_p",
        {r"\mathbf{x}": X, r"\mathbf{y}": Y, "p": 3.0},
        (np.abs(X - Y) ** 3).sum(axis=1) ** (1 / 3),
        [],
    ),
    # the 1-norm of the difference (Manhattan distance between members)
    (
        "pairwise-distance-1",
        r"d_i = \|\mathbf{x}_i - \mathbf{y}_i\|_1",
        {r"\mathbf{x}": X, r"\mathbf{y}": Y},
        np.abs(X - Y).sum(axis=1),
        [],
    ),
    # K-medians (Bishop PRML eq. 9.1 with the 1-norm): J = sum_n sum_k r_nk ||x_n - mu_k||_1
    (
        "kmedians-l1",
        r"J = \sum_{n=1}^{N} \sum_{k=1}^{K} r_{nk} \|\mathbf{x}_n - \boldsymbol{\mu}_k\|_1",
        {r"\mathbf{x}": X, r"\boldsymbol{\mu}": Y[:2], "r": R_NK},
        sum(R_NK[n, k] * np.abs(X[n] - Y[k]).sum() for n in range(5) for k in range(2)),
        [],
    ),
    # Chopra et al. 2005 (Lil'Log's contrastive loss): ||f_θ(x_i) - f_θ(x_j)||^2_2, for every pair
    (
        "contrastive-distance",
        r"L_{ij} = \| f_\theta(\mathbf{x}_i) - f_\theta(\mathbf{x}_j) \|^2_2",
        {r"f_\theta(\mathbf{x})": F},
        ((F[:, None, :] - F[None, :, :]) ** 2).sum(axis=-1),
        ["function-member-in-norm", "function-member-in-norm"],
    ),
    # the regression loss of a network f on examples (x_i, y_i): sum_i ||y_i - f(x_i)||^2
    (
        "regression-norm",
        r"\mathcal{L} = \sum_i \|\mathbf{y}_i - f(\mathbf{x}_i)\|^2",
        {r"\mathbf{y}": Y, r"f(\mathbf{x})": X},
        ((Y - X) ** 2).sum(),
        ["function-member-in-norm"],
    ),
]

FUNCTIONS = {"LeakyReLU": _leaky}


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_reads_and_evaluates(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules, functions=FUNCTIONS)


def test_bahdanau_as_written() -> None:
    """Bahdanau's e_{ij} with s_{i-1}: the sum over the entries of v_a, each the tanh of two members' images."""
    formula = symdl.parse(r"e_{ij} = v_a^\top \tanh\left(W_a s_{i-1} + U_a h_j\right)")
    (st,) = formula.statements
    assert isinstance(st.rhs, sympy.Sum) and st.rhs.has(sympy.tanh)
    assert "family-row-number" in [n.rule for n in formula.notes]


def test_row_note_spans_the_product() -> None:
    """The note is on the row and the whole vector it multiplies, its bracket closed."""
    latex = r"e_{ij} = \mathbf{a}^\top \left(\mathbf{W}\mathbf{h}_i + \mathbf{b}\right)"
    note = next(n for n in symdl.parse(latex).notes if n.rule == "family-row-number")
    assert latex[note.span.start : note.span.end] == r"\mathbf{a}^\top \left(\mathbf{W}\mathbf{h}_i + \mathbf{b}\right)"


def test_bilinear_form_of_one_family_has_a_square_matrix() -> None:
    """p_i^T W p_j with one family on both sides: W is square (the family's rows on both of its sides)."""
    formula = symdl.parse(r"s_{ij} = \mathbf{p}_i^T\mathbf{W}\mathbf{p}_j")
    w = formula.symbols[r"\mathbf{W}"]
    assert w.shape[0] == w.shape[1]


def test_single_bars_keep_a_number() -> None:
    """|f(x_i) - f(x_j)| with single bars: the absolute value of numbers, no embedding."""
    formula = symdl.parse(r"L = | f(\mathbf{x}_i) - f(\mathbf{x}_j) |")
    assert "function-member-in-norm" not in [n.rule for n in formula.notes]


REFUSED = [
    # \mathbf{z}_i = [\mathbf{x}_i; \mathbf{y}], one longer vector per member, reads since session 28 with each member
    # a name of its own (family-member-each, tests/test_read_s28_vecfam2.py)
    # DenseNet (Huang et al. 2017, eq. 2): the concatenation of every earlier layer's maps, by dots
    (
        "densenet-dots",
        r"\mathbf{x}_\ell = H_\ell([\mathbf{x}_0, \mathbf{x}_1, \ldots, \mathbf{x}_{\ell-1}])",
        "a concatenation of a family's members",
        r"[\mathbf{x}_0, \mathbf{x}_1, \ldots, \mathbf{x}_{\ell-1}]",
    ),
    # Lil'Log's triplet loss (Schroff et al. 2015) over a set of vectors: f(x) of the sum's vector beside f(x^+) of a
    # vector of its own, not every call of a member: no embedding family, refused as before
    (
        "triplet-over-set",
        r"\mathcal{L}_\text{triplet}(\mathbf{x}, \mathbf{x}^+, \mathbf{x}^-) = \sum_{\mathbf{x} \in \mathcal{X}} "
        r"\max\big( 0, \|f(\mathbf{x}) - f(\mathbf{x}^+)\|^2_2 - "
        r"\|f(\mathbf{x}) - f(\mathbf{x}^-)\|^2_2 + \epsilon \big)",
        "this norm of vectors of a family of vectors is not read yet",
        r"\|f(\mathbf{x}) - f(\mathbf{x}^+)\|",
    ),
    # one family on both sides through the same matrix stays refused (h_i = W h_j needs W square, and h defined
    # by itself)
    (
        "same-family-through-matrix",
        r"\mathbf{h}_i = \sum_{j \in \mathcal{N}(i)} \alpha_{ij} \mathbf{W} \mathbf{h}_j",
        "a matrix times one vector of a family of vectors",
        r"\mathbf{W} \mathbf{h}_j",
    ),
]


@pytest.mark.parametrize(("latex", "what", "text"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_still_refused(latex: str, what: str, text: str) -> None:
    assert_refused_at(latex, what, text)
