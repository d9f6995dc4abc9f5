"""Held-out readings (session 13), third part: refusals of real formulas turned into readings, each a rule for a
class of notation.

- decorations and operators that were unknown commands: d2l's bidirectional states ``\\overrightarrow{\\mathbf{H}}_t``
  and ``\\overleftarrow{\\mathbf{H}}_t`` (two names, as ``\\hat`` and ``\\tilde`` make), the PyTorch docs' ``\\div``
  (division); ``\\iint`` and ``\\iiint`` are refused as ``\\int`` is (integrals are not read), not as unknown;
  ``\\otimes`` between two listed columns (RoPE) is element-wise (``otimes-elementwise``), a transposed tuple a column
  (``tuple-column``);
- series written with dots (``family-list``): a column or a list whose first and last entries are one pattern in an
  index, d2l's ``\\begin{bmatrix} \\mathbf{a}^\\top_{1} \\mathbf{x} \\\\ \\vdots \\\\ \\mathbf{a}^\\top_{m}\\mathbf{x}
  \\end{bmatrix}``, Bishop's ``(x_1, \\ldots, x_D)^\\mathrm{T}``; dots of no pattern are refused naming the dots;
- the Keras losses docs' ``mean(..., axis=-1)`` (``keyword-axis``): the reduction over the argument's entries; other
  keyword arguments are refused naming the keyword;
- Adafactor's ``1_n 1_m^T``, ``\\mathbf{1}_n``, ``\\mathbb{1}_n`` (``ones-vector``), Murphy's indicator
  ``\\mathbb{I}(y = c)``;
- cs229's optimal policy ``\\pi^*(s)`` (a starred function, not 3.14 times a product);
- Bishop's conditional entropy ``\\mathrm{H}[\\mathbf{y} | \\mathbf{x}]`` (``conditional-functional``), a function
  other than the joint ``\\mathrm{H}[\\mathbf{x}, \\mathbf{y}]``.

Values are checked against plain numpy; the reading notes are asserted by rule; refusals by class, span and message.
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_reads_as

RNG = np.random.default_rng(1303)
A43, X3, H3 = RNG.normal(size=(4, 3)), RNG.normal(size=3), RNG.normal(size=3)
B4, X4, TH2 = RNG.normal(size=4), RNG.normal(size=4), RNG.uniform(0.1, 1.0, size=2)
XT, HT, W33, WHH = RNG.normal(size=(2, 3)), RNG.normal(size=(2, 3)), RNG.normal(size=(3, 3)), RNG.normal(size=(3, 3))
BH = RNG.normal(size=3)
YT, YP = RNG.uniform(0.5, 2.0, size=5), RNG.uniform(0.5, 2.0, size=5)
LABELS, PREDS = np.array([1.0, 2.0, 2.0, 3.0]), np.array([1.0, 3.0, 2.0, 1.0])
R34, G34 = RNG.normal(size=(3, 4)), RNG.normal(size=(3, 4))
THETA = np.array([0.2, 0.5, 0.3])
M_ROPE = 3.0

READ = [
    # 1. decorations and operators
    ("d2l-birnn-forward-state",
     r"\overrightarrow{\mathbf{H}}_t = \tanh(\mathbf{X}_t \mathbf{W}_{xh}^{(f)} + \overrightarrow{\mathbf{H}}_{t-1} "
     r"\mathbf{W}_{hh}^{(f)} + \mathbf{b}_h^{(f)})",
     {r"\mathbf{X}_t": XT, r"\mathbf{W}_{xh}^{(f)}": W33, r"\overrightarrow{\mathbf{H}}_{t-1}": HT,
      r"\mathbf{W}_{hh}^{(f)}": WHH, r"\mathbf{b}_h^{(f)}": BH},
     np.tanh(XT @ W33 + HT @ WHH + BH), ["superscript-label", "superscript-label", "superscript-label", "bias-row"]),
    ("d2l-birnn-sum-of-directions", r"\mathbf{H}_t = \overrightarrow{\mathbf{H}}_t + \overleftarrow{\mathbf{H}}_t",
     {r"\overrightarrow{\mathbf{H}}_t": XT, r"\overleftarrow{\mathbf{H}}_t": HT}, XT + HT, []),
    ("pytorch-pixelshuffle-channels", r"C_{out} = C_{in} \div \text{upscale\_factor}^2",
     {"C_{in}": 36.0, r"\text{upscale\_factor}": 3.0}, 4.0, ["subscript-label"]),
    ("pytorch-pixelunshuffle-height", r"H_{out} = H_{in} \div \text{downscale\_factor}",
     {"H_{in}": 32.0, r"\text{downscale\_factor}": 4.0}, 8.0, ["subscript-label"]),
    ("pytorch-conv-output-size", r"W_{out} = (W_{in} - 1) \div s + 1", {"W_{in}": 33.0, "s": 2.0}, 17.0,
     ["subscript-label"]),
    # 2. series written with dots
    ("d2l-matrix-vector-column",
     r"\mathbf{A}\mathbf{x} = \begin{bmatrix} \mathbf{a}^\top_{1} \mathbf{x} \\ \vdots \\ \mathbf{a}^\top_{m}\mathbf{x}"
     r" \end{bmatrix}", {r"\mathbf{a}": A43, r"\mathbf{x}": X3}, A43 @ X3, ["family-list"]),
    ("d2l-output-layer-column",
     r"\mathbf{o} = \begin{bmatrix} \mathbf{w}_1^\top \mathbf{h} + b_1 \\ \vdots \\ \mathbf{w}_q^\top \mathbf{h} + b_q"
     r" \end{bmatrix}", {r"\mathbf{w}": A43, r"\mathbf{h}": H3, "b": B4}, A43 @ H3 + B4,
     ["family-list", "scalar-beside-bold"]),
    ("bishop-vector-as-tuple", r"\mathbf{x} = (x_1, \ldots, x_D)^\mathrm{T}", {"x": X4}, X4, ["family-list"]),
    ("d2l-vector-with-second-entry", r"\mathbf{w} = [w_1, w_2, \ldots, w_d]^\top", {"w": X4}, X4, ["family-list"]),
    ("sum-with-cdots", r"s = x_1 + x_2 + \cdots + x_n", {"x": X4}, X4.sum(), []),
    ("rope-two-dimensional-blocks",
     r"\mathbf{z} = (x_1, x_2, x_3, x_4)^T \otimes (\cos m\theta_1, \cos m\theta_1, \cos m\theta_2, \cos m\theta_2)^T"
     r" + (-x_2, x_1, -x_4, x_3)^T \otimes (\sin m\theta_1, \sin m\theta_1, \sin m\theta_2, \sin m\theta_2)^T",
     {"x_1": X4[0], "x_2": X4[1], "x_3": X4[2], "x_4": X4[3], "m": M_ROPE, r"\theta_1": TH2[0],
      r"\theta_2": TH2[1]},
     X4 * np.cos(M_ROPE * np.repeat(TH2, 2)) + np.array([-X4[1], X4[0], -X4[3], X4[2]])
     * np.sin(M_ROPE * np.repeat(TH2, 2)),
     ["tuple-column", "otimes-elementwise", "tuple-column", "function-reach", "function-reach", "tuple-column",
      "otimes-elementwise", "tuple-column", "function-reach", "function-reach"]),
    # 3. keyword arguments of the Keras losses docs
    ("keras-mean-absolute-percentage-error", r"loss = 100 * mean(abs((y_true - y_pred) / y_true), axis=-1)",
     {"y_true": YT, "y_pred": YP}, 100 * np.mean(np.abs((YT - YP) / YT)),
     ["word-name", "keyword-axis", "word-subscript"]),
    ("keras-log-cosh", r"loss = mean(log(cosh(y_pred - y_true)), axis=-1)", {"y_true": YT, "y_pred": YP},
     np.mean(np.log(np.cosh(YP - YT))), ["word-name", "keyword-axis", "word-subscript"]),
    ("keras-mean-squared-error", r"loss = mean(square(y_true - y_pred), axis=-1)", {"y_true": YT, "y_pred": YP},
     np.mean((YT - YP) ** 2), ["word-name", "keyword-axis", "word-subscript"]),
    ("keras-msle", r"loss = mean(square(log(y_true + 1.) - log(y_pred + 1.)), axis=-1)",
     {"y_true": YT, "y_pred": YP}, np.mean((np.log(YT + 1) - np.log(YP + 1)) ** 2),
     ["word-name", "keyword-axis", "word-subscript"]),
    ("keras-kl-divergence", r"loss = sum(y_true * log(y_true / y_pred), axis=-1)", {"y_true": YT, "y_pred": YP},
     np.sum(YT * np.log(YT / YP)), ["word-name", "keyword-axis", "word-subscript", "star-elementwise"]),
    ("keras-hinge", r"loss = mean(maximum(1 - y_true * y_pred, 0), axis=-1)", {"y_true": YT - 1.2, "y_pred": YP},
     np.mean(np.maximum(1 - (YT - 1.2) * YP, 0)),
     ["word-name", "keyword-axis", "max-elementwise", "word-subscript", "star-elementwise"]),
    # 4. ones vectors and the indicator
    ("centering-by-ones", r"\mathbf{z} = \mathbf{x} - \frac{1}{n}\mathbf{1}_n \mathbf{1}_n^\top \mathbf{x}",
     {r"\mathbf{x}": X4, "n": 4}, X4 - X4.mean(), []),
    ("mean-by-ones-row", r"s = \mathbf{1}_n^\top \mathbf{x}", {r"\mathbf{x}": X4}, X4.sum(), []),
    ("murphy-categorical", r"\mathrm{Cat}(y|\boldsymbol{\theta}) = \prod_{c=1}^{C} \theta_c^{\mathbb{I}(y = c)}",
     {"y": 2, r"\boldsymbol{\theta}": THETA, "C": 3}, THETA[1], []),
    ("murphy-bernoulli", r"\mathrm{Ber}(y|\theta) = \theta^{\mathbb{I}(y=1)} (1-\theta)^{\mathbb{I}(y=0)}",
     {"y": 0, r"\theta": 0.3}, 0.7, []),
    ("error-count-indicator", r"\ell = \sum_i \mathbb{I}(y_i \ne \hat{y}_i)", {"y": LABELS, r"\hat{y}": PREDS},
     np.sum(LABELS != PREDS), []),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [c[1:] for c in READ], ids=[c[0] for c in READ])
def test_refusals_read_right(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


def test_adafactor_second_moment_with_ones() -> None:
    """Adafactor's R_t: 1_n 1_m^T is the n × m matrix of ones (ε₁ added to every entry of G_t²); G_t's shape is
    declared (nothing in the formula makes a plain capital a matrix)."""
    latex = r"R_t = \hat\beta_{2t} R_{t-1} + (1-\hat\beta_{2t})(G_t^2 + \epsilon_1 1_n 1_m^T)"
    formula = symdl.parse(latex, shapes={"G_t": (3, 4)})
    assert [n.rule for n in formula.notes] == ["elementwise-power", "ones-vector", "ones-vector"]
    got = symdl.lambdify(formula)(**{r"\hat\beta_{2t}": 0.9, "R_{t-1}": R34, "G_t": G34, r"\epsilon_1": 1e-3})
    np.testing.assert_allclose(got, 0.9 * R34 + 0.1 * (G34**2 + 1e-3), rtol=1e-12)


def test_blackboard_ones_with_a_length() -> None:
    formula = symdl.parse(r"\mathbf{y} = \mathbb{1}_n")
    assert [n.rule for n in formula.notes] == ["ones-vector"]
    assert str(formula.shapes[next(iter(formula.shapes))]) == "(n, 1)"


def test_cs229_optimal_policy_is_a_function() -> None:
    """cs229's \\pi^*(s): failed with "unexpected '\\cdot'" (the star read as a product after the constant π)."""
    formula = symdl.parse(r"\pi^*(s) = \arg\max_{a \in A} \sum_{s' \in S} P_{sa}(s') V^*(s')")
    st = formula.statements[0]
    assert (str(st.lhs), st.kind) == ("pi^*(s)", "definition")
    assert str(symdl.parse(r"y = \pi^*(s) + 1").statements[0].rhs) == "pi^*(s) + 1"


