"""Session 14 (u): plain capitals in optimisers, concatenations, scaling laws and bilinear layers.

- A capital to a negative power right after a capital already a matrix (Gupta et al.'s Shampoo ``L_t^{-1/4} G_t
  R_t^{-1/4}``, K-FAC's ``A^{-1} V G^{-1}``, Dhillon's co-clustering ``D_1^{-1/2} A D_2^{-1/2}``) is a matrix's root
  or inverse too (``capital-power-after-matrix``); R_t was a number dividing the product, silently.  Kipf &
  Welling's ``\\tilde{D}^{-1/2}\\tilde{A}\\tilde{D}^{-1/2}`` (one degree matrix) is kept.
- A bracket listing a plain capital beside plain lower-case names after a weight (Olah's peephole LSTM ``W_f \\cdot
  [C_{t-1}, h_{t-1}, x_t]``, Gers & Schmidhuber's cell state C) stacks the vectors (``bracket-concat``), as
  ``W_f \\cdot [h_{t-1}, x_t]`` did; the capital made it a vector of three numbers, silently.
- A function letter before a bracket raised to a power, the letter written to a negative power elsewhere
  (Hoffmann et al.'s Chinchilla ``G (C/6)^a`` beside ``G^{-1} (C/6)^b``), is a number times the bracket
  (``product-of-a-power``); ``G(x)^2`` with no such power stays a call.
- A bilinear form added to a vector (PyTorch's ``nn.Bilinear`` ``y = x_1^T A x_2 + b``, Socher et al.'s neural tensor
  network) is one matrix per output: refused by name, as one number broadcast would be silent.
"""

from __future__ import annotations

import numpy as np
import pytest
from sympy.core.function import AppliedUndef

import symdl
from tests.real_sources import assert_reads_as, assert_refused_at

_R = np.random.default_rng(1421)


def _spd(n: int) -> np.ndarray:
    m = _R.normal(size=(n, n))
    return m @ m.T + n * np.eye(n)


def _power(m: np.ndarray, p: float) -> np.ndarray:
    w, v = np.linalg.eigh(m)
    return (v * w**p) @ v.T


L, RR, G, W0 = _spd(3), _spd(4), _R.normal(size=(3, 4)), _R.normal(size=(3, 4))
A3, G4 = _spd(3), _spd(4)
C, H, X, WF, BF = _R.normal(size=2), _R.normal(size=3), _R.normal(size=2), _R.normal(size=(3, 7)), _R.normal(size=3)
ADJ = np.abs(_R.normal(size=(3, 3)))
ADJ = ADJ + ADJ.T
D = np.diag(ADJ.sum(axis=1))
DR, DC = np.diag(_R.uniform(1, 3, size=3)), np.diag(_R.uniform(1, 3, size=4))  # Dhillon's diagonal degrees


def _sig(z: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-z))


STACK = np.concatenate([C, H, X])

# (id, source, latex, inputs, plain numpy's value, notes by rule)
READS = [
    ("shampoo-two-sided-root", "Gupta et al. 2018, Shampoo's update",
     r"W_{t+1} = W_t - \eta L_t^{-1/4} G_t R_t^{-1/4}",
     {"W_t": W0, r"\eta": 0.1, "L_t": L, "G_t": G, "R_t": RR},
     W0 - 0.1 * _power(L, -0.25) @ G @ _power(RR, -0.25), ["capital-power-matrix", "capital-power-after-matrix"]),
    ("kfac-kronecker-inverse", "Martens & Grosse 2015, K-FAC's A^{-1} V G^{-1}",
     r"U = A^{-1} V G^{-1}", {"A": A3, "V": G, "G": G4}, np.linalg.inv(A3) @ G @ np.linalg.inv(G4),
     ["capital-power-matrix", "capital-power-after-matrix"]),
    ("dhillon-coclustering-normalisation", "Dhillon 2001, bipartite spectral co-clustering D_1^{-1/2} A D_2^{-1/2}",
     r"A_n = D_1^{-1/2} A D_2^{-1/2}", {"D_1": DR, "A": G, "D_2": DC},
     _power(DR, -0.5) @ G @ _power(DC, -0.5), ["capital-power-matrix", "capital-power-after-matrix"]),
    # must not change: one degree matrix on both sides
    ("kipf-welling-kept", "Kipf & Welling 2017, the renormalised adjacency (kept)",
     r"\hat{A} = \tilde{D}^{-1/2}\tilde{A}\tilde{D}^{-1/2}", {r"\tilde{D}": D, r"\tilde{A}": ADJ},
     _power(D, -0.5) @ ADJ @ _power(D, -0.5), ["capital-power-matrix"]),
    ("olah-peephole-forget", "Olah, Understanding LSTMs, the peephole forget gate (Gers & Schmidhuber 2000)",
     r"f_t = \sigma\left(W_f \cdot [C_{t-1}, h_{t-1}, x_t] + b_f\right)",
     {"W_f": WF, "C_{t-1}": C, "h_{t-1}": H, "x_t": X, "b_f": BF}, _sig(WF @ STACK + BF), ["bracket-concat"]),
    ("olah-peephole-output", "Olah, Understanding LSTMs, the peephole output gate on C_t",
     r"o_t = \sigma\left(W_o \cdot [C_t, h_{t-1}, x_t] + b_o\right)",
     {"W_o": WF, "C_t": C, "h_{t-1}": H, "x_t": X, "b_o": BF}, _sig(WF @ STACK + BF), ["bracket-concat"]),
    ("gers-peephole-input-semicolons", "Gers, Schraudolph & Schmidhuber 2002, the input gate with the cell state",
     r"i_t = \sigma(W_i [C_{t-1}; h_{t-1}; x_t] + b_i)",
     {"W_i": WF, "C_{t-1}": C, "h_{t-1}": H, "x_t": X, "b_i": BF}, _sig(WF @ STACK + BF), ["bracket-concat"]),
    ("olah-lstm-two-names-kept", "Olah, Understanding LSTMs, the plain forget gate (kept)",
     r"f_t = \sigma\left(W_f \cdot [h_{t-1}, x_t] + b_f\right)",
     {"W_f": WF[:, :5], "h_{t-1}": H, "x_t": X, "b_f": BF}, _sig(WF[:, :5] @ np.concatenate([H, X]) + BF),
     ["bracket-concat"]),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [r[2:] for r in READS], ids=[r[0] for r in READS])
