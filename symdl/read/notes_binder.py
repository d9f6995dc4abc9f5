"""The reading rules the binder applies (:mod:`symdl.bind`): one row each, merged into
:data:`symdl.read.notes.NOTE_RULES`.

These rules decide meaning with the whole formula in view (which names are vectors, which letters are indices).
A row is the rule's message and its other reading, as templates (:class:`symdl.read.notes.NoteRule`).
"""

from __future__ import annotations

#: rule → (message, alternative) of the rules whose notes the binder leaves
BINDER_NOTES: dict[str, tuple[str, str]] = {
    "juxtaposed-dot": (
        "read {first}{second}, two column vectors side by side, as their dot product, the number "
        "\\sum_i ({first})_i ({second})_i "
        "(Burkov writes \\mathbf{{w}}\\mathbf{{x}} for \\mathbf{{w}} \\cdot \\mathbf{{x}})",
        "for the product entry by entry write {first} \\odot {second}; for the outer product, {first} ({second})^T",
    ),
    "superscript-label": (
        "read the parenthesised superscript of {name} as a label, part of the name (d2l's W^{{(q)}}, the query's "
        "projection), not sample {letter}: {why}",
        "for sample {letter}, make {letter} an index: sum over it (\\sum_{letter} {name}), or write samples with a "
        "sample letter (x^{{(i)}})",
    ),
    "function-family": (
        "read {name} as member {index} of a family of functions, {name} with the index {index} as its first argument: "
        "{why}, so the function varies with it (Bishop's k-th output y_k(x, w), "
        "Goodfellow et al.'s constraints g^{{(i)}}(x))",
        "for one function that does not depend on {index}, write it without the subscript; for the {index}-th "
        "derivative of one function (Taylor's f^{{(k)}}(x_0)), write \\frac{{d^{index} f}}{{dx^{index}}} with a "
        "number for {index}",
    ),
    "function-family-letters": (
        "read {name} as one function {base} of the letters of its subscript ({letters}) and its arguments, "
        "{base}({letters}, ...): {bound} is bound by a sum or max of the formula, so the function varies with it "
        "(cs229's transition probabilities P_{{sa}}(s') of state s and action a), not a function of its own per label",
        "for a function labelled {name} that does not vary with {bound}, write the label as a word (\\text{{...}})",
    ),
    "function-index-name": (
        "read {name} as the function of index {index}, one function of its own per value of {index} (its name "
        "carries the index, Goodfellow et al.'s constraints g^{{(i)}}): no sum of the formula runs over {index}, so "
        "the index is a label, not a variable",
        "for one function for every {index}, write it without the superscript; for a family summed over {index}, "
        "write the sum (\\sum_{index} \\lambda_{index} {name}(x))",
    ),
    "variance-variable": (
        "read {text} as the derivative by {name}, a variable of its own (batch normalisation's variance "
        "\\sigma_B^2, Ioffe & Szegedy 2015): every {name} in the formula is it, and {base} written alone its square "
        "root; not the second derivative, whose order is written on top too",
        "for the second derivative, write \\frac{{\\partial^2 f}}{{\\partial x^2}}; for the derivative by {base}, "
        "write \\partial {base}",
    ),
    "otimes-kronecker": (
        "read {text} as the Kronecker product of two matrices (matrixcalculus.org's and the Matrix Cookbook's "
        "\\otimes, each entry of the first times the whole second), not the element-wise product GLU writes beside "
        "a bracket",
        "for the element-wise product write \\odot",
    ),
    "delta-defined": (
        "read {name} as the quantity this statement defines, a family \\delta with those subscripts (ESL's and "
        "Bishop's error terms \\delta_{{ki}}), not the Kronecker delta, which no formula defines",
        "for the Kronecker delta, write it on the right side only, or as \\mathbb{{1}}[k = i]",
    ),
    "delta-value": (
        "read {name} as a family of values, not the Kronecker delta: the formula takes its square root (Bayes by "
        "Backprop's local reparameterisation, \\sqrt{{\\delta_{{m,j}}}}: a variance), which no 0/1 delta is written "
        "under",
        "for the Kronecker delta, write it without the root: \\delta_{{ij}}",
    ),
    "declared-dims-equal": (
        "read the declared dimensions {first} and {second} as one: the formula's products and sums need them equal "
        "(a matrix declared {first} rows long meets one of {second}), so symdl sets {first} = {second}",
        "if they differ, check the declarations and the order of the factors (a transpose may be missing)",
    ),
    "spectral-norm": (
        "read {text} as the spectral norm of the matrix, its largest singular value (Miyato et al.'s spectral "
        "normalisation W / \\sigma(W), \\|W\\|_2 of a matrix), not a sigmoid of its entries nor their "
        "Frobenius norm; symdl evaluates it, but does not differentiate it yet",
        "for the Frobenius norm write \\|W\\|_F; for the sigmoid of each entry, \\mathrm{{sigmoid}}(W)",
    ),
    "capital-bias": (
        "read {name} as a vector, the bias: a capital added alone to products of matrices and vectors (the cuDNN "
        "docs' h_t = \\mathrm{{activation}}(W \\cdot h + U \\cdot h + B)) has their length; as a matrix each "
        "product would be copied across its columns",
        "for a matrix, declare it: {name} \\in \\mathbb{{R}}^{{m \\times n}}",
    ),
    "capital-parameters": (
        "read {name} as a vector, all the parameters at once: the update subtracts a vector step from it (Goldberg's "
        "SGD \\Theta \\leftarrow \\Theta - \\eta_t \\mathbf{{g}}); as a matrix the step would be copied across its "
        "columns",
        "for a matrix of parameters, declare it and give the step its shape: {name}, G \\in \\mathbb{{R}}^{{m \\times "
        "n}}",
    ),
    "clip-symmetric": (
        "read {text} as clipping to [-{bound}, {bound}]: clip with one bound is symmetric (the MXNet optimisers' "
        "clip(grad, clip_gradient), Adafactor's update clipping), each entry kept between -{bound} and {bound}",
        "for other bounds, write both: clip(x, a, b)",
    ),
    "jacobian-variable": (
        "read {name} as a vector: a derivative by it is inside a determinant or a trace, which take a square matrix, "
        "so the derivative is a Jacobian (a normalising flow's \\log|\\det(\\partial f(x) / \\partial x)|), and of a "
        "number it would have no determinant",
        "for a number, take the derivative outside the determinant, or declare it: {name} \\in \\mathbb{{R}}",
    ),
    "identity-entry": (
        "read {name} as entry ({first}, {second}) of the identity matrix, the Kronecker delta: 1 where {first} = "
        "{second}, else 0 (Bishop's softmax derivative \\partial y_k / \\partial a_j = y_k(I_{{kj}} - y_j))",
        "for a family of values named I, define it on a line of its own (I_{{{first}{second}}} = ...) or write it "
        "with another letter",
    ),
    "kronecker-delta": (
        "read {name} as the Kronecker delta of {first} and {second}: 1 where they are equal, else 0 (label "
        "smoothing's \\delta_{{y,k}}); a letter no sum or family indexes is an integer value given with the inputs",
        "for a family of values (ESL's and Bishop's error terms \\delta_{{ki}}, one per {first} and {second}), "
        "define it on a line of its own (\\delta_{{{first}{second}}} = ...) or write it with another letter "
        "(d_{{{first}{second}}}); "
        "for a name of its own, write \\delta_{{\\text{{{first}{second}}}}}",
    ),
    "activation-default": (
        "read {text} as {reading}",
        "{other}",
    ),
    "prime-name": (
        "read {text} as the function {name} applied to its argument, not the derivative of {base}: {name} is also "
        "written on its own in this formula, a name (Szegedy et al.'s smoothed label distribution q')",
        "for the derivative, write \\frac{{d {base}}}{{dx}} or give the other {name} another name",
    ),
    "prime-definition": (
        "read {text} as the function {name} the formula defines, not the derivative of {base}: {base} itself is "
        "written nowhere in the formula (label smoothing's q'(k|x) = (1-\\epsilon)\\delta_{{k,y}} + \\epsilon u(k))",
        "for the derivative, define {base} too or write \\frac{{d {base}}}{{dx}}",
    ),
    "prime-of-primed": (
        "read {text} as the function {name} applied to the next state, not the derivative of {base}: a primed "
        "function of a primed name (TD3's target action a'(s'), DDPG's target actor \\mu'(s')) is a function of "
        "its own",
        "for the derivative, write \\frac{{d {base}}}{{ds}}",
    ),
    "prime-pair": (
        "read {text} as the function {name} applied to its argument, not the derivative of {base}: it sets a primed "
        "name beside the unprimed name set by {base} of the same argument (BYOL's two augmentations v = t(x), "
        "v' = t'(x))",
        "for the derivative, write \\frac{{d {base}}}{{dx}}",
    ),
    "prime-distribution": (
        "read {text} as the distribution {name} the formula defines, not the derivative of {base}: a primed density "
        "letter on the left of a definition names a new distribution (speculative sampling's residual p'(x) = "
        "norm(\\max(0, q(x) - p(x))))",
        "for the derivative, write \\frac{{d {base}}}{{dx}}",
    ),
    "softmax-rows": (
        "read {text} row by row: softmax of a matrix normalises each row (over the last axis, as attention and "
        "PyTorch's dim=-1 do)",
        "for column by column (a column per example, as in Ng's courses), write the softmax of the transpose "
        "and transpose back: (\\mathrm{{softmax}}(Z^T))^T",
    ),
    "subscript-label": (
        "read {text} as one name: the letter {letter} is a label, not an index: {why}",
        "for a family indexed by {letter}, use {letter} in a sum or on another name: \\sum_{letter} ...",
    ),
    "bias-row": (
        "read {text} as a row added to every row: the product before it ends with the weight (d2l's X W + b, "
        "one example per row), so its outputs are columns",
        "for a column bias, write the weight first: W X + b, or read with --layout columns "
        "(Config(layout='columns'))",
    ),
    "function-named": (
        "read the function {name} as {known}, as the user named it (functions={{'{name}': '{known}'}}, "
        "--function '{name}={known}'), in the formula and the claim alike",
        "for an unknown function {name}, leave it out of functions= / --function",
    ),
    "phi-normal-cdf": (
        "read {text} as the standard normal distribution's CDF, \\Phi(x) = (1 + \\mathrm{{erf}}(x/\\sqrt{{2}}))/2 "
        "(GELU's x\\Phi(x), Hendrycks & Gimpel)",
        "for another function, give it another letter (F(x)) or define it: \\Phi(x) = ...",
    ),
    "zeta-softplus": (
        "read {text} as the softplus, \\log(1 + e^x), as Goodfellow et al. write \\zeta (Deep Learning, sec. 3.10)",
        "for another function, name it: \\operatorname{{Z}}(x), or write \\zeta \\cdot (x) for a product",
    ),
    "shadowed-index": (
        "read the {old} of {text} as an index of its own, {new}: this sum sits inside a sum over {old}, and inside it "
        "{old} is its own bound letter (the PyTorch NLLLoss docs' weighted mean \\sum_n \\frac{{1}}{{\\sum_n "
        "w_{{y_n}}}} l_n)",
        "for the outer sum's {old} inside, give the inner sum another letter",
    ),
    "expectation-mean": (
        "read the {what} {text} over a sample: the names inside are vectors of sampled values (a function applied to "
        "a drawn name, the GAN's D(x), to each sample), and the {what} is their mean (of squared deviations, the "
        "biased estimator, for a variance), as PyTorch's LayerNorm means E[x]: over the entries of one x, one "
        "statistic for all of them",
        "for statistics per feature over a mini-batch (BatchNorm) or per group of channels (GroupNorm), which the "
        "docs print with the same E[x], write them as names (\\mu_\\mathcal{{B}}, \\sigma_\\mathcal{{B}}^2) or "
        "as the mean over the batch, \\frac{{1}}{{m}}\\sum_i x_i; for a population quantity, write it as a name "
        "(\\mu, \\sigma^2) or as a sum with weights p_i; for a network of the whole vector (a discriminator "
        "D(\\mathbf{{x}}), one number per sample) or a matrix-valued quantity per sample, write the mean over "
        "the samples, \\frac{{1}}{{m}}\\sum_i D(\\mathbf{{x}}^{{(i)}})",
    ),
    "expectation-population": (
        "read {text} as the {what} over the distribution, not evaluated: a statement about an expectation "
        "(Kingma & Ba's \\mathbb{{E}}[v_t] = \\mathbb{{E}}[g_t^2] (1 - \\beta_2^t) + \\zeta) holds for the "
        "population, so the names inside are single random values, not a sample whose mean is taken",
        "for a sample mean, write it as a sum: \\frac{{1}}{{n}} \\sum_i x_i",
    ),
    "vector-entry-name": (
        "read {text} as entry {position} of the vector {vector} written beside it, counted from 1 (Goodfellow et "
        "al. \\S 2.1: the first element of x is x_1; RoPE's x^{{(1)}}_m of \\boldsymbol{{x}}_m), not a name of its own",
        "for a number unrelated to {vector}, use another letter",
    ),
    "capital-rows": (
        "read {text} as the matrix whose rows are the vectors {rows} of the same letter (cs229's ICA writes W with "
        "rows w_j^T, and |W| is its determinant): the lower-case letter with an index is a family of vectors, "
        "though nothing else makes {text} a matrix",
        "for a number {text}, declare it ({text} \\in \\mathbb{{R}}) or use another letter",
    ),
    "bare-gradient": (
        "read {text} as the gradient vector of {name} by the variables it depends on, a column of its own length "
        "(Nielsen's \\nabla C \\equiv (\\partial C/\\partial v_1, \\ldots, \\partial C/\\partial v_m)^T): a bare "
        "\\nabla names no variable, so its length is not written",
        "for the derivative by one number, write it: \\frac{{\\partial {name}}}{{\\partial v}}; to name the vector, "
        "\\nabla_{{\\mathbf{{v}}}} {name}",
    ),
    "upstream-gradient": (
        "read {text} as shaped as {name}, a {kind}: a gradient of a number by {name} that multiplies a matrix in a "
        "product has {name}'s shape (cs231n's backprop for a matrix product, \\frac{{\\partial L}}{{\\partial X}} = "
        "\\frac{{\\partial L}}{{\\partial Y}} W^T), though nothing else makes {name} one",
        "for a number {name}, declare it: {name} \\in \\mathbb{{R}}; for a {kind}, write it bold or declare its shape",
    ),
    "gradient-shape": (
        "read {name} as a {kind}: a gradient of a number by a name is shaped as that name (dW as W), so in a "
        "hand-derived gradient the name derived by and the names of the other side take the shapes that make the "
        "two sides one value (cs231n's \\frac{{\\partial L}}{{\\partial W}} = \\delta x^T, an outer product; "
        "W^T \\delta, a matrix times a vector), though nothing else makes {name} one",
        "for a number {name}, declare it: {name} \\in \\mathbb{{R}}; for other shapes, declare them "
        "({name} \\in \\mathbb{{R}}^{{m \\times n}})",
    ),
    "norm-of-gradient": (
        "read {text} as the norm of a gradient vector: a gradient whose norm is taken is by a vector (the step "
        "direction \\nabla_\\theta J(\\theta) / \\|\\nabla_\\theta J(\\theta)\\|), though nothing else makes its "
        "variable one",
        "for the absolute value of a derivative by a number, write |\\frac{{dJ}}{{d\\theta}}|",
    ),
    "star-product": (
        "read {left} * {right} as a product of numbers: nothing makes them vectors, although deep-learning texts "
        "write * between arrays for the element-wise product (the PyTorch docs' LSTM c_t = f_t * c_{{t-1}}) or a "
        "convolution (ConvLSTM's W_{{xi}} * X_t)",
        "for the matrix product of a weight and a vector (the old PyTorch docs' RNN w_{{ih}} * x_t), write them side "
        "by side with a capital weight: W_{{ih}} x_t; for the element-wise product, write vectors with \\odot: "
        "\\mathbf{{f}}_t \\odot \\mathbf{{c}}_{{t-1}} (a convolution is not read)",
    ),
    "star-state-vector": (
        "read {name} as a vector of {vector}'s shape: * between a vector and a state at a step (Olah's LSTM "
        "h_t = o_t * \\tanh(C_t), the cell state C_t; the PyTorch docs' c_t = f_t * c_{{t-1}}) is their element-wise "
        "product, not a number scaling the vector",
        "for a number scaling {vector}, declare {name} \\in \\mathbb{{R}}; to say the shapes without a note, write "
        "\\odot or declare {name} \\in \\mathbb{{R}}^n",
    ),
    "star-gate-weight": (
        "read {text} as the matrix {weight} times the vector {vector}: in the PyTorch 0.x docs' RNN, LSTM and GRU "
        "cells, * between a weight with a gate label (w_{{ih}}, w_{{hh}}, w_{{ii}} ... w_{{hn}}) and the input or the "
        "state is the matrix-vector product",
        "for a product of numbers, declare {weight} \\in \\mathbb{{R}}; for the element-wise product of vectors, "
        "write \\mathbf{{w}} \\odot \\mathbf{{x}}_t",
    ),
    "function-member-number": (
        "read {text} as entry {index} of a vector-valued function of the whole vector, a number (one unit's value, "
        "as the definition's right side is), not {name} applied to each entry",
        "for the function of each entry, write it without the index: f(\\mathbf{{s}}) = ...",
    ),
    "gate-elementwise": (
        "read {text} as an element-wise product: {gate} is a gate (the formula defines it as a sigmoid, or it stands "
        "at the gates' step undefined, beside a vector) written side by side with a vector, as Graves's LSTM c_t = "
        "f_t c_{{t-1}} + i_t \\tanh(\\dots) and the GRU papers mean",
        "for a matrix product, transpose one side (x^T y is a number, x y^T a matrix)",
    ),
    "identity-sum": (
        "read {names} in {text} as matrices and I as the identity of their size (a matrix you pass): the identity is "
        "only ever added to a matrix (ridge's (A + \\lambda I)^{{-1}}, a discretised state space's "
        "(I - \\Delta/2 A)^{{-1}})",
        "for numbers (I a size of its own, as a convolution's output size (I - F + 2P)/S + 1), declare them: "
        "I, F \\in \\mathbb{{R}}; for the number one, write 1; to fix the sizes, declare them: A \\in "
        "\\mathbb{{R}}^{{n \\times n}}",
    ),
    "setting-number": (
        "read {name} as one number: inside a reduction the names are arrays, but a code name with a setting's word in "
        "it (alpha, beta, gamma, lambda, tau, eta, coef, temperature, lr) is one learned or chosen value (SAC's "
        "log_alpha, Stable-Baselines3's log_ent_coef)",
        "for an array of values, one per entry, give {name} a shape (--shape {name}=n)",
    ),
    "divisor-number": (
        "read {name} as one number dividing every entry: inside a reduction the names are arrays, but a one-letter "
        "name written only after / is a temperature or a scale (InfoNCE code's torch.exp(sim / t).sum(dim=1))",
        "for an array of divisors, one per entry, give {name} a shape (--shape {name}=n) or write it elsewhere as an "
        "array",
    ),
    "matrix-axis": (
        "read {text} as the {what} of each {each} of the matrix: {result} (numpy's and PyTorch's reduction over one "
        "axis; keepdims' shape, as it is used beside the matrix)",
        "for one number over every entry, drop the axis; for another axis, write it (axis=0: each column, axis=1: "
        "each row)",
    ),
    "complement-elementwise": (
        "read {text} as an element-wise product: an array times one minus itself, the logistic's slope written in its "
        "output, \\sigma(\\mathbf{{z}}) \\odot (1 - \\sigma(\\mathbf{{z}})), as papers write it",
        "write \\odot to say so; for a dot product, transpose the first factor",
    ),
    "layer-elementwise": (
        "read {text} as an element-wise product: both factors are arrays of layer {layer} of one shape (a layer's "
        "activations, pre-activations, their gradients and an activation of them: n × m, one column per example), "
        "as Ng's dZ^{{[l]}} = dA^{{[l]}} * g^{{[l]\\prime}}(Z^{{[l]}}) multiplies them; a matrix product of two "
        "such arrays does not fit",
        "for a matrix product, transpose a factor (A^{{[l]T}}) or declare the shapes (--shape); to be explicit, "
        "write \\odot",
    ),
    "capital-numbers": (
        "read {text} as a product of numbers: {names} are plain capitals that nothing in the formula makes matrices "
        "(no shape declared, no bold, no vector beside them), though papers write matrices so",
        "for matrices, write them bold (\\mathbf{{S}}_d) or declare their shapes "
        "(S_d \\in \\mathbb{{R}}^{{n \\times n}})",
    ),
    "update-square": (
        "read the update of {vector} by the matrix {matrix} as one vector {vector} before and after, so {matrix} is "
        "square: the new value has the old one's size (an RNN's h \\leftarrow W h), a guess; in Goodfellow et "
        "al.'s back-propagation, g \\leftarrow W^{{(k)\\top}} g, g changes size from layer to layer",
        "if the size changes, name the new value (g_{{k-1}} = W^{{(k)\\top}} g_k), or declare {matrix}'s shape",
    ),
    "nabla-number": (
        "read {name} as a number, so {grad} is the derivative by it, one coordinate at a time: plain letters are "
        "numbers here, and an update of them holds entry by entry (SGD's w_{{t+1}} = w_t - \\eta \\nabla f(w_t)); "
        "a source writing \\nabla mostly means the gradient by a vector of parameters",
        "for the gradient by a vector, write the letter bold (\\mathbf{{{base}}}) or declare it: "
        "{name} \\in \\mathbb{{R}}^n",
    ),
    "softmax-argument": (
        "read {name} as a vector of scores: {call} {does}",
        "for a number, declare it: {name} \\in \\mathbb{{R}}",
    ),
    "labelled-vector-entry": (
        "read {text} as entry {index} of the vector {vector} the formula writes: the letter before the comma is that "
        "vector's label (the GPyTorch docs' x_{{1,i}} - x_{{2,i}} beside \\mathbf{{x_1}}, \\mathbf{{x_2}}), not a row "
        "of a family of its own",
        "for entry (1, {index}) of a matrix, name it with a capital: X_{{1,{index}}}",
    ),
    "function-vector-value": (
        "read {text} as vector-valued, of the left side's shape: the derivative of a vector set equal to it is a "
        "vector (Chen et al.'s neural ODE d\\mathbf{{h}}(t)/dt = f(\\mathbf{{h}}(t), t, \\theta), the dynamics a "
        "network computes); its value is given by its spelling",
        "for a number, write the left side plain (dh/dt of a number h)",
    ),
    "hessian-of-a-number": (
        "read {text} as the second derivative by a number: what it is taken by is not bold and not declared a "
        "vector, so it is one number here (Bottou et al. and Nocedal & Wright write vectors plain: then it is the "
        "Hessian matrix)",
        "for the Hessian, write the variable bold (\\nabla^2 f(\\mathbf{{x}})) or declare it: x \\in \\mathbb{{R}}^n",
    ),
    "function-equation": (
        "read {text} = ... as an equation that the density {name} satisfies, not its definition: the right side "
        "integrates {name} at other arguments (the posterior predictive p(x_{{new}} \\mid x) = \\int p(x_{{new}} "
        "\\mid z) p(z \\mid x) dz, a marginalisation): each side is explained and evaluated on its own",
        "for a definition, give the density on the left a name of its own (p_{{pred}}(x_{{new}} \\mid x) = ...)",
    ),
    "partial-by-entry": (
        "read the derivative of {call} by {by} as the partial derivative by that one entry, the others held fixed: "
        "{call} is written as a function of {by} alone (cs229's \\frac{{\\partial}}{{\\partial \\theta_j}} "
        "J(\\theta), entry j of the gradient), not of the whole {arg}",
        "for the whole gradient, write \\nabla_{{{arg}}} {call}",
    ),
    "left-index-unused": (
        "read {name} with every entry the same value: its index {index} is on the left side only, the right side "
        "never uses it (the TensorFlow docs' segment sum output_i = \\sum_j data_j, whose condition on j, "
        "segment_ids[j] = i, is said in prose)",
        "say how the right side depends on {index}: a condition in the sum (\\sum_{{j: s_j = {index}}}) or an "
        "index on the right",
    ),
    "unused-parameter": (
        "read {name} as a function of {param} whose right side never uses {param}: it does not vary with it, and "
        "the right side's {others} are inputs of their own (the DL4J docs' schedule value(i) = initialValue * "
        "gamma^(floor(iter/step)), whose i is the iteration the body calls iter)",
        "if {param} is one of {others}, write the same name on both sides: value(iter) = ...",
    ),
    "start-value": (
        "read this statement as the start value of {name}, a statement of its own: symdl evaluates each statement "
        "once, the recurrence as one step from the {name} at {step} - 1 you give, not the loop from this start (Sutton "
        "& Barto's eligibility trace z_{{-1}} = 0, z_t = \\gamma\\lambda z_{{t-1}} + \\dots)",
        "to run the loop, evaluate the recurrence step by step, passing each value as the next previous value",
    ),
    "set-whole-vector": (
        "read {name} as a vector: a statement sets it whole and the formula reads its entries by one index elsewhere "
        "(Ng's a = \\sigma(z) beside \\sum_i y_i \\log a_i), so those are its entries, as a softmax's value's are",
        "for a number {name} and a family of its own, give the entries another letter",
    ),
    "capital-member": (
        "read {name} as a name of its own, a number you give, beside the family {family} (NCSN's \\sigma_i^2 / "
        "\\sigma_L^2): the author may mean its member {count}, the last, which is what you then pass as {name}",
        "to say so, write the member's index as a letter the formula sums or ranges over, or give {name} its value",
    ),
    "overline-whole": (
        "read {name} as a name of its own, beside the entries of {letter} the formula reads by an index: Aggarwal "
        "writes vectors with an overline, so {name} may be the vector whose entries those are (his RBM's "
        "E(\\overline{{h}}, \\overline{{v}}) = -\\sum_i b_i v_i - \\dots)",
        "for that vector, write it as the letter whose entries are summed, whole: {letter} (or \\mathbf{{{letter}}})",
    ),
    "scaled-identity": (
        "read {text} as the identity matrix: a statement sets a capital to it scaled by numbers alone (L-BFGS's "
        "first inverse Hessian H_k^0 = \\gamma_k I), so the capital is a matrix, not a number",
        "for a number named I, give it another letter; to say the identity without a note, write \\mathbf{{I}}",
    ),
    "sized-identity": (
        "read {text} as the identity matrix of the size its subscript writes (Shampoo's L_0 = \\epsilon I_m, the m "
        "× m identity), not a number named {text}",
        "for a number or a matrix of your own, give it another letter",
    ),
    "set-again": (
        "read {name}, set by statement {first} and again by statement {second}, as code runs: the later value "
        "replaces the earlier (the lines may be alternative cases, as a warm-up's rate before and after its last "
        "step, or two forms of one value)",
        "for cases, write one statement with \\begin{{cases}} ... \\end{{cases}}; for two forms of one value, one "
        "chain: {name} = ... = ...",
    ),
    "star-elementwise": (
        "read * between two vectors as their element-wise product (dropout's mask r * y, as papers and the PyTorch "
        "docs write it)",
        "for the matrix product, write the factors side by side without *: W x (PEP 465's @ in code); for the dot "
        "product, write \\mathbf{{x}}^T \\mathbf{{y}} or \\mathbf{{x}} \\cdot \\mathbf{{y}}; for a convolution (signal "
        "processing's x * w), write its sum: y_i = \\sum_k x_{{i-k}} w_k",
    ),
    "vector-row": (
        "read {text} as a row vector (one example per row): it is written right before a weight, as the "
        "PyTorch docs write x A^T + b and d2l x W + b",
        "for a column vector, put the weight first (A x) or transpose the vector (x^T A), or read with "
        "--layout columns (Config(layout='columns'))",
    ),
    "matrix-power": (
        "read the power ^{exp} of {text} as the matrix power ({text} is a square matrix): {text}·{text}·...",
        "for the element-wise power, write {text} \\odot {text} (or name the squared entries)",
    ),
    "matrix-root": (
        "read the power ^{exp} of the matrix {text} as its matrix root, the principal power of a square matrix "
        "(the reparameterisation's \\mu + \\Sigma^{{1/2}} \\epsilon: a matrix whose square is \\Sigma), "
        "as D^{{-1/2}} is read; computed for symmetric matrices with positive eigenvalues, not entry by entry",
        "for the entries' roots, write \\sqrt{{{text}_{{ij}}}} entry by entry; for a Cholesky factor, name it "
        "(L with \\Sigma = L L^T)",
    ),
    "elementwise-power": (
        "read the power ^{exp} of the matrix {text} element-wise: {text} is not known to be square",
        "for the matrix power, declare it square: {text} \\in \\mathbb{{R}}^{{n \\times n}}",
    ),
    "scalar-beside-bold": (
        "read {text} as a number added to every entry of the vector beside it: this formula writes vectors bold and "
        "{text} is plain (d2l's \\mathbf{{X}}\\mathbf{{w}} + b)",
        "for a vector, write it bold: \\mathbf{{{text}}}",
    ),
    "matrix-entrywise": (
        "read the {name} of the matrix in {text} entry by entry (numpy's np.{name_np}), as attention's \\exp(QK^T) "
        "is: not the matrix {name} (S4 and Mamba's e^{{\\Delta A}})",
        "the matrix {name} is not read yet (of a diagonal matrix it is the {name} of the diagonal's entries)",
    ),
    "max-abs-entries": (
        "read {text} as the {word} of the absolute values of the entries of the matrix {name}, \\{word}_{{i,j}} "
        "|{name}_{{ij}}| (absmax quantisation's scale): a plain capital is a matrix, and a {word} of one number "
        "would be that number",
        "for the {word} over something else, write its index: \\{word}_{{i,j}} |{name}_{{ij}}|; declare a "
        "number, {name} \\in \\mathbb{{R}}",
    ),
    "bare-gradient-name": (
        "read {text} as one quantity of its own, the gradient of the whole parenthesis by variables the formula does "
        "not write (a DQN-style update \\theta \\leftarrow \\theta + \\alpha \\nabla(TD_e - TD_t)): symdl does not "
        "differentiate it, since what it is by is not written",
        "to differentiate, write the variable under it: \\nabla_\\theta (...)",
    ),
    "abs-squared-norm": (
        "read |{inner}|^2 as the squared length (Euclidean norm) of the vector {inner}, not the squares of its "
        "entries' absolute values: single bars squared around a vector are a norm (Abu-Mostafa et al.'s Learning from "
        "Data, J(w) = |Xw - y|^2)",
        "for the entries' absolute values, write \\operatorname{{abs}}({inner}); for the norm, \\|{inner}\\|^2",
    ),
    "abs-squared-number": (
        "read |{inner}|^2 as the square of the absolute value of a number: nothing makes {inner} a vector, though bars "
        "squared often write a vector's squared length (Arora et al.'s |\\hat{{y}} - y|^2)",
        "for vectors, write \\|{inner}\\|^2 with bold names, or give their shapes (--shape y=n)",
    ),
    "abs-length": (
        "read {text} as the length (Euclidean norm) of the vector {inner}: single bars around a bold vector beside "
        "another such bar (the cosine similarity's |\\mathbf{{v}}| |\\mathbf{{w}}|); entry by entry they were two "
        "vectors side by side",
        "for the absolute value of each entry, write \\operatorname{{abs}}({inner})",
    ),
    "nabla-index": (
        "read {text} as the derivative by the weight the index picks, {entry}: a gradient written with an index "
        "letter under \\nabla is its entry by that weight (Riedmiller & Braun's Rprop \\nabla_i E beside w_i), "
        "never a derivative by the index itself",
        "write the partial derivative yourself: \\frac{{\\partial E}}{{\\partial {entry}}}",
    ),
    "family-size": (
        "read |{name}| as the number of the {name}_i, the length of the family a sum runs over (the Flux docs' "
        "\\frac{{1}}{{|x|}}\\sum_i f(x_i), a mean): {name} is written only in bars, beside its entries",
        "for the absolute value of a number, write \\operatorname{{abs}}({name})",
    ),
    "subscript-companions": (
        "read {letters} in {name} as indices too, beside the summed {summed}: single letters written together in one "
        "subscript are the array's positions (instance norm's x_{{nchw}}: image n, channel c, under sums over h and "
        "w), not a label",
        "for a label, write it as a word beside the indices: x_{{\\text{{nc}},h,w}}",
    ),
    "set-size": (
        "read |{name}| as the number of elements of the set {name} (a hypothesis class, a dataset, a vocabulary), "
        "a positive count of its own: {name} is a calligraphic capital or something is said to be in it, and it is "
        "written only in bars; pass the count as {input}",
        "for the absolute value of a number, write \\operatorname{{abs}}({name})",
    ),
    "size-of-argument": (
        "read |{name}| as the size of {name} (its number of tokens, samples or members), a positive count of its "
        "own: {name} is written only in bars and passed whole to a function of samples (SimPO's "
        "\\frac{{\\beta}}{{|y_w|}}\\log\\pi_\\theta(y_w|x), the calibration error's |B_m| beside "
        "\\mathrm{{acc}}(B_m)); pass the count as {input}",
        "for the absolute value of a number, write \\operatorname{{abs}}({name}) or use {name} in the arithmetic",
    ),
    "abs-determinant": (
        "read {text} as the determinant of the matrix {inner} (Bishop's |\\Sigma| of a Gaussian), which makes it "
        "square: nothing else in the formula says it is square (an inverse, a trace)",
        "for the absolute value of each entry, write \\operatorname{{abs}}({inner}) or the entries |a_{{ij}}|",
    ),
    "jacobian-layout": (
        "read the derivative of the vector {of} by the vector {wrt} as their Jacobian, a matrix with a row per entry "
        "of {of} (numerator layout, as Goodfellow et al.'s chain rule \\nabla_{{x}} z = (\\partial y / \\partial "
        "x)^\\top \\nabla_{{y}} z writes it)",
        "for the denominator layout (a row per entry of {wrt}), transpose it",
    ),
    "stated-shape-call": (
        "read {name} in {text} as a vector: the value is stated to be {stated}, and a function applied entry by "
        "entry (or softmax) has its argument's shape (CS224n's attention \\alpha^t = \\mathrm{{softmax}}(e^t) "
        "\\in \\mathbb{{R}}^N)",
        "for a function of a number whose value is a vector, name the value: \\mathbf{{h}} = F(x)",
    ),
    "sigma-schedule": (
        "read {text} as a schedule, a function of time symdl does not know (a diffusion model's noise scale "
        "\\alpha(t)\\mathbf{{x}}_0 + \\sigma(t)\\boldsymbol{{\\varepsilon}}, the log-SNR \\log \\alpha(t)^2/"
        "\\sigma(t)^2), not the logistic sigmoid of t",
        "for the sigmoid of t, write \\mathrm{{sigmoid}}(t)",
    ),
    "step-letter-entry": (
        "read {name} as entry {index} of the same family as {other}: a name written with the step letter t beside "
        "the same name at the index {letter} is one array's entries (Goldberg's ranking loss "
        "\\hat{{\\mathbf{{y}}}}_{{[t]}} - \\hat{{\\mathbf{{y}}}}_{{[k]}}: the scores of classes t and k), "
        "not a number of its own at step t",
        "for a quantity at step t unrelated to the family, give it another letter or a label: x_{{\\text{{t}}}}",
    ),
    "bar-mean": (
        "read {text} as the mean of the entries of {name}, one number subtracted from (or added to) every entry: "
        "a barred name beside the plain one is its mean (a sample's x - \\bar{{x}})",
        "for another vector of the same size (Bottou et al.'s point \\bar{{w}} beside w), write it bold, or name it "
        "without the bar (w', w_0)",
    ),
    "scalar-broadcast": (
        "read {text} as a number, added to every entry of the vector or matrix beside it: nothing here makes its "
        "names vectors (DDPM's \\sigma_t z beside \\mathbf{{x}}_t is a vector only if z is bold)",
        "for a vector, write its names bold (\\mathbf{{z}}) or declare them: z \\in \\mathbb{{R}}^n; a function whose "
        "value is a vector: name the value, \\mathbf{{h}} = F(\\mathbf{{x}})",
    ),
    "per-coordinate": (
        "read {text} as a vector, one value per parameter: a plain name under the square root that divides an update "
        "of a vector is a per-coordinate statistic (Adam's \\hat{{v}}_t, RMSProp's s_t, Adagrad's G), so the step "
        "is divided entry by entry",
        "for one number for all parameters, declare it: {text} \\in \\mathbb{{R}}",
    ),
    "per-coordinate-operand": (
        "read {text} as a vector, one value per coordinate: it is under the root or the divisor of an operand of "
        "\\odot beside a vector, or under the root that defines such a name (AdaDelta's "
        "\\frac{{\\sqrt{{\\mathrm{{acc\\_delta}} + \\epsilon}}}}{{\\mathrm{{std}}}} \\odot g), so it is taken entry by "
        "entry",
        "for one number for all coordinates, declare it: {text} \\in \\mathbb{{R}}",
    ),
    "function-entrywise": (
        "read {text} as {name} applied to each entry, as an activation is (Goodfellow et al.'s "
        "g(\\boldsymbol{{W}}^\\top \\boldsymbol{{x}} + \\boldsymbol{{c}})): symdl does not know {name}",
        "for a number (a scalar function of the vector), write \\operatorname{{{name}}}(...); for a vector of "
        "another length, write the function bold: \\boldsymbol{{{name}}}(...)",
    ),
    "sigma-std-beside-mean": (
        "read {text} as the standard deviation of {argument}, a function symdl does not know, not the sigmoid: "
        "\\mu is applied to the same argument, the mean beside the standard deviation (AdaIN's "
        "\\sigma(y)(\\frac{{x - \\mu(x)}}{{\\sigma(x)}}) + \\mu(y))",
        "for the logistic sigmoid, write \\operatorname{{sigmoid}}(...); for a mean and a deviation given as "
        "numbers, write them as names (\\mu_x, \\sigma_x)",
    ),
    "function-number": (
        "read {text} as a number, a scalar function of the vector (Goodfellow et al.'s objective "
        "f(\\boldsymbol{{x}})): {reason}",
        "for {name} applied to each entry, use a function that is (\\sigma, \\tanh) or name the value in a "
        "statement of its own: \\mathbf{{h}} = {name}(\\mathbf{{x}})",
    ),
    "chain-of-numbers": (
        "read the chain rule {text} as a product of numbers: each name in it is read as a number, as written; for "
        "vectors and matrices the factors are Jacobians, whose order and shapes matter (a backprop derivation's "
        "\\frac{{dz}}{{dW}}\\frac{{da}}{{dz}})",
        "for vectors, write them bold or declare their shapes (--shape z=4), and the derivatives with \\nabla",
    ),
    "callee-factor": (
        "read {name} here as a number, a factor of the product: the formula also applies {name} as a function, and "
        "a function's name alone is no value, so this may be one symbol of the author's (IMPALA's V-trace "
        "\\delta_s V, the weighted TD error) or the function's value at an argument left out",
        "for one symbol, give it a name of its own (\\delta^V_s); for the value, write the argument: V(x_s)",
    ),
    "drawn-noise-vector": (
        "read {name} as noise drawn for every entry, a vector: the formula draws it beside the statement ({name} "
        "\\sim ...) and adds it alone to a vector (Langevin dynamics' \\tilde{{\\mathbf{{x}}}}^k = \\dots + "
        "\\omega^k, \\omega^k \\sim \\mathcal{{N}}(0, \\lambda))",
        "for one number added to every entry, write it {name} \\mathbf{{1}}",
    ),
    "noise-vector": (
        "read {name} as the noise drawn for every entry, a vector: a plain ε scaled by a number and added to a "
        "vector is the sample's noise (DDIM's \\sigma_t \\epsilon_t, the VAE's \\sigma \\varepsilon)",
        "for one number added to every entry, write it \\epsilon \\mathbf{{1}}",
    ),
    "cdot-beside-vector": (
        "read {text} as the entry-by-entry product of the two vectors: it is added to a vector, and their dot product "
        "would be a number (the VAE's reparameterisation \\boldsymbol{{\\mu}} + \\boldsymbol{{\\sigma}} \\cdot "
        "\\boldsymbol{{\\epsilon}})",
        "for the dot product added to every entry, write it as \\boldsymbol{{\\sigma}}^\\top "
        "\\boldsymbol{{\\epsilon}}; to be explicit, write \\odot",
    ),
    "function-defined-vector": (
        "read {text} as the vector a line of this formula defines it to be ({name} of a vector, with an array for its "
        "value: CS4780's \\phi(\\mathbf{{x}}) = \\sigma(U\\mathbf{{x}}) before "
        "\\mathbf{{w}}^\\top\\phi(\\mathbf{{x}})), as long as that value, not {name} applied to each entry",
        "for an activation applied entry by entry, do not define {name} on the whole vector: write "
        "\\sigma(U\\mathbf{{x}}) where it is used",
    ),
    "function-stated-vector": (
        "read {text} as a vector of its own length: the statement says its value is in \\mathbb{{R}}^n (d2l's "
        "attention head \\mathbf{{h}}_i = f(\\mathbf{{W}}_i^{{(q)}}\\mathbf{{q}}, \\dots) \\in \\mathbb{{R}}^{{p_v}})",
        "for a number, state \\in \\mathbb{{R}}",
    ),
    "function-jacobian": (
        "read {text} as a vector of its argument's length: its derivative by that vector is inside a determinant, "
        "which takes a square matrix, so the derivative is the Jacobian (a normalising flow's "
        "\\log|\\det \\frac{{df(\\mathbf{{x}})}}{{d\\mathbf{{x}}}}|)",
        "for a number-valued function, take its gradient outside a determinant",
    ),
    "function-vector": (
        "read {text} as a vector of its own length: a bold function is vector-valued (Bishop's basis functions "
        "\\boldsymbol{{\\phi}}(\\mathbf{{x}}))",
        "for the function applied to each entry, write its name plain: {name} without \\boldsymbol",
    ),
    "function-transposed-vector": (
        "read {text} as a vector of its own length: a function symdl does not know that acts on no entry alone (a "
        "capital's, an encoder's), written transposed or right after such a transposed value (DPR's E_Q(q)^\\intercal "
        "E_P(p)), is vector-valued, the product their dot product",
        "for a number-valued function, drop the transpose",
    ),
    "function-vector-beside": (
        "read {text} as a vector of its own length, {row}: a function symdl does not know, applied to "
        "numbers, or a network of several arguments or of a vector, added to a vector (alone or times numbers), "
        "multiplied by one entry-wise (\\odot) or concatenated with one is vector-valued (Nielsen's desired output "
        "y(x) in \\|y(x) - a\\|^2, ResNet's \\mathcal{{F}}(\\mathbf{{x}}, \\{{W_i\\}}) + \\mathbf{{x}})",
        "for a number added to every entry, write it times a ones vector: {name}(x)\\mathbf{{1}}",
    ),
    "capital-weight-matrix": (
        "read {text} as a matrix product, {left} a batch of rows times the weight {right}: a capital written right "
        "before the weight's letter W is a matrix, as d2l writes its row-major layers (X_t W_{{xh}} + H_{{t-1}} "
        "W_{{hh}} + b_h, O_t = H_t W_{{hq}} + b_q)",
        "for numbers, declare them ({left} \\in \\mathbb{{R}}) or write {left} \\cdot {right}",
    ),
    "function-layer": (
        "read {text} as an array shaped as its argument {arg}: {name} names a network layer ({what}) that maps its "
        "input to an output of the same shape, as transformer texts write their blocks without expanding them "
        "(Vaswani et al.'s \\mathrm{{LayerNorm}}(x + \\mathrm{{Sublayer}}(x)), ViT's \\mathrm{{MSA}}(\\mathrm{{LN}}"
        "(\\mathbf{{z}}))); symdl does not expand it, and its value is given by its spelling",
        "to expand it, define it in the formula ({name}(x) = ...); for a number, use a name that is not a layer's",
    ),
    "norm-network": (
        "read {text} as a vector of its own length: a network's call (a function subscripted by its parameters, "
        "or a capital letter applied to one argument: CycleGAN's generators in \\|F(G(x)) - x\\|_1) inside a norm "
        "\\|...\\| is its output vector (DDPM's \\|\\epsilon - "
        "\\epsilon_\\theta(x_t, t)\\|^2), so the names and calls added to it are vectors too",
        "for numbers, write the absolute value with single bars: |{text} - y|",
    ),
    "function-dot-vector": (
        "read {text} as a vector as long as the vector {row} it multiplies (transposed, or with \\cdot): their "
        "product is a dot product (Bishop's linear basis model \\mathbf{{w}}^T \\phi(\\mathbf{{x}}), cs229's "
        "exponential family \\eta^T T(y)); as a number, {row} times it would be a row vector",
        "for a number times the row vector, write the number first: {text}\\,{row}; for a function known to be "
        "vector-valued, write it bold: \\boldsymbol{{{name}}}(...)",
    ),
    "overline-vectors": (
        "read {text} as the dot product of the vectors {left} and {right}: both written with \\overline, as "
        "Aggarwal's book writes every vector (\\overline{{W}} \\cdot \\overline{{X}})",
        "for a product of numbers (means), write \\bar{{x}} or declare them numbers: {left} \\in \\mathbb{{R}}",
    ),
    "dot-of-numbers": (
        "read {text} as a product of numbers: nothing makes {left} and {right} vectors (Nielsen writes the dot "
        "product of the vectors w and x as w \\cdot x)",
        "for the dot product, write the vectors bold (\\mathbf{{{left}}} \\cdot \\mathbf{{{right}}}) or declare "
        "them: {left}, {right} \\in \\mathbb{{R}}^n (or --shape {left}=3 --shape {right}=3, Config(shapes=...)); for "
        "a row vector times a weight matrix (Shazeer's x \\cdot W_g), write them side by side: {left} {right}",
    ),
    "bracket-concat": (
        "read {text} as the vectors stacked into one (a concatenation, as Olah's LSTM writes W_o [h_{{t-1}}, x_t]): "
        "a bracket listing names right after a weight matrix, or listing bold vectors",
        "for a vector of numbers, write \\begin{{bmatrix}} ... \\end{{bmatrix}}; bold vectors ([\\mathbf{{a}}; "
        "\\mathbf{{b}}]) are not noted",
    ),
    "capital-matrix": (
        "read {text} as a matrix {left} times a vector {right}: a plain capital letter, or one labelled by a "
        "superscript (Vaswani's W^Q x), or a Greek capital that names a matrix (Bishop's \\Phi w, "
        "\\Sigma^{{-1}}\\mu), written right before a lower-case name is a matrix "
        "(cs231n's W x + b, PyTorch's W_{{hh}} h)",
        "for a product of numbers, declare {left} \\in \\mathbb{{R}} (a weight's W \\cdot x reads as W x too)",
    ),
    "numerator-layout": (
        "read {text} as a row, the transpose of symdl's gradient (a column): a derivative by a vector set equal to "
        "a row vector is written in numerator layout (Deisenroth et al.'s \\frac{{\\partial L}}{{\\partial "
        "\\boldsymbol{{\\theta}}}} \\in \\mathbb{{R}}^{{1 \\times D}}, Parr & Howard's "
        "\\frac{{\\partial y}}{{\\partial \\mathbf{{x}}}} = \\vec{{1}}^T)",
        "for a column, transpose the other side: (\\boldsymbol{{B}} + \\boldsymbol{{B}}^\\top)\\boldsymbol{{x}}",
    ),
    "capital-dot-number": (
        "read {text} as the number {capital} times the value after \\cdot: nothing here makes that value a vector, so "
        "{capital} stays a number, although a weight's capital before \\cdot is a matrix to a reader (GraphSAGE's "
        "W \\cdot \\sum_{{u}} h_u)",
        "for the matrix-vector product, declare the shapes ({capital} \\in \\mathbb{{R}}^{{m \\times n}} and the "
        "vector's, or --shape) or write the vector bold: {capital} \\mathbf{{h}}",
    ),
    "capital-dot-matrix": (
        "read {text} as a matrix {left} times a vector {right}: a weight's capital (W, U, V, plain or subscripted) "
        "written before \\cdot or a pasted · and a lower-case name is the matrix-vector product, as W x is (the "
        "PyTorch docs' plain-text RNN W_hh · h_{{t-1}} + W_ih · x_t; Olah's W_f \\cdot [h_{{t-1}}, x_t] of a "
        "concatenation too); a lower-case weight stays Nielsen's dot product, w \\cdot x",
        "for a product of numbers, declare {left} \\in \\mathbb{{R}}; for a dot product of vectors, write "
        "the weight lower-case or bold (\\mathbf{{w}} \\cdot \\mathbf{{x}})",
    ),
    "count-dot": (
        "read {name} as a number, the batch size, that scales the array after \\cdot (Liu et al.'s Sophia: "
        "\\hat{{h}} = B \\cdot \\nabla \\hat{{L}}(\\theta) \\odot \\nabla \\hat{{L}}(\\theta)): a plain N or B "
        "joined to an array by a written \\cdot counts samples",
        "for a matrix times the array, declare {name} \\in \\mathbb{{R}}^{{m \\times n}} or write it bold "
        "(\\mathbf{{B}})",
    ),
    "greek-after-transpose": (
        "read {right} as a vector, a parameter vector: a lower-case Greek name written right after a transposed "
        "vector ({left}) is the other side of their dot product (ESL's x_i^T\\beta, cs229's "
        "x^T\\theta); a number there would scale the row, which sources write first (\\beta x^T)",
        "for a number scaling the row, write it first: {right} {left}, or declare {right} \\in \\mathbb{{R}}",
    ),
    "greek-after-matrix": (
        "read {text} as a matrix {left} times a vector {right}: a lower-case Greek name written right after a "
        "matrix, in a sum with a vector or equal to one, is the parameter vector it multiplies (Ng's X\\theta - y, "
        "the normal equations' X^T X\\theta = X^T y, statistics' "
        "\\|X\\beta - y\\|^2, kernel ridge's K\\alpha - y)",
        "for a number scaling the matrix, declare {right} \\in \\mathbb{{R}} or write it first: {right} {left}",
    ),
    "transpose-group": (
        "read {text} as the transpose of a vector or matrix: the transpose of a number is never written, so the "
        "plain names in the parentheses are arrays (lower-case letters vectors, capitals matrices; Ng's "
        "(X\\theta - y)^T(X\\theta - y), (x - \\mu)^T \\Sigma^{{-1}} (x - \\mu))",
        "for numbers, drop the transpose; to say the shapes, declare them (X \\in \\mathbb{{R}}^{{m \\times n}}) "
        "or write the names bold",
    ),
    "capital-entries": (
        "read {name} as a vector, not a matrix: the formula writes its entries {letter}_i with one index, beside a "
        "lower-case vector it is added to (CMU 11-785's \\|Y - d\\|^2 = \\sum_i (y_i - d_i)^2)",
        "for a matrix, declare {name} \\in \\mathbb{{R}}^{{m \\times n}} or write it bold (\\mathbf{{{name}}})",
    ),
    "exponent-product": (
        "read {text} as a product of numbers: {left} is a member of a family the formula sums over, and nothing "
        "(bold, a transpose, a declaration) makes the names vectors; embeddings' dot products are often written so "
        "(Covington et al.'s e^{{v_i u}}, word2vec's \\exp(u_o v_c))",
        "for the dot product of two vectors, write {left}^\\top {right} (or bold names)",
    ),
    "row-reduction": (
        "read {text} as an unknown function {name} of what it is applied to: a reduction along the rows of a matrix "
        "(FlashAttention's rowmax(S), rowsum(P): one value per row, a vector) is no function symdl knows, so the "
        "matrix and the value are not read as arrays",
        "write it over a row's entries: m_i = \\max_j S_{{ij}}, \\ell_i = \\sum_j P_{{ij}}",
    ),
    "capital-pair-matrix": (
        "read {text} as a product of matrices {left}·{right}: two capitals side by side with no operator, {other}, are "
        "matrices, and so is the capital beside them (LoRA's W + \\frac{{\\alpha}}{{r}} BA, \\Delta W = BA)",
        "for numbers, declare {left} \\in \\mathbb{{R}} or write {left} \\cdot {right}",
    ),
    "identity-matrix": (
        "read {text} as the identity matrix: a square I added to or subtracted from matrices, alone or times a "
        "number (the Jacobian of x/\\|x\\|, \\frac{{I}}{{\\|x\\|}} - \\frac{{x x^\\top}}{{\\|x\\|^3}})",
        "for a matrix of its own, give it another name (A); for the identity without a note, write \\mathbf{{I}}",
    ),
    "covariance-identity": (
        "read {text} as the identity matrix: a plain I as the covariance of \\mathcal{{N}}, alone or times numbers "
        "(DDPM's \\beta_t I, \\sigma^2 I), is an isotropic Gaussian's identity, as \\mathbf{{I}} is",
        "for a number, declare I \\in \\mathbb{{R}}; for the identity without the guess, write \\mathbf{{I}}",
    ),
    "capital-group-matrix": (
        "read {text} as a matrix times a vector {right}: a parenthesised sum of plain capitals with the identity I "
        "(A - I, I - \\eta A, A - \\lambda I, S4's I + \\Delta A) written right before a lower-case name or a "
        "parenthesised difference of them (Goodfellow's (I - \\epsilon H)(w - w^*)) is a matrix, the capitals "
        "matrices, I the identity",
        "for numbers, declare the capitals \\in \\mathbb{{R}} or write (A - I) \\cdot {right}",
    ),
    "capital-projection": (
        "read {text} as a product of matrices {left}·{right}: a plain capital written right before a capital with a "
        "label superscript (Vaswani's QW^Q_i, KW^K_i, XW^O), or before a layer's weight (Kipf & Welling's "
        "\\hat{{A}}XW^{{(0)}}, d2l's HW^{{(2)}}), is the matrix it projects, in the order written",
        "for numbers, declare {left} \\in \\mathbb{{R}} or write {left} \\cdot {right}",
    ),
    "concat-matrix": (
        "read {text} as a matrix product: {call} is the concatenation of its arguments side by side, a matrix "
        "(Vaswani et al.'s heads, sec. 3.2.2), times the matrix {right} written right after it, in the order written",
        "for a number, write the product with \\cdot; to name the concatenation, write H = {call}, then H {right}",
    ),
    "capital-power-matrix": (
        "read {text} as a matrix {left} to a power times a matrix {right}: a capital letter raised to a negative "
        "power right before another capital is a matrix's inverse or root (Kipf & Welling's D^{{-1/2}} A D^{{-1/2}}, "
        "the random walk's D^{{-1}} A)",
        "for numbers, declare {left} \\in \\mathbb{{R}} or write {left}^{{-1}} \\cdot {right}",
    ),
    "capital-power-after-matrix": (
        "read {text} as a matrix {left} times a matrix {right} to a power: a capital letter raised to a negative "
        "power right after a matrix in one product is a matrix's inverse or root too (Shampoo's "
        "L_t^{{-1/4}} G_t R_t^{{-1/4}}), not a number dividing the product",
        "for a number, declare {right} \\in \\mathbb{{R}} or write {left} \\cdot {right}^{{-1}}",
    ),
    "matrix-norm": (
        "read {text} as the Frobenius norm (the square root of the sum of squared entries, as weight decay's "
        "\\|W\\|^2 means): the norm of a matrix with no subscript",
        "write \\|W\\|_F to say so (no note); the spectral norm \\|W\\|_2 is not read yet",
    ),
    "norm-of-number": (
        "read {text} as an absolute value: {inner} is read as a number (nothing makes it a vector)",
        "for the norm of a vector, write it bold or declare it (\\in \\mathbb{{R}}^n); for a gradient, name what "
        "it is with respect to: \\nabla_{{\\mathbf{{v}}}} C",
    ),
    "max-elementwise": (
        "read {text} entry by entry: the {name} of each entry of the vector or matrix with the numbers beside it "
        "(\\max(0, W x) is the ReLU of W x, as cs231n and Goodfellow et al. write it)",
        "for the largest entry of a vector, write \\{name}_i z_i",
    ),
    "affine-per-feature": (
        "read {name} as a vector, one {role} per feature: a normalisation's learned {role} of a vector standardised "
        "by the root of a statistic (or of an element-wise product by a Greek vector, DyT's "
        "\\gamma \\odot \\tanh(\\alpha x) + \\beta) has one entry per feature, as the PyTorch docs' LayerNorm "
        "says of \\gamma and \\beta (\"learnable affine transform parameter vectors of size C\"); it multiplies or "
        "adds entry by entry",
        "for one number for every feature, declare {name} \\in \\mathbb{{R}}",
    ),
}
