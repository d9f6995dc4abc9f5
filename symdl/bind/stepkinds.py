"""One quantity at several steps has one kind.

``\\theta_{t+1} = \\theta_t - \\frac{\\eta}{\\sqrt{G_t + \\epsilon}} \\odot g_t`` (Adagrad as Ruder writes it): the
update makes ``\\theta_{t+1}`` a vector, so ``\\theta_t``, the same parameter one step earlier, is that vector too,
never a number broadcast to every entry.  Names are the same quantity at different steps when everything but a
one-letter step subscript agrees and the subscripts differ only by an offset (``t``, ``t-1``, ``t+1``).  Families
(``x_i``, entries of a vector) and names declared with a shape keep theirs.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from symdl.bind.names import identity
from symdl.bind.shapes import declared_shape

if TYPE_CHECKING:
    from symdl.bind.binder import Binder
    from symdl.read.syntax import AtomSpec

Kinds = dict[tuple[object, ...], str]


def _step(a: AtomSpec) -> str | None:
    """The step letter of ``a``'s subscript (``t`` of ``\\theta_{t+1}``), if that is all its subscript is."""
    terms = a.sub.terms if a.sub is not None else None
    if terms is None or len(terms) != 1 or len(terms[0][0]) != 1 or not terms[0][0].isalpha():
        return None
    return terms[0][0]


def share_step_kinds(b: Binder, kinds: Kinds) -> None:
    """Give every step of a quantity the kind one of its steps has (the first found, in source order)."""
    steps: dict[tuple[object, ...], list[AtomSpec]] = defaultdict(list)
    for k, a in b.atoms.items():
        if b.roles[k].kind == "family" or a.transpose or (letter := _step(a)) is None:
            continue
        steps[(*a.family_key_parts(), a.sample, letter)].append(a)
    for group in steps.values():
        if len({a.sub.text for a in group if a.sub is not None}) < 2:
            continue
        kind = next((kinds[identity(a)] for a in group if identity(a) in kinds), None)
        if kind is None:
            continue
        for a in group:
            if identity(a) not in kinds and declared_shape(a, b.declared) is None:
                kinds[identity(a)] = kind
