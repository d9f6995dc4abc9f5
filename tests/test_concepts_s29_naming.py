"""Session 29, issue 14: hinge losses written as code name the hinge, not a ReLU.

- cs231n's ``np.maximum(0, scores - scores[y] + 1)``: the word ``scores`` is a score beside ``scores[y]``, not the
  margin (a named margin is ``margin``, ``\\Delta``), so the multiclass hinge is named;
- Keras's ``maximum(1 - y_true * y_pred, 0)``: the element-wise product of the labels and predictions is the score
  (its two factors, as ``y t`` has), so the hinge is named over a sample.
``max(0, 1 - x)`` and ``max(0, x)`` stay ReLUs: one name, no score.
"""

from __future__ import annotations

import pytest

from tests.concept_cases import assert_concepts

CASES = [
    # cs231n 'Linear classification', svm_loss_vectorized (notes' code)
    ("cs231n-margins", "margins = np.maximum(0, scores - scores[y] + 1)", {"hinge"}, {"relu"}),
    # cs231n notes, the multiclass SVM loss in TeX
    ("cs231n-tex", r"L_i = \sum_{j\neq y_i} \max(0, s_j - s_{y_i} + \Delta)", {"hinge"}, {"relu"}),
    # Keras docs, tf.keras.losses.hinge
    ("keras-hinge", "loss = mean(maximum(1 - y_true * y_pred, 0), axis=-1)", {"hinge"}, {"relu"}),
    # Keras docs, tf.keras.losses.squared_hinge
    ("keras-squared-hinge", "loss = mean(square(maximum(1 - y_true * y_pred, 0)), axis=-1)", {"hinge"}, {"relu"}),
    # a named margin
    ("named-margin", r"L = \max(0, \text{margin} - s_1 + s_2)", {"hinge"}, {"relu"}),
    # must stay ReLUs
    ("relu-shifted", r"y = \max(0, 1 - x)", {"relu"}, {"hinge"}),
    ("relu-code", "y = np.maximum(0, x)", {"relu"}, {"hinge"}),
]


@pytest.mark.parametrize(("latex", "want", "avoid"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_concepts(latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)
