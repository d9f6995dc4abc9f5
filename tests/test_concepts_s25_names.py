"""Session 25: false labels of a held-out set (issue 14), each fixed by a rule for its class.

* weight decay adds λ times a parameter to a gradient: not a velocity the same system has just computed (PyTorch's
  Nesterov pseudo-code ``g_t ← g_t + μ b_t``, ``b_t`` the momentum buffer);
* a numbered norm called in code (``self.norm1(x)``, a transformer block's LayerNorm module) is not the L2 norm;
* an EMA up to scale of the data letter ``x`` (BatchNorm's running estimate written with a ``momentum`` word) is no
  momentum: momentum accumulates gradients or steps;
* squares of activations (local response normalisation's ``k + α/n Σ a_{c'}²``) are no L2 penalty on the weights.
Each rule has must-still-match rows beside it.
"""

from __future__ import annotations

import pytest

from tests.concept_cases import assert_concepts

# (id, latex, concepts named, concepts that would be false); the source in the comment above each row
CASES = [
    # PyTorch SGD docs' pseudo-code, Nesterov with dampening τ
    (
        "pytorch-nesterov-buffer",
        r"\begin{aligned} &\textbf{b}_t \leftarrow \mu \textbf{b}_{t-1} + (1-\tau) g_t \\ &g_t \leftarrow g_{t} + "
        r"\mu \textbf{b}_t \\ &\theta_t \leftarrow \theta_{t-1} - \gamma g_t \end{aligned}",
        {"nesterov", "momentum", "gradient_descent_step"},
        {"weight_decay"},
    ),
    # PyTorch SGD docs: g_t ← ∇f(θ_{t-1}) + λθ_{t-1}
    ("pytorch-decay-stays", r"g_t \leftarrow \nabla f(\theta_{t-1}) + \lambda \theta_{t-1}", {"weight_decay"}, set()),
    # timm's ViT Block.forward as pasted
    ("timm-block-norm1", r"x = x + self.drop_path(self.attn(self.norm1(x)))", {"residual"}, {"l2_norm"}),
    # numpy's norm of a difference (constructed must-match row)
    ("numpy-norm-stays", r"d = norm(x - y)", {"l2_norm"}, set()),
    # the PyTorch BatchNorm docs' running estimate, as a blog writes it
    (
        "batchnorm-running",
        r"\hat{x}_\text{new} = (1 - \text{momentum}) \times \hat{x}_\text{new} + \text{momentum} \times x_t",
        set(),
        {"momentum"},
    ),
    # cs231n: v = mu * v - learning_rate * dx
    ("momentum-cs231n-stays", r"v = \mu v - \alpha dx", {"momentum"}, set()),
    # Ruder 2016 eq. 2
    ("momentum-ruder-stays", r"v_t = \gamma v_{t-1} + \eta \nabla_\theta J(\theta)", {"momentum"}, set()),
    # Krizhevsky et al. 2012, local response normalisation
    (
        "lrn-no-penalty",
        r"b_{c} = a_{c}\left(k + \frac{\alpha}{n} \sum_{c'=\max(0, c-n/2)}^{\min(N-1,c+n/2)}a_{c'}^2\right)^{-\beta}",
        set(),
        {"l2_penalty", "weight_decay"},
    ),
    # CS224n's RNN with σ left open: the cell is named, σ only as a guess (sigma-activation)
    (
        "rnn-sigma-guessed",
        r"\mathbf{h}^{(t)} = \sigma\left(\mathbf{W}_h \mathbf{h}^{(t-1)} + \mathbf{W}_e \mathbf{e}^{(t)} + \mathbf{b}_1\right)",
        {"rnn_cell", "linear_layer"},
        {"sigmoid"},
    ),
    # Elman with tanh: the activation is named
    ("rnn-tanh-stays", r"h_t = \tanh(W h_{t-1} + U x_t + b)", {"rnn_cell", "tanh"}, set()),
    # the PyTorch LayerNorm docs as a forum pastes them: code's mean[x] is the mean of the entries, no expectation
    (
        "code-mean-bracket",
        r"y = \frac{x - mean[x]}{ \sqrt{Var[x]} + \epsilon} * gamma + beta",
        {"mean", "variance"},
        {"expectation"},
    ),
    # the PyTorch LayerNorm docs: E[x] keeps its name
    (
        "docs-expectation-stays",
        r"y = \frac{x - \mathrm{E}[x]}{\sqrt{\mathrm{Var}[x] + \epsilon}} * \gamma + \beta",
        {"expectation", "variance"},
        set(),
    ),
    # Nielsen ch. 2, BP3: the bias's gradient is the unit's error
    ("nielsen-bp3", r"\frac{\partial C}{\partial b^l_j} = \delta^l_j", {"delta_rule"}, set()),
    # BP3 pasted in Unicode from the book's web page
    ("nielsen-bp3-unicode", "∂C/∂bˡⱼ = δˡⱼ", {"delta_rule"}, set()),
    # a weight's gradient equal to an error alone is not BP3 (constructed must-not row)
    ("weight-error-not-bp3", r"\frac{\partial C}{\partial w} = \delta", set(), {"delta_rule"}),
    # a bias's derivative equal to a plain name (constructed must-not row)
    ("bias-not-error", r"\frac{\partial C}{\partial b} = x", set(), {"delta_rule"}),
    # the old PyTorch SoftMarginLoss docs: the sum divided by the number of elements, inside the sum
    ("code-sum-over-size", "loss(x, y) = sum_i (log(1 + exp(-y[i]*x[i]))) / x.nelement()", {"mean", "softplus"}, set()),
    # a sum of terms each divided by n
    ("sum-of-fractions-mean", r"L = \sum_i \frac{l_i}{n}", {"mean"}, set()),
    # each term divided by its own n_i is no mean (constructed must-not row)
    ("own-divisors-not-mean", r"L = \sum_i \frac{l_i}{n_i}", set(), {"mean"}),
    # Ng's L2-regularised cost
    ("l2-penalty-stays", r"J = L + \frac{\lambda}{2m}\sum_{j} w_j^2", {"l2_penalty"}, set()),
]


@pytest.mark.parametrize(("latex", "want", "avoid"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_concepts(latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)
