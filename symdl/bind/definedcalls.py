r"""A function the formula defines on a vector, called again: the value it defines, not an activation.

CS4780's network as a linear model on learned features, ``\phi(\mathbf{x}) = \sigma(U\mathbf{x}) \\ h(\mathbf{x}) =
\mathbf{w}^\top\phi(\mathbf{x})``: ``\phi`` is a lower-case Greek letter, which applied to a vector acts entry by
entry when nothing else is said (an activation, rule ``function-entrywise``), but here a line of the formula defines it
on the whole vector ``\mathbf{x}`` with an array for its value.  The call is that array: a vector of its own length
(rule ``function-defined-vector``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy

from symdl.read.syntax import AtomSpec, Placeholder, placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder


def vector_definition(b: Binder, p: Placeholder) -> sympy.Basic | None:
    """The right side of the statement that defines ``p``'s function on a vector (``\\phi(\\mathbf{x}) = ...``), if
    ``p`` is a call of it outside that statement; None otherwise.  Its kind says whether the call is an array."""
    found = definition(b, p)
    return found[1] if found is not None else None


def defined_value(b: Binder, found: tuple[Placeholder, sympy.Basic], args: list[sympy.Basic]) -> sympy.Basic | None:
    """The value the definition ``found`` (of :func:`definition`) gives a call with ``args``: its right side, the
    parameters replaced by the arguments; None when the parameters are not plain arrays the arguments can replace."""
    params = [b.conv(a) for a in found[0].data["args"]]
    if not all(isinstance(x, sympy.MatrixSymbol) for x in params) or len(set(params)) != len(params):
        return None
    if any(getattr(x, "shape", None) != getattr(a, "shape", None) for x, a in zip(params, args, strict=True)):
        return None
    return b.convert_expr(found[1]).xreplace(dict(zip(params, args, strict=True)))


def definition(b: Binder, p: Placeholder) -> tuple[Placeholder, sympy.Basic] | None:
    """The left side and the right side of the statement that defines ``p``'s function on a vector, or None."""
    callee = p.data.get("callee") if p.kind == "call" else None
    if not isinstance(callee, AtomSpec) or callee.bold or p.data.get("known") is not None or callee.primes:
        return None
    if p.id in b.defined_entries:
        return None
    for st in b.rr.statements:
        if st.relation not in ("=", "define") or len(st.sides) < 2:
            continue
        k = placeholder_id(st.sides[0].expr)
        q = b.ph.get(k) if k is not None else None
        if q is None or q.kind != "call" or k not in b.defined_entries:
            continue
        c = q.data.get("callee")
        if not isinstance(c, AtomSpec) or c.spelling != callee.spelling:
            continue
        if st.sides[0].span.start <= p.span.start < st.sides[-1].span.end:
            continue  # a call inside its own definition (a recursion) is no use of the definition
        if len(q.data.get("args", ())) != len(p.data.get("args", ())):
            continue
        if any((a := b.atom_of(arg.expr)) is not None and a.bold for arg in q.data["args"]):
            return q, st.sides[-1].expr
    return None
