"""The binder of one formula: names with their roles, kinds and shapes, and the SymPy object of each placeholder.

Construction decides, with the whole formula in view, what each name is (:mod:`symdl.bind.names`: scalar,
family element, time step, label), which names are vectors or matrices (:mod:`symdl.bind.kinds`) and their
shapes (:mod:`symdl.bind.dims`), and collects the reading notes of the rules that guessed.  :meth:`Binder.obj`
then builds each placeholder by its kind's record (:mod:`symdl.bind.placeholders`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

import sympy

from symdl.bind import build, families, sequences
from symdl.bind.affine import elementwise_scale
from symdl.bind.argsizes import argument_size
from symdl.bind.declaredentries import member_declared, note_declared_entry
from symdl.bind.entrynames import entry_value
from symdl.bind.gates import dot_beside_vector, gate_beside, inside_entry_sum
from symdl.bind.guards import unread_subscripts
from symdl.bind.layout import juxtaposed_vectors
from symdl.bind.names import (
    NameRole,
    base_latex,
    base_name,
    braces_optional,
    family_key,
    identity,
    kronecker_letters,
    role,
)
from symdl.bind.neighbours import neighbourhood_size
from symdl.bind.placeholders import rule_for
from symdl.bind.setup import BinderSetup
from symdl.bind.setwhole import reduction_names
from symdl.bind.shapes import layer_entry_label
from symdl.bind.shifted import computed_indices, computed_role, digit_member, offset_letters
from symdl.bind.sizedidentity import scaled_identities
from symdl.bind.sums import (
    fresh_letter,
    inner_exprs,
    used_letters,
)
from symdl.config import Config
from symdl.errors import Note, Span
from symdl.formula import Label
from symdl.read import ReadResult
from symdl.read.notes import note
from symdl.read.syntax import AtomSpec, SubscriptSpec, placeholder_id
from symdl.read.words import code_formula


class Binder(BinderSetup):
    """Binds one formula; see :func:`symdl.bind.bind`."""

    def __init__(self, rr: ReadResult, config: Config, members: frozenset[str] = frozenset()) -> None:
        self.rr = rr
        #: index letters free in the whole formula whose families' members are read as names of their own
        #: (Prince's f_k, h_{k+1}, \Omega_k: symdl.bind.memberletters), else empty
        self.member_letters = members
        self.source = rr.source
        self.code = bool(code_formula(self.source))  # written as code: its words are identifiers, like letters
        self.ph = rr.placeholders
        #: reading notes of the rules that decide meaning by the whole formula (d_k a label, y_i an entry ...)
        self.notes: list[Note] = []
        #: (rule, span) of the reader's notes a binder's reading replaces (a matrix's axis: matrix-axis, not
        #: code-reduction's vector)
        self.superseded: set[tuple[str, Span]] = set()
        #: (position between the factors, span, layer) of one layer's arrays multiplied element-wise, found once the
        #: kinds are known (symdl.bind.layerwise); empty while they are inferred
        self.layer_products: list[tuple[int, Span, str]] = []
        #: each expectation's value → the (compacted) name of the distribution it draws from (Formula.sampled)
        self.sampled: dict[sympy.Basic, str] = {}
        self._names(config)
        self._roles()
        self._guard_and_declare(config)
        self._open_records()
        self._kinds_and_shapes(config)
        self._building_state()

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

    def dot_between(self, a: int, b: int, columns: bool = False) -> str:
        """The product sign written between source positions ``a`` and ``b`` of two column vectors: ``*`` (noted:
        read element-wise), another sign (``\\cdot``: their dot product), or '' for none.  ``columns``: both are
        known to be column vectors (then a gate beside a vector, or arrays in an index-less sum, multiply
        element-wise)."""
        if self.layer_product_between(a, b):
            return "*"  # Ng's dA^{[l]} \times g'(Z^{[l]}): two of one layer's arrays, element-wise (noted)
        signs = [p for p in self.rr.dot_positions if a < p < b and _outside_brackets(self.source, p, b)
                 and p not in self.gate_positions]  # w_{ih} * x_t: the matrix product (star-gate-weight)
        stars = [p for p in signs if self.source[p] == "*"]
        if stars:
            self._note("star-elementwise", Span(stars[0], stars[0] + 1))
            return "*"
        if columns and not signs and (inside_entry_sum(self, a, b) or gate_beside(self, a, b)):
            return "*"  # Keras's \\sum y_{true} y_{pred}; Graves's LSTM f_t c_{t-1}, a gate times a vector (noted)
        if columns and signs and self.source.startswith("\\cdot", signs[0]) and gate_beside(self, a, b):
            return "*"  # MXNet's GRU r_t \\cdot (W h_{t-1} + b): a gate times a vector, entry by entry (noted)
        if columns and signs and self.source.startswith("\\cdot", signs[0]) and dot_beside_vector(self, a, b):
            return "*"  # the VAE's \\mu + \\sigma \\cdot \\epsilon: added to a vector, entry by entry (noted)
        if columns and elementwise_scale(self, a, b):  # RMSNorm's (x / sqrt(mean(x^2) + eps)) gamma, Ioffe's
            return "*"  # \\frac{\\gamma}{\\sqrt{...}} \\cdot x: a per-feature scale (noted affine-per-feature)
        if columns and not signs and (pair := juxtaposed_vectors(self, a, b)) is not None:
            self._note("juxtaposed-dot", pair[0], first=pair[1], second=pair[2])  # Burkov's \\mathbf{w}\\mathbf{x}
            return "\\cdot"
        return self.source[signs[0]] if signs else ""

    def cdot_between(self, a: int, b: int) -> bool:
        """Is a product sign other than ``*`` (``\\cdot``, ``\\times``) written between positions ``a`` and ``b``?"""
        return any(a < p < b and self.source[p] != "*" for p in self.rr.dot_positions)

    def star_between(self, a: int, b: int) -> bool:
        """Is a ``*`` written between source positions ``a`` and ``b`` (not noted here)?"""
        return any(a < p < b and self.source[p] == "*" and _outside_brackets(self.source, p, b)
                   and p not in self.gate_positions for p in self.rr.dot_positions) or self.layer_product_between(a, b)

    def layer_product_between(self, a: int, b: int) -> bool:
        """Do positions ``a`` and ``b`` hold two of one layer's arrays multiplied element-wise
        (:mod:`symdl.bind.layerwise`)?"""
        return any(a < p < b for p, _, _ in self.layer_products)

    def atom_written_at(self, pos: int) -> int | None:
        """The placeholder of the name written starting at source position ``pos``, or None."""
        return next((k for k, p in self.ph.items() if p.span.start == pos and k in self.atoms), None)

    @property
    def gate_positions(self) -> set[int]:
        """Where the ``*`` of the PyTorch 0.x docs' ``w_{ih} * x_t`` stand (a matrix times a vector)."""
        return {pos for pos, _, _ in getattr(self, "gate_stars", ())}

    def literal_shape(self, k: int) -> tuple[object, object]:
        """The inferred shape of the explicit vector or matrix at placeholder ``k``."""
        return self.literal_shapes[k]

    def index(self, name: str) -> sympy.Symbol:
        """The integer symbol of index ``name``, one per formula (a Greek letter's command and its name are one index:
        Bishop's ``w^{(\\tau)}`` under ``\\sum_\\tau``)."""
        if name[:1] == "\\" and name[1:].isalpha():
            name = name[1:]
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
        if self.roles[k].kind != "index" and (pair := kronecker_letters(a)) is not None \
                and (a.base != "I" or self._identity_entry(pair)):  # (an image's I_{ij} summed over both: pixels)
            if not self._rooted_delta(a, k) and not self._defined_delta(a, k):
                if a.base == "I":
                    self._note("identity-entry", self.ph[k].span, name=a.spelling, first=pair[0], second=pair[1])
                return self._kronecker(a, pair, self.ph[k].span)  # \delta_{ij}; label smoothing's \delta_{y,k}
        if (entry := entry_value(self, k)) is not None:  # x_1 beside \mathbf{x}: its first entry (noted)
            return entry
        vectors = families.transposed_family(self, k)  # GloVe's w_i^T: each w_i a vector
        unread_subscripts(a, "vectors" if vectors else self.roles[k].kind, self.sum_names, self.source,
                          self.ph[k].span)
        obj = self._bound_atom(a, self.roles[k])
        note_declared_entry(self, k, obj)  # x_i with x \in \mathbb{R}^4: its entry i (noted)
        if (a.bold or vectors) and a.transpose and isinstance(obj, sympy.Indexed):  # x^{(i)\top}: for family_dot
            self.transposed_at[self.ph[k].span.start] = self.ph[k].span
        return obj

    def _identity_entry(self, pair: tuple[str, str]) -> bool:
        """Is ``I_{kj}`` (letters ``pair``) an entry of the identity: some letter of it is no summed index and the
        formula writes I with no other subscript (an image's I_{ij} summed over both, I_{i+m, j+n}: pixels)?"""
        others = [a for a in self.atoms.values() if a.base == "I" and a.sub is not None
                  and kronecker_letters(a) is None]
        return not others and not all(x in self.sum_names for x in pair)

    def _defined_delta(self, a: AtomSpec, k: int) -> bool:
        """Is ``a`` a ``\\delta_{ki}`` some statement defines alone on its first side (ESL's and Bishop's error term
        ``\\delta_{ki} = -2(y_{ik} - f_k(x_i)) g_k'(\\beta_k^T z_i)``)?  Then every \\delta with those subscripts is
        that family, not the Kronecker delta, which no formula defines (noted ``delta-defined`` where defined)."""
        if a.spelling.replace(" ", "") not in self.defined_deltas:
            return False
        if any(placeholder_id(st.sides[0].expr) == k for st in self.rr.statements):
            self._note("delta-defined", self.ph[k].span, name=a.spelling)
        return True

    def _rooted_delta(self, a: AtomSpec, k: int) -> bool:
        """Is ``a`` a ``\\delta_{mj}`` written under a square root somewhere (Bayes by Backprop's local
        reparameterisation ``b_{m,j} = \\gamma_{m,j} + \\sqrt{\\delta_{m,j}}\\zeta_{m,j}``: a variance)?  No one takes
        the root of a 0/1 Kronecker delta (noted ``delta-value``)."""
        if not self._under_root(a):
            return False
        self._note("delta-value", self.ph[k].span, name=a.spelling)
        return True

    @functools.cached_property
    def defined_deltas(self) -> frozenset[str]:
        """The spellings of the \\delta names statements define alone on their first side (see _defined_delta)."""
        firsts = [self.atoms.get(placeholder_id(st.sides[0].expr)) for st in self.rr.statements
                  if len(st.sides) > 1 and st.relation == "="]
        rooted = [a for a in self.atoms.values() if a.base == "delta" and self._under_root(a)]  # Bayes by Backprop
        return frozenset(a.spelling.replace(" ", "") for a in [*firsts, *rooted]
                         if a is not None and a.base in ("delta", "I"))

    @functools.cached_property
    def reductions(self) -> frozenset[tuple[object, ...]]:
        """The names a statement sets to a whole reduction of arrays
        (:func:`symdl.bind.setwhole.reduction_names`)."""
        return reduction_names(self)

    @functools.cached_property
    def scaled_identities(self) -> frozenset[tuple[object, ...]]:
        """The plain I a statement sets a capital to, scaled by numbers
        (:func:`symdl.bind.sizedidentity.scaled_identities`)."""
        return scaled_identities(self)

    def _under_root(self, a: AtomSpec) -> bool:
        return re.search(r"\\sqrt\s*\{\s*" + braces_optional(a.spelling) + r"\s*\}", self.source) is not None

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
        if (degree := neighbourhood_size(self, inner)) is not None:  # |\mathcal{N}(v)|: v's number of neighbours
            return degree
        k = placeholder_id(inner.expr) if isinstance(inner.expr, sympy.Symbol) else None
        atom = self.atoms.get(k) if k is not None else None
        spelling = atom.spelling.replace(" ", "") if atom is not None else ""
        if spelling in self.sets:
            if spelling in self.implied_sets:  # Wang et al.'s dueling network: 1/|\mathcal{A}| \sum_{a'} A(s, a')
                self._note("set-of-index", self.ph[k].span, set=atom.spelling, index=self.sets[spelling][0])  # type: ignore[union-attr,index]
            return self.sum_length(*self.sets[spelling])  # as the sum's own bound
        return argument_size(self, inner)  # SimPO's |y_w| beside \pi_\theta(y_w|x): a sequence's length

    def _role(self, a: AtomSpec) -> NameRole:
        """How ``a`` is bound; a label (``y_i`` of ``s_{y_i}``) is one integer unless a sum runs over its index
        (then a family of integers, ``y[i]``), so that a claim reads it as its formula does."""
        terms = a.sub.terms if a.sub is not None else None
        stepped = bool(terms) and len(terms) == 1 and terms[0][0] in self.steps - {"t"}  # type: ignore[arg-type]
        if not stepped and (shifted := computed_role(a, self.letters | set(self.sum_names), self.atoms.values(),
                                                     self.bound_letters)) is not None:
            return shifted  # r_{t+k}, x_{i+k}: the entry of the family at a computed position (not Goldberg's
            # recurrence s_{j-1}: symdl.bind.recurrence)
        if (member := digit_member(a, set(self.sum_names), self.atoms.values(), self.update_letters)) is not None:
            return member  # \sum_k F(w_k) beside F(w_1): entry 1 of w (noted in symdl.bind.readings)
        r = role(a, self.letters, self.times, self.sum_names, self.bold_letters, self.lone_steps, self.summed_steps,
                 self.steps)
        if r.kind == "scalar" and layer_entry_label(a, self.letters):
            letter = a.sub.terms[0][0]  # type: ignore[union-attr]
            self.value_labels.add(letter)
            return NameRole("family", base_name(a), family_key(a, ""), ((letter, 0),))
        if r.kind == "family" and self._is_label(a) and a.sub is not None and a.sub.text not in (
                self.sum_names | self.position_letters):
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
        if a.bold or r.name in self.vector_families or member_declared(a, self.declared):  # x^{(i)} \in R^n
            self.shapes.setdefault(r.name, (self._length_for_key(r.key), self.dims.fresh(r.name)))
            self.vector_families.add(r.name)  # the centre loss' \boldsymbol{c}_{y_i}: class y_i's centre, a vector
        return base[at]

    def _positions(self, a: AtomSpec, r: NameRole) -> sympy.Basic:
        """``x_{n,y_n}``: the entry of the array x at index n and at label y_n (an integer, bound as it is anywhere
        else in the formula), one axis per position."""
        at: list[sympy.Basic] = []
        for letter, index in r.positions or ():
            if index:
                label = AtomSpec(letter, letter, sub=SubscriptSpec(index, ((index, 0),)), spelling=f"{letter}_{index}")
                at.append(self._bound_atom(label, self._role(label)))
            else:
                at.append(self._index_at(letter, 0))
        if a.base == "delta" and not a.decorations and not a.bold and len(at) == 2:
            return sympy.KroneckerDelta(*at)  # label smoothing's \delta_{k,y_n}: 1 at sample n's class
        base = sympy.IndexedBase(r.name, real=True)
        self.symbols.setdefault(r.key, base)
        self.latex_names.setdefault(base, base_latex(a))
        return base[tuple(at)]

    def _bound_atom(self, a: AtomSpec, r: NameRole) -> sympy.Basic:
        if r.kind == "index":
            return self.index(r.name)  # the summation index used in the body: \beta^{t-k}
        if r.kind == "family" and r.positions is not None:
            return self._positions(a, r)
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
        step = f"^{{({a.sample})}}" if a.sample is not None and not a.sample.isdigit() else ""  # h^k, h^{k-1}
        tex = base_latex(a) + step + (f"_{{{a.sub.text}}}" if a.sub else "")
        self.latex_names.setdefault(obj, tex)
        self.symbols.setdefault(r.key, obj)
        if r.kind == "time":
            self.time_series.setdefault(r.series, {})[r.offset] = obj
        return sympy.Transpose(obj) if a.transpose and kind is not None else obj

    def _family_element(self, a: AtomSpec, r: NameRole) -> sympy.Basic:
        idx = [self._index_at(letter, off) for letter, off in r.indices] if r.linear is None \
            else computed_indices(r.linear, self._position_letter(a, r.linear), self._stride)
        if (a.base == "delta" and not a.decorations and not a.bold and len(idx) == 2 and a.sample is None
                and a.spelling.replace(" ", "") not in self.defined_deltas):  # \delta_k(n): δ_k at step n, no Kronecker
            return sympy.KroneckerDelta(*idx)
        base = sympy.IndexedBase(r.name, **({"integer": True} if self._is_label(a) else {"real": True}))
        self.symbols.setdefault(r.key, base)
        self.latex_names.setdefault(base, base_latex(a) + (f"_{{{r.label}}}" if r.label else ""))
        if a.bold or r.name in self.vector_families or member_declared(a, self.declared):  # x^{(i)} \in R^n
            self.shapes.setdefault(r.name, (self._length_for_key(r.key), self.dims.fresh(r.name)))
            self.vector_families.add(r.name)
        return base[tuple(idx)] if len(idx) > 1 else base[idx[0]]

    def _position_letter(self, a: AtomSpec, linear: Any) -> Callable[[str], sympy.Basic]:
        """A computed position's letter: its index, or the number an offset is (T of ``y_{T+i}``, noted once per
        letter at its first entry: ``offset-position``)."""
        offsets = offset_letters(linear, self.letters | set(self.sum_names), self.bound_letters)
        for letter in offsets:
            if letter not in self.offset_letters:
                self.offset_letters.add(letter)
                k = next(k for k, x in self.atoms.items() if x is a)
                self._note("offset-position", self.ph[k].span, letter=letter, name=a.base_latex)
        return lambda letter: self._stride(letter) if letter in offsets else self.index(letter)

    def _stride(self, name: str) -> sympy.Basic:
        """The number a strided position multiplies its index by (``s`` of pooling's ``x_{is+a}``): the scalar that
        name is anywhere in the formula (``\\text{stride}`` for a word)."""
        key = name if len(name) == 1 else f"\\text{{{name}}}"
        obj = self.symbols.setdefault(key, sympy.Symbol(name, real=True))
        self.latex_names.setdefault(obj, key)
        return obj

    def _index_at(self, letter: str, off: int) -> sympy.Basic:
        """A family's position at index ``letter`` plus ``off``: a label's value, a bound's value (g_t), or the
        index."""
        if letter in self.value_labels:
            return self._value_label(letter)
        if letter in self.bound_values:  # g_t: the bound t's value
            return sympy.Symbol(letter, real=True) + off
        return self.index(letter) + off

    def _value_label(self, letter: str) -> sympy.Basic:
        label = self.symbols.setdefault(letter, Label(letter, integer=True))
        self.latex_names.setdefault(label, letter)
        return label

    def _length_for_key(self, key: str) -> sympy.Symbol:
        if key not in self.lengths:
            clean = "".join(ch for ch in key if ch.isalnum()) or "x"
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
        from symdl.bind.fnentry import expression_entry_length
        from symdl.bind.groupentry import entry_length

        if (n := entry_length(self, index) or expression_entry_length(self, index)) is not None:
            return n  # \sum_j \exp((W\mathbf{x})_j), \sum_k \tanh(W\mathbf{x})_k: j, k run over W x

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


def _outside_brackets(source: str, p: int, b: int) -> bool:
    """Is the sign at ``p`` outside any bracket that closes before ``b``?  In SwiGLU's ``(xW_1 * \\mathrm{SiLU}(xV))
    W_2`` the ``*`` is inside the parenthesis and so not between the parenthesis and ``W_2`` (a matrix product)."""
    depth = 0
    for ch in source[p:b]:
        depth += {"(": 1, "[": 1, ")": -1, "]": -1}.get(ch, 0)
        if depth < 0:
            return False
    return True

