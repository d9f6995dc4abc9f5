"""Graph neural networks: a node's new features from its neighbours' (message passing).

* message_passing: ``Σ_{j ∈ N(i)} f(x_j, ...)`` read by :mod:`symdl.read.setsums` as a sum over every j of the body
  times the 0/1 adjacency ``\\mathcal{N}_{ij}`` (``\\mathcal{N}_{ij} + δ_{ij}`` with GCN's self-loop ``\\cup \\{i\\}``):
  the adjacency factor IS the structure (node i gathers from the nodes it links to).  A degree normalisation
  ``1/\\sqrt{d_i d_j}`` beside it is GCN's symmetric normalisation (Kipf & Welling), said in the note.
"""

from __future__ import annotations

import sympy

from symdl.chunk.algebra import factors
from symdl.chunk.registry import Concept, Context, Match


def _adjacency(f: sympy.Basic, i: sympy.Basic, j: sympy.Basic, ctx: Context) -> bool:
    """Is ``f`` the neighbourhood's 0/1 adjacency of the pair (i, j): ``\\mathcal{N}_{ij}`` (the reader's factor for
    ``j \\in \\mathcal{N}(i)``), maybe plus the self-loop ``δ_{ij}``?"""
    if isinstance(f, sympy.Add):
        return len(f.args) == 2 and any(isinstance(t, sympy.KroneckerDelta) for t in f.args) and any(
            _adjacency(t, i, j, ctx) for t in f.args if not isinstance(t, sympy.KroneckerDelta))
    return (isinstance(f, sympy.Indexed) and f.indices == (i, j)
            and ctx.spelling(f.base).replace(" ", "").startswith(("\\mathcal{N}", "\\mathcal{S}", "N")))


def _message_passing(expr: sympy.Basic, ctx: Context) -> Match | None:
    if not isinstance(expr, sympy.Sum) or len(expr.limits) != 1 or ctx.formula is None:
        return None
    if not any(n.rule == "sum-over-neighbours" for n in ctx.formula.notes):
        return None  # the adjacency comes only from a neighbourhood the formula writes
    j = expr.limits[0][0]
    fs = factors(expr.function)
    adj = [f for f in fs if any(_adjacency(f, i, j, ctx) for i in f.free_symbols if i != j and i.is_integer)]
    if len(adj) != 1:
        return None
    body = sympy.Mul(*[f for f in fs if f is not adj[0]])
    if not body.has(j):
        return None  # a count of the neighbours: the degree, no message
    loop = " and from itself (the self-loop of \\cup \\{i\\})" if isinstance(adj[0], sympy.Add) else ""
    degrees = [f for f in fs if isinstance(f, sympy.Pow) and f.exp.is_negative and f.base.has(j)]
    norm = ("; each message divided by the degrees of both ends, GCN's symmetric normalisation (Kipf & Welling)"
            if degrees else "")
    note = f"each node gathers messages from its neighbours{loop}, summed{norm}"
    return Match("message_passing", roles=(("message", body), ("neighbourhood", adj[0])), note=note)


CONCEPTS: tuple[Concept, ...] = (
    Concept(
        "message_passing", "message passing (neighbourhood aggregation)",
        "a node's new features from its neighbours' features, gathered and combined",
        "h_i' = φ(h_i, ⊕_{j ∈ N(i)} ψ(h_i, h_j, e_ij)): every node collects a message from each neighbour in the "
        "graph and aggregates them (a sum, a mean, a max; weighted by attention in GAT), then updates its own "
        "features. GCN divides each message by √(d_i d_j) and includes the node itself (Kipf & Welling 2017); "
        "GraphSAGE takes the mean; GIN a sum with (1 + ε) times the node (Xu et al. 2019).",
        ("message", "neighbourhood"), ("weighted_sum", "additive_attention", "mean"), "layer", _message_passing,
        heads=(sympy.Sum,),
    ),
)
