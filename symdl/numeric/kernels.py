"""Numpy kernels the generated functions call: one namespace, real and complex-safe.

Generated code never sees a user's text: :mod:`symdl.numeric.lower` turns a SymPy tree
into calls of the ``symdl_*`` names below, SymPy's numpy printer prints it, and
:data:`NAMESPACE` resolves the names.  Conventions the kernels rely on:

* **batch axes lead**: every input may carry leading batch axes; the kernels only
  touch the trailing *core* axes (index axes of a sum, or the two axes of a matrix).
* **index arrays**: an index ``j`` ranging over ``lo..hi`` is an integer array with
  ``hi-lo+1`` entries along its own core axis and length 1 along the others.
* every kernel accepts complex arrays (complex-step differentiation); the
  stabilising shifts (max of a sum's terms) use real parts, which keeps identities
  such as ``logsumexp(a) = m + log sum exp(a - m)`` exact for any constant ``m``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import reduce

import mpmath
import numpy as np

from symdl.activations import KERNEL_FUNCTIONS
from symdl.budget import meter
from symdl.errors import InvalidInput


def _real(x: np.ndarray) -> np.ndarray:
    return x.real if np.iscomplexobj(x) else x


@dataclass
class Extent:
    """One evaluation's account of its arrays, kept while it runs.

    Attributes:
        floor: the entries of the largest input (arrays that large cost nothing the caller did not allocate).
        batch: the entries of the inputs' batch axes.
        lengths: core axis → the length of the range laid along it so far.
    """

    floor: int
    batch: int
    lengths: dict[int, int] = field(default_factory=dict)


#: the account of the evaluation running in this context (None outside one)
EXTENT: ContextVar[Extent | None] = ContextVar("symdl_extent", default=None)


def symdl_irange(lo: object, hi: object, axis: int, ndim: int, scope: tuple[int, ...] = ()) -> np.ndarray:
    """The integers ``lo..hi`` laid along core axis ``axis`` (negative) of ``ndim`` core axes.

    Counted before anything is allocated: the range against the ``terms`` budget, and the largest array the
    evaluation can broadcast to inside this range — its batch times the lengths of the axes in ``scope`` (the
    free indices' and enclosing sums' axes, the only ones an array here can span) and of this one — against the
    ``elements`` budget (arrays no larger than the largest input always pass).
    """
    lo_i, hi_i = _as_int(lo, "lower bound"), _as_int(hi, "upper bound")
    length = max(hi_i - lo_i + 1, 0)
    account = meter()
    account.require("terms", length, what="this sum's range")
    extent = EXTENT.get()
    if extent is not None:
        extent.lengths[axis] = max(length, 1)
        entries = extent.batch * math.prod(extent.lengths.get(a, 1) for a in {*scope, axis})
        if entries > extent.floor:
            account.require("elements", entries, what="the arrays of this evaluation")
    shape = [1] * ndim
    shape[axis] = length
    return np.arange(lo_i, hi_i + 1, dtype=np.int64).reshape(shape)


def symdl_window(n: object) -> int:
    """The number of valid positions of a free index that reaches arrays only at computed positions (x_{i+k}):
    none when the window the sums reach is longer than the array, an InvalidInput, not an empty result."""
    count = _as_int(n, "number of valid positions")
    if count < 1:
        raise InvalidInput(f"no valid position: the entries the sums reach (x_{{i+k}}) run {1 - count} past the array "
                           "for every position; give a longer array or a shorter window")
    return count


def symdl_stride(s: object) -> int:
    """A stride or dilation of a strided position (pooling's ``x_{is+a}``): a whole number ≥ 1, else an InvalidInput
    (a fractional stride reaches no entry; 0 or less gives no windows, or windows that run backwards)."""
    arr = np.asarray(s)
    v = _real(arr).reshape(-1)[0] if arr.size == 1 else None
    if v is None or not math.isfinite(float(v)) or float(v) != round(float(v)) or float(v) < 1:
        shown = f"an array of shape {arr.shape}" if v is None else f"{v}"
        raise InvalidInput(f"a stride must be one whole number ≥ 1 (the step between windows, as pooling's "
                           f"x_{{is+a}} takes it), got {shown}")
    return round(float(v))


def _as_int(value: object, what: str) -> int:
    arr = np.asarray(value)
    if arr.size != 1:
        raise InvalidInput(f"a sum's {what} must be one integer, got an array of shape {arr.shape}")
    v = arr.reshape(-1)[0]
    if np.iscomplexobj(arr):
        v = v.real
    if not math.isfinite(float(v)):  # 1e308·e^{-320} overflows to inf: no integer
        raise InvalidInput(f"a sum's {what} must be a finite integer, got {v}")
    if float(v) != round(float(v)):
        raise InvalidInput(f"a sum's {what} must be an integer, got {v}")
    return round(float(v))


def symdl_gather(base: np.ndarray, *index: np.ndarray) -> np.ndarray:
    """``base_{i,j}`` for 1-based index arrays, keeping ``base``'s leading batch axes."""
    return _gather(base, index, 1)


def symdl_gather0(base: np.ndarray, *index: np.ndarray) -> np.ndarray:
    """``base_{i,j}`` of a family indexed from 0 (its array's first entry is member 0)."""
    return _gather(base, index, 0)


def _gather(base: np.ndarray, index: tuple, origin: int) -> np.ndarray:
    base = np.asarray(base)
    rank = len(index)
    view = _full_range_view(base, index, origin)
    if view is not None:
        return view
    idx = []
    for pos, ix in enumerate(index):
        ix = np.asarray(ix)
        if not np.issubdtype(ix.dtype, np.integer):
            rounded = np.rint(_real(ix))
            if np.any(rounded != _real(ix)):
                raise InvalidInput("an index evaluated to a non-integer")
            ix = rounded.astype(np.int64)
        n = base.shape[base.ndim - rank + pos]
        if ix.size and (ix.min() < origin or ix.max() > n - 1 + origin):
            raise InvalidInput(
                f"index out of range: indices run {int(ix.min())}..{int(ix.max())} "
                f"but the array has {n} entries (indices are {origin}-based)"
            )
        idx.append(ix - origin)
    return base[(Ellipsis, *idx)]


def _spread(x: object, j: np.ndarray, axis: int) -> np.ndarray:
    x = np.asarray(x)
    if x.ndim == 0:
        x = x.reshape((1,) * j.ndim)
    shape = list(x.shape)
    shape[axis] = j.shape[axis]
    return np.broadcast_to(x, np.broadcast_shapes(tuple(shape), x.shape))


def _full_range_view(base: np.ndarray, index: tuple, origin: int) -> np.ndarray | None:
    """``base`` itself, its axes laid along the index arrays' axes, when every index runs over its whole axis in
    order on an axis of its own (``z_k`` for k = 1..N): a view, where fancy indexing would copy the array."""
    rank = len(index)
    if base.ndim < rank or not index:
        return None
    ndim = np.ndim(index[0])
    places = []
    for pos, ix in enumerate(index):
        ix = np.asarray(ix)
        long = [a for a, n in enumerate(ix.shape) if n != 1]
        n = base.shape[base.ndim - rank + pos]
        if ix.ndim != ndim or len(long) != 1 or ix.size != n or not np.issubdtype(ix.dtype, np.integer):
            return None
        flat = ix.reshape(-1)
        if n and (flat[0] != origin or not np.array_equal(flat, np.arange(origin, origin + n))):
            return None
        places.append(long[0])
    if len(set(places)) != rank:
        return None  # a diagonal z_{ii}: one axis for two indices
    batch = base.shape[: base.ndim - rank]
    order = sorted(range(rank), key=lambda p: places[p])
    core = np.moveaxis(base, [len(batch) + p for p in order], [len(batch) + k for k in range(rank)])
    shape = [1] * ndim
    for pos in range(rank):
        shape[places[pos]] = base.shape[len(batch) + pos]
    view = core.reshape(batch + tuple(shape))
    view.flags.writeable = False  # the caller's array: nothing downstream may write into it
    return view


def symdl_isum(x: object, j: np.ndarray, axis: int) -> np.ndarray:
    """Sum over the index ``j`` (core axis ``axis``), keeping the axis with length 1."""
    return np.sum(_spread(x, j, axis), axis=axis, keepdims=True)


def symdl_iprod(x: object, j: np.ndarray, axis: int) -> np.ndarray:
    """Product over the index ``j`` (core axis ``axis``), keeping the axis with length 1."""
    return np.prod(_spread(x, j, axis), axis=axis, keepdims=True)


def symdl_imax(x: object, j: np.ndarray, axis: int) -> np.ndarray:
    """Max of the real parts over ``j``: the shift that makes exp-sums finite (a constant)."""
    spread = _real(_spread(x, j, axis))
    if spread.shape[axis] == 0:
        return np.zeros((*spread.shape[:axis], 1, *spread.shape[axis:][1:]))
    m = np.max(spread, axis=axis, keepdims=True)
    return np.where(np.isfinite(m), m, 0.0)


def symdl_imaxv(x: object, j: np.ndarray, axis: int) -> np.ndarray:
    """The largest value over the index ``j`` (``\\max_i x_i``), keeping the axis with length 1."""
    return np.max(_spread(x, j, axis), axis=axis, keepdims=True)


def symdl_iminv(x: object, j: np.ndarray, axis: int) -> np.ndarray:
    """The smallest value over the index ``j`` (``\\min_i x_i``), keeping the axis with length 1."""
    return np.min(_spread(x, j, axis), axis=axis, keepdims=True)


def symdl_iargmax(x: object, j: np.ndarray, axis: int) -> np.ndarray:
    """The index value ``j`` where ``x`` is largest (``\\arg\\max_k x_k``, ties to the first), keeping the axis."""
    return _arg_over(x, j, axis, np.argmax)


def symdl_iargmin(x: object, j: np.ndarray, axis: int) -> np.ndarray:
    """The index value ``j`` where ``x`` is smallest (``\\arg\\min_k x_k``, ties to the first), keeping the axis."""
    return _arg_over(x, j, axis, np.argmin)


def _arg_over(x: object, j: np.ndarray, axis: int, pick: Callable[..., np.ndarray]) -> np.ndarray:
    spread = _real(_spread(x, j, axis))
    if spread.shape[axis] == 0:
        raise InvalidInput("arg max/min over an empty range")
    at = pick(spread, axis=axis, keepdims=True)
    values = np.broadcast_to(np.asarray(j, dtype=np.float64), np.broadcast_shapes(np.shape(j), spread.shape))
    return np.take_along_axis(values, at, axis=axis)


def symdl_delta(i: object, k: object) -> np.ndarray:
    """Kronecker delta of two index arrays."""
    return np.equal(i, k).astype(np.float64)


def symdl_heaviside(x: object, at_zero: object = 0.5) -> np.ndarray:
    """Unit step with the given value at 0."""
    return np.heaviside(x, at_zero)


def symdl_max(*xs: object) -> np.ndarray:
    """Element-wise maximum of any number of arguments."""
    return reduce(np.maximum, xs)


def symdl_min(*xs: object) -> np.ndarray:
    """Element-wise minimum of any number of arguments."""
    return reduce(np.minimum, xs)


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


_erf = np.vectorize(math.erf, otypes=[np.float64])
_erfc = np.vectorize(math.erfc, otypes=[np.float64])


def _mp_erf(z: complex) -> complex:
    with mpmath.workdps(40):  # a tiny imaginary part needs the digits
        return complex(mpmath.erf(z))


_cerf = np.vectorize(_mp_erf, otypes=[np.complex128])


def _complex_erf(z: np.ndarray) -> np.ndarray:
    """erf of complex input: exact to first order in a tiny imaginary part (the complex step), else mpmath."""
    a, b = z.real, z.imag
    step = np.abs(b) <= 1e-8 * np.maximum(1.0, np.abs(a))
    out = np.empty(z.shape, np.complex128)
    out[step] = _erf(a[step]) + 1j * b[step] * (2 / math.sqrt(math.pi)) * np.exp(-(a[step] ** 2))
    out[~step] = _cerf(z[~step])  # mpmath only where the imaginary part is not a tiny step
    return out


def symdl_erf(x: object) -> np.ndarray:
    """The error function, element-wise (GELU's exact form); complex input for the complex step."""
    a = np.asarray(x)
    return _complex_erf(a) if np.iscomplexobj(a) else _erf(a.astype(np.float64))


def symdl_erfc(x: object) -> np.ndarray:
    """The complementary error function, element-wise; complex input for the complex step."""
    a = np.asarray(x)
    return 1 - _complex_erf(a) if np.iscomplexobj(a) else _erfc(a.astype(np.float64))


def symdl_ipow(x: object, n: object) -> np.ndarray:
    """``x**n`` for a whole number ``n``, exact along the complex step.

    numpy's complex power multiplies only for ``|n| < 100`` and takes ``exp(n log z)`` beyond: for a
    negative base ``z = -0.92 + 10^-20 i`` that crosses log's branch cut and the step's imaginary part is
    lost (the complex step of ``x^200`` came out 10^13 times too large).  Squaring and multiplying keeps
    it; real input takes numpy's own power.
    """
    a = np.asarray(x)
    k = int(np.asarray(n).real)
    if not np.iscomplexobj(a):
        return np.power(a.astype(np.float64), float(k))
    base, out = (1 / a if k < 0 else a), np.ones_like(a)
    k = abs(k)
    while k:
        if k & 1:
            out = out * base
        base, k = base * base, k >> 1
    return out


_gamma = np.vectorize(math.gamma, otypes=[np.float64])
_cgamma = np.vectorize(lambda z: complex(mpmath.gamma(z)), otypes=[np.complex128])


def symdl_gamma(x: object) -> np.ndarray:
    """The gamma function entry by entry (a binomial coefficient's and a factorial's numbers); mpmath's for
    complex input (the complex step)."""
    a = np.asarray(x)
    return _cgamma(a) if np.iscomplexobj(a) else _gamma(a.astype(np.float64))


def symdl_factorial(x: object) -> np.ndarray:
    """``n!`` as ``Γ(n + 1)``."""
    return symdl_gamma(np.asarray(x) + 1)


from symdl.numeric.kernels_kron import symdl_kron  # noqa: E402, F401  (a kernel of the namespace)
from symdl.numeric.kernels_softmax import symdl_softmax_onto  # noqa: E402, F401
from symdl.numeric.stable_logs import symdl_logaddexp, symdl_xlog1py, symdl_xlogy  # noqa: E402, F401

NAMESPACE: dict[str, object] = {
    name: obj for name, obj in globals().items() if name.startswith("symdl_") and callable(obj)
}
NAMESPACE.update(KERNEL_FUNCTIONS)  # the activations' kernels (symdl_sigmoid, ...), from their records
NAMESPACE.update({"erf": symdl_erf, "erfc": symdl_erfc, "gamma": symdl_gamma, "factorial": symdl_factorial})
"""Name → kernel, handed to :func:`sympy.lambdify` as its first module."""
