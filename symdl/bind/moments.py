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

from symdl.bind.entrydefs import set_values
from symdl.bind.names import identity
from symdl.bind.shapes import declared_shape, promotable
from symdl.bind.valuekind import value_kind
from symdl.read.power import Reciprocal
from symdl.read.syntax import placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder
    from symdl.read.syntax import AtomSpec

Kinds = dict[tuple[object, ...], str]


def promote_second_moments(b: Binder, kinds: Kinds) -> None:
    """One pass of the rule: the names found become vectors (or matrices, as what they divide) and are recorded in
    ``b.second_moments`` for their note."""
    for st in b.rr.statements:
        if len(st.sides) == 2 and not _updates_a_vector(b, st, kinds) and _moment_ratio(b, st.sides[1].expr, kinds):
            _in_product(b, st.sides[1].expr, kinds)  # LAMB's r_t = \frac{m_t}{\sqrt{v_t} + \epsilon}: Adam's ratio
            continue
        if len(st.sides) != 2 or not _updates_a_vector(b, st, kinds):
            continue
        step = _step_terms(b, st)
        for node in sympy.preorder_traversal(step):
            if isinstance(node, sympy.Mul):
                _in_product(b, node, kinds)
        for k in _placeholders_in(step):
            if k in b.ph and b.ph[k].kind == "hadamard":
                for op in b.ph[k].data["operands"]:  # Adagrad's \frac{\eta}{\sqrt{G + \epsilon}} \odot \mathbf{g}
                    for node in sympy.Mul.make_args(op.expr):
                        _promote_under_root(b, node, "vector", kinds)


def _moment_ratio(b: Binder, e: sympy.Basic, kinds: Kinds) -> bool:
    """Is ``e`` Adam's ratio written on its own, a first moment that is a vector over the root of a plain second moment
    (LAMB's ``r_t = \\frac{m_t}{\\sqrt{v_t} + \\epsilon}``: m, \\hat{m} over v, s)?"""
    if not isinstance(e, sympy.Mul):
        return False
    firsts = [a for f in e.args if (a := b.atom_of(f)) is not None and a.base == "m" and kinds.get(identity(a))]
    seconds = [a for f in e.args if isinstance(f, Reciprocal) or (isinstance(f, sympy.Pow) and f.exp.is_negative)
               for k in _placeholders_in(f) if (a := b.atoms.get(k)) is not None and a.base in ("v", "s")]
    return bool(firsts) and bool(seconds)


def _step_terms(b: Binder, st: object) -> sympy.Basic:
    """The step an update adds to the previous value: the terms of the right side beside the one that is the
    target's previous value (``\\theta_{t-1} - \\alpha \\hat{m}_t/\\sqrt{\\hat{v}_t}``); nothing when no term is
    (``V' = QK^\\top V/\\sqrt{d}`` rescales V: d is a length, not a statistic of a step)."""
    target = b.atom_of(st.sides[0].expr)  # type: ignore[attr-defined]
    terms = sympy.Add.make_args(st.sides[1].expr)  # type: ignore[attr-defined]
    previous = [t for t in terms if target is not None and any(  # θ_{t-1}, and QHM's μ b_{t-1} (a decayed previous)
        (a := b.atoms.get(k)) is not None and a.base == target.base for k in _placeholders_in(t))]
    return sympy.Add(*[t for t in terms if t not in previous]) if previous else sympy.S.Zero


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


def _promote_under_root(b: Binder, divisor: sympy.Basic, kind: str, kinds: Kinds, *,
                        found: list[int] | None = None) -> None:
    """The plain Latin names under a square root inside ``divisor`` (a reciprocal or a negative power); with
    ``found`` (the operands of ``\\odot``), words too, and a plain name the divisor is (AdaDelta's
    ``/\\mathrm{std}``)."""
    if not (isinstance(divisor, Reciprocal) or (isinstance(divisor, sympy.Pow) and divisor.exp.is_negative)):
        return
    inside = divisor.args[0]
    roots = [inside] if isinstance(divisor, sympy.Pow) and divisor.exp == sympy.Rational(-1, 2) else [
        r.base for r in sympy.preorder_traversal(inside) if isinstance(r, sympy.Pow) and r.exp == sympy.Rational(1, 2)]
    if found is not None and (a := b.atoms.get(placeholder_id(inside))) is not None and (
            a.word or a.sub is not None or _defined_by_root(b, a)) and not _number_by_definition(b, a, kinds):
        roots.append(inside)  # 1/\mathrm{std}, 1/s_t, 1/s with s = \sqrt{...}: a statistic (never 1/n, a length)
    for root in roots:  # 1/(\sqrt{v} + \epsilon), or (G + \epsilon)^{-1/2}
        _promote_names(b, root, kind, kinds, found)


