"""Readings fixed from a held-out sweep (session 12, Bishop's PRML, Nielsen, d2l): each was read wrongly with no note.

* A name the formula differentiates is a function of what it is differentiated by (Bishop's central differences
  read ``E_n(w_{ji} + \\epsilon)`` as E_n times a sum); a big-O term is an order, dropped with a note (it was
  ``O \\cdot \\epsilon^2``).
* An unknown function subscripted by a summed index is a family of functions (Bishop's ``y_k(\\mathbf{x}_n,
  \\mathbf{w})`` under ``\\sum_k`` was one function for every k).
* Bold names with an index are members of families of vectors: the 2-norm of their differences is read by entries
  (K-means); families of matrices (``\\boldsymbol{\\Sigma}_k``), a family's vector added to a vector, and a bare bold
  name beside its members in a function's parameters are refused by name (the mixtures' Σ_j became a family of
  vectors, μ_k an entry of μ).
* Nielsen's ``\\Sigma'(z^l)`` is the diagonal matrix of ``\\sigma'(z^l)``: its product with a vector is the entry-wise
  product (it was an unknown function, matrix-multiplied).

Each row: the formula as its source writes it, seeded inputs, plain numpy's value and the reading notes; rows whose
functions are unknown check the reading's structure; refusals check the construct named and its span."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

import symdl
from symdl.errors import NotSupported
from tests.real_sources import assert_reads_as

RNG = np.random.default_rng(12)
A4, B4 = RNG.normal(size=4), RNG.normal(size=4)
C3, D3 = RNG.normal(size=3), RNG.normal(size=3)
W34 = RNG.normal(size=(3, 4))
X53, M23, R52 = RNG.normal(size=(5, 3)), RNG.normal(size=(2, 3)), RNG.random(size=(5, 2))
P53, N53 = RNG.normal(size=(5, 3)), RNG.normal(size=(5, 3))
LAYERS = ["superscript-layer"]


def _dsigmoid(z: np.ndarray) -> np.ndarray:
    s = 1 / (1 + np.exp(-z))
    return s * (1 - s)


def _sq(d: np.ndarray) -> np.ndarray:
    return (d**2).sum(-1)


# (id, source, latex, inputs, numpy's value, notes by rule)
READINGS = [
    ("nielsen-bp2-matrix-form", "Nielsen, ch. 2, BP2 with Σ'(z^l): the diagonal matrix of σ'(z^l)",
     r"\delta^l = \Sigma'(z^l) (w^{l+1})^T \delta^{l+1}", {"z^l": A4, "w^{l+1}": W34, r"\delta^{l+1}": C3},
     _dsigmoid(A4) * (W34.T @ C3), [*LAYERS, "sigma-prime-diagonal", *LAYERS, *LAYERS]),
    ("nielsen-bp1-matrix-form", "Nielsen, ch. 2, BP1 in matrix form", r"\delta^L = \Sigma'(z^L) \nabla_a C",
     {"z^L": A4, r"\nabla_aC": B4}, _dsigmoid(A4) * B4, [*LAYERS, "sigma-prime-diagonal", *LAYERS]),
    ("nielsen-bp1-bp2-two-layers", "Nielsen, ch. 2, δ^{L-1} from BP1 and BP2: each Σ' up to the end of its term",
     r"\delta^{L-1} = \Sigma'(z^{L-1}) (w^L)^T \Sigma'(z^L) \nabla_a C",
     {"z^{L-1}": A4, "w^L": W34, "z^L": C3, r"\nabla_aC": D3}, _dsigmoid(A4) * (W34.T @ (_dsigmoid(C3) * D3)),
     [*LAYERS, "sigma-prime-diagonal", *LAYERS, *LAYERS, "sigma-prime-diagonal"]),
    ("bishop-kmeans-objective", "Bishop, PRML eq. 9.1: the distance between two families' vectors, by entries",
     r"J = \sum_{n=1}^{N} \sum_{k=1}^{K} r_{nk} \|\mathbf{x}_n - \boldsymbol{\mu}_k\|^2",
     {r"\mathbf{x}": X53, r"\boldsymbol{\mu}": M23, "r": R52},
     (R52 * _sq(X53[:, None, :] - M23[None])).sum(), []),
    ("triplet-loss", "FaceNet (Schroff et al.), eq. 1, the embeddings as bold vectors of triplet i",
     r"L = \sum_{i=1}^{N} \max\left(0, \|\mathbf{a}_i - \mathbf{p}_i\|^2 - \|\mathbf{a}_i - \mathbf{n}_i\|^2 + "
     r"\alpha\right)", {r"\mathbf{a}": X53, r"\mathbf{p}": P53, r"\mathbf{n}": N53, r"\alpha": 0.2},
     np.maximum(0, _sq(X53 - P53) - _sq(X53 - N53) + 0.2).sum(), []),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [r[2:] for r in READINGS], ids=[r[0] for r in READINGS])
def test_reads_as_numpy(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


def _calls(f: symdl.Formula, name: str) -> list[sympy.Basic]:
    return [c for st in f.statements for side in (st.lhs, st.rhs) if side is not None
            for c in side.atoms(sympy.core.function.AppliedUndef) if c.func.__name__ == name]


# (id, source, latex, the differentiated name, the variable, notes by rule)
DIFFERENTIATED = [
    ("bishop-central-differences", "Bishop, PRML eq. 5.69",
     r"\frac{\partial E_n}{\partial w_{ji}} = \frac{E_n(w_{ji} + \epsilon) - E_n(w_{ji} - \epsilon)}{2\epsilon} + "
     r"O(\epsilon^2)", "E_n", ["call-differentiated", "call-differentiated", "order-term"]),
    ("bishop-forward-differences", "Bishop, PRML eq. 5.68",
     r"\frac{\partial E_n}{\partial w_{ji}} = \frac{E_n(w_{ji} + \epsilon) - E_n(w_{ji})}{\epsilon} + O(\epsilon)",
     "E_n", ["call-differentiated", "call-differentiated", "order-term"]),
    ("d2l-taylor-first-order", "d2l, sec. 12.3, gradient descent in one dimension",
     r"f(x + \epsilon) = f(x) + \epsilon f'(x) + \mathcal{O}(\epsilon^2)", "f", ["order-term"]),
    ("d2l-taylor-multivariate", "d2l, sec. 12.3, multivariate gradient descent",
     r"f(\mathbf{x} + \boldsymbol{\epsilon}) = f(\mathbf{x}) + \boldsymbol{\epsilon}^\top \nabla f(\mathbf{x}) + "
     r"\mathcal{O}(\|\boldsymbol{\epsilon}\|^2)", "f", ["order-term"]),
]


@pytest.mark.parametrize(("latex", "name", "rules"), [r[2:] for r in DIFFERENTIATED], ids=[r[0] for r in DIFFERENTIATED])
def test_differentiated_names_are_called_and_orders_dropped(latex: str, name: str, rules: list[str]) -> None:
    f = symdl.parse(latex)
    assert [n.rule for n in f.notes] == rules
    [st] = f.statements
    assert not any(s.name in ("O", "Ocal") for s in st.rhs.free_symbols)  # the order term is gone
    calls = _calls(f, name)
    assert len({c.args for c in calls}) >= 2  # the function at two points, not a number times a sum
    assert all(len(c.args) == 1 for c in calls)


def test_a_value_differentiated_by_another_name_stays_a_product() -> None:
    """The sigmoid's ∂y/∂x = y(1 - y): the parenthesis does not mention x, so y(1 - y) is a product."""
    f = symdl.parse(r"\frac{\partial y}{\partial x} = y(1 - y)")
    assert "call-differentiated" not in [n.rule for n in f.notes]
    y = sympy.Symbol("y", real=True)
    assert f.statements[0].rhs.free_symbols == {y}


