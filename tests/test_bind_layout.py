"""Layer formulas as textbooks and library docs write them: row-major layers with a row bias (d2l), numbered
parenthesised superscripts as separate layers (d2l's W^{(1)}, W^{(2)}), label subscripts (PyTorch's RNN
W_{ih}, W_{hh}), size commands (Ng's course notes).  Each row is read, checked against plain numpy, and its
reading notes asserted."""

from __future__ import annotations

import numpy as np
import pytest

import symdl

RNG = np.random.default_rng(11)
X, W1, B1 = RNG.normal(size=(5, 3)), RNG.normal(size=(3, 4)), RNG.normal(size=4)
W2, B2 = RNG.normal(size=(4, 2)), RNG.normal(size=2)
WC, BC = RNG.normal(size=(4, 3)), RNG.normal(size=4)


def sig(z: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-z))


MLP = r"\mathbf{H} = \sigma(\mathbf{X}\mathbf{W}^{(1)} + \mathbf{b}^{(1)}) \\ \mathbf{O} = \mathbf{H}\mathbf{W}^{(2)} + \mathbf{b}^{(2)}"

# (id, formula, inputs by spelling, output spelling (None: the value), expected, notes by rule)
CASES = [
    ("d2l-mlp-row-major", MLP,
     {r"\mathbf{X}": X, r"\mathbf{W}^{(1)}": W1, r"\mathbf{b}^{(1)}": B1, r"\mathbf{W}^{(2)}": W2,
      r"\mathbf{b}^{(2)}": B2},
     r"\mathbf{O}", sig(X @ W1 + B1) @ W2 + B2, ["sigma-activation", "bias-row", "bias-row"]),
    ("d2l-hidden-V-c", r"\mathbf{O} = \mathbf{H}\mathbf{V} + \mathbf{c}",
     {r"\mathbf{H}": X, r"\mathbf{V}": W1, r"\mathbf{c}": B1}, None, X @ W1 + B1, ["bias-row"]),
    ("ng-column-major-unchanged", r"Z = W A + \mathbf{b}", {"W": WC, "A": X.T, r"\mathbf{b}": BC}, None,
     WC @ X.T + BC[:, None], []),
    ("pytorch-linear-row-input", r"y = x A^T + b", {"x": X[:1], "A": WC, "b": BC[None, :]}, None,
     X[:1] @ WC.T + BC, ["vector-row", "bias-row"]),
    ("d2l-mlp-one-example-rows", r"\mathbf{h} = \sigma(\mathbf{x}\mathbf{W}^{(1)} + \mathbf{b}^{(1)}) \\ "
     r"\mathbf{o} = \mathbf{h}\mathbf{W}^{(2)} + \mathbf{b}^{(2)}",
     {r"\mathbf{x}": X[:1], r"\mathbf{W}^{(1)}": W1, r"\mathbf{b}^{(1)}": B1[None, :], r"\mathbf{W}^{(2)}": W2,
      r"\mathbf{b}^{(2)}": B2[None, :]},
     r"\mathbf{o}", sig(X[:1] @ W1 + B1) @ W2 + B2, ["sigma-activation", "vector-row", "bias-row", "vector-row", "bias-row"]),
    ("transposed-vector-before-weight-unchanged", r"y = \mathbf{x}^T W \mathbf{x}",
     {r"\mathbf{x}": X[0, :, None], "W": W1[:3, :3]}, None, X[0] @ W1[:3, :3] @ X[0], []),
    ("nielsen-vector-layer-unchanged", r"\mathbf{z} = W \mathbf{x} + \mathbf{b}",
     {"W": WC, r"\mathbf{x}": X[0], r"\mathbf{b}": BC}, None, WC @ X[0] + BC, []),
]


@pytest.mark.parametrize(("latex", "inputs", "out", "expected", "rules"), [c[1:] for c in CASES],
                         ids=[c[0] for c in CASES])
