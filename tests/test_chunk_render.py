"""What a user sees: terminal text, Markdown, LaTeX with \\underbrace labels, JSON."""

from __future__ import annotations

import json

import pytest

import symdl
from symdl.chunk import explain
from symdl.render.explanation import to_json, to_latex, to_markdown, to_text

ADAM = (
    r"v = \beta_1 v + (1-\beta_1) dW \\ s = \beta_2 s + (1-\beta_2) dW^2 \\ "
    r"W = W – \alpha \frac{v}{\sqrt s + \epsilon}"
)
NEAR = (
    r"\alpha_{ts} = \frac{exp(score(\mathbf{h}_t,\bar{\mathbf{h}_s}))}"
    r"{\sum_{s’=1}^{S}{score(\mathbf{h}_t,\bar{\mathbf{h}_{s’}})}}"
)


@pytest.fixture(scope="module")
def adam() -> symdl.chunk.Explanation:
    return explain(symdl.parse(ADAM))


def test_text_plain_has_tree_names_and_relations(adam: symdl.chunk.Explanation) -> None:
    text = to_text(adam, color=False)
    assert "\x1b[" not in text
    assert "exponential moving average" in text
    assert "statement 3" in text
    assert "└──" in text
    assert "momentum's numerator + RMSProp's denominator" in text


def test_text_color_uses_ansi(adam: symdl.chunk.Explanation) -> None:
    assert "\x1b[" in to_text(adam, color=True)


def test_markdown_lists_concepts(adam: symdl.chunk.Explanation) -> None:
    md = to_markdown(adam)
    assert "(`ema`)" in md and "**Relations**" in md
    assert md == adam._repr_markdown_()


def test_latex_annotates_chunks_with_underbrace(adam: symdl.chunk.Explanation) -> None:
    tex = to_latex(adam)
    assert tex.startswith(r"\begin{aligned}")
    assert r"\underbrace{" in tex and r"\text{exponential moving average}" in tex
    assert tex.count(r"\\") == 2
    assert adam._repr_latex_().startswith("$$")


def test_latex_nested_chunks_alternate_braces() -> None:
    expl = explain(symdl.parse(r"\mathbf{a}_t = tanh(\mathbf{W_c} [ \mathbf{c}_t ; \mathbf{h}_t])"))
    tex = to_latex(expl)
    assert r"\underbrace" in tex and r"\overbrace" in tex
    assert r"\text{concatenation}" in tex


def test_json_round_trips(adam: symdl.chunk.Explanation) -> None:
    data = json.loads(to_json(adam))
    assert set(data["concepts"]) >= {"adam", "ema"}
    assert data["statements"][0]["concept"] == "ema"
    assert data["statements"][0]["params"]["decay"] == "beta_1"
    assert any(r["concept"] == "adam" for r in data["relations"])


def test_near_miss_is_shown_with_fix() -> None:
    expl = explain(symdl.parse(NEAR))
    text = to_text(expl, color=False)
    assert "near miss" in text and "fix:" in text
    data = json.loads(to_json(expl))
    assert data["statements"][0]["near_miss"]["fix"].count("e^{") == 2


def test_str_is_plain_text(adam: symdl.chunk.Explanation) -> None:
    assert str(adam) == to_text(adam, color=False)


def test_repeated_subexpression_becomes_intermediate() -> None:
    expl = explain(symdl.parse(r"y = (a + b c)^2 \\ z = \log(a + b c) + w"))
    assert [c.name for c in expl.intermediates] == ["u_1"]
    assert any(c.name == "u_1" for c in expl.chunks())


@pytest.mark.parametrize(
    ("latex", "shown"),
    [
        pytest.param(r"v = 0.9 v + 0.1 g", "decay 0.9 (weight 0.1 on the new value)", id="ema-decimal-decay"),
        pytest.param(r"v = 0.999 v + 0.001 g^2", "decay 0.999 (weight 0.001 on the new value)", id="rmsprop-decay"),
        pytest.param(r"\epsilon = 1e-8", "ε = 10⁻⁸", id="scientific-notation"),
        pytest.param(r"\epsilon = 10^{-8}", "ε = 10⁻⁸", id="power-of-ten"),
        pytest.param(r"y = 0.044715 x^3", "0.044715·x³", id="gelu-constant"),
    ],
)
def test_decimals_print_as_written_not_as_15_digit_floats(latex: str, shown: str) -> None:
    """Terminal text shows 0.9, not SymPy's 0.900000000000000 (nor float noise like 0.09999999999999998)."""
    text = to_text(explain(symdl.parse(latex)), color=False)
    assert shown in text, text
    assert "00000000" not in text and "99999999" not in text
