r"""A network inside a norm: ``\|\epsilon - \epsilon_\theta(\sqrt{\bar\alpha_t} x_0 + \sqrt{1 - \bar\alpha_t}\epsilon,
t)\|^2`` (DDPM's simplified loss), ``\|x - g_\phi(z)\|^2`` (a VAE's reconstruction), ``\|f_\theta(x) -
f_{\theta^-}(x')\|_2^2`` (consistency distillation).

A norm (two bars, not ``|\cdot|``) holding a network's call (alone, times a number, or a term of a sum) (a function
subscripted by its parameters, rule ``call-parameterised``) measures a vector: the network's output.  So that call
is vector-valued, a vector of its own length, as a bold function's is (rule ``norm-network``); so are the other
calls of functions symdl does not know added to it (DDPM's ``\tilde{\mu}_t(x_t, x_0) - \mu_\theta(x_t, t)``), and
the plain names added to it are vectors (``\epsilon``, ``x``), as is the name a gradient added to it is by
(score matching's ``s_\theta(x, t) - \nabla_x \log p_t(x)``).  Numbers multiplying those vectors inside the call's
arguments stay numbers (``\sqrt{\bar\alpha_t}``): only the sum's lone names are made vectors here.

Read otherwise, every name is a number and the norm an absolute value (rule ``norm-of-number``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy

from symdl.bind.apply import parameterised
from symdl.bind.names import identity
from symdl.bind.shapes import declared_shape, kind_of_letter
from symdl.bind.sums import reachable
from symdl.read.syntax import AtomSpec, Placeholder, placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder

Kinds = dict[tuple[object, ...], str]

#: letters of densities: p_t(x), q(z) beside a network are numbers unless subscripted by parameters (BYOL's q_\theta)
_DENSITY = frozenset({"p", "q"})


def norm_networks(b: Binder) -> dict[int, int]:
    """Call placeholder → the norm placeholder that makes it vector-valued (a term of the norm's sum with a
    network's call)."""
    out: dict[int, int] = {}
    for p in b.ph.values():
        if p.kind != "norm" or p.data.get("p") == "F":
            continue
        calls = [k for t in sympy.Add.make_args(p.data["inner"].expr) if (k := _call_factor(b, t)) is not None]
        if any(parameterised(b.ph[k].data["callee"]) or _capital(b.ph[k]) for k in calls):
            out.update((k, p.id) for k in calls)
            out.update((k, p.id) for k in calls for k in _capital_inside(b, b.ph[k]))  # CycleGAN's F(G(x)): G too
    return out


def _capital(p: Placeholder) -> bool:
    """CycleGAN's generators F, G: a plain capital Latin letter applied to one argument names a network."""
    c = p.data.get("callee")
    return (p.kind == "call" and isinstance(c, AtomSpec) and len(c.base) == 1 and c.base.isupper()
            and c.base.isascii() and not c.decorations and c.sub is None and c.sample is None
            and p.data.get("known") is None and len(p.data["args"]) == 1)


def _capital_inside(b: Binder, p: Placeholder) -> list[int]:
    """The capital networks applied in turn inside a capital network's one argument: G of F(G(x))."""
    out: list[int] = []
    while (k := placeholder_id(p.data["args"][0].expr)) is not None and _capital(inner := b.ph[k]):
        out.append(k)
        p = inner
    return out


def seed_beside_networks(b: Binder, kinds: Kinds) -> None:
    """The lone names added to such a call are vectors (DDPM's \\epsilon, a VAE's x), and the name a gradient
    added to it is by (score matching's \\nabla_x \\log p_t(x): x), unless declared numbers."""
    for norm in set(b.norm_networks.values()):
        for t in _terms(b.ph[norm]):
            k = _lone(t)
            p = b.ph.get(k) if k is not None else None
            if p is not None and p.kind == "grad" and p.data.get("wrt") is not None:
                k = placeholder_id(p.data["wrt"].expr)
            a = b.atoms.get(k) if k is not None else None
            if (a is not None and b.roles[k].kind != "family" and not a.word and not a.transpose
                    and a.base[:1].islower() and declared_shape(a, b.declared) != ()):
                kinds.setdefault(identity(a), kind_of_letter(a))
    for k in b.norm_networks:
        for arg in b.ph[k].data["args"]:
            _promote_scaled(b, arg.expr, kinds)


def _promote_scaled(b: Binder, e: sympy.Basic, kinds: Kinds) -> None:
    r"""DDPM's \sqrt{\bar\alpha_t} x_0 + \sqrt{1 - \bar\alpha_t}\epsilon, an argument of the network, beside a
    vector (\epsilon): each term's one plain Latin name is a vector too (x_0), its other factors numbers."""
    terms = sympy.Add.make_args(e)
    named = [[a for f in sympy.Mul.make_args(t) if (a := b.atom_of(f)) is not None] for t in terms]
    if len(terms) < 2 or not any(identity(a) in kinds for atoms in named for a in atoms):
        return
    for t, atoms in zip(terms, named, strict=True):
        latin = [(placeholder_id(f), a) for f in sympy.Mul.make_args(t) if (a := b.atom_of(f)) is not None
                 and not a.greek and not a.word and a.base[:1].islower()]
        if len(latin) == 1 and not any(identity(a) in kinds for a in atoms):
            k, a = latin[0]
            if b.roles[k].kind != "family" and not a.transpose and declared_shape(a, b.declared) is None:
                kinds[identity(a)] = "vector"


def _terms(p: Placeholder) -> tuple[sympy.Basic, ...]:
    terms = sympy.Add.make_args(p.data["inner"].expr)
    return terms if len(terms) > 1 else ()


def _call_factor(b: Binder, term: sympy.Basic) -> int | None:
    """The one call of a function symdl does not know among a term's factors (``\\lambda f_\\theta(x)``), or None."""
    calls = [k for f in sympy.Mul.make_args(term) if (k := placeholder_id(f)) is not None and _open(b.ph.get(k))]
    return calls[0] if len(calls) == 1 and not _of_one_bold(b, b.ph[calls[0]]) else None


def _of_one_bold(b: Binder, p: Placeholder) -> bool:
    """``g_\\phi(\\mathbf{z})``: a network of one argument written with a bold name keeps its reading (applied as a
    function given by ``functions=``, shaped as its argument)."""
    args = p.data["args"]
    return len(args) == 1 and any(a.bold for k in reachable(b.ph, args[0].expr) if (a := b.atoms.get(k)) is not None)


def _lone(term: sympy.Basic) -> int | None:
    """The placeholder a sum's term is, up to a numeric factor (``-f(x)``)."""
    factors = [f for f in sympy.Mul.make_args(term) if not f.is_number]
    return placeholder_id(factors[0]) if len(factors) == 1 else None


def _open(p: Placeholder | None) -> bool:
    """Is ``p`` a call of a plain function symdl does not know (a density only if subscripted by parameters)?"""
    callee = p.data.get("callee") if p is not None and p.kind == "call" else None
    return (isinstance(callee, AtomSpec) and p is not None and p.data.get("known") is None and not callee.bold
            and not callee.primes and (not callee.word or _capital(p)) and bool(p.data.get("args"))
            and (callee.base not in _DENSITY or parameterised(callee)))
