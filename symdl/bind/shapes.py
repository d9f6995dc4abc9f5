"""Which names are vectors or matrices, and their dimensions.

Plain letters are scalars.  A name is a vector (lower case) or a matrix (upper
case) when it is bold, declared (``W \\in \\mathbb{R}^{m \\times n}`` or
``shapes=``), transposed, an operand of ``\\odot``, carries a layer index
(``W^{[1]}``), is ``dX`` of a non-scalar ``X``, stands right of a matrix in a
product (``W x``), or is set equal to a non-scalar.  Dimensions are unified
across products, sums and ``=`` with a union-find; a vector added to a matrix
broadcasts over its columns (a bias).
"""

from __future__ import annotations

import re

import sympy

from symdl.bind.names import strip_transpose
from symdl.errors import InvalidInput, Span
from symdl.read.syntax import AtomSpec

Dim = object  # int or sympy.Symbol


class Dims:
    """Union-find over dimensions (ints are fixed representatives)."""

    def __init__(self, source: str) -> None:
        self.parent: dict[Dim, Dim] = {}
        self.source = source
        self.count = 0
        self.made: set[Dim] = set()
        self.declared: set[Dim] = set()  # the dimensions of names' declared shapes (W \in \mathbb{R}^{m \times n})
        self.equated: list[tuple[Dim, Dim, Span]] = []  # two declared dimensions the formula makes one (noted)

    def fresh(self, hint: str) -> sympy.Symbol:
        self.count += 1
        d = sympy.Symbol(f"n_{{{hint}}}" if hint else f"n_{self.count}", integer=True, positive=True)
        self.made.add(d)
        return d

    def find(self, d: Dim) -> Dim:
        while self.parent.get(d, d) != d:
            d = self.parent[d]
        return d

    def unify(self, a: Dim, b: Dim, span: Span) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return
        if isinstance(ra, int) and isinstance(rb, int):
            raise InvalidInput(
                f"the shapes do not fit: a dimension is both {ra} and {rb}",
                source=self.source,
                span=span,
                hint="check the order of the factors and any transposes",
            )
        for x, y in ((ra, rb), (rb, ra)):
            if isinstance(x, int) and x == 1 and y in self.declared:
                raise InvalidInput(
                    f"the shapes do not fit: the dimension {y}, declared, would be 1 here",
                    source=self.source,
                    span=span,
                    hint=f"check the order of the factors and any transposes (a row where a column is meant), or "
                    f"declare {y} = 1",
                )
        if {ra, rb} <= self.declared and isinstance(ra, sympy.Symbol) and isinstance(rb, sympy.Symbol):
            self.equated.append((ra, rb, span))  # X \in \mathbb{R}^{N \times D} times a D' × D matrix: N = D'
        if isinstance(ra, int) or (rb in self.made and ra not in self.made):
            self.parent[rb] = ra  # a number, or a declared name (d_x of \\mathbb{R}^{d_x}), stays the root
        else:
            self.parent[ra] = rb


def declared_shape(a: AtomSpec, declared: dict[str, tuple[object, ...]]) -> tuple[object, ...] | None:
    """The shape declared for ``a`` (``\\mathbf{x} \\in \\mathbb{R}^{d_x}``) by any of its spellings, transposed too."""
    plain = strip_transpose(a.spelling) if a.transpose else a.spelling
    for key in (a.spelling, plain, a.base, a.base_latex):
        if key in declared:
            return declared[key]
    written = {_unspaced(k): v for k, v in declared.items()}  # \mathbf{W} declared, \mathbf W used
    return written.get(_unspaced(plain))


def _unspaced(spelling: str) -> str:
    """A spelling without spaces and braces: ``\\mathbf{W}``, ``\\mathbf W`` and ``\\mathbf {W}`` are one name."""
    return re.sub(r"[\s{}]", "", spelling)


#: lower-case letters that, with a layer index, name a weight matrix (Nielsen's w^l)
LAYER_WEIGHT_LETTERS = {"w"}


def seed_kind(a: AtomSpec, declared: dict[str, tuple[object, ...]]) -> str | None:
    """'vector', 'matrix' or 'scalar' from the atom alone; None if undecided."""
    shape = declared_shape(a, declared)
    if shape is not None:
        if len(shape) == 0:
            return "scalar"
        return "vector" if len(shape) == 1 or shape[1] == 1 else "matrix"
    if a.bold or a.transpose or "prime-matrix" in a.readings:  # See et al.'s V' beside V[s_t, h_t^*]: a matrix
        return "matrix" if (a.d_of or a.base)[:1].isupper() else "vector"
    if a.layer is not None and a.greek and a.base != "delta":
        return None  # a layer's statistic (Ba et al.'s \mu^l, \sigma^l): a number unless its context says more
    if a.layer is not None and a.base == "n" and not (a.bold or a.greek or a.word):
        return "scalar"  # Ng's n^{[l]}: the number of units in layer l, a count
    if a.layer is not None and a.sub is not None and (a.sub.text.replace(",", "").isdigit() or set(
            a.sub.text.replace(",", "")) <= set("ijkmn")):  # Nielsen's worked network's a^2_1, w^2_{11}: one entry
        return "scalar"  # of a layer's vector or matrix; Z^0_j read whole (not a family's member): one unit's
    if a.layer is not None:  # a layer's quantity: W^{[l]} and Nielsen's w^l are matrices; a^l, δ^l vectors
        letter = a.d_of or a.base
        return "matrix" if letter[:1].isupper() or letter in LAYER_WEIGHT_LETTERS else "vector"
    return None


def promotable(a: AtomSpec) -> bool:
    """May context make this name a vector/matrix? (Latin letters and dX; not Greek, not words.)"""
    return not a.greek and not a.word


def kind_of_letter(a: AtomSpec) -> str:
    letter = a.d_of or a.base
    return "matrix" if letter[:1].isupper() else "vector"


def layer_entry_label(a: AtomSpec, letters: set[str]) -> bool:
    """Nielsen's ``-\\ln a^L_y``: a layer's vector (lower case, not a weight) with one letter that is no index as its
    subscript picks one entry, that letter an integer label (the correct class y)."""
    terms = a.sub.terms if a.sub is not None else None
    return (a.layer is not None and not a.greek and not a.word and a.base[:1].islower()
            and a.base not in LAYER_WEIGHT_LETTERS and terms is not None and len(terms) == 1
            and terms[0][1] == 0 and a.sub.text == terms[0][0] and len(terms[0][0]) == 1  # type: ignore[union-attr]
            and terms[0][0].isascii() and terms[0][0] not in letters)
