"""Losses and divergences (issue 14, helper LOSS): which concepts symdl must (and must not) name.

Each row: (id, LaTeX, must-name, must-not-name), through ``symdl.parse`` and ``symdl.chunk.explain``.
Sources are cited per row; the must-not rows are look-alikes that are not the concept.
"""

from __future__ import annotations

import pytest

import symdl
from symdl.chunk import explain
from tests.concept_cases import assert_concepts

CASES: list[tuple[str, str, set[str], set[str]]] = [
    # --- entropy vs cross-entropy vs KL
    ("entropy-sum", r"-\sum_i p_i \log p_i", {"entropy"}, {"cross_entropy", "kl_divergence"}),  # Goodfellow 3.13
    ("entropy-fn", r"H(p) = -\sum_{x} p(x) \log p(x)", {"entropy"}, {"cross_entropy"}),  # Bishop 1.93
    ("entropy-binary", r"-p \log p - (1-p)\log(1-p)", {"entropy"}, {"binary_cross_entropy"}),  # Wikipedia
    ("not-entropy-ce", r"-\sum_k y_k \log p_k", {"cross_entropy"}, {"entropy"}),  # cs231n
    ("kl-sum", r"D_{KL}(P \| Q) = \sum_i p_i \log \frac{p_i}{q_i}", {"kl_divergence"}, {"entropy"}),  # Goodfellow
    ("kl-fn", r"\sum_x P(x) \log \frac{P(x)}{Q(x)}", {"kl_divergence"}, set()),  # Wikipedia
    ("kl-expect", r"\mathbb{E}_{x \sim p}\left[\log \frac{p(x)}{q(x)}\right]", {"kl_divergence"}, set()),  # Goodfellow 3.50
    ("kl-ce-minus-h", r"-\sum_i p_i \log q_i + \sum_i p_i \log p_i", {"kl_divergence"}, {"entropy"}),  # Bishop 1.113
    ("kl-vae", r"-\frac{1}{2}\sum_{j=1}^{J}(1 + \log \sigma_j^2 - \mu_j^2 - \sigma_j^2)", {"kl_divergence"}, set()),
    # Kingma & Welling 2013 appendix B (negated: the KL itself)
    ("kl-two-gauss", r"\log \frac{\sigma_2}{\sigma_1} + \frac{\sigma_1^2 + (\mu_1 - \mu_2)^2}{2 \sigma_2^2} - \frac{1}{2}",
     {"kl_divergence"}, set()),  # Wikipedia, KL of normals
    ("not-kl-ce", r"-\sum_i p_i \log q_i", {"cross_entropy"}, {"kl_divergence"}),
    ("not-kl-same-weight", r"\sum_i q_i \log \frac{p_i}{q_i} + \sum_i q_i", set(), {"kl_divergence"}),
    # --- JS
    ("js-named", r"\frac{1}{2} D_{KL}(P \| M) + \frac{1}{2} D_{KL}(Q \| M)", {"js_divergence"}, set()),  # Wikipedia
    ("js-kl", r"\frac{1}{2} \mathrm{KL}(P \| M) + \frac{1}{2} \mathrm{KL}(Q \| M)", {"js_divergence"}, set()),  # GAN paper
    ("not-js-third", r"\frac{1}{3} D_{KL}(P \| M) + \frac{1}{2} D_{KL}(Q \| M)", set(), {"js_divergence"}),
    # --- NLL
    ("nll-label", r"-\log p_y", {"nll", "cross_entropy"}, set()),  # PyTorch NLLLoss
    ("nll-cond", r"-\sum_{i=1}^{m} \log p(y_i | x_i; \theta)", {"nll"}, set()),  # Goodfellow 5.58
    ("nll-indicator", r"-\sum_{k} \mathbb{1}\{y = k\} \log p_k", {"nll", "cross_entropy"}, set()),  # cs229
    ("not-nll-plain", r"-\log x", set(), {"nll"}),
    # --- label smoothing
    ("ls-szegedy", r"(1-\epsilon) y_k + \frac{\epsilon}{K}", {"label_smoothing"}, set()),  # Szegedy et al. 2016
    ("ls-alpha", r"y_{LS} = y (1 - \alpha) + \frac{\alpha}{K}", {"label_smoothing"}, set()),  # Müller et al. 2019
    ("not-ls-ema", r"(1-\beta) v + \beta g", set(), {"label_smoothing"}),
    # --- focal
    ("focal-pt", r"-\alpha (1-p_t)^{\gamma} \log p_t", {"focal_loss"}, set()),  # Lin et al. 2017 eq. 5
    ("focal-sum", r"-\sum_{i=1}^{N} \alpha (1 - \hat{p}_i)^{\gamma} \log \hat{p}_i", {"focal_loss"}, set()),
    ("not-focal-other-p", r"-(1-q)^{\gamma} \log p", set(), {"focal_loss"}),
    # --- Huber / smooth L1
    ("huber-delta", r"\begin{cases} \frac{1}{2}(y - \hat{y})^2 & |y-\hat{y}| \le \delta \\ \delta |y - \hat{y}| "
     r"- \frac{1}{2}\delta^2 & \text{otherwise}\end{cases}", {"huber"}, {"mse"}),  # PyTorch HuberLoss
    ("smoothl1-beta", r"\begin{cases} 0.5 x^2 / \beta & |x| < \beta \\ |x| - 0.5 \beta & \text{otherwise}\end{cases}",
     {"huber"}, set()),  # PyTorch SmoothL1Loss
    ("huber-named", r"\operatorname{SmoothL1}(x)", {"huber"}, set()),
    ("not-huber-kink", r"\begin{cases} x^2 & |x| \le \delta \\ |x| & \text{otherwise}\end{cases}", set(), {"huber"}),
    # --- squared hinge
    ("sqhinge-svm", r"\max(0, 1 - y f(x))^2", {"squared_hinge"}, {"hinge"}),  # L2-SVM, Wikipedia
    ("sqhinge-multi", r"\sum_{j} \max(0, s_j - s_{y_i} + 1)^2", {"squared_hinge"}, set()),  # cs231n
    ("not-sqhinge", r"\max(0, 1 - y f(x))", {"hinge"}, {"squared_hinge"}),
    ("not-sqhinge-relu2", r"\max(0, 1 - x)^2", set(), {"squared_hinge"}),
    # --- contrastive
    ("contrastive-yd", r"y d^2 + (1-y)\max(0, m - d)^2", {"contrastive_loss"}, set()),
    ("contrastive-hadsell", r"\frac{1}{2} (1-Y) D_W^2 + \frac{1}{2} Y \max(0, m - D_W)^2",
     {"contrastive_loss"}, set()),  # Hadsell et al. 2006 eq. 4
    ("not-contrastive", r"y d^2 + y\max(0, m - d)^2", set(), {"contrastive_loss"}),
    # --- triplet
    ("triplet-norms", r"\max(0, \|a - p\|^2 - \|a - n\|^2 + \alpha)", {"triplet_loss"}, set()),  # Schroff et al.
    ("triplet-pytorch", r"\max(0, d(a_i, p_i) - d(a_i, n_i) + \mathrm{margin})", {"triplet_loss"}, set()),  # PyTorch
    ("not-triplet-hinge", r"\max(0, 1 - y f(x))", set(), {"triplet_loss"}),
    # --- InfoNCE
    ("infonce-simclr", r"-\log \frac{\exp(\mathrm{sim}(z_i, z_j)/\tau)}{\sum_{k=1}^{2N} \exp(\mathrm{sim}(z_i, z_k)/\tau)}",
     {"infonce"}, set()),  # SimCLR NT-Xent
    ("infonce-moco", r"-\log \frac{\exp(q \cdot k_{+} / \tau)}{\sum_{i=0}^{K} \exp(q \cdot k_i / \tau)}",
     {"infonce"}, set()),  # MoCo (He et al. 2020)
    ("not-infonce-lsm", r"-\log \frac{e^{z_y}}{\sum_j e^{z_j}}", set(), {"infonce"}),
    # --- Dice
    ("dice-milletari", r"1 - \frac{2 \sum_i p_i g_i}{\sum_i p_i^2 + \sum_i g_i^2}", {"dice_loss"}, set()),
    ("dice-coefficient", r"\frac{2 \sum_i p_i g_i}{\sum_i p_i + \sum_i g_i}", {"dice_coefficient"},
     {"dice_loss"}),  # Sørensen–Dice: the coefficient, not the loss (session 23)
    ("not-dice-3", r"1 - \frac{3 \sum_i p_i g_i}{\sum_i p_i + \sum_i g_i}", set(), {"dice_loss"}),
    # --- cosine embedding
    ("cosemb-sums", r"\begin{cases} 1 - \frac{\sum_i a_i b_i}{\sqrt{\sum_i a_i^2} \sqrt{\sum_i b_i^2}} & y = 1 \\ "
     r"\max(0, \frac{\sum_i a_i b_i}{\sqrt{\sum_i a_i^2} \sqrt{\sum_i b_i^2}} - m) & y = -1 \end{cases}",
     {"cosine_embedding_loss"}, set()),  # PyTorch CosineEmbeddingLoss
    ("cosemb-named", r"\operatorname{CosineEmbeddingLoss}(x_1, x_2, y)", {"cosine_embedding_loss"}, set()),
    ("not-cosemb", r"1 - \frac{\sum_i a_i b_i}{\sqrt{\sum_i a_i^2} \sqrt{\sum_i b_i^2}}", set(),
     {"cosine_embedding_loss"}),
    # --- L1 penalty
    ("l1-sum", r"\lambda \sum_i |w_i|", {"l1_penalty"}, set()),  # Goodfellow 7.18
    ("l1-norm", r"\lambda \|w\|_1", {"l1_penalty"}, set()),  # Goodfellow 7.18
    ("not-l1-mae", r"\frac{1}{n}\sum_{i=1}^{n} |y_i - \hat{y}_i|", {"mae"}, {"l1_penalty"}),
    # --- ELBO
    ("elbo-kingma", r"\mathbb{E}_{z \sim q}[\log p(x|z)] - D_{KL}(q(z|x) \| p(z))", {"elbo"}, set()),
    ("elbo-phi-theta", r"\mathbb{E}_{q_\phi(z|x)}[\log p_\theta(x|z)] - D_{KL}(q_\phi(z|x) \| p_\theta(z))",
     {"elbo", "kl_divergence"}, set()),  # Kingma & Welling 2013 eq. 3
    ("not-elbo-plus", r"\mathbb{E}_{z \sim q}[\log p(x|z)] + D_{KL}(q(z|x) \| p(z))", set(), {"elbo"}),
    # --- Gaussian NLL
    ("gnll-pytorch", r"\frac{1}{2}\left(\log \sigma^2 + \frac{(y-\mu)^2}{\sigma^2}\right)", {"gaussian_nll"}, set()),
    ("gnll-log-sigma", r"\log \sigma + \frac{(y-\mu)^2}{2\sigma^2}", {"gaussian_nll"}, set()),  # Bishop 1.54
    ("gnll-sum", r"\frac{1}{2}\sum_{i=1}^{N}\left(\log \sigma_i^2 + \frac{(y_i-\mu_i)^2}{\sigma_i^2}\right)",
     {"gaussian_nll"}, set()),
    ("not-gnll", r"\log \sigma + \frac{(y-\mu)^2}{\sigma^2}", set(), {"gaussian_nll"}),
    # --- GAN minimax
    ("gan-expect", r"\min_G \max_D \mathbb{E}_{x \sim p_{data}}[\log D(x)] + \mathbb{E}_{z \sim p_z}[\log(1 - D(G(z)))]",
     {"gan_minimax"}, set()),  # Goodfellow et al. 2014 eq. 1
    ("gan-batch", r"\frac{1}{m}\sum_{i=1}^{m}\left[\log D(x^{(i)}) + \log(1 - D(G(z^{(i)})))\right]",
     {"gan_minimax"}, set()),  # Goodfellow et al. 2014 algorithm 1
    ("not-gan-bce", r"y \log \hat{y} + (1-y) \log (1-\hat{y})", {"binary_cross_entropy"}, {"gan_minimax"}),
]


