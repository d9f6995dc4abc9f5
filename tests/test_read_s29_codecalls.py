"""Library calls and method chains of session 29 (issue 12), each read as the math it computes.

- ``torch.rsqrt(x)`` (``jax.lax.rsqrt``) as ``1/\\sqrt{x}``; ``np.linalg.norm(x)``, ``torch.norm(x)`` as the
  Euclidean norm (both were refused as unknown library calls); a keyword ``ord=`` stays refused;
- a power made of a method, ``x.pow(2)``, is the value of the next method in a chain (LLaMA's RMSNorm
  ``x.pow(2).mean(-1, keepdim=True)`` read the ``2`` alone as the mean's argument and refused it).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import symdl
from symdl.errors import NotSupported

RNG = np.random.default_rng(291)
X = RNG.normal(size=7)
V = np.abs(RNG.normal(size=7))

VALUES: list[tuple[str, str, str, dict[str, Any], Any]] = [
    ("rsqrt", "PyTorch docs torch.rsqrt", "y = x * torch.rsqrt(v + eps)", {"x": X, "v": V, "eps": 1e-6},
     X / np.sqrt(V + 1e-6)),
    ("llama-rmsnorm", "facebookresearch/llama model.py, RMSNorm._norm",
     "y = x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps)", {"x": X, "eps": 1e-6},
     X / np.sqrt(np.mean(X**2) + 1e-6)),
    ("pow-chain-sum", "a notebook's squared error", "loss = (y - t).pow(2).sum()", {"y": X, "t": V},
     np.sum((X - V) ** 2)),
    ("linalg-norm", "a numpy cosine similarity", "y = x / np.linalg.norm(x)", {"x": X}, X / np.linalg.norm(X)),
    ("torch-norm", "clip by norm in code", "scale = max_norm / torch.norm(g)", {"g": X, "max_norm": 0.5},
     0.5 / np.linalg.norm(X)),
    # must not change
    ("pow-alone", "x.pow(2) outside a chain", "y = x.pow(2) + 1", {"x": X}, X**2 + 1),
]


@pytest.mark.parametrize(("code", "args", "want"), [c[2:] for c in VALUES], ids=[c[0] for c in VALUES])
def test_value(code: str, args: dict[str, Any], want: Any) -> None:
    got = symdl.lambdify(symdl.parse(code))(**args)
    np.testing.assert_allclose(np.asarray(got, dtype=float).ravel(), np.ravel(want), rtol=1e-12)


@pytest.mark.parametrize(("code", "what"), [
    ("y = np.linalg.norm(x, ord=1)", "norm of other than 1 argument"),
    ("y = torch.rsqrt(a, b)", "rsqrt of other than 1 argument"),
], ids=["norm-ord", "rsqrt-two-arguments"])
def test_refused(code: str, what: str) -> None:
    with pytest.raises(NotSupported, match=what) as err:
        symdl.parse(code)
    assert err.value.hint


@pytest.mark.parametrize("code", [
    "return self.w2(F.silu(self.w1(x)) * self.w3(x))",
    "out = self.w2(F.silu(self.w1(x)) * self.w3(x))",
], ids=["return-line", "assignment"])
def test_module_layer_outside_a_def_is_a_call(code: str) -> None:
    """LLaMA's FeedForward.forward pasted as one line: self.w2(...) calls the layer w2 (it was w2 times (...))."""
    f = symdl.parse(code)
    w2 = symdl.lambdify(f, functions={"w_1": np.tanh, "w_2": np.cos, "w_3": np.exp})
    got = w2(x=X)
    want = np.cos(np.tanh(X) / (1 + np.exp(-np.tanh(X))) * np.exp(X))
    np.testing.assert_allclose(np.asarray(got, dtype=float).ravel(), want, rtol=1e-12)
    assert "code-layer" in {n.rule for n in f.notes}
