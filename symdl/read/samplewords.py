r"""``x_{t-1} \leftarrow \text{sample from } \mathcal{N}(\mu, \Sigma)``: an algorithm box's words for a draw are the
draw ``\sim`` (rule ``sample-words``; before, the words were a name multiplying the distribution, silently)."""

from __future__ import annotations

from symdl.errors import Span
from symdl.read.commands import NAME_WRAPPERS
from symdl.read.lexer import Token
from symdl.read.notes import Note, note
from symdl.read.syntax import Node, is_group, plain_text

#: the words of a draw, lower case, spaces left out
SAMPLE_WORDS = frozenset({"samplefrom", "sample", "sampledfrom", "drawfrom", "drawnfrom", "draw"})
_ASSIGN = ("=", "\\leftarrow", "\\gets", ":=")


def sample_words(nodes: list[Node], source: str, notes: list[Note]) -> list[Node]:
    """``nodes`` with each assignment followed by draw words (see the module) as one ``\\sim``, noted."""
    out: list[Node] = []
    k = 0
    while k < len(nodes):
        n = nodes[k]
        j = k + 1
        while j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].kind == "space":
            j += 1
        if (isinstance(n, Token) and (n.is_op("=") or n.text in _ASSIGN) and j + 1 < len(nodes)
                and isinstance(nodes[j], Token) and nodes[j].kind == "cmd" and nodes[j].text[1:] in NAME_WRAPPERS
                and is_group(nodes[j + 1], "brace")
                and "".join(plain_text(nodes[j + 1].children).lower().split()) in SAMPLE_WORDS):  # type: ignore[union-attr]
            span = Span(n.span.start, nodes[j + 1].span.end)
            notes.append(note("sample-words", span, {"text": source[span.start : span.end]}))
            out.append(Token("cmd", "\\sim", span))
            k = j + 2
            continue
        out.append(n)
        k += 1
    return out
