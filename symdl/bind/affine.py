"""A normalisation's scale and shift are per-feature vectors (rule ``affine-per-feature``).

Layer, batch and RMS normalisation standardise a vector and then scale and shift it by learned parameters, one per
feature: the PyTorch docs' ``y = \\frac{x - \\mathrm{E}[x]}{\\sqrt{\\mathrm{Var}[x] + \\epsilon}} * \\gamma + \\beta``
("γ and β are learnable affine transform parameter vectors of size C"), RMSNorm in code
``x / sqrt(mean(x^2) + eps) * gamma``, DyT's ``\\gamma \\odot \\tanh(\\alpha x) + \\beta``.  A Greek name or a word
that multiplies a *standardised vector* (a product holding a vector and dividing by the root of a statistic: an
expectation or variance, a mean/var call, a sum; or by a std/rms call), and a Greek name or a word added to that
product (or to an element-wise product by a Greek vector, DyT's β), is a vector.  A product subtracted (an update's
step: Adagrad's ``\\theta - \\frac{\\eta}{\\sqrt{\\sum_\\tau g_\\tau^2}} g``) and a root of a plain name (Adam's
``\\alpha \\hat m / (\\sqrt{\\hat v} + \\epsilon)``, attention's ``\\sqrt{d_k}``) are no normalisation.  A last resort,
as :func:`symdl.bind.codematmul.matmul_operands` is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy

from symdl.bind.entrydefs import set_values
from symdl.bind.names import identity
from symdl.bind.shapes import declared_shape
from symdl.read.power import Reciprocal
from symdl.read.syntax import AtomSpec, placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder

Kinds = dict[tuple[object, ...], str]

STATISTIC_CALLS = frozenset({"mean", "var", "variance", "std", "rms"})  # np.mean, torch.var, \mathrm{Var}(x)
ROOT_CALLS = frozenset({"std", "rms"})  # a call that is itself the root of a statistic


def _call_name(b: Binder, k: int) -> str:
    """The lower-cased name of the call at placeholder ``k`` ('' for no call)."""
    p = b.ph[k]
    if p.kind != "call":
        return ""
    callee = p.data.get("callee")
    name = callee.base if isinstance(callee, AtomSpec) else p.data.get("known", "")
    return str(name).lower()


def _placeholders(b: Binder, e: sympy.Basic) -> list[int]:
    """The placeholders written in ``e``, with those inside its groups (code's parentheses)."""
    found: list[int] = []
    for s in e.free_symbols:
        k = placeholder_id(s)
        if k is None or k not in b.ph:
            continue
        found.append(k)
        if b.ph[k].kind == "group":
            found += _placeholders(b, b.ph[k].data["inner"].expr)
    return found


def _statistic(b: Binder, e: sympy.Basic, follow: bool = True) -> bool:
    """Does ``e`` hold a statistic: a sum, a sample expectation or variance, a mean/var/std/rms call, or (``follow``)
    a name a statement sets to one (the Flax docs' ``var = jnp.var(x, axis=-1)`` then ``rsqrt(var + eps)``)?"""
    if e.atoms(sympy.Sum):
        return True
    for k in _placeholders(b, e):
        p = b.ph[k]
        sample = p.kind == "expect" and k not in b.population and p.data.get("given") is None
        if sample or p.kind == "norm":  # Equinox's RMSNorm \|x\|^2_2 / n
            return True
        if _call_name(b, k) in STATISTIC_CALLS:
            return True
        if follow and k in b.atoms and any(_statistic(b, v, follow=False) for v in set_values(b, b.atoms[k])):
            return True
    return False


def _root_of_statistic(b: Binder, e: sympy.Basic) -> bool:
    """Does ``e`` hold the square root of a statistic (``\\sqrt{\\mathrm{Var}[x] + \\epsilon}``, ``sqrt(mean(x^2))``,
    ``std(x)``)?"""
    for node in sympy.preorder_traversal(e):
        if isinstance(node, sympy.Pow) and abs(node.exp) == sympy.Rational(1, 2) and _statistic(b, node.base):
            return True
    for k in _placeholders(b, e):
        name = _call_name(b, k)
        if name in ROOT_CALLS or (name == "sqrt" and any(_statistic(b, a.expr) for a in b.ph[k].data["args"])):
            return True
    return False


def _divides_by_root(b: Binder, f: sympy.Basic) -> bool:
    """Is factor ``f`` a division by the root of a statistic (also as a group: ``torch.rsqrt(...)``, read
    ``(1 / sqrt(...))``)?"""
    k = placeholder_id(f)
    if k is not None and k in b.ph and b.ph[k].kind == "group":
        return any(_divides_by_root(b, g) for g in sympy.Mul.make_args(b.ph[k].data["inner"].expr))
    if isinstance(f, Reciprocal):
        return _root_of_statistic(b, f.args[0])
    return isinstance(f, sympy.Pow) and f.exp.is_negative is True and (
        _root_of_statistic(b, f.base) or (f.exp == sympy.Rational(-1, 2) and _statistic(b, f.base)))


def _standardised(b: Binder, kinds: Kinds, m: sympy.Mul) -> bool:
    """Is the product ``m`` (written with a plus sign) a vector divided by the root of a statistic?"""
    if m.could_extract_minus_sign():
        return False
    roots = [f for f in m.args if _divides_by_root(b, f)]
    rest = [f for f in m.args if not any(f is r for r in roots)]
    return bool(roots) and any(_holds_vector(b, kinds, f) for f in rest)


def _holds_vector(b: Binder, kinds: Kinds, e: sympy.Basic) -> bool:
    return any(k in b.atoms and kinds.get(identity(b.atoms[k])) == "vector" for k in _placeholders(b, e))


def _candidate(b: Binder, kinds: Kinds, e: sympy.Basic) -> int | None:
    """The placeholder of ``e`` when it is a Greek name or a word that every other rule left a number."""
    k = placeholder_id(e)
    if k is None or k not in b.atoms:
        return None
    a = b.atoms[k]
    if not (a.greek or a.word) or a.transpose or b.roles[k].kind == "family" or identity(a) in kinds:
        return None
    return k if declared_shape(a, b.declared) is None else None


def _scaled(b: Binder, kinds: Kinds, e: sympy.Basic) -> sympy.Mul | None:
    """The standardised product ``e`` is, or its group (``(x / sqrt(mean(x^2) + eps))``) holds."""
    k = placeholder_id(e)
    if k is not None and b.ph[k].kind == "group":
        return _scaled(b, kinds, b.ph[k].data["inner"].expr)
    return e if isinstance(e, sympy.Mul) and _standardised(b, kinds, e) else None


def affine_vectors(b: Binder, kinds: Kinds) -> bool:
    """Make a normalisation's scale and shift vectors (noted); True when one was."""
    scales: set[int] = set()
    for e in b.exprs:
        for m in sympy.preorder_traversal(e):
            if not isinstance(m, sympy.Mul):
                continue
            if _scaled_product(b, kinds, m):
                scales |= {k for f in m.args  # a name a statement sets is computed, not learned (JAX's scale)
                           if (k := _candidate(b, kinds, f)) is not None and _defined_value(b, f) is None}
    found = [(k, "scale") for k in sorted(scales)]
    for k in scales:
        kinds[identity(b.atoms[k])] = "vector"
    for e in b.exprs:
        for s in sympy.preorder_traversal(e):
            if isinstance(s, sympy.Add) and any(_affine_term(b, kinds, t) for t in s.args):
                for t in s.args:
                    if (k := _candidate(b, kinds, t)) is not None:
                        kinds[identity(b.atoms[k])] = "vector"
                        found.append((k, "shift"))
    b.affine_vectors.extend(found)
    return bool(found)


def _scaled_product(b: Binder, kinds: Kinds, m: sympy.Mul) -> bool:
    """Is ``m`` a standardised vector, or a product of a group that is one (``(x / sqrt(mean(x^2) + eps)) gamma``),
    or of a name a statement sets to one (LLaMA's ``x = x * torch.rsqrt(...)`` then ``return self.weight * x``; the
    JAX docs' ``scale = jax.lax.rsqrt(...)`` then ``y = x * scale * weight``)?"""
    if m.could_extract_minus_sign():
        return False
    if _standardised(b, kinds, m) or any(_scaled(b, kinds, f) is not None for f in m.args):
        return True
    named = [_defined_value(b, f) for f in m.args]
    return (any(v is not None and _scaled(b, kinds, v) is not None for v in named)
            or (any(v is not None and _divides_by_root(b, v) for v in named)
                and any(_holds_vector(b, kinds, f) for f in m.args)))


def _defined_value(b: Binder, f: sympy.Basic) -> sympy.Basic | None:
    """The right side of the statement that sets the name ``f`` (its first side alone), if one does."""
    a = b.atom_of(f)
    values = set_values(b, a, skip=placeholder_id(f)) if a is not None else []
    return values[0] if values else None


def _affine_term(b: Binder, kinds: Kinds, t: sympy.Basic) -> bool:
    """Is term ``t`` a standardised vector scaled by a Greek or word vector, or an element-wise product by a Greek
    vector (DyT's ``\\gamma \\odot \\tanh(\\alpha x)``)?"""
    k = placeholder_id(t)
    if k is not None and b.ph[k].kind == "hadamard":
        return any((g := placeholder_id(o.expr)) is not None and g in b.atoms and b.atoms[g].greek
                   and kinds.get(identity(b.atoms[g])) == "vector" for o in b.ph[k].data["operands"])
    if k is not None and b.ph[k].kind == "group":
        return _affine_term(b, kinds, b.ph[k].data["inner"].expr)
    return isinstance(t, sympy.Mul) and _scaled_product(b, kinds, t) and any(
        (g := placeholder_id(f)) is not None and g in b.atoms and (b.atoms[g].greek or b.atoms[g].word)
        and kinds.get(identity(b.atoms[g])) == "vector" for f in t.args)


def elementwise_scale(b: Binder, a: int, c: int) -> bool:
    """Is a scale this rule made a vector written at source position ``a`` or ``c`` (``(x / sqrt(...)) gamma``: the
    two columns multiply entry by entry)?"""
    return any(kind == "scale" and b.ph[k].span.start in (a, c) for k, kind in b.affine_vectors)
