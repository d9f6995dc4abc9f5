"""Vectors built from whole vectors of a family of vectors (d2l's attention pooling ``\\mathbf{c} = \\sum_i
\\alpha(\\mathbf{q}, \\mathbf{k}_i) \\mathbf{v}_i``, Bishop's class mean ``\\frac{1}{N_k}\\sum_n \\mathbf{x}_n``, d2l's
minibatch update ``\\mathbf{w} - \\eta \\sum_i \\mathbf{x}^{(i)}(\\dots)``): read entry by entry.  A statement whose
value is a linear combination of such vectors, each times numbers, is read at its entry d: ``c_d = \\sum_i
\\alpha(\\mathbf{q}, \\mathbf{k}_i) v_{i,d}``, the family an array with one member per row (as in its dot products),
so it evaluates to the vector over d."""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy
from sympy.core.function import AppliedUndef
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction

from symdl.bind.build import MemberOuter
from symdl.bind.families import rows_fit, set_rows
from symdl.bind.images import MemberImage, image_entry, matrix_entry, member_left_side
from symdl.bind.memberrows import MemberConcat, concat_terms
from symdl.bind.membersums import own_entries
from symdl.bind.names import identity
from symdl.bind.outers import RowOf
from symdl.bind.sums import reachable
from symdl.errors import Span
from symdl.read.syntax import placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder


class _NotLinear(Exception):
    """The value is no sum of vectors each times numbers (a vector in a power or a function, two in a product)."""


def whole_members(b: Binder, e: sympy.Basic) -> set[sympy.Indexed]:
    """The vectors of families of vectors in ``e`` used whole (one index, not a dot product's entry x_{i,k})."""
    return {m for m in e.atoms(sympy.Indexed) if len(m.indices) == 1 and m.base.label.name in b.vector_families
            and len(b.shapes.get(m.base.label.name, ())) == 2}


def by_entries(b: Binder, sides: list[sympy.Basic], span: Span) -> list[sympy.Basic]:
    """``sides`` read at a fresh entry d when their value is a vector made of whole vectors of families (each times
    numbers, summed), the family's rows as long as the vector (noted ``family-rows``); else ``sides`` unchanged.  A
    left side must be a vector's name or a whole member (K-means' ``\\boldsymbol{\\mu}_k``), or a matrix's name (read
    by :func:`outer_entries`); every index of a member must be a sum's or the left side's."""
    members = set().union(*(whole_members(b, s) for s in sides))
    members -= {m for s in sides for f in s.atoms(AppliedUndef) for m in f.atoms(sympy.Indexed)}
    if not members:
        return sides
    lhs = sides[0] if len(sides) > 1 else None
    if lhs is not None and member_left_side(b, lhs, sides[-1]):  # cs231n's s_i = W x_i: one vector per example
        members |= whole_members(b, lhs)
    if lhs is not None and _matrix(lhs):
        return outer_entries(b, sides, members, span)
    called = (lhs is not None and _defined_at_names(lhs)  # d2l's f(\mathbf{q}) = \sum_i \mathbf{v}_i \alpha(...)
              and not sides[-1].has(sympy.OneMatrix))  # not Parzen's p(\mathbf{x}) = ... k(\mathbf{x} - \mathbf{x}_n)
    if lhs is not None and not _column(lhs) and lhs not in members and not called:  # Bishop's \boldsymbol{\mu}_k
        return sides
    inside = {m for s in sides for e in s.atoms(MemberImage) for m in whole_members(b, e.args[1])}  # rows set
    names = sorted({m.base.label.name for m in members - inside})  # \sum_i \alpha_i W h_i: none but h
    images = sorted(sides[-1].atoms(MemberImage), key=str)
    length = lhs.shape[0] if _column(lhs) else images[0].shape[0] if images else b.shapes[names[0]][1]
    if not rows_fit(b, names, length):
        adopted = _adopt_rows(b, sides, names, span)  # \mathbf{g} = \sum_i (\mathbf{w}^T\mathbf{x}_i - y_i)\mathbf{x}_i
        if adopted is None:
            return sides
        sides, lhs, length = adopted, adopted[0], adopted[0].shape[0]
    d = b.index(b.fresh_letter())
    try:
        out = [sympy.IndexedBase(s)[d] if called and s is lhs else _entry(b, s, d) for s in sides]
    except _NotLinear:
        return sides
    allowed = {d} | (lhs.free_symbols if lhs is not None else set())
    rhs_free = out[-1].free_symbols & set(b.index_syms.values())
    if any(not _has_entry(s, d) for s in out) or not rhs_free <= allowed:
        return sides  # mixup's \lambda x_i + (1 - \lambda) x_j: one vector per pair (i, j), not one vector
    if _column(lhs) and (out := own_entries(b, out, lhs, d, names)) is None:  # \mathbf{h} = \frac{1}{T}\sum_t ...
        return sides
    set_rows(b, names, length)
    spans = sorted((b.ph[k].span for k, r in b.roles.items()
                    if r.kind == "family" and r.name in names and k in b.ph), key=lambda s: s.start)
    if any(s.has(sympy.OneMatrix) for s in sides):  # w - \eta \sum_i x^{(i)}(...): no number added to each entry
        b.notes[:] = [n for n in b.notes if not (n.rule == "scalar-broadcast" and span.start <= n.span.start
                                                 and n.span.end <= span.end)]
    every = sorted({m.base.label.name for m in members})  # y_i = W x_i + b: x's rows too (symdl.bind.images)
    spans = sorted((b.ph[k].span for k, r in b.roles.items()
                    if r.kind == "family" and r.name in every and k in b.ph), key=lambda s: s.start)
    b._note("family-rows", spans[0] if spans else span, family=", ".join(every), index=str(d))
    return out


