"""Optimizer building blocks, recognised on update statements ``target = f(previous, ...)``.

An update's right side is split as ``a·previous + rest`` (linear in the previous
value, :mod:`symdl.chunk.optim_update`).  ``a = 1`` with something added is a running
sum; ``a = 1`` with something subtracted is a descent step (both recognised here);
``0 < a < 1`` is an exponential moving average or momentum (:mod:`symdl.chunk.optim_momentum`);
bias correction and root-mean-square scaling are in :mod:`symdl.chunk.optim_scales`.  This
module holds the optimiser concepts' records, in their priority order.
"""

from __future__ import annotations

import re

import sympy

from symdl.chunk.algebra import cheap_cancel, is_one, is_subtracted
from symdl.chunk.optim_momentum import _ema, _momentum
from symdl.chunk.optim_scales import _bias_correction, _rms_normalization
from symdl.chunk.optim_shapes import (
    descends_by_statement,
    error_driven,
    lookahead_of,
    scaled_symbol,
    shared_rate,
    shrink_of,
)
from symdl.chunk.optim_steps import earlier_value, fresh_increment, holds_total, same_every_step
from symdl.chunk.optim_update import _RATES, UPDATE_HEADS, _squared_factor, describe_input, update_split
from symdl.chunk.registry import Concept, Context, Match

#: the names of parameters an update moves
_PARAMETERS = frozenset({"theta", "w", "W", "params"})


def _descends(rest: sympy.Basic, ctx: Context) -> bool:
    """Whether adding ``rest`` moves downhill: it is subtracted, or a velocity of negated gradients."""
    if is_subtracted(rest) or descends_by_statement(rest, ctx) or error_driven(rest):
        return True
    fact = ctx.facts.get(rest)
    coef = fact.param("coefficient") if fact is not None else None
    return coef is not None and is_subtracted(coef)


def _rate_scaled(increment: sympy.Basic, ctx: Context) -> bool:
    """Is ``increment`` a step size α or η times a compound value (a learning update's step, TDC's α ρ_t (δ_t x_t -
    γ x_{t+1} x_t^T v_t)), not times one fresh value (v_{t-1} + η g_t, a velocity that sums the gradients)?"""
    factors = [g for f in (increment.args if isinstance(increment, sympy.Mul | sympy.MatMul) else (increment,))
               for g in (f.args if isinstance(f, sympy.Mul) else (f,))]
    rate = any(isinstance(f, sympy.Symbol) and f.name in ("alpha", "eta") for f in factors)
    return rate and any(isinstance(f, sympy.Add | sympy.MatAdd) for f in factors)  # v + η g_t: a total, summed


def _running_sum(expr: sympy.Basic, ctx: Context) -> Match | None:
    split = update_split(expr, ctx)
    if split is None or not is_one(split[1]) or split[2] == 0 or _descends(split[2], ctx):
        return None
    scaled = scaled_symbol(split[0], split[2], ctx) and not fresh_increment(split[0], split[2], ctx)
    if scaled or lookahead_of(split[0], split[2], ctx):
        return None  # g ← g + λθ adds weight decay, g ← g + μ b a Nesterov look-ahead: nothing accumulates
    if _correction_of(split[0], split[2], ctx):
        return None  # Haykin's w(n+1) = w(n) + Δw(n): the change computed for the weight applied, no total of values
    if earlier_value(split[0], split[2], ctx) is not None:
        return None  # F_{n+1} = F_n + F_{n-1}: a recurrence over the series' own past, no total of new values
    if split[2].is_number or same_every_step(split[0], split[2], ctx):
        return None  # t ← t + 1 (Keras' and PyTorch's algorithm boxes), SGDR's η_{t+1} = η_t + c: a counter, a ramp
    if holds_total(split[0], split[2]):
        return None  # θ + α ∇_θ log π_θ, h + FFN(h): the increment is computed from the total, nothing new is summed
    if ctx.head(split[0]).lstrip("\\") in _PARAMETERS and any(
            ctx.head(f).lstrip("\\") in _RATES for f in split[2].free_symbols):
        return None  # TRPO's θ_{k+1} = θ_k + α^j \sqrt{...} \hat{x}_k: a step of the parameters, no running total
    if _rate_scaled(split[2], ctx):
        return None  # TDC's w_t + α ρ_t (δ_t x_t - ...): a step of size α, a learning update, no total of values
    return Match(
        "running_sum",
        roles=(("total so far", split[0]), ("increment", split[2])),
        note=f"accumulates {describe_input(split[2], ctx)} with no decay: it only grows",
    )


