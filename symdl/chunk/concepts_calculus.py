"""The calculus of backpropagation: the chain rule, Nielsen's delta rule (BP1-BP4) and the softmax Jacobian.

* chain_rule: a product of derivatives that share an intermediate (``∂L/∂y · ∂y/∂x``), possibly summed over the
  intermediate's entries (``Σ_j ∂L/∂y_j ∂y_j/∂x_i``).
* delta_rule: an error signal times the activation's slope, ``∇_a C ⊙ σ'(z)`` or ``(W^T δ) ⊙ σ'(z)`` (Nielsen ch. 2),
  and the weight gradient ``∂C/∂w_{jk} = a_k δ_j``.
* softmax_jacobian: ``s_i (δ_ij − s_j)`` and ``diag(s) − s s^T``.
"""

from __future__ import annotations

from dataclasses import replace

import sympy
from sympy import KroneckerDelta, Transpose
from sympy.core.function import AppliedUndef
from sympy.matrices.expressions.matexpr import MatrixExpr

from symdl.chunk.act_slopes import tanh_output_slope
from symdl.chunk.algebra import factors, is_number, terms
from symdl.chunk.calc_chain import (
    gradient_parts,
    implicit_links,
    through_gradient,
    upstream_gradient,
)
from symdl.chunk.calc_delta import delta_forms, slope_point
from symdl.chunk.registry import Concept, Context, Match


def _name(e: sympy.Basic) -> str:
    """A quantity's identity across ``y``, ``y(x)`` and ``y_j``: its symbol or function name and indices."""
    if isinstance(e, AppliedUndef):
        return type(e).__name__
    if isinstance(e, sympy.Indexed):
        return str(e)
    return str(e)


def _derivatives(expr: sympy.Basic) -> list[sympy.Derivative] | None:
    fs = [f for f in factors(expr) if not is_number(f)]
    if len(fs) < 2 or not all(isinstance(f, sympy.Derivative) and len(f.variables) == 1 for f in fs):
        return None
    return fs


def _chain(ds: list[sympy.Derivative]) -> list[sympy.Basic] | None:
    """The intermediates linking the derivatives into one chain (each one's variable is another's function)."""
    tops = {_name(d.variables[0]): d for d in ds}
    links = [d.variables[0] for d in ds if any(_name(e.expr) == _name(d.variables[0]) for e in ds if e is not d)]
    if len(links) != len(ds) - 1 or len(tops) != len(ds):
        return None
    return links


def _chain_rule(expr: sympy.Basic, ctx: Context) -> Match | None:
    if ctx.noted("differential-name"):
        return None  # an SDE's \mathrm{d}\mathbf{x} = \mathbf{f}\,\mathrm{d}t + g\,\mathrm{d}\mathbf{w}: increments
    if isinstance(expr, sympy.MatrixBase):
        return None  # the gradient written as its matrix of partials ∂L/∂w_{jk}: a layout, no chain (its entries
        # are matched one by one)
    body, over = (expr.function, expr.variables) if isinstance(expr, sympy.Sum) else (expr, ())
    ds = _derivatives(body)
    if ds is None:
        return _through(expr, ctx) or _upstream(expr, ctx)
    links = _chain(ds) or implicit_links(ds, ctx, _name)
    if links is None:
        return _upstream(expr, ctx)  # ∂C/∂z = ∂C/∂a σ'(z): the gradient from above times a known slope
    mids = ", ".join(f"${ctx.latex(v)}$" for v in links)
    summed = f", summed over the intermediate's entries (${', '.join(str(v) for v in over)}$)" if over else ""
    note = f"the derivative goes through the intermediate {mids}: outer derivative times inner{summed}"
    return Match("chain_rule", roles=tuple((f"factor {k + 1}", d) for k, d in enumerate(ds)),
                 params=tuple(("intermediate", v) for v in links), note=note)


def _through(expr: sympy.Basic, ctx: Context) -> Match | None:
    """``∇_g L = ∇_w L · v/‖v‖``: the statement's gradient written through the gradient of the same function by
    another variable (the chain rule through that variable)."""
    grad = through_gradient(expr, ctx)
    if grad is None:
        return None
    assert ctx.statement is not None and ctx.statement.lhs is not None
    mid = gradient_parts(grad, ctx)
    note = (f"${ctx.latex(ctx.statement.lhs)}$ is reached through ${ctx.latex(grad)}$: the gradient with respect to "
            f"the intermediate {mid[1] if mid else ''} times how that intermediate moves")
    params = (("intermediate", sympy.Symbol(mid[1])),) if mid else ()
    return Match("chain_rule", roles=(("outer gradient", grad),), params=params, note=note)


