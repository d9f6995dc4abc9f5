"""Code and plain-text pastes of session 28 (issue 12), each read by a rule for its class.

- a code line ``x += ...`` (``-=``, ``*=``, ``/=``) in a multi-line paste is a statement of its own, the update
  ``x \\gets x + (...)`` (cs231n's optimiser steps were refused);
- ``config['momentum']`` is the setting momentum (``code-setting``; refused as a prime before);
- a ``return`` line is a statement of its own (the DPO notebook's ``return loss.mean()`` was a factor of the line
  above); a parenthesised remark in words at a line's end is set aside (``prose-remark``: LAMB's ``(layer-wise)``);
- a set brace after ``\\operatorname{mean}``/``sum`` is its argument (``set-brace-argument``: MSELoss);
- round and ceil are element-wise known functions (quantisation's ``round(x/s)``).
numpy's reductions over one axis (``np.sum(x, axis=0)``) are read since session 29: tests/test_read_s29_axes.py.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_values_noted

RNG = np.random.default_rng(28)
X = RNG.normal(size=5)
DX = RNG.normal(size=5)
C = np.abs(RNG.normal(size=5))

# (id, source, code, arguments, {name: the value plain numpy gives running the same code}, rules noted)
VALUES: list[tuple[str, str, str, dict[str, Any], dict[str, Any], tuple[str, ...]]] = [
    ("adagrad", "cs231n 'Neural Networks Part 3', Adagrad",
     "cache += dx**2\nx += - learning_rate * dx / (np.sqrt(cache) + eps)",
     {"cache": C, "dx": DX, "x": X, "learning_rate": 0.1, "eps": 1e-8},
     {"cache": C + DX**2, "x": X - 0.1 * DX / (np.sqrt(C + DX**2) + 1e-8)}, ("compound-assignment",)),
    ("rmsprop", "cs231n 'Neural Networks Part 3', RMSprop",
     "cache = decay_rate * cache + (1 - decay_rate) * dx**2\nx += - learning_rate * dx / (np.sqrt(cache) + eps)",
     {"cache": C, "dx": DX, "x": X, "learning_rate": 0.1, "eps": 1e-8, "decay_rate": 0.9},
     {"x": X - 0.1 * DX / (np.sqrt(0.9 * C + 0.1 * DX**2) + 1e-8)}, ("compound-assignment",)),
    ("nesterov", "cs231n 'Neural Networks Part 3', Nesterov momentum (rewritten form)",
     "v_prev = v\nv = mu * v - learning_rate * dx\nx += -mu * v_prev + (1 + mu) * v",
     {"v": C, "dx": DX, "x": X, "learning_rate": 0.1, "mu": 0.9},
     {"x": X - 0.9 * C + 1.9 * (0.9 * C - 0.1 * DX)}, ("compound-assignment",)),
    ("adam", "cs231n 'Neural Networks Part 3', Adam with bias correction",
     "m = beta1*m + (1-beta1)*dx\nmt = m / (1-beta1**t)\nv = beta2*v + (1-beta2)*(dx**2)\nvt = v / (1-beta2**t)\n"
     "x += - learning_rate * mt / (np.sqrt(vt) + eps)",
     {"m": X, "v": C, "dx": DX, "x": X, "learning_rate": 0.01, "eps": 1e-8, "beta1": 0.9, "beta2": 0.999, "t": 3},
     {"x": X - 0.01 * ((0.9 * X + 0.1 * DX) / (1 - 0.9**3))
      / (np.sqrt((0.999 * C + 0.001 * DX**2) / (1 - 0.999**3)) + 1e-8)}, ("compound-assignment",)),
    ("divide-update", "cs231n 'Neural Networks Case Study': dscores /= num_examples",
     "dscores = probs\ndscores /= num_examples", {"probs": C, "num_examples": 5.0}, {"dscores": C / 5},
     ("compound-assignment",)),
    ("momentum-config", "cs231n assignment 2 optim.py, sgd_momentum (posted solution)",
     "next_v = config['momentum'] * v - config['learning_rate'] * dw\nnext_w = w + next_v",
     {"momentum": 0.9, "v": C, "learning_rate": 0.1, "dw": DX, "w": X},
     {"next_w": X + 0.9 * C - 0.1 * DX}, ("code-setting",)),
    ("momentum-config-dq", "cs231n optim.py with double quotes",
     'v = config["momentum"] * v + config["learning_rate"] * dw\nnext_w = w - v',
     {"momentum": 0.9, "v": C, "learning_rate": 0.1, "dw": DX, "w": X},
     {"next_w": X - (0.9 * C + 0.1 * DX)}, ("code-setting",)),
    ("return-line", "KawsarAhmad43/Learnify notebook, dpo_loss",
     "loss = -F.logsigmoid(beta * logits)\nreturn loss.mean()", {"beta": 0.5, "logits": X},
     {"loss": -np.log(1 / (1 + np.exp(-0.5 * X)))}, ("code-return",)),
    ("layer-wise-remark", "docs.rs axonml-optim, LAMB (trust ratio line)",
     "trust_ratio = ||param|| / ||r||  (layer-wise)\nout = lr * trust_ratio * r",
     {"param": -3.0, "r": DX, "lr": 0.1},
     {"out": 0.1 * 3.0 / np.linalg.norm(DX) * DX}, ("prose-remark",)),
    ("mse-set-brace", "PyTorch docs torch.nn.MSELoss", r"\ell = \operatorname{mean}\{(x_n-y_n)^2\}",
     {"x_n": X, "y_n": DX}, {"": np.mean((X - DX) ** 2)}, ("set-brace-argument",)),
    ("sum-set-brace", "MSELoss with reduction='sum'", r"\ell = \operatorname{sum}\{(x_n-y_n)^2\}",
     {"x": X, "y": DX}, {"": np.sum((X - DX) ** 2)}, ("set-brace-argument",)),
    ("round-quantise", "integer quantisation (Jacob et al. 2018)",
     r"\hat{\mathbf{x}} = \operatorname{round}\left(\frac{\mathbf{x}}{s}\right) + z",
     {r"\mathbf{x}": X * 10, "s": 0.3, "z": C}, {"": np.round(X * 10 / 0.3) + C}, ()),
    ("ceil-code", "numpy's ceil", "y = ceil(x / 2)", {"x": X * 10}, {"": np.ceil(X * 5)}, ()),
    # must not change
    ("one-line-compound", "a single compound assignment keeps its reading", "w -= lr * g",
     {"w": X, "lr": 0.1, "g": DX}, {"": X - 0.1 * DX}, ("compound-assignment",)),
    ("equals-each-line", "a formula with = on each line", "a = x * 2\nb = a + 1", {"x": X}, {"b": 2 * X + 1}, ()),
    ("plus-continues", "a TeX line that starts with + continues the one above",
     "L = a\n+ b", {"a": 1.0, "b": 2.0}, {"": 3.0}, ()),
    ("vector-sum-method", "x.sum() of a vector", "y = x.sum()", {"x": X}, {"": X.sum()}, ("code-reduction",)),
    ("factor-after-operator", "a parenthesised pair of names after * stays a factor", "y = a * (per layer)",
     {"a": 2.0, "per": 3.0, "layer": 0.5}, {"": 3.0}, ()),
]


@pytest.mark.parametrize(("code", "args", "expected", "rules"), [c[2:] for c in VALUES], ids=[c[0] for c in VALUES])
def test_value(code: str, args: dict[str, Any], expected: dict[str, Any], rules: tuple[str, ...]) -> None:
    assert_values_noted(code, args, expected, rules, rtol=1e-10)


def test_return_is_no_factor() -> None:
    """The DPO notebook's return line is a statement of its own: no name 'return', two statements."""
    f = symdl.parse("loss = -F.logsigmoid(beta * logits)\nreturn loss.mean()")
    assert len(f.statements) == 2
    assert "return" not in {str(s) for s in f.symbols}


def test_mean_brace_is_no_product() -> None:
    f = symdl.parse(r"\ell(x,y) = \operatorname{mean}\{(x_n-y_n)^2\}")
    assert "mean" not in " ".join(str(s) for s in f.symbols)


def test_superscript_plus_is_no_compound() -> None:
    """\\theta^+ = ... (a superscript) is no compound assignment."""
    f = symdl.parse(r"\theta^+ = \theta + 1")
    assert "compound-assignment" not in {n.rule for n in f.notes}
