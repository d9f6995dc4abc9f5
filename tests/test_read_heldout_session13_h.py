"""Held-out readings (session 13), eighth part: real-formula constructs that were refused or misread.

- the letter of an information quantity before brackets listing names (Bishop's mutual information
  ``I[\\mathbf{x}, \\mathbf{y}]``) is a functional, like ``\\mathrm{H}[\\cdot]`` (``information-functional``); it was
  I times the vectors stacked (``bracket-concat``), silently;
- a wide space (``\\quad``, ``\\qquad``, ``,\\;``) or an 'and' between an equality and a comparison separates two
  statements (Robbins–Monro's step-size conditions); they were refused as one statement, or the comparison after
  'and' was left out as prose;
- an arg max/min, max/min, sup or inf over a variable (a Greek letter, a bold vector, a name the body never
  subscripts) or under a condition, as a statement's whole right side, is an unevaluated optimum
  (``optimum-over-variable``): read and explained, refused by name when evaluated; at the start of a statement it is
  the ``objective-prefix``, a Greek or bold variable too;
- a blackboard ``\\mathbb{P}``/``\\mathbb{Q}`` with a subscript is a distribution's name (``distribution-name``);
- ``*`` inside a bracket applied to arguments (Goodfellow's ``(x * w)(t)``) is a convolution, refused by name; a
  bracket before ``*`` (GRU's ``(1 - z_t) * n_t``) and a primed next state (LSTMCell's ``c' = f * c + i * g``) get
  the ``star-product`` note;
- a row with dots (``[x_1 & \\cdots & x_n]``) is the vector of x_i, as the column is (``family-list``); Bishop's
  conditional expectation ``\\mathbb{E}[t|\\mathbf{x}]`` is refused by name (it was "this '|' is never closed").

An index adding two index letters (Nielsen's ``a_{j+l,k+m}``) reads since session 14 (tests/
test_read_heldout_session14_b.py): the entry at that position, over the valid positions.
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from symdl.functions import OptimumOver
from tests.real_sources import assert_reads_as

RNG = np.random.default_rng(1308)
X4, W4, Y4 = RNG.normal(size=4), RNG.normal(size=4), RNG.normal(size=4)
F4, C4, I4, G4 = RNG.uniform(size=4), RNG.normal(size=4), RNG.uniform(size=4), RNG.normal(size=4)
Z4, N4, H4 = RNG.uniform(size=4), RNG.normal(size=4), RNG.normal(size=4)
PI3 = np.array([0.2, 0.3, 0.5])
X34, Y3 = RNG.normal(size=(3, 4)), RNG.normal(size=3)


# (id, source, latex, the left side read, notes by rule): information quantities as functionals
FUNCTIONALS = [
    ("bishop-mutual-information", "Bishop, PRML eq. 1.121",
     r"I[\mathbf{x}, \mathbf{y}] = \mathrm{H}[\mathbf{x}] - \mathrm{H}[\mathbf{x}|\mathbf{y}]", "I(x, y)",
     ["information-functional", "conditional-functional"]),
    ("bishop-mutual-information-other-side", "Bishop, PRML eq. 1.121, second form",
     r"I[\mathbf{x}, \mathbf{y}] = \mathrm{H}[\mathbf{y}] - \mathrm{H}[\mathbf{y}|\mathbf{x}]", "I(x, y)",
     ["information-functional", "conditional-functional"]),
    ("information-bottleneck-semicolon", "Tishby et al., the information bottleneck's I(X; T) in brackets",
     r"I[\mathbf{x}; \mathbf{z}] = H[\mathbf{z}] - H[\mathbf{z} | \mathbf{x}]", "I(x, z)",
     ["information-functional", "bracket-call", "bracket-call", "conditional-functional"]),
    ("bishop-joint-entropy-identity", "Bishop, PRML eq. 1.112 with the mutual information (1.121)",
     r"I[\mathbf{x}, \mathbf{y}] = \mathrm{H}[\mathbf{x}] + \mathrm{H}[\mathbf{y}] - \mathrm{H}[\mathbf{x}, \mathbf{y}]",
     "I(x, y)", ["information-functional"]),
    ("cover-thomas-parentheses", "Cover & Thomas, eq. 2.39: unchanged, parentheses and a semicolon",
     r"I(X; Y) = H(X) - H(X|Y)", "I(X, Y)", ["conditional-functional"]),
    ("kl-double-bar", "Bishop, PRML eq. 1.113 written as a sum", r"\mathrm{KL}(q \| p) = \sum_z q(z) \log \frac{q(z)}{p(z)}",
     "KL(q, p)", []),
]


@pytest.mark.parametrize(("latex", "lhs", "rules"), [c[2:] for c in FUNCTIONALS], ids=[c[0] for c in FUNCTIONALS])
def test_information_quantities_are_functionals(latex: str, lhs: str, rules: list[str]) -> None:
    formula = symdl.parse(latex)
    assert [n.rule for n in formula.notes] == rules
    assert str(formula.statements[0].lhs) == lhs


def test_a_weight_before_a_bracket_list_stays_a_concatenation() -> None:
    """Olah's LSTM W_o [h_{t-1}, x_t]: a weight's capital, not an information letter, before the list."""
    formula = symdl.parse(r"\mathbf{o}_t = \sigma(W_o [h_{t-1}, x_t] + b_o)")
    assert [n.rule for n in formula.notes] == ["bracket-concat"]


# (id, source, latex, statement kinds): two statements in one line
TWO_STATEMENTS = [
    ("robbins-monro", "Robbins & Monro (1951), the step sizes' conditions (Bishop, PRML eq. 2.133-2.135)",
     r"\sum_{k=1}^\infty \epsilon_k = \infty, \quad \sum_{k=1}^\infty \epsilon_k^2 < \infty", r"\epsilon",
     ["equation", "inequality"]),
    ("robbins-monro-qquad", "the SGD step-size conditions (Bottou et al. 2018, eq. 4.19) with \\qquad",
     r"\sum_{t=1}^{\infty} \eta_t = \infty, \qquad \sum_{t=1}^{\infty} \eta_t^2 < \infty", r"\eta",
     ["equation", "inequality"]),
    ("robbins-monro-and", "the Robbins-Monro conditions joined by 'and' (as Sutton & Barto, eq. 2.7, join them)",
     r"\sum_{n=1}^{\infty} \alpha_n = \infty \quad \text{and} \quad \sum_{n=1}^{\infty} \alpha_n^2 < \infty",
     r"\alpha", ["equation", "inequality"]),
]


def test_sutton_barto_step_size_function_is_refused_where_squared() -> None:
    """Sutton & Barto's α_n(a) is a step size per action: α_n^2(a), a function named with a power, is refused."""
    latex = r"\sum_{n=1}^{\infty} \alpha_n(a) = \infty \quad \text{and} \quad \sum_{n=1}^{\infty} \alpha_n^2(a) < \infty"
    with pytest.raises(symdl.NotSupported, match="a function named with a power") as info:
        symdl.parse(latex)
    assert latex[info.value.span.start : info.value.span.end].startswith(r"\alpha_n^2(a)")


