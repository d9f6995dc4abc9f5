"""A plain name set equal to a sum of whole vectors of a family of vectors is a vector.

Bahdanau's context vector written plain (``c = \\sum_t \\alpha_t \\mathbf{h}_t``), a mean over time
(``h = \\frac{1}{T}\\sum_{t=1}^{T}\\mathbf{h}_t``), cs229's mean of declared samples (``x^{(i)} \\in \\mathbb{R}^n``,
``\\mu = \\frac{1}{m}\\sum_{i=1}^m x^{(i)}``), a minibatch step on a plain parameter (``w \\leftarrow w -
\\frac{\\eta}{B}\\sum_i \\mathbf{g}_i``): the value is a vector, each entry the sum of the members' entries
(:mod:`symdl.bind.memberwise` reads it entry by entry, ``family-rows``), so the plain name is that vector, not a
number (noted ``family-vector-sum``).  Only a sum over the family's own index of members each times numbers counts
(a dot product, ``\\sum_i \\mathbf{w}^T\\mathbf{x}_i``, is a number; a matrix times a member is left to the names'
other rules).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy

from symdl.bind.declaredentries import member_declared
from symdl.bind.names import identity
from symdl.bind.shapes import declared_shape
from symdl.bind.valuekind import value_kind
from symdl.read.syntax import placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder

Kinds = dict[tuple[object, ...], str]


def seed_member_sums(b: Binder, kinds: Kinds) -> None:
    """Make a plain, undeclared name on the left of ``=`` or ``\\leftarrow`` a vector when the right side is a sum
    over a family's index of its whole vectors, each times numbers (the name itself may stand beside it in an
    update's right side)."""
    for st in b.rr.statements:
        if st.relation not in ("=", "define", "update") or len(st.sides) != 2:
            continue
        k = placeholder_id(st.sides[0].expr)
        if k is None or k not in b.atoms or not _plain_name(b, k) or identity(b.atoms[k]) in kinds:
            continue
        found = _summed_members(b, st.sides[1].expr, frozenset(), identity(b.atoms[k]), kinds)
        if not found:
            continue
        kinds[identity(b.atoms[k])] = "vector"
        first = min(found, key=lambda j: b.ph[j].span.start)
        b._note("family-vector-sum", b.ph[k].span, name=b.atoms[k].spelling, member=b.atoms[first].spelling,
                family=b.atoms[first].base_latex)


def _plain_name(b: Binder, k: int) -> bool:
    a = b.atoms[k]
    return (b.roles[k].kind == "scalar" and not (a.bold or a.word or a.transpose or a.d_of)
            and declared_shape(a, b.declared) is None)


def member_vector(b: Binder, k: int) -> bool:
    """Is placeholder ``k`` a whole vector of a family of vectors (bold, or declared a vector: one index, not
    transposed, not an entry x_{i,k})?"""
    if k not in b.atoms:
        return False
    a, r = b.atoms[k], b.roles[k]
    return (r.kind == "family" and len(r.indices) == 1 and r.entry is None and r.positions is None
            and r.linear is None and not a.transpose and (a.bold or member_declared(a, b.declared)))


