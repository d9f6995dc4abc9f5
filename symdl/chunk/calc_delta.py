"""The delta rule's other written forms (see :func:`symdl.chunk.concepts_calculus._delta_rule`): the error sent back
per unit (Bishop's, Haykin's, Mitchell's, Rojas's notations), the weight and bias gradients (BP3, BP4, in entries and
in matrices), a sigmoid unit's output error, the weight correction ``Δw = η δ y`` and the error's definition
``δ ≡ ∂E/∂z``."""

from __future__ import annotations

import re

import sympy
from sympy import Transpose
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction
from sympy.matrices.expressions.matexpr import MatrixExpr

from symdl.chunk.act_slopes import tanh_output_slope
from symdl.chunk.algebra import factors, is_number
from symdl.chunk.calc_bias import batch_bias_gradient
from symdl.chunk.calc_chain import gradient_parts, output_slope_delta
from symdl.chunk.registry import Context, Match


def delta_forms(expr: sympy.Basic, ctx: Context) -> Match | None:
    """The first of this module's forms that ``expr`` (a statement's right side) takes, else None."""
    return (_backpropagated_sum(expr, ctx) or _weight_gradient(expr, ctx) or _weight_gradient_matrix(expr, ctx)
            or _bias_gradient(expr, ctx) or _sigmoid_output_delta(expr, ctx) or _weight_correction(expr, ctx)
            or _error_definition(expr, ctx))


def slope_point(e: sympy.Basic) -> sympy.Basic | None:
    """The pre-activation ``z`` of an activation's slope ``σ'(z)`` (element-wise or at a point), else None."""
    if isinstance(e, ElementwiseApplyFunction) and isinstance(e.function.expr, (sympy.Derivative, sympy.Heaviside)):
        return e.expr  # σ'(z); ReLU'(z), read as the step H(z)
    if isinstance(e, sympy.Subs) and isinstance(e.expr, sympy.Derivative):
        return e.point[0]
    return tanh_output_slope(e)  # 1 − h ⊙ h: tanh's slope written in its output h


#: how a weight's change is spelled: Haykin's and Mitchell's ``\Delta w_{ji}``, Rojas's ``\Delta w^{(1)}_{ij}``
_WEIGHT_CHANGE = re.compile(r"^\\Delta\s*\{?\s*(?:\\mathbf\{|\\boldsymbol\{)?[wW](?![A-Za-z])")
#: letters of a unit's weighted input (pre-activation): Nielsen's z, Hagan's n, Haykin's v, Mitchell's net
_PRE_ACTIVATION = frozenset({"z", "n", "v", "net", "u"})


def _weight_correction(expr: sympy.Basic, ctx: Context) -> Match | None:
    """Haykin's delta rule ``Δw_{ji} = η δ_j y_i``, Mitchell's ``Δw_{ji} = η δ_j x_{ji}``, Rojas's ``Δw^{(1)}_{ij}
    = −γ o_i δ^{(1)}_j``: a weight's correction is the learning rate times the error (local gradient) of the unit
    it feeds times the input it carries."""
    st = ctx.statement
    if (st is None or expr != st.rhs or not isinstance(st.lhs, sympy.Indexed) or len(st.lhs.indices) != 2
            or not _WEIGHT_CHANGE.match(ctx.spelling(st.lhs.base)) or not isinstance(expr, sympy.Mul)):
        return None
    entries = [f for f in expr.args if isinstance(f, sympy.Indexed)]
    rates = [f for f in expr.args if f not in entries and not is_number(f)]
    if len(entries) != 2 or len(rates) != 1 or not isinstance(rates[0], sympy.Symbol) or not ctx.is_greek(rates[0]):
        return None
    errs = [e for e in entries
            if len(e.indices) == 1 and e.indices[0] in st.lhs.indices and ctx.is_error_signal(e.base)]
    if len(errs) != 1:
        return None
    act = next(e for e in entries if e is not errs[0])
    other = next(i for i in st.lhs.indices if i != errs[0].indices[0])
    if other not in act.indices or not set(act.indices) <= set(st.lhs.indices) or act.base == st.lhs.base:
        return None
    note = (f"the weight's correction: the learning rate ${ctx.latex(rates[0])}$ times the error "
            f"${ctx.latex(errs[0])}$ of the unit the weight feeds times the input ${ctx.latex(act)}$ it carries (the "
            "delta rule, a gradient step on this weight)")
    return Match("delta_rule", roles=(("error", errs[0]), ("input activation", act)),
                 params=(("learning rate", rates[0]),), note=note)


