"""Session 19, task names-layers: normalisation layers, attention, activations and linear algebra on real notation.

Each row is ``(case id, latex, must-name, must-not-name)`` through ``symdl.parse`` + ``symdl.chunk.explain``; the
comment on each row says where that notation is published.  The look-alikes beside each class keep it honest: a
false label is worse than a miss.
"""

from __future__ import annotations

import pytest

from tests.concept_cases import assert_concepts

NORM: list[tuple[str, str, set[str], set[str]]] = [
    # --- batch norm: the formula says the statistics run over the examples
    # Keras docs, keras.layers.BatchNormalization (training mode)
    (
        "bn-keras-batch",
        r"\gamma \cdot \frac{\text{batch} - \operatorname{mean}(\text{batch})}"
        r"{\sqrt{\operatorname{var}(\text{batch}) + \epsilon}} + \beta",
        {"batch_norm", "normalization"},
        {"layer_norm", "group_norm"},
    ),
    # deeplearning.ai Course 2 slides, implementing batch norm (z^{(i)}: the i-th example)
    (
        "bn-ng-example-index",
        r"\mu = \frac{1}{m}\sum_i z^{(i)}, \quad \sigma^2 = \frac{1}{m}\sum_i \left(z^{(i)} - \mu\right)^2 \\ "
        r"z^{(i)}_{\text{norm}} = \frac{z^{(i)} - \mu}{\sqrt{\sigma^2 + \varepsilon}}, \quad "
        r"\tilde{z}^{(i)} = \gamma z^{(i)}_{\text{norm}} + \beta",
        {"batch_norm", "mean", "variance"},
        {"layer_norm", "sigmoid", "mse"},
    ),
    # Ioffe & Szegedy 2015, Algorithm 2, line 11 (inference: the statistics folded into an affine map)
    (
        "bn-ioffe-inference",
        r"y = \frac{\gamma}{\sqrt{\mathrm{Var}[x] + \epsilon}} \cdot x + "
        r"\left(\beta - \frac{\gamma\, \mathrm{E}[x]}{\sqrt{\mathrm{Var}[x] + \epsilon}}\right)",
        {"batch_norm"},
        {"layer_norm", "rms_norm"},
    ),
    # the same line with the population statistics written μ and σ² (folding batch norm into a layer)
    (
        "bn-inference-greek",
        r"y = \frac{\gamma}{\sqrt{\sigma^2 + \epsilon}} x + \beta - \frac{\gamma \mu}{\sqrt{\sigma^2 + \epsilon}}",
        {"batch_norm"},
        {"layer_norm"},
    ),
    # Ulyanov, Vedaldi & Lempitsky 2016, Instance Normalization, eq. 2: per image t and channel i, over the map
    (
        "gn-instance-norm",
        r"y_{tijk} = \frac{x_{tijk} - \mu_{ti}}{\sqrt{\sigma_{ti}^2 + \epsilon}}, \quad "
        r"\mu_{ti} = \frac{1}{HW}\sum_{l=1}^{W}\sum_{m=1}^{H} x_{tilm}",
        {"group_norm", "normalization"},
        {"batch_norm", "layer_norm"},
    ),
    # Ioffe & Szegedy's per-channel statistics of a conv layer run over the batch too: no instance norm
    (
        "not-gn-batch-conv",
        r"y_{nchw} = \frac{x_{nchw} - \mu_{c}}{\sqrt{\sigma_{c}^2 + \epsilon}}, \quad "
        r"\mu_{c} = \frac{1}{NHW}\sum_{n=1}^{N}\sum_{h=1}^{H}\sum_{w=1}^{W} x_{nchw}",
        set(),
        {"group_norm", "layer_norm"},
    ),
    # the standardisation expanded, with no scale and no shift: no layer
    ("not-bn-expanded-zscore", r"y = \frac{x}{\sigma} - \frac{\mu}{\sigma}", set(), {"batch_norm", "layer_norm"}),
    # cs229 notes (PCA preprocessing): a data table standardised over the examples, no layer
    (
        "not-bn-cs229-standardise",
        r"\mu = \frac{1}{m}\sum_{i=1}^m x^{(i)}, \quad x^{(i)} := \frac{x^{(i)} - \mu}{\sigma}",
        {"mean", "normalization"},
        {"batch_norm", "layer_norm"},
    ),
    # PyTorch docs, LayerNorm and BatchNorm2d print the same line: batch or layer, the formula does not say
    (
        "not-bn-pytorch-docs",
        r"y = \frac{x - \mathrm{E}[x]}{ \sqrt{\mathrm{Var}[x] + \epsilon}} * \gamma + \beta",
        {"normalization"},
        {"batch_norm", "layer_norm"},
    ),
    # --- RMSNorm with a gain vector
    # Raffel et al. 2020 (T5LayerNorm): no centring, a gain multiplied entry by entry
    (
        "rms-t5-gain",
        r"\mathbf{y} = \frac{\mathbf{x}}{\sqrt{\frac{1}{d}\sum_{i=1}^{d} x_i^2 + \epsilon}} \odot \mathbf{w}",
        {"rms_norm"},
        {"layer_norm", "batch_norm"},
    ),
    # Zhang & Sennrich 2019, eq. 4, on whole vectors
    (
        "rms-zhang-vector",
        r"\bar{\mathbf{a}} = \frac{\mathbf{a}}{\mathrm{RMS}(\mathbf{a})} \odot \mathbf{g}",
        {"rms_norm"},
        {"weight_norm", "layer_norm"},
    ),
    # the input multiplied by itself after the division: no gain, the outer product is no RMSNorm
    (
        "not-rms-self-gain",
        r"\mathbf{y} = \frac{\mathbf{x}}{\sqrt{\frac{1}{d}\sum_{i=1}^{d} x_i^2 + \epsilon}} \odot \mathbf{x}",
        {"rms_norm"},
        {"weight_norm"},
    ),
    # Salimans & Kingma 2016, eq. 2: a learned length g, still weight norm
    ("wn-salimans", r"\mathbf{w} = \frac{g}{\|\mathbf{v}\|}\mathbf{v}", {"weight_norm"}, {"rms_norm"}),
]

