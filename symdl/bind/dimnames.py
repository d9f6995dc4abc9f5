"""Names a declaration uses as a length are numbers.

``x \\in \\mathbb{R}^{N}`` makes ``N`` the length of x; a later ``\\frac{1}{N} \\mathbf{1}\\mathbf{1}^T dc`` divides by
that length, so no rule that promotes a capital beside vectors to a matrix (or a letter beside a vector to a
vector) may touch ``N``.  :class:`KindsKeepingNumbers` is the binder's table of kinds with those names locked
to numbers: a promotion of one is ignored.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import sympy

if TYPE_CHECKING:
    from symdl.bind.binder import Binder

#: a dimension written as one name: N, d_k, n_{in}, \ell (not 2n, not d+1)
_NAME = re.compile(r"^\\?[A-Za-z]+(_\{?[A-Za-z0-9]+\}?)?$")


def dimension_names(declared: Mapping[str, tuple[object, ...]]) -> set[str]:
    """The spellings the declarations use as lengths and that are not declared as arrays themselves."""
    names = {d for shape in declared.values() for d in shape if isinstance(d, str) and _NAME.match(d)}
    return {n for n in names if n not in declared}


class KindsKeepingNumbers(dict[tuple[object, ...], str]):
    """identity → kind, where the identities of declared lengths (``numbers``) never get a kind."""

    def __init__(self, numbers: Iterable[tuple[object, ...]]) -> None:
        super().__init__()
        self.numbers = frozenset(numbers)

    def __setitem__(self, key: tuple[object, ...], value: str) -> None:
        if key not in self.numbers:
            super().__setitem__(key, value)

    def setdefault(self, key: tuple[object, ...], default: str = "") -> str:  # type: ignore[override]
        if key in self.numbers:
            return default
        return super().setdefault(key, default)

    def update(self, *args: object, **kwargs: str) -> None:  # type: ignore[override]
        for k, v in dict(*args, **kwargs).items():  # type: ignore[call-overload]
            self[k] = v


def lengths_kept_numbers(b: Binder) -> KindsKeepingNumbers:
    """An empty table of kinds for ``b``'s names, its declared lengths (plain, not bold) locked to numbers."""
    from symdl.bind.names import identity

    lengths = dimension_names(b.declared)
    kept = {identity(a) for a in b.atoms.values() if a.spelling in lengths and not a.bold}
    return KindsKeepingNumbers(kept | _whole_divisors(b) | _bound_names(b))


def _bound_names(b: Binder) -> set[tuple[object, ...]]:
    """The names a sum's or product's bound is written with (Abu-Mostafa's width ``\\sum_{i=1}^{d^{(\\ell-1)}}``):
    counts, numbers, never arrays (before: a layer's superscript made the width a vector, and explaining failed)."""
    from symdl.bind.boundsizes import bound_ends
    from symdl.bind.names import identity
    from symdl.read.syntax import placeholder_id

    return {identity(a) for end in bound_ends(b.exprs) for sym in end.free_symbols
            if (k := placeholder_id(sym)) is not None and (a := b.atoms.get(k)) is not None and not a.bold}


def _whole_divisors(b: Binder) -> set[tuple[object, ...]]:
    """The plain capital letters written only as a whole denominator (LISTA's ``\\frac{1}{L}W_d^T``, L the
    Lipschitz constant): numbers dividing, never matrices (a matrix is inverted, not divided by); before, L took a
    matrix's shape and the product became an element-wise division, silently."""
    from symdl.bind.names import identity
    from symdl.read.power import Reciprocal
    from symdl.read.syntax import placeholder_id

    alone: dict[tuple[object, ...], bool] = {}
    for e in b.exprs:
        if not isinstance(e, sympy.Basic):
            continue
        parts = list(sympy.preorder_traversal(e))
        written = Counter(parts)  # how often each name is written here, and how often as a whole denominator
        divided = Counter(r.args[0] for r in parts
                          if isinstance(r, Reciprocal) or (isinstance(r, sympy.Pow) and r.exp == -1))
        for s in e.free_symbols:
            k = placeholder_id(s)
            a = b.atoms.get(k) if k is not None else None
            if a is None or not (len(a.base) == 1 and a.base.isupper() and not (a.bold or a.greek or a.transpose
                                                                                  or a.decorations or a.sub)):
                continue
            alone[identity(a)] = alone.get(identity(a), True) and 0 < divided[s] == written[s]
    return {key for key, only in alone.items() if only}
