"""Session 19, task names-opt: which name wins where two fit one block, and optimiser/statistics/probability names.

Each row: (id, LaTeX, must-name set, must-not-name set).  The classes: a more specific concept subsumes the general one
on the SAME block (GELU's tanh form is not also "GELU", AdaDelta's step not also RMSProp's, label smoothing not also a
weighted average), the general name staying where it names another block; a sum Σ a_i b_i of two symmetric vectors is
a dot product, a weighted sum only when one family is told apart as weights; the least-mean-squares step written with
the residual y − h(x) is a descent step; AdaDelta read off its step alone (Zeiler's RMS[Δx]_{t−1}, E[Δx²]); a running
mean updated one value at a time; a weighted average of two values, over a total weight, or with weights said to sum
to one; min-max and max-abs scaling; Σ p log p; the standard normal density and N(x; μ, Σ).
"""

from __future__ import annotations

import pytest

from tests.concept_cases import assert_concepts

CASES: list[tuple[str, str, set[str], set[str]]] = [
    # --- a step defined on its own line, read for its optimiser
    # Goodfellow et al. 2016, Algorithm 8.4 (AdaGrad), lines "r ← r + g ⊙ g" and "Δθ ← −ε/(δ + √r) ⊙ g"
    (
        "adagrad-step-alone",
        r"\boldsymbol{r} \leftarrow \boldsymbol{r} + \boldsymbol{g} \odot \boldsymbol{g} \\ "
        r"\Delta\boldsymbol{\theta} \leftarrow - \frac{\epsilon}{\delta + \sqrt{\boldsymbol{r}}} \odot \boldsymbol{g}",
        {"adagrad", "running_sum"},
        {"rmsprop", "ema"},
    ),
    # Goodfellow Algorithm 8.5 (RMSProp), the same step after an EMA
    (
        "rmsprop-step-alone",
        r"\boldsymbol{r} \leftarrow \rho \boldsymbol{r} + (1 - \rho) \boldsymbol{g} \odot "
        r"\boldsymbol{g} \\ \Delta\boldsymbol{\theta} = - \frac{\epsilon}{\sqrt{\delta + \boldsymbol{r}}} \odot "
        r"\boldsymbol{g}",
        {"rmsprop", "ema"},
        {"adagrad", "adadelta"},
    ),
    # Zeiler 2012 eq. 8-9: a divisor named RMS[g]_t and defined as a root on the same line
    (
        "rms-named-root",
        r"\Delta x_t = -\frac{\eta}{\mathrm{RMS}[g]_t} g_t, \qquad \mathrm{RMS}[g]_t = "
        r"\sqrt{E[g^2]_t + \epsilon}",
        {"rms_normalization"},
        {"expectation", "rms_norm"},
    ),
    # --- a root of a plain sum of squares is a length, not a root mean square
    # PyTorch F.normalize (eps under the root), per entry
    (
        "l2-normalize-eps",
        r"\hat{x}_i = \frac{x_i}{\sqrt{\sum_{j=1}^{d} x_j^2 + \epsilon}}",
        {"lp_normalization"},
        {"rms_normalization", "rms_norm"},
    ),
    # Zhang & Sennrich 2019 (RMSNorm): with the mean 1/d it is an RMS
    (
        "rms-with-mean",
        r"\bar{a}_i = \frac{a_i}{\sqrt{\frac{1}{n}\sum_{j=1}^{n} a_j^2 + \epsilon}} g_i",
        {"rms_norm"},
        {"lp_normalization"},
    ),
    # --- a gradient sent back through a transposed Jacobian is the chain rule, no layer (d2l 5.3)
    (
        "jacobian-transpose",
        r"\nabla_{\mathbf{x}} z = \left(\frac{\partial \mathbf{y}}{\partial \mathbf{x}}\right)^\top "
        r"\nabla_{\mathbf{y}} z",
        {"chain_rule"},
        {"linear_layer"},
    ),
    # Ruder 2016 (Duchi et al. 2011), Adagrad per coordinate with the diagonal entry G_{t,ii}
    (
        "adagrad-diagonal",
        r"\theta_{t+1, i} = \theta_{t, i} - \frac{\eta}{\sqrt{G_{t, ii} + \epsilon}} g_{t, i}",
        {"adagrad"},
        {"rmsprop", "adam"},
    ),
    # look-alike: a root of a vector entry that is no diagonal (RMSProp's v_{t,i}) is not Adagrad
    (
        "trap-not-diagonal",
        r"\theta_{t+1, i} = \theta_{t, i} - \frac{\eta}{\sqrt{v_{t, i} + \epsilon}} g_{t, i}",
        set(),
        {"adagrad"},
    ),
    # --- squared errors
    # Hastie, Tibshirani & Friedman, ESL eq. 3.52 (the lasso): a target minus a model of several terms, summed
    (
        "lasso-squared-error",
        r"\frac{1}{2} \sum_{i=1}^{N}\Big(y_i - \beta_0 - \sum_{j=1}^{p} x_{ij}\beta_j\Big)^2 "
        r"+ \lambda \sum_{j=1}^{p} |\beta_j|",
        {"squared_error", "l1_penalty"},
        {"l2_penalty", "mae"},
    ),
    # scikit-learn Ridge docs: min_w ||Xw − y||²₂ + α ||w||²₂
    (
        "ridge-squared-norm",
        r"\min_{w} \| X w - y \|_2^2 + \alpha \| w \|_2^2",
        {"squared_error", "l2_penalty"},
        {"mse", "l1_penalty"},
    ),
    # look-alike: Bishop 1.56's ML variance, a spread about the mean, no squared error
    ("trap-variance", r"\sigma^2 = \frac{1}{N}\sum_{n=1}^{N}(x_n - \mu)^2", {"variance"}, {"squared_error"}),
    # --- subsumption on the same block
    # Hendrycks & Gimpel 2016, GELU's tanh approximation (PyTorch GELU(approximate='tanh'))
    (
        "gelu-tanh-alone",
        r"\frac{1}{2} x \left(1 + \tanh\left(\sqrt{2/\pi}\,(x + 0.044715 x^3)\right)\right)",
        {"gelu_tanh"},
        {"gelu"},
    ),
    # the same, named by the author GELU: the name is the tanh form's, not a second "GELU"
    (
        "gelu-tanh-named",
        r"\mathrm{GELU}(x) = 0.5x\left(1 + \tanh\left[\sqrt{2/\pi}\left(x + 0.044715x^3\right)\right]\right)",
        {"gelu_tanh"},
        {"gelu"},
    ),
    # look-alike kept: the exact GELU x Φ(x) written with erf is "gelu" (Hendrycks & Gimpel eq. 1)
    (
        "gelu-exact-kept",
        r"\frac{x}{2}\left(1 + \operatorname{erf}\left(\frac{x}{\sqrt{2}}\right)\right)",
        {"gelu"},
        {"gelu_tanh"},
    ),
    # d2l 12.10 (AdaDelta), its four lines with ← : AdaDelta, not also RMSProp
    (
        "adadelta-d2l-system",
        r"s_t \leftarrow \rho s_{t-1} + (1 - \rho) g_t^2 \\ g'_t \leftarrow \frac{\sqrt{\Delta x_{t-1} + \epsilon}}"
        r"{\sqrt{s_t + \epsilon}} g_t \\ x_t \leftarrow x_{t-1} - g'_t \\ \Delta x_t \leftarrow \rho \Delta x_{t-1}"
        r" + (1 - \rho) g_t'^2",
        {"adadelta", "ema"},
        {"rmsprop", "adam"},
    ),
    # RMSProp itself (Hinton's lecture 6e, d2l 12.8) keeps its name
    (
        "rmsprop-kept",
        r"s_t \leftarrow \gamma s_{t-1} + (1 - \gamma) g_t^2 \\ x_t \leftarrow x_{t-1} - "
        r"\frac{\eta}{\sqrt{s_t + \epsilon}} \odot g_t",
        {"rmsprop"},
        {"adadelta"},
    ),
    # Szegedy et al. 2016, label smoothing: the uniform mixture is label smoothing, not also a weighted average
    (
        "label-smoothing-not-average",
        r"y'_k = (1 - \epsilon)\, y_k + \frac{\epsilon}{K}",
        {"label_smoothing"},
        {"weighted_average"},
    ),
    # --- dot product vs weighted sum
    # Goodfellow 2.1: x^T y = Σ_i x_i y_i, a dot product written out
    ("dot-written-out", r"\mathbf{x}^\top \mathbf{y} = \sum_{i} x_i y_i", {"dot_product"}, {"weighted_sum"}),
    # the inner product with angle brackets (Bishop 6.1)
    (
        "dot-angle",
        r"\langle \mathbf{u}, \mathbf{v} \rangle = \sum_{j=1}^{n} u_j v_j",
        {"dot_product"},
        {"weighted_sum"},
    ),
    # a bare sum of two symmetric vectors' entries
    ("dot-bare-sum", r"s = \sum_{k=1}^{d} a_k b_k", {"dot_product"}, {"weighted_sum"}),
    # Nielsen ch. 1, the perceptron's Σ_j w_j x_j: weights w told apart
    ("weighted-sum-w", r"\sum_j w_j x_j", {"weighted_sum"}, set()),
    # Bahdanau et al. 2015, c_i = Σ_j α_ij h_j: Greek weights
    ("weighted-sum-alpha", r"c_i = \sum_{j} \alpha_{ij} h_j", {"weighted_sum"}, set()),
    # Bishop 5.56, δ_j = h'(a_j) Σ_k w_kj δ_k: a row of a weight matrix weighting a vector
    ("weighted-sum-row", r"\delta_j = h'(a_j) \sum_k w_{kj} \delta_k", {"weighted_sum", "delta_rule"}, set()),
    # --- the least-mean-squares step written with the residual y − h(x)
    # Ng, CS229 notes part I (batch gradient descent for least squares)
    (
        "lms-batch",
        r"\theta_j := \theta_j + \alpha \sum_{i=1}^{m} \left(y^{(i)} - h_\theta(x^{(i)})\right) x_j^{(i)}",
        {"gradient_descent_step"},
        {"running_sum", "weighted_sum", "momentum"},
    ),
    # the same rule for one example (Ng's stochastic gradient descent, Widrow–Hoff)
    (
        "lms-one",
        r"\theta_j \leftarrow \theta_j + \alpha \left(y^{(i)} - h_\theta(x^{(i)})\right) x_j^{(i)}",
        {"gradient_descent_step"},
        {"running_sum"},
    ),
    # look-alike kept: adding a new gradient to a total is a running sum (Adagrad's G ← G + g ⊙ g)
    ("running-sum-kept", r"G_t = G_{t-1} + g_t \odot g_t", {"running_sum"}, {"gradient_descent_step"}),
    # --- AdaDelta read off its step
    # Zeiler 2012, Algorithm 1, line 5 with lines 3-4 (the named running statistics)
    (
        "adadelta-zeiler-rms",
        r"\Delta x_t = -\frac{\mathrm{RMS}[\Delta x]_{t-1}}{\mathrm{RMS}[g]_t}\, g_t \\ "
        r"x_{t+1} = x_t + \Delta x_t",
        {"adadelta"},
        {"rmsprop", "adam"},
    ),
    # Ruder 2016 (overview), the step with the running averages E[·]
    (
        "adadelta-ruder-e",
        r"\Delta \theta_t = - \frac{\sqrt{E[\Delta \theta^2]_{t-1} + \epsilon}}"
        r"{\sqrt{E[g^2]_t + \epsilon}} g_t",
        {"adadelta"},
        {"rmsprop", "expectation"},
    ),
    # look-alike: RMSProp's step divides a learning rate, not the steps' own RMS
    ("trap-rmsprop-step", r"\Delta \theta_t = - \frac{\eta}{\sqrt{E[g^2]_t + \epsilon}} g_t", set(), {"adadelta"}),
    # --- a running mean updated one value at a time
    # Sutton & Barto 2.4, the incremental sample average
    ("running-mean-sutton", r"Q_{n+1} = Q_n + \frac{1}{n}\left[R_n - Q_n\right]", {"mean"}, {"ema", "running_sum"}),
    # Welford / Knuth: the running mean x̄_k
    ("running-mean-bar", r"\bar{x}_k = \bar{x}_{k-1} + \frac{x_k - \bar{x}_{k-1}}{k}", {"mean"}, {"ema"}),
    # Izmailov et al. 2018 (SWA), Algorithm 1
    (
        "running-mean-swa",
        r"w_{\mathrm{SWA}} \leftarrow \frac{w_{\mathrm{SWA}} \cdot n_{\mathrm{models}} + w}"
        r"{n_{\mathrm{models}} + 1}",
        {"mean"},
        {"ema", "running_sum", "momentum"},
    ),
    # look-alike: a constant step 1/10 is an EMA (Sutton & Barto 2.5, constant step size)
    ("trap-constant-step", r"Q_{n+1} = Q_n + 0.1\left[R_n - Q_n\right]", {"ema"}, {"mean"}),
    # look-alike: a Greek step is an EMA (Reptile's φ ← φ + ε(W − φ), Nichol et al. 2018)
    ("trap-greek-step", r"\phi_{t+1} = \phi_t + \epsilon\left(W_t - \phi_t\right)", {"ema"}, {"mean"}),
    # --- weighted averages
    # Zhang et al. 2018 (mixup), x̃ = λ x_i + (1 − λ) x_j
    ("mixup", r"\tilde{x} = \lambda x_i + (1 - \lambda) x_j", {"weighted_average"}, {"ema", "label_smoothing"}),
    # Katharopoulos et al. 2020 (linear attention), eq. 2: a similarity-weighted average of the values
    (
        "sim-weighted-average",
        r"V'_i = \frac{\sum_{j=1}^{N} \mathrm{sim}(Q_i, K_j) V_j}{\sum_{j=1}^{N} "
        r"\mathrm{sim}(Q_i, K_j)}",
        {"weighted_average"},
        {"softmax"},
    ),
    # Bishop 14.5.1, a mixture whose weights are said to sum to one
    (
        "mixture-weights",
        r"p(t \mid x) = \sum_{k=1}^{K} \pi_k\, p(t \mid x, k), \quad \sum_{k} \pi_k = 1",
        {"weighted_average"},
        {"softmax"},
    ),
    # Bahdanau et al. 2015 eq. 5-6, the softmax weights defined after their use
    (
        "attention-weights-after",
        r"c_i = \sum_{j=1}^{T_x} \alpha_{ij} h_j, \quad \alpha_{ij} = "
        r"\frac{\exp(e_{ij})}{\sum_{k=1}^{T_x} \exp(e_{ik})}",
        {"weighted_average", "softmax"},
        set(),
    ),
    # look-alike: an EMA's blend of its own earlier value is an EMA only (Polyak averaging)
    ("trap-ema-blend", r"\theta'_t = \tau \theta'_{t-1} + (1 - \tau) \theta_t", {"ema"}, {"weighted_average"}),
    # look-alike: DDPM's √ᾱ x_0 + √(1 − ᾱ) ε: the weights do not sum to 1 (Ho et al. 2020 eq. 4)
    (
        "trap-ddpm",
        r"x_t = \sqrt{\bar{\alpha}_t} x_0 + \sqrt{1 - \bar{\alpha}_t}\, \epsilon",
        set(),
        {"weighted_average"},
    ),
    # look-alike: classifier-free guidance (1 + w) ε_c − w ε: no convex blend (Ho & Salimans 2022)
    ("trap-cfg", r"\tilde{\epsilon} = (1 + w)\, \epsilon_c - w\, \epsilon_u", set(), {"weighted_average"}),
    # --- scaling by a range or an extreme
    # scikit-learn MinMaxScaler
    ("min-max", r"x' = \frac{x - \min(x)}{\max(x) - \min(x)}", {"normalization"}, {"softmax", "batch_norm"}),
    # min-max of entries
    ("min-max-entries", r"y_i = \frac{x_i - \min_j x_j}{\max_j x_j - \min_j x_j}", {"normalization"}, set()),
    # scikit-learn MaxAbsScaler
    ("max-abs", r"x'_i = \frac{x_i}{\max_j |x_j|}", {"normalization"}, {"lp_normalization", "layer_norm"}),
    # look-alike: dividing by the largest of another family is no scaling of x by its own entries
    ("trap-max-other", r"y_i = \frac{x_i}{\max_j |z_j|}", set(), {"normalization"}),
    # --- entropy and the normal density
    # Goodfellow 3.13 with the sign kept positive: Σ p log p = −H(p)
    ("negative-entropy", r"\sum_{x} p(x) \log p(x)", {"entropy"}, {"kl_divergence", "cross_entropy"}),
    # look-alike: Σ p log q of two distributions is no entropy
    ("trap-p-log-q", r"\sum_{x} p(x) \log q(x)", set(), {"entropy"}),
    # Bishop 1.46 with μ = 0, σ = 1: the standard normal density
    ("standard-normal", r"\phi(x) = \frac{1}{\sqrt{2\pi}} e^{-x^2/2}", {"gaussian_density"}, {"softmax"}),
    # Ho et al. 2020 eq. 2: the density N(x_t; μ, Σ) with the point before the semicolon
    (
        "normal-call-semicolon",
        r"q(\mathbf{x}_t \mid \mathbf{x}_{t-1}) = \mathcal{N}\left(\mathbf{x}_t; "
        r"\sqrt{1 - \beta_t}\, \mathbf{x}_{t-1}, \beta_t \mathbf{I}\right)",
        {"gaussian_density"},
        {"ema"},
    ),
    # look-alike: N(0, σ²) with two arguments is the distribution noise is drawn from, no density value
    ("trap-normal-two", r"\max(0, x + \mathcal{N}(0, 1))", {"relu"}, {"gaussian_density"}),
    # look-alike: an RBF kernel e^{−γ x²} has no normalising constant
    ("trap-rbf", r"k(x) = \exp(-\gamma x^2)", set(), {"gaussian_density"}),
]


@pytest.mark.parametrize(("latex", "want", "avoid"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_concepts(latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)
