"""Round 2 of issue 14 (layers, attention, backprop calculus, activations): gaps a development sample found.

Each row is ``(case id, latex, must-name, must-not-name)`` through ``symdl.parse`` + ``symdl.chunk.explain``; the
comment on each row says where that notation is published.  Each fixed class has the dev formula's notation, at least
one other published notation of the same idea, and a look-alike that must not be named.
"""

from __future__ import annotations

import pytest

import symdl
from tests.concept_cases import assert_concepts, chunk_of

CASES: list[tuple[str, str, set[str], set[str]]] = [
    # --- attention: the row-wise softmax is a block of its own inside attention
    # Vaswani et al. 2017, eq. 1
    ("sdpa-vaswani", r"\mathrm{Attention}(Q, K, V) = \mathrm{softmax}\left(\frac{QK^T}{\sqrt{d_k}}\right)V",
     {"scaled_dot_product_attention", "softmax"}, set()),
    # d2l 11.3 (bold, \top, scale √d)
    ("sdpa-d2l", r"\mathrm{softmax}\left(\frac{\mathbf Q \mathbf K^\top }{\sqrt{d}}\right) \mathbf V",
     {"scaled_dot_product_attention", "softmax"}, set()),
    # Vaswani et al. 2017's attention on projections with no head index (session 24: one attention, named scaled
    # dot-product attention; multi-head needs heads: head_i, W_i^Q)
    ("mha-head-softmax", r"H = \mathrm{softmax}\left(\frac{Q W^Q (K W^K)^T}{\sqrt{d_k}}\right) V W^V",
     {"scaled_dot_product_attention", "softmax"}, {"multi_head_attention"}),
    ("not-sdpa-plain-product", r"Y = \mathrm{softmax}(X W) V", {"softmax"}, {"scaled_dot_product_attention"}),
    # --- dot_product: a scaled qᵀk is still a dot product; vᵀ tanh(...) is additive attention's, not a similarity
    # d2l 11.3.2 (scaled dot-product scoring function)
    ("dot-d2l-scaled", r"a(\mathbf q, \mathbf k) = \mathbf{q}^\top \mathbf{k}  /\sqrt{d}", {"dot_product"}, set()),
    # Luong et al. 2015 "dot" score
    ("dot-luong", r"\mathrm{score}(\mathbf{h}_t, \mathbf{s}) = \mathbf{h}_t^\top \mathbf{s}", {"dot_product"}, set()),
    ("not-dot-norm", r"n = \mathbf{x}^\top \mathbf{x} / 2", set(), {"dot_product"}),
    # d2l 11.3.1 (additive attention)
    ("additive-d2l", r"a(\mathbf q, \mathbf k) = \mathbf w_v^\top \tanh(\mathbf W_q\mathbf q + \mathbf W_k \mathbf k) "
     r"\in \mathbb{R}", {"additive_attention"}, {"dot_product"}),
    # Luong et al. 2015 "concat" score
    ("additive-luong-concat", r"\mathrm{score}(\boldsymbol{h}_t, \bar{\boldsymbol{h}}_s) = \boldsymbol{v}_a^\top "
     r"\tanh\left(\boldsymbol{W}_a [\boldsymbol{h}_t; \bar{\boldsymbol{h}}_s]\right)",
     {"additive_attention", "concatenation"}, {"dot_product"}),
    # --- cosine_similarity with PyTorch's floored denominator (the scaled dot product keeps its scale's norms)
    # PyTorch nn.CosineSimilarity docs
    ("cos-pytorch-eps", r"\text{similarity} = \dfrac{x_1 \cdot x_2}{\max(\Vert x_1 \Vert _2 \cdot \Vert x_2 "
     r"\Vert _2, \epsilon)}", {"cosine_similarity", "l2_norm"}, set()),
    # Wikipedia "Cosine similarity"
    ("cos-wikipedia", r"\cos\theta = \frac{\mathbf{a}^\top \mathbf{b}}{\|\mathbf{a}\| \|\mathbf{b}\|}",
     {"cosine_similarity"}, set()),
    ("not-cos-one-norm", r"a = \frac{\mathbf{q}^\top \mathbf{k}}{\max(\|\mathbf{q}\|, \epsilon)}",
     {"dot_product", "l2_norm"}, {"cosine_similarity"}),
    # --- softmax_jacobian: identity-entry and cases forms
    # Bishop PRML 4.106 (I_{kj} the identity's entries)
    ("smj-bishop-identity", r"\frac{\partial y_k}{\partial a_j} = y_k (I_{kj} - y_j)", {"softmax_jacobian"}, set()),
    # Eli Bendersky, "The Softmax function and its derivative" (cases)
    ("smj-bendersky-cases", r"\frac{\partial S_i}{\partial a_j} = \begin{cases} S_i(1 - S_j) & i = j \\ -S_j S_i "
     r"& i \neq j \end{cases}", {"softmax_jacobian"}, set()),
    # Wikipedia "Softmax function" (Kronecker delta, one-name S_i)
    ("smj-wikipedia-delta", r"\frac{\partial S_i}{\partial z_j} = S_i(\delta_{ij} - S_j)", {"softmax_jacobian"},
     set()),
    ("not-smj-other-matrix", r"\frac{\partial y_k}{\partial a_j} = y_k (W_{kj} - y_j) + 1", set(),
     {"softmax_jacobian"}),
    ("not-smj-cases-sign", r"\frac{\partial S_i}{\partial a_j} = \begin{cases} S_i(1 - S_j) & i = j \\ S_j S_i "
     r"& i \neq j \end{cases}", set(), {"softmax_jacobian"}),
    # --- sigmoid_derivative / tanh_derivative stated in the function's own value
    # Nielsen ch. 3 / common course notes: dσ/da = σ(1 − σ)
    ("sigd-own-value", r"\frac{d\sigma}{da} = \sigma(1 - \sigma)", {"sigmoid_derivative"}, set()),
    # Goodfellow 6.3.2 / Nielsen (explicit sigmoid)
    ("sigd-explicit", r"\sigma'(x) = \sigma(x)(1-\sigma(x))", {"sigmoid_derivative"}, set()),
    ("not-sigd-bernoulli-variance", r"v = p(1 - p)", set(), {"sigmoid_derivative"}),
    ("not-sigd-other-slope", r"\frac{d\sigma}{da} = \sigma(1 + \sigma)", set(), {"sigmoid_derivative"}),
    # Bishop PRML 5.60: h'(a) = 1 − h(a)²
    ("tanhd-bishop", r"h'(a) = 1 - h(a)^2", {"tanh_derivative"}, set()),
    # Leibniz form with a bare name
    ("tanhd-leibniz", r"\frac{dy}{dx} = 1 - y^2", {"tanh_derivative"}, set()),
    ("not-tanhd-no-derivative", r"q = 1 - h(a)^2", set(), {"tanh_derivative"}),
    # --- delta_rule written per unit
    # Bishop PRML 5.56 and 5.65 (with tanh's slope in the output)
    ("delta-bishop-tanh", r"h'(a) = 1 - h(a)^2 \\ \delta_j = (1 - z_j^2) \sum_{k=1}^{K} w_{kj} \delta_k",
     {"delta_rule", "tanh_derivative"}, set()),
    ("delta-bishop-general", r"\delta_j = h'(a_j) \sum_k w_{kj} \delta_k", {"delta_rule"}, set()),
    ("not-delta-forward", r"y_j = x_j \sum_k w_{jk} y_k", set(), {"delta_rule"}),
    ("not-delta-forward-sum", r"a_j = \sum_i w_{ji} z_i", set(), {"delta_rule"}),
    # --- chain_rule
    # d2l 9.7.1 (BPTT: o_t = g(h_t, w_o) written as a named function)
    ("chain-d2l-bptt", r"\frac{\partial L}{\partial w_\textrm{h}} = \frac{1}{T}\sum_{t=1}^T \frac{\partial l(y_t, o_t)}"
     r"{\partial w_\textrm{h}} = \frac{1}{T}\sum_{t=1}^T \frac{\partial l(y_t, o_t)}{\partial o_t} "
     r"\frac{\partial g(h_t, w_\textrm{o})}{\partial h_t} \frac{\partial h_{t}}{\partial w_\textrm{h}}",
     {"chain_rule"}, set()),
    # Salimans & Kingma 2016, eq. 3 (weight normalisation's gradients)
    ("chain-weightnorm", r"\nabla_g L = \frac{\nabla_{\mathbf{w}} L \cdot \mathbf{v}}{\|\mathbf{v}\|}, \qquad "
     r"\nabla_{\mathbf{v}} L = \frac{g}{\|\mathbf{v}\|}\nabla_{\mathbf{w}} L - \frac{g \nabla_g L}{\|\mathbf{v}\|^2}"
     r"\mathbf{v}", {"chain_rule"}, set()),
    # cs231n backprop notes: a layer's backward pass
    ("chain-backward-pass", r"\frac{\partial L}{\partial x} = W^T \frac{\partial L}{\partial y}", {"chain_rule"}, set()),
    ("not-chain-penalty", r"\nabla_w J = \nabla_w L + \lambda w", set(), {"chain_rule"}),
    ("not-chain-unlinked", r"\frac{\partial L}{\partial w} = \frac{\partial L}{\partial o} \frac{\partial g(h)}"
     r"{\partial h} \frac{\partial q}{\partial w}", set(), {"chain_rule"}),
    # --- gru with the PyTorch docs' parenthesised step h_{(t-1)}
    # PyTorch nn.GRU docs
    ("gru-pytorch-paren", r"r_t = \sigma(W_{ir} x_t + b_{ir} + W_{hr} h_{(t-1)} + b_{hr}) \\ z_t = \sigma(W_{iz} x_t + "
     r"b_{iz} + W_{hz} h_{(t-1)} + b_{hz}) \\ n_t = \tanh(W_{in} x_t + b_{in} + r_t \odot (W_{hn} h_{(t-1)}+ b_{hn})) "
     r"\\ h_t = (1 - z_t) \odot n_t + z_t \odot h_{(t-1)}", {"gru"}, set()),
    # d2l 10.2 (row vectors, candidate H̃)
    ("gru-d2l", r"H_t = Z_t \odot H_{t-1} + (1 - Z_t) \odot \tilde{H}_t", {"gru"}, set()),
    ("not-gru-lstm-cell", r"c_t = f_t \odot c_{(t-1)} + i_t \odot g_t", set(), {"gru"}),
    # --- residual
    # He et al. 2016b "Identity mappings", eq. 4 (unrolled)
    ("res-unrolled-he", r"\mathbf{x}_{L} = \mathbf{x}_{l} + \sum_{i=l}^{L-1} \mathcal{F}(\mathbf{x}_{i}, "
     r"\mathcal{W}_{i})", {"residual"}, set()),
    ("res-unrolled-plain", r"x_L = x_l + \sum_{i=l}^{L-1} F(x_i, W_i)", {"residual"}, set()),
    # Xiong et al. 2020 "On layer normalization in the Transformer" (pre-LN)
    ("res-pre-ln", r"x_{l+1} = x_l + \mathcal{F}\left(\mathrm{LN}(x_l)\right)", {"residual", "layer_norm"}, set()),
    # Vaswani et al. 2017 (post-LN, named LayerNorm)
    ("res-post-ln", r"y = \mathrm{LayerNorm}(x + \mathrm{Sublayer}(x))", {"residual", "layer_norm"}, set()),
    ("not-res-unrolled-other-start", r"x_L = x_l + \sum_{i=1}^{L-1} F(x_i, W_i)", set(), {"residual"}),
    ("not-res-plain-sum", r"y = x_l + \sum_{i=l}^{L-1} x_i", set(), {"residual"}),
    ("ln-is-log", r"y = \ln(x) + \mathrm{ln}(z)", set(), {"layer_norm"}),
    # --- avg_pool
    # PyTorch nn.AvgPool2d docs (strides as constant entries)
    ("avgpool-pytorch", r"out(N_i, C_j, h, w) = \frac{1}{kH * kW} \sum_{m=0}^{kH-1} \sum_{n=0}^{kW-1} input(N_i, C_j, "
     r"stride[0] \times h + m, stride[1] \times w + n)", {"avg_pool"}, set()),
    # Hu et al. 2018, squeeze-and-excitation eq. 2 (global average pooling)
    ("avgpool-se-squeeze", r"z_c = \mathbf{F}_{sq}(\mathbf{u}_c) = \frac{1}{H \times W}\sum_{i=1}^{H}\sum_{j=1}^{W} "
     r"u_c(i, j)", {"avg_pool", "mean"}, set()),
    # Lin et al. 2014 "Network in network" style, indexed entries
    ("avgpool-global-indexed", r"g_c = \frac{1}{HW}\sum_{h=1}^{H}\sum_{w=1}^{W} x_{c,h,w}", {"avg_pool"}, set()),
    ("not-avgpool-product", r"m = \frac{1}{NK}\sum_{i=1}^{N}\sum_{k=1}^{K} y_i p_k", set(), {"avg_pool"}),
    ("not-avgpool-one-index", r"m = \frac{1}{N}\sum_{i=1}^{N} x_i", {"mean"}, {"avg_pool"}),
    # --- linear_layer: one unit's scalar w a + b inside an activation
    # Nielsen ch. 1, eq. 22
    ("linear-nielsen-scalar", r"a' = \sigma(w a + b)", {"linear_layer"}, set()),  # σ: a guess (sigma-activation)
    # Ng's single neuron z = w x + b (Coursera DL, logistic regression)
    ("linear-ng-scalar", r"z = w x + b", {"linear_layer"}, set()),
    ("not-linear-algebra", r"y = (a + b c)^2", set(), {"linear_layer"}),
    ("not-linear-update", r"v = \beta v + g", set(), {"linear_layer"}),
    ("not-linear-log", r"y = \log(w x + b)", set(), {"linear_layer"}),
    # --- selu / elu in the PyTorch docs' max/min form
    # PyTorch nn.SELU docs
    ("selu-pytorch", r"\text{SELU}(x) = \text{scale} * (\max(0,x) + \min(0, \alpha * (\exp(x) - 1))), \quad \alpha = "
     r"1.6732632423543772848170429916717, \quad \text{scale} = 1.0507009873554804934193349852946", {"selu"},
     {"relu"}),
    # Klambauer et al. 2017, eq. 2 (cases)
    ("selu-klambauer", r"\mathrm{selu}(x) = \lambda \begin{cases} x & x > 0 \\ \alpha e^x - \alpha & x \leq 0 "
     r"\end{cases}", {"selu"}, set()),
    # PyTorch nn.ELU docs
    ("elu-pytorch", r"\text{ELU}(x) = \max(0,x) + \min(0, \alpha * (\exp(x) - 1))", {"elu"}, {"relu", "selu"}),
    ("not-elu-prelu", r"y = \max(0,x) + a \min(0, x)", set(), {"elu", "selu"}),
    # --- softplus shifted
    # Schütt et al. 2017 (SchNet), shifted softplus
    ("softplus-shifted-schnet", r"\mathrm{ssp}(x) = \ln(0.5 e^{x} + 0.5)", {"softplus"}, set()),
    # the same with fractions
    ("softplus-shifted-frac", r"y = \log\left(\frac{1}{2} e^{x} + \frac{1}{2}\right)", {"softplus"}, set()),
    # Goodfellow 3.10
    ("softplus-goodfellow", r"\zeta(x) = \log(1 + \exp(x))", {"softplus"}, set()),
    ("not-softplus-unequal", r"y = \log(0.5 e^{x} + 0.3)", set(), {"softplus"}),
    # --- glu
    # PyTorch nn.GLU docs (the two halves)
    ("glu-pytorch-halves", r"\text{GLU}(a, b)= a \otimes \sigma(b)", {"glu"}, set()),
    # Dauphin et al. 2017, eq. 1
    ("glu-dauphin", r"h = (X W + b) \odot \sigma(X V + c)", {"glu"}, set()),
    ("not-glu-tanh", r"f(\mathbf{a}, \mathbf{b}) = \mathbf{a} \odot \tanh(\mathbf{b})", set(), {"glu"}),
    ("not-glu-free", r"h = \mathbf{a} \odot \sigma(\mathbf{b})", set(), {"glu"}),
]


