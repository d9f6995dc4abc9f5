"""Relations between the statements of a system, and checks of printed equalities.

Data flow ("the update uses v, an EMA of dW"), optimizers read off several
statements (momentum, RMSProp, Adagrad, Adam: "momentum's numerator + RMSProp's
denominator"), and equalities the formula asserts (``\\sigma'(x) = ...``,
``PA = [...] [...] = [...]``) checked rather than believed.
"""

from __future__ import annotations

import itertools
import re

import sympy

from symdl.chunk.algebra import elementary, equivalent, factors, is_subtracted, leaves, numer_denom, terms
from symdl.chunk.concepts_norm import _permutation_of
from symdl.chunk.exact import OPAQUE, fingerprint_differs
from symdl.chunk.optim_scales import rms_parts
from symdl.chunk.optim_update import describe_input
from symdl.chunk.registry import REGISTRY, Context, Match, drop_subsumed, named_concept
from symdl.chunk.relations_accum import decorated_source, named_denominator
from symdl.chunk.relations_layer import recurrent_relations
from symdl.chunk.relations_moments import adam_moments, rmsprop_accumulator
from symdl.chunk.relations_norm import norm_relations
from symdl.chunk.relations_optim import (
    adadelta,
    adadelta_statement,
    adagrad_diagonal,
    adam_line,
    adamw,
    amsgrad,
    centered_input,
    definition,
    lion,
    nadam,
    nadam_line,
    running_max_input,
)
from symdl.chunk.tree import Chunk, Relation
from symdl.errors import ResourceLimit
from symdl.formula import Formula, Statement

_ORD = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")
_ACCUMULATORS = ("ema", "momentum", "running_sum")


def _resolve(sym: sympy.Basic, ctx: Context) -> tuple[sympy.Basic, Match] | None:
    """The accumulator behind ``sym``, looking through bias corrections (``m̂ = m/(1-β^t)``) and
    AMSGrad's running maximum (``v̂ = max(v̂_{t-1}, v)``)."""
    for _ in range(4):
        fact = ctx.facts.get(sym)
        if fact is None:
            inner = running_max_input(sym, ctx) or centered_input(sym, ctx) or decorated_source(sym, ctx)
            if inner is None:
                return None
            sym = inner
            continue
        if fact.concept in _ACCUMULATORS:
            return sym, fact
        if fact.concept == "bias_correction":
            sym = fact.role("estimate")
            continue
        return None
    return None


def _input(fact: Match) -> sympy.Basic | None:
    return fact.role("new value") if fact.concept != "running_sum" else fact.role("increment")


def _optimizer(step: Match, k: int, ctx: Context, where: dict[sympy.Basic, int]) -> list[Relation]:
    """Name the optimizer a descent step and the accumulators it uses make."""
    step_sym = step.role("direction")
    direction = definition(step_sym, ctx) or step_sym
    rms = rms_parts(direction)
    num = rms[0] if rms else numer_denom(direction)[0]
    first = next((r for f in factors(num) if (r := _resolve(f, ctx))), None)
    second = next((r for t in terms(rms[1]) if (r := _resolve(t, ctx))), None) if rms else None
    out: list[Relation] = []
    if second is None and rms and first is None:  # AMSGrad's two lines: v̂max ← max(v̂max, v̂); θ ← θ − γ m̂/√v̂max
        maxed = next((t for t in terms(rms[1]) if running_max_input(t, ctx) is not None), None)
        out += amsgrad(running_max_input(maxed, ctx), maxed, k, ctx) if maxed is not None else []
        out += adagrad_diagonal(rms[1], k, ctx)
    if second is not None:
        maxed = next((t for t in terms(rms[1]) if running_max_input(t, ctx) is not None), None)
        out += amsgrad(second[0], maxed, k, ctx) if maxed is not None and first is not None else []
        out += nadam(num, k, ctx, _resolve) if first is None else []
        out += adadelta(step_sym, num, k, ctx) if second[1].concept == "ema" else []
    lx = ctx.latex
    if first and first[1].concept in ("ema", "momentum") and (second is None or first[0] != second[0]):
        g = _input(first[1])
        scale = first[1].param("scale")
        up = f" (up to the scale ${lx(scale)}$)" if scale is not None else ""
        text = f"${lx(first[0])}$ is an EMA{up} of {describe_input(g, ctx)}; the step follows it: momentum"
        out.append(Relation("combines", text, (where[first[0]], k), "momentum"))
    if second and second[1].concept in _ACCUMULATORS:
        g2 = _input(second[1])
        kind = "a running sum" if second[1].concept == "running_sum" else "an EMA"
        name = "adagrad" if second[1].concept == "running_sum" else "rmsprop"
        text = (
            f"${lx(second[0])}$ is {kind} of {describe_input(g2, ctx)}; the step divides by its root: "
            f"{REGISTRY[name].name}'s denominator"
        )
        out.append(Relation("combines", text, (where[second[0]], k), name))
        if first and first[1].concept in ("ema", "momentum") and first[0] != second[0]:
            g = _input(first[1])
            squared = g2 is not None and g is not None and equivalent(g2, g**2)
            tail = "" if squared else " (note: the second average is not of the squares of the first's input)"
            text = (
                f"Adam = momentum's numerator + RMSProp's denominator: ${lx(first[0])}$ is an EMA of "
                f"{describe_input(g, ctx)}, ${lx(second[0])}$ an EMA of {describe_input(g2, ctx)}, and the "
                f"update divides the first by the root of the second{tail}"
            )
            out.append(Relation("combines", text, (where[first[0]], where[second[0]], k), "adam"))
    if second is None and not any(r.concept in ("adagrad", "amsgrad", "adadelta") for r in out):
        # Ruder's E[g²]_t, Duchi's Σ_τ g_τ², PyTorch's state_sum
        out += named_denominator(step.role("parameter"), direction, rms, k, ctx)
    out += nadam_line(step, k, ctx) if not any(r.concept == "nadam" for r in out) else []
    if not out and step.param("weight decay") is None:
        out += adam_line(direction, k, ctx, step.role("learning rate"))
    out += adamw(step, k, ctx, out) + lion(step, k, ctx)
    keep = drop_subsumed([r.concept for r in out if r.concept])  # one step read as AdaDelta is not also RMSProp
    return [r for r in out if r.concept is None or r.concept in keep]