def _adopt_rows(b: Binder, sides: list[sympy.Basic], names: list[str], span: Span) -> list[sympy.Basic] | None:
    r"""``sides`` with the left side's column as long as the members' rows, where a dot product fixed those and
    nothing but the left side has the column's length (the least-squares gradient ``\mathbf{g} = \sum_i
    (\mathbf{w}^\top\mathbf{x}_i - y_i)\mathbf{x}_i``: the shape pass took the members for numbers, so g's length
    was left a size of its own); None otherwise.  Only in the first statement that writes the left side."""
    lhs = sides[0]
    rows = {b.shapes[name][1] for name in names}
    first = next((st for st in b.rr.statements if st.span == span), None)
    if not _column(lhs) or len(rows) != 1 or first is None or not isinstance(lhs.shape[0], sympy.Symbol):
        return None
    k = placeholder_id(first.sides[0].expr)
    if k is None or k not in b.atoms:
        return None
    size, mine = lhs.shape[0], identity(b.atoms[k])
    if any(size in sympy.Tuple(*shape).free_symbols for key, shape in b.dim_shapes.items() if key != mine):
        return None
    earlier = b.rr.statements[: b.rr.statements.index(first)]
    if any(identity(b.atoms[j]) == mine for st in earlier for s in st.sides for j in reachable(b.ph, s.expr)
           if j in b.atoms):
        return None
    new = sympy.MatrixSymbol(lhs.name, rows.pop(), 1)
    b.dim_shapes[mine] = new.shape
    b.shapes[lhs.name] = new.shape
    for key, obj in list(b.symbols.items()):
        if obj == lhs:
            b.symbols[key] = new
    if lhs in b.latex_names:
        b.latex_names[new] = b.latex_names.pop(lhs)
    return [new, *[s.xreplace({lhs: new}) for s in sides[1:]]]


def entry_of(b: Binder, e: sympy.Basic, d: sympy.Symbol, length: object) -> sympy.Basic | None:
    """Entry d of the column ``e`` (``length`` tall) holding members of families of vectors, read as
    :func:`by_entries` reads a statement's value (the members' rows set ``length`` long); None where it is no
    such vector (a member in an unknown function, two vectors in a product) or the rows were given another length."""
    inside = {m for a in e.atoms(MemberImage) for m in whole_members(b, a.args[1])}
    names = sorted({m.base.label.name for m in whole_members(b, e) - inside})
    if not rows_fit(b, names, length):
        return None
    try:
        entry = _entry(b, e, d)
    except _NotLinear:
        return None
    set_rows(b, names, length)
    return entry


def _defined_at_names(e: sympy.Basic) -> bool:
    """Is ``e`` an unknown function at names that are no members (``f(\\mathbf{q})``, d2l's
    ``\\textrm{Attention}(\\mathbf{q}, \\mathcal{D})``)?  Defined by a vector of members, its value is that vector,
    read at entry d as ``f(\\mathbf{q})_d`` (a definition of its entries); never ``f(x_i, W, b)``: one value per
    member under a name that does not say which."""
    return isinstance(e, AppliedUndef) and bool(e.args) and all(
        isinstance(a, (sympy.Symbol, sympy.MatrixSymbol)) for a in e.args)


