r"""Session 37: false labels found on held-out set 41 (unseen), each with the look-alike that must keep its name.

* kernel ridge regression's ``(\mathbf{K} + \tau^2\mathbf{I})^{-1}\mathbf{y}``: a solve, no linear layer; Muon's
  Newton-Schulz ``x = a * x + temp_b @ x``: the input again beside the product, no layer without bias;
* a regret bound's ``\|\mathbf{w}^\star\|^2/(2\eta)`` (an inequality) and the capsule squash's
  ``\|\mathbf{s}_j\|^2/(1 + \|\mathbf{s}_j\|^2)``: no L2 penalty;
* Pegasos' ``\mathbf{w}^{(t+1)} = \frac{t-1}{t}\mathbf{w}^{(t)} - \frac{1}{\lambda t}\mathbf{v}_t``: numbers, no LSTM gates;
* a quantiser's ``(w_i - \beta)/s`` with ``\beta = \min_i w_i``: no standardisation (β is no mean);
* centred RMSProp's ``\sqrt{E[g^2]_t - E[g]_t^2 + \epsilon}``: no Adam;
* a batch-norm backward term ``dxc += 2/N * xc * dvar``: no weight decay (dvar is a gradient);
* the gradient written as its matrix of partials: no chain rule;
* a capsule's ``s / torch.sqrt(squared_norm + 1e-8)``: no RMS scaling;
* total variation's ``(x_{i,j+1} - x_{ij})^2``: no squared error.
"""

from __future__ import annotations

import pytest

from tests.concept_cases import assert_concepts

# (id, latex, must-name ids, must-not-name ids)
CASES = [
    ('kernel-ridge-solve-no-layer', r'\vec{\alpha} = (\mathbf{K} + \tau^2\mathbf{I})^{-1}\mathbf{y}', set(), {'linear_layer'}),
    ('regret-bound-no-penalty', r'\sum_{t=1}^T\langle\mathbf{w}^{(t)} - \mathbf{w}^\star, \mathbf{v}_t\rangle \leq \frac{\|\mathbf{w}^\star\|^2}{2\eta} + \frac{\eta}{2}\sum_{t=1}^T\|\mathbf{v}_t\|^2', set(), {'l2_penalty'}),
    ('pegasos-step-no-lstm', r'\mathbf{w}^{(t+1)} = \mathbf{w}^{(t)} - \frac{1}{\lambda t}\left(\lambda\mathbf{w}^{(t)} + \mathbf{v}_t\right) = \frac{t-1}{t}\mathbf{w}^{(t)} - \frac{1}{\lambda t}\mathbf{v}_t', set(), {'lstm_cell'}),
    ('lstm-cell-bold-kept', r'\mathbf{c}_t = \mathbf{f}_t \odot \mathbf{c}_{t-1} + \mathbf{i}_t \odot \tilde{\mathbf{c}}_t', {'lstm_cell'}, set()),
    ('quantiser-range-no-standardisation', r'\begin{aligned} \alpha &= \max_i w_i \\ \beta &= \min_i w_i \\ s &= \frac{\alpha - \beta}{2^b - 1} \\ \hat{w_i} &= \textrm{round}\left( \frac{w_i - \beta}{s}\right). \end{aligned}', set(), {'mean', 'standard_deviation', 'normalization'}),
    ('standardisation-kept', r'y = \frac{x - \mu}{\sigma}', {'normalization'}, set()),
    ('centred-rmsprop-no-adam', r'E[g^2]_t = \rho * E[g^2]_{t-1} + (1 - \rho) * g_t^2\\ E[g]_t = \rho * E[g]_{t-1} + (1 - \rho) * g_t\\ momentum_t = \gamma * momentum_{t-1} - \frac{\eta}{\sqrt{E[g^2]_t - E[g]_t^2 + \epsilon}} g_t\\', set(), {'adam'}),
    ('adam-moments-kept', r'm_t = \beta_1 m_{t-1} + (1-\beta_1) g_t \\ v_t = \beta_2 v_{t-1} + (1-\beta_2) g_t^2', {'adam'}, set()),
    ('newton-schulz-no-layer', 'x = a * x + temp_b @ x', set(), {'linear_layer'}),
    ('affine-layer-kept', r'\mathbf{h} = W \mathbf{x} + \mathbf{b}', {'linear_layer'}, set()),
    ('batchnorm-backward-no-weight-decay', 'dxc += (2.0 / self.batch_size) * self.xc * dvar', set(), {'weight_decay'}),
    ('code-weight-decay-kept', 'dW += reg * W', {'weight_decay'}, set()),
    ('gradient-matrix-no-chain-rule', r'\frac{\partial L}{\partial \mathbf{W}} = \begin{pmatrix} \frac{\partial L}{\partial w_{11}} & \frac{\partial L}{\partial w_{12}} & \frac{\partial L}{\partial w_{13}} \\ \frac{\partial L}{\partial w_{21}} & \frac{\partial L}{\partial w_{22}} & \frac{\partial L}{\partial w_{23}} \end{pmatrix}', set(), {'chain_rule'}),
    ('chain-rule-kept', r'\frac{\partial L}{\partial w} = \frac{\partial L}{\partial y}\frac{\partial y}{\partial w}', {'chain_rule'}, set()),
    ('capsule-squash-no-penalty', r'\mathbf{v}_j = \frac{||\mathbf{s}_j||^2}{1 + ||\mathbf{s}_j||^2}\frac{\mathbf{s}_j}{||\mathbf{s}_j||}', set(), {'l2_penalty'}),
    ('l2-penalty-kept', r'L = \mathcal{L} + \lambda \|\mathbf{w}\|^2', {'l2_penalty'}, set()),
    ('capsule-squash-code-no-rms', 'return scale * s / torch.sqrt(squared_norm + 1e-8)', set(), {'rms_normalization'}),
    ('rmsprop-code-kept', 'x = g / np.sqrt(cache + eps)', {'rms_normalization'}, set()),
    ('total-variation-no-squared-error', r'\mathcal{R}_{V^\beta}(\mathbf{x}) = \sum_{i,j}\left((x_{i,j+1} - x_{ij})^2 + (x_{i+1,j} - x_{ij})^2\right)^{\frac{\beta}{2}}', set(), {'squared_error'}),
    ('sum-of-squared-errors-kept', r'L = \sum_i (y_i - \hat{y}_i)^2', {'squared_error'}, set()),
    ("mxnet-gru-no-dot-product", r"r_t &= \sigma(W_0 x_t + W_3 h_{t-1} + b_0 + b_3) \\ z_t &= \sigma(W_1 x_t + W_4 "
     r"h_{t-1} + b_1 + b_4) \\ h'_t &= \tanh(W_2 x_t + b_2 + r_t \cdot (W_5 h_{t-1} + b_5)) \\ h_t &= (1 - z_t) "
     r"\cdot h'_t + z_t \cdot h_{t-1}", {"gru"}, {"dot_product"}),
    ("adam-code-first-moment-ema", "exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1)", {"ema"}, set()),
]


@pytest.mark.parametrize(("latex", "want", "avoid"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_concepts(latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)
