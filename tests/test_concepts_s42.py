r"""Session 38: false labels found on held-out set 42 (unseen), each with the look-alike that must keep its name.

* UFLDL's ``W^{(l)} = W^{(l)} - \alpha[(\frac{1}{m}\Delta W^{(l)}) + \lambda W^{(l)}]``: a shrink 1 - αλ is weight
  decay in a gradient step, no momentum;
* Levenberg-Marquardt's ``\theta - (J^\top J + \gamma I)^{-1} J^\top \varepsilon``: a curvature-scaled step, no
  gradient descent step;
* TRPO's ``\theta_{k+1} = \theta_k + \alpha^j \sqrt{\dots}\hat{x}_k``: a step of the parameters, no running sum;
* UFLDL's sparse-autoencoder delta ``(\sum_j W_{ji}\delta_j + \beta(\dots)) f'(z_i)``: an error sent back, no
  linear layer;
* the Annotated Transformer's ``self.norm(x)``: a module (LayerNorm), no L2 norm;
* Berner et al.'s ``\delta^{(\ell-1)} = \phi'(s^{(\ell-1)}) \odot W^{(\ell)} \delta^{(\ell)}``: the delta rule, no
  linear layer (W written as it acts backwards);
* SAC's ``Q(s, a) - \alpha \log \pi(a|s)``: an entropy bonus, no negative log-likelihood.
"""

from __future__ import annotations

import pytest

from tests.concept_cases import assert_concepts

# (id, latex, must-name ids, must-not-name ids)
CASES = [
    ("ufldl-weight-decay-no-momentum",
     r"W^{(l)} = W^{(l)} - \alpha \left[ \left(\frac{1}{m} \Delta W^{(l)} \right) + \lambda W^{(l)}\right]",
     set(), {"momentum"}),
    ("momentum-kept", r"v = \mu v - \eta g", {"momentum"}, set()),
    ("levenberg-marquardt-no-descent",
     r"\boldsymbol{\theta}_{t+1} = \boldsymbol{\theta}_t - (\mathbf{J}^\top\mathbf{J} + \gamma\,\mathbf{I})^{-1}"
     r"\mathbf{J}^\top\boldsymbol{\varepsilon}", set(), {"gradient_descent_step"}),
    ("gradient-descent-kept", r"w = w - \eta g", {"gradient_descent_step"}, set()),
    ("trpo-step-no-running-sum",
     r"\theta_{k+1} = \theta_k + \alpha^j \sqrt{ \frac{2\delta}{\hat{x}_k^T \hat{H}_k \hat{x}_k}} \hat{x}_k",
     set(), {"running_sum"}),
    ("running-sum-kept", r"s = s + g^2", {"running_sum"}, set()),
    ("sparse-autoencoder-delta-no-layer",
     r"\delta^{(2)}_i = \left( \left( \sum_{j=1}^{s_{2}} W^{(2)}_{ji} \delta^{(3)}_j \right) + \beta \left( - "
     r"\frac{\rho}{\hat\rho_i} + \frac{1-\rho}{1-\hat\rho_i} \right) \right) f'(z^{(2)}_i)", set(), {"linear_layer"}),
    ("unit-layer-kept", r"z_i = \sum_j W_{ij} x_j + b_i", {"linear_layer"}, set()),
    ("module-norm-no-l2", "return x + self.dropout(sublayer(self.norm(x)))", {"residual"}, {"l2_norm"}),
    ("norm-call-kept", "y = norm(x)", {"l2_norm"}, set()),
    ("berner-delta-recursion-no-layer",
     r"\delta^{(\ell-1)} = \phi'(s^{(\ell-1)}) \odot W^{(\ell)} \delta^{(\ell)}", {"delta_rule"}, {"linear_layer"}),
    ("sac-entropy-bonus-no-nll", r"y = Q(s, a) - \alpha \log \pi(a|s)", set(), {"nll", "cross_entropy"}),
    ("weighted-nll-kept", r"L = -\alpha \log p_t", {"nll"}, set()),
]


@pytest.mark.parametrize(("latex", "want", "avoid"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_concepts(latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)
