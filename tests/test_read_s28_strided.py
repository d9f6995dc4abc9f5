"""Session 28 (strided): entries at positions computed with a stride or a dilation (issue 12).

- A subscript position ``s·i + offset``, the stride a letter that is no index (``s``, ``d``, ``\\text{stride}``) or an
  integer literal, the offset over summed indices (average and max pooling's ``x_{is+a,\\,js+b}``, a strided and
  dilated convolution's ``x_{s i + d k}``, code's ``x[i*s + k]``): the family's entry there, a SymPy Indexed with the
  affine index (``strided-position``; the family 0-based when the offset starts at 0, ``zero-based``).  Evaluated,
  the window index runs over the windows that fit, 0..⌊(N − k)/s⌋ (valid pooling), and a stride that is not a whole
  number ≥ 1 is an InvalidInput.  Before, the subscript was refused ("an index that adds or subtracts two indices"),
  and code's ``x[i*s + k]`` (and ``x[i + k]``) was silently the product ``x·(i s + k)``.
- ``\\max_{0\\le a,b<k}`` over letters that subscript what follows: nested maxima over those integer ranges
  (``max-over-range``); before, an optimisation objective that left a and b unbound.
- d2l's cross-correlation, its kernel indexed from ``-Δ`` (``centred-kernel``), its output over 1+Δ..N−Δ.
- The PyTorch docs' pooling forms (``input(N_i, C_j, stride \\times k + m)``, a function of its positions) read the
  strided argument as the product it is.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
import sympy

import symdl
from tests.real_sources import assert_reads_as, assert_refused_at

RNG = np.random.default_rng(28)
X1 = RNG.normal(size=13)
X2 = RNG.normal(size=(7, 9))
W3 = RNG.normal(size=3)
V3 = RNG.normal(size=(3, 3))
A9 = RNG.normal(size=(9, 9))
W5 = RNG.normal(size=(5, 5))
R8 = RNG.normal(size=8)


def _pool(x: np.ndarray, k: int, s: int, reduce: Callable[[np.ndarray], float]) -> np.ndarray:
    rows, cols = (x.shape[0] - k) // s + 1, (x.shape[1] - k) // s + 1
    return np.array([[reduce(x[i * s : i * s + k, j * s : j * s + k]) for j in range(cols)] for i in range(rows)])


def _conv(x: np.ndarray, w: np.ndarray, s: int, d: int = 1) -> np.ndarray:
    """y_i = Σ_k w_k x_{s i + d k}, 0-based, over the windows that fit."""
    n = (len(x) - 1 - d * (len(w) - 1)) // s + 1
    return np.array([sum(w[k] * x[s * i + d * k] for k in range(len(w))) for i in range(n)])


def _corr2d(x: np.ndarray, v: np.ndarray, u: float) -> np.ndarray:
    """d2l's corr2d (sec. 7.2.1) plus the bias u: the valid cross-correlation."""
    h, w = v.shape
    return np.array([[np.sum(x[i : i + h, j : j + w] * v) + u for j in range(x.shape[1] - w + 1)]
                     for i in range(x.shape[0] - h + 1)])


_STRIDED = ["zero-based", "strided-position"]

