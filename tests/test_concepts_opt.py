"""Optimisers and learning-rate schedules (issue 14, group OPT): which concepts symdl must (and must not) name.

Each row: (id, LaTeX, must-name set, must-not-name set), through ``symdl.parse`` + ``symdl.chunk.explain``.
Every concept has at least two must-match rows in different published notations (the source is in the
comment) and at least one look-alike that is not it.
"""

from __future__ import annotations

import pytest

import symdl
from symdl.chunk import explain
from tests.concept_cases import assert_concepts

ADAM_MOMENTS = (
    r"m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t \\ v_t = \beta_2 v_{t-1} + (1-\beta_2) g_t^2 \\ "
)
ADAM_HATS = r"\hat{m}_t = \frac{m_t}{1-\beta_1^t} \\ \hat{v}_t = \frac{v_t}{1-\beta_2^t} \\ "

CASES: list[tuple[str, str, set[str], set[str]]] = [
    # --- nesterov
    # Sutskever et al. 2013, eq. (3)-(4)
    (
        "nesterov-sutskever",
        r"v_{t+1} = \mu v_t - \epsilon \nabla f(\theta_t + \mu v_t) \\ \theta_{t+1} = \theta_t + v_{t+1}",
        {"nesterov", "momentum", "gradient_descent_step"},
        {"running_sum"},
    ),
    # Ruder 2016, "An overview of gradient descent optimization algorithms", NAG
    (
        "nesterov-ruder",
        r"v_t = \gamma v_{t-1} + \eta \nabla_\theta J(\theta - \gamma v_{t-1}) \\ \theta = \theta - v_t",
        {"nesterov", "gradient_descent_step"},
        set(),
    ),
    # cs231n notes (neural-networks-3): x += -mu * v_prev + (1 + mu) * v
    ("nesterov-cs231n", r"x = x - \mu v_{prev} + (1 + \mu) v", {"nesterov"}, {"running_sum"}),
    # PyTorch torch.optim.SGD docs, nesterov branch
    (
        "nesterov-pytorch",
        r"b_t \leftarrow \mu b_{t-1} + g_t \\ g_t \leftarrow g_t + \mu b_t \\ \theta_t \leftarrow \theta_{t-1} - \gamma g_t",
        {"nesterov", "momentum", "gradient_descent_step"},
        {"running_sum", "weight_decay"},
    ),
    # Goodfellow et al. 2016, Algorithm 8.3: the look-ahead is a statement of its own
    (
        "nesterov-goodfellow",
        r"\tilde{\theta} \leftarrow \theta + \alpha v \\ g \leftarrow \nabla_{\tilde{\theta}} L(\tilde{\theta}) \\ "
        r"v \leftarrow \alpha v - \epsilon g \\ \theta \leftarrow \theta + v",
        {"nesterov", "gradient_descent_step"},
        {"running_sum"},
    ),
    ("not-nesterov-plain-momentum", r"v = \mu v - \eta \nabla f(\theta)", {"momentum"}, {"nesterov"}),
    ("not-nesterov-coefficients", r"x = x - \mu v_{prev} + \mu v", set(), {"nesterov"}),
    (
        "not-nesterov-pytorch-plain",
        r"b_t \leftarrow \mu b_{t-1} + g_t \\ \theta_t \leftarrow \theta_{t-1} - \gamma b_t",
        {"momentum"},
        {"nesterov"},
    ),
    # --- weight_decay
    # PyTorch torch.optim.SGD docs (weight_decay ≠ 0): was a running sum
    (
        "weight-decay-pytorch-sgd",
        r"g_t \leftarrow \nabla_{\theta} f_t(\theta_{t-1}) \\ g_t \leftarrow g_t + \lambda \theta_{t-1} \\ "
        r"\theta_t \leftarrow \theta_{t-1} - \gamma g_t",
        {"weight_decay", "gradient_descent_step"},
        {"running_sum"},
    ),
    # Ng, deep learning specialisation (L2 regularisation in backprop): dW += λ/m W
    ("weight-decay-ng", r"dW = dW + \frac{\lambda}{m} W", {"weight_decay"}, {"running_sum"}),
    # PyTorch torch.optim.AdamW docs: θ_t ← θ_{t-1} − γλθ_{t-1}
    ("weight-decay-shrink", r"\theta_t \leftarrow \theta_{t-1} - \gamma \lambda \theta_{t-1}", {"weight_decay"}, set()),
    # d2l 3.7 (weight decay): w ← (1 − ηλ) w − η ∂ℓ/∂w
    (
        "weight-decay-d2l-folded",
        r"w \leftarrow (1 - \eta\lambda) w - \eta \nabla_w L",
        {"weight_decay", "gradient_descent_step"},
        {"ema", "momentum"},
    ),
    # Loshchilov & Hutter 2019, eq. (1): the gradient is of the updated variable, so (1 − λ) is no momentum decay
    (
        "weight-decay-loshchilov-eq1",
        r"\theta_{t+1} = (1 - \lambda)\theta_t - \alpha \nabla f_t(\theta_t)",
        {"weight_decay", "gradient_descent_step"},
        {"momentum", "ema"},
    ),
    # Ng: W = W − α(dW + (λ/m) W)
    ("weight-decay-ng-folded", r"W = W - \alpha (dW + \frac{\lambda}{m} W)", {"weight_decay", "gradient_descent_step"}, set()),
    ("not-weight-decay-scaling", r"h \leftarrow (1-p) h", set(), {"weight_decay"}),
    ("not-weight-decay-momentum", r"v = (1-\beta) v - \alpha g", {"momentum"}, {"weight_decay"}),
    ("not-weight-decay-ascent", r"\theta = \theta + \alpha g", set(), {"weight_decay", "gradient_descent_step"}),
    ("not-weight-decay-adagrad-sum", r"G = G + g^2", {"running_sum"}, {"weight_decay"}),
    ("not-weight-decay-ema", r"v = (1 - \beta) v + \beta g", {"ema"}, {"weight_decay"}),
    # an isolated g ← g + λθ: never a running sum (the decay term is not accumulated)
    ("not-running-sum-decay-term", r"g \leftarrow g + \lambda\theta", set(), {"running_sum"}),
    # --- lion
    # Chen et al. 2023 (Symbolic Discovery of Optimization Algorithms), Program 1 / the held-out form
    (
        "lion-paper-untimed",
        r"c = \beta_1 m + (1-\beta_1) g \\ \theta \leftarrow \theta - \eta (\operatorname{sign}(c) + \lambda \theta) "
        r"\\ m \leftarrow \beta_2 m + (1-\beta_2) g",
        {"lion", "ema", "weight_decay", "gradient_descent_step"},
        {"momentum"},
    ),
    # Chen et al. 2023, Algorithm 2 (time subscripts)
    (
        "lion-paper-timed",
        r"u_t = \operatorname{sign}(\beta_1 m_{t-1} + (1-\beta_1) g_t) \\ "
        r"\theta_t = \theta_{t-1} - \eta_t (u_t + \lambda \theta_{t-1}) \\ m_t = \beta_2 m_{t-1} + (1-\beta_2) g_t",
        {"lion", "ema", "weight_decay"},
        {"momentum"},
    ),
    # signSGD (Bernstein et al. 2018) is a sign update but not of an interpolation
    ("not-lion-signsgd", r"\theta \leftarrow \theta - \eta \operatorname{sign}(g)", {"gradient_descent_step"}, {"lion"}),
    ("not-lion-unnormalised", r"u = \operatorname{sign}(a m + b g)", set(), {"lion"}),
    # --- clip_by_value
    # Mikolov 2012 / Goodfellow 10.11.1 (element-wise clipping)
    ("clip-value-minmax", r"g \leftarrow \max(\min(g, c), -c)", {"clip_by_value"}, {"relu"}),
    # PyTorch clip_grad_value_ / numpy clip
    ("clip-value-named", r"\operatorname{clip}(g, -c, c)", {"clip_by_value"}, set()),
    ("clip-value-numeric", r"\min(\max(g_i, -5), 5)", {"clip_by_value"}, set()),
    ("not-clip-relu6", r"\max(0, \min(6, x))", {"relu"}, {"clip_by_value"}),
    # Schulman et al. 2017 (PPO): the ratio clipped by value into [1 − ε, 1 + ε] (session 18 decided it is clipping
    # by value; the concept's explanation says so)
    ("clip-ppo-ratio", r"\operatorname{clip}(r, 1-\epsilon, 1+\epsilon)", {"clip_by_value"}, {"clip_by_norm"}),
    # --- clip_by_norm: was RMS normalisation
    # Goodfellow et al. 2016 eq. (10.48) / Pascanu et al. 2013, Algorithm 1
    (
        "clip-norm-cases",
        r"g \leftarrow \begin{cases} \frac{c g}{\|g\|} & \|g\| > c \\ g & \text{otherwise} \end{cases}",
        {"clip_by_norm"},
        {"rms_normalization"},
    ),
    # the held-out form: g·min(1, c/‖g‖)
    ("clip-norm-min", r"g \leftarrow g \cdot \min(1, c/\|g\|)", {"clip_by_norm"}, {"rms_normalization", "warmup"}),
    # TensorFlow tf.clip_by_norm docs: t * clip_norm / max(l2norm(t), clip_norm)
    ("clip-norm-max", r"\hat{g} = \frac{c}{\max(c, \|g\|)} g", {"clip_by_norm"}, {"rms_normalization"}),
    ("not-clip-norm-unit", r"\frac{g}{\|g\|}", set(), {"clip_by_norm", "rms_normalization"}),
    ("not-clip-norm-other-vector", r"g \cdot \min(1, c/\|h\|)", set(), {"clip_by_norm"}),
    # --- step_decay
    # PyTorch StepLR docs
    ("step-decay-steplr", r"\eta_t = \eta_0 \gamma^{\lfloor t / s \rfloor}", {"step_decay"}, {"exponential_decay"}),
    # cs231n notes: halve the rate every 10 epochs
    ("step-decay-halve", r"\alpha_e = \alpha_0 \cdot 0.5^{\lfloor e / 10 \rfloor}", {"step_decay"}, set()),
    ("not-step-decay-growing", r"\eta_t = \eta_0 \cdot 2^{\lfloor t / s \rfloor}", set(), {"step_decay"}),
    # --- exponential_decay
    # PyTorch ExponentialLR (closed form and its recursive definition)
    ("exp-decay-power", r"\eta_t = \eta_0 \gamma^{t}", {"exponential_decay"}, {"step_decay"}),
    ("exp-decay-recursive", r"\eta_t = \gamma \eta_{t-1}", {"exponential_decay"}, {"weight_decay", "ema"}),
    # cs231n notes: α = α₀ e^{−kt}
    ("exp-decay-exp", r"\alpha_t = \alpha_0 e^{-k t}", {"exponential_decay"}, set()),
    ("not-exp-decay-growth", r"\eta_t = \eta_0 e^{k t}", set(), {"exponential_decay"}),
    ("not-exp-decay-bias-correction", r"\hat{m}_t = \frac{m_t}{1 - \beta_1^t}", {"bias_correction"}, {"exponential_decay"}),
    # --- cosine_schedule
    # PyTorch CosineAnnealingLR docs
    (
        "cosine-pytorch",
        r"\eta_t = \eta_{min} + \frac{1}{2}(\eta_{max} - \eta_{min})\left(1 + \cos\left(\frac{T_{cur}}{T_{max}}\pi\right)\right)",
        {"cosine_schedule"},
        set(),
    ),
    # d2l 12.11: η_t = η_T + (η_0 − η_T)/2 (1 + cos(πt/T))
    (
        "cosine-d2l",
        r"\eta_t = \eta_T + \frac{\eta_0 - \eta_T}{2} \left(1 + \cos\left(\frac{\pi t}{T}\right)\right)",
        {"cosine_schedule"},
        set(),
    ),
    # Loshchilov & Hutter, SGDR eq. (5) with η_min = 0
    ("cosine-sgdr-zero-min", r"\eta_t = \frac{\eta_0}{2}\left(1 + \cos\left(\frac{t \pi}{T}\right)\right)", {"cosine_schedule"}, set()),
    ("not-cosine-hann-window", r"w(x) = \frac{1}{2}\left(1 + \cos\left(\frac{\pi x}{L}\right)\right)", set(), {"cosine_schedule"}),
    ("not-cosine-wave", r"y = a \cos(\pi x) + b", set(), {"cosine_schedule"}),
    ("not-cosine-positional", r"\cos\left(\frac{pos}{10000^{2i/d}}\right)", set(), {"cosine_schedule"}),
    # --- warmup
    # Vaswani et al. 2017, eq. (3)
    (
        "warmup-transformer",
        r"lrate = d_{model}^{-0.5} \cdot \min(step\_num^{-0.5}, step\_num \cdot warmup\_steps^{-1.5})",
        {"warmup"},
        set(),
    ),
    # Goyal et al. 2017 / PyTorch LinearLR: a linear ramp
    ("warmup-linear", r"\eta_t = \eta \frac{t}{T_w}", {"warmup"}, set()),
    ("warmup-capped", r"\eta_t = \eta \min(1, t/T_w)", {"warmup"}, set()),
    # d2l 12.11 warm-up by cases
    (
        "warmup-cases",
        r"\eta_t = \begin{cases} \eta \frac{t}{T_w} & t < T_w \\ \eta & \text{otherwise}\end{cases}",
        {"warmup"},
        set(),
    ),
    # warm-up then cosine (Goyal et al. 2017 warm-up + Loshchilov & Hutter's cosine, as in d2l 12.11)
    (
        "warmup-then-cosine",
        r"\eta_t = \begin{cases} \eta_{max} \frac{t}{T_w} & t < T_w \\ \eta_{min} + \frac{1}{2}(\eta_{max}-\eta_{min})"
        r"\left(1+\cos\left(\pi \frac{t - T_w}{T - T_w}\right)\right) & \text{otherwise}\end{cases}",
        {"warmup", "cosine_schedule"},
        set(),
    ),
    ("not-warmup-ratio-min", r"y = \min(1, a/b)", set(), {"warmup"}),
    ("not-warmup-grid", r"x_t = \frac{t}{N}", set(), {"warmup"}),
    ("not-warmup-indexed", r"x_i = \frac{a i}{N}", set(), {"warmup"}),
    ("not-warmup-inverse", r"\eta_t = \frac{\eta}{t}", set(), {"warmup"}),
    # --- adamw
    # Loshchilov & Hutter 2019, Algorithm 2 (line 12)
    (
        "adamw-paper",
        ADAM_MOMENTS + ADAM_HATS
        + r"\theta_t = \theta_{t-1} - \eta_t \left(\frac{\alpha \hat{m}_t}{\sqrt{\hat{v}_t} + \epsilon} + \lambda \theta_{t-1}\right)",
        {"adamw", "adam", "weight_decay"},
        set(),
    ),
    # PyTorch torch.optim.AdamW docs: the decay is a statement of its own
    (
        "adamw-pytorch",
        r"\theta_t \leftarrow \theta_{t-1} - \gamma \lambda \theta_{t-1} \\ " + ADAM_MOMENTS + ADAM_HATS
        + r"\theta_t \leftarrow \theta_t - \frac{\gamma \hat{m}_t}{\sqrt{\hat{v}_t} + \epsilon}",
        {"adamw", "adam", "weight_decay"},
        set(),
    ),
    # PyTorch torch.optim.Adam docs (L2 in the gradient) is Adam, not AdamW
    (
        "not-adamw-adam-l2",
        r"g_t \leftarrow \nabla_{\theta} f_t(\theta_{t-1}) \\ g_t \leftarrow g_t + \lambda \theta_{t-1} \\ "
        + ADAM_MOMENTS + ADAM_HATS + r"\theta_t \leftarrow \theta_{t-1} - \frac{\gamma \hat{m}_t}{\sqrt{\hat{v}_t} + \epsilon}",
        {"adam", "weight_decay"},
        {"adamw"},
    ),
    # --- amsgrad
    # Reddi et al. 2018, Algorithm 2
    (
        "amsgrad-paper",
        ADAM_MOMENTS + r"\hat{v}_t = \max(\hat{v}_{t-1}, v_t) \\ \theta_{t+1} = \theta_t - \frac{\alpha_t m_t}{\sqrt{\hat{v}_t}}",
        {"amsgrad", "adam"},
        set(),
    ),
    # PyTorch torch.optim.Adam docs, amsgrad branch
    (
        "amsgrad-pytorch",
        ADAM_MOMENTS + ADAM_HATS + r"v^{max}_t \leftarrow \max(v^{max}_{t-1}, \hat{v}_t) \\ "
        r"\theta_t \leftarrow \theta_{t-1} - \frac{\gamma \hat{m}_t}{\sqrt{v^{max}_t} + \epsilon}",
        {"amsgrad"},
        set(),
    ),
    (
        "not-amsgrad-adam",
        ADAM_MOMENTS + ADAM_HATS + r"\theta_t = \theta_{t-1} - \alpha \frac{\hat{m}_t}{\sqrt{\hat{v}_t} + \epsilon}",
        {"adam"},
        {"amsgrad", "adamw", "nadam", "adadelta"},
    ),
    # --- adadelta
    # Zeiler 2012, Algorithm 1
    (
        "adadelta-zeiler",
        r"E_t = \rho E_{t-1} + (1-\rho) g_t^2 \\ \Delta x_t = - \frac{\sqrt{D_{t-1} + \epsilon}}{\sqrt{E_t + \epsilon}} g_t "
        r"\\ D_t = \rho D_{t-1} + (1-\rho) \Delta x_t^2 \\ x_{t+1} = x_t + \Delta x_t",
        {"adadelta", "ema", "gradient_descent_step"},
        {"running_sum"},
    ),
    # d2l 12.9
    (
        "adadelta-d2l",
        r"s_t = \rho s_{t-1} + (1-\rho) g_t^2 \\ g_t^\prime = \frac{\sqrt{\Delta x_{t-1} + \epsilon}}{\sqrt{s_t + \epsilon}} g_t "
        r"\\ x_t = x_{t-1} - g_t^\prime \\ \Delta x_t = \rho \Delta x_{t-1} + (1-\rho) {g_t^\prime}^2",
        {"adadelta"},
        set(),
    ),
    (
        "not-adadelta-rmsprop",
        r"E = \rho E + (1-\rho) g^2 \\ \theta = \theta - \frac{\eta}{\sqrt{E + \epsilon}} g",
        {"rmsprop"},
        {"adadelta"},
    ),
    # --- nadam
    # Ruder 2016 (NAdam section) / Dozat 2016 simplified
    (
        "nadam-ruder",
        ADAM_MOMENTS + ADAM_HATS
        + r"\theta_{t+1} = \theta_t - \frac{\eta}{\sqrt{\hat{v}_t}+\epsilon}\left(\beta_1 \hat{m}_t + \frac{(1-\beta_1) g_t}{1-\beta_1^t}\right)",
        {"nadam"},
        {"adam"},
    ),
    # Dozat 2016, Algorithm 2
    (
        "nadam-dozat",
        r"m_t = \mu_t m_{t-1} + (1-\mu_t) g_t \\ n_t = \nu n_{t-1} + (1-\nu) g_t^2 \\ "
        r"\hat{g}_t = \frac{g_t}{1-\prod_{i=1}^{t} \mu_i} \\ \hat{m}_t = \frac{m_t}{1-\prod_{i=1}^{t+1} \mu_i} \\ "
        r"\hat{n}_t = \frac{n_t}{1-\nu^t} \\ \bar{m}_t = (1-\mu_t)\hat{g}_t + \mu_{t+1}\hat{m}_t \\ "
        r"\theta_t = \theta_{t-1} - \frac{\eta \bar{m}_t}{\sqrt{\hat{n}_t}+\epsilon}",
        {"nadam"},
        set(),
    ),
    # --- existing optimiser concepts in further notations
    # d2l 12.7 (Adagrad) with ⊙
    (
        "adagrad-hadamard",
        r"s \leftarrow s + g \odot g \\ \theta \leftarrow \theta - \frac{\eta}{\sqrt{s + \epsilon}} \odot g",
        {"adagrad", "running_sum"},
        {"rmsprop", "weight_decay"},
    ),
    # Polyak's heavy ball (Wikipedia "Gradient descent", momentum; Goh 2017, Distill)
    (
        "momentum-heavy-ball",
        r"x_{t+1} = x_t - \eta \nabla f(x_t) + \beta (x_t - x_{t-1})",
        {"momentum"},
        {"ema", "weight_decay", "nesterov"},
    ),
    ("not-momentum-heavy-ball-sign", r"x_{t+1} = x_t - \eta \nabla f(x_t) + \beta (x_t + x_{t-1})", set(), {"momentum"}),
    ("not-rms-scaled-dot", r"\frac{q \cdot k}{\sqrt{d}}", set(), {"rms_normalization"}),
    (
        "not-rms-transformer-schedule",
        r"\text{lr} = \frac{1}{\sqrt{d}} \min\left(\frac{1}{\sqrt{s}}, \frac{s}{w^{1.5}}\right)",
        {"warmup"},
        {"rms_normalization"},
    ),
    # --- misses on correct readings (issue 14)
    ("ema-increment-form", r"v \leftarrow v + (1-\beta)(g - v)", {"ema"}, {"running_sum", "momentum"}),
    # Hinton's lecture 6e / d2l 12.8 written with ⊙ and ⊘
    (
        "rmsprop-hadamard",
        r"s \leftarrow \rho s + (1-\rho) g \odot g \\ \theta \leftarrow \theta - \eta g \oslash (\sqrt{s}+\epsilon)",
        {"rmsprop", "ema"},
        {"momentum", "adam"},
    ),
]


