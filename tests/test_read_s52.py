r"""Session 47, from held-out set 52: classes of notation, each a rule with its note, checked by value against plain
numpy where the formula has a value, and by its reading and note where it states a relation.

* Goldberg's ``g^{1}(\mathbf{x}\mathbf{W}^{1} + \mathbf{b}^{1})\mathbf{W}^{2} + \mathbf{b}^{2}``: every digit up on a
  letter also written with 1 up is a layer's label (``superscript-numbered``; before: W^2 an element-wise square);
* Goldberg's entries ``\hat{\mathbf{y}}_{[t]}`` beside ``\hat{\mathbf{y}}_{[k]}``: one family
  (``step-letter-entry``); ``\mathbf{W}_{[i,j]}`` is entry (i, j); the PyTorch docs' ``\text{kernel\_size}[d]``;
* a barred name beside the plain one is its mean, noted (``bar-mean``); σ(t) is a schedule (``sigma-schedule``);
* Goldberg's SGD ``\Theta \leftarrow \Theta - \eta_t \mathbf{g}``: Θ a vector (``capital-parameters``);
* Weidman's ``\frac{df}{du}(a)`` is the derivative at a (tests/test_read_s18_derivative_point.py);
* scipy's cases conditions ``x > 0, y > 0``; scikit-learn's indicator ``1(y_i = \hat{y}_i)`` and counts ``tp``,
  ``fn``; ``\underset{\theta}{\rm{argmax}}``; Pyro's ``\mathrm{KL}(q \lVert p)``; llm.c's ``1.0f`` and ``tanhf``
  (``c-float-literal``, ``c-float-function``); ``\stackrel{D}{=}`` (``equal-in-distribution``); a trailing
  ``\in (0, 1)`` (``range-assertion``); Goldberg's ``L_{\mathrm{hinge(binary)}}``; Song et al.'s SDEs, their
  differentials names of their own (``differential-name``) and ``g^2(t)`` beside ``g(t)`` the square of the value.
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from symdl.cli import main
from tests.real_sources import assert_shown_noted, assert_values_noted

RNG = np.random.default_rng(4752)
X4 = RNG.normal(size=4)
Y4 = RNG.random(size=4) + 0.5
P4 = RNG.random(size=4) + 0.1
W43, B3, W32, B2 = RNG.normal(size=(4, 3)), RNG.normal(size=3), RNG.normal(size=(3, 2)), RNG.normal(size=2)
M34 = RNG.normal(size=(3, 4))
W33, B3b = RNG.normal(size=(3, 3)), RNG.normal(size=3)
LABELS, PREDICTED = np.array([0.0, 1.0, 2.0, 1.0, 0.0]), np.array([0.0, 2.0, 2.0, 1.0, 1.0])


def _rel_entr(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    return np.where((x > 0) & (y > 0), x * np.log(np.where(x > 0, x, 1) / y), np.where((x == 0) & (y >= 0), 0, np.inf))


VALUES = [
    # Goldberg, Neural Network Methods in NLP: an MLP with one hidden layer, row vectors, layers numbered up
    ("goldberg-mlp1", r"\mathrm{NN}(\mathbf{x}) = \tanh(\mathbf{x}\mathbf{W}^{1} + \mathbf{b}^{1})\mathbf{W}^{2} + "
     r"\mathbf{b}^{2}", {r"\mathbf{x}": X4, r"\mathbf{W}^{1}": W43, r"\mathbf{b}^{1}": B3, r"\mathbf{W}^{2}": W32,
                        r"\mathbf{b}^{2}": B2},
     np.tanh(X4 @ W43 + B3) @ W32 + B2, ("superscript-numbered", "vector-row")),
    # Goldberg's simple RNN at position i: the state before and the input, rows times their weights
    ("goldberg-srnn-step", r"\mathbf{s}_i = \tanh(\mathbf{s}_{i-1}\mathbf{W}^{s} + \mathbf{x}_i\mathbf{W}^{x} + "
     r"\mathbf{b})", {r"\mathbf{s}_{i-1}": B3, r"\mathbf{x}_i": X4, r"\mathbf{W}^{s}": W33,
                      r"\mathbf{W}^{x}": W43, r"\mathbf{b}": B3b},
     np.tanh(B3 @ W33 + X4 @ W43 + B3b), ("superscript-vector-label", "vector-row")),
    # Goldberg: the squared Frobenius norm by entries in brackets
    ("bracket-entry-pair", r"R = \sum_{i,j} (\mathbf{W}_{[i,j]})^2", {"W": M34}, (M34**2).sum(), ()),
    # the PyTorch docs' Conv output size, per dimension d: an identifier's entry
    ("identifier-entry-by-letter", r"L = \prod_d (\text{kernel\_size}[d] + \text{padding}[d])",
     {r"\text{kernel\_size}": Y4, r"\text{padding}": P4}, np.prod(Y4 + P4), ()),
    # Grosse's CSC321 notes: a sum over the training set, named in italics
    ("sum-over-italic-set", r"E = \frac{1}{2}\sum_{n \in \mathit{train}} \left(t^{(n)} - y^{(n)}\right)^2",
     {"t": Y4, "y": P4}, 0.5 * ((Y4 - P4) ** 2).sum(), ("sum-over-set",)),
    # Goldberg's SGD on all the parameters at once
    ("capital-parameters", r"\Theta \leftarrow \Theta - \eta_t \mathbf{g}",
     {r"\Theta": X4, r"\eta_t": 0.1, r"\mathbf{g}": Y4}, X4 - 0.1 * Y4, ("capital-parameters",)),
    # scipy.special.rel_entr: a comma between two comparisons is "and"
    ("cases-comma-and", r"\mathrm{rel\_entr}(x, y) = \begin{cases} x \log(x / y) & x > 0, y > 0 \\ 0 & x = 0, "
     r"y \ge 0 \\ \infty & \text{otherwise} \end{cases}", {"x": Y4, "y": P4}, _rel_entr(Y4, P4), ()),
    # scikit-learn's accuracy_score: the indicator written 1(...)
    ("sklearn-indicator", r"\text{Accuracy} = \frac{1}{N}\sum_i^N 1(y_i = \hat{y}_i)",
     {"y": LABELS, r"\hat{y}": PREDICTED, "N": 5.0}, np.mean(LABELS == PREDICTED), ()),
    ("sklearn-zero-one", r"L_{0-1}(y, \hat{y}) = \frac{1}{n_\text{samples}} \sum_{i=0}^{n_\text{samples}-1} "
     r"1(\hat{y}_i \not= y_i)", {"y": LABELS, r"\hat{y}": PREDICTED, r"n_\text{samples}": 5.0},
     np.mean(LABELS != PREDICTED), ()),
    # scikit-learn's matthews_corrcoef: the counts are names
    ("sklearn-mcc", r"MCC = \frac{tp \times tn - fp \times fn}{\sqrt{(tp + fp)(tp + fn)(tn + fp)(tn + fn)}}",
     {"tp": 5.0, "tn": 7.0, "fp": 2.0, "fn": 1.0}, (35 - 2) / np.sqrt(7 * 6 * 9 * 8), ("field-word",)),
    # llm.c's gelu backward, C: float literals and tanhf
    # Goldberg's hinge loss: the label in the text box holds parentheses
    ("label-with-parentheses", r"L_{\mathrm{hinge(binary)}}(\tilde{y}, y) = \max(0, 1 - y \cdot \tilde{y})",
     {r"\tilde{y}": X4, "y": np.sign(Y4 - 1)}, np.maximum(0, 1 - np.sign(Y4 - 1) * X4), ()),
    # a sample's deviations from its mean, the mean given
    ("bar-mean", r"s = \|x - \bar{x}\|^2", {"x": X4, r"\bar{x}": X4.mean()}, ((X4 - X4.mean()) ** 2).sum(),
     ("bar-mean",)),
]


@pytest.mark.parametrize(("code", "args", "want", "rules"), [c[1:] for c in VALUES], ids=[c[0] for c in VALUES])
def test_values(code: str, args: dict, want: np.ndarray, rules: tuple[str, ...]) -> None:
    assert_values_noted(code, args, {"": want}, rules)


#: (id, latex, text of the reading shown by ``symdl parse``, a note it carries or '')
READINGS = [
    ("goldberg-layer-activations", r"\mathbf{h}^{1} = g^{1}(\mathbf{x}\mathbf{W}^{1} + \mathbf{b}^{1}) \\ "
     r"\mathbf{h}^{2} = g^{2}(\mathbf{h}^{1}\mathbf{W}^{2} + \mathbf{b}^{2})", "Lambda(_x, g^2(_x))",
     "superscript-numbered"),
    ("charniak-rho-layer", r"\mathbf{o} = \rho(\mathbf{x}\mathbf{U} + \mathbf{b}_u)", "Lambda(_x, rho(_x))",
     "call-activation"),
    ("goldberg-ranking-entries", r"L = \log\left(1 + \exp(-(\hat{\mathbf{y}}_{[t]} - \hat{\mathbf{y}}_{[k]}))\right)",
     "exp(yhat[k] - yhat[t])", "step-letter-entry"),
    ("diffusion-sigma-schedule", r"\lambda(t) = \log\frac{\alpha(t)^2}{\sigma(t)^2}", "sigma(t)**2",
     "sigma-schedule"),
    ("edm-probability-flow", r"\mathrm{d}\boldsymbol{x} = -\dot\sigma(t)\,\sigma(t)\,\nabla_{\!\boldsymbol{x}} "
     r"\log p\big(\boldsymbol{x}; \sigma(t)\big)\,\mathrm{d}t", "sigma(t)*sigmadot(t)", "sigma-schedule"),
    ("unrolled-momentum", r"\text{update} = \nabla_t + \mu \nabla_{t-1} + \mu^2 \nabla_{t-2}", "mu*nabla_{t-1}",
     "nabla-step-name"),
    ("jem-primed-entry", r"p = \frac{\exp(f_\theta(\mathbf{x})[y])}{\sum_{y'} \exp(f_\theta(\mathbf{x})[y'])}",
     "exp(f_{\\theta}(y', x))", "call-bracket-entry"),
    ("pyro-kl-lvert", r"D = \rm{KL}\left(q_{\phi}({\bf z}) \lVert p_{\theta}({\bf z} | {\bf x}) \right)",
     "KL(q_{\\phi}(z), p_{\\theta}(z, x))", ""),
    ("underset-rm-argmax", r"\theta_{\rm{max}} = \underset{\theta}{\rm{argmax}} \log p_\theta({\bf x})",
     "argmax_{theta}", ""),
    ("bellemare-in-distribution", r"Z(x, a) \stackrel{D}{=} R(x, a) + \gamma Z(X', A')", "Z(x, a)",
     "equal-in-distribution"),
    ("xpos-range", r"\zeta_i = \frac{i / (d/2) + \gamma}{1 + \gamma} \in (0, 1)", "Eq(zeta[i]", "range-assertion"),
    ("song-reverse-sde", r"\mathrm{d}\mathbf{x} = [\mathbf{f}(\mathbf{x}, t) - g^2(t)\nabla_\mathbf{x}\log "
     r"p_t(\mathbf{x})]\mathrm{d}t + g(t)\mathrm{d}\bar{\mathbf{w}}", "g(t)**2", "differential-name"),
    ("goldberg-dropout-rows", r"\mathbf{h}^{1} = g^{1}(\mathbf{x}\mathbf{W}^{1} + \mathbf{b}^{1}) \\ "
     r"\tilde{\mathbf{h}}^{1} = \mathbf{m}^{1} \odot \mathbf{h}^{1}", r"\mathbf{m}^{1}           MatrixSymbol (1, n_1)",
     "vector-row"),
    ("bottou-gradient-transposed", r"q = F(\mathbf{w}) + \nabla F(\mathbf{w})^T(\mathbf{v}-\mathbf{w})",
     "nabla F(w).T*(v - w)", "gradient-transpose"),
]


@pytest.mark.parametrize(("code", "shown", "rule"), [c[1:] for c in READINGS], ids=[c[0] for c in READINGS])
def test_readings(code: str, shown: str, rule: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert_shown_noted(code, shown, rule, capsys)


def test_a_square_of_a_function_applied_unsquared_too() -> None:
    # a score SDE's g^2(t) beside g(t): the square of the value, as TeX's \sin^2 x
    t = np.linspace(0.1, 1.0, 4)
    assert_values_noted(r"y = g^2(t) + g(t)", {"t": t}, {"": np.tanh(t) ** 2 + np.tanh(t)}, ("operator-power",),
                        functions={"g": np.tanh})


def test_c_float_literals_and_functions() -> None:
    # llm.c's gelu, C: the float literals and tanhf
    code = "float t = tanhf(x);\nfloat y = 0.5f * (1.0f + t) * x;"
    assert_values_noted(code, {"x": X4}, {"y": 0.5 * (1 + np.tanh(X4)) * X4}, ("c-float-literal", "c-float-function"))


def test_a_plain_letter_beside_bold_keys_shows_no_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", r"w = \frac{\mathbf{q}_i^T\mathbf{k}_j}{\sqrt{k}}", "--no-color"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.strip().startswith("k "))
    assert line.split() == ["k", "Symbol"]


def test_matern_kernel_explains(capsys: pytest.CaptureFixture[str]) -> None:
    # the GPyTorch docs' Matérn kernel: substituting d's definition into a product of matrices crashed (exit 4)
    code = (r"k(\mathbf{x_1}, \mathbf{x_2}) = \frac{2^{1 - \nu}}{\Gamma(\nu)} \left( \sqrt{2 \nu} d \right)^{\nu} "
            r"K_\nu \left( \sqrt{2 \nu} d \right)" "\n"
            r"d = (\mathbf{x_1} - \mathbf{x_2})^\top \Theta^{-2} (\mathbf{x_1} - \mathbf{x_2})")
    assert main(["explain", code, "--no-color"]) == 0
    out = capsys.readouterr().out  # d, a quadratic form in x_1 - x_2: no "bilinear form" (a false label, session 49)
    assert "statement 2" in out and "bilinear form" not in out


def test_two_indices_on_a_bracketed_vector_are_refused() -> None:
    # VICReg's covariance entries written (C)_{ij} with a plain C (a vector by default): before, the entry i·j
    with pytest.raises(symdl.NotSupported, match="two indices on a bracket that holds a vector") as err:
        symdl.parse(r"c = \frac{1}{d}\sum_{i} (C)_{ij}^2")
    assert err.value.span is not None


def test_c_code_error_shows_the_text_as_pasted() -> None:
    code = "const float id = d ? 1.0f/d : 0.0f;"
    with pytest.raises(symdl.NotSupported) as err:
        symdl.parse(code)
    assert err.value.source == code
