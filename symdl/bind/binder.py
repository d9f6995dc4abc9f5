"""The binder of one formula: names with their roles, kinds and shapes, and the SymPy object of each placeholder.

Construction decides, with the whole formula in view, what each name is (:mod:`symdl.bind.names`: scalar,
family element, time step, label), which names are vectors or matrices (:mod:`symdl.bind.kinds`) and their
shapes (:mod:`symdl.bind.dims`), and collects the reading notes of the rules that guessed.  :meth:`Binder.obj`
then builds each placeholder by its kind's record (:mod:`symdl.bind.placeholders`).
"""

from __future__ import annotations

from typing import Any

import sympy

from symdl.bind import build, callvalue, families, outers, sequences
from symdl.bind.dims import DimInference
from symdl.bind.discretised import refuse_exp_of_change
from symdl.bind.dotcall import dot_calls
from symdl.bind.entrynames import entry_value
from symdl.bind.families import no_whole_family_arguments
from symdl.bind.greeksums import greek_subscripts, step_members
from symdl.bind.guards import no_collapsed_vectors, no_unread_subscripts, unread_subscripts
from symdl.bind.identity import refuse_vector_times_identity
from symdl.bind.kinds import infer_kinds
from symdl.bind.layout import row_biases, row_vectors
from symdl.bind.names import (
    NameRole,
    base_latex,
    base_name,
    entry_labels,
    family_key,
    identity,
    index_letters,
    kronecker_letters,
    lone_steps,
    role,
    step_letter,
    time_bases,
)
from symdl.bind.normcalls import norm_networks
from symdl.bind.operators import entry_axes
from symdl.bind.placeholders import rule_for
from symdl.bind.readings import reading_notes
from symdl.bind.shapes import declared_shape, layer_entry_label
from symdl.bind.stars import refuse_kernel_star
from symdl.bind.sums import (
    enclosing_sums,
    entry_sums,
    fresh_letter,
    inner_exprs,
    per_example,
    sums_over_their_letter,
    used_letters,
    value_sums,
)
from symdl.config import Config
from symdl.errors import Note, Span
from symdl.formula import Label
from symdl.read import ReadResult
from symdl.read.notes import note
from symdl.read.syntax import AtomSpec, SubscriptSpec, placeholder_id


