"""Session 27: false labels found on a blind set (issue 14), each fixed for its class.

- a capital ``\\Sigma(x)`` applied to an argument is no logistic σ (a pasted Σ before a parenthesis is now the sum);
- a root with no ε and no known mean square under it is a scale, not an RMS normalisation: the inverse-square-root
  schedule ``\\eta_0 (t+1)^{-1/2}``, ``1/\\sqrt{\\max(t, k)}``, attention's ``\\sqrt{D_k}``; and a number over a root (He's
  gain ``\\sqrt{2/(1+a^2)}``) normalises nothing;
- a clip at a constant far from 0 (ReLU6's ``\\min(\\max(0, x), 6)``) is no ReLU: the points that decided equivalence all
  lay below 6 (symdl.chunk.farpoints);
- a margin softmax loss (CosFace's, ArcFace's ``-\\log\\frac{e^{A}}{e^{A} + \\sum_{j\\neq y} e^{B_j}}``: the
  target's logit written apart from the others') is a softmax cross-entropy; it named nothing;
- a rate over a root is no He initialisation (T5's ``\\eta_{\\max}/\\sqrt{\\max(t, k)}``: only σ is a spread), a mean
  of absolute weights (BitNet's ``\\frac{1}{nm}\\sum_{ij}|W_{ij}|``) no L1 penalty, RMSNorm's ``\\frac{1}{d}\\|x\\|_2^2`` no L2
  penalty (and d, only dividing under the root, a count, not a vector);
- the hinge GAN loss's ``\\max(0, 1 - D(x))``: a model's output against a margin is a hinge, not a ReLU.
Must-still-match rows keep RMSProp's, AdaDelta's and Adam's RMS, ``\\max(0, 1 - x)`` as a ReLU and σ(x) as a sigmoid.
"""

from __future__ import annotations

import pytest

import symdl
from symdl.chunk import explain
from symdl.render.explanation import to_text
from tests.concept_cases import assert_concepts

