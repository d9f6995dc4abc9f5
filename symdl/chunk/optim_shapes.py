"""Shapes of optimiser updates shared by the optimiser recognisers (no concepts here).

A shrink folded into an update's factor (``θ ← (1 − ηλ)θ − η g``: decoupled weight decay), a decay
term added to a gradient (``g ← g + λθ``), a Nesterov look-ahead (``g ← g + μ b`` with ``b`` a
velocity of decay ``μ``; cs231n's ``x ← x − μ v_prev + (1 + μ) v``) and a step defined by an earlier
statement (AdaDelta's ``Δx = −...; x ← x + Δx``).  Everything is structural and exact.
"""

from __future__ import annotations

import re

import sympy

from symdl.chunk.algebra import (
    bounded,
    cheap_cancel,
    difference,
    factors,
    is_one,
    is_subtracted,
    num_value,
    numer_denom,
    sqrt_arg,
    terms,
)
from symdl.chunk.registry import Context, vector_call
from symdl.untrusted import refuse_text


def shrink_of(a: sympy.Basic, rest: sympy.Basic, ctx: Context) -> sympy.Basic | None:
    """The decay ``λ`` of decoupled weight decay folded into an update's factor ``a = 1 − ηλ``, or None.

    ``θ ← (1 − ηλ)θ − η g`` and ``θ ← θ − η(sign(c) + λθ)``: ``a`` is one minus a product that contains
    the learning rate of the subtracted rest (or, with nothing else added, any shrink ``1 − d``).
    An EMA's or momentum's decay (``β``, ``1 − β`` with an added ``β x``) is not a shrink.
    """
    diff = difference(a)
    if diff is None or not is_one(diff[0]) or diff[1].is_number:
        return None
    d = diff[1]
    if rest == 0:
        return d if len(factors(d)) >= 2 else None  # θ ← θ − ηλθ; not h ← (1 − p) h
    if not is_subtracted(rest):
        return None
    lr, q = ctx.split_coefficient(-rest)
    if is_one(lr) and isinstance(rest, sympy.Add):  # d2l's −(η/|B|)Σ x(wᵀx + b − y), expanded into several sums
        lr, q = ctx.split_coefficient(sympy.factor_terms(-rest))
    if gradient_at(q, ctx) is not None and gradient_at(q, ctx).has(*_series_of(a_prev(ctx), ctx)):
        return d  # θ ← (1 − λ)θ − α∇f(θ): the gradient is of the updated variable, so it is no velocity
    lr_f, d_f = factors(lr), factors(d)
    if is_one(lr):  # a learning rate spelled as a word (TFF's ``w − lr·(u + λw)``): a factor of the whole step
        lr_f = [f for f in factors(sympy.factor_terms(-rest)) if not isinstance(f, sympy.MatrixExpr)]
    common = [f for f in d_f if f in lr_f and not f.is_number]
    if not common:
        return None
    left = [f for f in d_f if f not in common]
    return sympy.Mul(*left) if left else None


def a_prev(ctx: Context) -> sympy.Basic:
    """The previous value of the statement being recognised (``θ_t`` in ``θ_{t+1} = …``), or a dummy."""
    st = ctx.statement
    return st.previous if st is not None and st.previous is not None else sympy.Dummy()


def gradient_at(q: sympy.Basic, ctx: Context) -> sympy.Basic | None:
    """Where the gradient ``q`` is taken (``∇f(θ_t)`` → ``θ_t``; ``dW`` → ``W``), or None if ``q`` is no gradient."""
    if isinstance(q, sympy.Derivative):
        return sympy.Tuple(*q.variables)
    if isinstance(q, sympy.Subs):
        return q.args[2]
    call = vector_call(q)
    if call is not None and call[0].startswith("nabla") and ctx.formula is not None:
        # bold ∇f_t(θ_t), read as one vector named by the call: taken at the arguments it names
        at = [s for s in ctx.formula.symbols.values() if getattr(s, "name", None) in call[1]]
        if at:
            return sympy.Tuple(*at)
    return ctx.gradient_of(q)


