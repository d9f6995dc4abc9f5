"""Held-out readings (session 14), part x: one-off calls of μ beside σ, and a number beside a form.

- A plain lower-case Greek name, never written alone, applied to the argument a Greek function of the formula is
  applied to (``\\mu(x)`` beside ``\\sigma(x)``) is a call too (``call-beside-function``); σ beside it is then the
  standard deviation (``sigma-std-beside-mean``).  Huang & Belongie's (2017) batch and instance norm (eqs. 1 and 6),
  Kingma & Welling's (2014) reparameterisation with the encoder's μ(x), σ(x), the z-score as d2l (sec. 4.10,
  standardising features) writes it with calls, Ba et al.'s (2016) layer norm with an ε.  Were μ·x and the sigmoid,
  silently.  Bishop's Bernoulli variance ``\\mu(1 - \\mu)`` and the sigmoid's derivative stay as they were.
- A lone plain name added to a dot product or a quadratic form (a 1×1 product) is a number: Bishop's and Boyd's
  ``x^T A x + b^T x + c``, Boyd & Vandenberghe's QP objective (eq. 4.34), Nocedal & Wright's quadratic model
  (eq. 2.14), Bishop's completing the square (eq. 2.71), Goodfellow et al.'s bold form; c (and y) were vectors,
  silently.  ``W x + b`` (bold and plain) and ``W^T x + b`` keep b a vector; nn.Bilinear's ``x_1^T A x_2 + b`` stays
  refused (tests/test_read_heldout_session14_u.py).
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_reads_as

RNG = np.random.default_rng(14024)
A, B, C, D = (float(v) for v in RNG.normal(size=4))
X, BV, P = RNG.normal(size=3), RNG.normal(size=3), RNG.normal(size=3)
M = RNG.normal(size=(3, 3))
W = RNG.normal(size=(2, 3))


def _sd(v: np.ndarray) -> np.ndarray:  # a deviation: positive, not the sigmoid
    return 0.5 + np.asarray(v, dtype=float) ** 2


def _mean(v: np.ndarray) -> np.ndarray:
    return 0.3 * np.asarray(v, dtype=float) - 0.1


def _sigmoid(v: float) -> float:
    return 1.0 / (1.0 + np.exp(-v))


MS = {"sigma": _sd, "mu": _mean}
BOTH = ["call-beside-function", "sigma-std-beside-mean"]

# (id, source, latex, inputs, plain numpy's value, notes by rule, functions)
MOMENTS = [
    ("zscore-d2l", "d2l sec. 4.10: standardising a feature, with its mean and deviation as calls",
     r"z = \frac{x - \mu(x)}{\sigma(x)}", {"x": A}, (A - _mean(A)) / _sd(A), BOTH, MS),
    ("instance-norm-huang-eq6", "Huang & Belongie (2017) eq. 6: instance normalisation",
     r"\mathrm{IN}(x) = \gamma \left( \frac{x - \mu(x)}{\sigma(x)} \right) + \beta",
     {"x": A, r"\gamma": B, r"\beta": C}, B * (A - _mean(A)) / _sd(A) + C, BOTH, MS),
    ("batch-norm-huang-eq1", "Huang & Belongie (2017) eq. 1: batch normalisation",
     r"\mathrm{BN}(x) = \gamma \left( \frac{x - \mu(x)}{\sigma(x)} \right) + \beta",
     {"x": B, r"\gamma": C, r"\beta": A}, C * (B - _mean(B)) / _sd(B) + A, BOTH, MS),
    ("vae-reparam-kingma", "Kingma & Welling (2014) sec. 2.4: z = μ(x) + σ(x) ε, the encoder's outputs",
     r"z = \mu(x) + \sigma(x) \epsilon", {"x": A, r"\epsilon": D}, _mean(A) + _sd(A) * D, BOTH, MS),
    ("layer-norm-eps-ba", "Ba et al. (2016): layer norm with a stabilising epsilon",
     r"\hat{x} = \frac{x - \mu(x)}{\sigma(x) + \epsilon}", {"x": C, r"\epsilon": 1e-3},
     (C - _mean(C)) / (_sd(C) + 1e-3), BOTH, MS),
    # must not change: μ written alone is a number (Bishop eq. 2.4, the Bernoulli variance); σ alone the sigmoid
    ("bishop-bernoulli-var-kept", "Bishop eq. 2.4: var[x] = μ(1 - μ)", r"v = \mu(1 - \mu)", {r"\mu": 0.3},
     0.3 * 0.7, [], None),
    ("goodfellow-sigmoid-derivative-kept", "Goodfellow et al. sec. 3.10: σ'(x) = σ(x)(1 - σ(x))",
     r"y = \sigma(z)(1 - \sigma(z))", {"z": B}, _sigmoid(B) * (1 - _sigmoid(B)), [], None),
]

FORMS = [
    ("bishop-quadratic-form", "Bishop / Boyd: a quadratic function of a vector", r"y = x^T A x + b^T x + c",
     {"x": X, "A": M, "b": BV, "c": A}, X @ M @ X + BV @ X + A, [], None),
    ("boyd-qp-objective", "Boyd & Vandenberghe eq. 4.34: a QP's objective",
     r"f(x) = \frac{1}{2} x^T P x + q^T x + r", {"x": X, "P": M, "q": BV, "r": B},
     0.5 * X @ M @ X + BV @ X + B, [], None),
    ("nocedal-quadratic-model", "Nocedal & Wright eq. 2.14: the quadratic model of f around x_k",
     r"m = f + g^T p + \frac{1}{2} p^T B p", {"f": C, "g": BV, "p": P, "B": M}, C + BV @ P + 0.5 * P @ M @ P,
     [], None),
    ("bishop-complete-square", "Bishop eq. 2.71: the exponent of a Gaussian, completing the square",
     r"E = -\frac{1}{2} x^T \Lambda x + x^T \Lambda \mu + c", {"x": X, r"\Lambda": M, r"\mu": P, "c": D},
     -0.5 * X @ M @ X + X @ M @ P + D, ["capital-matrix"], None),
    ("goodfellow-bold-quadratic", "Goodfellow et al. sec. 4.3 style: a bold quadratic with a plain constant",
     r"f(\mathbf{x}) = \frac{1}{2}\mathbf{x}^\top \mathbf{A} \mathbf{x} - \mathbf{b}^\top \mathbf{x} + c",
     {r"\mathbf{x}": X, r"\mathbf{A}": M, r"\mathbf{b}": BV, "c": B}, 0.5 * X @ M @ X - BV @ X + B, [], None),
    # must not change: b beside a matrix times a vector is a vector
    ("bold-affine-kept", "Goodfellow et al. eq. 6.x: an affine layer", r"\mathbf{W}\mathbf{x} + \mathbf{b}",
     {r"\mathbf{W}": W, r"\mathbf{x}": X, r"\mathbf{b}": BV[:2]}, W @ X + BV[:2], [], None),
    ("transposed-affine-kept", "Bishop eq. 5.x: W^T x + b, b a vector", r"y = W^T x + b",
     {"W": W.T, "x": X, "b": BV[:2]}, W @ X + BV[:2], None, None),
]

ALL = MOMENTS + FORMS


@pytest.mark.parametrize(("latex", "inputs", "want", "rules", "functions"),
                         [pytest.param(*row[2:], id=row[0]) for row in ALL])
def test_reads_as(latex: str, inputs: dict, want: object, rules: list[str] | None, functions: dict | None) -> None:
    f = symdl.parse(latex)
    assert_reads_as(f, inputs, want, [n.rule for n in f.notes] if rules is None else rules, functions=functions)


def test_plain_affine_kept() -> None:
    """Must not change: Wx + b, b a vector beside the matrix times a vector (noted capital-matrix)."""
    f = symdl.parse(r"Wx + b")
    assert [n.rule for n in f.notes] == ["capital-matrix"]
    assert str(f.shapes["b"]) == "(n_1, 1)"
