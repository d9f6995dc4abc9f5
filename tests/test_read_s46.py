r"""Session 41, from the silent readings left in held-out sets 44 and 45: classes of notation, each a rule with its note.

* a name with a subscript, a step, bold type or an accent written against a parenthesis that no rule reads as its
  argument stays a product, noted (``product-of-a-marked-name``: Duda et al.'s ``\Delta\mathbf{w}_{bp}(m)``, a
  polynomial ``b P_3(c + dx)``; before: silently), unless the bracket holds the name's own value (``y_n(1 - y_n)``);
* a name raised to one letter against a parenthesis (HiFi-GAN's ``D^i(x)``) is the power times it, noted
  (``product-after-power``);
* the letter m shifted in a parenthesis after names counts steps, as n and k do (Duda et al.'s ``\mathbf{w}(m+1) =
  \mathbf{w}(m) + \dots + \alpha\Delta\mathbf{w}(m-1)``; before: products with m), and the letter's own name before
  it is a product (MMD's ``\frac{1}{m(m-1)}``; before: n at step n - 1);
* a name alone in a bracket with the numbers that scale it, right before code's ``@``, is an array (SIREN's Fourier
  features ``(2.*np.pi*x) @ B.T``; before: a number times B).
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_values_noted, shapes_of

RNG = np.random.default_rng(4641)
W3, G3, D3 = RNG.normal(size=3), RNG.normal(size=3), RNG.normal(size=3)
X5 = RNG.normal(size=5)
X4, B34 = RNG.normal(size=4), RNG.normal(size=(3, 4))
OFF5 = np.ones((5, 5)) - np.eye(5)

# (id, source, formula, inputs, {statement: plain numpy's value}, notes it must carry)
READS = [
    ("duda-momentum-by-step-m", "Duda, Hart & Stork, Pattern Classification, sec. 6.8.15: learning with momentum",
     r"\mathbf{w}(m+1) = \mathbf{w}(m) + (1-\alpha)\Delta\mathbf{w}_{bp}(m) + \alpha\Delta\mathbf{w}(m-1)",
     {r"\mathbf{w}(m)": W3, r"\Delta \mathbf{w}_{bp}(m)": G3, r"\Delta \mathbf{w}(m-1)": D3, r"\alpha": 0.9},
     {"": W3 + 0.1 * G3 + 0.9 * D3}, ("step-argument", "step-argument", "step-argument")),
    ("mmd-unbiased-pair-count", "Gretton et al. 2012, eq. 3: the unbiased MMD's 1/(m(m-1)) over pairs i != j",
     r"M = \frac{1}{m(m-1)}\sum_{i=1}^m\sum_{j \neq i}^m x_i x_j", {"x": X5, "m": 5},
     {"M": (X5 @ OFF5 @ X5) / 20.0}, ()),
    ("siren-fourier-features", "Tancik et al. 2020, Fourier features demo: x_proj = (2.*np.pi*x) @ B.T",
     "x_proj = (2.*np.pi*x) @ B.T", {"x": X4, "B": B34}, {"x_proj": (2 * np.pi * X4) @ B34.T},
     ("code-matmul-operand", "code-matmul")),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [r[2:] for r in READS], ids=[r[0] for r in READS])
def test_a_class_of_notation_reads_with_its_note(latex: str, inputs: dict, want: dict, rules: tuple[str, ...]) -> None:
    assert_values_noted(latex, inputs, want, rules)
    f = symdl.parse(latex)
    assert [n.rule for n in f.notes].count("step-argument") == rules.count("step-argument")


def test_the_fourier_features_input_is_a_row_of_coordinates() -> None:
    assert shapes_of(symdl.parse("x_proj = (2.*np.pi*x) @ B.T"))["x"][0] == "1"


@pytest.mark.parametrize(("latex", "rule", "spot"), [
    (r"\Delta \mathbf{w} = \eta\Delta\mathbf{w}_{bp}(m) + x", "product-of-a-marked-name", r"\Delta\mathbf{w}_{bp}(m)"),
    (r"y = a + b P_3(c + x)", "product-of-a-marked-name", "P_3(c + x)"),
    (r"z = \tilde{p}(a + b)", "product-of-a-marked-name", r"\tilde{p}(a + b)"),
    (r"L = \|D^i(x) - D^i(G(s))\|_1", "product-after-power", "D^i(x)"),
    (r"h = \gamma^i(m) z + \beta^i(m)", "product-after-power", r"\gamma^i(m)"),
], ids=["duda-backprop-change", "hornik-polynomial", "accented-before-a-sum", "hifigan-feature-matching",
        "spade-modulation"])
def test_a_product_that_may_be_a_call_is_noted(latex: str, rule: str, spot: str) -> None:
    f = symdl.parse(latex)
    notes = [n for n in f.notes if n.rule == rule]
    assert notes and latex[notes[0].span.start : notes[0].span.end] == spot
    assert "define it" in notes[0].alternative


@pytest.mark.parametrize("latex", [
    r"H = \sum_{n=1}^N y_n(1-y_n) x_n",
    r"v = \beta_1(1 - \beta_1) g",
    r"\hat{\gamma}^{(i)} = y^{(i)}(w^T x^{(i)} + b)",
    r"y = x^2(1 - x) + e^{x}(1 + x)",
    r"s = \sigma_{\max}(z + 1)",
    r"J_{ij} = p_i(\delta_{ij} - p_j)",
], ids=["own-value-in-bracket", "greek-coefficient-numbered", "example-times-its-margin", "number-powers",
        "a-bound-label", "softmax-jacobian"])
def test_plain_products_carry_no_call_note(latex: str) -> None:
    rules = {n.rule for n in symdl.parse(latex).notes}
    assert not rules & {"product-of-a-marked-name", "product-after-power"}


@pytest.mark.parametrize(("latex", "want"), [
    (r"M = \frac{1}{n(n-1)}\sum_{i=1}^n x_i", "n*(n - 1)"),
    (r"c = \frac{2}{m(m-1)} s", "m*(m - 1)"),
], ids=["n-times-n-minus-one", "m-times-m-minus-one"])
def test_a_count_times_itself_less_one_is_a_product(latex: str, want: str) -> None:
    f = symdl.parse(latex)
    assert want in str(f.statements[0].rhs)
    assert "step-argument" not in {n.rule for n in f.notes}
