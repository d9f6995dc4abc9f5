"""Every seed formula parses with the meaning a deep-learning reader intends."""

from __future__ import annotations

import numpy as np
import pytest
import sympy
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction

import symdl
from symdl.functions import relu, sigmoid

R = sympy.Symbol


def sym(name: str) -> sympy.Symbol:
    return sympy.Symbol(name, real=True)


def value(expr: sympy.Basic, env: dict[sympy.Basic, float]) -> float:
    return float(expr.xreplace({k: sympy.Float(v) for k, v in env.items()}).doit().evalf())


# (id, latex, kind, statement kinds)
KINDS = [
    (
        "ruder-momentum",
        r"v_t = \gamma v_{t-1} + \eta \nabla_{\theta} J(\theta) \\ \theta = \theta – v_t",
        "system",
        ["update", "update"],
    ),
    ("ng-momentum", r"v = \beta v + (1-\beta) dW \\ W = W – \alpha v", "system", ["update", "update"]),
    (
        "rmsprop",
        r"s = \beta s + (1-\beta) dW^2 \\ W = W – \alpha \frac{dW}{\sqrt s}",
        "system",
        ["update", "update"],
    ),
    (
        "adam",
        r"v = \beta_1 v + (1-\beta_1) dW \\ s = \beta_2 s + (1-\beta_2) dW^2 \\ W = W – \alpha \frac{v}{\sqrt s + \epsilon}",
        "system",
        ["update", "update", "update"],
    ),
    ("softmax", r"\frac{e^{z_i}}{\sum_j{e^{z_j}}}", "expression", ["expression"]),
    (
        "luong-score",
        r"score(\mathbf{h}_t,\bar{\mathbf{h}_s}) = \mathbf{h}_t^T \mathbf{W}\bar{\mathbf{h}_s}",
        "definition",
        ["definition"],
    ),
    (
        "attention-weights",
        r"\alpha_{ts} = \frac{exp(score(\mathbf{h}_t,\bar{\mathbf{h}_s}))}{\sum_{s’=1}^{S}{score(\mathbf{h}_t,\bar{\mathbf{h}_{s’}})}}",
        "assignment",
        ["assignment"],
    ),
    ("context", r"\mathbf{c}_t= \sum_s{\alpha_{ts} \bar{\mathbf{h}_s}}", "assignment", ["assignment"]),
    (
        "attention-vector",
        r"\mathbf{a}_t = tanh(\mathbf{W_c} [ \mathbf{c}_t ; \mathbf{h}_t])",
        "assignment",
        ["assignment"],
    ),
    (
        "permutation",
        r"\mathbf{P} = \left[\begin{array}{rrr} 0 & 0 & 1 \\ 1 & 0 & 0 \\ 0 & 1 & 0 \end{array}\right]",
        "assignment",
        ["assignment"],
    ),
    ("model", r"f(x) = y = 2x", "definition", ["definition"]),
    ("mse", r"\text{MSE} = \frac{1}{n} \sum_{i=1}^n (y_i - \tilde{y}_i)^2", "assignment", ["assignment"]),
    ("bce", r"-y \log \hat{y} - (1 - y) \log(1 - \hat{y})", "expression", ["expression"]),
    (
        "gd-underbrace",
        r"\mathbf{w} \leftarrow \mathbf{w} - \underbrace{\eta}_{\text{step size}} \underbrace{\nabla_{\mathbf{w}} \text{TrainLoss}(\mathbf{w})}_{\text{gradient}}",
        "update",
        ["update"],
    ),
    ("sigmoid", r"\sigma(x) = \frac{1}{1+e^{-x}}", "definition", ["definition"]),
    ("sigmoid-prime", r"\sigma'(x) = \sigma(x)(1-\sigma(x))", "definition", ["definition"]),
    ("relu", r"\text{ReLU}(x) = \max(0, x)", "definition", ["definition"]),
    ("leaky-relu", r"\max(0.001x, x)", "expression", ["expression"]),
    (
        "forward",
        r"Z^{[1]} = W^{[1]} X + b^{[1]} \\ A^{[1]} = g^{[1]}(Z^{[1]}) \\ Z^{[2]} = W^{[2]} A^{[1]} + b^{[2]} \\ \hat{y} = A^{[2]} = \sigma(Z^{[2]})",
        "system",
        ["assignment"] * 4,
    ),
    (
        "cost",
        r"J = -\frac{1}{m} \sum_{i=1}^m \left( y^{(i)} \log \hat{y}^{(i)} + (1-y^{(i)}) \log(1-\hat{y}^{(i)}) \right)",
        "assignment",
        ["assignment"],
    ),
    (
        "backprop-2",
        r"dZ^{[2]} = A^{[2]} - Y \\ dW^{[2]} = \frac{1}{m} dZ^{[2]} A^{[1]T} \\ db^{[2]} = \frac{1}{m}\sum_{i=1}^{m} dZ^{[2](i)}",
        "system",
        ["assignment"] * 3,
    ),
    (
        "backprop-1",
        r"dZ^{[1]} = W^{[2]T} dZ^{[2]} \odot g^{[1]\prime}(Z^{[1]}) \\ dW^{[1]} = \frac{1}{m} dZ^{[1]} X^T",
        "system",
        ["assignment"] * 2,
    ),
    ("update-rule", r"\theta := \theta - \alpha \frac{\partial J}{\partial \theta}", "update", ["update"]),
]


