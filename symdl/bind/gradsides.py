"""Hand-derived gradients: a gradient of a number set equal to its value (cs231n's backprop notes, CS224n's word2vec
gradients, the answers of forums).

The gradient of a number by a name has that name's shape (the layout deep-learning texts use: ``dW`` is shaped as
``W``).  So in ``\\frac{\\partial L}{\\partial W} = \\delta x^T``, ``\\frac{\\partial L}{\\partial x} = W^T\\delta``,
``\\frac{\\partial J}{\\partial v_c} = U(\\hat{y} - y)`` (rule ``gradient-shape``):

* the name differentiated by, if nothing else shapes it and the other side is a vector or matrix, is one too, by its
  letter (a capital a matrix, W; a lower-case letter a column vector, x, v_c);
* in the other side, a plain name nothing shapes (an upstream gradient ``\\delta``, or
  ``\\frac{\\partial L}{\\partial z}``) takes the shape that makes that side the gradient's: right before a
  transposed vector (``\\delta x^T``) a column (the outer product) when the gradient is a matrix; right after a
  matrix (``W^T \\delta``, ``X^T \\delta``) a vector, or a matrix when the gradient is one; right before a matrix
  (``\\delta W^T``) a row when the gradient is a vector (cs231n's row-major ``dx = dout \\cdot W^T``: the name
  differentiated by is a row too), a matrix when it is one.

Before, ``\\delta`` and ``W`` stayed numbers, silently: ``\\delta x^T`` a scaled row, ``W^T\\delta`` a scaled matrix.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy

from symdl.bind.build import first_position, span_of
from symdl.bind.letters import WEIGHT_CAPITALS, lower_name, plain_capital
from symdl.bind.names import identity
from symdl.bind.shapes import declared_shape, kind_of_letter
from symdl.bind.upstream import gradient_by
from symdl.bind.valuekind import value_kind
from symdl.errors import NotSupported
from symdl.read.syntax import placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder

Kinds = dict[tuple[object, ...], str]


def _free(b: Binder, k: int | None, kinds: Kinds) -> bool:
    """A plain name nothing shapes: not bold, transposed, a word, a family's member, declared or given a kind."""
    a = b.atoms.get(k) if k is not None else None
    return (a is not None and not (a.bold or a.transpose or a.word) and b.roles[k].kind != "family"
            and identity(a) not in kinds and declared_shape(a, b.declared) is None)


def gradient_sides(b: Binder, kinds: Kinds) -> bool:
    """Shape the names of hand-derived gradients (see the module).  True if a name was given a kind."""
    changed = False
    for st in b.rr.statements:
        k = placeholder_id(st.sides[0].expr) if len(st.sides) > 1 else None
        w = gradient_by(b, k, kinds)
        if w is None:
            continue
        a = b.atoms[w]
        others = [s.expr for s in st.sides[1:]]
        _refuse_side_by_side_columns(b, w, others, kinds)
        if _free(b, w, kinds) and any(value_kind(b, e, kinds) != "scalar" for e in others):
            kinds[identity(a)] = kind_of_letter(a)
            b.gradient_sides.append((w, a.spelling, kinds[identity(a)]))
            changed = True
        want = kinds.get(identity(a))
        if want not in ("vector", "matrix"):
            continue
        for e in others:
            for t in sympy.Add.make_args(e):
                if isinstance(t, sympy.Mul):
                    changed |= _shape_factors(b, t, want, w, kinds)
    return changed


def _refuse_side_by_side_columns(b: Binder, w: int, others: list[sympy.Basic], kinds: Kinds) -> None:
    """A forum's ``\\frac{\\partial L}{\\partial W} = \\delta\\, x``: the gradient by a weight's capital (W, U, V)
    nothing shapes is a matrix shaped as W, and two lower-case names side by side are no matrix (as numbers, one
    number; as column vectors, ill-shaped): refused with the outer product's hint, as a reading of either kind would
    say the claim holds or fails for a reason the author did not write."""
    a = b.atoms[w]
    if not (_free(b, w, kinds) and plain_capital(b, w) and a.base in WEIGHT_CAPITALS):
        return
    for e in others:
        factors = [f for f in e.args if not f.is_number] if isinstance(e, sympy.Mul) else []
        keys = [placeholder_id(f) for f in sorted(factors, key=lambda f: first_position(f, b.ph))]
        if len(keys) != 2 or not all(k in b.atoms and _free(b, k, kinds) and lower_name(b, k) for k in keys):
            continue
        left, right = (b.atoms[k].spelling for k in keys)  # type: ignore[index]
        raise NotSupported(
            f"{left} {right} as the gradient by {a.spelling}: the gradient by a weight matrix is a matrix shaped as "
            f"{a.spelling}, and two lower-case names side by side are no matrix (numbers give one number; two column "
            "vectors side by side are ill-shaped): the outer product needs a transpose (cs231n's "
            "\\frac{\\partial L}{\\partial W} = \\delta x^T)",
            source=b.source, span=span_of(e, b.ph),
            hint=f"for the outer product write {left} {right}^T; for numbers, declare {a.spelling} \\in \\mathbb{{R}}")


def _shape_factors(b: Binder, t: sympy.Mul, want: str, by: int, kinds: Kinds) -> bool:
    """Give the free names of the product ``t`` (one side of a gradient by the name ``by``, a ``want``) the kinds that
    make it one."""
    ordered = sorted((f for f in t.args if not f.is_number), key=lambda f: first_position(f, b.ph))
    found = [value_kind(b, f, kinds) for f in ordered]
    changed = False
    for n, f in enumerate(ordered):
        before = found[n - 1] if n > 0 else None
        after = found[n + 1] if n + 1 < len(found) else None
        for target, own in _targets(b, f, by, kinds):
            kind = None
            if after == "row" and want == "matrix":
                kind = "vector"  # \delta x^T, (\hat{y} - y) x^T: the outer product
            elif before == "matrix" or (n == 0 and after == "matrix"):
                kind = want if own else kind_of_letter(b.atoms[target])  # W^T \delta, X^T \delta; \delta W^T
                if n == 0 and after == "matrix" and kind == "vector":
                    b.gradient_rows.add(identity(b.atoms[by]))  # \delta W^T: a row, as the name derived by
            if kind is None:
                continue
            kinds[identity(b.atoms[target])] = kind
            b.gradient_sides.append((target, b.atoms[target].spelling, kind))
            changed = True
        found[n] = value_kind(b, f, kinds)
    return changed


def _targets(b: Binder, f: sympy.Basic, by: int, kinds: Kinds) -> list[tuple[int, bool]]:
    """The free names a factor ``f`` of a gradient's side stands for, each with whether the factor is that name's
    own value: itself; the name an upstream gradient is by (\\frac{\\partial L}{\\partial z}: z, shaped as its letter
    says); the lower-case names of a parenthesised difference of free names (\\hat{y} - y)."""
    if isinstance(f, sympy.Add):
        names = [placeholder_id(t.as_coeff_Mul()[1]) for t in f.args]
        ok = all(_free(b, k, kinds) and b.atoms[k].base[:1].islower() for k in names)  # type: ignore[index]
        return [(k, True) for k in names if k is not None] if ok else []
    k = placeholder_id(f)
    inner = gradient_by(b, k, kinds)
    target = inner if inner is not None and inner != by else k
    if target is None or not _free(b, target, kinds) or (target == k and b.atoms[target].base[:1].isupper()):
        return []
    return [(target, target == k)]