def scalar_out(rest: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic]:
    """``(c, g ⊙ g)`` for ``((1 − ρ) g) ⊙ g``: the scalar factors of a Hadamard product's entries pulled out."""
    if type(rest).__name__ != "HadamardProduct":
        return sympy.Integer(1), rest
    scal: list[sympy.Basic] = []
    mats: list[sympy.Basic] = []
    for f in rest.args:
        if type(f).__name__ == "MatMul":
            scal += [x for x in f.args if not isinstance(x, sympy.MatrixExpr)]
            inner = [x for x in f.args if isinstance(x, sympy.MatrixExpr)]
            mats.append(inner[0] if len(inner) == 1 else sympy.MatMul(*inner))
        else:
            mats.append(f)
    return sympy.Mul(*scal), type(rest)(*mats)


def _series_of(x: sympy.Basic, ctx: Context) -> set[sympy.Basic]:
    """``x`` and every other time of its series (``θ_{t-1}`` → ``{θ_{t-1}, θ_t}``)."""
    if ctx.formula is None:
        return {x}
    for series in ctx.formula.time_series.values():
        if x in series.values():
            return set(series.values())
    return {x}


def is_parameter(x: sympy.Basic, grad: sympy.Basic, ctx: Context) -> bool:
    """Whether ``x`` is the parameter ``grad`` is a gradient of: ``dW``/``∇_W`` of ``W``, ``g ← ∇f(θ)``,
    or ``x`` is descended along ``grad`` by another statement of the formula."""
    if ctx.gradient_of(grad) == x:
        return True
    if ctx.formula is None:
        return False
    st = ctx.statement
    if (
        st is not None
        and st.target == grad == st.previous
        and any(ser.get(-1) == x and grad not in ser.values() for ser in ctx.formula.time_series.values())
    ):  # PyTorch's g_t ← g_t + λθ_{t-1}: the gradient of step t is taken at the parameters of step t − 1
        return True
    xs, gs = _series_of(x, ctx), _series_of(grad, ctx)
    for st in ctx.formula.statements:
        if st is ctx.statement or st.target is None:
            continue
        rhs = st.rhs
        if st.target in gs and rhs.has(sympy.Derivative) and any(rhs.has(v) for v in xs):
            return True
        if (st.target in xs and not rhs.has(sympy.Derivative) and any(rhs.has(g) for g in gs)
                and any(is_subtracted(t) and t.has(*gs) for t in terms(rhs))):  # (Boyd's \Delta x := -\nabla f(x):
            return True  # a step along the gradient at x, not a parameter descended along the gradient x)
    return False


def weight_decay_term(prev: sympy.Basic, rest: sympy.Basic, ctx: Context) -> sympy.Basic | None:
    """``λ`` if adding ``rest`` to the gradient ``prev`` adds the decay term ``λθ`` of a parameter θ."""
    if is_subtracted(rest) or len(terms(rest)) != 1:
        return None
    for x in factors(rest):
        if x == prev or not isinstance(x, (sympy.Symbol, sympy.MatrixSymbol)) or not is_parameter(x, prev, ctx):
            continue
        if ctx.facts.get(x) is not None:  # PyTorch's Nesterov g_t ← g_t + μ b_t: b_t is the velocity just computed
            continue
        coef = sympy.Mul(*[f for f in factors(rest) if f is not x])
        if not is_one(coef) and is_hyper(coef, ctx):
            return coef
    return None


def is_hyper(coef: sympy.Basic, ctx: Context) -> bool:
    """A scalar coefficient of hyperparameters (``λ``, ``λ/m``, ``0.01``): no arrays, gradients or known values."""
    if isinstance(coef, sympy.MatrixExpr) or coef.has(sympy.Derivative, sympy.Subs, sympy.Sum):
        return False
    return not any(ctx.facts.get(s) is not None or ctx.gradient_of(s) is not None
                   or ctx.is_error_signal(s) for s in coef.free_symbols)  # batch norm's dxc += 2/N xc dvar


def scaled_symbol(prev: sympy.Basic, rest: sympy.Basic, ctx: Context) -> bool:
    """``rest`` is ``c·x``: a hyperparameter ``c ≠ 1`` times another bare symbol (``λθ``, not ``g²``)."""
    if is_subtracted(rest) or len(terms(rest)) != 1:
        return False
    fs = factors(rest)
    bare = [f for f in fs if isinstance(f, (sympy.Symbol, sympy.MatrixSymbol)) and f != prev]
    return any(
        not is_one(c := sympy.Mul(*[f for f in fs if f is not x])) and is_hyper(c, ctx) and c.free_symbols for x in bare
    )


