"""Stage 1, read: LaTeX text → statements over placeholders (see :mod:`symdl.read.syntax`)."""

from __future__ import annotations

from dataclasses import dataclass, field

from symdl.budget import meter
from symdl.config import DEFAULT, Config
from symdl.errors import InvalidInput, Note, NotSupported, Repair, Span
from symdl.read.algosteps import refuse_algorithm_steps
from symdl.read.anglepairs import angle_pairs
from symdl.read.annotations import blank_annotations
from symdl.read.arrowlabels import arrow_labels
from symdl.read.assertions import range_assertion, shape_assertion
from symdl.read.barepoints import bare_evaluation_bars
from symdl.read.bigsymbols import big_symbols
from symdl.read.boldd import bold_d_prefixes
from symdl.read.callorproduct import called_capitals
from symdl.read.chainassign import copy_targets, full_slice_targets, split_chained_assignments
from symdl.read.chains import split_chains, split_mixed_relations
from symdl.read.clauses import set_aside_draws, set_aside_inequations, split_clauses
from symdl.read.codecalls import code_calls
from symdl.read.codedecor import code_decorations
from symdl.read.codedefs import python_defs
from symdl.read.codeifs import code_ifs
from symdl.read.codelines import blank_remarks, code_pi, code_statements, refuse_code_equality
from symdl.read.codepower import code_powers, floor_divisions, python_powers
from symdl.read.codesettings import blank_settings
from symdl.read.codesums import code_sums
from symdl.read.colours import drop_colours
from symdl.read.comments import blank_comments
from symdl.read.comprehension import refuse_comprehension, refuse_template_call
from symdl.read.condcolumns import set_aside_condition_columns
from symdl.read.dashdefs import dash_definitions
from symdl.read.deltachange import delta_uses
from symdl.read.diagonal import diagonal_primes
from symdl.read.divbrackets import divergence_brackets
from symdl.read.dotargs import refuse_code_slices, refuse_placeholder_arguments
from symdl.read.escapednl import escaped_newlines
from symdl.read.eventbrackets import event_brackets
from symdl.read.events import event_probabilities
from symdl.read.examplecalls import example_calls
from symdl.read.expr import ExprReader
from symdl.read.flatsubs import flattened_subscripts
from symdl.read.fontfunctions import unfont_functions
from symdl.read.functionuse import functions_by_use
from symdl.read.greekstats import greek_statistic_pairs
from symdl.read.imaginary import refuse_imaginary_unit
from symdl.read.indexranges import set_aside_index_ranges, set_aside_memberships
from symdl.read.laterdefs import bracket_defined, defined_letters, defined_words, inverse_defined
from symdl.read.leadlabels import (
    blank_declarations,
    blank_float_suffixes,
    blank_labels,
    blank_step_numbers,
    braced_fonts,
)
from symdl.read.lenient import drop_outer_parens, repair_tokens, split_jammed
from symdl.read.lexer import tokenize
from symdl.read.lhsdots import omitted_rows
from symdl.read.lonebars import braced_norms, lone_bars, named_maps
from symdl.read.macros import declared_operators
from symdl.read.mapdecl import set_aside_map_declarations
from symdl.read.matmulop import code_conditionals, matmul_ops
from symdl.read.matrixruns import declared_letters
from symdl.read.orders import differentiated
from symdl.read.otherwise import refuse_word_cases
from symdl.read.parensup import paren_superscripts
from symdl.read.pasted import pasted_tokens
from symdl.read.placeholderdists import placeholder_functionals
from symdl.read.plainsubs import plain_subscripts
from symdl.read.princenorm import norm_densities
from symdl.read.prname import probability_pr
from symdl.read.projection import projections
from symdl.read.refusedcode import refuse_c_code, refuse_curried_calls
from symdl.read.rowjoin import drop_spacing_groups, lost_row_breaks
from symdl.read.samplewords import sample_words
from symdl.read.separators import split_quads
from symdl.read.setargs import set_arguments
from symdl.read.setops import set_sizes
from symdl.read.sharedargs import (
    before_parens_only,
    greek_call_arguments,
    latin_call_arguments,
    paired_latin_arguments,
)
from symdl.read.spacedrows import spaced_rows
from symdl.read.stacked import distribution_equalities, macro_expectations, stacked_relations, underset_limits
from symdl.read.statements import (
    Declaration,
    StatementSyntax,
    declaration,
    read_statement,
    register_squares,
    split_rows,
    strip_blocks,
)
from symdl.read.steparg import step_argument_letters
from symdl.read.structure import TreeBuilder, font_switches
from symdl.read.syntax import Placeholder
from symdl.read.textmarks import factorials_out
from symdl.read.unicodemath import flattened_expectations, subscript_steps
from symdl.read.wordpower import word_exponents
from symdl.read.wrappers import transparent_wrappers


