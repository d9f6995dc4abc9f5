r"""Held-out session 14 (o): networks beside vectors, and plain capitals labelled or grouped before vectors.

- a network symdl does not know, of several arguments or of a vector (not a plain lower-case function of one
  vector, which acts entry by entry), added to a vector alone or times numbers, is a vector of that length
  (``function-vector-beside``): He et al.'s residual block ``\mathbf{y} = \mathcal{F}(\mathbf{x}, \{W_i\}) +
  \mathbf{x}`` (ResNet, 2016, eq. 1), the pre-activation ResNet's ``\mathbf{x}_{l+1} = \mathbf{x}_l +
  \mathcal{F}(\mathbf{x}_l, \mathcal{W}_l)`` (He et al., Identity Mappings, 2016, eq. 1), Chen et al.'s Neural ODE
  ``\mathbf{h}_{t+1} = \mathbf{h}_t + f(\mathbf{h}_t, \theta_t)`` (2018, eq. 1), DDPM's sampling step (Ho et al.
  2020, Algorithm 2, the noise network written plain) were refused as a matrix product with a number; a scaled call
  ``\mathbf{x} - \eta f(t)`` was a noted scalar broadcast.  The value is given by its spelling.

Neighbours that keep their reading: ``\mathbf{h}_t + f(\mathbf{h}_t)`` (entry by entry), the bold
``\boldsymbol{\epsilon}_\theta`` (function-vector), Goodfellow et al.'s ``f(\boldsymbol{x}, y) + \lambda
\boldsymbol{x}^\top\boldsymbol{x}`` (a number), Bottou et al.'s SGD with plain numbers.
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_reads_as

RNG = np.random.default_rng(1414)
X4, F4, Z4 = RNG.normal(size=4), RNG.normal(size=4), RNG.normal(size=4)
A_T, ABAR_T, S_T, ETA = 0.9, 0.5, 0.2, 0.1

CASES = [
    ("resnet-residual-block", "He et al. 2016, Deep Residual Learning, eq. 1",
     r"\mathbf{y} = \mathcal{F}(\mathbf{x}, \{W_i\}) + \mathbf{x}", None,
     {r"\mathbf{x}": X4, r"\mathcal{F}(\mathbf{x},\{W_i\})": F4}, F4 + X4, ["function-vector-beside"]),
    ("preact-resnet-unit", "He et al. 2016, Identity Mappings in Deep Residual Networks, eq. 1 with f the identity",
     r"\mathbf{x}_{l+1} = \mathbf{x}_l + \mathcal{F}(\mathbf{x}_l, \mathcal{W}_l)", None,
     {r"\mathbf{x}_l": X4, r"\mathcal{F}(\mathbf{x}_l,\mathcal{W}_l)": F4}, X4 + F4, ["function-vector-beside"]),
    ("neural-ode-euler-step", "Chen et al. 2018, Neural Ordinary Differential Equations, eq. 1",
     r"\mathbf{h}_{t+1} = \mathbf{h}_t + f(\mathbf{h}_t, \theta_t)", None,
     {r"\mathbf{h}_t": X4, r"f(\mathbf{h}_t,\theta_t)": F4}, X4 + F4, ["function-vector-beside"]),
    ("ddpm-sampling-plain-epsilon", "Ho et al. 2020, DDPM Algorithm 2 line 4, the noise network written plain",
     r"\mathbf{x}_{t-1} = \frac{1}{\sqrt{\alpha_t}}\left(\mathbf{x}_t - \frac{1-\alpha_t}{\sqrt{1-\bar\alpha_t}}"
     r"\epsilon_\theta(\mathbf{x}_t, t)\right) + \sigma_t \mathbf{z}", None,
     {r"\mathbf{x}_t": X4, r"\epsilon_\theta(\mathbf{x}_t,t)": F4, r"\mathbf{z}": Z4, r"\alpha_t": A_T,
      r"\bar\alpha_t": ABAR_T, r"\sigma_t": S_T},
     (X4 - (1 - A_T) / np.sqrt(1 - ABAR_T) * F4) / np.sqrt(A_T) + S_T * Z4, ["function-vector-beside"]),
    ("sgd-stochastic-direction-bold", "Bottou, Curtis & Nocedal 2018, SIAM Review, sec. 4.2, a fixed stepsize (step t)",
     r"\mathbf{w}_{t+1} = \mathbf{w}_t - \bar\alpha g(\mathbf{w}_t, \xi_t)", None,
     {r"\mathbf{w}_t": X4, r"g(\mathbf{w}_t,\xi_t)": F4, r"\bar\alpha": ETA}, X4 - ETA * F4, ["function-vector-beside"]),
    ("scaled-call-of-number-beside-vector", "a step along a schedule's direction, \\eta f(t) beside a bold vector",
     r"\mathbf{y} = \mathbf{x} - \eta f(t)", None, {r"\mathbf{x}": X4, "f(t)": F4, r"\eta": ETA}, X4 - ETA * F4,
     ["function-vector-beside"]),
    # -- neighbours that keep their reading ------------------------------------------------------------------------
    ("function-of-one-vector-entrywise", "Goodfellow et al. sec. 6.3, an activation of one vector beside it",
     r"\mathbf{h}_{t+1} = \mathbf{h}_t + f(\mathbf{h}_t)", {"f": np.tanh}, {r"\mathbf{h}_t": X4}, X4 + np.tanh(X4),
     ["function-entrywise"]),
    ("ddpm-sampling-bold-epsilon", "Ho et al. 2020, DDPM Algorithm 2 line 4 as written (bold epsilon)",
     r"\mathbf{x}_{t-1} = \frac{1}{\sqrt{\alpha_t}}\left(\mathbf{x}_t - \frac{1-\alpha_t}{\sqrt{1-\bar\alpha_t}}"
     r"\boldsymbol{\epsilon}_\theta(\mathbf{x}_t, t)\right) + \sigma_t \mathbf{z}", None,
     {r"\mathbf{x}_t": X4, r"\boldsymbol{\epsilon}_\theta(\mathbf{x}_t,t)": F4, r"\mathbf{z}": Z4, r"\alpha_t": A_T,
      r"\bar\alpha_t": ABAR_T, r"\sigma_t": S_T},
     (X4 - (1 - A_T) / np.sqrt(1 - ABAR_T) * F4) / np.sqrt(A_T) + S_T * Z4, ["function-vector"]),
    ("residual-of-plain-numbers", "He et al. 2016 eq. 1 written with plain letters: numbers stay numbers",
     r"y = x + F(x, \theta)", {"F": lambda x, th: x * th}, {"x": 0.5, r"\theta": 2.0}, 0.5 + 1.0, []),
    ("lagrangian-function-of-vector-number", "Goodfellow et al. sec. 4.4, a function of a vector and a number",
     r"L = f(\boldsymbol{x}, y) + \lambda \boldsymbol{x}^\top \boldsymbol{x}",
     {"f": lambda x, y: float(np.sum(x)) * y}, {r"\boldsymbol{x}": Z4, "y": 2.0, r"\lambda": 0.3},
     2.0 * np.sum(Z4) + 0.3 * Z4 @ Z4, []),
]


@pytest.mark.parametrize(("latex", "functions", "inputs", "want", "rules"),
                         [pytest.param(*c[2:], id=c[0]) for c in CASES])
def test_reads_as(latex: str, functions: dict | None, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules, functions=functions)
