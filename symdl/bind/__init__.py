"""Stage 2, bind: placeholders → the SymPy objects a deep-learning reader means.

:func:`bind` takes the reader's statements and produces the public
:class:`~symdl.formula.Formula`: names become scalars, indexed families, time
series or matrices (see :mod:`symdl.bind.names` and :mod:`symdl.bind.shapes`),
calls become functions, and each statement gets its kind.
"""

from __future__ import annotations

import itertools
import sys
from typing import Any

import sympy

from symdl.bind import build, sequences
from symdl.bind.dims import DimInference
from symdl.bind.layout import row_biases
from symdl.bind.names import (
    NameRole,
    base_latex,
    base_name,
    entry_labels,
    entry_letters,
    index_letters,
    is_bare,
    matrix_labels,
    role,
    time_bases,
    word_labels,
)
from symdl.bind.shapes import declared_shape, kind_of_letter, promotable, seed_kind
from symdl.bind.statements import make_statement
from symdl.bind.valuekind import value_kind
from symdl.budget import meter
from symdl.config import DEFAULT, Config
from symdl.errors import InvalidInput, Note, NotSupported, SymdlError
from symdl.formula import Formula, Label
from symdl.functions import MATRIX_TO_NUMBER
from symdl.read import ReadResult
from symdl.read.notes import note
from symdl.read.syntax import AtomSpec, Placeholder, SubscriptSpec, placeholder_id


def _identity(a: AtomSpec) -> tuple[object, ...]:
    return (*a.family_key_parts(), a.sub.text if a.sub else None, a.sample)


