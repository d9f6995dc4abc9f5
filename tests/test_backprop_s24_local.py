"""Session 24 (issue 15.4): backprop by local derivatives and local rewrites equals naive ``sympy.diff``.

Sources: the L-layer chains are benchmarks/bench_backprop.py's (tanh hidden layers, a sigmoid output and
binary cross-entropy: Nielsen ch. 2, Ng's deep learning course); the two-layer network is
derivations/two-layer-network.txt's forward system (Ng's vectorised notation) with g = tanh.  Every
gradient is compared at seeded random points with ``sympy.diff`` of the composed loss (scalar chains) or
of the loss written entry by entry with explicit matrices (matrix networks).  Each local rewrite of
:data:`symdl.differentiate.local.LOCAL_REWRITES` has a row where it fires and a row where it must not.
No timing is asserted.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy
from sympy import MatrixSymbol
from test_differentiate_fd import assert_close, evaluate

import symdl
from benchmarks.bench_backprop import matrix_chain, scalar_chain
from symdl.differentiate import backprop
from symdl.differentiate.local import LOCAL_REWRITES, Context, covered, local_derivative, rewrite_locally, tidy_scalar
from symdl.functions import sigmoid

# --- scalar chains: every parameter's gradient against sympy.diff of the composed loss -------------------------


def _composed(stmts: list[tuple[sympy.Basic, sympy.Basic]]) -> sympy.Basic:
    full = stmts[-1][1]
    for lhs, rhs in reversed(stmts[:-1]):
        full = full.xreplace({lhs: rhs})
    return full


def _scalar_point(stmts: list[tuple[sympy.Basic, sympy.Basic]], seed: int) -> dict[sympy.Basic, sympy.Basic]:
    rng = np.random.default_rng(seed)
    leaves = set().union(*(rhs.free_symbols for _, rhs in stmts)) - {lhs for lhs, _ in stmts}
    point = {s: sympy.Float(rng.uniform(-1.2, 1.2)) for s in sorted(leaves, key=str)}
    point[sympy.Symbol("y", real=True)] = sympy.Float(rng.uniform(0.05, 0.95))
    forward = dict(point)
    for lhs, rhs in stmts:
        forward[lhs] = rhs.xreplace(forward).evalf()
    return forward


@pytest.mark.parametrize("layers", [1, 2, 3, 5], ids=lambda n: f"L{n}")
@pytest.mark.parametrize("seed", [0, 1], ids=lambda s: f"seed{s}")
def test_scalar_chain_equals_naive_diff(layers: int, seed: int) -> None:
    stmts, params = scalar_chain(layers)
    bp = backprop(stmts)
    forward = _scalar_point(stmts, seed)
    full = _composed(stmts)
    point = {k: v for k, v in forward.items() if k not in dict(stmts)}
    for p in params:
        naive = float(sympy.diff(full, p).xreplace(point).evalf())
        ours = float(bp.derivative(p).xreplace(forward).evalf())
        assert ours == pytest.approx(naive, rel=1e-9, abs=1e-12), p


@pytest.mark.parametrize("layers", [1, 2, 3, 5], ids=lambda n: f"L{n}")
def test_scalar_chain_shows_named_forms(layers: int) -> None:
    """dz_L = a_L − y (cross-entropy through σ); a hidden dz is dz_{l+1} w_{l+1} (1 − a_l²), tanh' in its output."""
    stmts, _ = scalar_chain(layers)
    bp = backprop(stmts)
    a, y = sympy.Symbol(f"a_{layers}", real=True), sympy.Symbol("y", real=True)
    assert bp.step(f"dz_{layers}").expr == a - y
    for layer in range(1, layers):
        shown = bp.step(f"dz_{layer}").expr
        a_l = sympy.Symbol(f"a_{layer}", real=True)
        assert (1 - a_l**2) in sympy.Mul.make_args(shown) and not shown.has(sympy.tanh)
    assert not bp.gave_up


# --- matrix networks: against sympy.diff of the loss written with explicit matrices ------------------------------


