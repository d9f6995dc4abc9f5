"""The EMA and momentum recognisers, on an update split as ``a·previous + rest`` with ``0 < a < 1``.

The update is an exponential moving average (EMA) when ``rest = (1 − a)·x``, and momentum (an EMA up to the
scale ``c/(1 − a)``) when ``rest = c·x`` for another ``c``.  Nothing depends on the symbols' names: ``0.9 v +
0.1 g``, ``β v + (1−β) dW`` and ``(1−β) v + β g`` are all EMAs, ``γ v + η ∇J`` is momentum; what looks like one
and is not (a gate, a recurrent weight, a running statistic of data, a discounted return) is ruled out beside each
test.
"""

from __future__ import annotations

import re

import sympy

from symdl.chunk.algebra import factors, is_number, is_one
from symdl.chunk.concepts_rl import is_reward
from symdl.chunk.optim_adam import adam_ema
from symdl.chunk.optim_shapes import heavy_ball
from symdl.chunk.optim_steps import capital_gate
from symdl.chunk.optim_update import _RATES, _squared_factor, describe_input, ema_parts
from symdl.chunk.registry import Context, Match


def _ema(expr: sympy.Basic, ctx: Context) -> Match | None:
    parts = ema_parts(expr, ctx)
    if parts is None or not is_one(parts["scale"]):
        return None
    if capital_gate(parts["decay"], ctx):
        return None  # d2l's GRU code H = Z * H + (1 - Z) * H_tilde: Z an array of gates, no decay rate (gru)
    also, adam = adam_ema(parts["decay"], parts["input"], ctx)
    return Match(
        "ema",
        roles=(("previous average", parts["previous"]), ("new value", parts["input"])),
        params=(("decay", parts["decay"]),),
        note=f"an exponential moving average of {describe_input(parts['input'], ctx)} with decay "
        f"${ctx.latex(parts['decay'])}$ (weight ${ctx.latex(1 - parts['decay'])}$ on the new value){adam}",
        also=also,
    )


def _observed(x: sympy.Basic, ctx: Context) -> bool:
    """``x`` is an observed value, the data letter x (``x_t``, ``\\mathbf{x}``), not a gradient or a step."""
    return isinstance(x, (sympy.Symbol, sympy.MatrixSymbol, sympy.Indexed)) and ctx.head(
        x.base if isinstance(x, sympy.Indexed) else x) == "x"


