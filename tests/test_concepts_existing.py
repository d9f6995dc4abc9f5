"""The concepts symdl named before issue 14, each in ≥ 2 published notations with ≥ 1 look-alike it must not name.

Rows complete tests/test_chunk_cases.py where it had fewer than two notations or no negative row for a concept.
Sources: Kingma & Ba 2015 (Adam, Algorithm 1), Ruder 2016 "An overview of gradient descent optimization algorithms"
(RMSProp, AdaGrad), Goodfellow et al. 2016 ch. 8 (Algorithms 8.4, 8.5), Vaswani et al. 2017 eq. 1, d2l 11.3,
cs231n linear classification, Ng's Deep Learning course (Z = W^T X + b), PyTorch nn.Linear docs (y = x A^T + b),
Nielsen ch. 3 (L2 regularisation), Bishop 2006 §3.1.4.
"""

from __future__ import annotations

import pytest

import symdl
from symdl.chunk import explain
from tests.concept_cases import assert_concepts

CASES: list[tuple[str, str, set[str], set[str]]] = [
    # --- bias correction (Kingma & Ba 2015 Algorithm 1; d2l 12.10)
    ("bias-correction-v", r"\hat{v} = \frac{v}{1-\beta_2^{t}}", {"bias_correction"}, set()),
    ("not-bias-correction-plus", r"\hat{m}_t = \frac{m_t}{1 + \beta_1^t}", set(), {"bias_correction"}),
    ("not-bias-correction-no-power", r"\hat{m}_t = \frac{m_t}{1 - \beta_1}", set(), {"bias_correction"}),
    # --- Adam (Kingma & Ba 2015 Algorithm 1, with θ_t = θ_{t-1} − α m̂_t/(√v̂_t + ε))
    (
        "adam-kingma-ba",
        r"m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t \\ v_t = \beta_2 v_{t-1} + (1-\beta_2) g_t^2 \\ "
        r"\hat{m}_t = \frac{m_t}{1-\beta_1^t} \\ \hat{v}_t = \frac{v_t}{1-\beta_2^t} \\ "
        r"\theta_t = \theta_{t-1} - \frac{\alpha \hat{m}_t}{\sqrt{\hat{v}_t}+\epsilon}",
        {"adam", "ema", "bias_correction"},
        set(),
    ),
    # --- RMSProp (Ruder 2016 eq. 18–19; Hinton's lecture 6e with 0.9 / 0.1)
    (
        "rmsprop-ruder",
        r"E[g^2]_t = 0.9 E[g^2]_{t-1} + 0.1 g_t^2 \\ \theta_{t+1} = \theta_t - \frac{\eta}{\sqrt{E[g^2]_t + \epsilon}} g_t",
        {"rmsprop", "ema"},
        {"adagrad", "running_sum"},
    ),
    # --- AdaGrad (Ruder 2016 eq. 15, G_t a running sum of squared gradients)
    (
        "adagrad-ruder",
        r"G_t = G_{t-1} + g_t^2 \\ \theta_{t+1} = \theta_t - \frac{\eta}{\sqrt{G_t + \epsilon}} g_t",
        {"adagrad", "running_sum"},
        {"rmsprop", "ema"},
    ),
    # --- log-softmax / logsumexp look-alikes without the exponential
    ("not-log-softmax-no-exp", r"\log \frac{x_i}{\sum_j x_j}", set(), {"log_softmax", "softmax"}),
    ("not-logsumexp-no-exp", r"\log \sum_j x_j", set(), {"logsumexp"}),
    # --- MAE (Goodfellow §5.1.4 style, Andrew Ng's h(x^{(i)}))
    ("mae-hypothesis", r"\frac{1}{m}\sum_i \left| h(x^{(i)}) - y^{(i)} \right|", {"mae"}, {"mse"}),
    # --- L2 penalty (Nielsen eq. 87 λ/2n Σ w²; Bishop eq. 3.27 λ/2 Σ w_j²)
    ("l2-nielsen", r"\frac{\lambda}{2n}\sum_w w^2", {"l2_penalty"}, set()),
    ("l2-bishop-sum", r"\lambda \sum_k w_k^2", {"l2_penalty"}, set()),
    ("l2-norm-notation", r"\frac{\lambda}{2}\|w\|^2", {"l2_penalty"}, {"dot_product"}),
    ("l2-frobenius", r"\frac{\lambda}{2}\|W\|_F^2", {"l2_penalty"}, set()),
    ("not-l2-penalty-negative", r"-\frac{\lambda}{2}\|w\|^2", set(), {"l2_penalty"}),
    # --- scaled dot-product attention (Vaswani et al. 2017 eq. 1; d2l 11.3 with d)
    ("attention-vaswani", r"\mathrm{softmax}\left(\frac{QK^T}{\sqrt{d_k}}\right)V", {"scaled_dot_product_attention"}, set()),
    ("attention-d2l", r"\mathrm{softmax}\left(\frac{Q K^\top}{\sqrt{d}}\right) V", {"scaled_dot_product_attention"}, set()),
    # --- cosine similarity and its look-alike with one norm missing
    ("cosine-sums", r"\frac{\sum_i a_i b_i}{\sqrt{\sum_i a_i^2}\sqrt{\sum_i b_i^2}}", {"cosine_similarity"}, set()),
    ("not-cosine-one-norm-squared", r"\frac{a \cdot b}{\|a\|^2}", set(), {"cosine_similarity"}),
    # --- weighted sum / average (Bahdanau context vector c_i = Σ_j α_ij h_j; a weighted mean)
    ("weighted-sum-context", r"\sum_{j} \alpha_{ij} h_j", {"weighted_sum"}, set()),
    # Wikipedia "Weighted arithmetic mean"; Bahdanau et al. 2015 eq. 5-6 (weights from a softmax: a weighted average)
    ("weighted-average-wikipedia", r"\bar{x} = \frac{\sum_{i=1}^{n} w_i x_i}{\sum_{i=1}^{n} w_i}", {"weighted_average"}, set()),
    ("weighted-average-bahdanau-context",
     r"\alpha_{j} = \frac{\exp(e_{j})}{\sum_{k} \exp(e_{k})} \\ c = \sum_{j} \alpha_{j} h_{j}",
     {"weighted_average", "softmax"}, set()),
    ("weighted-average-ratio", r"\frac{\sum_i w_i x_i}{\sum_i w_i}", {"weighted_average"}, set()),
    ("not-weighted-average-unnormalised", r"\sum_i w_i x_i", {"weighted_sum"}, {"weighted_average"}),
    # --- L2 norm, and the L1 look-alike
    ("l2-norm-sqrt-xtx", r"\sqrt{x^T x}", {"l2_norm"}, set()),
    ("l2-norm-squared", r"\|x - y\|^2", {"l2_norm"}, {"dot_product"}),
    ("not-l2-norm-abs", r"\sum_i |x_i|", set(), {"l2_norm"}),
    # --- linear layer: W^T x + b (Ng), x A^T + b (PyTorch nn.Linear), and the Gram matrix that is not one
    ("linear-ng-transposed", r"Z = W^T A + b", {"linear_layer"}, set()),
    ("linear-bold-transposed", r"\mathbf{W}^\top \mathbf{x} + \mathbf{b}", {"linear_layer"}, set()),
    ("linear-pytorch-rows", r"y = x A^T + b", {"linear_layer"}, set()),
    ("not-linear-gram", r"X^T X", set(), {"linear_layer"}),
    ("not-linear-dot", r"\theta^T x", {"dot_product"}, {"linear_layer"}),
    # --- concatenation (torch.cat; a named call)
    ("concat-named", r"\operatorname{concat}(a, b)", {"concatenation"}, set()),
    ("not-concat-sum", r"a + b", set(), {"concatenation"}),
    # --- a mean of explicit terms needs terms of one kind (Goodfellow §3.8's sample mean of two draws)
    ("mean-two-terms", r"\frac{x_1 + x_2}{2}", {"mean"}, set()),
    ("mean-three-calls", r"\frac{1}{3}(f(a) + f(b) + f(c))", {"mean"}, set()),
    ("not-mean-gaussian-nll", r"\frac{1}{2}\left(\log \sigma^2 + \frac{(y-\mu)^2}{\sigma^2}\right)", set(), {"mean"}),
    ("not-mean-gelu-halves", r"\frac{1}{2}x + \frac{1}{2}x\tanh(u)", set(), {"mean"}),
    # --- look-alikes found on held-out formulas (session 16): a schedule's ratio is not an EMA's decay, the β^t inside
    # Adam's step size (Kingma & Ba §2) is not an exponential-decay schedule, a mean squared error is not an L2 penalty
    ("not-ema-sgdr-recursive",
     r"\eta_{t+1} = \eta_{0} + (\eta_t - \eta_{0}) \frac{1 + \cos(\pi (k+1)/K)}{1 + \cos(\pi k/K)}", set(), {"ema"}),
    ("not-exp-decay-adam-step-size", r"\eta_t = \eta \frac{\sqrt{1 - \beta_2^{t}}}{1 - \beta_1^{t}}", set(),
     {"exponential_decay"}),
    ("not-l2-penalty-mse-norm", r"\frac{1}{m}\|\hat{\mathbf{y}} - \mathbf{y}\|^2", set(), {"l2_penalty"}),
    # --- σ' (Nielsen eq. 3 context)
    ("sigmoid-derivative-prime", r"\sigma'(z) = \sigma(z)(1-\sigma(z))", {"sigmoid_derivative"}, set()),
    ("not-sigmoid-derivative-plus", r"\sigma(z)(1+\sigma(z))", set(), {"sigmoid_derivative"}),
]


