"""A cases condition written only with Greek letters, numbers and relations is a condition, not "otherwise".

The reader took a condition's words to decide "otherwise"; |\\delta| \\le 1 has no letters once its commands are
dropped, so it counted as "otherwise" and every row after it was silently lost (the Huber loss of a TD error read as
δ²/2 for every δ).  Each row is checked against plain numpy on both sides of the boundary.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy

import symdl

D = np.array([-3.0, -1.0, -0.4, 0.0, 0.3, 1.0, 2.5])

CASES = [
    # the Huber loss of the TD error (Mnih et al. 2015's error clipping; Huber 1964), as lecture notes write it
    (
        "huber-td-error",
        r"\mathcal{L}(\delta) = \begin{cases} \frac{1}{2}\delta^2 & |\delta| \le 1, \\ |\delta| - "
        r"\frac{1}{2} & \text{otherwise.} \end{cases}",
        "delta",
        np.where(np.abs(D) <= 1, D**2 / 2, np.abs(D) - 0.5),
    ),
    # the same with both conditions written as comparisons of the Greek letter
    (
        "huber-two-conditions",
        r"L = \begin{cases} \frac{1}{2}\delta^2 & |\delta| \le 1 \\ |\delta| - \frac{1}{2} & "
        r"|\delta| > 1 \end{cases}",
        "delta",
        np.where(np.abs(D) <= 1, D**2 / 2, np.abs(D) - 0.5),
    ),
    # a Greek argument of a piecewise activation (ELU written in α's argument is rarer; θ as the input here)
    (
        "greek-argument-threshold",
        r"f(\theta) = \begin{cases} \theta & \theta > 0 \\ 0 & \text{otherwise} \end{cases}",
        "theta",
        np.where(D > 0, D, 0.0),
    ),
    # the Latin spelling, which always read (unchanged)
    (
        "latin-huber",
        r"L = \begin{cases} \frac{1}{2}u^2 & |u| \le 1 \\ |u| - \frac{1}{2} & \text{otherwise} "
        r"\end{cases}",
        "u",
        np.where(np.abs(D) <= 1, D**2 / 2, np.abs(D) - 0.5),
    ),
]


@pytest.mark.parametrize(("latex", "arg", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_every_row_of_the_cases_is_kept(latex: str, arg: str, expected: np.ndarray) -> None:
    f = symdl.parse(latex)
    rhs = f.statements[-1].rhs
    assert rhs.has(sympy.Piecewise), f"a row was lost: {rhs}"
    fn = symdl.lambdify(f)
    name = next(k for k in f.symbols if arg in k)
    got = np.array(
        [float(np.asarray(list(v.values())[-1] if isinstance(v := fn(**{name: d}), dict) else v)) for d in D]
    )
    np.testing.assert_allclose(got, expected, rtol=1e-12)
