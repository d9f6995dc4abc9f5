"""Runs of plain letters that are words: ``margin``, ``beta``, ``state\\_sum`` as the PyTorch docs write them.

TeX sets a run of letters as a product, but no one writes a product of four or more letters side by side, and a
run that spells a Greek letter's name (``beta``, ``delta``) is that letter typed in code style.  Each reading is a
rule with its note (:data:`symdl.read.notes.NOTE_RULES`): ``word-name`` and ``greek-word``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from symdl.errors import InvalidInput, Span
from symdl.read.atoms import GREEK, GREEK_CONSTANTS
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node

if TYPE_CHECKING:
    from symdl.read.emit import Emitter
    from symdl.read.expr import ExprReader

#: a run this long is a name, never a product of its letters (three letters are read as a product, noted)
WORD_MIN = 4

#: Greek letters' names that are also read when typed as plain letters (``eta`` and longer: ``mu`` is m·u)
_GREEK_WORDS = {name for name in GREEK if len(name) >= 3 and not name.startswith("var")} - GREEK_CONSTANTS


#: commands that lay out a formula, never names: their word without the backslash is a lost backslash
_LAYOUT_COMMANDS = {"left", "right", "begin", "end", "array", "matrix", "pmatrix", "bmatrix", "cases", "quad",
                    "qquad", "mathcal", "mathbb", "boldsymbol", "operatorname", "limits", "displaystyle"}


def run_end(nodes: list[Node], i: int) -> int:
    """The end of the run of letters at ``nodes[i]``, through escaped underscores between letters (``state\\_sum``)."""
    j = i
    while j < len(nodes):
        n = nodes[j]
        if isinstance(n, Token) and n.kind == "letter":
            j += 1
        elif (isinstance(n, Token) and n.is_cmd("\\_") and j > i and j + 1 < len(nodes)
              and isinstance(nodes[j + 1], Token) and nodes[j + 1].kind == "letter"):  # type: ignore[union-attr]
            j += 1
        else:
            break
    return j


def is_word(nodes: list[Node], i: int, j: int) -> bool:
    """Is ``nodes[i:j]`` a word rather than letters side by side?"""
    run = "".join(n.text for n in nodes[i:j] if isinstance(n, Token) and n.kind == "letter")
    underscored = any(isinstance(n, Token) and n.is_cmd("\\_") for n in nodes[i:j])
    return underscored or len(run) >= WORD_MIN or run in _GREEK_WORDS


def read_word(reader: ExprReader, nodes: list[Node], i: int, j: int, em: Emitter, bold: bool) -> int:
    """Read the word ``nodes[i:j]`` as one name (``\\text{margin}``) or as the Greek letter it spells, with its
    note; its scripts follow as on any name (``state\\_sum_{t-1}``, ``beta^2``).

    A command's name without its backslash (``frac``, ``left``) is refused: the text lost its backslashes, and
    so is every longer word in lenient mode, whose text is garbled (seed 001's ``fraud {dw}`` for ``\\frac``).
    """
    from symdl.read import constructs
    from symdl.read.lenient import COMMAND_WORDS

    span = Span(nodes[i].span.start, nodes[j - 1].span.end)
    text = "".join(n.text for n in nodes[i:j])  # type: ignore[union-attr]
    command = text in COMMAND_WORDS - GREEK or text in _LAYOUT_COMMANDS
    if command or (not reader.read_words and text not in _GREEK_WORDS):
        raise reader.error(
            InvalidInput,
            f"'{text}' would read as a product of {len(text)} letters",
            span,
            f"if it is the command, write \\{text}" if command else
            f"if it is a name, write \\text{{{text}}}; if it is a product, put spaces between the letters",
        )
    if text in _GREEK_WORDS:
        reader.add_note("greek-word", span, {"run": text}, once_for=text)
        token = Token("cmd", "\\" + text, span)
        return constructs.atom_at(reader, [*nodes[:i], token, *nodes[j:]], i, em, bold) + (j - i - 1)
    reader.add_note("word-name", span, {"run": text.replace("\\_", "_"), "letters": " ".join(text.replace("\\_", ""))},
                    once_for=text)
    wrapped = [Token("cmd", "\\text", span), Group(list(nodes[i:j]), span)]
    return constructs.atom_at(reader, [*nodes[:i], *wrapped, *nodes[j:]], i, em, bold) + (j - i - 2)


def is_acronym(source: str, nodes: list[Node], i: int, j: int) -> bool:
    """Two or three capitals side by side (``nodes[i:j]``), with no script after them, in a formula that writes
    one such run at least twice: the metrics' TP, FP, FN (``\\frac{TP}{TP + FP}``), not a product of matrices
    (``QK^T`` has a script; ``AB`` written once stays a product)."""
    run = "".join(n.text for n in nodes[i:j])  # type: ignore[union-attr]
    if not (2 <= len(run) <= 3 and run.isupper() and run.isascii()):
        return False
    nxt = nodes[j] if j < len(nodes) else None
    if isinstance(nxt, Token) and nxt.is_op("^", "_", "'"):
        return False
    runs = re.findall(r"(?<![A-Za-z\\])([A-Z]{2,3})(?![A-Za-z_^'])", source)
    return run in runs and any(runs.count(r) >= 2 for r in runs)  # TP twice: FP and FN beside it too


def read_acronym(reader: ExprReader, nodes: list[Node], i: int, j: int, em: Emitter, bold: bool) -> int:
    """Read the capitals ``nodes[i:j]`` as one name, noted ``acronym-name``."""
    from symdl.read import constructs

    span = Span(nodes[i].span.start, nodes[j - 1].span.end)
    run = "".join(n.text for n in nodes[i:j])  # type: ignore[union-attr]
    reader.add_note("acronym-name", span, {"run": run, "letters": "·".join(run)}, once_for=run)
    wrapped = [Token("cmd", "\\text", span), Group(list(nodes[i:j]), span)]
    return constructs.atom_at(reader, [*nodes[:i], *wrapped, *nodes[j:]], i, em, bold) + (j - i - 2)


def lone_capitals(source: str, nodes: list[Node], i: int, j: int) -> bool:
    """Two capitals ``nodes[i:j]`` with no script after them, neither written on its own elsewhere in the
    formula: a product AB or a name BP (BLEU's brevity penalty)?  Read as the product, noted."""
    nxt = nodes[j] if j < len(nodes) else None
    if isinstance(nxt, Token) and nxt.is_op("^", "_", "'"):
        return False
    run = "".join(n.text for n in nodes[i:j])  # type: ignore[union-attr]
    alone = re.findall(r"(?<![A-Za-z\\])([A-Z])(?![A-Za-z])", source)
    return not any(letter in alone for letter in run)
