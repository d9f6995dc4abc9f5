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
    "argmax-value": (
        "read {text} as the index of the {which} entry of {arg} ({op} over its entries {index}), numbered from 1 as "
        "symdl numbers entries (ties go to the first): a value to compare and count (the Switch Transformer's "
        "\\mathbb{{1}}\\{{\\operatorname{{argmax}}(p(x)) = i\\}}, a classifier's predicted class)",
        "numpy and PyTorch number from 0: np.argmax(z) is this minus 1; for an optimum over a variable, write it "
        "under the operator: \\arg\\max_\\theta L(\\theta)",
    ),
}
