"""Random draws and boolean masks in code pastes (session 26, issue 12).

- ``code-random-draw``: a standard normal draw in code, ``torch.randn_like(mu)``, ``torch.randn(n)``,
  ``np.random.randn(n)``, is its sample, a name of its own (``eps``; ``eps2`` for a second draw), an input of the
  formula as ε is in TeX's ``z = \\mu + \\sigma \\odot \\epsilon``; ``np.random.normal(loc, scale)`` and
  ``torch.normal(mean, std)`` are ``loc + scale * eps``.  The note names the input the user passes, and
  symdl.lambdify takes it under that name.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import symdl
from symdl.errors import NotSupported

RNG = np.random.default_rng(26)
MU, LOGVAR, EPS, EPS2 = (RNG.normal(size=4) for _ in range(4))
N = 5
EPS_N = RNG.normal(size=N)

# (id, source, code, arguments, the value plain numpy gives with the draw fixed to the array passed)
DRAWS: list[tuple[str, str, str, dict[str, Any], Any]] = [
    ("vae-randn-like", "the VAE's reparameterisation in PyTorch (Kingma & Welling; the PyTorch examples' vae)",
     "z = mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)", {"mu": MU, "logvar": LOGVAR, "eps": EPS},
     MU + np.exp(0.5 * LOGVAR) * EPS),
    ("vae-std-first", "the reparameterisation with the std named first (PyTorch VAE tutorials)",
     "z = mu + std * torch.randn_like(std)", {"mu": MU, "std": np.exp(LOGVAR), "eps": EPS},
     MU + np.exp(LOGVAR) * EPS),
    ("cs231n-init", "cs231n's weight init, one draw of length n", "w = np.random.randn(n) / sqrt(n)",
     {"n": N, "eps": EPS_N}, EPS_N / np.sqrt(N)),
    ("he-init", "He initialisation in cs231n's notes", "w = np.random.randn(n) * sqrt(2.0/n)",
     {"n": N, "eps": EPS_N}, EPS_N * np.sqrt(2.0 / N)),
    ("torch-randn-shape", "torch.randn with a shape (the PyTorch docs' torch.randn(2, 3))", "x = s * torch.randn(2, 3)",
     {"s": 0.3, "eps": EPS}, 0.3 * EPS),
    ("standard-normal", "numpy's standard_normal", "x = mu + np.random.standard_normal(n)", {"mu": MU, "eps": EPS},
     MU + EPS),
    ("normal-loc-scale", "numpy's normal(loc, scale)", "z = np.random.normal(mu, sigma)",
     {"mu": MU, "sigma": np.exp(LOGVAR), "eps": EPS}, MU + np.exp(LOGVAR) * EPS),
    ("normal-keywords", "numpy's normal with keywords and a size", "z = np.random.normal(loc=mu, scale=s, size=n)",
     {"mu": MU, "s": 2.0, "eps": EPS}, MU + 2.0 * EPS),
    ("normal-standard-args", "numpy's normal(0, 1, n) is the standard draw", "z = np.random.normal(0, 1, n)",
     {"eps": EPS}, EPS),
    ("torch-normal", "torch.normal(mean, std)", "z = torch.normal(mu, std)", {"mu": MU, "std": 0.5, "eps": EPS},
     MU + 0.5 * EPS),
    ("two-draws", "two draws are two samples, eps and eps2", "z = mu + std * torch.randn_like(std) + torch.randn_like(mu)",
     {"mu": MU, "std": np.full_like(MU, 0.5), "eps": EPS, "eps2": EPS2}, MU + 0.5 * EPS + EPS2),  # randn_like(std): an array
    ("eps-taken", "a formula that names eps already: the draw is eps2",
     "z = mu + eps * torch.randn_like(mu)", {"mu": MU, "eps": 0.1, "eps2": EPS}, MU + 0.1 * EPS),
]


@pytest.mark.parametrize(("code", "args", "expected"), [c[2:] for c in DRAWS], ids=[c[0] for c in DRAWS])
def test_draw_value(code: str, args: dict[str, Any], expected: Any) -> None:
    f = symdl.parse(code)
    got = symdl.lambdify(f)(**args)
    np.testing.assert_allclose(np.asarray(got, dtype=float), expected, rtol=1e-12)


@pytest.mark.parametrize(("code", "args"), [(c[2], c[3]) for c in DRAWS], ids=[c[0] for c in DRAWS])
def test_draw_note_names_the_input(code: str, args: dict[str, Any]) -> None:
    """Every draw is noted, each note names an input symdl.lambdify takes under that very name."""
    f = symdl.parse(code)
    notes = [n for n in f.notes if n.rule == "code-random-draw"]
    assert notes
    for n in notes:
        name = n.message.rsplit("pass the sample as ", 1)[1].strip()
        assert name in f.symbols and name in args
        assert code[n.span.start : n.span.end].startswith(("torch.", "np."))


def test_vae_note_text() -> None:
    f = symdl.parse("z = mu + torch.exp(0.5 * logvar) * torch.randn_like(mu)")
    (n,) = [n for n in f.notes if n.rule == "code-random-draw"]
    assert n.message.startswith("read torch.randn_like(mu) as eps:")
    assert "torch.randn_like" in n.message
    assert "eps" in f.symbols and "torch.randn_like" not in f.symbols


# near misses: other draws stay refused, naming the call
REFUSED = [
    ("uniform", "a uniform draw", "w = np.random.rand(n)", "np.random.rand"),
    ("randint", "an integer draw", "k = torch.randint(0, 10, (3,))", "torch.randint"),
    ("normal-dtype", "a keyword normal does not take", "z = np.random.normal(mu, s, dtype=d)", "dtype=d"),
]


@pytest.mark.parametrize(("code", "text"), [c[2:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_other_draw_refused(code: str, text: str) -> None:
    with pytest.raises(NotSupported) as err:
        symdl.parse(code)
    span = err.value.span
    assert span is not None and text in code[span.start : span.end]


def test_tex_epsilon_unchanged() -> None:
    """Must not change: TeX's ε in the reparameterisation stays the name written, no draw note."""
    f = symdl.parse(r"z = \mu + \sigma \epsilon")
    assert not any(n.rule == "code-random-draw" for n in f.notes)
    got = symdl.lambdify(f)(**{r"\mu": 1.0, r"\sigma": 2.0, r"\epsilon": 0.5})
    assert float(got) == 2.0


