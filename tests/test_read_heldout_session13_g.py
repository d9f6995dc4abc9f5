"""Held-out readings (session 13), seventh part: families of vectors (one vector per example, per data point).

- a plain family's member right after a transposed vector (cs229's ``\\theta^T x^{(i)}``) is a dot product, a number,
  to the shape pass and the value kinds too (``sample-vector``): cs229's LMS batch update ``\\theta := \\theta +
  \\alpha \\sum_i (y^{(i)} - \\theta^T x^{(i)}) x^{(i)}`` read θ as a 1×1 number, silently; θ is now the vector and the
  value is read entry by entry (``family-rows``), θ + α Xᵀ(y − Xθ); ``\\hat\\gamma = y_i(w^T x_i + b)`` made γ̂ a
  vector;
- a min over the index of a family written with a sample superscript (cs229's ``\\min_{i=1,\\dots,n}
  \\hat\\gamma^{(i)}``, ``\\min_i y^{(i)}(w^T x^{(i)} + b)``) is the smallest of its members, as ``\\min_i x_i`` is (it
  was refused as an optimisation objective);
- a member of a family of vectors then a transposed member (Bishop's second-moment matrix ``\\sum_n \\mathbf{x}_n
  \\mathbf{x}_n^T``, the logistic-regression Hessian ``\\sum_n y_n(1-y_n)\\boldsymbol{\\phi}_n\\boldsymbol{\\phi}_n^T``) is
  their outer product, read entry by entry (``family-outer``) beside other matrices (``+ \\lambda\\mathbf{I}``,
  ``- \\boldsymbol{\\mu}\\boldsymbol{\\mu}^T``); it was refused ("a transposed vector of a family");
- a plain family's members in an outer product ``(u)(u)^T`` or ``x^{(i)} x^{(i)T}`` are vectors (noted
  ``outer-member``; cs229's GDA covariance with the label's mean ``\\mu_{y^{(i)}}``, factor analysis' sample
  covariance), read by ``family-outer``; they were refused ("the transpose of an entry of a family");
- one family summed over two different named sets (Bishop's within-class scatter ``\\mathbf{S}_W`` over
  ``\\mathcal{C}_1`` and ``\\mathcal{C}_2``) is refused by name: a sum over a set runs over the arrays given as that
  set's values (``sum-over-set``), and both sums ran over the whole array, silently;
- a step written with a Greek letter in parentheses other than Bishop's ``\\mathbf{w}^{(\\tau)}`` (which reads as a
  step since session 16) is refused by name: it was a power, silently.

Values are checked against plain numpy; the reading notes are asserted by rule.
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_reads_as

RNG = np.random.default_rng(1307)
X53, Z54 = RNG.normal(size=(5, 3)), RNG.normal(size=(5, 4))
TH3, MU3, Y5 = RNG.normal(size=3), RNG.normal(size=3), RNG.normal(size=5)
LAB5, G5 = RNG.choice([-1.0, 1.0], size=5), RNG.normal(size=5)
P5 = RNG.uniform(0.05, 0.95, size=5)
I3 = np.eye(3)
MU23, LABELS5 = RNG.normal(size=(2, 3)), np.array([1, 2, 2, 1, 2])


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


READ = [
    ("cs229-lms-batch-update", "cs229 notes, part I, sec. 1.1: batch gradient descent for least squares",
     r"\theta := \theta + \alpha \sum_{i=1}^n (y^{(i)} - \theta^T x^{(i)}) x^{(i)}",
     {r"\theta": TH3, "x": X53, "y": Y5, r"\alpha": 0.1, "n": 5}, TH3 + 0.1 * X53.T @ (Y5 - X53 @ TH3),
     ["sample-vector", "family-rows"]),
    ("cs229-logistic-batch-ascent", "cs229 notes, part II, sec. 5: gradient ascent, h_theta(x) = g(theta^T x)",
     r"\theta := \theta + \alpha \sum_{i=1}^n (y^{(i)} - g(\theta^T x^{(i)})) x^{(i)}",
     {r"\theta": TH3, "x": X53, "y": Y5, r"\alpha": 0.1, "n": 5, "g": sigmoid},
     TH3 + 0.1 * X53.T @ (Y5 - sigmoid(X53 @ TH3)), ["sample-vector", "family-rows"]),
    ("cs229-logistic-gradient", "cs229 notes, part II, sec. 5: the log-likelihood's gradient, h written out",
     r"\nabla_\theta \ell(\theta) = \sum_i (y^{(i)} - g(\theta^T x^{(i)})) x^{(i)}",
     {r"\theta": TH3, "x": X53, "y": Y5, "g": sigmoid}, X53.T @ (Y5 - sigmoid(X53 @ TH3)),
     ["sample-vector", "family-rows"]),
    ("cs229-geometric-margin-min", "cs229 notes, SVMs, sec. 3: the margin of the training set",
     r"\hat\gamma = \min_{i=1,\dots,n} \hat\gamma^{(i)}", {r"\hat\gamma": G5, "n": 5}, G5.min(), []),
    ("cs229-functional-margin-min", "cs229 notes, SVMs, sec. 3: the smallest functional margin",
     r"\hat\gamma = \min_i y^{(i)}(w^T x^{(i)} + b)", {"w": TH3, "x": X53, "y": LAB5, "b": 0.3},
     (LAB5 * (X53 @ TH3 + 0.3)).min(), ["sample-vector"]),
    ("bishop-second-moment", "Bishop, PRML eq. 12.3 uncentred (the autocorrelation matrix)",
     r"\mathbf{R} = \frac{1}{N}\sum_{n=1}^{N} \mathbf{x}_n \mathbf{x}_n^{\mathrm{T}}",
     {r"\mathbf{x}": X53, "N": 5}, X53.T @ X53 / 5, ["family-outer"]),
    ("second-moment-matrix", "the uncentred second moment \\sum_n x_n x_n^T (was refused in session13_d)",
     r"\mathbf{S} = \sum_{n=1}^{N} \mathbf{x}_n \mathbf{x}_n^T", {r"\mathbf{x}": X53, "N": 5}, X53.T @ X53,
     ["family-outer"]),
    ("bishop-logistic-hessian", "Bishop, PRML eq. 4.97: the Hessian of the cross-entropy error",
     r"\mathbf{H} = \sum_{n=1}^N y_n(1-y_n)\boldsymbol{\phi}_n\boldsymbol{\phi}_n^T",
     {"y": P5, r"\boldsymbol{\phi}": X53, "N": 5}, X53.T @ ((P5 * (1 - P5))[:, None] * X53), ["family-outer"]),
    ("cross-second-moment", "the uncentred cross-moment of paired vectors (Bishop, PRML sec. 12.4)",
     r"\mathbf{C} = \frac{1}{N}\sum_{n=1}^{N}\mathbf{x}_n\mathbf{z}_n^T",
     {r"\mathbf{x}": X53, r"\mathbf{z}": Z54, "N": 5}, X53.T @ Z54 / 5, ["family-outer"]),
    ("covariance-from-moments", "the covariance as second moment minus the mean's outer product (Murphy, PML1 2.6)",
     r"\boldsymbol{\Sigma} = \frac{1}{N}\sum_{n=1}^N \mathbf{x}_n\mathbf{x}_n^T - \boldsymbol{\mu}\boldsymbol{\mu}^T",
     {r"\mathbf{x}": X53, r"\boldsymbol{\mu}": MU3, "N": 5}, X53.T @ X53 / 5 - np.outer(MU3, MU3),
     ["family-outer"]),
    ("regularised-scatter", "a scatter matrix plus lambda I (regularised discriminant analysis, ridge's X^T X + lambda I)",
     r"\mathbf{A} = \sum_{n=1}^N (\mathbf{x}_n - \bar{\mathbf{x}})(\mathbf{x}_n - \bar{\mathbf{x}})^T + \lambda\mathbf{I}",
     {r"\mathbf{x}": X53, r"\bar{\mathbf{x}}": MU3, "N": 5, r"\lambda": 0.5, r"\mathbf{I}": I3},
     (X53 - MU3).T @ (X53 - MU3) + 0.5 * I3, ["family-outer"]),
    ("cs229-gda-covariance", "cs229 notes, part IV, GDA eq. (the MLE of Sigma): each example minus its class's mean",
     r"\Sigma = \frac{1}{n}\sum_{i=1}^n (x^{(i)} - \mu_{y^{(i)}})(x^{(i)} - \mu_{y^{(i)}})^T",
     {"x": X53, r"\mu": MU23, "y": LABELS5, "n": 5}, (X53 - MU23[LABELS5 - 1]).T @ (X53 - MU23[LABELS5 - 1]) / 5,
     ["outer-member", "family-outer", "label-entry", "outer-member", "label-entry"]),
    ("cs229-factor-analysis-covariance", "cs229 notes, factor analysis, sec. 1: the sample covariance",
     r"\Sigma = \frac{1}{m}\sum_{i=1}^m (x^{(i)} - \mu)(x^{(i)} - \mu)^T",
     {"x": X53, r"\mu": MU3, "m": 5}, (X53 - MU3).T @ (X53 - MU3) / 5, ["outer-member", "family-outer"]),
    ("cs229-normal-equation-matrix", "cs229 notes, part I, sec. 2: X^T X written as a sum of outer products",
     r"S = \sum_{i=1}^n x^{(i)} x^{(i)T}", {"x": X53, "n": 5}, X53.T @ X53, ["outer-member", "family-outer"]),
    ("bishop-sequential-sum-of-squares", "Bishop, PRML eq. 3.23 summed over n (batch LMS), old weights named",
     r"\mathbf{w}_{\text{new}} = \mathbf{w}_{\text{old}} - \eta \sum_{n} (\mathbf{w}^T_{\text{old}}\boldsymbol{\phi}_n"
     r" - t_n)\boldsymbol{\phi}_n",
     {r"\mathbf{w}_{\text{old}}": TH3, r"\boldsymbol{\phi}": X53, "t": Y5, r"\eta": 0.1},
     TH3 - 0.1 * X53.T @ (X53 @ TH3 - Y5), ["family-rows"]),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [c[2:] for c in READ], ids=[c[0] for c in READ])
def test_families_of_vectors_read_right(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    functions = {k: inputs[k] for k in inputs if callable(inputs[k])}
    formula = symdl.parse(latex)
    if functions:  # g: the logistic function, given
        assert [n.rule for n in formula.notes] == rules
        got = symdl.lambdify(formula, functions=functions)(**{k: v for k, v in inputs.items()
                                                              if k not in functions})
        np.testing.assert_allclose(np.asarray(got, dtype=float).ravel(), np.ravel(want), rtol=1e-12)
        return
    assert_reads_as(formula, inputs, want, rules)


def test_hypothesis_of_a_plain_sample_stays_a_noted_number() -> None:
    """cs229's gradient with h_\\theta(x^{(i)}) kept whole: no dot product shows x^{(i)} is a vector, so it stays one
    number per example, noted (``sample-number``); written out, g(\\theta^T x^{(i)}), it reads as vectors (above)."""
    formula = symdl.parse(r"\nabla_\theta \ell(\theta) = \sum_i (y^{(i)} - h_\theta(x^{(i)})) x^{(i)}")
    assert [n.rule for n in formula.notes] == ["nabla-number", "sample-number"]
    assert "x" not in formula.shapes


REFUSED = [
    ("bishop-within-class-scatter", "Bishop, PRML eq. 4.28: one family summed over two classes",
     r"\mathbf{S}_W = \sum_{n \in \mathcal{C}_1} (\mathbf{x}_n - \mathbf{m}_1)(\mathbf{x}_n - \mathbf{m}_1)^T + "
     r"\sum_{n \in \mathcal{C}_2} (\mathbf{x}_n - \mathbf{m}_2)(\mathbf{x}_n - \mathbf{m}_2)^T",
     "summed over two sets", r"\sum_{n \in \mathcal{C}_2}"),
    ("bishop-class-means", "Bishop, PRML eq. 4.21: the two class means in one system",
     r"\mathbf{m}_1 = \frac{1}{N_1}\sum_{n \in \mathcal{C}_1} \mathbf{x}_n, \quad "
     r"\mathbf{m}_2 = \frac{1}{N_2}\sum_{n \in \mathcal{C}_2} \mathbf{x}_n", "summed over two sets",
     r"\sum_{n \in \mathcal{C}_2}"),
    ("outer-product-without-a-name", "an outer product of members with no matrix named on the left",
     r"\sum_{n=1}^{N} \mathbf{x}_n \mathbf{x}_n^T", "read only as a matrix named on the left", r"\mathbf{x}_n^T"),
    ("cs229-normal-equation-by-sums", "cs229 notes, part I, sec. 2: the normal equation written with sums",
     r"\theta = \left(\sum_{i=1}^n x^{(i)} x^{(i)T}\right)^{-1} \sum_{i=1}^n y^{(i)} x^{(i)}",
     "read only as a matrix named on the left", r"x^{(i)T}"),
    # Bishop's iteration \mathbf{w}^{(\tau)} reads now, a step as w^{(t)} (test_read_session16_read3)
    ("greek-step-other-than-tau", "a step counted with another Greek letter in parentheses",
     r"\mathbf{w}^{(\kappa+1)} = \mathbf{w}^{(\kappa)} - \eta \nabla E_n", "a step written with a Greek letter",
     r"^{(\kappa+1)}"),
    ("cs229-outer-of-a-member-transposed-in-brackets", "x^{(i)} (x^{(i)})^T: read as a call of x^{(i)}",
     r"\Sigma = \frac{1}{m}\sum_{i=1}^m x^{(i)} (x^{(i)})^T", "the transpose of an entry of a family",
     r"x^{(i)} (x^{(i)})^T"),
]


@pytest.mark.parametrize(("latex", "words", "at"), [c[2:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_out_of_reach_is_refused_by_name(latex: str, words: str, at: str) -> None:
    with pytest.raises(symdl.NotSupported, match=words) as info:
        symdl.parse(latex)
    span = info.value.span
    assert span is not None and latex[span.start : span.end].startswith(at), latex[span.start : span.end]
