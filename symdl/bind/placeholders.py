"""One record per placeholder kind: how the binder builds it, what shape it has, what kind of value it is.

The reader leaves a placeholder for every construct it recognised (a name, a call, a transpose, ``\\odot``,
``[a; b]``, a norm, a derivative ...).  Three passes of the binder ask the same question of each — the kind
of value before shapes are known (:mod:`symdl.bind.valuekind`), the shape once names are kinds
(:mod:`symdl.bind.dims`), and the SymPy object (:class:`symdl.bind.binder.Binder`) — and each answer lives
in the kind's record of :data:`PLACEHOLDERS` (the call's functions are in :mod:`symdl.bind.calls`).  A kind with no
record is reported as not supported.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import sympy

from symdl.bind import build, calls
from symdl.bind.distributions import DISTRIBUTION_KINDS
from symdl.bind.evaluated import EVALUATED_KINDS
from symdl.bind.explicit_arrays import (
    _column,
    _concat_build,
    _constvec_build,
    _constvec_value,
    _hadamard_build,
    _hadamard_shape,
    _hadamard_value,
    _matrix_build,
    _matrix_shape,
    _parts_shape,
    _sized_by_context,
    _vector_build,
)
from symdl.bind.groupentry import group_entry, group_entry_shape
from symdl.bind.kronecker import KRONECKER_KINDS
from symdl.bind.matrixaxes import axis_shape, axis_value
from symdl.bind.names import identity
from symdl.bind.outers import RowOf
from symdl.bind.valuekind import TRANSPOSED, kind_of_sum, value_kind
from symdl.errors import MemberNotRead, NotSupported
from symdl.read.syntax import Placeholder

if TYPE_CHECKING:
    from symdl.bind.binder import Binder
    from symdl.bind.dims import DimInference

Shape = tuple[Any, Any]
Kinds = dict[tuple[object, ...], str]


@dataclass(frozen=True)
class PlaceholderKind:
    """How one kind of placeholder is bound.

    Attributes:
        kind: the reader's name for it (``Placeholder.kind``).
        build: the SymPy object it stands for.
        shape: its (rows, cols) while dimensions are unified, ``None`` for a number (it may tie dimensions).
        value: ``scalar``, ``col``, ``row``, ``matrix`` or ``array`` before shapes are known.
        doc: what it is, as written.
    """

    kind: str
    build: Callable[[Binder, Placeholder], sympy.Basic]
    shape: Callable[[DimInference, Placeholder], Shape | None]
    value: Callable[[Binder, Placeholder, Kinds], str]
    doc: str


def _number(b: Binder, p: Placeholder, kinds: Kinds) -> str:
    return "scalar"


def _no_shape(di: DimInference, p: Placeholder) -> Shape | None:
    return None


# -- names -------------------------------------------------------------------------------------------------------
def _atom_value(b: Binder, p: Placeholder, kinds: Kinds) -> str:
    a = p.data["atom"]
    kind = kinds.get(identity(a)) if b.roles[p.id].kind != "family" else None
    if kind == "vector":
        return "row" if a.transpose else "col"
    return "matrix" if kind == "matrix" else "scalar"


# -- wrappers of one inner expression ----------------------------------------------------------------------------
def _inner_shape(di: DimInference, p: Placeholder) -> Shape | None:
    return di.shape(p.data["inner"].expr)


def _inner_value(b: Binder, p: Placeholder, kinds: Kinds) -> str:
    return value_kind(b, p.data["inner"].expr, kinds)


def _label_build(b: Binder, p: Placeholder) -> sympy.Basic:
    inner = b.conv(p.data["inner"])
    if p.data["label"]:
        b.labels[inner] = p.data["label"]
    return inner


def _transpose_build(b: Binder, p: Placeholder) -> sympy.Basic:
    inner = b.conv(p.data["inner"])
    if not build.is_mat(inner) and any(m.base.label.name in b.outer_families for m in inner.atoms(sympy.Indexed)):
        return RowOf(inner)  # cs229's (x^{(i)} - \mu_{y^{(i)}})^T: a row of a family of vectors (outer-member)
    if not build.is_mat(inner) and inner.has(sympy.Indexed):
        raise MemberNotRead(  # Ba et al.'s {w_i^l}^\top h^l: row i of W^l, one vector of a family of vectors
            "the transpose of an entry of a family (a vector per index, as a row of a weight matrix)",
            source=b.source, span=p.span,
            hint="write the matrix product for all rows at once (W^l h^l), or name the row: \\mathbf{w} = ...; an "
            "outer product of a family's members, (x^{(i)} - \\mu)(x^{(i)} - \\mu)^T, reads")
    if (p.data.get("value") or inner.has(sympy.Function)) and not build.is_mat(inner):  # f(x)^T of a number, code's
        # torch.exp(out / eps).t(): the writer means a vector (the transpose was dropped, silently)
        raise NotSupported(
            "the transpose of a value symdl does not read as a vector or matrix (a plain function's value, a "
            "derivative by a plain name, softmax(z) kept whole)", source=b.source, span=p.span,
            hint="write the vector-valued function bold (\\boldsymbol{\\phi}(\\mathbf{x})^\\top) and a gradient "
                 "by a bold vector (\\nabla_{\\boldsymbol{\\theta}} J(\\boldsymbol{\\theta})^\\top)")
    return sympy.Transpose(inner) if build.is_mat(inner) else inner


def _transpose_shape(di: DimInference, p: Placeholder) -> Shape | None:
    s = di.shape(p.data["inner"].expr)
    return None if s is None else (s[1], s[0])


def _transpose_value(b: Binder, p: Placeholder, kinds: Kinds) -> str:
    inner = value_kind(b, p.data["inner"].expr, kinds)
    return TRANSPOSED.get(inner, inner)


def _length_build(b: Binder, p: Placeholder) -> sympy.Basic:
    if "of" in p.data:  # \text{x.size}(0): the number of entries of x (its family's length)
        return b.length_of(p.data["of"])
    return b.sum_length(p.data["index"], p.data.get("near", ()), p.span.end)


def _dots_build(b: Binder, p: Placeholder) -> sympy.Basic:
    raise NotSupported("this use of \\dots", source=b.source, span=p.span,
                       hint="write x_1 + x_2 + \\dots + x_n, [0, \\dots, 0], or a \\sum")


def _members_build(b: Binder, p: Placeholder) -> sympy.Basic:
    """``\\mathbf{h}_1, \\ldots, \\mathbf{h}_T`` as a function's argument (symdl.read.members): one symbol standing
    for the family's members, printed as written."""
    d = p.data

    def member(index: str) -> str:
        script = f"_{index}" if d["sub"] else f"^({index})"
        return script if len(index) == 1 or not d["sub"] else f"_{{{index}}}"

    value = sympy.Symbol(f"{d['name']}{member(d['first'])}, ..., {d['name']}{member(d['last'])}")
    b.latex_names.setdefault(value, d["text"])
    return value


