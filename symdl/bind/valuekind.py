"""What kind of value an expression over placeholders has: a number, a column, a row or a matrix.

Before shapes are inferred, the binder promotes the names beside a non-scalar value to vectors (``W x - y``:
y is a vector too) and the names set equal to one.  Whether a side *is* non-scalar used to mean "mentions a
vector"; then ``z = \\mathbf{w}^T\\mathbf{x} + b`` made z and b vectors and ``L = (y - w^T x)^2`` made L a matrix.
Here the kind is computed the way a reader does it, with the product table :data:`PRODUCT` (a row times a
column is a number).  ``array`` is a non-scalar of unknown orientation.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy

from symdl.functions import MATRIX_TO_NUMBER
from symdl.read.syntax import placeholder_id

if TYPE_CHECKING:
    from symdl.bind import Binder

#: (left kind, right kind) → the kind of their product; a pair not listed is ``array`` (left to the shape pass)
PRODUCT: dict[tuple[str, str], str] = {
    ("row", "col"): "scalar",
    ("col", "row"): "matrix",
    ("matrix", "col"): "col",
    ("row", "matrix"): "row",
    ("matrix", "matrix"): "matrix",
}
_TRANSPOSED = {"row": "col", "col": "row"}
#: placeholder kinds whose value is always a number here
_NUMBERS = {"norm", "index", "length", "dots", "grad", "deriv", "piecewise"}


def _sum(kinds: list[str]) -> str:
    found = {k for k in kinds if k != "scalar"}
    if not found:
        return "scalar"
    if "matrix" in found:
        return "matrix"
    return found.pop() if len(found) == 1 else "array"


def _product(kinds: list[str]) -> str:
    out = "scalar"
    for k in kinds:
        if k == "scalar":
            continue
        out = k if out == "scalar" else PRODUCT.get((out, k), "array")
    return out


def value_kind(b: Binder, e: sympy.Basic, kinds: dict[tuple[object, ...], str]) -> str:
    """``scalar``, ``col``, ``row``, ``matrix`` or ``array`` for a placeholder-level expression."""
    from symdl.bind.build import first_position

    k = placeholder_id(e)
    if k is not None and k in b.ph:
        return _placeholder_kind(b, k, kinds)
    if e.is_number or not e.free_symbols:
        return "scalar"
    if isinstance(e, sympy.Add):
        return _sum([value_kind(b, t, kinds) for t in e.args])
    if isinstance(e, sympy.Mul):
        ordered = sorted(e.args, key=lambda f: first_position(f, b.ph))
        return _product([value_kind(b, f, kinds) for f in ordered])
    if isinstance(e, sympy.Pow):
        return value_kind(b, e.base, kinds) if value_kind(b, e.exp, kinds) == "scalar" else "array"
    return _sum([value_kind(b, a, kinds) for a in e.args if isinstance(a, sympy.Basic)])


def _placeholder_kind(b: Binder, k: int, kinds: dict[tuple[object, ...], str]) -> str:
    from symdl.bind import _identity

    p = b.ph[k]
    d = p.data
    if p.kind == "atom":
        a = d["atom"]
        kind = kinds.get(_identity(a)) if b.roles[k].kind != "family" else None
        if kind == "vector":
            return "row" if a.transpose else "col"
        return "matrix" if kind == "matrix" else "scalar"
    if p.kind in _NUMBERS:
        return "scalar"
    if p.kind in ("label", "group", "abs"):
        return value_kind(b, d["inner"].expr, kinds)
    if p.kind == "transpose":
        inner = value_kind(b, d["inner"].expr, kinds)
        return _TRANSPOSED.get(inner, inner)
    if p.kind == "hadamard":
        return _sum([value_kind(b, o.expr, kinds) for o in d["operands"]])
    if p.kind == "call":
        if d.get("known") in MATRIX_TO_NUMBER or d.get("known") in ("max", "min") or len(d["args"]) != 1:
            return "scalar"
        return value_kind(b, d["args"][0].expr, kinds)
    if p.kind in ("vector", "concat"):
        return "col"
    return "array"  # an explicit matrix, \mathbf{0} sized by its context
