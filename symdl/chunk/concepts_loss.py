"""Loss functions: cross-entropies, squared/absolute errors, hinge, L2 penalty.

A loss is recognised pointwise and through its reduction: ``-(1/m) Σ_i (...)`` is
read as a scale, the summation limits and a body, so an averaged loss is the same
concept as its per-example form (with "averaged over i" noted).
"""

from __future__ import annotations

import sympy
from sympy import Abs, Max, log
from sympy.core.function import AppliedUndef
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction
from sympy.matrices.expressions.hadamard import HadamardPower
from sympy.matrices.expressions.matexpr import MatrixElement

from symdl.chunk.algebra import cheap_cancel, count, difference, equivalent, is_number, is_one, terms
from symdl.chunk.concepts_sum import _squares
from symdl.chunk.lossalg import expected_squared_error, regulariser_squares, unreduce
from symdl.chunk.lossdocs import bce_cases, bce_with_logits, two_argument_entropy, unreduced_match
from symdl.chunk.lossforms import (
    bce_logistic,
    mean_call_pointwise,
    residual,
    softmax_ce_logits,
    squared_norm_of_difference,
    target_minus_model,
)
from symdl.chunk.marginloss import margin_ce, positive_weighted
from symdl.chunk.reductions import _over, mean_scale, strip_reductions
from symdl.chunk.registry import Concept, Context, Match
from symdl.functions import relu, softplus
from symdl.read.commands import GREEK
from symdl.simplify import expand_within


def _log_terms(body: sympy.Basic) -> dict[sympy.Basic, sympy.Basic] | None:
    """``{log argument: coefficient}`` if ``body`` is a linear combination of logs, else None."""
    out: dict[sympy.Basic, sympy.Basic] = {}
    for t in terms(expand_within(body)):
        logs = [f for f in sympy.Mul.make_args(t) if isinstance(f, log)]
        if len(logs) != 1:
            return None
        arg = logs[0].args[0]
        coef = sympy.Mul(*[f for f in sympy.Mul.make_args(t) if f is not logs[0]])
        key = next((a for a in out if a == arg), arg)
        out[key] = out.get(key, 0) + coef
    return out


def _reduction_note(k: sympy.Basic, limits: list[tuple], ctx: Context) -> str:
    if not limits:
        return ""
    positive = -k if k.could_extract_minus_sign() else k
    how = "averaged" if mean_scale(positive, limits) else "summed"
    return f"{how} over {_over(limits, ctx)}"


def _per_element(k: sympy.Basic, limits: list[tuple], body: sympy.Basic, ctx: Context) -> Match | None:
    """A reduced BCE whose logs the sum's body opens into a logit form (the PyTorch docs' BCEWithLogitsLoss
    ``y log((1 + e^{−x})^{−1}) + (1 − y) log(e^{−x}/(1 + e^{−x}))`` is ``−[softplus(x) − x y]``)."""
    if not k.could_extract_minus_sign():
        return None
    m = bce_with_logits(expand_within(-body), ctx)
    if m is None:
        return None
    return Match(m.concept, m.roles, m.params, f"{m.note}; {_reduction_note(k, limits, ctx)}", also=m.also)


