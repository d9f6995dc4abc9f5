"""Python function definitions pasted as formulas (session 28, issue 12): ``def name(args):`` then its indented lines
is the system of those lines, then ``name(args) = `` the returned value (``code-def``); an argument assigned again is
an update (``code-rebind``); ``self.w1(x)`` is a call of the module's layer w1 (``code-layer``).  Before, each was
refused with "unexpected ':'"."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest

import symdl
from symdl.errors import SymdlError

KERAS_COSINE = """def decayed_learning_rate(step):
  step = min(step, decay_steps)
  cosine_decay = 0.5 * (1 + cos(pi * step / decay_steps))
  decayed = (1 - alpha) * cosine_decay + alpha
  return initial_learning_rate * decayed"""

LLAMA_FORWARD = """def forward(self, x):
    return self.w2(F.silu(self.w1(x)) * self.w3(x))"""

SGD_STEP = """def update(w, g):
    w -= lr * g
    return w"""


def _keras(step: float, decay_steps: float, alpha: float, initial_learning_rate: float) -> float:
    """The Keras docs' CosineDecay, as the docs write it, run as Python."""
    step = min(step, decay_steps)
    cosine_decay = 0.5 * (1 + math.cos(math.pi * step / decay_steps))
    decayed = (1 - alpha) * cosine_decay + alpha
    return initial_learning_rate * decayed


X = np.array([-1.3, 0.2, 0.9, 2.4])
W1, W2, W3 = np.tanh, np.sin, np.cos


def _silu(z: np.ndarray) -> np.ndarray:
    return z / (1 + np.exp(-z))


# (id, source, latex, arguments, functions, output name or None, the value plain Python/numpy gives)
VALUES: list[tuple[str, str, str, dict[str, Any], dict[str, Any], str | None, Any]] = [
    ("keras-cosine-mid", "TensorFlow docs, tf.keras.optimizers.schedules.CosineDecay (verbatim), step < decay_steps",
     KERAS_COSINE, {"step": 300.0, "decay_steps": 1000.0, "alpha": 0.1, "initial_learning_rate": 0.5}, {},
     "decayed_learning_rate", _keras(300.0, 1000.0, 0.1, 0.5)),
    ("keras-cosine-capped", "the same, step past decay_steps: the step is capped, the floor alpha reached",
     KERAS_COSINE, {"step": 2500.0, "decay_steps": 1000.0, "alpha": 0.1, "initial_learning_rate": 0.5}, {},
     "decayed_learning_rate", _keras(2500.0, 1000.0, 0.1, 0.5)),
    ("llama-forward", "Meta Llama reference model.py FeedForward.forward (SwiGLU), layers passed as functions",
     LLAMA_FORWARD, {"x": X}, {"w_1": W1, "w_2": W2, "w_3": W3}, None, W2(_silu(W1(X)) * W3(X))),
    ("sgd-def", "an SGD step written as a function (cs231n's optim.py sgd: w -= learning_rate * dw; return w)",
     SGD_STEP, {"w": 1.5, "g": 0.4, "lr": 0.1}, {}, "update", 1.5 - 0.1 * 0.4),
    ("tex-system-ending-in-definition", "the same reading in TeX: a name, then the function defined from it",
     "h = 2 x \\\\ g(x) = h + 1", {"x": 2.0}, {}, "g", 5.0),
    ("helper-definition-kept", "must not change: a definition used by the statement after it is a helper, not output",
     "g(x) = x + 1 \\\\ y = g(x)", {"x": 2.0}, {}, "y", 3.0),
]


@pytest.mark.parametrize(("latex", "args", "functions", "out", "expected"), [c[2:] for c in VALUES],
                         ids=[c[0] for c in VALUES])
def test_value(latex: str, args: dict[str, Any], functions: dict[str, Any], out: str | None, expected: Any) -> None:
    got = symdl.lambdify(symdl.parse(latex), functions=functions or None)(**args)
    got = got[out] if out is not None else got
    np.testing.assert_allclose(np.asarray(got, dtype=float), expected, rtol=1e-12)


# (id, source, latex, rule names that must be among the notes)
NOTES: list[tuple[str, str, str, set[str]]] = [
    ("keras-cosine", "TensorFlow docs, CosineDecay", KERAS_COSINE, {"code-def", "code-rebind", "code-pi"}),
    ("llama-forward", "Meta Llama model.py FeedForward.forward", LLAMA_FORWARD, {"code-def", "code-layer", "code-self"}),
    ("sgd-def", "cs231n optim.py sgd, as a def", SGD_STEP, {"code-def"}),
]


@pytest.mark.parametrize(("latex", "rules"), [c[2:] for c in NOTES], ids=[c[0] for c in NOTES])
def test_notes(latex: str, rules: set[str]) -> None:
    assert rules <= {n.rule for n in symdl.parse(latex).notes}


def test_helper_definition_is_not_output() -> None:
    assert set(symdl.lambdify(symdl.parse("g(x) = x + 1 \\\\ y = g(x)"))(x=2.0)) == {"y"}


def test_definition_reads() -> None:
    f = symdl.parse(LLAMA_FORWARD)
    assert f.kind == "definition"
    assert str(f.statements[-1].lhs) == "forward(x)"  # self is the module, not an input
    g = symdl.parse(KERAS_COSINE)
    assert g.kind == "system"
    assert [s.kind for s in g.statements] == ["update", "assignment", "assignment", "definition"]


# must not change: near misses keep their reading or refusal (id, source, latex, kind or None for refused)
KEPT: list[tuple[str, str, str, str | None]] = [
    ("set-builder", "a set by a condition (Boyd & Vandenberghe's {x : x > 0})", r"S = \{x : x > 0\}", None),
    ("ratio", "a ratio a:b (code's slice, refused by name)", "r = a:b", None),
    ("code-if", "TensorFlow docs' hard sigmoid as if/elif/else lines",
     "if x < -2.5: return 0\nelif x > 2.5: return 1\nelse: return 0.2 * x + 0.5", "expression"),
    ("return-line", "the DPO notebook's loss line then return", "loss = -F.logsigmoid(beta * logits)\nreturn loss",
     "system"),
    ("def-without-return", "a def whose body returns nothing: no value", "def f(x):\n    y = 2 * x", None),
    ("def-with-default", "a def with a default argument: not a list of inputs", "def f(x=1):\n    return 2 * x",
     None),
    ("def-with-if", "a def whose body has an if block: not statements in order",
     "def f(x):\n    if x > 0:\n        return x\n    return 0", None),
    ("tex-definition", "a TeX definition f(x) = ...", r"f(x) = \frac{1}{2} x^2", "definition"),
]


@pytest.mark.parametrize(("latex", "kind"), [c[2:] for c in KEPT], ids=[c[0] for c in KEPT])
def test_kept(latex: str, kind: str | None) -> None:
    if kind is None:
        with pytest.raises(SymdlError):
            symdl.parse(latex)
    else:
        assert symdl.parse(latex).kind == kind