@dataclass
class ReadResult:
    """Everything the binder needs."""

    source: str
    statements: list[StatementSyntax]
    declarations: list[Declaration]
    placeholders: dict[int, Placeholder]
    repairs: list[Repair] = field(default_factory=list)
    dot_positions: list[int] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)


def read(source: str, *, config: Config = DEFAULT) -> ReadResult:
    """Read ``source`` into statements.

    Raises:
        SymdlError: with the span of the first problem.
    """
    account = meter(config.budgets)
    budgets = account.budgets
    account.require("input_chars", len(source), what="the input", source=source[: budgets.input_chars],
                    span=Span(0, 1))
    source, before, annotated = _cleaned(source)
    tokens, steps, token_notes = _tokens(source)
    pasted = [*before, *steps, *token_notes, *annotated]
    first_over = tokens[budgets.tokens].span if len(tokens) > budgets.tokens else None
    account.require("tokens", len(tokens), what="the input", source=source, span=first_over)
    repairs: list[Repair] = []
    if config.lenient:
        tokens, repairs = repair_tokens(tokens, source)
    builder = TreeBuilder(tokens, source, budgets.depth)
    nodes, deepest = builder.build()  # Kingma & Welling's -D_{KL}((q||p) = ...: a doubled parenthesis closed once
    account.require("depth", deepest)
    nodes = font_switches(transparent_wrappers(drop_colours(nodes)))  # {\bf x}_i as \bf{x}_i; \color{red}{x} as {x}
    in_distribution = distribution_equalities(nodes)  # Bellemare et al.'s Z(x, a) \stackrel{D}{=} R + \gamma Z
    nodes = drop_spacing_groups(stacked_relations(nodes))  # d2l's \stackrel{\textrm{def}}{=}; ={} & in aligned rows
    nodes, undersets = underset_limits(nodes)  # the WGAN-GP's \underset{x\sim\mathbb{P}_r}{\mathbb{E}}: E_{x \sim P_r}
    nodes, macros = macro_expectations(nodes)  # Spinning Up's \underE{s \sim \pi}{f}: \mathbb{E}_{s \sim \pi}[f]
    if config.lenient:
        nodes, dropped = drop_outer_parens(nodes)
        repairs.extend(dropped)
    reader = ExprReader(source, max_depth=budgets.depth, max_chars=budgets.parse_chars, words=not config.lenient)
    for rule, at, values in pasted:
        reader.add_note(rule, at, values, once_for=values["plain"])
    for at in undersets:
        reader.add_note("underset-limits", at, {})
    for at in in_distribution:
        reader.add_note("equal-in-distribution", at, {})
    for at in macros:
        reader.add_note("macro-expectation", at, {})
    reader.step_letters = step_argument_letters(source)  # Haykin's w_{ji}(n), \Delta w_{ji}(n-1): steps
    reader.greek_stats = greek_statistic_pairs(nodes)  # weight normalization's \mu[t], \sigma[t]: mean and std
    for at in builder.undoubled:
        reader.add_note("doubled-open-parenthesis", at, {})
    reader.matrix_letters = declared_letters(source, config.shapes)  # the Cookbook's tr(AXBX^T) with A, X, B declared
    reader.matrix_letters |= {name.strip().lstrip("\\") for name, dims in config.shapes.items() if len(dims) >= 1}
    nodes = _rewritten(reader, nodes, source)
    _facts(reader, nodes, source)
    nodes = diagonal_primes(reader, nodes)  # Nielsen's \Sigma'(z^l) (w^{l+1})^T \delta^{l+1}
    reader.differentiated = differentiated(nodes, source)  # \partial E_n / \partial w: E_n(w + h) is a call
    parts, more = _parts(reader, nodes, source, lenient=config.lenient)
    repairs.extend(more)
    register_squares(reader, parts, source)  # Bishop's \sigma^2_B used a line before it is defined
    statements, declarations = _statements(reader, parts, source)
    account.require("parse_chars", budgets.parse_chars - reader.chars_left)
    _some_formula(source, statements, declarations)
    return ReadResult(source, statements, declarations, reader.placeholders, repairs, reader.dot_positions,
                      sorted(reader.notes, key=lambda n: (n.span.start, n.span.end)))


