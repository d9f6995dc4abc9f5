"""Silent misreadings (session 19, issue 12): notation whose conventional reading is wrong in its context, read by a
documented rule with a reading note, or refused by name, never a wrong meaning without a word.

- σ as a parameter of a normal distribution (Nair & Hinton's noisy ReLU) is a standard deviation (``sigma-std-parameter``);
- σ where a distribution over classes is meant (Hinton et al.'s distillation) stays the sigmoid, noted
  (``sigma-distribution``);
- a known function the formula defines on the left of ``=`` is its own (``own-definition``,
  ``own-definition-differs``);
- two capitals made matrices only by the other side of their statement are noted (``capital-pair-equation``);
- bold vectors listed with dots are refused (a permutation matrix's rows);
- ``\\frac{d}{dx}(x)`` is the derivative of x, and the operator's reach stops at the ``+`` after its parenthesis.

Each row: the formula as its source writes it, the SymPy meaning or numpy's value, and the reading notes by rule."""

from __future__ import annotations

import pytest
import sympy

import symdl
from tests.real_sources import assert_reads_as, assert_refused_at


def _rules(latex: str) -> list[str]:
    return [n.rule for n in symdl.parse(latex).notes]


# -- σ as a normal's parameter: a standard deviation, not the sigmoid -----------------------------------------------
# (id, source, latex, the σ call's text)
SIGMA_STD = [
    ("noisy-relu", "Nair & Hinton 2010, Rectified Linear Units Improve RBMs (noisy ReLU)",
     r"\max(0, x + N(0, \sigma(x)))", r"\sigma(x)"),
    ("noisy-relu-cal", "the noisy ReLU as Lil'Log and tutorials write it, with \\mathcal{N}",
     r"y = \max(0, x + \mathcal{N}(0, \sigma(x)))", r"\sigma(x)"),
    ("draw-variance", "a heteroscedastic draw, as Kendall & Gal 2017 write the aleatoric noise",
     r"y \sim \mathcal{N}(f(x), \sigma(x)^2)", r"\sigma(x)"),
]  # fmt: skip


@pytest.mark.parametrize(("row", "source", "latex", "text"), SIGMA_STD, ids=[r[0] for r in SIGMA_STD])
def test_sigma_in_a_normal_is_a_deviation(row: str, source: str, latex: str, text: str) -> None:
    f = symdl.parse(latex)
    assert not any(isinstance(a, sympy.Function) and a.func.__name__ == "sigmoid" for s in f.statements
                   for a in sympy.preorder_traversal(s.rhs))  # fmt: skip
    notes = [n for n in f.notes if n.rule == "sigma-std-parameter"]
    assert len(notes) == 1 and latex[notes[0].span.start : notes[0].span.end] == text


def test_sigma_of_a_bernoulli_stays_the_sigmoid() -> None:
    """Logistic regression's ``y \\sim \\mathrm{Bernoulli}(\\sigma(w^T x))``: a probability, the sigmoid, no note."""
    f = symdl.parse(r"y \sim \mathrm{Bernoulli}(\sigma(\mathbf{w}^\top \mathbf{x}))")
    assert "sigmoid" in str(f.statements[0].rhs)
    assert "sigma-std-parameter" not in [n.rule for n in f.notes]


# -- σ where a distribution over classes is meant: the sigmoid, noted --------------------------------------------
# (id, source, latex, the texts of the noted σ calls)
SIGMA_DISTRIBUTION = [
    ("distillation", "Hinton et al. 2015, the distillation objective as the Keras example writes it",
     r"\mathcal{L} = \alpha\, \mathrm{CE}\left(y, \sigma(z_s)\right) + (1 - \alpha)\, T^2\, "
     r"\mathrm{KL}\left(\sigma(z_t / T) \,\|\, \sigma(z_s / T)\right)",
     [r"\sigma(z_s)", r"\sigma(z_t / T)", r"\sigma(z_s / T)"]),
    ("temperature", "a temperature-scaled score, as calibration papers write p = \\sigma(z / \\tau)",
     r"p = \sigma(z / \tau)", [r"\sigma(z / \tau)"]),
    ("dkl", "a divergence written D_{KL}, as the VAE papers do",
     r"L = D_{KL}(p \| \sigma(z))", [r"\sigma(z)"]),
]  # fmt: skip


@pytest.mark.parametrize(("row", "source", "latex", "texts"), SIGMA_DISTRIBUTION,
                         ids=[r[0] for r in SIGMA_DISTRIBUTION])  # fmt: skip
def test_sigma_where_a_distribution_is_meant_is_noted(row: str, source: str, latex: str, texts: list[str]) -> None:
    f = symdl.parse(latex)
    assert "sigmoid" in str(f.statements[-1].rhs)
    notes = [n for n in f.notes if n.rule == "sigma-distribution"]
    assert [latex[n.span.start : n.span.end] for n in notes] == texts
    assert all("softmax" in n.alternative for n in notes)


