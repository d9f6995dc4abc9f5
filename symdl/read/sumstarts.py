"""Where a sum's index starts and what it runs over, as written: set-builder notation under a sum
(Aggarwal's ``\\sum_{r: r \\neq c(i)}``) and a formula's member at 0 that makes an unwritten start worth a note
(Goh's ``\\sum_i^k`` beside ``w^0``), for :mod:`symdl.read.bigops`."""

from __future__ import annotations

import re

from symdl.read.lexer import Token
from symdl.read.syntax import Node, strip_space


def set_builder_index(sub: list[Node]) -> list[Node]:
    """``r: r \\neq c``, ``j \\mid j \\neq y_i`` (set-builder notation under a sum) as the condition ``r \\neq c``:
    the index written before the colon is the one the condition names first; anything else unchanged."""
    marks = [k for k, n in enumerate(sub) if isinstance(n, Token) and (n.is_op(":") or n.is_cmd("\\mid"))]
    if len(marks) != 1:
        return sub
    before, after = strip_space(sub[: marks[0]]), strip_space(sub[marks[0] + 1 :])
    same = len(before) == 1 and after and isinstance(before[0], Token) and isinstance(after[0], Token) \
        and before[0].text == after[0].text
    return after if same else sub


def zero_member(source: str) -> bool:
    """Does the formula write a member at 0 (``w^{0}``, ``x_0``, ``h^{(0)}``)?  Then a sum with no start
    (``\\sum_i^k``) may mean from 0, and its reading from 1 is noted (Goh's momentum sum beside w^0)."""
    return re.search(r"[_^]\{?\(?0\)?\}?(?![0-9.])", source) is not None
