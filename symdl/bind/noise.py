r"""Code's drawn noise as arrays (rule ``code-random-draw``, :mod:`symdl.read.codedraws`).

``torch.randn_like(std)`` copies a tensor's shape: the draw and ``std`` are arrays of one shape (before: one number
scaling ``std``, silently).  A lower-case Greek mean added alone to a vector times such a draw (the VAE's ``z = mu +
std * eps``) is the sample's mean, a vector.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy

from symdl.bind.entrydefs import set_values
from symdl.bind.names import identity
from symdl.read.syntax import AtomSpec

if TYPE_CHECKING:
    from symdl.bind.binder import Binder

Kinds = dict[tuple[object, ...], str]


def seed_draws(b: Binder, kinds: Kinds) -> None:
    """Each ``torch.randn_like(x)`` draw and its ``x``: arrays (lower-case names vectors, capitals matrices)."""
    for a in b.atoms.values():
        if "code-draw-like" in a.readings:
            for like in (x for x in b.atoms.values() if x.base == a.d_of and not x.transpose):
                kinds.setdefault(identity(like), "vector" if like.base[:1].islower() else "matrix")
            kinds.setdefault(identity(a), "vector")


def noise_term(b: Binder, t: sympy.Basic, kinds: Kinds) -> bool:
    """Is ``t`` a vector times a drawn sample (code's ``std * torch.randn_like(std)``, or ``eps * std`` with ``eps``
    set to one)?"""
    atoms = [a for f in sympy.Mul.make_args(t) if (a := b.atom_of(f)) is not None]
    return len(atoms) >= 2 and any(_drawn(b, a) for a in atoms) and all(
        kinds.get(identity(a)) == "vector" for a in atoms)


def _drawn(b: Binder, a: AtomSpec) -> bool:
    """Code's drawn sample, or a name set to one (``eps = torch.randn_like(std)``)."""
    return "code-draw-like" in a.readings or any(
        (v := b.atom_of(e)) is not None and "code-draw-like" in v.readings for e in set_values(b, a))


#: the letters of a noise sample: DDPM's and DDIM's \epsilon_t, the VAE's \varepsilon
NOISE_LETTERS = frozenset({"epsilon", "varepsilon"})


def noise_epsilons(b: Binder, add: sympy.Add, kinds: Kinds) -> None:
    """DDIM's ``\\boldsymbol{x}_{t-1} = \\dots + \\sigma_t \\epsilon_t``: in a sum with a vector, a plain ε scaled by a
    number (a product, not ε added alone, Adam's ``\\sqrt{v} + \\epsilon``) is the noise drawn for every entry, a
    vector (noted ``noise-vector``; before: one number added to every entry, noted as a broadcast)."""
    from symdl.bind.shapes import declared_shape  # imported here: shapes reads kinds' tables
    from symdl.bind.valuekind import value_kind
    from symdl.read.syntax import placeholder_id

    if all(value_kind(b, t, kinds) == "scalar" for t in add.args):
        return
    drawn = _drawn_spellings(b)
    for t in add.args:
        while (k := placeholder_id(t)) is not None and k in b.ph and b.ph[k].kind == "label":
            t = b.ph[k].data["inner"].expr  # DDIM's \underbrace{\sigma_t \epsilon_t}_{\text{random noise}}
        if (a := b.atom_of(t)) is not None and _spelled(a.spelling) in drawn and not (
                a.bold or a.transpose or identity(a) in kinds or declared_shape(a, b.declared) is not None):
            kinds[identity(a)] = "vector"  # Langevin dynamics' x^k = x^{k-1} - ... + \omega^k, \omega^k \sim N(0, λ)
            b.drawn_noise.append(placeholder_id(t))  # type: ignore[arg-type]
            continue
        factors = sympy.Mul.make_args(t)
        eps = [k for f in factors if (k := placeholder_id(f)) is not None and k in b.atoms
               and b.atoms[k].base in NOISE_LETTERS and b.roles[k].kind != "family"]
        if len(factors) < 2 or len(eps) != 1:
            continue
        a = b.atoms[eps[0]]
        if (a.bold or a.transpose or a.decorations or identity(a) in kinds or declared_shape(a, b.declared) is not None
                or any(value_kind(b, f, kinds) != "scalar" for f in factors)):
            continue
        kinds[identity(a)] = "vector"
        b.noise_vectors.append(eps[0])


def _spelled(text: str) -> str:
    return "".join(text.split())


def _drawn_spellings(b: Binder) -> set[str]:
    """The names the formula draws in a clause beside it (``\\omega^k \\sim \\mathcal{N}(0, \\lambda)``, set aside
    by the reader with a ``distribution-clause`` note), spelled without spaces."""
    out = set()
    for n in b.rr.notes:
        if n.rule == "distribution-clause":
            left = b.source[n.span.start : n.span.end].split("\\sim")[0]
            out.add(_spelled(left))
    return out
