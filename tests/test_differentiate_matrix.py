"""diff on matrix expressions: ML layout gradients and Jacobians, FD-checked on random shapes."""

from __future__ import annotations

import numpy as np
import pytest
import sympy
from sympy import HadamardProduct, Inverse, MatrixSymbol, OneMatrix, Trace
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction as Apply
from sympy.matrices.expressions.diagonal import DiagMatrix
from test_differentiate_fd import assert_close, central_diff, evaluate

import symdl
from symdl.differentiate import diff
from symdl.errors import NotSupported
from symdl.functions import sigmoid, softplus

n, m = sympy.symbols("n m", integer=True, positive=True)
x, a, v = MatrixSymbol("x", n, 1), MatrixSymbol("a", n, 1), MatrixSymbol("v", m, 1)
y = MatrixSymbol("y", m, 1)
A, B = MatrixSymbol("A", n, n), MatrixSymbol("B", n, n)
W = MatrixSymbol("W", m, n)
ones_m = OneMatrix(1, m)
r = Wx = W * x - y
SHAPES = {n: 3, m: 2}

GRADIENT_CASES = [
    pytest.param(x.T * A * x, x, (A + A.T) * x, id="quadratic-form"),
    pytest.param(r.T * r, W, 2 * (W * x - y) * x.T, id="least-squares-wrt-W"),
    pytest.param(r.T * r, x, None, id="least-squares-wrt-x"),
    pytest.param(a.T * x, x, a, id="linear"),
    pytest.param(x.T * x, x, 2 * x, id="squared-norm"),
    pytest.param(Trace(A.T * B), A, B, id="trace-inner-product"),
    pytest.param(Trace(A * B * A.T), A, None, id="trace-quadratic"),
    pytest.param(Trace(Inverse(A)), A, None, id="trace-inverse"),
    pytest.param(ones_m * Apply(sigmoid, W * x), W, None, id="sum-sigmoid-layer"),
    pytest.param(ones_m * Apply(softplus, W * x), W, None, id="sum-softplus-layer"),
    pytest.param(
        y.T * Apply(sympy.log, Apply(sigmoid, W * x))
        + (OneMatrix(1, m) - y.T) * Apply(sympy.log, OneMatrix(m, 1) - Apply(sigmoid, W * x)),
        W,
        None,
        id="logistic-regression-log-likelihood",
    ),
    pytest.param(OneMatrix(1, n) * HadamardProduct(x, x), x, 2 * x, id="hadamard-square"),
    pytest.param(v.T * Apply(sympy.tanh, W * x), x, None, id="tanh-layer-wrt-input"),
    pytest.param(3 * x.T * A * x, A, 3 * x * x.T, id="scaled-wrt-matrix"),
]


def same(got: sympy.Basic, expected: sympy.Basic) -> bool:
    """Symbolic equality of matrix expressions up to distribution of products."""
    diff_ = (got - expected).expand().doit()
    return got == expected or diff_ == sympy.ZeroMatrix(*got.shape) or diff_ == 0


def _values(expr: sympy.Basic, seed: int = 0) -> dict[MatrixSymbol, np.ndarray]:
    rng = np.random.default_rng(seed)
    out = {}
    for s in sorted(expr.atoms(MatrixSymbol), key=str):
        shape = tuple(int(sympy.sympify(d).xreplace(SHAPES)) for d in s.shape)
        out[s] = rng.uniform(0.2, 0.9, size=shape) if s.name == "y" else rng.normal(size=shape)
        if s in (A, B):
            out[s] = out[s] + 3 * np.eye(shape[0])  # well away from singular
    return out


