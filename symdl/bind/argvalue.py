r"""arg max as a value (issue 12, session 28): ``\operatorname{argmax}(v)`` with no index under it, read by
:mod:`symdl.read.argvalue` as a call of the known operator, is the index of the largest entry of its one vector
argument, numbered from 1 as symdl numbers entries (ties: the first), as ``\arg\max_i v_i`` is (``ArgMaxOver``):

- of a vector name (``\mathbf{z}``, or a plain name the call makes a vector): over its entries ``z_j``;
- of a vector expression (``W\mathbf{x} + \mathbf{b}``): over its entries;
- of the value of a function symdl does not know, applied to one argument (the Switch Transformer's router
  ``p(x)``): over the component functions ``p(j, x)``, as ``p(x)_j`` is read (``function-entry``), j from 1 to
  the value's length N_p.

Noted ``argmax-value``; anything else (a number, several arguments) is refused.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sympy

from symdl.bind import apply
from symdl.bind.build import applied
from symdl.bind.fnentry import vector_value
from symdl.bind.names import base_name, identity
from symdl.errors import NotSupported
from symdl.functions import ArgMaxOver, ArgMinOver
from symdl.read.syntax import Placeholder, placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder

#: the operators, by the name the reader calls them
ARG_EXTREMA = {"argmax": ArgMaxOver, "argmin": ArgMinOver}


def arg_value(b: Binder, p: Placeholder, args: list[sympy.Basic], inner: Any) -> sympy.Basic | None:
    """The index of the largest (smallest) entry of the one argument of ``\\argmax(...)``; None for other calls."""
    op = p.data.get("known")
    if op not in ARG_EXTREMA:
        return None
    over, arg = ARG_EXTREMA[op], p.data["args"][0] if len(args) == 1 else None
    j = b.index(b.fresh_letter())
    what = b.source[arg.span.start : arg.span.end] if arg is not None else ""
    if arg is None:
        value = None
    elif inner is not None and b.kinds.get(identity(inner)) == "vector" and not inner.transpose:
        value = over(b.entries_of(inner)[j], (j, 1, b.length_of(base_name(inner))))
    elif (entries := vector_value(b, arg)) is not None:
        value = over(entries[j], (j, 1, entries.length))
    else:
        value = _of_function(b, arg, over, j)
    if value is None:
        raise NotSupported(
            f"\\{op} of {'several arguments' if arg is None else 'one number'}: no vector whose entries it ranks",
            source=b.source, span=p.span,
            hint=f"write the vector bold (\\{op}(\\mathbf{{z}})), or the index it runs over (\\arg\\max_k z_k)")
    b._note("argmax-value", p.span, op=op, arg=what, index=str(j),
            which="largest" if op == "argmax" else "smallest")
    return value


def _of_function(b: Binder, arg: Any, over: Any, j: sympy.Symbol) -> sympy.Basic | None:
    """``p(x)`` of an unknown function of one argument: the index j of its largest component ``p(j, x)``."""
    k = placeholder_id(arg.expr)
    call = b.ph.get(k) if k is not None else None
    if call is None or call.kind != "call" or call.data.get("known") is not None or len(call.data["args"]) != 1:
        return None
    callee = call.data.get("callee")
    if callee is None or callee.primes:
        return None
    name = apply.unknown_name(callee)
    return over(applied(name, j, b.conv(call.data["args"][0])), (j, 1, b.length_of(name)))
