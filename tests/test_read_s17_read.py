"""Readings of real formulas that were refused or misread (session 17, task read): the softmax Jacobian's
``\\sigma_i(\\delta_{ij} - \\sigma_j)`` (a product, was a call of σ_i, silently); a norm's scripts in TeX's other
order (``\\|x\\|^2_2``); the evaluation bar ``\\left. ... \\right|_{x = a}``; a chain of comparisons beside a
statement; the PyTorch docs' ``\\begin{array}{ll}`` of statements; an index's range after a statement
(``, \\; i = 1, \\ldots, n``); and, refused by name rather than as invalid input, set notation (``\\cap``) and
several names before one ``=``.  Each row: the formula as its source writes it, what it reads as (SymPy or
numpy's value) and the reading notes by rule, with their spans."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

import symdl
from tests.real_sources import assert_reads_as, assert_refused_at

RNG = np.random.default_rng(17)
A4, B4 = RNG.normal(size=4), RNG.normal(size=4)


def _notes(formula: symdl.Formula) -> list[tuple[str, str]]:
    return [(n.rule, formula.source[n.span.start : n.span.end]) for n in formula.notes]


# -- a subscripted name before a bracket that uses another entry of it: a product --------------------------------
def test_softmax_jacobian_is_a_product() -> None:
    """Stack Exchange / Bishop eq. 4.106 written with σ: entry i times (δ_ij − σ_j), not a function σ_i applied."""
    latex = r"\frac{\partial \sigma_i}{\partial z_j} = \sigma_i (\delta_{ij} - \sigma_j)"
    formula = symdl.parse(latex)
    rhs = formula.statements[0].rhs
    assert not rhs.atoms(sympy.core.function.AppliedUndef)  # no function σ_i
    assert str(rhs) == "(KroneckerDelta(i, j) - sigma[j])*sigma[i]"
    assert _notes(formula) == [("product-of-an-entry", r"\sigma_i (\delta_{ij} - \sigma_j)")]


# (id, source, latex, inputs, numpy's value, notes by rule)
ENTRY_PRODUCTS = [
    (
        "gate-derivative",
        "a gate's derivative written per step, h_t(1 - h_t) (the sigmoid's σ(1 − σ) at step t)",
        r"y = h_t(1 - h_t)",
        {"h_t": 0.3},
        0.21,
        ["product-of-an-entry"],
    ),
    (
        "tanh-entry",
        "the derivative of tanh at entry j written with the activation's letter, a product too",
        r"g = \sigma_j (1 - \sigma_j^2)",
        {r"\sigma": A4},
        A4 * (1 - A4**2),
        ["product-of-an-entry"],
    ),
]


@pytest.mark.parametrize(
    ("latex", "inputs", "want", "rules"), [r[2:] for r in ENTRY_PRODUCTS], ids=[r[0] for r in ENTRY_PRODUCTS]
)
def test_entry_before_its_bracket(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


@pytest.mark.parametrize(
    "latex",
    [
        r"y = \phi_k(\phi_{k-1}(x))",  # layers composed: the inner one is applied, not a value
        r"y = f_\theta(x - f_\theta(z))",  # a network with parameters
    ],
)
def test_composition_stays_a_call(latex: str) -> None:
    formula = symdl.parse(latex)
    assert formula.statements[0].rhs.atoms(sympy.core.function.AppliedUndef)
    assert "product-of-an-entry" not in [n.rule for n in formula.notes]


# -- a norm with its power written before its order ---------------------------------------------------------------
def test_norm_power_before_order() -> None:
    """Lil'Log's contrastive loss writes \\| f(x_i) - f(x_j) \\|^2_2: TeX's scripts, the same as _2^2."""
    inputs = {r"\mathbf{x}": A4, r"\mathbf{y}": B4}
    want = float(np.sum((A4 - B4) ** 2))
    for latex in (r"\ell = \|\mathbf{x} - \mathbf{y}\|^2_2", r"\ell = \|\mathbf{x} - \mathbf{y}\|_2^2"):
        assert_reads_as(symdl.parse(latex), inputs, want, [])


# -- the evaluation bar -------------------------------------------------------------------------------------------
def test_evaluation_bar_is_a_substitution() -> None:
    """A derivative at a point as calculus texts write it: \\left. \\frac{d}{dx} f(x) \\right|_{x = a}."""
    formula = symdl.parse(r"g = \left. \frac{d}{dx} x^3 \right|_{x = a}")
    x, a = sympy.symbols("x a")
    assert formula.statements[0].rhs == sympy.Subs(sympy.Derivative(x**3, x), x, a)
    assert symdl.lambdify(formula)(a=2.0) == pytest.approx(12.0, rel=1e-12)
    unknown = symdl.parse(r"\left. \frac{d}{dx} f(x) \right|_{x = 0} = 1")
    assert str(unknown.statements[0].lhs) == "Subs(Derivative(f(x), x), x, 0)"