def _step_alone(st: Statement, ctx: Context) -> Match | None:
    """A step defined on its own line, with no update of the parameters written (Goodfellow's Algorithm 8.4 line
    ``Δθ ← −ε/(δ + √r) ⊙ g``): a subtracted root-mean-square ratio, read as the step of a descent."""
    if st.target is None or (st.previous is not None and st.rhs.has(st.previous)):
        return None
    direction = definition(st.target, ctx)
    if direction is None or (direction == st.rhs and not _negated_hadamard(st.rhs)):
        return None  # not subtracted: no step downhill
    if rms_parts(direction) is None:
        return None
    return Match("gradient_descent_step", roles=(("parameter", st.target), ("direction", st.target)))


def _negated_hadamard(e: sympy.Basic) -> bool:
    """``(−ε/(δ + √r)) ⊙ g``: a Hadamard product with a subtracted factor."""
    return type(e).__name__ == "HadamardProduct" and any(is_subtracted(f) for f in e.args)


def _sides(st: Statement) -> list[sympy.Basic]:
    return [s for s in (st.lhs, *st.aliases, st.rhs) if s is not None]


def _of_unknown_name(e: sympy.Basic) -> bool:
    """Does ``e`` hold a derivative of a bare name the formula does not write in its variable (cs182's
    ``\\frac{\\partial \\hat{x}_{i,j}}{\\partial \\sigma^2_j}``, an entry of x̂)?  Its value is unknown, not 0."""
    return any(isinstance(d.expr, (sympy.Symbol, sympy.Indexed)) and not d.expr.has(*d.variables)
               for d in e.atoms(sympy.Derivative))


def _explicit(e: sympy.Basic) -> sympy.Basic | None:
    """The value of ``e`` if it can be computed exactly (explicit matrices, known functions)."""
    try:
        if isinstance(e, sympy.MatrixExpr) or isinstance(e, sympy.MatrixBase):
            if e.free_symbols:
                return None
            return sympy.ImmutableMatrix(e.doit())
        if e.has(sympy.core.function.AppliedUndef) or e.has(sympy.Sum) or _of_unknown_name(e):
            return None
        return e.doit()
    except ResourceLimit:
        raise
    except Exception:  # unevaluable: nothing to check
        return None


def definitions(st: Statement, statements: list[Statement] | tuple[Statement, ...]) -> dict[sympy.Basic, sympy.Basic]:
    """The names the other statements define by a value written without them (``r = \\sigma_B/\\sigma``), each
    with that value."""
    return {o.target: o.rhs for o in statements if o is not st and o.kind in ("assignment", "definition")
            and isinstance(o.target, sympy.Symbol) and o.target == o.lhs and o.target not in o.rhs.free_symbols}


