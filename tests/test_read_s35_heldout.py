r"""Session 35 (held-out set 35): readings that were silent or refused on real formulas.

* a superscript letter a sum binds, alone up on two names (``\sum_{i=1}^N (y^i - \hat{y}^i)``), is the sample
  (``superscript-summed-sample``; before: powers);
* the superscript 0 on a name is an index (ViT's ``\mathbf{z}_L^0``; before: the power 0, ``\mathrm{LN}(1)``);
* cs231n's ``L_i = \sum_{j\neq y_i} \max(0, w_j^T x_i - w_{y_i}^T x_i + \Delta)`` is a number (before: L_i a column);
* code: ``k.size(-1)`` (``code-size-last``), ``.flatten()``/``.clone()`` (``code-layout-method``), ``args.`` and
  ``data.`` (``code-holder``), ``.transpose()`` and ``.transpose(0, 1)``, numpy's ``np.dot(delta, a.transpose())``;
  a negative index (``x[-1]``) is refused, never read as a call;
* a squared norm of a gradient, a Jacobian or with a minus sign is no L2 penalty (no false label).
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import shapes_of as _shapes

# (id, formula, the rule of the note, the name it is on, a name that must not be read as a power of it)
SAMPLES = [
    ("hastie-intercept", r"\frac{\partial}{\partial\beta_0} L(\boldsymbol{\beta}) = -\sum_{i=1}^N (y^i - \hat{y}^i)",
     "superscript-summed-sample", "y^i"),
    ("ng-cost", r"J = \frac{1}{2m}\sum_{i=1}^m (h(x^i) - y^i)^2", "superscript-summed-sample", "x^i"),
    ("vit-class-token", r"\mathbf{y} = \operatorname{LN}(\mathbf{z}_L^0)", "superscript-zero", r"\mathbf{z}_L^0"),
    ("input-layer", r"h^0 = x, \quad h^{l} = \sigma(W^l h^{l-1})", "superscript-digit-family", "h^0"),
]


@pytest.mark.parametrize(("latex", "rule", "text"), [c[1:] for c in SAMPLES], ids=[c[0] for c in SAMPLES])
def test_superscript_index_readings(latex: str, rule: str, text: str) -> None:
    formula = symdl.parse(latex)
    notes = [n for n in formula.notes if n.rule == rule]
    assert notes and formula.source[notes[0].span.start : notes[0].span.end] == text
    assert notes[0].alternative
    assert f"**{text[-1]}" not in str(formula.statements[-1].rhs)  # no power of the index left


# (id, formula): the power readings kept
POWERS = [
    ("polynomial", r"p = \sum_{i=0}^d w_i x^i"),
    ("discounted", r"G = \sum_{k=0}^{T} \gamma^k r^k"),
    ("written-polynomial", r"p = a_0 x^0 + a_1 x^1 + a_2 x^2"),
    ("series-with-dots", r"p = a_0 x^0 + a_1 x + \dots"),
]


@pytest.mark.parametrize("latex", [c[1] for c in POWERS], ids=[c[0] for c in POWERS])
def test_powers_kept(latex: str) -> None:
    rules = {n.rule for n in symdl.parse(latex).notes}
    assert not rules & {"superscript-summed-sample", "superscript-zero"}


def test_summed_sample_values() -> None:
    """The mean squared error over samples y^i, \\hat{y}^i, against numpy."""
    fn = symdl.lambdify(symdl.parse(r"J = \frac{1}{2N}\sum_{i=1}^N (y^i - \hat{y}^i)^2"))
    rng = np.random.default_rng(35)
    y, yhat = rng.normal(size=5), rng.normal(size=5)
    got = fn(**{"y^i": y, "\\hat{y}^i": yhat, "N": 5})
    np.testing.assert_allclose(float(got), np.sum((y - yhat) ** 2) / 10)


@pytest.mark.parametrize("latex", [
    r"L_i = \sum_{j\neq y_i} \max(0, w_j^T x_i - w_{y_i}^T x_i + \Delta)",
    r"L = \sum_{j} w_j^T v",
], ids=["cs231n-svm", "sum-of-dots"])
def test_transposed_member_times_vector_is_a_number(latex: str) -> None:
    formula = symdl.parse(latex)
    lhs = str(formula.statements[0].lhs)
    assert lhs not in _shapes(formula)  # a number, not a column


def test_svm_loss_values() -> None:
    """cs231n's multiclass SVM loss of one example, against numpy."""
    fn = symdl.lambdify(symdl.parse(r"L_i = \sum_{j\neq y_i} \max(0, w_j^T x_i - w_{y_i}^T x_i + \Delta)"))
    rng = np.random.default_rng(351)
    w, x = rng.normal(size=(4, 3)), rng.normal(size=3)
    scores = (w @ x).ravel()
    want = sum(max(0.0, scores[j] - scores[2] + 1.0) for j in range(4) if j != 2)
    got = fn(**{"w": w, "x_i": x, "y_i": 3, "\\Delta": 1.0})  # labels count from 1
    np.testing.assert_allclose(float(got), want)


