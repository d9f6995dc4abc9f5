"""The binder's set-up, phase by phase (:class:`BinderSetup`): what the formula writes, how each name is bound,
what is refused, the records rules fill, kinds and shapes.  :class:`symdl.bind.binder.Binder` runs the phases in
its ``__init__`` and builds the SymPy values."""

from __future__ import annotations

import re
from dataclasses import replace

import sympy

from symdl.bind import callvalue, families, outers
from symdl.bind.bareentries import bare_summed_vectors, note_bare_summed
from symdl.bind.capital_pairs import note_pair_by_equation
from symdl.bind.capitals import refuse_fractional_matrix_power
from symdl.bind.declaredentries import listed_columns
from symdl.bind.dims import DimInference
from symdl.bind.discretised import refuse_exp_of_change
from symdl.bind.dotcall import dot_calls
from symdl.bind.entrydefs import carried_positions, defined_entries, entry_statements
from symdl.bind.expectations import population_expectations
from symdl.bind.families import no_whole_family_arguments
from symdl.bind.gates import gate_identities
from symdl.bind.greeksums import greek_subscripts, step_members
from symdl.bind.guards import (
    no_collapsed_vectors,
    no_series_to_infinity,
    no_unlinked_rows,
    no_unread_subscripts,
)
from symdl.bind.identity import refuse_vector_times_identity
from symdl.bind.innerfamilies import dot_members, inner_product_members, matrix_members
from symdl.bind.kinds import infer_kinds
from symdl.bind.labelentries import labelled_vector_entry
from symdl.bind.layercalls import layer_calls
from symdl.bind.layerwise import layer_products
from symdl.bind.layout import row_biases, row_vectors
from symdl.bind.meanings import (
    note_sigma_activations,
    note_sigma_chains,
    note_sigma_distributions,
    note_sigma_in_averages,
    own_definitions,
    sigma_std_calls,
)
from symdl.bind.memberletters import member_note
from symdl.bind.names import (
    NameRole,
    base_name,
    entry_derivative_letters,
    entry_labels,
    index_letters,
    lone_steps,
    note_companions,
    parameter_subscripts,
    position_letters,
    position_sibling_letters,
    step_letter,
    time_bases,
)
from symdl.bind.neighbours import implied_sets
from symdl.bind.normcalls import norm_networks
from symdl.bind.operators import entry_axes
from symdl.bind.readings import reading_notes
from symdl.bind.recurrence import recurrence_letters
from symdl.bind.sampled import no_sampled_names
from symdl.bind.shadowed import rename_shadowed
from symdl.bind.shifted import sum_bound_letters, update_letters
from symdl.bind.sigmalayer import note_sigma_layer_operands
from symdl.bind.sigmastd import sigma_beside_mean
from symdl.bind.stars import gate_weight_stars, refuse_kernel_star
from symdl.bind.stepentries import step_entries
from symdl.bind.stepmembers import bound_members
from symdl.bind.sums import (
    bound_placeholders,
    enclosing_sums,
    entry_sums,
    per_example,
    set_name,
    sums_over_their_letter,
    value_sums,
    vector_members,
)
from symdl.config import Config
from symdl.errors import Span
from symdl.read.syntax import AtomSpec, placeholder_id


