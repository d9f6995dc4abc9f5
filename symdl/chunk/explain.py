"""Build the chunk tree of a formula: :func:`explain`.

Each statement's right side is matched top-down against the registry.  A node
that is a concept becomes a :class:`Chunk` whose children are found inside the
parts the concept names (its roles); a node that is not a concept is looked
through, so the tree holds only meaningful blocks.  Author labels from
``\\underbrace`` name the blocks they mark; repeated subexpressions without a
concept become named intermediates ``u_1, u_2, ...``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

import sympy
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction
from sympy.matrices.expressions.matexpr import MatrixExpr

from symdl.activations import CLASS_CONCEPTS
from symdl.budget import meter, remembering
from symdl.chunk.inner_calls import inner_calls, is_activation_chunk, self_gate
from symdl.chunk.registry import (
    REGISTRY,
    STATS,
    Concept,
    Context,
    Match,
    candidates,
    drop_subsumed,
    inner_vector_call,
    named_concept,
)
from symdl.chunk.relations import refuted, statement_relations, summarize
from symdl.chunk.tree import Chunk, Explanation, NearMiss
from symdl.config import DEFAULT, Config
from symdl.errors import ResourceLimit
from symdl.formula import Formula, Statement
from symdl.simplify import count_ops

#: Nodes never worth a chunk of their own.
_LEAVES = (sympy.Symbol, sympy.Number, sympy.Indexed, sympy.IndexedBase, sympy.Idx, sympy.NumberSymbol)


def _is_leaf(expr: sympy.Basic) -> bool:
    if isinstance(expr, _LEAVES) or expr.is_Atom:
        return True
    return isinstance(expr, MatrixExpr) and type(expr).__name__ == "MatrixSymbol"


def _elementwise(expr: ElementwiseApplyFunction, ctx: Context) -> list[Match]:
    """Concepts of ``f.(X)``: those of ``f(x)`` with the input role moved to the matrix ``X``."""
    from symdl.chunk.concepts_loss import hinge_match  # here: the loss concepts read this module's trees

    if (hinge := hinge_match(expr, ctx)) is not None:  # the hinge GAN loss over a sample: max(0, 1 − D(x)) entry-wise
        return [replace(hinge, note="applied element-wise" + (f"; {hinge.note}" if hinge.note else ""))]
    lam = expr.function
    var = lam.variables[0]
    out = []
    for m in recognise(lam.expr, ctx):
        if m.role("input") == var:
            roles = tuple((r, expr.expr if e == var else e) for r, e in m.roles)
            note = "applied element-wise" + (f"; {m.note}" if m.note else "")
            out.append(replace(m, roles=roles, note=note))
    return out


def _attempt(concept: Concept, expr: sympy.Basic, ctx: Context) -> Match | None:
    """A recogniser's verdict; one failing on an unusual tree means "not this concept" (a budget is re-raised)."""
    try:
        return concept.recognise(expr, ctx) if concept.recognise is not None else None
    except (ResourceLimit, NameError, ImportError):  # a budget, or a bug in symdl itself: never "not this concept"
        raise
    except Exception:
        return None


#: the classes of a lone name a concept may list among its heads to be offered one
_LEAF_HEADS = (sympy.Indexed, sympy.Symbol)