def _error_definition(expr: sympy.Basic, ctx: Context) -> Match | None:
    """Nielsen's ``δ^l_j ≡ ∂C/∂z^l_j``, Bishop's ``δ_j ≡ ∂E_n/∂a_j``, Hagan's sensitivity ``s^m_i ≡ ∂F̂/∂n^m_i``:
    the error of a unit defined as how the cost moves with the unit's weighted input."""
    st = ctx.statement
    if st is None or expr != st.rhs or st.lhs is None or gradient_parts(st.lhs, ctx) is not None:
        return None
    parts = gradient_parts(expr, ctx) if isinstance(expr, (sympy.Derivative, sympy.MatrixSymbol)) else None
    if parts is None or (isinstance(expr, sympy.Derivative) and len(expr.variables) != 1):
        return None
    wrt = parts[1]
    head = re.match(r"\\?([A-Za-z]*)", wrt).group(1)
    named = ctx.is_error_signal(st.lhs.base if isinstance(st.lhs, sympy.Indexed) else st.lhs)
    unit = bool(re.search(r"\[|\^", wrt))  # an entry or a layer's: z_j, n^m_i, z^l
    if not ((named and head not in ("w", "W", "b", "theta")) or (head in _PRE_ACTIVATION and unit)):
        return None
    z = expr.variables[0] if isinstance(expr, sympy.Derivative) else None
    shown = ctx.latex(z) if z is not None else ctx.latex(sympy.Symbol(wrt))
    note = (f"defines ${ctx.latex(st.lhs)}$, the error of the unit: how the cost moves with its weighted input "
            f"${shown}$ (the quantity backpropagation sends back layer by layer)")
    return Match("delta_rule", roles=(("error", st.lhs),), params=(("pre-activation", z if z is not None else
                                                                    sympy.Symbol(wrt)),), note=note)


def _sigmoid_output_delta(expr: sympy.Basic, ctx: Context) -> Match | None:
    """``(a − t) a (1 − a)`` as a gradient: the error of a sigmoid unit (:func:`output_slope_delta`)."""
    got = output_slope_delta(expr, ctx)
    if got is None:
        return None
    a, t, sign = got
    err = a - t if sign > 0 else t - a
    downhill = "" if sign > 0 else " (the target minus the output: the negative gradient, Mitchell's error term)"
    note = (f"the error ${ctx.latex(err)}$ times the sigmoid's slope written in its output, "
            f"${ctx.latex(a)}(1 - {ctx.latex(a)})$: backprop through a sigmoid unit with a squared error{downhill}")
    return Match("delta_rule", roles=(("error signal", err), ("activation slope", a * (1 - a))), note=note,
                 also=("sigmoid_derivative",))


def _bias_gradient(expr: sympy.Basic, ctx: Context) -> Match | None:
    """BP3: ``∂C/∂b^l_j = δ^l_j``: a bias's gradient is the error of its unit (the unit's weighted input moves with
    the bias one for one)."""
    st = ctx.statement
    if st is not None and expr == st.rhs and st.lhs is not None and not isinstance(st.lhs, sympy.Derivative):
        return batch_bias_gradient(expr, ctx)
    if st is None or expr != st.rhs or not isinstance(st.lhs, sympy.Derivative) or len(st.lhs.variables) != 1:
        return None
    b = st.lhs.variables[0]
    name = b.base if isinstance(b, sympy.Indexed) else b
    if not isinstance(name, (sympy.Symbol, sympy.IndexedBase)) or ctx.head(name) != "b":
        return None
    err = expr.base if isinstance(expr, sympy.Indexed) else expr
    if not isinstance(err, (sympy.Symbol, sympy.IndexedBase)) or not ctx.is_error_signal(err):
        return None
    note = (f"the gradient of the bias ${ctx.latex(b)}$ is the error ${ctx.latex(expr)}$ of its unit (BP3): the "
            "unit's weighted input z moves one for one with the bias, ∂z/∂b = 1")
    return Match("delta_rule", roles=(("error", expr),), note=note)


