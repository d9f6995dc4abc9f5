r"""Session 39: concepts that set 42's readers expected on readings symdl already got right, each with the
look-alike that must not take the name.

* the backpropagated error per unit in the older textbooks' notations: Haykin's ``\delta_j(n) = \varphi_j'(v_j(n))
  \sum_k \delta_k(n) w_{kj}(n)`` (a step argument beside the unit's index), Mitchell's ``o_h(1 - o_h)\sum_k w_{kh}
  \delta_k`` (the sigmoid's slope in its output), Rojas's ``w^{(2)}_{jq}`` (the weight's indices the other way);
* Mitchell's output error term ``o_k(1 - o_k)(t_k - o_k)``: target minus output, the negative gradient;
* the weight correction ``\Delta w_{ji} = \eta \delta_j y_i`` (Haykin, Mitchell, Rojas's ``-\gamma o_i \delta_j``);
* the error's definition ``\delta_j \equiv \partial E_n / \partial a_j`` (Bishop), Hagan's sensitivity
  ``s^m_i \equiv \partial \hat F / \partial n^m_i``, Nielsen's ``\delta^l = \partial C / \partial z^l``;
* Haykin's momentum with iteration arguments ``\Delta w_{ji}(n) = \alpha \Delta w_{ji}(n-1) + \eta \delta_j(n)
  y_i(n)``, and ``w(n+1) = w(n) + \Delta w(n)`` (the computed change applied: no running sum);
* the softmax of a vector over its entries' exponentials, ``\exp(\mathbf z) / \sum_k \exp(z_k)`` (MML, Kroese et al.).

False labels found on held-out set 43: a scalar RNN's ``w_h h_{t-1}`` and an Ornstein-Uhlenbeck step's ``1 - \theta dt``
called momentum; CleanRL's soft value ``Q(s,a) - \alpha \log p(a|s)`` called an NLL; a coupled-gate LSTM cell called a
GRU; ``(I - \alpha A)^k w^{(0)}`` called a linear layer.
"""

from __future__ import annotations

import pytest

from tests.concept_cases import assert_concepts