@pytest.mark.parametrize(
    ("latex", "what", "text"),
    [
        (r"y = \left. x^2 \right|", "without a point", "|"),
        (r"y = \left. x^2 \right|_{0}^{1}", "between two bounds", "|_{0}^"),
        (r"y = \left. x^2 \right|_{x}", "not one point", "{x}"),
    ],
)
def test_evaluation_bar_refusals(latex: str, what: str, text: str) -> None:
    assert_refused_at(latex, what, text)


# -- a chain of comparisons beside a statement --------------------------------------------------------------------
def test_chain_beside_a_statement() -> None:
    """A probability vector's constraints, 0 \\le p_i \\le 1, \\quad \\sum_i p_i = 1: two inequalities and the sum."""
    latex = r"0 \le p_i \le 1, \quad \sum_i p_i = 1"
    formula = symdl.parse(latex)
    assert [st.kind for st in formula.statements] == ["inequality", "inequality", "equation"]
    assert [st.relation for st in formula.statements[:2]] == ["<=", "<="]
    assert [st.latex for st in formula.statements[:2]] == [r"0 \le p_i", r"p_i \le 1"]
    assert _notes(formula) == [("comparison-chain", r"0 \le p_i \le 1")]


def test_chain_alone_stays_refused() -> None:
    assert_refused_at(r"0 \le p \le 1", "a chain of comparisons", r"\le")


# -- the PyTorch docs' array of statements ------------------------------------------------------------------------
def test_pytorch_gru_array() -> None:
    """torch.nn.GRU's docs: \\begin{array}{ll} r_t = ... \\\\ n_t = ... \\\\ h_t = ... \\end{array} (three rows)."""
    latex = (
        r"\begin{array}{ll} r_t = \sigma(W_{ir} x_t + b_{ir} + W_{hr} h_{(t-1)} + b_{hr}) \\ "
        r"z_t = \sigma(W_{iz} x_t + b_{iz} + W_{hz} h_{(t-1)} + b_{hz}) \\ "
        r"n_t = \tanh(W_{in} x_t + b_{in} + r_t \odot (W_{hn} h_{(t-1)}+ b_{hn})) \\ "
        r"h_t = (1 - z_t) \odot n_t + z_t \odot h_{(t-1)} \end{array}"
    )
    formula = symdl.parse(latex)
    assert [str(st.lhs) for st in formula.statements] == ["r_t", "z_t", "n_t", "h_t"]
    assert formula.statements[-1].kind == "update"


def test_array_of_numbers_stays_a_matrix() -> None:
    formula = symdl.parse(r"A = \begin{array}{cc} 1 & 2 \\ 3 & 4 \end{array}")
    assert formula.statements[0].rhs == sympy.Matrix([[1, 2], [3, 4]])


# -- an index's range after a statement ---------------------------------------------------------------------------
RANGES = [
    (
        "range-dots",
        "the SVM's constraints, ..., \\; i = 1, \\ldots, n",
        r"y_i = x_i^2, \; i = 1, \ldots, n",
        r"i = 1, \ldots, n",
    ),
    (
        "range-set",
        "a statement for i in \\{1, ..., n\\}",
        r"y_i = x_i^2, \quad i \in \{1, \ldots, n\}",
        r"i \in \{1, \ldots, n\}",
    ),
    (
        "range-parens",
        "a range in parentheses after an equation, as Bishop writes (n = 1, ..., N)",
        r"y_i = x_i^2 \quad (i = 1, \ldots, N)",
        r"(i = 1, \ldots, N)",
    ),
]


@pytest.mark.parametrize(("latex", "clause"), [r[2:] for r in RANGES], ids=[r[0] for r in RANGES])
def test_index_range_set_aside(latex: str, clause: str) -> None:
    formula = symdl.parse(latex)
    assert len(formula.statements) == 1
    assert _notes(formula) == [("condition-clause", clause)]
    assert_reads_as(formula, {"x": A4}, A4**2, ["condition-clause"])


def test_rope_frequencies_range() -> None:
    """RoFormer (Su et al.), eq. 15: \\theta_i = 10000^{-2(i-1)/d}, i \\in [1, 2, \\dots, d/2]."""
    formula = symdl.parse(r"\theta_i = 10000^{-2(i-1)/d}, i \in [1, 2, \dots, d/2]")
    assert [r for r, _ in _notes(formula)][-1] == "condition-clause"
    assert _notes(formula)[-1][1] == r"i \in [1, 2, \dots, d/2]"


def test_range_of_another_letter_is_not_set_aside() -> None:
    with pytest.raises(symdl.InvalidInput):
        symdl.parse(r"a = b, c = 1, \ldots, n")


