"""Sizes written as absolute values in a sum's bound: GRPO's ``\\sum_{t=1}^{|o_i|}`` (rule ``bound-size``).

A sum's bound is a count; ``|o_i|`` there is the number of tokens of completion o_i (a sequence, a set), never the
absolute value of a number o_i.  Each ``|x|`` that bounds a sum is read as the size of x, a whole number ≥ 1 (per
index when x is a family's member: one length per completion), everywhere the formula writes it (GRPO's normaliser
``\\frac{1}{\\sum_{i=1}^G |o_i|}`` too); noted once per size.  An absolute value anywhere else stays one.
Bars around a whole vector in a bound (XLNet's ``|\\mathbf{z}|``) are its length, read where the bars are built
(:func:`symdl.bind.operators.absolute`) and linked here to the array it can be read off.
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING, Any

import sympy

from symdl.errors import Span

if TYPE_CHECKING:
    from symdl.bind.binder import Binder


def bound_ends(exprs: list[Any]) -> list[sympy.Basic]:
    """The written ends (start and stop) of every sum's and product's bounds in ``exprs`` (SymPy expressions only)."""
    return [end for e in exprs if isinstance(e, sympy.Basic) for s in e.atoms(sympy.Sum, sympy.Product)
            for limit in s.limits for end in limit[1:]]


def _bound_sizes(exprs: list[sympy.Basic]) -> list[sympy.Basic]:
    found: list[sympy.Basic] = []
    for end in bound_ends(exprs):
        todo = [end]
        while todo:
            a = todo.pop()
            if isinstance(a, sympy.Abs) and isinstance(a.args[0], (sympy.Indexed, sympy.Symbol)) \
                    and not isinstance(a.args[0], sympy.Dummy):
                if a not in found:
                    found.append(a)
            elif not isinstance(a, sympy.Lambda):  # a Lambda's own variable is no size
                todo.extend(x for x in a.args if isinstance(x, sympy.Basic))
    return found


def _size(arg: sympy.Basic) -> sympy.Basic:
    if isinstance(arg, sympy.Indexed):
        return sympy.IndexedBase(f"|{arg.base.label}|", integer=True, positive=True)[arg.indices]
    return sympy.Symbol(f"|{arg}|", integer=True, positive=True)


def bound_sizes(b: Binder, statements: list[Any]) -> list[Any]:
    """``statements`` with each absolute value that bounds a sum read as the size it is (see the module)."""
    exprs = [e for st in statements for e in (st.lhs, st.rhs) if isinstance(e, sympy.Basic)]
    statements = _vector_lengths(b, statements, exprs)
    sizes = _bound_sizes(exprs)
    if not sizes:
        return statements
    swap = {a: _size(a.args[0]) for a in sizes}
    for a in sizes:
        arg = a.args[0]
        base = b.latex_names.get(arg.base, str(arg.base.label)) if isinstance(arg, sympy.Indexed) else \
            b.latex_names.get(arg, str(arg))
        at = re.search(r"\|\s*" + re.escape(base) + r"[^|]*\|", b.source)
        span = Span(at.start(), at.end()) if at else statements[0].span
        b._note("bound-size", span, name=base)
    return _replaced(statements, swap)


def _vector_lengths(b: Binder, statements: list[Any], exprs: list[sympy.Basic]) -> list[Any]:
    """The length ``N_z`` a bound's ``|\\mathbf{z}|`` was read as (:func:`symdl.bind.operators.absolute`): read off
    the array of z's entries where the formula picks them (XLNet's z_t), else z's first dimension where z is used
    whole, else an input of its own."""
    swap = {}
    for n, (key, vector) in b.vector_bounds.items():
        if isinstance(b.symbols.get(key), sympy.IndexedBase):
            continue
        if any(e.has(vector) for e in exprs):
            swap[n] = vector.shape[0] if vector.shape[1] == 1 else vector.shape[1]
            b.lengths.pop(key, None)
    if not swap:
        return statements
    return _replaced(statements, swap)


def _replaced(statements: list[Any], swap: dict[sympy.Basic, sympy.Basic]) -> list[Any]:
    return [dataclasses.replace(st, lhs=st.lhs.xreplace(swap) if isinstance(st.lhs, sympy.Basic) else st.lhs,
                                rhs=st.rhs.xreplace(swap)) for st in statements]