@pytest.mark.parametrize(("latex", "name", "kinds"), [c[2:] for c in TWO_STATEMENTS],
                         ids=[c[0] for c in TWO_STATEMENTS])
def test_an_equality_and_a_comparison_apart_are_two_statements(latex: str, name: str, kinds: list[str]) -> None:
    """Both statements read (the sums to infinity are explained; evaluating them is refused by name)."""
    formula = symdl.parse(latex)
    assert [st.kind for st in formula.statements] == kinds
    function = symdl.lambdify(formula)
    inputs = {name: X4, **({"a": 1.0} if "a" in function.spellings else {})}
    with pytest.raises(symdl.SymdlError, match="a sum's upper bound must be a finite integer"):
        function(**inputs)


def test_mixture_weights_constraints_read_both() -> None:
    """Bishop, PRML eqs. 9.8-9.9 (mixing coefficients): the sum and the bound, two statements, both evaluated."""
    formula = symdl.parse(r"\sum_{k=1}^{K} \pi_k = 1, \quad \pi_k \geq 0")
    got = symdl.lambdify(formula)(**{r"\pi": PI3, "K": 3})
    values = list(got.values())
    np.testing.assert_allclose(float(values[0]), PI3.sum(), rtol=1e-12)
    assert np.asarray(values[1]).tolist() == [True, True, True]


