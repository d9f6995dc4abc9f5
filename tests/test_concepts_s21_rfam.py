"""Session 21, helper RFAM: concepts named on formulas with members of families of vectors read entry by entry,
sums over neighbourhoods and over the vectors of a set, once they read (must / must-not rows).

Each row: (id, LaTeX, must-name, must-not-name), through ``symdl.parse`` and ``symdl.chunk.explain``; the source
is cited per row, the must-not rows are look-alikes that are not the concept.
"""

from __future__ import annotations

import pytest

from tests.concept_cases import assert_concepts

CASES: list[tuple[str, str, set[str], set[str]]] = [
    # d2l 11.1, eq. 11.1.1: attention pooling, the weights an unknown function of the query and each key
    (
        "d2l-attention-pooling",
        r"\textrm{Attention}(\mathbf{q}, \mathcal{D}) \stackrel{\textrm{def}}{=} \sum_{i=1}^m \alpha(\mathbf{q}, "
        r"\mathbf{k}_i) \mathbf{v}_i",
        {"weighted_sum"},
        {"dot_product", "scaled_dot_product_attention"},
    ),
    # the same pooling assigned to a vector's name (Bahdanau's context vector with a scoring function)
    (
        "context-vector-function-weights",
        r"\mathbf{c} = \sum_{i=1}^m \alpha(\mathbf{q}, \mathbf{k}_i) \mathbf{v}_i",
        {"weighted_sum"},
        {"dot_product", "bilinear_form"},
    ),
    # d2l 11.2, eq. 11.2.6 for vectors: the weights over their total, written inside the sum
    (
        "d2l-nadaraya-watson-vectors",
        r"f(\mathbf{q}) = \sum_i \mathbf{v}_i \frac{\alpha(\mathbf{q}, \mathbf{k}_i)}{\sum_j \alpha(\mathbf{q}, "
        r"\mathbf{k}_j)}",
        {"weighted_average", "weighted_sum"},
        {"softmax", "dot_product"},
    ),
    # must-not: each entry over the total (a normalisation) is no weighted average: no values beside the weights
    (
        "shares-not-weighted-average",
        r"y = \sum_i \frac{x_i}{\sum_j x_j}",
        set(),
        {"weighted_average"},
    ),
    # d2l 5.1: a hidden layer per example, read entry by entry
    (
        "d2l-hidden-per-example",
        r"\mathbf{h}_i = \sigma(\mathbf{W}\mathbf{x}_i + \mathbf{b})",
        {"linear_layer"},  # σ of a hidden representation: the sigmoid is a guess (sigma-activation)
        {"softmax", "residual"},
    ),
    # cs231n's score function per example, y_i = W x_i + b
    (
        "cs231n-score-per-example",
        r"\mathbf{y}_i = \mathbf{W}\mathbf{x}_i + \mathbf{b}",
        {"linear_layer"},
        {"residual", "dot_product"},
    ),
    # PyTorch nn.Linear then nn.ReLU, per example
    (
        "relu-linear-per-example",
        r"\mathbf{h}_i = \mathrm{ReLU}(\mathbf{W} \mathbf{x}_i + \mathbf{b})",
        {"linear_layer", "relu"},
        {"leaky_relu", "softmax"},
    ),
    # d2l 8.5.2: the minibatch mean and variance over the vectors of \mathcal{B} (the mean is hatted)
    (
        "d2l-batch-statistics",
        r"\hat{\boldsymbol{\mu}}_\mathcal{B} = \frac{1}{|\mathcal{B}|} \sum_{\mathbf{x} \in \mathcal{B}} \mathbf{x} "
        r"\text{ and } \hat{\boldsymbol{\sigma}}_\mathcal{B}^2 = \frac{1}{|\mathcal{B}|} \sum_{\mathbf{x} \in "
        r"\mathcal{B}} (\mathbf{x} - \hat{\boldsymbol{\mu}}_{\mathcal{B}})^2 + \epsilon",
        {"mean", "variance"},
        {"mse", "squared_error", "l2_norm"},
    ),
    # the same statistics over members indexed in the set (Ioffe & Szegedy's x_i, i in B)
    (
        "batch-statistics-indexed",
        r"\hat{\boldsymbol{\mu}}_\mathcal{B} = \frac{1}{|\mathcal{B}|} \sum_{i \in \mathcal{B}} \mathbf{x}_i \\ "
        r"\hat{\boldsymbol{\sigma}}_\mathcal{B}^2 = \frac{1}{|\mathcal{B}|} \sum_{i \in \mathcal{B}} (\mathbf{x}_i - "
        r"\hat{\boldsymbol{\mu}}_{\mathcal{B}})^2 + \epsilon",
        {"mean", "variance"},
        {"mse", "squared_error"},
    ),
    # must-not: the mean squared error of each output over the examples (two varying quantities) is no variance
    (
        "mse-not-variance",
        r"\mathbf{e} = \frac{1}{N}\sum_{i=1}^N (\mathbf{y}_i - \hat{\mathbf{y}}_i)^2",
        set(),
        {"variance"},
    ),
    # GAT eq. 2: the coefficients over the neighbourhood \mathcal{N}_i (a masked softmax, not named yet), no look-alike
    (
        "gat-coefficients-neighbours",
        r"\alpha_{ij} = \frac{\exp(e_{ij})}{\sum_{k \in \mathcal{N}_i} \exp(e_{ik})}",
        set(),
        {"logsumexp", "sigmoid", "log_softmax"},
    ),
    # GraphSAGE's mean aggregator over \mathcal{N}(v), the degree |\mathcal{N}(v)| its count
    (
        "graphsage-mean",
        r"\mathbf{m}_v = \frac{1}{|\mathcal{N}(v)|}\sum_{u \in \mathcal{N}(v)} \mathbf{h}_u",
        set(),
        {"variance", "l2_norm", "softmax"},
    ),
    # must-not: a weighted sum of a function's values at numbers (an expectation's sum) is no weighted sum of vectors
    (
        "expectation-not-function-weights",
        r"y = \sum_x p(x) f(x)",
        set(),
        {"weighted_sum"},
    ),
]


@pytest.mark.parametrize(("latex", "want", "avoid"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_concepts(latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)
