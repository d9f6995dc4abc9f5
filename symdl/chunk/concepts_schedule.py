"""Learning-rate schedules: step decay, exponential decay, cosine annealing, warm-up.

A schedule is a function of the step count.  The step variable is read off the statement
(``\\eta_t = ...`` is a function of ``t``; ``\\eta_t = \\gamma \\eta_{t-1}`` an update) or off
the structure itself (``\\gamma^{\\lfloor t/s \\rfloor}``, ``\\min(t^{-0.5}, t w^{-1.5})``), never
off a symbol's spelling.  Equivalences are exact (``cancel``), never numeric.
"""

from __future__ import annotations

import re

import sympy

from symdl.chunk.algebra import cheap_cancel, factors, linear_in, num_value
from symdl.chunk.optim_more import milestone_count
from symdl.chunk.optim_update import update_split
from symdl.chunk.registry import Concept, Context, Match


def step_variable(ctx: Context, expr: sympy.Basic) -> sympy.Symbol | None:
    """The step count of a schedule statement: the subscript of its target (``η_t`` → ``t``, ``lr_{epoch}`` →
    ``epoch``) if used; a code identifier's second word (``normalized_lr``: one name) is no subscript."""
    st = ctx.statement
    if st is None or st.target is None or not st.rhs.has(expr):
        return None
    target = st.target
    if isinstance(target, sympy.Indexed) and len(target.indices) == 1 and isinstance(target.indices[0], sympy.Symbol):
        sub = target.indices[0].name
    else:
        name = getattr(target, "name", "")
        m = re.fullmatch(r"[^_]+_(?:\{([A-Za-z]+)\}|([A-Za-z]))", name if isinstance(name, str) else "")
        if m is None:
            return None
        sub = m.group(1) or m.group(2)
    return next((s for s in expr.free_symbols if isinstance(s, sympy.Symbol) and s.name == sub), None)


def _step_decay(expr: sympy.Basic, ctx: Context) -> Match | None:
    for f in factors(expr):
        if not isinstance(f, sympy.Pow) or f.base.has(*f.exp.free_symbols) or not f.exp.free_symbols:
            continue
        val = num_value(f.base)
        if val is not None and not 0 < val < 1:
            continue
        base = cheap_cancel(expr / f)
        if isinstance(f.exp, sympy.floor):
            stage, note = f.exp.args[0], f"(${ctx.latex(f.exp)}$ counts the stages done)"
        elif (t := milestone_count(f.exp)) is not None:  # γ^{Σ_k 1[t ≥ m_k]}: MultiStepLR's milestones
            stage, note = t, f"at every milestone the step ${ctx.latex(t)}$ has passed"
        else:
            continue
        return Match(
            "step_decay",
            roles=(("initial rate", base), ("factor", f.base), ("stage", stage)),
            params=(("gamma", f.base),),
            note=f"multiplies the rate by ${ctx.latex(f.base)}$ once {note}: a staircase",
        )
    return None


def _decaying_factor(f: sympy.Basic, t: sympy.Symbol) -> sympy.Basic | None:
    """The per-step factor of ``γ^{k t}`` or ``e^{−k t}`` (exponent through 0, linear in ``t``), else None."""
    base, e = (
        (sympy.E, f.args[0])
        if isinstance(f, sympy.exp)
        else (f.base, f.exp)
        if isinstance(f, sympy.Pow)
        else (None, None)
    )
    if base is None or base.has(t) or not e.has(t):
        return None
    lin = linear_in(e, t)
    if lin is None or lin[1] != 0 or lin[0].has(t):
        return None
    val = num_value(base)
    if base == sympy.E:
        return sympy.exp(lin[0]) if lin[0].could_extract_minus_sign() else None
    if val is not None and not 0 < val < 1:
        return None
    return base ** lin[0]


