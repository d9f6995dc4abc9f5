"""Round 2 of issue 14, group NORM2: normalisation layers, statistics, probability and initialisation.

Each row: (id, LaTeX as published, ids that must be named, ids that must not be).  Sources are cited per row; the
dev-sample formula of each gap sits beside another published notation of the same idea and a look-alike.
"""

from __future__ import annotations

import pytest

import symdl
from symdl.chunk import explain

LN_STATS = (  # Ba, Kiros & Hinton 2016, eq. 3 (the statistics only)
    r"\mu^l = \frac{1}{H}\sum_{i=1}^{H} a_i^l \qquad \sigma^l = \sqrt{\frac{1}{H}\sum_{i=1}^{H}\left(a_i^l - \mu^l\right)^2}"
)
LN_RNN = (  # Ba, Kiros & Hinton 2016, eq. 4 (layer-normalised RNN, vector form)
    r"\mathbf{h}^t = f\left[\frac{\mathbf{g}}{\sigma^t} \odot \left(\mathbf{a}^t - \mu^t\right) + \mathbf{b}\right], "
    r"\quad \mu^t = \frac{1}{H}\sum_{i=1}^{H} a_i^t, \quad "
    r"\sigma^t = \sqrt{\frac{1}{H}\sum_{i=1}^{H}\left(a_i^t - \mu^t\right)^2}"
)
BN_STATS = (  # Ioffe & Szegedy 2015, Algorithm 1, first two lines
    r"\mu_\mathcal{B} = \frac{1}{m}\sum_{i=1}^m x_i \qquad \sigma_\mathcal{B}^2 = \frac{1}{m}\sum_{i=1}^m (x_i - \mu_\mathcal{B})^2"
)
COLUMN_STATS = (  # per-feature statistics of a data table (cs231n preprocessing): no layer is named
    r"\mu_j = \frac{1}{N}\sum_{i=1}^{N} x_{ij} \qquad \sigma_j = \sqrt{\frac{1}{N}\sum_{i=1}^{N}(x_{ij}-\mu_j)^2}"
)
FEATURE_STANDARDISE = (  # feature standardisation of a data set, in place (dev K086)
    r"x_{ij} \leftarrow \frac{x_{ij} - \mu_j}{\sigma_j}, \qquad \mu_j = \frac{1}{N}\sum_{k=1}^{N} x_{kj}, "
    r"\qquad \sigma_j = \sqrt{\frac{1}{N}\sum_{k=1}^{N} (x_{kj} - \mu_j)^2}"
)
RMS_CALL = (  # Zhang & Sennrich 2019, eq. 4 with RMS(a) written as a function
    r"\bar{a}_i = \frac{a_i}{\mathrm{RMS}(\mathbf{a})} g_i, \quad \text{where~} "
    r"\mathrm{RMS}(\mathbf{a}) = \sqrt{\frac{1}{n}\sum_{i=1}^{n} a_i^2}"
)
SOFTMAX_COST = (  # UFLDL softmax regression cost
    r"J(\theta) = - \left[ \sum_{i=1}^{m} \sum_{k=1}^{K} 1\left\{y^{(i)} = k\right\} \log "
    r"\frac{\exp(\theta^{(k)\top} x^{(i)})}{\sum_{j=1}^K \exp(\theta^{(j)\top} x^{(i)})}\right]"
)
SOFTMAX_GRAD = (  # cs229 / UFLDL softmax regression gradient
    r"\nabla_{\theta^{(k)}} J(\theta) = - \sum_{i=1}^{m}{ \left[ x^{(i)} \left( 1\{ y^{(i)} = k\}  - "
    r"P(y^{(i)} = k | x^{(i)}; \theta) \right) \right] }"
)
MVN = (  # Bishop PRML eq. 2.43
    r"\mathcal{N}(\mathbf{x} \mid \boldsymbol{\mu}, \boldsymbol{\Sigma}) = \frac{1}{(2\pi)^{D/2}} "
    r"\frac{1}{|\boldsymbol{\Sigma}|^{1/2}} \exp\left\{ -\frac{1}{2}(\mathbf{x} - \boldsymbol{\mu})^{\mathrm{T}} "
    r"\boldsymbol{\Sigma}^{-1} (\mathbf{x} - \boldsymbol{\mu}) \right\}"
)
DDPM = (  # Ho, Jain & Abbeel 2020, eq. 4 written as a sample
    r"\mathbf{x}_t = \sqrt{\bar\alpha_t}\,\mathbf{x}_0 + \sqrt{1 - \bar\alpha_t}\,\boldsymbol{\epsilon}"
)