def recognise(expr: sympy.Basic, ctx: Context) -> list[Match]:
    """All concepts ``expr`` is, best first; a near miss only when nothing matches exactly."""
    if _is_leaf(expr):
        named = named_concept(expr) if isinstance(expr, MatrixExpr) else None  # \mathrm{Dropout}(\mathbf{h}) + x
        inner = inner_vector_call(expr) if isinstance(expr, MatrixExpr) else None
        if not named and inner is not None:  # \mathcal{F}(\mathrm{LN}(x_l)): a block of a named layer, that layer
            return recognise(inner, ctx)
        if named:
            role = inner if inner is not None else expr
            return [Match(named.id, roles=(("input", role),), note="named " + ctx.latex(expr))]
        # a name alone is offered only to the concepts that say they read one (Nielsen's BP3, ∂C/∂b = δ)
        leafy = [c for c in candidates(expr) if any(h in _LEAF_HEADS for h in c.heads)]
        return [m for c in leafy if (m := _attempt(c, expr, ctx)) is not None and not m.near_miss]
    if isinstance(expr, ElementwiseApplyFunction):  # a layer (RNN cell, gate) first, then f.(X)'s own concepts
        layers = [m for c in candidates(expr) if c.heads and (m := _attempt(c, expr, ctx)) is not None]
        return [m for m in layers if not m.near_miss] + _elementwise(expr, ctx)
    exact: list[Match] = []
    near: list[Match] = []
    # a name called on integer indices alone (the PyTorch docs' \text{var}[i] inside Σ_i) is an array's entry
    named = named_concept(expr) if expr.args and not all(a.is_integer for a in expr.args) else None
    for concept in candidates(expr):
        STATS["recogniser calls"] += 1
        try:
            m = concept.recognise(expr, ctx)
        except (ResourceLimit, NameError, ImportError):  # a budget (the user is told) or a bug of symdl's own
            raise
        except Exception:  # a recogniser failing on an unusual tree means "not this concept"
            m = None
        if m is not None:
            (near if m.near_miss else exact).append(m)
    if named is not None:  # the named concept comes first: a recogniser's own match of it (its roles), else the table's
        own = [m for m in exact if m.concept == named.id]
        table = Match(named.id, roles=(("input", expr.args[0]),), note=f"named {type(expr).__name__}")
        first = own[0] if own else table
        exact = [first, *(m for m in exact if m is not first)]
    if not exact and (by_class := CLASS_CONCEPTS.get(type(expr))) in REGISTRY:  # a call of an activation's class that
        # no recogniser names (one added by its record alone): the concept its record gives
        exact = [Match(by_class, roles=(("input", expr.args[0]),), note=f"a call of {type(expr).__name__}")]
    return exact or near[:1]


def _merge(matches: list[Match]) -> Match:
    """The primary match, with every other matching concept folded into ``also``; a name a more specific one on
    this same block subsumes is dropped (registry ``subsumes``: a GELU's tanh form is not also said "GELU")."""
    keep = set(drop_subsumed([cid for m in matches for cid in (m.concept, *m.also)]))
    first = next((m for m in matches if m.concept in keep), matches[0])
    also = [cid for cid in first.also if cid in keep]
    for m in matches:
        if m.guess and not first.guess:
            continue  # σ read as the sigmoid by a guess is not said of a block named surely (an RNN cell's σ)
        for cid in (m.concept, *m.also):
            if cid != first.concept and cid not in also and cid in keep:
                also.append(cid)
    return replace(first, also=tuple(also))


class _Builder:
    def __init__(
        self, ctx: Context, labels: dict[sympy.Basic, str], repeated: dict[sympy.Basic, str]
    ) -> None:
        self.ctx = ctx
        self.labels = labels
        self.repeated = repeated
        self.nodes = 0

    def chunk_for(self, expr: sympy.Basic, match: Match, role: str) -> Chunk:
        concept = REGISTRY[match.concept]
        label = self.labels.get(expr)
        children: list[Chunk] = []
        seen: set[sympy.Basic] = {expr}
        for rname, sub in match.roles:
            if sub == expr:
                continue
            for child in self.build(sub, rname):
                if child.expr not in seen:
                    seen.add(child.expr)
                    children.append(child)
        children.extend(self.inner(expr, match, children, seen))
        near = None
        if match.near_miss:
            fix = match.fix
            near = NearMiss(match.near_miss, fix, self.ctx.latex(fix) if fix is not None else "")
        return Chunk(
            concept=match.concept,
            name=label or match.name or concept.name,
            role=role,
            latex=self.ctx.latex(expr),
            expr=expr,
            what=concept.what,
            note=match.note,
            params=match.params,
            roles=match.roles,
            also=match.also,
            near_miss=near,
            label=label,
            children=tuple(children),
            guess=match.guess,
        )

    def inner(self, expr: sympy.Basic, match: Match, children: list[Chunk], seen: set[sympy.Basic]) -> list[Chunk]:
        """Concepts written inside the block that its roles do not reach (:mod:`symdl.chunk.inner_calls`): a
        self-gated activation's gate when it is an activation, then every catalogue call outside the children."""
        found: list[Chunk] = []
        gate = self_gate(expr, match)
        if gate is not None and gate not in seen:
            found += [c for c in self.build(gate, "gate") if is_activation_chunk(c.concept)]
        covered = {n for c in (*children, *found) for n in sympy.preorder_traversal(c.expr)}
        source = self.ctx.formula.source.lower() if self.ctx.formula is not None else ""
        for call in inner_calls(expr, covered, source):
            found += [c for c in self.build(call, "inner call") if c.concept is not None and c.expr not in seen]
        return found

    def build(self, expr: sympy.Basic, role: str) -> list[Chunk]:
        """The chunks for ``expr``: itself if it is a concept/label/intermediate, else those inside it."""
        self.nodes += 1
        meter().charge("nodes", 1, what="chunking this formula")
        matches = recognise(expr, self.ctx)
        if matches:
            return [self.chunk_for(expr, _merge(matches), role)]
        if _is_leaf(expr) and expr not in self.labels:
            return []
        inner: list[Chunk] = []
        for arg in _children(expr):
            inner.extend(self.build(arg, role))
        name = self.labels.get(expr) or self.repeated.get(expr)
        if name is None:
            return inner
        what = "" if expr in self.labels else "a repeated subexpression, named for readability"
        return [
            Chunk(
                None,
                name,
                role,
                self.ctx.latex(expr),
                expr,
                what=what,
                label=self.labels.get(expr),
                children=tuple(inner),
            )
        ]


