"""A normalisation's learned scale and shift are per-feature vectors (issue 12 reading, issue 14 naming).

Rule ``affine-per-feature``: a Greek name or a word multiplying a standardised vector (a vector divided by the root
of a statistic: an expectation or variance, a mean/var call, a sum; or by a std/rms call), and one added to that
product or to an element-wise product by a Greek vector (DyT's β), is a vector, one entry per feature, multiplied
and added entry by entry.  Before, γ and β were numbers, silently (the PyTorch docs: "γ and β are learnable affine
transform parameter vectors of size C").  The norm recognisers read the element-wise scale and shift at one
feature (symdl.chunk.norm_affine), so the concepts named stay those named before.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import sympy

import symdl
from symdl.chunk import explain

RNG = np.random.default_rng(24)
N = 6
X = RNG.normal(size=N) * 2 + 1
G = RNG.normal(size=N) + 1  # γ, one per feature
B = RNG.normal(size=N)  # β
EPS = 1e-5


def _col(v: np.ndarray) -> np.ndarray:
    return v.reshape(-1, 1)


def _layer(x: np.ndarray) -> np.ndarray:
    return (x - x.mean()) / np.sqrt(x.var() + EPS)


def _rms(x: np.ndarray) -> np.ndarray:
    return x / np.sqrt(np.mean(x**2) + EPS)


LN_DOCS = r"y = \frac{x - \mathrm{E}[x]}{\sqrt{\mathrm{Var}[x] + \epsilon}} * \gamma + \beta"
IOFFE_INFERENCE = (r"y = \frac{\gamma}{\sqrt{\mathrm{Var}[x] + \epsilon}} \cdot x + "
                   r"\left(\beta - \frac{\gamma\, \mathrm{E}[x]}{\sqrt{\mathrm{Var}[x] + \epsilon}}\right)")
D2L_BN = (r"\mathrm{BN}(\mathbf{x}) = \boldsymbol{\gamma} \odot \frac{\mathbf{x} - \hat{\boldsymbol{\mu}}_\mathcal{B}}"
          r"{\hat{\boldsymbol{\sigma}}_\mathcal{B}} + \boldsymbol{\beta}")
MU, SIG = RNG.normal(size=N), RNG.uniform(0.5, 2, size=N)
ARGS = {"x": _col(X), r"\epsilon": EPS, "eps": EPS, r"\gamma": _col(G), "gamma": _col(G), "weight": _col(G),
        r"\beta": _col(B), "beta": _col(B), r"\alpha": 0.7, r"\mathbf{x}": _col(X),
        r"\boldsymbol{\gamma}": _col(G), r"\boldsymbol{\beta}": _col(B),
        r"\hat{\boldsymbol{\mu}}_\mathcal{B}": _col(MU), r"\hat{\boldsymbol{\sigma}}_\mathcal{B}": _col(SIG)}

# (id, source, latex, numpy's value with γ, β per feature, the names the rule makes vectors)
VALUES: list[tuple[str, str, str, Any, list[str]]] = [
    ("layernorm-pytorch-docs", "PyTorch docs, torch.nn.LayerNorm / BatchNorm1d", LN_DOCS, _layer(X) * G + B,
     [r"\gamma", r"\beta"]),
    ("rmsnorm-code-paren", "RMSNorm as blogs write it in code (Zhang & Sennrich 2019)",
     "y = (x / sqrt(mean(x^2) + eps)) gamma", _rms(X) * G, ["gamma"]),
    ("rmsnorm-code", "RMSNorm as blogs write it in code", "RMSNorm(x) = x / sqrt(mean(x^2) + eps) * gamma",
     _rms(X) * G, ["gamma"]),
    ("dyt", "Zhu et al. 2025 (Transformers without Normalization), DyT",
     r"\mathrm{DyT}(x) = \gamma \odot \tanh(\alpha x) + \beta", G * np.tanh(0.7 * X) + B, [r"\beta"]),
    ("layernorm-gamma-first", "Ba et al. 2016's gain before the standardised vector, written with E and Var",
     r"y = \gamma \frac{x - \mathrm{E}[x]}{\sqrt{\mathrm{Var}[x] + \epsilon}} + \beta", _layer(X) * G + B,
     [r"\gamma", r"\beta"]),
    ("layernorm-cdot", "the PyTorch docs' LayerNorm with \\cdot for the scale (as slides write it)",
     r"y = \gamma \cdot \frac{x - \mathrm{E}[x]}{\sqrt{\mathrm{Var}[x] + \epsilon}} + \beta", _layer(X) * G + B,
     [r"\gamma", r"\beta"]),
    ("bn-ioffe-inference", "Ioffe & Szegedy 2015, Algorithm 2 line 11 (E and Var of the batch here)",
     IOFFE_INFERENCE, G / np.sqrt(X.var() + EPS) * X + (B - G * X.mean() / np.sqrt(X.var() + EPS)),
     [r"\gamma", r"\beta"]),
    ("layernorm-numpy", "a layer norm in numpy (cs231n assignment 2 style)",
     "y = (x - x.mean()) / np.sqrt(x.var() + eps) * gamma + beta", _layer(X) * G + B, ["gamma", "beta"]),
    ("rmsnorm-torch-weight", "RMSNorm in PyTorch code: the gain is the module's weight",
     "y = x / torch.sqrt(torch.mean(x ** 2) + eps) * weight", _rms(X) * G, ["weight"]),
    ("d2l-bn-bold", "d2l 8.5 (batch normalisation), bold: already vectors, no note", D2L_BN,
     G * (X - MU) / SIG + B, []),
]  # fmt: skip


def _noted(f: symdl.Formula, latex: str) -> list[str]:
    return [latex[n.span.start : n.span.end] for n in f.notes if n.rule == "affine-per-feature"]


@pytest.mark.parametrize(("latex", "want", "noted"), [c[2:] for c in VALUES], ids=[c[0] for c in VALUES])
def test_per_feature_values(latex: str, want: Any, noted: list[str]) -> None:
    f = symdl.parse(latex)
    assert sorted(_noted(f, latex)) == sorted(noted)
    fn = symdl.lambdify(f)
    got = fn(**{k: v for k, v in ARGS.items() if k in fn.parameters})
    np.testing.assert_allclose(np.asarray(got, dtype=float).ravel(), want, rtol=1e-10)


# (id, source, latex, the names that stay numbers)
NUMBERS = [
    ("affine-no-statistic", "a linear unit y = γx + β: nothing standardises x", r"y = \gamma x + \beta",
     [r"\gamma", r"\beta"]),
    ("ioffe-scalar", "Ioffe & Szegedy 2015, Algorithm 1: per activation, μ and σ names (numbers)",
     r"y = \frac{x - \mu}{\sqrt{\sigma^2 + \epsilon}} \gamma + \beta", [r"\gamma", r"\beta"]),
    ("adam-step", "Kingma & Ba 2015, Algorithm 1: α times m̂ over √v̂ + ε (a root of a name, no statistic)",
     r"\boldsymbol{\theta}_t = \boldsymbol{\theta}_{t-1} - \alpha \hat{\mathbf{m}}_t / "
     r"(\sqrt{\hat{\mathbf{v}}_t} + \epsilon)", [r"\alpha"]),
    ("adagrad-step", "Duchi et al. 2011 (Adagrad): η over the root of a sum of past gradients",
     r"\theta_{t+1} = \theta_t - \frac{\eta}{\sqrt{\sum_{\tau=1}^{t} g_\tau^2 + \epsilon}} g_t", [r"\eta"]),
    ("rms-scaled-step", "a gradient step divided by the gradient's RMS (normalised gradient descent): subtracted, "
     "a step, not a normalisation's scale",
     r"\boldsymbol{\theta}_{t+1} = \boldsymbol{\theta}_t - \frac{\eta}{\sqrt{\mathrm{mean}(\mathbf{g}_t^2) + "
     r"\epsilon}} \mathbf{g}_t", [r"\eta"]),
    ("rmsprop-step", "Hinton's RMSprop (Ruder's overview): η over √(E[g²]_t + ε), a subtracted step",
     r"\boldsymbol{\theta}_{t+1} = \boldsymbol{\theta}_t - \frac{\eta}{\sqrt{E[g^2]_t + \epsilon}} \mathbf{g}_t",
     [r"\eta"]),
    ("softmax-temperature", "Hinton et al. 2015 (distillation): a temperature divides the logits",
     r"p = \mathrm{softmax}(\mathbf{z} / T)", ["T"]),
    ("attention-scale", "Vaswani et al. 2017: √d_k is a root of a name, no statistic",
     r"\mathrm{Attention}(Q, K, V) = \mathrm{softmax}\left(\frac{QK^T}{\sqrt{d_k}}\right)V", ["d_k"]),
]  # fmt: skip


@pytest.mark.parametrize(("latex", "numbers"), [c[2:] for c in NUMBERS], ids=[c[0] for c in NUMBERS])
def test_numbers_stay_numbers(latex: str, numbers: list[str]) -> None:
    f = symdl.parse(latex)
    assert all(isinstance(f.symbols[name], sympy.Symbol) for name in numbers), f.symbols
    assert _noted(f, latex) == []


# (id, source, latex, concepts that must be named, concepts that must not)
CONCEPTS = [
    ("standardise-pytorch-vector", "PyTorch docs' LayerNorm/BatchNorm: the formula does not say which", LN_DOCS,
     {"normalization"}, {"batch_norm", "layer_norm", "rms_normalization"}),
    ("rmsnorm-pytorch", "PyTorch docs' RMSNorm with E", r"y = \frac{x}{\sqrt{\mathrm{E}[x^2] + \epsilon}} * \gamma",
     {"rms_norm"}, {"layer_norm", "batch_norm"}),
    ("rmsnorm-code", "RMSNorm in code", "RMSNorm(x) = x / sqrt(mean(x^2) + eps) * gamma", {"rms_norm"},
     {"layer_norm", "batch_norm"}),
    ("rmsnorm-code-paren", "RMSNorm in code, parenthesised", "y = (x / sqrt(mean(x^2) + eps)) gamma",
     {"rms_norm"}, {"layer_norm", "batch_norm"}),
    ("rmsnorm-torch-weight", "RMSNorm in PyTorch code", "y = x / torch.sqrt(torch.mean(x ** 2) + eps) * weight",
     {"rms_norm"}, {"layer_norm", "batch_norm"}),
    ("layernorm-gamma-first", "Ba et al.'s gain first, with E and Var",
     r"y = \gamma \frac{x - \mathrm{E}[x]}{\sqrt{\mathrm{Var}[x] + \epsilon}} + \beta", {"normalization"},
     {"batch_norm", "layer_norm", "rms_norm"}),
    ("bn-ioffe-inference", "Ioffe & Szegedy 2015, Algorithm 2", IOFFE_INFERENCE, {"batch_norm"},
     {"layer_norm", "rms_norm"}),
    ("d2l-bn-bold", "d2l 8.5", D2L_BN, {"batch_norm"}, {"layer_norm", "rms_norm"}),
    ("dyt-no-norm", "DyT replaces the normalisation: no statistic, no norm named",
     r"\mathrm{DyT}(x) = \gamma \odot \tanh(\alpha x) + \beta", {"tanh"},
     {"normalization", "layer_norm", "batch_norm", "rms_norm"}),
]  # fmt: skip


@pytest.mark.parametrize(("latex", "must", "must_not"), [c[2:] for c in CONCEPTS], ids=[c[0] for c in CONCEPTS])
def test_norm_concepts_kept(latex: str, must: set[str], must_not: set[str]) -> None:
    got = explain(symdl.parse(latex)).concepts
    assert must <= got, f"missing {must - got}; got {sorted(got)}"
    assert not (must_not & got), f"false label {must_not & got}; got {sorted(got)}"


def test_roles_name_the_vectors() -> None:
    """The per-feature view's roles are the formula's vectors again (the scale is γ, not a number γ)."""
    f = symdl.parse(LN_DOCS)
    (chunk,) = explain(f).statements
    roles = dict(chunk.roles)
    assert roles["scale"] == f.symbols[r"\gamma"] and roles["shift"] == f.symbols[r"\beta"]
