"""Numbers made of a row and a vector that holds members of families of vectors (Bahdanau et al.'s additive score
``e_{ij} = \\mathbf{v}_a^\\top \\tanh(\\mathbf{W}_a \\mathbf{s}_{i-1} + \\mathbf{U}_a \\mathbf{h}_j)``, GAT's
``\\mathbf{a}^\\top [\\mathbf{W}\\mathbf{h}_i \\| \\mathbf{W}\\mathbf{h}_j]``, a bilinear similarity
``\\mathbf{p}_i^\\top \\mathbf{W} \\mathbf{p}_j``): the sum over the vector's entries, each entry read as
:mod:`symdl.bind.memberwise` reads a vector of members (``family-rows``), the family an array with a member per row."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sympy

from symdl.bind.images import MemberImage, is_member, matrix_entry
from symdl.errors import MemberNotRead, Span

if TYPE_CHECKING:
    from symdl.bind.binder import Binder


class MemberRow(sympy.matrices.expressions.MatrixExpr):
    """``\\mathbf{p}_i^\\top \\mathbf{W}``: the member ``p_i`` (args[1]) of a family of vectors, written transposed,
    times the matrix ``W`` (args[0]): the row ``(W^\\top p_i)^\\top``, as wide as W; held whole until a vector
    follows it (:func:`row_times_vector`)."""

    is_commutative = False

    @property
    def shape(self) -> tuple[Any, Any]:
        return (sympy.Integer(1), self.args[0].shape[1])

    def _entry(self, i: Any, j: Any, **kwargs: Any) -> sympy.Basic:
        raise TypeError("entry by entry only through symdl.bind.memberrows.row_times_vector")


def holds_members(b: Binder, e: Any) -> bool:
    """Is ``e`` a column holding members of families of vectors (whole, or in :class:`MemberImage`)?"""
    from symdl.bind.memberwise import whole_members

    return (
        getattr(e, "is_Matrix", False)
        and e.shape[1] == 1
        and e.shape[0] != 1
        and (e.has(MemberImage) or bool(whole_members(b, e)))
    )


def member_times_matrix(b: Binder, left: Any, right: Any, at: int) -> MemberRow | None:
    """``\\mathbf{p}_i^\\top \\mathbf{W}``: a whole member written transposed (at ``at``) then a matrix's name: the
    row :class:`MemberRow`, the family's rows as long as W's columns are tall; None for any other pair."""
    from symdl.bind.families import rows_fit, set_rows

    if not (
        at in b.transposed_at
        and is_member(b, left)
        and isinstance(right, sympy.MatrixSymbol)
        and 1 not in right.shape
        and left.base.label.name in b.vector_families
    ):
        return None
    name = left.base.label.name
    if len(b.shapes.get(name, ())) != 2 or not rows_fit(b, [name], right.shape[0]):
        return None
    set_rows(b, [name], right.shape[0])
    return MemberRow(right, left)


def row_times_vector(b: Binder, left: Any, right: Any, at: int, right_at: int | None) -> sympy.Basic | None:
    """``\\mathbf{a}^\\top \\mathbf{v}`` with ``\\mathbf{v}`` a column holding members (a function of images, a
    concatenation of them, a member): the number ``\\sum_d a_d v_d``, ``v_d`` its entry read as a vector of
    members is (:func:`symdl.bind.memberwise.entry_of`); ``left`` a transposed vector's name or a
    :class:`MemberRow`.  None for any other pair, or where the entries cannot be read so."""
    from symdl.bind.memberwise import entry_of

    row = isinstance(left, sympy.Transpose) and isinstance(left.arg, sympy.MatrixSymbol) and left.arg.shape[1] == 1
    if not (row or isinstance(left, MemberRow)):
        return None
    if not (holds_members(b, right) or (isinstance(left, MemberRow) and is_member(b, right))):
        return None
    d = b.index(b.fresh_letter())
    if isinstance(right, MemberConcat):  # GAT's a^T [W h_i \| W h_j]: a's entries split at the parts
        value = concat_terms(b, right, lambda k: _row_entry(b, left, k), lambda part, k, n: entry_of(b, part, k, n))
        if value is not None:
            _note(b, left, right, at, right_at, d)
        return value
    entry = entry_of(b, right, d, left.shape[1])
    if entry is None:
        return None
    _note(b, left, right, at, right_at, d)
    return sympy.Sum(_row_entry(b, left, d) * entry, (d, 1, left.shape[1]))


def _note(b: Binder, left: Any, right: Any, at: int, right_at: int | None, d: sympy.Symbol) -> None:
    """Note ``family-row-number`` on the product, from the row to the vector's last member (its bracket closed)."""
    from symdl.bind.memberwise import whole_members

    families = sorted(
        {m.base.label.name for m in whole_members(b, right)}
        | {m.base.label.name for i in right.atoms(MemberImage) for m in whole_members(b, i.args[1])}
        | ({left.args[1].base.label.name} if isinstance(left, MemberRow) else set())
    )
    whole = [p.span.end for p in b.ph.values() if p.span.start == right_at and p.span.end > p.span.start]
    ends = [
        b.ph[k].span.end
        for k, r in b.roles.items()
        if r.kind == "family"
        and r.name in families
        and k in b.ph
        and _inside(b.source, right_at if right_at is not None else at, b.ph[k].span.start)
    ]
    end = max([*whole, *ends], default=right_at if right_at is not None else at)  # \tanh(...) whole, or (...)
    while b.source[at:end].count("(") > b.source[at:end].count(")") and ")" in b.source[end:]:
        end = b.source.index(")", end) + 1  # \mathbf{a}^\top (\mathbf{W}\mathbf{h}_i + \mathbf{b}): its bracket
    row = b.source[at:right_at].strip().removesuffix("(").removesuffix("\\left").strip() if right_at else str(left)
    span = Span(at, end)
    if not any(n.rule == "family-row-number" and n.span == span for n in b.notes):
        b._note("family-row-number", span, row=row, family=", ".join(families), index=str(d))


