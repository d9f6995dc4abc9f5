"""Series written out with an ellipsis whose terms follow one pattern (session 28, issue 12: ``series-pattern``).

Every place where the terms before the dots differ — a subscript's offset, an exponent (absent = 0), a number in
front — moves by one integer step; the general term is the first with each place moved l steps, and the term after
the dots (if any) fixes the last l, on which every moving place must agree.  With no term after the dots the series
is infinite (l = 0 to oo) and numeric evaluation refuses it (the function's call, as for any sum to \\infty).  Families are given as arrays holding their members from
1 (R_1 is R[0]).  ``x_1 + x_2 + \\dots + x_n`` keeps its reading (symdl.bind.sequences), and series of no one pattern
keep their refusals.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import sympy

import symdl
from symdl.errors import SymdlError

RNG = np.random.default_rng(28)
R = RNG.normal(size=12)
G, B, LAM = 0.9, 0.8, 0.95


def _ret(R: np.ndarray, t: int, T: int, g: float) -> float:
    """Sutton & Barto's return: R_{t+1} + g R_{t+2} + ... + g^{T-t-1} R_T, by a loop (R[k-1] is R_k)."""
    total = 0.0
    for k in range(T - t):
        total += g**k * R[t + k]
    return total


def _adam_m(g: np.ndarray, t: int, beta: float) -> float:
    total = 0.0
    for k in range(t):  # g_t, beta g_{t-1}, ..., beta^{t-1} g_1
        total += beta**k * g[t - 1 - k]
    return (1 - beta) * total


# (id, source, latex, arguments, the value a loop in numpy gives for the meaning the source has)
VALUES: list[tuple[str, str, str, dict[str, Any], float]] = [
    ("return-finite", "Sutton & Barto (2018) eq. 3.8's episodic return, ending at the terminal step T",
     r"G_t = R_{t+1} + \gamma R_{t+2} + \dots + \gamma^{T-t-1} R_T", {"R": R, "\\gamma": G, "t": 2, "T": 9},
     _ret(R, 2, 9, G)),
    ("return-three-terms", "Sutton & Barto eq. 3.8 with three terms before the dots",
     r"G_t = R_{t+1} + \gamma R_{t+2} + \gamma^2 R_{t+3} + \cdots + \gamma^{T-t-1} R_T",
     {"R": R, "\\gamma": G, "t": 1, "T": 11}, _ret(R, 1, 11, G)),
    ("n-step-return", "Sutton & Barto eq. 7.1, the n-step return (a term after the last stays beside the sum)",
     r"G = R_{t+1} + \gamma R_{t+2} + \cdots + \gamma^{n-1} R_{t+n} + \gamma^n v",
     {"R": R, "\\gamma": G, "t": 3, "n": 4, "v": 1.5}, _ret(R, 3, 7, G) + G**4 * 1.5),
    ("gae-finite", "Schulman et al. GAE / PPO eq. 11 with the exponent T-t-1 (the sum of the TD residuals)",
     r"\hat{A}_t = \delta_t + (\gamma\lambda)\delta_{t+1} + \cdots + (\gamma\lambda)^{T-t-1}\delta_{T-1}",
     {"\\delta": R, "\\gamma": G, "\\lambda": LAM, "t": 2, "T": 8},
     sum((G * LAM) ** k * R[2 + k - 1] for k in range(8 - 2))),
    ("adam-bias", "Kingma & Ba (2015) sec. 3's unrolled first moment, (1-β)(g_t + βg_{t-1} + ... + β^{t-1} g_1)",
     r"m_t = (1-\beta)(g_t + \beta g_{t-1} + \dots + \beta^{t-1} g_1)", {"g": R, "\\beta": B, "t": 6},
     _adam_m(R, 6, B)),
    ("geometric-partial", "Adam's bias correction: 1 + β + β^2 + ... + β^{t-1} = (1-β^t)/(1-β)",
     r"s = 1 + \beta + \beta^2 + \cdots + \beta^{t-1}", {"\\beta": B, "t": 7}, (1 - B**7) / (1 - B)),
    ("coefficient-steps", "the derivative of the geometric series, x + 2x^2 + 3x^3 + ... + 6x^6",
     r"y = x + 2x^2 + 3x^3 + \cdots + 6x^6", {"x": 0.7}, sum(k * 0.7**k for k in range(1, 7))),
    ("odd-members", "every other member, x_1 + x_3 + ... + x_7 (was read as x_1 + x_2 + ... + x_7, silently)",
     r"s = x_1 + x_3 + \cdots + x_7", {"x": R}, R[0] + R[2] + R[4] + R[6]),
    ("product-of-ratios", "Sutton & Barto sec. 5.5's importance-sampling ratio ρ_t ρ_{t+1} ... ρ_{T-1}",
     r"r = \rho_t \rho_{t+1} \cdots \rho_{T-1}", {"\\rho": R, "t": 3, "T": 7}, float(np.prod(R[2:6]))),
]


