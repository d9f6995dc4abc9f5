"""|S| of a set or sequence is its size (session 26, issue 12).

A name written only inside bars and passed whole to an unknown function of samples (named by a word, a Greek letter or
a subscripted letter: SimPO's ``\\pi_\\theta(y_w|x)``, ECE's ``\\mathrm{acc}(B_m)``) is a sample, sequence or set:
``|y_w|`` is its size, a positive count of its own (``n_{y_w}``; of a family ``n_{B}`` per member), noted
``size-of-argument``.  Near misses keep their old reading.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import symdl

RNG = np.random.default_rng(26)
B = RNG.uniform(0.05, 0.95, size=4)
NB = np.array([3, 5, 2, 7])

SIMPO = (r"L = \frac{\beta}{|y_w|}\log\pi_\theta(y_w|x) - \frac{\beta}{|y_l|}\log\pi_\theta(y_l|x)")
ECE = r"\mathrm{ECE} = \sum_{m=1}^{M} \frac{|B_m|}{n}\left|\mathrm{acc}(B_m) - \mathrm{conf}(B_m)\right|"


def _pi(y: Any, x: Any) -> Any:
    return y * x


# (id, source, latex, functions, arguments, plain numpy's value, the notes' rule names)
VALUES: list[tuple[str, str, str, dict[str, Any], dict[str, Any], Any, list[str]]] = [
    ("simpo-reward", "SimPO (Meng et al. 2024), the length-normalised reward margin", SIMPO,
     {"pi_{\\theta}": _pi}, {"\\beta": 0.1, "y_w": 0.5, "x": 0.8, "y_l": 0.3, "n_{y_w}": 7, "n_{y_l}": 4},
     0.1 * np.log(0.4) / 7 - 0.1 * np.log(0.24) / 4, ["size-of-argument", "size-of-argument"]),
    ("ece", "expected calibration error (Guo et al. 2017, eq. 3)", ECE, {"acc": np.sin, "conf": np.cos},
     {"B": B, "n_{B}": NB, "n": 17, "M": 4}, np.sum(NB / 17 * np.abs(np.sin(B) - np.cos(B))), ["size-of-argument"]),
    ("word-callee", "a per-sequence score normalised by its length, as papers write it",
     r"s = \frac{1}{|y|}\mathrm{score}(y)", {"score": np.exp}, {"y": 0.4, "n_{y}": 5}, np.exp(0.4) / 5,
     ["size-of-argument"]),
    # must-not-change: near misses keep their old reading
    ("abs-difference", "Lipschitz bound, |x - y| a number", r"d = |x - y|", {}, {"x": 0.3, "y": 1.1}, 0.8, []),
    ("abs-beside-square", "elastic net penalty: |w| beside w^2", r"r = a|w| + b w^2", {},
     {"a": 0.5, "b": 2.0, "w": -1.5}, 0.75 + 4.5, []),
    ("one-letter-callee", "a bound on a function of a number: h(x) beside |x|", r"r = |x| + h(x)", {"h": np.tanh},
     {"x": -0.7}, 0.7 + np.tanh(-0.7), []),
    ("definition-parameter", "a function defined by bars: its parameter is a number",
     r"\mathrm{mae}(x) = |x|", {}, {"x": -0.7}, 0.7, []),
    ("known-callee", "a known function of the name: a number", r"r = |x| \sigma(x)", {}, {"x": -0.7},
     0.7 / (1 + np.exp(0.7)), []),
    ("norm", "the Euclidean norm of a vector", r"r = \|\mathbf{x}\|", {}, {"\\mathbf{x}": np.array([3.0, 4.0])},
     5.0, []),
    ("minibatch-mean", "d2l's minibatch mean: |B| of a set a sum runs over stays the sum's length",
     r"m = \frac{1}{|\mathcal{B}|}\sum_{i \in \mathcal{B}} x_i", {}, {"x": B}, B.mean(), ["sum-over-set"]),
]


@pytest.mark.parametrize(("latex", "functions", "args", "expected", "rules"), [c[2:] for c in VALUES],
                         ids=[c[0] for c in VALUES])
def test_value(latex: str, functions: dict[str, Any], args: dict[str, Any], expected: Any, rules: list[str]) -> None:
    f = symdl.parse(latex)
    got = symdl.lambdify(f, functions=functions or None)(**args)
    np.testing.assert_allclose(np.asarray(got, dtype=float), expected, rtol=1e-12)
    assert sorted(n.rule for n in f.notes if n.rule in ("size-of-argument", "sum-over-set")) == sorted(rules)


def test_note_names_the_input() -> None:
    f = symdl.parse(SIMPO)
    notes = [n for n in f.notes if n.rule == "size-of-argument"]
    assert "n_{y_w}" in notes[0].message and "n_{y_l}" in notes[1].message
    assert SIMPO[notes[0].span.start : notes[0].span.end] == "y_w"


# must-not-change rows whose reading is not a value check: |\Sigma| of the quadratic form's matrix (since session 39
# \Sigma^{-1} between x^T and x is the covariance matrix, so |\Sigma| its determinant), Adam's bound
KEPT = [
    ("determinant", "Bishop (2.43): |\\Sigma| of a covariance matrix",
     r"p = \frac{1}{|\Sigma|^{1/2}} \exp(-\frac{1}{2}\mathbf{x}^T \Sigma^{-1} \mathbf{x})", "Determinant(Sigma)"),
    ("adam-bound", "Kingma & Ba 2.1: the effective step's bound", r"|\Delta_t| \le \alpha", "Abs"),
]


@pytest.mark.parametrize(("latex", "shown"), [c[2:] for c in KEPT], ids=[c[0] for c in KEPT])
def test_kept(latex: str, shown: str) -> None:
    f = symdl.parse(latex)
    assert shown in repr(f)
    assert not [n for n in f.notes if n.rule == "size-of-argument"]
