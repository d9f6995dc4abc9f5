r"""Entry definitions by their index letters: HiPPO's (Gu et al. 2020) ``\boldsymbol{A}_{nk} = -\begin{cases}
(2n+1)^{1/2}(2k+1)^{1/2} & \text{if } n > k \\ n+1 & \text{if } n = k \\ 0 & \text{if } n < k \end{cases}``.

A left side whose subscript is two or more different lower-case letters (``A_{nk}``, ``A_{n,k}``), each written as
a bare letter on the right side (``2n+1``, ``n > k``), defines the entries of a matrix: its letters are indices,
the name is entry (n, k) of A, and the right side computes it from the values of n and k (as ``A_{ij} = i + j``
reads already).  Without this, a subscript mixing k with a letter that is no conventional index read as a label
(PyTorch's ``W_{ih}``): one name ``A_{nk}``.  ``W_{ih} x`` (h never written bare) and Goodfellow's
``C_{i,j} = \sum_k A_{i,k} B_{k,j}`` (no bare i or j) stay as they were.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sympy

from symdl.bind.names import STEP_LETTERS, identity
from symdl.bind.shapes import declared_shape, seed_kind
from symdl.read.syntax import AtomSpec, Placeholder, placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder


def set_values(b: Binder, a: AtomSpec, *, skip: int | None = None) -> list[sympy.Basic]:
    """The right sides of the statements that set the name ``a`` (two sides, ``a`` alone on the first: ``s =
    \\sqrt{v + \\epsilon}``), except one whose first side is the placeholder ``skip`` (the use asked about)."""
    out = []
    for st in b.rr.statements:
        left = b.atom_of(st.sides[0].expr) if len(st.sides) == 2 else None
        if left is not None and identity(left) == identity(a) and placeholder_id(st.sides[0].expr) != skip:
            out.append(st.sides[1].expr)
    return out


def _bare(a: AtomSpec) -> bool:
    """A plain lower-case Latin letter with nothing attached (``n`` of ``2n+1``)."""
    return (len(a.base) == 1 and a.base.islower() and a.base.isascii() and not (a.greek or a.word or a.bold)
            and a.sub is None and not a.decorations and not a.sample and a.layer is None and not a.transpose)


def _letters(a: AtomSpec) -> list[str] | None:
    """The subscript letters of a left side that may be entry indices (two or more different lone letters)."""
    terms = a.sub.terms if a.sub is not None else None
    if not terms or len(terms) < 2 or a.sub is None or a.sub.linear is not None or a.sample or a.layer is not None:
        return None
    letters = [letter for letter, offset in terms]
    if any(offset != 0 for _, offset in terms) or len(set(letters)) != len(letters):
        return None
    if not all(len(x) == 1 and x.islower() and x.isascii() for x in letters):
        return None
    return letters


def defined_entries(statements: list[Any], ph: dict[int, Placeholder]) -> dict[int, list[str]]:
    """The left sides that define entries (module docstring), over every statement → their subscript letters."""
    out: dict[int, list[str]] = {}
    for st in statements:
        if st.relation not in ("=", "define") or len(st.sides) != 2:
            continue
        k = placeholder_id(st.sides[0].expr)
        p = ph.get(k) if k is not None else None
        if p is None or p.kind != "atom" or (letters := _letters(p.data["atom"])) is None:
            continue
        bare = {q.data["atom"].base for q in ph.values() if q.kind == "atom" and _bare(q.data["atom"])
                and p.span.end <= q.span.start and q.span.end <= st.span.end}
        if set(letters) <= bare:
            out[p.id] = letters
    return out


def carried_positions(statements: list[Any], ph: dict[int, Placeholder]) -> set[str]:
    """Letters written as positions of their own on a left side's subscript, comma-separated (``y_{i,j,c}``), that a
    name on the right side carries in its subscript too (max pooling's ``x_{si+m,\\,sj+n,\\,c}``: the channel c):
    the equation holds for each of their values, so they are indices, never a label's letters.  Not a step
    (AdaGrad's x_{t+1,i} beside g_{t,i}: t is the step, read as such)."""
    out: set[str] = set()
    for st in statements:
        if st.relation not in ("=", "define") or len(st.sides) != 2:
            continue
        k = placeholder_id(st.sides[0].expr)
        p = ph.get(k) if k is not None else None
        a = p.data["atom"] if p is not None and p.kind == "atom" else None
        if a is None or a.sub is None or not a.sub.terms or "," not in a.sub.text:
            continue
        left = {letter for letter, offset in a.sub.terms
                if len(letter) == 1 and letter.islower() and offset == 0 and letter not in STEP_LETTERS}
        for q in ph.values():
            b = q.data["atom"] if q.kind == "atom" and q.id != p.id else None
            if b is None or b.sub is None or not (st.span.start <= q.span.start and q.span.end <= st.span.end):
                continue
            written = {letter for letter, _ in b.sub.terms or ()} | {
                letter for terms, _ in b.sub.linear or () for letter, _ in terms}
            out |= left & written
    return out


#: subscript letters that already have a reading of their own: i, j, k are indices, t a step (x_t, x_{t-1})
_READ_ALREADY = frozenset({"i", "j", "k", "t"})


def _lone_letter(a: AtomSpec) -> str | None:
    """The subscript of a lower-case name when it is one lower-case Latin letter at offset 0 (``y_n``), else None."""
    terms = a.sub.terms if a.sub is not None else None
    if (not terms or len(terms) != 1 or terms[0][1] != 0 or a.sub is None or a.sub.text != terms[0][0]
            or a.sample or a.layer is not None or a.transpose or a.word or a.bold or not a.base[:1].islower()):
        return None
    letter = terms[0][0]
    return letter if len(letter) == 1 and letter.isascii() and letter.islower() else None


def entry_statements(statements: list[Any], ph: dict[int, Placeholder]) -> dict[int, str]:
    """Bishop's ``y_n = x_n^2``: a left side whose subscript is one letter (not i, j, k or t) that a name on its
    right side carries alone too defines entry n of a family for every n, as ``y_i = x_i^2`` does; not when the
    formula writes that letter at an offset anywhere (``h_n = f(h_{n-1})``: steps) → the left side's id → letter."""
    atoms = [p for p in ph.values() if p.kind == "atom"]
    shifted = {letter for p in atoms if (s := p.data["atom"].sub) is not None and s.terms
               for letter, off in s.terms if off != 0}
    out: dict[int, str] = {}
    for st in statements:
        if st.relation not in ("=", "define", "update") or len(st.sides) != 2:
            continue
        k = placeholder_id(st.sides[0].expr)
        p = ph.get(k) if k is not None else None
        if p is None or p.kind != "atom" or (letter := _lone_letter(p.data["atom"])) is None:
            continue
        if letter in _READ_ALREADY or letter in shifted:
            continue
        if any(_lone_letter(q.data["atom"]) == letter and st.sides[1].span.start <= q.span.start
               and q.span.end <= st.span.end for q in atoms):
            out[p.id] = letter
    return out


def defined_as_entry_sums(b: Binder) -> set[int]:
    """The bare left sides (plain, undeclared) set equal to a sum of products of entries: Ng's Gram entry
    ``G_{kk'}^{[l]} = \\sum_i \\sum_j a_{ijk}^{[l]} a_{ijk'}^{[l]}`` is a number, though a layer's capital is a matrix
    by its spelling (it was given a matrix's shape, silently)."""
    out: set[int] = set()
    for st in b.rr.statements:
        if len(st.sides) != 2:
            continue
        k, rhs = placeholder_id(st.sides[0].expr), st.sides[1].expr
        a = b.atoms.get(k) if k is not None else None
        body = rhs.function if isinstance(rhs, sympy.Sum) else None
        if a is None or body is None or a.bold or a.transpose or declared_shape(a, b.declared) is not None:
            continue
        ids = [placeholder_id(s) for s in body.free_symbols]
        if all(i is not None and i in b.atoms and not b.atoms[i].bold and not b.atoms[i].transpose
               and (b.roles[i].kind == "family" or seed_kind(b.atoms[i], b.declared) is None)
               for i in ids if i is None or b.ph[i].kind == "atom"):
            out.add(k)
    return out