def test_plain_capitals_read_as_written(latex: str, inputs: dict, want: object, rules: list) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


# (id, source, latex, the value of each statement's right side at G=1.7, C=6000, a=0.46, b=0.54)
SCALING = [
    ("chinchilla-compute-optimal", "Hoffmann et al. 2022, Chinchilla eq. 4",
     r"N_{opt}(C) = G \left(\frac{C}{6}\right)^a, \quad D_{opt}(C) = G^{-1} \left(\frac{C}{6}\right)^b",
     [1.7 * 1e3**0.46, 1e3**0.54 / 1.7]),
    ("chinchilla-tokens-first", "Hoffmann et al. 2022, Chinchilla eq. 4, the tokens written first",
     r"D_{opt}(C) = G^{-1} \left(\frac{C}{6}\right)^b, \quad N_{opt}(C) = G \left(\frac{C}{6}\right)^a",
     [1e3**0.54 / 1.7, 1.7 * 1e3**0.46]),
    ("chinchilla-plain-brackets", "Hoffmann et al. 2022, Chinchilla eq. 4 with plain brackets",
     r"N_{opt}(C) = G (C/6)^a, \quad D_{opt}(C) = G^{-1} (C/6)^b", [1.7 * 1e3**0.46, 1e3**0.54 / 1.7]),
]


@pytest.mark.parametrize(("latex", "want"), [(r[2], r[3]) for r in SCALING], ids=[r[0] for r in SCALING])
def test_a_powered_capital_before_a_powered_bracket_is_a_number(latex: str, want: list) -> None:
    f = symdl.parse(latex)
    assert [n.rule for n in f.notes] == ["product-of-a-power"]
    values = {"G": 1.7, "C": 6e3, "a": 0.46, "b": 0.54}
    for st, w in zip(f.statements, want, strict=True):
        assert not st.rhs.atoms(AppliedUndef)  # no call G(C/6)
        got = st.rhs.subs({s: values[str(s)] for s in st.rhs.free_symbols})
        assert float(got) == pytest.approx(w, rel=1e-12)


def test_a_called_capital_squared_stays_a_call() -> None:
    """Must not change: ``G(x)^2`` with no negative power of G is the call G(x) squared."""
    f = symdl.parse(r"y = G(x)^2")
    assert_reads_as(f, {"x": 0.5}, np.tanh(0.5) ** 2, [], functions={"G": np.tanh})


# (id, source, latex, what the refusal names, the text it points at)
REFUSED = [
    ("pytorch-bilinear", "PyTorch docs, nn.Bilinear", r"y = x_1^T A x_2 + b", "a bilinear form added to a vector",
     r"x_1^T A x_2"),
    ("pytorch-bilinear-top", "PyTorch docs, nn.Bilinear with \\top", r"y = x_1^\top A x_2 + b",
     "a bilinear form added to a vector", r"x_1^\top A x_2"),
    ("socher-neural-tensor-network", "Socher et al. 2013, the neural tensor network's score",
     r"g(e_1, R, e_2) = u^T f(e_1^T W e_2 + V [e_1; e_2] + b)", "a bilinear form added to a vector",
     r"e_1^T W e_2"),
    ("biaffine-attention-bias", "Dozat & Manning 2017, a biaffine score with a bias vector",
     r"s = h^T W h' + b", "a bilinear form added to a vector", r"h^T W h'"),
]


@pytest.mark.parametrize(("latex", "what", "text"), [r[2:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_a_bilinear_form_per_output_is_refused(latex: str, what: str, text: str) -> None:
    assert_refused_at(latex, what, text)


def test_a_quadratic_form_with_numbers_beside_it_is_not_refused() -> None:
    """Must not change: Bishop's ``x^T A x + b^T x + c`` (a linear form beside it) is not refused here."""
    f = symdl.parse(r"y = x^T A x + b^T x + c")
    assert [s.kind for s in f.statements] == ["assignment"]
