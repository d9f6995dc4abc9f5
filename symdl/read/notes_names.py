"""The reading rules that join the names of a gradient check's texts (:mod:`symdl.numeric.names`), and that read a
name as a function by how the formula uses it (:mod:`symdl.read.sharedargs`), and that keep a name whose subscript
applies a function one name (:mod:`symdl.read.atoms`): one row each, merged into
:data:`symdl.read.notes.NOTE_RULES`."""

from __future__ import annotations

#: rule → (message, alternative) of the rules that read a claim's or ``--wrt``'s name as the formula's
NAME_NOTES: dict[str, tuple[str, str]] = {
    "font-alias": (
        "read {text} in the {where} as the formula's {name}: the two spellings differ only by font (bold, arrow) and "
        "the formula writes no {text} of its own, so they name one quantity (d2l's \\mathbf{{x}}^\\top\\mathbf{{x}} "
        "with gradient 2x)",
        "for another quantity, use another letter; a formula that writes both {text} and {name} keeps them apart",
    ),
    "call-shifted-argument": (
        "read {spelling}({arg}) as the function {spelling} applied to {arg}: {spelling} is written only before "
        "parentheses and {arg} combines the arguments the formula's other functions take (Goodfellow et al.'s "
        "convolution s(t) = \\int x(a) w(t - a) da, the kernel w at t - a)",
        "for the product, write {spelling} \\cdot ({arg})",
    ),
    "prefix-context": (
        "read {atom} as member {sub} of the family {family}: the context before position {sub} (a language model's "
        "p(x_t \\mid x_{{<t}}), the tokens before it taken whole, one value per position), not one name the same for "
        "every position",
        "name the context as a family of your own (c_t for the tokens before t): \\log p(x_t \\mid c_t)",
    ),
    "subscript-label-index": (
        "read {atom} as member {sub} of the family {family}: the word in its subscript labels the family (an "
        "encoder's W_{{\\text{{enc}},i}}, a sample's positive score s_{{i,\\text{{pos}}}}) and the letters index it, "
        "so the member varies with them; read as one name it would be the same for every index",
        "for one name that does not vary, drop the index letters or write the whole subscript as one word "
        "(\\text{{enc\\_i}})",
    ),
    "subscript-call": (
        "read {atom} as one name, a number of its own: its subscript applies a function (a permutation's "
        "x_{{\\pi(i)}}, XLNet's \\prod_t p(x_{{\\pi(t)}} | x_{{\\pi(<t)}})), which symdl does not read as an index, so "
        "it is unrelated to the other entries of the name",
        "name the permuted values as a family of their own (z_i for x_{{\\pi(i)}}) and say how they are made",
    ),
    "delta-step": (
        "read {text} as the change in the name after \\Delta at the step written up, one name (Riedmiller & Braun's "
        "Rprop \\Delta^{{(k)}} w_i, the change of w_i at step k), not \\Delta^{{(k)}} times it",
        "for a product, write \\Delta^{{(k)}} \\cdot w_i",
    ),
    "delta-product": (
        "read {text} as \\Delta times what follows, not one name (the change of it): \\Delta stands alone elsewhere in "
        "the formula ({alone}), so it is a value of its own (S4 and Mamba's step size, \\bar{{B}} = \\Delta B)",
        "for the change of a name, write it without a lone \\Delta elsewhere, or give the step its own name "
        "(\\delta_t)",
    ),
    "delta-change-unwritten": (
        "read {text} as one name, the change in {name} (LoRA's \\Delta W, an update's \\Delta \\theta), though the "
        "formula never writes {name} without \\Delta: a step size \\Delta times the matrix {name} (S4 and Mamba's "
        "\\bar{{A}} = \\exp(\\Delta A)) reads the same",
        "for \\Delta times {name}, write \\Delta \\cdot {name} (or define \\Delta on a line of its own)",
    ),
}