#: how DL texts spell a learning rate: η (Goodfellow, d2l, PyTorch), α (Kingma & Ba's step size, Ng), lr and
#: learning_rate (PyTorch, Keras, TF), step_size; a decayed ε, σ, τ, N, γ^t r_t is exploration, a width, a
#: temperature, a count or a discounted reward, not a learning-rate schedule
_RATE_HEAD = re.compile(r"\\?(?:eta|alpha)(?![a-z])")
_RATE_WORD = re.compile(r"(?:^|_)(?:lr|learning_?rate|step_?size)(?:_|$)")
_FONT = re.compile(r"\\(?:text|mathrm|operatorname|mathit|textit|mathtt|mathbf|boldsymbol)")


def learning_rate_target(ctx: Context) -> bool:
    """Whether the statement assigns a learning rate by its spelling (``η_t``, ``\\alpha``, ``\\mathrm{lr}``,
    ``decayed_learning_rate``): what an exponential-decay schedule decays."""
    st = ctx.statement
    if st is None or st.target is None:
        return False
    target = st.target.base if isinstance(st.target, sympy.Indexed) else st.target
    if isinstance(target, sympy.IndexedBase):
        target = target.label
    spelt = re.sub(r"[{}\s]", "", _FONT.sub("", ctx.spelling(target))).replace("\\_", "_").lower()
    return _RATE_HEAD.match(spelt) is not None or _RATE_WORD.search(spelt) is not None


def _exponential_decay(expr: sympy.Basic, ctx: Context) -> Match | None:
    if not learning_rate_target(ctx):
        return None
    split = update_split(expr, ctx)
    if split is not None and split[2] == 0 and isinstance(split[0], sympy.Symbol):
        prev, a = split[0], split[1]
        val = num_value(a)
        if _defined_by_names(a, ctx):  # PyTorch's PolynomialLR: lr = lr × factor, the factor a ratio of the epoch's
            return None  # polynomials, new every step: no geometric decay
        if (val is None and len(factors(a)) == 1 and not isinstance(a, sympy.Add)) or (val is not None and 0 < val < 1):
            return Match(
                "exponential_decay",
                roles=(("previous", prev), ("factor", a)),
                params=(("gamma", a),),
                note=f"multiplies ${ctx.latex(prev)}$ by ${ctx.latex(a)}$ every step: a geometric decay",
            )
    t = step_variable(ctx, expr)
    if t is None:
        return _from_initial(expr, ctx) or _progress_decay(expr, ctx)
    if ctx.statement is None or expr != ctx.statement.rhs:
        return None  # a schedule is what a statement assigns: not the β₂^t inside Adam's √(1 − β₂^t)
    for f in factors(expr):
        rate = _decaying_factor(f, t)
        init = cheap_cancel(expr / f)
        if rate is not None and not init.has(t) and init != 0 and not init.could_extract_minus_sign():
            return Match(
                "exponential_decay",
                roles=(("initial rate", init), ("step", t)),
                params=(("gamma", rate),),
                note=f"starts at ${ctx.latex(init)}$ and multiplies by ${ctx.latex(rate)}$ per unit of "
                f"${ctx.latex(t)}$",
            )
    return _progress_decay(expr, ctx)


def _defined_by_names(a: sympy.Basic, ctx: Context) -> bool:
    """Is ``a`` a name that another statement of the formula sets to a value of other names (a factor computed
    anew each step), not to a number?"""
    statements = getattr(ctx.formula, "statements", ()) if ctx.formula is not None else ()
    return isinstance(a, sympy.Symbol) and any(
        getattr(st, "target", None) == a and isinstance(st.rhs, sympy.Basic) and bool(st.rhs.free_symbols)
        for st in statements)


