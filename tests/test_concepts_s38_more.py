r"""Session 34: names missing on held-out set 38 where the reading was right.

* ``inverse_time_decay``, ``polynomial_decay``: η₀/(1 + kt), η₀(1 − t/T)^p, by names of rates and steps;
* ``mixup``: two examples of one family mixed by λ and 1 − λ;
* ``batch_norm_backward``: Ioffe & Szegedy's gradients by the variance, the inputs and γ;
* ``state_space_model``: S4/Mamba's linear recurrence ``h_t = \bar{A} h_{t-1} + \bar{B} x_t``;
* ``diffusion_forward``: DDPM's noising step as a Gaussian (``\mathcal{N}(x_t; \sqrt{1-\beta_t} x_{t-1}, \beta_t I)``),
  its closed form and its sample ``\sqrt{\bar\alpha_t} x_0 + \sqrt{1-\bar\alpha_t}\epsilon``; a Gaussian or a
  reparameterised sample whose scales do not add up to one variance is not one;
* ``noise_prediction_loss``: ``\|\epsilon - \epsilon_\theta(x_t, t)\|^2``; a regression onto another target is not;
* the cosine schedule's factor named by its progress (Keras' ``cosine_decay``, nanoGPT's ``decay_ratio``), never a
  window ``w(x)``;
* the delta rule through ReLU's step, Ng's bias gradient over a batch, the cross-entropy's gradient with an indicator.
"""

from __future__ import annotations

import pytest

from tests.concept_cases import assert_concepts

