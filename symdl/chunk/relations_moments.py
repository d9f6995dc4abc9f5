"""Adam read off its moment estimates when the formula does not write the parameter update.

d2l §12.10 prints Adam's two state updates on their own (``v_t ← β₁ v_{t-1} + (1 − β₁) g_t``,
``s_t ← β₂ s_{t-1} + (1 − β₂) g_t²``), PyTorch's Adam pseudocode adds the bias corrections
``m̂_t ← m_t/(1 − β₁^t)``, and d2l then writes the rescaled gradient ``g'_t = η v̂_t/(√ŝ_t + ε)`` on its own line.
An EMA of a gradient beside an EMA of the same gradient's square is Adam's pair of moment estimates (RMSProp keeps
only the second, momentum and Lion only first moments, AdaDelta's second average is of the steps); a ratio of a
hatted moment to the root of another hatted moment is Adam's rescaled gradient.
"""

from __future__ import annotations

import re

import sympy

from symdl.chunk.algebra import equivalent
from symdl.chunk.optim_scales import rms_parts
from symdl.chunk.optim_update import describe_input
from symdl.chunk.registry import Context
from symdl.chunk.relations_optim import adam_line
from symdl.chunk.tree import Relation
from symdl.formula import Formula

#: optimizers whose reading of a system already says what its moments are for
_OPTIMIZERS = frozenset(
    {"lion", "adamw", "nadam", "amsgrad", "adadelta", "adam", "rmsprop", "adagrad", "momentum", "nesterov"}
)


def _emas(formula: Formula, ctx: Context) -> list[tuple[int, sympy.Basic, sympy.Basic]]:
    """``(statement, target, input)`` of every statement that is an EMA of an input (no extra scale)."""
    out = []
    for k, st in enumerate(formula.statements):
        fact = ctx.facts.get(st.target) if st.target is not None else None
        if fact is None or fact.concept != "ema" or fact.param("scale") is not None:
            continue
        g = fact.role("new value")
        if g is not None:
            out.append((k, st.target, g))
    return out


def adam_moments(formula: Formula, ctx: Context, found: list[Relation]) -> list[Relation]:
    """Adam's two moment estimates written without the update: an EMA of ``g`` and an EMA of ``g²`` (``g ⊙ g``),
    or (failing that) a line dividing a hatted moment by the root of another (d2l's ``g'_t``)."""
    if any(r.kind == "combines" and r.concept in _OPTIMIZERS for r in found):
        return []
    emas = _emas(formula, ctx)
    lx = ctx.latex
    for k1, m, g in emas:
        for k2, v, g2 in emas:
            if m == v or g.has(m) or g2.has(v) or not any(equivalent(g2, sq) for sq in _squares(g)):
                continue
            if _centred(formula, m, v):
                continue  # centred RMSProp's \sqrt{E[g^2]_t - E[g]_t^2 + \epsilon}: a variance, no Adam
            text = (
                f"Adam's moment estimates: ${lx(m)}$ is an EMA of {describe_input(g, ctx)} (the first moment), "
                f"${lx(v)}$ an EMA of its square (the second moment); Adam divides the first by the root of the "
                "second (the update itself is not written here)"
            )
            return [Relation("combines", text, (k1, k2), "adam")]
    for k, st in enumerate(formula.statements):
        if st.kind in ("assignment", "definition") and st.target is not None:
            ctx.statement = st
            got = adam_line(st.rhs, k, ctx)
            ctx.statement = None
            if got and _same_step(st.rhs, ctx):
                return got
    return []


#: a decay with the subscript 2 (β₂, ρ₂) is Adam's second-moment decay by its writing (Kingma & Ba, Goodfellow Alg. 8.7)
_SECOND_DECAY = re.compile(r"_\s*\{?\s*2\s*\}?\s*$")
#: the gradient as optimiser texts spell it: g, g_t, \mathbf{g}_t (Ruder, Goodfellow Alg. 8.5, d2l, PyTorch), Ng's dW
_GRADIENT_LETTER = re.compile(r"(?:\\(?:mathbf|boldsymbol|bm)\s*\{\s*)?(?:g|d[A-Z]\w*)(?![A-Za-z0-9])")


