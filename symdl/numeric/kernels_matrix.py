"""The matrix kernels, acting on the two trailing axes with batch axes leading: the column and row softmax,
products, transposes, constant and identity matrices, inverse and powers (a fractional power of a symmetric
positive matrix), trace, determinant and spectral norm kept as 1x1 matrices, a diagonal, an element, and explicit
and block matrices built from their entries.
"""

from __future__ import annotations

import math
from functools import reduce

import numpy as np

from symdl.errors import InvalidInput
from symdl.numeric.kernels_index import _as_int, _real


def symdl_softmax(x: object) -> np.ndarray:
    """Softmax over the rows of a column vector or of each column of a matrix (axis -2)."""
    x = np.asarray(x)
    shift = np.max(_real(x), axis=-2, keepdims=True)
    e = np.exp(x - shift)
    return e / np.sum(e, axis=-2, keepdims=True)


def symdl_softmax_rows(x: object) -> np.ndarray:
    """Softmax of each row of a matrix (over the last axis), shifted by the row's maximum."""
    x = np.asarray(x)
    shift = np.max(_real(x), axis=-1, keepdims=True)
    e = np.exp(x - shift)
    return e / np.sum(e, axis=-1, keepdims=True)


def symdl_matmul(*xs: object) -> np.ndarray:
    """Matrix product over the last two axes (batch axes broadcast)."""
    return reduce(np.matmul, (np.asarray(x) for x in xs))


def symdl_T(x: object) -> np.ndarray:
    """Transpose of the last two axes."""
    return np.swapaxes(np.asarray(x), -1, -2)


def symdl_ones(rows: object, cols: object) -> np.ndarray:
    """A matrix of ones."""
    return np.ones((_as_int(rows, "dimension"), _as_int(cols, "dimension")))


def symdl_zeros(rows: object, cols: object) -> np.ndarray:
    """A matrix of zeros."""
    return np.zeros((_as_int(rows, "dimension"), _as_int(cols, "dimension")))


def symdl_eye(n: object) -> np.ndarray:
    """The identity matrix."""
    return np.eye(_as_int(n, "dimension"))


def symdl_inv(x: object) -> np.ndarray:
    """Matrix inverse over the last two axes."""
    return np.linalg.inv(x)


def symdl_matpow(x: object, k: object) -> np.ndarray:
    """Matrix power: an integer power (negative powers invert first), or a fractional one of a symmetric matrix
    with positive eigenvalues, the principal power V diag(λ^k) Vᵀ (a graph's D̃^{-1/2})."""
    x = np.asarray(x)
    kf = np.asarray(k, dtype=float).reshape(-1)
    if kf.size == 1 and math.isfinite(kf[0]) and kf[0] != round(kf[0]):
        return _fractional_power(x, float(kf[0]))
    k_i = _as_int(k, "matrix power")
    if k_i < 0:
        x, k_i = np.linalg.inv(x), -k_i
    return np.linalg.matrix_power(x, k_i)


def _fractional_power(x: np.ndarray, k: float) -> np.ndarray:
    if x.shape[-1] != x.shape[-2] or not np.array_equal(x, np.swapaxes(x, -1, -2)):
        raise InvalidInput(f"a fractional matrix power (^{k:g}) is taken of symmetric matrices only")
    lam, vec = np.linalg.eigh(x)
    if np.any(lam <= 0):
        raise InvalidInput(f"a fractional matrix power (^{k:g}) needs positive eigenvalues, got {lam.min():.3g}")
    return (vec * lam[..., None, :] ** k) @ np.swapaxes(vec, -1, -2)


def symdl_trace(x: object) -> np.ndarray:
    """Trace, kept as a 1x1 matrix so it mixes with other matrix values."""
    return np.trace(np.asarray(x), axis1=-2, axis2=-1)[..., None, None]


def symdl_det(x: object) -> np.ndarray:
    """Determinant, kept as a 1x1 matrix."""
    return np.linalg.det(x)[..., None, None]


def symdl_spectral_norm(x: object) -> np.ndarray:
    """The largest singular value of a matrix (its 2-norm), kept as a 1x1 matrix."""
    return np.linalg.norm(np.asarray(x, dtype=float), ord=2, axis=(-2, -1))[..., None, None]


def symdl_diag(x: object) -> np.ndarray:
    """``diag(v)`` of a column: the square matrix with v's entries on its diagonal (numpy's np.diag of the vector)."""
    v = np.asarray(x)[..., :, 0]
    return v[..., :, None] * np.eye(v.shape[-1])


def symdl_melem(x: object, i: object, j: object) -> np.ndarray:
    """Element ``(i, j)`` (0-based, SymPy's MatrixElement convention) as a 1x1 matrix."""
    x = np.asarray(x)
    return x[..., _as_int(i, "row"), _as_int(j, "column")][..., None, None]


def symdl_stack(rows: int, cols: int, *entries: object) -> np.ndarray:
    """An explicit matrix from its entries in row-major order (entries may be batched 1x1)."""
    arrs = [np.asarray(e) for e in entries]
    arrs = [a.reshape((*a.shape, 1, 1)) if a.ndim == 0 else a for a in arrs]
    common = np.broadcast_shapes(*(a.shape for a in arrs))
    flat = np.stack([np.broadcast_to(a, common)[..., 0, 0] for a in arrs], axis=-1)
    return flat.reshape((*flat.shape[:-1], int(rows), int(cols)))


def symdl_block(rows: int, cols: int, *blocks: object) -> np.ndarray:
    """A block matrix (``[\\mathbf c_t; \\mathbf h_t]``) from its blocks in row-major order: blocks of one block row
    are joined side by side, the block rows one above the other (batch axes lead and broadcast)."""
    arrs = [np.asarray(b, dtype=np.result_type(*blocks, np.float64)) for b in blocks]
    arrs = [a.reshape((*a.shape, 1, 1)) if a.ndim == 0 else a for a in arrs]
    batch = np.broadcast_shapes(*(a.shape[:-2] for a in arrs))
    arrs = [np.broadcast_to(a, (*batch, *a.shape[-2:])) for a in arrs]
    r, c = int(rows), int(cols)
    return np.concatenate([np.concatenate(arrs[k * c : (k + 1) * c], axis=-1) for k in range(r)], axis=-2)