# (id, code, the rule of the note, {name: shape} or None)
CODE = [
    ("nanogpt-scale", "att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(k.size(-1)))", "code-size-last",
     {"q": ("n_1", "n_3"), "k": ("n_2", "n_3")}),
    ("shape-last", "attn_weights = torch.softmax(attn_scores / keys.shape[-1]**0.5, dim=-1)", "code-size-last", None),
    ("cleanrl-dqn", "td_target = data.rewards.flatten() + args.gamma * target_max * (1 - data.dones.flatten())",
     "code-layout-method", None),
    ("cleanrl-ppo", "pg_loss2 = -mb_advantages * torch.clamp(ratio, 1 - args.clip_coef, 1 + args.clip_coef)",
     "code-holder", None),
    ("lora-transpose", "y = x @ lora_A.transpose(0, 1) @ lora_B.transpose(0, 1)", "code-transpose-axes",
     {"x": ("n_1", "n_3"), "lora_A": ("n_4", "n_3"), "lora_B": ("n_2", "n_4")}),
    ("nielsen-outer", "y = np.dot(d, a.transpose())", "code-transpose-axes", {"y": ("n_1", "n_2"), "a": ("n_2", "1")}),
    ("nielsen-network-py", "nabla_b = delta \\\\ nabla_w = np.dot(delta, act.transpose())", "code-transpose-axes",
     {"delta": ("n_1", "1"), "nabla_w": ("n_1", "n_2")}),
]


@pytest.mark.parametrize(("code", "rule", "shapes"), [c[1:] for c in CODE], ids=[c[0] for c in CODE])
def test_code_readings(code: str, rule: str, shapes: dict[str, tuple[str, str]] | None) -> None:
    formula = symdl.parse(code)
    assert rule in {n.rule for n in formula.notes}
    if shapes is not None:
        got = _shapes(formula)
        for name, shape in shapes.items():
            assert got[name] == shape, (name, got)


def test_code_values() -> None:
    """CleanRL's TD target and nanoGPT's scaled scores, against numpy."""
    fn = symdl.lambdify(symdl.parse(
        "td_target = data.rewards.flatten() + args.gamma * target_max * (1 - data.dones.flatten())"))
    got = fn(rewards=2.0, gamma=0.9, target_max=3.0, dones=0.0)
    np.testing.assert_allclose(float(got), 2.0 + 0.9 * 3.0)
    att = symdl.lambdify(symdl.parse("att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(k.size(-1)))"))
    rng = np.random.default_rng(352)
    q, k = rng.normal(size=(3, 4)), rng.normal(size=(5, 4))
    got = att(**{"q": q, "k.transpose(-2,-1)": k, "k.size(-1)": 4})  # inputs by their spelling
    np.testing.assert_allclose(np.asarray(got), q @ k.T / 2.0)


@pytest.mark.parametrize(("code", "text"), [
    ("y = x[-1]", "[-1]"),
    ("nw = np.dot(delta, activations[-l-1].transpose())", "[-l-1]"),
    ("y = acts[-2] * 2", "[-2]"),
], ids=["last-entry", "nielsen-layer-from-end", "word-from-end"])
def test_index_from_end_refused(code: str, text: str) -> None:
    with pytest.raises(symdl.NotSupported) as err:
        symdl.parse(code)
    span = err.value.span
    assert span is not None and code[span.start : span.end] == text
    assert "from the end" in str(err.value)


def test_unknown_layer_beside_matmul_refused() -> None:
    """``drop(x) @ W``: x beside @ through its layer's call is an array, and the layer's value is not read (it was
    silent before: W a 1×1 matrix)."""
    with pytest.raises(symdl.NotSupported, match="number"):
        symdl.parse("y = drop(x) @ W")


