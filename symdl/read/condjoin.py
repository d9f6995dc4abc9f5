r"""A piecewise row's condition of several comparisons joined by a connective: ``\text{if } x < -1 \text{ or }
x > 1`` (a clip's mask, written in words), ``x > 0 \land y > 0``, ``a \le x \text{ and } x \le b``.

Each part is one comparison or a range (:func:`symdl.read.environments._comparison`); the parts are joined by one
connective, ``or`` (``\lor``, ``\vee``) or ``and`` (``\land``, ``\wedge``, ``\&``, and a comma between two
comparisons, as scipy's ``rel_entr`` writes ``x > 0, y > 0``).  The condition is kept as the
chain the binder builds (side, relation, side, ...), with ``|`` (or) or ``&`` (and) where two comparisons meet.
A part that is no comparison (DAPO's ``\text{IS\_SAFETY}(p) \text{ or } R < 0.15``) refuses the row by name:
before this rule the word ``or`` was read as a factor of the comparison, silently.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from symdl.errors import NotSupported, Span
from symdl.read.lexer import Token
from symdl.read.syntax import Node, is_group, plain_text, strip_space

if TYPE_CHECKING:
    from symdl.read.expr import ExprReader

#: connective → its mark in the chain
_SYMBOLS = {"\\lor": "|", "\\vee": "|", "\\land": "&", "\\wedge": "&", "\\&": "&"}
_WORDS = {"or": "|", "and": "&"}


def _connective(nodes: list[Node], k: int, wrappers: set[str]) -> tuple[str, int] | None:
    """The connective at ``nodes[k]`` (``|`` or ``&``) and the index after it, or None."""
    n = nodes[k]
    if isinstance(n, Token) and n.text in _SYMBOLS:
        return _SYMBOLS[n.text], k + 1
    if isinstance(n, Token) and n.text == ",":  # scipy's rel_entr: x > 0, y > 0, both comparisons hold
        return "&", k + 1
    if isinstance(n, Token) and n.text[1:] in wrappers and k + 1 < len(nodes) and is_group(nodes[k + 1], "brace"):
        word = plain_text(nodes[k + 1].children).strip().lower()  # type: ignore[union-attr]
        if word in _WORDS:
            return _WORDS[word], k + 2
    return None


def joined_condition(reader: ExprReader, cond: list[Node], span: Span, wrappers: set[str],
                     one: Callable[[list[Node]], tuple | None]) -> tuple | None:
    """``cond`` read as comparisons joined by one connective (see the module); None when it has no connective."""
    parts: list[list[Node]] = [[]]
    marks: list[str] = []
    k = 0
    while k < len(cond):
        found = _connective(cond, k, wrappers)
        if found is None:
            parts[-1].append(cond[k])
            k += 1
            continue
        marks.append(found[0])
        parts.append([])
        k = found[1]
    if not marks:
        return None
    written = reader.source[cond[0].span.start : cond[-1].span.end]
    if len(set(marks)) > 1:
        raise reader.error(NotSupported, f"the condition '{written}': 'and' and 'or' together", span,
                           "split the row in two, one per alternative, each with one connective")
    chain: list = []
    for part in parts:
        read = one(strip_space(part)) if strip_space(part) else None
        if read is None:
            text = reader.source[part[0].span.start : part[-1].span.end] if strip_space(part) else ""
            raise reader.error(NotSupported, f"the condition '{written}': its part '{text.strip()}' is no comparison",
                               span, "write each part as a comparison (x < -1 \\text{ or } x > 1), or the "
                               "predicate as one: \\text{safe}(p) = 1")
        if chain:
            chain.append(marks[0])
        chain.extend(read)
    return tuple(chain)
