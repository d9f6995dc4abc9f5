"""A plain name that is one fixed entry of a bold vector of the same letter (Goodfellow et al. §2.1: "the first
element of x is x_1").

``s = \\mathbf{w}^T\\mathbf{x} + x_1`` and RoPE's ``x^{(1)}_m, x^{(2)}_m`` beside ``\\boldsymbol{x}_m`` (Su et al. eq.
13) write entries of a vector with a number: a plain name of the bold vector's letter with a number subscript (or,
when the vector has a subscript of its own, a parenthesised number superscript) is that entry, counted from 1 as
families are (noted ``vector-entry-name``); it was a name unrelated to the vector.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy

from symdl.bind.names import identity
from symdl.bind.shapes import declared_shape

if TYPE_CHECKING:
    from symdl.bind.binder import Binder
    from symdl.read.syntax import AtomSpec


def _position(a: AtomSpec, vector: AtomSpec) -> int | None:
    """The entry ``a`` names of ``vector``, if its spelling is the vector's letter with a number."""
    if vector.sub is None and a.sub is not None and a.sample is None and a.sub.text.isdigit():
        return int(a.sub.text)  # x_1 beside \mathbf{x}
    if (vector.sub is not None and a.sub is not None and a.sub.text == vector.sub.text and a.sample is not None
            and a.sample.isdigit()):
        return int(a.sample)  # x^{(1)}_m beside \boldsymbol{x}_m
    return None


def fixed_entry(b: Binder, k: int) -> tuple[AtomSpec, int] | None:
    """The bold vector atom ``k`` is one entry of, and the entry's position (from 1), or None."""
    a = b.atoms[k]
    if (a.bold or a.word or a.transpose or a.layer is not None or a.primes or a.d_of is not None
            or declared_shape(a, b.declared) is not None):
        return None
    for j, v in b.atoms.items():
        if (v.bold and v.base == a.base and v.decorations == a.decorations and not v.primes and v.layer is None
                and v.sample is None and b.kinds.get(identity(v)) == "vector" and b.roles[j].kind != "family"
                and (pos := _position(a, v)) is not None and pos >= 1):
            return v, pos
    return None


def entry_value(b: Binder, k: int) -> sympy.Basic | None:
    """Entry ``pos`` of the bold vector that atom ``k`` names one entry of (noted once each), or None."""
    found = fixed_entry(b, k)
    if found is None:
        return None
    vector, pos = found
    column = next(b.atom(j) for j, v in b.atoms.items() if v is vector)
    if isinstance(column, sympy.Transpose):
        column = column.arg
    if k not in b.entry_names:
        b.entry_names.add(k)
        b._note("vector-entry-name", b.ph[k].span, vector=vector.spelling, position=str(pos))
    return column[pos - 1, 0]
