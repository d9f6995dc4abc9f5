"""Recurrent cells: the RNN cell, LSTM gates and cell state, the GRU's interpolation (d2l ch. 9-10, Olah 2015).

* rnn_cell: ``h_t = tanh(W h_{t-1} + U x_t + b)``: a squashing function of an affine map of the previous state of
  the same series and a new input.
* lstm_gate: ``f_t = σ(W_f [h_{t-1}, x_t] + b_f)``: a sigmoid of an affine map that reads an earlier state of
  another series (the gate's value is in (0, 1): how much to let through).
* lstm_cell: ``c_t = f_t ⊙ c_{t-1} + i_t ⊙ c̃_t``: the previous cell times one gate plus a gated candidate, the
  two gates independent (not ``1 − f``: that would be an interpolation).
* gru: ``h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_{t-1}``: an interpolation by a data-dependent gate between the previous
  state and a candidate.
"""

from __future__ import annotations

import re

import sympy
from sympy.core.function import AppliedUndef
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction
from sympy.matrices.expressions.matexpr import MatrixExpr

from symdl.chunk.algebra import factors, is_number, terms
from symdl.chunk.layer_parts import (
    applied,
    complement,
    earlier_symbols,
    is_data,
    mentions_earlier,
    product_parts,
    same_series,
    step_of,
)
from symdl.chunk.optim_steps import capital_gate, earlier_value
from symdl.chunk.registry import Concept, Context, Match, named_concept
from symdl.functions import sigmoid
from symdl.read.commands import GREEK

_SQUASH = (sympy.tanh, sigmoid)


def _affine_of(arg: sympy.Basic) -> bool:
    """Whether ``arg`` is a sum of at least two terms (a weighted input, a weighted state, a bias...)."""
    return len(terms(arg)) >= 2 or type(arg).__name__ == "MatMul"


def _target(ctx: Context) -> sympy.Basic | None:
    st = ctx.statement
    return None if st is None else (st.target if st.target is not None else st.lhs)


def _activation(expr: sympy.Basic) -> tuple[type, sympy.Basic] | None:
    """``(function, argument)`` of a squashing call, or of an unnamed activation ``φ(u)`` / ``f(u)``."""
    got = applied(expr)
    if got is not None:
        return got if got[0] in _SQUASH or issubclass(got[0], AppliedUndef) else None
    if isinstance(expr, AppliedUndef) and len(expr.args) == 1 and named_concept(expr) is None and _letter(expr):
        return type(expr), expr.args[0]
    return None


def _letter(call: AppliedUndef) -> bool:
    """Is the unnamed function spelled with one letter (``φ``, ``f``, ``g``)?  A word (GIN's ``\\mathrm{MLP}^{(k)}``,
    ``\\mathrm{UPDATE}``) names a network or an unknown map, not an activation."""
    stem = re.split(r"[_^]", type(call).__name__)[0]
    return len(stem) == 1 or stem.lower() in _GREEK_NAMES


#: Greek letters as SymPy spells them (``phi``), each one letter as printed
_GREEK_NAMES = frozenset({"phi", "varphi", "psi", "sigma", "rho", "theta", "eta", "xi", "zeta", "chi", "omega"})


def _defined(arg: sympy.Basic, ctx: Context) -> sympy.Basic:
    """The right side an earlier statement gave ``arg`` (Goodfellow's ``a^{(t)} = b + W h^{(t-1)} + U x^{(t)}``)."""
    if ctx.formula is not None and isinstance(arg, (sympy.Symbol, sympy.MatrixSymbol)):
        for st in ctx.formula.statements:
            if st is ctx.statement:
                break
            if st.target == arg or st.lhs == arg:
                return st.rhs
    return arg


def _weighted(arg: sympy.Basic, prev: sympy.Basic) -> bool:
    """Whether ``arg`` has a term ``W · prev`` (a weight times the previous state) and a term without it."""
    ts = [t.function if isinstance(t, sympy.Sum) else t for t in terms(arg)]  # Σ_j W_ij h_j^{(t-1)}: its body
    hit = any(t != prev and prev in factors(t) and all(not is_number(f) for f in factors(t)) for t in ts)
    return hit and any(not t.has(prev) for t in ts)


