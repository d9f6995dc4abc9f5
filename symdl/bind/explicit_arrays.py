"""The placeholder kinds of arrays written out and combined entry by entry: ``a \\odot b``, ``\\mathbf{1}_n``,
``\\begin{bmatrix} ... \\end{bmatrix}``, ``[a, b, c]`` (``[0, \\dots, 0]``) and ``[a; b]`` — their build, shape and
value functions, whose records are in :data:`symdl.bind.placeholders.PLACEHOLDERS`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sympy
from sympy.core.function import AppliedUndef

from symdl.bind import build, sequences
from symdl.bind.kronecker import divided
from symdl.bind.memberrows import member_concat
from symdl.bind.sums import reachable
from symdl.bind.valuekind import kind_of_sum, value_kind
from symdl.errors import MemberNotRead, NotSupported
from symdl.read.syntax import Placeholder, placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder
    from symdl.bind.dims import DimInference

Shape = tuple[Any, Any]
Kinds = dict[tuple[object, ...], str]


def _dotted(b: Binder, parts: list[Any]) -> bool:
    """``[0, \\dots, 0]``: a part is ``\\dots``."""
    return any((k := placeholder_id(c.expr)) is not None and b.ph[k].kind == "dots" for c in parts)


def _hadamard_build(b: Binder, p: Placeholder) -> sympy.Basic:
    divides = p.data.get("divides") or [False] * len(p.data["operands"])  # an operand after \oslash divides
    ops = [divided(b.conv(o)) if d else b.conv(o) for o, d in zip(p.data["operands"], divides, strict=True)]
    ops = [build.scalar_if_1x1(o) for o in ops]  # Triton's c_1 \odot \hat{x}, c_1 a dot product: a number
    mats = [o for o in ops if build.is_mat(o)]
    if not mats:
        return sympy.Mul(*ops)
    # Géron's \boldsymbol{\gamma} \otimes \hat{\mathbf{x}}^{(i)}: one vector of a family, of the array's shape beside it
    member = [not build.is_mat(o) and build.whole_member(o, b.vector_families) for o in ops]
    scal = sympy.Mul(*[o for o, m in zip(ops, member, strict=True) if not m and not build.is_mat(o)])
    for o, op, m in zip(ops, p.data["operands"], member, strict=True):
        if m:
            continue
        if not build.is_mat(o) and isinstance(o.as_coeff_Mul()[1], AppliedUndef):  # Yeh et al.'s (1 - M) \odot G(z)
            raise MemberNotRead(
                "an operand of \\odot that is an unknown function's value, which symdl reads as a number (a network "
                "such as a generator G(z) returns an array): as a number it would scale the other operand, silently",
                source=b.source, span=op.span,
                hint="write the function bold with a bold argument (\\mathbf{G}(\\mathbf{z})), or name its value: "
                "\\mathbf{g} = G(z), then (1 - M) \\odot \\mathbf{g}")
        if not build.is_mat(o) and isinstance(o.as_coeff_Mul()[1], sympy.Indexed) and _free_entry(b, o):
            raise MemberNotRead(  # the lottery ticket's m \odot \theta_k: the weights at step k, a whole vector
                "an operand of \\odot that is an entry of a family at an index nothing sums over (\\theta_k beside "
                "the mask m): \\odot multiplies arrays, so it is more likely the family's member k, a vector",
                source=b.source, span=op.span,
                hint="write the member as a name of its own (\\boldsymbol{\\theta}^{(k)}), or sum over the index")
    mats += [o * sympy.OneMatrix(*mats[0].shape) for o, m in zip(ops, member, strict=True) if m]  # read entry by
    # entry (symdl.bind.memberwise)
    had = mats[0] if len(mats) == 1 else sympy.HadamardProduct(*mats)
    return had if scal == 1 else scal * had


def _free_entry(b: Binder, entry: sympy.Basic) -> bool:
    """Is ``entry`` (up to a coefficient) an entry whose indices no sum of the formula binds?"""
    indexed = entry.as_coeff_Mul()[1]
    bound = {q.data.get("name") for q in b.ph.values() if q.kind == "index"}
    return all(isinstance(i, sympy.Symbol) and str(i) not in bound for i in indexed.indices)


def _hadamard_shape(di: DimInference, p: Placeholder) -> Shape | None:
    shapes = [s for s in (di.shape(o.expr) for o in p.data["operands"]) if s is not None]
    for s in shapes[1:]:
        di.unify(shapes[0], s, p.span, broadcast=False)
    return shapes[0] if shapes else None


def _hadamard_value(b: Binder, p: Placeholder, kinds: Kinds) -> str:
    return kind_of_sum([value_kind(b, o.expr, kinds) for o in p.data["operands"]])


def _constvec_build(b: Binder, p: Placeholder) -> sympy.Basic:
    rows, cols = b.literal_shape(p.id)
    return sympy.ZeroMatrix(rows, cols) if p.data["value"] == 0 else sympy.OneMatrix(rows, cols)


def _dim_of(length: int | str) -> int | sympy.Symbol:
    """The dimension a length subscript names: a number, or the letter as a positive integer (``1_n``)."""
    return length if isinstance(length, int) else sympy.Symbol(length, integer=True, positive=True)


def _sized_by_context(di: DimInference, p: Placeholder) -> Shape | None:
    length = p.data.get("length")  # \mathbf{1}_n: the length written
    size = di.new() if length is None else _dim_of(length)  # \mathbf{0}, [0, \dots, 0]: sized by its context
    di.literal[p.id] = (1, size) if p.data.get("transpose") else (size, 1)
    return di.literal[p.id]


def _constvec_value(b: Binder, p: Placeholder, kinds: Kinds) -> str:
    """``\\mathbf{1}`` is a column, ``\\mathbf{1}^T`` a row: ``\\frac{1}{N} \\mathbf{1}^T x`` is a number (a mean)."""
    return "row" if p.data.get("transpose") else "col"


def _matrix_build(b: Binder, p: Placeholder) -> sympy.Basic:
    rows = [[b.conv(c) for c in row] for row in p.data["rows"]]
    blocks = [build.is_mat(c) for row in rows for c in row]
    if all(blocks):  # \begin{bmatrix} \mathbf A & \mathbf B \\ \mathbf C & \mathbf D \end{bmatrix}: a block matrix
        if len(rows) == 1 and len(rows[0]) == 1:
            return rows[0][0]  # one block is that matrix (SymPy's BlockMatrix.shape doubles its work per nesting)
        return sympy.BlockMatrix(rows)
    if any(blocks):
        raise NotSupported(
            "a matrix whose entries mix matrices and numbers",
            source=b.source,
            span=p.span,
            hint="write every block as a matrix (a zero block as \\mathbf{0}), or every entry a number",
        )
    return sympy.ImmutableMatrix(rows)


def _matrix_shape(di: DimInference, p: Placeholder) -> Shape | None:
    shapes = [[di.shape(cell.expr) for cell in row] for row in p.data["rows"]]
    if not any(s is not None for row in shapes for s in row):
        return (len(p.data["rows"]), len(p.data["rows"][0]))
    for row in shapes:  # blocks side by side have as many rows, blocks one above another as many columns
        known = [s for s in row if s is not None]
        for s in known[1:]:
            di.dims.unify(known[0][0], s[0], p.span)
    for col in zip(*shapes, strict=False):
        known = [s for s in col if s is not None]
        for s in known[1:]:
            di.dims.unify(known[0][1], s[1], p.span)
    first = next(s for row in shapes for s in row if s is not None)
    return (first[0] if len(shapes) == 1 else di.new(), first[1] if len(shapes[0]) == 1 else di.new())


def _vector_build(b: Binder, p: Placeholder) -> sympy.Basic:
    parts = p.data["parts"]
    if _dotted(b, parts):
        return sequences.constant_vector(b, [c.expr for c in parts], p.id)
    values = [b.conv(c) for c in parts]
    arrays = [build.is_mat(x) and tuple(x.shape) != (1, 1) for x in values]
    columns = [a and x.shape[1] == 1 for a, x in zip(arrays, values, strict=True)]
    if any(arrays) and (not all(arrays) or any(columns)):  # NCF's [\mathbf{x}, \phi^L(z)]: a
        raise NotSupported(  # vector as one entry of a column of numbers would be read silently
            "a bracket listing a vector beside other values, not all of them names (a concatenation?)",
            source=b.source, span=p.span,
            hint=r"make every part a vector (bold, or declared: \phi^L(z) \in \mathbb{R}^{d}) to concatenate them, "
            "or write the entries as numbers")
    return sympy.ImmutableMatrix([[x] for x in values])


def _parts_shape(di: DimInference, p: Placeholder) -> Shape | None:
    parts = [di.shape(x.expr) for x in p.data["parts"]]
    if _dotted(di.b, p.data["parts"]):
        return _sized_by_context(di, p)
    if p.kind == "vector" or all(s is None for s in parts):
        return (len(parts), 1)
    return (di.new(), 1)


def _column(b: Binder, p: Placeholder, kinds: Kinds) -> str:
    return "col"


def _concat_build(b: Binder, p: Placeholder) -> sympy.Basic:
    parts = [b.conv(c) for c in p.data["parts"]]
    if (whole := member_concat(b, parts)) is not None:
        return whole  # GAT's a^T [W h_i \| W h_j], Bahdanau's W_a [s_{t-1}; h_i]: read after a row or matrix
    for c in p.data["parts"]:  # GAT's [W\vec{h}_i \| W\vec{h}_j]: h_i one vector of a family, a number to SymPy
        member = next(
            (
                k
                for k in sorted(reachable(b.ph, c.expr))
                if k in b.atoms and b.roles[k].kind == "family" and (b.atoms[k].bold or "vec" in b.atoms[k].decorations)
            ),
            None,
        )
        if member is not None:
            raise MemberNotRead(
                "one vector of a family of vectors inside a concatenation is not read yet",
                source=b.source,
                span=b.ph[member].span,
                hint=r"write all members at once with a matrix (\mathbf{H}\mathbf{W}^T), or name the "
                r"two vectors (\mathbf{u}, \mathbf{v}) and concatenate [\mathbf{u}; \mathbf{v}]",
            )
    if all(build.is_mat(x) for x in parts):
        return sympy.BlockMatrix([[x] for x in parts])
    if any(build.is_mat(x) for x in parts):
        raise NotSupported(
            "concatenating a vector with a scalar",
            source=b.source,
            span=p.span,
            hint="make both parts vectors (\\mathbf{c}_t; \\mathbf{h}_t)",
        )
    return sympy.ImmutableMatrix([[x] for x in parts])
