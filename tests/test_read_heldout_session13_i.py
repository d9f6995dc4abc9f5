"""Held-out readings (session 13), ninth part: a Greek letter as a sum's index.

Optimizer papers sum over past steps with τ (Duchi et al.'s AdaGrad, Ruder's overview), RL texts discount with it.
``\\sum_{\\tau=1}^t`` was refused ("an index is one Latin letter"); a lower-case Greek letter that is no value now
reads as a Latin index does: ``g_\\tau`` under it is the family g's entry τ (families, bounds, offsets
``g_{\\tau-1}``), ``\\gamma^\\tau`` the index itself.  ``g_t`` beside the sum is the current step's value, the last member
of the same sequence to a reader (now read so, ``member-at-sum-bound``, session 14 q); it was a name of its
own, given apart (``step-beside-greek-sum``).  π is a value, never an index; the Greek index among other letters of
a subscript (``g_{t-\\tau}``; ``g_{\\tau,j}`` now reads, session 14 q) and the RL return's ``R_{t+k+1}`` (two
indices added) stay refused by name.
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_reads_as

RNG = np.random.default_rng(1309)
G6, G63 = RNG.normal(size=6), RNG.normal(size=(6, 3))
R6 = RNG.normal(size=6)
X0 = float(RNG.normal())
GT = float(RNG.normal())
ETA, EPS, B1, B2, GAMMA = 0.1, 1e-8, 0.9, 0.999, 0.95


def _adam_second_moment(g: np.ndarray, t: int) -> float:
    return (1 - B2) * sum(B2 ** (t - i) * g[i - 1] ** 2 for i in range(1, t + 1))


# (id, source, latex, inputs, plain numpy's value, notes by rule)
GREEK_SUMS = [
    ("adagrad-update", "Duchi et al. (2011); Ruder, 'An overview of gradient descent optimization algorithms', AdaGrad",
     r"x_{t+1} = x_t - \eta \frac{g_t}{\sqrt{\sum_{\tau=1}^t g_\tau^2} + \epsilon}",
     {"x_t": X0, "g": G6, "t": 4, r"\eta": ETA, r"\epsilon": EPS},  # g_t: g's member at t (member-at-sum-bound)
     X0 - ETA * G6[3] / (np.sqrt(np.sum(G6[:4] ** 2)) + EPS), ["member-at-sum-bound"]),
    ("adagrad-outer-products", "Duchi et al. (2011), AdaGrad's full matrix G_t, the sum of outer products",
     r"G_t = \sum_{\tau=1}^t g_\tau g_\tau^T", {"g": G63, "t": 5},
     sum(np.outer(G63[k], G63[k]) for k in range(5)), ["outer-member", "family-outer"]),
    ("adam-second-moment-latin", "Kingma & Ba (2015), Adam, sec. 3: v_t unrolled (a Latin index, unchanged)",
     r"v_t = (1-\beta_2)\sum_{i=1}^t \beta_2^{t-i} g_i^2", {"g": G6, "t": 5, r"\beta_2": B2},
     _adam_second_moment(G6, 5), []),
    ("mean-of-past-gradients", "the running mean of past gradients (Polyak averaging of g)",
     r"\hat{m}_t = \frac{1}{t}\sum_{\tau=1}^{t} g_\tau", {"g": G6, "t": 6}, G6.mean(), []),
    ("momentum-unrolled", "momentum's velocity unrolled over past steps (Goodfellow et al., sec. 8.3.2)",
     r"m_t = \sum_{\tau=1}^{t} \beta_1^{t-\tau} g_\tau", {"g": G6, "t": 4, r"\beta_1": B1},
     sum(B1 ** (4 - k) * G6[k - 1] for k in range(1, 5)), []),
    ("discounted-return-from-one", "Sutton & Barto, eq. 3.8 with the rewards numbered from 1",
     r"G = \sum_{\tau=1}^{T} \gamma^{\tau-1} r_\tau", {"r": R6, "T": 6, r"\gamma": GAMMA},
     sum(GAMMA ** (k - 1) * R6[k - 1] for k in range(1, 7)), []),
    ("total-variation-of-steps", "the squared change between successive steps, summed over τ",
     r"D = \sum_{\tau=2}^{t} (g_\tau - g_{\tau-1})^2", {"g": G6, "t": 6}, np.sum(np.diff(G6) ** 2), []),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [c[2:] for c in GREEK_SUMS],
                         ids=[c[0] for c in GREEK_SUMS])
def test_a_greek_sum_index_reads_as_a_latin_one(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


def test_a_greek_index_reads_as_the_latin_letter_would() -> None:
    """The discounted return from τ = 0 (Sutton & Barto, eq. 3.8): the same reading as with k, renamed."""
    greek = symdl.parse(r"\sum_{\tau=0}^{T} \gamma^\tau r_\tau").statements[0].rhs
    latin = symdl.parse(r"\sum_{k=0}^{T} \gamma^k r_k").statements[0].rhs
    assert str(greek) == str(latin).replace("k", "tau")
    alpha = symdl.parse(r"\sum_{\alpha} x_\alpha").statements[0].rhs  # no bounds: over all of x, as \sum_i x_i
    assert str(alpha) == str(symdl.parse(r"\sum_i x_i").statements[0].rhs).replace("i", "alpha")


def test_a_greek_subscript_with_no_sum_over_it_stays_a_label() -> None:
    """A VAE's q_\\phi, a network's p_\\theta: no sum runs over the letter, the subscript names the parameters."""
    formula = symdl.parse(r"L = \sum_{i=1}^n \log p_\theta(x_i) + \sigma_\phi")
    assert str(formula.statements[0].rhs) == r"sigma_{\phi} + Sum(log(p_{\theta}(x[i])), (i, 1, n))"
    assert r"\sigma_\phi" in formula.symbols


# (id, source, latex, the refusal's message, where it points)
REFUSED = [
    ("pi-is-a-value", "π is the constant, never an index", r"\sum_{\pi=1}^{n} x_\pi", "no value", r"\sum"),
    ("capital-greek-index", "a capital Greek letter names a matrix or a set", r"\sum_{\Sigma=1}^{n} x_\Sigma",
     "one Latin letter or a lower-case Greek", r"\sum"),
    ("greek-index-subtracted", "a backwards sum over past steps, g_{t-\\tau}",
     r"m_t = \sum_{\tau=0}^{t-1} \beta^\tau g_{t-\tau}", "Greek index among other letters", r"g_{t-\tau}"),
    # (\ell as a sum's index reads since session 34: tests/test_read_s38.py, esl-ell-index)
]


@pytest.mark.parametrize(("latex", "message", "at"), [c[2:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_what_stays_out_of_reach_is_refused_by_name(latex: str, message: str, at: str) -> None:
    with pytest.raises(symdl.NotSupported, match=message) as info:
        symdl.parse(latex)
    assert latex[info.value.span.start : info.value.span.end].startswith(at)