def with_definitions(e: sympy.Basic, defs: dict[sympy.Basic, sympy.Basic]) -> sympy.Basic:
    """``e`` with the names ``defs`` defines put in (batch renormalisation's identity ``\\frac{x_i - \\mu}{\\sigma} =
    \\hat{x}_i r + d`` with ``\\text{where } r = \\sigma_B/\\sigma, d = ...``): an equality is checked with what the
    formula says its names are."""
    by = {v for d in e.atoms(sympy.Derivative) for v in d.variables}  # \partial E / \partial y: y stays a variable
    defs = {k: v for k, v in defs.items() if k not in by}
    for _ in range(3):  # r defined through d, d through names: a few rounds, never a loop
        if not defs or not (e.free_symbols & defs.keys()):
            break
        try:
            e = e.xreplace(defs)
        except (ValueError, TypeError, NotImplementedError):  # a value SymPy cannot put there (a matrix into a
            # product SymPy takes for non-commuting, the Matérn kernel's d): checked as written
            break
    return e


def refuted(st: Statement, statements: list[Statement] | tuple[Statement, ...] = ()) -> bool:
    """Whether the equation ``st`` asserts is false: both sides computable (``d/dx tanh x`` is ``1 − tanh² x``) and
    their float64 values clearly apart at the fixed points (a float may rule an equality OUT, never in).  Its left
    side names what the author claims the right side is; a refuted claim is not said as a concept.  ``statements``:
    the formula's, whose definitions the sides are checked with."""
    if st.kind != "equation" or st.lhs is None or st.relation:
        return False
    defs = definitions(st, statements)
    sides = [_explicit(with_definitions(s, defs)) for s in (st.lhs, st.rhs)]
    if any(v is None or isinstance(v, (sympy.MatrixBase, sympy.MatrixExpr)) for v in sides):
        return False
    return _apart(*sides)


def _apart(va: sympy.Basic, vb: sympy.Basic) -> bool:
    r"""Are two computed sides clearly different: elementary, of known functions and numbers only, and their float64
    values apart at the fixed points (a float may rule an equality OUT, never in)?  Sides of unknown matrices
    (``\mathrm{Tr}(\mathbf{A}^T\mathbf{A})`` beside ``\mathrm{Tr}(\mathbf{A}\mathbf{A}^T)``) are never apart:
    what symdl cannot compute it does not refute."""
    if any(e.has(sympy.MatrixSymbol, sympy.MatrixExpr) for e in (va, vb)):
        return False
    a, b = (elementary(v) for v in (va, vb))
    if any(e.has(*OPAQUE) or not all(type(f).__module__.startswith("sympy.") for f in e.atoms(sympy.Function))
           for e in (a, b)):
        return False
    return fingerprint_differs(a, b, sorted(set(leaves(a)) | set(leaves(b)), key=sympy.default_sort_key))


def _check(st: Statement, k: int, ctx: Context) -> list[Relation]:
    """Check the equalities a statement asserts between computable sides; explain permutation products."""
    out: list[Relation] = []
    sides = _sides(st)
    for s in sides:
        for mm in sympy.preorder_traversal(s):
            if type(mm).__name__ == "MatMul" and len(mm.args) == 2:
                perm = _permutation_of(mm.args[0])
                other = mm.args[1]
                if perm is not None and isinstance(other, sympy.MatrixBase):
                    rows = [tuple(other.row(src)) for src in perm]
                    moves = ", ".join(
                        f"row {src + 1} {tuple(other.row(src))} {_ORD[d] if d < 10 else d + 1}"
                        for d, src in enumerate(perm)
                    )
                    out.append(
                        Relation("action", f"P·A puts A's {moves}; result rows {rows}", (k,), "permutation")
                    )
    if st.kind not in ("definition", "equation"):
        return out
    statements = ctx.formula.statements if ctx.formula is not None else ()
    defs = definitions(st, statements)
    vals = [(s, v) for s in sides if (v := _explicit(with_definitions(s, defs))) is not None]
    for (a, va), (b, vb) in itertools.pairwise(vals):
        if isinstance(va, sympy.MatrixBase) != isinstance(vb, sympy.MatrixBase) or a == b:
            continue
        if any(isinstance(x, (sympy.Symbol, sympy.Indexed, sympy.MatrixSymbol)) for x in (a, b)):
            continue  # \ell(x, y) = L = \{l_1, ..., l_N\}: a bare name in a chain is named there, nothing to check
        same = va == vb if isinstance(va, sympy.MatrixBase) else equivalent(va, vb)
        if not same and not isinstance(va, sympy.MatrixBase) and not _apart(va, vb):
            continue  # undecided (Tr(A^T A) = Tr(A A^T) of an unknown A): no verdict, never "does NOT hold"
        verdict = "holds" if same else "does NOT hold"
        used = sorted((a.free_symbols | b.free_symbols) & defs.keys(), key=str)
        if used:  # batch renormalisation's identity with its where-clause's r and d
            verdict += " with " + ", ".join(f"${ctx.latex(u)}$" for u in used) + " as the formula defines them"
        out.append(Relation("check", f"checked: ${ctx.latex(a)} = {ctx.latex(b)}$ {verdict}", (k,)))
    return out


