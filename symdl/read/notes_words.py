"""The reading rules of names split into letters, code-style exponents and Unicode's big operators
(:mod:`symdl.read.wordpower`, :mod:`symdl.read.fieldnames`, :mod:`symdl.read.bigsymbols`): one row each, merged
into :data:`symdl.read.notes.NOTE_RULES`."""

from __future__ import annotations

WORD_NOTES: dict[str, tuple[str, str]] = {
    "defined-e": (
        "read e as the name the formula defines (e = y - \\hat{{y}}, an error), not Euler's number: {text} and the "
        "e's after it are that value",
        "for Euler's number, use another letter for the error, or write \\exp(...)",
    ),
    "letters-call": (
        "read {text} as the function {run} applied to its arguments: two letters written against a parenthesis that "
        "holds two arguments or more name one function (Monodepth2's photometric error pe(I_a, I_b)); a product "
        "of numbers takes no tuple",
        "for a product, put a space or \\cdot between the letters",
    ),
    "euler-power-of-index": (
        "read {text} as Euler's number to the power {index}, the index of the sum around it: texts also write the "
        "error of example {index} so (E = \\frac{{1}}{{N}}\\sum_{{p=1}}^{{N}} e^p, a per-pattern error)",
        "for example {index}'s value of a name e, write e_{{{index}}} or e^{{({index})}}",
    ),
    "e-name": (
        "read the e of {run} as a name e, a factor of the product, not Euler's number: e is never raised to a power "
        "or defined here, and a name beside other letters is what plain products write",
        "for Euler's number, write \\exp(1) or e^{{1}} (Sauer's lemma's (e^1 m/d)^d)",
    ),
    "e-indexed": (
        "read {text} as the name e at index {step}, not Euler's number: another name of the formula carries the same "
        "parenthesised index (CS224n's h^{{(t)}} = \\sigma(W_h h^{{(t-1)}} + W_e e^{{(t)}} + b_1): the embedding at "
        "step t)",
        "for Euler's number to a power, write e^{{t}} or \\exp(t)",
    ),
    "positive-part": (
        "read {text} as the positive part, \\max(0, \\cdot): the bars with the subscript + (scikit-learn's hinge "
        "|1 - wy|_+), not an absolute value",
        "for the absolute value, drop the _+; for a norm, write its order: |x|_2",
    ),
    "word-exponent": (
        "read {text} as the power with the exponent {run}, the whole run of letters: a Greek letter's name or a "
        "word typed after ^ as code does (the focal loss's (1 - p_t)^gamma), not ^{first} times {rest}",
        "in TeX, brace the exponent: x^{{\\gamma}}; for TeX's reading, write x^{first} {rest} with a space",
    ),
    "unicode-sum": (
        "read {text} as the {what} sign {sign}: the Greek capital written for it (web pages and PDFs paste Σ for ∑, "
        "blogs write \\Sigma_{{i=1}}^n), with an index under it and a term after it, not a matrix Σ",
        "for the matrix (a covariance), write \\Sigma, or Σ where it is a value: \\mathcal{{N}}(\\mu, Σ)",
    ),
    "unicode-product": (
        "read {text} as the {what} sign {sign}: the Greek capital written for it (web pages and PDFs paste Π for ∏, "
        "blogs write \\Pi_{{i=1}}^n), with an index under it and a factor after it, not a name Π",
        "for a name, write \\Pi with no index under it",
    ),
    "field-acronym": (
        "read {run} as one name, an acronym of the field (a loss, divergence, metric or layer: KL, MSE, BCE, IoU) "
        "standing as a quantity, not the product {letters}",
        "for the product, put spaces or \\cdot between the letters, or declare each letter's shape (--shape A=3x3)",
    ),
    "field-word": (
        "read {run} as one name, a word code and papers write as a name (Vaswani et al.'s pos, Rumelhart et al.'s "
        "net_{{pj}}, a tensor's dim), not the product {letters}",
        "for the product, put spaces or \\cdot between the letters: {letters}",
    ),
    "partial-word": (
        "read {run} as one name: three letters written right after \\partial (Mazur's step-by-step backprop, "
        "\\frac{{\\partial out_{{o1}}}}{{\\partial net_{{o1}}}}) are the variable differentiated, never a "
        "product, here and wherever the formula writes them, not the product {letters}",
        "for the product, put spaces or \\cdot between the letters: {letters}",
    ),
    "flattened-expectation": (
        "read {text} as the expectation with its draws under it, E_{{...}}[...]: a paste from a rendered page "
        "flattened the subscript onto the line (a SAC note's Es'∼P, a'∼π[...], a WGAN glossary's E_x∼P_r[D(x)])",
        "for E times a name, put a space or \\cdot after E and write the draw apart (x \\sim P)",
    ),
    "unicode-subscript-step": (
        "read {text} as one subscript of both parts, the name with its Unicode subscript at the step after _ "
        "(the rlx-optim docs' Adafactor β₂_t, the paper's \\hat{{\\beta}}_{{2t}}), as \\beta_{{2,t}} reads",
        "for the power at the step (Adam's bias correction 1 - β₂^t), write β₂^t",
    ),
    "unicode-exponent": (
        "read {text} as the power with the exponent {exponent}: a Unicode subscript pasted right after the "
        "exponent's letter belongs to it (a web page's e^xᵢ / Σⱼ e^xⱼ is e^{{x_i}})",
        "for a subscript on the base, write it first: e_i^x",
    ),
}