def _cleaned(source: str) -> tuple[str, list, list]:
    """``source`` with what is no formula set aside (comments, remarks, labels, step numbers, keywords), the notes of
    what was set aside before tokenising, and the type annotations' notes."""
    source, escaped = escaped_newlines(source)  # a notebook's JSON: dW = np.dot(X.T, dscores)\ndW += reg*W
    source, comments = blank_comments(source)  # cs231n's ... * dout  # s = 1/(1+np.exp(-x)): a remark, set aside
    source, remarks = blank_remarks(source)  # the LAMB docs' ... / ||r||  (layer-wise): words, set aside
    source, settings = blank_settings(source)  # cs231n's config['momentum'] * v: the setting momentum, noted
    source, annotated = blank_annotations(source)  # Kornia's loss: torch.Tensor = ...: the type, set aside
    source, labels = blank_labels(source)  # a chat's "The update: w = w - lr * g": the words name it, set aside
    source, steps_numbered = blank_step_numbers(source)  # Géron's 1. m ← β m − η ∇J(θ) \n 2. θ ← θ + m
    source, declared = blank_declarations(source)  # Rust's and JavaScript's let grad = ...: the keyword, set aside
    source, floats = blank_float_suffixes(source)  # llm.c's 0.5f * (1.0f + tanh_out): the numbers, noted
    source, operators = declared_operators(source)  # MXNet's \DeclareMathOperator{softmax}{softmax}: left out, noted
    source = braced_fonts(source)  # Spinning Up's {\mathcal L}(\theta_k, \theta): \mathcal{L}, padded to its length
    refuse_code_equality(source)  # a converter's r_t == sigma(W**r(...)): refused by name
    before = [*operators, *escaped, *comments, *remarks, *settings, *labels, *steps_numbered, *declared, *floats]
    return source, before, annotated


def _tokens(source: str) -> tuple[list, list, list]:
    """The tokens of ``source`` with pasted and code spellings rewritten, the notes of Unicode steps, and theirs."""
    tokens, pasted = pasted_tokens(tokenize(source))  # Markdown's \theta\_{t}, Julia's y .* (1 - α): noted
    tokens, sums = code_sums(tokens)  # the PyTorch docs' sum_ij(...): \sum_{i,j}, noted
    tokens, angles = angle_pairs(tokens, source)  # Ng's \alpha^{<t,t'>}: \alpha_{t,t'}, noted
    tokens, decorations = code_decorations(tokens, source)  # code's y_hat, m_hat_t: \hat{y}, \hat{m}_t, noted
    tokens, subs = plain_subscripts(tokens, source)  # plain text's W_ih, h_(t-1): W_{ih}, h_{t-1}, noted
    tokens, flat = flattened_subscripts(tokens, source)  # a PDF's zj = h(aj): z_j = h(a_j), noted
    tokens, bold_d = bold_d_prefixes(tokens, source)  # Ng's \mathbf{d}\mathbf{z}^{[l]}: the gradient dz^{[l]}, noted
    tokens, arrows = arrow_labels(tokens, source)  # Eisenstein's \Theta^{(x \to z)}: the label xtoz, noted
    steps = [*subscript_steps(source), *flattened_expectations(source)]  # β₂_t: \beta_{2,t}; Es'∼P[...]: E_{s'∼P}[...]
    return tokens, steps, [*pasted, *sums, *angles, *decorations, *subs, *flat, *bold_d, *arrows]


