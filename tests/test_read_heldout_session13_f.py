"""Held-out readings (session 13), sixth part: vectors and matrices with no typographic hint, and entries of a vector
read as unrelated names.

- the upstream gradient of a number by a plain name, a factor of a product beside a matrix (cs231n's backprop for a
  matrix product, ``\\frac{\\partial L}{\\partial X} = \\frac{\\partial L}{\\partial Y} W^T``), is shaped as that name,
  so Y is a matrix (noted ``upstream-gradient``); Y stayed a number and forced W to X^T's shape;
- a plain capital whose lower-case letter with one index is a family of vectors (cs229's ICA ``w_j^T x`` beside
  ``\\log |W|``) is the matrix with those rows, so ``|W|`` is its determinant (noted ``capital-rows``); it was the
  absolute value of a number;
- Nielsen's bare ``\\nabla C`` is the gradient vector of the cost (noted ``bare-gradient``): its norm is a vector's
  norm and ``\\nabla C \\cdot \\Delta v`` a dot product (both were read of numbers, noted);
- a plain name of a bold vector's letter with a number (``x_1`` beside ``\\mathbf{x}``; RoPE's ``x^{(1)}_m`` beside
  ``\\boldsymbol{x}_m``) is that entry of the vector, from 1 (noted ``vector-entry-name``); it was an unrelated name.

Plain capitals that are counts or numbers stay numbers.  Values are checked against plain numpy; the reading notes
are asserted by rule.
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_reads_as

RNG = np.random.default_rng(1306)
X43, W32, DY42 = RNG.normal(size=(4, 3)), RNG.normal(size=(3, 2)), RNG.normal(size=(4, 2))
W23, DY3, X3, W3 = RNG.normal(size=(2, 3)), RNG.normal(size=3), RNG.normal(size=3), RNG.normal(size=3)
G5, DV5, V5 = RNG.normal(size=5), RNG.normal(size=5), RNG.normal(size=5)
D3, Z2 = RNG.normal(size=3), RNG.normal(size=2)
WQ22, XM2 = RNG.normal(size=(2, 2)), RNG.normal(size=2)


def _dsigmoid(z: np.ndarray) -> np.ndarray:
    s = 1 / (1 + np.exp(-z))
    return s * (1 - s)


def _rope(theta: float, m: float) -> np.ndarray:
    c, s = np.cos(m * theta), np.sin(m * theta)
    return np.array([[c, -s], [s, c]]) @ WQ22 @ XM2


DL_DY = r"\frac{\partialL}{\partialY}"
UP = "upstream-gradient"
BARE = "bare-gradient"
ENTRY = "vector-entry-name"
LAYER = "superscript-layer"

READ = [
    # -- the upstream gradient beside a matrix is shaped as what it is by
    ("cs231n-matmul-backprop", "cs231n notes, 'Derivation of backprop for matrix-matrix multiply'",
     r"\frac{\partial L}{\partial X} = \frac{\partial L}{\partial Y} W^T, \quad "
     r"\frac{\partial L}{\partial W} = X^T \frac{\partial L}{\partial Y}",
     {"X": X43, "W": W32, DL_DY: DY42}, X43.T @ DY42, [UP]),
    ("cs231n-matmul-backprop-dx", "cs231n notes, backprop for a matrix multiply (the gradient on X)",
     r"\frac{\partial L}{\partial X} = \frac{\partial L}{\partial Y} W^T",
     {"W": W32, DL_DY: DY42}, DY42 @ W32.T, ["gradient-shape", UP]),
    ("cs231n-dW-names", "cs231n notes, matrix-matrix multiply gradient (d-names)", r"dW = X^T dY",
     {"X": X43, "dY": DY42}, X43.T @ DY42, []),
    ("cs231n-dX-names", "cs231n notes, matrix-matrix multiply gradient (d-names)", r"dX = dY W^T",
     {"W": W32, "dY": DY42}, DY42 @ W32.T, []),
    ("linear-layer-input-gradient", "cs231n / Goodfellow eq. 6.47: the gradient on a layer's input",
     r"\frac{\partial L}{\partial \mathbf{x}} = W^T \frac{\partial L}{\partial \mathbf{y}}",
     {"W": W23, r"\frac{\partialL}{\partial\mathbf{y}}": DY3[:2]}, W23.T @ DY3[:2], []),
    ("linear-layer-input-gradient-plain", "cs231n notes: dx = W^T dy, with plain letters",
     r"\frac{\partial L}{\partial x} = W^T \frac{\partial L}{\partial y}",
     {"W": W23, r"\frac{\partialL}{\partialy}": DY3[:2]}, W23.T @ DY3[:2], ["gradient-shape", UP]),
    ("weight-gradient-outer", "cs231n notes: the weight gradient dW = dY X^T (a layer Y = W X)",
     r"\frac{\partial L}{\partial W} = \frac{\partial L}{\partial Y} X^T",
     {"X": X43.T, DL_DY: DY42.T}, DY42.T @ X43, ["gradient-shape", UP]),
    ("nielsen-bp2", "Nielsen ch.2 eq. (BP2)", r"\delta^l = ((w^{l+1})^T \delta^{l+1}) \odot \sigma'(z^l)",
     {"w^{l+1}": W23, r"\delta^{l+1}": Z2, "z^l": D3}, (W23.T @ Z2) * _dsigmoid(D3), [LAYER] * 3),
    # -- Nielsen's bare \nabla C is the gradient vector of the cost
    ("nielsen-step-size", "Nielsen ch.1, text after eq. (10)", r"\eta = \epsilon / \|\nabla C\|",
     {r"\epsilon": 0.1, r"\nabla C": G5}, 0.1 / np.linalg.norm(G5), [BARE]),
    ("nielsen-delta-v", "Nielsen ch.1 eq. (10)", r"\Delta v = -\eta \nabla C",
     {r"\eta": 0.1, r"\nablaC": G5}, -0.1 * G5, [BARE]),
    ("nielsen-delta-c", "Nielsen ch.1 eq. (9)", r"\Delta C \approx \nabla C \cdot \Delta v",
     {r"\nablaC": G5, r"\Delta v": DV5}, G5 @ DV5, ["approx-as-equals", BARE]),
    ("nielsen-delta-c-descent", "Nielsen ch.1 eq. (11)",
     r"\Delta C \approx -\eta \nabla C \cdot \nabla C = -\eta \|\nabla C\|^2",
     {r"\eta": 0.1, r"\nablaC": G5}, -0.1 * G5 @ G5, ["approx-as-equals", BARE]),
    ("nielsen-momentum-v", "Nielsen ch.3 eq. (107)", r"v \rightarrow v' = \mu v - \eta \nabla C",
     {"v": V5, r"\mu": 0.9, r"\eta": 0.05, r"\nablaC": G5}, 0.9 * V5 - 0.05 * G5, [BARE]),
    # -- a plain name with a number beside a bold vector of its letter is that entry
    ("score-plus-first-entry", "Goodfellow et al. §2.1: the first element of x is x_1",
     r"s = \mathbf{w}^T\mathbf{x} + x_1", {r"\mathbf{w}": W3, r"\mathbf{x}": X3}, W3 @ X3 + X3[0], [ENTRY]),
    ("square-first-entry", "Goodfellow et al. §2.1 notation", r"f(\mathbf{x}) = x_1^2 + \mathbf{x}^T\mathbf{x}",
     {r"\mathbf{x}": X3}, X3[0] ** 2 + X3 @ X3, [ENTRY]),
    ("goodfellow-theta-first", "Goodfellow et al. §4.3 style: a cost of a parameter vector and its first entry",
     r"J(\boldsymbol{\theta}) = \theta_1^2 + \boldsymbol{\theta}^T\boldsymbol{\theta}",
     {r"\boldsymbol{\theta}": W3}, W3[0] ** 2 + W3 @ W3, [ENTRY]),
    ("two-entries-weighted", "Goodfellow et al. §2.1: entries x_1, x_2 of x",
     r"f(\mathbf{x}) = x_1 + 2 x_2 + \mathbf{w}^T\mathbf{x}", {r"\mathbf{x}": X3, r"\mathbf{w}": W3},
     X3[0] + 2 * X3[1] + W3 @ X3, [ENTRY, ENTRY]),
    ("rope-2d", "Su et al. 2021 (RoFormer) eq. 13",
     r"f_{\{q,k\}}(\boldsymbol{x}_m, m) = \begin{pmatrix} \cos m\theta & -\sin m\theta \\ \sin m\theta & "
     r"\cos m\theta \end{pmatrix} \begin{pmatrix} W^{(11)}_{\{q,k\}} & W^{(12)}_{\{q,k\}} \\ W^{(21)}_{\{q,k\}} & "
     r"W^{(22)}_{\{q,k\}} \end{pmatrix} \begin{pmatrix} x^{(1)}_m \\ x^{(2)}_m \end{pmatrix}",
     {r"\boldsymbol{x}_m": XM2, "m": 3.0, r"\theta": 0.2, "W^{(11)}_{\\{q,k\\}}": WQ22[0, 0],
      "W^{(12)}_{\\{q,k\\}}": WQ22[0, 1], "W^{(21)}_{\\{q,k\\}}": WQ22[1, 0], "W^{(22)}_{\\{q,k\\}}": WQ22[1, 1]},
     _rope(0.2, 3.0), ["function-reach", "function-reach", ENTRY, ENTRY]),
    # -- plain capitals that are counts or numbers stay numbers
    ("nielsen-l2-cost", "Nielsen ch.3 eq. (87)", r"C = C_0 + \frac{\lambda}{2n}\sum_w w^2",
     {"C_0": 0.7, r"\lambda": 0.1, "n": 5, "w": W3}, 0.7 + 0.1 / 10 * W3 @ W3, ["sum-over-entries"]),
    ("negative-log-likelihood", "Goodfellow et al. §5.5", r"L = -\log p", {"p": 0.3}, -np.log(0.3), []),
    ("mean-over-examples", "Bishop eq. 1.2 style: a mean over N examples", r"\frac{1}{N}\sum_{n=1}^N (y_n - t_n)^2",
     {"y": X3, "t": W3, "N": 3}, np.mean((X3 - W3) ** 2), []),
    ("return-over-steps", "Sutton & Barto eq. 3.8: T steps", r"G = \sum_{t=0}^{T} \gamma^t r_t",
     {r"\gamma": 0.9, "r": np.r_[X3, 0.5], "T": 2}, None, ["zero-based"]),
    ("chain-rule-numbers", "cs231n notes: the chain rule of numbers", r"\frac{\partial L}{\partial w} = "
     r"\frac{\partial L}{\partial y} x", {"x": 1.5, r"\frac{\partialL}{\partialy}": 2.0}, 3.0, []),
]


@pytest.mark.parametrize(("source", "latex", "inputs", "want", "rules"), [c[1:] for c in READ],
                         ids=[c[0] for c in READ])
def test_reads_as_meant(source: str, latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    formula = symdl.parse(latex)
    if want is None:
        assert [n.rule for n in formula.notes] == rules
        assert not formula.shapes  # every name stays a number
        return
    assert_reads_as(formula, inputs, want, rules)


def test_ica_capital_with_rows_is_a_matrix() -> None:
    """cs229's ICA log-likelihood: W has the rows w_j^T, so |W| is its (abs-)determinant, W square (noted)."""
    formula = symdl.parse(r"\ell(W) = \sum_{i=1}^n \left(\sum_{j=1}^d \log g'(w_j^T x^{(i)}) + \log |W|\right)")
    assert [n.rule for n in formula.notes] == ["capital-rows", "family-transposed", "sample-number",
                                               "abs-determinant"]
    assert "Determinant(W)" in str(formula.statements[0].rhs) and "Abs(W)" not in str(formula.statements[0].rhs)
    rows, cols = formula.shapes["W"]
    assert rows == cols