def _upstream(expr: sympy.Basic, ctx: Context) -> Match | None:
    """A backward step: the gradient arriving from above times the local derivative (see
    :func:`symdl.chunk.calc_chain.upstream_gradient`)."""
    found = upstream_gradient(expr, ctx)
    if found is None:
        return None
    up, local = found
    shown = ", ".join(f"${ctx.latex(f)}$" for f in local)
    note = f"the gradient arriving from above, ${ctx.latex(up)}$, times the local derivative {shown}"
    return Match("chain_rule", roles=(("factor 1", up), ("factor 2", sympy.Mul(*local) if len(local) == 1 else
                                                            local[0])), note=note)



def _error(e: sympy.Basic, ctx: Context) -> str:
    """What error signal ``e`` is: a gradient of the cost, or a backpropagated ``W^T δ``; empty if neither."""
    if isinstance(e, sympy.Derivative) or ctx.gradient_of(e) is not None:
        return "the gradient of the cost with respect to the activations (BP1, the output layer)"
    if isinstance(e, (sympy.Symbol, sympy.MatrixSymbol)) and ctx.is_error_signal(e):
        return "the error arriving from above (the gradient with respect to this layer's output)"
    if type(e).__name__ == "MatMul" and len(e.args) == 2 and isinstance(e.args[0], Transpose):
        return "the next layer's error sent back through the transposed weights (BP2)"
    if (type(e).__name__ == "MatMul" and len(e.args) == 2 and isinstance(e.args[1], sympy.MatrixSymbol)
            and ctx.head(e.args[1]).lstrip("\\") == "delta"):  # Berner et al.'s W^{(\ell)} δ^{(\ell)}: W written so
        return "the next layer's error sent back through the weights (BP2, the matrix written as it acts backwards)"
    return ""


def _delta_rule(expr: sympy.Basic, ctx: Context) -> Match | None:
    """Every form of the delta rule (BP1-BP4) is the chain rule through a unit's weighted input z (δ = ∂C/∂z =
    ∂C/∂a · ∂a/∂z; ∂C/∂b = ∂C/∂z · ∂z/∂b): the match says so."""
    m = _delta_form(expr, ctx)
    if m is None or "chain_rule" in m.also:
        return m
    return replace(m, also=(*m.also, "chain_rule"))


def _delta_form(expr: sympy.Basic, ctx: Context) -> Match | None:
    fs = [f for f in factors(expr)] if type(expr).__name__ != "HadamardProduct" else list(expr.args)
    if len(fs) == 2:
        for err, slope in (fs, fs[::-1]):
            z = slope_point(slope)
            what = _error(err, ctx) if z is not None else ""
            if what:
                at = f"into the tanh whose output is ${ctx.latex(z)}$" if z == tanh_output_slope(slope) else (
                    f"at ${ctx.latex(z)}$")
                note = f"the error {at}: {what}, times the activation's slope there"
                return Match("delta_rule", roles=(("error signal", err), ("activation slope", slope)),
                             params=(("pre-activation", z),), note=note)
    return delta_forms(expr, ctx)


def _softmax_jacobian(expr: sympy.Basic, ctx: Context) -> Match | None:
    if isinstance(expr, MatrixExpr):
        parts = terms(expr)
        diag = [t for t in parts if type(t).__name__ == "DiagMatrix"]
        if len(parts) == 2 and len(diag) == 1:
            s = diag[0].args[0]
            other = next(t for t in parts if t is not diag[0])
            if sympy.MatMul(-1, s, Transpose(s)).doit() == other.doit():
                note = f"the Jacobian of the softmax output ${ctx.latex(s)}$: diagonal $s_i$ minus the outer product"
                return Match("softmax_jacobian", roles=(("softmax output", s),), note=note)
        return None
    if isinstance(expr, sympy.Piecewise):
        return _cases_jacobian(expr, ctx)
    expr = _identity_entries(expr, ctx)
    if not expr.has(KroneckerDelta):
        return None
    i, j = next(iter(expr.atoms(KroneckerDelta))).args
    got = _entrywise(sympy.expand(_members(expr, (i, j))))
    if got is None:
        return None
    s, i, j = got
    known = " (a softmax output here)" if s.base in ctx.normalized else ""
    note = (f"∂s_i/∂z_j for the softmax output ${ctx.latex(s.base)}${known}: $s_i(1 - s_i)$ on the diagonal, "
            "$-s_i s_j$ off it")
    return Match("softmax_jacobian", roles=(("softmax output", s),), params=(("i", i), ("j", j)), note=note)


