"""Session 17, task opt: optimisers and schedules in the notation real sources print them.

Each row: (id, LaTeX, must-name set, must-not-name set).  The rows are the classes fixed this session —
a gradient evaluated at θ_t, a bold bias correction, a decoupled decay whose step is a sum over the batch,
iterations k/n, Signum vs Lion, a cumulative mean vs an EMA, a recurrence vs a running sum, Nesterov with a
momentum schedule or a scaled minibatch gradient, Lion in one line, Dozat's broadcast scalar θ, clipping by
norm vs weight norm, Duchi's per-coordinate Adagrad, PyTorch's centered RMSProp, a power decay — and their
look-alikes.
"""

from __future__ import annotations

import pytest

from tests.concept_cases import assert_concepts, chunk_of

CASES: list[tuple[str, str, set[str], set[str]]] = [
    # --- a gradient evaluated at the previous iterate (Subs)
    # Ruder 2016, "An overview of gradient descent optimization algorithms", batch gradient descent
    (
        "sgd-grad-at-theta-t",
        r"\theta_{t+1} = \theta_t - \eta \nabla_{\theta} L(\theta_t)",
        {"gradient_descent_step"},
        {"running_sum"},
    ),
    # --- bias correction of bold EMAs
    # d2l 12.10 (Adam), eq. (12.10.2)
    ("bc-d2l-bold", r"\hat{\mathbf{v}}_t = \frac{\mathbf{v}_t}{1 - \beta_1^t}", {"bias_correction"}, set()),
    # Goodfellow et al. 2016, Algorithm 8.7 (Adam), bold with ρ and δ
    (
        "adam-goodfellow-bold",
        r"\mathbf{s} \leftarrow \rho_1 \mathbf{s} + (1 - \rho_1) \mathbf{g} \\ \mathbf{r} \leftarrow \rho_2 \mathbf{r} + "
        r"(1 - \rho_2) \mathbf{g} \odot \mathbf{g} \\ \hat{\mathbf{s}} \leftarrow \frac{\mathbf{s}}{1 - \rho_1^t} \\ "
        r"\hat{\mathbf{r}} \leftarrow \frac{\mathbf{r}}{1 - \rho_2^t} \\ \Delta \boldsymbol{\theta} = - \epsilon "
        r"\frac{\hat{\mathbf{s}}}{\sqrt{\hat{\mathbf{r}}} + \delta} \\ \boldsymbol{\theta} \leftarrow \boldsymbol{\theta} + "
        r"\Delta \boldsymbol{\theta}",
        {"adam", "ema", "bias_correction"},
        {"running_sum", "adagrad"},
    ),
    # --- decoupled decay beside a step written as a sum over the minibatch: weight decay, not momentum
    # d2l 3.7.5 (weight decay, minibatch update)
    (
        "wd-d2l-minibatch",
        r"\mathbf{w} \leftarrow \left(1- \eta\lambda \right) \mathbf{w} - \frac{\eta}{|\mathcal{B}|} \sum_{i \in \mathcal{B}} "
        r"\mathbf{x}^{(i)} \left(\mathbf{w}^\top \mathbf{x}^{(i)} + b - y^{(i)}\right)",
        {"weight_decay", "gradient_descent_step"},
        {"momentum", "ema"},
    ),
    # --- iterations written k / n
    # Sutton & Barto 2018, eq. (2.5): a constant step size, an exponential recency-weighted average
    ("ema-sutton-barto", r"Q_{n+1} = Q_n + \alpha \left[ R_n - Q_n \right]", {"ema"}, {"running_sum"}),
    # Bernstein et al. 2018 (signSGD), Algorithm 1
    ("signsgd", r"x_{k+1} = x_k - \delta \, \mathrm{sign}(\tilde{g}_k)", {"gradient_descent_step"}, {"lion"}),
    # look-alike: Bernstein et al. 2018 (Signum): the sign of the momentum itself is not Lion's interpolation
    (
        "signum-not-lion",
        r"m_{k+1} = \beta m_k + (1 - \beta) \tilde{g}_k \\ x_{k+1} = x_k - \delta \, \operatorname{sign}(m_{k+1})",
        {"ema", "gradient_descent_step"},
        {"lion"},
    ),
    # look-alike: Sutton & Barto eq. (2.3), the sample average: weight 1/n of the step, no geometric forgetting
    ("cumulative-mean-sb", r"Q_{n+1} = Q_n + \frac{1}{n} \left[ R_n - Q_n \right]", set(), {"ema", "running_sum"}),
    # look-alike: the incremental mean written with t (Welford-style running mean)
    ("cumulative-mean-t", r"m_t = m_{t-1} + \frac{1}{t} (x_t - m_{t-1})", set(), {"ema", "gradient_descent_step"}),
    # look-alike: Fibonacci's recurrence adds the series' own past, not new values
    ("fibonacci-not-running-sum", r"F_{n+1} = F_n + F_{n-1}", set(), {"running_sum", "momentum"}),
    ("fibonacci-t-not-running-sum", r"F_{t+1} = F_t + F_{t-1}", set(), {"running_sum", "momentum"}),
    # running sum with an iteration letter stays one (a cumulative sum)
    ("running-sum-n", r"S_{n} = S_{n-1} + x_n", {"running_sum"}, {"ema"}),
    # --- Nesterov
    # Bengio, Boulanger-Lewandowski & Pascanu 2013 ("Advances in optimizing recurrent networks"), eq. (6)-(7)
    (
        "nesterov-bengio-schedule",
        r"v_t = \mu_{t-1} v_{t-1} - \epsilon_{t-1} \nabla f(\Theta_{t-1}) \\ "
        r"\Theta_t = \Theta_{t-1} - \mu_{t-1} v_{t-1} + \mu_t v_t + v_t",
        {"nesterov", "momentum"},
        {"running_sum"},
    ),
    # Goodfellow et al. 2016, Algorithm 8.3, the minibatch gradient (1/m)∇ Σ L at the interim point
    (
        "nesterov-goodfellow-minibatch",
        r"\tilde{\theta} \leftarrow \theta + \alpha v \\ g \leftarrow \frac{1}{m} \nabla_{\tilde{\theta}} \sum_i "
        r"L(f(x^{(i)}; \tilde{\theta}), y^{(i)}) \\ v \leftarrow \alpha v - \epsilon g \\ \theta \leftarrow \theta + v",
        {"nesterov", "momentum", "gradient_descent_step"},
        {"running_sum"},
    ),
    # look-alike: the momentum coefficients do not match (1 + μ' for another quantity than μ's series)
    ("not-nesterov-other-coefficient", r"x_t = x_{t-1} - \mu v_{t-1} + (1 + \rho) v_t", set(), {"nesterov"}),
    # --- Lion written in one line (Chen et al. 2023, Algorithm 2, c_t substituted)
    (
        "lion-one-line",
        r"\theta_t \leftarrow \theta_{t-1} - \eta_t \, \mathrm{sign}\left(\beta_1 m_{t-1} + (1 - \beta_1) g_t\right)",
        {"lion", "gradient_descent_step"},
        {"running_sum"},
    ),
    # look-alike: a sign of the gradient plus a decay term is not an interpolation
    (
        "sign-with-decay-not-lion",
        r"\theta \leftarrow \theta - \eta \, \mathrm{sign}(\nabla_\theta L + \lambda \theta)",
        set(),
        {"lion"},
    ),
    # --- Dozat 2016 (NAdam), Algorithm 2: a scalar θ beside bold moments; no LSTM cell
    (
        "dozat-broadcast-theta",
        r"\bar{\mathbf{m}}_t \leftarrow (1 - \mu_t) \hat{\mathbf{g}}_t + \mu_{t+1} \hat{\mathbf{m}}_t \\ \theta_t \leftarrow "
        r"\theta_{t-1} - \eta \frac{\bar{\mathbf{m}}_t}{\sqrt{\hat{\mathbf{n}}_t} + \epsilon}",
        {"gradient_descent_step"},
        {"lstm_cell", "running_sum"},
    ),
    # --- clipping by norm (torch.nn.utils.clip_grad_norm_: scale by max_norm / max(‖g‖, max_norm))
    (
        "clip-norm-max-floor",
        r"g \leftarrow g \cdot \frac{\text{max\_norm}}{\max(\|g\|_2, \text{max\_norm})}",
        {"clip_by_norm"},
        {"weight_norm", "clip_by_value"},
    ),
    # look-alike: Salimans & Kingma 2016 weight norm stays weight norm
    ("weight-norm-still", r"\mathbf{w} = \frac{g}{\|\mathbf{v}\|} \mathbf{v}", {"weight_norm"}, {"clip_by_norm"}),
    # --- Adagrad per coordinate: Duchi et al. 2011 as printed by Ruder 2016
    (
        "adagrad-duchi-coordinate",
        r"\theta_{t+1, i} = \theta_{t, i} - \frac{\eta}{\sqrt{G_{t, ii} + \epsilon}} \cdot g_{t, i}",
        {"gradient_descent_step"},
        {"running_sum", "ema"},
    ),
    # --- PyTorch torch.optim.RMSprop, centered=True
    (
        "rmsprop-pytorch-centered",
        r"v_t \leftarrow \alpha v_{t-1} + (1 - \alpha) g^2_t \\ \tilde{v_t} \leftarrow v_t \\ g^{ave}_t \leftarrow "
        r"g^{ave}_{t-1} \alpha + (1-\alpha) g_t \\ \tilde{v_t} \leftarrow \tilde{v_t} - \big(g^{ave}_{t} \big)^2 \\ "
        r"\theta_t \leftarrow \theta_{t-1} - \gamma g_t / \big(\sqrt{\tilde{v_t}} + \epsilon \big)",
        {"rmsprop", "ema", "gradient_descent_step"},
        {"adam", "adagrad", "running_sum"},
    ),
    # --- exponential decay as a power of the step (cs231n notes, "Annealing the learning rate"; tf's staircase=False)
    ("exp-decay-power", r"\alpha = \alpha_0 \cdot 0.96^{\frac{t}{1000}}", {"exponential_decay"}, {"step_decay"}),
    # look-alike: a growing power is no decay
    ("exp-growth-not-decay", r"\alpha = \alpha_0 \cdot 2^{t}", set(), {"exponential_decay"}),
    # --- warm-up is the schedule assigned, not a cap inside a decay
    # TensorFlow docs, tf.keras.optimizers.schedules.PolynomialDecay (step capped at decay_steps)
    (
        "poly-decay-not-warmup",
        r"\eta_t = \eta_0 \cdot \left(1 - \frac{\min(t, T)}{T}\right)^{p}",
        set(),
        {"warmup", "exponential_decay", "step_decay", "cosine_schedule"},
    ),
    # --- Adagrad's root of a running sum is no RMS normalisation (d2l 12.7, bold)
    (
        "adagrad-d2l-not-rms",
        r"\mathbf{s}_t = \mathbf{s}_{t-1} + \mathbf{g}_t^2 \\ \mathbf{w}_t = \mathbf{w}_{t-1} - "
        r"\frac{\eta}{\sqrt{\mathbf{s}_t + \epsilon}} \cdot \mathbf{g}_t",
        {"adagrad", "running_sum"},
        {"rms_normalization", "ema", "rmsprop"},
    ),
    # Goodfellow et al. 2016, Algorithm 8.4 (AdaGrad), Δθ form
    (
        "adagrad-goodfellow-not-rms",
        r"\boldsymbol{r} \leftarrow \boldsymbol{r} + \boldsymbol{g} \odot \boldsymbol{g} \\ \Delta\boldsymbol{\theta} "
        r"\leftarrow - \frac{\epsilon}{\delta + \sqrt{\boldsymbol{r}}} \odot \boldsymbol{g} \\ \boldsymbol{\theta} "
        r"\leftarrow \boldsymbol{\theta} + \Delta \boldsymbol{\theta}",
        {"adagrad"},
        {"rms_normalization", "ema"},
    ),
    # --- Adam's step on its own
    # d2l 12.10, eq. (12.10.4)-(12.10.5): the rescaled gradient and the update
    (
        "adam-d2l-step-only",
        r"\mathbf{g}_t' = \frac{\eta \hat{\mathbf{v}}_t}{\sqrt{\hat{\mathbf{s}}_t} + \epsilon} \\ "
        r"\mathbf{x}_t \leftarrow \mathbf{x}_{t-1} - \mathbf{g}_t'",
        {"adam", "gradient_descent_step"},
        {"adagrad", "adamw"},
    ),
    # Ng, Deep Learning Specialization course 2 (Adam: corrected moments, then the update)
    (
        "adam-ng-corrected",
        r"V_{dW}^{corrected} = \frac{V_{dW}}{1 - \beta_1^t} \\ S_{dW}^{corrected} = \frac{S_{dW}}{1-\beta_2^t} \\ "
        r"W = W - \alpha \frac{V_{dW}^{corrected}}{\sqrt{S_{dW}^{corrected}} + \varepsilon}",
        {"adam", "bias_correction"},
        {"running_sum", "adamw"},
    ),
    # look-alike: a bare g/(√v + ε) step may be RMSProp's: no moment is marked as an estimate
    ("rms-step-not-adam", r"\theta \leftarrow \theta - \eta \frac{g}{\sqrt{v} + \epsilon}", set(), {"adam", "nadam"}),
    # --- NAdam in one line: Ruder 2016 (after Dozat 2016)
    (
        "nadam-ruder-line",
        r"\theta_{t+1} = \theta_{t} - \dfrac{\eta}{\sqrt{\hat{v}_t} + \epsilon} (\beta_1 \hat{m}_t + "
        r"\dfrac{(1 - \beta_1) g_t}{1 - \beta^t_1})",
        {"nadam"},
        {"running_sum", "lion"},
    ),
    # --- AdaDelta, d2l 12.9 (bold, ⊙)
    (
        "adadelta-d2l-bold",
        r"\mathbf{s}_t = \rho \mathbf{s}_{t-1} + (1 - \rho) \mathbf{g}_t^2 \\ \mathbf{g}_t' = "
        r"\frac{\sqrt{\Delta\mathbf{x}_{t-1} + \epsilon}}{\sqrt{{\mathbf{s}_t + \epsilon}}} \odot \mathbf{g}_t \\ "
        r"\mathbf{x}_t = \mathbf{x}_{t-1} - \mathbf{g}_t' \\ \Delta \mathbf{x}_t = \rho \Delta\mathbf{x}_{t-1} + "
        r"(1 - \rho) {\mathbf{g}_t'}^2",
        {"adadelta", "ema"},
        {"running_sum", "adagrad"},
    ),
    # --- Lion, Chen et al. 2023 Algorithm 2 in bold
    (
        "lion-chen-bold",
        r"\mathbf{c}_t \leftarrow \beta_1 \mathbf{m}_{t-1} + (1-\beta_1) \mathbf{g}_t \\ \boldsymbol{\theta}_t "
        r"\leftarrow \boldsymbol{\theta}_{t-1} - \eta_t \left( \text{sign}(\mathbf{c}_t) + \lambda "
        r"\boldsymbol{\theta}_{t-1} \right) \\ \mathbf{m}_t \leftarrow \beta_2 \mathbf{m}_{t-1} + (1-\beta_2) \mathbf{g}_t",
        {"lion", "ema", "weight_decay"},
        {"running_sum", "adam"},
    ),
    # look-alike: bold Signum (the sign of the EMA itself)
    (
        "signum-bold-not-lion",
        r"\mathbf{m}_t = \beta \mathbf{m}_{t-1} + (1 - \beta) \mathbf{g}_t \\ \mathbf{x}_t = \mathbf{x}_{t-1} - "
        r"\delta \, \mathrm{sign}(\mathbf{m}_t)",
        {"ema"},
        {"lion"},
    ),
    # --- momentum with μ = 1 (Goodfellow §8.3.2's limit): the velocity only accumulates
    (
        "velocity-running-sum",
        r"v_t = v_{t-1} + \eta\, g_t, \qquad \theta_t = \theta_{t-1} - v_t",
        {"running_sum", "gradient_descent_step"},
        {"ema", "momentum"},
    ),
    # --- AdaMax, Kingma & Ba 2015 Algorithm 2: the bias correction folded into the step size
    (
        "adamax-kingma",
        r"m_t \leftarrow \beta_1 \cdot m_{t-1} + (1-\beta_1) \cdot g_t \\ u_t \leftarrow \max(\beta_2 \cdot u_{t-1}, "
        r"|g_t|) \\ \theta_t \leftarrow \theta_{t-1} - (\alpha/(1-\beta_1^t)) \cdot m_t/u_t",
        {"bias_correction", "ema"},
        {"amsgrad", "running_sum"},
    ),
    # --- SGDR, Loshchilov & Hutter 2017 eq. (5): the restart index i as a superscript
    (
        "cosine-sgdr-superscript",
        r"\eta_t = \eta_{min}^i + \frac{1}{2}(\eta_{max}^i - \eta_{min}^i)\left(1 + \cos\left(\frac{T_{cur}}{T_i}\pi\right)\right)",
        {"cosine_schedule"},
        {"warmup", "cosine_similarity"},
    ),
    # look-alike: a Hann window is no schedule
    (
        "hann-not-cosine",
        r"w(n) = \frac{1}{2}\left(1 - \cos\left(\frac{2\pi n}{N}\right)\right)",
        set(),
        {"cosine_schedule"},
    ),
    # look-alike: a floor at 0 is a ReLU
    ("relu-not-clamp", r"y = \max(0, x)", {"relu"}, {"clip_by_value"}),
    # --- NAdam with a momentum schedule μ_t: Dozat 2016, Algorithm 2 (bias corrections by 1 − Π μ_i)
    (
        "nadam-dozat-products",
        r"\hat{m}_t \leftarrow \frac{\mu_{t+1} m_t}{1 - \prod_{i=1}^{t+1}\mu_i} + \frac{(1-\mu_t)\, g_t}"
        r"{1-\prod_{i=1}^{t}\mu_i} \\ \hat{n}_t \leftarrow \frac{\nu n_t}{1-\nu^t} \\ \theta_t \leftarrow \theta_{t-1} - "
        r"\frac{\alpha\, \hat{m}_t}{\sqrt{\hat{n}_t}+\epsilon}",
        {"nadam", "bias_correction"},
        {"amsgrad", "running_sum", "lstm_cell"},
    ),
    # Dozat 2016, Algorithm 2 as m̄_t (bold moments, scalar θ)
    (
        "nadam-dozat-mbar",
        r"\bar{\mathbf{m}}_t \leftarrow (1 - \mu_t) \hat{\mathbf{g}}_t + \mu_{t+1} \hat{\mathbf{m}}_t \\ \theta_t "
        r"\leftarrow \theta_{t-1} - \eta \frac{\bar{\mathbf{m}}_t}{\sqrt{\hat{\mathbf{n}}_t} + \epsilon}",
        {"nadam", "gradient_descent_step"},
        {"lstm_cell", "running_sum"},
    ),
    # look-alike: Lion's interpolation under a sign is no NAdam
    (
        "lion-not-nadam",
        r"c_t \leftarrow \beta_1 m_{t-1} + (1 - \beta_1) g_t \\ \theta_t \leftarrow \theta_{t-1} - \eta_t \, "
        r"\mathrm{sign}(c_t) \\ m_t \leftarrow \beta_2 m_{t-1} + (1 - \beta_2) g_t",
        {"lion"},
        {"nadam", "adam"},
    ),
    # look-alike: ReLU6 (PyTorch docs, torch.nn.ReLU6) clips into [0, 6] with no hyperparameter: an activation
    ("relu6-not-clip", r"\mathrm{ReLU6}(x) = \min(\max(0, x), 6)", set(), {"clip_by_value", "clip_by_norm"}),
    # look-alike: 1/t decay (cs231n) is neither exponential nor step decay
    ("inverse-time-not-exp", r"\alpha = \frac{\alpha_0}{1 + k t}", set(), {"exponential_decay", "step_decay"}),
]


@pytest.mark.parametrize(("latex", "want", "avoid"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_concepts(latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)


def test_lion_one_line_names_beta_on_the_momentum() -> None:
    ch = chunk_of(
        r"\theta_t \leftarrow \theta_{t-1} - \eta_t \, \mathrm{sign}\left(\beta_1 m_{t-1} + (1 - \beta_1) g_t\right)",
        "lion",
    )
    params, roles = dict(ch.params), dict(ch.roles)
    assert str(params["beta"]) == "beta_1" and str(roles["momentum"]) == "m_{t-1}" and str(roles["gradient"]) == "g_t"


def test_sutton_barto_ema_decay() -> None:
    ch = chunk_of(r"Q_{n+1} = Q_n + \alpha \left[ R_n - Q_n \right]", "ema")
    assert str(dict(ch.params)["decay"]) == "1 - alpha" and str(dict(ch.roles)["new value"]) == "R_n"
