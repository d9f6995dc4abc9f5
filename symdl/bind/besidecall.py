r"""A function symdl does not know, applied to numbers and added to a vector: its value is a vector of that length.

Nielsen's quadratic cost ``\frac{1}{2}\|y(x) - a\|^2``: the desired output y(x) beside the network's output a
(a vector: a norm holds it) is a vector of a's length, the norm's a Euclidean distance (rule
``function-vector-beside``).  Read as a number (a plain function of a number), y(x) was added to every entry of a,
silently.  So is a network of vectors or of several arguments added to a vector (He et al.'s ResNet
``\mathbf{y} = \mathcal{F}(\mathbf{x}, \{W_i\}) + \mathbf{x}``, a Neural ODE's ``\mathbf{h}_t + f(\mathbf{h}_t,
\theta_t)``): it was refused as a matrix product with a number.  Only a call that is itself a term of the sum (up
to a numeric factor) is read so; a plain lower-case function of one vector keeps its reading (entry by entry,
``function-entrywise``: ``\mathbf{x} + f(\mathbf{x})``), and a call the formula makes a number (a density, a term
of a number's definition, ``function-number``) stays one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy

from symdl.bind.build import span_of
from symdl.bind.dotcall import _open_call
from symdl.bind.sums import reachable
from symdl.read.notes import quote
from symdl.read.syntax import AtomSpec, Placeholder, placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder

Kinds = dict[tuple[object, ...], str]


def beside_vector(b: Binder, p: Placeholder, kinds: Kinds) -> str | None:
    """How the call ``p`` (of numbers) stands beside a vector, if ``p`` is read as a vector: ``as long as`` the
    vector it is added to or multiplied by entry-wise, or ``concatenated with`` one (its length its own); else
    None."""
    from symdl.bind.callvalue import number_reason, open_callee
    from symdl.bind.valuekind import value_kind  # valuekind reads the placeholders' records, which read this

    if (not (_open_call(b, p) or _operator_word(p)) or p.id in b.defined_entries or p.id in b.per_sample_calls
            or p.id in b.norm_networks or p.id in b.dot_calls or number_reason(b, p) is not None
            or p.id in b.deciding_calls):
        return None
    b.deciding_calls.add(p.id)
    try:
        if any(value_kind(b, a.expr, kinds) != "scalar" for a in p.data["args"]) and open_callee(p) is not None:
            return None  # f(\mathbf{x}) beside \mathbf{x}: applied entry by entry (function-entrywise)
        if not _open_call(b, p) and not any(_reaches_array(b, a.expr, kinds) for a in p.data["args"]):
            return None  # \mathrm{score}(h_t, s) of numbers stays a number
        concat = _in_concat(b, p)
        if concat and not any(_reaches_array(b, a.expr, kinds) for a in p.data["args"]):
            return None  # [\mathbf{x}; f(x)]: one more entry, or a vector? refused as before (a vector and a number)
        for term in b.call_siblings.get(p.id) or _scaled_siblings(b, p) or _operand_siblings(b, p):
            if value_kind(b, term, kinds) == "col":
                span = span_of(term, b.ph)
                text = quote(b.source[span.start : span.end], 40) if span is not None else "a vector"
                return f"concatenated with {text}" if concat else f"as long as {text}"
    finally:
        b.deciding_calls.discard(p.id)
    return None


def _operator_word(p: Placeholder) -> bool:
    """A layer written as an operator word, a function symdl does not know (the Transformer's
    ``\\mathrm{Sublayer}(\\mathbf{x})``, ViT's ``\\mathrm{MSA}(\\mathrm{LN}(\\mathbf{z}))``): a number's function by
    default (``\\mathrm{score}``), but added to a vector and applied to vectors it is that vector's block."""
    from symdl.bind.dotcall import OPERATOR_NAMES

    callee = p.data.get("callee") if p.kind == "call" else None
    return (isinstance(callee, AtomSpec) and callee.word and p.data.get("known") is None and not callee.bold
            and not callee.primes and callee.spelling.startswith(OPERATOR_NAMES) and bool(p.data.get("args")))


def _reaches_array(b: Binder, e: sympy.Basic, kinds: Kinds) -> bool:
    """Whether ``e`` is made of a vector or matrix (``\\mathbf{x}``, or a call of one:
    ``\\mathrm{LN}(\\mathbf{z})``)."""
    from symdl.bind.names import identity

    return any(k in b.atoms and identity(b.atoms[k]) in kinds for k in reachable(b.ph, e))


def _scaled_siblings(b: Binder, p: Placeholder) -> list[sympy.Basic]:
    """The other terms of a sum the call ``p`` is a term of times numbers' names (``\\eta f(t)``, DDPM's
    ``\\frac{1-\\alpha_t}{\\sqrt{1-\\bar\\alpha_t}}\\epsilon_\\theta(\\mathbf{x}_t, t)``): every other factor made of
    plain lower-case names only (no bold, no capital, no transpose, no other call)."""
    out: list[sympy.Basic] = []
    for e in b.exprs:
        for node in sympy.preorder_traversal(e):
            if not isinstance(node, sympy.Add):
                continue
            for term in node.args:
                factors = sympy.Mul.make_args(term)
                if len(factors) > 1 and any(placeholder_id(f) == p.id for f in factors) and all(
                        _number_factor(b, f) for f in factors if placeholder_id(f) != p.id):
                    out.extend(t for t in node.args if t is not term)
    return out


def _number_factor(b: Binder, f: sympy.Basic) -> bool:
    """A factor made of plain lower-case names and numbers (\\eta, \\frac{1}{\\sqrt{\\alpha_t}}), or of a lower-case
    function of them (the consistency model's ``c_{\\text{out}}(t)``), read as a number."""
    keys = reachable(b.ph, f)
    return all((k in b.atoms and not (a := b.atoms[k]).bold and not a.transpose and a.base[:1].islower()
                and b.roles[k].kind != "family") or _number_call(b.ph[k]) for k in keys)


def _number_call(p: Placeholder) -> bool:
    """A call of a plain lower-case function symdl does not know (``c_{\\text{skip}}(t)``; its arguments are checked
    as the factor's other names are)."""
    callee = p.data.get("callee") if p.kind == "call" else None
    return (isinstance(callee, AtomSpec) and not callee.bold and callee.base[:1].islower() and not callee.greek
            and p.data.get("known") is None)


def _stacked(q: Placeholder) -> list[sympy.Basic]:
    """The members of a concatenation ``[\\mathbf{x}; F(\\mathbf{x})]`` or of a one-column ``bmatrix`` of them."""
    if q.kind == "concat":
        return [c.expr for c in q.data["parts"]]
    if q.kind == "matrix" and all(len(row) == 1 for row in q.data["rows"]):
        return [row[0].expr for row in q.data["rows"]]
    return []


def _operand_siblings(b: Binder, p: Placeholder) -> list[sympy.Basic]:
    """The other operands of the entry-wise product or members of the concatenation the call ``p`` is one of (up to
    a numeric factor): the gate of a highway or gated layer ``\\mathbf{x} \\odot \\mathcal{F}(\\mathbf{x})``, a
    skip connection's ``[\\mathbf{x}; \\mathcal{F}(\\mathbf{x})]``, where a number would be refused as one."""
    from symdl.bind.callvalue import _call_in

    out: list[sympy.Basic] = []
    for q in b.ph.values():
        group = [o.expr for o in q.data["operands"]] if q.kind == "hadamard" else _stacked(q)
        if any(_call_in(e) == p.id for e in group):
            out.extend(e for e in group if _call_in(e) != p.id)
    return out


def _in_concat(b: Binder, p: Placeholder) -> bool:
    """Is the call ``p`` (up to a numeric factor) a member of a concatenation ``[\\mathbf{x}; F(\\mathbf{x})]``?"""
    from symdl.bind.callvalue import _call_in

    return any(any(_call_in(e) == p.id for e in _stacked(q)) for q in b.ph.values())
