r"""A name subscripted by a count's capital beside a family of the same letter: NCSN's ``\sigma_i^2 / \sigma_L^2`` (the
noise levels \sigma_1 > \dots > \sigma_L), ``x_N`` beside ``x_n``.  symdl reads ``\sigma_L`` as a name of its own, a
number the caller gives; the author may mean the family's member L (its last).  Noted (``capital-member``), since the
two readings agree only when the caller passes that member."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from symdl.bind.binder import Binder

#: the capitals a count takes (a number of layers, steps, samples, classes, levels)
COUNT_CAPITALS = frozenset("LNTKMDJ")


def note_capital_members(b: Binder) -> None:
    """Note each name subscripted by a count's capital whose letter is also a family indexed by a letter."""
    families = {(a.base, a.bold, a.decorations) for k, a in b.atoms.items() if b.roles[k].kind == "family"}
    noted: set[str] = set()
    for k, a in sorted(b.atoms.items()):
        text = a.sub.text.strip("{} ") if a.sub is not None else ""
        if (b.roles[k].kind != "scalar" or len(text) != 1 or text not in COUNT_CAPITALS or a.spelling in noted
                or (a.base, a.bold, a.decorations) not in families or k not in b.ph):
            continue
        noted.add(a.spelling)
        b._note("capital-member", b.ph[k].span, name=a.spelling, family=a.base_latex, count=text)
