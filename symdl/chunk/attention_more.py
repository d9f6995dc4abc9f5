"""More of attention: multi-head heads, additive (Bahdanau) scores, sinusoidal positions and rotary embeddings.

* multi_head_attention (Vaswani et al. 2017): one head ``softmax(Q W_i^Q (K W_i^K)^T / √d_k) V W_i^V``, or a call
  ``Attention(Q W_i^Q, K W_i^K, V W_i^V)`` whose arguments are per-head projections; ``MultiHead(Q, K, V)`` by name.
* additive_attention (Bahdanau et al. 2015, d2l 11.3): ``v^T tanh(W q + U k)``: a one-hidden-layer score of two
  different inputs.
* positional_encoding (Vaswani et al. 2017, d2l 11.6): ``sin(pos / B^{2i/d})`` / ``cos(...)``: a position times a
  geometric frequency ``B^{-2i/d}`` (B a number > 1, the exponent an index over a dimension).
* rotary_embedding (Su et al. 2021): the pair ``(x_1, x_2)`` rotated by the angle ``m θ_i`` (a position times a
  frequency), as a 2 × 2 rotation matrix times the pair, or written out ``x_1 cos(mθ) − x_2 sin(mθ)``.
"""

from __future__ import annotations

import re

import sympy
from sympy import MatMul, Transpose
from sympy.core.function import AppliedUndef
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction

from symdl.chunk.algebra import is_number, terms
from symdl.chunk.registry import Concept, Context, Match
from symdl.functions import RowSoftmax


def _projected(m: sympy.Basic) -> bool:
    """A projection ``X W`` (a matrix times a weight matrix), the input of one head."""
    return isinstance(m, MatMul) and sum(1 for a in m.args if getattr(a, "is_Matrix", False)) >= 2


#: the letters that say which projection a weight is (W^Q, W_K, W^V, W^O), not which head
_ROLE_MARKS = frozenset("QKVOqkvo")


def _of_a_head(expr: sympy.Basic, ctx: Context) -> bool:
    """Is the attention one of several heads: its weights carry an index beside their role (Vaswani's ``W_i^Q``,
    ``W^{(h)}_K``), or the statement defines a ``head``?  ``softmax(X W_Q (X W_K)^T/√d) X W_V`` alone is one
    attention with projections: scaled dot-product attention, not multi-head."""
    st = ctx.statement
    if st is not None and st.target is not None and ctx.head(st.target) == "head":
        return True
    for w in expr.atoms(sympy.MatrixSymbol):
        marks = re.findall(r"[_^]\{?\(?([A-Za-z0-9]+)", w.name)
        if any(m not in _ROLE_MARKS for m in marks) and any(m in _ROLE_MARKS for m in marks):
            return True
    return False


def _head(expr: sympy.Basic, ctx: Context) -> Match | None:
    got = _projected_attention(expr)
    if got is None:
        return None
    roles = tuple(zip(("queries", "keys", "values", "weights"), got, strict=False))
    if not _of_a_head(expr, ctx):
        note = "scaled dot-product attention on learned projections of the queries, keys and values (one attention)"
        return Match("scaled_dot_product_attention", roles=roles, note=note,
                     name="scaled dot-product attention (projected)")
    note = "one head of multi-head attention: scaled dot-product attention on this head's projections"
    return Match("multi_head_attention", roles=roles, note=note, name="attention head",
                 also=("scaled_dot_product_attention",))


def _projected_attention(expr: sympy.Basic) -> tuple[sympy.Basic, ...] | None:
    """``(queries, keys, values[, weights])`` of an attention on projections: ``Attention(Q W^Q, K W^K, V W^V)`` or
    ``softmax(Q W^Q (K W^K)^T / √d_k) V W^V``; None for anything else."""
    if isinstance(expr, AppliedUndef):
        return tuple(expr.args) if len(expr.args) == 3 and all(_projected(a) for a in expr.args) else None
    if not isinstance(expr, MatMul):
        return None
    mats = [a for a in expr.args if getattr(a, "is_Matrix", False)]
    if len(mats) < 3 or not isinstance(mats[0], RowSoftmax):
        return None
    score = mats[0].arg
    smats = [a for a in score.args if getattr(a, "is_Matrix", False)] if isinstance(score, MatMul) else []
    if len(smats) < 2 or not isinstance(smats[-1], Transpose):
        return None
    queries = MatMul(*smats[:-1])
    keys, values = smats[-1].arg, MatMul(*mats[1:])
    return (queries, keys, values, mats[0]) if _projected(queries) or _projected(keys) else None