@pytest.mark.parametrize(("latex", "args", "expected"), [c[2:] for c in VALUES], ids=[c[0] for c in VALUES])
def test_value(latex: str, args: dict[str, Any], expected: float) -> None:
    f = symdl.parse(latex)
    assert "series-pattern" in {n.rule for n in f.notes}
    got = symdl.lambdify(f)(**args)
    np.testing.assert_allclose(float(np.asarray(got, dtype=float)), expected, rtol=1e-12)


def _the(f: symdl.Formula, cls: type) -> sympy.Basic:
    (found,) = f.statements[-1].rhs.atoms(cls)
    return found


# (id, source, latex, the general term (as printed), the upper limit (as printed))
INFINITE: list[tuple[str, str, str, str, str]] = [
    ("return", "Sutton & Barto eq. 3.8, the continuing task's discounted return",
     r"G_t = R_{t+1} + \gamma R_{t+2} + \gamma^2 R_{t+3} + \cdots", "gamma**l*R[l + t + 1]", "oo"),
    ("return-dots", "Sutton & Barto eq. 3.8 with \\dots and two terms", r"G_t = R_{t+1} + \gamma R_{t+2} + \dots",
     "gamma**l*R[l + t + 1]", "oo"),
    ("momentum", "Goodfellow et al. 8.3.2 / Nielsen: momentum's velocity unrolled, a geometric series of gradients",
     r"v_t = g_t + \beta g_{t-1} + \beta^2 g_{t-2} + \cdots", "beta**l*g[-l + t]", "oo"),
    ("gae-infinite", "Schulman et al. (2016) GAE eq. 16, the infinite sum of discounted residuals",
     r"\hat{A}_t = \delta_t + (\gamma\lambda)\delta_{t+1} + (\gamma\lambda)^2\delta_{t+2} + \ldots",
     "gamma**l*lambda**l*delta[l + t]", "oo"),
    ("family-infinite", "a family summed with no last member", r"s = x_1 + x_2 + \cdots", "x[l + 1]", "oo"),
    ("return-finite-limits", "Sutton & Barto eq. 3.8, episodic", r"G_t = R_{t+1} + \gamma R_{t+2} + \dots + "
     r"\gamma^{T-t-1} R_T", "gamma**l*R[l + t + 1]", "T - t - 1"),
]


@pytest.mark.parametrize(("latex", "body", "upper"), [c[2:] for c in INFINITE], ids=[c[0] for c in INFINITE])
def test_limits(latex: str, body: str, upper: str) -> None:
    f = symdl.parse(latex)
    s = _the(f, sympy.Sum)
    ((index, lower, top),) = s.limits
    assert (str(s.function), str(index), lower, str(top)) == (body, "l", 0, upper)
    (note,) = [n for n in f.notes if n.rule == "series-pattern"]
    assert latex[note.span.start : note.span.end] in ("\\cdots", "\\dots", "\\ldots")


