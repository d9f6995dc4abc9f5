"""Held-out readings (session 13), eleventh part: a network's call inside a norm (rule ``norm-network``).

DDPM's simplified loss ``\\|\\epsilon - \\epsilon_\\theta(\\sqrt{\\bar\\alpha_t}x_0 + \\sqrt{1-\\bar\\alpha_t}\\epsilon,
t)\\|^2``, score matching, consistency distillation, BYOL, a VAE's reconstruction and DDPM's posterior mean were read
with every name a number and the norm an absolute value (``norm-of-number``).  A norm holding a call subscripted by
parameters (``call-parameterised``) now reads it as a vector of its own length, as a bold function's call is; the
other unknown calls, the lone names added to it, and the name a gradient added to it is by are vectors; numbers in
the network's arguments that multiply those vectors stay numbers.  The network's value is given by its spelling (as
a bold function's is), computed here by a numpy network on the same inputs.
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_reads_as

RNG = np.random.default_rng(1311)
E4, X4, Y4, Z4 = RNG.normal(size=4), RNG.normal(size=4), RNG.normal(size=4), RNG.normal(size=4)
W44 = RNG.normal(size=(4, 4))
ABAR, T = 0.7, 0.3


def _net(v: np.ndarray, t: float = 0.0) -> np.ndarray:
    """A small numpy network standing in for \\epsilon_\\theta, s_\\theta, f_\\theta, g_\\phi, \\mu_\\theta."""
    return np.tanh(W44 @ v + t)


DDPM_LOSS = (r"\mathcal{L}_{\text{simple}} = \mathbb{E}_{t, x_0, \epsilon}\left[\|\epsilon - \epsilon_\theta("
             r"\sqrt{\bar\alpha_t}x_0 + \sqrt{1-\bar\alpha_t}\epsilon, t)\|^2\right]")

# (id, source, latex, the vectors by shape, notes by rule)
READINGS = [
    ("ddpm-simple-loss", "Ho et al. 2020, eq. 14", DDPM_LOSS, {"epsilon", "x_0"}, ["norm-network"]),
    ("score-matching", "Song et al. 2021, eq. 7 (denoising score matching's target)",
     r"L = \|s_\theta(x, t) - \nabla_x \log p_t(x)\|^2", {"x"}, ["norm-network", "function-number"]),
    ("consistency-distillation", "Song et al. 2023, consistency models, eq. 7 with the squared l2 distance",
     r"L = \|f_\theta(x) - f_{\theta^-}(x')\|_2^2", set(), ["norm-network", "norm-network"]),
    ("byol-prediction", "Grill et al. 2020, BYOL, eq. 2 (unnormalised)", r"L = \|q_\theta(z_\theta) - z'_\xi\|_2^2",
     {"z'_{\\xi}"}, ["call-parameterised", "norm-network"]),
    ("vae-reconstruction", "a VAE's Gaussian reconstruction term", r"L = \|x - g_\phi(z)\|^2", {"x"},
     ["norm-network"]),
    ("ddpm-posterior-mean", "Ho et al. 2020, eq. 8", r"L = \|\tilde{\mu}_t(x_t, x_0) - \mu_\theta(x_t, t)\|^2", set(),
     ["norm-network", "norm-network"]),
]


@pytest.mark.parametrize(("latex", "vectors", "rules"), [c[2:] for c in READINGS], ids=[c[0] for c in READINGS])
def test_a_network_inside_a_norm_is_a_vector(latex: str, vectors: set[str], rules: list[str]) -> None:
    formula = symdl.parse(latex)
    assert [n.rule for n in formula.notes] == rules
    assert {k for k, s in formula.shapes.items() if s[1] == 1 and s[0] != 1} == vectors
    assert "Abs" not in str(formula.statements[0].rhs) and "Trace" in str(formula.statements[0].rhs)


_DDPM_ARG = np.sqrt(ABAR) * X4 + np.sqrt(1 - ABAR) * E4

# (id, source, latex, inputs, plain numpy's value, notes by rule)
VALUES = [
    ("ddpm-simple-loss-one-sample", "Ho et al. 2020, eq. 14, the expectation's argument",
     r"\ell = \|\epsilon - \epsilon_\theta(\sqrt{\bar\alpha_t}x_0 + \sqrt{1-\bar\alpha_t}\epsilon, t)\|^2",
     {r"\epsilon": E4, r"\epsilon_\theta(\sqrt{\bar\alpha_t}x_0+\sqrt{1-\bar\alpha_t}\epsilon,t)": _net(_DDPM_ARG, T)},
     np.sum((E4 - _net(_DDPM_ARG, T)) ** 2), ["norm-network"]),
    ("vae-reconstruction", "a VAE's Gaussian reconstruction term", r"\ell = \|x - g_\phi(z)\|^2",
     {"x": X4, r"g_\phi(z)": _net(Z4)}, np.sum((X4 - _net(Z4)) ** 2), ["norm-network"]),
    ("consistency-distillation", "Song et al. 2023, eq. 7", r"\ell = \|f_\theta(x) - f_{\theta^-}(x')\|_2^2",
     {r"f_\theta(x)": _net(X4), r"f_{\theta^-}(x')": _net(Y4)}, np.sum((_net(X4) - _net(Y4)) ** 2),
     ["norm-network", "norm-network"]),
    ("score-matching", "Song et al. 2021, eq. 7", r"\ell = \|s_\theta(x, t) - \nabla_x \log p_t(x)\|^2",
     {r"s_\theta(x,t)": _net(X4, T), r"\nabla_x\logp_t(x)": -X4}, np.sum((_net(X4, T) + X4) ** 2),
     ["norm-network", "function-number"]),
    ("network-times-a-number", "a weighted residual: the number multiplying the network stays a number",
     r"\ell = \|y - \lambda f_\theta(x)\|^2", {"y": Y4, r"\lambda": 0.5, r"f_\theta(x)": _net(X4)},
     np.sum((Y4 - 0.5 * _net(X4)) ** 2), ["norm-network"]),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [c[2:] for c in VALUES], ids=[c[0] for c in VALUES])
def test_a_network_inside_a_norm_evaluates_as_numpy(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


def test_a_plain_name_in_a_norm_stays_a_vector_without_a_note() -> None:
    """Weight decay's \\|w\\|^2: a plain name alone in a norm was already a vector (no network, no note)."""
    assert_reads_as(symdl.parse(r"\ell = \|w\|^2"), {"w": X4}, X4 @ X4, [])


