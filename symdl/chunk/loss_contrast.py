"""InfoNCE (van den Oord et al. 2018; SimCLR's NT-Xent, MoCo, CLIP): ``−log(exp(s⁺/τ) / Σ_j exp(s_j/τ))``.

The negative log of one pair's exponentiated score over the sum of that anchor's scores with every candidate.  The
written forms read here: the candidates summed alone (CPC, SimCLR with ``1[k ≠ i]`` as a case or as
``1 − δ_{ik}``); MoCo's positive written beside the sum of the negatives, ``exp(q·k₊/τ) + Σ_i exp(q·k_i/τ)``; and
CLIP's symmetric loss, the mean of the two directions' terms under one sum.
"""

from __future__ import annotations

import sympy
from sympy import Piecewise, exp, log
from sympy.core.function import AppliedUndef
from sympy.matrices.expressions.matexpr import MatrixExpr

from symdl.chunk.algebra import is_number, numer_denom, reduction, terms
from symdl.chunk.lossalg import unreduce
from symdl.chunk.registry import Context, Match


def _pair_score(u: sympy.Basic, v: sympy.Basic, j: sympy.Symbol) -> bool:
    """``u`` scores a fixed anchor against a positive and ``v`` against the ``j``-th candidate."""
    if not v.has(j):
        return False
    for node in sympy.preorder_traversal(v):
        if isinstance(node, AppliedUndef) and len(node.args) == 2:
            if sum(a.has(j) for a in node.args) == 1:
                return True
        if isinstance(node, sympy.Mul) and not isinstance(node, MatrixExpr):
            data = [f for f in node.args if not is_number(f) and not (f.is_Pow and f.exp == -1)]
            if len(data) == 2 and sum(f.has(j) for f in data) == 1:  # q·k_j; not ArcFace's s·cos θ_j (a class's
                return not any(f.has(j) and isinstance(f, sympy.Function) for f in data)  # logit, no pair)
        if isinstance(node, sympy.Trace) and node.arg.has(j):
            return True
    return False


def _candidates(den: sympy.Basic, num: sympy.Basic) -> sympy.Sum | None:
    """The sum over the candidates in a denominator: ``k Σ_j …`` alone, or beside the numerator itself (MoCo's
    ``exp(q·k₊/τ) + Σ_i exp(q·k_i/τ)``: the positive, then the negatives)."""
    red = reduction(den)
    if red is not None:
        return red[1]
    parts = terms(den)
    sums = [t for t in parts if isinstance(t, sympy.Sum)]
    if len(parts) == 2 and len(sums) == 1 and num in parts:
        return sums[0]
    return None


def _excluded(summand: sympy.Basic) -> sympy.Basic:
    """The summand without NT-Xent's exclusion of the anchor itself: the case ``1[k ≠ i]`` or the factor
    ``1 − δ_{ik}``."""
    if isinstance(summand, Piecewise):
        return summand.args[0].expr
    if isinstance(summand, sympy.Mul):
        keep = [
            f
            for f in summand.args
            if not (
                isinstance(f, sympy.Add)
                and f.as_coeff_Add()[0] == 1
                and isinstance(-f.as_coeff_Add()[1], sympy.KroneckerDelta)
            )
        ]
        return sympy.Mul(*keep) if len(keep) == len(summand.args) - 1 else summand
    return summand


def _one(lg: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic, sympy.Basic, sympy.Basic] | None:
    """``(positive score, normaliser, candidate score, candidate index)`` of one ``log(num/den)`` InfoNCE term."""
    num, den = numer_denom(lg.args[0])
    s = _candidates(den, num)
    if s is None:
        return None
    j = s.limits[0][0]
    summand = _excluded(s.function)
    if isinstance(num, exp) and isinstance(summand, exp):
        u, v = num.args[0], summand.args[0]
    elif isinstance(num, AppliedUndef) and isinstance(summand, AppliedUndef) and num.func == summand.func:
        u, v = num, summand  # CPC's f_k(x_{t+k}, c_t) / Σ_{x_j ∈ X} f_k(x_j, c_t): a positive score itself
    else:
        return None
    return (u, den, v, j) if _pair_score(u, v, j) else None


def infonce(expr: sympy.Basic, ctx: Context) -> Match | None:
    """InfoNCE in any of the module's forms: the roles positive score and normaliser, the temperature if any."""
    k, _limits, body, _how = unreduce(expr)  # CPC's −E_X[log ...] too
    c, lg = (k * body).as_coeff_Mul()
    if isinstance(body, sympy.Add):  # CLIP's −1/(2N) Σ_i [log … + log …]: the two directions, one scale
        c, lg = k.as_coeff_Mul()[0], body
    logs = [lg] if isinstance(lg, log) else list(lg.args) if isinstance(lg, sympy.Add) else []
    if not (c.is_negative and logs and all(isinstance(t, log) for t in logs)):
        return None
    found = [_one(t) for t in logs]
    if any(f is None for f in found) or len(found) > 2:
        return None
    u, den, v, j = found[0]
    tau = [f.base for f in sympy.Mul.make_args(v) if f.is_Pow and f.exp == -1 and not f.base.has(j)]
    note = "−log-softmax of the positive pair's similarity among the candidates"
    note += ", averaged over both directions (image to text and text to image)" if len(found) == 2 else ""
    params: tuple = ()
    if tau:
        note += f", temperature {ctx.latex(tau[0])}"
        params = (("temperature", tau[0]),)
    return Match(
        "infonce", roles=(("positive score", u), ("normaliser", den)), params=params, note=note, also=("log_softmax",)
    )
