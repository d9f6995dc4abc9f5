"""Concepts built on sums: the softmax family and the mean; helpers for reductions.

Sums are recognised whatever their bounds (``Sum(., (j, 1, N_z))`` from an
unbounded ``\\sum_j`` or explicit ``\\sum_{j=1}^K``) and whatever the index
names: the summand is compared with the outside term after renaming the
summation index.
"""

from __future__ import annotations

from collections.abc import Sequence

import sympy
from sympy import Sum, exp, log
from sympy.core.function import AppliedUndef

from symdl.chunk.algebra import (
    cheap_cancel,
    count,
    difference,
    index_rename,
    is_one,
    numer_denom,
    reduction,
    terms,
)
from symdl.chunk.concepts_optim import update_split
from symdl.chunk.registry import Concept, Context, Match, undefined_name
from symdl.chunk.softmax_names import entrywise_exp, exp_defined, total_of
from symdl.functions import RowSoftmax, VectorSoftmax, softmax
from symdl.read.commands import GREEK


def strip_reductions(expr: sympy.Basic) -> tuple[sympy.Basic, list[tuple], sympy.Basic]:
    """Peel ``k · Σ Σ ... body`` into ``(k, limits outermost first, body)``; the body's sign moves to k."""
    k: sympy.Basic = sympy.Integer(1)
    limits: list[tuple] = []
    while (red := reduction(expr)) is not None:
        kk, s = red
        k = k * kk
        limits.extend(reversed(s.limits))  # SymPy lists a Sum's limits innermost first
        expr = s.function
    if limits and isinstance(expr, sympy.Mul):  # Σ_i l_i / n (the PyTorch docs' sum_i ... / x.nelement()): 1/n out
        out = [f for f in expr.args if _divisor(f) and not any(f.has(lim[0]) for lim in limits)]
        if out:
            k, expr = k * sympy.Mul(*out), sympy.Mul(*[f for f in expr.args if f not in out])
    if limits and expr.could_extract_minus_sign():
        k, expr = -k, -expr
    return k, limits, expr


def _divisor(f: sympy.Basic) -> bool:
    """``1/n``: a name or an integer divided by, free of the sum's indices."""
    return isinstance(f, sympy.Pow) and f.exp == -1 and (f.base.is_Symbol or f.base.is_Integer)


def mean_scale(k: sympy.Basic, limits: list[tuple]) -> str | None:
    """``'exact'`` if ``k == 1/(number of terms)``, ``'assumed'`` if ``k = 1/n`` for another n, else None."""
    if not limits:
        return None
    n = sympy.Mul(*[count(lim) for lim in limits])
    if is_one(cheap_cancel(k * n)):
        return "exact"
    if isinstance(k, sympy.Pow) and k.exp == -1 and (k.base.is_Integer or (
            k.base.is_Symbol and k.base.name not in GREEK)):  # Gumbel softmax's Σ_k e^{l_k}/τ: τ is no count
        return "assumed"
    sizes = sympy.Mul.make_args(1 / k) if k != 0 else ()
    if len(limits) > 1 and len(sizes) == len(limits) and all(f.is_Symbol for f in sizes):
        return "assumed"  # BitNet's absmean \frac{1}{nm}\sum_{ij}|W_{ij}|: one count per index
    return None


def _over(limits: list[tuple], ctx: Context) -> str:
    return ", ".join(ctx.latex(lim[0]) for lim in limits)


