"""A sum's index written outside the sum as a number beside the count that bounds it: the Caffe docs' logistic loss
``E = \\frac{-1}{n} \\sum_{n=1}^N [\\dots]`` (the count N meant, or a slip).  Read, the outer n was a free index and the
value one number per n, silently; refused by name, the count N the hint."""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy

from symdl.errors import NotSupported

if TYPE_CHECKING:
    from symdl.bind.binder import Binder
    from symdl.formula import Statement


def _outside(e: sympy.Basic, v: sympy.Symbol) -> bool:
    """Is ``v`` in ``e`` as a value, outside every sum over it and every entry it indexes?"""
    if e == v:
        return True
    if isinstance(e, (sympy.Sum, sympy.Product)) and any(lim[0] == v for lim in e.limits):
        return False
    if isinstance(e, sympy.Indexed):
        return False
    return any(_outside(a, v) for a in e.args if isinstance(a, sympy.Basic))


def refuse_index_outside(b: Binder, statements: list[Statement]) -> None:
    """Refuse a statement whose sum over n up to N is beside n as a number (see the module)."""
    for st in statements:
        rhs = st.rhs
        if not isinstance(rhs, sympy.Basic):
            continue
        for s in rhs.atoms(sympy.Sum):
            for v, _low, high in s.limits:
                if str(high) != str(v).upper() or not _outside(rhs, v):
                    continue
                raise NotSupported(
                    f"{v} is the index of the sum up to {high} and is also written outside it as a number: the value "
                    f"would be one number per {v} (a free index), not the count {high} the sum's bound names",
                    source=b.source, span=st.span,
                    hint=f"for the count, write {high} (\\frac{{-1}}{{{high}}}); for an index outside the sum, name "
                         "the sum's index another letter")
