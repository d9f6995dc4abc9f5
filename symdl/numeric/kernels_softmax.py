"""The softmax-of-a-family kernel (:class:`symdl.numeric.stable_softmax.SoftmaxOver`), batch axes leading as every
kernel of :mod:`symdl.numeric.kernels`."""

from __future__ import annotations

import numpy as np


def symdl_softmax_onto(a: object, b: object, j: np.ndarray, jaxis: int, k: np.ndarray, kaxis: int,
                       scale: object = 1.0) -> np.ndarray:
    """``scale · exp(a) / Σ_j exp(b)`` with ``a`` = ``b`` at ``j = k``, shifted by ``max_j b``: the exps are taken
    once, along ``j``'s axis (a new array, exp and scaling in place), then that axis is moved onto ``k``'s (a view)
    when the two index arrays are the same positions; otherwise ``exp(a − max)`` is taken on ``k``'s axis (the
    general form, exact for any ranges)."""
    from symdl.numeric.kernels import _spread, symdl_imax

    x = _spread(b, j, jaxis)
    shift = symdl_imax(x, j, jaxis)
    e = np.subtract(x, shift)
    factor = np.asarray(scale) / np.sum(np.exp(e, out=e), axis=jaxis, keepdims=True)
    if jaxis != kaxis and e.shape[kaxis] == 1 and np.array_equal(np.ravel(j), np.ravel(k)):
        return np.swapaxes(_times(e, factor), jaxis, kaxis)
    return np.exp(np.asarray(a) - shift) * factor


def _times(e: np.ndarray, factor: np.ndarray) -> np.ndarray:
    """``e · factor``, into ``e`` when the product has its shape and type."""
    if np.broadcast_shapes(e.shape, factor.shape) == e.shape and np.can_cast(factor.dtype, e.dtype, "same_kind"):
        return np.multiply(e, factor, out=e)
    return e * factor