# (id, formula): no L2 penalty named (Goodfellow's second-order change, the contractive penalty on a Jacobian)
NO_PENALTY = [
    ("taylor-step", r"\frac{1}{2} \epsilon^2 \boldsymbol{g}^\top \boldsymbol{H} \boldsymbol{g} - \epsilon "
     r"\boldsymbol{g}^\top \boldsymbol{g}"),
    ("contractive", r"\Omega(\boldsymbol{h}) = \lambda \left\| \frac{\partial f(\boldsymbol{x})}{\partial "
     r"\boldsymbol{x}} \right\|_F^2"),
]
PENALTY = [
    ("weight-decay", r"R = \frac{\lambda}{2} \|w\|^2"),
    ("ridge", r"J = \|y - X\theta\|^2 + \lambda \|\theta\|^2"),
]


@pytest.mark.parametrize("latex", [c[1] for c in NO_PENALTY], ids=[c[0] for c in NO_PENALTY])
def test_no_false_l2_penalty(latex: str) -> None:
    assert "l2_penalty" not in symdl.explain(latex).concepts


@pytest.mark.parametrize("latex", [c[1] for c in PENALTY], ids=[c[0] for c in PENALTY])
def test_l2_penalty_still_named(latex: str) -> None:
    assert "l2_penalty" in symdl.explain(latex).concepts


# (id, formula, {name: shape}, rules expected): LSTM gates side by side, Ng's Γ gates, e^{(t)} as a name
GATES = [
    ("graves-cell", r"c_t = f_tc_{t-1} + i_t\tanh(W_{xc}x_t + W_{hc}h_{t-1} + b_c)",
     {"f_t": ("n_1", "1"), "i_t": ("n_1", "1"), "c_{t-1}": ("n_1", "1")}, {"gate-elementwise"}),
    ("defined-gate", r"f_t = \sigma(W_f x_t + U_f h_{t-1}) \\ c_t = f_t c_{t-1} + i_t \tilde{c}_t",
     {"f_t": ("n_1", "1"), "i_t": ("n_1", "1")}, {"gate-elementwise"}),
    ("ng-gamma-gates", r"\mathbf{c}^{\langle t \rangle} = \mathbf{\Gamma}_f^{\langle t \rangle}* "
     r"\mathbf{c}^{\langle t-1 \rangle} + \mathbf{\Gamma}_{i}^{\langle t \rangle} * \tilde{\mathbf{c}}^{\langle t \rangle}",
     {"Gamma_i^(t)": ("n_1", "1"), "Gamma_f^(t)": ("n_1", "1")}, {"subscript-label", "star-elementwise"}),
    ("cs224n-embedding", r"h^{(t)} = \sigma\left(W_h h^{(t-1)} + W_e e^{(t)} + b_1\right)",
     {"e^(t)": ("n_2", "1"), "W_e": ("n_1", "n_2"), "W_h": ("n_1", "n_1")}, {"e-indexed"}),  # h at two steps
]


@pytest.mark.parametrize(("latex", "shapes", "rules"), [c[1:] for c in GATES], ids=[c[0] for c in GATES])
def test_gates_and_indexed_names(latex: str, shapes: dict[str, tuple[str, str]], rules: set[str]) -> None:
    formula = symdl.parse(latex)
    got = _shapes(formula)
    for name, shape in shapes.items():
        assert got[name] == shape, (name, got)
    assert rules <= {n.rule for n in formula.notes}


def test_graves_cell_values() -> None:
    """The LSTM cell with gates side by side: entry by entry, against numpy."""
    fn = symdl.lambdify(symdl.parse(r"c_t = f_tc_{t-1} + i_t\tanh(W_{xc}x_t + W_{hc}h_{t-1} + b_c)"))
    rng = np.random.default_rng(353)
    f, i, c, b = (rng.uniform(size=(3, 1)) for _ in range(4))
    wx, wh, x, h = rng.normal(size=(3, 2)), rng.normal(size=(3, 4)), rng.normal(size=(2, 1)), rng.normal(size=(4, 1))
    got = fn(**{"f_t": f, "i_t": i, "c_{t-1}": c, "b_c": b, "W_{xc}": wx, "W_{hc}": wh, "x_t": x, "h_{t-1}": h})
    np.testing.assert_allclose(np.asarray(got).reshape(3, 1), f * c + i * np.tanh(wx @ x + wh @ h + b))


def test_euler_kept() -> None:
    """e to a parenthesised sum stays Euler's number, beside a sample index on another name."""
    formula = symdl.parse(r"y = e^{(a+b)} + x^{(i)}")
    assert "e-indexed" not in {n.rule for n in formula.notes} and "exp" in str(formula.statements[0].rhs)