def _backpropagated_sum(expr: sympy.Basic, ctx: Context) -> Match | None:
    """Bishop's (5.56) ``δ_j = h'(a_j) Σ_k w_{kj} δ_k``: the error of unit j is its slope times the errors of the
    units k it feeds, sent back through the weights ``w_{kj}`` (the statement's own family δ appears under the sum).
    Haykin's ``δ_j(n) = φ'_j(v_j(n)) Σ_k δ_k(n) w_{kj}(n)`` (a step index beside the unit's), Mitchell's
    ``o_h(1 − o_h) Σ_k w_{kh} δ_k`` and Rojas's ``w^{(2)}_{jq}`` (the weight's indices either way round) too."""
    st = ctx.statement
    if st is None or expr != st.rhs or not isinstance(st.lhs, sympy.Indexed):
        return None
    delta = st.lhs.base
    expr = _slope_out(expr)
    fs = [f for f in factors(expr) if not is_number(f)]
    sums = [f for f in fs if _sums_of(f)]
    if len(fs) < 2 or len(sums) != 1:
        return None
    sent = [_sent_back(one, st.lhs) for one in _sums_of(sums[0])]  # Graves's Σ_k δ_k^t w_hk + Σ_h' δ_h'^{t+1} w_hh'
    if any(x is None for x in sent) or len({x[0] for x in sent if x is not None}) != 1:
        return None
    j, ws = sent[0][0], [sent[0][1]]  # type: ignore[index]
    slope = sympy.Mul(*[f for f in fs if f is not sums[0]])
    if not slope.has(j) or slope.has(delta):
        return None
    if not (ctx.is_error_signal(delta) or _unit_slope(slope)):
        return None  # a family summed into itself through weights, with no slope nor an error's name: no backprop
    note = (f"the error ${ctx.latex(st.lhs)}$ of unit ${ctx.latex(j)}$: the errors of the units it feeds, sent back "
            f"through the weights ${ctx.latex(ws[0])}$ and summed, times the activation's slope "
            f"${ctx.latex(slope)}$ (BP2 written per unit)")
    return Match("delta_rule", roles=(("error signal", sums[0]), ("activation slope", slope)),
                 params=(("slope", slope),), note=note)


def _sums_of(f: sympy.Basic) -> list[sympy.Sum]:
    """``f`` as one-limit sums: itself, or the terms of a sum of them; else []."""
    parts = list(f.args) if isinstance(f, sympy.Add) else [f]
    return parts if all(isinstance(p, sympy.Sum) and len(p.limits) == 1 for p in parts) else []


def _sent_back(one: sympy.Sum, lhs: sympy.Indexed) -> tuple[sympy.Basic, sympy.Basic] | None:
    """``(j, w_{kj})`` when ``one`` is ``Σ_k δ_k w_{kj}``: the statement's own family (maybe at another step) by the
    sum's index where the left side has j, times a weight that carries both; else None."""
    k = one.limits[0][0]
    inner = [f for f in factors(one.function) if not is_number(f)]
    errs = [f for f in inner if isinstance(f, sympy.Indexed) and _stem(f.base) == _stem(lhs.base)]
    j = _unit_index(lhs, errs[0], k) if len(errs) == 1 else None
    ws = [f for f in inner if f not in errs and isinstance(f, sympy.Indexed) and {k, j} <= set(f.indices)]
    return (j, ws[0]) if j is not None and len(inner) == 2 and len(ws) == 1 else None


def _unit_index(lhs: sympy.Indexed, err: sympy.Indexed, k: sympy.Basic) -> sympy.Basic | None:
    """The index ``j`` of the statement's unit: the one place where the summed error ``δ_k`` differs from ``δ_j``
    (any step or example index kept as it is)."""
    if len(err.indices) != len(lhs.indices):
        return None
    diff = [(a, b) for a, b in zip(lhs.indices, err.indices, strict=True) if a != b]
    return diff[0][0] if len(diff) == 1 and diff[0][1] == k and not diff[0][0].has(k) else None


def _unit_slope(slope: sympy.Basic) -> bool:
    """An activation's slope at the unit: ``φ'(v_j)``, or the sigmoid's ``o(1 − o)`` written in its output."""
    fs = factors(slope)
    if any(slope_point(f) is not None for f in fs):
        return True
    return len(fs) == 2 and any(sympy.expand(a + b) == 1 for a in fs for b in fs if a is not b)


def _stem(base: sympy.Basic) -> str:
    """The family of ``δ^[l]``: its name without the layer superscript (``δ^l`` and ``δ^{l+1}`` are one family)."""
    return re.split(r"\^[\[(]", str(getattr(base, "label", base)))[0]  # δ^(k) of Aggarwal's δ^{(k)} too


def _slope_out(expr: sympy.Basic) -> sympy.Basic:
    """``σ'(z_j) Σ_k w_{kj} δ_k`` from Nielsen's ``Σ_k w_{kj} δ_k σ'(z_j)`` (the factor free of k taken out)."""
    if not isinstance(expr, sympy.Sum) or len(expr.limits) != 1:
        return expr
    k = expr.limits[0][0]
    fs = factors(expr.function)
    out = [f for f in fs if not f.has(k)]
    if not out:
        return expr
    return sympy.Mul(*out) * sympy.Sum(sympy.Mul(*[f for f in fs if f.has(k)]), expr.limits[0])


