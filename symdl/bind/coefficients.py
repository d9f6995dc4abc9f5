r"""A lower-case letter written before a matrix in a product is its coefficient, a number.

Jordan et al.'s Muon iteration ``X \leftarrow aX + b(XX^\top)X + c(XX^\top)^2X``, an update ``W - \eta G``: a plain
lower-case letter written before the first matrix of a product term scales it.  The promotion of a sum's operands
("``W x - y``: y is a vector too") must leave it a number; before, ``a`` became a column and ``X`` a row, so ``aX``
was an outer product, silently.  A letter after the matrix (``W x``) is still its vector, and the row vector before a
weight (``x W``, PyTorch's ``x A^T``: rule ``vector-row``) keeps that reading.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy

from symdl.bind.valuekind import value_kind
from symdl.read.syntax import placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder

Kinds = dict[tuple[object, ...], str]


def leading_coefficient(b: Binder, f: sympy.Basic, factors: tuple[sympy.Basic, ...], kinds: Kinds) -> bool:
    """Is ``f`` a plain lower-case letter written before the first matrix-valued factor of ``factors``?"""
    k = placeholder_id(f)
    a = b.atoms.get(k) if k is not None else None
    if a is None or len(a.base) != 1 or not a.base.islower() or a.bold or a.greek or a.word or a.transpose:
        return False
    mats = sorted((b.ph[j].span.start, j) for g in factors if (j := placeholder_id(g)) is not None and j in b.ph
                  and value_kind(b, g, kinds) == "matrix")
    if not mats or b.ph[k].span.start > mats[0][0]:
        return False
    first = b.atoms.get(mats[0][1])  # PyTorch's x A^T, d2l's x W: a row vector before a weight (vector-row)
    return first is None or not (first.transpose or first.base[:1] in ("W", "V", "U"))