def _rnn_cell(expr: sympy.Basic, ctx: Context) -> Match | None:
    got = _activation(expr)
    st = ctx.statement
    if got is None or st is None or expr != st.rhs:
        return None
    arg = _defined(got[1], ctx)
    prev = mentions_earlier(arg, ctx)
    target = _target(ctx)
    if prev is None or target is None or not (prev == st.previous or same_series(prev, target, ctx)):
        return None
    if not _weighted(arg, prev):
        return None
    others = [t for t in sympy.Add.make_args(arg) if not t.has(prev)]
    if others and not any(not isinstance(t, (sympy.Symbol, sympy.MatrixSymbol, sympy.Indexed))
                          or ctx.head(t.base if isinstance(t, sympy.Indexed) else t).lstrip("\\") != "b"
                          for t in others):
        return None  # Goodfellow's h^{(k)} = \tanh(b^{(k)} + W^{(k)} h^{(k-1)}): no input, a layer's recursion
    act = {sympy.tanh: "tanh", sigmoid: "sigmoid"}.get(got[0], "")
    if act == "sigmoid" and ctx.sigma_guessed():
        act = ""  # σ of a hidden state, read as the sigmoid by a guess (a reading note says so): an activation
    note = (f"the new state ${ctx.latex(target)}$ is {'a ' + act if act else 'an activation'} of the previous "
            f"state ${ctx.latex(prev)}$ and the new input, mixed by learned weights")
    return Match("rnn_cell", roles=(("pre-activation", got[1]),), params=(("previous state", prev),),
                 note=note, also=(act,) if act else ())


def _lstm_gate(expr: sympy.Basic, ctx: Context) -> Match | None:
    got = applied(expr)
    st = ctx.statement
    if got is None or got[0] is not sigmoid or st is None or expr != st.rhs or not _affine_of(got[1]):
        return None
    prev = mentions_earlier(got[1], ctx, named=True)
    target = _target(ctx)
    if prev is None or target is None or prev == st.previous or same_series(prev, target, ctx):
        return None
    if earlier_value(target, got[1], ctx) == prev:
        return None  # Nielsen's a' = σ(w a + b): the target's own previous value (the layer before), no other series
    note = (f"a gate: ${ctx.latex(target)}$ is in (0, 1) entry by entry, computed from the previous hidden state "
            f"${ctx.latex(prev)}$ and the input; it scales how much of a signal passes")
    gru = _GRU_GATES.get(ctx.head(target))  # Cho et al. 2014's r, z (d2l's R_t, Z_t): a GRU's gate, not an LSTM's
    return Match("gru" if gru else "lstm_gate", roles=(("pre-activation", got[1]),), params=(("previous state", prev),),
                 note=note, also=("sigmoid",), name=f"GRU {gru} gate" if gru else "gate (LSTM/GRU)")


#: the GRU's gates by their letters (Cho et al. 2014 eqs. 5-6, PyTorch's GRU docs, d2l 10.2): LSTM's are i, f, o
_GRU_GATES = {"r": "reset", "z": "update"}


def _gated_terms(expr: sympy.Basic, ctx: Context) -> list[tuple[sympy.Basic, ...]]:
    """Every ``(gate a, previous, gate b, candidate)`` reading of ``a ⊙ prev + b ⊙ cand`` updating ``prev``'s series."""
    st = ctx.statement
    if st is None or expr != st.rhs:
        return []
    parts = terms(expr)
    prev = st.previous if st.previous is not None else earlier_value(st.target, expr, ctx) or _own_earlier(expr, ctx)
    if len(parts) != 2 or prev is None:
        return []
    out = []
    if any(_maps(t) for t in parts):
        return []  # Ā h_{t−1} + B̄ x_t (a state-space model): a matrix applied to the state is no gate
    for t1, t2 in (parts, parts[::-1]):
        f1, f2 = product_parts(t1), product_parts(t2)
        if f1 is None or f2 is None or len(f1) != 2 or len(f2) != 2 or prev not in f1 or t2.has(prev):
            continue
        a = f1[1] if f1[0] == prev else f1[0]
        for b, cand in (f2, f2[::-1]):
            if is_data(a, ctx) and is_data(b, ctx) and is_data(cand, ctx) and not a.has(prev) and not _schedule(a, ctx):
                out.append((a, prev, b, cand))
    return out


def _maps(t: sympy.Basic) -> bool:
    """A matrix product of two or more arrays (``A h``): a linear map, not a gate acting entry by entry."""
    return type(t).__name__ == "MatMul" and sum(isinstance(a, MatrixExpr) for a in t.args) >= 2


def _greek_weight(a: sympy.Basic, b: sympy.Basic, ctx: Context) -> bool:
    """Are the two weights of an interpolation written with Greek names only (``α``, a bold ``\\boldsymbol{\\alpha}``):
    a decay fixed over the steps, not a gate computed at each?"""
    names = [*a.atoms(sympy.MatrixSymbol), *b.atoms(sympy.MatrixSymbol)] or [*a.free_symbols, *b.free_symbols]
    return bool(names) and all(ctx.head(x).lstrip("\\") in GREEK for x in names)


