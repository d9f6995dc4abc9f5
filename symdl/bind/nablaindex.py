r"""A gradient by an index letter: Riedmiller & Braun's Rprop ``\nabla_i E^{(k)}`` beside the weights ``w_i`` is the
derivative of E by the weight the index picks, ``\partial E / \partial w_i`` (noted ``nabla-index``), never a derivative
by the index itself (an integer has no derivative).  Where no one family of the formula carries the index alone, the
gradient is refused by name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sympy

from symdl.bind.names import FREE_INDEX_LETTERS
from symdl.errors import NotSupported

if TYPE_CHECKING:
    from symdl.bind.binder import Binder
    from symdl.read.syntax import Placeholder


#: the names of weights, preferred where several families carry the index
_WEIGHTS = frozenset({"w", "W", "theta", "\\theta"})


def by_index_entry(b: Binder, p: Placeholder, of: Any, wrt: Any) -> Any:
    """``wrt`` itself, or the family's entry the index letter ``wrt`` picks (see the module)."""
    if not (isinstance(wrt, sympy.Symbol) and p.kind == "grad" and str(wrt) in b.letters | FREE_INDEX_LETTERS):
        return wrt
    letter = str(wrt)
    families = {r.name for r in b.roles.values() if r.kind == "family" and r.indices == ((letter, 0),)}
    families -= {str(s) for s in getattr(of, "free_symbols", ())}
    changed = {a.d_of for a in b.atoms.values() if a.d_of and a.sub is not None and a.sub.text == letter}
    if len(changed) == 1:  # Quickprop's \Delta^{(k)} w_i beside \nabla_i E^{(k)}: by w_i, whose change that is
        families = changed
    if len(families) > 1 and len(weights := families & _WEIGHTS) == 1:
        families = weights  # v_i = -\eta \nabla_i E + w_i: the weights w, not the update v
    if len(families) != 1:
        raise NotSupported(
            f"a gradient by the index {letter} ({b.source[p.span.start : p.span.end]}): the entry of the gradient "
            f"by the {letter}-th weight, but no one family of the formula carries {letter}",
            source=b.source, span=p.span,
            hint=f"write the partial derivative by the entry: \\frac{{\\partial E}}{{\\partial w_{letter}}}")
    name = next(iter(families))
    base = sympy.IndexedBase(name, real=True)
    b._note("nabla-index", p.span, text=b.source[p.span.start : p.span.end], entry=f"{name}_{letter}")
    return base[wrt]
