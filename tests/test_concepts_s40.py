r"""Session 36: false labels found on held-out sets 39 and 40, each with the look-alike that must keep its name.

* StyleGAN2's path-length regulariser ``\|\mathbf{J}^T_\mathbf{w}\mathbf{y}\|_2``: a Jacobian's transpose times a
  vector is a vector-Jacobian product, no linear layer;
* a squared difference in an exponent (a locally weighted regression's kernel weight ``\exp(-(x^{(i)} - x)^2 /
  2\tau^2)``) is no squared error;
* IWAE's ``\log \frac{1}{K}\sum_k p/q`` is no KL divergence (the log of an average of ratios);
* LAMB's ``(r + \lambda w)^T (r + \lambda w)`` inside a norm is no linear layer (a row times a column);
* PyTorch's PolynomialLR ``lr = lr \times factor``, its factor computed each step, is no exponential decay;
* CleanRL's GAE recursion ``lastgaelam = \delta + \gamma\lambda \cdot nextnonterminal \cdot lastgaelam`` is no
  momentum;
* a name missed: d2l's RMSProp step with bold vectors, ``\eta / \sqrt{\boldsymbol{s}_t + \epsilon} \odot
  \boldsymbol{g}_t`` (ε broadcast over the vector hid the guard, and read as a squared norm), is the RMS scaling.
"""

from __future__ import annotations

import pytest

from tests.concept_cases import assert_concepts

# (id, latex, must-name ids, must-not-name ids)
CASES = [
    ("stylegan2-path-length-no-layer", r"\mathbb{E}_{\mathbf{w}, \mathbf{y}\sim\mathcal{N}(0, \mathbf{I})}\left(\left\|"
     r"\mathbf{J}^T_\mathbf{w}\mathbf{y}\right\|_2 - a\right)^2", set(), {"linear_layer"}),
    ("jacobian-vector-no-layer", r"\mathbf{v} = J^T \mathbf{u}", set(), {"linear_layer"}),
    ("transposed-weight-still-layer", r"\mathbf{h} = W^T \mathbf{x} + \mathbf{c}", {"linear_layer"}, set()),
    ("weight-map-still-layer", r"\mathbf{h} = W \mathbf{x}", {"linear_layer"}, set()),
    ("kernel-weight-no-squared-error", r"w^{(i)} = \exp\left(-\frac{(x^{(i)} - x)^2}{2\tau^2}\right)", set(),
     {"squared_error"}),
    ("squared-error-kept", r"L = (y - \hat{y})^2", {"squared_error"}, set()),
    ("iwae-no-kl", r"\mathcal{L}_K = \mathbb{E}_{z_{1:K} \sim q(z|x)}\left[\log \frac{1}{K}\sum_{k=1}^K \frac{p(x, "
     r"z_k)}{q(z_k|x)}\right]", set(), {"kl_divergence"}),
    ("kl-kept", r"D = \sum_x p(x) \log \frac{p(x)}{q(x)}", {"kl_divergence"}, set()),
    ("lamb-no-layer", r"w_t=w_{t-1}-\eta_t*\frac{\left \| w_{t-1}\right \|}{\left \| r_t+\lambda*w_{t-1}\right \|}"
     r"*(r_t+\lambda*w_{t-1})", set(), {"linear_layer"}),
    ("affine-unit-kept", r"z = \mathbf{w}^T \mathbf{x} + b", {"linear_layer"}, set()),
    ("polynomial-lr-no-exponential", r"\begin{split} &factor = (\frac{1.0 - \frac{last\_epoch}{total\_iters}}{1.0 - "
     r"\frac{last\_epoch - 1.0}{total\_iters}}) ^{power}\\ &lr = lr \times factor \end{split}", set(),
     {"exponential_decay"}),
    ("geometric-rate-kept", r"\eta \leftarrow \eta \gamma", {"exponential_decay"}, set()),
    ("gae-no-momentum", "advantages[t] = lastgaelam = delta + args.gamma * args.gae_lambda * nextnonterminal * "
     "lastgaelam", set(), {"momentum"}),
    ("ruder-momentum-kept", r"v_t = \gamma v_{t-1} + \eta \nabla_\theta J(\theta)", {"momentum"}, set()),
    ("d2l-rmsprop-step-bold", r"\boldsymbol{x}_t \leftarrow \boldsymbol{x}_{t-1} - \frac{\eta}{\sqrt{\boldsymbol{s}_t + "
     r"\epsilon}} \odot \boldsymbol{g}_t", {"rms_normalization"}, set()),
    ("normalised-by-norm-not-rms", r"\mathbf{y} = \frac{\mathbf{x}}{\|\mathbf{x}\| + \epsilon}", set(),
     {"rms_normalization"}),
]


@pytest.mark.parametrize(("latex", "want", "avoid"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_concepts(latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)
