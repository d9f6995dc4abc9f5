"""Names a declaration uses as a length are numbers.

``x \\in \\mathbb{R}^{N}`` makes ``N`` the length of x; a later ``\\frac{1}{N} \\mathbf{1}\\mathbf{1}^T dc`` divides by
that length, so no rule that promotes a capital beside vectors to a matrix (or a letter beside a vector to a
vector) may touch ``N``.  :class:`KindsKeepingNumbers` is the binder's table of kinds with those names locked
to numbers: a promotion of one is ignored.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

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
    return KindsKeepingNumbers(identity(a) for a in b.atoms.values() if a.spelling in lengths and not a.bold)