def _from_initial(expr: sympy.Basic, ctx: Context) -> Match | None:
    """``α = α_0 e^{−k t}``: the target's own value at 0 times a decaying exponential (no subscripted step)."""
    st = ctx.statement
    if st is None or st.target is None or expr != st.rhs or not isinstance(expr, sympy.Mul):
        return None
    fs = factors(expr)
    decay = [f for f in fs if (isinstance(f, sympy.exp) and f.args[0].could_extract_minus_sign()) or _power_decay(f)]
    init = [f for f in fs if f not in decay]
    own = re.sub(r"[{}\\s]", "", ctx.spelling(st.target))
    if len(decay) != 1 or len(init) != 1 or not decay[0].args[-1].free_symbols:
        return None
    if re.sub(r"[{}\\s]", "", ctx.spelling(init[0])) not in (own + "_0", own + "^0", own + "^(0)"):
        return None
    return Match(
        "exponential_decay",
        roles=(("initial rate", init[0]), ("decay", decay[0])),
        params=(("gamma", decay[0]),),
        note=f"starts at ${ctx.latex(init[0])}$ and shrinks by the factor ${ctx.latex(decay[0])}$: an "
        "exponential decay",
    )


def _progress_decay(expr: sympy.Basic, ctx: Context) -> Match | None:
    """Keras' ``decayed_learning_rate = initial_learning_rate · decay_rate^{step/decay_steps}``: a statement's value
    that is a rate (Greek or a word) times a decay factor (in (0, 1), Greek or a decay word) raised to a progress
    ``s/S``, a name over a name or a number."""
    st = ctx.statement
    if st is None or st.target is None or expr != st.rhs or not isinstance(expr, sympy.Mul) or len(expr.args) != 2:
        return None
    for f, init in (expr.args, expr.args[::-1]):
        if not (isinstance(f, sympy.Pow) and isinstance(init, sympy.Symbol) and _named_rate(init, ctx)):
            continue
        num, den = sympy.fraction(f.exp)
        val = num_value(f.base)
        base_ok = (0 < val < 1) if val is not None else isinstance(f.base, sympy.Symbol) and _decay_factor(f.base, ctx)
        steps = isinstance(den, sympy.Symbol) or (den.is_number and den.is_positive)
        if base_ok and isinstance(num, sympy.Symbol) and steps and not f.base.has(num, den):
            return Match(
                "exponential_decay",
                roles=(("initial rate", init), ("step", num)),
                params=(("gamma", f.base ** (1 / den)),),
                note=f"starts at ${ctx.latex(init)}$ and multiplies by ${ctx.latex(f.base)}$ every "
                f"${ctx.latex(den)}$ steps of ${ctx.latex(num)}$, smoothly (no staircase)",
            )
    return None


def _decay_factor(sym: sympy.Basic, ctx: Context) -> bool:
    """A factor named as a decay: Greek (γ, the PyTorch docs' gamma) or a word saying so (Keras' decay_rate), not
    any word (``growth^{t/T}`` grows)."""
    return ctx.is_greek(sym) or "decay" in ctx.spelling(sym).lower()


def _named_rate(sym: sympy.Basic, ctx: Context) -> bool:
    """A rate or factor as DL texts name one: a Greek letter (η, γ) or a word (initial_learning_rate, decay_rate)."""
    return ctx.is_greek(sym) or ctx.is_word(sym)


def _power_decay(f: sympy.Basic) -> bool:
    """``0.96^{t/1000}``, ``γ^{t/T}``: a factor in (0, 1) raised to a multiple of one step variable."""
    if not isinstance(f, sympy.Pow) or len(f.exp.free_symbols) != 1 or f.base.free_symbols & f.exp.free_symbols:
        return False
    val = num_value(f.base)
    if (val is None and not isinstance(f.base, sympy.Symbol)) or (val is not None and not 0 < val < 1):
        return False
    lin = linear_in(f.exp, next(iter(f.exp.free_symbols)))
    return lin is not None and lin[1] == 0 and not lin[0].could_extract_minus_sign()