# (id, source, latex, notes by rule): optima over a variable, read and explained, never evaluated
OPTIMA = [
    ("argmin-over-theta", "the estimator of every ML course", r"\theta^* = \arg\min_\theta L(\theta)",
     ["optimum-over-variable"]),
    ("goodfellow-pca-decoder", "Goodfellow et al., eq. 2.84: PCA's direction, with its constraint",
     r"\boldsymbol{d}^* = \arg\max_{\boldsymbol{d}} \mathrm{Tr}(\boldsymbol{d}^\top \boldsymbol{X}^\top \boldsymbol{X} "
     r"\boldsymbol{d}) \text{ subject to } \boldsymbol{d}^\top \boldsymbol{d} = 1",
     ["optimum-over-variable", "condition-clause"]),
    ("goodfellow-mle", "Goodfellow et al., eq. 5.59: maximum likelihood",
     r"\boldsymbol{\theta}_{\mathrm{ML}} = \arg\max_{\boldsymbol{\theta}} \sum_{i=1}^m "
     r"\log p_{\mathrm{model}}(\boldsymbol{x}^{(i)}; \boldsymbol{\theta})", ["optimum-over-variable"]),
    ("bold-theta-star", "Goodfellow et al., sec. 4.3: the minimiser of J",
     r"\boldsymbol{\theta}^* = \arg\min_{\boldsymbol{\theta}} J(\boldsymbol{\theta})", ["optimum-over-variable"]),
    ("wgan-primal", "Arjovsky et al. (2017), eq. 1: the Earth Mover distance",
     r"W(\mathbb{P}_r, \mathbb{P}_g) = \inf_{\gamma \in \Pi(\mathbb{P}_r, \mathbb{P}_g)} "
     r"\mathbb{E}_{(x, y) \sim \gamma}[\|x - y\|]", ["distribution-name", "distribution-name", "optimum-over-variable"]),
    ("optimum-value", "an optimum's value (was refused)", r"L = \min_w f(w)", ["optimum-over-variable"]),
    ("optimum-value-starred", "the optimal loss (was refused)", r"L^* = \min_w L(w)", ["optimum-over-variable"]),
    ("arg-max-alone", "an arg max over a variable alone (was refused)", r"\arg\max_x f(x)", ["optimum-over-variable"]),
    ("operatorname-star-argmax", "\\operatorname*{argmax} (was refused)", r"\operatorname*{argmax}_\theta L(\theta)",
     ["optimum-over-variable"]),
    ("text-arg-max", "arg max in \\text (was refused)", r"\text{arg\,max}_x f(x)", ["optimum-over-variable"]),
]


@pytest.mark.parametrize(("latex", "rules"), [c[2:] for c in OPTIMA], ids=[c[0] for c in OPTIMA])
def test_optima_over_a_variable_read_not_evaluated(latex: str, rules: list[str]) -> None:
    formula = symdl.parse(latex)
    assert [n.rule for n in formula.notes] == rules
    assert isinstance(formula.statements[0].rhs, OptimumOver)
    with pytest.raises(symdl.NotSupported, match="an optimum over a variable"):
        symdl.lambdify(formula)
    assert symdl.explain(latex) is not None


# (id, source, latex, inputs, numpy's value, notes by rule): an objective over a Greek or bold variable, evaluated
OBJECTIVES = [
    ("least-squares-over-theta", "a one-parameter least-squares objective",
     r"\min_\theta \frac{1}{n} \sum_{i=1}^n (y_i - \theta x_i)^2",
     {r"\theta": 0.7, "x": X4, "y": Y4, "n": 4}, ((Y4 - 0.7 * X4) ** 2).mean(), ["objective-prefix"]),
    ("ridge-over-bold-w", "ridge regression's objective (Goodfellow et al., eq. 5.18 with weight decay)",
     r"\min_{\boldsymbol{w}} \|\boldsymbol{y} - \boldsymbol{X}\boldsymbol{w}\|^2 + \lambda \|\boldsymbol{w}\|^2",
     {r"\boldsymbol{w}": W4, r"\boldsymbol{X}": X34, r"\boldsymbol{y}": Y3, r"\lambda": 0.1},
     ((Y3 - X34 @ W4) ** 2).sum() + 0.1 * W4 @ W4, ["objective-prefix"]),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [c[2:] for c in OBJECTIVES],
                         ids=[c[0] for c in OBJECTIVES])
