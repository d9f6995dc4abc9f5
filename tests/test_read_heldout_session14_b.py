"""Session 14 (b): index arithmetic in subscripts.

- An entry of a family at a computed position, each position an integer-linear expression of index letters
  (Goodfellow et al.'s convolution ``s_i = \\sum_k x_{i+k} w_k`` and ``S_{i,j} = \\sum_m \\sum_n I_{i+m,j+n} K_{m,n}``,
  Sutton & Barto's n-step return ``G_t = \\sum_{k=0}^{n-1} \\gamma^k r_{t+k+1}``, Nielsen's ch. 6 feature map
  ``a_{j+l,k+m}``, the RL return ``R_t = \\sum_{k=0}^{\\infty} \\gamma^k r_{t+k}``): the family's entry there, a SymPy
  Indexed; a free index that reaches arrays only at such positions runs over the valid positions 1..N-K
  (1-based, as symdl's families are), and an entry outside the array is an InvalidInput, never a wrapped index.
- On a left side, such a name defines those entries (Vaswani et al.'s and d2l's positional encoding
  ``p_{i,2j} = \\sin(...)``, RoPE's ``\\tilde{q}_{2i}``), noted ``entry-definition``.
- Refused by name then: Vaswani et al.'s ``PE_{(pos,2i)}`` (words and a computed column in parentheses; it was the
  product P·E of a fixed name, noted but wrong); read since session 20 (tests/test_read_s20_struct.py).
- Kept refused: a bound or a label among the letters (d2l's ``o_{T+t-i}``, ``[\\mathsf{X}]_{i+a,j+b,c}``), and
  word2vec's ``w_{t+j}`` beside ``w_t`` (a name at step t there).
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy

import symdl
from tests.real_sources import assert_reads_as, assert_refused_at

RNG = np.random.default_rng(14)
X6, W3 = RNG.normal(size=6), RNG.normal(size=3)
R8 = RNG.normal(size=8)
I5, K2 = RNG.normal(size=(5, 5)), RNG.normal(size=(2, 2))
A7, W5 = RNG.normal(size=(7, 7)), RNG.normal(size=(5, 5))


def _conv1d(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    return np.array([x[i : i + len(w)] @ w for i in range(1, len(x) - len(w) + 1)])  # x_{i+k}, k = 1..K, 1-based


def _conv2d(img: np.ndarray, k: np.ndarray) -> np.ndarray:
    n = img.shape[0] - k.shape[0]
    return np.array([[np.sum(img[i + 1 : i + 1 + k.shape[0], j + 1 : j + 1 + k.shape[1]] * k) for j in range(n)]
                     for i in range(n)])


# (id, source, latex, inputs, plain numpy's value, notes by rule)
READS = [
    ("goodfellow-conv-1d", "Goodfellow et al., eq. 9.1 written by entries", r"s_i = \sum_k x_{i+k} w_k",
     {"x": X6, "w": W3}, _conv1d(X6, W3), []),
    ("cnn-notes-cross-correlation", "a 1-D cross-correlation as CNN notes write it", r"y_i = \sum_{k} w_k x_{i+k}",
     {"x": X6, "w": W3}, _conv1d(X6, W3), []),
    ("goodfellow-conv-2d", "Goodfellow et al., eq. 9.6", r"S_{i,j} = \sum_m \sum_n I_{i+m, j+n} K_{m,n}",
     {"I": I5, "K": K2}, _conv2d(I5, K2), []),
    ("sutton-barto-n-step", "Sutton & Barto, eq. 7.1: the n-step return",
     r"G_t = \sum_{k=0}^{n-1} \gamma^k r_{t+k+1}", {"r": R8, "\\gamma": 0.9, "n": 4},
     [sum(0.9**k * R8[t + k] for k in range(4)) for t in range(1, 5)], []),
    ("nielsen-feature-map-1-based", "Nielsen, ch. 6, eq. (125), its sums from 1",
     r"\sigma\left(b + \sum_{l=1}^5 \sum_{m=1}^5 w_{l,m} a_{j+l, k+m}\right)", {"b": 0.1, "w": W5, "a": A7},
     1 / (1 + np.exp(-(0.1 + _conv2d(A7, W5)))), []),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [r[2:] for r in READS], ids=[r[0] for r in READS])
def test_an_entry_at_a_computed_position_reads(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


def test_the_rl_return_is_read_with_its_infinite_sum() -> None:
    """Sutton & Barto's R_t: the entry r[t + k] under a sum to infinity (read; an infinite sum is not evaluated)."""
    f = symdl.parse(r"R_t = \sum_{k=0}^{\infty} \gamma^k r_{t+k}")
    rhs = f.statements[0].rhs
    assert isinstance(rhs, sympy.Sum) and rhs.limits[0][2] == sympy.oo
    (entry,) = rhs.atoms(sympy.Indexed)
    assert str(entry) == "r[k + t]"