@pytest.mark.parametrize(("latex", "want", "avoid"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_r2_layer2_case(latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)


_match = chunk_of


def test_attention_softmax_is_its_weights() -> None:
    chunk = _match(r"\mathrm{softmax}\left(\frac{QK^T}{\sqrt{d_k}}\right)V", "scaled_dot_product_attention")
    assert [c.concept for c in chunk.children] == ["softmax"]
    assert chunk.children[0].role == "weights"


def test_scaled_dot_product_scale() -> None:
    chunk = _match(r"a = \mathbf{q}^\top \mathbf{k} / \sqrt{d}", "dot_product")
    assert "sqrt{d}" in chunk.note


def test_selu_constants() -> None:
    chunk = _match(r"y = \lambda(\max(0,x) + \min(0, \alpha (e^x - 1)))", "selu")
    assert str(dict(chunk.params)["alpha"]) == "alpha"


def test_shifted_softplus_note() -> None:
    chunk = _match(r"\mathrm{ssp}(x) = \ln(0.5 e^{x} + 0.5)", "softplus")
    assert chunk.name == "shifted softplus"
    assert "SchNet" in chunk.note


def test_global_pool_note() -> None:
    assert "global average pooling" in _match(r"z = \frac{1}{HW}\sum_{i=1}^{H}\sum_{j=1}^{W} u(i, j)", "avg_pool").note


def test_delta_rule_slope() -> None:
    chunk = _match(r"\delta_j = (1 - z_j^2) \sum_{k=1}^{K} w_{kj} \delta_k", "delta_rule")
    assert str(dict(chunk.params)["slope"]) == "1 - z[j]**2"


def test_parenthesised_step_is_previous() -> None:
    f = symdl.parse(r"h_t = (1 - z_t) \odot n_t + z_t \odot h_{(t-1)}")
    assert str(f.statements[0].previous) == "h_{t-1}"


def test_ln_acronym_is_a_call() -> None:
    rhs = symdl.parse(r"y = \mathrm{LN}(x) + \ln(z)").statements[0].rhs
    assert "LN(x)" in str(rhs) and "log(z)" in str(rhs)