# (id, source, latex, the family's name, its index, how many members are noted)
FUNCTION_FAMILIES = [
    ("bishop-cross-entropy-outputs", "Bishop, PRML eq. 5.24: the k-th output y_k of the network",
     r"E(\mathbf{w}) = -\sum_{n=1}^{N} \sum_{k=1}^{K} t_{kn} \ln y_k(\mathbf{x}_n, \mathbf{w})", "y_k", "k", 1),
    ("bishop-mixture-of-experts", "Bishop, PRML eq. 14.53: gating functions and experts",
     r"p(\mathbf{t}|\mathbf{x}) = \sum_{k=1}^{K} \pi_k(\mathbf{x}) p_k(\mathbf{t}|\mathbf{x})", "p_k", "k", 2),
    ("bishop-adaboost", "Bishop, PRML eq. 14.19: the boosted classifier's base classifiers",
     r"Y_M(\mathbf{x}) = \mathrm{sign}\left(\sum_{m=1}^{M}\alpha_m y_m(\mathbf{x})\right)", "y_m", "m", 1),
]


@pytest.mark.parametrize(("latex", "name", "index", "noted"), [r[2:] for r in FUNCTION_FAMILIES],
                         ids=[r[0] for r in FUNCTION_FAMILIES])
def test_functions_subscripted_by_a_summed_index_vary_with_it(latex: str, name: str, index: str, noted: int) -> None:
    f = symdl.parse(latex)
    assert [n.rule for n in f.notes].count("function-family") == noted
    [call] = _calls(f, name)
    [total] = [s for s in f.statements[0].rhs.atoms(sympy.Sum) if index in {str(v) for v, *_ in s.limits}]
    assert call.args[0] == total.limits[0][0] == sympy.Symbol(index, integer=True)  # the k-th member, k summed