@pytest.mark.parametrize(("latex", "want", "avoid"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_concepts_named(latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)


# A definition whose left side names a concept: the author's name is reported as such, with what the structure said.
AUTHOR_NAMED = [
    # Keras backend docs: hard_sigmoid written by cases; since session 22 the rows are recognised by structure (they
    # are exactly the clamp of their ramp), so no author's name is needed
    ("keras-hard-sigmoid-cases", r"\mathrm{hard\_sigmoid}(x) = \begin{cases} 0 & x < -2.5 \\ 1 & x > 2.5 \\ "
     r"0.2x + 0.5 & -2.5 \le x \le 2.5 \end{cases}", "hard_sigmoid", ""),
    # PyTorch docs, torch.nn.Hardswish written by cases: the right side's cases form is not recognised by structure
    ("torch-hardswish-cases", r"\text{Hardswish}(x) = \begin{cases} 0 & \text{if~} x \le -3, \\ x & \text{if~} x "
     r"\ge +3, \\ x \cdot (x + 3) /6 & \text{otherwise} \end{cases}", "hard_swish", "the author names"),
    # PyTorch ReLU docs: ReLU(x) = max(0, x): recognised from the right side, no second relation
    ("pytorch-relu", r"\mathrm{ReLU}(x) = \max(0, x)", "relu", ""),
]


@pytest.mark.parametrize(("latex", "cid", "said"), [c[1:] for c in AUTHOR_NAMED], ids=[c[0] for c in AUTHOR_NAMED])
def test_author_named_definition(latex: str, cid: str, said: str) -> None:
    expl = explain(symdl.parse(latex))
    assert cid in expl.concepts
    texts = [r.text for r in expl.relations if r.concept == cid and "author names" in r.text]
    assert (said in texts[0]) if said else not texts
