"""Code's size of a vector (``batch_y.shape[0]``, ``len(x)``, ``x.size(0)``; :mod:`symdl.read.codesizes`) is the
vector's length, the dimension symdl gave it (``n_1``), so the value is read off the array passed for it as every
other dimension is; it stayed a length ``N_x`` of its own that only a family's array (``x[i]``) could supply, so
numpy's ``-np.sum(y * np.log(p)) / y.shape[0]`` asked for ``N_y``.  The size of a matrix keeps its ``N_x`` (rows
or all entries: :data:`symdl.read.notes_code` says which reading each method has)."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

import sympy

if TYPE_CHECKING:
    from symdl.bind.binder import Binder
    from symdl.formula import Statement


def vector_sizes(b: Binder, statements: list[Statement]) -> list[Statement]:
    """``statements`` with the length ``N_x`` of each vector ``x`` (a column MatrixSymbol) its first dimension."""
    swap: dict[sympy.Basic, sympy.Basic] = {}
    for key, n in list(b.lengths.items()):
        obj = b.symbols.get(key)
        if isinstance(obj, sympy.MatrixSymbol) and obj.shape[1] == 1:
            swap[n] = obj.shape[0]
            del b.lengths[key]
    if not swap:
        return statements
    return [dataclasses.replace(st, lhs=st.lhs.xreplace(swap) if isinstance(st.lhs, sympy.Basic) else st.lhs,
                                rhs=st.rhs.xreplace(swap)) for st in statements]
