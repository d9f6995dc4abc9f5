r"""A plain name subscripted by the step letter t beside the same name at an index (Goldberg's pairwise ranking
loss ``\hat{\mathbf{y}}_{[t]} - \hat{\mathbf{y}}_{[k]}``: the scores of the true class t and of a class k).

symdl reads a lone ``x_t`` as the quantity at step t, a number of its own (rule ``time`` in
:func:`symdl.bind.names.role`), and ``x_k`` as member k of the family x.  Written side by side, they would be two
unrelated objects, silently: ``y_t`` is entry t of the same vector as ``y_k`` (rule ``step-letter-entry``, noted).
The family must be the plain name with one plain index letter that no sum or product runs over (DDPM's ``\alpha_t``
beside ``\prod_{i=1}^{t} \alpha_i`` is ``member-at-sum-bound``'s; NAdam's ``\mu_t`` beside ``\prod_i \mu_i`` keeps
its reading), no label, no prime (``W_{t'}`` and ``\eta^i_{min}`` keep their readings); bold
names (families of vectors) keep theirs; and so does a recurrence (``x_t = x_{t-1} - \gamma_t y_t`` beside
``\frac{1}{t}\sum_i x_i``: the update's steps stay steps).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from symdl.bind.names import NameRole, base_name, family_key
from symdl.read.syntax import placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder
    from symdl.read.syntax import AtomSpec


def _plain_member(a: AtomSpec) -> bool:
    """A name with one subscript letter and nothing else (``\\mu_i``, ``\\hat{y}_k``)."""
    terms = a.sub.terms if a.sub is not None else None
    return (bool(terms) and len(terms) == 1 and not (a.bold or a.layer or a.sample or a.primes or a.transpose)
            and "'" not in terms[0][0])


def _stepped(b: Binder) -> set[tuple[object, ...]]:
    """The families a statement sets at a step (``x_t = x_{t-1} - ...``, ``m_t \\leftarrow ...``): recurrences."""
    out = set()
    for st in b.rr.statements:
        k = placeholder_id(st.sides[0].expr) if len(st.sides) > 1 else None
        if k is not None and k in b.atoms and b.roles[k].kind == "time":
            out.add(b.atoms[k].family_key_parts())
    return out


def step_entries(b: Binder) -> None:
    """Make each plain ``x_t`` (``x_{t+1}``) an entry of the family x that the formula indexes elsewhere by one
    other letter (see the module); noted ``step-letter-entry``."""
    families = {b.atoms[k].family_key_parts(): (k, r) for k, r in b.roles.items()
                if r.kind == "family" and len(r.indices) == 1 and r.indices[0][1] == 0 and r.indices[0][0] != "t"
                and r.indices[0][0] not in b.sum_names  # \prod_{i=1}^{t} \alpha_i: member-at-sum-bound's
                and not getattr(r, "label", "") and _plain_member(b.atoms[k])}
    stepped = _stepped(b)
    made: list[int] = []
    for k, r in list(b.roles.items()):
        a = b.atoms[k]
        if r.kind not in ("scalar", "time") or not _plain_member(a) or a.sub.terms[0][0] != "t":  # type: ignore[union-attr]
            continue
        found = families.get(a.family_key_parts())
        if found is None or (r.kind == "time" and a.family_key_parts() in stepped):
            continue
        j, family = found
        b.roles[k] = replace(family, indices=(a.sub.terms[0],))  # type: ignore[union-attr]
        b._note("step-letter-entry", b.ph[k].span, name=a.spelling, other=b.atoms[j].spelling,
                letter=family.indices[0][0], index=a.sub.text)  # type: ignore[union-attr]
        made.append(k)
    if made:
        _others_at_t(b, made[0])


def _others_at_t(b: Binder, first: int) -> None:
    """Once t indexes a family (IMPALA's a_t beside a_i), every other plain name at t in the formula is a family's
    entry at t too (its \rho_t: one value per t, as the a_t it is computed from), noted ``step-letter-entry``."""
    for k, r in list(b.roles.items()):
        a = b.atoms[k]
        if r.kind != "scalar" or not _plain_member(a) or a.sub.terms != (("t", 0),):  # type: ignore[union-attr]
            continue
        b.roles[k] = NameRole("family", base_name(a), family_key(a, ""), (("t", 0),))
        b._note("step-letter-entry", b.ph[k].span, name=a.spelling, other=b.atoms[first].spelling, letter="t",
                index="t")