def _binary_cross_entropy(expr: sympy.Basic, ctx: Context) -> Match | None:
    logistic = bce_logistic(expr, ctx) or bce_with_logits(expr, ctx) or bce_cases(expr, ctx)
    if logistic is not None:
        return logistic
    k, limits, body = strip_reductions(expr)
    logs = _log_terms(body)
    if limits and logs is None and (per := _per_element(k, limits, body, ctx)) is not None:
        return per
    entries = False
    if not limits and not logs and isinstance(expr, sympy.Mul) and expr.has(sympy.Trace):
        k, _, body, how = unreduce(expr)  # numpy's −np.mean(y*np.log(p) + (1-y)*np.log(1-p)): a mean of entries
        logs, entries = (_log_terms(body), True) if how == "expectation" else (None, False)
    if not logs or len(logs) != 2:
        return None
    (a, ca), (b, cb) = logs.items()
    if not (cheap_cancel(a + b - 1) == 0 or equivalent(a + b, sympy.Integer(1))):  # y log(1 + e^{−x}) + …: log(1/p)
        if not equivalent(1 / a + 1 / b, sympy.Integer(1)):
            return None
        (a, ca), (b, cb) = (cheap_cancel(1 / a), -ca), (cheap_cancel(1 / b), -cb)
    total = cheap_cancel(ca + cb)
    if not is_number(total) or total == 0:
        return positive_weighted(k, limits, (a, ca), (b, cb), ctx)
    ya, yb = cheap_cancel(ca / total), cheap_cancel(cb / total)
    if is_number(ya):
        return None
    y, p = (ya, a) if sympy.count_ops(ya) <= sympy.count_ops(yb) else (yb, b)
    if cheap_cancel(y - p) == 0:  # −p log p − (1 − p) log(1 − p): the binary entropy of one distribution
        return None
    sign = k * total
    roles = (("target", y), ("prediction", p))
    note = ("averaged" if is_number(k) else "summed") + " over the entries" if entries else _reduction_note(
        k, limits, ctx)
    if sign.could_extract_minus_sign():
        return Match(
            "binary_cross_entropy", roles=roles, note=note, also=("mean",) if "averaged" in note else ()
        )
    return Match(
        "binary_cross_entropy",
        roles=roles,
        name="Bernoulli log-likelihood",
        note="the log-likelihood: binary cross-entropy is its negative",
    )


def _cross_entropy(expr: sympy.Basic, ctx: Context) -> Match | None:
    if isinstance(expr, AppliedUndef):
        return two_argument_entropy(expr, ctx)
    if isinstance(expr, sympy.Add) or (isinstance(expr, sympy.Mul) and expr.has(sympy.Add, log)):
        logits = softmax_ce_logits(expr, ctx) or margin_ce(expr, ctx)
        if logits is not None:
            return logits
    k, limits, body = strip_reductions(expr)
    k, fs = _surprisal_form(k, sympy.Mul.make_args(body))  # Murphy's \sum_x q(x) \log_2(1/p(x)): −Σ q log p, in bits
    if not limits or not k.could_extract_minus_sign():
        return None
    logs = [f for f in fs if isinstance(f, log)]
    if len(logs) != 1 or len(fs) < 2:
        return None
    weights = [f for f in fs if f is not logs[0]]
    if len(weights) > 1 and any(f.has(logs[0].args[0]) or logs[0].args[0].has(f) for f in weights):
        return None  # −α(1 − p)^γ log p: a focal loss's factor is a function of the prediction, not a weight
    y = sympy.Mul(*weights)  # PyTorch CrossEntropyLoss's −Σ_c w_c y_{n,c} log(...): a class weight times the target
    if y == logs[0].args[0]:  # −Σ p log p: the entropy of one distribution, not a cross-entropy
        return None
    j = limits[-1][0]
    if not (y.has(j) and logs[0].has(j)):
        return None
    if not y.free_symbols - {lim[0] for lim in limits} and not y.atoms(sympy.Indexed, AppliedUndef):
        return None  # word2vec's (1 - \delta_{0j}) \log P(w_{t+j} | w_t): a mask of the indices, no target
    note = f"summed over the classes {ctx.latex(j)}"
    if len(limits) > 1:
        note += "; " + _reduction_note(k, limits[:-1], ctx)
    return Match("cross_entropy", roles=(("target", y), ("prediction", logs[0].args[0])), note=note)