def _children(expr: sympy.Basic) -> tuple[sympy.Basic, ...]:
    if isinstance(expr, sympy.Sum):
        return (expr.function,)
    if isinstance(expr, sympy.Derivative):
        return (expr.expr,)
    if isinstance(expr, sympy.MatrixBase):
        return ()
    if isinstance(expr, ElementwiseApplyFunction):
        return (expr.expr,)
    return tuple(a for a in expr.args if isinstance(a, sympy.Basic))


def _repeated(statements: tuple[Statement, ...]) -> dict[sympy.Basic, str]:
    """Non-trivial subexpressions occurring at least twice, in order of first appearance."""
    counts: Counter[sympy.Basic] = Counter()
    order: list[sympy.Basic] = []
    for st in statements:
        for node in sympy.preorder_traversal(st.rhs):
            if (
                _is_leaf(node)
                or isinstance(node, (sympy.MatrixBase, sympy.Tuple))
                or count_ops(node) < 2
            ):
                continue
            if isinstance(node, sympy.Mul) and node.args[0] == -1 and len(node.args) == 2:
                continue
            if node not in counts:
                order.append(node)
            counts[node] += 1
    reps = [n for n in order if counts[n] >= 2]
    # keep the largest repeated blocks only (their parts repeat trivially)
    keep = [n for n in reps if not any(n != m and m.has(n) and counts[m] == counts[n] for m in reps)]
    return {n: f"u_{k + 1}" for k, n in enumerate(keep)}


#: what an inequality or a proportionality asserts, by its relation
_ASSERTS = {"<=": "at most", ">=": "at least", "<": "less than", ">": "greater than",
            "propto": "a constant multiple of", "sim": "drawn at random from"}


def _side(expr: sympy.Basic, role: str, b: _Builder) -> Chunk:
    """One side of a relation or an equation, chunked: its concept when it is one, else its named parts."""
    recognised = recognise(expr, b.ctx)
    if recognised:
        return b.chunk_for(expr, _merge(recognised), role)
    return Chunk(None, role, role, b.ctx.latex(expr), expr, children=tuple(b.build(expr, "part")))


def _log_scale(stmt: Statement) -> bool:
    """Is a proportionality on a log scale: its left side a logarithm (``\\log p(\\theta|x) \\propto \\dots``) or a KL
    divergence or an ELBO by name (Gal's ``\\mathrm{KL}(q_M(W) \\| p(W)) \\propto \\frac{l^2(1-p)}{2}\\|M\\|^2 -
    K\\mathcal{H}(p)``)?  A density or a penalty on the left (Wasserman's posterior, a loss written with logs on the
    right) is proportional as written, a constant multiple."""
    left = stmt.lhs
    if left is None:
        return False
    if isinstance(left, sympy.log):
        return True
    return isinstance(left, sympy.core.function.AppliedUndef) and re.search(r"KL|ELBO", type(left).__name__) is not None


