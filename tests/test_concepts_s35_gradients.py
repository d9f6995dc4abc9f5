"""Session 35: the gradients readers name in backprop derivations (held-out set 35).

* ``output_error``: the cross-entropy's gradient by the scores through a softmax or a sigmoid, the prediction minus
  the target (cs231n, Nielsen ch. 3, d2l);
* ``delta_rule`` in matrix form (BP4): a weight matrix's gradient, the error times the layer's input transposed.
"""

from __future__ import annotations

import pytest

import symdl

# (id, latex, must-name ids, must-not-name ids)
CASES = [
    ("cs231n-softmax-grad", r"\frac{\partial L_i }{ \partial f_k } = p_k - \mathbb{1}(y_i = k)", {"output_error"},
     set()),
    ("nielsen-bias-ce", r"\frac{\partial C}{\partial b^L_j} = a^L_j-y_j", {"output_error"}, set()),
    ("d2l-logit-grad", r"\frac{\partial L}{\partial z} = \hat{y} - y", {"output_error"}, set()),
    ("mse-by-prediction", r"\frac{\partial L}{\partial \hat y} = \hat{y} - y", set(), {"output_error"}),
    ("by-a-weight", r"\frac{\partial L}{\partial w} = a - y", set(), {"output_error"}),
    ("nielsen-bp4-matrix", r"\nabla_{W^l} C = \delta^l(a^{l-1})^T", {"delta_rule"}, set()),
    ("cs231n-matmul-backward", "dW = dD.dot(X.T)", {"delta_rule"}, set()),
    ("input-gradient", r"\frac{\partial L}{\partial x} = W^T \delta", set(), {"delta_rule"}),
]


@pytest.mark.parametrize(("latex", "must", "must_not"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_concepts(latex: str, must: set[str], must_not: set[str]) -> None:
    found = symdl.explain(latex).concepts
    assert must <= found, f"missing {must - found}; found {sorted(found)}"
    assert not must_not & found, f"false {must_not & found}"
