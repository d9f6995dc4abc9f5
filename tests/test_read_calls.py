"""Call or product: ``name(...)`` read by the rules of symdl.read.callorproduct.call_or_product; every guess is noted.

Rows are spellings from real sources: GELU's ``x\\Phi(x)`` (Hendrycks & Gimpel; the PyTorch docs), the
sigmoid derivative ``f(1-f)`` after ``f = \\sigma(z)`` (Nielsen, cs231n), ``h(1-h)`` shorthand (course notes).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import sympy
from test_read_clauses import assert_reads

import symdl

# (id, formula, statements as printed, [(note rule, the text it covers)])
CASES = [
    ("paper-gelu-phi", r"\text{GELU}(x) = x \Phi(x)", ["GELU(x)=x*(erf(sqrt(2)*x/2)/2 + 1/2)"],
     [("call-capital-greek", r"\Phi(x)"), ("phi-normal-cdf", r"\Phi(x)")]),
    ("notes-log-phi", r"\log \Phi(x)", ["log(erf(sqrt(2)*x/2)/2 + 1/2)"],
     [("call-capital-greek", r"\Phi(x)"), ("phi-normal-cdf", r"\Phi(x)")]),
    ("wiki-gamma-function", r"\Gamma(n + 1)", ["Gamma(n + 1)"], [("call-capital-greek", r"\Gamma(n + 1)")]),
    ("nielsen-sigmoid-value-then-product", r"f = \sigma(z) \\ g = f(1-f)", ["f=sigmoid(z)", "g=f*(1 - f)"],
     [("product-of-a-value", "f(1-f)")]),
    ("cs231n-value-then-product", r"a = \sigma(z) \\ d = a (1 - a)", ["a=sigmoid(z)", "d=a*(1 - a)"], []),
    ("notes-h-of-itself", r"h(1-h)", ["h*(1 - h)"], [("product-of-itself", "h(1-h)")]),
    ("notes-sigma-of-itself", r"\sigma(1-\sigma)", ["sigma*(1 - sigma)"], [("product-of-itself", r"\sigma(1-\sigma)")]),
    ("notes-function-defined-stays-a-call", r"f(x) = x^2 \\ y = f(3)", ["f(x)=x**2", "y=f(3)"], []),
    ("notes-h-of-x-is-a-call", r"h(x)", ["h(x)"], []),
    ("notes-h-of-subscripted-h-is-a-call", r"f(h_t)", ["f(h_t)"], []),
    ("notes-latin-product-unchanged", r"y(1-y)", ["y*(1 - y)"], []),
    ("notes-lowercase-greek-product", r"\alpha(x + 1)", ["alpha*(x + 1)"], []),
]


@pytest.mark.parametrize(("latex", "expected", "notes"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_call_or_product(latex: str, expected: list[str], notes: list[tuple[str, str]]) -> None:
    assert_reads(latex, expected, notes)


def test_sigmoid_derivative_written_with_a_value_evaluates_as_a_product() -> None:
    f = symdl.parse(r"f = \sigma(z) \\ g = f(1-f)")
    z = np.array([-3.0, 0.0, 2.5])
    s = 1 / (1 + np.exp(-z))
    got = symdl.lambdify(f)(z=z)["g"]
    np.testing.assert_allclose(np.asarray(got, dtype=float), s * (1 - s), rtol=1e-12)
    assert math.isclose(float(symdl.lambdify(symdl.parse(r"h(1-h)"))(h=0.25)), 0.1875)


# (id, formula, inputs, expected value, notes by rule): functions as papers name them, checked against numpy
FUNCTIONS = [
    ("wiki-arcsin", r"\sin^{-1} x", {"x": 0.5}, np.arcsin(0.5), ["inverse-function"]),
    ("notes-artanh", r"\tanh^{-1}(x)", {"x": 0.3}, np.arctanh(0.3), ["inverse-function"]),
    ("notes-logit", r"\sigma^{-1}(p)", {"p": 0.8}, np.log(0.8 / 0.2), ["inverse-function"]),
    ("notes-tanh-squared-is-a-power", r"\tanh^2(x)", {"x": 0.3}, np.tanh(0.3) ** 2, []),
    ("notes-sech-squared", r"\text{sech}^2(x)", {"x": 0.7}, 1 / np.cosh(0.7) ** 2, []),
    ("notes-arctan-coth", r"\arctan(x) + \coth x", {"x": 0.7}, np.arctan(0.7) + 1 / np.tanh(0.7), []),
    ("goodfellow-operator-reach", r"\frac{\partial}{\partial w} \frac{1}{2}(w x - y)^2", {"w": 2.0, "x": 3.0, "y": 1.0},
     (2.0 * 3.0 - 1.0) * 3.0, ["derivative-reach"]),
    ("notes-operator-one-factor", r"\frac{\partial}{\partial w} w^2 + c", {"w": 2.0, "c": 1.0}, 5.0, []),
]


@pytest.mark.parametrize(("latex", "inputs", "expected", "rules"), [c[1:] for c in FUNCTIONS],
                         ids=[c[0] for c in FUNCTIONS])
def test_named_functions(latex: str, inputs: dict, expected: float, rules: list[str]) -> None:
    f = symdl.parse(latex)
    assert [n.rule for n in f.notes] == rules
    value = f.rhs.doit() if f.rhs.has(sympy.Derivative) else f.rhs
    got = float(value.subs({f.symbols[k]: v for k, v in inputs.items()}))
    assert math.isclose(got, float(expected), rel_tol=1e-12)


# (id, formula, input matrix, expected): trace and determinant of matrices (Goodfellow 2.10, 2.11; the matrix
# cookbook); of a number they are the number
A2 = np.array([[2.0, 1.0], [0.5, 3.0]])
MATRIX_FUNCTIONS = [
    ("goodfellow-trace", r"A \in \mathbb{R}^{n \times n} \\ t = \mathrm{Tr}(A^T A)", np.trace(A2.T @ A2)),
    ("notes-operatorname-tr", r"A \in \mathbb{R}^{n \times n} \\ t = \operatorname{tr}(A)", np.trace(A2)),
    ("notes-log-det", r"A \in \mathbb{R}^{n \times n} \\ t = \log \det A", np.log(np.linalg.det(A2))),
    ("notes-det-call", r"A \in \mathbb{R}^{n \times n} \\ t = \det(A) + 1", np.linalg.det(A2) + 1),
    ("cs231n-frobenius-as-trace", r"L = \operatorname{tr}(A^T A)", np.sum(A2**2)),
]


@pytest.mark.parametrize(("latex", "expected"), [c[1:] for c in MATRIX_FUNCTIONS], ids=[c[0] for c in MATRIX_FUNCTIONS])
def test_trace_and_determinant(latex: str, expected: float) -> None:
    got = symdl.lambdify(symdl.parse(latex))(A=A2)
    np.testing.assert_allclose(got, expected, rtol=1e-12)


# (id, formula, inputs, expected): brackets that are functions (floor, ceiling, the inner product)
BRACKETS = [
    ("pytorch-step-lr", r"\eta_t = \eta_0 \cdot \gamma^{\lfloor t / s \rfloor}", {r"\eta_0": 0.1, r"\gamma": 0.5,
     "t": 7.0, "s": 3.0}, 0.1 * 0.5**2),
    ("notes-ceil-floor", r"\lceil x \rceil + \left\lfloor y \right\rfloor", {"x": 1.2, "y": -1.2}, 2.0 - 2.0),
    ("notes-inner-product", r"L = \langle \mathbf w, \mathbf x \rangle + b",
     {r"\mathbf w": np.array([1.0, 2.0]), r"\mathbf x": np.array([3.0, 4.0]), "b": 1.0}, 12.0),
    ("inner-of-plain-names", r"\langle a, b \rangle", {"a": np.array([1.0, 2.0]), "b": np.array([3.0, 4.0])}, 11.0),
]


@pytest.mark.parametrize(("latex", "inputs", "expected"), [c[1:] for c in BRACKETS], ids=[c[0] for c in BRACKETS])
def test_function_brackets(latex: str, inputs: dict, expected: float) -> None:
    got = symdl.lambdify(symdl.parse(latex))(**inputs)
    np.testing.assert_allclose(float(np.squeeze(got)), expected, rtol=1e-12)


S3 = np.array([1.0, 2.0, 0.5])
# (id, formula, inputs, expected, notes by rule): a letter picking an entry of a family summed elsewhere
ENTRIES = [
    ("cs231n-softmax-loss-per-class", r"L = -s_c + \log \sum_j e^{s_j}", {"s": S3},
     -S3 + np.log(np.exp(S3).sum()), ["family-entry"]),
    ("notes-softmax-entry-c", r"p_c = \frac{e^{z_c}}{\sum_k e^{z_k}}", {"z": S3}, np.exp(S3) / np.exp(S3).sum(),
     ["family-entry"]),
    ("notes-bias-w0-stays-a-name", r"y = \sum_i w_i x_i + w_0", {"w": S3, "x": S3, "w_0": 1.0}, S3 @ S3 + 1.0, []),
]


@pytest.mark.parametrize(("latex", "inputs", "expected", "rules"), [c[1:] for c in ENTRIES], ids=[c[0] for c in ENTRIES])
def test_entry_of_a_summed_family(latex: str, inputs: dict, expected: np.ndarray, rules: list[str]) -> None:
    f = symdl.parse(latex)
    assert [n.rule for n in f.notes] == rules
    np.testing.assert_allclose(symdl.lambdify(f)(**inputs), expected, rtol=1e-12)
