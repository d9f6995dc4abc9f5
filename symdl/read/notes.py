"""The reading rules that choose between two plausible readings: one table row each.

Each rule that picks one reading of ambiguous notation leaves a :class:`~symdl.errors.Note` in
``Formula.notes`` with its span, built from its row here: what was read and how to write the other
reading.  ``{part}`` in a template is the source text of a part of the note (quoted, one line);
other names are values the rule supplies.  The README's "How symdl reads notation" lists the same rules.
"""

from __future__ import annotations

from dataclasses import dataclass

from symdl.errors import Note, Span


@dataclass(frozen=True)
class NoteRule:
    """One reading rule: the message and the other reading, as templates."""

    message: str
    alternative: str


NOTE_RULES: dict[str, NoteRule] = {
    "division-reach": NoteRule(
        "read {quotient} {factor} as ({quotient})·{factor}: a factor after a '/' multiplies the quotient",
        "to divide by the product, write \\frac{{{numerator}}}{{{divisor} {factor}}}",
    ),
    "sum-reach": NoteRule(
        "read {terms} as part of the body of {sum}: they use its index {index}",
        "to end the sum before them, put its body in parentheses: \\sum_{{{index}}} ( ... ) {sign} ...",
    ),
    "name-digits": NoteRule(
        "read {atom} as one name, {name} (a letter with digits, as code and the PyTorch docs write x1, W2), not a "
        "product with a number",
        "for the product, put a space or a \\cdot between them, or write the number first",
    ),
    "superscript-layer": NoteRule(
        "read the superscript of {atom} as a layer index (Nielsen's w^l_{{jk}}), not a power",
        "for a power, put the name in parentheses: ({name})^{{{layer}}}",
    ),
    "superscript-step": NoteRule(
        "read the superscript of {atom} as a step index, not a power: {layer_letter} also appears with an "
        "offset (^{{{layer_letter}+1}}) in this formula",
        "for a power, put the name in parentheses: ({name})^{{{layer}}}",
    ),
    "superscript-word": NoteRule(
        "read the superscript of {atom} as part of the name {name}, a label as in \\theta^{{old}} and g^{{ave}}, "
        "not a power",
        "for a power, put the name in parentheses: {power}; to mark a label (and drop this note), write {name}",
    ),
    "superscript-label": NoteRule(
        "read the parenthesised superscript of {name} as a label, part of the name (d2l's W^{{(q)}}, the query's "
        "projection), not sample {letter}: {why}",
        "for sample {letter}, make {letter} an index: sum over it (\\sum_{letter} {name}), or write samples with a "
        "sample letter (x^{{(i)}})",
    ),
    "superscript-labels": NoteRule(
        "read the superscript of {atom} as part of the name {name}: the formula writes this name with several "
        "letters up there (FaceNet's anchor, positive and negative x_i^a, x_i^p, x_i^n), labels of different "
        "quantities, not powers",
        "for a power, put the name in parentheses: {power}",
    ),
    "superscript-power": NoteRule(
        "read ^{exp} on {atom} as a power: {exp} is a letter, and nothing here makes it an index (Ba et al. write "
        "\\mu^t for a time step, Chung et al. h_t^j for unit j)",
        "for an index, put it in parentheses: {atom}^{{({exp})}} (a sample, a step or a unit), or brackets for a "
        "layer: {atom}^{{[{exp}]}}",
    ),
    "greek-transpose": NoteRule(
        "read ^T on {atom} as a transpose: T is no number in this formula (cs229's \\eta^T T(y), where T is a "
        "function), although a rate such as \\gamma^T is raised to a number of steps T where T is one",
        "for the power, declare T a number: T \\in \\mathbb{{R}} \\\\ ...",
    ),
    "superscript-target": NoteRule(
        "read the superscript of {atom} as a label, part of the name {name}: its letter names what this formula "
        "sets (an LSTM's gate f: b^f and U^f are the gate's bias and weights), not a power",
        "for a power, put the name in parentheses: {power}",
    ),
    "call-capital-greek": NoteRule(
        "read {text} as the function {name} applied to {arg}: a capital Greek letter before a parenthesis names "
        "a function (GELU's \\Phi, \\Gamma)",
        "for a product, write {name} \\cdot ({arg})",
    ),
    "call-differentiated": NoteRule(
        "read {text} as the function {spelling} applied to {arg}: the formula differentiates {spelling} by {by} "
        "(Bishop's \\partial E_n/\\partial w_{{ji}}), so it is a function of {by}, not a number times ({arg})",
        "for a product, write {spelling} \\cdot ({arg})",
    ),
    "order-term": NoteRule(
        "dropped the order term {term}: it names how fast a remainder vanishes (big-O), not a product; the relation "
        "is read without it, as an approximation (\\approx) that holds up to that remainder",
        "to keep a remainder, name it (+ r) and say what it is",
    ),
    "sigma-prime-diagonal": NoteRule(
        "read {matrix} as Nielsen's diagonal matrix with \\sigma'({vector})_j on its diagonal, so its product with "
        "{rest} is the entry-wise product \\sigma'({vector}) \\odot ({rest})",
        "for an unknown function applied entry by entry, name it (g'({vector}))",
    ),
    "function-family": NoteRule(
        "read {name} as member {index} of a family of functions, {name} with the index {index} as its first argument: "
        "a sum of the formula runs over {index}, so the function varies with it (Bishop's k-th output y_k(x, w))",
        "for one function that does not depend on {index}, write it without the subscript",
    ),
    "call-parameterised": NoteRule(
        "read {text} as the function {name} applied to {arg}: a name with its parameters as subscript (\\theta, "
        "\\phi, \\psi) before a parenthesis is a network (DDPM's \\epsilon_\\theta(\\mathbf{{x}}_t), a VAE's "
        "q_\\phi(z | x))",
        "for a product, write {name} \\cdot ({arg})",
    ),
    "trace-reach": NoteRule(
        "read {text} as {name} of the whole product {operand}, up to the next + or - (cs229's \\nabla_A "
        "\\mathrm{{tr}}\\, ABA^TC), not of its first factor",
        "for the trace of the first factor only, write {name}(...) with parentheses",
    ),
    "argument-sequence": NoteRule(
        "read {text} as one argument standing for the members of {name} from index {first} to {last} (the whole "
        "sequence the function is applied to); the function is not one symdl knows, so its value is not evaluated",
        "name the sequence as one argument: a matrix or a vector with the members as its columns",
    ),
    "function-reach": NoteRule(
        "read {text} as {name} of the whole product {operand} written after it, as a reader reads \\sin 2x and "
        "\\cos m\\theta, up to the next +, -, \\cdot, fraction or other function; not of its first factor",
        "for the function of the first factor only, write {name}(...) with parentheses",
    ),
    "otimes-elementwise": NoteRule(
        "read \\otimes as the element-wise product, as the PyTorch docs' GLU(a, b) = a \\otimes \\sigma(b) and "
        "Shazeer's GLU variants write it, not the Kronecker or outer product",
        "for an outer product write u v^T; Kronecker products are not read",
    ),
    "bracket-entry": NoteRule(
        "read {text} as the entry of {name} its subscript names, {name} with that subscript (d2l's "
        "[\\mathbf{{X}}]_{{i, j}}, entry (i, j) of X)",
        "for a product with a bracketed factor, write the subscript elsewhere or put \\cdot before the bracket",
    ),
    "bracket-call": NoteRule(
        "read {text} as the function {name} applied to the bracket: {name} is a function letter (Ba et al.'s "
        "f[...], the nonlinearity)",
        "for a product, write {name} \\cdot [...]",
    ),
    "distribution-clause": NoteRule(
        "set {clause} aside: it says how a name is drawn (the VAE's \\epsilon \\sim \\mathcal{{N}}(0, I)); the name is "
        "an input of the formula",
        "symdl has no reading of distributions; give the drawn values as inputs",
    ),
    "expectation-reach": NoteRule(
        "read the expectation, written with no bracket after it, as of the rest of its term, {arg} (Goodfellow et "
        "al.'s \\mathbb{{E}}_{{x,y \\sim \\hat{{p}}_{{data}}}} L(x, y, \\theta))",
        "for another reach, put its argument in brackets: \\mathbb{{E}}_{{x \\sim p}}[...]",
    ),
    "objective-prefix": NoteRule(
        "read {op}_{{{var}}} at the start as the objective stated for what follows ({goal} it over {var}, the GAN's "
        "\\min_G \\max_D V(D, G)): symdl reads, explains and evaluates the function being optimised, not the optimum",
        "for the optimum's value, symdl has no reading yet; \\min_i x_i over an index is the smallest entry",
    ),
    "family-list": NoteRule(
        "read {text} as the vector of the entries {entry}, {letter} = 1 to {bound} (the PyTorch docs' "
        "L = \\{{l_1,\\dots,l_N\\}}^\\top): {letter} is an index, and {entry} is defined entry by entry",
        "for a set, symdl has no reading yet; for a vector of numbers write [1, 2, 3]",
    ),
    "kronecker-delta": NoteRule(
        "read {name} as the Kronecker delta of {first} and {second}: 1 where they are equal, else 0 (label "
        "smoothing's \\delta_{{y,k}}); a letter no sum or family indexes is an integer value given with the inputs",
        "for a name of its own, write \\delta_{{\\text{{{first}{second}}}}}",
    ),
    "activation-default": NoteRule(
        "read {text} as {reading}",
        "{other}",
    ),
    "bracket-index": NoteRule(
        "read {atom} as entry {name} (square brackets right after a name index it, as code and the PyTorch docs "
        "write x[class], y[i]), not a product with a bracket",
        "for the product, put a space or a \\cdot before the bracket",
    ),
    "prime-name": NoteRule(
        "read {text} as the function {name} applied to its argument, not the derivative of {base}: {name} is also "
        "written on its own in this formula, a name (Szegedy et al.'s smoothed label distribution q')",
        "for the derivative, write \\frac{{d {base}}}{{dx}} or give the other {name} another name",
    ),
    "product-of-a-value": NoteRule(
        "read {text} as a product {name}·({arg}): {name} is defined as a value earlier in the formula",
        "for a call, define it as a function: {name}(x) = ...",
    ),
    "product-of-a-vector": NoteRule(
        "read {text} as a product {name}·({arg}): {name} is written transposed elsewhere in the formula "
        "({name}^T), a vector, not the function {name}",
        "for a call, define it as a function: {name}(x) = ...",
    ),
    "product-of-itself": NoteRule(
        "read {text} as a product {name}·({arg}): {name} appears as a value in its own argument",
        "for a call, define it as a function first: {name}(x) = ... \\\\ {text}",
    ),
    "acronym-name": NoteRule(
        "read {run} as one name, an acronym the formula writes more than once (the metrics' TP, FP, FN), not the "
        "product {letters}",
        "for the product, put spaces or \\cdot between the letters",
    ),
    "letters-product": NoteRule(
        "read {text} as the product of the letters {letters}: {why}",
        "for one name, write \\text{{{run}}}",
    ),
    "square-name": NoteRule(
        "read {atom}^2 as one name, the square a statement defines (a batch's variance \\sigma_\\mathcal{{B}}^2, as "
        "Ioffe & Szegedy write it), not a power of a {atom} no statement sets",
        "for the power of a standard deviation, define {atom} itself: {atom} = \\sqrt{{...}}",
    ),
    "case-name": NoteRule(
        "read {run} as one name, as the PyTorch docs write the kernel sizes kH and kW: a lower-case letter then "
        "capitals, written more than once or beside another such name, not the product {letters}",
        "for the product, put a space or \\cdot between the letters",
    ),
    "word-name": NoteRule(
        "read {run} as one name, a word as the PyTorch docs and code write them: four or more letters side by side, "
        "or lower-case words joined by an underscore (code's new_lr), are never a product in a formula",
        "for the product of the letters, put spaces or \\cdot between them: {letters}",
    ),
    "code-name": NoteRule(
        "read {run} as one name, an identifier: the formula is written as code ({why}), where a run of lower-case "
        "letters is a name (Keras' lr, neg, pos), though it could also be the product {letters}",
        "for the product of the letters, put spaces or \\cdot between them: {letters}",
    ),
    "greek-word": NoteRule(
        "read {run} as the Greek letter \\{run}, typed in code style (the PyTorch docs' beta, delta), the same "
        "name as \\{run} written elsewhere",
        "for the product of its letters, put spaces between them; for a name of its own, write \\text{{{run}}}",
    ),
    "softmax-rows": NoteRule(
        "read {text} row by row: softmax of a matrix normalises each row (over the last axis, as attention and "
        "PyTorch's dim=-1 do)",
        "for column by column (a column per example, as in Ng's courses), write the softmax of the transpose "
        "and transpose back: (\\mathrm{{softmax}}(Z^T))^T",
    ),
    "subscript-label": NoteRule(
        "read {text} as one name: the letter {letter} is a label, not an index: {why}",
        "for a family indexed by {letter}, use {letter} in a sum or on another name: \\sum_{letter} ...",
    ),
    "bias-row": NoteRule(
        "read {text} as a row added to every row: the product before it ends with the weight (d2l's X W + b, "
        "one example per row), so its outputs are columns",
        "for a column bias, write the weight first: W X + b, or read with --layout columns "
        "(Config(layout='columns'))",
    ),
    "mid-abs": NoteRule(
        "read {text} as an absolute value: two \\mid bars around an expression outside a call's parentheses "
        "(cs231n writes |x| so)",
        "for a conditional, write it inside a call: p(y \\mid x)",
    ),
    "phi-normal-cdf": NoteRule(
        "read {text} as the standard normal distribution's CDF, \\Phi(x) = (1 + \\mathrm{{erf}}(x/\\sqrt{{2}}))/2 "
        "(GELU's x\\Phi(x), Hendrycks & Gimpel)",
        "for another function, give it another letter (F(x)) or define it: \\Phi(x) = ...",
    ),
    "zeta-softplus": NoteRule(
        "read {text} as the softplus, \\log(1 + e^x), as Goodfellow et al. write \\zeta (Deep Learning, sec. 3.10)",
        "for another function, name it: \\operatorname{{Z}}(x), or write \\zeta \\cdot (x) for a product",
    ),
    "event-name": NoteRule(
        "read {text} as the function {name}_{{{event}}} of what follows the bar: the probability of the event "
        "{event}, a function of the condition",
        "name the event's probability yourself (p_1 = \\sigma(w^T x)) to use it as a value",
    ),
    "expectation-mean": NoteRule(
        "read the {what} {text} over a sample: the names inside are vectors of sampled values (a function applied to "
        "a drawn name, the GAN's D(x), to each sample), and the {what} is their mean (of squared deviations, the "
        "biased estimator, for a variance), as PyTorch's LayerNorm means E[x]",
        "for a population quantity, write it as a name (\\mu, \\sigma^2) or as a sum with weights p_i",
    ),
    "star-elementwise": NoteRule(
        "read * between two vectors as their element-wise product (dropout's mask r * y, as papers and the PyTorch "
        "docs write it)",
        "for the dot product, write \\mathbf{{x}}^T \\mathbf{{y}} or \\mathbf{{x}} \\cdot \\mathbf{{y}}",
    ),
    "vector-row": NoteRule(
        "read {text} as a row vector (one example per row): it is written right before a weight, as the "
        "PyTorch docs write x A^T + b and d2l x W + b",
        "for a column vector, put the weight first (A x) or transpose the vector (x^T A), or read with "
        "--layout columns (Config(layout='columns'))",
    ),
    "derivative-reach": NoteRule(
        "read {operator} as applying to the whole product after it, {operand}, up to the next + or -",
        "to differentiate the first factor only, put the derivative in parentheses: ({operator} ...) ...",
    ),
    "inverse-function": NoteRule(
        "read {text} as the inverse function {inverse}, not the reciprocal 1/{name}",
        "for the reciprocal, write \\frac{{1}}{{\\{name}(x)}} or (\\{name} x)^{{-1}}",
    ),
    "matrix-power": NoteRule(
        "read the power ^{exp} of {text} as the matrix power ({text} is a square matrix): {text}·{text}·...",
        "for the element-wise power, write {text} \\odot {text} (or name the squared entries)",
    ),
    "elementwise-power": NoteRule(
        "read the power ^{exp} of the matrix {text} element-wise: {text} is not known to be square",
        "for the matrix power, declare it square: {text} \\in \\mathbb{{R}}^{{n \\times n}}",
    ),
    "family-rows": NoteRule(
        "read this vector made of whole vectors of the family {family} ({text}) entry by entry, at a new index "
        "{index}: the family is one array with a vector per row (member i is row i, as in its dot products), and "
        "the value is the vector over {index}",
        "for members stored as columns, pass the array's transpose; or write the family as a matrix "
        "(\\mathbf{{V}}^\\top \\boldsymbol{{\\alpha}})",
    ),
    "family-transposed": NoteRule(
        "read {text} as one vector of the family {name}, transposed (every member of it is written transposed): "
        "{name} is an array with a vector per row, and a product with another vector is their dot product "
        "(GloVe's w_i^T \\tilde{{w}}_j, cs231n's w_j^T x_i)",
        "write the family as a matrix (W x: its entry j is w_j^T x), or the dot product by entries: "
        "\\sum_k {name}_{{jk}} x_k",
    ),
    "family-entry": NoteRule(
        "read {text} as entry {letter} of {name}, the family summed over an index elsewhere in the formula "
        "(the softmax's z_c, the score s_c of class c)",
        "for a separate name, write {name}_{{\\text{{{letter}}}}}",
    ),
    "label-entry": NoteRule(
        "read {text} as entry {label} of {name}: {label} is an integer label that picks one entry (cs231n's "
        "s_{{y_i}}, the score of the correct class of example i), from 1 to the length of {name}",
        "for a separate name, write {name}_{{\\text{{{label}}}}}",
    ),
    "softmax-of-entry": NoteRule(
        "read {text} as entry {index} of the softmax of the numbers {name}_j, as the PyTorch docs write "
        "Softmax(x_i): the softmax of one number would be 1",
        "write \\mathrm{{softmax}}(\\mathbf{{{name}}})_{index} to say so (no note)",
    ),
    "value-label": NoteRule(
        "read {text} as one entry of the function's value, entry {label}: {label} is no index letter (i, j, k or "
        "one a sum binds), so it is an integer label, as the class y of -\\log \\mathrm{{softmax}}(\\mathbf z)_y",
        "for every entry (a family over an index), write an index letter in place of {label}: i, j or k",
    ),
    "layer-entry-label": NoteRule(
        "read {text} as entry {label} of the layer's vector {name}: {label} is no index letter, so it is an integer "
        "label that picks one entry (Nielsen's -\\ln a^L_y, the output for the correct class y), from 1",
        "for a vector of its own, write the subscript as a word: {name}_{{\\text{{{label}}}}}",
    ),
    "scalar-beside-bold": NoteRule(
        "read {text} as a number added to every entry of the vector beside it: this formula writes vectors bold and "
        "{text} is plain (d2l's \\mathbf{{X}}\\mathbf{{w}} + b)",
        "for a vector, write it bold: \\mathbf{{{text}}}",
    ),
    "matrix-entrywise": NoteRule(
        "read the {name} of the matrix in {text} entry by entry (numpy's np.{name_np}), as attention's \\exp(QK^T) "
        "is: not the matrix {name} (S4 and Mamba's e^{{\\Delta A}})",
        "the matrix {name} is not read yet (of a diagonal matrix it is the {name} of the diagonal's entries)",
    ),
    "abs-determinant": NoteRule(
        "read {text} as the determinant of the matrix {inner} (Bishop's |\\Sigma| of a Gaussian), which makes it "
        "square: nothing else in the formula says it is square (an inverse, a trace)",
        "for the absolute value of each entry, write \\operatorname{{abs}}({inner}) or the entries |a_{{ij}}|",
    ),
    "jacobian-layout": NoteRule(
        "read the derivative of the vector {of} by the vector {wrt} as their Jacobian, a matrix with a row per entry "
        "of {of} (numerator layout, as Goodfellow et al.'s chain rule \\nabla_{{x}} z = (\\partial y / \\partial "
        "x)^\\top \\nabla_{{y}} z writes it)",
        "for the denominator layout (a row per entry of {wrt}), transpose it",
    ),
    "scalar-broadcast": NoteRule(
        "read {text} as a number, added to every entry of the vector or matrix beside it: nothing here makes its "
        "names vectors (DDPM's \\sigma_t z beside \\mathbf{{x}}_t is a vector only if z is bold)",
        "for a vector, write its names bold (\\mathbf{{z}}) or declare them: z \\in \\mathbb{{R}}^n; a function whose "
        "value is a vector: name the value, \\mathbf{{h}} = F(\\mathbf{{x}})",
    ),
    "per-coordinate": NoteRule(
        "read {text} as a vector, one value per parameter: a plain name under the square root that divides an update "
        "of a vector is a per-coordinate statistic (Adam's \\hat{{v}}_t, RMSProp's s_t, Adagrad's G), so the step "
        "is divided entry by entry",
        "for one number for all parameters, declare it: {text} \\in \\mathbb{{R}}",
    ),
    "function-entrywise": NoteRule(
        "read {text} as {name} applied to each entry, as an activation is (Goodfellow et al.'s "
        "g(\\boldsymbol{{W}}^\\top \\boldsymbol{{x}} + \\boldsymbol{{c}})): symdl does not know {name}",
        "for a number (a scalar function of the vector), write \\operatorname{{{name}}}(...); for a vector of "
        "another length, write the function bold: \\boldsymbol{{{name}}}(...)",
    ),
    "function-number": NoteRule(
        "read {text} as a number, a scalar function of the vector (Goodfellow et al.'s objective "
        "f(\\boldsymbol{{x}})): {reason}",
        "for {name} applied to each entry, use a function that is (\\sigma, \\tanh) or name the value in a "
        "statement of its own: \\mathbf{{h}} = {name}(\\mathbf{{x}})",
    ),
    "function-vector": NoteRule(
        "read {text} as a vector of its own length: a bold function is vector-valued (Bishop's basis functions "
        "\\boldsymbol{{\\phi}}(\\mathbf{{x}}))",
        "for the function applied to each entry, write its name plain: {name} without \\boldsymbol",
    ),
    "dot-of-numbers": NoteRule(
        "read {text} as a product of numbers: nothing makes {left} and {right} vectors (Nielsen writes the dot "
        "product of the vectors w and x as w \\cdot x)",
        "for the dot product, write the vectors bold (\\mathbf{{{left}}} \\cdot \\mathbf{{{right}}}) or declare "
        "them: {left}, {right} \\in \\mathbb{{R}}^n (or --shape {left}=3 --shape {right}=3, Config(shapes=...))",
    ),
    "dot-of-gradient": NoteRule(
        "read {text} as a product of numbers: a bare \\nabla names no variable it is taken with respect to, so "
        "nothing makes it a vector (Nielsen's \\nabla C \\cdot \\Delta v is the dot product of vectors)",
        "for the dot product, name the vector: \\nabla_{{\\mathbf{{v}}}} C \\cdot \\Delta \\mathbf{{v}}",
    ),
    "bracket-concat": NoteRule(
        "read {text} as the vectors stacked into one (a concatenation, as Olah's LSTM writes W_o [h_{{t-1}}, x_t]): "
        "a bracket listing names right after a weight matrix, or listing bold vectors",
        "for a vector of numbers, write \\begin{{bmatrix}} ... \\end{{bmatrix}}; [a; b] is a concatenation, not noted",
    ),
    "sample-number": NoteRule(
        "read {name} as a number, entry {letter} of a vector {base}: a plain name with a parenthesised sample index "
        "is one number per example, though cs229 writes the {letter}-th training example x^{{({letter})}} plain for "
        "a vector in R^n",
        "for one vector per example, write \\mathbf{{x}}^{{({letter})}} or declare {name} \\in \\mathbb{{R}}^n "
        "(read in dot products, w^T x^{{({letter})}}; in other sums and products refused, not read yet)",
    ),
    "capital-matrix": NoteRule(
        "read {text} as a matrix {left} times a vector {right}: a plain capital letter (or a Greek capital that "
        "names a matrix, Bishop's \\Phi w, \\Sigma^{{-1}}\\mu) written right before a lower-case name is a matrix "
        "(cs231n's W x + b, PyTorch's W_{{hh}} h)",
        "for a product of numbers, declare {left} \\in \\mathbb{{R}} or write {left} \\cdot {right}",
    ),
    "matrix-norm": NoteRule(
        "read {text} as the Frobenius norm (the square root of the sum of squared entries, as weight decay's "
        "\\|W\\|^2 means): the norm of a matrix with no subscript",
        "write \\|W\\|_F to say so (no note); the spectral norm \\|W\\|_2 is not read yet",
    ),
    "norm-of-number": NoteRule(
        "read {text} as an absolute value: {inner} is read as a number (nothing makes it a vector)",
        "for the norm of a vector, write it bold or declare it (\\in \\mathbb{{R}}^n); for a gradient, name what "
        "it is with respect to: \\nabla_{{\\mathbf{{v}}}} C",
    ),
    "index-value": NoteRule(
        "read {text} as the value of the index {text}: it is an index of a name elsewhere in this formula",
        "for a separate number, give it another name",
    ),
    "sum-per-example": NoteRule(
        "read {text} as a value per {index}: the sum over {index} does not mention {index} otherwise, as in "
        "Nielsen's \\sum_x over the training inputs, where y and a depend on x",
        "to sum a constant, write n \\cdot (...); to make the dependence plain, write {text}_{{{index}}}",
    ),
    "sum-constant": NoteRule(
        "the summand of the sum over {index} does not mention {index}: read as the same term for every {index}, "
        "the sum being that many times one term (for Nielsen's \\sum_x over the training inputs, only one "
        "example is read)",
        "write the index on what varies with {index} (y_{{{index},j}}), or write n \\cdot (...) for a constant",
    ),
    "sum-over-entries": NoteRule(
        "read the sum over {index} as a sum over the entries of the weights {text} (Nielsen's L2 term "
        "\\sum_w w^2), not over the numbers 1, 2, ...",
        "to sum over numbers, give the bounds: \\sum_{{{index}=1}}^{{n}}",
    ),
    "sum-several-indices": NoteRule(
        "read {text} as nested sums, one per index, each over all its values (\\sum_{{i,j}} A_{{ij}}^2 is "
        "\\sum_i \\sum_j A_{{ij}}^2)",
        "for a sum over chosen pairs, write the nested sums with their bounds",
    ),
    "sum-letters-as-indices": NoteRule(
        "read {text} as one sum per letter, nested (Nielsen's \\sum_{{jk}} w_{{jk}}^2 is \\sum_j \\sum_k w_{{jk}}^2): "
        "each letter subscripts the summand on its own, each sum over all its values",
        "for one index spelled with several letters, name it with one letter",
    ),
    "sum-over-values": NoteRule(
        "read the sum over {index} (no bounds written) as a sum over the values of {index}: {index} is used as a "
        "number in the summand, so the array given for {index} holds its possible values (Sutton & Barto's "
        "rewards r in \\sum_{{s', r}} p(s', r | s, a) [r + \\gamma v(s')]), a function of {index} there is "
        "applied to each, not {index} = 1, 2, ..., N",
        "to sum over the numbers 1 to N, give the bounds: \\sum_{{{index}=1}}^{{N}}",
    ),
    "max-over-argument": NoteRule(
        "read {text} as the {op} of the values of what follows as {var} runs over {bounds}: {var} is an argument "
        "of the function there (DQN's \\max_{{a'}} Q(s', a'), the best action's value), not an objective to "
        "optimise",
        "for an objective, write it as its own statement: \\max_{{{var}}} f({var})",
    ),
    "gradient-transpose": NoteRule(
        "read {text} as the transpose of the gradient {grad} (a row): the transpose written on the function's "
        "parenthesis applies to the gradient, the function's value being a number (Goodfellow et al.'s "
        "Fletcher-Reeves \\nabla_{{\\boldsymbol{{\\theta}}}} J(\\boldsymbol{{\\theta}}_t)^\\top)",
        "to say so without a note, bracket the gradient: ({grad})^\\top",
    ),
    "sum-over-set": NoteRule(
        "read {text} as a sum over the entries of {set} (a minibatch, a dataset): the arrays hold {set}'s values, "
        "{index} runs over them from 1, and |{set}| is their number",
        "for chosen entries of a longer array, pass only those entries; for fixed bounds, write "
        "\\sum_{{{index}=1}}^{{n}}",
    ),
    "max-elementwise": NoteRule(
        "read {text} entry by entry: the {name} of each entry of the vector or matrix with the numbers beside it "
        "(\\max(0, W x) is the ReLU of W x, as cs231n and Goodfellow et al. write it)",
        "for the largest entry of a vector, write \\{name}_i z_i",
    ),
    "condition-clause": NoteRule(
        "read {clause} as a condition beside the formula, not part of its value: it is not checked",
        "to have it read, write it as a statement of its own on a new line (\\\\)",
    ),
    "word-subscript": NoteRule(
        "read {atom} as {name}: the letters after the underscore are one word, the label of the name (as code "
        "writes x_ahead, y_true), not a subscript of one letter times the rest",
        "for TeX's reading, a one-letter subscript times a word, put a space after the letter",
    ),
    "positive-part": NoteRule(
        "read {text} as the positive part \\max(0, {inner}), as the ReLU's definition writes (x)^+ (the same as "
        "(x)_+), not a power",
        "the pseudo-inverse A^+ of a matrix is not read; write \\max(0, {inner}) or ({inner})_+ to drop this note",
    ),
    "text-words": NoteRule(
        "read {atom} as one name, {name}: its words joined (a name of several words, as \\text{{learning "
        "rate}}), not prose",
        "for prose between two statements, begin it with a connective symdl reads (where, or, so, i.e., hence) or "
        "write each statement on a line of its own (\\\\)",
    ),
    "prose-clause": NoteRule(
        "read {clause} as prose beside the formula and left it out: it defines nothing symdl can read",
        "to define a name, write the definition after the word: \\text{{where }} W = ...",
    ),
}


def quote(text: str, limit: int = 40) -> str:
    """Source text as a note quotes it: one line, at most ``limit`` characters."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def note(rule: str, span: Span, values: dict[str, str]) -> Note:
    """The reading note of ``rule`` at ``span``, its templates filled from ``values``."""
    row = NOTE_RULES[rule]
    return Note(row.message.format(**values), span, row.alternative.format(**values), rule)
