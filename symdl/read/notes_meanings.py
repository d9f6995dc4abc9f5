"""The reading rules that keep a conventional letter or name from a silent wrong meaning: σ where a standard
deviation or a distribution over classes is meant, a known function the formula defines itself, and two capitals
made matrices only by the other side of their statement.  One row each, merged into
:data:`symdl.read.notes.NOTE_RULES`."""

from __future__ import annotations

#: rule → (message, alternative)
MEANING_NOTES: dict[str, tuple[str, str]] = {
    "sigma-std-parameter": (
        "read {text} as a standard deviation, a function of {argument} symdl does not know, not the sigmoid: it is "
        "a parameter of the normal distribution {distribution} (Nair & Hinton's noisy ReLU \\max(0, x + N(0, "
        "\\sigma(x))), a heteroscedastic \\mathcal{{N}}(\\mu(x), \\sigma(x)^2))",
        "for the logistic sigmoid there, write \\operatorname{{sigmoid}}(...)",
    ),
    "sigma-hidden-layer": (
        "read {text} as the element-wise logistic sigmoid, a guess: it is the hidden layer of a two-layer network, "
        "multiplied by a weight on its left, where papers write \\sigma for an activation left open (W_2\\sigma(W_1 x "
        "+ b_1) + b_2, a transformer's feed-forward block)",
        "for an activation left open write \\phi(...); for ReLU write \\mathrm{{ReLU}}(...)",
    ),
    "sigma-gate-operand": (
        "read {text} as the element-wise logistic sigmoid, GLU's gate (Dauphin et al., Shazeer's FFN_GLU), a guess: "
        "it gates another weight product entry by entry, where the GLU variants put other activations (with "
        "Swish, \\sigma(W_1 x) \\odot V x is SwiGLU)",
        "for Swish/SiLU write \\mathrm{{SiLU}}(...); for an activation left open write \\phi(...)",
    ),
    "sigma-distribution": (
        "read {text} as the element-wise logistic sigmoid, although {why}: papers also write \\sigma for the "
        "softmax there (Hinton et al.'s distillation \\mathrm{{KL}}(\\sigma(z_t / T) \\| \\sigma(z_s / T)))",
        "if \\sigma is a softmax here, write \\mathrm{{softmax}}(...)",
    ),
    "sigma-softmax-chain": (
        "read {text} as the logistic sigmoid, a guess: the chain sets it equal to a softmax's form (an exponential "
        "over a sum of exponentials), and texts write \\sigma for the softmax too (Bishop, Wikipedia's "
        "\\sigma(\\mathbf{{z}})_i); as the sigmoid, the chain claims the two are equal",
        "for the softmax, write \\mathrm{{softmax}}(z)_i, or \\sigma(\\mathbf{{z}})_i with its index",
    ),
    "sigma-in-average": (
        "read {text} as the logistic sigmoid, a guess: inside an average over a distribution (Roberts & Yaida's "
        "\\langle \\sigma'(z)\\sigma'(z) \\rangle_K, a Gaussian average of width K) theory writes \\sigma for any "
        "activation",
        "for an activation left open write \\phi(...); for ReLU, \\mathrm{{ReLU}}(...)",
    ),
    "sigma-activation": (
        "read {text} as the element-wise logistic sigmoid, a guess: it defines {name}, a layer's or node's new "
        "representation, where papers write \\sigma for any activation (Kipf & Welling's GCN: '\\sigma(\\cdot) "
        "denotes an activation function, such as ReLU'; GAT, GraphSAGE); a gate (LSTM's f_t) or a probability is "
        "the sigmoid",
        "for ReLU write \\mathrm{{ReLU}}(...) or \\max(0, ...); for an activation left open write \\phi(...)",
    ),
    "own-definition": (
        "read {text} on the left of '=' as the function the formula defines, named {name}: its value is the right "
        "side written here, not symdl's built-in {name} ({builtin}){elsewhere}",
        "to use the built-in, apply {name} without defining it; for another function, give it another name",
    ),
    "own-variant": (
        "read {text} on the left of '=' as the formula's own variant of {name}, with the parameters {params}: its "
        "value is the right side written here, not symdl's built-in {name} (which fixes them); where the formula "
        "applies {name} elsewhere, it is this definition too",
        "for the built-in, apply {name} without defining it; for a function of its own, give it another name",
    ),
    "own-definition-differs": (
        "read {text} on the left of '=' as the formula's own definition of {name}, which differs from symdl's "
        "built-in {name} (at {at}: {theirs} here, {builtin} built in); where {name} is applied elsewhere in the "
        "formula, it is the built-in",
        "give the defined function another name (BinaryConnect's hard sigmoid: \\operatorname{{hardsigmoid}}(x))",
    ),
    "own-sigma": (
        "read {text} on the left of '=' as the formula's own definition of {name}, which differs from the logistic "
        "sigmoid (at {at}: {theirs} here, {builtin} the sigmoid's); {name} is that function wherever the formula "
        "applies it (Bach's \\sigma(u) = (u)_+, a ReLU)",
        "for the logistic sigmoid beside it, write \\operatorname{{sigmoid}}(x); or give the defined function another "
        "name",
    ),
    "d-operator": (
        "read {text} as the product of {d} and {operand}: the letter {d}, written nowhere else, right before a "
        "function's value or a capital, may be Euler's derivative operator (D f = f', Bendersky's softmax "
        "Jacobian D_j S_i), which symdl does not read",
        "for the derivative, write it as one (f'(x), \\frac{{d}}{{dx}} f(x), "
        "\\frac{{\\partial S_i}}{{\\partial z_j}}); for the product, write {d} \\cdot {operand}",
    ),
    "capital-pair-equation": (
        "read {text} as a product of matrices {left}·{right}: two capitals side by side that the formula writes "
        "nowhere else are matrices only because the other side of the statement is one, so the product is a "
        "guess; {left} may be an operator applied to {right} (the derivative D S of the softmax S)",
        "for a derivative, write it as one: \\frac{{\\partial \\mathbf{{s}}}}{{\\partial \\mathbf{{z}}}} or "
        "J_{{{right}}}; for the product, declare them: {left}, {right} \\in \\mathbb{{R}}^{{n \\times n}}",
    ),
    "bare-gradient-by": (
        "read {text} as the gradient by {name}, the one vector in it: \\nabla has no subscript (a matrix-calculus "
        "identity's \\nabla(x^T A x) = 2Ax)",
        "write the variable under it to say so: \\nabla_{{{name}}}",
    ),
    "gradient-implicit": (
        "read {text} as the gradient of {call} by {by}, its argument {arg} kept as written: {arg} is written with "
        "other letters than {by}, so {by} enters through what the function or its argument carries (a network's "
        "parameters, the reparameterised \\mu_\\theta + \\sigma_\\theta \\odot \\epsilon), which the formula "
        "does not spell; the derivative is kept, not evaluated",
        "for the derivative of the function of {by} alone, write its argument {by}: f({by}); for the parameters "
        "written, f(x; {by}) or f_{{{by}}}(x)",
    ),
    "gradient-by-member": (
        "read {text} as the gradient by {member}: {name} itself does not occur in what is differentiated, and "
        "{member} is its one subscripted twin there (a diffusion model's score \\nabla_x \\log p_t(x_t \\mid x_0), by "
        "x_t)",
        "for the gradient by {name} itself (zero here, or an implicit dependence), write {name} in the expression",
    ),
    "function-entry": (
        "read {text} as entry {index} of the value of {name}, a vector-valued function (a mixture of experts' gate "
        "G(x)_i, a network's output h(x)_i): the component function {name} with the index {index} as its first "
        "argument, as a family of functions' g_i(x) is",
        "for {name} applied to entry {index} of its argument, write {name}(x_{{{index}}})",
    ),
    "matrix-norm-squared": (
        "read {text} squared as the Frobenius norm (the sum of squared entries: an L2 penalty on the weights, as "
        "\\mathrm{{CE}} + \\alpha\\|W\\|_2^2 adds it), not the square of the spectral norm",
        "write \\|W\\|_F^2 to say so (no note); the spectral norm \\|W\\|_2 is not read yet",
    ),
}