CASES: list[tuple[str, str, set[str], set[str]]] = [
    # --- layer / batch norm read off their statistics or a vector form
    ("ln-ba-stats", LN_STATS, {"layer_norm", "mean", "standard_deviation"}, {"batch_norm"}),
    ("ln-ba-rnn-vector", LN_RNN, {"layer_norm", "mean", "standard_deviation"}, {"batch_norm"}),
    ("bn-ioffe-stats", BN_STATS, {"batch_norm", "mean", "variance"}, {"layer_norm"}),
    ("column-stats-not-a-layer", COLUMN_STATS, {"mean", "standard_deviation"}, {"batch_norm", "layer_norm"}),
    ("feature-standardise", FEATURE_STANDARDISE, {"normalization", "mean", "standard_deviation"},
     {"batch_norm", "layer_norm"}),
    ("ln-vector-mean-unknown",  # μ not defined as a mean over anything: no layer named
     r"\mathbf{h} = f\left[\frac{\mathbf{g}}{\sigma} \odot \left(\mathbf{a} - \mu\right) + \mathbf{b}\right]", set(),
     {"layer_norm", "batch_norm"}),
    ("standardise-pytorch-vector",  # PyTorch LayerNorm/BatchNorm docs: batch or layer, the formula does not say
     r"y = \frac{x - \mathrm{E}[x]}{\sqrt{\mathrm{Var}[x] + \epsilon}} * \gamma + \beta", {"normalization"},
     {"rms_normalization", "batch_norm", "layer_norm"}),
    ("standardise-ioffe-eq", r"\hat{x}^{(k)} = \frac{x^{(k)} - \mathrm{E}[x^{(k)}]}{\sqrt{\mathrm{Var}[x^{(k)}]}}",
     {"normalization"}, set()),  # Ioffe & Szegedy 2015, sec. 3
    ("mean-square-not-a-spread", r"y = \frac{x - \mathrm{E}[x]}{\sqrt{\mathrm{E}[x^2] + \epsilon}}", set(),
     {"normalization"}),
    # --- RMSNorm
    ("rmsnorm-pytorch", r"y = \frac{x}{\sqrt{\mathrm{E}[x^2] + \epsilon}} * \gamma", {"rms_norm"}, set()),
    ("rms-of-y-not-rmsnorm", r"y = \frac{x}{\sqrt{\mathrm{E}[y^2] + \epsilon}} * \gamma", set(), {"rms_norm"}),
    ("rmsnorm-call", RMS_CALL, {"rms_norm", "rms_normalization"}, {"layer_norm"}),
    ("rmsnorm-written-out", r"\bar{a}_i = \frac{a_i}{\sqrt{\frac{1}{n}\sum_{j=1}^n a_j^2}} g_i",  # Zhang & Sennrich
     {"rms_norm"}, {"layer_norm"}),
    ("rms-of-another-vector", r"\bar{a}_i = \frac{a_i}{\mathrm{RMS}(\mathbf{b})} g_i", set(), {"rms_norm"}),
    # --- weight norm
    ("wn-entrywise", r"\mathbf{w}_i = g_i \, \frac{\mathbf{v}_i}{\sqrt{\sum_j v_{ij}^2}}", {"weight_norm"},
     {"lp_normalization"}),  # Salimans & Kingma 2016, per output unit
    ("wn-paper-eq2", r"\mathbf{w} = \frac{g}{\|\mathbf{v}\|}\mathbf{v}", {"weight_norm"}, set()),  # eq. 2
    ("row-normalise-not-wn", r"y_{ik} = \frac{x_{ik}}{\sqrt{\sum_j x_{ij}^2}}", {"lp_normalization"},
     {"weight_norm"}),
    ("wn-other-vector", r"w_i = g_i \frac{v_{ik}}{\sqrt{\sum_j u_{ij}^2}}", set(), {"weight_norm"}),
    # --- variance as mean square minus squared mean
    ("var-prml-1.39", r"\mathrm{var}[f] = \mathbb{E}[f(x)^2] - \mathbb{E}[f(x)]^2", {"variance", "expectation"},
     set()),  # Bishop PRML eq. 1.39
    ("var-computational", r"\sigma^2 = \frac{1}{N}\sum_{i=1}^N x_i^2 - \left(\frac{1}{N}\sum_{i=1}^N x_i\right)^2",
     {"variance"}, set()),  # Wikipedia, Variance (computational formula)
    ("var-definition-expectation", r"\mathrm{Var}(X) = \mathbb{E}[(X - \mathbb{E}[X])^2]", {"variance"}, set()),
    ("var-two-quantities", r"y = \mathbb{E}[X^2] - \mathbb{E}[Y]^2", set(), {"variance"}),
    ("var-two-samples", r"y = \frac{1}{N}\sum_{i=1}^N x_i^2 - \left(\frac{1}{N}\sum_{i=1}^N y_i\right)^2", set(),
     {"variance"}),
    # --- expectation defined on the left
    ("expectation-goodfellow-3.9", r"\mathbb{E}_{\mathrm{x} \sim P}[f(x)] = \sum_x P(x) f(x)", {"expectation"},
     set()),  # Goodfellow et al. eq. 3.9
    ("expectation-prml-1.33", r"\mathbb{E}[f] = \sum_x p(x) f(x)", {"expectation"}, set()),  # Bishop eq. 1.33
    ("energy-not-expectation", r"E(x) = \sum_x P(x) f(x)", set(), {"expectation"}),
    # --- indicator multiplied into what it selects
    ("indicator-ufldl-cost", SOFTMAX_COST, {"indicator", "softmax"}, set()),
    ("indicator-cs229-grad", SOFTMAX_GRAD, {"indicator"}, set()),
    ("indicator-mathbb", r"\frac{\partial L}{\partial z_k} = p_k - \mathbb{1}[y = k]", {"indicator"}, set()),
    ("cases-relu-not-indicator", r"\mathrm{relu}(x) = \begin{cases} x & x > 0 \\ 0 & \text{otherwise}\end{cases}",
     {"relu"}, {"indicator"}),
    # --- argmax read as an optimum over a variable
    ("argmax-goodfellow-5.58",
     r"\boldsymbol{\theta}_{\mathrm{ML}} = \arg\max_{\boldsymbol{\theta}} \sum_{i=1}^{m} \log "
     r"p_{\mathrm{model}}(\boldsymbol{x}^{(i)}; \boldsymbol{\theta})", {"argmax"}, set()),
    ("argmax-class", r"\hat{y} = \arg\max_k p_k", {"argmax"}, set()),
    ("argmin-not-argmax", r"\theta^* = \arg\min_\theta L(\theta)", set(), {"argmax"}),
    ("max-not-argmax", r"v^* = \max_\theta L(\theta)", set(), {"argmax"}),
    # --- Gaussian density: multivariate with Σ⁻¹ and |Σ|, and the precision form
    ("gauss-prml-2.43", MVN, {"gaussian_density"}, {"rms_normalization", "bilinear_form"}),
    ("gauss-goodfellow-3.22", r"\mathcal{N}(x; \mu, \beta^{-1}) = \sqrt{\frac{\beta}{2\pi}} \exp\left( -\frac{1}{2}"
     r"\beta (x - \mu)^2 \right)", {"gaussian_density"}, set()),  # Goodfellow et al. eq. 3.22
    ("gauss-no-determinant", r"p(x) = \frac{1}{(2\pi)^{D/2}} \exp\left\{-\frac{1}{2}(x-\mu)^T \Sigma^{-1} (x-\mu)"
     r"\right\}", set(), {"gaussian_density"}),
    # --- reparameterisation with a bold zero mean
    ("reparam-ddpm", DDPM + r", \quad \boldsymbol{\epsilon} \sim \mathcal{N}(\mathbf{0}, \mathbf{I})",
     {"reparameterization"}, set()),
    ("reparam-vae-bold", r"\mathbf{z} = \boldsymbol{\mu} + \boldsymbol{\sigma} \odot \boldsymbol{\epsilon}, \quad "
     r"\boldsymbol{\epsilon} \sim \mathcal{N}(\mathbf{0}, \mathbf{I})", {"reparameterization"}, set()),  # Kingma
    # session 22: DDPM's sample names the trick without its draw: Ho et al. 2020 call eq. 4 "reparameterizing" and
    # Lil'Log's diffusion post writes x_t = √ᾱ_t x_0 + √(1 − ᾱ_t) ε as "the reparameterization trick"; the scales
    # are square roots of the noise schedule, standard deviations (symdl.chunk.prob_noise)
    ("ddpm-without-draw", DDPM, {"reparameterization"}, set()),
    # --- He initialisation: a scaled standard normal draw, and He's condition
    ("he-cs231n", r"w_i = z_i \sqrt{2/n}, \quad z_i \sim \mathcal{N}(0, 1)", {"he_init"}, set()),  # cs231n
    ("he-matrix-draw", r"W = Z \sqrt{\frac{2}{n_{in}}}, \quad Z \sim \mathcal{N}(0, 1)", {"he_init"}, set()),
    ("he-condition-eq10", r"\frac{1}{2} n_l \mathrm{Var}[w_l] = 1, \quad \forall l", {"he_init"}, set()),  # He 2015
    ("xavier-condition", r"\frac{1}{2}(n_l + n_{l+1})\mathrm{Var}[w_l] = 1", {"xavier_init"}, {"he_init"}),
    ("lecun-draw-not-he", r"w_i = z_i \sqrt{1/n}, \quad z_i \sim \mathcal{N}(0, 1)", set(), {"he_init"}),
    ("he-scale-without-draw", r"w_i = z_i \sqrt{2/n}", set(), {"he_init"}),
    ("lecun-condition-not-he", r"n_l \mathrm{Var}[w_l] = 1", set(), {"he_init", "xavier_init"}),
    ("he-condition-wrong-rhs", r"\frac{1}{2} n_l \mathrm{Var}[w_l] = 2", set(), {"he_init"}),
]


def _concepts(latex: str) -> frozenset[str]:
    return explain(symdl.parse(latex)).concepts


@pytest.mark.parametrize(("latex", "must", "must_not"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_case(latex: str, must: set[str], must_not: set[str]) -> None:
    got = _concepts(latex)
    assert must <= got, f"missing {must - got}; got {sorted(got)}"
    assert not (must_not & got), f"false label {must_not & got}; got {sorted(got)}"


def _notes(latex: str, cid: str) -> list[str]:
    expl = explain(symdl.parse(latex))
    notes = [c.note for r in expl.statements for c in r.walk() if c.concept == cid and c.note]
    return notes + [r.text for r in expl.relations if r.concept == cid]


def test_he_note_gives_the_variance() -> None:
    assert any("2/n" in n for n in _notes(r"w_i = z_i \sqrt{2/n}, \quad z_i \sim \mathcal{N}(0, 1)", "he_init"))


def test_mvn_note_says_dimensions() -> None:
    assert any("D dimensions" in n for n in _notes(MVN, "gaussian_density"))


def test_layer_stats_relation_says_features() -> None:
    assert any("features of one example" in n for n in _notes(LN_STATS, "layer_norm"))
