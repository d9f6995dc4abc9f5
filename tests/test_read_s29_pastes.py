"""Pastes of several equations and index notation, session 29 (issue 12; blind judges of set 30 found each silent).

- two displays pasted side by side, ``$$a = b$$ $$c = d$$`` or ``$a$ $b$``, are two statements (they were one chain,
  the gap a product: Adam's m_t got v_t's formula);
- the word ``and`` alone between two equations of a plain-text paste separates them (it was the product a·n·d);
- ``\\sum_{h,w} x_{nchw}``: a subscript of letters, two of them summed, indexes a tensor's entries (it was one name
  ``x_{nchw}``, summed as a constant);
- digit superscripts number the layers where a name carries the superscript 1 (Nielsen's worked network
  ``a^2_1 = \\sigma(w^2_{11} a^1_1 + ...)``; they were squares), each name with a digit subscript one entry.
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl

RNG = np.random.default_rng(294)


@pytest.mark.parametrize(("latex", "targets"), [
    (r"$$m_t = \beta_1 m_{t-1} + (1 - \beta_1) g_t$$ $$v_t = \beta_2 v_{t-1} + (1 - \beta_2) g_t^2$$", ["m_t", "v_t"]),
    (r"$v_{t+1}=\rho v_t-\alpha\nabla f(x_t+\rho v_t)$ $x_{t+1}=x_t+v_{t+1}$", ["v_{t+1}", "x_{t+1}"]),
    ("$$a = b + 1$$\n$$c = 2a$$", ["a", "c"]),
    ("PE(pos, 2i) = sin(pos / 10000^(2i/d_model)) and PE(pos, 2i+1) = cos(pos / 10000^(2i/d_model))",
     ["PE(pos, 2*i)", "PE(pos, 2*i + 1)"]),
    ("a = b and c = d", ["a", "c"]),
    (r"{% \nu_t = \beta \nu_{t-1} - \alpha \nabla J(\theta_t) %} {% \theta_{t+1} = \theta_t + \nu_t %}",
     ["nu_t", "theta_{t+1}"]),
], ids=["adam-displays", "nesterov-inline", "displays-on-two-lines", "positional-and", "and", "liquid-tags"])
def test_separate_equations(latex: str, targets: list[str]) -> None:
    f = symdl.parse(latex)
    assert [str(st.lhs) for st in f.statements] == targets


@pytest.mark.parametrize("latex", ["$y = x^2$", "$$y = x$$", "y = a and b"], ids=["inline", "display", "and-no-eq"])
def test_one_statement_stays_one(latex: str) -> None:
    assert len(symdl.parse(latex).statements) == 1


def test_adam_displays_values() -> None:
    f = symdl.parse(r"$$m_t = \beta_1 m_{t-1} + (1 - \beta_1) g_t$$ $$v_t = \beta_2 v_{t-1} + (1 - \beta_2) g_t^2$$")
    got = symdl.lambdify(f)(**{r"\beta_1": 0.9, r"\beta_2": 0.99, "m_{t-1}": 0.5, "v_{t-1}": 0.2, "g_t": 2.0})
    assert got["m_t"] == pytest.approx(0.9 * 0.5 + 0.1 * 2.0, rel=1e-12)
    assert got["v_t"] == pytest.approx(0.99 * 0.2 + 0.01 * 4.0, rel=1e-12)


def test_layout_subscript_indexes_entries() -> None:
    """Instance norm's mean of each image and channel: the sum runs over the spatial entries of x_{nchw}, and n, c
    (beside the summed h, w) are indices too (session 44; before: a label x_{nc})."""
    x = RNG.normal(size=(2, 3, 3, 4))
    f = symdl.parse(r"\mu_{nc} = \frac{1}{HW}\sum_{h=1}^{H}\sum_{w=1}^{W} x_{nchw}")
    got = symdl.lambdify(f)(x=x, H=3, W=4)
    np.testing.assert_allclose(np.asarray(got, dtype=float), x.mean(axis=(2, 3)), rtol=1e-12)


@pytest.mark.parametrize("latex", [r"L_{dice} = \sum_i p_i", r"\alpha_{init} = \sum_i x_i"], ids=["dice", "init"])
def test_word_subscripts_stay_names(latex: str) -> None:
    f = symdl.parse(latex)
    assert "_" in str(f.lhs)


def test_digit_layers() -> None:
    """Nielsen's worked network: layer 2's first activation from layer 1's."""
    f = symdl.parse(r"a^2_1 = \sigma(w^2_{11} a^1_1 + w^2_{12} a^1_2 + b^2_1)")
    assert "superscript-digit-layer" in {n.rule for n in f.notes}
    args = {"w^2_{11}": 0.3, "w^2_{12}": -1.1, "a^1_1": 0.7, "a^1_2": 0.2, "b^2_1": 0.05}
    got = float(symdl.lambdify(f)(**args))
    assert got == pytest.approx(1 / (1 + np.exp(-(0.3 * 0.7 - 1.1 * 0.2 + 0.05))), rel=1e-12)


