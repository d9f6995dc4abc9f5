"""Session 22, helper RMAT: plain letters a reader knows are matrices or vectors, read as numbers (issue 12).

Each class is a rule with a reading note:

- ``transpose-group``: a parenthesised expression transposed (Ng's ``(X\\theta - y)^T(X\\theta - y)``) is a vector;
  its plain names are arrays by their case, a Greek name alone or after a capital a vector;
- ``greek-after-matrix``: a lower-case Greek name right after a matrix in a sum with a vector (``X^T(X\\theta - y)``);
- ``product-after-transpose``: a capital between ``(...)^\\top`` and ``(`` is a matrix, not a function applied;
- ``vector-row`` (widened): a labelled weight (a GRU's ``U^h``) after a vector, and a parenthesised element-wise
  product before a weight, are the row-vector convention;
- ``capital-entries``: ``\\|Y - d\\|`` beside ``\\sum_i (y_i - d_i)^2``: Y a vector;
- ``exponent-product``, ``row-reduction``: the number reading kept, noted.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import sympy

import symdl

NG = r"J = \frac{1}{2m}(X\theta - y)^T(X\theta - y)"
GCN = r"Z = \mathrm{softmax}\left(\hat{A}\,\mathrm{ReLU}\left(\hat{A}XW^{(0)}\right)W^{(1)}\right)"
GRU = r"h = \tanh (x_t U^h + (s_{t-1} \odot r) W^h)"
FLASH = (
    r"m^{(j)} = \max(m^{(j-1)}, \mathrm{rowmax}(S^{(j)})), \quad \ell^{(j)} = e^{m^{(j-1)} - m^{(j)}}\ell^{(j-1)} + "
    r"\mathrm{rowsum}(e^{S^{(j)} - m^{(j)}})"
)

# (id, source, latex, names → (vector | matrix | number), the notes' rules → their spans' texts)
CASES = [
    ("ng-cost", "Andrew Ng, Coursera ML / cs229: the vectorised linear-regression cost", NG,
     {"X": "matrix", r"\theta": "vector", "y": "vector", "m": "number", "J": "number"},
     {"greek-after-matrix": [r"X\theta", r"X\theta"]}),  # (transpose-group before session 50's design products)
    ("ols-rss", "Hastie et al., ESL eq. 3.3: the residual sum of squares", r"(y - X\beta)^T(y - X\beta)",
     {"X": "matrix", r"\beta": "vector", "y": "vector"}, {"greek-after-matrix": [r"X\beta", r"X\beta"]}),
    ("ng-gradient", "Andrew Ng, Coursera ML ex1: the vectorised gradient step",
     r"\theta := \theta - \frac{\alpha}{m} X^T(X\theta - y)",
     {"X": "matrix", r"\theta": "vector", "y": "vector", r"\alpha": "number"},
     {"greek-after-matrix": [r"X\theta"], "transpose-group": []}),
    ("normal-equations", "cs229 lecture notes: the normal equations", r"X^T X \theta = X^T y",
     {"X": "matrix", r"\theta": "vector", "y": "vector"}, {"greek-after-matrix": [r"X \theta"]}),
    ("cs229-gradient", "cs229 lecture notes: the gradient of the least-squares cost",
     r"\nabla_\theta J(\theta) = X^TX\theta - X^T\vec{y}", {"X": "matrix", r"\theta": "vector"},
     {"greek-after-matrix": [r"X\theta"]}),
    ("ols-norm", "Wikipedia, Ordinary least squares: the objective", r"S = \| y - X\beta \|_2^2",
     {"X": "matrix", r"\beta": "vector", "y": "vector"}, {"greek-after-matrix": [r"X\beta"], "matrix-norm": []}),
    ("mahalanobis", "R docs, stats::mahalanobis", r"D^2 = (x - \mu)^T \Sigma^{-1} (x - \mu)",
     {"x": "vector", r"\mu": "vector", r"\Sigma": "matrix"}, {"transpose-group": [r"(x - \mu)^T"]}),
    ("taylor-quadratic", "Goodfellow et al., Deep Learning eq. 7.7: the quadratic approximation at w^*",
     r"\hat{J}(\theta) = J(w^*) + \frac{1}{2}(w - w^*)^\top H (w - w^*)",
     {"w": "vector", "w^*": "vector", "H": "matrix"},
     {"transpose-group": [r"(w - w^*)^\top"], "product-after-transpose": [r"H (w - w^*)"]}),
    ("distance", "Wikipedia, Euclidean distance in vector form", r"d^2 = (p - q)^T (p - q)",
     {"p": "vector", "q": "vector"}, {"transpose-group": ["(p - q)^T"]}),
    ("gru-rows", "bubuko.com mirror of GRU notes (the row-vector convention), the candidate", GRU,
     {"x_t": "row", "U^h": "matrix", "s_{t-1}": "row", "r": "row", "W^h": "matrix", "h": "row"},
     {"vector-row": ["x_t", "s_{t-1}", "r"]}),
    ("gru-gate-rows", "WildML GRU tutorial: the update gate in rows", r"z = \sigma(x_t U^z + s_{t-1} W^z)",
     {"x_t": "row", "U^z": "matrix", "s_{t-1}": "row", "W^z": "matrix", "z": "row"},
     {"vector-row": ["x_t", "s_{t-1}"]}),
    ("gcn", "Kipf & Welling 2017 (GCN), eq. 9: the two-layer model", GCN,
     {r"\hat{A}": "matrix", "X": "matrix", "W^{(0)}": "matrix", "W^{(1)}": "matrix", "Z": "matrix"},
     {"capital-projection": ["XW^{(0)}"]}),
    ("d2l-layer", "d2l 5.1: a hidden layer's output times the output weights, row-major",
     r"\mathbf{O} = H W^{(2)} + b^{(2)}", {"H": "matrix", "W^{(2)}": "matrix"}, {"capital-projection": ["H W^{(2)}"]}),
    ("cmu-divergence", "CMU 11-785 lecture slides: the L2 divergence",
     r"\mathrm{Div}(Y, d) = \frac{1}{2}\|Y - d\|^2 = \frac{1}{2}\sum_i (y_i - d_i)^2",
     {"Y": "vector", "d": "vector"}, {"capital-entries": ["Y"], "matrix-norm": []}),
]  # fmt: skip

# look-alikes that keep their reading: no transpose, no vector beside, no entries, an exponent of a rate
KEPT = [
    ("no-transpose", "a product of two parenthesised differences of numbers", r"L = (a - b)(a - b)",
     {"a": "number", "b": "number"}, {"transpose-group": []}),
    ("greek-alone", "a design capital times a parameter letter with nothing beside it (session 50: Xθ is the "
     "regression's matrix times its parameters)", r"z = X\theta", {"X": "matrix", r"\theta": "vector"},
     {"greek-after-matrix": [r"X\theta"]}),
    ("count-times-greek", "a count times a Greek letter stays a product of numbers", r"z = N\theta",
     {"N": "number", r"\theta": "number"}, {"greek-after-matrix": []}),
    ("greek-before-capital", "a rate written before a matrix: a number scaling it (Ng's W - \\alpha dW)",
     r"W := W - \alpha X^T(X w - y)", {r"\alpha": "number", "w": "vector"}, {"greek-after-matrix": []}),
    ("capital-pair-stays-matrix", "two capitals subtracted, no entries written", r"L = \|Y - T\|^2",
     {"Y": "matrix", "T": "matrix"}, {"capital-entries": []}),
    ("listed-column", "RoPE's listed column transposed: a column of its entries, not the rule",
     r"v = (x_1, x_2)^T", {}, {"transpose-group": []}),
    ("bold-residual", "d2l 3.1: bold names say it already", r"\|\mathbf{y} - \mathbf{X}\mathbf{w}\|^2",
     {r"\mathbf{X}": "matrix", r"\mathbf{w}": "vector"}, {"transpose-group": [], "greek-after-matrix": []}),
]  # fmt: skip


def _kind(v: Any) -> str:
    shape = getattr(v, "shape", None)
    if shape is None or isinstance(v, sympy.IndexedBase):
        return "number"
    rows, cols = shape
    if cols == 1 and rows != 1:
        return "vector"
    if rows == 1 and cols != 1:
        return "row"
    return "matrix"


@pytest.mark.parametrize(("row", "source", "latex", "kinds", "notes"), CASES + KEPT, ids=[r[0] for r in CASES + KEPT])
def test_reading(row: str, source: str, latex: str, kinds: dict[str, str], notes: dict[str, list[str]]) -> None:
    f = symdl.parse(latex)
    assert {name: _kind(f.symbols[name]) for name in kinds} == kinds
    for rule, spans in notes.items():
        assert [latex[n.span.start : n.span.end] for n in f.notes if n.rule == rule] == spans


def _value(f: symdl.Formula, v: dict[str, Any]) -> np.ndarray:
    fn = symdl.lambdify(f)
    got = fn(**{k: x for k, x in v.items() if k in fn.parameters})
    got = list(got.values())[-1] if isinstance(got, dict) else got
    return np.asarray(got, dtype=float)


def test_ng_cost_evaluates_as_numpy() -> None:
    rng = np.random.default_rng(22)
    X, theta, y = rng.normal(size=(6, 3)), rng.normal(size=(3, 1)), rng.normal(size=(6, 1))
    r = X @ theta - y
    got = _value(symdl.parse(NG), {"X": X, r"\theta": theta, "y": y, "m": 6.0})
    np.testing.assert_allclose(got.ravel(), (r.T @ r / 12).ravel(), rtol=1e-12)


def test_ols_gradient_evaluates_as_numpy() -> None:
    rng = np.random.default_rng(3)
    X, beta, y = rng.normal(size=(5, 2)), rng.normal(size=(2, 1)), rng.normal(size=(5, 1))
    got = _value(symdl.parse(r"g = -2X^T(y - X\beta)"), {"X": X, r"\beta": beta, "y": y})
    np.testing.assert_allclose(got.ravel(), (-2 * X.T @ (y - X @ beta)).ravel(), rtol=1e-12)


def test_mahalanobis_evaluates_as_numpy() -> None:
    rng = np.random.default_rng(36)
    a = rng.normal(size=(3, 3))
    sigma, x, mu = a @ a.T + 3 * np.eye(3), rng.normal(size=(3, 1)), rng.normal(size=(3, 1))
    got = _value(symdl.parse(r"D^2 = (x - \mu)^T \Sigma^{-1} (x - \mu)"), {"x": x, r"\mu": mu, r"\Sigma": sigma})
    np.testing.assert_allclose(got.ravel(), ((x - mu).T @ np.linalg.inv(sigma) @ (x - mu)).ravel(), rtol=1e-10)


def test_goodfellow_quadratic_evaluates_as_numpy() -> None:
    rng = np.random.default_rng(7)
    h, w, ws = rng.normal(size=(4, 4)), rng.normal(size=(4, 1)), rng.normal(size=(4, 1))
    f = symdl.parse(r"q = \frac{1}{2}(w - w^*)^\top H (w - w^*)")
    got = _value(f, {"w": w, "w^*": ws, "H": h})
    np.testing.assert_allclose(got.ravel(), (0.5 * (w - ws).T @ h @ (w - ws)).ravel(), rtol=1e-12)


def test_gru_rows_evaluate_as_numpy() -> None:
    rng = np.random.default_rng(28)
    d, n = 3, 4
    x, s, r = rng.normal(size=(1, d)), rng.normal(size=(1, n)), rng.normal(size=(1, n))
    u, w = rng.normal(size=(d, n)), rng.normal(size=(n, n))
    got = _value(symdl.parse(GRU), {"x_t": x, "s_{t-1}": s, "r": r, "U^h": u, "W^h": w})
    np.testing.assert_allclose(got.ravel(), np.tanh(x @ u + (s * r) @ w).ravel(), rtol=1e-12)


def test_gcn_evaluates_as_numpy() -> None:
    rng = np.random.default_rng(2017)
    a, x, w0, w1 = rng.normal(size=(4, 4)), rng.normal(size=(4, 3)), rng.normal(size=(3, 5)), rng.normal(size=(5, 2))
    s = a @ np.maximum(a @ x @ w0, 0) @ w1
    want = np.exp(s) / np.exp(s).sum(axis=1, keepdims=True)
    got = _value(symdl.parse(GCN), {r"\hat{A}": a, "X": x, "W^{(0)}": w0, "W^{(1)}": w1})
    np.testing.assert_allclose(got, want, rtol=1e-12)


def test_divergence_evaluates_as_numpy() -> None:
    """The chain's last side by the entries; Y (a vector now) is the same length as d."""
    rng = np.random.default_rng(293)
    y, d = rng.normal(size=5), rng.normal(size=5)
    f = symdl.parse(r"L = \frac{1}{2}\|Y - d\|^2 = \frac{1}{2}\sum_i (y_i - d_i)^2")
    np.testing.assert_allclose(_value(f, {"y": y, "d": d}).ravel(), [0.5 * float(((y - d) ** 2).sum())], rtol=1e-12)
    assert f.symbols["Y"].shape == f.symbols["d"].shape


