"""Round 2 of issue 14, losses and divergences: notations the first round's recognisers missed.

Each row: (id, LaTeX, must-name, must-not-name), through ``symdl.parse`` and ``symdl.chunk.explain``.
Sources are cited per row; the must-not rows are look-alikes that are not the concept.
"""

from __future__ import annotations

import pytest

import symdl
from symdl.chunk import explain
from tests.concept_cases import assert_concepts

CASES: list[tuple[str, str, set[str], set[str]]] = [
    # --- softmax cross-entropy written with logits: log-sum-exp minus the true class's score
    ("ce-logits-cs231n", r"L_i = -f_{y_i} + \log\sum_j e^{f_j}", {"cross_entropy", "logsumexp"}, set()),  # cs231n
    ("ce-logits-d2l", r"l = \log \sum_{k=1}^{q} \exp(o_k) - \sum_{j=1}^{q} y_j o_j", {"cross_entropy"}, set()),
    # d2l 4.1.2 (softmax regression, the loss with one-hot y)
    ("ce-logits-mean", r"L = \frac{1}{N}\sum_i \left(-s_{y_i} + \log\sum_j e^{s_j}\right)", {"cross_entropy"},
     set()),  # cs231n, averaged over the batch
    ("not-ce-log-softmax", r"l = s_{y} - \log\sum_j e^{s_j}", {"log_softmax"}, {"cross_entropy"}),  # its negative
    ("not-ce-other-family", r"l = \log\sum_j e^{s_j} - b_{y}", {"logsumexp"}, {"cross_entropy"}),
    # --- weighted negative log-likelihood (one term of a cross-entropy with a class weight)
    ("ce-alpha-balanced", r"\mathrm{CE}(p_{\mathrm{t}}) = -\alpha_{\mathrm{t}} \log(p_{\mathrm{t}})",
     {"cross_entropy", "nll"}, set()),  # Lin et al. 2017 (RetinaNet) eq. 3
    ("nll-weighted-torch", r"l_n = -w_{y_n} \log p_{y_n}", {"nll"}, set()),  # PyTorch NLLLoss (on log p)
    ("not-nll-entropy-term", r"h = -p_i \log p_i", set(), {"nll", "cross_entropy"}),
    ("not-nll-barrier", r"b = -\lambda \log x", set(), {"nll", "cross_entropy"}),  # a log barrier
    # --- entropy as an expectation under the distribution itself
    ("entropy-expect-goodfellow", r"H(\mathrm{x}) = -\mathbb{E}_{\mathrm{x} \sim P}[\log P(x)]",
     {"entropy", "expectation"}, {"cross_entropy", "nll"}),  # Goodfellow eq. 3.49
    ("entropy-expect-inside", r"H(q) = \mathbb{E}_{z \sim q}[-\log q(z)]", {"entropy"}, {"nll"}),  # Wikipedia
    ("entropy-expect-px", r"H = -\mathbb{E}_{x \sim p(x)}[\log p(x)]", {"entropy"}, {"cross_entropy"}),  # Bishop
    ("not-entropy-cross", r"H(p, q) = -\mathbb{E}_{x \sim p}[\log q(x)]", {"cross_entropy"}, {"entropy"}),
    # Goodfellow eq. 3.51: the cross-entropy, two distributions
    # --- KL as an expectation (primary over the expectation) and in log-space (PyTorch KLDivLoss)
    ("kl-expect-chain", r"D_{\mathrm{KL}}(P \| Q) = \mathbb{E}_{\mathrm{x} \sim P}\left[ \log \frac{P(x)}{Q(x)} "
     r"\right] = \mathbb{E}_{\mathrm{x} \sim P}\left[ \log P(x) - \log Q(x) \right]",
     {"kl_divergence", "expectation"}, {"cross_entropy", "nll"}),  # Goodfellow eq. 3.50
    ("kl-expect-diff", r"D = \mathbb{E}_{x \sim p}[\log p(x) - \log q(x)]", {"kl_divergence"}, {"nll"}),  # Bishop
    ("kl-torch-pointwise", r"L(y_{\text{pred}},\ y_{\text{true}}) = y_{\text{true}} \cdot \log "
     r"\frac{y_{\text{true}}}{\exp(y_{\text{pred}})} = y_{\text{true}} \cdot (\log y_{\text{true}} - y_{\text{pred}})",
     {"kl_divergence"}, set()),  # PyTorch KLDivLoss docs
    ("kl-torch-sum", r"L = \sum_i p_i (\log p_i - z_i)", {"kl_divergence"}, set()),  # KLDivLoss, reduction='sum'
    ("not-kl-xlogx", r"L = x \log x - x", set(), {"kl_divergence"}),
    ("not-kl-other-log", r"L = p (\log q - z)", set(), {"kl_divergence"}),
    # --- JS divergence without the ½ (WGAN)
    ("js-wgan", r"JS(\mathbb{P}_r, \mathbb{P}_g) = KL(\mathbb{P}_r \| \mathbb{P}_m) + KL(\mathbb{P}_g \| "
     r"\mathbb{P}_m), \quad \mathbb{P}_m = (\mathbb{P}_r + \mathbb{P}_g)/2", {"js_divergence", "kl_divergence"},
     set()),  # Arjovsky et al. 2017 (WGAN) sec. 2
    ("js-unscaled", r"J = KL(P \| M) + KL(Q \| M)", {"js_divergence"}, set()),  # Lin 1991 (the "K" form, x2)
    ("not-js-mixed-scale", r"J = \frac{1}{2} KL(P \| M) + KL(Q \| M)", set(), {"js_divergence"}),
    ("not-js-swapped", r"J = KL(P \| M) + KL(M \| Q)", set(), {"js_divergence"}),
    # --- GAN: the expectation inside the objective, the generator's term alone
    ("gan-expect", r"\min_G \max_D V(D, G) = \mathbb{E}_{\boldsymbol{x} \sim p_{\text{data}}(\boldsymbol{x})}"
     r"[\log D(\boldsymbol{x})] + \mathbb{E}_{\boldsymbol{z} \sim p_{\boldsymbol{z}}(\boldsymbol{z})}"
     r"[\log(1 - D(G(\boldsymbol{z})))]", {"gan_minimax", "expectation"}, set()),  # Goodfellow et al. 2014 eq. 1
    ("gan-generator-grad", r"\nabla_{\theta_g} \frac{1}{m} \sum_{i=1}^{m} \log\left(1 - D\left(G\left("
     r"\boldsymbol{z}^{(i)}\right)\right)\right)", {"gan_minimax"}, set()),  # Goodfellow et al. 2014, Algorithm 1
    ("gan-generator-expect", r"J = \mathbb{E}_{z \sim p_z}[\log(1 - D(G(z)))]", {"gan_minimax"}, set()),
    # Goodfellow et al. 2014 eq. 1, the term G controls
    ("gan-disc-batch", r"J = \frac{1}{m} \sum_{i=1}^{m} [\log D(x^{(i)}) + \log(1 - D(G(z^{(i)})))]",
     {"gan_minimax"}, set()),  # Goodfellow et al. 2014, Algorithm 1 (discriminator)
    ("not-gan-sigmoid", r"J = \frac{1}{m} \sum_{i=1}^{m} \log\left(1 - \sigma(w x_i)\right)", set(),
     {"gan_minimax"}),
    # --- ELBO with the entropy of q (Goodfellow's form)
    ("elbo-entropy-goodfellow", r"\mathcal{L}(\boldsymbol{v}, \boldsymbol{\theta}, q) = \mathbb{E}_{\mathbf{h} "
     r"\sim q}\left[ \log p(\boldsymbol{h}, \boldsymbol{v}) \right] + H(q)", {"elbo", "entropy", "expectation"},
     set()),  # Goodfellow eq. 19.1 / 16.?
    ("elbo-entropy-written", r"L = \mathbb{E}_{z \sim q(z)}\left[ \log p(x, z) \right] - \mathbb{E}_{z \sim q(z)}"
     r"\left[\log q(z) \right]", {"elbo", "entropy"}, set()),  # Blei et al. 2017 eq. 13 (ELBO)
    ("not-elbo-other-functional", r"L = \mathbb{E}_{z \sim q}\left[ \log p(x, z) \right] + R(p)", set(), {"elbo"}),
    # --- Dice: smoothed and class-weighted (generalised)
    ("dice-smoothed", r"\mathcal{L}_{\text{Dice}} = 1 - \frac{2\sum_{i} y_i \hat{y}_i + s}{\sum_{i} y_i + "
     r"\sum_{i} \hat{y}_i + s}", {"dice_loss"}, set()),  # segmentation_models / common smoothed soft Dice
    ("dice-generalised", r"\mathrm{GDL} = 1 - 2 \frac{\sum_{l=1}^{2} w_l \sum_n r_{ln} p_{ln}}{\sum_{l=1}^{2} w_l "
     r"\sum_n (r_{ln} + p_{ln})}", {"dice_loss"}, set()),  # Sudre et al. 2017 eq. 2
    ("dice-smooth-one", r"D = 1 - \frac{2\sum_{i} p_i g_i + 1}{\sum_{i} p_i + \sum_{i} g_i + 1}", {"dice_loss"},
     set()),  # Milletari et al. 2016 (V-Net) with Laplace smoothing
    ("not-dice-jaccard", r"J = 1 - \frac{\sum_{i} p_i g_i}{\sum_{i} p_i + \sum_{i} g_i - \sum_i p_i g_i}", set(),
     {"dice_loss"}),  # soft Jaccard (IoU) loss
    ("not-dice-other-size", r"D = 1 - \frac{2\sum_{i} p_i g_i}{\sum_{i} p_i + \sum_{i} h_i}", set(), {"dice_loss"}),
    # --- cosine embedding loss with \lVert norms
    ("cosemb-lvert", r"\ell(\mathbf{a}, \mathbf{b}, y) = \begin{cases} 1 - \dfrac{\mathbf{a} \cdot \mathbf{b}}"
     r"{\lVert\mathbf{a}\rVert \lVert\mathbf{b}\rVert} & y = 1 \\ \max\left(0, \dfrac{\mathbf{a} \cdot \mathbf{b}}"
     r"{\lVert\mathbf{a}\rVert \lVert\mathbf{b}\rVert} - m\right) & y = -1 \end{cases}",
     {"cosine_embedding_loss", "cosine_similarity"}, set()),  # PyTorch CosineEmbeddingLoss (dev form)
    ("cosemb-transpose", r"\ell = \begin{cases} 1 - \frac{\mathbf{u}^\top \mathbf{v}}{\|\mathbf{u}\| \|\mathbf{v}\|}"
     r" & y = 1 \\ \max\left(0, \frac{\mathbf{u}^\top \mathbf{v}}{\|\mathbf{u}\| \|\mathbf{v}\|} - \delta\right) & "
     r"y = -1 \end{cases}", {"cosine_embedding_loss"}, set()),  # same loss, transpose notation
    ("not-cosemb-dot-only", r"\ell = \begin{cases} 1 - \mathbf{a} \cdot \mathbf{b} & y = 1 \\ \max\left(0, "
     r"\mathbf{a} \cdot \mathbf{b} - m\right) & y = -1 \end{cases}", set(), {"cosine_embedding_loss"}),
    # --- Gaussian NLL with a clamp and an additive constant
    ("gnll-torch", r"\text{loss} = \frac{1}{2}\left(\log\left(\text{max}\left(\text{var}, \ \text{eps}\right)\right)"
     r" + \frac{\left(\text{input} - \text{target}\right)^2}{\text{max}\left(\text{var}, \ \text{eps}\right)}\right)"
     r" + \text{const.}", {"gaussian_nll"}, set()),  # PyTorch GaussianNLLLoss docs
    ("gnll-sigma", r"l = \frac{1}{2}\left(\log \sigma^2 + \frac{(y - \mu)^2}{\sigma^2}\right) + c",
     {"gaussian_nll"}, set()),  # Nix & Weigend 1994 / Kendall & Gal 2017, up to a constant
    ("not-gnll-no-log", r"l = \frac{1}{2}\left(\sigma^2 + \frac{(y - \mu)^2}{\sigma^2}\right) + c", set(),
     {"gaussian_nll"}),
    # --- MSE with ½ inside the mean and an affine prediction
    ("mse-d2l", r"L(\mathbf{w}, b) = \frac{1}{n}\sum_{i=1}^n \frac{1}{2}\left(\mathbf{w}^\top \mathbf{x}^{(i)} + b"
     r" - y^{(i)}\right)^2", {"mse"}, set()),  # d2l 3.1.1
    ("mse-ng-affine", r"J = \frac{1}{2m}\sum_{i=1}^m (\theta_0 + \theta_1 x_i - y_i)^2", {"mse"}, {"l2_penalty"}),
    # Ng, CS229 / Coursera ML linear regression cost
    ("not-mse-no-difference", r"J = \frac{1}{m}\sum_{i=1}^m (a_i + b_i + c_i)^2", set(), {"mse"}),
    ("not-mse-two-subtracted", r"J = \frac{1}{m}\sum_{i=1}^m \frac{1}{2} (a_i - b_i - c_i)^2", set(), {"mse"}),
    ("l2-still", r"R = \frac{\lambda}{2m}\sum_{j=1}^n \theta_j^2", {"l2_penalty"}, set()),  # Ng, regularised cost
    # --- PyTorch's docs: mean(L) of per-element losses defined in later statements
    ("mae-torch-docs", r"\ell(x, y) = \operatorname{mean}(L), \quad L = \{l_1,\dots,l_N\}^\top, \quad l_n = "
     r"\left| x_n - y_n \right|", {"mae"}, {"mse"}),  # PyTorch L1Loss docs (reduction='mean')
    ("mse-torch-docs", r"\ell(x, y) = \operatorname{mean}(L), \quad L = \{l_1,\dots,l_N\}^\top, \quad l_n = "
     r"\left( x_n - y_n \right)^2", {"mse"}, {"mae"}),  # PyTorch MSELoss docs (reduction='mean')
    ("not-mae-sum-inside", r"\ell(x, y) = \operatorname{mean}(L), \quad L = \{l_1,\dots,l_N\}^\top, \quad "
     r"l_n = \left| x_n + y_n \right|", set(), {"mae"}),
    # --- binary cross-entropy in logistic form
    ("bce-goodfellow", r"J(\boldsymbol{\theta}) = -\log \sigma((2y - 1) z) = \zeta((1 - 2y) z)",
     {"binary_cross_entropy", "softplus"}, set()),  # Goodfellow eq. 6.20-6.21
    ("bce-sigma-form", r"L = -\log \sigma((2y - 1) z)", {"binary_cross_entropy"}, set()),  # Goodfellow 6.2.2.2
    ("not-bce-flipped", r"L = \zeta((2y-1) z)", {"softplus"}, {"binary_cross_entropy"}),
    ("not-bce-pm1", r"L = -\log \sigma(y z)", set(), {"binary_cross_entropy"}),  # ±1 labels: not told
    # --- InfoNCE: the scores inside a loss L_q are no learning-rate warm-up in the step q
    ("infonce-moco", r"\mathcal{L}_q = -\log \frac{\exp(q \cdot k_+ / \tau)}{\sum_{i=0}^{K} \exp(q \cdot k_i / "
     r"\tau)}", {"infonce"}, {"warmup"}),  # He et al. 2020 (MoCo) eq. 1
    ("infonce-cpc", r"\mathcal{L}_t = -\log \frac{\exp(s_{t} / \tau)}{\sum_{j=1}^{N} \exp(s_{t} r_j / \tau)}",
     set(), {"warmup"}),
    ("warmup-still", r"\eta_t = \eta_{\max} \frac{t}{T_w}", {"warmup"}, set()),  # Goyal et al. 2017 linear warm-up
    # --- log-mean-exp (mellowmax)
    ("lme-mellowmax", r"mm_\omega(\mathbf{x}) = \frac{\log\left( \frac{1}{n} \sum_{i=1}^{n} e^{\omega x_i} \right)}"
     r"{\omega}", {"logsumexp"}, set()),  # Asadi & Littman 2017 (mellowmax) eq. 1
    ("lme-plain", r"m = \log\left(\frac{1}{n}\sum_{i=1}^n e^{x_i}\right)", {"logsumexp"}, set()),  # log-mean-exp
    ("not-lme-mean", r"m = \log\left(\sum_{i=1}^n \frac{1}{n} x_i\right)", set(), {"logsumexp"}),
    ("not-lme-half", r"m = \log\left(\frac{1}{2}\sum_{i=1}^n e^{x_i}\right)", set(), {"logsumexp"}),
]


