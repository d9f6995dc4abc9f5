"""A sum over the left side's own index (rule ``sum-over-left-index``).

A forum post's ``z_j^l is \\sum_j a_j^{l-1} w_{jk}^l + b_j^l`` (for Nielsen's ``\\sum_k w_{jk}^l a_k^{l-1} + b_j^l``)
sums over j, the index the left side carries: inside the sum j is the sum's own letter, so the value is the same for
every j of the left side, and another letter (here k) is left free.  symdl reads it as written, TeX's way, and says
so: such a formula is almost always a typo of the summed letter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sympy

if TYPE_CHECKING:
    from symdl.bind.binder import Binder


def note_left_index_sums(b: Binder, statements: list[Any]) -> None:
    """Note each statement whose left side's index letter a sum on its right side runs over."""
    for st in statements:
        lhs, rhs = getattr(st, "lhs", None), getattr(st, "rhs", None)
        if not isinstance(lhs, sympy.Indexed) or rhs is None:
            continue
        left = {str(i) for i in lhs.indices if isinstance(i, sympy.Symbol)}
        summed = {str(limit[0]) for s in rhs.atoms(sympy.Sum) for limit in s.limits} & left
        for letter in sorted(summed):  # the lifted structured loss's \sum_{(i,k)} ... + \sum_{(j,l)}: i and j, in order
            b._note("sum-over-left-index", st.span, index=letter, name=str(lhs.base))