def rmsprop_accumulator(formula: Formula, ctx: Context, found: list[Relation]) -> list[Relation]:
    """RMSProp's accumulator written alone: a formula of one statement that is an EMA of the squared gradient
    (Ruder's ``E[g^2]_t = 0.9 E[g^2]_{t-1} + 0.1 g_t^2``, Goodfellow Alg. 8.5's ``r ← ρ r + (1 − ρ) g ⊙ g``,
    d2l's ``s_t ← γ s_{t-1} + (1 − γ) g_t^2``).  Said as the accumulator, with the optimizers that share the line;
    a decay spelled β₂ or ρ₂ is Adam's second moment and is left an EMA."""
    if len(formula.statements) != 1 or any(r.kind == "combines" and r.concept in _OPTIMIZERS for r in found):
        return []
    emas = _emas(formula, ctx)
    if len(emas) != 1:
        return []
    _, v, g2 = emas[0]
    fact = ctx.facts[v]
    decay = fact.param("decay")
    if decay is None or any(_SECOND_DECAY.search(ctx.spelling(s)) for s in decay.free_symbols):
        return []
    if not any(equivalent(g2, sq) for sq in _squares(_square_root(g2))) or not _gradient(_square_root(g2), ctx):
        return []
    text = (
        f"${ctx.latex(v)}$ is an EMA of the squared gradients ${ctx.latex(g2)}$: RMSProp's accumulator (the step that "
        "divides the gradient by its root is not written here; AdaDelta's first line and Adam's second moment are "
        "the same update)"
    )
    return [Relation("role", text, (0,), "rmsprop")]


def _square_root(g2: sympy.Basic) -> sympy.Basic:
    """``g`` of ``g²``, ``g^{∘2}`` or ``g ⊙ g`` (else ``g2`` itself)."""
    if isinstance(g2, (sympy.Pow, sympy.HadamardPower)) and g2.exp == 2:
        return g2.base
    if isinstance(g2, sympy.HadamardProduct) and len(g2.args) == 2 and g2.args[0] == g2.args[1]:
        return g2.args[0]
    return g2


def _gradient(g: sympy.Basic, ctx: Context) -> bool:
    """A gradient by its writing: ``∇J``, Ng's ``dW`` (also without its W), or the letter g optimiser texts give it."""
    if ctx.gradient_of(g) is not None:
        return True
    sym = g.base.label if isinstance(g, sympy.Indexed) else g
    return isinstance(sym, (sympy.Symbol, sympy.MatrixSymbol)) and bool(_GRADIENT_LETTER.match(ctx.spelling(sym)))


def _squares(g: sympy.Basic) -> tuple[sympy.Basic, ...]:
    """``g²`` as readers spell it: ``g^{∘2}`` or ``g ⊙ g`` for a vector or matrix, a power for a scalar."""
    if isinstance(g, sympy.MatrixExpr):
        return sympy.HadamardPower(g, 2), sympy.HadamardProduct(g, g)
    return (g**2,)


_STEP = re.compile(r"_\s*(\{[^{}]*\}|[A-Za-z0-9])\s*$")


def _same_step(ratio: sympy.Basic, ctx: Context) -> bool:
    """Do the hatted moments of a lone ratio carry the same step subscript (d2l's ``v̂_t``, ``ŝ_t``)?  Without
    the update, the shared step is what says the line belongs to an optimizer's iteration."""
    parts = rms_parts(ratio)
    if parts is None:
        return False
    steps = set()
    for q in (*sympy.Mul.make_args(parts[0]), parts[1]):
        if isinstance(q, (sympy.Symbol, sympy.MatrixSymbol)) and not q.is_number and ctx.data_rank(q) >= 2:
            hit = _STEP.search(ctx.spelling(q))
            steps.add(hit.group(1).strip("{}").strip() if hit else None)
    return len(steps) == 1 and None not in steps


def _centred(formula: Formula, m: sympy.Basic, v: sympy.Basic) -> bool:
    """Does a statement take the root of an expression holding both moments (centred RMSProp's
    ``\\sqrt{E[g^2]_t - E[g]_t^2 + \\epsilon}``, Graves' variance of the gradient), not Adam's m / √v?"""
    return any(isinstance(n, sympy.Pow) and n.exp in (sympy.Rational(1, 2), sympy.Rational(-1, 2))
               and n.base.has(m) and n.base.has(v)
               for st in formula.statements if st.rhs is not None for n in sympy.preorder_traversal(st.rhs))
