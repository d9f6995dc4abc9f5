"""Readings decided by position and use: a plain capital before a lower-case name is a matrix times a vector
(``capital-matrix``), a letter applied to a call of a function is a function (the GAN's ``D(G(z))``), a sum over a
set of values runs over the values (PyTorch's LPPool), a definition written after its use ("where") is used, a
parenthesised layer letter on a matrix labels it (Goodfellow's ``W^{(k)}``), and a bare gradient dotted with a change
is a stated product of numbers.  Each row: the formula as its source writes it, seeded inputs, plain numpy's value
and the reading notes.  Readings symdl does not make yet are refused with the span of the construct."""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_reads_as

RNG = np.random.default_rng(9)
X4, H3, B3 = RNG.normal(size=4), RNG.normal(size=3), RNG.normal(size=3)
W34, W33, W23 = RNG.normal(size=(3, 4)), RNG.normal(size=(3, 3)), RNG.normal(size=(2, 3))
POS = RNG.uniform(0.5, 2.0, size=5)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-z))


# (id, source, latex, inputs, numpy's value, notes by rule)
READS = [
    ("pytorch-rnncell", "PyTorch docs, torch.nn.RNNCell", r"h' = \tanh(W_{ih} x + b_{ih} + W_{hh} h + b_{hh})",
     {"W_{ih}": W34, "x": X4, "b_{ih}": B3, "W_{hh}": W33, "h": H3, "b_{hh}": -B3},
     np.tanh(W34 @ X4 + B3 + W33 @ H3 - B3),
     ["subscript-label", "capital-matrix", "subscript-label", "capital-matrix"]),
    ("pytorch-lstmcell-input-gate", "PyTorch docs, torch.nn.LSTMCell",
     r"i = \sigma(W_{ii} x + b_{ii} + W_{hi} h + b_{hi})",
     {"W_{ii}": W34, "x": X4, "b_{ii}": B3, "W_{hi}": W33, "h": H3, "b_{hi}": B3},
     _sigmoid(W34 @ X4 + 2 * B3 + W33 @ H3),
     ["capital-matrix", "subscript-label", "capital-matrix", "subscript-label"]),
    ("pytorch-grucell-reset-gate", "PyTorch docs, torch.nn.GRUCell",
     r"r = \sigma(W_{ir} x + b_{ir} + W_{hr} h + b_{hr})",
     {"W_{ir}": W34, "x": X4, "b_{ir}": B3, "W_{hr}": W33, "h": H3, "b_{hr}": B3},
     _sigmoid(W34 @ X4 + 2 * B3 + W33 @ H3),
     ["subscript-label", "capital-matrix", "subscript-label", "capital-matrix"]),
    ("cs231n-linear-score", "cs231n, linear classification", r"y = W x + b", {"W": W34, "x": X4, "b": B3},
     W34 @ X4 + B3, ["capital-matrix"]),
    ("cs231n-two-layer-net", "cs231n, neural networks part 1", r"s = W_2 \max(0, W_1 x)",
     {"W_2": W23, "W_1": W34, "x": X4}, W23 @ np.maximum(0, W34 @ X4), ["max-elementwise", "capital-matrix"]),
    ("elman-rnn-step", "Elman network, as in Karpathy's min-char-rnn", r"h_t = \tanh(W_{hh} h_{t-1} + W_{xh} x_t)",
     {"W_{hh}": W33, "h_{t-1}": H3, "W_{xh}": W34, "x_t": X4}, np.tanh(W33 @ H3 + W34 @ X4),
     ["capital-matrix", "capital-matrix"]),
    ("goodfellow-backprop-through-layer-k", "Goodfellow et al., algorithm 6.4",
     r"\boldsymbol{g} \leftarrow \boldsymbol{W}^{(k)\top}\boldsymbol{g}",
     {r"\boldsymbol{W}^{(k)}": W33, r"\boldsymbol{g}": H3}, W33.T @ H3, ["superscript-label"]),
    ("srivastava-dropout-test-weights", "Srivastava et al. 2014, section 10",
     r"W^{(l)}_{test} = pW^{(l)}", {"p": 0.5, "W^{(l)}": W33}, 0.5 * W33, []),
    ("goodfellow-gan-generator-loss", "Goodfellow et al. 2014, algorithm 1",
     r"\frac{1}{m} \sum_{i=1}^m \log\left(1 - D\left(G\left(\boldsymbol{z}^{(i)}\right)\right)\right)",
     {r"\boldsymbol{z}": X4, "m": 4}, np.mean(np.log(1 - _sigmoid(2 * X4))), []),
    ("pytorch-lppool", "PyTorch docs, torch.nn.LPPool1d", r"f(X) = \sqrt[p]{\sum_{x \in X} x^{p}}",
     {"X": POS, "p": 3.0}, np.sum(POS**3) ** (1 / 3), ["sum-over-set", "superscript-power"]),
    ("ba-layer-norm-where", "Ba et al. 2016, eqs. 3-4 (statistics defined after their use)",
     r"\bar{a}_i = \frac{a_i - \mu}{\sigma} g_i, \quad \mu = \frac{1}{H}\sum_{i=1}^H a_i, \quad "
     r"\sigma = \sqrt{\frac{1}{H}\sum_{i=1}^H (a_i - \mu)^2}",
     {"a": POS, "g": POS[::-1], "H": 5}, None, []),
    ("nielsen-gradient-dot-change-noted", "Nielsen ch. 1, eq. (9)", r"\Delta C \approx \nabla C \cdot \Delta v",
     {r"\nablaC": 0.3, r"\Delta v": -2.0}, -0.6, ["dot-of-gradient"]),
    ("declared-number-times-x", "the capital-matrix note's other reading", r"W \in \mathbb{R}, \; s = W x",
     {"W": 2.0, "x": 1.5}, 3.0, []),
    ("dot-between-numbers", "the capital-matrix note's other reading", r"s = W \cdot x", {"W": 2.0, "x": 1.5}, 3.0,
     ["dot-of-numbers"]),
]
FUNCTIONS = {"goodfellow-gan-generator-loss": {"D": _sigmoid, "G": lambda u: 2 * u}}


