"""backprop on seed 004's two-layer network and deeper chains: Ng's forms, FD-checked."""

from __future__ import annotations

import numpy as np
import pytest
import sympy
from sympy import HadamardProduct, MatrixSymbol, OneMatrix
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction as Apply
from test_differentiate_fd import assert_close, central_diff, evaluate, scalar_fn

from symdl.differentiate import Backprop, backprop
from symdl.errors import InvalidInput
from symdl.functions import relu, sigmoid, softplus

nx, nh, m = sympy.symbols("n_x n_h m", integer=True, positive=True)
X, Y = MatrixSymbol("X", nx, m), MatrixSymbol("Y", 1, m)
W1, b1 = MatrixSymbol("W^[1]", nh, nx), MatrixSymbol("b^[1]", nh, 1)
W2, b2 = MatrixSymbol("W^[2]", 1, nh), MatrixSymbol("b^[2]", 1, 1)
Z1, A1 = MatrixSymbol("Z^[1]", nh, m), MatrixSymbol("A^[1]", nh, m)
Z2, A2 = MatrixSymbol("Z^[2]", 1, m), MatrixSymbol("A^[2]", 1, m)
J = MatrixSymbol("J", 1, 1)
g = sympy.Function("g")
_d = sympy.Dummy("d", real=True)
ONES = OneMatrix(1, m)
COST = (
    -(1 / m)
    * (HadamardProduct(Y, Apply(sympy.log, A2)) + HadamardProduct(ONES - Y, Apply(sympy.log, ONES - A2)))
    * OneMatrix(m, 1)
)


G = sympy.Lambda(_d, g(_d))


def seed004(activation: sympy.Basic = G) -> list[tuple[sympy.Basic, sympy.Basic]]:
    """Z1 = W1 X + b1 1ᵀ, A1 = g(Z1), Z2 = W2 A1 + b2 1ᵀ, A2 = σ(Z2), J = cross-entropy."""
    return [
        (Z1, W1 * X + b1 * ONES),
        (A1, Apply(activation, Z1)),
        (Z2, W2 * A1 + b2 * ONES),
        (A2, Apply(sigmoid, Z2)),
        (J, COST),
    ]


def test_seed004_gives_ngs_vectorised_forms() -> None:
    bp = backprop(seed004())
    dZ2, dZ1 = bp.step("dZ^[2]").symbol, bp.step("dZ^[1]").symbol
    assert bp.step("dZ^[2]").expr == A2 - Y
    assert bp.step("dW^[2]").expr == (1 / m) * dZ2 * A1.T
    assert bp.step("db^[2]").expr == (1 / m) * dZ2 * OneMatrix(m, 1)
    dz1 = bp.step("dZ^[1]").expr
    assert isinstance(dz1, HadamardProduct) and W2.T * dZ2 in dz1.args
    (gprime,) = [a for a in dz1.args if isinstance(a, Apply)]
    assert gprime.expr == Z1 and gprime.function.expr.has(sympy.Derivative)
    assert bp.step("dW^[1]").expr == (1 / m) * dZ1 * X.T
    assert bp.step("db^[1]").expr == (1 / m) * dZ1 * OneMatrix(m, 1)
    names = [s.name for s in bp.steps]
    assert names == ["dA^[2]", "dZ^[2]", "dW^[2]", "db^[2]", "dA^[1]", "dZ^[1]", "dW^[1]", "db^[1]"]
    assert bp.scale == 1 / m and not bp.gave_up


def test_every_step_states_its_rule() -> None:
    bp = backprop(seed004())
    rules = {s.name: s.rule for s in bp.steps}
    assert "broadcast over columns" in rules["db^[2]"]
    assert "matrix product (ML layout)" in rules["dW^[1]"]
    assert "element-wise function" in rules["dZ^[1]"]
    assert all(s.rule and s.description for s in bp.steps)