def test_layer_layout(latex: str, inputs: dict, out: str | None, expected: np.ndarray, rules: list[str]) -> None:
    f = symdl.parse(latex)
    assert [n.rule for n in f.notes] == rules
    got = symdl.lambdify(f)(**inputs)
    np.testing.assert_allclose(got[out] if out else got, expected, rtol=1e-12, atol=1e-12)


def test_pytorch_rnn_cell_is_row_major() -> None:
    """x_t W_{ih}^T: the input is a row and W_{ih} a full matrix (it was once read 1×1, silently)."""
    f = symdl.parse(LABELS[0][1])
    rows_x, cols_x = f.shapes["x_t"]
    assert rows_x == 1 and f.shapes["W_{ih}"][1] == cols_x and f.shapes["h_t"][0] == 1
    rng = np.random.default_rng(3)
    x, h = rng.normal(size=(1, 3)), rng.normal(size=(1, 4))
    wih, whh, bih, bhh = rng.normal(size=(4, 3)), rng.normal(size=(4, 4)), rng.normal(size=(1, 4)), rng.normal(size=(1, 4))
    got = symdl.lambdify(f)(**{"x_t": x, "h_{t-1}": h, "W_{ih}": wih, "W_{hh}": whh, "b_{ih}": bih, "b_{hh}": bhh})
    np.testing.assert_allclose(got, np.tanh(x @ wih.T + bih + h @ whh.T + bhh), rtol=1e-12)


def test_numbered_superscripts_are_two_layers() -> None:
    f = symdl.parse(MLP)
    assert {"W^(1)", "W^(2)", "b^(1)", "b^(2)"} <= set(f.shapes)
    assert f.shapes["b^(1)"][0] == 1 and f.shapes["W^(1)"][1] == f.shapes["b^(1)"][1]


# (id, formula, names read as one name, notes by rule): a subscript mixing an index letter with other letters
LABELS = [
    ("pytorch-rnn-cell", r"h_t = \tanh(x_t W_{ih}^T + b_{ih} + h_{t-1} W_{hh}^T + b_{hh})",
     {"W_{ih}", "b_{ih}", "W_{hh}", "b_{hh}"},
     ["vector-row", "subscript-label", "subscript-label", "bias-row", "vector-row", "bias-row"]),
    ("pytorch-lr-min-word-not-noted", r"\text{lr}_t = \text{lr}_{min} + 1", {"lr_{min}"}, []),
    ("lstm-input-gate", r"i_t = \sigma(W_{xi} x_t + W_{hi} h_{t-1} + b_i)", {"W_{xi}", "W_{hi}"},
     ["subscript-label", "capital-matrix", "subscript-label", "capital-matrix"]),
]


@pytest.mark.parametrize(("latex", "names", "rules"), [c[1:] for c in LABELS], ids=[c[0] for c in LABELS])
def test_label_subscripts(latex: str, names: set[str], rules: list[str]) -> None:
    f = symdl.parse(latex)
    assert names <= {str(s) for s in f.symbols.values()}
    assert not any(isinstance(s, __import__("sympy").IndexedBase) for s in f.symbols.values())
    assert [n.rule for n in f.notes] == rules


@pytest.mark.parametrize(("latex", "ref"), [
    pytest.param(r"y = \sum_i \sum_j x_{ij}", X.sum(), id="double-sum-rows-then-columns"),
    pytest.param(r"y = \sum_k\sum_l x_{k,l}^2", (X**2).sum(), id="cs231n-l2-regulariser-non-square"),
])
def test_each_left_out_bound_is_its_own_axis(latex: str, ref: float) -> None:
    f = symdl.parse(latex)
    assert f.notes == ()
    np.testing.assert_allclose(symdl.lambdify(f)(x=X), ref, rtol=1e-12)