def statement_relations(
    formula: Formula, roots: list[Chunk], matches: list[Match | None], ctx: Context
) -> list[Relation]:
    """Data flow between statements, optimizers read off them, and checked equalities."""
    out: list[Relation] = []
    where: dict[sympy.Basic, int] = {}
    for k, (st, root, match) in enumerate(zip(formula.statements, roots, matches, strict=True)):
        for prior, j in where.items():
            if prior != st.target and st.rhs.has(prior):
                fact = ctx.facts.get(prior)
                what = f" ({fact.name or REGISTRY[fact.concept].name})" if fact else ""
                out.append(
                    Relation(
                        "uses",
                        f"statement {k + 1} uses ${ctx.latex(prior)}${what} from statement {j + 1}",
                        (j, k),
                    )
                )
        if st.kind == "definition" and match is not None and st.lhs is not None:
            out.append(
                Relation("role", f"${ctx.latex(st.lhs)}$ is defined as the {root.name}", (k,), match.concept)
            )
        out.extend(_author_named(st, k, match, ctx))
        if st.kind == "assignment" and not any(r.concept == "adadelta" for r in out):
            out.extend(adadelta_statement(st, k, ctx))
        target = st.target if st.target is not None or st.relation else st.lhs  # a ≤ b defines no a
        step = match if match is not None and match.concept == "gradient_descent_step" else _step_alone(st, ctx)
        if step is not None:
            ctx.statement = st
            out.extend(r for r in _optimizer(step, k, ctx, where) if r.concept not in {x.concept for x in out})
            ctx.statement = None
        out.extend(_check(st, k, ctx))
        if target is not None:
            where[target] = k
    out.extend(recurrent_relations(formula, matches, ctx, where))
    out.extend(norm_relations(formula, matches, ctx))
    out.extend(adam_moments(formula, ctx, out))
    out.extend(rmsprop_accumulator(formula, ctx, out))
    return out


def _author_named(st: Statement, k: int, match: Match | None, ctx: Context) -> list[Relation]:
    """A definition whose left side is a named call of a concept (``\\mathrm{hard\\_sigmoid}(x) = ...``,
    ``\\text{SELU}(x) = ...``): the author names it; said as the author's name, and whether the right side was
    recognised as that concept too (a definition that differs from the concept is then plain to see)."""
    named = named_concept(st.lhs) if st.kind == "definition" and st.lhs is not None else None
    if named is None:
        return []
    found = [match.concept, *match.also] if match is not None else []
    if named.id in found or named.id not in drop_subsumed([*found, named.id]):
        return []  # recognised from the right side already, or as a special case of it (GELU's tanh form)
    text = (f"the author names ${ctx.latex(st.lhs)}$ a {named.name}; its right side was not recognised as one "
            "by its structure (compare it with the definition: " + named.what + ")")
    return [Relation("role", text, (k,), named.id)]


def summarize(roots: list[Chunk], relations: list[Relation]) -> str:
    """One line for the whole formula."""
    combined = [r for r in relations if r.kind == "combines"]
    for cid in ("lion", "adamw", "nadam", "amsgrad", "adadelta", "adam", "rmsprop", "adagrad", "momentum",
                "lstm_cell", "gru"):
        if any(r.concept == cid for r in combined):
            return f"{REGISTRY[cid].name}: {REGISTRY[cid].what}"
    parts = []
    for c in roots:
        inner = c if c.concept or c.name in ("inequality", "proportionality") else _first_concept(c.children)
        if inner is not None and len(parts) < 6:
            parts.append(inner.name + (" (near miss)" if inner.near_miss else " (a guess)" if inner.guess else ""))
    return "; ".join(parts)


#: the names of parts that say where they stand, not what they are: a repeated subexpression named for
#: readability (u_1 = gᵀ) and a side of a chain of equalities (left side)
_PLACE_NAMES = re.compile(r"u_\d+|(left|middle|right) side")


def _first_concept(chunks: list[Chunk]) -> Chunk | None:
    """The first chunk, depth first, that says what it is: a concept, or a part the author named (an underbrace's
    label, "random noise"); a part named by its place (u_1, left side) summarises nothing."""
    for c in chunks:
        if c.concept or not _PLACE_NAMES.fullmatch(c.name):
            return c
        if (found := _first_concept(c.children)) is not None:
            return found
    return None
