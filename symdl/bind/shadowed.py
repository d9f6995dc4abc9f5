r"""``shadowed-index``: a sum nested in another sum over the same letter (the PyTorch NLLLoss docs' weighted mean
``\sum_{n=1}^N \frac{1}{\sum_{n=1}^N w_{y_n} \cdot \mathbb{1}\{y_n \ne c\}} l_n``) runs over an index of its own: the
inner sum's letter is renamed inside it, as mathematics reads a bound variable.  SymPy's ``Sum`` folds a Piecewise
(an indicator) that mentions its variable out of an inner sum over the same symbol, so without the rename the
indicator was tested at the outer n (noted)."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

import sympy

from symdl.bind.sums import fresh_letter, inner_exprs, reachable, used_letters
from symdl.read.syntax import placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder
    from symdl.bind.names import NameRole


def _index_name(b: Binder, s: sympy.Sum) -> tuple[int, str] | None:
    if len(s.limits) != 1:
        return None
    k = placeholder_id(s.limits[0][0])
    p = b.ph.get(k) if k is not None else None
    return (k, p.data["name"]) if p is not None and p.kind == "index" else None


def _sums_inside(b: Binder, e: sympy.Basic) -> list[sympy.Sum]:
    found = list(e.atoms(sympy.Sum))
    for k in reachable(b.ph, e):
        for inner in inner_exprs(b.ph[k]):
            found += list(inner.atoms(sympy.Sum))
    return found


def _renamed(r: NameRole, old: str, new: str) -> NameRole:
    def swap(letter: object) -> object:
        return new if letter == old else letter

    changes: dict[str, object] = {}
    if r.kind == "index" and r.name == old:
        changes["name"] = new
    if r.indices:
        changes["indices"] = tuple((swap(a), off) for a, off in r.indices)
    if r.entry:
        changes["entry"] = (r.entry[0], swap(r.entry[1]))
    if r.positions:
        changes["positions"] = tuple((swap(a), swap(i)) for a, i in r.positions)
    if r.linear:
        changes["linear"] = tuple((tuple((swap(a), c) for a, c in terms), const) for terms, const in r.linear)
    return replace(r, **changes) if changes else r


def rename_shadowed(b: Binder) -> set[int]:
    """Give each sum nested in a sum over the same letter an index of its own (``shadowed-index``, see the module);
    the index placeholders renamed (their atoms' written letters are still the outer sum's)."""
    done: set[int] = set()
    used: set[str] | None = None
    for e in b.exprs:
        for outer in e.atoms(sympy.Sum):
            got = _index_name(b, outer)
            if got is None:
                continue
            for inner in _sums_inside(b, outer.function):
                mine = _index_name(b, inner)
                if mine is None or mine[1] != got[1] or mine[0] in done or mine[0] == got[0]:
                    continue
                used = used_letters(b.ph) if used is None else used
                new = fresh_letter(used)
                used.add(new)
                done.add(mine[0])
                b.ph[mine[0]].data["name"] = new
                for k in reachable(b.ph, inner.function) | {mine[0]}:
                    if k in b.roles:
                        b.roles[k] = _renamed(b.roles[k], got[1], new)
                b._note("shadowed-index", b.ph[mine[0]].span, old=got[1], new=new)
    return done
