"""Held-out readings (session 14), part q: a step's member beside its summed family.

AdaGrad as Duchi et al. (2011), Ruder's overview and Goodfellow et al. (sec. 8.5.1) write it divides the current
gradient g_t by the root of the sum of the past ones, ``\\sum_{s=1}^t g_s^2``.  ``g_t`` beside a sum over the family g
whose upper bound is t is the family's member at t, the last one the sum adds, noted ``member-at-sum-bound`` (it was
silently a name of its own, given apart), by entries too (``g_{t,i}`` beside ``g_{s,i}``) and with a Greek index
(``g_{\\tau,i}``, refused as "a Greek index among other letters" before).  With no bound written (``\\sum_i g_i^2``
beside ``g_t``) the sum may be over the steps or over one vector's entries: refused by name.
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_reads_as, assert_refused_at

RNG = np.random.default_rng(1417)
G6, G63 = RNG.normal(size=6), RNG.normal(size=(6, 3))
W0, X3 = float(RNG.normal()), RNG.normal(size=3)
ETA, EPS = 0.1, 1e-8
T = 4


def _adagrad(g: np.ndarray, t: int) -> np.ndarray:
    return g[t - 1] / np.sqrt(np.sum(g[:t] ** 2, axis=0))


# (id, source, latex, inputs, plain numpy's value, notes by rule)
MEMBERS = [
    ("adagrad-duchi", "Duchi et al. (2011), AdaGrad's diagonal update, one coordinate",
     r"w_{t+1} = w_t - \frac{\eta}{\sqrt{\sum_{s=1}^t g_s^2}}\, g_t",
     {"w_t": W0, "g": G6, "t": T, r"\eta": ETA}, W0 - ETA * _adagrad(G6, T), ["member-at-sum-bound"]),
    ("adagrad-ruder-coordinates", "Ruder, 'An overview of gradient descent optimization algorithms', AdaGrad per "
     "parameter i", r"x_{t+1,i} = x_{t,i} - \frac{\eta}{\sqrt{\sum_{s=1}^t g_{s,i}^2}} g_{t,i}",
     {"x_t": X3, "g": G63, "t": T, r"\eta": ETA}, X3 - ETA * _adagrad(G63, T), ["member-at-sum-bound"]),
    ("adagrad-latin-i", "Goodfellow et al., sec. 8.5.1 (AdaGrad's accumulated squares, one coordinate), the past "
     "steps counted by i", r"w_{t+1} = w_t - \frac{\eta}{\sqrt{\sum_{i=1}^t g_i^2}}\, g_t",
     {"w_t": W0, "g": G6, "t": 5, r"\eta": ETA}, W0 - ETA * _adagrad(G6, 5), ["member-at-sum-bound"]),
    ("adagrad-greek-coordinates", "Duchi et al. (2011), AdaGrad with τ over past steps and coordinate i",
     r"x_{t+1,i} = x_{t,i} - \frac{\eta}{\sqrt{\sum_{\tau=1}^t g_{\tau,i}^2} + \epsilon} g_{t,i}",
     {"x_t": X3, "g": G63, "t": 6, r"\eta": ETA, r"\epsilon": EPS},
     X3 - ETA * G63[5] / (np.sqrt(np.sum(G63 ** 2, axis=0)) + EPS), ["member-at-sum-bound"]),
    ("adagrad-greek", "Ruder's overview, AdaGrad with τ (was: g_t a name given apart, step-beside-greek-sum)",
     r"x_{t+1} = x_t - \eta \frac{g_t}{\sqrt{\sum_{\tau=1}^t g_\tau^2} + \epsilon}",
     {"x_t": W0, "g": G6, "t": 3, r"\eta": ETA, r"\epsilon": EPS},
     W0 - ETA * G6[2] / (np.sqrt(np.sum(G6[:3] ** 2)) + EPS), ["member-at-sum-bound"]),
    ("greek-index-beside-latin", "Duchi et al. (2011): the accumulated squares of coordinate j, s_{t,j}",
     r"s_j = \sum_{\tau=1}^{t} g_{\tau,j}^2", {"g": G63, "t": 4}, np.sum(G63[:4] ** 2, axis=0), []),
    # must not change: a family member at an index letter beside its sum stays family-entry; sums alone unchanged
    ("softmax-entry-kept", "the softmax's z_c beside \\sum_k e^{z_k} (d2l, sec. 4.1)",
     r"p_c = \frac{e^{z_c}}{\sum_{k=1}^K e^{z_k}}", {"z": X3, "K": 3},
     np.exp(X3) / np.exp(X3).sum(), ["family-entry"]),
    ("running-sum-kept", "Kingma & Ba (2015), Adam's v_t unrolled: no member beside the sum",
     r"v_t = (1-\beta_2)\sum_{i=1}^t \beta_2^{t-i} g_i^2", {"g": G6, "t": 5, r"\beta_2": 0.999},
     0.001 * sum(0.999 ** (5 - i) * G6[i - 1] ** 2 for i in range(1, 6)), []),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [c[2:] for c in MEMBERS], ids=[c[0] for c in MEMBERS])
def test_a_member_at_the_sums_bound_is_the_familys(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


# (id, source, latex, the refusal's message, where it points)
REFUSED = [
    ("adagrad-no-bound", "AdaGrad with the sum's range left out: past steps or one vector's entries",
     r"w_{t+1} = w_t - \frac{\eta}{\sqrt{\sum_i g_i^2}}\, g_t", "no upper bound written", "g_t"),
    ("adagrad-no-bound-coordinates", "Ruder's G_{t,ii} written with the steps' range left out",
     r"x_{t+1,i} = x_{t,i} - \frac{\eta}{\sqrt{\sum_s g_{s,i}^2}} g_{t,i}", "no upper bound written", "g_{t,i}"),
]


@pytest.mark.parametrize(("latex", "message", "at"), [c[2:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_a_member_beside_an_unbounded_sum_is_refused(latex: str, message: str, at: str) -> None:
    assert_refused_at(latex, message, at)
