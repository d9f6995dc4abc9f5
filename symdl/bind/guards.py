"""The last guards of binding: a placeholder that survived means the text was misread; a power too big to work
with, a number beyond float64 and a division by zero are refused before any later stage meets them."""

from __future__ import annotations

import sys
from typing import Any

import sympy

from symdl.budget import meter
from symdl.errors import InvalidInput, NotSupported
from symdl.read import ReadResult
from symdl.read.syntax import placeholder_id

#: The largest float64; exact numbers above it (2^{1000000}, 1e999) are refused.
FLOAT64_MAX = int(sys.float_info.max)

def _too_big(node: sympy.Basic) -> bool:
    if isinstance(node, sympy.Rational):  # above float64's maximum, or with a denominator past 1e330
        return abs(int(node.p)) > FLOAT64_MAX * int(node.q) or int(node.q).bit_length() > 1100
    if isinstance(node, sympy.Float):
        return bool(abs(node) > sympy.Float(sys.float_info.max))
    return False

def _shown(n: sympy.Integer) -> str:
    """An integer for a message: in full when short, else by its size (str() refuses 4 300+ digits)."""
    k = int(n).bit_length()
    return str(n) if k < 200 else f"{'-' if n < 0 else ''}(a number of about {int(k * 0.30103)} digits)"

def no_placeholder_left(statements: list[Any], rr: ReadResult) -> None:
    """Guards: a placeholder that survived binding means the text was misread; a huge power cannot be worked with."""
    for st in statements:
        for e in (st.rhs,) if st.lhs is None else (st.lhs, st.rhs):
            for node in sympy.preorder_traversal(e):
                exp = getattr(node, "exp", None) if isinstance(node, (sympy.Pow, sympy.HadamardPower)) else None
                if isinstance(exp, sympy.Integer):
                    meter().require("exponent", abs(int(exp)), what=f"the power ^{_shown(exp)}", source=rr.source,
                                    span=st.span)
                if _too_big(node):
                    raise NotSupported(
                        "a number here is beyond the float64 range (above 1.8e308, or an exact fraction below 1e-330)",
                        source=rr.source,
                        span=st.span,
                        hint="write it with a symbol (N) or as a power of ten kept small (10^{8})",
                    )
                if node in (sympy.zoo, sympy.nan):
                    raise InvalidInput(
                        "this statement divides by zero: its value is undefined",
                        source=rr.source,
                        span=st.span,
                        hint="check the denominators (a literal 0, or 0^{-1})",
                    )
                name = getattr(node, "name", None)
                if not isinstance(name, str):
                    name = getattr(getattr(node, "func", None), "__name__", "")
                if name.startswith("Q_") and placeholder_id(sympy.Symbol(name)) is not None:
                    raise InvalidInput(
                        "part of this statement could not be read",
                        source=rr.source,
                        span=st.span,
                        hint="check for a missing operator or a misspelt command",
                    )
