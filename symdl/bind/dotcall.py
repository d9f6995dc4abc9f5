r"""A function symdl does not know, applied right after a transposed vector: its value is a vector of that length.

``\mathbf{w}^T f(x)``, Bishop's linear basis model ``y = \mathbf{w}^T \phi(x)``, cs229's exponential family
``\eta^T T(y)``: a row vector times the call is a dot product, so the call's value is a column of the row's length
(rule ``function-dot-vector``).  Read as a number (a plain function of a number), the row times it would be a row
vector and the transposed name would collapse to one number.  Where the function acts on a vector entry by entry
(``\mathbf{w}^T g(\mathbf{x})``) it keeps that reading (``function-entrywise``).
"""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

import sympy

from symdl.activations import LETTERS
from symdl.bind.apply import acts_elementwise
from symdl.bind.build import first_position
from symdl.bind.callvalue import DENSITY_LETTERS
from symdl.read.syntax import AtomSpec, Placeholder, placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder

Kinds = dict[tuple[object, ...], str]

#: letters symdl reads as known functions of numbers (the sigmoid σ, the softplus ζ; Φ of one argument: the normal
#: CDF), numbers of numbers, not vectors
CONVENTIONAL = LETTERS  # from the activations' records (symdl.activations)

#: commands that write a function's name as an operator, a number's function (\\operatorname{f}(x), \\mathrm{score})
OPERATOR_NAMES = ("\\operatorname", "\\mathrm", "\\text", "\\mathop", "\\rm")


def dot_calls(b: Binder) -> dict[int, int]:
    """Call placeholder → the transposed name written right before it (``\\mathbf{w}^T f(x)``), or the bold vector
    written before it with ``\\cdot`` (``\\mathbf{w} \\cdot \\Phi(x, y)``), for the calls of functions symdl does
    not know that could be vectors."""
    out: dict[int, int] = {}
    for e in b.exprs:
        for node in sympy.preorder_traversal(e):
            if not isinstance(node, sympy.Mul):
                continue
            placed = sorted(((first_position(f, b.ph), placeholder_id(f)) for f in node.args), key=lambda t: t[0])
            for (_, kp), (_, kc) in pairwise(placed):
                if kp is not None and kc is not None and _open_call(b, b.ph.get(kc)) and (
                        _row_name(b, kp) or _dotted_vector(b, kp, kc)):
                    out[kc] = kp
    text = {b.source[b.ph[k].span.start : b.ph[k].span.end]: row for k, row in out.items()}
    for k, p in b.ph.items():  # linear attention's S_t^T \phi(q_t) / (z_t^T \phi(q_t)): one call, one vector
        if k not in out and _open_call(b, p) and (row := text.get(b.source[p.span.start : p.span.end])) is not None:
            out[k] = row
    return out


def _row_name(b: Binder, k: int) -> bool:
    """Is placeholder ``k`` a transposed lower-case name, a vector (``\\mathbf{w}^T``, ``\\eta^T``), not a family's?"""
    a = b.atoms.get(k)
    return (a is not None and a.transpose and a.base[:1].islower() and not a.word and a.layer is None
            and a.sample is None and b.roles[k].kind != "family")


def _dotted_vector(b: Binder, k: int, kc: int) -> bool:
    """Is placeholder ``k`` a bold lower-case vector with ``\\cdot`` written between it and the call ``kc``
    (Collins' global linear model ``\\mathbf{w} \\cdot \\Phi(x, y)``, a dot product)?"""
    a = b.atoms.get(k)
    return (a is not None and a.bold and not a.transpose and a.base[:1].islower() and b.roles[k].kind != "family"
            and b.cdot_between(b.ph[k].span.end, b.ph[kc].span.start))


def _open_call(b: Binder, p: Placeholder | None) -> bool:
    """Is ``p`` a call of a function symdl does not know, nor reads as vector-valued (bold) or as a number (a
    density, a name written as an operator: ``\\operatorname{f}``)?  A capital letter applied is one (cs229's
    ``T(y)``)."""
    callee = p.data.get("callee") if p is not None and p.kind == "call" else None
    return (isinstance(callee, AtomSpec) and p is not None and p.data.get("known") is None and not callee.bold
            and not callee.primes and not callee.spelling.startswith(OPERATOR_NAMES)
            and callee.base not in DENSITY_LETTERS and callee.base not in CONVENTIONAL
            and not (callee.base == "Phi" and len(p.data.get("args", ())) == 1) and bool(p.data.get("args")))


def seed_dot_rows(b: Binder, kinds: Kinds) -> None:
    """The names multiplying such a call are vectors (cs229's ``\\eta^T T(y)``: η), unless declared numbers."""
    from symdl.bind.names import identity
    from symdl.bind.shapes import declared_shape

    for k in b.dot_calls.values():
        if declared_shape(b.atoms[k], b.declared) != ():
            kinds.setdefault(identity(b.atoms[k]), "vector")


def dot_vector(b: Binder, p: Placeholder, kinds: Kinds) -> bool:
    """Is the call ``p`` read as a vector, the right factor of a dot product with the transposed name before it?
    Not where the function acts on a vector or matrix argument entry by entry."""
    from symdl.bind.valuekind import value_kind  # valuekind reads the placeholders' records, which read this

    if p.id not in b.dot_calls or p.id in b.defined_entries or p.id in b.per_sample_calls:
        return False
    args = p.data["args"]
    if len(args) == 1 and acts_elementwise(p.data["callee"]):
        return value_kind(b, args[0].expr, kinds) == "scalar"
    return True