def _cosine_schedule(expr: sympy.Basic, ctx: Context) -> Match | None:
    coss = [c for c in expr.atoms(sympy.cos) if c.args[0].has(sympy.pi)]
    if len(coss) == 2:
        return _cosine_recursive(expr, coss, ctx)
    if len(coss) != 1:
        return None
    cos = coss[0]
    c = sympy.Dummy("c")
    lin = linear_in(expr.xreplace({cos: c}), c)  # held opaque: expanding would split its argument
    if lin is None or lin[0] == 0 or lin[1].has(c):
        return None
    half, mid = lin
    lo, hi = cheap_cancel(mid - half), cheap_cancel(mid + half)
    ratio = cheap_cancel(cos.args[0] / sympy.pi)
    ok = (lo == 0 or _rate(lo)) and (_rate(hi) or _unit_factor(expr, lo, hi, ratio, ctx))  # a rate, not a Hann window
    named = _SCHEDULE_WORDS.search(" ".join(ctx.spelling(v) for v in ratio.free_symbols).lower())
    if not ok or lo == hi or hi == 0 or not (named or any(d.free_symbols for d in [sympy.fraction(ratio)[1]])):
        return None  # a progress is a fraction t/T, or named so (nanoGPT's decay_ratio)
    return Match(
        "cosine_schedule",
        roles=(("minimum", lo), ("maximum", hi), ("progress", ratio)),
        params=(("eta_min", lo), ("eta_max", hi)),
        note=f"follows half a cosine from ${ctx.latex(hi)}$ down to ${ctx.latex(lo)}$ as "
        f"${ctx.latex(ratio)}$ goes from 0 to 1",
    )


def _cosine_recursive(expr: sympy.Basic, coss: list[sympy.Basic], ctx: Context) -> Match | None:
    """PyTorch's CosineAnnealingLR as a recursion (Loshchilov & Hutter's SGDR stepped once):
    ``η_{t+1} = η_min + (η_t − η_min)(1 + cos((T_cur + 1)π/T_max))/(1 + cos(T_cur π/T_max))``: the distance to the
    floor scaled by the ratio of the closed form's cosine factor at the next step to the one at this step."""
    for now, nxt in (coss, coss[::-1]):
        steps = [v for v in now.args[0].free_symbols if cheap_cancel(now.args[0].subs(v, v + 1) - nxt.args[0]) == 0]
        if len(steps) != 1:
            continue
        r = sympy.Dummy("r")
        lin = linear_in(cheap_cancel(expr.xreplace({nxt: r * (1 + now) - 1})), r)
        if lin is None or lin[0] == 0 or lin[0].has(now) or lin[1].has(now):
            continue
        lo, prev = lin[1], cheap_cancel(lin[0] + lin[1])
        if not (_rate(lo) and _rate(prev)) or prev == lo:
            continue
        ratio = cheap_cancel(now.args[0] / sympy.pi)
        return Match(
            "cosine_schedule",
            roles=(("minimum", lo), ("previous rate", prev), ("progress", ratio)),
            params=(("eta_min", lo),),
            note=f"one step of half a cosine down to ${ctx.latex(lo)}$: the distance of ${ctx.latex(prev)}$ to the "
            f"floor is scaled by the ratio of the factors 1 + cos(π·progress) at the next step and at "
            f"${ctx.latex(ratio)}$ (PyTorch's CosineAnnealingLR recursion)",
        )
    return None


def _unit_factor(expr: sympy.Basic, lo: sympy.Basic, hi: sympy.Basic, ratio: sympy.Basic, ctx: Context) -> bool:
    """Keras' ``cosine_decay = 0.5 (1 + cos(π · step/decay_steps))``: a named value going from 1 to 0 along half a
    cosine of a progress ``s/S`` that a later statement uses (``decayed = (1 − α) cosine_decay + α``, then
    ``lr = initial_learning_rate · decayed``).  Alone, or as a function ``w(x)``, the same shape is Hann's window."""
    st = ctx.statement
    if st is None or not isinstance(st.target, sympy.Symbol) or expr != st.rhs or not (lo.is_zero and (hi - 1).is_zero):
        return False
    words = " ".join(ctx.spelling(v) for v in (st.target, *ratio.free_symbols)).lower()
    if _SCHEDULE_WORDS.search(words):  # nanoGPT's coeff = 0.5 * (1.0 + math.cos(math.pi * decay_ratio)): by its names
        return True
    stmts = ctx.formula.statements if ctx.formula is not None else ()
    if not any(s.rhs.has(st.target) for s in stmts[stmts.index(st) + 1 :] if st in stmts):
        return False
    num, den = sympy.fraction(ratio)
    return isinstance(num, sympy.Symbol) and isinstance(den, sympy.Symbol)


