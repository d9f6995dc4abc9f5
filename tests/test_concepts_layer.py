"""Layers, attention and backprop calculus (issue 14, group LAYER): which concepts symdl must (and must not) name.

Each row is ``(case id, latex, must-name, must-not-name)`` through ``symdl.parse`` + ``symdl.chunk.explain``; the
comment on each row says where that notation is published.
"""

from __future__ import annotations

import pytest

import symdl
from symdl.chunk import explain
from tests.concept_cases import assert_concepts, chunk_of

CASES: list[tuple[str, str, set[str], set[str]]] = [
    # --- rnn_cell
    # PyTorch nn.RNN docs
    ("rnn-pytorch", r"h_t = \tanh(W_{ih} x_t + b_{ih} + W_{hh} h_{t-1} + b_{hh})", {"rnn_cell", "tanh"}, {"lstm_gate"}),
    # Goodfellow 10.2 (superscript times)
    ("rnn-goodfellow", r"h^{(t)} = \tanh(W h^{(t-1)} + U x^{(t)} + b)", {"rnn_cell"}, {"lstm_gate"}),
    # Elman network with a logistic activation (Wikipedia "Recurrent neural network")
    ("rnn-elman-sigmoid", r"h_t = \sigma(W h_{t-1} + U x_t + b)", {"rnn_cell"}, {"lstm_gate"}),
    # d2l 9.4 (row-vector batches, activation φ)
    ("rnn-d2l-phi", r"H_t = \phi(X_t W_{xh} + H_{t-1} W_{hh} + b_h)", {"rnn_cell"}, set()),
    # Goodfellow 10.2, eqs. 10.8-10.9 (pre-activation named first)
    ("rnn-goodfellow-two-lines", r"a^{(t)} = b + W h^{(t-1)} + U x^{(t)} \\ h^{(t)} = \tanh(a^{(t)})", {"rnn_cell"},
     set()),
    ("not-rnn-projection", r"\theta_{t+1} = \mathrm{Proj}(\theta_t - \eta g_t)", set(), {"rnn_cell"}),
    ("not-rnn-feedforward", r"h = \tanh(W x + b)", {"tanh"}, {"rnn_cell"}),
    ("not-rnn-no-state", r"h_t = \tanh(W x_t + b)", set(), {"rnn_cell"}),
    # --- lstm_gate
    # Olah 2015, "Understanding LSTM Networks"
    ("gate-olah", r"f_t = \sigma(W_f [h_{t-1}, x_t] + b_f)", {"lstm_gate", "sigmoid"}, {"rnn_cell"}),
    # d2l 10.1 (row-vector batches)
    ("gate-d2l", r"I_t = \sigma(X_t W_{xi} + H_{t-1} W_{hi} + b_i)", {"lstm_gate"}, {"rnn_cell"}),
    # PyTorch nn.LSTM docs
    ("gate-pytorch", r"i_t = \sigma(W_{ii} x_t + b_{ii} + W_{hi} h_{t-1} + b_{hi})", {"lstm_gate"}, set()),
    ("not-gate-neuron", r"y = \sigma(W x + b)", {"sigmoid"}, {"lstm_gate"}),
    # --- lstm_cell
    # Olah 2015 (scalar *)
    ("cell-olah", r"C_t = f_t * C_{t-1} + i_t * \tilde{C}_t", {"lstm_cell"}, {"gru"}),
    # d2l 10.1
    ("cell-d2l", r"C_t = F_t \odot C_{t-1} + I_t \odot \tilde{C}_t", {"lstm_cell"}, {"gru", "ema"}),
    # PyTorch nn.LSTM docs (g_t the cell candidate)
    ("cell-pytorch", r"c_t = f_t \odot c_{t-1} + i_t \odot g_t", {"lstm_cell"}, {"gru"}),
    ("not-cell-ema", r"v_t = \beta v_{t-1} + (1-\beta) g_t", {"ema"}, {"lstm_cell", "gru"}),
    ("not-cell-latin-momentum", r"v_t = a v_{t-1} + b g_t", set(), {"lstm_cell", "gru"}),
    # --- gru
    # PyTorch nn.GRU docs
    ("gru-pytorch", r"h_t = (1 - z_t) \odot n_t + z_t \odot h_{t-1}", {"gru"}, {"lstm_cell", "ema"}),
    # d2l 10.2
    ("gru-d2l", r"H_t = Z_t \odot H_{t-1} + (1 - Z_t) \odot \tilde{H}_t", {"gru"}, {"lstm_cell"}),
    # Cho et al. 2014 eq. 7, time as a subscript, scalar product
    ("gru-cho-scalar", r"h_t = z_t h_{t-1} + (1 - z_t) \tilde{h}_t", {"gru"}, {"lstm_cell"}),
    ("not-gru-lstm-cell", r"c_t = f_t \odot c_{t-1} + i_t \odot \tilde{c}_t", set(), {"gru"}),
    # --- residual
    # He et al. 2016, eq. 1
    ("residual-he", r"y = \mathcal{F}(x, \{W_i\}) + x", {"residual"}, set()),
    # Vaswani et al. 2017, 3.1: LayerNorm(x + Sublayer(x))
    ("residual-sublayer", r"y = x + \mathrm{Sublayer}(x)", {"residual"}, set()),
    ("residual-attention", r"y = x + \mathrm{Attention}(Q, K, V)", {"residual", "scaled_dot_product_attention"}, set()),
    ("residual-transformer", r"z = \mathrm{LayerNorm}(x + \mathrm{MultiHead}(x, x, x))",
     {"residual", "multi_head_attention"}, set()),
    # a two-layer block around the identity (He et al. 2016, Fig. 2: F = W_2 σ(W_1 x))
    ("residual-two-layer", r"y = x + W_2 \mathrm{ReLU}(W_1 x)", {"residual", "relu"}, set()),
    ("not-residual-bias", r"y = x + b", set(), {"residual"}),
    ("not-residual-logsumexp", r"m + \log \sum_j e^{x_j - m}", {"logsumexp"}, {"residual"}),
    ("not-residual-activation", r"x + \tanh(x)", set(), {"residual"}),
    ("not-residual-linear", r"y = W x + x", set(), {"residual"}),
    # --- dropout
    # Srivastava et al. 2014, eq. for r^{(l)} ∼ Bernoulli(p)
    ("dropout-srivastava", r"\tilde{y} = r \odot y, \quad r_j \sim \mathrm{Bernoulli}(p)", {"dropout"}, set()),
    # cs231n "inverted dropout" (mask, divide by the keep probability)
    ("dropout-inverted", r"r = m \odot x / (1-p)", {"dropout"}, set()),
    ("dropout-inverted-frac", r"h = \frac{1}{1-p} r \odot x", {"dropout"}, set()),
    # PyTorch nn.Dropout
    ("dropout-named", r"h = \mathrm{Dropout}(x)", {"dropout"}, set()),
    ("not-dropout-mask", r"y = m \odot x", set(), {"dropout"}),
    ("not-dropout-scale", r"y = \frac{x}{1 - p}", set(), {"dropout"}),
    # --- convolution
    # Goodfellow 9.1, eq. 9.6 (function notation)
    ("conv-goodfellow", r"S(i,j) = \sum_m \sum_n I(i+m, j+n) K(m,n)", {"convolution"}, set()),
    # the same with subscripts
    ("conv-subscripts", r"S_{i,j} = \sum_{m}\sum_{n} I_{i+m, j+n} K_{m,n}", {"convolution"}, set()),
    # d2l 7.1 (kernel V, bias u)
    ("conv-d2l", r"H_{i,j} = u + \sum_{a}\sum_{b} V_{a,b} X_{i+a,j+b}", {"convolution"}, set()),
    # 1-D discrete convolution with the kernel flipped (Wikipedia "Convolution")
    ("conv-1d-flipped", r"y_i = \sum_{k} w_k x_{i-k}", {"convolution"}, set()),
    ("not-conv-dot", r"s = \sum_m \sum_n I_{m,n} K_{m,n}", set(), {"convolution"}),
    # --- max_pool
    # cs231n pooling: the max over each window
    ("maxpool-2d", r"y_{i,j} = \max_{m} \max_{n} x_{i+m, j+n}", {"max_pool"}, set()),
    ("maxpool-1d", r"y_i = \max_{k} x_{i+k}", {"max_pool"}, set()),
    ("maxpool-named", r"y = \mathrm{MaxPool2d}(x)", {"max_pool"}, set()),
    ("not-maxpool-global", r"m = \max_j x_j", set(), {"max_pool"}),
    # --- avg_pool
    # PyTorch AvgPool2d docs (k × k window)
    ("avgpool-2d", r"y_{ij} = \frac{1}{k^2}\sum_{m=0}^{k-1}\sum_{n=0}^{k-1} x_{i+m,j+n}", {"avg_pool"}, set()),
    ("avgpool-1d", r"y_i = \frac{1}{K} \sum_{k=1}^{K} x_{i+k}", {"avg_pool"}, set()),
    ("not-avgpool-mean", r"\frac{1}{N}\sum_{j=1}^{N} x_j", {"mean"}, {"avg_pool"}),
    ("not-avgpool-empirical-risk", r"L(\theta) = \frac{1}{N} \sum_{i=1}^{N} \ell(f(x_i; \theta), y_i)", set(),
     {"avg_pool", "convolution"}),
    # --- embedding_lookup
    # PyTorch nn.Embedding
    ("embedding-named", r"e = \mathrm{Embedding}(x)", {"embedding_lookup"}, set()),
    ("embedding-embed", r"e_t = \operatorname{Embed}(w_t)", {"embedding_lookup"}, set()),
    ("not-embedding-matmul", r"e = E x", set(), {"embedding_lookup"}),
    # --- multi_head_attention
    # Vaswani et al. 2017, 3.2.2, one head written out
    ("mha-head-softmax", r"\mathrm{head}_i = \mathrm{softmax}\left(\frac{Q W_i^Q (K W_i^K)^T}{\sqrt{d_k}}\right) V W_i^V",
     {"multi_head_attention"}, set()),
    ("mha-head-call", r"\mathrm{head}_i = \mathrm{Attention}(Q W_i^Q, K W_i^K, V W_i^V)", {"multi_head_attention"}, set()),
    # PyTorch nn.MultiheadAttention
    ("mha-named", r"y = \mathrm{MultiHead}(Q, K, V)", {"multi_head_attention"}, set()),
    ("not-mha-single", r"y = \mathrm{softmax}(Q K^T / \sqrt{d}) V", {"scaled_dot_product_attention"},
     {"multi_head_attention"}),
    # --- additive_attention
    # d2l 11.3.2
    ("additive-d2l", r"a(q, k) = w_v^\top \tanh(W_q q + W_k k)", {"additive_attention"}, set()),
    # Bahdanau et al. 2015 (appendix A.1.2), with named vectors
    ("additive-bahdanau", r"e = v_a^T \tanh(W_a s + U_a h)", {"additive_attention"}, set()),
    # Luong et al. 2015, "concat" score
    ("additive-concat", r"e = v^T \tanh(W [s, h])", {"additive_attention"}, set()),
    ("not-additive-mlp", r"s = v^T \tanh(W x + b)", set(), {"additive_attention"}),
    # --- positional_encoding
    # Vaswani et al. 2017, 3.5 (one-letter indices)
    ("pe-sin", r"p_{i,2j} = \sin(i/10000^{2j/d})", {"positional_encoding"}, set()),
    ("pe-cos", r"p_{i,2j+1} = \cos(i/10000^{2j/d})", {"positional_encoding"}, set()),
    # d2l 11.6
    ("pe-d2l", r"PE = \sin(t / 10000^{2k/d})", {"positional_encoding"}, set()),
    ("not-pe-wave", r"y = \sin(\omega t)", set(), {"positional_encoding"}),
    # --- rotary_embedding
    # Su et al. 2021, eq. 13 (2-D case)
    ("rope-matrix", r"R = \begin{pmatrix} \cos m\theta & -\sin m\theta \\ \sin m\theta & \cos m\theta \end{pmatrix}"
     r" \begin{pmatrix} x_1 \\ x_2 \end{pmatrix}", {"rotary_embedding"}, set()),
    # Su et al. 2021, eq. 34 (written out per pair)
    ("rope-scalar", r"f = x_1 \cos(m \theta_i) - x_2 \sin(m \theta_i)", {"rotary_embedding"}, set()),
    ("not-rope-fixed-angle", r"y = \begin{pmatrix}\cos\theta & -\sin\theta\\ \sin\theta & \cos\theta\end{pmatrix} x",
     set(), {"rotary_embedding"}),
    # --- chain_rule
    # Leibniz notation (Wikipedia "Chain rule")
    ("chain-leibniz", r"\frac{dz}{dx} = \frac{dz}{dy} \frac{dy}{dx}", {"chain_rule"}, set()),
    # cs231n backprop notes (partials)
    ("chain-partial", r"\frac{\partial L}{\partial x} = \frac{\partial L}{\partial y} \frac{\partial y}{\partial x}",
     {"chain_rule"}, set()),
    # d2l 2.4 / Goodfellow 6.5.2: vector chain rule as a sum over the intermediate
    ("chain-sum", r"\frac{\partial L}{\partial x_i} = \sum_j \frac{\partial L}{\partial y_j} \frac{\partial y_j}{\partial x_i}",
     {"chain_rule"}, set()),
    ("not-chain-unlinked", r"\frac{\partial L}{\partial y} \frac{\partial z}{\partial x}", set(), {"chain_rule"}),
    # --- delta_rule
    # Nielsen ch. 2, BP1 (vector form) and BP1 (component form)
    ("delta-bp1", r"\delta^L = \nabla_a C \odot \sigma^{\prime}(z^L)", {"delta_rule"}, set()),
    ("delta-bp1-component", r"\delta_j^L = \frac{\partial C}{\partial a_j^L} \sigma^{\prime}(z_j^L)", {"delta_rule"}, set()),
    # Nielsen ch. 2, BP2 and BP4
    ("delta-bp2", r"\delta^l = ((w^{l+1})^T \delta^{l+1}) \odot \sigma^{\prime}(z^l)", {"delta_rule"}, set()),
    ("delta-bp4", r"\frac{\partial C}{\partial w^l_{jk}} = a^{l-1}_k \delta^l_j", {"delta_rule"}, set()),
    # Ng, Deep Learning Specialization (dZ notation)
    ("delta-ng", r"dZ^{[1]} = W^{[2]T} dZ^{[2]} * g^{[1]\prime}(Z^{[1]})", {"delta_rule"}, set()),
    ("not-delta-no-error", r"a \odot \sigma^{\prime}(z)", set(), {"delta_rule"}),
    # --- softmax_jacobian
    # the softmax derivative (Wikipedia "Softmax function"; cs231n)
    ("smj-entry", r"\frac{\partial s_i}{\partial z_j} = s_i(\delta_{ij} - s_j)", {"softmax_jacobian"}, set()),
    ("smj-entry-p", r"\frac{\partial p_i}{\partial a_j} = p_i(\delta_{ij} - p_j)", {"softmax_jacobian"}, set()),
    ("smj-expanded", r"s_i \delta_{ij} - s_i s_j", {"softmax_jacobian"}, set()),
    # matrix form
    ("smj-matrix", r"J = \mathrm{diag}(s) - s s^T", {"softmax_jacobian"}, set()),
    ("not-smj-wrong-index", r"\frac{\partial y_i}{\partial x_j} = y_i(\delta_{ij} - y_i)", set(), {"softmax_jacobian"}),
    ("not-smj-no-delta", r"s_i (1 - s_j)", set(), {"softmax_jacobian"}),
]