class BinderSetup:
    """The phases of :class:`symdl.bind.binder.Binder`'s set-up; each reads what the ones before it set."""

    def _names(self, config: Config) -> None:
        """What the formula writes: its names, indices, sets, labels, steps and expressions."""
        self.greek_indices = greek_subscripts(self.ph, self.source)  # g_\tau under \sum_\tau: index terms, as g_i's
        self.atoms = {k: p.data["atom"] for k, p in self.ph.items() if p.kind == "atom"}
        #: HiPPO's A_{nk} = ... (2n+1) ...: left sides defining entries → their letters, indices (noted)
        conventional = index_letters(self.ph)  # A_{ij} = i + j reads as entries already: no note
        self.entry_lhs = {k: v for k, v in defined_entries(self.rr.statements, self.ph).items()
                          if not set(v) <= conventional}
        #: Bishop's y_n = x_n^2: a left side's lone subscript letter that its right side carries too, an index (noted)
        self.entry_statements = {k: x for k, x in entry_statements(self.rr.statements, self.ph).items()
                                 if x not in conventional}
        #: max pooling's y_{i,j,c} = ... x_{si+m, sj+n, c}: left-side positions the right side carries, indices
        self.carried = carried_positions(self.rr.statements, self.ph)
        self.letters = index_letters(self.ph, {x for letters in self.entry_lhs.values() for x in letters}
                                     | set(self.entry_statements.values()) | self.carried) - self.member_letters
        self.letters |= parameter_subscripts(self.ph, self.source)  # word2vec's P(o \mid c) = ... v_c: member c
        self.letters |= entry_derivative_letters(self.ph)  # \frac{\partial J(\boldsymbol\theta)}{\partial\theta_m}: m
        self.letters |= position_sibling_letters(self.ph)  # RevIN's x_{kt} beside \sum_j x_{kj}: t an index
        note_companions(self)  # instance norm's x_{nchw} under sums over h, w: n and c indices too (noted)
        self.notes.extend(member_note(self.rr, self.member_letters))  # f_k, \Omega_k: names (noted)
        self.sum_names = {p.data["name"] for p in self.ph.values() if p.kind == "index"}
        self.steps = frozenset({"t"}) | recurrence_letters(self.atoms, self.rr.statements, self.sum_names)
        self.times = time_bases(list(self.atoms.values()), self.steps)  # Goldberg's s_{j-1}: j counts steps too
        #: \sum_{i \in B}: the set's spelling → the index running over it (|B| is the number of i)
        self.sets = {p.data["set"]: (p.data["name"], p.data.get("near", ()))
                     for p in self.ph.values() if p.kind == "index" and p.data.get("set")}
        for spelling, index in list(self.sets.items()):  # |\mathcal{B}| beside \sum_{i \in \mathcal{B}_t}: one size
            self.sets.setdefault(spelling.partition("_")[0], index)
        self.implied_sets = implied_sets(self.ph, self.sets)  # |\mathcal{A}| beside \sum_{a'}: a' runs over \mathcal{A}
        for spelling, index in self.implied_sets.items():
            self.sets.setdefault(spelling, index)
        self.entry_labels = entry_labels(self.ph, config.labels)  # y_i of s_{y_i}: an integer wherever written
        #: x_{n,y_n}: the index n of the sample axis, along which the label y_n varies (a family of integers)
        self.position_letters = position_letters(self.ph)
        self.bold_letters = {a.base for a in self.atoms.values() if a.bold and len(a.base) == 1}
        self.lone_steps = lone_steps(list(self.atoms.values()), self.sum_names)  # o^{(t)} = c + V h^{(t)}
        self.exprs = self._all_exprs()  # fixed for the formula: walked by every propagation pass
        self.bound_placeholders = bound_placeholders(self.ph, self.exprs)  # \sum_{t=1}^{|\mathbf{z}|}: a size
        self.bound_letters = sum_bound_letters(self.ph, self.bound_placeholders)  # m of \sum_{j=m+1}^{T}: a number
        #: Nielsen's \sum_x [y \ln a + ...]: names read as values per x (a family over the sum's index)
        self.per_example = per_example(self.ph, self.exprs)
        #: d2l's \mathbf{X}\mathbf{w} + b: plain letters added to a bold vector, kept numbers (noted)
        self.plain_scalars: set[int | None] = set()
        #: Nielsen's -\ln a^L_y: letters that pick one entry of a layer's vector, integer labels (y, not an index)
        self.value_labels: set[str] = set()
        inside = enclosing_sums(self.ph, self.exprs)  # \sum_t (x_t - x_{t-1})^2: a sequence's entries, not steps
        self.summed_steps = {a.family_key_parts() for k, a in self.atoms.items() if step_letter(a) in inside.get(k, ())}

    def _roles(self) -> None:
        """How each name is bound: an index, a family entry, a step, a number (symdl.bind.names.role)."""
        self.update_letters = update_letters(self)  # \theta_j := \theta_j - ...: every entry j of \theta (Ng)
        self.roles = {k: self._role(a) for k, a in self.atoms.items()}
        self.labelled_entries: set[int] = set()
        for k, a in self.atoms.items():  # the GPyTorch docs' x_{1,i} beside \mathbf{x_1}: entry i of x_1 (noted)
            if (found := labelled_vector_entry(a, self.atoms.values())) is not None:
                self.roles[k] = found[0]
                self.labelled_entries.add(k)
                self._note("labelled-vector-entry", self.ph[k].span, vector=found[1].spelling,
                           index=found[0].indices[0][0])
        step_entries(self)  # Goldberg's \hat{\mathbf{y}}_{[t]} beside \hat{\mathbf{y}}_{[k]}: entries of one vector
        self.bound_values: set[str] = set()  # t of g_t beside \sum_{s=1}^t g_s^2: the bound's value, an input
        self.offset_letters: set[str] = set()  # T of y_{T+i}: a number added to the index (noted)
        #: XLNet's |\mathbf{z}| in a bound: its length → (the length's key, the vector)
        self.vector_bounds: dict[sympy.Symbol, tuple[str, sympy.MatrixSymbol]] = {}
        for k, index in bound_members(self).items():  # g_t: the family's member at the sum's bound (noted)
            a = self.atoms[k]
            self._note("member-at-sum-bound", self.ph[k].span, name=a.spelling, family=a.base_latex, index=index)
        for k, index in step_members(self.ph, self.greek_indices):  # g_t beside \sum_\tau g_\tau: a name (noted)
            if self.roles[k].kind == "family":
                continue
            self._note("step-beside-greek-sum", self.ph[k].span, name=self.atoms[k].spelling,
                       family=self.atoms[k].base_latex, index=index)
        for k, letter in self.per_example.items():  # y_j under \sum_x \sum_j: entry (x, j)
            r = self.roles[k]
            self.roles[k] = (replace(r, indices=((letter, 0), *r.indices)) if r.kind == "family" and r.indices
                             else NameRole("family", base_name(self.atoms[k]), self.atoms[k].spelling, ((letter, 0),)))
        #: Nielsen's \sum_w w^2: the sum's index → the letter running over the entries of w
        letter_sums = sums_over_their_letter(self.ph, self.exprs)  # read by both rules below
        self.entry_sums = entry_sums(self.ph, letter_sums)
        for k, r in self.roles.items():
            if r.kind == "index" and r.name in self.entry_sums:
                a = self.atoms[k]
                self.roles[k] = NameRole("family", base_name(a), a.spelling, ((self.entry_sums[r.name], 0),))
        #: PyTorch's \sum_{x \in X} x^p: the index name → the set whose values it runs over
        self.value_sums = value_sums(letter_sums)
        for k, r in self.roles.items():
            if r.kind == "index" and r.name in self.value_sums:
                name = self.value_sums[r.name]
                self.roles[k] = NameRole("family", set_name(name), name, ((r.name, 0),))
        for k, (letter, spelling) in vector_members(self.ph, letter_sums).items():  # \mathbf{x} \in \mathcal{B}
            self.roles[k] = NameRole("family", set_name(spelling), spelling, ((letter, 0),))
        self.shadowed = rename_shadowed(self)  # PyTorch NLLLoss: the inner n its own (noted)

    def _guard_and_declare(self, config: Config) -> None:
        """Refuse what would be misread; collect declared shapes."""
        no_unread_subscripts(self)
        no_series_to_infinity(self)  # Robbins and Monro's \sum_n a(n) = \infty: a series (refused by name)
        no_unlinked_rows(self)  # Deep Sets' f(\mathbf{X}) = \phi(\sum_u \psi(\mathbf{x}_u)): refused by name
        families.no_two_sets(self)  # Bishop's S_W: x_n under \sum_{n \in C_1} and \sum_{n \in C_2}
        self.outer_families = outers.outer_families(self)  # cs229's (x^{(i)} - \mu)(x^{(i)} - \mu)^T: vectors
        no_sampled_names(self)  # x^{(j_k)}: a sampled example on a name, refused (on a function: J's member)
        no_whole_family_arguments(self)  # Bishop's p(\mathbf{x}|\boldsymbol{\mu}) beside \boldsymbol{\mu}_k
        self.declared: dict[str, tuple[object, ...]] = {k: tuple(v) for k, v in config.shapes.items()}
        for d in self.rr.declarations:
            for spec in d.names:
                self.declared[spec.spelling] = d.dims
        for spelling, dims in listed_columns(self.rr).items():  # \boldsymbol{X} = \begin{bmatrix} x_1 \\ \vdots ...
            self.declared.setdefault(spelling, dims)
        callee_sigma = [
            p
            for p in self.ph.values()
            if p.kind == "call" and isinstance(p.data.get("callee"), AtomSpec) and p.data["callee"].base == "sigma"
        ]
        self.sigma_is_std = any(a.base == "sigma" and not a.decorations for a in self.atoms.values()) and not any(
            p.data["callee"].primes for p in callee_sigma
        )
        for k, arg in sigma_beside_mean(self):  # AdaIN's \sigma(y) ... + \mu(y): the standard deviation (noted)
            self.sigma_is_std = True
            self._note("sigma-std-beside-mean", self.ph[k].span, argument=arg)

    def _open_records(self) -> None:
        """The records rules fill while kinds are inferred (each noted later); the calls read as numbers, vectors."""
        self.capital_products: list[tuple[int, int, str, str]] = []  # W x read as a matrix times a vector
        self.capital_dots: list[tuple[int, int, str, str]] = []  # W_hh · h read as a matrix times a vector
        self.drawn_noise: list[int] = []  # Langevin's + \omega^k beside \omega^k \sim \mathcal{N}: drawn noise
        self.noise_vectors: list[int] = []  # DDIM's \sigma_t \epsilon_t beside a vector: the noise (noise-vector)
        self.count_dots: list[int] = []  # B \cdot \nabla L: the batch size, a number (count-dot)
        #: (statement span, side index) of a gradient by a vector set equal to a row: numerator layout (MML's ∂L/∂θ)
        self.numerator_layout: set[tuple[int, int]] = set()
        self.star_states: list[tuple[int, str, str]] = []  # o_t * \\tanh(C_t): C_t a vector (star-state-vector)
        self.capital_greeks: list[tuple[int, int, str, str]] = []  # X\theta - y: \theta a vector (greek-after-matrix)
        self.entry_capitals: list[int] = []  # \|Y - d\| beside (y_i - d_i): Y a vector (capital-entries)
        self.transposed_groups: list[int] = []  # (X\theta - y)^T read as a vector (transpose-group)
        self.code_arrays: list[tuple[int, str]] = []  # X.T @ dscores: dscores an array (code-matmul-operand)
        self.affine_vectors: list[tuple[int, str]] = []  # LayerNorm's \gamma, \beta: vectors (affine-per-feature)
        self.gradient_sides: list[tuple[int, str, str]] = []  # \frac{\partial L}{\partial W} = \delta x^T: W, \delta
        self.gradient_rows: set[tuple[object, ...]] = set()  # \frac{\partial L}{\partial x} = \delta W^T: x a row
        self.upstream_gradients: list[tuple[int, str, str]] = []  # \frac{\partial L}{\partial Y} W^T: Y a matrix
        self.row_capitals: list[tuple[int, str]] = []  # cs229's W beside its rows w_j^T (noted capital-rows)
        self.entry_names: set[int] = set()  # x_1 beside \mathbf{x} read as its entry (noted once each)
        self.bare_gradients: set[str] = set()  # Nielsen's \nabla C read as a vector (noted once per name)
        self.gradient_norms: list[int] = []  # \|\nabla_\theta J(\theta)\|: the norm made \theta a vector (noted)
        self.bracket_concats: list[int] = []  # W_o [h_{t-1}, x_t]: the bracket read as a concatenation
        self.concat_calls: set[int] = set()  # Vaswani's Concat(head_1, ..., head_h) before W^O: a matrix
        self.per_sample_calls: set[int] = set()  # D(x) inside \mathbb{E}_{x \sim p}[...]: applied to each sample
        self.second_moments: list[int] = []  # Adam's \hat{v}_t under the root that divides a vector's update
        self.operand_moments: list[int] = []  # AdaDelta's \mathrm{std} dividing an operand of \odot beside a vector
        #: \sigma(\mathbf{z})_i = ...: an entry on the left of a definition names the function being defined
        self.defined_entries = {
            k for st in self.rr.statements if st.relation in ("=", "define") and len(st.sides) > 1
            if (k := placeholder_id(st.sides[0].expr)) is not None and self.ph[k].kind in ("entry", "call")
        }
        self.own_definitions = own_definitions(self)  # \mathrm{RMS}(\mathbf{g}) = ...: the formula's own (noted)
        self.gates = gate_identities(self)  # Graves's i_t = \sigma(...): f_t c_{t-1} multiplies entry by entry
        self.sigma_std = sigma_std_calls(self)  # N(0, \sigma(x)): a standard deviation (noted)
        noted = note_sigma_distributions(self, self.sigma_std)  # KL(\sigma(z_t/T) \| ...): the sigmoid, noted
        noted |= note_sigma_activations(self, self.sigma_std)  # GCN's H^{(l+1)} = \sigma(...): a guess (noted)
        noted |= note_sigma_in_averages(self)  # Roberts & Yaida's \langle \sigma(z) \sigma(z) \rangle_K: a guess
        note_sigma_chains(self)  # p(z) = \sigma(z) = e^{z_i}/\sum_j e^{z_j}: σ the softmax, a guess (noted)
        note_sigma_layer_operands(self, self.sigma_std | noted)  # W_2\sigma(W_1x), \sigma(W_1x) \odot Vx: noted
        #: f(\boldsymbol{x}) read as a number: call → why (symdl.bind.callvalue; more are found while kinds are)
        self.deciding_calls: set[int] = set()  # open calls whose kind is being decided (f(x) - f(y): no cycle)
        self.population = population_expectations(self)  # E[v_t] = E[g_t^2]...: expectations, not sample means
        self.transposed_calls = callvalue.transposed_calls(self)  # DPR's E_Q(q)^\intercal E_P(p): vectors
        self.stated_calls = callvalue.stated_calls(self) | self.transposed_calls  # f(q, k, v) \in \mathbb{R}^{p_v}
        self.jacobian_calls = callvalue.jacobian_calls(self)  # \log|\det df(\mathbf{x})/d\mathbf{x}|: f a vector
        self.vector_networks: set[int] = set()  # DDIM's \epsilon_\theta(\mathbf{x}_t): found while kinds are
        self.norm_networks = norm_networks(self)  # \|x - g_\phi(z)\|: the calls a norm makes vectors (norm-network)
        self.number_calls = callvalue.number_calls(self)
        self.dot_calls = dot_calls(self)  # \mathbf{w}^T f(x): the call right after a transposed vector (a vector)
        self.call_siblings = callvalue.call_siblings(self)

    def _own_sigma(self) -> bool:
        """Does the formula define σ itself by neither an exponential nor a tanh (Bach's ``\\sigma(u) = (u)_+ =
        \\max\\{u, 0\\}``, a hard sigmoid's clip), or as a softmax, exponentials over a sum of them (Burkov's
        ``\\sigma(\\mathbf{z}) = [\\ldots]``): the formula's own σ everywhere?  A definition by them otherwise
        (``\\sigma(z) = \\frac{1}{1+e^{-z}}``) keeps the built-in logistic, so the definition is checked."""
        for st in self.rr.statements:
            k = placeholder_id(st.sides[0].expr)
            callee = self.ph[k].data.get("callee") if k is not None and k in self.ph else None
            if len(st.sides) > 1 and isinstance(callee, AtomSpec) and callee.base == "sigma" and not callee.primes:
                left = self.source[st.sides[0].span.start : st.sides[0].span.end]
                text = "".join(self.source[s.span.start : s.span.end] for s in st.sides[1:])
                if re.fullmatch(r"\s*\\sigma\s*(?:\\left)?\(\s*(?:\\(?:mathbf|boldsymbol|bm)\s*\{\s*)?\\?[A-Za-z]+\s*"
                                r"\}?\s*(?:_\s*\{?\s*[A-Za-z0-9]+\s*\}?\s*)?(?:\\right)?\)\s*", left) is None:
                    continue  # \sigma(-x) = 1 - \sigma(x): a property of σ, no definition
                if "\\sum" in text and "\\frac" in text and re.search(r"e\s*\^|\\exp|\bexp", text):
                    return True  # Burkov's \sigma(\mathbf{z}) = [\frac{\exp(z^{(1)})}{\sum_k ...}, ...]: a softmax
                return re.search(r"e\s*\^|\\exp|\bexp|tanh|\\sigma", text) is None
        return False

    def _kinds_and_shapes(self, config: Config) -> None:
        """Vector/matrix kinds, rows and columns, dimensions; then the reading notes."""
        #: the functions the formula defines itself (\Phi(x) = ...: its own \Phi, not the normal CDF)
        self.defined_callees = frozenset(c.base for k in self.defined_entries
                                         if isinstance(c := self.ph[k].data.get("callee"), AtomSpec)
                                         and (c.base != "sigma" or self._own_sigma()))
        self.layer_calls = layer_calls(self)  # ViT's \mathrm{MSA}(\mathrm{LN}(\mathbf{z})): arrays (function-layer)
        self.gate_stars = gate_weight_stars(self)  # the PyTorch 0.x docs' w_{ih} * x_t: a matrix times a vector
        self.kinds = infer_kinds(self)
        self.layer_products = layer_products(self, self.kinds)  # Ng's dA^{[l]} \times g'(Z^{[l]}): element-wise
        self.bare_vectors = bare_summed_vectors(self)  # RMSNorm's x / \sqrt{\frac1n\sum_i x_i^2}: entry-wise
        note_pair_by_equation(self, self.kinds)  # D\,S = diag(s) - s s^T: matrices only by the other side (noted)
        outers.promote_beside(self, self.kinds)  # (x^{(i)} - \mu)(x^{(i)} - \mu)^T: \mu a vector
        refuse_exp_of_change(self)  # S4/Mamba's \exp(\Delta A): the matrix exponential, refused
        refuse_fractional_matrix_power(self, self.kinds)  # ZCA's U \Lambda^{-1/2} U^T: refused
        refuse_vector_times_identity(self, self.kinds)  # VAE's \boldsymbol{\sigma}^2 \mathbf{I}: diag, refused
        refuse_kernel_star(self)  # ConvLSTM's W_{xi} * X_t: a convolution, refused
        self.entry_axes = entry_axes(self)  # \sum_i \mathrm{softmax}(\mathbf{z})_i: i runs over z
        columns = config.layout == "columns"  # --layout columns: no vector is a row by these rules
        self.row_vectors = {} if columns else row_vectors(self, self.kinds)  # PyTorch's x A^T: x is a row
        self.row_biases = {} if columns else row_biases(self, self.kinds, self.row_vectors)  # d2l's X W + b
        inference = DimInference(self)
        self.dim_shapes = inference.run()
        self.square_by_abs = inference.square_by_abs  # |A| of a matrix nothing else makes square (noted)
        no_collapsed_vectors(self)
        self.literal_shapes = inference.literal_shapes()
        self.cache: dict[int, sympy.Basic] = {}
        reading_notes(self)  # the notes of the binder's rules (symdl.bind.readings)
        for _, span, layer in self.layer_products:
            self._note("layer-elementwise" if layer else "complement-elementwise", span, layer=layer)
        note_bare_summed(self, self.bare_vectors)
        outers.note_outer_members(self, self.outer_families)
        self.dims = inference.dims  # fresh dimensions for element shapes of vector families

    def _building_state(self) -> None:
        """The tables building fills as it converts placeholders."""
        self.symbols: dict[str, sympy.Basic] = {}
        self.latex_names: dict[sympy.Basic, str] = {}
        self.lengths: dict[str, sympy.Symbol] = {}
        self.index_syms: dict[str, sympy.Symbol] = {}
        self.time_series: dict[str, dict[int, sympy.Basic]] = {}
        self.labels: dict[sympy.Basic, str] = {}
        self.shapes: dict[str, tuple[object, object]] = {}
        #: a name a derivative is taken by the square of (\partial \sigma_B^2) → that square's variable (variance.py)
        self.squares: dict[sympy.Basic, sympy.Basic] = {}
        self._used: set[str] | None = None  # letters the formula uses (see fresh_letter)
        #: function name → the parameters an earlier statement defined it with (f(x, y) = ...): its derivatives use them
        self.function_params: dict[str, tuple[sympy.Basic, ...]] = {}
        self.dotted: set[tuple[str, object]] = set()  # (family, its rows' length) set by family_dot
        self.vector_families: set[str] = set(self.outer_families)  # x^{(i)} one vector, x[i, k] its entries
        self.promoted_families: set[str] = set()  # plain families of vectors (w_i^T \tilde{w}_j): never loose
        #: families of a function's values at a family's members (\phi(x_n)) → where the first is written
        self.image_spans: dict[str, Span] = {}
        self.transposed_at: dict[int, Span] = {}  # where a vector of a family is transposed: x^{(i)\top}, w_j^\top
        inner_product_members(self)  # CLIP's \langle u_i, v_j \rangle: u, v families of vectors (noted)
        dot_members(self)  # SupCon's z_i \cdot z_p: z a family of vectors (noted)
        matrix_members(self)  # Hamilton's W \sum_u h_u + B h_v: h a family of vectors from the start

