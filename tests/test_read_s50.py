r"""Session 45, from held-out sets 49 and 50: classes of notation, each a rule with its note, checked by value against
plain numpy.

* an update step that uses one example i, no sum running over i and no left side carrying it (the perceptron's
  ``\mathbf{w}^{(t+1)} = \mathbf{w}^{(t)} + y_i \mathbf{x}_i``, SGD's ``\mathbf{w} \leftarrow \mathbf{w} - \eta
  (\mathbf{w}^\top\mathbf{x}_i - y_i)\mathbf{x}_i``), reads each member as a name of its own (``family-member-given``;
  before: refused);
* a vector made of members times their dot products (the least-squares gradient ``\mathbf{g} = \frac{1}{m}\sum_i
  \mathbf{x}_i(\mathbf{w}^\top\mathbf{x}_i - y_i)``) takes the members' length for its left side (``family-rows``;
  before: refused because the left side's length was a size of its own).
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_values_noted

RNG = np.random.default_rng(4550)
X = RNG.normal(size=(6, 3))
Y = RNG.normal(size=6)
YS = np.sign(RNG.normal(size=6))
W = RNG.normal(size=3)

STEPS = [
    # Shalev-Shwartz & Ben-David, the batch perceptron (ch. 9.1.2): one misclassified example i per step
    ("perceptron-step", r"\mathbf{w}^{(t+1)} = \mathbf{w}^{(t)} + y_i \mathbf{x}_i",
     {r"\mathbf{w}^{(t)}": W, "y_i": YS[2], r"\mathbf{x}_i": X[2]}, W + YS[2] * X[2], ("family-member-given",)),
    # SGD for least squares on one example (Bottou et al. 2018, eq. 2.4 written for a linear model)
    ("sgd-least-squares", r"\mathbf{w}_{t+1} = \mathbf{w}_t - \eta(\mathbf{w}_t^T\mathbf{x}_i - y_i)\mathbf{x}_i",
     {r"\mathbf{w}_t": W, r"\eta": 0.1, r"\mathbf{x}_i": X[4], "y_i": Y[4]},
     W - 0.1 * (W @ X[4] - Y[4]) * X[4], ("family-member-given",)),
    # the same with an arrow (Rosenblatt's rule as Hagan et al. write it, with a learning rate)
    ("arrow-step", r"\mathbf{w} \leftarrow \mathbf{w} + \eta y_i \mathbf{x}_i",
     {r"\mathbf{w}": W, r"\eta": 0.5, "y_i": YS[1], r"\mathbf{x}_i": X[1]}, W + 0.5 * YS[1] * X[1],
     ("family-member-given",)),
    # the least-squares gradient over a batch, the member on the left of its residual and on the right
    ("lsq-gradient-left", r"\mathbf{g} = \frac{1}{m}\sum_{i=1}^m \mathbf{x}_i(\mathbf{w}^T\mathbf{x}_i - y_i)",
     {r"\mathbf{x}": X, "y": Y, r"\mathbf{w}": W, "m": 6}, X.T @ (X @ W - Y) / 6, ("family-rows",)),
    ("lsq-gradient-right", r"\mathbf{g} = \sum_{i=1}^m (\mathbf{w}^T\mathbf{x}_i - y_i)\mathbf{x}_i",
     {r"\mathbf{x}": X, "y": Y, r"\mathbf{w}": W, "m": 6}, X.T @ (X @ W - Y), ("family-rows",)),
]


@pytest.mark.parametrize(("code", "args", "want", "rules"), [c[1:] for c in STEPS], ids=[c[0] for c in STEPS])
def test_member_steps(code: str, args: dict, want: np.ndarray, rules: tuple[str, ...]) -> None:
    assert_values_noted(code, args, {"": want}, rules)


STILL_REFUSED = [
    ("mixup-pair", r"\tilde{\mathbf{x}} = \lambda \mathbf{x}_i + (1-\lambda) \mathbf{x}_j"),
    ("two-letters-one-family", r"\mathbf{h}_j = \boldsymbol\Omega_k \mathbf{h}_i"),
    ("outer-no-letter-left", r"\mathbf{S} = \mathbf{h}_i\mathbf{h}_i^T"),
]


@pytest.mark.parametrize("code", [c[1] for c in STILL_REFUSED], ids=[c[0] for c in STILL_REFUSED])
def test_not_a_step_stays_refused(code: str) -> None:
    with pytest.raises(symdl.SymdlError, match=r"family of vectors|one vector"):
        symdl.parse(code)