#: names that say a value is a step's schedule (a decay, a learning rate, a step or epoch count), never a window
_SCHEDULE_WORDS = re.compile(r"decay|\blr\b|learning|step|epoch|iter|anneal|warmup")


def _rate(x: sympy.Basic) -> bool:
    """A named rate: ``η_max``, or SGDR's ``η^i_max`` of restart ``i`` (an entry of a family, or a power of a name as
    it once was read), not a number."""
    if isinstance(x, sympy.Pow):
        return isinstance(x.base, sympy.Symbol) and isinstance(x.exp, sympy.Symbol)
    return isinstance(x, sympy.Symbol | sympy.Indexed)


def _ramp(a: sympy.Basic, x: sympy.Symbol) -> sympy.Basic | None:
    """The slope ``k`` if ``a == k·x`` with ``k`` a constant free of ``x`` (a ramp through 0)."""
    lin = linear_in(a, x) if a.has(x) else None
    if lin is None or lin[1] != 0 or lin[0].has(x) or lin[0] == 0:
        return None
    k = lin[0]
    if k.atoms(sympy.Function, sympy.Sum, sympy.Trace) or isinstance(k, sympy.MatrixExpr):
        return None
    return k


def _linear_to_zero(other: sympy.Basic, x: sympy.Symbol) -> bool:
    """Is ``other`` a linear decay in ``x`` floored at 0, ``max(0, (T − t)/(T − T_w))`` (the warm-up then linear
    decay of BERT and of Hugging Face's get_linear_schedule_with_warmup)?"""
    if not (isinstance(other, sympy.Max) and len(other.args) == 2 and 0 in other.args):
        return False
    inner = next(a for a in other.args if a != 0)
    lin = linear_in(inner, x) if inner.has(x) else None
    return lin is not None and not lin[0].has(x) and bool(lin[0].could_extract_minus_sign()) and lin[1] != 0


#: names of a step counter (a warm-up ramps in one): t, k, n, step, epoch, iteration
_STEP_NAME = re.compile(r"(?i)^[tkn](?:_|$)|step|epoch|iter")


