"""More optimiser blocks: weight decay, Nesterov momentum, Lion's sign update, gradient clipping.

Each is read off the structure of an update (see :mod:`symdl.chunk.optim_shapes`) or of a
clipping expression; the multi-statement optimisers (AdamW, NAdam, AMSGrad, AdaDelta) are named
by :mod:`symdl.chunk.relations` and only described here.
"""

from __future__ import annotations

import sympy
from sympy.core.function import AppliedUndef
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction

from symdl.chunk.algebra import cheap_cancel, difference, factors, is_one, linear_in, num_value, terms
from symdl.chunk.concepts_linalg import _norm_arg
from symdl.chunk.optim_adam import running_max
from symdl.chunk.optim_decay import decay_added_to_gradient
from symdl.chunk.optim_more import (
    defined_value,
    drop_epsilon,
    guarded_rescale,
    named_gradient_points,
    named_norm,
    piecewise_clamp,
    symbolic_clamp,
)
from symdl.chunk.optim_shapes import lookahead_of, shrink_of, weight_decay_term
from symdl.chunk.optim_steps import earlier_value
from symdl.chunk.optim_update import UPDATE_HEADS, update_split
from symdl.chunk.registry import Concept, Context, Match


def _weight_decay(expr: sympy.Basic, ctx: Context) -> Match | None:
    split = update_split(expr, ctx)
    if split is None:  # g_t ← ∇f_t(θ_{t-1}) + λθ_{t-1}: a gradient's definition, no update of a parameter
        return decay_added_to_gradient(expr, ctx)
    prev, a, rest = split
    lx = ctx.latex
    if is_one(a) and rest != 0:
        lam = weight_decay_term(prev, rest, ctx)
        if lam is None:
            return None
        return Match(
            "weight_decay",
            roles=(("gradient", prev), ("decay term", rest)),
            params=(("decay", lam),),
            note=f"adds ${lx(rest)}$ to the gradient ${lx(prev)}$: the gradient of the L2 penalty "
            f"$\\frac{{{lx(lam)}}}{{2}}\\|\\cdot\\|^2$, so every step also pulls the weights towards 0",
        )
    d = shrink_of(a, rest, ctx) if rest == 0 else None
    if d is None:
        return None
    return Match(
        "weight_decay",
        roles=(("parameter", prev),),
        params=(("decay", d),),
        note=f"multiplies ${lx(prev)}$ by ${lx(a)}$: shrinks the weights by the fraction ${lx(d)}$ each step",
    )


def _defined(sym: sympy.Basic, ctx: Context) -> sympy.Basic | None:
    """The right side of the statement that defines ``sym`` (Goodfellow's ``θ̃ ← θ + αv``), if any."""
    if ctx.formula is None or not isinstance(sym, sympy.Symbol):
        return None
    return next((st.rhs for st in ctx.formula.statements if st.target == sym and st is not ctx.statement), None)


def _gradient_points(rest: sympy.Basic, prev: sympy.Basic, ctx: Context) -> list[sympy.Basic]:
    """Where the gradients in ``rest`` are taken, when that point involves ``prev`` (``∇f(θ + μv)``),
    also through statements: ``θ̃ ← θ + αv; g ← ∇L(θ̃); v ← αv − εg`` (Goodfellow's Algorithm 8.3)."""
    out: list[sympy.Basic] = []
    for q in sorted(rest.free_symbols, key=sympy.default_sort_key):
        out.extend(named_gradient_points(q, prev, ctx))  # cs231n's dx_ahead, Goodfellow's bold ∇_θ̃
        grad = _defined(q, ctx)
        ds = [f for f in factors(grad) if isinstance(f, sympy.Derivative)] if grad is not None else []
        grad = ds[0] if len(ds) == 1 else grad  # g ← (1/m)∇_θ̃ Σ L (Goodfellow's Algorithm 8.3): a scaled gradient
        if grad is not None and isinstance(grad, sympy.Derivative):
            out.extend(d for v in grad.variables if (d := _defined(v, ctx)) is not None and d.has(prev))
    for node in sympy.preorder_traversal(rest):
        if isinstance(node, sympy.Subs) and node.args[2].has(prev):
            out.extend(p for p in node.args[2] if p.has(prev))
        elif isinstance(node, sympy.Derivative) and node.expr.has(prev):
            out.extend(c for f in node.expr.atoms(AppliedUndef) for c in f.args if c.has(prev))
    return out


