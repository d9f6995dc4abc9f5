"""``\\mathrm{softmax}(x)_i`` with a plain x (the PyTorch docs' ``\\text{Softmax}(x_{i})``, d2l's
``\\mathrm{softmax}(\\mathbf{o})_j``, blog posts' ``\\mathrm{softmax}(x)_i = e^{x_i} / \\sum_j e^{x_j}``).

An entry of the value of a function that maps a vector to a vector (softmax) is taken only of a vector, so the
one name that is its argument is a vector, whatever its font (noted ``entry-vector``); the entry then reads as it
does for ``\\mathbf{x}`` (:func:`symdl.bind.operators.entry`).  A name declared a number, a family (``x_k``) or a
bold name is left as it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from symdl.bind.names import identity
from symdl.bind.shapes import declared_shape, promotable
from symdl.read.syntax import AtomSpec, Placeholder, placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder
    from symdl.bind.kinds import Kinds

#: known functions of one vector whose value is a vector of its length, read entry by entry
VECTOR_VALUED = ("softmax", "log_softmax")

#: the names, as written (case and underscores aside), of vector-valued functions symdl reads only entry by entry:
#: PyTorch's ``torch.nn.functional.log_softmax`` / ``nn.LogSoftmax``
NAMED_VECTOR_FUNCTIONS = {"logsoftmax": "log_softmax"}


def named_vector_function(callee: object) -> str | None:
    """``\\mathrm{log\\_softmax}``, ``\\text{LogSoftmax}``: the vector-valued function a word names, or None."""
    if not isinstance(callee, AtomSpec) or not callee.word or callee.sub is not None or callee.primes:
        return None
    return NAMED_VECTOR_FUNCTIONS.get(callee.base.replace("_", "").replace("\\", "").lower())


def seed_entry_arguments(b: Binder, kinds: Kinds) -> None:
    """The plain name inside ``f(x)_i``, f a known vector-valued function: a vector (noted)."""
    for p in b.ph.values():
        call = _vector_call(b, p.data["value"].expr) if p.kind == "entry" else None
        if call is None:
            continue
        args = call.data["args"]
        a = b.atom_of(args[0].expr)
        j = placeholder_id(args[0].expr)
        if (
            a is None
            or a.bold
            or a.transpose
            or not promotable(a)
            or b.roles[j].kind == "family"
            or declared_shape(a, b.declared) is not None
            or identity(a) in kinds
        ):
            continue
        kinds[identity(a)] = "vector"
        function = call.data.get("known") or named_vector_function(call.data.get("callee"))
        b._note("entry-vector", p.span, name=a.base_latex, function=str(function))


def _vector_call(b: Binder, expr: object) -> Placeholder | None:
    """The call of a vector-valued known function inside ``expr`` through known functions of one argument
    (``\\log \\mathrm{softmax}(x)_i``: the log of the softmax, entry i), or None."""
    while (k := placeholder_id(expr)) is not None and b.ph[k].kind == "call" and len(b.ph[k].data["args"]) == 1:
        known = b.ph[k].data.get("known") or named_vector_function(b.ph[k].data.get("callee"))
        if known in VECTOR_VALUED:
            return b.ph[k]
        if known is None or known in ("max", "min", "inner"):
            return None
        expr = b.ph[k].data["args"][0].expr
    return None
