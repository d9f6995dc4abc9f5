"""Session 23, helper names2 (issue 14): concepts named right, and no false label.

A. a catalogue function CALLED inside a definition is named too (SiLU's σ, Mish's tanh and softplus), and a
   self-gated activation's gate is named when it is an activation (hard-swish's ReLU6(x+3)/6 is the hard sigmoid).
B. Adam's lines alone: an EMA with decay β_1 of the gradient or β_2 of its square, and a bias correction by
   1 − β_k^t, have the shape of Adam's moment estimates (said in the note) but are NOT named Adam (session 24
   reversed session 23: RMSProp, AdamW, NAdam share these lines; Adam needs its update or both moments); AMSGrad's
   running maximum of v is named.
C. near misses no longer named as the concept: CELU (its own concept, not ELU), a GRU's r/z gate (gru, not
   lstm_gate), the Dice coefficient (its own concept, not dice_loss).
Every row is a real formula (its source in the comment above it) or a constructed must-not row (said so).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import symdl
from tests.concept_cases import assert_concepts

CASES: list[tuple[str, str, set[str], set[str]]] = [
    # --- A. inner concepts written as calls
    # PyTorch docs, torch.nn.SiLU: silu(x) = x * σ(x)
    ("silu-pytorch", r"\text{SiLU}(x) = x * \sigma(x)", {"silu", "sigmoid"}, set()),
    # Elfwing et al. 2018 / Ramachandran et al. 2017 (swish with β), sigmoid spelled as a word
    ("swish-ramachandran", r"f(x) = x \cdot \mathrm{sigmoid}(\beta x)", {"silu", "sigmoid"}, set()),
    # PyTorch docs, torch.nn.Mish: x * Tanh(Softplus(x))
    ("mish-pytorch", r"\text{Mish}(x) = x * \text{Tanh}(\text{Softplus}(x))", {"mish", "tanh", "softplus"}, set()),
    # Misra 2019 eq. 1: f(x) = x tanh(softplus(x))
    ("mish-misra", r"f(x) = x\tanh(\mathrm{softplus}(x))", {"mish", "tanh", "softplus"}, set()),
    # PyTorch docs, torch.nn.GLU: GLU(a, b) = a ⊗ σ(b)
    ("glu-pytorch", r"\text{GLU}(a, b)= a \otimes \sigma(b)", {"glu", "sigmoid"}, set()),
    # Dauphin et al. 2017 eq. 1, h(X) = (X*W + b) ⊗ σ(X*V + c), with the convolution * as the matrix product of
    # Shazeer's GLU variants (the paper's * is refused: tests/test_read_s24_main.py)
    (
        "glu-dauphin",
        r"h(\mathbf{X}) = (\mathbf{X} \mathbf{W} + \mathbf{b}) \otimes \sigma(\mathbf{X} \mathbf{V} + \mathbf{c})",
        {"glu", "sigmoid"},
        set(),
    ),
    # the tanh–sigmoid identity (d2l 5.1 exercises; Goodfellow et al. 6.3.2): tanh(x) = 2σ(2x) − 1
    ("tanh-via-sigmoid", r"\tanh(x) = 2\sigma(2x) - 1", {"tanh", "sigmoid"}, set()),
    ("tanh-via-sigmoid-word", r"\tanh(x) = 2\,\mathrm{sigmoid}(2x) - 1", {"tanh", "sigmoid"}, set()),
    # log-sigmoid through softplus (Goodfellow et al. 3.10: log σ(x) = −ζ(−x), ζ the softplus)
    ("logsigmoid-softplus", r"\log\sigma(x) = -\mathrm{softplus}(-x)", {"log_sigmoid", "softplus"}, set()),
    (
        "logsigmoid-softplus-chain",
        r"\log \sigma(x) = -\log(1 + e^{-x}) = -\operatorname{softplus}(-x)",
        {"log_sigmoid", "softplus"},
        set(),
    ),
    # Howard et al. 2019 (MobileNetV3) eq. 2: h-swish[x] = x ReLU6(x+3)/6, its gate the hard sigmoid (eq. 1)
    ("hswish-howard", r"\mathrm{h\text{-}swish}[x] = x\frac{\mathrm{ReLU6}(x+3)}{6}", {"hard_swish", "hard_sigmoid"},
     set()),
    # PyTorch docs, torch.nn.Hardswish, written with ReLU6
    ("hswish-pytorch", r"\text{Hardswish}(x) = x \cdot \frac{\text{ReLU6}(x + 3)}{6}", {"hard_swish", "hard_sigmoid"},
     set()),
    # Hendrycks & Gimpel 2016 sec. 2: GELU ≈ x σ(1.702 x)
    ("gelu-sigmoid-approx", r"\mathrm{GELU}(x) \approx x\sigma(1.702x)", {"gelu", "sigmoid"}, set()),
    ("gelu-sigmoid-approx-bare", r"x\sigma(1.702x)", {"gelu", "sigmoid"}, set()),
    # must-not (Ioffe & Szegedy 2015 Alg. 1): σ² a variance is no call, no sigmoid
    ("not-sigmoid-variance", r"\sigma^2 = \frac{1}{m}\sum_{i=1}^m (x_i - \mu)^2", {"variance"}, {"sigmoid"}),
    # must-not (Kingma & Welling 2013): σ a scale, no call
    ("not-sigmoid-reparam", r"z = \mu + \sigma \odot \epsilon", {"reparameterization"}, {"sigmoid"}),
    # must-not (PyTorch docs, torch.nn.Softsign): x/(1+|x|) has no gate that is an activation
    ("not-gate-softsign", r"\mathrm{softsign}(x) = \frac{x}{1 + |x|}", {"softsign"}, {"sigmoid", "hard_sigmoid"}),
    # must-not (Clevert et al. 2016, ELU written with max/min): exp is no catalogue call
    ("not-inner-elu", r"\mathrm{ELU}(x) = \max(0,x) + \min(0, \alpha(\exp(x) - 1))", {"elu"},
     {"sigmoid", "softplus"}),
    # --- B. Adam's lines alone, by Kingma & Ba's decays β_1 (the gradient) and β_2 (its square): ema, not adam
    # Kingma & Ba 2015, Alg. 1
    ("adam-m-kingma", r"m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t", {"ema"}, {"adam"}),
    ("adam-v-kingma", r"v_t = \beta_2 v_{t-1} + (1-\beta_2) g_t^2", {"ema"}, {"adam"}),
    ("adam-mhat-kingma", r"\hat{m}_t = m_t/(1-\beta_1^t)", {"bias_correction"}, {"adam"}),
    # PyTorch Adam docs: the gradient written as a gradient, v with g_t ⊙ g_t (as Ruder's overview writes it)
    ("adam-m-nabla", r"m_t = \beta_1 m_{t-1} + (1-\beta_1) \nabla_\theta f_t(\theta_{t-1})", {"ema"}, {"adam"}),
    ("adam-v-hadamard", r"v_t = \beta_2 v_{t-1} + (1-\beta_2) g_t \odot g_t", {"ema"}, {"adam"}),
    # d2l 12.10 (Adam): v_t, s_t with β_1, β_2 and bold gradients
    ("adam-d2l-v", r"\mathbf{v}_t \leftarrow \beta_1 \mathbf{v}_{t-1} + (1 - \beta_1) \mathbf{g}_t", {"ema"},
     {"adam"}),
    ("adam-d2l-s", r"\mathbf{s}_t \leftarrow \beta_2 \mathbf{s}_{t-1} + (1 - \beta_2) \mathbf{g}_t^2", {"ema"},
     {"adam"}),
    # must-not: an EMA with a plain β (Ruder's momentum / RMSProp lines) is no Adam's
    ("not-adam-plain-beta", r"v_t = \beta v_{t-1} + (1-\beta) g_t^2", {"ema"}, {"adam"}),
    # must-not: AdaBelief (Zhuang et al. 2020, Alg. 2): β_2 on a squared difference, not a squared gradient
    ("not-adam-adabelief", r"s_t = \beta_2 s_{t-1} + (1 - \beta_2)(g_t - m_t)^2", {"ema"}, {"adam"}),
    # must-not: Lion (Chen et al. 2023, Alg. 2): β_2 on the plain gradient
    ("not-adam-lion", r"m_t = \beta_2 m_{t-1} + (1 - \beta_2) g_t", {"ema"}, {"adam"}),
    # must-not: a bias correction with a plain β keeps its one name (d2l 11.6's EMA correction)
    ("not-adam-plain-correction", r"\hat{v}_t = v_t/(1-\beta^t)", {"bias_correction"}, {"adam"}),
    # AMSGrad (Reddi et al. 2018, Alg. 2): the running maximum of the second moment
    ("amsgrad-reddi", r"\hat{v}_t = \max(\hat{v}_{t-1}, v_t)", {"amsgrad"}, set()),
    (
        "amsgrad-pytorch",
        r"v_t \leftarrow \beta_2 v_{t-1} + (1-\beta_2) g^2_t \\ \widehat{v_t}^{max} \leftarrow "
        r"\mathrm{max}(\widehat{v_{t-1}}^{max}, v_t)",
        {"amsgrad"},  # two lines: the β₂ line is not alone, so it is an EMA (a system's relations name Adam)
        set(),
    ),
    # must-not: a running best of an accuracy (early stopping) is no AMSGrad
    ("not-amsgrad-best", r"b_t = \max(b_{t-1}, a_t)", set(), {"amsgrad"}),
    # must-not: AdaMax's u_t = max(β_2 u_{t-1}, |g_t|) (Kingma & Ba sec. 7.1) is not AMSGrad's running maximum
    ("not-amsgrad-adamax", r"u_t = \max(\beta_2 u_{t-1}, |g_t|)", set(), {"amsgrad"}),
    # --- C. near misses no longer named as the concept
    # CELU (Barron 2017; PyTorch docs torch.nn.CELU): α inside the exponential, so CELU and not ELU
    ("celu-barron", r"\max(0,x) + \min(0, \alpha(\exp(x/\alpha) - 1))", {"celu"}, {"elu"}),
    ("celu-pytorch-number", r"\mathrm{CELU}(x) = \max(0,x) + \min(0, 2 (\exp(x/2) - 1))", {"celu"}, {"elu"}),
    # must-not: ELU itself (Clevert et al. 2016, max/min form) and CELU at α = 1 (which is ELU) stay ELU
    ("not-celu-elu", r"\mathrm{ELU}(x) = \max(0,x) + \min(0, \alpha(\exp(x) - 1))", {"elu"}, {"celu"}),
    # GRU gates by their letters r, z (d2l 10.2 R_t, Z_t; PyTorch docs torch.nn.GRU r_t, z_t): a GRU's, not an LSTM's
    ("gru-reset-d2l", r"R_t = \sigma(X_t W_{xr} + H_{t-1} W_{hr} + b_r)", {"gru", "sigmoid"}, {"lstm_gate"}),
    ("gru-update-pytorch", r"z_t = \sigma(W_{iz} x_t + b_{iz} + W_{hz} h_{t-1} + b_{hz})", {"gru", "sigmoid"},
     {"lstm_gate"}),
    # must-not: LSTM's input gate (d2l 10.1) keeps its name
    ("not-gru-lstm-input", r"I_t = \sigma(X_t W_{xi} + H_{t-1} W_{hi} + b_i)", {"lstm_gate"}, {"gru"}),
    # the Dice coefficient without 1 − is the coefficient, not the loss (Dice 1945; Milletari et al. 2016 eq. 1)
    ("dice-coef-sets", r"DSC = \frac{2|X \cap Y|}{|X| + |Y|}", {"dice_coefficient"}, {"dice_loss"}),
    ("dice-coef-soft", r"D = \frac{2\sum_i p_i g_i}{\sum_i p_i + \sum_i g_i}", {"dice_coefficient"}, {"dice_loss"}),
    # must-not: the loss, one minus it (jeremyjordan.me segmentation overview), is not the coefficient
    ("not-dice-coef-loss", r"\mathcal{L}_{dice} = 1 - \frac{2 \cdot |A \cap B|}{|A| + |B|}", {"dice_loss"},
     {"dice_coefficient"}),
]


@pytest.mark.parametrize(("latex", "want", "avoid"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_concepts(latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)


RNG = np.random.default_rng(23)
X = RNG.normal(size=5) * 4


def _sig(x: Any) -> Any:
    return 1 / (1 + np.exp(-x))


# (id, source, latex, arguments, the value plain numpy gives): naming the inner concepts changes no reading
VALUES: list[tuple[str, str, dict[str, Any], Any]] = [
    ("silu-value", r"y = x \sigma(x)", {"x": X}, X * _sig(X)),
    ("mish-value", r"y = x\tanh(\mathrm{softplus}(x))", {"x": X}, X * np.tanh(np.log1p(np.exp(X)))),
    ("hswish-value", r"y = x\frac{\mathrm{ReLU6}(x+3)}{6}", {"x": X}, X * np.minimum(np.maximum(X + 3, 0), 6) / 6),
    ("tanh-identity-value", r"y = 2\sigma(2x) - 1", {"x": X}, np.tanh(X)),
]


@pytest.mark.parametrize(("latex", "args", "expected"), [c[1:] for c in VALUES], ids=[c[0] for c in VALUES])
def test_value(latex: str, args: dict[str, Any], expected: Any) -> None:
    got = symdl.lambdify(symdl.parse(latex))(**args)
    np.testing.assert_allclose(np.asarray(got, dtype=float), expected, rtol=1e-9)
