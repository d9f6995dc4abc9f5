"""Readings of named operations written as calls (session 18, task read-calls): ``\\cos(x_1, x_2)`` as the cosine
similarity (PyTorch's CosineSimilarity, CosineEmbeddingLoss), an entry of softmax's value of a plain name
(``\\mathrm{softmax}(x)_i``, ``\\log \\mathrm{softmax}(x)_i``, PyTorch's ``log_softmax(x)_i``), a known function
named with a power defined by its value (Primer's ``\\mathrm{ReLU}^2(x)``), Swish with its beta as a subscript
(Shazeer's SwiGLU), Zeiler's ``\\text{RMS}[g]_t`` as a name at step t, and Goodfellow's ``(I * K)(i, j)`` as the
convolution evaluated there.  Each row: the formula as its source writes it, numpy's value on random inputs and the
reading notes by rule; then the concepts named, and the look-alikes that stay refused."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

import symdl
from tests.concept_cases import assert_concepts
from tests.real_sources import assert_reads_as, assert_refused_at

RNG = np.random.default_rng(18)
X1, X2 = RNG.normal(size=5), RNG.normal(size=5)
Z = RNG.normal(size=6)


def _cos(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


def _log_softmax(z: np.ndarray) -> np.ndarray:
    return z - np.log(np.exp(z).sum())


# (id, source, latex, inputs, numpy's value, notes by rule)
READINGS = [
    (
        "cos-pytorch-similar",
        "PyTorch CosineEmbeddingLoss, the similar pairs' branch",
        r"\text{loss} = 1 - \cos(x_1, x_2)",
        {"x_1": X1, "x_2": X2},
        1 - _cos(X1, X2),
        ["cos-similarity"],
    ),
    (
        "cos-pytorch-words",
        "PyTorch CosineEmbeddingLoss (older docs), the dissimilar pairs' branch with words for the inputs",
        r"\text{Out} = \max\left(0, \operatorname{cos}(\text{input1}, \text{input2}) - \text{margin}\right)",
        {r"\text{input1}": X1, r"\text{input2}": X2, r"\text{margin}": -0.2},
        max(0.0, _cos(X1, X2) + 0.2),
        ["cos-similarity"],
    ),
    (
        "cos-bold",
        "a cosine similarity of bold vectors, as Lil'Log's contrastive losses write sim(u, v)",
        r"s = \cos(\mathbf{u}, \mathbf{v})",
        {r"\mathbf{u}": X1, r"\mathbf{v}": X2},
        _cos(X1, X2),
        ["cos-similarity"],
    ),
    (
        "softmax-plain-entry",
        "the numerically stable softmax as blog posts and the PyTorch forums write it, a plain x",
        r"y = \mathrm{softmax}(x)_i",
        {"x": Z},
        np.exp(Z) / np.exp(Z).sum(),
        ["entry-vector"],
    ),
    (
        "log-softmax-of-entry",
        "log of softmax's entry, a plain x (the log-softmax trick, PyTorch's LogSoftmax)",
        r"y = \log \mathrm{softmax}(x)_i",
        {"x": Z},
        _log_softmax(Z),
        ["entry-vector"],
    ),
    (
        "log-softmax-named",
        "PyTorch's torch.nn.functional.log_softmax, entry i",
        r"y = \mathrm{log\_softmax}(x)_i",
        {"x": Z},
        _log_softmax(Z),
        ["entry-vector"],
    ),
    (
        "swish-beta",
        "Ramachandran et al. 2017, Swish_beta(x) = x sigma(beta x)",
        r"y = \text{Swish}_\beta(x)",
        {"x": Z, r"\beta": 1.7},
        Z / (1 + np.exp(-1.7 * Z)),
        ["swish-beta"],
    ),
    (
        "log-softmax-named-bold",
        "PyTorch's nn.LogSoftmax of a bold vector: no note, the vector is written as one",
        r"y = \text{LogSoftmax}(\mathbf{x})_i",
        {r"\mathbf{x}": Z},
        _log_softmax(Z),
        [],
    ),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [r[2:] for r in READINGS], ids=[r[0] for r in READINGS])
def test_reads_as(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


def test_cos_similarity_meaning_and_span() -> None:
    """``\\cos(x_1, x_2)`` is x_1ᵀx_2 / (‖x_1‖‖x_2‖) of two vectors of one length; the note spans the call."""
    latex = r"s = \cos(x_1, x_2)"
    formula = symdl.parse(latex)
    rhs = formula.statements[0].rhs
    x1, x2 = (next(s for s in rhs.free_symbols if str(s) == n) for n in ("x_1", "x_2"))
    assert x1.shape == x2.shape and x1.shape[1] == 1
    norm = sympy.sqrt(sympy.Trace(x1.T * x1)) * sympy.sqrt(sympy.Trace(x2.T * x2))
    assert rhs == sympy.MatMul(1 / norm, x1.T, x2)
    assert [(n.rule, latex[n.span.start : n.span.end]) for n in formula.notes] == [
        ("cos-similarity", r"\cos(x_1, x_2)")
    ]


def test_cosine_of_one_number_stays_the_cosine() -> None:
    formula = symdl.parse(r"y = \cos(\theta)")
    assert isinstance(formula.statements[0].rhs, sympy.cos)
    assert not formula.notes


def test_entry_note_names_the_vector() -> None:
    latex = r"p = \mathrm{softmax}(z)_y"
    formula = symdl.parse(latex)
    notes = [(n.rule, latex[n.span.start : n.span.end]) for n in formula.notes]
    assert ("entry-vector", r"\mathrm{softmax}(z)_y") in notes


def test_squared_relu_defined_by_its_value() -> None:
    """So et al. 2021 (Primer): squared ReLU, ``\\mathrm{ReLU}^2(x) = (\\max(0, x))^2``: the square of the value."""
    formula = symdl.parse(r"\mathrm{ReLU}^2(x) = \left(\max(0, x)\right)^2")
    lhs, rhs = formula.statements[0].lhs, formula.statements[0].rhs
    x = next(iter(rhs.free_symbols))
    assert str(lhs) == "relu(x)**2"
    assert rhs == sympy.Max(0, x) ** 2
    assert not formula.notes


def test_adadelta_rms_at_a_step() -> None:
    """Zeiler 2012, ADADELTA eq. 9 beside the step: ``\\text{RMS}[g]_t`` is one name indexed by t, defined here."""
    latex = r"\Delta x_t = -\frac{\eta}{\text{RMS}[g]_t} g_t, \qquad \text{RMS}[g]_t = \sqrt{E[g^2]_t + \epsilon}"
    formula = symdl.parse(latex)
    assert [str(st.lhs) for st in formula.statements] == ["Deltax_t", "RMSg_t"]
    assert str(formula.statements[1].rhs) == "sqrt(Eg2_t + epsilon)"
    assert [(n.rule, latex[n.span.start : n.span.end]) for n in formula.notes] == [
        ("running-statistic-name", r"\text{RMS}[g]_t"),
        ("running-average-name", r"E[g^2]_t"),
    ]
    got = symdl.lambdify(formula)(**{"g_t": 0.3, r"\eta": 0.1, r"E[g^2]_t": 0.04, r"\epsilon": 1e-6})
    np.testing.assert_allclose(next(iter(got.values())), -0.1 * 0.3 / np.sqrt(0.04 + 1e-6), rtol=1e-12)


def test_adadelta_ruder_reads() -> None:
    """Ruder 2016, Adadelta: ``RMS[\\Delta \\theta]_{t-1}`` and ``RMS[g]_t`` are names at their steps (was refused)."""
    latex = r"\Delta \theta_t = - \dfrac{RMS[\Delta \theta]_{t-1}}{RMS[g]_{t}} g_{t}"
    formula = symdl.parse(latex)
    assert str(formula.statements[0].rhs) == "-RMSDeltatheta_{t-1}*g_t/RMSg_t"
    assert [n.rule for n in formula.notes] == ["running-statistic-name"] * 2


def test_rms_of_a_matrix_stays_the_statistic() -> None:
    """Adafactor's ``\\mathrm{RMS}(U_t)`` (no bracket and step): the root mean square of the entries."""
    formula = symdl.parse(r"r = \mathrm{RMS}(U_t)")
    assert "running-statistic-name" not in [n.rule for n in formula.notes]