class Binder:
    """Binds one formula; see :func:`bind`."""

    def __init__(self, rr: ReadResult, config: Config) -> None:
        self.rr = rr
        self.source = rr.source
        self.ph = rr.placeholders
        self.atoms = {k: p.data["atom"] for k, p in self.ph.items() if p.kind == "atom"}
        self.letters = index_letters(self.ph)
        self.times = time_bases(list(self.atoms.values()))
        self.sum_names = {p.data["name"] for p in self.ph.values() if p.kind == "index"}
        #: \sum_{i \in B}: the set's spelling → the index running over it (|B| is the number of i)
        self.sets = {p.data["set"]: p.data["name"] for p in self.ph.values() if p.kind == "index" and p.data.get("set")}
        self.entry_labels = entry_labels(self.ph, config.labels)  # y_i of s_{y_i}: an integer wherever written
        self.roles = {k: self._role(a) for k, a in self.atoms.items()}
        for k, a in self.atoms.items():
            if a.sub is not None and a.sub.nested:
                raise NotSupported(
                    "a subscript with an indexed name among other indices",
                    source=self.source,
                    span=self.ph[k].span,
                    hint="one label per subscript reads (s_{y_i}: entry y_i of s); for a name, write s_{\\text{...}}",
                )
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
        self.exprs = self._all_exprs()  # fixed for the formula: walked by every propagation pass
        self.kinds = self._infer_kinds()
        self.row_biases = row_biases(self, self.kinds)  # d2l's X W + b: the bias is a row (symdl.bind.layout)
        inference = DimInference(self)
        self.dim_shapes = inference.run()
        self._no_collapsed_vectors()
        self.literal_shapes = inference.literal_shapes()
        self.cache: dict[int, sympy.Basic] = {}
        #: reading notes of the rules that decide meaning by shape (softmax of a matrix is row by row)
        self.notes: list[Note] = []
        for why, found in (("in matrix algebra no sum binds it and no other name carries it (attention's d_k)",
                            matrix_labels(self.ph)),
                           ("it stands beside letters that are not indices (PyTorch's W_{ih})", word_labels(self.ph))):
            for letter, labelled in found.items():
                for p in labelled:
                    sub = p.data["atom"].sub
                    if sub is not None and len(sub.text) > 2 and sub.text.isalpha():
                        continue  # a word (lr_{min}, W_{init}): plainly a label, no note
                    text = self.source[p.span.start : p.span.end]
                    self.notes.append(note("subscript-label", p.span, {"text": text, "letter": letter, "why": why}))
        for letter, entries in entry_letters(self.ph).items():
            for p in entries:
                text = self.source[p.span.start : p.span.end]
                self.notes.append(note("family-entry", p.span, {"text": text, "letter": letter,
                                                                "name": p.data["atom"].base_latex}))
        self._index_values()
        for p in self.ph.values():
            if p.kind == "atom" and (sub := p.data["atom"].sub) is not None and sub.entry is not None:
                text = self.source[p.span.start : p.span.end]
                self.notes.append(note("label-entry", p.span, {"text": text, "label": sub.text,
                                                               "name": p.data["atom"].base_latex}))
        for k in self.row_biases.values():
            span = self.ph[k].span
            self.notes.append(note("bias-row", span, {"text": self.source[span.start : span.end]}))
        self.symbols: dict[str, sympy.Basic] = {}
        self.latex_names: dict[sympy.Basic, str] = {}
        self.lengths: dict[str, sympy.Symbol] = {}
        self.index_syms: dict[str, sympy.Symbol] = {}
        self.time_series: dict[str, dict[int, sympy.Basic]] = {}
        self.labels: dict[sympy.Basic, str] = {}
        self.shapes: dict[str, tuple[object, object]] = {}
        self.dims = inference.dims  # fresh dimensions for element shapes of vector families

    # -- shapes ------------------------------------------------------------------
    def _infer_kinds(self) -> dict[tuple[object, ...], str]:
        kinds: dict[tuple[object, ...], str] = {}
        for k, a in self.atoms.items():
            if self.roles[k].kind == "family":
                continue
            s = seed_kind(a, self.declared)
            if s is not None and s != "scalar":
                kinds[_identity(a)] = s
        for _ in range(4):
            before = len(kinds)
            self._propagate(kinds)
            if len(kinds) == before:
                break
        return kinds

    def _propagate(self, kinds: dict[tuple[object, ...], str]) -> None:
        nonscalar_bases = {a.base for k, a in self.atoms.items() if _identity(a) in kinds}
        for k, a in self.atoms.items():
            if self.roles[k].kind == "family" or not promotable(a) or _identity(a) in kinds:
                continue
            if declared_shape(a, self.declared) == ():
                continue
            if a.d_of and a.d_of in nonscalar_bases:
                kinds[_identity(a)] = kind_of_letter(a)
        for p in self.ph.values():
            if p.kind == "hadamard":
                for op in p.data["operands"]:
                    self._promote_atoms_in(op.expr, kinds)
            elif p.kind == "call" and p.data.get("known") in MATRIX_TO_NUMBER and len(p.data["args"]) == 1:
                self._promote_atoms_in(p.data["args"][0].expr, kinds, kind="matrix", any_name=True)  # \det(\Sigma)
            elif p.kind == "norm" and p.data.get("p") == "F":
                self._promote_atoms_in(p.data["inner"].expr, kinds, kind="matrix", any_name=True)  # \|W\|_F
        for e in self.exprs:
            for m in sympy.preorder_traversal(e):
                if isinstance(m, sympy.Mul):
                    self._promote_after_matrix(m, kinds)
                elif isinstance(m, sympy.Add) and self._has_array_term(m, kinds):
                    self._promote_atoms_in(m, kinds)  # W x - y: y is a vector too
        for st in self.rr.statements:
            exprs = [s.expr for s in st.sides]
            if any(self._has_nonscalar(e, kinds) for e in exprs):
                bare = [self._atom_of(e) for e in exprs]  # ŷ = A^{[2]}: a name equal to a matrix is a matrix
                matrix = any(a is not None and kinds.get(_identity(a)) == "matrix" for a in bare)
                for e in exprs:
                    self._promote_atoms_in(e, kinds, kind="matrix" if matrix else None)

    def _all_exprs(self) -> list[sympy.Basic]:
        """Every placeholder-level expression: statement sides and the insides of placeholders."""
        out = [s.expr for st in self.rr.statements for s in st.sides]
        for p in self.ph.values():
            for value in p.data.values():
                for item in value if isinstance(value, list) else [value]:
                    for x in item if isinstance(item, (list, tuple)) else [item]:
                        if hasattr(x, "expr") and isinstance(getattr(x, "expr", None), sympy.Basic):
                            out.append(x.expr)
        return out

    def _has_array_term(self, add: sympy.Add, kinds: dict[tuple[object, ...], str]) -> bool:
        """Does a term of this sum surely have a vector/matrix value (a bare vector, or a product with a matrix)?

        ``\\mathbf{w} \\cdot \\mathbf{x} + b`` does not: a product of vectors may be a number.
        """
        for t in add.args:
            atoms = [self.atoms[k] for f in sympy.Mul.make_args(t) if (k := placeholder_id(f)) in self.atoms]
            factors = [f for f in sympy.Mul.make_args(t) if not f.is_number]
            if len(factors) == 1 and atoms and kinds.get(_identity(atoms[0])):
                return True
            if any(kinds.get(_identity(a)) == "matrix" for a in atoms):
                return True
        return False

    def _atom_of(self, e: sympy.Basic) -> AtomSpec | None:
        k = placeholder_id(e)
        return self.atoms.get(k) if k is not None else None

    def _has_nonscalar(self, e: sympy.Basic, kinds: dict[tuple[object, ...], str]) -> bool:
        """Is the value of ``e`` a vector or matrix (``w^T x + b`` is a number: :mod:`symdl.bind.valuekind`)?"""
        return value_kind(self, e, kinds) != "scalar"

    def _promote_atoms_in(
        self, e: sympy.Basic, kinds: dict[tuple[object, ...], str], *, kind: str | None = None, any_name: bool = False
    ) -> None:
        """Make the operands of ``e`` vectors or matrices (``kind``, else by their letter's case); Latin letters
        only, unless ``any_name`` (inside ``\\det``: ``\\Sigma`` is a matrix too)."""
        terms = sympy.Add.make_args(e)
        for t in terms:
            for f in sympy.Mul.make_args(t):
                if isinstance(f, sympy.Pow) and f.exp.is_positive:
                    f = f.base  # (1 - A^2): A is an operand too (but not m in 1/m)
                a = self._atom_of(f)
                if a is not None and (any_name or promotable(a)) and declared_shape(a, self.declared) != ():
                    k = placeholder_id(f)
                    if k is not None and self.roles[k].kind != "family":
                        kinds.setdefault(_identity(a), kind or kind_of_letter(a))

    def _promote_after_matrix(self, m: sympy.Mul, kinds: dict[tuple[object, ...], str]) -> None:
        facs = [
            (self.ph[k].span.start, self.atoms[k], k)
            for f in m.args
            if (k := placeholder_id(f)) is not None and k in self.atoms
        ]
        facs.sort(key=lambda t: t[0])
        for (_, prev, _), (_, cur, kc) in itertools.pairwise(facs):
            if (
                kinds.get(_identity(prev)) == "matrix"
                and promotable(cur)
                and self.roles[kc].kind != "family"
                and declared_shape(cur, self.declared) != ()
            ):
                kinds.setdefault(_identity(cur), kind_of_letter(cur))
        # an upper-case name right before a vector is a matrix: W_i [h_{t-1}; x_t], W \\mathbf{x}
        placed = sorted(
            (self.ph[k].span.start, k) for f in m.args if (k := placeholder_id(f)) is not None and k in self.ph
        )
        for (_, kp), (_, kn) in itertools.pairwise(placed):
            prev, nxt = self.atoms.get(kp), self.atoms.get(kn)
            if prev is not None and prev.transpose and nxt is not None and promotable(nxt) and not nxt.transpose:
                if self.roles[kn].kind != "family" and declared_shape(nxt, self.declared) != ():
                    kinds.setdefault(_identity(nxt), kind_of_letter(nxt))  # \theta^T x: x is a vector
                continue
            if prev is None or not promotable(prev) or not (prev.d_of or prev.base)[:1].isupper():
                continue
            if self.roles[kp].kind == "family" or declared_shape(prev, self.declared) == ():
                continue
            nxt = self.atoms.get(kn)
            if self.ph[kn].kind in ("vector", "concat") or (nxt is not None and kinds.get(_identity(nxt))):
                kinds.setdefault(_identity(prev), "matrix")

    # -- objects -------------------------------------------------------------------
    def obj(self, k: int) -> sympy.Basic:
        if k not in self.cache:
            self.cache[k] = self._build(self.ph[k])
        return self.cache[k]

    def conv(self, p: Any) -> sympy.Basic:
        return self.convert_expr(p.expr)

    def convert_expr(self, e: sympy.Basic) -> sympy.Basic:
        """Convert a placeholder-level expression (sequences with ``\\dots`` included)."""
        return build.convert(
            e, self.obj, self.ph, special=lambda x: sequences.sequence(self, x), dot_between=self.dot_between,
            notes=self.notes, source=self.source,
        )

    def dot_between(self, a: int, b: int) -> bool:
        """Was a product sign written between source positions ``a`` and ``b``?"""
        return any(a < p < b for p in self.rr.dot_positions)

    def literal_shape(self, k: int) -> tuple[object, object]:
        """The inferred shape of the explicit vector or matrix at placeholder ``k``."""
        return self.literal_shapes[k]

    def _index(self, name: str) -> sympy.Symbol:
        if name not in self.index_syms:
            self.index_syms[name] = sympy.Symbol(name, integer=True)
        return self.index_syms[name]

    def _build(self, p: Placeholder) -> sympy.Basic:
        d = p.data
        if p.kind == "atom":
            return self._atom(p.id, d["atom"])
        if p.kind == "call":
            args = [self.conv(a) for a in d["args"]]
            value = build.call(d.get("known"), d.get("callee"), args, p.span, self.source, self.sigma_is_std,
                               self.notes)
            return build.derivative_of_known(d["known"], args, d["primes"]) if d.get("primes") else value
        if p.kind == "group":
            return self.conv(d["inner"])
        if p.kind == "constvec":
            rows, cols = self.literal_shapes[p.id]
            return sympy.ZeroMatrix(rows, cols) if d["value"] == 0 else sympy.OneMatrix(rows, cols)
        if p.kind == "index":
            return self._index(d["name"])
        if p.kind == "length":
            return self._length(d["index"])
        if p.kind in ("grad", "deriv"):
            return self._derivative(p)
        if p.kind == "label":
            inner = self.conv(d["inner"])
            if d["label"]:
                self.labels[inner] = d["label"]
            return inner
        if p.kind == "transpose":
            inner = self.conv(d["inner"])
            return sympy.Transpose(inner) if build.is_mat(inner) else inner
        if p.kind == "hadamard":
            ops = [self.conv(o) for o in d["operands"]]
            mats = [o for o in ops if build.is_mat(o)]
            scal = sympy.Mul(*[o for o in ops if not build.is_mat(o)])
            if not mats:
                return scal
            had = mats[0] if len(mats) == 1 else sympy.HadamardProduct(*mats)
            return had if scal == 1 else scal * had
        if p.kind == "matrix":
            return sympy.ImmutableMatrix([[self.conv(c) for c in row] for row in d["rows"]])
        if p.kind == "vector":
            if any(
                placeholder_id(c.expr) is not None and self.ph[placeholder_id(c.expr)].kind == "dots"
                for c in d["parts"]
            ):
                return sequences.constant_vector(self, [c.expr for c in d["parts"]], p.id)
            return sympy.ImmutableMatrix([[self.conv(c)] for c in d["parts"]])
        if p.kind == "dots":
            raise NotSupported(
                "this use of \\dots",
                source=self.source,
                span=p.span,
                hint="write x_1 + x_2 + \\dots + x_n, [0, \\dots, 0], or a \\sum",
            )
        if p.kind == "concat":
            parts = [self.conv(c) for c in d["parts"]]
            if all(build.is_mat(x) for x in parts):
                return sympy.BlockMatrix([[x] for x in parts])
            if any(build.is_mat(x) for x in parts):
                raise NotSupported(
                    "concatenating a vector with a scalar",
                    source=self.source,
                    span=p.span,
                    hint="make both parts vectors (\\mathbf{c}_t; \\mathbf{h}_t)",
                )
            return sympy.ImmutableMatrix([[x] for x in parts])
        if p.kind == "abs":
            size = self._size_of_set(d["inner"])
            return size if size is not None else build.elementwise(sympy.Abs, self.conv(d["inner"]))
        if p.kind == "norm":
            return self._norm(p)
        if p.kind == "piecewise":
            return self._piecewise(p)
        raise NotSupported(f"the construct {p.kind}", source=self.source, span=p.span)

    def _atom(self, k: int, a: AtomSpec) -> sympy.Basic:
        return self._bound_atom(a, self.roles[k])

    def _is_label(self, a: AtomSpec) -> bool:
        """Whether ``a`` is a label that picks entries (``y_i`` beside ``s_{y_i}``): an integer."""
        terms = a.sub.terms if a.sub is not None else None
        plain = not (a.bold or a.decorations or a.primes or a.layer or a.sample or a.transpose)
        return plain and terms is not None and len(terms) == 1 and (a.base, terms[0][0]) in self.entry_labels

    def _no_collapsed_vectors(self) -> None:
        """Refuse a bold vector or matrix whose shape came out 1×1 without a declaration: something scalar was
        taken for it (an element x^{(i)} of a family of vectors is a number to SymPy), so the reading is wrong."""
        for k, a in self.atoms.items():
            shape = self.dim_shapes.get(_identity(a))
            if a.bold and shape == (1, 1) and declared_shape(a, self.declared) is None:
                raise NotSupported(
                    f"{a.spelling} is a vector, but here it would be a single number: families of vectors "
                    "(x^{(i)}) in matrix products are not read yet",
                    source=self.source,
                    span=self.ph[k].span,
                    hint="write the batch as a matrix (\\mathbf{X}^T(\\mathbf{X}\\mathbf{w} - \\mathbf{y})), "
                    "or declare the shapes",
                )

    def _size_of_set(self, inner: Any) -> sympy.Basic | None:
        """``|B|`` of a set a sum runs over (``\\sum_{i \\in B}``): the number of i, else None (an absolute value)."""
        k = placeholder_id(inner.expr) if isinstance(inner.expr, sympy.Symbol) else None
        atom = self.atoms.get(k) if k is not None else None
        spelling = atom.spelling.replace(" ", "") if atom is not None else ""
        return self._length(self.sets[spelling]) if spelling in self.sets else None

    def _index_values(self) -> None:
        """A bare letter that indexes a family elsewhere in the formula is that index's value: ``k`` in
        ``\\mathbb{1}(k = y_i)`` beside ``s_k`` (cs231n's gradient of the SVM loss), with a reading note."""
        letters = {letter for r in self.roles.values() if r.kind == "family" for letter, _ in r.indices}
        noted = set(entry_letters(self.ph))  # s_c beside \sum_j e^{s_j}: the family-entry note says it already
        skipped = {  # the i of \sum_{j \neq i}: plainly an index value
            placeholder_id(sym)
            for p in self.ph.values()
            if p.kind == "index" and p.data.get("excluded") is not None
            for sym in p.data["excluded"].expr.free_symbols
        }
        for k, a in self.atoms.items():
            if self.roles[k].kind == "scalar" and is_bare(a) and not a.transpose and not a.greek and a.base in letters:
                self.roles[k] = NameRole("index", a.base, a.spelling)
                if a.base in noted or k in skipped:
                    continue
                span = self.ph[k].span
                self.notes.append(note("index-value", span, {"text": self.source[span.start : span.end]}))

    def _role(self, a: AtomSpec) -> NameRole:
        """How ``a`` is bound; a label (``y_i`` of ``s_{y_i}``) is one integer unless a sum runs over its index
        (then a family of integers, ``y[i]``), so that a claim reads it as its formula does."""
        r = role(a, self.letters, self.times, self.sum_names)
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
        if a.bold:
            self.shapes[r.name] = (self._length_for_key(r.key), self.dims.fresh(r.name))
        return base[at]

    def _bound_atom(self, a: AtomSpec, r: NameRole) -> sympy.Basic:
        if r.kind == "index":
            return self._index(r.name)  # the summation index used in the body: \beta^{t-k}
        number = {"integer": True} if self._is_label(a) else {"real": True}
        if r.kind == "family" and r.entry is not None:
            return self._entry(a, r)
        if r.kind == "family":
            idx = [self._index(letter) + off for letter, off in r.indices]
            if a.base == "delta" and not a.decorations and not a.bold and len(idx) == 2:
                return sympy.KroneckerDelta(*idx)
            base = sympy.IndexedBase(r.name, **number)
            self.symbols.setdefault(r.key, base)
            self.latex_names.setdefault(base, base_latex(a) + (f"_{{{r.label}}}" if r.label else ""))
            if a.bold:
                self.shapes[r.name] = (self._length_for_key(r.key), self.dims.fresh(r.name))
            return base[tuple(idx)] if len(idx) > 1 else base[idx[0]]
        kind = self.kinds.get(_identity(a))
        if kind is not None:
            shape = self._matrix_shape(a, kind, r.name)
            obj: sympy.Basic = sympy.MatrixSymbol(r.name, *shape)
            self.shapes[r.name] = shape
        elif "integer" in number:
            obj = Label(r.name, integer=True)
        else:
            obj = sympy.Symbol(r.name, real=True)
        tex = base_latex(a) + (f"_{{{a.sub.text}}}" if a.sub else "")
        self.latex_names.setdefault(obj, tex)
        self.symbols.setdefault(r.key, obj)
        if r.kind == "time":
            self.time_series.setdefault(r.series, {})[r.offset] = obj
        return sympy.Transpose(obj) if a.transpose and kind is not None else obj

    def _matrix_shape(self, a: AtomSpec, kind: str, name: str) -> tuple[object, object]:
        return self.dim_shapes[_identity(a)]

    def _length_for_key(self, key: str) -> sympy.Symbol:
        clean = "".join(ch for ch in key if ch.isalnum()) or "x"
        if key not in self.lengths:
            n = self.lengths[key] = sympy.Symbol(f"N_{clean}", integer=True, positive=True)
            family = next(
                (b for b in self.latex_names if isinstance(b, sympy.IndexedBase) and self.symbols.get(key) is b), None
            )
            self.latex_names[n] = f"N_{{{self.latex_names[family]}}}" if family is not None else f"N_{{{key}}}"
        return self.lengths[key]

    def _length(self, index: str) -> sympy.Symbol:
        """The upper bound a sum over ``index`` left out: the length of the axis it indexes (``\\sum_i \\sum_j
        x_{ij}`` runs i over the rows and j over the columns)."""
        for _k, r in self.roles.items():
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

    def _derivative(self, p: Placeholder) -> sympy.Basic:
        of = self.conv(p.data["of"])
        wrt_p = p.data.get("wrt")
        if wrt_p is None:
            if isinstance(of, sympy.core.function.AppliedUndef) and len(of.args) == 1:
                return sympy.Derivative(of, of.args[0])
            sym = sympy.Symbol(r"\nabla " + str(of), real=True)
            self.symbols.setdefault(self.source[p.span.start : p.span.end].replace(" ", ""), sym)
            self.latex_names.setdefault(sym, r"\nabla " + sympy.latex(of))
            return sym
        wrt = self.conv(wrt_p)
        if isinstance(of, sympy.Symbol):
            of = sympy.Function(of.name)(wrt)
        elif isinstance(of, sympy.core.function.AppliedUndef) and not of.has(wrt) and len(of.args) == 1:
            of = of.func(wrt)  # \frac{\partial}{\partial \theta_j} J(\theta): J as a function of \theta_j
        elif isinstance(of, sympy.MatrixSymbol):
            of = sympy.Function(str(of))(wrt)
        elif not of.has(wrt):
            # \nabla_\theta \log p(x): the dependence on \theta is implicit; keep the derivative as written
            return sympy.Derivative(of, wrt, evaluate=False)
        if build.is_mat(wrt):
            # The gradient of a scalar with respect to a vector or matrix has its shape.
            name = f"nabla_{{{wrt}}} {of}"
            grad = sympy.MatrixSymbol(name, *wrt.shape)
            self.latex_names.setdefault(grad, rf"\nabla_{{{self._tex(wrt)}}} {self._tex(of)}")
            return grad
        return sympy.Derivative(of, wrt)

    def _tex(self, e: sympy.Basic) -> str:
        names = {k: v for k, v in self.latex_names.items() if isinstance(k, sympy.Symbol)}
        return sympy.latex(e, symbol_names=names)

    def _norm(self, p: Placeholder) -> sympy.Basic:
        inner = self.conv(p.data["inner"])
        if not build.is_mat(inner):
            return sympy.Abs(inner)
        if p.data["p"] in ("2", "F"):
            return sympy.sqrt(sympy.Trace(sympy.MatMul(sympy.Transpose(inner), inner)))
        if p.data["p"] == "1" and inner.shape[1] == 1:  # \|\mathbf{w}\|_1 (lasso, L1 decay): 1^T |w|
            ones = sympy.OneMatrix(1, inner.shape[0])
            return sympy.Trace(sympy.MatMul(ones, build.elementwise(sympy.Abs, inner)))
        what = "a matrix (the entry-wise sum or the induced norm?)" if p.data["p"] == "1" else "a vector"
        raise NotSupported(
            f"the {p.data['p']}-norm of {what}",
            source=self.source,
            span=p.span,
            hint="symdl reads the 2-norm and the Frobenius norm of vectors and matrices, and the 1-norm of vectors",
        )

    def _piecewise(self, p: Placeholder) -> sympy.Basic:
        ops = {"==": sympy.Eq, ">": sympy.Gt, "<": sympy.Lt, ">=": sympy.Ge, "<=": sympy.Le, "!=": sympy.Ne}
        pieces = []
        for value, cond in p.data["rows"]:
            v = self.conv(value)
            c = True if cond is None else ops[cond[1]](self.conv(cond[0]), self.conv(cond[2]))
            pieces.append((v, c))
        return sympy.Piecewise(*pieces)


