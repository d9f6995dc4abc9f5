r"""Session 51, from the classes held-out set 55 still refused or misread: each a rule with its note (or a README row
where the reading is no guess), checked by value against plain numpy where the formula has a value, and by its
reading and note where it states a relation.

* RL's Bellman targets inside an expression: Szepesvári's ``\max_b Q^*(y, b)`` over an action-value function's
  argument (before: refused as an objective), tabular Q-learning's ``\max_{a'} Q_{s',a'}`` beside ``Q_{s,a}`` (the
  table's entries; before: refused, then ``Q_{s'}`` a family of its own).
* Indicators: of a membership ``\mathbb{1}(i \in S)``, Recall@K's ``\mathbb{1}[r_i \in R]`` (the set's 0/1 mask at the
  value, ``indicator-membership``); of several conditions, Szepesvári's ``\mathbb{I}_{\{x = X_t, a = A_t\}}`` (their
  product) — before: refused.
* The discounted return ``\sum_{k \ge 0} \gamma^k R_{t+k+1}``: to infinity (``sum-unbounded``; before: refused).
* Hamilton's GNN layer ``W_l \sum_{u \in N(v)} h_u^{(l)} / |N(v)| + B_l h_v^{(l)}``: the member after the matrix makes
  the family vectors from the start (before: refused).
* Conditional expectations, Sutton & Barto's ``\mathbb{E}_\pi[G_t \mid S_t = s]``, Bishop's ``\mathbb{E}_t[t \mid
  \mathbf{x}]``: a function of the condition, read and explained, not evaluated (``expectation-conditional``; before:
  refused).
* Potential outcomes ``Y(1) - Y(0)`` (``call-at-number``; before: Y·1 - Y·0 = Y, silently); ``\mathrm{CATE}(x) =
  \mu_1(x) - \mu(x)`` (``call-of-defined-parameter``); ``ATE = ...`` one name (``acronym-left-side``).
* A preamble's ``\norm{x}`` and ``\abs{x}`` macros: the norm and the absolute value (before: an unknown command).
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_refused_at, assert_shown_noted, assert_values_noted

RNG = np.random.default_rng(5151)
W23, B23, H43 = RNG.normal(size=(2, 3)), RNG.normal(size=(2, 3)), RNG.normal(size=(4, 3))
ADJ = np.array([[0, 1, 1, 0], [1, 0, 0, 1], [1, 0, 0, 1], [0, 1, 1, 0]], dtype=float)
X5, MASK5 = RNG.normal(size=5), np.array([1.0, 0.0, 1.0, 1.0, 0.0])
Y4, YHAT4 = RNG.normal(size=4), RNG.normal(size=4)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-z))


def _graphsage_mean() -> np.ndarray:
    return np.array([_sigmoid(W23 @ (ADJ[v] @ H43) / ADJ[v].sum() + B23 @ H43[v]) for v in range(4)])


#: (id, latex, arguments, statement → plain numpy's value, notes, unknown functions)
VALUES = [
    # Szepesvári, Algorithms for RL, tabular TD(0): the indicator of one event in set braces
    ("td0-indicator-event", r"v = v_0 + \alpha\,\delta\,\mathbb{I}_{\{X_t=x\}}",
     {"v_0": 1.0, r"\alpha": 0.5, r"\delta": 2.0, "X_t": 3.0, "x": 3.0}, {"": 2.0}, (), None),
    # Szepesvári, tabular Q-learning: the indicator of two conditions, both must hold
    ("q-learning-indicator-pair", r"q = q_0 + \alpha\,\delta\,\mathbb{I}_{\{x=X_t, a=A_t\}}",
     {"q_0": 1.0, r"\alpha": 0.5, r"\delta": 2.0, "X_t": 3.0, "x": 3.0, "A_t": 2.0, "a": 1.0}, {"": 1.0}, (), None),
    ("indicator-and", r"q = \mathbb{1}[x > 0 \wedge y > 0]", {"x": 1.0, "y": 2.0}, {"": 1.0}, (), None),
    # a masked sum: the indicator of membership in a set of positions
    ("indicator-membership-mask", r"p = \sum_i x_i \mathbb{1}(i \in S)", {"x": X5, "S": MASK5},
     {"": X5 @ MASK5}, ("indicator-membership",), None),
    # Hamilton, Graph Representation Learning, 5.1: the mean-aggregation layer with a self term
    ("graphsage-mean-layer", r"h_v^{(l+1)} = \sigma\left(W_l\sum_{u\in N(v)}\frac{h_u^{(l)}}{|N(v)|}+B_lh_v^{(l)}\right)",
     {"W_l": W23, "B_l": B23, "h^{[l]}": H43, "N": ADJ}, {"": _graphsage_mean()}, ("sum-over-neighbours",), None),
    # Imbens & Rubin's potential outcomes: the unit's effect
    ("potential-outcomes", r"\tau = Y(1) - Y(0)", {}, {"": 3.0}, ("call-at-number",), {"Y": lambda t: 3 * t + 1}),
    # the average treatment effect, estimated
    ("ate-acronym", r"ATE = \frac{1}{n}\sum_{i=1}^{n} (y_i - \hat{y}_i)", {"y": Y4, r"\hat{y}": YHAT4},
     {"": np.mean(Y4 - YHAT4)}, ("acronym-left-side",), None),
]


@pytest.mark.parametrize(("code", "args", "want", "rules", "functions"), [c[1:] for c in VALUES],
                         ids=[c[0] for c in VALUES])
def test_values(code: str, args: dict, want: dict, rules: tuple[str, ...], functions: dict | None) -> None:
    assert_values_noted(code, args, want, rules, functions=functions)


#: (id, latex, text of the reading shown by ``symdl parse``, a note it carries or '')
READINGS = [
    ("szepesvari-bellman-optimality", r"Q^{*}(x,a) = r(x,a) + \gamma\sum_{y}P(x,a,y)\max_{b}Q^{*}(y,b)",
     "MaxOver(Q^*(y, b), (b, 1, N_b))", "max-over-argument"),
    ("tabular-q-update", r"Q_{s,a}\leftarrow(1-\alpha)Q_{s,a}+\alpha(r+\gamma\max_{a'}Q_{s',a'})",
     "MaxOver(Q[s', a'], (a', 1, N_Q2))", ""),
    ("tabular-q-over-actions", r"Q_{s,a}\leftarrow(1-\alpha)Q_{s,a}+\alpha(r+\gamma\max_{a'\in A}Q_{s',a'})",
     "Q[s, a]", ""),
    ("recall-at-k", r"\mathrm{Recall@K} = \frac{1}{|R|}\sum_{i=1}^{K} \mathbb{1}[r_i \in R]", "R[r[i]]",
     "indicator-membership"),
    ("discounted-return", r"G_t = \sum_{k \geq 0} \gamma^k R_{t+k+1}", "(k, 0, oo)", "sum-unbounded"),
    ("sutton-barto-state-value", r"v_\pi(s) = \mathbb{E}_\pi[G_t \mid S_t = s]", "E_{\\pi}(G_t, Eq(S_t, s))",
     "expectation-conditional"),
    ("sutton-barto-action-value", r"q_\pi(s,a) = \mathbb{E}_\pi[R_{t+1} + \gamma G_{t+1} \mid S_t = s, A_t = a]",
     "Eq(S_t, s), Eq(A_t, a))", "expectation-conditional"),
    ("bishop-regression-function", r"y(\mathbf{x}) = \mathbb{E}_t[t \mid \mathbf{x}]", "E_{t}(t, x)",
     "expectation-conditional"),
    ("cate-defined", r"\tau(x) = \mu_1(x) - \mu(x)", "mu(x)", "call-of-defined-parameter"),
    ("neural-ode-initial-state", r"h(T) = h(0) + \int_0^T f(h(t), t, \theta) dt", "h(0)", ""),
    # a preamble's \norm and \abs macros (the physics package's): the bars around their argument
    ("norm-macro", r"G = \sum_{i=1}^{n} \norm{\mathbf{g}_i}^2 + \abs{b}", "Abs(b)", ""),
]


@pytest.mark.parametrize(("code", "shown", "rule"), [c[1:] for c in READINGS], ids=[c[0] for c in READINGS])
def test_readings(code: str, shown: str, rule: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert_shown_noted(code, shown, rule, capsys)


#: (id, latex, a note that must NOT be given): the near misses of each rule
NEAR_MISSES = [
    ("number-after-a-value", r"y = w(2) + w", "call-at-number"),
    ("mse-field-acronym", r"MSE = \frac{1}{n}\sum_{i=1}^{n}(y_i - \hat{y}_i)^2", "acronym-left-side"),
    ("two-capitals-left", r"AB = C", "acronym-left-side"),
    ("product-not-parameter", r"f(x) = \alpha(x + 1)", "call-of-defined-parameter"),
    ("plain-expectation", r"L = \mathbb{E}_{x \sim p}[\log q(x)]", "expectation-conditional"),
]


@pytest.mark.parametrize(("code", "rule"), [c[1:] for c in NEAR_MISSES], ids=[c[0] for c in NEAR_MISSES])
def test_near_misses(code: str, rule: str) -> None:
    assert rule not in {n.rule for n in symdl.parse(code).notes}


#: (id, latex, words of the refusal, where it points): what stays refused
REFUSED = [
    ("objective-inside-a-sum", r"L = c + \min_w f(w)", "an optimisation objective", r"\min"),
    ("steps-after-the-first", r"L = \sum_{t>1} x_t", "no end written", r"\sum"),
    ("conditional-expectation-of-a-vector", r"\boldsymbol{\mu} = \mathbb{E}[\mathbf{x} \mid y]",
     "expectation of a random vector", r"\mathbb{E}[\mathbf{x} \mid y]"),
]


@pytest.mark.parametrize(("latex", "what", "text"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_refused(latex: str, what: str, text: str) -> None:
    assert_refused_at(latex, what, text)


def test_optimum_inside_an_expectation_explains() -> None:
    """Double DQN's loss holds \\text{argmax}_a inside an expectation: sympy rebuilds the optimum from its arguments
    while chunking (before: an internal error, its operator's name wrapped twice)."""
    latex = (r"L(\theta) = \mathbb{E}_{s_t, a_t, r_{t+1}, s_{t+1} \sim D} [(r_{t+1} + \gamma Q_{\theta'}(s_{t+1}, "
             r"\text{argmax}_a Q_\theta(s_{t+1}, a)) - Q_\theta(s_t, a_t))^2]")
    assert symdl.explain(latex).concepts is not None
