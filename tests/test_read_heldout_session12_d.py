"""Held-out readings (session 12), fourth part: silent misreadings of arrays and code-style names.

- d2l's tensors in sans-serif (``\\mathsf{X}``, ``[\\mathsf{W}]_{i,j,k,l}``) are arrays, never numbers;
- Greek capitals that name matrices before a lower-case name (factor analysis' ``\\Lambda z``, Bishop's ``\\Phi w``,
  ``\\Sigma^{-1}\\mu``) are matrices, noted ``capital-matrix`` as cs231n's ``W x`` is;
- formulas written as code (Keras/TensorFlow docs): snake_case names are one name, and short runs of lower-case
  letters (``lr``, ``neg``, ``pos``) are identifiers, noted ``code-name``;
- Adafactor's ``RMS(U_t)``: the root mean square of an array's entries, so ``U_t`` is the update matrix;
- cs229's plain ``x^{(i)}`` read as a number is noted ``sample-number``; declared a vector it is one.

Values are checked against plain numpy; the reading notes are asserted by rule.
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_reads_as

RNG = np.random.default_rng(1204)
W2345 = RNG.normal(size=(2, 3, 4, 5))
X45, X34, W43 = RNG.normal(size=(4, 5)), RNG.normal(size=(3, 4)), RNG.normal(size=(4, 3))
LAM32, Z2, MU3, EPS3 = RNG.normal(size=(3, 2)), RNG.normal(size=2), RNG.normal(size=3), RNG.normal(size=3)
SIG33 = RNG.normal(size=(3, 3)) + 3 * np.eye(3)
PHI53, W3, T5 = RNG.normal(size=(5, 3)), RNG.normal(size=3), RNG.normal(size=5)
U34 = RNG.normal(size=(3, 4)) * 5
V6 = RNG.normal(size=6)
LABELS = np.array([1.0, 0.0, 1.0, 1.0, 0.0])
X5, THETA3, XS53 = RNG.normal(size=5), RNG.normal(size=3), RNG.normal(size=(5, 3))


def _rms(a: np.ndarray) -> float:
    return float(np.sqrt(np.mean(np.square(a))))


# (id, source, latex, inputs, numpy's value, notes by rule)
CASES = [
    # 1. d2l's tensors in sans-serif: arrays, a capital a matrix, entries by as many indices as written
    ("d2l-mlp-on-images-4-axis-weight", "d2l 7.1.1, an MLP on images",
     r"[\mathbf{H}]_{i,j} = \sum_k\sum_l [\mathsf{W}]_{i,j,k,l}[\mathbf{X}]_{k,l}",
     {r"\mathsf{W}": W2345, r"\mathbf{X}": X45}, np.einsum("ijkl,kl->ij", W2345, X45), ["bracket-entry"] * 3),
    ("sans-serif-matrix-product", "d2l's tensors times a weight matrix", r"\mathsf{Y} = \mathsf{X} \mathbf{W}",
     {r"\mathsf{X}": X34, r"\mathbf{W}": W43}, X34 @ W43, []),
    ("sans-serif-frobenius", "the squared norm of a tensor in sans-serif", r"s = \|\mathsf{X}\|_F^2",
     {r"\mathsf{X}": X34}, np.sum(X34**2), []),
    # 2. Greek capitals that name matrices, before a lower-case name
    ("factor-analysis", "Bishop 12.2.4 / Murphy 12.1, factor analysis", r"x = \mu + \Lambda z + \epsilon",
     {r"\mu": MU3, r"\Lambda": LAM32, "z": Z2, r"\epsilon": EPS3}, MU3 + LAM32 @ Z2 + EPS3, ["capital-matrix"]),
    ("factor-analysis-bold-mean", "Bishop 12.2.4, factor analysis with a bold mean",
     r"\mathbf{x} = \boldsymbol{\mu} + \Lambda z", {r"\boldsymbol{\mu}": MU3, r"\Lambda": LAM32, "z": Z2},
     MU3 + LAM32 @ Z2, ["capital-matrix"]),
    ("precision-times-mean", "Bishop 2.3, a Gaussian's precision times its mean", r"y = \Sigma^{-1}\mu",
     {r"\Sigma": SIG33, r"\mu": MU3}, np.linalg.solve(SIG33, MU3), ["capital-matrix"]),
    ("design-matrix", "Bishop 3.1, the design matrix times the weights", r"y = \Phi w",
     {r"\Phi": PHI53, "w": W3}, PHI53 @ W3, ["capital-matrix"]),
    ("latin-inverse-times-vector", "a weight matrix's inverse times a vector", r"y = W^{-1} x",
     {"W": SIG33, "x": MU3}, np.linalg.solve(SIG33, MU3), ["capital-matrix"]),
    ("normal-equations", "Bishop (3.15), the least-squares weights", r"w_{ML} = (\Phi^T \Phi)^{-1} \Phi^T t",
     {r"\Phi": PHI53, "t": T5}, np.linalg.solve(PHI53.T @ PHI53, PHI53.T @ T5), []),
    # 3. formulas written as code: snake_case names, short identifiers
    ("keras-reduce-lr-on-plateau", "Keras docs, ReduceLROnPlateau", r"new_lr = lr * factor",
     {"lr": 0.01, "factor": 0.5}, 0.005, ["word-name", "code-name", "word-name"]),
    ("keras-inverse-time-decay", "Keras docs, InverseTimeDecay",
     r"decayed_learning_rate = initial_learning_rate / (1 + decay_rate * step / decay_step)",
     {"initial_learning_rate": 0.1, "decay_rate": 0.5, "step": 10.0, "decay_step": 4.0}, 0.1 / (1 + 0.5 * 10 / 4),
     ["word-name"] * 5),
    ("tf-adam-step-size", "TensorFlow docs, tf.keras.optimizers.Adam",
     r"lr_t = learning_rate * sqrt(1 - beta2^t) / (1 - beta1^t)",
     {"learning_rate": 0.001, "beta2": 0.999, "beta1": 0.9, "t": 3.0},
     0.001 * np.sqrt(1 - 0.999**3) / (1 - 0.9**3), ["code-name", "word-name", "greek-word", "name-digits"]),
    ("tf-adam-update", "TensorFlow docs, tf.keras.optimizers.Adam",
     r"variable = variable - lr_t * m_t / (sqrt(v_t) + epsilon)",
     {"variable": V6, "lr_t": 0.01, "m_t": V6 / 2, "v_t": V6**2, "epsilon": 1e-7},
     V6 - 0.01 * (V6 / 2) / (np.sqrt(V6**2) + 1e-7), ["word-name", "code-name", "greek-word"]),
    # 4. Adafactor's RMS: an array's statistic, its argument the update matrix
    ("adafactor-update-clipping", "Shazeer & Stern 2018, Adafactor (update clipping)",
     r"\hat{U}_t = U_t / \max(1, RMS(U_t)/d)", {"U_t": U34, "d": 1.0}, U34 / max(1.0, _rms(U34) / 1.0), []),
    ("adafactor-update-clipping-text", "Adafactor with the statistic's name in \\text",
     r"\hat{U}_t = U_t / \max(1, \text{RMS}(U_t)/d)", {"U_t": U34, "d": 2.0}, U34 / max(1.0, _rms(U34) / 2.0), []),
    ("rms-of-a-vector", "the root mean square of a vector's entries", r"y = \mathrm{RMS}(x)", {"x": V6}, _rms(V6), []),
    # 5. cs229's plain x^{(i)}: a number, noted; declared a vector, one vector per example
    ("cs229-class-mean-noted", "cs229 notes, GDA: the class mean read per number",
     r"\mu_0 = \frac{\sum_{i=1}^n 1\{y^{(i)} = 0\} x^{(i)}}{\sum_{i=1}^n 1\{y^{(i)} = 0\}}",
     {"y": LABELS, "x": X5, "n": 5}, X5[LABELS == 0].mean(), ["sample-number"]),
    ("cs229-declared-example-dot", "cs229 notes: x^{(i)} in R^n, the linear hypothesis",
     r"x^{(i)} \in \mathbb{R}^n, \; z^{(i)} = \theta^T x^{(i)}", {r"\theta": THETA3, "x": XS53}, XS53 @ THETA3, []),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [c[2:] for c in CASES], ids=[c[0] for c in CASES])
def test_reads_as_numpy(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


CODE_FUNCTIONS = [
    ("keras-triplet-style-hinge", "Keras docs, a hinge on two scores", r"loss = maximum(neg - pos + 1, 0)",
     {"neg": V6, "pos": V6[::-1]}, np.maximum(V6 - V6[::-1] + 1, 0), ["word-name", "code-name", "code-name"],
     {"maximum": np.maximum}),
    ("keras-mse", "Keras docs, MeanSquaredError", r"loss = mean(square(y_true - y_pred))",
     {"y_true": 1.5, "y_pred": 0.5}, 1.0, ["word-name", "word-subscript"],
     {"mean": lambda a: a, "square": np.square}),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules", "functions"), [c[2:] for c in CODE_FUNCTIONS],
                         ids=[c[0] for c in CODE_FUNCTIONS])
def test_code_calls_read_names(latex: str, inputs: dict, want: object, rules: list[str], functions: dict) -> None:
    """The code's functions are the caller's; the short names in their arguments are identifiers (noted)."""
    formula = symdl.parse(latex)
    assert [n.rule for n in formula.notes] == rules
    got = symdl.lambdify(formula, functions=functions)(**inputs)
    np.testing.assert_allclose(np.asarray(got, dtype=float), np.asarray(want, dtype=float), rtol=1e-12)


@pytest.mark.parametrize(("latex", "names"), [
    (r"new_lr = lr * factor", {"new_lr", "lr", "factor"}),
    (r"loss = maximum(neg - pos + 1, 0)", {"loss", "neg", "pos"}),
    (r"decayed_learning_rate = initial_learning_rate / (1 + decay_rate * step / decay_step)",
     {"decayed_learning_rate", "initial_learning_rate", "decay_rate", "step", "decay_step"}),
], ids=["lr", "neg-pos", "snake-case"])
def test_code_names_are_whole(latex: str, names: set[str]) -> None:
    """No letter of an identifier is read alone (new_lr was e·n·r·w_l, neg was n·e·g)."""
    calls = {"maximum": np.maximum}
    assert set(symdl.lambdify(symdl.parse(latex), functions=calls if "maximum" in latex else None).spellings) == names


@pytest.mark.parametrize(("latex", "rules"), [
    (r"\frac{mu}{2}", ["letters-product"]),  # TeX text: not code, the product noted
    (r"y = ab + 2xy", []),  # TeX's product of two letters
    (r"\sigma(\sum_iw_ix_i + b)", []),  # letters around subscripts are no snake_case name
    (r"x_ahead = x + mu * v", ["word-subscript", "greek-word"]),  # a one-letter name keeps its word label
], ids=["mu-in-tex", "two-letters", "subscripted-letters", "one-letter-name"])
def test_tex_runs_stay_tex(latex: str, rules: list[str]) -> None:
    assert [n.rule for n in symdl.parse(latex).notes] == rules


def test_note_message_names_the_product() -> None:
    note = next(n for n in symdl.parse(r"new_lr = lr * factor").notes if n.rule == "code-name")
    assert "lr" in note.message and "l·r" in note.message and "snake_case name new_lr" in note.message


def test_sans_serif_before_a_parenthesis_stays_a_function() -> None:
    st = symdl.parse(r"\mathsf{P}(A) = 1").statements[0]
    assert st.kind == "definition" and [str(p) for p in st.params] == ["A"]


def test_family_of_sans_serif_tensors_is_refused_by_name() -> None:
    """d2l's chain rule for tensors: Y_j ranges over the entries of a tensor of any number of axes."""
    latex = r"\nabla_{\mathsf{X}} z = \sum_j (\nabla_{\mathsf{X}} \mathsf{Y}_j) \frac{\partial z}{\partial \mathsf{Y}_j}"
    with pytest.raises(symdl.NotSupported) as info:
        symdl.parse(latex)
    assert latex[info.value.span.start : info.value.span.end].startswith(r"\mathsf{Y}_j")