@pytest.mark.parametrize(("latex", "want", "avoid"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_loss_concepts(latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)


def _chunk(latex: str, cid: str):
    expl = explain(symdl.parse(latex))
    return next(c for r in expl.statements for c in r.walk() if c.concept == cid)


def test_kl_as_difference_note() -> None:
    c = _chunk(r"-\sum_i p_i \log q_i + \sum_i p_i \log p_i", "kl_divergence")
    assert "cross-entropy minus entropy" in c.note


def test_smooth_l1_beta_and_huber_delta() -> None:
    c = _chunk(r"\begin{cases} 0.5 x^2 / \beta & |x| < \beta \\ |x| - 0.5 \beta & \text{otherwise}\end{cases}", "huber")
    assert c.name == "smooth L1 loss" and str(dict(c.params)["beta"]) == "beta"
    h = _chunk(r"\begin{cases} \frac{1}{2}(y - \hat{y})^2 & |y-\hat{y}| \le \delta \\ \delta |y - \hat{y}| "
               r"- \frac{1}{2}\delta^2 & \text{otherwise}\end{cases}", "huber")
    assert str(dict(h.params)["delta"]) == "delta"


def test_focal_gamma_and_infonce_temperature() -> None:
    f = _chunk(r"-\alpha (1-p_t)^{\gamma} \log p_t", "focal_loss")
    assert str(dict(f.params)["gamma"]) == "gamma"
    i = _chunk(r"-\log \frac{\exp(q \cdot k_{+} / \tau)}{\sum_{i=0}^{K} \exp(q \cdot k_i / \tau)}", "infonce")
    assert str(dict(i.params)["temperature"]) == "tau"


def test_vae_kl_named_gaussian() -> None:
    c = _chunk(r"-\frac{1}{2}\sum_{j=1}^{J}(1 + \log \sigma_j^2 - \mu_j^2 - \sigma_j^2)", "kl_divergence")
    assert "Gaussian" in c.name and "N(0, 1)" in c.note