LAYERS: list[tuple[str, str, set[str], set[str]]] = [
    # --- named layers inside named layers
    # Hugging Face course / BERT (post-LN sublayer)
    (
        "mha-bert-nested",
        r"\mathbf{h}' = \operatorname{LayerNorm}\left(\mathbf{h} + "
        r"\operatorname{Dropout}\left(\operatorname{MultiHead}(\mathbf{h}, \mathbf{h}, \mathbf{h})\right)\right)",
        {"residual", "layer_norm", "multi_head_attention", "dropout"},
        {"batch_norm"},
    ),
    # Dosovitskiy et al. 2021 (ViT), eq. 2: MSA is multi-head self-attention
    (
        "mha-vit-msa",
        r"\mathbf{z}'_\ell = \mathrm{MSA}(\mathrm{LN}(\mathbf{z}_{\ell-1})) + \mathbf{z}_{\ell-1}",
        {"residual", "multi_head_attention", "layer_norm"},
        {"batch_norm"},
    ),
    # ViT eq. 3: the MLP block is no attention
    (
        "not-mha-vit-mlp",
        r"\mathbf{z}_\ell = \mathrm{MLP}(\mathrm{LN}(\mathbf{z}'_\ell)) + \mathbf{z}'_\ell",
        {"residual"},
        {"multi_head_attention"},
    ),
    # Srivastava et al. 2014, Dropout, sec. 1: the test-time weights scaled by the keep probability
    ("dropout-test-time", r"W^{(l)}_{\text{test}} = p\, W^{(l)}", {"dropout"}, {"weight_decay", "weight_norm"}),
    # the same shape of line for the training weights: nothing says test time
    ("not-dropout-train", r"W^{(l)}_{\text{train}} = p\, W^{(l)}", set(), {"dropout"}),
    # --- one unit's affine map
    # logistic regression output unit (cs229 / d2l 4.1)
    ("lin-logistic-unit", r"\hat{y} = \sigma(\mathbf{w}^\top \mathbf{x} + b)", {"sigmoid", "linear_layer"}, {"gru"}),
    # d2l 3.1 linear regression
    ("lin-regression-unit", r"\hat{y} = \mathbf{w}^\top \mathbf{x} + b", {"linear_layer"}, set()),
    # TensorFlow docs, tf.keras.layers.Dense
    (
        "lin-keras-dense",
        r"\text{output} = \text{activation}(\operatorname{dot}(\text{input}, \text{kernel}) + \text{bias})",
        {"linear_layer"},
        {"bilinear_form"},
    ),
    # Sitzmann et al. 2020, SIREN: a scaled linear map inside the sine
    (
        "lin-siren",
        r"\phi_i(\mathbf{x}_i) = \sin\left(\omega_0\, \mathbf{W}_i \mathbf{x}_i + \mathbf{b}_i\right)",
        {"linear_layer"},
        {"positional_encoding", "rotary_embedding"},
    ),
    # a penalty weight added to a score is no bias
    ("not-lin-penalty", r"y = \mathbf{w}^\top \mathbf{x} + \lambda", {"dot_product"}, {"linear_layer"}),
    # a scaled vector subtracted from a state is an update, not a layer
    (
        "not-lin-update",
        r"\mathbf{h} = \mathbf{h}_{t-1} - \eta \mathbf{W} \mathbf{x}",
        set(),
        {"linear_layer"},
    ),
    # --- max pooling over a window attached to the output position
    # Boureau, Ponce & LeCun 2010, eq. 2
    ("maxpool-boureau", r"h_m = \max_{i \in N_m} \alpha_{i}", {"max_pool"}, {"argmax", "softmax"}),
    # d2l 7.5 / Scherer et al. 2010: the window as a function of the position
    (
        "maxpool-window-call",
        r"h_{i,j} = \max_{(a, b) \in \mathcal{W}(i,j)} x_{a,b}",
        {"max_pool"},
        {"argmax", "avg_pool"},
    ),
    # Sutton & Barto: the state stays in the maximised entry, a Bellman backup, no window
    ("not-maxpool-bellman", r"V_s = \max_{a \in A_s} Q_{s,a}", set(), {"max_pool"}),
    # a max over a fixed set of actions
    ("not-maxpool-fixed-set", r"V = \max_{a \in A} Q_{a}", set(), {"max_pool"}),
]