# (id, source, latex, the notes' rules → their spans' texts): the number reading kept, and said
NOTED = [
    ("youtube-dnn", "Covington, Adams & Sargin, RecSys 2016 (YouTube DNN)",
     r"P(w_t = i|U, C) = \frac{e^{v_i u}}{\sum_{j \in V} e^{v_j u}}", {"exponent-product": ["v_i u", "v_j u"]}),
    ("word2vec-plain", "word2vec's skip-gram softmax written without transposes",
     r"p(o|c) = \frac{\exp(u_o v_c)}{\sum_{w} \exp(u_w v_c)}", {"exponent-product": ["u_o v_c", "u_w v_c"]}),
    ("temperature-kept", "a softmax with an inverse temperature: numbers, no note",
     r"p_i = \frac{e^{\beta x_i}}{\sum_j e^{\beta x_j}}", {"exponent-product": []}),
    ("transposed-kept", "word2vec with the transpose: vectors already, no note",
     r"p(o|c) = \frac{\exp(u_o^T v_c)}{\sum_{w} \exp(u_w^T v_c)}", {"exponent-product": []}),
    ("flash-attention", "Dao et al. 2022 (FlashAttention), online softmax statistics", FLASH,
     {"row-reduction": [r"\mathrm{rowmax}(S^{(j)})", r"\mathrm{rowsum}(e^{S^{(j)} - m^{(j)}})"]}),
]  # fmt: skip


@pytest.mark.parametrize(("row", "source", "latex", "notes"), NOTED, ids=[r[0] for r in NOTED])
def test_noted(row: str, source: str, latex: str, notes: dict[str, list[str]]) -> None:
    f = symdl.parse(latex)
    for rule, spans in notes.items():
        assert [latex[n.span.start : n.span.end] for n in f.notes if n.rule == rule] == spans