def _schedule(g: sympy.Basic, ctx: Context) -> bool:
    """A factor of Greek hyperparameters only (DDPM's ``√(1 − β_t)``, ``√β_t``): a noise schedule, not a gate."""
    syms = g.free_symbols
    return bool(syms) and not isinstance(g, MatrixExpr) and all(ctx.is_greek(s) for s in syms)


def _own_earlier(expr: sympy.Basic, ctx: Context) -> sympy.Basic | None:
    """The earlier step ``expr`` mentions, of the target's own series first (``h_i^{(t-1)}`` before the gate
    ``u_i^{(t-1)}`` in Goodfellow's ``h_i^{(t)} = u_i^{(t-1)} h_i^{(t-1)} + (1 - u_i^{(t-1)}) ...``)."""
    target = _target(ctx)
    factored = {f for t in terms(expr) for f in (product_parts(t) or ())}  # a factor of a term, not inside a sum
    own = sorted((s for s in earlier_symbols(ctx) if s in factored and target is not None
                  and same_series(s, target, ctx)), key=str)
    return own[0] if len(own) == 1 else mentions_earlier(expr, ctx, named=True)


def _lstm_cell(expr: sympy.Basic, ctx: Context) -> Match | None:
    options = _gated_terms(expr, ctx)
    if not options or any(complement(a, b) or complement(b, a) or _tied(a, b) for a, _, b, _ in options):
        return None  # 1 − f, √(1 − a²) (Griffin's RG-LRU): one gate's function, not an independent input gate
    a, prev, b, cand = options[0]
    if not isinstance(expr, MatrixExpr) and not (_known_gate(a, ctx) and _known_gate(b, ctx)) and not (
        _same_time(a, ctx) and _same_time(b, ctx)
    ) and not _read_out(ctx) and not (capital_gate(a, ctx) and capital_gate(b, ctx)):  # d2l's C = F * C + I * C_tilde
        return None  # a scalar a·v_{t-1} + b·g_t is momentum-like; gates are computed at the target's time
    if isinstance(expr, MatrixExpr) and not all(isinstance(g, MatrixExpr) or _known_gate(g, ctx) for g in (a, b)):
        return None  # Shalev-Shwartz's Pegasos w^{(t+1)} = \frac{t-1}{t} w^{(t)} - \frac{1}{\lambda t} v_t: numbers
    lx = ctx.latex
    note = (f"the cell keeps ${lx(a)}$ of the old cell ${lx(prev)}$ (forget gate) and adds ${lx(b)}$ of the "
            f"candidate ${lx(cand)}$ (input gate)")
    return Match("lstm_cell", roles=(("forget gate", a), ("previous cell", prev), ("input gate", b),
                                     ("candidate", cand)), note=note)


def _tied(a: sympy.Basic, b: sympy.Basic) -> bool:
    """Is one gate written as a function of the other (``√(1 − a_t²)`` beside ``a_t``)?"""
    return (not is_number(a) and b.has(a)) or (not is_number(b) and a.has(b))


def _read_out(ctx: Context) -> bool:
    """Whether a later statement reads the target out as a third factor times its tanh (the PyTorch docs' ``c' = f *
    c + i * g``, ``h' = o * \\tanh(c')``): an LSTM's output gate on its cell, so the update's factors are gates."""
    target = _target(ctx)
    sts = ctx.formula.statements if ctx.formula is not None and target is not None else ()
    later = sts[next((k for k, st in enumerate(sts) if st is ctx.statement), len(sts)) + 1:]
    for st in later:
        parts = product_parts(st.rhs) or []
        squashed = [p for p in parts if (got := applied(p)) is not None and got == (sympy.tanh, target)]
        if len(parts) == 2 and len(squashed) == 1 and is_data(next(p for p in parts if p not in squashed), ctx):
            return True
    return False


def _same_time(g: sympy.Basic, ctx: Context) -> bool:
    """Whether ``g`` carries the target's time subscript (``f_t`` beside ``C_t``), or is an entry at a step of the
    target's time (Goodfellow's ``u_i^{(t-1)}`` beside ``h_i^{(t)}``): a quantity computed per step."""
    target = _target(ctx)
    if isinstance(g, sympy.Indexed) and isinstance(target, sympy.Indexed):  # u_i^{(t-1)} beside h_i^{(t)}
        mine, own = step_of(g), step_of(target)
        if mine is None and own is not None and g.indices == target.indices:  # Cho et al.'s z_j beside h_j^{<t>}:
            return not ctx.is_greek(g.base)  # a gate entry per unit, computed anew at every step
        return mine is not None and own is not None and mine[0] == own[0]
    if target is None or not isinstance(g, sympy.Symbol):
        return False
    tail = re.search(r"(_\{?[^_{}]+\}?|\^\{?\(.+\)\}?)$", ctx.spelling(target))
    mine = re.search(r"(_\{?[^_{}]+\}?|\^\{?\(.+\)\}?)$", ctx.spelling(g))
    return tail is not None and mine is not None and tail.group(1) == mine.group(1)