def _compared(stmt: Statement, index: int, b: _Builder) -> Chunk:
    """An inequality or a proportionality: a statement about its two sides (each chunked), assigning nothing."""
    assert stmt.lhs is not None
    sides = [_side(stmt.lhs, "left side", b), _side(stmt.rhs, "right side", b)]
    logs = stmt.relation == "propto" and _log_scale(stmt)
    what = ("asserts that the left side equals the right side up to an added constant (\\propto of a log-density, a "
            "KL or a loss: the terms that do not depend on the variables of interest dropped), not an equality"
            if logs else f"asserts that the left side is {_ASSERTS[stmt.relation]} the right side"
            + (" (a direction or a density up to its scale), not an equality" if stmt.relation == "propto"
               else " (how it is initialised or sampled), not an equality" if stmt.relation == "sim"
               else " (a bound or a property), not an assignment"))
    expr = stmt.as_equation()
    return Chunk(None, stmt.kind, f"statement {index + 1}", b.ctx.latex(expr), expr, what=what,
                 children=tuple(sides))


def _root(stmt: Statement, index: int, b: _Builder) -> tuple[Chunk, Match | None]:
    ctx = b.ctx
    if stmt.relation:
        return _compared(stmt, index, b), None
    matches = recognise(stmt.rhs, ctx)
    target = stmt.target if stmt.target is not None else stmt.lhs
    role = f"statement {index + 1}" + (
        f": {stmt.kind} of ${ctx.latex(target)}$" if target is not None else ""
    )
    if matches:
        match = _merge(matches)
        return _with_left(stmt, index, b, b.chunk_for(stmt.rhs, match, role)), match
    inner = tuple(b.build(stmt.rhs, "part"))
    name = stmt.labels.get(stmt.rhs) if stmt.labels else None
    if name is None:
        name = {"expression": "expression", "update": "update", "definition": "definition"}.get(
            stmt.kind, stmt.kind
        )
    return _with_left(stmt, index, b, Chunk(None, name, role, ctx.latex(stmt.rhs), stmt.rhs, children=inner)), None


def _with_left(stmt: Statement, index: int, b: _Builder, right: Chunk) -> Chunk:
    """An equation between two expressions (``d/dx log(1 + e^x) = σ(x)``) says something about BOTH
    sides: when its left side holds named blocks, the statement's chunk has the two sides as children; a name, a
    definition's call or an update's target on the left is what the right side defines, and is not chunked.
    The middle sides of a derivation ``a = b = c`` are forms of the same value the author wrote (Nielsen's
    ``δ^L_j = ∂C/∂a^L_j σ'(z^L_j) = a(1 − a)(a − t)``, cs231n's ``∂L/∂x = Σ_j ∂L/∂y_j ∂y_j/∂x = …``): each is
    chunked beside the right side, so what it is written with (a chain rule, a delta rule) is named too."""
    middle = [m for m in (_side(a, "middle side", b) for a in stmt.aliases if not _renamed_call(stmt, a))
              if any(c.concept for c in m.walk())]
    left = _side(stmt.lhs, "left side", b) if stmt.kind == "equation" and stmt.lhs is not None and not _eigen(
        stmt) else None
    others = b.ctx.formula.statements if b.ctx.formula else ()  # the names they define, put in to check
    if left is not None and left.concept is not None and refuted(stmt, others):  # d/dx tanh x ≟ 1 − tanh x: unsaid
        left = Chunk(None, "left side", "left side", left.latex, left.expr, what="what the author claims the right "
                     "side equals (the check below finds it does not)", children=tuple(
                         c for a in _children(stmt.lhs) for c in b.build(a, "part")))
    sides = [*([left] if left is not None and any(c.concept for c in left.walk()) else []), *middle]
    if not sides:
        return right
    expr = stmt.as_equation()
    return Chunk(None, stmt.kind, f"statement {index + 1}", b.ctx.latex(expr), expr,
                 what="states that the sides are equal", children=(*sides, right))


def _eigen(stmt: Statement) -> bool:
    """Is the equation ``A v = \\lambda v`` (Bishop's ``\\mathbf{H}\\mathbf{u}_i = \\lambda_i\\mathbf{u}_i``): a matrix
    times a vector equal to a number times the same vector, an eigenvector's equation, no layer?"""
    lhs, rhs = stmt.lhs, stmt.rhs
    if not (isinstance(lhs, sympy.MatMul) and len(lhs.args) == 2 and isinstance(rhs, (sympy.MatMul, sympy.Mul))):
        return False
    vector = lhs.args[1]
    others = [a for a in rhs.args if a != vector]
    return vector in rhs.args and getattr(vector, "shape", (0, 0))[1] == 1 and not any(
        getattr(a, "is_Matrix", False) for a in others)


