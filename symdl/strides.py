"""Strided positions: an entry read at ``s·i + rest``, a stride ``s`` (a number: a literal ≥ 2, or a name that is no
index) times an index ``i`` that no sum runs over, plus an offset ``rest`` over the sums' indices (pooling's
``x_{is+a}``, a strided convolution's ``x_{si+dk}``, ``x_{2i+k}``).  The binder reads such a family as indexed from
0 (:mod:`symdl.bind.origins`: window ``i`` starts at entry ``i·s``, as the PyTorch docs' pooling writes
``input(stride × h + m)``) and the evaluator runs ``i`` over the windows that fit (:mod:`symdl.numeric.shiftrange`).
Shared by both stages: one definition of the class."""

from __future__ import annotations

from collections.abc import Iterable

import sympy


def strided(ix: sympy.Basic, summed: Iterable[sympy.Basic]) -> tuple[sympy.Symbol, sympy.Basic, sympy.Basic] | None:
    """``(i, s, rest)`` when ``ix`` is ``s·i + rest`` as the module says, else None.  The positional encoding's
    ``2j+1`` (no summed offset) and a shifted ``i + k`` (stride 1) are no strided positions."""
    summed = set(summed)
    if not isinstance(ix, sympy.Add):
        return None
    for term in ix.args:
        indices = [f for f in sympy.Mul.make_args(term) if isinstance(f, sympy.Symbol) and f.is_integer
                   and f not in summed]
        if len(indices) != 1:
            continue
        i = indices[0]
        stride = sympy.Mul(*(f for f in sympy.Mul.make_args(term) if f != i))
        rest = ix - term
        if ((stride.is_Integer and stride > 1) or (not stride.is_number and scale(stride))) and \
                rest.free_symbols & summed and i not in rest.free_symbols:
            return i, stride, rest
    return None


def scale(c: sympy.Basic) -> bool:
    """Is ``c`` a product of whole numbers ≥ 1 and of names that are no index (a stride ``s``, a dilation ``d``: whole
    numbers ≥ 1, checked when evaluated)?"""
    factors = sympy.Mul.make_args(c) if isinstance(c, sympy.Basic) else ("",)
    return all((f.is_Integer and f > 0) or (isinstance(f, sympy.Symbol) and not f.is_integer)
               for f in factors if isinstance(f, sympy.Basic)) and isinstance(c, sympy.Basic)


def centred_starts(expr: sympy.Basic) -> dict[sympy.Basic, dict[int, sympy.Basic]]:
    """Families a sum from a bound below 0 reaches with its letter alone at a position (d2l's kernel
    ``[\\mathbf{V}]_{a,b}`` under ``\\sum_{a=-\\Delta}^{\\Delta}``): family → position → that start.  The array's first
    entry there is the member at the start (``V_{-Δ}``), the kernel's centre ``V_0`` in its middle, as a sum from 0
    makes a family 0-based (:mod:`symdl.bind.origins`)."""
    out: dict[sympy.Basic, dict[int, sympy.Basic]] = {}
    for s in expr.atoms(sympy.Sum):
        starts = {var: lo for var, lo, _ in s.limits
                  if lo.is_negative or (not lo.is_number and lo.could_extract_minus_sign())}
        for e in s.function.atoms(sympy.Indexed):
            for pos, ix in enumerate(e.indices):
                if ix in starts:
                    out.setdefault(e.base, {}).setdefault(pos, starts[ix])
    return out


def sum_limits(expr: sympy.Basic) -> dict[sympy.Basic, tuple[sympy.Basic, sympy.Basic]]:
    """Each index a sum or another reduction of ``expr`` (a max pooling's ``MaxOver``) runs over → its bounds."""
    out: dict[sympy.Basic, tuple[sympy.Basic, sympy.Basic]] = {}
    for node in sympy.preorder_traversal(expr):
        if isinstance(node, sympy.Basic) and not node.is_Atom:
            for lim in getattr(node, "limits", ()):
                if isinstance(lim, sympy.Tuple) and len(lim) == 3 and isinstance(lim[0], sympy.Symbol):
                    out[lim[0]] = (lim[1], lim[2])
    return out


def extreme(rest: sympy.Basic, limits: dict, high: bool) -> sympy.Basic | None:
    """The largest (``high``) or smallest value of ``rest``, linear in summed letters, over their ranges; a letter's
    coefficient is a number or a dilation (a name of a whole number ≥ 1, checked when evaluated)."""
    poly = sympy.Poly(rest, *limits) if limits else None
    if poly is not None and (poly.total_degree() > 1):
        return None
    value = (sympy.Integer(rest) if isinstance(rest, int) else rest).xreplace({v: sympy.S.Zero for v in limits})
    if value.free_symbols:
        return None
    for var, (lo, hi) in limits.items():
        c = rest.coeff(var)
        if c == 0:
            continue
        if not c.is_number and not scale(c):
            return None
        value += c * (hi if (c.is_number and c < 0) != high else lo)
    return None if value.has(sympy.oo, -sympy.oo) or value.free_symbols & set(limits) else value
