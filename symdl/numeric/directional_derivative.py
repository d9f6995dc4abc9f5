"""The directional derivatives :func:`symdl.numeric.directional.check_grads` compares a claim with.

:class:`FlatFunction` is ``f`` over one flat vector of all checked coordinates (counting its calls);
:class:`DirectionalDerivatives` takes ``f'(x; v)`` by one complex step when ``f`` is complex-safe (found by trying,
:func:`complex_safe`) or by Richardson differences that must settle (:mod:`symdl.numeric.richardson`);
:func:`move_point_off_kinks` shifts the point until no step crosses a kink.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable

import numpy as np

from symdl.errors import InvalidInput
from symdl.numeric.richardson import settled_derivative

COMPLEX_H = 1e-30
"""The complex step ``h``: ``Im f(x + i h v) / h`` is ``f'(x; v)`` to rounding for an analytic ``f``."""


class FlatFunction:
    """``f`` over one flat real (or complex) vector of all checked coordinates, counting calls."""

    def __init__(self, f: Callable[..., object], pt: dict[str, np.ndarray], names: list[str], single: bool):
        self.f, self.pt, self.names, self.single, self.calls = f, pt, names, single, 0
        self.sizes = [pt[k].size for k in names]
        self.x = np.concatenate([pt[k].reshape(-1) for k in names]) if names else np.zeros(0)

    def __call__(self, flat: np.ndarray) -> np.ndarray:
        self.calls += 1
        args, start = dict(self.pt), 0
        for name, size in zip(self.names, self.sizes, strict=True):
            args[name] = flat[start : start + size].reshape(self.pt[name].shape)
            start += size
        with np.errstate(all="ignore"):
            return np.asarray(self.f(*args.values()) if self.single else self.f(**args))

    def locate(self, i: int) -> tuple[str, tuple[int, ...]]:
        for name, size in zip(self.names, self.sizes, strict=True):
            if i < size:
                return name, tuple(int(j) for j in np.unravel_index(i, self.pt[name].shape))
            i -= size
        raise IndexError(i)


def complex_step(fn: FlatFunction, v: np.ndarray) -> np.ndarray:
    return fn(fn.x + 1j * COMPLEX_H * v).imag / COMPLEX_H


def complex_safe(fn: FlatFunction, f0: np.ndarray, v: np.ndarray, scale: float) -> tuple[bool, str]:
    """Whether the complex step is valid for ``f``, found by trying it once."""
    try:
        with warnings.catch_warnings():  # a function casting to real warns; that is what is being found out
            warnings.simplefilter("ignore", getattr(np, "exceptions", np).ComplexWarning)
            val = fn(fn.x + 1j * COMPLEX_H * v)
    except Exception as exc:  # a function that refuses complex input is simply not complex-safe
        return False, f"f raised {type(exc).__name__} on complex input"
    if not np.iscomplexobj(val):
        return False, "f drops the imaginary part"
    if val.shape != f0.shape or not np.all(np.isfinite(val)):
        return False, "f is not finite on complex input"
    if not np.allclose(val.real, f0, rtol=1e-12, atol=1e-300):
        return False, "Re f(x + ih v) differs from f(x)"
    h = 1e-5 * scale
    central = (fn(fn.x + h * v) - fn(fn.x - h * v)) / (2 * h)
    cs = val.imag / COMPLEX_H
    if not np.allclose(cs, central, rtol=1e-5, atol=1e-5 * (1 + float(np.max(np.abs(central), initial=0)))):
        return False, "the complex step disagrees with a central difference (f is not analytic)"
    return True, "complex-safe (tried)"


def move_point_off_kinks(
    kinks: Callable[..., object], fn: FlatFunction, dirs: np.ndarray, reach: float, rng: np.random.Generator
) -> bool:
    """Shift ``fn.x`` until no kink expression changes sign within ``reach`` along any direction."""
    probe = FlatFunction(kinks, fn.pt, fn.names, fn.single)
    for attempt in range(30):
        center = np.sign(np.asarray(probe(fn.x), dtype=float))
        crossed = np.any(center == 0) or any(
            np.any(np.sign(np.asarray(probe(fn.x + t * v), dtype=float)) != center)
            for v in dirs
            for t in (-reach, reach)
        )
        if not crossed:
            return attempt > 0
        step = 1e-2 * 2 ** (attempt / 3) * np.maximum(1.0, np.abs(fn.x))
        fn.x = fn.x + step * rng.uniform(0.5, 1.5, fn.x.shape) * rng.choice([-1.0, 1.0], fn.x.shape)
    raise InvalidInput("could not move the point off the function's kinks")


def unit_rows(dirs: np.ndarray) -> np.ndarray:
    return dirs / np.maximum(np.linalg.norm(dirs, axis=1, keepdims=True), 1e-300)


class DirectionalDerivatives:
    """Directional derivatives by complex step, or by Richardson differences that must settle."""

    def __init__(self, fn: FlatFunction, f0: np.ndarray, h: float, use_complex: bool, rng: np.random.Generator | None):
        self.fn, self.f0, self.h, self.use_complex, self.rng = fn, f0, h, use_complex, rng
        self.label = "complex-step" if use_complex else "richardson"

    def along(self, v: np.ndarray) -> tuple[np.ndarray, np.ndarray, bool]:
        if self.use_complex:
            d = complex_step(self.fn, v).reshape(-1)
            return d, np.zeros_like(d), True
        a = settled_derivative(self.fn, self.fn.x, self.f0, v, self.h)
        return a.value.reshape(-1), a.estimate.reshape(-1), a.settled

    def table(self, dirs: np.ndarray, m: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(K, outputs) derivatives and estimates, whether each settled, and the directions used.

        A random direction whose differences do not settle at any step is re-drawn (twice at most)."""
        dirs = dirs.copy()
        D, E, ok = np.zeros((len(dirs), m)), np.zeros((len(dirs), m)), np.zeros(len(dirs), dtype=bool)
        for i in range(len(dirs)):
            D[i], E[i], ok[i] = self.along(dirs[i])
            for _ in range(2 if self.rng is not None else 0):
                if ok[i]:
                    break
                v = unit_rows(self.rng.normal(size=(1, dirs.shape[1])))[0]  # type: ignore[union-attr]
                d, e, settled = self.along(v)
                if settled:
                    dirs[i], D[i], E[i], ok[i] = v, d, e, True
        return D, E, ok, dirs
