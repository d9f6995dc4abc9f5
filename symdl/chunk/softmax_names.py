"""A softmax written over a name defined as an exponential in an earlier statement (cs231n's ``exp_scores =
np.exp(scores)`` then ``probs = exp_scores / np.sum(exp_scores, axis=1, keepdims=True)``; ``e_i = \\exp(z_i)`` then
``p_i = e_i / \\sum_j e_j``): the recognisers of :mod:`symdl.chunk.softmax_family` ask these."""

from __future__ import annotations

import sympy
from sympy import exp

from symdl.chunk.registry import Context


def exp_defined(e: sympy.Basic, ctx: Context) -> bool:
    """Is ``e`` a name (or an entry of a family) that an earlier statement defines as an exponential (cs231n's
    ``exp_scores = np.exp(scores)``, ``e_i = \\exp(z_i)``)?"""
    if ctx.formula is None or not isinstance(e, (sympy.Symbol, sympy.Indexed, sympy.MatrixSymbol)):
        return False
    base = e.base if isinstance(e, sympy.Indexed) else e
    for st in ctx.formula.statements:
        target = st.target.base if isinstance(st.target, sympy.Indexed) else st.target
        if target == base and st.previous is None:
            return isinstance(st.rhs, exp) or entrywise_exp(st.rhs)
    return False


def total_of(den: sympy.Basic, v: sympy.Basic) -> bool:
    """Is ``den`` one over the total of the entries of ``v`` (``1/Trace(1ᵀ v)``)?"""
    if not (isinstance(den, sympy.Pow) and den.exp == -1 and isinstance(den.base, sympy.Trace)):
        return False
    total = den.base.arg
    parts = total.args if isinstance(total, sympy.MatMul) else (total,)
    return [f for f in parts if not isinstance(f, sympy.OneMatrix)] == [v]


def entrywise_exp(e: sympy.Basic) -> bool:
    """Is ``e`` exp applied to each entry of a vector or matrix?"""
    from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction

    if not isinstance(e, ElementwiseApplyFunction):
        return False
    x = sympy.Dummy("x", real=True)
    return bool(e.function(x) == exp(x))
