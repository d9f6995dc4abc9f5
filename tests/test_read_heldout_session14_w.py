"""Held-out readings (session 14, w): a function whose subscript is several letters, one bound by a sum or max.

cs229's Bellman equations (lecture notes on reinforcement learning, part XIII) write the state-transition
probabilities ``P_{sa}(s')``: ONE function P of the state s, the action a and the next state s', its subscript not a
label.  ``\\max_{a}`` and ``\\arg\\max_{a}`` run over P's subscript, so the subscript's letters are leading arguments,
``P(s, a, s')`` (rule ``function-family-letters``), evaluated here against plain numpy and against Sutton & Barto's
``P(s'|s, a)`` form, which read right before.  The same class: Bertsekas's ``p_{ij}(u)`` under
``\\sum_j`` and Kaelbling et al.'s ``T_{sa}(s')``.  cs229's ``P_{s\\pi(s)}(s')`` (a function applied in the
subscript) is refused by name; it was a label, silently.  Must not change: PyTorch's RNN ``W_{ih} x + b_{hh}`` (labels, not
applied), d2l's ``p_{i,2j}`` (positions of an entry) and Bishop's one-letter family ``\\sum_k y_k(\\mathbf{x})``."""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_reads_as, assert_refused_at

RNG = np.random.default_rng(14)
S, A = 3, 2
PT = RNG.random((S, A, S))  # P[s, a, s'] (1-based letters in the formula)
VT, RT, QT = RNG.random(S), RNG.random(S), RNG.random((S, A))
GAMMA, STATE = 0.9, 2


def _ix(v: object) -> np.ndarray:
    return np.asarray(v).astype(int) - 1


FUNCTIONS = {
    "P": lambda s, a, t: PT[_ix(s), _ix(a), _ix(t)],
    "T": lambda s, a, t: PT[_ix(s), _ix(a), _ix(t)],
    "V": lambda s: VT[_ix(s)],
    "R": lambda s: RT[_ix(s)],
}
SUTTON = {**FUNCTIONS, "P": lambda t, s, a: PT[_ix(s), _ix(a), _ix(t)]}  # P(s'|s, a)
INPUTS = {"s": STATE, r"\gamma": GAMMA, "N_s": S, "N_a": A}
_BACKUP = [GAMMA * PT[STATE - 1, a] @ VT for a in range(A)]
BELLMAN = RT[STATE - 1] + max(_BACKUP)

# (id, source, latex, inputs, numpy's value, notes by rule, functions)
CASES = [
    ("cs229-bellman-optimal", "cs229 notes, RL, eq. (2): the optimal value function's Bellman equation",
     r"V(s) = R(s) + \max_{a} \gamma \sum_{s'} P_{sa}(s') V(s')", INPUTS, BELLMAN,
     ["function-family-letters"], FUNCTIONS),
    ("cs229-value-iteration", "cs229 notes, RL, value iteration's update over the set of actions A",
     r"V(s) := R(s) + \max_{a \in A} \gamma \sum_{s'} P_{sa}(s') V(s')", INPUTS, BELLMAN,
     ["max-over-members", "function-family-letters"], FUNCTIONS),
    ("cs229-greedy-policy", "cs229 notes, RL, eq. (3): the optimal policy, an argmax over actions",
     r"\pi(s) = \arg\max_{a} \sum_{s'} P_{sa}(s') V(s')", {k: v for k, v in INPUTS.items() if k != r"\gamma"},
     int(np.argmax([PT[STATE - 1, a] @ VT for a in range(A)])) + 1, None, FUNCTIONS),
    ("kaelbling-T", "Kaelbling, Littman & Moore 1996, eq. for V*: T written with its state and action subscripts",
     r"V(s) = \max_{a} \left( R(s) + \gamma \sum_{s'} T_{sa}(s') V(s') \right)", INPUTS,
     RT[STATE - 1] + max(_BACKUP), None, FUNCTIONS),
    ("sutton-barto-form", "Sutton & Barto's P(s'|s, a) form (must not change): the same value",
     r"V(s) = R(s) + \max_{a} \gamma \sum_{s'} P(s'|s,a) V(s')", INPUTS, BELLMAN, ["max-over-argument"], SUTTON),
]


@pytest.mark.parametrize(("source", "latex", "inputs", "want", "rules", "functions"),
                         [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_reads_family_of_subscript_letters(source: str, latex: str, inputs: dict, want: float,
                                           rules: list[str] | None, functions: dict) -> None:
    f = symdl.parse(latex)
    if rules is None:
        rules = [n.rule for n in f.notes]
        assert "function-family-letters" in rules, source
    assert_reads_as(f, inputs, want, rules, functions=functions)


@pytest.mark.parametrize(("latex", "call"), [
    (r"V(s) = R(s) + \max_{a} \gamma \sum_{s'} P_{sa}(s') V(s')", "P(s, a, s')"),  # cs229
    # Bertsekas, Dynamic Programming and Optimal Control, Bellman's equation of a stochastic shortest path; the
    # min over the control u is an objective (not evaluated here), p_{ij}(u) one function p(i, j, u)
    (r"J(i) = \min_{u} \sum_{j} p_{ij}(u) \left( g(i, u, j) + \alpha J(j) \right)", "p(i, j, u)"),
    # k bound nowhere and written nowhere alone: a label's value (session 48; before, f_{ka} kept whole did not vary
    # with a, so the max ran over a constant)
    (r"y = \max_a f_{ka}(x)", "f(k, a, x)"),
], ids=["cs229-bellman", "bertsekas-ssp", "unbound-letter-label"])
def test_subscript_letters_become_leading_arguments(latex: str, call: str) -> None:
    f = symdl.parse(latex)
    assert call in str(f.statements[0].rhs)
    assert "function-family-letters" in [n.rule for n in f.notes]


@pytest.mark.parametrize(("latex", "kept"), [
    (r"h = W_{ih} x + b_{hh}", "W_{ih}*x + b_{hh}"),  # PyTorch's RNN: labels, not applied
    (r"y = \sum_j f_j(x_j)", "f_j(j, x[j])"),  # Bishop's one-letter family: function-family as before
    (r"p_{i, 2j} = \sin\left(\frac{i}{10000^{2j/d}}\right)", "sin("),  # d2l's positional encoding, eq. 11.6.2
], ids=["pytorch-rnn-labels", "bishop-one-letter-family", "d2l-positional-encoding"])
def test_neighbours_unchanged(latex: str, kept: str) -> None:
    f = symdl.parse(latex)
    assert kept in str(f.statements[0].rhs)
    assert "function-family-letters" not in [n.rule for n in f.notes]


def test_refuses_function_applied_in_subscript() -> None:
    """cs229 notes, RL, eq. (1): the value of policy pi, P_{s\\pi(s)}: the subscript computes the action (it was a
    label, silently); refused at the call, with a hint to write the action as an argument."""
    latex = r"V^\pi(s) = R(s) + \gamma \sum_{s'} P_{s\pi(s)}(s') V^\pi(s')"
    assert_refused_at(latex, "a function applied in the subscript of P_{s\\pi(s)}", r"P_{s\pi(s)}(s')")
