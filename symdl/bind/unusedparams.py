r"""A function defined with a parameter its body never uses: the DL4J docs' schedules ``value(i) = initialValue *
gamma^(floor(iter/step))``, whose parameter i is the iteration the body calls ``iter``.  symdl reads what is written,
a function of i that does not vary with it, the body's ``iter`` an input of its own, and says so (noted
``unused-parameter``) with how to write it as one name, so that no reader takes the schedule for a function of the
step."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import sympy

if TYPE_CHECKING:
    from symdl.bind.binder import Binder
    from symdl.formula import Statement


def note_unused_parameters(b: Binder, statements: list[Statement]) -> None:
    """Note each parameter of a defined function that its right side never uses, where the right side uses a longer
    name that starts with it (``i`` and ``iter``: the same counter written twice; a cost ``J(\\theta) = \\sum_i
    (\\hat{y}_i - y_i)^2`` that depends on θ through ŷ is left alone, as is a constant ``f(x) = 1``; a parameter
    that names a network of the right side, cs229's ``J(\\theta)`` beside ``h_\\theta(x)``, is used)."""
    for st in statements:
        if st.kind != "definition" or not st.params or not isinstance(st.rhs, sympy.Basic):
            continue
        used = st.rhs.free_symbols
        others = sorted(str(s) for s in used if s not in st.params)
        if not others:
            continue
        for p in st.params:
            written = re.search(rf"(?<![A-Za-z]){re.escape(str(p))}(?![A-Za-z])", str(st.rhs))  # h_{\theta}(x)
            longer = [o for o in others if len(o) > len(str(p)) and o.startswith(str(p)) and o.isalpha()]
            if isinstance(p, sympy.Symbol) and p not in used and written is None and longer:
                b._note("unused-parameter", st.span, param=str(p), name=str(st.target), others=", ".join(longer))
