"""Index letters that label a name the formula also writes with a label letter: MoCo's key encoder
``\\theta_k \\leftarrow m\\theta_k + (1 - m)\\theta_q`` beside the query encoder's ``\\theta_q`` are two parameter
vectors, not entry k of a family θ beside a separate θ_q (noted ``subscript-label``)."""

from __future__ import annotations

from collections.abc import Set
from typing import Any

#: lower-case subscript letters that count or step (t, s), layer (l) or size (n, m, b): never a sibling's label
_COUNTING = frozenset({"t", "s", "l", "n", "m", "b"})


def sibling_labels(placeholders: dict[int, Any], bound: Set[str], indices: Set[str]) -> dict[str, list[Any]]:
    """The unbound letters of ``indices`` that subscript a name the formula also subscripts by a label letter (no
    index, step, layer or size letter, unbound) → the atoms they label."""
    by_name: dict[object, list[tuple[str, Any]]] = {}
    for p in placeholders.values():
        a = p.data["atom"] if p.kind == "atom" else None
        terms = a.sub.terms if a is not None and a.sub is not None and a.sub.terms else ()
        if (a is not None and len(terms) == 1 and terms[0][1] == 0 and len(a.sub.text) == 1 and a.sub.text.islower()
                and not (a.base[:1].isupper() and not a.greek)):  # a Latin capital's letter labels it already
            # (W_q, W_k: capital_labels); a Greek capital's does here (Ng's gates \Gamma_f beside \Gamma_i)
            by_name.setdefault((a.base, a.bold, a.decorations), []).append((a.sub.text, p))
    out: dict[str, list[Any]] = {}
    for subs in by_name.values():
        letters = {letter for letter, _ in subs}
        if letters & bound:
            continue  # SupCon's z_i · z_p beside \sum_a z_a: a family, its letters members (p the positive)
        if letters - indices - _COUNTING - bound:
            for letter, p in subs:
                if letter in indices and letter not in bound:
                    out.setdefault(letter, []).append(p)
    return out
