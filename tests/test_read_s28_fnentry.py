"""Entries of a function's value, and definitions of them (session 28, issue 12).

- Entry k of a known function (softmax, log_softmax, σ, tanh, relu, exp) of a vector EXPRESSION (Prince's
  ``\\mathrm{softmax}_k[\\mathbf{f}[\\mathbf{x}, \\boldsymbol\\phi]]``, ``\\mathrm{softmax}(W\\mathbf{h} + \\mathbf{b})_k``,
  ``\\sigma(\\mathbf{W}\\mathbf{x})_j``, ``\\tanh(\\mathbf{z} + \\mathbf{b})_k``): the entry of the expression's value
  (SymPy's MatrixElement), the function applied as it defines its entry (softmax over the whole vector).  It was
  refused ("its argument is no vector name").
- A left side ``F(args)_i = ...`` is the definition of entry i of F's value, noted ``defined-entry`` (also for a
  known name redefined: a Markdown paste of softmax ``\\sigma(x)\\_i = ...``); a plain argument written on the right
  with one index (``x_i``) is a vector (``defined-entry-vector``).  Kept unnoted, as before: one vector name's
  ``\\sigma(\\mathbf{z})_i = ...`` (Wikipedia), and logsumexp's rows (``entry-rows``).
- Kept: ``G(\\mathbf{x})_i`` of an unknown G on the right is G(i, x) (``function-entry``); softmax(z)_i,
  softmax_k(z) keep their readings.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import sympy

import symdl
from symdl.errors import NotSupported

RNG = np.random.default_rng(28)
W34, H4, B3, Z3 = RNG.normal(size=(3, 4)), RNG.normal(size=(4, 1)), RNG.normal(size=(3, 1)), RNG.normal(size=(3, 1))
X4 = RNG.normal(size=(4, 1))
F3 = RNG.normal(size=(3, 1))


def _softmax(v: np.ndarray) -> np.ndarray:
    e = np.exp(v - v.max())
    return e / e.sum()


def _value(latex: str, shapes: dict[str, tuple[int, ...]], values: dict[str, Any], index: dict[str, int]) -> float:
    """The right side's value by SymPy's own matrices (the numeric stage does not yet mix entries of matrix
    products with indexed sums), at the free index's value ``index`` (1-based, as written)."""
    f = symdl.parse(latex, shapes=shapes)
    e = f.statements[-1].rhs
    sub: dict[sympy.Basic, sympy.Basic] = {}
    for s in e.atoms(sympy.MatrixSymbol):
        sub[s] = sympy.ImmutableMatrix(values[s.name])
        shape = zip(s.shape, values[s.name].shape, strict=True)
        sub.update({d: sympy.Integer(n) for d, n in shape if isinstance(d, sympy.Symbol)})
    sub.update({s: sympy.Integer(index[s.name]) for s in e.free_symbols if s.name in index})
    out = e.xreplace(sub).doit()
    return float(sympy.N(out[0, 0] if hasattr(out, "shape") else out))


# (id, source, latex, shapes, values, free index values, the value plain numpy gives)
EXPRESSIONS: list[tuple[str, str, str, dict, dict, dict, float]] = [
    ("softmax-of-affine", "a classifier's head, softmax(W h + b)_k (Goodfellow et al. 6.2.2.3, d2l 4.1)",
     r"p = \mathrm{softmax}(W\mathbf{h} + \mathbf{b})_k", {"W": (3, 4), "h": (4,), "b": (3,)},
     {"W": W34, "h": H4, "b": B3}, {"k": 2}, float(_softmax(W34 @ H4 + B3)[1, 0])),
    ("sigmoid-of-product", "a gate's unit j, σ(W x)_j (Goodfellow et al. 10.10)", r"y = \sigma(\mathbf{W}\mathbf{x})_j",
     {"W": (3, 4), "x": (4,)}, {"W": W34, "x": X4}, {"j": 3}, float(1 / (1 + np.exp(-(W34 @ X4)[2, 0])))),
    ("tanh-of-sum", "an RNN unit k, tanh(z + b)_k (Elman; Goodfellow et al. 10.8)", r"y = \tanh(\mathbf{z} + \mathbf{b})_k",
     {"z": (3,), "b": (3,)}, {"z": Z3, "b": B3}, {"k": 1}, float(np.tanh(Z3 + B3)[0, 0])),
    ("relu-of-affine", "a hidden unit i, relu(W x + b)_i (Goodfellow et al. 6.1's max{0, (W^T x + c)_i})",
     r"y = \mathrm{relu}(W\mathbf{x} + \mathbf{b})_i", {"W": (3, 4), "x": (4,), "b": (3,)},
     {"W": W34, "x": X4, "b": B3}, {"i": 3}, float(np.maximum(W34 @ X4 + B3, 0)[2, 0])),
    ("log-softmax-word", "PyTorch's log_softmax of logits W x, entry i", r"y = \mathrm{log\_softmax}(W\mathbf{x})_i",
     {"W": (3, 4), "x": (4,)}, {"W": W34, "x": X4}, {"i": 2}, float(np.log(_softmax(W34 @ X4))[1, 0])),
    ("log-of-softmax-label", "cross-entropy of class c, -log softmax(W x)_c (cs231n's L_i)",
     r"L = -\log \mathrm{softmax}(W\mathbf{x})_c", {"W": (3, 4), "x": (4,)}, {"W": W34, "x": X4}, {"c": 3},
     float(-np.log(_softmax(W34 @ X4))[2, 0])),
    ("prince-softmax-of-network", "Prince, Understanding Deep Learning 5.5: Pr(y=k|x) = softmax_k[f[x, φ]]",
     r"Pr(y=k \mid \mathbf{x}) = \mathrm{softmax}_k[\mathbf{f}[\mathbf{x}, \boldsymbol\phi]]", {},
     {"f(x, phi)": F3}, {"k": 2}, float(_softmax(F3)[1, 0])),
    ("sum-over-tanh-entries", "the sum of a layer's units, Σ_k tanh(W x)_k: k runs over W x's rows",
     r"s = \sum_k \tanh(W\mathbf{x})_k", {"W": (3, 4), "x": (4,)}, {"W": W34, "x": X4}, {},
     float(np.tanh(W34 @ X4).sum())),
    ("row-times-weight", "PyTorch's row convention, σ(x^T W)_i", r"y = \sigma(\mathbf{x}^\top W)_i",
     {"W": (4, 3), "x": (4,)}, {"W": W34.T, "x": X4}, {"i": 2}, float(1 / (1 + np.exp(-(X4.T @ W34.T)[0, 1])))),
]


