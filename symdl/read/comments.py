"""Comments of pasted code and pseudo-code, set aside as prose: a comment is never maths.

* Python's ``#`` to the end of its line after code (cs231n's ``dsigmoid = s * (1 - s) * dout  # s = 1/(1+np.exp(-x))``,
  a shape remark ``# (n_experts,)``): noted ``code-comment``.
* A whole line that is a comment, ``# backprop f = (x+y)*z`` above cs231n's staged backprop, or ``// update`` above
  a Rust doc's lines: ``#`` or ``//`` at the start of a line, then a space, among lines of code (noted
  ``comment-line``).
* C's, Rust's and JavaScript's ``//`` after code when what follows it to the end of the line is words
  (``u_t = m̂_t / (√v̂_t + ε) + λ·θ_{t-1}        // raw update``, the rlx-optim docs' LAMB): noted ``code-comment``.
  Python's floor division ``a // b``, ``(epoch // decay_t)`` has an operand after it, not words, and keeps its reading.
* When every line of the paste is commented (a blog's ``// e_ij = LeakyReLU(a^T [W h_i || W h_j])``), the comment
  markers only carry the formula out of a code file: they are dropped and the lines read (noted
  ``commented-formula``).

A ``#`` first on its line right before a word with no space (``#params = ...``, the count sign) is not a comment: it
is refused by name (after code, ``x + 1  #note`` is Python's comment).  TeX's escaped ``\\#`` and a formula with a
TeX command before the ``#`` are left to TeX's reading.
"""

from __future__ import annotations

import re

from symdl.errors import InvalidInput, Span
from symdl.read.pasted import Pasted, blank_span

#: Python's comment: a '#' that TeX does not escape (TeX's \# is a literal sign), to the end of its line
_HASH = re.compile(r"(?<!\\)#[^\n]*")

#: a line that is a comment: '#' or '//' first on the line, then a space (or the line's end)
_LINE = re.compile(r"^[ \t]*(#|//)(?=[ \t]|$)[^\n]*", re.MULTILINE)

#: '//' after code with words after it to the end of the line: prose, two words or more of two letters or more
_SLASHES = re.compile(r"(?<=\s)//[ \t]+[A-Za-z]{2,}(?:[ \t]+[A-Za-z][A-Za-z'-]*)+[ \t]*$", re.MULTILINE)

#: the count sign: '#' right before a word, first on its line (#params = ..., #layers); after code, Python's #comment
_COUNT = re.compile(r"^[ \t]*(#)(?=[A-Za-z])", re.MULTILINE)


def _commented_formula(source: str) -> tuple[str, list[Pasted]] | None:
    """Every non-blank line commented with one marker: the lines with their markers blanked, noted once."""
    lines = [m for m in re.finditer(r"[^\n]+", source) if m.group(0).strip()]
    found = [_LINE.match(source, m.start()) for m in lines]
    if not lines or any(f is None or f.end() != m.end() for f, m in zip(found, lines, strict=True)):
        return None
    markers = {f.group(1) for f in found if f is not None}
    if len(markers) != 1:
        return None
    marker = markers.pop()
    notes: list[Pasted] = []
    for f in found:
        assert f is not None
        at = f.start(1)
        source = blank_span(source, at, at + len(marker))
        notes.append(("commented-formula", Span(at, at + len(marker)), {"marker": marker, "plain": marker}))
    return source, notes[:1]


def _refuse_count(source: str) -> None:
    """``#params``: the count sign, which no comment starts (a comment's '#' is followed by a space)."""
    m = _COUNT.search(source)
    if m is not None and "\\" not in source[: m.start()]:
        raise InvalidInput(
            "a '#' right before a word is the count sign (#params, the number of parameters), which symdl does not "
            "read; a comment's '#' has a space after it",
            source=source,
            span=Span(m.start(1), m.start(1) + 1),
            hint="name the count (n_params), or put a space after # if the rest of the line is a comment",
        )


def blank_comments(source: str) -> tuple[str, list[Pasted]]:
    """``source`` with the comments of pasted code blanked (see the module's doc), and a note for each; the blanks
    keep every other position where it was."""
    whole = _commented_formula(source)
    if whole is not None:
        return whole
    notes: list[Pasted] = []
    code_lines = [ln for ln in source.split("\n") if ln.strip() and not _LINE.match(ln)]
    if code_lines and not any("\\" in ln for ln in code_lines):
        for m in list(_LINE.finditer(source)):
            text = m.group(0).strip()
            notes.append(("comment-line", Span(m.start(), m.end()), {"comment": text, "plain": text}))
            source = blank_span(source, m.start(), m.end())
    _refuse_count(source)
    for m in [*_HASH.finditer(source), *_SLASHES.finditer(source)]:
        if "\\" in source[: m.start()] or not source[: m.start()].strip():
            continue
        text = m.group(0).strip()
        notes.append(("code-comment", Span(m.start(), m.end()), {"comment": text, "plain": m.group(0)}))
        source = blank_span(source, m.start(), m.end())
    return source, notes
