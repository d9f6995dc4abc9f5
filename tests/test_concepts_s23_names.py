"""Session 23, helper names: concepts named right, no false label (issue 14).

Every row is a real formula (its source in the comment above it) or a constructed must-not row (said so).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import symdl
from tests.concept_cases import assert_concepts

NORMS: list[tuple[str, str, set[str], set[str]]] = [
    # --- a root mean square is rms, not an L2 norm (an RMS does not grow with the number of entries)
    # Zhang & Sennrich 2019 (RMSNorm), eq. 4: RMS(a) = √(1/n Σ_i a_i²)
    ("rms-zhang-sennrich", r"\mathrm{RMS}(\mathbf{a}) = \sqrt{\frac{1}{n}\sum_{i=1}^{n} a_i^2}", {"rms"}, {"l2_norm"}),
    # Wikipedia, "Root mean square": x_RMS = √(1/n (x_1² + ... )), written as a sum over i without its bound
    ("rms-wikipedia", r"\sqrt{\frac{1}{n}\sum_i x_i^2}", {"rms"}, {"l2_norm"}),
    # the RMS over the d features of a token (Llama's RMSNorm denominator, Touvron et al. 2023)
    ("rms-features", r"\sqrt{\frac{1}{d}\sum_{i=1}^{d} x_i^2}", {"rms"}, {"l2_norm"}),
    # symdl's built-in \mathrm{RMS} of a vector (PyTorch docs, torch.nn.RMSNorm: RMS(x) = √(1/n Σ x_i²))
    ("rms-builtin", r"\mathrm{RMS}(x)", {"rms"}, {"l2_norm"}),
    # must-not: the population standard deviation (Ioffe & Szegedy 2015) is a root mean square about the mean
    ("not-rms-std", r"\sigma = \sqrt{\frac{1}{N}\sum_{i=1}^N (x_i - \mu)^2}", {"standard_deviation"}, {"rms"}),
    # must-not (must not change): the L2 norm (Goodfellow et al. eq. 2.30's p = 2) stays l2_norm, never rms
    ("not-rms-l2-norm", r"\|x\|_2 = \sqrt{\sum_i x_i^2}", {"l2_norm"}, {"rms"}),
    # must-not change: RMSNorm's division by the RMS (Zhang & Sennrich eq. 4) keeps rms_normalization
    ("rmsnorm-division", r"\bar{y} = \frac{y}{\sqrt{\frac{1}{n}\sum_{i=1}^n y_i^2}}", {"rms_normalization"},
     {"l2_norm"}),
    # --- a sum of squares is at most the squared L2 norm (so named), and squares summed over steps are no norm
    # Goodfellow et al. sec. 2.5: the squared L2 norm as a sum of squares
    ("sum-squares-goodfellow", r"\|x\|_2^2 = \sum_i x_i^2", {"l2_norm"}, {"rms"}),
    # must-not: Adagrad's accumulator, Duchi et al. 2011 / Ruder's overview G_t = Σ_{τ=1}^t g_τ²: a total over steps
    ("not-norm-adagrad-sum", r"G_t = \sum_{\tau=1}^{t} g_\tau^2", set(), {"l2_norm"}),
]

OPTIMIZERS: list[tuple[str, str, set[str], set[str]]] = [
    # --- RMSProp's accumulator written alone: an EMA of the squared gradient
    # Ruder 2016, "An overview of gradient descent optimization algorithms", sec. 4.5 (RMSprop)
    ("rmsprop-acc-ruder", r"E[g^2]_t = 0.9 E[g^2]_{t-1} + 0.1 g_t^2", {"ema", "rmsprop"}, {"adam"}),
    # Goodfellow et al. Algorithm 8.5 (RMSProp): r ← ρ r + (1 − ρ) g ⊙ g
    ("rmsprop-acc-goodfellow", r"r \leftarrow \rho r + (1 - \rho) g \odot g", {"ema", "rmsprop"}, set()),
    # the same with a step subscript (as the issue quotes it)
    ("rmsprop-acc-odot-step", r"s_t = \rho s_{t-1} + (1-\rho) g_t \odot g_t", {"ema", "rmsprop"}, set()),
    # d2l 12.8 (RMSProp), eq. 12.8.1's first line, bold
    (
        "rmsprop-acc-d2l",
        r"\mathbf{s}_t \leftarrow \gamma \mathbf{s}_{t-1} + (1 - \gamma) \mathbf{g}_t^2",
        {"ema", "rmsprop"},
        set(),
    ),
    # PyTorch docs, torch.optim.RMSprop: v_t ← α v_{t−1} + (1 − α) g_t²
    ("rmsprop-acc-pytorch", r"v_t = \alpha v_{t-1} + (1 - \alpha) g^2_t", {"ema", "rmsprop"}, set()),
    # Ng, Coursera "Improving deep neural networks", RMSprop: S_dW = β S_dW + (1 − β) dW²
    ("rmsprop-acc-ng", r"S_{dW} = \beta S_{dW} + (1 - \beta) dW^2", {"ema", "rmsprop"}, set()),
    # must-not: Adam's second moment alone, its decay written β₂ (Kingma & Ba 2015, Algorithm 1)
    ("not-rmsprop-adam-v", r"v_t = \beta_2 v_{t-1} + (1-\beta_2) g_t^2", {"ema"}, {"rmsprop"}),
    # must-not: an EMA of the gradient itself is a first moment (Kingma & Ba's m_t), no squares
    ("not-rmsprop-first-moment", r"m_t = \beta m_{t-1} + (1-\beta) g_t", {"ema"}, {"rmsprop"}),
    # must-not (constructed): an EMA of squared data, no gradient
    ("not-rmsprop-data-squares", r"v_t = \beta v_{t-1} + (1-\beta) x_t^2", {"ema"}, {"rmsprop"}),
    # must-not change: Adam's full pseudocode stays Adam, not also RMSProp (Kingma & Ba 2015, Algorithm 1)
    (
        "adam-two-moments-not-rmsprop",
        r"m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t \\ v_t = \beta_2 v_{t-1} + (1-\beta_2) g_t^2",
        {"adam"},
        {"rmsprop"},
    ),
]

LAYERS: list[tuple[str, str, set[str], set[str]]] = [
    # --- linear_layer in row-major, code and index forms (they already name it: kept by these rows)
    # PyTorch docs, torch.nn.Linear: y = x A^T + b
    ("linear-pytorch-xAT", r"y = xA^T + b", {"linear_layer"}, set()),
    # d2l 3.1 eq. 3.1.4, the batch written row-major: Ŷ = X w + b (here a weight matrix, as in 4.1's O = XW + b)
    ("linear-d2l-XW", r"\mathbf{O} = \mathbf{X}\mathbf{W} + \mathbf{b}", {"linear_layer"}, set()),
    # cs231n "Neural Networks Part 1"-style NumPy: np.dot(W, x) + b
    ("linear-numpy-dot", r"z = np.dot(W, x) + b", {"linear_layer"}, set()),
    # PyTorch code with the matmul operator and a transposed weight: x @ W.T + b
    ("linear-code-at", r"out = x @ W.T + b", {"linear_layer"}, set()),
    # Nielsen ch. 2 eq. 23 written entry by entry: z^l_j = Σ_k w^l_{jk} a^{l-1}_k + b^l_j
    ("linear-nielsen-index", r"z^l_j = \sum_k w^l_{jk} a^{l-1}_k + b^l_j", {"linear_layer", "weighted_sum"}, set()),
    # Keras docs, Dense: output = activation(dot(input, kernel) + bias)
    ("linear-keras-dense", r"output = activation(dot(input, kernel) + bias)", {"linear_layer"}, set()),
    # d2l 3.1 eq. 3.1.1 with one feature: ŷ = w x + b keeps the unit's name
    ("linear-unit-w", r"\hat{y} = w x + b", {"linear_layer"}, set()),
    # must-not: the slope-intercept line of school algebra (Wikipedia, "Linear equation"): y = mx + b, y = ax + b
    ("not-linear-slope-intercept", r"y = mx + b", set(), {"linear_layer"}),
    ("not-linear-line-ax", r"y = ax + b", set(), {"linear_layer"}),
    # must-not: a momentum update (Sutskever et al. 2013) is no layer
    ("not-linear-momentum", r"v_{t+1} = \mu v_t - \epsilon \nabla f(\theta_t)", set(), {"linear_layer"}),
    # --- softmax in its published and code forms
    # PyTorch docs, torch.nn.Softmax
    ("softmax-pytorch", r"\text{Softmax}(x_{i}) = \frac{\exp(x_i)}{\sum_j \exp(x_j)}", {"softmax"}, set()),
    # Goodfellow et al. eq. 6.29 / Nielsen eq. 78 style: e^{z_k} / Σ_{k'} e^{z_{k'}}
    ("softmax-primed-index", r"p_k = e^{z_k}/\sum_{k'} e^{z_{k'}}", {"softmax"}, set()),
    # Hinton et al. 2015 (distillation), eq. 1: q_i = exp(z_i/T) / Σ_j exp(z_j/T)
    ("softmax-temperature-hinton", r"q_i = \frac{\exp(z_i/T)}{\sum_j \exp(z_j/T)}", {"softmax"}, set()),
    # cs231n "Linear classification", the NumPy line p = np.exp(f) / np.sum(np.exp(f))
    ("softmax-numpy-cs231n", r"p = np.exp(f) / np.sum(np.exp(f))", {"softmax"}, set()),
    # Bahdanau et al. 2015, eq. 6: α_ij = exp(e_ij) / Σ_k exp(e_ik)
    ("softmax-bahdanau", r"\alpha_{ij} = \frac{\exp(e_{ij})}{\sum_{k=1}^{T_x} \exp(e_{ik})}", {"softmax"}, set()),
    # must-not: the logistic function e^x/(1 + e^x) is the sigmoid (Goodfellow eq. 3.30), not a softmax
    ("not-softmax-logistic", r"f(x) = \frac{e^x}{1 + e^x}", {"sigmoid"}, {"softmax"}),
    # must-not: a sum-to-one normalisation of squares has no exponential (constructed)
    ("not-softmax-squares", r"p_i = \frac{x_i^2}{\sum_j x_j^2}", set(), {"softmax"}),
    # --- weighted sums of values by weights
    # Bahdanau et al. 2015, eq. 5: c_i = Σ_j α_ij h_j
    ("wsum-bahdanau", r"c_i = \sum_{j=1}^{T_x} \alpha_{ij} h_j", {"weighted_sum"}, set()),
    # Bahdanau / Lil'Log, bold values
    ("wsum-bold", r"\mathbf{c} = \sum_i \alpha_i \mathbf{h}_i", {"weighted_sum"}, set()),
    # Luong et al. 2015, sec. 3: c_t = Σ_s a_t(s) h̄_s, the weights a function of the position s
    ("wsum-luong-call", r"c_t = \sum_s a_t(s) \bar{h}_s", {"weighted_sum"}, set()),
    ("wsum-luong-call-bold", r"\mathbf{c}_t = \sum_s a_t(s) \bar{\mathbf{h}}_s", {"weighted_sum"}, set()),
    # must-not: a sum of one function's values has no weights (constructed)
    ("not-wsum-plain-call", r"\sum_i f(x_i)", set(), {"weighted_sum"}),
    # must-not: an expectation written as a sum over outcomes (Goodfellow eq. 3.9) stays unnamed as a weighted sum
    ("not-wsum-expectation-calls", r"\sum_x p(x) f(x)", set(), {"weighted_sum"}),
]

SCHEDULES: list[tuple[str, str, set[str], set[str]]] = [
    # --- exponential decay names a learning-rate schedule: the decayed quantity is a rate by its spelling
    # d2l 12.11 (learning-rate scheduling), the exponential schedule
    ("exp-decay-d2l", r"\eta_t = \eta_0 e^{-\lambda t}", {"exponential_decay"}, set()),
    # PyTorch docs, torch.optim.lr_scheduler.ExponentialLR, written closed-form with lr
    ("exp-decay-lr-power", r"\mathrm{lr}_t = \mathrm{lr}_0 \cdot 0.95^t", {"exponential_decay"}, set()),
    # Kingma & Ba 2015's step size α decayed (α_t = α_0 γ^t, as in Ruder's overview of schedules)
    ("exp-decay-alpha", r"\alpha_t = \alpha_0 \gamma^t", {"exponential_decay"}, set()),
    # Keras docs, ExponentialDecay: a word target
    (
        "exp-decay-keras-words",
        r"\text{decayed\_learning\_rate} = \text{initial\_learning\_rate} \cdot "
        r"\text{decay\_rate}^{\,\text{step} / \text{decay\_steps}}",
        {"exponential_decay"},
        set(),
    ),
    # must-not: Wikipedia, "Exponential decay": a quantity N, not a rate
    ("not-exp-decay-radioactive", r"N(t) = N_0 e^{-\lambda t}", set(), {"exponential_decay"}),
    # must-not: Sutton & Barto eq. 3.8's discount applied to a reward at step t (γ^t R_t): a discounted reward
    ("not-exp-decay-discount", r"w_t = \gamma^t r_t", set(), {"exponential_decay"}),
    # must-not: a discounted value carried back one step (constructed from Sutton & Barto's G_t = R + γ G_{t+1})
    ("not-exp-decay-discount-recursive", r"R_t = \gamma R_{t-1}", set(), {"exponential_decay"}),
    # must-not: epsilon-greedy exploration decayed over steps (PyTorch DQN tutorial, EPS_DECAY), a kernel width
    # shrinking over training (Kohonen's self-organising map, σ(t) = σ_0 exp(−t/λ)), a temperature annealed
    # (Jang et al. 2017, Gumbel-softmax τ = τ_0 e^{−rt}), simulated annealing's geometric cooling T_k = α T_{k−1}
    ("not-exp-decay-epsilon-greedy", r"\epsilon_t = \epsilon_0 e^{-t/\tau}", set(), {"exponential_decay"}),
    ("not-exp-decay-som-width", r"\sigma(t) = \sigma_0 \exp(-t/\lambda)", set(), {"exponential_decay"}),
    ("not-exp-decay-temperature", r"\tau = \tau_0 e^{-r t}", set(), {"exponential_decay"}),
    ("not-exp-decay-cooling", r"T_k = \alpha T_{k-1}", set(), {"exponential_decay"}),
    # must-not: an EMA-like shrink of a velocity without input (constructed)
    ("not-exp-decay-velocity", r"v_t = \gamma^t v_0", set(), {"exponential_decay"}),
]

CASES = SCHEDULES + NORMS + OPTIMIZERS + LAYERS


@pytest.mark.parametrize(("latex", "want", "avoid"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_concepts(latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)


def test_sum_of_squares_says_squared() -> None:
    """A plain sum of squares is named by its wording the squared L2 norm, never the length (Goodfellow sec. 2.5)."""
    from tests.concept_cases import chunk_of

    c = chunk_of(r"\sum_i x_i^2", "l2_norm")
    assert c.name == "squared L2 norm" and "not the length" in c.note


A = np.array([1.0, -2.0, 3.0, 0.5])


@pytest.mark.parametrize(
    ("latex", "args", "expected"),
    [
        # Zhang & Sennrich 2019 eq. 4: the value named rms is the root mean square numpy computes
        (r"\mathrm{RMS}(\mathbf{a}) = \sqrt{\frac{1}{n}\sum_{i=1}^{n} a_i^2}", {"a": A, "n": 4},
         np.sqrt(np.mean(A**2))),
        # PyTorch docs, torch.nn.RMSNorm: the built-in RMS of a vector
        (r"\mathrm{RMS}(x)", {"x": A}, np.sqrt(np.mean(A**2))),
    ],
    ids=["rms-zhang-sennrich", "rms-builtin"],
)
def test_rms_value(latex: str, args: dict[str, Any], expected: float) -> None:
    """Naming changed, reading not: the formulas now named rms evaluate to numpy's root mean square."""
    got = symdl.lambdify(symdl.parse(latex))(**args)
    np.testing.assert_allclose(float(got), expected, rtol=1e-12)
