"""Vectors of a family in sums and products; sums over neighbourhoods and sets (session 21, issue 12).

Real formulas of attention, graph networks and normalisation, each evaluated with ``symdl.lambdify`` at seeded random
arrays and compared with plain numpy computed here from the same arrays, with the reading notes they must carry:

- a statement whose terms hold members of families of vectors under element-wise functions (``\\sigma``, ``\\tanh``,
  ReLU, ``\\exp``, powers) or whose left side is a defined function (d2l's ``f(\\mathbf{q}) = \\sum_i \\mathbf{v}_i
  \\dots``) is read entry by entry (``family-rows``);
- ``\\sum_{j \\in \\mathcal{N}(i)}`` (and GAT's ``\\mathcal{N}_i`` beside a quantity per edge ``\\alpha_{ij}``) is the sum
  over every j times the 0/1 adjacency ``\\mathcal{N}_{ij}`` (``sum-over-neighbours``); ``|\\mathcal{N}(i)|`` its
  row sum, the degree;
- ``\\sum_{\\mathbf{x} \\in \\mathcal{B}} \\mathbf{x}`` runs over the rows of the set ``\\mathcal{B}`` (``sum-over-vectors``);
  ``\\sum_{x \\in \\mathcal{B}} x`` over its values (``sum-over-set``);
- what stays out of reach is refused by name, where it is written.
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_reads_as, assert_refused_at

RNG = np.random.default_rng(2112)
Q = RNG.normal(size=3)
K = RNG.normal(size=(5, 3))
V = RNG.normal(size=(5, 2))
X = RNG.normal(size=(5, 4))
H = RNG.normal(size=(6, 4))
W = RNG.normal(size=(3, 4))
W2 = RNG.normal(size=(2, 3))
B3 = RNG.normal(size=3)
ALPHA = RNG.random(size=(6, 6))
E = RNG.normal(size=(6, 6))
C = RNG.random(size=(6, 6)) + 1.0
A = (RNG.random(size=(6, 6)) < 0.5).astype(float)
np.fill_diagonal(A, 1.0)  # every node its own neighbour: no empty neighbourhood
DEG = A.sum(axis=1)
BATCH = RNG.normal(size=(7, 3))
Z = RNG.normal(size=(4, 2))  # SupCon: 4 anchors (small: its six indices are evaluated as one dense array)
POS = np.array([[0.0, 1, 0, 0], [1, 0, 0, 1], [0, 0, 0, 1], [0, 1, 1, 0]])  # positives of i, never i
EPS = 1e-5


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max())
    return e / e.sum()


BOLD = {r"\mathbf{q}": Q, r"\mathbf{k}": K, r"\mathbf{v}": V}

CASES = [
    # d2l 11.3 (eq. 11.3.1 with the softmax weights of 11.1.3): attention pooling under a defined function's name
    (
        "d2l-11.3-dot-attention",
        r"f(\mathbf{q}) = \sum_i \mathbf{v}_i \frac{\exp(\mathbf{q}^\top \mathbf{k}_i)}{\sum_j \exp(\mathbf{q}^\top "
        r"\mathbf{k}_j)}",
        BOLD,
        _softmax(K @ Q) @ V,
        ["family-rows"],
    ),
    # d2l 11.1 (eq. 11.1.1) with d2l 11.3's scaled dot-product weights, the bounds written
    (
        "d2l-11.1-attention-def",
        r"\textrm{Attention}(\mathbf{q}, \mathcal{D}) \stackrel{\textrm{def}}{=} \sum_{i=1}^m "
        r"\frac{\exp(\mathbf{q}^\top \mathbf{k}_i / \sqrt{d})}{\sum_{j=1}^m \exp(\mathbf{q}^\top \mathbf{k}_j / "
        r"\sqrt{d})} \mathbf{v}_i",
        {**BOLD, "m": 5, "d": 3, r"\mathcal{D}": 0.0},
        _softmax(K @ Q / np.sqrt(3)) @ V,
        ["family-rows"],
    ),
    # d2l 11.2 (Nadaraya-Watson, eq. 11.2.6 with the Gaussian kernel of 11.2.2) for vector queries and keys
    (
        "d2l-11.2-gaussian-kernel",
        r"f(\mathbf{q}) = \sum_i \mathbf{v}_i \frac{\exp(-\frac{1}{2}\|\mathbf{q} - \mathbf{k}_i\|^2)}"
        r"{\sum_j \exp(-\frac{1}{2}\|\mathbf{q} - \mathbf{k}_j\|^2)}",
        BOLD,
        _softmax(-0.5 * ((Q - K) ** 2).sum(axis=1)) @ V,
        ["family-rows"],
    ),
    # Bahdanau et al. 2015, eq. 5: the context vector, the weights a family over (i, j)
    (
        "bahdanau-context",
        r"\mathbf{c}_i = \sum_{j=1}^{T_x} \alpha_{ij} \mathbf{h}_j",
        {r"\mathbf{h}": H, r"\alpha": ALPHA, "T_x": 6},
        ALPHA @ H,
        ["family-rows"],
    ),
    # Veličković et al. 2018 (GAT), eq. 4: the neighbourhood written \mathcal{N}_i beside the per-edge weights
    (
        "gat-eq4",
        r"\vec{h}'_i = \sigma\left(\sum_{j \in \mathcal{N}_i} \alpha_{ij} \mathbf{W} \vec{h}_j\right)",
        {r"\vec{h}": H, r"\alpha": ALPHA, r"\mathbf{W}": W, r"\mathcal{N}": A},
        _sigmoid((A * ALPHA) @ H @ W.T),
        ["family-rows", "sigma-activation", "sum-over-neighbours"],
    ),
    # the same update as the GAT explainers write it, \mathcal{N}(i) and plain letters (iris.joshua-becker.com)
    (
        "gat-explainer",
        r"h'_i = \sigma\left(\sum_{j \in \mathcal{N}(i)} \alpha_{ij} W h_j\right)",
        {"h": H, r"\alpha": ALPHA, "W": W, r"\mathcal{N}": A},
        _sigmoid((A * ALPHA) @ H @ W.T),
        ["family-rows", "sigma-activation", "sum-over-neighbours", "capital-matrix"],
    ),
    # GAT, eq. 2: the attention coefficients, a softmax over the neighbours k of i
    (
        "gat-eq2",
        r"\alpha_{ij} = \frac{\exp(e_{ij})}{\sum_{k \in \mathcal{N}_i} \exp(e_{ik})}",
        {"e": E, r"\mathcal{N}": A},
        np.exp(E) / (A * np.exp(E)).sum(axis=1, keepdims=True),
        ["sum-over-neighbours"],
    ),
    # Hamilton, Ying & Leskovec 2017 (GraphSAGE), the mean aggregator over the neighbours of v
    (
        "graphsage-mean",
        r"\mathbf{m}_v = \frac{1}{|\mathcal{N}(v)|}\sum_{u \in \mathcal{N}(v)} \mathbf{h}_u",
        {r"\mathbf{h}": H, r"\mathcal{N}": A},
        (A @ H) / DEG[:, None],
        ["family-rows", "index-value", "sum-over-neighbours"],
    ),
    # Hamilton, Graph Representation Learning (2020), eq. 5.13: the symmetric (GCN) normalisation
    (
        "grl-5.13-symmetric",
        r"\mathbf{m}_u = \sum_{v \in \mathcal{N}(u)} \frac{\mathbf{h}_v}{\sqrt{|\mathcal{N}(u)||\mathcal{N}(v)|}}",
        {r"\mathbf{h}": H, r"\mathcal{N}": A},
        (A / np.sqrt(np.outer(DEG, DEG))) @ H,
        ["family-rows", "sum-over-neighbours", "index-value"],
    ),
    # Kipf & Welling 2017 (GCN) per node, with the normalising constants c_{ij}, the neighbourhood \mathcal{N}_i
    (
        "gcn-per-node",
        r"\mathbf{h}'_i = \sigma\left(\sum_{j \in \mathcal{N}_i} \frac{1}{c_{ij}} \mathbf{W} \mathbf{h}_j\right)",
        {r"\mathbf{h}": H, "c": C, r"\mathbf{W}": W, r"\mathcal{N}": A},
        _sigmoid((A / C) @ H @ W.T),
        ["family-rows", "sigma-activation", "sum-over-neighbours"],
    ),
    # Xu et al. 2019 (GIN), eq. 4.1: the argument of the MLP, the node's own vector and its neighbours' sum
    (
        "gin-aggregate",
        r"\mathbf{a}_v = (1 + \epsilon) \cdot \mathbf{h}_v + \sum_{u \in \mathcal{N}(v)} \mathbf{h}_u",
        {r"\mathbf{h}": H, r"\epsilon": 0.1, r"\mathcal{N}": A},
        1.1 * H + A @ H,
        ["family-rows", "sum-over-neighbours"],
    ),
    # GIN's aggregate with plain letters and layer superscripts, as Xu et al. typeset it
    (
        "gin-plain",
        r"a_v^{(k)} = (1 + \epsilon^{(k)}) \cdot h_v^{(k-1)} + \sum_{u \in \mathcal{N}(v)} h_u^{(k-1)}",
        {r"h^{(k-1)}": H[:, 0], r"\epsilon^{(k)}": 0.1, r"\mathcal{N}": A},
        1.1 * H[:, 0] + A @ H[:, 0],
        ["sum-over-neighbours"],
    ),
    # d2l 5.1 (eq. 5.1.x, one example): a hidden layer per example, an element-wise function of W x_i + b
    (
        "d2l-5.1-hidden",
        r"\mathbf{h}_i = \sigma(\mathbf{W}\mathbf{x}_i + \mathbf{b})",
        {r"\mathbf{x}": X, r"\mathbf{W}": W, r"\mathbf{b}": B3},
        _sigmoid(X @ W.T + B3),
        ["family-rows", "sigma-activation"],
    ),
    # cs231n / PyTorch nn.ReLU after nn.Linear, per example
    (
        "relu-linear",
        r"\mathbf{h}_i = \mathrm{ReLU}(\mathbf{W} \mathbf{x}_i + \mathbf{b})",
        {r"\mathbf{x}": X, r"\mathbf{W}": W, r"\mathbf{b}": B3},
        np.maximum(X @ W.T + B3, 0.0),
        ["family-rows"],
    ),
    # Goodfellow et al. 6.3 (tanh hidden units), per example
    (
        "tanh-member",
        r"\mathbf{h}_i = \tanh(\mathbf{x}_i)",
        {r"\mathbf{x}": X},
        np.tanh(X),
        ["family-rows"],
    ),
    # SimCLR (Chen et al. 2020), eq. 2 with the ReLU written: the projection head per example
    (
        "simclr-projection",
        r"\mathbf{z}_i = \mathbf{W}^{(2)}\mathrm{ReLU}(\mathbf{W}^{(1)}\mathbf{h}_i)",
        {r"\mathbf{h}": X, r"\mathbf{W}^{(1)}": W, r"\mathbf{W}^{(2)}": W2},
        np.maximum(X @ W.T, 0.0) @ W2.T,
        ["family-rows"],
    ),
    # Ioffe & Szegedy 2015, Algorithm 1 / d2l 8.5.1: the minibatch mean over the vectors of \mathcal{B}
    (
        "d2l-8.5-batch-mean",
        r"\hat{\boldsymbol{\mu}}_\mathcal{B} = \frac{1}{|\mathcal{B}|} \sum_{\mathbf{x} \in \mathcal{B}} \mathbf{x}",
        {r"\mathcal{B}": BATCH},
        BATCH.mean(axis=0),
        ["sum-over-vectors", "sum-over-set", "family-rows"],
    ),
    # d2l 8.5.2: the minibatch variance, element-wise squares of x - mu plus epsilon (two statements)
    (
        "d2l-8.5-batch-variance",
        r"\hat{\boldsymbol{\mu}}_\mathcal{B} = \frac{1}{|\mathcal{B}|} \sum_{\mathbf{x} \in \mathcal{B}} \mathbf{x} "
        r"\text{ and } \hat{\boldsymbol{\sigma}}_\mathcal{B}^2 = \frac{1}{|\mathcal{B}|} \sum_{\mathbf{x} \in "
        r"\mathcal{B}} (\mathbf{x} - \hat{\boldsymbol{\mu}}_{\mathcal{B}})^2 + \epsilon",
        {r"\mathcal{B}": BATCH, r"\epsilon": EPS},
        BATCH.var(axis=0) + EPS,
        [
            "sum-over-vectors",
            "sum-over-set",
            "family-rows",
            "family-rows",
            "square-name",
            "sum-over-vectors",
            "sum-over-set",
        ],
    ),
    # the minibatch mean with \boldsymbol for the vector (Ioffe & Szegedy's x_i over \mathcal{B})
    (
        "boldsymbol-batch-mean",
        r"\boldsymbol{\mu} = \frac{1}{|\mathcal{B}|} \sum_{\boldsymbol{x} \in \mathcal{B}} \boldsymbol{x}",
        {r"\mathcal{B}": BATCH},
        BATCH.mean(axis=0),
        ["sum-over-vectors", "sum-over-set", "family-rows"],
    ),
    # the per-feature mean of a set of numbers (Ioffe & Szegedy's scalar x over \mathcal{B}): its values, not 1..N
    (
        "scalar-batch-mean",
        r"\mu_\mathcal{B} = \frac{1}{|\mathcal{B}|}\sum_{x \in \mathcal{B}} x",
        {r"\mathcal{B}": BATCH[:, 0]},
        BATCH[:, 0].mean(),
        ["sum-over-set"],
    ),
    # Bishop PRML 9.4 (K-means' mean, written with the set of its points C_k) read over the rows of C
    (
        "set-of-points-sum",
        r"\mathbf{s} = \sum_{\mathbf{x} \in C} \mathbf{x}",
        {"C": BATCH},
        BATCH.sum(axis=0),
        ["sum-over-vectors", "sum-over-set", "family-rows"],
    ),
    # Khosla et al. 2020 (SupCon), eq. 2: positives P(i) and all others A(i) of anchor i, each a neighbourhood
    (
        "supcon-out",
        r"\mathcal{L}^{sup}_{out} = \sum_{i \in I} \frac{-1}{|P(i)|} \sum_{p \in P(i)} \log \frac{\exp(\boldsymbol{z}_i "
        r"\cdot \boldsymbol{z}_p / \tau)}{\sum_{a \in A(i)} \exp(\boldsymbol{z}_i \cdot \boldsymbol{z}_a / \tau)}",
        {r"\boldsymbol{z}": Z, r"\tau": 0.5, "P": POS, "A": 1.0 - np.eye(4)},
        None,  # computed in the test from the same arrays (a loop over anchors)
        None,
    ),
    # the exponential of a member (a softmax's numerator per example)
    (
        "exp-member",
        r"\mathbf{e}_i = \exp(\mathbf{x}_i) / 2",
        {r"\mathbf{x}": X},
        np.exp(X) / 2,
        ["family-rows"],
    ),
    # Murphy, PML 1 (10.2.3.1): the gradient of logistic regression's NLL, a defined function of w with a vector value
    (
        "murphy-logreg-gradient",
        r"\boldsymbol{g}(\boldsymbol{w}) = \frac{1}{N} \sum_{n=1}^N (\mu_n - y_n) \boldsymbol{x}_n",
        {
            r"\boldsymbol{x}": X,
            r"\mu": ALPHA[0, :5],
            "y": (ALPHA[1, :5] > 0.5) * 1.0,
            "N": 5,
            r"\boldsymbol{w}": np.zeros(4),
        },
        (ALPHA[0, :5] - (ALPHA[1, :5] > 0.5)) @ X / 5,
        ["family-rows"],
    ),
    # a matrix before a weighted sum of members (Bahdanau's W_c c_i with c_i = \sum_j \alpha_{ij} h_j)
    (
        "matrix-before-sum",
        r"\mathbf{y}_i = \mathbf{W}\sum_j \alpha_{ij} \mathbf{h}_j",
        {r"\mathbf{h}": H, r"\alpha": ALPHA, r"\mathbf{W}": W},
        ALPHA @ H @ W.T,
        ["family-rows"],
    ),
    # attention pooling with a weight family and a nonlinearity outside (Luong et al. 2015's tanh(W_c [c; h]) aside)
    (
        "tanh-of-pooling",
        r"\mathbf{c} = \tanh\left(\sum_i \alpha_i \mathbf{v}_i\right)",
        {r"\mathbf{v}": V, r"\alpha": ALPHA[0, :5]},
        np.tanh(ALPHA[0, :5] @ V),
        ["family-rows"],
    ),
]


def _supcon() -> float:
    """SupCon's L_out, from the definition: for each anchor i, minus the mean over its positives p of log softmax."""
    z, tau, pos, others = Z, 0.5, POS, 1.0 - np.eye(4)
    total = 0.0
    for i in range(4):
        denom = sum(others[i, a] * np.exp(z[i] @ z[a] / tau) for a in range(4))
        total += -sum(pos[i, p] * np.log(np.exp(z[i] @ z[p] / tau) / denom) for p in range(4)) / pos[i].sum()
    return total


