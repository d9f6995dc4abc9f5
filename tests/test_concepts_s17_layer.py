"""Session 17, task layer: layers, recurrent cells, attention and normalisation on real notation.

Each row is ``(case id, latex, must-name, must-not-name)`` through ``symdl.parse`` + ``symdl.chunk.explain``; the
comment on each row says where that notation is published.  The look-alikes beside each class keep it honest.
"""

from __future__ import annotations

import pytest

from tests.concept_cases import assert_concepts, chunk_of

CASES: list[tuple[str, str, set[str], set[str]]] = [
    # --- linear_layer: a batch of rows times the weights, the bias a row added to every row
    # d2l 3.1 / 4.1 (softmax regression, one example per row)
    ("lin-d2l-rows", r"\mathbf{O} = \mathbf{X}\mathbf{W} + \mathbf{b}", {"linear_layer"}, {"residual"}),
    # d2l 5.1 (MLP hidden layer)
    (
        "lin-d2l-mlp",
        r"\mathbf{H} = \sigma(\mathbf{X} \mathbf{W}^{(1)} + \mathbf{b}^{(1)})",
        {"linear_layer"},  # d2l's σ is any activation: the sigmoid is a guess (sigma-activation, guessed_concepts)
        {"rnn_cell", "lstm_gate"},
    ),
    # look-alike: a Gram matrix is a product of data with itself, no layer
    (
        "not-lin-gram",
        r"\mathbf{G} = \mathbf{X}\mathbf{X}^\top",
        set(),
        {"linear_layer", "scaled_dot_product_attention"},
    ),
    # --- residual, bold: the block read as the vector value of an unknown call
    # He et al. 2016, eq. 1
    ("res-he-bold", r"\mathbf{y} = \mathcal{F}(\mathbf{x}, \{W_i\}) + \mathbf{x}", {"residual"}, set()),
    # He et al. 2016, eq. 2 (projection shortcut)
    ("res-he-projection", r"\mathbf{y} = \mathcal{F}(\mathbf{x}, \{W_i\}) + W_s \mathbf{x}", {"residual"}, set()),
    # He et al. 2016b (identity mappings), eq. 3 written per unit
    (
        "res-he-identity",
        r"\mathbf{x}_{l+1} = \mathbf{x}_l + \mathcal{F}(\mathbf{x}_l, \mathcal{W}_l)",
        {"residual"},
        {"gradient_descent_step"},
    ),
    # Chen et al. 2018 (Neural ODE), eq. 1
    ("res-odenet-bold", r"\mathbf{h}_{t+1} = \mathbf{h}_t + f(\mathbf{h}_t, \theta_t)", {"residual"}, {"rnn_cell"}),
    # Dosovitskiy et al. 2021 (ViT), eqs. 2-3
    (
        "res-vit-msa",
        r"\mathbf{z}'_\ell = \mathrm{MSA}(\mathrm{LN}(\mathbf{z}_{\ell-1})) + \mathbf{z}_{\ell-1}",
        {"residual"},
        set(),
    ),
    (
        "res-vit-mlp",
        r"\mathbf{z}_\ell = \mathrm{MLP}(\mathrm{LN}(\mathbf{z}'_\ell)) + \mathbf{z}'_\ell",
        {"residual"},
        set(),
    ),
    # Vaswani et al. 2017, 5.4 (dropout on the sublayer output, then the residual), in bold
    (
        "res-dropout-sublayer",
        r"\mathbf{z} = \mathbf{x} + \mathrm{Dropout}(\mathrm{Sublayer}(\mathbf{x}))",
        {"residual", "dropout"},
        set(),
    ),
    # Vaswani et al. 2017, 3.1 (post-LN), in bold
    (
        "res-postln-bold",
        r"\mathbf{y} = \mathrm{LayerNorm}(\mathbf{x} + \mathrm{Sublayer}(\mathbf{x}))",
        {"residual", "layer_norm"},
        set(),
    ),
    # look-alikes: a feature map beside a projection, an activation of x added to x, a named activation
    ("not-res-feature-map", r"\mathbf{y} = \boldsymbol{\phi}(\mathbf{x}) + \mathbf{W} \mathbf{x}", set(), {"residual"}),
    ("not-res-entrywise", r"\mathbf{y} = \mathbf{x} + f(\mathbf{x})", set(), {"residual"}),
    ("not-res-gelu", r"\mathbf{y} = \mathbf{x} + \mathrm{GELU}(\mathbf{x})", {"gelu"}, {"residual"}),
    ("not-res-gd", r"\theta_{t+1} = \theta_t - \eta \nabla_\theta L(\theta_t)", set(), {"residual"}),
    # --- dropout
    # Srivastava et al. 2014, eq. for the thinned output (bold, * as the element-wise product)
    (
        "drop-srivastava-bold",
        r"\tilde{\mathbf{y}}^{(l)} = \mathbf{r}^{(l)} * \mathbf{y}^{(l)}, \quad r_j^{(l)} \sim \mathrm{Bernoulli}(p)",
        {"dropout"},
        set(),
    ),
    # inverted dropout (cs231n notes; d2l 5.6): mask times input, divided by the keep probability
    ("drop-inverted-frac", r"\mathbf{h} = \frac{\mathbf{m} \odot \mathbf{x}}{1 - p}", {"dropout"}, set()),
    # look-alikes: a weighted input divided by 1 - p; the odds; a Bernoulli label model
    ("not-drop-matmul", r"\mathbf{h} = \frac{\mathbf{W} \mathbf{x}}{1 - p}", set(), {"dropout"}),
    ("not-drop-odds", r"o = \frac{p}{1 - p}", set(), {"dropout"}),
    ("not-drop-label", r"y \sim \mathrm{Bernoulli}(\sigma(w^\top x))", set(), {"dropout"}),
    # --- gru: Olah's scalar form with the gate's complement first
    # Olah 2015, "Understanding LSTM Networks", GRU figure
    ("gru-olah-star", r"h_t = (1 - z_t) * h_{t-1} + z_t * \tilde{h}_t", {"gru"}, {"lstm_cell", "ema"}),
    # look-alikes: EMA with a Greek or a Latin constant decay
    ("not-gru-ema-hat", r"\hat{x}_t = \alpha x_t + (1 - \alpha) \hat{x}_{t-1}", {"ema"}, {"gru"}),
    ("not-gru-latin-decay", r"v_t = a v_{t-1} + (1 - a) g_t", set(), {"gru"}),
    ("not-gru-lerp", r"p = (1 - t) a + t b", set(), {"gru", "ema"}),
    # --- recurrent cells entry by entry, the step a parenthesised superscript (Goodfellow et al. 2016, 10.10)
    # Goodfellow eq. 10.40 (LSTM cell state)
    (
        "lstm-cell-goodfellow-entries",
        r"s_i^{(t)} = f_i^{(t)} s_i^{(t-1)} + g_i^{(t)} \sigma\left(b_i + \sum_j U_{i,j} x_j^{(t)} + \sum_j W_{i,j} "
        r"h_j^{(t-1)}\right)",
        {"lstm_cell"},
        {"gru", "rnn_cell"},
    ),
    # Goodfellow eq. 10.41 (forget gate)
    (
        "lstm-gate-goodfellow-entries",
        r"f_i^{(t)} = \sigma\left(b_i^f + \sum_j U_{i,j}^f x_j^{(t)} + \sum_j W_{i,j}^f h_j^{(t-1)}\right)",
        {"lstm_gate"},
        {"rnn_cell"},
    ),
    # Goodfellow eq. 10.45 (GRU state, the update gate at the previous step)
    (
        "gru-goodfellow-entries",
        r"h_i^{(t)} = u_i^{(t-1)} h_i^{(t-1)} + (1 - u_i^{(t-1)}) \sigma\left(b_i + \sum_j U_{i,j} x_j^{(t)} + "
        r"\sum_j W_{i,j} r_j^{(t-1)} h_j^{(t-1)}\right)",
        {"gru"},
        {"lstm_cell", "ema"},
    ),
    # Goodfellow 10.2 written entry by entry (an Elman cell)
    (
        "rnn-goodfellow-entries",
        r"h_i^{(t)} = \tanh\left(b_i + \sum_j U_{i,j} x_j^{(t)} + \sum_j W_{i,j} h_j^{(t-1)}\right)",
        {"rnn_cell"},
        {"lstm_gate"},
    ),
    # Cho et al. 2014, eqs. 5-8 (gates defined above the interpolation, steps in angle brackets)
    (
        "gru-cho-system",
        r"r_j = \sigma\left([\mathbf{W}_r\mathbf{x}]_j + [\mathbf{U}_r \mathbf{h}_{\langle t-1 \rangle}]_j\right) \\ "
        r"z_j = \sigma\left([\mathbf{W}_z\mathbf{x}]_j + [\mathbf{U}_z \mathbf{h}_{\langle t-1 \rangle}]_j\right) \\ "
        r"\tilde{h}_j^{\langle t \rangle} = \phi\left([\mathbf{W}\mathbf{x}]_j + [\mathbf{U}(\mathbf{r} \odot "
        r"\mathbf{h}_{\langle t-1 \rangle})]_j\right) \\ "
        r"h_j^{\langle t \rangle} = z_j h_j^{\langle t-1 \rangle} + (1 - z_j)\tilde{h}_j^{\langle t \rangle}",
        {"gru"},
        {"lstm_cell", "ema"},
    ),
    # look-alikes: an EMA and a constant-coefficient recursion entry by entry; an SGD step on a weight entry
    ("not-gru-ema-entries", r"a_i^{(t)} = \beta a_i^{(t-1)} + (1-\beta) x_i^{(t)}", set(), {"gru", "lstm_cell"}),
    ("not-cell-latin-entries", r"x_i^{(t)} = a x_i^{(t-1)} + b g_i^{(t)}", set(), {"gru", "lstm_cell"}),
    (
        "not-lin-update-entries",
        r"w_i^{(t)} = w_i^{(t-1)} - \eta \sum_j x_j^{(t)} e_{ij}",
        set(),
        {"linear_layer", "rnn_cell"},
    ),
    # --- attention
    # masked attention (Vaswani et al. 2017, 3.2.3 decoder mask; The Annotated Transformer)
    (
        "att-masked",
        r"\mathrm{softmax}\left(\frac{QK^T}{\sqrt{d_k}} + M\right)V",
        {"scaled_dot_product_attention"},
        set(),
    ),
    # Luong et al. 2015, eq. 8 (concat score)
    (
        "add-luong-concat",
        r"\mathrm{score}(h_t, \bar{h}_s) = v_a^\top \tanh(W_a [h_t; \bar{h}_s])",
        {"additive_attention"},
        set(),
    ),
    # look-alikes: Luong's general (bilinear) and dot scores; a softmax classifier
    (
        "not-add-luong-general",
        r"\mathrm{score}(h_t, \bar{h}_s) = h_t^\top W_a \bar{h}_s",
        set(),
        {"additive_attention"},
    ),
    (
        "not-add-luong-dot",
        r"\mathrm{score}(h_t, \bar{h}_s) = h_t^\top \bar{h}_s",
        set(),
        {"additive_attention", "scaled_dot_product_attention"},
    ),
    ("not-att-softmax-linear", r"\hat{y} = \mathrm{softmax}(W x + b)", {"softmax"}, {"scaled_dot_product_attention"}),
    # Su et al. 2021 (RoFormer), eq. 13: the rotation applied to the projected pair
    (
        "rope-2d-projected",
        r"f_{q,k}(\mathbf{x}_m, m) = \begin{pmatrix} \cos m\theta & -\sin m\theta \\ \sin m\theta & \cos m\theta "
        r"\end{pmatrix} \begin{pmatrix} W^{(11)}_{q,k} & W^{(12)}_{q,k} \\ W^{(21)}_{q,k} & W^{(22)}_{q,k} \end{pmatrix} "
        r"\begin{pmatrix} x^{(1)}_m \\ x^{(2)}_m \end{pmatrix}",
        {"rotary_embedding"},
        {"positional_encoding"},
    ),
    # --- batch_norm: Ioffe & Szegedy's normalise line quoted alone
    # Ioffe & Szegedy 2015, Algorithm 1, line 3
    (
        "bn-ioffe-normalise",
        r"\hat{x}_i \leftarrow \frac{x_i - \mu_\mathcal{B}}{\sqrt{\sigma_\mathcal{B}^2 + \epsilon}}",
        {"batch_norm"},
        {"layer_norm"},
    ),
    # look-alikes: only the mean is a batch statistic; a plain z-score
    ("not-bn-one-subscript", r"\hat{x}_i = \frac{x_i - \mu_B}{\sigma}", set(), {"batch_norm", "layer_norm"}),
    ("not-bn-zscore", r"z = \frac{x - \mu}{\sigma}", set(), {"batch_norm", "layer_norm", "group_norm"}),
]


