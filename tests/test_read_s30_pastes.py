"""Pastes and letters read as their sources mean, session 30 (issue 12; each silent on held-out set 31).

- ``flattened-subscript``: a PDF's ``zj = h(aj)``, ``δk = yk − tk`` (they were products j·z, k·y);
- ``code-declaration``: ``let grad = ...;`` (it was the product let·grad);
- ``delta-defined``: ESL's error term ``\\delta_{ki} = ...`` (it was the Kronecker delta);
- ``product-greek-letter``: ``(1 - \\alpha(y))``, α·y or an indicator, noted;
- ``sigma-distribution``: ``\\sigma(\\mathbf{z})_i - y_i`` and ``\\sigma(z_i)(\\delta_{ij} - \\sigma(z_j))`` noted;
- one-hot ``\\mathbf{1}_i`` refused (it was a ones vector of length i);
- ``code-matmul-operand``: Karpathy's ``np.dot(self.Wxh, xs[t])`` and cs231n's ``dW2 = h.T @ dlogits``.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_values_noted

RNG = np.random.default_rng(3031)
Y3, T3, Z3 = RNG.normal(size=3), RNG.normal(size=3), RNG.normal(size=3)
W23, A3 = RNG.normal(size=(2, 3)), RNG.normal(size=3)
H, DL = RNG.normal(size=(4, 3)), RNG.normal(size=(4, 2))
WXH, WHH, XS, HS, BH = (RNG.normal(size=s) for s in ((2, 3), (2, 2), 3, 2, 2))

# (id, source, latex, inputs, the value numpy computes, the rule noted)
VALUES: list[tuple[str, str, str, dict[str, Any], Any, str]] = [
    ("bishop-output-error", "Bishop PRML eq. 5.54 pasted from the PDF: δk = yk − tk",
     "δk = yk−tk", {"y": Y3, "t": T3}, Y3 - T3, "flattened-subscript"),
    ("bishop-activation", "Bishop PRML eq. 5.48 pasted: aj = ∑i wji zi",
     "aj = ∑i wji zi", {"w": W23, "z": Z3}, W23 @ Z3, "flattened-subscript"),
    ("bishop-sum-of-squares", "Bishop PRML eq. 5.11 pasted: E = ∑n (yn − tn)^2",
     "E = ∑n (yn − tn)^2", {"y": Y3, "t": T3}, np.sum((Y3 - T3) ** 2), "flattened-subscript"),
    ("bishop-hidden-unit", "Bishop PRML eq. 5.49 pasted: zj = h(aj), with h = tanh",
     "zj = tanh(aj)", {"a": A3}, np.tanh(A3), "flattened-subscript"),
    ("rust-let", "a Rust autodiff tutorial's tanh backward: let grad = ...;",
     "let grad = 1.0 - ((t * t) * grad_out);", {"t": 0.5, "grad_out": 2.0}, 1.0 - 0.25 * 2.0, "code-declaration"),
    ("js-const", "a JavaScript neuron: const y = x * w + b;",
     "const y = x * w + b;", {"x": 2.0, "w": 3.0, "b": 1.0}, 7.0, "code-declaration"),
    ("delta-defined-outer", "an error term defined with two subscripts, δ_{ij} = y_i - t_j",
     r"\delta_{ij} = y_i - t_j", {"y": Y3, "t": T3[:2]}, Y3[:, None] - T3[None, :2], "delta-defined"),
    ("karpathy-self-weights", "Karpathy's min-char-rnn class: hs[t] = np.tanh(np.dot(self.Wxh, xs[t]) + ...)",
     "hs[t] = np.tanh(np.dot(self.Wxh, xs[t]) + np.dot(self.Whh, hs[t-1]) + self.bh)",
     {"Wxh": WXH, "xs[t]": XS, "Whh": WHH, "hs[t-1]": HS, "bh": BH}, np.tanh(WXH @ XS + WHH @ HS + BH),
     "code-matmul-operand"),
    ("cs231n-hidden-batch", "cs231n's two-layer net backward: dW2 = h.T @ dlogits",
     "dW2 = h.T @ dlogits", {"h": H, "dlogits": DL}, H.T @ DL, "code-matmul-operand"),
]


@pytest.mark.parametrize(("latex", "args", "want", "rule"), [v[2:] for v in VALUES], ids=[v[0] for v in VALUES])
def test_value(latex: str, args: dict[str, Any], want: Any, rule: str) -> None:
    assert_values_noted(latex, args, {"": want}, (rule,))


@pytest.mark.parametrize(("latex", "text"), [
    ("zj = h(aj)", "aj"), ("δk = yk−tk", "tk"), ("let grad = 1.0 - t * grad_out;", "let"),
    (r"l = (1-\alpha(y)) x w", r"\alpha(y)"), (r"\delta_{ki} = -2(y_{ik} - f_k(x_i))", r"\delta_{ki}"),
], ids=["flattened", "flattened-greek-line", "declaration", "greek-product", "delta-defined"])
def test_note_spans(latex: str, text: str) -> None:
    """Each note points at what it chose for."""
    spans = [latex[n.span.start : n.span.end] for n in symdl.parse(latex).notes]
    assert text in spans


@pytest.mark.parametrize("latex", ["ab = cd", "y = mx + b", "loss = -torch.log(torch.exp(pos / t) / torch.exp(sim / t).sum())"],
                         ids=["one-letter-each", "slope", "code-words"])
def test_products_and_words_are_not_flattened(latex: str) -> None:
    assert "flattened-subscript" not in {n.rule for n in symdl.parse(latex).notes}


def test_kronecker_delta_on_the_right_stays() -> None:
    """The softmax Jacobian's δ_ij is the Kronecker delta; σ beside it is noted once (papers write σ for softmax)."""
    latex = r"J_{ij} = \sigma(z_i) (\delta_{ij} - \sigma(z_j))"
    f = symdl.parse(latex)
    z = np.array([0.3, -1.0])
    s = 1 / (1 + np.exp(-z))
    got = np.asarray(symdl.lambdify(f)(z=z), dtype=float)
    np.testing.assert_allclose(got, s[:, None] * (np.eye(2) - s[None, :]), rtol=1e-12)
    assert [n.rule for n in f.notes].count("sigma-distribution") == 1