def bind(rr: ReadResult, *, config: Config = DEFAULT) -> Formula:
    """Turn the reader's statements into a :class:`Formula`.

    Raises:
        SymdlError: a name used inconsistently, shapes that do not fit, or an unsupported construct.
    """
    b = Binder(rr, config)
    try:
        statements = [make_statement(b, st) for st in rr.statements]
    except SymdlError as err:
        if not err.source:  # raised where only positions are known (build.mul)
            err.source = rr.source
        raise
    except (TypeError, ValueError, AttributeError, KeyError, IndexError, sympy.ShapeError, NotImplementedError) as exc:
        span = rr.statements[0].span if rr.statements else None
        raise InvalidInput(
            f"cannot make sense of this formula ({exc})".replace("\n", " ")[:300],
            source=rr.source,
            span=span,
            hint="check the shapes of vectors and matrices, and that every function gets arguments",
        ) from None
    _no_placeholder_left(statements, rr)
    kind = statements[0].kind if len(statements) == 1 else "system"
    free = _free_indices(statements, b)
    return Formula(
        source=rr.source,
        kind=kind,
        statements=tuple(statements),
        symbols=dict(b.symbols),
        latex_names=dict(b.latex_names),
        shapes=dict(b.shapes),
        lengths=dict(b.lengths),
        indices=tuple(b.index_syms.values()),
        free_indices=free,
        time_series=dict(b.time_series),
        warnings=tuple(rr.repairs),
        notes=tuple(sorted(dict.fromkeys((*rr.notes, *b.notes)), key=lambda n: (n.span.start, n.span.end))),
    )