@pytest.mark.parametrize(("latex", "shapes", "values", "index", "want"), [c[2:] for c in EXPRESSIONS],
                         ids=[c[0] for c in EXPRESSIONS])
def test_entry_of_a_known_function_of_an_expression(latex: str, shapes: dict, values: dict, index: dict,
                                                      want: float) -> None:
    assert _value(latex, shapes, values, index) == pytest.approx(want, rel=1e-10)


Z5 = RNG.normal(size=5)

# (id, source, latex, inputs, the value plain numpy gives, rules that must be noted)
DEFINITIONS: list[tuple[str, str, str, dict, Any, tuple[str, ...]]] = [
    ("markdown-softmax", "a README's softmax pasted from Markdown, σ(x)\\_i = e^{x\\_i} / Σ\\_j e^{x\\_j}",
     r"\sigma(x)\_i = \frac{e^{x\_i}}{\sum\_j e^{x\_j}}", {"x": Z5}, _softmax(Z5),
     ("defined-entry-vector", "defined-entry")),
    ("plain-softmax", "blog posts' softmax with a plain x, σ(x)_i = e^{x_i} / Σ_j e^{x_j}",
     r"\sigma(x)_i = \frac{e^{x_i}}{\sum_j e^{x_j}}", {"x": Z5}, _softmax(Z5), ("defined-entry-vector", "defined-entry")),
    ("wikipedia-softmax", "Wikipedia's softmax, σ(z)_i = e^{z_i} / Σ_j e^{z_j} (z bold)",
     r"\sigma(\mathbf{z})_i = \frac{e^{z_i}}{\sum_j e^{z_j}}", {"z": Z5}, _softmax(Z5), ()),
    ("square-entries", "a function defined entry by entry, f(x)_i = x_i^2", r"f(x)_i = x_i^2", {"x": Z5}, Z5**2,
     ("defined-entry-vector", "defined-entry")),
    ("two-arguments", "a function of a number and a vector defined by its entries, g(x, w)_i = w_i x",
     r"g(x, w)_i = w_i x", {"x": 1.5, "w": Z5}, 1.5 * Z5, ("defined-entry-vector", "defined-entry")),
    ("logsumexp-rows", "the PyTorch docs' logsumexp(x)_i (kept as it was: entry-rows)",
     r"\text{logsumexp}(x)_i = \log \sum_j \exp(x_{ij})", {"x": RNG.normal(size=(3, 4))}, None,
     ("entry-rows",)),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [c[2:] for c in DEFINITIONS],
                         ids=[c[0] for c in DEFINITIONS])
def test_definition_of_entries(latex: str, inputs: dict, want: Any, rules: tuple[str, ...]) -> None:
    f = symdl.parse(latex)
    assert f.statements[0].kind == "definition"
    got_rules = [n.rule for n in f.notes]
    assert [r for r in got_rules if r.startswith(("defined-entry", "entry-rows"))] == list(rules)
    if want is None:
        x = inputs["x"]
        want = np.log(np.exp(x).sum(axis=1))
    got = symdl.lambdify(f)(**inputs)
    np.testing.assert_allclose(np.asarray(got, dtype=float).ravel(), np.asarray(want, dtype=float).ravel(),
                               rtol=1e-12)


