"""``\\max(|W|)``: the largest absolute entry of a weight matrix (absmax quantisation's scale
``s = \\frac{\\max(|W|)}{2^{b-1} - 1}``, LLM.int8() and the quantisation literature's ``\\max(|X|)``).

``\\max`` (``\\min``) of one value with no index under it is refused (DQN's ``\\max Q(s', a')``, symdl.bind.calls);
of one bold vector it is its largest entry.  A plain capital Latin letter (``W``, ``X``) inside the bars is by the
field's convention a matrix, and ``|A|`` under a ``\\max`` is no determinant (a max of one number would be that
number): the author means the largest of the entries' absolute values, ``\\max_{i,j} |W_{ij}|``, read so and noted
``max-abs-entries``.  A lower-case name (``\\max(|x|)``) stays refused: its shape is not written; so does a capital
the formula writes elsewhere too (there it reads as a number).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sympy

from symdl.bind.names import base_name
from symdl.bind.shapes import declared_shape
from symdl.functions import MaxOver, MinOver
from symdl.read.syntax import placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder


def capital_in_bars(b: Binder, arg: Any) -> Any:
    """The name ``W`` of an argument ``|W|`` that is one plain capital Latin letter (a subscript label allowed:
    ``|W_q|``), undeclared and no family; None otherwise."""
    k = placeholder_id(arg.expr)
    p = b.ph.get(k) if k is not None else None
    if p is None or p.kind != "abs":
        return None
    a = b.atom_of(p.data["inner"].expr)
    if a is None or a.greek or a.word or a.transpose or a.primes or a.decorations or a.cal:
        return None
    if not (len(a.base) == 1 and "A" <= a.base <= "Z") or declared_shape(a, b.declared) is not None:
        return None
    if b.roles[placeholder_id(p.data["inner"].expr)].kind == "family":
        return None
    if sum(base_name(other) == base_name(a) for other in b.atoms.values()) != 1:
        return None  # W written elsewhere too (W + \max(|W|)): read there as a number, so no matrix here
    return a


def largest_abs_entry(b: Binder, p: Any, a: Any, word: str) -> sympy.Basic:
    """``\\max_{i,j} |A_{ij}|`` (``\\min``) of the entries of the matrix ``a``, by two fresh indices; noted."""
    base = sympy.IndexedBase(base_name(a), real=True)
    b.symbols.setdefault(base_name(a), base)
    b.latex_names.setdefault(base, a.base_latex)
    i, j = b.index(b.fresh_letter()), b.index(b.fresh_letter())
    rows, cols = b.length_of(base_name(a)), b._axis_length(base_name(a), 1)
    b._note("max-abs-entries", p.span, name=a.spelling, word=word)
    over = MaxOver if word == "max" else MinOver
    return over(sympy.Abs(base[i, j]), (j, 1, cols), (i, 1, rows))