@pytest.mark.parametrize(("cid", "latex", "want", "avoid"), CASES, ids=[c[0] for c in CASES])
def test_s17_layer_concepts(cid: str, latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)


def test_row_bias_layer_roles() -> None:
    """d2l's X W + b: W is the weight matrix and X the input (rows are examples), b the bias row."""
    chunk = chunk_of(r"\mathbf{O} = \mathbf{X}\mathbf{W} + \mathbf{b}", "linear_layer")
    roles = {r: str(e) for r, e in chunk.roles}
    assert (roles["weights"], roles["input"], roles["bias"]) == ("W", "X", "b")


def test_projection_shortcut_roles() -> None:
    """He et al.'s eq. 2: the projection W_s is its own role beside the input and the block."""
    chunk = chunk_of(r"\mathbf{y} = \mathcal{F}(\mathbf{x}, \{W_i\}) + W_s \mathbf{x}", "residual")
    roles = {r: str(e) for r, e in chunk.roles}
    assert roles["input"] == "x" and roles["projection"] == "W_s"


def test_masked_attention_mask_role() -> None:
    chunk = chunk_of(r"\mathrm{softmax}\left(\frac{QK^T}{\sqrt{d_k}} + M\right)V", "scaled_dot_product_attention")
    assert dict(chunk.roles)["mask"].name == "M"
