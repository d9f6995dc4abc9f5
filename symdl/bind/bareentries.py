"""A plain name written whole beside its own entries under a sum (issue 12, rule ``bare-summed-vector``).

RMSNorm (Zhang & Sennrich 2019) writes ``\\bar{x} = \\frac{x}{\\sqrt{\\frac{1}{n}\\sum_{i=1}^n x_i^2}} \\gamma``, the
softmax ``p = e^{z} / \\sum_j e^{z_j}``, layer norm ``\\hat x = (x - \\mu)/\\sigma`` beside ``\\mu = \\frac1n\\sum_i
x_i``: the bare lower-case ``x`` is the vector whose entries ``x_i`` the sum runs over, and the statement holds entry
by entry.  The bare name is read as that family's entry at a fresh free index (``x[k]``, the value a vector over k),
the way symdl reads a written ``x_k``.  Only where the bare name stands entry by entry: in sums, differences,
products, quotients and powers and in the element-wise functions (``\\exp``, ``\\tanh``, ...) of a statement's right
side; a bare name under a norm, a transpose, an unknown function or beside a matrix keeps its old reading, and so
does one with no sum over its entries (``y = x_i + x``), one declared (``x \\in \\mathbb{R}^n``: its own rule), a
layer's or a sample's entries (Nielsen's ``a^l_j``)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import sympy

from symdl.bind.names import NameRole, identity
from symdl.bind.sums import enclosing_sums, fresh_letter, used_letters
from symdl.read.syntax import AtomSpec, placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder

#: known functions applied entry by entry: a bare name inside one still stands entry by entry
_ENTRYWISE_CALLS = frozenset({"exp", "log", "ln", "tanh", "sigmoid", "sqrt", "abs", "relu", "sin", "cos"})


def _unspaced(spelling: str) -> str:
    return re.sub(r"[\s{}]", "", spelling)


def _entrywise_atoms(b: Binder, e: sympy.Basic, out: set[int]) -> None:
    """Collect the atom placeholders of ``e`` that stand entry by entry (through +, -, ·, /, powers, entry-wise
    calls); a Sum, a norm, an unknown call or any other construct stops the walk."""
    if isinstance(e, sympy.Symbol):
        k = placeholder_id(e)
        p = b.ph.get(k) if k is not None else None
        if p is None:
            return
        if p.kind == "atom":
            out.add(p.id)
        elif p.kind == "call" and p.data.get("known") in _ENTRYWISE_CALLS and len(p.data.get("args", ())) == 1:
            _entrywise_atoms(b, p.data["args"][0].expr, out)
        return
    if isinstance(e, (sympy.Add, sympy.Mul, sympy.Pow)) or (
            isinstance(e, sympy.Function) and e.func in (sympy.exp, sympy.log)):
        for arg in e.args:
            _entrywise_atoms(b, arg, out)


def _summed_entries(b: Binder) -> dict[str, tuple[NameRole, int]]:
    """Unspaced family key → (the role of its entry, where it is first written) for plain families with one index
    that a sum or product runs over (x_i under \\sum_i)."""
    inside = enclosing_sums(b.ph, b.exprs)
    out: dict[str, tuple[NameRole, int]] = {}
    for k in sorted(b.atoms, key=lambda j: b.ph[j].span.start):
        a, r = b.atoms[k], b.roles[k]
        if r.kind != "family" or len(r.indices) != 1 or r.indices[0][1] != 0 or r.entry or r.positions or r.linear:
            continue
        if a.sample is not None or a.layer is not None or a.bold or a.transpose or r.label:
            continue
        if r.indices[0][0] in inside.get(k, ()):
            out.setdefault(_unspaced(r.key), (r, k))
    return out


def _plain(a: AtomSpec) -> bool:
    return (len(a.base) == 1 and a.base.islower() and not (a.greek or a.bold or a.word or a.cal or a.primes
                                                             or a.transpose or a.sub or a.sample or a.layer))


def bare_summed_vectors(b: Binder) -> dict[int, tuple[NameRole, int]]:
    """Bare name placeholder → (its role now, the entry it is read beside); the roles are set here."""
    entries = _summed_entries(b)
    if not entries:
        return {}
    standing: set[int] = set()
    for st in b.rr.statements:
        sides = [s.expr for s in st.sides]
        lone_left = len(sides) > 1 and placeholder_id(sides[0]) is not None
        for e in sides[1:] if lone_left else sides:
            _entrywise_atoms(b, e, standing)
    declared = {_unspaced(key) for key in b.declared}
    letters: dict[str, str] = {}
    used = used_letters(b.ph)
    out: dict[int, tuple[NameRole, int]] = {}
    for k in sorted(standing):
        a = b.atoms.get(k)
        if a is None or not _plain(a) or b.roles[k].kind != "scalar" or identity(a) in b.kinds:
            continue
        key = _unspaced(a.spelling)
        if key not in entries or key in declared or _unspaced(a.base_latex) in declared:
            continue
        r, first = entries[key]
        letter = letters.setdefault(key, fresh_letter(used))
        b.roles[k] = NameRole("family", r.name, r.key, ((letter, 0),))
        out[k] = (b.roles[k], first)
    return out


def note_bare_summed(b: Binder, found: dict[int, tuple[NameRole, int]]) -> None:
    """One ``bare-summed-vector`` note per name, at its first bare spelling."""
    seen: set[str] = set()
    for k in sorted(found, key=lambda j: b.ph[j].span.start):
        r, first = found[k]
        if r.key in seen:
            continue
        seen.add(r.key)
        entry = b.atoms[first]
        b._note("bare-summed-vector", b.ph[k].span, name=b.atoms[k].spelling, entry=entry.spelling,
                index=b.roles[first].indices[0][0], letter=r.indices[0][0])
