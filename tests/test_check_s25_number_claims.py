"""A number claimed as a derivative is compared with the (already simplified) truth as it stands: claim − truth needs
no second simplification, and the verdicts stay the numbers' (issue 15: GELU's check spent 5 s simplifying 0 − truth)."""

from __future__ import annotations

import pytest
import sympy

import symdl

GELU = r"0.5 x \left(1 + \tanh\left(\sqrt{2/\pi} (x + 0.044715 x^3)\right)\right)"

# (id, function, variable, the claimed number, verdict)
CASES = [
    ("gelu-zero", GELU, "x", "0", "refuted"),
    ("gelu-one", GELU, "x", "1", "refuted"),
    ("linear-right", r"2x + 3", "x", "2", "verified"),
    ("linear-wrong", r"2x + 3", "x", "3", "refuted"),
    ("free-of-it-zero", r"\beta x + \beta^2", r"\beta", "0", "refuted"),
    ("beta-linear-right", r"3\beta + x", r"\beta", "3", "verified"),
    ("square-not-a-number", r"x^2", "x", "2", "refuted"),
]


@pytest.mark.parametrize(("f", "var", "claim", "verdict"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_number_claims(f: str, var: str, claim: str, verdict: str) -> None:
    v = symdl.check_gradient(f, var, claim)
    assert v.verdict == verdict
    if verdict == "refuted" and v.difference is not None:
        assert sympy.simplify(v.difference - (sympy.Integer(int(claim)) - v.truth)) == 0
