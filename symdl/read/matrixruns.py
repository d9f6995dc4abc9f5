"""Runs of capitals that are products of matrices: the Matrix Cookbook's ``\\operatorname{tr}(AXBX^T)``.

A run of four letters or more is a word (:mod:`symdl.read.words`) and a capital run written twice an acronym
(``TP``), but when each letter of the run is a matrix the reader knows of, the run is their product, as the Matrix
Cookbook writes it on every page.  A letter is a known matrix when it is declared (``--shape A=3x3``,
``shapes={"A": (3, 3)}``, or a line ``A \\in \\mathbb{R}^{3 \\times 3}``) or, for a capital, written transposed
elsewhere in the formula (``X^T``).  The rule is ``letters-product`` with its reason; where no such evidence is
there, the word and acronym rules still choose one name, noted.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

#: a declaration line's names: ``A \\in \\mathbb{R}^...``, ``A, B \\in \\mathbb{R}^...``, ``\\mathbf{W} \\in ...``
_IN_LINE = re.compile(
    r"((?:(?:\\mathbf\s*\{\s*|\\boldsymbol\s*\{\s*|\\bm\s*\{\s*)?[A-Za-z]\s*\}?\s*,\s*)*"
    r"(?:\\mathbf\s*\{\s*|\\boldsymbol\s*\{\s*|\\bm\s*\{\s*)?[A-Za-z]\s*\}?)\s*\\in\s*\\mathbb\s*\{?\s*R"
)
_BOLD = re.compile(r"^\\(?:mathbf|boldsymbol|bm)\s*\{\s*([A-Za-z])\s*\}$")
_LETTER = re.compile(r"(?<![A-Za-z\\])([A-Za-z])(?![A-Za-z])")


def _letter(name: str) -> str:
    """The Latin letter a declared name spells (``A``, ``\\mathbf{A}``), or ''."""
    name = name.strip()
    if m := _BOLD.match(name):
        return m.group(1)
    return name if len(name) == 1 and name.isascii() and name.isalpha() else ""


def declared_letters(source: str, shapes: Mapping[str, tuple[object, ...]] | None = None) -> set[str]:
    """The Latin letters declared as vectors or matrices: by ``shapes`` (a length or rows × columns, not ``()``)
    or by a line ``A, B \\in \\mathbb{R}^{...}`` of the formula."""
    out = {letter for name, dims in (shapes or {}).items() if len(dims) >= 1 and (letter := _letter(name))}
    for m in _IN_LINE.finditer(source):
        out |= set(_LETTER.findall(re.sub(r"\\[A-Za-z]+", " ", m.group(1))))
    return out


def matrix_run(run: str, declared: set[str], transposed: set[str]) -> str:
    """Why the letters ``run`` (two or more) are a product of matrices, or '' when nothing says so: each letter
    declared, or each a capital declared or written transposed in the formula."""
    if len(run) < 2 or not run.isascii() or not run.isalpha():
        return ""
    if set(run) <= declared:
        return "each letter is a declared vector or matrix (--shape, shapes= or a line \\in \\mathbb{R}^...)"
    if run.isupper() and set(run) <= declared | transposed:
        return "each letter is a matrix, declared or written transposed elsewhere in the formula"
    return ""