# (id, latex, must-name ids, must-not-name ids)
CASES = [
    ("haykin-hidden-delta-step-argument",
     r"\delta_j(n) = \varphi_j'(v_j(n))\sum_k \delta_k(n) w_{kj}(n)", {"delta_rule"}, set()),
    ("mitchell-hidden-delta-output-slope",
     r"\delta_h \leftarrow o_h(1 - o_h)\sum_{k \in outputs} w_{kh}\delta_k", {"delta_rule"}, set()),
    ("rojas-hidden-delta-weights-from-j",
     r"\delta_j^{(1)} = o_j^{(1)}(1 - o_j^{(1)})\sum_{q=1}^{m} w_{jq}^{(2)}\delta_q^{(2)}", {"delta_rule"}, set()),
    ("bishop-hidden-delta-kept", r"\delta_j = h'(a_j) \sum_k w_{kj} \delta_k", {"delta_rule"}, set()),
    ("recurrence-without-slope-no-delta", r"x_j = g(a_j) \sum_k w_{kj} x_k", set(), {"delta_rule"}),
    ("mitchell-output-error-term", r"\delta_k \leftarrow o_k(1 - o_k)(t_k - o_k)",
     {"delta_rule", "sigmoid_derivative"}, set()),
    ("output-delta-gradient-sign-kept", r"\delta_k = o_k(1 - o_k)(o_k - t_k)", {"delta_rule"}, set()),
    ("bernoulli-variance-times-residual-no-delta", r"v = p(1-p)(y - p)", set(), {"delta_rule"}),
    ("haykin-weight-correction", r"\Delta w_{ji} = \eta \delta_j y_i", {"delta_rule"}, set()),
    ("mitchell-weight-correction", r"\Delta w_{ji} = \eta \delta_j x_{ji}", {"delta_rule"}, set()),
    ("rojas-weight-correction-descending", r"\Delta w_{ij}^{(1)} = -\gamma o_i \delta_j^{(1)}",
     {"delta_rule"}, set()),
    ("hebbian-change-no-delta", r"\Delta w_{ji} = \eta x_j y_i", set(), {"delta_rule"}),
    ("lecun-weight-gradient-by-input-gradient", r"\partial E / \partial w_{ji} = \partial E / \partial x_j \cdot y_i",
     {"delta_rule"}, set()),
    ("graves-bptt-two-sums",
     r"\delta_h^t = \theta'(a_h^t) \left( \sum_{k=1}^{K} \delta_k^t w_{hk} + \sum_{h'=1}^{H} \delta_{h'}^{t+1} w_{hh'} \right)",
     {"delta_rule"}, set()),
    ("gradient-times-input-without-weight-no-delta", r"g_{ij} = \frac{\partial L}{\partial w_{ij}} x_j", set(),
     {"delta_rule"}),
    ("bishop-error-definition", r"\delta_j \equiv \frac{\partial E_n}{\partial a_j}", {"delta_rule"}, set()),
    ("hagan-sensitivity-definition", r"s_i^m \equiv \frac{\partial \hat{F}}{\partial n_i^m}", {"delta_rule"},
     set()),
    ("nielsen-error-definition-vector", r"\delta^l = \frac{\partial C}{\partial z^l}", {"delta_rule"}, set()),
    ("weight-gradient-no-error-definition", r"g_i = \frac{\partial L}{\partial w_i}", set(), {"delta_rule"}),
    ("plain-partial-no-error-definition", r"y_i = \frac{\partial f}{\partial x_i}", set(), {"delta_rule"}),
    ("haykin-momentum-step-arguments",
     r"\Delta w_{ji}(n) = \alpha \Delta w_{ji}(n-1) + \eta \delta_j(n) y_i(n)", {"momentum"}, set()),
    ("haykin-momentum-input-signal",
     r"\Delta w_{ji}(n) = \eta \delta_j x_{ji} + \alpha \Delta w_{ji}(n-1)", {"momentum"}, set()),
    ("batchnorm-running-statistic-no-momentum", r"\mu \leftarrow \beta \mu + (1-\beta) x_t", {"ema"},
     {"momentum"}),
    ("hagan-steepest-descent-entries",
     r"w_{i,j}^{m}(k+1) = w_{i,j}^{m}(k) - \alpha \frac{\partial \hat{F}}{\partial w_{i,j}^{m}}",
     {"gradient_descent_step"}, set()),
    ("haykin-correction-applied-no-running-sum", r"w_{ji}(n+1) = w_{ji}(n) + \Delta w_{ji}(n)", set(),
     {"running_sum"}),
    ("correction-applied-no-running-sum", r"w \leftarrow w + \Delta w", set(), {"running_sum"}),
    ("running-sum-of-other-name-kept", r"S \leftarrow S + \Delta", {"running_sum"}, set()),
    ("scalar-rnn-recurrence-no-momentum", r"h_t = w_i x_t + w_h h_{t-1} + b", set(), {"momentum"}),
    ("momentum-letter-m-kept", r"v_t = m v_{t-1} + g_t", {"momentum"}, set()),
    ("ornstein-uhlenbeck-step-no-momentum",
     r"noise_t = noise_{t-1} + \theta * (mu - noise_{t-1}) * dt + \sigma_t * \sqrt{dt} * W", set(), {"momentum"}),
    ("soft-value-action-probability-no-nll", r"V = Q(s,a) - \alpha * \log p(a | s)", set(), {"nll", "cross_entropy"}),
    ("weighted-label-nll-kept", r"L = -\alpha \log p(y | x)", {"nll"}, set()),
    ("coupled-gate-lstm-cell-no-gru",
     r"\mathbf{c}_t=(1-\mathbf{i}_t)\odot\mathbf{c}_{t-1}+\mathbf{i}_t\odot\tanh(\mathbf{W}_{xc}\mathbf{x}_t"
     r"+\mathbf{W}_{hc}\mathbf{h}_{t-1}+\mathbf{b}_c)", {"lstm_cell"}, {"gru"}),
    ("gru-interpolation-kept",
     r"\mathbf{h}_t=(1-\mathbf{z}_t)\odot\mathbf{h}_{t-1}+\mathbf{z}_t\odot\tilde{\mathbf{h}}_t", {"gru"}, set()),
    ("matrix-power-iteration-no-linear-layer",
     r"\tilde{\mathbf{w}}^{(k)} = (\mathbf{I} - \alpha \mathbf{A})^k \tilde{\mathbf{w}}^{(0)}", set(),
     {"linear_layer"}),
    ("ranknet-scaled-difference-no-reparameterisation", r"\lambda_{ij}=\frac{-\sigma}{1+e^{\sigma(s_i-s_j)}}", set(),
     {"reparameterization"}),
    ("reparameterisation-kept", r"z = \mu + \sigma \epsilon", {"reparameterization"}, set()),
    ("pyg-gcn-message-passing",
     r"\mathbf{x}^{\prime}_i = \mathbf{\Theta}^{\top} \sum_{j \in \mathcal{N}(i) \cup \{ i \}} \frac{e_{j,i}}"
     r"{\sqrt{\hat{d}_j \hat{d}_i}} \mathbf{x}_j", {"message_passing"}, set()),
    ("graphsage-sum-message-passing", r"h_v = \sum_{u \in \mathcal{N}(v)} h_u", {"message_passing"}, set()),
    ("gat-weighted-neighbours", r"h_i' = \sum_{j \in \mathcal{N}_i} \alpha_{ij} W h_j", {"message_passing"}, set()),
    ("degree-count-no-message", r"d_i = \sum_{j \in \mathcal{N}(i)} 1", set(), {"message_passing"}),
    ("plain-sum-no-message", r"y = \sum_{j} x_j", set(), {"message_passing"}),
    ("imq-kernel-no-squared-error", r"K(x, y) = (\alpha + ||x-y||^2/h)^{\beta}", set(), {"squared_error", "mse"}),
    ("rbf-kernel-no-squared-error", r"k(x, y) = \exp(-\|x - y\|^2 / (2\sigma^2))", set(), {"squared_error"}),
    ("loss-of-two-arguments-kept", r"L(y, \hat{y}) = \|y - \hat{y}\|^2", {"squared_error"}, set()),
    ("mean-squared-error-kept", r"L = \frac{1}{n}\sum_i (y_i - \hat{y}_i)^2", {"mse"}, set()),
    ("gradient-step-by-epsilon-no-residual", r"w \leftarrow w + \epsilon\, X^\top (y - s(Xw))", set(), {"residual"}),
    ("nanogpt-residual-kept", "x = x + self.attn(self.ln_1(x))", {"residual"}, set()),
    ("mlp-layer-recursion-no-rnn", r"\mathbf{h}^k = \tanh(\mathbf{b}^k + W^k \mathbf{h}^{k-1})", set(), {"rnn_cell"}),
    ("elman-rnn-kept", r"h_t = \tanh(W h_{t-1} + U x_t + b)", {"rnn_cell"}, set()),
    ("rnn-unweighted-input-kept", r"h_t = \tanh(W h_{t-1} + x_t)", {"rnn_cell"}, set()),
    ("mml-softmax-vector-over-entries",
     r"\boldsymbol{S}(\boldsymbol{z}) = \frac{\exp(\boldsymbol{z})}{\sum_{k=1}^{c}\exp(z_k)}", {"softmax"}, set()),
    ("softmax-other-vector-below-no-softmax",
     r"\mathbf{s} = \frac{\exp(\mathbf{z})}{\sum_{k=1}^{c}\exp(u_k)}", set(), {"softmax"}),
]


@pytest.mark.parametrize(("latex", "want", "avoid"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_concepts(latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)
