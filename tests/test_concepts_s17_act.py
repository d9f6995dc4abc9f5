"""Session 17, task act: activations, calculus, initialisation and linear algebra, by class of notation.

Each row: (id, LaTeX as printed in the cited source, ids that must be named, ids that must not be named).
The rules the rows settle:

* a clamp ``max(0, min(1, ·))`` recognised as a hard sigmoid is one concept: its ``max(0, ·)`` is the clamp's
  floor, not a ReLU (in either nesting), while ``ReLU6 = min(max(0, x), 6)`` still names ReLU;
* a negative slope spelled as a hyperparameter (a number, a Greek letter, or a word such as PyTorch's
  ``\\text{negative\\_slope}``) makes ``max(0, x) + s·min(0, x)`` a leaky ReLU; a Latin letter (``a``) or a slope
  carrying the input's channel index (He et al.'s ``a_i y_i``) is learned: PReLU;
* a sum of terms gated by indicators of the two sides of 0 is read as cases (cs231n's leaky ReLU);
* ``(W^{l+1})^T δ^{l+1}`` sends the error of a LATER layer back: backpropagation, not a linear layer;
* ``X W + b`` with the bias repeated over the rows is a linear layer with the input on the left (d2l).
"""

from __future__ import annotations

import pytest

from tests.concept_cases import assert_concepts, chunk_of

