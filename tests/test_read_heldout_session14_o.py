r"""Held-out session 14 (o): networks beside vectors, and plain capitals labelled or grouped before vectors.

- a network symdl does not know, of several arguments or of a vector (not a plain lower-case function of one
  vector, which acts entry by entry), added to a vector alone or times numbers, is a vector of that length
  (``function-vector-beside``): He et al.'s residual block ``\mathbf{y} = \mathcal{F}(\mathbf{x}, \{W_i\}) +
  \mathbf{x}`` (ResNet, 2016, eq. 1), the pre-activation ResNet's ``\mathbf{x}_{l+1} = \mathbf{x}_l +
  \mathcal{F}(\mathbf{x}_l, \mathcal{W}_l)`` (He et al., Identity Mappings, 2016, eq. 1), Chen et al.'s Neural ODE
  ``\mathbf{h}_{t+1} = \mathbf{h}_t + f(\mathbf{h}_t, \theta_t)`` (2018, eq. 1), DDPM's sampling step (Ho et al.
  2020, Algorithm 2, the noise network written plain) were refused as a matrix product with a number; a scaled call
  ``\mathbf{x} - \eta f(t)`` was a noted scalar broadcast.  The value is given by its spelling.

- a capital with a label superscript of letters written right before a plain lower-case name is a matrix times a
  vector (``capital-matrix``, as ``W x`` is): Vaswani et al.'s per-token projections as Alammar's Illustrated
  Transformer writes them in the column convention, ``q = W^Q x``, ``v = W^V x``, the output ``W^O z``, and the
  RNN of the cs224n notes with letter labels ``\tanh(W^{hh} h_0 + W^{hx} x)`` read as numbers, silently; a family's
  member after it (``W^Q x_i``) reads as cs231n's ``W x_i`` does (tests/test_read_heldout_session14_r.py).

- a parenthesised sum of capitals around the identity right before a parenthesised difference of lower-case names
  is a matrix times a vector (``capital-group-matrix``): Goodfellow et al.'s early stopping (sec. 7.8, eq. 7.37)
  ``(I - \epsilon H)(w^{(t-1)} - w^*)``, gradient descent's error recursion ``(I - \eta A)(x - x^*)`` (Nocedal &
  Wright ch. 3), Richardson's ``(I - \omega A)(x - x^*)`` (Saad sec. 4.1) commuted as numbers; a change of a capital
  is a capital of such a group (S4's Euler step ``(I + \Delta A)x``, Gu et al. 2022; read x(\Delta A + I)).

Neighbours that keep their reading: ``\mathbf{h}_t + f(\mathbf{h}_t)`` (entry by entry), the bold
``\boldsymbol{\epsilon}_\theta`` (function-vector), Goodfellow et al.'s ``f(\boldsymbol{x}, y) + \lambda
\boldsymbol{x}^\top\boldsymbol{x}`` (a number), a residual of plain numbers; ``X W^Q`` (capital-projection),
``W^{-1} x`` (capital-matrix), ``W^2 x`` (a power of a number); ``(a - b)(c - d)`` and ``(1 + \Delta A)x`` (numbers).
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_reads_as

RNG = np.random.default_rng(1414)
X4, F4, Z4 = RNG.normal(size=4), RNG.normal(size=4), RNG.normal(size=4)
W34, X3, H4 = RNG.normal(size=(3, 4)), RNG.normal(size=3), RNG.normal(size=4)
W33 = RNG.normal(size=(3, 3)) + 3 * np.eye(3)
E3, V3 = np.eye(3), RNG.normal(size=3)
A_T, ABAR_T, S_T, ETA = 0.9, 0.5, 0.2, 0.1

CASES = [
    ("resnet-residual-block", "He et al. 2016, Deep Residual Learning, eq. 1",
     r"\mathbf{y} = \mathcal{F}(\mathbf{x}, \{W_i\}) + \mathbf{x}", None,
     {r"\mathbf{x}": X4, r"\mathcal{F}(\mathbf{x},\{W_i\})": F4}, F4 + X4, ["function-vector-beside", "set-of-members"]),
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
    ("alammar-query-column", "Vaswani et al. 2017 sec. 3.2, one token's query (Alammar, The Illustrated Transformer)",
     r"q = W^Q x", None, {"W^Q": W34, "x": X4}, W34 @ X4, ["superscript-word", "capital-matrix"]),
    ("alammar-value-column", "Vaswani et al. 2017 sec. 3.2, one token's value, column convention",
     r"v = W^V x", None, {"W^V": W34, "x": X4}, W34 @ X4, ["superscript-word", "capital-matrix"]),
    ("vaswani-output-projection-column", "Vaswani et al. 2017 eq. of MultiHead, the output projection of one token",
     r"o = W^O z", None, {"W^O": W34, "z": X4}, W34 @ X4, ["superscript-word", "capital-matrix"]),
    ("cs224n-rnn-letter-labels", "cs224n lecture notes (RNNs), h_t = tanh(W^{hh} h_{t-1} + W^{hx} x_t) at one step",
     r"h = \tanh(W^{hh} h_0 + W^{hx} x)", None, {"W^{hh}": W34, "h_0": H4, "W^{hx}": W33, "x": X3},
     np.tanh(W34 @ H4 + W33 @ X3), ["superscript-word", "capital-matrix", "superscript-word", "capital-matrix"]),
    ("goodfellow-early-stopping-recursion", "Goodfellow et al. sec. 7.8 eq. 7.37, plain letters",
     r"w^{(t)} - w^* = (I - \epsilon H)(w^{(t-1)} - w^*)", None,
     {"I": E3, r"\epsilon": ETA, "H": W33, "w^{(t-1)}": X3, "w^*": V3}, (E3 - ETA * W33) @ (X3 - V3),
     ["capital-group-matrix"]),
    ("gd-quadratic-error-recursion", "Nocedal & Wright ch. 3, steepest descent's error on a quadratic",
     r"e = (I - \eta A)(x - x^*)", None, {"I": E3, r"\eta": ETA, "A": W33, "x": X3, "x^*": V3},
     (E3 - ETA * W33) @ (X3 - V3), ["capital-group-matrix"]),
    ("saad-richardson-error", "Saad, Iterative Methods for Sparse Linear Systems sec. 4.1, Richardson's error",
     r"d = (I - \omega A)(x - x^*)", None, {"I": E3, r"\omega": 0.2, "A": W33, "x": X3, "x^*": V3},
     (E3 - 0.2 * W33) @ (X3 - V3), ["capital-group-matrix"]),
    ("s4-euler-step", "Gu et al. 2022 (S4) sec. 2.3, the Euler discretisation's (I + \\Delta A)x",
     r"y = (I + \Delta A)x", None, {"I": E3, r"\Delta A": W33, "x": X3}, (E3 + W33) @ X3,
     ["capital-group-matrix", "delta-change-unwritten"]),
    # -- neighbours that keep their reading ------------------------------------------------------------------------
    ("product-of-differences-numbers", "a product of two differences of numbers", r"y = (a - b)(c - d)", None,
     {"a": 3.0, "b": 1.0, "c": 2.0, "d": 0.5}, 3.0, []),
    ("one-plus-change-numbers", "a number plus a change, times a number (no identity: numbers)",
     r"y = (1 + \Delta A)x", None, {r"\Delta A": 0.5, "x": 2.0}, 3.0, ["delta-change-unwritten"]),
    ("vaswani-projection-of-matrix", "Vaswani et al. 2017 sec. 3.2.2, a matrix times a labelled projection",
     r"Q = X W^Q", None, {"X": W34.T, "W^Q": W33}, W34.T @ W33, ["capital-projection", "superscript-word"]),
    ("bishop-inverse-times-vector", "Bishop PRML eq. 2.43's \\Sigma^{-1}\\mu written with W", r"y = W^{-1} x", None,
     {"W": W33, "x": X3}, np.linalg.solve(W33, X3), ["capital-matrix"]),
    ("power-of-capital-number", "a squared number before a number (no label: a power)", r"y = W^2 x", None,
     {"W": 1.5, "x": 2.0}, 4.5, []),
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

