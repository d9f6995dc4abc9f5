"""Plain families of vectors in outer products: cs229's GDA covariance ``\\Sigma = \\frac{1}{n}\\sum_i (x^{(i)} -
\\mu_{y^{(i)}})(x^{(i)} - \\mu_{y^{(i)}})^T`` and ``\\sum_i x^{(i)} x^{(i)T}``.

A plain member (``x^{(i)}``, the label's mean ``\\mu_{y^{(i)}}``) is one number per index unless something shows it
is a vector (:mod:`symdl.bind.families`).  Written in a product of a factor and the transpose of a factor, both
holding members of one plain family (``(u)(u)^T``, ``x^{(i)} x^{(i)T}``), it is a vector: a number's transpose is
the number, and no one writes it.  The members are then vectors of families of vectors (noted ``outer-member``), the
product their outer product, read entry by entry by ``family-outer`` (:mod:`symdl.bind.memberwise`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy

from symdl.read.syntax import placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder


class RowOf(sympy.Function):
    """``(x^{(i)} - \\mu_{y^{(i)}})^T`` of members of plain families of vectors: the row of that vector, held whole
    until the statement is read entry by entry (``family-outer``); one left over is refused as a loose vector."""

    nargs = 1


def outer_families(b: Binder) -> dict[str, int]:
    """Plain families whose members stand in an outer product ``(u)(u)^T`` or ``x^{(i)} x^{(i)T}``: family name →
    the placeholder of its first member there (for the note)."""
    found: dict[str, int] = {}
    for e in b.exprs:
        for m in e.atoms(sympy.Mul):
            factors = [placeholder_id(f) for f in m.args]
            rows = [k for k in factors if k is not None and _is_row(b, k)]
            if not rows:
                continue
            columns = [f for f, k in zip(m.args, factors, strict=True) if k not in rows]
            for k in rows:
                inner = members(b, b.ph[k].data["inner"].expr) if b.ph[k].kind == "transpose" else {k}
                names = {b.roles[j].name for j in inner}
                beside = {j for f in columns for j in members(b, f) if b.roles[j].name in names}
                for j in sorted(beside | inner if beside else ()):
                    found.setdefault(b.roles[j].name, j)
    return found


def _is_row(b: Binder, k: int) -> bool:
    """A transposed plain member (``x^{(i)T}``) or the transpose of a bracket holding plain members."""
    p = b.ph.get(k)
    if p is None:
        return False
    if p.kind == "atom":
        return k in b.atoms and b.atoms[k].transpose and _is_member(b, k)
    return p.kind == "transpose" and bool(members(b, p.data["inner"].expr))


def members(b: Binder, e: sympy.Basic) -> set[int]:
    """The untransposed plain members (one index, or one label: ``\\mu_{y^{(i)}}``) among the names of ``e``."""
    out = set()
    for s in e.free_symbols:
        k = placeholder_id(s)
        if k is not None and k in b.atoms and not b.atoms[k].transpose and _is_member(b, k):
            out.add(k)
    return out


def _is_member(b: Binder, k: int) -> bool:
    a, r = b.atoms[k], b.roles[k]
    return (r.kind == "family" and not a.bold and (r.entry is not None or len(r.indices) == 1)
            and not a.decorations)


def note_outer_members(b: Binder, found: dict[str, int]) -> None:
    """The ``outer-member`` note of each plain family read as vectors here, the ``sample-number`` guess withdrawn."""
    for name, k in found.items():
        spans = {b.ph[j].span for j, r in b.roles.items() if r.kind == "family" and r.name == name and j in b.ph}
        b.notes[:] = [n for n in b.notes if not (n.rule == "sample-number" and n.span in spans)]
        b._note("outer-member", b.ph[k].span, name=name)


def promote_beside(b: Binder, kinds: dict[tuple[object, ...], str]) -> None:
    """A lower-case name added to a member read as a vector here (cs229's factor analysis ``(x^{(i)} - \\mu)
    (x^{(i)} - \\mu)^T``: the mean \\mu, Greek too) is a vector: a number would be added to every entry."""
    from symdl.bind.names import identity
    from symdl.bind.shapes import declared_shape

    if not b.outer_families:
        return
    for e in b.exprs:
        for add in e.atoms(sympy.Add):
            terms = [placeholder_id(t.as_coeff_Mul()[1]) for t in add.args]  # (- \mu too)
            if not any(k in members(b, add) and b.roles[k].name in b.outer_families for k in terms):
                continue
            for k in terms:
                a = b.atoms.get(k) if k is not None else None
                if (a is not None and b.roles[k].kind != "family" and a.base[:1].islower() and not a.transpose
                        and not a.word and declared_shape(a, b.declared) is None):
                    kinds.setdefault(identity(a), "vector")
