"""Gates side by side with a vector: Graves's LSTM ``c_t = f_t c_{t-1} + i_t \\tanh(W_{xc} x_t + \\dots)``.

A name the formula defines as the sigmoid of something (a gate: ``i_t = \\sigma(W_{xi} x_t + \\dots)``) and that is a
column vector, written side by side with another column vector and no product sign, multiplies it entry by entry,
as every LSTM and GRU paper means (noted ``gate-elementwise``); two other column vectors side by side stay a shape
error (a transpose may be missing).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import sympy

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
        k = b.atom_written_at(pos)
        if k is not None and identity(b.atoms[k]) in gates and b.roles[k].kind != "family":
            end = max((p.span.end for p in b.ph.values() if p.span.start == c), default=c + 1)
            b._note("gate-elementwise", Span(a, end), gate=b.atoms[k].spelling)
            return True
    return False


def inside_entry_sum(b: Binder, a: int, c: int) -> bool:
    """Are source positions ``a`` and ``c`` both inside the summand of a ``\\sum`` with no index (the Keras docs'
    Dice ``\\sum y_{true} y_{pred}``): the sum of entries of the arrays' entry-by-entry product (``sum-no-index``)."""
    return any(p.kind == "expect" and p.data.get("axis") and p.data.get("statistic") == "sum"
               and p.span.start <= a and c < p.span.end
               and b.source.startswith(("\\sum", "\u03a3", "\u2211"), p.span.start)  # a pasted Σ or ∑ too
               for p in b.ph.values())


def promote_gate_partners(b: Binder, kinds: Any) -> None:
    """In a formula with gates, a plain lower-case name at the gates' step that the formula does not define, written
    side by side with a vector in a product (the PyTorch docs' LSTM ``c_t = f_t c_{t-1} + i_t \\tanh(\\dots)`` pasted
    without the line defining f_t) is a gate too: a vector, multiplied entry by entry (noted ``gate-elementwise``);
    as a number it would scale the whole vector, silently."""
    from symdl.bind.valuekind import value_kind  # imported here: valuekind reads the placeholders' records

    if not b.gates:
        return
    defined_ids = _defined_ids(b)
    steps = {a.sub.text for k, a in b.atoms.items() if identity(a) in b.gates and a.sub is not None}
    for e in b.exprs:
        for m in e.atoms(sympy.Mul):
            ids = [k for f in m.args if (k := placeholder_id(f)) is not None and k in b.atoms]
            if not any(kinds.get(identity(b.atoms[k])) == "vector" for k in ids) and not any(
                    value_kind(b, f, kinds) == "col" for f in m.args if placeholder_id(f) not in b.atoms):
                continue  # h_t = o_t \tanh(c_t): beside a call's vector too
            for k in ids:
                a = b.atoms[k]
                if (kinds.get(identity(a)) in (None, "vector") and identity(a) not in defined_ids and a.sub is not None
                        and a.sub.text in steps and len(a.base) == 1 and a.base.islower() and not a.greek
                        and not a.bold and b.roles[k].kind != "family"):
                    kinds[identity(a)] = "vector"
                    b.gates.add(identity(a))


#: the letters of the LSTM's and the GRU's gates (forget, input, output; reset, update)
GATE_LETTERS = frozenset("fiorzu")


def promote_step_gates(b: Binder, kinds: Any) -> None:
    """The PyTorch docs' GRU line pasted alone, ``n_t = \\tanh(W_{in} x_t + b_{in} + r_t (W_{hn} h_{(t-1)} + b_{hn}))``:
    in a recurrent cell (a name at the step before, ``h_{t-1}``), a gate's letter at step t that nothing defines,
    written side by side with a vector, is a gate: a vector, multiplied entry by entry (noted ``gate-elementwise``);
    as a number it scaled the whole vector, silently."""
    from symdl.bind.valuekind import value_kind  # imported here: valuekind reads the placeholders' records

    if b.gates or not any(a.sub is not None and a.sub.text.replace(" ", "").strip("()") == "t-1"
                          for a in b.atoms.values()):
        return
    defined = _defined_ids(b)
    for e in b.exprs:
        for m in e.atoms(sympy.Mul):
            for f in m.args:
                k = placeholder_id(f)
                a = b.atoms.get(k) if k is not None else None
                if (a is None or a.base not in GATE_LETTERS or a.sub is None or a.sub.text != "t" or a.bold
                        or kinds.get(identity(a)) not in (None, "vector")  # made a vector beside one already: a gate
                        or identity(a) in defined or b.roles[k].kind == "family"):
                    continue
                beside = [value_kind(b, g, kinds) for g in m.args if g is not f]
                if "col" in beside and not {"row", "matrix"} & set(beside):  # xLSTM's i_t v_t k_t^T: a matrix,
                    # scaled by a number gate
                    kinds[identity(a)] = "vector"
                    b.gates.add(identity(a))


def _defined_ids(b: Binder) -> set[tuple[object, ...]]:
    """Identities of the names a statement sets (alone on the first of its two sides)."""
    return {identity(b.atoms[k]) for st in b.rr.statements if len(st.sides) == 2
            and (k := placeholder_id(st.sides[0].expr)) is not None and k in b.atoms}


#: a bold vector's name, maybe subscripted, at the end (or the start) of a piece of source
_BOLD_BEFORE = re.compile(r"\\(?:mathbf|boldsymbol|bm)\s*\{\s*\\?[A-Za-z]+\s*\}(?:_\{?[^{}+\-]*\}?)?\s*[+-]\s*$")
_BOLD_AFTER = re.compile(r"^\s*[+-]\s*\\(?:mathbf|boldsymbol|bm)\s*\{")


def dot_beside_vector(b: Binder, a: int, c: int) -> bool:
    """Is the ``\\cdot`` between the column vectors at source positions ``a`` and ``c`` a term added to a bold vector
    (the VAE's reparameterisation ``\\boldsymbol{\\mu} + \\boldsymbol{\\sigma} \\cdot \\boldsymbol{\\epsilon}``)?  Their
    dot product is a number, which no one adds to a vector: the product is entry by entry (noted
    ``cdot-beside-vector``)."""
    end = max((p.span.end for p in b.ph.values() if p.span.start == c), default=c + 1)
    if not (_BOLD_BEFORE.search(b.source[:a]) or _BOLD_AFTER.match(b.source[end:])):
        return False
    b._note("cdot-beside-vector", Span(a, end), text=b.source[a:end])
    return True
