"""Concepts built on sums: the records of the softmax family and the mean, registered last.

The softmax, log-softmax and log-sum-exp recognisers are in :mod:`symdl.chunk.softmax_family`; the helpers
that read reductions (``k · Σ … body``) are in :mod:`symdl.chunk.reductions`.  The mean is recognised here:
a sum scaled by one over its number of terms, a running mean updated one value at a time, or a few alike
terms averaged.
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy
from sympy import Sum, exp, log
from sympy.core.function import AppliedUndef

from symdl.chunk.algebra import cheap_cancel, difference
from symdl.chunk.optim_update import update_split
from symdl.chunk.reductions import _over, mean_scale, strip_reductions
from symdl.chunk.registry import Concept, Context, Match
from symdl.chunk.softmax_family import _log_softmax, _logsumexp, _softmax
from symdl.functions import RowSoftmax, VectorSoftmax, softmax


def _squares(body: sympy.Basic) -> sympy.Basic | None:
    if isinstance(body, sympy.Pow) and body.exp == 2 and difference(body.base) is None:
        return body.base
    return None


def _count(n: sympy.Basic, ctx: Context) -> bool:
    """A number of things written with a Latin letter: ``n``, ``n + 1``, ``n_{\text{models}} + 1`` (no Greek
    rate, no number: a weight ``1/10`` is an EMA's)."""
    base = n.as_coeff_Add()[1] if isinstance(n, sympy.Add) and n.as_coeff_Add()[0].is_Integer else n
    lead = n.as_coeff_Add()[0] if isinstance(n, sympy.Add) else 0
    return isinstance(base, sympy.Symbol) and not ctx.is_greek(base) and lead >= 0


def _running_mean(expr: sympy.Basic, ctx: Context) -> Match | None:
    """The running mean updated one value at a time: ``x̄_n = x̄_{n-1} + (x_n − x̄_{n-1})/n`` (Sutton & Barto's
    ``Q_{n+1} = Q_n + (1/n)[R_n − Q_n]``), SWA's ``w ← (w·n + w')/(n + 1)``: the earlier mean weighted by
    ``1 − 1/N`` and the new value by ``1/N``, N a count, so every value so far counts alike."""
    split = update_split(expr, ctx)
    if split is None:
        return None
    prev, a, rest = split
    c = cheap_cancel(1 - a)
    if c == 0 or rest == 0:
        return None
    n = cheap_cancel(1 / c)
    x = cheap_cancel(rest * n)
    if not _count(n, ctx) or x.has(prev) or (x.has(*n.free_symbols) and not isinstance(x, sympy.Indexed)):
        return None
    return Match("mean", roles=(("previous mean", prev), ("new value", x)), name="running mean",
                 note=f"the mean of every value so far, updated by ${ctx.latex(x)}$ with weight $1/{ctx.latex(n)}$")


def _mean(expr: sympy.Basic, ctx: Context) -> Match | None:
    if (running := _running_mean(expr, ctx)) is not None:
        return running
    k, limits, body = strip_reductions(expr)
    how = mean_scale(k, limits)
    if how and not k.could_extract_minus_sign():
        name = "mean of squares" if _squares(body) is not None else ""
        note = f"over {_over(limits, ctx)}" + (
            " (assuming the divisor is the number of terms)" if how == "assumed" else ""
        )
        return Match("mean", roles=(("term", body),), note=note, name=name)
    if _negated_count(k, limits, ctx):
        note = f"minus the mean over {_over(limits, ctx)}: the mean of the negated terms"
        return Match("mean", roles=(("term", body),), note=note, name="negated mean")
    if isinstance(expr, sympy.Mul) and len(expr.args) == 2:
        c, s = expr.args
        if c.is_Rational and isinstance(s, sympy.Add) and c * len(s.args) == 1 and _alike(s.args):
            return Match("mean", roles=tuple((f"term {i + 1}", t) for i, t in enumerate(s.args)))
    if isinstance(expr, sympy.Add) and len(expr.args) >= 2:
        coeffs = [t.as_coeff_Mul() for t in expr.args]
        same = all(c == coeffs[0][0] for c, _ in coeffs) and coeffs[0][0] * len(coeffs) == 1
        if same and _alike([t for _, t in coeffs]):
            return Match("mean", roles=tuple((f"term {i + 1}", t) for i, (_, t) in enumerate(coeffs)))
    return None


def _negated_count(k: sympy.Basic, limits: list[tuple], ctx: Context) -> bool:
    r"""Is ``k`` minus one over the number of terms (``−\frac{1}{N}\sum_n \log p(y_n|x_n)``: a loss averaged over the
    samples, its sign in front)?  The divisor must be the count itself or a Latin count letter: ``−½Σ_j`` (a Gaussian
    KL's half) and ``−\frac{1}{τ}Σ`` (a temperature) are no mean."""
    if not k.could_extract_minus_sign():
        return False
    if mean_scale(-k, limits) == "exact":
        return True
    n = cheap_cancel(-1 / k)
    return isinstance(n, sympy.Symbol) and _count(n, ctx)


def _alike(terms: Sequence[sympy.Basic]) -> bool:
    """Are the terms quantities of one kind (the same shape of expression up to its names and numbers)?

    ½(x_1 + x_2) and ½(f(a) + f(b)) are means of two terms; ½(log σ² + (y − μ)²/σ²) is half a sum of two different
    things (a Gaussian NLL), and ½x + ½x·tanh(u) half of a product: no mean.
    """
    def skeleton(e: sympy.Basic) -> sympy.Basic:
        leaves = {a: sympy.Symbol("_") for a in sympy.preorder_traversal(e)
                  if isinstance(a, (sympy.Symbol, sympy.Indexed, sympy.Number)) or type(a).__name__ == "MatrixSymbol"}
        return e.xreplace(leaves) if leaves else e
    shapes = {skeleton(t) for t in terms}
    return len(shapes) == 1


#: a softmax is a call (named, symdl's classes) or a quotient (``e^{z_i} / Σ_j e^{z_j}``: a Mul)
_SOFTMAX_HEADS: tuple[type, ...] = (sympy.Mul, sympy.MatMul, softmax, VectorSoftmax, RowSoftmax, AppliedUndef, exp)

CONCEPTS: tuple[Concept, ...] = (
    Concept(
        "softmax",
        "softmax",
        "turns scores into positive weights that sum to 1",
        "softmax(z)_i = e^{z_i} / Σ_j e^{z_j}: exponentiate (all positive, order kept) then divide by the "
        "total (sum to 1); the largest score gets the most weight ('winner takes most').",
        ("scores", "normaliser"),
        ("sigmoid", "logsumexp", "log_softmax", "cross_entropy"),
        "activation",
        _softmax,
        heads=_SOFTMAX_HEADS,
    ),
    Concept(
        "log_softmax",
        "log-softmax",
        "log-probabilities from scores: z_i − logsumexp(z)",
        "log softmax(z)_i = z_i − log Σ_j e^{z_j}; the stable way to get log-probabilities.",
        ("scores", "logsumexp"),
        ("softmax", "logsumexp", "cross_entropy"),
        "activation",
        _log_softmax,
        heads=(log, sympy.Add, sympy.MatAdd, AppliedUndef),
        subsumes=("softmax",),
    ),
    Concept(
        "logsumexp",
        "log-sum-exp",
        "a smooth maximum of the scores",
        "log Σ_j e^{z_j} ≥ max_j z_j, within log n of it; computed stably as m + log Σ e^{z_j − m}.",
        ("scores",),
        ("softmax", "log_softmax", "softplus"),
        "activation",
        _logsumexp,
        heads=(log, sympy.Add, AppliedUndef),
    ),
)

#: Registered last (see ``symdl.chunk``): ``(x + |x|)/2`` is a ReLU before it is a mean of two terms.
MEAN = Concept(
    "mean",
    "mean",
    "the average of the terms",
    "(1/n) Σ_i x_i: the sum divided by the number of terms.",
    ("term",),
    ("weighted_average",),
    "statistics",
    _mean,
    heads=(Sum, sympy.Mul, sympy.Add),
    names=("mean", "avg"),  # code's mean(log_sigmoid(z)), GRPO's mean({r_1, …, r_G})
)
