"""A matrix times one vector of a family of vectors (cs231n's score function ``f(x_i, W, b) = W x_i + b``, GAT's
``\\mathbf{a}^T \\mathbf{W}\\mathbf{h}_j``): the family is one array with a member per row (one example per row), the
product the column :class:`MemberImage`, held whole until the statement is read entry by entry
(:mod:`symdl.bind.memberwise`, ``family-rows``): entry d of ``W x_i`` is ``\\sum_k W_{dk} x_{i,k}``; a row vector
before it makes the number ``\\sum_d a_d \\sum_k W_{dk} h_{j,k}``."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import sympy
from sympy import MatrixExpr

from symdl.errors import MemberNotRead, NotSupported, Span

if TYPE_CHECKING:
    from symdl.bind.binder import Binder


class MemberImage(MatrixExpr):
    """``W x_i``: the matrix ``W`` (args[0]) times the member ``x_i`` (args[1], ``x[i]``) of a family of vectors, a
    column as tall as W."""

    is_commutative = False

    @property
    def shape(self) -> tuple[Any, Any]:
        return (self.args[0].shape[0], sympy.Integer(1))

    def _entry(self, i: Any, j: Any, **kwargs: Any) -> sympy.Basic:
        raise TypeError("entry by entry only through symdl.bind.images.image_entry")


def _matrix_name(e: Any) -> bool:
    """Is ``e`` a matrix's name (not a row, not a column) or its transpose (``\\mathbf{W}^\\top``)?"""
    if isinstance(e, sympy.Transpose):
        e = e.arg
    return isinstance(e, sympy.MatrixSymbol) and 1 not in e.shape


def matrix_entry(b: Binder, w: Any, d: Any, k: Any) -> sympy.Basic:
    """Entry (d, k) of the matrix's name ``w``, or of its transpose (``W^\\top``: entry (k, d) of W)."""
    name = w.arg if isinstance(w, sympy.Transpose) else w
    entries = sympy.IndexedBase(name.name, real=True)
    b.latex_names.setdefault(entries, b.latex_names.get(name, name.name))
    return entries[k, d] if isinstance(w, sympy.Transpose) else entries[d, k]


def is_member(b: Binder, e: Any) -> bool:
    """Is ``e`` one whole member (one index) of a family, of vectors or of numbers not yet shown to be vectors?"""
    return isinstance(e, sympy.Indexed) and len(e.indices) == 1 and (
        e.base.label.name in b.vector_families or len(b.shapes.get(e.base.label.name, (0,))) == 1)


def matrix_times_member(b: Binder, left: Any, right: Any) -> MemberImage | None:
    """``W x_i``: a matrix's name (not a row, not a column) then a whole member of a family; a family of numbers
    becomes a family of vectors as long as W's rows (its other members must be vectors as well).  Also ``W`` then a
    sum over members of families of vectors (Hamilton's basic GNN ``\\mathbf{W}_{\\text{neigh}} \\sum_{v \\in
    \\mathcal{N}(u)} \\mathbf{h}_v``), their rows as long as W's.  The matrix may be written transposed
    (``\\mathbf{v}_i = \\mathbf{W}^\\top \\mathbf{e}_i``, a row of an embedding table picked by a one-hot vector)."""
    if _matrix_name(left) and not isinstance(right, sympy.Indexed):
        return _matrix_times_sum(b, left, right)  # also SimCLR's W^{(2)} \mathrm{ReLU}(W^{(1)} \mathbf{h}_i)
    if not (_matrix_name(left) and is_member(b, right)):
        return None
    name = right.base.label.name
    if name not in b.vector_families:
        key = next((r.key for r in b.roles.values() if r.kind == "family" and r.name == name), name)
        b.shapes[name] = (b.shapes[name][0] if name in b.shapes else b.length_of(key), left.shape[1])
        b.vector_families.add(name)
        b.promoted_families.add(name)
    elif len(b.shapes.get(name, ())) != 2:
        return None
    from symdl.bind.families import rows_fit, set_rows

    if not rows_fit(b, [name], left.shape[1]):
        return None
    set_rows(b, [name], left.shape[1])
    return MemberImage(left, right)


