r"""The remainder operator: ``i \bmod 2``, ``i \mod 2``, ``i \text{ mod } 2`` (the Transformer's positional encoding
``\text{if } i \text{ mod } 2 = 0``), ``i \% 2`` and code's ``i % 2``: the remainder of the left operand divided by
the right one, ``Mod(i, 2)`` (noted ``modulo``), at the level of ``\cdot`` and ``/``.  ``\mathrm{mod}(i, 2)`` with
its parenthesis is a call, and ``\pmod{n}`` (a congruence) is not this.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from symdl.errors import Span
from symdl.read.commands import GREEK, NAME_WRAPPERS
from symdl.read.extents import _skip_space
from symdl.read.lexer import Token
from symdl.read.syntax import Node, is_group, plain_text

if TYPE_CHECKING:
    from symdl.read.emit import Emitter
    from symdl.read.expr import ExprReader

#: the commands that are the operator themselves
_COMMANDS = frozenset({"\\bmod", "\\mod", "\\%"})


def _operand_before(nodes: list[Node], i: int) -> bool:
    """Is there an operand before ``nodes[i]`` (a name, a number, a group), not an operator or the start?"""
    j = i - 1
    while j >= 0 and isinstance(nodes[j], Token) and nodes[j].kind == "space":  # type: ignore[union-attr]
        j -= 1
    if j < 0:
        return False
    n = nodes[j]
    return not isinstance(n, Token) or n.kind in ("letter", "number") or (n.kind == "cmd" and n.text[1:] in GREEK)


def modulo_at(nodes: list[Node], i: int) -> int | None:
    """The index after the remainder operator starting at ``nodes[i]``, or None."""
    n = nodes[i]
    if not (isinstance(n, Token) and n.kind == "cmd"):
        return None
    if n.text in _COMMANDS:
        return i + 1
    wrapped = n.text[1:] in NAME_WRAPPERS and i + 1 < len(nodes) and is_group(nodes[i + 1], "brace")
    if wrapped and _operand_before(nodes, i) and plain_text(nodes[i + 1].children).strip() == "mod":  # type: ignore[union-attr]
        k = _skip_space(nodes, i + 2)
        return None if k < len(nodes) and is_group(nodes[k], "paren") else i + 2
    return None


def emit_modulo(reader: ExprReader, nodes: list[Node], i: int, em: Emitter) -> int | None:
    """Emit the remainder operator at ``nodes[i]`` (noted ``modulo``); the index after it, or None."""
    end = modulo_at(nodes, i)
    if end is None:
        return None
    span = Span(nodes[i].span.start, nodes[end - 1].span.end)
    em.add("MOD", "\\bmod", span)
    reader.add_note("modulo", span, {"text": reader.source[span.start : span.end].strip()})
    return end
