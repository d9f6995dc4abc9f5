r"""Per-coordinate statistics in an update of a vector: Adam's ``\hat{v}_t``, RMSProp's ``s_t``, Adagrad's ``G``.

An optimizer divides the step by the square root of a running second moment kept for every parameter:
``\boldsymbol{\theta}_t = \boldsymbol{\theta}_{t-1} - \alpha \hat{m}_t / (\sqrt{\hat{v}_t} + \epsilon)``.  Papers
often write the moments plain; read as numbers, the whole step would be divided by one number.  So in a statement
that updates a vector (its name is on both sides, or it is written with an arrow), a plain Latin name under a
square root in the divisor of a vector (or in an operand of ``\odot`` beside one) is a vector of its shape (rule
``per-coordinate``, noted); Greek names (``\epsilon``, ``\delta``) stay numbers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy

from symdl.bind.names import identity
from symdl.bind.shapes import declared_shape, promotable
from symdl.bind.valuekind import value_kind
from symdl.read.power import Reciprocal
from symdl.read.syntax import placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder

Kinds = dict[tuple[object, ...], str]


def promote_second_moments(b: Binder, kinds: Kinds) -> None:
    """One pass of the rule: the names found become vectors (or matrices, as what they divide) and are recorded in
    ``b.second_moments`` for their note."""
    for st in b.rr.statements:
        if len(st.sides) != 2 or not _updates_a_vector(b, st, kinds):
            continue
        for node in sympy.preorder_traversal(st.sides[1].expr):
            if isinstance(node, sympy.Mul):
                _in_product(b, node, kinds)
        for k in _placeholders_in(st.sides[1].expr):
            if k in b.ph and b.ph[k].kind == "hadamard":
                for op in b.ph[k].data["operands"]:  # Adagrad's \frac{\eta}{\sqrt{G + \epsilon}} \odot \mathbf{g}
                    for node in sympy.Mul.make_args(op.expr):
                        _promote_under_root(b, node, "vector", kinds)


def _placeholders_in(e: sympy.Basic) -> set[int]:
    return {k for s in e.free_symbols if (k := placeholder_id(s)) is not None}


def _updates_a_vector(b: Binder, st: object, kinds: Kinds) -> bool:
    """Is ``st`` an update of a vector or matrix: an arrow or ``:=``, or its target's name on the right too
    (``\\boldsymbol{\\theta}_t = \\boldsymbol{\\theta}_{t-1} - ...``)?"""
    target = b.atom_of(st.sides[0].expr)  # type: ignore[attr-defined]
    if target is None or identity(target) not in kinds:
        return False
    if st.relation in ("update", "define"):  # type: ignore[attr-defined]
        return True
    right = _placeholders_in(st.sides[1].expr)  # type: ignore[attr-defined]
    return any(k in b.atoms and b.atoms[k].base == target.base for k in right)


def _in_product(b: Binder, m: sympy.Mul, kinds: Kinds) -> None:
    """``\\hat{m}_t / (\\sqrt{\\hat{v}_t} + \\epsilon)``: divisors of a product with a vector or matrix factor."""
    divisors = [f for f in m.args if isinstance(f, Reciprocal) or (isinstance(f, sympy.Pow) and f.exp.is_negative)]
    others = [value_kind(b, f, kinds) for f in m.args if f not in divisors]
    arrays = {k for k in others if k != "scalar"}
    if not divisors or not arrays:
        return
    kind = "matrix" if "matrix" in arrays else "vector"
    for d in divisors:
        _promote_under_root(b, d, kind, kinds)


def _promote_under_root(b: Binder, divisor: sympy.Basic, kind: str, kinds: Kinds) -> None:
    """The plain Latin names under a square root inside ``divisor`` (a reciprocal or a negative power)."""
    if not (isinstance(divisor, Reciprocal) or (isinstance(divisor, sympy.Pow) and divisor.exp.is_negative)):
        return
    inside = divisor.args[0]
    roots = [inside] if isinstance(divisor, sympy.Pow) and divisor.exp == sympy.Rational(-1, 2) else [
        r.base for r in sympy.preorder_traversal(inside) if isinstance(r, sympy.Pow) and r.exp == sympy.Rational(1, 2)]
    for root in roots:  # 1/(\sqrt{v} + \epsilon), or (G + \epsilon)^{-1/2}
        for k in _placeholders_in(root):
            a = b.atoms.get(k)
            if (a is None or a.bold or a.greek or a.word or not promotable(a) or b.roles[k].kind == "family"
                    or declared_shape(a, b.declared) is not None or identity(a) in kinds):
                continue
            kinds[identity(a)] = kind
            b.second_moments.append(k)