def _grouped(rest: sympy.Basic, ctx: Context) -> dict[sympy.Basic, sympy.Basic]:
    """Quantity → total coefficient over the terms of ``rest`` (``−μ p + μ v + v`` → ``{p: −μ, v: 1 + μ}``)."""
    out: dict[sympy.Basic, sympy.Basic] = {}
    for t in terms(rest):
        c, q = ctx.split_coefficient(t)
        out[q] = out.get(q, sympy.Integer(0)) + c
    return out


def lookahead_of(prev: sympy.Basic, rest: sympy.Basic, ctx: Context) -> sympy.Basic | None:
    """The momentum ``μ`` of a Nesterov look-ahead added to ``prev``, else None.

    PyTorch's ``g ← g + μ b`` (``b`` a velocity of decay ``μ``) or cs231n's
    ``x ← x − μ v_prev + (1 + μ) v`` (two velocities, coefficients ``−μ`` and ``1 + μ``).
    """
    grouped = _grouped(rest, ctx)
    if len(grouped) == 1:
        coef, b = ctx.split_coefficient(rest)
        fact = ctx.facts.get(b)
        if fact is None or fact.concept not in ("ema", "momentum") or fact.param("decay") is None:
            return None
        return coef if cheap_cancel(coef - fact.param("decay")) == 0 else None
    if len(grouped) != 2:
        return None
    (v1, c1), (v2, c2) = grouped.items()
    if prev in (v1, v2):
        return None
    for neg, pos in ((c1, c2), (c2, c1)):
        if not neg.could_extract_minus_sign() or pos.could_extract_minus_sign() or neg.as_coeff_Mul()[0] >= 0:
            continue  # (Duda et al.'s (1 - α) Δw_bp(m) + α Δw(m-1): 1 - α is no -μ, that is plain momentum)
        mu = -neg
        val = num_value(mu)
        if (
            (val is None or 0 < val < 1)
            and not is_one(mu)
            and (cheap_cancel(pos - 1 - mu) == 0 or one_series(pos - 1, mu, ctx))
        ):
            return mu  # Bengio et al. 2012: Θ_{t-1} − μ_{t-1} v_{t-1} + (1 + μ_t) v_t, a momentum schedule μ_t
    return None


def one_series(a: sympy.Basic, b: sympy.Basic, ctx: Context) -> bool:
    """Whether ``a`` and ``b`` are one quantity at two steps (``μ_t`` and ``μ_{t-1}``; ``μ[t]`` and ``μ[t+1]``,
    two members of one family a product runs over, NAdam's schedule)."""
    if ctx.formula is None or a == b:
        return False
    if isinstance(a, sympy.Indexed) and isinstance(b, sympy.Indexed) and a.base == b.base and len(a.indices) == 1 \
            and len(b.indices) == 1 and (a.indices[0] - b.indices[0]).is_Integer:
        return True
    return any(a in ser.values() and b in ser.values() for ser in ctx.formula.time_series.values())


def descends_by_statement(rest: sympy.Basic, ctx: Context) -> bool:
    """Whether ``rest`` is defined by an earlier statement as something subtracted (AdaDelta's ``Δx = −…``)."""
    if ctx.formula is None:
        return False
    for st in ctx.formula.statements:
        if st is ctx.statement:
            return False
        fresh = st.previous is None or not st.rhs.has(st.previous)  # Δθ ← −ε/(δ + √r) ⊙ g (Goodfellow)
        if st.target == rest and fresh and is_subtracted(st.rhs):
            return True
    return False


def heavy_ball(expr: sympy.Basic, ctx: Context) -> tuple[sympy.Basic, sympy.Basic] | None:
    """``(β, x_{t-1})`` for Polyak's ``x_{t+1} = x_t − η∇f(x_t) + β(x_t − x_{t-1})``, else None."""
    st = ctx.statement
    if st is None or expr != st.rhs or st.target is None or ctx.formula is None:
        return None
    for ser in ctx.formula.time_series.values():
        times = sorted((k for k, v in ser.items() if v != st.target and expr.has(v)), reverse=True)
        if len(times) != 2 or st.target not in ser.values():
            continue
        now, back = ser[times[0]], ser[times[1]]
        grouped = _grouped(bounded_expand(expr), ctx)
        beta = cheap_cancel(grouped.get(now, sympy.Integer(0)) - 1)
        if beta != 0 and cheap_cancel(grouped.get(back, sympy.Integer(0)) + beta) == 0:
            val = num_value(beta)
            return (beta, back) if val is None or 0 < val < 1 else None
    return None