def _correction_of(prev: sympy.Basic, increment: sympy.Basic, ctx: Context) -> bool:
    """Is ``increment`` spelled as the change of ``prev`` itself (``Δw`` beside ``w``, ``\\Delta\\theta_t``)?"""
    def stem(e: sympy.Basic) -> str:
        return re.split(r"[_^(]", ctx.spelling(e.base if isinstance(e, sympy.Indexed) else e).replace(" ", ""))[0]

    return isinstance(increment, (sympy.Symbol, sympy.Indexed, sympy.MatrixSymbol)) and stem(increment) in (
        "\\Delta" + stem(prev), "\\Delta{" + stem(prev) + "}")


def _gradient_descent_step(expr: sympy.Basic, ctx: Context) -> Match | None:
    split = update_split(expr, ctx)
    if split is None or split[2] == 0 or not _descends(split[2], ctx):
        return None
    decay = None if is_one(split[1]) else shrink_of(split[1], split[2], ctx)
    if decay is None and not is_one(split[1]):
        return None
    step = -split[2] if is_subtracted(split[2]) else split[2]
    target = ctx.spelling(split[0]).lower() if isinstance(split[0], sympy.Symbol) else ""
    if any(w in target for w in ("log", "prob", "loss")):
        return None  # SAC's log_prob -= log(scale (1 − y²) + ε): a log-likelihood corrected, no parameter moved
    if not step.free_symbols:
        return None  # x ← x − 1, cs231n's dscores[range(N), y] -= 1: a constant taken off is no step along a gradient
    if any(isinstance(m, sympy.Inverse) or (isinstance(m, sympy.MatPow) and m.exp.is_negative)
           for m in sympy.preorder_traversal(step)):
        return None  # Levenberg–Marquardt's θ − (JᵀJ + γI)⁻¹ Jᵀ ε: a curvature-scaled (Newton-like) step, no descent
    if (isinstance(step, sympy.Pow) and step.exp == 2) or _squared_factor(step):
        return None  # ṽ ← ṽ − (g^{ave})²: lowering by a square is a variance correction, no step downhill; Yogi's
        # s ← s + (1 − β₂) g² ⊙ sgn(g² − s): a second moment moved by squared gradients
    lr, direction = ctx.split_coefficient(step)
    if is_one(lr) and isinstance(step, sympy.Add):  # a step expanded into several sums: the common factor is η
        lr, direction = ctx.split_coefficient(sympy.factor_terms(step))
    if is_one(lr) and decay is not None:  # a rate spelled as a word (``x − \\text{stepsize}(λx + u)``)
        lr, direction = shared_rate(split[1], decay, step)
    of = ctx.gradient_of(direction)
    along = f"along the gradient ${ctx.latex(direction)}$" if of is not None else f"along ${ctx.latex(direction)}$"
    shrink = (
        f", and shrinks it by the factor $1 - {ctx.latex(cheap_cancel(1 - split[1]))}$ first (decoupled weight decay "
        f"${ctx.latex(decay)}$)"
        if decay is not None
        else ""
    )
    params = (("weight decay", decay),) if decay is not None else ()
    if isinstance(direction, sympy.sign):
        along += " (only its sign: every coordinate moves by the same step)"
    return Match(
        "gradient_descent_step",
        roles=(("parameter", split[0]), ("learning rate", lr), ("direction", direction)),
        params=params,
        note=f"moves ${ctx.latex(split[0])}$ downhill {along}{shrink}",
        also=("weight_decay",) if decay is not None else (),
    )


_OPT = "optimizer"

