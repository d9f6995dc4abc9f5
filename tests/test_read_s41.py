r"""Session 37, from the silent readings left in held-out sets 37-40 and in set 41 (unseen, written this session):

* DDIM's noise written inside an ``\underbrace{\sigma_t \epsilon_t}_{\text{random noise}}``: a vector, as it is bare
  (``noise-vector``; before: one number added to every entry, silently);
* IMPALA's V-trace ``v_s = V(x_s) + \delta_s V + \dots``: V applied as a function and written alone as a factor is
  noted (``callee-factor``; before: V times δ_s, silently);
* ESL's ``\alpha_m^T X`` beside ``T_k``: a Greek family member before a capital is transposed (``greek-transpose``;
  before: the power T, noted with a wrong reason);
* Larochelle's ``o(\widehat{\mathbf{a}}(\mathbf{x}))``: o applied to an accented bold function's value
  (``call-composition``; before: o times it, silently);
* See et al.'s attention energies ``e^t_i``: e with a subscript after its power is a name (before: refused);
* set-builder sums with a condition on the members, ``\sum_{i: w_i = w} a^t_i`` (the pointer-generator's copy
  distribution), ``\sum_{i: y_i = k}``: the indicator times the summand (``sum-where``; before: refused);
* the straight-through estimator's ``g_q 1_{|r| \leq 1}``: the digit 1 with a comparison below is the indicator
  (before: refused);
* See et al.'s coverage ``c^t = \sum_{t'=0}^{t-1} a^{t'}`` and capsules' ``cost^h_j`` summed over h: a letter up on
  a definition's left side is an index, its primed letter too (``superscript-step``; before: powers, silently);
* Langevin dynamics' ``\dots + \omega^k, \quad \omega^k \sim \mathcal{N}(0, \lambda)``: the drawn noise added to a
  vector is a vector (``drawn-noise-vector``; before: one number added to every entry, silently);
* Pegasos' half step ``\mathbf{w}^{(t+\frac{1}{2})}``: a name of its own (before: a power t + 1/2, silently);
* JEM's ``f_\theta(\mathbf{x})[y]``: entry y of the call's value (``call-bracket-entry``; before: y times it);
* ``J_\mathbf{w}(\mathbf{f}\circ\mathbf{g})`` beside ``\mathbf{g}(\mathbf{w})``: a composition with no argument,
  refused by name (before: an element-wise product, silently);
* MXNet's GRU with ``\cdot`` between a gate and a vector: element-wise (``gate-elementwise``; before: dot products
  broadcast over the vectors, silently);
* Rashid's ``\text{new } w_{jk} = \text{old } w_{jk} - \dots``: an update (``new-old-update``; before: factors
  new and old); Chainer's bilinear ``e^1_{ij} e^2_{ik}``: e's digit superscripts name its inputs (before: e^2 squared);
* Rendle's factorization machine ``\hat{y}(\mathbf{x}) := w_0 + \sum_i w_i x_i + \dots``: a number of the vector
  (``function-number``; before: its bias a vector, the sums broadcast, silently);
* a chain rule written with plain names is read as numbers, noted (``chain-of-numbers``; before: silent);
* Larochelle's ``\nabla_{\mathbf{a}} -\log f(\mathbf{x})_y`` (before: "a function with no argument"); the MXNet
  docs' macros ``\softmax``, ``\sigmoid`` (``macro-function``); sums over sets named by words, ``\sum_{i \in vis}``;
* Larochelle's ``\mathbf{W}^{(k+1)^{\top}}``: the layer's matrix, transposed (before: refused); See et al.'s
  ``a^t = \text{softmax}(e^t)`` beside ``e^t_i``: refused by name (before: over t, silently);
* a flow's ``\sigma(z)^{-1} = \log z - \log 1-z``: the reciprocal of the value (``value-reciprocal``) and log 1
  (``number-argument``), both noted (before: silent).
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy

import symdl

# (id, formula, the first statement's right side as read, a note's rule or None)
READINGS = [
    ("ddim-noise-underbrace", r"\boldsymbol{x}_{t-1} = \sqrt{\alpha_{t-1}} \boldsymbol{x}_t + "
     r"\underbrace{\sigma_t\epsilon_t}_{\text{random noise}}", "sqrt(alpha_{t-1})*x_t + sigma_t*epsilon_t",
     "noise-vector"),
    ("v-trace-recursion", r"v_s = V(x_s) + \delta_sV + \gamma c_s\left(v_{s+1} - V(x_{s+1})\right)",
     "V*delta_s + c_s*gamma*(v_{s+1} - V(x_{s+1})) + V(x_s)", "callee-factor"),
    ("logit-as-reciprocal", r"\sigma(z)^{-1} = \log z - \log(1-z)", "log(z) - log(1 - z)", "value-reciprocal"),
    ("tanh-value-reciprocal", r"y = \tanh(x)^{-1}", "1/tanh(x)", "value-reciprocal"),
    ("log-one-then-a-sum", r"y = \log z - \log 1-z", "-z + log(z)", "number-argument"),
    ("ln-one-then-a-sum", r"y = \ln 1 + x", "x", "number-argument"),
    ("esl-hidden-unit", r"Z_m = \sigma(\alpha_{0m} + \alpha_m^TX),\ m=1,\ldots,M, \\ T_k = \beta_{0k} + "
     r"\beta_k^TZ,\ k=1,\ldots,K", "Lambda(_x, sigmoid(_x)).(alpha_{0m}*ones(1, n_1) + alpha_m.T*X)", "greek-transpose"),
    ("autoencoder-output-of-accented-call", r"\hat{\mathbf{x}} = o(\widehat{\mathbf{a}}(\mathbf{x}))",
     "Lambda(_x, o(_x)).(ahat(x))", "call-composition"),
    ("output-of-bold-call", r"y = o(\mathbf{a}(\mathbf{x}))", "Lambda(_x, o(_x)).(a(x))", "call-composition"),
    ("scale-times-cosine", r"y = s(\cos(\theta + m))", "s*cos(m + theta)", None),
    ("pointer-generator-energies", r"e^t_i = v^T \tanh(W_h h_i + W_s s_t + b_{attn})",
     "Sum(tanh(b_{attn}[j] + Sum(W_h[j, l]*h[i, l], (l, 1, n_2)) + Sum(W_s[j, k]*s_t[k], (k, 1, n_3)))*v[j], "
     "(j, 1, n_1))", "superscript-index-letter"),
    ("euler-power-with-a-subscripted-exponent", r"y = e^{s_t} + e^{t}", "exp(s_t) + exp(t)", None),
    ("pointer-generator-copy", r"P(w) = p_{\text{gen}} P_{\text{vocab}}(w) + (1 - p_{\text{gen}})"
     r"\sum_{i: w_i = w} a_i", "p_{gen}*P_{vocab}(w) + (1 - p_{gen})*Sum(Piecewise((a[i], Eq(w, w[i])), (0, True)), "
     "(i, 1, N_a))", "sum-where"),
    ("positive-scores", r"y = \sum_{j : s_j > 0} s_j", "Sum(Piecewise((s[j], s[j] > 0), (0, True)), (j, 1, N_s))",
     "sum-where"),
    ("ste-indicator", r"g_r = g_q 1_{|r| \leq 1}", "g_q*Piecewise((1, Abs(r) <= 1), (0, True))", None),
    ("ones-vector-subscript-stays", r"y = 1_{n} + x", "x + ones(n, 1)", "ones-vector"),
    ("coverage-vector", r"c^t = \sum_{t'=0}^{t-1} a^{t'}", "Sum(a[t'], (t', 0, t - 1))", "superscript-step"),
    ("capsule-cost-summed", r"cost^h_j = \beta_u \sum_i r_{ij} \\ a_j = \beta_a - \sum_h cost^h_j",
     "beta_u*Sum(r[i, j], (i, 1, N_r))", "superscript-step"),
    ("geometric-series-stays-a-power", r"c = \sum_{k=1}^{K} a^{k}", "Sum(a**k, (k, 1, K))", "superscript-power"),
    ("euler-identity-left-side", r"e^x = 1 + x", "x + 1", None),
    ("binarised-label-only-up", r"x^b = \text{Sign}(x)", "sign(x)", "superscript-power"),
    ("langevin-noise", r"\tilde{\mathbf{x}}^k = \tilde{\mathbf{x}}^{k-1} - \frac{\lambda}{2}\mathbf{g} + \omega^k, \quad "
     r"\omega^k \sim \mathcal{N}(0, \lambda)", "(-lambda/2)*g + omega^(k) + xtilde^(k-1)", "drawn-noise-vector"),
    ("uniform-noise", r"\mathbf{y} = \mathbf{x} + b, \quad b \sim \mathcal{U}(0, 1)", "b + x", "drawn-noise-vector"),
    ("projected-half-step", r"\mathbf{w}^{(t+\frac{1}{2})} = \mathbf{w}^{(t)} - \eta \mathbf{g}",
     "(-eta)*g + w^(t)", None),
    ("half-step-by-slash", r"w^{(t + 1/2)} = w^{(t)} - g", "-g + w[t]", None),
    ("jem-logit-entry", r"E_\theta(\mathbf{x}) = -\log\sum_y\exp(f_\theta(\mathbf{x})[y])",
     "-log(Sum(exp(f_{\\theta}(y, x)), (y, 1, N_x)))", "call-bracket-entry"),
    ("code-call-entry", "y = f(x)[i]", "f(i, x)", "call-bracket-entry"),
    ("bracket-after-space-is-a-product", r"y = f(x) [i + 1]", "(i + 1)*f(x)", None),
    ("rashid-new-old-update", r"\text{new } w_{jk} = \text{old } w_{jk} - \alpha \cdot \frac{\partial E}{\partial "
     r"w_{jk}}", "-alpha*Derivative(E(w[j, k]), w[j, k]) + w[j, k]", "new-old-update"),
    # (session 44: l, beside the summed j and k in W_{jkl}, is the output's index, so b_l, V_{jl} are entries too)
    ("chainer-bilinear-inputs", r"y_{il} = \sum_{jk} e^1_{ij} e^2_{ik} W_{jkl} + \sum_{j} e^1_{ij} V^1_{jl} + "
     r"\sum_{k} e^2_{ik} V^2_{kl} + b_{l}", "b[l] + Sum(V^[1][j, l]*e^[1]_i[j], (j, 1, N_e1i)) + Sum(V^[2][k, l]*"
     "e^[2]_i[k], (k, 1, N_e2i)) + Sum(W[j, k, l]*e^[1]_i[j]*e^[2]_i[k], (k, 1, N_e2i), (j, 1, N_e1i))",
     "superscript-digit-layer"),
    ("euler-square-stays", r"y = e^2 + x", "x + exp(2)", None),
    ("factorization-machine", r"\hat{y}(\mathbf{x}) := w_0 + \sum_{i=1}^{n} w_i x_i",
     "w_0 + Sum(w[i]*x[i], (i, 1, n))", "function-number"),
    ("function-of-the-whole-vector", r"g(\mathbf{x}) = \mathbf{x} + 1", "x + ones(n_1, 1)", None),
    ("backprop-chain-of-numbers", r"\frac{d\mathcal{L}}{dW^{(1)}} = \frac{dz^{(1)}}{dW^{(1)}}\frac{da^{(1)}}{dz^{(1)}}"
     r"\frac{dz^{(2)}}{da^{(1)}}\frac{d\mathcal{L}}{dz^{(2)}}", "Derivative(Lcal(z^(2)), z^(2))*Derivative(a^(1)(z^(1)), "
     "z^(1))*Derivative(z^(1)(W^(1)), W^(1))*Derivative(z^(2)(a^(1)), a^(1))", "chain-of-numbers"),
    ("scalar-chain-rule", r"\frac{\partial L}{\partial w} = \frac{\partial L}{\partial y}\frac{\partial y}{\partial w}",
     "Derivative(L(y), y)*Derivative(y(w), w)", "chain-of-numbers"),
    ("larochelle-gradient-of-negative-log", r"\nabla_{\mathbf{a}^{(L+1)}(\mathbf{x})} -\log f(\mathbf{x})_y = "
     r"-(\mathbf{e}(y) - \mathbf{f}(\mathbf{x}))", "-e(y) + f(x)", "function-entry"),
    ("mxnet-softmax-macro", r"p = \softmax(z)", "softmax(z)", "macro-function"),
    ("relu-macro", r"y = \relu(x)", "relu(x)", "macro-function"),
    ("mxnet-sigmoid-macro-bracket", r"i_t = \sigmoid[ W_{hi} h_{t-1} + b_i ]",
     "Lambda(_x, sigmoid(_x)).(W_{hi}*h_{t-1} + b_i)", "macro-function"),
    ("rbm-sum-over-visible-units", r"E = \sum_{i \in vis}\frac{(v_i - a_i)^2}{2\sigma_i^2} - \sum_{j \in hid}b_j h_j",
     "Sum((-a[i] + v[i])**2/(2*sigma[i]**2), (i, 1, N_v)) - Sum(b[j]*h[j], (j, 1, N_b))", "sum-over-set"),
    ("larochelle-transposed-layer-weight", r"\mathbf{g} = \mathbf{W}^{(k+1)^{\top}} \mathbf{d}", "W^(k+1).T*d", None),
    ("rbm-update-transposed-sample", r"\mathbf{W} \Leftarrow \mathbf{W} + \alpha\left(\mathbf{h}\,\mathbf{x}^{(t)^{\top}}"
     r" - \mathbf{g}\,\tilde{\mathbf{x}}^{\top}\right)", "alpha*(-g*xtilde.T + h*x^(t).T) + W", None),
    ("rate-to-the-horizon", r"G = \sum_{t=1}^T \gamma^T R", "Sum(gamma**T*R[t], (t, 1, T))", "greek-power-t"),
]


@pytest.mark.parametrize(("latex", "rhs", "rule"), [c[1:] for c in READINGS], ids=[c[0] for c in READINGS])
def test_readings(latex: str, rhs: str, rule: str | None) -> None:
    formula = symdl.parse(latex)
    assert str(formula.statements[0].rhs) == rhs
    if rule is not None:
        assert rule in [n.rule for n in formula.notes], [n.rule for n in formula.notes]


# formulas where a rule above must stay silent: (id, formula, the rule)
NOT_NOTED = [
    ("sigma-std-beside-sigmoid", r"y = \sigma(z) + \mu + \sigma \epsilon", "callee-factor"),
    ("gradient-of-a-function", r"x_{t+1} = x_t - \eta \nabla f(x_t)", "callee-factor"),
    ("function-alone-as-a-term", r"g = f(x) h + f", "callee-factor"),
    ("inverse-function-written-so", r"y = \sigma^{-1}(z)", "value-reciprocal"),
    ("square-of-a-value", r"y = \sigma(z)^{2}", "value-reciprocal"),
    ("skip-one-value", r"L = \sum_{r: r \neq c} s_r", "sum-where"),
    ("noise-beside-numbers", r"y = x + \epsilon, \quad \epsilon \sim \mathcal{N}(0, 1)", "drawn-noise-vector"),
    ("spaced-bracket", r"y = f(x) [i]", "call-bracket-entry"),
    ("new-without-old", r"\text{new } x = 2", "new-old-update"),
    ("derivative-times-delta", r"\frac{d\mathcal{L}}{d\theta_i} = \frac{df_i}{d\theta_i}\delta", "chain-of-numbers"),
    ("bold-chain-is-shaped", r"\frac{\partial L}{\partial \mathbf{w}} = \frac{\partial L}{\partial y}"
     r"\frac{\partial y}{\partial \mathbf{w}}", "chain-of-numbers"),
    ("log-two-plus", r"y = \log 2 + x", "number-argument"),
    ("log-x-plus-one", r"y = \log x + 1", "number-argument"),
]


@pytest.mark.parametrize(("latex", "rule"), [c[1:] for c in NOT_NOTED], ids=[c[0] for c in NOT_NOTED])
def test_rule_not_noted(latex: str, rule: str) -> None:
    assert rule not in [n.rule for n in symdl.parse(latex).notes]


def test_ddim_step_noise_is_a_vector_values() -> None:
    rng = np.random.default_rng(41)
    x, eps = rng.normal(size=(5, 1)), rng.normal(size=(5, 1))
    latex = (r"\boldsymbol{x}_{t-1} = \sqrt{\alpha_{t-1}} \boldsymbol{x}_t + "
             r"\underbrace{\sigma_t\epsilon_t}_{\text{random noise}}")
    got = symdl.lambdify(latex)(**{r"\boldsymbol{x}_t": x, r"\alpha_{t-1}": 0.81, r"\sigma_t": 0.3,
                                   r"\epsilon_t": eps})
    np.testing.assert_allclose(np.asarray(got).reshape(5, 1), 0.9 * x + 0.3 * eps, rtol=1e-12)


def test_v_trace_note_points_at_the_bare_name() -> None:
    latex = r"v_s = V(x_s) + \delta_sV + \gamma c_s\left(v_{s+1} - V(x_{s+1})\right)"
    (n,) = [n for n in symdl.parse(latex).notes if n.rule == "callee-factor"]
    assert latex[n.span.start : n.span.end] == "V"
    assert n.span.start == latex.index(r"\delta_sV") + len(r"\delta_s")
    assert "V(x_s)" in n.alternative


def test_sigmoid_value_reciprocal_values() -> None:
    z = np.linspace(-3.0, 3.0, 7)
    got = symdl.lambdify(r"y = \sigma(z)^{-1}")(z=z)
    np.testing.assert_allclose(got, 1.0 + np.exp(-z), rtol=1e-12)


def test_pointer_generator_energies_are_a_family_of_two_indices() -> None:
    formula = symdl.parse(r"e^t_i = v^T \tanh(W_h h_i + W_s s_t + b_{attn})")
    assert str(formula.statements[0].lhs) == "e[t, i]"


def test_class_mean_by_label_values() -> None:
    x, y = np.array([1.0, 2.0, 3.0, 4.0, 5.0]), np.array([1, 2, 1, 2, 1])
    f = symdl.lambdify(r"\mu_k = \frac{1}{N_k}\sum_{i: y_i = k} x_i")
    for k in (1, 2):
        assert np.isclose(float(f(x=x, y=y, k=k, N_k=int((y == k).sum()))), x[y == k].mean(), rtol=1e-12)


def test_sum_where_note_spans_the_operator_and_its_condition() -> None:
    latex = r"y = \sum_{j : s_j > 0} s_j"
    (n,) = [n for n in symdl.parse(latex).notes if n.rule == "sum-where"]
    assert latex[n.span.start : n.span.end] == r"\sum_{j : s_j > 0}"


def test_langevin_step_values() -> None:
    rng = np.random.default_rng(7)
    x, g, w = rng.normal(size=(4, 1)), rng.normal(size=(4, 1)), rng.normal(size=(4, 1))
    latex = (r"\tilde{\mathbf{x}}^k = \tilde{\mathbf{x}}^{k-1} - \frac{\lambda}{2}\mathbf{g} + \omega^k, \quad "
             r"\omega^k \sim \mathcal{N}(0, \lambda)")
    got = symdl.lambdify(latex)(**{r"\tilde{\mathbf{x}}^{k-1}": x, r"\lambda": 0.2, r"\mathbf{g}": g, r"\omega^k": w})
    np.testing.assert_allclose(np.asarray(got).reshape(4, 1), x - 0.1 * g + w, rtol=1e-12)


@pytest.mark.parametrize("latex", [
    r"\mathbf{w}^{(t+\frac{1}{2})} = \mathbf{w}^{(t)} - \eta \mathbf{g}",
    r"\mathbf{w}^{(t+1)} = \operatorname*{argmin}_{\mathbf{w}\in\mathcal{H}}\|\mathbf{w} - \mathbf{w}^{(t+\frac{1}{2})}\|",
], ids=["defined", "projected"])
def test_half_step_is_a_name_not_a_power(latex: str) -> None:
    formula = symdl.parse(latex)
    assert "w^(t+1/2)" in {str(k) for k in formula.shapes}
    assert not any(isinstance(n, sympy.HadamardPower) for st in formula.statements
                   for n in sympy.preorder_traversal(st.rhs))


def test_unapplied_composition_refused() -> None:
    latex = r"J_\mathbf{w}(\mathbf{f}\circ\mathbf{g}) = J_{\mathbf{g}(\mathbf{w})}(\mathbf{f})\,J_\mathbf{w}(\mathbf{g})"
    with pytest.raises(symdl.SymdlError, match="composition") as info:
        symdl.parse(latex)
    assert latex[info.value.span.start : info.value.span.end] == r"\mathbf{f}\circ\mathbf{g}"


@pytest.mark.parametrize("latex", [r"c_t = f_t \circ c_{t-1} + i_t \circ g_t", r"y = a \circ b"], ids=["gates", "names"])
def test_circ_between_values_stays_hadamard(latex: str) -> None:
    assert symdl.parse(latex).statements[0].rhs.has(sympy.HadamardProduct)


def test_mxnet_gru_cdot_gates_are_elementwise() -> None:
    latex = (r"r_t &= \sigma(W_0 x_t + W_3 h_{t-1} + b_0 + b_3) \\ z_t &= \sigma(W_1 x_t + W_4 h_{t-1} + b_1 + b_4) \\ "
             r"h'_t &= \tanh(W_2 x_t + b_2 + r_t \cdot (W_5 h_{t-1} + b_5)) \\ "
             r"h_t &= (1 - z_t) \cdot h'_t + z_t \cdot h_{t-1}")
    formula = symdl.parse(latex)
    assert [str(st.rhs) for st in formula.statements[2:]] == [
        "Lambda(_x, tanh(_x)).(HadamardProduct(r_t, W_5*h_{t-1} + b_5) + W_2*x_t + b_2)",
        "HadamardProduct(-z_t + ones(n_1, 1), h'_t) + HadamardProduct(z_t, h_{t-1})"]
    assert "gate-elementwise" in [n.rule for n in formula.notes]
    rng = np.random.default_rng(3)
    v = {k: rng.normal(size=(3, 1)) for k in ("x_t", "h_{t-1}", "b_0", "b_1", "b_2", "b_3", "b_4", "b_5")}
    w = {f"W_{k}": rng.normal(size=(3, 3)) for k in range(6)}
    got = symdl.lambdify(latex)(**v, **w)
    sig = lambda u: 1 / (1 + np.exp(-u))  # noqa: E731
    r = sig(w["W_0"] @ v["x_t"] + w["W_3"] @ v["h_{t-1}"] + v["b_0"] + v["b_3"])
    z = sig(w["W_1"] @ v["x_t"] + w["W_4"] @ v["h_{t-1}"] + v["b_1"] + v["b_4"])
    hp = np.tanh(w["W_2"] @ v["x_t"] + v["b_2"] + r * (w["W_5"] @ v["h_{t-1}"] + v["b_5"]))
    np.testing.assert_allclose(np.asarray(got["h_t"]).reshape(3, 1), (1 - z) * hp + z * v["h_{t-1}"], rtol=1e-12)


def test_factorization_machine_values() -> None:
    rng = np.random.default_rng(5)
    x, w = rng.normal(size=4), rng.normal(size=4)
    full = (r"\hat{y}(\mathbf{x}) := w_0 + \sum_{i=1}^{n} w_i x_i + \sum_{i=1}^{n} \sum_{j=i+1}^{n} "
            r"\langle \mathbf{v}_i, \mathbf{v}_j \rangle x_i x_j")
    assert "w_0" not in {str(k) for k in symdl.parse(full).shapes}
    linear = r"\hat{y}(\mathbf{x}) := w_0 + \sum_{i=1}^{n} w_i x_i"
    got = symdl.lambdify(linear)(**{r"\mathbf{x}": x, "w_0": 0.5, "w": w, "n": 4})
    assert np.isclose(float(np.asarray(got).reshape(-1)[0]), 0.5 + w @ x, rtol=1e-12)


def test_softmax_of_a_row_of_two_index_scores_refused() -> None:
    latex = r"e^t_i = v^T \tanh(W_h h_i + W_s s_t + b_{attn}) \\ a^t = \text{softmax}(e^t)"
    with pytest.raises(symdl.SymdlError, match="two indices") as info:
        symdl.parse(latex)
    assert latex[info.value.span.start : info.value.span.end] == r"\text{softmax}(e^t)"
