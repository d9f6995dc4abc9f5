r"""Session 35, from the silent readings and poor refusals left in held-out sets 37 and 38:

* ``\sum_i \sum_{i \neq j}`` (Lil'Log's Barlow Twins loss): the inner sum runs over j, every j but i (noted); before,
  it ran over i a second time and left j free, silently;
* a Keras schedule's ``\begin{cases} I, & t < B \\ (I - E)(\dots)^P + E, & \dots \end{cases}``: I and E are its
  numbers (before: the identity and a matrix, so the rate was a matrix);
* ``c_t+1 = i_t * k_t + c_t * f_t`` typed without TeX: the next carry ``c_{t+1}`` (before: the sum c_t + 1 defined);
* ``h_{\mathbf{W},\mathbf{b}}(\mathbf{X}) = \phi(\mathbf{X}\mathbf{W} + \mathbf{b})`` (Géron), ``\bar{h}_\theta(x) = W^{[r]}
  a^{[r-1]} + b^{[r]}`` (Ng): the function of the whole argument, its value the right side's (before: applied to each
  entry of X, which forced W square);
* a hinge ``\max(1 - F_i(\boldsymbol{x}) y_i, 0)`` of a function of a vector, the hinge GAN's ``\min(0, -1 - D(G(z),
  y))``: read (before: an internal "not comparable" error);
* ``\sum_{ij}`` over code's bracket indices ``x[y[j]] - x[i]`` (the PyTorch docs' MultiLabelMarginLoss): two sums;
* the Lovász extension ``\overline{\Delta_{J_1}}(\boldsymbol{m})``: a function (a capital Δ, Ψ, Γ stays a function
  under an accent).
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl

# (id, source, formula, the first statement's left side as read or None, right side or None, a note's rule or None)
CASES = [
    ("barlow-twins-inner-sum", "Weng 2021, Lil'Log on self-supervised learning: Barlow Twins",
     r"\mathcal{L}_{BT} = \sum_i (1-\mathcal{C}_{ii})^2 + \lambda \sum_i\sum_{i\neq j} \mathcal{C}_{ij}^2", None,
     None, "sum-skip-outer"),
    ("inner-sum-ne-spaced", "a redundancy penalty written with \\ne", r"R = \sum_{i} \sum_{i \ne j} C_{ij}^2", None,
     None, "sum-skip-outer"),
    ("keras-polynomial-cases", "a warm-up and decay schedule written as cases (Keras-style)",
     r"\eta = \begin{cases} I, & \text{if } t < B \\ (I - E) \left( 1 - \frac{t - B}{T} \right)^{P} + E, & \text{if } "
     r"B \leq t < B + T \\ E, & \text{if } t \geq B + T \end{cases}", "eta", None, None),
    ("rwkv-plain-carry", "Peng et al. 2023, RWKV's plain-text recurrence", "c_t+1 = i_t * k_t + c_t * f_t",
     "c_{t+1}", "c_t*f_t + i_t*k_t", "plain-subscript-step"),
    ("ascii-gd-step", "a gradient step typed in plain text", "x_k+1 = x_k - lr * g", "x[k + 1]", None,
     "plain-subscript-step"),
    ("geron-layer-function", "Géron, Hands-On ML ch. 10, eq. 10-2",
     r"h_{\mathbf{W},\mathbf{b}}(\mathbf{X}) = \phi(\mathbf{X}\mathbf{W}+\mathbf{b})",
     "h_{\\mathbf{W},\\mathbf{b}}(X)", None, "bias-row"),
    ("ng-network-function", "Ng, CS229 notes on deep learning",
     r"a^{[1]} = \mathrm{ReLU}(W^{[1]}x + b^{[1]}) \\ \bar{h}_\theta(x) = W^{[r]}a^{[r-1]} + b^{[r]}", "a^[1]", None,
     None),
    ("lovasz-hinge", "Berman et al. 2018, the Lovász hinge",
     r"m_i = \max(1 - F_i(\boldsymbol{x})\, y_i^*, 0) \\ \text{loss}(\boldsymbol{F}) = "
     r"\overline{\Delta_{J_1}}(\boldsymbol{m}(\boldsymbol{F}))", "m[i]", "Max(0, -y^*[i]*F_i(x) + 1)",
     "call-capital-greek"),
    ("hinge-gan", "Miyato & Koyama 2018 / BigGAN's hinge loss",
     r"L_D = -\mathbb{E}_{(x,y)\sim p_{data}}[\min(0, -1 + D(x,y))] - \mathbb{E}_{z\sim p_z, y\sim p_{data}}"
     r"[\min(0, -1 - D(G(z),y))]", "L_D", None, None),
    ("multilabel-margin", "the PyTorch docs, MultiLabelMarginLoss",
     r"\text{loss}(x, y) = \sum_{ij}\frac{\max(0, 1 - (x[y[j]] - x[i]))}{\text{x.size}(0)}", None, None,
     "sum-letters-as-indices"),
    ("td3-next-action", "OpenAI Spinning Up, TD3's target", r"y(r,s',d) = r + \gamma (1 - d) \min_{i=1,2} "
     r"Q_{\phi_{i, \text{targ}}}(s', a'(s'))", None, None, "prime-of-primed"),
    ("td3-target-policy", "OpenAI Spinning Up, TD3's target policy smoothing",
     r"a'(s') = \text{clip}\left(\mu_{\theta_{\text{targ}}}(s') + \text{clip}(\epsilon,-c,c), a_{Low}, a_{High}\right)",
     "a'(s')", None, "call-parameterised"),
    ("numerical-gradient-code", "cs231n notes, a numerical gradient in code",
     "b_grad_numerical = (loss(W, b + eps / 2.) - loss(W, b - eps / 2.)) / eps", "b_{grad_numerical}",
     "(-loss(W, b - eps/2) + loss(W, b + eps/2))/eps", "field-word"),
    ("hyena-convolution", "Poli et al. 2023, Hyena's recurrence", r"y_t = x_t (h * z)_t", None, "x_t*conv(h, z, t)",
     "star-convolution"),
    ("xavier-uniform-assigned", "the PyTorch docs, nn.init.xavier_uniform_",
     "weight = U [-(sqrt(6)/sqrt(n + m)), sqrt(6)/sqrt(n + m)]", "weight", None, "uniform-assigned"),
    ("weighted-js", "Weng 2017, Lil'Log on GANs: the weighted Jensen-Shannon divergence",
     r"JS_\pi[P\|Q] = \pi KL[P\|\pi P + (1-\pi)Q] + (1-\pi) KL[Q\|\pi P + (1-\pi)Q]", r"JS_{\pi}(P, Q)", None,
     "divergence-brackets"),
    ("d2l-gru-reset-code", "d2l 10.2, the GRU's candidate state in numpy",
     "H_tilda = np.tanh(np.dot(X, W_xh) + np.dot(R * H, W_hh) + b_h)", None, None, None),
    ("ng-tanh-backward-code", "Ng's course, the hidden layer's backward pass",
     "dZ1 = np.multiply(np.dot(W2.T, dZ2), 1 - np.power(A1, 2))", None, "HadamardProduct(W_2.T*dZ_2, "
     "-HadamardPower(A_1, 2) + ones(n_1, n_2))", None),
    ("td3-clipped-double-q", "Fujimoto et al. 2018, TD3's target", r"y = r + \gamma \min(Q_1(s, a), Q_2(s, a))", None,
     "gamma*Min(Q_1(s, a), Q_2(s, a)) + r", None),
    ("diff-attention", "Ye et al. 2024, Differential Transformer",
     r"\text{DiffAttn}(X) = (\text{softmax}(\frac{Q_1K_1^T}{\sqrt{d}}) - \lambda\,\text{softmax}(\frac{Q_2K_2^T}"
     r"{\sqrt{d}}))V", "DiffAttn(X)", None, "softmax-rows"),
    ("ng-attention-pair", "Ng, Sequence Models: attention weights",
     r"\alpha^{<t,t'>} = \frac{\exp(e^{<t,t'>})}{\displaystyle\sum_{t''=1}^{T_x} \exp(e^{<t,t''>})}", "alpha[t, t']",
     "exp(e[t, t'])/Sum(exp(e[t, t'']), (t'', 1, T_x))", "angle-index-pair"),
    ("xlstm-memory", "Beck et al. 2024, xLSTM's mLSTM memory",
     r"\boldsymbol{C}_t = f_t\,\boldsymbol{C}_{t-1} + i_t\,\boldsymbol{v}_t\boldsymbol{k}_t^\top", "C_t",
     "f_t*C_{t-1} + i_t*v_t*k_t.T", None),
    ("lstm-cell-backward", "an LSTM's backward pass through the cell",
     r"\delta c_t = \delta h_t \odot o_t \odot (1-\tanh^2(c_t)) + \delta c_{t+1} \odot f_{t+1}", None, None, None),
    ("tf-conv-code-sum", "the TensorFlow docs, tf.nn.conv2d", "y = sum_{i,j} x[i] * w[j]", None,
     "Sum(w[j]*x[i], (j, 1, N_w), (i, 1, N_x))", "code-sum"),
    ("speculative-residual", "Leviathan et al. 2023, speculative sampling's residual distribution",
     r"p'(x) = norm(\max(0, p(x) - q(x)))", "p'(x)", None, "prime-distribution"),
]


@pytest.mark.parametrize(("latex", "lhs", "rhs", "rule"), [c[2:] for c in CASES], ids=[c[0] for c in CASES])
def test_readings(latex: str, lhs: str | None, rhs: str | None, rule: str | None) -> None:
    formula = symdl.parse(latex)
    first = formula.statements[0]
    if lhs is not None:
        assert str(first.lhs) == lhs
    if rhs is not None:
        assert str(first.rhs) == rhs
    if rule is not None:
        assert any(n.rule == rule for n in formula.notes), [n.rule for n in formula.notes]


@pytest.mark.parametrize("latex", [r"R = \sum_i\sum_{i\neq j} C_{ij}^2", r"R = \sum_{i=1}^{n} \sum_{i \ne j} C_{ij}^2"],
                         ids=["bare", "bounded"])
def test_inner_sum_skips_the_diagonal(latex: str) -> None:
    c = np.random.default_rng(39).normal(size=(5, 5))
    extra = {"n": 5} if "n}" in latex else {}
    got = symdl.lambdify(latex)(C=c, **extra)
    assert np.isclose(got, np.sum(c**2) - np.trace(c**2), rtol=1e-12)


@pytest.mark.parametrize(("latex", "what"), [
    (r"p = \text{sigm}(b_j + \mathbf{W}_{j \cdot} \mathbf{x})", "a slice"),
    (r"p = \mathbf{W}_{\cdot k}", "a slice"),
    ("output[b, i, j, k] = sum_{di, dj, q} input[b, strides[1] * i + di, strides[2] * j + dj, q] * filters[di, dj, q, k]",
     "several indices"),
    (r"\mathbf{y} = \mathbf{W} F(\mathbf{x})", "family of vectors"),
    (r"\hat{y} = \sigma(\mathbf{h}^\top[\mathbf{x}, \phi^L(z^{(L)})])", "a vector beside other values"),
    (r"\nabla_{m}\mathcal{L} = \frac{\nabla_{W'}\mathcal{L}\cdot V'}{\|V'\|_c}", "column-wise norm"),
], ids=["row-by-dot", "column-by-dot", "tf-conv-offsets", "matrix-times-function", "ncf-concat-of-a-number",
        "dora-column-norm"])
def test_refused_by_name(latex: str, what: str) -> None:
    with pytest.raises(symdl.SymdlError, match=what):
        symdl.parse(latex)


@pytest.mark.parametrize(("latex", "rule"), [
    (r"L = \sum_i a_i + \sum_{i \neq j} b_{ij}", "sum-skip-outer"),  # the first sum is closed: nothing outside
    (r"A = I + E", "sum-skip-outer"),
], ids=["closed-outer-sum", "no-sum"])
def test_skip_outer_only_when_nested(latex: str, rule: str) -> None:
    assert rule not in {n.rule for n in symdl.parse(latex).notes}


@pytest.mark.parametrize(("latex", "name"), [
    (r"\mathbf{Y} = \mathbf{X}^{\text{BF16}}\mathbf{W}^{\text{NF4}}", "X^BF16"),
    (r"Y = X^{\text{int}}", "X^int"),
], ids=["qlora-dtypes", "int-word"])
def test_upright_word_superscript_is_a_label(latex: str, name: str) -> None:
    """QLoRA's data types up on a name are labels (before: element-wise powers ^BF16, silently)."""
    assert name in str(symdl.parse(latex).statements[0].rhs)