def _summed_members(b: Binder, e: sympy.Basic, bound: frozenset[str], lhs: tuple[object, ...],
                    kinds: Kinds) -> set[int] | None:
    """The members of ``e`` when it is a linear combination of whole members, each under a sum over its own index
    and times numbers (the left side's name allowed as a term: an update's w); None for anything else."""
    k = placeholder_id(e)
    if k is not None:
        if member_vector(b, k):
            return {k} if b.roles[k].indices[0][0] in bound else None
        if k in b.atoms and identity(b.atoms[k]) == lhs and not b.atoms[k].transpose:
            return set()
        p = b.ph.get(k)
        inner = p.data.get("inner") if p is not None and p.kind == "group" else None
        return _summed_members(b, inner.expr, bound, lhs, kinds) if inner is not None else None
    if isinstance(e, sympy.Sum):
        letters = {b.ph[j].data["name"] for lim in e.limits if (j := placeholder_id(lim[0])) is not None
                   and j in b.ph and b.ph[j].kind == "index"}
        return _summed_members(b, e.function, bound | letters, lhs, kinds)
    if isinstance(e, sympy.Add):
        parts = [_summed_members(b, t, bound, lhs, kinds) for t in e.args]
        if any(p is None for p in parts):
            return None
        out = set().union(*parts)  # type: ignore[arg-type]
        return out or None
    if isinstance(e, sympy.Mul):
        parts = [(f, _summed_members(b, f, bound, lhs, kinds)) for f in e.args]
        vectors = [p for f, p in parts if p]
        numbers = [f for f, p in parts if not p]
        if len(vectors) != 1 or any(value_kind(b, f, kinds) != "scalar" or _holds_member(b, f) for f in numbers):
            return None
        return vectors[0]
    return None


def _holds_member(b: Binder, e: sympy.Basic) -> bool:
    """Is ``e`` a member of a family of vectors, whole or transposed (a second vector: ``\\mathbf{h}_t^T
    \\mathbf{h}_t`` is a number, no vector times numbers)?  A bracket is judged by its value's kind (LMS's
    ``(y_i - \\mathbf{w}^T\\mathbf{x}_i)``, a number)."""
    j = placeholder_id(e)
    return j is not None and j in b.atoms and b.roles[j].kind == "family" and (
        b.atoms[j].bold or member_declared(b.atoms[j], b.declared))


def own_entries(b: Binder, out: list[sympy.Basic], lhs: sympy.MatrixSymbol, d: sympy.Symbol,
                families: list[str]) -> list[sympy.Basic] | None:
    """A mean over time written with the family's own letter, bare, on the left (``\\mathbf{h} = \\frac{1}{T}
    \\sum_t \\mathbf{h}_t``, ``h = \\dots``): the bare name is one vector of its own, not the family its members
    make (which it cannot be: a family defined by its own members); its entries get a name of their own
    (``h_vec``), or the family's array would be read for it (noted ``family-bare-vector``).  None where the formula
    has further statements (a later ``\\mathbf{W}\\mathbf{h}`` would name the family's array): refused as before."""
    if lhs.name not in families:
        return out
    if len(b.rr.statements) != 1:
        return None
    mine = sympy.IndexedBase(f"{lhs.name}_vec", real=True)
    b.latex_names.setdefault(mine, b.latex_names.get(lhs, lhs.name))
    old = {e: mine[d] for s in out for e in s.atoms(sympy.Indexed) if e.base.label.name == lhs.name
           and e.indices == (d,)}
    k = placeholder_id(b.rr.statements[0].sides[0].expr)
    if k is None or k not in b.atoms:
        return None
    j = next((j for j, r in b.roles.items() if r.kind == "family" and r.name == lhs.name and j in b.atoms), None)
    if j is None:
        return None
    _own_symbol(b, lhs, mine, b.roles[j].key)
    b._note("family-bare-vector", b.ph[k].span, name=b.atoms[k].spelling, member=b.atoms[j].spelling,
            entries=mine.name)
    return [s.xreplace(old) for s in out]


def _own_symbol(b: Binder, lhs: sympy.MatrixSymbol, mine: sympy.IndexedBase, family_key: str) -> None:
    """The bare vector and the family share one name: the family keeps it (its rows as many as its members, its
    spelling the keyword its array is given by), the bare vector is listed as ``mine`` (a column as long as the
    family's rows)."""
    length = lhs.shape[0]
    b.shapes[lhs.name] = (b.length_of(family_key), length)
    family = sympy.IndexedBase(lhs.name, real=True)
    for key, obj in list(b.symbols.items()):
        if obj == lhs:
            b.symbols[key] = family if key == family_key else sympy.MatrixSymbol(mine.name, length, 1)
    b.symbols.setdefault(family_key, family)
    b.shapes[mine.name] = (length, 1)
