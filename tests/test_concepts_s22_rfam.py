"""Session 22, task rfam: concepts named on formulas whose members of families of vectors now read.

Each row: (id, LaTeX as printed in the cited source, ids that must be named, ids that must not be named).
The rule the rows settle: a row times a concatenation of members is split at the parts, the second part read at an
offset by the first part's length (``W_a[j, l + n_1]``); an offset by a length is no sliding window, so the
additive score is never a convolution.
"""

from __future__ import annotations

import pytest

from tests.concept_cases import assert_concepts

CASES = [
    # Lil'Log, "Attention? Attention!" (Bahdanau et al.'s additive score with a concatenation)
    (
        "bahdanau-concat-score",
        r"\text{score}(\boldsymbol{s}_t, \boldsymbol{h}_i) = \mathbf{v}_a^\top \tanh(\mathbf{W}_a[\boldsymbol{s}_t; "
        r"\boldsymbol{h}_i])",
        {"tanh"},
        {"convolution", "scaled_dot_product_attention", "bilinear_form"},
    ),
    # Veličković et al. 2018 (GAT), eq. (1): the attention logit of a pair of nodes
    (
        "gat-logit",
        r"e_{ij} = \mathrm{LeakyReLU}(\mathbf{a}^T [\mathbf{W} \mathbf{h}_i \| \mathbf{W} \mathbf{h}_j])",
        set(),
        {"convolution", "scaled_dot_product_attention"},
    ),
    # Bahdanau et al. 2015, eq. (6)
    (
        "bahdanau-additive",
        r"e_{ij} = v_a^\top \tanh\left(W_a s_{i-1} + U_a h_j\right)",
        {"tanh"},
        {"convolution", "scaled_dot_product_attention", "bilinear_form"},
    ),
    # a real convolution keeps its name (d2l 7.2's cross-correlation, 1-D)
    (
        "conv1d-still-named",
        r"y_i = \sum_{k=1}^{K} w_k x_{i+k}",
        {"convolution"},
        set(),
    ),
]


@pytest.mark.parametrize(("latex", "want", "avoid"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_concepts(latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)