def test_reset_gate_code_values() -> None:
    rng = np.random.default_rng(39)
    x, r, h = rng.normal(size=(4, 3)), rng.normal(size=(4, 5)), rng.normal(size=(4, 5))
    wx, wh, b = rng.normal(size=(3, 5)), rng.normal(size=(5, 5)), rng.normal(size=(1, 5))
    f = symdl.lambdify(next(c[2] for c in CASES if c[0] == "d2l-gru-reset-code"))
    got = f(X=x, R=r, H=h, W_xh=wx, W_hh=wh, b_h=b)
    assert np.allclose(got, np.tanh(x @ wx + (r * h) @ wh + b), rtol=1e-12)


def test_q1_names_values() -> None:
    rng = np.random.default_rng(39)
    q, k, v = rng.normal(size=(3, 4)), rng.normal(size=(5, 4)), rng.normal(size=(5, 2))
    got = symdl.lambdify(r"A = Q_1 K_1^T V_1")(Q_1=q, K_1=k, V_1=v)
    assert np.allclose(got, q @ k.T @ v, rtol=1e-12)


def test_lstm_cell_backward_values() -> None:
    rng = np.random.default_rng(39)
    dh, o, c, dc1, f1 = (rng.normal(size=4) for _ in range(5))
    fn = symdl.lambdify(next(c[2] for c in CASES if c[0] == "lstm-cell-backward"))
    got = fn(**{r"\delta h_t": dh, "o_t": o, "c_t": c, r"\delta c_{t+1}": dc1, "f_{t+1}": f1})
    assert np.allclose(got, dh * o * (1 - np.tanh(c) ** 2) + dc1 * f1, rtol=1e-12)


