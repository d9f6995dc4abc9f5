"""numpy and PyTorch code pastes read as the maths they compute (session 26, issue 12).

- numpy's and PyTorch's elementary functions spelt otherwise are the maths they compute, one row each of
  :data:`symdl.read.codelibrary.ELEMENTARY` (noted ``code-library``): ``np.outer(a, b)``, ``torch.outer`` the outer
  product a b^T, ``np.fmax``/``np.fmin`` the entry-wise maximum/minimum, ``np.log1p(x)`` log(1 + x),
  ``np.expm1(x)`` exp(x) - 1 (they were refused as "code's library call");
- code's size of an identifier (``batch_y.shape[0]``, ``len(x_2)``) is read as a letter's is (``code-size``), and the
  size of a vector (no family) is its length, read off its array (it was an input N_y of its own).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import symdl

RNG = np.random.default_rng(26)
S = RNG.random(4) / 2 + 0.1
S = S / S.sum()  # a softmax output
X = RNG.normal(size=5) * 3
Y = (RNG.random(5) > 0.5) * 1.0
PROBS = RNG.random(5) * 0.9 + 0.05
A, B = RNG.normal(size=3), RNG.normal(size=4)

# (id, source, formula, arguments, what plain numpy computes)
VALUES: list[tuple[str, str, str, dict[str, Any], Any]] = [
    ("softmax-jacobian", "a blog's softmax backward in numpy (verbatim)", "jacobian = np.diag(s) - np.outer(s, s)",
     {"s": S}, np.diag(S) - np.outer(S, S)),
    ("bce-with-logits-fmax", "a numpy BCE-with-logits layer, the stable form (verbatim)",
     "self.output = np.fmax(x, 0) - x * y + np.log(1 + np.exp(-np.abs(x)))", {"x": X, "y": Y},
     np.fmax(X, 0) - X * Y + np.log(1 + np.exp(-np.abs(X)))),
    ("cce-clip-shape", "a numpy categorical cross-entropy over a batch (verbatim)",
     "cce = -np.sum(batch_y*np.log(np.clip(probs,1e-20,1.)))/batch_y.shape[0]", {"batch_y": Y, "probs": PROBS},
     -np.sum(Y * np.log(np.clip(PROBS, 1e-20, 1.0))) / Y.shape[0]),
    ("bce-shape", "a numpy binary cross-entropy over a batch (verbatim)",
     "bce = -np.sum(batch_y*np.log(probs)+(1-batch_y)*np.log(1-probs))/batch_y.shape[0]",
     {"batch_y": Y, "probs": PROBS}, -np.sum(Y * np.log(PROBS) + (1 - Y) * np.log(1 - PROBS)) / Y.shape[0]),
    ("torch-outer", "PyTorch docs, torch.outer(vec1, vec2)", "A = torch.outer(a, b)", {"a": A, "b": B}, np.outer(A, B)),
    ("torch-ger", "PyTorch's older torch.ger", "A = torch.ger(a, b)", {"a": A, "b": B}, np.outer(A, B)),
    ("outer-of-names", "a hand-written linear layer's gradient, np.outer(dh, x)",
     "dW = np.outer(dh, x)", {"dh": PROBS - Y, "x": A}, np.outer(PROBS - Y, A)),
    ("log1p-softplus", "PyTorch's softplus written with log1p", "y = torch.log1p(torch.exp(x))", {"x": X},
     np.log1p(np.exp(X))),
    ("expm1-elu", "ELU's negative part in numpy, alpha * np.expm1(x)", "y = alpha * np.expm1(x)",
     {"alpha": 1.5, "x": X}, 1.5 * np.expm1(X)),
    ("fmin", "np.fmin, the entry-wise minimum", "y = np.fmin(x, 1)", {"x": X}, np.fmin(X, 1)),
    ("maximum-minimum", "numpy's maximum and minimum (read before)", "y = np.maximum(x, 0) + np.minimum(x, 0)",
     {"x": X}, np.maximum(X, 0) + np.minimum(X, 0)),
    ("torch-clamp", "PyTorch docs, torch.clamp(input, min) (read before)", "y = torch.clamp(x, min=0)", {"x": X},
     np.clip(X, 0, None)),
    ("torch-diag", "PyTorch docs, torch.diag(v) (read before)", "A = torch.diag(v)", {"v": B}, np.diag(B)),
    ("len-identifier", "a numpy mean written with len", "m = np.sum(x_2) / len(x_2)", {"x_2": X}, X.mean()),
    ("len-letter-vector", "a numpy mean over a vector (no family): len(x) is its length", "m = np.sum(x) / len(x)",
     {"x": X}, X.mean()),
    ("size-letter-vector", "PyTorch's loss.sum() / y.size(0) over a vector", "l = torch.sum((p - y)**2) / y.size(0)",
     {"p": PROBS, "y": Y}, np.sum((PROBS - Y) ** 2) / 5),
]


@pytest.mark.parametrize(("source", "args", "expected"), [c[2:] for c in VALUES], ids=[c[0] for c in VALUES])
def test_value(source: str, args: dict[str, Any], expected: Any) -> None:
    got = symdl.lambdify(symdl.parse(source))(**args)
    np.testing.assert_allclose(np.asarray(got, dtype=float).reshape(np.shape(expected)), expected, rtol=1e-10)


# (id, source, the rules the notes name, at least)
NOTES = [
    ("outer", "jacobian = np.diag(s) - np.outer(s, s)", {"code-library"}),
    ("fmax", "y = np.fmax(x, 0)", {"code-library"}),
    ("shape-identifier", "bce = -np.sum(batch_y*np.log(probs))/batch_y.shape[0]", {"code-library", "code-size"}),
    ("len-identifier", "m = np.sum(x_2) / len(x_2)", {"code-size"}),
]


@pytest.mark.parametrize(("source", "rules"), [c[1:] for c in NOTES], ids=[c[0] for c in NOTES])
def test_notes(source: str, rules: set[str]) -> None:
    assert rules <= {n.rule for n in symdl.parse(source).notes}


# (id, source, the text the refusal points at)
REFUSED = [
    ("outer-of-three", "np.outer takes two vectors", "A = np.outer(a, b, c)", "(a, b, c)"),
    ("outer-of-a-difference", "np.outer(p - y, x): p - y would be read as a number", "dW = np.outer(p - y, x)",
     "p - y"),
    ("log1p-keyword", "a keyword argument of log1p", "y = np.log1p(x, out=y)", "(x, out=y)"),
    ("shape-axis-1", "x.shape[1], a matrix's columns", "y = x_2.shape[1]", "."),
    ("size-of-a-sum", "the size of a value that is no name", "y = (a + b).shape[0]", "."),
    ("other-library-call", "np.argmax stays refused", "y = np.argmax(x)", "np.argmax"),
    ("uniform-draw", "a uniform draw stays refused (normal draws are read: tests/test_read_s26_draws.py)",
     "w = np.random.rand(n) / sqrt(n)", "np.random.rand"),
]


@pytest.mark.parametrize(("source", "text"), [c[2:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_refused(source: str, text: str) -> None:
    with pytest.raises(symdl.NotSupported) as err:
        symdl.parse(source)
    span = err.value.span
    assert span is not None and source[span.start : span.end] == text


def test_matrix_size_stays_an_input() -> None:
    """The size of a matrix (a batch) keeps its N_X: rows or all entries is the reader's to say."""
    formula = symdl.parse(r"L = \mathrm{sum}(X W) / X.size(0)")
    assert "X" in formula.lengths


# must not change: TeX without code's marks keeps its reading (id, source, the right side as SymPy prints it)
KEPT = [
    ("tex-outer", "the TeX outer product", r"J = \mathrm{diag}(\mathbf{s}) - \mathbf{s}\mathbf{s}^\top",
     "DiagMatrix(s) - s*s.T"),
    ("tex-log-1p", "TeX's log(1 + x)", r"y = \log(1 + e^{x})", "log(exp(x) + 1)"),
    ("tex-mean", "TeX's mean with N", r"m = \frac{1}{N} \sum_{i=1}^{N} x_i", "Sum(x[i], (i, 1, N))/N"),
]


@pytest.mark.parametrize(("source", "rhs"), [c[2:] for c in KEPT], ids=[c[0] for c in KEPT])
def test_kept(source: str, rhs: str) -> None:
    formula = symdl.parse(source)
    assert str(formula.statements[0].rhs) == rhs
    assert "code-library" not in {n.rule for n in formula.notes}
