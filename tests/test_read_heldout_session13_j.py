"""Held-out readings (session 13), tenth part: plain capitals that are matrices but were read as numbers.

- two plain capitals side by side (LoRA's ``BA``) added to a capital written alone (``W + \\frac{\\alpha}{r} BA``,
  ``W_0 + BA``) or set equal to a change of a capital (``\\Delta W = BA``) are a product of matrices, in the written
  order, and that capital a matrix (``capital-pair-matrix``); they were numbers, ``A*B*alpha/r + W``, silently but for
  the letters-product note;
- kept: a capital merely equal to such a product (Chinchilla's compute ``C = 6ND``), BLEU's ``BP \\cdot \\exp(...)``
  (numbers, noted ``letters-product``), the count ``\\frac{1}{NT}``, and attention's
  ``\\mathrm{softmax}(\\frac{QK^T}{\\sqrt{d_k}})V``;
- the exponential of a Δ before a capital (S4 and Mamba's ``\\bar{A} = \\exp(\\Delta A)``) is refused by name: as one
  name it would be an entry-wise exponential, as the step times the state matrix it is the matrix exponential.

- a plain ``I`` as the covariance of ``\\mathcal{N}`` (DDPM's ``\\mathcal{N}(x_t; \\sqrt{1 - \\beta_t} x_{t-1},
  \\beta_t I)``) is the identity matrix, read as a matrix like ``\\mathbf{I}`` (``covariance-identity``); it was a
  number, silently.
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_reads_as

RNG = np.random.default_rng(1310)
W34, B32, A24 = RNG.normal(size=(3, 4)), RNG.normal(size=(3, 2)), RNG.normal(size=(2, 4))
X4 = RNG.normal(size=4)
L23 = RNG.normal(size=(2, 3))
Q34, K54, V52 = RNG.normal(size=(3, 4)), RNG.normal(size=(5, 4)), RNG.normal(size=(5, 2))


def _softmax_rows(m: np.ndarray) -> np.ndarray:
    e = np.exp(m - m.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


# (id, source, latex, inputs, plain numpy's value, notes by rule)
CASES = [
    ("lora-update", "Hu et al. 2021 (LoRA), the merged weight",
     r"W' = W + \frac{\alpha}{r} BA", {"W": W34, "\\alpha": 16.0, "r": 2.0, "B": B32, "A": A24},
     W34 + 16.0 / 2.0 * B32 @ A24, ["letters-product", "capital-pair-matrix"]),
    ("lora-delta", "Hu et al. 2021 (LoRA), the low-rank update", r"\Delta W = BA", {"B": B32, "A": A24},
     B32 @ A24, ["letters-product", "capital-pair-matrix"]),
    ("lora-forward-two-sides", "Hu et al. 2021 (LoRA), eq. 3 as an equation of weights",
     r"W_0 + \Delta W = W_0 + BA", {"W_0": W34, "B": B32, "A": A24},
     W34 + B32 @ A24, ["letters-product", "capital-pair-matrix"]),
    ("bleu-brevity-penalty-stays", "Papineni et al. 2002 (BLEU): BP stays numbers, noted",
     r"\mathrm{BLEU} = BP \cdot \exp(\sum_{n=1}^N w_n \log p_n)",
     {"B": 0.5, "P": 0.8, "N": 3, "w": np.full(3, 1 / 3), "p": np.array([0.5, 0.4, 0.3])},
     0.5 * 0.8 * np.exp(np.sum(np.log([0.5, 0.4, 0.3])) / 3), ["letters-product"]),
    ("count-in-denominator-stays", "a mean over N sequences of T steps", r"L = \frac{1}{NT} \sum_{n=1}^N \sum_{t=1}^T l_{n,t}",
     {"N": 2, "T": 3, "l": L23}, L23.sum() / 6, []),
    ("chinchilla-compute-stays", "Hoffmann et al. 2022: a capital merely equal to a count's product stays numbers",
     r"C = 6ND", {"N": 7e7, "D": 1.4e9}, 6 * 7e7 * 1.4e9, ["letters-product"]),
    ("capital-equal-to-pair-stays", "a plain capital equal to two capitals written alone elsewhere",
     r"Y = AB \\ Z = A + B", {"A": 2.0, "B": 3.0}, 5.0, []),
    ("attention-stays", "Vaswani et al. 2017, eq. 1",
     r"\mathrm{Attention}(Q, K, V) = \mathrm{softmax}(\frac{QK^T}{\sqrt{d_k}})V",
     {"Q": Q34, "K": K54, "V": V52, "d_k": 4.0}, _softmax_rows(Q34 @ K54.T / 2.0) @ V52,
     ["softmax-rows", "subscript-label"]),
]


@pytest.mark.parametrize(("source", "latex", "inputs", "want", "rules"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_capitals_side_by_side(source: str, latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


@pytest.mark.parametrize(("latex", "written"), [
    (r"\bar{A} = \exp(\Delta A)", r"\Delta A"),
    (r"\bar{A} = e^{\Delta A}", r"\Delta A"),
    (r"\bar{B} = (\Delta A)^{-1}(\exp(\Delta A) - I) \cdot \Delta B", r"\Delta A"),
], ids=["mamba-exp", "s4-e-power", "mamba-b-bar"])
def test_exponential_of_a_step_times_a_matrix_is_refused(latex: str, written: str) -> None:
    """Gu & Dao 2023 (Mamba), eq. 4, zero-order hold: the matrix exponential of the step times the state matrix."""
    with pytest.raises(symdl.NotSupported, match="matrix exponential") as info:
        symdl.parse(latex)
    assert latex[info.value.span.start : info.value.span.end] == written


@pytest.mark.parametrize(("latex", "rules", "matrices"), [
    (r"q(x_t | x_{t-1}) = \mathcal{N}(x_t; \sqrt{1 - \beta_t} x_{t-1}, \beta_t I)", ["covariance-identity"], {"I"}),
    (r"\mathcal{N}(x; \mu, \sigma^2 I)", ["covariance-identity"], {"I"}),
    (r"\mathcal{N}(x; \mu, \sigma^2 \mathbf{I})", [], {"I"}),  # bold: the identity by its face, no note
    (r"\mathcal{N}(x; \mu, \Sigma)", [], set()),  # a Greek covariance: left as it reads
    (r"y = \frac{1}{I} \sum_{i=1}^I x_i", [], set()),  # I as a count, outside a Gaussian: a number
], ids=["ddpm-forward-step", "isotropic-gaussian", "bold-identity", "full-covariance", "count-stays"])
def test_plain_identity_in_a_gaussian_covariance(latex: str, rules: list[str], matrices: set[str]) -> None:
    """Ho et al. 2020 (DDPM), eq. 2: β_t I is the isotropic covariance; I was a number beside β_t."""
    formula = symdl.parse(latex)
    assert [n.rule for n in formula.notes] == rules
    assert {str(k) for k, v in formula.shapes.items() if len(v) == 2 and v[1] != 1} == matrices
