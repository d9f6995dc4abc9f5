"""Held-out readings (session 12), fifth part: classes of real formulas that were read wrongly or refused.

- an elementary function written without parentheses takes the product written after it (RoPE's ``\\cos m\\theta``
  was cos(m)·θ; ``\\log 2\\pi\\sigma^2`` was log(2)·πσ²), noted ``function-reach``; where the product runs into a
  parenthesis or a call, or mixes plain and bold names, the reach is refused by name;
- ``\\log``, ``\\ln``, ``\\exp`` of an absolute value or a norm (Goodfellow's ``\\ln |\\det(\\mathbf{X})|``);
- a run of quantifier clauses (Goodfellow's Lipschitz condition) and TeX's thin space after a function's name
  (d2l's ``\\textrm{log}\\, P(w_o \\mid w_c)``).

Values are checked against plain numpy; the reading notes are asserted by rule.
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from symdl.errors import NotSupported
from tests.real_sources import assert_reads_as

RNG = np.random.default_rng(1205)
Y5 = RNG.normal(size=5)
X33 = RNG.normal(size=(3, 3))
V4 = RNG.normal(size=4)


def _rotation(angle: float) -> np.ndarray:
    return np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])


# ---------------------------------------------------------------------------------------------------------------
# 1. a function written without parentheses reaches over the product after it

ROPE = (r"f_{\{q,k\}}(\boldsymbol{x}_m, m) = \begin{pmatrix} \cos m\theta & -\sin m\theta \\ \sin m\theta & \cos "
        r"m\theta \end{pmatrix} \begin{pmatrix} W^{(1,1)}_{\{q,k\}} & W^{(1,2)}_{\{q,k\}} \\ W^{(2,1)}_{\{q,k\}} & "
        r"W^{(2,2)}_{\{q,k\}} \end{pmatrix} \begin{pmatrix} x^{(1)}_m \\ x^{(2)}_m \end{pmatrix}")

FUNCTION_REACH = [
    # RoPE (Su et al., eq. 13): the rotation by m theta, on its own
    ("rope-rotation-block",
     r"R = \begin{pmatrix} \cos m\theta & -\sin m\theta \\ \sin m\theta & \cos m\theta \end{pmatrix}",
     {"m": 3.0, r"\theta": 0.7}, _rotation(2.1), ["function-reach", "function-reach"]),
    # RoPE's general rotation (eq. 15) for d = 4: two blocks, angles m theta_1 and m theta_2
    ("rope-rotation-d4",
     r"R = \begin{pmatrix} \cos m\theta_1 & -\sin m\theta_1 & 0 & 0 \\ \sin m\theta_1 & \cos m\theta_1 & 0 & 0 \\ "
     r"0 & 0 & \cos m\theta_2 & -\sin m\theta_2 \\ 0 & 0 & \sin m\theta_2 & \cos m\theta_2 \end{pmatrix}",
     {"m": 2.0, r"\theta_1": 0.4, r"\theta_2": 0.05},
     np.block([[_rotation(0.8), np.zeros((2, 2))], [np.zeros((2, 2)), _rotation(0.1)]]), ["function-reach"] * 4),
    # Gal's regression log-likelihood (MC dropout), its constant terms: log 2pi is log(2 pi)
    ("gal-regression-constants", r"\ell = -\log T - \frac{1}{2}\log 2\pi - \frac{1}{2}\log \tau^{-1}",
     {"T": 10.0, r"\tau": 4.0}, -np.log(10.0) - 0.5 * np.log(2 * np.pi) - 0.5 * np.log(1 / 4.0), ["function-reach"]),
    # a Gaussian's maximum-likelihood objective (lecture notes), with the mean mu for the model's f(x_i; omega)
    ("gaussian-log-likelihood",
     r"\ell = -\frac{n}{2}\log 2\pi\sigma^2 - \frac{1}{2\sigma^2} \sum_{i=1}^n (y_i - \mu)^2",
     {"n": 5, r"\sigma": 1.3, "y": Y5, r"\mu": 0.2},
     -2.5 * np.log(2 * np.pi * 1.3**2) - np.sum((Y5 - 0.2) ** 2) / (2 * 1.3**2), ["function-reach"]),
    # the VAE's KL term derived by hand: the entropy part -(1 + log 2 pi sigma^2)/2
    ("vae-kl-entropy-part", r"D = -\frac{1}{2}(1 + \log 2\pi\sigma^2)", {r"\sigma": 0.6},
     -0.5 * (1 + np.log(2 * np.pi * 0.36)), ["function-reach"]),
    # readings that were right stay as they were: a call, a single factor, a function value then a function
    ("call-argument-stays", r"y = \sigma(z) \log a", {"z": 0.3, "a": 2.5},
     np.log(2.5) / (1 + np.exp(-0.3)), []),
    ("one-factor-stays", r"L = -\log \hat{y} + \log Z", {r"\hat{y}": 0.3, "Z": 2.0},
     -np.log(0.3) + np.log(2.0), []),
    ("cdot-ends-the-reach", r"y = \exp a \cdot b", {"a": 0.3, "b": 2.0}, np.exp(0.3) * 2.0, ["dot-of-numbers"]),
    ("slash-ends-the-reach", r"p = \exp z_1 / Z", {"z_1": 0.3, "Z": 2.0}, np.exp(0.3) / 2.0, []),
    ("function-ends-the-reach", r"y = \sin a \cos b", {"a": 0.3, "b": 1.1}, np.sin(0.3) * np.cos(1.1), []),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [c[1:] for c in FUNCTION_REACH],
                         ids=[c[0] for c in FUNCTION_REACH])
def test_function_without_parentheses_takes_the_product_after_it(
    latex: str, inputs: dict, want: object, rules: list[str]
) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


def test_function_reach_note_names_the_operand() -> None:
    formula = symdl.parse(r"y = \log 2\pi\sigma^2")
    (n,) = formula.notes
    assert n.rule == "function-reach" and "2\\pi\\sigma^2" in n.message and "\\log(...)" in n.alternative


def test_function_reach_keeps_a_call_its_argument() -> None:
    """REINFORCE's \\log \\pi_\\theta(a|s) G: the log of the policy's value, times the return."""
    formula = symdl.parse(r"L = -\log \pi_\theta(a \mid s) G")
    assert "G*log(" in str(formula.statements[0].rhs).replace(" ", "")
    assert [n.rule for n in formula.notes] == []


REACH_REFUSED = [
    ("parenthesis-after", r"y = \log x (1-x)", "a call or a parenthesis follows"),
    ("call-after", r"y = \log x p(x)", "a call or a parenthesis follows"),
    ("plain-then-bold", r"\mathbf{h} = \exp s_i \mathbf{v}_i", "mixes plain and bold"),
]


@pytest.mark.parametrize(("latex", "message"), [c[1:] for c in REACH_REFUSED], ids=[c[0] for c in REACH_REFUSED])
def test_unclear_reach_is_refused_by_name(latex: str, message: str) -> None:
    with pytest.raises(NotSupported) as err:
        symdl.parse(latex)
    assert "written without parentheses ends" in err.value.message and message in err.value.message
    assert latex[err.value.span.start : err.value.span.start + 4] in ("\\log", "\\exp")


def test_rope_whole_formula_is_refused_at_its_pair_superscript() -> None:
    """The rotation reads (above); RoPE's W^{(1,1)} (an entry by a pair of indices) is refused, by name."""
    with pytest.raises(NotSupported) as err:
        symdl.parse(ROPE)
    assert "tuple" in err.value.message and ROPE[err.value.span.start :].startswith("(1,1)")


