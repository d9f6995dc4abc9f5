"""Subscripts that are a Greek sum index (``g_\\tau`` under ``\\sum_{\\tau=1}^t``): index terms, as ``g_i`` has.

The reader keeps a Greek subscript as a label (``p_\\theta``, ``\\sigma_\\phi``: names); once some sum of the
formula runs over the letter, the subscript ``\\tau`` (or ``\\tau-1``) is that index, so ``g_\\tau`` is the entry τ
of the family g, by the rules a Latin index follows (:mod:`symdl.bind.names`).
"""

from __future__ import annotations

import re
from dataclasses import replace

from symdl.errors import NotSupported
from symdl.read.greekindex import greek_term
from symdl.read.syntax import Placeholder, SubscriptSpec


def greek_subscripts(placeholders: dict[int, Placeholder], source: str) -> set[str]:
    """Rewrite, in place, the atoms whose whole subscript is a Greek letter a sum binds into index terms; returns
    the Greek indices found (empty when no sum runs over a Greek letter: nothing changes).  A subscript with that
    letter among others (``g_{t-\\tau}``, ``g_{\\tau,j}``) is refused by name: kept as a label, it would be one
    name the sum adds up the same for every τ."""
    greek = {p.data["name"].rstrip("'") for p in placeholders.values() if p.kind == "index"}
    found: set[str] = set()
    for p in placeholders.values():
        a = p.data.get("atom") if p.kind == "atom" else None
        if a is None or a.sub is None or a.sub.terms is not None or a.sub.entry is not None:
            continue
        term = greek_term(a.sub.text)
        terms = _with_latin(a.sub.text, greek) if term is None else None
        if term is not None and term[0] in greek:
            p.data["atom"] = replace(a, sub=SubscriptSpec(a.sub.text, (term,)))
            found.add(term[0])
        elif terms is not None:  # g_{\tau,i}: the Greek index and Latin letters, one per position
            p.data["atom"] = replace(a, sub=SubscriptSpec(a.sub.text, terms))
            found.update(t for t, _ in terms if t in greek)
        elif greek & set(re.findall(r"(?<=\\)[A-Za-z]+", a.sub.text)):
            raise NotSupported(
                f"the sum's Greek index among other letters in the subscript of {a.spelling}: only the index alone, "
                "maybe plus or minus a number, reads (g_\\tau, g_{\\tau-1})",
                source=source,
                span=p.span,
                hint="write the subscript as the index alone (\\sum_{\\tau=1}^{t} \\beta^{t-\\tau} g_\\tau for "
                "g_{t-\\tau} summed backwards), or a Latin index where the subscript has several",
            )
    return found


_LATIN = re.compile(r"^([A-Za-z])([+-]\d+)?$")


def _with_latin(text: str, greek: set[str]) -> tuple[tuple[str, int], ...] | None:
    """The terms of a subscript of comma-separated positions, one of them a summed Greek index and the others a Latin
    letter each, maybe plus or minus a number (Ruder's ``g_{\\tau,i}``, coordinate i at step τ), else None."""
    parts = text.replace(" ", "").strip("{}").split(",")
    terms: list[tuple[str, int]] = []
    for part in parts:
        term = greek_term(part)
        m = _LATIN.match(part)
        if term is None and m is None:
            return None
        terms.append(term if term is not None else (m.group(1), int(m.group(2) or 0)))  # type: ignore[union-attr]
    return tuple(terms) if len(terms) > 1 and any(t in greek for t, _ in terms) else None


#: the letter that counts steps (x_t, g_t): τ runs over the steps before it
_STEP = "t"


def step_members(placeholders: dict[int, Placeholder], greek: set[str]) -> list[tuple[int, str]]:
    """The atoms ``g_t`` written beside a family ``g_\\tau`` over a Greek sum index, with that index.

    A reader means the current step's value, the last member of the same sequence (AdaGrad's ``g_t /
    \\sqrt{\\sum_{\\tau=1}^t g_\\tau^2}``); symdl cannot give a family's entry at the step t, a sum's bound (its
    numeric lowering takes no index as an input), so ``g_t`` stays a name of its own, given apart (noted
    ``step-beside-greek-sum``)."""
    if not greek:
        return []
    atoms = {k: p.data["atom"] for k, p in placeholders.items() if p.kind == "atom"}
    families = {a.family_key_parts(): a.sub.terms[0][0] for a in atoms.values()
                if a.sub is not None and a.sub.terms and len(a.sub.terms) == 1 and a.sub.terms[0][0] in greek}
    return [(k, families[a.family_key_parts()]) for k, a in atoms.items() if a.family_key_parts() in families
            and a.sub is not None and a.sub.terms == ((_STEP, 0),) and not (a.sample or a.transpose)]
