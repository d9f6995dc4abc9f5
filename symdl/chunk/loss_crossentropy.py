"""The cross-entropy recognisers: binary cross-entropy (its logistic, logit and per-element forms) and the
categorical cross-entropy ``−Σ_k y_k log p_k`` (also in its surprisal form ``Σ q log(1/p)``, and as a named call).

Both read the body of a reduction as a linear combination of logs (:func:`_log_terms`) and say how it is reduced
(:func:`_reduction_note`); their records are in :mod:`symdl.chunk.concepts_loss`.
"""

from __future__ import annotations

import sympy
from sympy import log
from sympy.core.function import AppliedUndef

from symdl.chunk.algebra import cheap_cancel, equivalent, is_number, terms
from symdl.chunk.lossalg import unreduce
from symdl.chunk.lossdocs import bce_cases, bce_with_logits, two_argument_entropy
from symdl.chunk.lossforms import bce_logistic, softmax_ce_logits
from symdl.chunk.marginloss import margin_ce, positive_weighted
from symdl.chunk.reductions import _over, mean_scale, strip_reductions
from symdl.chunk.registry import Context, Match
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
