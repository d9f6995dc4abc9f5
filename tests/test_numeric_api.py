"""The public API with LaTeX strings and Formulas, and the cross-entropy gradient finite at |z| = 1000."""

from __future__ import annotations

import re

import numpy as np
import pytest
import sympy

import symdl
from symdl.budget import Budgets
from symdl.config import Config
from symdl.numeric import RULES, lambdify, stabilize

CFG = Config()
i, j, k = sympy.symbols("i j k", integer=True)
z, t = sympy.IndexedBase("z", real=True), sympy.IndexedBase("t", real=True)
N = sympy.Symbol("N_z", integer=True, positive=True)
DENOM = sympy.Sum(sympy.exp(z[i]), (i, 1, N))


def _reference(zz: np.ndarray, tt: np.ndarray) -> np.ndarray:
    e = np.exp(zz - zz.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True) * tt.sum(axis=-1, keepdims=True) - tt


POINTS = [
    ("plus-1000", [1000.0, -1000.0, 0.5, 999.0], [0.0, 0.0, 0.0, 1.0]),
    ("minus-1000", [-1000.0, -1001.0, -999.5, -1000.0], [0.0, 1.0, 0.0, 0.0]),
    ("mixed-soft-targets", [1000.0, 1000.0, -1000.0, 3.0], [0.25, 0.25, 0.25, 0.25]),
    ("moderate", [0.3, -1.2, 2.0, 0.0], [0.1, 0.2, 0.3, 0.4]),
]
LATEX_CE = r"-\sum_i t_i \log \frac{e^{z_i}}{\sum_j e^{z_j}}"


def _gradients() -> list[tuple[str, sympy.Expr]]:
    d = symdl.diff(LATEX_CE, "z", config=CFG)
    kk = d.index
    return [
        ("diff-expr", d.expr.xreplace({kk: k})),
        ("diff-raw", d.raw.xreplace({kk: k})),
        ("diff-no-simplify", symdl.diff(LATEX_CE, "z", config=Config(budgets=Budgets(steps=0))).expr.xreplace({kk: k})),
        # the unsimplified shape the differentiator can produce: the 1/Σ inside the target sum
        ("sum-inside", sympy.exp(z[k]) * sympy.Sum(t[j] / DENOM, (j, 1, N)) - t[k]),
    ]


GRADIENTS = _gradients()


@pytest.mark.parametrize(("zz", "tt"), [p[1:] for p in POINTS], ids=[p[0] for p in POINTS])
@pytest.mark.parametrize("grad", [g[1] for g in GRADIENTS], ids=[g[0] for g in GRADIENTS])
def test_cross_entropy_gradient_is_finite_and_accurate(grad: sympy.Expr, zz: list, tt: list) -> None:
    names = {s.label if isinstance(s, sympy.IndexedBase) else s: s for s in grad.atoms(sympy.IndexedBase)}
    fn = lambdify(grad)
    keys = {str(getattr(b, "label", b)) for b in names}
    t_key = "t" if "t" in keys else "y"
    with np.errstate(all="raise"):
        got = np.asarray(fn(z=np.array(zz), **{t_key: np.array(tt)}))
    want = _reference(np.array(zz), np.array(tt))
    assert np.all(np.isfinite(got))
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-300)


def test_constant_out_of_sum_rule_is_in_the_table_and_keeps_the_math() -> None:
    assert "constant-out-of-sum" in [r.name for r in RULES]
    e = sympy.exp(z[k]) * sympy.Sum(t[j] / DENOM, (j, 1, N))
    s = stabilize(e)
    assert not any(isinstance(a, sympy.Sum) and a.function.has(DENOM) for a in sympy.preorder_traversal(s))
    zz, tt = np.array([0.1, 0.2, -0.3]), np.array([0.5, 0.2, 0.3])
    np.testing.assert_allclose(lambdify(e, stable=False)(z=zz, t=tt), lambdify(e)(z=zz, t=tt), rtol=1e-14)


def test_batched_cross_entropy_gradient_at_extremes() -> None:
    grad = GRADIENTS[0][1]
    rng = np.random.default_rng(11)
    zz = rng.normal(size=(6, 5)) * 1000.0
    tt = np.eye(5)[rng.integers(0, 5, size=6)]
    got = lambdify(grad)(z=zz, t=tt)
    np.testing.assert_allclose(got, _reference(zz, tt), rtol=1e-12, atol=1e-300)


