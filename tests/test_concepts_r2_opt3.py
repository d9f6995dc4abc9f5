"""Round 2 of issue 14 (group OPT3): optimiser systems a development sample missed — AdamW in one line,
AMSGrad's running maximum on its own, Lion with a named interpolation, AdaGrad in Goodfellow's Δθ form,
clipping by value with named bounds, clipping by norm through a factor defined earlier, MultiStepLR's
milestone count, Nielsen's L1-regularised step.  Each row: (id, LaTeX, must-name set, must-not-name set).
"""

from __future__ import annotations

import pytest

import symdl
from symdl.chunk import explain
from tests.concept_cases import assert_concepts

CASES: list[tuple[str, str, set[str], set[str]]] = [
    # --- AdamW written as one line
    # PyTorch docs, torch.optim.AdamW (bold, / and a learning-rate schedule η_t)
    (
        "adamw-pytorch-bold",
        r"\boldsymbol{\theta}_t \leftarrow \boldsymbol{\theta}_{t-1} - \eta_t \left( \alpha \hat{\boldsymbol{m}}_t"
        r" / \left( \sqrt{\hat{\boldsymbol{v}}_t} + \epsilon \right) + \lambda \boldsymbol{\theta}_{t-1} \right)",
        {"adamw", "weight_decay"},
        set(),
    ),
    # Loshchilov & Hutter 2019, Algorithm 2 line 12 (\frac, scalar)
    (
        "adamw-loshchilov-frac",
        r"\theta_t \leftarrow \theta_{t-1} - \eta_t \left( \frac{\alpha \hat{m}_t}{\sqrt{\hat{v}_t} + \epsilon}"
        r" + \lambda \theta_{t-1} \right)",
        {"adamw", "weight_decay"},
        set(),
    ),
    # look-alike: Adam's step without the decay is not AdamW
    ("adam-step-no-decay", r"\theta_t \leftarrow \theta_{t-1} - \eta \frac{\hat{m}_t}{\sqrt{\hat{v}_t} + \epsilon}", set(), {"adamw"}),
    # look-alike: an RMS step of the raw gradient ∇J with decay is not AdamW (no moment in the numerator)
    (
        "rms-grad-decay-not-adamw",
        r"\theta \leftarrow \theta - \eta \left( \frac{\nabla_\theta J}{\sqrt{v} + \epsilon} + \lambda \theta \right)",
        {"weight_decay"},
        {"adamw"},
    ),
    # --- AMSGrad: the running maximum alone, before the step (PyTorch docs, torch.optim.Adam amsgrad=True)
    (
        "amsgrad-pytorch",
        r"\widehat{v_t}^{max} \leftarrow \mathrm{max}(\widehat{v}_{t-1}^{max}, \widehat{v_t}) \\ \theta_t \leftarrow"
        r" \theta_{t-1} - \gamma \widehat{m_t} / \big(\sqrt{\widehat{v_t}^{max}} + \epsilon \big)",
        {"amsgrad"},
        set(),
    ),
    # Reddi et al. 2018, Algorithm 2 (v̂_t = max(v̂_{t-1}, v_t), \frac)
    (
        "amsgrad-reddi",
        r"\hat{v}_t = \max(\hat{v}_{t-1}, v_t) \\ \theta_{t+1} = \theta_t - \frac{\alpha m_t}{\sqrt{\hat{v}_t} + \epsilon}",
        {"amsgrad"},
        set(),
    ),
    # look-alike: the denominator is not a running maximum
    (
        "not-amsgrad-plain",
        r"u_t = \max(a_t, v_t) \\ \theta_{t+1} = \theta_t - \frac{\alpha m_t}{\sqrt{u_t} + \epsilon}",
        set(),
        {"amsgrad"},
    ),
    # --- Lion: the interpolation c_t named on a line of its own (PyTorch docs, torch.optim.Lion-style)
    (
        "lion-c-t-line",
        r"c_t \leftarrow \beta_1 m_{t-1} + (1 - \beta_1) g_t \\ \theta_t \leftarrow \theta_{t-1} - \eta_t \left("
        r" \mathrm{sign}(c_t) + \lambda \theta_{t-1} \right) \\ m_t \leftarrow \beta_2 m_{t-1} + (1 - \beta_2) g_t",
        {"lion", "ema", "weight_decay"},
        set(),
    ),
    # Chen et al. 2023, Algorithm 2 (u = sign(...) inline, '=')
    (
        "lion-chen-inline",
        r"\theta_t = \theta_{t-1} - \eta_t (\mathrm{sign}(\beta_1 m_{t-1} + (1 - \beta_1) g_t) + \lambda \theta_{t-1})"
        r" \\ m_t = \beta_2 m_{t-1} + (1 - \beta_2) g_t",
        {"lion"},
        set(),
    ),
    # look-alike: signSGD (sign of the raw gradient) is not Lion
    (
        "signsgd-not-lion",
        r"\theta_t \leftarrow \theta_{t-1} - \eta \mathrm{sign}(g_t)",
        set(),
        {"lion"},
    ),
    # --- AdaGrad in Goodfellow's Δθ form (Deep Learning, Algorithm 8.4)
    (
        "adagrad-goodfellow-delta",
        r"\boldsymbol{r} \leftarrow \boldsymbol{r} + \boldsymbol{g} \odot \boldsymbol{g} \\ \Delta\boldsymbol{\theta}"
        r" \leftarrow -\frac{\epsilon}{\delta + \sqrt{\boldsymbol{r}}} \odot \boldsymbol{g} \\ \boldsymbol{\theta}"
        r" \leftarrow \boldsymbol{\theta} + \Delta\boldsymbol{\theta}",
        {"adagrad", "running_sum"},
        set(),
    ),
    # d2l.ai 12.7 (AdaGrad): s_t = s_{t-1} + g_t^2, x_t = x_{t-1} - η/√(s_t + ε) · g_t
    (
        "adagrad-d2l",
        r"s_t = s_{t-1} + g_t^2 \\ x_t = x_{t-1} - \frac{\eta}{\sqrt{s_t + \epsilon}} g_t",
        {"adagrad"},
        set(),
    ),
    # look-alike: Goodfellow's RMSProp (Algorithm 8.5) decays r: not AdaGrad
    (
        "rmsprop-goodfellow-not-adagrad",
        r"\boldsymbol{r} \leftarrow \rho \boldsymbol{r} + (1 - \rho) \boldsymbol{g} \odot \boldsymbol{g} \\"
        r" \Delta\boldsymbol{\theta} \leftarrow -\frac{\epsilon}{\sqrt{\delta + \boldsymbol{r}}} \odot \boldsymbol{g}"
        r" \\ \boldsymbol{\theta} \leftarrow \boldsymbol{\theta} + \Delta\boldsymbol{\theta}",
        {"rmsprop"},
        {"adagrad"},
    ),
    # --- clipping by value with named bounds (PyTorch docs, torch.clamp)
    (
        "clamp-pytorch-named-bounds",
        r"y_i = \min(\max(x_i, \text{min\_value}_i), \text{max\_value}_i)",
        {"clip_by_value"},
        set(),
    ),
    # TensorFlow docs, tf.clip_by_value: max(min(t, clip_value_max), clip_value_min)
    ("clip-tf-max-min", r"y = \max(\min(t, b), a)", {"clip_by_value"}, set()),
    # look-alike: ReLU6 min(max(0, x), 6) has numeric bounds: an activation, not a gradient clip
    ("relu6-not-clip", r"y = \min(\max(0, x), 6)", set(), {"clip_by_value"}),
    # look-alike: a max of two named quantities is no clamp
    ("max-not-clip", r"y = \max(x, a)", set(), {"clip_by_value"}),
    # --- clipping by norm through a factor defined earlier (PyTorch clip_grad_norm_)
    (
        "clip-norm-pytorch-factor",
        r"\lVert g \rVert_2 = \Big( \sum_{p} \lVert g_p \rVert_2^2 \Big)^{1/2} \\ c = \frac{\text{max\_norm}}"
        r"{\lVert g \rVert_2 + 10^{-6}} \\ g_p \leftarrow g_p \cdot \min(c, 1)",
        {"clip_by_norm", "l2_norm"},
        set(),
    ),
    # Pascanu et al. 2013 / d2l 9.5: g ← min(1, θ/‖g‖) g
    ("clip-norm-d2l", r"\mathbf{g} \leftarrow \min\left(1, \frac{\theta}{\|\mathbf{g}\|}\right) \mathbf{g}", {"clip_by_norm"}, set()),
    # look-alike: the factor is defined by something that is not a norm of g
    (
        "not-clip-norm-factor",
        r"c = \frac{a}{b + 10^{-6}} \\ g_p \leftarrow g_p \cdot \min(c, 1)",
        set(),
        {"clip_by_norm"},
    ),
    # --- step decay with milestones (PyTorch docs, MultiStepLR)
    ("step-decay-milestones", r"\eta_t = \eta_0 \, \gamma^{\sum_{k} \mathbb{1}[t \ge m_k]}", {"step_decay"}, set()),
    # cs231n / d2l: η_t = η_0 γ^{⌊t/s⌋}
    ("step-decay-floor", r"\eta_t = \eta_0 \gamma^{\lfloor t / s \rfloor}", {"step_decay"}, set()),
    # look-alike: a count of samples in the exponent not compared with the step is no schedule
    ("not-step-decay-count", r"p = q^{\sum_{k} \mathbb{1}[x_k \ge 0]}", set(), {"step_decay"}),
    # --- weight decay added to the gradient
    # PyTorch docs, torch.optim.SGD / Adam algorithm boxes: the line on its own
    ("wd-pytorch-gt-line", r"g_t \leftarrow g_t + \lambda \theta_{t-1}", {"weight_decay"}, set()),
    # the same with the step that uses it (PyTorch SGD)
    (
        "wd-pytorch-with-step",
        r"g_t \leftarrow g_t + \lambda \theta_{t-1} \\ \theta_t \leftarrow \theta_{t-1} - \gamma g_t",
        {"weight_decay", "gradient_descent_step"},
        set(),
    ),
    # look-alike: adding a same-time input to a hidden state is no weight decay
    ("not-wd-same-time", r"h_t \leftarrow h_t + \lambda x_t", set(), {"weight_decay"}),
    # --- NAdam with Dozat's μ-products (PyTorch docs, torch.optim.NAdam)
    (
        "nadam-pytorch-mu-products",
        r"\mu_t \leftarrow \beta_1 \big(1 - \frac{1}{2} 0.96^{t \psi} \big) \\ \mu_{t+1} \leftarrow \beta_1 \big(1 -"
        r" \frac{1}{2} 0.96^{(t+1)\psi}\big) \\ m_t \leftarrow \beta_1 m_{t-1} + (1 - \beta_1) g_t \\ v_t \leftarrow"
        r" \beta_2 v_{t-1} + (1-\beta_2) g^2_t \\ \widehat{m_t} \leftarrow \mu_{t+1} m_t/(1-\prod_{i=1}^{t+1}\mu_i)"
        r" + (1-\mu_t) g_t /(1-\prod_{i=1}^{t} \mu_{i}) \\ \widehat{v_t} \leftarrow v_t/\big(1-\beta_2^t \big) \\"
        r" \theta_t \leftarrow \theta_{t-1} - \gamma \widehat{m_t}/ \big(\sqrt{\widehat{v_t}} + \epsilon \big)",
        {"nadam", "ema", "bias_correction"},
        set(),
    ),
    # --- Nielsen ch. 3, L1 regularisation: w → w' = w − (ηλ/n) sgn(w) − η ∂C₀/∂w
    (
        "nielsen-l1-step",
        r"w \rightarrow w' = w - \frac{\eta \lambda}{n} \mathrm{sgn}(w) - \eta \frac{\partial C_0}{\partial w}",
        {"gradient_descent_step"},
        set(),
    ),
    # Nielsen ch. 3, L2 regularisation: w → (1 − ηλ/n) w − η ∂C₀/∂w
    (
        "nielsen-l2-step",
        r"w \rightarrow \left(1 - \frac{\eta \lambda}{n}\right) w - \eta \frac{\partial C_0}{\partial w}",
        {"gradient_descent_step", "weight_decay"},
        set(),
    ),
]


@pytest.mark.parametrize(("latex", "want", "avoid"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_concepts(latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)


def test_step_decay_milestone_note() -> None:
    expl = explain(symdl.parse(r"\eta_t = \eta_0 \, \gamma^{\sum_{k} \mathbb{1}[t \ge m_k]}"))
    ch = expl.statements[0]
    assert ch.concept == "step_decay"
    assert "milestone" in ch.note and dict(ch.params)["gamma"] == symdl.parse("y = \\gamma").statements[0].rhs


def test_clip_by_value_bounds() -> None:
    ch = explain(symdl.parse(r"y = \max(\min(t, b), a)")).statements[0]
    roles = dict(ch.roles)
    assert ch.concept == "clip_by_value" and str(roles["lower bound"]) == "a" and str(roles["upper bound"]) == "b"
