"""numpy's reductions over one axis and over a fancy index's rows (session 29, issue 12).

- ``np.sum(x, axis=0)``, ``np.sum(e, axis=1, keepdims=True)``, ``x.mean(0)``: one explicit axis reads the value as
  a vector along that axis (axis 0: one column, one feature over the batch, as cs231n lays arrays out) and reduces
  over its entries (noted in ``code-reduction``); two different axes in one text, tuples of axes and a matrix
  reduced over an axis are refused;
- ``np.sum(np.log(p[range(N), y]))``: the sum over the rows n of the fancy index (``fancy-rows``), which was the
  log of one row's probability with n left free, silently; ``np.arange(N)`` in the fancy index as ``range(N)``;
- ``N * dxhat``: the batch size N before ``*`` stays a number (it was a vector, ``N ⊙ dx̂``, silently).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import symdl
from symdl.errors import NotSupported
from tests.real_sources import assert_values_noted

RNG = np.random.default_rng(29)
X = RNG.normal(size=6)
D = RNG.normal(size=6)
G = RNG.normal(size=6)
P = RNG.random((5, 4)) + 0.05
Y = np.array([2, 0, 3, 1, 3])  # 0-based classes, as numpy indexes them


def _bn_backward(dout: np.ndarray, xhat: np.ndarray, gamma: float, inv_std: float) -> np.ndarray:
    """cs231n's batch-norm backward pass of one feature column, in plain numpy."""
    n = dout.shape[0]
    dxhat = dout * gamma
    return (1.0 / n) * inv_std * (n * dxhat - dxhat.sum() - xhat * (dxhat * xhat).sum())


# (id, source, code, arguments, {name: what plain numpy gives running the same code on one column/row}, notes)
VALUES: list[tuple[str, str, str, dict[str, Any], dict[str, Any], tuple[str, ...]]] = [
    ("batchnorm-mean", "F. Kratzert, batchnorm_forward (DS Stack Exchange q/10741)", "mu = 1./N * np.sum(x, axis = 0)",
     {"x": X, "N": 6.0}, {"": X.mean()}, ("code-reduction",)),
    ("bias-gradient", "cs231n 'Neural Networks Case Study'", "db = np.sum(dscores, axis=0, keepdims=True)",
     {"dscores": D}, {"": D.sum()}, ("code-reduction",)),
    ("softmax-rows", "cs231n 'Neural Networks Case Study'",
     "probs = exp_scores / np.sum(exp_scores, axis=1, keepdims=True)", {"exp_scores": np.exp(X)},
     {"": np.exp(X) / np.exp(X).sum()}, ("code-reduction",)),
    ("mean-method-axis", "a notebook's x.mean(0) centring", "xc = x - x.mean(0)", {"x": X}, {"": X - X.mean()},
     ("code-reduction",)),
    ("var-axis", "cs231n batchnorm_forward", "sample_var = np.var(x, axis=0)", {"x": X}, {"": X.var()},
     ("code-reduction",)),
    ("batchnorm-backward", "cs231n assignment 2, batchnorm_backward_alt (a posted solution)",
     "dxhat = dout * gamma\n"
     "dx = (1. / N) * inv_std * (N * dxhat - np.sum(dxhat, axis=0) - xhat * np.sum(dxhat * xhat, axis=0))",
     {"dout": D, "gamma": 1.7, "N": 6.0, "inv_std": 0.8, "xhat": X},
     {"dx": _bn_backward(D, X, 1.7, 0.8)}, ("code-reduction",)),
    ("batchnorm-param-grads", "cs231n assignment 2, batchnorm_backward",
     "dbeta = np.sum(dout, axis=0)\ndgamma = np.sum(dout * xhat, axis=0)", {"dout": D, "xhat": X},
     {"dbeta": D.sum(), "dgamma": (D * X).sum()}, ("code-reduction",)),
    ("fancy-sum", "cs231n 'Neural Networks Case Study', data loss",
     "loss = -np.sum(np.log(p[range(N), y])) / N", {"p": P, "y": Y + 1, "N": 5},
     {"": -np.mean(np.log(P[range(5), Y]))}, ("fancy-rows", "code-fancy-index")),
    ("fancy-mean-arange", "a cs231n softmax_loss solution",
     "loss = -np.mean(np.log(p[np.arange(N), y]))", {"p": P, "y": Y + 1},
     {"": -np.mean(np.log(P[range(5), Y]))}, ("fancy-rows",)),
    ("fancy-method-sum", "a notebook's .sum() of the correct log-probabilities",
     "loss = -np.log(p[range(num_examples), y]).sum() / num_examples", {"p": P, "y": Y + 1, "num_examples": 5},
     {"": -np.mean(np.log(P[range(5), Y]))}, ("fancy-rows",)),
    # must not change
    ("sum-all", "x.sum() of a vector", "y = x.sum()", {"x": X}, {"": X.sum()}, ("code-reduction",)),
    ("last-axis", "the Annotated Transformer's x.mean(-1)", "y = x - x.mean(-1)", {"x": X}, {"": X - X.mean()},
     ("code-reduction",)),
    ("scalar-times-array", "lr * dw stays a number times a vector", "w = w - lr * dw\ns = np.sum(dw)",
     {"w": X, "lr": 0.1, "dw": D}, {"w": X - 0.1 * D, "s": D.sum()}, ()),
]


