"""Round 2 of issue 14 (group OPT2): optimiser, schedule and EMA/momentum rows a development sample missed
or falsely named.  Each row: (id, LaTeX, must-name set, must-not-name set) through ``symdl.parse`` +
``symdl.chunk.explain``; the source of each notation is in the comment above it.
"""

from __future__ import annotations

import pytest

from tests.concept_cases import assert_concepts

CASES: list[tuple[str, str, set[str], set[str]]] = [
    # --- momentum is momentum, not also an EMA, when its rate is not 1 − decay
    # Ruder 2016, "An overview of gradient descent optimization algorithms", eq. (momentum)
    (
        "momentum-ruder-not-ema",
        r"v_t = \gamma v_{t-1} + \eta \nabla_\theta J( \theta) \\ \theta = \theta - v_t",
        {"momentum", "gradient_descent_step"},
        {"ema"},
    ),
    # Goodfellow et al., Deep Learning, Algorithm 8.2 (SGD with momentum)
    ("momentum-goodfellow-not-ema", r"\boldsymbol{v} \leftarrow \alpha \boldsymbol{v} - \epsilon \boldsymbol{g}", {"momentum"}, {"ema"}),
    # Sutskever et al. 2013, eq. (1): a per-step decay μ_t of a velocity of gradients stays momentum
    ("momentum-sutskever-mu-t", r"v_{t+1} = \mu_t v_t - \epsilon_t \nabla f(\theta_t)", {"momentum"}, {"ema"}),
    # Ng's EMA (Coursera DLS) is still an EMA
    ("ema-ng-still", r"v = \beta v + (1-\beta) dW", {"ema"}, {"momentum"}),
    # Reddi et al. 2018 (AMSGrad), Algorithm 2: a scheduled decay β_{1t} is still an EMA
    ("ema-reddi-beta1t", r"m_t = \beta_{1,t} m_{t-1} + (1-\beta_{1,t}) g_t", {"ema"}, set()),
    # --- a decay that is a per-step data quantity is no EMA / momentum
    # Olah, "Understanding LSTM Networks": the cell state
    ("not-ema-lstm-colah", r"C_t = f_t C_{t-1} + i_t \tilde{C}_t", {"lstm_cell"}, {"ema", "momentum"}),
    # d2l 10.1 (LSTM), vector form
    (
        "not-ema-lstm-d2l",
        r"\mathbf{C}_t = \mathbf{F}_t \odot \mathbf{C}_{t-1} + \mathbf{I}_t \odot \tilde{\mathbf{C}}_t",
        set(),
        {"ema", "momentum"},
    ),
    # Ho et al. 2020 (DDPM) forward step, reparameterised: q(x_t | x_{t-1}) = N(√(1−β_t) x_{t-1}, β_t I)
    ("not-ema-ddpm-beta", r"x_t = \sqrt{1-\beta_t} x_{t-1} + \sqrt{\beta_t} \epsilon", set(), {"ema", "momentum"}),
    # Weng, "What are diffusion models?": x_t = √α_t x_{t-1} + √(1−α_t) z_{t-1}
    ("not-ema-ddpm-alpha", r"x_t = \sqrt{\alpha_t} x_{t-1} + \sqrt{1-\alpha_t} z_t", set(), {"ema", "momentum"}),
    # Goodfellow 10.2 notation h^{(t)}: a per-step factor f^{(t)} times the state
    ("not-momentum-superscript-time", r"h^{(t)} = f^{(t)} h^{(t-1)} + g^{(t)}", set(), {"ema", "momentum"}),
    # Cho et al. 2014 (GRU) interpolation with a per-step gate z_t
    ("not-ema-gru-gate", r"h_t = (1-z_t) h_{t-1} + z_t \tilde{h}_t", set(), {"ema", "momentum"}),
    # --- an EMA whose target is spelled x_new beside the old x
    # PyTorch BatchNorm1d docs (running statistics)
    (
        "ema-pytorch-batchnorm-running",
        r"\hat{x}_\text{new} = (1 - \text{momentum}) \times \hat{x} + \text{momentum} \times x_t",
        {"ema"},
        {"momentum"},
    ),
    # TensorFlow ExponentialMovingAverage docs: shadow = decay·shadow + (1 − decay)·variable, as μ_new
    (r"ema-new-mathrm", r"\mu_{\mathrm{new}} = 0.9 \mu + 0.1 \bar{x}", {"ema"}, set()),
    ("not-ema-new-of-other", r"y_{new} = \beta x + (1-\beta) y_{t}", set(), {"ema", "momentum"}),
    # --- exponential decay written from the initial value (no subscripted step)
    # Wikipedia "Learning rate" (exponential decay schedule): η = η_0 e^{−d n}
    ("exp-decay-from-initial", r"\alpha = \alpha_0 e^{-k t}", {"exponential_decay"}, set()),
    # Wikipedia "Exponential decay": N = N_0 exp(−λ t)
    ("exp-decay-exp-call", r"\eta = \eta_0 \exp(-\lambda \tau)", {"exponential_decay"}, set()),
    # d2l 12.11 exponential schedule η_t = η_0 e^{−λ t} (subscripted step) still named
    ("exp-decay-d2l", r"\eta_t = \eta_0 e^{-\lambda t}", {"exponential_decay"}, set()),
    ("not-exp-decay-growth", r"y = y_0 e^{k t}", set(), {"exponential_decay"}),
    ("not-exp-decay-other-initial", r"p = q_0 e^{-k t}", set(), {"exponential_decay"}),
    # --- warm-up: a polynomial decay is no warm-up; the floor max(0, ·) of a linear decay is no ReLU
    # Chen et al. (DeepLab) "poly" policy
    (
        "not-warmup-poly",
        r"\eta_{\text{iter}} = \eta_{\text{base}} \left( 1 - \frac{\text{iter}}{\text{max\_iter}} \right)^{\text{power}}",
        set(),
        {"warmup"},
    ),
    # PyTorch PolynomialLR, same policy with t / T
    ("not-warmup-poly-t", r"\eta_t = \eta_0 (1 - t/T)^{p}", set(), {"warmup"}),
    # linear warm-up then linear decay to zero (BERT / HF get_linear_schedule_with_warmup)
    (
        "warmup-linear-decay-floor",
        r"\eta_t = \eta_{\max} \cdot \begin{cases} \dfrac{t}{W} & t < W \\ \max\left(0, \dfrac{T - t}{T - W}\right) "
        r"& t \ge W \end{cases}",
        {"warmup"},
        {"relu"},
    ),
    # Goyal et al. 2017 gradual warm-up written as a plain ramp
    ("warmup-goyal-ramp", r"\eta_t = \eta \frac{t}{T_w}", {"warmup"}, set()),
]


@pytest.mark.parametrize(("latex", "want", "avoid"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_concepts(latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)
