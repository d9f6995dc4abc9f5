"""Batched finite-difference Jacobians (:func:`numeric_jacobian`) for the formula checks.

:mod:`symdl.numeric.verdict` and :mod:`symdl.numeric.stepcheck` use these; the public checker of numpy
functions is :func:`symdl.numeric.directional.check_grads` (``symdl.check_grads``).

* **complex step** (``Im f(x + ih) / h``, ``h = 1e-30``) where the function is analytic:
  no cancellation, a machine-precision reference;
* otherwise a **4th-order central difference** with a step per coordinate scaled to
  ``|x_i|`` (``h_i = eps^(1/5) max(1, |x_i|)``, made exactly representable), with an
  error estimate from the embedded 2nd-order difference and the round-off floor;
* the function is called on *batches* of perturbed points: the perturbed copies of a
  variable are stacked along a new leading axis (chunked to bound memory), so ``f``
  must broadcast leading batch axes (functions from :func:`symdl.numeric.lambdify` do);
* a point at or near a kink (``kinks(**point)`` changes sign inside a stencil, or is 0)
  is moved off it before differencing, and the result says so;
* float32 input is refused: a float64 check of float32 numbers means nothing.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from symdl.budget import meter
from symdl.errors import InvalidInput

EPS = float(np.finfo(np.float64).eps)
CHUNK_ELEMENTS = 1 << 22
_COMPLEX_H = 1e-30


@dataclass(frozen=True)
class Stencil:
    """A finite-difference formula: ``sum_k w_k f(x + o_k h) / h``."""

    offsets: tuple[float, ...]
    weights: tuple[float, ...]
    step_exponent: float


STENCILS: dict[str, Stencil] = {
    "central": Stencil((-2.0, -1.0, 1.0, 2.0), (1 / 12, -8 / 12, 8 / 12, -1 / 12), 1 / 5),
    "central2": Stencil((-1.0, 1.0), (-0.5, 0.5), 1 / 3),
}
"""Real-step stencils by method name (``central`` is 4th order)."""


def _refuse_low_precision(name: str, arr: np.ndarray, what: str) -> None:
    if arr.dtype in (np.float32, np.float16, np.complex64):
        raise InvalidInput(
            f"{what} {name!r} is {arr.dtype}: gradient checks run in float64",
            hint=f"pass {name}.astype(numpy.float64); float32 carries ~7 digits, too few to check a gradient",
        )


def _float64(name: str, value: object, what: str) -> np.ndarray:
    arr = np.asarray(value)
    _refuse_low_precision(name, arr, what)
    if np.iscomplexobj(arr) or not np.issubdtype(arr.dtype, np.number):
        raise InvalidInput(f"{what} {name!r} must be real numbers (got {arr.dtype})")
    return arr.astype(np.float64)


def _call(f: Callable[..., object], point: Mapping[str, np.ndarray], single: bool) -> np.ndarray:
    with np.errstate(all="ignore"):
        return np.asarray(f(*point.values()) if single else f(**point))


def steps(x: np.ndarray, stencil: Stencil) -> np.ndarray:
    """Per-coordinate steps ``eps^p max(1, |x|)``, rounded so ``x + h - x == h`` exactly."""
    h = EPS**stencil.step_exponent * np.maximum(1.0, np.abs(x))
    return (x + h) - x


def numeric_jacobian(
    f: Callable[..., object],
    point: Mapping[str, np.ndarray],
    name: str,
    *,
    method: str = "central",
    single: bool = False,
    out_shape: tuple[int, ...] | None = None,
) -> tuple[np.ndarray, np.ndarray, int]:
    """d f / d point[name] by batched differences.

    Args:
        f: function of the point's entries (keywords, or one positional if ``single``),
            broadcasting leading batch axes; returns ``out_shape`` per point.
        point: the point, float64 arrays by name.
        name: the variable to differentiate by.
        method: ``complex`` or a key of :data:`STENCILS`.
        single: call ``f`` positionally with the one variable.
        out_shape: shape of one output (computed when None).

    Returns:
        (jacobian of shape ``out_shape + x.shape``, error estimate of the same shape,
        number of evaluations).
    """
    x = point[name]
    n = x.size
    if out_shape is None:
        out_shape = _call(f, point, single).shape
    offsets, weights, h = _stencil(x, method)
    L = len(offsets)
    per_chunk = max(1, CHUNK_ELEMENTS // max(1, n * L))
    meter().require("elements", n * math.prod(out_shape), what="this Jacobian")
    jac = np.empty((n, *out_shape))
    est = np.zeros((n, *out_shape))
    for start in range(0, n, per_chunk):
        coords = np.arange(start, min(n, start + per_chunk))
        vals = _moved_values(f, point, name, coords, (offsets, h), method, single, out_shape)
        hh = h[coords].reshape((len(coords),) + (1,) * len(out_shape))
        jac[coords], est[coords] = _differences(vals, weights, hh, method)
    axes = (*tuple(range(1, 1 + len(out_shape))), 0)
    jac = np.transpose(jac, axes).reshape(out_shape + x.shape)
    est = np.transpose(est, axes).reshape(out_shape + x.shape)
    return jac, est, n * L


def _stencil(x: np.ndarray, method: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(offsets, weights, per-coordinate steps)`` of ``method``: one imaginary step for ``complex``, else the
    stencil of :data:`STENCILS` with steps scaled to each coordinate."""
    if method == "complex":
        return np.array([1.0]), np.array([1.0]), np.full(x.size, _COMPLEX_H)
    st = STENCILS[method]
    return np.array(st.offsets), np.array(st.weights), steps(x.reshape(-1), st)


