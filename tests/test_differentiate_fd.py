"""Finite-difference helpers for the differentiate tests (and tests of the helpers themselves).

Independent of symdl's own numeric stage: a small numpy evaluator for the matrix
expressions the differentiate stage produces, plus central differences.  The other
``test_differentiate_*`` files import from here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
import pytest
import sympy
from sympy import (
    HadamardPower,
    HadamardProduct,
    Identity,
    Inverse,
    MatAdd,
    MatMul,
    MatPow,
    MatrixSymbol,
    OneMatrix,
    Trace,
    Transpose,
    ZeroMatrix,
)
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction
from sympy.matrices.expressions.diagonal import DiagMatrix

from symdl.functions import relu, sigmoid, softplus

NUMPY_FUNCS = {
    "sigmoid": lambda x: 1 / (1 + np.exp(-x)),
    "relu": lambda x: np.maximum(x, 0),
    "softplus": lambda x: np.logaddexp(0, x),
    "Heaviside": lambda x, h0=0: np.where(x > 0, 1.0, np.where(x < 0, 0.0, h0)),
}
MODULES = [NUMPY_FUNCS, "numpy"]


def scalar_fn(expr: sympy.Basic, args: list[sympy.Basic]) -> Callable[..., np.ndarray]:
    """``sympy.lambdify`` with symdl's activation functions available."""
    return sympy.lambdify(args, expr.doit() if expr.has(sympy.Derivative) else expr, modules=MODULES)


def _dims(values: Mapping[sympy.Basic, np.ndarray], expr: sympy.Basic) -> dict[sympy.Symbol, int]:
    dims: dict[sympy.Symbol, int] = {}
    for m in expr.atoms(MatrixSymbol):
        if m in values:
            for d, v in zip(m.shape, np.shape(values[m]), strict=True):
                if isinstance(d, sympy.Symbol):
                    dims[d] = v
    return dims


def evaluate(expr: sympy.Basic, values: Mapping[sympy.Basic, object]) -> np.ndarray:
    """Evaluate a scalar or matrix expression at ``values`` (objects → arrays/floats)."""
    dims = {}
    for key in values:
        if isinstance(key, MatrixSymbol):
            dims.update(_dims(values, key))
    return np.asarray(_ev(expr, values, dims), dtype=float)


def _ev(e: sympy.Basic, values: Mapping, dims: Mapping) -> object:
    if e in values:
        return np.asarray(values[e], dtype=float)
    size = lambda d: int(sympy.sympify(d).xreplace(dims))  # noqa: E731
    if isinstance(e, MatrixSymbol):
        raise KeyError(f"no value for {e}")
    if isinstance(e, MatAdd):
        return sum(_ev(a, values, dims) for a in e.args)
    if isinstance(e, MatMul):
        out: object = 1.0
        for a in e.args:
            v = _ev(a, values, dims)
            out = out @ v if np.ndim(out) == 2 and np.ndim(v) == 2 else out * v
        return out
    if isinstance(e, Transpose):
        return np.asarray(_ev(e.arg, values, dims)).T
    if isinstance(e, HadamardProduct):
        return np.prod([_ev(a, values, dims) for a in e.args], axis=0)
    if isinstance(e, HadamardPower):
        return np.asarray(_ev(e.args[0], values, dims)) ** float(e.args[1])
    if isinstance(e, ElementwiseApplyFunction):
        d = e.function.variables[0]
        return scalar_fn(e.function.expr, [d])(_ev(e.expr, values, dims))
    if isinstance(e, OneMatrix):
        return np.ones((size(e.shape[0]), size(e.shape[1])))
    if isinstance(e, ZeroMatrix):
        return np.zeros((size(e.shape[0]), size(e.shape[1])))
    if isinstance(e, Identity):
        return np.eye(size(e.shape[0]))
    if isinstance(e, DiagMatrix):
        return np.diag(np.asarray(_ev(e.args[0], values, dims)).ravel())
    if isinstance(e, Trace):
        return np.trace(_ev(e.arg, values, dims))
    if isinstance(e, MatPow):
        return np.linalg.matrix_power(_ev(e.base, values, dims), int(e.exp))
    if isinstance(e, Inverse):
        return np.linalg.inv(_ev(e.arg, values, dims))
    # A scalar expression: its matrix sub-expressions are evaluated first.
    mats = [m for m in e.atoms(MatrixSymbol)]
    if mats:
        raise NotImplementedError(f"scalar expression with matrices: {e}")
    syms = sorted(e.free_symbols, key=str)
    vals = [values[s] if s in values else dims[s] for s in syms]
    return scalar_fn(e.xreplace(dims), syms)(*vals)