def test_a_position_past_the_array_is_an_error_not_a_wrap() -> None:
    """A sum bound past the kernel (k = 1..4 over a w of 3 entries): an InvalidInput, never w[-1] or w[0]."""
    f = symdl.parse(r"s_i = \sum_{k=1}^{4} x_{i+k} w_k")
    with pytest.raises(symdl.InvalidInput, match="index out of range"):
        symdl.lambdify(f)(x=X6, w=W3)


def test_a_window_longer_than_the_array_is_an_error_not_an_empty_result() -> None:
    """The n-step return with n = 4 over 4 rewards: r_{t+k+1} is past r at every t, so no G_t is defined."""
    f = symdl.parse(r"G_t = \sum_{k=0}^{n-1} \gamma^k r_{t+k+1}")
    with pytest.raises(symdl.InvalidInput, match="no valid position"):
        symdl.lambdify(f)(r=R8[:4], n=4, **{"\\gamma": 0.9})


# (id, source, latex, what each statement's left side is)
DEFINITIONS = [
    ("vaswani-positional-encoding", "Vaswani et al. 2017, sec. 3.5 (as d2l writes it, sec. 11.6)",
     r"\begin{aligned} p_{i, 2j} &= \sin\left(\frac{i}{10000^{2j/d}}\right),\\p_{i, 2j+1} &= "
     r"\cos\left(\frac{i}{10000^{2j/d}}\right).\end{aligned}", ["p[i, 2*j]", "p[i, 2*j + 1]"]),
    ("rope-rotation", "Su et al. 2021 (RoPE), eq. 34 by entries",
     r"\tilde{q}_{2i} = q_{2i}\cos(m\theta_i) - q_{2i+1}\sin(m\theta_i)", ["qtilde[2*i]"]),
]


@pytest.mark.parametrize(("latex", "lhs"), [r[2:] for r in DEFINITIONS], ids=[r[0] for r in DEFINITIONS])
def test_a_computed_left_side_defines_entries(latex: str, lhs: list[str]) -> None:
    """Before: p_{i,2j} and p_{i,2j+1} were two fixed names, silently."""
    f = symdl.parse(latex)
    assert [str(st.lhs) for st in f.statements] == lhs
    assert [n.rule for n in f.notes if n.rule == "entry-definition"] == ["entry-definition"] * len(lhs)
    assert {n.rule for n in f.notes} <= {"entry-definition", "index-value", "zero-based"}


# must not change: an index plus a number, a label, a step
KEPT = [
    ("rnn-previous-step", "an index plus a number: x_{t-1} beside x_t in a sum over t",
     r"y = \sum_{t=2}^{T} (x_t - x_{t-1})^2", {"x": X6, "T": 6}, np.sum(np.diff(X6) ** 2), []),
    ("plain-sum", "Goodfellow's sum of entries", r"y = \sum_{i=1}^{n} x_i", {"x": X6, "n": 6}, X6.sum(), []),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [r[2:] for r in KEPT], ids=[r[0] for r in KEPT])
def test_neighbouring_notation_reads_as_before(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


def test_a_parenthesised_order_statistic_stays_a_name() -> None:
    """x_{(1)}, the smallest of a sample (order statistics): a label in parentheses, no computed position."""
    f = symdl.parse(r"y = x_{(1)} + x_{(2)}")
    assert str(f.statements[0].rhs) == "x_{(1)} + x_{(2)}"


def test_a_step_update_stays_a_name() -> None:
    """x_{t+1} = x_t + v_t: one quantity at the next step, an update, not an entry definition."""
    f = symdl.parse(r"x_{t+1} = x_t + v_t")
    assert f.statements[0].kind == "update" and not f.notes


REFUSED = [
    ("d2l-bptt-bound", "d2l, sec. 9.7: T is a bound, not an index",
     r"\mathbf{W}_\textrm{qh}^\top \frac{\partial L}{\partial \mathbf{o}_{T+t-i}}", "one vector of a family of vectors",
     r"\mathbf{o}_{T+t-i}"),
    ("d2l-conv-channel", "d2l, eq. 7.1.7: c is a channel label beside the indices",
     r"[\mathsf{H}]_{i,j,d} = \sum_{a=-\Delta}^{\Delta} \sum_{b=-\Delta}^{\Delta} [\mathsf{V}]_{a,b,c,d} "
     r"[\mathsf{X}]_{i+a,j+b,c}", "adds or subtracts two indices", r"\mathsf{X}]_{i+a,j+b,c}"),
    # Vaswani et al.'s PE_{(pos,2i)} = \sin(pos/...), refused here before, is read since session 20 (a word position
    # the right side uses is an index of the entries): tests/test_read_s20_struct.py
    ("word2vec-skip-gram", "Mikolov et al. 2013: w_t is a name at step t beside w_{t+j}",
     r"\sum_{-c \leq j \leq c, j \neq 0} \log p(w_{t+j} | w_t)", "adds or subtracts two indices", "w_{t+j}"),
]


@pytest.mark.parametrize(("latex", "what", "text"), [r[2:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_what_cannot_be_worked_out_stays_refused(latex: str, what: str, text: str) -> None:
    assert_refused_at(latex, what, text)