def _moved_values(
    f: Callable[..., object],
    point: Mapping[str, np.ndarray],
    name: str,
    coords: np.ndarray,
    stencil: tuple[np.ndarray, np.ndarray],
    method: str,
    single: bool,
    out_shape: tuple[int, ...],
) -> np.ndarray:
    """``f`` at the point with each coordinate ``coords`` of ``point[name]`` moved by each of the stencil's
    ``(offsets, steps)`` (an imaginary step for ``complex``), in one batched call: shape ``(coordinates, offsets,
    *out_shape)``."""
    offsets, h = stencil
    x = point[name]
    flat = x.reshape(-1)
    n, m, L = x.size, len(coords), len(offsets)
    dtype = np.complex128 if method == "complex" else np.float64
    batch = np.broadcast_to(flat, (m, L, n)).astype(dtype)
    delta = offsets[None, :] * h[coords][:, None]
    batch[np.arange(m)[:, None], np.arange(L)[None, :], coords[:, None]] += (
        1j * delta if method == "complex" else delta
    )
    args = dict(point)
    args[name] = batch.reshape((m * L, *x.shape))
    vals = _call(f, args, single)
    if vals.shape != (m * L, *out_shape):
        raise InvalidInput(
            f"the function returned shape {vals.shape} for a batch of {m * L} points; it must "
            "broadcast leading batch axes (functions from symdl.numeric.lambdify do)"
        )
    return vals.reshape((m, L, *out_shape))


def _differences(
    vals: np.ndarray, weights: np.ndarray, hh: np.ndarray, method: str
) -> tuple[np.ndarray, np.ndarray]:
    """The derivatives from the moved values ``vals`` (steps ``hh``) and their error estimates: round-off, and
    for a 4-point stencil the gap to the central difference of its inner points."""
    if method == "complex":
        d = vals[:, 0].imag / hh
        return d, 4 * EPS * np.abs(d)
    d = np.tensordot(weights, np.moveaxis(vals, 1, 0), axes=1) / hh
    scale = np.max(np.abs(vals), axis=1)
    roundoff = 4 * EPS * scale / hh
    if vals.shape[1] == 4:  # four offsets
        d2 = (vals[:, 2] - vals[:, 1]) / (2 * hh)
        return d, roundoff + 1e-2 * np.abs(d - d2)
    return d, roundoff + 1e-6 * np.abs(d)


def _crosses_kink(
    kinks: Callable[..., object], point: Mapping[str, np.ndarray], names: list[str], single: bool
) -> bool:
    center = np.asarray(_call(kinks, point, single), dtype=float)
    if center.size and np.any(np.abs(center) < 1e-12):
        return True
    for name in names:
        x = point[name]
        h = steps(x.reshape(-1), STENCILS["central"])
        for o in (-2.0, 2.0):
            batch = np.broadcast_to(x.reshape(-1), (x.size, x.size)).copy()
            batch[np.arange(x.size), np.arange(x.size)] += o * h
            args = dict(point)
            args[name] = batch.reshape((x.size, *x.shape))
            vals = np.asarray(_call(kinks, args, single), dtype=float)
            if np.any(np.sign(vals) != np.sign(center)):
                return True
    return False


def move_off_kinks(
    kinks: Callable[..., object],
    point: dict[str, np.ndarray],
    names: list[str],
    *,
    single: bool = False,
    seed: int = 0,
    tries: int = 30,
) -> tuple[dict[str, np.ndarray], bool]:
    """Shift ``point`` until no difference stencil crosses a kink (or the center sits on one)."""
    rng = np.random.default_rng(seed)
    moved = False
    for attempt in range(tries):
        if not _crosses_kink(kinks, point, names, single):
            return point, moved
        moved = True
        scale = 1e-2 * 2 ** (attempt / 3)
        point = {
            k: (
                v
                + scale
                * np.maximum(1.0, np.abs(v))
                * rng.uniform(0.5, 1.5, v.shape)
                * rng.choice([-1, 1], v.shape)
            )
            if k in names
            else v
            for k, v in point.items()
        }
    raise InvalidInput("could not move the point off the function's kinks")


def _fit_shape(a: np.ndarray, shape: tuple[int, ...], name: str) -> np.ndarray:
    if [d for d in a.shape if d != 1] == [d for d in shape if d != 1]:
        return a.reshape(shape)
    raise InvalidInput(
        f"the claimed gradient for {name!r} has shape {a.shape}, the gradient has shape {shape}"
    )
