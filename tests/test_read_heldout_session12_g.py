"""Held-out readings (session 12), seventh part: vectors of families of vectors beyond a dot product with one vector.

- a vector made of whole vectors of a family, each times numbers and summed (d2l's attention pooling and minibatch
  update, Bishop's PCA reconstruction, class mean and gradient of the sum-of-squares error, Luong's context vector),
  is read entry by entry at a new index (noted ``family-rows``): the family is one array with a member per row, as
  in its dot products, and the value is the vector over the new index; it was refused (samples) or read but refused
  when evaluated (summed families);
- a plain family every member of which is written transposed (GloVe's ``w_i^T \\tilde{w}_j``, cs231n's
  ``w_j^T x_i``, cs229's ``\\theta_j^T x``) is a family of vectors (noted ``family-transposed``), the plain family
  right after it a family of vectors too; it was refused;
- a bold member with a letter that no sum runs over, beside members a sum runs over (word2vec's
  ``\\mathbf{u}_o`` beside ``\\sum_i \\exp(\\mathbf{u}_i^\\top \\mathbf{v}_c)``, cs229's ``\\theta_k``), is
  member o of that family (``family-entry``), o an index of the formula; it was a vector of its own.

What stays out of reach is refused by name (the scatter matrix ``\\sum_n (\\mathbf{x}_n - \\bar{\\mathbf{x}})
(\\mathbf{x}_n - \\bar{\\mathbf{x}})^T`` is read since, noted ``family-outer``): a member beside a vector, one
vector per pair of free indices (mixup's ``\\lambda \\mathbf{x}_i + (1 - \\lambda)\\mathbf{x}_j``), a transposed
family also written untransposed.  Values are checked against plain numpy; the reading notes are asserted by rule.
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl

RNG = np.random.default_rng(1207)
ROWS53, ROWS63 = RNG.normal(size=(5, 3)), RNG.normal(size=(6, 3))
W3, Q5, Y5, T5 = RNG.normal(size=3), RNG.normal(size=5), RNG.normal(size=5), RNG.normal(size=5)
W43, X3 = RNG.normal(size=(4, 3)), RNG.normal(size=3)
V6 = 6
GLOVE_W, GLOVE_WT = RNG.normal(size=(V6, 3)), RNG.normal(size=(V6, 3))
GLOVE_B, GLOVE_BT = RNG.normal(size=V6), RNG.normal(size=V6)
GLOVE_X = RNG.uniform(1.0, 50.0, size=(V6, V6))


def glove_weight(x: np.ndarray) -> np.ndarray:
    """GloVe's weighting f(x) = min((x / x_max)^{3/4}, 1), x_max = 20 here."""
    return np.minimum((np.asarray(x) / 20.0) ** 0.75, 1.0)


def _softmax(z: np.ndarray) -> np.ndarray:
    return np.exp(z) / np.exp(z).sum()


READ = [
    ("luong-context-vector", r"\mathbf{c}_t= \sum_s{\alpha_{ts} \bar{\mathbf{h}_s}}",
     {r"\alpha_t": Q5, r"\bar{\mathbf{h}}": ROWS53}, Q5 @ ROWS53, ["family-rows"]),
    ("bishop-pca-reconstruction", r"\mathbf{x}_n = \sum_i z_{ni}\mathbf{u}_i",
     {"z_n": Q5, r"\mathbf{u}": ROWS53}, Q5 @ ROWS53, ["family-rows"]),
    ("bishop-class-mean", r"\boldsymbol{\mu}_k = \frac{1}{N_k}\sum_{n \in \mathcal{C}_k} \mathbf{x}_n",
     {"N_k": 5, r"\mathbf{x}": ROWS53}, ROWS53.mean(axis=0), ["sum-over-set", "family-rows"]),
    ("bishop-sum-of-squares-gradient", r"\nabla E(\mathbf{w}) = \sum_{n=1}^{N} (y_n - t_n) \boldsymbol{\phi}_n",
     {"y": Y5, "t": T5, r"\boldsymbol{\phi}": ROWS53}, ROWS53.T @ (Y5 - T5), ["family-rows"]),
    ("sample-weighted-sum", r"\mathbf{z} = \sum_i \mathbf{x}^{(i)} r_i",
     {"r": Q5, r"\mathbf{x}": ROWS53}, Q5 @ ROWS53, ["family-rows"]),
    ("d2l-minibatch-update",
     r"\mathbf{w} \leftarrow \mathbf{w} - \frac{\eta}{|\mathcal{B}|} \sum_{i \in \mathcal{B}} \mathbf{x}^{(i)} "
     r"(\mathbf{w}^\top \mathbf{x}^{(i)} + b - y^{(i)})",
     {r"\mathbf{w}": W3, r"\mathbf{x}": ROWS53, "y": Y5, "b": 0.3, r"\eta": 0.1},
     W3 - 0.1 / 5 * ROWS53.T @ (ROWS53 @ W3 + 0.3 - Y5), ["sum-over-set", "family-rows"]),
    ("d2l-weight-decay-update",
     r"\mathbf{w} \leftarrow (1- \eta\lambda) \mathbf{w} - \frac{\eta}{|\mathcal{B}|} \sum_{i \in \mathcal{B}} "
     r"\mathbf{x}^{(i)} \left(\mathbf{w}^\top \mathbf{x}^{(i)} + b - y^{(i)}\right)",
     {r"\mathbf{w}": W3, r"\mathbf{x}": ROWS53, "y": Y5, "b": 0.3, r"\eta": 0.1, r"\lambda": 0.5},
     (1 - 0.05) * W3 - 0.1 / 5 * ROWS53.T @ (ROWS53 @ W3 + 0.3 - Y5), ["sum-over-set", "family-rows"]),
    ("word2vec-skip-gram-softmax",
     r"P(w_o \mid w_c) = \frac{\exp(\mathbf{u}_o^\top \mathbf{v}_c)}{\sum_{i \in \mathcal{V}} "
     r"\exp(\mathbf{u}_i^\top \mathbf{v}_c)}",
     {r"\mathbf{u}": ROWS63, r"\mathbf{v}_c": X3}, _softmax(ROWS63 @ X3), ["family-entry", "sum-over-set"]),
    ("cs229-softmax-regression",
     r"p(y = k \mid x; \theta) = \frac{\exp(\theta_k^T x)}{\sum_{j=1}^K \exp(\theta_j^T x)}",
     {r"\theta": W43, "x": X3, "K": 4}, _softmax(W43 @ X3), ["event-name", "family-transposed"]),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [c[1:] for c in READ], ids=[c[0] for c in READ])
