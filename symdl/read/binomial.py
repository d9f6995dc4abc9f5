"""``\\binom{n}{k}`` (``\\dbinom``, ``\\tbinom``): the binomial coefficient, SymPy's ``binomial(n, k)``.

DPO and RLHF papers count the ``\\binom{K}{2}`` pairs of K ranked answers; combinatorics in Bishop and Murphy
write the coefficient of the binomial distribution the same way.  The handler has the shape of
:mod:`symdl.read.constructs`' and is registered in its ``COMMANDS`` table.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from symdl.errors import Span
from symdl.read.atoms import _arg
from symdl.read.syntax import Node

if TYPE_CHECKING:
    from symdl.read.expr import Emitter, ExprReader

#: the commands that write a binomial coefficient
BINOMIALS = ("\\binom", "\\dbinom", "\\tbinom")


def binom(reader: ExprReader, nodes: list[Node], i: int, em: Emitter, bold: bool) -> int:
    """``\\binom{n}{k}``: n choose k, its two arguments read as ``\\frac``'s are."""
    from symdl.read import constructs

    command = nodes[i].text  # type: ignore[union-attr]
    top, j, tsp = _arg(nodes, i + 1, reader.source, command)
    bottom, k, bsp = _arg(nodes, j, reader.source, command)
    em.add("BINOM", "\\binom", Span(nodes[i].span.start, bsp.end))
    em.braced(tsp, lambda: reader.emit(top, em, bold=bold))
    em.braced(bsp, lambda: reader.emit(bottom, em, bold=bold))
    return constructs.emit_power(reader, nodes, k, em)