def test_conditional_entropy_is_not_the_joint() -> None:
    """Bishop's (1.112) H[x, y] = H[y|x] + H[x]: the conditional was read as H(y, x), the joint's function."""
    formula = symdl.parse(r"\mathrm{H}[\mathbf{x}, \mathbf{y}] = \mathrm{H}[\mathbf{y}|\mathbf{x}] "
                          r"+ \mathrm{H}[\mathbf{x}]")
    st = formula.statements[0]
    assert str(st.lhs) == "H(x, y)"
    assert str(st.rhs) == "H(x) + H_{cond}(y, x)"
    assert [n.rule for n in formula.notes] == ["conditional-functional"]
    mutual = symdl.parse(r"I(X; Y) = H(X) - H(X \mid Y)")  # Cover & Thomas's mutual information
    assert str(mutual.statements[0].rhs) == "H(X) - H_{cond}(X, Y)"
    assert [n.rule for n in mutual.notes] == ["conditional-functional"]


REFUSED = [
    ("bishop-expected-loss-iint",
     r"\mathbb{E}[L] = \iint \{y(\mathbf{x}) - t\}^2 p(\mathbf{x}, t) \,\mathrm{d}\mathbf{x}\,\mathrm{d}t",
     r"\iint", "unknown or unsupported command \\iint", "integrals are not part"),
    ("bishop-conditional-entropy-iint",
     r"\mathrm{H}[\mathbf{y}|\mathbf{x}] = - \iint p(\mathbf{y},\mathbf{x}) \ln p(\mathbf{y}|\mathbf{x}) "
     r"\,\mathrm{d}\mathbf{y} \,\mathrm{d}\mathbf{x}", r"\iint", "unknown or unsupported command \\iint",
     "integrals are not part"),
    ("triple-integral", r"V = \iiint f(x,y,z) \,dx\,dy\,dz", r"\iiint", "unknown or unsupported command \\iiint",
     "integrals are not part"),
    ("rope-general-dimension",
     r"\boldsymbol{R}^d_{\Theta,m}\boldsymbol{x} = (x_1, x_2, x_3, x_4, \dots, x_{d-1}, x_d)^T \otimes "
     r"(\cos m\theta_1, \cos m\theta_1, \cos m\theta_2, \cos m\theta_2, \dots, \cos m\theta_{d/2}, "
     r"\cos m\theta_{d/2})^T", r"\dots", "the dots \\dots between entries that follow no one pattern",
     "first and last entries"),
    ("column-of-no-pattern", r"\mathbf{y} = \begin{bmatrix} a \\ \vdots \\ b \end{bmatrix}", r"\vdots",
     "the dots \\vdots between entries", "first and last entries"),
    ("keras-keepdims-alone", r"loss = mean(square(y_true - y_pred), keepdims=True)", "keepdims=True",
     "the keyword argument keepdims= in a call of mean", "axis=-1"),
    ("keras-first-axis", r"loss = mean(square(y_true - y_pred), axis=0)", "axis=0",
     "the keyword argument axis= in a call of mean", "axis=-1"),
    ("unknown-keyword", r"loss = sum(y, foo=1)", "foo=1", "the keyword argument foo= in a call of sum", "axis=-1"),
    ("starred-bracket", r"y = (a+b)^*", "*", "the superscript * on this part", "V^*(s)"),
]


@pytest.mark.parametrize(("latex", "at", "message", "hint"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_refused_by_name(latex: str, at: str, message: str, hint: str) -> None:
    with pytest.raises(symdl.NotSupported) as info:
        symdl.parse(latex)
    err = info.value
    assert message in str(err)
    assert hint in (err.hint or "")
    assert latex[err.span.start : err.span.end] == at
