"""``\\mathrm{softmax}(x)_i`` with a plain x (the PyTorch docs' ``\\text{Softmax}(x_{i})``, d2l's
``\\mathrm{softmax}(\\mathbf{o})_j``, blog posts' ``\\mathrm{softmax}(x)_i = e^{x_i} / \\sum_j e^{x_j}``).

An entry of the value of a function that maps a vector to a vector (softmax) is taken only of a vector, so the
one name that is its argument is a vector, whatever its font (noted ``entry-vector``); the entry then reads as it
does for ``\\mathbf{x}`` (:func:`symdl.bind.operators.entry`).  A name declared a number, a family (``x_k``) or a
bold name is left as it is.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sympy

from symdl.bind.build import applied, is_mat
from symdl.bind.names import base_name, identity
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
            or not (promotable(a) or a.word)  # \text{softmax}(\text{logits})_i: a word names a vector as a letter does
            or b.roles[j].kind == "family"
            or declared_shape(a, b.declared) is not None
            or identity(a) in kinds
        ):
            continue
        kinds[identity(a)] = "vector"
        function = call.data.get("known") or named_vector_function(call.data.get("callee"))
        b._note("entry-vector", p.span, name=a.base_latex, function=str(function))


def seed_defined_rows(b: Binder, kinds: Kinds) -> None:
    """The PyTorch docs' ``\\text{logsumexp}(x)_i = \\log \\sum_j \\exp(x_{ij})``: a plain name x inside the entry i
    being defined, written elsewhere in the formula with two indices the first of which is i (``x_{ij}``), is a
    matrix: the entry is the function of x's row i (noted ``entry-rows``)."""
    for p in b.ph.values():
        k = placeholder_id(p.data["value"].expr) if p.kind == "entry" and p.id in b.defined_entries else None
        call = b.ph[k] if k is not None and b.ph[k].kind == "call" and len(b.ph[k].data["args"]) == 1 else None
        index = b.atom_of(p.data["index"].expr) if call is not None else None
        j = placeholder_id(call.data["args"][0].expr) if call is not None else None
        a = b.atoms.get(j) if j is not None else None
        if (
            index is None
            or a is None
            or a.bold
            or a.transpose
            or a.sub is not None
            or not promotable(a)
            or declared_shape(a, b.declared) is not None
            or identity(a) in kinds
        ):
            continue
        rows = [
            o
            for o in b.atoms.values()
            if o.base == a.base
            and not o.bold
            and o.sub is not None
            and o.sub.terms is not None
            and len(o.sub.terms) == 2
            and o.sub.terms[0] == (index.base, 0)
        ]
        if rows:
            kinds[identity(a)] = "matrix"
            b._note("entry-rows", p.span, name=a.base_latex, entry=rows[0].spelling, index=index.base_latex)


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


def defined_rows_entry(
    b: Binder, known: str | None, callee: Any, args: list[Any], i: sympy.Basic
) -> sympy.Basic | None:
    """The PyTorch docs' ``\\text{logsumexp}(x)_i = \\log \\sum_j \\exp(x_{ij})``: on the left of a definition, entry i
    of the value of any function of one matrix name (its rows' entries on the right) is the entry being defined,
    whatever the function; so is entry c of a function of a vector expression (Hinton et al.'s softmax at a
    temperature, ``\\mathcal{S}(\\mathbf{a}/T)_c = ...``); None for anything else (a vector name is read below, as
    Wikipedia's softmax)."""
    a = b.atom_of(args[0].expr) if len(args) == 1 else None
    if known is None and callee is None:
        return None
    name = known or base_name(callee)
    inner = placeholder_id(args[0].expr) if len(args) == 1 else None
    composed = inner is not None and b.ph[inner].kind == "call"  # \log \mathrm{softmax}(\mathbf{x})_i: read below
    if (
        a is None
        and known is None
        and not composed
        and len(args) == 1
        and getattr(value := b.conv(args[0]), "is_Matrix", False)
        and value.shape[1] == 1
    ):
        return sympy.Indexed(sympy.IndexedBase(applied(name, value)), i)  # Hinton's \mathcal{S}(\mathbf{a}/T)_c
    if a is None or b.kinds.get(identity(a)) != "matrix":
        return None
    return sympy.Indexed(sympy.IndexedBase(applied(name, b.entries_of(a))), i)


class Scaled:
    """The entries of a vector times a number: ``z[i]`` is ``scale * base[i]``."""

    def __init__(self, base: sympy.IndexedBase, scale: sympy.Basic) -> None:
        self.base, self.scale = base, scale

    def __getitem__(self, i: sympy.Basic) -> sympy.Basic:
        return self.scale * self.base[i]


def scaled_vector(b: Binder, expr: sympy.Basic) -> tuple[Any, sympy.Basic]:
    """The vector name in a function's argument and the number it is multiplied by: ``\\mathbf{z}`` (1), a
    temperature's ``\\mathbf{z}/T`` (1/T), ``\\beta \\mathbf{z}``; ``(None, 1)`` for anything else."""
    a = b.atom_of(expr)
    if a is not None:
        return (a, sympy.Integer(1)) if b.kinds.get(identity(a)) == "vector" else (None, sympy.Integer(1))
    if not isinstance(expr, sympy.Mul):
        return None, sympy.Integer(1)
    vectors = [(f, v) for f in expr.args if (v := b.atom_of(f)) is not None and b.kinds.get(identity(v)) == "vector"]
    if len(vectors) != 1:
        return None, sympy.Integer(1)
    scale = sympy.Mul(*(b.convert_expr(f) for f in expr.args if f is not vectors[0][0]))
    return (None, sympy.Integer(1)) if is_mat(scale) else (vectors[0][1], scale)
