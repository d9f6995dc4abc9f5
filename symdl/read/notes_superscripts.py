"""The reader's rules for superscripts (:mod:`symdl.read.superscripts` and its neighbours): a layer, a step, a
sample, a label or a power.  One row each, merged into :data:`symdl.read.notes.NOTE_RULES` beside
:mod:`symdl.read.notes_reader`'s (a row is the rule's message and its other reading, as templates).
"""

from __future__ import annotations

#: rule → (message, alternative) of the reader's superscript rules
SUPERSCRIPT_NOTES: dict[str, tuple[str, str]] = {
    "superscript-layer": (
        "read the superscript of {atom} as a layer index (Nielsen's w^l_{{jk}}), not a power",
        "for a power, put the name in parentheses: ({name})^{{{layer}}}",
    ),
    "superscript-differentiated": (
        "read the superscript of {atom} as a layer index, not a power: the formula differentiates by the name with "
        "it (Hagan et al.'s \\partial \\hat{{F}} / \\partial w_{{i,j}}^m, layer m), and no one differentiates by a "
        "power",
        "for a power, put the name in parentheses: ({name})^{{{layer}}}",
    ),
    "superscript-digit-layer": (
        "read the superscript of {atom} as layer {layer}, not a power: the formula numbers its layers with digit "
        "superscripts (Nielsen's worked network a^2_1 = \\sigma(w^2_{{11}} a^1_1 + ...)), as the superscript 1 on a "
        "name, never written as a power, shows",
        "for a power, put the name in parentheses: ({name})^{{{layer}}}; for layers, W^{{[2]}} or W^{{(2)}} say so",
    ),
    "superscript-list": (
        "read the superscript of {atom} as labels listed with a comma, part of the name, not a power: a power has no "
        "comma (Johnson et al.'s perceptual loss \\ell^{{\\phi, j}}_{{feat}}, the loss at layer j of the network "
        "\\phi)",
        "for an entry picked by indices, write them as a subscript (x_{{i,j}})",
    ),
    "square-function": (
        "read {atom} as one function, the variance, applied to what follows: a squared Greek name right before the "
        "argument another Greek function of the formula takes (the oneDNN guide's \\sigma^2(c) beside \\mu(c)), "
        "not the square of the sigmoid",
        "for the square of a function's value, write it after the call: \\sigma(c)^2",
    ),
    "superscript-stage": (
        "read the superscript of {atom} as a stage's label, part of the name {name}, not a power: the formula defines "
        "the same bold letter with a digit up on the left (Jurafsky & Martin's transformer block \\mathbf{{t}}^3_i = "
        "\\mathbf{{t}}^2_i + \\mathbf{{x}}_i), so each digit names one intermediate",
        "for a power, put the name in parentheses: ({name})^{{{exp}}}",
    ),
    "superscript-numbered": (
        "read the superscript of {atom} as a label, part of the name {name}, not a power: the formula writes the "
        "same bold letter with 1 up, which is never a power, so each digit numbers a layer (Goldberg's "
        "\\mathbf{{x}}\\mathbf{{W}}^{{1}} + \\mathbf{{b}}^{{1}} beside \\mathbf{{W}}^{{2}})",
        "for a power, put the name in parentheses: ({name})^{{{exp}}}",
    ),
    "superscript-count-member": (
        "read the superscript of {atom} as index {layer}, not a power: the formula writes the same name with a step or "
        "layer letter up (Hyena's z_t^{{n+1}} = x_t^n (h^n * z^n)_t, then y_t = z_t^{{N+1}}), so the capital is the "
        "count, this the member at it",
        "for a power, put the name in parentheses: ({name})^{{{layer}}}",
    ),
    "superscript-digit-family": (
        "read the superscript of {atom} as index {layer}, not a power: the formula writes the same name with a step or "
        "layer letter up (MuZero's s^0 = h_\\theta(o_1, \\dots, o_t) beside s^k; a^1 = x beside a^{{l+1}}), and a "
        "power 0 or 1 is never written",
        "for a power, put the name in parentheses: ({name})^{{{layer}}}; for the index, {name}^{{({layer})}} says so",
    ),
    "superscript-bracket-sample": (
        "read the superscript of {atom} as the index of the training example {sample}, a member of a family over "
        "{sample}, not a layer label: the formula sums over {sample} (Raschka's \\hat{{y}}^{{[{sample}]}} in "
        "\\sum_{{{sample}=1}}^n; Ng's W^{{[l]}} is a layer)",
        "for a label, name it without the sum's letter: {family}^{{[a]}}",
    ),
    "superscript-sample-layer": (
        "read the superscript of {atom} as two indices, not a power: training input {sample} at layer {layer} "
        "(Nielsen's a^{{x,L}}, \\delta^{{x,l}}), a member of a family indexed by both, as Ng's a^{{[L](x)}}",
        "to mark the two indices (and drop this note), write {name}^{{[{layer}]({sample})}}",
    ),
    "superscript-input-letter": (
        "read the superscript of {atom} as training input {sample}, not a power: the formula writes {sample} as the "
        "input of a sample-and-layer superscript (Nielsen's \\delta^x_L beside a^{{x,L}})",
        "for a power, put the name in parentheses: {power}",
    ),
    "greek-power-t": (
        "read ^T on {atom} as the power T, not the transpose: T is a name of this formula (Hastie et al.'s T_k = "
        "\\beta_{{0k}} + \\beta_k^T Z beside g_k(T)), and a rate such as \\gamma^T is raised to a number of steps",
        "for the transpose, write ^\\top (\\alpha_m^\\top X)",
    ),
    "superscript-decay-power": (
        "read {atom}^{{{exp}}} in 1 - {atom}^{{{exp}}} as the decay rate to the power of the step in parentheses, "
        "as a bias "
        "correction's 1 - \\beta_1^t is (an index would be the rate at that step, which no correction divides by)",
        "for the rate at a step, name it apart: \\beta_{{1,t}}",
    ),
    "superscript-offset-letter": (
        "read the superscript of {atom} as an index (a layer or step, {layer}), not a power: the formula writes the "
        "same letter with offsets up ({layer_letter} + 1, {layer_letter} - 1) on vectors, so it counts layers or "
        "steps (Hagan et al.'s \\mathbf{{a}}^{{m+1}} = \\mathbf{{f}}^{{m+1}}(\\mathbf{{W}}^{{m+1}}\\mathbf{{a}}^m + "
        "\\mathbf{{b}}^{{m+1}}), its capital the last one (\\mathbf{{a}} = \\mathbf{{a}}^M)",
        "for a power, put the name in parentheses: ({name})^{{{layer}}}",
    ),
    "superscript-offset-vector": (
        "read the superscript of {atom} as an index (a layer or step, {layer}), not a power: a vector or matrix "
        "raised entry by entry to a letter with an offset is no power a network writes (Transformer-XL's "
        "\\mathbf{{h}}_\\tau^{{n-1}}, the layer below)",
        "for a power, put the name in parentheses: ({name})^{{{layer}}}",
    ),
    "superscript-step": (
        "read the superscript of {atom} as a step index, not a power: {layer_letter} also appears with an "
        "offset (^{{{layer_letter}+1}}) in this formula, or up on the left side of a definition (See et al.'s "
        "coverage c^t = \\sum_{{t'=0}}^{{t-1}} a^{{t'}}), which sets a quantity at an index, never a power",
        "for a power, put the name in parentheses: ({name})^{{{layer}}}",
    ),
    "superscript-optimum-step": (
        "read the superscript of {atom} as a step index, not a power: the formula also writes the name at its "
        "optimum (Goh's w^k - w^\\star: an iterate and the point it converges to), so {layer_letter} counts steps",
        "for a power, put the name in parentheses: ({name})^{{{layer}}}",
    ),
    "superscript-word": (
        "read the superscript of {atom} as part of the name {name}, a label as in \\theta^{{old}} and g^{{ave}}, "
        "not a power",
        "for a power, put the name in parentheses: {power}; to mark a label (and drop this note), write {name}",
    ),
    "superscript-labels": (
        "read the superscript of {atom} as part of the name {name}: the formula writes this name with several "
        "letters up there (FaceNet's anchor, positive and negative x_i^a, x_i^p, x_i^n), labels of different "
        "quantities, not powers",
        "for a power, put the name in parentheses: {power}",
    ),
    "superscript-shared-step": (
        "read the superscript of {atom} as a step index, not a power: {layer_letter} is the superscript of several "
        "names here, bold vectors among them (Ba et al.'s \\mathbf{{h}}^t, \\mathbf{{a}}^t, \\mu^t: the values at "
        "time step t), and a vector to the power {layer_letter} is almost never meant",
        "for a power, put the name in parentheses: ({name})^{{{layer}}}",
    ),
    "superscript-index-letter": (
        "read the superscript of {atom} as an index, not a power: {layer_letter} subscripts another name in this "
        "formula (Glorot & Bengio's Var[W^i] beside n_i, n_{{i+1}}: the weights of layer i) and no sum runs over it",
        "for a power, put the name in parentheses: ({name})^{{{layer}}}",
    ),
    "superscript-index-letters": (
        "read the superscript of {atom} as a label of index letters, part of the name, not a power: each letter "
        "subscripts another name in this formula (implicit's s_u^{{ij}} = (y_i^T W^u) y_j, the score of item i from "
        "item j) and no sum runs over it",
        "for a power, put the name in parentheses: ({name})^{{{layer}}}; for an entry, write the letters as a "
        "subscript",
    ),
    "superscript-set-label": (
        "read the superscript of {atom} as part of its name, not a power: a calligraphic capital names a set or a "
        "problem (Pointer Networks' \\mathcal{{C}}^{{\\mathcal{{P}}}}, the solution of problem \\mathcal{{P}}), and "
        "nothing is raised to a set",
        "for a power, put the name in parentheses: ({name})^{{{layer}}}",
    ),
    "superscript-family-letter": (
        "read the superscript of {atom} as an index, not a power: a sum runs over {layer_letter}, and the formula "
        "writes the same name up with an index letter elsewhere (Rojas's \\delta^j = \\sigma'(a^j)\\sum_{{k}} "
        "\\delta^k w_{{kj}}: unit k's delta, summed)",
        "for a power, put the name in parentheses: ({name})^{{{layer}}}",
    ),
    "superscript-coordinate": (
        "read the superscript of {atom} as an index, not a power: {layer_letter} is written up on subscripted names "
        "more than once (Rprop's per-weight step size \\eta^i_t beside \\eta^i_{{t-1}}: coordinate i at each step)",
        "for a power, put the name in parentheses: ({name})^{{{layer}}}",
    ),
    "superscript-one": (
        "read the superscript 1 of {atom} as a label (layer or step 1), not a power: a name to the power 1 is itself "
        "and is never written so (Hagan et al.'s \\dot{{f}}^1(n), the derivative of layer 1's transfer function)",
        "for another index, put it in brackets or parentheses: {name}^{{[1]}}, {name}^{{(1)}}",
    ),
    "superscript-hadamard-label": (
        "read the superscript of {atom} as a label, part of the name: it is an operand of \\odot, which multiplies "
        "arrays entry by entry, and a number raised to a power is no array (NoisyNet's noise \\epsilon^b, "
        "\\epsilon^w of the bias and the weights)",
        "for a power, write it outside the product: (\\epsilon^{{b}}) \\cdot \\mathbf{{x}}",
    ),
    "superscript-bold-label": (
        "read the bold superscript of {atom} as a label, part of the name: a vector is no exponent (Sutton & Barto's "
        "step size of the weights \\alpha^{{\\mathbf{{w}}}}, a consistency model's teacher \\hat{{\\mathbf{{x}}}}^{{"
        "\\boldsymbol{{\\phi}}}})",
        "for a power, write the exponent as a number or a plain name",
    ),
    "conjugate-transpose": (
        "read the superscript of {atom} as the conjugate transpose, which of a real matrix is its transpose (the "
        "Matrix Cookbook's \\mathrm{{Tr}}(\\mathbf{{A}}\\mathbf{{A}}^H)), not a power or a label H",
        "for a label, put it in parentheses or \\text: {name}^{{(H)}}",
    ),
    "superscript-zero": (
        "read the superscript 0 of {atom} as an index (layer, step or position 0), not a power: a name to the power 0 "
        "is 1 and is never written so (ViT's \\mathbf{{z}}_L^0, the class token at the last layer; \\mathbf{{h}}^0 = "
        "\\mathbf{{x}}, the input layer)",
        "for the power, write 1; for another index, put it in brackets or parentheses: {name}^{{[0]}}, {name}^{{(0)}}",
    ),
    "superscript-summed-sample": (
        "read the superscript of {atom} as the index {layer} of the sum, not a power: the sum runs over "
        "{layer_letter}, which sits alone up on two names or more (Hastie et al.'s \\sum_{{i=1}}^N (y^i - "
        "\\hat{{y}}^i): sample i)",
        "for a power, put the name in parentheses: ({name})^{{{layer}}}",
    ),
    "superscript-policy": (
        "read the superscript of {atom} as part of the name {name}, a label (the value of policy \\pi: Q^\\pi(s, a), "
        "V^\\pi(s)), not a power: a Greek letter sits up on a function applied to arguments",
        "for a power, put the value in parentheses: (Q(s, a))^{{...}}",
    ),
    "superscript-parameter-greek": (
        "read {atom} as the name {name} of a function applied to the parenthesis after it: its Greek superscript is "
        "the parameter it depends on (QR-DQN's quantile Huber loss \\rho^\\kappa_\\tau(u) beside "
        "\\mathcal{{L}}_\\kappa, where the letter labels another name), not a power",
        "for a power, put the name in parentheses: {power}",
    ),
    "superscript-parameter-label": (
        "read {atom} as the name {name} of a network applied to the parenthesis after it: its parameters "
        "(\\theta, \\phi, \\psi) sit up on a name before a parenthesis (flow matching's u_t^\\theta(x), as DDPM's "
        "\\epsilon_\\theta(x_t)), not a power of a product",
        "for a power, put the name in parentheses: {power}, and write a product with \\cdot",
    ),
    "superscript-plus-label": (
        "read the superscript of {atom} as part of the name {name}, a label (PPO's L_t^{{CLIP+VF+S}}(\\theta), the "
        "objective combining the terms L^{{CLIP}}, L^{{VF}} and the bonus S), not a power by a sum: capital words "
        "joined by + sit up on a function applied to arguments",
        "for a power, put the value in parentheses: ({name}(...))^{{...}}",
    ),
    "superscript-function-label": (
        "read the superscript of {atom} as part of the name {name}, a label: the formula applies that letter as a "
        "function (GAE's TD residual \\delta_t^V of the value function V), not a power",
        "for a power, put the name in parentheses: {power}",
    ),
    "superscript-capital-label": (
        "read the superscript of {atom} as part of the name {name}, a label (GAE's \\delta_{{t+l}}^V, the TD residual "
        "of the value function V), not a power: a capital letter sits up on a Greek name that is no rate",
        "for a power, put the name in parentheses: {power}",
    ),
    "superscript-sign-label": (
        "read the superscript of {atom} as part of the name {name}, a label (Mnih et al.'s target network "
        "\\theta_i^-, a copy of the parameters), not its positive or negative part: a sign sits up on a Greek name "
        "that is no rate",
        "for the positive or negative part, write \\max(0, x) or \\min(0, x)",
    ),
    "superscript-sample-label": (
        "read the superscript of {atom} as part of the name {name}, a label (a triplet or contrastive loss's "
        "positive and negative samples \\mathbf{{x}}^+, \\mathbf{{x}}^-, as SimCLR and InfoNCE write them), not its "
        "positive or negative part: a sign sits up on a bold name, or on a letter the formula writes with both signs",
        "for the positive or negative part, write \\max(0, x) or \\min(0, x)",
    ),
    "superscript-greek-label": (
        "read the superscript of {atom} as part of the name {name}, a label (DDPG's target actor \\theta^{{\\mu'}} "
        "beside the actor \\theta^\\mu), not a power: a Greek letter with a prime sits up on a Greek name, or "
        "the same letter where the name also carries it primed",
        "for a power, put the name in parentheses: {power}",
    ),
    "superscript-vector-label": (
        "read the superscript of {atom} as part of the name {name}, a label: the letter names a bold vector of the "
        "formula, and the matrix is that input's weight (Goldberg's RNN \\mathbf{{s}}_{{i-1}}\\mathbf{{W}}^{{s}} + "
        "\\mathbf{{x}}_i\\mathbf{{W}}^{{x}}), not a power",
        "for a power, put the name in parentheses: {power}",
    ),
    "superscript-word-label": (
        "read the superscript of {atom} as part of the name {name}, a label (GAE's \\hat{{A}}_t^{{GAE(\\gamma,"
        "\\lambda)}}, an estimator's name with its parameters), not a power of a call: a word sits up applied to "
        "arguments",
        "for a power, put the name in parentheses and the exponent in braces: {power}",
    ),
    "superscript-power": (
        "read ^{exp} on {atom} as a power: {exp} is a letter, and nothing here makes it an index (Ba et al. write "
        "\\mu^t for a time step, Chung et al. h_t^j for unit j)",
        "for an index, put it in parentheses: {atom}^{{({exp})}} (a sample, a step or a unit), or brackets for a "
        "layer: {atom}^{{[{exp}]}}",
    ),
    "counter-power": (
        "read ^{exp} on {atom} as a power: a word that counts steps (epoch, step, iteration) raising a rate (the "
        "PyTorch docs' ExponentialLR, lr_{{epoch}} = lr_{{initial}} * \\gamma^{{epoch}}: decayed once an epoch), not "
        "a label of the name",
        "for a label, put it in parentheses or in \\text with another word: {atom}^{{(\\text{{{exp}}})}}",
    ),
    "superscript-power-member": (
        "read the superscript of {atom} as the power {exp} of member {layer} ((\\sigma^{{(i)}})^2, Kingma & Welling's "
        "variance of example i), not a power {exp}·{layer}",
        "for the power of a product, write {name}^{{{exp} {layer}}}",
    ),
    "greek-power-step": (
        "read {family}^{exp} as {family} to the power {exp}, as a decay's \\beta^t is raised to a number of steps, "
        "though {exp} counts the steps of other names of this formula (x^{{{exp}+1}}): it may be the value at step "
        "{exp} (Parikh & Boyd's step size \\lambda^k)",
        "for the value at step {exp}, write {family}_{{{exp}}} or {family}^{{({exp})}}",
    ),
    "greek-transpose": (
        "read ^T on {atom} as a transpose: T is no number in this formula (cs229's \\eta^T T(y), where T is a "
        "function), although a rate such as \\gamma^T is raised to a number of steps T where T is one",
        "for the power, declare T a number: T \\in \\mathbb{{R}} \\\\ ...",
    ),
    "superscript-target": (
        "read the superscript of {atom} as a label, part of the name {name}: its letter names what this formula "
        "sets (an LSTM's gate f: b^f and U^f are the gate's bias and weights), not a power",
        "for a power, put the name in parentheses: {power}",
    ),
}