@pytest.mark.parametrize(("latex", "kind", "kinds"), [c[1:] for c in KINDS], ids=[c[0] for c in KINDS])
def test_seed_kinds(latex: str, kind: str, kinds: list[str]) -> None:
    f = symdl.parse(latex)
    assert f.kind == kind
    assert [s.kind for s in f.statements] == kinds


def test_ruder_momentum_is_a_recurrence_over_time() -> None:
    f = symdl.parse(KINDS[0][1])
    v_t, v_prev = f.symbols["v_t"], f.symbols["v_{t-1}"]
    assert f.time_series["v"] == {0: v_t, -1: v_prev}
    first = f.statements[0]
    assert first.target == v_t and first.previous == v_prev
    theta = f.symbols[r"\theta"]
    J = sympy.Function("J")
    assert first.rhs == sym("gamma") * v_prev + sym("eta") * sympy.Derivative(J(theta), theta)
    assert f.symbols[r"\gamma"] != sympy.EulerGamma


@pytest.mark.parametrize("case", ["ng-momentum", "rmsprop", "adam"])
def test_optimizers_read_numerically(case: str, rng: np.random.Generator) -> None:
    latex = dict((c[0], c[1]) for c in KINDS)[case]
    f = symdl.parse(latex)
    env = {obj: float(rng.uniform(0.1, 0.9)) for obj in f.symbols.values()}
    b1, b2 = (env.get(f.symbols.get(k)) for k in (r"\beta_1", r"\beta_2"))
    beta = env.get(f.symbols.get(r"\beta"))
    dW, v, s, W, a = (env.get(f.symbols.get(k)) for k in ("dW", "v", "s", "W", r"\alpha"))
    got = [value(st.rhs, env) for st in f.statements]
    if case == "ng-momentum":
        assert got == pytest.approx([beta * v + (1 - beta) * dW, W - a * v])
    elif case == "rmsprop":
        assert got == pytest.approx([beta * s + (1 - beta) * dW**2, W - a * dW / np.sqrt(s)])
    else:
        eps = env[f.symbols[r"\epsilon"]]
        assert got == pytest.approx(
            [b1 * v + (1 - b1) * dW, b2 * s + (1 - b2) * dW**2, W - a * v / (np.sqrt(s) + eps)]
        )


def test_softmax_is_an_indexed_family_with_free_index() -> None:
    f = symdl.parse(r"\frac{e^{z_i}}{\sum_j{e^{z_j}}}")
    z = f.symbols["z"]
    assert isinstance(z, sympy.IndexedBase)
    i, j = sympy.symbols("i j", integer=True)
    n = f.lengths["z"]
    assert f.free_indices == (i,)
    assert sympy.simplify(f.rhs - sympy.exp(z[i]) / sympy.Sum(sympy.exp(z[j]), (j, 1, n))) == 0
    vals = np.array([1.0, 2.0, 0.5])
    num = f.rhs.subs(n, 3).doit().subs(i, 2).subs({z[k + 1]: vals[k] for k in range(3)})
    ref = np.exp(vals) / np.exp(vals).sum()
    assert float(num) == pytest.approx(ref[1])


def test_bilinear_score_keeps_matrix_order() -> None:
    f = symdl.parse(KINDS[5][1])
    rhs = f.rhs
    assert isinstance(rhs, sympy.MatMul)
    h_t, W, hbar = f.symbols[r"\mathbf{h}_t"], f.symbols[r"\mathbf{W}"], f.symbols[r"\bar{\mathbf{h}_s}"]
    assert rhs.args == (sympy.Transpose(h_t), W, hbar)
    assert rhs.shape == (1, 1)


def test_attention_weights_denominator_is_as_printed() -> None:
    f = symdl.parse(KINDS[6][1])
    den = next(a.base for a in sympy.Mul.make_args(f.rhs) if isinstance(a, sympy.Pow) and a.exp == -1)
    num = f.rhs * den
    assert num.has(sympy.exp) and isinstance(den, sympy.Sum) and not den.has(sympy.exp)
    assert f.free_indices == (sympy.Symbol("s", integer=True),)


def test_attention_vector_concatenates_and_applies_tanh_elementwise() -> None:
    f = symdl.parse(KINDS[8][1])
    assert isinstance(f.rhs, ElementwiseApplyFunction)
    assert f.rhs.function(sympy.Symbol("u")) == sympy.tanh(sympy.Symbol("u"))
    assert any(isinstance(a, sympy.BlockMatrix) for a in sympy.preorder_traversal(f.rhs))


