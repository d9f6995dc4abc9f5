"""A hand derivation's matrices written by their entries, and Ng's column-per-example softmax.

cs231n's and Ng's softmax classifier writes the loss by entries of the matrices the other lines
use whole: ``Y \\in \\mathbb{R}^{3 \\times 5}``, ``Z = W X + b``, ``J = \\frac{1}{m} \\sum_{i=1}^{m} (\\log
\\sum_{k} e^{Z_{ki}} - \\sum_{k} Y_{ki} Z_{ki})``, ``dZ = A - Y``.  The reader gives ``Z_{ki}`` and ``Y_{ki}`` as
entries of families (:class:`sympy.IndexedBase`) and ``Z``, ``Y`` as matrices; here

* a family used with two indices whose name is a declared or forward matrix is that matrix, one used with one
  index named like a column vector (a gradient ``dc_j``, a forward ``c_i``) that vector
  (:func:`matrix_families`): it takes the array's value, never a value of its own;
* a per-entry gradient line ``dx_i = ...`` / ``dZ_{ki} = ...`` is the gradient's entry, evaluated at every entry
  (:func:`entry_target`, :func:`entrywise_claim`);
* a scalar bounding a sum whose index runs along such a family's axis is that axis's length
  (:func:`bounds_of_families`): the ``m`` of ``\\sum_{i=1}^{m} Z_{ki}`` and of ``dW = \\frac{1}{m} dZ X^T`` is 5
  when ``Z`` has 5 columns;
* in Ng's convention (one example per column), ``\\operatorname{softmax}(Z)`` of a matrix is taken column by
  column (:func:`column_softmax`), where attention's is taken by rows — noted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, MutableMapping

import numpy as np
import sympy

from symdl.errors import InvalidInput
from symdl.functions import RowSoftmax
from symdl.numeric.program import compile_expr


def matrix_families(
    exprs: Iterable[sympy.Basic], matrices: Mapping[str, sympy.Basic], declared: Mapping[str, tuple]
) -> dict[sympy.Basic, sympy.Basic]:
    """``{family: matrix}`` for every family in ``exprs`` indexed with two indices and named like a matrix.

    Args:
        exprs: the forward right-hand sides and the claims.
        matrices: the derivation's matrix symbols by name.
        declared: the formula's declared shapes by spelling (``{"Y": (3, 5)}``).
    """
    out: dict[sympy.Basic, sympy.Basic] = {}
    for e in exprs:
        for entry in e.atoms(sympy.Indexed):
            base, name = entry.base, str(entry.base.label)
            if len(entry.indices) not in (1, 2) or base in out:
                continue
            mat = matrices.get(name)
            shape = declared.get(name)
            if mat is None and shape is not None and len(shape) == 2 and all(_is_int(d) for d in shape):
                mat = sympy.MatrixSymbol(name, int(shape[0]), int(shape[1]))
            if isinstance(mat, sympy.MatrixSymbol) and _axes(mat) == len(entry.indices):
                out[base] = mat
    return out


def _is_int(d: object) -> bool:
    return isinstance(d, int) or bool(getattr(d, "is_Integer", False))


def _axes(mat: sympy.MatrixSymbol) -> int:
    """2 for a matrix, 1 for a column vector (``dc_i``), 0 for a 1×1 or a row."""
    rows, cols = mat.shape
    return 1 if cols == 1 and rows != 1 else 2 if 1 not in (rows, cols) else 0


def entry_target(target: sympy.Indexed, wrt: sympy.Basic, spelling: str) -> tuple[sympy.Basic, tuple]:
    """A per-entry gradient line ``dx_i = ...`` (cs231n's batch-norm backward): the gradient's symbol, shaped as
    ``wrt``, and the entry's indices.

    Raises:
        InvalidInput: ``wrt`` is a number, or the line has more or fewer indices than ``wrt`` has axes.
    """
    axes = _axes(wrt) if isinstance(wrt, sympy.MatrixSymbol) else 0
    if axes != len(target.indices):
        raise InvalidInput(
            f"{spelling} with {len(target.indices)} index/indices: {wrt} has {axes} axis/axes",
            hint=f"index the gradient as {wrt} is indexed ({spelling}_i for a vector, {spelling}_{{ij}} for a "
            "matrix), or write the whole gradient",
        )
    return sympy.MatrixSymbol(spelling, *wrt.shape), tuple(target.indices)


def _numbers(claim: sympy.Basic) -> tuple[sympy.Basic, dict[sympy.Basic, sympy.Basic]]:
    """A per-entry claim with its 1×1 matrices (``dv = c^T d\\hat{x}``) as numbers, and which number is which."""
    ones = {m: sympy.Dummy(str(m.name)) for m in claim.atoms(sympy.MatrixSymbol) if m.shape == (1, 1)}
    return claim.xreplace(ones), {n: m for m, n in ones.items()}


def no_stray_index(claim: sympy.Basic, indices: tuple, line: str) -> None:
    """Refuse a per-entry claim with a free index its left side has not (``dx_i = dc_j``): which entry it means is
    not written.

    Raises:
        InvalidInput: naming the index.
    """
    extra = [str(f) for f in compile_expr(_numbers(claim)[0]).lowered.free if f not in indices]
    if extra:
        raise InvalidInput(f"{line}: the claim has the free index {', '.join(extra)}, which its left side has not",
                           hint="sum over it, or write the entry it stands for with the left side's index")


def entrywise_claim(claim: sympy.Basic, indices: tuple, values: dict, names: dict, shape: tuple) -> np.ndarray:
    """A per-entry claim, free in ``indices`` (the line's left side's, counted from 1), evaluated at every entry:
    the array of ``shape`` whose entry ``(i, j)`` is the claim at ``i, j``.

    Raises:
        InvalidInput: the claim has a free index the left side has not (``dx_i = dc_j``).
    """
    claim, numbers = _numbers(claim)
    program = compile_expr(claim)
    free = list(program.lowered.free)
    local = dict(values)
    local.update({n: np.asarray(values[m], dtype=float).reshape(()) for n, m in numbers.items() if m in values})
    out = np.asarray(program(local, names), dtype=float)
    present = [i for i in indices if i in free]
    out = np.transpose(out, [free.index(i) for i in present]) if len(present) > 1 else out
    for axis, i in enumerate(indices):  # dx_i = 0: the same value at every i
        if i not in free:
            out = np.expand_dims(out, axis)
    full = shape if len(indices) == 2 else (int(np.prod(shape)),)
    return np.broadcast_to(out, full).reshape(shape).copy()


def bounds_of_families(
    exprs: Iterable[sympy.Basic], families: Mapping[sympy.Basic, sympy.Basic]
) -> dict[sympy.Basic, sympy.Basic]:
    """``{m: 5}``: each free scalar bounding a sum ``\\sum_{i=1}^{m}`` whose index ``i`` stands at an axis of a
    family read as a matrix with a numeric length there."""
    out: dict[sympy.Basic, sympy.Basic] = {}
    for e in exprs:
        for s in e.atoms(sympy.Sum):
            for var, lo, hi in s.limits:
                if not isinstance(hi, sympy.Symbol) or lo != 1 or hi in out:
                    continue
                for entry in s.function.atoms(sympy.Indexed):
                    mat = families.get(entry.base)
                    if mat is None or var not in entry.indices:
                        continue
                    length = mat.shape[list(entry.indices).index(var)]
                    if getattr(length, "is_Integer", False):
                        out[hi] = length
                        break
    return out


def column_softmax(expr: sympy.Basic) -> tuple[sympy.Basic, bool]:
    """``softmax(Z)`` of a matrix taken by columns: ``softmax_rows(Z^T)^T``; and whether there was one."""
    found = expr.atoms(RowSoftmax)
    if not found:
        return expr, False
    return expr.xreplace({r: sympy.Transpose(RowSoftmax(sympy.Transpose(r.arg))) for r in found}), True


COLUMN_SOFTMAX = (
    "softmax of a matrix is read column by column: in Ng's convention (--convention ng) each column is one "
    "example; with --convention exact it is read row by row, as attention's softmax(QK^T/\\sqrt{d_k})"
)


def share(env: MutableMapping[sympy.Basic, object], families: Mapping[sympy.Basic, sympy.Basic],
          changed: sympy.Basic) -> None:
    """Give each family read as the matrix ``changed`` the matrix's current value."""
    for fam, mat in families.items():
        if mat == changed and mat in env:
            value = np.asarray(env[mat])
            if _axes(mat) == 1 and value.ndim >= 2 and value.shape[-1] == 1:
                value = value[..., 0]  # a column's entries dc_i: one axis (leading batch axes kept)
            env[fam] = value