@pytest.mark.parametrize(("code", "args", "expected", "rules"), [c[2:] for c in VALUES], ids=[c[0] for c in VALUES])
def test_value(code: str, args: dict[str, Any], expected: dict[str, Any], rules: tuple[str, ...]) -> None:
    assert_values_noted(code, args, expected, rules)


@pytest.mark.parametrize(("code", "words"), [
    ("mu = np.mean(x, axis=0)", "axis 0 of the value, the batch axis"),
    ("s = np.sum(e, axis=1, keepdims=True)", "axis 1 of the value, read as a vector along that axis"),
    ("loss = -np.sum(np.log(p[range(N), y])) / N", "the sum over the rows n from 1 to N"),
], ids=["axis-0", "axis-1", "fancy-rows"])
def test_note_says_the_reading(code: str, words: str) -> None:
    f = symdl.parse(code)
    assert any(words in n.message for n in f.notes), [n.message for n in f.notes]


def test_fancy_rows_span() -> None:
    code = "loss = -np.sum(np.log(p[range(N), y])) / N"
    f = symdl.parse(code)
    (n,) = [n for n in f.notes if n.rule == "fancy-rows"]
    assert code[n.span.start : n.span.end] == "(np.log(p[range(N), y]))"


def test_batch_size_stays_a_number() -> None:
    f = symdl.parse("dx = N * dxhat - np.sum(dxhat, axis=0)")
    assert "N" not in f.shapes


REFUSED = [
    ("two-axes", "cs231n's softmax code: the classes' sum in the loss, the batch's in the bias gradient",
     "p = e / np.sum(e, axis=1, keepdims=True)\ndb = np.sum(dscores, axis=0)",
     "a reduction over axis 0 where line 1, column 15 reduces over axis 1", "np.sum(dscores, axis=0)"),
    ("axis-tuple", "a CNN's per-channel mean", "mu = x.mean(axis=(0, 2, 3))", "code's .mean() over the axes (0,2,3)",
     "x.mean(axis=(0, 2, 3))"),
]


@pytest.mark.parametrize(("code", "what", "at"), [r[2:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_refused(code: str, what: str, at: str) -> None:
    with pytest.raises(NotSupported) as err:
        symdl.parse(code)
    assert what in str(err.value)
    span = err.value.span
    assert code[span.start : span.end].endswith(at.split("(")[-1]) or code[span.start : span.end] in at, \
        code[span.start : span.end]
    assert err.value.hint
