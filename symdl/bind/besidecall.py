r"""A function symdl does not know, applied to numbers and added to a vector: its value is a vector of that length.

Nielsen's quadratic cost ``\frac{1}{2}\|y(x) - a\|^2``: the desired output y(x) beside the network's output a
(a vector: a norm holds it) is a vector of a's length, the norm's a Euclidean distance (rule
``function-vector-beside``).  Read as a number (a plain function of a number), y(x) was added to every entry of a,
silently.  Only a call that is itself a term of the sum (up to a numeric factor) is read so; a function applied
to a vector keeps its reading (entry by entry, ``function-entrywise``), and a call the formula makes a number
(a density, a term of a number's definition, ``function-number``) stays one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from symdl.bind.build import span_of
from symdl.bind.dotcall import _open_call
from symdl.read.notes import quote
from symdl.read.syntax import Placeholder

if TYPE_CHECKING:
    from symdl.bind.binder import Binder

Kinds = dict[tuple[object, ...], str]


def beside_vector(b: Binder, p: Placeholder, kinds: Kinds) -> str | None:
    """The text of the vector the call ``p`` (of numbers) is added to, if ``p`` is read as a vector of its length;
    else None."""
    from symdl.bind.callvalue import number_reason
    from symdl.bind.valuekind import value_kind  # valuekind reads the placeholders' records, which read this

    if (not _open_call(b, p) or p.id in b.defined_entries or p.id in b.per_sample_calls or p.id in b.norm_networks
            or p.id in b.dot_calls or number_reason(b, p) is not None or p.id in b.deciding_calls):
        return None
    b.deciding_calls.add(p.id)
    try:
        if any(value_kind(b, a.expr, kinds) != "scalar" for a in p.data["args"]):
            return None
        for term in b.call_siblings.get(p.id, ()):
            if value_kind(b, term, kinds) == "col":
                span = span_of(term, b.ph)
                return quote(b.source[span.start : span.end], 40) if span is not None else "a vector"
    finally:
        b.deciding_calls.discard(p.id)
    return None