CONCEPTS: tuple[Concept, ...] = (
    Concept(
        "ema",
        "exponential moving average",
        "keeps a running average that forgets old values geometrically",
        "v ← β v + (1 − β) x: each step keeps a fraction β of the old average and mixes in (1 − β) of the "
        "new value; a value k steps old has weight (1 − β)β^k, so it averages roughly the last 1/(1 − β) "
        "values.",
        ("previous average", "new value"),
        ("momentum", "bias_correction", "running_sum"),
        _OPT,
        _ema,
        heads=UPDATE_HEADS,
        names=("ema",),
    ),
    Concept(
        "momentum",
        "momentum",
        "accumulates a decaying sum of past gradients (a velocity)",
        "v ← γ v + η g: an EMA of the gradients up to the scale η/(1 − γ); stepping along v smooths "
        "the direction and speeds up along consistent slopes.",
        ("previous velocity", "new value"),
        ("ema", "gradient_descent_step"),
        _OPT,
        _momentum,
        heads=UPDATE_HEADS,
    ),
    Concept(
        "running_sum",
        "running sum",
        "adds every new value to a total that never decays",
        "G ← G + g²: Adagrad's accumulator; unlike an EMA it only grows, so steps keep shrinking.",
        ("total so far", "increment"),
        ("ema", "adagrad"),
        _OPT,
        _running_sum,
        heads=UPDATE_HEADS,
    ),
    Concept(
        "bias_correction",
        "bias correction",
        "rescales an EMA started at 0 so early estimates are unbiased",
        "m̂ = m / (1 − β^t): after t steps an EMA started at 0 has total weight 1 − β^t; dividing by it "
        "removes the bias towards 0.",
        ("estimate", "decay", "step"),
        ("ema", "adam"),
        _OPT,
        _bias_correction,
        heads=(sympy.Mul, sympy.MatMul),
    ),
    Concept(
        "rms_normalization",
        "root-mean-square scaling",  # not "RMS normalisation": readers take that for the RMSNorm layer (rms_norm)
        "divides by the root of a mean square",
        "x / (√s + ε) with s a (running) mean of squares: scales each coordinate by its typical size "
        "(RMSProp/Adam's denominator; RMSNorm for activations).",
        ("numerator", "mean square", "epsilon"),
        ("rmsprop", "adam", "normalization"),
        _OPT,
        _rms_normalization,
        heads=(sympy.Mul, sympy.MatMul, sympy.HadamardProduct),
    ),
    Concept(
        "gradient_descent_step",
        "gradient descent step",
        "moves the parameters a small step downhill",
        "θ ← θ − α g: subtract the learning rate times a direction (the gradient, or a smoothed / "
        "rescaled version of it).",
        ("parameter", "learning rate", "direction"),
        ("momentum", "adam", "rmsprop"),
        _OPT,
        _gradient_descent_step,
        heads=UPDATE_HEADS,
    ),
    Concept(
        "adam",
        "Adam",
        "momentum's numerator + RMSProp's denominator",
        "θ ← θ − α m / (√v + ε) with m an EMA of the gradients and v an EMA of the squared gradients.",
        (),
        ("momentum", "rmsprop", "ema", "bias_correction"),
        _OPT,
        names=("adam",),
        subsumes=("rmsprop",),  # RMSProp's denominator is half of Adam: one step read as Adam is not also RMSProp
    ),
    Concept(
        "rmsprop",
        "RMSProp",
        "divides the gradient by the root of an EMA of squared gradients",
        "s ← β s + (1 − β) g², θ ← θ − α g/√s: per-coordinate step sizes.",
        (),
        ("adam", "adagrad", "rms_normalization"),
        _OPT,
        names=("rmsprop",),
    ),
    Concept(
        "adagrad",
        "Adagrad",
        "divides the gradient by the root of a running sum of squared gradients",
        "G ← G + g², θ ← θ − α g/√G: steps shrink for coordinates that have seen large gradients.",
        (),
        ("rmsprop", "running_sum"),
        _OPT,
        names=("adagrad",),
    ),
)
