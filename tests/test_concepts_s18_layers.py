"""Session 18, task layers: ReLU against the constructs that contain a max(0, ·), normalisation, layers, attention,
calculus and initialisation on real notation.

Each row is ``(case id, latex, must-name, must-not-name)`` through ``symdl.parse`` + ``symdl.chunk.explain``; the
comment on each row says where that notation is published.  The look-alikes beside each class keep it honest.
"""

from __future__ import annotations

import pytest

from tests.concept_cases import assert_concepts

RELU: list[tuple[str, str, set[str], set[str]]] = [
    # --- a max(0, ·) applied to an input is a ReLU, alone or inside a layer
    # Goodfellow et al. 2016, eq. 6.37 (g(z) = max{0, z})
    ("relu-goodfellow", r"g(z) = \max\{0, z\}", {"relu"}, {"hinge"}),
    # d2l 5.1 (MLP with a ReLU hidden layer)
    ("relu-d2l-layer", r"\mathbf{H} = \max(0, \mathbf{X}\mathbf{W} + \mathbf{b})", {"relu", "linear_layer"}, set()),
    # Vaswani et al. 2017, eq. 2 (position-wise FFN)
    ("relu-ffn", r"\mathrm{FFN}(x)=\max(0, xW_1 + b_1) W_2 + b_2", {"relu", "linear_layer"}, {"hinge"}),
    # cs231n neural networks 1 (two-layer net)
    ("relu-cs231n", r"s = W_2 \max(0, W_1 x)", {"relu"}, {"hinge"}),
    # PyTorch ReLU6
    ("relu-relu6", r"\mathrm{ReLU6}(x) = \min(\max(0, x), 6)", {"relu"}, {"hard_sigmoid"}),
    # --- a shifted output: max(0, x) + c is another function
    # dev18 trap (a ReLU shifted up by one)
    ("not-relu-shifted", r"f(x) = \max(0, x) + 1", set(), {"relu", "softplus", "hinge"}),
    # the same shift, written as [x]_+
    ("not-relu-shifted-plus", r"\phi(x) = [x]_+ + 1", set(), {"relu"}),
    # --- the threshold of a magnitude: soft thresholding, shrinkage, the epsilon-insensitive loss
    # Beck & Teboulle 2009 (ISTA), the proximal map of the l1 norm
    (
        "not-relu-soft-threshold",
        r"S_\lambda(x) = \operatorname{sign}(x)\max\left(|x| - \lambda, 0\right)",
        set(),
        {"relu", "hinge", "leaky_relu"},
    ),
    # Hastie et al., ESL eq. 12.37, the epsilon-insensitive error of support vector regression
    ("not-relu-eps-insensitive", r"V_\epsilon(r) = \max(0, |r| - \epsilon)", set(), {"relu"}),
    # --- a margin term in a statement that defines a loss
    # double-margin contrastive loss (Lin et al. 2015; pytorch-metric-learning ContrastiveLoss)
    (
        "not-relu-contrastive-margins",
        r"L_{\text{contrastive}} = \left[d_p - m_{\text{pos}}\right]_+ + \left[m_{\text{neg}} - d_n\right]_+",
        set(),
        {"relu", "triplet_loss"},
    ),
    # margin ranking with a Latin margin (Weston et al. 2011, WSABIE's pairwise term)
    ("not-relu-ranking-m", r"\mathcal{L} = \max(0, m - s_p + s_n)", set(), {"relu"}),
    # --- a branch of cases chosen by a label
    # PyTorch HingeEmbeddingLoss with the margin written m (Latin)
    (
        "not-relu-hinge-embedding",
        r"l_n = \begin{cases} x_n, & \text{if}\; y_n = 1,\\ \max \{0, m - x_n\}, & \text{if}\; y_n = -1, \end{cases}",
        set(),
        {"relu"},
    ),
    # --- a guard on a denominator
    # PyTorch torch.std with a correction
    (
        "not-relu-std-correction",
        r"\sigma = \sqrt{\frac{1}{\max(0,~N - \delta N)}\sum_{i=0}^{N-1}(x_i-\bar{x})^2}",
        set(),
        {"relu"},
    ),
    # the ReLU's own cases (its condition on its input) stay a ReLU
    ("relu-cases", r"\sigma(z) = \begin{cases} z & z > 0 \\ 0 & z \le 0 \end{cases}", {"relu"}, {"indicator"}),
]

NORM: list[tuple[str, str, set[str], set[str]]] = [
    # --- a standardisation whose statistics are NAMED by words (mean, std, var), as in library docs
    # torchvision.transforms.Normalize
    (
        "norm-torchvision",
        r"\text{output}[c] = \frac{\text{input}[c] - \text{mean}[c]}{\text{std}[c]}",
        {"normalization"},
        {"batch_norm", "rms_normalization"},
    ),
    # PyTorch LayerNorm / BatchNorm docs, the statistics written as calls
    (
        "norm-named-calls",
        r"y = \frac{x - \mathrm{mean}(x)}{\sqrt{\mathrm{var}(x) + \epsilon}}",
        {"normalization"},
        {"rms_normalization"},
    ),
    # PyTorch InstanceNorm/BatchNorm docs in words
    ("norm-words", r"\frac{\text{input} - \text{mean}}{\sqrt{\text{var}}}", {"normalization"}, {"rms_normalization"}),
    # look-alike: letters m and s are not named statistics (a difference over a scale)
    ("not-norm-letters", r"y = \frac{x - m}{s}", set(), {"normalization", "batch_norm"}),
]

CASES = RELU + NORM


@pytest.mark.parametrize(("latex", "want", "avoid"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_concepts(latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)
