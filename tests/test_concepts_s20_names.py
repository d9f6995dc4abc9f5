"""Session 20, task names2: concepts a reader names that symdl missed (issue 14), by class of notation.

Each row: (id, LaTeX as printed in the cited source, ids that must be named, ids that must not be named).
The rules the rows settle:

* Adam's two moment estimates written without the update, an EMA of a gradient beside an EMA of the same
  gradient's square, are Adam (RMSProp keeps only the second, momentum and Lion only first moments, AdaDelta's
  second average is of its steps); a lone line dividing a hatted moment by the root of another hatted moment of the
  same step (d2l's ``g'_t``) is Adam's rescaled gradient;
* a uniform bound ``√(6/fan)`` over one fan is He's uniform initialisation (variance a²/3 = 2/fan); over the sum of
  two fans it stays Xavier's, ``√(3/fan)`` is LeCun's, and a bound with a further divisor (SIREN's ``√(6/n)/ω₀``)
  is neither;
* Szegedy et al.'s ``(1 − ε) δ_{k,y} + ε u(k)``, a one-hot target mixed with a prior over the same class index, is
  label smoothing; a mixture of two arbitrary quantities stays a weighted average;
* an expectation of a squared error, ``E[‖ε − ε_θ(…)‖²]``, ``E[(y − f(x))²]``, is the mean squared error; with a
  mean subtracted (``E[(X − μ)²]``, ``E[(X − E[X])²]``) it is a variance;
* ``½ Σ(1 + log σ² − μ² − σ²)``, the VAE's closed form with the ELBO's sign, is the (negative) KL divergence;
* PyTorch's CosineAnnealingLR recursion, the distance to the floor scaled by the ratio of ``1 + cos(π·progress)``
  at the next step to this step's, is the cosine schedule;
* a centring by a mean over a named std plus a small stabiliser, ``(x − mean(x))/(std(x) + ε)``, is a normalisation;
* NAdam's mix may be defined on a line of its own even when that line also reads as a bias correction, bold
  (``μ m_t/(1 − μ^{t+1})``, a scalar times a vector) or not.
"""

from __future__ import annotations

import pytest

from tests.concept_cases import assert_concepts