def _renamed_call(stmt: Statement, side: sympy.Basic) -> bool:
    """Is the middle side ``side`` of a definition a function applied to the defined function's own arguments
    (Raschka's ``p(z) = \\sigma(z) = \\frac{e^{z_i}}{\\sum_j e^{z_j}}``)?  Then it is a second name of what the
    right side defines, not the built-in function (a sigmoid) to be named."""
    lhs = stmt.lhs
    return (stmt.kind == "definition" and isinstance(lhs, sympy.Function) and isinstance(side, sympy.Function)
            and bool(side.args) and side.args == lhs.args)


def _normalised(formula: Formula, ctx: Context) -> set[sympy.Basic]:
    """Families the formula says sum to one wherever it says so: a constraint ``Σ_k π_k = 1`` (Bishop's mixture
    weights) or a statement defining them by a softmax, also after their use (Bahdanau's ``c_i = Σ_j α_ij h_j,
    α_ij = softmax``): the weights of a weighted average."""
    out: set[sympy.Basic] = set()
    soft = REGISTRY.get("softmax")
    for st in formula.statements:
        total = st.lhs.function if isinstance(st.lhs, sympy.Sum) and len(st.lhs.limits) == 1 else None
        if not st.relation and st.rhs == 1 and isinstance(total, sympy.Indexed):
            out.add(total.base)
        elif st.target is not None and soft is not None and not st.relation:
            ctx.statement = st
            m = _attempt(soft, st.rhs, ctx)
            if m is not None and not m.near_miss:
                out.add(st.target.base if isinstance(st.target, sympy.Indexed) else st.target)
    ctx.statement = None
    return out


def explain(formula: Formula, *, config: Config = DEFAULT) -> Explanation:
    """Chunk a formula into named concepts and explain them.

    Args:
        formula: what :func:`symdl.parse` returned (or one built by hand per the contract).
        config: options (time bounds).

    Returns:
        The :class:`Explanation`: one chunk tree per statement, relations between
        statements, named intermediates and the set of concept ids found.

    Raises:
        ResourceLimit: the formula is too large to chunk.
    """
    with remembering():  # the recognisers ask for the same rewrites of the same parts: each is counted once
        return _explain(formula, config)


def _explain(formula: Formula, config: Config) -> Explanation:
    ctx = Context(formula=formula, config=config)
    ctx.normalized |= _normalised(formula, ctx)
    repeated = _repeated(formula.statements)
    roots: list[Chunk] = []
    matches: list[Match | None] = []
    for k, stmt in enumerate(formula.statements):
        ctx.statement = stmt
        labels = dict(stmt.labels) if stmt.labels else {}
        b = _Builder(ctx, labels, repeated)
        root, match = _root(stmt, k, b)
        roots.append(root)
        matches.append(match)
        target = stmt.target if stmt.target is not None or stmt.relation else stmt.lhs
        if match is not None and target is not None:
            ctx.facts[target] = match
            if match.concept == "softmax":
                ctx.normalized.add(target.base if isinstance(target, sympy.Indexed) else target)
    ctx.statement = None
    relations = statement_relations(formula, roots, matches, ctx)
    said = [(c, cid) for r in roots for c in r.walk() for cid in ((c.concept,) if c.concept else ()) + c.also]
    concepts = {cid for c, cid in said if not c.guess} | {r.concept for r in relations if r.concept}
    guessed = {cid for c, cid in said if c.guess} - concepts
    used = {c.expr for r in roots for c in r.walk() if c.concept is None and c.name.startswith("u_")}
    inter = tuple(
        Chunk(None, name, "intermediate", ctx.latex(e), e, what="a repeated subexpression")
        for e, name in repeated.items()
        if e in used
    )
    return Explanation(
        formula=formula,
        statements=tuple(roots),
        relations=tuple(relations),
        intermediates=inter,
        concepts=frozenset(concepts),
        summary=summarize(roots, relations),
        guessed=frozenset(guessed),
    )
