"""Matrix-calculus rules for det, log det, matrix powers, norms and scalar functions of 1×1 expressions.

Each row is a (formula, variable, shapes) from the Matrix Cookbook (Petersen & Pedersen, 2012: eqs. 49–57 for
determinants and log-determinants, 100–110 and §2.5 for traces and powers), Parr & Howard ("The matrix calculus you
need for deep learning": vector norms and dot products), Bishop (PRML §2.3.4: the Gaussian log-likelihood's ∂/∂μ
and ∂/∂Σ), Murphy (PML: logistic loss, tanh/σ units) and matrixcalculus.org's examples.  symdl's derivative is
compared entry by entry with central differences of the same function written in plain numpy (seeded,
well-conditioned matrices X = Q + 3I), and the rule's name must appear in the steps.  A few rows go through
``symdl check`` with the right claim and a subtly wrong one (X⁻¹ for X⁻ᵀ, a missing transpose or factor).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
import sympy

import symdl
from symdl.cli import main
from symdl.differentiate.matrix import gradient

N = 3
Arr = np.ndarray


def _values(seed: int) -> dict[str, Arr]:
    rng = np.random.default_rng(seed)
    q = rng.normal(size=(N, N)) * 0.3
    spd = rng.normal(size=(N, N))
    return {
        "X": q + 3 * np.eye(N),
        "A": rng.normal(size=(N, N)),
        "B": rng.normal(size=(N, N)),
        "C": rng.normal(size=(N, N)),
        "S": spd @ spd.T + N * np.eye(N),
        "x": rng.normal(size=(N, 1)),
        "a": rng.normal(size=(N, 1)),
        "w": rng.normal(size=(N, 1)) * 0.5,
        "y": rng.normal(size=(N, 1)),
        "mu": rng.normal(size=(N, 1)),
        "Sigma": spd @ spd.T + N * np.eye(N),
        "t": np.array(0.7),
    }


def _central(f: Callable[[dict[str, Arr]], float], vals: dict[str, Arr], name: str, h: float = 1e-6) -> Arr:
    base = vals[name]
    grad = np.zeros_like(base, dtype=float)
    for idx in np.ndindex(base.shape):
        up, down = base.copy(), base.copy()
        up[idx] += h
        down[idx] -= h
        grad[idx] = (f({**vals, name: up}) - f({**vals, name: down})) / (2 * h)
    return grad


def _evaluate(expr: sympy.Basic, vals: dict[str, Arr]) -> Arr:
    subs: dict[sympy.Basic, sympy.Basic] = {}
    for m in expr.atoms(sympy.MatrixSymbol):
        subs[m] = sympy.ImmutableMatrix(vals[m.name])
    for s in expr.free_symbols:
        if isinstance(s, sympy.Symbol) and s.name in vals:
            subs[s] = sympy.Float(float(vals[s.name]))
    out = expr.xreplace(subs).doit()
    if getattr(out, "is_Matrix", False):
        return np.array(sympy.Matrix(out.as_explicit()).evalf().tolist(), dtype=float)
    return np.array(float(out), dtype=float)


VEC = {"x": (N, 1), "a": (N, 1), "w": (N, 1), "y": (N, 1)}
SQ = {"X": (N, N), "A": (N, N), "B": (N, N), "C": (N, N), "S": (N, N)}
det, inv, tr, lg = np.linalg.det, np.linalg.inv, np.trace, np.log
mp = np.linalg.matrix_power

# (id, formula, wrt, numpy function, a rule name shown in the steps)
ROWS = [
    ("cookbook49-det", r"\det(X)", "X", lambda v: det(v["X"]), "determinant"),
    ("cookbook49-det-transpose", r"\det(X^T)", "X", lambda v: det(v["X"].T), "determinant"),
    ("cookbook50-det-AXB", r"\det(A X B)", "X", lambda v: det(v["A"] @ v["X"] @ v["B"]), "determinant"),
    ("cookbook52-det-XtSX", r"\det(X^T S X)", "X", lambda v: det(v["X"].T @ v["S"] @ v["X"]), "determinant"),
    ("cookbook53-det-power", r"\det(X^2)", "X", lambda v: det(v["X"] @ v["X"]), "matrix power"),
    ("cookbook56-det-inverse", r"\det(X^{-1})", "X", lambda v: det(inv(v["X"])), "matrix inverse"),
    ("cookbook51-logdet", r"\log\det X", "X", lambda v: lg(det(v["X"])), "log-determinant"),
    ("cookbook57-log-abs-det", r"\log|\det X|", "X", lambda v: lg(abs(det(v["X"]))), "log-determinant"),
    ("cookbook55-ln-det-XtX", r"\ln\det(X^TX)", "X", lambda v: lg(det(v["X"].T @ v["X"])), "log-determinant"),
    ("mcorg-logdet-inverse", r"\log\det(X^{-1})", "X", lambda v: lg(det(inv(v["X"]))), "log-determinant"),
    ("cookbook-logdet-plus-trace", r"\log\det X + \mathrm{tr}(S X^{-1})", "X",
     lambda v: lg(det(v["X"])) + tr(v["S"] @ inv(v["X"])), "log-determinant"),
    ("cookbook106-tr-X3", r"\mathrm{tr}(X^3)", "X", lambda v: tr(mp(v["X"], 3)), "matrix power"),
    ("cookbook106-tr-X2", r"\mathrm{tr}(X^2)", "X", lambda v: tr(mp(v["X"], 2)), "matrix power"),
    ("cookbook107-tr-AX3", r"\mathrm{tr}(A X^3)", "X", lambda v: tr(v["A"] @ mp(v["X"], 3)), "matrix power"),
    ("cookbook108-tr-AX2B", r"\mathrm{tr}(A X^2 B)", "X", lambda v: tr(v["A"] @ mp(v["X"], 2) @ v["B"]), "matrix power"),
    ("cookbook-tr-X-2", r"\mathrm{tr}(X^{-2})", "X", lambda v: tr(mp(inv(v["X"]), 2)), "matrix power"),
    ("cookbook-tr-AX-3", r"\mathrm{tr}(A X^{-3})", "X", lambda v: tr(v["A"] @ mp(inv(v["X"]), 3)), "matrix power"),
    ("cookbook63-tr-AXinvB", r"\mathrm{tr}(A X^{-1} B)", "X", lambda v: tr(v["A"] @ inv(v["X"]) @ v["B"]), "matrix inverse"),
    ("mcorg-tr-AXtBXC", r"\mathrm{tr}(A X^T B X C)", "X",
     lambda v: tr(v["A"] @ v["X"].T @ v["B"] @ v["X"] @ v["C"]), "matrix product"),
    ("cookbook-exp-tr", r"\exp(\mathrm{tr}(X))", "X", lambda v: np.exp(tr(v["X"])), "scalar function"),
    ("cookbook-sqrt-det", r"\sqrt{\det(X)}", "X", lambda v: np.sqrt(det(v["X"])), "determinant"),
    ("parr-howard-sqrt-xtx", r"\sqrt{x^Tx}", "x", lambda v: np.sqrt((v["x"].T @ v["x"]).item()), "2-norm"),
    ("parr-howard-2norm", r"\|x\|_2", "x", lambda v: np.linalg.norm(v["x"]), "2-norm"),
    ("cookbook-frobenius", r"\|X\|_F", "X", lambda v: np.linalg.norm(v["X"]), "Frobenius"),
    ("parr-howard-log-norm", r"\log\|x\|_2", "x", lambda v: lg(np.linalg.norm(v["x"])), "2-norm"),
    ("parr-howard-cube-dot", r"(a^Tx)^3", "x", lambda v: (v["a"].T @ v["x"]).item() ** 3, "power of a 1×1"),
    ("murphy-logistic-loss", r"\log(1 + e^{-t w^T x})", "w",
     lambda v: lg(1 + np.exp(-v["t"] * (v["w"].T @ v["x"]).item())), "scalar function"),
    ("murphy-tanh-unit", r"\tanh(w^Tx)", "w", lambda v: np.tanh((v["w"].T @ v["x"]).item()), "scalar function"),
    ("murphy-sigmoid-unit", r"\sigma(w^Tx)", "w",
     lambda v: 1 / (1 + np.exp(-(v["w"].T @ v["x"]).item())), "scalar function"),
    ("mcorg-half-xtAx", r"\frac{1}{2} x^T A x", "x", lambda v: 0.5 * (v["x"].T @ v["A"] @ v["x"]).item(), "matrix product"),
    ("mcorg-l1-residual", r"\|Ax - y\|_1", "x", lambda v: np.abs(v["A"] @ v["x"] - v["y"]).sum(), "element-wise"),
    ("mcorg-l2sq-residual", r"\|Ax - y\|_2^2", "x", lambda v: (np.linalg.norm(v["A"] @ v["x"] - v["y"]) ** 2), "trace"),
    ("parr-howard-l1", r"\|x\|_1", "x", lambda v: np.abs(v["x"]).sum(), "element-wise"),
    ("murphy-gaussian-exp", r"\exp(-\frac{1}{2} x^T S x)", "x",
     lambda v: np.exp(-0.5 * (v["x"].T @ v["S"] @ v["x"]).item()), "scalar function"),
    # a cases value of 1×1 pieces (a gated quadratic, as Goodfellow's piecewise examples): was an InternalError
    # (the scalar-function rule took the Piecewise's (expr, cond) pairs for arguments)
    ("piecewise-gated-quadratic", r"\begin{cases} x^T A x & a^T x > 0 \\ a^T x & \text{otherwise} \end{cases}", "x",
     lambda v: ((v["x"].T @ v["A"] @ v["x"]).item() if (v["a"].T @ v["x"]).item() > 0 else (v["a"].T @ v["x"]).item()),
     "piecewise"),
    ("piecewise-gated-quadratic-other-branch", r"\begin{cases} x^T A x & a^T x < 0 \\ a^T x & \text{otherwise} \end{cases}",
     "x", lambda v: ((v["x"].T @ v["A"] @ v["x"]).item() if (v["a"].T @ v["x"]).item() < 0 else (v["a"].T @ v["x"]).item()),
     "piecewise"),
]

GAUSS = r"-\frac{1}{2}\log\det\Sigma - \frac{1}{2}(x - \mu)^T \Sigma^{-1} (x - \mu)"


def _gauss(v: dict[str, Arr]) -> float:
    r = v["x"] - v["mu"]
    return float(-0.5 * lg(det(v["Sigma"])) - 0.5 * (r.T @ inv(v["Sigma"]) @ r).item())


GAUSS_SHAPES = {"x": (N, 1), r"\mu": (N, 1), r"\Sigma": (N, N)}


@pytest.mark.parametrize(("tex", "wrt", "fn", "rule"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS])
def test_rule_matches_central_differences(tex: str, wrt: str, fn: Callable[[dict[str, Arr]], float], rule: str) -> None:
    shapes = {**VEC, **SQ}
    formula = symdl.parse(tex, shapes={k: v for k, v in shapes.items() if k in tex or k == wrt})
    d = symdl.diff(formula, wrt)
    assert any(rule in s.rule for s in d.steps), [s.rule for s in d.steps]
    vals = _values(15)
    got = _evaluate(d.expr, vals).reshape(vals[wrt].shape)
    want = _central(fn, vals, wrt)
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize(("wrt", "key"), [("\\mu", "mu"), ("\\Sigma", "Sigma")], ids=["bishop-gauss-dmu", "bishop-gauss-dSigma"])
def test_gaussian_log_likelihood(wrt: str, key: str) -> None:
    """Bishop PRML (2.118)-(2.122): ∂/∂μ = Σ⁻¹(x − μ), ∂/∂Σ = −½Σ⁻ᵀ + ½Σ⁻ᵀ(x − μ)(x − μ)ᵀΣ⁻ᵀ."""
    d = symdl.diff(symdl.parse(GAUSS, shapes=GAUSS_SHAPES), wrt)
    vals = _values(7)
    names = {"\\mu": "mu", "\\Sigma": "Sigma"}
    renamed = d.expr.xreplace({m: sympy.MatrixSymbol(names.get(m.name, m.name), *m.shape) for m in d.expr.atoms(sympy.MatrixSymbol)})
    got = _evaluate(renamed, vals).reshape(vals[key].shape)
    np.testing.assert_allclose(got, _central(_gauss, vals, key), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize(
    ("tex", "message"),
    [(r"\|X\|_1", "1-norm of a matrix"), (r"g(\mathrm{tr}(X))", "function g")],
    ids=["matrix-1-norm-ambiguous", "undefined-function-of-trace"],
)
def test_without_a_rule_is_not_supported(tex: str, message: str) -> None:
    """No silent fallback: a construct without a rule is refused, naming it."""
    with pytest.raises(symdl.NotSupported, match=message):
        symdl.diff(symdl.parse(tex, shapes={"X": (N, N)}), "X")


def test_fractional_matrix_power_is_not_supported() -> None:
    """X^{1/2} is read element-wise; a true matrix square root (built directly) has no rule and says so."""
    x = sympy.MatrixSymbol("X", N, N)
    with pytest.raises(symdl.NotSupported, match="only integer powers"):
        gradient(sympy.Trace(sympy.MatPow(x, sympy.S.Half)), x)


CLAIMS = [
    ("cookbook51-logdet", r"\log\det X", "X", r"X^{-T}", r"X^{-1}"),
    ("cookbook49-det", r"\det(X)", "X", r"\det(X) X^{-T}", r"\det(X) X^{-1}"),
    ("cookbook57-log-abs-det", r"\log|\det X|", "X", r"X^{-T}", r"X^{-1}"),
    ("cookbook106-tr-X3", r"\mathrm{tr}(X^3)", "X", r"3 (X^T)^2", r"3 X^2"),
    ("cookbook-frobenius", r"\|X\|_F", "X", r"X / \|X\|_F", r"X / \|X\|_F^2"),
    ("parr-howard-2norm", r"\|x\|_2", "x", r"x / \|x\|_2", r"x"),
    ("murphy-tanh-unit", r"\tanh(w^Tx)", "w", r"(1 - \tanh^2(w^Tx)) x", r"(1 - \tanh(w^Tx)) x"),
]


@pytest.mark.parametrize(("tex", "wrt", "right", "wrong"), [c[1:] for c in CLAIMS], ids=[c[0] for c in CLAIMS])
def test_cli_check_right_and_wrong(capsys: pytest.CaptureFixture[str], tex: str, wrt: str, right: str, wrong: str) -> None:
    shapes = ["--shape", "X=3x3", "--shape", "x=3", "--shape", "w=3", "--no-color"]
    assert main(["check", tex, "--wrt", wrt, "--claim", right, *shapes]) == 0
    out = capsys.readouterr().out
    assert "verified" in out and "symbolic, confirmed numeric" in out, out
    assert main(["check", tex, "--wrt", wrt, "--claim", wrong, *shapes]) == 1
    assert "refuted" in capsys.readouterr().out