# --- symdl.check_gradient / diff / lambdify with LaTeX strings and Formulas -----------------------------
API = [
    ("string-verified", r"\sigma(z)", "z", r"\sigma(z)(1-\sigma(z))", {}, "verified"),
    ("string-refuted", r"\tanh(x)", "x", r"1 - \tanh(x)", {}, "refuted"),
    ("string-shapes", r"\|W x - y\|^2", "W", r"2(W x - y)x^T", {"W": (3, 4), "x": (4,), "y": (3,)}, "verified"),
    ("string-shapes-refuted", r"\|W x - y\|^2", "W", r"2 x (W x - y)^T", {"W": (3, 4), "x": (4,), "y": (3,)}, "refuted"),
    ("string-length-as-a-number", r"\mathbf{x}^T\mathbf{x}", "x", r"2\mathbf{x}", {"x": 3}, "verified"),
    ("formula-family", r"\log \sum_j e^{z_j}", "z", r"\frac{e^{z_i}}{\sum_j e^{z_j}}", {}, "verified"),
]


@pytest.mark.parametrize(
    ("f", "wrt", "claim", "shapes", "verdict"), [a[1:] for a in API], ids=[a[0] for a in API]
)
def test_check_gradient_takes_latex_and_formulas(f: str, wrt: str, claim: str, shapes: dict, verdict: str) -> None:
    kw = {"shapes": shapes} if shapes else {}
    assert symdl.check_gradient(f, wrt, claim, config=CFG, **kw).verdict == verdict
    parsed = symdl.check_gradient(symdl.parse(f), wrt, symdl.parse(claim), config=CFG, **kw)
    assert parsed.verdict == verdict


BAD_SHAPES = [
    ("a-list", [("x", 3)], "shapes map names to shapes"),
    ("zero-length", {"x": 0}, "the shape of 'x' is a length, (rows, columns) or () for a number, not 0"),
    ("text", {"x": "3x4"}, "not '3x4'"),
    ("three-axes", {"W": (2, 3, 4)}, "not (2, 3, 4)"),
    ("a-bool", {"x": True}, "not True"),
    ("float-length", {"x": (2.5,)}, "not (2.5,)"),
]


@pytest.mark.parametrize(("shapes", "message"), [b[1:] for b in BAD_SHAPES], ids=[b[0] for b in BAD_SHAPES])
@pytest.mark.parametrize("call", ["parse", "check_gradient"])
def test_bad_shapes_are_invalid_input_naming_them(call: str, shapes: object, message: str) -> None:
    """Every API that takes ``shapes`` checks them the same way (Config), never an internal error."""
    with pytest.raises(symdl.InvalidInput, match=re.escape(message)):
        if call == "parse":
            symdl.parse(r"W x", shapes=shapes)
        else:
            symdl.check_gradient(r"\mathbf{x}^T\mathbf{x}", "x", r"2\mathbf{x}", shapes=shapes, config=CFG)


def test_diff_and_lambdify_take_latex() -> None:
    d = symdl.diff(r"\sigma(w x + b)", "w", config=CFG)
    x, w, b = sympy.symbols("x w b", real=True)
    assert sympy.simplify(d.expr - x * symdl.functions.sigmoid(w * x + b) * (1 - symdl.functions.sigmoid(w * x + b))) == 0
    same = symdl.diff(symdl.parse(r"\sigma(w x + b)"), "w", config=CFG)
    assert same.expr == d.expr
    f = symdl.lambdify(r"\frac{e^{z_i}}{\sum_j e^{z_j}}")
    p = f(z=np.array([1000.0, 0.0, -1000.0]))
    np.testing.assert_allclose(p, [1.0, 0.0, 0.0], atol=1e-300)
    g = symdl.lambdify(symdl.parse(r"v = \beta v + (1-\beta) g"))
    assert g(v=1.0, g=3.0, **{r"\beta": 0.9}) == pytest.approx(1.2)
    # every derivative produced here is checked by finite differences
    h = 1e-6
    num = (lambdify(d.of)(x=0.7, w=0.3 + h, b=-0.2) - lambdify(d.of)(x=0.7, w=0.3 - h, b=-0.2)) / (2 * h)
    assert lambdify(d.expr)(x=0.7, w=0.3, b=-0.2) == pytest.approx(num, rel=1e-8)


def test_shift_into_sum_rule_keeps_the_math_and_stops() -> None:
    """exp(z_i - 2m)(exp(m) δ S - exp(z_k)) becomes exp(z_i - m)(δ S - exp(z_k - m)), once."""
    assert "shift-into-sum" in [r.name for r in RULES]
    jac = symdl.diff(r"\frac{e^{z_i}}{\sum_j{e^{z_j}}}", "z").expr
    once = stabilize(jac)
    assert stabilize(once) == once
    for zz in (np.array([0.3, -1.2, 2.0]), np.array([1000.0, 0.0, -1000.0]), np.array([-1000.0, -999.0, -1001.0])):
        p = np.exp(zz - zz.max()) / np.exp(zz - zz.max()).sum()
        np.testing.assert_allclose(lambdify(jac)(z=zz), np.diag(p) - np.outer(p, p), rtol=1e-12, atol=1e-300)
    small = np.array([0.3, -1.2, 2.0])
    np.testing.assert_allclose(lambdify(jac, stable=False)(z=small), lambdify(jac)(z=small), rtol=1e-13)
