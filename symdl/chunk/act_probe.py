"""A float64 probe that rules out an activation's template before it is built and tested exactly.

:func:`symdl.chunk.act_templates._template_match` compares an expression with each activation's definition applied
to each candidate argument read off the expression (about 8 scalings of each call's argument): building those
templates and testing them exactly took half of ``explain``'s time on real formulas.  The probe evaluates the
expression once at the float64 points of :func:`symdl.chunk.exact.float_points`, each candidate argument there, and
the activation's definition at the argument's values (the definition is built once, on a dummy).  A candidate whose
values clearly differ from the expression's is not the activation of it (:func:`symdl.chunk.exact.clearly_differ`,
the same rule as the exact test's own pre-filter); the probe only ever rules out, the exact test still decides.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import sympy
from sympy.matrices.expressions.matexpr import MatrixExpr

from symdl.chunk.algebra import COINCIDENCES, elementary, leaves, pointwise
from symdl.chunk.exact import clearly_differ, float_points, outer_parts, part_names, values64

_ARG = sympy.Dummy("u", real=True)


@dataclass(frozen=True)
class Probe:
    """An expression's float64 values at the probe's points, with the names given to its opaque parts."""

    names: dict[sympy.Basic, sympy.Symbol]
    leaves: frozenset[sympy.Basic]
    points: list[dict[sympy.Basic, float]]
    values: tuple[complex | None, ...]
    arguments: dict[sympy.Basic, tuple[complex | None, ...] | None] = field(default_factory=dict)

    def rules_out(self, template: Callable[[sympy.Expr], sympy.Expr], x: sympy.Basic) -> bool:
        """Is ``template(x)`` clearly not the probed expression (values far apart at a point)?"""
        body = _template_body(template)
        at_arg = self._argument(x)
        if body is None or at_arg is None:
            return False
        got = tuple(None if v is None else values64(body, [{_ARG: v}])[0] for v in at_arg)
        return clearly_differ(self.values, got)

    def _argument(self, x: sympy.Basic) -> tuple[complex | None, ...] | None:
        """The candidate argument's values at the points (None: not a function of the expression's leaves), kept:
        each activation's recogniser offers the same candidates."""
        if x not in self.arguments:
            arg = _abstracted(elementary(x), self.names)
            ok = arg is not None and arg.free_symbols <= self.leaves
            self.arguments[x] = values64(arg, self.points) if ok else None
        return self.arguments[x]


def probe(expr: sympy.Basic) -> Probe | None:
    """The probe of ``expr`` (remembered per expression: every activation's recogniser probes the same node), or
    None where float64 values cannot stand for it (matrices, tests of two values equal, functions of its own)."""
    if expr in _PROBES:
        return _PROBES[expr]
    found = _probe(expr)
    if len(_PROBES) > 4096:
        _PROBES.clear()
    _PROBES[expr] = found
    return found


_PROBES: dict[sympy.Basic, Probe | None] = {}


def _probe(expr: sympy.Basic) -> Probe | None:
    if isinstance(expr, MatrixExpr):
        return None
    flat = elementary(expr)
    if flat.has(*COINCIDENCES):
        return None
    names = part_names(outer_parts(flat))
    whole = _abstracted(flat, names)
    if whole is None:
        return None
    at = leaves(whole)
    points = float_points(at)
    return Probe(names, frozenset(at), points, values64(whole, points))


def _abstracted(e: sympy.Basic, names: dict[sympy.Basic, sympy.Symbol]) -> sympy.Basic | None:
    """``e`` with its opaque parts named as the probed expression's; None if a part is left or not evaluable."""
    out = e.xreplace(names) if names else e
    return out if pointwise(out) else None


def _template_body(template: Callable[[sympy.Expr], sympy.Expr]) -> sympy.Basic | None:
    """The activation's elementary definition of the dummy argument (built once per template)."""
    if template not in _BODIES:
        body = elementary(template(_ARG))
        _BODIES[template] = body if pointwise(body) else None
    return _BODIES[template]


_BODIES: dict[Callable[[sympy.Expr], sympy.Expr], sympy.Basic | None] = {}