def _split_through_subs(expr: sympy.Basic, ctx: Context) -> tuple[sympy.Basic, sympy.Basic, sympy.Basic] | None:
    """:func:`update_split`, with gradients evaluated at a point (``Subs``) held as opaque quantities."""
    split = update_split(expr, ctx)
    st = ctx.statement
    if split is not None or st is None or st.previous is None or expr != st.rhs:
        return split
    opaque = {s: sympy.Dummy("q", real=True) for s in expr.atoms(sympy.Subs) if s.has(st.previous)}
    lin = linear_in(expr.xreplace(opaque), st.previous) if opaque else None
    if lin is None:
        return None
    back = {v: k for k, v in opaque.items()}
    return st.previous, lin[0].xreplace(back), lin[1].xreplace(back)


def _nesterov(expr: sympy.Basic, ctx: Context) -> Match | None:
    split = _split_through_subs(expr, ctx)
    if split is None:
        return None
    prev, a, rest = split
    lx = ctx.latex
    if is_one(a):
        mu = lookahead_of(prev, rest, ctx)
        if mu is None:
            return None
        return Match(
            "nesterov",
            roles=(("previous", prev), ("look-ahead step", rest)),
            params=(("momentum", mu),),
            note=f"adds the velocity again, scaled by the momentum ${lx(mu)}$: the step is taken from the "
            "look-ahead point the velocity is about to reach (Nesterov)",
        )
    val = num_value(a)
    if a == 0 or (val is not None and not 0 < val < 1):
        return None
    for point in _gradient_points(rest, prev, ctx):
        lin = linear_in(point, prev)
        if lin is not None and any(cheap_cancel(lin[0] - s * a) == 0 for s in (1, -1)):
            return Match(
                "nesterov",
                roles=(("previous velocity", prev), ("look-ahead point", point)),
                params=(("momentum", a), ("decay", a), ("coefficient", ctx.split_coefficient(rest)[0])),
                also=("momentum",),
                note=f"momentum with decay ${lx(a)}$ whose gradient is taken at the look-ahead point "
                f"${lx(point)}$, where the velocity is about to carry the parameters",
            )
    return None


def interpolation(u: sympy.Basic, ctx: Context) -> tuple[sympy.Basic, sympy.Basic, sympy.Basic] | None:
    """``(β, m, g)`` if ``u`` is ``β m + (1 − β) g`` (inline, or defined so by an earlier statement)."""
    if isinstance(u, (sympy.Symbol, sympy.MatrixSymbol, sympy.Indexed)) and ctx.formula is not None:
        for st in ctx.formula.statements:
            fresh = st.previous is None or not st.rhs.has(st.previous)  # c_t ← β m + (1 − β) g: no c on the right
            fresh = fresh and earlier_value(st.target, st.rhs, ctx) is None  # Signum's m_{k+1} = β m_k + …: an EMA
            same = st.target == u or any(u in ser.values() and st.target in ser.values()  # MLX's c_{t+1} = …, sign(c_t)
                                         for ser in ctx.formula.time_series.values())
            if same and fresh and not isinstance(st.rhs, (sympy.Symbol, sympy.Indexed)):
                return interpolation(st.rhs, ctx)
    grouped: dict[sympy.Basic, sympy.Basic] = {}
    for t in terms(u):  # an expanded β m − β g + g: regroup by quantity (g: 1 − β)
        c, q = ctx.split_coefficient(t)
        grouped[q] = grouped.get(q, sympy.Integer(0)) + c
    if len(grouped) != 2:
        return None
    (m, b1), (g, b2) = grouped.items()
    if m == g or is_one(b1) or is_one(b2) or cheap_cancel(b1 + b2 - 1) != 0:
        return None
    val = num_value(b1)
    if val is not None and not 0 < val < 1:
        return None
    one_minus = difference(b1) is not None and is_one(difference(b1)[0]) and difference(b2) is None
    if (b2.free_symbols and not b1.free_symbols) or one_minus:  # β on the symbolic side: (1 − β) g + β m
        b1, m, g = b2, g, m
    return b1, m, g


