"""The softmax family's recognisers: softmax, log-softmax and log-sum-exp (their records are in concepts_sum).

Sums are recognised whatever their bounds (``Sum(., (j, 1, N_z))`` from an
unbounded ``\\sum_j`` or explicit ``\\sum_{j=1}^K``) and whatever the index
names: the summand is compared with the outside term after renaming the
summation index.
"""

from __future__ import annotations

import sympy
from sympy import Sum, exp, log

from symdl.chunk.algebra import cheap_cancel, index_rename, numer_denom, reduction, terms
from symdl.chunk.reductions import mean_scale
from symdl.chunk.registry import Context, Match, undefined_name
from symdl.chunk.softmax_names import entrywise_exp, exp_defined, total_of
from symdl.functions import RowSoftmax, VectorSoftmax, softmax


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
    listed = ctx.noted("argument-sequence")
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
