"""Attention: the row-wise softmax of query-key scores weighting the values (Vaswani et al. 2017).

``\\mathrm{softmax}(QK^T/\\sqrt{d_k})V`` is read with a row-wise softmax (:class:`symdl.functions.RowSoftmax`);
each row of the softmax is one query's weights over the keys, and the product with V averages the values.
"""

from __future__ import annotations

import re

import sympy
from sympy import MatMul, Transpose

from symdl.chunk.algebra import is_number
from symdl.chunk.attention_more import EXTRA
from symdl.chunk.attention_sum import attention_sum
from symdl.chunk.registry import Concept, Context, Match
from symdl.functions import RowSoftmax


def _masked(arg: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic | None]:
    """``(scores, mask)`` of ``c · Q K^T + M`` (a causal mask or an additive position bias added to the scores);
    ``(arg, None)`` when nothing is added."""
    if type(arg).__name__ == "MatAdd" and len(arg.args) == 2:
        for s, m in (arg.args, arg.args[::-1]):
            if _scores(s) is not None and isinstance(m, sympy.MatrixSymbol):
                return s, m
    return arg, None


def _scores(arg: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic, sympy.Basic] | None:
    """``(queries, keys, scale)`` when ``arg`` is ``c · Q K^T`` (c a number or symbolic scale, e.g. 1/√d_k)."""
    if type(arg).__name__ != "MatMul":
        return None
    scale = [a for a in arg.args if not getattr(a, "is_Matrix", False)]
    mats = [a for a in arg.args if getattr(a, "is_Matrix", False)]
    if len(mats) != 2 or not isinstance(mats[1], Transpose):
        return None
    return mats[0], mats[1].arg, sympy.Mul(*scale)


def _root_scale(scale: sympy.Basic) -> bool:
    """Is ``scale`` one over a square root (``1/\\sqrt{d_k}``, ``d^{-1/2}``): attention's temperature?"""
    return any(isinstance(f, sympy.Pow) and f.exp == -sympy.Rational(1, 2) for f in sympy.Mul.make_args(scale))


def _named_scale(scores: tuple, ctx: Context) -> bool:
    """PyTorch's scaled_dot_product_attention reference code: ``query @ key.transpose(-2, -1) * scale_factor``, a
    scale named so (the 1/√d it was set to) between queries and keys named so."""
    names = " ".join(ctx.spelling(x).lower() for x in (*scores[:2], *sympy.Mul.make_args(scores[2])))
    return bool(re.search(r"scale", names)) and bool(re.search(r"quer|\\bq\\b|^q", names)) and "key" in names


def _earlier(m: sympy.Basic, ctx: Context) -> sympy.Basic:
    """The right side an earlier statement assigned to the matrix name ``m`` (on a line of its own), else ``m``."""
    if not isinstance(m, sympy.MatrixSymbol) or ctx.formula is None:
        return m
    for st in ctx.formula.statements:
        if st is ctx.statement:
            break
        if st.target == m and st.kind == "assignment" and not st.relation:
            return st.rhs
    return m


def _attention(expr: sympy.Basic, ctx: Context) -> Match | None:
    if isinstance(expr, sympy.Sum):  # Σ_t softmax_t(q·k_t/√d) v_t, one query in index notation
        return attention_sum(expr, ctx)
    if type(expr).__name__ != "MatMul":
        return None
    if (scores := _scores(expr)) is not None and (_root_scale(scores[2]) or _named_scale(scores, ctx)):
        # nanoGPT's q @ k.transpose(-2, -1) / √d; PyTorch's query @ key.transpose(-2, -1) * scale_factor
        return Match("scaled_dot_product_attention", roles=(("queries", scores[0]), ("keys", scores[1])),
                     params=(("scale", scores[2]),), name="attention scores (scaled query-key dot products)",
                     note=f"each query's dot product with every key, scaled by ${ctx.latex(scores[2])}$: the scores "
                     "a row-wise softmax turns into attention weights")
    mats = [a for a in expr.args if getattr(a, "is_Matrix", False)]
    weights = _earlier(mats[0], ctx) if mats else None  # HF's attn_weights = softmax(QKᵀ/√d + M), out = attn_weights V
    if len(mats) != 2 or not isinstance(weights, RowSoftmax):
        return None
    score, mask = _masked(_earlier(weights.arg, ctx))  # scores = QKᵀ/√d_k, p = softmax(scores)
    got = _scores(score)
    if got is None:
        return None
    queries, keys, scale = got
    # the row-wise softmax is a block of its own (the attention weights), chunked inside this one
    roles = (("queries", queries), ("keys", keys), ("values", mats[1]), ("weights", mats[0]))
    roles += (("mask", mask),) if mask is not None else ()
    masked = f"; the mask ${ctx.latex(mask)}$ is added to the scores before the softmax" if mask is not None else ""
    if scale == 1:
        return Match("scaled_dot_product_attention", roles=roles, name="dot-product attention (unscaled)",
                     note=masked.lstrip("; "))
    params = (("scale", scale),)
    note = ("" if is_number(scale) else "scaled by " + ctx.latex(scale)) + masked
    note = note.lstrip("; ")
    return Match("scaled_dot_product_attention", roles=roles, params=params, note=note)


CONCEPTS: tuple[Concept, ...] = (
    Concept(
        "scaled_dot_product_attention",
        "scaled dot-product attention",
        "each query takes a weighted average of the values, weighted by how well it matches each key",
        "softmax(QKᵀ/√d_k) V: row i of QKᵀ scores query i against every key; the row-wise softmax turns the "
        "scores into weights that sum to 1; multiplying by V averages the value rows with those weights. "
        "Dividing by √d_k keeps the scores' variance near 1 so the softmax does not saturate.",
        ("queries", "keys", "values", "weights"),
        ("softmax", "dot_product", "weighted_average"),
        "attention",
        _attention,
        heads=(MatMul, sympy.Sum),
        names=("attention", "scaleddotproductattention"),
    ),
    *EXTRA,
)
