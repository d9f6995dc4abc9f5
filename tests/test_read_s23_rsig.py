"""Function letters read with one meaning where the source may mean another (session 23, issue 12).

- ``sigma-activation``: σ(·) of a computed argument defining a layer's or node's new representation (Kipf & Welling's
  GCN, GAT, d2l's hidden layer) stays the sigmoid, noted as a guess; gates, probabilities, Nielsen's σ(z^l) are not;
- ``functional-bracket``: L, J, F (plain or calligraphic) before square brackets holding one name are a functional
  (variational inference's \\mathcal{L}[q], the calculus of variations' J[y]), not a product;
- ``unicode-sum``: TeX's \\Sigma_i before a term subscripted by i, in a formula writing Σ nowhere as a value, is the sum;
- ``subscript-call``: a permuted index x_{\\pi(i)} (XLNet) stays one name, noted; π the policy and π the constant keep
  their readings.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import symdl

RNG = np.random.default_rng(23)
X = RNG.normal(size=4)
W = RNG.normal(size=4)
T = RNG.normal(size=4)
WM = RNG.normal(size=(3, 4))
B = RNG.normal(size=3)


def _sig(z: Any) -> Any:
    return 1 / (1 + np.exp(-z))


# (id, source, latex, arguments, plain numpy's value, the notes' rules in order)
VALUES: list[tuple[str, str, str, dict[str, Any], Any, list[str]]] = [
    ("hidden-layer", "d2l 5.1: h = σ(Wx + b), σ an activation function", r"h = \sigma(W x + b)",
     {"W": WM, "x": X, "b": B}, _sig(WM @ X + B), ["sigma-activation", "capital-matrix"]),
    ("forum-sigma-sum", "a forum answer's weighted sum, \\Sigma for \\sum", r"z = \Sigma_i w_i x_i + b",
     {"w": W, "x": X, "b": 0.5}, W @ X + 0.5, ["unicode-sum"]),
    ("sigma-sum-of-squares", "a blog's squared error with \\Sigma", r"L = \Sigma_i (y_i - t_i)^2",
     {"y": X, "t": T}, ((X - T) ** 2).sum(), ["unicode-sum"]),
    ("sigma-mean", "a blog's mean, \\frac{1}{n}\\Sigma_i x_i", r"m = \frac{1}{n}\Sigma_i x_i", {"x": X, "n": 4},
     X.mean(), ["unicode-sum"]),
    ("sigma-inside-call", "a neuron's output pasted with \\Sigma_j", r"y = \sigma(\Sigma_{j} w_j x_j)",
     {"w": W, "x": X}, _sig(W @ X), ["unicode-sum"]),
    # must not change
    ("gate-unnoted", "Olah's LSTM forget gate: a gate is the sigmoid", r"f_t = \sigma(W_f x_t + b_f)",
     {"W_f": WM, "x_t": X, "b_f": B}, _sig(WM @ X + B), ["capital-matrix"]),
    ("probability-unnoted", "logistic regression (cs229): a probability is the sigmoid", r"p = \sigma(w^T x + b)",
     {"w": W, "x": X, "b": 0.3}, _sig(W @ X + 0.3), []),
    ("nielsen-named-preactivation", "Nielsen ch.2: a^l = σ(z^l), σ of a named pre-activation",
     r"a^l = \sigma(z^l)", {"z^l": X}, _sig(X), ["superscript-layer", "superscript-layer"]),
    ("sigma-defined", "σ defined by the formula itself", r"h = \sigma(w x), \sigma(u) = \frac{1}{1 + e^{-u}}",
     {"w": 0.5, "x": 1.5}, _sig(0.75), []),
    ("relu-written", "GCN with ReLU written out", r"h = \mathrm{ReLU}(W x + b)", {"W": WM, "x": X, "b": B},
     np.maximum(WM @ X + B, 0), ["capital-matrix"]),
    ("gelu-pi-constant", "Hendrycks & Gimpel's tanh GELU: π the constant",
     r"y = 0.5 x (1 + \tanh(\sqrt{2/\pi}(x + 0.044715 x^3)))", {"x": X},
     0.5 * X * (1 + np.tanh(np.sqrt(2 / np.pi) * (X + 0.044715 * X**3))), []),
    ("gaussian-pi-constant", "the normal density: 2πσ^2", r"p = \frac{1}{\sqrt{2\pi\sigma^2}} e^{-x^2/(2\sigma^2)}",
     {"x": 0.7, r"\sigma": 1.3}, np.exp(-0.49 / (2 * 1.69)) / np.sqrt(2 * np.pi * 1.69), []),
]


@pytest.mark.parametrize(("latex", "args", "expected", "rules"), [c[2:] for c in VALUES], ids=[c[0] for c in VALUES])
def test_value_and_notes(latex: str, args: dict[str, Any], expected: Any, rules: list[str]) -> None:
    f = symdl.parse(latex)
    assert [n.rule for n in f.notes] == rules
    got = symdl.lambdify(f)(**args)
    if isinstance(got, dict):
        got = next(iter(got.values()))
    np.testing.assert_allclose(np.asarray(got, dtype=float).ravel(), np.ravel(expected), rtol=1e-10)


# (id, source, latex, the rule expected, the noted text)
NOTED = [
    ("gcn", "Kipf & Welling 2017, eq. 2", r"H^{(l+1)} = \sigma(\tilde{A} H^{(l)} W^{(l)})", "sigma-activation",
     r"\sigma(\tilde{A} H^{(l)} W^{(l)})"),
    ("gat", "Veličković et al. 2018, eq. 4", r"h_i' = \sigma(\sum_{j\in\mathcal{N}_i}\alpha_{ij}W h_j)",
     "sigma-activation", r"\sigma(\sum_{j\in\mathcal{N}_i}\alpha_{ij}W h_j)"),
    ("mpnn", "Gilmer et al. / GraphSAGE style update", r"h_v^{(k)} = \sigma(W h_v^{(k-1)})", "sigma-activation",
     r"\sigma(W h_v^{(k-1)})"),
    ("elbo", "Blei et al. 2017: the evidence lower bound of q", r"y = \mathcal{L}[q] + 1", "functional-bracket",
     r"\mathcal{L}[q]"),
    ("calculus-of-variations", "Goodfellow et al. 19.4.2: a functional J[y]", r"J[y] = \int_a^b y(x)^2 dx",
     "functional-bracket", "J[y]"),
    ("lagrangian", "a Lagrangian functional L[\\phi]", r"E = L[\phi]", "functional-bracket", r"L[\phi]"),
    ("xlnet", "Yang et al. 2019 (XLNet), eq. 3", r"p(x) = \prod_{t=1}^T p(x_{\pi(t)} | x_{\pi(<t)})",
     "subscript-call", r"x_{\pi(t)}"),
    ("permuted-entry", "a permutation applied to an index", r"y = x_{\pi(i)}", "subscript-call", r"x_{\pi(i)}"),
]


@pytest.mark.parametrize(("latex", "rule", "text"), [c[2:] for c in NOTED], ids=[c[0] for c in NOTED])
def test_noted(latex: str, rule: str, text: str) -> None:
    f = symdl.parse(latex)
    found = [latex[n.span.start : n.span.end] for n in f.notes if n.rule == rule]
    assert text in found


# near misses that keep their old reading: (id, latex, a rule that must not be noted, text in the reading)
KEPT = [
    ("sigma-inverse-matrix", r"y = \Sigma^{-1} x", "unicode-sum", "Sigma**(-1)"),
    ("sigma-entry", r"y = \Sigma_{ij}", "unicode-sum", "Sigma[i, j]"),
    ("sigma-after-factor", r"y = a \Sigma_i x_i", "unicode-sum", "Sigma[i]"),
    ("sigma-with-matrix-use", r"y = \Sigma^{-1} x + \Sigma_i x_i", "unicode-sum", "Sigma[i]"),
    ("bracket-spaced", r"y = L [q]", "functional-bracket", "L*q"),
    ("bracket-expression", r"y = L[x + 1]", "functional-bracket", "L*(x + 1)"),
    ("other-capital", r"y = W[x]", "functional-bracket", "W*x"),
    ("expectation", r"m = E[x]", "functional-bracket", "Trace"),
    ("policy-ratio", r"r = \frac{\pi_\theta(a|s)}{\pi_{\theta_{old}}(a|s)}", "subscript-call", "pi_{\\theta}(a, s)"),
    ("policy-log", r"J = \log \pi(a_t \mid s_t)", "subscript-call", "log(pi(a_t, s_t))"),
    ("plain-index", r"y = x_{i+1}", "subscript-call", "x[i + 1]"),
    ("y-hat-probability", r"\hat{y} = \sigma(W x + b)", "sigma-activation", "sigmoid"),
]


@pytest.mark.parametrize(("latex", "rule", "shown"), [c[1:] for c in KEPT], ids=[c[0] for c in KEPT])
def test_kept(latex: str, rule: str, shown: str) -> None:
    f = symdl.parse(latex)
    assert rule not in {n.rule for n in f.notes}
    assert shown in str(f.statements[-1].rhs)
