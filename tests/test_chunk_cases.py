"""A table of formulas in several notations: which concepts symdl must (and must not) name.

Every case goes through ``symdl.parse`` and ``symdl.chunk.explain``; ``want`` must all be
found, ``avoid`` must not be (negative cases: a running sum is not an EMA, a
standardisation's σ is not a sigmoid...).
"""

from __future__ import annotations

import pytest

from symdl.chunk import REGISTRY
from tests.concept_cases import assert_concepts

CASES: list[tuple[str, str, set[str], set[str]]] = [
    # --- sigmoid
    ("sigmoid-exp-neg", r"\frac{1}{1+\exp(-z)}", {"sigmoid"}, {"tanh", "softplus"}),
    ("sigmoid-ratio", r"\frac{e^{a}}{1+e^{a}}", {"sigmoid"}, {"softmax"}),
    ("sigmoid-affine-arg", r"\frac{1}{1+e^{-(w x + b)}}", {"sigmoid"}, set()),
    ("sigmoid-sigma", r"\sigma(z)", {"sigmoid"}, set()),
    ("sigmoid-named", r"\operatorname{sigmoid}(t)", {"sigmoid"}, set()),
    ("not-sigmoid-2", r"\frac{e^{x}}{2+e^{x}}", set(), {"sigmoid"}),
    # --- tanh
    ("tanh-e2x", r"\frac{e^{2u}-1}{e^{2u}+1}", {"tanh"}, {"sigmoid"}),
    ("tanh-sinh-cosh", r"\frac{e^{x}-e^{-x}}{e^{x}+e^{-x}}", {"tanh"}, set()),
    ("tanh-via-sigmoid", r"2\sigma(2x)-1", {"tanh"}, set()),
    ("tanh-call", r"\tanh(h)", {"tanh"}, set()),
    ("not-tanh-coth", r"\frac{e^{2x}+1}{e^{2x}-1}", set(), {"tanh"}),
    # --- relu family
    ("relu-max", r"\max(0, z)", {"relu"}, {"leaky_relu", "hinge"}),
    ("relu-max-swapped", r"\max(z, 0)", {"relu"}, {"leaky_relu"}),
    ("relu-text", r"\text{ReLU}(u)", {"relu"}, set()),
    ("leaky-numeric", r"\max(0.01 z, z)", {"leaky_relu"}, {"relu"}),
    ("leaky-symbolic", r"\max(\alpha x, x)", {"leaky_relu"}, set()),
    ("leaky-named", r"\text{LeakyReLU}(x)", {"leaky_relu"}, set()),
    ("not-leaky-steep", r"\max(2 x, x)", set(), {"leaky_relu", "relu"}),
    (
        "elu-cases",
        r"\begin{cases} x & x > 0 \\ \alpha (e^{x} - 1) & \text{otherwise} \end{cases}",
        {"elu"},
        {"selu"},
    ),
    ("elu-named", r"\text{ELU}(x)", {"elu"}, set()),
    (
        "selu-cases",
        r"\lambda \begin{cases} x & x > 0 \\ \alpha (e^{x} - 1) & x \le 0 \end{cases}",
        {"selu"},
        {"elu"},
    ),
    ("selu-named", r"\text{SELU}(x)", {"selu"}, set()),
    # --- smooth activations
    ("softplus-log", r"\log(1 + e^{x})", {"softplus"}, set()),
    ("softplus-ln", r"\ln(1+\exp(z))", {"softplus"}, set()),
    ("softplus-named", r"\text{softplus}(x)", {"softplus"}, set()),
    ("not-softplus", r"\log(1 + x)", set(), {"softplus"}),
    ("silu-product", r"x \sigma(x)", {"silu"}, {"gelu"}),
    ("silu-ratio", r"\frac{x}{1+e^{-x}}", {"silu"}, set()),
    ("swish-beta", r"z \cdot \sigma(\beta z)", {"silu"}, set()),
    ("gelu-tanh-approx", r"0.5 x (1 + \tanh(\sqrt{2/\pi} (x + 0.044715 x^3)))", {"gelu_tanh"}, {"gelu"}),
    ("gelu-sigmoid-approx", r"x \sigma(1.702 x)", {"gelu"}, {"silu"}),
    ("gelu-named", r"\text{GELU}(x)", {"gelu"}, set()),
    # --- softmax family
    ("softmax-bounds", r"\frac{\exp(x_k)}{\sum_{j=1}^{K} \exp(x_j)}", {"softmax"}, set()),
    ("softmax-temperature", r"\frac{e^{z_i / T}}{\sum_j e^{z_j / T}}", {"softmax"}, set()),
    ("softmax-named", r"\operatorname{softmax}(z)", {"softmax"}, set()),
    ("softmax-two-terms", r"\frac{e^{a}}{e^{a} + e^{b}}", {"softmax"}, set()),
    ("log-softmax-log", r"\log \frac{e^{z_i}}{\sum_j e^{z_j}}", {"log_softmax"}, set()),
    ("log-softmax-difference", r"z_i - \log \sum_j e^{z_j}", {"log_softmax", "logsumexp"}, set()),
    ("logsumexp-sum", r"\log \sum_{j=1}^{n} e^{x_j}", {"logsumexp"}, {"softmax"}),
    ("logsumexp-two", r"\log(e^{a} + e^{b})", {"logsumexp"}, set()),
    ("logsumexp-shifted", r"m + \log \sum_j e^{x_j - m}", {"logsumexp"}, set()),
    ("not-softmax-linear", r"\frac{x_i}{\sum_j x_j}", {"normalization"}, {"softmax"}),
    # --- losses
    ("ce-sum", r"-\sum_{k=1}^{K} y_k \log p_k", {"cross_entropy"}, {"binary_cross_entropy", "weighted_sum"}),
    ("ce-hat", r"-\sum_c t_c \log \hat{y}_c", {"cross_entropy"}, set()),
    ("ce-batch", r"-\frac{1}{N}\sum_{i=1}^{N}\sum_{k=1}^{K} y_{ik} \log p_{ik}", {"cross_entropy"}, set()),
    ("bce-t-p", r"-(t \log p + (1-t) \log(1-p))", {"binary_cross_entropy"}, {"cross_entropy"}),
    ("bce-loglik", r"y \log \hat{y} + (1-y) \log (1-\hat{y})", {"binary_cross_entropy"}, set()),
    ("not-bce-one-log", r"-y \log p", set(), {"binary_cross_entropy"}),
    ("mse-N", r"\frac{1}{N}\sum_{i=1}^{N} (\hat{y}_i - y_i)^2", {"mse", "squared_error"}, {"mae"}),
    ("mse-half", r"\frac{1}{2m}\sum_{i=1}^{m} (h_i - y_i)^2", {"mse"}, set()),
    ("sse-not-mse", r"\sum_{i=1}^{n} (y_i - \hat{y}_i)^2", {"squared_error"}, {"mse", "mean"}),
    ("mae", r"\frac{1}{n} \sum_{i=1}^{n} |y_i - \hat{y}_i|", {"mae"}, {"mse"}),
    ("squared-error", r"(y - \hat{y})^2", {"squared_error"}, set()),
    ("squared-error-half", r"\frac{1}{2}(t - o)^2", {"squared_error"}, set()),
    ("not-squared-error-sum", r"(a + b)^2", set(), {"squared_error"}),
    ("hinge", r"\max(0, 1 - y f(x))", {"hinge"}, set()),
    ("hinge-dot", r"\max(0, 1 - t \cdot s)", {"hinge"}, set()),
    ("hinge-multiclass", r"\max(0, \Delta + s_j - s_{y})", {"hinge"}, set()),
    ("not-hinge", r"\max(0, 1 - x)", {"relu"}, {"hinge"}),
    ("l2-sum", r"\lambda \sum_{j=1}^{n} w_j^2", {"l2_penalty"}, {"mean"}),
    ("l2-half", r"\frac{\lambda}{2} \sum_j \theta_j^2", {"l2_penalty"}, set()),
    ("l2-vector", r"\lambda \mathbf{w}^T \mathbf{w}", {"l2_penalty"}, set()),
    # --- linear algebra
    ("dot-sum", r"\sum_{i=1}^{n} a_i b_i", {"dot_product"}, {"bilinear_form"}),
    ("dot-transpose", r"\mathbf{x}^T \mathbf{y}", {"dot_product"}, set()),
    ("dot-top", r"\mathbf{u}^\top \mathbf{v}", {"dot_product"}, set()),
    ("bilinear", r"\mathbf{x}^T \mathbf{A} \mathbf{y}", {"bilinear_form"}, {"dot_product"}),
    ("bilinear-sums", r"\sum_i \sum_j x_i W_{ij} y_j", {"bilinear_form"}, set()),
    # one vector on both sides is a quadratic form (GPyTorch's y^T K^{-1} y), no similarity between two vectors
    ("quadratic-form-no-bilinear", r"g = \mathbf{y}^{\top}K^{-1}\mathbf{y}", set(), {"bilinear_form"}),
    ("quadratic-sums-no-bilinear", r"E = \sum_i \sum_j x_i A_{ij} x_j", set(), {"bilinear_form"}),
    (
        "cosine",
        r"\frac{\sum_i a_i b_i}{\sqrt{\sum_i a_i^2} \sqrt{\sum_i b_i^2}}",
        {"cosine_similarity"},
        set(),
    ),
    ("l2-norm-sum", r"\sqrt{\sum_{i=1}^{n} x_i^2}", {"l2_norm"}, set()),
    ("l2-norm-bars", r"\|\mathbf{x}\|", {"l2_norm"}, set()),  # √(xᵀx) is the number √tr(xᵀx): it was unnamed
    ("cosine-of-vectors", r"\frac{\mathbf{u}^\top \mathbf{v}}{\|\mathbf{u}\| \|\mathbf{v}\|}", {"cosine_similarity"},
     {"normalization"}),
    ("l2-norm-vector", r"\sqrt{\mathbf{x}^T \mathbf{x}}", {"l2_norm"}, set()),
    ("weighted-average-ratio", r"\frac{\sum_i w_i x_i}{\sum_i w_i}", {"weighted_average"}, set()),
    ("weighted-sum", r"\sum_i w_i x_i", {"weighted_sum"}, {"weighted_average"}),
    ("linear-layer", r"\mathbf{W} \mathbf{x} + \mathbf{b}", {"linear_layer"}, set()),
    ("linear-layer-h", r"\mathbf{W}\mathbf{h} + \mathbf{c}", {"linear_layer"}, set()),
    ("concatenation", r"[\mathbf{a} ; \mathbf{b}]", {"concatenation"}, set()),
    ("mean-n", r"\frac{1}{n}\sum_{i=1}^{n} x_i", {"mean"}, set()),
    ("mean-m", r"\frac{1}{m}\sum_{j=1}^m g_j", {"mean"}, set()),
    ("mean-three", r"\frac{a + b + c}{3}", {"mean"}, set()),
    ("not-mean-sum", r"\sum_i x_i", set(), {"mean"}),
    (
        "standardise",
        r"\frac{x - \mu}{\sqrt{\sigma^2 + \epsilon}}",
        {"normalization"},
        {"sigmoid", "rms_normalization"},
    ),
    ("standardise-sigma", r"\frac{x_i - \mu}{\sigma}", {"normalization"}, {"sigmoid"}),
    (
        "batchnorm-affine",
        r"\gamma \frac{x - \mu}{\sqrt{\sigma^2 + \epsilon}} + \beta",
        {"normalization"},
        {"rms_normalization", "sigmoid"},
    ),
    ("not-sigmoid-sigma-squared", r"\sigma^2", set(), {"sigmoid"}),
    ("permutation-2", r"\left[\begin{array}{cc} 0 & 1 \\ 1 & 0 \end{array}\right]", {"permutation"}, set()),
    (
        "permutation-3",
        r"\begin{pmatrix} 0 & 1 & 0 \\ 0 & 0 & 1 \\ 1 & 0 & 0 \end{pmatrix}",
        {"permutation"},
        set(),
    ),
    ("not-permutation", r"\begin{bmatrix} 1 & 1 \\ 0 & 1 \end{bmatrix}", set(), {"permutation"}),
    # --- optimizers
    ("ema-adam-m", r"m_t = \beta_1 m_{t-1} + (1 - \beta_1) g_t", {"ema"}, {"momentum", "running_sum"}),
    ("ema-numeric", r"v = 0.9 v + 0.1 g", {"ema"}, {"momentum", "running_sum"}),
    ("ema-squares", r"v_t = 0.99 v_{t-1} + 0.01 g_t^2", {"ema"}, set()),
    ("ema-swapped", r"s = (1 - \rho) s + \rho g^2", {"ema"}, {"momentum"}),
    ("running-sum", r"G = G + g^2", {"running_sum"}, {"ema", "momentum"}),
    ("running-sum-hadamard", r"G_t = G_{t-1} + g_t \odot g_t", {"running_sum"}, {"ema"}),
    ("not-ema-growing", r"v = 1.5 v + g", set(), {"ema", "momentum"}),
    ("momentum-ruder", r"v_t = \gamma v_{t-1} + \eta g_t", {"momentum"}, {"running_sum"}),
    ("momentum-sutskever", r"v = \mu v - \alpha g", {"momentum"}, set()),
    ("bias-correction", r"\hat{m}_t = \frac{m_t}{1 - \beta_1^t}", {"bias_correction"}, set()),
    ("bias-correction-v", r"\hat{v} = \frac{v}{1-\beta_2^{t}}", {"bias_correction"}, set()),
    ("gd-time", r"\theta_{t+1} = \theta_t - \eta g_t", {"gradient_descent_step"}, {"running_sum"}),
    ("gd-nabla", r"w \leftarrow w - \alpha \nabla_w L(w)", {"gradient_descent_step"}, set()),
    (
        "gd-partial",
        r"\theta = \theta - \eta \frac{\partial L}{\partial \theta}",
        {"gradient_descent_step"},
        set(),
    ),
    ("not-gd-ascent", r"\theta = \theta + \alpha g", set(), {"gradient_descent_step"}),
    ("rms-eps", r"\frac{g}{\sqrt{v} + \epsilon}", {"rms_normalization"}, {"normalization"}),
    ("rmsnorm", r"\frac{x}{\sqrt{\frac{1}{n}\sum_{i=1}^{n} x_i^2 + \epsilon}}", {"rms_normalization"}, set()),
    (
        "adam-paper",
        r"m_t = \beta_1 m_{t-1} + (1-\beta_1) g_t \\ v_t = \beta_2 v_{t-1} + (1-\beta_2) g_t^2 \\ "
        r"\hat{m}_t = \frac{m_t}{1-\beta_1^t} \\ \hat{v}_t = \frac{v_t}{1-\beta_2^t} \\ "
        r"\theta_t = \theta_{t-1} - \alpha \frac{\hat{m}_t}{\sqrt{\hat{v}_t} + \epsilon}",
        {"adam", "bias_correction", "ema", "gradient_descent_step"},
        {"adagrad"},
    ),
    (
        "adagrad",
        r"G = G + g^2 \\ \theta = \theta - \frac{\eta}{\sqrt{G + \epsilon}} g",
        {"adagrad", "running_sum"},
        {"rmsprop", "adam", "ema"},
    ),
    (
        "rmsprop-hinton",
        r"E = \rho E + (1-\rho) g^2 \\ \theta = \theta - \frac{\eta}{\sqrt{E + \epsilon}} g",
        {"rmsprop", "ema"},
        {"adam", "adagrad"},
    ),
    (
        "momentum-sutskever-system",
        r"v = \mu v - \alpha g \\ w = w + v",
        {"momentum", "gradient_descent_step"},
        {"running_sum"},
    ),
]


@pytest.mark.parametrize(("latex", "want", "avoid"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_concepts(latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)


def test_table_covers_every_contract_id() -> None:
    contract = {
        "ema",
        "momentum",
        "running_sum",
        "bias_correction",
        "rms_normalization",
        "gradient_descent_step",
        "sigmoid",
        "tanh",
        "relu",
        "leaky_relu",
        "elu",
        "selu",
        "softplus",
        "silu",
        "gelu",
        "softmax",
        "log_softmax",
        "logsumexp",
        "cross_entropy",
        "binary_cross_entropy",
        "mse",
        "squared_error",
        "mae",
        "hinge",
        "l2_penalty",
        "dot_product",
        "bilinear_form",
        "cosine_similarity",
        "l2_norm",
        "weighted_average",
        "weighted_sum",
        "linear_layer",
        "concatenation",
        "mean",
        "normalization",
        "permutation",
    }
    covered = {cid for c in CASES for cid in c[2]}
    assert contract <= covered
    assert contract <= set(REGISTRY)
    assert len(CASES) >= 80
    assert sum(1 for c in CASES if c[3]) >= 30
