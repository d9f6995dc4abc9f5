r"""The letters a statement's left side takes as parameters: ``P(o \mid c) = ...`` takes o and c, Dumoulin et al.'s
``\mathrm{CIN}(x; s) = \gamma^s (\dots) + \beta^s`` takes x and s.  Such a letter written as a whole subscript or
superscript of another name on the right (word2vec's ``v_c``, the style's ``\gamma^s``) picks that name's member
for the argument: an index, never a label or a power.
"""

from __future__ import annotations

import functools
import re

#: a statement's start, a name (a letter, a command, a wrapped word; maybe subscripted), its parenthesis, a relation
_LEFT_CALL = re.compile(
    r"(?:^|\\\\|\n|\\quad|;\s)\s*(?:\\[A-Za-z]+\s*\{[^{}]*\}|\\[A-Za-z]+|[A-Za-z]+)\s*"
    r"(?:_\s*(?:\{(?:[^{}]|\{[^{}]*\})*\}|\\?\w+)\s*)?"
    r"(?:\\left\s*)?\(([^()]*)(?:\\right\s*)?\)\s*(?:=|:=|\\equiv|\\coloneqq|\\triangleq|\\doteq)")
_SEPARATORS = re.compile(r",|;|\\mid|\||\\vert")


@functools.lru_cache(maxsize=64)
def parameter_letters(source: str) -> frozenset[str]:
    """The single Latin letters left sides take as parameters (see the module)."""
    out = set()
    for m in _LEFT_CALL.finditer(source):
        for part in _SEPARATORS.split(m.group(1)):
            part = part.strip()
            if re.fullmatch(r"[A-Za-z]", part):
                out.add(part)
    return frozenset(out)


def a_function(letter: str, source: str) -> bool:
    """Is the one letter ``letter`` a function of the formula: applied somewhere (``f(x_i)``) or a parameter a left
    side takes (``\\Delta(f) = ...``)?  Hardt & Recht's risks ``R[f]``, ``R_S[f]`` take such a predictor."""
    return letter in parameter_letters(source) or re.search(
        rf"(?<![A-Za-z\\]){re.escape(letter)}\s*(?:\\left\s*)?\(", source) is not None
