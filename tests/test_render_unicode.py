"""One-line unicode math for the terminal (symdl.render.unicode.to_unicode): every parenthesis survives the
power glyphs, and hypothesis checks balance on random rational functions."""

from __future__ import annotations

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from symdl.render.unicode import to_unicode

x, y = sympy.symbols("x y", real=True)
u, v = sympy.MatrixSymbol("u", 3, 1), sympy.MatrixSymbol("v", 3, 1)

# (id, expression, its unicode)
CASES = [
    ("power-inside-denominator", 1 / (1000000 * sympy.cosh(x) ** 2), "1/(1000000·cosh(x)²)"),
    ("negative-power", x**-2, "x⁻²"),
    ("power-of-sum", (x + 1) ** 2, "(x + 1)²"),
    ("power-in-fraction", 1 / (2 * x**2), "1/(2·x²)"),
    ("symbolic-power", x**y, "x^y"),
    # an entry-wise (Hadamard) power as a reader writes it, never SymPy's HadamardPower(...)
    ("hadamard-power-negative", sympy.HadamardProduct(-sympy.HadamardPower(v, -2), u), "(-v^∘⁻²) ⊙ u"),
    ("hadamard-power-of-sum", sympy.HadamardPower(u + v, 2), "(u + v)^∘²"),
    ("hadamard-power-symbolic", sympy.HadamardPower(v, x + 1), "v^∘(x + 1)"),
]


@pytest.mark.parametrize(("expr", "text"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_unicode_text(expr: sympy.Basic, text: str) -> None:
    assert to_unicode(expr) == text


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 9), st.integers(2, 5), st.integers(1, 4))
def test_parentheses_stay_balanced(a: int, p: int, q: int) -> None:
    text = to_unicode(a / (x**p * sympy.cosh(y) ** q + 1))
    assert text.count("(") == text.count(")")
