r"""Small classes read wrong or refused in a held-out sweep (session 14, sixth part).

- The Frobenius norm's subscript in an upright font: d2l writes ``\|\mathbf{W}^{(1)}\|_\textrm{F}^2`` (sec. 5.3's
  weight-decay term, sec. 2.3's definition), papers ``_\mathrm{F}``, ``_{\mathrm{F}}``, older TeX ``_{\rm F}``.  It was
  refused as "the p-norm of a matrix"; the font around ``F`` is dropped as it is around ``2`` (``_\mathrm{2}``), so it
  reads as ``_F`` always did (no note: the subscript names one norm).
- The binomial coefficient ``\binom{K}{2}`` (InstructGPT's and DPO's count of ranked pairs, Bishop's and Murphy's
  binomial distribution; ``\dbinom``, ``\tbinom``) was an unknown command: it is SymPy's ``binomial(n, k)``, numbers
  by the gamma function (which also gives ``n!`` a value: it had none).

Each row: the formula as its source writes it, seeded inputs and plain numpy's value, and the notes by rule.
"""

from __future__ import annotations

from math import comb, factorial

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_reads_as

RNG = np.random.default_rng(1406)
W34, W23, A34, B34 = RNG.normal(size=(3, 4)), RNG.normal(size=(2, 3)), RNG.normal(size=(3, 4)), RNG.normal(size=(3, 4))
X3 = RNG.normal(size=3)
LAM = 0.01


def _fro(m: np.ndarray) -> float:
    return float(np.linalg.norm(m, "fro"))


# (id, source, latex, inputs, numpy's value, notes by rule)
CASES = [
    # -- the Frobenius norm with its F in an upright font ---------------------------------------------------------
    ("d2l-5.3-weight-decay-textrm", "d2l, sec. 5.3 (forward propagation): the MLP's weight-decay term",
     r"s = \frac{\lambda}{2} \left(\|\mathbf{W}^{(1)}\|_\textrm{F}^2 + \|\mathbf{W}^{(2)}\|_\textrm{F}^2\right)",
     {r"\lambda": LAM, r"\mathbf{W}^{(1)}": W34, r"\mathbf{W}^{(2)}": W23}, LAM / 2 * (_fro(W34) ** 2 + _fro(W23) ** 2),
     []),
    ("d2l-2.3-frobenius-textrm", "d2l, sec. 2.3.11 (norms): the Frobenius norm of X",
     r"f = \|\mathbf{X}\|_\textrm{F}", {r"\mathbf{X}": A34}, _fro(A34), []),
    ("eckart-young-mathrm-braced", "the Eckart-Young error of a low-rank approximation B, as papers write it",
     r"e = \|\mathbf{A} - \mathbf{B}\|_{\mathrm{F}}", {r"\mathbf{A}": A34, r"\mathbf{B}": B34}, _fro(A34 - B34), []),
    ("weight-decay-rm", "an L2 weight penalty in older TeX (a {\\rm F} font switch)",
     r"\Omega = \lambda \|\mathbf{W}\|_{\rm F}^2", {r"\lambda": LAM, r"\mathbf{W}": W34}, LAM * _fro(W34) ** 2, []),
    ("weight-norm-mathrm", "a Frobenius penalty with \\mathrm{F} unbraced", r"r = \lambda \|\mathbf{W}\|_\mathrm{F}",
     {r"\lambda": LAM, r"\mathbf{W}": W34}, LAM * _fro(W34), []),
    ("weight-norm-text", "the same with \\text{F}", r"r = \|\mathbf{W}\|_\text{F}^2", {r"\mathbf{W}": W34},
     _fro(W34) ** 2, []),
    # must not change: F written plain, the 2-norm of a vector in an upright font
    ("goodfellow-2.49-plain-f", "Goodfellow et al., eq. 2.49: the Frobenius norm, F plain",
     r"f = \|\mathbf{A}\|_F", {r"\mathbf{A}": A34}, _fro(A34), []),
    # -- the binomial coefficient --------------------------------------------------------------------------------
    ("instructgpt-eq1-pairs", "Ouyang et al. 2022 (InstructGPT), eq. 1: the loss averaged over the K-choose-2 pairs",
     r"\text{loss}(\theta) = -\frac{1}{\binom{K}{2}} E", {"K": 7, "E": 0.8}, -0.8 / comb(7, 2), []),
    ("bishop-2.9-binomial", "Bishop, PRML eq. 2.9: the binomial distribution",
     r"\mathrm{Bin}(m|N,\mu) = \binom{N}{m} \mu^m (1-\mu)^{N-m}", {"m": 3, "N": 10, r"\mu": 0.25},
     comb(10, 3) * 0.25**3 * 0.75**7, []),
    ("murphy-2.32-binomial", "Murphy, MLaPP eq. 2.32: Bin(k|n, θ)",
     r"\text{Bin}(k|n,\theta) \triangleq \binom{n}{k} \theta^k (1-\theta)^{n-k}", {"k": 2, "n": 6, r"\theta": 0.4},
     comb(6, 2) * 0.4**2 * 0.6**4, ["superscript-power"]),
    ("dpo-pair-count-dbinom", "the number of preference pairs among K answers, display style",
     r"P = \dbinom{K}{2}", {"K": 9}, comb(9, 2), []),
    ("bishop-2.10-factorials", "Bishop, PRML eq. 2.10: the coefficient by factorials (n! had no value)",
     r"c = \frac{N!}{(N-m)!m!}", {"N": 10, "m": 4}, factorial(10) / (factorial(6) * factorial(4)), []),
    # must not change: a fraction of the same two
    ("half-k-frac", "a fraction where a binomial might be", r"h = \frac{K}{2}", {"K": 7}, 3.5, []),
    ("vector-2-norm-mathrm", "a vector's 2-norm, the 2 upright", r"n = \|\mathbf{x}\|_\mathrm{2}", {r"\mathbf{x}": X3},
     float(np.linalg.norm(X3)), []),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [r[2:] for r in CASES], ids=[r[0] for r in CASES])
def test_reads_as_its_source_means(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)
