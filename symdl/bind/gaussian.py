"""A plain ``I`` in a Gaussian's covariance: the identity matrix (DDPM's ``\\mathcal{N}(x_t; \\sqrt{1-\\beta_t}
x_{t-1}, \\beta_t I)``, Ho et al. 2020, eq. 2).

``\\mathbf{I}`` is the identity matrix by its bold face; a plain ``I`` may be a count, but as the covariance argument
of ``\\mathcal{N}`` (the last of three), alone or times numbers (``\\beta_t I``, ``\\sigma^2 I``), it is the identity
matrix of an isotropic Gaussian, read as a matrix like ``\\mathbf{I}`` (noted ``covariance-identity``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy

from symdl.bind.letters import plain_capital
from symdl.bind.names import identity
from symdl.read.syntax import placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder

Kinds = dict[tuple[object, ...], str]


def _gaussian_calls(b: Binder) -> list[sympy.Basic]:
    """The covariance argument of every call of ``\\mathcal{N}`` with three arguments."""
    out = []
    for p in b.ph.values():
        callee = p.data.get("callee") if p.kind == "call" else None
        args = p.data.get("args", [])
        if callee is not None and callee.cal and callee.base == "N" and len(args) == 3:
            out.append(args[2].expr)
    return out


def covariance_identity(b: Binder, kinds: Kinds) -> None:
    """Read a plain ``I`` in a Gaussian's covariance as the identity matrix (see the module)."""
    for cov in _gaussian_calls(b):
        factors = sympy.Mul.make_args(cov)
        keys = [placeholder_id(f) for f in factors]
        ids = [k for k in keys if k is not None and k in b.atoms and b.atoms[k].base == "I" and plain_capital(b, k)
               and b.atoms[k].sub is None]
        others = [b.atoms[k] for k in keys if k is not None and k in b.atoms and k not in ids]
        if len(ids) != 1 or any(a.bold or a.base[:1].isupper() or identity(a) in kinds for a in others):
            continue
        a = b.atoms[ids[0]]
        if identity(a) not in kinds:
            b._note("covariance-identity", b.ph[ids[0]].span)
        kinds.setdefault(identity(a), "matrix")
