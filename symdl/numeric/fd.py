"""Finite-difference gradient checking, all perturbations in vectorised batches.

:func:`check_grads` compares a claimed gradient with a numeric one, in the spirit of
HIPS/autograd's ``check_grads`` and ``torch.autograd.gradcheck`` but tighter:

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

Pass criterion per entry: ``|analytic - numeric| <= atol + rtol |numeric| + estimate``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from symdl.budget import meter
from symdl.config import DEFAULT, Config
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


@dataclass(frozen=True)
class GradCheckResult:
    """The outcome of :func:`check_grads`.

    Attributes:
        passed: every entry within tolerance.
        max_abs_error: largest ``|analytic - numeric|``.
        max_rel_error: largest ``|analytic - numeric| / max(|numeric|, atol)``.
        worst: (variable, coordinate) of the entry furthest outside (or nearest to) its tolerance.
        point: the point used (moved off kinks if needed).
        numeric: the numeric gradient per variable.
        analytic: the claimed gradient per variable.
        method: ``complex-step`` or ``central``.
        rtol: relative tolerance used.
        atol: absolute tolerance used.
        moved_off_kink: whether the given point had to be moved.
        evaluations: number of function evaluations (batched).
        message: a one-line summary.
    """

    passed: bool
    max_abs_error: float
    max_rel_error: float
    worst: tuple[str, tuple[int, ...]] | None
    point: Mapping[str, np.ndarray]
    numeric: Mapping[str, np.ndarray]
    analytic: Mapping[str, np.ndarray]
    method: str
    rtol: float
    atol: float
    moved_off_kink: bool = False
    evaluations: int = 0
    message: str = ""
    estimate: Mapping[str, np.ndarray] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return self.passed

    def __str__(self) -> str:
        return self.message


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
    if method == "complex":
        offsets, weights = np.array([1.0]), np.array([1.0])
        h = np.full(n, _COMPLEX_H)
    else:
        st = STENCILS[method]
        offsets, weights = np.array(st.offsets), np.array(st.weights)
        h = steps(x.reshape(-1), st)
    L = len(offsets)
    per_chunk = max(1, CHUNK_ELEMENTS // max(1, n * L))
    meter().require("elements", n * math.prod(out_shape), what="this Jacobian")
    jac = np.empty((n, *out_shape))
    est = np.zeros((n, *out_shape))
    flat = x.reshape(-1)
    for start in range(0, n, per_chunk):
        coords = np.arange(start, min(n, start + per_chunk))
        m = len(coords)
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
        vals = vals.reshape((m, L, *out_shape))
        hh = h[coords].reshape((m,) + (1,) * len(out_shape))
        if method == "complex":
            jac[coords] = vals[:, 0].imag / hh
            est[coords] = 4 * EPS * np.abs(jac[coords])
            continue
        d = np.tensordot(weights, np.moveaxis(vals, 1, 0), axes=1) / hh
        jac[coords] = d
        scale = np.max(np.abs(vals), axis=1)
        roundoff = 4 * EPS * scale / hh
        if L == 4:
            d2 = (vals[:, 2] - vals[:, 1]) / (2 * hh)
            est[coords] = roundoff + 1e-2 * np.abs(d - d2)
        else:
            est[coords] = roundoff + 1e-6 * np.abs(d)
    axes = (*tuple(range(1, 1 + len(out_shape))), 0)
    jac = np.transpose(jac, axes).reshape(out_shape + x.shape)
    est = np.transpose(est, axes).reshape(out_shape + x.shape)
    return jac, est, n * L


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


def check_grads(
    f: Callable[..., object],
    grad: Callable[..., object] | Mapping[str, object] | np.ndarray,
    point: Mapping[str, object] | np.ndarray,
    *,
    wrt: tuple[str, ...] | None = None,
    method: str = "auto",
    analytic: bool = False,
    kinks: Callable[..., object] | None = None,
    rtol: float | None = None,
    atol: float | None = None,
    config: Config = DEFAULT,
) -> GradCheckResult:
    """Check a claimed gradient (or Jacobian) against batched finite differences.

    Args:
        f: the function; keyword arguments named like ``point`` (or one positional
            argument when ``point`` is an array); must broadcast leading batch axes.
        grad: the claimed gradient: a callable taking the same arguments, or its values;
            per variable an array of shape ``f's output shape + variable's shape``
            (a dict by name, or one array for one variable).
        point: where to check: float64 arrays by name, or one array.
        wrt: the variables to check (default: all of ``point``).
        method: ``auto`` (complex step if ``analytic`` else central), ``complex``,
            ``central`` (4th order) or ``central2``.
        analytic: ``f`` is analytic (complex-safe), so the complex step is valid.
        kinks: function of the point returning the values of expressions whose sign
            changes where ``f`` is not differentiable (``x`` for ``|x|``); the point is
            moved until no stencil crosses one.
        rtol: relative tolerance (default ``config.rtol``).
        atol: absolute tolerance (default ``config.atol``).
        config: options (tolerances, seed).

    Returns:
        A :class:`GradCheckResult` (truthy when passed).

    Raises:
        InvalidInput: float32/complex inputs, or shapes that do not fit.
    """
    rtol = config.rtol if rtol is None else rtol
    atol = config.atol if atol is None else atol
    single = not isinstance(point, Mapping)
    raw = {"x": point} if single else dict(point)
    pt = {k: _float64(k, v, "input") for k, v in raw.items()}
    names = list(wrt) if wrt is not None else list(pt)
    moved = False
    if kinks is not None:
        pt, moved = move_off_kinks(kinks, pt, names, single=single, seed=config.seed)
    if method == "auto":
        method = "complex" if analytic else "central"
    claimed = grad(*pt.values()) if single and callable(grad) else grad(**pt) if callable(grad) else grad
    if single or not isinstance(claimed, Mapping):
        claimed = {names[0]: claimed}
    out_shape = _call(f, pt, single).shape
    numeric, analytic_vals, estimate = {}, {}, {}
    evaluations = 0
    worst, worst_ratio, max_abs, max_rel = None, -1.0, 0.0, 0.0
    for name in names:
        a = _float64(name, claimed[name], "claimed gradient")
        jac, est, count = numeric_jacobian(f, pt, name, method=method, single=single, out_shape=out_shape)
        evaluations += count
        if a.shape != jac.shape:
            a = _fit_shape(a, jac.shape, name)
        err = np.abs(a - jac)
        err = np.where(np.isnan(err) & np.isnan(a) & np.isnan(jac), 0.0, err)
        tol = atol + rtol * np.abs(jac) + est
        ratio = np.where(np.isfinite(err), err / tol, np.inf)
        if ratio.size and np.max(ratio) > worst_ratio:
            idx = np.unravel_index(int(np.argmax(ratio)), ratio.shape)
            worst, worst_ratio = (name, tuple(int(i) for i in idx)), float(np.max(ratio))
        max_abs = max(max_abs, float(np.max(err, initial=0.0)))
        max_rel = max(max_rel, float(np.max(err / np.maximum(np.abs(jac), atol), initial=0.0)))
        numeric[name], analytic_vals[name], estimate[name] = jac, a, est
    passed = worst_ratio <= 1.0
    verdict = "passed" if passed else "FAILED"
    msg = (
        f"gradient check {verdict} ({method}, {evaluations} evaluations): max abs error {max_abs:.3g}, "
        f"max rel error {max_rel:.3g} (rtol {rtol:g}, atol {atol:g})"
    )
    if worst is not None and not passed:
        msg += f"; worst at {worst[0]}{list(worst[1])}"
    if moved:
        msg += "; point moved off a kink"
    return GradCheckResult(
        passed,
        max_abs,
        max_rel,
        worst,
        pt,
        numeric,
        analytic_vals,
        method,
        rtol,
        atol,
        moved,
        evaluations,
        msg,
        estimate,
    )


def _fit_shape(a: np.ndarray, shape: tuple[int, ...], name: str) -> np.ndarray:
    if [d for d in a.shape if d != 1] == [d for d in shape if d != 1]:
        return a.reshape(shape)
    raise InvalidInput(
        f"the claimed gradient for {name!r} has shape {a.shape}, the gradient has shape {shape}"
    )
