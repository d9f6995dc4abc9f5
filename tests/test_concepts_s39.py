r"""Session 35: false labels found on held-out set 39, each with the look-alike that must keep its name.

* a sum divided by a Greek letter (the Gumbel softmax's ``/\tau``) is no mean (the divisor is no count);
* TDC's ``w_t + \alpha\rho_t(\delta_t x_t - \dots)`` is no running sum (a step size times a compound increment);
* the contractive penalty ``\lambda\|\partial f(x)/\partial x\|_F^2`` is no L2 penalty of weights;
* DETR's ``\lambda_{L1}\|b_i - \hat{b}_{\sigma(i)}\|_1`` is no L1 penalty (an L1 distance);
* AdaDelta's ``\sqrt{u_{t-1} + \epsilon}/\sqrt{v_t + \epsilon}\, g_t`` is no RMS normalisation;
* ``-\log`` of ``reduce_sum(\dots)`` or of ``\sigma_j`` is no negative log-likelihood;
* local response normalisation's windowed ``\sum_{c'=\max(0, c-n/2)}^{\min(N-1, c+n/2)} a_{c'}^2`` is no L2 norm;
* a schedule's ``\max(0, \frac{1}{2}(1 + \cos(\dots)))`` is no ReLU;
* schedule-free SGD's ``(1 - c_{t+1}) x_t + c_{t+1} z_{t+1}`` is no GRU.
"""

from __future__ import annotations

import pytest

from tests.concept_cases import assert_concepts

# (id, latex, must-name ids, must-not-name ids)
CASES = [
    ("gumbel-softmax-no-mean", r"p_{g,v} = \frac{\exp(l_{g,v} + n_v)/\tau}{\sum_{k=1}^{V}\exp(l_{g,k} + n_k)/\tau}",
     set(), {"mean"}),
    ("mean-by-count", r"\mu = \frac{1}{m}\sum_{i=1}^{m} x_i", {"mean"}, set()),
    ("tdc-no-running-sum", r"\mathbf{w}_{t+1} = \mathbf{w}_t + \alpha \rho_t \left( \delta_t \mathbf{x}_t - \gamma "
     r"\mathbf{x}_{t+1} \mathbf{x}_t^\top \mathbf{v}_t \right)", set(), {"running_sum"}),
    ("velocity-still-running-sum", r"v_t = v_{t-1} + \eta\, g_t", {"running_sum"}, set()),
    ("adagrad-still-running-sum", r"G_t = G_{t-1} + g_t^2", {"running_sum"}, set()),
    ("contractive-no-l2-penalty", r"\Omega(\boldsymbol{h}) = \lambda \left\| \frac{\partial \boldsymbol{f}(\boldsymbol{x})}"
     r"{\partial \boldsymbol{x}} \right\|_F^2", set(), {"l2_penalty"}),
    ("weight-decay-still-l2", r"R = \frac{\lambda}{2}\|\mathbf{w}\|^2", {"l2_penalty"}, set()),
    ("detr-box-no-l1-penalty", r"L = \lambda_{\rm L1}\|\mathbf{b} - \hat{\mathbf{b}}\|_1", set(), {"l1_penalty"}),
    ("lasso-still-l1", r"L = \lambda\|\mathbf{w}\|_1", {"l1_penalty"}, set()),
    ("adadelta-no-rms-normalization", r"\Delta x_t = \frac{\sqrt{u_{t-1} + \epsilon}}{\sqrt{v_t + \epsilon}} g_t", set(),
     {"rms_normalization"}),
    ("rmsprop-still-rms", r"\theta_{t+1} = \theta_t - \frac{\eta}{\sqrt{v_t + \epsilon}} g_t", {"rms_normalization"},
     set()),
    ("tf-log-softmax-no-nll", "logsoftmax = logits - log(reduce_sum(exp(logits), axis))", set(), {"nll"}),
    ("gaussian-kl-no-nll", r"D = -\frac{1}{2} \sum_{j=1}^{k} \left( \sigma_j + \mu_j^2 - 1 - \log \sigma_j \right)", set(),
     {"nll"}),
    ("policy-nll-kept", r"L = -\log \pi_\theta(a_t|s_t)", {"nll"}, set()),
    ("density-nll-kept", r"L = -\log p(y|x)", {"nll"}, set()),
    ("lrn-no-l2-norm", r"b_{c} = a_{c}\left(k + \frac{\alpha}{n} \sum_{c'=\max(0, c-n/2)}^{\min(N-1,c+n/2)}a_{c'}^2"
     r"\right)^{-\beta}", set(), {"l2_norm"}),
    ("sum-of-squares-still-l2-norm", r"s = \sum_{i=1}^{n} x_i^2", {"l2_norm"}, set()),
    ("cosine-clamp-no-relu", "return max(0.0, 0.5 * (1.0 + math.cos(math.pi * float(num_cycles) * 2.0 * progress)))",
     set(), {"relu"}),
    ("relu-still-relu", r"h = \max(0, z)", {"relu"}, set()),
    ("schedule-free-no-gru", r"x_{t+1} = (1-c_{t+1})x_t + c_{t+1}z_{t+1}", set(), {"gru"}),
    ("olah-gru-kept", r"h_t = (1 - z_t) h_{t-1} + z_t \tilde{h}_t", {"gru"}, set()),
    ("cho-gru-kept", r"h_t = z_t \odot h_{t-1} + (1 - z_t) \odot \tilde{h}_t", {"gru"}, set()),
]


@pytest.mark.parametrize(("latex", "want", "avoid"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_concepts(latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)
