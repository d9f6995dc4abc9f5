"""The rules for ranks: membership of the k largest (:mod:`symdl.read.topk`) and the index of the largest entry taken
as a value (:mod:`symdl.read.argvalue`).  One row each, merged into :data:`symdl.read.notes.NOTE_RULES`."""

from __future__ import annotations

#: rule → (message, alternative) of the rank rules
RANK_NOTES: dict[str, tuple[str, str]] = {
    "topk-member": (
        "read {text} as: {value} is among the {k} largest of the {member} over {index} (a mixture of experts' top-K "
        "routing, DeepSeekMoE's s_{{i,t}} \\in Topk(\\{{s_{{j,t}}\\}}, K)): fewer than {k} of them are strictly "
        "larger; with ties at the {k}-th value every tied one is kept",
        "to keep exactly {k} with ties broken by position (as torch.topk does), number the tied ones yourself; "
        "for another set, write the condition as comparisons",
    ),
}