def bounded_expand(expr: sympy.Basic) -> sympy.Basic:
    """``expand`` within a small share of the budget (``β(x_t − x_{t-1})`` → ``βx_t − βx_{t-1}``)."""
    refuse_text(expr, "the expression")
    if isinstance(expr, sympy.MatrixExpr):
        return expr
    return bounded(lambda: sympy.expand(expr), expr, 0.2)


def hadamard_ratio(expr: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic] | None:
    """``(g, √s + ε)`` for ``g ⊘ (√s + ε)``, read as ``g ⊙ (√s + ε)^{∘-1}``."""
    if type(expr).__name__ != "HadamardProduct":
        return None
    while any(type(f).__name__ == "HadamardProduct" for f in expr.args):  # (a ⊙ b^{∘−½}) ⊙ g, as nested
        expr = type(expr)(*(x for f in expr.args for x in (f.args if type(f) is type(expr) else (f,))))
    scal, expr = scalar_out(expr)
    inv = [f for f in expr.args if type(f).__name__ == "HadamardPower" and f.exp in (-1, -sympy.Rational(1, 2))]
    if len(inv) != 1:
        return None
    rest = [f for f in expr.args if f is not inv[0]]
    num = rest[0] if len(rest) == 1 else type(expr)(*rest)
    den = inv[0].base if inv[0].exp == -1 else type(inv[0])(inv[0].base, sympy.Rational(1, 2))
    return (num if scal == 1 else sympy.MatMul(scal, num)), den


def is_square_norm(s: sympy.Basic) -> bool:
    """``x^T x`` (a trace of it) or ``Σ x_i^2`` without a mean: ``√s`` is a length, not a root mean square."""
    if isinstance(s, sympy.Trace) or type(s).__name__ == "MatMul":
        return True
    return isinstance(s, sympy.Sum) and isinstance(s.function, sympy.Pow) and s.function.exp == 2


_TAIL = re.compile(r"(_\{?[^_{}]+\}?|\^\{?\(.+\)\}?)$")


def _times(sym: sympy.Basic, ctx: Context) -> set[str]:
    """The times a symbol is at: its offset in a time series (``h^{(t)}`` → ``@0``) and its spelled subscript."""
    out: set[str] = set()
    if ctx.formula is not None:
        for series in ctx.formula.time_series.values():
            out |= {f"@{k}" for k, v in series.items() if v == sym}
    m = _TAIL.search(ctx.spelling(sym))
    if m:
        out.add(m.group(1).replace("{", "").replace("}", ""))
    return out


def _gate_like(sym: sympy.Basic, ctx: Context) -> bool:
    """Whether an earlier statement computed ``sym`` from the data (a gate ``σ(W x_t + …)``)."""
    fact = ctx.facts.get(sym)
    return fact is not None and (fact.concept in ("lstm_gate", "sigmoid") or "sigmoid" in fact.also)


def _gradient_input(x: sympy.Basic, ctx: Context) -> bool:
    """Whether ``x`` (or the base of ``x²``) is a gradient: ``∇J``, ``dW``, or a statement ``g ← ∇f(θ)``."""
    base = x.base if isinstance(x, sympy.Pow) else x
    if gradient_at(base, ctx) is not None:
        return True
    if ctx.formula is None:
        return False
    own = _series_of(base, ctx)
    return any(st.target in own and st.rhs.has(sympy.Derivative) for st in ctx.formula.statements)


def _scheduled(sym: sympy.Basic, ctx: Context) -> bool:
    """Whether the formula also uses ``sym`` at another step (``μ_{t+1}``): a schedule, not a per-step datum."""
    if ctx.formula is None:
        return False
    if isinstance(sym, sympy.Indexed):  # NAdam's μ[t] beside μ[t + 1]: members of one family at two steps
        return any(one_series(sym, other, ctx) for st in ctx.formula.statements
                   for other in st.rhs.atoms(sympy.Indexed))
    return any(sym in ser.values() and len(ser) > 1 for ser in ctx.formula.time_series.values())


def shared_rate(a: sympy.Basic, decay: sympy.Basic, step: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic]:
    """``(rate, direction)`` of a descent ``a·θ − step`` with ``a = 1 − rate·decay`` (TFF's ``w − lr·(u + λw)``, a
    rate spelled as a word the coefficient split cannot tell from data): the factor the shrink shares with the step."""
    rate = cheap_cancel((1 - a) / decay)
    return (rate, cheap_cancel(step / rate)) if not is_one(rate) else (sympy.Integer(1), step)