def test_greek_capital_function_and_operators_are_not_matrices() -> None:
    """GELU's x\\Phi(x) stays the normal CDF; no capital-matrix note for a call."""
    f = symdl.parse(r"y = x \Phi(x)")
    assert "capital-matrix" not in [n.rule for n in f.notes] and "Phi" not in f.shapes


@pytest.mark.parametrize("latex", [
    r"x^{(i)} \in \mathbb{R}^n, \; \mu_0 = \frac{\sum_{i=1}^n 1\{y^{(i)} = 0\} x^{(i)}}{\sum_{i=1}^n 1\{y^{(i)} = 0\}}",
    r"\mu_0 = \frac{\sum_{i=1}^n 1\{y^{(i)} = 0\} \mathbf{x}^{(i)}}{\sum_{i=1}^n 1\{y^{(i)} = 0\}}",
], ids=["declared", "bold"])
def test_class_mean_of_example_vectors_is_refused_by_name(latex: str) -> None:
    """The class mean of vectors (a sum of one vector per example) is not read yet: refused at the example, never
    read as numbers once the examples are declared or bold."""
    with pytest.raises(symdl.NotSupported, match="one vector of a family of vectors") as info:
        symdl.parse(latex)
    assert "x}^{(i)}" in latex[info.value.span.start : info.value.span.end] or latex[
        info.value.span.start : info.value.span.end] == "x^{(i)}"


def test_sample_number_note_says_how_to_get_vectors() -> None:
    note = next(n for n in symdl.parse(r"y = \sum_i x^{(i)}").notes if n.rule == "sample-number")
    assert r"\mathbf{x}^{(i)}" in note.alternative and r"\mathbb{R}^n" in note.alternative
