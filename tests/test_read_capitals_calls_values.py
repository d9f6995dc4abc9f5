"""Readings decided by position and use: a plain capital before a lower-case name is a matrix times a vector
(``capital-matrix``), a letter applied to a call of a function is a function (the GAN's ``D(G(z))``), a sum over a
set of values runs over the values (PyTorch's LPPool), a definition written after its use ("where") is used, a
parenthesised layer letter on a matrix labels it (Goodfellow's ``W^{(k)}``), and a bare gradient dotted with a change
is a stated product of numbers.  Each row: the formula as its source writes it, seeded inputs, plain numpy's value
and the reading notes.  Readings symdl does not make yet are refused with the span of the construct."""

from __future__ import annotations

import math

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
    ("olah-lstm-output-gate", "Olah, Understanding LSTM Networks", r"o_t = \sigma\left(W_o \ [h_{t-1}, x_t] \ + \ b_o\right)",
     {"W_o": W34[:, :4], "h_{t-1}": X4[:2], "x_t": X4[2:], "b_o": B3}, _sigmoid(W34 @ X4 + B3), ["bracket-concat"]),
    ("olah-lstm-candidate", "Olah, Understanding LSTM Networks", r"\tilde{C}_t = \tanh(W_C\cdot[h_{t-1}, x_t] \ + \ b_C)",
     {"W_C": W34, "h_{t-1}": X4[:1], "x_t": X4[1:], "b_C": B3}, np.tanh(W34 @ X4 + B3), ["bracket-concat"]),
    ("numbers-in-brackets-stay-a-vector", "the bracket-concat note's other reading", r"y = A [1, 2]",
     {"A": W23.T}, W23.T @ np.array([1.0, 2.0]), []),
    ("goodfellow-backprop-through-layer-k", "Goodfellow et al., algorithm 6.4",
     r"\boldsymbol{g} \leftarrow \boldsymbol{W}^{(k)\top}\boldsymbol{g}",
     {r"\boldsymbol{W}^{(k)}": W33, r"\boldsymbol{g}": H3}, W33.T @ H3, ["update-square", "superscript-label"]),
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
     {r"\nablaC": np.array([0.3, 1.0]), r"\Delta v": np.array([-2.0, 0.5])}, -0.1, ["approx-as-equals", "bare-gradient"]),
    ("declared-number-times-x", "the capital-matrix note's other reading", r"W \in \mathbb{R}, \; s = W x",
     {"W": 2.0, "x": 1.5}, 3.0, []),
    ("dot-between-numbers", "a capital that names no weight, with \\cdot: numbers (a weight's W \\cdot x is W x since "
     "session 28, capital-dot-matrix)", r"s = A \cdot x", {"A": 2.0, "x": 1.5}, 3.0, ["dot-of-numbers"]),
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
    # cs231n's f(x_i, W, b) = W x_i + b reads since session 39 (family-member-each: tests/test_read_s43.py)
    ("cs231n-matrix-times-example-i-in-a-sum", r"L = \frac{1}{N}\sum_i \|W x_i - y_i\|^2", (24, 29),
     "one vector of a family of vectors"),
]


