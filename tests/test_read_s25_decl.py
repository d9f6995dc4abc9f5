"""Refusals of real formulas read by a rule for their class (session 25, issue 12).

- a formula pasted over several lines continues where the next line opens with ``=`` after a line with no relation,
  and a line break inside a statement is a space (SimCLR's NT-Xent, Chen et al. 2020, as Markdown pastes it: it was
  "one side of this relation is empty"); ``\\mathbf{1}`` with a comparison in its subscript is the indicator;
- ``\\max(|W|)`` of a plain capital written nowhere else is the largest absolute entry of the matrix
  (``max-abs-entries``, absmax quantisation's scale; it was refused as a max with no index under it);
- a parenthesised step superscript shares the kind of the same name at another step (CS224n's RNN Jacobian
  ``\\partial h^{(t)} / \\partial h^{(t-1)}`` beside ``W_h h^{(t-1)}``: it was "\\diag of a number").
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_reads_as

RNG = np.random.default_rng(25)

# --- 1. line breaks inside one formula (SimCLR's NT-Xent) -------------------------------------------------------

NT_XENT = ("\\mathcal{L}_i\n= -\\log\n\\frac{\n\\exp\\!\\big(\\operatorname{sim}(z_i, z_j)/\\tau\\big)\n}{\n"
           "\\sum\\limits_{k=1}^{2N}\n\\mathbf{1}_{[k \\ne i]}\\,\n\\exp\\!\\big(\\operatorname{sim}(z_i, z_k)/\\tau"
           "\\big)\n}")
Z = RNG.normal(size=6)  # 2N = 6 views' numbers z_k (today's rules: entries of z); sim an unknown function (here
# a product of the two); the value is L_i for every i and every positive j, a 6 x 6 table
TAU = 0.5


def _nt_xent(i: int, j: int) -> float:
    sim = Z[i - 1] * Z
    return float(-np.log(np.exp(sim[j - 1] / TAU) / sum(np.exp(sim[k] / TAU) for k in range(6) if k != i - 1)))


LINES = [
    ("simclr-nt-xent", "SimCLR (Chen et al. 2020) eq. 1, pasted over lines as Markdown keeps it", NT_XENT,
     {"z": Z, "\\tau": TAU, "N": 3}, [[_nt_xent(i, j) for j in range(1, 7)] for i in range(1, 7)],
     ["family-entry", "family-entry"]),
    ("eq-on-next-line", "a definition broken before its =", "y\n= w x + b", {"w": 2.0, "x": 3.0, "b": 1.0}, 7.0, []),
    ("log-then-frac", "a function's argument on the next line", "y = \\log\n\\frac{a}{b}", {"a": 3.0, "b": 2.0},
     np.log(1.5), []),
    ("bold-one-indicator", "SimCLR's indicator written \\mathbf{1}_{[k \\neq i]}",
     r"s = \sum_{k=1}^{n} \mathbf{1}_{[k \neq i]} x_k", {"x": Z, "n": 6, "i": 3}, Z.sum() - Z[2], []),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [pytest.param(*c[2:], id=c[0]) for c in LINES])
def test_lines_of_one_formula(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    functions = {"sim": lambda a, b: a * b} if "sim" in latex else None
    assert_reads_as(symdl.parse(latex), inputs, want, rules, functions=functions)


def test_two_statements_on_two_lines_stay_two() -> None:
    """Must not change: a line that starts a statement of its own (``name =``) still ends the one before."""
    f = symdl.parse("a = 2 x\nb = a + 1")
    assert f.kind == "system"
    assert symdl.lambdify(f)(x=1.5)["b"] == pytest.approx(4.0)


def test_bold_one_with_a_length_stays_the_ones_vector() -> None:
    """Must not change: ``\\mathbf{1}_n`` (no comparison in the subscript) is the all-ones vector of length n."""
    f = symdl.parse(r"s = \mathbf{1}_n^T \mathbf{x}")
    x = RNG.normal(size=4)
    np.testing.assert_allclose(np.asarray(symdl.lambdify(f)(**{r"\mathbf{x}": x}), dtype=float).ravel(), [x.sum()])


# --- 4. \max(|W|): the largest absolute entry ---------------------------------------------------------------------

W = RNG.normal(size=(4, 3))

ABSMAX = [
    ("absmax-scale", "absmax quantisation's scale (Dettmers et al. 2022, LLM.int8())", r"s = \frac{\max(|W|)}{2^{b-1} - 1}",
     {"W": W, "b": 8}, np.abs(W).max() / 127, ["max-abs-entries"]),
    ("absmin", "the smallest absolute entry, the same class", r"m = \min(|X|)", {"X": W}, np.abs(W).min(),
     ["max-abs-entries"]),
    ("written-indices", "must not change: the indices written, no note", r"s = \max_{i,j} |W_{ij}|", {"W": W},
     np.abs(W).max(), ["sum-several-indices"]),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [pytest.param(*c[2:], id=c[0]) for c in ABSMAX])
def test_max_of_abs_capital(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


ABSMAX_REFUSED = [
    ("lower-case", "must not change: a lower-case name's shape is not written", r"y = \max(|x|)", r"\max(|x|)"),
    ("capital-elsewhere", "a capital also read as a number elsewhere", r"s = \max(|W|) + W", r"\max(|W|)"),
]


@pytest.mark.parametrize(("latex", "span_text"), [pytest.param(*c[2:], id=c[0]) for c in ABSMAX_REFUSED])
def test_max_of_abs_refused(latex: str, span_text: str) -> None:
    with pytest.raises(symdl.NotSupported) as err:
        symdl.parse(latex)
    assert "of one value, with no index under it" in str(err.value)
    assert latex[err.value.span.start : err.value.span.end] == span_text


# --- 5. an RNN step's Jacobian: h^{(t)} and h^{(t-1)} are one vector at two steps ------------------------------

H, X3, B1 = RNG.normal(size=3), RNG.normal(size=2), RNG.normal(size=3)
WH, WX = RNG.normal(size=(3, 3)), RNG.normal(size=(3, 2))


def _dsigmoid(v: np.ndarray) -> np.ndarray:
    s = 1 / (1 + np.exp(-v))
    return s * (1 - s)


STEPS = [
    ("cs224n-rnn-jacobian", "CS224n (2019) lecture 7, the RNN's Jacobian",
     r"\frac{\partial h^{(t)}}{\partial h^{(t-1)}} = \mathrm{diag}\left(\sigma'\left(W_h h^{(t-1)} + W_x x^{(t)} "
     r"+ b_1\right)\right) W_h",
     {"W_h": WH, "W_x": WX, "h^{(t-1)}": H, "x^{(t)}": X3, "b_1": B1},
     np.diag(_dsigmoid(WH @ H + WX @ X3 + B1)) @ WH, ["jacobian-layout"]),
    ("subscript-steps", "must not change: the same Jacobian with subscript steps",
     r"\frac{\partial h_t}{\partial h_{t-1}} = \mathrm{diag}\left(\sigma'\left(W_h h_{t-1} + W_x x_t + b_1\right)\right) W_h",
     {"W_h": WH, "W_x": WX, "h_{t-1}": H, "x_t": X3, "b_1": B1},
     np.diag(_dsigmoid(WH @ H + WX @ X3 + B1)) @ WH, ["jacobian-layout"]),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [pytest.param(*c[2:], id=c[0]) for c in STEPS])
def test_steps_share_a_kind(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


def test_number_steps_stay_numbers() -> None:
    """Must not change: momentum written with step superscripts and no vector among its steps stays numbers."""
    f = symdl.parse(r"v^{(t)} = \beta v^{(t-1)} + (1 - \beta) g^{(t)}")
    got = symdl.lambdify(f)(**{r"\beta": 0.9, "v^{(t-1)}": 2.0, "g^{(t)}": 1.0})
    assert float(got) == pytest.approx(1.9)
