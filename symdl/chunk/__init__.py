"""Chunking: name the concepts inside a formula and explain them.

Public entry points: :func:`explain` (a :class:`Explanation` with a chunk tree per
statement) and :func:`compare` (are two formulas the same concept, under which
mapping of symbols and parameters?).  The concept registry is :data:`REGISTRY`.
"""

from __future__ import annotations

from symdl.chunk import (
    concepts_act,
    concepts_act_more,
    concepts_attention,
    concepts_augment,
    concepts_bnback,
    concepts_calculus,
    concepts_celu,
    concepts_decay,
    concepts_diffusion,
    concepts_divergence,
    concepts_graph,
    concepts_init,
    concepts_layers,
    concepts_linalg,
    concepts_loss,
    concepts_loss2,
    concepts_moe,
    concepts_norm,
    concepts_normlayers,
    concepts_optim,
    concepts_optim2,
    concepts_prob,
    concepts_rl,
    concepts_rnn,
    concepts_schedule,
    concepts_ssm,
    concepts_stats,
    concepts_sum,
)
from symdl.chunk.compare import Comparison, compare
from symdl.chunk.explain import explain, recognise
from symdl.chunk.registry import REGISTRY, Concept, Context, Match, register
from symdl.chunk.tree import Chunk, Explanation, NearMiss, Relation

# Registration order is priority order: the more specific concept is the primary name of a block
# (a hinge before the ReLU it contains, softmax before the sigmoid e^a/(e^a+e^b) also is, SELU before ELU);
# the normalisation layers, divergences (a KL written E_p[log p − log q] before the expectation it is),
# statistics, probability and initialisation come first: RMSNorm before the
# RMS normalisation it contains, batch/layer norm before standardisation, a variance before the mean squared
# error it also is; recurrent cells come before the optimisers (a GRU's gated interpolation before the EMA it
# resembles); ``mean`` comes last: (x + |x|)/2 is a ReLU before it is a mean of two terms.
if not REGISTRY:
    register(
        *concepts_normlayers.CONCEPTS,
        *concepts_divergence.CONCEPTS,
        *concepts_diffusion.CONCEPTS,
        *concepts_stats.CONCEPTS,
        *concepts_prob.CONCEPTS,
        *concepts_init.CONCEPTS,
        *concepts_rnn.CONCEPTS,
        *concepts_rl.CONCEPTS,
        *concepts_ssm.CONCEPTS,
        *concepts_bnback.CONCEPTS,
        *concepts_calculus.CONCEPTS,
        *concepts_optim2.CONCEPTS,
        *concepts_optim.CONCEPTS,
        *concepts_schedule.CONCEPTS,
        *concepts_decay.CONCEPTS,
        *concepts_loss2.CONCEPTS,
        *concepts_moe.CONCEPTS,
        *concepts_graph.CONCEPTS,
        *concepts_augment.CONCEPTS,
        *concepts_sum.CONCEPTS,
        *concepts_loss.CONCEPTS,
        *concepts_norm.CONCEPTS,
        *concepts_attention.CONCEPTS,
        *concepts_layers.CONCEPTS,
        *concepts_linalg.CONCEPTS,
        *concepts_celu.CONCEPTS,
        *concepts_act_more.CONCEPTS,
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