def _inside(source: str, start: int, pos: int) -> bool:
    """Is ``pos`` after ``start`` and inside the bracket ``start`` is in (no closing bracket between them that
    was not opened after ``start``)?"""
    if pos < start:
        return False
    depth = 0
    for ch in source[start:pos]:
        depth += 1 if ch in "([{" else -1 if ch in ")]}" else 0
        if depth < 0:
            return False
    return True


def _row_entry(b: Binder, row: Any, d: Any) -> sympy.Basic:
    """Entry d of the row ``a^\\top`` (``a_d``) or of ``p_i^\\top W`` (``\\sum_k p_{i,k} W_{kd}``)."""
    if isinstance(row, MemberRow):
        w, member = row.args
        k = b.index(b.fresh_letter())
        return sympy.Sum(member.base[(*member.indices, k)] * matrix_entry(b, w, k, d), (k, 1, w.shape[0]))
    entries = sympy.IndexedBase(row.arg.name, real=True)
    b.latex_names.setdefault(entries, b.latex_names.get(row.arg, row.arg.name))
    return entries[d]


class MemberConcat(sympy.matrices.expressions.MatrixExpr):
    """``[\\mathbf{W}\\mathbf{h}_i \\| \\mathbf{W}\\mathbf{h}_j]``, ``[\\mathbf{s}_{t-1}; \\mathbf{h}_i]``: the parts
    (args[0]) one above another, their lengths args[1], at least one holding members of families of vectors; read
    only after a row or a matrix, whose entries split at the parts (:func:`concat_terms`)."""

    is_commutative = False

    @property
    def shape(self) -> tuple[Any, Any]:
        return (sympy.Add(*self.args[1]), sympy.Integer(1))

    def _entry(self, i: Any, j: Any, **kwargs: Any) -> sympy.Basic:
        raise TypeError("entry by entry only through symdl.bind.memberrows.concat_terms")