def _rewritten(reader: ExprReader, nodes: list, source: str) -> list:
    """``nodes`` with each notation that reads as another rewritten so (probabilities, code, norms, powers ...)."""
    nodes = unfont_functions(nodes)  # DyNet's {\mathbf \tanh}(...): the function, its bold type dropped
    nodes = named_maps(nodes)  # SIREN's \mathbf{x}_i \mapsto \phi_i(\mathbf{x}_i) = \sin(...): the definition
    nodes = bare_evaluation_bars(nodes)  # Bishop's \nabla E|_{\mathbf{w}^{(\tau)}}: an evaluation bar, no \left.
    nodes = lone_bars(braced_norms(nodes))  # PyG's {\| x \|}^2_2: a norm; \mathbf{x}_i \Vert \mathbf{0}: [x_i \| 0]
    nodes = divergence_brackets(reader, nodes)  # Doersch's \mathcal{D}[Q(z|X) \| P(z|X)]: the divergence's call
    nodes = placeholder_functionals(reader, nodes)  # SAC's \mathcal{H}(\pi(\cdot|s_t)): -\sum_a \pi(a|s_t) \log ...
    nodes = norm_densities(nodes, source, reader.notes)  # Prince's \mathrm{Norm}_{z}[\mu, \Sigma]: \mathcal{N}(z; ...)
    nodes = spaced_rows(nodes, source, reader.notes)  # FlashAttention's [x^{(1)} \ x^{(2)}]: [x^{(1)}, x^{(2)}]
    nodes = event_brackets(nodes, source, reader.notes)  # \mathbb{P}[Y = 1 \mid X = x]: P(Y = 1 \mid X = x)
    nodes = event_probabilities(nodes, source, reader.notes)  # GELU's x P(X \le x): F_X(x), the CDF of X
    nodes = sample_words(nodes, source, reader.notes)  # x \leftarrow \text{sample from } \mathcal{N}(...): a draw
    nodes = probability_pr(nodes, source, reader.notes)  # Prince's Pr(y \mid \lambda), \Pr: the function Pr
    nodes = projections(nodes, source, reader.notes)  # \Pi_{[a, b]}(x): clip(x, a, b)
    nodes = set_arguments(reader, nodes)  # the PyTorch docs' \operatorname{mean}\{(x_n-y_n)^2\}: its argument
    nodes = big_symbols(reader, nodes)  # Σ_k exp(x_k), Π_{i=1}^t α_i pasted: the sum, the product (noted)
    nodes = example_calls(nodes, source, reader.notes)  # Nielsen's \sum_x \|y(x) - a^L(x)\|^2: vectors
    nodes = set_sizes(nodes, source, reader.notes)  # Jaccard's |A \cap B| / |A \cup B| of masks (noted)
    nodes = factorials_out(nodes)  # PyTorch's PoissonNLLLoss \log(\text{target!}): the factorial of target
    nodes = python_defs(reader, nodes)  # Keras's def decayed_learning_rate(step): ... return ...: f(step) = ...
    nodes = copy_targets(nodes, source, reader.notes)  # DDPG's target.data.copy_(tau * p + (1 - tau) * target)
    nodes = code_statements(reader, nodes)  # accum += grad * grad var -= lr * grad: two statements; return x
    nodes = code_calls(reader, nodes)  # np.sqrt(x), tf.matmul(q, k, transpose_b=True), x.mean(): calls, noted
    nodes = python_powers(reader, code_pi(reader, nodes))  # beta_2**t: a power; 2/pi: the constant, noted
    nodes = floor_divisions(reader, nodes)  # timm's StepLR epoch // decay_t: \lfloor epoch / decay_t \rfloor, noted
    nodes = code_powers(reader, nodes)  # the Keras docs' decay_rate ^ (step / decay_steps): a power, noted
    nodes = paren_superscripts(reader, nodes)  # pasted e^(-x), x^(i): the parentheses as the group, noted
    nodes = word_exponents(reader, nodes)  # the focal loss's (1 - p_t)^gamma: the power \gamma, noted
    nodes = matmul_ops(reader, nodes)  # the PyTorch docs' Q @ K.T: the matrix product, noted
    nodes = code_conditionals(reader, nodes)  # y = x > 0 ? x : slope * x: the rows of a cases, noted
    nodes = code_ifs(reader, nodes)  # the TF docs' if x < -2.5: return 0 \\ ..., x if x > 0 else 0: cases, noted
    return nodes


