"""Norms of vectors of families of vectors beyond Bishop's ``\\|\\mathbf{x}_n - \\boldsymbol{\\mu}_k\\|``: an unknown
function of one member inside ``\\|\\cdot\\|`` (the contrastive and triplet losses' ``\\|f_\\theta(\\mathbf{x}_i) -
f_\\theta(\\mathbf{x}_j)\\|^2_2``, the heteroscedastic loss's ``\\|\\mathbf{y}_i - f(\\mathbf{x}_i)\\|^2``) is an
embedding, a vector: member i of the family of the function's values (as Bishop's bold
``\\boldsymbol{\\phi}(\\mathbf{x}_n)`` is, ``function-of-member``), noted ``function-member-in-norm``; and the
1-norm and p-norm of a difference of members (PyTorch's ``nn.PairwiseDistance``,
``\\|\\mathbf{x}_i - \\mathbf{y}_i\\|_p``) by entries."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sympy
from sympy.core.function import AppliedUndef

from symdl.bind.sums import reachable

if TYPE_CHECKING:
    from symdl.bind.binder import Binder
    from symdl.read.syntax import Placeholder


def member_calls_in_norm(b: Binder, p: Placeholder, inner: sympy.Basic) -> sympy.Basic:
    """``inner`` (the converted inside of the norm ``p``) with each unknown function of one whole member of a family
    of vectors (``f(\\mathbf{x}_i)``, ``f_\\theta(\\mathbf{x}_i)``: a term of the norm's sum, times numbers at most)
    replaced by member i of the family of its values; the rows as long as the other members' there, else a
    length of their own.  ``inner`` unchanged where there is no such call."""
    from symdl.bind.memberimages import member_image
    from symdl.bind.memberwise import whole_members

    calls = {}
    for k in sorted(reachable(b.ph, p.data["inner"].expr)):
        q = b.ph.get(k)
        value = b.cache.get(k) if q is not None and q.kind == "call" else None
        if not (isinstance(value, AppliedUndef) and value.args and _term_of(inner, value)):
            continue
        arg = value.args[0]
        if not (isinstance(arg, sympy.Indexed) and len(arg.indices) == 1 and arg in whole_members(b, arg)):
            continue
        calls[k] = value
    terms = [f for t in sympy.Add.make_args(inner) for f in sympy.Mul.make_args(t) if isinstance(f, AppliedUndef)]
    if not calls or len(terms) != len(calls):  # f(\mathbf{x}) - f(\mathbf{x}^+): not every call of a member
        return inner
    others = whole_members(b, inner) - {a for c in calls.values() for a in c.args}
    length = b.shapes[sorted(others, key=str)[0].base.label.name][1] if others else None
    out = {}
    for k, value in calls.items():
        image = member_image(b, b.ph[k], list(value.args), length=length, rule="function-member-in-norm")
        if image is None:
            return inner
        length = b.shapes[image.base.label.name][1]
        out[value] = image
    return inner.xreplace(out)


def _term_of(inner: sympy.Basic, call: sympy.Basic) -> bool:
    """Is ``call`` a term of the sum ``inner`` (or ``inner`` itself), times numbers at most?"""
    return any(call in sympy.Mul.make_args(t) for t in sympy.Add.make_args(inner))


def members_p_norm(entry: sympy.Basic, d: sympy.Symbol, length: Any, kind: str, order: sympy.Basic) -> sympy.Basic:
    """The ``kind`` norm (``1`` or ``p`` of ``order``) of the vector whose entry d is ``entry``, by its entries;
    SymPy objects only (text is refused, never sympified)."""
    if not all(isinstance(x, sympy.Basic) for x in (entry, d, sympy.S.Zero if order is None else order)) or (
        not isinstance(length, (sympy.Basic, int))
    ):
        raise TypeError("members_p_norm takes SymPy objects")
    if kind == "1":
        return sympy.Sum(sympy.Abs(entry), (d, 1, length))
    return sympy.Sum(sympy.Abs(entry) ** order, (d, 1, length)) ** (1 / order)
