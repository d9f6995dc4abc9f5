r"""An update that multiplies its own vector by a matrix, ``\mathbf{g} \leftarrow \mathbf{W}^{(k)\top}\mathbf{g}``: read
as one vector g before and after, which makes the matrix square, a guess the formula does not state (noted
``update-square``).  Goodfellow et al.'s back-propagation (Algorithm 6.4) carries the gradient g from layer to layer
so, and there g changes size at every step: the new g is another vector.  An RNN's ``h \leftarrow W h`` keeps it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sympy

if TYPE_CHECKING:
    from symdl.bind.binder import Binder


def note_square_updates(b: Binder, statements: list[Any]) -> None:
    """Note each matrix product, on a statement's right side, of a square matrix no shape was declared for and a
    column vector an update of the formula sets (``h \\leftarrow W h``; Goodfellow's chain ``g \\leftarrow
    \\nabla_{h} J = W^\\top g``)."""
    updated = {st.lhs for st in statements if getattr(st, "kind", "") == "update"
               and isinstance(getattr(st, "lhs", None), sympy.MatrixSymbol) and st.lhs.shape[1] == 1}
    for st in statements:
        rhs = getattr(st, "rhs", None)
        for mm in rhs.atoms(sympy.MatMul) if rhs is not None else ():
            mats = [a for a in mm.args if isinstance(a, sympy.MatrixExpr)]
            if len(mats) != 2 or mats[1] not in updated:
                continue
            w = mats[0].arg if isinstance(mats[0], sympy.Transpose) else mats[0]
            if isinstance(w, sympy.MatrixSymbol) and w.shape[0] == w.shape[1] and str(w.name) not in b.declared:
                b._note("update-square", st.span, matrix=str(b.latex_names.get(w, w.name)),
                        vector=str(b.latex_names.get(mats[1], mats[1].name)))
                break