def _members(e: sympy.Basic, idx: tuple[sympy.Basic, ...]) -> sympy.Basic:
    """``S_i``, ``S_{j}`` read as one-name symbols become the entries ``S[i]``, ``S[j]`` of one family ``S``."""
    rep = {}
    for sym in e.atoms(sympy.Symbol):
        for k in idx:
            for tail in (f"_{k}", f"_{{{k}}}"):
                if sym.name.endswith(tail) and len(sym.name) > len(tail):
                    rep[sym] = sympy.IndexedBase(sympy.Symbol(sym.name[: -len(tail)], real=True))[k]
    return e.xreplace(rep)


def _identity_entries(expr: sympy.Basic, ctx: Context) -> sympy.Basic:
    """In ``∂y_k/∂a_j = y_k(I_{kj} − y_j)`` the entry of a two-index family at exactly (k, j) is the identity's δ_kj:
    the statement differentiates entry k of y by entry j of a, so only the identity fits there."""
    st = ctx.statement
    if st is None or expr != st.rhs or not isinstance(st.lhs, sympy.Derivative) or expr.has(KroneckerDelta):
        return expr
    y, a = st.lhs.expr, st.lhs.variables[0]
    if not (isinstance(y, sympy.Indexed) and isinstance(a, sympy.Indexed) and len(y.indices) == len(a.indices) == 1):
        return expr
    k, j = y.indices[0], a.indices[0]
    eye = [e for e in expr.atoms(sympy.Indexed) if set(e.indices) == {k, j} and len(e.indices) == 2 and k != j
           and e.base not in (y.base, a.base)]
    return expr.xreplace({e: KroneckerDelta(k, j) for e in eye}) if len(eye) == 1 else expr


def _cases_jacobian(expr: sympy.Piecewise, ctx: Context) -> Match | None:
    """``s_i(1 − s_j)`` if i = j, ``−s_i s_j`` otherwise (the cases form of the softmax Jacobian)."""
    if len(expr.args) != 2 or not isinstance(expr.args[0].cond, sympy.Eq):
        return None
    (diag, cond), (off, other) = expr.args
    i, j = cond.args
    if not (other == sympy.true or other == sympy.Ne(i, j)):
        return None
    diag, off = _members(diag, (i, j)), _members(off, (i, j))
    for b in {x.base for x in (diag + off).atoms(sympy.Indexed)}:
        for a, c in ((i, j), (j, i)):
            same = diag.xreplace({b[c]: b[a]})
            if sympy.expand(same - b[a] * (1 - b[a])) == 0 and sympy.expand(off + b[a] * b[c]) == 0:
                note = (f"∂s_i/∂z_j for the softmax output ${ctx.latex(b)}$, by cases: $s_i(1 - s_i)$ on the "
                        "diagonal, $-s_i s_j$ off it")
                return Match("softmax_jacobian", roles=(("softmax output", b[a]),), params=(("i", a), ("j", c)),
                             note=note)
    return None


def _entrywise(e: sympy.Basic) -> tuple[sympy.Indexed, sympy.Basic, sympy.Basic] | None:
    """``(s_i, i, j)`` if ``e`` is exactly ``s_i δ_ij − s_i s_j``."""
    deltas = list(e.atoms(KroneckerDelta))
    if len(deltas) != 1:
        return None
    i, j = deltas[0].args
    bases = {x.base for x in e.atoms(sympy.Indexed)}
    for b in bases:
        for a, c in ((i, j), (j, i)):
            if sympy.expand(b[a] * KroneckerDelta(i, j) - b[a] * b[c] - e) == 0:
                return b[a], a, c
    return None


#: the letters of predicted probabilities (p, q, a, ŷ, s) and of targets (y, t): the output error p − y
_PREDICTIONS = frozenset({"p", "q", "a", "yhat", "s", "o"})
_TARGETS = frozenset({"y", "t"})
#: the letters of the scores (logits) and of the output bias a cross-entropy is differentiated by
_SCORES = frozenset({"z", "f", "s", "o", "u", "b", "logits", "scores"})


