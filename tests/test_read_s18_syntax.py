"""Readings of real notation that was refused or silently misread (session 18, task read-syntax).

Silent misreadings fixed: a word subscript beside a sample superscript was dropped (Ng's ``z^{(i)}_{\\text{norm}}``
read as ``z^{(i)}``, so the batch-norm step became an update of z and ``x^{(i)}_{\\text{train}} + x^{(i)}`` read
2x); Ng's moment ``v_{dW^{[l]}}`` was a column broadcast across the matrix W^{[l]}; ``\\max(x)`` of a plain name
was x itself (min-max scaling then divided by zero); ``y_n = x_n^2`` was one number while ``y_i = x_i^2`` is an
entry of a family.  Refusals given meaning: a ``cases`` brace around statements (a system), ``\\large{(}``,
``W^{[l]2}``, braces around an objective with absolute values inside, ``...`` for ``\\ldots``, hyphenated names in
``\\text{...}``; refusals made precise: several names updated at once, a set written with a condition.  Each row:
the formula as its source writes it, what it reads as (SymPy or numpy's value) and its reading notes, with spans.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy

import symdl
from tests.real_sources import assert_reads_as, assert_refused_at

RNG = np.random.default_rng(18)
X4, Y4 = RNG.normal(size=4), RNG.normal(size=4)
W23, V23, G23 = RNG.normal(size=(2, 3)), RNG.normal(size=(2, 3)), RNG.normal(size=(2, 3))


def _notes(formula: symdl.Formula) -> list[tuple[str, str]]:
    return [(n.rule, formula.source[n.span.start : n.span.end]) for n in formula.notes]


# -- a word subscript beside a sample superscript is part of the name ---------------------------------------------
def test_normalised_member_is_a_name_of_its_own() -> None:
    """Ng (Coursera DLS, batch norm): z^{(i)}_{\\text{norm}} = (z^{(i)} - \\mu)/\\sqrt{\\sigma^2 + \\epsilon} defines
    the family z_norm; it was read as z^{(i)} itself, so the statement was an update of z (silently)."""
    latex = r"z^{(i)}_{\text{norm}} = \frac{z^{(i)} - \mu}{\sqrt{\sigma^2 + \epsilon}}"
    formula = symdl.parse(latex)
    st = formula.statements[0]
    assert st.kind == "assignment"
    assert str(st.lhs) == "z_{norm}[i]"
    assert formula.latex(st.lhs) == "{z_{norm}}_{i}"
    assert_reads_as(formula, {"z": X4, r"\mu": 0.5, r"\sigma": 2.0, r"\epsilon": 0.0}, (X4 - 0.5) / 2.0, [])


# (id, source, latex, inputs, numpy's value, notes by rule)
LABELLED_MEMBERS = [
    (
        "train-beside-plain",
        "cs229-style sample superscripts with a split's label: x^{(i)}_{\\text{train}}",
        r"y = x^{(i)}_{\text{train}} + x^{(i)}",
        {r"x_{\text{train}}": X4, "x": Y4},
        X4 + Y4,
        ["sample-number", "sample-number"],
    ),
    (
        "numbered-members",
        "Ng's a_1^{(i)}, a_2^{(i)}: two features of example i, two names",
        r"y = a_1^{(i)} - a_2^{(i)}",
        {"a_1": X4, "a_2": Y4},
        X4 - Y4,
        [],
    ),
]


@pytest.mark.parametrize(
    ("latex", "inputs", "want", "rules"), [r[2:] for r in LABELLED_MEMBERS], ids=[r[0] for r in LABELLED_MEMBERS]
)
def test_labelled_members_are_not_merged(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


# -- Ng's momentum: a cases brace of statements, the moment shaped as the weights -----------------------------------
NG_MOMENTUM = (
    r"\begin{cases} v_{dW^{[l]}} = \beta v_{dW^{[l]}} + (1 - \beta) dW^{[l]} \\ "
    r"W^{[l]} = W^{[l]} - \alpha v_{dW^{[l]}} \end{cases}"
)


def test_momentum_cases_is_a_system_of_matrices() -> None:
    """deeplearning.ai Course 2 (optimization methods): read as two updates (noted cases-system); v_{dW^{[l]}} is a
    matrix shaped as W^{[l]} (it was a column broadcast across W, silently)."""
    formula = symdl.parse(NG_MOMENTUM)
    assert [s.kind for s in formula.statements] == ["update", "update"]
    assert formula.shapes["v_{dW^{[l]}}"] == formula.shapes["W^[l]"] == formula.shapes["dW^[l]"]
    inputs = {"v_{dW^{[l]}}": V23, "dW^{[l]}": G23, "W^{[l]}": W23, r"\beta": 0.9, r"\alpha": 0.1}
    assert_reads_as(formula, inputs, W23 - 0.1 * (0.9 * V23 + 0.1 * G23), ["cases-system"])


@pytest.mark.parametrize(
    ("latex", "inputs", "want"),
    [
        # Ng's step alone: the moment added to the weight matrix is a matrix too
        (
            r"W^{[l]} = W^{[l]} - \alpha v_{dW^{[l]}}",
            {"W^{[l]}": W23, r"\alpha": 0.1, "v_{dW^{[l]}}": V23},
            W23 - 0.1 * V23,
        ),
        # Ng's RMSprop: s_{dW} beside the square of dW^{[l]} (entry by entry)
        (
            r"s_{dW^{[l]}} = \beta_2 s_{dW^{[l]}} + (1-\beta_2) (dW^{[l]})^2",
            {"s_{dW^{[l]}}": V23, r"\beta_2": 0.99, "dW^{[l]}": G23},
            0.99 * V23 + 0.01 * G23**2,
        ),
        # must not change: Bishop's W^T x + b, b a vector beside a matrix times a vector
        (r"y = W^T x + b", {"W": W23, "x": X4[:2], "b": Y4[:3]}, W23.T @ X4[:2] + Y4[:3]),
    ],
)
def test_names_added_to_a_matrix(latex: str, inputs: dict, want: object) -> None:
    formula = symdl.parse(latex)
    got = symdl.lambdify(formula)(**inputs)
    np.testing.assert_allclose(np.asarray(got, dtype=float).ravel(), np.asarray(want).ravel(), rtol=1e-12)


# -- one letter picks the entry on both sides ---------------------------------------------------------------------
ENTRY_STATEMENTS = [
    (
        "bishop-square",
        "Bishop's per-example notation y_n = x_n^2, as y_i = x_i^2",
        r"y_n = x_n^2",
        {"x": X4},
        X4**2,
        ["entry-statement"],
    ),
    (
        "logistic-per-example",
        "Bishop eq. 4.87 written per example: y_n = \\sigma(w^T x_n + b)",
        r"y_n = \sigma(w^T x_n + b)",
        {"w": X4[:2], "x": np.stack([X4[:2], Y4[:2]]), "b": 0.3},
        1 / (1 + np.exp(-(np.stack([X4[:2], Y4[:2]]) @ X4[:2] + 0.3))),
        ["entry-statement", "sample-vector"],
    ),
]


@pytest.mark.parametrize(
    ("latex", "inputs", "want", "rules"), [r[2:] for r in ENTRY_STATEMENTS], ids=[r[0] for r in ENTRY_STATEMENTS]
)
def test_entry_statement(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


@pytest.mark.parametrize(
    "latex",
    [
        r"h_n = \tanh(W h_{n-1} + U x_n)",  # a recurrence over n: steps, left as names
        r"E_n = \frac{1}{2}(y_n - t_n)^2",  # a capital on the left: as E_i, a label (capital-labels)
    ],
)
def test_entry_statement_not_applied(latex: str) -> None:
    assert "entry-statement" not in [n.rule for n in symdl.parse(latex).notes]


def test_same_reading_for_n_and_i() -> None:
    """y_n = x_n^2 and y_i = x_i^2 read alike: an entry of a family, one free index."""
    by_n, by_i = symdl.parse(r"y_n = x_n^2"), symdl.parse(r"y_i = x_i^2")
    assert str(by_n.statements[0].rhs).replace("n", "i") == str(by_i.statements[0].rhs)
    assert [str(i) for i in by_n.free_indices] == ["n"]


# -- \max(x) of one plain name: its largest entry ------------------------------------------------------------------
def test_max_of_one_name_is_over_its_entries() -> None:
    """Min-max scaling (scikit-learn's MinMaxScaler docs): \\max(x) - \\min(x) is the range of x's entries; with x a
    number it was x - x = 0 and the statement was refused for dividing by zero."""
    assert_reads_as(symdl.parse(r"r = \max(x) - \min(x)"), {"x": X4}, X4.max() - X4.min(), [])
    formula = symdl.parse(r"x' = \frac{x - \min(x)}{\max(x) - \min(x)}")
    assert formula.shapes["x"] == formula.shapes["x'"]
    assert formula.statements[0].rhs.atoms(symdl.functions.MaxOver)


def test_max_of_several_stays_entrywise() -> None:
    formula = symdl.parse(r"y = \max(0, x)")
    assert formula.statements[0].rhs == sympy.Max(0, formula.symbols["x"])


# -- delimiters and spellings of real sources ---------------------------------------------------------------------
SPELLINGS = [
    (
        "large-parens",
        "Ng's regularized cost (Coursera DLS assignment): \\large{(} ... \\large{)} around the loss",
        r"y = \large{(} a + b \large{)} c",
        {"a": 1.0, "b": 2.0, "c": 3.0},
        9.0,
        [],
    ),
    (
        "layer-square",
        "Ng's L2 cost: \\sum_k \\sum_j W_{k,j}^{[l]2}, the square of entry (k, j) of W^{[l]}",
        r"J = \sum_k \sum_j W_{k,j}^{[l]2}",
        {"W^{[l]}": W23},
        (W23**2).sum(),
        ["superscript-power-member"],
    ),
    (
        "braces-around-abs",
        "Hastie et al. (ESL) lasso: \\left\\{ ... + \\lambda \\sum_j |\\beta_j| \\right\\}",
        r"y = \left\{ a + \lambda |b| \right\}",
        {"a": 1.0, r"\lambda": 2.0, "b": -3.0},
        7.0,
        [],
    ),
    (
        "three-periods",
        "Vaswani et al. write head_1, ..., head_h: three periods are \\ldots",
        r"y = x_1 + ... + x_n",
        {"x": X4, "n": 4},
        X4.sum(),
        [],
    ),
    (
        "blank-text-box",
        "Ng's gradient step (Coursera DLS assignment): W^{[l]} - \\alpha \\text{ } dW^{[l]}, a space in a text box",
        r"W^{[l]} = W^{[l]} - \alpha \text{ } dW^{[l]}",
        {"W^{[l]}": W23, r"\alpha": 0.1, "dW^{[l]}": G23},
        W23 - 0.1 * G23,
        [],
    ),
    (
        "hyphenated-name",
        "Howard et al. (MobileNetV3): \\text{h-sigmoid}(x), the hard sigmoid ReLU6(x + 3)/6",
        r"y = \text{h-sigmoid}(x)",
        {"x": X4 * 4},
        np.clip(X4 * 4 + 3, 0, 6) / 6,
        [],
    ),
    (
        "hyphenated-swish",
        "Howard et al. (MobileNetV3): \\text{h-swish}(x) = x ReLU6(x + 3)/6",
        r"y = \text{h-swish}(x)",
        {"x": X4 * 4},
        X4 * 4 * np.clip(X4 * 4 + 3, 0, 6) / 6,
        [],
    ),
]


@pytest.mark.parametrize(
    ("latex", "inputs", "want", "rules"), [r[2:] for r in SPELLINGS], ids=[r[0] for r in SPELLINGS]
)
def test_spellings(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


def test_hyphen_in_math_mode_is_no_name() -> None:
    """In \\mathrm{...} a '-' is a minus: not joined into a name."""
    with pytest.raises(symdl.NotSupported):
        symdl.parse(r"y = \mathrm{h-s}")


# -- refused precisely --------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("latex", "what", "text"),
    [
        # Wu & He (Group Norm), its code as math: statements after ';', one of them updating two names at once
        (
            r"x \leftarrow \mathrm{reshape}(x); \; \mu, \sigma^2 \leftarrow \mathrm{moments}(x); \; y = \gamma x",
            "several names on the left",
            r"\mu, \sigma^2",
        ),
        # a set by a condition (the PyTorch docs' MultiStepLR): no longer "unexpected ':'"
        (r"y = \{ |x| : x > 0 \}", "a set {...}", r"\{ |x| : x > 0 \}"),
        (r"y = \{ x | x > 0 \}", "a set {...}", r"\{ x | x > 0 \}"),
        # cs229's batch gradient descent in pseudo-code: a loop body in braces (was "unexpected ':'")
        (
            r"\text{repeat until convergence } \{ \; \theta_j := \theta_j - \alpha g_j \; \}",
            "a statement inside braces",
            r"\{ \; \theta_j := \theta_j - \alpha g_j \; \}",
        ),
        # the PyTorch docs' std written with code: x.\mathrm{mean}() (was "unexpected '.'")
        (r"s = \sqrt{\mathrm{mean}\left(\left|x - x.\mathrm{mean}()\right|^2\right)}", "code's attribute", "."),
        # EmbeddingBag's row of W as numpy writes it (was "unexpected ':'")
        (r"y = \frac{1}{|B|}\sum_{i \in B} \mathbf{W}[i,:]", "code's slice", ":"),
    ],
)
def test_refused_by_name(latex: str, what: str, text: str) -> None:
    assert_refused_at(latex, what, text)


# -- a kernel applied to a shifted argument -----------------------------------------------------------------------
def test_convolution_kernel_is_a_call() -> None:
    """Goodfellow et al. eq. 9.1-9.2, s(t) = \\int x(a) w(t - a) da and its sum: w(t - a) is the kernel at t - a
    (it was w times (t - a), silently)."""
    formula = symdl.parse(r"s(t) = \sum_{a=1}^{3} x(a) w(t - a)")
    assert _notes(formula) == [("call-shifted-argument", "w(t - a)")]
    fn = symdl.lambdify(formula, functions={"x": lambda a: a**2, "w": lambda u: np.exp(-u)})
    np.testing.assert_allclose(fn(t=2.0), sum(a**2 * np.exp(-(2 - a)) for a in range(1, 4)), rtol=1e-12)
    integral = symdl.parse(r"s(t) = \int x(a) w(t - a) da")
    assert _notes(integral) == [("call-shifted-argument", "w(t - a)")]


@pytest.mark.parametrize(
    "latex",
    [
        r"y = w(t - a) + w",  # w written alone too: a number
        r"y = p(x) q(x - y)",  # y is no argument of a function here
        r"z = y(1 - y)",  # the sigmoid's derivative
    ],
)
def test_shifted_argument_stays_a_product(latex: str) -> None:
    assert "call-shifted-argument" not in [n.rule for n in symdl.parse(latex).notes]
