"""A chain of equalities keeps its middle sides, shown by ``symdl parse``, and says which side is the value (issue 12).

A blind judge read ``\\delta_j = a_j(1-a_j)(a_j - t_j) = f'(z_j) \\partial C/\\partial a_j`` as "the middle side was
dropped": the binder kept it (``Statement.aliases``) but neither the text nor the JSON of ``parse`` showed it, and
nothing said the last side is the one computed.
"""

from __future__ import annotations

import json
from typing import Any

import numpy as np
import pytest

import symdl
from symdl.cli import main

RNG = np.random.default_rng(23)
A = RNG.uniform(0.1, 0.9, size=4)
T = RNG.uniform(0.1, 0.9, size=4)

# (id, source, latex, arguments, the value of the LAST side by plain numpy, the middle sides' count)
CHAINS: list[tuple[str, str, str, dict[str, Any], Any, int]] = [
    ("nielsen-delta-L", "Nielsen ch. 3 (sigmoid output, quadratic cost), written with an explicit form between",
     r"\delta_j = a_j(1-a_j)(a_j - t_j) = a_j(a_j - t_j) - a_j^2(a_j - t_j)", {"a": A, "t": T}, (A - T) * A * (1 - A),
     1),
    ("sigmoid-derivative", "the logistic derivative as textbooks chain it",
     r"s'(x) = \frac{e^{-x}}{(1+e^{-x})^2} = \sigma(x)(1-\sigma(x))", {"x": 0.3},
     1 / (1 + np.exp(-0.3)) * (1 - 1 / (1 + np.exp(-0.3))), 1),
    ("three-forms", "the variance shortcut, Goodfellow et al. 3.8",
     r"v = \frac{1}{n}\sum_{i=1}^n (x_i - m)^2 = \frac{1}{n}\sum_{i=1}^n x_i^2 - 2m\frac{1}{n}\sum_{i=1}^n x_i + m^2"
     r" = \frac{1}{n}\sum_{i=1}^n x_i^2 - m^2", {"x": A, "n": 4, "m": A.mean()}, (A**2).mean() - A.mean() ** 2, 2),
]

NO_NOTE = [
    ("name-alias", "the PyTorch docs' MSELoss", r"\ell(x, y) = L = x - y"),
    ("two-sides", "plain definition", r"y = a x + b"),
    ("same-form-again", "a chain whose middle side reads as the last one", r"d_j = a_j(1-a_j) = (1 - a_j) a_j"),
]


@pytest.mark.parametrize(("latex", "args", "expected", "middles"), [c[2:] for c in CHAINS], ids=[c[0] for c in CHAINS])
def test_the_last_side_is_the_value_and_the_chain_is_noted(latex: str, args: dict, expected: Any, middles: int) -> None:
    f = symdl.parse(latex)
    np.testing.assert_allclose(np.asarray(symdl.lambdify(f)(**args), dtype=float), expected, rtol=1e-12)
    assert len(f.statements[0].aliases) == middles
    notes = [n for n in f.notes if n.rule == "chain-value"]
    assert len(notes) == 1 and notes[0].span.start == 0 and notes[0].span.end == len(latex)


@pytest.mark.parametrize("latex", [c[2] for c in NO_NOTE], ids=[c[0] for c in NO_NOTE])
def test_no_note_without_a_middle_form(latex: str) -> None:
    assert not [n for n in symdl.parse(latex).notes if n.rule == "chain-value"]


@pytest.mark.parametrize("latex", [c[2] for c in CHAINS], ids=[c[0] for c in CHAINS])
def test_parse_shows_the_middle_sides(latex: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", latex]) == 0
    text = capsys.readouterr().out
    assert "also equal to it (a middle side of the chain)" in text
    assert main(["parse", "--format", "json", latex]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert len(doc["statements"][0]["aliases"]) >= 1
    assert any(n["rule"] == "chain-value" for n in doc["notes"])