# --- code-boolean-mask: a parenthesised comparison in code's arithmetic is numpy's boolean mask
H = RNG.normal(size=(6, 4))
DH = RNG.normal(size=(6, 4))
XM = RNG.normal(size=(6, 3))
XV = RNG.normal(size=7)
DV = RNG.normal(size=7)

# (id, source, code, declared shapes, arguments, numpy's value)
MASKS: list[tuple[str, str, str, dict[str, Any] | None, dict[str, Any], Any]] = [
    ("cs231n-relu-backward", "cs231n's two-layer net, the ReLU backward", "dW1 = X.T @ (dh * (h > 0))",
     {"dh": (6, 4), "h": (6, 4), "X": (6, 3)}, {"X": XM, "dh": DH, "h": H}, XM.T @ (DH * (H > 0))),
    ("relu-backward-ge", "a ReLU backward with >= (cs231n assignment 2's layers.py style)", "dx = dout * (x >= 0)",
     None, {"dout": DV, "x": XV}, DV * (XV >= 0)),
    ("mask-first", "the mask before the operand", "dx = (x < 0) * dout", None, {"dout": DV, "x": XV},
     (XV < 0) * DV),
    ("leaky-backward", "a leaky ReLU backward", "dx = dout * (x > 0) + 0.01 * dout * (x <= 0)", None,
     {"dout": DV, "x": XV}, DV * (XV > 0) + 0.01 * DV * (XV <= 0)),
]


@pytest.mark.parametrize(("code", "shapes", "args", "expected"), [c[2:] for c in MASKS], ids=[c[0] for c in MASKS])
def test_mask_value(code: str, shapes: dict[str, Any] | None, args: dict[str, Any], expected: Any) -> None:
    f = symdl.parse(code, shapes=shapes)
    assert "code-boolean-mask" in {n.rule for n in f.notes}
    got = symdl.lambdify(f)(**args)
    np.testing.assert_allclose(np.asarray(got, dtype=float), expected, rtol=1e-12)


def test_mask_note_names_the_comparison() -> None:
    f = symdl.parse("dW1 = X.T @ (dh * (h > 0))")
    (n,) = [n for n in f.notes if n.rule == "code-boolean-mask"]
    assert "(h > 0)" == "dW1 = X.T @ (dh * (h > 0))"[n.span.start : n.span.end]
    assert "\\mathbb{1}[h>0]" in n.message


# must not change: TeX's comparisons keep their readings
def test_tex_cases_condition_unchanged() -> None:
    f = symdl.parse(r"f(x) = \begin{cases} x & x > 0 \\ 0 & \text{otherwise} \end{cases}")
    assert "code-boolean-mask" not in {n.rule for n in f.notes}
    got = symdl.lambdify(f)(x=XV)
    np.testing.assert_allclose(np.asarray(got, dtype=float), np.where(XV > 0, XV, 0), rtol=1e-12)


KEPT_REFUSED = [
    ("tex-le", "a TeX inequality is a statement, not a formula", r"a \le b"),
    ("tex-paren-product", "a TeX product with a parenthesised comparison (not code)", r"y = x (x > 0)"),
    ("code-equality", "== is not read as a mask here", "d = dout * (y == k) + w_1"),
]


@pytest.mark.parametrize("source", [c[2] for c in KEPT_REFUSED], ids=[c[0] for c in KEPT_REFUSED])
def test_tex_comparison_not_a_mask(source: str) -> None:
    try:
        f = symdl.parse(source)
    except symdl.SymdlError:
        return
    assert "code-boolean-mask" not in {n.rule for n in f.notes}