def _free_indices(statements: list[Any], b: Binder) -> tuple[sympy.Symbol, ...]:
    idx = set(b.index_syms.values())
    free: list[sympy.Symbol] = []
    for st in statements:
        for e in (st.rhs,) if st.lhs is None else (st.lhs, st.rhs):
            for s in sorted(e.free_symbols & idx, key=str):
                if s not in free:
                    free.append(s)
    return tuple(free)




#: The largest float64; exact numbers above it (2^{1000000}, 1e999) are refused.
FLOAT64_MAX = int(sys.float_info.max)


def _too_big(node: sympy.Basic) -> bool:
    if isinstance(node, sympy.Rational):  # above float64's maximum, or with a denominator past 1e330
        return abs(int(node.p)) > FLOAT64_MAX * int(node.q) or int(node.q).bit_length() > 1100
    if isinstance(node, sympy.Float):
        return bool(abs(node) > sympy.Float(sys.float_info.max))
    return False


def _shown(n: sympy.Integer) -> str:
    """An integer for a message: in full when short, else by its size (str() refuses 4 300+ digits)."""
    k = int(n).bit_length()
    return str(n) if k < 200 else f"{'-' if n < 0 else ''}(a number of about {int(k * 0.30103)} digits)"


def _no_placeholder_left(statements: list[Any], rr: ReadResult) -> None:
    """Guards: a placeholder that survived binding means the text was misread; a huge power cannot be worked with."""
    for st in statements:
        for e in (st.rhs,) if st.lhs is None else (st.lhs, st.rhs):
            for node in sympy.preorder_traversal(e):
                exp = getattr(node, "exp", None) if isinstance(node, (sympy.Pow, sympy.HadamardPower)) else None
                if isinstance(exp, sympy.Integer):
                    meter().require("exponent", abs(int(exp)), what=f"the power ^{_shown(exp)}", source=rr.source,
                                    span=st.span)
                if _too_big(node):
                    raise NotSupported(
                        "a number here is beyond the float64 range (above 1.8e308, or an exact fraction below 1e-330)",
                        source=rr.source,
                        span=st.span,
                        hint="write it with a symbol (N) or as a power of ten kept small (10^{8})",
                    )
                if node in (sympy.zoo, sympy.nan):
                    raise InvalidInput(
                        "this statement divides by zero: its value is undefined",
                        source=rr.source,
                        span=st.span,
                        hint="check the denominators (a literal 0, or 0^{-1})",
                    )
                name = getattr(node, "name", None)
                if not isinstance(name, str):
                    name = getattr(getattr(node, "func", None), "__name__", "")
                if name.startswith("Q_") and placeholder_id(sympy.Symbol(name)) is not None:
                    raise InvalidInput(
                        "part of this statement could not be read",
                        source=rr.source,
                        span=st.span,
                        hint="check for a missing operator or a misspelt command",
                    )