@pytest.mark.parametrize(("latex", "want", "avoid"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_concepts(latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)


def _chunks(latex: str) -> list:
    expl = explain(symdl.parse(latex))
    return [c for root in expl.statements for c in root.walk() if c.concept]


def test_lion_update_is_a_step_not_momentum() -> None:
    """Lion's θ line is a (sign) descent step with decoupled decay; only its m line is an EMA."""
    expl = explain(
        symdl.parse(
            r"c = \beta_1 m + (1-\beta_1) g \\ \theta \leftarrow \theta - \eta (\operatorname{sign}(c) + \lambda \theta) "
            r"\\ m \leftarrow \beta_2 m + (1-\beta_2) g"
        )
    )
    step = expl.statements[1]
    assert step.concept == "gradient_descent_step"
    assert "weight_decay" in step.also and not {"ema", "momentum"} & set(step.also)
    assert str(dict(step.params)["weight decay"]) == "lambda"
    assert "sign" in step.note
    assert expl.statements[2].concept == "ema"
    lion = next(c for c in step.walk() if c.concept == "lion")
    assert str(dict(lion.params)["beta"]) == "beta_1"


@pytest.mark.parametrize(
    ("latex", "concept", "param", "value"),
    [
        (r"dW = dW + \frac{\lambda}{m} W", "weight_decay", "decay", "lambda/m"),
        (r"\theta_t \leftarrow \theta_{t-1} - \gamma \lambda \theta_{t-1}", "weight_decay", "decay", "gamma*lambda"),
        (r"x = x - \mu v_{prev} + (1 + \mu) v", "nesterov", "momentum", "mu"),
        (r"v = \mu v - \eta \nabla f(\theta + \mu v)", "nesterov", "momentum", "mu"),
        (r"g \leftarrow g \cdot \min(1, c/\|g\|)", "clip_by_norm", "threshold", "c"),
        (r"\operatorname{clip}(g, -5, 5)", "clip_by_value", "threshold", "5"),
        (r"\eta_t = \eta_0 \gamma^{\lfloor t / s \rfloor}", "step_decay", "gamma", "gamma"),
        (r"\alpha_t = \alpha_0 e^{-k t}", "exponential_decay", "gamma", "exp(-k)"),
        (
            r"\eta_t = \eta_{min} + \frac{1}{2}(\eta_{max} - \eta_{min})\left(1 + \cos\left(\frac{T_{cur}}{T_{max}}\pi\right)\right)",
            "cosine_schedule",
            "eta_max",
            "eta_{max}",
        ),
        (r"\eta_t = \eta \frac{t}{T_w}", "warmup", "slope", "eta/T_w"),
    ],
    ids=["wd-ng", "wd-shrink", "nesterov-cs231n", "nesterov-sutskever", "clip-norm", "clip-value", "step",
         "exp", "cosine", "warmup"],
)
def test_parameters(latex: str, concept: str, param: str, value: str) -> None:
    chunk = next(c for c in _chunks(latex) if c.concept == concept)
    assert str(dict(chunk.params)[param]) == value
    assert chunk.note


@pytest.mark.parametrize(
    ("latex", "concept"),
    [
        (r"\theta_{t+1} = \operatorname{AdamW}(\theta_t, g_t)", "adamw"),
        (r"\operatorname{ClipGradNorm}(g, c)", "clip_by_norm"),
        (r"\mathrm{Lion}(g)", "lion"),
        (r"\operatorname{RMSprop}(g)", "rmsprop"),
    ],
)
def test_named_calls(latex: str, concept: str) -> None:
    assert concept in explain(symdl.parse(latex)).concepts


def test_relation_summaries() -> None:
    """The system's one-line summary names the most specific optimiser."""
    amsgrad = explain(
        symdl.parse(ADAM_MOMENTS + r"\hat{v}_t = \max(\hat{v}_{t-1}, v_t) \\ \theta_{t+1} = \theta_t - \frac{\alpha_t m_t}{\sqrt{\hat{v}_t}}")
    )
    assert amsgrad.summary.startswith("AMSGrad")
    lion = explain(
        symdl.parse(
            r"u_t = \operatorname{sign}(\beta_1 m_{t-1} + (1-\beta_1) g_t) \\ "
            r"\theta_t = \theta_{t-1} - \eta_t (u_t + \lambda \theta_{t-1}) \\ m_t = \beta_2 m_{t-1} + (1-\beta_2) g_t"
        )
    )
    assert lion.summary.startswith("Lion")
    assert any(r.concept == "lion" and r.statements == (1, 2) for r in lion.relations)
    rel = next(r for r in amsgrad.relations if r.concept == "amsgrad")
    assert rel.statements == (1, 2, 3)