# -- refused by name, not as invalid input ------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("latex", "what", "text"),
    [
        # IoU and Dice of masks read since session 21 (set-indicator); set notation outside bars stays refused
        (r"y = A \cap B", "the intersection of sets", r"\cap"),
        (r"\mathcal{B} \subset \{1, \ldots, n\}", "a subset relation", r"\subset"),  # a mini-batch's indices
        # cs231n's \frac{df(x)}{dx} = \lim_{h \to 0} ... is read since session 51 (tests/test_read_s56.py)
        (
            r"\mathbf{w}^*, b^* = \operatorname*{argmin}_{\mathbf{w}, b}\  L(\mathbf{w}, b)",
            "several names",
            r"\mathbf{w}^*, b^*",
        ),  # d2l 3.1.1
    ],
)
def test_refused_by_name(latex: str, what: str, text: str) -> None:
    assert_refused_at(latex, what, text)


# -- a vector's definition with an unknown function as a term ------------------------------------------------------
def test_residual_block_definition() -> None:
    """d2l 8.6 (ResNet): f(\\mathbf{x}) = \\mathbf{x} + g(\\mathbf{x}), the residual mapping g applied to the input;
    was refused as a matrix product with a number (g read as a number, a term of a number's definition)."""
    formula = symdl.parse(r"f(\mathbf{x}) = \mathbf{x} + g(\mathbf{x})")
    assert _notes(formula) == [("function-entrywise", r"g(\mathbf{x})")]
    number = symdl.parse(r"L(\mathbf{x}, \lambda) = f(\mathbf{x}) + \lambda (\mathbf{x}^\top \mathbf{x} - 1)")
    assert [r for r, _ in _notes(number)] == ["function-number"]  # Goodfellow's Lagrangian stays a number


# -- Newton's dot ---------------------------------------------------------------------------------------------------
def test_dot_is_noted_as_a_name() -> None:
    """Gradient flow, \\dot{x}(t) = -\\nabla f(x(t)) (Su, Boyd & Candès; Lil'Log): the dot is not read as d/dt."""
    formula = symdl.parse(r"\dot{x}(t) = -\nabla f(x(t))")
    assert [r for r, _ in _notes(formula)] == ["dot-name"]
    assert _notes(formula)[0][1] == r"\dot{x}"


# -- a membership in a set that is not a shape, beside a statement --------------------------------------------------
def test_binary_label_membership_set_aside() -> None:
    """A binary cross-entropy with its label's set, y \\in \\{0, 1\\} (d2l, Goodfellow 6.2.2.2): a condition, noted;
    alone it stays refused by name."""
    formula = symdl.parse(r"L = -y \log p - (1 - y) \log(1 - p), \quad y \in \{0, 1\}")
    assert _notes(formula) == [("condition-clause", r"y \in \{0, 1\}")]
    assert_reads_as(formula, {"y": 1.0, "p": 0.25}, -np.log(0.25), ["condition-clause"])
    assert_refused_at(r"y \in \{0, 1\}", "the set", r"\{0, 1\}")


def test_one_hot_membership_set_aside() -> None:
    """cs224n's word vectors: \\mathbf{e}_t = \\mathbf{E}\\,\\mathbf{x}^{(t)}, \\qquad \\mathbf{x}^{(t)} \\in
    \\{0,1\\}^{|V|}."""
    formula = symdl.parse(r"\mathbf{e}_t = \mathbf{E}\,\mathbf{x}^{(t)}, \qquad \mathbf{x}^{(t)} \in \{0,1\}^{|V|}")
    assert len(formula.statements) == 1
    assert _notes(formula)[-1] == ("condition-clause", r"\mathbf{x}^{(t)} \in \{0,1\}^{|V|}")


# -- cases of statements (no condition column) ----------------------------------------------------------------------
def test_cases_of_statements_read_as_a_system() -> None:
    """Ng (Coursera DLS), momentum: \\begin{cases} v_{dW} = ... \\\\ W = ... \\end{cases}, a system written with a
    brace: refused by name in session 17, read as its two updates since session 18 (noted ``cases-system``; the
    moment v_{dW^{[l]}} is a matrix shaped as W^{[l]}, tests/test_read_s18_syntax.py); a cases with a condition
    column stays a piecewise value."""
    latex = r"\begin{cases} v_{dW} = \beta v_{dW} + (1 - \beta) dW \\ W = W - \alpha v_{dW} \end{cases}"
    formula = symdl.parse(latex)
    assert [s.kind for s in formula.statements] == ["update", "update"]
    assert _notes(formula) == [("cases-system", latex)]
    piecewise = symdl.parse(r"\begin{cases} x & \text{if } y = 1 \\ 0 & \text{if } y = 0 \end{cases}")
    assert isinstance(piecewise.statements[0].rhs, sympy.Piecewise)


# -- \mathop around one letter -------------------------------------------------------------------------------------
def test_mathop_letter_is_the_letter() -> None:
    """CPC's \\mathop{\\mathbb{E}}_{X}: the expectation written as an operator, the same as \\mathbb{E}_{X}."""
    a = symdl.parse(r"y = \mathop{\mathbb{E}}[x]")
    b = symdl.parse(r"y = \mathbb{E}[x]")
    assert a.statements[0].rhs == b.statements[0].rhs
