"""Readings fixed from a held-out sweep (session 11: 220 formulas from Nielsen, Goodfellow et al., d2l, cs231n,
Bishop, the PyTorch docs and papers, judged by hand): each row was read wrongly with no note.  The operands of
``\\odot`` make the argument of an entry-wise function a vector (the LSTM's ``o_t \\odot \\tanh(c_t)`` scaled o_t by
a number); a term that is a number only because nothing makes its names vectors, added to a vector, is noted
(DDIM's ``\\sigma_t \\epsilon_t``).  Each row: the formula as its source writes it, seeded inputs, plain numpy's
value and the reading notes."""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_reads_as

RNG = np.random.default_rng(11)
A4, B4, C4 = RNG.normal(size=4), RNG.normal(size=4), RNG.normal(size=4)
W34 = RNG.normal(size=(3, 4))
W23 = RNG.normal(size=(2, 3))
A33 = RNG.normal(size=(3, 3))
H5, H5B = RNG.normal(size=5), RNG.normal(size=5)
S1, S2 = 0.7, -1.3


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-z))


# (id, source, latex, inputs, numpy's value, notes by rule)
ENTRYWISE = [
    ("lstm-hidden-state", "the PyTorch docs, nn.LSTM", r"h_t = o_t \odot \tanh(c_t)", {"o_t": A4, "c_t": B4},
     A4 * np.tanh(B4), []),
    ("gate-of-a-product", "a gate on σ(W x)", r"h = o \odot \sigma(W x)", {"o": C4[:3], "W": W34, "x": A4},
     C4[:3] * _sigmoid(W34 @ A4), []),
    ("lstm-cell", "d2l's LSTM cell, one plain input", r"\mathbf{c} = \mathbf{f} \odot \mathbf{c}_{0} + \mathbf{i} "
     r"\odot \tanh(\mathbf{W}_c x)", {r"\mathbf{f}": C4[:3], r"\mathbf{c}_{0}": B4[:3], r"\mathbf{i}": A4[:3],
                                      r"\mathbf{W}_c": W34, "x": A4},
     C4[:3] * B4[:3] + A4[:3] * np.tanh(W34 @ A4), []),
    ("nielsen-bp1", "Nielsen, ch. 2, eq. BP1: the gradient by a under \\odot is a vector (it was a number)",
     r"\delta^L = \nabla_a C \odot \sigma'(z^L)", {r"\nabla_aC": A4, "z^L": B4},
     A4 * _sigmoid(B4) * (1 - _sigmoid(B4)), ["superscript-layer", "superscript-layer"]),
    ("nielsen-bp1-fraction-greek-name", "the same with a fraction: the Greek name equal to it is a vector too",
     r"\delta = \frac{\partial C}{\partial a} \odot \sigma'(z)", {r"\frac{\partialC}{\partiala}": A4, "z": B4},
     A4 * _sigmoid(B4) * (1 - _sigmoid(B4)), []),
    ("pytorch-gru-new-gate", "the PyTorch docs, nn.GRU: * is the Hadamard product, so r_t is a vector (it was a "
     "number scaling the vector)", r"n = \tanh(W_{in} x + b_{in} + r * (W_{hn} h + b_{hn}))",
     {"W_{in}": W34, "x": A4, "b_{in}": C4[:3], "r": B4[:3], "W_{hn}": W34, "h": B4, "b_{hn}": A4[:3]},
     np.tanh(W34 @ A4 + C4[:3] + B4[:3] * (W34 @ B4 + A4[:3])),
     ["subscript-label", "capital-matrix", "subscript-label", "star-elementwise", "capital-matrix"]),
    ("greek-name-updated-by-a-vector", "θ ← θ − η g with a bold g: θ is a vector", r"\theta \leftarrow \theta - "
     r"\eta \mathbf{g}", {r"\theta": A4, r"\eta": 0.1, r"\mathbf{g}": B4}, A4 - 0.1 * B4, []),
]