# -- numbers made of other things --------------------------------------------------------------------------------
def _number_of_inner(di: DimInference, p: Placeholder) -> Shape | None:
    di.shape(p.data["inner"].expr)  # a norm, an expectation: a number, whose inside still ties dimensions
    return None


def _statistic_shape(di: DimInference, p: Placeholder) -> Shape | None:
    """A number, or a matrix reduced over one axis: a column or a row (:mod:`symdl.bind.matrixaxes`)."""
    shape = axis_shape(di, p)
    return shape if shape is not None else _number_of_inner(di, p)


def _entry_shape(di: DimInference, p: Placeholder) -> Shape | None:
    di.shape(p.data["value"].expr)  # the function's value has the vector's shape; its entry is a number
    return None


def _piecewise_shape(di: DimInference, p: Placeholder) -> Shape | None:
    shapes = [di.shape(v.expr) for v, _ in p.data["rows"]]  # every row ties its dimensions
    values = [s for s in shapes if s is not None]
    for s in values[1:]:  # the pieces are one value: 2\mathbf{x} or \mathbf{0} has x's length (0 was n_1)
        di.unify(values[0], s, p.span, broadcast=False)
    compared = [di.shape(side.expr) for _, c in p.data["rows"] if c is not None for side in c[::2]]
    arrays = [s for s in compared if s is not None]
    for s in arrays[1:]:  # \mathbb{1}[W x + b > 0]: both sides of a comparison of arrays have one shape
        di.unify(arrays[0], s, p.span, broadcast=False)
    return arrays[0] if arrays and _is_indicator(p) else shapes[0]


