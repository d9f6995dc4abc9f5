r"""A plain capital added to products of matrices and vectors: the cuDNN and oneDNN docs' bias ``B``
(``h_t = \mathrm{activation}(W \cdot h_{t,l-1} + U \cdot h_{t-1,l} + B)``, an LSTM gate's ``B_i``).

A capital letter is a matrix by symdl's convention (``capital-matrix``), but a capital added alone to matrix-vector
products is a bias, a vector of their length: as a matrix, each product would be copied across its columns
(broadcast), silently.  A last resort: only a plain capital (:func:`symdl.bind.letters.plain_capital`: one letter
nothing declares, no prime, no family's entry), written alone as a term (no factor,
no transpose, no power) in a sum whose other terms are each a column (a matrix times a vector) or an array made of
one, is made a vector, noted ``capital-bias``.  So is a capital Greek letter a statement updates (Goldberg's SGD
``\Theta \leftarrow \Theta - \eta_t \mathbf{g}``: all the parameters, a vector as the step is), noted
``capital-parameters``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy

from symdl.bind.letters import plain_capital
from symdl.bind.names import identity
from symdl.bind.shapes import declared_shape
from symdl.bind.valuekind import value_kind
from symdl.read.syntax import placeholder_id

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
            lone = [(t, k) for t in terms if (k := placeholder_id(t)) is not None and k in b.atoms
                    and (plain_capital(b, k) or _greek_parameters(b, k)) and not b.atoms[k].transpose]
            if len(lone) != 1 or len(terms) < 2:
                continue
            term, k = lone[0]
            a = b.atoms[k]
            others = [value_kind(b, t, kinds) for t in terms if t is not term]
            if ("col" in others and set(others) <= {"col", "array"}  # r_t * (U h + B_u): an array of a column's
                    and kinds.get(identity(a)) == "matrix"):
                kinds[identity(a)] = "vector"
                b._note("capital-parameters" if a.greek else "capital-bias", b.ph[k].span, name=a.spelling)
                changed = True
    return changed



def _greek_parameters(b: Binder, k: int) -> bool:
    """A plain capital Greek letter (``\\Theta``) that nothing declares, no family's entry, that an update sets."""
    a = b.atoms[k]
    return (a.greek and a.base[:1].isupper() and not (a.bold or a.word or a.decorations or a.primes or a.sub)
            and declared_shape(a, b.declared) is None and b.roles[k].kind != "family"
            and any(st.relation == "update" and (k2 := placeholder_id(st.sides[0].expr)) in b.atoms
                    and identity(b.atoms[k2]) == identity(a) for st in b.rr.statements))
