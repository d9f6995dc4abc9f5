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

_NABLA = re.compile(r"^\\?nabla_\{?\\?(?:mathbf\{|boldsymbol\{)?([A-Za-z]\w*(?:\^[\[(][^\])]*[\])])?)\}*\s*(\w+)")


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


def output_slope_delta(expr: sympy.Basic, ctx: Context) -> tuple[sympy.Basic, sympy.Basic, int] | None:
    """``(a, t, sign)`` when ``expr`` is a side of a gradient's statement written as ``(a − t) a (1 − a)`` (times one
    input activation ``a_k``), or with sign −1 as ``(t − a) a (1 − a)`` (Mitchell's error term, the negative gradient):
    the delta rule of a sigmoid unit with squared error, its slope written in its output ``a``
    (Rumelhart et al. 1986; Wikipedia's Backpropagation ``∂E/∂w_ij = (o_j − t_j) o_j(1 − o_j) o_i``; Nielsen-style
    notes' ``δ^L_j = a^L_j(1 − a^L_j)(a^L_j − t_j)``).  A Bernoulli variance ``p(1 − p)`` has no error beside it."""
    st = ctx.statement
    if st is None or not isinstance(expr, sympy.Mul) or (expr != st.rhs and expr not in st.aliases):
        return None
    grad = isinstance(st.lhs, sympy.Derivative) or (st.target is not None and ctx.is_error_signal(
        st.target.base if isinstance(st.target, sympy.Indexed) else st.target))
    fs = [f for f in expr.args if not f.is_number]
    if not grad or len(fs) not in (3, 4):
        return None
    for a in (f for f in fs if isinstance(f, (sympy.Symbol, sympy.Indexed))):
        flip = [f for f in fs if isinstance(f, sympy.Add) and sympy.expand(f - (1 - a)) == 0]
        errs = [f for f in fs if isinstance(f, sympy.Add) and f not in flip and len(f.args) == 2 and (
            a in f.args or -a in f.args)]
        rest = [f for f in fs if f is not a and f not in flip and f not in errs]
        if len(flip) == 1 and len(errs) == 1 and all(isinstance(r, (sympy.Symbol, sympy.Indexed)) for r in rest):
            t = -(errs[0] - a)
            if not isinstance(t, (sympy.Symbol, sympy.Indexed)):
                t = errs[0] + a  # Mitchell's δ_k = o_k(1 − o_k)(t_k − o_k): the error term is −∂E/∂net_k
                return (a, t, -1) if isinstance(t, (sympy.Symbol, sympy.Indexed)) else None
            return a, t, 1
    return None


#: code's and adjoint notation's names of a gradient arriving from above: cs231n's dout, a tutorial's grad_out,
#: dsigx_upstream
_UPSTREAM_WORD = re.compile(r"^(?:dout|grad_?out|.*upstream.*|grad_\w+|d[a-z]\w*)$")


def gradient_like(e: sympy.Basic, ctx: Context, *, code: bool) -> bool:
    """Is ``e`` spelled as a gradient: a derivative, a backpropagated error (:meth:`Context.is_error_signal`: ∇, δ,
    Ng's dZ), an adjoint ``\\bar{z}`` (Grosse's notes), or in code a ``d`` name or an upstream gradient's word
    (cs231n's ``dscores``, ``dt``; ``grad_out``)?"""
    if isinstance(e, sympy.Transpose):
        e = e.arg
    if isinstance(e, sympy.Derivative):  # of a cost (∂L/∂c_t), not a known function's slope (σ'(z))
        return isinstance(e.expr, (sympy.Symbol, AppliedUndef, sympy.Indexed))
    if isinstance(e, (sympy.Symbol, sympy.MatrixSymbol)) and ctx.is_error_signal(e):
        return True
    if not isinstance(e, (sympy.Symbol, sympy.MatrixSymbol, sympy.Indexed)):
        return False
    spelled = ctx.spelling(e).strip()
    if spelled.startswith(("\\bar{", "\\bar ", "\\overline{")):
        return True
    return code and _UPSTREAM_WORD.match(spelled.replace("\\_", "_")) is not None


def upstream_gradient(expr: sympy.Basic, ctx: Context) -> tuple[sympy.Basic, list[sympy.Basic]] | None:
    """A backward step written as the gradient arriving from above times local factors (cs231n's ``dX = np.dot(W.T,
    dD)``, ``dx = (1 - t**2) * dt``; Grosse's ``\\bar{z} = \\bar{y}\\, \\sigma'(z)``; d2l's ``∂L/∂c_{t-1} = ∂L/∂c_t ⊙
    f_t``): the statement sets a gradient and its right side is a product of exactly one other gradient with
    something that is not a number: ``(that gradient, the local factors)``, else None."""
    st = ctx.statement
    if st is None or st.lhs is None or expr != st.rhs:
        return None
    name = type(expr).__name__
    if not isinstance(expr, sympy.Mul) and name not in ("MatMul", "HadamardProduct"):
        return None
    code = all(gradient_like(s, ctx, code=True) and not gradient_like(s, ctx, code=False)
               for s in (st.lhs,)) or gradient_like(st.lhs, ctx, code=False)
    if not gradient_like(st.lhs, ctx, code=code):
        return None
    ups = [f for f in expr.args if f != st.lhs and gradient_like(f, ctx, code=code)]
    local = [f for f in expr.args if not any(f is u for u in ups) and not getattr(f, "is_number", False)]
    return (ups[0], local) if len(ups) == 1 and local else None