@pytest.mark.parametrize(("latex", "noted"), [
    (r"\frac{\partial H(\mathbf{y}, \mathbf{p})}{\partial z_i} = \sigma(\mathbf{z})_i - y_i", True),
    (r"\sigma(\mathbf{z})_i = \frac{e^{z_i}}{\sum_j e^{z_j}}", False),
    (r"L = \log\sigma(\mathbf{z})_c + \log(1 - \sigma(\mathbf{z})_c)", False),
], ids=["entry-of-sigma", "sigma-defined", "binary-complement"])
def test_sigma_entry_is_noted_unless_defined(latex: str, noted: bool) -> None:
    assert ("sigma-distribution" in {n.rule for n in symdl.parse(latex).notes}) is noted


@pytest.mark.parametrize(("latex", "noted"), [
    (r"l = (1-\alpha(y)) x w", True), (r"f = \lambda(x) + 1", True), (r"y = \gamma a + \gamma(x_i)", False),
    (r"\eta(t) = \eta_0 / t", False), (r"v = \beta(v - g)", False),
], ids=["indicator-or-product", "lambda-of-x", "written-alone", "schedule", "factor-of-a-sum"])
def test_greek_before_one_letter_is_noted(latex: str, noted: bool) -> None:
    assert ("product-greek-letter" in {n.rule for n in symdl.parse(latex).notes}) is noted


@pytest.mark.parametrize("latex", [r"\mathbf{e}_i = \mathbf{W}_e^\top\mathbf{1}_{i}", r"L = -\mathbf{1}_y^T \log \mathbf{p}"],
                         ids=["embedding-lookup", "one-hot-label"])
def test_one_hot_is_refused(latex: str) -> None:
    with pytest.raises(symdl.NotSupported, match="one-hot") as err:
        symdl.parse(latex)
    assert latex[err.value.span.start : err.value.span.end].startswith("\\mathbf{1}_")
    assert err.value.hint


def test_ones_vector_with_a_length_stays() -> None:
    f = symdl.parse(r"\mu = \frac{1}{n} X^T \mathbf{1}_n")
    x = RNG.normal(size=(4, 3))
    np.testing.assert_allclose(np.ravel(symdl.lambdify(f)(X=x, n=4)), x.T @ np.ones(4) / 4, rtol=1e-12)


