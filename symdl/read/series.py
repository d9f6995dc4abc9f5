"""Series written with dots: a vector listed by its first and last entries, ``[l_1, \\dots, l_N]``,
``(x_1, \\dots, x_n)``, d2l's column ``\\begin{bmatrix} \\mathbf{a}^\\top_{1} \\mathbf{x} \\\\ \\vdots \\\\
\\mathbf{a}^\\top_{m}\\mathbf{x} \\end{bmatrix}``.

The first and the last entries must be one pattern: the same tokens, but for an index that is ``1`` in the first and
one letter (the bound) in the last; a second entry, if listed (``x_1, x_2, \\dots, x_n``), has ``2`` there.  The
list is then the pattern's value at an index running from 1 to the bound, read as that entry with the index free
(noted ``family-list``): a capital bound's lower case (``l_n``, n = 1 to N), else the first of i, j, k, p, q, r the
formula does not use.  Dots between entries that follow no such pattern are refused by name.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from symdl.errors import NotSupported, Span
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node, plain_text, strip_space

if TYPE_CHECKING:
    from symdl.read.expr import Emitter, ExprReader

DOTS = ("\\dots", "\\ldots", "\\cdots", "\\vdots", "...", "\\dotsc", "\\dotsb")
_INDEX_LETTERS = "ijkpqr"


def is_dots(part: list[Node]) -> bool:
    """Is this list entry (a column's row) only dots?"""
    return "".join(plain_text(part).split()) in DOTS


def _flat(nodes: list[Node]) -> list[Token]:
    out: list[Token] = []
    for n in nodes:
        if isinstance(n, Group):
            out += [Token("open", n.kind + n.name, n.span), *_flat(n.children), Token("close", n.kind, n.span)]
        elif n.kind not in ("space", "newline"):
            out.append(n)
    return out


def _differences(first: list[Node], last: list[Node], number: str) -> tuple[str, set[int]] | None:
    """The bound and the tokens of ``last`` (by id) where ``first`` has ``number`` and ``last`` one letter, the rest
    alike; None when they are not one pattern."""
    a, b = _flat(first), _flat(last)
    if len(a) != len(b):
        return None
    bounds, at = set(), set()
    for x, y in zip(a, b, strict=True):
        if (x.kind, x.text) == (y.kind, y.text):
            continue
        if not (x.kind == "number" and x.text == number and y.kind == "letter"):
            return None
        bounds.add(y.text)
        at.add(id(y))
    return (bounds.pop(), at) if len(bounds) == 1 else None


def _swap(nodes: list[Node], at: set[int], letter: str) -> list[Node]:
    """``nodes`` with the tokens ``at`` (by id) replaced by ``letter``."""
    out: list[Node] = []
    for n in nodes:
        if isinstance(n, Group):
            out.append(replace(n, children=_swap(n.children, at, letter)))
        else:
            out.append(Token(n.kind, letter, n.span) if id(n) in at else n)
    return out


def _index_letter(bound: str, source: str) -> str | None:
    if bound.isupper():
        return bound.lower()
    used = {m.group(0) for m in re.finditer(r"(?<![\\A-Za-z])[A-Za-z](?![A-Za-z])", source)}
    return next((c for c in _INDEX_LETTERS if c not in used), None)


def series_entry(reader: ExprReader, parts: list[list[Node]]) -> tuple[list[Node], str, str] | None:
    """(the entry with the index free, the index, the bound) when ``parts`` are ``first, [second,] dots, last`` of
    one pattern; None when they are no list with dots at all."""
    parts = [strip_space(p) for p in parts]
    if len(parts) not in (3, 4) or not is_dots(parts[-2]) or any(is_dots(p) for p in parts[:-2] + parts[-1:]):
        return None
    found = _differences(parts[0], parts[-1], "1")
    if found is None or (len(parts) == 4 and _differences(parts[1], parts[-1], "2") is None):
        return None
    bound, at = found
    letter = _index_letter(bound, reader.source)
    if letter is None:
        return None
    return _swap(parts[-1], at, letter), letter, bound


def emit_series(reader: ExprReader, parts: list[list[Node]], span: Span, em: Emitter) -> bool:
    """Emit the list ``parts`` (written at ``span``) as its pattern's entry at a free index; False when it is none.
    A list with dots that is no such pattern is refused, naming the dots."""
    if not any(is_dots(strip_space(p)) for p in parts):
        return False
    found = series_entry(reader, parts)
    if found is None:
        dots = next(p for p in parts if is_dots(strip_space(p)))
        where = strip_space(dots)
        raise reader.error(NotSupported, f"the dots {plain_text(where).strip()} between entries that follow no one "
                           "pattern in an index", Span(where[0].span.start, where[-1].span.end),
                           "write the first and last entries alike but for the index, 1 in the first and the bound "
                           "in the last (x_1, \\dots, x_n), or the entries as a sum over an index")
    entry, letter, bound = found
    _no_bold_members(reader, entry, letter, bound, span)
    reader.new("index", span, name=letter, near=(), listed=bound)  # the index runs over the listed entries
    reader.add_note("family-list", span, {"entry": plain_text(entry).strip(), "letter": letter, "bound": bound})
    reader.emit(entry, em)
    return True


#: one bold or arrowed letter with scripts only (\mathbf{x}_i, \mathbf{e}_{\pi(i)}): a vector or a matrix
_BOLD_HEAD = r"\\(?:mathbf|boldsymbol|bm|vec)\{[A-Za-z]\}"
_SCRIPTS = r"(?:[_^](?:\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\}|\\[A-Za-z]+|[A-Za-z0-9]))*"


def _no_bold_members(reader: ExprReader, entry: list[Node], letter: str, bound: str, span: Span) -> None:
    """Refuse ``[\\boldsymbol{x}_1, \\ldots, \\boldsymbol{x}_n]`` and the permutation matrix's column
    ``\\begin{bmatrix} \\mathbf{e}_{\\pi(1)} \\\\ \\vdots \\\\ \\mathbf{e}_{\\pi(n)} \\end{bmatrix}`` by name:
    listed bold vectors are their concatenation (one long vector) or a matrix with one of them per row, never the
    vector of the numbers x_i a plain list is."""
    text = "".join(plain_text(entry).split())
    head = re.match(_BOLD_HEAD, text)
    if head is None or re.fullmatch(_SCRIPTS, text[head.end() :]) is None:
        return
    scripts = re.sub(rf"(?<![A-Za-z\\]){re.escape(letter)}(?![A-Za-z])", "1", text[head.end() :])
    if scripts == text[head.end() :]:
        return  # the index is not in the scripts: not one member per row
    first = text[: head.end()] + scripts
    raise reader.error(NotSupported, f"a concatenation of a family's members 1..{bound} ({first}, ..., the "
                       f"{bound}-th): listed bold vectors are one long vector or a matrix with one of them per row "
                       "(a permutation matrix's rows), never a vector of numbers; not read yet",
                       span, f"name the concatenated vector or the matrix (\\mathbf{{Z}}) and write the function of "
                       f"it, or list a fixed number of members without \\dots: [{first}; ...]")
