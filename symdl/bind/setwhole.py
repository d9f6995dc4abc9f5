r"""A name a statement sets whole whose entries the formula reads elsewhere: Ng's ``a = \sigma(z)`` then
``\sum_i (y_i \log a_i + \dots)``, Theano's ``p = \sigma(y)`` beside ``\sum_i x_i \log(p_i)``.  One letter, set
whole and indexed by one index letter, is a vector whose entries those are (``set-whole-vector``, noted), as a
softmax's value is; before, the name was a number and its entries a family of their own, unrelated, silently."""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy

from symdl.bind.names import identity
from symdl.bind.shapes import declared_shape, promotable
from symdl.read.power import Reciprocal
from symdl.read.syntax import placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder

Kinds = dict[tuple[object, ...], str]


def seed_set_whole(b: Binder, kinds: Kinds) -> bool:
    """Make each plain name set whole by a statement a vector when its entries, one index each, are read elsewhere
    (a last resort: only names nothing else shaped); whether any was."""
    before = len(kinds)
    entries = {(a.base, a.bold, a.decorations) for k, a in b.atoms.items() if b.roles[k].kind == "family"
               and a.sub is not None and a.sub.terms is not None and len(a.sub.terms) == 1 and a.sample is None
               and a.layer is None}
    for st in b.rr.statements:
        if len(st.sides) != 2 or st.relation not in ("=", "define", "update"):
            continue
        k = placeholder_id(st.sides[0].expr)
        a = b.atoms.get(k) if k is not None else None
        value = placeholder_id(_signed(st.sides[1].expr))
        if value is None or b.ph[value].kind != "call":  # a = \sigma(z); not a list [x_1, \dots, x_n]
            continue  # (Gumbel noise g = -\log(-\log u): a call with its sign)
        if (a is None or a.sub is not None or a.transpose or a.word or b.roles[k].kind != "scalar"
                or (a.base, a.bold, a.decorations) not in entries or identity(a) in kinds or not promotable(a)
                or declared_shape(a, b.declared) is not None):
            continue
        kinds[identity(a)] = "vector"
        b._note("set-whole-vector", b.ph[k].span, name=a.spelling)
        _argument_vector(b, st.sides[1].expr, kinds)  # p = \sigma(y): y a vector too, entry by entry
    return len(kinds) > before


def _argument_vector(b: Binder, e: object, kinds: Kinds) -> None:
    """The plain name a known entry-wise function is applied to (``\\sigma(y)``), a vector as its value is."""
    k = placeholder_id(_signed(e))  # type: ignore[arg-type]
    p = b.ph.get(k) if k is not None else None
    if p is None or p.kind != "call" or len(p.data.get("args", ())) != 1:
        return
    known = p.data.get("known") or ("sigma" if getattr(p.data.get("callee"), "base", None) == "sigma" else None)
    if known not in _ENTRYWISE:
        return
    inner = _signed(p.data["args"][0].expr)
    j = placeholder_id(inner)
    a = b.atoms.get(j) if j is not None else None
    if a is None:
        _argument_vector(b, inner, kinds)  # -\log(-\log u): through the inner call to u
    elif (not a.transpose and not a.word and b.roles[j].kind == "scalar" and promotable(a)
          and identity(a) not in kinds and declared_shape(a, b.declared) is None):
        kinds[identity(a)] = "vector"


def _signed(e: sympy.Basic) -> sympy.Basic:
    r"""``e`` without a numeric factor (``-\log u`` → ``\log u``)."""
    if isinstance(e, sympy.Mul):
        rest = [f for f in e.args if not f.is_number]
        return rest[0] if len(rest) == 1 else e
    return e


#: the functions of one name that keep its shape, entry by entry
_ENTRYWISE = frozenset({"sigma", "sigmoid", "tanh", "relu", "exp", "log", "softplus"})  # (\sigma: a callee read as
# the sigmoid)


def reduction_names(b: Binder) -> frozenset[str]:
    """The identities of names a statement sets, alone on its left side, to a whole reduction of arrays, scaled by
    numbers (the Triton tutorial's ``\\text{mean} = \\frac{1}{N} \\sum x``, ``m = \\mathrm{mean}(x)``): numbers, so
    ``x - \\text{mean}`` on a later line broadcasts one number, it does not make the mean an array."""
    out: set[str] = set()
    for st in b.rr.statements:
        if len(st.sides) != 2:
            continue
        a = b.atom_of(st.sides[0].expr)
        body = st.sides[1].expr
        factors = [f for f in sympy.Mul.make_args(body) if not f.is_number and not (
            isinstance(f, (Reciprocal, sympy.Pow)) and f.args[1:] in ((), (-1,)) and b.atom_of(f.args[0]) is not None)]
        p = b.ph.get(placeholder_id(factors[0])) if a is not None and len(factors) == 1 else None
        callee = p.data.get("callee") if p is not None and p.kind == "call" else None
        if p is not None and ((p.kind == "expect" and p.data.get("statistic") in ("mean", "sum")
                               and not p.data.get("over") and not p.data.get("under"))
                              or (p.kind == "call" and p.data.get("known") in ("mean", "sum"))
                              or (callee is not None and callee.word and callee.base in ("mean", "sum")
                                  and callee.sub is None and len(p.data.get("args", ())) == 1)):
            out.add(identity(a))  # type: ignore[arg-type]
    return frozenset(out)
