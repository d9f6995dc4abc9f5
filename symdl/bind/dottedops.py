"""Names beside Julia's (and MATLAB's) dotted operators are arrays (rule ``dotted-operand``).

Flux's loss docstrings write ``-sum(1 .+ logσ² .- μ .^ 2 .- exp.(logσ²)) / 2``: a dotted operator works entry by
entry; the others broadcast a number beside an array (label smoothing's ``y .* (1 - α) .+ α / 2``), but the dotted
power ``.^`` raises an array (a number takes ``^``).  :mod:`symdl.read.pasted` reads each as its plain operator; a
name written right before ``.^`` that the promotion passes left a number is a vector.  Without it the outer
``sum(...)`` of numbers was the number itself, and the KL divergence's sum over the latent units disappeared,
silently.  A last resort, as :mod:`symdl.bind.codematmul`'s is.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from symdl.bind.names import identity
from symdl.bind.shapes import declared_shape

if TYPE_CHECKING:
    from symdl.bind.binder import Binder

Kinds = dict[tuple[object, ...], str]

#: the dotted power right after a name (``μ .^ 2``): its base is an array (the other dotted operators broadcast a
#: number too, Flux's label smoothing ``y .* (1 - α) .+ α / 2``)
_POWER_AFTER = re.compile(r"\s*\.\^")


def dotted_operands(b: Binder, kinds: Kinds) -> bool:
    """Make each name beside a dotted operator still a number a vector; True when one was."""
    if not re.search(r"\S\s*\.[-+*/^]", b.source):
        return False
    changed = False
    for k, a in b.atoms.items():
        if identity(a) in kinds or b.roles[k].kind == "family" or declared_shape(a, b.declared) is not None:
            continue
        span = b.ph[k].span
        if _POWER_AFTER.match(b.source, span.end) is None:
            continue
        kinds[identity(a)] = "vector"
        b.code_arrays.append((k, "dotted"))
        changed = True
    return changed
