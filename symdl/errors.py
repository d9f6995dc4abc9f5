"""The error hierarchy: every failure a user can cause is a :class:`SymdlError`.

Two branches, as in latexify: :class:`InvalidInput` (the text is wrong) and
:class:`NotSupported` (the text is fine, symdl cannot do it yet).  Every error
carries the source text and a column span, and renders the offending line with a
caret under the span plus a hint, in the style of lark.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Span:
    """A half-open character range ``[start, end)`` in the original input."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.end < self.start:
            object.__setattr__(self, "end", self.start)

    def join(self, other: Span) -> Span:
        return Span(min(self.start, other.start), max(self.end, other.end))


class SymdlError(Exception):
    """Base class of every error symdl raises on purpose.

    Args:
        message: what went wrong, one sentence.
        source: the full input text the span refers to ('' if none).
        span: where in ``source`` the problem is.
        hint: what the user can do about it.
    """

    kind = "error"

    def __init__(
        self,
        message: str,
        *,
        source: str = "",
        span: Span | None = None,
        hint: str = "",
    ) -> None:
        super().__init__(message)
        self.message = message
        self.source = source
        self.span = span if span is not None else Span(0, len(source))
        self.hint = hint

    @property
    def line(self) -> int:
        """1-based line number of the span's start."""
        return self.source.count("\n", 0, self.span.start) + 1

    @property
    def column(self) -> int:
        """1-based column of the span's start within its line."""
        return self.span.start - (self.source.rfind("\n", 0, self.span.start) + 1) + 1

    def caret(self) -> str:
        """The offending line with ``^~~~`` under the span."""
        if not self.source:
            return ""
        start = self.span.start
        line_start = self.source.rfind("\n", 0, start) + 1
        line_end = self.source.find("\n", start)
        if line_end == -1:
            line_end = len(self.source)
        text = self.source[line_start:line_end]
        col = start - line_start
        width = max(1, min(self.span.end, line_end) - start)
        # Long lines: show a window around the span.
        if len(text) > 100:
            lo = max(0, col - 40)
            hi = min(len(text), col + width + 40)
            prefix = "…" if lo > 0 else ""
            suffix = "…" if hi < len(text) else ""
            text = prefix + text[lo:hi] + suffix
            col = col - lo + len(prefix)
            width = min(width, hi - lo)
        return f"{text}\n{' ' * col}^{'~' * (width - 1)}"

    def __str__(self) -> str:
        where = f"line {self.line}, column {self.column}" if self.source else ""
        parts = [f"{self.kind}: {self.message}" + (f" ({where})" if where else "")]
        caret = self.caret()
        if caret:
            parts.append(caret)
        if self.hint:
            parts.append(f"hint: {self.hint}")
        return "\n".join(parts)

    def to_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "message": self.message,
            "line": self.line,
            "column": self.column,
            "start": self.span.start,
            "end": self.span.end,
            "hint": self.hint,
        }


class InvalidInput(SymdlError):
    """The input is malformed: unbalanced braces, an unknown macro, a dangling operator."""

    kind = "invalid input"


class NotSupported(SymdlError):
    """The input is meaningful but symdl cannot handle this construct yet."""

    kind = "not supported yet"


class MemberNotRead(NotSupported):
    """A refusal of one member of a family of vectors or matrices that the family readings (one array with a member per
    row) cannot read: :func:`symdl.bind.bind` tries each member as a name of its own (``family-member-each``) where the
    family's index is free in the whole formula, before the refusal stands."""


class ResourceLimit(SymdlError):
    """The input needs more than one of the counted budgets allows (:mod:`symdl.budget`).

    ``budget`` names it (``"depth"``, ``"steps"`` ..., or ``"time_limit"`` for the wall-clock backstop).
    """

    kind = "limit exceeded"
    budget = ""

    def to_dict(self) -> dict[str, object]:
        return {**super().to_dict(), "budget": self.budget}


class InternalError(SymdlError):
    """symdl failed on this input in a way it does not foresee: a bug, reported without a traceback."""

    kind = "internal error"


@dataclass(frozen=True)
class Repair:
    """A repair lenient mode made: what it changed and where."""

    message: str
    span: Span
    replacement: str = ""

    def render(self, source: str) -> str:
        err = SymdlError(self.message, source=source, span=self.span)
        return f"repaired: {self.message} (column {err.column})\n{err.caret()}"


@dataclass(frozen=True)
class Note:
    """A reading note: where notation allowed two readings, the one symdl chose and how to get the other.

    Attributes:
        message: what was read (``read 1/m \\sum ... as (1/m)·(...)``).
        span: the characters the choice is about.
        alternative: how to write the other reading.
        rule: the name of the rule that chose (one row of a documented table).
    """

    message: str
    span: Span
    alternative: str = ""
    rule: str = ""

    def render(self, source: str) -> str:
        err = SymdlError(self.message, source=source, span=self.span)
        other = f"\n  other reading: {self.alternative}" if self.alternative else ""
        return f"note: {self.message} (column {err.column})\n{err.caret()}{other}"

    def to_dict(self, source: str) -> dict[str, object]:
        return {"rule": self.rule, "message": self.message, "alternative": self.alternative,
                "span": [self.span.start, self.span.end], "text": source[self.span.start:self.span.end]}


def as_written(err: SymdlError, text: str) -> SymdlError:
    """``err`` showing ``text``, the input as the user wrote it, where its source is the text symdl read after setting
    pieces aside (comments, code's declaration keywords, C's float suffixes: blanked, so every span stays): the caret
    then points into what was pasted."""
    if err.source and err.source != text and len(err.source) == len(text):
        err.source = text
    return err