def _momentum(expr: sympy.Basic, ctx: Context) -> Match | None:
    heavy = heavy_ball(expr, ctx)
    if heavy is not None:
        beta, back = heavy
        return Match(
            "momentum",
            roles=(("previous", ctx.statement.previous or expr), ("earlier value", back)),
            params=(("decay", beta),),
            note=f"Polyak's heavy ball: adds ${ctx.latex(beta)}$ times the last step taken, a velocity in disguise",
        )
    parts = ema_parts(expr, ctx)
    if parts is None or is_one(parts["scale"]) or _two_arrays(parts["input"], ctx):
        return None  # linear attention's S_t = γ S_{t−1} + k_tᵀ v_t: a decayed state of products, no gradient
    if any((isinstance(t, sympy.Pow) and t.exp == 2) or _squared_factor(t)
           for t in sympy.Add.make_args(parts["input"])):
        return None  # AdaBelief's s ← β₂ s + (1 − β₂)(g − m)² + ε: a second moment, no velocity
    if capital_gate(parts["decay"], ctx):
        return None  # d2l's LSTM code C = F * C + I * C_tilde: F a gate array, no decay (lstm_cell)
    if _weight_or_time_step(parts["decay"], ctx):
        return None  # h_t = w_i x_t + w_h h_{t-1} + b: a recurrent weight; an SDE step's 1 − θ dt: no velocity
    fs = sympy.Mul.make_args(parts["input"])
    if any(_observed(f, ctx) for f in fs) and not any(
            ctx.is_error_signal(f.base if isinstance(f, sympy.Indexed) else f) for f in fs):
        return None  # BatchNorm's running estimate (1 − momentum)·x̂ + momentum·x_t: a statistic of data, no velocity
    if any(is_reward(f, ctx) for f in sympy.Mul.make_args(parts["input"])):
        return None  # Karpathy's running_add = running_add * gamma + r[t]: a discounted return (concepts_rl)
    if isinstance(parts["decay"], sympy.Add) and 1 in parts["decay"].args and any(
            ctx.head(f).lstrip("\\") in _RATES for f in parts["decay"].free_symbols):
        return None  # UFLDL's W ← W − α[(1/m)ΔW + λW]: a shrink 1 − αλ is weight decay in a gradient step, no velocity
    if _updated_before(ctx):
        return None  # Fleuret's batch norm h_i ← (h_i − m_h)/(s_h + ε), then h_i ← γ h_i + δ: a scale and shift
    settings = [f for f in sympy.Mul.make_args(parts["decay"]) if not is_number(f)]
    if len(settings) >= 2 and any(ctx.head(f).lstrip("\\") == "gamma" for f in settings):
        return None  # CleanRL's GAE lastgaelam = delta + gamma * gae_lambda * nextnonterminal * lastgaelam: a
        # discounted sum of TD errors (γλ), no velocity; Ruder's v = γ v + η∇J (γ alone) stays momentum
    d, s = ctx.latex(parts["decay"]), ctx.latex(parts["scale"])
    return Match(
        "momentum",
        roles=(("previous velocity", parts["previous"]), ("new value", parts["input"])),
        params=(("decay", parts["decay"]), ("scale", parts["scale"]), ("coefficient", parts["coefficient"])),
        note=f"an EMA up to scale: ${ctx.latex(ctx.statement.target or parts['previous'])} = {s} \\cdot "
        f"\\mathrm{{EMA}}_{{{d}}}$ of {describe_input(parts['input'], ctx)}",
    )


def _updated_before(ctx: Context) -> bool:
    """Does an earlier statement of the formula update this statement's target too (a pipeline of steps on one
    value within one pass, not a recurrence over iterations)?"""
    st, f = ctx.statement, ctx.formula
    if st is None or f is None or st.target is None:
        return False
    earlier = f.statements[: next((k for k, x in enumerate(f.statements) if x is st), 0)]
    return any(x.kind == "update" and x.target == st.target for x in earlier)


def _weight_or_time_step(decay: sympy.Basic, ctx: Context) -> bool:
    """Is the decay a weight (a Latin ``w_h``, ``u``: a scalar RNN's recurrent weight, learned, no setting) or made
    with a time step ``dt`` (the Ornstein–Uhlenbeck noise's Euler step ``x + θ(μ − x) dt + σ \\sqrt{dt} W``)?"""
    heads = {ctx.head(s).lstrip("\\") for s in decay.free_symbols}
    spelled = {re.sub(r"\s", "", ctx.spelling(s)) for s in decay.free_symbols}
    weight = isinstance(decay, (sympy.Symbol, sympy.Indexed)) and heads <= {"w", "u"}
    return weight or bool(spelled & {"dt", "\\Deltat", "\\delta{t}", "\\Delta{t}", "\\mathrm{d}t"})


def _two_arrays(x: sympy.Basic, ctx: Context) -> bool:
    """Is the new value a product of two different vectors (a key and a value, ``k_tᵀ v_t``)?  A velocity adds one
    gradient (``η g_t``, ``∇f(θ + μv)``, ``Jᵀe``), scaled by settings."""
    flat = [f for g in factors(x) for f in factors(g.arg if isinstance(g, sympy.Transpose) else g)]
    vectors = {f for f in flat if isinstance(f, sympy.MatrixExpr) and 1 in f.shape and not ctx.is_greek(f)}
    return len(vectors) >= 2