def _letter(sym: sympy.Basic, ctx: Context) -> bool:
    """``sym`` is a name spelled as one Latin letter (``f``, ``i``, ``f_t``): data, not a Greek or worded rate."""
    return (
        isinstance(sym, (sympy.Symbol, sympy.MatrixSymbol))
        and len(ctx.head(sym)) == 1
        and ctx.head(sym).isalpha()
        and not ctx.is_greek(sym)
    )


def per_step_decay(
    a: sympy.Basic, x: sympy.Basic, exact: bool, ctx: Context, rest: sympy.Basic | None = None
) -> sympy.Basic | None:
    """A symbol of the decay ``a`` that is a per-step data quantity, when the input ``x`` is no gradient.

    An LSTM's ``C_t = f_t C_{t-1} + i_t C̃_t``, a GRU's ``(1 − z_t) h_{t-1} + z_t h̃_t`` and a diffusion
    step ``x_t = √α_t x_{t-1} + √(1−α_t) z_t`` mix the previous value with a factor computed at the
    target's own step: a gated or noised state, not an average of a stream.  A velocity of gradients
    with a per-step decay (Sutskever's ``μ_t``) stays momentum, and an exact EMA (``exact``: weights
    ``a`` and ``1 − a``) whose decay the formula uses at other steps (NAdam's ``μ_t``, ``μ_{t+1}``) is
    an EMA with a scheduled decay.  Two independent factors spelled as Latin letters (the PyTorch docs' ``c' = f * c
    + i * g``) are gates too: a velocity's decay and rate are Greek or worded (``μ v − η g``, ``momentum * v``).
    """
    st = ctx.statement
    if st is None or st.target is None or _gradient_input(x, ctx):
        return None
    scaled = (
        list(rest.args)
        if rest is not None and (isinstance(rest, sympy.Mul) or type(rest).__name__ == "HadamardProduct")
        else []
    )
    if not exact and _letter(a, ctx) and len(scaled) == 2 and all(_letter(f, ctx) for f in scaled):
        return a
    now = _times(st.target, ctx)
    for s in sorted(a.free_symbols, key=str):
        if _gate_like(s, ctx) or (now & _times(s, ctx) and not (exact and _scheduled(s, ctx))):
            return s
    return None


def error_driven(rest: sympy.Basic) -> bool:
    """Whether an added ``rest`` is the least-mean-squares step ``α Σ_i (y^{(i)} − h_θ(x^{(i)})) x_j^{(i)}`` (Ng's
    CS229 notes, Widrow–Hoff): a rate times the error ``target − model(input)`` times that same input, summed over
    examples or not.  It is ``−α`` times the gradient of ``½ Σ_i (h_θ(x^{(i)}) − y^{(i)})²``: a descent step written
    with the residual the other way round, so added with a plus sign."""
    body = rest
    for f in factors(rest):
        if isinstance(f, sympy.Sum):
            body = f.function
            break
    fs = factors(body)
    for err in fs:
        diff = difference(err)
        model = diff[1] if diff is not None else None
        if not isinstance(model, sympy.Function) or len(model.args) != 1:
            continue
        arg = model.args[0]
        family = arg.base if isinstance(arg, sympy.Indexed) else arg
        if any(f is not err and (f == arg or (isinstance(f, sympy.Indexed) and f.base == family)) for f in fs):
            return True
    return False


def same_step(written: sympy.Basic, split: sympy.Basic) -> bool:
    """Is the step as written the split's rest (``α Σ_i (y_i − h(x_i)) x_i``, which expanding made two sums)?"""
    diff = written - split
    return cheap_cancel(diff) == 0 or bounded(lambda: sympy.expand(diff), diff, 0.1) == 0


def named_root(expr: sympy.Basic, ctx: Context) -> sympy.Basic | None:
    """``expr`` with a divisor the formula names and defines as a root elsewhere put back (Zeiler's ``−η/RMS[g]_t
    g_t`` with ``RMS[g]_t = √(E[g²]_t + ε)``): the quotient by that root, else None."""
    num, den = numer_denom(expr)
    if ctx.formula is None or not isinstance(den, sympy.Symbol):
        return None
    for st in ctx.formula.statements:
        if den in (st.target, st.lhs) and st.rhs != den and sqrt_arg(st.rhs) is not None:
            return num / st.rhs
    return None
