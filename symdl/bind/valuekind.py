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

from symdl.read.syntax import placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder

#: (left kind, right kind) → the kind of their product; a pair not listed is ``array`` (left to the shape pass)
PRODUCT: dict[tuple[str, str], str] = {
    ("row", "col"): "scalar",
    ("col", "row"): "matrix",
    ("matrix", "col"): "col",
    ("row", "matrix"): "row",
    ("matrix", "matrix"): "matrix",
}
TRANSPOSED = {"row": "col", "col": "row"}


def kind_of_sum(kinds: list[str]) -> str:
    found = {k for k in kinds if k != "scalar"}
    if not found:
        return "scalar"
    if "matrix" in found:
        return "matrix"
    return found.pop() if len(found) == 1 else "array"


def _product(kinds: list[str], dotted: list[bool]) -> str:
    """The kind of a product of factors of ``kinds``; ``dotted[i]``: a ``\\cdot`` is written before factor i, so two
    columns there are a dot product, a number (``\\mathbf{w} \\cdot \\mathbf{x} + b``)."""
    out = "scalar"
    for k, dot in zip(kinds, dotted, strict=True):
        if k == "scalar":
            continue
        out = k if out == "scalar" else "scalar" if (out, k, dot) == ("col", "col", True) else PRODUCT.get(
            (out, k), "array")
    return out


def value_kind(b: Binder, e: sympy.Basic, kinds: dict[tuple[object, ...], str]) -> str:
    """``scalar``, ``col``, ``row``, ``matrix`` or ``array`` for a placeholder-level expression."""
    from symdl.bind.build import first_position, span_of
    from symdl.bind.layout import juxtaposed_vectors

    k = placeholder_id(e)
    if k is not None and k in b.ph:
        return _outer_member(b, k) or _placeholder_kind(b, k, kinds)
    if e.is_number or not e.free_symbols:
        return "scalar"
    if isinstance(e, sympy.Add):
        return kind_of_sum([value_kind(b, t, kinds) for t in e.args])
    if isinstance(e, sympy.Mul):
        ordered = sorted(e.args, key=lambda f: first_position(f, b.ph))
        spans = [span_of(f, b.ph) for f in ordered]
        dotted = [i > 0 and None not in (spans[i - 1], s) and b.cdot_between(spans[i - 1].end - 1, s.start)
                  for i, s in enumerate(spans)]
        found = [value_kind(b, f, kinds) for f in ordered]
        dotted = [d or (i > 0 and found[i - 1] == found[i] == "col" and None not in (spans[i - 1], spans[i])
                        and juxtaposed_vectors(b, spans[i - 1].start, spans[i].start) is not None)  # type: ignore[union-attr]
                  for i, d in enumerate(dotted)]  # Burkov's \mathbf{w}\mathbf{x}: a dot product (noted when bound)
        found = [("col" if n > 0 and (found[n - 1] in ("row", "matrix") or (found[n - 1] == "col" and dotted[n]))
                  and _plain_member(b, f) else k)  # \mathbf{w} \cdot \mathbf{x}_i: two columns dotted, a number
                 for n, (k, f) in enumerate(zip(found, ordered, strict=True))]
        found = [("col" if n + 1 < len(found) and found[n + 1] == "col" and dotted[n + 1] and _plain_member(b, f)
                  else k) for n, (k, f) in enumerate(zip(found, ordered, strict=True))]  # \mathbf{x}_i \cdot w
        found = [("row" if n + 1 < len(found) and found[n + 1] in ("matrix", "col") and _transposed_member(b, f)
                  else k)
                 for n, (k, f) in enumerate(zip(found, ordered, strict=True))]  # p_i^T W p_j, w_j^T x_i: numbers
        return _product(found, dotted)
    if isinstance(e, sympy.Pow):
        return value_kind(b, e.base, kinds) if value_kind(b, e.exp, kinds) == "scalar" else "array"
    return kind_of_sum([value_kind(b, a, kinds) for a in e.args if isinstance(a, sympy.Basic)])


def _outer_member(b: Binder, k: int) -> str | None:
    """``col`` (``row`` written transposed) for a member of a plain family read as vectors in an outer product
    (``outer-member``: cs229's ``x^{(i)}`` in ``(x^{(i)} - \\mu)(x^{(i)} - \\mu)^T``), else None."""
    if k not in b.atoms or b.roles[k].kind != "family" or b.roles[k].name not in b.outer_families:
        return None
    return "row" if b.atoms[k].transpose else "col"


def _plain_member(b: Binder, e: sympy.Basic) -> bool:
    """Is ``e`` a member of a plain family by one index (cs229's ``x^{(i)}``)?  Right after a row (``w^T x^{(i)}``)
    it is a vector of a family of vectors, the product their dot product (see :func:`symdl.bind.families.family_dot`;
    the shape pass reads it so too); right after a matrix (cs231n's ``W x_i``) a column (:mod:`symdl.bind.images`)."""
    k = placeholder_id(e)
    r = b.roles.get(k) if k is not None else None
    return r is not None and r.kind == "family" and len(r.indices) == 1 and r.entry is None


def _transposed_member(b: Binder, e: sympy.Basic) -> bool:
    """Is ``e`` a member of a family by one index written transposed (``\\mathbf{p}_i^\\top`` before a matrix:
    the row of :class:`symdl.bind.memberrows.MemberRow`; cs231n's ``w_j^T`` or its label's ``w_{y_i}^T`` before a
    vector ``x_i``: a row, the product a number)?"""
    k = placeholder_id(e)
    r = b.roles.get(k) if k is not None else None
    return (r is not None and r.kind == "family" and (len(r.indices) == 1 or r.entry is not None) and k in b.atoms
            and b.atoms[k].transpose)


def _placeholder_kind(b: Binder, k: int, kinds: dict[tuple[object, ...], str]) -> str:
    from symdl.bind.placeholders import PLACEHOLDERS

    p = b.ph[k]
    rule = PLACEHOLDERS.get(p.kind)
    return rule.value(b, p, kinds) if rule is not None else "array"


def is_outer_product(b: Binder, e: sympy.Basic, kinds: dict[tuple[object, ...], str]) -> bool:
    """Is ``e`` a column times a row, numbers aside (``u v^T``, ``\\frac{1}{\\tau} z_a z_b^T``, code's
    ``z_a @ z_b.T / tau``)?  Its value is a matrix, the outer product, whatever name it is set equal to."""
    from symdl.bind.build import first_position

    if not isinstance(e, sympy.Mul):
        return False
    ordered = sorted(e.args, key=lambda f: first_position(f, b.ph))
    found = [k for f in ordered if (k := value_kind(b, f, kinds)) != "scalar"]
    return found == ["col", "row"]
