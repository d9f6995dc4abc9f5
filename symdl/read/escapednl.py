r"""``escaped-newline``: code pasted as a string literal, its line breaks written ``\n`` (copied from a notebook's
JSON, a Python string's repr, an API's response): cs231n's ``dW = np.dot(X.T, dscores)\ndW += reg*W``.

TeX reads ``\ndW`` as an unknown command.  A ``\n`` that starts no command TeX or symdl knows (``\nabla``, ``\neq``,
``\nu``, ``\not`` keep theirs), in a formula with a statement (``=``), is the line break it stood for: replaced by a
real one (the same two characters' room, so every span stays), and noted."""

from __future__ import annotations

import functools
import re

from symdl.errors import Span
from symdl.read.pasted import Pasted

#: TeX's commands that start with n, read or refused by name elsewhere (not all of them are symdl's)
_TEX_N = frozenset({
    "nabla", "neq", "ne", "nu", "not", "ni", "neg", "newline", "nolimits", "nonumber", "nleq", "ngeq", "nmid",
    "natural", "nexists", "notin", "nsim", "ncong", "nparallel", "nsubseteq", "nsupseteq", "nleftarrow",
    "nrightarrow", "newcommand", "norm", "nicefrac", "normalsize", "noindent", "nLeftarrow", "nRightarrow",
    "nleqslant", "ngeqslant", "nless", "ngtr", "nprec", "nsucc", "nearrow", "nwarrow", "nobreak", "nshortmid",
})
_ESCAPED = re.compile(r"\\n(?![A-Za-z])|\\n([A-Za-z]+)")


@functools.cache
def _known() -> frozenset[str]:
    from symdl.read.hints import known_commands  # here: hints imports the reader's tables

    return frozenset(c.lstrip("\\") for c in known_commands()) | _TEX_N


def _command(rest: str) -> bool:
    """Does ``\\n`` followed by the letters ``rest`` start a command (``\\nabla``, ``\\neq x``; not ``\\ndW``)?"""
    word = "n" + rest
    return any(word == c or (word.startswith(c) and not word[len(c)].islower()) for c in _known()
               if c.startswith("n")) or word in _known()


def escaped_newlines(source: str) -> tuple[str, list[Pasted]]:
    """``source`` with each escaped line break made a real one, and an ``escaped-newline`` note for the first."""
    if "\\n" not in source or "=" not in source:
        return source, []
    cuts = [m.start() for m in _ESCAPED.finditer(source) if m.group(1) is None or not _command(m.group(1))]
    if not cuts:
        return source, []
    chars = list(source)
    for at in cuts:
        chars[at : at + 2] = ["\n", " "]
    notes: list[Pasted] = [("escaped-newline", Span(cuts[0], cuts[0] + 2), {"plain": "\\n", "count": str(len(cuts))})]
    return "".join(chars), notes
