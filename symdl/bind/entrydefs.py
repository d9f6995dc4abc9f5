r"""Entry definitions by their index letters: HiPPO's (Gu et al. 2020) ``\boldsymbol{A}_{nk} = -\begin{cases}
(2n+1)^{1/2}(2k+1)^{1/2} & \text{if } n > k \\ n+1 & \text{if } n = k \\ 0 & \text{if } n < k \end{cases}``.

A left side whose subscript is two or more different lower-case letters (``A_{nk}``, ``A_{n,k}``), each written as
a bare letter on the right side (``2n+1``, ``n > k``), defines the entries of a matrix: its letters are indices,
the name is entry (n, k) of A, and the right side computes it from the values of n and k (as ``A_{ij} = i + j``
reads already).  Without this, a subscript mixing k with a letter that is no conventional index read as a label
(PyTorch's ``W_{ih}``): one name ``A_{nk}``.  ``W_{ih} x`` (h never written bare) and Goodfellow's
``C_{i,j} = \sum_k A_{i,k} B_{k,j}`` (no bare i or j) stay as they were.
"""

from __future__ import annotations

from typing import Any

from symdl.read.syntax import AtomSpec, Placeholder, placeholder_id


def _bare(a: AtomSpec) -> bool:
    """A plain lower-case Latin letter with nothing attached (``n`` of ``2n+1``)."""
    return (len(a.base) == 1 and a.base.islower() and a.base.isascii() and not (a.greek or a.word or a.bold)
            and a.sub is None and not a.decorations and not a.sample and a.layer is None and not a.transpose)


def _letters(a: AtomSpec) -> list[str] | None:
    """The subscript letters of a left side that may be entry indices (two or more different lone letters)."""
    terms = a.sub.terms if a.sub is not None else None
    if not terms or len(terms) < 2 or a.sub is None or a.sub.linear is not None or a.sample or a.layer is not None:
        return None
    letters = [letter for letter, offset in terms]
    if any(offset != 0 for _, offset in terms) or len(set(letters)) != len(letters):
        return None
    if not all(len(x) == 1 and x.islower() and x.isascii() for x in letters):
        return None
    return letters


def defined_entries(statements: list[Any], ph: dict[int, Placeholder]) -> dict[int, list[str]]:
    """The left sides that define entries (module docstring), over every statement → their subscript letters."""
    out: dict[int, list[str]] = {}
    for st in statements:
        if st.relation not in ("=", "define") or len(st.sides) != 2:
            continue
        k = placeholder_id(st.sides[0].expr)
        p = ph.get(k) if k is not None else None
        if p is None or p.kind != "atom" or (letters := _letters(p.data["atom"])) is None:
            continue
        bare = {q.data["atom"].base for q in ph.values() if q.kind == "atom" and _bare(q.data["atom"])
                and p.span.end <= q.span.start and q.span.end <= st.span.end}
        if set(letters) <= bare:
            out[p.id] = letters
    return out
