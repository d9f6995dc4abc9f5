"""A stated shape makes the name inside the call a vector: CS224n's attention ``\\alpha^t = \\mathrm{softmax}(e^t)
\\in \\mathbb{R}^N``.

A statement whose value is a function applied entry by entry (``\\tanh(z)``, ``\\sigma(z)``) or softmax of one plain
name, stated to be in ``\\mathbb{R}^N`` (a vector), says that name is a vector of that length: entry by entry or
normalised, the value has the argument's shape.  Noted ``stated-shape-call``.  A name declared a number, a family
member, a word and a value of any other form stay as read (the stated shape is then checked, as before).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from symdl.bind.apply import acts_elementwise
from symdl.bind.names import identity
from symdl.bind.shapes import declared_shape
from symdl.read.syntax import AtomSpec, placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder

#: functions that keep their argument's shape though they are not entry by entry
_SHAPE_KEEPING = ("softmax", "log_softmax")


def seed_stated_calls(b: Binder, kinds: dict[object, str]) -> None:
    """Make the plain name inside each call stated to be a vector (``\\mathrm{softmax}(e) \\in \\mathbb{R}^N``) a
    vector, noted."""
    for st in b.rr.statements:
        if st.asserted is None or len(st.asserted) != 1 or not st.sides:
            continue
        k = placeholder_id(st.sides[-1].expr)
        arg = _call_argument(b, k) if k is not None else None
        if arg is None or identity(arg) in kinds:
            continue
        kinds[identity(arg)] = "vector"
        b._note("stated-shape-call", b.ph[k].span, name=arg.spelling or arg.base_latex,
                stated=f"in \\mathbb{{R}}^{{{st.asserted[0]}}}")


def _call_argument(b: Binder, k: int) -> AtomSpec | None:
    """The plain name that call ``k`` applies to entry by entry (or normalises), if it is one."""
    from symdl.bind.kinds import NOT_ENTRYWISE  # imported here: kinds calls this module

    p = b.ph.get(k)
    if p is None or p.kind != "call" or len(p.data.get("args", ())) != 1:
        return None
    known, callee = p.data.get("known"), p.data.get("callee")
    if known is not None and known in NOT_ENTRYWISE and known not in _SHAPE_KEEPING:
        return None
    if known is None and not (isinstance(callee, AtomSpec) and (callee.base == "sigma" or acts_elementwise(callee))):
        return None
    ak = placeholder_id(p.data["args"][0].expr)
    a = b.atoms.get(ak) if ak is not None else None
    if a is None or b.roles[ak].kind == "family" or a.word or a.bold or a.transpose:
        return None
    return a if declared_shape(a, b.declared) is None else None
