"""Silent misreadings of session 23's blind set, each fixed by a rule for its class (issue 12).

- ``\\exp`` of a Δ before a bold capital (``\\exp(\\Delta\\mathbf{A})``, S4 and Mamba's discretisation) is refused as the
  plain one was (it was an entry-wise exponential of one name, silently);
- ``\\Delta`` before a capital that the formula never writes alone is still the change of it, but noted
  (``delta-change-unwritten``: S4's ``\\Delta B`` means the step times B);
- ``*`` beside a bold weight or kernel and an input letter in a TeX formula is a convolution, refused (the gated CNN's
  ``\\mathbf{X} * \\mathbf{W}`` was an element-wise product);
- a run ``xV`` whose lower-case letter is written alone is the product x·V (Shazeer's SwiGLU without TeX: it was one
  name), and a ``*`` inside a bracket does not make the bracket's product with the next matrix element-wise;
- a sum over a set subscripted by the centre i whose summed family is also written at i (a group normalisation's
  ``\\mu_i = \\frac{1}{m}\\sum_{k \\in \\mathcal{S}_i} x_k`` beside ``x_i``) runs over every k times the 0/1 membership,
  as GAT's neighbourhood does (it was a sum over every entry of x, the same for every i).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import symdl
from symdl.errors import NotSupported

RNG = np.random.default_rng(24)
X4, W43, V43, W32 = RNG.normal(size=(1, 4)), RNG.normal(size=(4, 3)), RNG.normal(size=(4, 3)), RNG.normal(size=(3, 2))
ADJ = (RNG.random(size=(5, 5)) < 0.5).astype(float)
XS = RNG.normal(size=5)
B33, V3 = RNG.normal(size=(3, 3)), RNG.normal(size=(3, 1))


def _silu(z: np.ndarray) -> np.ndarray:
    return z / (1 + np.exp(-z))


# (id, source, latex, arguments, the value plain numpy gives for the source's meaning, the notes expected)
VALUES: list[tuple[str, str, str, dict[str, Any], Any, set[str]]] = [
    ("swiglu-plain-text", "Shazeer 2020, GLU Variants, FFN_SwiGLU pasted as plain text",
     "SwiGLU(x) = (xW1 * SiLU(xV)) W2", {"x": X4, "W1": W43, "V": V43, "W2": W32},
     ((X4 @ W43) * _silu(X4 @ V43)) @ W32, {"letters-product", "star-elementwise"}),
    ("swiglu-tex", "Shazeer 2020 in TeX, \\odot and subscripts", r"y = (xW_1 \odot \mathrm{SiLU}(xV)) W_2",
     {"x": X4, "W_1": W43, "V": V43, "W_2": W32}, ((X4 @ W43) * _silu(X4 @ V43)) @ W32, set()),
    ("star-in-bracket-then-matrix", "the same shape with * in TeX", r"y = (xW_1 * \sigma(xV)) W_2",
     {"x": X4, "W_1": W43, "V": V43, "W_2": W32}, ((X4 @ W43) * (1 / (1 + np.exp(-(X4 @ V43))))) @ W32,
     {"star-elementwise"}),
    ("neighbour-mean-at-centre", "a neighbourhood mean subtracted from the node's own value (Laplacian smoothing)",
     r"y_i = x_i - \frac{1}{d}\sum_{j \in N_i} x_j", {"N": ADJ, "x": XS, "d": 3.0}, XS - ADJ @ XS / 3.0,
     {"sum-over-neighbours"}),
    ("class-mean-stays", "Bishop PRML 4.1.4: the mean of class k's points holds its own values",
     r"\mu_k = \frac{1}{N_k}\sum_{n \in \mathcal{C}_k} x_n", {"x": XS, "N_k": 5}, XS.mean(), {"sum-over-set"}),
    ("group-norm-mean", "Wu & He 2018, Group Normalization eq. 2: the mean over the set S_i",
     r"\hat{x}_i = \frac{1}{\sigma_i}(x_i - \mu_i), \quad \mu_i = \frac{1}{m}\sum_{k \in \mathcal{S}_i} x_k",
     {"\\mathcal{S}": ADJ, "x": XS, "\\sigma": XS**2 + 1, "m": 2.0},
     (XS - ADJ @ XS / 2.0) / (XS**2 + 1), {"sum-over-neighbours"}),
    ("minibatch-mean-stays", "d2l 12.5: the minibatch of step t holds its own values",
     r"g_t = \frac{1}{|\mathcal{B}_t|}\sum_{i \in \mathcal{B}_t} x_i", {"x": XS}, XS.mean(), {"sum-over-set"}),
    ("minibatch-size-stays", "a minibatch B_k and its size |B_k|: no other use of k",
     r"L = \frac{1}{|B_k|}\sum_{i \in B_k} l_i", {"l": XS}, XS.mean(), {"sum-over-set"}),
    ("delta-change-unwritten", "S4 (Gu et al. 2022): the step times B, read as one name and noted",
     r"\mathbf{y} = \Delta \mathbf{B} \mathbf{x}", {"\\Delta \\mathbf{B}": B33, "\\mathbf{x}": V3}, B33 @ V3,
     {"delta-change-unwritten"}),
    ("mask-star-stays", "magnitude pruning's masked weights W * M (element-wise)",
     r"\tilde{\mathbf{W}} = \mathbf{W} * \mathbf{M}", {"\\mathbf{W}": B33, "\\mathbf{M}": B33 > 0}, B33 * (B33 > 0),
     {"star-elementwise"}),
]


@pytest.mark.parametrize(("latex", "args", "expected", "rules"), [c[2:] for c in VALUES], ids=[c[0] for c in VALUES])
def test_value(latex: str, args: dict[str, Any], expected: Any, rules: set[str]) -> None:
    f = symdl.parse(latex)
    assert rules <= {n.rule for n in f.notes}
    got = symdl.lambdify(f)(**args)
    got = got[next(iter(got))] if isinstance(got, dict) else got  # the first statement
    np.testing.assert_allclose(np.asarray(got, dtype=float).reshape(np.shape(expected)), expected, rtol=1e-12)


NO_NOTE = [
    ("lora-defines-change", "Hu et al. 2021, LoRA: ΔW = BA defines the change", r"\Delta W = B A"),
    ("lora-beside-w0", "LoRA: h = W_0 x + ΔW x, W written with its subscript", r"h = W_0 x + \Delta W x"),
    ("update-writes-w", "an update W ← W + ΔW", r"W \leftarrow W + \Delta W"),
    ("nielsen-lower-case", "Nielsen ch. 1: ΔC ≈ ∇C · Δv", r"\Delta C = \nabla C \cdot \Delta v"),
]


@pytest.mark.parametrize("latex", [c[2] for c in NO_NOTE], ids=[c[0] for c in NO_NOTE])
def test_delta_change_not_noted(latex: str) -> None:
    assert "delta-change-unwritten" not in {n.rule for n in symdl.parse(latex).notes}


REFUSED = [
    ("mamba-bold-exp", "Gu & Dao 2023, Mamba: the zero-order hold in bold",
     r"\overline{\mathbf{A}} = \exp(\Delta\mathbf{A})", r"\Delta\mathbf{A}", "matrix exponential"),
    ("mamba-bold-exp-step", "Mamba with the step defined", r"\Delta = \mathrm{softplus}(s), \quad "
     r"\bar{\mathbf{A}} = \exp(\Delta \mathbf{A})", r"\mathbf{A}", "matrix exponential"),
    ("gated-cnn", "Dauphin et al. 2017, gated convolutional networks eq. 1",
     r"h_l(\mathbf{X}) = (\mathbf{X} * \mathbf{W} + \mathbf{b}) \otimes \sigma(\mathbf{X} * \mathbf{V} + \mathbf{c})",
     r"\mathbf{X} * \mathbf{W}", "convolution"),
    ("wavenet-bold", "van den Oord et al. 2016, WaveNet's gated activation in bold",
     r"\mathbf{z} = \tanh(\mathbf{W}_{f,k} * \mathbf{x}) \odot \sigma(\mathbf{W}_{g,k} * \mathbf{x})",
     r"\mathbf{W}_{f,k} * \mathbf{x}", "convolution"),
    ("wavenet-plain", "WaveNet as the paper typesets it", r"\mathbf{z} = \tanh(W_{f,k} * \mathbf{x}) \odot "
     r"\sigma(W_{g,k} * \mathbf{x})", r"W_{f,k} * \mathbf{x}", "convolution"),
]


@pytest.mark.parametrize(("latex", "span_text", "words"), [c[2:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_refused(latex: str, span_text: str, words: str) -> None:
    with pytest.raises(NotSupported) as err:
        symdl.parse(latex)
    assert words in str(err.value)
    assert latex[err.value.span.start : err.value.span.end] == span_text
