"""cs231n's ``-np.sum(np.log(probs[range(num_examples), y])) / num_examples``: numpy's fancy index
``p[range(N), y]`` picks one entry per row (read ``p_{n, y_n}``, rule ``code-fancy-index``), so its value is one
number per row n.  A reduction over all the entries of that value (``np.sum``, ``np.mean``, ``.sum()``) runs over
the rows: the sum over n from 1 to N (the mean divides by N), N the argument of ``range`` (noted ``fancy-rows``).
Without this rule the sum of "a number" was that number and the row index n was left free: the loss of one row."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import sympy

from symdl.read.bracketindex import FANCY_INDEX

if TYPE_CHECKING:
    from symdl.bind.binder import Binder
    from symdl.read.syntax import Placeholder

#: a bracket's inside, as written
_BRACKETS = re.compile(r"\[([^\[\]]*)\]")


def _range_argument(text: str) -> str | None:
    """N of the first fancy index ``[range(N), y]`` in ``text``, read by the reader's own pattern (its rule
    ``code-fancy-index``; numpy's and PyTorch's full prefixes dropped first, as symdl.read.codelibrary drops them)."""
    for inside in _BRACKETS.findall(text):
        m = FANCY_INDEX.fullmatch(re.sub(r"^(?:numpy|torch)\.", "", "".join(inside.split())))
        if m:
            return m.group(1)
    return None


def fancy_rows(v: sympy.Basic) -> list[sympy.Symbol]:
    """The row indices n of the entries ``p[n, y[n]]`` in ``v`` (one entry per row) that ``v`` leaves free."""
    rows = {
        e.indices[0]
        for e in v.atoms(sympy.Indexed)
        if len(e.indices) == 2 and isinstance(e.indices[1], sympy.Indexed) and e.indices[1].indices == (e.indices[0],)
        and isinstance(e.indices[0], sympy.Symbol)
    }
    return sorted(rows & v.free_symbols, key=str)  # type: ignore[operator]


def over_rows(b: Binder, p: Placeholder, v: sympy.Basic, rows: list[sympy.Symbol]) -> sympy.Basic:
    """The sum (or mean) of ``v`` over its free rows, each from 1 to the written range's argument (noted)."""
    name = _range_argument(b.source[p.span.start : p.span.end])
    if name is not None and name.isdigit():
        length: sympy.Basic = sympy.Integer(name)
    elif name is not None:
        length = b.symbols.get(name) or sympy.Symbol(name, integer=True, positive=True)
        if not isinstance(length, sympy.Symbol):
            length = sympy.Symbol(name, integer=True, positive=True)
    else:
        length = b.length_of(str(rows[0]))
    total = sympy.Sum(v, *[(r, 1, length) for r in rows])
    mean = p.data["statistic"] == "mean"
    b._note("fancy-rows", p.span, rows=", ".join(map(str, rows)), length=str(length),
            what="mean" if mean else "sum", divide=f", divided by {length}" if mean else "")
    return total / length ** len(rows) if mean else total
