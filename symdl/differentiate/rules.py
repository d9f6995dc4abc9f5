"""Derivative rules as data.

Two tables, in the spirit of autograd's ``defvjp``: :data:`FUNCTION_RULES` maps a
scalar function class to its derivative (with the human-readable name of the
rule and, where one applies, the concept its derivative is expressed through),
and :data:`STRUCTURAL_RULES` names the calculus rules (sum, product, chain ...)
that the differentiators cite in their steps.  Matrix rules (vector-Jacobian
products) live in :mod:`symdl.differentiate.matrix` in the same style.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import sympy

from symdl.activations import ACTIVATIONS


@dataclass(frozen=True)
class FunctionRule:
    """The derivative of a one-argument function ``f``: ``f'(u)`` as an expression in ``u``.

    Attributes:
        name: the rule's name as cited in a step ("sigmoid derivative").
        formula: the rule written out ("σ'(u) = σ(u)(1 − σ(u))").
        derivative: ``u -> f'(u)``.
        concept: the concept the derivative is expressed through, if any.
    """

    name: str
    formula: str
    derivative: Callable[[sympy.Expr], sympy.Expr]
    concept: str | None = None


@dataclass(frozen=True)
class Rule:
    """A named calculus rule cited in derivation steps."""

    name: str
    formula: str


FUNCTION_RULES: dict[type, FunctionRule] = {
    sympy.exp: FunctionRule("exponential derivative", "(e^u)' = e^u", sympy.exp),
    sympy.log: FunctionRule("logarithm derivative", "(log u)' = 1/u", lambda u: 1 / u),
    sympy.Abs: FunctionRule("absolute value derivative", "|u|' = sign(u) (u ≠ 0)", sympy.sign),
    sympy.sign: FunctionRule("sign derivative", "sign'(u) = 0 (u ≠ 0; a jump at 0)", lambda u: sympy.S.Zero),
    sympy.floor: FunctionRule("floor derivative", "⌊u⌋' = 0 (u not a whole number; a jump at each)",
                              lambda u: sympy.S.Zero),
    sympy.ceiling: FunctionRule("ceiling derivative", "⌈u⌉' = 0 (u not a whole number; a jump at each)",
                                lambda u: sympy.S.Zero),
    sympy.sin: FunctionRule("sine derivative", "sin'(u) = cos(u)", sympy.cos),
    sympy.cos: FunctionRule("cosine derivative", "cos'(u) = −sin(u)", lambda u: -sympy.sin(u)),
    sympy.sinh: FunctionRule("sinh derivative", "sinh'(u) = cosh(u)", sympy.cosh),
    sympy.cosh: FunctionRule("cosh derivative", "cosh'(u) = sinh(u)", sympy.sinh),
    # the activations' rows, from their records (symdl.activations)
    **{a.cls: FunctionRule(a.rule_name or f"{a.key} derivative", a.rule, a.derivative, concept=a.rule_concept)
       for a in ACTIVATIONS if a.cls is not None},
}

STRUCTURAL_RULES: dict[str, Rule] = {
    "identity": Rule("identity", "dx/dx = 1"),
    "constant": Rule("constant rule", "dc/dx = 0"),
    "kronecker": Rule("Kronecker delta", "∂z_i/∂z_k = δ_ik"),
    "sum": Rule("sum rule", "(u + v)' = u' + v'"),
    "constant_multiple": Rule("constant multiple rule", "(c u)' = c u'"),
    "product": Rule("product rule", "(u v)' = u' v + u v'"),
    "power": Rule("power rule", "(u^n)' = n u^(n−1) u'"),
    "exponential": Rule("exponential rule", "(a^u)' = a^u log(a) u'"),
    "general_power": Rule("general power rule", "(u^v)' = u^v (v' log u + v u'/u)"),
    "chain": Rule("chain rule", "f(u)' = f'(u) u'"),
    "index_sum": Rule("derivative of a sum over an index", "∂/∂z_k Σ_j f(z_j) = Σ_j f'(z_j) δ_jk = f'(z_k)"),
    "fallback": Rule("SymPy differentiation", "d/dx computed by sympy.diff"),
    "compose": Rule("substitution of definitions", "named quantities replaced by their definitions"),
    "simplify": Rule("simplification", "bounded simplify"),
    "concept": Rule("expressed through a concept", "rewritten in terms of a named concept"),
}


def function_rule(expr: sympy.Basic) -> FunctionRule | None:
    """The registered rule for a one-argument function application, or None."""
    if not isinstance(expr, sympy.Function) or len(expr.args) != 1:
        return None
    return FUNCTION_RULES.get(type(expr)) or FUNCTION_RULES.get(expr.func)  # type: ignore[call-overload]
