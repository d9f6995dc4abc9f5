"""Shape helpers for the optimiser blocks of round 2 (clipping with named bounds, milestone counts,
a clipping factor defined by an earlier statement).  All exact and structural."""

from __future__ import annotations

import re

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


def guarded_rescale(expr: sympy.Basic, ctx: Context) -> tuple[sympy.Basic, sympy.Basic] | None:
    """``(c, x)`` if ``expr`` rescales the statement's own target ``x`` to length ``c``, ``x ← c x/‖x‖``, and another
    statement of the formula is the guard ``‖x‖ > c`` (``≥``; or ``c < ‖x‖``): the algorithm boxes' clip by norm
    (Goodfellow et al. 2016, Algorithm 10.11: "if ‖g‖ > v then g ← g v/‖g‖")."""
    from symdl.chunk.algebra import factors
    from symdl.chunk.concepts_linalg import _norm_arg

    st = ctx.statement
    if st is None or st.target is None or ctx.formula is None:
        return None
    x = st.target
    flat = [f for ff in factors(expr) for f in factors(ff)]
    inv = [f for f in flat if isinstance(f, sympy.Pow) and f.exp.is_negative and _norm_arg(f**-1) == x]
    if len(inv) != 1 or x not in flat:
        return None
    c = sympy.Mul(*[f for f in flat if f != inv[0] and f != x])
    if c.is_number or c.has(x):
        return None
    norm = inv[0] ** -1
    for s in ctx.formula.statements:
        if s.kind == "inequality" and (s.lhs, s.relation, s.rhs) in (
            (norm, ">", c),
            (norm, ">=", c),
            (c, "<", norm),
            (c, "<=", norm),
        ):
            return c, x
    return None


def named_norm(norm: sympy.Basic, ctx: Context) -> sympy.Basic:
    """``norm`` or, when the formula defines it (``‖g‖_{global} = √(Σ_i ‖g_i‖²)``, a norm labelled by a word), its
    definition."""
    stmts = ctx.formula.statements if ctx.formula is not None else ()
    form = _DUMMY.sub("", sympy.srepr(norm))  # each reading of the norm has its own dummy variable
    return next(
        (
            s.rhs
            for s in stmts
            if s is not ctx.statement
            and s.lhs is not None
            and s.kind != "update"
            and _DUMMY.sub("", sympy.srepr(s.lhs)) == form
        ),
        norm,
    )


_DUMMY = re.compile(r", dummy_index=\d+")


def piecewise_clamp(expr: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic, sympy.Basic] | None:
    """``(x, lo, hi)`` if ``expr`` is the clamp written with cases, the PyTorch docs' Hardtanh: ``hi`` if ``x > hi``,
    ``lo`` if ``x < lo``, else ``x`` (the two bounded branches in either order, each comparison either way round)."""
    if not isinstance(expr, sympy.Piecewise) or len(expr.args) != 3 or expr.args[2].cond != sympy.true:
        return None
    x = expr.args[2].expr
    if x.is_number:
        return None
    bounds: dict[str, sympy.Basic] = {}
    for value, cond in expr.args[:2]:
        side = _beyond(cond, x)
        if side is None or value != side[1] or side[0] in bounds or value.has(x):
            return None
        bounds[side[0]] = value
    lo, hi = bounds["below"], bounds["above"]
    if lo == hi or (lo.is_number and hi.is_number and not lo < hi):
        return None
    return x, lo, hi


def _beyond(cond: sympy.Basic, x: sympy.Basic) -> tuple[str, sympy.Basic] | None:
    """``("above", b)`` for ``x > b`` (``b < x``, ``≥``), ``("below", b)`` for ``x < b`` (``b > x``, ``≤``)."""
    if not isinstance(cond, (sympy.StrictGreaterThan, sympy.GreaterThan, sympy.StrictLessThan, sympy.LessThan)):
        return None
    greater = isinstance(cond, (sympy.StrictGreaterThan, sympy.GreaterThan))
    if cond.lhs == x:
        return ("above" if greater else "below"), cond.rhs
    if cond.rhs == x:
        return ("below" if greater else "above"), cond.lhs
    return None


_NABLA_SUB = re.compile(r"^nabla_\{([^{}]+)\}")


def named_gradient_points(q: sympy.Basic, prev: sympy.Basic, ctx: Context) -> list[sympy.Basic]:
    """Where a gradient named ``q`` is taken, when that point is defined by a statement involving ``prev``: cs231n's
    ``dx_ahead`` (the gradient of ``x_ahead = x + μ v``, by Ng's d-prefix) or Goodfellow's bold
    ``g ← (1/m) ∇_θ̃ Σ L(…)`` (read as one vector named by the call; its subscript names the point ``θ̃``)."""
    if ctx.formula is None:
        return []
    names = {getattr(s, "name", None): s for s in ctx.formula.symbols.values()}
    at: list[sympy.Basic] = []
    of = ctx.gradient_of(q)
    if of is not None and of != q:
        at.append(of)
    grad = _rhs_of(q, ctx)
    for m in grad.atoms(sympy.MatrixSymbol) if grad is not None else ():
        sub = _NABLA_SUB.match(str(m.name))
        if sub is not None and sub.group(1) in names:
            at.append(names[sub.group(1)])
    return [d for p in at if (d := _rhs_of(p, ctx)) is not None and d.has(prev)]


def _rhs_of(sym: sympy.Basic, ctx: Context) -> sympy.Basic | None:
    """The right side of another statement that defines ``sym`` (a name or a bold name)."""
    if ctx.formula is None or not isinstance(sym, (sympy.Symbol, sympy.MatrixSymbol)):
        return None
    return next((st.rhs for st in ctx.formula.statements if st.target == sym and st is not ctx.statement), None)