@pytest.mark.parametrize(
    ("latex", "inputs", "want", "rules"),
    [c[1:] for c in CASES if c[3] is not None],
    ids=[c[0] for c in CASES if c[3] is not None],
)
def test_reads_and_evaluates(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


def test_supcon_positives_and_anchors_are_neighbourhoods() -> None:
    """SupCon's P(i) and A(i): two neighbourhoods of the anchor, each a 0/1 matrix; |P(i)| the number of positives."""
    latex, inputs = next((c[1], c[2]) for c in CASES if c[0] == "supcon-out")
    formula = symdl.parse(latex)
    assert [n.rule for n in formula.notes].count("sum-over-neighbours") == 2
    got = symdl.lambdify(formula)(**inputs)  # i over I: the anchors, the rows of P
    np.testing.assert_allclose(float(got), _supcon(), rtol=1e-12)


def test_neighbourhood_note_says_what_it_reads() -> None:
    """The note names the adjacency and the pair of indices it is read at."""
    formula = symdl.parse(r"h'_i = \sigma\left(\sum_{j \in \mathcal{N}(i)} \alpha_{ij} W h_j\right)")
    note = next(n for n in formula.notes if n.rule == "sum-over-neighbours")
    assert r"\mathcal{N}_{ij}" in note.message and "0/1" in note.message
    assert formula.source[note.span.start : note.span.end] == r"\sum_{j \in \mathcal{N}(i)}"


def test_a_minibatch_over_its_set_keeps_its_reading() -> None:
    """d2l's minibatch SGD, \\sum_{i \\in \\mathcal{B}_t}: no quantity per pair (t, i), so a sum over the set's
    entries as before, never an adjacency."""
    formula = symdl.parse(
        r"\mathbf{w}_t = \mathbf{w}_{t-1} - \frac{\eta}{|\mathcal{B}_t|}\sum_{i\in\mathcal{B}_t} \mathbf{g}_{i}"
    )
    assert "sum-over-neighbours" not in [n.rule for n in formula.notes]
    assert "sum-over-set" in [n.rule for n in formula.notes]


REFUSED = [
    # Bahdanau's additive score and Chopra et al.'s contrastive loss read since session 22
    # (tests/test_read_s22_rfam.py)
    # one family on both sides through the same matrix: h_i = W h_j would need W square (h's rows W's and W's input)
    (
        "same-family-through-matrix",
        r"\mathbf{h}_i = \sum_{j \in \mathcal{N}(i)} \alpha_{ij} \mathbf{W} \mathbf{h}_j",
        "a matrix times one vector of a family of vectors",
        r"\mathbf{W} \mathbf{h}_j",
    ),
    # f(\mathbf{x}_i) = \mathbf{W}\mathbf{x}_i, a defined function at one member, reads since session 28
    # (family-member-each, tests/test_read_s28_vecfam2.py)
    # wav2vec 2.0 (Baevski et al. 2020): a sum over samples drawn from a set stays refused by name
    (
        "wav2vec-sampled",
        r"\mathcal{L}_m = -\log \frac{\exp(s_t)}{\sum_{\tilde{\mathbf{q}} \sim \mathbf{Q}_t} \exp(s(\tilde{\mathbf{q}}))}",
        "as the index of",
        r"\sum",
    ),
    # Rendle et al. 2009 (BPR-Opt): a sum over the tuples of a set is refused by name (was a malformed index)
    (
        "bpr-tuples",
        r"\text{BPR-Opt} := \sum_{(u,i,j) \in D_S} \ln \sigma(\hat{x}_{uij}) - \lambda_\Theta \|\Theta\|^2",
        "over the tuples of a set",
        r"\sum",
    ),
]


@pytest.mark.parametrize(("latex", "what", "text"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_still_refused(latex: str, what: str, text: str) -> None:
    assert_refused_at(latex, what, text)