@pytest.mark.parametrize(("latex", "want", "avoid"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_layer_case(latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)


_match = chunk_of


def test_dropout_keeps_p() -> None:
    chunk = _match(r"r = m \odot x / (1-p)", "dropout")
    assert "1 - p" in chunk.note
    assert str(dict(chunk.params)["p"]) == "p"


def test_convolution_says_flip() -> None:
    assert "cross-correlation" in _match(r"S_{i,j} = \sum_{m}\sum_{n} I_{i+m, j+n} K_{m,n}", "convolution").note
    assert "flipped" in _match(r"y_i = \sum_{k} w_k x_{i-k}", "convolution").note


def test_positional_base() -> None:
    chunk = _match(r"p_{i,2j} = \sin(i/10000^{2j/d})", "positional_encoding")
    assert dict(chunk.params)["base"] == 10000


def test_avg_pool_window() -> None:
    chunk = _match(r"y_i = \frac{1}{K} \sum_{k=1}^{K} x_{i+k}", "avg_pool")
    assert str(dict(chunk.params)["window size"]) == "K"


_LSTM = (r"f_t = \sigma(W_f [h_{t-1}, x_t] + b_f) \\ i_t = \sigma(W_i [h_{t-1}, x_t] + b_i) \\ "
         r"\tilde{C}_t = \tanh(W_C [h_{t-1}, x_t] + b_C) \\ C_t = f_t * C_{t-1} + i_t * \tilde{C}_t \\ "
         r"o_t = \sigma(W_o [h_{t-1}, x_t] + b_o) \\ h_t = o_t * \tanh(C_t)")
_GRU = (r"r_t = \sigma(W_{ir} x_t + b_{ir} + W_{hr} h_{t-1} + b_{hr}) \\ "
        r"z_t = \sigma(W_{iz} x_t + b_{iz} + W_{hz} h_{t-1} + b_{hz}) \\ "
        r"n_t = \tanh(W_{in} x_t + b_{in} + r_t \odot (W_{hn} h_{t-1} + b_{hn})) \\ "
        r"h_t = (1 - z_t) \odot n_t + z_t \odot h_{t-1}")


def test_lstm_system_relation() -> None:
    """Olah 2015: the gates feed the cell, the output gate reads it out."""
    expl = explain(symdl.parse(_LSTM))
    rel = next(r for r in expl.relations if r.concept == "lstm_cell")
    assert "are gates" in rel.text and "mixes the old cell" in rel.text and "output gate" in rel.text
    assert {"lstm_gate", "lstm_cell"} <= expl.concepts
    assert not {"ema", "momentum"} & expl.concepts
    assert expl.summary.startswith("LSTM")


def test_gru_system_relation() -> None:
    """PyTorch nn.GRU: z is the update gate, r the reset gate inside the candidate."""
    expl = explain(symdl.parse(_GRU))
    rel = next(r for r in expl.relations if r.concept == "gru")
    assert "update gate" in rel.text and "reset gate" in rel.text
    assert "gru" in expl.concepts and "lstm_cell" not in expl.concepts