def test_single_bars_stay_an_absolute_value() -> None:
    """|f_\\theta(x) - y| with single bars: numbers, the network applied to a number."""
    formula = symdl.parse(r"\ell = |f_\theta(x) - y|")
    assert not formula.shapes and "Abs" in str(formula.statements[0].rhs)
    got = symdl.lambdify(formula, functions={r"f_{\theta}": np.tanh})(x=0.3, y=-0.2)
    assert got == pytest.approx(abs(np.tanh(0.3) + 0.2), rel=1e-12)


def test_a_network_of_one_bold_vector_is_a_vector_of_the_whole_vector() -> None:
    """A VAE's \\|\\mathbf{x} - g_\\phi(\\mathbf{z})\\|^2: the network of one bold vector is a vector of its own
    length, each entry made of the whole z (session 28's network-vector; it was a function of each entry), given by
    its spelling."""
    formula = symdl.parse(r"\ell = \|\mathbf{x} - g_\phi(\mathbf{z})\|^2")
    assert [n.rule for n in formula.notes] == ["network-vector"]
    out = np.tanh(Z4[::-1] + Z4.sum())  # a network's output: every entry depends on every entry of z
    got = symdl.lambdify(formula)(**{r"\mathbf{x}": X4, r"g_\phi(\mathbf{z})": out, r"\mathbf{z}": Z4})
    np.testing.assert_allclose(float(np.asarray(got, dtype=float).ravel()[0]), np.sum((X4 - out) ** 2),
                               rtol=1e-12)