def test_permutation_product_as_printed() -> None:
    p = symdl.parse(KINDS[9][1]).rhs
    assert p == sympy.ImmutableMatrix([[0, 0, 1], [1, 0, 0], [0, 1, 0]])
    text = r"""\mathbf{PA} = \left[\begin{array}
{rrr}
0 & 0 & 1 \\
1 & 0 & 0 \\
0 & 1 & 0
\end{array}\right]
\left[\begin{array}
{rrr}
0 & 1 & 1 \\
1 & 3 & 7 \\
2 & 4 & 8
\end{array}\right] =
\left[\begin{array}
{rrr}
2 & 4 & 8 \\
0 & 1 & 1 \\
1 & 3 & 7
\end{array}\right]"""
    f = symdl.parse(text)
    st = f.statements[0]
    assert st.kind == "equation" and len(st.aliases) == 1
    printed_product, result = st.aliases[0], st.rhs
    a = sympy.ImmutableMatrix([[0, 1, 1], [1, 3, 7], [2, 4, 8]])
    assert isinstance(printed_product, sympy.MatMul) and printed_product.args == (p, a)
    assert p * a == result == printed_product.doit()


def test_mse_and_cost_read_natural_log_and_sample_indices(rng: np.random.Generator) -> None:
    f = symdl.parse(KINDS[19][1])
    y, yhat = f.symbols["y"], f.symbols[r"\hat{y}"]
    assert isinstance(y, sympy.IndexedBase) and isinstance(yhat, sympy.IndexedBase)
    m = f.symbols["m"]
    ys = rng.integers(0, 2, 4).astype(float)
    ps = rng.uniform(0.05, 0.95, 4)
    i = sympy.Symbol("i", integer=True)
    expr = f.rhs.subs(m, 4).doit()
    expr = expr.subs({y[k + 1]: ys[k] for k in range(4)}).subs({yhat[k + 1]: ps[k] for k in range(4)})
    ref = -np.mean(ys * np.log(ps) + (1 - ys) * np.log(1 - ps))
    assert float(expr) == pytest.approx(ref)
    assert i in {s for s in f.indices}


def test_activations_are_functions() -> None:
    assert symdl.parse(r"\sigma(x) = \frac{1}{1+e^{-x}}").lhs == sigmoid(sym("x"))
    prime = symdl.parse(r"\sigma'(x) = \sigma(x)(1-\sigma(x))").statements[0]
    assert sympy.simplify(prime.lhs.doit() - prime.rhs) == 0
    assert symdl.parse(r"\text{ReLU}(x) = \max(0, x)").lhs == relu(sym("x"))
    assert symdl.parse(r"\max(0.001x, x)").rhs == sympy.Max(sympy.Float("0.001") * sym("x"), sym("x"))


def test_forward_pass_is_matrix_algebra() -> None:
    f = symdl.parse(KINDS[18][1])
    W1, X = f.symbols["W^{[1]}"], f.symbols["X"]
    assert isinstance(W1, sympy.MatrixSymbol) and isinstance(X, sympy.MatrixSymbol)
    z1 = f.statements[0].rhs
    assert any(isinstance(a, sympy.MatMul) and a.args[:2] == (W1, X) for a in sympy.preorder_traversal(z1))
    a1 = f.statements[1].rhs
    assert isinstance(a1, ElementwiseApplyFunction)
    last = f.statements[3]
    assert last.aliases == (f.symbols["A^{[2]}"],)


def test_backprop_hadamard_and_transposes() -> None:
    f = symdl.parse(KINDS[21][1])
    dz1 = f.statements[0].rhs
    assert isinstance(dz1, sympy.HadamardProduct)
    left = dz1.args[0]
    assert isinstance(left, sympy.MatMul) and left.args[0] == sympy.Transpose(f.symbols["W^{[2]}"])
    dw1 = f.statements[1].rhs
    assert sympy.Transpose(f.symbols["X"]) in dw1.args or any(
        a == sympy.Transpose(f.symbols["X"]) for a in sympy.preorder_traversal(dw1)
    )


def test_underbrace_labels_are_kept() -> None:
    f = symdl.parse(KINDS[13][1])
    labels = set(f.statements[0].labels.values())
    assert labels == {"step size", "gradient"}


def test_partial_derivative_is_a_derivative_of_an_unknown_function() -> None:
    f = symdl.parse(KINDS[22][1])
    theta = f.symbols[r"\theta"]
    assert f.rhs.has(sympy.Derivative(sympy.Function("J")(theta), theta))


def test_zero_vector_with_dots_takes_its_length_from_the_context() -> None:
    f = symdl.parse(r"\mathbf{w} = [0, \dots, 0]")
    w = f.symbols[r"\mathbf{w}"]
    assert f.rhs == sympy.ZeroMatrix(*w.shape)
