"""A known function named with a power: ``\\mathrm{ReLU}^2(x)``, ``\\mathrm{sech}^2(x)``.

On a function symdl knows, a power on the name is the power of the value, as ``\\tanh^2 x`` is ``(\\tanh x)^2``
(So et al.'s squared ReLU, Primer 2021: ``\\mathrm{ReLU}^2(x) = (\\max(0, x))^2``); the call reads it so
(:func:`symdl.read.calls.call`).  Only a name symdl does not know keeps Bishop's reading of
``\\sigma_N^2(\\mathbf{x})`` = ... as a function named with a power, which it refuses.
"""

from __future__ import annotations

from symdl.functions import ACRONYMS, KNOWN_FUNCTIONS
from symdl.read.syntax import AtomSpec


def power_of_value(spec: AtomSpec) -> bool:
    """``spec`` is a word naming a known function (``\\mathrm{ReLU}``, ``\\operatorname{sech}``): a power on it is
    the power of its value, so a statement may define the function's square by its value."""
    return (
        spec.word
        and spec.sub is None
        and not spec.primes
        and len(spec.base) > 1
        and spec.base.lower() in KNOWN_FUNCTIONS
        and spec.base not in ACRONYMS
    )
