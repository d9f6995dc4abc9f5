r"""Two names that may be one object (noted, never merged silently).

``capital-member``: a name subscripted by a count's capital beside a family of the same letter: NCSN's
``\sigma_i^2 / \sigma_L^2`` (the noise levels \sigma_1 > \dots > \sigma_L), ``x_N`` beside ``x_n``.  symdl reads
``\sigma_L`` as a name of its own, a number the caller gives; the author may mean the family's member L (its last),
and the two readings agree only when the caller passes that member.

``overline-whole``: an overlined name used whole beside the entries of its letter (Aggarwal's RBM
``E(\overline{h}, \overline{v}) = -\sum_i b_i^{(v)} v_i - \dots``): Aggarwal writes vectors with an overline, so
``\overline{v}`` may be the vector whose entries the ``v_i`` are; symdl reads it as a name of its own."""

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


def note_overline_wholes(b: Binder) -> None:
    """Note each overlined name, set nowhere, whose plain letter the formula reads by entries (see the module)."""
    families = {(a.base, a.bold) for k, a in b.atoms.items() if b.roles[k].kind == "family" and not a.decorations}
    defined = {b.source[st.sides[0].span.start : st.sides[0].span.end].strip() for st in b.rr.statements
               if len(st.sides) == 2}
    noted: set[str] = set()
    for k, a in sorted(b.atoms.items()):
        if (not a.spelling.startswith("\\overline") or a.decorations != ("bar",) or a.sub is not None
                or (a.base, a.bold) not in families or a.spelling in noted or a.spelling in defined or k not in b.ph):
            continue
        noted.add(a.spelling)
        b._note("overline-whole", b.ph[k].span, name=a.spelling, letter=a.base_latex)