def test_objectives_over_a_variable_evaluate(latex: str, inputs: dict, want: float, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


def test_greek_objective_alone_is_the_objective_prefix() -> None:
    """\\max_\\theta J(\\theta) (was refused: \\theta is no Latin index): the objective stated, J evaluated."""
    formula = symdl.parse(r"\max_\theta J(\theta)")
    assert [n.rule for n in formula.notes] == ["objective-prefix"]
    got = symdl.lambdify(formula, functions={"J": np.cos})(**{r"\theta": 0.3})
    np.testing.assert_allclose(float(got), np.cos(0.3), rtol=1e-12)


def test_wgan_gp_objective_prefix_with_a_domain() -> None:
    """Gulrajani et al. (2017), eq. 1: \\max_{D \\in \\mathcal{D}} after \\min_G is the objective's prefix too."""
    formula = symdl.parse(r"\min_G \max_{D \in \mathcal{D}} \mathbb{E}_{\boldsymbol{x} \sim \mathbb{P}_r}"
                          r"[D(\boldsymbol{x})] - \mathbb{E}_{\tilde{\boldsymbol{x}} \sim \mathbb{P}_g}"
                          r"[D(\tilde{\boldsymbol{x}})]")
    assert [n.rule for n in formula.notes][:2] == ["objective-prefix", "objective-prefix"]


# (id, source, latex, inputs, numpy's value, notes by rule): '*' between arrays a reader may mean element-wise
STARS = [
    ("pytorch-gru-bracket", "the PyTorch docs' GRU: h_t = (1 - z_t) * n_t + z_t * h_{t-1}",
     r"h_t = (1 - z_t) * n_t + z_t * h_{t-1}", {"z_t": 0.3, "n_t": 0.5, "h_{t-1}": -0.2},
     0.7 * 0.5 + 0.3 * -0.2, ["star-product", "star-product"]),
    ("pytorch-lstmcell", "the PyTorch docs' LSTMCell: c' = f * c + i * g", r"c' = f * c + i * g",
     {"f": 0.9, "c": 0.4, "i": 0.2, "g": -0.5}, 0.9 * 0.4 + 0.2 * -0.5, ["star-product", "star-product"]),
    ("pytorch-lstmcell-output", "the PyTorch docs' LSTMCell: h' = o * \\tanh(c')", r"h' = o * \tanh(c')",
     {"o": 0.6, "c'": 0.8}, 0.6 * np.tanh(0.8), ["star-product"]),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [c[2:] for c in STARS], ids=[c[0] for c in STARS])
def test_star_between_states_is_noted(latex: str, inputs: dict, want: float, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


def test_a_bracket_of_numbers_times_a_number_is_no_note() -> None:
    assert symdl.parse(r"y = (a + b) * c").notes == ()


def test_a_row_with_dots_is_the_vector_of_its_entries() -> None:
    """[x_1 & \\cdots & x_n] as the column form reads: the entries x_i, i = 1 to n (noted)."""
    formula = symdl.parse(r"\mathbf{v} = \begin{bmatrix} x_1 & x_2 & \cdots & x_n \end{bmatrix}^T")
    assert [n.rule for n in formula.notes] == ["family-list"]
    got = symdl.lambdify(formula)(x=X4)
    np.testing.assert_allclose(np.asarray(got, dtype=float).ravel(), X4, rtol=1e-12)


# (id, source, latex, words of the refusal, where it points); Bishop's conditional expectation E[t|x] is read since
# session 51 (tests/test_read_s56.py)
REFUSED = [  # Goodfellow's (x * w)(t), (I * K)(i, j): read since session 18 (tests/test_read_s18_calls.py)
    ("cross-correlation-star", "the PyTorch docs' Conv2d, \\star", r"S(i, j) = (I \star K)(i, j)", "the convolution",
     r"(I \star K)(i, j)"),
    ("optimum-inside-arithmetic", "an arg min added to something",
     r"a + \arg\min_\theta L(\theta)", "inside an expression", r"\arg\min"),
]


@pytest.mark.parametrize(("latex", "words", "at"), [c[2:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_out_of_reach_is_refused_by_name(latex: str, words: str, at: str) -> None:
    with pytest.raises(symdl.NotSupported, match=words) as info:
        symdl.parse(latex)
    span = info.value.span
    assert span is not None and latex[span.start : span.end].startswith(at)
