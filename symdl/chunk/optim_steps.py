"""Where an update sits in time: the earlier value of its target and the step it counts.

``θ_{t+1} = θ_t − …`` along the formula's time series; ``Q_{n+1} = Q_n + …`` and ``x_{k+1} = x_k − …`` along an
iteration written as a subscript (k, n); Duchi's ``θ_{t+1,i} = θ_{t,i} − …`` coordinate by coordinate; ``x̂_new =
f(x̂, …)``.  Structural: a name's spelling is only split into the name and its step subscript.
"""

from __future__ import annotations

import re

import sympy

from symdl.chunk.registry import Context
from symdl.untrusted import refuse_text


def earlier_value(target: sympy.Basic | None, rhs: sympy.Basic, ctx: Context) -> sympy.Basic | None:
    """For ``θ_{t+1} = θ_t - ...``: the latest earlier value of the target used on the right.

    A step along the formula's time series (``t``); a step letter written as a subscript with an offset
    (``Q_{n+1} = Q_n + α(R_n − Q_n)``, ``x_{k+1} = x_k − δ sign(g_k)``: the same name, the same letter, a
    smaller offset); ``x̂_new = f(x̂, …)``; the PyTorch docs' next state ``h' = f(h, …)``; or TF's previous state
    ``h = f(h_prev, …)`` (a word subscript prev/old).
    """
    if target is None or ctx.formula is None:
        return None
    for series in ctx.formula.time_series.values():
        now = [k for k, v in series.items() if v == target]
        if now:
            earlier = sorted((k for k in series if k < now[0] and rhs.has(series[k])), reverse=True)
            return series[earlier[0]] if earlier else None
    if isinstance(target, sympy.Indexed):
        return _earlier_entry(target, rhs) or _earlier_member(target, rhs, ctx)
    step = _step_of(ctx.spelling(target))
    if step is not None:
        found = [(st[2], s) for s in rhs.free_symbols if (st := _step_of(ctx.spelling(s))) and st[:2] == step[:2]]
        found = sorted((off, str(s), s) for off, s in found if off < step[2])
        return found[-1][2] if found else None
    spelled = ctx.spelling(target)
    old = re.sub(r"_\{?(\\text\{|\\mathrm\{)?new\}?\}?$", "", spelled)  # x̂_new = f(x̂, ...)
    if old == spelled and re.fullmatch(r"[^']+'", spelled):  # PyTorch's h' = o ⊙ tanh(c'), c' = f ⊙ c + i ⊙ g
        old = spelled[:-1]
    names = sorted(rhs.free_symbols, key=str)
    if old != spelled:
        return next((s for s in names if ctx.spelling(s) == old), None)
    return next(
        (
            s
            for s in names
            if _PREVIOUS.fullmatch(ctx.spelling(s))
            and _PREVIOUS.fullmatch(  # TF's h_prev
                ctx.spelling(s)
            ).group(1)
            == spelled
        ),
        None,
    )


def named_previous(ctx: Context) -> set[sympy.Basic]:
    """The names the formula spells as a previous value: ``h`` beside a target ``h'`` (the PyTorch docs' cells), and
    TF's ``h_prev`` (a word subscript prev/old)."""
    if ctx.formula is None:
        return set()
    out: set[sympy.Basic] = set()
    for st in ctx.formula.statements:
        spelled = ctx.spelling(st.target) if st.target is not None else ""
        if re.fullmatch(r"[^']+'", spelled):
            out |= {s for s in ctx.formula.symbols.values() if ctx.spelling(s) == spelled[:-1]}
    return out | {s for s in ctx.formula.symbols.values() if _PREVIOUS.fullmatch(ctx.spelling(s))}


#: a name's value at the step before, spelled with a word subscript (TF's GRUBlockCell ``h_prev``, ``x_{old}``)
_PREVIOUS = re.compile(r"(.+?)_\{?(?:\\text\{|\\mathrm\{)?(?:prev|old)\}?\}?")


_STEP = re.compile(r"^(.+?)_\{?\s*([a-z]+)\s*(?:([+-])\s*(\d))?\s*\}?$")
#: an iteration counted by a word subscript, beside the letters k and n (PyTorch's ``lr_{epoch} = lr_{epoch-1} × γ``)
_WORD_STEPS = ("epoch", "step", "iter", "iteration")


def counts_steps(a: sympy.Basic, ctx: Context) -> bool:
    """Whether the decay ``a`` uses the step number of the statement's target itself (``x̄_n = x̄_{n-1} +
    (x_n − x̄_{n-1})/n``, a weight 1 − 1/n): a cumulative mean with equal weights, not a geometric forgetting."""
    st = ctx.statement
    if st is None or st.target is None or ctx.formula is None:
        return False
    letters: set[str] = set()
    if any(st.target in ser.values() for ser in ctx.formula.time_series.values()):
        letters.add("t")
    if isinstance(st.target, sympy.Indexed):
        letters |= {str(x) for i in st.target.indices for x in i.free_symbols}
    step = _step_of(ctx.spelling(st.target))
    if step is not None:
        letters.add(step[1])
    if not isinstance(st.target, sympy.Indexed):  # NAdam's m_t = μ[t] m_{t-1} + ...: a schedule's member, no count
        a = a.xreplace({e: sympy.Dummy() for e in a.atoms(sympy.Indexed)})  # (an NTM's M_i ← a_i w + (1 - a_i) M_i:
    return any(isinstance(x, sympy.Symbol) and x.name in letters for x in a.free_symbols)  # a gate of entry i)


