r"""A row of entries written with spaces between them in square brackets: FlashAttention's online softmax
``m([x^{(1)} \ x^{(2)}])`` (the two blocks side by side), ``f(x) := [e^{x_1 - m(x)} \ \ldots \ e^{x_B - m(x)}]``.

Square brackets whose top level is two or more operands with an explicit space command between each (``\ ``,
``\quad``, ``\qquad``, ``\;``, ``~``) and no operator, comma or semicolon there list their entries, as
``[a, b]`` does (noted ``spaced-row``); before, the space was nothing and the entries a product.  A thin space
``\,`` stays a product's spacing (``[a\,b]``).
"""

from __future__ import annotations

from dataclasses import replace

from symdl.errors import Note, Span
from symdl.read.lexer import Token
from symdl.read.notes import note, quote
from symdl.read.syntax import Group, Node, strip_space

#: the spacing commands that separate entries
_SPACERS = frozenset({"\\ ", "\\quad", "\\qquad", "\\;", "~"})


def _parts(children: list[Node]) -> list[list[Node]] | None:
    """The entries between top-level spacers, or None when the brackets are no such row."""
    parts: list[list[Node]] = [[]]
    for n in children:
        if isinstance(n, Token) and (n.text in _SPACERS or (n.kind == "op" and n.text == "~")):
            if strip_space(parts[-1]):
                parts.append([])
            continue
        if isinstance(n, Token) and n.kind == "op" and n.text in "+-,;=<>|":
            return None
        parts[-1].append(n)
    parts = [p for p in parts if strip_space(p)]
    return parts if len(parts) >= 2 else None


def spaced_rows(nodes: list[Node], source: str, notes: list[Note]) -> list[Node]:
    """``nodes`` with each spaced row in square brackets listed with commas (see the module); in groups too."""
    out: list[Node] = []
    for n in nodes:
        if isinstance(n, Group):
            children = spaced_rows(n.children, source, notes)
            parts = _parts(children) if n.kind == "bracket" else None
            if parts is not None:
                listed: list[Node] = []
                for k, part in enumerate(parts):
                    if k:
                        listed.append(Token("op", ",", Span(part[0].span.start, part[0].span.start)))
                    listed.extend(part)
                children = listed
                notes.append(note("spaced-row", n.span, {"text": quote(source[n.span.start : n.span.end], 60)}))
            n = replace(n, children=children)
        out.append(n)
    return out
