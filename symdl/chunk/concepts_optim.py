"""Optimizer building blocks, recognised on update statements ``target = f(previous, ...)``.

An update's right side is split as ``a·previous + rest`` (linear in the previous
value).  ``a = 1`` with something added is a running sum; ``a = 1`` with
something subtracted is a descent step; ``0 < a < 1`` is an exponential moving
average (EMA) when ``rest = (1 − a)·x``, and momentum (an EMA up to the scale
``c/(1 − a)``) when ``rest = c·x`` for another ``c``.  Nothing depends on the
symbols' names: ``0.9 v + 0.1 g``, ``β v + (1−β) dW`` and ``(1−β) v + β g`` are
all EMAs, ``G + g^2`` is a running sum, ``γ v + η ∇J`` is momentum.
"""

from __future__ import annotations

import re

import sympy

from symdl.chunk.algebra import (
    cheap_cancel,
    difference,
    factors,
    is_number,
    is_one,
    is_subtracted,
    linear_in,
    num_value,
    numer_denom,
    sqrt_arg,
    terms,
)
from symdl.chunk.concepts_rl import is_reward
from symdl.chunk.optim_adam import adam_correction, adam_ema
from symdl.chunk.optim_shapes import (
    descends_by_statement,
    error_driven,
    hadamard_ratio,
    heavy_ball,
    is_square_norm,
    lookahead_of,
    named_root,
    per_step_decay,
    same_step,
    scalar_out,
    scaled_symbol,
    shared_rate,
    shrink_of,
)
from symdl.chunk.optim_steps import (
    branch_of,
    capital_gate,
    counts_steps,
    earlier_value,
    fresh_increment,
    holds_total,
    same_every_step,
    trace_decay,
)
from symdl.chunk.registry import Concept, Context, Match
from symdl.untrusted import refuse_text


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


#: the names of learning rates: a decay made with one is a step's shrink, an increment scaled by one a step
_RATES = frozenset({"alpha", "eta", "lr"})
#: the names of parameters an update moves
_PARAMETERS = frozenset({"theta", "w", "W", "params"})


def _two_arrays(x: sympy.Basic, ctx: Context) -> bool:
    """Is the new value a product of two different vectors (a key and a value, ``k_tᵀ v_t``)?  A velocity adds one
    gradient (``η g_t``, ``∇f(θ + μv)``, ``Jᵀe``), scaled by settings."""
    flat = [f for g in factors(x) for f in factors(g.arg if isinstance(g, sympy.Transpose) else g)]
    vectors = {f for f in flat if isinstance(f, sympy.MatrixExpr) and 1 in f.shape and not ctx.is_greek(f)}
    return len(vectors) >= 2


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


def _squared_factor(e: sympy.Basic) -> bool:
    """Does the product ``e`` have a squared factor (``g^2``, ``\\mathbf{g}^{\\circ 2}``): a second moment's input?"""
    args = e.args if isinstance(e, (sympy.Mul, sympy.HadamardProduct, sympy.MatMul)) else ()
    return any((isinstance(f, (sympy.Pow, sympy.HadamardPower)) and f.args[1] == 2) or _squared_factor(f) for f in args)


def _bias_correction(expr: sympy.Basic, ctx: Context) -> Match | None:
    num, den = numer_denom(expr)
    if isinstance(expr, sympy.MatMul):  # bold v_t / (1 − β₁^t): the scalar factors carry the denominator
        mats = [f for f in expr.args if isinstance(f, sympy.MatrixExpr)]
        num, den = numer_denom(sympy.Mul(*(f for f in expr.args if not isinstance(f, sympy.MatrixExpr))))
        num = sympy.MatMul(num, *mats) if num != 1 else (mats[0] if len(mats) == 1 else sympy.MatMul(*mats))
    fs = factors(den)
    corr = [f for f in fs if (d := difference(f)) is not None and is_one(d[0]) and isinstance(d[1], sympy.Pow)]
    if len(corr) != 1:
        return None
    others = sympy.Mul(*(f for f in fs if f is not corr[0]))  # AdaMax's (α/(1 − β₁^t))·m_t/u_t: u_t stays below
    if not is_one(others):
        num = sympy.MatMul(1 / others, num) if isinstance(num, sympy.MatrixExpr) else num / others
    diff = difference(corr[0])
    decay, t = diff[1].base, diff[1].exp
    if t.is_number or (decay.is_number and not 0 < float(decay) < 1):
        return None
    if num.has(diff[1]) or num.is_number:
        return None  # RAdam's ρ_∞ − 2tβ^t/(1 − β^t): the decay's power itself over the correction, no estimate
    also, adam = adam_correction(decay, ctx)
    return Match(
        "bias_correction",
        roles=(("estimate", num), ("decay", decay), ("step", t)),
        note=f"divides by $1 - {ctx.latex(decay)}^{{{ctx.latex(t)}}}$, undoing the EMA's pull towards its zero "
        f"start{adam}",
        also=also,
    )