# (id, source, latex, the construct the refusal names, the text its span covers)
REFUSED = [
    ("bishop-responsibilities", "Bishop, PRML eq. 9.13: the covariances Σ_j, a family of matrices",
     r"\gamma(z_{nk}) = \frac{\pi_k \mathcal{N}(\mathbf{x}_n | \boldsymbol{\mu}_k, \boldsymbol{\Sigma}_k)}{\sum_{j=1}^{K}"
     r" \pi_j \mathcal{N}(\mathbf{x}_n | \boldsymbol{\mu}_j, \boldsymbol{\Sigma}_j)}", "a family of matrices",
     r"\boldsymbol{\Sigma}_j"),
    ("bishop-gmm-density", "Bishop, PRML eq. 9.7", r"p(\mathbf{x}) = \sum_{k=1}^{K} \pi_k \mathcal{N}(\mathbf{x} | "
     r"\boldsymbol{\mu}_k, \boldsymbol{\Sigma}_k)", "a family of matrices", r"\boldsymbol{\Sigma}_k"),
    ("bishop-gmm-log-likelihood", "Bishop, PRML eq. 9.14: μ beside μ_k in p's parameters",
     r"\ln p(\mathbf{X}|\boldsymbol{\pi}, \boldsymbol{\mu}, \boldsymbol{\Sigma}) = \sum_{n=1}^{N} \ln \left\{ "
     r"\sum_{k=1}^{K} \pi_k \mathcal{N}(\mathbf{x}_n|\boldsymbol{\mu}_k, \boldsymbol{\Sigma}_k) \right\}",
     "the whole family", r"\boldsymbol{\mu}"),
    ("bishop-bernoulli-mixture", "Bishop, PRML eq. 9.47", r"p(\mathbf{x}|\boldsymbol{\mu}, \boldsymbol{\pi}) = "
     r"\sum_{k=1}^{K} \pi_k p(\mathbf{x}|\boldsymbol{\mu}_k)", "the whole family", r"\boldsymbol{\mu}"),
    ("bishop-mixture-of-factor-analysers", "Bishop, PRML sec. 12.2.4 (Murphy's MFA): the loadings W_k",
     r"p(\mathbf{x}|\mathbf{z}) = \sum_{k=1}^{K} \pi_k \mathcal{N}(\mathbf{x}|\boldsymbol{\mu}_k + \mathbf{W}_k "
     r"\mathbf{z}, \boldsymbol{\Psi})", "a family of matrices", r"\mathbf{W}_k"),
    ("bishop-parzen-window", "Bishop, PRML eq. 2.249: the query point x beside the data points x_n",
     r"p(\mathbf{x}) = \frac{1}{N} \sum_{n=1}^{N} \frac{1}{h^D} k\left(\frac{\mathbf{x} - \mathbf{x}_n}{h}\right)",
     "added to a vector", r"\mathbf{x}_n"),
    # K-medians' 1-norm of a family's vectors reads since session 22 (tests/test_read_s22_rfam.py)
    ("nielsen-bp2-unrolled", "Nielsen, ch. 2, the chain of BP2 with \\ldots",
     r"\delta^l = \Sigma'(z^l) (w^{l+1})^T \ldots \Sigma'(z^{L-1}) (w^L)^T \Sigma'(z^L) \nabla_a C", "\\dots",
     r"\ldots"),
    ("sigma-prime-alone", "Nielsen's Σ'(z) with nothing to multiply", r"D = \Sigma'(z)", "on its own",
     r"\Sigma'(z)"),
    ("sigma-prime-beside-a-covariance", "Σ' where Σ is a matrix too: which is meant is not guessed",
     r"\Sigma = A A^T \\ y = \Sigma'(z) v", "beside a matrix", r"\Sigma'(z)"),
    ("d2l-self-attention-cost", "d2l, sec. 11.6: a cost in big-O, not a remainder", r"\mathcal{O}(n^2 d)",
     "of an expression", r"\mathcal{O}(n^2 d)"),
    ("order-term-in-a-product", "an order term as a factor", r"y = x \, O(\epsilon)", "order term",
     r"O(\epsilon)"),
]


@pytest.mark.parametrize(("latex", "named", "at"), [r[2:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_refused_by_name(latex: str, named: str, at: str) -> None:
    with pytest.raises(NotSupported) as err:
        symdl.parse(latex)
    assert named in err.value.message
    assert err.value.hint
    span = err.value.span
    assert span is not None and latex[span.start : span.end].startswith(at)
