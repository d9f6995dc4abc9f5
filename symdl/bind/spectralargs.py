r"""The matrix of a spectral norm: Miyato et al.'s ``\bar{W}_{\text{SN}}(W) := W / \sigma(W)`` with a plain capital W.

``\sigma(W)`` of a weight's capital in a divisor (or of ``W`` anywhere) is the spectral norm of W
(:func:`symdl.bind.guards.spectral_norm_call`), which only a matrix has: the capital is a matrix even where nothing
else in the formula makes it one (before: refused, as nothing made W a matrix).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from symdl.bind import guards
from symdl.bind.names import identity
from symdl.bind.shapes import declared_shape
from symdl.read.syntax import placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder

Kinds = dict[tuple[object, ...], str]


def seed_spectral_arguments(b: Binder, kinds: Kinds) -> None:
    """Make the plain capital of each spectral norm ``\\sigma(W)`` a matrix (see the module)."""
    for p in b.ph.values():
        args = p.data.get("args", []) if p.kind == "call" else []
        if len(args) != 1 or (k := placeholder_id(args[0].expr)) is None or (a := b.atoms.get(k)) is None:
            continue
        if declared_shape(a, b.declared) is not None or identity(a) in kinds:
            continue
        if guards.spectral_norm_call(p.data.get("callee"), a, None, b.exprs, p.id):
            kinds[identity(a)] = "matrix"
