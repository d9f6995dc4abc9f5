"""A reduction over one axis of a matrix (rule ``matrix-axis``): numpy's and PyTorch's ``np.sum(dZ, axis=1,
keepdims=True)``, ``np.mean(X, axis=0)``, ``x.var(axis=0)``.

Over axis 1 (or -1) each row is reduced: a column with one value per row (Ng's bias gradient ``db = 1/m
np.sum(dZ, axis=1, keepdims=True)``, a softmax's ``np.sum(exp_scores, axis=1, keepdims=True)``); over axis 0 (or -2)
each column is reduced: a row with one value per column (cs231n's ``X -= np.mean(X, axis=0)``, batch norm's
``np.mean(x, axis=0)``).  Built as products with ones vectors, so that the value is a matrix expression that is
differentiated and lowered as any other; the spread (variance, std) is the mean squared deviation from the
reduced mean broadcast back, divided by n (numpy's default).  Before, a matrix's axis was refused.  Without
``keepdims`` numpy returns a 1-D array; the reading keeps the axis (a column or a row), which is how it is used
beside the matrix."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sympy

from symdl.read.syntax import placeholder_id

if TYPE_CHECKING:
    from symdl.bind.binder import Binder
    from symdl.bind.dims import DimInference
    from symdl.read.syntax import Placeholder

#: the axis texts read: over the rows' entries (each row reduced) or over the columns' (each column reduced)
ROW_AXES = (None, "-1", "1")
COLUMN_AXES = ("0", "-2")
#: the reductions read over an axis
READ = ("mean", "sum", "variance", "std")


def reduces_matrix(b: Binder, p: Placeholder, kinds: dict[tuple[object, ...], str]) -> bool:
    """Is ``p`` a reduction over one axis of an array the kinds make a matrix?"""
    from symdl.bind.valuekind import value_kind

    return (bool(p.data.get("last")) and p.data.get("axis_text") in (*ROW_AXES, *COLUMN_AXES)
            and p.data.get("statistic") in READ and value_kind(b, p.data["inner"].expr, kinds) == "matrix")


def _as_row(b: Binder, p: Placeholder, kinds: dict[tuple[object, ...], str] | None = None) -> bool:
    """Is the reduction over each column a row?  Beside other arrays, yes (cs231n's ``X - np.mean(X, axis=0)``:
    broadcast down the rows, as numpy's 1-D value and keepdims' row are); alone on a side, scaled by numbers at most
    (batch norm's ``mu = 1./N * np.sum(x, axis=0)``), it is a vector of its own, a column."""
    from symdl.bind.valuekind import value_kind

    if p.data.get("axis_text") not in COLUMN_AXES:
        return False
    for st in b.rr.statements:
        for side in st.sides:
            factors = sympy.Mul.make_args(side.expr)
            if any(placeholder_id(f) == p.id for f in factors) and all(
                    placeholder_id(f) == p.id or value_kind(b, f, kinds if kinds is not None else b.kinds) == "scalar"
                    for f in factors):
                return False
    return True


def axis_value(b: Binder, p: Placeholder, kinds: dict[tuple[object, ...], str]) -> str:
    """``col`` (each row reduced, or each column's values alone), ``row`` (each column reduced, broadcast), else
    ``scalar``."""
    if not reduces_matrix(b, p, kinds):
        return "scalar"
    return "row" if _as_row(b, p, kinds) else "col"


def axis_shape(di: DimInference, p: Placeholder) -> Any:
    """The reduced matrix's shape with the reduced axis of length 1 (each column's values alone: a column); a
    number's None otherwise."""
    inner = di.shape(p.data["inner"].expr)
    if inner is None or not reduces_matrix(di.b, p, di.b.kinds):
        return None
    if p.data.get("axis_text") in COLUMN_AXES:
        return (1, inner[1]) if _as_row(di.b, p) else (inner[1], 1)
    return (inner[0], 1)


def axis_statistic(b: Binder, p: Placeholder, v: sympy.Basic) -> sympy.Basic:
    """The reduction ``p`` of the matrix ``v`` over its axis (noted ``matrix-axis``)."""
    rows, cols = v.shape
    columns = p.data.get("axis_text") in COLUMN_AXES
    alone = columns and not _as_row(b, p)  # each column's values alone: the column they stand for, transposed below
    what = p.data["statistic"]
    b.superseded.add(("code-reduction", p.span))  # it said: read as a vector
    result = "a column, one value per row" if not columns else (
        "one value per column" if alone else "a row, one value per column, broadcast down the rows")
    b._note("matrix-axis", p.span, what={"variance": "variance", "std": "standard deviation"}.get(what, what),
            each="column" if columns else "row", result=result)
    total = _total(v, columns)
    count = rows if columns else cols
    if what == "sum":
        value = total
    elif what == "mean":
        value = total / count
    else:
        mean = total / count
        back = sympy.MatMul(sympy.OneMatrix(rows, 1), mean) if columns else sympy.MatMul(mean, sympy.OneMatrix(1, cols))
        deviation = sympy.MatAdd(v, -back.doit(deep=False)).doit(deep=False)
        spread = _total(sympy.HadamardPower(deviation, 2), columns) / count
        value = sympy.HadamardPower(spread, sympy.Rational(1, 2)) if what == "std" else spread
    return sympy.Transpose(value).doit(deep=False) if alone else value


def _total(v: sympy.Basic, columns: bool) -> sympy.Basic:
    rows, cols = v.shape
    product = sympy.MatMul(sympy.OneMatrix(1, rows), v) if columns else sympy.MatMul(v, sympy.OneMatrix(cols, 1))
    return product.doit(deep=False)
