"""Held-out readings (session 14), part d: plain capitals that are matrices.

A graph's degree matrix to a power written as a fraction (Kipf & Welling's GCN layer
``\\tilde{D}^{-\\frac{1}{2}}\\tilde{A}\\tilde{D}^{-\\frac{1}{2}}H^{(l)}W^{(l)}``, its propagation ``X\\Theta``, Wu et
al.'s SGC, Ng, Jordan & Weiss' normalised affinity) was read as numbers, ``A/D``, silently: the reader made the
``\\frac`` exponent a group, which the ``capital-power-matrix`` rule did not look through.  A group exponent that
reads as a plain number is now that number, as ``^{-1/2}`` is, and the rule reads the capital as a matrix (its
principal inverse root).  A number's fractional power (Adam's bias correction, ``x^{-\\frac{1}{2}}``) is unchanged.

A capital's inverse before a gradient taken at the name it is by (cs229's Newton's method ``\\theta := \\theta -
H^{-1} \\nabla_\\theta \\ell(\\theta)``, natural gradient's ``F^{-1}``, d2l's Newton step, a preconditioner's
``P^{-1}``) was ``\\nabla\\ell / H``, numbers, silently: it is now the matrix's inverse times the gradient, a vector, and
the name a vector (noted ``capital-matrix``, as ``\\Sigma^{-1}\\mu`` is).  Gradient descent's ``\\alpha \\nabla_\\theta
J(\\theta)`` and a count's ``\\frac{1}{N}`` stay numbers.
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_reads_as

RNG = np.random.default_rng(1404)


def _graph(n: int = 5) -> tuple[np.ndarray, np.ndarray]:
    """A symmetric adjacency with self-loops and its degree matrix."""
    a = (RNG.random((n, n)) > 0.5).astype(float)
    a = np.maximum(a, a.T) + np.eye(n)
    return a, np.diag(a.sum(axis=1))


A5, D5 = _graph()
DH = np.diag(np.diag(D5) ** -0.5)
H53, W32, X53, TH32 = (RNG.normal(size=s) for s in ((5, 3), (3, 2), (5, 3), (3, 2)))

# (id, source, latex, inputs, plain numpy's value, notes by rule)
FRACTION_POWERS = [
    ("kipf-welling-gcn-layer", "Kipf & Welling 2017, eq. 2",
     r"H^{(l+1)} = \sigma\left(\tilde{D}^{-\frac{1}{2}}\tilde{A}\tilde{D}^{-\frac{1}{2}}H^{(l)}W^{(l)}\right)",
     {r"\tilde{A}": A5, r"\tilde{D}": D5, "H^{(l)}": H53, "W^{(l)}": W32},
     1 / (1 + np.exp(-(DH @ A5 @ DH @ H53 @ W32))), ["sigma-activation", "capital-power-matrix"]),
    ("kipf-welling-propagation", "Kipf & Welling 2017, eq. 8",
     r"Z = \tilde{D}^{-\frac{1}{2}}\tilde{A}\tilde{D}^{-\frac{1}{2}} X \Theta",
     {r"\tilde{A}": A5, r"\tilde{D}": D5, "X": X53, r"\Theta": TH32}, DH @ A5 @ DH @ X53 @ TH32,
     ["capital-power-matrix"]),
    ("sgc-propagation", "Wu et al. 2019, SGC, the normalised adjacency S",
     r"S = \tilde{D}^{-\frac{1}{2}}\tilde{A}\tilde{D}^{-\frac{1}{2}}", {r"\tilde{A}": A5, r"\tilde{D}": D5},
     DH @ A5 @ DH, ["capital-power-matrix"]),
    ("ng-jordan-weiss-affinity", "Ng, Jordan & Weiss 2002, spectral clustering, step 2",
     r"L = D^{-\frac{1}{2}} A D^{-\frac{1}{2}}", {"A": A5, "D": D5}, DH @ A5 @ DH, ["capital-power-matrix"]),
    ("left-normalisation", "Kipf & Welling 2017, sec. 2 (one-sided degree normalisation)",
     r"\hat{A} = D^{-\frac{1}{2}} A", {"A": A5, "D": D5}, DH @ A5, ["capital-power-matrix"]),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [c[2:] for c in FRACTION_POWERS],
                         ids=[c[0] for c in FRACTION_POWERS])
def test_a_capital_to_a_fraction_power_before_a_capital_is_a_matrix(latex: str, inputs: dict, want: np.ndarray,
                                                                      rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


# must not change: a number's fractional power written with \frac
NUMBER_POWERS = [
    ("adam-bias-correction", "Kingma & Ba 2015, sec. 2 (the step size's correction)",
     r"\alpha_t = \alpha \frac{(1-\beta_2^t)^{\frac{1}{2}}}{1-\beta_1^t}",
     {r"\alpha": 0.1, r"\beta_1": 0.9, r"\beta_2": 0.999, "t": 3.0},
     0.1 * np.sqrt(1 - 0.999**3) / (1 - 0.9**3)),
    ("inverse-root", "a number's inverse square root", r"y = x^{-\frac{1}{2}}", {"x": 4.0}, 0.5),
]


@pytest.mark.parametrize(("latex", "inputs", "want"), [c[2:] for c in NUMBER_POWERS],
                         ids=[c[0] for c in NUMBER_POWERS])
def test_a_numbers_fraction_power_is_unchanged(latex: str, inputs: dict, want: float) -> None:
    formula = symdl.parse(latex)
    assert not formula.shapes
    assert_reads_as(formula, inputs, want, [])


G3 = RNG.normal(size=3)
T3 = RNG.normal(size=3)
M33 = RNG.normal(size=(3, 3))
SPD = M33 @ M33.T + 3 * np.eye(3)

# (id, source, latex, inputs, plain numpy's value, notes by rule)
INVERSE_GRADIENTS = [
    ("cs229-newton", "cs229 notes, part II sec. 6 (Newton's method, the multidimensional update)",
     r"\theta := \theta - H^{-1} \nabla_\theta \ell(\theta)",
     {r"\theta": T3, "H": SPD, r"\nabla_\theta\ell(\theta)": G3}, T3 - np.linalg.solve(SPD, G3), ["capital-matrix"]),
    ("natural-gradient", "Amari 1998 / Martens 2020, the natural gradient step",
     r"\theta \leftarrow \theta - \eta F^{-1} \nabla_\theta L(\theta)",
     {r"\theta": T3, r"\eta": 0.1, "F": SPD, r"\nabla_\theta L(\theta)": G3}, T3 - 0.1 * np.linalg.solve(SPD, G3),
     ["capital-matrix"]),
    ("d2l-newton-step", "d2l 12.3.3 (Newton's method, the step)", r"\epsilon = -H^{-1} \nabla_x f(x)",
     {"H": SPD, r"\nabla_x f(x)": G3}, -np.linalg.solve(SPD, G3), ["capital-matrix", "function-number"]),
    ("preconditioned-descent", "Goodfellow et al. 8.6 (a preconditioned gradient step)",
     r"w := w - \alpha P^{-1} \nabla_w L(w)", {"w": T3, r"\alpha": 0.5, "P": SPD, r"\nabla_w L(w)": G3},
     T3 - 0.5 * np.linalg.solve(SPD, G3), ["capital-matrix"]),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [c[2:] for c in INVERSE_GRADIENTS],
                         ids=[c[0] for c in INVERSE_GRADIENTS])
def test_a_capitals_inverse_before_a_gradient_is_a_matrix(latex: str, inputs: dict, want: np.ndarray,
                                                          rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


# must not change: a number or a count before the gradient
SCALED_GRADIENTS = [
    ("cs229-gradient-descent", "cs229 notes, part I (batch gradient descent)",
     r"\theta := \theta - \alpha \nabla_\theta J(\theta)", {r"\theta": 1.0, r"\alpha": 0.5, r"\nabla_\theta J(\theta)": 2.0},
     0.0),
    ("mean-gradient", "a mean over N examples' gradient", r"\theta := \theta - \frac{1}{N} \nabla_\theta L(\theta)",
     {r"\theta": 1.0, "N": 4.0, r"\nabla_\theta L(\theta)": 2.0}, 0.5),
]


@pytest.mark.parametrize(("latex", "inputs", "want"), [c[2:] for c in SCALED_GRADIENTS],
                         ids=[c[0] for c in SCALED_GRADIENTS])
def test_a_number_before_a_gradient_is_unchanged(latex: str, inputs: dict, want: float) -> None:
    formula = symdl.parse(latex)
    assert not formula.shapes
    assert_reads_as(formula, inputs, want, ["nabla-number"])  # θ a number: the derivative by it, noted
