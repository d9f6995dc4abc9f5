"""Relations for normalisation, statistics and initialisation read off a system of statements.

- Ba et al.'s layer-norm statistics ``μ^l = 1/H Σ_i a_i^l``, ``σ^l = √(1/H Σ_i (a_i^l − μ^l)²)`` name layer norm even
  when the standardising step is not written (batch norm's only when the mean is spelled ``μ_B``: a column mean of
  a data table with its spread is a plain per-feature statistic).
- A statement whose left side is the expectation operator (``\\mathbb{E}_{x∼P}[f(x)] = Σ_x P(x) f(x)``) defines
  an expectation.
- He's condition ``½ n_l Var[w_l] = 1`` (Xavier's ``½ (n_in + n_out) Var[W] = 1``): a variance set by the fan.
"""

from __future__ import annotations

import sympy

from symdl.chunk.algebra import cheap_cancel
from symdl.chunk.concepts_init import from_variance
from symdl.chunk.concepts_stats import is_expectation_call, variance_of
from symdl.chunk.normlayer_stats import spelled_batch, statistics_over
from symdl.chunk.registry import Context, Match
from symdl.chunk.tree import Relation
from symdl.formula import Formula

_SPREADS = ("variance", "standard_deviation")


def _statistics(formula: Formula, matches: list[Match | None], ctx: Context) -> list[Relation]:
    if any(m is not None and m.concept in ("batch_norm", "layer_norm") for m in matches):
        return []
    for k, (st, m) in enumerate(zip(formula.statements, matches, strict=True)):
        if m is None or m.concept != "mean" or st.lhs is None:
            continue
        mu = st.target if st.target is not None else st.lhs
        over = statistics_over(ctx, mu, None)
        if over not in ("batch", "layer") or (over == "batch" and not spelled_batch(ctx, mu)):
            continue
        for j, m2 in enumerate(matches):
            if m2 is None or m2.concept not in _SPREADS:
                continue
            var = m2 if m2.concept == "variance" else variance_of(m2.role("variance"), ctx)
            if var is not None and var.role("mean") == mu:
                what = "the examples of the mini-batch" if over == "batch" else "the features of one example (layer)"
                return [Relation("combines", f"${ctx.latex(mu)}$ and the spread about it are the statistics of "
                                 f"{over} norm: both run over {what}", (k, j), f"{over}_norm")]
    return []


def _defined_expectation(formula: Formula, ctx: Context) -> list[Relation]:
    out = []
    for k, st in enumerate(formula.statements):
        if st.lhs is not None and not st.relation and is_expectation_call(st.lhs, ctx):
            out.append(Relation("role", f"${ctx.latex(st.lhs)}$ is an expectation, written out as "
                                f"${ctx.latex(st.rhs)}$", (k,), "expectation"))
    return out


def _variance_factor(lhs: sympy.Basic, ctx: Context) -> sympy.Basic | None:
    """The factor of ``lhs`` that is a variance (``Var[w]``, read over a sample or as a call)."""
    if not isinstance(lhs, sympy.Mul):
        return None
    for f in lhs.args:
        if isinstance(f, sympy.Trace):
            v = f.arg.args[1] if type(f.arg).__name__ == "MatMul" and len(f.arg.args) > 1 else None
            cand = f / (v.shape[0] * v.shape[1]) if v is not None and hasattr(v, "shape") else None
        else:
            cand = f
        if cand is not None and (variance_of(cand, ctx) is not None or _named_var(cand)):
            return cand
    return None


def _named_var(e: sympy.Basic) -> bool:
    return isinstance(e, sympy.core.function.AppliedUndef) and type(e).__name__.lower() in ("var", "variance")


def _init_condition(formula: Formula, ctx: Context) -> list[Relation]:
    out = []
    for k, st in enumerate(formula.statements):
        if st.lhs is None or st.relation or st.rhs != 1:
            continue
        var = _variance_factor(st.lhs, ctx)
        if var is None:
            continue
        rest = cheap_cancel(st.lhs / var)
        if rest.has(var) or rest.is_number:
            continue
        m = from_variance(cheap_cancel(1 / rest), "the condition keeps each layer's output variance equal to its "
                          "input's, so the weights' variance is ", ctx)
        if m is not None:
            out.append(Relation("role", f"statement {k + 1} is the {m.concept.split('_')[0]} initialisation "
                                f"condition: {m.note}", (k,), m.concept))
    return out


def norm_relations(formula: Formula, matches: list[Match | None], ctx: Context) -> list[Relation]:
    """Layer/batch norm from their statistics, expectations defined on the left, initialisation conditions."""
    return _statistics(formula, matches, ctx) + _defined_expectation(formula, ctx) + _init_condition(formula, ctx)