ALGEBRA: list[tuple[str, str, set[str], set[str]]] = [
    # Vaswani et al. 2017, footnote 4
    (
        "dot-vaswani",
        r"q \cdot k = \sum_{i=1}^{d_k} q_i k_i",
        {"dot_product"},
        {"scaled_dot_product_attention", "cosine_similarity", "bilinear_form"},
    ),
    # Bahdanau, Cho & Bengio 2015, sec. 3.2: the forward and backward annotations stacked
    (
        "concat-bahdanau",
        r"h_j = \left[\overrightarrow{h}_j^\top ; \overleftarrow{h}_j^\top\right]^\top",
        {"concatenation"},
        {"residual", "permutation"},
    ),
    # Olah, "Understanding LSTM Networks": the gate's input is the stacked state and input
    (
        "concat-olah-gate",
        r"f_t = \sigma(W_f \cdot [h_{t-1}, x_t] + b_f)",
        {"concatenation", "linear_layer"},
        {"dot_product"},
    ),
    # an interval of two names: nothing says vectors
    ("not-concat-interval", r"\left[a, b\right]", set(), {"concatenation"}),
    # a vector assigned a weighted sum of vectors is no dot product
    ("not-dot-vector-sum", r"\mathbf{h} = \sum_{i=1}^{n} a_i x_i", {"weighted_sum"}, {"dot_product"}),
    # permutation matrix defined entry by entry (linear algebra notes)
    (
        "perm-entry-cases",
        r"P_{ij} = \begin{cases} 1 & \text{if } j = \pi(i) \\ 0 & \text{otherwise} \end{cases}",
        {"permutation", "indicator"},
        {"softmax", "hard_sigmoid"},
    ),
    # a one-hot target matrix: one 1 per row at the label c(n), not a reordering (Bishop 4.3.4's T)
    (
        "not-perm-one-hot",
        r"T_{nk} = \begin{cases} 1 & \text{if } k = c(n) \\ 0 & \text{otherwise} \end{cases}",
        {"indicator"},
        {"permutation"},
    ),
    # Gundersen, "The Log-Sum-Exp Trick": softmax through the log-sum-exp
    (
        "softmax-lse-trick",
        r"\operatorname{softmax}(x_i) = \exp\left(x_i - \operatorname{LSE}(x_1, \dots, x_N)\right)",
        {"softmax", "logsumexp"},
        {"sigmoid"},
    ),
    # the same with the vector named
    (
        "softmax-logsumexp-vector",
        r"p_i = \exp\left(x_i - \operatorname{logsumexp}(\mathbf{x})\right)",
        {"softmax"},
        {"sigmoid"},
    ),
    # Gundersen: log-softmax as the score minus LSE
    (
        "logsoftmax-lse",
        r"\log p_i = x_i - \operatorname{LSE}(x_1, \dots, x_N)",
        {"log_softmax", "logsumexp"},
        {"softmax"},
    ),
    # the exponent's score is not of the family the LSE runs over
    (
        "not-softmax-other-family",
        r"p_i = \exp\left(y_i - \operatorname{logsumexp}(\mathbf{x})\right)",
        set(),
        {"softmax", "log_softmax"},
    ),
    # cs224n (Winter 2023) self-attention per query: the weights on one line, the average on the next
    (
        "attn-cs224n-two-lines",
        r"\alpha_{ij} = \frac{\exp(q_i^\top k_j)}{\sum_{j'} \exp(q_i^\top k_{j'})}, \quad o_i = \sum_j \alpha_{ij} v_j",
        {"scaled_dot_product_attention", "softmax"},
        {"additive_attention"},
    ),
    # Bahdanau et al. 2015, eq. 5-6: the scores e_ij come from a network, no dot products
    (
        "not-attn-bahdanau-scores",
        r"\alpha_{ij} = \frac{\exp(e_{ij})}{\sum_{k} \exp(e_{ik})}, \quad c_i = \sum_j \alpha_{ij} h_j",
        {"softmax", "weighted_average"},
        {"scaled_dot_product_attention"},
    ),
]