def central_diff(f: Callable[[np.ndarray], float], x: np.ndarray, h: float = 1e-6) -> np.ndarray:
    """Central differences of a scalar function of an array, one coordinate at a time."""
    x = np.asarray(x, dtype=float)
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        step = h * max(1.0, abs(x[idx]))
        xp, xm = x.copy(), x.copy()
        xp[idx] += step
        xm[idx] -= step
        grad[idx] = (float(f(xp)) - float(f(xm))) / (2 * step)
    return grad


def assert_close(a: object, b: object, rtol: float = 1e-5, atol: float = 1e-7) -> None:
    np.testing.assert_allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), rtol=rtol, atol=atol)


def expand_families(expr: sympy.Basic, lengths: Mapping[sympy.Symbol, int]) -> sympy.Basic:
    """Sums over families with numeric lengths written out term by term."""
    return expr.xreplace(dict(lengths)).doit()


def indexed_fn(
    expr: sympy.Basic, families: Mapping[sympy.IndexedBase, int], lengths: Mapping[sympy.Symbol, int]
) -> Callable[[Mapping[sympy.IndexedBase, np.ndarray], Mapping[sympy.Symbol, int]], float]:
    """A numeric function of family arrays (1-based indices) and fixed index values."""

    def f(arrays: Mapping[sympy.IndexedBase, np.ndarray], index: Mapping[sympy.Symbol, int]) -> float:
        e = expand_families(expr.xreplace(dict(index)), lengths)
        subs = {}
        for ix in e.atoms(sympy.Indexed):
            (pos,) = ix.indices
            subs[ix] = float(arrays[ix.base][int(pos) - 1])
        return float(sympy.sympify(e.xreplace(subs)).doit().evalf())

    return f


# --- tests of the helpers -----------------------------------------------------------------

RNG = np.random.default_rng(0)
x = sympy.Symbol("x", real=True)


@pytest.mark.parametrize(
    ("fn", "reference"),
    [
        pytest.param(lambda v: float(np.sum(v**2)), lambda v: 2 * v, id="square"),
        pytest.param(lambda v: float(np.sum(np.sin(v))), np.cos, id="sin"),
    ],
)
def test_central_diff_matches_known_gradients(fn, reference) -> None:
    v = RNG.normal(size=(3, 2))
    assert_close(central_diff(fn, v), reference(v), rtol=1e-6)


@pytest.mark.parametrize(
    ("expr", "value", "expected"),
    [
        pytest.param(sigmoid(x), 0.3, 1 / (1 + np.exp(-0.3)), id="sigmoid"),
        pytest.param(relu(x), -0.3, 0.0, id="relu"),
        pytest.param(softplus(x), 0.3, np.log1p(np.exp(0.3)), id="softplus"),
    ],
)
def test_scalar_fn_knows_symdl_functions(expr, value, expected) -> None:
    assert_close(scalar_fn(expr, [x])(value), expected)


def test_evaluate_matrix_expression_matches_numpy() -> None:
    n = sympy.Symbol("n", integer=True, positive=True)
    A, v = MatrixSymbol("A", n, n), MatrixSymbol("v", n, 1)
    a, vv = RNG.normal(size=(3, 3)), RNG.normal(size=(3, 1))
    expr = (A + A.T) * v + HadamardProduct(v, ElementwiseApplyFunction(sympy.tanh, v))
    assert_close(evaluate(expr, {A: a, v: vv}), (a + a.T) @ vv + vv * np.tanh(vv))
