"""More written forms of the activations and their slopes (round 2 of issue 14), and the split of a piecewise
activation at 0 (its positive and negative branches).

* a slope stated as an equation in the function's own value: ``dσ/da = σ(1 − σ)`` is the logistic equation the
  sigmoid solves, ``h'(a) = 1 − h(a)²`` the one tanh solves (Bishop 5.60, Nielsen ch. 3);
* PyTorch's ``max(0, x) + min(0, α(exp(x) − 1))`` form of ELU (and, scaled, SELU);
* ``log(c e^x + c) = softplus(x) + log c``: a shifted softplus (SchNet's ``ssp(x) = ln(0.5 e^x + 0.5)``).

Everything is exact algebra on the tree; nothing depends on how a symbol is spelled.
"""

from __future__ import annotations

import sympy
from sympy import Max, Min, Piecewise, exp, log
from sympy.core.function import AppliedUndef

from symdl.chunk.algebra import cheap_cancel, one_factor, terms
from symdl.chunk.registry import Context
from symdl.untrusted import refuse_text


def own_value(expr: sympy.Basic, ctx: Context) -> tuple[sympy.Basic, ...]:
    """When ``expr`` is the right side of ``f'(a) = …`` / ``df/da = …``: the ways the right side writes f's value
    (the call ``f(a)`` and the bare name ``f``); else ``()``."""
    st = ctx.statement
    if st is None or expr != st.rhs or not isinstance(st.lhs, sympy.Derivative) or len(st.lhs.variables) != 1:
        return ()
    f = st.lhs.expr
    if isinstance(f, AppliedUndef) or (isinstance(f, sympy.Function) and len(f.args) == 1):
        name = type(f).__name__
        bare = [s for s in expr.free_symbols if isinstance(s, sympy.Symbol) and s.name == name]
        return (f, *bare)
    if isinstance(f, (sympy.Symbol, sympy.Indexed)):
        return (f,)
    return ()


def solves(expr: sympy.Basic, ctx: Context, slope: sympy.Basic, u: sympy.Symbol) -> sympy.Basic | None:
    """The form of f in ``expr`` such that the statement says ``f' = slope(f)`` exactly (``u`` stands for f)."""
    for f in own_value(expr, ctx):
        if sympy.expand(expr - slope.subs(u, f)) == 0 and expr.has(f):
            return f
    return None


def max_min_elu(expr: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic, sympy.Basic] | None:
    """``(x, λ, α)`` if ``expr`` is ``λ(max(0, x) + min(0, α(e^x − 1)))`` (PyTorch's ELU/SELU docs)."""
    got = one_factor(expr, sympy.Add)
    if got is None:
        return None
    scale, expr = got
    split = _max_min_parts(expr)
    if split is None:
        return None
    x, neg = split
    alpha = cheap_cancel(neg / (exp(x) - 1))
    if alpha.has(*x.free_symbols) or alpha == 0 or alpha.is_negative or scale.has(*x.free_symbols):
        return None
    return x, scale, alpha


def shifted_softplus(expr: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic] | None:
    """``(x, c)`` if ``expr`` is ``log(c e^x + c)`` = softplus(x) + log c with c > 0 a number, c ≠ 1."""
    if not isinstance(expr, log):
        return None
    parts = terms(expr.args[0])
    es = [t for t in parts for f in sympy.Mul.make_args(t) if isinstance(f, exp)]
    if len(parts) != 2 or len(es) != 1:
        return None
    c = next(t for t in parts if t is not es[0])
    if not (c.is_number and c.is_positive) or c == 1:
        return None
    coeff, body = es[0].as_coeff_Mul()
    if not isinstance(body, exp) or coeff != c:  # the same number written twice: exact equality, no tolerance
        return None
    return body.args[0], sympy.Rational(str(c)) if isinstance(c, sympy.Float) else c


def channel_slope(expr: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic] | None:
    """``(y_i, a_i)`` if ``expr`` is He et al.'s (2015, eq. 1) cases ``y_i if y_i > 0, a_i y_i otherwise``: a
    negative slope carrying the input's own channel index is a slope per channel, learned (PReLU)."""
    if not isinstance(expr, sympy.Piecewise) or len(expr.args) != 2:
        return None
    (e1, c1), (e2, _) = expr.args
    if not isinstance(c1, sympy.core.relational.Relational) or 0 not in (c1.lhs, c1.rhs):
        return None
    x = c1.lhs if c1.rhs == 0 else c1.rhs
    positive = isinstance(c1, (sympy.StrictGreaterThan, sympy.GreaterThan)) == (c1.rhs == 0)
    pos, neg = (e1, e2) if positive else (e2, e1)
    if pos != x or not isinstance(x, sympy.Indexed):
        return None
    a = cheap_cancel(neg / x)
    if not isinstance(a, sympy.Indexed) or a.base == x.base or not set(a.indices) <= set(x.indices):
        return None
    return x, a


def _indicator(f: sympy.Basic) -> bool:
    """Is ``f`` an indicator read as cases: ``1`` under one condition, ``0`` otherwise (cs231n's ``𝟙(x < 0)``)?"""
    return isinstance(f, sympy.Piecewise) and len(f.args) == 2 and {f.args[0][0], f.args[1][0]} == {0, 1}


