"""An equation between two expressions names the blocks of BOTH sides (session 17).

``\\frac{d}{dx}\\log(1+e^x) = \\sigma(x)`` says "the derivative of softplus is the sigmoid": a reader names the
softplus on the left as well as the sigmoid on the right.  A name, a definition's call or an update's target on
the left is what the right side defines, and is not chunked as a block of its own.
"""

from __future__ import annotations

import pytest

import symdl
from symdl.chunk import explain
from tests.concept_cases import assert_concepts

CASES: list[tuple[str, str, set[str], set[str]]] = [
    # Goodfellow et al., Deep Learning §3.10 (properties of σ and ζ): d/dx ζ(x) = σ(x)
    ("softplus-derivative-is-sigmoid", r"\frac{d}{dx}\log(1+e^{x}) = \sigma(x)", {"softplus", "sigmoid"}, {"relu"}),
    # Goodfellow §3.10, eq. 3.36 direction: log σ(x) = −ζ(−x), written out
    ("log-sigmoid-identity", r"\log\sigma(x) = -\log(1+e^{-x})", {"log_sigmoid"}, {"relu"}),
    # LeCun et al., "Efficient BackProp" (1998): tanh′ = 1 − tanh²
    ("tanh-derivative-equation", r"\frac{d}{dx}\tanh(x) = 1 - \tanh^2(x)", {"tanh", "tanh_derivative"}, {"sigmoid"}),
    # cs231n linear-algebra review: the dot product written both ways
    ("dot-product-both-sides", r"x^T y = \sum_i x_i y_i", {"dot_product"}, {"linear_layer"}),
    # Nielsen ch. 2, BP3: a derivative of a plain name on the left names nothing there
    ("nielsen-bp3-left-plain", r"\frac{\partial C}{\partial b^l_j} = \delta^l_j", set(), {"softplus", "dot_product"}),
]


@pytest.mark.parametrize(("latex", "want", "avoid"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_concepts(latex: str, want: set[str], avoid: set[str]) -> None:
    assert_concepts(latex, want, avoid)


@pytest.mark.parametrize(
    ("latex", "sides"),
    [
        pytest.param(r"\frac{d}{dx}\log(1+e^{x}) = \sigma(x)", ("left side", "statement 1"), id="two-sides"),
        pytest.param(r"y = \log(1+e^{x})", None, id="assignment-one-side"),
        pytest.param(r"\frac{\partial C}{\partial b^l_j} = \delta^l_j", None, id="plain-left-one-side"),
    ],
)
def test_statement_shape(latex: str, sides: tuple[str, str] | None) -> None:
    """The statement's chunk holds the two sides only when the left side names a block."""
    root = explain(symdl.parse(latex)).statements[0]
    if sides is None:
        assert all(c.role != "left side" for c in root.children)
    else:
        assert root.name == "equation" and tuple(c.role.split(":")[0] for c in root.children) == sides