def _gate_spelling(g: sympy.Basic, ctx: Context) -> bool:
    """Is ``g`` (or ``1 - g``) spelled as an update gate: z, u or Γ (Cho et al., Olah, Ng), bold or not?"""
    name = ctx.spelling(g if not isinstance(g, sympy.Add) else next(iter(g.free_symbols), g))
    return bool(re.match(r"(\\(boldsymbol|mathbf|bm)\s*\{\s*)?(z|u|\\Gamma)(?![a-zA-Z])", name.strip()))


def _known_gate(g: sympy.Basic, ctx: Context) -> bool:
    fact = ctx.facts.get(g)
    return fact is not None and (fact.concept in ("lstm_gate", "sigmoid") or "sigmoid" in fact.also)


def _reset_gated(t: sympy.Basic, prev: sympy.Basic, ctx: Context) -> sympy.Basic | None:
    """The gate ``r`` of a term ``r ⊙ (U h + b)`` / ``r (U h)`` (a data factor entry by entry times a weighted
    previous state) or ``W (r ⊙ h)`` (d2l's ``(R ⊙ H) W``): a reset gate on the recurrent path, else None."""
    if type(t).__name__ == "MatMul":
        scal = [f for f in t.args if not isinstance(f, MatrixExpr)]
        mats = [f for f in t.args if isinstance(f, MatrixExpr)]
        inner = [f for f in mats if type(f).__name__ == "HadamardProduct" and prev in f.args and len(f.args) == 2]
        if len(inner) == 1 and len(mats) == 2 and not scal:  # W (r ⊙ h): the gate inside the weighted state
            return next(f for f in inner[0].args if f != prev)
        parts = [sympy.Mul(*scal), mats[0] if len(mats) == 1 else sympy.MatMul(*mats)] if len(scal) == 1 else []
    else:
        parts = product_parts(t) or []
    if len(parts) != 2 or (type(t).__name__ != "HadamardProduct" and isinstance(parts[0], MatrixExpr)):
        return None  # r (U h) with r a number per entry, or r ⊙ (U h); not U (W h): a second layer
    gate, inner = (parts if not parts[0].has(prev) else parts[::-1])
    weighted = [u for u in terms(inner) if u != prev and u.has(prev)]
    if gate.has(prev) or inner == prev or not weighted or not is_data(gate, ctx) or is_number(gate):
        return None
    return gate if not (isinstance(gate, sympy.Symbol) and ctx.is_greek(gate)) else None


def _gru_candidate(expr: sympy.Basic, ctx: Context) -> Match | None:
    """A GRU's candidate ``n_t = tanh(W x_t + b + r_t ⊙ (U h_{t-1} + b_h))`` (PyTorch, Cho et al.): a squashed affine
    map of the input whose recurrent term passes through a reset gate first (an LSTM never gates the state there)."""
    got = _activation(expr)
    st = ctx.statement
    if got is None or got[0] is not sympy.tanh or st is None or expr != st.rhs:
        return None
    arg = _defined(got[1], ctx)
    prev = mentions_earlier(arg, ctx, named=True)
    parts = terms(arg)
    gates = [g for t in parts if prev is not None and (g := _reset_gated(t, prev, ctx)) is not None]
    if len(gates) != 1 or all(t.has(prev) for t in parts):
        return None
    note = (f"a GRU's candidate state: the reset gate ${ctx.latex(gates[0])}$ scales the previous state "
            f"${ctx.latex(prev)}$'s contribution before the tanh, entry by entry")
    return Match("gru", roles=(("pre-activation", got[1]), ("reset gate", gates[0])), note=note,
                 name="GRU candidate state (reset-gated)", also=("tanh",))


