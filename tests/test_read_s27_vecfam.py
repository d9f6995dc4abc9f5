"""Sums and means of a family of vectors (session 27, vecfam; issue 12).

A sum over a family's index of its whole vectors, each times numbers (Bahdanau's context vector, a mean over time
or over a node's neighbours, cs229's sample mean, a minibatch step), is a vector: entry k is the sum of the members'
entries k, the family one array with a member per row (``family-rows``).  New here:

- a plain, undeclared name set equal to such a sum is that vector (``c = \\sum_t \\alpha_t \\mathbf{h}_t``, cs229's
  ``\\mu = \\frac{1}{m}\\sum_i x^{(i)}`` with ``x^{(i)}`` declared, ``w \\leftarrow w - \\frac{\\eta}{B}\\sum_i
  \\mathbf{g}_i``), noted ``family-vector-sum`` (before: refused, a loose member);
- a bare name spelt as the family (``\\mathbf{h} = \\frac{1}{T}\\sum_t \\mathbf{h}_t``) is a vector of its own, not
  the family, noted ``family-bare-vector`` (before: refused), in a formula of one statement;
- a plain member with two indices before a matrix (GAT's ``a_{ij} \\mathbf{W}\\mathbf{h}_j``) is an entry, a number
  (before: refused as Shaw's ``x_j W^V``, a vector times a matrix).

Each value is checked against plain numpy with the family passed as a 2-D array (rows = members).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import symdl
from symdl.errors import NotSupported

RNG = np.random.default_rng(2027)
H = RNG.normal(size=(6, 4))  # six members (time steps, nodes, keys), four features
ALPHA = RNG.normal(size=6)
A66 = RNG.normal(size=(6, 6))
W34 = RNG.normal(size=(3, 4))
ADJ = (RNG.random(size=(6, 6)) < 0.5).astype(float) + np.eye(6)  # each node its own neighbour: no empty row
S6 = RNG.normal(size=6)
G = RNG.normal(size=(5, 4))  # five per-example gradients
W4 = RNG.normal(size=4)
X = RNG.normal(size=(5, 3))
MU3 = RNG.normal(size=3)
XS = RNG.normal(size=5)
AS = RNG.normal(size=5)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-z))


def _softmax(z: np.ndarray) -> np.ndarray:
    e = np.exp(z - z.max())
    return e / e.sum()


# (id, source, latex, arguments, the value plain numpy gives, the notes' rules that must be there)
VALUES: list[tuple[str, str, str, dict[str, Any], Any, list[str]]] = [
    ("context-plain", "Bahdanau et al. 2015 eq. 5 / d2l 11.4, the context vector with a plain name",
     r"c = \sum_t \alpha_t \mathbf{h}_t", {r"\alpha": ALPHA, r"\mathbf{h}": H}, ALPHA @ H,
     ["family-vector-sum", "family-rows"]),
    ("context-bold", "Bahdanau et al. 2015 eq. 5, one context vector per decoder step i",
     r"\mathbf{c}_i = \sum_j \alpha_{ij} \mathbf{h}_j", {r"\alpha": A66, r"\mathbf{h}": H}, A66 @ H, ["family-rows"]),
    ("mean-over-time-bare", "mean pooling of an RNN's states over time (a sentence vector)",
     r"\mathbf{h} = \frac{1}{T}\sum_{t=1}^{T}\mathbf{h}_t", {r"\mathbf{h}": H, "T": 6}, H.mean(axis=0),
     ["family-bare-vector", "family-rows"]),
    ("mean-over-time-step-superscript", "Goodfellow et al. ch. 10's h^{(t)}, averaged over the steps",
     r"\mathbf{h} = \frac{1}{T}\sum_{t=1}^{T}\mathbf{h}^{(t)}", {r"\mathbf{h}": H, "T": 6}, H.mean(axis=0),
     ["family-bare-vector", "family-rows"]),
    ("mean-over-time-plain", "the same mean with the pooled vector written plain",
     r"h = \frac{1}{T}\sum_{t=1}^{T}\mathbf{h}_t", {r"\mathbf{h}": H, "T": 6}, H.mean(axis=0),
     ["family-vector-sum", "family-bare-vector", "family-rows"]),
    ("mean-over-time-bar", "the pooled vector with a name of its own (no guess about the name)",
     r"\bar{\mathbf{h}} = \frac{1}{T}\sum_{t=1}^{T}\mathbf{h}_t", {r"\mathbf{h}": H, "T": 6}, H.mean(axis=0),
     ["family-rows"]),
    ("graphsage-mean", "Hamilton et al. 2017 (GraphSAGE's mean aggregator), the neighbourhood as a 0/1 matrix",
     r"\mathbf{z}_n = \frac{1}{|\mathcal{N}(n)|}\sum_{m\in\mathcal{N}(n)}\mathbf{h}_m",
     {r"\mathcal{N}": ADJ, r"\mathbf{h}": H}, (ADJ @ H) / ADJ.sum(axis=1)[:, None], ["family-rows"]),
    ("cs229-mean-declared", "cs229 notes (GDA, PCA): the mean of the training examples, x^{(i)} in R^n",
     r"x^{(i)} \in \mathbb{R}^n, \mu = \frac{1}{m}\sum_{i=1}^m x^{(i)}", {"x": X, "m": 5}, X.mean(axis=0),
     ["family-vector-sum", "family-rows"]),
    ("cs229-mean-bold", "the sample mean with bold examples and a plain Greek mean",
     r"\mu = \frac{1}{m}\sum_{i=1}^m \mathbf{x}^{(i)}", {r"\mathbf{x}": X, "m": 5}, X.mean(axis=0),
     ["family-vector-sum", "family-rows"]),
    ("set-mean-plain", "a minibatch mean over the set's vectors with a plain \\mu (was refused in s20/s21 tests)",
     r"\mu = \frac{1}{m} \sum_{\mathbf{x} \in \mathcal{B}} \mathbf{x}", {r"\mathcal{B}": X, "m": 5}, X.mean(axis=0),
     ["family-vector-sum", "sum-over-vectors", "family-rows"]),
    ("attention-softmax-weights", "dot-product attention's output, the weights a softmax's entries (d2l 11.3)",
     r"\mathbf{o} = \sum_{j} \mathrm{softmax}(\mathbf{s})_j \mathbf{v}_j", {r"\mathbf{s}": S6, r"\mathbf{v}": H},
     _softmax(S6) @ H, ["family-rows"]),
    ("gat-plain-coefficients", "Velickovic et al. 2018 (GAT) eq. 4 with the coefficients written a_{ij}",
     r"\mathbf{h}_i' = \sigma\left(\sum_{j} a_{ij} \mathbf{W}\mathbf{h}_j\right)",
     {"a": A66, r"\mathbf{W}": W34, r"\mathbf{h}": H}, _sigmoid(A66 @ (W34 @ H.T).T), ["family-rows"]),
    ("gat-no-activation", "GAT's aggregation before the nonlinearity, a matrix times each member",
     r"\mathbf{z}_i = \sum_j a_{ij}\mathbf{W}\mathbf{h}_j", {"a": A66, r"\mathbf{W}": W34, r"\mathbf{h}": H},
     A66 @ (W34 @ H.T).T, ["family-rows"]),
    ("context-after-matrix-plain", "a context vector of projected states, plain on the left",
     r"c = \sum_t \alpha_t \mathbf{W}\mathbf{h}_t", {r"\alpha": ALPHA, r"\mathbf{W}": W34, r"\mathbf{h}": H},
     W34 @ (ALPHA @ H), ["family-rows"]),
    ("minibatch-step-bold", "minibatch SGD, the mean of per-example gradients (d2l 12.5)",
     r"\mathbf{w} \leftarrow \mathbf{w} - \frac{\eta}{B}\sum_{i} \mathbf{g}_i",
     {r"\mathbf{w}": W4, r"\eta": 0.1, "B": 5, r"\mathbf{g}": G}, W4 - 0.1 * G.mean(axis=0), ["family-rows"]),
    ("minibatch-step-plain", "the same step on a plain parameter name",
     r"w \leftarrow w - \frac{\eta}{B}\sum_{i} \mathbf{g}_i",
     {"w": W4, r"\eta": 0.1, "B": 5, r"\mathbf{g}": G}, W4 - 0.1 * G.mean(axis=0), ["family-vector-sum", "family-rows"]),
    ("minibatch-step-theta", "the same step on \\theta, the batch's range written out",
     r"\theta \leftarrow \theta - \frac{\eta}{B}\sum_{i=1}^{B}\mathbf{g}_i",
     {r"\theta": W4, r"\eta": 0.1, "B": 5, r"\mathbf{g}": G}, W4 - 0.1 * G.mean(axis=0),
     ["family-vector-sum", "family-rows"]),
    # must not change: dot products, outer products, families of numbers
    ("keep-dot-sum", "a sum of dot products stays a number (cs229's w^T x^{(i)})",
     r"s = \sum_i \mathbf{w}^T\mathbf{x}_i", {r"\mathbf{w}": MU3, r"\mathbf{x}": X}, (X @ MU3).sum(), []),
    ("keep-squared-norms", "a sum of members' squared norms stays a number",
     r"c = \sum_t \mathbf{h}_t^T \mathbf{h}_t", {r"\mathbf{h}": H}, (H**2).sum(), []),
    ("keep-outer", "cs229's factor analysis / GDA covariance, an outer product per example (bind/outers.py)",
     r"\Sigma = \frac{1}{m}\sum_i (x^{(i)} - \mu)(x^{(i)} - \mu)^T", {"x": X, r"\mu": MU3, "m": 5},
     (X - MU3).T @ (X - MU3) / 5, ["outer-member", "family-outer"]),
    ("keep-number-family", "a weighted sum of a family of numbers stays a number",
     r"y = \sum_i a_i x_i", {"a": AS, "x": XS}, AS @ XS, []),
]


@pytest.mark.parametrize(("latex", "args", "expected", "rules"), [c[2:] for c in VALUES], ids=[c[0] for c in VALUES])
def test_value(latex: str, args: dict[str, Any], expected: Any, rules: list[str]) -> None:
    f = symdl.parse(latex)
    got = symdl.lambdify(f, functions={"sigma": _sigmoid})(**args)
    np.testing.assert_allclose(np.asarray(got, dtype=float), expected, rtol=1e-10, atol=1e-12)
    found = [n.rule for n in f.notes]
    for rule in rules:
        assert rule in found
    if "family-vector-sum" not in rules:
        assert "family-vector-sum" not in found
    if "family-bare-vector" not in rules:
        assert "family-bare-vector" not in found


NOTE_SPANS = [
    ("context-plain", r"c = \sum_t \alpha_t \mathbf{h}_t", "family-vector-sum", "c"),
    ("cs229-mean", r"x^{(i)} \in \mathbb{R}^n, \mu = \frac{1}{m}\sum_{i=1}^m x^{(i)}", "family-vector-sum", r"\mu"),
    ("bare-mean", r"\mathbf{h} = \frac{1}{T}\sum_{t=1}^{T}\mathbf{h}_t", "family-bare-vector", r"\mathbf{h}"),
]


@pytest.mark.parametrize(("latex", "rule", "text"), [c[1:] for c in NOTE_SPANS], ids=[c[0] for c in NOTE_SPANS])
def test_note_on_the_left_name(latex: str, rule: str, text: str) -> None:
    note = next(n for n in symdl.parse(latex).notes if n.rule == rule)
    assert latex[note.span.start : note.span.end] == text


def test_plain_name_is_a_column() -> None:
    """The plain name on the left is listed as a vector as long as the family's rows."""
    f = symdl.parse(r"c = \sum_t \alpha_t \mathbf{h}_t")
    c = f.symbols["c"]
    assert c.shape[1] == 1 and c.shape[0] == f.shapes["h"][1]