def _piecewise_value(b: Binder, p: Placeholder, kinds: Kinds) -> str:
    if not _is_indicator(p):
        return "scalar"
    (_, compared), _ = p.data["rows"]  # one comparison, or a range's two (1 where -1 \le x \le 1)
    return kind_of_sum([value_kind(b, side.expr, kinds) for side in compared[::2]])


def _is_indicator(p: Placeholder) -> bool:
    r"""``\mathbb{1}[...]``: two rows, 1 where the comparison holds and 0 otherwise."""
    rows = p.data["rows"]
    return (len(rows) == 2 and rows[1][1] is None and rows[0][1] is not None
            and rows[0][0].expr == 1 and rows[1][0].expr == 0)


#: the comparisons of a piecewise's conditions
_RELATIONS = {"==": sympy.Eq, ">": sympy.Gt, "<": sympy.Lt, ">=": sympy.Ge, "<=": sympy.Le, "!=": sympy.Ne}


def _piecewise_build(b: Binder, p: Placeholder) -> sympy.Basic:
    rows = p.data["rows"]
    sides = [None if c is None else tuple(build.scalar_if_1x1(b.conv(side)) for side in c[::2]) for _, c in rows]
    # each side converted once; a 1×1 product (y w^T x < 1 in a hinge loss) compares as the number it is
    compared = [pair for pair in sides if pair is not None]
    if any(build.is_mat(x) for pair in compared for x in pair):
        if not _is_indicator(p) or len(compared[0]) != 2:
            raise NotSupported("a piecewise value with conditions on vectors or matrices", source=b.source,
                               span=p.span, hint="write it for one entry (x_i), or as an indicator times a value: "
                               r"\mathbb{1}[\mathbf{x} > 0] \odot \mathbf{x}")
        (lhs, rhs), rel = compared[0], _RELATIONS[rows[0][1][1]]
        if build.is_mat(lhs) and build.is_mat(rhs):  # entry by entry: x_i > y_i is x_i - y_i > 0
            return build.elementwise(lambda d: sympy.Piecewise((1, rel(d, 0)), (0, True)), lhs - rhs)
        if build.is_mat(lhs):
            return build.elementwise(lambda d: sympy.Piecewise((1, rel(d, rhs)), (0, True)), lhs)
        return build.elementwise(lambda d: sympy.Piecewise((1, rel(lhs, d)), (0, True)), rhs)
    pieces = []
    for (value, cond), pair in zip(rows, sides, strict=True):  # a range -1 \le x \le 1: both comparisons
        pieces.append((b.conv(value), True if pair is None else _condition(pair, cond)))
    return sympy.Piecewise(*pieces)


def _condition(sides: tuple[sympy.Basic, ...], chain: tuple) -> sympy.Basic:
    """A row's condition from its chain (side, relation, side, ...): consecutive comparisons all hold (a range);
    ``|`` and ``&`` join comparisons by or and and (symdl.read.condjoin)."""
    groups: list[list[sympy.Basic]] = [[]]
    join = sympy.And
    for i in range(len(sides) - 1):
        rel = chain[2 * i + 1]
        if rel in ("|", "&"):
            join = sympy.Or if rel == "|" else sympy.And
            groups.append([])
            continue
        groups[-1].append(_RELATIONS[rel](sides[i], sides[i + 1]))
    return join(*(sympy.And(*g) for g in groups))


# -- optima over a variable (symdl.read.optima) ------------------------------------------------------------------
def _optimum_build(b: Binder, p: Placeholder) -> sympy.Basic:
    from symdl.functions import OptimumOver

    var = p.data.get("var")
    over = b.conv(var) if var is not None else sympy.core.symbol.Str(p.data["under"])  # type: ignore[attr-defined]
    return OptimumOver(build.scalar_if_1x1(b.conv(p.data["body"])), over, p.data["op"])


def _optimum_shape(di: DimInference, p: Placeholder) -> Shape | None:
    di.shape(p.data["body"].expr)  # the objective still ties its dimensions
    var = p.data.get("var")
    if p.data["op"] in ("argmax", "argmin") and var is not None:
        return di.shape(var.expr)  # the maximiser has the variable's shape
    return None


def _optimum_value(b: Binder, p: Placeholder, kinds: Kinds) -> str:
    var = p.data.get("var")
    if p.data["op"] in ("argmax", "argmin") and var is not None:
        return value_kind(b, var.expr, kinds)
    return "scalar"


