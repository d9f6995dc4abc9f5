"""Dimensions of vectors and matrices, unified across a whole formula.

Each non-scalar name starts with its own row and column dimensions (declared
ones are fixed).  Walking every statement: a product ties the columns of each
factor to the rows of the next, a sum or ``\\odot`` ties its terms' shapes
(except that a column vector added to a matrix broadcasts, as a bias does), a
transpose swaps, and the sides of ``=`` are tied together.  Unresolved classes
get readable names ``n_1, n_2, ...`` in order of appearance.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING, Any

import sympy

from symdl.bind.identity import has_identity_term, is_square_identity
from symdl.bind.names import identity
from symdl.bind.outers import members as outer_members
from symdl.bind.shapes import Dims, declared_shape
from symdl.bind.sizedidentity import identity_size
from symdl.errors import InvalidInput, SymdlError
from symdl.functions import OverIndex
from symdl.read.power import Power, Reciprocal
from symdl.read.syntax import placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder

Shape = tuple[Any, Any]


class DimInference:
    """Computes :attr:`shapes` (identity → (rows, cols)) for a binder's non-scalar names."""

    def __init__(self, b: Binder) -> None:
        self.b = b
        self.dims = Dims(b.source)
        self.start: dict[tuple[object, ...], Shape] = {}
        self.fresh: set[Any] = set()
        self.literal: dict[int, Shape] = {}
        self.call_lengths: dict[tuple[object, ...], Any] = {}  # a bold function's value length, one per function
        #: |\Sigma| of a matrix (its determinant): placeholder → the matrix's shape
        self.determinants: dict[int, Shape] = {}
        self.member_rows: dict[str, Any] = {}  # a family of vectors' row length, for x_n x_n^T's shape

    def new(self) -> sympy.Symbol:
        """A fresh dimension, named later (n_1, n_2 ...) unless unified with a known one."""
        d = self.dims.fresh("")
        self.fresh.add(d)
        return d

    def atom_shape(self, k: int) -> Shape | None:
        a = self.b.atoms[k]
        ident = identity(a)
        kind = self.b.kinds.get(ident)
        if kind is None or self.b.roles[k].kind == "family":
            return None
        if ident not in self.start:
            decl = declared_shape(a, self.b.declared)
            if decl:
                dims = [_dim(x) for x in decl]
                self.dims.declared.update(d for d in dims if isinstance(d, sympy.Symbol))
                row = len(dims) == 1 and (ident in self.b.row_biases or ident in self.b.row_vectors)
                self.start[ident] = (1, dims[0]) if row else (dims[0], dims[1] if len(dims) > 1 else 1)  # X W^T + b
            elif kind == "vector" and (ident in self.b.row_biases or ident in self.b.row_vectors):
                self.start[ident] = (1, self.new())  # d2l's X W + b: a row added to every row
            elif kind == "vector":
                self.start[ident] = (self.new(), 1)
            elif is_square_identity(a):  # I, \mathbf{I} read as a matrix: the identity, square
                d = self.new()
                self.start[ident] = (d, d)
            elif (size := identity_size(a, self.b.letters)) is not None:  # Shampoo's I_m: m × m
                self.start[ident] = (size, size)
            else:
                self.start[ident] = (self.new(), self.new())
        r, c = self.start[ident]
        return (c, r) if a.transpose else (r, c)

    def run(self) -> dict[tuple[object, ...], Shape]:
        for st in self.b.rr.statements:
            shapes = [self.shape(s.expr) for s in st.sides]
            shapes = self._numerator_layout(st, shapes)
            if self._defined_call(st):  # h_{W,b}(X) = \phi(XW + b): the value is the right side's, not X's shape
                shapes[0] = None
            known = [s for s in shapes if s is not None]
            for s in known[1:]:
                self.unify(known[0], s, st.span, broadcast=False)
            if st.asserted is not None:  # d2l's softmax(Q K^T / \sqrt{d}) V \in \mathbb{R}^{n \times v}
                self.assert_shape(shapes[-1], st.asserted, st.asserted_span)
        self._same_series()
        for first, second, span in self.dims.equated:  # W \in \mathbb{R}^{m \times n}, then W x with x of d: n = d
            self.b._note("declared-dims-equal", span, first=sympy.latex(first), second=sympy.latex(second))
        self.square_by_abs = self.square_determinants()
        self.names: dict[Any, Any] = {}
        for shape in self.start.values():
            for d in shape:
                root = self.dims.find(d)
                if root in self.names or isinstance(root, int):
                    continue
                if root not in self.fresh:
                    self.names[root] = root  # a declared dimension keeps its name
                else:
                    count = sum(1 for v in self.names.values() if v.name.startswith("n_")) + 1
                    self.names[root] = sympy.Symbol(f"n_{count}", integer=True, positive=True)
        return {ident: self.resolve(shape) for ident, shape in self.start.items()}

    def _same_series(self) -> None:
        """One quantity at two steps has one shape (Géron's \\hat{\\mathbf{Y}}_{(t)} and
        \\hat{\\mathbf{Y}}_{(t-1)}, an RNN's h_t and h_{t-1}: W_h square); a clash leaves them apart."""
        first: dict[str, Shape] = {}
        for k, r in self.b.roles.items():
            if r.kind != "time" or k not in self.b.atoms or self.b.atoms[k].transpose:
                continue
            shape = self.atom_shape(k)
            if shape is None:
                continue
            if r.series not in first:
                first[r.series] = shape
                continue
            try:
                self.unify(first[r.series], shape, self.b.ph[k].span, broadcast=False)
            except SymdlError:
                continue

    def _defined_call(self, st: Any) -> bool:
        """Does ``st`` define an unknown function of a vector or matrix (Géron's ``h_{\\mathbf{W},\\mathbf{b}}
        (\\mathbf{X}) = \\phi(\\mathbf{X}\\mathbf{W} + \\mathbf{b})``, Ng's ``\\bar{h}_\\theta(x) = W^{[r]}
        a^{[r-1]} + b^{[r]}``)?  Its value is what the right side is: a layer's outputs, not one per entry of X."""
        k = placeholder_id(st.sides[0].expr) if len(st.sides) == 2 and st.relation in ("=", "define") else None
        p = self.b.ph.get(k) if k is not None else None
        return (p is not None and p.kind == "call" and not p.data.get("known") and p.data.get("callee") is not None
                and len(p.data["args"]) == 1 and self.shape(p.data["args"][0].expr) is not None)

    def _numerator_layout(self, st: Any, shapes: list[Shape | None]) -> list[Shape | None]:
        """Deisenroth et al.'s ``\\frac{\\partial L}{\\partial \\boldsymbol{\\theta}} =
        -2\\boldsymbol{e}^\\top\\boldsymbol{\\Phi}`` (numerator layout): a gradient by a column vector set equal to a
        row is that gradient as a row, its transpose (noted ``numerator-layout`` when bound); symdl's gradients are
        columns (denominator layout)."""
        rows = [s for s in shapes if s is not None and self.dims.find(s[0]) == 1 and self.dims.find(s[1]) != 1]
        if not rows:
            return shapes
        out = list(shapes)
        for n, (side, shape) in enumerate(zip(st.sides, shapes, strict=True)):
            k = placeholder_id(side.expr)
            p = self.b.ph.get(k) if k is not None else None
            if (p is not None and p.kind in ("grad", "deriv") and shape is not None
                    and self.dims.find(shape[1]) == 1 and self.dims.find(shape[0]) != 1):
                out[n] = (shape[1], shape[0])
                self.b.numerator_layout.add((st.span.start, n))
        return out

    def assert_shape(self, shape: Shape | None, stated: tuple[object, ...], span: Any) -> None:
        """Unify a value's shape with the shape a statement states for it (``\\in \\mathbb{R}^{n \\times v}``;
        ``\\mathbb{R}``: a number, a 1×1 product too); a clash is a shape error at the statement."""
        times = " \\times "
        said = "\\mathbb{R}" + ("^{" + times.join(str(d) for d in stated) + "}" if stated else "")
        got = "a number" if shape is None else "a value of shape {}×{}".format(*(self.dims.find(d) for d in shape))
        if len(stated) > 2:
            raise InvalidInput(f"a value stated to be in {said}: symdl reads vectors and matrices, not tensors",
                               source=self.b.source, span=span,
                               hint="state the shape of a matrix: \\mathbb{R}^{n \\times v}")
        if not stated:
            if shape is not None and not all(self.dims.find(d) == 1 for d in shape):
                raise InvalidInput(f"the value is stated to be a number ({said}) but reads as {got}",
                                   source=self.b.source, span=span, hint="check the shape stated after \\in")
            return
        if shape is None:
            raise InvalidInput(f"the value is stated to be in {said} but reads as a number",
                               source=self.b.source, span=span,
                               hint="write vectors bold, or declare them: x \\in \\mathbb{R}^n")
        dims = [_dim(x) for x in stated]
        try:
            self.unify(shape, (dims[0], dims[1] if len(dims) > 1 else 1), span, broadcast=False)
        except InvalidInput as err:
            raise InvalidInput(f"the value is stated to be in {said} but reads as {got}", source=self.b.source,
                               span=span,
                               hint="check the order of the factors, the transposes and the stated shape") from err

    def square_determinants(self) -> set[int]:
        """Make the matrix of each ``|A|`` square (its determinant is taken); those no other part of the formula
        makes square (an inverse, a product, a trace) are returned, to be noted."""
        guessed = set()
        for k, (rows, cols) in self.determinants.items():
            if self.dims.find(rows) != self.dims.find(cols):
                if isinstance(self.dims.find(rows), int) and isinstance(self.dims.find(cols), int):
                    continue  # a declared m × n matrix: refused when built
                guessed.add(k)
                self.dims.unify(rows, cols, self.b.ph[k].span)
        return guessed

    def literal_shapes(self) -> dict[int, Shape]:
        """Shapes of explicit vectors whose length comes from context (after :meth:`run`)."""
        for shape in self.literal.values():
            for dim in shape:
                root = self.dims.find(dim)
                if root not in self.names and root in self.fresh:  # a written length (1_n) keeps its name
                    count = sum(1 for v in self.names.values() if str(v).startswith("n_")) + 1
                    self.names[root] = sympy.Symbol(f"n_{count}", integer=True, positive=True)
        return {k: self.resolve(s) for k, s in self.literal.items()}

    def resolve(self, shape: Shape) -> Shape:
        out = []
        for d in shape:
            root = self.dims.find(d)
            out.append(root if isinstance(root, int) else self.names.get(root, root))
        return out[0], out[1]

    def unify(self, s: Shape, t: Shape, span: Any, *, broadcast: bool) -> None:
        if broadcast and (self._row_and_matrix(s, t) or self._row_and_matrix(t, s)):
            self.dims.unify(s[1], t[1], span)  # a row vector added to a matrix broadcasts over its rows
            return
        self.dims.unify(s[0], t[0], span)
        cs, ct = self.dims.find(s[1]), self.dims.find(t[1])
        if broadcast and (cs == 1) != (ct == 1):
            return
        self.dims.unify(s[1], t[1], span)

    def _row_before_family(self, row: Shape, nxt: sympy.Basic) -> bool:
        """``\\mathbf{w}^\\top \\mathbf{x}^{(i)}``, cs229's ``\\theta^T x^{(i)}``: a row vector before one vector of a
        bold family, or a member of a plain family with one index, is their dot product, a number (read by
        :func:`symdl.bind.families.family_dot`), whatever the formula's left side."""
        k = placeholder_id(nxt)
        a = self.b.atoms.get(k) if k is not None else None
        r = self.b.roles.get(k) if k is not None else None  # cs229's \theta^T x^{(i)}: a plain member too
        member = a is not None and r is not None and r.kind == "family" and (a.bold or len(r.indices) == 1)
        return member and self.dims.find(row[0]) == 1 and self.dims.find(row[1]) != 1

    def _column_dot_family(self, facs: list[tuple[int, Shape | None, sympy.Basic]], n: int, m: int) -> bool:
        """``\\mathbf{w} \\cdot \\mathbf{x}_i`` (or ``\\mathbf{x}_i \\cdot \\mathbf{w}``): a column vector and one
        member of a family (at ``m``) with ``\\cdot`` between are their dot product, a number (as ``w^T x_i``)."""
        (p, s, _), (q, _, member) = facs[n], facs[m]
        column = s is not None and self.dims.find(s[1]) == 1 and self.dims.find(s[0]) != 1
        return column and self._row_before_family((s[1], s[0]), member) and bool(
            self.b.dot_between(min(p, q), max(p, q), True))

    def _member(self, e: sympy.Basic) -> tuple[str, bool] | None:
        """(family, written transposed) of a member of a family of vectors by one index (bold, or a plain one), or
        of a bracket of members of a plain family in an outer product (``outer-member``) or its transpose."""
        k = placeholder_id(e)
        a = self.b.atoms.get(k) if k is not None else None
        r = self.b.roles.get(k) if k is not None else None
        if k is not None and k in self.b.ph and self.b.ph[k].kind == "transpose":
            inner = self._member(self.b.ph[k].data["inner"].expr)
            return None if inner is None or inner[1] else (inner[0], True)
        if a is None and k is None:  # (x^{(i)} - \mu_{y^{(i)}})
            names = sorted({self.b.roles[j].name for j in outer_members(self.b, e)} & set(self.b.outer_families))
            return (names[0], False) if names else None
        if a is None or r is None or r.kind != "family" or len(r.indices) != 1 or r.entry is not None:
            return None
        return r.name, a.transpose

    def _label_member(self, e: sympy.Basic, transposed: bool = False) -> tuple[str, bool] | None:
        """(family, False) of a member at a label (Press & Wolf's ``c_{w_t}``, the one-hot vector of word w_t)
        written plain: after a matrix (``U^\\top c_{w_t}``) one column, as a member by an index is; ``transposed``:
        (family, True) of one written transposed instead (cs231n's ``w_{y_i}^T x_i``)."""
        k = placeholder_id(e)
        a = self.b.atoms.get(k) if k is not None else None
        r = self.b.roles.get(k) if k is not None else None
        if a is None or r is None or r.kind != "family" or r.indices or r.entry is None or a.transpose != transposed:
            return None
        return r.name, transposed

    def _member_outers(self, facs: list[tuple[int, Any, sympy.Basic]]) -> list[tuple[int, Any, sympy.Basic]]:
        """``\\mathbf{x}_n \\mathbf{x}_n^T``: a member then a transposed member of families of vectors is their outer
        product, a matrix as long as each family's rows (one dimension per family: square for one family)."""
        out = list(facs)
        for n in range(len(out) - 1):
            first, second = self._member(out[n][2]), self._member(out[n + 1][2])
            if first is None or second is None or first[1] or not second[1] or out[n][1] is not None \
                    or not self._vector_member(out[n][2], first[0], second[0]):
                continue  # SVM's y_i \mathbf{x}_i^T \mathbf{w}: a number y_i, no outer product
            rows, cols = (self.member_rows.setdefault(name, self.new()) for name in (first[0], second[0]))
            out[n] = (out[n][0], (rows, cols), out[n][2])
        for n in range(len(out) - 1):  # p_i^T W: a transposed member then a matrix, a row (symdl.bind.memberrows);
            member = self._member(out[n][2]) or self._label_member(out[n][2], transposed=True)
            nxt = out[n + 1][1]  # w_j^T x_i, w_{y_i}^T x_i then a column: a row, the product 1x1
            if (member is not None and member[1] and out[n][1] is None and nxt is not None
                    and self.dims.find(nxt[0]) != 1):
                out[n] = (out[n][0], (1, self.member_rows.setdefault(member[0], self.new())), out[n][2])
        for n in range(len(out) - 1):  # cs231n's W x_i: a matrix times a member, a column (symdl.bind.images);
            # GraphSAGE's W_2 \sum_{j} \mathbf{x}_j: times a sum of members, a column as long as their rows too
            nxt = out[n + 1][2]
            summed = [f for f in sympy.Mul.make_args(nxt.function) if self._member(f) is not None] if isinstance(
                nxt, sympy.Sum) else []  # (Hamilton's \sum_{v \in \mathcal{N}(u)} \mathbf{h}_v: one member a term)
            prev, member = out[n][1], self._member(summed[0] if len(summed) == 1 else nxt) or self._label_member(nxt)
            if (prev is not None and out[n + 1][1] is None and member is not None and not member[1]
                    and self.dims.find(prev[0]) != 1 and self.dims.find(prev[1]) != 1):
                out[n + 1] = (out[n + 1][0], (self.member_rows.setdefault(member[0], self.new()), 1), out[n + 1][2])
        return out

    def _vector_member(self, e: sympy.Basic, name: str, other: str) -> bool:
        """Is ``e``, a member of family ``name`` written before a transposed member of ``other``, a vector: bold, of
        the other's family (cs229's x^{(i)} x^{(i)T}), or of a family written transposed somewhere?"""
        k = placeholder_id(e)
        a = self.b.atoms.get(k) if k is not None else None
        return a is None or a.bold or name == other or name in self.b.outer_families

    def _is_1x1(self, s: Shape) -> bool:
        return self.dims.find(s[0]) == 1 and self.dims.find(s[1]) == 1

    def _row_and_matrix(self, row: Shape, matrix: Shape) -> bool:
        """Is ``row`` a row vector (1 × c, c ≠ 1) and ``matrix`` a matrix with neither side 1?"""
        r0, r1, m0, m1 = (self.dims.find(x) for x in (*row, *matrix))
        return r0 == 1 and r1 != 1 and m0 != 1 and m1 != 1

    def shape(self, e: sympy.Basic) -> Shape | None:
        k = placeholder_id(e)
        if k is not None and k in self.b.ph:
            return self._placeholder(k)
        if isinstance(e, sympy.Mul) and any(_reciprocal(a) for a in e.args):
            return self._divided(e)
        if isinstance(e, sympy.Mul):
            facs = self._member_outers(sorted(((self._pos(a), self.shape(a), a) for a in e.args), key=lambda t: t[0]))
            facs = [(p, s) for n, (p, s, _) in enumerate(facs)
                    if not (s is not None and ((n + 1 < len(facs) and (self._row_before_family(s, facs[n + 1][2])
                                                                       or self._column_dot_family(facs, n, n + 1)))
                                               or (n > 0 and self._column_dot_family(facs, n, n - 1))))]
            if sum(s is not None for _, s in facs) > 1:  # (a^T c) a: the 1x1 factor is a number times a
                facs = [(p, s) for p, s in facs if s is None or not self._is_1x1(s)]
            mats = [s for _, s in facs if s is not None]
            if not mats:
                return None
            positions = [p for p, s in facs if s is not None]
            columns = len(mats) == 2 and all(self.dims.find(m[1]) == 1 and self.dims.find(m[0]) != 1 for m in mats)
            sign = self.b.dot_between(positions[0], positions[1], True) if columns else ""
            if sign == "*":  # r * y of two column vectors: element-wise
                self.unify(mats[0], mats[1], self._span_of(e), broadcast=False)
                return mats[0]
            if sign:
                mats[0] = (mats[0][1], mats[0][0])  # x \\cdot y of two column vectors: their dot product
            cuts = [k2 + 1 for k2 in range(len(mats) - 1) if self.b.star_between(positions[k2], positions[k2 + 1])]
            if cuts and not sign:  # Ng's W^{[2]T} dZ^{[2]} * g'(Z^{[1]}): '*' multiplies matrices element-wise
                groups = [mats[a:b] for a, b in itertools.pairwise([0, *cuts, len(mats)])]
                shapes = [self._chain(g, e) for g in groups]
                known = [x for x in shapes if x is not None]
                for x in known[1:]:
                    self.unify(known[0], x, self._span_of(e), broadcast=False)
                return known[0] if known else None
            return self._chain(mats, e)
        if isinstance(e, sympy.Add):
            shapes = [s for s in (self.shape(a) for a in e.args) if s is not None]
            full = (
                [s for s in shapes if 1 not in (self.dims.find(s[0]), self.dims.find(s[1]))]
                or [s for s in shapes if self.dims.find(s[1]) != 1]
                or shapes
            )
            anchor = full[0] if full else None
            eye = has_identity_term(self.b, e.args)  # c_0 I + c_1 P + c_2 P^2: every matrix added to I is square
            for s in shapes:
                if s is not anchor:
                    self.unify(anchor, s, self.b.rr.statements[0].span,  # type: ignore[arg-type]
                               broadcast=not (eye and 1 not in (self.dims.find(s[0]), self.dims.find(s[1]))))
            return anchor
        if isinstance(e, sympy.Pow):
            self.shape(e.exp)
            return self.shape(e.base)
        if isinstance(e, Reciprocal):  # over gᵀHg: a number; over a vector or matrix: element-wise
            base = self.shape(e.args[0])
            return None if base is None or self._is_1x1(base) else base
        if isinstance(e, Power):  # A^{-1}: a matrix with an inverse is square
            self.shape(e.args[1])
            base = self.shape(e.args[0])
            rows, cols = (self.dims.find(x) for x in base) if base is not None else (1, 1)
            if base is not None and e.args[1].is_negative and 1 not in (rows, cols):
                self.dims.unify(base[0], base[1], self.b.rr.statements[0].span)
            return base
        if isinstance(e, (sympy.Sum, sympy.Product, OverIndex)):
            for lim in e.limits:
                for x in lim[1:]:
                    self.shape(x)
            return self.shape(e.function)
        found = [self.shape(a) for a in e.args]
        if isinstance(e, sympy.Function) and len(e.args) == 1:
            return found[0]
        return None

    def _chain(self, mats: list[Shape], e: sympy.Basic) -> Shape | None:
        """The shape of the matrix product of ``mats`` (in written order), their inner dimensions unified."""
        rows = mats[0][0]  # of the product so far: a 1x1 product (a^T c) then a column is a number times it
        for k2 in range(len(mats) - 1):
            a, b = mats[k2], mats[k2 + 1]
            if self.dims.find(rows) == 1 and self.dims.find(a[1]) == 1 and self.dims.find(b[0]) != 1:
                rows = b[0]
                continue
            if self.dims.find(a[1]) == 1 and self.dims.find(b[1]) == 1 and self.dims.find(b[0]) != 1:
                raise InvalidInput(
                    "two column vectors side by side",
                    source=self.b.source,
                    span=self._span_of(e),
                    hint="a transpose may be missing: write x^T y (a number), x y^T (a matrix) or x \\cdot y",
                )
            self.dims.unify(a[1], b[0], self.b.rr.statements[0].span)
        r, c = rows, mats[-1][1]
        return None if self.dims.find(r) == 1 and self.dims.find(c) == 1 and len(mats) > 1 else (r, c)

    def _divided(self, e: sympy.Mul) -> Shape | None:
        """``\\frac{\\mathbf m}{\\sqrt{\\mathbf v}+\\epsilon}``: a fraction of vectors or matrices divides
        element-wise, so the divisor has the shape of the rest of the product (a scalar one broadcasts)."""
        divisors = [a for a in e.args if _reciprocal(a)]
        rest = sympy.Mul(*(a for a in e.args if not _reciprocal(a)), evaluate=False)
        result = self.shape(rest)
        for d in divisors:
            shape = self.shape(d)
            if shape is None:
                continue
            if result is None:
                result = shape
            else:
                self.unify(result, shape, self.b.rr.statements[0].span, broadcast=True)
        return result

    def _span_of(self, e: sympy.Basic) -> Any:
        from symdl.bind.build import span_of

        return span_of(e, self.b.ph)

    def _pos(self, e: sympy.Basic) -> int:
        from symdl.bind.build import first_position

        return first_position(e, self.b.ph)

    def _placeholder(self, k: int) -> Shape | None:
        from symdl.bind.placeholders import PLACEHOLDERS

        p = self.b.ph[k]
        rule = PLACEHOLDERS.get(p.kind)
        return rule.shape(self, p) if rule is not None else None


def _reciprocal(e: sympy.Basic) -> bool:
    """A divisor as a fraction builds it: a negative power (``Pow(b, -1)``) or a product's :class:`Reciprocal`,
    which element-wise division reads."""
    return isinstance(e, Reciprocal) or (isinstance(e, sympy.Pow) and e.exp.is_negative is True
                                         and bool(e.base.free_symbols))


def _dim(x: object) -> object:
    """A declared dimension: ints (also SymPy integers) stay numbers, names become positive integer symbols."""
    if isinstance(x, (int, sympy.Integer)):
        return int(x)
    return sympy.Symbol(str(x), integer=True, positive=True)
