r"""Structures symdl refused in real deep-learning notation (session 19, issue 12), read by a documented rule.

- Vaswani et al.'s multi-head attention ``\text{MultiHead}(Q, K, V) = \text{Concat}(head_1, \dots, head_h)W^O``
  (sec. 3.2.2; the PyTorch docs' nn.MultiheadAttention, d2l 11.5): the heads' concatenation, a matrix of its own
  shape named by its call, times ``W^O`` in the order written (``concat-matrix``); was refused by name.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy

import symdl
from tests.real_sources import assert_reads_as

RNG = np.random.default_rng(1912)
H46, WO62 = RNG.normal(size=(4, 6)), RNG.normal(size=(6, 2))
Q46 = RNG.normal(size=(4, 6))

CONCAT = [
    # Vaswani et al. 2017, sec. 3.2.2
    (
        "vaswani-text",
        r"\text{MultiHead}(Q, K, V) = \text{Concat}(head_1,\dots,head_h)W^O",
        r"\text{Concat}(head_1,\dots,head_h)",
        ["concat-matrix", "word-name", "argument-sequence", "superscript-word"],
    ),
    # The PyTorch docs, nn.MultiheadAttention
    (
        "pytorch-mathrm",
        r"\mathrm{MultiHead}(Q, K, V) = \mathrm{Concat}(\mathrm{head}_1, \ldots, \mathrm{head}_h) W^O",
        r"\mathrm{Concat}(\mathrm{head}_1, \ldots, \mathrm{head}_h)",
        ["concat-matrix", "argument-sequence", "superscript-word"],
    ),
]


@pytest.mark.parametrize(("latex", "call", "rules"), [r[1:] for r in CONCAT], ids=[r[0] for r in CONCAT])
def test_concat_times_capital(latex: str, call: str, rules: list[str]) -> None:
    """The concatenation is a matrix of its own shape times W^O, in the order written (not commuted)."""
    f = symdl.parse(latex)
    assert isinstance(f.statements[0].rhs, sympy.MatMul)
    inputs = {call: H46, "W^O": WO62, "Q": Q46, "K": Q46, "V": Q46}
    assert_reads_as(f, inputs, H46 @ WO62, rules)


def test_concat_before_a_subscripted_capital() -> None:
    """d2l 11.5's output projection ``W_o``: a plain capital with a subscript, after the concatenation."""
    f = symdl.parse(r"O = \mathrm{concat}(h_1, \ldots, h_h) W_o")
    assert "concat-matrix" in [n.rule for n in f.notes]
    got = symdl.lambdify(f)(**{r"\mathrm{concat}(h_1, \ldots, h_h)": H46, "W_o": WO62})
    np.testing.assert_allclose(got, H46 @ WO62, rtol=1e-12)


def test_concat_with_a_dot_is_numbers() -> None:
    """Must not change: ``\\cdot`` between the call and the capital is not the rule's touching product."""
    f = symdl.parse(r"y = \mathrm{Concat}(a, b) \cdot W")
    assert "concat-matrix" not in [n.rule for n in f.notes]


def test_logsumexp_of_rows() -> None:
    """The PyTorch docs, torch.logsumexp: ``logsumexp(x)_i = log Σ_j exp(x_ij)``, the entry i of the value of a function
    of a matrix x defined by its row i (``entry-rows``); was refused."""
    f = symdl.parse(r"\text{logsumexp}(x)_{i} = \log \sum_j \exp(x_{ij})")
    x = RNG.normal(size=(3, 4))
    assert_reads_as(f, {"x": x}, np.log(np.exp(x).sum(axis=1)), ["entry-rows"])


def test_defined_entry_of_a_vector_unchanged() -> None:
    """Must not change: Wikipedia's softmax ``\\sigma(\\mathbf{z})_i = e^{z_i} / \\sum_j e^{z_j}`` (one index: a vector)."""
    f = symdl.parse(r"\sigma(\mathbf{z})_i = \frac{e^{z_i}}{\sum_{j=1}^K e^{z_j}}")
    assert "entry-rows" not in [n.rule for n in f.notes]


