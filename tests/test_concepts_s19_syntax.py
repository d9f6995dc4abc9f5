"""Session 19, task read-syntax: concepts named in formulas that were refused for their syntax, by class.

Each row: (id, LaTeX as printed in the cited source, ids that must be named, ids that must not be named).
The rules the rows settle (the readings are in tests/test_read_s19_syntax.py):

* relations of different kinds in one statement are the statements between neighbours (an equality and a bound,
  an update and a name for its value), and a chain alone that bounds a computed value is its comparisons;
* ``\\stackrel{\\textrm{def}}{=}`` is ``=``; an aligned row that carries on the row before is the same statement;
* pseudo-code's ``if ... then ... end if`` is the guard and the statement; a ``\\neq`` guard is set aside;
* the Keras docs' ``mean(..., \\text{axis}=-1)`` is the mean over one example's entries (MAE, MSE), never an L1
  penalty (a mean of absolute values, scaled or not, is no penalty on weights);
* ``P(X \\le x)`` is the distribution function, ``\\Pi_{[a, b]}(x)`` is clipping, ``p(y_1 \\succ y_2 \\mid x)`` a
  function of both answers.
"""

from __future__ import annotations

import pytest

from tests.concept_cases import assert_concepts

CASES: list[tuple[str, str, set[str], set[str]]] = [
    # Nielsen, NNDL ch. 5: the sigmoid's derivative and its bound
    (
        "sigmoid-derivative-bound",
        r"\sigma'(z_j) = \sigma(z_j)\left(1 - \sigma(z_j)\right) \le \frac{1}{4}",
        {"sigmoid_derivative"},
        {"tanh_derivative"},
    ),
    # Higgins et al. 2017 (beta-VAE), eq. 4: the bound, then the objective
    (
        "beta-vae-bound-then-objective",
        r"\mathcal{F}(\theta, \phi, \beta; \mathbf{x}, \mathbf{z}) \geq \mathcal{L}(\theta, \phi; \mathbf{x}, "
        r"\mathbf{z}, \beta) = \mathbb{E}_{q_\phi(\mathbf{z}|\mathbf{x})}[\log p_\theta(\mathbf{x}|\mathbf{z})] - "
        r"\beta\, D_{KL}(q_\phi(\mathbf{z}|\mathbf{x}) \| p(\mathbf{z}))",
        {"elbo"},
        {"l2_penalty"},
    ),
    # Ioffe & Szegedy 2015, Algorithm 1: the last update also names the transform
    (
        "batch-norm-algorithm-1",
        r"\mu_\mathcal{B} \leftarrow \frac{1}{m}\sum_{i=1}^{m} x_i \\ \sigma_\mathcal{B}^2 \leftarrow "
        r"\frac{1}{m}\sum_{i=1}^{m}(x_i - \mu_\mathcal{B})^2 \\ \widehat{x}_i \leftarrow \frac{x_i - "
        r"\mu_\mathcal{B}}{\sqrt{\sigma_\mathcal{B}^2 + \epsilon}} \\ y_i \leftarrow \gamma \widehat{x}_i + \beta "
        r"\equiv \mathrm{BN}_{\gamma,\beta}(x_i)",
        {"batch_norm"},
        {"layer_norm", "adam"},
    ),
    # Nielsen, NNDL ch. 3 eq. (91): the L2-regularised step, then the same step rescaled
    (
        "nielsen-91-weight-decay",
        r"w \rightarrow w-\eta \frac{\partial C_0}{\partial w}-\frac{\eta \lambda}{n} w = \left(1-\frac{\eta "
        r"\lambda}{n}\right) w -\eta \frac{\partial C_0}{\partial w}",
        {"weight_decay"},
        {"momentum", "adamw"},
    ),
    # Wikipedia, Cosine similarity: = ... := ... = ...
    (
        "cosine-similarity-define-chain",
        r"\text{cosine similarity} = S_C (A,B) := \cos(\theta) = \frac{\mathbf{A} \cdot \mathbf{B}}{\|\mathbf{A}\| "
        r"\|\mathbf{B}\|} = \frac{\sum\limits_{i=1}^{n} A_i B_i}{\sqrt{\sum\limits_{i=1}^{n} A_i^2} \cdot "
        r"\sqrt{\sum\limits_{i=1}^{n} B_i^2}}",
        {"cosine_similarity"},
        {"cosine_schedule", "lp_normalization"},
    ),
    # Boyd & Vandenberghe 3.1.5: the log-sum-exp between the max and the max plus log n
    (
        "logsumexp-bounds",
        r"\max\{x_1, \ldots, x_n\} \le \log\left(e^{x_1} + \cdots + e^{x_n}\right) \le \max\{x_1, \ldots, x_n\} "
        r"+ \log n",
        {"logsumexp"},
        {"softmax", "argmax", "max_pool"},
    ),
    # a range alone names nothing (it stays refused); a bound alone names nothing either
    ("gibbs-inequality-no-elbo", r"D_{KL}(p \| q) \geq 0", set(), {"elbo", "cross_entropy"}),
    # d2l 11.2 / 4.? : softplus defined with a word over '='
    ("softplus-overset-def", r"\zeta(x) \overset{\mathrm{def}}{=} \log(1 + e^{x})", {"softplus"}, {"sigmoid"}),
    # PyTorch docs, MaxPool2d: the aligned form, the max's body on the next row
    (
        "maxpool2d-aligned",
        r"\begin{aligned} out(N_i, C_j, h, w) ={} & \max_{m=0, \ldots, kH-1} \max_{n=0, \ldots, kW-1} \\ & "
        r"\text{input}(N_i, C_j, \text{stride[0]} \times h + m, \text{stride[1]} \times w + n) \end{aligned}",
        {"max_pool"},
        {"argmax", "avg_pool"},
    ),
    # Pascanu et al. 2013, Algorithm 1, as Lil'Log prints it
    (
        "clip-by-norm-if-then",
        r"\hat{\mathbf{g}} \leftarrow \frac{\partial \mathcal{E}}{\partial \theta} \\ \textbf{if } "
        r"\|\hat{\mathbf{g}}\| \geq threshold \textbf{ then } \hat{\mathbf{g}} \leftarrow "
        r"\frac{threshold}{\|\hat{\mathbf{g}}\|}\hat{\mathbf{g}} \textbf{ end if}",
        {"clip_by_norm"},
        {"lp_normalization", "clip_by_value", "weight_norm"},
    ),
    # PyTorch docs, torch.optim.SGD algorithm box: the weight-decay line under its guard
    (
        "sgd-weight-decay-guard",
        r"\textbf{if} \: \lambda \neq 0 \\ \hspace{10mm} g_t \leftarrow g_t + \lambda \theta_{t-1}",
        {"weight_decay"},
        {"adamw", "momentum", "running_sum"},
    ),
    # Keras docs, losses (typeset and code): the mean over the last axis
    (
        "keras-mae-typeset",
        r"\mathrm{loss} = \operatorname{mean}\left(\operatorname{abs}(y_{\text{true}} - y_{\text{pred}}), "
        r"\text{axis}=-1\right)",
        {"mae"},
        {"l1_penalty", "huber"},
    ),
    ("keras-mse-code", r"loss = mean(square(y_true - y_pred), axis=-1)", {"mse"}, {"l2_penalty", "variance"}),
    (
        "keras-mape-no-l1",
        r"loss = 100 * mean(abs((y_true - y_pred) / y_true), axis=-1)",
        set(),
        {"l1_penalty", "mae"},
    ),
    # Hendrycks & Gimpel 2016, section 2
    (
        "gelu-event-probability",
        r"\text{GELU}(x) = xP(X \le x) = x\Phi(x) = x \cdot \frac{1}{2}\left[1 + \text{erf}(x/\sqrt{2})\right]",
        {"gelu"},
        {"gelu_tanh", "silu", "sigmoid"},
    ),
    # Rafailov et al. 2023 (DPO), eq. 1: the Bradley-Terry preference
    (
        "dpo-bradley-terry",
        r"p^*(y_1 \succ y_2 \mid x) = \frac{\exp(r^*(x, y_1))}{\exp(r^*(x, y_1)) + \exp(r^*(x, y_2))}",
        {"softmax"},
        {"infonce", "sigmoid_derivative"},
    ),
    # a projection onto an interval: clipping (projected gradient methods' box constraint)
    ("projection-interval-clip", r"\hat{x} = \Pi_{[a,\, b]}(x)", {"clip_by_value"}, {"concatenation", "permutation"}),
]


@pytest.mark.parametrize(("latex", "want", "avoid"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_concepts(latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)
