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


G = RNG.normal(size=7)


def test_rmsnorm_weight_is_per_feature() -> None:
    """LLaMA's RMSNorm forward with its gain: self.weight multiplies each feature (affine-per-feature); it was one
    number (judged silent)."""
    f = symdl.parse("y = x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + eps) * self.weight")
    got = symdl.lambdify(f)(x=X, eps=1e-6, weight=G)
    np.testing.assert_allclose(np.ravel(got), X / np.sqrt(np.mean(X**2) + 1e-6) * G, rtol=1e-12)
    assert "affine-per-feature" in {n.rule for n in f.notes}


def test_temperature_in_a_row_reduction_is_a_number() -> None:
    """InfoNCE as code: the temperature t divides every similarity, one number (divisor-number); it was made a
    vector of the row's length, the loss a vector (judged silent)."""
    code = "loss = -torch.log(torch.exp(pos / t) / torch.exp(sim / t).sum(dim=1))"
    f = symdl.parse(code)
    assert "t" not in f.shapes
    got = symdl.lambdify(f)(pos=0.7, t=0.1, sim=V)
    np.testing.assert_allclose(float(np.ravel(got)[0]), -np.log(np.exp(7.0) / np.exp(V / 0.1).sum()), rtol=1e-12)
    (note,) = [n for n in f.notes if n.rule == "divisor-number"]
    assert code[note.span.start : note.span.end] == "t"


def _tanh_gelu(x: np.ndarray) -> np.ndarray:
    return 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x**3)))


def _exact_gelu(x: np.ndarray) -> np.ndarray:
    from math import erf

    return np.array([0.5 * v * (1 + erf(v / np.sqrt(2))) for v in x])


@pytest.mark.parametrize(("code", "approximate", "rule"), [
    ("y = jax.nn.gelu(x)", True, "code-gelu-approximate"),  # JAX's default: approximate=True
    ("y = jax.nn.gelu(x, approximate=False)", False, "code-gelu-exact"),
    ("y = F.gelu(x, approximate='tanh')", True, "code-gelu-approximate"),  # PyTorch's option
    ("y = F.gelu(x)", False, "activation-default"),  # PyTorch's default: the exact GELU
], ids=["jax-default", "jax-exact", "torch-tanh", "torch-default"])
def test_gelu_as_the_library_defines_it(code: str, approximate: bool, rule: str) -> None:
    """jax.nn.gelu(x) was the exact GELU (x Φ(x)) where JAX computes the tanh approximation."""
    f = symdl.parse(code)
    got = np.ravel(symdl.lambdify(f)(x=X))
    np.testing.assert_allclose(got, _tanh_gelu(X) if approximate else _exact_gelu(X), rtol=1e-12)
    assert rule in {n.rule for n in f.notes}


def test_return_after_a_semicolon() -> None:
    """A VAE's reparameterisation pasted as one line of code: the return after ';' is a statement of its own."""
    f = symdl.parse("std = torch.exp(0.5*logvar); eps = torch.randn_like(std); return mu + eps*std")
    assert len(f.statements) == 3
    assert "code-return" in {n.rule for n in f.notes}


def test_vae_kld_code_greek_words_are_tensors() -> None:
    """The PyTorch VAE example's KL term with the log-variance named sigma: sigma.exp() makes sigma a tensor, summed
    over its entries (it was one number broadcast, its exp not summed)."""
    mu, lv = RNG.normal(size=6), RNG.normal(size=6)
    f = symdl.parse("kld = -0.5 * torch.sum(1 + sigma - mu.pow(2) - sigma.exp())")
    got = float(np.ravel(symdl.lambdify(f)(sigma=lv, mu=mu))[0])
    assert got == pytest.approx(-0.5 * np.sum(1 + lv - mu**2 - np.exp(lv)), rel=1e-12)


def test_a_mean_subtracted_in_code_stays_a_number() -> None:
    f = symdl.parse("y = (x - mu) / np.sqrt(np.mean((x - mu)**2) + eps)")
    assert "mu" not in f.shapes


@pytest.mark.parametrize(("code", "args", "want"), [
    ("dAL = - (np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))", {"Y": np.array([1.0, 0.0, 1.0]),
     "AL": np.array([0.8, 0.3, 0.6])}, -(np.array([1.0, 0.0, 1.0]) / np.array([0.8, 0.3, 0.6])
                                          - np.array([0.0, 1.0, 0.0]) / np.array([0.2, 0.7, 0.4]))),
    ("z = np.multiply(a, b) + np.subtract(a, b)", {"a": X, "b": V}, X * V + X - V),
    (r"y = \boxed{x^2 + 1}", {"x": X}, X**2 + 1),
    (r"\text{GELU(x)} = 0.5x\left(1 + \tanh\left(\sqrt{\frac{2}{\pi}} (x + 0.044715x^3)\right)\right)", {"x": X},
     0.5 * X * (1 + np.tanh(np.sqrt(2 / np.pi) * (X + 0.044715 * X**3)))),
], ids=["ng-dAL-divide", "multiply-subtract", "boxed", "text-call-label"])
def test_more_library_spellings(code: str, args: dict[str, Any], want: Any) -> None:
    """np.divide/multiply/subtract/add (refused before), \\boxed{...} (an unknown command), \\text{GELU(x)} (a name
    with parentheses in it, refused)."""
    got = symdl.lambdify(symdl.parse(code))(**args)
    np.testing.assert_allclose(np.ravel(np.asarray(got, dtype=float)), np.ravel(want), rtol=1e-12)


def test_gradient_name_of_an_acronym() -> None:
    """Ng's dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL)): dAL one name, AL's gradient (it was L times dA)."""
    f = symdl.parse("dAL = - (np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))")
    assert str(f.lhs) == "dAL"
