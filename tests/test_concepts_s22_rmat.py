"""Session 22, helper RMAT: concepts named once plain letters read as the matrices and vectors they are.

Each row: (id, LaTeX, must-name, must-not-name), through ``symdl.parse`` and ``symdl.chunk.explain``; the source
is cited per row, the must-not rows are look-alikes that are not the concept.  A residual's inner product with itself
(``(X\\theta - y)^T(X\\theta - y)``) is a squared error, never an L2 penalty (the penalty is on the weights).
"""

from __future__ import annotations

import pytest

from tests.concept_cases import assert_concepts

CASES: list[tuple[str, str, set[str], set[str]]] = [
    # Andrew Ng, Coursera ML / cs229: the vectorised linear-regression cost
    ("ng-cost", r"J(\theta) = \frac{1}{2m}(X\theta - y)^T(X\theta - y)", {"squared_error"}, {"l2_penalty"}),
    # cs229 lecture notes, the normal equations: the cost with a vector target
    ("cs229-cost", r"J(\theta) = \frac{1}{2}(X\theta - \vec{y})^T(X\theta - \vec{y})", {"squared_error"},
     {"l2_penalty"}),
    # Hastie et al., ESL eq. 3.3: the residual sum of squares
    ("esl-rss", r"\mathrm{RSS}(\beta) = (y - X\beta)^T(y - X\beta)", {"squared_error"}, {"l2_penalty"}),
    # Hastie et al., ESL eq. 3.41: ridge regression, the penalty on the coefficients
    ("esl-ridge", r"\mathrm{RSS}(\lambda) = (y - X\beta)^T(y - X\beta) + \lambda\beta^T\beta",
     {"squared_error", "l2_penalty"}, set()),
    # Andrew Ng, Coursera ML ex5: the regularised cost (the transpose distributed by SymPy)
    ("ng-regularised", r"J(\theta) = \frac{1}{2m}(X\theta - y)^T(X\theta - y) + \frac{\lambda}{2m}\theta^T\theta",
     {"squared_error", "l2_penalty"}, set()),
    # kmaasrud.com, OLS: bold design matrix, plain Greek coefficients
    ("ols-bold", r"\text{RSS}(\beta) = (\mathbf y - \mathbf X\beta)^T(\mathbf y - \mathbf X\beta)", {"squared_error"},
     {"l2_penalty"}),
    # Wikipedia, Ordinary least squares: the objective as a norm
    ("ols-norm", r"S(\beta) = \| y - X\beta \|^2", {"squared_error"}, {"l2_penalty"}),
    # cs229 lecture notes: the gradient of the least-squares cost, no penalty in it
    ("cs229-gradient", r"\nabla_\theta J(\theta) = X^TX\theta - X^T\vec{y}", set(), {"l2_penalty"}),
    # d2l 3.1: the weight decay term stays a penalty
    ("weight-decay", r"\frac{\lambda}{2} \mathbf{w}^\top \mathbf{w}", {"l2_penalty"}, {"squared_error"}),
    # R docs, stats::mahalanobis: a quadratic form, not a squared error
    ("mahalanobis", r"D^2 = (x - \mu)^T \Sigma^{-1} (x - \mu)", set(), {"squared_error", "l2_penalty"}),
    # Goodfellow et al., Deep Learning eq. 7.7: the quadratic approximation around w^*
    ("taylor-quadratic", r"\hat{J}(\theta) = J(w^*) + \frac{1}{2}(w - w^*)^\top H (w - w^*)", set(),
     {"squared_error", "l2_penalty"}),
    # bubuko.com GRU notes (row-vector convention): the candidate state
    ("gru-rows", r"h = \tanh (x_t U^h + (s_{t-1} \odot r) W^h)", {"tanh"}, {"lstm_cell"}),
]  # fmt: skip


@pytest.mark.parametrize(("row", "latex", "want", "avoid"), CASES, ids=[r[0] for r in CASES])
def test_concepts(row: str, latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)