def _surprisal_form(k: sympy.Basic, fs: tuple[sympy.Basic, ...]) -> tuple[sympy.Basic, tuple[sympy.Basic, ...]]:
    """``k`` and the factors ``fs`` of a sum's body with ``\\log(1/p)`` as ``-\\log p`` (the sign into ``k``) and a
    log base's constant ``1/\\log 2`` into ``k``: the surprisal form of the cross-entropy, as −Σ q log p."""
    out: list[sympy.Basic] = []
    for f in fs:
        if isinstance(f, log) and isinstance(f.args[0], sympy.Pow) and f.args[0].exp == -1:
            k, f = -k, log(f.args[0].base)
        elif isinstance(f, sympy.Pow) and f.exp == -1 and isinstance(f.base, log) and f.base.args[0].is_number:
            k, f = k * f, None  # \log_2: the base's constant, a change of units (bits), no weight
        if f is not None:
            out.append(f)
    return k, tuple(out)


def _mean_of(expr: sympy.Basic, pointwise: type | None, ctx: Context | None = None
             ) -> tuple[sympy.Basic, list, str] | None:
    named = mean_call_pointwise(expr, ctx) if ctx is not None else None
    if named is not None:
        return (named[0], [], named[1]) if pointwise is None or isinstance(named[0], pointwise) else None
    k, limits, body = strip_reductions(expr)
    c, rest = body.as_coeff_Mul()
    if limits and c.is_positive and c != 1 and pointwise is not None and isinstance(rest, pointwise):
        k, body = k * c, rest  # d2l's (1/n) Σ_i ½(ŵᵀx + b − y)²: the ½ inside the sum is a scale
    how = mean_scale(k, limits)
    if how is None:
        if limits and is_one(cheap_cancel(k * 2 * sympy.Mul(*[count(lim) for lim in limits]))):
            how = "halved"
        else:
            return None
    if pointwise is not None and not isinstance(body, pointwise):
        return None
    return body, limits, how


def _count(k: sympy.Basic, ctx: Context) -> str | None:
    """How ``k`` averages a squared distance: ``1/m`` or ``1/(2m)`` with ``m`` a Latin name (a count of examples;
    ``1/σ²`` is a precision, not a count), else None."""
    num, den = sympy.fraction(sympy.factor_terms(k))
    if num != 1 or den.is_number:
        return None
    c, m = den.as_coeff_Mul()
    if not (isinstance(m, sympy.Symbol) and m.is_positive is not False and not ctx.is_greek(m)) or c not in (1, 2):
        return None
    return "halved" if c == 2 else f"divided by {ctx.latex(m)} (assumed the number of examples)"


def _vector_mse(expr: sympy.Basic, ctx: Context) -> Match | None:
    """Goodfellow's ``(1/m)‖X w − y‖²₂``: a squared distance of two vectors divided by a count of examples."""
    if not isinstance(expr, sympy.Mul):
        return None
    traces = [f for f in expr.args if isinstance(f, sympy.Trace) and type(f.arg).__name__ == "MatMul"]
    if len(traces) != 1 or len(traces[0].arg.args) != 2:
        return None
    first, second = traces[0].arg.args
    if not (isinstance(first, sympy.Transpose) and first.arg == second):
        return None
    got = residual(second)
    how = _count(sympy.Mul(*[f for f in expr.args if f is not traces[0]]), ctx)
    if got is None or how is None:
        return None
    note = "half the mean (a common convention)" if how == "halved" else f"the squared distance {how}"
    return Match("mse", roles=(("squared error", traces[0]), ("target", got[0]), ("prediction", got[1])), note=note)


def _entry_of(base: sympy.Basic) -> sympy.Basic:
    """The vector difference whose entry ``base`` is (Goodfellow's ``(ŷ − y)_i``), else ``base`` itself."""
    return base.parent if isinstance(base, MatrixElement) else base


