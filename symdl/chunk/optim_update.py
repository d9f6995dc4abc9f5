"""Reading an update statement ``target = f(previous, ...)``, shared by the optimiser recognisers.

:func:`update_split` splits the right side as ``a·previous + rest`` (linear in the previous value), :func:`ema_parts`
reads the decay, input, coefficient and scale of an EMA-like update from that split, and :func:`describe_input`
names its input for a note; with the names of learning rates, the squared-factor test of a second moment's input
and the heads of an update's right side that the optimiser modules share.
"""

from __future__ import annotations

import sympy

from symdl.chunk.algebra import cheap_cancel, is_one, is_subtracted, linear_in, num_value, terms
from symdl.chunk.optim_shapes import per_step_decay, same_step, scalar_out, shrink_of
from symdl.chunk.optim_steps import branch_of, counts_steps, earlier_value, trace_decay
from symdl.chunk.registry import Context


def update_split(expr: sympy.Basic, ctx: Context) -> tuple[sympy.Basic, sympy.Basic, sympy.Basic] | None:
    """``(previous, a, rest)`` if ``expr`` is the right side of an update ``a·previous + rest``."""
    st = ctx.statement
    if st is None or (expr != st.rhs and not branch_of(expr, st.rhs)):
        return None
    prev = st.previous if st.previous is not None else earlier_value(st.target, expr, ctx)
    if prev is None:
        return None
    signs = {a: sympy.Dummy("s", real=True) for a in expr.atoms(sympy.sign) if a.args[0] == prev}
    lin = linear_in(expr.xreplace(signs), prev)  # Nielsen's L1 step w − (ηλ/n) sgn(w) − η ∂C₀/∂w
    if lin is None:
        return None
    back = {v: k for k, v in signs.items()}
    lin = (lin[0].xreplace(back), lin[1].xreplace(back))
    unexpanded = [t for t in terms(expr) if not t.has(prev)]
    if len(unexpanded) == 1 and unexpanded[0] != lin[1] and same_step(unexpanded[0], lin[1]):
        return prev, lin[0], unexpanded[0]  # θ − η(β m̂ + (1−β) g)/(√v̂ + ε), α m/((1 − β^t) u): keep the step as written
    return prev, lin[0], lin[1]


def ema_parts(expr: sympy.Basic, ctx: Context) -> dict[str, sympy.Basic] | None:
    """Decay, input, input coefficient and scale of an EMA-like update, or None."""
    split = update_split(expr, ctx)
    if split is None:
        return None
    prev, a, rest = split
    if getattr(prev, "is_integer", False):
        return None  # a convolution's input position i' = i s_h + u: an index computed, never a running value
    if ctx.statement is not None and ctx.formula is not None and ctx.formula.later_step(ctx.statement.target, prev):
        return None  # GAE's \hat{A}_t = \delta_t + \gamma\lambda \hat{A}_{t+1}: a sum of what comes later, no average
    if (
        a == 0
        or is_one(a)
        or rest == 0
        or isinstance(rest, sympy.MatrixExpr) != isinstance(prev, sympy.MatrixExpr)
        or shrink_of(a, rest, ctx) is not None
        or rest.has(sympy.sign)
    ):
        return None
    val = num_value(a)
    if val is not None and not 0 < val < 1:
        return None
    if counts_steps(a, ctx) or trace_decay(a):
        return None  # a weight 1 − 1/n of the step n itself: a cumulative mean, every value weighted alike
    if a.atoms(sympy.Function) - a.atoms(sympy.core.function.AppliedUndef):
        return None  # a decay that is a cos/exp of the step (SGDR's recursive cosine ratio) is a schedule, not a decay
    if isinstance(a, sympy.Add) and a.as_coeff_Add()[0] >= 1 and not is_subtracted(a.as_coeff_Add()[1]):
        return None  # a decay 1 + β grows
    if any(rest.has(d) and prev in d.variables for d in rest.atoms(sympy.Derivative)):
        return None  # the gradient at the updated variable itself: a parameter, not a velocity
    pulled, inner = scalar_out(rest)
    coef, x = ctx.split_coefficient(inner)
    coef = coef * pulled
    scale = _tidy(cheap_cancel(coef / (1 - a)))
    if not is_one(scale):
        direct = cheap_cancel(rest / (1 - a))
        leaked = direct.has(a, 1 - a) or (direct.free_symbols & a.free_symbols) - _exponent_symbols(direct)
        if not leaked and (a.free_symbols or is_one(scale)):  # AdaMax's (1 - β₂^p)|g_t|^p: p only an exponent
            coef, x, scale = 1 - a, direct, sympy.Integer(1)
    if x.is_number:
        return None  # (1 − s)y + s(1 − y) = (1 − 2s)y + s: a mix with a number (label smoothing), no average
    if per_step_decay(a, x, is_one(scale), ctx, rest) is not None:
        return None  # a gate f_t or a noise level α_t of this very step: a gated/noised state, no average
    return {"previous": prev, "decay": a, "input": x, "coefficient": coef, "scale": scale}


def _exponent_symbols(e: sympy.Basic) -> set[sympy.Basic]:
    """The symbols that stand only in the exponents of ``e``'s powers (AdaMax's p in |g_t|^p)."""
    up = {s for pw in e.atoms(sympy.Pow) for s in pw.exp.free_symbols}
    down = {s for pw in e.atoms(sympy.Pow) for s in pw.base.free_symbols}
    rest = e.xreplace({pw: sympy.Integer(1) for pw in e.atoms(sympy.Pow)}).free_symbols
    return up - down - rest


def _tidy(q: sympy.Basic) -> sympy.Basic:
    """``-η/(γ - 1)`` → ``η/(1 - γ)``: a fraction with a positive-looking denominator."""
    n, d = sympy.fraction(q)
    if d.could_extract_minus_sign() or (isinstance(d, sympy.Add) and d.as_coeff_Add()[0].is_negative):
        n, d = -n, -d
    return n / d


def describe_input(x: sympy.Basic, ctx: Context) -> str:
    """ "the gradients dW", "the squared gradients dW²", or the input's LaTeX."""
    base, power = (x.base, x.exp) if isinstance(x, sympy.Pow) else (x, 1)
    of = ctx.gradient_of(base)
    what = f"${ctx.latex(x)}$"
    if of is not None:
        kind = {1: "gradients", 2: "squared gradients"}.get(power)
        if kind:
            return f"the {kind} {what}"
    return what


#: the names of learning rates: a decay made with one is a step's shrink, an increment scaled by one a step
_RATES = frozenset({"alpha", "eta", "lr"})


def _squared_factor(e: sympy.Basic) -> bool:
    """Does the product ``e`` have a squared factor (``g^2``, ``\\mathbf{g}^{\\circ 2}``): a second moment's input?"""
    args = e.args if isinstance(e, (sympy.Mul, sympy.HadamardProduct, sympy.MatMul)) else ()
    return any((isinstance(f, (sympy.Pow, sympy.HadamardPower)) and f.args[1] == 2) or _squared_factor(f) for f in args)


#: the heads of an update's right side (a sum: previous value plus a change), shared by the optimiser modules
UPDATE_HEADS = (sympy.Add, sympy.MatAdd)