def sign_arg(expr: sympy.Basic) -> sympy.Basic | None:
    """``x`` if ``expr`` is ``sign(x)``, or the sign applied entry by entry to a bold ``x``."""
    if isinstance(expr, sympy.sign):
        return expr.args[0]
    f = expr.function if isinstance(expr, ElementwiseApplyFunction) else None
    if isinstance(f, sympy.Lambda) and len(f.variables) == 1 and f.expr == sympy.sign(f.variables[0]):
        return expr.expr
    return None


def _lion(expr: sympy.Basic, ctx: Context) -> Match | None:
    arg = sign_arg(expr)
    if arg is None:
        return None
    got = interpolation(arg, ctx)
    if got is None:
        return None
    beta, m, g = got
    lx = ctx.latex
    return Match(
        "lion",
        roles=(("interpolation", arg), ("momentum", m), ("gradient", g)),
        params=(("beta", beta),),
        note=f"the sign of ${lx(beta)} {lx(m)} + (1 - {lx(beta)}) {lx(g)}$: every coordinate steps by ±1 "
        "(Lion); a sign is not a velocity, so this is not momentum",
    )


def _clip_bounds(expr: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic, sympy.Basic] | None:
    """``(x, lo, hi)`` if ``expr`` is ``min(max(x, lo), hi)`` or ``max(min(x, hi), lo)``."""
    outer, inner_cls = (sympy.Min, sympy.Max) if isinstance(expr, sympy.Min) else (sympy.Max, sympy.Min)
    if not isinstance(expr, outer) or len(expr.args) != 2:
        return None
    inner = [a for a in expr.args if isinstance(a, inner_cls) and len(a.args) == 2]
    if len(inner) != 1:
        return None
    bound = next(a for a in expr.args if a is not inner[0])
    for x, other in (inner[0].args, inner[0].args[::-1]):
        if not other.free_symbols <= bound.free_symbols or x.is_number:
            continue
        lo, hi = (other, bound) if outer is sympy.Min else (bound, other)
        if cheap_cancel(lo + hi) == 0 and not lo.is_zero:
            return x, lo, hi
        if _centred_range(lo, hi):  # PPO's clip(r, 1 − ε, 1 + ε): the ratio clipped into a band around 1
            return x, lo, hi
    return symbolic_clamp(inner[0], bound, outer is sympy.Max)


def _centred_range(lo: sympy.Basic, hi: sympy.Basic) -> bool:
    """Is ``[lo, hi]`` a band ``[c − d, c + d]`` about a number ``c`` with a named half-width ``d`` (``1 ± ε``)?"""
    mid, half = cheap_cancel((lo + hi) / 2), cheap_cancel((hi - lo) / 2)
    return bool(mid.is_number and mid != 0 and half.free_symbols and not half.could_extract_minus_sign())


def _clip_by_value(expr: sympy.Basic, ctx: Context) -> Match | None:
    got = piecewise_clamp(expr) if isinstance(expr, sympy.Piecewise) else _clip_bounds(expr)
    if got is None:
        return None
    x, lo, hi = got
    return Match(
        "clip_by_value",
        roles=(("input", x), ("lower bound", lo), ("upper bound", hi)),
        params=(("threshold", hi),),
        note=f"clips every coordinate of ${ctx.latex(x)}$ into $[{ctx.latex(lo)}, {ctx.latex(hi)}]$",
    )


def _same_vector(a: sympy.Basic | None, x: sympy.Basic) -> bool:
    if a is None:
        return False
    if isinstance(a, sympy.Indexed) and isinstance(x, sympy.Indexed):
        return a.base == x.base
    if isinstance(x, sympy.Indexed) and isinstance(a, (sympy.Symbol, sympy.MatrixSymbol)):
        return str(x.base.label) == str(a.name)  # g_p scaled by the norm of the whole g (all parameters)
    if isinstance(a, sympy.Indexed) and isinstance(x, (sympy.Symbol, sympy.MatrixSymbol)):
        return str(a.base.label) == str(x.name)  # g scaled by √(Σ_i g_i²), the norm of its entries (global norm)
    return a == x


