"""Session 17, helper LOSS: losses, divergences and probability on real notation (must / must-not rows).

Each row: (id, LaTeX, must-name, must-not-name), through ``symdl.parse`` and ``symdl.chunk.explain``; the source
is cited per row, the must-not rows are look-alikes that are not the concept.
"""

from __future__ import annotations

import pytest

from tests.concept_cases import assert_concepts

CASES: list[tuple[str, str, set[str], set[str]]] = [
    # --- cs231n's multiclass SVM: the sum's j ≠ y_i is a Kronecker-delta mask, never "equal" to no mask
    ("svm-cs231n", r"L_i = \sum_{j \neq y_i} \max(0, s_j - s_{y_i} + \Delta)", {"hinge"}, set()),  # cs231n linear
    ("svm-cs231n-w", r"L_i = \sum_{j\neq y_i} \max(0, w_j^T x_i - w_{y_i}^T x_i + \Delta)", {"hinge"}, set()),  # cs231n
    # --- a margin loss is a loss, not an activation: no ReLU named on the hinge's or the triplet's max(0, ·)
    ("hinge-binary", r"\ell(y) = \max(0, 1 - t \cdot y)", {"hinge"}, {"relu"}),  # Wikipedia, hinge loss
    (
        "hinge-keras",
        r"\text{loss} = \text{mean}\left(\max\left(1 - y_{\text{true}} \cdot y_{\text{pred}}, 0\right)\right)",
        {"hinge"},
        {"relu"},
    ),  # Keras Hinge docs
    (
        "triplet-no-relu",
        r"L(a, p, n) = \max\{d(a_i, p_i) - d(a_i, n_i) + {\rm margin}, 0\}",
        {"triplet_loss"},
        {"relu"},
    ),
    # PyTorch TripletMarginLoss docs
    ("relu-still", r"\max(0, \mathbf{W}\mathbf{x} + \mathbf{b})", {"relu"}, {"hinge"}),  # d2l MLP
    ("relu-one-minus", r"\max(0, 1 - x)", {"relu"}, {"hinge"}),  # no score times a label: stays a ReLU
    # --- an L2 penalty is on the weights, not on a squared function of the data (the L2-SVM's C Σ hinge²)
    (
        "sqhinge-liblinear",
        r"\frac{1}{2}\mathbf{w}^T\mathbf{w} + C\sum_{i=1}^{l} \left(\max\left(0, 1 - y_i \mathbf{w}^T"
        r"\mathbf{x}_i\right)\right)^2",
        {"squared_hinge", "l2_penalty"},
        {"relu"},
    ),  # LIBLINEAR paper, L2-loss SVM
    (
        "not-l2-hinge-sum",
        r"C\sum_{i=1}^{l} \max(0, 1 - y_i \mathbf{w}^T\mathbf{x}_i)^2",
        {"squared_hinge"},
        {"l2_penalty"},
    ),
    ("l2-theta", r"\lambda\sum_{j} \theta_j^2", {"l2_penalty"}, set()),  # Ng's regularised cost
    # --- a variance is no MSE: squared deviations from a mean no index moves
    ("var-not-mse", r"\sigma^2 = \frac{1}{n}\sum_{i=1}^{n}(x_i - \mu)^2", {"variance"}, {"mse"}),  # Wikipedia, variance
    (
        "mse-hat",
        r"\mathrm{MSE} = \frac{1}{n}\sum_{i=1}^{n}(y_i - \hat{y}_i)^2",
        {"mse"},
        {"variance"},
    ),  # Wikipedia, MSE
    ("mse-params", r"\frac{1}{n}\sum_{i=1}^{n}(y_i - \mu_i)^2", {"mse"}, {"variance"}),  # a predicted mean per example
    # --- the log-softmax of the true class written as one quotient
    (
        "ce-cs231n-quotient",
        r"L_i = -\log\left(\frac{e^{f_{y_i}}}{\sum_j e^{f_j}}\right)",
        {"cross_entropy", "softmax"},
        {"entropy"},
    ),  # cs231n linear classify, softmax classifier
    (
        "ce-pytorch-probs",
        r"\ell_n = - \sum_{c=1}^C w_c \log \frac{\exp(x_{n,c})}{\sum_{i=1}^C \exp(x_{n,i})} y_{n,c}",
        {"cross_entropy", "softmax"},
        set(),
    ),  # PyTorch CrossEntropyLoss, class probabilities as targets
    (
        "ce-ufldl",
        r"-\sum_{i=1}^{m}\sum_{k=1}^{K} \mathbf{1}\{y^{(i)} = k\} \log \frac{e^{\theta_k^\top x^{(i)}}}"
        r"{\sum_{j=1}^K e^{\theta_j^\top x^{(i)}}}",
        {"cross_entropy", "nll", "softmax", "indicator"},
        {"entropy"},
    ),  # UFLDL softmax regression
    (
        "not-ce-focal",
        r"-\sum_{i=1}^{N} \alpha (1 - \hat{p}_i)^{\gamma} \log \hat{p}_i",
        {"focal_loss"},
        {"cross_entropy"},
    ),
    # Lin et al. 2017: the modulating factor is a function of the prediction, not a class weight
    ("not-ce-self-weight", r"-\sum_i p_i q_i \log p_i", set(), {"cross_entropy"}),
    # --- the MSE of vectors: a squared distance divided by a count of examples
    ("mse-vector", r"\frac{1}{m}\|\mathbf{X}\mathbf{w} - \mathbf{y}\|_2^2", {"mse"}, {"l2_penalty"}),  # Goodfellow 5.4
    ("mse-vector-half", r"\frac{1}{2m}\|\hat{\mathbf{y}} - \mathbf{y}\|^2", {"mse"}, {"l2_penalty"}),  # Ng's cost
    (
        "not-mse-precision",
        r"\frac{1}{\sigma^2}\|\mathbf{x} - \boldsymbol{\mu}\|^2",
        set(),
        {"mse"},
    ),  # Bishop 2.43's exponent
    ("not-mse-penalty", r"\frac{\lambda}{2}\|\mathbf{w}\|^2", {"l2_penalty"}, {"mse"}),  # d2l weight decay
    # --- the log of a product of likelihoods is a sum of logs
    ("nll-product", r"-\log \prod_{i=1}^{m} p(y^{(i)} \mid x^{(i)}; \theta)", {"nll"}, set()),  # Goodfellow 5.56
    # --- PyTorch KLDivLoss: the pointwise term before the reduction
    (
        "kl-pointwise",
        r"L(y_{\text{pred}},\ y_{\text{true}}) = y_{\text{true}} \cdot \log \frac{y_{\text{true}}}{y_{\text{pred}}}",
        {"kl_divergence"},
        {"entropy"},
    ),  # PyTorch KLDivLoss docs
    ("not-kl-scaled", r"2 x \log\frac{x}{y}", set(), {"kl_divergence"}),
    # --- KL of two multivariate Gaussians in closed form (Wikipedia, multivariate normal; the VAE's prior form)
    (
        "kl-mvn",
        r"\frac{1}{2}\left(\operatorname{tr}(\boldsymbol{\Sigma}_1^{-1}\boldsymbol{\Sigma}_0) + (\boldsymbol{\mu}_1 - "
        r"\boldsymbol{\mu}_0)^\top \boldsymbol{\Sigma}_1^{-1}(\boldsymbol{\mu}_1 - \boldsymbol{\mu}_0) - k + "
        r"\ln\frac{|\boldsymbol{\Sigma}_1|}{|\boldsymbol{\Sigma}_0|}\right)",
        {"kl_divergence"},
        {"bilinear_form"},  # (\mu_1 - \mu_0)^T \Sigma_1^{-1} (\mu_1 - \mu_0): a quadratic form, no similarity of two
    ),
    (
        "kl-mvn-prior",
        r"\frac{1}{2}\left(\operatorname{tr}(\boldsymbol{\Sigma}) + \boldsymbol{\mu}^\top\boldsymbol{\mu} - k - "
        r"\log\det\boldsymbol{\Sigma}\right)",
        {"kl_divergence"},
        set(),
    ),
    # traps: the log-determinant ratio upside down, and with the wrong sign
    (
        "not-kl-mvn-flipped",
        r"\frac{1}{2}\left(\operatorname{tr}(\boldsymbol{\Sigma}_1^{-1}\boldsymbol{\Sigma}_0) + (\boldsymbol{\mu}_1 - "
        r"\boldsymbol{\mu}_0)^\top \boldsymbol{\Sigma}_1^{-1}(\boldsymbol{\mu}_1 - \boldsymbol{\mu}_0) - k + "
        r"\ln\frac{|\boldsymbol{\Sigma}_0|}{|\boldsymbol{\Sigma}_1|}\right)",
        set(),
        {"kl_divergence"},
    ),
    (
        "not-kl-mvn-sign",
        r"\frac{1}{2}\left(\operatorname{tr}(\boldsymbol{\Sigma}) + \boldsymbol{\mu}^\top\boldsymbol{\mu} - k + "
        r"\log\det\boldsymbol{\Sigma}\right)",
        set(),
        {"kl_divergence"},
    ),
    # --- indicators: bold one and Iverson bracket
    ("indicator-bold", r"\sum_{i=1}^{m} \mathbf{1}\{y^{(i)} = k\}", {"indicator"}, set()),  # UFLDL
    ("indicator-iverson", r"\sum_i [y_i = k]", {"indicator"}, set()),  # Knuth's Iverson bracket (Murphy PML)
    ("not-indicator-ones", r"\mathbf{1}^\top \mathbf{x}", set(), {"indicator"}),  # the ones vector
    # --- the expectation's distribution is the reading's, per expectation (not any \sim of the text)
    ("entropy-expect", r"H(x) = -\mathbb{E}_{x \sim P}[\log P(x)]", {"entropy"}, {"cross_entropy"}),  # Goodfellow 3.49
    ("ce-expect", r"H(P, Q) = -\mathbb{E}_{x \sim P}[\log Q(x)]", {"cross_entropy"}, {"entropy"}),  # Goodfellow 3.51
    # trap: the p of the second expectation's subscript is not what the first one draws from
    (
        "not-entropy-other-draw",
        r"-\mathbb{E}_{x \sim q}[\log p(x)] + \mathbb{E}_{z \sim p}[f(z)]",
        {"expectation"},
        {"entropy"},
    ),
    # a margin NAMED as a hyperparameter makes max(0, margin − d) a hinge (PyTorch HingeEmbeddingLoss docs, y = −1 branch)
    (
        "hinge-embedding-named-margin",
        r"l_n = \begin{cases} x_n, & \text{if}\; y_n = 1,\\ \max \{0, \text{margin} - x_n\}, & \text{if}\; y_n = -1, \end{cases}",
        {"hinge"},
        {"relu"},
    ),
    # Hadsell et al. 2006 / cs231n margin notation: Δ − d clipped at 0
    ("hinge-greek-margin-distance", r"\ell = \max(0, \Delta - d)", {"hinge"}, {"relu"}),
    # a numeric shift is no named margin: ReLU(1 − x) stays a ReLU (Glorot et al. 2011 write rectifiers of shifted inputs)
    ("relu-of-shift-not-hinge", r"y = \max(0, 1 - x)", {"relu"}, {"hinge"}),
]


@pytest.mark.parametrize(("cid", "latex", "want", "avoid"), CASES, ids=[c[0] for c in CASES])
def test_concepts(cid: str, latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)