def _earlier_entry(target: sympy.Indexed, rhs: sympy.Basic) -> sympy.Basic | None:
    """``x[k]`` on the right of ``x[k + 1] = …``: the entry of the same family at the latest earlier iteration."""
    found = []
    for e in rhs.atoms(sympy.Indexed):
        if e.base != target.base or len(e.indices) != len(target.indices):
            continue
        gaps = [a - b for a, b in zip(e.indices, target.indices, strict=True)]
        moved = [(g, i) for g, i in zip(gaps, target.indices, strict=True) if g != 0]
        if len(moved) == 1 and moved[0][0].is_Integer and moved[0][0] < 0 and _iteration(moved[0][1]):
            found.append((moved[0][0], str(e), e))
    return sorted(found)[-1][2] if found else None


def _earlier_member(target: sympy.Indexed, rhs: sympy.Basic, ctx: Context) -> sympy.Basic | None:
    """``θ_{t,i}`` on the right of Duchi's ``θ_{t+1,i} = …``: coordinate i of the same name one step earlier; and
    Haykin's ``Δw_{ji}(n-1)`` beside ``Δw_{ji}(n)``, read at their iteration arguments (``step-argument``)."""
    argued = _argument_steps(ctx)  # the step is in the name (Deltaw^(n-1)), the spelling is both's \Delta w

    def step_of(base: sympy.Basic) -> tuple[str, str, int] | None:
        return _step_of_argument(str(base)) if argued else _step_of(ctx.spelling(base), "tkn")

    now = step_of(target.base)
    if now is None:
        return None
    found = []
    for e in rhs.atoms(sympy.Indexed):
        was = step_of(e.base) if e.indices == target.indices else None
        if was is not None and was[:2] == now[:2] and was[2] < now[2]:
            found.append((was[2], str(e), e))
    return sorted(found)[-1][2] if found else None


def _argument_steps(ctx: Context) -> bool:
    """Did the reader take iteration arguments ``w_{ji}(n)`` as steps in this formula (its ``step-argument`` note)?"""
    return ctx.noted("step-argument")


#: a name read at an iteration argument: ``Deltaw^(n-1)``, ``w^[m]^(k+1)`` (see :mod:`symdl.read.steparg`)
_ARGUMENT_STEP = re.compile(r"^(.+)\^\(([kn])(?:([+-])(\d+))?\)$")


def _step_of_argument(name: str) -> tuple[str, str, int] | None:
    """``("Deltaw", "n", -1)`` for ``Deltaw^(n-1)``: a name at the iteration its argument gave it."""
    m = _ARGUMENT_STEP.match(name)
    if m is None:
        return None
    off = int(m.group(4) or 0)
    return m.group(1), m.group(2), -off if m.group(3) == "-" else off


def _iteration(index: sympy.Basic) -> bool:
    """Whether ``index`` is an iteration ``k``/``n`` (plus an offset)."""
    syms = index.free_symbols
    return len(syms) == 1 and str(next(iter(syms))) in ("k", "n")


def _step_of(spelling: str, letters: str = "kn") -> tuple[str, str, int] | None:
    """``("Q", "n", 1)`` for ``Q_{n+1}``, ``("x", "k", 0)`` for ``x_k``: a name at an iteration written as a
    subscript, its letter one of ``letters``: by default the iteration letters k and n (t is the time series';
    ``x_{l+1} = x_l + F(x_l)`` steps a layer); where k counts, a step word counts too (``lr_{epoch-1}``)."""
    m = _STEP.match(spelling)
    if m is None or "_" in m.group(1) or "^" in m.group(1):
        return None
    word = m.group(2)
    if word not in letters if len(word) == 1 else (word not in _WORD_STEPS or "k" not in letters):
        return None
    off = int(m.group(4) or 0)
    return m.group(1), m.group(2), -off if m.group(3) == "-" else off


def fresh_increment(prev: sympy.Basic, rest: sympy.Basic, ctx: Context) -> bool:
    """Whether an update steps its target along the time series (``v_t`` from ``v_{t-1}``) by a quantity of
    the target's own step (``η g_t``): a new value added every step, not a decay term ``λθ`` added to one
    gradient (PyTorch's ``g_t ← g_t + λθ_{t-1}`` keeps its target)."""
    st = ctx.statement
    if st is None or st.target is None or st.target == prev or ctx.formula is None:
        return False
    for ser in ctx.formula.time_series.values():
        now = [k for k, v in ser.items() if v == st.target]
        if now and prev in ser.values():
            steps = [_step_of(ctx.spelling(x), "t") for x in rest.free_symbols if x not in ser.values()]
            return any(step is not None and step[2] == now[0] for step in steps)
    return False


