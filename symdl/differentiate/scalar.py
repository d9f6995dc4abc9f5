"""Scalar (and indexed-family) differentiation that records the rule used at every step.

:func:`derive` walks the expression tree once, dispatching on the node type through
:data:`NODE_RULES`; function applications use :data:`~symdl.differentiate.rules.FUNCTION_RULES`.
Every node that depends on the variable contributes a :class:`Step` (innermost first),
so the last step is the derivative of the whole expression.

:data:`CONCEPT_REWRITES` then re-expresses results through named concepts
(``σ'(z) = σ(z)(1 − σ(z))``, softmax's ``p_i(δ_ik − p_k)``, ``∂CE/∂z = p − y``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import sympy
from sympy import Indexed, IndexedBase, KroneckerDelta, Sum
from sympy.matrices.exceptions import ShapeError

from symdl.activations import ACTIVATIONS
from symdl.differentiate.indexed import express_softmax, resolve_deltas, sums_of_targets
from symdl.differentiate.rules import STRUCTURAL_RULES, function_rule
from symdl.errors import NotSupported
from symdl.simplify import bounded_call, bounded_simplify, part
from symdl.untrusted import refuse_text

#: At most this many steps are kept (the outermost ones: they explain the result).
MAX_STEPS = 40


@dataclass(frozen=True)
class Step:
    """One step of a derivation.

    Attributes:
        description: what is differentiated, e.g. ``d/dx sigmoid(w*x)``.
        rule: the name of the rule used.
        expr: the result of the step.
        operand: the sub-expression that was differentiated (None for whole-result steps).
    """

    description: str
    rule: str
    expr: sympy.Basic
    operand: sympy.Basic | None = None


@dataclass
class _Walk:
    """State of one differentiation: the variable and the steps recorded so far."""

    wrt: sympy.Basic
    steps: list[Step] = field(default_factory=list)
    keep: bool = True  # False: the derivative only (backprop's local derivatives print no step)

    def depends(self, expr: sympy.Basic) -> bool:
        if isinstance(self.wrt, Indexed):
            return expr.has(self.wrt.base)
        return expr.has(self.wrt)

    def record(self, operand: sympy.Basic, rule: str, result: sympy.Basic) -> None:
        if not self.keep:
            return
        self.steps.append(Step(f"d/d{self.wrt} [{operand}]", rule, result, operand))


def _leaf(expr: sympy.Basic, walk: _Walk) -> tuple[sympy.Basic, str]:
    wrt = walk.wrt
    if expr == wrt:
        return sympy.S.One, STRUCTURAL_RULES["identity"].name
    if isinstance(expr, Indexed) and isinstance(wrt, Indexed) and expr.base == wrt.base:
        if len(expr.indices) != len(wrt.indices):
            raise NotSupported(
                f"{expr.base} is used with {len(expr.indices)} and with {len(wrt.indices)} indices",
                hint="use one family name with one number of indices",
            )
        deltas = [KroneckerDelta(a, b) for a, b in zip(expr.indices, wrt.indices, strict=True)]
        return sympy.Mul(*deltas), STRUCTURAL_RULES["kronecker"].name
    return sympy.S.Zero, STRUCTURAL_RULES["constant"].name


def _add(expr: sympy.Basic, walk: _Walk) -> tuple[sympy.Basic, str]:
    return sympy.Add(*(derive(a, walk) for a in expr.args)), STRUCTURAL_RULES["sum"].name


def _mul(expr: sympy.Basic, walk: _Walk) -> tuple[sympy.Basic, str]:
    args = expr.args
    dependent = [i for i, a in enumerate(args) if walk.depends(a)]
    terms = []
    for i in dependent:
        rest = sympy.Mul(*(a for j, a in enumerate(args) if j != i))
        terms.append(rest * derive(args[i], walk))
    key = "constant_multiple" if len(dependent) == 1 else "product"
    return sympy.Add(*terms), STRUCTURAL_RULES[key].name


def _pow(expr: sympy.Basic, walk: _Walk) -> tuple[sympy.Basic, str]:
    base, exponent = expr.args
    if not walk.depends(exponent):
        return exponent * base ** (exponent - 1) * derive(base, walk), STRUCTURAL_RULES["power"].name
    if not walk.depends(base):
        return expr * sympy.log(base) * derive(exponent, walk), STRUCTURAL_RULES["exponential"].name
    result = expr * (derive(exponent, walk) * sympy.log(base) + exponent * derive(base, walk) / base)
    return result, STRUCTURAL_RULES["general_power"].name


def _sum(expr: sympy.Basic, walk: _Walk) -> tuple[sympy.Basic, str]:
    inner = derive(expr.function, walk)
    return resolve_deltas(Sum(inner, *expr.limits)), STRUCTURAL_RULES["index_sum"].name


def _function(expr: sympy.Basic, walk: _Walk) -> tuple[sympy.Basic, str]:
    rule = function_rule(expr)
    if rule is None:
        return _fallback(expr, walk)
    (arg,) = expr.args
    outer = rule.derivative(arg)
    if arg == walk.wrt:
        return outer, rule.name
    return outer * derive(arg, walk), f"{STRUCTURAL_RULES['chain'].name} + {rule.name}"


def _fallback(expr: sympy.Basic, walk: _Walk) -> tuple[sympy.Basic, str]:
    try:
        return sympy.diff(expr, walk.wrt), STRUCTURAL_RULES["fallback"].name
    except (NotImplementedError, ShapeError):
        pass  # SymPy's Trace has no derivative by a number: \|2 e^x - 2 e \alpha_t\|^2 with e a vector (fuzz seed 151);
        # its matrix diff by a number misaligns products: \|X(\theta - \eta g) - y\|^2 by \eta (a step size)
    if isinstance(expr, sympy.Trace):
        try:  # the trace is linear: the trace of the derivative of its matrix
            return sympy.Trace(sympy.diff(expr.arg, walk.wrt)), STRUCTURAL_RULES["fallback"].name
        except (NotImplementedError, ShapeError):
            pass
    raise NotSupported(
        f"the derivative of {type(expr).__name__} with respect to the number {walk.wrt}",
        hint="differentiate with respect to the vector or matrix in it, or write the expression with entries",
    )


#: Node type → differentiation rule (first ``isinstance`` match wins; order matters).
NODE_RULES: tuple[tuple[type, Callable[[sympy.Basic, _Walk], tuple[sympy.Basic, str]]], ...] = (
    (sympy.Symbol, _leaf),
    (Indexed, _leaf),
    (sympy.Add, _add),
    (sympy.Mul, _mul),
    (sympy.Pow, _pow),
    (Sum, _sum),
    (sympy.Function, _function),
)


def derive(expr: sympy.Basic, walk: _Walk) -> sympy.Basic:
    """The derivative of ``expr`` with respect to ``walk.wrt``, recording steps."""
    if not walk.depends(expr):
        return sympy.S.Zero
    for node_type, rule in NODE_RULES:
        if isinstance(expr, node_type):
            result, name = rule(expr, walk)
            break
    else:
        result, name = _fallback(expr, walk)
    if name not in (STRUCTURAL_RULES["identity"].name, STRUCTURAL_RULES["constant"].name):
        walk.record(expr, name, result)
    return result


def derive_with_steps(expr: sympy.Basic, wrt: sympy.Basic) -> tuple[sympy.Basic, list[Step]]:
    """Differentiate ``expr`` by ``wrt`` (a Symbol or an Indexed ``z[k]``).

    Returns:
        ``(raw derivative, steps)``; at most :data:`MAX_STEPS` outermost steps are kept.
    """
    walk = _Walk(wrt)
    result = derive(expr, walk)
    return result, walk.steps[-MAX_STEPS:]


def derivative(expr: sympy.Basic, wrt: sympy.Basic) -> sympy.Basic:
    """``∂expr/∂wrt`` by the same rules, without recording (or printing) any step."""
    return derive(expr, _Walk(wrt, keep=False))


# --- concepts ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ConceptRewrite:
    """A way to re-express a derivative through a named concept.

    Attributes:
        name: the concept ("sigmoid", "softmax", "probability vector").
        statement: what the rewrite uses, shown to the user.
        apply: ``(result, source) -> rewritten or None``.
        assumption: an assumption the rewrite needs (reported), or ''.
    """

    name: str
    statement: str
    apply: Callable[[sympy.Basic, sympy.Basic], sympy.Basic | None]
    assumption: str = ""


def _via_softmax(result: sympy.Basic, source: sympy.Basic) -> sympy.Basic | None:
    return express_softmax(result, source)


def _via_probability_vector(result: sympy.Basic, source: sympy.Basic) -> sympy.Basic | None:
    """``Σ_i y_i = 1`` for a target family y of a cross-entropy ``Σ y_i log(...)``."""
    targets = [
        s
        for s in sums_of_targets(result)
        if any(
            isinstance(t, sympy.Mul) and s.function.base in {a.base for a in t.atoms(Indexed)}
            for t in source.atoms(sympy.Mul)
            if t.has(sympy.log)
        )
    ]
    if not targets:
        return None
    return sympy.factor_terms(result.xreplace(dict.fromkeys(targets, sympy.S.One)))


#: Concept rewrites, tried in order; each works on the previous one's output.
CONCEPT_REWRITES: tuple[ConceptRewrite, ...] = (
    ConceptRewrite("softmax", "p_i = e^{z_i} / Σ_j e^{z_j}", _via_softmax),
    *(ConceptRewrite(a.concept, *a.expressed) for a in ACTIVATIONS if a.expressed and a.concept),  # the sigmoid's
    ConceptRewrite(
        "probability vector",
        "Σ_i y_i = 1",
        _via_probability_vector,
        assumption="the targets y form a probability vector (one-hot): Σ_i y_i = 1",
    ),
)


def size(expr: sympy.Basic) -> tuple[int, int, int]:
    """Readability order: fewer operations, then fewer top-level terms (factored), then shorter text."""
    refuse_text(expr, "the expression")
    return int(sympy.count_ops(expr)), len(sympy.Add.make_args(expr)), len(str(expr))


def express_through_concepts(
    candidates: tuple[sympy.Basic, ...], source: sympy.Basic, *, steps: int | None = None
) -> tuple[sympy.Basic | None, tuple[str, ...], tuple[str, ...]]:
    """Try :data:`CONCEPT_REWRITES` on each candidate form of a derivative (raw, simplified).

    Returns:
        ``(expressed or None, concept names used, assumptions made)`` for the most readable
        successful candidate.
    """
    best: tuple[sympy.Basic | None, tuple[str, ...], tuple[str, ...]] = (None, (), ())
    for start in candidates:
        current, names, assumptions = start, [], []
        for rewrite in CONCEPT_REWRITES:

            def _attempt(rw: ConceptRewrite = rewrite, cur: sympy.Basic = current) -> sympy.Basic | None:
                return rw.apply(cur, source)

            out, gave_up = bounded_call(_attempt, steps=steps)
            if gave_up or out is None or out == current:
                continue
            current = out
            names.append(rewrite.name)
            if rewrite.assumption:
                assumptions.append(rewrite.assumption)
        if names and (best[0] is None or size(current) < size(best[0])):
            best = (current, tuple(names), tuple(assumptions))
    return best


def _heads(expr: sympy.Basic) -> set[type]:
    return {type(f) for f in expr.atoms(sympy.Function)}


def readable(expr: sympy.Basic, *, steps: int | None = None) -> tuple[sympy.Basic, bool]:
    """The most readable of ``expr``, its bounded simplification and factorisation (``steps`` counted steps)."""
    simplified, gave_up = bounded_simplify(expr, steps=steps)
    candidates = [expr, simplified]
    if not gave_up and not simplified.has(Sum, Indexed):
        factored, _ = bounded_simplify(simplified, steps=part(steps, 0.5), pipeline=sympy.factor)
        candidates.append(factored)
    allowed = _heads(expr)
    return min((c for c in candidates if _heads(c) <= allowed), key=size), gave_up


def is_indexed_family(obj: sympy.Basic) -> bool:
    """An ``IndexedBase`` (a family such as ``z``)."""
    return isinstance(obj, IndexedBase)