def test_derivative_claim_stays_a_derivative() -> None:
    st = symdl.parse(r"f(x) = x^2 \\ f'(x) = 2x").statements[1]
    assert str(st.lhs) == "Derivative(f(x), x)"


def test_schedule_cases_are_numbers() -> None:
    latex = next(c[2] for c in CASES if c[0] == "keras-polynomial-cases")
    f = symdl.parse(latex)
    assert not f.shapes
    assert "identity-sum" not in {n.rule for n in f.notes}
    value = symdl.lambdify(latex)(I=0.1, E=0.001, t=30.0, B=10.0, T=100.0, P=2.0)
    assert np.isclose(value, (0.1 - 0.001) * (1 - 20 / 100) ** 2 + 0.001, rtol=1e-12)


def test_identity_still_added_to_a_matrix() -> None:
    f = symdl.parse(r"A = I + E")
    assert "identity-sum" in {n.rule for n in f.notes}


def test_sum_on_the_left_with_tex_braces_stays_an_equation() -> None:
    st = symdl.parse(r"c_{t} + 1 = 2").statements[0]
    assert str(st.lhs) == "c_t + 1"


def test_layer_function_keeps_the_layer_shape() -> None:
    rng = np.random.default_rng(39)
    x, w, b = rng.normal(size=(4, 3)), rng.normal(size=(3, 5)), rng.normal(size=(1, 5))
    latex = r"h_{\mathbf{W},\mathbf{b}}(\mathbf{X}) = \tanh(\mathbf{X}\mathbf{W}+\mathbf{b})"
    shapes = {str(k): v for k, v in symdl.parse(latex).shapes.items()}
    assert shapes["W"][0] != shapes["W"][1]  # not forced square
    got = symdl.lambdify(latex)(**{r"\mathbf{X}": x, r"\mathbf{W}": w, r"\mathbf{b}": b})
    assert np.allclose(got, np.tanh(x @ w + b), rtol=1e-12)


@pytest.mark.parametrize(("x", "y"), [(0.3, 1.0), (2.5, -1.0), (-0.7, 1.0)])
def test_multilabel_margin_values(x: float, y: float) -> None:
    rng = np.random.default_rng(39)
    xs, ys = rng.normal(size=4) + x, np.array([2, 4])
    f = symdl.lambdify(next(c[2] for c in CASES if c[0] == "multilabel-margin"))
    got = f(x=xs, y=ys)
    want = sum(max(0.0, 1 - (xs[yj - 1] - xs[i])) for yj in ys for i in range(4)) / 4
    assert np.isclose(got, want, rtol=1e-12)
