"""Row- or column-major layers: which way a bias vector broadcasts.

``W x + b`` and Ng's ``W^{[l]} A^{[l-1]} + b^{[l]}`` put the weight first: outputs are rows of the result and
the bias is a column added to every column.  d2l writes layers row-major, ``\\mathbf{X}\\mathbf{W} + \\mathbf{b}``
and ``\\mathbf{H}\\mathbf{W}^{(2)} + \\mathbf{b}^{(2)}`` (one example per row), as the PyTorch docs write
``x A^T + b``: the weight is the last factor, outputs are columns, and the bias is a **row** added to every row.

The rule (one table, :data:`WEIGHT_LETTERS`): a vector added to a product of matrices whose last factor is a
weight and whose first factor is not is a row vector; the reading is noted (rule ``bias-row``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy

from symdl.bind.build import first_position
from symdl.bind.names import identity
from symdl.read.syntax import AtomSpec, placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder

#: base letters that name weights in layer formulas (W, U, V; Θ in Ng's course; A in PyTorch's Linear docs)
WEIGHT_LETTERS = {"W", "U", "V", "Theta", "A"}


def _is_weight(a: AtomSpec) -> bool:
    return a.base in WEIGHT_LETTERS or "weight" in a.base.lower()


def _factor_atom(b: Binder, e: sympy.Basic) -> AtomSpec | None:
    k = placeholder_id(e)
    if k is None or k not in b.ph:
        return None
    p = b.ph[k]
    if p.kind == "atom":
        return p.data["atom"]
    if p.kind == "transpose":  # x A^T: the transposed weight of PyTorch's Linear
        return _factor_atom(b, p.data["inner"].expr)
    return None


def row_biases(b: Binder, kinds: dict[tuple[object, ...], str]) -> dict[tuple[object, ...], int]:
    """Identities of the vectors added, as biases, to a row-major product → the placeholder of one such use."""
    found: dict[tuple[object, ...], int] = {}
    for expr in b.exprs:
        for add in expr.atoms(sympy.Add) | ({expr} if isinstance(expr, sympy.Add) else set()):
            products = [t for t in add.args if isinstance(t, sympy.Mul)]
            row_major = False
            for t in products:
                factors = sorted((f for f in t.args if not f.is_number), key=lambda f: first_position(f, b.ph))
                atoms = [_factor_atom(b, f) for f in factors]
                if len(atoms) >= 2 and atoms[0] is not None and atoms[-1] is not None:
                    first, last = atoms[0], atoms[-1]
                    matrices = kinds.get(identity(first)) == "matrix"
                    row_major = row_major or (matrices and _is_weight(last) and not _is_weight(first))
            if not row_major:
                continue
            for t in add.args:
                k = placeholder_id(t)
                if k is not None and k in b.atoms and kinds.get(identity(b.atoms[k])) == "vector":
                    found.setdefault(identity(b.atoms[k]), k)
    return found