def test_vectors_of_a_family_read_right(latex: str, inputs: dict, want: np.ndarray, rules: list[str]) -> None:
    formula = symdl.parse(latex)
    assert [n.rule for n in formula.notes] == rules
    got = symdl.lambdify(formula)(**inputs)
    np.testing.assert_allclose(np.asarray(got, dtype=float).ravel(), np.ravel(want), rtol=1e-12)


def test_glove_cost() -> None:
    """GloVe's weighted least squares: w_i^T \\tilde{w}_j is the dot product of row i of W and row j of W̃."""
    latex = r"J = \sum_{i,j=1}^V f(X_{ij}) (w_i^T \tilde{w}_j + b_i + \tilde{b}_j - \log X_{ij})^2"
    formula = symdl.parse(latex)
    assert [n.rule for n in formula.notes] == ["family-transposed"]
    got = symdl.lambdify(formula, functions={"f": glove_weight})(
        w=GLOVE_W, b=GLOVE_B, X=GLOVE_X, V=V6, **{r"\tilde{w}": GLOVE_WT, r"\tilde{b}": GLOVE_BT})
    inner = GLOVE_W @ GLOVE_WT.T + GLOVE_B[:, None] + GLOVE_BT[None, :] - np.log(GLOVE_X)
    np.testing.assert_allclose(float(got), (glove_weight(GLOVE_X) * inner**2).sum(), rtol=1e-12)


def test_cs231n_multiclass_svm_loss() -> None:
    """cs231n's L_i: w_j^T x_i is row j of W times the example x_i; w_{y_i} the correct class's row (a label)."""
    latex = r"L_i = \sum_{j\neq y_i} \left[ \max(0, w_j^Tx_i - w_{y_i}^Tx_i + \Delta) \right]"
    formula = symdl.parse(latex)
    assert [n.rule for n in formula.notes] == ["family-transposed", "label-entry"]
    got = symdl.lambdify(formula)(w=W43, x_i=X3, y_i=2, **{r"\Delta": 1.0})
    s = W43 @ X3
    np.testing.assert_allclose(float(got), sum(max(0.0, s[j] - s[1] + 1.0) for j in range(4) if j != 1),
                               rtol=1e-12)


def test_attention_pooling_is_read_by_entries() -> None:
    """d2l's attention pooling: the value vectors weighted by α(q, k_i); α of vectors is an unknown function, so
    the reading is checked, not evaluated."""
    formula = symdl.parse(r"\mathbf{c} = \sum_{i=1}^m \alpha(\mathbf{q}, \mathbf{k}_i) \mathbf{v}_i")
    assert [n.rule for n in formula.notes] == ["family-rows"]
    assert str(formula.statements[0].rhs) == "Sum(v[i, j]*alpha(q, k[i]), (i, 1, m))"
    assert formula.free_indices == (sympy_symbol("j"),)


def sympy_symbol(name: str) -> object:
    import sympy

    return sympy.Symbol(name, integer=True)


REFUSED = [
    ("mixup-pair", r"\tilde{\mathbf{x}} = \lambda \mathbf{x}_i + (1 - \lambda)\mathbf{x}_j",
     "one vector of a family of vectors in a product", "matrix"),
    ("plain-member-beside-its-dot", r"J = \sum_{i,j} (w_i^T \tilde{w}_j + \tilde{w}_j)^2",
     "one vector of a family of vectors in a product", "matrix"),
    ("transposed-and-plain-members", r"s = \sum_{i} w_i^T x_i + w_i", "the transpose of w_i\\^T", "matrix"),
]


@pytest.mark.parametrize(("latex", "words", "hint"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_out_of_reach_is_refused_by_name(latex: str, words: str, hint: str) -> None:
    with pytest.raises(symdl.NotSupported, match=words) as info:
        symdl.parse(latex)
    span = info.value.span
    assert span is not None and 0 <= span.start < span.end <= len(latex)
    assert hint in (info.value.hint or "")
