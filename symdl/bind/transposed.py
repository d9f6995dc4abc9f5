r"""Plain names that a transpose or a matrix beside them shows are vectors (issue 12: silent misreadings).

Three rules of :func:`symdl.bind.kinds.infer_kinds`, about what a reader of Ng's notes, cs229, Bishop, the CMU
11-785 slides or a statistics text knows without bold letters:

- ``transpose-group``: a parenthesised expression transposed, ``(X\theta - y)^T (X\theta - y)`` (Ng's vectorised
  cost), ``(y - Xw)^\top(y - Xw)``, ``(x - \mu)^T \Sigma^{-1} (x - \mu)``: the transpose of a number is never
  written, so the group is a vector (or matrix) and its plain names are arrays by their letter's case (lower-case a
  vector, capital a matrix); a lower-case Greek name added alone (``x - \mu``) or right after a capital (``X\theta``)
  is a vector, a Greek capital that names a matrix (``\Sigma``) a matrix.  A last resort: it applies only where no
  other rule made the group an array, and is noted.
- ``greek-after-matrix``: a lower-case Greek name written right after a matrix, in a sum with a vector or equal
  to one (``X^T(X\theta - y)``, ``\|X\beta - y\|_2^2``, kernel ridge's ``K\alpha - y``, the normal equations'
  ``X^T X\theta = X^T y``), is the parameter vector the matrix multiplies (as numbers θX was a matrix and y a
  matrix of its shape, silently).  Noted.
- ``capital-entries``: ``\|Y - d\|^2 = \sum_i (y_i - d_i)^2``: a capital whose lower-case entries the formula
  writes with one index is a vector, not a matrix.  Noted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy

from symdl.bind.layercalls import layer_call, shaped_like_argument
from symdl.bind.letters import MATRIX_GREEK, touching
from symdl.bind.names import identity
from symdl.bind.shapes import declared_shape, kind_of_letter, promotable
from symdl.bind.sums import reachable
from symdl.bind.valuekind import value_kind
from symdl.read.syntax import placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder

Kinds = dict[tuple[object, ...], str]


def transposed_groups(b: Binder, kinds: Kinds) -> bool:
    """Promote the names of each transposed group still read as a number (see the module); True if any was."""
    changed = False
    for p in b.ph.values():
        if p.kind != "transpose" or p.id in b.transposed_groups:
            continue
        inner = p.data["inner"].expr
        if p.data.get("value"):  # linear attention's \phi(K)^\top V: the argument of the function transposed
            if (inner := _shaped_call_argument(b, inner)) is None:
                continue
        if value_kind(b, inner, kinds) != "scalar" or any(
            k in b.atoms and b.roles[k].kind == "family" for k in reachable(b.ph, inner)
        ):
            continue  # an entry of a family transposed: a row of a matrix (refused or read elsewhere)
        found = _group_names(b, inner)
        if not found:
            continue
        for k, kind in found:
            kinds.setdefault(identity(b.atoms[k]), kind)
        b.transposed_groups.append(p.id)
        changed = True
    return changed


def _shaped_call_argument(b: Binder, e: sympy.Basic) -> sympy.Basic | None:
    """The one argument of ``e`` if it is a call whose value has its argument's shape: a function symdl does not
    know applied entry by entry to one name with no subscript (``\\phi(K)``, the feature map of linear attention), or
    a layer's (``\\mathrm{LN}(K)``); else None."""
    k = placeholder_id(e)
    p = b.ph.get(k) if k is not None else None
    if p is None or not shaped_like_argument(b, p):
        return None
    arg = p.data["args"][0].expr
    one = b.atom_of(arg)  # of one name with no subscript: \phi(q_m)^\top beside \varphi(k_n) v_n stays refused
    return arg if layer_call(b, p) or (one is not None and one.sub is None) else None


def _group_names(b: Binder, inner: sympy.Basic) -> list[tuple[int, str]]:
    """The names of a transposed group that become arrays, with their kinds: Latin letters by their case, Greek
    capitals that name matrices, lower-case Greek names alone in a term or right after a capital."""
    found: list[tuple[int, str]] = []
    for t in sympy.Add.make_args(inner):
        keys = sorted(
            (b.ph[k].span.start, k)
            for f in sympy.Mul.make_args(t)
            if (k := placeholder_id(f)) is not None and k in b.atoms
        )
        others = [f for f in sympy.Mul.make_args(t) if not f.is_number and placeholder_id(f) not in b.atoms]
        for n, (_, k) in enumerate(keys):
            a = b.atoms[k]
            if b.roles[k].kind == "family" or a.word or declared_shape(a, b.declared) is not None:
                continue
            if promotable(a):
                found.append((k, kind_of_letter(a)))
            elif a.base in MATRIX_GREEK:
                found.append((k, "matrix"))
            elif (
                a.greek
                and a.base[:1].islower()
                and not others
                and (len(keys) == 1 or (n > 0 and _capital(b, keys[n - 1][1]) and touching(b, keys[n - 1][1], k)))
            ):
                found.append((k, "vector"))  # x - \mu; X\theta
    return found


