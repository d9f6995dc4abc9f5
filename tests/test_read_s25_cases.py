"""Plain-text cases, braced names, and three refusals of session 25's held-out set, each read by a rule for its
class (issue 12).

- plain-text cases written as repeated definitions, their line breaks lost (the PyTorch docs' Hardtanh and
  Softshrink as scraped): the left side written again starts a row, each a value where its condition holds
  (``case-lines``); a comparison sign ending a condition with nothing after it is dropped (``case-dangling-sign``);
  the old docs' ASCII-art cases are refused saying what they are;
- a braced word with a trailing number called with ( ) is the named function (``{ReLU6}(x)``: it was 6·x), and a
  braced word subscripted is that word's subscript (``\\nabla {Loss}_{W}^{i}``: it was refused);
- a gradient of a constant times a norm reaches over the norm's bars (``\\nabla_{W} \\frac{1}{2}\\|XW - Y\\|_F^2``:
  the ``-`` inside ended the term, so the bar was "never closed"); capitals side by side written twice are their
  product when each letter is written alone too (``X^T(XW - Y)`` beside ``\\nabla_{W}``);
- a ``\\text`` word inside an entry of softmax's value is a vector as a letter is (``entry-vector``).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
import sympy

import symdl
from symdl.errors import InvalidInput

RNG = np.random.default_rng(25)
X = np.array([-3.0, -1.5, -0.7, 0.0, 0.3, 0.9, 1.2, 4.0])
Z = RNG.normal(size=5) * 2
LABELS = np.eye(5)[2]
HARDTANH = "f(x) = +1, if x  >  1        f(x) = -1, if x  < -1        f(x) =  x,  otherwise"
SOFTSHRINK = "f(x) = x-lambda, if x > lambda >  f(x) = x+lambda, if x < -lambda         f(x) = 0, otherwise"
ASCII_HINGE = ("                     { x_i,                  if y_i ==  1         loss(x, y) = 1/n {                 "
               "     { max(0, margin - x_i), if y_i == -1")


def _softmax(z: np.ndarray) -> np.ndarray:
    return np.exp(z) / np.exp(z).sum()


# (id, source, latex, arguments, the value plain numpy gives for the source's meaning, the notes expected)
VALUES: list[tuple[str, str, str, dict[str, Any], Any, set[str]]] = [
    ("hardtanh-lines", "PyTorch docs, torch.nn.Hardtanh, as scraped onto one line", HARDTANH, {"x": X},
     np.clip(X, -1, 1), {"case-lines"}),
    ("softshrink-lines", "PyTorch docs, torch.nn.Softshrink, as scraped (a stray > where a line broke)", SOFTSHRINK,
     {"x": X, "lambda": 0.5}, np.where(X > 0.5, X - 0.5, np.where(X < -0.5, X + 0.5, 0.0)),
     {"case-lines", "case-dangling-sign"}),
    ("two-rows-spaced-lhs", "a ReLU's two rows as scraped, the left side spaced differently",
     "g(x) = x, if x > 0   g (x) = 0, otherwise", {"x": X}, np.maximum(X, 0), {"case-lines"}),
    ("relu6-braced", "PyTorch docs, torch.nn.ReLU6 as scraped: {ReLU6}(x) = min(max(0,x), 6)",
     r"y = {ReLU6}(x)", {"x": X}, np.clip(X, 0, 6), set()),
    ("softmax-of-text-word", "a cross-entropy with word names (TensorFlow tutorials' labels and logits)",
     r"\ell = -\sum_i \text{labels}_i \log \text{softmax}(\text{logits})_i",
     {r"\text{labels}": LABELS, "logits": Z}, -np.sum(LABELS * np.log(_softmax(Z))), {"entry-vector"}),
    ("softmax-entry-of-text-word", "an entry of softmax of a word-named vector",
     r"p = \mathrm{softmax}(\text{logits})_i", {"logits": Z}, _softmax(Z), {"entry-vector"}),
]


@pytest.mark.parametrize(("latex", "args", "expected", "rules"), [c[2:] for c in VALUES], ids=[c[0] for c in VALUES])
def test_value(latex: str, args: dict[str, Any], expected: Any, rules: set[str]) -> None:
    f = symdl.parse(latex)
    got = symdl.lambdify(f)(**args)
    np.testing.assert_allclose(np.asarray(got, dtype=float), expected, rtol=1e-12)
    assert rules <= {n.rule for n in f.notes}


def test_dangling_sign_note_quotes_the_sign() -> None:
    note = next(n for n in symdl.parse(SOFTSHRINK).notes if n.rule == "case-dangling-sign")
    assert SOFTSHRINK[note.span.start : note.span.end] == ">"
    assert "the condition x > lambda with nothing after it" in note.message


def test_braced_relu6_definition_is_a_call() -> None:
    """PyTorch docs, torch.nn.ReLU6: the left side was 6·x, silently."""
    f = symdl.parse(r"{ReLU6}(x) = min(max(0,x), 6)")
    x = sympy.Symbol("x", real=True)
    assert isinstance(f.lhs, sympy.Function) or isinstance(f.lhs, sympy.core.function.AppliedUndef)
    assert str(f.lhs) == "ReLU6(x)"
    assert str(f.lhs) == str(symdl.parse(r"\text{ReLU6}(x) = min(max(0,x), 6)").lhs)
    assert f.lhs != 6 * x


@pytest.mark.parametrize(("braced", "texted"), [
    (r"W^{i+1} = W^i - \epsilon \nabla {Loss}_{W}^{i}", r"W^{i+1} = W^i - \epsilon \nabla \text{Loss}_{W}^{i}"),
    (r"y = {Loss}_{W}", r"y = \text{Loss}_{W}"),
    (r"g = \nabla {Loss}_{\theta}", r"g = \nabla \text{Loss}_{\theta}"),
], ids=["sgd-step-braced-loss", "braced-word-subscript", "nabla-braced-word-subscript"])
def test_braced_word_subscript_reads_as_text(braced: str, texted: str) -> None:
    """A scraped SGD step (lecture notes' W^{i+1} = W^i - \\epsilon \\nabla {Loss}_W^i): as \\text{Loss}_W."""
    assert str(symdl.parse(braced).rhs) == str(symdl.parse(texted).rhs)


def test_frobenius_gradient_claim() -> None:
    """The normal equations' gradient (Goodfellow et al. §5.1.4, matrix form): the left side the gradient with
    respect to W of the whole product, the right side X^T(XW - Y) by value."""
    latex = r"\nabla_{W} \frac{1}{2}\|XW - Y\|_F^2 = X^T(XW - Y)"
    f = symdl.parse(latex)
    assert "derivative-reach" in {n.rule for n in f.notes}
    assert "acronym-name" not in {n.rule for n in f.notes}
    assert isinstance(f.lhs, sympy.MatrixSymbol) and str(f.lhs).startswith("nabla_{W}")
    assert f.lhs.shape == f.symbols["W"].shape
    x, w, y = RNG.normal(size=(6, 3)), RNG.normal(size=(3, 2)), RNG.normal(size=(6, 2))
    got = symdl.lambdify(f)(X=x, W=w, Y=y)
    np.testing.assert_allclose(np.asarray(got, dtype=float), x.T @ (x @ w - y), rtol=1e-12)


def test_frobenius_gradient_checks() -> None:
    """The same claim through symdl.check_gradient: X^T(XW - Y) is the gradient of (1/2)||XW - Y||_F^2."""
    verdict = symdl.check_gradient(r"\frac{1}{2}\|XW - Y\|_F^2", "W", r"X^T(XW - Y)")
    assert verdict.verdict == "verified"


REFUSED = [
    ("ascii-art-hinge", "old PyTorch docs, HingeEmbeddingLoss drawn in ASCII art, line breaks lost", ASCII_HINGE,
     "ASCII art"),
    ("other-lhs-rows", "two rows defining different functions are no piecewise definition",
     "f(x) = 1, if x > 0   g(x) = 0, otherwise", "unexpected ','"),
    ("one-open-brace", "one brace left open stays a brace never closed", "y = { x, if", "is never closed"),
]


@pytest.mark.parametrize(("latex", "message"), [c[2:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_refused(latex: str, message: str) -> None:
    with pytest.raises(InvalidInput) as err:
        symdl.parse(latex)
    assert message in str(err.value)


def test_ascii_art_hint_says_cases() -> None:
    with pytest.raises(InvalidInput) as err:
        symdl.parse(ASCII_HINGE)
    assert "line breaks lost" in str(err.value)
    assert "\\begin{cases}" in (err.value.hint or "")


# must not change: near misses keep their old reading
KEPT = [
    ("braced-two-letters-call", "a braced pair before a parenthesis stays a product", r"y = {ab}(x)", "a*b*x"),
    ("braced-letter-subscript", "a braced letter subscripted", r"y = {x}_i", "x[i]"),
    ("braced-word-call", "PyTorch docs' {loss}(x, y)", r"{loss}(x, y) = x - y", "loss(x, y)"),
    ("python-ternary", "Python's conditional expression", r"f(x) = x if x > 0 else 0", "Piecewise((x, x > 0), (0, True))"),
    ("keras-value-if", "the Keras docs' hard sigmoid rows", r"y = 0 if x < -2.5, 1 if x > 2.5, (0.2 * x) + 0.5 if -2.5 <= x <= 2.5",
     "Piecewise((0, x < -2.5), (1, x > 2.5), (0.2*x + 0.5, True))"),
    ("abs-in-sum", "a sum of absolute differences", r"y = \sum_i |x_i - z_i| + c", "c + Sum(Abs(x[i] - z[i]), (i, 1, N_x))"),
    ("softmax-letter", "d2l's softmax entry of a plain letter",
     r"\ell = -\sum_i y_i \log \mathrm{softmax}(z)_i", "-Sum(log(exp(z[i])/Sum(exp(z[j]), (j, 1, N_z)))*y[i], (i, 1, N_z))"),
    ("nabla-paren-product", "a gradient of a constant times a parenthesis",
     r"G = \nabla_{w} \frac{1}{2} (w - y)^2 + c", "c + Derivative((w - y)**2/2, w)"),
]


@pytest.mark.parametrize(("latex", "expected"), [c[2:] for c in KEPT], ids=[c[0] for c in KEPT])
def test_kept(latex: str, expected: str) -> None:
    f = symdl.parse(latex)
    side = f.lhs if latex.startswith("{loss}") else f.rhs
    assert str(side) == expected


def test_metric_acronyms_stay_names() -> None:
    """The metrics' TP, FP (no letter written alone): still one name each."""
    f = symdl.parse(r"p = \frac{TP}{TP + FP}")
    assert "acronym-name" in {n.rule for n in f.notes}
    assert {"TP", "FP"} <= set(f.symbols)
