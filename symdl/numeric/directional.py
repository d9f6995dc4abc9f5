"""Gradient checks by random directional derivatives: O(K) evaluations, not O(n).

:func:`check_grads` (public as ``symdl.check_grads``) works like ``jax.test_util.check_grads``:
it draws ``K`` seeded random unit directions ``v`` over all checked coordinates and compares the
claimed ``⟨claim, v⟩`` (``J v`` for a vector-valued ``f``) with the directional derivative
``f'(x; v)``, computed

* by **one complex-step evaluation** per direction, ``Im f(x + i h v) / h`` with ``h = 1e-30``,
  when ``f`` is complex-safe (detected by trying: the call must not raise, must return complex
  values whose real part is ``f(x)``, and its derivative along the first direction must agree with
  a central difference); pass when the normwise relative error is ``≤ 1e-10``;
* otherwise by a **6th-order Richardson central difference** (steps ``h, h/2, h/4``, 6 evaluations
  per direction); its error estimate per direction is ``|R6 - R4|`` (the 6th- minus the 4th-order
  extrapolation, which bounds the 4th-order error and so over-estimates the 6th-order one) plus the
  round-off floor ``4 eps max|f| / h``; pass when the normwise error is ``≤ 1e-10 ‖D‖ + 4 ‖estimate‖``.
  A direction whose differences do not converge as a smooth function's (a kink inside the stencil,
  see :mod:`symdl.numeric.richardson`) is retried at smaller steps, re-drawn, and (for a callable
  claim) the point moved; what stays unsettled never refutes: the verdict is then ``undecided``.

``directions=None`` checks along every coordinate (the coordinate-wise pass) with the same machinery.

The normwise relative error is ``‖C V - D‖ / ‖D‖`` over the ``K`` directions (``C`` the claim,
``D`` the numeric directional derivatives). When the check fails, the worst entry is located by
**bisection over blocks of coordinates** along the most discrepant direction ``v``: the discrepancy
``d(B) = ⟨claim_B - grad_B, v_B⟩`` is additive over blocks, so one evaluation per level (the other
half is ``d(B) - d(B1)``) follows the larger half down to one coordinate (``⌈log2 n⌉`` evaluations),
whose partial derivative is then computed (one more) and reported beside the claim.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

from symdl.config import DEFAULT, Config
from symdl.errors import InvalidInput
from symdl.numeric.directional_derivative import (
    DirectionalDerivatives,
    FlatFunction,
    complex_safe,
    move_point_off_kinks,
    unit_rows,
)
from symdl.numeric.fd import _fit_shape, _float64
from symdl.numeric.richardson import RICHARDSON_H, SHRINK
from symdl.printers import Shown

DIRECTIONS = 6
"""Default number of random directions ``K``. For an error ``E`` in the gradient, ``‖E V‖² / ‖g V‖²``
over ``K`` Gaussian directions is a ratio of two chi-squared(K) variables scaled by ``‖E‖² / ‖g‖²``:
with ``K = 6`` the chance that it under-states the true relative error by 10× is about ``1e-5``
(with ``K = 1`` it is ~8 %), while the cost stays 7 evaluations (complex step) or 37 (differences)."""

COMPLEX_RTOL = 1e-10
_MOVES = 2
"""Times a callable claim's point is moved when no direction's differences settle there."""


@dataclass(frozen=True, repr=False)
class DirectionalCheck(Shown):
    """The outcome of :func:`check_grads` (truthy when passed).

    Attributes:
        passed: the verdict is ``passed``.
        rel_error: ``‖C V - D‖ / ‖D‖`` over the directions (absolute when ``‖D‖`` is below atol).
        tolerance: the relative tolerance used (method-matched, or the caller's ``rtol``).
        method: ``complex-step`` or ``richardson``.
        directions: the number ``K`` of random directions.
        evaluations: calls of ``f`` (base value, complex-safety probe, directions, localisation).
        worst: (variable, index) of the worst entry, located only when the check failed.
        worst_claimed: the claimed value there.
        worst_numeric: the numeric partial derivative there.
        complex_safe: why the complex step was (not) used.
        moved_off_kink: the point had to be moved off a kink.
        point: the point used.
        message: one-line summary.
        verdict: ``passed``, ``failed`` or ``undecided`` (only unsettled directions could disagree).
        unsettled: directions whose differences did not settle (a kink within every stencil).
    """

    passed: bool
    rel_error: float
    tolerance: float
    method: str
    directions: int
    evaluations: int
    worst: tuple[str, tuple[int, ...]] | None
    worst_claimed: float | None
    worst_numeric: float | None
    complex_safe: str
    moved_off_kink: bool
    point: Mapping[str, np.ndarray]
    message: str
    verdict: str = "passed"
    unsettled: int = 0

    def __bool__(self) -> bool:
        return self.passed

    def __str__(self) -> str:
        return self.message


def _claim_matrix(fn: FlatFunction, claimed: Mapping[str, object], out_shape: tuple[int, ...]) -> np.ndarray:
    """The claim as a (outputs, coordinates) matrix."""
    m = math.prod(out_shape)
    blocks = []
    for name in fn.names:
        if name not in claimed:
            raise InvalidInput(f"no claimed gradient for {name!r}", hint=f"give one per variable: {fn.names}")
        a = _float64(name, claimed[name], "claimed gradient")
        shape = out_shape + fn.pt[name].shape
        if a.shape != shape:
            a = _fit_shape(a, shape, name)
        blocks.append(a.reshape(m, -1))
    return np.concatenate(blocks, axis=1)


def _bisect(fn: FlatFunction, deriv: Callable[[np.ndarray], np.ndarray], c: np.ndarray, v: np.ndarray) -> int:
    """The coordinate carrying the discrepancy along ``v``, by halving blocks of coordinates."""
    lo, hi = 0, v.size
    total = c @ v - deriv(v)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        w = np.zeros_like(v)
        w[lo:mid] = v[lo:mid]
        left = c @ w - deriv(w)
        right = total - left
        if np.linalg.norm(left) >= np.linalg.norm(right):
            hi, total = mid, left
        else:
            lo, total = mid, right
    return lo


def check_grads(
    f: Callable[..., object],
    grad: Callable[..., object] | Mapping[str, object] | np.ndarray,
    x: Mapping[str, object] | np.ndarray,
    *,
    wrt: tuple[str, ...] | None = None,
    directions: int | None = DIRECTIONS,
    method: str = "auto",
    kinks: Callable[..., object] | None = None,
    rtol: float | None = None,
    config: Config = DEFAULT,
) -> DirectionalCheck:
    """Check a claimed gradient (or Jacobian) by ``K`` random directional derivatives.

    Args:
        f: a numpy function of one array (``x`` an array) or of keyword arrays (``x`` a dict);
            scalar or array valued. It is called on one point at a time (no batching needed).
        grad: the claim: a callable taking the same arguments, or its values; per variable an
            array of shape ``f's output shape + variable's shape`` (a dict by name, or one array).
        x: the point: float64 arrays (float32 is refused).
        wrt: the variables to check (default: all).
        directions: ``K``, the number of seeded random unit directions (see :data:`DIRECTIONS`);
            ``None`` checks along every coordinate (``n`` directions: the whole numeric Jacobian).
        method: ``auto`` (complex step when ``f`` is found complex-safe, else Richardson),
            ``complex`` or ``richardson``.
        kinks: function of the point whose values change sign where ``f`` has a kink; the point
            is moved until no difference step crosses one.
        rtol: override the method-matched normwise relative tolerance.
        config: seed (``config.seed``) and the tolerance floors ``complex_rtol``/``complex_atol``.

    Returns:
        A :class:`DirectionalCheck` (``verdict`` passed / failed / undecided); ``evaluations``
        counts every call of ``f``. Differences whose stencil may have crossed a kink never
        refute: only directions whose differences settled (see :mod:`symdl.numeric.richardson`)
        can fail the check; if the others disagree, the verdict is ``undecided``.
    """
    single, pt, names = _point_and_names(x, wrt, method, directions)
    fn = FlatFunction(f, pt, names, single)
    rng = np.random.default_rng([config.seed, 0x5D1D])  # not the user's data stream
    dirs = np.eye(fn.x.size) if directions is None else unit_rows(rng.normal(size=(directions, fn.x.size)))
    scale = max(1.0, float(np.max(np.abs(fn.x), initial=0.0)))
    moved = move_point_off_kinks(kinks, fn, dirs, RICHARDSON_H * scale, rng) if kinks is not None else False
    if moved and not callable(grad):
        raise InvalidInput(
            "the point had to be moved off a kink, but the claimed gradient was given as values at the old point",
            hint="pass grad as a function of the point, or a point away from the kinks",
        )
    f0, c, num, why, D, E, ok, used, shifted = _settled_table(
        fn, grad, pt, method, dirs, scale, rng, directions is not None
    )
    moved = moved or shifted
    point = {k: _unflatten(fn).get(k, v) for k, v in pt.items()}
    return _judge(fn, num, c, used, D, E, ok, rtol, config, f0.shape, (why, moved, point))


def _point_and_names(
    x: Mapping[str, object] | np.ndarray, wrt: tuple[str, ...] | None, method: str, directions: int | None
) -> tuple[bool, dict[str, np.ndarray], list[str]]:
    """``(single, point, names)``: whether ``x`` is one array, the point as float64 arrays by name, and the names
    checked; refuses names not in the point, an unknown method and fewer than one direction."""
    single = not isinstance(x, Mapping)
    pt = {k: _float64(k, v, "input") for k, v in ({"x": x} if single else dict(x)).items()}
    names = list(wrt) if wrt is not None else list(pt)
    if unknown := [k for k in names if k not in pt]:
        raise InvalidInput(f"wrt names {unknown} are not in the point", hint=f"one of: {list(pt)}")
    if method not in ("auto", "complex", "richardson") or (directions is not None and directions < 1):
        raise InvalidInput(f"method {method!r} / directions {directions}: use auto, complex or richardson, K ≥ 1")
    return single, pt, names


def _settled_table(
    fn: FlatFunction,
    grad: object,
    pt: dict[str, np.ndarray],
    method: str,
    dirs: np.ndarray,
    scale: float,
    rng: np.random.Generator,
    random_dirs: bool,
) -> tuple[np.ndarray, np.ndarray, DirectionalDerivatives, str, np.ndarray, np.ndarray, np.ndarray, np.ndarray, bool]:
    """``(f0, claim, method, why, D, E, ok, directions used, moved)``: :func:`_setup` and the table of directional
    differences, the point moved by a small random step (``_MOVES`` times at most) while some difference does not
    settle and the claim is a function that can follow it; ``moved`` says whether it was."""
    moved = False
    for attempt in range(_MOVES + 1):
        f0, c, num, why = _setup(fn, grad, pt, method, dirs[0], scale, rng if random_dirs else None)
        D, E, ok, used = num.table(dirs, c.shape[0])
        if ok.all() or not callable(grad) or attempt == _MOVES:
            break
        # differences that do not settle at any step or direction: a kink at (or next to) the point; move it
        fn.x = fn.x + 1e-2 * np.maximum(1.0, np.abs(fn.x)) * rng.uniform(0.5, 1.5, fn.x.shape) * rng.choice(
            [-1.0, 1.0], fn.x.shape
        )
        moved = True
    return f0, c, num, why, D, E, ok, used, moved


def _setup(
    fn: FlatFunction,
    grad: object,
    pt: dict[str, np.ndarray],
    method: str,
    v: np.ndarray,
    scale: float,
    rng: np.random.Generator | None,
) -> tuple[np.ndarray, np.ndarray, DirectionalDerivatives, str]:
    """f at the point, the claim matrix there, and the numeric method (complex step when safe)."""
    f0 = fn(fn.x)
    if not np.issubdtype(f0.dtype, np.floating) and not np.issubdtype(f0.dtype, np.integer):
        raise InvalidInput(f"f returned {f0.dtype} values at a real point; it must return real numbers")
    point = {k: _unflatten(fn).get(k, val) for k, val in pt.items()}
    c = _claim_matrix(fn, _claimed(grad, point, fn.single, fn.names), f0.shape)
    safe, why = (method == "complex", "forced") if method != "auto" else complex_safe(fn, f0, v, scale)
    return f0, c, DirectionalDerivatives(fn, f0, RICHARDSON_H * scale, safe or method == "complex", rng), why


def _judge(
    fn: FlatFunction,
    num: DirectionalDerivatives,
    c: np.ndarray,
    dirs: np.ndarray,
    D: np.ndarray,
    E: np.ndarray,
    ok: np.ndarray,
    rtol: float | None,
    config: Config,
    out_shape: tuple[int, ...],
    extra: tuple[str, bool, dict[str, np.ndarray]],
) -> DirectionalCheck:
    """The verdict from the settled directions only; unsettled ones can only make it undecided."""
    CV = dirs @ c.T
    denom = max(float(np.linalg.norm(D[ok])), config.complex_atol)
    rel = float(np.linalg.norm(CV[ok] - D[ok])) / denom if ok.any() else math.nan
    rel = rel if math.isfinite(rel) or not ok.any() else math.inf
    tol = rtol if rtol is not None else config.complex_rtol + 4 * float(np.linalg.norm(E[ok])) / denom
    failed = bool(ok.any()) and not rel <= tol
    verdict = "failed" if failed else "passed" if ok.all() else "undecided"
    k, label = len(dirs), num.label
    worst, w_claim, w_num = None, None, None
    if failed and fn.x.size:
        err = np.where(ok, np.linalg.norm(CV - D, axis=1), -1.0)
        worst, w_claim, w_num = _worst(fn, lambda v: num.along(v)[0], c, dirs[int(np.argmax(err))], out_shape)
    what = "every coordinate" if num.rng is None else f"{k} random directions"
    msg = (
        f"gradient check {verdict.upper() if failed else verdict} ({label}, {what}, {fn.calls} evaluations): "
        + (f"normwise relative error {rel:.3g} (tolerance {tol:.3g})" if ok.any() else "no error measured")
    )
    if verdict == "undecided":
        msg += (
            f"; the differences along {int((~ok).sum())} of {k} directions did not settle (f is not smooth "
            f"there: a kink within the stencil even at step {num.h / SHRINK[-1]:.3g}, or at the point itself), "
            "so they cannot refute; to decide: another point, kinks= (a function whose sign changes at the "
            "kinks) with grad as a function, or a complex-safe f"
        )
    if worst is not None:
        msg += f"; worst entry {worst[0]}{list(worst[1])}: claimed {w_claim:.17g}, numeric {w_num:.17g}"
    if extra[1]:
        msg += "; point moved off a kink"
    return DirectionalCheck(
        verdict == "passed", rel, tol, label, k, fn.calls, worst, w_claim, w_num, *extra, msg,
        verdict, int((~ok).sum()),
    )  # fmt: skip


def _worst(
    fn: FlatFunction,
    deriv: Callable[[np.ndarray], np.ndarray],
    c: np.ndarray,
    v: np.ndarray,
    out_shape: tuple[int, ...],
) -> tuple[tuple[str, tuple[int, ...]], float, float]:
    """The worst entry (by bisection along ``v``), its claimed value and its numeric partial derivative."""
    i = _bisect(fn, deriv, c, v)
    partial = deriv(np.eye(1, fn.x.size, i)[0])
    j = int(np.argmax(np.abs(c[:, i] - partial)))
    name, idx = fn.locate(i)
    out_idx = tuple(int(o) for o in np.unravel_index(j, out_shape)) if out_shape else ()
    return (name, out_idx + idx), float(c[j, i]), float(partial[j])


def _unflatten(fn: FlatFunction) -> dict[str, np.ndarray]:
    out, start = {}, 0
    for name, size in zip(fn.names, fn.sizes, strict=True):
        out[name] = fn.x[start : start + size].reshape(fn.pt[name].shape)
        start += size
    return out


def _claimed(grad: object, point: dict[str, np.ndarray], single: bool, names: list[str]) -> Mapping[str, object]:
    if callable(grad):
        grad = grad(*point.values()) if single else grad(**point)
    if single or not isinstance(grad, Mapping):
        if len(names) != 1:
            raise InvalidInput("one claimed gradient for several variables", hint="give a dict by variable name")
        return {names[0]: grad}
    return grad