def test_convolution_at_a_point() -> None:
    """Goodfellow et al. eq. 9.1, ``s(t) = (x * w)(t)``: the convolution of x and w at t, the named operation."""
    latex = r"s(t) = (x * w)(t)"
    formula = symdl.parse(latex)
    rhs = formula.statements[0].rhs
    assert isinstance(rhs, sympy.core.function.AppliedUndef) and rhs.func.__name__ == "conv"
    assert [str(a) for a in rhs.args] == ["x", "w", "t"]
    assert [(n.rule, latex[n.span.start : n.span.end]) for n in formula.notes] == [("star-convolution", "(x * w)(t)")]


REFUSED = [
    # the PyTorch docs' Conv2d writes cross-correlation with \star: not read as a convolution
    (r"S(i, j) = (I \star K)(i, j)", "the convolution", r"(I \star K)(i, j)"),
    # an operand that is no name: still refused by name
    (r"y = (2 x * w)(t)", "the convolution", r"(2 x * w)(t)"),
    # (Bishop eq. 3.59, the predictive variance defined, is one function since session 43: test_read_function_values)
    # the cosine of two numbers has no meaning symdl gives: refused at the call
    (r"y = \cos(a + 1, b) \quad a \in \mathbb{R}", "not two vectors", r"\cos(a + 1, b)"),
]


