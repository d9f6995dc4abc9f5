"""A bias's gradient over a batch, Ng's ``db^{[l]} = \\frac{1}{m} np.sum(dZ^{[l]}, axis=1, keepdims=True)`` (BP3 over a
batch), for :mod:`symdl.chunk.concepts_calculus`'s delta rule."""

from __future__ import annotations

import re

import sympy
from sympy.matrices.expressions.matexpr import MatrixExpr

from symdl.chunk.algebra import factors
from symdl.chunk.calc_chain import gradient_parts
from symdl.chunk.registry import Context, Match


def batch_bias_gradient(expr: sympy.Basic, ctx: Context) -> Match | None:
    """Ng's ``db^{[l]} = \\frac{1}{m} np.sum(dZ^{[l]}, axis=1, keepdims=True)``: a bias's gradient named so, the
    error of its units summed (or averaged) over the batch's examples (BP3 over a batch)."""
    lhs = ctx.statement.lhs if ctx.statement is not None else None
    parts = gradient_parts(lhs, ctx) if lhs is not None else None
    named = re.match(r"(?:\\mathrm\{d\}|d)\s*b(?![a-zA-Z])", str(getattr(lhs, "name", "")))  # Ng's db^[l], db2
    if not (named or (parts is not None and parts[1].lstrip("\\").startswith("b"))):
        return None
    fs = factors(expr)
    errs = [f for f in fs if isinstance(f, (sympy.Symbol, sympy.MatrixSymbol)) and ctx.is_error_signal(f)]
    rest = [f for f in fs if f not in errs and not isinstance(f, sympy.OneMatrix)]
    if len(errs) != 1 or any(isinstance(f, MatrixExpr) for f in rest) or not any(
            isinstance(f, sympy.OneMatrix) for f in fs):
        return None  # the error times ones (a sum over the examples), scaled by numbers (1/m) only
    note = (f"the gradient of the bias: the error ${ctx.latex(errs[0])}$ of its units summed over the batch's "
            "examples (BP3 over a batch: each example's weighted input moves one for one with the bias)")
    return Match("delta_rule", roles=(("error", errs[0]),), note=note)
