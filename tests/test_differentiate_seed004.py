"""Seed 004's backprop chain derived from the PARSED LaTeX, verified symbolically and by finite differences.

Symbolic: at explicit small shapes every derivative symdl states (parameters and the
intermediates Z^[1], Z^[2]) equals SymPy's derivative of the fully composed cost, as
rational functions of the activation values (an identity in independent atoms is an identity).
Numeric: on several random (n_x, n_h, m) with a seeded RNG, each step is compared with
finite differences of the cost (complex step for tanh, central differences for ReLU).
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy

import symdl
from symdl.differentiate import Backprop, backprop
from symdl.functions import relu, sigmoid
from symdl.numeric import ClaimedStep, HandDerivation, check_derivation

SEED004 = (
    r"Z^{[1]} = W^{[1]} X + b^{[1]} \\ A^{[1]} = g^{[1]}(Z^{[1]}) \\ "
    r"Z^{[2]} = W^{[2]} A^{[1]} + b^{[2]} \\ \hat{y} = A^{[2]} = \sigma(Z^{[2]}) \\ "
    r"J = -\frac{1}{m} \sum_{i=1}^m \left( y^{(i)} \log \hat{y}^{(i)} + (1-y^{(i)}) \log(1-\hat{y}^{(i)}) \right)"
)
#: activation id → LaTeX replacing g^{[1]}
ACTIVATIONS = {"tanh": r"\tanh", "relu": r"\text{ReLU}"}


def derive(activation: str) -> tuple[symdl.Formula, Backprop]:
    f = symdl.parse(SEED004.replace(r"g^{[1]}", ACTIVATIONS[activation]))
    return f, backprop(f)


def by_name(bp: Backprop) -> dict[str, sympy.Basic]:
    """Every quantity of the derived system by name (shapes as unified by the derivation)."""
    out = {}
    for lhs, rhs in bp.forward:
        for q in (lhs, *rhs.atoms(sympy.MatrixSymbol)):
            out[str(q)] = q
    return out


def test_parsed_shapes_are_consistent_after_derivation() -> None:
    f, bp = derive("tanh")
    q = by_name(bp)
    m = f.symbols["m"]
    n_h, n_x = q["W^[1]"].shape
    assert q["X"].shape == (n_x, m) and q["Z^[1]"].shape == (n_h, m) == q["A^[1]"].shape
    assert q["W^[2]"].shape == (1, n_h) and q["b^[2]"].shape == (1, 1) and q["b^[1]"].shape == (n_h, 1)
    assert q["yhat"].shape == (1, m) == q["Y"].shape == q["Z^[2]"].shape
    names = [s.name for s in bp.steps]
    assert names == ["dyhat", "dZ^[2]", "dW^[2]", "db^[2]", "dA^[1]", "dZ^[1]", "dW^[1]", "db^[1]"]
    assert bp.step("dZ^[2]").expr == q["yhat"] - q["Y"] and bp.scale == 1 / m


# --- symbolic: explicit matrices of symbols ---------------------------------------------------------


def _explicit(bp: Backprop, sizes: tuple[int, int, int]) -> tuple[dict, dict, dict]:
    """(dimension values, leaf MatrixSymbol → explicit Matrix, explicit value of every target)."""
    q = by_name(bp)
    n_x, n_h, m = sizes
    dims = {q["W^[1]"].shape[1]: n_x, q["W^[1]"].shape[0]: n_h, q["X"].shape[1]: m}
    targets = {lhs for lhs, _ in bp.forward}
    leaves = {}
    for obj in q.values():
        if obj not in targets:
            rows, cols = obj.xreplace(dims).shape
            leaves[obj] = sympy.ImmutableMatrix(
                rows, cols, lambda r, c, o=obj: sympy.Symbol(f"{o.name}_{r}{c}", real=True)
            )
    return dims, leaves, targets


def _evaluate(expr: sympy.Basic, dims: dict, env: dict) -> sympy.Basic:
    out = expr.xreplace(dims).xreplace({k.xreplace(dims): v for k, v in env.items()}).doit()
    return sympy.ImmutableMatrix(out) if getattr(out, "is_Matrix", False) else out


def _cost_from(bp: Backprop, dims: dict, env: dict, start: int) -> tuple[sympy.Expr, dict]:
    """The cost as an expression of ``env`` (leaves, and the target ``start`` statements in); the full env."""
    env = dict(env)
    for lhs, rhs in bp.forward[start:]:
        env[lhs] = _evaluate(rhs, dims, env)
    value = env[bp.forward[-1][0]]
    return (value[0, 0] if getattr(value, "is_Matrix", False) else value), env


def _is_zero(diff: sympy.Matrix) -> bool:
    atoms = {a: sympy.Dummy(real=True) for a in diff.atoms(sigmoid, sympy.tanh, relu, sympy.Heaviside)}
    return all(e == 0 for e in diff.xreplace(atoms).applyfunc(sympy.cancel))


SIZES = [(2, 3, 2), (3, 2, 1)]
QUANTITIES = ["W^[1]", "b^[1]", "W^[2]", "b^[2]", "Z^[2]", "Z^[1]"]


@pytest.mark.parametrize("sizes", SIZES, ids=[f"nx{a}-nh{b}-m{c}" for a, b, c in SIZES])
def test_symbolic_equals_derivative_of_composed_cost(sizes: tuple[int, int, int]) -> None:
    _, bp = derive("tanh")
    dims, leaves, targets = _explicit(bp, sizes)
    q = by_name(bp)
    order = [lhs for lhs, _ in bp.forward]
    for name in QUANTITIES:
        obj = q[name]
        if obj in targets:  # an intermediate: the cost as a function of it, downstream only
            k = order.index(obj)
            env = dict(leaves)
            for lhs, rhs in bp.forward[:k]:
                env[lhs] = _evaluate(rhs, dims, env)
            rows, cols = obj.xreplace(dims).shape
            env[obj] = sympy.ImmutableMatrix(rows, cols, lambda r, c: sympy.Symbol(f"q_{r}{c}", real=True))
            cost, env = _cost_from(bp, dims, env, k + 1)
        else:
            cost, env = _cost_from(bp, dims, dict(leaves), 0)
        var = env[obj]
        truth = var.applyfunc(lambda v, cost=cost: sympy.diff(cost, v))
        claim = _evaluate(bp.derivative(obj), dims, env)
        assert _is_zero(sympy.Matrix(claim) - truth), name
        assert not _is_zero(2 * sympy.Matrix(claim) - truth), name  # the comparison can fail


# --- numeric: finite differences on random shapes -------------------------------------------------------


def _derivation(bp: Backprop, sizes: tuple[int, int, int], changes: dict | None = None) -> HandDerivation:
    q = by_name(bp)
    n_x, n_h, m = sizes
    shapes = {"X": (n_x, m), "W^[1]": (n_h, n_x), "W^[2]": (1, n_h), "Y": (1, m)}
    steps = tuple(
        ClaimedStep(s.name, s.symbol, s.of, (changes or {}).get(s.name, s.expr)) for s in bp.steps
    )
    names = {obj: name for name, obj in q.items()}
    return HandDerivation(bp.forward, steps, shapes=shapes, names=names, convention=bp.convention)


TRIPLES = [(3, 4, 5), (2, 1, 7), (5, 3, 2), (1, 6, 3)]
CASES = [(a, t) for a in ACTIVATIONS for t in TRIPLES]


@pytest.mark.parametrize(
    ("activation", "sizes"), CASES, ids=[f"{a}-nx{t[0]}-nh{t[1]}-m{t[2]}" for a, t in CASES]
)
def test_every_step_matches_finite_differences(activation: str, sizes: tuple[int, int, int]) -> None:
    _, bp = derive(activation)
    report = check_derivation(_derivation(bp, sizes))
    assert report.verdict == "verified", str(report)
    assert [s.name for s in report.steps] == [s.name for s in bp.steps]
    assert all(s.max_rel_error < (1e-9 if activation == "tanh" else 1e-6) for s in report.steps), str(report)
    shapes = {s.name: np.shape(s.truth) for s in report.steps}
    n_x, n_h, m = sizes
    assert shapes["dW^[1]"] == (n_h, n_x) and shapes["dZ^[1]"] == (n_h, m) and shapes["db^[2]"] in ((1, 1), ())


def test_wrong_derived_step_is_caught_at_that_step() -> None:
    _, bp = derive("tanh")
    dz1 = bp.step("dZ^[1]").symbol
    wrong = {"dW^[1]": 2 * bp.step("dW^[1]").expr, "db^[1]": bp.step("db^[1]").expr.xreplace({dz1: -dz1})}
    report = check_derivation(_derivation(bp, (3, 4, 5), {"dW^[1]": wrong["dW^[1]"]}))
    assert report.first_wrong == "dW^[1]" and [s.ok for s in report.steps].count(False) == 1
    report = check_derivation(_derivation(bp, (3, 4, 5), {"db^[1]": wrong["db^[1]"]}))
    assert report.first_wrong == "db^[1]"