@pytest.mark.parametrize(("latex", "span", "words"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_not_read_yet_is_refused_where_written(latex: str, span: tuple[int, int], words: str) -> None:
    """Before: W x_i broadcast the family against W's entries, and a_{j+l,k+m} was one name not depending on l, m."""
    with pytest.raises(symdl.NotSupported, match=words) as info:
        symdl.parse(latex)
    assert (info.value.span.start, info.value.span.end) == span


def _phi(x: np.ndarray) -> np.ndarray:
    return 0.5 * (1 + np.vectorize(math.erf)(x / math.sqrt(2)))


# (id, source, latex, inputs, numpy's value, notes by rule): conventional functions and older spellings
NOTATIONS = [
    ("hendrycks-gelu", "Hendrycks & Gimpel 2016; PyTorch docs, torch.nn.GELU", r"\text{GELU}(x) = x * \Phi(x)",
     {"x": X4}, X4 * _phi(X4), ["call-capital-greek", "phi-normal-cdf"]),
    ("gelu-of-a-vector", "GELU entry by entry", r"\mathbf{y} = \mathbf{x} \odot \Phi(\mathbf{x})",
     {r"\mathbf{x}": X4}, X4 * _phi(X4), ["call-capital-greek", "phi-normal-cdf"]),
    ("own-phi-definition-is-kept", "a formula that defines Phi itself",
     r"\Phi(x) = \frac{1}{2}(1 + \text{erf}(x/\sqrt{2}))", {"x": X4}, _phi(X4), []),
    ("pytorch-hardswish", "PyTorch docs, torch.nn.Hardswish", r"\text{Hardswish}(x) = x \frac{\text{ReLU6}(x + 3)}{6}",
     {"x": 3 * X4}, 3 * X4 * np.clip(3 * X4 + 3, 0, 6) / 6, []),
    ("cs231n-l1-distance-with-mid", "cs231n, neural networks part 2 (L1 loss)", r"L_i = \sum_j \mid f_j - y_j \mid",
     {"f": X4, "y": X4[::-1]}, np.abs(X4 - X4[::-1]).sum(), ["mid-abs"]),
    ("cs231n-elastic-net", "cs231n, neural networks part 2 (regularization)", r"\lambda_1 \mid w \mid + \lambda_2 w^2",
     {r"\lambda_1": 0.1, r"\lambda_2": 0.01, "w": X4}, 0.1 * np.abs(X4) + 0.01 * X4**2, ["mid-abs"]),
    ("cs231n-relative-error", "cs231n, neural networks part 3 (gradient checks)",
     r"\frac{\mid f'_a - f'_n \mid}{\max(\mid f'_a \mid, \mid f'_n \mid)}", {"f'_a": 0.30, "f'_n": 0.25},
     0.05 / 0.30, ["mid-abs", "mid-abs", "mid-abs"]),
    ("goodfellow-softplus-inverse-for-all", "Goodfellow et al., eq. 3.38",
     r"\forall x > 0, \zeta^{-1}(x) = \log(\exp(x) - 1)", {"x": POS}, np.log(np.expm1(POS)),
     ["condition-clause", "inverse-function"]),
    ("softplus-inverse-assigned", "Goodfellow et al., sec. 3.10", r"y = \zeta^{-1}(x)", {"x": POS},
     np.log(np.expm1(POS)), ["inverse-function"]),
    ("condition-before-a-statement", "a domain written first", r"\text{for } x > 0, \; y = \log x", {"x": POS},
     np.log(POS), ["condition-clause"]),
    ("nielsen-l1-regularised-gradient", "Nielsen ch. 3, eq. (97)",
     r"\frac{\partial C}{\partial w} = \frac{\partial C_0}{\partial w} + \frac{\lambda}{n} \, {\rm sgn}(w)",
     {r"\frac{\partial C_0}{\partial w}": X4, r"\lambda": 0.1, "n": 10, "w": X4[::-1]},
     X4 + 0.01 * np.sign(X4[::-1]), []),
    ("frobenius-by-a-double-index", "the Frobenius norm as a double sum (Goodfellow et al., eq. 2.33)",
     r"\|A\|_F = \sqrt{\sum_{i,j} A_{i,j}^2}", {"A": W34}, np.linalg.norm(W34), ["sum-several-indices"]),
    ("double-sum-of-a-product", "a double index over two vectors", r"\sum_{i,j} x_i y_j", {"x": X4, "y": H3},
     X4.sum() * H3.sum(), ["sum-several-indices"]),
    ("not-equal-typed-with-not", "PyTorch docs, torch.nn.CrossEntropyLoss (ignore_index)",
     r"w = \mathbb{1}\{y \not= c\}", {"y": np.array([1.0, 2.0, 3.0]), "c": 2.0}, [1.0, 0.0, 1.0], []),
    ("pytorch-gaussian-nll-const", "PyTorch docs, torch.nn.GaussianNLLLoss",
     r"\text{loss} = \frac{1}{2}\left(\log\left(\text{max}\left(\text{var}, \ \text{eps}\right)\right) + "
     r"\frac{\left(\text{input} - \text{target}\right)^2} {\text{max}\left(\text{var}, \ \text{eps}\right)}\right)"
     r" + \text{const.}", {r"\text{var}": POS, r"\text{eps}": 1e-6, r"\text{input}": X4[0], r"\text{target}": 0.5,
                           r"\text{const.}": 0.5 * np.log(2 * np.pi)},
     0.5 * (np.log(POS) + (X4[0] - 0.5) ** 2 / POS) + 0.5 * np.log(2 * np.pi), []),
    ("old-bold-switch", "older papers' {\\bf x}", r"\sigma({\bf w}^T {\bf x} + b)",
     {r"{\bf w}": X4, r"{\bf x}": X4[::-1], "b": 0.2}, 1 / (1 + np.exp(-(X4 @ X4[::-1] + 0.2))), []),
    ("old-roman-switch", "older papers' {\\rm softmax}", r"{\rm softmax}({\bf z})", {r"{\bf z}": X4},
     np.exp(X4) / np.exp(X4).sum(), []),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [r[2:] for r in NOTATIONS], ids=[r[0] for r in NOTATIONS])
def test_notations_read_as_meant(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


def test_a_lone_mid_and_a_conditional_keep_their_readings() -> None:
    assert [n.rule for n in symdl.parse(r"p(y \mid x)").notes] == []
    with pytest.raises(symdl.NotSupported, match="outside a function's arguments"):
        symdl.parse(r"a \mid b")


def test_a_value_for_a_free_index_is_refused() -> None:
    """\\sum_{j \\neq y} x_j has one entry per y; a value given for y was silently ignored (the vector came back)."""
    f = symdl.lambdify(symdl.parse(r"l = \sum_{j \neq y} x_j"))
    np.testing.assert_allclose(f(x=X4), X4.sum() - X4, rtol=1e-12)
    with pytest.raises(symdl.InvalidInput, match="'y' is a free index"):
        f(x=X4, y=2)
