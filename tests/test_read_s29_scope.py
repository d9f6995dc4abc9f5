"""Scope and call-or-product rules of session 29 (issue 12), found silent by blind judges.

- ``product-of-pi``: ``\\cos\\frac{\\pi(t - T_1)}{T - T_1}`` (SGDR, warmup-cosine) is π times the difference, not a
  policy π applied to a time; code's ``cos(pi(t - T)/T)`` too (it was ``i·p·(t - T)``);
- ``log-mean``: ``\\log \\frac{1}{K}\\sum_k w_k`` (IWAE) is the log of the mean, not ``\\log(1/K)`` times the sum;
- ``gradient-implicit``: ``\\nabla_\\theta f(x)`` keeps its argument x (it was ``f(θ)``, x dropped); an argument
  written with θ's own letter (``J(\\theta)`` by ``\\theta_j``) is still the function of θ.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import sympy

import symdl

RNG = np.random.default_rng(292)
W = np.abs(RNG.normal(size=5)) + 0.1

VALUES: list[tuple[str, str, str, dict[str, Any], Any, str]] = [
    ("sgdr-warmup", "Loshchilov & Hutter (2017), SGDR with a linear warmup (blog form)",
     r"\eta_t = \eta_{\min} + \frac{\eta_{\max}-\eta_{\min}}{2}\left(1+\cos\frac{\pi(t-T_1)}{T-T_1}\right)",
     {r"\eta_{\min}": 0.01, r"\eta_{\max}": 0.1, "t": 30.0, "T_1": 10.0, "T": 100.0},
     0.01 + 0.045 * (1 + np.cos(np.pi * 20 / 90)), "product-of-pi"),
    ("cosine-code", "a notebook's cosine schedule", "lr = 0.5 * (1 + cos(pi(t - T0)/T))",
     {"t": 3.0, "T0": 1.0, "T": 10.0}, 0.5 * (1 + np.cos(np.pi * 2 / 10)), "code-pi"),
    ("iwae-log-mean", "Burda et al. (2016), the IWAE bound's inside", r"y = \log \frac{1}{K}\sum_{k=1}^K w_k",
     {"w": W, "K": 5}, np.log(W.mean()), "log-mean"),
    ("log-mean-exp", "a log-mean-exp", r"y = -\log\frac{1}{N}\sum_{i=1}^{N} e^{x_i}", {"x": np.log(W), "N": 5},
     -np.log(W.mean()), "log-mean"),
    ("log-mean-plus", "the sum's term ends at +", r"y = \log \frac{1}{K}\sum_{k=1}^K w_k + 2", {"w": W, "K": 5},
     np.log(W.mean()) + 2, "log-mean"),
]


@pytest.mark.parametrize(("latex", "args", "want", "rule"), [v[2:] for v in VALUES], ids=[v[0] for v in VALUES])
def test_value(latex: str, args: dict[str, Any], want: Any, rule: str) -> None:
    f = symdl.parse(latex)
    got = symdl.lambdify(f)(**args)
    np.testing.assert_allclose(float(np.asarray(got, dtype=float).ravel()[0]), want, rtol=1e-12)
    assert rule in {n.rule for n in f.notes}


@pytest.mark.parametrize(("latex", "call"), [
    (r"g = \pi(a|s)", "pi"),
    (r"y = \pi(s) + \pi(t)", "pi"),
    (r"y = \log \frac{1}{2} x", None),
], ids=["policy-bar", "policy-no-trig", "half-is-no-mean"])
def test_must_not_change(latex: str, call: str | None) -> None:
    f = symdl.parse(latex)
    rules = {n.rule for n in f.notes}
    assert not rules & {"product-of-pi", "log-mean"}
    if call is not None:
        assert any(type(a).__name__ == call for a in f.rhs.atoms(sympy.core.function.AppliedUndef))


@pytest.mark.parametrize(("latex", "arg"), [
    (r"g = \nabla_\theta f(x)", "x"),
    (r"g = \nabla_\theta f(\mu_\theta + \sigma_\theta \odot \epsilon)", "epsilon"),
    (r"g = \nabla_\theta f(g_\theta(\epsilon))", "epsilon"),
    (r"g = \nabla_{\boldsymbol\theta} f(\mathbf{x})", "x"),
], ids=["plain", "reparameterised", "sampler", "bold"])
def test_gradient_keeps_argument(latex: str, arg: str) -> None:
    f = symdl.parse(latex)
    assert arg in str(f.rhs), f.rhs
    (note,) = [n for n in f.notes if n.rule == "gradient-implicit"]
    assert latex[note.span.start : note.span.end].startswith("\\nabla")


@pytest.mark.parametrize(("latex", "want"), [
    (r"g = \frac{\partial}{\partial \theta_j} J(\theta)", "Derivative(J(theta[j]), theta[j])"),
    (r"g = \nabla_\theta J(\theta_t)", "Derivative(J(theta), theta)"),
], ids=["member", "iterate"])
def test_related_argument_is_the_variable(latex: str, want: str) -> None:
    f = symdl.parse(latex)
    assert str(f.rhs) == want
    assert "gradient-implicit" not in {n.rule for n in f.notes}


@pytest.mark.parametrize(("latex", "rule", "at"), [
    (r"L(N) \approx (N_c/N)^{\alpha_N}", "approx-as-equals", r"\approx"),  # Kaplan et al. (2020), eq. 1.1
    (r"y \simeq x + 1", "approx-as-equals", r"\simeq"),
    (r"\mathcal{L} = -\log\frac{\exp(v_i\cdot c_s/\phi)}{\sum_{j=0}^{r}\exp(v_i\cdot c_j/\phi)}", "dot-of-numbers",
     r"v_i\cdot c_s"),  # ProtoNCE (Li et al. 2021): embeddings written plain
], ids=["approx", "simeq", "protonce-entries"])
def test_guess_is_noted_where_written(latex: str, rule: str, at: str) -> None:
    f = symdl.parse(latex)
    spans = [latex[n.span.start : n.span.end] for n in f.notes if n.rule == rule]
    assert at in spans, spans


@pytest.mark.parametrize(("latex", "first"), [
    (r"y = \log p_\theta(x|z)p(z)", r"p_\theta(x|z)"),  # an ELBO's joint, pasted without parentheses
    (r"J = \log \pi(a|s) A(s,a)", r"\pi(a|s)"),  # the policy gradient's score times the advantage
], ids=["elbo-joint", "policy-gradient"])
def test_log_of_first_call_is_noted(latex: str, first: str) -> None:
    f = symdl.parse(latex)
    (note,) = [n for n in f.notes if n.rule == "log-of-first-call"]
    assert first in note.message
    assert "log" in str(f.rhs)


def test_log_of_one_call_has_no_note() -> None:
    assert "log-of-first-call" not in {n.rule for n in symdl.parse(r"y = \log p(x) + 1").notes}


def test_leading_equals_line_is_an_expression() -> None:
    """The Keras VAE tutorial's KL line pasted alone, starting with '=' (refused before: an empty side)."""
    f = symdl.parse(r"$$=-\frac{1}{2}(\log(\sigma_1)-\sigma_1-\mu^2_1+1)$$")
    assert "leading-equals" in {n.rule for n in f.notes}
    got = float(symdl.lambdify(f)(**{r"\sigma_1": 0.5, r"\mu_1": 0.3}))
    assert got == pytest.approx(-0.5 * (np.log(0.5) - 0.5 - 0.09 + 1), rel=1e-12)