def _mse(expr: sympy.Basic, ctx: Context) -> Match | None:
    rhs = ctx.statement.rhs if ctx.statement is not None else None
    if any(base != expr for base in _sum_powers_around(expr, rhs)):
        return None  # the IMQ kernel's (\alpha + \|x - y\|^2 / h)^\beta: a scaled distance inside a kernel, no mean
    vector = _vector_mse(expr, ctx) or unreduced_match("mse", expr, ctx) or expected_squared_error(expr, ctx)
    if vector is not None:
        return vector
    got = _mean_of(expr, sympy.Pow, ctx) or _mean_of(expr, HadamardPower, ctx)  # mean((y − ŷ)^{∘2}) of vectors
    if not got or got[0].exp != 2 or residual(_entry_of(got[0].base)) is None:
        return None
    a, b = residual(_entry_of(got[0].base))
    entry = isinstance(got[0].base, MatrixElement)  # (x − μ)_i²: a bold deviation read entry by entry
    if ((got[2] == "direct" or entry) and _centred(b, ctx)) or (
        got[2] not in ("named", "direct") and _spread(expr, ctx)
    ):
        return None
    note = (
        "half the mean (a common convention)" if got[2] == "halved" else f"averaged over {_over(got[1], ctx)}"
    )
    if got[2] == "named":
        note = "mean(L) of the per-element losses defined below it (PyTorch's reduction='mean')"
    elif got[2] == "direct":
        note = "mean(square(y_true − y_pred)): the mean over the elements, written as Keras' docs do"
    return Match(
        "mse", roles=(("squared error", got[0]), ("target", a), ("prediction", b)), note=note, also=("mean",)
    )


def _spread(expr: sympy.Basic, ctx: Context) -> bool:
    """Is the mean of squares ``expr`` a variance, ``1/n Σ (x_i − μ)²``: squared deviations from a mean (μ, x̄,
    a mean computed above) that no index of the sum moves, a spread and not an error of predictions?"""
    from symdl.chunk.concepts_stats import variance_of

    return variance_of(expr, ctx) is not None


def _centred(c: sympy.Basic, ctx: Context) -> bool:
    """Is the subtracted ``c`` of ``mean((x − c)²)`` a mean (``mean(x)``, ``μ``, ``x̄``): a spread, not an error?"""
    from symdl.chunk.concepts_stats import is_centre

    if isinstance(c, sympy.MatrixSymbol):  # a bold μ, x̄
        name = str(c.name).split("_")[0]
        return name in GREEK or name.endswith("bar")
    return is_centre(c, ctx) or any(mean_call_pointwise(f, ctx) for f in sympy.preorder_traversal(c))


def _mae(expr: sympy.Basic, ctx: Context) -> Match | None:
    if (unreduced := unreduced_match("mae", expr, ctx)) is not None:
        return unreduced
    got = _mean_of(expr, Abs, ctx)
    if not got or difference(got[0].args[0]) is None:
        return None
    a, b = difference(got[0].args[0])
    if got[2] == "direct" and _centred(b, ctx):  # mean(|x − mean(x)|): the mean absolute deviation, a spread
        return None
    return Match("mae", roles=(("absolute error", got[0]), ("target", a), ("prediction", b)), also=("mean",))


def _fitted(base: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic] | None:
    """``(prediction, target)`` of a residual of three terms or more with one subtracted that is no number: GloVe's
    ``wᵢᵀw̃ⱼ + bᵢ + b̃ⱼ − log Xᵢⱼ`` (the model's score against the log count), d2l's ``wᵀx + b − y``."""
    got = residual(base) if len(terms(base)) >= 3 else None
    return got if got is not None and not got[1].is_number else None


