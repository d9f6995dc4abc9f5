r"""An index's range written after a statement: ``y_i(\mathbf{w}^\top \mathbf{x}_i + b) \ge 1, \; i = 1, \ldots,
n`` (the SVM's constraints), ``\theta_i = 10000^{-2(i-1)/d}, i \in [1, 2, \dots, d/2]`` (RoFormer's frequencies),
``\mathbf{y}_i = f(\mathbf{x}_i) \quad (i = 1, \ldots, N)``.

The tail says which values the statement's free index takes, as ``\text{for } i = 1, \ldots, n`` does: it is set
aside with the condition's note (rule ``condition-clause``), as that clause is by :mod:`symdl.read.clauses`, and
the statement before it is read (a free index is every entry).  Only a tail of this one form is set aside: a
separator (a comma, a semicolon or a space command), then one letter and either ``= a, \ldots, b`` or
``\in`` a braced or bracketed list holding dots, or the same inside parentheses.
"""

from __future__ import annotations

from symdl.errors import Note, Span
from symdl.read.constructs import split_top
from symdl.read.lexer import Token
from symdl.read.notes import note, quote
from symdl.read.statements import relation_positions
from symdl.read.syntax import Group, Node, is_group, plain_text, seq_span, strip_space, tokens_in

#: what may separate a statement from the range after it
SEPARATOR_OPS = frozenset({",", ";"})
SEPARATOR_CMDS = frozenset({"\\quad", "\\qquad", "\\;", "\\,", "\\:", "\\ "})
#: the dots of a range
DOTS = frozenset({"\\dots", "\\ldots", "\\cdots", "\\dotsc", "\\dotsb"})


def _separator(n: Node) -> bool:
    return isinstance(n, Token) and (n.kind == "space" or n.is_op(*SEPARATOR_OPS) or n.is_cmd(*SEPARATOR_CMDS))


def _dotted(parts: list[list[Node]]) -> bool:
    """Three items or more, one of them the dots alone, none empty; or one item, a value, the dots and the last."""
    items = [strip_space(p) for p in parts]
    if len(items) == 1 and _glued(items[0]):
        return True  # ViT's \ell = 1 \ldots L: the first value, the dots, the last
    return (
        len(items) >= 3
        and all(items)
        and any((len(i) == 1 and isinstance(i[0], Token) and i[0].is_cmd(*DOTS)) or _glued(i) for i in items)
    )


def _glued(item: list[Node]) -> bool:
    """Is ``item`` a value, the dots and the last value written without commas (a forum post's ``i=1,2,3...n``)?"""
    dots = [k for k, n in enumerate(item) if isinstance(n, Token) and n.is_cmd(*DOTS)]
    return len(dots) == 1 and 0 < dots[0] < len(item) - 1 and all(
        isinstance(n, Token) and n.kind in ("letter", "number", "space") for k, n in enumerate(item) if k != dots[0])


def _letter(tail: list[Node]) -> str:
    """The letter a range starts with (inside its parentheses too)."""
    tail = strip_space(tail)
    if len(tail) == 1 and isinstance(tail[0], Group):
        return _letter(tail[0].children)
    return tail[0].text if tail and isinstance(tail[0], Token) else ""


def is_index_range(tail: list[Node]) -> bool:
    """Is ``tail`` one letter's range: ``i = 1, \\ldots, n``, ``i \\in \\{1, \\ldots, n\\}``, ``i \\in [1, 2,
    \\dots, d/2]``, or one of them in parentheses?"""
    tail = strip_space(tail)
    if len(tail) == 1 and is_group(tail[0], "paren"):
        inner: Group = tail[0]  # type: ignore[assignment]
        return is_index_range(inner.children)
    if len(tail) < 3 or not (isinstance(tail[0], Token) and tail[0].kind in ("letter", "cmd")):
        return False
    rel = next((k for k in range(1, len(tail)) if isinstance(tail[k], Token) and tail[k].kind != "space"), None)
    if rel is None:
        return False
    sign, rest = tail[rel], strip_space(tail[rel + 1 :])
    if isinstance(sign, Token) and sign.is_op("="):
        return _dotted(split_top(rest, ","))
    if isinstance(sign, Token) and sign.is_cmd("\\in") and len(rest) == 1 and is_group(rest[0], "set", "bracket"):
        listed: Group = rest[0]  # type: ignore[assignment]
        return _dotted(split_top(listed.children, ","))
    return False


def set_aside_index_ranges(parts: list[list[Node]], source: str, notes: list[Note]) -> list[list[Node]]:
    """Each statement with an index range after it (module docstring) without the range, noted."""
    out: list[list[Node]] = []
    for part in parts:
        out.append(_without_range(part, source, notes))
    return out


def _without_range(part: list[Node], source: str, notes: list[Note]) -> list[Node]:
    for k, n in enumerate(part):
        if not (_separator(n) and not (isinstance(n, Token) and n.kind == "space")):
            continue
        start = k
        while start < len(part) and _separator(part[start]):
            start += 1
        head = strip_space(part[:k])
        if not (head and start < len(part) and relation_positions(head)[1] != "none" and is_index_range(part[start:])):
            continue
        letter = _letter(part[start:])
        if any(t.text == letter for _, _, t in tokens_in(head)):  # the index the statement writes
            span = seq_span(strip_space(part[start:]), Span(0, 0))
            notes.append(note("condition-clause", span, {"clause": quote(source[span.start : span.end], 60)}))
            return head
    return part


#: how a real set starts (a shape declaration, read by :func:`symdl.read.statements.declaration`)
REAL_SETS = ("\\mathbb{R}", "\\mathbbR", "R")


def set_aside_memberships(parts: list[list[Node]], source: str, notes: list[Note]) -> list[list[Node]]:
    """A statement that names belong to a set that is not a real shape, beside other statements (a binary label's
    ``y \\in \\{0, 1\\}`` after a cross-entropy, a one-hot ``\\mathbf{x}^{(t)} \\in \\{0,1\\}^{|V|}``, ``x \\in
    \\mathcal{X}``): a condition on an input, set aside with the condition's note (rule ``condition-clause``).  A
    formula that is only such memberships stays refused by name."""
    from symdl.read.callorproduct import bare_atom

    def membership(part: list[Node]) -> bool:
        at = next((k for k, n in enumerate(part) if isinstance(n, Token) and n.is_cmd("\\in")), None)
        if at is None or not strip_space(part[at + 1 :]):
            return False
        names = split_top(strip_space(part[:at]), ",")
        rest = "".join(plain_text([n]) for n in part[at + 1 :]).replace(" ", "")
        return all(bare_atom(strip_space(p), source) is not None for p in names) and not rest.startswith(REAL_SETS)

    marked = [membership(p) for p in parts]
    if all(marked) or not any(marked):
        return parts
    for part, side in zip(parts, marked, strict=True):
        if side:
            span = seq_span(strip_space(part), Span(0, 0))
            notes.append(note("condition-clause", span, {"clause": quote(source[span.start : span.end], 60)}))
    return [p for p, side in zip(parts, marked, strict=True) if not side]
