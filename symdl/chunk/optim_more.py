"""Shape helpers for the optimiser blocks of round 2 (clipping with named bounds, milestone counts,
a clipping factor defined by an earlier statement).  All exact and structural."""

from __future__ import annotations

import sympy

from symdl.chunk.algebra import terms
from symdl.chunk.registry import Context


def symbolic_clamp(inner: sympy.Basic, bound: sympy.Basic, lower_outer: bool) -> tuple[sympy.Basic, ...] | None:
    """``(x, lo, hi)`` for ``min(max(x, lo), hi)`` (or ``max(min(x, hi), lo)``) whose two bounds are
    named quantities (PyTorch's ``clamp(x, min_value, max_value)``), not numbers.  Which inner argument
    is the input is not structural (a clamp is symmetric in them); the first in SymPy's order is taken."""
    if _stem(bound) is None or len(inner.args) != 2 or any(_stem(a) is None for a in inner.args):
        return None  # named bounds only: not PPO's ratio clip min(1 + ε, max(r, 1 − ε)), not ReLU6
    x, other = sorted(inner.args, key=sympy.default_sort_key)[::-1]
    if x.has(bound) or bound.has(x) or other.has(x) or x.has(other) or other == bound:
        return None
    lo, hi = (bound, other) if lower_outer else (other, bound)
    return x, lo, hi


def _stem(e: sympy.Basic) -> str | None:
    if isinstance(e, sympy.Indexed):
        return str(e.base.label)
    return str(e) if isinstance(e, (sympy.Symbol, sympy.MatrixSymbol)) else None


def milestone_count(exp: sympy.Basic) -> sympy.Basic | None:
    """The step count ``t`` if ``exp`` is ``Σ_k 1[t ≥ m_k]``: how many milestones the step has passed
    (PyTorch's MultiStepLR)."""
    if not isinstance(exp, sympy.Sum) or not isinstance(exp.function, sympy.Piecewise):
        return None
    pw = exp.function
    if len(pw.args) != 2 or pw.args[0].expr != 1 or pw.args[1].expr != 0 or pw.args[1].cond != sympy.true:
        return None
    cond = pw.args[0].cond
    if not isinstance(cond, (sympy.GreaterThan, sympy.StrictGreaterThan, sympy.LessThan, sympy.StrictLessThan)):
        return None
    k = exp.variables[0]
    step = [s for s in cond.args if not s.has(k)]
    mark = [s for s in cond.args if s.has(k)]
    return step[0] if len(step) == 1 and len(mark) == 1 and step[0].free_symbols else None


def defined_value(sym: sympy.Basic, ctx: Context) -> sympy.Basic | None:
    """The right side of an earlier assignment ``sym = …`` (not an update of ``sym``)."""
    if ctx.formula is None or not isinstance(sym, sympy.Symbol):
        return None
    for st in ctx.formula.statements:
        if st is ctx.statement:
            return None
        if st.target == sym and st.previous is None:
            return st.rhs
    return None


def drop_epsilon(denom: sympy.Basic) -> sympy.Basic:
    """``‖g‖`` from ``‖g‖ + 10^{-6}`` (or ``+ ε``): a positive constant added against division by 0."""
    ts = terms(denom)
    if len(ts) != 2:
        return denom
    keep = [t for t in ts if not (t.is_number and t.is_positive) and not isinstance(t, sympy.Symbol)]
    return keep[0] if len(keep) == 1 else denom