KEPT = [
    # (id, source, latex, what must hold)
    ("layers-not-a-family", "Nielsen / d2l: layer-subscripted separate vectors, k with an offset",
     r"\mathbf{h}_{k+1} = \sigma(\mathbf{W}_k \mathbf{h}_k + \mathbf{b}_k)"),
    ("one-member-no-sum", "a member times a number with no sum over its index: no vector for a plain c",
     r"c = \alpha_t \mathbf{h}_t"),
]


@pytest.mark.parametrize("latex", [c[2] for c in KEPT], ids=[c[0] for c in KEPT])
def test_kept_without_new_notes(latex: str) -> None:
    f = symdl.parse(latex)
    rules = [n.rule for n in f.notes]
    assert "family-vector-sum" not in rules and "family-bare-vector" not in rules and "family-rows" not in rules


REFUSED = [
    # (id, source, latex, words of the error, the span it points at)
    # Shaw et al.'s z_j = x_j W^V reads since session 39 (family-member-each, rows: tests/test_read_s43.py)
    ("no-left-side", "a weighted sum with a free index and no name on the left: a vector per i, unnamed",
     r"\sum_j \alpha_{ij} \mathbf{h}_j", "one vector of a family of vectors", r"\mathbf{h}_j"),
    ("plain-number-added", "a number added to the vector on the right of a plain name (left as before)",
     r"c = \sum_t \alpha_t \mathbf{h}_t + b", "one vector of a family of vectors", r"\mathbf{h}_t"),
    ("bare-name-used-later", "the bare pooled vector used by a later statement: the family's array would be read",
     r"\mathbf{h} = \frac{1}{T}\sum_{t=1}^{T}\mathbf{h}_t \\ \mathbf{y} = \mathbf{W}\mathbf{h}",
     "one vector of a family of vectors", r"\mathbf{h}_t"),
    ("same-family-both-sides", "GAT with the new features under the old name: h defined by itself",
     r"\mathbf{h}_i = \sum_{j \in \mathcal{N}(i)} \alpha_{ij} \mathbf{W} \mathbf{h}_j",
     "a matrix times one vector of a family of vectors", r"\mathbf{W} \mathbf{h}_j"),
]


@pytest.mark.parametrize(("latex", "words", "text"), [c[2:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_refused(latex: str, words: str, text: str) -> None:
    with pytest.raises(NotSupported) as err:
        symdl.parse(latex)
    assert words in str(err.value)
    assert err.value.span is not None and latex[err.value.span.start : err.value.span.end] == text
