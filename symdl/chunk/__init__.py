"""Chunking: name the concepts inside a formula and explain them.

Public entry points: :func:`explain` (a :class:`Explanation` with a chunk tree per
statement) and :func:`compare` (are two formulas the same concept, under which
mapping of symbols and parameters?).  The concept registry is :data:`REGISTRY`.
"""

from __future__ import annotations

from symdl.chunk import (
    concepts_act,
    concepts_attention,
    concepts_linalg,
    concepts_loss,
    concepts_norm,
    concepts_optim,
    concepts_optim2,
    concepts_schedule,
    concepts_sum,
)
from symdl.chunk.compare import Comparison, compare
from symdl.chunk.explain import explain, recognise
from symdl.chunk.registry import REGISTRY, Concept, Context, Match, register
from symdl.chunk.tree import Chunk, Explanation, NearMiss, Relation

# Registration order is priority order: the more specific concept is the primary name of a block
# (a hinge before the ReLU it contains, softmax before the sigmoid e^a/(e^a+e^b) also is, SELU before ELU);
# ``mean`` comes last: (x + |x|)/2 is a ReLU before it is a mean of two terms.
if not REGISTRY:
    register(
        *concepts_optim2.CONCEPTS,
        *concepts_optim.CONCEPTS,
        *concepts_schedule.CONCEPTS,
        *concepts_sum.CONCEPTS,
        *concepts_loss.CONCEPTS,
        *concepts_norm.CONCEPTS,
        *concepts_attention.CONCEPTS,
        *concepts_linalg.CONCEPTS,
        *concepts_act.CONCEPTS,
        concepts_sum.MEAN,
    )

__all__ = [
    "REGISTRY",
    "Chunk",
    "Comparison",
    "Concept",
    "Context",
    "Explanation",
    "Match",
    "NearMiss",
    "Relation",
    "compare",
    "explain",
    "recognise",
]
