"""The reading rules the reader applies (:mod:`symdl.read`): one row each, merged into
:data:`symdl.read.notes.NOTE_RULES`.

A row is the rule's message and its other reading, as templates (:class:`symdl.read.notes.NoteRule`).
"""

from __future__ import annotations

#: rule → (message, alternative) of the rules whose notes the reader leaves
READER_NOTES: dict[str, tuple[str, str]] = {
    "group-entry": (
        "read ({inner})_{index} as entry {index} of the vector {inner} (an index a sum binds runs over its entries; "
        "a free one is every entry), as Goodfellow et al. write (W^\\top x + c)_i",
        "to name the vector first: \\mathbf{{z}} = {inner}, then z_{index}",
    ),
    "division-reach": (
        "read {quotient} {factor} as ({quotient})·{factor}: a factor after a '/' multiplies the quotient",
        "to divide by the product, write \\frac{{{numerator}}}{{{divisor} {factor}}}",
    ),
    "sum-reach": (
        "read {terms} as part of the body of {sum}: they use its index {index}",
        "to end the sum before them, put its body in parentheses: \\sum_{{{index}}} ( ... ) {sign} ...",
    ),
    "dot-name": (
        "read {atom} as a name of its own, not the time derivative of the name under the dot (Newton's notation, "
        "dx/dt, as gradient flow writes \\dot{{x}}(t) = -\\nabla f(x(t))): symdl reads no derivative from a dot",
        "for the derivative, write \\frac{{d x}}{{d t}}",
    ),
    "matrix-commas": (
        "read the commas of {text} as the matrix's column separators: no & is written and each row lists entries "
        "with commas (Deisenroth et al.'s \\begin{{bmatrix}} 1, 1, \\ldots, 1 \\end{{bmatrix}})",
        "for one entry holding a list, write the entries with & between them",
    ),
    "sum-over-pairs": (
        "read {text} as the sum over every pair once: {small} and {large} each over all their values, the summand "
        "kept where the order holds ({small} before {large}; the Boltzmann machine's energy -\\sum_{{i<j}} s_i s_j "
        "w_{{ij}}), as \\sum_{large} \\sum_{{{small}=1}}^{{{last}}} is",
        "write the bounds yourself: \\sum_{{{large}=1}}^{{n}} \\sum_{{{small}=1}}^{{{last}}}",
    ),
    "sum-over-distinct-pairs": (
        "read {text} as the sum over every pair of distinct values: {a} and {b} each over all their values, the "
        "summand kept where {a} \\neq {b} (Optimal Brain Damage's \\frac{{1}}{{2}}\\sum_{{i \\neq j}} h_{{ij}} "
        "\\delta u_i \\delta u_j): nothing before it binds {b}",
        "for a sum over {a} alone at a given {b}, write {b} on the left or sum over it outside: \\sum_{b} "
        "\\sum_{{{a} \\neq {b}}}",
    ),
    "delta-indicator": (
        "read {text} as the indicator of the equality: 1 where it holds, else 0 (Wen et al.'s center loss "
        "\\delta(y_i = j), Kronecker's delta of two values), not the Dirac delta",
        "for a Dirac delta, write \\delta(x - x_n) (refused: symdl does not evaluate it)",
    ),
    "prod-divisor": (
        "read {text} with / {divisor} outside the product: the divisor does not depend on {index}, so it divides "
        "the product once (a density's normaliser Z, as the TensorFlow Probability docs write \\prod_j "
        "x_j^{{\\alpha_j - 1}} / Z), not each factor",
        "for each factor divided, write the parentheses: \\prod_{index} (... / {divisor})",
    ),
    "name-digits": (
        "read {atom} as one name, {name} (a letter with digits, as code and the PyTorch docs write x1, W2), not a "
        "product with a number",
        "for the product, put a space or a \\cdot between them, or write the number first",
    ),
    "order-term": (
        "dropped the order term {term}: it names how fast a remainder vanishes (big-O), not a product; the relation "
        "is read without it, as an approximation (\\approx) that holds up to that remainder",
        "to keep a remainder, name it (+ r) and say what it is",
    ),
    "sigma-prime-diagonal": (
        "read {matrix} as Nielsen's diagonal matrix with \\sigma'({vector})_j on its diagonal, so its product with "
        "{rest} is the entry-wise product \\sigma'({vector}) \\odot ({rest})",
        "for an unknown function applied entry by entry, name it (g'({vector}))",
    ),
    "trace-reach": (
        "read {text} as {name} of the whole product {operand}, up to the next + or - (cs229's \\nabla_A "
        "\\mathrm{{tr}}\\, ABA^TC), not of its first factor",
        "for the trace of the first factor only, write {name}(...) with parentheses",
    ),
    "argument-sequence": (
        "read {text} as one argument standing for the members of {name} from index {first} to {last} (the whole "
        "sequence the function is applied to); the function is not one symdl knows, so its value is not evaluated",
        "name the sequence as one argument: a matrix or a vector with the members as its columns",
    ),
    "lhs-trailing-dots": (
        "left out {text} after the parameters of the function this statement defines (Ng's J(W^{{[1]}}, b^{{[1]}}, "
        "\\ldots), its other parameters): the dots name no parameter the right side could use",
        "list every parameter, or name them all: J(\\theta) with \\theta the parameters",
    ),
    "doubled-parentheses": (
        "read {text} as the arguments of the call around it, written in a second pair of parentheses (as in "
        "-D_{{KL}}((q \\| p))), not one argument in parentheses: a bar separates two arguments there",
        "write one pair of parentheses: D_{{KL}}(q \\| p)",
    ),
    "transposed-concat": (
        "read {text} as the column of the vectors stacked (Bahdanau et al.'s annotation [h^\\top; h^\\top]^\\top, the "
        "forward and backward states side by side as rows, turned back into a column), not a matrix of two columns",
        "write the column directly: [\\overrightarrow{{h}}_j; \\overleftarrow{{h}}_j]",
    ),
    "function-reach": (
        "read {text} as {name} of the whole product {operand} written after it, as a reader reads \\sin 2x and "
        "\\cos m\\theta, up to the next +, -, \\cdot, fraction or other function; not of its first factor",
        "for the function of the first factor only, write {name}(...) with parentheses",
    ),
    "otimes-elementwise": (
        "read \\otimes as the element-wise product, as the PyTorch docs' GLU(a, b) = a \\otimes \\sigma(b), "
        "Shazeer's GLU variants and Géron's LSTM (\\mathbf{{f}}_{{(t)}} \\otimes \\mathbf{{c}}_{{(t-1)}}) write "
        "it, not the Kronecker or outer product",
        "for an outer product write u v^T; for a Kronecker product, \\otimes between the names of two matrices",
    ),
    "bracket-entry": (
        "read {text} as the entry of {name} its subscript names, {name} with that subscript (d2l's "
        "[\\mathbf{{X}}]_{{i, j}}, entry (i, j) of X)",
        "for a product with a bracketed factor, write the subscript elsewhere or put \\cdot before the bracket",
    ),
    "bracket-call": (
        "read {text} as the function {name} applied to the bracket: {name} is a function letter (Ba et al.'s "
        "f[...], the nonlinearity)",
        "for a product, write {name} \\cdot [...]",
    ),
    "functional-bracket": (
        "read {text} as the functional {name} applied to the name in the bracket, a number that depends on a whole "
        "function (the calculus of variations' J[y], variational inference's \\mathcal{{L}}[q]), not {name} times it; "
        "symdl treats it as an unknown function of that name",
        "for a product, write {name} \\cdot [...]",
    ),
    "distribution-clause": (
        "set {clause} aside: it says how a name is drawn (the VAE's \\epsilon \\sim \\mathcal{{N}}(0, I)); the name is "
        "an input of the formula",
        "symdl has no reading of distributions; give the drawn values as inputs",
    ),
    "integral-vector": (
        "read {text} as an integral over the values of the vector {var}, one variable standing for all of them "
        "(Bishop's \\int p(\\mathbf{{x}}) \\ln q(\\mathbf{{x}}) \\mathrm{{d}}\\mathbf{{x}}): it is named and explained,"
        " not evaluated entry by entry",
        "for an integral over one entry, write it: \\int f(x_1) \\, dx_1",
    ),
    "normal-variance": (
        "read {text} as the normal distribution whose second parameter, {var}, is its variance (He et al.'s "
        "\\mathcal{{N}}(0, 2/n_l), the PyTorch docs' \\mathcal{{N}}(0, \\text{{std}}^2))",
        "for a standard deviation as the second parameter, write its square: \\mathcal{{N}}(\\mu, \\sigma^2)",
    ),
    "primed-left": (
        "read {text} on the left side as the derivative of {name}, whose right side applies {name} itself (Ng's "
        "g'(z) = g(z)(1 - g(z))), though a primed name may be a function of its own (DDPG's exploration policy "
        "\\mu'(s_t) = \\mu(s_t|\\theta^\\mu_t) + \\mathcal{{N}})",
        "for a function of its own, give it another name (\\mu_{{explore}}(s_t) = ...)",
    ),
    "expectation-letter": (
        "read {text} as the expectation of {value}: a plain E before a random variable, as Cover & Thomas write "
        "Jensen's inequality Ef(X) \\geq f(EX), not a number E times it",
        "for a product, write E \\cdot {value}; for the expectation without a note, \\mathbb{{E}}[{value}]",
    ),
    "expectation-reach": (
        "read the expectation, written with no bracket after it, as of the rest of its term, {arg} (Goodfellow et "
        "al.'s \\mathbb{{E}}_{{x,y \\sim \\hat{{p}}_{{data}}}} L(x, y, \\theta))",
        "for another reach, put its argument in brackets: \\mathbb{{E}}_{{x \\sim p}}[...]",
    ),
    "expectation-samples-apart": (
        "read the samples of {name} this expectation draws from {dist} as an array of their own, {primed}: an "
        "earlier expectation draws {name} from {first}, and each expectation binds its own {name} (the WGAN's "
        "\\mathbb{{E}}_{{x \\sim \\mathbb{{P}}_r}}[f(x)] - \\mathbb{{E}}_{{x \\sim \\mathbb{{P}}_\\theta}}[f(x)])",
        "for one array drawn from both, write one expectation; to name the samples yourself, write "
        "\\mathbb{{E}}_{{z \\sim p_z}}[\\dots]",
    ),
    "expectation-plain-parenthesis": (
        "read {text} as an expectation, written with a plain E and a parenthesis holding a sum or difference (ISL's "
        "E(y_0 - \\hat{{f}}(x_0))^2, the expected test error): a capital E times a difference is no quantity of a "
        "formula, and nothing applies E to one name as a function",
        "for a function E, write it of one name somewhere (E(\\mathbf{{w}}) = ...); for a product, write "
        "E \\cdot (...)",
    ),
    "expectation-parenthesis": (
        "read {text} as an expectation over its subscript, written with a plain E and a parenthesis (the GAN loss as "
        "slides write it, -E_x(\\log D(x))): the subscript draws a variable or names one used inside, so it is not a "
        "function E with a label",
        "for a function named by its subscript (an error E_{{in}}(h)), give it an argument the subscript does not "
        "name; for the expectation, write \\mathbb{{E}}_x[...]",
    ),
    "leibniz-slash-operator": (
        "read {text} as a derivative: d/dx is Leibniz's \\frac{{d}}{{dx}} written with a slash (a plain-text paste's "
        "d/dx σ(x) = σ(x)(1 - σ(x)), dtanh(x)/dx), not d divided by dx times what follows",
        "for the quotient, write the factors apart: (d / (d x)) \\cdot ...",
    ),
    "leibniz-slash": (
        "read {text} as the derivative of {of} by {wrt}, Leibniz's dy/dx written with a slash (cs231n's backprop "
        "notes, dz = dL/dz): both sides are the differential d of one name",
        "for a quotient of two names dL and dz, write them apart: (dL)/(dz), or \\frac{{dL}}{{dz}} for the "
        "derivative in TeX",
    ),
    "round-nearest": (
        "read {text} as rounding to the nearest whole number, \\lfloor u + 1/2 \\rfloor (quantisation papers' "
        "x_q = \\mathrm{{clamp}}(\\lfloor x/s \\rceil + z, 0, 2^b - 1)): a half rounds up; torch.round and "
        "np.round round a half to the even neighbour, the same but at exact halves",
        "for the floor, close with \\rfloor; to round halves to even, name the rounded value",
    ),
    "code-power": (
        "read {text} as a power of the parenthesis {exponent}: the formula is written as code (the Keras docs' "
        "initial_learning_rate * decay_rate ^ (step / decay_steps)), whose pseudo-code writes ^ for the power; in "
        "Python itself ^ is the bitwise XOR",
        "for the power in TeX, brace the exponent: x^{{(a / b)}}; in Python, write x ** (a / b)",
    ),
    "paren-superscript": (
        "read {text} as a superscript whose group the parentheses {exponent} delimit, as plain-text and Unicode "
        "pastes write it (e^(-x), Kipf & Welling's H^(l+1) = σ(D̂^(-1/2) Â D̂^(-1/2) H^(l) W^(l))): here {reading}; "
        "a single index letter keeps its parentheses, the label x^{{(i)}}",
        "in TeX, brace the superscript: e^{{-x}} for a power, x^{{(i)}} for a label",
    ),
    "code-matmul": (
        "read @ as the matrix product, as Python writes it (PEP 465: torch.matmul, numpy's Q @ K.T): the product "
        "of what stands on its two sides",
        "in TeX, write the product by juxtaposition: Q K^\\top",
    ),
    "code-conditional": (
        "read {text} as C's and JavaScript's conditional expression cond ? a : b (the TensorFlow.js docs' ELU): a "
        "where the comparison holds, b otherwise",
        "in TeX, write the rows of a cases: \\begin{{cases}} a & cond \\\\ b & \\text{{otherwise}} \\end{{cases}}",
    ),
    "code-transpose": (
        "read {text} as the transpose, as numpy and PyTorch write it (Q @ K.T), not an attribute of a value",
        "in TeX, write K^\\top",
    ),
    "running-average-name": (
        "read {text} as the running average named {name}, indexed by {index} (Adadelta's E[g^2]_t = \\gamma "
        "E[g^2]_{{t-1}} + (1 - \\gamma) g^2_t: a family over the steps), not the expectation of what is in the "
        "brackets",
        "for an expectation, write it without the step: \\mathbb{{E}}[g^2]; or name the average: v_t",
    ),
    "blackboard-identity": (
        "read \\mathbb{{I}} with a size alone as its subscript (RealNVP's Jacobian block \\mathbb{{I}}_d) as the "
        "identity matrix of that size, not an indicator (whose subscript is a condition: \\mathbb{{I}}_{{y=k}})",
        "for an indicator, write its condition: \\mathbb{{I}}[y = k]",
    ),
    "blackboard-function": (
        "read {text} as a function named {name} applied to its arguments (Murphy's entropy \\mathbb{{H}}(p), "
        "cross-entropy \\mathbb{{H}}_{{ce}}(p, q), \\mathbb{{KL}}(p \\| q), mutual information \\mathbb{{I}}(X; Y)), "
        "not the set {name}",
        "name the function in words: \\mathrm{{H}}(p, q), \\mathrm{{KL}}(p \\| q)",
    ),
    "distribution-name": (
        "read {text} as the name of a distribution ({name} with a subscript: the WGAN's \\mathbb{{P}}_r, "
        "\\mathbb{{P}}_\\theta), not the set {name}",
        "name the distribution with a plain letter: P_r",
    ),
    "optimum-over-variable": (
        "read {text} as {goal} over {var} of what follows: an optimisation objective (over a variable or a condition, "
        "not an index of the body); symdl reads and explains it, and refuses to evaluate the optimum",
        "for the function being optimised, write it on its own, or state the objective first: \\min_\\theta L(\\theta)",
    ),
    "objective-word": (
        "read {word} at the start as the instruction to {goal} what follows, set aside: symdl reads, explains and "
        "evaluates the objective itself, not its optimum (the word is not a name multiplying it)",
        "for the optimum over a variable write \\underset{{w}}{{\\text{{minimize}}}} or \\min_w before the objective",
    ),
    "objective-prefix": (
        "read {op}_{{{var}}} at the start as the objective stated for what follows ({goal} it over {var}, the GAN's "
        "\\min_G \\max_D V(D, G)): symdl reads, explains and evaluates the function being optimised, not the optimum",
        "for the optimum's value, symdl has no reading yet; \\min_i x_i over an index is the smallest entry",
    ),
    "family-list": (
        "read {text} as the vector of the entries {entry}, {letter} = 1 to {bound}, the pattern of the first and last "
        "entries (the PyTorch docs' L = \\{{l_1,\\dots,l_N\\}}^\\top, d2l's column of \\vdots): {letter} is an "
        "index, and {entry} is defined entry by entry",
        "for a set, symdl has no reading yet; for a vector of numbers write [1, 2, 3]",
    ),
    "subscript-order-index": (
        "read {atom} as entry {sub} of {family}: a parenthesised index a sum runs over is the i-th in an order (the "
        "i-th nearest neighbour's label y_{{(i)}}, an order statistic x_{{(i)}}), not a label",
        "for a label, write it in \\text{{}}: {family}_{{\\text{{(i)}}}}",
    ),
    "bracket-lookup": (
        "read {atom}[...] as {atom} times the bracket, as TeX's square brackets group; code writes the row of the "
        "table {atom} picked by an index so (an embedding lookup, Embedding(x) = W[x]), which symdl does not read",
        "for a lookup, name the looked-up row (\\mathbf{{e}}_x); for the product, put a space before the bracket",
    ),
    "bracket-layer": (
        "read {name}[{layer}] as {name}^{{[{layer}]}}, layer {layer} of {name}: Ng's course writes its layers so in "
        "plain text (dZ[2] = A[2] - Y), not an entry, a call or a product",
        "for an entry write a subscript ({name}_{{{layer}}}); for a product put a space or \\cdot before the bracket",
    ),
    "call-bracket-entry": (
        "read {text} as entry {index} of the function's value: square brackets right after a call index its value "
        "(JEM's logits f_\\theta(\\mathbf{{x}})[y], code's model(x)[i]), not a product with a bracket",
        "for the product, put a space or a \\cdot before the bracket",
    ),
    "bracket-index": (
        "read {atom} as entry {name} (square brackets right after a name index it, as code and the PyTorch docs "
        "write x[class], y[i]), not a product with a bracket",
        "for the product, put a space or a \\cdot before the bracket",
    ),
    "product-of-a-value": (
        "read {text} as a product {name}·({arg}): {name} is defined as a value earlier in the formula",
        "for a call, define it as a function: {name}(x) = ...",
    ),
    "product-of-a-written-value": (
        "read {text} as a product {name}·({arg}): {name} is written alone as a number elsewhere in the formula "
        "(RankNet's -\\sigma / (1 + e^{{\\sigma(s_i - s_j)}}), a shape parameter), so it is no activation here",
        "for the activation, write it as a function everywhere, or name the number differently",
    ),
    "product-of-a-bold-matrix": (
        "read {text} as a product {name}·({arg}): a bold capital letter is a matrix (Goodfellow et al.'s notation; "
        "the Hessian in (\\mathbf{{x}} - \\mathbf{{x}}_0)^T \\mathbf{{H}} (\\mathbf{{x}} - \\mathbf{{x}}_0)), "
        "not a function",
        "for a vector-valued function, define it: {name}(x) = ..., or write it lower case (\\boldsymbol{{\\phi}}(x))",
    ),
    "product-of-a-vector": (
        "read {text} as a product {name}·({arg}): {name} is written transposed elsewhere in the formula "
        "({name}^T), a vector, not the function {name}",
        "for a call, define it as a function: {name}(x) = ...",
    ),
    "product-of-a-declared": (
        "read {text} as a product {spelling}·({arg}): {name} is declared a vector or matrix (--shape, shapes= or a "
        "line \\in \\mathbb{{R}}^...), a value, not a function",
        "for a call, do not declare its shape and define it as a function: {name}(x) = ...",
    ),
    "time-bracket": (
        "read {name} as the value at time step {step}, not an entry of an array or a product: the formula writes "
        "discrete time in square brackets, shifted somewhere (snnTorch's leaky neuron U[t+1] = \\beta U[t] + W "
        "X[t+1] - R[t], a signal's x[n-1])",
        "for an entry, write a subscript ({name} as U_t); for a product, put a space or \\cdot before the bracket",
    ),
    "label-sign": (
        "read the {sign} at the start of an \\underbrace's body as the sign joining its term ({label}) to the term "
        "before it, a sum of labelled terms (Dreamer's actor loss "
        "\\underbrace{{-\\rho \\ln p_\\psi \\dots}}_\\text{{reinforce}} "
        "\\underbrace{{-(1-\\rho) V^\\lambda_t}}_\\text{{dynamics backprop}}), not a product of the two",
        "for a product, put the signed term in parentheses inside the brace: \\underbrace{{(-x)}}",
    ),
    "bar-concat": (
        "read {text} as the concatenation of the vectors on the two sides of its bar (GAT's [\\mathbf{{W}}h_i \\| "
        "\\mathbf{{W}}h_j], Veličković et al.): one bar inside square brackets is no norm",
        "for a norm, close it: [\\|x\\|]; write a concatenation as [a; b]",
    ),
    "oplus-concat": (
        "read {text} as the concatenation of the vectors on the two sides of \\oplus, as Hamilton's Graph "
        "Representation Learning writes it ([\\mathbf{{W}}_{{self}}\\mathbf{{h}}_u \\oplus \\mathbf{{W}}_{{neigh}}"
        "\\mathbf{{m}}_{{\\mathcal{{N}}(u)}}]), not a direct sum of numbers",
        "write a concatenation as [a; b]; for a sum, write +",
    ),
    "product-of-a-bound": (
        "read {text} as the number {spelling} times ({arg}): a subscript min or max (init, start, end) names a bound, "
        "a value, even on a function letter (EDM's \\sigma_{{min}} (\\sigma_{{max}}/\\sigma_{{min}})^t)",
        "for a function, give it a subscript that is no bound, or define it: {spelling}(x) = ...",
    ),
    "product-of-a-power": (
        "read {text} as a product {name}·({arg}): the bracket is raised to a power and {name} is written to a "
        "negative power elsewhere in the formula, a number (Chinchilla's G (C/6)^a beside G^{{-1}} (C/6)^b)",
        "for a call, define it as a function: {name}(x) = ..., or write the power on the call: ({name}(x))^a",
    ),
    "product-of-a-powered-letter": (
        "read {text} as a product {name}·({arg}): the bracket is raised to a power and {name} is written alone "
        "elsewhere in the formula, a number (scikit-learn's Tweedie deviance y(\\hat{{y}})^{{1-p}} beside "
        "y\\log(y/\\hat{{y}}))",
        "for a call, define it as a function: {name}(x) = ..., or write the power on the call: ({name}(x))^a",
    ),
    "greek-statistic": (
        "read {text} as a statistic of the bracket's entries, \\mu[\\cdot] the mean and \\sigma[\\cdot] the standard "
        "deviation: the formula writes both over the same bracket (Salimans & Kingma's weight normalization, "
        "(t - \\mu[t])/\\sigma[t])",
        "for a product, put a space or \\cdot between the letter and the bracket",
    ),
    "pi-name": (
        "read \\pi as a name, a policy or a distribution, not the constant 3.14159...: it is a whole argument of a "
        "call (TRPO's \\eta(\\pi), D_{{KL}}(\\pi, \\tilde{{\\pi}}))",
        "for the constant, write it with a number: 2\\pi, \\pi/2",
    ),
    "code-not": (
        "read {text} as 1 - {flag}: code's logical not of a flag that is 0 or 1 (the Gymnasium tutorial's "
        "(\\text{{not }} terminated) \\cdot \\max_a Q(s', a), as RL code writes (1 - done))",
        "for a flag that is not 0 or 1, write 1 - {flag} or \\neg yourself; for a name, drop the word",
    ),
    "label-in-place": (
        "read {text} in place, its label dropped: the braced part is no value on its own (Grad-CAM's "
        "\\overbrace{{\\frac{{1}}{{Z}}\\sum_i\\sum_j}}^{{\\text{{global average pooling}}}} braces a sum's operators, "
        "its summand after the brace; ReLU \\underbrace{{(\\dots)}}_{{\\text{{...}}}} a call's argument)",
        "to name a part, brace a whole value: \\underbrace{{\\sum_i x_i}}_{{\\text{{total}}}}",
    ),
    "pi-policy": (
        "read \\pi as a name, the current policy, not the constant 3.14159...: the formula labels a \\pi as a policy "
        "beside it (PPO's \\exp(\\log\\pi - \\log\\pi_{{old}}), DPO's \\pi_{{ref}}) and writes no \\pi beside a number",
        "for the constant, write it with a number: 2\\pi, \\pi/2",
    ),
    "pi-constant": (
        "read \\pi as the constant 3.14159...: nothing in the formula says otherwise, though nothing beside it "
        "(2\\pi, \\sqrt{{2/\\pi}}, \\cos(\\pi t)) makes it plainly the constant either (RetinaNet's prior "
        "-\\log((1 - \\pi)/\\pi) is a probability)",
        "for a probability or a policy named \\pi, subscript it: \\pi_0",
    ),
    "product-of-a-labelled-value": (
        "read {text} as a product {name}·({arg}): {name}, a name with a word label, is raised to a power elsewhere "
        "in the formula, a number (Karras et al.'s \\sigma_{{\\text{{data}}}}(t - \\epsilon) beside "
        "\\sigma_{{\\text{{data}}}}^2)",
        "for a call, define it as a function: {name}(x) = ...",
    ),
    "angle-mean": (
        "read \\langle {inner} \\rangle as the average (expectation) of {inner}, under what its subscript names "
        "(Hinton's contrastive divergence \\langle v_i h_j \\rangle_{{\\text{{data}}}}, Roberts & Yaida's "
        "\\langle \\sigma\\sigma \\rangle_K): one thing in angle brackets is no inner product",
        "for an inner product, write both vectors: \\langle u, v \\rangle",
    ),
    "step-argument": (
        "read {name} as the value at step {step}, as if written with the step up (Haykin's \\Delta w_{{ji}}(n) = "
        "\\alpha \\Delta w_{{ji}}(n-1) + \\eta \\delta_j(n) y_i(n), Hagan et al.'s \\mathbf{{W}}^m(k+1)): the formula "
        "counts iterations in such parentheses, not a function's argument",
        "for a function of the number, write it as a function: \\operatorname{{f}}(n)",
    ),
    "product-weighted-square": (
        "read {text} as a product {name}·({arg}): {name} is entry i of a family a sum runs over, before a "
        "difference of that index's entries raised to a power, a weighted squared difference (EWC's "
        "\\sum_i \\frac{{\\lambda}}{{2}} F_i(\\theta_i - \\theta^*_{{A,i}})^2, F_i the Fisher information of "
        "parameter i)",
        "for a function of the difference, square the call: \\left({name}({arg})\\right)^2",
    ),
    "product-of-itself": (
        "read {text} as a product {name}·({arg}): {name} appears as a value in its own argument",
        "for a call, define it as a function first: {name}(x) = ... \\\\ {text}",
    ),
    "product-of-an-entry": (
        "read {text} as a product {spelling}·({arg}): an entry of {name} appears as a value in the argument",
        "for a call, define the function first: {spelling}(x) = ... \\\\ {text}",
    ),
    "comparison-chain": (
        "read the chain {chain} as the comparisons {pairs}, each a statement: a chain asserts every neighbouring "
        "pair (a range, 0 \\le p \\le 1)",
        "write each comparison as a statement of its own to drop the note",
    ),
    "acronym-left-side": (
        "read {run} as one name: three capitals side by side, none written alone elsewhere, are the whole left side "
        "of a statement, which names one quantity (the average treatment effect's ATE = ...), not the product "
        "{letters}",
        "for the product, put spaces or \\cdot between the letters, or declare each letter's shape (--shape A=3x3)",
    ),
    "acronym-name": (
        "read {run} as one name, an acronym the formula writes more than once (the metrics' TP, FP, FN), not the "
        "product {letters}",
        "for the product, put spaces or \\cdot between the letters, or declare each letter's shape (--shape A=3x3, "
        "A \\in \\mathbb{{R}}^{{3 \\times 3}})",
    ),
    "time-subscript": (
        "read {atom} as member {sub} of the family {family}: its subscript is a time of a schedule, t_{sub} "
        "(Song et al.'s consistency models \\mathbf{{x}}_{{t_{{n+1}}}}, the state at time t_{{n+1}}), so the "
        "state at each time is one member, not an entry at the position t_{sub}",
        "for an entry at a position, write the index plain: {family}_{{{sub}}}",
    ),
    "subscript-condition": (
        "read {atom} as member {sub} of the family {family}: the comparison in its subscript says for which {sub} the "
        "line holds (Karras et al.'s \\sigma_{{i<N}} beside \\sigma_N = 0), and symdl does not check it",
        "for a name of its own, put the subscript in \\text: {family}_{{\\text{{...}}}}",
    ),
    "bracket-subscript": (
        "read {atom} as entry {sub} of the vector {family}: an index in square brackets under a bold name picks one "
        "entry (Goldberg's \\hat{{\\mathbf{{y}}}}_{{[i]}}), a number, not the i-th vector of a family",
        "for the i-th vector of a family, write the index plain: \\mathbf{{y}}_i",
    ),
    "script-arrow-label": (
        "read {text} as the label {plain} of one name: an arrow between two letters in a script names a map between "
        "two layers (Eisenstein's \\Theta^{{(x \\to z)}}, \\lambda_{{z \\to y}}), not a relation",
        "write the label as a word: \\Theta^{{(\\text{{{plain}}})}}",
    ),
    "step-bracket": (
        "read {text} as {name}, the value at step {step}: a bold letter in square brackets after a name counts "
        "decision steps (Arik & Pfister's TabNet, \\mathbf{{M}}[\\mathbf{{i}}] = \\text{{sparsemax}}(\\mathbf{{P}}"
        "[\\mathbf{{i}}-\\mathbf{{1}}] \\cdot \\dots)), as if written with the step up, M^{{(i)}}",
        "for an entry of a vector, write a plain index: M_i",
    ),
    "acronym-call": (
        "read {run} as one name, a network's (Goldberg's NN_{{MLP1}}(\\mathbf{{x}})), not the product {letters}: "
        "capitals side by side with a subscript and then an argument in parentheses",
        "for the product, put spaces or \\cdot between the letters: {letters}",
    ),
    "entry-words": (
        "read {run} as one name, not the product {letters}: {why}",
        "for the product, put spaces or \\cdot between the letters: {letters}",
    ),
    "letters-product": (
        "read {text} as the product of the letters {letters}: {why}",
        "for one name, write \\text{{{run}}}",
    ),
    "square-name": (
        "read {atom} as one name, the square a statement defines (a batch's variance \\sigma_\\mathcal{{B}}^2, as "
        "Ioffe & Szegedy write it), not a power of a name no statement sets",
        "for the power of a standard deviation, define the name without its square: \\sigma = \\sqrt{{...}}",
    ),
    "differential-name": (
        "read {atom} as the increment of one name, a name of its own (an SDE's \\mathrm{{d}}\\mathbf{{x}} = "
        "\\mathbf{{f}}(\\mathbf{{x}}, t)\\,\\mathrm{{d}}t + g(t)\\,\\mathrm{{d}}\\mathbf{{w}}, Song et al.): the "
        "equation relates increments, as one Euler-Maruyama step does; symdl does not solve or integrate it",
        "for the derivative, write \\frac{{\\mathrm{{d}}x}}{{\\mathrm{{d}}t}} = ...; for a discrete step, "
        "x_{{t+1}} = ...",
    ),
    "square-name-sibling": (
        "read {atom} as one name, the score beside the labelled square a statement defines (scikit-learn's adjusted "
        "R^2_{{adj}} = 1 - \\frac{{(1 - R^2)(n-1)}}{{n-k-1}}: R^2 the coefficient of determination), not a power of a "
        "name no statement sets",
        "for the square of a number R, write (R)^2",
    ),
    "euler-beside-pi": (
        "read e right after \\pi as Euler's number, as in a Gaussian's entropy \\frac{{1}}{{2}}\\log 2\\pi e\\sigma^2 "
        "(Cover & Thomas), not a name e",
        "for a name e, define it (e = ...) or write another letter",
    ),
    "labelled-run": (
        "read {run} as one name: the formula writes it with two different word subscripts (the TensorFlow Lite "
        "docs' zero points zp_{{output}} and zp_{{input}}), one quantity labelled twice, not the product {letters}",
        "for the product, put spaces or \\cdot between the letters: {letters}",
    ),
    "case-name": (
        "read {run} as one name, as the PyTorch docs write the kernel sizes kH and kW: a lower-case letter then "
        "capitals, written more than once or beside another such name, not the product {letters}",
        "for the product, put a space or \\cdot between the letters",
    ),
    "word-name": (
        "read {run} as one name, a word as the PyTorch docs and code write them: four or more letters side by side, "
        "or lower-case words joined by an underscore (code's new_lr), are never a product in a formula",
        "for the product of the letters, put spaces or \\cdot between them: {letters}, or declare each letter's "
        "shape (--shape A=3x3, A \\in \\mathbb{{R}}^{{3 \\times 3}})",
    ),
    "code-identifier": (
        "read {run} as one name, a code identifier with digits inside (Trask's relu2deriv(layer_1), conv2d(x)), "
        "not the product {product}",
        "for the product, put spaces or \\cdot between its parts: {product}",
    ),
    "code-name": (
        "read {run} as one name, an identifier: the formula is written as code ({why}), where a run of lower-case "
        "letters is a name (Keras' lr, neg, pos), though it could also be the product {letters}",
        "for the product of the letters, put spaces or \\cdot between them: {letters}",
    ),
    "greek-word": (
        "read {run} as the Greek letter \\{run}, typed in code style (the PyTorch docs' beta, delta), the same "
        "name as \\{run} written elsewhere",
        "for the product of its letters, put spaces between them; for a name of its own, write \\text{{{run}}}",
    ),
    "single-bar-norm": (
        "read {text} as a norm, its order the subscript after it: single bars with a subscript (|x - y|_2, "
        "|\\mathbf{{x}}_i - \\mathbf{{y}}_i|_p) are a norm typed with one bar, as an absolute value has no order",
        "for the absolute value of each entry, drop the subscript; write the norm with \\|...\\| to drop this note",
    ),
    "mid-abs": (
        "read {text} as an absolute value: two \\mid bars around an expression outside a call's parentheses "
        "(cs231n writes |x| so)",
        "for a conditional, write it inside a call: p(y \\mid x)",
    ),
    "sum-over-indexed-members": (
        "read {text} as the {op} over the index {index} its members are written with, {index} running over "
        "{over} (prototypical networks' \\sum_{{(\\mathbf{{x}}_i, y_i) \\in S_k}} f(\\mathbf{{x}}_i) is "
        "\\sum_{{i \\in S_k}})",
        "for another index, write it: \\sum_{{{index} \\in S}} or \\sum_{{{index}=1}}^{{N}}",
    ),
    "sum-over-set-pairs": (
        "read {text} as the sum over a new index {index} of {set}, each of {letters} in its body the member at "
        "{index} (Graves' CTC objective \\sum_{{(x,z) \\in S}} \\ln p(z \\mid x): the arrays hold the pairs' values, "
        "one row per pair)",
        "write the index yourself: \\sum_{{{index} \\in {set}}} with {letters} subscripted by {index}",
    ),
    "sum-over-labels": (
        "read the sum over {index} \\in \\{{{labels}\\}} as over the positions 1 to {count} of the arrays, in that "
        "order (Fast R-CNN's box offsets t^u_i, i \\in \\{{x, y, w, h\\}}: the vector (t_x, t_y, t_w, t_h))",
        "for other positions, write the sum over a range: \\sum_{{{index}=1}}^{{{count}}}",
    ),
    "norm-function": (
        "read the word norm applied to a value as its 2-norm (numpy.linalg.norm), one number; library docs also write "
        "norm(x) for a normalisation layer (layer norm's (x - \\mu)/\\sigma, scaled by \\gamma and shifted by \\beta)",
        "for a normalisation, write it out ((x - \\mu)/\\sqrt{{\\sigma^2 + \\epsilon}}) or name it "
        "(\\mathrm{{LayerNorm}}(x)); for the norm, \\|x\\|",
    ),
    "set-of-members": (
        "read {text} as {name}, the set of all its members at once (Faster R-CNN's L(\\{{p_i\\}}, \\{{t_i\\}}), "
        "a loss of every anchor's values): the family as one array, no index left free",
        "for one member, write it without the braces ({name}_i)",
    ),
    "set-brace-argument": (
        "read the set brace after {word} as its argument's parentheses (the PyTorch docs' MSELoss "
        "\\operatorname{{mean}}\\{{(x_n-y_n)^2\\}}): a reduction of what the brace holds, not a product of a name "
        "{word} with a set",
        "write the reduction with parentheses, \\operatorname{{{word}}}(...), or over its index: "
        "\\frac{{1}}{{N}} \\sum_n",
    ),
    "angle-index-pair": (
        "read the superscript {text} as the two indices {pair}, an entry of a family of two indices (Ng's attention "
        "weights \\alpha^{{<t,t'>}}: output step t, input step t'), as a subscript writes them",
        "for one label, write it as a word: \\alpha^{{\\text{{t,t'}}}}",
    ),
    "sum-skip-outer": (
        "read {text} inside the sum over {outer} as a sum over {index}, every {index} but {outer} (the condition names "
        "first the index the outer sum binds: Lil'Log's Barlow Twins loss \\sum_i \\sum_{{i \\neq j}}), not over "
        "{outer} a second time",
        "write the index first: \\sum_{{{index} \\neq {outer}}}",
    ),
    "aggregate-sum": (
        "read {op} as a sum over its index: Bronstein et al. write \\bigoplus for any permutation-invariant "
        "aggregation of a node's neighbours (a sum, a mean or a max), GCN and GIN sum",
        "for the mean write \\frac{{1}}{{|\\mathcal{{N}}_u|}}\\sum_{{v \\in \\mathcal{{N}}_u}}; for the max, "
        "\\max_{{v \\in \\mathcal{{N}}_u}}; for a concatenation, \\mathrm{{concat}}",
    ),
    "sum-implied-index": (
        "read {text} as a sum over {index}, the one index letter that subscripts the names summed (the PyTorch "
        "docs' \\frac{{1}}{{n}} \\sum |x_i - y_i|): {index} runs from 1 to the length of what it indexes",
        "name the index and its range: \\sum_{{{index}=1}}^{{n}}",
    ),
    "indicator-interval": (
        "read {text} as 1 where the value lies in the closed interval (both ends included: the straight-through "
        "estimator's \\mathbb{{1}}_{{x \\in [q_{{\\min}}, q_{{\\max}}]}}), the product of two comparisons, else 0",
        "for an open end, write the comparisons: \\mathbb{{1}}[a < x] \\mathbb{{1}}[x < b]",
    ),
    "expectation-conditional": (
        "read {text} as the conditional {what} of {body} given {given}: a function of the condition's values (Sutton "
        "& Barto's v_\\pi(s) = \\mathbb{{E}}_\\pi[G_t \\mid S_t = s]), read and explained, not evaluated (it is no "
        "mean of one sample)",
        "for a sample's mean, write the expectation without the bar: \\mathbb{{E}}[{body}]",
    ),
    "sum-unbounded": (
        "read {op}_{{{cond}}} as running without end, to infinity (the discounted return's \\sum_{{k \\ge 0}} "
        "\\gamma^k r_{{t+k+1}}, an infinite horizon): no end is written",
        "for a finite horizon write the end: {op}_{{{cond}}}^{{T}}",
    ),
    "bar-point-variable": (
        "read the bar's point {point} as the value of {var}, the variable the expression differentiates by (Laplace "
        "Redux's \\nabla^2_\\theta \\log h(\\theta)|_{{\\theta_{{MAP}}}}): evaluated at {var} = {point}",
        "write the variable below the bar: |_{{{var} = {point}}}",
    ),
    "derivative-of-its-variable": (
        "read {text} as the derivative as a function of {var}, at every {var}: the parenthesis holds the variable it "
        "is taken by (an ODE's \\frac{{dy}}{{dt}}(t) = f(t, y(t))), not one point nor a factor",
        "for the value at a point, write \\left.\\frac{{dy}}{{dt}}\\right|_{{t=a}}",
    ),
    "parameter-whole-vector": (
        "read the parameter {text} as the whole vector {vector}: the body sums its plain entries over {index} "
        "(NeuralForecast's \\mathrm{{MAE}}(\\mathbf{{y}}_{{\\tau}}, \\dots) = \\frac{{1}}{{H}}\\sum_{{\\tau}} "
        "|y_{{\\tau}} - \\dots|), not one vector of a family",
        "for one member of a family of vectors, write the body with that member",
    ),
    "sum-over-index-tuples": (
        "read {text} as one sum per letter ({letters}), the body times the 0/1 array {set} at the tuple: the letters "
        "index the body, and {set} marks which tuples are in the set (the lifted structured loss's positive pairs, "
        "a recommender's observed (u, i))",
        "pass {set} as a 0/1 array with one axis per letter",
    ),
    "sum-over-values": (
        "read the sum over {var} as a sum over its values, numbered 1 to their number: {var} is a variable the "
        "summand applies functions to (belief propagation's \\sum_{{x_j}} \\psi(x_j)\\psi(x_i, x_j), CQL's "
        "\\log\\sum_{{\\mathbf{{a}}}} \\exp Q(\\mathbf{{s}}, \\mathbf{{a}})), read as the new index {index} where "
        "it is written",
        "name the index and its range: \\sum_{{k=1}}^{{K}} \\psi(k)",
    ),
    "sum-outside-set": (
        "read {text} as a sum over every {index}, its body times (1 - {set}_{index}): {set} a 0/1 mask of the set's "
        "members (HuBERT's loss over the frames outside the masked set M)",
        "pass {set} as a 0/1 array over the values of {index}",
    ),
    "call-named-parameter": (
        "read {text} as the argument {name} given by name, its value (D3PM's categorical \\mathrm{{Cat}}(x_t; p = "
        "x_{{t-1}} Q_t)): the parameters after the semicolon are the distribution's",
        "write the value alone after the semicolon",
    ),
    "empty-value": (
        "read {text} as a value of its own, the null one (classifier-free guidance's unconditional "
        "\\epsilon_\\theta(x_t, \\emptyset), CTC's blank p[\\emptyset]): it stands alone as an argument or an index, "
        "not in set notation",
        "for the empty set, write the statement about sets in words",
    ),
    "indicator-letter": (
        "read {text} as the indicator of the comparison in the bracket (1 where it holds, else 0: TF Ranking's "
        "pairwise losses \\sum_i \\sum_j I[y_i > y_j] \\dots), not a name I times the bracket's truth value",
        "for a product, write I \\cdot [\\dots] or name the factor otherwise",
    ),
    "indicator-membership": (
        "read {text} as the entry {entry} of a 0/1 array {set} (1 where the value is a member of the set: a mask, "
        "Recall@K's \\mathbb{{1}}[r_i \\in R]), not as a test the formula spells out",
        "pass {set} as a 0/1 array over the values; for a comparison write it: \\mathbb{{1}}[y_i = k]",
    ),
    "sum-over-argument": (
        "read {text} as a sum over {index}: no index is written and every function summed is applied to {index} "
        "alone (a KL divergence pasted as Σ P(x) log(P(x)/Q(x)), over the outcomes x)",
        "name the index and its range: \\sum_{{{index}}} ...",
    ),
    "sum-no-index": (
        "read {text} as the sum of all entries of what follows (numpy's np.sum, PyTorch's x.sum(), as library docs "
        "write \\sum x^2 with no index): the names in the summand are arrays of values, multiplied entry by entry",
        "name the index for a sum over something else: \\sum_{{i=1}}^{{n}} x_i^2",
    ),
    "keyword-axis": (
        "read {text} as the {name} over the last axis of the argument ({keyword}=-1, as numpy and Keras): for a "
        "vector, over its entries; the names inside are arrays of values{spread}{kept}",
        "write the reduction as a sum over an index: \\frac{{1}}{{n}} \\sum_i ...",
    ),
    "axis-argument": (
        "read {text} as the {name} over the last axis of the argument (the -1 is the axis, as in code's "
        "x.{name}(-1) and the Annotated Transformer's LayerNorm): for a vector, over its entries; the names inside "
        "are arrays of values{spread}",
        "for a function of two arguments, give it a name symdl does not read as a reduction; for a sum over an "
        "index, write it: \\frac{{1}}{{n}} \\sum_i ...",
    ),
    "tuple-column": (
        "read {text} as the column vector of the listed entries: a tuple written in a row and transposed "
        "(RoPE's (x_1, x_2, x_3, x_4)^T, Bishop's (x_1, \\ldots, x_D)^\\mathrm{{T}})",
        "write the column with brackets, [a, b, c]",
    ),
    "iverson-bracket": (
        "read {text} as the Iverson bracket: 1 where the comparison inside holds, else 0 (the indicator "
        "\\mathbb{{1}}[...]), since a comparison has no value for a bracket to group",
        "write \\mathbb{{1}}[y = k] for the indicator without a note; for the sign, 1 where it holds and -1 where it "
        "does not (Mikolov et al.'s [\\![x]\\!] in the hierarchical softmax), write (2\\mathbb{{1}}[...] - 1)",
    ),
    "ones-vector": (
        "read {text} as the constant vector of length {length} with every entry {value} (Adafactor's 1_n 1_m^T), "
        "not an indicator or an entry",
        "write \\mathbf{{{value}}}_{{{length}}} for the vector without a note, (1)_{{{length}}} for an entry",
    ),
    "conditional-functional": (
        "read {text} as the conditional {name}_{{cond}}, a function of its own: a bar inside an entropy's brackets "
        "is a condition, not the comma of the joint {name}(x, y)",
        "for the joint entropy write a comma: {name}[x, y]",
    ),
    "divergence-arguments": (
        "read {text} as {name} applied to the distributions listed in the brackets, a divergence between them (VAT's "
        "D[p(y \\mid x), p(y \\mid x + r)], a KL[q, p]), a number, not {name} times the distributions stacked into a "
        "vector",
        "for a product write {name} \\cdot [\\dots]",
    ),
    "information-functional": (
        "read {text} as the information quantity {name} of the listed names (Bishop's mutual information "
        "I[\\mathbf{{x}}, \\mathbf{{y}}]), a functional like \\mathrm{{H}}[\\cdot], not {name} times the names stacked",
        "for a product write {name} \\cdot [\\dots]",
    ),
    "set-indicator": (
        "read {text} as the size of a set held as a 0/1 indicator array (a mask): the sets {sets} are arrays of one "
        "length, |A \\cap B| the sum of the entries of A ⊙ B, |A| of A's, |A \\cup B| = |A| + |B| - |A \\cap B| "
        "(the Jaccard index, the Dice coefficient of segmentation masks)",
        "write the sizes as numbers of their own (n_{{A \\cap B}}) for sets of other things",
    ),
    "softmax-over-index": (
        "read {text} as the {name} over the index {index}: \\exp of the argument divided by its sum over every "
        "value of {index} (GAT's \\alpha_{{ij}} = \\mathrm{{softmax}}_j(e_{{ij}})), the other indices free: one "
        "{name} per row",
        "write the sum yourself for another range: \\frac{{\\exp(e_{{ij}})}}{{\\sum_{{k \\in N_i}} \\exp(e_{{ik}})}}",
    ),
    "event-entry": (
        "read {text} as {name}_{value}, the probability of the event {event}{entry} (the entropy -\\sum_c p(Y = c) "
        "\\log p(Y = c) is -\\sum_c p_c \\log p_c)",
        "for a function of the value, write {name}(c) or {name}_{{Y}}(c)",
    ),
    "probability-Pr": (
        "read {text} as the probability function Pr applied to the bracket (Prince's Pr(y \\mid \\lambda), "
        "LaTeX's \\Pr), not the product P \\cdot r(...)",
        "for a product, write P \\cdot r(...) or P r (...)",
    ),
    "norm-density": (
        "read {text} as the normal density at the subscript, \\mathcal{{N}}(x; \\mu, \\Sigma): Prince's "
        "\\mathrm{{Norm}}_{{\\mathbf{{x}}}}[\\boldsymbol{{\\mu}}, \\boldsymbol{{\\Sigma}}] writes the variable "
        "below, the mean and the covariance in the brackets",
        "for another function named Norm, write \\operatorname{{Norm}}(...) without the subscript",
    ),
    "given-event-name": (
        "read {text} as the function {name}_{{{event}}} of what comes before the bar: the density given the event "
        "{event} (cs229's GDA p(x \\mid y = 0)), one function per event, not a function of {event}",
        "name the conditional density yourself (p_0(x) = ...) to use it as a value",
    ),
    "probability-bracket": (
        "read {text} as the probability of the event or condition it holds, the brackets as its parentheses "
        "(as learning-theory texts write \\mathbb{{P}}[Y = 1 \\mid X = x])",
        "for a product with a bracketed factor, write it with a \\cdot: P \\cdot [\\dots]",
    ),
    "spaced-row": (
        "read {text} as the list of its entries, a row written with spaces between them (FlashAttention's online "
        "softmax m([x^{{(1)}} \\ x^{{(2)}}]), the two blocks side by side), not their product",
        "for a product in brackets, write the factors without a space command, or with \\cdot",
    ),
    "leading-differential": (
        "read {text} as the integral of everything after the fraction, its differential written first as the "
        "fraction's numerator (Roberts & Yaida's Gaussian average \\int \\frac{{dz}}{{\\sqrt{{2\\pi K}}}} "
        "e^{{-z^2/2K}} F(z)): the integrand runs to the end of its term",
        "to integrate only part of it, put the differential after that part: \\int f(z) \\, dz \\cdot g",
    ),
    "dash-definition": (
        "read the spaced dash after {name} as the definition's sign: operator specifications list a function and its "
        "formula so (the OpenVINO docs' HardSigmoid(x) - min(max(alpha*x + beta, 0), 1)), not a difference",
        "for the difference, write it without spaces around the minus, or with a relation: y = {name} - ...",
    ),
    "modulo": (
        "read {text} as the remainder operator: a \\bmod b is what is left of a after dividing by b "
        "(i \\text{{ mod }} 2 = 0 holds for even i)",
        "for a name mod, write it as a call \\mathrm{{mod}}(i, 2) or give it another name",
    ),
    "given-value": (
        "read the condition {condition} in {text} as its value {value}: the probability given that the variable "
        "takes the value {value}, a function of {value}",
        "for a condition on the event itself, name it: p(y \\mid x) at the value, or P_{{{condition}}}",
    ),
    "event-name": (
        "read {text} as the function {name}_{{{event}}} of what follows the bar: the probability of the event "
        "{event}, a function of the condition",
        "name the event's probability yourself (p_1 = \\sigma(w^T x)) to use it as a value",
    ),
    "derivative-at-point": (
        "read {text} as the derivative taken at {var} = {point}: a parenthesis right after the derivative of a "
        "function written bare is the point (Weidman's chain rule \\frac{{df_2}}{{du}}(f_1(x)))",
        "for a product, write \\cdot ({point}); for the point explicitly, "
        "\\left.\\frac{{df}}{{d{var}}}\\right|_{{{var}={point}}}",
    ),
    "derivative-reach": (
        "read {operator} as applying to the whole product after it, {operand}, up to the next + or -",
        "to differentiate the first factor only, put the derivative in parentheses: ({operator} ...) ...",
    ),
    "circ-composition": (
        "read {text} as the composition of functions, {nested}: each function before \\circ is applied to the "
        "value of the next (Nielsen's \\sigma^{{-1}} \\circ f(x)), not the element-wise product \\circ also writes",
        "for the element-wise product, write \\odot",
    ),
    "delta-change": (
        "read {text} as one name, the change in the name after \\delta (Nocedal & Wright's \\delta u_k), shaped as "
        "it is: the formula never writes \\delta as a name of its own",
        "for the product, write \\delta \\cdot {text_after}",
    ),
    "sum-where": (
        "read {text} as the sum over every {index} of the indicator of {cond} times the summand: set-builder "
        "notation keeps the terms whose {index} meets the condition (See et al.'s \\sum_{{i: w_i = w}} a^t_i)",
        "for a sum over chosen members only, name the set: \\sum_{{i \\in S}}",
    ),
    "macro-function": (
        "read {command} as the function {name}: a document's own macro for it (the MXNet docs' \\softmax, "
        "\\sigmoid), not a command TeX knows",
        "spell it as symdl reads it: \\operatorname{{{name}}}",
    ),
    "nabla-name": (
        "read {text} as one name, the gradient of the loss by {by}, shaped as {by} is (the Triton tutorials' "
        "\\nabla_{{x}} = \\frac{{1}}{{\\sigma}}(\\nabla_{{y}} \\odot w - \\dots)): nothing after it is differentiated",
        "for the gradient of a function, write it after the operator: \\nabla_{{{by}}} f({by})",
    ),
    "nabla-step-name": (
        "read {text} as one name, the gradient at step {by} (a momentum sum unrolled, \\nabla_t + \\mu \\nabla_{{t-1}} "
        "+ \\mu^2 \\nabla_{{t-2}}): nothing after it is differentiated, and the subscript is a step, not a variable",
        "for the gradient by a variable t, write the function after the operator: \\nabla_t f(t)",
    ),
    "macro-name": (
        "read {command} as the name {word} applied to what follows: a document's own macro for a name (the oneDNN "
        "guide's \\dst(n, c, h, w), \\src(...)), not a command TeX knows; if it is a misspelt command, spell it "
        "right",
        "spell it as symdl reads it: \\operatorname{{{word}}}(...), or as an entry of an array: {word}_{{n,c,h,w}}",
    ),
    "macro-declared": (
        "left out {plain}: it declares the operator {name} for TeX, and is no formula",
        "remove the declaration to drop the note",
    ),
    "number-argument": (
        "read {text} as the logarithm of the number {arg} alone, 0: without parentheses a function takes the factor "
        "right after it, and the sum that follows is not its argument",
        "for the logarithm of the sum, write parentheses: {name}({rest} ...)",
    ),
    "trace-reciprocal": (
        "read {text} as the reciprocal of the trace, 1/\\mathrm{{tr}}(...), as a power after the parentheses is; "
        "authors also write it for the trace of the inverse (Hagan et al.'s \\mathrm{{tr}}(\\mathbf{{H}})^{{-1}}, "
        "the effective number of parameters)",
        "for the trace of the inverse, write the power inside: \\mathrm{{tr}}(\\mathbf{{H}}^{{-1}})",
    ),
    "value-reciprocal": (
        "read {text} as the reciprocal of the value, 1/{name}(...): a power after the parentheses is the value's, "
        "though some authors mean the inverse function so (a flow's \\sigma(z)^{{-1}} for the logit)",
        "for the inverse function, write the power on the name: \\{name}^{{-1}}(z)",
    ),
    "inverse-function": (
        "read {text} as the inverse function {inverse}, not the reciprocal 1/{name}",
        "for the reciprocal, write \\frac{{1}}{{\\{name}(x)}} or (\\{name} x)^{{-1}}",
    ),
    "sum-several-indices": (
        "read {text} as nested operators, one per index, each over all its values (\\sum_{{i,j}} A_{{ij}}^2 is "
        "\\sum_i \\sum_j A_{{ij}}^2, \\max_{{i,j}} x_{{ij}} is \\max_i \\max_j x_{{ij}})",
        "for a sum over chosen pairs, write the nested sums with their bounds",
    ),
    "sum-letters-as-indices": (
        "read {text} as one sum per letter, nested (Nielsen's \\sum_{{jk}} w_{{jk}}^2 is \\sum_j \\sum_k w_{{jk}}^2): "
        "each letter subscripts the summand on its own, each sum over all its values",
        "for one index spelled with several letters, name it with one letter",
    ),
    "max-over-members": (
        "read {text} as the {op} over the members of {set}, {index} numbering them from 1 to their number in "
        "what follows (cs229's Bellman equation \\max_{{a \\in A}}, over the set of actions), not an objective "
        "under the condition {index} \\in {set}",
        "for an objective, write it as its own statement: \\max_{{{index} \\in {set}}} f({index}) = ...",
    ),
    "max-over-range": (
        "read {text} as the {op} over the integer indices {letters}, each running over the range written (max "
        "pooling's \\max_{{0 \\le a,b<k}} x_{{is+a,js+b}}: the k×k window), since each subscripts what follows; "
        "not an optimum over an interval of a real variable",
        "for an optimum over a real variable, write the objective as its own statement: \\max_{{a}} f(a)",
    ),
    "max-over-argument": (
        "read {text} as the {op} of the values of what follows as {var} runs over {bounds}: {var} is an argument "
        "of the function there (DQN's \\max_{{a'}} Q(s', a'), the best action's value), not an objective to "
        "optimise",
        "for an objective, write it as its own statement: \\max_{{{var}}} f({var})",
    ),
    "gradient-transpose": (
        "read {text} as the transpose of the gradient {grad} (a row): the transpose written on the function's "
        "parenthesis applies to the gradient, the function's value being a number (Goodfellow et al.'s "
        "Fletcher-Reeves \\nabla_{{\\boldsymbol{{\\theta}}}} J(\\boldsymbol{{\\theta}}_t)^\\top)",
        "to say so without a note, bracket the gradient: ({grad})^\\top",
    ),
    "sum-over-set": (
        "read {text} as a sum over the entries of {set} (a minibatch, a dataset): the arrays hold {set}'s values, "
        "{index} runs over them from 1, and |{set}| is their number",
        "for chosen entries of a longer array, pass only those entries; for fixed bounds, write "
        "\\sum_{{{index}=1}}^{{n}}",
    ),
    "norm-word": (
        "read {text} as the 2-norm of the whole of its argument: the word {word} names which norm (gradient "
        "clipping by the global norm of all gradients, \\lVert g \\rVert_{{\\text{{global}}}}), not an order",
        "for a p-norm, write the order: \\|g\\|_p",
    ),
    "map-declaration": (
        "read {text} as the declaration of a map, its domain and codomain (Deisenroth et al.'s f: \\mathbb{{R}}^D "
        "\\to \\mathbb{{R}}), and set it aside: it has no value",
        "to give the shapes, declare the names: \\mathbf{{x}} \\in \\mathbb{{R}}^D",
    ),
    "condition-clause": (
        "read {clause} as a condition beside the formula, not part of its value: it is not checked",
        "to have it read, write it as a statement of its own on a new line (\\\\)",
    ),
    "guard-line": (
        "read {clause} as the comparison {comparison}: a line of pseudo-code that guards the lines after it (an "
        "algorithm box's if ||g|| > v), read as an inequality beside them; it is not checked and does not make "
        "the lines after it conditional",
        "for a value that depends on the condition, write it with cases: \\begin{{cases}} ... & \\text{{if }} "
        "... \\\\ ... & \\text{{otherwise}} \\end{{cases}}",
    ),
    "word-subscript": (
        "read {atom} as {name}: the letters after the underscore are one word, the label of the name (as code "
        "writes x_ahead, y_true), not a subscript of one letter times the rest",
        "for TeX's reading, a one-letter subscript times a word, put a space after the letter",
    ),
    "positive-part": (
        "read {text} as the positive part \\max(0, {inner}), as the ReLU's definition writes (x)^+ (the same as "
        "(x)_+), not a power",
        "the pseudo-inverse A^+ of a matrix is not read; write \\max(0, {inner}) or ({inner})_+ to drop this note",
    ),
    "text-words": (
        "read {atom} as one name, {name}: its words joined (a name of several words, as \\text{{learning "
        "rate}}), not prose",
        "for prose between two statements, begin it with a connective symdl reads (where, or, so, i.e., hence) or "
        "write each statement on a line of its own (\\\\)",
    ),
    "prose-clause": (
        "read {clause} as prose beside the formula and left it out: it defines nothing symdl can read",
        "to define a name, write the definition after the word: \\text{{where }} W = ...",
    ),
}
