"""A name set by two statements, neither of which uses it (Paddle's warm-up ``lr = start\\_lr + (end\\_lr -
start\\_lr) * \\frac{epoch}{warmup\\_steps}``, then ``lr = learning\\_rate``): the lines may be alternative cases
whose conditions the text gives in words, or two forms of one value; symdl reads them in order, as code runs, the
later value replacing the earlier, and says so (``set-again``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy

if TYPE_CHECKING:
    from symdl.bind.binder import Binder
    from symdl.formula import Statement


def note_set_again(b: Binder, statements: list[Statement]) -> None:
    """Note each assignment of a name an earlier assignment set, where neither uses the name on its right."""
    seen: dict[sympy.Basic, int] = {}
    for n, st in enumerate(statements, start=1):
        lhs = st.lhs
        if st.kind != "assignment" or not isinstance(lhs, (sympy.Symbol, sympy.MatrixSymbol, sympy.Indexed)) or \
                st.rhs.has(lhs):  # a member too: the residual variants x_{i+1} = F(x_i) \\ x_{i+1} = x_i + F(x_i)
            continue
        if lhs in seen:
            b._note("set-again", st.span, name=st.lhs_latex or str(lhs), first=str(seen[lhs]), second=str(n))
        seen.setdefault(lhs, n)
