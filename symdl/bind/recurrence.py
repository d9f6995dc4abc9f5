r"""Recurrences over a position letter other than t: Goldberg's RNNs ``\mathbf{s}_i = R(\mathbf{s}_{i-1},
\mathbf{x}_i)``, his GRU ``\mathbf{z} = \sigma(\mathbf{x}_j\mathbf{W}^{xz} + \mathbf{s}_{j-1}\mathbf{W}^{sz})``.

symdl reads ``\mathbf{h}_t`` beside ``\mathbf{h}_{t-1}`` as one vector at successive steps (rule ``time`` in
:func:`symdl.bind.names.role`), and ``\mathbf{x}_t`` alone as the vector at step t.  With another letter (i, j) the
same names were families of vectors, whose members symdl does not multiply by matrices: refused.  A letter that a bold
vector carries shifted back by one (``\mathbf{s}_{j-1}``), that a statement sets a bold vector at (``\mathbf{s}_j =
...``), that no sum runs over and that no parameter carries (a matrix ``W_l``, a Greek ``\Omega_k``, a plain ``b_l``:
layers of different sizes, Prince's ``\mathbf{f}_k = \boldsymbol\beta_k + \boldsymbol\Omega_k \mathbf{h}_k``),
counts steps as t does: the names at it are vectors at that step, of one size (the update's ``previous value``
reading, and its notes, follow).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from symdl.read.syntax import placeholder_id

if TYPE_CHECKING:
    from symdl.read.statements import StatementSyntax
    from symdl.read.syntax import AtomSpec


def _single(a: AtomSpec) -> tuple[str, int] | None:
    terms = a.sub.terms if a.sub is not None else None
    return terms[0] if terms and len(terms) == 1 and len(terms[0][0]) == 1 else None


def recurrence_letters(atoms: dict[int, AtomSpec], statements: list[StatementSyntax], sums: set[str]) -> frozenset[str]:
    """The letters other than t that count steps of a recurrence of bold vectors (see the module)."""
    back = {t[0] for a in atoms.values() if a.bold and (t := _single(a)) is not None and t[1] == -1}
    set_at = set()
    for st in statements:
        k = placeholder_id(st.sides[0].expr) if len(st.sides) > 1 else None
        a = atoms.get(k) if k is not None else None
        if a is not None and a.bold and (t := _single(a)) is not None:
            set_at.add(t[0])
    layered = {t[0] for a in atoms.values() if (t := _single(a)) is not None
               and (not a.bold or a.greek or a.base[:1].isupper())}  # W_l, \Omega_k, b_l: parameters per layer
    return frozenset(x for x in back if x != "t" and x not in sums and x not in layered and x.islower()
                     and x in set_at)
