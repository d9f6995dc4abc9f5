"""The element-wise kernels: the unit step, max and min of several arguments, erf/erfc, the gamma function,
the factorial and a whole-number power, each also exact along the complex step (mpmath, or the first-order term
of a tiny imaginary part), as :mod:`symdl.numeric.kernels`' conventions ask.
"""

from __future__ import annotations

import math
from functools import reduce

import mpmath
import numpy as np


def symdl_heaviside(x: object, at_zero: object = 0.5) -> np.ndarray:
    """Unit step with the given value at 0."""
    return np.heaviside(x, at_zero)


def symdl_max(*xs: object) -> np.ndarray:
    """Element-wise maximum of any number of arguments."""
    return reduce(np.maximum, xs)


def symdl_min(*xs: object) -> np.ndarray:
    """Element-wise minimum of any number of arguments."""
    return reduce(np.minimum, xs)


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
