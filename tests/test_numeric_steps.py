"""check_derivation: seed 004's backprop chain, checked step by step; the first wrong step is named."""

from __future__ import annotations

import pytest
import sympy
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction

from symdl.errors import InvalidInput
from symdl.functions import sigmoid
from symdl.numeric import ClaimedStep, HandDerivation, check_derivation

n0, n1, m = sympy.symbols("n0 n1 m", integer=True, positive=True)
X, Y = sympy.MatrixSymbol("X", n0, m), sympy.MatrixSymbol("Y", 1, m)
W1, b1 = sympy.MatrixSymbol("W1", n1, n0), sympy.MatrixSymbol("b1", n1, 1)
W2, b2 = sympy.MatrixSymbol("W2", 1, n1), sympy.MatrixSymbol("b2", 1, 1)
Z1, A1 = sympy.MatrixSymbol("Z1", n1, m), sympy.MatrixSymbol("A1", n1, m)
Z2, A2 = sympy.MatrixSymbol("Z2", 1, m), sympy.MatrixSymbol("A2", 1, m)
J = sympy.Symbol("J", real=True)
u = sympy.Dummy("u", real=True)
ONE = sympy.OneMatrix(1, m)


def ew(body: sympy.Expr, arg: sympy.Basic) -> sympy.Basic:
    return ElementwiseApplyFunction(sympy.Lambda(u, body), arg)


FORWARD = (
    (Z1, W1 * X + b1 * ONE),
    (A1, ew(sympy.tanh(u), Z1)),
    (Z2, W2 * A1 + b2 * ONE),
    (A2, ew(sigmoid(u), Z2)),
    (J, -(Y * ew(sympy.log(u), A2).T + (ONE - Y) * ew(sympy.log(1 - u), A2).T) / m),
)
D = {
    name: sympy.MatrixSymbol(name, *shape)
    for name, shape in {
        "dZ2": (1, m),
        "dW2": (1, n1),
        "db2": (1, 1),
        "dZ1": (n1, m),
        "dW1": (n1, n0),
        "db1": (n1, 1),
    }.items()
}
WRT = {"dZ2": Z2, "dW2": W2, "db2": b2, "dZ1": Z1, "dW1": W1, "db1": b1}
NG = {
    "dZ2": A2 - Y,
    "dW2": D["dZ2"] * A1.T / m,
    "db2": D["dZ2"] * ONE.T / m,
    "dZ1": sympy.hadamard_product(W2.T * D["dZ2"], ew(1 - sympy.tanh(u) ** 2, Z1)),
    "dW1": D["dZ1"] * X.T / m,
    "db1": D["dZ1"] * ONE.T / m,
}


def derivation(changes: dict | None = None, convention: str = "ng") -> HandDerivation:
    claims = {**NG, **(changes or {})}
    steps = tuple(ClaimedStep(k, D[k], WRT[k], claims[k]) for k in NG)
    return HandDerivation(FORWARD, steps, convention=convention)


def test_seed004_backprop_verified_step_by_step() -> None:
    report = check_derivation(derivation())
    assert report.verdict == "verified", str(report)
    assert [s.name for s in report.steps] == list(NG)
    assert all(s.max_rel_error < 1e-9 for s in report.steps)


WRONG = [
    ("dZ2-sign", {"dZ2": Y - A2}, "dZ2"),
    ("dW2-missing-transpose", {"dW2": (D["dZ2"] * A1.T / m).T}, "dW2"),
    (
        "dZ1-wrong-activation-derivative",
        {"dZ1": sympy.hadamard_product(W2.T * D["dZ2"], ew(1 - sympy.tanh(u), Z1))},
        "dZ1",
    ),
    ("dW1-missing-transpose", {"dW1": D["dZ1"] * X / m}, "dW1"),
    ("db1-factor-2", {"db1": 2 * D["dZ1"] * ONE.T / m}, "db1"),
]


@pytest.mark.parametrize(("changes", "first"), [w[1:] for w in WRONG], ids=[w[0] for w in WRONG])
def test_first_wrong_step_is_named(changes: dict, first: str) -> None:
    report = check_derivation(derivation(changes))
    assert report.verdict == "refuted"
    assert report.first_wrong == first, str(report)
    assert [s.name for s in report.steps if not s.ok] == [first]


def test_exact_convention_rejects_ng_dz() -> None:
    report = check_derivation(derivation(convention="exact"))
    assert report.first_wrong == "dZ2"


def test_from_formula_needs_gradient_lines() -> None:
    import symdl

    with pytest.raises(InvalidInput):
        HandDerivation.from_formula(symdl.parse(r"z = w x \\ J = z^2"))
