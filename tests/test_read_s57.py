r"""Session 52, from held-out set 57 (measured unseen first): classes of notation, each a rule with its note, checked
by value against plain numpy where the formula has a value.

* Boyd & Vandenberghe's ``\Delta x := -\nabla f(x)``, SGD's ``w_{t+1} = w_t - \alpha \nabla f(w_t)``, the policy
  gradient's ``\nabla_\theta J(\theta)``: a gradient by a plain name that stays a number is the derivative by it, one
  coordinate at a time, noted once per name (``nabla-number``; before: silently).
* ESL's ``\sum_i (y_i - x_i^T\beta)^2`` and ``f(x) = \beta_0 + x^T\beta``, cs229's ``x^T\theta``: a lower-case Greek
  name right after a transposed vector is the parameter vector of their dot product (``greek-after-transpose``;
  before: ``x^T\theta`` was a 1 × 1 x times the number θ, silently, and ``x_i^T\beta`` was refused).
* Raschka's ``\frac{1}{n}\sum_{i=1}^{n}(\hat{y}^{[i]} - y^{[i]})^2``: a bracketed letter up that a sum binds is the
  training example's index, as ``(i)`` (``superscript-bracket-sample``; before: a label, ŷ one vector, silently).
* The Flax and MLX docs' GRU ``n = \tanh(V x + r * (W h))``: a vector before ``*`` and a weight is no row (before: r
  a row vector and the sum inside tanh one number, silently).
* Boyd & Vandenberghe's ``x := x + t\Delta x`` after ``\Delta x := -\nabla f(x)``: no weight decay (it was named so,
  the step taken for a decay term).
* Nocedal & Wright's ``m_k(p) = f_k + g_k^T p + \frac{1}{2} p^T B_k p``: a function defined by its value has that
  value's kind (before: a subscripted function of a vector was a vector, so f_k was made one, silently).
* Bishop's MDN error ``-\ln\{\sum_i \alpha_i(\mathbf{x}^q) \dots\}``: a family's member function under its sum is a
  number before shapes are known too, as it is read (before: a vector, so E^q was made one, silently).
* ESL's ridge and lasso ``\mathop{\rm argmin}_{\beta}``: the old font switch inside ``\mathop`` is the operator
  ``\arg\min_\beta`` (before: refused, "the operator argmin").
* The Optax docs' ``\underset{y}{\text{argmin}} ~ \frac{1}{2} ||x - y||_2^2``: a tilde between spaces after an
  optimisation operator is TeX's tie, a space (before: a draw ``\sim``, refused); ``\epsilon ~ \mathcal{N}(0, I)``
  stays a draw.
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.concept_cases import assert_concepts
from tests.real_sources import assert_values_noted

RNG = np.random.default_rng(5757)
X43, Y4, B3, X3 = RNG.normal(size=(4, 3)), RNG.normal(size=4), RNG.normal(size=3), RNG.normal(size=3)
V34, X4, R3, W35, H5 = (RNG.normal(size=(3, 4)), RNG.normal(size=4), RNG.uniform(size=3), RNG.normal(size=(3, 5)),
                        RNG.normal(size=5))

#: (id, latex, arguments, statement → plain numpy's value, notes)
VALUES = [
    # ESL eq. 3.2, the residual sum of squares, the rows x_i^T of the inputs
    ("esl-rss", r"L = \sum_{i=1}^{N}(y_i - x_i^T\beta)^2", {"x": X43, "y": Y4, r"\beta": B3, "N": 4},
     {"": np.sum((Y4 - X43 @ B3) ** 2)}, ("greek-after-transpose",)),
    # cs229's hypothesis written input first
    ("cs229-input-first", r"h = x^T\theta", {"x": X3, r"\theta": B3}, {"": X3 @ B3}, ("greek-after-transpose",)),
    # ESL eq. 3.1, the linear model with its intercept
    ("esl-linear-model", r"f = \beta_0 + x^T\beta", {"x": X3, r"\beta_0": 0.5, r"\beta": B3},
     {"": 0.5 + X3 @ B3}, ("greek-after-transpose",)),
    # Raschka's STAT 453, the MSE over the training examples i, superscripts in square brackets
    ("raschka-mse-bracket-sample", r"L = \frac{1}{n}\sum_{i=1}^{n}\left(\hat{y}^{[i]} - y^{[i]}\right)^2",
     {r"\hat{y}^{[i]}": X3, r"y^{[i]}": B3, "n": 3}, {"": np.mean((X3 - B3) ** 2)}, ("superscript-bracket-sample",)),
    # the Flax/MLX docs' GRU candidate with * before the parenthesis: element-wise, r a column (was a row, silently)
    ("gru-candidate-star", r"n = \tanh(V x + r * (W h))", {"V": V34, "x": X4, "r": R3, "W": W35, "h": H5},
     {"": np.tanh(V34 @ X4 + R3 * (W35 @ H5))}, ("star-elementwise",)),
    # Nocedal & Wright eq. 2.19, the quadratic model: defined by its value, a number (f_k was a vector, silently)
    ("nocedal-quadratic-model", r"m_k(p) = f_k + g_k^Tp + \frac{1}{2}p^TB_kp",
     {"p": X3, "f_k": 1.5, "g_k": B3, "B_k": np.diag([2.0, 1.0, 3.0])},
     {"": 1.5 + B3 @ X3 + 0.5 * X3 @ np.diag([2.0, 1.0, 3.0]) @ X3}, ()),
    # a Latin parameter was a vector already: no new note
    ("latin-parameter-unchanged", r"h = x^T w", {"x": X3, "w": B3}, {"": X3 @ B3}, ()),
]


@pytest.mark.parametrize(("code", "args", "want", "rules"), [c[1:] for c in VALUES], ids=[c[0] for c in VALUES])
def test_values(code: str, args: dict, want: dict, rules: tuple[str, ...]) -> None:
    assert_values_noted(code, args, want, rules)


def test_a_bracketed_layer_stays_a_label() -> None:
    """Ng's ``z^{[l]} = W^{[l]} a^{[l-1]} + b^{[l]}``: no sum binds l, the layer's labels stay."""
    f = symdl.parse(r"z^{[l]} = W^{[l]} a^{[l-1]} + b^{[l]}")
    assert "superscript-bracket-sample" not in {n.rule for n in f.notes}
    assert {str(k) for k in f.shapes} >= {"z^[l]", "W^[l]"}


def test_a_family_of_functions_under_its_sum_is_a_number() -> None:
    """Bishop's mixture density network error ``E^q = -\\ln\\{\\sum_i \\alpha_i(\\mathbf{x}^q)\\phi_i(\\mathbf{t}^q |
    \\mathbf{x}^q)\\}``: member i of a family of functions is a number, so E^q is one (it was a vector, silently)."""
    f = symdl.parse(r"E^q = -\ln\left\{\sum_{i=1}^{m}\alpha_i(\mathbf{x}^q)\phi_i(\mathbf{t}^q|\mathbf{x}^q)\right\}")
    assert "E^q" not in {str(k) for k in f.shapes}
    assert "function-family" in {n.rule for n in f.notes}


def test_a_number_scaling_a_row_stays_a_number() -> None:
    """Written first, ``\\theta x^T`` scales the row: θ stays a number, and no parameter note."""
    f = symdl.parse(r"h = \theta x^T")
    assert "greek-after-transpose" not in {n.rule for n in f.notes}
    assert str(f.symbols[r"\theta"]) == "theta" and r"\theta" not in {str(k) for k in f.shapes}


def test_a_transposed_matrix_keeps_its_own_rules() -> None:
    """cs231n's ``W^T \\delta``: a transposed matrix before a Greek name is decided by the gradient rules, as before."""
    f = symdl.parse(r"\frac{\partial L}{\partial x} = W^T \delta")
    assert "greek-after-transpose" not in {n.rule for n in f.notes}


