"""An index a left side carries that its right side never uses (the TensorFlow docs' segment sum written
``output_i = \\sum_j data_j``, its condition on j left in prose): read as written, every entry the same value, noted.
(A sum or product whose body never uses its own index is :func:`symdl.bind.sums.constant_sums`', ``sum-constant``.)"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import sympy

if TYPE_CHECKING:
    from symdl.bind.binder import Binder
    from symdl.formula import Statement


def note_unused_left_indices(b: Binder, statements: list[Statement]) -> None:
    """Note an index of a left side that its right side never uses (the TensorFlow docs' segment sum written
    ``output_i = \\sum_j data_j``, whose condition on j was left in prose): every entry gets the same value."""
    for st in statements:
        if st.kind not in ("assignment", "definition") or not isinstance(st.lhs, sympy.Indexed) \
                or not isinstance(st.rhs, sympy.Basic) or st.rhs.is_number:
            continue
        used = st.rhs.free_symbols
        right = st.latex.split("=", 1)[-1]
        written = {c for group in re.findall(r"_\{([^{}]*)\}|_([A-Za-z])", right) for part in group for c in part}
        for index in st.lhs.indices:  # a letter in any subscript of the right side, or alone there, is used
            letter = str(index)
            alone = re.search(rf"(?<![A-Za-z\\]){re.escape(letter)}(?![A-Za-z])|\\{re.escape(letter)}(?![A-Za-z])",
                              right) is not None  # Rprop's \eta^{(\tau)} = (1 - \tau/K)\eta_0 + ...: tau a value
            if isinstance(index, sympy.Symbol) and index not in used and letter not in written and not alone:
                b._note("left-index-unused", st.span, index=str(index), name=str(st.lhs.base))
