"""Operators and brackets read silently wrong, session 23 (issue 12), each fixed by a rule for its class.

- ``expectation-parenthesis``: a plain ``E`` with a subscript and a parenthesis (``-E_x(\\log D(x))``,
  ``E_{x \\sim p}(f(x))``, PPO's ``\\hat{E}_t(\\dots)``) is the expectation when the subscript draws or names a variable
  used inside (it was the name ``E_x`` times the log); ``E_{in}(h)``, ``E_n(\\mathbf{w})``, ``E_x(w)`` stay functions;
- ``leibniz-slash``: ``dL/dz`` (d and one letter on each side of a slash) is the derivative, as ``\\frac{dL}{dz}``
  (it was the quotient of two names dL and dz);
- ``round-nearest``: ``\\lfloor x/s \\rceil`` is rounding to the nearest whole number, ``\\lfloor x/s + 1/2 \\rfloor``
  (it was refused as an unmatched ``\\rceil``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import symdl

RNG = np.random.default_rng(23)
X = RNG.normal(size=6) * 4

# (id, source, latex, arguments, the value plain numpy gives for the meaning the source has)
VALUES: list[tuple[str, str, str, dict[str, Any], Any]] = [
    ("expectation-drawn-paren", "GAN-style loss with a plain E and a parenthesis, E_{x ~ p}(f(x))",
     r"L = E_{x \sim p}(x^2)", {"x": X}, np.mean(X**2)),
    ("expectation-drawn-paren-neg", "the GAN discriminator's loss as lecture slides write it",
     r"L = -E_{x \sim p_{data}}(\log(x))", {"x": np.abs(X) + 0.1}, -np.mean(np.log(np.abs(X) + 0.1))),
    ("round-quantise", "Jacob et al. 2018 / LSQ-style uniform quantisation x_q = clamp(round(x/s) + z, 0, 2^b - 1)",
     r"x_q = \mathrm{clamp}(\lfloor x/s \rceil + z, 0, 2^b - 1)", {"x": X * 3, "s": 0.7, "z": 4.0, "b": 4.0},
     np.clip(np.round(X * 3 / 0.7) + 4, 0, 15)),
    ("round-left-right", "the same bracket sized with \\left \\right", r"y = \left\lfloor x/s \right\rceil",
     {"x": X, "s": 0.3}, np.round(X / 0.3)),
    ("round-unicode", "the bracket typed as Unicode, as some blog posts paste it", "y = ⌊x⌉",
     {"x": X}, np.round(X)),
    ("round-half-up", "at an exact half the reading rounds up (floor(u + 1/2)), unlike np.round's half-to-even",
     r"y = \lfloor x \rceil", {"x": np.array([0.5, 1.5, 2.5, -0.5])}, np.floor(np.array([0.5, 1.5, 2.5, -0.5]) + 0.5)),
    # must not change
    ("floor-stays", "Goodfellow et al.'s floor", r"y = \lfloor x/s \rfloor", {"x": X, "s": 0.3}, np.floor(X / 0.3)),
    ("ceil-stays", "the ceiling", r"y = \lceil x \rceil", {"x": X}, np.ceil(X)),
    ("dx-over-number-stays", "a name dx halved: no d on the right", r"y = dx/2", {"dx": 3.0}, 1.5),
    ("number-over-dt-stays", "x over the step dt: no d on the left", r"y = x/dt", {"x": 3.0, "dt": 0.5}, 6.0),
]


@pytest.mark.parametrize(("latex", "args", "expected"), [c[2:] for c in VALUES], ids=[c[0] for c in VALUES])
def test_value(latex: str, args: dict[str, Any], expected: Any) -> None:
    f = symdl.parse(latex)
    got = symdl.lambdify(f)(**args)
    np.testing.assert_allclose(np.asarray(got, dtype=float), expected, rtol=1e-12)


# (id, source, latex, the spelling it reads as the same as, the rule noted)
SAME_AS: list[tuple[str, str, str, str, str]] = [
    ("gan-plain-E", "GAN discriminator loss as slides write it (Goodfellow et al. 2014 with E for \\mathbb{E})",
     r"L = -E_x(\log D(x))", r"L = -\mathbb{E}_x[\log D(x)]", "expectation-parenthesis"),
    ("policy-gradient-tau", "a return's expectation over trajectories, E_tau(R(tau))",
     r"J = E_{\tau}(R(\tau))", r"J = \mathbb{E}_{\tau}[R(\tau)]", "expectation-parenthesis"),
    ("ppo-hat-E-paren", "PPO's empirical average (Schulman et al. 2017) written with parentheses",
     r"L = \hat{E}_t(r_t A_t)", r"L = \hat{\mathbb{E}}_t[r_t A_t]", "expectation-parenthesis"),
    ("cs231n-dL-dz", "cs231n backprop notes: dz = dL/dz, the upstream gradient", r"g = dL/dz", r"g = \frac{dL}{dz}",
     "leibniz-slash"),
    ("leibniz-dx-dt", "a rate of change written inline, dx/dt", r"y = dx/dt + 1", r"y = \frac{dx}{dt} + 1",
     "leibniz-slash"),
    ("leibniz-system", "a loss and its derivative written inline", r"L = z^3 \\ g = dL/dz",
     r"L = z^3 \\ g = \frac{dL}{dz}", "leibniz-slash"),
]


@pytest.mark.parametrize(("latex", "same", "rule"), [c[2:] for c in SAME_AS], ids=[c[0] for c in SAME_AS])
def test_same_reading_noted(latex: str, same: str, rule: str) -> None:
    f = symdl.parse(latex)
    assert f.expr == symdl.parse(same).expr
    assert rule in [n.rule for n in f.notes]


# (id, source, latex, what it still reads as (str of the expression), a rule that must not be noted)
KEPT: list[tuple[str, str, str, str, str]] = [
    ("in-sample-error", "Abu-Mostafa et al., Learning from Data: the in-sample error E_in(h)", r"L = E_{in}(h)",
     "E_{in}(h)", "expectation-parenthesis"),
    ("error-of-example", "Bishop 5.2: the error of example n, E_n(w)", r"y = E_n(\mathbf{w})", "E_n(w)",
     "expectation-parenthesis"),
    ("subscript-unused", "a function labelled x of w: the label is used nowhere inside", r"L = E_x(w)",
     "E_x(w)", "expectation-parenthesis"),
    ("plain-E-call", "Bishop's E(w)", r"L = E(w)", "E(w)", "expectation-parenthesis"),
    ("subscripted-d-stays", "dW_1/dt: a subscript after the name is not read as a differential", r"y = dW_1/dt",
     "dW_1/dt", "leibniz-slash"),
    ("spaced-d-stays", "d L / d z spaced apart: names times names", r"y = d L / d z", "", "leibniz-slash"),
]


@pytest.mark.parametrize(("latex", "shown", "rule"), [c[2:] for c in KEPT], ids=[c[0] for c in KEPT])
def test_near_miss_kept(latex: str, shown: str, rule: str) -> None:
    f = symdl.parse(latex)
    if shown:
        assert str(f.expr) == shown
    assert rule not in [n.rule for n in f.notes]


def test_round_note_and_floor_hint() -> None:
    f = symdl.parse(r"x_q = \mathrm{clamp}(\lfloor x/s \rceil + z, 0, 2^b - 1)")
    notes = [n for n in f.notes if n.rule == "round-nearest"]
    assert notes and "half" in notes[0].message
    with pytest.raises(symdl.errors.InvalidInput) as err:
        symdl.parse(r"y = \lfloor x")
    assert "\\rfloor" in (err.value.hint or "")