# ---------------------------------------------------------------- softmax family
def _softmax(expr: sympy.Basic, ctx: Context) -> Match | None:
    if isinstance(expr, softmax | VectorSoftmax) or (undefined_name(expr) == "softmax" and expr.args):
        return Match("softmax", roles=(("scores", expr.args[0]),))
    if isinstance(expr, RowSoftmax):
        return Match("softmax", roles=(("scores", expr.arg),), note="row by row: each row's weights sum to 1")
    if isinstance(expr, exp):
        return _exp_of_log_softmax(expr, ctx)
    if isinstance(expr, sympy.MatMul):
        return _vector_softmax(expr, ctx)
    num, den = numer_denom(expr)
    if (isinstance(den, Sum) and len(den.limits) == 1 and exp_defined(num, ctx)
            and index_rename(num, den.function, den.limits[0][0]) is not None):
        return Match("softmax", roles=(("scores", num), ("normaliser", den)),  # e_i = exp(z_i) \ p_i = e_i / Σ_j e_j
                     note=f"${ctx.latex(num)}$ is defined as an exponential above: exp of each score over the total")
    if isinstance(den, sympy.Add) and isinstance(num, exp) and num in den.args and len(den.args) >= 2:
        if all(isinstance(t, exp) for t in den.args):
            return Match(
                "softmax", roles=(("scores", num.args[0]), ("normaliser", den)), note="over listed terms"
            )
        if all(isinstance(t, exp) or _sum_of_exps(t) for t in den.args):  # ArcFace's e^{s cos(θ_y + m)} over
            return Match("softmax", roles=(("scores", num.args[0]), ("normaliser", den)),  # itself + Σ_{j≠y} e^{...}
                         note="the target's term against itself and the others' (a margin softmax, a positive "
                         "against its negatives)")
        return None
    if not isinstance(den, Sum) or len(den.limits) != 1:
        return None
    j, body = den.limits[0][0], den.function
    if isinstance(num, exp):
        u = num.args[0]
        if isinstance(body, exp):
            if index_rename(u, body.args[0], j) is not None:
                return Match("softmax", roles=(("scores", u), ("normaliser", den)))
            return Match(
                "softmax",
                roles=(("scores", u), ("normaliser", den)),
                name="softmax-like normalisation",
                near_miss="the denominator sums the exponential of a different quantity than the numerator",
                fix=num / Sum(exp(u.xreplace({_index_of(u, j): j})), den.limits[0]),
            )
        if index_rename(u, body, j) is not None:
            return Match(
                "softmax",
                roles=(("scores", u), ("normaliser", den)),
                name="softmax-like normalisation",
                near_miss="the numerator exponentiates the score but the denominator sums the raw scores "
                "(no exp), so the weights need not be positive or sum to 1",
                fix=num / Sum(exp(body), den.limits[0]),
            )
    if isinstance(body, exp) and index_rename(num, body.args[0], j) is not None:
        return Match(
            "softmax",
            roles=(("scores", num), ("normaliser", den)),
            name="softmax-like normalisation",
            near_miss="the denominator sums exponentials but the numerator lacks the exp",
            fix=exp(num) / den,
        )
    return None


def _sum_of_exps(t: sympy.Basic) -> bool:
    """``Σ_j e^{b_j}``, ``Σ_j (1 − δ_{j,y}) e^{b_j}`` (a sum that skips the target): a sum of exponentials."""
    if not isinstance(t, Sum):
        return False
    factors = sympy.Mul.make_args(t.function)
    return sum(isinstance(f, exp) for f in factors) == 1 and all(
        isinstance(f, exp) or (1 - f).func is sympy.KroneckerDelta for f in factors)


def _vector_softmax(expr: sympy.MatMul, ctx: Context) -> Match | None:
    """``exp(z) / sum(exp(z))`` of a vector z: numpy's ``np.exp(z) / np.sum(np.exp(z))``, d2l's
    ``\\exp(\\mathbf{o}) / \\mathbf{1}^\\top \\exp(\\mathbf{o})`` (the total of the entries, ``1ᵀ v``); or of a name
    an earlier statement defines as the exponential (cs231n's ``probs = exp_scores / np.sum(exp_scores, ...)``)."""
    scalars = [f for f in expr.args if not isinstance(f, sympy.MatrixExpr)]
    arrays = [f for f in expr.args if isinstance(f, sympy.MatrixExpr)]
    if len(scalars) == 1 and len(arrays) == 1 and exp_defined(arrays[0], ctx) and total_of(scalars[0], arrays[0]):
        return Match("softmax", roles=(("scores", arrays[0]),),
                     note=f"${ctx.latex(arrays[0])}$ is defined as the exponential of the scores above: each entry "
                     "over the total")
    if len(scalars) != 1 or len(arrays) != 1 or not entrywise_exp(arrays[0]):
        return None
    den = scalars[0]
    if _entry_total(den, arrays[0].expr):
        return Match("softmax", roles=(("scores", arrays[0].expr),),
                     note="of a vector: exp of each entry over the sum of the entries' exponentials")
    if not (isinstance(den, sympy.Pow) and den.exp == -1 and isinstance(den.base, sympy.Trace)):
        return None
    total = den.base.arg
    parts = total.args if isinstance(total, sympy.MatMul) else (total,)
    summed = [f for f in parts if not isinstance(f, sympy.OneMatrix)]
    if len(summed) != 1 or not entrywise_exp(summed[0]) or summed[0].expr != arrays[0].expr:
        return None
    return Match("softmax", roles=(("scores", arrays[0].expr),), note="of a vector: exp of each entry over the total")


