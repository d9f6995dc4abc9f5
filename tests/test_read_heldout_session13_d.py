"""Held-out readings (session 13), fourth part: families of vectors inside matrix products and sums.

- a matrix made of outer products of vectors, whole vectors of a family of vectors among them, each times numbers
  and summed (Bishop's scatter matrices and the GMM M-step's covariances), is read entry by entry at two new indices
  (noted ``family-outer``): the family is one array with a member per row, the value the matrix over the indices;
  it was refused ("one vector of a family added to a vector");
- a plain family's member right after a transposed vector (cs229's ``w^T x^{(i)}``, ``\\theta^T x^{(i)}``) is one
  vector of a family of vectors (noted ``sample-vector``), the product their dot product; it was refused;
- a left side that is a whole member of a family of vectors (Bishop's K-means ``\\boldsymbol{\\mu}_k = \\dots``,
  the attention context ``\\mathbf{c}_i``) is read entry by entry with its right side (``family-rows``): the value is
  the array of all members, a member per row; it was refused.

What stays out of reach is refused by name: families of matrices (Goodfellow's mixture density network
``\\boldsymbol{\\Sigma}^{(i)}(\\boldsymbol{x})``), gradients with respect to a family's member (Goodfellow's BPTT
``\\nabla_{\\boldsymbol{o}^{(t)}} L``), a member added to a vector inside a function (Bishop's Parzen window).
Values are checked against plain numpy; the reading notes are asserted by rule.
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl

RNG = np.random.default_rng(1304)
X53, Z54 = RNG.normal(size=(5, 3)), RNG.normal(size=(5, 4))
MU3, NU4, W3, Y5 = RNG.normal(size=3), RNG.normal(size=4), RNG.normal(size=3), RNG.choice([-1.0, 1.0], size=5)
G5 = RNG.uniform(0.1, 1.0, size=5)
R54 = RNG.uniform(0.0, 1.0, size=(5, 4))
A45 = RNG.uniform(0.0, 1.0, size=(4, 5))

READ = [
    ("cs229-functional-margin", "cs229 notes, SVMs, sec. 3: the functional margin of example i",
     r"\hat{\gamma}^{(i)} = y^{(i)}(w^T x^{(i)} + b)",
     {"w": W3, "x": X53, "y": Y5, "b": 0.4}, Y5 * (X53 @ W3 + 0.4), ["sample-vector"]),
    ("cs229-least-squares-cost", "cs229 notes, part I, eq. (1): the least-squares cost",
     r"J(\theta) = \frac{1}{2} \sum_{i=1}^m (\theta^T x^{(i)} - y^{(i)})^2",
     {r"\theta": W3, "x": X53, "y": Y5, "m": 5}, 0.5 * ((X53 @ W3 - Y5) ** 2).sum(), ["sample-vector"]),
    ("bishop-pca-scatter-matrix", "Bishop, PRML eq. 12.3: the data covariance matrix",
     r"\mathbf{S} = \frac{1}{N}\sum_{n=1}^N (\mathbf{x}_n - \bar{\mathbf{x}})(\mathbf{x}_n - \bar{\mathbf{x}})^\mathrm{T}",
     {r"\mathbf{x}": X53, r"\bar{\mathbf{x}}": MU3, "N": 5}, (X53 - MU3).T @ (X53 - MU3) / 5, ["family-outer"]),
    ("bishop-gaussian-ml-covariance", "Bishop, PRML eq. 2.122: the maximum-likelihood covariance",
     r"\boldsymbol{\Sigma}_{\mathrm{ML}} = \frac{1}{N}\sum_{n=1}^{N}(\mathbf{x}_n - \boldsymbol{\mu}_{\mathrm{ML}})"
     r"(\mathbf{x}_n - \boldsymbol{\mu}_{\mathrm{ML}})^{\mathrm{T}}",
     {r"\mathbf{x}": X53, r"\boldsymbol{\mu}_{\mathrm{ML}}": MU3, "N": 5}, (X53 - MU3).T @ (X53 - MU3) / 5,
     ["family-outer"]),
    ("bishop-gmm-covariance-update", "Bishop, PRML eq. 9.19 (responsibilities written \\gamma_{nk})",
     r"\boldsymbol{\Sigma}_k = \frac{1}{N_k} \sum_{n=1}^{N} \gamma_{nk} (\mathbf{x}_n - \boldsymbol{\mu}_k)"
     r"(\mathbf{x}_n - \boldsymbol{\mu}_k)^T",
     {r"\mathbf{x}": X53, r"\boldsymbol{\mu}_k": MU3, r"\gamma_k": G5, "N_k": G5.sum(), "N": 5},
     (G5[:, None] * (X53 - MU3)).T @ (X53 - MU3) / G5.sum(), ["family-outer"]),
    ("bishop-fisher-class-scatter", "Bishop, PRML eq. 4.40: the within-class scatter of class k",
     r"\mathbf{S}_k = \sum_{n \in \mathcal{C}_k} (\mathbf{x}_n - \mathbf{m}_k)(\mathbf{x}_n - \mathbf{m}_k)^{\mathrm{T}}",
     {r"\mathbf{x}": X53, r"\mathbf{m}_k": MU3}, (X53 - MU3).T @ (X53 - MU3), ["sum-over-set", "family-outer"]),
    ("cross-covariance", "the sample cross-covariance of paired vectors (Bishop, PRML sec. 12.4 CCA)",
     r"\mathbf{C} = \frac{1}{N} \sum_{n=1}^{N} (\mathbf{x}_n - \bar{\mathbf{x}})(\mathbf{y}_n - \bar{\mathbf{y}})^T",
     {r"\mathbf{x}": X53, r"\bar{\mathbf{x}}": MU3, r"\mathbf{y}": Z54, r"\bar{\mathbf{y}}": NU4, "N": 5},
     (X53 - MU3).T @ (Z54 - NU4) / 5, ["family-outer"]),
    ("bishop-kmeans-mean", "Bishop, PRML eq. 9.4: each cluster's mean, all clusters at once",
     r"\boldsymbol{\mu}_k = \frac{\sum_n r_{nk} \mathbf{x}_n}{\sum_n r_{nk}}",
     {"r": R54, r"\mathbf{x}": X53}, (R54.T @ X53) / R54.sum(axis=0)[:, None], ["family-rows"]),
    ("attention-contexts", "Bahdanau et al. (2015), eq. 5: one context vector per output position",
     r"\mathbf{c}_i = \sum_{j=1}^{n} \alpha_{ij} \mathbf{v}_j",
     {r"\alpha": A45, r"\mathbf{v}": X53, "n": 5}, A45 @ X53, ["family-rows"]),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [c[2:] for c in READ], ids=[c[0] for c in READ])
def test_families_of_vectors_in_products_read_right(latex: str, inputs: dict, want: np.ndarray,
                                                    rules: list[str]) -> None:
    formula = symdl.parse(latex)
    assert [n.rule for n in formula.notes] == rules
    got = np.asarray(symdl.lambdify(formula)(**inputs), dtype=float)
    assert got.shape == np.shape(want)
    np.testing.assert_allclose(got, want, rtol=1e-12)


REFUSED = [
    ("goodfellow-mixture-density-network", "Goodfellow et al., eq. 6.35: a family of covariance matrices",
     r"p(\boldsymbol{y} \mid \boldsymbol{x}) = \sum_{i=1}^n p(\mathrm{c} = i \mid \boldsymbol{x}) "
     r"\mathcal{N}(\boldsymbol{y}; \boldsymbol{\mu}^{(i)}(\boldsymbol{x}), \boldsymbol{\Sigma}^{(i)}(\boldsymbol{x}))",
     "a family of matrices", r"\boldsymbol{\Sigma}^{(i)}"),
    ("goodfellow-bptt-output-bias", "Goodfellow et al., eq. 10.22: the gradient by each step's output",
     r"\nabla_{\boldsymbol{c}} L = \sum_t \left(\frac{\partial \boldsymbol{o}^{(t)}}{\partial \boldsymbol{c}}\right)^"
     r"\top \nabla_{\boldsymbol{o}^{(t)}} L = \sum_t \nabla_{\boldsymbol{o}^{(t)}} L",
     "which a sum's index picks", r"\frac"),  # since session 34 (numerator layout) refused at the Jacobian
    ("bishop-parzen-window", "Bishop, PRML eq. 2.249: the query point minus a data point inside the kernel",
     r"p(\mathbf{x}) = \frac{1}{N} \sum_{n=1}^{N} \frac{1}{h^D} k\left(\frac{\mathbf{x} - \mathbf{x}_n}{h}\right)",
     "added to a vector", r"\mathbf{x}_n"),
    ("scatter-matrix-without-a-name", "an outer-product sum with no matrix name on the left",
     r"\sum_{n=1}^{N} (\mathbf{x}_n - \bar{\mathbf{x}})(\mathbf{x}_n - \bar{\mathbf{x}})^T",
     "added to a vector", r"\mathbf{x}_n"),
]


@pytest.mark.parametrize(("latex", "words", "at"), [c[2:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_out_of_reach_is_refused_by_name(latex: str, words: str, at: str) -> None:
    with pytest.raises(symdl.NotSupported, match=words) as info:
        symdl.parse(latex)
    span = info.value.span
    assert span is not None and latex[span.start : span.end].startswith(at)