# (id, source, latex, inputs, plain numpy's value, notes by rule)
READS = [
    ("avg-pool-2d", "average pooling by entries (d2l sec. 7.5, cs231n's pooling layer, stride s, window k)",
     r"y_{i,j} = \frac{1}{k^2}\sum_{a=0}^{k-1}\sum_{b=0}^{k-1}x_{is+a,\,js+b}", {"x": X2, "s": 2, "k": 3},
     _pool(X2, 3, 2, np.mean), _STRIDED),
    ("avg-pool-2d-stride-1", "the same with stride 1: every window", r"y_{i,j} = \frac{1}{k^2}\sum_{a=0}^{k-1}"
     r"\sum_{b=0}^{k-1}x_{is+a,\,js+b}", {"x": X2, "s": 1, "k": 2}, _pool(X2, 2, 1, np.mean), _STRIDED),
    ("max-pool-2d", "max pooling by entries, the window as a range condition",
     r"y_{i,j} = \max_{0\le a,b<k}x_{i\cdot s+a,\ j\cdot s+b}", {"x": X2, "s": 2, "k": 2},
     _pool(X2, 2, 2, np.max), ["max-over-range", *_STRIDED]),
    ("max-pool-1d-times", "1-D max pooling with \\times", r"y_i = \max_{0 \le a < k} x_{i \times s + a}",
     {"x": X1, "s": 3, "k": 4}, [X1[3 * i : 3 * i + 4].max() for i in range(4)], ["max-over-range", *_STRIDED]),
    ("strided-dilated-conv-1d", "a strided, dilated 1-D convolution (cross-correlation) by entries",
     r"y_i = \sum_{k=0}^{K-1} w_k\, x_{s i + d k}", {"x": X1, "w": W3, "s": 2, "d": 3, "K": 3},
     _conv(X1, W3, 2, 3), ["zero-based", *_STRIDED]),
    ("strided-conv-1d-code", "the same as code writes it, 0-based offsets from the sum's 1 (w[k], x[i*s + k])",
     r"y[i] = \sum_k w[k] x[i*s + k]", {"x": X1, "w": W3, "s": 2}, _conv(X1, W3, 2),
     ["bracket-index", "bracket-index", "bracket-index", "strided-position"]),
    ("conv-stride-literal", "a stride-2 convolution, the stride a literal",
     r"y_i = \sum_{k=0}^{K-1} w_k x_{2i+k}", {"x": X1, "w": W3, "K": 3}, _conv(X1, W3, 2),
     ["zero-based", *_STRIDED]),
    ("conv-stride-word", "the stride as a word, as the PyTorch docs name it",
     r"y_i = \sum_{k=0}^{K-1} w_k x_{\text{stride}\cdot i + k}", {"x": X1, "w": W3, "K": 3, r"\text{stride}": 4},
     _conv(X1, W3, 4), ["zero-based", *_STRIDED]),
    ("max-over-listed-range", "the PyTorch docs' \\max_{m=0,\\ldots,k-1} over a window (stride 1): its range "
     "was not worked out before (a max's index fixes the window as a sum's does, 1-based as r_{t+k})",
     r"y_i = \max_{m=0,\ldots,k-1} x_{i+m}", {"x": X1, "k": 3}, [X1[i : i + 3].max() for i in range(11)], []),
    ("d2l-cross-correlation", "d2l, eq. 7.1.3 (sec. 7.1.2): [H]_{i,j} = u + ΣΣ [V]_{a,b} [X]_{i+a,j+b}",
     r"[\mathbf{H}]_{i,j} = u + \sum_{a=-\Delta}^{\Delta}\sum_{b=-\Delta}^{\Delta} [\mathbf{V}]_{a,b}"
     r"[\mathbf{X}]_{i+a,j+b}", {"u": 0.5, r"\Delta": 1, r"\mathbf{V}": V3, r"\mathbf{X}": X2},
     _corr2d(X2, V3, 0.5), ["bracket-entry", "bracket-entry", "centred-kernel", "bracket-entry"]),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [r[2:] for r in READS], ids=[r[0] for r in READS])
