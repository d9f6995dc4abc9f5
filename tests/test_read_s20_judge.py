"""Silent misreadings a blind judge found on a fresh set (session 20, issue 12), each fixed by a rule for its class.

- a subscript that is a word (``\\mathcal{L}_{dice}``, ``L_{simple}``, ``\\alpha_{init}``: two or more letters that
  index nothing, or a repeated letter in four) is the name's label, even when a sum of the formula binds one of its
  letters: never ``L_{dce}[i]``; letters side by side that all index (``x_{ijk}``) stay indices;
- a Unicode Greek letter followed by digits is a name with that subscript, as ``\\beta1`` is (``β1`` was β times 1);
- PPO's ``\\hat{E}_t[...]`` (a hat on a plain E before a subscripted bracket) is the empirical mean, as ``E_t[...]``
  and ``\\hat{\\mathbb{E}}_t[...]`` are (it was a name ``\\hat{E}_t`` times the bracket).
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_reads_as

# (id, source, latex, the statement as SymPy prints it)
WORD_SUBSCRIPTS = [
    ("dice", "Milletari et al. 2016 (V-Net), the soft Dice loss as segmentation tutorials write it",
     r"\mathcal{L}_{Dice} = 1 - \frac{2\sum_{i} y_i \hat{y}_i + \epsilon}{\sum_i y_i + \sum_i \hat{y}_i + \epsilon}",
     "Lcal_{Dice} = -(epsilon + 2*Sum(y[i]*yhat[i], (i, 1, N_y)))/(epsilon + Sum(y[i], (i, 1, N_y)) + "
     "Sum(yhat[i], (i, 1, N_haty))) + 1"),
    ("triplet", "Schroff et al. 2015 (FaceNet), the loss summed over triplets", r"\mathcal{L}_{triplet} = \sum_i y_i",
     "Lcal_{triplet} = Sum(y[i], (i, 1, N_y))"),
    ("simple", "Ho et al. 2020 (DDPM), L_simple", r"L_{simple} = \sum_i e_i^2", "L_{simple} = Sum(e[i]**2, (i, 1, N_e))"),
    ("init", "an initial step size beside a sum over i (issue 12's alpha_init)", r"\alpha_{init} = \sum_i w_i",
     "alpha_{init} = Sum(w[i], (i, 1, N_w))"),
    ("indices-stay", "a third-order tensor's entries summed", r"y = \sum_{i,j,k} x_{ijk}",
     "y = Sum(x[i, j, k], (k, 1, N_x3), (j, 1, N_x2), (i, 1, N_x))"),
    ("diagonal-stays", "a matrix's trace written as a sum of x_ii", r"y = \sum_i x_{ii}", "y = Sum(x[i, i], (i, 1, N_x))"),
]  # fmt: skip


@pytest.mark.parametrize(("row", "source", "latex", "want"), WORD_SUBSCRIPTS, ids=[r[0] for r in WORD_SUBSCRIPTS])
def test_a_word_subscript_is_a_label(row: str, source: str, latex: str, want: str) -> None:
    s = symdl.parse(latex).statements[0]
    assert f"{s.lhs} = {s.rhs}" == want


def test_dice_loss_evaluates() -> None:
    f = symdl.parse(r"\mathcal{L}_{Dice} = 1 - \frac{2\sum_{i} y_i \hat{y}_i + \epsilon}{\sum_i y_i + \sum_i "
                    r"\hat{y}_i + \epsilon}")
    rng = np.random.default_rng(20)
    y, p = (rng.random(6) > 0.5).astype(float), rng.random(6)
    want = 1 - (2 * np.sum(y * p) + 1e-6) / (np.sum(y) + np.sum(p) + 1e-6)
    assert_reads_as(f, {"y": y, r"\hat{y}": p, r"\epsilon": 1e-6}, want, [])


# (id, source, latex, the names, the name-digits notes' texts)
UNICODE_DIGITS = [
    ("beta1-code", "a blog's Adam in code style with Unicode β1", r"c_t = β1 * m_{t-1} + (1 - β1) * g_t",
     ["c_t", "β1", "m_{t-1}", "g_t"], ["β1"]),  # noted once per name
    ("beta-space-2", "β then a spaced 2 stays a product", r"y = β 2", ["y", "β"], []),
    ("beta-x", "β then a letter stays a product", r"y = β x", ["y", "β", "x"], []),
]  # fmt: skip


@pytest.mark.parametrize(("row", "source", "latex", "names", "noted"), UNICODE_DIGITS, ids=[r[0] for r in UNICODE_DIGITS])
def test_unicode_greek_with_digits_is_a_name(row: str, source: str, latex: str, names: list[str],
                                             noted: list[str]) -> None:
    f = symdl.parse(latex)
    assert list(f.symbols) == names
    assert [latex[n.span.start : n.span.end] for n in f.notes if n.rule == "name-digits"] == noted


# (id, source, latex, the statement as SymPy prints it)
EMPIRICAL_MEANS = [
    ("ppo-clip", "Schulman et al. 2017 (PPO), eq. 7, with the hat on a plain E as the paper typesets it",
     r"L^{CLIP}(\theta) = \hat{E}_t \left[ \min(r_t(\theta) \hat{A}_t, \text{clip}(r_t(\theta), 1-\epsilon, "
     r"1+\epsilon) \hat{A}_t) \right]",
     "L^CLIP(theta) = E_{t}(Min(Ahat_t*r_t(theta), Ahat_t*Min(epsilon + 1, Max(1 - epsilon, r_t(theta)))))"),
    ("ppo-pg", "Schulman et al. 2017 (PPO), eq. 2, the policy-gradient objective",
     r"L = \hat{E}_t \left[ r_t A_t \right]", "L = E_{t}(A_t*r_t)"),
    ("hat-e-name", "a hatted E not before a subscripted bracket stays a name", r"y = \hat{E} x", "y = Ehat*x"),
]  # fmt: skip


@pytest.mark.parametrize(("row", "source", "latex", "want"), EMPIRICAL_MEANS, ids=[r[0] for r in EMPIRICAL_MEANS])
def test_a_hatted_e_before_a_bracket_is_an_empirical_mean(row: str, source: str, latex: str, want: str) -> None:
    s = symdl.parse(latex).statements[0]
    assert f"{s.lhs} = {s.rhs}" == want