def _squared_error(expr: sympy.Basic, ctx: Context) -> Match | None:
    scale: sympy.Basic = sympy.Integer(1)
    if isinstance(expr, sympy.Mul) and len(expr.args) == 2 and is_number(expr.args[0]):
        scale, expr = expr.args
    elif type(expr).__name__ == "MatMul" and any(not isinstance(f, sympy.MatrixExpr) for f in expr.args):
        numbers = [f for f in expr.args if not isinstance(f, sympy.MatrixExpr)]  # \frac{1}{2m}(X\theta - y)^T(...)
        scale, expr = sympy.Mul(*numbers), sympy.MatMul(*[f for f in expr.args if f not in numbers])
    if (pair := squared_norm_of_difference(expr)) is not None:
        if _kernel_distance(expr, pair, ctx):
            return None  # the RBF, IMQ and RQ kernels' \|x - y\|^2 between their two arguments: a distance, no loss
        return Match("squared_error", roles=(("first", pair[0]), ("second", pair[1])), params=(("scale", scale),),
                     note="the squared length of the difference: a sum of squared errors")
    fit = None  # a square (a − b)², a target minus a model, or their sum Σ_i (y_i − β_0 − Σ_j x_ij β_j)²
    if isinstance(expr, sympy.Sum) and isinstance(expr.function, sympy.Pow) and expr.function.exp == 2:
        fit = _fitted(expr.function.base) or target_minus_model(expr.function.base)
    elif isinstance(expr, sympy.Pow) and expr.exp == 2:
        fit = difference(expr.base) or _fitted(expr.base) or target_minus_model(expr.base)
    if fit is not None and _centred(fit[1], ctx):  # Pearson's \sum_i (x_i - \bar{x})^2: a spread, not an error
        return None
    if fit is not None and all(isinstance(v, sympy.Indexed) for v in fit) and fit[0].base == fit[1].base:
        return None  # total variation's (x_{i,j+1} - x_{ij})^2: neighbouring entries of one array, no error
    if fit is not None and _kernel_distance(expr, fit, ctx):
        return None  # a kernel's (x - x')^2 between its two arguments
    if fit is not None and _in_an_exponent(expr, ctx):  # a kernel weight's \exp(-(x^{(i)} - x)^2 / 2\tau^2):
        return None  # a distance in a kernel or a density's exponent, no loss
    if fit is not None:
        a, b = fit
        note = "" if is_one(scale) else f"scaled by {ctx.latex(scale)}"
        return Match("squared_error", roles=(("first", a), ("second", b)), params=(("scale", scale),), note=note)
    return None


def _kernel_distance(expr: sympy.Basic, pair: tuple[sympy.Basic, sympy.Basic], ctx: Context) -> bool:
    """Is ``expr`` the squared distance between the two arguments of the function the statement defines (a kernel
    ``k(x, y) = \\exp(-\\|x - y\\|^2 / 2\\ell^2)``), or inside a power of a sum (the IMQ kernel's
    ``(\\alpha + \\|x - y\\|^2 / h)^\\beta``)?  A distance in a similarity, no loss."""
    st = ctx.statement
    lhs = st.lhs if st is not None else None
    rhs = st.rhs if st is not None else None
    if (isinstance(lhs, sympy.core.function.AppliedUndef) and len(lhs.args) == 2 and rhs is not None
            and rhs != expr and {str(a) for a in lhs.args} == {str(p) for p in pair}):
        return True  # (the distance inside the value: L(y, \hat y) = \|y - \hat y\|^2 itself stays a loss)
    return bool(_sum_powers_around(expr, rhs))


def _sum_powers_around(expr: sympy.Basic, rhs: sympy.Basic | None) -> list[sympy.Basic]:
    """The sums holding ``expr`` that ``rhs`` raises to a non-integer power (the IMQ kernel's
    ``(\\alpha + \\|x - y\\|^2 / h)^\\beta``)."""
    if rhs is None:
        return []
    return [p.base for p in rhs.atoms(sympy.Pow)
            if not p.exp.is_Integer and isinstance(p.base, sympy.Add) and p.base.has(expr)]


def _in_an_exponent(expr: sympy.Basic, ctx: Context) -> bool:
    """Is ``expr`` inside the argument of an ``\\exp`` of the statement's right side (a Gaussian kernel's weight,
    a density's exponent)?"""
    rhs = getattr(ctx.statement, "rhs", None) if ctx.statement is not None else None
    return isinstance(rhs, sympy.Basic) and any(e.args[0].has(expr) for e in rhs.atoms(sympy.exp))