CASES: list[tuple[str, str, set[str], set[str]]] = [
    # Adam's moments alone (d2l §12.10 "Adam", eq. 12.10.1)
    (
        "adam-d2l-moments",
        r"\mathbf{v}_t \leftarrow \beta_1 \mathbf{v}_{t-1} + (1 - \beta_1) \mathbf{g}_t, \\"
        r" \mathbf{s}_t \leftarrow \beta_2 \mathbf{s}_{t-1} + (1 - \beta_2) \mathbf{g}_t^2",
        {"adam", "ema"},
        {"rmsprop", "momentum"},
    ),
    # PyTorch torch.optim.Adam pseudocode: the moments and their bias corrections, the update left out
    (
        "adam-pytorch-moments-corrected",
        r"m_t \leftarrow \beta_1 m_{t-1} + (1 - \beta_1) g_t \\ v_t \leftarrow \beta_2 v_{t-1} + (1-\beta_2) g^2_t \\"
        r" \widehat{m_t} \leftarrow m_t/\big(1-\beta_1^t \big) \\ \widehat{v_t} \leftarrow v_t/\big(1-\beta_2^t \big)",
        {"adam", "bias_correction"},
        {"rmsprop"},
    ),
    # Goodfellow Algorithm 8.7 (Adam): s, r with g ⊙ g
    (
        "adam-goodfellow-moments-hadamard",
        r"\boldsymbol{s} \leftarrow \rho_1 \boldsymbol{s} + (1-\rho_1) \boldsymbol{g} \\"
        r" \boldsymbol{r} \leftarrow \rho_2 \boldsymbol{r} + (1-\rho_2) \boldsymbol{g} \odot \boldsymbol{g}",
        {"adam"},
        {"rmsprop"},
    ),
    # d2l §12.10 eq. 12.10.3: the rescaled gradient on its own line
    (
        "adam-d2l-rescaled-gradient",
        r"\mathbf{g}_t' = \frac{\eta \hat{\mathbf{v}}_t}{\sqrt{\hat{\mathbf{s}}_t} + \epsilon}",
        {"adam"},
        {"lion"},
    ),
    # must-not: Lion's two EMAs are both of the gradient (Chen et al. 2023, Algorithm 2)
    (
        "lion-moments-not-adam",
        r"c_t = \beta_1 m_{t-1} + (1-\beta_1) g_t \\ m_t = \beta_2 m_{t-1} + (1 - \beta_2) g_t",
        set(),
        {"adam"},
    ),
    # must-not: AdaDelta's second average is of the squared steps (Zeiler 2012, Algorithm 1)
    (
        "adadelta-averages-not-adam",
        r"v_t = \rho v_{t-1} + (1-\rho) g_t^2 \\ u_t = \rho u_{t-1} + (1-\rho) \Delta x_t^2",
        set(),
        {"adam"},
    ),
    # must-not: a hatted ratio without a shared step is not an optimizer's line
    ("hatted-ratio-no-step-not-adam", r"\hat{y} = \frac{\hat{a}}{\sqrt{\hat{b}} + \epsilon}", set(), {"adam"}),
    # He uniform: Keras he_uniform docs ("limit = sqrt(6 / fan_in)")
    ("he-uniform-keras-limit", r"\mathrm{limit} = \sqrt{6 / \mathrm{fan\_in}}", {"he_init"}, {"xavier_init"}),
    # He uniform drawn: W ∼ U[−√(6/n_l), √(6/n_l)] (He et al. 2015's variance 2/n_l as a uniform draw)
    (
        "he-uniform-draw",
        r"W \sim U\left[-\sqrt{\frac{6}{n_{l}}}, \sqrt{\frac{6}{n_{l}}}\right]",
        {"he_init"},
        {"xavier_init"},
    ),
    # must-not: LeCun uniform (Keras lecun_uniform: limit = sqrt(3 / fan_in))
    ("lecun-uniform-not-he", r"\text{bound} = \sqrt{\frac{3}{\text{fan\_in}}}", set(), {"he_init", "xavier_init"}),
    # must-not: SIREN's hidden-layer bound √(6/n)/ω₀ (Sitzmann et al. 2020, §3.2)
    ("siren-bound-not-he", r"a = \frac{1}{\omega_0}\sqrt{\frac{6}{n}}", set(), {"he_init"}),
    # Xavier's bound still Xavier (Glorot & Bengio 2010, eq. 16)
    ("xavier-bound-stays", r"a = \sqrt{\frac{6}{n_{in} + n_{out}}}", {"xavier_init"}, {"he_init"}),
    # label smoothing with a prior (Szegedy et al. 2016, §7)
    (
        "label-smoothing-szegedy-prior",
        r"q'(k|x) = (1 - \epsilon)\delta_{k,y} + \epsilon u(k)",
        {"label_smoothing"},
        {"ema"},
    ),
    # the same with another prior's name (Müller et al. 2019, "When does label smoothing help?", with p for u)
    (
        "label-smoothing-prior-p",
        r"q(k) = (1-\alpha)\,\delta_{k,y} + \alpha\, p(k)",
        {"label_smoothing"},
        set(),
    ),
    # must-not: a Kronecker delta mixed with a quantity not over the class index (an identity blend)
    ("delta-blend-not-smoothing", r"z = (1-\alpha)\delta_{ij} + \alpha x", set(), {"label_smoothing"}),
    # must-not: an interpolation of two sequences (no one-hot target)
    ("blend-not-smoothing", r"y = (1-\alpha) a_k + \alpha u(k)", set(), {"label_smoothing"}),
    # MSE as an expectation: DDPM's L_simple (Ho et al. 2020, eq. 14)
    (
        "mse-ddpm-simple",
        r"L_{\mathrm{simple}}(\theta) := \mathbb{E}_{t, \mathbf{x}_0, \boldsymbol{\epsilon}}\left[ \left\|"
        r" \boldsymbol{\epsilon} - \boldsymbol{\epsilon}_\theta(\sqrt{\bar\alpha_t}\mathbf{x}_0"
        r" + \sqrt{1-\bar\alpha_t}\boldsymbol{\epsilon}, t) \right\|^2 \right]",
        {"mse", "expectation"},
        {"variance", "kl_divergence"},
    ),
    # the expected squared error of a regression (Hastie et al., ESL §2.4, EPE(f) = E(Y − f(X))²)
    (
        "mse-expected-prediction-error",
        r"\mathcal{L} = \mathbb{E}_{x,y}\left[(y - f(x))^2\right]",
        {"mse"},
        {"variance"},
    ),
    # autoencoder reconstruction error (Goodfellow §14.1 as an expectation over the data)
    (
        "mse-autoencoder-expected",
        r"L = \mathbb{E}_{\mathbf{x}}\left[\|\mathbf{x} - g(f(\mathbf{x}))\|^2\right]",
        {"mse"},
        {"variance"},
    ),
    # must-not: the variance as an expectation (Goodfellow eq. 3.12; Bishop eq. 1.38)
    ("variance-expectation-not-mse", r"\mathrm{Var}(X) = \mathbb{E}\left[(X - \mu)^2\right]", {"variance"}, {"mse"}),
    ("variance-nested-not-mse", r"\sigma^2 = \mathbb{E}[(X - \mathbb{E}[X])^2]", {"variance"}, {"mse"}),
    (
        "variance-vector-not-mse",
        r"\mathrm{Var}(\mathbf{x}) = \mathbb{E}[\|\mathbf{x} - \boldsymbol{\mu}\|^2]",
        set(),
        {"mse"},
    ),
    # the negative KL of the VAE's posterior from N(0, I) (Kingma & Welling 2013, Appendix B; eq. 10's ELBO term)
    (
        "kl-vae-negative-kingma",
        r"\frac{1}{2}\sum_{j=1}^{J}\left(1 + \log((\sigma_j^{(i)})^2) - (\mu_j^{(i)})^2 - (\sigma_j^{(i)})^2\right)",
        {"kl_divergence"},
        set(),
    ),
    # the KL itself as Keras' VAE example writes it (-0.5 * sum(1 + log_var - mean^2 - exp(log_var)), with σ²)
    (
        "kl-vae-positive",
        r"-\frac{1}{2}\sum_{j=1}^{J}\left(1 + \log(\sigma_j^2) - \mu_j^2 - \sigma_j^2\right)",
        {"kl_divergence"},
        set(),
    ),
    # must-not: a sign away from the closed form (σ² added) is no KL
    (
        "kl-vae-wrong-sign-not",
        r"\frac{1}{2}\sum_{j=1}^{J}\left(1 + \log(\sigma_j^2) - \mu_j^2 + \sigma_j^2\right)",
        set(),
        {"kl_divergence"},
    ),
    # CosineAnnealingLR's recursion (PyTorch docs, torch.optim.lr_scheduler.CosineAnnealingLR)
    (
        "cosine-recursive-pytorch",
        r"\eta_{t+1} = \eta_{\min} + (\eta_t - \eta_{\min}) \frac{1 + \cos\left(\frac{(T_{cur}+1)\pi}{T_{max}}\right)}"
        r"{1 + \cos\left(\frac{T_{cur}\pi}{T_{max}}\right)}",
        {"cosine_schedule"},
        {"weighted_average"},
    ),
    # the same recursion typeset with a \cdot and the progress written T_cur/T_max · π (SGDR's eq. 5 stepped once)
    (
        "cosine-recursive-cdot",
        r"\eta_{t+1} = \eta_{\min} + (\eta_t - \eta_{\min}) \cdot \frac{1 + \cos\left(\pi \frac{T_{cur} + 1}{T_{max}}\right)}"
        r"{1 + \cos\left(\pi \frac{T_{cur}}{T_{max}}\right)}",
        {"cosine_schedule"},
        set(),
    ),
    # must-not: a ratio of two raised cosines with no rate and floor (a window ratio, not a schedule)
    (
        "cosine-ratio-not-schedule",
        r"w = \frac{1 + \cos(2\pi (n+1)/N)}{1 + \cos(2\pi n / N)}",
        set(),
        {"cosine_schedule"},
    ),
    # standardisation by a named std plus a small constant: the Annotated Transformer's LayerNorm as printed without
    # its axis (a_2 * (x - mean) / (std + eps) + b_2), and PPO implementations' advantage normalisation
    (
        "std-plus-eps-annotated",
        r"\gamma \odot \frac{x - \operatorname{mean}(x)}{\operatorname{std}(x) + \epsilon} + \beta",
        {"normalization"},
        {"rms_norm"},
    ),
    (
        "std-plus-eps-advantage",
        r"\hat{A}_t = \frac{A_t - \operatorname{mean}(A)}{\operatorname{std}(A) + 10^{-8}}",
        {"normalization"},
        set(),
    ),
    # must-not: a std plus a Latin constant (not a small stabiliser) is no standardisation
    (
        "std-plus-constant-not",
        r"y = \frac{x - \operatorname{mean}(x)}{\operatorname{std}(x) + c}",
        set(),
        {"normalization"},
    ),
    # must-not: WGAN-GP's gradient penalty (Gulrajani et al. 2017, eq. 3) pulls a norm towards 1: no prediction error
    (
        "gradient-penalty-not-mse",
        r"\lambda\, \mathbb{E}_{\hat{x} \sim \mathbb{P}_{\hat{x}}}\left[\left(\|\nabla_{\hat{x}} D(\hat{x})\|_2 - 1\right)^2\right]",
        {"expectation"},
        {"mse"},
    ),
    # NAdam with its mix defined on a line of its own, each share bias-corrected (Dozat 2016, Algorithm 2), bold
    (
        "nadam-dozat-bold-mix-line",
        r"\hat{\mathbf{m}}_t \leftarrow \frac{\mu\, \mathbf{m}_t}{1 - \mu^{t+1}} + \frac{(1-\mu)\, \mathbf{g}_t}{1 - \mu^{t}}"
        r" \\ \theta_t \leftarrow \theta_{t-1} - \frac{\eta\, \hat{\mathbf{m}}_t}{\sqrt{\hat{\mathbf{n}}_t} + \epsilon}",
        {"nadam"},
        {"adam"},
    ),
    # the same in plain letters (Dozat 2016 as Ruder's overview re-typesets it)
    (
        "nadam-dozat-scalar-mix-line",
        r"\hat{m}_t \leftarrow \frac{\mu\, m_t}{1 - \mu^{t+1}} + \frac{(1-\mu)\, g_t}{1 - \mu^{t}} \\"
        r" \theta_t \leftarrow \theta_{t-1} - \frac{\eta\, \hat{m}_t}{\sqrt{\hat{n}_t} + \epsilon}",
        {"nadam"},
        {"adam"},
    ),
    # must-not: Adam's plain bias correction on its own line is no mix (Kingma & Ba, Algorithm 1, bold)
    (
        "adam-corrected-line-not-nadam",
        r"\hat{\mathbf{m}}_t \leftarrow \frac{\mathbf{m}_t}{1 - \beta_1^{t}} \\"
        r" \theta_t \leftarrow \theta_{t-1} - \frac{\eta\, \hat{\mathbf{m}}_t}{\sqrt{\hat{\mathbf{v}}_t} + \epsilon}",
        {"adam"},
        {"nadam"},
    ),
]


@pytest.mark.parametrize(("latex", "want", "avoid"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_concepts(latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)
