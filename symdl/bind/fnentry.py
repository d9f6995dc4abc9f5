r"""Entries of a function's value beyond a function of one vector name (issue 12, session 28).

- Entry k of a known function of a vector EXPRESSION: Prince's ``\mathrm{softmax}_k[\mathbf{f}[\mathbf{x},
  \boldsymbol\phi]]``, ``\mathrm{softmax}(W\mathbf{h} + \mathbf{b})_k``, ``\sigma(\mathbf{W}\mathbf{x})_j``,
  ``\tanh(\mathbf{z} + \mathbf{b})_k``.  The expression is bound as it would be alone and its entries taken as
  SymPy's ``MatrixElement`` (as ``(W\mathbf{x})_j`` is, :mod:`symdl.bind.groupentry`); an entry-wise function is
  applied to entry k, a vector-valued one (softmax, log_softmax) as it defines its entry, over the whole vector.
  Not a guess: the known function fixes what the entry is.
- A definition of the entries of a function's value, ``F(x)_i = ...``, ``\mathrm{Attention}(Q, K, V)_m = ...``: the
  left side is entry i of the value of the function the formula defines (its own, even when symdl knows a
  function of that name, as a Markdown paste of softmax writes ``\sigma(x)\_i = ...``), recorded with its
  arguments, noted ``defined-entry``; the plain name that is its one argument, written on the right with one
  index as the entry (``x_i``), is a vector (noted ``defined-entry-vector``).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import sympy
from sympy.matrices.expressions.matexpr import MatrixElement

from symdl.bind import apply
from symdl.bind.build import applied
from symdl.bind.names import base_name, identity
from symdl.bind.shapes import declared_shape, promotable
from symdl.read.syntax import AtomSpec, Placeholder, placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder
    from symdl.bind.kinds import Kinds


class VectorEntries:
    """The entries of a vector expression, 1-based as written: ``v[i]`` is row ``i − 1`` of a column (or column
    ``i − 1`` of a row)."""

    def __init__(self, value: sympy.MatrixExpr) -> None:
        self.value = value
        self.column = value.shape[1] == 1

    @property
    def length(self) -> sympy.Basic:
        return self.value.shape[0] if self.column else self.value.shape[1]

    def __getitem__(self, i: sympy.Basic) -> sympy.Basic:
        return MatrixElement(self.value, i - 1, 0) if self.column else MatrixElement(self.value, 0, i - 1)


def vector_value(b: Binder, arg: Any) -> VectorEntries | None:
    """The argument node bound as a vector expression (``W\\mathbf{h} + \\mathbf{b}``), or None when it is no
    vector (a number, a matrix)."""
    value = b.conv(arg)
    if not isinstance(value, sympy.MatrixExpr) or 1 not in value.shape:
        return None
    return VectorEntries(value)


def expression_entry(
    b: Binder, call: Placeholder, i: sympy.Basic, p: Placeholder, vector_entries: dict[str, Any]
) -> sympy.Basic | None:
    """Entry ``i`` of a known function of a vector expression (module docstring), or None when the argument is no
    vector expression.  ``vector_entries``: the vector-valued functions' entry formulas (``softmax``)."""
    known, callee = call.data.get("known"), call.data.get("callee")
    known = known or _vector_word(callee)
    entries = vector_value(b, call.data["args"][0])
    if entries is None:
        return None
    if known in vector_entries:
        return vector_entries[known](entries, i, b.index(b.fresh_letter()), entries.length)
    return apply.call(known, callee, [entries[i]], p.span, b.source, b.sigma_is_std, b.notes)


def _vector_word(callee: object) -> str | None:
    from symdl.bind.entryargs import named_vector_function

    return named_vector_function(callee)


def defined_entry(
    b: Binder, call: Placeholder, i: sympy.Basic, p: Placeholder, whole: list[sympy.Basic], *, noted: bool = True
) -> sympy.Basic:
    """The left side ``F(x)_i`` of a definition of entry i of F's value: entry i of the value F has at its arguments
    (``whole``: the arguments as bound), noted ``defined-entry`` (not a vector name's ``\\sigma(\\mathbf{z})_i``,
    read so silently before: ``noted=False``)."""
    known, callee = call.data.get("known"), call.data.get("callee")
    if noted:
        note_defined_entry(b, call, p)
    return sympy.Indexed(sympy.IndexedBase(applied(known or base_name(callee), *whole)), i)


def note_defined_entry(b: Binder, call: Placeholder, p: Placeholder) -> None:
    """Note ``defined-entry`` on the left side ``F(x)_i`` of a definition."""
    head = b.source[call.span.start : call.span.end]
    index = b.source[p.data["index"].span.start : p.data["index"].span.end]
    b._note("defined-entry", p.span, call=head, index=index, name=_written(b, call))