def test_sigma_of_a_layer_has_no_distribution_note() -> None:
    """Logistic regression's ``\\hat{y} = \\sigma(\\mathbf{w}^\\top \\mathbf{x} + b)``: nothing to note."""
    assert _rules(r"\hat{y} = \sigma(\mathbf{w}^\top \mathbf{x} + b)") == []


# -- a known function the formula defines: its own ---------------------------------------------------------------
def test_rms_defined_without_the_mean_is_the_formulas_own() -> None:
    """A forum post's "RMS" that is the Euclidean length: a definition of RMS, never the built-in ‖g‖/√n set equal
    to it (a false equation)."""
    latex = r"\mathrm{RMS}(\mathbf{g}) = \sqrt{\sum_{i=1}^{n} g_i^2}"
    f = symdl.parse(latex)
    st = f.statements[0]
    assert st.kind == "definition" and str(st.lhs.func) == "RMS"
    assert "Trace" not in str(st.lhs) and "/n" not in str(st.rhs)
    notes = [x for x in f.notes if x.rule == "own-definition"]
    assert len(notes) == 1 and latex[notes[0].span.start : notes[0].span.end] == r"\mathrm{RMS}(\mathbf{g})"


def test_rmsnorm_where_clause_keeps_the_use_and_notes_it() -> None:
    """Zhang & Sennrich's RMSNorm: the use stays the root mean square, the where-clause defines RMS (noted)."""
    latex = (r"\bar{a}_i = \frac{a_i}{\text{RMS}(\mathbf{a})} g_i, \quad \text{where} \quad "
             r"\text{RMS}(\mathbf{a}) = \sqrt{\frac{1}{n}\sum_{i=1}^{n} a_i^2}")  # fmt: skip
    f = symdl.parse(latex)
    assert [s.kind for s in f.statements] == ["assignment", "definition"]
    note = next(x for x in f.notes if x.rule == "own-definition")
    assert r"\text{RMS}(\mathbf{a}) in" not in note.message and "elsewhere" in note.message
    assert "RMS" not in str(f.statements[0].rhs) and "Trace" in str(f.statements[0].rhs)  # the built-in's use


# (id, source, latex, noted?)
DEFINITIONS = [
    ("hard-sigmoid", "Courbariaux et al. 2015, BinaryConnect eq. (3): the hard sigmoid written \\sigma",
     r"\sigma(x) = \operatorname{clip}\left(\frac{x+1}{2}, 0, 1\right) = \max\left(0, \min\left(1, \frac{x+1}{2}\right)\right)",
     True),
    ("gelu-tanh", "Hendrycks & Gimpel 2016, the tanh approximation of GELU written as its definition",
     r"\text{GELU}(x) = 0.5 x \left(1 + \tanh\left(\sqrt{2/\pi}\left(x + 0.044715 x^3\right)\right)\right)", True),
    ("sigmoid", "Goodfellow et al., Deep Learning eq. (3.30): the logistic sigmoid",
     r"\sigma(x) = \frac{1}{1 + \exp(-x)}", False),
    ("tanh", "the hyperbolic tangent by exponentials, as d2l writes it",
     r"\tanh(x) = \frac{1 - \exp(-2x)}{1 + \exp(-2x)}", False),
    ("softplus", "Goodfellow et al., Deep Learning eq. (3.31)", r"\zeta(x) = \log\left(1 + \exp(x)\right)", False),
]  # fmt: skip


@pytest.mark.parametrize(("row", "source", "latex", "noted"), DEFINITIONS, ids=[r[0] for r in DEFINITIONS])
def test_a_definition_that_differs_from_the_builtin_is_noted(row: str, source: str, latex: str, noted: bool) -> None:
    f = symdl.parse(latex)
    assert f.statements[0].kind == "definition"
    assert bool({"own-definition-differs", "own-sigma"} & {n.rule for n in f.notes}) is noted  # σ: own-sigma


# -- two capitals made matrices only by the other side -----------------------------------------------------------
def test_softmax_jacobian_operator_product_is_noted() -> None:
    """Bendersky's ``D\\,S = \\operatorname{diag}(\\mathbf{s}) - \\mathbf{s}\\mathbf{s}^\\top``: D S may be the
    derivative of the softmax S; the product is read, and noted as the guess it is (once, as Euler's D)."""
    latex = r"D\,S = \operatorname{diag}(\mathbf{s}) - \mathbf{s}\mathbf{s}^\top"
    f = symdl.parse(latex)
    assert [n.rule for n in f.notes] == ["d-operator"]
    assert latex[f.notes[0].span.start : f.notes[0].span.end] == r"D\,S"
    assert r"\frac{\partial" in f.notes[0].alternative


# (id, source, latex, the noted text)
D_OPERATOR = [
    ("bendersky-entries", "Bendersky, The Softmax function and its derivative: D_j S_i",
     r"D_j S_i = S_i(\delta_{ij} - S_j)", "D_j S_i"),
    ("sigmoid", "the sigmoid's derivative in Euler's notation, as calculus notes write it",
     r"D\sigma(z) = \sigma(z)(1 - \sigma(z))", r"D\sigma(z)"),
    ("function", "Euler's operator on a function of one variable", r"Df(x) = 2x", "Df(x)"),
]  # fmt: skip


