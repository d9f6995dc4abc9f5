r"""Learning-rate decays by a formula of the step: inverse-time and polynomial (linear) decay.

* ``inverse_time_decay``: ``\eta_t = \eta_0 / (1 + k t)`` (Keras' InverseTimeDecay,
  ``initial_lr / (1 + decay * step)``): a rate over one plus a multiple of the step;
* ``polynomial_decay``: ``\eta_t = \eta_0 (1 - t/T)^p`` (Keras' PolynomialDecay, PyTorch's PolynomialLR; p = 1 the
  linear decay ``lr0 * (1 - step / total_steps)``): a rate times a power of the fraction of the steps left.

The step is the target's subscript (``\eta_t``) or a name spelled as one (``step``, ``epoch``, ``iteration``); the rate
a name spelled as one (``\eta``, ``lr``, ``\alpha``, ``learning_rate``).  The same shapes of any other names (``y =
a / (1 + b x)``) are no schedule.
"""

from __future__ import annotations

import re

import sympy

from symdl.chunk.algebra import cheap_cancel
from symdl.chunk.concepts_schedule import step_variable
from symdl.chunk.registry import Concept, Context, Match

#: a step's names, as written (a capital T is the total, never the step)
_STEP = frozenset({"step", "global_step", "epoch", "iteration", "iter", "t", "k", "n", "current_step"})
_RATE = re.compile(r"eta|\blr|lr\b|lr_?\d|learning|rate|alpha")


def _words(ctx: Context, e: sympy.Basic) -> str:
    return " ".join(ctx.spelling(s).lower().replace("\\", "") for s in sorted(e.free_symbols, key=str))


def _step(expr: sympy.Basic, ctx: Context) -> sympy.Symbol | None:
    t = step_variable(ctx, expr)
    if t is not None:
        return t
    steps = [s for s in expr.free_symbols if isinstance(s, sympy.Symbol)
             and re.sub(r"\\(?:text|mathrm)\{|\}|\\", "", ctx.spelling(s)).replace("_", "_") in _STEP]
    return steps[0] if len(steps) == 1 else None


def _rated(expr: sympy.Basic, ctx: Context) -> bool:
    st = ctx.statement
    target = st.target if st is not None and st.target is not None else None
    return bool(_RATE.search(_words(ctx, expr) + (" " + ctx.spelling(target).lower() if target is not None else "")))


def _inverse_time_decay(expr: sympy.Basic, ctx: Context) -> Match | None:
    num, den = sympy.fraction(cheap_cancel(expr))
    t = _step(expr, ctx)
    if t is None or not den.has(t) or num.has(t) or not _rated(expr, ctx):
        return None
    lin = sympy.Poly(den, t) if den.is_polynomial(t) else None
    if lin is None or lin.degree() != 1 or cheap_cancel(lin.coeffs()[-1] - 1) != 0 or len(lin.coeffs()) != 2:
        return None
    k = lin.coeffs()[0]
    return Match("inverse_time_decay", roles=(("initial rate", num), ("step", t)), params=(("decay", k),),
                 note=f"the rate ${ctx.latex(num)}$ divided by $1 + {ctx.latex(k)}\\,{ctx.latex(t)}$: it falls "
                      "like one over the step")


def _polynomial_decay(expr: sympy.Basic, ctx: Context) -> Match | None:
    t = _step(expr, ctx)
    if t is None or not _rated(expr, ctx):
        return None
    for f in sympy.Mul.make_args(expr):
        base, power = (f.base, f.exp) if isinstance(f, sympy.Pow) else (f, sympy.Integer(1))
        if power.has(t) or not isinstance(base, sympy.Add) or not base.has(t):
            continue
        frac = cheap_cancel(1 - base)  # 1 − t/T: the fraction of the steps taken
        num, den = sympy.fraction(frac)
        if num == t and den.free_symbols and not den.has(t):
            rest = cheap_cancel(expr / f)
            if rest.has(t):
                return None
            linear = power == 1
            return Match("polynomial_decay", roles=(("initial rate", rest), ("step", t), ("total steps", den)),
                         params=(("power", power),), name="linear decay" if linear else "",
                         note=f"the rate ${ctx.latex(rest)}$ times $(1 - {ctx.latex(t)}/{ctx.latex(den)})"
                              + ("" if linear else f"^{{{ctx.latex(power)}}}") + "$: it reaches 0 at the last step")
    return None


CONCEPTS: tuple[Concept, ...] = (
    Concept(
        "inverse_time_decay", "inverse-time decay", "divides the learning rate by one plus a multiple of the step",
        "η_t = η₀ / (1 + k t): the rate falls like 1/t, fast at first and slowly later (Keras' InverseTimeDecay; "
        "the 1/t rate stochastic-approximation theory asks for).",
        ("initial rate", "step"), ("exponential_decay", "step_decay", "polynomial_decay"), "schedule",
        _inverse_time_decay, heads=(sympy.Mul, sympy.Pow),
    ),
    Concept(
        "polynomial_decay", "polynomial decay", "shrinks the learning rate by a power of the fraction of steps left",
        "η_t = η₀ (1 − t/T)^p: from η₀ at the start to 0 at step T, linearly for p = 1 (BERT's and many fine-tuning "
        "recipes' linear decay), more sharply at the end for p < 1 (Keras' PolynomialDecay, PyTorch's PolynomialLR).",
        ("initial rate", "step", "total steps"), ("inverse_time_decay", "cosine_schedule", "warmup"), "schedule",
        _polynomial_decay, heads=(sympy.Mul,),
    ),
)