@pytest.mark.parametrize(("latex", "what", "text"), REFUSED)
def test_refused(latex: str, what: str, text: str) -> None:
    assert_refused_at(latex, what, text)


CASES: list[tuple[str, str, set[str], set[str]]] = [
    # PyTorch docs, torch.nn.CosineEmbeddingLoss
    (
        "cel-pytorch",
        r"\text{loss}(x, y) = \begin{cases} 1 - \cos(x_1, x_2), & \text{if } y = 1 \\ \max(0, \cos(x_1, x_2) - "
        r"\text{margin}), & \text{if } y = -1 \end{cases}",
        {"cosine_embedding_loss", "cosine_similarity"},
        {"triplet_loss", "relu", "cosine_schedule"},
    ),
    # PyTorch docs (1.x), CosineEmbeddingLoss with input1/input2
    (
        "cel-pytorch-words",
        r"\text{Out} = \begin{cases} 1 - \operatorname{cos}(\text{input1}, \text{input2}), & \text{if label} = 1 \\ "
        r"\max\left(0, \operatorname{cos}(\text{input1}, \text{input2}) - \text{margin}\right), & \text{if label} = -1 "
        r"\end{cases}",
        {"cosine_embedding_loss"},
        {"triplet_loss", "relu"},
    ),
    # PyTorch docs, torch.nn.CosineSimilarity, the similarity named by its call
    (
        "cos-sim-pytorch",
        r"\cos(x_1, x_2) = \dfrac{x_1 \cdot x_2}{\max(\Vert x_1 \Vert _2 \cdot \Vert x_2 \Vert _2, \epsilon)}",
        {"cosine_similarity"},
        {"cosine_schedule"},
    ),
    # a cosine annealing schedule: cos of one number stays the cosine, no similarity
    (
        "cosine-schedule-trap",
        r"\eta_t = \eta_{min} + \frac{1}{2}(\eta_{max} - \eta_{min})\left(1 + \cos\left(\frac{T_{cur}}{T_{max}}\pi\right)\right)",
        {"cosine_schedule"},
        {"cosine_similarity"},
    ),
    # the stable softmax as blog posts (and the PyTorch forums) print it, a plain x
    (
        "softmax-stable-plain",
        r"\mathrm{softmax}(x)_i = \frac{e^{x_i - \max_k x_k}}{\sum_j e^{x_j - \max_k x_k}}",
        {"softmax"},
        {"max_pool", "argmax"},
    ),
    # the log-sum-exp trick for log-softmax (Lil'Log / PyTorch's log_softmax implementation note)
    (
        "log-softmax-stable-plain",
        r"\log \mathrm{softmax}(x)_i = x_i - m - \log\sum_j \exp(x_j - m), \quad m = \max_k x_k",
        {"log_softmax"},
        {"max_pool", "argmax"},
    ),
    # PyTorch's torch.nn.functional.log_softmax written as its definition
    (
        "log-softmax-named-def",
        r"\mathrm{log\_softmax}(x)_i = \log \left( \frac{\exp(x_i)}{\sum_j \exp(x_j)} \right)",
        {"log_softmax"},
        {"log_sigmoid", "entropy"},
    ),
    # Goodfellow et al. 2016, Deep Learning eq. 9.4: 2-D convolution at a point, then its sum
    (
        "conv-goodfellow-9-4",
        r"S(i, j) = (I * K)(i, j) = \sum_m \sum_n I(m, n) K(i - m, j - n)",
        {"convolution"},
        {"dot_product", "avg_pool"},
    ),
    # Goodfellow et al. 2016, eq. 9.5: the flipped kernel (commutativity)
    (
        "conv-goodfellow-9-5",
        r"S(i, j) = (K * I)(i, j) = \sum_m \sum_n I(i + m, j + n) K(m, n)",
        {"convolution"},
        {"dot_product", "bilinear_form"},
    ),
    # Goodfellow et al. 2016, eq. 9.2 written alone: the named operation
    ("conv-goodfellow-9-2", r"s(t) = (x * w)(t)", {"convolution"}, {"dot_product"}),
    # Shazeer 2020, GLU Variants Improve Transformer, eq. 5: SwiGLU with Swish_beta
    (
        "swiglu-shazeer-beta",
        r"\text{SwiGLU}(x, W, V, b, c, \beta) = \text{Swish}_\beta(xW + b) \otimes (xV + c)",
        {"swiglu"},
        {"glu", "sigmoid"},
    ),
    # Hu, Shen & Sun 2018, Squeeze-and-Excitation Networks, eq. 3: a bold function of two arguments (was a tuple)
    (
        "senet-excitation",
        r"\mathbf{s} = \mathbf{F}_{ex}(\mathbf{z}, \mathbf{W}) = \sigma(g(\mathbf{z}, \mathbf{W})) = "
        r"\sigma(\mathbf{W}_2\delta(\mathbf{W}_1\mathbf{z}))",
        {"sigmoid"},
        {"delta_rule", "standard_deviation"},
    ),
    # So et al. 2021 (Primer), squared ReLU
    ("squared-relu", r"\mathrm{ReLU}^2(x) = \left(\max(0, x)\right)^2", {"relu"}, {"squared_hinge", "squared_error"}),
]