def fold_indicators(expr: sympy.Basic) -> sympy.Basic:
    """``expr`` as one ``Piecewise`` when it is a sum of terms each gated by one indicator on the same variable
    (``𝟙(x < 0)(αx) + 𝟙(x ≥ 0)(x)`` → cases ``x if x ≥ 0, αx otherwise``); else ``expr`` unchanged."""
    refuse_text(expr, "the expression")
    parts = sympy.Add.make_args(expr)
    if len(parts) > 3:
        return expr
    gates = [[f for f in sympy.Mul.make_args(t) if _indicator(f)] for t in parts]
    if any(len(g) != 1 for g in gates):
        return expr
    conds = {g[0].args[0][1] if g[0].args[0][0] == 1 else g[0].args[1][1] for g in gates}
    if any(not isinstance(c, sympy.core.relational.Relational) for c in conds):
        return expr
    if len({c.free_symbols and frozenset(c.free_symbols) for c in conds}) != 1:
        return expr
    folded = sympy.piecewise_fold(expr)
    return folded if isinstance(folded, sympy.Piecewise) and len(folded.args) == 2 else expr


def same_index(e: sympy.Basic, x: sympy.Basic) -> sympy.Basic:
    """``e`` with the index of each sum over ``x``'s range renamed to ``x``'s own (``x`` one sum): the branches of
    ``w^T x if w^T x > 0, 0.01 w^T x otherwise`` are read with three different dummy indices, one per sum."""
    refuse_text(e, "the expression")
    if not isinstance(x, sympy.Sum) or len(x.limits) != 1:
        return e
    k, lo, hi = x.limits[0]

    def rename(s: sympy.Sum) -> sympy.Basic:
        j = s.limits[0][0]
        if j == k or k in s.function.free_symbols:
            return s
        return sympy.Sum(s.function.xreplace({j: k}), (k, lo, hi))

    return e.replace(lambda n: isinstance(n, sympy.Sum) and len(n.limits) == 1 and n.limits[0][1:] == (lo, hi), rename)


def max_min_celu(expr: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic] | None:
    """``(x, α)`` if ``expr`` is PyTorch's CELU ``max(0, x) + min(0, α(e^{x/α} − 1))`` (Barron 2017), α ≠ 1: exactly
    ``α·ELU(x/α)``, an ELU whose exponential is stretched so the slope is continuous at 0 for every α."""
    refuse_text(expr, "the expression")
    split = _max_min_parts(expr)
    if split is None:
        return None
    x, neg = split
    for e in neg.atoms(exp):
        alpha = cheap_cancel(x / e.args[0])
        if alpha.has(*x.free_symbols) or alpha == 0 or alpha == 1 or alpha.is_negative:
            continue
        if sympy.expand(neg - alpha * (e - 1)) == 0:
            return x, alpha
    return None


def _max_min_parts(expr: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic] | None:
    """``(x, n)`` if ``expr`` is ``max(0, x) + min(0, n)``: an activation's positive and negative parts."""
    parts = terms(expr)
    mx = [t for t in parts if isinstance(t, Max) and len(t.args) == 2 and 0 in t.args]
    mn = [t for t in parts if isinstance(t, Min) and len(t.args) == 2 and 0 in t.args]
    if len(parts) != 2 or len(mx) != 1 or len(mn) != 1:
        return None
    return next(a for a in mx[0].args if a != 0), next(a for a in mn[0].args if a != 0)


def piecewise_branches(expr: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic, sympy.Basic] | None:
    """``(x, branch for x > 0, branch for x < 0)`` of a two-piece ``Piecewise`` split at 0 (or of a sum of terms
    gated by indicators of the two sides, folded into one)."""
    if isinstance(expr, (sympy.Add, sympy.Mul)) and expr.has(Piecewise):
        expr = fold_indicators(expr)
    if not isinstance(expr, Piecewise) or len(expr.args) != 2:
        return None
    (e1, c1), (e2, _) = expr.args
    if not isinstance(c1, sympy.core.relational.Relational) or (c1.rhs != 0 and c1.lhs != 0):
        return None
    x = c1.lhs if c1.rhs == 0 else c1.rhs
    positive = isinstance(c1, (sympy.StrictGreaterThan, sympy.GreaterThan)) == (c1.rhs == 0)
    e1, e2 = same_index(e1, x), same_index(e2, x)
    return (x, e1, e2) if positive else (x, e2, e1)


def piecewise_elu(expr: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic, sympy.Basic] | None:
    """``(x, scale λ, α)`` if ``expr`` is ``λ·ELU_α(x)`` written piecewise."""
    got = one_factor(expr, Piecewise)
    if got is None:
        return None
    scale, expr = got
    br = piecewise_branches(expr)
    if not br:
        return None
    x, pos, neg = br
    lam = cheap_cancel(scale * pos / x)
    if lam.has(*x.free_symbols) or lam == 0:
        return None  # x·𝟙(x < 0) is 0 above zero: no identity branch, no (S)ELU
    alpha = cheap_cancel(scale * neg / (lam * (exp(x) - 1)))
    if alpha.has(*x.free_symbols) or alpha == 0 or alpha.has(sympy.zoo, sympy.oo, sympy.nan):
        return None
    return x, lam, alpha
