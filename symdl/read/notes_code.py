"""The reading rules of formulas written as code (:mod:`symdl.read.codecalls`, :mod:`symdl.read.codelines`,
:mod:`symdl.read.codepower`): one row each, merged into :data:`symdl.read.notes.NOTE_RULES`."""

from __future__ import annotations

CODE_NOTES: dict[str, tuple[str, str]] = {
    "julia-broadcast": (
        "read {text} as Julia's broadcast macro (Flux's losses: agg(@.(-y * log(ŷ + ϵ)))): every operation after it "
        "is entry-wise, so what follows is read as written, its names entries or numbers",
        "in TeX, write the entry-wise form without the macro (\\odot between arrays)",
    ),
    "code-fancy-index": (
        "read {atom} as {name}, one entry per row: numpy's a[range(N), y] picks, in each row n, the entry at the "
        "label y_n (cs231n's probs[range(num_examples), y], the correct classes' probabilities); y is read 1-based, "
        "as symdl's labels are",
        "for the whole array, drop the brackets; for one entry, write a[n, y_n]",
    ),
    "fancy-rows": (
        "read {text} as the {what} over the rows {rows} from 1 to {length}{divide}: the value holds one entry per row "
        "(numpy's a[range(N), y], cs231n's probs[range(num_examples), y]), so the reduction over all its entries runs "
        "over the rows",
        "for one row's value, drop the reduction: -\\log p_{{n, y_n}}",
    ),
    "escaped-newline": (
        "read \\n as a line break ({count} in all): the code was pasted as a string literal, its line breaks escaped "
        "(a notebook's JSON, a Python string's repr), and \\n starts no command",
        "paste the code with its real line breaks; for a command, check its spelling",
    ),
    "step-number": (
        "read the numbers at the lines' starts ({number} first) as an algorithm's step numbers, set aside: each "
        "numbered line is a statement of its own, run in order",
        "for a number in the formula, write it after the statement's first name",
    ),
    "c-float-literal": (
        "read {plain} as C's float literal, the number without its suffix f (llm.c's 0.5f * (1.0f + tanh_out)): "
        "the text ends its statements with ';', as C does",
        "for a number times a name f, write a space or \\cdot between them: 1.0 \\cdot f",
    ),
    "c-float-function": (
        "read {plain} as C's single-precision {name}, the function {name} (llm.c's tanhf(tanh_arg)): the text ends "
        "its statements with ';', as C does",
        "for a function of your own named {plain}, write it in \\text{{}}",
    ),
    "code-declaration": (
        "read {keyword} as code's declaration keyword (JavaScript's and Rust's let, const, var; C's float, auto), set "
        "aside: the statement declares the name it sets, and the keyword is no factor of it",
        "for a name {keyword}, write it in \\text{{}} or with a subscript",
    ),
    "flattened-subscript": (
        "read {text} with {sub} as its subscript: a formula pasted from a PDF loses the subscripts' position "
        "(Bishop's zj = h(aj) for z_j = h(a_j)), and {sub} ends two or more names here (letters that end names "
        "index them); not a product with {sub}",
        "for the product, write a space or \\cdot between the letters",
    ),
    "code-where": (
        "read {text} as the cases of {call}: the second argument where the first (a comparison) holds, the third "
        "elsewhere, entry by entry (the PyTorch docs' smooth L1, torch.where(n < beta, 0.5 * n ** 2 / beta, n - 0.5 * "
        "beta))",
        "to say it in TeX, write the cases: \\begin{{cases}} a & x > 0 \\\\ b & \\text{{otherwise}} \\end{{cases}}",
    ),
    "bold-d-gradient": (
        "read {text} as the gradient's one name, d{name}: Ng's course notes write it in bold letter by letter "
        "(\\mathbf{{d}}\\mathbf{{z}}^{{[l]}}, as d\\mathbf{{z}}^{{[l]}} elsewhere), not the vector d times {name}",
        "for a product, write a sign between them: \\mathbf{{d}} \\odot {name}",
    ),
    "plain-subscript-step": (
        "read {text} on the left of = as one name with the subscript {sub} (a formula typed without TeX writes "
        "c_t+1 = ... for c_{{t+1}}, the next step's value): a sum c_t + 1 is nothing to define",
        "for the equation c_t + 1 = ..., write the sum in TeX with braces: c_{{t}} + 1",
    ),
    "plain-subscript": (
        "read {text} with {sub} as one subscript: a formula typed without TeX writes W_ih, b_ih, h_(t-1) for "
        "W_{{ih}}, b_{{ih}}, h_{{t-1}} (the PyTorch docs' plain-text RNN and GRU cells), where TeX would subscript "
        "one character",
        "for a subscript of one character times what follows, write it with a space or in TeX: W_i h",
    ),
    "code-gelu-approximate": (
        "read {text} as the tanh approximation of GELU, 0.5x(1 + \\tanh(\\sqrt{{2/\\pi}}(x + 0.044715x^3))){default}: "
        "JAX's and Flax's gelu approximate unless approximate=False, PyTorch's with approximate='tanh'",
        "for the exact GELU x\\Phi(x), write approximate=False (JAX) or leave PyTorch's default",
    ),
    "code-gelu-exact": (
        "read {text} as the exact GELU x\\Phi(x): approximate=False (JAX) or 'none' (PyTorch) asks for it",
        "for the tanh approximation, write approximate=True (JAX) or approximate='tanh' (PyTorch)",
    ),
    "code-library": (
        "read {text} as {function}: a library's prefix ({name}: numpy, PyTorch, TensorFlow, JAX, Python's math) "
        "names where the function comes from, not a value",
        "in TeX, write the function alone: \\sqrt{{x}}, \\exp(x), \\mathrm{{softmax}}(x), Q K^\\top",
    ),
    "product-after-index": (
        "read {text} as a product {spelling}·({arg}): square brackets index {name} as code does (the PyTorch docs' "
        "CrossEntropyLoss weight[class] (-x[class] + ...)), and an entry is a value, not a function called",
        "for a call, write the index as a subscript: {name}_c(x), or define the function first",
    ),
    "code-random-draw": (
        "read {text} as {reading}: code's random draw of normal noise ({call}; the VAE's z = mu + torch.exp(0.5 * "
        "logvar) * torch.randn_like(mu)) stands for a standard normal sample {name}, an input of the formula, as "
        "\\epsilon is in \\epsilon \\sim \\mathcal{{N}}(0, I); its shape is the one its use gives it; pass the "
        "sample as {name}",
        "name the draw yourself (eps = torch.randn_like(mu), then z = mu + std * eps) to choose its name",
    ),
    "code-boolean-mask": (
        "read {text} as the indicator \\mathbb{{1}}[{cond}] of its comparison, entry by entry: in code a parenthesised "
        "comparison used in arithmetic is numpy's boolean mask, True and False counting as 1 and 0 (cs231n's ReLU "
        "backward dW1 = X.T @ (dh * (h > 0)))",
        "write the indicator yourself, \\mathbb{{1}}[h > 0], or np.where(h > 0, dh, 0)",
    ),
    "code-method": (
        "read {text} as {name} of the value before the '.': code's method call (the PyTorch docs' x.exp(), "
        "logits.log_softmax(), w.t()) applies the function to that value",
        "in TeX, write the function of the value: \\exp(x), \\log \\mathrm{{softmax}}(z), W^\\top",
    ),
    "code-copy": (
        "read {text} as an assignment: PyTorch's in-place x.copy_(v) writes v into x (DDPG's soft update "
        "target_param.data.copy_(tau * param.data + (1 - tau) * target_param.data))",
        "write the assignment: x = v",
    ),
    "code-full-slice": (
        "read {text} as the name assigned: code's whole slice [:] on the left writes every entry in place (d2l's "
        "s[:] = beta2 * s + (1 - beta2) * torch.square(p.grad)), the same value as assigning the name",
        "leave out [:] for a plain assignment",
    ),
    "code-chained-assignment": (
        "read {text} as one assignment per target: Python's chained assignment gives every name left of the last = "
        "the value on its right (CleanRL's mb_advs[t] = lastgaelam = delta + ...)",
        "for a derivation's steps, write it in TeX: a = b = c",
    ),
    "code-sum-words": (
        "read {names} in {text} as arrays of values: code's sum(...) adds up an array's entries (SigLIP's "
        "-sum(log_sigmoid(labels * logits)) / n, over all the pairs), so the words it sums are arrays",
        "for numbers, leave out the sum: the sum of one number is that number",
    ),
    "code-reduction": (
        "read {text} as the {name} over {over}: code's reduction method (numpy's and PyTorch's x.mean(), "
        "x.sum(-1)); the names inside are arrays of values{spread}",
        "write the reduction as a sum over an index: \\frac{{1}}{{n}} \\sum_i x_i",
    ),
    "code-softmax-class-axis": (
        "read {text} as the axis of the {name} over a vector's entries: dim=1 is the class axis of a (batch, "
        "classes) array, as the PyTorch docs' torch.softmax(logits, dim=1) writes it, one example's entries; for "
        "symdl's vectors, their only axis",
        "for a softmax over another axis, write it entry by entry: \\frac{{e^{{z_{{ij}}}}}}{{\\sum_k e^{{z_{{ik}}}}}}",
    ),
    "code-size": (
        "read {text} as N_{of}, the number of entries of {of} (its length along axis 0), the length its family has: "
        "the PyTorch docs divide a loss by x.size(0), x.nelement() to average over a vector's entries",
        "if {of} is a matrix (a batch, one row per example), size(0) and shape[0] count its rows and nelement() all "
        "its entries: name the count (n) and write \\frac{{1}}{{n}}",
    ),
    "code-sum": (
        "read {text} as {plain}: plain text's sum or product with its indices after _ (the PyTorch docs' sum_i, "
        "sum_ij; the TensorFlow Probability docs' prod_j), a letter per index, each over all its values",
        "for a sum over chosen values, write it in TeX with its bounds: \\sum_{{i=1}}^{{n}}; for a name, "
        "\\operatorname{{sum\\_ij}}",
    ),
    "code-size-last": (
        "read {text} as d_{{{of}}}, the size of the last axis of {of}: attention code's k.size(-1) is the width of a "
        "key (the d_k of \\sqrt{{d_k}}), a count of its own here, not tied to {of}'s shape",
        "write the width as a name: d_k",
    ),
    "code-layout-method": (
        "read {method} as the value itself: it changes how the tensor is stored or typed (a copy, a flat view, a "
        "float, an axis of length 1 added or dropped to broadcast), not its entries; on a vector, .flatten() keeps "
        "them all in order",
        "of a matrix, .flatten() is one vector of all its entries: write that vector's name",
    ),
    "code-cast": (
        "read {text} as the value inside it: Python's float(...) changes the number's type, not its value",
        "write the value alone: fan_in + fan_out",
    ),
    "code-transpose-axes": (
        "read {method} as the transpose: swapping the last two axes (attention code's q @ key.transpose(-2, -1)), "
        "axes 0 and 1 (LoRA's lora_A.transpose(0, 1)) or reversing them all (numpy's a.transpose()) is a matrix's "
        "transpose; the leading axes of a batch of matrices are not symdl's",
        "write the transpose: K^\\top, K.T",
    ),
    "code-softmax-axis": (
        "read {text} as the axis of the {name} over a vector's entries: -1 is the last axis, for symdl's vectors "
        "their only one",
        "for a softmax over another axis of a matrix, write it entry by entry: \\frac{{e^{{z_{{ij}}}}}}{{\\sum_k "
        "e^{{z_{{ik}}}}}}",
    ),
    "code-dot-vectors": (
        "read {text} as the dot product of two vectors {a} and {b}, a number: nothing makes either a matrix (a "
        "capital, .T, a weight's name such as kernel); code names matrices in lower case too (JAX's jnp.dot(w, "
        "activations) for a layer), so this is a guess",
        "for a matrix times a vector, name the matrix with a capital (np.dot(W, x)) or give its shape: --shape w=4x3",
    ),
    "python-power": (
        "read {text} as a power, {base}^{{{exponent}}}: Python's ** (the TensorFlow docs' beta_2**t, numpy's "
        "abs(a - a.mean())**2); in TeX ** would be two products",
        "in TeX, write the power with ^ and a braced exponent: x^{{t}}",
    ),
    "code-statements": (
        "read {text} as the start of another statement: code's statements ({first} and {second}) written on one "
        "line with only a space between them, where two values side by side mean nothing",
        "put each statement on a line of its own, or separate them with \\\\ or ;",
    ),
    "code-return": (
        "read {text} as the value of the formula: code's return gives the value of the last statement (the Keras "
        "docs' return tf.matmul(distribution, value))",
        "drop the word return, or name the value: out = ...",
    ),
    "code-def": (
        "read {text} as the definition of the function {name}({args}): a Python function pasted as the formula (the "
        "Keras docs' def decayed_learning_rate(step): ...) has the value of its return line, {name}({args}) = ..., "
        "and the lines before it are statements run first, in the order written; self is the module, not an input",
        "write the math: f(x) = ..., with each intermediate name on a line of its own before it",
    ),
    "code-rebind": (
        "read {text} as an update of {name}: the line assigns the function's argument again (the Keras docs' "
        "step = min(step, decay_steps)), so the lines after it use the new value, as Python runs them",
        "give the new value a name of its own (capped = min(step, decay_steps)) to keep both",
    ),
    "code-layer": (
        "read {text} as a call of the module's layer {name}, an unknown function of its argument (Llama's "
        "self.w1(x)): the code pasted does not say what the layer is (nn.Linear, an MLP); pass its implementation "
        "as the function {name}",
        "for a linear layer, write the product: W_1 x + b_1",
    ),
    "code-pi": (
        "read {text} as the constant \\pi: a formula written as code multiplies or divides the number by pi, or "
        "a cosine's or sine's angle (math.pi, np.pi; the burn docs' sqrt(2/pi), the Keras docs' cos(pi * step / "
        "decay_steps))",
        "for a name pi of your own, write it beside no number, or write \\pi_\\theta for a policy",
    ),
    "markdown-escape": (
        "read {text} as {plain}: Markdown escapes TeX's _ and * as \\_ and \\* (a formula copied from a README or a "
        "blog's source: the SGDW glossary's \\theta\\_{{t}} is \\theta_{{t}})",
        "in TeX, write x_{{t}} and x^*; an underscore inside a name belongs in \\text{{clip\\_norm}}",
    ),
    "elementwise-dot": (
        "read {text} as {plain}, entry by entry: MATLAB's and Julia's dotted operator broadcasts (the Flux.jl docs' "
        "y .* (1 - α) .+ α / size(y, dims)); {plain} is entry by entry on arrays",
        "in TeX, write \\odot for the element-wise product, and + - / ^ without the dot",
    ),
    "macro-expectation": (
        "read {text} as the expectation \\mathbb{{E}}_{{below}}[body]: OpenAI Spinning Up's macro "
        "\\underE{{below}}{{body}} "
        "sets the first argument under an E and the second in brackets",
        "for another meaning of the command, write the expectation out: \\mathbb{{E}}_{{s \\sim \\pi}}[f(s)]",
    ),
    "range-assertion": (
        "read {text} as a remark on the range the value lies in (xPos's \\zeta_i = \\dots \\in (0, 1)), set aside: "
        "symdl reads the statement before it and does not check the range",
        "to check it, evaluate the statement and compare the values with the range yourself",
    ),
    "equal-in-distribution": (
        "read {text} as an equality of values: the letter over it says the two sides are equal in distribution "
        "(Bellemare et al.'s distributional Bellman equation Z(x, a) \\stackrel{{D}}{{=}} R(x, a) + \\gamma Z(X', "
        "A')), random quantities with the same law, which symdl does not represent",
        "read each side as a random variable by its samples: name them and compare their distributions",
    ),
    "underset-limits": (
        "read {text} as the operator with what is set under it as its subscript: \\underset{{below}}{{op}} sets the "
        "limits of an expectation or a sum under it (the WGAN-GP's \\underset{{x\\sim\\mathbb{{P}}_r}}"
        "{{\\mathbb{{E}}}}[D(x)], Gulrajani et al.)",
        "write the limits as a subscript: \\mathbb{{E}}_{{x \\sim P}}[\\dots], \\operatorname*{{argmin}}_\\theta",
    ),
    "doubled-open-parenthesis": (
        "read {text} as one parenthesis: a doubled opening parenthesis closed once, then a relation or the end "
        "(Kingma & Welling's Appendix B -D_{{KL}}((q_\\phi(\\mathbf{{z}})||p_\\theta(\\mathbf{{z}})) = ...): the "
        "missing closing one could stand only right after the other",
        "close every parenthesis you open: D_{{KL}}(q \\| p)",
    ),
    "code-if": (
        "read {text} as a piecewise function: code's if/elif/else rows (the TensorFlow docs' hard sigmoid if x < -2.5: "
        "return 0 \\\\ ...), or Python's a if c else b, each value where its condition holds, the first row that "
        "holds winning as the code runs them",
        "write the rows of a cases: \\begin{{cases}} 0 & x < -2.5 \\\\ 1 & x > 2.5 \\\\ 0.2x + 0.5 & "
        "\\text{{otherwise}} \\end{{cases}}",
    ),
    "align-cases": (
        "read {text} as one piecewise function: an align block's rows (numpy-ml's f(x) &= 1 &&\\text{{if }} x > 0 "
        "\\\\ &= 0 &&\\text{{otherwise}}), each row's value where its condition holds, the first that holds winning, "
        "otherwise the last",
        "write the rows of a cases: f(x) = \\begin{{cases}} 1 & x > 0 \\\\ 0 & \\text{{otherwise}} \\end{{cases}}",
    ),
    "case-lines": (
        "read {text} as one piecewise function: the left side written again starts each row (the PyTorch docs' "
        "Hardtanh f(x) = +1, if x > 1 \\quad f(x) = -1, if x < -1 \\quad f(x) = x, otherwise, its line breaks lost), "
        "each row a value where its condition holds, the first that holds winning, otherwise the last",
        "write the rows of a cases: f(x) = \\begin{{cases}} 1 & x > 1 \\\\ -1 & x < -1 \\\\ x & "
        "\\text{{otherwise}} \\end{{cases}}",
    ),
    "case-dangling-sign": (
        "dropped the {sign} that ends the condition {cond} with nothing after it before the next row: it compares "
        "nothing, a mark left where a line break was lost (the PyTorch docs' Softshrink as scraped)",
        "if the condition goes on, write it whole before the next row",
    ),
    "python-floor-division": (
        "read {text} as the floor of the quotient, \\lfloor a / b \\rfloor: Python's // (the timm docs' StepLR "
        "decay_rate ** (epoch // decay_t)); in TeX // would be two divisions",
        "in TeX, write \\lfloor \\frac{{a}}{{b}} \\rfloor",
    ),
    "arrow-label": (
        "read the labelled arrow as the update arrow \\leftarrow (an algorithm's assignment or a definition, "
        "\\xleftarrow{{\\text{{def}}}}), the label '{label}' written on it dropped",
        "write \\leftarrow or := for an update, = for an equation; put a condition in words after the formula",
    ),
    "prose-label": (
        "set aside {text} before the formula: words before a colon at the start of a line name what follows (a "
        "chat's The update: w = w - lr g, a slide's BatchNorm: h_i \\leftarrow ...), they are no part of it",
        "to read the words as names, drop the colon or write them as a statement of their own",
    ),
    "prose-is": (
        "read the word {text} as the statement's =: a formula typed in a sentence (a forum post's z_j^l is "
        "\\sum_k w_{{jk}}^l a_k^{{l-1}} + b_j^l) writes is where TeX writes =, and the statement has no relation "
        "of its own",
        "for a product with names i and s, write i s with a space between or \\cdot; for a definition, write =",
    ),
    "code-annotation": (
        "read the assignment without its type annotation {text}: Python's name: type = value says what the value is "
        "(Kornia's loss: torch.Tensor = ...), not how it is computed",
        "write the assignment without the type: loss = ...",
    ),
    "code-self": (
        "drop {text} before a name: a module's attribute in the code the formula was pasted from (the PyTorch "
        "docs' self.eps, self.margin) is the parameter or setting of that name",
        "drop self.: write eps, or \\epsilon",
    ),
    "code-private": (
        "drop Python's underscore before a name: a private variable of the code the formula was pasted from "
        "(an EWC implementation's _loss), the name without it",
        "in TeX, write the name alone",
    ),
    "code-node-field": (
        "read {text} as {what}",
        "write the math with names of your own: \\frac{{\\partial L}}{{\\partial v}} for v.grad, v for v.data",
    ),
    "code-holder": (
        "drop {text} before a name: {what}",
        "write the name alone: gamma, or \\gamma",
    ),
    "divergence-brackets": (
        "read {text} as the divergence's arguments: square brackets right after a name around two distributions "
        "separated by \\| (Doersch's VAE tutorial's \\mathcal{{D}}[Q(z|X) \\| P(z|X)], the KL divergence), as its "
        "parentheses are, not a concatenation",
        "write the call with parentheses: D_{{KL}}(Q \\| P)",
    ),
    "dotted-operand": (
        "read {name} as a vector: a dotted operator beside it (Julia's and MATLAB's .+ .- .* ./ .^, Flux's "
        "sum(ŷ .- y .* log.(ŷ))) works entry by entry, written only between arrays",
        "for a number, write the plain operator (+, -, *, /, ^)",
    ),
    "code-matmul-operand": (
        "read {name} as an array (a {kind}): it stands beside @, the matrix product of numpy and PyTorch, which "
        "takes no numbers (cs231n's X.T @ dscores)",
        "for a number, declare it ({name} \\in \\mathbb{{R}}) and write * for the product",
    ),
    "code-attention-operand": (
        "read {name} as a matrix (a row per token): it stands beside @ where @ multiplies by a transposed name "
        "(attention code's q @ k.transpose(-2, -1), q @ k.T), as attention code writes queries, keys and values",
        "for one query and one key as vectors, write their dot product q.T @ k, or declare the shapes "
        "({name} \\in \\mathbb{{R}}^{{n}})",
    ),
    "code-setting": (
        "read {plain} as the setting {key}: a number the program was given, read from the dict {dict} by its key "
        "(cs231n's optim.py config['momentum'] * v - config['learning_rate'] * dw), a name of its own",
        "write the setting's name alone: momentum, or \\mu",
    ),
    "prose-remark": (
        "set aside {plain}: a remark in words in parentheses at the end of the line (the axonml docs' LAMB "
        "trust_ratio = ||param|| / ||r||  (layer-wise)), not a factor; its words name nothing else in the formula",
        "to multiply by a value of that name, write it without the parentheses, or with * before them",
    ),
    "code-comment": (
        "set aside {comment}: a comment after the code (Python's #, as cs231n's dsigmoid = s * (1 - s) * dout  "
        "# s = ...; C's and Rust's // before words), "
        "a remark, not part of the formula",
        "to read what the comment says, paste it as a statement of its own (s = 1/(1+np.exp(-x)))",
    ),
    "code-decoration": (
        "read {text} as the decoration {word} on the name: code cannot put a hat or a bar on a letter, so it spells it "
        "after an underscore (Keras' y_hat, the optirs docs' RAdam m_hat_t for \\hat{{m}}_t)",
        "for a subscript that spells the word, write it in braces, x_{{{word}}}",
    ),
    "comment-line": (
        "set aside {comment}: a line of pasted code that is a comment (# or // first on the line, cs231n's "
        "# backprop f = (x+y)*z above its staged backprop), a remark, not part of the formula",
        "to read what the comment says, paste it without its marker as a statement of its own",
    ),
    "commented-formula": (
        "read the lines without their comment marker {marker}: every line of the paste is commented (a blog's "
        "// e_ij = LeakyReLU(...)), so the marker only carried the formula out of a code file",
        "if the lines are remarks about code that is not pasted, there is no formula to read",
    ),
    "doubled-backslash": (
        "read {text} as the command {plain}: its backslash is doubled, as a Python or JSON string escapes it "
        "(n_t = \\\\tanh(...)), and nothing before it ends a statement, so it is no line break",
        "for a line break before a name, put a space after \\\\ (\\\\ \\tanh)",
    ),
    "lost-tab": (
        "read {text} as {plain}: its \\t was taken for a tab by a copy (a Python or JSON string, a scraped page: "
        "L^{{CPI}}( heta) is L^{{CPI}}(\\theta))",
        "for the letters as a name, write \\text{{...}}",
    ),
}
