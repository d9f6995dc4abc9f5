"""Richardson directional differences that notice when their stencil crossed a kink.

A 6th-order central difference along ``v`` (steps ``h, h/2, h/4``) is only as good as ``f`` is smooth
over ``[x - h v, x + h v]``. For a smooth ``f`` the central differences ``d_k`` differ by ``a h_k²``
terms, so the 4th- and 6th-order extrapolations converge (``|R6 - R4|`` is ``O(h⁴)``), and the
second-difference estimates ``c_k = (f(x + h_k v) + f(x - h_k v) - 2 f(x)) / h_k²`` of ``f''(x; v)``
converge too (``c_1 - c_2`` is about a quarter of ``c_0 - c_1``). A kink inside the stencil breaks both:
its jump in slope enters ``d_k`` and ``c_k`` like ``1/h_k``. A direction whose differences fail either
test is *not settled*: the step is shrunk (``h/16`` ... ``h/65536``); if it still does not settle,
its value must not be used to refute a claim (the caller re-draws it or answers "undecided").
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

EPS = float(np.finfo(np.float64).eps)
RICHARDSON_H = 2.0**-7
"""Base step (times ``max(1, max|x|)``): ~ eps^(1/7) balances the h^6 truncation against eps/h round-off."""
SHRINK = (1, 16, 256, 4096, 65536)
"""Divisors of the base step tried in turn until the differences along a direction settle."""
SMOOTH_RTOL = 1e-8
"""``|R6 - R4|`` above the round-off floor plus this fraction of ``|R6|`` is not smooth at this step."""


@dataclass(frozen=True)
class Along:
    """A directional derivative by Richardson differences.

    Attributes:
        value: the 6th-order estimate (one per output).
        estimate: its error estimate ``|R6 - R4|`` plus the round-off floor ``4 eps max|f| / (h/4)``.
        settled: the differences behave as a smooth function's at ``step`` (no kink detected).
        step: the step ``h`` used (the last one tried when not settled).
    """

    value: np.ndarray
    estimate: np.ndarray
    settled: bool
    step: float


def richardson_at(
    fn: Callable[[np.ndarray], np.ndarray], x: np.ndarray, f0: np.ndarray, v: np.ndarray, h: float
) -> Along:
    """The 6th-order difference along ``v`` at step ``h`` and whether it looks smooth."""
    d, c, fmax = [], [], float(np.max(np.abs(f0), initial=0.0))
    for k in range(3):
        hk = h / 2**k
        hi, lo = np.asarray(fn(x + hk * v), dtype=float), np.asarray(fn(x - hk * v), dtype=float)
        fmax = max(fmax, float(np.max(np.abs(hi), initial=0.0)), float(np.max(np.abs(lo), initial=0.0)))
        d.append((hi - lo) / (2 * hk))
        c.append((hi + lo - 2 * f0) / hk**2)
    r4a, r4b = (4 * d[1] - d[0]) / 3, (4 * d[2] - d[1]) / 3
    r6 = (16 * r4b - r4a) / 15
    floor = 4 * EPS * fmax / (h / 4)
    trunc = np.abs(r6 - r4b)
    size = np.abs(r6) + 1e-6 * float(np.max(np.abs(r6), initial=0.0))
    first_ok = trunc <= floor + SMOOTH_RTOL * size
    noise2 = 16 * EPS * fmax / (h / 4) ** 2
    second_ok = np.abs(c[1] - c[2]) <= 0.5 * np.abs(c[0] - c[1]) + noise2 + SMOOTH_RTOL * np.abs(c[2])
    settled = bool(np.all(first_ok & second_ok) and np.all(np.isfinite(r6)))
    return Along(r6, trunc + floor, settled, h)


def settled_derivative(
    fn: Callable[[np.ndarray], np.ndarray], x: np.ndarray, f0: np.ndarray, v: np.ndarray, h: float
) -> Along:
    """Richardson along ``v``, shrinking the step (:data:`SHRINK`) until the differences settle."""
    along = richardson_at(fn, x, f0, v, h)
    for div in SHRINK[1:]:
        if along.settled:
            break
        along = richardson_at(fn, x, f0, v, h / div)
    return along