def _facts(reader: ExprReader, nodes: list, source: str) -> None:
    """What the whole formula says that single names need (functions by use, step letters, ...); refusals of it."""
    reader.function_names |= called_capitals(nodes, source, reader.step_letters)  # D(x) here: D(G(z)) is a call too
    reader.bracket_functions = bracket_defined(nodes)  # the NTM's K[\mathbf{u}, \mathbf{v}] = ...: a function
    reader.inverse_functions = inverse_defined(nodes)  # mlpack's f^{-1}(y) = \ln(\frac{y}{1-y}): its own inverse
    reader.function_names |= defined_words(nodes)  # GNMT's s(Y, X) = \log P(Y|X)/lp(Y) \\ lp(Y) = ...: a call
    reader.function_names |= defined_letters(nodes, reader.step_letters)  # y = s(w^T x) \\ s(a) = ...: a call
    # cs229's \varepsilon(\hat{h}), \varepsilon(h): a function; \gamma(1-\gamma): \gamma written alone
    reader.by_use, reader.written_alone = functions_by_use(nodes, source)
    reader.latin_call_args = latin_call_arguments(nodes, source)  # AdaGrad's w_t(i), \nu_t(i)
    reader.paired_args = paired_latin_arguments(nodes)  # RealNVP's s(b \odot x), t(b \odot x): two networks
    reader.paren_only = before_parens_only(nodes, source)  # Goodfellow's convolution x(a) w(t - a)
    reader.greek_call_args = greek_call_arguments(nodes, source)  # a z-score's \sigma(x): \mu(x) a call
    reader.delta_uses = delta_uses(nodes)  # L-BFGS's \delta u_k: the change in u_k
    refuse_imaginary_unit(nodes, source)  # RoPE's e^{im\theta}: the imaginary unit, refused
    refuse_comprehension(source)  # Nielsen's [w - eta*nw for w, nw in zip(...)]: a loop, refused
    refuse_algorithm_steps(source)  # \text{while } f(x + t\Delta x) > ...: pseudo-code's loop, refused
    refuse_template_call(source)  # ONNX's ReduceMean<axes=...>(X): not a chain of inequalities