def test_a_strided_position_reads_as_its_entry(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


def test_the_entry_is_an_indexed_at_the_affine_position() -> None:
    """x_{is+a,\\,js+b}: x[a + i*s, b + j*s], s a real scalar (the stride, an input), i, j, a, b integer indices."""
    f = symdl.parse(r"y_{i,j} = \frac{1}{k^2}\sum_{a=0}^{k-1}\sum_{b=0}^{k-1}x_{is+a,\,js+b}")
    (entry,) = f.statements[0].rhs.atoms(sympy.Indexed)
    i, j, a, b = (sympy.Symbol(c, integer=True) for c in "ijab")
    s = sympy.Symbol("s", real=True)
    assert entry.indices == (i * s + a, j * s + b)
    note = next(n for n in f.notes if n.rule == "strided-position")
    assert f.source[note.span.start : note.span.end] == r"x_{is+a,\,js+b}"


# the PyTorch docs' pooling, copied from docs.pytorch.org (torch.nn.MaxPool1d, torch.nn.AvgPool2d): a function of its
# positions, `input` given as numpy; the strided argument is the product stride × k + m
PYTORCH = [
    ("pytorch-maxpool1d", "PyTorch docs, torch.nn.MaxPool1d",
     r"out(N_i, C_j, k) = \max_{m=0, \ldots, \text{kernel\_size} - 1} input(N_i, C_j, stride \times k + m)",
     {"N_i": 0, "C_j": 0, "k": np.arange(4), "stride": 3, r"\text{kernel\_size}": 4},
     [X1[3 * k : 3 * k + 4].max() for k in range(4)]),
    ("pytorch-avgpool2d", "PyTorch docs, torch.nn.AvgPool2d",
     r"out(N_i, C_j, h, w) = \frac{1}{kH * kW} \sum_{m=0}^{kH-1} \sum_{n=0}^{kW-1} input(N_i, C_j, stride[0] "
     r"\times h + m, stride[1] \times w + n)",
     {"N_i": 0, "C_j": 0, "h": 2, "w": 1, "kH": 2, "kW": 3, "stride[0]": 2, "stride[1]": 2},
     X2[4:6, 2:5].mean()),
]


def _input(*args: np.ndarray) -> np.ndarray:
    *_, rows, cols = (np.asarray(a).astype(int) for a in (0, *args))
    return X1[cols] if len(args) == 3 else X2[rows, cols]


@pytest.mark.parametrize(("latex", "inputs", "want"), [r[2:] for r in PYTORCH], ids=[r[0] for r in PYTORCH])
def test_the_pytorch_docs_pooling_reads_its_strided_argument(latex: str, inputs: dict, want: object) -> None:
    f = symdl.parse(latex)
    assert "strided-position" not in [n.rule for n in f.notes]  # a function's argument: no family, no window
    got = symdl.lambdify(f, functions={"input": _input})(**inputs)
    np.testing.assert_allclose(np.asarray(got, dtype=float), want, rtol=1e-12)


def test_a_fractional_stride_is_an_error() -> None:
    f = symdl.parse(r"y_i = \sum_{k=0}^{K-1} w_k\, x_{s i + d k}")
    with pytest.raises(symdl.InvalidInput, match="a stride must be one whole number"):
        symdl.lambdify(f)(x=X1, w=W3, s=1.5, d=1, K=3)


def test_a_zero_dilation_is_an_error() -> None:
    f = symdl.parse(r"y_i = \sum_{k=0}^{K-1} w_k\, x_{s i + d k}")
    with pytest.raises(symdl.InvalidInput, match="a stride must be one whole number"):
        symdl.lambdify(f)(x=X1, w=W3, s=1, d=0, K=3)


def test_a_window_longer_than_the_array_is_an_error() -> None:
    f = symdl.parse(r"y_{i,j} = \frac{1}{k^2}\sum_{a=0}^{k-1}\sum_{b=0}^{k-1}x_{is+a,\,js+b}")
    with pytest.raises(symdl.InvalidInput, match="no valid position"):
        symdl.lambdify(f)(x=X2, s=2, k=8)


REFUSED = [
    ("product-of-indices", "a product of two indices is no stride", r"y_i = \sum_{k} w_k x_{ij + k}",
     "adds or subtracts two indices", "x_{ij + k}"),
    ("d2l-bptt-bound", "d2l, sec. 9.7: T is a bound beside the indices (must not change)",
     r"\mathbf{W}_\textrm{qh}^\top \frac{\partial L}{\partial \mathbf{o}_{T+t-i}}", "one vector of a family of vectors",
     r"\mathbf{o}_{T+t-i}"),
    ("d2l-conv-channel", "d2l, eq. 7.1.7: c is a channel label beside the indices (must not change)",
     r"[\mathsf{H}]_{i,j,d} = \sum_{a=-\Delta}^{\Delta} \sum_{b=-\Delta}^{\Delta} [\mathsf{V}]_{a,b,c,d} "
     r"[\mathsf{X}]_{i+a,j+b,c}", "adds or subtracts two indices", r"\mathsf{X}]_{i+a,j+b,c}"),
    ("pytorch-conv1d-star", "PyTorch docs, torch.nn.Conv1d: the cross-correlation operator ⋆",
     r"\text{out}(N_i, C_{\text{out}_j}) = \text{bias}(C_{\text{out}_j}) + \sum_{k = 0}^{C_{in} - 1} "
     r"\text{weight}(C_{\text{out}_j}, k) \star \text{input}(N_i, k)", "a convolution or cross-correlation",
     r"\star"),
]


@pytest.mark.parametrize(("latex", "what", "text"), [r[2:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_what_cannot_be_read_stays_refused(latex: str, what: str, text: str) -> None:
    assert_refused_at(latex, what, text)


def _conv2d_shift(img: np.ndarray, k: np.ndarray) -> np.ndarray:
    n = img.shape[0] - k.shape[0] + 1
    return np.array([[np.sum(img[i : i + k.shape[0], j : j + k.shape[1]] * k) for j in range(n)] for i in range(n)])


# must not change: shifted positions with stride 1, the positional encoding's 2j, 2j+1, a product with a bracket
KEPT = [
    ("nielsen-feature-map", "Nielsen, ch. 6, eq. (125)",
     r"\sigma\left(b + \sum_{l=0}^{4}\sum_{m=0}^{4} w_{l,m}a_{j+l,k+m}\right)", {"b": 0.1, "w": W5, "a": A9},
     1 / (1 + np.exp(-(0.1 + _conv2d_shift(A9, W5)))), ["zero-based"]),
    ("sutton-barto-n-step", "Sutton & Barto, eq. 7.1: the n-step return r_{t+k+1}",
     r"G_t = \sum_{k=0}^{n-1} \gamma^k r_{t+k+1}", {"r": R8, r"\gamma": 0.9, "n": 4},
     [sum(0.9**k * R8[t + k] for k in range(4)) for t in range(1, 5)], []),
    ("goodfellow-conv-1d", "Goodfellow et al., eq. 9.1 by entries", r"s_i = \sum_k x_{i+k} w_k",
     {"x": X1, "w": W3}, [X1[i : i + 3] @ W3 for i in range(1, 11)], []),
    ("product-with-bracket", "a product with a bracket holding no summed letter, noted since session 43",
     r"y = a[b+c]", {"a": 2.0, "b": 0.5, "c": 1.0}, 3.0, ["bracket-product"]),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [r[2:] for r in KEPT], ids=[r[0] for r in KEPT])
def test_neighbouring_notation_reads_as_before(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


def test_the_positional_encoding_pair_stays_an_entry_definition() -> None:
    """Vaswani et al.'s p_{i,2j}, p_{i,2j+1} and RoPE's x_{2i}, x_{2i+1}: no offset over a sum, no stride."""
    f = symdl.parse(r"\begin{aligned} p_{i, 2j} &= \sin\left(\frac{i}{10000^{2j/d}}\right),\\p_{i, 2j+1} &= "
                    r"\cos\left(\frac{i}{10000^{2j/d}}\right).\end{aligned}")
    assert [str(st.lhs) for st in f.statements] == ["p[i, 2*j]", "p[i, 2*j + 1]"]
    g = symdl.parse(r"\tilde{q}_{2i} = q_{2i}\cos(m\theta_i) - q_{2i+1}\sin(m\theta_i)")
    assert str(g.statements[0].lhs) == "qtilde[2*i]"
    assert "strided-position" not in {n.rule for n in [*f.notes, *g.notes]}


def test_an_optimum_over_a_real_interval_stays_an_objective() -> None:
    """\\max_{0 \\le x \\le 1} f(x): x subscripts nothing, so no max over integer indices."""
    f = symdl.parse(r"y = \max_{0 \le x \le 1} f(x)")
    assert "max-over-range" not in {n.rule for n in f.notes}