def _written(b: Binder, call: Placeholder) -> str:
    """The function's name as written: ``\\mathrm{Attn}``, ``\\sigma``."""
    callee = call.data.get("callee")
    if isinstance(callee, AtomSpec):
        return callee.spelling
    args = call.data["args"]
    end = args[0].span.start if args else call.span.end
    return re.sub(r"\s*(\\left)?\s*[(\[{]?\s*$", "", b.source[call.span.start : end]) or str(call.data.get("known"))


def seed_defined_vector(b: Binder, kinds: Kinds) -> None:
    """``\\sigma(x)_i = \\frac{e^{x_i}}{\\sum_j e^{x_j}}``, ``f(x)_i = x_i^2``: the plain name that is the one
    argument of an entry being defined, written elsewhere in the formula with one index, the entry's or one a
    sum binds (``x_i``, ``x_j``), is the vector of those entries (noted ``defined-entry-vector``).  A name written
    with two indices is a matrix's (``entry-rows``, :func:`symdl.bind.entryargs.seed_defined_rows`)."""
    for p in b.ph.values():
        k = placeholder_id(p.data["value"].expr) if p.kind == "entry" and p.id in b.defined_entries else None
        call = b.ph[k] if k is not None and b.ph[k].kind == "call" else None
        for arg in call.data["args"] if call is not None else ():
            j = placeholder_id(arg.expr)
            a = b.atoms.get(j) if j is not None else None
            if (a is None or a.bold or a.transpose or a.sub is not None or not promotable(a)
                    or declared_shape(a, b.declared) is not None or identity(a) in kinds):
                continue
            if entries := _one_index_entries(b, a):
                kinds[identity(a)] = "vector"
                b._note("defined-entry-vector", p.span, name=a.base_latex, entry=entries[0].spelling)


def _one_index_entries(b: Binder, a: AtomSpec) -> list[AtomSpec]:
    """The names written as an entry of the plain name ``a`` with one index letter (``x_i``, ``x_j``)."""
    return [o for o in b.atoms.values() if o.base == a.base and not o.bold and o.sub is not None
            and o.sub.terms is not None and len(o.sub.terms) == 1 and o.sub.terms[0][1] == 0
            and len(o.sub.terms[0][0]) == 1 and o.layer is None and o.sample is None
            and o.decorations == a.decorations and o.primes == a.primes]


def used_whole(b: Binder, a: AtomSpec) -> bool:
    """Is the vector ``a`` inside an entry also written elsewhere as a whole vector (not inside an entry)?"""
    inside = {id(v) for _, v in entry_vectors(b)}  # σ(z)_c + σ(z)_c: z twice, each inside an entry
    return any(o is not a and identity(o) == identity(a) and id(o) not in inside for o in b.atoms.values())


def entry_vectors(b: Binder) -> list[tuple[Placeholder, AtomSpec]]:
    r"""Each entry ``f(g(\mathbf{z}))_i`` with the name inside its calls of one argument (z)."""
    out = []
    for p in b.ph.values():
        if p.kind != "entry":
            continue
        expr = p.data["value"].expr
        while (k := placeholder_id(expr)) is not None and b.ph[k].kind == "call" and len(b.ph[k].data["args"]) == 1:
            expr = b.ph[k].data["args"][0].expr
        a = b.atom_of(expr)
        if a is not None:
            out.append((p, a))
    return out


def defined_argument_values(b: Binder, args: list[Any]) -> list[sympy.Basic]:
    """The arguments of ``F(args)_i`` on the left of a definition as bound: a vector name the formula writes only
    by its entries (``w`` of ``g(x, w)_i = w_i x``) as the family of those entries, as ``\\sigma(\\mathbf{z})_i``'s
    z is; any other name as itself."""
    out = []
    for x in args:
        a = b.atom_of(x.expr)
        whole = a is None or b.kinds.get(identity(a)) != "vector" or used_whole(b, a)
        out.append(b.conv(x) if whole else b.entries_of(a))
    return out


def expression_entry_length(b: Binder, index: str) -> sympy.Basic | None:
    """The length of the vector expression inside a known function whose entry a letter indexes
    (``\\sum_k \\tanh(W\\mathbf{x})_k``: k runs over W x's rows), or None."""
    from symdl.bind.operators import _NOT_ELEMENTWISE, VECTOR_ENTRIES  # here: operators imports this module

    for p in b.ph.values():
        letter = b.atom_of(p.data["index"].expr) if p.kind == "entry" else None
        expr, arg = p.data["value"].expr if letter is not None and letter.base == index else None, None
        while (k := placeholder_id(expr)) is not None and b.ph[k].kind == "call" and len(b.ph[k].data["args"]) == 1:
            known = b.ph[k].data.get("known") or _vector_word(b.ph[k].data.get("callee"))
            if known is None or (known in _NOT_ELEMENTWISE and known not in VECTOR_ENTRIES):
                break  # \log \mathrm{softmax}(W\mathbf{h})_k: through the known functions to the argument
            arg = b.ph[k].data["args"][0]
            expr = arg.expr
        else:
            if arg is not None and b.atom_of(arg.expr) is None and (entries := vector_value(b, arg)) is not None:
                return entries.length
    return None