def _column(e: sympy.Basic) -> bool:
    return isinstance(e, sympy.MatrixSymbol) and e.shape[1] == 1


def _matrix(e: sympy.Basic) -> bool:
    return isinstance(e, sympy.MatrixSymbol) and 1 not in e.shape


def _has_entry(e: sympy.Basic, d: sympy.Symbol) -> bool:
    return d in e.free_symbols


def _vectorial(b: Binder, e: sympy.Basic) -> bool:
    """Does ``e`` hold a vector: a whole member or a column's name outside an unknown function's arguments and a
    dot product (the sum over entries family_dot made)?"""
    if isinstance(e, sympy.Indexed):
        return len(e.indices) == 1 and e.base.label.name in b.vector_families
    if isinstance(e, (sympy.MatrixSymbol, MemberOuter, RowOf, MemberImage)):
        return True
    if isinstance(e, AppliedUndef):
        return False
    return any(_vectorial(b, a) for a in e.args if isinstance(a, sympy.Basic))


def _entry(b: Binder, e: sympy.Basic, d: sympy.Symbol) -> sympy.Basic:
    """Entry d of the vector ``e``, linear in its vectors; :class:`_NotLinear` when it is not such a vector."""
    if (ones := _ones_times(e)) is not None:  # \sqrt{\boldsymbol{\sigma}^2 + \epsilon}: \epsilon in every entry
        return ones
    if not _vectorial(b, e):
        raise _NotLinear
    if isinstance(e, sympy.Indexed):
        return e.base[(*e.indices, d)]
    if isinstance(e, MemberImage) and isinstance(e.args[1], MemberConcat):  # W_a [s_{t-1}; h_i]: W's columns split
        w = e.args[0]
        value = concat_terms(b, e.args[1], lambda k: matrix_entry(b, w, d, k), lambda p, k, n: entry_of(b, p, k, n))
        if value is None:
            raise _NotLinear
        return value
    if isinstance(e, MemberImage) and not isinstance(e.args[1], sympy.Indexed):  # W \sum_v \mathbf{h}_v
        k = b.index(b.fresh_letter())
        return sympy.Sum(matrix_entry(b, e.args[0], d, k) * _entry(b, e.args[1], k), (k, 1, e.args[0].shape[1]))
    if isinstance(e, MemberImage):  # cs231n's W x_i: \sum_k W_{dk} x_{i,k}
        return image_entry(b, e, d)
    if isinstance(e, sympy.Transpose) and 1 in e.shape:  # (\mathbf{x}_n - \boldsymbol{\mu})^T: a row's entry d
        return _entry(b, e.arg, d)
    if _column(e) or (isinstance(e, sympy.MatrixSymbol) and e.shape[0] == 1):
        entries = sympy.IndexedBase(e.name, real=True)
        b.latex_names.setdefault(entries, b.latex_names.get(e, e.name))
        return entries[d]
    if isinstance(e, (sympy.Add, sympy.MatAdd)):  # d2l's \hat{\boldsymbol{\sigma}}^2 = \dots + \epsilon: a number
        return sympy.Add(*[_entry(b, t, d) if _vectorial(b, t) or getattr(t, "is_Matrix", False) else _number(t)
                           for t in e.args])  # added to a vector is added to each entry, as everywhere
    if (image := _matrix_column(e)) is not None:  # d2l's \mathbf{W}_q \mathbf{q} beside \mathbf{W}_k \mathbf{k}_i
        k = b.index(b.fresh_letter())
        w, column = image
        return sympy.Sum(matrix_entry(b, w, d, k) * _entry(b, column, k), (k, 1, w.shape[1]))
    if isinstance(e, (sympy.Mul, sympy.MatMul)):
        args = [f for f in e.args if not isinstance(f, sympy.OneMatrix)]  # a number added to w: here a vector
        vectors = [f for f in args if _vectorial(b, f)]
        if len(vectors) != 1 or any(getattr(f, "is_Matrix", False) for f in args if f is not vectors[0]):
            raise _NotLinear  # x^{(i)} x^{(i)\top}, W x_i: no vector times numbers
        return sympy.Mul(*[_entry(b, f, d) if f is vectors[0] else f for f in args])
    if isinstance(e, sympy.Sum):
        return sympy.Sum(_entry(b, e.function, d), *e.limits)
    if isinstance(e, sympy.HadamardProduct):  # (\mathbf{x}^{(i)} - \boldsymbol{\mu}) / \boldsymbol{\sigma}
        return sympy.Mul(*[_entry(b, f, d) for f in e.args])
    if isinstance(e, sympy.HadamardPower):  # Ioffe & Szegedy's (\mathbf{x} - \boldsymbol{\mu}_\mathcal{B})^2
        return _entry(b, e.base, d) ** e.exp
    if isinstance(e, sympy.Pow) and e.exp.is_Integer and e.exp > 0:  # (\mathbf{y}_i - \hat{\mathbf{y}}_i)^2: two
        return _entry(b, e.base, d) ** e.exp  # members, a number to SymPy, squared entry by entry as a vector is
    if isinstance(e, ElementwiseApplyFunction):  # \mathrm{ReLU}(W x_i + b): f of entry d
        return e.function(_entry(b, e.expr, d))
    if _entrywise(e):  # GAT's \sigma(\sum_j \alpha_{ij} W h_j), \tanh(\mathbf{x}_i): f of entry d
        return e.func(_entry(b, e.args[0], d))
    raise _NotLinear


