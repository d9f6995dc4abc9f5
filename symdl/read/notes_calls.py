"""The reading rules for named operations written as calls (``\\cos(x_1, x_2)``, ``\\mathrm{log\\_softmax}(x)_i``):
one row each, merged into :data:`symdl.read.notes.NOTE_RULES`."""

from __future__ import annotations

#: rule → (message, alternative) of the rules that give a call of a known name its meaning in deep-learning texts
CALL_NOTES: dict[str, tuple[str, str]] = {
    "cos-similarity": (
        "read {text} as the cosine similarity of two vectors, x_1^T x_2 / (\\|x_1\\| \\|x_2\\|), as PyTorch's "
        "CosineSimilarity and CosineEmbeddingLoss write \\cos(x_1, x_2); its two arguments are vectors",
        "for the cosine of a number, give \\cos one argument; to write the similarity out: "
        "\\frac{{x_1^T x_2}}{{\\|x_1\\| \\|x_2\\|}}",
    ),
    "entry-vector": (
        "read {name} in {text} as a vector: an entry of {function}'s value is taken, and {function} maps a vector "
        "to a vector (PyTorch's softmax(x)_i, log_softmax(x)_i)",
        "for a number, apply the function to it without an entry; bold the vector (\\mathbf{{{name}}}) to say so",
    ),
    "star-convolution": (
        "read {text} as the convolution of {left} and {right} evaluated at {at}, \\operatorname{{conv}}({left}, "
        "{right}, {at}), as Goodfellow et al. write it (Deep Learning, eqs. 9.1-9.5): '*' inside a bracket applied to "
        "arguments is no product; its value is the sum over the kernel written beside it, which symdl does not "
        "choose itself",
        "for a product evaluated at a point, write the product of the two values: {left}({at}) {right}({at})",
    ),
    "swish-beta": (
        "read {text} as Swish with beta = {beta}, x \\sigma({beta} x) entry by entry (Ramachandran et al.'s "
        "Swish_\\beta, Shazeer's SwiGLU): a subscript on Swish is its parameter beta",
        "for another function, give it another name; \\text{{Swish}}_1 or \\text{{Swish}} is beta = 1",
    ),
    "running-statistic-name": (
        "read {text} as the quantity named {name}, indexed by {index} (Zeiler's Adadelta: RMS[g]_t = "
        "\\sqrt{{E[g^2]_t + \\epsilon}}, the running root mean square at step t, a family over the steps), not the "
        "statistic of what is in the brackets",
        "for the statistic itself, write it without the step: \\operatorname{{RMS}}(g); or name the value: r_t",
    ),
}
