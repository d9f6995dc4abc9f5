"""Optimisers read off several statements beyond momentum/RMSProp/Adagrad/Adam (see :mod:`relations`).

AdamW (Adam whose step also shrinks the weights: Loshchilov & Hutter's Algorithm 2, PyTorch's
``θ_t ← θ_{t-1} − γλθ_{t-1}``), AMSGrad (the denominator is a running maximum ``v̂ ← max(v̂, v)`` of
the EMA of squares), NAdam (the numerator mixes the momentum with the fresh gradient) and AdaDelta
(the numerator is the root of an EMA of the squared steps themselves).  All structural.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy

from symdl.chunk.algebra import difference, factors, is_one, is_subtracted, linear_in, numer_denom, sqrt_arg, terms
from symdl.chunk.concepts_optim2 import interpolation, sign_arg
from symdl.chunk.optim_scales import rms_parts
from symdl.chunk.optim_shapes import hadamard_ratio, one_series, shrink_of
from symdl.chunk.optim_update import describe_input
from symdl.chunk.registry import Context, Match
from symdl.chunk.tree import Relation
from symdl.formula import Statement

Resolver = Callable[[sympy.Basic, Context], "tuple[sympy.Basic, Match] | None"]


def statement_of(sym: sympy.Basic, ctx: Context) -> int | None:
    """The index of the statement whose target is ``sym``."""
    if ctx.formula is None:
        return None
    return next((k for k, st in enumerate(ctx.formula.statements) if st.target == sym), None)


def series(sym: sympy.Basic, ctx: Context) -> list[sympy.Basic]:
    """``sym`` first, then the other times of its series (``D_{t-1}`` → ``[D_{t-1}, D_t]``)."""
    if ctx.formula is not None:
        for ser in ctx.formula.time_series.values():
            if sym in ser.values():
                return [sym, *(v for v in ser.values() if v != sym)]
    return [sym]


def definition(sym: sympy.Basic, ctx: Context) -> sympy.Basic | None:
    """The right side defining ``sym`` when it is an assignment (``g'_t = … g_t``), not an update."""
    k = statement_of(sym, ctx)
    if k is None or ctx.formula is None:
        return None
    st = ctx.formula.statements[k]
    if (st.previous is not None and st.rhs.has(st.previous)) or isinstance(st.rhs, (sympy.Symbol, sympy.Indexed)):
        return None
    fact = ctx.facts.get(sym)
    if fact is not None and fact.concept in ("ema", "momentum", "running_sum", "bias_correction"):
        return None
    if type(st.rhs).__name__ == "HadamardProduct":  # −ε/(δ + √r) ⊙ g: negating would hide the ratio
        return st.rhs
    return -st.rhs if is_subtracted(st.rhs) else st.rhs


def running_max_input(sym: sympy.Basic, ctx: Context) -> sympy.Basic | None:
    """``v`` if ``sym`` is defined by ``max(sym_{t-1}, v)`` (AMSGrad's running maximum)."""
    k = statement_of(sym, ctx)
    if k is None or ctx.formula is None:
        return None
    st = ctx.formula.statements[k]
    rhs = st.rhs
    if not isinstance(rhs, sympy.Max) or len(rhs.args) != 2:
        return None
    own = set(series(sym, ctx))
    inside = [a for a in rhs.args if a not in own]
    return inside[0] if len(inside) == 1 and len(own & set(rhs.args)) == 1 else None


def centered_input(sym: sympy.Basic, ctx: Context) -> sympy.Basic | None:
    """``v`` if ``sym`` is set to ``v`` and then lowered by a square (PyTorch's centered RMSProp:
    ``ṽ_t ← v_t; ṽ_t ← ṽ_t − (g^{ave}_t)²``): a variance estimate built on the average of squares ``v``; or
    ``v`` if ``sym`` is only a copy of it (``ṽ_t ← v_t``, the same box when not centered)."""
    if ctx.formula is None:
        return None
    sts = [st for st in ctx.formula.statements if st.target == sym]
    if not sts or len(sts) > 2 or not isinstance(sts[0].rhs, (sympy.Symbol, sympy.MatrixSymbol)) or sts[0].rhs == sym:
        return None
    if len(sts) == 1:  # PyTorch's RMSprop box when not centered: ṽ_t ← v_t, a plain copy
        return sts[0].rhs
    parts = terms(sts[1].rhs)
    lowered = [t for t in parts if t != sym]
    if len(parts) != 2 or sym not in parts or len(lowered) != 1 or not is_subtracted(lowered[0]):
        return None
    sq = -lowered[0]
    return sts[0].rhs if isinstance(sq, sympy.Pow) and sq.exp == 2 else None


def _rel(text: str, stmts: tuple[int, ...], concept: str) -> Relation:
    return Relation("combines", text, tuple(sorted(set(stmts))), concept)


def adamw(step: Match, k: int, ctx: Context, found: list[Relation]) -> list[Relation]:
    """AdamW: an Adam step whose update also shrinks the weights (folded in, or by a statement of its own)."""
    adam = [r for r in found if r.concept == "adam"]
    if not adam:
        return _adamw_line(step, k, ctx)
    lx = ctx.latex
    decay = step.param("weight decay")
    where = (k,)
    if decay is None and ctx.formula is not None:
        params = set(series(step.role("parameter"), ctx))
        for j, st in enumerate(ctx.formula.statements[:k]):
            lin = linear_in(st.rhs, st.previous) if st.previous in params and st.target in params else None
            d = shrink_of(lin[0], lin[1], ctx) if lin is not None and lin[1] == 0 else None
            if d is not None:  # θ_t ← θ_{t-1} − γλθ_{t-1}, a statement of its own (PyTorch's AdamW)
                decay, where = d, (j, k)
    if decay is None:
        return []
    return [
        _rel(
            f"AdamW: the Adam step also shrinks the weights by the decay ${lx(decay)}$ directly (decoupled "
            "weight decay), not through the gradient the moments average",
            adam[0].statements + where,
            "adamw",
        )
    ]


def amsgrad(second: sympy.Basic, through: sympy.Basic, k: int, ctx: Context) -> list[Relation]:
    """AMSGrad: the denominator's accumulator was reached through a running maximum."""
    j, i = statement_of(through, ctx), statement_of(second, ctx)
    stmts = tuple(x for x in (i, j, k) if x is not None)
    return [
        _rel(
            f"AMSGrad: the step divides by ${ctx.latex(through)}$, the running maximum of the EMA "
            f"${ctx.latex(second)}$, so the per-coordinate step sizes never grow back",
            stmts,
            "amsgrad",
        )
    ]


def nadam(num: sympy.Basic, k: int, ctx: Context, resolve: Resolver) -> list[Relation]:
    """NAdam: the numerator is momentum plus the fresh gradient (Nesterov's look-ahead inside Adam)."""
    sums = [terms(e) for f in factors(num) if len(terms(e := definition(f, ctx) or f)) == 2]
    if len(sums) != 1:
        return []

    def through(f: sympy.Basic) -> tuple[sympy.Basic, Match] | None:
        """``resolve``, also through a division the registry does not name (``m/(1 − Π μ_i)``)."""
        d = definition(f, ctx)
        inner = factors(numer_denom(d)[0]) if d is not None else []
        return resolve(f, ctx) or next((r for x in inner if (r := resolve(x, ctx))), None)

    for a, b in (sums[0], sums[0][::-1]):
        got = next((r for f in factors(a) if (r := through(f))), None)
        if got is None or got[1].concept not in ("ema", "momentum"):
            continue
        g = got[1].role("new value")
        expanded = [definition(f, ctx) or f for f in factors(b)]
        if g is not None and any(e.has(g) for e in expanded):
            return [
                _rel(
                    f"NAdam: the numerator mixes ${ctx.latex(got[0])}$, the momentum of "
                    f"{describe_input(g, ctx)}, with the fresh gradient itself: a Nesterov look-ahead inside "
                    "Adam",
                    tuple(x for x in (statement_of(got[0], ctx), k) if x is not None),
                    "nadam",
                )
            ]
    return []


def nadam_line(step: Match, k: int, ctx: Context) -> list[Relation]:
    """NAdam with undefined moments: Ruder 2016's line ``θ − η/(√v̂ + ε) (β₁ m̂ + (1 − β₁) g/(1 − β₁^t))``, or
    Dozat 2016's ``m̄ = (1 − μ_t) ĝ + μ_{t+1} m̂; θ ← θ − η m̄/(√n̂ + ε)`` (a momentum schedule μ_t, the shares
    possibly bias-corrected by 1 − β^t or 1 − Π μ_i).  The step divides a mix of one moment and the fresh
    gradient by the root of another moment."""
    d = step.role("direction")
    rms = rms_parts(definition(d, ctx) or d) if d is not None else None
    if rms is None or not _moment_or_corrected(rms[1], ctx, hat=False):
        return []
    for f in dict.fromkeys([rms[0], *factors(rms[0])]):
        u = definition(f, ctx) or _assigned(f, ctx) or f
        got = _mix(_uncorrected_sum(u), ctx) if len(terms(u)) == 2 else None
        if got is None or not _moment(got[1], ctx) or rms[1] in got[1:]:
            continue
        lx = ctx.latex
        return [
            _rel(
                f"NAdam: the step mixes the moment ${lx(got[1])}$ with the fresh gradient ${lx(got[2])}$ "
                f"(weight ${lx(got[0])}$ on the moment): a Nesterov look-ahead inside Adam's step, divided by the "
                f"root of ${lx(rms[1])}$",
                tuple(x for x in (statement_of(f, ctx), k) if x is not None),
                "nadam",
            )
        ]
    return []


def _assigned(sym: sympy.Basic, ctx: Context) -> sympy.Basic | None:
    """The right side assigned to ``sym`` even when it was read as a bias correction (Dozat's
    ``m̂_t ← μ_{t+1} m_t/(1 − μ^{t+1}) + (1 − μ_t) g_t/(1 − μ^t)``: two corrected shares, a mix); not an update."""
    k = statement_of(sym, ctx)
    st = ctx.formula.statements[k] if k is not None and ctx.formula is not None else None
    if st is None or (st.previous is not None and st.rhs.has(st.previous)):
        return None
    return st.rhs


def _mix(u: sympy.Basic, ctx: Context) -> tuple[sympy.Basic, sympy.Basic, sympy.Basic] | None:
    """``(β, m, g)`` for ``β m + (1 − β) g``, or ``μ_{t+1} m + (1 − μ_t) g`` with a momentum schedule μ."""
    got = interpolation(u, ctx)
    if got is not None:
        return got
    parts = [ctx.split_coefficient(t) for t in terms(u)]
    for (b, m), (a, g) in (parts, parts[::-1]):
        diff = difference(a)
        if diff is not None and is_one(diff[0]) and one_series(diff[1], b, ctx):
            return b, m, g
    return None


def _uncorrected_sum(u: sympy.Basic) -> sympy.Basic:
    """``u`` with each term's bias correction taken off its coefficient (bold ``μ m_t/(1 − μ^{t+1})`` too)."""
    parts = []
    for t in terms(u):
        fs = t.args if type(t).__name__ == "MatMul" else (t,)
        c = sympy.Mul(*[f for f in fs if not isinstance(f, sympy.MatrixExpr)])
        q = [f for f in fs if isinstance(f, sympy.MatrixExpr)]
        parts.append(_uncorrected(c) * sympy.MatMul(*q) if q else _uncorrected(t))
    return sympy.MatAdd(*parts) if isinstance(u, sympy.MatrixExpr) else sympy.Add(*parts)


def _uncorrected(term: sympy.Basic) -> sympy.Basic:
    """``(1 − β) g`` for ``(1 − β) g/(1 − β^t)`` (or ``/(1 − Π_i μ_i)``): a term without its bias correction."""
    num, den = numer_denom(term)
    diff = difference(den)
    corrected = (
        diff is not None
        and is_one(diff[0])
        and (isinstance(diff[1], sympy.Product) or (isinstance(diff[1], sympy.Pow) and not diff[1].exp.is_number))
    )
    return num if corrected else term


def adadelta(step_sym: sympy.Basic, num: sympy.Basic, k: int, ctx: Context) -> list[Relation]:
    """AdaDelta: the numerator is the root of an EMA of the squared steps themselves (a later statement's EMA of
    ``Δx²``, or Zeiler's named running statistic of the step, ``RMS[Δx]_{t-1}`` or ``√(E[Δx²]_{t-1} + ε)``)."""
    own = set(series(step_sym, ctx))
    hadamard = type(num).__name__ == "HadamardProduct"  # d2l's bold √(Δx + ε) ⊙ g / √(s + ε)
    for f in list(num.args) if hadamard else factors(num):
        inner = sqrt_arg(f)
        for t in (*(terms(inner) if inner is not None else ()), f):
            if _statistic_of_steps(t, step_sym, root=inner is None):
                return [_rel(f"AdaDelta: the learning rate is replaced by ${ctx.latex(f)}$, the running root mean "
                             f"square of the steps ${ctx.latex(step_sym)}$ themselves, so the step has the units "
                             "of the parameters", tuple(x for x in (statement_of(t, ctx), k) if x is not None),
                             "adadelta")]
            for s in series(t, ctx) if inner is not None else ():
                fact = ctx.facts.get(s)
                x = fact.role("new value") if fact is not None and fact.concept == "ema" else None
                square = isinstance(x, sympy.Pow) or type(x).__name__ == "HadamardPower"
                if square and x.exp == 2 and x.base in own:
                    return [
                        _rel(
                            f"AdaDelta: the learning rate is replaced by the root of ${ctx.latex(s)}$, an EMA "
                            f"of the squared steps ${ctx.latex(x)}$, so the step has the units of the parameters",
                            tuple(x for x in (statement_of(s, ctx), k) if x is not None),
                            "adadelta",
                        )
                    ]
    return []


def _statistic_of_steps(t: sympy.Basic, step_sym: sympy.Basic, root: bool) -> bool:
    """Is ``t`` Zeiler's running statistic of the step ``Δx`` itself, as the reader names it (``runavg``): the root
    mean square ``RMS[Δx]_{t-1}`` (``root``: not under a root), or ``E[Δx^2]_{t-1}`` under a root?"""
    stem = str(getattr(step_sym, "name", "")).split("_")[0]
    name = str(getattr(t, "name", "")).split("_")[0]
    if not stem or not isinstance(t, (sympy.Symbol, sympy.MatrixSymbol)):
        return False
    return name == ("RMS" + stem if root else "E" + stem + "2")


def adadelta_statement(st: Statement, k: int, ctx: Context) -> list[Relation]:
    """AdaDelta read off the statement of its step alone (``Δθ_t = −(RMS[Δθ]_{t−1}/RMS[g]_t) g_t``, Zeiler's
    Algorithm 1; d2l's ``g'_t = √(Δx_{t−1} + ε)/√(s_t + ε) ⊙ g_t``): an assignment whose right side is a ratio
    with the steps' own running statistic on top."""
    if st.target is None or (st.previous is not None and st.rhs.has(st.previous)):
        return []
    rhs = st.rhs if type(st.rhs).__name__ == "HadamardProduct" or not is_subtracted(st.rhs) else -st.rhs
    num, den = hadamard_ratio(rhs) or numer_denom(rhs)
    return adadelta(st.target, num, k, ctx) if den != 1 else []


def lion(step: Match, k: int, ctx: Context) -> list[Relation]:
    """Lion: the step follows the sign of an interpolation whose momentum is an EMA of another statement."""
    d = step.role("direction")
    d = (definition(d, ctx) or d) if isinstance(d, sympy.Symbol) else d
    st = ctx.formula.statements[k] if ctx.formula is not None else None
    if isinstance(d, sympy.sign) and st is not None:  # the step was expanded: take the sign as written
        d = next((a for a in st.rhs.atoms(sympy.sign) if sympy.expand(a.args[0]) == sympy.expand(d.args[0])), d)
    if (arg := sign_arg(d)) is None or (got := interpolation(arg, ctx)) is None:
        return []
    m = got[1]
    for s in series(m, ctx):
        fact = ctx.facts.get(s)
        if fact is not None and fact.concept == "ema" and statement_of(s, ctx) is not None:
            return [
                _rel(
                    f"Lion: the step is the sign of an interpolation of ${ctx.latex(m)}$, an EMA of "
                    f"{describe_input(fact.role('new value'), ctx)} with its own decay, and the fresh gradient",
                    (statement_of(s, ctx), k),
                    "lion",
                )
            ]
    return []


def _moment(q: sympy.Basic, ctx: Context) -> bool:
    """``q`` is a bare moment estimate the formula does not define: a symbol, no gradient of its own."""
    plain = isinstance(q, (sympy.Symbol, sympy.MatrixSymbol, sympy.Indexed))
    return plain and statement_of(q, ctx) is None and ctx.gradient_of(q) is None and q not in ctx.facts


def adam_line(direction: sympy.Basic, k: int, ctx: Context, lr: sympy.Basic | None = None) -> list[Relation]:
    """Adam's step on its own (d2l's ``g'_t = η v̂_t/(√ŝ_t + ε)``, Ruder's ``θ − η m̂/(√v̂ + ε)``, Ng's
    ``W − α V^{corr}/(√S^{corr} + ε)``): one moment divided by the root of another, each undefined in the
    formula or only bias-corrected there, neither the raw gradient.  With the rate ``lr`` defined as Adam's folded
    correction ``α √(1 − β₂^t)/(1 − β₁^t)`` (Kingma & Ba §2, Keras' ``lr_t``) the moments need no hat."""
    rms = rms_parts(direction)
    if rms is None:
        return []
    lr = next((f for f in (lr, *factors(rms[0])) if _folded(f, ctx)), None)  # α_t ← α √(1 − β₂^t)/(1 − β₁^t)
    hat = lr is None
    moments = [f for f in factors(rms[0]) if _moment_or_corrected(f, ctx, hat) and ctx.data_rank(f) >= 2]
    if len(moments) != 1 or not _moment_or_corrected(rms[1], ctx, hat) or rms[1] == moments[0]:
        return []
    lx = ctx.latex
    how = "" if hat else f"; the rate ${lx(lr)}$ folds both bias corrections"
    return [
        _rel(
            f"Adam's step: it divides the moment ${lx(moments[0])}$ by the root of the second moment ${lx(rms[1])}$ "
            f"(neither is the raw gradient; their averages are not written here{how})",
            tuple(x for x in (statement_of(moments[0], ctx), statement_of(lr, ctx) if not hat else None,
                              statement_of(rms[1], ctx), k) if x is not None),
            "adam",
        )
    ]


def _folded(lr: sympy.Basic | None, ctx: Context) -> bool:
    """Is ``lr`` defined as Adam's rate with both corrections folded in, ``α √(1 − β₂^t)/(1 − β₁^t)``: a bias
    correction (by ``1 − β₁^t``) whose estimate holds ``√(1 − β₂^t)``?"""
    fact = ctx.facts.get(lr) if lr is not None else None
    if fact is None or fact.concept != "bias_correction" or fact.role("estimate") is None:
        return False
    step = fact.role("step")
    return any(isinstance(p, sympy.Pow) and p.exp == sympy.Rational(1, 2) and (d := difference(p.base)) is not None
               and is_one(d[0]) and isinstance(d[1], sympy.Pow) and d[1].exp == step and d[1].base != fact.role("decay")
               for p in sympy.preorder_traversal(fact.role("estimate")))


def _moment_or_corrected(q: sympy.Basic, ctx: Context, hat: bool = True) -> bool:
    """A moment estimate: the bias correction of an undefined moment (Ng's ``V^{corr} = V/(1 − β₁^t)``), or an
    undefined moment marked as an estimate by a hat (``m̂_t``, ``v̂_t`` written widehat).  A bare ``g/√v`` is not
    enough: it may be RMSProp's gradient (``hat=False``: an undefined moment needs no hat, for a denominator)."""
    fact = ctx.facts.get(q)
    if fact is not None and fact.concept == "bias_correction":  # ν n_t/(1 − ν^t): the moment n_t
        return _moment(ctx.split_coefficient(fact.role("estimate"))[1], ctx)
    return _moment(q, ctx) and (not hat or any(a in ctx.spelling(q) for a in ("\\hat", "\\widehat")))


def _adamw_line(step: Match, k: int, ctx: Context) -> list[Relation]:
    """AdamW written as one line, θ_t ← θ_{t-1} − η(α m̂/(√v̂ + ε) + λθ_{t-1}) (PyTorch's docs, Loshchilov &
    Hutter's Algorithm 2): a decoupled decay beside a step that divides one moment by the root of another,
    neither of them the raw gradient nor defined in the formula."""
    decay = step.param("weight decay")
    d = step.role("direction")
    rms = rms_parts(d) if decay is not None and d is not None else None
    if rms is None:
        return []
    moments = [f for f in factors(rms[0]) if _moment(f, ctx) and ctx.data_rank(f) >= 2]  # not the scalar α
    if len(moments) != 1 or not _moment(rms[1], ctx) or rms[1] == moments[0]:
        return []
    return [
        _rel(
            f"AdamW in one line: the step divides the moment ${ctx.latex(moments[0])}$ by the root of "
            f"${ctx.latex(rms[1])}$ (Adam's step) and shrinks the weights by the decay ${ctx.latex(decay)}$ "
            "directly, not through the gradient (decoupled weight decay)",
            (k,),
            "adamw",
        )
    ]


def adagrad_diagonal(den: sympy.Basic, k: int, ctx: Context) -> list[Relation]:
    """Duchi et al.'s Adagrad ``θ_{t+1,i} = θ_{t,i} − η/√(G_{t,ii} + ε) g_{t,i}`` (Ruder's overview): the root of a
    DIAGONAL entry ``G_{t,ii}`` (one index repeated) of the summed outer products of the gradients."""
    for t in terms(den):
        if isinstance(t, sympy.Indexed) and len(t.indices) >= 2 and len(set(t.indices)) == 1:
            text = (f"${ctx.latex(t)}$, an entry at a repeated index, is the diagonal of the sum of the gradients' "
                    "outer products so far; the step divides by its root: Adagrad (Duchi et al. 2011)")
            return [_rel(text, (k,), "adagrad")]
    return []