class Binder:
    """Binds one formula; see :func:`symdl.bind.bind`."""

    def __init__(self, rr: ReadResult, config: Config) -> None:
        self.rr = rr
        self.source = rr.source
        self.ph = rr.placeholders
        #: reading notes of the rules that decide meaning by the whole formula (d_k a label, y_i an entry ...)
        self.notes: list[Note] = []
        self.greek_indices = greek_subscripts(self.ph, rr.source)  # g_\tau under \sum_\tau: index terms, as g_i's
        self.atoms = {k: p.data["atom"] for k, p in self.ph.items() if p.kind == "atom"}
        self.letters = index_letters(self.ph)
        self.times = time_bases(list(self.atoms.values()))
        self.sum_names = {p.data["name"] for p in self.ph.values() if p.kind == "index"}
        #: \sum_{i \in B}: the set's spelling → the index running over it (|B| is the number of i)
        self.sets = {p.data["set"]: (p.data["name"], p.data.get("near", ()))
                     for p in self.ph.values() if p.kind == "index" and p.data.get("set")}
        for spelling, index in list(self.sets.items()):  # |\mathcal{B}| beside \sum_{i \in \mathcal{B}_t}: one size
            self.sets.setdefault(spelling.partition("_")[0], index)
        self.entry_labels = entry_labels(self.ph, config.labels)  # y_i of s_{y_i}: an integer wherever written
        self.bold_letters = {a.base for a in self.atoms.values() if a.bold and len(a.base) == 1}
        self.lone_steps = lone_steps(list(self.atoms.values()), self.sum_names)  # o^{(t)} = c + V h^{(t)}
        self.exprs = self._all_exprs()  # fixed for the formula: walked by every propagation pass
        #: Nielsen's \sum_x [y \ln a + ...]: names read as values per x (a family over the sum's index)
        self.per_example = per_example(self.ph, self.exprs)
        #: d2l's \mathbf{X}\mathbf{w} + b: plain letters added to a bold vector, kept numbers (noted)
        self.plain_scalars: set[int | None] = set()
        #: Nielsen's -\ln a^L_y: letters that pick one entry of a layer's vector, integer labels (y, not an index)
        self.value_labels: set[str] = set()
        inside = enclosing_sums(self.ph, self.exprs)  # \sum_t (x_t - x_{t-1})^2: a sequence's entries, not steps
        self.summed_steps = {a.family_key_parts() for k, a in self.atoms.items() if step_letter(a) in inside.get(k, ())}
        self.roles = {k: self._role(a) for k, a in self.atoms.items()}
        for k, index in step_members(self.ph, self.greek_indices):  # g_t beside \sum_\tau g_\tau: a name (noted)
            self._note("step-beside-greek-sum", self.ph[k].span, name=self.atoms[k].spelling,
                       family=self.atoms[k].base_latex, index=index)
        for k, letter in self.per_example.items():
            self.roles[k] = NameRole("family", base_name(self.atoms[k]), self.atoms[k].spelling, ((letter, 0),))
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
                self.roles[k] = NameRole("family", name, name, ((r.name, 0),))
        no_unread_subscripts(self)
        families.no_two_sets(self)  # Bishop's S_W: x_n under \sum_{n \in C_1} and \sum_{n \in C_2}
        self.outer_families = outers.outer_families(self)  # cs229's (x^{(i)} - \mu)(x^{(i)} - \mu)^T: vectors
        no_whole_family_arguments(self)  # Bishop's p(\mathbf{x}|\boldsymbol{\mu}) beside \boldsymbol{\mu}_k
        self.declared: dict[str, tuple[object, ...]] = {k: tuple(v) for k, v in config.shapes.items()}
        for d in rr.declarations:
            for spec in d.names:
                self.declared[spec.spelling] = d.dims
        callee_sigma = [
            p
            for p in self.ph.values()
            if p.kind == "call" and isinstance(p.data.get("callee"), AtomSpec) and p.data["callee"].base == "sigma"
        ]
        self.sigma_is_std = any(a.base == "sigma" and not a.decorations for a in self.atoms.values()) and not any(
            p.data["callee"].primes for p in callee_sigma
        )
        self.capital_products: list[tuple[int, int, str, str]] = []  # W x read as a matrix times a vector
        self.upstream_gradients: list[tuple[int, str, str]] = []  # \frac{\partial L}{\partial Y} W^T: Y a matrix
        self.row_capitals: list[tuple[int, str]] = []  # cs229's W beside its rows w_j^T (noted capital-rows)
        self.entry_names: set[int] = set()  # x_1 beside \mathbf{x} read as its entry (noted once each)
        self.bare_gradients: set[str] = set()  # Nielsen's \nabla C read as a vector (noted once per name)
        self.gradient_norms: list[int] = []  # \|\nabla_\theta J(\theta)\|: the norm made \theta a vector (noted)
        self.bracket_concats: list[int] = []  # W_o [h_{t-1}, x_t]: the bracket read as a concatenation
        self.per_sample_calls: set[int] = set()  # D(x) inside \mathbb{E}_{x \sim p}[...]: applied to each sample
        self.second_moments: list[int] = []  # Adam's \hat{v}_t under the root that divides a vector's update
        #: \sigma(\mathbf{z})_i = ...: an entry on the left of a definition names the function being defined
        self.defined_entries = {
            k for st in rr.statements if st.relation in ("=", "define") and len(st.sides) > 1
            if (k := placeholder_id(st.sides[0].expr)) is not None and self.ph[k].kind in ("entry", "call")
        }
        #: f(\boldsymbol{x}) read as a number: call → why (symdl.bind.callvalue; more are found while kinds are)
        self.deciding_calls: set[int] = set()  # open calls whose kind is being decided (f(x) - f(y): no cycle)
        self.norm_networks = norm_networks(self)  # \|x - g_\phi(z)\|: the calls a norm makes vectors (norm-network)
        self.number_calls = callvalue.number_calls(self)
        self.dot_calls = dot_calls(self)  # \mathbf{w}^T f(x): the call right after a transposed vector (a vector)
        self.call_siblings = callvalue.call_siblings(self)
        self.kinds = infer_kinds(self)
        outers.promote_beside(self, self.kinds)  # (x^{(i)} - \mu)(x^{(i)} - \mu)^T: \mu a vector
        refuse_exp_of_change(self)  # S4/Mamba's \exp(\Delta A): the matrix exponential, refused
        refuse_vector_times_identity(self, self.kinds)  # VAE's \boldsymbol{\sigma}^2 \mathbf{I}: diag, refused
        refuse_kernel_star(self)  # ConvLSTM's W_{xi} * X_t: a convolution, refused
        self.entry_axes = entry_axes(self)  # \sum_i \mathrm{softmax}(\mathbf{z})_i: i runs over z
        #: the functions the formula defines itself (\Phi(x) = ...: its own \Phi, not the normal CDF)
        self.defined_callees = frozenset(c.base for k in self.defined_entries
                                         if isinstance(c := self.ph[k].data.get("callee"), AtomSpec))
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
        outers.note_outer_members(self, self.outer_families)
        self.symbols: dict[str, sympy.Basic] = {}
        self.latex_names: dict[sympy.Basic, str] = {}
        self.lengths: dict[str, sympy.Symbol] = {}
        self.index_syms: dict[str, sympy.Symbol] = {}
        self.time_series: dict[str, dict[int, sympy.Basic]] = {}
        self.labels: dict[sympy.Basic, str] = {}
        self.shapes: dict[str, tuple[object, object]] = {}
        self.dims = inference.dims  # fresh dimensions for element shapes of vector families
        self._used: set[str] | None = None  # letters the formula uses (see fresh_letter)
        #: function name → the parameters an earlier statement defined it with (f(x, y) = ...): its derivatives use them
        self.function_params: dict[str, tuple[sympy.Basic, ...]] = {}
        self.dotted: set[tuple[str, object]] = set()  # (family, its rows' length) set by family_dot
        self.vector_families: set[str] = set(self.outer_families)  # x^{(i)} one vector, x[i, k] its entries
        self.promoted_families: set[str] = set()  # plain families of vectors (w_i^T \tilde{w}_j): never loose
        self.transposed_at: dict[int, Span] = {}  # where a vector of a family is transposed: x^{(i)\top}, w_j^\top

    def _note(self, rule: str, span: Any, **fields: str) -> None:
        self.notes.append(note(rule, span, {"text": self.source[span.start : span.end], **fields}))

    def _all_exprs(self) -> list[sympy.Basic]:
        """Every placeholder-level expression: statement sides and the insides of placeholders."""
        sides = [s.expr for st in self.rr.statements for s in st.sides]
        return sides + [e for p in self.ph.values() for e in inner_exprs(p)]

    def atom_of(self, e: sympy.Basic) -> AtomSpec | None:
        """The name ``e`` is, if it is one placeholder of a name."""
        k = placeholder_id(e)
        return self.atoms.get(k) if k is not None else None

    # -- objects -------------------------------------------------------------------
    def obj(self, k: int) -> sympy.Basic:
        """The SymPy object of placeholder ``k``, built once by its kind's record."""
        if k not in self.cache:
            p = self.ph[k]
            self.cache[k] = rule_for(self, p).build(self, p)
        return self.cache[k]

    def conv(self, p: Any) -> sympy.Basic:
        return self.convert_expr(p.expr)

    def convert_expr(self, e: sympy.Basic) -> sympy.Basic:
        """Convert a placeholder-level expression (sequences with ``\\dots`` included)."""
        return build.convert(
            e, self.obj, self.ph, special=lambda x: sequences.sequence(self, x), dot_between=self.dot_between,
            notes=self.notes, source=self.source, family_dot=lambda *a: families.family_dot(self, *a),
        )

    def dot_between(self, a: int, b: int) -> str:
        """The product sign written between source positions ``a`` and ``b`` of two column vectors: ``*`` (noted:
        read element-wise), another sign (``\\cdot``: their dot product), or '' for none."""
        signs = [p for p in self.rr.dot_positions if a < p < b]
        stars = [p for p in signs if self.source[p] == "*"]
        if stars:
            self._note("star-elementwise", Span(stars[0], stars[0] + 1))
            return "*"
        return self.source[signs[0]] if signs else ""

    def cdot_between(self, a: int, b: int) -> bool:
        """Is a product sign other than ``*`` (``\\cdot``, ``\\times``) written between positions ``a`` and ``b``?"""
        return any(a < p < b and self.source[p] != "*" for p in self.rr.dot_positions)

    def star_between(self, a: int, b: int) -> bool:
        """Is a ``*`` written between source positions ``a`` and ``b`` (not noted here)?"""
        return any(a < p < b and self.source[p] == "*" for p in self.rr.dot_positions)

    def literal_shape(self, k: int) -> tuple[object, object]:
        """The inferred shape of the explicit vector or matrix at placeholder ``k``."""
        return self.literal_shapes[k]

    def index(self, name: str) -> sympy.Symbol:
        """The integer symbol of index ``name``, one per formula."""
        if name not in self.index_syms:
            self.index_syms[name] = sympy.Symbol(name, integer=True)
        return self.index_syms[name]

    def sum_index(self, name: str) -> sympy.Symbol:
        """The index a sum binds: its own letter, or the one running over a weight's entries (``\\sum_w w^2``)."""
        return self.index(self.entry_sums.get(name, name))

    def sum_length(self, name: str, near: tuple[str, ...] = (), after: int | None = None) -> sympy.Symbol:
        """The bound a sum over ``name`` left out (see :meth:`length`); ``near``: the letters of the names the sum's
        first term subscripts with it, whose axis it runs over; ``after``: where the sum is written (of two
        families with one letter, \\sum_{i,j} (W^{(2)}_{ij})^2 runs over the one written after it)."""
        if name in self.value_sums:  # \sum_{x \in X}: as many terms as X has values
            near = (self.value_sums[name],)
        return self.length(self.entry_sums.get(name, name), near, after)

    def fresh_letter(self) -> str:
        """An index letter the formula does not use (the j of softmax(z)_i's sum)."""
        if self._used is None:  # found on first use: most formulas never need a fresh letter
            self._used = used_letters(self.ph) | set(self.index_syms)
        return fresh_letter(self._used)

    def entries_of(self, a: AtomSpec) -> sympy.IndexedBase:
        """The family of the entries of vector ``a`` (z_i of \\mathbf{z}), the same as ``z_i`` written."""
        base = sympy.IndexedBase(base_name(a), real=True)
        for key in (base_name(a), a.spelling):
            self.symbols.setdefault(key, base)
        self.latex_names.setdefault(base, base_latex(a))
        return base

    def length_of(self, key: str) -> sympy.Symbol:
        """The length of the family or vector spelt ``key`` (N_z)."""
        return self._length_for_key(key)

    def atom(self, k: int) -> sympy.Basic:
        a = self.atoms[k]
        if self.roles[k].kind != "index" and (pair := kronecker_letters(a)) is not None:
            return self._kronecker(a, pair, self.ph[k].span)  # \delta_{ij}; label smoothing's \delta_{y,k}
        if (entry := entry_value(self, k)) is not None:  # x_1 beside \mathbf{x}: its first entry (noted)
            return entry
        vectors = families.transposed_family(self, k)  # GloVe's w_i^T: each w_i a vector
        unread_subscripts(a, "vectors" if vectors else self.roles[k].kind, self.sum_names, self.source,
                          self.ph[k].span)
        obj = self._bound_atom(a, self.roles[k])
        if (a.bold or vectors) and a.transpose and isinstance(obj, sympy.Indexed):  # x^{(i)\top}: for family_dot
            self.transposed_at[self.ph[k].span.start] = self.ph[k].span
        return obj

    def _kronecker(self, a: AtomSpec, pair: tuple[str, str], span: Span) -> sympy.Basic:
        """The Kronecker delta of two letters; one that is no index is an integer value (noted)."""
        labels = [x for x in pair if x not in self.letters]
        if labels:
            self._note("kronecker-delta", span, name=a.spelling, first=pair[0], second=pair[1])
        return sympy.KroneckerDelta(*(self._value_label(x) if x in labels else self.index(x) for x in pair))

    def _is_label(self, a: AtomSpec) -> bool:
        """Whether ``a`` is a label that picks entries (``y_i`` beside ``s_{y_i}``): an integer."""
        terms = a.sub.terms if a.sub is not None else None
        plain = not (a.bold or a.decorations or a.primes or a.layer or a.sample or a.transpose)
        return plain and terms is not None and len(terms) == 1 and (a.base, terms[0][0]) in self.entry_labels

    def size_of_set(self, inner: Any) -> sympy.Basic | None:
        """``|B|`` of a set a sum runs over (``\\sum_{i \\in B}``): the number of i, else None (an absolute value)."""
        k = placeholder_id(inner.expr) if isinstance(inner.expr, sympy.Symbol) else None
        atom = self.atoms.get(k) if k is not None else None
        spelling = atom.spelling.replace(" ", "") if atom is not None else ""
        return self.sum_length(*self.sets[spelling]) if spelling in self.sets else None  # as the sum's own bound

    def _role(self, a: AtomSpec) -> NameRole:
        """How ``a`` is bound; a label (``y_i`` of ``s_{y_i}``) is one integer unless a sum runs over its index
        (then a family of integers, ``y[i]``), so that a claim reads it as its formula does."""
        r = role(a, self.letters, self.times, self.sum_names, self.bold_letters, self.lone_steps, self.summed_steps)
        if r.kind == "scalar" and layer_entry_label(a, self.letters):
            letter = a.sub.terms[0][0]  # type: ignore[union-attr]
            self.value_labels.add(letter)
            return NameRole("family", base_name(a), family_key(a, ""), ((letter, 0),))
        if r.kind == "family" and self._is_label(a) and a.sub is not None and a.sub.text not in self.sum_names:
            return NameRole("scalar", f"{base_name(a)}_{a.sub.text}", a.spelling)
        return r

    def _entry(self, a: AtomSpec, r: NameRole) -> sympy.Basic:
        """``s_{y_i}``: entry y_i of the family s, y_i bound as it is anywhere else in the formula (an integer)."""
        letter, index = r.entry or ("", "")
        label = AtomSpec(letter, letter, sub=SubscriptSpec(index, ((index, 0),)), spelling=f"{letter}_{index}")
        at = self._bound_atom(label, self._role(label))
        base = sympy.IndexedBase(r.name, real=True)
        self.symbols.setdefault(r.key, base)
        self.latex_names.setdefault(base, base_latex(a))
        declared = declared_shape(a, self.declared)
        if a.bold or r.name in self.vector_families or (declared is not None and len(declared) >= 1
                                                        and not a.greek):  # x^{(i)} \in \mathbb{R}^n
            self.shapes.setdefault(r.name, (self._length_for_key(r.key), self.dims.fresh(r.name)))
        return base[at]

    def _bound_atom(self, a: AtomSpec, r: NameRole) -> sympy.Basic:
        if r.kind == "index":
            return self.index(r.name)  # the summation index used in the body: \beta^{t-k}
        if r.kind == "family":
            return self._entry(a, r) if r.entry is not None else self._family_element(a, r)
        kind = self.kinds.get(identity(a))
        if kind is not None:
            shape = self.dim_shapes[identity(a)]
            obj: sympy.Basic = sympy.MatrixSymbol(r.name, *shape)
            self.shapes[r.name] = shape
        elif self._is_label(a):
            obj = Label(r.name, integer=True)
        else:
            obj = sympy.Symbol(r.name, real=True)
        tex = base_latex(a) + (f"_{{{a.sub.text}}}" if a.sub else "")
        self.latex_names.setdefault(obj, tex)
        self.symbols.setdefault(r.key, obj)
        if r.kind == "time":
            self.time_series.setdefault(r.series, {})[r.offset] = obj
        return sympy.Transpose(obj) if a.transpose and kind is not None else obj

    def _family_element(self, a: AtomSpec, r: NameRole) -> sympy.Basic:
        idx = [self._value_label(letter) if letter in self.value_labels else self.index(letter) + off
               for letter, off in r.indices]
        if a.base == "delta" and not a.decorations and not a.bold and len(idx) == 2:
            return sympy.KroneckerDelta(*idx)
        base = sympy.IndexedBase(r.name, **({"integer": True} if self._is_label(a) else {"real": True}))
        self.symbols.setdefault(r.key, base)
        self.latex_names.setdefault(base, base_latex(a) + (f"_{{{r.label}}}" if r.label else ""))
        declared = declared_shape(a, self.declared)
        if a.bold or r.name in self.vector_families or (declared is not None and len(declared) >= 1
                                                        and not a.greek):  # x^{(i)} \in \mathbb{R}^n
            self.shapes.setdefault(r.name, (self._length_for_key(r.key), self.dims.fresh(r.name)))
            self.vector_families.add(r.name)
        return base[tuple(idx)] if len(idx) > 1 else base[idx[0]]

    def _value_label(self, letter: str) -> sympy.Basic:
        label = self.symbols.setdefault(letter, Label(letter, integer=True))
        self.latex_names.setdefault(label, letter)
        return label

    def _length_for_key(self, key: str) -> sympy.Symbol:
        clean = "".join(ch for ch in key if ch.isalnum()) or "x"
        if key not in self.lengths:
            n = self.lengths[key] = sympy.Symbol(f"N_{clean}", integer=True, positive=True)
            family = next(
                (b for b in self.latex_names if isinstance(b, sympy.IndexedBase) and self.symbols.get(key) is b), None
            )
            self.latex_names[n] = f"N_{{{self.latex_names[family]}}}" if family is not None else f"N_{{{key}}}"
        return self.lengths[key]

    def length(self, index: str, near: tuple[str, ...] = (), after: int | None = None) -> sympy.Symbol:
        """The upper bound a sum over ``index`` left out: the length of the axis it indexes (``\\sum_i \\sum_j
        x_{ij}`` runs i over the rows and j over the columns)."""
        if index in self.entry_axes:
            return self._length_for_key(self.entry_axes[index])

        def order(kr: tuple[int, NameRole]) -> tuple[bool, bool]:  # near ones first; of those, the ones after the sum
            written = self.ph.get(kr[0])
            before = after is not None and (written is None or written.span.start < after)
            return self.atoms[kr[0]].base not in near, before

        ordered = sorted(self.roles.items(), key=order)
        for _, r in ordered:
            if r.kind != "family":
                continue
            for pos, (letter, _) in enumerate(r.indices):
                if letter in (index, index.rstrip("'")) or letter.rstrip("'") == index.rstrip("'"):
                    return self._length_for_key(r.key) if pos == 0 else self._axis_length(r.key, pos)
        return self._length_for_key(index)

    def _axis_length(self, key: str, pos: int) -> sympy.Symbol:
        """The length of axis ``pos`` > 0 of family ``key``: filled from the array by the numeric stage (the index
        that runs over it shows which axis), never by :attr:`Formula.lengths` (which holds axis 0)."""
        clean = "".join(ch for ch in key if ch.isalnum()) or "x"
        n = sympy.Symbol(f"N_{clean}{pos + 1}", integer=True, positive=True)
        self.latex_names.setdefault(n, f"N_{{{clean},{pos + 1}}}")
        return n
