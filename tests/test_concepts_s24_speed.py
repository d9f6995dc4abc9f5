"""Session 24, issue 15 (speed): what the faster paths must keep.

* The step counter (symdl.budget.counted) counts the same calls as before, exactly, and stops at the same one.
* The initialisation recognisers skip the cancel of a ratio whose numerator keeps a name its denominator lacks
  (no cancelled form of it is a number over a fan): every initialisation still named, the means of sums they
  were cancelling (and expanding) not named as one.
* A trace of matrices (``\\mathbf{w} \\cdot \\mathbf{x}`` is ``Trace(w.T*x)``) is an opaque part of an equivalence test:
  ``\\max(0, w·x + b)`` stays ReLU without a symbolic cancel per activation template, and ``1/(1 + e^{-w^T x})`` is
  now named sigmoid (it was a miss).
* Reading and explaining never import numpy (cold start); a numeric kernel imports it when it runs.

Values are checked against plain numpy (symdl.parse + symdl.lambdify); no test here asserts a time.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import symdl
from symdl.budget import Budgets, counted, counting, metered

ROOT = Path(__file__).resolve().parents[1]


# --- the step counter ------------------------------------------------------------------------------------------
def _one() -> int:
    return 1


def _calls(n: int) -> int:
    """Makes exactly ``n`` Python calls, itself included."""
    return 1 + sum(_one() for _ in range(n - 1) if True)  # a generator's own frame is not counted, its calls are


def _run(n: int, steps: int) -> tuple[object, bool, dict[str, int]]:
    with metered(Budgets(), None) as account:
        value, gave_up = counted(lambda: _calls(n), steps=steps)
        return value, gave_up, dict(account.spent)


@pytest.mark.parametrize(("n", "steps", "gives_up"), [
    (10, 11, False),  # the lambda and its 10 calls: 11 steps, allowed
    (10, 10, True),  # one short: stopped at the 11th call
    (500, 501, False),
    (500, 500, True),
    (5000, 5001, False),  # past the backstop's clock look (every 4096 counted steps)
    (5000, 4500, True),
], ids=["10-fits", "10-one-short", "500-fits", "500-one-short", "5000-past-clock-look", "5000-stopped"])
def test_counter_counts_each_call_and_stops_at_the_allowance(n: int, steps: int, gives_up: bool) -> None:
    value, gave_up, spent = _run(n, steps)
    assert gave_up is gives_up
    assert value == (None if gives_up else n)
    assert spent["work"] == (steps + 1 if gives_up else n + 1)  # a stop is the call past the allowance


def test_counting_is_seen_inside_and_not_outside() -> None:
    with metered(Budgets(), None):
        inside, _ = counted(counting)
    assert inside is True
    assert counting() is False


@pytest.mark.parametrize(("inner_n", "inner_steps", "outer_steps", "expected"), [
    (50, 100, 10_000, (50, False)),  # the nested one fits its own allowance
    (500, 100, 10_000, (None, True)),  # the nested one stops at its own allowance; the outer goes on
], ids=["nested-fits", "nested-stopped-outer-goes-on"])
def test_nested_counts_are_counted_once_by_the_outer(inner_n: int, inner_steps: int, outer_steps: int,
                                                      expected: tuple[object, bool]) -> None:
    def outer() -> tuple[object, bool]:
        inner = counted(lambda: _calls(inner_n), steps=inner_steps)
        _calls(20)
        return inner

    with metered(Budgets(), None) as account:
        (inner, outer_gave_up) = counted(outer, steps=outer_steps)
    assert outer_gave_up is False
    assert inner == expected
    assert account.spent["work"] < outer_steps  # the inner steps were not charged twice


def test_a_stop_in_the_outer_allowance_stops_the_outer() -> None:
    def outer() -> object:
        return counted(lambda: _calls(400), steps=1000)

    with metered(Budgets(), None):
        assert counted(outer, steps=100) == (None, True)


# --- initialisation, and the means of sums it no longer cancels ---------------------------------------------------
INIT_ROWS = [
    ("glorot-uniform", "Glorot & Bengio 2010 eq. (16)",
     r"W \sim U\left[-\sqrt{\frac{6}{n_{in}+n_{out}}}, \sqrt{\frac{6}{n_{in}+n_{out}}}\right]", "xavier_init"),
    ("glorot-variance", "Glorot & Bengio 2010 eq. (12)", r"\mathrm{Var}(W) = \frac{2}{n_{in} + n_{out}}", "xavier_init"),
    ("he-std", "He et al. 2015 §2.2", r"\sigma = \sqrt{2/n_l}", "he_init"),
    ("pytorch-xavier-std", "PyTorch nn.init.xavier_normal_",
     r"\text{std} = \text{gain} \times \sqrt{\frac{2}{\text{fan\_in} + \text{fan\_out}}}", "xavier_init"),
    ("pytorch-kaiming-bound", "PyTorch nn.init.kaiming_uniform_",
     r"\text{bound} = \text{gain} \times \sqrt{\frac{3}{\text{fan\_mode}}}", "he_init"),
    ("pytorch-leaky-gain", "PyTorch nn.init.calculate_gain (leaky_relu)", r"\sqrt{\frac{2}{1 + \alpha^2}}", "he_init"),
]


@pytest.mark.parametrize(("source", "latex", "concept"), [r[1:] for r in INIT_ROWS], ids=[r[0] for r in INIT_ROWS])
def test_initialisations_are_still_named(source: str, latex: str, concept: str) -> None:
    assert concept in symdl.explain(latex).concepts


MEANS = [
    ("mse", "Ng's deep learning course, cost of linear regression", r"\frac{1}{n} \sum_{i=1}^n (y_i - \tilde{y}_i)^2",
     "mse", {"y": np.array([1.0, 2.0, 4.0]), r"\tilde{y}": np.array([1.5, 2.0, 3.0]), "n": 3},
     np.mean((np.array([1.0, 2.0, 4.0]) - np.array([1.5, 2.0, 3.0])) ** 2)),
    ("cost-J", "Ng's deep learning course, logistic regression cost",
     r"-\frac{1}{m} \sum_{i=1}^m \left( y_i \log a_i + (1-y_i) \log(1-a_i) \right)", "binary_cross_entropy",
     {"y": np.array([1.0, 0.0]), "a": np.array([0.8, 0.3]), "m": 2},
     -np.mean(np.array([1.0, 0.0]) * np.log([0.8, 0.3]) + (1 - np.array([1.0, 0.0])) * np.log(1 - np.array([0.8, 0.3])))),
    ("gain-over-n", "must not change: a gain over a count is no square root of a fan", r"\text{gain}/n", None,
     {r"\text{gain}": 2.0, "n": 4.0}, 0.5),
]


@pytest.mark.parametrize(("source", "latex", "concept", "inputs", "expected"), [r[1:] for r in MEANS],
                         ids=[r[0] for r in MEANS])
def test_means_of_sums_keep_their_names_and_values(source: str, latex: str, concept: str | None,
                                                   inputs: dict[str, object], expected: float) -> None:
    found = symdl.explain(latex).concepts
    assert "xavier_init" not in found and "he_init" not in found
    if concept is not None:
        assert concept in found
    value = symdl.lambdify(symdl.parse(latex))(**inputs)
    np.testing.assert_allclose(float(np.asarray(value, dtype=float)), expected, rtol=1e-12)


# --- dot products inside activations ------------------------------------------------------------------------------
W = np.array([0.3, -1.2, 0.5])
X = np.array([1.1, 0.4, -0.7])
DOTS = [
    ("nielsen-relu-bold-dot", "Nielsen ch.3, written with bold vectors", r"\max(0, \mathbf{w} \cdot \mathbf{x}+b)",
     "relu", {r"\mathbf{w}": W, r"\mathbf{x}": X, "b": 0.1}, max(0.0, W @ X + 0.1)),
    ("sigmoid-neuron", "Nielsen ch.1 eq. (3)-(4), a sigmoid neuron", r"\sigma(\mathbf{w} \cdot \mathbf{x} + b)",
     "sigmoid", {r"\mathbf{w}": W, r"\mathbf{x}": X, "b": 0.1}, 1 / (1 + np.exp(-(W @ X + 0.1)))),
    ("logistic-regression-exp", "Goodfellow §5.7.1, the logistic sigmoid of w^T x written out",
     r"\frac{1}{1 + e^{-\mathbf{w}^T \mathbf{x}}}", "sigmoid", {r"\mathbf{w}": W, r"\mathbf{x}": X},
     1 / (1 + np.exp(-(W @ X)))),
    ("tanh-unit", "Goodfellow §6.3.3, a tanh unit", r"\tanh(\mathbf{w} \cdot \mathbf{x})", "tanh",
     {r"\mathbf{w}": W, r"\mathbf{x}": X}, np.tanh(W @ X)),
    ("swish-of-dot", "must not change: x·σ(x) of a dot product is no ReLU nor GELU",
     r"\mathbf{w} \cdot \mathbf{x} \, \sigma(\mathbf{w} \cdot \mathbf{x})", None,
     {r"\mathbf{w}": W, r"\mathbf{x}": X}, (W @ X) / (1 + np.exp(-(W @ X)))),
]


@pytest.mark.parametrize(("source", "latex", "concept", "inputs", "expected"), [r[1:] for r in DOTS],
                         ids=[r[0] for r in DOTS])
def test_activations_of_dot_products(source: str, latex: str, concept: str | None, inputs: dict[str, object],
                                     expected: float) -> None:
    found = symdl.explain(latex).concepts
    if concept is not None:
        assert concept in found
    else:
        assert not {"relu", "gelu"} & set(found)
    value = symdl.lambdify(symdl.parse(latex))(**inputs)
    np.testing.assert_allclose(float(np.asarray(value, dtype=float)), expected, rtol=1e-12)


# --- cold start ---------------------------------------------------------------------------------------------------
def test_explaining_does_not_import_numpy_and_a_kernel_does() -> None:
    script = ("import sys, symdl\n"
              r"symdl.explain(r'\frac{e^{z_i}}{\sum_{j=1}^{n} e^{z_j}}')" "\n"
              "print('numpy' in sys.modules)\n"
              "from symdl.activation_forms import sigmoid_kernel\n"
              "print(float(sigmoid_kernel(0.0)), 'numpy' in sys.modules)\n")
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True,
                          env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}, timeout=300)
    assert proc.stdout.split() == ["False", "0.5", "True"]
