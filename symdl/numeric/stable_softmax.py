"""The softmax of a family as one node (issue 15): ``c · exp(A) / Σ_{j=lo}^{hi} exp(B)`` with ``A`` = ``B`` at
``j = k``, a free (or outer) index ``k``.

Left to the log-sum-exp rules, the numerator and the denominator are two exps over the whole batch (one on ``k``'s
axis, one on ``j``'s: common subexpressions cannot merge them) and the coefficient ``c`` (``Σ_j t_j`` of the
cross-entropy gradient) multiplies the full array.  :class:`SoftmaxOver` keeps them together: the lowering
(:mod:`symdl.numeric.lower`) lays ``B`` along ``j``'s axis and :func:`symdl.numeric.kernels_softmax.
symdl_softmax_onto` takes the max-shifted softmax there once, scales each row by ``c / Σ``, and moves the ``j`` axis
onto ``k``'s when the two ranges are the same positions (otherwise it computes the general form).
"""

from __future__ import annotations

import sympy

from symdl.formula import Label
from symdl.functions import OverIndex
from symdl.numeric.stable import IndexMax


class SoftmaxOver(sympy.Function):
    """``scale · exp(B|_{j=k}) / Σ_{j=lo}^{hi} exp(B)``: ``SoftmaxOver(B, Tuple(j, lo, hi), k, scale)``.

    Produced by the stable rule ``family-softmax`` just before lowering; never differentiated.
    """

    nargs = 4

    @property
    def free_symbols(self) -> set[sympy.Basic]:
        body, (j, lo, hi), k, scale = self.args
        return (body.free_symbols - {j}) | {k} | lo.free_symbols | hi.free_symbols | scale.free_symbols

    @property
    def outside(self) -> tuple[sympy.Basic, sympy.Basic]:
        """The parts evaluated outside the sum over ``j``: the numerator's argument ``A`` and the scale."""
        body, (j, _, _), k, scale = self.args
        return body.xreplace({j: k}), scale

    def plain(self) -> sympy.Expr:
        """The same value written out (``scale · exp(A) / Σ exp(B)``)."""
        body, limit, _, scale = self.args
        return scale * sympy.exp(self.outside[0]) / sympy.Sum(sympy.exp(body), tuple(limit))

    def fdiff(self, argindex: int = 1) -> sympy.Expr:
        raise NotImplementedError("SoftmaxOver is an evaluation form: differentiate the plain form")


def _index_for(a: sympy.Expr, b: sympy.Expr, limit: sympy.Tuple) -> sympy.Symbol | None:
    """The index ``k`` with ``a == b`` at ``j = k``: an integer symbol subscripting an array in ``a``, not in ``b``
    nor in the bounds; ``j`` itself not in ``a``."""
    j, lo, hi = limit
    if j in a.free_symbols or j not in b.free_symbols:
        return None
    subscripts = {s for ix in a.atoms(sympy.Indexed) for s in ix.indices if isinstance(s, sympy.Symbol)}
    others = b.free_symbols | lo.free_symbols | hi.free_symbols
    for k in sorted(subscripts - others, key=str):
        if k.is_integer and not isinstance(k, Label) and b.xreplace({j: k}) == a:
            return k
    return None


def _plain_body(b: sympy.Expr) -> bool:
    """No reduction inside ``B`` (its copy ``A`` is lowered outside the sum, where no axis is laid out for one)."""
    return not any(isinstance(n, (sympy.Sum, sympy.Product, IndexMax, OverIndex, SoftmaxOver))
                   for n in sympy.preorder_traversal(b))


def _parts(e: sympy.Basic) -> tuple[sympy.exp, sympy.Pow, sympy.Symbol] | None:
    """In a product: the factor ``exp(A)``, the factor ``(Σ_j exp(B))^{-1}`` (one limit) and ``k``."""
    if not isinstance(e, sympy.Mul):
        return None
    for den in e.args:
        if not (isinstance(den, sympy.Pow) and den.exp == -1 and isinstance(den.base, sympy.Sum)):
            continue
        total = den.base
        if len(total.limits) != 1 or not isinstance(total.function, sympy.exp):
            continue
        b = total.function.args[0]
        if not _plain_body(b):
            continue
        for num in e.args:
            if isinstance(num, sympy.exp):
                k = _index_for(num.args[0], b, total.limits[0])
                if k is not None:
                    return num, den, k
    return None


def is_family_softmax(e: sympy.Basic) -> bool:
    """The rule's predicate: a product holding a softmax of a family (see :func:`_parts`)."""
    return _parts(e) is not None


def fold_family_softmax(e: sympy.Mul) -> sympy.Expr:
    """``exp(A) · (Σ_j exp(B))^{-1}`` and the factors free of ``k`` and ``j`` (the scale) → one
    :class:`SoftmaxOver`; the other factors stay outside, a negative number's sign too (``X - t``, not
    ``X·(-1)``)."""
    num, den, k = _parts(e)  # type: ignore[misc]
    total = den.base
    j = total.limits[0][0]
    rest = [f for f in e.args if f is not num and f is not den]
    scale = [f for f in rest if not (f.free_symbols & {k, j})]
    outside = [f for f in rest if f.free_symbols & {k, j}]
    sign = sympy.S.One
    if scale and scale[0].is_number and scale[0].is_negative:
        sign, scale[0] = sympy.S.NegativeOne, -scale[0]
    node = SoftmaxOver(total.function.args[0], sympy.Tuple(*total.limits[0]), k, sympy.Mul(*scale))
    return sympy.Mul(sign, node, *outside)
