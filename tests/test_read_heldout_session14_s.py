"""Held-out readings (session 14), part s: labels and refusals left over.

- A word applied to arguments as a superscript labels the name (``superscript-word-label``): Schulman et al.'s GAE
  (2016) eq. 16-18, ``\\hat{A}_t^{GAE(\\gamma,\\lambda)}``, read as a power of a call (the statement an equation).
- A Greek letter with a prime as a superscript on a Greek name labels it, and the same letter unprimed beside it
  (``superscript-greek-label``): Lillicrap et al.'s DDPG (2016), Algorithm 1, ``\\theta^{\\mu'} \\leftarrow
  \\tau\\theta^\\mu + (1 - \\tau)\\theta^{\\mu'}`` (refused: "the left side of an update must be a name").
- A transposed ones vector as a divisor with a factor after it (Shazeer & Stern's Adafactor, Alg. 4,
  ``\\hat{V}_t = R_t C_t / 1_n^\\top R_t``) is refused by name, with the entry-wise form as the hint (it failed with a
  generic "cannot make sense ... element-wise division").
- A max over a letter's members of a named set (cs229's Bellman equation, ``\\max_{a \\in A}``) reads as the max over
  the letter's values numbered from 1 (``max-over-members``), as ``\\max_a`` does (was refused as an optimisation
  objective inside an expression).  Left alone: cs229's ``P_{sa}(s')`` is one function named P_{sa}, its subscript
  not an argument, so the max over a there does not vary it (as with ``\\max_a``); the rows evaluated write
  ``P(s'|s,a)``.
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_reads_as, assert_refused_at

RNG = np.random.default_rng(1419)
A, B, G, TAU = (float(v) for v in RNG.normal(size=4))
Q_TABLE = RNG.normal(size=(3, 4))  # Q(s, a): 3 states, 4 actions
P_TABLE = RNG.dirichlet(np.ones(3), size=(3, 4))  # P(s' | s, a) as P_TABLE[s, a, s']
V_TABLE, R_TABLE = RNG.normal(size=3), RNG.normal(size=3)
GAMMA = 0.9
R4, C5 = RNG.uniform(1, 2, size=4), RNG.uniform(1, 2, size=5)


def _q(s: np.ndarray, a: np.ndarray) -> np.ndarray:
    return Q_TABLE[np.asarray(s, dtype=int) - 1, np.asarray(a, dtype=int) - 1]


def _p(s_next: np.ndarray, s: np.ndarray, a: np.ndarray) -> np.ndarray:
    return P_TABLE[np.asarray(s, dtype=int) - 1, np.asarray(a, dtype=int) - 1, np.asarray(s_next, dtype=int) - 1]


def _v(s: np.ndarray) -> np.ndarray:
    return V_TABLE[np.asarray(s, dtype=int) - 1]


def _r(s: np.ndarray) -> np.ndarray:
    return R_TABLE[np.asarray(s, dtype=int) - 1]


def _bellman(s: int) -> float:
    return R_TABLE[s - 1] + max(GAMMA * P_TABLE[s - 1, a] @ V_TABLE for a in range(4))


# (id, source, latex, inputs, plain numpy's value, notes by rule, functions)
LABELS = [
    ("gae-eq17", "Schulman et al. (2016), GAE eq. 17: the estimator with lambda = 0 is the TD residual",
     r"\hat{A}_t^{GAE(\gamma,0)} = \delta_t^V", {r"\delta_t^V": A}, A,
     ["superscript-word-label", "superscript-capital-label"], None),
    ("td0-residual", "Sutton & Barto (2018), eq. 6.5's TD(0) error with the method's name as its label",
     r"\delta_t^{TD(0)} = r_t + \gamma V(s_{t+1}) - V(s_t)",
     {"r_t": A, r"\gamma": GAMMA, "s_{t+1}": 2, "s_t": 3}, A + GAMMA * V_TABLE[1] - V_TABLE[2],
     ["superscript-word-label"], {"V": _v}),
    ("ddpg-actor-soft-update", "Lillicrap et al. (2016), DDPG Algorithm 1: the target actor's soft update",
     r"\theta^{\mu'} \leftarrow \tau\theta^\mu + (1 - \tau)\theta^{\mu'}", {r"\tau": TAU, r"\theta^\mu": A,
     r"\theta^{\mu'}": B}, TAU * A + (1 - TAU) * B, ["superscript-greek-label", "superscript-greek-label"], None),
    ("ddpg-actor-init", "Lillicrap et al. (2016), DDPG Algorithm 1: the target actor initialised with the actor's "
     "weights", r"\theta^{\mu'} \leftarrow \theta^\mu", {r"\theta^\mu": A}, A,
     ["superscript-greek-label", "superscript-greek-label"], None),
    # must not change: a capital's label (DDPG's critic), a power on a hatted name (Adam), a Greek power
    ("ddpg-critic-kept", "Lillicrap et al. (2016), DDPG Algorithm 1: the target critic's soft update",
     r"\theta^{Q'} \leftarrow \tau\theta^Q + (1 - \tau)\theta^{Q'}", {r"\tau": TAU, r"\theta^Q": A,
     r"\theta^{Q'}": B}, TAU * A + (1 - TAU) * B, ["superscript-capital-label", "superscript-capital-label"], None),
    ("adam-bias-correction-kept", "Kingma & Ba (2015), Adam's bias correction: beta_1^t stays a power",
     r"\hat{m}_t = m_t / (1 - \beta_1^t)", {"m_t": A, r"\beta_1": 0.9, "t": 3}, A / (1 - 0.9**3), [], None),
    ("greek-power-kept", "a Greek power with no primed twin: sigma^alpha stays sigma to the power alpha",
     r"y = \sigma^\alpha + x", {r"\sigma": 1.5, r"\alpha": 2.0, "x": A}, 1.5**2 + A, ["superscript-power"], None),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules", "functions"), [c[2:] for c in LABELS],
                         ids=[c[0] for c in LABELS])
def test_superscript_labels_against_numpy(latex: str, inputs: dict, want: float, rules: list[str],
                                          functions: dict | None) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules, functions=functions)


def test_gae_eq16_left_side_is_a_name() -> None:
    """GAE eq. 16: the left side was a power of a call (the statement an equation); now one labelled name."""
    formula = symdl.parse(r"\hat{A}_t^{GAE(\gamma,\lambda)} = \sum_{l=0}^\infty (\gamma\lambda)^l \delta_{t+l}^V")
    st = formula.statements[0]
    assert st.kind == "assignment"
    assert "GAE" in str(st.lhs) and "**" not in str(st.lhs)
    assert [n.rule for n in formula.notes] == ["superscript-word-label", "superscript-capital-label"]


def test_known_function_superscript_stays_a_power() -> None:
    """A superscript that is a known function applied (x^{exp(a)}) stays a power: no label."""
    formula = symdl.parse(r"y = x^{exp(a)}")
    assert [n.rule for n in formula.notes] == []
    assert "**" in str(formula.statements[0].rhs)


@pytest.mark.parametrize("latex", [
    pytest.param(r"y = V^{score(\mathbf{h}_t, \bar{\mathbf{h}}_s)}", id="word-applied-to-vectors"),
    pytest.param(r"y = V^{f(x + 1)}", id="word-applied-to-an-expression"),
])
def test_word_call_of_more_than_letters_is_no_label(latex: str) -> None:
    """A label's parameters are numbers and single (Greek) letters, as GAE(γ, λ) and TD(0); a word applied to
    vectors or expressions in a superscript is no label (a fuzz input made one a name with raw LaTeX in it)."""
    formula = symdl.parse(latex)
    assert "superscript-word-label" not in [n.rule for n in formula.notes]
    assert str(formula.statements[0].rhs).startswith("V**")


# ---------------------------------------------------------------------------------------------------------------
# a transposed ones vector as a divisor

ONES_REFUSED = [
    ("adafactor-alg4", "Shazeer & Stern (2018), Adafactor Algorithm 4, the factored second moment",
     r"\hat{V}_t = R_t C_t / 1_n^\top R_t", "1_n^\\top"),
    ("adafactor-alg4-plus", "Adafactor's factored estimate with a term after it",
     r"\hat{V}_t = R_t C_t / 1_n^\top R_t + \epsilon", "1_n^\\top"),
    ("normalise-by-sum", "a vector normalised by the sum of its entries, 1^T x as the divisor",
     r"\mathbf{p} = \mathbf{x} / \mathbf{1}_n^T \mathbf{x}", "\\mathbf{1}_n^T"),
]


@pytest.mark.parametrize(("latex", "where"), [c[2:] for c in ONES_REFUSED], ids=[c[0] for c in ONES_REFUSED])
def test_ones_divisor_refused(latex: str, where: str) -> None:
    assert_refused_at(latex, "a division by a transposed ones vector with a factor after it", where)
    with pytest.raises(symdl.NotSupported) as err:
        symdl.parse(latex)
    assert "\\sum_k" in err.value.hint


ONES_KEPT = [
    ("adafactor-entrywise", "Adafactor's estimate written entry by entry, as the refusal's hint says",
     r"\hat{V}_{t,ij} = \frac{R_{t,i} C_{t,j}}{\sum_k R_{t,k}}", {"R_t": R4, "C_t": C5},
     np.outer(R4, C5) / R4.sum(), []),
    ("division-reach-kept", "a / b c: a factor after a '/' multiplies the quotient (kept)", r"y = a / b c",
     {"a": A, "b": B, "c": G}, A / B * G, ["division-reach"]),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [c[2:] for c in ONES_KEPT],
                         ids=[c[0] for c in ONES_KEPT])
def test_ones_neighbours_against_numpy(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


def test_adafactor_outer_ones_kept() -> None:
    """Adafactor's 1_n 1_m^T (no division) stays the constant matrix of ones."""
    formula = symdl.parse(r"W = 1_n 1_m^\top")
    assert [n.rule for n in formula.notes] == ["ones-vector", "ones-vector"]


