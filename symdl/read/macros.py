r"""``macro-name``: a command the document defines for itself, read as the word it names.

Library docs and papers define macros for their names and typeset every formula with them: the oneDNN developer
guide writes ``\dst(n, c, h, w) = \src(n, c, h, w) \cdot ...`` and ``\diffgamma(c) = \sum ...`` (its Doxygen
defines ``\dst`` as dst), the MXNet docs ``\DeclareMathOperator{softmax}{softmax}`` then ``\softmax(pred)``.  A
command symdl does not know, of three or more lower-case letters, followed by a bracket (a call or an entry), is
read as that word called (``\operatorname{dst}(n, c, h, w)``, noted ``macro-name``); a known function's name
(``\softmax``) is that function (``macro-function``, :mod:`symdl.read.expr`).  A line
``\DeclareMathOperator{\name}{text}`` (or ``{name}``) declares such a word and is left out, noted.  Commands that
are no word (``\vx``), are written without a bracket,
or that symdl refuses on purpose keep their own errors, as do misspelt commands (``\tahn(x)``: did you mean
``\tanh``?).
"""

from __future__ import annotations

import re

from symdl.errors import Span
from symdl.read.lexer import Token
from symdl.read.pasted import Pasted

#: a macro's name: three or more lower-case letters (two-letter macros are a bold letter's shorthand, \vx, \bx)
_WORD = re.compile(r"\\([a-z]{3,})")
#: ``\DeclareMathOperator{\softmax}{softmax}``, ``\DeclareMathOperator*{\argmax}{arg\,max}``, MXNet's unbackslashed
#: ``{softmax}{softmax}``, and the line break after it
_DECLARE = re.compile(r"\\DeclareMathOperator\*?\s*\{\s*\\?([A-Za-z]+)\s*\}\s*\{[^{}]*\}[ \t]*(?:\\\\)?[ \t]*\n?")


def declared_operators(source: str) -> tuple[str, list[Pasted]]:
    """``source`` with each ``\\DeclareMathOperator`` blanked (spaces keep the spans), and the notes."""
    notes: list[Pasted] = []

    def blank(m: re.Match[str]) -> str:
        notes.append(("macro-declared", Span(m.start(), m.end()), {"name": m.group(1), "plain": m.group(0)}))
        return re.sub(r"[^\n]", " ", m.group(0))

    return _DECLARE.sub(blank, source), notes


def macro_word(name: str, nodes: list, i: int) -> bool:
    """Is the unknown command ``\\name`` at ``nodes[i]`` a macro's word (see the module): three or more lower-case
    letters, close to no command symdl knows (not a misspelling), then a parenthesis (after spaces or a
    ``\\left``)?"""
    from symdl.read.hints import did_you_mean  # here: hints reads the reader's tables

    if _WORD.fullmatch("\\" + name) is None or did_you_mean("\\" + name).startswith("did you mean"):
        return False  # \tahn(x), \sigmoi(x): a misspelt command, its error says which
    j = i + 1
    while j < len(nodes) and isinstance(nodes[j], Token) and (nodes[j].kind == "space" or nodes[j].is_cmd("\\left")):
        j += 1
    return j < len(nodes) and getattr(nodes[j], "kind", None) == "paren"