#: (id, latex, the part the note points at, how many nabla-number notes)
NABLA = [
    ("boyd-gradient-step", r"\Delta x := -\nabla f(x) \\ x := x + t\Delta x", r"\nabla f(x)", 1),
    ("sgd-iterate", r"w_{t+1} = w_t - \alpha \nabla f(w_t)", r"\nabla f(w_t)", 1),
    ("cs229-gradient-descent", r"\theta := \theta - \alpha \nabla_\theta J(\theta)", r"\nabla_\theta J(\theta)", 1),
    # REINFORCE: two gradients by one θ, noted once, at the first
    ("policy-gradient-once", r"\nabla_\theta J(\theta) = \mathbb{E}[\nabla_\theta \log \pi_\theta(a|s) G]",
     r"\nabla_\theta J(\theta)", 1),
]


@pytest.mark.parametrize(("latex", "part", "count"), [c[1:] for c in NABLA], ids=[c[0] for c in NABLA])
def test_a_gradient_by_a_number_is_noted(latex: str, part: str, count: int) -> None:
    f = symdl.parse(latex)
    notes = [n for n in f.notes if n.rule == "nabla-number"]
    assert len(notes) == count
    assert latex[notes[0].span.start : notes[0].span.end] == part
    assert "\\mathbb{R}^n" in notes[0].alternative