def _additive(expr: sympy.Basic, ctx: Context) -> Match | None:
    if not isinstance(expr, MatMul) or len(expr.args) != 2 or not isinstance(expr.args[0], Transpose):
        return None
    inner = expr.args[1]
    if not isinstance(inner, ElementwiseApplyFunction) or not isinstance(inner.function.expr, sympy.tanh):
        return None
    weighted = [t for t in terms(inner.expr) if isinstance(t, MatMul)]
    inputs = {t.args[-1] for t in weighted}
    concat = [t for t in weighted if _stacked(t.args[-1])]
    if len(inputs) < 2 and not concat:
        return None
    lx = ctx.latex
    note = (f"scores the pair by a one-hidden-layer network: ${lx(expr.args[0].arg)}$ reads "
            f"$\\tanh$ of the summed projections of {', '.join(f'${lx(v)}$' for v in sorted(inputs, key=str))}")
    return Match("additive_attention", roles=(("score vector", expr.args[0].arg), ("hidden", inner.expr)),
                 note=note, also=("tanh",))


def _stacked(m: sympy.Basic) -> bool:
    """A concatenation of inputs: a block column ``[h; s]`` of vectors, or an explicit column ``[h_t; h̄_s]`` of two
    or more entries (Luong et al.'s concat score ``v_a^T tanh(W_a [h_t; h̄_s])``)."""
    if type(m).__name__ == "BlockMatrix":
        return True
    return isinstance(m, sympy.MatrixBase) and m.shape[1] == 1 and m.shape[0] >= 2 and len(set(m)) == m.shape[0]


def _frequency(arg: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic] | None:
    """``(position, B)`` of ``pos · B^{-c·i/d}``: a geometric frequency with a number base B > 1."""
    if not isinstance(arg, sympy.Mul):
        return None
    pows = [f for f in arg.args if isinstance(f, sympy.Pow) and is_number(f.base) and f.base > 1
            and not f.exp.is_number and f.exp.could_extract_minus_sign()]
    if len(pows) != 1:
        return None
    exp = -pows[0].exp
    num, den = sympy.fraction(sympy.together(exp))
    if not num.free_symbols or not den.free_symbols:
        return None
    pos = sympy.Mul(*[f for f in arg.args if f is not pows[0] and not is_number(f)])
    return (pos, pows[0].base) if pos != 1 else None


def _positional(expr: sympy.Basic, ctx: Context) -> Match | None:
    if not isinstance(expr, (sympy.sin, sympy.cos)):
        return None
    got = _frequency(expr.args[0])
    if got is None:
        return None
    pos, base = got
    which = "sine (even dimensions)" if isinstance(expr, sympy.sin) else "cosine (odd dimensions)"
    note = (f"the {which} of the position ${ctx.latex(pos)}$ at a wavelength that grows geometrically with the "
            f"dimension (base {base})")
    return Match("positional_encoding", roles=(("position", pos),), params=(("base", base),), note=note)


def _angle(c: sympy.Basic, s: sympy.Basic) -> sympy.Basic | None:
    if isinstance(c, sympy.cos) and isinstance(s, sympy.sin) and c.args == s.args:
        a = c.args[0]
        if isinstance(a, sympy.Mul) and sum(1 for f in a.args if not is_number(f)) >= 2:
            return a
    return None