# (id, latex, concepts named, concepts that would be false); the source in the comment above each row
CASES = [
    # a pasted standard deviation (the set's chat pastes): Σ is the sum sign, σ the name of the result
    ("pasted-std", "σ = sqrt( Σ (x − x̄)² / (N − 1) )", set(), {"sigmoid"}),
    ("capital-sigma-call", r"y = \Sigma(x) + 1", set(), {"sigmoid"}),
    # inverse square-root schedules (Vaswani et al. 2017's rsqrt decay; T5's 1/sqrt(max(n, k)))
    ("rsqrt-decay", r"\eta_t = \eta_0 (t+1)^{-\frac{1}{2}}", set(), {"rms_normalization"}),
    ("t5-rsqrt", r"\eta_t = \eta_{\max}\cdot\frac{1}{\sqrt{\max(t, k)}}", set(), {"rms_normalization"}),
    # Bishop & Bishop (2024) eq. 12.14 with a capital D_k
    ("attention-capital-dk", r"\mathbf{Y} = \mathrm{Softmax}\left[\frac{\mathbf{Q}\mathbf{K}^{\mathrm{T}}}"
     r"{\sqrt{D_k}}\right]\mathbf{V}", {"softmax"}, {"rms_normalization"}),
    # PyTorch's calculate_gain('leaky_relu')
    ("he-gain", r"\sqrt{\frac{2}{1 + \text{negative\_slope}^2}}", {"he_init"}, {"rms_normalization"}),
    # Lim & Ye (2017) / Miyato et al. (2018): the hinge GAN loss of the critic on real data
    ("hinge-gan-real", r"L = \max(0, 1-D(x))", {"hinge"}, {"relu"}),
    # Wang et al. (2018) CosFace / Deng et al. (2019) ArcFace: the target's logit written apart from the others'
    ("cosface-margin-softmax", r"L_2=-\frac{1}{N}\sum^N_{i=1}\log\frac{e^{s\cos\theta_{y_i}}}{e^{s\cos\theta_{y_i}}+"
     r"\sum^n_{j=1,j \neq y_i} e^{s\cos\theta_j}}", {"cross_entropy", "softmax"}, set()),
    ("arcface-margin-softmax", r"L_3=-\frac{1}{N} \sum^N_{i=1} \log \frac{e^{s(\cos(\theta_{y_i}+m))}}"
     r"{e^{s(\cos(\theta_{y_i}+m))} + \sum^n_{j=1,j \neq y_i} e^{s\cos\theta_j}}", {"cross_entropy", "softmax"}, set()),
    ("positive-against-negatives", r"L = -\log\frac{e^{a}}{e^{a} + \sum_j e^{b_j}}", {"cross_entropy", "softmax"}, set()),
    # T5's inverse-square-root schedule: a rate, not an initialisation's spread
    ("t5-rsqrt-no-he", r"\eta_t = \eta_{\max}\cdot\frac{1}{\sqrt{\max(t, k)}}", set(), {"he_init"}),
    # Ma et al. (2024), BitNet b1.58's absmean scale: a mean of absolute values, no penalty
    ("bitnet-absmean", r"\gamma = \frac{1}{nm}\sum_{ij}|W_{ij}|", set(), {"l1_penalty"}),
    # Zhang & Sennrich (2019), RMSNorm with the squared norm over d: no L2 penalty
    ("rmsnorm-norm-over-d", r"y = \frac{x}{\sqrt{\frac{1}{d}\|x\|_2^2 + \epsilon}}\odot g", {"rms_norm"},
     {"l2_penalty"}),
    # the PyTorch docs' BCEWithLogitsLoss with pos_weight p_c on the positive term
    ("bce-pos-weight", r"\mathcal{L} = -\frac{1}{N}\sum_{n}\left[p_c\,y_{n}\log\sigma(x_{n}) + (1-y_{n})"
     r"\log(1-\sigma(x_{n}))\right]", {"binary_cross_entropy", "sigmoid"}, set()),
    # Lim & Ye (2017), the hinge GAN loss of the critic, as expectations over samples (max entry by entry)
    ("hinge-gan-expectations", r"L_D = \mathbb{E}_{x\sim p_{\mathrm{data}}}[\max(0, 1-D(x))] + "
     r"\mathbb{E}_{z\sim p_z}[\max(0, 1+D(G(z)))]", {"hinge", "expectation"}, {"relu"}),
    ("relu-of-a-vector-kept", r"y = \max(0, \mathbf{x})", {"relu"}, {"hinge"}),
    # must still match
    ("he-std-kept", r"\sigma = \sqrt{\frac{2}{n_l}}", {"he_init"}, set()),
    ("lasso-kept", r"R = \lambda \sum_{i,j} |W_{ij}|", {"l1_penalty"}, set()),
    ("weight-decay-kept", r"L = E + \frac{\lambda}{2}\|w\|^2", {"l2_penalty"}, set()),
    ("cs231n-softmax-ce-kept", r"L = -\frac{1}{N}\sum_i \log\frac{e^{s_{y_i}}}{\sum_j e^{s_{j}}}",
     {"cross_entropy", "softmax"}, set()),
    ("entropy-not-ce", r"H = -\sum_i p_i \log p_i", set(), {"cross_entropy"}),
    ("rmsprop-system", r"v = \beta v + (1-\beta) g^2 \\ w = w - \eta g / \sqrt{v}", {"rmsprop"}, set()),
    ("adam-denominator", r"\theta_t = \theta_{t-1} - \alpha \hat{m}_t / (\sqrt{\hat{v}_t} + \epsilon)",
     {"rms_normalization"}, set()),
    ("adadelta-rms", r"\Delta x_t = -\frac{\eta}{\mathrm{RMS}[g]_t} g_t, \qquad \mathrm{RMS}[g]_t = "
     r"\sqrt{E[g^2]_t + \epsilon}", {"rms_normalization"}, set()),
    ("relu-of-one-minus-x", r"y = \max(0, 1 - x)", {"relu"}, {"hinge"}),
    ("sigmoid-kept", r"y = \sigma(x) + 1", {"sigmoid"}, set()),
    ("svm-hinge-kept", r"L = \max(0, 1 - y \hat{y})", {"hinge"}, {"relu"}),
]


@pytest.mark.parametrize(("latex", "want", "avoid"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_concepts(latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)


# (id, latex, the expression a ReLU chunk may cover): a clip at a constant past the points once tested is no ReLU
RELU6 = [
    ("relu6-min-max", r"y = \min(\max(0, x), 6)", "Max(0, x)"),  # MobileNetV2's ReLU6 written out
    ("relu6-max-first", r"\min(\max(x, 0), 6)", "Max(0, x)"),
    ("clip-at-twenty", r"y = \min(\max(0, x), 20)", "Max(0, x)"),
]


@pytest.mark.parametrize(("latex", "part"), [c[1:] for c in RELU6], ids=[c[0] for c in RELU6])
def test_a_clip_far_from_zero_is_no_relu(latex: str, part: str) -> None:
    """Only the inner max(0, x) is a ReLU: the whole differs from it past the clip (x > 6)."""
    expl = explain(symdl.parse(latex))
    relus = [str(c.expr) for r in expl.statements for c in r.walk() if c.concept == "relu" or "relu" in c.also]
    assert relus == [part]


def test_the_answer_does_not_depend_on_what_was_explained_before() -> None:
    """The same three formulas explained in two orders in one process give the same text each (a cached or budgeted
    step must not change an answer)."""
    forms = [r"y = \min(\max(0, x), 6)", r"\min(\max(x, 0), 6)", r"y = z \cdot \mathrm{ReLU6}(x+3)/6"]
    first = {f: to_text(symdl.explain(f), color=False) for f in forms}
    again = {f: to_text(symdl.explain(f), color=False) for f in reversed(forms)}
    assert first == again