@pytest.mark.parametrize(("latex", "norm"), [
    (r"d = \frac {\mid\mid g - a \mid\mid_2}{\mid\mid g \mid\mid_2 + \mid\mid a \mid\mid_2 }",
     lambda g, a: np.linalg.norm(g - a) / (np.linalg.norm(g) + np.linalg.norm(a))),
], ids=["ng-gradient-check"])
def test_doubled_mid_is_a_norm(latex: str, norm: object) -> None:
    fn = symdl.lambdify(symdl.parse(latex))
    rng = np.random.default_rng(354)
    g, a = rng.normal(size=(4, 1)), rng.normal(size=(4, 1))
    np.testing.assert_allclose(float(fn(g=g, a=a)), norm(g, a))  # type: ignore[operator]


def test_bbm_indicator_is_the_indicator() -> None:
    """The bbm and dsfont packages' blackboard one is the indicator, as \\mathbb{1} is."""
    for cmd in ("\\mathbbm", "\\mathds"):
        a = symdl.parse(rf"y = {cmd}{{1}}[x > 0]")
        b = symdl.parse(r"y = \mathbb{1}[x > 0]")
        assert str(a.statements[0].rhs) == str(b.statements[0].rhs)


def test_newton_hessian_of_call_refused() -> None:
    """``[H f(x)]^{-1} \\nabla f(x)`` was read as the gradient divided by H·f(x), silently, and named a gradient step."""
    latex = r"x \leftarrow x - [H f(x)]^{-1} \nabla f(x)"
    with pytest.raises(symdl.NotSupported, match="Hessian") as err:
        symdl.parse(latex)
    span = err.value.span
    assert span is not None and latex[span.start : span.end] == r"[H f(x)]^{-1} \nabla f(x)"


@pytest.mark.parametrize(("latex", "concept", "absent"), [
    (r"v_t = \beta_2^p v_{t-1} + (1-\beta_2^p)|g_t|^p", "ema", "momentum"),  # AdaMax's p-norm average
    (r"v = \beta v + (1-\beta) g", "ema", "momentum"),
], ids=["adamax-p-norm", "plain-ema"])
def test_ema_not_momentum(latex: str, concept: str, absent: str) -> None:
    concepts = symdl.explain(latex).concepts
    assert concept in concepts and absent not in concepts


def test_summary_never_an_intermediate_name() -> None:
    """A part named only for readability (u_1 = gᵀ) is no summary of the formula."""
    e = symdl.explain(r"\frac{1}{2} \epsilon^2 \boldsymbol{g}^\top \boldsymbol{H} \boldsymbol{g} - \epsilon "
                      r"\boldsymbol{g}^\top \boldsymbol{g}")
    assert "u_1" not in e.summary


@pytest.mark.parametrize(("latex", "noted"), [
    (r"\boldsymbol{g} \leftarrow \nabla_{\boldsymbol{h}^{(k-1)}} J = \boldsymbol{W}^{(k)\top} \boldsymbol{g}", True),
    (r"h \leftarrow W h + b", True),
    (r"W \in \mathbb{R}^{n \times n} \\ h \leftarrow W h", False),  # declared square: no guess
    (r"y = W x + b", False),  # no update
], ids=["goodfellow-backprop", "rnn-update", "declared", "no-update"])
def test_update_square_noted(latex: str, noted: bool) -> None:
    formula = symdl.parse(latex)
    assert ("update-square" in {n.rule for n in formula.notes}) is noted


@pytest.mark.parametrize(("latex", "absent"), [
    (r"x_{t+1}^{(i)} = x_t^{(i)} - \eta_t\frac{\phi(\|x_t^{(i)}\|)}{\|r_t^{(i)} + \lambda x_t^{(i)}\|}"
     r"(r_t^{(i)} + \lambda x_t^{(i)})", "relu"),  # LAMB: |r + λx| is no ReLU
], ids=["lamb-absolute-value"])
def test_absolute_value_is_no_activation(latex: str, absent: str) -> None:
    assert absent not in symdl.explain(latex).concepts


def test_relu_from_absolute_value_still_named() -> None:
    """(x + |x|)/2 is ReLU in an elementary form; only a bare |u| is not."""
    assert "relu" in symdl.explain(r"y = \frac{x + |x|}{2}").concepts


