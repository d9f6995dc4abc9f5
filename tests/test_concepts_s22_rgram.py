"""Session 22, task rgram: concepts named in formulas pasted from outside TeX, now that they are read (issue 12).

Each row: (id, the formula as its cited source prints it, ids that must be named, ids that must not be named).
The rule a row settles beyond reading: three piecewise rows, a constant below a point, a constant above another and a
ramp between that meets both (the Keras docs' ``0 if x < -2.5, 1 if x > 2.5, 0.2 x + 0.5 otherwise``), are exactly
the clamp of the ramp, so the hard sigmoid is named from a ``cases`` or from code's rows as from ``max(0, min(1, ·))``;
a ramp that misses its constants (its sign flipped) is no hard sigmoid.
"""

from __future__ import annotations

import pytest

from tests.concept_cases import assert_concepts

CASES: list[tuple[str, str, set[str], set[str]]] = [
    # TensorFlow docs r2.5, tf.keras.activations.hard_sigmoid (verbatim): if-return rows
    (
        "tf-hard-sigmoid-rows",
        r"if x < -2.5: return 0 \\ if x > 2.5: return 1 \\ if -2.5 <= x <= 2.5: return 0.2 * x + 0.5",
        {"hard_sigmoid"},
        {"sigmoid", "relu"},
    ),
    # TensorFlow docs, tf.keras.ops.hard_sigmoid: 'value if condition' rows
    (
        "keras-ops-hard-sigmoid",
        r"0 if x < -2.5, 1 if x > 2.5, (0.2 * x) + 0.5 if -2.5 <= x <= 2.5",
        {"hard_sigmoid"},
        {"sigmoid"},
    ),
    # Chainer docs, chainer.functions.hard_sigmoid: a cases with the ramp's row in the middle
    (
        "chainer-hard-sigmoid-cases",
        r"f(x) = \begin{cases} 0 & x < -2.5 \\ 0.2 x + 0.5 & -2.5 \le x \le 2.5 \\ 1 & x > 2.5 \end{cases}",
        {"hard_sigmoid"},
        {"sigmoid", "clip_by_value"},
    ),
    # PyTorch docs, torch.nn.Hardsigmoid: slope 1/6 between -3 and 3
    (
        "torch-hardsigmoid-cases",
        r"\text{Hardsigmoid}(x) = \begin{cases} 0 & \text{if~} x \le -3, \\ 1 & \text{if~} x \ge +3, \\ x / 6 + 1 / 2 "
        r"& \text{otherwise} \end{cases}",
        {"hard_sigmoid"},
        {"sigmoid"},
    ),
    # dev22 trap h21-478: the Keras hard sigmoid with the ramp's sign flipped, in if/elif/else
    (
        "flipped-ramp-trap",
        r"\text{if } x<-2.5: 0;\ \text{elif } x>2.5: 1;\ \text{else}: -0.2x + 0.5",
        set(),
        {"hard_sigmoid", "sigmoid"},
    ),
    # a ramp that does not meet its constants at the breakpoints (-2 vs -2.5): no clamp
    (
        "ramp-misses-breakpoint",
        r"f(x) = \begin{cases} 0 & x < -2 \\ 1 & x > 2.5 \\ 0.2x + 0.5 & \text{otherwise} \end{cases}",
        set(),
        {"hard_sigmoid"},
    ),
    # Keras docs-style note, keras.activations.selu: two if-return rows
    (
        "keras-selu-rows",
        r"if x > 0: return scale * x \\ if x < 0: return scale * alpha * (exp(x) - 1)",
        {"selu"},
        {"prelu", "leaky_relu"},
    ),
    # numpy activations (GitHub): leaky ReLU as Python's conditional expression
    ("python-leaky-relu", r"f(x) = x if x > 0 else alpha * x", {"leaky_relu"}, {"relu", "elu"}),
    # minitorch operators (GitHub): relu as Python's conditional expression
    ("python-relu", r"relu(x) = x if x > 0 else 0", {"relu"}, {"leaky_relu"}),
    # timm docs, StepLRScheduler: Python's // between the epoch and the decay period
    ("timm-step-lr", r"lr = base_lr * decay_rate ** (epoch // decay_t)", {"step_decay"}, {"cosine_schedule", "ema"}),
    # Keras step-decay recipe (blog): the same with other names
    (
        "keras-step-decay-recipe",
        r"lr = initial_lr * drop ** (epoch // epochs_drop)",
        {"step_decay"},
        {"cosine_schedule", "warmup"},
    ),
    # GitHub README (ML notes), Adam's first moment in Markdown source
    ("markdown-adam-moment", r"m\_t = \beta\_1 m\_{t-1} + (1-\beta\_1)g\_t", {"ema"}, {"weight_decay"}),
    # Kaggle evaluation page (Markdown source): RMSE
    (
        "markdown-rmse",
        r"\text{RMSE} = \sqrt{\frac{1}{n} \sum\_{i=1}^{n} (y\_i - \hat{y}\_i)^2}",
        {"squared_error"},
        {"mae"},
    ),
    # Kingma & Welling, arXiv 1312.6114, Appendix B (verbatim): the doubled parenthesis closed once
    (
        "vae-kl-doubled-open",
        r"-D_{KL}((q_\phi(\mathbf{z}) || p_\theta(\mathbf{z})) = \frac{1}{2} \sum_{j=1}^{J} \left(1 + "
        r"\log((\sigma_j)^2) - (\mu_j)^2 - (\sigma_j)^2\right)",
        {"kl_divergence"},
        {"sigmoid", "entropy"},
    ),
    # Gulrajani et al., arXiv 1704.00028 (WGAN-GP), eq. 3's critic term with \underset
    (
        "wgan-gp-underset",
        r"L = \underset{\boldsymbol{x}\sim\mathbb{P}_r}{\mathbb{E}}[D(\boldsymbol{x})]",
        {"expectation"},
        {"gan_minimax", "l2_penalty"},
    ),
    # Doersch, arXiv 1606.05908 (VAE tutorial), eq. 2: the KL divergence with its arguments in brackets
    (
        "doersch-kl-brackets",
        r"\mathcal{D}[Q(z|X) \| P(z|X)] = E_{z \sim Q}[\log Q(z|X) - \log P(z|X)]",
        {"kl_divergence", "expectation"},
        {"concatenation", "l2_norm"},
    ),
    # CUDA GLU demo README (GitHub): ⊙ and σ pasted as Unicode
    ("unicode-glu", r"GLU(x) = (Wx + b) ⊙ σ(Vx + c)", {"glu"}, {"swiglu"}),
    # Julia GLMM test (GitHub): the inverse logit with broadcast operators and a dot call
    ("julia-inverse-logit", r"μ = 1 ./ (1 .+ exp.(-η))", {"sigmoid"}, {"softmax"}),
    # Julia MLP from scratch (GitHub): relu as max.(0, z)
    ("julia-relu", r"y = max.(0, z)", {"relu"}, {"leaky_relu"}),
]


@pytest.mark.parametrize(("latex", "want", "avoid"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_concepts(latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)
