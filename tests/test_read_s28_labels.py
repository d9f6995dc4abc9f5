"""Words before a colon at the start of a line name the formula after them (``prose-label``, symdl.read.leadlabels).

Session 28's set had an ALiBi slope pasted from a chat, ``Slopes are geometric: m_i = 2^(-8i/n_heads) for i =
1..n_heads.``, refused at the colon; session 27's had a slide's ``\\mathbf{BatchNorm}: \\quad ...``.
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_reads_as

RNG = np.random.default_rng(2804)
W, G = RNG.normal(size=3), RNG.normal(size=3)

CASES = [
    ("update-label", "a chat's SGD step introduced by its name", "The update: w = w - lr * g",
     {"w": W, "lr": 0.1, "g": G}, W - 0.1 * G),
    ("loss-label", "a slide's loss introduced by its name", "Loss: L = (y - t)^2", {"y": 1.5, "t": 0.5}, 1.0),
]


@pytest.mark.parametrize(("source", "latex", "inputs", "want"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_label_before_a_colon_is_set_aside(source: str, latex: str, inputs: dict, want: object) -> None:
    formula = symdl.parse(latex)
    rules = [n.rule for n in formula.notes]
    assert "prose-label" in rules
    assert_reads_as(formula, inputs, want, rules)


@pytest.mark.parametrize("latex", ["f: x = 2", "else: y = 1"], ids=["one-letter", "code-keyword"])
def test_not_a_label(latex: str) -> None:
    """Must not change: one letter before a colon (a map f: X -> Y), and Python's keywords, are no labels."""
    try:
        formula = symdl.parse(latex)
    except symdl.SymdlError:
        return
    assert "prose-label" not in [n.rule for n in formula.notes]


def test_alibi_slopes_read_after_their_label() -> None:
    """A chat answer on ALiBi's head slopes (Press et al. 2022): the slope of head i, 2^(-8i/n)."""
    formula = symdl.parse("Slopes are geometric: m_i = 2^(-8i/n_heads) for i = 1..n_heads.")
    assert "prose-label" in [n.rule for n in formula.notes]
    st = formula.statements[0]
    value = st.rhs.subs({s: 3 for s in st.rhs.free_symbols if str(s) == "i"})
    value = value.subs({s: 8 for s in value.free_symbols if str(s) == "n_{heads}"})
    assert abs(float(value) - 2 ** (-3)) < 1e-12 and str(st.lhs) == "m[i]"
