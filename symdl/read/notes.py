"""The reading rules that choose between two plausible readings: one table row each.

Each rule that picks one reading of ambiguous notation leaves a :class:`~symdl.errors.Note` in
``Formula.notes`` with its span, built from its row of :data:`NOTE_RULES`: what was read and how to write the
other reading.  The rows are kept by stage: the reader's rules in :mod:`symdl.read.notes_reader`, the binder's in
:mod:`symdl.read.notes_binder`.  ``{part}`` in a template is the source text of a part of the note (quoted, one
line); other names are values the rule supplies.  The README's "How symdl reads notation" lists the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass

from symdl.errors import Note, Span
from symdl.read.notes_binder import BINDER_NOTES
from symdl.read.notes_calls import CALL_NOTES
from symdl.read.notes_code import CODE_NOTES
from symdl.read.notes_families import FAMILY_NOTES
from symdl.read.notes_meanings import MEANING_NOTES
from symdl.read.notes_names import NAME_NOTES
from symdl.read.notes_ranks import RANK_NOTES
from symdl.read.notes_reader import READER_NOTES
from symdl.read.notes_statements import STATEMENT_NOTES
from symdl.read.notes_superscripts import SUPERSCRIPT_NOTES
from symdl.read.notes_words import WORD_NOTES


@dataclass(frozen=True)
class NoteRule:
    """One reading rule: the message and the other reading, as templates."""

    message: str
    alternative: str


#: rule → its row: the reader's rules (superscripts after the rest), then the binder's (families, indices and sums last)
NOTE_RULES: dict[str, NoteRule] = {
    rule: NoteRule(*row) for rule, row in {**READER_NOTES, **SUPERSCRIPT_NOTES, **BINDER_NOTES, **FAMILY_NOTES,
                                                **NAME_NOTES, **STATEMENT_NOTES, **CALL_NOTES,
                                                **MEANING_NOTES, **CODE_NOTES, **WORD_NOTES, **RANK_NOTES}.items()
}


def quote(text: str, limit: int = 40) -> str:
    """Source text as a note quotes it: one line, at most ``limit`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def note(rule: str, span: Span, values: dict[str, str]) -> Note:
    """The reading note of ``rule`` at ``span``, its templates filled from ``values``."""
    row = NOTE_RULES[rule]
    return Note(row.message.format(**values), span, row.alternative.format(**values), rule)