ACTIVATIONS: list[tuple[str, str, set[str], set[str]]] = [
    # Ramachandran, Zoph & Le 2017: Swish-β written out
    (
        "silu-swish-beta",
        r"f(x) = x \cdot \sigma(\beta x) = \frac{x}{1 + e^{-\beta x}}",
        {"silu"},
        {"gelu", "softplus"},
    ),
    # Hendrycks & Gimpel 2016: the sigmoid approximation of GELU
    ("not-silu-gelu-approx", r"f(x) = x\sigma(1.702x)", {"gelu"}, {"silu"}),
    # a sigmoid with a slope, no input in front
    ("not-silu-plain-sigmoid", r"f(x) = \frac{1}{1 + e^{-\beta x}}", {"sigmoid"}, {"silu"}),
    # Karpathy, min-char-rnn.py: backprop through tanh written with its output h
    (
        "tanh-karpathy",
        r"\delta h_{raw} = (1 - h_t \odot h_t) \odot \delta h",
        {"tanh_derivative", "delta_rule"},
        {"sigmoid_derivative", "gru"},
    ),
    # the same line with the error spelled \delta^{raw}
    (
        "tanh-karpathy-superscript",
        r"\delta^{\text{raw}}_t = \left(1 - h_t \odot h_t\right) \odot \delta h_t",
        {"tanh_derivative"},
        {"sigmoid_derivative", "variance"},
    ),
    # deeplearning.ai Course 1, week 3 (tanh hidden layer): dZ1 = W2ᵀ dZ2 * (1 − A1²)
    (
        "tanh-ng-hidden",
        r"dZ^{[1]} = W^{[2]T} dZ^{[2]} * (1 - A^{[1]} * A^{[1]})",
        {"tanh_derivative", "delta_rule"},
        {"sigmoid_derivative"},
    ),
    # deeplearning.ai Course 1, week 4: backward propagation for layer l
    (
        "delta-ng-layer",
        r"dZ^{[l]} = dA^{[l]} * g^{[l]\prime}(Z^{[l]}) \\ dW^{[l]} = \frac{1}{m} dZ^{[l]} A^{[l-1]T} \\ "
        r"dA^{[l-1]} = W^{[l]T} dZ^{[l]}",
        {"delta_rule", "chain_rule"},
        {"normalization", "gradient_descent_step"},
    ),
    # Nielsen ch. 2, eq. (BP4): the weight's gradient, the chain rule through the weighted input
    (
        "bp4-chain-rule",
        r"\frac{\partial C}{\partial w^l_{jk}} = a^{l-1}_k \delta^l_j",
        {"chain_rule", "delta_rule"},
        {"gradient_descent_step", "sigmoid_derivative"},
    ),
    # dev19 trap (constructed): 0.01 times a ReLU, negatives still zeroed, no leaky ReLU
    (
        "relu-scaled-piecewise",
        r"f(x) = \begin{cases} 0.01x & x > 0 \\ 0 & x \le 0 \end{cases}",
        {"relu"},
        {"leaky_relu", "prelu"},
    ),
    # the leaky ReLU it is not
    (
        "leaky-relu-piecewise",
        r"f(x) = \begin{cases} x & x > 0 \\ 0.01x & x \le 0 \end{cases}",
        {"leaky_relu"},
        {"relu"},
    ),
    # a negative scale flips the sign: no ReLU
    ("not-relu-negative-scale", r"f(x) = \begin{cases} -2x & x > 0 \\ 0 & x \le 0 \end{cases}", set(), {"relu"}),
    # 1 − x⊙x times a weight, nothing computes an error: no tanh
    (
        "not-tanh-no-error",
        r"\mathbf{y} = (1 - \mathbf{x} \odot \mathbf{x}) \odot \mathbf{w}",
        set(),
        {"tanh_derivative", "delta_rule"},
    ),
]


@pytest.mark.parametrize(
    ("case", "latex", "want", "avoid"),
    NORM + LAYERS + ALGEBRA + ACTIVATIONS,
    ids=[r[0] for r in NORM + LAYERS + ALGEBRA + ACTIVATIONS],
)
def test_case(case: str, latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)