def _explicit_network(values: dict[str, np.ndarray], layers: int) -> tuple[sympy.Basic, dict[str, sympy.Matrix]]:
    """The cost of a tanh/σ network with symbol entries for W and b (X, Y numbers), and those matrices by name."""
    params: dict[str, sympy.Matrix] = {}
    prev = sympy.Matrix(values["X"])
    cols = prev.shape[1]
    for layer in range(1, layers + 1):
        rows = values[f"W^[{layer}]"].shape[0]
        W = sympy.Matrix(rows, prev.shape[0], lambda i, j, k=layer: sympy.Symbol(f"w{k}_{i}{j}", real=True))
        b = sympy.Matrix(rows, 1, lambda i, j, k=layer: sympy.Symbol(f"b{k}_{i}", real=True))
        params[f"W^[{layer}]"], params[f"b^[{layer}]"] = W, b
        Z = W * prev + b * sympy.ones(1, cols)
        prev = Z.applyfunc(sigmoid if layer == layers else sympy.tanh)
    y = values["Y"][0]
    cost = -sum(y[i] * sympy.log(prev[0, i]) + (1 - y[i]) * sympy.log(1 - prev[0, i]) for i in range(cols)) / cols
    return cost, params


def _check_matrix(stmts: list[tuple[sympy.Basic, sympy.Basic]], values: dict, layers: int) -> None:
    bp = backprop(stmts)
    forward = dict(values)
    for lhs, rhs in stmts:
        forward[lhs] = evaluate(rhs, forward)
    cost, explicit = _explicit_network({s.name: v for s, v in values.items()}, layers)
    entries = {}
    for name, mat in explicit.items():
        entries.update({sym: float(v) for sym, v in zip(mat, np.ravel(values[_by_name(values, name)]), strict=True)})
    for name, mat in explicit.items():
        naive = np.array([[float(sympy.diff(cost, e).xreplace(entries)) for e in row] for row in mat.tolist()])
        ours = evaluate(bp.derivative(name), forward)
        assert_close(ours, naive, rtol=1e-9, atol=1e-12)


def _by_name(values: dict, name: str) -> MatrixSymbol:
    return next(s for s in values if s.name == name)


def test_matrix_chain_two_layers_equals_naive_diff() -> None:
    stmts = matrix_chain(2)
    n, m = 2, 3
    rng = np.random.default_rng(5)
    values = {}
    for s in {q for _, rhs in stmts for q in rhs.atoms(MatrixSymbol)} - {lhs for lhs, _ in stmts}:
        rows = 1 if s.shape[0] == 1 else n
        cols = m if s.name in ("X", "Y") else (1 if s.name.startswith("b") else n)
        values[s] = rng.uniform(0.05, 0.95, size=(rows, cols)) if s.name == "Y" else rng.normal(size=(rows, cols))
    _check_matrix(stmts, values, layers=2)


TWO_LAYER = (
    r"Z^{[1]} = W^{[1]} X + b^{[1]} \\ A^{[1]} = \tanh(Z^{[1]}) \\ Z^{[2]} = W^{[2]} A^{[1]} + b^{[2]} \\ "
    r"\hat{y} = A^{[2]} = \sigma(Z^{[2]}) \\ J = -\frac{1}{m} \sum_{i=1}^m \left( y^{(i)} \log \hat{y}^{(i)} "
    r"+ (1-y^{(i)}) \log(1-\hat{y}^{(i)}) \right)"
)  # derivations/two-layer-network.txt's forward system, g^{[1]} = tanh


def test_two_layer_network_derivation_equals_naive_diff() -> None:
    bp = backprop(symdl.parse(TWO_LAYER))
    stmts = list(bp.forward)
    rng = np.random.default_rng(9)
    sizes = {"X": (3, 4), "Y": (1, 4), "W^[1]": (2, 3), "b^[1]": (2, 1), "W^[2]": (1, 2), "b^[2]": (1, 1)}
    leaves = {q for _, rhs in stmts for q in rhs.atoms(MatrixSymbol)} - {lhs for lhs, _ in stmts}
    values = {s: rng.uniform(0.05, 0.95, size=sizes[s.name]) if s.name == "Y" else rng.normal(size=sizes[s.name])
              for s in leaves}  # fmt: skip
    _check_matrix(stmts, values, layers=2)
    yhat = next(t for t, _ in stmts if str(t) == "yhat")
    assert bp.step("dZ^[2]").expr == yhat - _by_name(values, "Y")  # a − y, not an expanded mess


# --- the local rewrite table: a row where each rule fires, a row where it must not --------------------------------