CASES: list[tuple[str, str, set[str], set[str]]] = [
    # hard sigmoid clip form (Courbariaux et al. 2015, BinaryConnect eq. 3; Keras hard_sigmoid docs)
    (
        "hard-sigmoid-clip-no-relu",
        r"\sigma_{hard}(x) = \max\left(0, \min\left(1, \frac{x + 1}{2}\right)\right)",
        {"hard_sigmoid"},
        {"relu"},
    ),
    ("hard-sigmoid-keras-no-relu", r"y = \max(0, \min(1, 0.2x + 0.5))", {"hard_sigmoid"}, {"relu"}),
    # ReLU6 (PyTorch docs torch.nn.ReLU6): still a ReLU, not a hard sigmoid
    ("relu6-is-relu", r"\text{ReLU6}(x) = \min(\max(0,x), 6)", {"relu"}, {"hard_sigmoid"}),
    ("relu6-max-outside", r"y = \max(0, \min(x, 6))", {"relu"}, {"hard_sigmoid"}),
    # LeakyReLU (PyTorch docs torch.nn.LeakyReLU): the slope is a constructor argument, so not learned
    (
        "leaky-pytorch-word-slope",
        r"\text{LeakyReLU}(x) = \max(0, x) + \text{negative\_slope} * \min(0, x)",
        {"leaky_relu"},
        {"prelu"},
    ),
    ("leaky-greek-slope", r"f(x) = \max(0, x) + \alpha \min(0, x)", {"leaky_relu"}, {"prelu"}),
    # PReLU (PyTorch docs torch.nn.PReLU: a is learnable; He et al. 2015 eq. 1 per channel)
    ("prelu-pytorch-a", r"\text{PReLU}(x) = \max(0,x) + a * \min(0,x)", {"prelu"}, {"leaky_relu"}),
    ("prelu-he-cases", r"f(y_i) = \begin{cases} y_i, & y_i > 0 \\ a_i y_i, & y_i \le 0 \end{cases}", {"prelu"}, set()),
    (
        "not-prelu-fixed-cases",
        r"f(y_i) = \begin{cases} y_i, & y_i > 0 \\ 0.01 y_i, & y_i \le 0 \end{cases}",
        {"leaky_relu"},
        {"prelu"},
    ),
    (
        "not-prelu-square-branch",
        r"f(x_i) = \begin{cases} x_i, & x_i > 0 \\ x_i x_i, & x_i \le 0 \end{cases}",
        set(),
        {"prelu", "leaky_relu"},
    ),
    # cs231n (Neural Networks Part 1): leaky ReLU with indicators
    (
        "leaky-cs231n-indicators",
        r"f(x) = \mathbb{1}(x < 0) (\alpha x) + \mathbb{1}(x>=0) (x)",
        {"leaky_relu"},
        {"selu", "elu", "prelu"},
    ),
    ("relu-indicator", r"y = x \mathbb{1}(x > 0)", {"relu"}, {"leaky_relu"}),
    ("not-selu-one-gate", r"y = \alpha x \mathbb{1}(x < 0)", set(), {"selu", "elu", "leaky_relu"}),
    ("not-leaky-two-variables", r"y = \mathbb{1}(x < 0) x + \mathbb{1}(z>=0) x", set(), {"leaky_relu", "relu"}),
    # SiLU on a vector (d2l 5.1 writes activations element-wise; Ramachandran et al. 2017 x·σ(x))
    ("silu-hadamard", r"\mathbf{y} = \mathbf{x} \odot \sigma(\mathbf{x})", {"silu"}, set()),
    ("not-silu-hadamard-other", r"\mathbf{y} = \mathbf{x} \odot \sigma(\mathbf{z})", set(), {"silu"}),
    # σ'(x) written with exponentials (Wikipedia "Logistic function", derivative)
    ("sigmoid-slope-exp", r"\frac{d}{dx}\sigma(x) = \frac{e^{-x}}{(1 + e^{-x})^2}", {"sigmoid_derivative"}, set()),
    ("sigmoid-slope-exp-pos", r"y = \frac{e^{x}}{(1 + e^{x})^2}", {"sigmoid_derivative"}, set()),
    ("not-sigmoid-slope-cube", r"y = \frac{e^{-x}}{(1 + e^{-x})^3}", set(), {"sigmoid_derivative"}),
    # Nielsen ch. 2, BP2 per component, the slope inside the sum (eq. 43's component form)
    (
        "delta-nielsen-component",
        r"\delta^l_j = \sum_k w^{l+1}_{kj} \delta^{l+1}_k \sigma'(z^l_j)",
        {"delta_rule"},
        set(),
    ),
    ("not-delta-no-error-family", r"\delta^l_j = \sum_k w^{l+1}_{kj} z^{l+1}_k \sigma'(z^l_j)", set(), {"delta_rule"}),
    # backprop is not a forward layer (Nielsen BP2; Ng's dZ^[1] = W^[2]T dZ^[2] * g^[1]'(Z^[1]))
    (
        "delta-bp2-no-layer",
        r"\delta^l = ((w^{l+1})^T \delta^{l+1}) \odot \sigma'(z^l)",
        {"delta_rule"},
        {"linear_layer"},
    ),
    (
        "backprop-no-layer",
        r"\boldsymbol{\delta}^{(1)} = (\mathbf{W}^{(2)})^\top \boldsymbol{\delta}^{(2)}",
        set(),
        {"linear_layer"},
    ),
    (
        "ng-backprop-no-layer",
        r"dZ^{[1]} = W^{[2]T} dZ^{[2]} * g^{[1]\prime}(Z^{[1]})",
        {"delta_rule"},
        {"linear_layer"},
    ),
    (
        "forward-transposed-still-layer",
        r"\mathbf{h}^{(2)} = (\mathbf{W}^{(2)})^\top \mathbf{h}^{(1)}",
        {"linear_layer"},
        set(),
    ),
    # PyTorch docs torch.nn.init.xavier_uniform_: a = gain × sqrt(6 / (fan_in + fan_out))
    (
        "xavier-gain",
        r"a = \text{gain} \times \sqrt{\frac{6}{\text{fan\_in} + \text{fan\_out}}}",
        {"xavier_init"},
        {"he_init"},
    ),
    # PyTorch docs torch.nn.init.xavier_normal_ / kaiming_normal_: a std spelled as the word std
    (
        "xavier-normal-std-gain",
        r"\text{std} = \text{gain} \times \sqrt{\frac{2}{\text{fan\_in} + \text{fan\_out}}}",
        {"xavier_init"},
        {"he_init"},
    ),
    ("he-std-word", r"\text{std} = \sqrt{\frac{2}{\text{fan\_in}}}", {"he_init"}, {"xavier_init"}),
    ("not-init-std-times-data", r"\mathrm{std} = x \sqrt{\frac{2}{n}}", set(), {"he_init", "xavier_init"}),
    ("not-xavier-data-times-bound", r"y = x\sqrt{\frac{6}{a+b}}", set(), {"xavier_init"}),
    # d2l 5.1 (MLP): H = ReLU(XW + b), the bias broadcast over the rows
    ("d2l-xw-plus-b", r"\mathbf{H} = \mathbf{X}\mathbf{W} + \mathbf{b}", {"linear_layer"}, set()),
    (
        "d2l-mlp-relu",
        r"\mathbf{H} = \operatorname{ReLU}(\mathbf{X}\mathbf{W}^{(1)} + \mathbf{b}^{(1)})",
        {"linear_layer", "relu"},
        set(),
    ),
    ("not-layer-gram", r"\mathbf{Y} = \mathbf{X}\mathbf{X}^\top + \mathbf{b}", set(), {"linear_layer"}),
    # one unit (Goodfellow 6.1; Nielsen ch. 1: Σ_j w_j x_j + b)
    ("unit-sum-plus-bias", r"z = \sum_{i} w_i x_i + b", {"linear_layer"}, set()),
    ("unit-activated", r"a = \sigma\left(\sum_j w_j x_j + b\right)", {"linear_layer"}, set()),  # σ: a guess (noted)
    ("not-unit-hyperparameter", r"z = \sum_{i} w_i x_i + \lambda", set(), {"linear_layer"}),
    ("not-unit-running-sum", r"s = \sum_i x_i y_i + s", set(), {"linear_layer"}),
    # SimSiam (Chen & He 2021, eq. 1): D(p, z) = −p/‖p‖₂ · z/‖z‖₂, the negative cosine similarity
    (
        "simsiam-negative-cosine",
        r"\mathcal{D}(p_1, z_2) = -\frac{p_1}{\left\|p_1\right\|_2} \cdot \frac{z_2}{\left\|z_2\right\|_2}",
        {"cosine_similarity"},
        set(),
    ),
    (
        "not-cosine-scaled",
        r"s = -2\frac{\mathbf{p}}{\|\mathbf{p}\|} \cdot \frac{\mathbf{z}}{\|\mathbf{z}\|}",
        set(),
        {"cosine_similarity"},
    ),
    # d2l 2.3 dot product stated with its sum
    ("dot-equation", r"\mathbf{x}^\top \mathbf{y} = \sum_{i=1}^{d} x_i y_i", {"dot_product"}, set()),
    # traps from the brief: a sub-term is named, the whole is not something else
    # (session 18: a shifted output max(0, x) + 1 is another function, so ReLU is not named: README's rule)
    ("trap-relu-plus-one", r"f(x) = \max(0, x) + 1", set(), {"relu", "leaky_relu", "prelu", "elu", "softplus"}),
    # PyTorch docs torch.nn.CELU: α·ELU(x/α), CELU (not ELU unless α = 1, never a SELU; issue 14 of session 23);
    # a mismatched stretch is none of them
    ("celu-not-elu", r"\text{CELU}(x) = \max(0,x) + \min(0, \alpha * (\exp(x/\alpha) - 1))", {"celu"},
     {"elu", "selu"}),
    ("not-celu-mismatched", r"y = \max(0,x) + \min(0, 2 (\exp(x/3) - 1))", set(), {"elu", "selu", "celu"}),
    # Keras docs keras.activations.hard_silu: x · hard_sigmoid(x)
    ("hard-silu-named-product", r"\mathrm{hard\_silu}(x) = x \cdot \mathrm{hard\_sigmoid}(x)", {"hard_swish"}, set()),
    ("not-hard-swish-other-arg", r"y = x \cdot \mathrm{hard\_sigmoid}(z)", set(), {"hard_swish"}),
    # Maas et al. 2013 (rectifier nonlinearities), leaky ReLU of a unit's w^(i)T x, each sum read with its own index
    (
        "leaky-maas-wtx",
        r"h^{(i)} = \begin{cases} w^{(i)T}x & w^{(i)T}x > 0 \\ 0.01\,w^{(i)T}x & \text{else} \end{cases}",
        {"leaky_relu"},
        {"prelu"},
    ),
    # PyTorch docs torch.nn.init.kaiming_uniform_ / kaiming_normal_: the gain carries He's √2
    (
        "kaiming-uniform-gain",
        r"\text{bound} = \text{gain} \times \sqrt{\frac{3}{\text{fan\_mode}}}",
        {"he_init"},
        {"xavier_init"},
    ),
    ("kaiming-normal-gain", r"\text{std} = \frac{\text{gain}}{\sqrt{\text{fan\_mode}}}", {"he_init"}, {"xavier_init"}),
    ("not-he-no-gain", r"b = \sqrt{\frac{3}{n}}", set(), {"he_init", "xavier_init"}),
    ("not-he-data-times-root", r"y = x \sqrt{\frac{3}{n}}", set(), {"he_init"}),
]


@pytest.mark.parametrize(("latex", "want", "avoid"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_concepts(latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)


def test_rows_layout_roles() -> None:
    """``X W + b``: the rows of X are examples, so X is the input and W the weights."""
    c = chunk_of(r"\mathbf{H} = \mathbf{X}\mathbf{W} + \mathbf{b}", "linear_layer")
    assert dict(c.roles)["input"].name == "X" and dict(c.roles)["weights"].name == "W"


def test_leaky_note_says_why() -> None:
    c = chunk_of(r"\text{LeakyReLU}(x) = \max(0, x) + \text{negative\_slope} * \min(0, x)", "leaky_relu")
    assert "hyperparameter" in c.note
