"""What a gradient is by when the formula does not say it plainly: the one vector in a bare ``\\nabla (x^T A x)``
(noted ``bare-gradient-by``), the subscripted twin x_t of a ``\\nabla_x`` whose x does not occur (a diffusion model's
score, noted ``gradient-by-member``), the one argument of the call under it (``\\nabla f(\\mathbf{x})``)."""

from __future__ import annotations

from typing import Any

import sympy

from symdl.read.syntax import placeholder_id


def call_argument(placeholders: dict[int, Any], of: sympy.Basic) -> sympy.Basic | None:
    """The one argument (placeholder-level) of the call ``of`` a derivative is taken of (``\\nabla f(\\mathbf{x})``:
    x), or None when ``of`` is no call of one argument."""
    k = placeholder_id(of)
    call = placeholders.get(k) if k is not None else None
    if call is None or call.kind != "call" or len(call.data.get("args", ())) != 1:
        return None
    return call.data["args"][0].expr


def vectors_in(e: sympy.Basic) -> list[sympy.MatrixSymbol]:
    """The column vectors named in ``e`` (``\\nabla(x^T A x)``: x), in SymPy's order."""
    return sorted({m for m in e.atoms(sympy.MatrixSymbol) if m.shape[1] == 1 and m.shape[0] != 1},
                  key=sympy.default_sort_key)


def member_by(of: sympy.Basic, wrt: sympy.Basic) -> sympy.Basic | None:
    """The subscripted twin of ``wrt`` that ``of`` is a function of, when ``wrt`` itself does not occur in it (a
    diffusion model's score ``\\nabla_x \\log p_t(x_t | x_0)``: by x_t, the density's variable, the first argument):
    None where there is none, or no one such twin is a first argument."""
    if not isinstance(wrt, sympy.Symbol):
        return None
    twins = {s for s in of.free_symbols if isinstance(s, sympy.Symbol) and s.name.startswith(wrt.name + "_")}
    if len(twins) > 1:
        twins &= {f.args[0] for f in of.atoms(sympy.core.function.AppliedUndef) if f.args}
    return twins.pop() if len(twins) == 1 else None
