"""Attention written for one query as a sum over the positions (Goodfellow-style and d2l's index notation):
``\\sum_t \\frac{\\exp(q^\\top k_t/\\sqrt{d})}{\\sum_u \\exp(q^\\top k_u/\\sqrt{d})} v_t``: the softmax of the scaled
dot products of the query with every key, weighting the values."""

from __future__ import annotations

import sympy
from sympy import Sum, exp

from symdl.chunk.algebra import factors
from symdl.chunk.linalg_parts import pair_sum
from symdl.chunk.lossforms import softmax_quotient
from symdl.chunk.registry import Context, Match


def _dot_with(score: sympy.Basic, t: sympy.Symbol) -> tuple[sympy.Basic, sympy.Basic, sympy.Basic] | None:
    """``(scale, query, key entry)`` when ``score`` is ``c · Σ_j q_j k_{t,j}``: a dot product of a query free of
    the position ``t`` with the key at ``t``."""
    got = pair_sum(score)
    if got is None:
        return None
    coef, a, b, _ = got
    moving = [f for f in (a, b) if f.has(t)]
    if len(moving) != 1 or coef.has(t) or not all(isinstance(f, sympy.Indexed) for f in (a, b)):
        return None
    fixed = b if moving[0] is a else a
    return coef, fixed.base, moving[0]


def _weights_above(expr: Sum, ctx: Context) -> Match | None:
    """cs224n's two lines ``α_{ij} = exp(q_iᵀk_j)/Σ_{j'} exp(q_iᵀk_{j'})``, ``o_i = Σ_j α_{ij} v_j``: the weights were
    computed above as a softmax over the keys of the query's dot products, and weight the values here."""
    got = pair_sum(expr)
    if got is None or got[0] != 1:
        return None
    t = got[3]
    for w, v in (got[1:3], got[2:0:-1]):
        fact = ctx.facts.get(w) or (ctx.facts.get(w.base) if isinstance(w, sympy.Indexed) else None)
        scores = fact.role("scores") if fact is not None and fact.concept == "softmax" else None
        dot = _dot_with(scores, t) if scores is not None and isinstance(w, sympy.Indexed) and t in w.indices else None
        if dot is not None and not v.has(*[i for i in w.indices if i != t]):
            note = (
                f"the weights ${ctx.latex(w)}$ computed above are one query's softmax over the keys of its dot "
                "products with them"
                + (f", scaled by ${ctx.latex(dot[0])}$" if dot[0] != 1 else " (unscaled)")
                + f"; they average the values ${ctx.latex(v)}$"
            )
            return Match(
                "scaled_dot_product_attention",
                roles=(("keys", dot[2]), ("values", v), ("weights", w)),
                params=(("scale", dot[0]),) if dot[0] != 1 else (),
                note=note,
                also=("weighted_average",),
            )
    return None


def attention_sum(expr: sympy.Basic, ctx: Context) -> Match | None:
    """Scaled dot-product attention of one query written as ``Σ_t softmax_t(q·k_t/√d) v_t``, else None."""
    if not isinstance(expr, Sum) or len(expr.limits) != 1:
        return None
    if (m := _weights_above(expr, ctx)) is not None:
        return m
    t = expr.limits[0][0]
    fs = factors(expr.function)
    nums = [f for f in fs if isinstance(f, exp) and f.has(t)]
    dens = [f for f in fs if isinstance(f, sympy.Pow) and f.exp == -1 and isinstance(f.base, Sum)]
    rest = [f for f in fs if f not in nums and f not in dens]
    if len(nums) != 1 or len(dens) != 1 or len(rest) != 1 or not rest[0].has(t):
        return None
    if softmax_quotient(nums[0] * dens[0]) is None:
        return None  # a softmax over the positions: the total sums the same exponentials, the position renamed
    got = _dot_with(nums[0].args[0], t)
    if got is None:
        return None
    scale, key = got[0], got[2]
    note = "one query's softmax weights over the positions, from its dot products with the keys"
    note += f", scaled by ${ctx.latex(scale)}$" if scale != 1 else " (unscaled)"
    return Match(
        "scaled_dot_product_attention",
        roles=(("keys", key), ("values", rest[0])),
        params=(("scale", scale),) if scale != 1 else (),
        note=note,
        also=("softmax", "weighted_average"),
    )
