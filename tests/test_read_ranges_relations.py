"""Ranges as conditions and ≃ as a relation (session 12, from a held-out sweep): JAX's sparse_plus and
sparse_sigmoid write a row's condition as a range ``-1 < x < 1``, refused as a chained comparison; Bishop's Laplace
approximation ``\\ln p(\\mathcal{D}) \\simeq ...`` was 'an unknown command'.  Each row: the formula as its source
writes it, seeded inputs and plain numpy's value."""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_reads_as

XS = np.array([-2.5, -1.0, -0.3, 0.0, 0.7, 1.0, 3.2])


def _numpy_sparse_plus(x: np.ndarray) -> np.ndarray:
    return np.where(x <= -1, 0.0, np.where(x < 1, (x + 1) ** 2 / 4, x))


CASES = [
    ("jax-sparse-plus", "the JAX docs, jax.nn.sparse_plus",
     r"\mathrm{sparse\_plus}(x) = \begin{cases} 0, & x \leq -1\\ \frac{1}{4}(x+1)^2, & -1 < x < 1 \\ x, & 1 \leq x "
     r"\end{cases}", _numpy_sparse_plus),
    ("jax-sparse-sigmoid", "the JAX docs, jax.nn.sparse_sigmoid",
     r"\mathrm{sparse\_sigmoid}(x) = \begin{cases} 0, & x \leq -1\\ \frac{1}{2}(x+1), & -1 < x < 1 \\ 1, & 1 \leq x "
     r"\end{cases}", lambda x: np.clip((x + 1) / 2, 0, 1)),
    ("jax-hard-tanh", "the JAX docs, jax.nn.hard_tanh", r"\mathrm{hard\_tanh}(x) = \begin{cases} -1, & x < -1\\ x, & "
     r"-1 \le x \le 1\\ 1, & 1 < x \end{cases}", lambda x: np.clip(x, -1, 1)),
    ("hard-sigmoid-range-in-words", "the PyTorch docs, nn.Hardsigmoid", r"\text{Hardsigmoid}(x) = \begin{cases} 0 & "
     r"\text{if~} x \le -3, \\ 1 & \text{if~} x \ge +3, \\ x / 6 + 1 / 2 & \text{otherwise} \end{cases}",
     lambda x: np.clip(x / 6 + 0.5, 0, 1)),
    ("range-row-first", "a window function with its range row first",
     r"w(x) = \begin{cases} 1 - |x| & -1 < x < 1 \\ 0 & \text{otherwise} \end{cases}",
     lambda x: np.where(np.abs(x) < 1, 1 - np.abs(x), 0.0)),
]


@pytest.mark.parametrize(("latex", "want"), [r[2:] for r in CASES], ids=[r[0] for r in CASES])
def test_a_range_is_a_condition(latex: str, want: object) -> None:
    f = symdl.lambdify(symdl.parse(latex))
    got = np.array([float(f(x=float(x))) for x in XS])
    np.testing.assert_allclose(got, want(XS), rtol=1e-12)


def test_comparisons_in_two_directions_stay_refused() -> None:
    with pytest.raises(symdl.NotSupported, match="chained comparison"):
        symdl.parse(r"f(x) = \begin{cases} 1 & 0 < x > 1 \\ 0 & \text{otherwise} \end{cases}")


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [
    (r"y \simeq \frac{1}{2} \ln(2\pi) - \frac{1}{2} \ln |\mathbf{A}|",
     {r"\mathbf{A}": np.array([[2.0, 0.3], [0.1, 1.5]])},
     0.5 * np.log(2 * np.pi) - 0.5 * np.log(np.linalg.det([[2.0, 0.3], [0.1, 1.5]])),
     ["approx-as-equals", "abs-determinant"]),
    ("y \u2243 x^2 + 1", {"x": 1.5}, 3.25, ["approx-as-equals"]),
], ids=["bishop-laplace-evidence-term", "unicode-simeq"])
def test_simeq_is_an_approximate_equality(latex: str, inputs: dict, want: float, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


XT = np.array([0.3, -1.2, 0.8, 2.0, -0.5])


@pytest.mark.parametrize(("latex", "inputs", "want"), [
    (r"L = \sum_{t=2}^{T} (x_t - x_{t-1})^2", {"x": XT, "T": 5}, np.sum(np.diff(XT) ** 2)),
    (r"\mathrm{TV} = \sum_{t=1}^{T-1} |x_{t+1} - x_t|", {"x": XT, "T": 5}, np.sum(np.abs(np.diff(XT)))),
    (r"\mathbf{h}^{(t)} = \tanh(\mathbf{W}\mathbf{h}^{(t-1)}), \quad L = \sum_{t=1}^{T} (y_t - \hat{y}_t)^2",
     None, None),
], ids=["smoothness-penalty", "total-variation", "steps-outside-a-sum-stay-steps"])
def test_steps_under_a_sum_over_their_letter_are_a_family(latex: str, inputs: dict | None, want: float) -> None:
    """x_t and x_{t-1} are one quantity at two steps (an update's θ_t, θ_{t-1}), but under \\sum_t they are the entries
    x[t] and x[t-1] of a sequence: they were two fixed names, so the sum was T-1 copies of one number."""
    formula = symdl.parse(latex)
    if inputs is None:  # h^{(t)}, h^{(t-1)} of the recurrence are not indexed by the loss's sum over t
        assert formula.statements[0].kind == "update"
        return
    assert float(symdl.lambdify(formula)(**inputs)) == pytest.approx(want, rel=1e-12)