def branch_of(expr: sympy.Basic, rhs: sympy.Basic) -> bool:
    """Is ``expr`` the value of a branch of cases that are the whole right side: the recursion of
    ``S_t = {Y_1 if t = 1; α Y_t + (1 − α) S_{t−1} if t > 1}`` (NIST's exponential smoothing)?"""
    return isinstance(rhs, sympy.Piecewise) and any(expr == pair.expr for pair in rhs.args)


def same_every_step(prev: sympy.Basic, rest: sympy.Basic, ctx: Context) -> bool:
    """Does an update along a step subscript (``η_{t+1} = η_t + …``) add a quantity that carries no step at all
    (SGDR's ``½(η_max − η_min)(1 − cos(π/T_max))``): the same increment every step, a ramp, no total of new values?"""
    st = ctx.statement
    if st is None or st.target is None or earlier_value(st.target, st.rhs, ctx) != prev:
        return False
    step = _step_of(ctx.spelling(st.target), "tkn")
    if step is None or not rest.free_symbols:
        return False
    letter = step[1]
    for s in rest.free_symbols:
        if str(s) == letter or _step_of(ctx.spelling(s), letter) is not None or not _setting(s, ctx):
            return False
    return not any(str(i) == letter or letter in map(str, i.free_symbols) for x in rest.atoms(sympy.Indexed)
                   for i in x.indices)


def _setting(s: sympy.Basic, ctx: Context) -> bool:
    """A name a reader takes for a fixed setting: Greek (``η_max``, ``π``), a word subscript (``T_{max}``) or a bare
    capital (``T``); not a gradient, nor a bare lower-case letter (``g``, ``x``: a value that may be new each step)."""
    if ctx.gradient_of(s) is not None or not isinstance(s, sympy.Symbol):
        return False
    if re.fullmatch(r"[A-Z]", ctx.spelling(s)):
        return True  # a count or period written as a capital (T, N): the same every step
    return ctx.is_greek(s) or re.search(r"_\{?\\?(?:text|mathrm)?\{?[A-Za-z]{2,}", ctx.spelling(s)) is not None


def holds_total(prev: sympy.Basic, rest: sympy.Basic) -> bool:
    """Is the total itself inside what is added: ``θ`` in REINFORCE's ``α ∇_θ log π_θ(a|s) G``, ``h`` in a
    residual's ``FFN(RMSNorm(h))`` (an unknown function's vector value named by its call)?"""
    from symdl.chunk.registry import vector_call

    if rest.has(prev):
        return True
    name = getattr(prev, "name", None)
    if not isinstance(name, str):
        return False
    own = re.compile(r"(^|[(,\s])" + re.escape(name) + r"($|[),\s])")
    return any((got := vector_call(m)) is not None and any(own.search(a) for a in got[1])
               for m in rest.atoms(sympy.MatrixSymbol))


def trace_decay(a: sympy.Basic) -> bool:
    """Is the decay a discount γ times a trace decay λ (and maybe an episode mask)?  Sutton & Barto's eligibility
    trace ``z_t = γλ z_{t−1} + ∇v̂`` and GAE's ``A_t = δ_t + γλ A_{t+1}`` (Schulman et al. 2016; rsl_rl's
    ``advantage = delta + next_is_not_terminal * gamma * lam * advantage``) decay a trace: a λ-return, not an
    average or an optimiser's velocity, which decay by one setting (β, μ, momentum)."""
    refuse_text(a, "the decay")
    heads = {re.split(r"[_^{]", getattr(f, "name", ""))[0] for f in sympy.Mul.make_args(a)}
    return "gamma" in heads and bool(heads & {"lambda", "lam", "lmbda"})


def capital_gate(g: sympy.Basic, ctx: Context) -> bool:
    """Is ``g`` a plain Latin capital, as written (d2l's GRU and LSTM code ``H = Z * H + (1 - Z) * H_tilde``,
    ``C = F * C + I * C_tilde``): an array of gates computed at each step, never a decay rate (β, α, a number)?"""
    if isinstance(g, sympy.Add) and not isinstance(g, sympy.MatrixExpr) and isinstance(1 - g, sympy.Symbol):
        g = 1 - g  # Ng's GRU keeps (1 - \Gamma_u) of the old cell: the gate is \Gamma_u
    written = ctx.spelling(g) if isinstance(g, sympy.Symbol) else ""
    if re.fullmatch(r"\\Gamma(?:_\{?[a-z]\}?)?", written.strip()):
        return True  # Ng's GRU c^{<t>} = \Gamma_u * \tilde{c}^{<t>} + (1 - \Gamma_u) * c^{<t-1>}: the update gate
    return len(written) == 1 and written.isupper() and written.isascii()
