"""Entries of declared vectors (Parr & Howard's ``\\sum_i w_i x_i^2`` with ``x \\in \\mathbb{R}^4``, cs231n's batch norm
``\\sum_i g_i (x_i - \\mu)``): a plain name with an index subscript whose bare name, not the subscripted spelling, is
declared a vector is that vector's entry, one number (noted ``declared-vector-entry``); the family is the vector's
entries, as long as the declaration says.  A declaration of the member's own spelling (``x^{(i)} \\in \\mathbb{R}^n``,
``--shape x_0=3``) or a bold member (``\\mathbf{h}_t``, ``\\mathbf{x}_0``) keeps the family of vectors."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import sympy

from symdl.bind.shapes import declared_shape
from symdl.read.syntax import AtomSpec

if TYPE_CHECKING:
    from symdl.bind.binder import Binder


def _unspaced(spelling: str) -> str:
    return re.sub(r"[\s{}]", "", spelling)


def declared_vector_entry(a: AtomSpec, declared: dict[str, tuple[object, ...]]) -> bool:
    """Is ``a`` (``x_i``) an entry of the vector its bare name declares (``--shape x=4``, ``x \\in \\mathbb{R}^4``), or
    (``Y^{(i)}``) column i of a declared one-row matrix (Ng's ``Y \\in \\mathbb{R}^{1 \\times m}``, one example per
    column)?  Not when bold (``\\mathbf{x}_0`` is a vector of its own), Greek, or when its own spelling is declared."""
    if a.bold or a.greek or a.word or (a.sub is None) == (a.sample is None) or a.transpose or a.layer is not None:
        return False
    if any(_unspaced(k) == _unspaced(a.spelling) for k in declared):
        return False  # x_0 \in \mathbb{R}^3: a vector of its own
    shape = next((declared[k] for k in (a.base, a.base_latex) if k in declared), None)
    if shape is not None and a.sample is not None:  # Ng's Y^{(i)}, Y \in \mathbb{R}^{1 \times m}: column i, a number
        return len(shape) == 2 and shape[0] == 1
    return shape is not None and (len(shape) == 1 or (len(shape) == 2 and shape[1] == 1))


def member_declared(a: AtomSpec, declared: dict[str, tuple[object, ...]]) -> bool:
    """Is ``a``, a member of a family, declared a vector (``x^{(i)} \\in \\mathbb{R}^n``): the family one of vectors?"""
    shape = declared_shape(a, declared)
    return shape is not None and len(shape) >= 1 and not a.greek and not declared_vector_entry(a, declared)


def note_declared_entry(b: Binder, k: int, obj: sympy.Basic) -> None:
    """Note the first ``x_i`` of each name read as an entry of its declared vector (``declared-vector-entry``)."""
    a = b.atoms[k]
    if b.roles[k].kind != "family" or not isinstance(obj, sympy.Indexed) or not declared_vector_entry(a, b.declared):
        return
    if any(n.rule == "declared-vector-entry" and n.message.startswith(f"read {a.spelling} ") for n in b.notes):
        return
    shape = next(b.declared[key] for key in (a.base, a.base_latex) if key in b.declared)
    b._note("declared-vector-entry", b.ph[k].span, name=a.base_latex,
            shape=" \\times ".join(str(d) for d in shape), part="column" if a.sample is not None else "entry")


def listed_columns(rr: object) -> dict[str, tuple[int | str, int]]:
    """The names a statement sets to a column listed with dots (Raschka's ``\\boldsymbol{X} = \\begin{bmatrix} x_1
    \\\\ \\vdots \\\\ x_m \\end{bmatrix}``, read by :mod:`symdl.read.series`) → the column's shape (m, 1), declared as
    ``\\boldsymbol{X} \\in \\mathbb{R}^m`` would be (before: a bold capital took a matrix's shape, and
    ``\\boldsymbol{X}^T\\boldsymbol{W}`` of two such columns was a matrix, silently)."""
    ph = rr.placeholders  # type: ignore[attr-defined]
    lists = {(p.span.start, p.span.end): p.data["listed"] for p in ph.values()
             if p.kind == "index" and p.data.get("listed")}
    out: dict[str, tuple[int | str, int]] = {}
    for st in rr.statements:  # type: ignore[attr-defined]
        if len(st.sides) != 2 or (st.sides[1].span.start, st.sides[1].span.end) not in lists:
            continue
        k = next((i for i, p in ph.items() if p.kind == "atom" and p.span == st.sides[0].span), None)
        atom = ph[k].data["atom"] if k is not None else None
        if atom is not None and (atom.bold or atom.base[:1].isupper()):  # a plain x = [x_1, ..., x_n] reads already
            bound = lists[(st.sides[1].span.start, st.sides[1].span.end)]
            out[ph[k].data["atom"].spelling] = (int(bound) if bound.isdigit() else bound, 1)
    return out