#: gradients by a name that is a vector already: no nabla-number note
NABLA_VECTORS = [
    ("bold-variable", r"\mathbf{w}_{t+1} = \mathbf{w}_t - \alpha \nabla f(\mathbf{w}_t)"),
    ("bold-subscript", r"g = \nabla_{\mathbf{x}} f(\mathbf{x})"),
    ("transposed-gradient", r"f(y) \ge f(x) + \nabla f(x)^T (y - x)"),
    ("family-entry", r"\frac{\partial L}{\partial w_i} = \nabla_{w_i} L"),
]


@pytest.mark.parametrize("latex", [c[1] for c in NABLA_VECTORS], ids=[c[0] for c in NABLA_VECTORS])
def test_a_gradient_by_a_vector_is_not_noted(latex: str) -> None:
    assert "nabla-number" not in {n.rule for n in symdl.parse(latex).notes}


#: (id, latex, the operator's spelling in the optimum note)
OPTIMA = [
    ("esl-ridge", r"\hat{\beta}^{\rm ridge} = \mathop{\rm argmin}_{\beta}\left\{\sum_{i=1}^{N}\left(y_i - \beta_0 - "
     r"\sum_{j=1}^{p}x_{ij}\beta_j\right)^2 + \lambda\sum_{j=1}^{p}\beta_j^2\right\}", r"\mathop{\rm argmin}_{\beta}"),
    ("optax-prox-l1", r"\underset{y}{\text{argmin}} ~ \frac{1}{2} ||x - y||_2^2 + \text{scaling} \cdot \text{l1reg} "
     r"\cdot ||y||_1", r"\underset{y}{\text{argmin}}"),
    ("optax-prox-nonnegative", r"\underset{y \ge 0}{\text{argmin}} ~ \frac{1}{2} ||x - y||_2^2",
     r"\underset{y \ge 0}{\text{argmin}}"),
]


@pytest.mark.parametrize(("latex", "part"), [c[1:] for c in OPTIMA], ids=[c[0] for c in OPTIMA])
def test_argmin_spellings_are_optima(latex: str, part: str) -> None:
    f = symdl.parse(latex)
    notes = [n for n in f.notes if n.rule == "optimum-over-variable"]
    assert len(notes) == 1 and latex[notes[0].span.start : notes[0].span.end] == part
    assert "argmin" in str(f.statements[0].rhs if f.statements[0].rhs is not None else f.statements[0].expr)


def test_a_tilde_between_names_stays_a_draw() -> None:
    """The VAE's ``\\epsilon ~ \\mathcal{N}(0, I)`` in plain text: still the draw, set aside."""
    f = symdl.parse(r"z = \mu + \sigma \epsilon, \quad \epsilon ~ \mathcal{N}(0, I)")
    assert "draw-aside" in {n.rule for n in f.notes} or any("drawn" in n.message for n in f.notes)


#: (id, latex, concepts it must be named, concepts it must not)
CONCEPTS = [
    # Boyd & Vandenberghe 9.3: a step along the gradient at x, defined first; was named weight decay (x the
    # "gradient", \Delta x the "weights")
    ("boyd-step-is-no-weight-decay", r"\Delta x := -\nabla f(x) \\ x := x + t\Delta x", set(), {"weight_decay"}),
    # PyTorch's SGD with weight decay: still named
    ("pytorch-weight-decay-kept", r"g_t \leftarrow g_t + \lambda \theta_{t-1}", {"weight_decay"}, set()),
]


@pytest.mark.parametrize(("latex", "want", "avoid"), [c[1:] for c in CONCEPTS], ids=[c[0] for c in CONCEPTS])
def test_concepts(latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)
