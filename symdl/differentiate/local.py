"""Backprop by local derivatives, tidied by local rewrites (issue 15, item 4).

A backprop step multiplies the incoming adjoint (a symbol such as ``dz_2``, or a small
expression inlined) by the *local* derivative of one statement, ``∂(rhs)/∂q``.  The local
derivative comes from the rule tables (:data:`~symdl.differentiate.rules.FUNCTION_RULES`
through :func:`~symdl.differentiate.scalar.derive`): ``tanh'(z) = 1 − tanh(z)²`` is the
record's derivative, never ``sympy.diff`` of a composed loss.

What the step shows is then tidied by :data:`LOCAL_REWRITES`, a table of named rewrites
each of which looks at one node (a product, a sum) and its arguments only, the way a
reader does:

* ``named-activation``: ``f(z)`` written as its named output ``a`` when a statement says
  ``a = f(z)`` (``σ'(z) = σ(z)(1 − σ(z))`` becomes ``a(1 − a)``, ``tanh'(z)`` becomes ``1 − a²``);
* ``cross-entropy-through-sigmoid``: ``(−y/a + (1 − y)/(1 − a)) · a(1 − a) = a − y``;
* ``cross-entropy-by-prediction``: ``−y/a + (1 − y)/(1 − a) = (a − y)/(a(1 − a))``;
* ``constant-times-sum``: ``2a − 2y`` is shown ``2(a − y)``, the product kept as written;
* ``per-sample-scale``: ``a/m − y/m`` is shown ``(1/m)(a − y)``, the ``1/m`` in front.

No global ``simplify``/``factor`` runs on what the table covers; a step still larger than
:data:`LOCAL_OPS` operation nodes after it, or with a fraction inside a denominator (outside
the table: :func:`covered`), is simplified alone, bounded (:func:`tidy_scalar`,
:func:`tidy_elementwise`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import sympy

from symdl.differentiate.elementwise import Entries, from_scalar, replace_named, simplify_elementwise, to_scalar
from symdl.differentiate.scalar import derivative, readable
from symdl.untrusted import refuse_text

#: A step of at most this many operation nodes after the local rewrites is shown as it is.
LOCAL_OPS = 24
#: Rewrites applied to one node at most this many times (each rewrite makes the node smaller).
MAX_PASSES = 8
#: A term of a sum compared with a pattern's term is at most this many operations (``(1 − y)/(1 − a)``: 4).
SMALL_TERM = 8


@dataclass(frozen=True)
class Context:
    """What the local rewrites may use: the named element-wise outputs and the per-sample scale.

    Attributes:
        named: ``f(z) → a`` for every statement ``a = f(z)`` (scalar entries).
        scale: the ``1/m`` of a cost averaged over ``m`` samples (1 when there is none).
    """

    named: Mapping[sympy.Basic, sympy.Basic]
    scale: sympy.Basic = sympy.S.One


@dataclass(frozen=True)
class LocalRewrite:
    """A named rewrite of one node: ``apply(node, context)`` is the new node, or None when it does not fire."""

    name: str
    statement: str
    apply: Callable[[sympy.Basic, Context], sympy.Basic | None]


def local_derivative(rhs: sympy.Basic, q: sympy.Basic) -> sympy.Basic:
    """``∂(rhs)/∂q`` from the rule tables (one statement's derivative, not a composed loss's)."""
    return derivative(rhs, q)


def _named(node: sympy.Basic, ctx: Context) -> sympy.Basic | None:
    if isinstance(node, sympy.Function) and node in ctx.named:
        return ctx.named[node]
    return None


def _over(term: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic] | None:
    """``(y, a)`` when ``term`` is ``−y/a`` (two symbols), read off its factors without rebuilding it."""
    if not (isinstance(term, sympy.Mul) and len(term.args) == 3 and term.args[0] == -1):
        return None
    y, p = term.args[1:] if term.args[1].is_Symbol else term.args[:0:-1]
    if y.is_Symbol and isinstance(p, sympy.Pow) and p.exp == -1 and p.base.is_Symbol and p.base != y:
        return y, p.base
    return None


def _ce_prediction(node: sympy.Basic) -> tuple[sympy.Basic, sympy.Basic] | None:
    """``(a, y)`` when ``node`` is ``−y/a + (1 − y)/(1 − a)`` in any of SymPy's arrangements."""
    if not isinstance(node, sympy.Add) or len(node.args) != 2:
        return None
    for first, second in (node.args, node.args[::-1]):
        found = _over(first)
        if found is None:
            continue
        y, a = found  # (1 − y)/(1 − a) in any arrangement: a two-term check, expanded at this node only
        if size(second) <= SMALL_TERM and sympy.expand(second * (1 - a) - (1 - y)) == 0:
            return a, y
    return None