# ---------------------------------------------------------------------------------------------------------------
# 4. the logarithm and the exponential of an absolute value or a norm

X3, Y3 = np.array([0.1, 0.2, 0.3]), np.array([0.3, -0.2, 0.5])

LOG_OF_BARS = [
    # Goodfellow et al. (and the Matrix Cookbook): the log of the absolute determinant
    ("goodfellow-ln-abs-det", r"y = \ln |\det(\mathbf{X})|", {r"\mathbf{X}": X33},
     np.log(abs(np.linalg.det(X33))), []),
    # a normalising flow's change of variables: \left| \det J \right| with sizing bars
    ("flow-log-abs-det", r"y = \log \left| \det \mathbf{J} \right|", {r"\mathbf{J}": X33},
     np.log(abs(np.linalg.det(X33))), []),
    ("log-squared-norm", r"y = \log \|\mathbf{x}\|_2^2", {r"\mathbf{x}": V4}, np.log(V4 @ V4), []),
    ("exp-abs", r"y = \exp |x - \mu|", {"x": 0.3, r"\mu": 1.1}, np.exp(0.8), []),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [c[1:] for c in LOG_OF_BARS],
                         ids=[c[0] for c in LOG_OF_BARS])
def test_log_and_exp_of_an_absolute_value_or_a_norm(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


# ---------------------------------------------------------------------------------------------------------------
# 5. a run of quantifier clauses; TeX's thin space after a function's name

LIPSCHITZ = (r"\forall \boldsymbol{x}, \forall \boldsymbol{y}, |f(\boldsymbol{x}) - f(\boldsymbol{y})| \leq L "
             r"\|\boldsymbol{x} - \boldsymbol{y}\|_2")


@pytest.mark.parametrize(("lipschitz", "holds"), [(1.0, True), (0.01, False)], ids=["holds", "broken"])
def test_goodfellow_lipschitz_condition_reads_after_both_quantifiers(lipschitz: float, holds: bool) -> None:
    """Goodfellow et al. (sec. 4.3.1): both \\forall clauses set aside; f(x) is a number, compared with a norm."""
    formula = symdl.parse(LIPSCHITZ)
    assert (formula.kind, formula.statements[0].relation) == ("inequality", "<=")
    assert [n.rule for n in formula.notes] == ["condition-clause", "condition-clause", "function-number",
                                               "function-number"]
    assert "compared with" in formula.notes[2].message
    assert set(formula.shapes) == {"x", "y"}  # L stays a number
    got = symdl.lambdify(formula, functions={"f": lambda v: np.sum(np.sin(v))})(
        **{r"\boldsymbol{x}": X3, r"\boldsymbol{y}": Y3, "L": lipschitz})
    want = abs(np.sum(np.sin(X3)) - np.sum(np.sin(Y3))) <= lipschitz * np.linalg.norm(X3 - Y3)
    assert bool(got) == bool(want) == holds


THIN_SPACES = [
    # d2l's word2vec (skip-gram gradient)
    ("d2l-word2vec-gradient", r"\frac{\partial \textrm{log}\, P(w_o \mid w_c)}{\partial \mathbf{v}_c}",
     r"\frac{\partial \log P(w_o \mid w_c)}{\partial \mathbf{v}_c}"),
    ("mathrm-log", r"y = \mathrm{log}\, x + 1", r"y = \log x + 1"),
    ("operatorname-tanh", r"h = \operatorname{tanh}\; z", r"h = \tanh z"),
    ("log-command", r"y = \log\, x", r"y = \log x"),
]


@pytest.mark.parametrize(("latex", "plain"), [c[1:] for c in THIN_SPACES], ids=[c[0] for c in THIN_SPACES])
def test_thin_space_after_a_function_name_is_ignored(latex: str, plain: str) -> None:
    got, want = symdl.parse(latex), symdl.parse(plain)
    assert [str(s.rhs) for s in got.statements] == [str(s.rhs) for s in want.statements]
    assert [n.rule for n in got.notes] == [n.rule for n in want.notes] == []


# ---------------------------------------------------------------------------------------------------------------
# 2. diag(v): the diagonal matrix of a vector

V33 = RNG.normal(size=(3, 3)) + 3 * np.eye(3)
LAM3, X3B = RNG.normal(size=3), RNG.normal(size=3)

DIAG = [
    # Goodfellow et al. (sec. 2.7): the eigendecomposition
    ("goodfellow-eigendecomposition",
     r"\boldsymbol{A} = \boldsymbol{V} \mathrm{diag}(\boldsymbol{\lambda}) \boldsymbol{V}^{-1}",
     {r"\boldsymbol{V}": V33, r"\boldsymbol{\lambda}": LAM3}, V33 @ np.diag(LAM3) @ np.linalg.inv(V33), []),
    ("eigendecomposition-plain-capitals", r"A = V \operatorname{diag}(\boldsymbol{\lambda}) V^{-1}",
     {"V": V33, r"\boldsymbol{\lambda}": LAM3}, V33 @ np.diag(LAM3) @ np.linalg.inv(V33), []),
    # a quadratic form with a diagonal weighting (a diagonal Gaussian's Mahalanobis term)
    ("diagonal-quadratic-form", r"q = \mathbf{x}^\top \text{diag}(\mathbf{s}) \mathbf{x}",
     {r"\mathbf{x}": X3B, r"\mathbf{s}": np.abs(LAM3)}, X3B @ np.diag(np.abs(LAM3)) @ X3B, []),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [c[1:] for c in DIAG], ids=[c[0] for c in DIAG])
def test_diag_of_a_vector_is_its_diagonal_matrix(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


def test_diag_shapes_and_explanation() -> None:
    formula = symdl.parse(r"\boldsymbol{A} = \boldsymbol{V} \mathrm{diag}(\boldsymbol{\lambda}) \boldsymbol{V}^{-1}")
    shapes = formula.shapes
    assert shapes["A"] == shapes["V"] and shapes["lambda"] == (shapes["V"][0], 1)
    assert "diag(λ)" in str(symdl.explain(formula))


@pytest.mark.parametrize("latex", [r"y = \mathrm{diag}(A)", r"B = \mathrm{diag}(\mathbf{W})"], ids=["plain", "bold"])
def test_diag_of_a_matrix_is_refused_by_name(latex: str) -> None:
    with pytest.raises(NotSupported) as err:
        symdl.parse(latex)
    assert "diag of a matrix" in err.value.message


# ---------------------------------------------------------------------------------------------------------------
# 3. a family's members listed with dots as a function's argument

MEMBERS = [
    # d2l (seq2seq): the context variable from all the encoder's hidden states
    ("d2l-seq2seq-context", r"\mathbf{c} = q(\mathbf{h}_1, \ldots, \mathbf{h}_T)", "assignment",
     "q(h_1, ..., h_T)", ["argument-sequence"]),
    # d2l (language models): the chain rule, the condition running backwards
    ("d2l-language-model-chain-rule", r"P(x_1, \ldots, x_T) = \prod_{t=1}^T P(x_t \mid x_{t-1}, \ldots, x_1)",
     "definition", "Product(P(x[t], x_{t-1}, ..., x_1), (t, 1, T))",
     ["argument-sequence", "conditional-arguments", "argument-sequence"]),  # the joint P beside its conditional
    # Goodfellow et al. (sec. 5.5): the likelihood of the examples, sample superscripts
    ("goodfellow-sample-likelihood", r"L = \log p(\boldsymbol{x}^{(1)}, \ldots, \boldsymbol{x}^{(m)})", "assignment",
     "log(p(x^(1), ..., x^(m)))", ["argument-sequence"]),
    # two members before the dots
    ("two-first-members", r"L = -\log P(x_1, x_2, \ldots, x_T)", "assignment", "-log(P(x_1, ..., x_T))",
     ["argument-sequence"]),
]


@pytest.mark.parametrize(("latex", "kind", "rhs", "rules"), [c[1:] for c in MEMBERS], ids=[c[0] for c in MEMBERS])
def test_members_with_dots_are_one_argument(latex: str, kind: str, rhs: str, rules: list[str]) -> None:
    formula = symdl.parse(latex)
    (st,) = formula.statements
    assert (st.kind, str(st.rhs)) == (kind, rhs)
    assert [n.rule for n in formula.notes] == rules
    assert "…" in str(symdl.explain(formula))
    with pytest.raises(NotSupported, match="unknown function"):
        symdl.lambdify(formula)


def test_members_note_names_the_run() -> None:
    (n,) = symdl.parse(r"\mathbf{c} = q(\mathbf{h}_1, \ldots, \mathbf{h}_T)").notes
    assert "from index 1 to T" in n.message and "\\mathbf{h}_1, \\ldots, \\mathbf{h}_T" in n.message


DOTS_KEPT = [
    ("constant-vector", r"\mathbf{y} = [0, \dots, 0]", "zeros(n_1, 1)"),
    ("sum-with-dots", r"s = x_1 + \dots + x_n", "Sum(x[i], (i, 1, n))"),
]


@pytest.mark.parametrize(("latex", "rhs"), [c[1:] for c in DOTS_KEPT], ids=[c[0] for c in DOTS_KEPT])
def test_other_dots_read_as_before(latex: str, rhs: str) -> None:
    assert str(symdl.parse(latex).statements[0].rhs) == rhs


def test_dots_between_different_names_stay_refused() -> None:
    with pytest.raises(NotSupported, match="this use of"):
        symdl.parse(r"y = f(a, \ldots, b)")