def _clip_factor(f: sympy.Basic, x: sympy.Basic, ctx: Context) -> sympy.Basic | None:
    """The threshold ``c`` if the factor ``f`` is ``min(1, c/‖x‖)`` or ``c/max(c, ‖x‖)``; the ratio may be
    defined by an earlier statement (``c = max_norm/(‖g‖ + 10^{-6})``, PyTorch's clip_grad_norm_)."""
    if isinstance(f, sympy.Min) and len(f.args) == 2 and sympy.Integer(1) in f.args:
        ratio = next(a for a in f.args if a != 1)
        ratio = defined_value(ratio, ctx) or ratio
        n = [p.base**-p.exp for p in factors(ratio) if isinstance(p, sympy.Pow) and p.exp.is_negative]
        c = cheap_cancel(ratio * n[0]) if len(n) == 1 else None
        return c if c is not None and _same_vector(_norm_arg(drop_epsilon(n[0])), x) else None
    if isinstance(f, sympy.Mul):
        inv = [p for p in f.args if isinstance(p, sympy.Pow) and p.exp == -1 and isinstance(p.base, sympy.Max)]
        if len(inv) == 1 and len(inv[0].base.args) == 2:
            c = cheap_cancel(f / inv[0])
            norms = [a for a in inv[0].base.args if a != c]
            if len(norms) == 1 and _same_vector(_norm_arg(named_norm(norms[0], ctx)), x):
                return c
    return None


def _clip_by_norm(expr: sympy.Basic, ctx: Context) -> Match | None:
    c, x = None, None
    if isinstance(expr, sympy.Piecewise) and len(expr.args) == 2:
        (scaled, cond), (x, _) = expr.args
        flat = [f for ff in factors(scaled) for f in factors(ff)]
        norms = [
            f for f in flat if isinstance(f, sympy.Pow) and f.exp.is_negative and _same_vector(_norm_arg(f**-1), x)
        ]
        if len(norms) == 1 and x in flat and isinstance(cond, (sympy.StrictGreaterThan, sympy.StrictLessThan)):
            c = sympy.Mul(*[f for f in flat if f is not norms[0] and f != x])
            c = c if c in cond.args and norms[0] ** -1 in cond.args else None
    elif (guarded := guarded_rescale(expr, ctx)) is not None:
        c, x = guarded
    else:
        for f in factors(expr):
            others = [g for g in factors(expr) if g is not f]
            if len(others) == 1 and (c := _clip_factor(f, others[0], ctx)) is not None:
                x = others[0]
                break
    if c is None or x is None:
        return None
    return Match(
        "clip_by_norm",
        roles=(("gradient", x), ("threshold", c)),
        params=(("threshold", c),),
        note=f"rescales ${ctx.latex(x)}$ to length ${ctx.latex(c)}$ when it is longer; its direction is kept",
    )