@pytest.mark.parametrize(("latex", "want", "avoid"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_loss_r2_concepts(latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)


def _chunk(latex: str, cid: str):
    expl = explain(symdl.parse(latex))
    return next(c for r in expl.statements for c in r.walk() if c.concept == cid)


def test_notes_say_what_this_instance_is() -> None:
    assert "one-hot" in _chunk(r"l = \log \sum_{k=1}^{q} \exp(o_k) - \sum_{j=1}^{q} y_j o_j", "cross_entropy").note
    assert "alpha" in _chunk(r"-\alpha_{t} \log(p_{t})", "nll").note
    assert "generalised" in _chunk(r"1 - 2 \frac{\sum_{l=1}^{2} w_l \sum_n r_{ln} p_{ln}}{\sum_{l=1}^{2} w_l "
                                   r"\sum_n (r_{ln} + p_{ln})}", "dice_loss").note
    assert "smoothed" in _chunk(r"1 - \frac{2\sum_{i} p_i g_i + 1}{\sum_{i} p_i + \sum_{i} g_i + 1}", "dice_loss").note
    assert "WGAN" in _chunk(r"J = KL(P \| M) + KL(Q \| M)", "js_divergence").note
    assert "log-probability" in _chunk(r"L = \sum_i p_i (\log p_i - z_i)", "kl_divergence").note
    assert _chunk(r"J = \mathbb{E}_{z \sim p_z}[\log(1 - D(G(z)))]", "gan_minimax").name == "GAN generator objective"
    assert _chunk(r"m = \log\left(\frac{1}{n}\sum_{i=1}^n e^{x_i}\right)", "logsumexp").name == "log-mean-exp"