@pytest.mark.parametrize("latex", [r"y = x^2 + x^3", r"W^2", r"y = e^1 x^2"], ids=["polynomial", "bare", "e-to-1"])
def test_powers_stay_powers(latex: str) -> None:
    assert "superscript-digit-layer" not in {n.rule for n in symdl.parse(latex).notes}


def test_pasted_greek_with_plain_subscript() -> None:
    """A chat's softmax Jacobian ∂s_i/∂z_j = s_i(δ_ij - s_j): δ_ij is the Kronecker delta (it was δ_i times j)."""
    f = symdl.parse("J_ij = s_i(δ_ij - s_j)")
    s = np.array([0.2, 0.5, 0.3])
    np.testing.assert_allclose(symdl.lambdify(f)(s=s), np.diag(s) - np.outer(s, s), rtol=1e-12)
    assert "plain-subscript" in {n.rule for n in f.notes}


def test_decorated_superscript_is_a_label() -> None:
    """A GRU's candidate weights W^{(\\tilde{h})}_{xh}, U^{\\tilde{h}}_{hh}: labels (they were powers)."""
    f = symdl.parse(r"\tilde{h}_t = \tanh(W^{(\tilde{h})}_{xh}x_t + r_t\circ U^{\tilde{h}}_{hh}h_{t-1})")
    assert "**" not in str(f.rhs)
    assert any(k.startswith("W^htilde") for k in f.shapes) and any(k.startswith("U^htilde") for k in f.shapes)


def test_index_equality_after_a_wide_space_is_a_condition() -> None:
    """The softmax Jacobian's two cases: ``\\quad i = j`` is the first line's condition (it was a statement of its own,
    chained into the next line, silently)."""
    f = symdl.parse(r"\frac{\partial p_j}{\partial o_i} = p_i (1-p_i), \quad i = j \\"
                    r" \frac{\partial p_j}{\partial o_i} = - p_i p_j, \quad i \ne j")
    assert len(f.statements) == 2
    assert [n.rule for n in f.notes].count("condition-clause") == 2


@pytest.mark.parametrize("latex", [r"h = [\overrightarrow{h}_t ; \overleftarrow{h}_t]",
                                   r"h_t = [\overrightarrow{h}_t, \overleftarrow{h}_t]"], ids=["semicolon", "comma"])
def test_states_at_a_step_are_stacked(latex: str) -> None:
    """A bidirectional RNN's output: the two hidden states stacked (they were two numbers, a 2-vector, silently)."""
    f = symdl.parse(latex)
    fw, bw = RNG.normal(size=3), RNG.normal(size=2)
    args = {r"\overrightarrow{h}_t": fw, r"\overleftarrow{h}_t": bw}
    got = np.ravel(symdl.lambdify(f)(**args))
    np.testing.assert_allclose(got, np.concatenate([fw, bw]), rtol=1e-12)
    assert "bracket-concat" in {n.rule for n in f.notes}


@pytest.mark.parametrize("latex", [r"h = [a; b]", r"p = [x_1, x_2]", r"y = [h_t; 1]"], ids=["letters", "entries", "one"])
def test_numbers_listed_stay_numbers(latex: str) -> None:
    assert "bracket-concat" not in {n.rule for n in symdl.parse(latex).notes}
