"""The reading rules for calls: named operations written as calls (``\\cos(x_1, x_2)``,
``\\mathrm{log\\_softmax}(x)_i``) and when a letter before parentheses is a call rather than a product (``call-*``):
one row each, merged into :data:`symdl.read.notes.NOTE_RULES`."""

from __future__ import annotations

#: rule → (message, alternative) of the rules that give a call of a known name its meaning in deep-learning texts
CALL_NOTES: dict[str, tuple[str, str]] = {
    "log-mean": (
        "read {text} as {name} of the mean: the scale {scale} written right before a sum is part of the argument, up "
        "to the end of the sum's term (IWAE's \\log \\frac{{1}}{{K}}\\sum_{{k=1}}^K w_k, a log-mean-exp), not "
        "{name}({scale}) times the sum",
        "for the log of the scale alone, write ({name} {scale}) \\sum ..., or \\log K in front",
    ),
    "log-of-first-call": (
        "read {text} as the log of {first} times {second}: a log written without parentheses takes the call right "
        "after it (a policy gradient's \\log \\pi(a|s) A(s, a)), not the product of the two calls",
        "for the log of the product (an ELBO's joint \\log p(x|z)p(z)), write \\log(p(x|z)\\,p(z))",
    ),
    "product-of-pi": (
        "read {text} as the number \\pi times the parenthesis: in a formula with a cosine or sine, \\pi before a "
        "sum or difference (SGDR's \\cos\\frac{{\\pi(t - T_1)}}{{T - T_1}}) is the angle's constant, not a policy "
        "applied to a time",
        "for a function \\pi, write its argument as one name, \\pi(s), or \\pi_\\theta(\\cdot)",
    ),
    "product-before-transpose": (
        "read {text} as a product {name}·({arg}): a layer's array (a lower-case name with a layer superscript) before "
        "a transposed parenthesis multiplies it (Ng's dz^{{[l]}} (a^{{[l-1]}})^T, an outer product), as the arguments "
        "of a call are never transposed",
        "for a function, define it: {name}(x) = ...",
    ),
    "inverse-defined": (
        "read {text} as a function of the formula's own, the inverse of {name} that a statement of it defines at its "
        "start: evaluated by that definition, wherever it is applied; symdl does not check that it inverts {name}",
        "for the reciprocal 1/{name}, write \\frac{{1}}{{{name}(x)}}",
    ),
    "product-capital-hadamard": (
        "read {text} as a product {name}·({arg}): a capital letter before a parenthesis holding an element-wise "
        "product of arrays is a matrix times that vector (the ONNX GRU's R_h(r_t \\odot H_{{t-1}})), as before a "
        "lower-case name, not a function",
        "for a function, define it: {name}(x) = ...",
    ),
    "product-after-transpose": (
        "read {text} as a product {name}·({arg}): a capital letter between a transposed parenthesis and a "
        "parenthesis is the matrix of a quadratic form (Goodfellow et al.'s (w - w^*)^\\top H (w - w^*)), not a "
        "function",
        "for a function, define it: {name}(x) = ...",
    ),
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
    "entry-rows": (
        "read {name} in {text} as a matrix: the entry {index} being defined is written with {name}'s entries "
        "{entry} (row {index}), so it is the function of row {index} (the PyTorch docs' logsumexp(x)_i = "
        "\\log \\sum_j \\exp(x_{{ij}}))",
        "for a function of a vector, write its entries with one index (x_j)",
    ),
    "defined-entry": (
        "read {text} on the left of '=' as entry {index} of the value of the function the formula defines, "
        "{name}, at the arguments written ({call}): the right side is that entry (Wikipedia's softmax "
        "\\sigma(\\mathbf{{z}})_i = e^{{z_i}} / \\sum_j e^{{z_j}}, linear attention's Attention(Q, K, V)_m = ...), "
        "not an equation about a function symdl knows",
        "for an equation about a known function's entry, write the value on the left (p_{index} = ...) and "
        "compare; for another function, give it another name",
    ),
    "defined-entry-vector": (
        "read {name} in {text} as a vector: the entry being defined is written with {name}'s entries ({entry}, "
        "one index), so the function maps the vector {name} (a softmax pasted as \\sigma(x)_i = "
        "e^{{x_i}} / \\sum_j e^{{x_j}})",
        "for a function of a number, write it without an entry: f(x) = ...; bold the vector (\\mathbf{{{name}}}) "
        "to say so",
    ),
    "array-mean": (
        "read {text} as the {what} of the entries of its argument, an array (numpy's and PyTorch's {name}: "
        "RMSNorm's mean(x^2)){made}; the std and var divide by n, as numpy's do",
        "for a function symdl does not know, give it another name",
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
    "call-spectral": (
        "read {text} as the function {name} applied to {arg}: an eigenvalue's or singular value's letter with max or "
        "min applied to a matrix is that extreme of its spectrum (ChebNet's "
        "\\frac{{2L}}{{\\lambda_{{\\max}}(L)}} - I_n)",
        "for a bound times the matrix, write {name} \\cdot {arg}",
    ),
    "call-capital-greek": (
        "read {text} as the function {name} applied to {arg}: a capital Greek letter before a parenthesis names "
        "a function (GELU's \\Phi, \\Gamma)",
        "for a product, write {name} \\cdot ({arg})",
    ),
    "call-differentiated": (
        "read {text} as the function {spelling} applied to {arg}: the formula differentiates {spelling} by {by} "
        "(Bishop's \\partial E_n/\\partial w_{{ji}}), so it is a function of {by}, not a number times ({arg})",
        "for a product, write {spelling} \\cdot ({arg})",
    ),
    "network-vector": (
        "read {text} as a vector of its own length, a function of the whole vector: a name subscripted by its "
        "parameters (\\theta, \\phi, \\psi) applied to a vector is a network, each entry of its output made of "
        "every entry of its input (DDIM's \\epsilon_\\theta^{{(t)}}(\\mathbf{{x}}_t), the score "
        "s_\\theta(\\tilde{{\\mathbf{{x}}}}))",
        "for a function applied to each entry, write it without its parameters: {name}(\\mathbf{{x}})",
    ),
    "placeholder-sum": (
        "read {text} as the {what} of a distribution written with a placeholder, a sum over the placeholder's "
        "values, named {var} and numbered from 1 (as under \\max_a): the entropy of \\pi(\\cdot|s) is "
        "-\\sum_a \\pi(a|s) \\log \\pi(a|s), KL(p(\\cdot|s) \\| q(\\cdot|s)) is "
        "\\sum_a p(a|s) \\log(p(a|s) / q(a|s)) (Cover & Thomas eqs. 2.1, 2.26)",
        "for a density over a continuous variable, write its integral: -\\int \\pi(a|s) \\log \\pi(a|s) da",
    ),
    "function-label": (
        "read {text} as a function of its own, named with its label {label}, a number: a subscript right before "
        "the parenthesis of a statistic of a vector's entries labels a variant symdl does not know (NVIDIA "
        "Transformer Engine's RMS_\\varepsilon(x) = \\sqrt{{\\frac{{1}}{{n}}\\sum_i x_i^2 + \\varepsilon}}), not "
        "{name} itself",
        "for {name} itself, write it without the subscript: {name}(x); for entry i of a value, write ({name}(x))_i",
    ),
    "log-ratio": (
        "read the log's argument as {operand}, the ratio: a call over a call of another function at the same "
        "arguments is a likelihood ratio (DPO's log π(y_w|x)/π_ref(y_w|x)), and the log of a probability divided "
        "by a probability is no quantity a reader means",
        "for the log of the first call alone, put it in parentheses: (\\log p(y|x)) / q(y|x)",
    ),
    "call-of-optimised": (
        "read {text} as the function {name} applied to {arg}: the formula optimises over {arg} (\\min_{arg}, "
        "\\arg\\max_{arg}), so the name before it in parentheses is what is optimised, a function of it (the moments "
        "accountant's \\min_\\lambda \\exp(\\alpha_{{\\mathcal{{M}}}}(\\lambda) - \\lambda\\varepsilon))",
        "for a product, write {name} \\cdot ({arg})",
    ),
    "call-of-parameters": (
        "read {text} as the function {name} applied to {arg}: a lower-case Greek name with a subscript before a "
        "parenthesis holding only the parameters (\\theta, \\phi, \\psi, bold too) is a function of them (PPO's "
        "probability ratio \\rho_t(\\boldsymbol{{\\theta}}))",
        "for a product, write {name} \\cdot ({arg})",
    ),
    "call-parameterised": (
        "read {text} as the function {name} applied to {arg}: a name with its parameters as subscript (\\theta, "
        "\\phi, \\psi) before a parenthesis is a network (DDPM's \\epsilon_\\theta(\\mathbf{{x}}_t), a VAE's "
        "q_\\phi(z | x))",
        "for a product, write {name} \\cdot ({arg})",
    ),
    "bold-word-function": (
        "read \\mathbf{{{name}}}(...) as the function {name} applied to its argument, a vector-valued function: "
        "Hagan et al. set transfer functions in bold (\\mathbf{{a}} = \\mathbf{{hardlim}}(\\mathbf{{W}}"
        "\\mathbf{{p}} + \\mathbf{{b}})), never a vector named by a word times a bracket",
        "for a vector named by the word times the bracket, write \\mathbf{{{name}}} \\cdot (...)",
    ),
    "call-of-summed": (
        "read {spelling}({arg}) as the function {name} applied to {arg}, not {name} times {arg}: a sum runs over "
        "{arg}, and a lower-case Greek letter applied to the summed index is a value per index (Sutton & Barto's "
        "\\sum_s \\mu(s) [\\dots], the state distribution)",
        "for a product, write {name} \\cdot {arg} or {name} {arg} without the parentheses",
    ),
    "pair-argument": (
        "read the pair passed as one argument in {text} as two arguments of the call: a labelled example (x, y) "
        "given to a loss is its input and its label (Shalev-Shwartz & Ben-David's \\ell(\\mathbf{{w}}, "
        "(\\mathbf{{x}}, y)))",
        "for a function of a pair as one value, name the pair: z = (x, y), then \\ell(w, z)",
    ),
    "operator-power": (
        "read {text} as the power {power} of the operator's value, as TeX's \\sin^2 x is (the bias-variance split's "
        "\\operatorname{{Bias}}^2(\\hat f) = (\\operatorname{{Bias}}(\\hat f))^2), not a name raised to a power times "
        "its parenthesis",
        "for the power of the name alone, write its value first: (\\operatorname{{Bias}})^2 \\cdot (x)",
    ),
    "call-at-number": (
        "read {text} as the function {spelling} at the number {arg}: a number alone in parentheses after a name is "
        "its argument (the potential outcomes Y(1) - Y(0), a neural ODE's initial state h(0)), not a factor",
        "for a product, write {spelling} \\cdot {arg}",
    ),
    "call-of-defined-parameter": (
        "read {text} as the function {spelling} applied to {arg}: {arg} is exactly what the function this statement "
        "defines is applied to (\\mathrm{{CATE}}(x) = \\mu_1(x) - \\mu_0(x)), so {spelling} is a function of it too",
        "for a product, write {spelling} \\cdot {arg}",
    ),
    "call-greek-subscripted": (
        "read {text} as the function {spelling} applied to {arg}: a lower-case Greek name with a subscript before a "
        "lone variable, never written alone in the formula, is a function of it (GP-UCB's posterior mean and "
        "deviation \\mu_{{t-1}}(x), \\sigma_{{t-1}}(x))",
        "for a product, write {spelling} \\cdot {arg}",
    ),
    "product-greek-coefficient": (
        "read {text} as the product {spelling}·({arg}): a lower-case Greek letter that usually names a coefficient "
        "(\\lambda, \\omega, \\alpha) times a matrix product; papers also write an activation so (Set Transformer's "
        "\\omega(QK^\\top)V)",
        "for a function, define it in the formula ({spelling}(X) = ...) or pass it as a known function "
        "(Config(functions={{...}}))",
    ),
    "call-penalty": (
        "read {text} as the function \\rho applied to a residual, a prediction minus its target: the robust "
        "statistics' penalty \\sum_i \\rho(r_i) (Huber's; LapSRN's Charbonnier loss \\rho(\\hat{{y}}_s - y_s)), not a "
        "number \\rho times the residual",
        "for a product, write \\rho \\cdot ({arg}); name the function to evaluate it (--function rho=...)",
    ),
    "nabla-case": (
        "read the gradient by {letter} as by {other}: {letter} is written nowhere else, and the function under "
        "\\nabla takes {other} (the Paperspace blog's momentum V_t = \\beta V_{{t-1}} + (1-\\beta)\\nabla_w L(W,X,y))",
        "for a gradient by a name of its own, write {letter} somewhere else in the formula (as an argument)",
    ),
    "product-greek-letter": (
        "read {text} as the product {spelling}·({arg}): a lower-case Greek letter is a number unless the formula "
        "makes it a function (a definition {spelling}(x) = ..., or a lone time letter as in a schedule \\eta(t)); "
        "papers also write a function or an indicator so",
        "for a function, define it in the formula ({spelling}({arg}) = ...) or pass it as a known function "
        "(Config(functions={{...}}))",
    ),
    "product-of-a-marked-name": (
        "read {text} as the product {spelling}·({arg}): nothing in the formula makes {spelling} a function (no "
        "definition, no argument of its own elsewhere, not a known function); a name with a subscript, a step, bold "
        "type or an accent is also written so for a function's value at a point (Duda et al.'s "
        "\\Delta\\mathbf{{w}}_{{bp}}(m), a polynomial P_3(x))",
        "for a function, define it in the formula ({spelling}(x) = ...) or pass it as a known function "
        "(Config(functions={{...}})); for the product, write {spelling} \\cdot ({arg})",
    ),
    "product-after-power": (
        "read {text} as {spelling} to the power {power} times ({arg}): nothing in the formula makes the letter an "
        "index or the name a function; papers also write the {power}-th member of a family of functions so "
        "(HiFi-GAN's feature-matching loss D^i(x), the i-th layer of a discriminator)",
        "for a function per {power}, write {spelling}_{{{power}}}({arg}) and define it, or pass it as a known "
        "function (Config(functions={{...}})); for the power, write ({spelling}^{{{power}}}) \\cdot ({arg})",
    ),
    "call-schedule": (
        "read {text} as the function {spelling} of time applied to {arg}: a Greek letter before a lone time letter, "
        "or the time over its count, is a schedule (a diffusion model's \\beta(t), \\bar\\alpha(t), a learning-rate "
        "schedule \\eta(t), MaskGIT's mask schedule \\gamma(\\frac{{t}}{{T}}))",
        "for a product, write {spelling} \\cdot ({arg}) or {spelling} {arg}",
    ),
    "call-paired-argument": (
        "read {name}(...) as the function {name} applied to it: another plain letter, written nowhere else either, is "
        "applied to the very same argument (RealNVP's affine coupling x \\odot \\exp(s(b \\odot x)) + t(b \\odot x): "
        "two networks of one input)",
        "for a product, write a \\cdot between: {name} \\cdot (...)",
    ),
    "call-shared-argument": (
        "read {spelling}({arg}) as the function {spelling} applied to {arg}, as the Latin functions of this formula "
        "are applied to {arg} (AdaGrad's \\nu_t(i) beside w_t(i), g_t(i), coordinate i)",
        "for the product, write {spelling} \\cdot ({arg})",
    ),
    "conditional-arguments": (
        "read the conditional bar of {call} (and of every such call here) as a separator of arguments: the "
        "distribution is a function of what it is of and of what it is given, p(x|z) as p(x, z); symdl keeps no "
        "difference between a conditional p(x|z) and a joint p(x, z) of the same letter",
        "for a joint and a conditional side by side, name them apart: p_{{\\theta}}(x|z) beside p(x, z)",
    ),
    "call-of-policy": (
        "read {spelling}({arg}) as the function {spelling} applied to the policy {arg} (TRPO's expected return "
        "\\eta(\\pi)), not a number times \\pi",
        "for the product, write {spelling} \\cdot ({arg})",
    ),
    "call-beside-function": (
        "read {spelling}({arg}) as the function {spelling} applied to {arg}: another function of this formula "
        "(a Greek \\sigma, \\phi, \\psi, or a capital's, TRPO's L_\\pi(\\tilde\\pi)) is applied to the same argument "
        "and {spelling} is never written alone (a z-score's (x - \\mu(x))/\\sigma(x), instance norm)",
        "for the product, write {spelling} \\cdot ({arg})",
    ),
    "call-word": (
        "read {spelling}({arg}) as the function {spelling} applied to {arg}: a word written right before a "
        "parenthesis is a function, as code calls it, even when its argument is a sum",
        "for a product (a learning rate times the step), write {spelling} \\cdot ({arg})",
    ),
    "call-composition": (
        "read {spelling}({arg}) as the function {spelling} applied to {arg}, the value of another function (a "
        "normalising flow's density p_Z(f(x)), a composition), not {spelling} times it: {spelling} is never written "
        "alone in the formula",
        "for the product, write {spelling} \\cdot ({arg})",
    ),
    "call-by-use": (
        "read {spelling}({arg}) as the function {spelling} applied to {arg}: {spelling} is written before "
        "parenthesised arguments at several places with different arguments and never alone (cs229's "
        "\\varepsilon(h), the error of a hypothesis)",
        "for the product, write {spelling} \\cdot ({arg})",
    ),
    "call-activation": (
        "read {spelling}({arg}) as an activation function {spelling} applied to {arg}: a lower-case Greek letter "
        "(or a Latin one never written alone) before a matrix-vector product, an affine map W x + b, a bold vector or "
        "a sum of calls is a nonlinearity in a layer's formula (SE-Net's \\delta, the ReLU; Deep Sets' \\rho; the "
        "Theano tutorials' sigmoid s(Wx + b))",
        "for the product, write {spelling} \\cdot ({arg})",
    ),
    "call-indexed-argument": (
        "read {spelling}({arg}) as the function {spelling} applied to the entry {arg}: a Greek letter never written "
        "alone, directly before one indexed name in parentheses, is a function of it (Bishop's responsibilities "
        "\\gamma(z_{{nk}})); as a product the parentheses would be idle",
        "for the product, write {spelling} \\cdot {arg} or {spelling} {arg}",
    ),
    "prime-matrix": (
        "read {spelling} as a matrix of its own times the bracket, not the derivative of a function {name}: the "
        "formula writes {name} only before square brackets, a matrix times a concatenation (See et al.'s "
        "P_{{vocab}} = \\mathrm{{softmax}}(V'(V[s_t, h_t^*] + b) + b'))",
        "for the derivative, write \\frac{{d{name}}}{{dx}}",
    ),
    "bracket-product": (
        "read {name}[...] as {name} times the bracket, a sum in square brackets: written so, it is as often the "
        "function {name} applied to the sum (Prince's activation h_i = a[\\beta + \\omega_1 x_{{i-1}} + \\dots])",
        "for the function applied, write {name}(...), or apply a known function with brackets elsewhere "
        "(\\mathrm{{ReLU}}[z]); for the product, put a space or \\cdot before the bracket",
    ),
    "bracket-call-form": (
        "read {text} as the function {name} applied to the bracket, not a product: a lower-case name touching "
        "square brackets that hold a comma list, a bold expression or another such call (Prince's "
        "\\mathbf{{f}}[\\mathbf{{x}}, \\boldsymbol\\phi]), or in a formula that applies its known functions "
        "with square brackets (Prince's a[z] = \\mathrm{{ReLU}}[z], \\exp[-z])",
        "for a product, write {name} \\cdot [...]",
    ),
    "bracket-call-shared": (
        "read {text} as the function {name} applied to the bracket, not a matrix times it: a name or word of the "
        "formula is applied to the same bracket (Prince's \\mathbf{{V}}[\\mathbf{{X}}] beside "
        "\\mathbf{{Sa}}[\\mathbf{{X}}])",
        "for a product, write {name} \\cdot [...]",
    ),
    "softmax-entry": (
        "read {text} as entry {index} of the {name} of the argument, {name}(...)_{index}: the argument has no index "
        "{index} to normalise over (Prince's \\mathrm{{softmax}}_k[\\mathbf{{z}}] = \\exp[z_k] / \\sum_{{k'}} "
        "\\exp[z_{{k'}}])",
        "write the entry after the call: \\mathrm{{softmax}}(\\mathbf{{z}})_k",
    ),
    "probability-event": (
        "read {text} as {name}_{value}, the probability of the event {event} as a function of the condition: member "
        "{value} of a family of functions, since an operator of the formula runs over {value} (cross-entropy's "
        "-\\sum_k y_k \\log p(y = k \\mid x), the classifier's \\arg\\max_k p(y = k \\mid x))",
        "name the probabilities yourself (p_k = \\mathrm{{softmax}}(z)_k) to use them as values",
    ),
}
