"""Session 28 (issue 12): distributions with a placeholder, conditional bars in pasted text, networks of vectors.

- the entropy or KL divergence of distributions written with a placeholder (SAC's ``\\mathcal{H}(\\pi(\\cdot|s_t))``,
  PPO's ``\\mathrm{KL}[\\pi_{old}(\\cdot|s_t), \\pi(\\cdot|s_t)]``) is the sum over the placeholder's values
  (``placeholder-sum``; before: refused);
- a typed ``π`` before a parenthesis or a subscript is the policy, as ``\\pi`` is (DPO pasted: the fold's space made
  ``π(y_w|x)`` the constant times ``(y_w|x)``, "this '|' is never closed"); the log of a call over a call of another
  function at the same arguments is the log of the ratio (``log-ratio``);
- a network (a name subscripted by its parameters) of a vector is a function of the whole vector, vector-valued
  (``network-vector``; before: applied entry by entry, silently);
- a pasted ``μ(s) + σ(s) ⊙ ε`` reads as ``\\mu(s) + \\sigma(s) \\odot \\epsilon`` (μ·s and the sigmoid before);
  ``smooth_l1(x)`` is a call (``smooth_l·1·x`` before);
- ``RMS_\\varepsilon(x)`` is a function of its own (``function-label``; refused before), plain text's ``min_i`` is
  ``\\min_i`` (refused before).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import sympy

import symdl
from symdl.errors import NotSupported
from tests.real_sources import assert_reads_as

RNG = np.random.default_rng(28)
P = np.array([[0.2, 0.5], [0.3, 0.1], [0.5, 0.4]])  # P[a - 1, s - 1]: a policy over 3 actions in 2 states
Q = np.array([[0.3, 0.2], [0.3, 0.3], [0.4, 0.5]])
X4, Z4 = RNG.normal(size=4), RNG.normal(size=4)
OUT4 = np.tanh(Z4[::-1] + Z4.sum())  # a network's output: each entry made of every entry of its input
OUT4B = np.tanh(2 * Z4.sum() - Z4)


def _table(t: np.ndarray) -> Any:
    return lambda a, s: t[np.asarray(a).astype(int) - 1, np.asarray(s).astype(int) - 1]


def _entropy(p: np.ndarray) -> float:
    return float(-(p * np.log(p)).sum())


def _kl(p: np.ndarray, q: np.ndarray) -> float:
    return float((p * np.log(p / q)).sum())


def _lm(t: float) -> Any:  # a language model's probability of response y given prompt x
    return lambda y, x: 1 / (1 + np.exp(-t * y - x))


# (id, source, latex, inputs, functions, numpy's value, notes by rule)
VALUES: list[tuple[str, str, str, dict[str, Any], dict[str, Any] | None, Any, list[str]]] = [
    ("sac-entropy", "Haarnoja et al. 2018 (SAC) eq. 1, the entropy bonus",
     r"J = r + \alpha\mathcal{H}(\pi(\cdot|s_t))", {"r": 1.0, r"\alpha": 0.5, "s_t": 2, "N_a": 3},
     {"pi": _table(P)}, 1 + 0.5 * _entropy(P[:, 1]), ["placeholder-sum"]),
    ("sac-entropy-left-right", "Matt Landers' SAC notes: \\mathcal{H} \\left( \\pi(\\cdot \\mid s_t) \\right)",
     r"J = \alpha \mathcal{H} \left( \pi(\cdot \mid s_t) \right)", {r"\alpha": 0.2, "s_t": 1, "N_a": 3},
     {"pi": _table(P)}, 0.2 * _entropy(P[:, 0]), ["placeholder-sum"]),
    ("entropy-pasted", "a SAC note pasted as Unicode: H(π(·|s))", "y = -α H(π(·|s))", {"α": 0.3, "s": 2, "N_a": 3},
     {"pi": _table(P)}, -0.3 * _entropy(P[:, 1]), ["placeholder-sum"]),
    ("ppo-kl-comma", "Schulman et al. 2017 (PPO) eq. 8, the KL penalty",
     r"y = \beta\,\mathrm{KL}[\pi_{\theta_{old}}(\cdot|s_t), \pi_\theta(\cdot|s_t)]",
     {r"\beta": 0.7, "s_t": 2, "N_a": 3}, {r"pi_{\theta_{old}}": _table(P), r"pi_{\theta}": _table(Q)},
     0.7 * _kl(P[:, 1], Q[:, 1]), ["placeholder-sum"]),
    ("trpo-dkl-bar", "Schulman et al. 2015 (TRPO): D_{KL}(\\pi_{old}(\\cdot|s) \\| \\pi(\\cdot|s))",
     r"y = D_{KL}(\pi_{old}(\cdot|s) \| \pi(\cdot|s))", {"s": 1, "N_a": 3},
     {r"pi_{old}": _table(Q), "pi": _table(P)}, _kl(Q[:, 0], P[:, 0]), ["placeholder-sum"]),
    ("dpo-pasted", "repovive.com's DPO loss in plain text (verbatim)",
     "L = -log(σ(β(log π(y_w|x)/π_ref(y_w|x) - log π(y_l|x)/π_ref(y_l|x))))",
     {"β": 0.1, "y_w": 0.4, "y_l": -0.3, "x": 0.2}, {"pi": _lm(2.0), "pi_{ref}": _lm(1.0)},
     -np.log(1 / (1 + np.exp(-0.1 * (np.log(_lm(2.0)(0.4, 0.2) / _lm(1.0)(0.4, 0.2))
                                      - np.log(_lm(2.0)(-0.3, 0.2) / _lm(1.0)(-0.3, 0.2)))))),
     ["log-ratio", "plain-subscript", "log-ratio"]),
    ("sac-temperature-pasted", "sanowl.github.io's SAC temperature loss (mixed Unicode/TeX)",
     "y = −α ( log π(a|s) + H_{target} )", {"α": 0.2, "a": 3, "s": 1, "H_{target}": -1.0}, {"pi": _table(P)},
     -0.2 * (np.log(P[2, 0]) - 1.0), []),
    ("ddpm-network-of-vector", "DDPM (Ho et al. 2020): x_t minus the noise network's output",
     r"\mathbf{y} = \mathbf{x}_t - \epsilon_\theta(\mathbf{x}_t)",
     {r"\mathbf{x}_t": Z4, r"\epsilon_\theta(\mathbf{x}_t)": OUT4}, None, Z4 - OUT4,
     ["call-parameterised", "network-vector"]),
    ("ddim-update", "Song et al. 2021 (DDIM) eq. 12, sigma_t = 0",
     r"\mathbf{x}_{t-1} = \sqrt{\bar\alpha_{t-1}}\left(\frac{\mathbf{x}_t - \sqrt{1-\bar\alpha_t}\,"
     r"\epsilon_\theta^{(t)}(\mathbf{x}_t)}{\sqrt{\bar\alpha_t}}\right) + \sqrt{1-\bar\alpha_{t-1}}\cdot"
     r"\epsilon_\theta^{(t)}(\mathbf{x}_t)",
     {r"\mathbf{x}_t": Z4, r"\epsilon_\theta^{(t)}(\mathbf{x}_t)": OUT4, r"\bar\alpha_{t-1}": 0.8,
      r"\bar\alpha_t": 0.6}, None,
     np.sqrt(0.8) * (Z4 - np.sqrt(0.4) * OUT4) / np.sqrt(0.6) + np.sqrt(0.2) * OUT4,
     ["call-parameterised", "network-vector", "call-parameterised", "network-vector"]),
    ("score-matching", "Vincent 2011 denoising score matching, inside the expectation",
     r"\ell = \frac{1}{2}\left\| s_\theta(\tilde{\mathbf{x}}) + \frac{\tilde{\mathbf{x}}-\mathbf{x}}{\sigma^2}"
     r"\right\|_2^2", {r"\tilde{\mathbf{x}}": Z4, r"\mathbf{x}": X4, r"\sigma": 0.5,
                       r"s_\theta(\tilde{\mathbf{x}})": OUT4}, None,
     0.5 * np.sum((OUT4 + (Z4 - X4) / 0.25) ** 2), ["call-parameterised", "network-vector"]),
    ("cfg-guidance", "Ho & Salimans 2022, classifier-free guidance eq. 6",
     r"\tilde\epsilon_\theta(\mathbf{z}_\lambda, \mathbf{c}) = (1+w)\epsilon_\theta(\mathbf{z}_\lambda, \mathbf{c}) "
     r"- w\epsilon_\theta(\mathbf{z}_\lambda)",
     {r"\mathbf{z}_\lambda": Z4, r"\mathbf{c}": X4[:2], r"\epsilon_\theta(\mathbf{z}_\lambda,\mathbf{c})": OUT4B,
      r"\epsilon_\theta(\mathbf{z}_\lambda)": OUT4, "w": 2.0}, None, 3 * OUT4B - 2 * OUT4,
     ["function-vector-beside", "network-vector"]),
    ("sac-action-pasted", "sanowl.github.io's SAC reparameterisation (Unicode): μ(s) + σ(s) ⊙ ε",
     "a = μ(s) + σ(s) ⊙ ε", {"s": X4, "ε": Z4}, {"mu": np.tanh, "sigma": np.exp},
     np.tanh(X4) + np.exp(X4) * Z4,
     ["call-beside-function", "function-entrywise", "sigma-std-beside-mean", "function-entrywise"]),
    ("smooth-l1-pasted", "PyTorch SmoothL1Loss docs pasted as Unicode, |x| < beta",
     "smooth_l1(x) = 0.5 x² / β  if |x| < β  else |x| − 0.5 β", {"x": 0.3, "β": 1.0}, None, 0.5 * 0.09,
     ["word-name", "name-digits", "code-if"]),
    ("smooth-l1-pasted-far", "PyTorch SmoothL1Loss docs pasted as Unicode, |x| >= beta",
     "smooth_l1(x) = 0.5 x² / β  if |x| < β  else |x| − 0.5 β", {"x": -2.5, "β": 1.0}, None, 2.0,
     ["word-name", "name-digits", "code-if"]),
    ("rms-eps-use", "NVIDIA Transformer Engine, nvte_rmsnorm1p_fwd (verbatim)",
     r"y = \frac{x}{RMS_\varepsilon(x)}(1 + \gamma)", {"x": 0.8, r"\gamma": 0.1},
     {r"RMS_{\varepsilon}": lambda v: np.sqrt(v**2 + 1e-3)}, 0.8 * 1.1 / np.sqrt(0.64 + 1e-3), ["function-label"]),
    ("rms-eps-definition", "NVIDIA Transformer Engine, rmsnorm.h (verbatim)",
     r"RMS_\varepsilon(x) = \sqrt{\frac{1}{n}\sum_{i=0}^{n-1} x_i^2 + \varepsilon}",
     {"x": X4, r"\varepsilon": 1e-3, "n": 4}, None, np.sqrt(np.mean(X4**2) + 1e-3), ["function-label", "zero-based"]),
    ("sac-clipped-double-q", "sanowl.github.io's SAC pseudo-code: min_i Q_i(s',a') (verbatim line)",
     "y = r + γ (min_i Q_i(s',a') - α log π_θ(a'|s'))",
     {"r": 1.0, "γ": 0.9, "α": 0.2, "a'": 2, "s'": 1, "N_i": 2},
     {"Q_i": lambda i, s, a: np.asarray(i) * 1.5 - a, r"pi_{\theta}": _table(P)},
     1.0 + 0.9 * (min(1.5 - 2, 3.0 - 2) - 0.2 * np.log(P[1, 0])), ["function-family"]),
]  # fmt: skip


@pytest.mark.parametrize(("latex", "inputs", "functions", "want", "rules"), [c[2:] for c in VALUES],
                         ids=[c[0] for c in VALUES])
def test_value(latex: str, inputs: dict[str, Any], functions: dict[str, Any] | None, want: Any,
               rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules, functions=functions)


# (id, source, latex, the last statement's right side as SymPy prints it, notes by rule)
READINGS = [
    ("sac-objective", "Matt Landers' SAC notes (verbatim): a_t is written, so the placeholder is u",
     r"\pi^* = \arg \max_\pi \sum_{t=0}^\infty \mathbb{E}_{(s_t, a_t) \sim \rho_{\pi_\theta}} \left[ \gamma^t \left( "
     r"R(s_t, a_t) + \alpha \mathcal{H} \left( \pi(\cdot \mid s_t) \right) \right) \right]",
     "-alpha*Sum(pi(u, s[t])*log(pi(u, s[t])), (u, 1, N_u))", "placeholder-sum"),
    ("ppo-klpen", "Schulman et al. 2017 (PPO) eq. 8",
     r"L^{KLPEN}(\theta) = \hat{\mathbb{E}}_t\left[\frac{\pi_\theta(a_t|s_t)}{\pi_{\theta_{old}}(a_t|s_t)}\hat A_t - "
     r"\beta\,\mathrm{KL}[\pi_{\theta_{old}}(\cdot|s_t), \pi_\theta(\cdot|s_t)]\right]",
     "Sum(pi_{\\theta_{old}}(u, s_t)*log(pi_{\\theta_{old}}(u, s_t)/pi_{\\theta}(u, s_t)), (u, 1, N_u))",
     "placeholder-sum"),
    ("a3c-entropy-definition", "Mnih et al. 2016 (A3C): the entropy and its sum, the formula writes a, so u",
     r"H(\pi(\cdot|s_t)) = -\sum_a \pi(a|s_t)\log\pi(a|s_t)", "-Sum(pi(a, s_t)*log(pi(a, s_t)), (a, 1, N_a))",
     "placeholder-sum"),
    ("ddim-named-network", "DDIM: both calls are one network's output, one symbol",
     r"\mathbf{y} = \epsilon_\theta^{(t)}(\mathbf{x}_t) - \epsilon_\theta^{(t)}(\mathbf{x}_t)", "zeros(", "network-vector"),
]  # fmt: skip


@pytest.mark.parametrize(("latex", "want", "rule"), [c[2:] for c in READINGS], ids=[c[0] for c in READINGS])
def test_reading(latex: str, want: str, rule: str) -> None:
    f = symdl.parse(latex)
    assert want in sympy.sstr(f.statements[-1].rhs)
    assert rule in [n.rule for n in f.notes]
    if latex.startswith("H("):  # the left side is the same sum, over u
        assert sympy.sstr(f.statements[-1].lhs) == "-Sum(pi(u, s_t)*log(pi(u, s_t)), (u, 1, N_u))"


# (id, source, latex, what the error names)
REFUSED = [
    ("sac-kl-to-boltzmann", "sanowl.github.io's SAC policy update: a KL to an expression, Q(s,·) inside",
     "π ← argminπ E\\big[ KL( π(·|s) || exp((1/α)Q(s,·)) / Z(s) ) \\big]", "placeholder argument"),
    ("kl-two-conditions", "a KL of two distributions at different conditions",
     r"y = KL(p(\cdot|x) \| q(\cdot|z))", "placeholder argument"),
    ("placeholder-alone", "a function written with a placeholder, no functional around it", r"y = f(\cdot) + 1",
     "placeholder argument"),
    ("entropy-of-an-expectation", "E[.] with a placeholder", r"y = \mathbb{E}[\cdot]", "placeholder argument"),
    ("softmax-temperature", "the softmax's temperature limit: softmax_tau is not stated by its name",
     r"\operatorname{softmax}_\tau(\mathbf{z})", "subscript on a function name"),
]  # fmt: skip


@pytest.mark.parametrize(("latex", "message"), [c[2:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_refused(latex: str, message: str) -> None:
    with pytest.raises(NotSupported, match=message):
        symdl.parse(latex)


# (id, source, latex, the last statement's right side as SymPy prints it) -- near misses keep their old reading
KEPT = [
    ("pi-constant-pasted", "a pasted Bernoulli variance with the constant: π(1 - π)", "y = π(1 - π)",
     "pi*(1 - pi)"),
    ("pi-circumference-pasted", "2πr pasted", "y = 2π r", "2*pi*r"),
    ("log-over-other-point", "log p(x) over q at another point: (log p)/q", r"y = \log p(x)/q(z)", "log(p(x))/q(z)"),
    ("log-over-same-function", "log p(x)/p(x): one function, no ratio", r"y = \log p(x)/p(x)", "log(p(x))/p(x)"),
    ("log-over-name", "plain text's log x/y", "y = log x/y", "log(x)/y"),
    ("density-of-vector", "a VAE's log-likelihood: a density of a vector is a number", r"L = \log p_\theta(\mathbf{x})",
     "log(p_{\\theta}(x))"),
    ("activation-entrywise", "Goodfellow et al.'s g(W^T x): an activation stays entry by entry",
     r"\mathbf{h} = g(\mathbf{W}^\top \mathbf{x})", "Lambda(_x, g(_x))"),
    ("sigma-entrywise", "a plain sigma of a vector stays the sigmoid", r"\mathbf{h} = \sigma(\mathbf{x})",
     "sigmoid"),
    ("gan-discriminator", "the GAN's discriminator of a vector is a number",
     r"L = \log D_\phi(\mathbf{x})", "log(D_{\\phi}(x))"),
    ("max-word-call", "plain text's max(a, b)", "y = max(a, b)", "Max(a, b)"),
    ("rms-known", "RMS without a label is the statistic", r"y = \mathrm{RMS}(\mathbf{x})", "Trace"),
    ("ewc-family", "EWC eq. 3 (Kirkpatrick et al. 2017): F_i before a squared difference under \\sum_i is the "
     "Fisher weight times it since session 38 (product-weighted-square; before: a family of functions)",
     r"\Omega(\theta) = \sum_i \frac{\lambda}{2}F_i(\theta_i - \theta^*_{A,i})^2", "(theta[i] - theta^*_A[i])**2*F[i]"),
    ("snake-word-subscript", "x_ahead keeps its one-letter name", "y = x_ahead", "x_{ahead}"),
    ("tex-subscript-digit", "TeX's \\beta_t2: beta_t times 2", r"y = \beta_t2", "2*beta_t"),
]  # fmt: skip


@pytest.mark.parametrize(("latex", "want"), [c[2:] for c in KEPT], ids=[c[0] for c in KEPT])
def test_kept(latex: str, want: str) -> None:
    f = symdl.parse(latex)
    assert want in sympy.sstr(f.statements[-1].rhs)


def test_the_placeholder_name_avoids_the_formula_letters() -> None:
    """SAC's objective writes a_t, so the entropy sums over u, and its note names u."""
    f = symdl.parse(r"J = \sum_t r(s_t, a_t) + \alpha\mathcal{H}(\pi(\cdot|s_t))")
    (n,) = [n for n in f.notes if n.rule == "placeholder-sum"]
    assert "named u" in n.message and "(u, 1, N_u)" in sympy.sstr(f.statements[0].rhs)


def test_typed_pi_is_the_policy_like_tex_pi() -> None:
    """A pasted π(a|s) reads as \\pi(a|s) does: the call of the policy."""
    assert sympy.sstr(symdl.parse("y = log π(a|s)").statements[0].rhs) == sympy.sstr(
        symdl.parse(r"y = \log \pi(a|s)").statements[0].rhs)