@pytest.mark.parametrize(("expr", "wrt", "expected"), GRADIENT_CASES)
def test_gradient_has_the_variable_shape_and_matches_fd(expr, wrt, expected) -> None:
    d = diff(expr, wrt)
    assert d.expr.shape == wrt.shape
    if expected is not None:
        assert same(d.expr, expected), d.expr
    vals = _values(expr)

    def f(value: np.ndarray) -> float:
        return float(np.sum(evaluate(expr, {**vals, wrt: value})))

    for form in (d.expr, d.raw):  # the public directional check (autograd-style), not a hand-rolled one
        result = symdl.check_grads(f, evaluate(form, {**vals}), vals[wrt])
        assert result.passed, result.message


@pytest.mark.parametrize(
    ("expr", "wrt", "expected"),
    [
        pytest.param(Apply(sigmoid, x), x, None, id="sigmoid-diagonal"),
        pytest.param(Apply(sympy.tanh, x), x, None, id="tanh-diagonal"),
        pytest.param(A * x, x, A, id="linear-map"),
        pytest.param(A * Apply(sympy.tanh, x), x, None, id="layer"),
        pytest.param(HadamardProduct(x, x), x, 2 * DiagMatrix(x), id="hadamard"),
        pytest.param(HadamardProduct(a, Apply(sympy.exp, x)), x, None, id="gated"),
    ],
)
def test_jacobian_of_vector_function(expr, wrt, expected) -> None:
    """∂y_i/∂x_j; an element-wise function's Jacobian is diagonal (seed 002)."""
    d = diff(expr, wrt)
    if expected is not None:
        assert same(d.expr, expected), d.expr
    vals = _values(expr + wrt)
    jac = evaluate(d.expr, vals)
    for row in range(SHAPES[n]):

        def f(value: np.ndarray, row: int = row) -> float:
            return float(evaluate(expr, {**vals, wrt: value})[row, 0])

        assert_close(jac[row : row + 1, :].T, central_diff(f, vals[wrt]), rtol=1e-5, atol=1e-8)
    if isinstance(expr, Apply):
        assert isinstance(d.expr, DiagMatrix) and np.count_nonzero(jac - np.diag(np.diag(jac))) == 0


def test_matrix_steps_cite_ml_layout_rules() -> None:
    d = diff((W * x - y).T * (W * x - y), W)
    assert "matrix product (ML layout)" in d.steps[0].rule


@pytest.mark.parametrize(
    ("expr", "wrt"),
    [
        pytest.param(W * x, W, id="vector-by-matrix-is-a-tensor"),
        pytest.param(x.T * A * x, sympy.Symbol("t", real=True), id="matrix-expression-by-scalar"),
    ],
)
def test_unsupported_matrix_derivatives_are_clear_errors(expr, wrt) -> None:
    with pytest.raises(NotSupported):
        diff(expr, wrt)


@pytest.mark.parametrize(
    ("latex", "wrt", "expected", "span"),
    [
        # ``v^T`` makes v_t a 1×1 matrix; its scalar definition stands in as rhs·I₁ (fuzz seed 31, input 11570)
        pytest.param(r"v = a^T + b \\ L = c - v", "b", -1, None, id="scalar-defines-a-1x1-matrix"),
        # W is a matrix in its uses: a scalar cannot define it; the error points at the definition
        pytest.param(r"W^T x = y \\ W = 3 \\ L = W^T x", "x", None, (13, 18), id="scalar-defines-a-matrix"),
    ],
)
def test_composing_a_definition_keeps_the_shape_of_its_uses(latex, wrt, expected, span) -> None:
    formula = symdl.parse(latex)
    if span is None:
        assert sympy.simplify(symdl.diff(formula, wrt).expr - expected) == 0
        return
    with pytest.raises(symdl.InvalidInput) as info:
        symdl.diff(formula, wrt)
    assert (info.value.span.start, info.value.span.end) == span
    assert "defined by a scalar" in info.value.message


def test_max_over_an_index_is_not_differentiated() -> None:
    with pytest.raises(NotSupported, match="subgradient"):
        symdl.diff(symdl.parse(r"L = \max_k s_k"), "s")
