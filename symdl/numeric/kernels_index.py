"""The kernels over index arrays: an index's range, gathers at index arrays, reductions over an index's axis.

An index ``j`` over ``lo..hi`` is an integer array laid along its own core axis (:func:`symdl_irange`, counted
against the budgets as it is laid out: :class:`Extent`); a family's entries are gathered at such arrays (1- or
0-based), and sums, products, extrema and arg-extrema run over an index's axis, keeping it with length 1.  The
conventions are :mod:`symdl.numeric.kernels`': batch axes lead, complex input is accepted.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field

import numpy as np

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
