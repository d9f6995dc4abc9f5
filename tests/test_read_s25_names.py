"""Session 25 (issue 14), reading: a bare ``pi`` multiplied or divided inside a cosine's or sine's parentheses, in a
formula written as code, is the constant π (rule ``code-pi``: the Keras docs' CosineDecay
``cosine_decay = 0.5 * (1 + cos(pi * step / decay_steps))``; before, ``pi`` was a name of its own there).  Elsewhere
a ``pi`` beside no number stays a name.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import sympy

import symdl

T = np.arange(0.0, 11.0)

# (id, source, latex, arguments, the value plain numpy gives for the meaning the source has)
VALUES: list[tuple[str, str, str, dict[str, Any], Any]] = [
    ("keras-cosine-decay", "Keras docs, tf.keras.optimizers.schedules.CosineDecay",
     r"cosine_decay = 0.5 * (1 + cos(pi * step / decay_steps))", {"step": T, "decay_steps": 10.0},
     0.5 * (1 + np.cos(np.pi * T / 10.0))),
    ("sin-angle", "a sinusoid written as code (constructed from the same class)", r"y = sin(x * pi)",
     {"x": T / 4}, np.sin(T / 4 * np.pi)),
    ("gelu-number-stays", "the burn docs' GELU: pi beside a number (the existing rule)",
     r"y = 0.5 * x * (1 + tanh(sqrt(2 / pi) * (x + 0.044715 * x**3)))", {"x": T - 5},
     0.5 * (T - 5) * (1 + np.tanh(np.sqrt(2 / np.pi) * ((T - 5) + 0.044715 * (T - 5) ** 3)))),
]


@pytest.mark.parametrize(("latex", "args", "expected"), [c[2:] for c in VALUES], ids=[c[0] for c in VALUES])
def test_value(latex: str, args: dict[str, Any], expected: Any) -> None:
    f = symdl.parse(latex)
    got = symdl.lambdify(f)(**args)
    np.testing.assert_allclose(np.asarray(got, dtype=float), expected, rtol=1e-12)


# (id, source, latex, whether pi is read as the constant)
PI: list[tuple[str, str, str, bool]] = [
    ("cos-angle", "Keras docs' CosineDecay", r"y = cos(pi * step / decay_steps)", True),
    ("exp-keeps-name", "must not change: outside a cosine or sine, pi times a name stays a name", r"y = exp(pi * t)",
     False),
    ("cos-sum-keeps-name", "must not change: pi added, not multiplied, inside the cosine", r"y = cos(pi + t)", False),
]


@pytest.mark.parametrize(("latex", "constant"), [c[2:] for c in PI], ids=[c[0] for c in PI])
def test_pi(latex: str, constant: bool) -> None:
    f = symdl.parse(latex)
    rules = {n.rule for n in f.notes}
    assert ("code-pi" in rules) == constant
    assert f.statements[0].rhs.has(sympy.pi) == constant
