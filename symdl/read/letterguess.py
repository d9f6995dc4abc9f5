"""Two guesses about plain letters: two lower-case letters before a parenthesis of two arguments or more are one
function's name (``letters-call``, Monodepth2's ``pe(I_a, I_b)``), and Euler's e raised to a sum's own index letter
is noted (``euler-power-of-index``, ``\\frac{1}{N}\\sum_p e^p``: texts also write example p's error so)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from symdl.errors import Span
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node

if TYPE_CHECKING:
    from symdl.read.expr import ExprReader


def letters_called(nodes: list[Node], i: int, j: int) -> bool:
    """Are ``nodes[i:j]`` two lower-case letters written right against a parenthesis holding two arguments or more
    (``pe(I_t, I_{t'})``)?  A product of numbers takes no tuple: the letters name the function applied."""
    from symdl.read.constructs import split_top

    nxt = nodes[j] if j < len(nodes) else None
    return (j - i == 2 and all(isinstance(n, Token) and n.kind == "letter" and n.text.islower() for n in nodes[i:j])
            and isinstance(nxt, Group) and nxt.kind == "paren" and nxt.span.start == nodes[j - 1].span.end
            and len(split_top(nxt.children, ",")) > 1)


#: a superscript of one lower-case letter alone (``e^p``, ``e^{p}``), which a sum outside may run over
_SUMMED_EXPONENT = re.compile(r"\s*(?:\{\s*([a-z])\s*\}|([a-z]))(?![A-Za-z_^(])")


def note_euler_power_of_index(reader: ExprReader, e: Node, caret: Token) -> None:
    """Note Euler's ``e`` raised (at ``caret``) to the lone index letter of a sum written before it."""
    m = _SUMMED_EXPONENT.match(reader.source, caret.span.end)
    if m and re.search(rf"\\(?:sum|prod)\s*_\s*\{{?\s*{m.group(1) or m.group(2)}(?![A-Za-z])",
                       reader.source[: e.span.start]):
        reader.add_note("euler-power-of-index", Span(e.span.start, m.end()), {"index": m.group(1) or m.group(2)})