def _capital(b: Binder, k: int) -> bool:
    """A capital name (Latin, or a Greek capital that names a matrix) nothing declares a number."""
    a = b.atoms[k]
    return (
        a.base[:1].isupper()
        and (promotable(a) or a.base in MATRIX_GREEK)
        and b.roles[k].kind != "family"
        and declared_shape(a, b.declared) != ()
    )


def greek_after_matrix(b: Binder, add: sympy.Basic | tuple[sympy.Basic, ...], kinds: Kinds) -> None:
    """``X\\theta - y`` with X a matrix (``X^T X\\theta - X^T y``, matrices only before it): the lower-case Greek
    name right after it is a vector (see the module); ``add`` a sum, or the sides of a statement (the normal
    equations' ``X^T X\\theta = X^T y``)."""
    terms = add.args if isinstance(add, sympy.Basic) else add
    for t in terms:
        factors = [f for f in sympy.Mul.make_args(t) if not f.is_number]
        keys = sorted((b.ph[k].span.start, k) for f in factors if (k := placeholder_id(f)) is not None and k in b.atoms)
        if len(factors) < 2 or len(keys) != len(factors):
            continue
        (_, kc), (_, kg) = keys[-2:]  # cs229's X^T X\theta: the matrices first, the Greek name last
        cap, g = b.atoms[kc], b.atoms[kg]
        if not (
            all(kinds.get(identity(b.atoms[k])) == "matrix" for _, k in keys[:-1])
            and g.greek
            and g.base[:1].islower()
            and not g.word
            and b.roles[kg].kind != "family"
            and identity(g) not in kinds
            and declared_shape(g, b.declared) is None
            and touching(b, kc, kg)
            and any(_vector_term(b, o, kinds) for o in terms if o is not t)
        ):
            continue
        kinds[identity(g)] = "vector"
        b.capital_greeks.append((b.ph[kc].span.start, b.ph[kg].span.end, cap.spelling, g.spelling))


def _vector_term(b: Binder, t: sympy.Basic, kinds: Kinds) -> bool:
    """A term that is a vector, or a lone plain lower-case Latin name (the target y of ``X\\theta - y``)."""
    rest = t.as_coeff_Mul()[1]
    k = placeholder_id(rest)
    if k is not None and k in b.atoms:
        a = b.atoms[k]
        if (
            promotable(a)
            and a.base[:1].islower()
            and b.roles[k].kind != "family"
            and declared_shape(a, b.declared) is None
            and kinds.get(identity(a)) != "matrix"
        ):
            return True
    return value_kind(b, rest, kinds) == "col"


def capital_entry_vectors(b: Binder, kinds: Kinds) -> None:
    """CMU 11-785's ``\\mathrm{Div}(Y, d) = \\frac{1}{2}\\|Y - d\\|^2 = \\frac{1}{2}\\sum_i (y_i - d_i)^2``: a plain
    capital added to a lower-case name, where the formula also writes both as entries with one index (y_i, d_i),
    is a vector whose entries are the lower-case family, not a matrix (noted ``capital-entries``)."""
    singles = {
        a.base
        for k, a in b.atoms.items()
        if b.roles[k].kind == "family" and len(b.roles[k].indices) == 1 and not a.bold and not a.greek and not a.word
    }
    for e in b.exprs:
        for add in (m for m in sympy.preorder_traversal(e) if isinstance(m, sympy.Add)):
            lone = [k for t in add.args if (k := placeholder_id(t.as_coeff_Mul()[1])) is not None and k in b.atoms]
            if len(lone) != len(add.args):
                continue
            caps = [k for k in lone if _entry_capital(b, k, singles) and identity(b.atoms[k]) not in kinds]
            lows = [
                k
                for k in lone
                if b.atoms[k].base[:1].islower() and b.atoms[k].base in singles and b.roles[k].kind != "family"
            ]
            if caps and lows and len(caps) + len(lows) == len(lone):
                for k in caps:
                    kinds[identity(b.atoms[k])] = "vector"
                    b.entry_capitals.append(k)


def _entry_capital(b: Binder, k: int, singles: set[str]) -> bool:
    """A plain capital with no subscript whose lower-case letter the formula writes with one index (Y beside y_i)."""
    a = b.atoms[k]
    return (
        promotable(a)
        and a.base.isupper()
        and len(a.base) == 1
        and a.sub is None
        and not a.bold
        and not a.transpose
        and b.roles[k].kind != "family"
        and declared_shape(a, b.declared) is None
        and a.base.lower() in singles
    )