def _ones_times(e: sympy.Basic) -> sympy.Basic | None:
    """The number c of ``c \\mathbf{1}`` (a number added to a vector, broadcast), else None."""
    if isinstance(e, sympy.OneMatrix):
        return sympy.Integer(1)
    if isinstance(e, (sympy.Mul, sympy.MatMul)) and any(isinstance(a, sympy.OneMatrix) for a in e.args):
        rest = [a for a in e.args if not isinstance(a, sympy.OneMatrix)]
        if len(rest) == len(e.args) - 1 and not any(getattr(a, "is_Matrix", False) or a.has(sympy.Indexed)
                                                     for a in rest):
            return sympy.Mul(*rest)
    return None


def _matrix_column(e: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic] | None:
    """(W, x) of the product ``W x`` of a matrix's name (or its transpose) and a column's name, else None."""
    if not (isinstance(e, sympy.MatMul) and len(e.args) == 2):
        return None
    w, column = e.args
    name = w.arg if isinstance(w, sympy.Transpose) else w
    if isinstance(name, sympy.MatrixSymbol) and 1 not in name.shape and _column(column):
        return w, column
    return None


def _number(t: sympy.Basic) -> sympy.Basic:
    """A number added to a vector of members, added to each entry: a constant (``\\epsilon``), never a family's
    member (``t_n - \\boldsymbol{\\phi}(\\mathbf{x}_n)``, a target minus a vector, stays refused as loose)."""
    if t.has(sympy.Indexed):
        raise _NotLinear
    return t


def _entrywise(e: sympy.Basic) -> bool:
    """Is ``e`` a known function of one argument that acts on a vector entry by entry (``\\sigma``, ``\\tanh``,
    ReLU, ``\\exp``), as symdl reads it of a vector's name?  Not ``|\\cdot|`` (a norm to some readers), softmax
    and the functions whose value is not the argument's shape."""
    from symdl.bind.kinds import NOT_ENTRYWISE
    from symdl.functions import Distribution

    return (isinstance(e, sympy.Function) and not isinstance(e, (AppliedUndef, Distribution, sympy.Abs))
            and len(e.args) == 1 and type(e).__name__.lower() not in NOT_ENTRYWISE)


def outer_entries(b: Binder, sides: list[sympy.Basic], members: set[sympy.Indexed], span: Span) -> list[sympy.Basic]:
    """``sides`` read at fresh entries (d, e) when their value is a matrix made of outer products of vectors with
    whole vectors of families among them, each times numbers and summed (Bishop's scatter matrix
    ``\\sum_n (\\mathbf{x}_n - \\bar{\\mathbf{x}})(\\mathbf{x}_n - \\bar{\\mathbf{x}})^T``, noted
    ``family-outer``); else
    ``sides`` unchanged.  The family's rows are as long as the matrix's rows (for members in a column) or columns
    (in a row); every index of a member must be a sum's or the left side's."""
    lhs = sides[0] if len(sides) > 1 else None
    d = b.index(b.fresh_letter())
    f = b.index(b.fresh_letter())
    try:
        out = [_matrix_entry(b, s, d, f) for s in sides]
    except _NotLinear:
        return sides
    allowed = {d, f} | (lhs.free_symbols if lhs is not None else set())
    rhs_free = out[-1].free_symbols & set(b.index_syms.values())
    if any(not {d, f} <= s.free_symbols for s in out) or not rhs_free <= allowed:
        return sides
    names = sorted({m.base.label.name for m in members})
    axis = {m.base.label.name: m.indices[-1] for m in out[-1].atoms(sympy.Indexed) if m.base.label.name in names}
    lengths = {name: (lhs.shape[0] if axis.get(name) == d else lhs.shape[1]) if lhs is not None
               else b.shapes[name][1] for name in names}
    if not all(rows_fit(b, [name], n) for name, n in lengths.items()):
        return sides
    for name, n in lengths.items():
        set_rows(b, [name], n)
    b.notes[:] = [n for n in b.notes if not (n.rule == "scalar-broadcast" and span.start <= n.span.start
                                             and n.span.end <= span.end)]  # x_n - \mu: the member, not a number
    spans = sorted((b.ph[k].span for k, r in b.roles.items()
                    if r.kind == "family" and r.name in names and k in b.ph), key=lambda s: s.start)
    b._note("family-outer", spans[0] if spans else span, family=", ".join(names), index=f"{d}, {f}")
    return out


