r"""Session 43, from the refusals and silent readings left in held-out set 47 (cs229's deep-learning notes, Haykin's
SOM and LMS chapters, the PyTorch docs' GRU, RealNVP, cs229's GDA): classes of notation, each a rule with its note.

* a top-level ``\begin{array}{ll}`` whose rows are statements aligned at their relation (``z_t &= ...``) is a system
  (before: refused at the ``=``);
* a row of dots alone between statements stands for rows left out: the written ones are read (``omitted-rows``;
  before: the whole formula refused);
* a bracketed layer label raised to the transpose, ``W^{[k+1]^\top}``, is that layer's matrix transposed (before:
  refused);
* ``\mathbb{I}_d`` with a size alone as its subscript is the identity matrix (``blackboard-identity``; before: an
  indicator, refused);
* a condition that is one event, ``p(x \mid y = 0)``, names the density (``given-event-name``; before: refused);
* Haykin's step values: ``\sigma(n)`` beside ``w(n+1)`` is the width at step n, not the sigmoid of n, and
  ``e_j^2(n)`` the square of the error at step n (before: sigmoid(n), silently; the square refused).
"""

from __future__ import annotations

import contextlib
import io

import numpy as np
import pytest
import sympy

import symdl
from tests.real_sources import assert_values_noted

RNG = np.random.default_rng(4843)
WIZ, WHZ, WIR, WHR = (RNG.normal(size=(2, 3)) if k % 2 == 0 else RNG.normal(size=(2, 2)) for k in range(4))
XT, HT, BZ, BR = RNG.normal(size=3), RNG.normal(size=2), RNG.normal(size=2), RNG.normal(size=2)
W1, W2 = RNG.normal(size=(3, 4)), RNG.normal(size=(2, 3))
X4, B1, B2 = RNG.normal(size=4), RNG.normal(size=3), RNG.normal(size=2)
WK, DK, ZK = RNG.normal(size=(3, 2)), RNG.normal(size=3), RNG.normal(size=2)
A3, X3 = RNG.normal(size=(3, 3)), RNG.normal(size=3)
M2 = RNG.normal(size=(2, 2))
SIG2 = M2 @ M2.T + 2 * np.eye(2)
XG, MU2 = RNG.normal(size=2), RNG.normal(size=2)
D5, Y5 = RNG.normal(size=5), RNG.normal(size=5)


def _sigmoid(v: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-v))


def _gauss(x: np.ndarray, mu: np.ndarray, cov: np.ndarray) -> float:
    r = x - mu
    return float(np.exp(-0.5 * r @ np.linalg.solve(cov, r)) / np.sqrt((2 * np.pi) ** len(x) * np.linalg.det(cov)))


def _relu(v: np.ndarray) -> np.ndarray:
    return np.maximum(v, 0.0)


# (id, source, formula, inputs, {statement: plain numpy's value}, notes it must carry)
READS = [
    ("pytorch-gru-array-aligned", "the PyTorch docs, torch.nn.GRU (\\begin{array}{ll} with &= in each row)",
     r"\begin{array}{ll} z_t &= \sigma(W_{iz} x_t + W_{hz} h_{t-1} + b_z) \\ "
     r"r_t &= \sigma(W_{ir} x_t + W_{hr} h_{t-1} + b_r) \end{array}",
     {"W_{iz}": WIZ, "W_{hz}": WHZ, "W_{ir}": WIR, "W_{hr}": WHR, "x_t": XT, "h_{t-1}": HT, "b_z": BZ, "b_r": BR},
     {"z_t": _sigmoid(WIZ @ XT + WHZ @ HT + BZ), "r_t": _sigmoid(WIR @ XT + WHR @ HT + BR)}, ("capital-matrix",)),
    ("cs229-omitted-layers", "cs229 lecture notes, deep learning: the r-layer network with its middle rows as dots",
     r"a^{[1]} = \mathrm{ReLU}(W^{[1]}x + b^{[1]}) \\ \cdots \\ a^{[r]} = \mathrm{ReLU}(W^{[r]}a^{[r-1]} + b^{[r]})",
     {"W^{[1]}": W1, "x": X4, "b^{[1]}": B1, "W^{[r]}": W2, "a^{[r-1]}": B1, "b^{[r]}": B2},
     {"a^{[1]}": _relu(W1 @ X4 + B1), "a^{[r]}": _relu(W2 @ B1 + B2)}, ("omitted-rows",)),
    ("cs229-bracket-layer-transposed", "cs229 lecture notes, backpropagation for an MLP: delta^{[k]}",
     r"\delta^{[k]} = \left(W^{[k+1]^\top}\delta^{[k+1]}\right) \odot z^{[k]}",
     {"W^{[k+1]}": WK, r"\delta^{[k+1]}": DK, "z^{[k]}": ZK}, {"": (WK.T @ DK) * ZK}, ()),
    ("blackboard-identity-sized", "ridge regression's (A + \\lambda \\mathbb{I}_n) x, as RealNVP writes its identity",
     r"\mathbf{y} = (\mathbf{A} + \lambda \mathbb{I}_n) \mathbf{x}",
     {r"\mathbf{A}": A3, r"\lambda": 0.7, r"\mathbf{x}": X3}, {"": (A3 + 0.7 * np.eye(3)) @ X3},
     ("blackboard-identity", "sized-identity")),
    ("cs229-gda-given-event", "cs229 lecture notes, Gaussian discriminant analysis: p(x | y = 0)",
     r"p(x \mid y = 0) = \frac{1}{(2\pi)^{d/2}|\Sigma|^{1/2}}\exp\left(-\frac{1}{2}(x - \mu_0)^T\Sigma^{-1}"
     r"(x - \mu_0)\right)",
     {"x": XG, r"\mu_0": MU2, r"\Sigma": SIG2, "d": 2}, {"": _gauss(XG, MU2, SIG2)}, ("given-event-name",)),
    ("haykin-som-width-at-step", "Haykin, Neural Networks and Learning Machines, ch. 9: the SOM's shrinking width",
     r"\sigma(n) = \sigma_0 \exp(-n/\tau_1) \\ h(n) = \exp\left(-\frac{d^2}{2\sigma^2(n)}\right) \\ "
     r"w(n+1) = w(n) + \eta h(n) (x - w(n))",
     {r"\sigma_0": 3.0, "n": 2.0, r"\tau_1": 4.0, "d": 1.5, r"\eta": 0.1, "w(n)": 0.2, "x": 1.0},
     {"w(n+1)": 0.2 + 0.1 * np.exp(-(1.5**2) / (2 * (3.0 * np.exp(-0.5)) ** 2)) * 0.8}, ("step-argument",)),
    ("haykin-squared-error-at-step", "Haykin, ch. 4: the instantaneous error energy E(n) = 1/2 sum_j e_j^2(n)",
     r"\mathcal{E}(n) = \frac{1}{2}\sum_{j=1}^{m} e_j^2(n) \\ e_j(n) = d_j(n) - y_j(n)",
     {"d": D5[None, :], "y": Y5[None, :], "m": 5},
     {r"\mathcal{E}(n)": 0.5 * np.sum((D5 - Y5) ** 2)}, ("step-argument",)),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [r[2:] for r in READS], ids=[r[0] for r in READS])
