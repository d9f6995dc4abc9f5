"""Session 29, issue 14: hinge losses written as code name the hinge, not a ReLU; a softmax of dot products.

- cs231n's ``np.maximum(0, scores - scores[y] + 1)``: the word ``scores`` is a score beside ``scores[y]``, not the
  margin (a named margin is ``margin``, ``\\Delta``), so the multiclass hinge is named;
- Keras's ``maximum(1 - y_true * y_pred, 0)``: the element-wise product of the labels and predictions is the score
  (its two factors, as ``y t`` has), so the hinge is named over a sample.
``max(0, 1 - x)`` and ``max(0, x)`` stay ReLUs: one name, no score.
- a cosine similarity divided by a temperature (SimCLR's ``z_i^T z_j / (τ ‖z_i‖ ‖z_j‖)``) is named; a constant taken
  off a value (``x = x - 1``, cs231n's ``dscores[range(N), y] -= 1``) is no gradient descent step;
- a normalisation of a name an earlier statement defines as an exponential (cs231n's ``exp_scores``) is a softmax;
- word2vec's ``\\exp(u_c^T v) / \\sum_i \\exp(u_i^T v)``: the dot products in the numerator and the normaliser bind
  different summed indices; they are the same score up to that renaming, so it is a softmax (it was a "near miss").
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
    # Mikolov et al. (2013), the skip-gram softmax, vectors bold; and as in Goldberg & Levy's notes
    ("word2vec-softmax", r"p = \frac{\exp(\mathbf{u}_c^\top \mathbf{v})}{\sum_i \exp(\mathbf{u}_i^\top \mathbf{v})}",
     {"softmax"}, set()),
    ("skipgram-softmax",
     r"p(w_O|w_I) = \frac{\exp\left({v_{w_O}}^\top v_{w_I}\right)}{\sum_{w=1}^{W}\exp\left({v_w}^\top v_{w_I}\right)}",
     {"softmax"}, set()),
    # Chen et al. (2020), SimCLR's similarity with its temperature in the denominator
    ("simclr-similarity-temperature",
     r"s_{ij} = \frac{\mathbf{z}_i^\top \mathbf{z}_j}{\tau\,\|\mathbf{z}_i\|\,\|\mathbf{z}_j\|}",
     {"cosine_similarity"}, set()),
    # a constant taken off is no step along a gradient (cs231n's softmax gradient code; a counter)
    ("cs231n-dscores-minus-one", "dscores[range(N), y] -= 1", set(), {"gradient_descent_step"}),
    ("counter-down", "x = x - 1", set(), {"gradient_descent_step"}),
    ("sgd-still", r"w = w - \eta g", {"gradient_descent_step"}, set()),
    # cs231n 'Neural Networks Case Study': the exponentials named first, then normalised (and a family's entries)
    ("cs231n-probs-over-exp-scores",
     "exp_scores = np.exp(scores)\nprobs = exp_scores / np.sum(exp_scores, axis=1, keepdims=True)", {"softmax"}, set()),
    ("entries-over-exp-family", r"e_i = \exp(z_i) \\ p_i = \frac{e_i}{\sum_j e_j}", {"softmax"}, set()),
    ("no-exp-no-softmax", r"p_i = \frac{e_i}{\sum_j e_j}", {"normalization"}, {"softmax"}),
    # must stay ReLUs
    ("relu-shifted", r"y = \max(0, 1 - x)", {"relu"}, {"hinge"}),
    ("relu-code", "y = np.maximum(0, x)", {"relu"}, {"hinge"}),
]


@pytest.mark.parametrize(("latex", "want", "avoid"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_concepts(latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)