def _promote_names(b: Binder, e: sympy.Basic, kind: str, kinds: Kinds, found: list[int] | None) -> None:
    bounds = {identity(b.atoms[k]) for s in e.atoms(sympy.Sum) for lim in s.limits
              for k in _placeholders_in(sympy.Tuple(*lim[1:])) if k in b.atoms}
    counts = {p for p in e.atoms(sympy.Pow) if p.exp.is_negative and placeholder_id(p.base) is not None}
    outside = _placeholders_in(e.xreplace({p: sympy.Integer(1) for p in counts}))
    for k in _placeholders_in(e):  # \sqrt{\frac{1}{d}\sum_{i=1}^{d} x_i^2 + \epsilon}: d a length, everywhere
        if k in b.atoms and identity(b.atoms[k]) in bounds:
            continue
        if k not in outside:  # RMSNorm's \sqrt{\frac{1}{d}\|x\|_2^2 + \epsilon}: d only divides, a count
            continue
        a = b.atoms.get(k)
        if (a is None or a.bold or a.greek or (a.word and found is None) or not (promotable(a) or found is not None)
                or b.roles[k].kind == "family" or declared_shape(a, b.declared) is not None or identity(a) in kinds
                or a.base in b.letters or (found is not None and (a.base in _subscript_letters(b)
                                                                  or _number_by_definition(b, a, kinds)))):
            continue
        kinds[identity(a)] = kind
        (b.second_moments if found is None else found).append(k)


def promote_operand_moments(b: Binder, kinds: Kinds) -> None:
    """AdaDelta as the PyTorch docs write it,
    ``\\delta = \\frac{\\sqrt{\\mathrm{acc\\_delta} + \\epsilon}}{\\mathrm{std}} \\odot g`` with
    ``\\mathrm{std} = \\sqrt{\\mathrm{square\\_avg} + \\epsilon}``: beside a vector in an element-wise product,
    the names under the roots and divisors of the other operand are per-coordinate statistics (vectors, noted
    ``per-coordinate-operand``), and so are the names under the root that defines such a name."""
    for p in b.ph.values():
        if p.kind != "hadamard" or all(value_kind(b, op.expr, kinds) == "scalar" for op in p.data["operands"]):
            continue
        for op in p.data["operands"]:
            for node in sympy.preorder_traversal(op.expr):
                if isinstance(node, sympy.Pow) and node.exp == sympy.Rational(1, 2):  # \sqrt{acc\_delta + \epsilon}
                    _promote_names(b, node.base, "vector", kinds, b.operand_moments)
                if isinstance(node, sympy.Mul | Reciprocal | sympy.Pow):
                    for f in sympy.Mul.make_args(node):
                        _promote_under_root(b, f, "vector", kinds, found=b.operand_moments)
                if isinstance(node, sympy.Mul) and any(_is_divisor(f) for f in node.args):
                    for f in node.args:  # Zeiler's RMS[\Delta x]_{t-1} / RMS[g]_t: the numerator
                        if (a := b.atom_of(f)) is not None and (a.word or a.sub is not None):
                            _promote_names(b, f, "vector", kinds, b.operand_moments)
    for st in b.rr.statements:  # \mathrm{std} = \sqrt{\mathrm{square\_avg} + \epsilon}, std found above
        target = b.atom_of(st.sides[0].expr) if len(st.sides) == 2 else None
        if target is None or placeholder_id(st.sides[0].expr) not in _same_names(b, b.operand_moments):
            continue
        right = st.sides[1].expr
        if isinstance(right, sympy.Pow) and right.exp == sympy.Rational(1, 2):
            _promote_names(b, right.base, "vector", kinds, b.operand_moments)


def _defined_by_root(b: Binder, a: AtomSpec) -> bool:
    """Does a statement set ``a`` to a square root (``s = \\sqrt{a + \\epsilon}``)?"""
    return any(isinstance(right, sympy.Pow) and right.exp == sympy.Rational(1, 2) for right in set_values(b, a))


def _number_by_definition(b: Binder, a: AtomSpec, kinds: Kinds, depth: int = 3) -> bool:
    """Is ``a`` a number the formula computes from arrays: RMSNorm's ``v = \\frac{1}{n} x^T x``, and
    ``r = \\sqrt{v + \\epsilon}`` built on it (a 1×1 product, never a per-coordinate statistic)?"""
    for right in set_values(b, a):
        names = [b.atoms[k] for k in _placeholders_in(right) if k in b.atoms]
        if value_kind(b, right, kinds) == "scalar" and any(identity(n) in kinds for n in names):
            return True
        if depth and any(_number_by_definition(b, n, kinds, depth - 1) for n in names if identity(n) != identity(a)):
            return True
    return False


def _is_divisor(f: sympy.Basic) -> bool:
    return isinstance(f, Reciprocal) or (isinstance(f, sympy.Pow) and f.exp.is_negative is True)


def _subscript_letters(b: Binder) -> set[str]:
    """Letters written in subscripts (the step t of g_t): indices, never per-coordinate statistics."""
    return {letter for a in b.atoms.values() if a.sub is not None and a.sub.terms for letter, _ in a.sub.terms}


def _same_names(b: Binder, found: list[int]) -> set[int]:
    """The placeholders spelling the same name as one of ``found``."""
    names = {identity(b.atoms[k]) for k in found}
    return {k for k, a in b.atoms.items() if identity(a) in names}