def _forward(stmts, values):
    vals = dict(values)
    for lhs, rhs in stmts:
        vals[lhs] = evaluate(rhs, vals)
    return vals


def _cost_from(stmts, values, q):
    """The cost as a function of quantity ``q`` (downstream statements recomputed)."""
    start = next((i + 1 for i, (lhs, _) in enumerate(stmts) if lhs == q), 0)

    def f(value: np.ndarray) -> float:
        vals = dict(values)
        vals[q] = value
        for lhs, rhs in stmts[start:]:
            vals[lhs] = evaluate(rhs, vals)
        return float(np.sum(vals[stmts[-1][0]]))

    return f


def _inputs(seed: int, n_x: int = 3, n_h: int = 4, n_m: int = 5) -> dict:
    rng = np.random.default_rng(seed)
    return {
        X: rng.normal(size=(n_x, n_m)),
        Y: (rng.uniform(size=(1, n_m)) > 0.5).astype(float),
        W1: rng.normal(size=(n_h, n_x)),
        b1: rng.normal(size=(n_h, 1)),
        W2: rng.normal(size=(1, n_h)),
        b2: rng.normal(size=(1, 1)),
    }


def _check_all_steps(bp: Backprop, stmts, values) -> None:
    forward = _forward(stmts, values)
    for s in bp.steps:
        got = evaluate(bp.derivative(s.of), forward)
        numeric = central_diff(_cost_from(stmts, forward, s.of), forward[s.of])
        assert_close(got, numeric, rtol=1e-5, atol=1e-8)


ACTIVATIONS = [
    pytest.param(sympy.Lambda(_d, sympy.tanh(_d)), id="tanh"),
    pytest.param(sympy.Lambda(_d, sigmoid(_d)), id="sigmoid"),
    pytest.param(sympy.Lambda(_d, softplus(_d)), id="softplus"),
    pytest.param(sympy.Lambda(_d, relu(_d)), id="relu"),
]


@pytest.mark.parametrize("activation", ACTIVATIONS)
@pytest.mark.parametrize("convention", ["ng", "exact"])
def test_seed004_every_gradient_matches_finite_differences(activation, convention) -> None:
    stmts = seed004(activation)
    bp = backprop(stmts, convention=convention)
    values = _inputs(seed=7, n_x=3, n_h=4, n_m=5)
    if activation.expr.func is relu:
        values[b1] = values[b1] + 0.05  # keep pre-activations off the kink
        z1 = values[W1] @ values[X] + values[b1]
        assert np.min(np.abs(z1)) > 1e-3
    _check_all_steps(bp, stmts, values)


def test_symbolic_g_derivation_agrees_with_concrete_activation() -> None:
    """Substituting g := tanh into the symbolic chain gives the tanh chain's numbers."""
    symbolic = backprop(seed004())
    stmts = seed004(sympy.Lambda(_d, sympy.tanh(_d)))
    values = _forward(stmts, _inputs(seed=3))
    for s in symbolic.steps:
        expr = symbolic.derivative(s.of).replace(g, sympy.tanh)
        concrete = backprop(stmts).derivative(s.of)
        assert_close(evaluate(expr, values), evaluate(concrete, values))


def deep_chain(layers: int) -> list[tuple[sympy.Basic, sympy.Basic]]:
    """``layers`` tanh layers of width n and a sigmoid cross-entropy output."""
    n = sympy.Symbol("n", integer=True, positive=True)
    prev = MatrixSymbol("X", n, m)
    stmts = []
    for layer in range(1, layers + 1):
        rows = 1 if layer == layers else n
        W = MatrixSymbol(f"W^[{layer}]", rows, n)
        b = MatrixSymbol(f"b^[{layer}]", rows, 1)
        Z = MatrixSymbol(f"Z^[{layer}]", rows, m)
        A = MatrixSymbol(f"A^[{layer}]", rows, m)
        f = sigmoid if layer == layers else sympy.tanh
        stmts += [(Z, W * prev + b * ONES), (A, Apply(f, Z))]
        prev = A
    ce = (
        -(1 / m)
        * (
            HadamardProduct(Y, Apply(sympy.log, prev))
            + HadamardProduct(ONES - Y, Apply(sympy.log, ONES - prev))
        )
        * OneMatrix(m, 1)
    )
    return [*stmts, (J, ce)]


