"""The identity test of the activation recognisers: an expression against each activation's definition.

An activation not written by name (``e^x/(1+e^x)``, ``1/(1+\\exp(-x))``) is compared, under a bounded numeric
identity test, against each activation's definition applied to candidate arguments taken from the expression
itself (the arguments of its ``exp``/``tanh``/``erf``/``max`` calls, up to the scalings that appear in the
classic rewritings); a float64 probe rules most candidates out before the exact test.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy
from sympy import Max, Min, Piecewise, sqrt

from symdl.activations import CLASSES as ACTIVATION_CLASSES
from symdl.activations import TEMPLATES as ACTIVATION_TEMPLATES
from symdl.chunk.act_probe import probe
from symdl.chunk.algebra import equivalent, is_number
from symdl.chunk.registry import Match
from symdl.simplify import expand_within, per_call

_SCALES = (1, -1, sympy.Rational(1, 2), -sympy.Rational(1, 2), 2, -2, sqrt(2), 1 / sqrt(2))
_CALLS = (sympy.exp, sympy.erf, sympy.sinh, sympy.cosh, *ACTIVATION_CLASSES)  # the activations': their records
_MAX_OPS = 45

#: Elementary definitions (exact) used by the identity test, from the activations' records (symdl.activations).
TEMPLATES: dict[str, Callable[[sympy.Expr], sympy.Expr]] = dict(ACTIVATION_TEMPLATES)


def _candidates(expr: sympy.Basic) -> tuple[sympy.Basic, ...]:
    """Arguments an activation could be applied to, read off the expression's own calls."""
    bases: list[sympy.Basic] = []
    for call in expr.atoms(*_CALLS, Max, Min, sympy.Abs):
        bases.extend(call.args)
    for pw in expr.atoms(Piecewise):
        for _, cond in pw.args:
            if isinstance(cond, sympy.core.relational.Relational):
                bases.append(cond.lhs - cond.rhs)
    out: list[sympy.Basic] = []
    leaves = expr.free_symbols
    for b in bases:
        for k in _SCALES:
            c = expand_within(k * b)
            if c not in out and not is_number(c) and c.free_symbols == leaves:
                out.append(c)
    if len(leaves) == 1 and next(iter(leaves)) not in out:
        out.append(next(iter(leaves)))
    return tuple(out)


def _small_candidates(expr: sympy.Basic) -> tuple[sympy.Basic, ...]:
    """:func:`_candidates` of an expression of at most ``_MAX_OPS`` operations, else none."""
    return () if sympy.count_ops(expr) > _MAX_OPS else _candidates(expr)


def _template_match(expr: sympy.Basic, concept: str) -> Match | None:
    """Match ``expr`` against the definition (or a known approximation) of ``concept``."""
    if concept not in TEMPLATES or expr.is_Atom or getattr(expr, "is_Matrix", False):
        return None  # an activation's template is of a number; count_ops of a matrix expression doit()s it deeply
    if not expr.has(*_CALLS, Max, Piecewise, sympy.Abs) or isinstance(expr, sympy.Abs):
        return None  # a bare |u| is an absolute value, never an activation (LAMB's |r + λx| of positive names: ReLU)
    # every activation's recogniser asks for the same node's arguments: found once per call (symdl.simplify.per_call)
    candidates = per_call(("activation candidates", expr), lambda: _small_candidates(expr))
    seen = probe(expr) if candidates else None  # float64 values rule most candidates out before templates (act_probe)
    for x in candidates:
        if seen is not None and seen.rules_out(TEMPLATES[concept], x):
            continue
        if equivalent(expr, _template(concept, x)):
            return Match(concept, roles=(("input", x),), note="written in an equivalent elementary form")
    return None


def _template(concept: str, x: sympy.Basic) -> sympy.Basic:
    """``concept``'s definition applied to ``x`` (remembered: each node offers the same candidate arguments to
    every activation's recogniser, and building ``max(0, x)`` asks SymPy's assumptions about ``x``)."""
    found = _TEMPLATE_OF.get((concept, x))
    if found is None:
        found = TEMPLATES[concept](x)
        if len(_TEMPLATE_OF) > 4096:
            _TEMPLATE_OF.clear()
        _TEMPLATE_OF[concept, x] = found
    return found


_TEMPLATE_OF: dict[tuple[str, sympy.Basic], sympy.Basic] = {}