def rms_parts(expr: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic, sympy.Basic] | None:
    """``(numerator, s, epsilon)`` if ``expr`` is ``x/(√s + ε)``, ``x/√(s + ε)`` or ``x/√s``."""
    refuse_text(expr, "the expression")
    num, den = hadamard_ratio(expr) or numer_denom(expr)
    from symdl.chunk.concepts_stats import centred_by_mean  # here: concepts_stats → concepts_sum → this module

    if num == 1 or any(difference(f) is not None for f in sympy.Mul.make_args(num)) or centred_by_mean(num):
        return None
    eps: sympy.Basic = sympy.Integer(0)
    s = sqrt_arg(den)
    if s is None:
        parts = terms(den)
        roots = [t for t in parts if sqrt_arg(t) is not None]
        if len(parts) != 2 or len(roots) != 1:
            return None
        s, eps = sqrt_arg(roots[0]), next(t for t in parts if t is not roots[0])
    from symdl.chunk.concepts_stats import centred_by_mean

    if s.is_number or centred_by_mean(s):  # γ/√(mean((x − μ)²) + ε): a standard deviation, not a root mean square
        return None
    return num, s, eps


def _with_epsilon(s: sympy.Basic) -> bool:
    """Is ``s`` a sum with a guard against division by zero: a small ε (``\\epsilon``, ``\\delta``, ``10^{-8}``) added
    (AdaDelta's RMS[g]_t = √(E[g²]_t + ε))?  η₀/√(t + 1) adds a step count's 1: no guard."""
    parts = [_unbroadcast(t) for t in terms(s)]  # \sqrt{\mathbf{s}_t + \epsilon}: ε broadcast over the vector
    small = [t for t in parts if (t.is_Symbol and re.match(r"(?:var)?(?:epsilon|eps|delta)", t.name))
             or (t.is_number and t.is_positive and t < sympy.Rational(1, 1000))]
    return len(parts) > 1 and len(small) == 1


def _unbroadcast(t: sympy.Basic) -> sympy.Basic:
    """``t`` without a ones matrix it is broadcast by (``\\epsilon \\mathbf{1}``: ε)."""
    if isinstance(t, sympy.MatMul) and any(isinstance(f, sympy.OneMatrix) for f in t.args):
        rest = [f for f in t.args if not isinstance(f, sympy.OneMatrix)]
        return sympy.Mul(*rest) if all(not isinstance(f, sympy.MatrixExpr) for f in rest) else t
    return t


def _rms_normalization(expr: sympy.Basic, ctx: Context) -> Match | None:
    parts = rms_parts(expr) or ((named := named_root(expr, ctx)) is not None and rms_parts(named)) or None
    if parts is None:
        return None
    num, s, eps = parts
    if any(isinstance(f, sympy.Pow) and f.exp == sympy.Rational(1, 2) and isinstance(f.base, sympy.Add)
           for f in sympy.preorder_traversal(num)):
        return None  # AdaDelta's √(u_{t-1} + ε)/√(v_t + ε) g_t: a ratio of two roots, a unit correction, no RMS scale
    if is_square_norm(s) or any(is_square_norm(_unbroadcast(t)) for t in terms(s)) or s.has(sympy.Determinant):
        return None  # x / ||x||: an L2 normalisation (or a clip by the norm); a Gaussian's √|Σ|: not a mean square
    fact = next((f for t in terms(s) if (f := ctx.facts.get(t)) is not None), None)
    if fact is not None and fact.concept == "running_sum":
        return None  # Adagrad's √(G + ε): the root of a total that only grows, not of a mean square
    if any(isinstance(t, sympy.Symbol) and re.search(r"sum|norm", ctx.spelling(t)) for t in terms(s)):
        return None  # PyTorch's Adagrad \sqrt{state\_sum_t} + \epsilon: a running sum by its name, no mean; a
        # capsule's s / sqrt(squared_norm + 1e-8): a vector's length by its name, no mean square
    squared = {p.base for p in sympy.preorder_traversal(s) if isinstance(p, sympy.Pow) and p.exp == 2}
    squares = s.has(sympy.Sum) or len(squared) == 1  # EDM's σ_data / √(σ_data² + t²): squares of two numbers, no RMS
    if (eps == 0 and not _with_epsilon(s) and fact is None and not squares) or num.is_number:
        return None  # q·k/√d, η₀/√(t + 1): a root of no known mean square, with no ε, is a scale, not an RMS;
        # He's gain √(2/(1 + a²)): a number over a root normalises nothing
    known = ""
    if fact is not None and fact.concept in ("ema", "momentum", "running_sum"):
        inner = fact.role("new value") or fact.role("increment")
        known = f" ${ctx.latex(s)}$ is a running average of {describe_input(inner, ctx)}" if inner is not None else ""
    roles = (("numerator", num), ("mean square", s)) + ((("epsilon", eps),) if eps != 0 else ())
    return Match(
        "rms_normalization",
        roles=roles,
        note=f"divides by the root of ${ctx.latex(s)}$ (a root-mean-square scale);" + known,
    )


_OPT = "optimizer"
#: the heads of an update's right side (a sum: previous value plus a change), shared by the optimiser modules
UPDATE_HEADS = (sympy.Add, sympy.MatAdd)
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
