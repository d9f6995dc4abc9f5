"""Matrices in gradient formulas of session 27 (issue 12): what follows a known matrix, counts that divide, row sums.

- a sum or difference of names right after a known matrix takes its kinds from the letters: cs231n's and d2l's
  ``X^T(\\hat{Y} - Y)`` (capitals: matrices; before, numbers, silently), code's ``X.T @ (probs - y_onehot)`` (arrays);
- the counts N, n, m dividing a matrix's value stay numbers: cs229's ``\\frac{1}{N} X^T (X\\theta - y)`` and code's
  ``X.T @ (p - y) / N`` were refused (N made a matrix);
- a name that is the whole of a square root dividing a matrix's value is a number (Bishop's ``\\sqrt{D_k}``; it
  was a matrix divided entry by entry), while GCN's ``D^{-1/2}`` stays the degree matrix;
- numpy attention's ``np.exp(s).sum(-1, keepdims=True)`` of a MATRIX is one sum per row: it was read as the sum of
  all entries, silently; it is refused by name (a vector's axis=-1 still reads).
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_reads_as, assert_refused_at

RNG = np.random.default_rng(2703)
X = RNG.normal(size=(6, 3))
Y, YH = RNG.normal(size=(6, 4)), RNG.normal(size=(6, 4))
H, T = RNG.normal(size=6), RNG.normal(size=6)

# (id, source, latex, inputs, plain numpy's value, notes by rule)
CASES = [
    ("linear-softmax-grad", "cs231n / d2l: the weight gradient of a linear softmax classifier, X^T(Y_hat - Y)",
     r"\frac{\partial L}{\partial W} = X^T(\hat{Y} - Y)", {"X": X, r"\hat{Y}": YH, "Y": Y}, X.T @ (YH - Y), None),
    ("residual-capitals", "a gradient with capitals for the residual matrix", r"G = X^T(P - Y)",
     {"X": X, "P": YH, "Y": Y}, X.T @ (YH - Y), []),
    ("cs229-mean-gradient", "cs229: the mean gradient of least squares, 1/N X^T(h - y)",
     r"g = \frac{1}{N} X^T (h - y)", {"X": X, "h": H, "y": T, "N": 6.0}, X.T @ (H - T) / 6, []),
    ("cs229-mean-gradient-y", "the same with one vector", r"g = \frac{1}{N} X^T y", {"X": X, "y": T, "N": 6.0},
     X.T @ T / 6, []),
    ("numpy-softmax-grad", "a numpy notebook's softmax-regression gradient", "dW = X.T @ (probs - y_onehot) / N",
     {"X": X, "probs": H, "y_onehot": T, "N": 6.0}, X.T @ (H - T) / 6, None),
    ("bishop-attention-scale", "Bishop & Bishop (2024) eq. 12.14: the key dimension D_k under the root, a number",
     r"Y = \frac{QK^T}{\sqrt{D_k}}", {"Q": X, "K": X[:4], "D_k": 3.0}, X @ X[:4].T / np.sqrt(3.0), None),
    # must not change
    ("gcn-degree-matrix-kept", "Kipf & Welling (2017): D^{-1/2} A D^{-1/2} H W, D the degree matrix",
     r"Z = D^{-1/2} A D^{-1/2} H W", {"D": np.diag([1.0, 2, 3, 4, 5, 6]), "A": np.eye(6) + 1, "H": X,
                                      "W": np.eye(3)},
     np.diag([1.0, 2, 3, 4, 5, 6] ** np.float64(-0.5)) @ (np.eye(6) + 1) @ np.diag([1.0, 2, 3, 4, 5, 6]
                                                                                    ** np.float64(-0.5)) @ X, None),
    ("lower-count-kept", "cs229 with a lower-case count", r"g = \frac{1}{m} X^T (h - y)",
     {"X": X, "h": H, "y": T, "m": 6.0}, X.T @ (H - T) / 6, []),
    ("vector-softmax-keepdims-kept", "a vector's softmax in numpy, keepdims over its one axis",
     "w = np.exp(s) / np.exp(s).sum(-1, keepdims=True)", {"s": H}, np.exp(H) / np.exp(H).sum(), None),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [c[2:] for c in CASES], ids=[c[0] for c in CASES])
def test_matrices_against_numpy(latex: str, inputs: dict, want: object, rules: list[str] | None) -> None:
    formula = symdl.parse(latex)
    assert_reads_as(formula, inputs, want, rules if rules is not None else [n.rule for n in formula.notes])


def test_row_sums_of_a_matrix_divide_each_row() -> None:
    """numpy attention: each row of exp(scores) divided by its own sum (matrix-axis; it was refused)."""
    latex = ("scores = q @ k.T / np.sqrt(d); w = np.exp(scores) / np.exp(scores).sum(-1, keepdims=True); "
             "out = w @ v")
    rng = np.random.default_rng(27)
    q, k, v = rng.normal(size=(4, 3)), rng.normal(size=(5, 3)), rng.normal(size=(5, 2))
    f = symdl.parse(latex)
    s = q @ k.T / np.sqrt(3.0)
    w = np.exp(s) / np.exp(s).sum(-1, keepdims=True)
    np.testing.assert_allclose(np.asarray(symdl.lambdify(f)(q=q, k=k, v=v, d=3.0)["out"], dtype=float), w @ v,
                               rtol=1e-12)
    assert "matrix-axis" in {n.rule for n in f.notes}


def test_numpy_fancy_index_picks_one_entry_per_row() -> None:
    """cs231n's softmax classifier notes: probs[range(num_examples), y], the correct classes' probabilities (y read
    1-based, as symdl's labels are), noted code-fancy-index; it was a call probs(range(N), y)."""
    probs = np.abs(Y) / np.abs(Y).sum(axis=1, keepdims=True)
    labels = np.array([1, 4, 2, 3, 3, 1])
    formula = symdl.parse("L = -np.log(probs[range(num_examples), y])")
    assert "code-fancy-index" in [n.rule for n in formula.notes]
    got = symdl.lambdify(formula)(**{r"\text{probs}": probs, "y": labels})
    np.testing.assert_allclose(got, -np.log(probs[np.arange(6), labels - 1]), rtol=1e-12)


def test_a_squared_two_norm_of_the_weights_is_the_l2_penalty() -> None:
    """A loss plus α‖W‖_2² (a weight-decay penalty, as papers write it) is the Frobenius norm squared, noted
    matrix-norm-squared; it was refused as the spectral norm.  ‖W‖_2 alone is the spectral norm (session 43)."""
    formula = symdl.parse(r"\mathrm{loss}(\mathbf{W}) = \mathrm{CE} + \alpha\|W\|_2^2")
    assert "matrix-norm-squared" in [n.rule for n in formula.notes]
    got = symdl.lambdify(formula)(**{r"\mathrm{CE}": 0.5, r"\alpha": 0.1, "W": X})
    np.testing.assert_allclose(got, 0.5 + 0.1 * np.sum(X ** 2), rtol=1e-12)
    alone = symdl.parse(r"L = \|W\|_2")
    assert "spectral-norm" in [n.rule for n in alone.notes]
    np.testing.assert_allclose(float(np.ravel(symdl.lambdify(alone)(W=X))[0]), np.linalg.norm(X, 2), rtol=1e-12)


def test_a_list_of_states_after_a_weight_is_their_concatenation() -> None:
    """A GRU's update gate with capital states, Z_t = σ(W_z · [H_{t-1}, X_t] + b_z): the stacked vectors
    (bracket-concat), as Olah's lower-case [h_{t-1}, x_t] is; it was a 2-entry vector of numbers (W_z of n×2)."""
    h, x = RNG.normal(size=3), RNG.normal(size=2)
    w, bias = RNG.normal(size=(4, 5)), RNG.normal(size=4)
    formula = symdl.parse(r"Z_t = \sigma(W_z \cdot [H_{t-1}, X_t] + b_z)")
    assert "bracket-concat" in [n.rule for n in formula.notes]
    got = symdl.lambdify(formula)(W_z=w, b_z=bias, **{"H_{t-1}": h, "X_t": x})
    np.testing.assert_allclose(got, 1 / (1 + np.exp(-(w @ np.concatenate([h, x]) + bias))), rtol=1e-12)


@pytest.mark.parametrize(("latex", "text"), [
    (r"x(t + \Delta t) = e^{A\Delta t} x(t)", "A"),  # a linear system stepped by Δt: e^{AΔt}, a matrix exponential
    (r"\bar{\mathbf{A}} = e^{\Delta \mathbf{A}}", r"\Delta \mathbf{A}"),  # Mamba's discretisation with a bold A
], ids=["state-space-time-step", "mamba-bold"])
def test_the_exponential_of_a_step_times_a_matrix_is_refused(latex: str, text: str) -> None:
    """The matrix exponential is refused by name, as \\exp(\\Delta A) was (A was a number: e^{AΔt} silently)."""
    assert_refused_at(latex, "matrix exponential", text)


@pytest.mark.parametrize("latex", [r"\tilde{h}_t = \tanh(W [r_t * h_{t-1}, x_t])",
                                   r"\tilde{h}_t = \tanh(W \cdot [r_t \odot h_{t-1}, x_t])"],
                         ids=["olah-gru-star", "gru-odot"])
def test_a_gated_state_in_a_concatenation(latex: str) -> None:
    """Olah's GRU candidate tanh(W · [r_t * h_{t-1}, x_t]): the reset gate times the state entry by entry, stacked on
    the input (bracket-concat); it was a 2-entry vector of numbers (silently) or of a vector and a number."""
    r, h, x = RNG.uniform(size=3), RNG.normal(size=3), RNG.normal(size=2)
    w = RNG.normal(size=(3, 5))
    formula = symdl.parse(latex)
    assert "bracket-concat" in [n.rule for n in formula.notes]
    got = symdl.lambdify(formula)(W=w, r_t=r, x_t=x, **{"h_{t-1}": h})
    np.testing.assert_allclose(got, np.tanh(w @ np.concatenate([r * h, x])), rtol=1e-12)


def test_an_embedding_lookup_is_refused_by_name() -> None:
    """A transformer's emb = E[token_ids] (the table's rows at the tokens' ids): refused by name; it read as an
    expectation E(token_ids).  E[x] and Keras' E[y_true] stay the mean of the entries (must not change)."""
    assert_refused_at("emb = E[token_ids]", "an embedding lookup", "E[token_ids]")
    assert "Trace" in str(symdl.parse("y = E[y_true]").statements[0].rhs)