a, y, z, w, m, u, v = sympy.symbols("a y z w m u v", real=True)
CE = -y / a + (1 - y) / (1 - a)

RULE_ROWS = [
    # (rule, expression, context, expected result or None when the rule must not fire)
    pytest.param("named-activation", sigmoid(z) * (1 - sigmoid(z)) * w, Context({sigmoid(z): a}),
                 w * a * (1 - a), id="named-activation-sigmoid-fires"),
    pytest.param("named-activation", (1 - sympy.tanh(z) ** 2) * w, Context({sympy.tanh(z): a}),
                 w * (1 - a**2), id="named-activation-tanh-fires"),
    pytest.param("named-activation", sigmoid(2 * z) * w, Context({sigmoid(z): a}), None,
                 id="named-activation-other-argument-kept"),
    pytest.param("cross-entropy-through-sigmoid", CE * a * (1 - a), Context({}), a - y, id="ce-sigmoid-fires"),
    pytest.param("cross-entropy-through-sigmoid", CE * (1 - a**2), Context({}), None,
                 id="ce-sigmoid-tanh-output-not"),
    pytest.param("cross-entropy-by-prediction", CE, Context({}), (a - y) / (a * (1 - a)), id="ce-prediction-fires"),
    pytest.param("cross-entropy-by-prediction", -y / a + y / (1 - a), Context({}), None,
                 id="ce-prediction-near-miss-not"),
    pytest.param("constant-times-sum", 2 * a - 2 * y, Context({}), sympy.Mul(2, a - y, evaluate=False),
                 id="constant-times-sum-fires"),
    pytest.param("constant-times-sum", a - 2 * y, Context({}), None, id="constant-times-sum-no-common-factor"),
    pytest.param("per-sample-scale", u / m - v / m, Context({}, 1 / m), sympy.Mul(1 / m, u - v, evaluate=False),
                 id="per-sample-scale-fires"),
    pytest.param("per-sample-scale", u / m - v, Context({}, 1 / m), None, id="per-sample-scale-not-every-term"),
]


def _same_value(left: sympy.Basic, right: sympy.Basic, seed: int = 3) -> None:
    rng = np.random.default_rng(seed)
    symbols = sorted(left.free_symbols | right.free_symbols, key=str)
    for _ in range(3):
        point = {s: sympy.Float(rng.uniform(0.1, 0.9)) for s in symbols}
        assert float(left.xreplace(point).evalf()) == pytest.approx(float(right.xreplace(point).evalf()), rel=1e-12)


@pytest.mark.parametrize(("rule", "expr", "ctx", "expected"), RULE_ROWS)
def test_local_rewrite_rows(rule: str, expr: sympy.Basic, ctx: Context, expected: sympy.Basic | None) -> None:
    fired: list[str] = []
    out = rewrite_locally(expr, ctx, fired)
    if expected is None:
        assert rule not in fired
        return
    assert rule in fired
    assert out == expected
    back = {n: d for d, n in ctx.named.items()}
    _same_value(out.xreplace(back), expr)  # the rewrite keeps the value (names put back)


def test_every_rule_has_rows() -> None:
    named = {p.values[0] for p in RULE_ROWS}
    assert named == {r.name for r in LOCAL_REWRITES}
    for name in named:
        kinds = {p.values[3] is None for p in RULE_ROWS if p.values[0] == name}
        assert kinds == {True, False}, name


def test_local_derivative_uses_the_rule_table() -> None:
    """tanh'(z) and σ'(z) are the records' derivatives; a linear statement's are its coefficients."""
    assert local_derivative(sympy.tanh(z), z) == 1 - sympy.tanh(z) ** 2
    assert local_derivative(sigmoid(z), z) == sigmoid(z) * (1 - sigmoid(z))
    assert local_derivative(w * a + y, w) == a


def test_step_outside_the_table_is_simplified_alone() -> None:
    """A step the rewrites leave large (a fraction inside a denominator) gets a bounded simplify of itself only."""
    nested = w / (1 / a + 1 / (1 - a))
    assert not covered(nested)
    shown, gave_up = tidy_scalar(nested, {})
    assert not gave_up
    _same_value(shown, nested)
    assert sympy.count_ops(shown) < sympy.count_ops(nested)
    assert covered(w * a * (1 - a)) and tidy_scalar(w * a * (1 - a), {}) == (w * a * (1 - a), False)
