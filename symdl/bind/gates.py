"""Gates side by side with a vector: Graves's LSTM ``c_t = f_t c_{t-1} + i_t \\tanh(W_{xc} x_t + \\dots)``.

A name the formula defines as the sigmoid of something (a gate: ``i_t = \\sigma(W_{xi} x_t + \\dots)``) and that is a
column vector, written side by side with another column vector and no product sign, multiplies it entry by entry,
as every LSTM and GRU paper means (noted ``gate-elementwise``); two other column vectors side by side stay a shape
error (a transpose may be missing).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from symdl.bind.names import identity
from symdl.errors import Span
from symdl.read.syntax import AtomSpec, placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder


def gate_identities(b: Binder) -> set[tuple[object, ...]]:
    """Identities of the names the formula defines as a sigmoid of something (its gates)."""
    out = set()
    for st in b.rr.statements:
        if len(st.sides) != 2:
            continue
        k, v = placeholder_id(st.sides[0].expr), placeholder_id(st.sides[1].expr)
        lhs = b.atoms.get(k) if k is not None else None
        p = b.ph.get(v) if v is not None else None
        if lhs is None or p is None or p.kind != "call" or len(p.data.get("args", ())) != 1:
            continue
        callee = p.data.get("callee")
        if p.data.get("known") == "sigmoid" or (
            isinstance(callee, AtomSpec) and callee.base == "sigma" and callee.sub is None and not callee.primes
        ):
            out.add(identity(lhs))
    return out


def gate_beside(b: Binder, a: int, c: int) -> bool:
    """Is a gate written at source position ``a`` or ``c`` (the two column vectors side by side)?  Noted."""
    gates = b.gates
    if not gates:
        return False
    for pos in (a, c):
        k = next((k for k, p in b.ph.items() if p.span.start == pos and k in b.atoms), None)
        if k is not None and identity(b.atoms[k]) in gates and b.roles[k].kind != "family":
            end = max((p.span.end for p in b.ph.values() if p.span.start == c), default=c + 1)
            b._note("gate-elementwise", Span(a, end), gate=b.atoms[k].spelling)
            return True
    return False


def inside_entry_sum(b: Binder, a: int, c: int) -> bool:
    """Are source positions ``a`` and ``c`` both inside the summand of a ``\\sum`` with no index (the Keras docs'
    Dice ``\\sum y_{true} y_{pred}``): the sum of entries of the arrays' entry-by-entry product (``sum-no-index``)."""
    return any(p.kind == "expect" and p.data.get("axis") and p.data.get("statistic") == "sum"
               and p.span.start <= a and c < p.span.end and b.source.startswith("\\sum", p.span.start)
               for p in b.ph.values())