def _gru(expr: sympy.Basic, ctx: Context) -> Match | None:
    if _activation(expr) is not None:
        return _gru_candidate(expr, ctx)
    got = next((o for o in _gated_terms(expr, ctx) if complement(o[0], o[2]) or complement(o[2], o[0])), None)
    if got is None:
        return None
    a, prev, b, cand = got
    computed = any(_known_gate(g, ctx) or (_same_time(g, ctx) and _gate_spelling(g, ctx)) or capital_gate(g, ctx)
                   for g in (a, b))  # schedule-free SGD's (1 - c_{t+1}) x_t + c_{t+1} z_{t+1}: c is a schedule
    if not computed and _greek_weight(a, b, ctx):
        return None  # (1 − α) ⊙ h_{t−1} + α ⊙ x_t: a Greek weight per channel, fixed over steps: an EMA, no gate
    if not isinstance(expr, MatrixExpr) and not computed:
        return None  # a scalar β h + (1 − β) x is an EMA; a vector or a per-step gate z_t (or 1 − z_t, as Olah
        # writes (1 − z_t) * h_{t−1} + z_t * h̃_t) is a GRU's update
    lx = ctx.latex
    if ctx.head(prev).lstrip("\\") == "c" and {ctx.head(g).lstrip("\\") for g in (a, b) if not g.has(sympy.Add)
                                              } & {"i", "f"}:  # Greff et al.'s coupled gates: an LSTM's cell
        note = (f"an LSTM cell whose forget gate is coupled to its input gate (CIFG, Greff et al. 2017): ${lx(a)}$ "
                f"keeps that share of the previous cell ${lx(prev)}$, ${lx(b)}$ writes the candidate ${lx(cand)}$")
        return Match("lstm_cell", roles=(("forget gate", a), ("previous cell", prev), ("input gate", b),
                                         ("candidate", cand)), note=note)
    note = (f"the update gate ${lx(a)}$ keeps that share of the previous state ${lx(prev)}$ and takes the rest, "
            f"${lx(b)}$, from the candidate ${lx(cand)}$: an interpolation, entry by entry")
    return Match("gru", roles=(("update gate", a), ("previous state", prev), ("candidate", cand)),
                 params=(("update gate", a),), note=note, name="GRU state update (gated interpolation)")


_HEADS = (ElementwiseApplyFunction, sympy.tanh, sigmoid, AppliedUndef)

CONCEPTS: tuple[Concept, ...] = (
    Concept(
        "gru", "gated recurrent unit (GRU)",
        "interpolates between the previous state and a candidate with a learned gate",
        "A GRU keeps two gates computed from the previous state and the input: a reset gate r (how much of the "
        "old state the candidate sees) and an update gate z. The new state h_t = z ⊙ h_{t−1} + (1 − z) ⊙ h̃_t "
        "(or with z and 1 − z swapped, as in PyTorch) is an entry-wise interpolation: z near 1 copies the old "
        "state, which lets information and gradients survive many steps.",
        ("update gate", "previous state", "candidate"), ("lstm_cell", "lstm_gate", "rnn_cell", "ema"), "layer",
        _gru, heads=(sympy.Add, MatrixExpr, sympy.tanh), names=("gru", "grucell"),
    ),
    Concept(
        "lstm_cell", "LSTM cell state", "forgets part of the old cell and writes part of a new candidate",
        "c_t = f_t ⊙ c_{t−1} + i_t ⊙ c̃_t: the forget gate f_t scales the old cell state, the input gate i_t "
        "scales the candidate c̃_t = tanh(...), and the two are added. Because the old cell enters additively, "
        "gradients can flow through many time steps (the constant error carousel).",
        ("forget gate", "previous cell", "input gate", "candidate"), ("lstm_gate", "gru", "rnn_cell"), "layer",
        _lstm_cell, heads=(sympy.Add, MatrixExpr), names=("lstm", "lstmcell"),
    ),
    Concept(
        "lstm_gate", "LSTM gate", "a sigmoid of the previous state and the input: a per-entry valve in (0, 1)",
        "i_t, f_t and o_t = σ(W[h_{t−1}, x_t] + b): each gate looks at the previous hidden state and the current "
        "input through its own weights and outputs numbers in (0, 1) that multiply a signal entry by entry "
        "(forget: the old cell; input: the candidate; output: the cell read out as h_t = o_t ⊙ tanh(c_t)).",
        ("pre-activation",), ("lstm_cell", "sigmoid", "gru"), "layer", _lstm_gate, heads=_HEADS,
    ),
    Concept(
        "rnn_cell", "recurrent (RNN) cell", "computes the new hidden state from the previous state and the input",
        "h_t = tanh(W h_{t−1} + U x_t + b): the same weights are applied at every time step, and the hidden state "
        "carries a summary of everything seen so far. Repeated multiplication by W through tanh makes gradients "
        "vanish or explode over long sequences, which LSTMs and GRUs address.",
        ("pre-activation",), ("lstm_cell", "gru", "tanh"), "layer", _rnn_cell, heads=_HEADS,
        names=("rnn", "rnncell"),
    ),
)
