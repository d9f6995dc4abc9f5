r"""The identity matrix with its size written: ``I_m``, ``I_n``, ``\mathbf{I}_d``, ``I_2`` (Shampoo's preconditioners
``L_0 = \epsilon I_m``, ``R_0 = \epsilon I_n``; K-FAC's damping ``\pi_i \sqrt{\lambda} I``).  A capital I whose one
subscript is a dimension's letter (m, n, d, k, p, r, D, K, M, N; no index a sum or a left side runs over) or a number
is the m×m identity wherever it stands, noted ``sized-identity`` (before: a number named I_m, silently, so that
``\epsilon I_m`` was a number too)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import sympy

from symdl.bind.identity import plain_i
from symdl.bind.identity_terms import swap_identities
from symdl.bind.names import identity
from symdl.read.syntax import AtomSpec

if TYPE_CHECKING:
    from symdl.bind.binder import Binder
    from symdl.formula import Statement

#: the letters a dimension takes (a matrix's m × n, a model's d, a rank r)
SIZE_LETTERS = frozenset("mndkprDKMN")


def identity_size(a: AtomSpec, letters: set[str] | frozenset[str]) -> sympy.Basic | None:
    """The size of the identity ``a`` names (``I_m``: m, ``I_2``: 2), else None; ``letters``: the formula's index
    letters (``I_j`` beside a sum over j is an entry of a family, Haykin's input current I_j)."""
    if a.sub is None or not plain_i(replace(a, decorations=tuple(d for d in a.decorations if d != "mathbb"))):
        return None  # RealNVP's \\mathbb{I}_d (read as a name by symdl.read.probability only with a size alone)
    text = a.sub.text.strip("{} ")
    if text.isdigit() and int(text) >= 2:
        return sympy.Integer(int(text))
    if len(text) == 1 and text in SIZE_LETTERS and text not in letters:
        return sympy.Symbol(text, integer=True, positive=True)
    return None


def scaled_identities(b: Binder) -> frozenset[tuple[object, ...]]:
    """The identities of a plain ``I`` that a statement sets a capital to, scaled by numbers alone (L-BFGS's first
    inverse Hessian ``H_k^0 = \\gamma_k I``): that capital is a matrix, so I is the identity (noted
    ``scaled-identity``; before, I and H were numbers, silently)."""
    out: set[tuple[object, ...]] = set()
    for st in b.rr.statements:
        if len(st.sides) != 2 or (left := b.atom_of(st.sides[0].expr)) is None or left.word or left.greek \
                or not left.base[:1].isupper() or left.base == "I":
            continue
        atoms = [(f, b.atom_of(f)) for f in sympy.Mul.make_args(st.sides[1].expr)]
        eyes = [a for _, a in atoms if a is not None and a.base == "I" and plain_i(a) and a.sub is None]
        rest = [a for f, a in atoms if not f.is_number and (a is None or not (a.base == "I" and plain_i(a)))]
        if len(eyes) == 1 and all(a is not None and not a.base[:1].isupper() and not a.bold for a in rest):
            out.add(identity(eyes[0]))
    return frozenset(out)


def seed_sized_identities(b: Binder, kinds: dict[tuple[object, ...], str]) -> None:
    """Each sized identity (see the module) is a matrix, and so is a scaled one (:func:`scaled_identities`)."""
    for a in b.atoms.values():
        if identity_size(a, b.letters) is not None or identity(a) in b.scaled_identities:
            kinds[identity(a)] = "matrix"


def sized_identities(b: Binder, statements: list[Statement]) -> list[Statement]:
    """``statements`` with every sized identity (see the module) made SymPy's identity matrix, noted once per name."""
    swap: dict[sympy.Basic, sympy.Basic] = {}
    for k, a in sorted(b.atoms.items()):
        obj = b.symbols.get(a.spelling)
        sized = identity_size(a, b.letters) is not None
        if not isinstance(obj, sympy.MatrixSymbol) or not (sized or identity(a) in b.scaled_identities) or obj in swap:
            continue
        swap[obj] = sympy.Identity(obj.shape[0])
        b._note("sized-identity" if sized else "scaled-identity", b.ph[k].span)
        if isinstance(obj.shape[0], sympy.Symbol):  # its size an input where no array gives it (L_0 = \epsilon I_m)
            b.symbols.setdefault(str(obj.shape[0]), obj.shape[0])
    return swap_identities(b, statements, swap)
