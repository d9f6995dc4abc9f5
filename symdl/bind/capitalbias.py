r"""A plain capital added to products of matrices and vectors: the cuDNN and oneDNN docs' bias ``B``
(``h_t = \mathrm{activation}(W \cdot h_{t,l-1} + U \cdot h_{t-1,l} + B)``, an LSTM gate's ``B_i``).

A capital letter is a matrix by symdl's convention (``capital-matrix``), but a capital added alone to matrix-vector
products is a bias, a vector of their length: as a matrix, each product would be copied across its columns
(broadcast), silently.  A last resort: only a capital nothing declares, written alone as a term (no factor, no
transpose, no power) in a sum whose other terms are each a column (a matrix times a vector) or an array made of
one, is made a vector, noted ``capital-bias``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy

from symdl.bind.names import identity
from symdl.bind.shapes import declared_shape
from symdl.bind.valuekind import value_kind

if TYPE_CHECKING:
    from symdl.bind.binder import Binder

Kinds = dict[tuple[object, ...], str]


def capital_biases(b: Binder, kinds: Kinds) -> bool:
    """Make each capital bias (see the module) a vector, noted; whether any was."""
    changed = False
    for e in b.exprs:
        if not isinstance(e, sympy.Basic):
            continue
        for add in e.atoms(sympy.Add):
            terms = add.args
            lone = [(t, a) for t in terms if (a := b.atom_of(t)) is not None and _plain_capital(b, a, kinds)]
            if len(lone) != 1 or len(terms) < 2:
                continue
            term, a = lone[0]
            others = [value_kind(b, t, kinds) for t in terms if t is not term]
            if ("col" in others and set(others) <= {"col", "array"}  # r_t * (U h + B_u): an array of a column's
                    and kinds.get(identity(a)) == "matrix"):
                kinds[identity(a)] = "vector"
                k = next(k for k, x in b.atoms.items() if x is a)
                b._note("capital-bias", b.ph[k].span, name=a.spelling)
                changed = True
    return changed


def _plain_capital(b: Binder, a: object, kinds: Kinds) -> bool:
    return (getattr(a, "base", "")[:1].isupper() and len(a.base) == 1 and not (  # type: ignore[attr-defined]
        a.greek or a.word or a.transpose or a.bold or a.decorations)  # type: ignore[attr-defined]
        and declared_shape(a, b.declared) is None)  # type: ignore[arg-type]