def test_size_commands_are_ignored() -> None:
    latex = (r"\mathcal{J} = -\frac{1}{m} \sum\limits_{i = 1}^{m} \large\left(\small y^{(i)}\log\left(a^{(i)}\right)"
             r" + (1-y^{(i)})\log\left(1- a^{(i)}\right) \large \right) \small")
    y, a = np.array([1.0, 0.0, 1.0]), np.array([0.9, 0.2, 0.6])
    got = symdl.lambdify(symdl.parse(latex))(y=y, a=a, m=3)
    np.testing.assert_allclose(got, -np.mean(y * np.log(a) + (1 - y) * np.log(1 - a)), rtol=1e-12)


def test_function_of_a_vector_with_a_vector_value() -> None:
    f = symdl.parse(r"f(\mathbf{x}) = \mathbf{W}\mathbf{x} + \mathbf{b}")
    assert f.statements[0].kind == "definition"
    got = symdl.lambdify(f)(**{r"\mathbf{x}": X[0], r"\mathbf{W}": WC, r"\mathbf{b}": BC})
    np.testing.assert_allclose(got, WC @ X[0] + BC, rtol=1e-12)


# Nielsen ch. 2 writes layer quantities with bare superscripts and the weight matrix in lower case: w^l
WN, AN, BN = RNG.normal(size=(4, 3)), RNG.normal(size=3), RNG.normal(size=4)
W_NEXT, D_NEXT, ZN = RNG.normal(size=(2, 4)), RNG.normal(size=2), RNG.normal(size=4)
NIELSEN = [
    ("nielsen-weighted-input", r"z^l = w^l a^{l-1} + b^l", {"w^l": WN, "a^{l-1}": AN, "b^l": BN}, WN @ AN + BN),
    ("nielsen-bp2", r"\delta^l = ((w^{l+1})^T \delta^{l+1}) \odot \sigma'(z^l)",
     {"w^{l+1}": W_NEXT, r"\delta^{l+1}": D_NEXT, "z^l": ZN}, (W_NEXT.T @ D_NEXT) * sig(ZN) * (1 - sig(ZN))),
]


@pytest.mark.parametrize(("latex", "inputs", "expected"), [c[1:] for c in NIELSEN], ids=[c[0] for c in NIELSEN])
def test_nielsen_layer_equations(latex: str, inputs: dict, expected: np.ndarray) -> None:
    f = symdl.parse(latex)
    assert {n.rule for n in f.notes} == {"superscript-layer"}
    np.testing.assert_allclose(symdl.lambdify(f)(**inputs), expected, rtol=1e-12)


def test_seed_000_concatenation_evaluates() -> None:
    """Seed 000 (Luong attention): a_t = tanh(W_c [c_t; h_t]), the context and hidden state stacked."""
    f = symdl.parse(r"\mathbf{a}_t = tanh(\mathbf{W_c} [ \mathbf{c}_t ; \mathbf{h}_t])")
    c, h, w = np.array([1.0, 2.0]), np.array([0.5, -1.0, 3.0]), RNG.normal(size=(2, 5))
    got = symdl.lambdify(f)(**{r"\mathbf{W_c}": w, r"\mathbf{c}_t": c, r"\mathbf{h}_t": h})
    np.testing.assert_allclose(got, np.tanh(w @ np.concatenate([c, h])), rtol=1e-12)


def test_layout_columns_turns_the_row_rules_off() -> None:
    """--layout columns / Config(layout='columns'): the other reading the vector-row and bias-row notes offer."""
    f = symdl.parse(r"y = W x + b \\ z = x V^T + c", config=symdl.Config(layout="columns"))
    assert [n.rule for n in f.notes] == ["capital-matrix"] and f.shapes["x"][1] == 1 and f.shapes["c"][1] == 1
    with pytest.raises(symdl.InvalidInput, match="layout is one of"):
        symdl.Config(layout="rows")


def test_layout_option_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    from symdl.cli import main

    assert main(["parse", "--layout", "columns", "--no-color", "y = x A^T + b"]) == 0
    out = capsys.readouterr().out
    assert "vector-row" not in out and "row vector" not in out
    assert main(["parse", "--no-color", "y = x A^T + b"]) == 0
    assert "row vector" in capsys.readouterr().out
