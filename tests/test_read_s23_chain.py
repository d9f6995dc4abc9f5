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
    ("nielsen-delta-L", "Nielsen ch. 3, BP1 for a sigmoid output written out and then as the rule (other letters)",
     r"\delta_j = a_j(1-a_j)(a_j - t_j) = s_j g_j", {"s": A, "g": T}, A * T, 1),
    ("label-smoothing", "Szegedy et al. 2016, the smoothed cross-entropy as a sum and as a mixture",
     r"H = -\sum_{k=1}^{4} q_k \log p_k = (1-\epsilon) h_1 + \epsilon h_2", {"\\epsilon": 0.1, "h_1": 2.0, "h_2": 3.0},
     0.9 * 2.0 + 0.1 * 3.0, 1),
]

NO_NOTE = [
    ("name-alias", "the PyTorch docs' MSELoss", r"\ell(x, y) = L = x - y"),
    ("two-sides", "plain definition", r"y = a x + b"),
    ("same-form-again", "a chain whose middle side reads as the last one", r"d_j = a_j(1-a_j) = (1 - a_j) a_j"),
    ("same-letters", "the logistic derivative as textbooks chain it (one value rewritten)",
     r"s'(x) = \frac{e^{-x}}{(1+e^{-x})^2} = \sigma(x)(1-\sigma(x))"),
    ("nielsen-descent", "Nielsen ch. 1 eq. (11)", r"\Delta C \approx -\eta \nabla C \cdot \nabla C = -\eta \|\nabla C\|^2"),
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
