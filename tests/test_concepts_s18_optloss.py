"""Session 18, task optloss: optimisers, clipping, schedules and losses in the notation library docs print them.

Each row: (id, LaTeX, must-name set, must-not-name set).  The classes: a loss written as a named mean of a pointwise
loss (Keras' ``mean(square(y_true − y_pred))``) and its look-alike, the mean squared deviation from a mean; an L1
penalty written as a named sum of absolute values; decoupled weight decay with a bold gradient call; a step counter
``t ← t + 1`` (no running sum); clipping by norm in an algorithm box's guard line or with a norm labelled by a word;
and their look-alikes.
"""

from __future__ import annotations

import pytest

from tests.concept_cases import assert_concepts

CASES: list[tuple[str, str, set[str], set[str]]] = [
    # --- a named mean of a pointwise loss
    # Keras docs, tf.keras.losses.MeanSquaredError: loss = mean(square(y_true - y_pred))
    (
        "keras-mse",
        r"\text{loss} = \text{mean}(\text{square}(y_{\text{true}} - y_{\text{pred}}))",
        {"mse"},
        {"variance"},
    ),
    # Keras docs, tf.keras.losses.MeanAbsoluteError: loss = mean(abs(y_true - y_pred))
    ("keras-mae", r"\text{loss} = \text{mean}(\text{abs}(y_{\text{true}} - y_{\text{pred}}))", {"mae"}, {"mse"}),
    # Keras docs in snake_case names (y_true, y_pred written as code)
    ("keras-mse-snake", r"\text{loss} = \text{mean}(\text{square}(\text{y\_true} - \text{y\_pred}))", {"mse"}, set()),
    # a bold residual under a named mean, as d2l writes vectors (the square entry by entry)
    ("mean-bold-mse", r"\operatorname{mean}\left((\mathbf{y} - \hat{\mathbf{y}})^2\right)", {"mse"}, set()),
    # Keras' MAE with |.|: tf.keras.metrics.mean_absolute_error, mean(|y_true - y_pred|)
    ("mean-abs-bars", r"\mathrm{mean}(|y - \hat{y}|)", {"mae"}, {"mse"}),
    # look-alike: numpy's std docs, std = sqrt(mean(x)), x = abs(a - a.mean())**2: a spread about the mean
    ("trap-mean-square-deviation", r"\sigma^2 = \text{mean}(\text{square}(x - \text{mean}(x)))", set(), {"mse"}),
    # look-alike: a squared deviation from a bold mean μ is a spread, not an error of predictions
    ("trap-mean-square-mu", r"\operatorname{mean}\left((\mathbf{x} - \boldsymbol{\mu})^2\right)", set(), {"mse"}),
    # look-alike: the mean absolute deviation from x̄
    ("trap-mean-abs-deviation", r"\text{mean}(\text{abs}(x - \bar{x}))", set(), {"mae"}),
    # --- an L1 penalty as a named sum of absolute values
    # Keras docs, tf.keras.regularizers.L1: loss = l1 * reduce_sum(abs(x))
    ("keras-l1", r"\text{loss} = \text{l1} \cdot \text{reduce\_sum}(\text{abs}(x))", {"l1_penalty"}, {"mae"}),
    # the same regulariser with a Greek coefficient (TensorFlow's tf.reduce_sum)
    ("tf-l1-lambda", r"\lambda \cdot \text{reduce\_sum}(\text{abs}(w))", {"l1_penalty"}, set()),
    # look-alike: the sum of absolute values alone is an L1 norm, no penalty without its coefficient
    ("trap-l1-no-coefficient", r"\text{reduce\_sum}(\text{abs}(x))", set(), {"l1_penalty"}),
    # --- decoupled weight decay beside a bold gradient call
    # Loshchilov & Hutter 2019 (AdamW), eq. (1): decoupled weight decay
    (
        "wd-loshchilov-bold",
        r"\boldsymbol{\theta}_{t+1} = (1 - \lambda) \boldsymbol{\theta}_t - \alpha \nabla f_t(\boldsymbol{\theta}_t)",
        {"weight_decay", "gradient_descent_step"},
        {"momentum"},
    ),
    # the same, plain letters
    (
        "wd-loshchilov-plain",
        r"\theta_{t+1} = (1 - \lambda) \theta_t - \alpha \nabla f_t(\theta_t)",
        {"weight_decay", "gradient_descent_step"},
        {"momentum"},
    ),
    # look-alike: a bold velocity decayed by (1 − β) beside a gradient taken elsewhere stays momentum
    (
        "trap-bold-velocity",
        r"\mathbf{v}_{t+1} = (1 - \beta) \mathbf{v}_t - \alpha \nabla f(\boldsymbol{\theta}_t)",
        {"momentum"},
        {"weight_decay"},
    ),
    # --- a step counter is no running sum
    # Keras docs, tf.keras.optimizers.Adam (the algorithm written in its docstring)
    (
        "keras-adam-counter",
        r"t \leftarrow t + 1 \\ \mathrm{lr}_t \leftarrow \mathrm{learning\_rate} \cdot \sqrt{1 - \beta_2^t} / (1 - "
        r"\beta_1^t) \\ m_t \leftarrow \beta_1 \cdot m_{t-1} + (1 - \beta_1) \cdot g \\ v_t \leftarrow \beta_2 \cdot "
        r"v_{t-1} + (1 - \beta_2) \cdot g \cdot g \\ \mathrm{variable} \leftarrow \mathrm{variable} - \mathrm{lr}_t "
        r"\cdot m_t / (\sqrt{v_t} + \epsilon)",
        {"adam", "ema"},
        {"running_sum"},
    ),
    # Kingma & Ba 2015, Algorithm 1: t ← t + 1 before the moments
    (
        "adam-kingma-counter",
        r"t \leftarrow t + 1 \\ g_t \leftarrow \nabla_\theta f_t(\theta_{t-1}) \\ m_t \leftarrow \beta_1 m_{t-1} + "
        r"(1 - \beta_1) g_t",
        {"ema"},
        {"running_sum"},
    ),
    # look-alike kept: Adagrad's accumulator of squared gradients is a running sum
    ("adagrad-accumulator", r"G \leftarrow G + g^2", {"running_sum"}, set()),
    # --- clipping by norm: the guard line of an algorithm box, a norm labelled by a word
    # Goodfellow et al. 2016, Algorithm 10.11 / §10.11.1 (Pascanu et al. 2013): if ‖g‖ > v then g ← g v/‖g‖
    (
        "clip-goodfellow-guard",
        r"\text{if } ||\boldsymbol{g}|| > v \\ \boldsymbol{g} \leftarrow \frac{\boldsymbol{g} v}{||\boldsymbol{g}||}",
        {"clip_by_norm"},
        {"weight_norm", "lp_normalization"},
    ),
    # Pascanu et al. 2013, Algorithm 1: if ‖ĝ‖ ≥ threshold then ĝ ← (threshold/‖ĝ‖) ĝ
    (
        "clip-pascanu-guard",
        r"\text{if } \|\hat{\mathbf{g}}\| \geq \text{threshold} \\ \hat{\mathbf{g}} \leftarrow "
        r"\frac{\text{threshold}}{\|\hat{\mathbf{g}}\|} \hat{\mathbf{g}}",
        {"clip_by_norm"},
        {"weight_norm"},
    ),
    # look-alike: the guard the other way round (‖g‖ < c) rescales short vectors up: no clip
    (
        "trap-guard-reversed",
        r"\text{if } \|\mathbf{g}\|_2 < c \\ \mathbf{g} \leftarrow c \frac{\mathbf{g}}{\|\mathbf{g}\|_2}",
        set(),
        {"clip_by_norm", "weight_norm"},
    ),
    # look-alike kept: Salimans & Kingma 2016, weight normalisation w = g v/‖v‖ defines a new weight
    ("weight-norm-kept", r"\mathbf{w} = g \frac{\mathbf{v}}{\|\mathbf{v}\|}", {"weight_norm"}, {"clip_by_norm"}),
    # TensorFlow docs, tf.clip_by_global_norm: t * clip_norm / max(global_norm, clip_norm), the norm defined beside
    (
        "clip-global-norm",
        r"g \leftarrow g \cdot \frac{c}{\max\left(\lVert g \rVert_{\text{global}}, c\right)}, \quad "
        r"\lVert g \rVert_{\text{global}} = \sqrt{\textstyle\sum_i \lVert g_i \rVert_2^2}",
        {"clip_by_norm"},
        set(),
    ),
    # the same with another label and the sum written over entries (Zhang et al. 2020, clipped GD)
    (
        "clip-total-norm",
        r"g \leftarrow \frac{c \, g}{\max(\|g\|_{\mathrm{total}}, c)}, \quad \|g\|_{\mathrm{total}} = \sqrt{\sum_{i} "
        r"g_i^2}",
        {"clip_by_norm"},
        set(),
    ),
    # --- schedules written with words (Keras) and warm-up then linear decay
    # Keras docs, tf.keras.optimizers.schedules.ExponentialDecay
    (
        "keras-exponential-decay",
        r"\text{decayed\_learning\_rate} = \text{initial\_learning\_rate} \cdot "
        r"\text{decay\_rate}^{\,\text{step} / \text{decay\_steps}}",
        {"exponential_decay"},
        {"step_decay"},
    ),
    # TensorFlow 1 docs, tf.train.exponential_decay: decayed_learning_rate = learning_rate * 0.96 ^ (step / 1000)
    (
        "tf-exponential-decay-number",
        r"\text{decayed\_lr} = \text{lr} \cdot 0.96^{\text{step} / 1000}",
        {"exponential_decay"},
        set(),
    ),
    # PyTorch docs' gamma over epochs (ExponentialLR stepped every step_size epochs, written smoothly)
    (
        "gamma-epoch-progress",
        r"\mathrm{lr} = \eta_0 \gamma^{\text{epoch}/\text{step\_size}}",
        {"exponential_decay"},
        set(),
    ),
    # look-alike: a word base that is no decay (a growth), and Latin letters: no schedule
    ("trap-growth-word", r"P = \text{initial} \cdot \text{growth}^{t / T}", set(), {"exponential_decay"}),
    ("trap-latin-power", r"y = a \cdot b^{x / c}", set(), {"exponential_decay"}),
    # Keras docs, tf.keras.optimizers.schedules.CosineDecay (the three lines of its docstring)
    (
        "keras-cosine-decay",
        r"\text{cosine\_decay} = 0.5 \cdot \left(1 + \cos\left(\pi \cdot \frac{\text{step}}{\text{decay\_steps}}"
        r"\right)\right) \\ \text{decayed} = (1 - \alpha) \cdot \text{cosine\_decay} + \alpha \\ \text{lr} = "
        r"\text{initial\_learning\_rate} \cdot \text{decayed}",
        {"cosine_schedule"},
        set(),
    ),
    # the same factor alone, named by its step (session 34: held-out set 38's judges named it the cosine decay)
    (
        "cosine-factor-alone-by-its-step",
        r"\text{cosine\_decay} = 0.5 \cdot \left(1 + \cos\left(\pi \cdot \frac{\text{step}}{\text{decay\_steps}}"
        r"\right)\right)",
        {"cosine_schedule"},
        set(),
    ),
    # look-alike: the same factor alone, a function of x, is Hann's window on [−L, L] (test_concepts_opt's trap)
    ("trap-cosine-factor-alone", r"v = 0.5 \cdot \left(1 + \cos\left(\pi \cdot \frac{x}{L}\right)\right)", set(),
     {"cosine_schedule"}),
    # look-alike: the Hann window (a full period 2πn/N)
    (
        "trap-hann-window",
        r"w(n) = \frac{1}{2}\left(1 + \cos\left(\frac{2\pi n}{N}\right)\right)",
        set(),
        {"cosine_schedule"},
    ),
    (
        "trap-hann-window-minus",
        r"w_n = \frac{1}{2}\left(1 - \cos\left(\frac{2\pi n}{N - 1}\right)\right)",
        set(),
        {"cosine_schedule"},
    ),
    # Devlin et al. 2019 (BERT) / Hugging Face get_linear_schedule_with_warmup: warm-up, then linear decay to 0
    (
        "warmup-linear-decay",
        r"\eta_t = \eta_{\max} \cdot \min\left(\frac{t}{T_{w}}, \; \max\left(0, \frac{T - t}{T - T_{w}}\right)"
        r"\right)",
        {"warmup"},
        set(),
    ),
    (
        "warmup-linear-decay-words",
        r"\text{lr}(t) = \text{lr}_0 \min\left(\frac{t}{w}, \max\left(0, \frac{N - t}"
        r"{N - w}\right)\right)",
        {"warmup"},
        set(),
    ),
    # look-alike: the second branch rising too (t − T) is no decay after a warm-up
    (
        "trap-warmup-rising",
        r"\eta_t = \min\left(\frac{t}{T_{w}}, \max\left(0, \frac{t - T}{T - T_{w}}\right)\right)",
        set(),
        {"warmup"},
    ),
    # --- a variance divided by N − ddof is no squared error
    # numpy docs, numpy.var: the divisor N − ddof, written max(0, N − δN) (the array API's var)
    (
        "var-numpy-ddof",
        r"\sigma^2 = \frac{1}{\max(0,~N - \delta N)}\sum_{i=0}^{N-1}(x_i-\bar{x})^2",
        {"variance"},
        {"squared_error", "relu", "mse"},
    ),
    # the same with ddof = 1 (Bessel's correction floored at 0)
    ("var-ddof-one", r"\sigma^2 = \frac{1}{\max(0, N - 1)}\sum_{i=1}^{N}(x_i-\bar{x})^2", {"variance"}, {"mse"}),
    # numpy docs, numpy.var: "the divisor used in calculations is N - ddof" (ddof a name, unfloored)
    (
        "var-numpy-ddof-word",
        r"\sigma^2 = \frac{1}{N - \text{ddof}} \sum_{i=1}^{N} (x_i - \bar{x})^2",
        {"variance"},
        {"squared_error", "mse"},
    ),
    # look-alike: the same divisor over errors of two series is no variance
    ("trap-ddof-errors", r"L = \frac{1}{\max(0, N - 1)}\sum_{i=1}^{N}(x_i-y_i)^2", set(), {"variance"}),
    # --- GloVe's weighted least squares: a squared error, no cross-entropy
    # Pennington et al. 2014 (GloVe), eq. (8)
    (
        "glove-weighted-ls",
        r"J = \sum_{i,j=1}^{V} f\left(X_{ij}\right) \left(w_i^T \tilde{w}_j + b_i + \tilde{b}_j - \log X_{ij}\right)^2",
        {"squared_error"},
        {"cross_entropy", "nll"},
    ),
    # the same in bold vectors (d2l 15.5, GloVe)
    (
        "glove-d2l-bold",
        r"J = \sum_{i,j} f(X_{ij}) (\mathbf{w}_i^\top \tilde{\mathbf{w}}_j + b_i + \tilde{b}_j - \log X_{ij})^2",
        {"squared_error"},
        {"cross_entropy", "nll"},
    ),
    # look-alike kept: the negative log of a probability outside any square stays a NLL
    ("nll-kept", r"L = -\log p_{y}", {"nll"}, {"squared_error"}),
    # look-alike: a squared sum whose subtracted term is a number is no error between two quantities
    ("trap-shifted-square", r"(x + y - 1)^2", set(), {"squared_error"}),
    # --- clipping written with cases
    # PyTorch docs, torch.nn.Hardtanh: max_val if x > max_val, min_val if x < min_val, x otherwise
    (
        "hardtanh-cases-words",
        r"\text{HardTanh}(x) = \begin{cases} \text{max\_val} & \text{ if } x > \text{ max\_val } \\ \text{min\_val} & "
        r"\text{ if } x < \text{ min\_val } \\ x & \text{ otherwise } \\ \end{cases}",
        {"clip_by_value"},
        set(),
    ),
    # the same with numbers, the lower branch first (a clamp into [0, 1])
    (
        "clamp-cases-numbers",
        r"y = \begin{cases} 0 & x < 0 \\ 1 & x > 1 \\ x & \text{otherwise} \end{cases}",
        {"clip_by_value"},
        set(),
    ),
    # look-alike: the sign function with cases (values are not the bounds compared)
    (
        "trap-sign-cases",
        r"y = \begin{cases} 1 & x > 0 \\ -1 & x < 0 \\ x & \text{otherwise} \end{cases}",
        set(),
        {"clip_by_value"},
    ),
    # --- an EMA written as the recursive branch of cases
    # NIST/SEMATECH e-Handbook 6.4.3.1 (single exponential smoothing)
    (
        "ema-nist-cases",
        r"S_t = \begin{cases} Y_1, & t = 1 \\ \alpha \cdot Y_t + (1-\alpha) \cdot S_{t-1}, & t > 1 \end{cases}",
        {"ema"},
        {"momentum", "running_sum"},
    ),
    # Adam's first moment started at 0, written with cases
    (
        "ema-cases-zero-start",
        r"v_t = \begin{cases} 0 & t = 0 \\ \beta v_{t-1} + (1 - \beta) g_t & \text{otherwise} \end{cases}",
        {"ema"},
        {"running_sum"},
    ),
    # look-alike: a running total in the recursive branch stays a running sum, no EMA
    (
        "trap-cases-running-total",
        r"G_t = \begin{cases} 0 & t = 0 \\ G_{t-1} + g_t^2 & \text{otherwise} \end{cases}",
        {"running_sum"},
        {"ema"},
    ),
    # --- Adam's step with both bias corrections folded into the rate
    # Kingma & Ba 2015, §2 (the more efficient order of computation)
    (
        "adam-kingma-folded",
        r"\alpha_t = \alpha \cdot \sqrt{1-\beta_2^t}/(1-\beta_1^t) \quad \theta_t \leftarrow \theta_{t-1} - \alpha_t "
        r"\cdot m_t/(\sqrt{v_t}+\hat{\epsilon})",
        {"adam", "bias_correction"},
        {"rmsprop", "momentum"},
    ),
    # the same with η and a fraction (the TensorFlow/Keras Adam docstring's lr_t)
    (
        "adam-eta-folded",
        r"\eta_t = \eta \frac{\sqrt{1 - \beta_2^t}}{1 - \beta_1^t} \\ w_t = w_{t-1} - \eta_t \frac{m_t}{\sqrt{v_t} + "
        r"\epsilon}",
        {"adam"},
        {"rmsprop"},
    ),
    # look-alike: one correction only (no √(1 − β₂^t)) is not enough to call unhatted moments Adam's
    (
        "trap-one-correction",
        r"\eta_t = \frac{\eta}{1 - \beta^t} \\ w_t = w_{t-1} - \eta_t \frac{m_t}{\sqrt{v_t} + \epsilon}",
        {"bias_correction"},
        {"adam"},
    ),
    # look-alike: a bare m/√v step with a plain rate stays unnamed (it may be RMSProp's)
    ("trap-plain-rate", r"\theta_t \leftarrow \theta_{t-1} - \alpha \cdot m_t/(\sqrt{v_t}+\epsilon)", set(), {"adam"}),
    # --- PPO's ratio clipped into a band around 1 is clipping by value
    # Schulman et al. 2017 (PPO), eq. (7)
    (
        "ppo-clip-surrogate",
        r"L^{CLIP}(\theta) = \hat{\mathbb{E}}_t\left[\min\left(r_t(\theta)\hat{A}_t, \operatorname{clip}(r_t(\theta), "
        r"1-\epsilon, 1+\epsilon)\hat{A}_t\right)\right]",
        {"clip_by_value"},
        {"relu", "clip_by_norm"},
    ),
    # Spinning Up's PPO, the ratio written out
    (
        "ppo-clip-ratio-spinningup",
        r"\operatorname{clip}\left(\frac{\pi_\theta(a|s)}{\pi_{\theta_{old}}(a|s)}, 1 - \epsilon, 1 + \epsilon\right)",
        {"clip_by_value"},
        set(),
    ),
    # look-alike: a band whose two half-widths differ is no clip into a range about a centre
    ("trap-uneven-band", r"\min(\max(x, 1 - a), 1 + b)", set(), {"clip_by_value"}),
    # look-alike: ReLU6 (numbers, no band about a centre) stays ReLU's
    ("trap-relu6-numbers", r"\min(\max(x, 0), 6)", {"relu"}, set()),
    # --- ELBO written with D_KL: the β-VAE's weight, the VAE's loss (the negative ELBO)
    # Higgins et al. 2017 (β-VAE), eq. (4), as Lil'Log writes it
    (
        "beta-vae",
        r"\mathcal{F}(\theta, \phi, \beta; \mathbf{x}, \mathbf{z}) = \mathbb{E}_{q_\phi(\mathbf{z}|\mathbf{x})}[\log "
        r"p_\theta(\mathbf{x}|\mathbf{z})] - \beta \, D_{KL}(q_\phi(\mathbf{z}|\mathbf{x}) || p(\mathbf{z}))",
        {"elbo", "kl_divergence"},
        set(),
    ),
    # Lil'Log, "From Autoencoder to Beta-VAE": L_VAE, the negative ELBO
    (
        "vae-loss-lillog",
        r"L_\text{VAE}(\theta, \phi) = -\mathbb{E}_{\mathbf{z} \sim q_\phi(\mathbf{z}\vert\mathbf{x})} \log "
        r"p_\theta(\mathbf{x}\vert\mathbf{z}) + D_\text{KL}( q_\phi(\mathbf{z}\vert\mathbf{x}) \| p_\theta(\mathbf{z}) )",
        {"elbo", "kl_divergence"},
        set(),
    ),
    # Kingma & Welling 2014, eq. (3) with plain letters (kept)
    (
        "elbo-kingma",
        r"\mathcal{L} = \mathbb{E}_{q(z|x)}[\log p(x|z)] - D_{KL}(q(z|x) \| p(z))",
        {"elbo"},
        set(),
    ),
    # look-alike: the KL added to the log-likelihood (both signs +) is no bound
    ("trap-kl-added", r"\mathcal{L} = \mathbb{E}_{q(z|x)}[\log p(x|z)] + D_{KL}(q(z|x) \| p(z))", set(), {"elbo"}),
    # look-alike: both negated
    ("trap-both-negated", r"\mathcal{L} = -\mathbb{E}_{q(z|x)}[\log p(x|z)] - D_{KL}(q(z|x) \| p(z))", set(), {"elbo"}),
    # --- binary cross-entropy on logits, in the library docs' forms
    # TensorFlow docs, tf.nn.sigmoid_cross_entropy_with_logits: the stable form
    (
        "tf-bce-logits-stable",
        r"\max(x, 0) - x \cdot z + \log(1 + \exp(-|x|))",
        {"binary_cross_entropy"},
        {"cross_entropy"},
    ),
    # the same docs' unstable form, x − x z + log(1 + e^{−x}) written as log(1 + e^x) − x z
    ("bce-logits-softplus", r"L = \log(1 + e^{x}) - x z", {"binary_cross_entropy"}, set()),
    # PyTorch docs (older MultiLabelSoftMarginLoss): the sigmoid written as (1 + e^{−x})^{−1}
    (
        "torch-bce-inverse-sigmoid",
        r"loss(x, y) = - \frac{1}{C} * \sum_i y[i] * \log((1 + \exp(-x[i]))^{-1}) + (1-y[i]) * "
        r"\log\left(\frac{\exp(-x[i])}{(1 + \exp(-x[i]))}\right)",
        {"binary_cross_entropy"},
        set(),
    ),
    # look-alike: e^{+|x|} is no softplus of x
    ("trap-bce-wrong-sign", r"\max(x, 0) - x \cdot z + \log(1 + \exp(|x|))", set(), {"binary_cross_entropy"}),
    # look-alike: a softplus less a product of two other names
    ("trap-softplus-minus-product", r"y = \log(1 + e^{x}) - a b", {"softplus"}, {"binary_cross_entropy"}),
    # --- Nesterov: the gradient taken at a look-ahead point defined by its own line
    # cs231n notes (Neural Networks 3, "Nesterov Momentum"): x_ahead and dx_ahead
    (
        "nesterov-cs231n-ahead",
        r"x_{\text{ahead}} = x + \mu v \\ v = \mu v - \text{learning\_rate} \cdot dx_{\text{ahead}} \\ x \mathrel{+}= v",
        {"nesterov", "momentum"},
        set(),
    ),
    # Goodfellow et al. 2016, Algorithm 8.3 (bold, the gradient at θ̃ written with ∇_θ̃)
    (
        "nesterov-goodfellow-bold",
        r"\tilde{\boldsymbol{\theta}} \leftarrow \boldsymbol{\theta} + \alpha \boldsymbol{v} \\ \boldsymbol{g} \leftarrow "
        r"\frac{1}{m} \nabla_{\tilde{\boldsymbol{\theta}}} \sum_i L(f(\boldsymbol{x}^{(i)}; \tilde{\boldsymbol{\theta}}), "
        r"\boldsymbol{y}^{(i)}) \\ \boldsymbol{v} \leftarrow \alpha \boldsymbol{v} - \epsilon \boldsymbol{g} \\ "
        r"\boldsymbol{\theta} \leftarrow \boldsymbol{\theta} + \boldsymbol{v}",
        {"nesterov"},
        set(),
    ),
    # look-alike: cs231n's plain momentum (the gradient at x itself)
    (
        "trap-momentum-cs231n",
        r"v = \mu v - \text{learning\_rate} \cdot dx \\ x \mathrel{+}= v",
        {"momentum"},
        {"nesterov"},
    ),
    # look-alike: a gradient at a point that the velocity does not move is no look-ahead
    (
        "trap-point-without-velocity",
        r"x_{\text{new}} = x + 2 \\ v = \mu v - \eta \cdot dx_{\text{new}} \\ x \mathrel{+}= v",
        set(),
        {"nesterov"},
    ),
    # --- RMSprop in PyTorch's algorithm box: ṽ_t ← v_t is a plain copy when not centered
    # PyTorch docs, torch.optim.RMSprop (centered=False)
    (
        "rmsprop-pytorch-copy",
        r"v_t \leftarrow \alpha v_{t-1} + (1 - \alpha) g^2_t \hspace{8mm} \\ \widetilde{v_t} \leftarrow v_t \\ \theta_t "
        r"\leftarrow \theta_{t-1} - \gamma g_t/ \big(\sqrt{\widetilde{v_t}} + \epsilon \big)",
        {"rmsprop", "ema"},
        {"adam", "adagrad"},
    ),
    # the same copy written with a hat
    (
        "rmsprop-hat-copy",
        r"v_t \leftarrow \alpha v_{t-1} + (1 - \alpha) g^2_t \\ \hat{v}_t \leftarrow v_t \\ \theta_t \leftarrow "
        r"\theta_{t-1} - \gamma g_t/ (\sqrt{\hat{v}_t} + \epsilon)",
        {"rmsprop"},
        {"adam"},
    ),
    # look-alike: a copy of a running total is Adagrad's, no RMSprop
    (
        "trap-copy-of-total",
        r"G_t \leftarrow G_{t-1} + g^2_t \\ \widetilde{G_t} \leftarrow G_t \\ \theta_t \leftarrow \theta_{t-1} - \gamma "
        r"g_t/ \big(\sqrt{\widetilde{G_t}} + \epsilon \big)",
        {"adagrad"},
        {"rmsprop"},
    ),
    # --- the MSE of two bold vectors written entry by entry, (ŷ − y)_i²
    # Goodfellow et al. 2016, eq. (5.4): MSE_test
    (
        "mse-goodfellow-test",
        r"\text{MSE}_{\text{test}} = \frac{1}{m} \sum_i (\hat{\boldsymbol{y}}^{(\text{test})} - "
        r"\boldsymbol{y}^{(\text{test})})_i^2",
        {"mse"},
        {"variance"},
    ),
    # the same with bounds and the target first
    (
        "mse-bold-entries",
        r"\text{MSE} = \frac{1}{n} \sum_{i=1}^{n} (\mathbf{y} - \hat{\mathbf{y}})_i^2",
        {"mse"},
        set(),
    ),
    # look-alike: the squared deviation of a bold x from a bold μ, entry by entry, is a spread
    (
        "trap-bold-deviation-entries",
        r"\sigma^2 = \frac{1}{m} \sum_i (\mathbf{x} - \boldsymbol{\mu})_i^2",
        set(),
        {"mse"},
    ),
    # --- PyTorch's unreduced losses: ℓ(x, y) = L = {l_1, …, l_N}ᵀ with l_n the per-element error
    # PyTorch docs, torch.nn.MSELoss (reduction='none')
    (
        "torch-mse-unreduced",
        r"\ell(x, y) = L = \{l_1,\dots,l_N\}^\top, \quad l_n = \left( x_n - y_n \right)^2",
        {"mse", "squared_error"},
        {"variance"},
    ),
    # PyTorch docs, torch.nn.L1Loss (reduction='none')
    (
        "torch-l1-unreduced",
        r"\ell(x, y) = L = \{l_1,\dots,l_N\}^\top, \quad l_n = \left| x_n - y_n \right|",
        {"mae"},
        {"mse"},
    ),
    # look-alike: the per-element error of names that are not the loss's arguments
    (
        "trap-unreduced-other-names",
        r"\ell(x, y) = L = \{l_1,\dots,l_N\}^\top, \quad l_n = \left( a_n - b_n \right)^2",
        {"squared_error"},
        {"mse"},
    ),
    # look-alike: a squared error alone is no mean
    ("trap-pointwise-alone", r"l_n = (x_n - y_n)^2", {"squared_error"}, {"mse"}),
    # --- the entropy letter with two distributions is the cross-entropy
    # Hinton et al. 2015 (distillation), as Lil'Log / the knowledge-distillation literature writes it
    (
        "distillation-two-h",
        r"\mathcal{L} = (1-\alpha)\,\mathcal{H}\big(y, \mathrm{softmax}(z_s)\big) + \alpha\, T^2\, "
        r"\mathcal{H}\big(\mathrm{softmax}(z_t/T), \mathrm{softmax}(z_s/T)\big)",
        {"cross_entropy", "softmax"},
        {"entropy"},
    ),
    # Goodfellow et al. 2016 eq. (3.51) with a model's distribution q_θ
    ("h-of-p-and-q", r"L = H(p, q_\theta(x))", {"cross_entropy"}, {"entropy"}),
    # look-alike: a function named H of an input and weights (ResNet's H(x, W)) is no cross-entropy
    ("trap-h-of-x-and-w", r"y = H(x, W)", set(), {"cross_entropy"}),
    # look-alike kept: one distribution, the entropy
    ("entropy-one-argument", r"H(p) = -\sum_i p_i \log p_i", {"entropy"}, {"cross_entropy"}),
]


@pytest.mark.parametrize(("latex", "want", "avoid"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_concepts(latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)