def _records() -> dict[str, PlaceholderKind]:
    from symdl.bind import operators as ops
    from symdl.bind.expectations import statistic
    from symdl.bind.operators import derivative, entry, gradient_shape, gradient_value, norm

    rows = [
        PlaceholderKind("atom", lambda b, p: b.atom(p.id), lambda di, p: di.atom_shape(p.id), _atom_value,
                        "a name: scalar, family element, time step, vector or matrix (symdl.bind.names)"),
        PlaceholderKind("call", calls.call_build, calls.call_shape, calls.call_value,
                        "a function applied to arguments (symdl.bind.calls)"),
        PlaceholderKind("group", lambda b, p: b.conv(p.data["inner"]), _inner_shape, _inner_value,
                        "a bracketed expression"),
        PlaceholderKind("label", _label_build, _inner_shape, _inner_value, "\\underbrace{...}_{label}"),
        PlaceholderKind("abs", ops.absolute, ops.absolute_shape, ops.absolute_value,
                        "|x| (element-wise), |\\Sigma| of a matrix (its determinant), or |B| of a set"),
        PlaceholderKind("transpose", _transpose_build, _transpose_shape, _transpose_value, "(...)^T"),
        PlaceholderKind("hadamard", _hadamard_build, _hadamard_shape, _hadamard_value, "a \\odot b"),
        PlaceholderKind("constvec", _constvec_build, _sized_by_context, _constvec_value,
                        "\\mathbf{0}, \\mathbf{1} of the size their context gives"),
        PlaceholderKind("matrix", _matrix_build, _matrix_shape, lambda b, p, k: "array", "an explicit matrix"),
        PlaceholderKind("vector", _vector_build, _parts_shape, _column, "[a, b, c]: an explicit column"),
        PlaceholderKind("concat", _concat_build, _parts_shape, _column, "[a; b]: a concatenation"),
        PlaceholderKind("dots", _dots_build, _no_shape, _number, "\\dots outside a sequence"),
        PlaceholderKind("members", _members_build, _no_shape, _number,
                        "a_1, \\ldots, a_T as an argument: a family's members, one argument (symdl.read.members)"),
        PlaceholderKind("index", lambda b, p: b.sum_index(p.data["name"]), _no_shape, _number, "a summation index"),
        PlaceholderKind("length", _length_build, _no_shape, _number,
                        "the bound a sum left out (N, the length of what its index runs over); x.size(0)"),
        PlaceholderKind("grad", derivative, gradient_shape, gradient_value, "\\nabla_x f"),
        PlaceholderKind("deriv", derivative, gradient_shape, gradient_value, "\\frac{\\partial f}{\\partial x}"),
        PlaceholderKind("norm", norm, _number_of_inner, _number, "\\|x\\|, \\|W\\|_F, \\|w\\|_1"),
        PlaceholderKind("expect", statistic, _statistic_shape, axis_value,
                        "E[x], Var[x]: a sample's mean, variance; np.sum(X, axis=1): each row's "
                        "(symdl.bind.matrixaxes)"),
        PlaceholderKind("entry", entry, _entry_shape, _number, "softmax(z)_i: an entry of a function's value"),
        PlaceholderKind("group-entry", group_entry, group_entry_shape, _number,
                        "(W\\mathbf{x})_j: an entry of a bracket"),
        PlaceholderKind("optimum", _optimum_build, _optimum_shape, _optimum_value,
                        "\\arg\\min_\\theta L(\\theta), \\sup_{\\|f\\|_L \\leq 1}: an optimum, not evaluated"),
        PlaceholderKind("piecewise", _piecewise_build, _piecewise_shape, _piecewise_value,
                        "\\begin{cases} ... \\end{cases}, \\mathbb{1}[...]"),
    ]
    return {r.kind: r for r in [*rows, *(PlaceholderKind(*k) for k in [*KRONECKER_KINDS, *DISTRIBUTION_KINDS,
                                                                             *EVALUATED_KINDS])]}


#: placeholder kind → its record
PLACEHOLDERS: dict[str, PlaceholderKind] = _records()


def rule_for(b: Binder, p: Placeholder) -> PlaceholderKind:
    """The record of ``p``'s kind; a kind the binder has no record for is not supported."""
    rule = PLACEHOLDERS.get(p.kind)
    if rule is None:
        raise NotSupported(f"the construct {p.kind}", source=b.source, span=p.span)
    return rule