def _entry_total(den: sympy.Basic, v: sympy.Basic) -> bool:
    """Is ``den`` one over ``Σ_k exp(v_k)``, the entries of the vector ``v`` summed (MML's and Kroese's
    ``\\exp(\\mathbf z) / \\sum_k \\exp(z_k)``: the vector on top, its entries below)?"""
    if not (isinstance(den, sympy.Pow) and den.exp == -1 and isinstance(den.base, Sum) and len(den.base.limits) == 1):
        return False
    body, k = den.base.function, den.base.limits[0][0]
    return (isinstance(v, sympy.MatrixSymbol) and v.shape[1] == 1 and isinstance(body, exp)
            and isinstance(body.args[0], sympy.Indexed) and body.args[0].indices == (k,)
            and str(body.args[0].base) == str(v.name))


def _index_of(u: sympy.Basic, j: sympy.Symbol) -> sympy.Basic:
    ints = sorted((s for s in u.free_symbols if s.is_integer), key=sympy.default_sort_key)
    return ints[0] if ints else j


def _lse_of(expr: sympy.Basic) -> tuple[sympy.Basic, Sum | None] | None:
    """``(summand's exponent, the Sum)`` if ``expr`` is ``log Σ_j exp(b_j)`` (or ``log(e^a + e^b + ...)``)."""
    if not isinstance(expr, log):
        return None
    inner = expr.args[0]
    if isinstance(inner, Sum) and len(inner.limits) == 1 and isinstance(inner.function, exp):
        return inner.function.args[0], inner
    if isinstance(inner, sympy.Add) and len(inner.args) >= 2 and all(isinstance(t, exp) for t in inner.args):
        return inner, None
    return None


def _lse_of_vector(expr: sympy.Basic) -> sympy.Basic | None:
    """The vector ``x`` if ``expr`` is ``log Σ exp(x)`` with no index: the log of the total of ``exp.(x)``
    (``log tr(1ᵀ exp.(x))``, code's ``torch.logsumexp(x)`` written as math)."""
    total = expr.args[0] if isinstance(expr, log) else None
    if not isinstance(total, sympy.Trace) or not isinstance(total.arg, sympy.MatMul):
        return None
    summed = [f for f in total.arg.args if not isinstance(f, sympy.OneMatrix)]
    return summed[0].expr if len(summed) == 1 and entrywise_exp(summed[0]) else None


def _logsumexp(expr: sympy.Basic, ctx: Context) -> Match | None:
    if undefined_name(expr) in ("logsumexp", "lse") and expr.args:
        return Match("logsumexp", roles=(("scores", expr.args[0]),))
    lse = _lse_of(expr)
    if lse:
        return Match("logsumexp", roles=(("scores", lse[0]),))
    if (x := _lse_of_vector(expr)) is not None:
        return Match("logsumexp", roles=(("scores", x),), note="of a vector: the log of the total of its exponentials")
    red = reduction(expr.args[0]) if isinstance(expr, log) else None
    if red and isinstance(red[1].function, exp) and mean_scale(red[0], list(red[1].limits)):
        return Match("logsumexp", roles=(("scores", red[1].function.args[0]),), name="log-mean-exp",
                     note="log of the mean of the exponentials: logsumexp minus log of the count (a smooth maximum "
                     "that tends to the mean for small scores; mellowmax divides it by the inverse temperature)")
    parts = terms(expr)
    if len(parts) == 2:
        for m, other in (parts, parts[::-1]):
            inner = _lse_of(other)
            # the stable form m + log Σ exp(b_j − m): the shift is subtracted inside the exponentials too
            if inner and inner[1] is not None and not m.has(inner[1].variables[0]) and inner[0].has(m):
                shifted = cheap_cancel(inner[0] + m)
                if shifted != inner[0]:
                    return Match(
                        "logsumexp",
                        roles=(("scores", shifted), ("shift", m)),
                        note="the max-shifted, numerically stable form",
                    )
    return None


