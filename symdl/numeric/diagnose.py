"""What a wrong gradient most likely got wrong: a table of numeric diagnoses.

Each :class:`Diagnosis` looks at the claimed and the true values over every checked
point and says, if it fits, what the mistake looks like (a sign, a constant factor, a
missing transpose, a tiny relative error).  The first that fits is reported.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

_CLOSE = 1e-6


@dataclass(frozen=True)
class Diagnosis:
    """A recognisable kind of mistake.

    Attributes:
        name: short name (``sign error``).
        explain: turns the fitted parameter into a sentence.
        fit: (claims, truths) over the points → the parameter, or None when it does not fit.
    """

    name: str
    explain: Callable[[float], str]
    fit: Callable[[Sequence[np.ndarray], Sequence[np.ndarray]], float | None]


def _allclose(a: np.ndarray, b: np.ndarray) -> bool:
    return a.shape == b.shape and bool(np.all(np.abs(a - b) <= _CLOSE * (1 + np.abs(b))))


def _factor(claims: Sequence[np.ndarray], truths: Sequence[np.ndarray]) -> float | None:
    ratios = []
    for c, t in zip(claims, truths, strict=True):
        if c.shape != t.shape:
            return None
        mask = np.abs(t) > 1e-8
        if not np.any(mask):
            return None
        ratios.append(c[mask] / t[mask])
    r = np.concatenate([np.ravel(x) for x in ratios])
    if r.size < 2:
        return None
    k = float(np.median(r))
    if abs(k - 1) < 1e-3 or k == 0 or not np.allclose(r, k, rtol=1e-6, atol=1e-9):
        return None
    return k


def _sign(claims: Sequence[np.ndarray], truths: Sequence[np.ndarray]) -> float | None:
    k = _factor(claims, truths)
    return -1.0 if k is not None and abs(k + 1) < 1e-6 else None


def _transpose(claims: Sequence[np.ndarray], truths: Sequence[np.ndarray]) -> float | None:
    pairs = list(zip(claims, truths, strict=True))
    if all(c.ndim == 2 and c.shape == t.shape[::-1] and _allclose(c.T, t) for c, t in pairs) and not all(
        _allclose(c, t) for c, t in pairs
    ):
        return 1.0
    return None


def _shape(claims: Sequence[np.ndarray], truths: Sequence[np.ndarray]) -> float | None:
    return 1.0 if any(c.shape != t.shape for c, t in zip(claims, truths, strict=True)) else None


def _zero(claims: Sequence[np.ndarray], truths: Sequence[np.ndarray]) -> float | None:
    same = all(c.shape == t.shape for c, t in zip(claims, truths, strict=True))
    if same and all(not np.any(c) for c in claims) and any(np.any(np.abs(t) > 1e-8) for t in truths):
        return 0.0
    return None


def _tiny(claims: Sequence[np.ndarray], truths: Sequence[np.ndarray]) -> float | None:
    worst = 0.0
    for c, t in zip(claims, truths, strict=True):
        if c.shape != t.shape:
            return None
        worst = max(worst, float(np.max(np.abs(c - t) / np.maximum(np.abs(t), 1e-300), initial=0.0)))
    return worst if 0 < worst < 1e-3 else None


DIAGNOSES: tuple[Diagnosis, ...] = (
    Diagnosis("missing transpose", lambda _: "the claim is the transpose of the gradient", _transpose),
    Diagnosis("shape mismatch", lambda _: "the claim does not have the gradient's shape", _shape),
    Diagnosis("sign error", lambda _: "the claim is minus the gradient: a sign error", _sign),
    Diagnosis("zero claim", lambda _: "the claim is 0 where the gradient is not", _zero),
    Diagnosis(
        "constant factor",
        lambda k: f"the claim is {k:.6g} times the gradient: a wrong constant factor",
        _factor,
    ),
    Diagnosis(
        "small relative error",
        lambda r: f"the claim is close but not equal (relative error {r:.2g}): a rounded or mistyped constant?",
        _tiny,
    ),
)
"""Diagnoses, most specific first."""


def diagnose(claims: Sequence[np.ndarray], truths: Sequence[np.ndarray]) -> tuple[str, str] | None:
    """(name, sentence) of the first diagnosis that fits, or None."""
    for d in DIAGNOSES:
        try:
            value = d.fit(claims, truths)
        except (ValueError, FloatingPointError):
            value = None
        if value is not None:
            return d.name, d.explain(value)
    return None
