"""Families of vectors and labels inside subscripts (session 18, issue 12): real cases read with their meaning.

- an indexed name among index letters in a subscript (the PyTorch docs' NLLLoss / CrossEntropyLoss
  ``x_{n,y_n}``): the entry of the array x at sample n and at the label y_n, one axis each (``label-position``);
  the label varies with the sample (a family of integers, ``y[n]``);
- a bold function of one member of a family of vectors (Bishop's ``\\boldsymbol{\\phi}(\\mathbf{x}_n)``, Goodfellow's
  ``\\boldsymbol{f}(\\boldsymbol{x}^{(i)};\\boldsymbol{\\theta})``): member n of the family of its values, an array with
  a row per member (Bishop's design matrix), given by its spelling without the index (``function-of-member``);
- one name in braces before a transpose (word2vec's ``{v'_{w_O}}^\\top``, braced as TeX needs beside the prime) is
  that name transposed, as TeX sets it: one vector of the family v' dotted with another (no note of its own);
- a sum over a set whose index is a member (CPC's ``\\sum_{x_j \\in X}``) runs over j, x_j member j of X
  (``sum-over-members``);
- conditions stacked under a sum (``\\sum_{\\substack{-m \\le j \\le m \\\\ j \\ne 0}}``, the skip-gram objective) hold
  together, as a comma joins them;
- a bold member of a family of vectors written plain before a column vector (Srivastava et al.'s dropout
  ``\\mathbf{w}_i \\mathbf{y}``) is the row of weights of unit i: their dot product (``family-row-member``).
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_reads_as, assert_refused_at

RNG = np.random.default_rng(1812)
X43 = RNG.normal(size=(4, 3))
Y4 = np.array([1, 3, 2, 3])  # 1-based class labels, one per sample
W3 = RNG.normal(size=3)
ROWS = np.arange(4)

POSITIONS = [
    # PyTorch docs, torch.nn.NLLLoss: l_n = -w_{y_n} x_{n,y_n}
    (
        "pytorch-nllloss",
        r"l_n = - w_{y_n} x_{n,y_n}",
        {"x": X43, "y": Y4, "w": W3},
        -W3[Y4 - 1] * X43[ROWS, Y4 - 1],
        ["label-entry", "label-position"],
    ),
    # PyTorch docs, torch.nn.CrossEntropyLoss (class indices): l_n = -w_{y_n} log(exp(x_{n,y_n}) / sum_c exp(x_{n,c}))
    (
        "pytorch-crossentropyloss",
        r"l_n = - w_{y_n} \log \frac{\exp(x_{n,y_n})}{\sum_{c=1}^C \exp(x_{n,c})}",
        {"x": X43, "y": Y4, "w": W3, "C": 3},
        -W3[Y4 - 1] * np.log(np.exp(X43[ROWS, Y4 - 1]) / np.exp(X43).sum(axis=1)),
        ["label-entry", "label-position"],
    ),
    # PyTorch docs, NLLLoss with reduction='mean' and no weight, written as a mean over the batch
    (
        "pytorch-nll-mean",
        r"L = -\frac{1}{N}\sum_{n=1}^{N} x_{n,y_n}",
        {"x": X43, "y": Y4, "N": 4},
        -X43[ROWS, Y4 - 1].mean(),
        ["label-position"],
    ),
    # cs231n's softmax classifier written over a batch: L = (1/N) sum_i -log(e^{f_{i,y_i}} / sum_j e^{f_{i,j}})
    (
        "cs231n-batch-softmax",
        r"L = \frac{1}{N}\sum_{i=1}^{N} -\log\frac{e^{f_{i,y_i}}}{\sum_{j} e^{f_{i,j}}}",
        {"f": X43, "y": Y4, "N": 4},
        -np.log(np.exp(X43[ROWS, Y4 - 1]) / np.exp(X43).sum(axis=1)).mean(),
        ["label-position"],
    ),
]


@pytest.mark.parametrize(
    ("latex", "inputs", "want", "rules"), [c[1:] for c in POSITIONS], ids=[c[0] for c in POSITIONS]
)
def test_label_among_indices(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


def test_kronecker_delta_at_a_label() -> None:
    """Label smoothing per sample (Szegedy et al. 2016, q'(k) = (1-ε)δ_{k,y} + ε/K with y = y_n): δ_{k,y_n} is the
    Kronecker delta of k and sample n's label, never an array named δ; n and k stay indices (no label note)."""
    formula = symdl.parse(r"q_{n,k} = (1-\epsilon)\delta_{k,y_n} + \frac{\epsilon}{K}")
    assert "KroneckerDelta(k, y[n])" in str(formula.statements[0].rhs)
    assert str(formula.statements[0].lhs) == "q[n, k]"
    assert [n.rule for n in formula.notes] == []


def test_label_position_meaning() -> None:
    """x_{n,y_n} is x[n, y[n]]: the label is a family over the sample index, wherever it is written."""
    formula = symdl.parse(r"l_n = - w_{y_n} x_{n,y_n} \cdot 1\{y_n \ne c\}")
    rhs = str(formula.statements[0].rhs)
    assert "x[n, y[n]]" in rhs and "w[y[n]]" in rhs and "Ne(c, y[n])" in rhs
    note = next(n for n in formula.notes if n.rule == "label-position")
    assert formula.source[note.span.start : note.span.end] == "x_{n,y_n}"


PHI53 = RNG.normal(size=(5, 3))
T5 = RNG.normal(size=5)
T53 = RNG.normal(size=(5, 3))
W3B = RNG.normal(size=3)
W23 = RNG.normal(size=(2, 3))
PHI = r"\boldsymbol{\phi}(\mathbf{x})"

MEMBER_IMAGES = [
    # Bishop, PRML eq. 3.12: the sum-of-squares error with basis functions of each example
    (
        "bishop-3.12",
        r"E_D(\mathbf{w}) = \frac{1}{2}\sum_{n=1}^{N}\{t_n - \mathbf{w}^{T}\boldsymbol{\phi}(\mathbf{x}_n)\}^2",
        {PHI: PHI53, "t": T5, r"\mathbf{w}": W3B, "N": 5},
        0.5 * ((T5 - PHI53 @ W3B) ** 2).sum(),
        ["function-of-member"],
    ),
    # Bishop, PRML eq. 3.15 (the right side): the basis vectors weighted by the targets
    (
        "bishop-3.15-phi-t",
        r"\mathbf{s} = \sum_{n=1}^{N} t_n \boldsymbol{\phi}(\mathbf{x}_n)",
        {PHI: PHI53, "t": T5, "N": 5},
        T5 @ PHI53,
        ["family-rows", "function-of-member"],
    ),
    # a network's output per example in a squared error (Bishop eq. 5.11 with vector targets)
    (
        "bishop-5.11-vector",
        r"E = \frac{1}{2}\sum_{n=1}^{N} \|\mathbf{y}(\mathbf{x}_n) - \mathbf{t}_n\|^2",
        {r"\mathbf{y}(\mathbf{x})": PHI53, r"\mathbf{t}": T53, "N": 5},
        0.5 * ((PHI53 - T53) ** 2).sum(),
        ["function-of-member"],
    ),
    # cs231n's W x_i with a feature map of each example (Bishop's \mathbf{W}\boldsymbol{\phi}(\mathbf{x}_n))
    (
        "matrix-times-features",
        r"\mathbf{h}_i = \mathbf{W}\boldsymbol{\phi}(\mathbf{x}_i)",
        {PHI: PHI53, r"\mathbf{W}": W23},
        PHI53 @ W23.T,
        ["family-rows", "function-of-member"],
    ),
]


@pytest.mark.parametrize(
    ("latex", "inputs", "want", "rules"), [c[1:] for c in MEMBER_IMAGES], ids=[c[0] for c in MEMBER_IMAGES]
)
def test_function_of_a_member(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


def test_bishop_noise_precision_reads() -> None:
    """Bishop, PRML eq. 3.21 (was refused): 1/β is the mean squared residual of the basis-function model."""
    formula = symdl.parse(
        r"\frac{1}{\beta} = \frac{1}{N} \sum_{n=1}^{N} \{t_n - \mathbf{w}^{\mathrm{T}} \boldsymbol{\phi}(\mathbf{x}_n)\}^2"
    )
    assert [n.rule for n in formula.notes] == ["function-of-member"]
    assert "phi(x)[n, j]*w[j]" in str(formula.statements[0].rhs)


def test_function_of_a_member_keeps_its_parameters() -> None:
    """Goodfellow et al., Algorithm 8.2 (SGD with momentum): f(x^{(i)}; θ) is member i of the values of f at θ; the
    gradient by θ is kept unevaluated, never zero."""
    formula = symdl.parse(
        r"\boldsymbol{v} \leftarrow \alpha \boldsymbol{v} - \epsilon \nabla_{\boldsymbol{\theta}} \left( \frac{1}{m} "
        r"\sum_{i=1}^{m} L(\boldsymbol{f}(\boldsymbol{x}^{(i)};\boldsymbol{\theta}), \boldsymbol{y}^{(i)}) \right), \\ "
        r"\boldsymbol{\theta} \leftarrow \boldsymbol{\theta} + \boldsymbol{v}."
    )
    assert [n.rule for n in formula.notes] == ["function-of-member"]
    assert r"\boldsymbol{f}(\boldsymbol{x}, \boldsymbol{\theta})" in formula.symbols
    assert "f(x, theta)[i]" in str(formula.statements[0].rhs)


REFUSED = [
    # a number minus a vector: one vector of the family of values, loose, stays refused where it is written
    (
        "number-minus-member-image",
        r"E = \sum_{n=1}^N (t_n - \boldsymbol{\phi}(\mathbf{x}_n))^2",
        "one vector of a family of vectors in a product, sum or function is not read yet",
        r"\boldsymbol{\phi}(\mathbf{x}_n)",
    ),
    # Nielsen, ch. 1 eq. 6: y(x) beside the output a, which varies with x unwritten: a family would hold a fixed
    (
        "nielsen-quadratic-cost",
        r"C(w,b) \equiv \frac{1}{2n} \sum_x \| y(x) - a\|^2",
        "a vector-valued function of one vector of a family, or of a sum's index",
        "y(x)",
    ),
]


@pytest.mark.parametrize(("latex", "what", "text"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_still_refused(latex: str, what: str, text: str) -> None:
    assert_refused_at(latex, what, text)


V63 = RNG.normal(size=(6, 3))
U63 = RNG.normal(size=(6, 3))
SCORES = V63 @ U63[4]  # v'_w^T v_{w_I} for every w, with w_I = 5

BRACED = [
    # Mikolov et al. 2013 (word2vec), eq. 2: the softmax over output vectors v'_w of the input word's v_{w_I}
    (
        "word2vec-eq2",
        r"p(w_O|w_I) = \frac{\exp\left({v'_{w_O}}^\top v_{w_I}\right)}{\sum_{w=1}^{W} "
        r"\exp\left({v'_w}^\top v_{w_I}\right)}",
        {"v'": V63, "v": U63, "w_O": 2, "w_I": 5, "W": 6},
        np.exp(SCORES[1]) / np.exp(SCORES).sum(),
        ["label-entry", "family-transposed", "label-entry", "label-entry"],
    ),
    # Mikolov et al. 2013, eq. 4 without its expectation: the positive pair's log-sigmoid
    (
        "word2vec-eq4-positive",
        r"\ell = \log \sigma({v'_{w_O}}^\top v_{w_I})",
        {"v'": V63, "v": U63, "w_O": 2, "w_I": 5},
        -np.log1p(np.exp(-SCORES[1])),
        ["label-entry", "family-transposed", "label-entry"],
    ),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [c[1:] for c in BRACED], ids=[c[0] for c in BRACED])
def test_braced_name_transposed(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


def test_braced_name_is_quoted_whole() -> None:
    formula = symdl.parse(r"s = {v'_{w_O}}^\top v_{w_I}")
    spans = [formula.source[n.span.start : n.span.end] for n in formula.notes]
    assert spans[0] == r"{v'_{w_O}}^\top"
    assert "v'[w_O, j]*v[w_I, j]" in str(formula.statements[0].rhs)


X4 = np.array([0.3, -1.2, 2.0, 0.5])
P5 = np.array([0.1, 0.2, 0.3, 0.25, 0.15])

SUMS = [
    # van den Oord et al. 2018 (CPC), eq. 4 with f_k = exp of a score: the candidates x_j of the set X
    (
        "cpc-members",
        r"L = -\log \frac{\exp(x_{i})}{\sum_{x_j \in X} \exp(x_j)}",
        {"x": X4},
        -np.log(np.exp(X4) / np.exp(X4).sum()),
        ["sum-over-members", "sum-over-set"],
    ),
    # the mean over a set's members, |X| their number
    (
        "mean-over-members",
        r"m = \frac{1}{|X|}\sum_{x_j \in X} x_j",
        {"x": X4},
        X4.mean(),
        ["sum-over-members", "sum-over-set"],
    ),
    # d2l 15.1 / Mikolov et al. 2013: the skip-gram objective's window, its conditions stacked under the sum
    (
        "skipgram-substack",
        r"J = \sum_{t=m+1}^{T-m} \sum_{\substack{-m \le j \le m \\\\ j \ne 0}} \log p_{t+j}",
        {"p": P5, "T": 5, "m": 1},
        sum(np.log(P5[t - 2]) + np.log(P5[t]) for t in (2, 3, 4)),
        [],
    ),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [c[1:] for c in SUMS], ids=[c[0] for c in SUMS])
def test_sums_over_members_and_conditions(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


def test_stacked_start_and_skip() -> None:
    """ArcFace's other classes with the conditions stacked: the start and the skipped value (noted as written with a
    comma); rows of other conditions stay refused by name."""
    formula = symdl.parse(r"L = \sum_{\substack{j=1 \\ j \neq y_i}}^{n} x_j")
    assert "(1 - KroneckerDelta(j, y[i]))*x[j], (j, 1, n)" in str(formula.statements[0].rhs)
    assert [n.rule for n in formula.notes] == ["sum-skip-condition"]
    assert_refused_at(r"\sum_{\substack{i \in B \\ i \neq j}} x_i", "conditions under it", r"\sum")


def test_stacked_conditions_read_as_the_comma_form() -> None:
    stacked = symdl.parse(r"J = \sum_{t=1}^{T} \sum_{\substack{-m \le j \le m \\\\ j \ne 0}} \log p_{t+j}")
    comma = symdl.parse(r"J = \sum_{t=1}^{T} \sum_{-m \le j \le m, j \ne 0} \log p_{t+j}")
    assert stacked.statements[0].rhs == comma.statements[0].rhs
    assert "KroneckerDelta(0, j)" in str(stacked.statements[0].rhs)


W43 = RNG.normal(size=(4, 3))
Y3 = RNG.normal(size=3)
B4 = RNG.normal(size=4)

ROW_MEMBERS = [
    # Srivastava et al. 2014 (dropout), sec. 4: the unit's input from the thinned outputs of the layer below
    (
        "dropout-unit",
        r"z_i = \mathbf{w}_i \widetilde{\mathbf{y}} + b_i",
        {r"\mathbf{w}": W43, r"\widetilde{\mathbf{y}}": Y3, "b": B4},
        W43 @ Y3 + B4,
        ["family-row-member", "scalar-beside-bold"],
    ),
]


@pytest.mark.parametrize(
    ("latex", "inputs", "want", "rules"), [c[1:] for c in ROW_MEMBERS], ids=[c[0] for c in ROW_MEMBERS]
)
def test_row_member_times_vector(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


def test_row_member_reads_as_its_transpose() -> None:
    plain = symdl.parse(r"z_i = \mathbf{w}_i \mathbf{y} + b_i")
    turned = symdl.parse(r"z_i = \mathbf{w}_i^\top \mathbf{y} + b_i")
    assert plain.statements[0].rhs == turned.statements[0].rhs