def _output_error(expr: sympy.Basic, ctx: Context) -> Match | None:
    """The cross-entropy's gradient by the scores through a softmax (or a sigmoid): the prediction minus the target,
    cs231n's ``∂L_i/∂f_k = p_k − 1(y_i = k)``, Nielsen's ``∂C/∂b^L_j = a^L_j − y_j``, ``∂L/∂z = ŷ − y``; by the
    prediction itself (``∂L/∂ŷ = ŷ − y``) it is a squared error's, no such gradient."""
    st = ctx.statement
    if st is None or expr != st.rhs or not isinstance(st.lhs, sympy.Derivative) or not isinstance(expr, sympy.Add):
        return None
    by = st.lhs.variables[0]
    if len(expr.args) != 2:
        return None
    labelled = (isinstance(by, sympy.Indexed) and len(by.indices) == 1 and any(
        isinstance(t, sympy.Piecewise) and t.has(by.indices[0]) for t in (-a for a in expr.args)))
    if ctx.head(getattr(by, "base", by)) not in _SCORES and not labelled:  # Murphy's ∂ℓ/∂t_i = φ_i − 1{y = i}
        return None
    plus = [t for t in expr.args if not t.could_extract_minus_sign()]
    minus = [-t for t in expr.args if t.could_extract_minus_sign()]
    if len(plus) != 1 or len(minus) != 1:
        return None
    pred, target = plus[0], minus[0]
    one_hot = isinstance(target, sympy.Piecewise) or target.has(KroneckerDelta)
    if not (one_hot or ctx.head(getattr(target, "base", target)) in _TARGETS):
        return None
    head = getattr(pred, "base", pred)
    if not (ctx.head(head) in _PREDICTIONS or "hat" in str(head) or labelled) or pred == by:  # p_k, a^L_j, \hat{y}
        return None
    note = (f"the gradient of the cross-entropy by the scores ${ctx.latex(by)}$ through a softmax (or a sigmoid): "
            f"the prediction ${ctx.latex(pred)}$ minus the target ${ctx.latex(target)}$, the softmax Jacobian and the "
            "log's derivative cancelling")
    return Match("output_error", roles=(("prediction", pred), ("target", target)), note=note)


_HEADS = (sympy.Mul, sympy.Sum, sympy.Add, MatrixExpr, sympy.Piecewise)

CONCEPTS: tuple[Concept, ...] = (
    Concept(
        "output_error", "softmax cross-entropy gradient", "the prediction minus the target: the loss's slope by the "
        "scores", "∂L/∂z = softmax(z) − y (and for a sigmoid output with binary cross-entropy, σ(z) − y): the "
        "softmax's Jacobian and the log's derivative cancel, so the error at the output is simply how far each "
        "predicted probability is from the one-hot target (cs231n's dscores = probs − 1 at the true class; "
        "Nielsen's ∂C/∂b^L_j = a^L_j − y_j for the cross-entropy cost).",
        ("prediction", "target"), ("softmax_jacobian", "cross_entropy", "delta_rule"), "calculus", _output_error,
        heads=(sympy.Add,),
    ),
    Concept(
        "softmax_jacobian", "softmax Jacobian", "how each softmax output moves when one score moves",
        "∂s_i/∂z_j = s_i(δ_ij − s_j), i.e. J = diag(s) − s sᵀ: raising score j raises its own probability by "
        "s_j(1 − s_j) and lowers every other s_i by s_i s_j, because the outputs must still sum to 1. Combined "
        "with cross-entropy it collapses to the famous gradient s − y.",
        ("softmax output",), ("softmax", "cross_entropy", "chain_rule"), "calculus", _softmax_jacobian,
        heads=_HEADS,
    ),
    Concept(
        "delta_rule", "backprop delta rule", "the error at a layer: the error signal times the activation's slope",
        "Nielsen's backprop equations: δ^L = ∇_a C ⊙ σ'(z^L) at the output (BP1), δ^l = ((w^{l+1})ᵀ δ^{l+1}) ⊙ "
        "σ'(z^l) for earlier layers (BP2), ∂C/∂b = δ (BP3) and ∂C/∂w_{jk} = a^{l−1}_k δ^l_j (BP4). The error "
        "flows backwards through the transposed weights and is scaled by how steep the activation was.",
        ("error signal", "activation slope"), ("chain_rule", "sigmoid_derivative"), "calculus", _delta_rule,
        heads=(*_HEADS, sympy.Indexed, sympy.Symbol, sympy.Derivative),  # BP3: the error alone; δ ≡ ∂C/∂z
    ),
    Concept(
        "chain_rule", "chain rule", "differentiates through an intermediate: outer derivative times inner",
        "∂L/∂x = ∂L/∂y · ∂y/∂x: when L depends on x only through y, the rates multiply. With vectors the "
        "product sums over the intermediate's entries (Σ_j ∂L/∂y_j ∂y_j/∂x_i); backpropagation applies this "
        "rule layer by layer, from the loss back to the inputs.",
        ("factor 1", "factor 2"), ("delta_rule",), "calculus", _chain_rule,
        heads=(sympy.Mul, sympy.Sum, MatrixExpr, sympy.Add),
    ),
)
