"""The reading rules that choose between two plausible readings: one table row each.

Each rule that picks one reading of ambiguous notation leaves a :class:`~symdl.errors.Note` in
``Formula.notes`` with its span, built from its row here: what was read and how to write the other
reading.  ``{part}`` in a template is the source text of a part of the note (quoted, one line);
other names are values the rule supplies.  The README's "How symdl reads notation" lists the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass

from symdl.errors import Note, Span


@dataclass(frozen=True)
class NoteRule:
    """One reading rule: the message and the other reading, as templates."""

    message: str
    alternative: str


NOTE_RULES: dict[str, NoteRule] = {
    "division-reach": NoteRule(
        "read {quotient} {factor} as ({quotient})·{factor}: a factor after a '/' multiplies the quotient",
        "to divide by the product, write \\frac{{{numerator}}}{{{divisor} {factor}}}",
    ),
    "sum-reach": NoteRule(
        "read {terms} as part of the body of {sum}: they use its index {index}",
        "to end the sum before them, put its body in parentheses: \\sum_{{{index}}} ( ... ) {sign} ...",
    ),
    "superscript-layer": NoteRule(
        "read the superscript of {atom} as a layer index (Nielsen's w^l_{{jk}}), not a power",
        "for a power, put the name in parentheses: ({name})^{{{layer}}}",
    ),
}


def note(rule: str, span: Span, values: dict[str, str]) -> Note:
    """The reading note of ``rule`` at ``span``, its templates filled from ``values``."""
    row = NOTE_RULES[rule]
    return Note(row.message.format(**values), span, row.alternative.format(**values), rule)