def member_concat(b: Binder, parts: list[Any]) -> MemberConcat | None:
    """The concatenation of ``parts`` when one holds members of families of vectors (whole, or in
    :class:`MemberImage`) and every part is a column or a whole member of a family of vectors whose rows have a
    length; None otherwise (the caller refuses it)."""
    from symdl.bind.memberwise import whole_members

    if not any(p.has(MemberImage) or whole_members(b, p) for p in parts if isinstance(p, sympy.Basic)):
        return None
    lengths = []
    for p in parts:
        if is_member(b, p) and len(b.shapes.get(p.base.label.name, ())) == 2:
            lengths.append(b.shapes[p.base.label.name][1])
        elif getattr(p, "is_Matrix", False) and p.shape[1] == 1 and p.shape[0] != 1:
            lengths.append(p.shape[0])
        else:
            return None
    return MemberConcat(sympy.Tuple(*parts), sympy.Tuple(*lengths))


def concat_terms(b: Binder, concat: MemberConcat, weight: Any, entry: Any) -> sympy.Basic | None:
    """``\\sum_d w(d) v_d`` over the entries of ``concat``, split at its parts: ``\\sum_{k=1}^{n_1} w(k) u_k +
    \\sum_{k=1}^{n_2} w(n_1 + k) v_k``; ``weight(d)`` the row's entry at d, ``entry(part, k)`` entry k of a part
    (None where it cannot be read).  None where a part's entries cannot be read."""
    terms, offset = [], sympy.Integer(0)
    for part, length in zip(*concat.args, strict=True):
        k = b.index(b.fresh_letter())
        value = entry(part, k, length)
        if value is None:
            return None
        terms.append(sympy.Sum(weight(offset + k) * value, (k, 1, length)))
        offset += length
    return sympy.Add(*terms)


def no_loose_concats(b: Binder, sides: list[sympy.Basic], fallback: Any) -> None:
    """Refuse :class:`MemberConcat` left over (a concatenation of members not after a row or a matrix: DenseNet's
    ``H_\\ell([\\mathbf{x}_0, \\ldots])``, ``\\mathbf{z}_i = [\\mathbf{x}_i; \\mathbf{y}]``), where it is written."""
    for side in sides:
        inside = {c for i in side.atoms(MemberImage) for c in i.args[1].atoms(MemberConcat)}
        if not side.atoms(MemberConcat) - inside:  # W [x_i; y] left over: refused as W x_i is
            continue
        spans = sorted((p.span for p in b.ph.values() if p.kind == "concat"), key=lambda s: s.start)
        raise MemberNotRead(
            "one vector of a family of vectors inside a concatenation is read only after a row or a matrix "
            "(\\mathbf{a}^\\top [\\mathbf{W}\\mathbf{h}_i \\| \\mathbf{W}\\mathbf{h}_j], \\mathbf{W}_a [\\mathbf{s}; "
            "\\mathbf{h}_i]); here it is one longer vector per member",
            source=b.source,
            span=spans[0] if spans else fallback,
            hint=r"write all members at once with a matrix (\mathbf{H}\mathbf{W}^T), or name the "
            r"two vectors (\mathbf{u}, \mathbf{v}) and concatenate [\mathbf{u}; \mathbf{v}]",
        )


def member_inner(b: Binder, u: Any, v: Any) -> sympy.Basic | None:
    """``\\langle \\mathbf{v}_i, \\mathbf{v}_j \\rangle`` (Rendle's factorization machines), ``\\langle \\mathbf{q},
    \\mathbf{k}_i \\rangle``: the inner product of two vectors, one or both members of families of vectors, as the
    sum over their entries (the families' rows one length); None unless one is a whole member and the other a
    member or a column."""
    from symdl.bind.memberwise import entry_of, whole_members

    if not any(is_member(b, a) and a in whole_members(b, a) for a in (u, v)):
        return None
    columns = [a for a in (u, v) if getattr(a, "is_Matrix", False)]
    if any(a.shape[1] != 1 for a in columns) or not all(is_member(b, a) or a in columns for a in (u, v)):
        return None
    length = columns[0].shape[0] if columns else b.shapes[u.base.label.name][1]
    d = b.index(b.fresh_letter())
    first, second = entry_of(b, u, d, length), entry_of(b, v, d, length)
    if first is None or second is None:
        return None
    return sympy.Sum(first * second, (d, 1, length))
