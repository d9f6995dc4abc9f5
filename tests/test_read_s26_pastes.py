"""Plain-text and Unicode pastes (session 26): vulgar fractions, 𝟙, a spaced tilde, a flattened ∇θ, plain connective
words, a known function spelt in letters after log, code names with a folded operator, and AdaGrad's sum up to the
current step.  Values against plain numpy; notes by rule; the ambiguous neighbours stay refused."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

import symdl
from tests.real_sources import assert_reads_as

RNG = np.random.default_rng(2626)
G6, A3, B3 = RNG.normal(size=6), RNG.normal(size=3), RNG.normal(size=3)


def _sigmoid(z: float) -> float:
    return float(1 / (1 + np.exp(-z)))


READ = [
    ("vulgar-fraction", "L = ½ x^2 + ¼ y", {"x": 1.5, "y": 2.0}, 0.5 * 1.5**2 + 0.25 * 2.0, []),
    ("three-quarters", "y = ¾ x", {"x": 2.0}, 1.5, []),
    ("double-struck-one", "y = 𝟙[a = b]", {"a": 2, "b": 2}, 1.0, []),
    ("plain-log-sigmoid", "L = -log sigmoid(z)", {"z": 0.3}, -np.log(_sigmoid(0.3)), []),
    ("plain-log-sigmoid-dpo", "L = -log sigmoid(b * (p - q))", {"b": 0.1, "p": 2.0, "q": 1.0},
     -np.log(_sigmoid(0.1)), []),
    ("code-name-unicode-dot", "cos_sim(a,b) = a·b / (‖a‖‖b‖)", {"a": A3, "b": B3},
     A3 @ B3 / (np.linalg.norm(A3) * np.linalg.norm(B3)), []),
    ("adagrad-up-to-step", r"u_t = -\eta \frac{g_t}{\sqrt{\sum_{s \le t} g_s^2} + \epsilon}",
     {r"\eta": 0.1, "g": G6, "t": 4, r"\epsilon": 1e-8}, -0.1 * G6[3] / (np.sqrt(np.sum(G6[:4] ** 2)) + 1e-8),
     ["member-at-sum-bound", "sum-up-to"]),
    ("up-to-strict", r"G_t = \sum_{\tau < t} g_\tau^2", {"g": G6, "t": 4}, np.sum(G6[:3] ** 2), ["sum-up-to"]),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [r[1:] for r in READ], ids=[r[0] for r in READ])
def test_reads_as_meant(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


@pytest.mark.parametrize(("latex", "wanted"), [
    ("ε ~ N(0, I); z = μ + σ ⊙ ε", "distribution-clause"),  # the draw set aside, z read
    ("y_i = x_i^2, for i = 1, \\dots, C", "condition-clause"),
    ("y_i = x_i^2, for~i=1,…, C", "condition-clause"),
    ("y = Wx + b where W \\in \\mathbb{R}^{3 \\times 3}", "capital-matrix"),
], ids=["spaced-tilde", "plain-for", "tie-for", "plain-where"])
def test_plain_words_and_tilde(latex: str, wanted: str) -> None:
    formula = symdl.parse(latex)
    rules = [n.rule for n in formula.notes]
    assert len(formula.statements) >= 1
    assert wanted in rules
    assert not any("f*o*r" in str(s.rhs) for s in formula.statements)


@pytest.mark.parametrize(("latex", "by"), [
    ("θ ← θ − η ∇θ L(θ)", "theta"),
    ("g = ∇w L(w, b)", "w"),
], ids=["flattened-nabla-theta", "flattened-nabla-w"])
def test_flattened_nabla_is_a_gradient_by_its_letter(latex: str, by: str) -> None:
    rhs = symdl.parse(latex).statements[0].rhs
    derivs = list(rhs.atoms(sympy.Derivative))
    assert len(derivs) == 1 and str(derivs[0].variables[0]) == by


@pytest.mark.parametrize("latex", [
    "L = −log exp(s_i/τ) / ∑_k exp(s_k/τ)",  # of the call or of the quotient?
    r"\sum_{i<j} x_i x_j",  # pairs
], ids=["log-over-quotient", "pairs"])
def test_ambiguous_stays_refused(latex: str) -> None:
    with pytest.raises(symdl.NotSupported):
        symdl.parse(latex)


def test_nabla_of_a_call_keeps_its_name() -> None:
    """``∇f(w)``: the gradient of f at w, not by f."""
    rhs = symdl.parse("w = w - η ∇f(w)").statements[0].rhs
    assert "Derivative(f(w), w)" in str(rhs)