def _rotary(expr: sympy.Basic, ctx: Context) -> Match | None:
    if isinstance(expr, MatMul) and len(expr.args) >= 2 and isinstance(expr.args[0], sympy.MatrixBase):
        r = expr.args[0]  # R x, or R W x: the rotation applied to the projected pair (Su et al. eq. 13)
        if r.shape == (2, 2) and r[0, 1] == -r[1, 0] and r[0, 0] == r[1, 1]:
            angle = _angle(r[0, 0], r[1, 0])
            if angle is not None:
                return _rope_match(MatMul(*expr.args[1:]), angle, ctx)
        return None
    parts = terms(expr)
    if isinstance(expr, sympy.Add) and len(parts) == 2:
        trig = [(t, f) for t in parts for f in sympy.Mul.make_args(t) if isinstance(f, (sympy.sin, sympy.cos))]
        cs = [f for _, f in trig if isinstance(f, sympy.cos)]
        sn = [f for _, f in trig if isinstance(f, sympy.sin)]
        if len(trig) == 2 and len(cs) == 1 and len(sn) == 1:
            angle = _angle(cs[0], sn[0])
            if angle is not None and all(len(sympy.Mul.make_args(t)) >= 2 for t in parts):
                return _rope_match(expr, angle, ctx)
    return None


def _rope_match(pair: sympy.Basic, angle: sympy.Basic, ctx: Context) -> Match:
    note = (f"rotates the pair ${ctx.latex(pair)}$ by the angle ${ctx.latex(angle)}$ (position times frequency), "
            "so a query-key dot product depends only on their relative position")
    return Match("rotary_embedding", roles=(("pair", pair),), params=(("angle", angle),), note=note)


EXTRA: tuple[Concept, ...] = (
    Concept(
        "multi_head_attention", "multi-head attention",
        "runs several attentions on learned projections and concatenates them",
        "head_i = Attention(Q W_i^Q, K W_i^K, V W_i^V); MultiHead(Q, K, V) = Concat(head_1, …, head_h) W^O. "
        "Each head projects queries, keys and values into its own smaller subspace, so different heads can "
        "attend to different relations; the outputs are concatenated and mixed by W^O.",
        ("queries", "keys", "values"), ("scaled_dot_product_attention", "concatenation"), "attention", _head,
        heads=(MatMul, AppliedUndef), names=("multihead", "multiheadattention", "mha", "msa", "multiheadselfattention"),
    ),
    Concept(
        "additive_attention", "additive (Bahdanau) attention", "scores a query against a key with a small tanh network",
        "a(q, k) = w_vᵀ tanh(W_q q + W_k k): query and key are projected into a common hidden space, added, "
        "squashed by tanh and reduced to one score by w_v. It works when queries and keys have different "
        "sizes; a softmax of the scores gives the attention weights.",
        ("score vector", "hidden"), ("scaled_dot_product_attention", "tanh", "softmax"), "attention", _additive,
        heads=(MatMul,), names=("additiveattention",),
    ),
    Concept(
        "positional_encoding", "sinusoidal positional encoding",
        "encodes a position as sines and cosines of many frequencies",
        "PE(pos, 2i) = sin(pos / 10000^{2i/d}), PE(pos, 2i+1) = cos(pos / 10000^{2i/d}): each pair of dimensions "
        "oscillates at its own frequency, from fast to very slow, so every position gets a distinct pattern and "
        "a shift by k is a fixed rotation of each pair, which lets attention use relative positions.",
        ("position",), ("rotary_embedding", "multi_head_attention"), "attention", _positional,
        heads=(sympy.sin, sympy.cos), names=("positionalencoding",),
    ),
    Concept(
        "rotary_embedding", "rotary position embedding (RoPE)",
        "rotates each pair of query/key entries by a position-dependent angle",
        "RoPE (Su et al. 2021) rotates the pair (x_{2i−1}, x_{2i}) by the angle m θ_i, position m times the "
        "pair's frequency θ_i = 10000^{−2(i−1)/d}. Rotating both query and key makes their dot product depend "
        "only on the difference of their positions.",
        ("pair",), ("positional_encoding", "scaled_dot_product_attention"), "attention", _rotary,
        heads=(MatMul, sympy.Add), names=("rope", "rotary", "rotaryembedding"),
    ),
)