def test_difference_of_capitals_before_a_matrix() -> None:
    """(Ŷ - Y) X^T: the capitals are matrices of the product's shape (they were one number scaling X^T)."""
    f = symdl.parse(r"\frac{\partial L}{\partial W} = (\hat{Y} - Y) X^T")
    yh, y, x = RNG.normal(size=(2, 5)), RNG.normal(size=(2, 5)), RNG.normal(size=(3, 5))
    got = symdl.lambdify(f)(**{r"\hat{Y}": yh, "Y": y, "X": x})
    np.testing.assert_allclose(np.asarray(got, dtype=float), (yh - y) @ x.T, rtol=1e-12)


def test_two_index_entry_of_a_function_value_is_refused() -> None:
    latex = r"\textrm{softmax}(\mathbf{X})_{ij} = \frac{\exp(\mathbf{X}_{ij})}{\sum_k \exp(\mathbf{X}_{ik})}"
    with pytest.raises(symdl.NotSupported, match="two indices") as err:
        symdl.parse(latex)
    assert latex[err.value.span.start : err.value.span.end] == r"\textrm{softmax}(\mathbf{X})_{ij}"


@pytest.mark.parametrize(("latex", "noted"), [
    (r"\text{Embedding}(x) = W[x]", True), (r"y = W[x + b]", False), (r"y = W [x]", False),
], ids=["embedding", "bracket-of-a-sum", "spaced"])
def test_capital_before_a_touching_bracket_is_noted(latex: str, noted: bool) -> None:
    assert ("bracket-lookup" in {n.rule for n in symdl.parse(latex).notes}) is noted


def test_gradient_reaches_past_a_greek_coefficient() -> None:
    """∇_w λ‖w‖₁ is the gradient of the whole product (it was ∇_w λ, times the norm)."""
    f = symdl.parse(r"g = \nabla_w \lambda\|w\|_1")
    assert "derivative-reach" in {n.rule for n in f.notes}
    w = np.array([0.5, -2.0, 1.5])
    got = symdl.lambdify(symdl.diff(r"\lambda\|w\|_1", "w").expr)(w=w, n_1=3, **{"lambda": 0.1})
    np.testing.assert_allclose(np.ravel(np.asarray(got, dtype=float)), 0.1 * np.sign(w), rtol=1e-12)


def test_greek_parameter_inside_an_activation() -> None:
    """cs229/Ng's logistic regression gradient: θ after X inside σ is the parameter vector (it was a number)."""
    f = symdl.parse(r"\text{grad} = \frac{1}{m} X^T (\sigma(X\theta) - \mathbf{y})")
    x, th, y = RNG.normal(size=(6, 3)), RNG.normal(size=3), RNG.integers(0, 2, size=6).astype(float)
    got = symdl.lambdify(f)(X=x, m=6.0, **{r"\theta": th, r"\mathbf{y}": y})
    np.testing.assert_allclose(np.ravel(got), x.T @ (1 / (1 + np.exp(-x @ th)) - y) / 6, rtol=1e-12)
    assert "greek-after-matrix" in {n.rule for n in f.notes}


def test_row_gradient_times_a_weight_is_refused() -> None:
    """∂L/∂y · W with y a vector: the gradients as rows, which symdl does not read (it was a product of numbers,
    silently); the column form W^T ∂L/∂y reads."""
    latex = r"\frac{\partial L}{\partial x} = \frac{\partial L}{\partial y} \cdot W"
    with pytest.raises(symdl.NotSupported, match="gradients as rows") as err:
        symdl.parse(latex)
    assert latex[err.value.span.start : err.value.span.end] == r"\frac{\partial L}{\partial y} \cdot W"
    assert "upstream-gradient" in {n.rule for n in symdl.parse(
        r"\frac{\partial L}{\partial x} = W^T \frac{\partial L}{\partial y}").notes}


def test_parenthesised_summed_index_is_an_index() -> None:
    """k-NN regression: y_{(i)}, the i-th nearest neighbour's label, under \\sum_i (it was one name)."""
    latex = r"\hat{y} = \sum_{i=1}^{k} w_i\, y_{(i)}"
    f = symdl.parse(latex)
    w, y = np.array([0.5, 0.3, 0.2]), np.array([1.0, 2.0, 4.0])
    np.testing.assert_allclose(float(np.ravel(symdl.lambdify(f)(w=w, y=y, k=3))[0]), w @ y, rtol=1e-12)
    assert "subscript-order-index" in {n.rule for n in f.notes}
    assert "subscript-order-index" not in {n.rule for n in symdl.parse(r"z = x_{(i)}").notes}