@pytest.mark.parametrize(("latex", "name"), [
    (r"p = \mathrm{softmax}(z)", "z"),
    (r"p = \mathrm{softmax}(z/T)", "z"),
    (r"p = \mathrm{softmax}(\beta z)", "z"),
    ("attn_weights = torch.softmax(attn_scores / keys.shape[-1]**0.5, dim=-1)", "attn_scores"),
], ids=["plain", "temperature", "inverse-temperature", "code-scaled-scores"])
def test_softmax_argument_is_a_vector(latex: str, name: str) -> None:
    formula = symdl.parse(latex)
    assert _shapes(formula)[name] == ("n_1", "1")
    assert "softmax-argument" in {n.rule for n in formula.notes}


@pytest.mark.parametrize("latex", [r"y = \mathrm{softmax}(Wx)", r"p = \mathrm{softmax}(z - m)"],
                         ids=["matrix-product", "two-names"])
def test_softmax_argument_left_to_other_rules(latex: str) -> None:
    assert "softmax-argument" not in {n.rule for n in symdl.parse(latex).notes}


def test_softmax_with_temperature_values() -> None:
    fn = symdl.lambdify(symdl.parse(r"p = \mathrm{softmax}(z/T)"))
    z = np.array([[1.0], [2.0], [3.0]])
    want = np.exp(z / 2.0) / np.exp(z / 2.0).sum()
    np.testing.assert_allclose(np.asarray(fn(z=z, T=2.0)).reshape(3, 1), want)


def test_comprehension_refused() -> None:
    """Nielsen's network.py update over zipped lists read ``for`` and ``in`` as names in a 2×1 matrix, silently."""
    code = ("self.weights = [(1-eta*(lmbda/n))*w-(eta/len(mini_batch))*nw "
            "for w, nw in zip(self.weights, nabla_w)]")
    with pytest.raises(symdl.NotSupported, match="comprehension") as err:
        symdl.parse(code)
    assert err.value.span is not None and code[err.value.span.start : err.value.span.end] == "for"


def test_prose_for_is_no_comprehension() -> None:
    assert str(symdl.parse(r"y_i = x_i \quad \text{for } i \in S").statements[0].rhs) == "x[i]"


@pytest.mark.parametrize(("latex", "x", "want"), [
    (r"L = \left|1 - wy\right|_+", {"w": 0.5, "y": 1.0}, 0.5),
    (r"L = \left|1 - wy\right|_+", {"w": 3.0, "y": 1.0}, 0.0),
    (r"L = |1 - wy|_{+}^2", {"w": -1.0, "y": 1.0}, 4.0),
], ids=["hinge-active", "hinge-zero", "squared-hinge"])
def test_positive_part_values(latex: str, x: dict[str, float], want: float) -> None:
    formula = symdl.parse(latex)
    assert "positive-part" in {n.rule for n in formula.notes}
    np.testing.assert_allclose(float(symdl.lambdify(formula)(**x)), want)


@pytest.mark.parametrize(("latex", "shapes"), [
    (r"y = W^{(out)} x", {"W^out": ("n_1", "n_2"), "x": ("n_2", "1")}),
    (r"y = \boldsymbol{W}^{(out)} \boldsymbol{x}", {"W^out": ("n_1", "n_2")}),
    (r"h^{(t)} = W h^{(t-1)}", {"h^(t-1)": ("n_1", "1"), "W": ("n_1", "n_1")}),  # a step stays an index: one
    # quantity at two steps, one shape (session 42)
], ids=["raschka-output-weights", "bold", "step-kept"])
def test_parenthesised_word_superscript_is_a_label(latex: str, shapes: dict[str, tuple[str, str]]) -> None:
    got = _shapes(symdl.parse(latex))
    for name, shape in shapes.items():
        assert got[name] == shape, (name, got)


# BP4 in matrix form: a weight matrix's gradient is the error times the layer's input, transposed
@pytest.mark.parametrize(("latex", "named"), [
    (r"\nabla_{W^l} C = \delta^l(a^{l-1})^T", True),  # Nielsen ch. 2, in matrix form
    (r"dW^{[l]} = \frac{\partial \mathcal{J} }{\partial W^{[l]}} = \frac{1}{m} dZ^{[l]} A^{[l-1] T}", True),  # Ng
    ("dW = dD.dot(X.T)", True),  # cs231n's matrix multiply backward
    ("dW2 = h.T @ dlogits", True),  # cs231n's two-layer net, the batch's rows first
    (r"\frac{\partial L}{\partial x} = W^T \delta", False),  # the input's gradient: no weight gradient
    (r"G = u v^T", False),  # an outer product that is no gradient
], ids=["nielsen-bp4", "ng-linear-backward", "cs231n-dot", "cs231n-batch", "input-gradient", "plain-outer"])
def test_weight_gradient_named(latex: str, named: bool) -> None:
    assert ("delta_rule" in symdl.explain(latex).concepts) is named


