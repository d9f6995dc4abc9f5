"""Squares defined as names (Ioffe & Szegedy's ``\\sigma_\\mathcal{B}^2 \\leftarrow ...``), letters that label one
name several times (FaceNet's ``x_i^a``, ``x_i^p``, ``x_i^n``), positive parts (``[x]_+``) and sums over subscripted
sets (d2l's ``\\sum_{i \\in \\mathcal{B}_t}``): values against plain numpy, notes with their spans."""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_reads_as

RNG = np.random.default_rng(12)
X = np.array([1.0, 2.0, 4.0, 7.0])
A, P, N = RNG.normal(size=(3, 5)), RNG.normal(size=(3, 5)), RNG.normal(size=(3, 5))
V = RNG.normal(size=6)

BATCH_NORM = (r"\mu_\mathcal{B} \leftarrow \frac{1}{m}\sum_{i=1}^m x_i \\ "
              r"\sigma_\mathcal{B}^2 \leftarrow \frac{1}{m}\sum_{i=1}^m (x_i - \mu_\mathcal{B})^2 \\ "
              r"\hat{x}_i \leftarrow \frac{x_i - \mu_\mathcal{B}}{\sqrt{\sigma_\mathcal{B}^2 + \epsilon}}")

# (id, formula, inputs, numpy value of the last statement, note rules)
CASES = [
    ("batch-variance", r"\sigma_\mathcal{B}^2 \leftarrow \frac{1}{m}\sum_{i=1}^m (x_i - \mu_\mathcal{B})^2",
     {"x": X, r"\mu_\mathcal{B}": 3.0}, np.mean((X - 3.0) ** 2), ["square-name"]),
    ("batch-norm-three-steps", BATCH_NORM, {"x": X, r"\epsilon": 1e-5}, (X - X.mean()) / np.sqrt(X.var() + 1e-5),
     ["square-name"]),
    ("power-before-subscript", r"\sigma^2_\mathcal{B} = \frac{1}{m}\sum_{i=1}^m x_i^2 \\ "
     r"y = \sqrt{\sigma_{\mathcal{B}}^{2}}", {"x": X}, np.sqrt(np.mean(X**2)), ["square-name"]),
    ("hatted-variance", r"\hat{\sigma}^2 = \frac{1}{n} \sum_{i=1}^n (x_i - \hat{\mu})^2", {"x": X, r"\hat{\mu}": 2.0},
     np.mean((X - 2.0) ** 2), ["square-name"]),
    ("square-used-not-defined-is-a-power", r"y = \frac{x - \mu}{\sqrt{\sigma^2 + \epsilon}}",
     {"x": X, r"\mu": 1.0, r"\sigma": 2.0, r"\epsilon": 0.0}, (X - 1.0) / 2.0, []),
    ("anchor-positive-negative", r"\sum_i \left[ \|x_i^a - x_i^p\|_2^2 - \|x_i^a - x_i^n\|_2^2 + \alpha \right]_+",
     {"x^a": A[0], "x^p": P[0], "x^n": N[0], r"\alpha": 0.2},
     np.maximum(0, (A[0] - P[0]) ** 2 - (A[0] - N[0]) ** 2 + 0.2).sum(),
     ["norm-of-number", "superscript-labels", "superscript-labels", "norm-of-number", "superscript-labels"]),
    ("labels-before-subscript", r"x^a_i + x^b_i", {"x^a": V, "x^b": 2 * V}, 3 * V,
     ["superscript-labels", "superscript-labels"]),
    ("one-letter-superscript-stays-a-power", r"x_i^a + 1", {"x": V[:3] ** 2, "a": 0.5}, np.abs(V[:3]) + 1,
     ["superscript-power"]),
    ("positive-part", r"[x]_+", {"x": V}, np.maximum(0, V), []),
    ("squared-hinge", r"\left[ 1 - y s \right]_{+}^2", {"y": np.sign(V), "s": V[::-1]},
     np.maximum(0, 1 - np.sign(V) * V[::-1]) ** 2, []),
    ("positive-part-of-a-vector", r"(\mathbf{x} - \mathbf{c})_+", {r"\mathbf{x}": V, r"\mathbf{c}": V[::-1]},
     np.maximum(0, V - V[::-1]), ["max-elementwise"]),
    ("sum-over-a-minibatch-at-step-t", r"\frac{1}{|\mathcal{B}|} \sum_{i \in \mathcal{B}_t} x_i", {"x": X}, X.mean(),
     ["sum-over-set"]),
    ("size-of-a-labelled-set", r"\frac{1}{|\mathcal{D}_{train}|}\sum_{i \in \mathcal{D}_{train}} l_i", {"l": V},
     V.mean(), ["sum-over-set"]),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_reads_as_meant(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


# (id, formula, the text the note spans, words of its alternative)
NOTES = [
    ("square", r"\sigma_\mathcal{B}^2 \leftarrow \frac{1}{m}\sum_{i=1}^m x_i^2", r"\sigma_\mathcal{B}^2", r"\sqrt"),
    ("labels", r"x_i^a - x_i^p", "x_i^a", "(x_i)^a"),
]


@pytest.mark.parametrize(("latex", "spanned", "alternative"), [c[1:] for c in NOTES], ids=[c[0] for c in NOTES])
def test_note_spans_the_reading_and_names_the_other(latex: str, spanned: str, alternative: str) -> None:
    n = symdl.parse(latex).notes[0]
    assert latex[n.span.start : n.span.end] == spanned
    assert alternative in n.alternative


def test_defined_variance_differentiates_by_the_mean() -> None:
    """A statement defining a square is a definition: its right side is what is differentiated."""
    g = r"\sigma^2 = \frac{1}{n}\sum_{i=1}^n (x_i - \mu)^2"
    assert symdl.check_gradient(g, r"\mu", r"-\frac{2}{n}\sum_{i=1}^n (x_i - \mu)").verdict == "verified"
    assert symdl.check_gradient(g, r"\mu", r"-\frac{1}{n}\sum_{i=1}^n (x_i - \mu)").verdict == "refuted"