# ---------------------------------------------------------------------------------------------------------------
# a max over a set's members

MAX_MEMBERS = [
    ("q-learning-target", "Watkins & Dayan's Q-learning target as Mnih et al. (2015) write it, over the action set",
     r"y = r + \gamma \max_{a' \in \mathcal{A}} Q(s', a')", {"r": A, r"\gamma": GAMMA, "s'": 2, "N_a": 4},
     A + GAMMA * Q_TABLE[1].max(), ["max-over-members", "max-over-argument"], {"Q": _q}),
    ("greedy-value", "Sutton & Barto (2018), eq. 3.19's v_* = max_a q_*, the action set written",
     r"V(s) = \max_{a \in A} Q(s, a)", {"s": 3, "N_a": 4}, Q_TABLE[2].max(),
     ["max-over-members", "max-over-argument"], {"Q": _q}),
    ("bellman-optimality-set", "Sutton & Barto (2018), eq. 3.19 over the action set, p(s'|s,a) as a function",
     r"V(s) := R(s) + \max_{a \in \mathcal{A}} \gamma \sum_{s'} P(s'|s,a) V(s')",
     {"s": 2, "N_a": 4, "N_s": 3, r"\gamma": GAMMA}, _bellman(2), ["max-over-members", "max-over-argument"],
     {"P": _p, "V": _v, "R": _r}),
    ("max-over-batch", "the largest loss over a minibatch's members, max_{i in B} l_i",
     r"L = \max_{i \in B} l_i", {"l": R4}, R4.max(), ["max-over-members"], None),
    # must not change: \max_a (no set) as before; a sum over a set (sum-over-set)
    ("max-action-kept", "Sutton & Barto (2018), eq. 3.19 as written: \\max_a (kept)",
     r"V(s) = \max_a Q(s, a)", {"s": 3, "N_a": 4}, Q_TABLE[2].max(), ["max-over-argument"], {"Q": _q}),
    ("sum-over-set-kept", "d2l's minibatch mean over B (kept)", r"L = \frac{1}{|B|}\sum_{i \in B} l_i",
     {"l": R4}, R4.mean(), ["sum-over-set"], None),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules", "functions"), [c[2:] for c in MAX_MEMBERS],
                         ids=[c[0] for c in MAX_MEMBERS])
def test_max_over_members_against_numpy(latex: str, inputs: dict, want: float, rules: list[str],
                                        functions: dict | None) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules, functions=functions)


def test_cs229_bellman_reads() -> None:
    """cs229's Bellman equation was refused as an optimisation objective inside an expression."""
    formula = symdl.parse(r"V(s) := R(s) + \max_{a \in A} \gamma \sum_{s'} P_{sa}(s') V(s')")
    assert [n.rule for n in formula.notes] == ["max-over-members", "function-family-letters"]  # P(s, a, s')
    assert "MaxOver" in str(formula.statements[0].rhs)


def test_objective_over_a_set_kept() -> None:
    """Neighbours kept: an optimum over a Greek variable's set, and a max over a set leading the statement."""
    assert [n.rule for n in symdl.parse(r"y = \max_{\theta \in \Theta} f(\theta)").notes] == ["optimum-over-variable"]
    assert [n.rule for n in symdl.parse(r"\max_{a \in A} f(a) = y").notes] == ["objective-prefix"]
