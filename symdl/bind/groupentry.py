r"""Entry i of a parenthesised vector expression, ``(W\mathbf{x})_j`` (read by :mod:`symdl.read.groupentry`).

The bracket is bound as it would be alone (a column ``W x`` or a row ``x^T W``) and its entry taken as SymPy's
``MatrixElement`` (0-based: entry ``i`` is row ``i − 1``), which the numeric stage evaluates and the differentiator
expands; a sum over the index that leaves its bound out runs over the vector's length (:func:`entry_length`).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import sympy
from sympy.matrices.expressions.matexpr import MatrixElement

from symdl.errors import NotSupported
from symdl.read.syntax import Placeholder

if TYPE_CHECKING:
    from symdl.bind.binder import Binder
    from symdl.bind.dims import DimInference, Shape


#: two index letters as one subscript, maybe with a comma: (F^l - P^l)_{ij}, ((F^l)^T(G^l - A^l))_{j,i}
_TWO_LETTERS = re.compile(r"^\{?\s*([a-z])\s*,?\s*([a-z])\s*\}?$")


def _letters(b: Binder, p: Placeholder) -> tuple[str, str] | None:
    """The two letters of an entry's subscript that picks an entry of a matrix (row, column), else None."""
    index = p.data["index"]
    m = _TWO_LETTERS.match(b.source[index.span.start : index.span.end])
    return (m.group(1), m.group(2)) if m else None


def _vector(b: Binder, p: Placeholder) -> sympy.Basic:
    value = b.conv(p.data["value"])
    rows, cols = getattr(value, "shape", (1, 1))
    if isinstance(value, sympy.MatrixExpr) and rows != 1 and cols != 1 and _letters(b, p) is not None:
        return value  # Gatys et al.'s (F^l - P^l)_{ij}: entry (i, j) of the matrix
    if isinstance(value, sympy.MatrixExpr) and (rows == 1 or cols == 1) and _letters(b, p) is not None:
        raise NotSupported(  # VICReg's (C)_{ij} with C read as a vector: the product i·j as one index, silently
            "two indices on a bracket that holds a vector (its entry (i, j) needs a matrix)", source=b.source,
            span=p.span, hint="declare the name a matrix (C \\in \\mathbb{R}^{d \\times d}) or write it bold "
                              "(\\mathbf{C}), then (\\mathbf{C})_{ij}")
    if not isinstance(value, sympy.MatrixExpr) or (rows != 1 and cols != 1):
        raise NotSupported(
            "an entry of a bracket that holds no vector" if not isinstance(value, sympy.MatrixExpr)
            else "one subscript on a bracket that holds a matrix",
            source=b.source, span=p.span,
            hint="a subscript on a bracket takes an entry of the vector inside, (W\\mathbf{x})_j; for a matrix write "
                 "both indices on a name: \\mathbf{A} = ..., then A_{ij}")  # fmt: skip
    return value


def group_entry(b: Binder, p: Placeholder) -> sympy.Basic:
    """Entry ``i`` (1-based, as written) of the vector in the bracket."""
    from symdl.bind.operators import _entry_index

    value = _vector(b, p)
    if value.shape[0] != 1 and value.shape[1] != 1:
        row, col = (_letter_index(b, x, p) for x in _letters(b, p))  # type: ignore[union-attr]
        return MatrixElement(value, row - 1, col - 1)
    i = _entry_index(b, p.data["index"], p)
    return MatrixElement(value, i - 1, 0) if value.shape[1] == 1 else MatrixElement(value, 0, i - 1)


def _letter_index(b: Binder, letter: str, p: Placeholder) -> sympy.Basic:
    """An index letter of the formula as its index; another letter, a label (one integer, noted ``value-label``)."""
    from symdl.bind.operators import Label

    if letter in b.letters:
        return b.index(letter)
    if not any(n.rule == "value-label" and f"entry {letter}:" in n.message for n in b.notes):
        b._note("value-label", p.span, label=letter)
    return b.symbols.setdefault(letter, Label(letter, integer=True))


def group_entry_shape(di: DimInference, p: Placeholder) -> Shape | None:
    di.shape(p.data["value"].expr)  # the bracket ties its own dimensions; its entry is a number
    return None


def entry_length(b: Binder, index: str) -> sympy.Basic | None:
    """The length of the vector whose entries a letter indexes, ``(W\\mathbf{x})_j`` for j; None if none is."""
    for p in b.ph.values():
        if p.kind != "group-entry":
            continue
        letters = _letters(b, p)
        value = _vector(b, p)
        rows, cols = value.shape
        if letters is not None and rows != 1 and cols != 1 and index in letters:
            return rows if letters[0] == index else cols
        a = b.atom_of(p.data["index"].expr)
        if a is not None and a.base == index:
            return rows if cols == 1 else cols
    return None
