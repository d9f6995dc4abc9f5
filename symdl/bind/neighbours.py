"""The size of a neighbourhood a sum runs over (GraphSAGE's and GCN's ``\\frac{1}{|\\mathcal{N}(v)|}`` beside
``\\sum_{u \\in \\mathcal{N}(v)}``): the degree, the row sum of the 0/1 adjacency the sum is weighted by
(:mod:`symdl.read.setsums`, ``sum-over-neighbours``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sympy

from symdl.errors import NotSupported
from symdl.read.syntax import placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder


def neighbourhood_size(b: Binder, inner: Any) -> sympy.Basic | None:
    """``|\\mathcal{N}(v)|`` (or ``|\\mathcal{N}_i|``) where a sum runs over that neighbourhood:
    ``\\sum_u \\mathcal{N}_{vu}``, the number of v's neighbours (u over the sum's range); None when ``inner`` is no
    such set; refused for the set's name at anything but one index letter."""
    k = placeholder_id(inner.expr) if isinstance(inner.expr, sympy.Symbol) else None
    p = b.ph.get(k) if k is not None else None
    if p is None or p.kind not in ("call", "atom"):
        return None
    if p.kind == "call":  # GraphSAGE's |\mathcal{N}(v)|
        callee = p.data.get("callee")
        name = callee.spelling if callee is not None else ""
        args = p.data.get("args", ())
        j = placeholder_id(args[0].expr) if len(args) == 1 and isinstance(args[0].expr, sympy.Symbol) else None
        a = b.atoms.get(j) if j is not None else None
        letter = a.base if a is not None and a.sub is None and not a.bold and len(a.base) == 1 else ""
    else:  # GCN's |\mathcal{N}_i|
        atom = p.data["atom"]
        terms = atom.sub.terms if atom.sub is not None else None
        name = atom.spelling[: atom.spelling.find("_")] if "_" in atom.spelling else ""
        letter = terms[0][0] if terms and len(terms) == 1 and terms[0][1] == 0 else ""
    sums = [q for q in b.ph.values() if q.kind == "index" and q.data.get("neighbours") == name]
    if not sums:
        return None
    if not (len(letter) == 1 and letter.isalpha()):
        raise NotSupported(
            f"{b.source[p.span.start : p.span.end]}: the size of a neighbourhood is read only at one "
            "index letter (|\\mathcal{N}(v)|)",
            source=b.source,
            span=p.span,
            hint="write the degree as a sum over the adjacency: \\sum_u \\mathcal{N}_{vu}",
        )
    index = sums[0]
    adjacency = next((k for k, q in b.ph.items() if k in b.atoms and q.span == index.data["adjacency_at"]), None)
    if adjacency is None:  # Hamilton's \sum_{v \in \mathcal{N}(u) \cup \{u\}}: a set the sum reads no array of
        raise NotSupported(
            f"{b.source[p.span.start : p.span.end]}: the size of a neighbourhood whose sum runs over a set built from "
            "it (a union with the node itself) is not read yet",
            source=b.source,
            span=p.span,
            hint="write the self-loop in the adjacency: \\tilde{A} = A + I, and sum over \\tilde{A}'s neighbours",
        )
    u = b.index(b.fresh_letter())
    bound = b.sum_length(index.data["name"], index.data.get("near", ()))
    entry = b.atom(adjacency)  # \mathcal{N}_{vu} as the sum reads it: its array
    if not (isinstance(entry, sympy.Indexed) and len(entry.indices) == 2):
        return None
    return sympy.Sum(entry.base[b.index(letter), u], (u, 1, bound))


def implied_sets(ph: dict[int, Any], sets: dict[str, tuple[str, Any]]) -> dict[str, tuple[str, Any]]:
    """The calligraphic capital of a sum's index letter, for a sum written without bounds or a set (Wang et al.'s
    dueling network, ``\\frac{1}{|\\mathcal{A}|} \\sum_{a'} A(s, a')``): the set the index runs over, so its size
    ``|\\mathcal{A}|`` is the sum's number of terms (noted ``set-of-index``); only a capital the formula writes."""
    unbounded = {p.data.get("index") for p in ph.values() if p.kind == "length"}
    written = {p.data["atom"].spelling.replace(" ", "") for p in ph.values() if p.kind == "atom"}
    out: dict[str, tuple[str, Any]] = {}
    for p in ph.values():
        name = p.data.get("name", "") if p.kind == "index" and not p.data.get("set") else ""
        letter = name.rstrip("'")
        spelling = f"\\mathcal{{{letter.upper()}}}"
        if name in unbounded and len(letter) == 1 and letter.isalpha() and spelling in written and spelling not in sets:
            out.setdefault(spelling, (name, p.data.get("near", ())))
    return out
