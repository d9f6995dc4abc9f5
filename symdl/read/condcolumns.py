"""A condition in an aligned row's last column: the PyTorch docs' CosineAnnealingLR (Loshchilov & Hutter's SGDR),
``\\eta_{t+1} & = \\eta_t + \\dots, & T_{cur} = (2k+1)T_{max}.``

In an ``aligned`` row whose statement is aligned at its relation (``lhs & = rhs``), a last column opened by ``, &``
that holds a relation but no alignment mark of its own says when the row holds, as a ``cases`` condition does: it is
set aside with a ``condition-clause`` note, never read as a statement of its own (``T_{cur}`` is no name the
formula defines).  A column with its own mark (``& \\mathbf{f}_t & = \\dots``, two statements side by side, as
papers print an LSTM) stays a statement.
"""

from __future__ import annotations

from symdl.errors import Note, Span
from symdl.read.alignmarks import COMMENT_COLUMN
from symdl.read.lexer import Token
from symdl.read.notes import note, quote
from symdl.read.statements import relation_positions, trim
from symdl.read.syntax import Group, Node, seq_span, strip_space


def _marks(part: list[Node]) -> list[int]:
    """Positions of the row's top-level alignment marks ``&``."""
    return [k for k, n in enumerate(part) if isinstance(n, Token) and n.is_op("&")]


def _condition_column(part: list[Node]) -> int | None:
    """Where the condition column of ``part`` starts (the position of its last ``&``), or None."""
    marks = _marks(part)
    if len(marks) != 2:
        return None
    first, last = marks
    before = strip_space(part[:last])
    if not (before and isinstance(before[-1], Token) and before[-1].is_op(",")):
        return None  # lhs & = rhs & ...: no comma, a layout column
    if not trim(part[:first]) or relation_positions(trim(part[:first]))[1] != "none":
        return None  # a = b & ...: the mark is not at the row's relation
    where, _kind = relation_positions(trim(part[first + 1 : last]))
    column = trim(part[last + 1 :])
    if not where or where[0] != 0 or not column:
        return None  # the mark does not stand right before the row's relation
    return last if relation_positions(column)[1] != "none" else None


#: commands whose braced argument is words
_TEXT = ("\\text", "\\textrm", "\\mathrm", "\\mbox", "\\textit", "\\textbf")


def _comment_column(part: list[Node]) -> int | None:
    """Where a row's comment column starts (its last ``&``), when after it stands only words in a text command of
    two words or more (d2l's ``\\eta(t) & = \\eta_0 e^{-\\lambda t} && \\textrm{exponential decay}``), and a
    relation stands before it; else None."""
    marks = _marks(part)
    column = strip_space(part[marks[-1] + 1 :]) if marks else []
    if not (len(column) == 2 and isinstance(column[0], Token) and column[0].is_cmd(*_TEXT)
            and isinstance(column[1], Group) and relation_positions(trim(part[: marks[-1]]))[1] != "none"):
        return None
    words = [t.text for t in column[1].children if isinstance(t, Token)]
    text = "".join(words)
    return marks[-1] if len(text.split()) >= 2 and all(w.isalpha() or w == " " or w in ",.-" for w in words) else None


def _comment_marks(part: list[Node], source: str, notes: list[Note]) -> list[Node]:
    """``part`` without the comment columns :func:`symdl.read.statements.split_rows` marked (an aligned row's ``&
    \\text{definition of expectation}``, its text right after the mark), each noted ``prose-clause``."""
    out: list[Node] = []
    k = 0
    while k < len(part):
        n = part[k]
        if isinstance(n, Token) and n.is_cmd(COMMENT_COLUMN):
            text = [m for m in part[k + 1 : k + 3] if not (isinstance(m, Token) and m.kind == "space")]
            if text:
                span = seq_span(text, n.span)
                notes.append(note("prose-clause", span, {"clause": quote(source[span.start : span.end], 60)}))
            k += 1 + len(part[k + 1 : k + 3])
            continue
        out.append(n)
        k += 1
    return out


def set_aside_condition_columns(parts: list[list[Node]], source: str, notes: list[Note]) -> list[list[Node]]:
    """Each row of ``parts`` without its condition column (noted ``condition-clause``)."""
    out = []
    for part in parts:
        part = _comment_marks(part, source, notes)
        if (at := _comment_column(part)) is not None:  # d2l's ... && \textrm{exponential decay}: the row's comment
            span = seq_span(trim(part[at + 1 :]), Span(0, 0))
            notes.append(note("prose-clause", span, {"clause": quote(source[span.start : span.end], 60)}))
            part = part[:at]
        at = _condition_column(part)
        if at is None:
            out.append(trim(part))
            continue
        column = trim(part[at + 1 :])
        span = seq_span(column, Span(0, 0))
        notes.append(note("condition-clause", span, {"clause": quote(source[span.start : span.end], 60)}))
        out.append(trim(part[:at]))
    return [p for p in out if p]
