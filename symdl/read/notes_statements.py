"""The reading rules for how real formulas write statements and their conditions (code-style updates, sums that
leave an index out, cases with prose conditions): one row each, merged into :data:`symdl.read.notes.NOTE_RULES`."""

from __future__ import annotations

#: rule → (message, alternative)
STATEMENT_NOTES: dict[str, tuple[str, str]] = {
    "approx-as-equals": (
        "read {text} as =: the two sides are only said to be close (an approximation, a scaling law), but symdl reads "
        "the statement as the definition or identity it would be with =, and evaluates and checks it so",
        "for an exact statement, write =; to keep the approximation out of a system, leave the line out",
    ),
    "leading-equals": (
        "read the formula after its leading {text} as an expression: a line of a derivation pasted without its left "
        "side (the Keras VAE tutorial's = -\\frac{{1}}{{2}}(...)), its value what follows",
        "write the left side too: KL = ...",
    ),
    "new-old-update": (
        "read {text} as an update of {target}: the words new and old name its value after and before the step "
        "(Rashid's \\text{{new }} w_{{jk}} = \\text{{old }} w_{{jk}} - \\alpha \\dots), not factors",
        "for names of their own, write them as labels: w_{{jk}}^{{new}}, w_{{jk}}^{{old}}",
    ),
    "code-inplace": (
        "read {text} as an update of {target}: the in-place method {method} changes the tensor it is called on "
        "(PyTorch's optimisers: exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1))",
        "for a value only, write the out-of-place method (.mul, .add) and name the result",
    ),
    "compound-assignment": (
        "read {target} {op}= {value} as the update {target} \\gets {target} {op} ({value}): code's compound "
        "assignment (cs231n's x \\mathrel{{+}}= ...), the new value of {target}",
        "to state an equation, write it without the operator before '=': {target} = ...",
    ),
    "array-cases": (
        "read {text} as a piecewise definition (cases): every row of the array holds a value and a condition in "
        "words, as the older PyTorch docs write CosineEmbeddingLoss without the brace (\\begin{{array}}{{ll}} 1 - "
        "\\cos(x_1, x_2), & \\mbox{{if }} y = 1 \\\\ ...)",
        "for a matrix, write its entries without condition words",
    ),
    "sum-up-to": (
        "read {text} as the sum over {index} = {first}, ..., {last}: the steps up to the current one, {end}, which the "
        "formula writes as a subscript elsewhere (AdaGrad's \\sum_{{\\tau \\le t}} g_\\tau^2, steps counted "
        "from {first})",
        "for another start, write the bounds: \\sum_{{{index}=0}}^{{{end}}}",
    ),
    "sum-below-count": (
        "read {text} as the sum over {index} = 1, ..., {last}: {end} is a count or the current task or step, and the "
        "{index} before it are counted from 1 (movement pruning's \\sum_{{t<T}} over the training steps before T)",
        "for another start, write the bounds: \\sum_{{{index}=0}}^{{{last}}}",
    ),
    "sum-skip-condition": (
        "read {text} as the sum over the range without the term {index} = {skipped}: the condition after the comma "
        "skips one value of the same index (ArcFace's \\sum_{{j=1, j \\neq y_i}}^{{n}}, every class but the true one)",
        "a comma between two indices (\\sum_{{i,j}}) nests two sums; to keep every term, drop the condition",
    ),
    "case-unset-setting": (
        "read the cases for {setting} set: the row {value} {text} is for a program's setting left unset (the "
        "PyTorch docs' \\text{{if eps is None}}), not a condition on the inputs, and is left out",
        "for the formula with {setting} unset, write that row's value alone: ... = {value}",
    ),
    "statistic-name": (
        "read {name} as the name of a statistic the formula updates (Ioffe & Szegedy's inference step "
        "\\mathrm{{E}}[x] \\leftarrow \\mathrm{{E}}_\\mathcal{{B}}[\\mu_\\mathcal{{B}}]), given or set by the update, "
        "not the mean of the entries",
        "for the mean of the entries, name the updated statistic otherwise (\\mu \\leftarrow ...)",
    ),
    "omitted-rows": (
        "read the row of dots alone as the rows the author left out (cs229's deep network a^{{[1]}} = ... \\\\ "
        "\\cdots \\\\ a^{{[r]}} = ...): the written statements are read, the dots' row is dropped",
        "write out the rows the dots stand for to read them too",
    ),
    "cases-system": (
        "read the brace \\begin{{cases}} ... \\end{{cases}} around statements as a system, one statement a row in "
        "order (Ng's momentum: v_{{dW}} = ... \\\\ W = ...): no row has a condition, so it is no piecewise value",
        "for a piecewise value, give each row its condition after '&': \\begin{{cases}} a & \\text{{if }} ... "
        "\\end{{cases}}",
    ),
    "relation-chain": (
        "read {chain} as the statements {pieces}: a chain of relations of different kinds (an equality and a "
        "bound, an update and a name for its value) asserts each between its neighbours",
        "write each relation as a statement of its own on a new line (\\\\) to drop the note",
    ),
    "uniform-assigned": (
        "read {text} as the uniform distribution on that interval, the value drawn from it (the PyTorch docs' "
        "weight = U[-a, a], Glorot & Bengio's eq. 16 written with =), not a matrix U times a column of two values",
        "for the product, name the column: U \\mathbf{{v}} with \\mathbf{{v}} = [-a, a]^T",
    ),
    "chain-value": (
        "read the chain {text} as {lhs} = its last side: the middle side(s) {middle} are kept as further forms of the "
        "same value (a derivation's steps, Nielsen's \\delta^L_j = a(1-a)(a-t) = \\sigma'(z) \\partial C/\\partial a), "
        "not used to compute it and not checked against it",
        "to compute from a middle side, end the chain there; to check that the sides agree, run symdl check",
    ),
    "event-probability": (
        "read {text} as F_{variable}({value}), the cumulative distribution function of the random variable "
        "{variable} at {value} (Hendrycks & Gimpel's GELU: x P(X \\le x) = x \\Phi(x)), an unknown function of "
        "{value}: the formula's other sides say which distribution {variable} has",
        "write the distribution function itself, \\Phi({value}) for a standard normal {variable}",
    ),
    "projection-interval": (
        "read {text} as clip: the projection onto the interval, \\min(\\max(x, a), b) entry by entry (a projected "
        "step's box constraint), not a product \\Pi",
        "write \\operatorname{{clip}}(x, a, b) or \\min(\\max(x, a), b) to drop the note",
    ),
    "preference-event": (
        "read the event in {text} as arguments: the probability that the first is preferred to the second (DPO's "
        "Bradley-Terry p^*(y_1 \\succ y_2 \\mid x)) is an unknown function of both and of what follows the bar",
        "write the model itself, \\sigma(r(x, y_1) - r(x, y_2)), to drop the note",
    ),
    "lost-row-break": (
        "read the control space {text} as a line break \\\\ that lost a backslash (Markdown turns \\\\ into \\): "
        "the rows on both sides are aligned statements, each with its own &=",
        "for a space between two parts of one row, write \\, or ~",
    ),
}