@pytest.mark.parametrize(("row", "source", "latex", "text"), D_OPERATOR, ids=[r[0] for r in D_OPERATOR])
def test_d_operator_is_noted(row: str, source: str, latex: str, text: str) -> None:
    notes = [n for n in symdl.parse(latex).notes if n.rule == "d-operator"]
    assert [latex[n.span.start : n.span.end] for n in notes] == [text]


@pytest.mark.parametrize("latex", [
    r"y = D x",  # a diagonal matrix times a vector (capital-matrix)
    r"D(G(\mathbf{z}))",  # the GAN's discriminator: a call
    r"A = U D V^\top",  # the SVD's D, not first
    r"\mathbf{h} = D^{-1/2} A D^{-1/2} \mathbf{x}",  # the degree matrix, written twice
])  # fmt: skip
def test_other_d_letters_have_no_operator_note(latex: str) -> None:
    assert "d-operator" not in _rules(latex)


def test_two_capitals_made_matrices_by_the_other_side_are_noted() -> None:
    latex = r"A\,B = \operatorname{diag}(\mathbf{s}) - \mathbf{s}\mathbf{s}^\top"
    notes = [n for n in symdl.parse(latex).notes if n.rule == "capital-pair-equation"]
    assert len(notes) == 1 and latex[notes[0].span.start : notes[0].span.end] == r"A\,B"


@pytest.mark.parametrize("latex", [
    r"\Delta W = BA",  # Hu et al.'s LoRA: noted capital-pair-matrix already
    r"Y = X V, \quad X = A B",  # X written twice (X W: capital-weight-matrix, A B then noted)
    r"C = A B",  # numbers: nothing makes them matrices
])  # fmt: skip
def test_other_capital_products_have_no_equation_note(latex: str) -> None:
    assert "capital-pair-equation" not in _rules(latex)


# -- bold vectors listed with dots ----------------------------------------------------------------------------------
def test_permutation_matrix_rows_are_refused() -> None:
    """Wikipedia's permutation matrix: its rows e_{π(i)} are vectors; it was a column vector equal to e_{π(i)}."""
    latex = r"P_\pi = \begin{bmatrix} \mathbf{e}_{\pi(1)} \\ \mathbf{e}_{\pi(2)} \\ \vdots \\ \mathbf{e}_{\pi(n)} \end{bmatrix}"
    with pytest.raises(symdl.NotSupported) as err:
        symdl.parse(latex)
    assert "listed bold vectors" in str(err.value) and r"\mathbf{e}_{\pi(1)}" in str(err.value)


def test_a_column_of_numbers_with_dots_still_reads() -> None:
    """d2l's column ``\\begin{bmatrix} \\mathbf{a}^\\top_1 \\mathbf{x} \\\\ \\vdots \\\\ \\mathbf{a}^\\top_m \\mathbf{x}
    \\end{bmatrix}`` holds numbers (dot products): still read as the vector of them."""
    f = symdl.parse(
        r"y = \begin{bmatrix} \mathbf{a}^\top_{1} \mathbf{x} \\ \vdots \\ \mathbf{a}^\top_{m}\mathbf{x} \end{bmatrix}"
    )
    assert "family-list" in [n.rule for n in f.notes]


def test_listed_bold_members_keep_their_message() -> None:
    assert_refused_at(r"\mathbf{H} = [\mathbf{h}_1, \ldots, \mathbf{h}_T]", "a concatenation of a family's members 1..T",
                      r"[\mathbf{h}_1, \ldots, \mathbf{h}_T]")  # fmt: skip


# -- the derivative operator before parentheses -------------------------------------------------------------------
# (id, latex, inputs, numpy's value)
DERIVATIVES = [
    ("of-x", r"y = \frac{d}{dx}(x)", {"x": 2.0}, 1.0),
    ("of-x-plus", r"y = \frac{d}{dx}(x) + x", {"x": 2.0}, 3.0),
    ("left-right", r"y = \frac{d}{dx}\left(x^2 + 1\right) + x", {"x": 2.0}, 6.0),
    ("partial", r"y = \frac{\partial}{\partial w}(w x) - w", {"w": 0.5, "x": 3.0}, 2.5),
]  # fmt: skip


@pytest.mark.parametrize(("row", "latex", "inputs", "want"), DERIVATIVES, ids=[r[0] for r in DERIVATIVES])
def test_derivative_operator_before_parentheses(row: str, latex: str, inputs: dict, want: float) -> None:
    f = symdl.parse(latex)
    assert not any(isinstance(a, sympy.core.function.AppliedUndef) for a in sympy.preorder_traversal(f.rhs))
    assert_reads_as(f, inputs, want, [])


def test_derivative_of_the_variable_is_one() -> None:
    assert sympy.Derivative(sympy.Symbol("x", real=True), sympy.Symbol("x", real=True)).doit() == 1
    assert symdl.parse(r"\frac{d}{dx}(x)").rhs.doit() == 1
