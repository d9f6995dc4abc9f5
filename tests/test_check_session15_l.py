"""Issue 13 item 2: every operator on matrixcalculus.org's documented list, read from LaTeX, differentiated and checked.

matrixcalculus.org (Laue, Mitterreiter & Giesen, "Computing Higher Order Derivatives of Matrix and Tensor
Expressions", NeurIPS 2018) documents the operators ``+ - * / ^``, element-wise ``.* ./ .^``, the element-wise
functions ``sin cos tan arcsin arccos arctan exp log tanh abs sign relu``, ``sum``, ``norm1``, ``norm2``, ``tr``,
``det``, ``logdet``, ``inv``, constant ``vector(1)``/``matrix(1)`` and the Kronecker product ⊗, with the examples
``0.5*x'*A*x``, ``A*exp(x)``, ``(y.*v)'*x``, ``a^b``, ``norm1(A*x-y)``, ``norm2(A*x-y)^2``,
``sum(log(exp(-y.*(X*w)) + vector(1)))``, ``tr(A*X'*B*X*C)`` and ``log(det(inv(X)))``.  Each row writes one operator
or example in the LaTeX people use (``\\odot``, ``\\circ``, ``\\oslash``, ``\\otimes``, ``\\operatorname{sum}``,
``\\|x\\|_1``, ``\\|X\\|_F``, ``\\log|X|`` as the Matrix Cookbook writes log det, ``X^{-1}``, ``\\mathbf{1}``) and
compares ``symdl.diff`` entry by entry with central differences of the same function in plain numpy (seeded).
The Kronecker rows follow the Matrix Cookbook (Petersen & Pedersen 2012, §10.2: tr(A ⊗ B) = tr A tr B, eq. 511).
A table of ``symdl check`` calls asserts the right claim verified (exit 0) and a subtly wrong one refuted (exit 1);
constructs without a rule (⊗ of vectors, three Kronecker factors) are ``NotSupported`` naming them.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
import sympy

import symdl
from symdl.cli import main

Arr = np.ndarray
N = 3
VEC = {k: (N, 1) for k in ("x", "y", "v", "a", "b", "z")}
SQ = {k: (N, N) for k in ("X", "A", "B", "C")}
KRON = {"A": (2, 3), "B": (2, 2), "x": (4, 1), "y": (6, 1)}
LOGISTIC = {"X": (4, 3), "w": (3, 1), "y": (4, 1)}


def _values(seed: int, shapes: dict[str, tuple[int, int]]) -> dict[str, Arr]:
    """Seeded inputs: vectors in (0.1, 0.9) (inside arcsin's, arccos's and log's domains), ``z`` of both signs away
    from 0 (for |z|, sign, relu), square matrices well away from singular (Q + 3I)."""
    rng = np.random.default_rng(seed)
    out: dict[str, Arr] = {}
    for name, shape in sorted(shapes.items()):
        if name == "z":
            out[name] = rng.choice([-1.0, 1.0], size=shape) * rng.uniform(0.3, 1.5, size=shape)
        elif shape[1] == 1:
            out[name] = rng.uniform(0.1, 0.9, size=shape)
        elif shape[0] == shape[1]:
            out[name] = rng.normal(size=shape) * 0.3 + 3 * np.eye(shape[0])
        else:
            out[name] = rng.normal(size=shape)
    out["s"], out["t"] = np.array(1.3), np.array(0.7)
    return out


def _central(f: Callable[[dict[str, Arr]], Arr], vals: dict[str, Arr], name: str, h: float = 1e-6) -> Arr:
    """∂f/∂vals[name] by central differences; for a vector-valued f, the Jacobian (rows: outputs)."""
    base = np.asarray(vals[name], dtype=float)
    cols = []
    for idx in np.ndindex(base.shape):
        up, down = base.copy(), base.copy()
        up[idx] += h
        down[idx] -= h
        cols.append((np.asarray(f({**vals, name: up})) - np.asarray(f({**vals, name: down}))).ravel() / (2 * h))
    jac = np.array(cols).T  # outputs × inputs
    return jac.reshape(base.shape) if jac.shape[0] == 1 else jac


def _evaluate(expr: sympy.Basic, vals: dict[str, Arr]) -> Arr:
    subs: dict[sympy.Basic, sympy.Basic] = {m: sympy.ImmutableMatrix(vals[m.name]) for m in expr.atoms(sympy.MatrixSymbol)}
    subs.update({s: sympy.Float(float(vals[s.name])) for s in expr.free_symbols
                 if isinstance(s, sympy.Symbol) and s.name in vals})
    out = expr.xreplace(subs)
    out = out.replace(lambda e: isinstance(e, sympy.BlockMatrix), lambda e: e.as_explicit()).doit()  # selectors
    if getattr(out, "is_Matrix", False):
        return np.array(sympy.Matrix(out.as_explicit()).evalf().tolist(), dtype=float)
    return np.array(float(out), dtype=float)


det, inv, tr, lg, nrm = np.linalg.det, np.linalg.inv, np.trace, np.log, np.linalg.norm
sig = lambda u: 1 / (1 + np.exp(-u))  # noqa: E731
S = lambda e: float(np.sum(e))  # noqa: E731  (a 1×1 result as a number)

# (id, formula, variable, shapes, numpy function)
ROWS = [
    # the arithmetic operators + - * / ^
    ("mcorg-plus", r"a^T (x + A x)", "x", {**VEC, **SQ}, lambda v: S(v["a"].T @ (v["x"] + v["A"] @ v["x"]))),
    ("mcorg-minus-parr-howard", r"\|x - y\|^2", "x", VEC, lambda v: S((v["x"] - v["y"]) ** 2)),
    ("mcorg-times-cookbook81", r"x^T A x", "A", {**VEC, **SQ}, lambda v: S(v["x"].T @ v["A"] @ v["x"])),
    ("mcorg-divide-rayleigh", r"\frac{x^T A x}{x^T x}", "x", {**VEC, **SQ},
     lambda v: S(v["x"].T @ v["A"] @ v["x"]) / S(v["x"].T @ v["x"])),
    ("mcorg-power-of-dot", r"(a^T x)^3", "x", VEC, lambda v: S(v["a"].T @ v["x"]) ** 3),
    ("mcorg-matrix-power-cookbook106", r"\mathrm{tr}(X^3)", "X", SQ, lambda v: tr(np.linalg.matrix_power(v["X"], 3))),
    # element-wise .* ./ .^
    ("mcorg-hadamard-odot", r"\mathbf{1}^T (x \odot y)", "x", VEC, lambda v: S(v["x"] * v["y"])),
    ("mcorg-hadamard-circ", r"\mathbf{1}^T (x \circ A x)", "x", {**VEC, **SQ}, lambda v: S(v["x"] * (v["A"] @ v["x"]))),
    ("mcorg-oslash-numerator", r"a^T (x \oslash y)", "x", VEC, lambda v: S(v["a"] * v["x"] / v["y"])),
    ("mcorg-oslash-denominator", r"a^T (x \oslash y)", "y", VEC, lambda v: S(v["a"] * v["x"] / v["y"])),
    ("mcorg-oslash-chain", r"\mathbf{1}^T (x \odot v \oslash y)", "y", VEC, lambda v: S(v["x"] * v["v"] / v["y"])),
    ("mcorg-elementwise-power", r"\mathbf{1}^T x^3", "x", VEC, lambda v: S(v["x"] ** 3)),
    # element-wise functions
    ("mcorg-sin", r"a^T \sin(x)", "x", VEC, lambda v: S(v["a"] * np.sin(v["x"]))),
    ("mcorg-cos", r"a^T \cos(x)", "x", VEC, lambda v: S(v["a"] * np.cos(v["x"]))),
    ("mcorg-tan", r"a^T \tan(x)", "x", VEC, lambda v: S(v["a"] * np.tan(v["x"]))),
    ("mcorg-arcsin", r"a^T \arcsin(x)", "x", VEC, lambda v: S(v["a"] * np.arcsin(v["x"]))),
    ("mcorg-arccos", r"a^T \arccos(x)", "x", VEC, lambda v: S(v["a"] * np.arccos(v["x"]))),
    ("mcorg-arctan", r"a^T \arctan(x)", "x", VEC, lambda v: S(v["a"] * np.arctan(v["x"]))),
    ("mcorg-exp", r"a^T \exp(x)", "x", VEC, lambda v: S(v["a"] * np.exp(v["x"]))),
    ("mcorg-log", r"a^T \log(x)", "x", VEC, lambda v: S(v["a"] * np.log(v["x"]))),
    ("mcorg-tanh", r"a^T \tanh(x)", "x", VEC, lambda v: S(v["a"] * np.tanh(v["x"]))),
    ("mcorg-abs", r"a^T |z|", "z", VEC, lambda v: S(v["a"] * np.abs(v["z"]))),
    ("mcorg-sign-times-z", r"a^T (\operatorname{sign}(z) \odot z)", "z", VEC, lambda v: S(v["a"] * np.sign(v["z"]) * v["z"])),
    ("mcorg-relu", r"a^T \mathrm{relu}(z)", "z", VEC, lambda v: S(v["a"] * np.maximum(v["z"], 0))),
    ("pytorch-relu-max", r"\mathbf{1}^T \max(0, A z)", "z", {**VEC, **SQ}, lambda v: S(np.maximum(v["A"] @ v["z"], 0))),
    # sum, norm1, norm2, vector(1)
    ("mcorg-sum-matrix", r"\operatorname{sum}(X)", "X", SQ, lambda v: S(v["X"])),
    ("mcorg-sum-product", r"\operatorname{sum}(A X)", "X", SQ, lambda v: S(v["A"] @ v["X"])),
    ("mcorg-sum-text-hadamard", r"\text{sum}(x \odot y)", "y", VEC, lambda v: S(v["x"] * v["y"])),
    ("mcorg-sum-ones-vector", r"\mathbf{1}^T \exp(x)", "x", VEC, lambda v: S(np.exp(v["x"]))),
    ("mcorg-ones-outer", r"x^T \mathbf{1}\mathbf{1}^T x", "x", VEC, lambda v: S(v["x"]) ** 2),
    ("mcorg-norm1-vector", r"\|z\|_1", "z", VEC, lambda v: S(np.abs(v["z"]))),
    ("mcorg-norm2-vector", r"\|x\|_2", "x", VEC, lambda v: nrm(v["x"])),
    ("mcorg-norm2-frobenius", r"\|X\|_F", "X", SQ, lambda v: nrm(v["X"])),
    # tr, det, logdet, inv
    ("mcorg-tr", r"\operatorname{tr}(X)", "X", SQ, lambda v: tr(v["X"])),
    ("mcorg-tr-cookbook100", r"\mathrm{tr}(A X)", "X", SQ, lambda v: tr(v["A"] @ v["X"])),
    ("mcorg-det-cookbook49", r"\det X", "X", SQ, lambda v: det(v["X"])),
    ("mcorg-logdet", r"\log\det X", "X", SQ, lambda v: lg(det(v["X"]))),
    ("cookbook-log-bars", r"\log|X|", "X", SQ, lambda v: lg(abs(det(v["X"])))),
    ("mcorg-inv-cookbook61", r"a^T X^{-1} b", "X", {**VEC, **SQ}, lambda v: S(v["a"].T @ inv(v["X"]) @ v["b"])),
    ("mcorg-tr-inv", r"\mathrm{tr}(X^{-1})", "X", SQ, lambda v: tr(inv(v["X"]))),
    # Kronecker products (Matrix Cookbook §10.2)
    ("cookbook511-tr-kron-A", r"\mathrm{tr}(A \otimes B)", "A", {"A": (3, 3), "B": (2, 2)},
     lambda v: tr(np.kron(v["A"], v["B"]))),
    ("cookbook511-tr-kron-B", r"\mathrm{tr}(A \otimes B)", "B", {"A": (3, 3), "B": (2, 2)},
     lambda v: tr(np.kron(v["A"], v["B"]))),
    ("mcorg-kron-bilinear-A", r"x^T (A \otimes B) y", "A", KRON, lambda v: S(v["x"].T @ np.kron(v["A"], v["B"]) @ v["y"])),
    ("mcorg-kron-bilinear-B", r"x^T (A \otimes B) y", "B", KRON, lambda v: S(v["x"].T @ np.kron(v["A"], v["B"]) @ v["y"])),
    ("mcorg-kron-sum", r"\operatorname{sum}(A \otimes B)", "A", KRON, lambda v: S(np.kron(v["A"], v["B"]))),
    # matrixcalculus.org's examples
    ("mcorg-example-half-xtAx", r"\frac{1}{2} x^T A x", "x", {**VEC, **SQ}, lambda v: 0.5 * S(v["x"].T @ v["A"] @ v["x"])),
    ("mcorg-example-A-exp-x", r"A \exp(x)", "x", {**VEC, **SQ}, lambda v: v["A"] @ np.exp(v["x"])),
    ("mcorg-example-yv-x-by-x", r"(y \odot v)^T x", "x", VEC, lambda v: S((v["y"] * v["v"]).T @ v["x"])),
    ("mcorg-example-yv-x-by-y", r"(y \odot v)^T x", "y", VEC, lambda v: S((v["y"] * v["v"]).T @ v["x"])),
    ("mcorg-example-a-pow-b-by-a", r"s^t", "s", {}, lambda v: float(v["s"] ** v["t"])),
    ("mcorg-example-a-pow-b-by-b", r"s^t", "t", {}, lambda v: float(v["s"] ** v["t"])),
    ("mcorg-example-norm1-residual", r"\|A x - y\|_1", "x", {**VEC, **SQ}, lambda v: S(np.abs(v["A"] @ v["x"] - v["y"]))),
    ("mcorg-example-norm2sq-residual", r"\|A x - y\|_2^2", "x", {**VEC, **SQ},
     lambda v: nrm(v["A"] @ v["x"] - v["y"]) ** 2),
    ("mcorg-example-logistic", r"\operatorname{sum}(\log(\exp(-y \odot (X w)) + \mathbf{1}))", "w", LOGISTIC,
     lambda v: S(np.log(np.exp(-v["y"] * (v["X"] @ v["w"])) + 1))),
    ("mcorg-example-tr-AXtBXC", r"\mathrm{tr}(A X^T B X C)", "X", SQ,
     lambda v: tr(v["A"] @ v["X"].T @ v["B"] @ v["X"] @ v["C"])),
    ("mcorg-example-logdet-inv", r"\log(\det(X^{-1}))", "X", SQ, lambda v: lg(det(inv(v["X"])))),
]  # fmt: skip


@pytest.mark.parametrize(("tex", "wrt", "shapes", "fn"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS])
def test_derivative_matches_central_differences(tex: str, wrt: str, shapes: dict, fn: Callable) -> None:
    formula = symdl.parse(tex, shapes=shapes or None)
    d = symdl.diff(formula, wrt)
    vals = _values(13, {**shapes, **({wrt: (1, 1)} if wrt not in shapes else {})})
    want = _central(fn, vals, wrt)
    got = _evaluate(d.expr, vals).reshape(want.shape)
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("shapes", [{"A": (3, 3), "B": (2, 2)}, None], ids=["declared", "capitals-undeclared"])
def test_otimes_between_matrices_is_kronecker_and_noted(shapes: dict | None) -> None:
    """Matrix Cookbook eq. 511's tr(A ⊗ B): the Kronecker product (before: refused, "\\otimes between names")."""
    f = symdl.parse(r"\mathrm{tr}(A \otimes B)", shapes=shapes)
    assert "otimes-kronecker" in [n.rule for n in f.notes]
    assert f.statements[0].rhs.atoms(sympy.KroneckerProduct)
    assert f.shapes["A"][0] != 1 and f.shapes["B"][1] != 1


def test_otimes_beside_a_bracket_stays_elementwise() -> None:
    """GLU's a ⊗ σ(b) (PyTorch docs, torch.nn.GLU) keeps its reading: must not change."""
    f = symdl.parse(r"\mathbf{1}^T (a \otimes \sigma(b))", shapes={"a": (3, 1), "b": (3, 1)})
    assert [n.rule for n in f.notes].count("otimes-elementwise") == 1
    assert not f.statements[0].rhs.atoms(sympy.KroneckerProduct)


def test_otimes_between_vectors_is_elementwise() -> None:
    """Géron's LSTM f ⊗ c (session 42; before: refused as an outer or Kronecker product): entry by entry, noted."""
    f = symdl.parse(r"\mathbf{1}^T (x \otimes y)", shapes=VEC)
    assert [n.rule for n in f.notes].count("otimes-elementwise") == 1
    x, y = np.array([1.0, 2.0, 3.0]), np.array([4.0, 5.0, 6.0])
    assert float(np.ravel(symdl.lambdify(f)(x=x, y=y))[0]) == float(x @ y)


@pytest.mark.parametrize(
    ("tex", "shapes", "message"),
    [(r"\mathbf{1}^T (A \otimes y)", {"A": (3, 3), "y": (3, 1)}, "not both matrices"),
     (r"\mathrm{tr}(A \otimes B \otimes C)", {"A": (2, 2), "B": (2, 2), "C": (2, 2)}, "more than two factors")],
    ids=["otimes-of-a-matrix-and-a-vector", "kron-three-factors"],
)
def test_without_a_rule_is_not_supported(tex: str, shapes: dict, message: str) -> None:
    with pytest.raises(symdl.NotSupported, match=message):
        symdl.diff(symdl.parse(tex, shapes=shapes), "A" if "A" in shapes else "x")


def _shape_args(shapes: dict[str, tuple[int, int]]) -> list[str]:
    out = []
    for k, (r, c) in shapes.items():
        out += ["--shape", f"{k}={r}" if c == 1 else f"{k}={r}x{c}"]
    return out


# (id, function, variable, shapes, right claim, subtly wrong claim)
CLAIMS = [
    ("mcorg-oslash-numerator", r"\mathbf{1}^T (x \oslash y)", "x", VEC, r"\mathbf{1} \oslash y", r"x \oslash y"),
    ("mcorg-oslash-denominator", r"\mathbf{1}^T (x \oslash y)", "y", VEC, r"-x \oslash (y \odot y)",
     r"x \oslash (y \odot y)"),
    ("mcorg-sum-product", r"\operatorname{sum}(A X)", "X", SQ, r"A^T \mathbf{1}_3 \mathbf{1}_3^T",
     r"A \mathbf{1}_3 \mathbf{1}_3^T"),
    ("mcorg-kron-sum", r"\operatorname{sum}(A \otimes B)", "A", KRON, r"\operatorname{sum}(B) \mathbf{1}_2 \mathbf{1}_3^T",
     r"\operatorname{sum}(B) A"),
    ("mcorg-sin", r"a^T \sin(x)", "x", VEC, r"a \odot \cos(x)", r"a \odot \sin(x)"),
    ("mcorg-arctan", r"\mathbf{1}^T \arctan(x)", "x", VEC, r"\mathbf{1} \oslash (\mathbf{1} + x \odot x)",
     r"\mathbf{1} \oslash (\mathbf{1} - x \odot x)"),
    ("mcorg-example-norm1-residual", r"\|A x - y\|_1", "x", {**VEC, **SQ}, r"A^T \operatorname{sign}(A x - y)",
     r"A \operatorname{sign}(A x - y)"),
    ("mcorg-example-norm2sq-residual", r"\|A x - y\|_2^2", "x", {**VEC, **SQ}, r"2 A^T (A x - y)", r"A^T (A x - y)"),
    ("mcorg-example-logistic", r"\operatorname{sum}(\log(\exp(-y \odot (X w)) + \mathbf{1}))", "w", LOGISTIC,
     r"-X^T (y \odot \sigma(-y \odot (X w)))", r"X^T (y \odot \sigma(-y \odot (X w)))"),
    ("mcorg-example-tr-AXtBXC", r"\mathrm{tr}(A X^T B X C)", "X", SQ, r"B X C A + B^T X A^T C^T",
     r"B X C A + B X A^T C^T"),
    ("mcorg-example-logdet-inv", r"\log(\det(X^{-1}))", "X", SQ, r"-X^{-T}", r"-X^{-1}"),
    ("mcorg-example-yv-x", r"(y \odot v)^T x", "y", VEC, r"v \odot x", r"v"),
    ("mcorg-example-half-xtAx", r"\frac{1}{2} x^T A x", "x", {**VEC, **SQ}, r"\frac{1}{2}(A + A^T) x", r"A x"),
    ("mcorg-example-a-pow-b", r"s^t", "t", {}, r"s^t \ln s", r"t s^{t-1}"),
    ("cookbook-log-bars", r"\log|X|", "X", SQ, r"X^{-T}", r"X^{-1}"),
]  # fmt: skip


@pytest.mark.parametrize(("tex", "wrt", "shapes", "right", "wrong"), [c[1:] for c in CLAIMS], ids=[c[0] for c in CLAIMS])
def test_cli_check_right_verified_wrong_refuted(capsys: pytest.CaptureFixture[str], tex: str, wrt: str, shapes: dict,
                                                 right: str, wrong: str) -> None:
    used = {k: s for k, s in shapes.items() if k in tex}
    args = [*_shape_args(used), "--no-color"]
    assert main(["check", tex, "--wrt", wrt, "--claim", right, *args]) == 0, capsys.readouterr().out
    assert "verified" in capsys.readouterr().out
    assert main(["check", tex, "--wrt", wrt, "--claim", wrong, *args]) == 1, capsys.readouterr().out
    assert "refuted" in capsys.readouterr().out
