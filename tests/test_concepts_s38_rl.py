r"""Session 34: reinforcement learning's returns and targets, and the false labels held-out set 38 found.

* ``discounted_return`` (Sutton & Barto's recursion and sum, Karpathy's Pong code) and ``td_target`` (DQN's target,
  the TD error); the Pong code's ``running_add = running_add * gamma + r[t]`` was named momentum;
* ``f_l(z)``, a network's layer l, was named the focal loss (the alias FL); Ng's GRU ``\Gamma_u`` gate an EMA;
  a convolution's computed position ``i' = i s_h + u`` momentum; the normal equations and the Cookbook's gradient
  identities a linear layer or the backprop delta rule; PyTorch's Adagrad ``\sqrt{state\_sum_t}`` an RMS.
"""

from __future__ import annotations

import pytest

from tests.concept_cases import assert_concepts

# (id, latex, must-name ids, must-not-name ids)
CASES = [
    ("sutton-return-recursion", r"G_t = R_{t+1} + \gamma G_{t+1}", {"discounted_return"}, {"momentum", "ema"}),
    ("sutton-return-sum", r"G_t = \sum_{k=0}^{\infty} \gamma^k R_{t+k+1}", {"discounted_return"}, set()),
    ("karpathy-pong-return", "running_add = running_add * gamma + r[t]", {"discounted_return"}, {"momentum"}),
    ("ruder-momentum-gamma", r"v_t = \gamma v_{t-1} + \eta \nabla_\theta J(\theta)", {"momentum"},
     {"discounted_return"}),
    ("dqn-target", r"y = r + \gamma \max_{a'} Q(s', a')", {"td_target"}, set()),
    ("dqn-target-indexed", r"y_i = r_i + \gamma \max_{a'} Q(s_{i+1}, a'; \theta^-)", {"td_target"}, set()),
    ("td-error", r"\delta_t = r_t + \gamma V(s_{t+1}) - V(s_t)", {"td_target"}, set()),
    ("aggarwal-hinge-no-triplet", r"L_i = \sum_{r: r \neq c(i)} \max(\overline{W_r} \cdot \overline{X_i} - "
     r"\overline{W_{c(i)}} \cdot \overline{X_i} + 1, 0)", {"hinge"}, {"triplet_loss"}),
    ("rlhf-reward-no-return", r"r = r_\theta - \lambda r_\text{KL}", set(), {"discounted_return"}),
    ("scaled-call-no-target", r"y = x + \gamma f(z)", set(), {"td_target"}),
    ("pg-theorem", r"\nabla_\theta J(\theta) = \mathbb{E}_{\pi_\theta}[\nabla_\theta \log \pi_\theta(a|s) Q^{\pi}(s,a)]",
     {"policy_gradient"}, set()),
    ("reinforce-update", r"\theta \leftarrow \theta + \alpha G_t \nabla_\theta \log \pi_\theta(A_t|S_t)",
     {"policy_gradient"}, set()),
    ("advantage-estimate", r"\nabla_\theta J(\theta) \approx \frac{1}{N}\sum_{i=1}^{N}\sum_{t=1}^{T} \nabla_\theta \log "
     r"\pi_\theta(a_{i,t}|s_{i,t}) \hat{A}_{i,t}", {"policy_gradient"}, set()),
    ("reinforce-code-loss", "loss = -(log_probs * returns).sum()", {"policy_gradient"}, set()),
    ("log-derivative-trick", r"\nabla_\theta \log p_\theta(x) = \frac{\nabla_\theta p_\theta(x)}{p_\theta(x)}", set(),
     {"policy_gradient"}),
    ("mle-gradient", r"\nabla_\theta L = -\sum_i \nabla_\theta \log p_\theta(x_i)", set(), {"policy_gradient"}),
    ("mml-layer-f-l", r"\boldsymbol{z}_l = f_l(\boldsymbol{z}_{l-1}) = \varphi_l(\mathbf{b}_l + "
     r"\mathbf{W}_l\boldsymbol{z}_{l-1})", {"linear_layer"}, {"focal_loss"}),
    ("stochastic-depth-f-l", r"H_{l} = \text{ReLU}\left(b_{l}f_{l}\left(H_{l-1}\right) + "
     r"\text{id}\left(H_{l-1}\right)\right)", {"relu"}, {"focal_loss"}),
    ("ng-gru-gamma-gate", r"c^{<t>} = \Gamma_u * \tilde{c}^{<t>} + (1-\Gamma_u) * c^{<t-1>}", set(), {"ema"}),
    ("geron-conv-positions", r"z_{i,j,k} = b_k + \sum_{u=0}^{f_h-1}\sum_{v=0}^{f_w-1}x_{u,v}\times w_{u,v,k}\quad"
     r"\text{with}\quad\begin{cases}i'=i\times s_h+u\\ j'=j\times s_w+v\end{cases}", set(), {"momentum"}),
    ("normal-equations-gradient", r"\nabla_\theta J(\theta) = X^TX\theta - X^T\vec{y}", set(), {"linear_layer"}),
    ("cookbook-quadratic-form", r"\frac{\partial\mathbf{x}^T\mathbf{B}\mathbf{x}}{\partial\mathbf{x}} = "
     r"(\mathbf{B}+\mathbf{B}^T)\mathbf{x}", set(), {"linear_layer"}),
    ("cookbook-bilinear", r"\frac{\partial\mathbf{a}^T\mathbf{X}\mathbf{b}}{\partial\mathbf{X}} = \mathbf{a}\mathbf{b}^T",
     set(), {"delta_rule"}),
    ("nielsen-bp4-kept", r"\nabla_{W^l} C = \delta^l (a^{l-1})^T", {"delta_rule"}, set()),
    ("cs231n-code-bp4-kept", "dW2 = h.T @ dlogits", {"delta_rule"}, set()),
    ("pytorch-adagrad-state-sum", r"\theta_t \leftarrow \theta_{t-1}- \tilde{\gamma} \frac{g_t}{\sqrt{state\_sum_t}"
     r"+\epsilon}", {"adagrad"}, {"rms_normalization"}),
    ("dense-layer-kept", "h = W x + b", {"linear_layer"}, set()),
]


@pytest.mark.parametrize(("latex", "must", "must_not"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_concepts(latex: str, must: set[str], must_not: set[str]) -> None:
    assert_concepts(latex, must, must_not)