def _model_output(t: sympy.Basic) -> bool:
    """A model's output: an unknown function applied (``D(x)``), also entry by entry over a sample (``D`` of each x)."""
    return isinstance(t, AppliedUndef) or (isinstance(t, ElementwiseApplyFunction) and isinstance(
        t.function, sympy.Lambda) and isinstance(t.function.expr, AppliedUndef))


def _factors(t: sympy.Basic) -> int:
    """How many factors the product ``t`` has: y_true * y_pred, element-wise, too (Keras's hinge)."""
    if isinstance(t, sympy.HadamardProduct):
        return len(t.args)
    return len(sympy.Mul.make_args(t))


def _scalars_out(t: sympy.Basic) -> sympy.Basic:
    """``tr(c A B)`` (a 1×1 product with a number c inside, ``-y_i \\mathbf{w}^T \\mathbf{x}_i``) as ``c tr(A B)``."""
    if isinstance(t, sympy.Trace) and isinstance(t.arg, sympy.MatMul):
        coeff, mats = t.arg.as_coeff_matrices()
        if coeff != 1 and mats:
            return coeff * sympy.Trace(sympy.MatMul(*mats))
    return t


def hinge_match(expr: sympy.Basic, ctx: Context) -> Match | None:
    """The hinge match of ``max(0, margin − score)`` (also written ``relu(...)``), else None."""
    if isinstance(expr, relu):
        inner = expr.args[0]
    elif isinstance(expr, Max) and len(expr.args) == 2 and 0 in expr.args:
        inner = next(a for a in expr.args if a != 0)
    elif (isinstance(expr, ElementwiseApplyFunction) and isinstance(expr.function, sympy.Lambda)
          and isinstance(expr.function.expr, Max) and 0 in expr.function.expr.args):
        inner = expr.expr  # over a sample: max(0, ·) of each entry
    else:
        return None
    parts = [_scalars_out(t) for t in terms(inner)]  # 1 - y_i \mathbf{w}^T \mathbf{x}_i: -y_i outside the trace
    margin = [t for t in parts if (is_number(t) and t > 0) or (t.is_Symbol and (ctx.is_greek(t) or ctx.is_word(t)))]
    scores = [t for t in parts if t.could_extract_minus_sign() and not is_number(t)]
    rivals = {str(f).split("_")[0] for t in scores for f in (-t).free_symbols}  # cs231n's scores - scores[y] + 1:
    margin = [t for t in margin if not (t.is_Symbol and str(t) in rivals)]  # the word scores is a score, no margin
    model = [t for t in parts if _model_output(-t if t.could_extract_minus_sign() else t)]
    ones = [t for t in parts if isinstance(t, sympy.OneMatrix)]  # over a sample of x: the margin 1 of every entry
    if len(parts) == 2 and len(margin) + len(ones) == 1 and len(model) == 1:  # the hinge GAN loss' max(0, 1 ∓ D(x)):
        return Match("hinge", roles=(("margin", (margin + ones)[0]), ("score", -model[0])))  # a critic's output
    if not margin and len(ones) == 1 and scores:  # cs231n's np.maximum(0, scores - scores[y] + 1): over a sample,
        margin = ones  # the margin 1 of every entry
    if len(margin) != 1 or not scores:
        return None
    if len(parts) == 2 and _factors(-scores[0]) < 2 and (is_number(margin[0]) or margin[0] in ones):
        return None  # max(0, 1 − x): ReLU(1 − x); a margin NAMED as a hyperparameter (Δ, margin) is a hinge's
    note = "multiclass (margin + wrong score − right score)" if len(parts) > 2 else ""
    return Match("hinge", roles=(("margin", margin[0]), ("score", -scores[0])), note=note)


def _hinge(expr: sympy.Basic, ctx: Context) -> Match | None:
    return hinge_match(expr, ctx)


