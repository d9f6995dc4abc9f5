"""The two divisions of adaptive optimisers: bias correction and root-mean-square scaling.

Bias correction divides by ``1 − β^t``, undoing an EMA's pull towards its zero start (Adam's ``m̂ = m/(1 − β₁^t)``);
root-mean-square scaling divides by the root of a mean square (``x/(√s + ε)``, RMSProp's and Adam's denominator).
:func:`rms_parts` reads such a quotient, for the recogniser here and for the relations between statements.
"""

from __future__ import annotations

import re

import sympy

from symdl.chunk.algebra import difference, factors, is_one, numer_denom, sqrt_arg, terms
from symdl.chunk.concepts_stats import centred_by_mean
from symdl.chunk.optim_adam import adam_correction
from symdl.chunk.optim_shapes import hadamard_ratio, is_square_norm, named_root
from symdl.chunk.optim_update import describe_input
from symdl.chunk.registry import Context, Match
from symdl.untrusted import refuse_text


def _bias_correction(expr: sympy.Basic, ctx: Context) -> Match | None:
    num, den = numer_denom(expr)
    if isinstance(expr, sympy.MatMul):  # bold v_t / (1 − β₁^t): the scalar factors carry the denominator
        mats = [f for f in expr.args if isinstance(f, sympy.MatrixExpr)]
        num, den = numer_denom(sympy.Mul(*(f for f in expr.args if not isinstance(f, sympy.MatrixExpr))))
        num = sympy.MatMul(num, *mats) if num != 1 else (mats[0] if len(mats) == 1 else sympy.MatMul(*mats))
    fs = factors(den)
    corr = [f for f in fs if (d := difference(f)) is not None and is_one(d[0]) and isinstance(d[1], sympy.Pow)]
    if len(corr) != 1:
        return None
    others = sympy.Mul(*(f for f in fs if f is not corr[0]))  # AdaMax's (α/(1 − β₁^t))·m_t/u_t: u_t stays below
    if not is_one(others):
        num = sympy.MatMul(1 / others, num) if isinstance(num, sympy.MatrixExpr) else num / others
    diff = difference(corr[0])
    decay, t = diff[1].base, diff[1].exp
    if t.is_number or (decay.is_number and not 0 < float(decay) < 1):
        return None
    if num.has(diff[1]) or num.is_number:
        return None  # RAdam's ρ_∞ − 2tβ^t/(1 − β^t): the decay's power itself over the correction, no estimate
    also, adam = adam_correction(decay, ctx)
    return Match(
        "bias_correction",
        roles=(("estimate", num), ("decay", decay), ("step", t)),
        note=f"divides by $1 - {ctx.latex(decay)}^{{{ctx.latex(t)}}}$, undoing the EMA's pull towards its zero "
        f"start{adam}",
        also=also,
    )


def rms_parts(expr: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic, sympy.Basic] | None:
    """``(numerator, s, epsilon)`` if ``expr`` is ``x/(√s + ε)``, ``x/√(s + ε)`` or ``x/√s``."""
    refuse_text(expr, "the expression")
    num, den = hadamard_ratio(expr) or numer_denom(expr)
    if num == 1 or any(difference(f) is not None for f in sympy.Mul.make_args(num)) or centred_by_mean(num):
        return None
    eps: sympy.Basic = sympy.Integer(0)
    s = sqrt_arg(den)
    if s is None:
        parts = terms(den)
        roots = [t for t in parts if sqrt_arg(t) is not None]
        if len(parts) != 2 or len(roots) != 1:
            return None
        s, eps = sqrt_arg(roots[0]), next(t for t in parts if t is not roots[0])
    if s.is_number or centred_by_mean(s):  # γ/√(mean((x − μ)²) + ε): a standard deviation, not a root mean square
        return None
    return num, s, eps


def _with_epsilon(s: sympy.Basic) -> bool:
    """Is ``s`` a sum with a guard against division by zero: a small ε (``\\epsilon``, ``\\delta``, ``10^{-8}``) added
    (AdaDelta's RMS[g]_t = √(E[g²]_t + ε))?  η₀/√(t + 1) adds a step count's 1: no guard."""
    parts = [_unbroadcast(t) for t in terms(s)]  # \sqrt{\mathbf{s}_t + \epsilon}: ε broadcast over the vector
    small = [t for t in parts if (t.is_Symbol and re.match(r"(?:var)?(?:epsilon|eps|delta)", t.name))
             or (t.is_number and t.is_positive and t < sympy.Rational(1, 1000))]
    return len(parts) > 1 and len(small) == 1


def _unbroadcast(t: sympy.Basic) -> sympy.Basic:
    """``t`` without a ones matrix it is broadcast by (``\\epsilon \\mathbf{1}``: ε)."""
    if isinstance(t, sympy.MatMul) and any(isinstance(f, sympy.OneMatrix) for f in t.args):
        rest = [f for f in t.args if not isinstance(f, sympy.OneMatrix)]
        return sympy.Mul(*rest) if all(not isinstance(f, sympy.MatrixExpr) for f in rest) else t
    return t


def _rms_normalization(expr: sympy.Basic, ctx: Context) -> Match | None:
    parts = rms_parts(expr) or ((named := named_root(expr, ctx)) is not None and rms_parts(named)) or None
    if parts is None:
        return None
    num, s, eps = parts
    if any(isinstance(f, sympy.Pow) and f.exp == sympy.Rational(1, 2) and isinstance(f.base, sympy.Add)
           for f in sympy.preorder_traversal(num)):
        return None  # AdaDelta's √(u_{t-1} + ε)/√(v_t + ε) g_t: a ratio of two roots, a unit correction, no RMS scale
    if is_square_norm(s) or any(is_square_norm(_unbroadcast(t)) for t in terms(s)) or s.has(sympy.Determinant):
        return None  # x / ||x||: an L2 normalisation (or a clip by the norm); a Gaussian's √|Σ|: not a mean square
    fact = next((f for t in terms(s) if (f := ctx.facts.get(t)) is not None), None)
    if fact is not None and fact.concept == "running_sum":
        return None  # Adagrad's √(G + ε): the root of a total that only grows, not of a mean square
    if any(isinstance(t, sympy.Symbol) and re.search(r"sum|norm", ctx.spelling(t)) for t in terms(s)):
        return None  # PyTorch's Adagrad \sqrt{state\_sum_t} + \epsilon: a running sum by its name, no mean; a
        # capsule's s / sqrt(squared_norm + 1e-8): a vector's length by its name, no mean square
    squared = {p.base for p in sympy.preorder_traversal(s) if isinstance(p, sympy.Pow) and p.exp == 2}
    squares = s.has(sympy.Sum) or len(squared) == 1  # EDM's σ_data / √(σ_data² + t²): squares of two numbers, no RMS
    if (eps == 0 and not _with_epsilon(s) and fact is None and not squares) or num.is_number:
        return None  # q·k/√d, η₀/√(t + 1): a root of no known mean square, with no ε, is a scale, not an RMS;
        # He's gain √(2/(1 + a²)): a number over a root normalises nothing
    known = ""
    if fact is not None and fact.concept in ("ema", "momentum", "running_sum"):
        inner = fact.role("new value") or fact.role("increment")
        known = f" ${ctx.latex(s)}$ is a running average of {describe_input(inner, ctx)}" if inner is not None else ""
    roles = (("numerator", num), ("mean square", s)) + ((("epsilon", eps),) if eps != 0 else ())
    return Match(
        "rms_normalization",
        roles=roles,
        note=f"divides by the root of ${ctx.latex(s)}$ (a root-mean-square scale);" + known,
    )
