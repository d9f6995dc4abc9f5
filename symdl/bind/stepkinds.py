"""One quantity at several steps has one kind.

``\\theta_{t+1} = \\theta_t - \\frac{\\eta}{\\sqrt{G_t + \\epsilon}} \\odot g_t`` (Adagrad as Ruder writes it): the
update makes ``\\theta_{t+1}`` a vector, so ``\\theta_t``, the same parameter one step earlier, is that vector too,
never a number broadcast to every entry.  Names are the same quantity at different steps when everything but a
one-letter step subscript agrees and the subscripts differ only by an offset (``t``, ``t-1``, ``t+1``).  Families
(``x_i``, entries of a vector) and names declared with a shape keep theirs.
"""

from __future__ import annotations

import re
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


def _sample_step(a: AtomSpec) -> str | None:
    """The step letter of ``a``'s parenthesised superscript (``t`` of CS224n's ``h^{(t-1)}``), if that is all it is
    and the name has no subscript."""
    m = _STEP_SAMPLE.fullmatch(a.sample or "")
    return m.group(1) if m is not None and a.sub is None else None


#: a step in a parenthesised superscript: ``t``, ``t-1``, ``t+1``
_STEP_SAMPLE = re.compile(r"([a-z])(?:\s*[-+]\s*\d+)?")


def share_step_kinds(b: Binder, kinds: Kinds) -> None:
    """Give every step of a quantity the kind one of its steps has (the first found, in source order); the step
    is a subscript (``\\theta_{t+1}``, ``\\theta_t``) or a parenthesised superscript (CS224n's RNN Jacobian
    ``\\partial h^{(t)} / \\partial h^{(t-1)}`` beside ``W_h h^{(t-1)}``: both hidden states are vectors)."""
    steps: dict[tuple[object, ...], list[AtomSpec]] = defaultdict(list)
    for k, a in b.atoms.items():
        if b.roles[k].kind == "family" or a.transpose:
            continue
        if (letter := _step(a)) is not None:
            steps[(*a.family_key_parts(), a.sample, letter)].append(a)
        elif (letter := _sample_step(a)) is not None:
            steps[(*a.family_key_parts(), "(step)", letter)].append(a)
    for group in steps.values():
        if len({a.sub.text if a.sub is not None else a.sample for a in group}) < 2:
            continue
        kind = next((kinds[identity(a)] for a in group if identity(a) in kinds), None)
        if kind is None:
            continue
        for a in group:
            if identity(a) not in kinds and declared_shape(a, b.declared) is None:
                kinds[identity(a)] = kind
