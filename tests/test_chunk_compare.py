"""compare(): same concept under a derived mapping of symbols and parameters."""

from __future__ import annotations

import pytest
import sympy

import symdl
from symdl.chunk import compare
from symdl.render.explanation import comparison_to_json, comparison_to_markdown, comparison_to_text

RUDER = r"v_t = \gamma v_{t-1} + \eta \nabla_{\theta} J(\theta) \\ \theta = \theta – v_t"
NG = r"v = \beta v + (1-\beta) dW \\ W = W – \alpha v"


def _sym(f: symdl.Formula, name: str) -> sympy.Basic:
    return f.symbols[name]


def test_ruder_vs_ng_momentum_mapping_is_derived() -> None:
    a, b = symdl.parse(RUDER), symdl.parse(NG)
    cmp = compare(a, b)
    assert cmp.same and cmp.concept == "momentum"
    m = dict(cmp.mapping)
    eta, gamma = _sym(a, r"\eta"), _sym(a, r"\gamma")
    alpha, beta = _sym(b, r"\alpha"), _sym(b, r"\beta")
    assert sympy.expand(m[eta] - alpha * (1 - beta)) == 0
    assert m[gamma] == beta
    assert m[_sym(a, r"\theta")] == _sym(b, "W")
    (resc,) = cmp.rescaling
    assert resc == (_sym(a, "v_t"), alpha * _sym(b, "v"))
    assert r"\alpha \left(1 - \beta\right)" in comparison_to_markdown(cmp)


def test_reverse_direction_solves_for_the_other_parameters() -> None:
    a, b = symdl.parse(NG), symdl.parse(RUDER)
    cmp = compare(a, b)
    assert cmp.same
    m = dict(cmp.mapping)
    alpha, beta = _sym(a, r"\alpha"), _sym(a, r"\beta")
    eta, gamma = _sym(b, r"\eta"), _sym(b, r"\gamma")
    assert m[beta] == gamma
    assert sympy.simplify(m[alpha] - eta / (1 - gamma)) == 0


CASES = [
    ("ema-numeric-vs-symbolic", r"v = 0.9 v + 0.1 g", r"m = \beta m + (1-\beta) x", True, "ema"),
    ("sigmoid-forms", r"\frac{e^{x}}{1+e^{x}}", r"\sigma(y)", True, "sigmoid"),
    (
        "softmax-names",
        r"\frac{e^{z_i}}{\sum_j e^{z_j}}",
        r"\frac{\exp(x_k)}{\sum_{l=1}^{K} \exp(x_l)}",
        True,
        "softmax",
    ),
    (
        "adam-vs-rmsprop",
        (
            r"v = \beta_1 v + (1-\beta_1) dW \\ s = \beta_2 s + (1-\beta_2) dW^2 \\ "
            r"W = W – \alpha \frac{v}{\sqrt s + \epsilon}"
        ),
        r"s = \beta s + (1-\beta) dW^2 \\ W = W – \alpha \frac{dW}{\sqrt s}",
        False,
        None,
    ),
    ("sigmoid-vs-tanh", r"\sigma(x)", r"\tanh(x)", False, None),
    ("ema-vs-running-sum", r"v = 0.9 v + 0.1 g", r"G = G + g^2", False, None),
    (
        "sgd-vs-sgd",
        r"\theta = \theta - \eta \frac{\partial L}{\partial \theta}",
        r"w \leftarrow w - \alpha \nabla_w J(w)",
        True,
        None,
    ),
]


@pytest.mark.parametrize(("a", "b", "same", "concept"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_compare_table(a: str, b: str, same: bool, concept: str | None) -> None:
    cmp = compare(symdl.parse(a), symdl.parse(b))
    assert cmp.same is same, cmp.reasons
    if concept is not None:
        assert cmp.concept == concept
    assert comparison_to_text(cmp, color=False)
    assert '"same"' in comparison_to_json(cmp)


def test_ema_decay_mapping() -> None:
    a, b = symdl.parse(r"v = 0.9 v + 0.1 g"), symdl.parse(r"m = \beta m + (1-\beta) x")
    m = dict(compare(a, b).mapping)
    assert abs(float(m[_sym(b, r"\beta")]) - 0.9) < 1e-12
