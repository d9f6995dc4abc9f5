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

#: one signed term of a position: 2j, -l, +1, is, 2*s*i, stride*i (factors beside each other or joined by *)
_TERM = re.compile(r"([+-]?)(\d*)\*?((?:[A-Za-z]+\*)*[A-Za-z]*)")
#: a whole position: signed terms, each a number, or a letter with an optional integer coefficient and, in a sum of
#: terms, a stride beside it (``is``, ``s i``) or joined to it by ``*`` (``i*s``, ``stride*i``, ``2*i``)
_PART = re.compile(r"[+-]?(?:\d+|\d*\*?[A-Za-z]{1,2}|\d*\*?(?:[A-Za-z]+\*)+[A-Za-z]+)")

Position = tuple[tuple[tuple[str, int], ...], int]


def _position(text: str) -> Position | None:
    """``2j+1`` → ``((("j", 2),), 1)``, ``is+a`` → ``((("i*s", 1), ("a", 1)), 0)``; None unless ``text`` is such an
    expression with at least one letter.  A product of two letters is a term ``"i*s"`` (its letters in written
    order: the binder tells the index from the stride); two letters side by side are one only beside another term
    (``ij`` alone is two indices, read elsewhere)."""
    parts = re.findall(r"[+-]?[^+-]+", text)
    if not text or "".join(parts) != text or not all(_PART.fullmatch(p) for p in parts):
        return None
    coeffs: dict[str, int] = {}
    const = 0
    for part in parts:
        sign, digits, name = _TERM.fullmatch(part).groups()  # type: ignore[union-attr]
        if "*" not in name and len(name) == 2:
            if len(parts) < 2:
                return None
            name = f"{name[0]}*{name[1]}"
        value = (-1 if sign == "-" else 1) * int(digits or 1)
        if name:
            coeffs[name] = coeffs.get(name, 0) + value
        else:
            const += value
    if not coeffs:
        return None
    return tuple((k, v) for k, v in coeffs.items() if v), const


def term_letters(name: str) -> list[str]:
    """The letters of a position's term: ``i`` → ``[i]``, a strided ``i*s`` → ``[i, s]``."""
    return name.split("*")


#: a whole position that is a word (Vaswani et al.'s ``pos`` of ``PE_{(pos,2i)}``)
_WORD = re.compile(r"[A-Za-z]{2,}")


def linear_positions(text: str, words: bool = False) -> tuple[Position, ...] | None:
    """The positions of a comma-separated subscript when one of them computes its index (two letters added, or a
    letter times a number: ``t+k``, ``2j+1``) or is a fixed number beside index letters (a bias row,
    ``w_{0,i}``, Bishop's ``w_{j0}``), and every other is one index letter or such an expression; else
    None (a label, or index terms that read already).  With ``words`` (a parenthesised list of positions,
    ``(pos,2i)``), a position may also be one word, read as an index of that name (the binder keeps it only when
    the formula uses the word as a variable)."""
    parts = text.replace(" ", "").split(",")
    if len(parts) == 1 and (fixed := _FIXED_BESIDE.fullmatch(parts[0])):  # Bishop's bias weight w_{j0}
        parts = [x for x in fixed.groups() if x]
    out = [(((p, 1),), 0) if words and _WORD.fullmatch(p) else ((), int(p)) if p.isdigit() and len(parts) > 1
           else _position(p) for p in parts]
    if any(p is None for p in out) or all(not c for c, _ in out if c is not None):
        return None
    positions = tuple(p for p in out if p is not None)
    computed = any(not c or len(c) > 1 or any(v != 1 or "*" in name for name, v in c) for c, _ in positions)
    return positions if computed else None


#: one index letter then one digit, no comma (Bishop's bias weight ``w_{j0}``, the fixed position 0 after j); a digit
#: first is a coefficient (RoPE's ``x_{2i}``), never a position
_FIXED_BESIDE = re.compile(r"([a-z])(\d)|([01])([a-z])")  # (Fausett's bias v_{0j}: 0 or 1 first, no coefficient)


#: a label that is a word with a one-letter index, maybe braced (``{label}_i``, ``label_i``); groups as LABEL's
_WORD_LABEL = re.compile(r"^\{?([A-Za-z]{2,})\}?_\{?([A-Za-z])\}?$")


def label_positions(t: str) -> tuple[tuple[str, str], ...] | None:
    """``n,y_n`` (the PyTorch docs' NLLLoss ``x_{n,y_n}``): positions between commas, each one index letter or
    one label (a letter with an index, ``y_n``), at least one of each kind; ``(letter, "")`` or ``(label, index)``
    per position, else None."""
    parts = t.split(",")
    if len(parts) < 2:
        return None
    out: list[tuple[str, str]] = []
    for part in parts:
        label = LABEL.match(part) or _WORD_LABEL.match(part)  # a word label: p_{i,{label}_i}, p_{i,label_i}
        if label is not None:
            out.append((label.group(1), label.group(2)))
        elif len(part) == 1 and part.isalpha():
            out.append((part, ""))
        else:
            return None
    kinds = {bool(index) for _, index in out}
    return tuple(out) if kinds == {True, False} else None


#: spacing commands between the terms of a position (``x_{is+a,\,js+b}``): no part of it
_GAPS = ("\\,", "\\;", "\\:", "\\!", "\\ ", "\\quad", "\\qquad", "~")
#: the multiplication signs of a strided position (``x_{i\cdot s+a}``, ``x_{i \times s + k}``)
_TIMES = ("\\cdot", "\\times")
#: the wrappers of a stride written as a word (``x_{\text{stride}\cdot i+k}``)
_WORDS = ("\\text", "\\mathrm", "\\textrm", "\\mathit", "\\operatorname")


def written_positions(nodes: list) -> tuple[Position, ...] | None:
    """The computed positions of a subscript as its nodes write them, spacing dropped and ``\\cdot``/``\\times``/``*``
    read as products (pooling's ``x_{i\\cdot s+a,\\ j\\cdot s+b}``, ``x_{\\text{stride}\\cdot i+k}``,
    ``x_{is+a,\\,js+b}``); None when the subscript is no such list (its plain text was tried first)."""
    from symdl.read.syntax import Group, plain_text  # the reader's nodes: syntax imports nothing of this module

    out: list[str] = []
    k = 0
    while k < len(nodes):
        n = nodes[k]
        if isinstance(n, Group):
            return None
        if n.kind == "space" or n.is_cmd(*_GAPS):
            pass
        elif n.is_cmd(*_TIMES) or n.is_op("*"):
            out.append("*")
        elif n.is_cmd(*_WORDS) and k + 1 < len(nodes) and isinstance(nodes[k + 1], Group):
            word = plain_text(nodes[k + 1].children).replace(" ", "")
            if not word.isalpha():
                return None
            out.append(word)
            k += 1
        elif n.kind in ("letter", "number") or n.is_op("+", "-", ","):
            out.append(n.text)
        else:
            return None
        k += 1
    return linear_positions("".join(out))