LAYER_NORM = [
    # The Annotated Transformer (Rush 2018), LayerNorm.forward: a_2 * (x - x.mean(-1)) / (x.std(-1) + eps) + b_2
    (
        "annotated-positional",
        r"\mathrm{LayerNorm}(x) = a_2 \odot \frac{x - \mathrm{mean}(x, -1)}{\mathrm{std}(x, -1) + "
        r"\epsilon} + b_2",
    ),
    (
        "annotated-subscript",
        r"\mathrm{LayerNorm}(x) = a_2 \odot \frac{x - \operatorname{mean}_{-1}(x)}"
        r"{\operatorname{std}_{-1}(x) + \epsilon} + b_2",
    ),
]


@pytest.mark.parametrize("latex", [r[1] for r in LAYER_NORM], ids=[r[0] for r in LAYER_NORM])
def test_reduction_over_the_last_axis(latex: str) -> None:
    """``mean(x, -1)``, ``\\operatorname{std}_{-1}(x)``: the reduction over the last axis, of a vector its entries
    (``axis-argument``; the std divides by n, the note says so); was refused (a function whose value is a vector)."""
    f = symdl.parse(latex)
    x, a, b = RNG.normal(size=5), RNG.normal(size=5), RNG.normal(size=5)
    want = a * (x - x.mean()) / (x.std() + 1e-5) + b
    assert_reads_as(f, {"x": x, "a_2": a, "b_2": b, r"\epsilon": 1e-5}, want, ["axis-argument", "axis-argument"])
    assert "n - 1" in f.notes[1].message


def test_two_arguments_without_an_axis_unchanged() -> None:
    """Must not change: a function of two arguments the second of which is no axis, ``\\mathrm{mean}(x, y)``."""
    f = symdl.parse(r"m = \mathrm{mean}(x, y)")
    assert "axis-argument" not in [n.rule for n in f.notes]


def test_mean_of_an_array() -> None:
    """Zhang & Sennrich 2019, RMSNorm: ``\\operatorname{mean}(\\mathbf{x}^2)`` is the mean of the entries of x²
    (``array-mean``); was an unknown function of the vector, refused in the product."""
    f = symdl.parse(
        r"\mathbf{y} = \mathbf{w} \odot \mathbf{x} \cdot \left(\operatorname{mean}(\mathbf{x}^2) + "
        r"\varepsilon\right)^{-1/2}"
    )
    x, w = RNG.normal(size=5), RNG.normal(size=5)
    want = w * x / np.sqrt((x**2).mean() + 1e-6)
    assert_reads_as(f, {r"\mathbf{x}": x, r"\mathbf{w}": w, r"\varepsilon": 1e-6}, want, ["array-mean"])


def test_mean_of_a_number_unchanged() -> None:
    """Must not change: the Keras docs' ``mean(square(y_true - y_pred))`` on plain names stays a function symdl does
    not know (its argument is no array)."""
    f = symdl.parse(r"\text{loss} = \text{mean}(\text{square}(y_{\text{true}} - y_{\text{pred}}))")
    assert "array-mean" not in [n.rule for n in f.notes]


def test_defined_entry_of_a_temperature_softmax() -> None:
    """Hinton et al. 2015 (distillation) as Stanton et al. write it: ``\\mathcal{S}(\\mathbf{a}/T)_c = ...`` defines
    entry c of the function's value at a/T, whatever the function (was refused: not read entry by entry)."""
    f = symdl.parse(r"\mathcal{S}(\mathbf{a}/T)_c = \frac{\exp(a_c/T)}{\sum_{c'=1}^{C} \exp(a_{c'}/T)}")
    a = RNG.normal(size=4)
    got = symdl.lambdify(f)(**{r"\mathbf{a}": a, "a": a, "T": 2.0, "C": 4})  # the entries a_c, as for σ(z)_i
    np.testing.assert_allclose(got, np.exp(a / 2) / np.exp(a / 2).sum(), rtol=1e-12)


def test_entry_of_an_unknown_function_is_its_component() -> None:
    """An entry of a function the formula does not define, ``f(\\mathbf{W}\\mathbf{x})_j``: the component function j
    (session 27, ``function-entry``; it was refused)."""
    f = symdl.parse(r"y = f(\mathbf{W}\mathbf{x})_j")
    assert "function-entry" in [n.rule for n in f.notes]
