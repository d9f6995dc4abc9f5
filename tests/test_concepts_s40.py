r"""Session 36: false labels found on held-out sets 39 and 40, each with the look-alike that must keep its name.

* StyleGAN2's path-length regulariser ``\|\mathbf{J}^T_\mathbf{w}\mathbf{y}\|_2``: a Jacobian's transpose times a
  vector is a vector-Jacobian product, no linear layer.
"""

from __future__ import annotations

import pytest

from tests.concept_cases import assert_concepts

# (id, latex, must-name ids, must-not-name ids)
CASES = [
    ("stylegan2-path-length-no-layer", r"\mathbb{E}_{\mathbf{w}, \mathbf{y}\sim\mathcal{N}(0, \mathbf{I})}\left(\left\|"
     r"\mathbf{J}^T_\mathbf{w}\mathbf{y}\right\|_2 - a\right)^2", set(), {"linear_layer"}),
    ("jacobian-vector-no-layer", r"\mathbf{v} = J^T \mathbf{u}", set(), {"linear_layer"}),
    ("transposed-weight-still-layer", r"\mathbf{h} = W^T \mathbf{x} + \mathbf{c}", {"linear_layer"}, set()),
    ("weight-map-still-layer", r"\mathbf{h} = W \mathbf{x}", {"linear_layer"}, set()),
]


@pytest.mark.parametrize(("latex", "want", "avoid"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_concepts(latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)
