"""Code's square-bracket index (issue 12): ``x[2i+1]`` is an entry (RoFormer's reference code, the PyTorch docs'
``x[class]``); after a name that already has a subscript (``x_{rot}[2i]``) it is refused by name, never read as a
product; a bracket of anything else still multiplies."""

from __future__ import annotations

import pytest
import sympy

import symdl
from symdl.errors import NotSupported

i, k = sympy.Symbol("i", integer=True), sympy.Symbol("k", integer=True)

ENTRIES = [
    # RoFormer's rotation written as code: entries at computed positions
    ("rope-code-odd", r"y = x[2i+1]", 2 * i + 1),
    ("rope-code-even", r"y = x[2i]", 2 * i),
    ("pairs-back", r"y = q[2k-1]", 2 * k - 1),
]


@pytest.mark.parametrize(("latex", "at"), [c[1:] for c in ENTRIES], ids=[c[0] for c in ENTRIES])
def test_bracket_index_at_a_computed_position(latex: str, at: sympy.Expr) -> None:
    f = symdl.parse(latex)
    rhs = f.statements[0].rhs
    assert isinstance(rhs, sympy.Indexed) and len(rhs.indices) == 1
    assert str(rhs.indices[0]) == str(at)  # the entry at 2i+1, not the product x·(2i+1)
    assert "bracket-index" in [n.rule for n in f.notes]


REFUSED = [
    ("labelled-array-entry", r"x_{rot}[2i] = x[2i] \cos\theta - x[2i+1] \sin\theta", "x_{rot}[2i]"),
    ("indexed-name-then-bracket", r"y = x_i[2]", "x_i[2]"),
]


@pytest.mark.parametrize(("latex", "text"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_second_index_in_brackets_is_refused(latex: str, text: str) -> None:
    with pytest.raises(NotSupported, match="square brackets right after the subscripted name") as err:
        symdl.parse(latex)
    assert latex[err.value.span.start : err.value.span.end] == text


PRODUCTS = [
    ("lstm-concat", r"y = W_{hh}[h, x]", "Matrix"),
    ("space-before-bracket", r"y = x_i [2]", "2*x[i]"),
    ("bracket-of-a-product", r"y = w [y \log x]", "log"),
]


@pytest.mark.parametrize(("latex", "shown"), [c[1:] for c in PRODUCTS], ids=[c[0] for c in PRODUCTS])
def test_other_brackets_still_multiply(latex: str, shown: str) -> None:
    f = symdl.parse(latex)
    assert shown in str(f.statements[-1].rhs)