def _parts(reader: ExprReader, nodes: list, source: str, *, lenient: bool) -> tuple[list, list[Repair]]:
    """The statements' node lists: rows and clauses split, conditions, ranges and draws set aside (noted)."""
    nodes = lost_row_breaks(nodes, reader.notes)  # i_t &= ... \ f_t &= ...: Markdown's \\ that lost a backslash
    parts = set_aside_condition_columns(split_rows(strip_blocks(nodes, reader.notes)), source, reader.notes)
    parts = set_aside_map_declarations(parts, source, reader.notes)  # f: \mathbb{R}^n \to \mathbb{R}, set aside
    parts, clause_notes = split_clauses(parts, source)  # SGDR's , & T_{cur} = (2k+1)T_{max}: a condition, above
    reader.notes.extend(clause_notes)
    parts = set_aside_index_ranges(parts, source, reader.notes)  # the SVM's ..., \; i = 1, \ldots, n
    parts = set_aside_draws(split_quads(parts), source, reader.notes)  # \epsilon \sim \mathcal{N}(0, I): an input
    parts = set_aside_inequations(parts, source, reader.notes)  # SGDR's , \; T_{cur} \neq (2k+1)T_{max}: a condition
    parts = split_chains(parts, source, reader.notes)  # 0 \le p_i \le 1: 0 \le p_i and p_i \le 1
    parts = split_chained_assignments(parts, source, reader.notes)  # code's a[t] = b = expr: two assignments
    parts = full_slice_targets(parts, source, reader.notes)  # d2l's s[:] = ...: s assigned in place
    parts = split_mixed_relations(parts, source, reader.notes)  # \sigma' = \sigma(1-\sigma) \le 1/4: two statements
    parts = dash_definitions(parts, source, reader.notes)  # OpenVINO's HardSigmoid(x) - min(...): a definition
    parts = set_aside_memberships(parts, source, reader.notes)  # a binary label's y \in \{0, 1\}
    parts = omitted_rows(parts, source, reader.notes)  # cs229's a^{[1]} = ... \\ \cdots \\ a^{[r]} = ...: dropped
    more: list[Repair] = []
    if lenient:
        parts, more = split_jammed(parts)
    return parts, more


def _statements(reader: ExprReader, parts: list, source: str) -> tuple[list[StatementSyntax], list[Declaration]]:
    """Each part read as a statement or a declaration of shapes."""
    statements: list[StatementSyntax] = []
    declarations: list[Declaration] = []
    for part in parts:
        asserted = shape_assertion(part, source)  # d2l's softmax(...) V \in \mathbb{R}^{n \times v}
        if asserted is None and (ranged := range_assertion(part, source)) is not None:  # xPos's ... \in (0, 1)
            part = ranged[0]
            reader.add_note("range-assertion", ranged[1], {"text": source[ranged[1].start : ranged[1].end]})
        decl = declaration(part, source) if asserted is None else None
        if decl is not None:
            declarations.append(decl)
            continue
        refuse_placeholder_arguments(part, source)  # A3C's H(\pi(\cdot|s_t)): the distribution as a whole, refused
        refuse_word_cases(part, source)  # DL4J's f(x) = x for x > theta \\ f(x) = 0 otherwise: refused by name
        refuse_code_slices(part, source)  # the PyTorch docs' Embedding W[i, :]: a row of W, refused by name
        refuse_curried_calls(part, source)  # the Keras docs' gradient(f)(W0): a transform applied, refused by name
        refuse_c_code(part, source)  # llama.cpp's const float scale = 1.0f/sqrtf(...): C, refused by name
        statements.append(read_statement(reader, part if asserted is None else asserted[0], source))
        if asserted is not None:
            statements[-1].asserted, statements[-1].asserted_span = asserted[1], asserted[2]
    return statements, declarations


def _some_formula(source: str, statements: list[StatementSyntax], declarations: list[Declaration]) -> None:
    """Refuse a text with no statement: declarations alone by name, anything else as no formula."""
    if not statements and declarations:  # d2l's Q, K, V \in \mathbb{R}^{N \times d}: shapes, no quantity
        raise NotSupported(
            "only declarations of shapes: they say what the names are (vectors, matrices and their sizes) but state "
            "no quantity to explain",
            source=source,
            span=Span(0, len(source)),
            hint="paste them with the formula they belong to: Q, K, V \\in \\mathbb{R}^{N \\times d} \\\\ "
            "A = \\mathrm{softmax}(QK^T/\\sqrt{d})V",
        )
    if not statements:
        raise InvalidInput(
            "there is no formula here",
            source=source,
            span=Span(0, len(source)),
            hint="paste a formula such as v = \\beta v + (1-\\beta) dW",
        )
