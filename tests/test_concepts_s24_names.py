"""Session 24, helper names: false labels and misses of a held-out set (issue 14), each fixed by a rule for its class.

Every row is a real formula (its source in the comment above it) or a constructed must-not row (said so).  The rules:

* a row of cases valued ±∞ (an attention mask) equals no finite activation; a ``max(0, ·)`` under a cap that is a
  quantity (fake quantisation's ``2^b − 1``) is the floor of a clip, not a ReLU (ReLU6's numeric cap stays a ReLU);
* an LSTM cell's gates act entry by entry and are independent: a matrix applied to the state (a state-space model)
  or a gate written from the other (Griffin's ``√(1 − a_t²)``) is none;
* an RNN cell's unnamed activation is one letter: GIN's ``MLP^{(k)}`` is a network; a bias never holds the summed
  family (GIN's ``(1 + ε) h_v``);
* a running sum adds a new value: not when the increment holds the total (REINFORCE's ``∇_θ``, a residual's
  ``FFN(h)``) or is the same every step of a step-indexed recurrence (SGDR's restart increment);
* one attention on projections with no head index is scaled dot-product attention, not multi-head;
* an interpolation by Greek weights fixed over the steps is no GRU;
* one moment line or one bias-correction line alone is not Adam;
* cs231n's ``R(W) = Σ_k Σ_l W_{k,l}²`` is the L2 penalty, not a norm;
* a decayed state of a product of two vectors is no momentum, and a ``kᵀv`` spread over a matrix is no dot product;
* ``−log σ(anything)`` is the (negative) log-sigmoid; the contrastive loss summed over pairs is named.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import symdl
from tests.concept_cases import assert_concepts

RELU: list[tuple[str, str, set[str], set[str]]] = [
    # Vaswani et al. 2017 / The Annotated Transformer: the causal mask M_ij = 0 for j ≤ i, −∞ above
    ("mask-causal-cases", r"M_{ij} = \begin{cases}0 & j\le i\\ -\infty & j>i\end{cases}", set(), {"relu"}),
    # Press et al. 2022 (ALiBi) / T5-style masks written with the condition the other way round
    ("mask-cases-flipped", r"M_{ij} = \begin{cases}-\infty & j > i \\ 0 & \text{otherwise}\end{cases}", set(),
     {"relu"}),
    # Jacob et al. 2018 / PyTorch fake_quantize_per_tensor_affine: clamp(round(x/s) + z, 0, 2^b − 1)
    ("fakequant-clamp", r"\mathrm{clamp}(\lfloor x/s \rceil + z, 0, 2^b - 1)", set(), {"relu"}),
    # the same clamp written with min and max (Krishnamoorthi 2018, eq. 3: x_Q = clamp(0, N_levels − 1, ...))
    ("fakequant-min-max", r"x_q = \min(\max(\lfloor x/s \rceil + z, 0), N - 1)", set(), {"relu"}),
    # must-not change: ReLU6 (PyTorch docs, torch.nn.ReLU6) has a numeric cap and stays a ReLU
    ("relu6-stays", r"\text{ReLU6}(x) = \min(\max(0,x), 6)", {"relu"}, set()),
    # must-not change: ReLU written piecewise (Goodfellow et al. eq. 6.37 as cases)
    ("relu-cases-stays", r"f(x) = \begin{cases} x & x > 0 \\ 0 & x \le 0 \end{cases}", {"relu"}, set()),
    # must-not change: Nair & Hinton 2010, max(0, x)
    ("relu-max-stays", r"y = \max(0, x)", {"relu"}, set()),
]

RECURRENT: list[tuple[str, str, set[str], set[str]]] = [
    # Gu et al. 2022 (S4) / Gu & Dao 2023 (Mamba) eq. 2a-2b, discretised SSM
    ("ssm-mamba", r"h_t = \bar{A} h_{t-1} + \bar{B} x_t, \quad y_t = C h_t", set(), {"lstm_cell", "gru"}),
    # the same in bold (Gu & Dao 2023, Mamba, eq. 2a, a scalar input per channel)
    ("ssm-bold", r"\mathbf{h}_t = \bar{\mathbf{A}} \mathbf{h}_{t-1} + \bar{\mathbf{B}} x_t", set(),
     {"lstm_cell"}),
    # De et al. 2024 (Griffin), eq. 4: the RG-LRU
    ("rglru-griffin",
     r"\mathbf{h}_t = \mathbf{a}_t \odot \mathbf{h}_{t-1} + \sqrt{1 - \mathbf{a}_t^2} \odot (\mathbf{i}_t \odot "
     r"\mathbf{x}_t)", set(), {"lstm_cell", "gru"}),
    # must-not change: Olah 2015 / d2l 10.1 cell state, bold and plain
    ("lstm-cell-bold-stays", r"\mathbf{c}_t = \mathbf{f}_t \odot \mathbf{c}_{t-1} + \mathbf{i}_t \odot "
     r"\tilde{\mathbf{c}}_t", {"lstm_cell"}, set()),
    ("lstm-cell-plain-stays", r"c_t = f_t c_{t-1} + i_t g_t", {"lstm_cell"}, set()),
    # Xu et al. 2019 (GIN), eq. 4.1
    ("gin-xu", r"h_v^{(k)} = \mathrm{MLP}^{(k)}\left((1+\epsilon^{(k)}) \cdot h_v^{(k-1)} + \sum_{u \in "
     r"\mathcal{N}(v)} h_u^{(k-1)}\right)", set(), {"rnn_cell", "linear_layer"}),
    # Gilmer et al. 2017 (MPNN): the update function U_t of the message, a word-named map
    ("mpnn-update-word", r"h_v^{t+1} = \mathrm{UPDATE}(h_v^{t} + W h_{v}^{t})", set(), {"rnn_cell"}),
    # must-not change: d2l 9.4 with an unnamed activation φ, Goodfellow 10.8
    ("rnn-d2l-phi-stays", r"H_t = \phi(X_t W_{xh} + H_{t-1} W_{hh} + b_h)", {"rnn_cell"}, set()),
    ("rnn-goodfellow-stays", r"h^{(t)} = \tanh(W h^{(t-1)} + U x^{(t)} + b)", {"rnn_cell"}, set()),
    # must-not change: Nielsen eq. 23 entry by entry keeps its linear layer (a bias of another family)
    ("nielsen-index-stays", r"z^l_j = \sum_k w^l_{jk} a^{l-1}_k + b^l_j", {"linear_layer"}, set()),
    # an EMA of the input with a per-channel constant (Peng et al. 2023, RWKV's token shift; Ma et al. 2023, MEGA)
    ("ema-per-channel-bold", r"\mathbf{h}_t = (1 - \boldsymbol{\alpha}) \odot \mathbf{h}_{t-1} + \boldsymbol{\alpha}"
     r" \odot \mathbf{x}_t", set(), {"gru", "lstm_cell"}),
    ("ema-per-channel-swapped", r"\mathbf{h}_t = \boldsymbol{\alpha} \odot \mathbf{h}_{t-1} + (1 - "
     r"\boldsymbol{\alpha}) \odot \mathbf{x}_t", set(), {"gru"}),
    # must-not change: Olah 2015's GRU with its per-step gate z_t, bold (d2l 10.2)
    ("gru-olah-stays", r"\mathbf{h}_t = (1 - \mathbf{z}_t) \odot \mathbf{h}_{t-1} + \mathbf{z}_t \odot "
     r"\tilde{\mathbf{h}}_t", {"gru"}, set()),
    # must-not change: a scalar EMA (Ruder 2016) keeps its name
    ("ema-scalar-stays", r"h_t = (1 - \alpha) h_{t-1} + \alpha x_t", {"ema"}, {"gru"}),
]

ACCUMULATORS: list[tuple[str, str, set[str], set[str]]] = [
    # Zhang & Sennrich 2019 / Llama: pre-norm residual
    ("residual-ffn-rmsnorm", r"\mathbf{h}' = \mathbf{h} + \mathrm{FFN}(\mathrm{RMSNorm}(\mathbf{h}))", {"residual"},
     {"running_sum"}),
    # Williams 1992 / Sutton & Barto eq. 13.8 (REINFORCE)
    ("reinforce-sutton", r"\theta \leftarrow \theta + \alpha \nabla_\theta \log \pi_\theta(a_t|s_t) G_t", set(),
     {"running_sum"}),
    # Sutton & Barto eq. 13.8 with the step written: θ_{t+1} = θ_t + α G_t ∇ ln π(A_t|S_t, θ_t)
    ("reinforce-step", r"\theta_{t+1} = \theta_t + \alpha G_t \nabla_{\theta} \ln \pi(A_t | S_t, \theta_t)", set(),
     {"running_sum"}),
    # Loshchilov & Hutter 2017 (SGDR), the recursive form as PyTorch's CosineAnnealingLR docs write a restart
    ("sgdr-restart", r"\eta_{t+1} = \eta_{t} + \frac{1}{2}(\eta_{max} - \eta_{min})(1 - \cos(\frac{1}{T_{max}}\pi))",
     set(), {"running_sum"}),
    # Goyal et al. 2017, linear warm-up: the same increment every step
    ("warmup-linear", r"\eta_{t+1} = \eta_t + \frac{\eta_{\max} - \eta_{\min}}{T}", set(), {"running_sum"}),
    # must-not change: Duchi et al. 2011 (Adagrad's accumulator), Sutton & Barto's running total
    ("adagrad-acc-stays", r"G_t = G_{t-1} + g_t \odot g_t", {"running_sum"}, set()),
    ("running-total-stays", r"S_{n} = S_{n-1} + x_n", {"running_sum"}, set()),
    ("adagrad-plain-stays", r"G = G + g^2", {"running_sum"}, set()),
    # linear attention / RetNet (Sun et al. 2023, eq. 1): a decayed state of key-value products
    ("retnet-state", r"\mathbf{S}_t = \gamma \mathbf{S}_{t-1} + \mathbf{k}_t^\top \mathbf{v}_t", set(),
     {"momentum", "dot_product", "ema"}),
    # Katharopoulos et al. 2020, eq. 18 written with a decay (Gated linear attention, Yang et al. 2024)
    ("gla-state", r"\mathbf{S}_t = \alpha \mathbf{S}_{t-1} + \mathbf{v}_t \mathbf{k}_t^\top", set(), {"momentum"}),
    # must-not change: Ruder's momentum and Goodfellow's Algorithm 8.2 keep momentum
    ("momentum-ruder-stays", r"v_t = \gamma v_{t-1} + \eta g_t", {"momentum"}, set()),
    ("momentum-goodfellow-stays", r"\boldsymbol{v} \leftarrow \alpha \boldsymbol{v} - \epsilon \boldsymbol{g}",
     {"momentum"}, set()),
    # must-not change: a query-key score is a dot product (d2l 11.3)
    ("dot-qk-stays", r"s = \mathbf{q}^\top \mathbf{k}", {"dot_product"}, set()),
]

ATTENTION: list[tuple[str, str, set[str], set[str]]] = [
    # Phuong & Hutter 2022 / the self-attention with projections
    ("self-attention-projections",
     r"\mathbf{Y} = \mathrm{softmax}(\mathbf{X}\mathbf{W}_Q(\mathbf{X}\mathbf{W}_K)^\top/\sqrt{d})\,\mathbf{X}"
     r"\mathbf{W}_V", {"scaled_dot_product_attention", "softmax"}, {"multi_head_attention"}),
    # Vaswani et al. 2017's one attention on projections without a head index (superscript roles)
    ("attention-projected-superscripts", r"H = \mathrm{softmax}\left(\frac{Q W^Q (K W^K)^T}{\sqrt{d_k}}\right) V W^V",
     {"scaled_dot_product_attention"}, {"multi_head_attention"}),
    # an attention call on projections, no head
    ("attention-call-projected", r"y = \mathrm{Attention}(X W_Q, X W_K, X W_V)", {"scaled_dot_product_attention"},
     {"multi_head_attention"}),
    # must-not change: Vaswani et al. 2017, sec. 3.2.2, head_i with W_i^Q
    ("head-vaswani-stays", r"\mathrm{head}_i = \mathrm{softmax}\left(\frac{Q W_i^Q (K W_i^K)^T}{\sqrt{d_k}}\right) "
     r"V W_i^V", {"multi_head_attention"}, set()),
    ("head-call-stays", r"\mathrm{head}_i = \mathrm{Attention}(Q W_i^Q, K W_i^K, V W_i^V)", {"multi_head_attention"},
     set()),
    # a head index on the weights, the target not spelled head (Phuong & Hutter 2022, Algorithm 5's W^h)
    ("head-index-weights", r"\mathbf{Y}_h = \mathrm{softmax}\left(\frac{\mathbf{X}\mathbf{W}^Q_h (\mathbf{X}"
     r"\mathbf{W}^K_h)^\top}{\sqrt{d_k}}\right) \mathbf{X}\mathbf{W}^V_h", {"multi_head_attention"}, set()),
]

OPTIMIZERS: list[tuple[str, str, set[str], set[str]]] = [
    # PyTorch docs, torch.optim.Adam: the second-moment line alone
    ("adam-v-line-pytorch", r"v_t \leftarrow \beta_2 v_{t-1} + (1-\beta_2) g^2_t", {"ema"}, {"adam"}),
    # Kingma & Ba 2015, Algorithm 1: the first moment alone
    ("adam-m-line-kingma", r"m_t = \beta_1 m_{t-1} + (1 - \beta_1) g_t", {"ema"}, {"adam"}),
    # PyTorch docs, torch.optim.Adam: the bias correction alone
    ("adam-mhat-pytorch", r"\widehat{m_t} \leftarrow m_t/\big(1-\beta_1^t \big)", {"bias_correction"}, {"adam"}),
    # Kingma & Ba 2015, Algorithm 1
    ("adam-mhat-kingma", r"\hat{m}_t = \dfrac{m_t}{1 - \beta^t_1}", {"bias_correction"}, {"adam"}),
    # must-not change: both moments (d2l 12.10) and the full algorithm stay Adam
    ("adam-two-moments-stays", r"\mathbf{v}_t \leftarrow \beta_1 \mathbf{v}_{t-1} + (1 - \beta_1) \mathbf{g}_t, \\"
     r" \mathbf{s}_t \leftarrow \beta_2 \mathbf{s}_{t-1} + (1 - \beta_2) \mathbf{g}_t^2", {"adam"}, set()),
    ("adam-rescaled-stays", r"\mathbf{g}_t' = \frac{\eta \hat{\mathbf{v}}_t}{\sqrt{\hat{\mathbf{s}}_t} + \epsilon}",
     {"adam"}, set()),
    # cs231n "Linear classification": R(W) = Σ_k Σ_l W_{k,l}²
    ("l2-cs231n-R", r"R(W) = \sum_k\sum_l W_{k,l}^2", {"l2_penalty"}, {"l2_norm"}),
    # Goodfellow et al. sec. 7.1.1: Ω(θ) = ½‖w‖², written as a sum of squares
    ("l2-goodfellow-omega", r"\Omega(\theta) = \sum_i \theta_i^2", {"l2_penalty"}, {"l2_norm"}),
    # must-not change: Bishop's λ Σ w² and a plain sum of squares (the squared L2 norm)
    ("l2-bishop-stays", r"\lambda \sum_k w_k^2", {"l2_penalty"}, set()),
    ("sum-squares-stays", r"S = \sum_i x_i^2", {"l2_norm"}, {"l2_penalty"}),
]

LOSSES: list[tuple[str, str, set[str], set[str]]] = [
    # Ouyang et al. 2022 (InstructGPT) eq. 1 / Stiennon et al. 2020: the reward model's loss
    ("rm-loss", r"\mathcal{L}_{\text{RM}} = -\log \sigma(r_\theta(x, y_c) - r_\theta(x, y_r))", {"log_sigmoid"}, set()),
    # Rafailov et al. 2023 (DPO), eq. 7
    ("dpo-loss", r"-\mathbb{E}[\log \sigma(\beta \log \frac{\pi_\theta(y_w|x)}{\pi_{ref}(y_w|x)} - \beta \log "
     r"\frac{\pi_\theta(y_l|x)}{\pi_{ref}(y_l|x)})]", {"log_sigmoid"}, set()),
    # Zhai et al. 2023 (SigLIP), eq. 1's term
    ("siglip-term", r"-\log \sigma(z_{ij}(-t\, \mathbf{x}_i\cdot\mathbf{y}_j + b))", {"log_sigmoid"}, set()),
    # Mikolov et al. 2013, eq. 4 (negative sampling)
    ("word2vec-neg", r"\log\sigma({v'_{w_O}}^\top v_{w_I}) + \sum_i \mathbb{E}[\log\sigma(-{v'_{w_i}}^\top v_{w_I})]",
     {"log_sigmoid"}, set()),
    # the logistic loss of a margin (Bishop 4.3.2 / Goodfellow 6.2.2.2's −log σ((2y − 1) z))
    ("logistic-margin", r"L = -\log \sigma(y f(x))", {"log_sigmoid"}, set()),
    # Nielsen ch. 2, BP2 in index form
    ("bp2-nielsen-index", r"\delta_j^l =\sum_k \delta_k^{l+1}w_{kj}^{l+1}\sigma'(z_j^l)", {"delta_rule"}, set()),
    # Hadsell et al. 2006 (as PyTorch-metric-learning's docs sum it over N pairs)
    ("contrastive-hadsell-sum", r"L = \frac{1}{2N}\sum_{n=1}^{N} y_n d_n^2 + (1-y_n)\max(\text{margin} - d_n, 0)^2",
     {"contrastive_loss"}, set()),
    # must-not: both terms gated by y_n (no 1 − y) is no contrastive loss (constructed)
    ("not-contrastive-same-label", r"L = \frac{1}{2N}\sum_{n=1}^{N} y_n d_n^2 + y_n\max(\text{margin} - d_n, 0)^2",
     set(), {"contrastive_loss"}),
    # must-not change: Hadsell et al. eq. 4 unsummed
    ("contrastive-unsummed-stays", r"\frac{1}{2} (1-Y) D_W^2 + \frac{1}{2} Y \max(0, m - D_W)^2",
     {"contrastive_loss"}, set()),
]

CASES = RELU + RECURRENT + ACCUMULATORS + ATTENTION + OPTIMIZERS + LOSSES


@pytest.mark.parametrize(("latex", "want", "avoid"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_concepts(latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)


X = np.array([-1.5, -0.2, 0.0, 0.7, 2.5])


@pytest.mark.parametrize(
    ("latex", "args", "expected"),
    [
        # the reward model's loss now named log-sigmoid still evaluates to −log σ(a − b) (numpy)
        (r"L = -\log \sigma(a - b)", {"a": X, "b": 0.3}, -np.log(1 / (1 + np.exp(-(X - 0.3))))),
        # the fake-quantisation clamp (no longer a ReLU) is still numpy's clip into [0, 2^b − 1]
        (r"q = \min(\max(x + z, 0), 2^b - 1)", {"x": X * 3, "z": 1.0, "b": 2},
         np.clip(X * 3 + 1.0, 0, 3)),
    ],
    ids=["rm-loss-value", "fakequant-value"],
)
def test_values_unchanged(latex: str, args: dict[str, Any], expected: np.ndarray) -> None:
    """Naming changed, reading not: the values are numpy's."""
    f = symdl.lambdify(symdl.parse(latex))
    got = np.array([float(f(**{k: (v[i] if isinstance(v, np.ndarray) else v) for k, v in args.items()}))
                    for i in range(len(X))])
    np.testing.assert_allclose(got, expected, rtol=1e-12)


def test_lone_moment_note_says_shape() -> None:
    """A lone β_2 line is an EMA whose note says it has the shape of Adam's second moment (not the name Adam)."""
    from tests.concept_cases import chunk_of

    c = chunk_of(r"v_t = \beta_2 v_{t-1} + (1-\beta_2) g_t^2", "ema")
    assert "shape of Adam's second moment" in c.note and "adam" not in c.also
