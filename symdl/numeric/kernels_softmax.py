"""The softmax-of-a-family kernel (:class:`symdl.numeric.stable_softmax.SoftmaxOver`), batch axes leading as every
kernel of :mod:`symdl.numeric.kernels`."""

from __future__ import annotations

import numpy as np

from symdl.numeric.kernels_index import _spread, symdl_imax


def symdl_softmax_onto(a: object, b: object, j: np.ndarray, jaxis: int, k: np.ndarray, kaxis: int,
                       scale: object = 1.0) -> np.ndarray:
    """``scale · exp(a) / Σ_j exp(b)`` with ``a`` = ``b`` at ``j = k``, shifted by ``max_j b``: the exps are taken
    once, along ``j``'s axis moved onto ``k``'s when the two index arrays are the same positions (one new array in
    the result's layout, exp, sum and scaling in place: the caller's ``X - t`` can reuse it); otherwise
    ``exp(a − max)`` is taken on ``k``'s axis (the general form, exact for any ranges)."""
    x = _spread(b, j, jaxis)
    shift = symdl_imax(x, j, jaxis)  # length 1 along j and k
    moved = jaxis != kaxis and x.shape[kaxis] == 1 and np.array_equal(np.ravel(j), np.ravel(k))
    e = np.subtract(np.swapaxes(x, jaxis, kaxis) if moved else x, shift)
    factor = np.asarray(scale) / np.sum(np.exp(e, out=e), axis=kaxis if moved else jaxis, keepdims=True)
    return _times(e, factor) if moved else np.exp(np.asarray(a) - shift) * factor


def _times(e: np.ndarray, factor: np.ndarray) -> np.ndarray:
    """``e · factor``, into ``e`` when the product has its shape and type."""
    if np.broadcast_shapes(e.shape, factor.shape) == e.shape and np.can_cast(factor.dtype, e.dtype, "same_kind"):
        return np.multiply(e, factor, out=e)
    return e * factor


#: the kernel in the emitted jax and torch sources (``symdl grad --emit``, :mod:`symdl.numeric.emit_backends`): the
#: general form, exact for any ranges (those sources run as written; speed is the library's own business)
SPELLINGS = {
    "jax": """def symdl_softmax_onto(a, b, j, jaxis, k, kaxis, scale=1.0):
    x = _spread(b, j, jaxis)
    m = jnp.max(jnp.real(x), axis=jaxis, keepdims=True)
    m = jnp.where(jnp.isfinite(m), m, 0.0)
    return scale * jnp.exp(a - m) / jnp.sum(jnp.exp(x - m), axis=jaxis, keepdims=True)""",
    "torch": """def symdl_softmax_onto(a, b, j, jaxis, k, kaxis, scale=1.0):
    x = _spread(b, j, jaxis)
    m = torch.amax(x, dim=jaxis, keepdim=True)
    m = torch.where(torch.isfinite(m), m, torch.zeros_like(m))
    a = torch.as_tensor(a, dtype=torch.float64)
    return scale * torch.exp(a - m) / torch.sum(torch.exp(x - m), dim=jaxis, keepdim=True)""",
}
