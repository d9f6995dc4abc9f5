"""More written forms of the chain rule (round 2 of issue 14).

* a chain whose middle link is a named function of the intermediate: d2l's BPTT
  ``∂l(y_t, o_t)/∂o_t · ∂g(h_t, w_o)/∂h_t · ∂h_t/∂w_h``, where ``o_t = g(h_t, w_o)``: every link but one is explicit
  (a derivative's variable is another's function) and the chain ends at the variable the statement differentiates by;
* a gradient stated through another gradient of the same function: weight normalisation's
  ``∇_g L = ∇_w L · v / ‖v‖`` (Salimans & Kingma 2016), the backward pass ``∂L/∂x = Wᵀ ∂L/∂y``.
"""

from __future__ import annotations

import re

import sympy
from sympy.core.function import AppliedUndef

from symdl.chunk.registry import Context

_NABLA = re.compile(r"^\\?nabla_\{?\\?(?:mathbf\{|boldsymbol\{)?([A-Za-z]\w*)\}*\s*(\w+)")


def gradient_parts(e: sympy.Basic, ctx: Context | None = None) -> tuple[str, str] | None:
    """``(function, variable)`` names of a gradient: ``∂L/∂y`` → (L, y); the name ``nabla_{w} L(w)`` → (L, w);
    Ng's ``dW`` → (the cost, W)."""
    if ctx is not None and isinstance(e, (sympy.Symbol, sympy.MatrixSymbol)) and str(e.name).startswith("d"):
        of = ctx.gradient_of(e)
        if of is not None and of is not e:
            return "", str(of)
    if isinstance(e, sympy.Derivative) and len(e.variables) == 1:
        f = e.expr
        name = type(f).__name__ if isinstance(f, AppliedUndef) else str(f)
        return name, str(e.variables[0])
    m = _NABLA.match(str(getattr(e, "name", "")))
    return (m.group(2), m.group(1)) if m else None


def through_gradient(expr: sympy.Basic, ctx: Context) -> sympy.Basic | None:
    """The gradient of the same function by another variable that the statement's gradient is written through."""
    st = ctx.statement
    if st is None or expr != st.rhs or st.lhs is None:
        return None
    own = gradient_parts(st.lhs, ctx)
    if own is None:
        return None
    others = []
    for node in sympy.preorder_traversal(expr):
        got = gradient_parts(node, ctx)
        if got is not None:
            if got[1] == own[1]:
                return None  # the same variable on both sides: an update or a penalty, not a chain
            if got[0] == own[0]:
                others.append(node)
    if not others or expr in others:
        return None
    return others[0]


def implicit_links(ds: list[sympy.Derivative], ctx: Context, name: object) -> list[sympy.Basic] | None:
    """The intermediates of a chain with one link written as a named function (``∂l/∂o_t · ∂g(h_t)/∂h_t``)."""
    st = ctx.statement
    if st is None or not isinstance(st.lhs, sympy.Derivative) or len(ds) < 3:
        return None
    wrt = st.lhs.variables[0]
    vars_ = [d.variables[0] for d in ds]
    if len({name(v) for v in vars_}) != len(ds) or name(wrt) not in {name(v) for v in vars_}:
        return None
    links = [v for v in vars_ if any(name(e.expr) == name(v) for e in ds)]
    loose = [v for v in vars_ if v not in links and name(v) != name(wrt)]
    calls = [d for d in ds if isinstance(d.expr, AppliedUndef) and not any(name(d.expr) == name(v) for v in vars_)]
    if len(links) != len(ds) - 2 or len(loose) != 1 or not calls or not links:
        return None
    return [*links, *loose]
