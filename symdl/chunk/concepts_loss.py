"""Loss functions: cross-entropies, squared/absolute errors, hinge, L2 penalty.

A loss is recognised pointwise and through its reduction: ``-(1/m) Σ_i (...)`` is
read as a scale, the summation limits and a body, so an averaged loss is the same
concept as its per-example form (with "averaged over i" noted).  The cross-entropies
are recognised in :mod:`symdl.chunk.loss_crossentropy`, the squared and absolute errors
in :mod:`symdl.chunk.loss_squares`; the hinge and the L2 penalty here, beside the records.
"""

from __future__ import annotations

import sympy
from sympy import Abs, Max
from sympy.core.function import AppliedUndef
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction

from symdl.chunk.algebra import cheap_cancel, count, is_number, is_one, terms
from symdl.chunk.concepts_sum import _squares
from symdl.chunk.loss_crossentropy import _binary_cross_entropy, _cross_entropy
from symdl.chunk.loss_squares import _mae, _mse, _squared_error
from symdl.chunk.lossalg import regulariser_squares
from symdl.chunk.reductions import mean_scale, strip_reductions
from symdl.chunk.registry import Concept, Context, Match
from symdl.functions import relu, softplus


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
