"""Subscripts that compute an index: an integer-linear expression of index letters at each position.

Sutton & Barto's return ``r_{t+k}``, Goodfellow's convolution ``x_{i+k}`` and ``I_{i+m, j+n}``, Nielsen's
``a_{j+l, k+m}``, the positional encoding's ``p_{i, 2j+1}``.  Each position is read as
``((letter, coefficient), ...)`` plus a constant; the binder reads the name as the entry of its family at those
positions (a SymPy ``Indexed``) when the letters are indices.  A subscript that only adds a number to one letter
(``x_{t-1}``) is read by the index terms already and never comes here.  Positions that list index letters and
labels (the PyTorch docs' ``x_{n,y_n}``) are found by :func:`label_positions`.
"""

from __future__ import annotations

import re

from symdl.config import LABEL

#: one signed term of a position: 2j, -l, +1
_TERM = re.compile(r"([+-]?)(\d*)([A-Za-z]?)")
#: a whole position: terms of single letters with optional integer coefficients, and numbers
_POSITION = re.compile(r"^[+-]?\d*[A-Za-z](?:[+-]\d*[A-Za-z]|[+-]\d+)*$|^[+-]?\d+(?:[+-]\d*[A-Za-z])+(?:[+-]\d+)*$")

Position = tuple[tuple[tuple[str, int], ...], int]


def _position(text: str) -> Position | None:
    """``2j+1`` → ``((("j", 2),), 1)``; None unless ``text`` is such an expression."""
    if not _POSITION.match(text):
        return None
    coeffs: dict[str, int] = {}
    const = 0
    for sign, digits, letter in _TERM.findall(text):
        if not (digits or letter):
            continue
        value = (-1 if sign == "-" else 1) * int(digits or 1)
        if letter:
            coeffs[letter] = coeffs.get(letter, 0) + value
        else:
            const += value
    return tuple((k, v) for k, v in coeffs.items() if v), const


#: a whole position that is a word (Vaswani et al.'s ``pos`` of ``PE_{(pos,2i)}``)
_WORD = re.compile(r"[A-Za-z]{2,}")


def linear_positions(text: str, words: bool = False) -> tuple[Position, ...] | None:
    """The positions of a comma-separated subscript when one of them computes its index (two letters added, or a
    letter times a number: ``t+k``, ``2j+1``) and every other is one index letter or such an expression; else
    None (a label, or index terms that read already).  With ``words`` (a parenthesised list of positions,
    ``(pos,2i)``), a position may also be one word, read as an index of that name (the binder keeps it only when
    the formula uses the word as a variable)."""
    parts = text.replace(" ", "").split(",")
    out = [(((p, 1),), 0) if words and _WORD.fullmatch(p) else _position(p) for p in parts]
    if any(p is None for p in out):
        return None
    positions = tuple(p for p in out if p is not None)
    computed = any(len(c) > 1 or any(v != 1 for _, v in c) for c, _ in positions)
    return positions if computed else None


def label_positions(t: str) -> tuple[tuple[str, str], ...] | None:
    """``n,y_n`` (the PyTorch docs' NLLLoss ``x_{n,y_n}``): positions between commas, each one index letter or
    one label (a letter with an index, ``y_n``), at least one of each kind; ``(letter, "")`` or ``(label, index)``
    per position, else None."""
    parts = t.split(",")
    if len(parts) < 2:
        return None
    out: list[tuple[str, str]] = []
    for part in parts:
        label = LABEL.match(part)
        if label is not None:
            out.append((label.group(1), label.group(2)))
        elif len(part) == 1 and part.isalpha():
            out.append((part, ""))
        else:
            return None
    kinds = {bool(index) for _, index in out}
    return tuple(out) if kinds == {True, False} else None