@pytest.mark.parametrize("layers", [1, 3, 8])
def test_deep_chain_has_no_expression_swell(layers) -> None:
    bp = backprop(deep_chain(layers))
    assert len(bp.steps) == 4 * layers  # dA, dZ, dW, db per layer
    assert max(sympy.count_ops(s.expr) for s in bp.steps) <= 12
    assert bp.step(f"dZ^[{layers}]").expr == MatrixSymbol(f"A^[{layers}]", 1, m) - Y


def test_deep_chain_matches_finite_differences() -> None:
    stmts = deep_chain(3)
    rng = np.random.default_rng(11)
    n, mm = 3, 4
    values = {MatrixSymbol("X", sympy.Symbol("n", integer=True, positive=True), m): rng.normal(size=(n, mm))}
    values[Y] = (rng.uniform(size=(1, mm)) > 0.5).astype(float)
    for _, rhs in stmts:
        for s in rhs.atoms(MatrixSymbol):
            if s.name.startswith(("W", "b")) and s not in values:
                rows = 1 if s.shape[0] == 1 else n
                values[s] = rng.normal(size=(rows, n if s.name.startswith("W") else 1))
    _check_all_steps(backprop(stmts), stmts, values)


def test_scalar_network_uses_named_intermediates() -> None:
    x, y, w1, b1s, w2, b2s, z1, a1, z2, a2, L = sympy.symbols("x y w1 b1 w2 b2 z1 a1 z2 a2 L", real=True)
    stmts = [
        (z1, w1 * x + b1s),
        (a1, sympy.tanh(z1)),
        (z2, w2 * a1 + b2s),
        (a2, sigmoid(z2)),
        (L, -y * sympy.log(a2) - (1 - y) * sympy.log(1 - a2)),
    ]
    bp = backprop(stmts)
    assert sympy.simplify(bp.step("dz2").expr - (a2 - y)) == 0
    assert bp.step("dz1").expr.has(a1) and not bp.step("dz1").expr.has(sympy.tanh)
    point = {x: 0.3, y: 1.0, w1: -0.7, b1s: 0.2, w2: 1.1, b2s: -0.4}
    full = stmts[-1][1]
    for lhs, rhs in reversed(stmts[:-1]):
        full = full.xreplace({lhs: rhs})
    forward = dict(point)
    for lhs, rhs in stmts:
        forward[lhs] = float(rhs.xreplace(forward))
    for q in (w1, b1s, w2, b2s):
        got = float(bp.derivative(q).xreplace({s.symbol: s.expr for s in bp.steps}).xreplace(forward))
        f = scalar_fn(full.xreplace({k: v for k, v in point.items() if k != q}), [q])
        assert_close(got, central_diff(lambda v, f=f: f(v[0]), np.array([point[q]]))[0])


@pytest.mark.parametrize(
    ("kwargs", "error"),
    [
        pytest.param({"loss": "nope"}, InvalidInput, id="unknown-loss"),
        pytest.param({"params": ["X"]}, InvalidInput, id="data-only"),
    ],
)
def test_bad_backprop_requests_are_clear_errors(kwargs, error) -> None:
    stmts = [(Z1, W1 * X), (J, OneMatrix(1, nh) * Z1 * OneMatrix(m, 1))]
    if kwargs.get("params") == ["X"]:
        backprop(stmts, **kwargs)  # X does reach the loss: fine
        with pytest.raises(error):
            backprop(stmts, params=["Y"])
        return
    with pytest.raises(error):
        backprop(stmts, **kwargs)