@pytest.mark.parametrize(("latex", "inputs", "want", "rules", "row_id"),
                         [(r[2], r[3], r[4], r[5], r[0]) for r in READS], ids=[r[0] for r in READS])
def test_reads_as_meant(latex: str, inputs: dict, want: object, rules: list[str], row_id: str) -> None:
    formula = symdl.parse(latex)
    if row_id in FUNCTIONS:  # unknown functions are given by the caller
        assert [n.rule for n in formula.notes] == rules
        got = symdl.lambdify(formula, functions=FUNCTIONS[row_id])(**inputs)
        np.testing.assert_allclose(got, want, rtol=1e-12)
        return
    if want is None:  # Ba et al.: every statement, checked against its own numpy value
        a, g = inputs["a"], inputs["g"]
        got = symdl.lambdify(formula)(**inputs)
        np.testing.assert_allclose(next(iter(got.values())), (a - a.mean()) / a.std() * g, rtol=1e-12)
        assert list(got)[1:] == [r"\mu", r"\sigma"]  # results in written order, though computed first
        assert [n.rule for n in formula.notes] == rules
        return
    assert_reads_as(formula, inputs, want, rules)


def test_capital_matrix_note_names_both_readings() -> None:
    note = symdl.parse(r"y = W x + b").notes[0]
    assert (note.span.start, note.span.end) == (4, 7)
    assert "matrix W times a vector x" in note.message
    assert r"W \in \mathbb{R}" in note.alternative and r"W \cdot x" in note.alternative


def test_updates_run_as_written() -> None:
    """Only definitions (=) are reordered: in an algorithm, v <- v + g uses the g given, not the one defined later."""
    got = symdl.lambdify(symdl.parse(r"v \leftarrow v + g \\ g = 2 b"))(v=1.0, g=5.0, b=2.0)
    assert float(got["v"]) == 6.0 and float(got["g"]) == 4.0


# (id, latex, the construct's span, words of the message)
REFUSED = [
    ("cs231n-matrix-times-example-i", r"f(x_i, W, b) = W x_i + b", (15, 20), "one vector of a family of vectors"),
    ("cs231n-matrix-times-example-i-in-a-sum", r"L = \frac{1}{N}\sum_i \|W x_i - y_i\|^2", (24, 29),
     "one vector of a family of vectors"),
    ("nielsen-convolution-window", r"\sigma\left(b + \sum_{l=0}^4 \sum_{m=0}^4 w_{l,m} a_{j+l, k+m} \right)", (50, 62),
     "adds or subtracts two indices"),
]


@pytest.mark.parametrize(("latex", "span", "words"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_not_read_yet_is_refused_where_written(latex: str, span: tuple[int, int], words: str) -> None:
    """Before: W x_i broadcast the family against W's entries, and a_{j+l,k+m} was one name not depending on l, m."""
    with pytest.raises(symdl.NotSupported, match=words) as info:
        symdl.parse(latex)
    assert (info.value.span.start, info.value.span.end) == span
