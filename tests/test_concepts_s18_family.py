"""Session 18, helper FAMILY: concepts named on formulas with families of vectors, labels inside subscripts and
sums over sets' members, once they read (must / must-not rows).

Each row: (id, LaTeX, must-name, must-not-name), through ``symdl.parse`` and ``symdl.chunk.explain``; the source
is cited per row, the must-not rows are look-alikes that are not the concept.
"""

from __future__ import annotations

import pytest

from tests.concept_cases import assert_concepts

CASES: list[tuple[str, str, set[str], set[str]]] = [
    # PyTorch docs, torch.nn.CrossEntropyLoss (class indices, unreduced): x_{n,y_n} the target class's score
    (
        "pytorch-ce-positions",
        r"l_n = - w_{y_n} \log \frac{\exp(x_{n,y_n})}{\sum_{c=1}^C \exp(x_{n,c})} \cdot 1\{y_n \not= \text{ignore\_index}\}",
        {"cross_entropy"},
        {"binary_cross_entropy", "entropy", "kl_divergence"},
    ),
    # van den Oord et al. 2018 (CPC), eq. 4: InfoNCE with the positive score f_k over the candidates x_j of X
    (
        "cpc-infonce",
        r"\mathcal{L}_\text{N} = - \mathop{\mathbb{E}}_{X} \left[ \log \frac{f_k(x_{t+k}, c_t)}"
        r"{\sum_{x_j \in X} f_k(x_j, c_t)} \right]",
        {"infonce"},
        {"kl_divergence", "entropy", "js_divergence"},
    ),
    # Mikolov et al. 2013 (word2vec), eq. 2: the softmax over the output vectors v'_w
    (
        "word2vec-softmax",
        r"p(w_O|w_I) = \frac{\exp\left({v'_{w_O}}^\top v_{w_I}\right)}{\sum_{w=1}^{W} \exp\left({v'_w}^\top "
        r"v_{w_I}\right)}",
        {"softmax"},
        {"sigmoid", "cosine_similarity", "infonce"},
    ),
    # Mikolov et al. 2013, eq. 4: negative sampling, log-sigmoids of dot products
    (
        "word2vec-negative-sampling",
        r"\log \sigma({v'_{w_O}}^\top v_{w_I}) + \sum_{i=1}^{k} \mathbb{E}_{w_i \sim P_n(w)}\left[\log "
        r"\sigma(-{v'_{w_i}}^\top v_{w_I})\right]",
        {"log_sigmoid"},
        {"softmax", "log_softmax", "infonce"},
    ),
    # d2l 15.1 (skip-gram), the window's conditions stacked under the sum, and the softmax of u_o^T v_c
    (
        "d2l-skipgram",
        r"J(\theta) = -\frac{1}{T}\sum_{t=1}^{T}\sum_{\substack{-m \le j \le m \\ j \ne 0}} \log P(w_{t+j} \mid w_t; "
        r"\theta), \qquad P(o \mid c) = \frac{\exp(u_o^T v_c)}{\sum_{w \in V}\exp(u_w^T v_c)}",
        {"softmax", "nll"},
        {"log_sigmoid", "infonce", "entropy"},
    ),
    # Bishop, PRML eq. 3.27: the regularised sum-of-squares error with basis functions of each example
    (
        "bishop-3.27",
        r"\frac{1}{2}\sum_{n=1}^{N}\{t_n - \mathbf{w}^{\mathrm{T}}\boldsymbol{\phi}(\mathbf{x}_n)\}^2 + "
        r"\frac{\lambda}{2}\mathbf{w}^{\mathrm{T}}\mathbf{w}",
        {"l2_penalty", "squared_error"},
        {"l1_penalty", "bilinear_form"},
    ),
    # Goodfellow et al., Algorithm 8.2: SGD with momentum, the gradient of the minibatch's mean loss
    (
        "goodfellow-alg-8.2",
        r"\boldsymbol{v} \leftarrow \alpha \boldsymbol{v} - \epsilon \nabla_{\boldsymbol{\theta}} \left( \frac{1}{m} "
        r"\sum_{i=1}^{m} L(\boldsymbol{f}(\boldsymbol{x}^{(i)};\boldsymbol{\theta}), \boldsymbol{y}^{(i)}) \right), \\ "
        r"\boldsymbol{\theta} \leftarrow \boldsymbol{\theta} + \boldsymbol{v}.",
        {"momentum"},
        {"nesterov", "running_sum", "adam"},
    ),
    # look-alike: a log-ratio of two densities under an expectation stays a KL divergence (no sum of candidates)
    (
        "kl-expectation-not-infonce",
        r"D = \mathbb{E}_{x \sim p}\left[\log \frac{p(x)}{q(x)}\right]",
        {"kl_divergence"},
        {"infonce"},
    ),
]


@pytest.mark.parametrize(("latex", "want", "avoid"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_family_concepts(latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)
