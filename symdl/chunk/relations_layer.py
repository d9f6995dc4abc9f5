"""Relations between the statements of a recurrent cell: an LSTM's gates feed its cell, a GRU's gates its update.

Read off the statements' matches: an ``lstm_cell`` statement whose gates are earlier ``lstm_gate`` statements
(and an output gate that reads the cell out, ``h_t = o_t ⊙ tanh(C_t)``), or a ``gru`` statement whose update gate
and candidate are earlier statements (the candidate using a reset gate).
"""

from __future__ import annotations

import sympy

from symdl.chunk.layer_parts import applied, product_parts
from symdl.chunk.registry import Context, Match
from symdl.chunk.tree import Relation
from symdl.formula import Formula


def _is_gate(sym: sympy.Basic | None, ctx: Context) -> bool:
    fact = ctx.facts.get(sym) if sym is not None else None
    if fact is None:
        return False  # an LSTM's gate, or a GRU's r or z (named gru, "GRU r gate")
    return fact.concept == "lstm_gate" or (fact.concept == "gru" and str(getattr(fact, "name", "")).endswith(" gate"))


def _readout(formula: Formula, cell: sympy.Basic, ctx: Context) -> tuple[int, sympy.Basic, sympy.Basic] | None:
    """``(statement, output gate, hidden state)`` of ``h_t = o_t ⊙ tanh(C_t)``."""
    for k, st in enumerate(formula.statements):
        fs = product_parts(st.rhs)
        if fs is None or len(fs) != 2 or st.lhs is None:
            continue
        for gate, act in (fs, fs[::-1]):
            got = applied(act)
            if got is not None and got[0] is sympy.tanh and got[1] == cell and _is_gate(gate, ctx):
                return k, gate, st.lhs
    return None


def _lstm(formula: Formula, k: int, m: Match, ctx: Context, where: dict[sympy.Basic, int]) -> Relation | None:
    forget, inp, cand = m.role("forget gate"), m.role("input gate"), m.role("candidate")
    if not (_is_gate(forget, ctx) and _is_gate(inp, ctx)):
        return None
    st = formula.statements[k]
    cell = st.target if st.target is not None else st.lhs
    lx = ctx.latex
    gates = [forget, inp]
    out = _readout(formula, cell, ctx)
    if out is not None:
        gates.append(out[1])
    names = ", ".join(f"${lx(g)}$" for g in gates[:-1]) + f" and ${lx(gates[-1])}$"
    text = (f"LSTM: {names} are gates (sigmoids of the previous hidden state and the input, each in (0, 1)); "
            f"${lx(cell)}$ mixes the old cell ${lx(m.role('previous cell'))}$, kept by the forget gate ${lx(forget)}$, "
            f"and the candidate ${lx(cand)}$, written by the input gate ${lx(inp)}$")
    if out is not None:
        text += f"; the output gate ${lx(out[1])}$ reads $\\tanh({lx(cell)})$ out as ${lx(out[2])}$"
    idx = sorted({where[g] for g in gates if g in where} | {k} | ({out[0]} if out else set()))
    return Relation("combines", text, tuple(idx), "lstm_cell")


def _gru(formula: Formula, k: int, m: Match, ctx: Context, where: dict[sympy.Basic, int]) -> Relation | None:
    gate, cand = m.role("update gate"), m.role("candidate")
    if not _is_gate(gate, ctx):
        return None
    lx = ctx.latex
    text = f"GRU: ${lx(gate)}$ is the update gate: it interpolates between the previous state and the candidate"
    idx = {where[gate], k} if gate in where else {k}
    if cand in where:
        cst = formula.statements[where[cand]]
        resets = [g for g, j in where.items() if j < where[cand] and g != gate and _is_gate(g, ctx) and cst.rhs.has(g)]
        if resets:
            text += (f"; ${lx(resets[0])}$ is the reset gate: it scales the previous state inside the candidate "
                     f"${lx(cand)}$")
            idx |= {where[resets[0]], where[cand]}
    return Relation("combines", text, tuple(sorted(idx)), "gru")


def recurrent_relations(
    formula: Formula, matches: list[Match | None], ctx: Context, where: dict[sympy.Basic, int]
) -> list[Relation]:
    """The LSTM / GRU relations of a system (``where``: statement target → its index)."""
    out: list[Relation] = []
    for k, m in enumerate(matches):
        rel = None
        if m is not None and m.concept == "lstm_cell":
            rel = _lstm(formula, k, m, ctx, where)
        elif m is not None and m.concept == "gru":
            rel = _gru(formula, k, m, ctx, where)
        if rel is not None:
            out.append(rel)
    return out