def _weight_gradient(expr: sympy.Basic, ctx: Context) -> Match | None:
    """BP4: ``∂C/∂w_{jk} = a_k δ_j``: the weight's gradient is the outer product of input activation and error."""
    st = ctx.statement
    if st is None or expr != st.rhs or not isinstance(st.lhs, sympy.Derivative) or not isinstance(expr, sympy.Mul):
        return None
    w = st.lhs.variables[0]
    fs = [f for f in expr.args if not is_number(f)]
    if not isinstance(w, sympy.Indexed) or len(w.indices) != 2 or len(fs) != 2:
        return None
    if not all(_one_unit(f) is not None for f in fs):
        return None  # a_k δ_j; LeCun et al.'s ∂E/∂x_j · y_i: the gradient at the unit's input, by its entry
    j, k = w.indices
    by = {_one_unit(f): f for f in fs}
    if set(by) != {j, k} or not any(isinstance(f, sympy.Indexed) for f in fs):
        return None
    note = (f"the gradient of weight ${ctx.latex(w)}$ is the input activation ${ctx.latex(by[k])}$ times the "
            f"error ${ctx.latex(by[j])}$ of the unit it feeds (BP4): the chain rule through the unit's weighted "
            "input z, ∂C/∂w = ∂C/∂z · ∂z/∂w")
    return Match("delta_rule", roles=(("input activation", by[k]), ("error", by[j])), note=note, also=("chain_rule",))


def _one_unit(f: sympy.Basic) -> sympy.Basic | None:
    """The one index of an entry ``a_k``, or of the entry a derivative is taken by (``∂E/∂x_j``), else None."""
    if isinstance(f, sympy.Derivative) and len(f.variables) == 1:
        f = f.variables[0]
    return f.indices[0] if isinstance(f, sympy.Indexed) and len(f.indices) == 1 else None


def _weight_gradient_matrix(expr: sympy.Basic, ctx: Context) -> Match | None:
    """BP4 in matrix form: ``∇_{W^l} C = δ^l (a^{l-1})^T`` (Nielsen), Ng's ``dW^{[l]} = \\frac{1}{m} dZ^{[l]}
    A^{[l-1]T}``, cs231n's ``dW = dD.dot(X.T)``: a weight matrix's gradient is the error times the layer's input,
    transposed (over a batch, summed over its examples)."""
    st = ctx.statement
    if st is None or expr != st.rhs or st.lhs is None or not isinstance(expr, MatrixExpr):
        return None
    weights = _weights_of(st.lhs, ctx)
    if weights is None:
        return None
    if not isinstance(expr, sympy.MatMul):
        return None
    _, mats = expr.as_coeff_matrices()  # a batch's 1/m aside
    if len(mats) == 2 and isinstance(mats[0], Transpose) and not isinstance(mats[1], Transpose):
        mats = [mats[1], Transpose(mats[0].arg)]  # cs231n's dW2 = h.T @ dlogits: the batch's rows, X^T dY
    if len(mats) != 2 or not isinstance(mats[1], Transpose) or not isinstance(mats[1].arg, sympy.MatrixSymbol) \
            or not isinstance(mats[0], sympy.MatrixSymbol) or mats[0].shape[1] == mats[0].shape[0] == 1:
        return None
    err, act = mats[0], mats[1].arg
    if not (ctx.is_error_signal(err) or ctx.gradient_of(err) is not None):
        return None  # the Cookbook's ∂aᵀXb/∂X = abᵀ: an outer product of plain vectors, no error sent back
    batch = "" if err.shape[1] == 1 else "; over a batch, summed over its examples"
    note = (f"the gradient of the weights ${weights}$ is the error ${ctx.latex(err)}$ times the layer's input "
            f"${ctx.latex(act)}$ transposed (BP4 in matrix form){batch}: the chain rule through the weighted input")
    return Match("delta_rule", roles=(("error", err), ("input activation", act)), note=note, also=("chain_rule",))


#: a gradient's name by a capital: ``nabla_{W^[l]} C(W^[l])``, Ng's and cs231n's ``dW``, ``dW^[l]``, ``dW2``
_WEIGHT_GRADIENT_NAME = re.compile(r"^(?:\\?nabla_\{?(?:\\mathbf\{|\\boldsymbol\{)?|d)([A-Z])")


def _weights_of(lhs: sympy.Basic, ctx: Context) -> str | None:
    """The weight matrix (a capital) whose gradient ``lhs`` is, by its derivative or its name; else None."""
    parts = gradient_parts(lhs, ctx)
    if parts is not None:
        return parts[1] if parts[1][:1].isupper() else None
    m = _WEIGHT_GRADIENT_NAME.match(str(getattr(lhs, "name", "")))
    return m.group(1) if m else None