def test_moe_gate_defined_with_its_vector_used_whole() -> None:
    """Shazeer et al. 2017 (mixture of experts), the noisy gate's first term: H(x)_i = (x · W_g)_i + ..., with x
    bold (a row, as the paper multiplies x · W_g): x used whole on the right of the definition of H's entry."""
    f = symdl.parse(r"H(\mathbf{x})_i = (\mathbf{x} W_g)_i + b_i")
    assert f.statements[0].kind == "definition"
    assert "defined-entry" in [n.rule for n in f.notes]
    e = f.statements[0].rhs
    x = next(s for s in e.atoms(sympy.MatrixSymbol) if s.name == "x")
    wg = next(s for s in e.atoms(sympy.MatrixSymbol) if s.name == "W_g")
    bv = RNG.normal(size=3)
    i = next(s for s in e.free_symbols if s.name == "i")
    dims = {d: sympy.Integer(n) for d, n in [(x.shape[1], 4), (wg.shape[1], 3)] if isinstance(d, sympy.Symbol)}
    out = e.xreplace({x: sympy.ImmutableMatrix(X4.T), wg: sympy.ImmutableMatrix(W34.T), i: sympy.Integer(2), **dims})
    out = out.xreplace({ix: sympy.Float(bv[1]) for ix in out.atoms(sympy.Indexed)}).doit()  # b_2
    assert float(out) == pytest.approx(float((X4.T @ W34.T)[0, 1] + bv[1]), rel=1e-12)


# must-not-change rows: the readings next to the new ones stay
KEPT = [
    ("softmax-of-name", "d2l 4.1, softmax(o)_j of a vector name", r"y = \mathrm{softmax}(\mathbf{z})_i",
     "exp(z[i])/Sum(exp(z[j]), (j, 1, N_z))", ()),
    ("prince-softmax-sub", "Prince's softmax_k[z] with a plain z", r"p_k = \mathrm{softmax}_k(z)",
     "exp(z[k])/Sum(exp(z[j]), (j, 1, N_z))", ("entry-vector", "softmax-entry")),
    ("unknown-function-entry", "a mixture of experts' gate G(x)_i of an unknown G on the right",
     r"y = G(\mathbf{x})_i", "G(i, x)", ("function-entry",)),
    ("unknown-function-of-expression", "an unknown function of an expression, f(W x)_j: its component",
     r"y = f(\mathbf{W}\mathbf{x})_j", "f(j, W*x)", ("function-entry",)),
    ("temperature-power", "a power on a family's member, p_t^τ (Hinton et al.'s sharpening)", r"y = p_t^\tau",
     "p_t**tau", ()),
    ("sum-over-softmax-entries", "Σ_i softmax(z)_i over a vector name", r"s = \sum_i \mathrm{softmax}(\mathbf{z})_i",
     "Sum(exp(z[i])/Sum(exp(z[j]), (j, 1, N_z)), (i, 1, N_z))", ()),
]


@pytest.mark.parametrize(("latex", "rhs", "rules"), [c[2:] for c in KEPT], ids=[c[0] for c in KEPT])
def test_kept_readings(latex: str, rhs: str, rules: tuple[str, ...]) -> None:
    f = symdl.parse(latex)
    assert str(f.statements[0].rhs) == rhs
    got = [n.rule for n in f.notes]
    for rule in rules:
        assert rule in got
    assert "defined-entry" not in got


REFUSED = [
    ("max-entry", "an entry of a max's value (a number): kept refused", r"y = \max(\mathbf{z})_i",
     "an entry of this function's value", r"\max"),
    ("beside-the-vector", "an entry of softmax(z) beside z used whole: kept refused",
     r"\mathbf{z} = W\mathbf{x}, \quad p_i = \mathrm{softmax}(\mathbf{z})_i", "used as a vector", r"\mathrm{softmax}"),
    ("softmax-of-matrix", "softmax of a matrix product with one index: no vector, kept refused",
     r"y = \mathrm{softmax}(AB)_i", "an entry of this function's value", r"\mathrm{softmax}"),
    ("attn-right-side", "an attention layer defined by its entries (Attn(x)_i = Σ_j ... x_j): the left side reads; "
     "the right side's family of vectors in a function is what is refused now",
     r"\mathrm{Attn}(x)_i = \sum_j \frac{\exp(x_i^\top x_j)}{\sum_k \exp(x_i^\top x_k)}\,x_j",
     "one vector of a family of vectors", "x_i^\\top"),
    ("linear-attention-right-side", "Katharopoulos et al. 2020, linear attention defined by its rows: the left side "
     "reads; the transpose of a plain function's value on the right is refused",
     r"\mathrm{Attention}(Q,K,V)_m = \frac{\sum_{n=1}^{N}\phi(q_m)^\top\varphi(k_n)v_n}{\sum_{n=1}^{N} "
     r"\phi(q_m)^\top\varphi(k_n)}", "the transpose of a value", r"\phi(q_m)^\top"),
]


@pytest.mark.parametrize(("latex", "message", "at"), [c[2:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_refused(latex: str, message: str, at: str) -> None:
    with pytest.raises(NotSupported, match=message) as err:
        symdl.parse(latex)
    assert err.value.span is not None
    assert latex[err.value.span.start :].startswith(at)
