"""Session 30, issue 14: a backward step written as the gradient from above times a local derivative is the chain
rule (cs231n's ``dX = np.dot(W.T, dD)``, ``dx = (1 - t**2) * dt``; Grosse's ``\\bar{z} = \\bar{y}\\,\\sigma'(z)``;
d2l's ``∂L/∂c_{t-1} = ∂L/∂c_t ⊙ f_t``; Nielsen's scalar ``∂C/∂z = ∂C/∂a σ'(z)``).  An update that subtracts a
gradient, a moving average of gradients and a product of numbers are not.
"""

from __future__ import annotations

import pytest

from tests.concept_cases import assert_concepts

CASES = [
    # cs231n 'Backprop, intuitions': the gate's local gradient times the upstream gradient
    ("cs231n-tanh-code", "dx = (1 - t**2) * dt", {"chain_rule"}, set()),
    ("cs231n-matmul-code", "dX = np.dot(W.T, dD)", {"chain_rule"}, set()),
    ("cs231n-weights-code", "dW = np.dot(dD, X.T)", {"chain_rule"}, set()),
    ("upstream-word", "dsigx = (1 - sigx) * sigx * dsigx_upstream", {"chain_rule"}, set()),
    # Grosse, CSC321 lecture 6: adjoints written with bars
    ("grosse-adjoint", r"\bar{z} = \bar{y} \, \sigma'(z)", {"chain_rule", "sigmoid_derivative"}, set()),
    # d2l, LSTM backprop through the cell
    ("d2l-cell", r"\frac{\partial L}{\partial c_{t-1}} = \frac{\partial L}{\partial c_t} \odot f_t", {"chain_rule"},
     set()),
    # Nielsen ch. 2, one neuron: the cost's slope in a times the activation's
    ("nielsen-scalar", r"\frac{\partial C}{\partial z} = \frac{\partial C}{\partial a} \sigma'(z)", {"chain_rule"},
     set()),
    # Ng's weight gradient
    ("ng-weight-gradient", r"dW^{[2]} = \frac{1}{m} dZ^{[2]} A^{[1]T}", {"chain_rule"}, set()),
    # not a chain: a step, an average, numbers
    ("sgd-step", "W = W - lr * dW", {"gradient_descent_step"}, {"chain_rule"}),
    ("momentum-average", r"v = \beta v + (1-\beta) dW", {"ema"}, {"chain_rule"}),
    ("plain-product", "y = a * b", set(), {"chain_rule"}),
    ("slope-alone", r"y = a \sigma'(z)", {"sigmoid_derivative"}, {"chain_rule"}),
]


@pytest.mark.parametrize(("latex", "want", "avoid"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_concepts(latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)
