"""diff and backprop on formulas read from real LaTeX through symdl.parse, FD-checked."""

from __future__ import annotations

import numpy as np
import pytest
import sympy
from sympy import HadamardProduct, Indexed, KroneckerDelta
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction as Apply
from test_differentiate_fd import assert_close, central_diff, evaluate, indexed_fn, scalar_fn

import symdl
from symdl.differentiate import backprop, diff
from symdl.errors import InvalidInput
from symdl.numeric import check_grads

parse = getattr(symdl, "parse", None)
pytestmark = pytest.mark.skipif(parse is None, reason="symdl.parse not available yet")

SCALAR_LATEX = [
    pytest.param(
        r"\sigma(x) = \frac{1}{1+e^{-x}}", "x", "sigmoid(x)*(1 - sigmoid(x))", (-3, 3), id="sigmoid"
    ),
    pytest.param(r"-y \log \hat{y} - (1 - y) \log(1 - \hat{y})", r"\hat{y}", None, (0.1, 0.9), id="bce"),
    pytest.param(r"\tanh(w x + b)", "w", None, (-1, 1), id="tanh-neuron"),
    pytest.param(r"\text{ReLU}(x) = \max(0, x)", "x", None, (0.2, 2), id="relu"),
    pytest.param(r"\log(1 + e^{x})", "x", None, (-2, 2), id="softplus"),
    pytest.param(r"(w x + b - y)^2", "b", "2*(w*x + b - y)", (-1, 1), id="squared-error"),
]


@pytest.mark.parametrize(("latex", "wrt", "expected", "domain"), SCALAR_LATEX)
def test_scalar_formula_from_latex(latex, wrt, expected, domain) -> None:
    f = parse(latex)
    d = diff(f, wrt)
    var = f.symbols[wrt]
    if expected is not None:
        names = {str(s): s for s in f.expr.free_symbols}
        names["sigmoid"] = symdl.functions.sigmoid
        assert sympy.simplify(d.expr - sympy.parse_expr(expected, local_dict=names)) == 0
    rng = np.random.default_rng(2)
    syms = sorted(f.expr.free_symbols, key=str)
    point = {s: float(rng.uniform(*domain)) for s in syms}

    def fn(v: np.ndarray) -> float:
        return float(scalar_fn(f.expr, syms)(*{**point, var: v[0]}.values()))

    numeric = central_diff(fn, np.array([point[var]]))[0]
    assert_close(scalar_fn(d.expr, syms)(*point.values()), numeric)


def test_softmax_jacobian_from_latex() -> None:
    f = parse(r"\frac{e^{z_i}}{\sum_j{e^{z_j}}}")
    d = diff(f, "z")
    (i,) = f.free_indices
    k = d.index
    p = sympy.IndexedBase("p", real=True)
    assert sympy.expand(d.expressed - p[i] * (KroneckerDelta(i, k) - p[k])) == 0
    z, n_z = f.symbols["z"], f.lengths["z"]
    n = 4
    zv = np.random.default_rng(3).normal(size=n)
    fn = indexed_fn(f.expr, {z: n}, {n_z: n})
    dfn = indexed_fn(d.expr, {z: n}, {n_z: n})
    for iv in range(1, n + 1):
        got = np.array([dfn({z: zv}, {i: iv, k: kv}) for kv in range(1, n + 1)])
        result = check_grads(lambda v, iv=iv: fn({z: v}, {i: iv}), got, zv, method="richardson")
        assert result.passed, str(result)


def test_cross_entropy_of_softmax_from_latex() -> None:
    f = parse(r"-\sum_i y_i \log \frac{e^{z_i}}{\sum_j e^{z_j}}")
    d = diff(f, "z")
    k = d.index
    assert d.expressed == sympy.IndexedBase("p", real=True)[k] - f.symbols["y"][k]
    assert d.assumptions


def test_quadratic_form_from_latex() -> None:
    f = parse(r"\mathbf{x}^T \mathbf{A} \mathbf{x}")
    x, A = f.symbols[r"\mathbf{x}"], f.symbols[r"\mathbf{A}"]
    d = diff(f, r"\mathbf{x}")
    assert d.expr == (A + A.T) * x
    rng = np.random.default_rng(4)
    xv, av = rng.normal(size=(3, 1)), rng.normal(size=(3, 3))
    claim = np.asarray(evaluate(d.expr, {x: xv, A: av}), dtype=float)
    result = check_grads(lambda v: float(np.sum(evaluate(f.expr, {x: v, A: av}))), claim, xv, directions=None)
    assert result.passed, str(result)


SEED004 = (
    r"Z^{[1]} = W^{[1]} X + b^{[1]} \\ A^{[1]} = g^{[1]}(Z^{[1]}) \\ "
    r"Z^{[2]} = W^{[2]} A^{[1]} + b^{[2]} \\ \hat{y} = A^{[2]} = \sigma(Z^{[2]}) \\ "
    r"J = -\frac{1}{m} \sum_{i=1}^m \left( y^{(i)} \log \hat{y}^{(i)} "
    r"+ (1-y^{(i)}) \log(1-\hat{y}^{(i)}) \right)"
)


def test_seed004_backprop_from_latex_gives_ngs_steps() -> None:
    f = parse(SEED004)
    bp = backprop(f)
    # the cost's per-sample sum fixes yhat to 1 x m: take the quantities with their unified shapes
    unified = {str(q): q for lhs, rhs in bp.forward for q in (lhs, *rhs.atoms(sympy.MatrixSymbol))}
    sym = {k: unified.get(str(v), v) for k, v in f.symbols.items()}
    assert sym[r"\hat{y}"].shape == (1, sym["m"]) and sym["A^{[1]}"].shape[1] == sym["m"]
    names = [s.name for s in bp.steps]
    assert names[1:] == ["dZ^[2]", "dW^[2]", "db^[2]", "dA^[1]", "dZ^[1]", "dW^[1]", "db^[1]"]
    dz2 = bp.step("dZ^[2]")
    yhat = sym[r"\hat{y}"]
    (labels,) = [a for a in dz2.expr.atoms(sympy.MatrixSymbol) if a.name == "Y"]
    assert dz2.expr == yhat - labels  # Ng: dZ2 = A2 - Y (here A2 is called yhat)
    assert bp.step("dW^[2]").expr == (1 / sym["m"]) * dz2.symbol * sym["A^{[1]}"].T
    dz1 = bp.step("dZ^[1]").expr
    assert isinstance(dz1, HadamardProduct) and sym["W^{[2]}"].T * dz2.symbol in dz1.args
    assert any(isinstance(a, Apply) and a.function.expr.has(sympy.Derivative) for a in dz1.args)
    assert bp.step("dW^[1]").expr == (1 / sym["m"]) * bp.step("dZ^[1]").symbol * sym["X"].T


def test_unknown_variable_from_latex_is_invalid_input() -> None:
    with pytest.raises(InvalidInput):
        diff(parse(r"\tanh(w x + b)"), "v")


def test_indexed_family_is_one_key() -> None:
    f = parse(r"\frac{1}{n} \sum_{i=1}^n (y_i - \tilde{y}_i)^2")
    d = diff(f, r"\tilde{y}")
    (ix,) = [a for a in d.expr.atoms(Indexed)][:1]
    assert ix.indices == (d.index,)