def _ce_through_sigmoid(node: sympy.Basic, ctx: Context) -> sympy.Basic | None:
    if not isinstance(node, sympy.Mul):
        return None
    args = list(node.args)
    for i, factor in enumerate(args):
        found = _ce_prediction(factor)
        if found is None:
            continue
        a, y = found
        rest = args[:i] + args[i + 1:]
        if a in rest and (1 - a) in rest:
            rest.remove(a)
            rest.remove(1 - a)
            return sympy.Mul(*rest) * (a - y)
    return None


def _ce_by_prediction(node: sympy.Basic, ctx: Context) -> sympy.Basic | None:
    found = _ce_prediction(node)
    if found is None:
        return None
    a, y = found
    return (a - y) / (a * (1 - a))


def _common_factor(node: sympy.Basic, factor: sympy.Basic) -> sympy.Basic | None:
    """``factor · (Σ term/factor)`` kept unexpanded, when every term carries ``factor``."""
    if not isinstance(node, sympy.Add) or factor in (1, -1, 0):
        return None
    inner = [t / factor for t in node.args]
    if any(sympy.Mul.make_args(i)[0].is_Rational and not sympy.Mul.make_args(i)[0].is_Integer for i in inner):
        return None
    return sympy.Mul(factor, sympy.Add(*inner), evaluate=False)


def _constant_times_sum(node: sympy.Basic, ctx: Context) -> sympy.Basic | None:
    if not isinstance(node, sympy.Add) or not all(t.as_coeff_Mul()[0].is_Integer for t in node.args):
        return None
    c = sympy.igcd(*(int(t.as_coeff_Mul()[0]) for t in node.args))
    return _common_factor(node, sympy.Integer(c)) if c > 1 else None


def _per_sample_scale(node: sympy.Basic, ctx: Context) -> sympy.Basic | None:
    if ctx.scale == 1 or not isinstance(node, sympy.Add):
        return None
    if all(ctx.scale in sympy.Mul.make_args(t) for t in node.args):
        return _common_factor(node, ctx.scale)
    return None


#: The local rewrites, tried in order at each node, outermost node first.
LOCAL_REWRITES: tuple[LocalRewrite, ...] = (
    LocalRewrite("named-activation", "f(z) = a for a statement a = f(z): σ'(z) = a(1 − a), tanh'(z) = 1 − a²",
                 _named),
    LocalRewrite("cross-entropy-through-sigmoid", "(−y/a + (1 − y)/(1 − a)) · a(1 − a) = a − y", _ce_through_sigmoid),
    LocalRewrite("cross-entropy-by-prediction", "−y/a + (1 − y)/(1 − a) = (a − y)/(a(1 − a))", _ce_by_prediction),
    LocalRewrite("constant-times-sum", "c·u + c·v = c(u + v), kept as written", _constant_times_sum),
    LocalRewrite("per-sample-scale", "u/m + v/m = (1/m)(u + v): the 1/m of the mean in front", _per_sample_scale),
)


def _at_node(expr: sympy.Basic, ctx: Context, fired: list[str] | None) -> sympy.Basic:
    """The rewrites of :data:`LOCAL_REWRITES` that fire at ``expr`` itself, until none does."""
    for _ in range(MAX_PASSES):
        if expr.is_Atom:
            return expr
        rule, out = next(((r, o) for r in LOCAL_REWRITES if (o := r.apply(expr, ctx)) is not None and o != expr),
                         (None, None))  # fmt: skip
        if rule is None:
            return expr
        if fired is not None:
            fired.append(rule.name)
        expr = out
    return expr


