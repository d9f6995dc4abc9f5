"""The data model of a derivation file: what the loader produces and the verifier consumes.

A :class:`DerivationFile` is the validated content of one ``derivations/*.txt`` file:
its header (title, sources, tags) and its body, an ordered tuple of :class:`Prose`
paragraphs and :class:`Block` s (``define``, ``claim``, ``gradient``, ``backprop``,
``compare``, ``plot``).  Every block keeps where it came from, so later stages can
report problems at the right line and column of the file.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from symdl.errors import InvalidInput, Span


@dataclass(frozen=True)
class Field:
    """One indented ``key: value`` line under a block."""

    key: str
    value: str
    span: Span  # of the value, in the file's text


@dataclass(frozen=True)
class Block:
    """One statement of a derivation: ``KIND NAME: TEXT`` plus indented fields.

    Attributes:
        kind: ``define``, ``claim``, ``gradient``, ``backprop``, ``compare`` or ``plot``.
        name: the statement's name (unique within the file).
        text: the LaTeX (or, for ``compare``/``plot``, the argument text); continuation lines joined by spaces.
        span: the span of the whole first line in the file.
        name_span: the span of the name.
        pieces: ``(offset in text, offset in file)`` for each joined line, to map LaTeX errors back.
        fields: the indented fields by key.
    """

    kind: str
    name: str
    text: str
    span: Span
    name_span: Span
    pieces: tuple[tuple[int, int], ...]
    fields: Mapping[str, Field] = field(default_factory=dict)

    def get(self, key: str, default: str = "") -> str:
        """A field's value, or ``default``."""
        f = self.fields.get(key)
        return f.value if f is not None else default

    def file_offset(self, text_offset: int) -> int:
        """The file offset of a character of :attr:`text`."""
        base_text, base_file = self.pieces[0]
        for t, f in self.pieces:
            if t <= text_offset:
                base_text, base_file = t, f
        return base_file + (text_offset - base_text)


@dataclass(frozen=True)
class Prose:
    """A paragraph of prose between statements (Markdown-ish: ``$...$`` math, ``*emphasis*``)."""

    text: str
    span: Span


@dataclass(frozen=True)
class DerivationFile:
    """A loaded, schema-validated derivation file.

    Attributes:
        name: the derivation's name (the file's stem, e.g. ``adam``).
        path: where it was read from.
        source: the file's full text (error spans refer to it).
        title: the ``title:`` line.
        sources: the ``sources:`` lines.
        tags: the ``tags:`` words.
        body: prose paragraphs and blocks, in file order.
    """

    name: str
    path: str
    source: str
    title: str
    sources: tuple[str, ...]
    tags: tuple[str, ...]
    body: tuple[Prose | Block, ...]

    @property
    def blocks(self) -> tuple[Block, ...]:
        """The statements, without the prose."""
        return tuple(b for b in self.body if isinstance(b, Block))

    def block(self, name: str) -> Block:
        """The block called ``name``."""
        for b in self.blocks:
            if b.name == name:
                return b
        raise KeyError(name)


class DerivationError(InvalidInput):
    """A positioned error in a derivation file: ``path:line:column``, the line, a caret and a hint."""

    kind = "derivation file error"

    def __init__(self, message: str, *, path: str, source: str, span: Span, hint: str = "") -> None:
        super().__init__(message, source=source, span=span, hint=hint)
        self.path = path

    def __str__(self) -> str:
        head = f"{self.path}:{self.line}:{self.column}: {self.kind}: {self.message}"
        parts = [head, self.caret()]
        if self.hint:
            parts.append(f"hint: {self.hint}")
        return "\n".join(p for p in parts if p)

    def to_dict(self) -> dict[str, object]:
        return {**super().to_dict(), "path": self.path}