def test_a_class_of_notation_reads_with_its_note(latex: str, inputs: dict, want: dict, rules: tuple[str, ...]) -> None:
    assert_values_noted(latex, inputs, want, rules)


@pytest.mark.parametrize(("latex", "what", "spot"), [
    (r"p(x \mid y = 0) = f(x)", "given-event-name", r"p(x \mid y = 0)"),
    (r"\mathbf{y} = \mathbb{I}_d \mathbf{x}", "blackboard-identity", r"\mathbb{I}_d"),
    ("a = b + 1 \\\\ \\vdots \\\\ z = a^2", "omitted-rows", "\\vdots"),
], ids=["given-event", "blackboard-identity", "vdots-row"])
def test_the_note_points_at_what_it_read(latex: str, what: str, spot: str) -> None:
    note = next(n for n in symdl.parse(latex).notes if n.rule == what)
    assert latex[note.span.start : note.span.end] == spot


@pytest.mark.parametrize(("latex", "message"), [
    (r"y = \mathbb{I}_{y = k} + 1", "indicator"),
    (r"\cdots", "dots"),
    (r"\begin{array}{ll} a & x > 0 \\ b & x \le 0 \end{array}", ""),
], ids=["indicator-with-a-condition", "dots-alone", "array-with-a-second-column"])
def test_what_the_rules_leave_alone(latex: str, message: str) -> None:
    if message == "indicator":  # still the indicator: 1 where y = k
        f = symdl.parse(latex)
        assert "blackboard-identity" not in {n.rule for n in f.notes}
        return
    with pytest.raises(symdl.SymdlError) as err:
        symdl.parse(latex)
    assert message in str(err.value)


def test_sigmoid_of_t_without_step_values_stays_the_sigmoid() -> None:
    f = symdl.parse(r"\frac{d}{dt}\sigma(t) = \sigma(t)(1-\sigma(t))")
    assert "sigmoid" in str(f.statements[0].rhs)
    assert "step-argument" not in {n.rule for n in f.notes}


# Set 48's classes (unseen rows written from the oneDNN guide, Prince, Fleuret, Vaswani et al., Abu-Mostafa, the cuDNN
# and MXNet docs, the DL4J docs and Strang).
P3 = RNG.normal(size=(3, 3))
Q43, K43, V43 = RNG.normal(size=(4, 3)), RNG.normal(size=(4, 3)), RNG.normal(size=(4, 2))
WD3, XD3 = RNG.normal(size=(3, 2)), RNG.normal(size=3)
G5 = np.array([-3.0, -0.5, 0.2, 1.5, 4.0])


