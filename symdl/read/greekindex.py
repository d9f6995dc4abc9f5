"""A Greek letter as a sum's index: optimizer papers sum over past steps with τ (AdaGrad's
``\\sum_{\\tau=1}^t g_\\tau^2``), RL texts discount with it (``\\sum_{\\tau=0}^{T} \\gamma^\\tau r_\\tau``).

Such an index reads as a Latin one does: the sum binds the letter's ASCII name (``tau``), and a subscript that is
that letter alone, maybe plus or minus a number (``g_\\tau``, ``g_{\\tau-1}``), indexes a family over it (rewritten by
the binder, :func:`symdl.bind.greeksums.greek_subscripts`, only when some sum runs over the letter: ``p_\\theta``
with no sum over θ keeps its label).  A Greek letter that is a value (π) is never an index.
"""

from __future__ import annotations

import re

from symdl.read.commands import GREEK, GREEK_CONSTANTS

#: lower-case Greek letters a sum may run over (π is a value; capitals name matrices and sets)
GREEK_INDICES = frozenset(g for g in GREEK if g.islower()) - GREEK_CONSTANTS  # ESL's \sum_{\ell=1}^K e^{T_\ell}
_ALTERNATION = "|".join(sorted(GREEK_INDICES, key=len, reverse=True))
#: a sum's index: one Latin letter or one of :data:`GREEK_INDICES`, primed or not (i, k', s’, \tau); anything else
#: would bind a variable named after its spelling, while the body's subscripts keep reading their letters
INDEX = re.compile(r"(?:[A-Za-z]|\\(?:" + _ALTERNATION + r")(?![A-Za-z]))(?:'|’|\\prime)*\Z")
#: a subscript that is one Greek letter, maybe plus or minus a number: \tau, \tau-1, {\tau + 1}
GREEK_TERM = re.compile(r"^\{?\\(" + _ALTERNATION + r")(?![A-Za-z])([+-]\d+)?\}?$")


def index_name(spelling: str) -> str:
    """The name a sum binds: ``\\tau`` → ``tau`` (the atom ``\\tau`` has that base), a Latin letter unchanged."""
    m = re.match(r"\\(" + _ALTERNATION + r")(?![A-Za-z])", spelling)
    return spelling[1:] if m else spelling


def greek_term(text: str) -> tuple[str, int] | None:
    """``(letter, offset)`` of a subscript that is one index-Greek letter with an optional offset, else None."""
    m = GREEK_TERM.match(text.replace(" ", ""))
    return (m.group(1), int(m.group(2) or 0)) if m else None
