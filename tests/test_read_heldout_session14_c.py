r"""Superscripts that are labels or steps, not powers (session 14, third part, from a held-out measurement).  Each was
read silently wrong or refused:

- a lone letter up on several names, bold vectors among them, is a step index (Ba et al.'s layer norm for RNNs,
  ``\mathbf{h}^t = f[\frac{\mathbf{g}}{\sigma^t} \odot (\mathbf{a}^t - \mu^t) + \mathbf{b}]``: h^t, a^t, σ^t were
  powers, μ^t a power without a note) (``superscript-shared-step``);
- one Greek letter up on a value function applied to arguments is its policy (Sutton & Barto's and OpenAI Spinning
  Up's ``Q^\pi(s, a)``, ``V^\pi(s)``, ``A^{\pi}(s,a)``: refused as "a tuple of values" or as a power-named
  function) (``superscript-policy``);
- a capital up on another name that the formula applies as a function labels it (Schulman et al.'s GAE TD residual
  ``\delta_t^V = r_t + \gamma V(s_{t+1}) - V(s_t)``: δ_t to the power V, silently) (``superscript-function-label``);
- a letter up on a name that subscripts another name, bound by no sum, is an index (Glorot & Bengio's
  ``Var[W^i] = \frac{2}{n_i + n_{i+1}}``: W to the power i) (``superscript-index-letter``);
- a function family's member index is kept where the member is defined (d2l's ``l^{(i)}(\mathbf{w}, b) = ...``: the
  (i) was dropped silently) (``function-family``, ``function-index-name``).

Each row: the formula as its source writes it, seeded inputs and plain numpy's value (or the reading, where the
formula is a statement about a population or a gradient), and the notes by rule.  Neighbours that keep their
reading: Adam's ``\beta_1^t``, Goodfellow's ``\rho_1^t``, Sutton & Barto's ``\gamma^k``, Ba et al.'s scalar
``\mu^t = \frac{1}{H}\sum_i a_i^t`` (a noted power), Nielsen's ``a^l_j``, CS231n's ``w^{t+1} = w^t - \eta g^t``,
``x^2``.
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_reads_as

RNG = np.random.default_rng(1403)
G4, A4, B4, X4, Y4 = (RNG.normal(size=4) for _ in range(5))
M4 = RNG.normal(size=4)
S, A, R, GAMMA, SIG, MU = 0.7, -0.4, 1.3, 0.9, 1.6, 0.2


def _q(s: float, a: float) -> float:
    return float(np.sin(s) + a * s)


def _v(s: float) -> float:
    return float(np.cos(s) - s)


# (id, source, latex, functions given, inputs, numpy's value, notes by rule)
CASES = [
    # -- a letter up on several names, bold vectors among them: the step --------------------------------------------
    ("ba-layer-norm-rnn-hidden", "Ba et al. 2016, Layer Normalization, sec. 3.1 (layer-normalized RNN)",
     r"\mathbf{h}^t = f\left[\frac{\mathbf{g}}{\sigma^t} \odot \left(\mathbf{a}^t - \mu^t\right) + \mathbf{b}\right]",
     {"f": np.tanh}, {r"\mathbf{g}": G4, r"\sigma^t": SIG, r"\mathbf{a}^t": A4, r"\mu^t": MU, r"\mathbf{b}": B4},
     np.tanh(G4 / SIG * (A4 - MU) + B4),
     ["superscript-shared-step", "bracket-call", "function-entrywise", "superscript-shared-step",
      "superscript-shared-step", "superscript-shared-step", "scalar-broadcast"]),
    ("ba-layer-norm-rnn-affine", "Ba et al. 2016 sec. 3.1, the normalised summed inputs inside f",
     r"\frac{\mathbf{g}}{\sigma^t} \odot \left(\mathbf{a}^t - \mu^t\right) + \mathbf{b}", None,
     {r"\mathbf{g}": G4, r"\sigma^t": SIG, r"\mathbf{a}^t": A4, r"\mu^t": MU, r"\mathbf{b}": B4},
     G4 / SIG * (A4 - MU) + B4,
     ["superscript-shared-step", "superscript-shared-step", "superscript-shared-step", "scalar-broadcast"]),
    ("adam-bias-correction-vector-steps", "Kingma & Ba 2015 Alg. 1 with vector iterates written as superscripts",
     r"\hat{\mathbf{m}}^t = \mathbf{m}^t / (1 - \beta_1^t)", None,
     {r"\mathbf{m}^t": M4, r"\beta_1": 0.9, "t": 3.0}, M4 / (1 - 0.9**3), ["superscript-shared-step"]),
    # must not change: scalars alone keep the noted power; a rate's power; steps written with an offset
    ("ba-layer-norm-mean-scalar-power", "Ba et al. 2016 sec. 3.1, the mean alone (no bold name carries t)",
     r"\mu^t = \frac{1}{H} \sum_{i=1}^H a_i^t", None, {"a": A4, "t": 2.0, "H": 4}, np.mean(A4**2),
     ["superscript-power"]),
    ("goodfellow-rmsprop-rate-power", "Goodfellow et al. Alg. 8.7 (Adam's first-moment correction)",
     r"\hat{\boldsymbol{s}} \leftarrow \frac{\boldsymbol{s}}{1 - \rho_1^t}", None,
     {r"\boldsymbol{s}": M4, r"\rho_1": 0.9, "t": 4.0}, M4 / (1 - 0.9**4), []),
    ("cs231n-steps-with-offset", "CS231n, optimisation notes (vanilla update as iterates)",
     r"\mathbf{w}^{t+1} = \mathbf{w}^t - \eta \mathbf{g}^t", None,
     {r"\mathbf{w}^t": X4, r"\eta": 0.1, r"\mathbf{g}^t": Y4}, X4 - 0.1 * Y4,
     ["superscript-step", "superscript-step"]),
    ("sutton-barto-discounted-return", "Sutton & Barto eq. 3.8 at t = 0 (k bound by the sum: a power)",
     r"G_0 = \sum_{k=0}^{3} \gamma^k R_{k+1}", None, {r"\gamma": GAMMA, "R": G4},
     sum(GAMMA**k * G4[k] for k in range(4)), []),
    # -- a Greek letter up on a value function applied to arguments: its policy --------------------------------------
    ("spinning-up-advantage", "OpenAI Spinning Up, Part 1 (advantage function)",
     r"A^{\pi}(s,a) = Q^\pi(s,a) - V^\pi(s)", {"Q^pi": _q, "V^pi": _v}, {"s": S, "a": A}, _q(S, A) - _v(S),
     ["superscript-policy", "superscript-policy", "superscript-policy"]),
    ("sutton-barto-bellman-q", "Sutton & Barto eq. 3.14 (one sampled transition)",
     r"Q^\pi(s, a) = r + \gamma V^\pi(s')", {"V^pi": _v}, {"r": R, r"\gamma": GAMMA, "s'": S},
     R + GAMMA * _v(S), ["superscript-policy", "superscript-policy"]),
    ("spinning-up-value-difference", "OpenAI Spinning Up, Part 1 (V is Q averaged over actions)",
     r"y = Q^\pi(s, a) - V^\pi(s)", {"Q^pi": _q, "V^pi": _v}, {"s": S, "a": A}, _q(S, A) - _v(S),
     ["superscript-policy", "superscript-policy"]),
    # -- a capital up on another name that the formula applies as a function -----------------------------------------
    ("gae-td-residual", "Schulman et al. 2016 (GAE) eq. 9",
     r"\delta_t^V = r_t + \gamma V(s_{t+1}) - V(s_t)", {"V": _v},
     {"r_t": R, r"\gamma": GAMMA, "s_{t+1}": S, "s_t": A}, R + GAMMA * _v(S) - _v(A),
     ["superscript-function-label"]),
    ("gae-one-step-advantage", "Schulman et al. 2016 (GAE) eq. 11",
     r"\hat{A}_t^{(1)} = \delta_t^V = -V(s_t) + r_t + \gamma V(s_{t+1})", {"V": _v},
     {"r_t": R, r"\gamma": GAMMA, "s_{t+1}": S, "s_t": A}, R + GAMMA * _v(S) - _v(A),
     ["superscript-function-label"]),
    # must not change: a capital that is no function stays a noted power; attention's W^Q labels
    ("power-by-a-capital-count", "a power by a count N (not applied as a function)", r"y = x^N + N", None,
     {"x": 1.5, "N": 3.0}, 1.5**3 + 3, ["superscript-power"]),
    ("vaswani-projection-labels", "Vaswani et al. 2017 sec. 3.2.2 (one query's projection)",
     r"\mathbf{q} = W^Q \mathbf{x}", None, {"W^Q": np.outer(G4, A4), r"\mathbf{x}": X4}, np.outer(G4, A4) @ X4,
     ["superscript-word"]),
]


@pytest.mark.parametrize(("latex", "functions", "inputs", "want", "rules"), [c[2:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_superscript_labels_and_steps(latex: str, functions: dict | None, inputs: dict, want: object,
                                      rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules, functions=functions)


# (id, source, latex, the reading (lhs := rhs) printed, notes by rule) for statements symdl does not evaluate
READINGS = [
    ("spinning-up-policy-gradient", "OpenAI Spinning Up, Part 3 (policy gradient with Q)",
     r"\nabla_\theta J(\theta) = \mathbb{E}_\pi [Q^\pi(s, a) \nabla_\theta \ln \pi_\theta(a \vert s)]",
     "Q^pi(s, a)", ["nabla-number", "superscript-policy"]),
    ("glorot-normalised-init", "Glorot & Bengio 2010 eq. 16 (the compromise of eqs. 12 and 13)",
     r"Var[W^i] = \frac{2}{n_i + n_{i+1}}", "Var(W[i])", ["expectation-population", "superscript-index-letter"]),
    ("glorot-forward-condition", "Glorot & Bengio 2010 eq. 12",
     r"\forall i, \quad n_i Var[W^i] = 1", "Var(W[i])*n[i]", ["condition-clause", "superscript-index-letter"]),
    ("glorot-variance-recursion", "Glorot & Bengio 2010 eq. 5 (one layer's step)",
     r"\mathrm{Var}[z^{i+1}] = n_i \mathrm{Var}[W^i] \mathrm{Var}[z^i]", "Var(W^(i))",
     ["expectation-population", "superscript-index-letter", "expectation-population", "superscript-index-letter",
      "expectation-population"]),
    ("d2l-squared-loss-member", "d2l 3.1 (the loss of example i)",
     r"l^{(i)}(\mathbf{w}, b) = \frac{1}{2} \left(\hat{y}^{(i)} - y^{(i)}\right)^2", "l(i, w, b)",
     ["function-family"]),
    ("cs229-per-example-log-loss", "cs229 notes, the log-likelihood of example i as a function of theta",
     r"L^{(i)}(\theta) = -\log p(y^{(i)} | x^{(i)}; \theta)", "L(i, theta)", ["function-family", "sample-number"]),
    ("goodfellow-constraint-member", "Goodfellow et al. sec. 4.4 (generalized Lagrangian, the i-th constraint)",
     r"\alpha_i g^{(i)}(\boldsymbol{x}) = 0", "alpha[i]*g(i, x)", ["function-family"]),
    # must not change: Nielsen's layers and a power 2
    ("nielsen-layer-superscripts", "Nielsen ch. 2 eq. (23)", r"z^l_j = w^l_{jk} a^{l-1}_k + b^l_j", "z^[l][j]",
     ["superscript-layer"] * 4),
    ("plain-square", "a square", r"y = x^2", "x**2", []),
]


@pytest.mark.parametrize(("latex", "reading", "rules"), [c[2:] for c in READINGS], ids=[c[0] for c in READINGS])
def test_superscript_readings(latex: str, reading: str, rules: list[str]) -> None:
    f = symdl.parse(latex)
    st = f.statements[0]
    assert reading in f"{st.lhs} := {st.rhs}"
    assert [n.rule for n in f.notes] == rules