def _matrix_entry(b: Binder, e: sympy.Basic, d: sympy.Symbol, f: sympy.Symbol) -> sympy.Basic:
    """Entry (d, f) of the matrix ``e``: a matrix's name, outer products of a column and a row times numbers, their
    sums; :class:`_NotLinear` for anything else (a member in a function, a product of two matrices)."""
    if not _vectorial(b, e):
        raise _NotLinear
    if _matrix(e):
        entries = sympy.IndexedBase(e.name, real=True)
        b.latex_names.setdefault(entries, b.latex_names.get(e, e.name))
        return entries[d, f]
    if isinstance(e, MemberOuter):  # \mathbf{x}_n \mathbf{x}_n^T
        return _entry(b, e.args[0], d) * _entry(b, e.args[1], f)
    if isinstance(e, (sympy.Add, sympy.MatAdd)):
        return sympy.Add(*[_matrix_entry(b, t, d, f) for t in e.args])
    if isinstance(e, sympy.Sum):
        return sympy.Sum(_matrix_entry(b, e.function, d, f), *e.limits)
    if not isinstance(e, (sympy.Mul, sympy.MatMul)):
        raise _NotLinear
    arrays = [a for a in e.args if _vectorial(b, a)]
    numbers = [a for a in e.args if not _vectorial(b, a)]
    if any(getattr(a, "is_Matrix", False) for a in numbers):
        raise _NotLinear
    rows = [a for a in arrays if isinstance(a, RowOf)]
    if len(arrays) == 2 and len(rows) == 1:  # (x^{(i)} - \mu_{y^{(i)}})(x^{(i)} - \mu_{y^{(i)}})^T
        column = next(a for a in arrays if a is not rows[0])
        return sympy.Mul(*numbers) * _entry(b, column, d) * _entry(b, rows[0].args[0], f)
    if len(arrays) == 1:  # γ_n (...)(...)^T, \frac{1}{N} \sum_n (...)
        return sympy.Mul(*numbers) * _matrix_entry(b, arrays[0], d, f)
    if len(arrays) == 2 and _shape(arrays[0])[1] == 1 and _shape(arrays[1])[0] == 1:
        return sympy.Mul(*numbers) * _entry(b, arrays[0], d) * _entry(b, arrays[1], f)
    raise _NotLinear


def _shape(e: sympy.Basic) -> tuple[object, object]:
    return tuple(e.shape) if getattr(e, "is_Matrix", False) else (None, None)


def member_norm(b: Binder, inner: sympy.Basic, kind: str) -> sympy.Basic | None:
    """``\\|\\mathbf{q} - \\mathbf{k}_i\\|`` (d2l's Gaussian kernel, a vector's name beside a member): the norm by
    entries, ``\\sqrt{\\sum_d (q_d - k_{i,d})^2}`` (``_1``: ``\\sum_d |\\cdot|``), the members' rows as long as the
    vector; None when ``inner`` is no vector holding whole members, or for another norm."""
    members = whole_members(b, inner)
    if not members or kind not in ("2", "1") or not getattr(inner, "is_Matrix", False) or inner.shape[1] != 1:
        return None
    names = sorted({m.base.label.name for m in members})
    if not rows_fit(b, names, inner.shape[0]):
        return None
    d = b.index(b.fresh_letter())
    try:
        entry = _entry(b, inner, d)
    except _NotLinear:
        return None
    set_rows(b, names, inner.shape[0])
    if kind == "1":
        return sympy.Sum(sympy.Abs(entry), (d, 1, inner.shape[0]))
    return sympy.sqrt(sympy.Sum(entry**2, (d, 1, inner.shape[0])))

