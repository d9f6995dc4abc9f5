"""Session 22, helper names4: concepts missed or falsely named once a formula is read.

Every row is a real formula (its source in the comment above it) or a constructed must-not row (said so).
"""

from __future__ import annotations

import pytest

from tests.concept_cases import assert_concepts

ADAM_PYTORCH = (  # the PyTorch Adam pseudocode as printed in the blind sets (bias-corrected, widehat)
    r"m_t \leftarrow \beta_1 \cdot m_{t-1} + (1 - \beta_1) \cdot g_t \\ v_t \leftarrow \beta_2 \cdot v_{t-1} + "
    r"(1 - \beta_2) \cdot g_t^2 \\ \widehat{m}_t \leftarrow m_t / (1 - \beta_1^t) \\ \widehat{v}_t \leftarrow "
    r"v_t / (1 - \beta_2^t) \\ \theta_t \leftarrow \theta_{t-1} - \alpha \cdot \widehat{m}_t / "
    r"(\sqrt{\widehat{v}_t} + \epsilon)"
)

CASES: list[tuple[str, str, set[str], set[str]]] = [
    # --- reparameterisation without its draw written: the scale is a standard deviation by its writing
    # Kingma & Welling 2013 sec. 2.4 / Lil'Log "From Autoencoder to Beta-VAE": z = μ + σ ⊙ ε
    (
        "reparam-kingma",
        r"\mathbf{z} = \boldsymbol{\mu} + \boldsymbol{\sigma} \odot \boldsymbol{\epsilon}",
        {"reparameterization"},
        set(),
    ),
    # PyTorch VAE example (examples/vae/main.py, reparameterize): return mu + eps*std
    ("reparam-pytorch-code", r"z = mu + eps * std", {"reparameterization"}, set()),
    # Ho et al. 2020 eq. 4 as a sample (Lil'Log, "What are Diffusion Models?"), unicode as pasted from a blog
    ("reparam-ddpm-unicode", r"xₜ = √ᾱₜ x₀ + √(1−ᾱₜ) ε", {"reparameterization"}, set()),
    # DDPM's forward step, Ho et al. 2020 eq. 2 as a sample: x_t = √(1 − β_t) x_{t-1} + √β_t ε
    (
        "reparam-ddpm-step",
        r"x_t = \sqrt{1 - \beta_t}\, x_{t-1} + \sqrt{\beta_t}\, \epsilon_t",
        {"reparameterization"},
        set(),
    ),
    # must-not (constructed): a finite-difference step has no deviation for a scale
    ("not-reparam-step", r"f(x + \epsilon h)", set(), {"reparameterization"}),
    # must-not: FGSM, Goodfellow et al. 2015 eq. (x + ε sign(∇_x J)): a sign, no noise
    (
        "not-reparam-fgsm",
        r"\tilde{x} = x + \epsilon \operatorname{sign}(\nabla_x J(\theta, x, y))",
        set(),
        {"reparameterization"},
    ),
    # must-not: the Transformer's scaled embedding plus the positional encoding (Vaswani et al. 2017 sec. 3.4):
    # √d_model is a size, no deviation
    ("not-reparam-embed-scale", r"h = \sqrt{d_{model}}\, e + p", set(), {"reparameterization"}),
    # --- Adam is not also RMSProp on its own step (PyTorch Adam docs, as in the blind sets)
    ("adam-not-rmsprop", ADAM_PYTORCH, {"adam", "bias_correction"}, {"rmsprop", "adamw"}),
    # Tieleman & Hinton / PyTorch RMSprop on its own still names RMSProp (Ruder's overview eq.)
    (
        "rmsprop-alone",
        r"E[g^2]_t = 0.9 E[g^2]_{t-1} + 0.1 g^2_t \\ \theta_{t+1} = \theta_{t} - "
        r"\dfrac{\eta}{\sqrt{E[g^2]_{t} + \epsilon}} g_{t}",
        {"rmsprop"},
        {"adam"},
    ),
    # --- Dice loss written with index-free sums or set sizes
    # Milletari et al. 2016 / segmentation blogs: 1 − 2|A ∩ B|/(|A| + |B|)
    ("dice-sets", r"\mathcal{L}_{dice} = 1 - \frac{2 \cdot |A \cap B|}{|A| + |B|}", {"dice_loss"}, set()),
    # the smoothed set form (jeremyjordan.me "An overview of semantic image segmentation"): ε above and below
    (
        "dice-sets-smooth",
        r"\mathcal{L}_{\text{Dice}} = 1 - \frac{2\,|X \cap Y| + \epsilon}{|X| + |Y| + \epsilon}",
        {"dice_loss"},
        set(),
    ),
    # Keras-style blog form with index-free sums of y_true, y_pred
    (
        "dice-keras-sums",
        r"\mathrm{loss} = 1 - \frac{2 \sum y_{\text{true}} \, y_{\text{pred}}}{\sum y_{\text{true}}"
        r" + \sum y_{\text{pred}}}",
        {"dice_loss"},
        set(),
    ),
    # smoothing written only below (a Kaggle kernel's dice = 1 − 2|pred ∩ true|/(|pred| + |true| + smooth))
    ("dice-smooth-below", r"dice = 1 - \frac{2 * |pred \bigcap true|}{|pred| + |true| + smooth}", {"dice_loss"}, set()),
    # segmentation_models_pytorch DiceLoss averaged over the batch: 1 − mean over n of the smoothed Dice
    (
        "dice-batch-mean",
        r"\mathcal{L} = 1 - \frac{1}{N}\sum_{n=1}^{N}\frac{2\sum_i p_{n,i} g_{n,i} + 1}"
        r"{\sum_i p_{n,i} + \sum_i g_{n,i} + 1}",
        {"dice_loss"},
        set(),
    ),
    # must-not: the Jaccard index (IoU) is no Dice (Wikipedia, Jaccard index)
    ("not-dice-jaccard", r"J = \frac{|A \cap B|}{|A| + |B| - |A \cap B|}", set(), {"dice_loss"}),
    # --- weight decay: a bold shrink, and the decay term in the gradient's definition
    # d2l 3.7 (weight decay), the update w ← (1 − ηλ) w − ...: its decay alone, bold
    ("wd-bold-shrink", r"\mathbf{w} \leftarrow \mathbf{w} - \eta\lambda\mathbf{w}", {"weight_decay"}, set()),
    # Loshchilov & Hutter 2019, Algorithm 2 line 6 (Adam with L2 regularization)
    (
        "wd-gradient-definition",
        r"\boldsymbol{g}_t \leftarrow \nabla f_t(\boldsymbol{\theta}_{t-1}) + \lambda "
        r"\boldsymbol{\theta}_{t-1}",
        {"weight_decay"},
        set(),
    ),
    # the same with a named gradient variable (PyTorch SGD docs: g_t ← ∇_θ f_t(θ_{t-1}), then + λθ_{t-1})
    (
        "wd-gradient-nabla-sub",
        r"g_t \leftarrow \nabla_{\theta} f_t(\theta_{t-1}) + \lambda \theta_{t-1}",
        {"weight_decay"},
        set(),
    ),
    # must-not (constructed): a velocity added to a gradient is no decay of the parameters
    ("not-wd-velocity", r"g_t \leftarrow \nabla f(\theta_t) + \mu v_t", set(), {"weight_decay"}),
    # must-not: dropout's keep scaling of a hidden vector is no weight decay (constructed, inverted dropout)
    ("not-wd-keep", r"\mathbf{h} \leftarrow (1 - p)\mathbf{h}", set(), {"weight_decay"}),
    # --- negative log-likelihoods that write no log of a class probability
    # PyTorch docs, torch.nn.NLLLoss (reduction='none')
    (
        "nll-pytorch",
        r"\ell(x, y) = L = \{l_1,\dots,l_N\}^\top, \quad l_n = - w_{y_n} x_{n,y_n}",
        {"nll"},
        {"cross_entropy"},
    ),
    # MindSpore nll_loss docs (verbatim), target called t
    (
        "nll-mindspore",
        r"\ell(x, t)=L=\left\{l_{1}, \ldots, l_{N}\right\}^{\top}, \quad l_{n}=-w_{t_{n}} "
        r"x_{n, t_{n}}",
        {"nll"},
        {"cross_entropy", "log_softmax"},
    ),
    # PyTorch docs, torch.nn.PoissonNLLLoss
    (
        "nll-poisson-pytorch",
        r"\text{target} \sim \mathrm{Poisson}(\text{input}), \quad \text{loss}(\text{input}, "
        r"\text{target}) = \text{input} - \text{target} * \log(\text{input}) + \log(\text{target!})",
        {"nll"},
        {"cross_entropy", "kl_divergence"},
    ),
    # Keras docs, keras.losses.Poisson: a rate, no class probability: never cross-entropy
    ("poisson-keras-not-ce", r"loss = y_pred - y_true * log(y_pred)", set(), {"cross_entropy", "binary_cross_entropy"}),
    # must-not: focal loss's 1 − p̂_{i,y_i} holds a negated probability, no NLL of its own (Mukhoti et al. 2020 eq. 1)
    (
        "focal-not-nll-inside",
        r"\mathcal{L}_f = -\sum_{i=1}^{N} (1 - \hat{p}_{i,y_i})^\gamma \log \hat{p}_{i,y_i}",
        {"focal_loss"},
        {"nll"},
    ),
    # must-not (constructed): a bare negated score is no likelihood
    ("not-nll-score", r"L_i = -s_{y_i}", set(), {"nll"}),
    # --- a VAE's reconstruction term is a likelihood of x given the draw z, not a cross-entropy
    # Lil'Log, "From Autoencoder to Beta-VAE", the VAE loss
    (
        "vae-reconstruction-not-ce",
        r"L_\text{VAE}(\theta, \phi) = - \mathbb{E}_{\mathbf{z} \sim q_\phi(\mathbf{z}\vert\mathbf{x})} \log "
        r"p_\theta(\mathbf{x}\vert\mathbf{z}) + D_\text{KL}( q_\phi(\mathbf{z}\vert\mathbf{x}) \| p_\theta(\mathbf{z}) )",
        {"kl_divergence", "nll"},
        {"cross_entropy"},
    ),
    # Goodfellow et al. eq. 6.12: the draw is the pair (x, y) itself: still the cross-entropy
    (
        "goodfellow-6.12-ce",
        r"J(\theta) = -\mathbb{E}_{\mathbf{x}, \mathbf{y} \sim \hat{p}_{\text{data}}} \log "
        r"p_{\text{model}}(\mathbf{y} \mid \mathbf{x})",
        {"cross_entropy"},
        set(),
    ),
    # Goodfellow et al. eq. 3.51
    ("goodfellow-3.51-ce", r"H(P, Q) = -\mathbb{E}_{x \sim P} \log Q(x)", {"cross_entropy"}, set()),
    # --- a variance about a hatted (estimated) mean is a variance, not an MSE
    # d2l 8.5 (batch norm), eq. 8.5.2 with its ε
    (
        "d2l-bn-variance",
        r"\hat{\boldsymbol{\sigma}}_\mathcal{B}^2 = \frac{1}{|\mathcal{B}|} \sum_{\mathbf{x} \in \mathcal{B}} "
        r"(\mathbf{x} - \hat{\boldsymbol{\mu}}_{\mathcal{B}})^2 + \epsilon",
        {"variance"},
        {"mse"},
    ),
    # Ioffe & Szegedy 2015, Algorithm 1 with a hatted batch mean
    ("ioffe-variance-hat", r"\sigma_B^2 = \frac{1}{m}\sum_{i=1}^m (x_i - \hat{\mu}_B)^2", {"variance"}, {"mse"}),
    # Wikipedia, Mean squared error: a prediction is no mean
    ("mse-prediction", r"\mathrm{MSE} = \frac{1}{n}\sum_{i=1}^{n}(Y_i - \hat{Y}_i)^2", {"mse"}, {"variance"}),
    # --- softplus's identity is not a log-sigmoid (Goodfellow et al. eq. 3.42); eq. 3.40's form still is
    ("goodfellow-3.42-softplus", r"\zeta(x) - \zeta(-x) = x", {"softplus"}, {"log_sigmoid"}),
    ("goodfellow-3.40-log-sigmoid", r"\log \sigma(x) = -\zeta(-x)", {"log_sigmoid"}, set()),
    # --- an array called var, indexed by the sum's index, is no variance (PyTorch docs, GaussianNLLLoss)
    (
        "pytorch-gaussian-nll-var-array",
        r"\text{loss} = \frac{1}{2}\sum_{i=1}^D \left(\log\left(\text{max}\left(\text{var}[i], \ \text{eps}\right)"
        r"\right) + \frac{\left(\text{input}[i] - \text{target}[i]\right)^2} {\text{max}\left(\text{var}[i], \ "
        r"\text{eps}\right)}\right) + \text{const.}",
        {"gaussian_nll"},
        {"variance", "mse"},
    ),
    # Ioffe & Szegedy 2015 sec. 3: the Var operator of a quantity keeps its name
    ("ioffe-var-operator", r"\mathrm{Var}[x^{(k)}]", {"variance"}, set()),
    # --- cs231n softmax: a constant C times the exponentials is still the softmax, no plain normalisation
    (
        "cs231n-softmax-stability",
        r"\frac{e^{f_{y_i}}}{\sum_j e^{f_j}} = \frac{Ce^{f_{y_i}}}{C\sum_j e^{f_j}} = "
        r"\frac{e^{f_{y_i} + \log C}}{\sum_j e^{f_j + \log C}}",
        {"softmax"},
        {"normalization"},
    ),
    # a plain sum-to-one normalisation keeps its name (constructed)
    ("sum-to-one", r"p_i = \frac{x_i}{\sum_j x_j}", {"normalization"}, set()),
    # --- dot products of two bold vectors of families, read entry by entry
    # Kipf & Welling 2016 (VGAE), the inner-product decoder
    ("vgae-decoder", r"\hat{A}_{ij} = \sigma(\mathbf{z}_i^\top \mathbf{z}_j)", {"dot_product"}, set()),
    # Lil'Log "Attention? Attention!", scaled dot-product score (Luong et al. 2015 table)
    (
        "lilog-scaled-dot-score",
        r"\text{score}(\boldsymbol{s}_t, \boldsymbol{h}_i) = \frac{\boldsymbol{s}_t^\top\boldsymbol{h}_i}{\sqrt{n}}",
        {"dot_product"},
        set(),
    ),
    # must-not: cs231n's row of W times x is a matrix's row, no dot product of two vectors
    ("not-dot-matrix-row", r"s_i = \sum_j W_{ij} x_j", set(), {"dot_product"}),
    # must-not: Bahdanau et al. 2015's context vector weights vectors by Greek weights
    ("not-dot-context", r"\mathbf{c}_i = \sum_j \alpha_{ij} \mathbf{h}_j", set(), {"dot_product"}),
]


@pytest.mark.parametrize(("latex", "want", "avoid"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_concepts(latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)