def test_ica_density_capital_with_rows() -> None:
    """cs229's ICA density p(x) = \\prod_j p_s(w_j^T x) \\cdot |W|: |W| of the matrix of rows w_j (noted)."""
    formula = symdl.parse(r"p(\mathbf{x}) = \prod_{j=1}^d p_s(w_j^T \mathbf{x}) \cdot |W|")
    assert {n.rule for n in formula.notes} == {"capital-rows", "family-transposed", "abs-determinant"}
    assert "Determinant(W)" in str(formula.statements[0].rhs)


@pytest.mark.parametrize("latex", [r"C = C_0 + \frac{\lambda}{2n}\sum_w w^2", r"L = -\log p",
                                   r"\frac{1}{N}\sum_{n=1}^N (y_n - t_n)^2", r"G = \sum_{t=0}^{T} \gamma^t r_t"],
                         ids=["nielsen-l2", "nll", "mean-over-N", "return-T"])
def test_plain_capitals_stay_numbers(latex: str) -> None:
    formula = symdl.parse(latex)
    assert not any(n.rule in ("capital-rows", UP, BARE, "capital-matrix") for n in formula.notes)
    assert not formula.shapes


def test_count_beside_a_family_of_its_letter_stays_a_number() -> None:
    """FaceNet's triplet loss sums to N beside the negatives \\mathbf{n}_i: N is the count of triplets, a number."""
    formula = symdl.parse(r"L = \sum_{i=1}^{N} \max\left(0, \|\mathbf{a}_i - \mathbf{p}_i\|^2 - "
                          r"\|\mathbf{a}_i - \mathbf{n}_i\|^2 + \alpha\right)")
    assert not formula.notes
    assert "N" not in formula.shapes and "L" not in formula.shapes