def _warmup(expr: sympy.Basic, ctx: Context) -> Match | None:
    t = step_variable(ctx, expr)
    lx = ctx.latex
    st = ctx.statement
    assigned = st is None or expr == st.rhs or expr in factors(st.rhs)  # not the cap inside (1 − min(t, T)/T)^p
    if isinstance(expr, sympy.Min) and len(expr.args) == 2 and assigned:
        for x in sorted(expr.free_symbols, key=sympy.default_sort_key):
            for up, other in (expr.args, expr.args[::-1]):
                k = _ramp(up, x)
                p = other.exp if isinstance(other, sympy.Pow) and other.base == x else None
                decays = (p is not None and p.is_number and p.is_negative) or _linear_to_zero(other, x)
                if k is None or not (decays or (x == t and not other.has(x) and other.is_positive is not False)):
                    continue
                what = f"then decays like ${lx(other)}$" if decays else f"then stays at ${lx(other)}$"
                return Match(
                    "warmup",
                    roles=(("warm-up", up), ("after warm-up", other), ("step", x)),
                    params=(("slope", k),),
                    note=f"grows linearly (${lx(up)}$) for the first steps, {what}: a warm-up",
                )
    if isinstance(expr, sympy.Piecewise) and len(expr.args) == 2:
        (first, cond), (after, _) = expr.args
        small = {sympy.StrictLessThan: 0, sympy.LessThan: 0, sympy.StrictGreaterThan: 1, sympy.GreaterThan: 1}
        side = small.get(type(cond))
        x, end = (cond.args[side], cond.args[1 - side]) if side is not None else (None, None)
        stepped = isinstance(x, sympy.Symbol) and (x == t or bool(_STEP_NAME.search(str(x))))  # not a clip's c/\|g\|
        k = _ramp(first, x) if stepped else None
        if k is not None and end.free_symbols and not end.has(x):
            floor = [a for a in after.args if a.has(x)] if isinstance(after, sympy.Max) and 0 in after.args else []
            after = floor[0] if len(floor) == 1 else after  # max(0, (T − t)/(T − W)): a decay floored at 0, no ReLU
            return Match(
                "warmup",
                roles=(("warm-up", first), ("after warm-up", after), ("step", x), ("warm-up length", end)),
                params=(("slope", k),),
                note=f"grows linearly to ${lx(first.subs(x, end))}$ over the first ${lx(end)}$ steps",
            )
    ramp_ok = t is not None and isinstance(expr, sympy.Mul) and isinstance(ctx.statement.target, sympy.Symbol)
    ramp_ok = ramp_ok and ctx.statement.rhs == expr  # the schedule itself: not the −t/T inside (1 − t/T)^p, not a score
    k = _ramp(expr, t) if ramp_ok else None
    k = None if k is not None and k.could_extract_minus_sign() else k
    inverse = [f for f in factors(k) if isinstance(f, sympy.Pow) and f.exp == -1] if k is not None else []
    if len(inverse) == 1 and inverse[0].base.free_symbols and len(factors(k)) >= 2:  # η/T_w, not 1/N
        return Match(
            "warmup",
            roles=(("step", t),),
            params=(("slope", k),),
            note=f"grows linearly with ${lx(t)}$ at the rate ${lx(k)}$ per step: a linear warm-up",
        )
    return None


_SCHED = "schedule"
CONCEPTS: tuple[Concept, ...] = (
    Concept(
        "step_decay",
        "step decay",
        "cuts the learning rate by a factor every few epochs",
        "η_t = η₀ γ^{⌊t/s⌋} (PyTorch's StepLR): the rate stays flat for s steps, then is multiplied by γ; "
        "a staircase that lowers the noise of SGD as training settles.",
        ("initial rate", "factor", "stage"),
        ("exponential_decay", "cosine_schedule"),
        _SCHED,
        _step_decay,
        heads=(sympy.Mul,),
    ),
    Concept(
        "exponential_decay",
        "exponential decay",
        "multiplies the learning rate by a fixed factor every step",
        "η_t = η₀ γ^t (PyTorch's ExponentialLR, η_t = γ η_{t−1}) or η₀ e^{−kt}: the rate shrinks "
        "geometrically, by the same fraction each step.",
        ("initial rate", "step"),
        ("step_decay", "cosine_schedule"),
        _SCHED,
        _exponential_decay,
        heads=(sympy.Mul,),
    ),
    Concept(
        "cosine_schedule",
        "cosine annealing",
        "lowers the learning rate along half a cosine",
        "η_t = η_min + ½(η_max − η_min)(1 + cos(π t/T)) (Loshchilov & Hutter's SGDR, PyTorch's "
        "CosineAnnealingLR): slow decay at the start and the end, fastest in the middle.",
        ("minimum", "maximum", "progress"),
        ("step_decay", "warmup"),
        _SCHED,
        _cosine_schedule,
        heads=(sympy.Add, sympy.Mul),
    ),
    Concept(
        "warmup",
        "learning-rate warm-up",
        "raises the learning rate linearly over the first steps",
        "η_t = η t/T_w for t < T_w, often combined with a decay by a min(...) (the Transformer's "
        "d^{-0.5} min(t^{-0.5}, t·w^{-1.5})): small early steps while Adam's statistics are still poor.",
        ("warm-up", "after warm-up", "step"),
        ("cosine_schedule", "step_decay"),
        _SCHED,
        _warmup,
        heads=(sympy.Min, sympy.Piecewise, sympy.Mul),
    ),
)
