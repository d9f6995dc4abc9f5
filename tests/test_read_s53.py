r"""Session 48, from held-out sets 52 and 53: classes of notation, each a rule with its note, checked by value against
plain numpy where the formula has a value, and by its reading and note where it states a relation.

* Dozat's NAdam ``\mu_t``, ``\mu_{t+1}`` beside ``\prod_{i=1}^{t}\mu_i``: members t and t+1 of the one schedule the
  products run over (``member-at-sum-bound``; before: two names of their own, unrelated to the products' members),
  and the update still named NAdam.
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from symdl.chunk import explain
from tests.real_sources import assert_values_noted

RNG = np.random.default_rng(4853)
MU6 = 0.9 + 0.05 * RNG.random(size=6)
G, M = 0.3, -0.7

VALUES = [
    # Dozat 2016, Algorithm 2 (as the set-52 judges read it): the step mixes the corrected gradient and moment
    ("nadam-schedule-members", r"\hat{g}_t \leftarrow \frac{g_t}{1 - \prod_{i=1}^{t} \mu_i} \\ \hat{m}_t \leftarrow "
     r"\frac{m_t}{1 - \prod_{i=1}^{t+1} \mu_i} \\ \bar{m}_t \leftarrow (1 - \mu_t) \hat{g}_t + \mu_{t+1} \hat{m}_t",
     {r"\mu": MU6, "g_t": G, "m_t": M, "t": 3},
     {r"\bar{m}_t": (1 - MU6[2]) * G / (1 - MU6[:3].prod()) + MU6[3] * M / (1 - MU6[:4].prod())},
     ("member-at-sum-bound",)),
    # one line: PyTorch's docs of torch.optim.NAdam write the corrected moment so
    ("nadam-one-line", r"\widehat{m_t} \leftarrow \mu_{t+1} m_t/(1-\prod_{i=1}^{t+1}\mu_i) + (1-\mu_t) g_t "
     r"/(1-\prod_{i=1}^{t} \mu_{i})", {r"\mu": MU6, "g_t": G, "m_t": M, "t": 2},
     {"": MU6[2] * M / (1 - MU6[:3].prod()) + (1 - MU6[1]) * G / (1 - MU6[:2].prod())}, ("member-at-sum-bound",)),
]


@pytest.mark.parametrize(("code", "args", "want", "rules"), [c[1:] for c in VALUES], ids=[c[0] for c in VALUES])
def test_values(code: str, args: dict, want: dict, rules: tuple[str, ...]) -> None:
    assert_values_noted(code, args, want, rules)


def test_a_chain_shifted_by_the_products_own_index_keeps_its_states() -> None:
    """Ho et al.'s ``p(x_T)\\prod_{t=1}^T p(x_{t-1}|x_t)``: x_T is the chain's last state, still entry T of x."""
    f = symdl.parse(r"p_\theta(x_{0:T}) = p(x_T)\prod_{t=1}^T p_\theta(x_{t-1}|x_t)")
    assert "x[T]" in str(f.statements[0].rhs)


def test_nadam_with_schedule_members_is_named() -> None:
    f = symdl.parse(r"m_t = \mu_t m_{t-1} + (1-\mu_t) g_t \\ n_t = \nu n_{t-1} + (1-\nu) g_t^2 \\ "
                    r"\hat{g}_t = \frac{g_t}{1-\prod_{i=1}^{t} \mu_i} \\ \hat{m}_t = \frac{m_t}{1-\prod_{i=1}^{t+1} "
                    r"\mu_i} \\ \hat{n}_t = \frac{n_t}{1-\nu^t} \\ \bar{m}_t = (1-\mu_t)\hat{g}_t + \mu_{t+1}\hat{m}_t "
                    r"\\ \theta_t = \theta_{t-1} - \frac{\eta \bar{m}_t}{\sqrt{\hat{n}_t}+\epsilon}")
    assert {"nadam", "ema"} <= explain(f).concepts