#: the letters of activations and data (Nielsen's a, h, x, z) and of the gradient (Goodfellow's g): their squares
#: are no penalty on the weights (Goodfellow's ε gᵀg, the first-order change of the cost along a step)
_ACTIVATIONS = frozenset({"a", "h", "x", "z", "g"})


def _penalised(w: sympy.Basic, ctx: Context) -> bool:
    """Can ``w`` be the weights a penalty squares: not an activation's or data's letter, and not a gradient or an
    error signal (the contractive autoencoder's ‖∂f(x)/∂x‖²_F penalises a Jacobian, not weights)?"""
    jacobian = isinstance(w, sympy.MatrixSymbol) and w.name.startswith("J_{")  # ∂f(x)/∂x read as its Jacobian
    return ctx.head(w) not in _ACTIVATIONS and not ctx.is_error_signal(w) and not jacobian


def _l2_penalty(expr: sympy.Basic, ctx: Context) -> Match | None:
    if ctx.statement is not None and ctx.statement.kind == "inequality":
        return None  # a regret bound's \|w^\star\|^2 / (2\eta): a bound's term, no penalty added to a loss
    if (weights := regulariser_squares(expr, ctx)) is not None:
        return Match("l2_penalty", roles=(("coefficient", sympy.Integer(1)), ("weights", weights)),
                     note="the regulariser before its strength λ: the sum of the squared weights")
    k, limits, body = strip_reductions(expr)
    base = _squares(body)
    if base is not None and not isinstance(base, sympy.Indexed | sympy.Symbol):
        base = None  # C Σ_i max(0, 1 − y_i wᵀx_i)²: a penalty is on the weights, not on a function of the data
    if base is not None and not _penalised(base.base if isinstance(base, sympy.Indexed) else base, ctx):
        base = None  # local response normalisation's k + α/n Σ_{c'} a_{c'}²: squares of activations, no penalty
    scaled_mean = limits and is_number(cheap_cancel(k * sympy.Mul(*[count(lim) for lim in limits])))
    if base is not None and limits and not is_one(k) and mean_scale(k, limits) is None and not scaled_mean:
        if (all(base.has(lim[0]) for lim in limits) and k.free_symbols and not k.could_extract_minus_sign()
                and not k.has(base.base if isinstance(base, sympy.Indexed) else base)):  # the squash's ‖s‖²/(1+‖s‖²)
            return Match("l2_penalty", roles=(("coefficient", k), ("weights", base)))
    if isinstance(expr, sympy.Mul):  # λ/2 ‖w‖²: the squared norm of a vector is read as tr(wᵀw)
        traces = [f for f in expr.args if isinstance(f, sympy.Trace) and type(f.arg).__name__ == "MatMul"]
        k = sympy.Mul(*[f for f in expr.args if f not in traces])
        if (len(traces) == 1 and _is_self_inner(traces[0].arg) and k.free_symbols and not k.could_extract_minus_sign()
                and not k.has(traces[0].arg.args[-1])  # the squash's ‖s‖²/(1 + ‖s‖²): s again, no coefficient
                and isinstance(traces[0].arg.args[-1], sympy.MatrixSymbol)  # of the weights, not of ŷ − y (an MSE)
                and _penalised(traces[0].arg.args[-1], ctx)):  # nor RMSNorm's \|x\|^2/d
            return Match("l2_penalty", roles=(("coefficient", k), ("weights", traces[0].arg.args[-1])))
    if (type(expr).__name__ == "MatMul" and _is_self_inner(expr) and isinstance(expr.args[-1], sympy.MatrixSymbol)
            and expr.shape == (1, 1)):  # a matrix's X^T X / N is its Gram matrix (a covariance), no penalty
        k = sympy.Mul(*[f for f in expr.args if not isinstance(f, sympy.MatrixExpr)])  # of the weights, not Ng's
        if k != 1 and not k.could_extract_minus_sign() and _penalised(expr.args[-1], ctx):  # \frac{1}{2m}(X\theta -
            # y)^T(X\theta - y), a residual's; a penalty is added, never subtracted (Goodfellow's - ε gᵀg)
            return Match("l2_penalty", roles=(("coefficient", k), ("weights", expr.args[-1])))
    return None