_OPT = "optimizer"
CONCEPTS: tuple[Concept, ...] = (
    Concept(
        "nesterov",
        "Nesterov momentum",
        "momentum whose gradient is taken at the look-ahead point",
        "v ← μ v − η ∇f(θ + μ v): the velocity is going to move θ by about μ v anyway, so the gradient is "
        "evaluated there first; the same step is often written x ← x − μ v_prev + (1 + μ) v or "
        "g ← g + μ b (PyTorch). It corrects overshooting earlier than plain momentum.",
        ("previous velocity", "look-ahead point"),
        ("momentum", "nadam", "gradient_descent_step"),
        _OPT,
        _nesterov,
        heads=UPDATE_HEADS,
    ),
    Concept(
        "weight_decay",
        "weight decay",
        "shrinks the weights towards 0 at every step",
        "θ ← θ − ηλθ, or the decay term λθ added to the gradient (g ← g + λθ): the step of the L2 penalty "
        "(λ/2)‖θ‖². Folded into the update as θ ← (1 − ηλ)θ − η g it is decoupled weight decay (AdamW).",
        ("parameter", "decay term"),
        ("l2_penalty", "adamw", "gradient_descent_step"),
        _OPT,
        _weight_decay,
        heads=(*UPDATE_HEADS, sympy.Mul, sympy.MatMul),  # a bold w ← (1 − ηλ) w is a MatMul
    ),
    Concept(
        "lion",
        "Lion",
        "steps by the sign of an interpolation of momentum and gradient",
        "c = β₁ m + (1 − β₁) g, θ ← θ − η(sign(c) + λθ), m ← β₂ m + (1 − β₂) g (Chen et al. 2023): every "
        "coordinate moves by exactly η, in the direction of a blend of the momentum and the fresh gradient.",
        ("interpolation", "momentum", "gradient"),
        ("momentum", "ema", "adamw"),
        _OPT,
        _lion,
        heads=(sympy.sign, ElementwiseApplyFunction),
        names=("lion",),
    ),
    Concept(
        "clip_by_value",
        "clipping by value",
        "clips every coordinate into a range [a, b] (often [−c, c])",
        "clip(g, −c, c) = max(min(g, c), −c): coordinates beyond the threshold are cut to it, which bounds "
        "each step but can change the gradient's direction. PPO's clip(r, 1 − ε, 1 + ε) clips the probability "
        "ratio by value the same way, into a band around 1.",
        ("input", "lower bound", "upper bound"),
        ("clip_by_norm",),
        _OPT,
        _clip_by_value,
        heads=(sympy.Min, sympy.Max, sympy.Piecewise),
        names=("clip", "clipgradvalue", "clipbyvalue"),
    ),
    Concept(
        "clip_by_norm",
        "clipping by norm",
        "rescales the gradient to length c when it is longer",
        "g ← g·min(1, c/‖g‖) (or c g/‖g‖ if ‖g‖ > c): long gradients are shortened to the threshold c, "
        "short ones left alone, and the direction is always kept (Pascanu et al. 2013).",
        ("gradient", "threshold"),
        ("clip_by_value", "l2_norm"),
        _OPT,
        _clip_by_norm,
        heads=(sympy.Mul, sympy.MatMul, sympy.Piecewise),
        names=("clipgradnorm", "clipbynorm", "clipnorm"),
    ),
    Concept(
        "adamw",
        "AdamW",
        "Adam with decoupled weight decay",
        "θ ← θ − η(m̂/(√v̂ + ε) + λθ) (Loshchilov & Hutter 2019): the decay shrinks the weights directly "
        "instead of being added to the gradient, so Adam's per-coordinate scaling does not weaken it.",
        (),
        ("adam", "weight_decay"),
        _OPT,
        names=("adamw",),
    ),
    Concept(
        "amsgrad",
        "AMSGrad",
        "Adam with a never-decreasing second-moment estimate",
        "v̂ ← max(v̂, v) (Reddi et al. 2018): the step divides by the running maximum of the EMA of squared "
        "gradients, so step sizes never grow back, which repairs Adam's convergence proof.",
        (),
        ("adam", "rmsprop"),
        _OPT,
        running_max,
        heads=(sympy.Max,),
        names=("amsgrad",),
    ),
    Concept(
        "adadelta",
        "AdaDelta",
        "RMSProp with the units fixed by an EMA of past squared steps",
        "Δx = −(√(E[Δx²] + ε)/√(E[g²] + ε)) g, x ← x + Δx (Zeiler 2012): the numerator, a root of an EMA of "
        "the squared steps, replaces the learning rate.",
        (),
        ("rmsprop", "ema"),
        _OPT,
        names=("adadelta",),
        subsumes=("rmsprop",),
    ),
    Concept(
        "nadam",
        "NAdam",
        "Adam with a Nesterov look-ahead momentum",
        "θ ← θ − η (β₁ m̂ + (1 − β₁) g/(1 − β₁^t))/(√v̂ + ε) (Dozat 2016): the numerator mixes the bias-corrected "
        "momentum with the fresh gradient, as Nesterov's look-ahead does.",
        (),
        ("adam", "nesterov"),
        _OPT,
        names=("nadam",),
        subsumes=("rmsprop",),  # Adam's denominator, as for Adam itself
    ),
)
