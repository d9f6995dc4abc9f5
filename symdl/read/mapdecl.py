r"""``map-declaration``: a function's domain and codomain, ``f: \mathbb{R}^n \to \mathbb{R}``, beside a formula.

Mathematical texts declare a map before they define it: Deisenroth et al.'s ``f: \mathbb{R}^D \to \mathbb{R}``,
Hu et al.'s (SE-Net) ``\mathbf{F}_{tr}: \mathbf{X} \rightarrow \mathbf{U}``, Prince's ``\mathbf{f}: \mathbb{R}^{D_i}
\to \mathbb{R}^{D_o}``.  Such a statement says what the map takes and gives; it has no value.  Beside other
statements it is set aside, noted; alone (nothing else to read) it is refused by name.  Before: "unexpected ':'".
"""

from __future__ import annotations

from symdl.errors import NotSupported, Span
from symdl.read.lexer import Token
from symdl.read.notes import Note, note, quote
from symdl.read.syntax import Node, seq_span, strip_space

#: the arrows of a map's declaration
_ARROWS = frozenset({"\\to", "\\rightarrow", "\\longrightarrow"})  # not \\mapsto: x \\mapsto x^2 defines


_SEPARATORS = frozenset({"\\quad", "\\qquad", "\\;", "\\ "})


def _declaration_end(part: list[Node]) -> int | None:
    """The end of a map's declaration ``name : A \\to B`` that starts ``part`` (a colon after a name, an arrow
    after it, then the end of the part or a comma, semicolon or wide space), or None."""
    colon = next((k for k, n in enumerate(part) if isinstance(n, Token) and n.is_op(":")), None)
    head = strip_space(part[:colon]) if colon is not None else []
    if colon is None or not 1 <= len(head) <= 6 or any(
            isinstance(n, Token) and n.kind == "op" and not n.is_op("_", "^") for n in head):
        return None
    arrow = next((k for k in range(colon + 1, len(part)) if isinstance(part[k], Token)
                  and part[k].is_cmd(*_ARROWS)), None)  # type: ignore[union-attr]
    if arrow is None or any(isinstance(n, Token) and n.is_op("=") for n in part[colon:arrow]):
        return None
    end = next((k for k in range(arrow + 1, len(part)) if isinstance(part[k], Token) and (
        part[k].is_op(",", ";") or part[k].is_cmd(*_SEPARATORS))), len(part))  # type: ignore[union-attr]
    return end if strip_space(part[arrow + 1 : end]) else None


def set_aside_map_declarations(parts: list[list[Node]], source: str, notes: list[Note]) -> list[list[Node]]:
    """``parts`` without the declarations of maps that start them (see the module), each noted; refused when
    nothing else is left."""
    out: list[list[Node]] = []
    spans: list[Span] = []
    for part in parts:
        end = _declaration_end(part)
        if end is None:
            out.append(part)
            continue
        spans.append(seq_span(strip_space(part[:end]), Span(0, 0)))
        rest = part[end + 1 :]
        if strip_space([n for n in rest if not (isinstance(n, Token) and n.is_cmd(*_SEPARATORS))]):
            out.append(rest)
    if not spans:
        return parts
    if not out:
        raise NotSupported("a map's declaration alone (f: X \\to Y, its domain and codomain): no formula to read",
                           source=source, span=spans[0],
                           hint="write the map's definition after it: f(\\mathbf{x}) = \\mathbf{W}\\mathbf{x}")
    for span in spans:
        notes.append(note("map-declaration", span, {"text": quote(source[span.start : span.end], 60)}))
    return out