BROADCASTS = [
    ("ddim-noise-term", "DDIM (Song et al.), eq. 12, the fresh noise written plain: a vector (session 36, noise-vector)",
     r"\boldsymbol{x}_{t-1} = \sqrt{\alpha_{t-1}} \boldsymbol{x}_t + \sigma_t \epsilon_t",
     {r"\boldsymbol{x}_t": A4, r"\alpha_{t-1}": 0.5, r"\sigma_t": S1, r"\epsilon_t": B4},
     np.sqrt(0.5) * A4 + S1 * B4, ["noise-vector"]),
    ("statistics-are-numbers", "the PyTorch docs, nn.LayerNorm: E[x] is a number by what it is",
     r"\mathbf{y} = \mathbf{x} - \mathrm{E}[\mathbf{x}]", {r"\mathbf{x}": A4}, A4 - A4.mean(), ["expectation-mean"]),
    ("dot-product-is-a-number", "wᵀx beside a vector", r"\mathbf{y} = \mathbf{x} + \mathbf{w}^T\mathbf{x}",
     {r"\mathbf{x}": A4, r"\mathbf{w}": B4}, A4 + B4 @ A4, []),
]


FAMILIES_AND_POWERS = [
    ("weights-of-two-layers", "Goodfellow et al., eq. 7.x: each sum runs over its own matrix's entries (W^{(2)} was "
     "summed over W^{(1)}'s bounds)", r"J = J_{\mathrm{MLE}} + \lambda \left( \sum_{i,j} \left(W_{i,j}^{(1)}\right)^2 + "
     r"\sum_{i,j} \left(W_{i,j}^{(2)}\right)^2 \right)",
     {r"J_{\mathrm{MLE}}": 1.5, r"\lambda": 0.25, "W^{(1)}": W34, "W^{(2)}": W23},
     1.5 + 0.25 * ((W34**2).sum() + (W23**2).sum()), ["sum-several-indices", "sum-several-indices"]),
    ("step-offset-in-a-label", "d2l's minibatch gradient h_{i,t-1}: the family at step t-1 (the -1 was dropped)",
     r"y = \sum_{i} h_{i, t-1} + 2\sum_{i} h_{i, t}", {"h_{t-1}": H5, "h_t": H5B}, H5.sum() + 2 * H5B.sum(), []),
    ("exp-of-a-matrix-entrywise", "attention's exp(QKᵀ), entry by entry (noted: not the matrix exponential)",
     r"A = \exp(Q K^T)", {"Q": W34, "K": W34[:2]},
     np.exp(W34 @ W34[:2].T), ["matrix-entrywise"]),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [r[2:] for r in FAMILIES_AND_POWERS],
                         ids=[r[0] for r in FAMILIES_AND_POWERS])
def test_families_and_matrix_functions(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


def test_symbolic_power_of_a_matrix_is_noted() -> None:
    """d2l's BPTT (W_{hh}^T)^{T-i}: a power of a matrix with a letter exponent was element-wise with no note."""
    latex = (r"\frac{\partial L}{\partial \mathbf{h}_t}= \sum_{i=t}^T {\left(\mathbf{W}_\textrm{hh}^\top\right)}^{T-i} "
             r"\mathbf{W}_\textrm{qh}^\top \mathbf{g}")
    assert "elementwise-power" in [n.rule for n in symdl.parse(latex).notes]
    square = symdl.parse(r"A \in \mathbb{R}^{n \times n} \\ B = \sum_{i=1}^{3} A^{i}")
    assert "matrix-power" in [n.rule for n in square.notes]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [r[2:] for r in ENTRYWISE], ids=[r[0] for r in ENTRYWISE])
def test_odot_operands_through_entrywise_functions(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [r[2:] for r in BROADCASTS], ids=[r[0] for r in BROADCASTS])
def test_numbers_added_to_vectors(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


def test_broadcast_note_spans_the_sum_it_names() -> None:
    """ResNet's x_L = x_l + Σ F(x_i, W_i): F's value is read as a number (noted from the \\sum on)."""
    latex = r"\mathbf{x}_L = \mathbf{x}_l + \sum_{i=l}^{L-1} \mathcal{F}(\mathbf{x}_i, \mathcal{W}_i)"
    [n] = [n for n in symdl.parse(latex).notes if n.rule == "scalar-broadcast"]
    assert latex[n.span.start : n.span.end].startswith(r"\sum_{i=l}^{L-1} \mathcal{F}")
    assert "\\mathbf{h} = F(\\mathbf{x})" in n.alternative
