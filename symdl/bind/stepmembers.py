"""A family's member at a sum's upper bound: AdaGrad's ``g_t`` beside ``\\sum_{s=1}^t g_s^2`` (Duchi et al., Ruder,
Goodfellow et al. sec. 8.5.1).

A sum over s from 1 to t adds up the members g_s of a family up to t; the name ``g_t`` written beside it is that
family's member at t, the last one the sum adds (the current step's gradient), not a name of its own.  t is then
the value the sum's bound takes (an integer input), never an index the result varies over.  The same holds for
every position of a subscript (``g_{t,i}`` beside ``g_{s,i}``: member (t, i)) and for a Greek index
(``g_t`` beside ``\\sum_{\\tau=1}^t g_\\tau^2``).  With no bound written (``\\sum_i g_i^2`` beside ``g_t``) the sum
runs over every entry of g: the past steps or the coordinates of one vector, a reader cannot tell which; refused.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy

from symdl.bind.names import NameRole, base_name, family_key, is_bare
from symdl.errors import NotSupported
from symdl.read.syntax import AtomSpec, Placeholder, placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder

#: a sum's index → the letter of its upper bound (``s`` → ``t`` in ``\sum_{s=1}^t``); "" for no bound written
Bounds = dict[str, str]


def sum_bounds(placeholders: dict[int, Placeholder], exprs: list[sympy.Basic]) -> Bounds:
    """Every sum's (and product's) index with the letter its upper bound is (a bare name), or "" when a sum has no
    bound written.  A product ending at t (DDPM's ``\\bar{\\alpha}_t = \\prod_{i=1}^{t} \\alpha_i``) bounds its family's
    member ``\\alpha_t`` as a sum does."""
    out: Bounds = {}
    for e in exprs:
        for s in e.atoms(sympy.Sum, sympy.Product):
            for limit in s.limits:
                k, hi = placeholder_id(limit[0]), placeholder_id(limit[2])
                if k is None or k not in placeholders or placeholders[k].kind != "index" or hi not in placeholders:
                    continue
                p = placeholders[hi]
                a = p.data.get("atom") if p.kind == "atom" else None
                if p.kind == "length" and isinstance(s, sympy.Sum):
                    out.setdefault(placeholders[k].data["name"], "")
                elif a is not None and is_bare(a) and not a.transpose:
                    out[placeholders[k].data["name"]] = a.base
    return out


def _summed_positions(atoms: dict[int, AtomSpec], bounds: Bounds) -> dict[tuple[object, ...], list[tuple]]:
    """Family identity → (its subscript's letters, the position of the summed index, the index) per member written
    with a sum's index."""
    out: dict[tuple[object, ...], list[tuple]] = {}
    for a in atoms.values():
        terms = a.sub.terms if a.sub is not None and a.sub.terms else ()
        for pos, (letter, off) in enumerate(terms):
            if letter in bounds and off == 0:
                out.setdefault(a.family_key_parts(), []).append(
                    (tuple(x for x, _ in terms), pos, letter))
    return out


def _match(a: AtomSpec, members: list[tuple], bounds: Bounds, taken: set[str]) -> tuple[int, str] | None:
    """(position, the sum's index) where ``a``'s subscript has the letter a sum over its family runs up to (or, for
    a sum with no bound, a step letter no sum binds)."""
    terms = a.sub.terms if a.sub is not None and a.sub.terms else ()
    for letters, pos, index in members:
        if len(letters) != len(terms) or any(x != y for n, (x, y) in enumerate(zip(letters, (t for t, _ in terms),
                                                                                   strict=True)) if n != pos):
            continue
        letter = terms[pos][0]
        if letter in taken or letter == index:
            continue
        if bounds[index] == letter or (bounds[index] == "" and letter == _STEP):
            return pos, index
    return None


#: the step letter: a sum with no bound beside the family's member at it is refused
_STEP = "t"


def bound_members(b: Binder) -> dict[int, str]:
    """Rewrite the roles of the members at a sum's bound (``g_t`` beside ``\\sum_{s=1}^t g_s^2``) into family entries
    whose step position is the bound's value; returns atom → the sum's index (for the note).  Letters that are indices
    (bound by a sum, i, j, k) are left to the family-entry rules."""
    bounds = sum_bounds(b.ph, b.exprs)
    if not bounds:
        return {}
    taken = set(b.letters) | set(b.sum_names)
    members = _summed_positions(b.atoms, bounds)
    products = {b.ph[k].data["name"] for e in b.exprs for pr in e.atoms(sympy.Product) for lim in pr.limits
                if (k := placeholder_id(lim[0])) in b.ph and b.ph[k].kind == "index"}
    stepped = {a.family_key_parts() for a in b.atoms.values()  # x_{t-1} under \prod_t: shifted by the index
               if a.sub is not None and any(off != 0 and x in products for x, off in a.sub.terms or ())}
    out: dict[int, str] = {}
    for k, a in b.atoms.items():
        if a.family_key_parts() not in members or a.sample or a.transpose or a.sub is None or a.sub.entry:
            continue
        found = _match(a, members[a.family_key_parts()], bounds, taken)
        if found is None:
            continue
        pos, index = found
        if index in products and a.family_key_parts() in stepped:
            continue  # Ho et al.'s x_T beside \prod_{t=1}^T p(x_{t-1}|x_t): a chain's states, names of their own
            # (NAdam's \mu_{t+1} beside \prod_{i=1}^{t+1} \mu_i, shifted from the bound, is the family's member)
        if bounds[index] == "":
            raise NotSupported(
                f"{a.spelling} beside a sum over {index} with no upper bound written over the same family: the sum "
                f"may run over the past steps up to {_STEP} (then {a.spelling} is its last member) or over the "
                "entries of one vector",
                source=b.source,
                span=b.ph[k].span,
                hint=f"write the range, \\sum_{{{index}=1}}^{{{_STEP}}}, for the past steps; for a name of its own "
                f"write {a.base_latex}_{{\\text{{{_STEP}}}}}",
            )
        terms = a.sub.terms
        b.bound_values.add(terms[pos][0])
        b.roles[k] = NameRole("family", base_name(a), family_key(a, ""), terms)
        out[k] = index
    return out