def _softmax_rows(s: np.ndarray) -> np.ndarray:
    e = np.exp(s - s.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


READS_48 = [
    ("onednn-macro-names", "the oneDNN developer guide, eltwise primitive: \\dst and \\src are the guide's macros",
     r"\dst(x) = \max(0, \src(x))", {"x": 1.5}, {"src": lambda v: v - 2.0}, {"": 0.0}, ("macro-name",)),
    ("mxnet-declared-operator", "the MXNet Gluon docs, SoftmaxCrossEntropyLoss: a declared operator, then its macro",
     "\\DeclareMathOperator{softmax}{softmax}\np = \\softmax(z)", {"z": XD3}, None,
     {"p": np.exp(XD3) / np.exp(XD3).sum()}, ("macro-declared", "macro-function")),
    ("gru-bigodot", "a GRU written with the large circled dot for the element-wise product",
     r"h = (1 - z) \bigodot a + z \bigodot b", {"z": XD3, "a": B1, "b": DK}, None,
     {"": (1 - XD3) * B1 + XD3 * DK}, ()),
    ("fleuret-gelu-other-variable", "Fleuret, The Little Book of Deep Learning, sec. 4.3: GELU with Z ~ N(0, 1)",
     r"\operatorname{gelu}(x) = x P(Z \leq x)", {"x": 0.7}, {"F_Z": lambda v: 0.25 * v}, {"": 0.7 * 0.25 * 0.7},
     ("event-probability",)),
    ("bold-keys-label-dk", "Lil'Log, Attention? Attention!: the scaled dot-product score of two positions",
     r"s_{ij} = \frac{\mathbf{q}_i \cdot \mathbf{k}_j}{\sqrt{d_k}}", {r"\mathbf{q}": Q43, r"\mathbf{k}": K43, "d_k": 3.0},
     None, {"": Q43 @ K43.T / np.sqrt(3.0)}, ()),
    ("vaswani-three-capitals-label-dk", "Vaswani et al. 2017, eq. 1 with a bracket transposed",
     r"A = \mathrm{softmax}\left(\frac{Q W^Q (K W^K)^T}{\sqrt{d_k}}\right) V",
     {"Q": Q43, "K": K43, "V": V43, "d_k": 3.0, "W^Q": P3, "W^K": P3.T}, None,
     {"": _softmax_rows(Q43 @ P3 @ (K43 @ P3.T).T / np.sqrt(3.0)) @ V43}, ("subscript-label",)),
    ("abu-mostafa-width-bound", "Abu-Mostafa et al., Learning from Data, e-ch. 7: a layer's width as a sum's bound",
     r"s_j = \sum_{i=1}^{d^{(\ell-1)}} w_{ij} x_i", {"w": WD3, "x": XD3, r"d^{(\ell-1)}": 3}, None,
     {"": XD3 @ WD3}, ()),
    ("cudnn-alpha-entry", "the cuDNN API reference: the scaling pointers alpha[0], beta[0]",
     r"dstValue = alpha[0]*result + beta[0]*priorDstValue", {"alpha[0]": 2.0, "result": 3.0, "beta[0]": 0.5,
                                                             "priorDstValue": 4.0}, None, {"": 8.0}, ()),
    ("strang-matrix-polynomial", "Strang, Linear Algebra and Learning from Data, IV.2: a polynomial in a shift P",
     r"C = c_0 I + c_1 P + c_2 P^2", {"c_0": 1.5, "c_1": -0.5, "c_2": 2.0, "P": P3, "I": np.eye(3)}, None,
     {"": 1.5 * np.eye(3) - 0.5 * P3 + 2.0 * P3 @ P3}, ("matrix-power",)),
    ("mxnet-clip-one-bound", "the MXNet optimizer docs, SGD: clip(grad, clip_gradient)",
     r"g = clip(grad, c)", {"grad": G5, "c": 1.0}, None, {"": np.clip(G5, -1.0, 1.0)}, ("clip-symmetric",)),
    ("dl4j-unused-parameter", "the DL4J docs, ExponentialSchedule: value(i) = initialValue * gamma^i",
     r"value(i) = initialValue * gamma^(iter)", {"initialValue": 2.0, "gamma": 0.5, "iter": 3.0, "i": 0.0},
     None, {"": 0.25}, ("unused-parameter",)),
]


@pytest.mark.parametrize(("latex", "inputs", "functions", "want", "rules"), [r[2:] for r in READS_48],
                         ids=[r[0] for r in READS_48])
def test_a_class_of_set_48_reads_with_its_note(latex: str, inputs: dict, functions: dict | None, want: dict,
                                               rules: tuple[str, ...]) -> None:
    assert_values_noted(latex, inputs, want, rules, functions=functions)


@pytest.mark.parametrize(("latex", "callee"), [
    (r"a[z] = \mathrm{ReLU}[z]", "a"),
    (r"\mathrm{sig}[z] = \frac{1}{1 + \exp[-z]}", "sig"),
    (r"\mathrm{Cov}_{X,Y}[x, y] := \mathbb{E}_{X,Y}[(x - \mathbb{E}_X[x])(y - \mathbb{E}_Y[y])]", "Cov_{X,Y}"),
], ids=["prince-activation", "prince-sigmoid", "mml-covariance"])
def test_square_brackets_are_a_call_where_the_source_writes_calls_so(latex: str, callee: str) -> None:
    f = symdl.parse(latex)
    lhs = f.statements[0].lhs
    assert f.statements[0].kind == "definition" and lhs.func.__name__ == callee
    assert "bracket-call-form" in {n.rule for n in f.notes}


def test_code_entries_stay_entries_without_bracket_calls() -> None:
    f = symdl.parse(r"y = x[i] + w[0]")
    assert "bracket-index" in {n.rule for n in f.notes}


@pytest.mark.parametrize(("latex", "message"), [
    (r"\lamda(x) = 1", r"did you mean \lambda?"),
    (r"\tahn(x)", r"did you mean \tanh?"),
    (r"\vx = 2", "unknown or unsupported command"),
    (r"y = \dst + 1", "unknown or unsupported command"),
], ids=["a-misspelt-command", "a-misspelt-function", "two-letter-macro", "macro-without-a-bracket"])
def test_macros_read_only_as_named_calls(latex: str, message: str) -> None:
    with pytest.raises(symdl.SymdlError) as err:
        symdl.parse(latex)
    assert message in str(err.value) + (err.value.hint or "")


def test_a_parameter_that_names_a_network_is_used() -> None:
    f = symdl.parse(r"J(\theta) = \frac{1}{2m}\sum_{i=1}^m (h_\theta(x^{(i)}) - y^{(i)})^2")
    assert "unused-parameter" not in {n.rule for n in f.notes}


def test_the_taylor_derivative_is_named_as_the_other_reading() -> None:
    f = symdl.parse(r"T_n(x) := \sum_{k=0}^{n}\frac{f^{(k)}(x_0)}{k!}(x - x_0)^k")
    note = next(n for n in f.notes if n.rule == "function-family")
    assert "derivative" in note.alternative


XHAT4, DY4, W4 = RNG.normal(size=4), RNG.normal(size=4), RNG.normal(size=4)
ZB = RNG.normal(size=(6, 3))

READS_48B = [
    ("cudnn-white-bullet", "the cuDNN developer guide, cudnnRNNMode_t: ◦ for the element-wise product",
     "c_t = f_t ◦ c_{t-1} + i_t ◦ g_t", {"f_t": XD3, "c_{t-1}": B1, "i_t": DK, "g_t": XD3}, None,
     {"": XD3 * B1 + DK * XD3}, ()),
    ("triton-nabla-names", "the Triton tutorials, 05 layer normalisation backward: ∇_w and ∇_b named",
     r"\nabla_{w} = \nabla_{y} \odot \hat{x} \quad \text{and} \quad \nabla_{b} = \nabla_{y}",
     {r"\nabla_{y}": DY4, r"\hat{x}": XHAT4}, None, {r"\nabla_{w}": DY4 * XHAT4, r"\nabla_{b}": DY4},
     ("nabla-name",)),
    ("vit-layer-range-and-class-token", "Dosovitskiy et al. 2021 (ViT), eq. 2-4: ℓ = 1…L, the class token z_L^0",
     r"\mathbf{z}_\ell = \mathbf{z}_{\ell-1} + \mathbf{b}, \quad \ell=1\ldots L \\ \mathbf{y} = 2\mathbf{z}_L^0",
     {r"\mathbf{z}_{\ell-1}": XD3, r"\mathbf{b}": B1, r"\mathbf{z}_L^0": DK}, None,
     {r"\mathbf{z}_\ell": XD3 + B1, r"\mathbf{y}": 2 * DK}, ("superscript-zero", "condition-clause")),
    ("bishop-variance-used-before-defined", "Bishop & Bishop, Deep Learning (2024), sec. 7.4.1: batch norm, "
     "the variance used a line before it is defined",
     r"\hat{\mathbf{z}}_n = \frac{\mathbf{z}_n - \boldsymbol{\mu}}{\sqrt{\boldsymbol{\sigma}^2 + \epsilon}} \\ "
     r"\boldsymbol{\sigma}^2 = \mathbf{v} + 1",
     {r"\mathbf{z}_n": XD3, r"\boldsymbol{\mu}": B1, r"\mathbf{v}": np.abs(DK), r"\epsilon": 0.0}, None,
     {r"\hat{\mathbf{z}}_n": (XD3 - B1) / np.sqrt(np.abs(DK) + 1)}, ("square-name",)),
    ("goodfellow-softplus-derivative", "Goodfellow et al., Deep Learning, sec. 3.10: ζ(x) written sp(x), then sp'(x)",
     r"sp(x) = \ln(1+e^{x}), \qquad g = sp'(x)", {"x": 0.3}, None, {"g": 1 / (1 + np.exp(-0.3))}, ()),
]


@pytest.mark.parametrize(("latex", "inputs", "functions", "want", "rules"), [r[2:] for r in READS_48B],
                         ids=[r[0] for r in READS_48B])
def test_more_set_48_classes_read_with_their_notes(latex: str, inputs: dict, functions: dict | None, want: dict,
                                                   rules: tuple[str, ...]) -> None:
    assert_values_noted(latex, inputs, want, rules, functions=functions)


def test_sigma_of_a_layer_weight_is_its_spectral_norm() -> None:
    """Miyato et al.'s Lipschitz bound (before: the sigmoid of each weight, silently)."""
    f = symdl.parse(r"L_f \leq \prod_{l=1}^{L+1} \sigma(W^l)")
    assert "spectral-norm" in {n.rule for n in f.notes} and "sigmoid" not in str(f.statements[0].rhs)


def test_the_partial_by_one_entry_is_noted() -> None:
    latex = r"\theta_j := \theta_j - \alpha\frac{\partial}{\partial\theta_j}J(\theta)"
    note = next(n for n in symdl.parse(latex).notes if n.rule == "partial-by-entry")
    assert latex[note.span.start : note.span.end] == r"\frac{\partial}{\partial\theta_j}J(\theta)"


X52, W32, B3R = RNG.normal(size=(5, 2)), RNG.normal(size=(3, 2)), RNG.normal(size=3)


def test_a_declared_row_bias_keeps_the_declared_rows() -> None:
    """Fleuret's linear layer Y = XW^T + b with X ∈ R^{N×D}, W ∈ R^{D'×D}, b ∈ R^{D'} (before: X became D'×D, so N was
    set to D' silently, and b was added down the columns)."""
    latex = (r"Y = XW^{\top} + b, \quad X \in \mathbb{R}^{N \times D},\ W \in \mathbb{R}^{D' \times D},\ "
             r"b \in \mathbb{R}^{D'}")
    f = symdl.parse(latex)
    got = symdl.lambdify(f)(X=X52, W=W32, b=B3R)
    np.testing.assert_allclose(np.asarray(got, dtype=float), X52 @ W32.T + B3R, rtol=1e-12)
    assert "declared-dims-equal" not in {n.rule for n in f.notes}


def test_two_declared_dimensions_made_one_are_noted() -> None:
    latex = r"y = W x, \quad W \in \mathbb{R}^{m \times n}, \quad x \in \mathbb{R}^{d}"
    note = next(n for n in symdl.parse(latex).notes if n.rule == "declared-dims-equal")
    assert "n" in note.message and "d" in note.message


def test_a_capital_superscript_beside_step_superscripts_is_the_last_member() -> None:
    f = symdl.parse(r"z_t^{n+1} = x_t^n z_t^n \\ y_t = z_t^{N+1}")
    assert "superscript-count-member" in {n.rule for n in f.notes}
    assert not f.statements[1].rhs.is_Pow
    assert symdl.parse(r"y = x^N + x^{N+1}").statements[0].rhs.atoms(sympy.Pow)


SRC = RNG.normal(size=(2, 3, 2, 2))  # oneDNN's src(n, c, h, w)
GAM3, BET3 = RNG.normal(size=3), RNG.normal(size=3)
DY5, W5, XH5 = RNG.normal(size=5), RNG.normal(size=5), RNG.normal(size=5)


def _src(n: object, c: object, h: object, w: object) -> object:
    return SRC[np.asarray(n, int) - 1, np.asarray(c, int) - 1, np.asarray(h, int) - 1, np.asarray(w, int) - 1]


def test_onednn_batch_norm_reads_per_channel() -> None:
    """The oneDNN guide's batch normalisation: macros, a sum over the letters nhw, and the variance σ²(c) defined as
    one function (before: refused at \\dst, then at \\sum_{nhw}, then as a function named with a power)."""
    latex = (r"\mu(c) = \frac{1}{NHW} \sum\limits_{nhw} \src(n,c,h,w) \\ "
             r"\sigma^2(c) = \frac{1}{NHW} \sum\limits_{nhw} (\src(n,c,h,w) - \mu(c))^2")
    f = symdl.parse(latex)
    rules = {n.rule for n in f.notes}
    assert {"macro-name", "sum-letters-as-indices", "square-name"} <= rules
    assert "sum-over-entries" not in rules  # w is a position here, not Nielsen's weights
    fn = symdl.lambdify(f, functions={"src": _src})
    got = fn(c=2, NHW=8, N_n=2, N_h=2, N_w=2)
    np.testing.assert_allclose(float(got["sigma^2"]), SRC[:, 1].var(), rtol=1e-12)  # the system's last value


def test_a_number_from_a_dot_product_scales_an_odot() -> None:
    """The Triton tutorials' layer-norm backward (before: c_1 ⊙ x̂ with c_1 a 1×1 matrix, a shape error on values)."""
    latex = (r"\nabla_{x} = \frac{1}{\sigma}\Big( \nabla_{y} \odot w - \underbrace{ \big( \frac{1}{N} \hat{x} \cdot "
             r"(\nabla_{y} \odot w) \big) }_{c_1} \odot \hat{x} - \underbrace{ \frac{1}{N} \nabla_{y} \cdot w }_{c_2} "
             r"\Big)")
    got = symdl.lambdify(symdl.parse(latex))(**{r"\nabla_{y}": DY5, "w": W5, r"\hat{x}": XH5, "N": 5, r"\sigma": 2.0})
    c1, c2 = XH5 @ (DY5 * W5) / 5, DY5 @ W5 / 5
    np.testing.assert_allclose(np.ravel(got), (DY5 * W5 - c1 * XH5 - c2) / 2, rtol=1e-12)


def test_prince_norm_is_the_normal_density_at_its_subscript() -> None:
    latex = r"q(z | x) = \mathrm{Norm}_{z}\left[a x, s\right]"
    f = symdl.parse(latex)
    assert "norm-density" in {n.rule for n in f.notes}
    assert [str(a) for a in f.statements[0].rhs.args] == ["z", "a*x", "s"]  # N(z; a x, s), the density at z
    assert symdl.parse(r"y = \mathcal{N}(z; a x, s)").statements[0].rhs == f.statements[0].rhs


def test_parse_shows_one_line_for_a_quantity_written_two_ways() -> None:
    from symdl.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        main(["parse", r"\mathrm{snake}(x) = \mathrm{x} + x", "--no-color"])
    assert "  x, \\mathrm{x} " in out.getvalue()


@pytest.mark.parametrize(("latex", "spot"), [
    (r"f: \mathbb{R}^D \to \mathbb{R}, \quad f(\mathbf{x}) = \mathbf{w}^T\mathbf{x}", r"f: \mathbb{R}^D \to \mathbb{R}"),
    ("f_\\theta: \\mathbb{R}^n \\to \\mathbb{R}^m \\\\ f_\\theta(\\mathbf{x}) = W\\mathbf{x}",
     r"f_\theta: \mathbb{R}^n \to \mathbb{R}^m"),
], ids=["deisenroth-declared-map", "prince-network-map"])
def test_a_map_declaration_is_set_aside(latex: str, spot: str) -> None:
    f = symdl.parse(latex)
    note = next(n for n in f.notes if n.rule == "map-declaration")
    assert latex[note.span.start : note.span.end] == spot
    assert f.statements[0].kind == "definition"


def test_a_map_declaration_alone_is_refused_by_name() -> None:
    with pytest.raises(symdl.NotSupported, match="map's declaration"):
        symdl.parse(r"f: \mathbb{R}^D \to \mathbb{R}")


def test_bold_stages_defined_with_digits_up_are_names() -> None:
    """Jurafsky & Martin's transformer block (before: element-wise powers of one vector t_i, silently)."""
    latex = (r"\mathbf{t}^3_i = \mathbf{t}^2_i + \mathbf{x}_i \\ \mathbf{t}^4_i = 2\mathbf{t}^3_i \\ "
             r"\mathbf{h}_i = \mathbf{t}^4_i + \mathbf{t}^3_i")
    f = symdl.parse(latex)
    assert "superscript-stage" in {n.rule for n in f.notes}
    got = symdl.lambdify(f)(**{r"\mathbf{t}^2_i": XD3, r"\mathbf{x}_i": B1})
    np.testing.assert_allclose(np.ravel(got[r"\mathbf{h}_i"]), 3 * (XD3 + B1), rtol=1e-12)
    assert "superscript-stage" not in {n.rule for n in symdl.parse(r"y = \mathbf{t}^3 + 1").notes}  # no stage


W32B, U32, H2A, H2B, BB3 = (RNG.normal(size=(3, 2)), RNG.normal(size=(3, 2)), RNG.normal(size=2), RNG.normal(size=2),
                            RNG.normal(size=3))


def test_a_capital_added_to_matrix_vector_products_is_the_bias() -> None:
    """The cuDNN docs' RNN cell (before: B a matrix, and each product copied across its columns, silently)."""
    f = symdl.parse(r"h_t = \tanh(W \cdot h_{t,l-1} + U \cdot h_{t-1, l} + B)")
    assert "capital-bias" in {n.rule for n in f.notes}
    got = symdl.lambdify(f)(W=W32B, U=U32, **{"h_{t,l-1}": H2A, "h_{t-1,l}": H2B, "B": BB3})
    np.testing.assert_allclose(np.ravel(got), np.tanh(W32B @ H2A + U32 @ H2B + BB3), rtol=1e-12)
    assert "capital-bias" not in {n.rule for n in symdl.parse(r"H = W X + B").notes}  # matrices stay matrices


def test_a_squared_greek_beside_a_greek_function_of_the_same_argument_is_the_variance() -> None:
    """The oneDNN guide's batch-norm backward uses σ²(c) beside μ(c) without defining it (before: refused)."""
    f = symdl.parse(r"y = \frac{x - \mu(c)}{\sqrt{\sigma^2(c) + \epsilon}}")
    assert "square-function" in {n.rule for n in f.notes}
    fns = {"mu": lambda c: 0.5 * c, "sigma^2": lambda c: c**2}
    got = symdl.lambdify(f, functions=fns)(x=3.0, c=2.0, **{r"\epsilon": 0.0})
    np.testing.assert_allclose(float(got), (3.0 - 1.0) / 2.0, rtol=1e-12)
    with pytest.raises(symdl.NotSupported, match="function named with a power"):
        symdl.parse(r"y = \sigma^2(x) + \sigma(x)")  # the sigmoid squared, or a variance: still refused


def test_a_letter_touching_a_bracketed_sum_is_a_noted_product() -> None:
    """Prince's 1-D convolution h_i = a[β + ω_1 x_{i-1} + ...] (before: the product a·(...), silently)."""
    latex = r"h = a\left[\beta + \omega_1 x\right]"
    note = next(n for n in symdl.parse(latex).notes if n.rule == "bracket-product")
    assert latex[note.span.start : note.span.end] == r"a\left[\beta + \omega_1 x\right]"
    assert "bracket-product" not in {n.rule for n in symdl.parse(r"y = c [x + z]").notes}  # a space: a product


def test_a_primed_capital_beside_its_bracketed_matrix_is_a_matrix() -> None:
    """See et al.'s pointer-generator (before: V' the derivative of a function V, silently)."""
    f = symdl.parse(r"P = V'(V[s, h] + b)")
    assert "prime-matrix" in {n.rule for n in f.notes}
    assert not f.statements[0].rhs.atoms(sympy.Derivative)
    assert symdl.parse(r"y = V'(x) + V(x)").statements[0].rhs.atoms(sympy.Derivative)  # a function's derivative
    vp, v, s2, h2, b3 = (RNG.normal(size=(2, 3)), RNG.normal(size=(3, 4)), RNG.normal(size=2), RNG.normal(size=2),
                         RNG.normal(size=3))
    got = symdl.lambdify(f)(**{"V'": vp, "V": v, "s": s2, "h": h2, "b": b3})
    np.testing.assert_allclose(np.ravel(got), vp @ (v @ np.concatenate([s2, h2]) + b3), rtol=1e-12)


def test_a_subscripted_acronym_among_acronyms_is_one_name() -> None:
    """The oneDNN guide's convolution output size (before: PH_L read as P·H_L, silently)."""
    f = symdl.parse(r"OH = \left\lfloor{\frac{IH - KH + PH_L + PH_R}{SH}}\right\rfloor + 1, \quad SH = 1 + SH_0")
    got = symdl.lambdify(f)(IH=10, KH=3, PH_L=1, PH_R=1, SH_0=1)
    assert float(got["OH"]) == np.floor((10 - 3 + 1 + 1) / 2) + 1


@pytest.mark.parametrize(("latex", "want", "avoid"), [
    (r"h_i \leftarrow \frac{h_i - m}{s + \epsilon} \\ h_i \leftarrow \gamma h_i + \delta", set(),
     {"momentum", "ema"}),
    (r"v \leftarrow \gamma v + \eta \nabla_\theta J \\ \theta \leftarrow \theta - v", {"momentum"}, set()),
], ids=["fleuret-batch-norm-scale-and-shift", "ruder-momentum"])
def test_a_second_update_of_one_value_is_no_velocity(latex: str, want: set[str], avoid: set[str]) -> None:
    """Fleuret's batch normalisation scales and shifts the value it just standardised (before: called momentum)."""
    from tests.concept_cases import assert_concepts

    assert_concepts(latex, want, avoid)


W42 = RNG.normal(size=(4, 2))


@pytest.mark.parametrize(("latex", "want"), [
    (r"\bar{W}_{\text{SN}}(W) := W / \sigma(W)", W42 / np.linalg.norm(W42, 2)),
    (r"L = \|W\|_2, \quad W \in \mathbb{R}^{4 \times 2}", np.linalg.norm(W42, 2)),
], ids=["miyato-spectral-normalisation", "two-norm-of-a-matrix"])
def test_the_spectral_norm_reads_and_evaluates(latex: str, want: np.ndarray) -> None:
    f = symdl.parse(latex)
    assert "spectral-norm" in {n.rule for n in f.notes}
    np.testing.assert_allclose(np.asarray(symdl.lambdify(f)(W=W42), dtype=float).ravel(), np.ravel(want), rtol=1e-12)


def test_the_spectral_norm_is_not_differentiated_yet() -> None:
    from symdl.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(["grad", r"L = \frac{\|W\|_2}{2}", "--wrt", "W", "--no-color"])
    assert code == 2 and "SpectralNorm" in err.getvalue() + out.getvalue()


def test_an_activation_named_by_a_word_acts_entry_by_entry() -> None:
    """The cuDNN docs' h_t = activation(W h + U h + B) (before: h_t a number, the activation's value of a vector)."""
    f = symdl.parse(r"h_t = \mathrm{activation}(W \cdot h_{t,l-1} + U \cdot h_{t-1, l} + B)")
    fn = symdl.lambdify(f, functions={"activation": np.tanh})
    got = fn(W=W32B, U=U32, **{"h_{t,l-1}": H2A, "h_{t-1,l}": H2B, "B": BB3})
    np.testing.assert_allclose(np.ravel(got), np.tanh(W32B @ H2A + U32 @ H2B + BB3), rtol=1e-12)


def test_a_norm_named_by_a_word_is_refused_by_name() -> None:
    """Miyato et al.'s ‖f‖_Lip (before: a p-norm of order Lip, silently)."""
    from tests.real_sources import assert_refused_at

    assert_refused_at(r"\|f\|_{\text{Lip}} \leq \prod_{l=1}^{L+1} \sigma(W^l)", "the norm named Lip",
                      r"\|f\|_{\text{Lip}}")


def test_an_undefined_gate_beside_a_call_is_a_gate() -> None:
    """The PyTorch docs' LSTM pasted without its o_t line (before: o_t a number scaling tanh(c_t), silently)."""
    latex = (r"i_t = \sigma(W_{ii} x_t + b_i) \\ c_t = f_t c_{t-1} + i_t g_t \\ h_t = o_t \tanh(c_t)")
    f = symdl.parse(latex)
    assert "gate-elementwise" in {n.rule for n in f.notes}
    o, c_prev, ff, g, x, bi = (RNG.normal(size=3) for _ in range(6))
    w = RNG.normal(size=(3, 3))
    got = symdl.lambdify(f)(**{"W_{ii}": w, "x_t": x, "b_i": bi, "f_t": ff, "c_{t-1}": c_prev, "g_t": g, "o_t": o})
    i = 1 / (1 + np.exp(-(w @ x + bi)))
    np.testing.assert_allclose(np.ravel(got["h_t"]), o * np.tanh(ff * c_prev + i * g), rtol=1e-12)


def test_rms_normalisation_by_a_norm_scales_and_shifts_per_feature() -> None:
    """The Equinox docs' RMSNorm (before: γ and β numbers, silently)."""
    latex = r"y = \frac{x}{\sqrt{\varepsilon + \frac{1}{n}\Vert x \Vert^2_2}} \gamma + \beta"
    f = symdl.parse(latex)
    assert "affine-per-feature" in {n.rule for n in f.notes}
    x, g, bt = RNG.normal(size=4), RNG.normal(size=4), RNG.normal(size=4)
    got = symdl.lambdify(f)(x=x, n=4, **{r"\varepsilon": 1e-6, r"\gamma": g, r"\beta": bt})
    np.testing.assert_allclose(np.ravel(got), x / np.sqrt(1e-6 + np.mean(x**2)) * g + bt, rtol=1e-12)


def test_a_starred_product_in_parentheses_keeps_its_grouping() -> None:
    """The oneDNN guide's GRU: U_o·(r_t * h_{t-1}) (before: (U_o·r_t) ⊙ h_{t-1}, silently)."""
    latex = r"o_t = \tanh(W_o \cdot \mathbf{h}_a + U_o \cdot (\mathbf{r} * \mathbf{h}_b) + \mathbf{b})"
    f = symdl.parse(latex)
    w, u = RNG.normal(size=(3, 2)), RNG.normal(size=(3, 3))
    ha, hb, r, bo = RNG.normal(size=2), RNG.normal(size=3), RNG.normal(size=3), RNG.normal(size=3)
    got = symdl.lambdify(f)(**{"W_o": w, "U_o": u, r"\mathbf{h}_a": ha, r"\mathbf{h}_b": hb, r"\mathbf{r}": r,
                               r"\mathbf{b}": bo})
    np.testing.assert_allclose(np.ravel(got), np.tanh(w @ ha + u @ (r * hb) + bo), rtol=1e-12)


def test_a_capital_entry_at_a_computed_position() -> None:
    """Adafactor-style block averages D[ib + k] under \\sum_k (before: D times (ib + k), silently)."""
    f = symdl.parse(r"y_i = \frac{1}{b}\sum_{k=1}^{b} D[ib + k]")
    assert "D[b*i + k]" in str(f.statements[0].rhs)


def test_a_norm_named_global_is_the_two_norm() -> None:
    """Gradient clipping by the global norm (before: a p-norm of order 'global', silently)."""
    f = symdl.parse(r"n = \lVert \mathbf{g} \rVert_{\text{global}}")
    assert "norm-word" in {n.rule for n in f.notes}
    g = RNG.normal(size=5)
    np.testing.assert_allclose(float(np.ravel(symdl.lambdify(f)(**{r"\mathbf{g}": g}))[0]), np.linalg.norm(g))


def test_a_variance_function_is_no_sigmoid() -> None:
    """oneDNN's σ²(c) beside μ(c) (before: named a sigmoid, a false label)."""
    from tests.concept_cases import assert_concepts

    assert_concepts(r"y = \frac{x - \mu(c)}{\sqrt{\sigma^2(c) + \epsilon}}", set(), {"sigmoid"})


def test_a_case_split_in_words_is_refused_by_name() -> None:
    """The DL4J docs' two lines (before: f(x) = 0·otherwise, and the condition dropped, silently)."""
    from tests.real_sources import assert_refused_at

    assert_refused_at("f(x) = x for x > theta\nf(x) = 0 otherwise", "a case split written in words",
                      "f(x) = 0 otherwise")
    f = symdl.parse(r"f(x) = \begin{cases} x & x > 0 \\ 0 & \text{otherwise} \end{cases}")
    assert float(symdl.lambdify(f)(x=-1.0)) == 0.0


def test_sigma_set_equal_to_a_softmax_form_is_a_noted_guess() -> None:
    """A chain p(z) = σ(z) = e^{z_i}/Σ_j e^{z_j} (set 47; before: σ the sigmoid, silently)."""
    latex = r"p(z) = \sigma(z) = \frac{e^{z_i}}{\sum_{j=1}^{M}e^{z_j}}"
    note = next(n for n in symdl.parse(latex).notes if n.rule == "sigma-softmax-chain")
    assert latex[note.span.start : note.span.end] == r"\sigma(z)"
    assert "sigma-softmax-chain" not in {n.rule for n in symdl.parse(r"a = \sigma(z) = \frac{1}{1 + e^{-z}}").notes}
