"""The binder's reading rules about families, indices and sums (:mod:`symdl.bind`): which subscripts are members of
a family, entries or labels, what a sum runs over.  One row each, merged into :data:`symdl.read.notes.NOTE_RULES`
beside :mod:`symdl.read.notes_binder`'s (a row is the rule's message and its other reading, as templates).
"""

from __future__ import annotations

#: rule → (message, alternative) of the binder's rules on families, indices and sums
FAMILY_NOTES: dict[str, tuple[str, str]] = {
    "sample-words": (
        "read {text} as the draw \\sim: an algorithm's words for sampling (classifier guidance's x_{{t-1}} "
        "\\leftarrow \\text{{sample from }} \\mathcal{{N}}(\\mu, \\Sigma)) say the value is drawn from the "
        "distribution after them",
        "write the draw itself: x \\sim \\mathcal{{N}}(\\mu, \\Sigma)",
    ),
    "expectation-power-inside": (
        "read {text} as the expectation of the power: an expectation whose parenthesis (over a drawn sample, or "
        "holding a difference) is raised to a power is the mean of the powered value (IPO's loss \\mathbb{{E}}_{{(y_w, "
        "y_l, x) \\sim D}}(h - \\tau^{{-1}}/2)^2, Wasserman's variance \\mathbb{{E}}(X - \\mu)^2), not the square of "
        "the mean",
        "for the power of the expectation, write it in brackets: (\\mathbb{{E}}_{{x \\sim p}}[f(x)])^2",
    ),
    "sum-start-unwritten": (
        "read {text} as running from {index} = 1: its start is not written (Goh's momentum sum "
        "\\sum_i^k \\beta^{{k-i}} \\nabla f(w^i) may mean from 0)",
        "write the start: \\sum_{{{index}=0}}^{{{high}}} for a sum from 0",
    ),
    "member-at-sum-bound": (
        "read {name} as the member of the family {family} at the upper bound of the sum (or product) over {index}: "
        "it runs over {family}'s members up to that bound, and {name}, written beside it, is the last of them "
        "(AdaGrad's g_t / \\sqrt{{\\sum_{{s=1}}^t g_s^2}}, the current step's gradient; DDPM's \\alpha_t beside "
        "\\bar{{\\alpha}}_t = \\prod_{{i=1}}^t \\alpha_i); the bound is an integer input, the array "
        "given for {family} holds its members from 1",
        "for a name of its own, given apart, write {family}_{{\\text{{t}}}}",
    ),
    "step-beside-greek-sum": (
        "read {name} as a name of its own, the current step's value given apart: a sum over \\{index} runs over the "
        "family {family}_\\{index}, whose last member {name} is meant to be, but symdl does not link a family's "
        "entry at the step t to it (AdaGrad's g_t / \\sqrt{{\\sum_{{\\tau=1}}^t g_\\tau^2}})",
        "give {name} the value of the family's entry at t yourself, or write the step's value inside the sum's "
        "range explicitly",
    ),
    "family-member-each": (
        "read {names} as the vectors and matrices of one {index}, each a name of its own: no sum runs over {index}, "
        "so the formula holds for each {index}; a shifted member ({index}+1, {index}-1) is the next or previous one, "
        "a name of its own too (Prince's \\mathbf{{f}}_k = \\boldsymbol\\beta_k + \\boldsymbol\\Omega_k "
        "\\mathbf{{h}}_k, \\mathbf{{h}}_{{k+1}} = \\mathbf{{a}}[\\mathbf{{f}}_k]); give each its own array",
        "for all members at once, write them as the columns of a matrix (\\mathbf{{F}} = \\boldsymbol\\beta "
        "\\mathbf{{1}}^T + \\boldsymbol\\Omega \\mathbf{{H}}) or sum over {index} (\\sum_{index})",
    ),
    "family-number-member": (
        "read {name} as entry {number} of the family {family}, which a sum or an update of every entry runs over by "
        "a letter here (Bottou et al.'s \\frac{{1}}{{K}}\\sum_k \\|\\nabla F(w_k)\\|^2 beside F(w_1), the first "
        "iterate; Ng's \\theta_j := \\theta_j - \\alpha \\frac{{\\partial}}{{\\partial \\theta_j}} J(\\theta_0, "
        "\\theta_1)): one array, not a name of its own",
        "for a name of its own, give it another letter or a word label ({family}_{{\\text{{init}}}})",
    ),
    "family-member-given": (
        "read {names} for one given {index}, each a name of its own (a vector or a number): no sum runs over "
        "{index} and no left side carries it, so this step uses one example {index} (as the perceptron's and SGD's "
        "updates "
        "\\mathbf{{w}} \\leftarrow \\mathbf{{w}} + \\eta y_i \\mathbf{{x}}_i do); give each its own array",
        "for a step over all examples, sum over {index} (\\sum_{index}); for one step per example, write "
        "{index} on the left side too",
    ),
    "family-rows": (
        "read this vector made of whole vectors of the family {family} ({text}) entry by entry, at a new index "
        "{index}: the family is one array with a vector per row (member i is row i, as in its dot products), and "
        "the value is the vector over {index}",
        "for members stored as columns, pass the array's transpose; or write the family as a matrix "
        "(\\mathbf{{V}}^\\top \\boldsymbol{{\\alpha}})",
    ),
    "family-vector-sum": (
        "read {name} as a vector: it is set equal to a sum over the family's index of whole vectors of the family "
        "{family} ({member}), each times numbers, whose value is a vector (entry k the sum of the members' entries "
        "k, read entry by entry as family-rows says), so {name} is that vector, not a number",
        "for a number, sum the entries too (\\sum_k) or take a dot product; bold {name} to say it is a vector",
    ),
    "family-bare-vector": (
        "read the bare {name} as one vector of its own (its entries named {entries}), not the family of its members "
        "({member}): set equal to a sum of those members, it is the vector they make (a mean over time or nodes), "
        "and the family cannot be defined by its own members",
        "for the whole family, write it as a matrix (\\mathbf{{H}}); give the vector a name of its own "
        "(\\bar{{\\mathbf{{h}}}}) to read it without the guess",
    ),
    "function-member-in-norm": (
        "read {text} inside a norm as a vector: the function {name} of one vector of the family {family} is an "
        "embedding (the contrastive and triplet losses' \\|f(\\mathbf{{x}}_i) - f(\\mathbf{{x}}_j)\\|), member "
        "{index} of the family of its values, an array with a vector per row given by its spelling without the "
        "index; the double bars say it is a vector, as \\|x\\| of a number would be written |x|",
        "a number: write |f(\\mathbf{{x}}_i) - f(\\mathbf{{x}}_j)|",
    ),
    "family-row-number": (
        "read {text} as a number: the row {row} times a vector holding whole vectors of the family {family}, the "
        "sum over its entries at a new index {index}, each entry read as a vector of members is (family-rows: the "
        "family one array with a vector per row); a member written transposed before a matrix "
        "(\\mathbf{{p}}_i^\\top \\mathbf{{W}}) is the row W^\\top p_i, so p_i^\\top W p_j is the bilinear form "
        "\\sum_{{k,l}} p_{{i,k}} W_{{kl}} p_{{j,l}} (W square for one family)",
        "write the sum over entries yourself (\\sum_d a_d \\tanh(\\dots)_d), or the batch as a matrix "
        "(\\tanh(\\mathbf{{H}}\\mathbf{{U}}^\\top)\\mathbf{{v}})",
    ),
    "family-outer": (
        "read this matrix made of outer products of vectors, whole vectors of the family {family} ({text}) among "
        "them, entry by entry, at new indices {index}: the family is one array with a vector per row (member i is row "
        "i, as in its dot products), the entry of (u)(v)^T at ({index}) is the product of their entries, and the "
        "value is the matrix over ({index})",
        "for members stored as columns, pass the array's transpose; or write the family as a matrix "
        "(\\mathbf{{X}}_c^\\top \\mathbf{{X}}_c for centred rows)",
    ),
    "inner-members": (
        "read {text} as one vector of the family {name} (an array with a vector per row): it is an argument of an "
        "inner product, which is of vectors (CLIP's \\langle u_i, v_j \\rangle, Rendle's \\langle v_i, v_j \\rangle)",
        "for numbers, write the product {name}_i v_j without the angle brackets",
    ),
    "cdot-members": (
        "read {text} as the dot product of two vectors of the family {name} (an array with a vector per row): two "
        "members of one family at different indices joined by \\cdot (SupCon's and SimCLR's z_i \\cdot z_p)",
        "for numbers, write the product without \\cdot ({name}_i {name}_p) or declare {name} \\in \\mathbb{{R}}^n",
    ),
    "family-transposed": (
        "read {text} as one vector of the family {name}, transposed (every member of it is written transposed): "
        "{name} is an array with a vector per row, and a product with another vector is their dot product "
        "(GloVe's w_i^T \\tilde{{w}}_j, cs231n's w_j^T x_i)",
        "write the family as a matrix (W x: its entry j is w_j^T x), or the dot product by entries: "
        "\\sum_k {name}_{{jk}} x_k",
    ),
    "declared-vector-entry": (
        "read {text} as {part} {text} of {name}, declared \\mathbb{{R}}^{{{shape}}}: a number, one of its entries "
        "(Parr & Howard's \\sum_i w_i x_i^2, Ng's Y^{{(i)}} of a 1 \\times m Y), not one vector of a family of vectors",
        "for a vector of its own, declare it by its own spelling ({text} \\in \\mathbb{{R}}^n) or write it bold",
    ),
    "family-entry": (
        "read {text} as entry {letter} of {name}, the family summed over an index elsewhere in the formula "
        "(the softmax's z_c, the score s_c of class c)",
        "for a separate name, write {name}_{{\\text{{{letter}}}}}",
    ),
    "bare-summed-vector": (
        "read {name} as the vector whose entries are {entry} (a sum over {index} runs over them), entry by entry: "
        "here its entry {name}_{letter}, {letter} a free index, so the value is a vector over {letter} (RMSNorm's "
        "\\bar{{x}} = x / \\sqrt{{\\frac{{1}}{{n}}\\sum_i x_i^2}}, the softmax's e^{{z}} / \\sum_j e^{{z_j}}), not a "
        "number of its own",
        "for a number of its own, give it another name (\\tilde{{{name}}}); for the vector, write it bold "
        "(\\mathbf{{{name}}}) or declare it ({name} \\in \\mathbb{{R}}^n)",
    ),
    "vector-entry": (
        "read {text} as entry {letter} of the vector {name} that the formula writes bold (Goodfellow et al.'s "
        "convention: \\mathbf{{a}} the vector, a_c its entry c; cs231n's \\log p(y=c|\\mathbf{{x}}) = a_c - "
        "\\mathrm{{lse}}(\\mathbf{{a}})) or sets to a softmax (p = \\mathrm{{softmax}}(z), then -\\log p_y): "
        "{letter} is then an index of the formula",
        "for a separate name, write {name}_{{\\text{{{letter}}}}}",
    ),
    "label-entry": (
        "read {text} as entry {label} of {name}: {label} is an integer label that picks one entry (cs231n's "
        "s_{{y_i}}, the score of the correct class of example i), from 1 to the length of {name}",
        "for a separate name, write {name}_{{\\text{{{label}}}}}",
    ),
    "label-member": (
        "read {text} as member {label} of the family of vectors {name}: {label} is an integer label that picks one "
        "vector, a row of the family (the centre loss' class centre c_{{y_i}}, the SVM's weights w_{{y_i}} of the "
        "correct class), from 1 to the number of members",
        "for a separate name, write {name}_{{\\text{{{label}}}}}",
    ),
    "function-of-member": (
        "read {text} as member {index} of the family of the values of {name} at the members of {family}: an array "
        "with a vector per row, row {index} the value at {family}'s member {index} (Bishop's design matrix "
        "\\mathbf{{\\Phi}} with rows \\boldsymbol{{\\phi}}(\\mathbf{{x}}_n)^T), given with the inputs by its "
        "spelling without the index; it is read as any family of vectors (dot products as sums over entries)",
        "for the whole array, write the matrix of the values (\\mathbf{{\\Phi}}\\mathbf{{w}})",
    ),
    "sum-over-members": (
        "read {text} as a sum over {index}, {member} being member {index} of the set {set} (CPC's InfoNCE "
        "\\sum_{{x_j \\in X}} f_k(x_j, c_t)): {index} runs over {set}'s members from 1, the family of the {member} "
        "holds them, and |{set}| is their number",
        "for the sum over an index written apart, \\sum_{{{index}=1}}^{{N}}",
    ),
    "sum-over-vectors": (
        "read {text} as a sum over the vectors of the set {set} (a minibatch of examples): {vector} is the vector at "
        "the index {index}, {set} an array with a vector per row, {index} runs over its rows from 1, and |{set}| is "
        "their number",
        "to name the index, write \\sum_{{i \\in {set}}} \\mathbf{{x}}_i",
    ),
    "set-of-index": (
        "read |{set}| as the number of values {index} runs over: the sum over {index} is written without bounds, and "
        "{set}, the calligraphic capital of its letter, names the set it runs over (the dueling network's actions "
        "\\mathcal{{A}}, 1/|\\mathcal{{A}}| \\sum_{{a'}} A(s, a'))",
        "for another size, write the sum's bounds: \\sum_{{a'=1}}^{{N}}",
    ),
    "sum-over-neighbours": (
        "read {text} as a sum over every {index}, its body times the 0/1 adjacency {adjacency}_{{{centre}{index}}} "
        "(1 when {index} is in {set}, 0 otherwise): pass {adjacency} as a square 0/1 matrix, row {centre} marking "
        "the neighbours of {centre} (or the members of {centre}'s group: a normalisation's set \\mathcal{{S}}_i)",
        "for the neighbours' values alone, name them as a set of their own (\\sum_{{j \\in B}})",
    ),
    "family-row-member": (
        "read {text} as the row of weights of one unit, a vector of the family {name} (an array with a vector per "
        "row, member i is row i of the weight matrix): written plain before a column vector (Srivastava et al.'s "
        "dropout z_i = \\mathbf{{w}}_i \\mathbf{{y}} + b_i), their product is the dot product, as a column times a "
        "column is none",
        "write the transpose to say so (\\mathbf{{w}}_i^\\top \\mathbf{{y}}), or the matrix for all units "
        "(\\mathbf{{W}}\\mathbf{{y}})",
    ),
    "label-position": (
        "read {text} as the entry of the array {name} at the positions {positions}, one axis each: {label} is an "
        "integer label that picks a position on its axis (the PyTorch docs' x_{{n,y_n}}, sample n's score of its "
        "target class y_n), from 1 to that axis's length; the letters are indices",
        "for a separate name, write {name}_{{\\text{{{positions}}}}}",
    ),
    "softmax-of-entry": (
        "read {text} as entry {index} of the softmax of the numbers {name}_j, as the PyTorch docs write "
        "Softmax(x_i): the softmax of one number would be 1",
        "write \\mathrm{{softmax}}(\\mathbf{{{name}}})_{index} to say so (no note)",
    ),
    "value-label": (
        "read {text} as one entry of the function's value, entry {label}: {label} is no index letter (i, j, k or "
        "one a sum binds), so it is an integer label, as the class y of -\\log \\mathrm{{softmax}}(\\mathbf z)_y",
        "for every entry (a family over an index), write an index letter in place of {label}: i, j or k",
    ),
    "layer-entry-label": (
        "read {text} as entry {label} of the layer's vector {name}: {label} is no index letter, so it is an integer "
        "label that picks one entry (Nielsen's -\\ln a^L_y, the output for the correct class y), from 1",
        "for a vector of its own, write the subscript as a word: {name}_{{\\text{{{label}}}}}",
    ),
    "sample-number": (
        "read {name} as a number, entry {letter} of a vector {base}: a plain name with a parenthesised sample index "
        "is one number per example, though cs229 writes the {letter}-th training example x^{{({letter})}} plain for "
        "a vector in R^n",
        "for one vector per example, write \\mathbf{{x}}^{{({letter})}} or declare {name} \\in \\mathbb{{R}}^n "
        "(read in dot products, w^T x^{{({letter})}}; in other sums and products refused, not read yet)",
    ),
    "sample-vector": (
        "read {text} as one vector of the family {name} (an array with a vector per row, member i is row i): it "
        "stands right after a transposed vector, and a number there would only scale that row vector; the product is "
        "their dot product, and the family's other members are vectors too",
        "for a number per example, write the product the other way round (x^{{(i)}} w^T), or by entries: "
        "\\sum_j w_j x^{{(i)}}_j",
    ),
    "outer-member": (
        "read {text} as one vector of the family {name} (an array with a vector per row, member i is row i): it "
        "stands in an outer product, a factor times the transpose of a factor holding the family's members "
        "((u)(u)^T, x^{{(i)}} x^{{(i)T}}), and a number's transpose would only be the number; the family's other "
        "members are vectors too",
        "for numbers, leave the transpose out; for vectors without the guess, write the family bold "
        "(\\mathbf{{x}}^{{(i)}})",
    ),
    "index-value": (
        "read {text} as the value of the index {text}: it is an index of a name elsewhere in this formula",
        "for a separate number, give it another name",
    ),
    "sum-per-example": (
        "read {text} as a value per {index}: the sum over {index} does not mention {index} otherwise, as in "
        "Nielsen's \\sum_x over the training inputs, where y and a depend on x",
        "to sum a constant, write n \\cdot (...); to make the dependence plain, write {text}_{{{index}}}",
    ),
    "sum-constant": (
        "the body of the {op} over {index} does not mention {index}: read as the same term for every {index}, "
        "the {op} being that many times one term (for Nielsen's \\sum_x over the training inputs, only one "
        "example is read; a chain rule written \\prod_{{i=1}}^{{n}} p(s_n \\mid s_1, \\ldots, s_{{n-1}}) has n "
        "where i was meant)",
        "write the index on what varies with {index} (y_{{{index},j}}), or write n \\cdot (...) for a constant",
    ),
    "sum-over-left-index": (
        "read the sum over {index} as written: {index} is also the left side's index ({name}'s), so inside the sum "
        "it is the sum's own letter and the value is the same for every {index} (a forum post's z_j = \\sum_j "
        "a_j w_{{jk}} + b_j, for \\sum_k w_{{jk}} a_k + b_j)",
        "if the sum runs over another letter, write that letter under the \\sum and on the names it indexes",
    ),
    "max-extent": (
        "read the {op} over {index} as reaching over {text}: a term after its first applies a function to {index} "
        "again, which outside the {op} would be no value's {index} (CS234's Bellman backup \\max_a R(s,a) + "
        "\\gamma \\sum_{{s'}} p(s'|s,a) V(s')) — TeX's \\{op} would stop at the first + or -",
        "for the {op} of the first term alone, put it in braces: {{\\{op}_{index} ...}} + ...",
    ),
    "sum-extent": (
        "read the sum over {index} as reaching over {text}: its first term does not mention {index}, and the terms "
        "after it use the same names ({names}), values per {index} written without it (a contrastive loss's "
        "\\sum_n y d^2 + (1-y)\\max(m-d, 0)^2 over the pairs n), so they are summed too — TeX's \\sum would stop "
        "at the first + or -",
        "for the sum of the first term alone, put it in braces: {{\\sum_{index} ...}} + ...; to make the dependence "
        "plain, write the index on the names ({index} as a subscript)",
    ),
    "sum-over-entries": (
        "read the sum over {index} as a sum over the entries of the weights {text} (Nielsen's L2 term "
        "\\sum_w w^2), not over the numbers 1, 2, ...",
        "to sum over numbers, give the bounds: \\sum_{{{index}=1}}^{{n}}",
    ),
    "sum-over-values": (
        "read the sum over {index} (no bounds written) as a sum over the values of {index}: {index} is used as a "
        "number in the summand, so the array given for {index} holds its possible values (Sutton & Barto's "
        "rewards r in \\sum_{{s', r}} p(s', r | s, a) [r + \\gamma v(s')]), a function of {index} there is "
        "applied to each, not {index} = 1, 2, ..., N",
        "to sum over the numbers 1 to N, give the bounds: \\sum_{{{index}=1}}^{{N}}",
    ),
    "entry-definition": (
        "read {text} as the definition of the entries of {name} at the positions {positions}, for every value of "
        "{letters} (the positional encoding's p_{{i,2j}}: the even columns of a matrix), not one number named "
        "by the subscript",
        "for one number, give it a name without a computed subscript (p_{{\\text{{even}}}}){pair}",
    ),
    "scaled-position": (
        "read {text} as the entry of {name} at the position {position}, a number times the index (the even "
        "entries, as RealNVP's x_{{2i}} beside x_{{2i+1}}), not the entry at the pair ({pair})",
        "for the entry at the pair, row {first} and column {letter} (an attention weight \\alpha_{{2,i}}), put a "
        "comma between them: {name}_{{{first},{letter}}}",
    ),
    "entry-letters": (
        "read the left side's subscript letters {letters} as indices: the statement defines entry ({letters}) of "
        "{name} for every value of them, as its right side writes them bare (HiPPO's A_{{nk}} = ... (2n+1)^{{1/2}} "
        "... if n > k), not one number {name} labelled by them (PyTorch's W_{{ih}})",
        "for one number named by its subscript, write the label as a word (\\text{{...}}) or leave the letters "
        "out of the right side",
    ),
    "entry-statement": (
        "read {name} = ... as the definition of entry {letter} of a family for every {letter}: its right side "
        "picks entry {letter} too (Bishop's y_n = y(x_n, w), as y_i = x_i^2 reads), not one number named {name}",
        "for one number named by its subscript, write the label as a word (\\text{{...}}) or leave the letter "
        "out of the right side",
    ),
    "bound-size": (
        "read {text} as the size of {name} (its number of entries: GRPO's |o_i|, the length of completion o_i), a "
        "whole number, not an absolute value: it bounds a sum, and a bound counts",
        "for the absolute value of a number as the bound, name it first: n_i = |o_i|",
    ),
    "terms-cancel": (
        "read {text} and the same call subtracted from it as one value, so the two cancel to 0: symdl reads a "
        "function applied twice to one argument as one value",
        "where each call is a fresh random draw (FixMatch's and the \\Pi-model's two augmentations or dropout "
        "passes), give the draws names of their own: \\|\\hat{{p}}_1 - \\hat{{p}}_2\\|^2",
    ),
    "bound-label": (
        "read the bound of {text} that carries the sum's own index as one number named so (UFLDL's "
        "\\sum_{{l=1}}^{{n_l-1}}, n_l the number of layers): a bound cannot vary with the index it bounds",
        "for an entry of a family at another index, write that index: \\sum_{{l=1}}^{{n_k}}",
    ),
    "zero-based": (
        "read the family {name} as indexed from 0 ({why}): the first entry of its array is {name}_0, not {name}_1 "
        "(cs229's \\sum_{{i=0}}^d \\theta_i x_i, Nielsen's \\sum_{{l=0}}^4 w_{{l,m}})",
        "for a family indexed from 1, start the sum at 1 (\\sum_{{i=1}}^{{n}}) or write the pair as 2j-1, 2j; a fixed "
        "entry 0 of its own (a bias row w_{{0,i}}) as a family of its own, b_i",
    ),
    "strided-position": (
        "read {text} as the entry of {name} at the strided positions ({positions}): {stride} is a stride, a whole "
        "number (not an index), and the window index {index} counts from 0, window {index} starting at entry "
        "{index}·{stride} plus the offset's first value (the PyTorch docs' pooling input(stride × h + m)); "
        "evaluated, {index} runs over the windows "
        "that fit in the array, 0 to ⌊(N − k)/{stride}⌋ for a window of k entries (a valid convolution or pooling, "
        "no padding)",
        "for a product of two indices, name the product; for windows counted from 1, shift the array by one; for "
        "'same' output, pad the array first",
    ),
    "offset-position": (
        "read {letter} in {text} as a number added to the index, the position its entries are counted from (M4's "
        "forecast origin T of y_{{T+i}}, the i-th value after it; MASE's seasonal lag m of y_{{j-m}}): a letter no sum "
        "binds, a capital or one a sum's bound uses, is a fixed number, an input, not an index; evaluated, {name}'s "
        "array must reach every position",
        "for a family indexed by {letter} too, bind it with a sum (\\sum_{{{letter}}}) or write the pair with a "
        "comma ({name}_{{{letter},i}})",
    ),
    "centred-kernel": (
        "read the family {name} as indexed from the start of the sums that reach it ({start}; d2l's kernel "
        "[\\mathbf{{V}}]_{{a,b}} for a, b = -\\Delta..\\Delta): the first entry of its array is the member there, "
        "its centre {name}_0 in the middle; evaluated, an index these letters are added to (X_{{i+a}}) runs over "
        "the positions where every entry is in the array, 1+\\Delta..N-\\Delta (a valid cross-correlation, no "
        "padding)",
        "for a kernel indexed from 1, sum from 1 and shift the other positions (X_{{i+a-\\Delta-1}})",
    ),
    "function-sampled-member": (
        "read {name} as the function of example {index}, a member of a family of functions with the sampled index "
        "{index} as its first argument (cs229's mini-batch SGD \\sum_{{k=1}}^B \\nabla_\\theta J^{{(j_k)}}(\\theta), "
        "the cost of the k-th example the batch draws), not a power of the function",
        "for a power, write the call in parentheses first: (J(\\theta))^{{{index}}}",
    ),
    "call-example-member": (
        "read {text} as the vector of example {index}, a member of a family (one vector per row), as Nielsen writes "
        "the desired output y(x) and the network's output a^L(x) for input x between norm bars summed over x",
        "for a function of a number, write it outside the norm, or name the vectors: \\|\\mathbf{{y}}_x - "
        "\\mathbf{{a}}^L_x\\|",
    ),
    "series-pattern": (
        "read {series} as {sign} of the pattern {pattern} over {letter} = 0 ... {end}: each place where the terms "
        "before the dots differ (a subscript's offset, an exponent, a number in front) moves by one step, and the "
        "term after the dots, if any, is the pattern's at the last {letter} (Sutton & Barto's return R_{{t+1}} + "
        "\\gamma R_{{t+2}} + \\gamma^2 R_{{t+3}} + \\cdots, infinite with no term after the dots)",
        "for another general term, write the {sign} yourself: {sign}_{{{letter}=0}}^{{{end}}} ...",
    ),
}
