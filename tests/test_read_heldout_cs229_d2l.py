"""Held-out readings (session 11), third part: notations of cs229's and d2l's notes that were refused or misread.
cs229 writes the trace without parentheses (``\\nabla_A \\mathrm{tr} ABA^TC``; ``\\mathrm{tr} AB`` was B·tr(A))
and the indicator as a plain ``1\\{y^{(i)} = 1\\}``; d2l writes an entry as ``[\\mathbf{X}]_{i, j}``; the WGAN's
critic update takes the gradient of a bracket.  Each row: the formula, seeded inputs, plain numpy's value and
the reading notes."""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_reads_as

RNG = np.random.default_rng(229)
A23, B32, C22 = RNG.normal(size=(2, 3)), RNG.normal(size=(3, 2)), RNG.normal(size=(2, 2))
X34 = RNG.normal(size=(3, 4))
LABELS = np.array([1.0, 0.0, 1.0, 1.0, 0.0])
X5 = RNG.normal(size=5)

# (id, source, latex, inputs, numpy's value, notes by rule)
CASES = [
    ("cs229-trace-of-a-product", "cs229 notes, the trace: tr AB", r"y = \mathrm{tr} AB", {"A": A23, "B": B32},
     np.trace(A23 @ B32), ["trace-reach", "letters-product"]),
    ("trace-stops-at-a-sum", "a trace beside a number", r"y = \operatorname{tr} A B + 1", {"A": A23, "B": B32},
     np.trace(A23 @ B32) + 1, ["trace-reach"]),
    ("determinant-of-one-factor", "a determinant with nothing after it but a sum", r"y = \det C + 1", {"C": C22},
     np.linalg.det(C22) + 1, []),
    ("cs229-indicator", "cs229 notes, GDA: the fraction of positive labels",
     r"\phi = \frac{1}{n} \sum_{i=1}^n 1\{y^{(i)} = 1\}", {"y": LABELS, "n": 5}, LABELS.mean(), []),
    ("cs229-class-mean", "cs229 notes, GDA: the mean of the inputs of class 0",
     r"\mu_0 = \frac{\sum_{i=1}^n 1\{y^{(i)} = 0\} x^{(i)}}{\sum_{i=1}^n 1\{y^{(i)} = 0\}}",
     {"y": LABELS, "x": X5, "n": 5}, X5[LABELS == 0].mean(), ["sample-number"]),  # one number per example, noted
    ("d2l-bracket-entry", "d2l, conv layers: [X]_{i,j} is entry (i, j)",
     r"s = \sum_{i} \sum_{j} [\mathbf{X}]_{i, j}", {r"\mathbf{X}": X34}, X34.sum(), ["bracket-entry"]),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [r[2:] for r in CASES], ids=[r[0] for r in CASES])
def test_reads_as_numpy(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


@pytest.mark.parametrize(("latex", "lhs"), [
    (r"\nabla_A \mathrm{tr} AB = B^T", "nabla_{A} Trace(A*B)"),
    (r"\nabla_{A} \mathrm{tr} ABA^TC = CAB + C^TAB^T", "nabla_{A} Trace(A*B*A.T*C)"),
], ids=["cs229-gradient-of-trace", "cs229-gradient-of-trace-of-four"])
def test_gradient_of_a_trace_without_parentheses(latex: str, lhs: str) -> None:
    """The matrix identities of cs229's notes read, the gradient shaped as A."""
    formula = symdl.parse(latex)
    st = formula.statements[0]
    assert str(st.lhs) == lhs and "trace-reach" in [n.rule for n in formula.notes]
    assert formula.shapes["A"] == st.lhs.shape


def test_gradient_of_a_bracket() -> None:
    """The WGAN's critic update ∇_w [ (1/m) Σ f_w(x^{(i)}) ]: the gradient of the whole bracket."""
    formula = symdl.parse(r"g_w \leftarrow \nabla_w \left[\frac{1}{m}\sum_{i=1}^m f_w(x^{(i)})\right]")
    assert formula.statements[0].kind == "update"
    assert "Derivative(Sum(f_w(x[i]), (i, 1, m))/m, w)" == str(formula.statements[0].rhs)


RX3, RW34, RV34, RB4, RC4 = (RNG.normal(size=s) for s in (3, (3, 4), (3, 4), 4, 4))
GLU = [
    ("glu-variants-otimes", "Shazeer, GLU variants: ⊗ is the element-wise product, x a row before its weights",
     r"\text{GLU}(x, W, V, b, c) = \sigma(xW + b) \otimes (xV + c)",
     {"x": RX3, "W": RW34, "V": RV34, "b": RB4, "c": RC4},
     1 / (1 + np.exp(-(RX3 @ RW34 + RB4))) * (RX3 @ RV34 + RC4),
     ["sigma-gate-operand", "vector-row", "letters-product", "bias-row", "otimes-elementwise", "letters-product", "bias-row"]),
    ("pytorch-glu-otimes", "the PyTorch docs, nn.GLU: a ⊗ σ(b)", r"\mathrm{GLU}(\mathbf{a}, \mathbf{b}) = \mathbf{a} "
     r"\otimes \sigma(\mathbf{b})", {r"\mathbf{a}": RB4, r"\mathbf{b}": RC4}, RB4 / (1 + np.exp(-RC4)),
     ["otimes-elementwise"]),
    ("count-after-a-vector-stays-a-number", "x N: N is no weight", r"\mathbf{y} = \mathbf{x} N",
     {r"\mathbf{x}": RB4, "N": 2.0}, 2 * RB4, []),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [r[2:] for r in GLU], ids=[r[0] for r in GLU])
def test_glu_variants(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)
