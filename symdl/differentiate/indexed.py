"""Indexed families: Kronecker deltas, sums over indices, and the softmax concept.

Differentiating ``z_i`` with respect to ``z_k`` gives ``δ_ik``; a sum
``Σ_j f(z_j)`` differentiates to ``Σ_j f'(z_j) δ_jk``, which
:func:`resolve_deltas` turns into ``f'(z_k)`` — the sum collapses on the one
term where ``j = k``.  This assumes the differentiation index ``k`` lies in the
summation range (it indexes the same family), which is recorded as an
assumption of the derivation.
"""

from __future__ import annotations

import sympy
from sympy import Indexed, IndexedBase, KroneckerDelta, Sum

from symdl.simplify import rewrite_within

#: Summands larger than this are not expanded (they are split only at the top level).
MAX_EXPAND_OPS = 400


def fresh_index(expr: sympy.Basic, preferred: str = "k") -> sympy.Symbol:
    """An integer index symbol not used in ``expr`` (``k``, else ``k_1``, ``k_2`` ...)."""
    used = {s.name for s in expr.free_symbols} | {s.name for s in expr.atoms(sympy.Symbol)}
    for s in expr.atoms(Sum):
        used.update(lim[0].name for lim in s.limits)
    name, n = preferred, 0
    while name in used:
        n += 1
        name = f"{preferred}_{n}"
    return sympy.Symbol(name, integer=True)


def _delta_partner(delta: KroneckerDelta, var: sympy.Symbol) -> sympy.Basic | None:
    a, b = delta.args
    if a == var and not b.has(var):
        return b
    if b == var and not a.has(var):
        return a
    return None


def _collapse_term(term: sympy.Basic, limit: tuple[sympy.Basic, ...]) -> sympy.Basic:
    """``Σ_j term`` for one product term: collapse a delta, or pull out the constant factors."""
    var, lo, hi = limit
    factors = sympy.Mul.make_args(term)
    for idx, f in enumerate(factors):
        if isinstance(f, KroneckerDelta):
            partner = _delta_partner(f, var)
            if partner is not None:
                rest = sympy.Mul(*(factors[:idx] + factors[idx + 1 :]))
                return rest.xreplace({var: partner})
    const = [f for f in factors if not f.has(var)]
    dep = [f for f in factors if f.has(var)]
    if not dep:
        return sympy.Mul(*const) * (hi - lo + 1)
    return sympy.Mul(*const) * Sum(sympy.Mul(*dep), (var, lo, hi))


def _resolve_sum(s: Sum) -> sympy.Basic:
    """``Σ_{i,j} f`` one limit at a time, innermost first (re-nesting would not help: SymPy flattens
    ``Sum(Sum(f, j), i)`` back into one sum)."""
    body = s.function
    for limit in s.limits:
        if body.has(KroneckerDelta) and sympy.count_ops(body) <= MAX_EXPAND_OPS:
            body = sympy.expand(body, power_exp=False, power_base=False, log=False, multinomial=False)
        body = sympy.Add(*(_collapse_term(t, limit) for t in sympy.Add.make_args(body)))
    return body


def resolve_deltas(expr: sympy.Basic) -> sympy.Basic:
    """Collapse every ``Σ_j (... δ_jk ...)`` to the ``j = k`` term and split sums over ``+``.

    Args:
        expr: any scalar expression.

    Returns:
        An equal expression (given that the collapsed indices lie in their sums' ranges)
        with no sum over a Kronecker delta of its own index.
    """
    if not expr.has(Sum):
        return expr
    return expr.replace(lambda e: isinstance(e, Sum), _resolve_sum)


def family_sums(expr: sympy.Basic) -> dict[IndexedBase, Sum]:
    """Softmax denominators in ``expr``: family base ``z`` → ``Σ_j exp(z_j)``."""
    found: dict[IndexedBase, Sum] = {}
    for s in expr.atoms(Sum):
        if len(s.limits) != 1:
            continue
        var = s.limits[0][0]
        body = s.function
        if isinstance(body, sympy.exp) and isinstance(body.args[0], Indexed):
            arg = body.args[0]
            if arg.indices == (var,):
                found[arg.base] = s
    return found


def express_softmax(result: sympy.Basic, source: sympy.Basic, prob: IndexedBase | None = None) -> sympy.Basic | None:
    """Rewrite ``exp(z_a) / Σ_j exp(z_j)`` in ``result`` as ``p_a`` (softmax concept).

    Args:
        result: a derivative.
        source: the differentiated expression (its softmax denominators are searched).
        prob: the family to call the softmax output (default ``p``).

    Returns:
        The rewritten expression when every such denominator disappears, else None.
    """
    sums = family_sums(source) or family_sums(result)
    if not sums:
        return None
    out = result
    p = prob if prob is not None else IndexedBase("p", real=True)
    for base, s in sums.items():
        total = sympy.Dummy("S", positive=True)

        def _sub(e: sympy.Basic, base: IndexedBase = base, total: sympy.Dummy = total) -> sympy.Basic:
            arg = e.args[0]
            if isinstance(arg, Indexed) and arg.base == base:
                return p[arg.indices] * total
            return e

        out = out.xreplace({s: total}).replace(lambda e: isinstance(e, sympy.exp), _sub)
        out = rewrite_within(lambda e: sympy.factor_terms(sympy.cancel(sympy.together(e))), out)
        if out is None or out.has(total) or out.has(s):
            return None
    tidy = rewrite_within(sympy.factor, out) if sympy.count_ops(out) < 60 else None
    return out if tidy is None else tidy


def sums_of_targets(expr: sympy.Basic) -> list[Sum]:
    """Bare sums ``Σ_i y_i`` of a family (no other factor) left in ``expr``."""
    return [
        s
        for s in expr.atoms(Sum)
        if len(s.limits) == 1 and isinstance(s.function, Indexed) and s.function.indices == (s.limits[0][0],)
    ]