def _matrix_times_sum(b: Binder, left: Any, right: sympy.Basic) -> MemberImage | None:
    """``W \\sum_v \\mathbf{h}_v``, ``W \\sigma(V \\mathbf{x}_i)``: :class:`MemberImage` of a sum or an element-wise
    function holding whole members of families of vectors (or their images) and no other matrix; None otherwise."""
    from symdl.bind.families import rows_fit, set_rows

    if type(right).__name__ == "MemberConcat":  # Bahdanau's W_a [s_{t-1}; h_i]: the parts' rows their own
        return MemberImage(left, right)
    if not (isinstance(right, sympy.Sum) or type(right).__name__ == "ElementwiseApplyFunction"):
        return None
    bare = _outside_images(right)  # W^{(1)} of W^{(1)} h_i is the image's own
    members = {m for m in bare if isinstance(m, sympy.Indexed) and len(m.indices) == 1
               and m.base.label.name in b.vector_families and len(b.shapes.get(m.base.label.name, ())) == 2}
    if not (members or right.has(MemberImage)) or any(isinstance(m, sympy.MatrixSymbol) for m in bare):
        return None
    names = sorted({m.base.label.name for m in members})
    if not rows_fit(b, names, left.shape[1]):
        return None
    set_rows(b, names, left.shape[1])
    return MemberImage(left, right)


def _outside_images(e: sympy.Basic) -> list[sympy.Basic]:
    """The nodes of ``e`` outside any :class:`MemberImage` in it."""
    if isinstance(e, MemberImage):
        return []
    return [e, *(n for a in e.args if isinstance(a, sympy.Basic) for n in _outside_images(a))]


def image_entry(b: Binder, e: MemberImage, d: Any) -> sympy.Basic:
    """Entry d of ``W x_i``: ``\\sum_k W_{dk} x_{i,k}`` (of ``W^\\top x_i``: ``\\sum_k W_{kd} x_{i,k}``)."""
    w, member = e.args
    k = b.index(b.fresh_letter())
    return sympy.Sum(matrix_entry(b, w, d, k) * member.base[(*member.indices, k)], (k, 1, w.shape[1]))


def row_times_image(b: Binder, left: Any, right: Any) -> sympy.Basic | None:
    """``\\mathbf{a}^T (W h_j)``: a transposed vector's name then :class:`MemberImage`, the number
    ``\\sum_d a_d \\sum_k W_{dk} h_{j,k}``; None for any other pair."""
    if not (isinstance(right, MemberImage) and isinstance(left, sympy.Transpose)
            and isinstance(left.arg, sympy.MatrixSymbol) and left.arg.shape[1] == 1):
        return None
    d = b.index(b.fresh_letter())
    entries = sympy.IndexedBase(left.arg.name, real=True)
    b.latex_names.setdefault(entries, b.latex_names.get(left.arg, left.arg.name))
    return sympy.Sum(entries[d] * image_entry(b, right, d), (d, 1, left.arg.shape[0]))


def member_left_side(b: Binder, lhs: sympy.Basic, rhs: sympy.Basic) -> bool:
    """``y_i = W x_i + b``: a whole member of a plain family on the left of a value holding :class:`MemberImage` is one
    vector per index too: its family becomes a family of vectors as tall as W (one member per row)."""
    images = list(rhs.atoms(MemberImage))
    if not images or not isinstance(lhs, sympy.Indexed) or len(lhs.indices) != 1:
        return False
    name = lhs.base.label.name
    if name in b.vector_families:
        return True
    if len(b.shapes.get(name, (0,))) != 1:
        return False
    key = next((r.key for r in b.roles.values() if r.kind == "family" and r.name == name), name)
    b.shapes[name] = (b.shapes[name][0] if name in b.shapes else b.length_of(key), images[0].shape[0])
    b.vector_families.add(name)
    b.promoted_families.add(name)
    return True