def rewrite_locally(expr: sympy.Basic, ctx: Context, fired: list[str] | None = None) -> sympy.Basic:
    """``expr`` with :data:`LOCAL_REWRITES` applied, each at one node, outermost first.

    A product of a number with a sum rebuilt here is kept as written (``2(a − y)``, not ``2a − 2y``).

    Args:
        expr: a scalar expression (one step, or one entry of an element-wise matrix step).
        ctx: the named outputs and the scale.
        fired: filled with the names of the rewrites that fired.
    """
    if isinstance(expr, sympy.Derivative | sympy.Subs):
        return expr  # g'(z) keeps its g(z)
    expr = _at_node(expr, ctx, fired)
    if not isinstance(expr, sympy.Add | sympy.Mul | sympy.Pow | sympy.Function) or not expr.is_commutative:
        return expr
    args = [rewrite_locally(a, ctx, fired) for a in expr.args]
    if all(a is b for a, b in zip(args, expr.args, strict=True)):
        return expr
    if isinstance(expr, sympy.Mul) and len(args) == 2 and args[0].is_Number and args[1].is_Add:
        return sympy.Mul(*args, evaluate=False)
    return _at_node(expr.func(*args), ctx, fired)


def size(expr: sympy.Basic) -> int:
    """The number of operation nodes of ``expr`` (a cheap count: no ``count_ops`` on every step)."""
    refuse_text(expr, "a backprop step")
    return sum(1 for node in sympy.preorder_traversal(expr) if not node.is_Atom)


def covered(expr: sympy.Basic) -> bool:
    """Whether a step is shown as the local rewrites leave it: small, and no fraction inside a denominator."""
    if size(expr) > LOCAL_OPS:
        return False
    return not any(isinstance(p, sympy.Pow) and p.exp.is_negative and _has_denominator(p.base)
                   for p in sympy.preorder_traversal(expr))  # fmt: skip


def _has_denominator(expr: sympy.Basic) -> bool:
    return any(isinstance(p, sympy.Pow) and p.exp.is_negative for p in sympy.preorder_traversal(expr))


def tidy_scalar(expr: sympy.Basic, named: Mapping[sympy.Basic, sympy.Basic],
                scale: sympy.Basic = sympy.S.One) -> tuple[sympy.Basic, bool]:
    """One scalar step tidied: named outputs, local rewrites; a bounded simplify of this step only when uncovered.

    Args:
        expr: the step (incoming adjoint times local derivatives).
        named: ``f(z) → a`` for the statements ``a = f(z)``.
        scale: the per-sample scale.

    Returns:
        ``(shown, gave_up)``.
    """
    ctx = Context(named, scale)
    local = rewrite_locally(expr, ctx)
    if covered(local):
        return local, False
    out, gave_up = readable(local)
    out = replace_named(out, named)
    return (out if sympy.count_ops(out) <= sympy.count_ops(local) else local), gave_up


def tidy_elementwise(expr: sympy.Basic, named: Mapping[sympy.Basic, sympy.Basic],
                     scale: sympy.Basic = sympy.S.One) -> tuple[sympy.Basic, bool]:
    """One matrix step tidied entry by entry with the local rewrites (``A ⊙ (1 − A)`` for ``σ'(Z)``).

    The step's one-entry scalar form (:func:`~symdl.differentiate.elementwise.to_scalar`) is rewritten
    by :data:`LOCAL_REWRITES`; when that is not covered, :func:`simplify_elementwise` simplifies this step.

    Args:
        expr: the step, a matrix expression.
        named: ``A → f(Z)`` for the element-wise statements (matrix symbol → its definition).
        scale: the per-sample scale.
    """
    if not isinstance(expr, sympy.MatrixExpr):
        return expr, False
    entries = Entries()
    scalar = to_scalar(expr, entries)
    if not scalar.free_symbols & set(entries.matrix_of):
        return expr, False
    used = expr.atoms(sympy.MatrixSymbol)  # only the statements whose argument the step uses (linear in L)
    names = {to_scalar(d, entries): entries.stand_in(a) for a, d in named.items() if d.expr in used}
    local = rewrite_locally(scalar, Context(names, scale))
    if covered(local):
        if local == scalar:
            return expr, False  # nothing to rewrite: the step as the rules wrote it (W^T dZ ⊙ g'(Z))
        try:
            return from_scalar(local, entries, expr.shape), False
        except ValueError:
            pass
    return simplify_elementwise(expr, named=named)
