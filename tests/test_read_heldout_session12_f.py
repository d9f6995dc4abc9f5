"""Held-out readings (session 12), sixth part: transposes of values, sums of reinforcement learning and sequence
models, and the expectation of a random vector.

- a transpose after a value read whole is its transpose: Bishop's ``\\boldsymbol{\\phi}(\\mathbf{x})^{\\mathrm{T}}``
  (a bold function's value, a column), Goodfellow et al.'s Fletcher-Reeves ``\\nabla_{\\boldsymbol{\\theta}}
  J(\\boldsymbol{\\theta}_t)^\\top`` (the transpose written on J's parenthesis is the gradient's, noted
  ``gradient-transpose``; the gradient at each point written is a value of its own, given by its spelling); a value
  symdl reads as a number is refused;
- ``\\sum_{s', r}`` (Sutton & Barto) is nested sums, one per variable: s' a state numbered 1..N_s, r a reward used
  as a number in the summand, so it runs over the values given for it (``sum-over-values``);
- ``\\sum_{t>1}^{T}`` runs from 2 to T; a one-sided condition with no other bound is refused by name;
- ``\\mathbb{E}`` of a bold estimator, or set equal to another bold vector, is the expectation of a random vector
  (a vector): refused by name; the PyTorch docs' ``\\mathbf{x} - \\mathrm{E}[\\mathbf{x}]`` stays the mean of the
  entries.

Values are checked against plain numpy; the reading notes are asserted by rule.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_reads_as

RNG = np.random.default_rng(1206)
G_T, G_T1 = RNG.normal(size=4), RNG.normal(size=4)  # gradients at θ_t and θ_{t-1}
PHI_X, PHI_X2, W4, D4 = RNG.normal(size=4), RNG.normal(size=4), RNG.normal(size=4), RNG.normal(size=4)
X3, MU3 = RNG.normal(size=3), RNG.normal(size=3)
_A = RNG.normal(size=(3, 3))
SIGMA3 = _A @ _A.T + 3 * np.eye(3)
W23, V2 = RNG.normal(size=(2, 3)), RNG.normal(size=2)
X6 = RNG.normal(size=6)

# a small MDP: 3 states, 2 actions, rewards -1, 0, 2; p(s', r | s, a) sums to 1 over (s', r)
N_S, N_A, REWARDS = 3, 2, np.array([-1.0, 0.0, 2.0])
P_MDP = RNG.uniform(size=(N_S, 3, N_S, N_A))
P_MDP /= P_MDP.sum(axis=(0, 1), keepdims=True)
PI = RNG.uniform(size=(N_A, N_S))
PI /= PI.sum(axis=0, keepdims=True)
V_PI, Q_PI = RNG.normal(size=N_S), RNG.normal(size=(N_S, N_A))
GAMMA = 0.9


def _i(x: object) -> np.ndarray:  # states and actions are numbered from 1
    return np.asarray(x, dtype=int) - 1


def _p(s2: object, r: object, s: object, a: object) -> object:  # r is a reward's value
    return P_MDP[_i(s2), np.searchsorted(REWARDS, np.asarray(r, dtype=float)), _i(s), _i(a)]


MDP_FUNCTIONS = {"p": _p, "pi": lambda a, s: PI[_i(a), _i(s)], r"v_{\pi}": lambda s: V_PI[_i(s)],
                 r"v_*": lambda s: V_PI[_i(s)], r"q_{\pi}": lambda s, a: Q_PI[_i(s), _i(a)]}


def _backup(s: int, a: int, later: np.ndarray) -> float:
    """Σ_{s', r} p(s', r | s, a) [r + γ later(s')], in plain numpy."""
    return float(sum(P_MDP[s2, k, s - 1, a - 1] * (REWARDS[k] + GAMMA * later[s2])
                     for s2 in range(N_S) for k in range(3)))


def _v_expectation(s: int) -> float:
    return float(sum(PI[a, s - 1] * _backup(s, a + 1, V_PI) for a in range(N_A)))


def _q_expectation(s: int, a: int) -> float:
    later = np.array([sum(PI[b, s2] * Q_PI[s2, b] for b in range(N_A)) for s2 in range(N_S)])
    return _backup(s, a, later)


def _grad(latex_point: str) -> str:
    return rf"\nabla_{{\boldsymbol{{\theta}}}}J(\boldsymbol{{\theta}}_{latex_point})"


# ---------------------------------------------------------------------------------------------------------------
# 1. transposes of values

TRANSPOSES = [
    ("goodfellow-fletcher-reeves", "Goodfellow et al., eq. 8.29",
     r"\beta_t = \frac{\nabla_{\boldsymbol{\theta}} J(\boldsymbol{\theta}_t)^\top \nabla_{\boldsymbol{\theta}} "
     r"J(\boldsymbol{\theta}_t)}{\nabla_{\boldsymbol{\theta}} J(\boldsymbol{\theta}_{t-1})^\top "
     r"\nabla_{\boldsymbol{\theta}} J(\boldsymbol{\theta}_{t-1})}",
     {_grad("t"): G_T, _grad("{t-1}"): G_T1}, G_T @ G_T / (G_T1 @ G_T1),
     ["gradient-transpose", "gradient-transpose"]),
    ("goodfellow-polak-ribiere", "Goodfellow et al., eq. 8.30",
     r"\beta_t = \frac{(\nabla_{\boldsymbol{\theta}} J(\boldsymbol{\theta}_t) - \nabla_{\boldsymbol{\theta}} "
     r"J(\boldsymbol{\theta}_{t-1}))^\top \nabla_{\boldsymbol{\theta}} J(\boldsymbol{\theta}_t)}"
     r"{\nabla_{\boldsymbol{\theta}} J(\boldsymbol{\theta}_{t-1})^\top \nabla_{\boldsymbol{\theta}} "
     r"J(\boldsymbol{\theta}_{t-1})}",
     {_grad("t"): G_T, _grad("{t-1}"): G_T1}, (G_T - G_T1) @ G_T / (G_T1 @ G_T1), ["gradient-transpose"]),
    ("first-order-change", "the first-order term of a Taylor expansion, the gradient at the point transposed",
     r"\Delta = \nabla_{\boldsymbol{x}} f(\boldsymbol{x})^\top \boldsymbol{d}",
     {r"\nabla_{\boldsymbol{x}}f(\boldsymbol{x})": G_T, r"\boldsymbol{d}": D4}, G_T @ D4,
     ["gradient-transpose", "function-number"]),
    ("bishop-kernel", "Bishop, eq. 6.1: a kernel as an inner product of basis-function vectors",
     r"k(\mathbf{x}, \mathbf{x}') = \boldsymbol{\phi}(\mathbf{x})^{\mathrm{T}} \boldsymbol{\phi}(\mathbf{x}')",
     {r"\boldsymbol{\phi}(\mathbf{x})": PHI_X, r"\boldsymbol{\phi}(\mathbf{x}')": PHI_X2}, PHI_X @ PHI_X2,
     ["function-vector", "function-vector"]),
    ("basis-row-times-weights", "Bishop's linear model written with the basis vector first",
     r"y = \boldsymbol{\phi}(\mathbf{x})^{\mathrm{T}} \mathbf{w}",
     {r"\boldsymbol{\phi}(\mathbf{x})": PHI_X, r"\mathbf{w}": W4}, PHI_X @ W4, ["function-vector"]),
    ("goodfellow-gaussian-exponent", "Goodfellow et al., eq. 3.23: the exponent of a multivariate normal",
     r"E = -\frac{1}{2} (\boldsymbol{x} - \boldsymbol{\mu})^\top \boldsymbol{\Sigma}^{-1} (\boldsymbol{x} - "
     r"\boldsymbol{\mu})", {r"\boldsymbol{x}": X3, r"\boldsymbol{\mu}": MU3, r"\boldsymbol{\Sigma}": SIGMA3},
     -0.5 * (X3 - MU3) @ np.linalg.solve(SIGMA3, X3 - MU3), []),
    ("bracketed-product", "a parenthesised product transposed (as before)",
     r"z = (\mathbf{W}\mathbf{x})^\top \mathbf{v}", {r"\mathbf{W}": W23, r"\mathbf{x}": X3, r"\mathbf{v}": V2},
     (W23 @ X3) @ V2, []),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [c[2:] for c in TRANSPOSES],
                         ids=[c[0] for c in TRANSPOSES])
def test_transpose_of_a_value(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


def test_gradient_transpose_shapes_and_spellings() -> None:
    """The gradient at θ_t is shaped as θ (its point too), one value per point, the note quoting the gradient."""
    formula = symdl.parse(TRANSPOSES[0][2])
    shapes = {k: tuple(str(d) for d in v) for k, v in formula.shapes.items()}
    assert shapes[r"theta_t"] == shapes["theta"] == shapes["theta_{t-1}"]
    assert {_grad("t"), _grad("{t-1}")} <= set(symdl.lambdify(formula).spellings)
    assert r"\nabla_{\boldsymbol{\theta}} J(\boldsymbol{\theta}_t) (a row)" in formula.notes[0].message


#: (a capital's function transposed, y = F(x)^\top w, is read since session 51: tests/test_read_s56.py)
TRANSPOSE_REFUSALS = [
    ("plain-gradient-transposed", r"\beta = \frac{\nabla_\theta J(\theta_t)^\top \nabla_\theta J(\theta_t)}{2}",
     r"\nabla_\theta J(\theta_t)^\top", "the transpose of a value symdl does not read as a vector or matrix"),
    ("bishop-normal-equations", r"0 = \sum_{n=1}^{N} t_n \boldsymbol{\phi}(\mathbf{x}_n)^{\mathrm{T}} - "
     r"\mathbf{w}^{\mathrm{T}} \left( \sum_{n=1}^{N} \boldsymbol{\phi}(\mathbf{x}_n) "
     r"\boldsymbol{\phi}(\mathbf{x}_n)^{\mathrm{T}} \right)", r"\boldsymbol{\phi}(\mathbf{x}_n)",
     "the transpose of an entry of a family"),  # phi(x_n) is a family's member since session 18: its transpose
    ("number-transposed", r"s = 2^\top", r"\top", r"the superscript '\\top' on this part"),
]


@pytest.mark.parametrize(("latex", "where", "message"), [c[1:] for c in TRANSPOSE_REFUSALS],
                         ids=[c[0] for c in TRANSPOSE_REFUSALS])
def test_transpose_refused_where_written(latex: str, where: str, message: str) -> None:
    with pytest.raises(symdl.NotSupported, match=message) as info:
        symdl.parse(latex)
    assert latex[info.value.span.start : info.value.span.end].startswith(where)


# ---------------------------------------------------------------------------------------------------------------
# 2. sums over several variables, over values, and from a one-sided start

BELLMAN = [
    ("sutton-barto-bellman-v", "Sutton & Barto, eq. 3.14",
     r"v_\pi(s) = \sum_a \pi(a|s) \sum_{s', r} p(s', r | s, a) [r + \gamma v_\pi(s')]", {"s": 2},
     _v_expectation(2), ["sum-several-indices", "sum-over-values"]),
    ("sutton-barto-bellman-q", "Sutton & Barto, eq. 3.17 (the Bellman equation for q_π)",
     r"q_\pi(s, a) = \sum_{s', r} p(s', r | s, a) [r + \gamma \sum_{a'} \pi(a'|s') q_\pi(s', a')]",
     {"s": 3, "a": 1}, _q_expectation(3, 1), ["sum-several-indices", "sum-over-values"]),
    ("sutton-barto-optimality-v", "Sutton & Barto, eq. 3.19",
     r"v_*(s) = \max_a \sum_{s', r} p(s', r | s, a) [r + \gamma v_*(s')]", {"s": 1},
     max(_backup(1, a, V_PI) for a in (1, 2)), ["max-over-argument", "sum-several-indices", "sum-over-values"]),
    ("sutton-barto-nested-sums", "Sutton & Barto's backup with the two sums written apart",
     r"u(s, a) = \sum_{s'} \sum_{r} p(s', r | s, a) [r + \gamma v_\pi(s')]", {"s": 2, "a": 2},
     _backup(2, 2, V_PI), ["sum-over-values"]),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [c[2:] for c in BELLMAN], ids=[c[0] for c in BELLMAN])
def test_bellman_equations_against_numpy(latex: str, inputs: dict, want: float, rules: list[str]) -> None:
    """States and actions are numbered from 1 (their counts given as N_s, N_a); the rewards' values are the array r;
    the value function on the right is given as a function, as Q is in the Q-learning rows."""
    formula = symdl.parse(latex)
    assert [n.rule for n in formula.notes] == rules
    names = {str(f.func) for f in formula.statements[-1].rhs.atoms(symdl.formula.sympy.Function)}
    f = symdl.lambdify(formula, functions={k: v for k, v in MDP_FUNCTIONS.items() if k in names})
    counts = {"N_a": N_A} if "N_a" in f.spellings else {}  # the number of actions, where a sum runs over them
    got = f(**inputs, **counts, **{r"\gamma": GAMMA, "r": REWARDS, "N_s": N_S})
    np.testing.assert_allclose(float(np.asarray(got)), want, rtol=1e-12)


def test_sum_over_a_primed_state_mentions_it() -> None:
    """``\\sum_{s'} p(s'|s, a) v(s')`` uses s': no 'sum-constant' note (it said the summand did not mention s')."""
    formula = symdl.parse(r"u(s, a) = \sum_{s'} p(s' | s, a) v(s')")
    assert [n.rule for n in formula.notes] == []


SUMS = [
    ("discrete-mean", "the mean of a discrete variable, a sum over its values", r"\bar{r} = \sum_{r} r \, p(r)",
     ["sum-over-values"]),
    ("steps-after-the-first", "a sum over the steps after the first", r"L = \sum_{t>1}^{T} x_t", []),
    ("steps-from-the-second", "the same start written with \\geq", r"L = \sum_{t \geq 2}^{T} x_t", []),
    ("start-written-first", "the start on the left of the index", r"L = \sum_{1 < t}^{T} x_t", []),
    ("discounted-return", "a discounted return from the first step (k > 0)", r"G = \sum_{k>0}^{T} \gamma^k x_k", []),
]


def _sum_value(case: str) -> tuple[dict, float]:
    probs = np.array([0.2, 0.5, 0.3])
    return {
        "discrete-mean": ({"r": REWARDS}, float(REWARDS @ probs)),
        "steps-after-the-first": ({"x": X6, "T": 6}, float(X6[1:].sum())),
        "steps-from-the-second": ({"x": X6, "T": 5}, float(X6[1:5].sum())),
        "start-written-first": ({"x": X6, "T": 6}, float(X6[1:].sum())),
        "discounted-return": ({"x": X6, "T": 4, r"\gamma": 0.9}, float(sum(0.9**k * X6[k - 1] for k in range(1, 5)))),
    }[case]


@pytest.mark.parametrize(("case", "latex", "rules"), [(c[0], c[2], c[3]) for c in SUMS], ids=[c[0] for c in SUMS])
def test_sums_against_numpy(case: str, latex: str, rules: list[str]) -> None:
    inputs, want = _sum_value(case)
    formula = symdl.parse(latex)
    assert [n.rule for n in formula.notes] == rules
    functions = {"p": lambda r: np.select([np.isclose(r, v) for v in REWARDS], [0.2, 0.5, 0.3])} if "p(" in latex \
        else None
    got = symdl.lambdify(formula, functions=functions)(**inputs)
    np.testing.assert_allclose(float(np.asarray(got)), want, rtol=1e-12)


def test_sum_over_values_only_where_the_letter_is_inside() -> None:
    """Labels a function is applied to stay numbered from 1 (``\\sum_a \\pi(a|s) q(s, a)``), and a sum over a set
    (PyTorch's LPPool ``\\sum_{x \\in X} x^p``) keeps its own reading."""
    labels = symdl.parse(r"v(s) = \sum_a \pi(a|s) q(s, a)")
    assert [n.rule for n in labels.notes] == []
    assert "N_a" in str(labels.statements[0].rhs)
    pool = symdl.parse(r"f(X) = \sqrt[p]{\sum_{x \in X} x^{p}}")
    assert "sum-over-values" not in [n.rule for n in pool.notes]


ONE_SIDED_REFUSALS = [
    ("no-end-written", r"L = \sum_{t>1} x_t", r"a condition on its index \(t>1\) and no end written"),
    ("pairs", r"L = \sum_{i < n} a_i", r"between two letters \(i < n\): an end with no start, or a sum over pairs"),
    ("end-only", r"L = \sum_{i \le n} x_i", "a condition on its index"),
    ("end-only-number", r"L = \sum_{t < 5}^{T} x_t", "gives only its end"),
]


@pytest.mark.parametrize(("latex", "message"), [c[1:] for c in ONE_SIDED_REFUSALS],
                         ids=[c[0] for c in ONE_SIDED_REFUSALS])
def test_one_sided_condition_refused_with_a_hint(latex: str, message: str) -> None:
    with pytest.raises(symdl.NotSupported, match=message) as info:
        symdl.parse(latex)
    assert latex[info.value.span.start :].startswith(r"\sum")
    assert r"\sum_{" in info.value.hint


# ---------------------------------------------------------------------------------------------------------------
# 3. the expectation of a random vector

VECTOR_EXPECTATIONS = [
    ("goodfellow-bias", "Goodfellow et al., eq. 5.20",
     r"\mathrm{bias}(\hat{\boldsymbol{\theta}}_m) = \mathbb{E}(\hat{\boldsymbol{\theta}}_m) - \boldsymbol{\theta}",
     r"\mathbb{E}(\hat{\boldsymbol{\theta}}_m)", "the estimator"),
    ("goodfellow-unbiased", "Goodfellow et al., eq. 5.21",
     r"\mathbb{E}(\hat{\boldsymbol{\theta}}_m) = \boldsymbol{\theta}", r"\mathbb{E}(\hat{\boldsymbol{\theta}}_m)",
     "the estimator"),
    ("bishop-gaussian-mean", "Bishop, eq. 2.59", r"\mathbb{E}[\mathbf{x}] = \boldsymbol{\mu}", r"\mathbb{E}[\mathbf{x}]",
     r"set equal to the vector \\boldsymbol\{\\mu\}"),
    ("mean-vector-defined", "a mean vector defined as an expectation",
     r"\boldsymbol{\mu} = \mathbb{E}[\mathbf{x}]", r"\mathbb{E}[\mathbf{x}]", "set equal to the vector"),
]


@pytest.mark.parametrize(("latex", "where", "why"), [c[2:] for c in VECTOR_EXPECTATIONS],
                         ids=[c[0] for c in VECTOR_EXPECTATIONS])
def test_expectation_of_a_random_vector_refused_by_name(latex: str, where: str, why: str) -> None:
    with pytest.raises(symdl.NotSupported, match="the expectation of a random vector") as info:
        symdl.parse(latex)
    assert latex[info.value.span.start : info.value.span.end] == where
    assert re.search(why, str(info.value))
    assert "not the mean of its entries" in str(info.value)


MEANS_OF_ENTRIES = [
    ("pytorch-layernorm-centre", r"\mathbf{y} = \mathbf{x} - \mathrm{E}[\mathbf{x}]", {r"\mathbf{x}": X6},
     X6 - X6.mean(), ["expectation-mean"]),
    ("scalar-mean-of-a-vector", r"\mu = \mathbb{E}[\mathbf{x}]", {r"\mathbf{x}": X6}, X6.mean(), ["expectation-mean"]),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [c[1:] for c in MEANS_OF_ENTRIES],
                         ids=[c[0] for c in MEANS_OF_ENTRIES])
def test_mean_of_entries_kept(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)