@pytest.mark.parametrize(("latex", "want", "avoid"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_concepts(latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)


def test_cosine_similarity_differentiates() -> None:
    """The gradient of cos(a, b) by a is (‖a‖² b − (aᵀb) a) / (‖a‖³ ‖b‖), as plain numpy computes it."""
    d = symdl.diff(r"\cos(\mathbf{a}, \mathbf{b})", "a")
    a, b = sorted(d.expr.free_symbols, key=str)[:2]
    va, vb = RNG.normal(size=3), RNG.normal(size=3)
    value = d.expr.xreplace({a: sympy.Matrix(va), b: sympy.Matrix(vb)}).doit()
    got = np.array(sympy.Matrix(value).evalf(), dtype=float).ravel()
    na, nb = np.linalg.norm(va), np.linalg.norm(vb)
    np.testing.assert_allclose(got, (na**2 * vb - (va @ vb) * va) / (na**3 * nb), rtol=1e-10)


def test_bold_capital_before_a_list_is_a_call() -> None:
    """SENet's ``\\mathbf{F}_{scale}(\\mathbf{u}_c, s_c)``: a list in the bracket is arguments (a tuple is never a
    factor); ``\\mathbf{H}(\\mathbf{x} - \\mathbf{x}_0)`` stays the matrix times the difference."""
    rhs = symdl.parse(r"\mathbf{y} = \mathbf{F}_{scale}(\mathbf{u}, s)").statements[0].rhs
    assert "F_{scale}(u, s)" in str(rhs)
    product = symdl.parse(r"q = (\mathbf{x} - \mathbf{a})^T \mathbf{H} (\mathbf{x} - \mathbf{a})").statements[0].rhs
    assert not product.atoms(sympy.core.function.AppliedUndef)
    rope = symdl.parse(r"y = \mathbf{R}(x_1, x_2, x_3, x_4)^T")  # RoPE: the matrix times the listed column
    assert "product-of-a-bold-matrix" in [n.rule for n in rope.notes]
    assert not rope.statements[0].rhs.atoms(sympy.core.function.AppliedUndef)
