"""The precedence table (README "How operators group") and its reading notes, on formulas from real sources.

Each row: the formula as a source writes it, the arguments, the value plain numpy gives for the
reading the author means, and the reading notes symdl must attach (rule and the text they cover).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

import symdl
from symdl.cli import main

RNG = np.random.default_rng(11)
Y, YHAT, X = RNG.normal(size=6), RNG.normal(size=6), RNG.normal(size=6)
T, Q = RNG.uniform(0.1, 0.9, size=5), RNG.uniform(0.1, 0.9, size=5)
W = RNG.normal(size=(3, 4))
XV, B = RNG.normal(size=4), RNG.normal(size=3)

Case = tuple[str, str, dict[str, Any], Callable[[], Any], list[tuple[str, str]]]

CASES: list[Case] = [
    # (id, formula, arguments, numpy value, [(rule, text the note covers)])
    ("ng-mse-1-over-m", r"1/m \sum_{i=1}^{m} (y_i - \hat y_i)^2", {"m": 6, "y": Y, "\\hat y": YHAT},
     lambda: np.mean((Y - YHAT) ** 2), [("division-reach", r"1/m \sum_{i=1}^{m} (y_i - \hat y_i)^2")]),
    ("goodfellow-weight-decay", r"\lambda/2 w^2", {"\\lambda": 0.3, "w": 1.7},
     lambda: 0.3 / 2 * 1.7**2, [("division-reach", r"\lambda/2 w^2")]),
    ("half-squared-error", r"1/2 (y - \hat y)^2", {"y": 1.5, "\\hat y": 0.25},
     lambda: 0.5 * 1.25**2, [("division-reach", r"1/2 (y - \hat y)^2")]),
    ("frac-needs-no-note", r"\frac{1}{2m}\sum_{i=1}^{m} (\hat y_i - y_i)^2", {"m": 6, "y": Y, "\\hat y": YHAT},
     lambda: np.sum((YHAT - Y) ** 2) / 12, []),
    ("product-over-divisor", r"a b / c", {"a": 2.0, "b": 3.0, "c": 4.0}, lambda: 1.5, []),
    ("divide-twice", r"a / b / c", {"a": 2.0, "b": 4.0, "c": 5.0}, lambda: 0.1, []),
    ("cdot-after-divisor", r"x / y \cdot z", {"x": 3.0, "y": 4.0, "z": 2.0}, lambda: 1.5,
     [("division-reach", r"x / y \cdot z"), ("dot-of-numbers", r"y \cdot z")]),
    ("unary-minus-power", r"-x^2", {"x": 3.0}, lambda: -9.0, []),
    ("unary-minus-product", r"-a b + c", {"a": 2.0, "b": 3.0, "c": 1.0}, lambda: -5.0, []),
    ("left-assoc-minus", r"a - b - c", {"a": 1.0, "b": 2.0, "c": 3.0}, lambda: -4.0, []),
    ("cross-entropy-one-sum", r"-\sum_k t_k \log q_k + (1-t_k)\log(1-q_k)", {"t": T, "q": Q},
     lambda: -np.sum(T * np.log(Q) + (1 - T) * np.log(1 - Q)),
     [("sum-reach", r"\sum_k t_k \log q_k + (1-t_k)\log(1-q_k)")]),
    ("ng-cost-one-sum", r"-\frac{1}{m}\sum_{i=1}^m y_i \log a_i + (1-y_i)\log(1-a_i)",
     {"m": 5, "y": T, "a": Q}, lambda: -np.mean(T * np.log(Q) + (1 - T) * np.log(1 - Q)),
     [("sum-reach", r"\sum_{i=1}^m y_i \log a_i + (1-y_i)\log(1-a_i)")]),
    ("nielsen-bias-outside", r"\sum_j W_{ij} x_j + b_i", {"W": W, "x": XV, "b": B}, lambda: W @ XV + B, []),
    ("two-sums-same-index", r"\sum_i x_i + \sum_i y_i", {"x": X, "y": Y}, lambda: X.sum() + Y.sum(), []),
    ("mean-minus-constant", r"\frac{1}{m}\sum_{i=1}^m x_i - c", {"m": 6, "x": X, "c": 0.5},
     lambda: X.mean() - 0.5, []),
    ("ridge-two-sums", r"\sum_{i=1}^{n} (y_i - \hat y_i)^2 + \lambda \sum_{j} w_j^2",
     {"n": 6, "y": Y, "\\hat y": YHAT, "\\lambda": 0.1, "w": XV},
     lambda: np.sum((Y - YHAT) ** 2) + 0.1 * np.sum(XV**2), []),
    ("softmax-no-note", r"\frac{e^{z_i}}{\sum_j e^{z_j}}", {"z": XV}, lambda: np.exp(XV) / np.exp(XV).sum(), []),
    ("cube-root", r"\sqrt[3]{x} + 2^{-1}", {"x": 27.0}, lambda: 3.5, []),
    # Sudre et al. 2017 (generalised Dice): p_{ln} after the inner \sum_n joins the innermost sum whose index it uses
    ("dice-nested-sum-inner", r"\sum_{l=1}^{3} w_l \sum_n r_{ln} + p_{ln}", {"w": B, "r": W, "p": 2 * W},
     lambda: np.sum(B * np.sum(W + 2 * W, axis=1)),
     [("sum-reach", r"\sum_n r_{ln} + p_{ln}")]),
    # a term that uses only the outer index joins the outer sum, outside the inner one
    ("nested-sum-outer-index", r"\sum_{i=1}^{3} \sum_j W_{ij} + b_i", {"W": W, "b": B},
     lambda: np.sum(W.sum(axis=1) + B), [("sum-reach", r"\sum_{i=1}^{3} \sum_j W_{ij} + b_i")]),
]


@pytest.mark.parametrize(("formula", "args", "expected", "notes"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_grouping_value_and_notes(formula: str, args: dict[str, Any], expected: Callable[[], Any],
                                  notes: list[tuple[str, str]]) -> None:
    f = symdl.parse(formula)
    got = symdl.lambdify(f)(**args)
    np.testing.assert_allclose(np.asarray(got, dtype=float), expected(), rtol=1e-12)
    assert [(n.rule, formula[n.span.start:n.span.end]) for n in f.notes] == notes
    for n in f.notes:
        assert n.alternative and n.message.startswith("read ")


def test_notes_shown_by_parse_explain_and_check(capsys: pytest.CaptureFixture[str]) -> None:
    source = r"1/m \sum_{i=1}^{m} (y_i - w x_i)^2"
    assert main(["parse", source, "--no-color"]) == 0
    assert "note: read 1/m" in capsys.readouterr().out
    assert main(["parse", source, "--format", "json"]) == 0
    (note,) = json.loads(capsys.readouterr().out)["notes"]
    assert note["rule"] == "division-reach" and note["span"] == [0, len(source)] and note["text"] == source
    assert main(["explain", source, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["notes"][0]["rule"] == "division-reach"
    assert main(["explain", source, "--no-color"]) == 0
    assert "other reading: to divide by the product" in capsys.readouterr().out
    claim = r"-2/m \sum_{i=1}^m x_i (y_i - w x_i)"
    assert main(["check", source, "--wrt", "w", "--claim", claim, "--no-color"]) == 0
    out = capsys.readouterr().out
    assert "reading note (function)" in out and "reading note (claim)" in out


NAME_NOTES = [
    # (id, formula, [(rule, the text the note covers)]): one note per name a rule read one way of two
    ("nielsen-activation", r"a^l = \sigma(z^l)", [("superscript-layer", "a^l"), ("superscript-layer", "z^l")]),
    ("nielsen-weighted-input", r"z^l_j = \sum_k w^l_{jk} a^{l-1}_k + b^l_j + w^l_{jk}",
     [("superscript-layer", "z^l_j"), ("superscript-layer", "w^l_{jk}"), ("superscript-layer", "a^{l-1}_k"),
      ("superscript-layer", "b^l_j")]),
    ("bracketed-layer-is-unambiguous", r"a^{[l]} = \tanh(z^{[l]})", []),
    ("rate-raised-to-power", r"\beta_1^t m", []),
    ("plain-power", r"x^2 + y^3", []),
]


@pytest.mark.parametrize(("formula", "notes"), [c[1:] for c in NAME_NOTES], ids=[c[0] for c in NAME_NOTES])
def test_names_read_by_a_rule_are_noted(formula: str, notes: list[tuple[str, str]]) -> None:
    f = symdl.parse(formula)
    assert [(n.rule, formula[n.span.start:n.span.end]) for n in f.notes] == notes
    for n in f.notes:
        assert "other reading" not in n.message and n.alternative.startswith("for a power")


def test_readme_lists_every_reading_rule() -> None:
    from pathlib import Path

    from symdl.read.notes import NOTE_RULES

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert [r for r in NOTE_RULES if f"| `{r}` |" not in readme] == []
