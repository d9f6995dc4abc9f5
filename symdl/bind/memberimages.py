r"""A vector-valued function of one member of a family of vectors: Bishop's ``\boldsymbol{\phi}(\mathbf{x}_n)`` under
``\sum_n`` (ch. 3, the basis functions of example n), Goodfellow et al.'s ``\boldsymbol{f}(\boldsymbol{x}^{(i)})``.

The values at the members are themselves a family of vectors, one per member, at the member's index: an array with
a vector per row (row n is ``\boldsymbol{\phi}(\mathbf{x}_n)``, Bishop's design matrix ``\mathbf{\Phi}``), given
with the inputs by its spelling without the index (``\boldsymbol{\phi}(\mathbf{x})``).  The family is then read as
any family of vectors is: its dot product with a vector as a sum over entries, other uses refused (rule
``function-of-member``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import sympy

from symdl.bind import apply
from symdl.read.syntax import Placeholder

if TYPE_CHECKING:
    from symdl.bind.binder import Binder


def member_image(b: Binder, p: Placeholder, args: list[sympy.Basic], length: object = None,
                 rule: str = "function-of-member") -> sympy.Basic | None:
    """``\\boldsymbol{\\phi}(\\mathbf{x}_n)``: member n of the family of the function's values at the members of the
    family x (noted ``function-of-member``); None unless the first argument is one member of a family of vectors
    (``x[n]`` with x an array with a vector per row) and the others, if any, are the same for every member
    (Goodfellow's parameters θ of ``f(x^{(i)}; θ)``).  ``length``: the values' length, if not the call's own;
    ``rule``: the note (``function-member-in-norm`` for a plain function inside a norm)."""
    if not args or not isinstance(arg := args[0], sympy.Indexed) or len(arg.indices) != 1:
        return None
    family = arg.base.label.name
    if family not in b.vector_families or len(b.shapes.get(family, ())) != 2:
        return None
    rest = args[1:]  # Goodfellow's f(x^{(i)}; θ): parameters shared by every member, kept in the family's name
    if any(a.has(sympy.Indexed) for a in rest) or {str(s) for a in rest for s in a.free_symbols} & b.sum_names:
        return None
    callee = p.data["callee"]
    name = f"{apply.unknown_name(callee)}({', '.join([family, *map(str, rest)])})"
    base = sympy.IndexedBase(name, real=True)
    rows, _ = b.shapes[family]
    if length is None:
        length = b.literal_shapes[p.id][0] if p.id in b.literal_shapes else 1
        length = sympy.Symbol(f"n_{{{name}}}", integer=True, positive=True) if length == 1 else length
    b.shapes.setdefault(name, (rows, length))
    b.vector_families.add(name)
    b.promoted_families.add(name)  # a vector, never a number: refused where loose (t_n - \phi(x_n))
    b.image_spans.setdefault(name, p.span)
    text = b.source[p.span.start : p.span.end]
    family_tex = next((k for k, v in b.symbols.items() if v == arg.base), b.latex_names.get(arg.base, family))
    written = ", ".join([family_tex, *(b.latex_names.get(a, str(a)) for a in rest)])
    b.latex_names.setdefault(base, f"{callee.spelling}({written})")
    b.symbols.setdefault(f"{callee.spelling}({written})", base)
    index = arg.indices[0]
    b._note(rule, p.span, text=text, name=callee.base_latex, family=family_tex, index=str(index))
    return base[index]
