"""What the statistics of a standardisation run over: the examples of a mini-batch or the features of one example.

Read off how the mean is defined or spelled (Ioffe & Szegedy's ``μ_B``, cs231n's column mean ``1/N Σ_i x_{ij}``,
Ba et al.'s ``μ^l = 1/H Σ_i a_i^l``, Ng's mean over the examples ``1/m Σ_i z^{(i)}``); used by
:mod:`symdl.chunk.concepts_normlayers` and :mod:`symdl.chunk.relations_norm`.
"""

from __future__ import annotations

import re

import sympy

from symdl.chunk.concepts_stats import last_axis_mean
from symdl.chunk.reductions import mean_scale, strip_reductions
from symdl.chunk.registry import Context


def definition(ctx: Context, target: sympy.Basic) -> sympy.Basic | None:
    """The right side of the earlier statement assigning ``target`` (``μ_B = ...``)."""
    if ctx.formula is None:
        return None
    for st in ctx.formula.statements:
        if st.target == target or st.lhs == target:
            return st.rhs
    return None


def spelled_batch(ctx: Context, mu: sympy.Basic) -> bool:
    """Is the mean written as a batch statistic (``μ_B``, ``μ_{\\mathcal{B}}``)?"""
    spelled = ctx.spelling(mu if not isinstance(mu, sympy.Indexed) else mu.base)
    return bool(re.search(r"_\s*\{?\s*(\\mathcal\s*\{?\s*)?B\b", spelled))


def statistics_over(ctx: Context, mu: sympy.Basic, x: sympy.Basic) -> str | None:
    """``'batch'``, ``'layer'`` or ``'group'`` when the mean ``mu`` says what it runs over, else None."""
    mean = definition(ctx, mu) if isinstance(mu, (sympy.Symbol, sympy.Indexed)) else mu
    if mean is None:
        return None
    if last_axis_mean(ctx, mean, x):  # x − mean(x, -1): over the last axis, the features
        return "layer"
    k, limits, body = strip_reductions(mean)
    if not limits or not mean_scale(k, limits) or not isinstance(body, sympy.Indexed):
        return None
    if isinstance(x, sympy.Indexed) and x.base != body.base:
        return None
    summed = {lim[0] for lim in limits}
    idx = body.indices
    if len(idx) >= 3 and summed == set(idx[-2:]) and not summed & set(idx[:-2]):
        return "group"  # Ulyanov et al.'s μ_{ti} = 1/(HW) Σ_l Σ_m x_{tilm}: per channel, over one map's positions only
    if len(idx) >= 2 and len(summed) == 1:
        if idx[0] in summed and idx[-1] not in summed:
            return "batch"
        if idx[-1] in summed and idx[0] not in summed:
            return "layer"
        return None
    if spelled_batch(ctx, mu) or _over_examples(ctx, body, summed):
        return "batch"
    spelled = ctx.spelling(mu if not isinstance(mu, sympy.Indexed) else mu.base)
    step = re.search(r"\^\((.+)\)$", str(getattr(mu, "name", "")))
    if step and str(body.base.label).endswith(f"^({step.group(1)})"):
        return "layer"  # μ^(t) over a^(t)_i, the superscript read as a layer or step index: one example's features
    base = ctx.spelling(body.base)
    sup = re.search(r"\^\s*(\{[^}]*\}|\\?[A-Za-z]+)", spelled)
    if sup and sup.group(1).strip("{}[]() ") and sup.group(1) in base:
        return "layer"
    return None


def _over_examples(ctx: Context, body: sympy.Indexed, summed: set[sympy.Basic]) -> bool:
    """Is the one summed index the number of a training example, written as a parenthesised superscript (Ng's and
    cs229's ``z^{(i)}``, the i-th example: deeplearning.ai's batch norm ``μ = 1/m Σ_i z^{(i)}``)?"""
    if ctx.formula is None or len(body.indices) != 1 or set(body.indices) != summed:
        return False
    base, i = re.escape(ctx.spelling(body.base)), re.escape(str(body.indices[0]))
    return bool(re.search(base + r"\s*\^\s*\{\s*\(\s*" + i + r"\s*\)\s*\}", ctx.formula.source))


def batch_input(ctx: Context, x: sympy.Basic) -> str | None:
    """``'batch'`` when the standardised input itself is the mini-batch: Keras's ``\\text{batch}`` (BatchNormalization:
    ``γ (batch − mean(batch))/√(var(batch) + ε) + β``), or an input subscripted by the batch ``x_\\mathcal{B}``."""
    if isinstance(x, (sympy.Symbol, sympy.MatrixSymbol)) and (ctx.word(x) == "batch" or spelled_batch(ctx, x)):
        return "batch"
    return None


def batch_statistics(ctx: Context, mu: sympy.Basic, spread: sympy.Basic) -> str | None:
    """``'batch'`` when the mean AND the spread are both written as statistics of the mini-batch, undefined here
    (Ioffe & Szegedy's line ``x̂_i ← (x_i − μ_B)/√(σ_B² + ε)`` quoted alone); one subscript alone says too little."""
    if not isinstance(mu, (sympy.Symbol, sympy.Indexed)) or not spelled_batch(ctx, mu):
        return None
    stats = [s for s in spread.free_symbols if s != mu and spelled_batch(ctx, s)]
    return "batch" if stats else None


def running_statistics(ctx: Context, mu: sympy.Basic) -> str | None:
    """``'batch'`` when the mean is a running estimate over the training batches (Keras' BatchNormalization at
    inference: ``γ (x − moving_mean)/√(moving_var + ε) + β``; PyTorch's ``running_mean``): only batch norm keeps
    one (layer and group norm compute their statistics afresh on every example)."""
    from symdl.chunk.concepts_norm import RUNNING

    return "batch" if isinstance(mu, sympy.Symbol) and ctx.word(mu) in RUNNING else None


#: a normalisation layer named in words: Keras' LayerNormalization, PyTorch's GroupNorm, "batch norm"
_LAYER_WORDS = re.compile(r"(layer|batch|group)[\s_-]*norm(?:ali[sz]ation)?\b", re.IGNORECASE)


def said_in_words(ctx: Context) -> tuple[str, str] | None:
    """``(kind, words)`` when the prose set beside the formula names one kind of normalisation layer (the Keras docs'
    ``… \\quad \\text{(LayerNormalization, axis=-1)}``, ``(GroupNorm)``): the formula alone is the same for all."""
    if ctx.formula is None:
        return None
    prose = [ctx.formula.source[n.span.start : n.span.end] for n in ctx.formula.notes
             if n.rule == "prose-clause" and n.span is not None]
    said = {(m.group(1).lower(), m.group(0)) for text in prose for m in _LAYER_WORDS.finditer(text)}
    return said.pop() if len({kind for kind, _ in said}) == 1 and len(said) == 1 else None


WHY = {
    "batch": "batch norm: the mean and variance run over the examples of the mini-batch, per feature",
    "layer": "layer norm: the mean and variance run over the features of one example",
    "group": "instance norm (group norm with one channel per group): the mean and variance run over the positions "
    "of one channel's map, per example",
}