def test_generator_sum_refused_with_a_sum_hint() -> None:
    """``sum(x[j] ** 2 for j in range(k))`` read ``for`` and ``in`` as names before, silently; refused now, with the
    sum to write in the hint."""
    with pytest.raises(symdl.NotSupported) as err:
        symdl.parse("y = sum(x[j] ** 2 for j in range(k)) / k")
    assert "\\sum" in (err.value.hint or "")


@pytest.mark.parametrize(("latex", "want"), [
    (r"c_t = \sum_i a_i h_i & \small{\text{; Context vector for output}}", "Sum(a[i]*h[i], (i, 1, N_a))"),
    (r"x_t = a x_{t-1} + b \text{ merges two Gaussians (*).}", "a*x_{t-1} + b"),
    (r"c_t = a_i h_i & \small{\text{; Context vector for output }y_t}", "a[i]*h[i]"),
], ids=["lilian-semicolon-comment", "lilian-sentence", "lilian-comment-with-a-name"])
def test_prose_comment_set_aside(latex: str, want: str) -> None:
    formula = symdl.parse(latex)
    assert str(formula.statements[0].rhs) == want
    assert "prose-clause" in {n.rule for n in formula.notes}


def test_stationary_distribution_is_labelled_by_the_policy() -> None:
    formula = symdl.parse(r"J(\theta) = \sum_{s \in \mathcal{S}} d^\pi(s) V^\pi(s)")
    assert "**" not in str(formula.statements[0].rhs)
    assert [n.rule for n in formula.notes].count("superscript-policy") >= 2
    assert "**pi" in str(symdl.parse(r"y = x^\pi (a + b)").statements[0].rhs)  # no names inside: a power


def test_float_cast_is_its_value() -> None:
    """torch.nn.init's std: float(fan_in + fan_out) is the sum, and the formula is Xavier's, not He's."""
    code = "std = gain * math.sqrt(2.0 / float(fan_in + fan_out))"
    formula = symdl.parse(code)
    assert "code-cast" in {n.rule for n in formula.notes}
    concepts = symdl.explain(code).concepts
    assert "xavier_init" in concepts and "he_init" not in concepts
    got = symdl.lambdify(formula)(gain=1.0, fan_in=3.0, fan_out=5.0)
    np.testing.assert_allclose(float(got), np.sqrt(2.0 / 8.0))


def test_unknown_function_of_a_fan_is_no_initialisation() -> None:
    assert "he_init" not in symdl.explain(r"s = \sqrt{2 / g(n)}").concepts


@pytest.mark.parametrize("latex", [
    r"\begin{aligned} a &= b + c & \small{\text{; the sum}} \\ &= d \end{aligned}",
    r"\begin{aligned} a &= b + c & \text{(the sum)} \\ &= d \end{aligned}",
], ids=["semicolon-comment", "parenthesised-remark"])
def test_chain_goes_on_after_a_comment(latex: str) -> None:
    """An aligned chain whose row ends with a comment: the next row's ``&= d`` is a link of the chain (it was read as
    the bare expression d, its left side lost, silently)."""
    formula = symdl.parse(latex)
    assert [str(st.lhs) for st in formula.statements] == ["a"]
    assert "chain-value" in {n.rule for n in formula.notes}


@pytest.mark.parametrize(("latex", "call"), [
    (r"\tilde{L} = \frac{2L}{\lambda_{\max}(L)} - I_n", True),  # ChebNet: the largest eigenvalue of L
    (r"y = \sigma_{\max}(W) x", True),  # the spectral norm
    (r"\eta_t = \eta_{\min} + \frac{1}{2}(\eta_{\max} - \eta_{\min})(1 + \cos(\pi T))", False),  # SGDR's bounds
], ids=["chebnet", "spectral-norm", "sgdr-bounds"])
def test_spectral_extreme_is_a_call(latex: str, call: bool) -> None:
    formula = symdl.parse(latex)
    assert ("call-spectral" in {n.rule for n in formula.notes}) is call
    if call:
        assert "max}(" in str(formula.statements[0].rhs)
