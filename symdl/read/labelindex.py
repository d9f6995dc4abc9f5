r"""A subscript that lists a word and index letters between commas: a labelled family's member.

Papers name a family by a word and index its members in the same subscript: an encoder's weights
``W_{\text{enc},i}``, the positive score of sample i ``s_{i,\text{pos}}``, a context's tokens ``y_{\text{ctx},t}``,
the old policy's parameters ``\theta_{\text{old},k}``.  Read as one name the member would be the same for every i
(under ``\sum_i`` silently one term repeated).  The word is the family's label (as a word superscript is:
``W^{enc}``) and the letters are its indices: ``W_{\text{enc},i}`` is member i of ``W_{enc}`` (noted
``subscript-label-index``).  A word is wrapped (``\text{enc}``, ``\mathrm{pos}``), three letters or more written
bare (``enc``), or a two-letter label papers write bare (SupCon's ``\mathcal{L}^{sup}_{in,i}``: in, gt, fc, bn, lr,
ce, kl); an index is one letter, maybe primed or with an offset (``t-1``).  Positions computed from indices
(``PE_{(pos,2i)}``) and labels that are indexed letters (``x_{n,y_n}``) have rules of their own.
"""

from __future__ import annotations

import re

from symdl.read.commands import NAME_WRAPPERS
from symdl.read.syntax import AtomSpec, Node, plain_text

_WRAPPERS = "|".join(sorted(NAME_WRAPPERS))
#: one word: wrapped in a name command, or three letters or more written bare
_WORD = re.compile(rf"^(?:\\(?:{_WRAPPERS})\s*\{{\s*([A-Za-z]+)\s*\}}|([A-Za-z]{{3,}}|in|gt|fc|bn|lr|ce|kl))$")
#: one index letter, maybe primed, maybe with an offset
_INDEX = re.compile(r"^[A-Za-z]'*(?:[+-]\d+)?$")


def split_label(arg: list[Node]) -> tuple[str, str] | None:
    """``(word, index terms)`` of a subscript listing one word and index letters between commas (module
    docstring), else None: ``\\text{enc},i`` → ``("enc", "i")``, ``t-1,\\text{old}`` → ``("old", "t-1")``."""
    text = plain_text(arg).strip()
    if text.startswith("{") and text.endswith("}"):
        text = text[1:-1]
    parts = [p.strip() for p in text.split(",")]
    if len(parts) < 2:
        return None
    words = [m.group(1) or m.group(2) for p in parts if (m := _WORD.match(p))]
    indices = [p.replace(" ", "") for p in parts if _INDEX.match(p.replace(" ", ""))]
    if len(words) != 1 or len(words) + len(indices) != len(parts):
        return None
    return words[0], ",".join(indices)


def label_name(spec: AtomSpec, word: str) -> None:
    """Make ``word`` part of the name of ``spec`` (``W`` becomes ``W_{enc}``), noted ``subscript-label-index``."""
    spec.base, spec.base_latex = f"{spec.base}_{word}", rf"{spec.base_latex}_{{\text{{{word}}}}}"
    spec.readings += ("subscript-label-index",)