# (id, latex, must-name ids, must-not-name ids)
CASES = [
    ("mamba-ssm", r"h_t = \bar{A} h_{t-1} + \bar{B} x_t \\ y_t = C h_t", {"state_space_model"}, set()),
    ("control-ssm-bold", r"\mathbf{h}_t = \mathbf{A}\mathbf{h}_{t-1} + \mathbf{B}\mathbf{x}_t", {"state_space_model"},
     set()),
    ("vanilla-rnn-no-ssm", r"h_t = \tanh(W h_{t-1} + U x_t)", {"rnn_cell"}, {"state_space_model"}),
    ("dense-layer-no-ssm", "h = W x + b", {"linear_layer"}, {"state_space_model"}),
    ("ioffe-variance-gradient", r"\frac{\partial \ell}{\partial \sigma_\mathcal{B}^2} = \sum_{i=1}^{m} \frac{\partial "
     r"\ell}{\partial \widehat{x}_i}\cdot(x_i-\mu_\mathcal{B})\cdot\frac{-1}{2}(\sigma_\mathcal{B}^2+\epsilon)^{-3/2}",
     {"batch_norm_backward"}, set()),
    ("ioffe-input-gradient", r"\frac{\partial \ell}{\partial x_i} = \frac{\partial \ell}{\partial \widehat{x}_i}\cdot"
     r"\frac{1}{\sqrt{\sigma_\mathcal{B}^2+\epsilon}} + \frac{\partial \ell}{\partial \sigma_\mathcal{B}^2}\cdot"
     r"\frac{2(x_i-\mu_\mathcal{B})}{m} + \frac{\partial \ell}{\partial \mu_\mathcal{B}}\cdot\frac{1}{m}",
     {"batch_norm_backward"}, set()),
    ("ioffe-scale-gradient", r"\frac{\partial \ell}{\partial \gamma} = \sum_{i=1}^{m} \frac{\partial \ell}{\partial "
     r"y_i}\cdot\widehat{x}_i", {"batch_norm_backward"}, set()),
    ("chain-through-a-prediction", r"\frac{\partial L}{\partial x} = \frac{\partial L}{\partial \hat{y}} "
     r"\frac{\partial \hat{y}}{\partial x}", {"chain_rule"}, {"batch_norm_backward"}),
    ("pytorch-vae-kld", "KLD = -0.5 * torch.sum(1 + logvar - mu.pow(2) - logvar.exp())", {"kl_divergence"}, set()),
    ("keras-vae-kl", "kl_loss = -0.5 * (1 + z_log_var - tf.square(z_mean) - tf.exp(z_log_var))", {"kl_divergence"},
     set()),
    ("exp-look-alike", r"y = 1 + v - m^2 - e^{v} + 2", set(), {"kl_divergence"}),
    ("torchvision-focal-code", "loss = ce_loss * ((1 - p_t) ** gamma)", {"focal_loss"}, set()),
    ("scaled-power-no-focal", r"y = c * (1 - p)^{k}", set(), {"focal_loss"}),
    ("pytorch-sdpa-scores", "attn_weight = query @ key.transpose(-2, -1) * scale_factor",
     {"scaled_dot_product_attention"}, set()),
    ("scaled-gram", "y = A @ B.T * scale", set(), {"scaled_dot_product_attention"}),
    ("mixup-paper", r"\tilde{x} = \lambda x_i + (1 - \lambda) x_j \\ \tilde{y} = \lambda y_i + (1 - \lambda) y_j",
     {"mixup"}, {"ema"}),
    ("mixup-labelled", r"x = \lambda x_A + (1-\lambda) x_B", {"mixup"}, set()),
    ("polyak-target-no-mixup", r"\theta' \leftarrow \tau \theta + (1 - \tau) \theta'", {"ema"}, {"mixup"}),
    ("two-names-no-mixup", r"z = \lambda a + (1 - \lambda) b", {"weighted_average"}, {"mixup"}),
    ("inverse-time-latex", r"\eta_t = \frac{\eta_0}{1 + k t}", {"inverse_time_decay"}, set()),
    ("inverse-time-keras", "lr = initial_lr / (1 + decay * step)", {"inverse_time_decay"}, set()),
    ("hyperbola-no-schedule", r"y = \frac{a}{1 + b x}", set(), {"inverse_time_decay"}),
    ("polynomial-decay", r"\eta_t = \eta_0 (1 - t/T)^p", {"polynomial_decay"}, set()),
    ("linear-decay-code", "lr = lr0 * (1 - step / total_steps)", {"polynomial_decay"}, set()),
    ("power-of-a-fraction", r"p = q (1 - x/N)^2", set(), {"polynomial_decay"}),
    ("ddpm-forward-step", r"q(\mathbf{x}_t|\mathbf{x}_{t-1}) = \mathcal{N}(\mathbf{x}_t|\sqrt{1-\beta_t}\mathbf{x}_{t-1},"
     r"\beta_t\mathbf{I})", {"diffusion_forward", "gaussian_density"}, set()),
    ("ddpm-marginal", r"q(x_t|x_0) = \mathcal{N}(x_t; \sqrt{\bar\alpha_t} x_0, (1-\bar\alpha_t) I)",
     {"diffusion_forward"}, set()),
    ("ddpm-sample", r"\mathbf{x}_t = \sqrt{\bar{\alpha}_t}\mathbf{x}_0 + \sqrt{1-\bar{\alpha}_t}\boldsymbol{\epsilon}",
     {"diffusion_forward"}, set()),
    ("plain-gaussian", r"p(x) = \mathcal{N}(x; \mu, \sigma^2)", {"gaussian_density"}, {"diffusion_forward"}),
    ("vae-sample", r"z = \mu + \sigma \epsilon", {"reparameterization"}, {"diffusion_forward"}),
    ("ddpm-simple-loss", r"L = \mathbb{E}_{t, x_0, \epsilon}\left[\|\epsilon - \epsilon_\theta(\sqrt{\bar\alpha_t}x_0 + "
     r"\sqrt{1-\bar\alpha_t}\epsilon, t)\|^2\right]", {"noise_prediction_loss"}, set()),
    ("noise-loss-bold", r"L = \| \boldsymbol{\epsilon} - \boldsymbol{\epsilon}_\theta(\mathbf{x}_t, t) \|^2",
     {"noise_prediction_loss"}, set()),
    ("regression-loss", r"L = \|y - f_\theta(x)\|^2", set(), {"noise_prediction_loss"}),
    ("keras-cosine-decay", "cosine_decay = 0.5 * (1 + cos(pi * step / decay_steps))", {"cosine_schedule"}, set()),
    ("nanogpt-cosine-coeff", "coeff = 0.5 * (1.0 + math.cos(math.pi * decay_ratio))", {"cosine_schedule"}, set()),
    ("hann-window", r"w(x) = \frac{1}{2}(1 + \cos(\pi x / N))", set(), {"cosine_schedule"}),
    ("relu-backprop", r"\delta^{[k]} = \left(W^{[k+1]\top}\delta^{[k+1]}\right)\odot\mathrm{ReLU}'(z^{[k]})",
     {"delta_rule"}, set()),
    ("ng-bias-gradient", r"db^{[l]} = \frac{1}{m}np.sum(dZ^{[l]}, axis=1, keepdims=True)", {"delta_rule"}, set()),
    ("row-mean-no-gradient", r"y = \frac{1}{m} A \mathbf{1}", set(), {"delta_rule"}),
    ("murphy-ce-gradient", r"\frac{\partial\ell_{\rm ce}(t,y)}{\partial t_i} = \phi_i - 1\{y=i\}", {"output_error"},
     set()),
    ("fixed-position-indicator", r"\frac{\partial L}{\partial x_i} = x_i - 1\{i = 3\}", set(), {"output_error"}),
]


@pytest.mark.parametrize(("latex", "must", "must_not"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_concepts(latex: str, must: set[str], must_not: set[str]) -> None:
    assert_concepts(latex, must, must_not)