@pytest.mark.parametrize("latex", [c[2] for c in INFINITE[:4]], ids=[c[0] for c in INFINITE[:4]])
def test_infinite_not_evaluated(latex: str) -> None:
    function = symdl.lambdify(symdl.parse(latex))
    given = {"R": R, "g": R, "\\delta": R, "\\gamma": G, "\\beta": B, "\\lambda": LAM, "t": 2}
    with pytest.raises(SymdlError, match="a sum's upper bound must be a finite integer"):  # at the call
        function(**{k: v for k, v in given.items() if k in function.spellings})


# (id, source, latex, what the refusal says)
REFUSED: list[tuple[str, str, str, str]] = [
    ("ppo-gae-as-printed", "PPO (Schulman et al. 2017) eq. 11 as printed: the exponent T-t+1 and the subscript T-1 "
     "end at different l", r"\hat{A}_t = \delta_t + (\gamma\lambda)\delta_{t+1} + \cdots + "
     r"(\gamma\lambda)^{T-t+1}\delta_{T-1}", "one count"),
    ("taylor", "the Taylor series: derivative orders and factorials are no step (not guessed)",
     r"f(x) + f'(x)h + \frac{1}{2}f''(x)h^2 + \cdots", "nothing before \\\\dots matches"),
    ("log-series", "log(1+x)'s alternating 1/k coefficients: no integer step", r"y = x - \frac{1}{2}x^2 + "
     r"\frac{1}{3}x^3 - \cdots", "nothing before \\\\dots matches"),
    ("uneven-steps", "subscripts 1, 2, 4: no one step", r"s = x_1 + x_2 + x_4 + \cdots", "this use of \\\\dots"),
    ("no-place-moves", "two different names: an exponent only grows, so a + b is no pattern", r"s = a + b + \cdots",
     "this use of \\\\dots"),
    ("last-off-pattern", "the last term is no term of the pattern (x_1, x_3, ..., x_6: 6 is no odd number)",
     r"s = x_1 + x_3 + \cdots + x_6", "do not step by one"),
]


@pytest.mark.parametrize(("latex", "message"), [c[2:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_refused(latex: str, message: str) -> None:
    with pytest.raises(SymdlError, match=message):
        symdl.parse(latex)


# must not change: (id, source, latex, the expression as printed)
KEPT: list[tuple[str, str, str, str]] = [
    ("family-sum", "Goodfellow et al.'s x_1 + x_2 + ... + x_n (symdl.bind.sequences)", r"x_1 + x_2 + \cdots + x_n",
     "Sum(x[i], (i, 1, n))"),
    ("family-product", "a_1 a_2 ... a_n", r"a_1 a_2 \cdots a_n", "Product(a[i], (i, 1, n))"),
    ("family-sum-three", "three members before the dots", r"x_1 + x_2 + x_3 + \cdots + x_n", "Sum(x[i], (i, 1, n))"),
    ("family-sum-beside", "a term beside the family's sum", r"c + x_1 + x_2 + \cdots + x_n", "c + Sum(x[i], (i, 1, n))"),
    ("family-from-zero", "a family from 0", r"x_0 + x_1 + \cdots + x_n", "Sum(x[i], (i, 0, n))"),
    ("no-dots", "the return with its terms all written", r"G = R_{t+1} + \gamma R_{t+2} + \gamma^2 R_{t+3}",
     "R_{t+1} + R_{t+2}*gamma + R_{t+3}*gamma**2"),
]


@pytest.mark.parametrize(("latex", "shown"), [c[2:] for c in KEPT], ids=[c[0] for c in KEPT])
def test_kept(latex: str, shown: str) -> None:
    f = symdl.parse(latex)
    assert str(f.statements[-1].rhs) == shown
    assert "series-pattern" not in {n.rule for n in f.notes}
