"""symdl's grammar against the reference parser, latex2sympy2_extended, on generated plain arithmetic.

Hypothesis writes formulas over scalars and small integers with ``+ - \\cdot \\frac ^ \\sqrt``, parentheses
and juxtaposition — the arithmetic both parsers agree on — and both readings must give the same number
at a point.  Not generated: ``a/b c`` (symdl reads ``(a/b)·c`` by its documented rule and says so in a
note; the reference reads ``a/(b c)``), letters symdl reads as more than a scalar (``e``, ``d``, ``i``), and
three spellings the reference reads its own way: ``x (2)`` (a call of x), ``5(2)`` and ``(1)(1)`` (sums, 7
and 2; symdl's old front end wrote ``\\cdot`` between them before handing them over).
"""

from __future__ import annotations

import cmath
import math

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

import symdl

l2s = pytest.importorskip("latex2sympy2_extended")
from latex2sympy2_extended.latex2sympy2 import ConversionConfig  # noqa: E402

#: The reference as symdl used it before its own grammar: no mixed fractions (``2(3)`` is a product).
CONVERSION = ConversionConfig(interpret_as_mixed_fractions=False, interpret_simple_eq_as_assignment=False,
                              interpret_contains_as_eq=False, lowercase_symbols=False)


def latex2sympy(latex: str) -> sympy.Basic:
    return l2s.latex2sympy(latex, conversion_config=CONVERSION)

LETTERS = ("x", "y", "z", "a", "b")
POINT = {"x": 0.7, "y": 1.3, "z": -0.4, "a": 2.1, "b": -1.7}

atoms = st.one_of(st.sampled_from(LETTERS), st.integers(1, 9).map(str))


def _combine(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    two = st.tuples(children, children)
    return st.one_of(
        two.map(lambda p: f"{p[0]} + {p[1]}"),
        two.map(lambda p: f"{p[0]} - {p[1]}"),
        two.map(lambda p: f"{p[0]} \\cdot {p[1]}"),
        two.map(lambda p: f"\\frac{{{p[0]}}}{{{p[1]}}}"),
        st.tuples(children, st.sampled_from(LETTERS)).map(lambda p: f"({p[0]}) {p[1]}"),
        st.tuples(st.sampled_from(LETTERS), st.sampled_from(LETTERS)).map(lambda p: f"{p[0]} {p[1]}"),
        st.tuples(st.integers(2, 9), st.sampled_from(LETTERS)).map(lambda p: f"{p[0]}{p[1]}"),
        st.tuples(children, st.integers(1, 3)).map(lambda p: f"({p[0]})^{{{p[1]}}}"),
        st.tuples(st.sampled_from(LETTERS), st.integers(1, 3)).map(lambda p: f"{p[0]}^{p[1]}"),
        children.map(lambda c: f"\\sqrt{{{c}}}"),
        children.map(lambda c: f"-({c})"),
        two.map(lambda p: f"{p[0]} / ({p[1]})"),
    )


formulas = st.recursive(atoms, _combine, max_leaves=8)


def _value(expr: sympy.Basic, subs: dict[sympy.Symbol, float]) -> complex | None:
    try:
        v = complex(sympy.N(expr.doit().subs(subs), 30))
    except (TypeError, ValueError, ZeroDivisionError, OverflowError):
        return None
    return v if cmath.isfinite(v) else None


@settings(max_examples=600, deadline=None)
@given(formulas)
def test_same_value_as_the_reference_parser(latex: str) -> None:
    theirs = latex2sympy(latex)
    try:
        ours = symdl.parse(latex)
    except symdl.InvalidInput as err:  # symdl refuses a division by zero it can see; the reference has no value
        assert "divides by zero" in err.message
        assert _value(theirs, {s: POINT[str(s)] for s in theirs.free_symbols}) is None
        return
    by_name = {str(s): s for s in theirs.free_symbols}
    assert {str(s) for s in ours.rhs.free_symbols} <= set(by_name)  # x/x is 1 once evaluated
    mine = _value(ours.rhs, {s: POINT[str(s)] for s in ours.rhs.free_symbols})
    ref = _value(theirs, {s: POINT[str(s)] for s in theirs.free_symbols})
    if mine is None or ref is None:  # a division by zero at this point: both must see it
        assert mine is None and ref is None
        return
    assert math.isclose(mine.real, ref.real, rel_tol=1e-9, abs_tol=1e-9), (latex, ours.rhs, theirs)
    assert math.isclose(mine.imag, ref.imag, rel_tol=1e-9, abs_tol=1e-9), (latex, ours.rhs, theirs)