def _is_self_inner(mm: sympy.Basic) -> bool:
    args = [a for a in mm.args if isinstance(a, sympy.MatrixExpr)]
    return len(args) == 2 and isinstance(args[0], sympy.Transpose) and args[0].arg == args[1]


_LOSS = "loss"
CONCEPTS: tuple[Concept, ...] = (
    Concept(
        "binary_cross_entropy",
        "binary cross-entropy",
        "penalises confident wrong probabilities for 0/1 labels",
        "−[y log p + (1 − y) log(1 − p)]: the negative log-likelihood of label y under a Bernoulli with "
        "probability p; only one term is active per example.",
        ("target", "prediction"),
        ("cross_entropy", "sigmoid", "mean"),
        _LOSS,
        _binary_cross_entropy,
        heads=(sympy.Add, sympy.Mul, sympy.Sum, softplus, sympy.Piecewise),
        names=("bce", "bceloss", "binarycrossentropy"),
    ),
    Concept(
        "cross_entropy",
        "cross-entropy",
        "penalises putting low probability on the true class",
        "−Σ_k y_k log p_k: with one-hot y it is −log of the probability given to the true class.",
        ("target", "prediction"),
        ("softmax", "binary_cross_entropy", "log_softmax"),
        _LOSS,
        _cross_entropy,
        heads=(sympy.Mul, sympy.Sum, sympy.Add, AppliedUndef),
        names=("crossentropy", "ce", "celoss", "crossentropyloss"),
    ),
    Concept(
        "mse",
        "mean squared error",
        "averages the squared differences between targets and predictions",
        "(1/n) Σ_i (y_i − ŷ_i)²: large errors count quadratically; the loss of least squares.",
        ("squared error", "target", "prediction"),
        ("squared_error", "mae", "mean"),
        _LOSS,
        _mse,
        heads=(sympy.Mul, sympy.Sum, AppliedUndef, sympy.Pow), names=("mse", "mseloss"),
    ),
    Concept(
        "mae",
        "mean absolute error",
        "averages the absolute differences",
        "(1/n) Σ_i |y_i − ŷ_i|: robust to outliers compared with MSE.",
        ("absolute error", "target", "prediction"),
        ("mse", "mean"),
        _LOSS,
        _mae,
        heads=(sympy.Mul, sympy.Sum, AppliedUndef, Abs), names=("mae", "lloss"),
    ),
    Concept(
        "hinge",
        "hinge loss",
        "zero once the score clears the margin, linear penalty otherwise",
        "max(0, 1 − y·f(x)): the SVM loss; correct, confident predictions (y·f ≥ 1) cost nothing.",
        ("margin", "score"),
        ("relu",),
        _LOSS,
        _hinge,
        heads=(Max, relu), names=("hinge", "hingeloss"),
    ),
    Concept(
        "squared_error",
        "squared error",
        "the squared difference of two quantities",
        "(a − b)²: zero when they agree, growing quadratically with the gap.",
        ("first", "second"),
        ("mse",),
        _LOSS,
        _squared_error,
        heads=(sympy.Mul, sympy.Pow, sympy.Trace, sympy.Sum, sympy.MatMul),
    ),
    Concept(
        "l2_penalty",
        "L2 penalty (weight decay)",
        "adds λ times the squared size of the weights",
        "λ Σ w² (or λ/2 ||w||²): discourages large weights; its gradient shrinks every weight by λw.",
        ("coefficient", "weights"),
        ("l2_norm",),
        _LOSS,
        _l2_penalty,
        heads=(sympy.Mul, sympy.Sum, sympy.MatMul),
    ),
)
