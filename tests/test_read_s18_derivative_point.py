"""One name in parentheses right after a Leibniz derivative is where it is taken, not a factor: a step letter is
refused with both spellings, never read silently as a product (Hinton's RMSprop slide, MeanSquare(w, t) = 0.9
MeanSquare(w, t-1) + 0.1 (∂E/∂w (t))², read (∂E/∂w)·t before); any other name, or one name's call, after the
derivative of a bare function is the point (session 47, ``derivative-at-point``: Weidman's chain rule)."""

from __future__ import annotations

import pytest
import sympy

import symdl

#: (id, latex, the refused span's text)
REFUSED = [
    (
        "hinton-rmsprop-slide",
        r"MeanSquare(w, t) = 0.9 \; MeanSquare(w, t-1) + 0.1 \left(\frac{\partial E}{\partial "
        r"w}(t)\right)^2",
        r"\frac{\partial E}{\partial w}(t)",
    ),
]

#: (id, latex, the SymPy reading of the last right side): the derivative taken at the point, noted
AT_POINT = [
    ("derivative-at-a-point", r"s = \frac{dy}{dx}(x_0)", "Subs(Derivative(y(x), x), x, x_0)"),
    ("greek-point", r"g = \frac{\partial L}{\partial \theta}(\theta_t)",
     "Subs(Derivative(L(theta), theta), theta, theta_t)"),
    # Weidman's Deep Learning from Scratch: the chain rule with the point after each derivative
    ("weidman-chain-rule", r"g = \frac{df_2}{du}(f_1(x)) \times \frac{df_1}{du}(x)",
     "Subs(Derivative(f_1(u), u), u, x)*Subs(Derivative(f_2(u), u), u, f_1(x))"),
]

#: (id, latex, the SymPy reading): products with an expression in parentheses, and the operator form, still read
READ = [
    ("product-with-a-difference", r"\frac{\partial E}{\partial w}(a - y)", "(a - y)*Derivative(E(w), w)"),
    ("operator-form", r"\frac{\partial}{\partial x}(x^2)", "Derivative(x**2, x)"),
    ("chain-of-factors", r"\frac{\partial C}{\partial a} \sigma'(z)", "Derivative(C(a), a)*Derivative(sigmoid(z), z)"),
]


@pytest.mark.parametrize(("latex", "where"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_a_point_after_a_derivative_is_refused_where_written(latex: str, where: str) -> None:
    with pytest.raises(symdl.NotSupported) as info:
        symdl.parse(latex)
    err = info.value
    assert latex[err.span.start : err.span.end] == where
    assert "\\right|_{w=a}" in err.hint and "\\cdot (t)" in err.hint


@pytest.mark.parametrize(("latex", "want"), [c[1:] for c in READ], ids=[c[0] for c in READ])
def test_other_parentheses_after_a_derivative_still_read(latex: str, want: str) -> None:
    assert sympy.sstr(symdl.parse(latex).statements[-1].rhs) == want


@pytest.mark.parametrize(("latex", "want"), [c[1:] for c in AT_POINT], ids=[c[0] for c in AT_POINT])
def test_a_name_after_a_derivative_is_the_point(latex: str, want: str) -> None:
    f = symdl.parse(latex)
    assert sympy.sstr(f.statements[-1].rhs) == want
    assert "derivative-at-point" in {n.rule for n in f.notes}