def no_loose_images(b: Binder, sides: list[sympy.Basic], fallback: Any) -> None:
    """Refuse :class:`MemberImage` left over after the entry-by-entry reading: a left side that is no member of a
    family by the same index (``s = W x_i``: one vector per example, under one name; a defined function's value
    ``f(x_i, W, b) = W x_i + b``), a member in a function (``\\tanh(W x_i)``) or two in a product."""
    for side in sides:
        images = sorted(side.atoms(MemberImage), key=str)
        if not images:
            continue
        name = images[0].args[1].base.label.name
        spans = sorted((b.ph[k].span for k, r in b.roles.items() if r.kind == "family" and r.name == name
                        and k in b.ph), key=lambda s: s.start)
        span = _product_span(b, spans) or (spans[0] if spans else fallback)
        raise MemberNotRead(
            f"{b.source[span.start : span.end]}: a matrix times one vector of a family of vectors (W x_i, the i-th "
            "example) is read only as the value of a member of a family by the same index, a sum of such products "
            "and vectors (y_i = W x_i + b), or after a row vector (a^T W h_j); here it is one vector per example "
            "under a name or function that does not say which", source=b.source, span=span,
            hint="name the value per example (y_i = W x_i + b), write the batch as a matrix (X W^T + b), or a sum "
                 "over entries (\\sum_k W_{jk} x_{ik})")


def _product_span(b: Binder, spans: list[Any]) -> Span | None:
    """The span of the first ``W x_i`` written: a name right before one of the member spans ``spans``."""
    for ms in spans:
        for p in b.ph.values():
            if p.kind == "atom" and p.span.end <= ms.start and not b.source[p.span.end : ms.start].strip():
                return Span(p.span.start, ms.end)
    return None


def refuse_group_member(b: Binder, m: sympy.Mul, kind_of: Callable[[sympy.Basic], str]) -> None:
    """A bracket holding capitals times one bold vector of a family, written right after it (``(A + B)
    \\mathbf{x}_i``): a sum of matrices before a member is not read, and as numbers it would broadcast the family
    against the bracket; refused by name.  A bracket of numbers (``(1 - \\alpha)\\mathbf{x}_i``) stays a scale.
    ``kind_of``: a factor's value kind."""
    from symdl.bind.letters import family_vector
    from symdl.bind.sums import reachable
    from symdl.read.syntax import placeholder_id

    members = [k for f in m.args if (k := placeholder_id(f)) is not None and k in b.atoms and k in b.ph
               and b.atoms[k].bold and family_vector(b, k)]
    for f in m.args:
        if not members or not isinstance(f, sympy.Add) or kind_of(f) == "matrix":
            continue
        inside = sorted((k for k in reachable(b.ph, f) if k in b.ph), key=lambda k: b.ph[k].span.start)
        capitals = [b.atoms[k].spelling for k in inside if k in b.atoms and b.atoms[k].base[:1].isupper()]
        if not capitals:
            continue
        start, end = b.ph[inside[0]].span.start, b.ph[inside[-1]].span.end
        for kn in members:
            if b.source[end : b.ph[kn].span.start].strip() not in (")", "\\right)", "]", "\\right]"):
                continue
            start = b.source.rfind("(", 0, start) if "(" in b.source[:start] else start
            start -= 5 if b.source[:start].endswith("\\left") else 0
            span = Span(start, b.ph[kn].span.end)
            raise NotSupported(
                f"{b.source[span.start : span.end]}: a bracket holding capitals ({', '.join(capitals)}) times one "
                "vector of a family of vectors (the i-th example): a sum of matrices times a member is not read yet, "
                "and as numbers it would broadcast the family against the bracket", source=b.source, span=span,
                hint="multiply out (A x_i + B x_i), write the batch as a matrix (X (A + B)^T), or a sum over "
                     "entries (\\sum_k (A_{jk} + B_{jk}) x_{ik})")
