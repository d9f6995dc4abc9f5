"""Placeholders of matrixcalculus.org's ⊗ and ⊘ written in LaTeX.

* ``A \\otimes B`` between names (``kron``): the Kronecker product of two matrices (noted ``otimes-kronecker``, since
  ``\\otimes`` beside a bracket or a function's value is GLU's element-wise product); of a vector it is refused, as it
  may mean the outer product ``u v^T`` or the stacked Kronecker column.
* ``A \\oslash B`` (an operand of ``hadamard`` marked as divided): the element-wise division ``A ./ B``, built as
  ``A ⊙ B^{∘-1}``, whose derivatives the Hadamard product and power rules give (dA = G ⊘ B, dB = −G ⊙ A ⊘ B²).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sympy
from sympy import HadamardPower, KroneckerProduct

from symdl.bind import build
from symdl.bind.valuekind import value_kind
from symdl.errors import NotSupported
from symdl.read.notes import note

if TYPE_CHECKING:
    from symdl.bind.binder import Binder
    from symdl.bind.dims import DimInference, Shape
    from symdl.read.syntax import Placeholder

__all__ = ["KRONECKER_KINDS", "divided"]


def divided(e: sympy.Basic) -> sympy.Basic:
    """The operand after ``\\oslash``: its element-wise reciprocal (``1/c`` of a number)."""
    return HadamardPower(e, -1) if build.is_mat(e) else 1 / e


def _kron_build(b: Binder, p: Placeholder) -> sympy.Basic:
    ops = [b.conv(o) for o in p.data["operands"]]
    written = b.source[p.span.start : p.span.end]
    if _vectors(b, ops):  # Géron's \mathbf{f}_{(t)} \otimes \mathbf{c}_{(t-1)}: entry by entry, noted
        b.notes.append(note("otimes-elementwise", p.span, {}))
        shape = next(o for o in ops if build.is_mat(o)).shape  # (_vectors: one operand at least is a column)
        return sympy.HadamardProduct(*[o if build.is_mat(o) else o * sympy.OneMatrix(*shape) for o in ops])
    for o in ops:
        if not build.is_mat(o) or 1 in o.shape:
            raise NotSupported(
                "\\otimes between names that are not both matrices (an outer or Kronecker product of vectors)",
                source=b.source, span=p.span,
                hint="write an outer product as u v^T; declare both operands as matrices (A \\in R^{2x3}) for a "
                     "Kronecker product; \\otimes beside a bracket or a function's value is the element-wise product")
    if len(ops) != 2:
        raise NotSupported("a Kronecker product of more than two factors", source=b.source, span=p.span,
                           hint="bracket it: (A \\otimes B) \\otimes C")
    b.notes.append(note("otimes-kronecker", p.span, {"text": written}))
    return KroneckerProduct(*ops)


def _vectors(b: Binder, ops: list[sympy.Basic]) -> bool:
    """Are ``ops`` all vectors (columns, or whole vectors of families of vectors), one a column's name?  Then
    ``\\otimes`` between them is the element-wise product, as Géron's LSTM writes it: their outer product would be a
    matrix and their Kronecker product a longer column, which DL texts write ``u v^T`` and never between vectors."""
    def vector(o: sympy.Basic) -> bool:
        return o.shape[1] == 1 if build.is_mat(o) else build.whole_member(o, b.vector_families)
    return all(vector(o) for o in ops) and any(build.is_mat(o) for o in ops)


def _kron_shape(di: DimInference, p: Placeholder) -> Shape | None:
    shapes = [di.shape(o.expr) for o in p.data["operands"]]
    if shapes and all(s is not None and s[1] == 1 for s in shapes):  # columns: entry by entry (see _vectors)
        for s in shapes[1:]:
            di.unify(shapes[0], s, p.span, broadcast=False)  # type: ignore[arg-type]
        return shapes[0]
    if all(s is not None for s in shapes):
        dims = [[di.dims.find(d) for d in s] for s in shapes]  # type: ignore[union-attr]
        if all(isinstance(d, int) for s in dims for d in s):
            return (dims[0][0] * dims[1][0], dims[0][1] * dims[1][1]) if len(dims) == 2 else (di.new(), di.new())
    return (di.new(), di.new())


def _kron_value(b: Binder, p: Placeholder, kinds: Any) -> str:
    for o in p.data["operands"]:
        value_kind(b, o.expr, kinds)
    return "matrix"


#: (kind, build, shape, value, doc) rows, made PlaceholderKind records by :mod:`symdl.bind.placeholders`
KRONECKER_KINDS = [
    ("kron", _kron_build, _kron_shape, _kron_value, "A \\otimes B: the Kronecker product of two matrices"),
]
