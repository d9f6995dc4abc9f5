"""Concepts written INSIDE a named block that its roles do not reach: a definition that calls another catalogue
function by name, or a self-gated activation's gate.

A block's children are found in the parts its concept names (its roles).  Two kinds of inner concept lie outside
those parts and are still written in the formula, so a reader names them (issue 14):

- a call of a catalogue function: SiLU's ``x\\sigma(x)`` (sigmoid), Mish's ``x\\tanh(\\mathrm{softplus}(x))``
  (tanh, softplus), GLU's ``a \\otimes \\sigma(b)``, ``\\tanh(x) = 2\\sigma(2x) - 1``,
  ``\\log\\sigma(x) = -\\mathrm{softplus}(-x)``: the call is the concept, whatever the outer block is;
- the gate of a self-gated activation ``x \\cdot g(x)`` (Ramachandran et al. 2017, Howard et al. 2019): the
  cofactor of the input, when it is itself an activation: hard-swish's ``\\mathrm{ReLU6}(x+3)/6`` is the hard
  sigmoid, GELU's ``x\\sigma(1.702x)`` holds a sigmoid.
"""

from __future__ import annotations

import sympy

from symdl.activations import CLASS_CONCEPTS
from symdl.chunk.registry import REGISTRY, Match, named_concept

#: how a call of an activation class is written; a call the reader produced by expanding another name (Swish_β's
#: sigmoid, with no σ in the text) is not written, so not named
_WRITTEN = {"sigmoid": ("\\sigma", "sigmoid", "σ"), "tanh": ("tanh",), "softplus": ("softplus", "\\zeta"),
            "relu": ("relu",)}


def is_catalogue_call(node: sympy.Basic, source: str = "") -> bool:
    """Is ``node`` a call of a function the catalogue names (σ, tanh, softplus, ReLU, a named layer), written in
    ``source`` (lower-cased)?"""
    if not isinstance(node, sympy.Function) or not node.args:
        return False
    if named_concept(node) is not None:
        return True
    cid = CLASS_CONCEPTS.get(type(node))
    return cid in REGISTRY and any(w in source for w in _WRITTEN.get(cid or "", ()))


def self_gate(expr: sympy.Basic, match: Match) -> sympy.Basic | None:
    """The gate ``g(x)`` of an activation written ``x \\cdot g(x)`` (its input a factor of the block), else None."""
    if REGISTRY[match.concept].category != "activation" or not isinstance(expr, sympy.Mul):
        return None
    x = match.role("input")
    if x is None or x not in expr.args or len(expr.args) < 2:
        return None
    rest = [a for a in expr.args if a != x]
    gate = sympy.Mul(*rest)
    return gate if gate.has(x) and not gate.is_Atom else None


def inner_calls(expr: sympy.Basic, covered: set[sympy.Basic], source: str) -> list[sympy.Basic]:
    """Catalogue calls inside ``expr`` (outermost first), not inside ``expr`` itself's own head nor any ``covered``
    block (a child's own rule finds what is inside it)."""
    out: list[sympy.Basic] = []

    def visit(node: sympy.Basic) -> None:
        if node in covered or isinstance(node, sympy.MatrixBase):
            return
        if isinstance(node, sympy.Lambda) and node is getattr(expr, "function", None):
            return  # tanh applied entry-wise, Lambda(x, tanh(x)): the block's own function, not a call inside it
        if node is not expr and is_catalogue_call(node, source):
            out.append(node)
            return
        for a in node.args:
            if isinstance(a, sympy.Basic):
                visit(a)

    visit(expr)
    return out


def is_activation_chunk(concept: str | None) -> bool:
    """Is ``concept`` an activation function (a gate's concept must be one to be said)?"""
    return concept is not None and concept in REGISTRY and REGISTRY[concept].category == "activation"