def _log_softmax(expr: sympy.Basic, ctx: Context) -> Match | None:
    if isinstance(expr, log) and _softmax(expr.args[0], ctx) and not _softmax(expr.args[0], ctx).near_miss:
        return Match("log_softmax", roles=(("softmax", expr.args[0]),))
    if undefined_name(expr) == "logsoftmax" and expr.args:
        return Match("log_softmax", roles=(("scores", expr.args[0]),))
    if isinstance(expr, sympy.MatAdd):
        return _vector_log_softmax(expr)
    parts = terms(expr)
    if len(parts) == 2:
        for u, other in (parts, parts[::-1]):
            if other.could_extract_minus_sign():
                inner = _lse_of(-other)
                if inner and inner[1] is not None and index_rename(u, inner[0], inner[1].variables[0]):
                    return Match("log_softmax", roles=(("scores", u), ("logsumexp", -other)))
                if _named_lse_of(u, -other, ctx):
                    return Match("log_softmax", roles=(("scores", u), ("logsumexp", -other)),
                                 note="the score minus the log-sum-exp of all the scores")
    return None


def _vector_log_softmax(expr: sympy.MatAdd) -> Match | None:
    """``x − (log Σ exp(x))·1``: the vector less its log-sum-exp broadcast (the PyTorch docs' log_softmax written with
    a sum without an index)."""
    if len(expr.args) != 2:
        return None
    for x, shift in (expr.args, expr.args[::-1]):
        if not isinstance(shift, sympy.MatMul) or not isinstance(shift.args[-1], sympy.OneMatrix):
            continue
        lse = -sympy.Mul(*shift.args[:-1])
        if _lse_of_vector(lse) == x:
            return Match("log_softmax", roles=(("scores", x), ("logsumexp", lse)),
                         note="of a vector: each score minus the log-sum-exp of all the scores")
    return None


def _named_lse_of(u: sympy.Basic, call: sympy.Basic, ctx: Context) -> bool:
    """Is ``call`` a named log-sum-exp (``\\operatorname{LSE}``, ``logsumexp``) of the family ``u`` is a member of:
    the vector ``\\mathbf{x}`` of ``x_i``, or ``x_1, \\dots, x_N`` read as one argument standing for its members?"""
    if undefined_name(call) not in ("logsumexp", "lse") or len(call.args) != 1 or not isinstance(u, sympy.Indexed):
        return False
    arg, label = call.args[0], str(u.base.label)
    if isinstance(arg, sympy.MatrixSymbol):
        return arg.name == label
    listed = ctx.formula is not None and any(n.rule == "argument-sequence" for n in ctx.formula.notes)
    return listed and isinstance(arg, sympy.Symbol) and arg.name.startswith(f"{label}_") and "..." in arg.name


def _exp_of_log_softmax(expr: sympy.Basic, ctx: Context) -> Match | None:
    """``exp(x_i − LSE(x))``: the softmax computed through the log-sum-exp (the log-sum-exp trick)."""
    if not isinstance(expr, exp):
        return None
    m = _log_softmax(expr.args[0], ctx)
    if m is None or m.role("logsumexp") is None:
        return None
    return Match("softmax", roles=(("scores", m.role("scores")), ("normaliser", exp(m.role("logsumexp")))),
                 note="written as exp(score − logsumexp): the log-sum-exp trick, the stable way to compute it")


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
