"""Pasted sums of session 27 (issue 12): a Σ written before a parenthesis is the sum sign, and the counts stay numbers.

A chat answer's ``RMSE = √( (1/n) Σ (yᵢ − ŷᵢ)² )`` and ``σ = sqrt( Σ (x − x̄)² / (N − 1) )`` read the pasted Σ as a
function applied to the parenthesis (then named a sigmoid); it is the sum sign (``unicode-sum``), over the implied
index, or over all entries (``sum-no-index``), where the count N in the divisor and the mean x̄ of the summed x
stay numbers (they were arrays; x̄ is noted scalar-broadcast).
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy

import symdl
from tests.real_sources import assert_reads_as

RNG = np.random.default_rng(2702)
X5, Y5 = RNG.normal(size=5), RNG.normal(size=5)

# (id, source, latex, inputs, plain numpy's value, notes by rule)
CASES = [
    ("rmse-after-coefficient", "a chat answer's RMSE, pasted as Unicode (the set's plain-text rows)",
     "RMSE = √( (1/n) Σ (yᵢ − ŷᵢ)² )", {"y": X5, r"\hat{y}": Y5, "n": 5.0}, np.sqrt(np.mean((X5 - Y5) ** 2)),
     ["word-name", "unicode-sum", "sum-implied-index"]),
    ("sample-std-pasted", "the sample standard deviation as a forum pastes it",
     "σ = sqrt( Σ (x − x̄)² / (N − 1) )", {"x": X5, "x̄": X5.mean(), "N": 5.0}, X5.std(ddof=1),
     ["unicode-sum", "sum-no-index", "bar-mean"]),  # x̄ the mean of x (bar-mean, session 47)
    ("tex-sample-variance", "the sample variance in TeX with no index under the sum",
     r"s = \sum (x - \bar{x})^2 / (N-1)", {"x": X5, r"\bar{x}": X5.mean(), "N": 5.0}, X5.var(ddof=1),
     ["sum-no-index", "bar-mean"]),
    ("entropy-pasted", "Shannon's entropy as a chat answer pastes it", "H(p) = −Σ p log p", {"p": np.array([0.2, 0.3, 0.5])},
     -np.sum(np.array([0.2, 0.3, 0.5]) * np.log([0.2, 0.3, 0.5])), ["unicode-sum", "sum-no-index"]),
    ("mean-squared-over-n", "a squared error summed over the entries and divided by n",
     r"L = \sum (y - \hat{y})^2 / n", {"y": X5, r"\hat{y}": Y5, "n": 5.0}, np.mean((X5 - Y5) ** 2),
     ["sum-no-index"]),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [c[2:] for c in CASES], ids=[c[0] for c in CASES])
def test_pasted_sums_against_numpy(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


def test_a_covariance_stays_a_matrix() -> None:
    """Σ inverted between two transposed differences is the covariance, not a sum (must not change)."""
    formula = symdl.parse("p(x) = exp(-(x − μ)ᵀ Σ⁻¹ (x − μ)/2)")
    assert "unicode-sum" not in [n.rule for n in formula.notes]
    assert "Inverse" in str(formula.statements[0].rhs) or "**(-1)" in str(formula.statements[0].rhs)


@pytest.mark.parametrize(("latex", "rules"), [
    ("KL(P‖Q) = Σ P(x) log(P(x)/Q(x))", ["unicode-sum", "sum-over-argument"]),  # a chat answer's KL divergence
    (r"H = -\sum p(x) \log p(x)", ["sum-over-argument"]),  # Shannon's entropy with the index left out
], ids=["kl-pasted", "entropy-no-index"])
def test_a_sum_over_the_argument_of_the_distributions(latex: str, rules: list[str]) -> None:
    """No index written, every one-letter function applied to x alone: the sum runs over the outcomes x."""
    formula = symdl.parse(latex)
    assert [n.rule for n in formula.notes] == rules
    rhs = formula.statements[0].rhs
    assert rhs.atoms(sympy.Sum) and all(s.limits[0][0].name == "x" for s in rhs.atoms(sympy.Sum))


def test_the_left_sides_index_is_not_the_sums() -> None:
    """A sum with no index over two subscript letters runs over the one the left side does not carry (a matrix-vector
    product y_i = Σ w_{ij} x_j; GAT's h'_i = σ(Σ α_{ij} W h_j) pasted): it was refused (two candidate indices)."""
    w = np.arange(6.0).reshape(2, 3)
    formula = symdl.parse(r"y_i = \sum w_{ij} x_j")
    assert [n.rule for n in formula.notes] == ["sum-implied-index"]
    np.testing.assert_allclose(symdl.lambdify(formula)(w=w, x=X5[:3]), w @ X5[:3], rtol=1e-12)
    gat = symdl.parse("h'_i = σ(Σ α_{ij} W h_j)")
    assert "(j, 1," in str(gat.statements[0].rhs) and "sum-implied-index" in [n.rule for n in gat.notes]


def test_a_sum_over_a_set_named_by_a_word() -> None:
    """Bishop & Bishop (2024), the GAN's error over the real samples: a set named \\mathrm{real} is read as a named
    set (sum-over-set), as \\mathcal{B} is; it was refused."""
    formula = symdl.parse(r"E = -\frac{1}{N_{\mathrm{real}}}\sum_{n\in\mathrm{real}} \ln d_n")
    assert [n.rule for n in formula.notes] == ["sum-over-set"]
    d = np.array([0.2, 0.5, 0.9])
    got = symdl.lambdify(formula)(d=d, **{r"N_{\mathrm{real}}": 3.0})
    np.testing.assert_allclose(got, -np.log(d).sum() / 3, rtol=1e-12)
