r"""Session 36, from the silent readings left in held-out set 39 and found on the way:

* code's ``torch.exp(out / eps).t()`` and TeX's ``(\exp(x))^T y``: the transpose of a known function's value that
  symdl reads as a number is refused (before: the transpose was dropped, silently);
* ``\nabla f(\mathbf{x})^T \mathbf{d}`` (a directional derivative, a Taylor step): a number (before: its left side
  was made a vector, as if the bare gradient of a call were a number);
* Ng's Gram entry ``G_{kk'}^{[l]} = \sum_i \sum_j a_{ijk}^{[l]} a_{ijk'}^{[l]}``: a number (before: a layer's capital,
  given a matrix's shape though set equal to a sum of numbers);
* Sophia's ``B \cdot \nabla \hat{L}(\theta) \odot \nabla \hat{L}(\theta)``: θ a vector, B the batch size (noted
  ``count-dot``; before: B a matrix, the gradients numbers);
* ``(1 - M) \odot G(\hat{z})`` (an inpainting generator): refused by name (before: G's value a number scaling 1 - M);
* a norm written with bars around an ``\odot`` (``||M \odot y||_1``, LPIPS's ``\|w_l \odot (\dots)\|_2^2``): read (before:
  "never closed", the product split the bars apart); LPIPS's ``\hat{y}^l_{0hw}`` beside the sum over h, w refused by
  name (a fixed position mixed with indices);
* code identifiers with digits: ``b_grad2`` one name (before: b_grad times 2, silently), ``w1_grad``, ``l2_norm``
  (before: "double subscript"), ``sqrt_2_over_pi`` (before: refused as a lost backslash); chained holders
  ``self.config.lr`` and TRL's ``self.kl_ctl.value`` (before: refused), Python's private ``self._commitment_cost``;
* PPO's ``\rho_t(\boldsymbol{\theta}) A_t``: the ratio, a function of the parameters (``call-of-parameters``), a
  number (before: the product ρ_t θ A_t, silently), and ``\text{clip}`` of it kept unevaluated (before: an internal
  "not comparable" error);
* an align row's later column (Goh's ``w_{k+1} &= \dots + \beta_k(w_k - w_{k-1}) & 0 \leq \beta < 1``) is a clause of
  its own (before: the momentum term times 0, silently);
* plain text's ``prod_j`` is ``\prod_j`` (before: a name prod times the factor, silently), and a product's divisor
  without its index divides once (``prod-divisor``: the TFP docs' Dirichlet ``\prod_j x_j^{\alpha_j - 1} / Z``);
* ONNX's ``ReduceMean<axes=...>(X)`` refused by name (before: a chain of inequalities, silently);
* word2vec's ``\text{input} \cdot \text{context}`` noted as a product of numbers (``dot-of-numbers``);
* CBAM's ``\mathbf{M}_c(\mathbf{F})``: a bold capital before one name in parentheses is noted as the matrix product
  (``product-of-a-bold-matrix``; before: silent);
* deformable convolution's ``x(p + p_k + \Delta p_k)`` beside ``y(p)``: the input at a shifted location, a call
  (``call-shifted-argument``; before: x times the sum, silently);
* Glow's ``\frac{d\,f(h)}{d\,h}`` (a thin space after the differential) and a flow's ``\log{} |\det J|`` (an empty
  group after a function) read (before: refused);
* the center loss' ``\delta(y_i = j)``: the indicator of the equality (``delta-indicator``; before: refused);
* TeX's ``a \cdot (b - c)`` is no numpy ``dot(``: b and c stay numbers (before: arrays beside code's product);
* code: ``tf.transpose(x)`` the transpose, ``torch.tensor(c)`` the value, numpy's in-place ``p[:] -= ...`` assigns p (all refused before); a trailing index range typed ``i=1,2,3...n`` set aside as ``i = 1, \ldots, n`` is;
* the Boltzmann machine's ``\sum_{i<j} s_i s_j w_{ij}``: every pair once (``sum-over-pairs``; before: refused);
* a text box of four words or more with English's small words is a comment (``prose-clause``; before: a name of seven
  words joined, a statement of its own);
* the center loss' ``\partial L / \partial \boldsymbol{x}_i = \boldsymbol{x}_i - \boldsymbol{c}_{y_i}``: read member
  by member (``family-member-each``), the label's member ``\boldsymbol{c}_{y_i}`` no longer blocking it (before:
  refused as a member of a family of vectors);
* a flow's ``\log|\det \frac{df(\mathbf{x})}{d\mathbf{x}}|``: f vector-valued, the derivative its Jacobian
  (``function-jacobian``; before: refused as the determinant of a vector);
* d2l's attention head ``f(\mathbf{W}_i^{(q)}\mathbf{q}, \dots) \in \mathbb{R}^{p_v}``: vector-valued
  (``function-stated-vector``; before: refused);
* cs229's softmax log-likelihood ``\sum_i \log \prod_l (\dots)^{1\{y^{(i)} = l\}}``: the indicator stays inside the
  product (before: SymPy's Sum folded it out over the whole product, l left free, silently);
* DDIM's ``\dots + \sigma_t \epsilon_t`` beside a vector: the noise is a vector (``noise-vector``; before: one number
  added to every entry, noted as a broadcast);
* Rprop's ``\eta^i_t`` beside ``\eta^i_{t-1}``: coordinate i (``superscript-coordinate``; before: a power, the update
  refused); the Switch Transformer's ``\text{argmax}\,p(x)`` of the call (before: refused); PaddlePaddle's
  ``\sigma(Logit)`` a name (before: "a function with no argument"); PyTorch's ``\text{kernel\_size}[0]`` an entry
  (before: refused); eqnarray's ``a &=& b`` and an align row's comment column ``& \text{definition of expectation}``
  (left out to the row's end: before, the prose joined the chain as a factor).
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl

# (id, formula, the first statement's right side as read, a note's rule or None)
READINGS = [
    ("word-then-digits", "x = b_grad2 * 2", "2*b_{grad2}", "word-subscript"),
    ("digits-then-word", "x = w1_grad * 2 + b1", "b_1 + 2*w_{1_grad}", "name-digits"),
    ("jax-gelu-constant", "cdf = 0.5 * (1.0 + jnp.tanh(sqrt_2_over_pi * x))", "0.5*tanh(sqrt_{2_over_pi}*x) + 0.5",
     "word-subscript"),
    ("chained-holders", "x = self.config.lr * g", "g*lr", "code-holder"),
    ("trl-kl-controller", "non_score_reward = -self.kl_ctl.value * kl", "-kl*kl_ctl", "code-node-field"),
    ("own-value-setting", "x = self.value * 2", "2*value", "code-self"),
    ("vqvae-private-setting", "loss = q_latent_loss + self._commitment_cost * e_latent_loss",
     "commitment_cost*e_{latent_loss} + q_{latent_loss}", "code-self"),
    ("ppo-ratio", r"y = \rho_t(\theta) A_t", "A_t*rho_t(theta)", "call-of-parameters"),
    ("greek-of-phi", r"y = \pi_t(\phi) + 1", "pi_t(phi) + 1", None),
    ("coefficient-of-a-sum", r"y = \lambda(\theta + 1)", "lambda*(theta + 1)", None),
    ("numbered-coefficient", r"y = \lambda_1(\theta)", "lambda_1*theta", None),
    ("deformable-conv", r"y(p) = \sum_{k=1}^{K}w_k\cdot x(p + p_k + \Delta p_k)\cdot\Delta m_k",
     "Sum(x(p + Deltap[k] + p[k])*Deltam[k]*w[k], (k, 1, K))", "call-shifted-argument"),
    ("shifted-signal", r"f(t) = g(t + t_0) + c(t + t_1)", "c(t + t_1) + g(t + t_0)", "call-shifted-argument"),
    ("offset-without-function", r"y = a(p + p_k)", "a*(p + p[k])", None),
    ("thin-space-differential", r"y = \frac{d\,f(h)}{d\,h}", "Derivative(f(h), h)", None),
    ("empty-group-after-log", r"y = \log{}x", "log(x)", None),
    ("tex-cdot-bracket", r"y = a \cdot(b - c)", "a*(b - c)", None),
    ("tf-transpose", "gram = tf.matmul(features, tf.transpose(features))", "features*features.T", "code-library"),
    ("torch-tensor", "y = x * torch.tensor(2.0 / torch.pi)", "2*x/pi", "code-library"),
    ("numpy-whole-slice", "p[:] -= lr * v / (np.sqrt(s) + eps)", "-lr*v/(eps + sqrt(s)) + p", "code-full-slice"),
    ("glued-index-range", r"g(v_i)=\frac{e^{v_i/t}}{\sum_{j=1}^n{e^{v_j/t}}},i=1,2,3...n",
     "exp(v[i]/t)/Sum(exp(v[j]/t), (j, 1, n))", "condition-clause"),
    ("rprop-step-size", r"\eta^i_t \leftarrow \mathrm{min}(\eta^i_{t-1} \eta_{+}, \Gamma_{max})",
     "Min(Gamma_{max}, eta_+*eta_{t-1}[i])", "superscript-coordinate"),
    ("coordinate-update", r"w^i_t = w^i_{t-1} - g^i_t", "-g_t[i] + w_{t-1}[i]", "superscript-coordinate"),
    ("single-superscript-power", r"y = x^i_t", "x_t**i", "superscript-power"),
    ("argmax-thin-space", r"y = \text{argmax}\,p(x)", "ArgMaxOver(p(j, x), (j, 1, N_p))", "argmax-value"),
    ("argmax-then-a-term", r"y = \text{argmax}\, p(x) + 1", "ArgMaxOver(p(j, x), (j, 1, N_p)) + 1", "argmax-value"),
    ("log-before-argument", r"y = \log x", "log(x)", None),
    ("tf-polynomial-decay-code", "decayed = ((initial_learning_rate - end_learning_rate) * (1 - step / decay_steps) ^ "
     "(power)) + end_learning_rate", "end_learning_rate + (1 - step/decay_steps)**power*(-end_learning_rate + "
     "initial_learning_rate)", "word-name"),
]


@pytest.mark.parametrize(("latex", "rhs", "rule"), [c[1:] for c in READINGS], ids=[c[0] for c in READINGS])
def test_readings(latex: str, rhs: str, rule: str | None) -> None:
    formula = symdl.parse(latex)
    assert str(formula.statements[0].rhs) == rhs
    if rule is not None:
        assert rule in [n.rule for n in formula.notes], [n.rule for n in formula.notes]


@pytest.mark.parametrize("latex", [
    "K = torch.exp(out / eps).t()",
    r"y = (\exp(x))^T v",
    r"p = \exp(S)^T",
], ids=["sinkhorn-code-t", "tex-exp-transposed", "exp-capital-transposed"])
def test_transpose_of_a_number_valued_call_refused(latex: str) -> None:
    with pytest.raises(symdl.SymdlError, match="transpose of a value"):
        symdl.parse(latex)


@pytest.mark.parametrize("latex", [
    r"g = (\nabla f(\mathbf{x}))^T \mathbf{d}",
    r"y = \nabla f(\mathbf{x})^T \mathbf{d}",
    r"g = \mathbf{d}^T \nabla f(\mathbf{x})",
], ids=["parenthesised", "on-the-call", "row-first"])
def test_directional_derivative_is_a_number(latex: str) -> None:
    formula = symdl.parse(latex)
    assert formula.statements[0].lhs.name not in formula.shapes
    assert formula.statements[0].rhs.shape == (1, 1)


def test_transposed_function_of_a_vector_still_reads() -> None:
    formula = symdl.parse(r"y = \tanh(W\mathbf{h})^T \mathbf{x}")
    w, h, x = (np.random.default_rng(40).normal(size=s) for s in ((3, 4), (4, 1), (3, 1)))
    got = symdl.lambdify(formula)(**{"W": w, r"\mathbf{h}": h, r"\mathbf{x}": x})
    assert "y" not in formula.shapes
    assert np.allclose(np.asarray(got).ravel(), (np.tanh(w @ h).T @ x).ravel(), rtol=1e-12)


@pytest.mark.parametrize("latex", [
    r"G_{kk'}^{[l]} = \sum_{i=1}^{n_H^{[l]}} \sum_{j=1}^{n_w^{[l]}} a_{ijk}^{[l]} a_{ijk'}^{[l]}",
    r"G^{[l]} = \sum_{i} a_{i} b_{i}",
], ids=["ng-gram-entry", "layer-capital-sum"])
def test_layer_capital_set_to_a_sum_of_numbers_is_a_number(latex: str) -> None:
    formula = symdl.parse(latex)
    assert formula.shapes == {} or all(str(k).startswith(("a", "b", "n")) for k in formula.shapes)


def test_layer_capital_set_to_outer_products_stays_a_matrix() -> None:
    formula = symdl.parse(r"W^{[l]} = \sum_i x_i x_i^T")
    assert formula.shapes["W^[l]"][0] == formula.shapes["W^[l]"][1]


@pytest.mark.parametrize(("latex", "count"), [
    (r"\hat{\mathbf{h}} = B\cdot\nabla\hat{L}(\theta)\odot\nabla\hat{L}(\theta)", "B"),
    (r"\mathbf{y} = N \cdot \mathbf{x}", "N"),
], ids=["sophia-hessian-estimate", "count-times-vector"])
def test_batch_capital_before_cdot_is_a_number(latex: str, count: str) -> None:
    formula = symdl.parse(latex)
    assert count not in formula.shapes
    assert [n.rule for n in formula.notes].count("count-dot") == 1


def test_sophia_theta_shaped_as_the_estimate() -> None:
    latex = r"\hat{\mathbf{h}} = B\cdot\nabla\hat{L}(\theta)\odot\nabla\hat{L}(\theta)"
    formula = symdl.parse(latex)
    assert formula.shapes["theta"] == formula.shapes["hhat"]


@pytest.mark.parametrize(("latex", "rule"), [
    (r"\mathbf{y} = B \mathbf{x}", "capital-matrix"),  # no \cdot: the matrix B
    (r"m = B \cdot h_v", "dot-of-numbers"),  # nothing is an array
    (r"h_t = A h_{t-1} + B \cdot x_t", None),  # an SSM's B, made a matrix by its sum with A h
], ids=["no-dot", "numbers", "ssm-input-matrix"])
def test_count_dot_not_noted(latex: str, rule: str | None) -> None:
    formula = symdl.parse(latex)
    rules = [n.rule for n in formula.notes]
    assert "count-dot" not in rules
    if rule == "dot-of-numbers":
        assert rule in rules


@pytest.mark.parametrize("latex", [
    r"x_{\rm reconstructed} = M\odot y + (1-M)\odot G(\hat z)",
    r"x = (1 - M) \odot G(z)",
], ids=["inpainting-blend", "plain-generator"])
def test_unknown_function_value_as_hadamard_operand_refused(latex: str) -> None:
    with pytest.raises(symdl.SymdlError, match="unknown function's value"):
        symdl.parse(latex)


def test_entrywise_function_operand_still_reads() -> None:
    formula = symdl.parse(r"h = o \odot f(c)")
    assert "function-entrywise" in [n.rule for n in formula.notes]
    assert formula.shapes["c"] == formula.shapes["o"]


@pytest.mark.parametrize(("latex", "names"), [
    (r"L = ||M\odot y||_1", {"M", "y"}),
    (r"d = \|w\odot y\|_2^2", {"w", "y"}),
    (r"d = \|w \odot (y - z)\|_2 + a \odot b", {"w", "y", "z", "a", "b", "d"}),
], ids=["double-bar-l1", "norm-squared", "norm-beside-product"])
def test_hadamard_inside_norm_bars(latex: str, names: set[str]) -> None:
    formula = symdl.parse(latex)
    assert {str(k) for k in formula.shapes} == names


def test_masked_l1_values() -> None:
    m, y = (np.random.default_rng(42).normal(size=(5, 1)) for _ in range(2))
    got = symdl.lambdify(r"L = ||M\odot y||_1")(M=m, y=y)
    assert np.isclose(float(np.asarray(got)), np.abs(m * y).sum(), rtol=1e-12)


def test_fixed_position_beside_several_indices_refused() -> None:
    latex = r"d = \sum_l\frac{1}{H_lW_l}\sum_{h,w}\|w_l\odot(\hat{y}^l_{hw} - \hat{y}^l_{0hw})\|_2^2"
    with pytest.raises(symdl.SymdlError, match="mixes the index"):
        symdl.parse(latex)


def test_keras_cosine_loss_reads_l2_norm_as_a_function() -> None:
    formula = symdl.parse("loss = -sum(l2_norm(y_true) * l2_norm(y_pred))")
    assert "l_{2_norm}" in str(formula.statements[0].rhs)


def test_ppo_clipped_objective_reads_as_numbers() -> None:
    latex = (r"L(\boldsymbol{\theta}) = \mathbb{E}_t\left[\min\left(\rho_t(\boldsymbol{\theta})A_t, \text{clip}("
             r"\rho_t(\boldsymbol{\theta}), 1-\epsilon, 1+\epsilon)A_t\right)\right]")
    formula = symdl.parse(latex)
    rules = [n.rule for n in formula.notes]
    assert rules.count("call-of-parameters") == 1 and "function-number" in rules
    assert "Min(A_t*rho_t(theta)" in str(formula.statements[0].rhs)


@pytest.mark.parametrize(("latex", "count"), [
    (r"w_{k+1} &= w_k - \gamma_k\nabla f_i(w_k) + \beta_k(w_k - w_{k-1}) & 0 \leq \beta < 1", 3),
    (r"w &= a + b(c - d) && 0 \leq \beta < 1", 3),
    (r"x &= 1 & y &= 2", 2),
    (r"a &\leq b & c &\leq d", 2),
    (r"\mathbf{h}_{1} &=& \mathbf{a}[\boldsymbol\beta_{0} + \boldsymbol\Omega_{0}\mathbf{x}]", 1),
    (r"\mathbf{m}_{t+1} &\leftarrow& \beta \mathbf{m}_{t} + (1-\beta) \mathbf{g}", 1),
], ids=["goh-momentum-condition", "double-mark", "two-equations", "two-comparisons", "eqnarray-relation",
        "eqnarray-update"])
def test_align_columns_are_clauses(latex: str, count: int) -> None:
    formula = symdl.parse(latex)
    assert len(formula.statements) == count
    assert "0" not in str(formula.statements[0].rhs).split("*")


def test_goh_momentum_term_kept() -> None:
    formula = symdl.parse(r"w_{k+1} &= w_k - \gamma_k\nabla f_i(w_k) + \beta_k(w_k - w_{k-1}) & 0 \leq \beta < 1")
    assert "beta[k]" in str(formula.statements[0].rhs)


@pytest.mark.parametrize(("latex", "rule"), [
    (r"p = \prod_j x_j^{a_j - 1} / Z", "prod-divisor"),
    ("pdf(x; alpha) = prod_j x_j**(alpha_j - 1) / Z", "code-sum"),
], ids=["tex-dirichlet", "tfp-dirichlet-plain"])
def test_product_divided_once(latex: str, rule: str) -> None:
    formula = symdl.parse(latex)
    assert rule in [n.rule for n in formula.notes]
    x, a, z = np.array([0.2, 0.5, 0.3]), np.array([2.0, 3.0, 1.5]), 0.7
    names = {n: v for n, v in (("x", x), ("a", a), ("alpha", a), ("Z", z))}
    fn = symdl.lambdify(formula)
    got = fn(**{k: v for k, v in names.items() if k in {str(s) for s in formula.symbols}})
    assert np.isclose(float(got), np.prod(x ** (a - 1)) / z, rtol=1e-12)


def test_divisor_with_the_index_stays_inside() -> None:
    formula = symdl.parse(r"p = \prod_j x_j / y_j")
    assert "prod-divisor" not in [n.rule for n in formula.notes]
    x, y = np.array([0.2, 0.5, 0.3]), np.array([2.0, 3.0, 1.5])
    assert np.isclose(float(symdl.lambdify(formula)(x=x, y=y)), np.prod(x / y), rtol=1e-12)


def test_onnx_template_call_refused() -> None:
    with pytest.raises(symdl.SymdlError, match="angle brackets"):
        symdl.parse(r"Mean = ReduceMean<axes=normalized_axes>(X) \\ D = Sub(X, Mean)")


def test_word_dot_noted() -> None:
    formula = symdl.parse(r"\text{error} = \text{target} - \sigma(\text{input} \cdot \text{context})")
    assert "dot-of-numbers" in [n.rule for n in formula.notes]


def test_bold_capital_before_one_name_noted() -> None:
    formula = symdl.parse(r"\mathbf{F}' = \mathbf{M}_c(\mathbf{F})\otimes\mathbf{F}")
    assert "product-of-a-bold-matrix" in [n.rule for n in formula.notes]


def test_bold_capital_before_a_sum_not_noted() -> None:
    formula = symdl.parse(r"\mathbf{y} = \mathbf{W}(\mathbf{x} + \mathbf{b})")
    assert "product-of-a-bold-matrix" not in [n.rule for n in formula.notes]
    assert str(formula.statements[0].rhs) == "W*(b + x)"


def test_center_loss_delta_is_an_indicator() -> None:
    latex = r"\Delta c_j = \frac{\sum_{i=1}^{m}\delta(y_i = j)\cdot(c_j - x_i)}{1 + \sum_{i=1}^{m}\delta(y_i = j)}"
    formula = symdl.parse(latex)
    assert [n.rule for n in formula.notes].count("delta-indicator") == 1
    y, x = np.array([1, 2, 1, 3]), np.array([0.5, -1.0, 2.0, 4.0])
    c = np.array([0.25, 0.5, -0.1])  # one centre per class: \Delta c_j is the update of every centre j (session 50)
    got = symdl.lambdify(formula)(y=y, x=x, c=c, m=4)
    want = [np.sum((y == j) * (c[j - 1] - x)) / (1 + (y == j).sum()) for j in (1, 2, 3)]
    np.testing.assert_allclose(np.ravel(got), want, rtol=1e-12)


def test_dirac_delta_still_refused() -> None:
    with pytest.raises(symdl.SymdlError, match="Dirac"):
        symdl.parse(r"y = \delta(t) + 1")


def test_gram_matrix_values() -> None:
    f = np.random.default_rng(43).normal(size=(3, 5))
    got = symdl.lambdify("gram = tf.matmul(features, tf.transpose(features))")(features=f)
    assert np.allclose(got, f @ f.T, rtol=1e-12)


def test_value_method_named_like_a_module_stays_a_method() -> None:
    formula = symdl.parse("y = activations.transpose()")  # Nielsen's activations: a value, no Keras module
    assert str(formula.statements[0].rhs) == "activations.T"


@pytest.mark.parametrize(("latex", "want"), [
    (r"E = -\sum_i s_i b_i - \sum_{i<j} s_i s_j w_{ij}",
     lambda s, b, w: -s @ b - sum(s[i] * s[j] * w[i, j] for j in range(len(s)) for i in range(j))),
    (r"E = \sum_{i \geq j} w_{ij}", lambda s, b, w: np.tril(w).sum()),
], ids=["boltzmann-energy", "lower-triangle"])
def test_sum_over_pairs_values(latex: str, want: object) -> None:
    rng = np.random.default_rng(44)
    s, b, w = rng.normal(size=4), rng.normal(size=4), rng.normal(size=(4, 4))
    formula = symdl.parse(latex)
    assert "sum-over-pairs" in [n.rule for n in formula.notes]
    given = {"s": s, "b": b, "w": w}
    got = symdl.lambdify(formula)(**{k: v for k, v in given.items() if k in {str(x) for x in formula.symbols}})
    assert np.isclose(float(got), want(s, b, w), rtol=1e-12)  # type: ignore[operator]


def test_steps_before_a_count_read_from_one() -> None:
    """(Refused until session 49; now the steps 1..T-1 before the count T, noted ``sum-below-count``.)"""
    formula = symdl.parse(r"E = \sum_{t<T} r_t")
    assert "sum-below-count" in [n.rule for n in formula.notes]
    assert "(t, 1, T - 1)" in str(formula.statements[0].rhs)


@pytest.mark.parametrize("latex", [
    r"y_i = \sum_{j} w_{ij}x_{j}\hspace{10mm}\text{Calculation of a single output neuron without bias}",
    r"y_i = \sum_{j} w_{ij}x_{j} \quad \text{the output of the unit}",
], ids=["hspace-comment", "quad-comment"])
def test_prose_text_is_a_comment(latex: str) -> None:
    formula = symdl.parse(latex)
    assert len(formula.statements) == 1
    assert "prose-clause" in [n.rule for n in formula.notes]


def test_center_loss_gradient_reads_each_member() -> None:
    formula = symdl.parse(r"\frac{\partial\mathcal{L}_C}{\partial\boldsymbol{x}_i} = \boldsymbol{x}_i - "
                          r"\boldsymbol{c}_{y_i}")
    rules = [n.rule for n in formula.notes]
    assert "family-member-each" in rules and "label-member" in rules
    assert formula.shapes["x_i"][1] == 1


def test_member_beside_a_plain_vector_without_its_letter_on_the_left_stays_refused() -> None:
    with pytest.raises(symdl.SymdlError, match="one vector of a family"):
        symdl.parse(r"\mathbf{d} = \mathbf{x}_i - \mathbf{c}")


def test_summed_member_stays_a_family() -> None:
    formula = symdl.parse(r"\mathbf{s} = \sum_i \mathbf{x}_i")
    assert "x_i" not in {str(k) for k in formula.shapes}


def test_dirichlet_normaliser_divides_once() -> None:
    formula = symdl.parse(r"Z = \prod_j \Gamma(\alpha_j) / \Gamma(\sum_j \alpha_j)")
    assert "prod-divisor" in [n.rule for n in formula.notes]
    a = np.array([2.0, 3.0, 1.5])
    from math import gamma
    fn = symdl.lambdify(formula, functions={"Gamma": np.vectorize(gamma)})
    assert np.isclose(float(fn(**{"\\alpha": a})), np.prod([gamma(v) for v in a]) / gamma(a.sum()), rtol=1e-12)


@pytest.mark.parametrize("latex", [
    r"\log p_x(\mathbf{x}) = \log p_z(f(\mathbf{x})) + \log{} \left|\det \frac{df(\mathbf{x})}{d\mathbf{x}}\right|",
    r"L = \log \left|\det \frac{\partial f(\mathbf{x})}{\partial \mathbf{x}}\right|",
], ids=["flow-change-of-variables", "log-det-jacobian"])
def test_flow_jacobian(latex: str) -> None:
    formula = symdl.parse(latex)
    rules = [n.rule for n in formula.notes]
    assert "function-jacobian" in rules and "jacobian-layout" in rules
    assert "Determinant(J_{f(x)}(x))" in str(formula.statements[0].rhs)


def test_stated_vector_function() -> None:
    formula = symdl.parse(r"y = f(\mathbf{a}, \mathbf{b}) \in \mathbb{R}^{d}")
    assert "function-stated-vector" in [n.rule for n in formula.notes]
    assert str(formula.shapes["y"]) == "(d, 1)"


def test_indicator_exponent_stays_in_the_product() -> None:
    latex = r"\ell = \sum_{i=1}^n \log \prod_{l=1}^k \left(\frac{a_{il}}{b}\right)^{1\{y^{(i)}=l\}}"
    rng = np.random.default_rng(46)
    a, y = rng.uniform(0.1, 1.0, size=(3, 4)), np.array([1, 3, 2])
    got = symdl.lambdify(latex)(a=a, b=2.0, y=y, n=3, k=4)
    assert np.isclose(float(got), sum(np.log(a[i, y[i] - 1] / 2.0) for i in range(3)), rtol=1e-12)


def test_softmax_regression_likelihood_keeps_the_indicator_inside() -> None:
    latex = (r"\ell(\theta) = \sum_{i=1}^n \log \prod_{l=1}^k \left(\frac{e^{\theta_l^T x^{(i)}}}{\sum_{j=1}^k "
             r"e^{\theta_j^T x^{(i)}}}\right)^{1\{y^{(i)}=l\}}")
    rhs = symdl.parse(latex).statements[0].rhs
    assert str(rhs).startswith("Sum(log(Product(Piecewise(")


def test_sum_of_products_with_indicator_values() -> None:
    rng = np.random.default_rng(47)
    a, y = rng.uniform(0.1, 1.0, size=(5, 4)), np.array([1, 4, 2, 2, 3])
    latex = r"L = \sum_{i=1}^n \prod_{l=1}^k \left(\frac{a_{il}}{\sum_{j=1}^k a_{ij}}\right)^{1\{y^{(i)}=l\}}"
    got = symdl.lambdify(latex)(a=a, y=y, n=5, k=4)
    assert np.isclose(float(got), sum(a[i, y[i] - 1] / a[i].sum() for i in range(5)), rtol=1e-12)


@pytest.mark.parametrize(("latex", "name"), [
    (r"\boldsymbol{x}_{t-1} = \sqrt{\alpha_{t-1}} \boldsymbol{x}_t + \sigma_t\epsilon_t", "epsilon_t"),
    (r"\mathbf{x} = \boldsymbol{\mu} + \sigma \varepsilon", "varepsilon"),
], ids=["ddim-noise", "vae-noise"])
def test_scaled_epsilon_beside_a_vector_is_noise(latex: str, name: str) -> None:
    formula = symdl.parse(latex)
    assert "noise-vector" in [n.rule for n in formula.notes]
    assert formula.shapes[name][1] == 1


@pytest.mark.parametrize("latex", [
    r"\boldsymbol{\theta} = \boldsymbol{\theta} - \eta \frac{\mathbf{m}}{\sqrt{\mathbf{v}} + \epsilon}",
    r"y = a + \sigma\epsilon",
], ids=["adam-epsilon-alone", "numbers-only"])
def test_epsilon_constant_stays_a_number(latex: str) -> None:
    formula = symdl.parse(latex)
    assert "noise-vector" not in [n.rule for n in formula.notes]
    assert not any(str(k).startswith("epsilon") for k in formula.shapes)


def test_member_beside_a_sum_over_its_family_stays_a_member() -> None:
    latex = (r"\alpha(\mathbf{q}, \mathbf{k}_i) = \frac{\exp(\mathbf{q}^\top \mathbf{k}_i/\sqrt{d})}{\sum_{j=1}^m "
             r"\exp(\mathbf{q}^\top \mathbf{k}_j/\sqrt{d})}")
    formula = symdl.parse(latex)
    assert "k_i" not in {str(k) for k in formula.shapes}
    q, k = np.random.default_rng(48).normal(size=3), np.random.default_rng(49).normal(size=(4, 3))
    got = symdl.lambdify(formula)(**{r"\mathbf{q}": q, r"\mathbf{k}": k, "d": 3.0, "m": 4})  # over every i
    s = (k @ q).ravel() / np.sqrt(3.0)
    assert np.allclose(np.asarray(got).ravel(), np.exp(s) / np.exp(s).sum(), rtol=1e-12)


def test_switch_load_fraction_reads() -> None:
    formula = symdl.parse(r"f_i = \frac{1}{T}\sum_{x\in\mathcal{B}}\mathbb{1}\{\text{argmax}\,p(x) = i\}")
    assert "ArgMaxOver(p(j, Bcal[x])" in str(formula.statements[0].rhs)


def test_function_word_with_nothing_to_apply_is_a_name() -> None:
    latex = (r"Out = -Labels * alpha * {(1 - \sigma(Logit))}^{gamma}\log(\sigma(Logit)) - (1 - Labels) * (1 - alpha) * "
             r"{\sigma(Logit)}^{gamma}\log(1 - \sigma(Logit))")
    formula = symdl.parse(latex)
    got = symdl.lambdify(formula)(Logit=0.3, Labels=1.0, alpha=0.25, gamma=2.0)
    p = 1 / (1 + np.exp(-0.3))
    assert np.isclose(float(got), -0.25 * (1 - p) ** 2 * np.log(p), rtol=1e-12)


def test_conv_output_size_reads_code_entries() -> None:
    latex = (r"H_{out} = \left\lfloor\frac{H_{in} + 2 \times \text{padding}[0] - \text{dilation}[0] \times "
             r"(\text{kernel\_size}[0] - 1) - 1}{\text{stride}[0]} + 1\right\rfloor")
    formula = symdl.parse(latex)
    names = {str(s) for s in formula.symbols}
    assert r"\text{kernel\_size}[0]" in names or any("kernel" in n for n in names)
    values = {n: v for n, v in zip(sorted(names), [0] * len(names), strict=True)}
    given = {next(n for n in names if "H_{in}" in n): 32, next(n for n in names if "padding" in n): 1,
             next(n for n in names if "dilation" in n): 1, next(n for n in names if "kernel" in n): 3,
             next(n for n in names if "stride" in n): 2}
    values.update(given)
    values.pop(next(n for n in names if "H_{out}" in n), None)
    got = symdl.lambdify(formula)(**values)
    assert float(got) == np.floor((32 + 2 * 1 - 1 * (3 - 1) - 1) / 2 + 1)


def test_align_comment_column_is_left_out() -> None:
    latex = (r"\begin{align} \nabla_{\theta} E_x[f(x)] &= \nabla_{\theta} \sum_x p(x) f(x) & \text{definition of "
             r"expectation} \\ & = \sum_x \nabla_{\theta} p(x) f(x) & \text{swap sum and gradient} \\ & = \sum_x p(x) "
             r"\frac{\nabla_{\theta} p(x)}{p(x)} f(x) & \text{both multiply and divide by } p(x) \\ & = \sum_x p(x) "
             r"\nabla_{\theta} \log p(x) f(x) & \text{use the fact that } \nabla_{\theta} \log(z) = \frac{1}{z} "
             r"\nabla_{\theta} z \\ & = E_x[f(x) \nabla_{\theta} \log p(x) ] & \text{definition of expectation} "
             r"\end{align}")
    formula = symdl.parse(latex)
    assert len(formula.statements) == 1  # one chain, the comments beside it left out (no name "definitionof...")
    assert "definition" not in str(formula.statements[0].aliases)


def test_eqnarray_mark_before_a_function_box_aligns() -> None:
    latex = r"h_{ij} &=& \mbox{a}\left[\beta + \sum_{m=1}^{3}\sum_{n=1}^{3} \omega_{mn} x_{i+m-2,j+n-2}\right],"
    formula = symdl.parse(latex)  # Prince's convolution: \mbox{a} is the activation, no comment column
    assert str(formula.statements[0].rhs).startswith("a(beta + Sum(")


@pytest.mark.parametrize(("latex", "value"), [
    (r"\frac{\partial y}{\partial \mathbf{x}} = \begin{bmatrix} 1, 1, \ldots, 1 \end{bmatrix}", 1),
    (r"v = \begin{bmatrix} 0 & 0 & \cdots & 0 \end{bmatrix}", 0),
], ids=["mml-ones-with-commas", "zeros-row"])
def test_constant_row_with_dots_is_a_constant_vector(latex: str, value: int) -> None:
    formula = symdl.parse(latex)
    assert str(formula.statements[0].rhs) == ("ones" if value else "zeros") + "(n_1, 1)"
    assert formula.statements[0].rhs.shape[1] == 1


def test_matrix_with_commas_values() -> None:
    formula = symdl.parse(r"A = \begin{bmatrix} 1, 2 \\ 3, 4 \end{bmatrix}")
    assert "matrix-commas" in [n.rule for n in formula.notes]
    assert np.array_equal(np.asarray(symdl.lambdify(formula)(), dtype=float), np.array([[1.0, 2.0], [3.0, 4.0]]))


def test_efficientnet_constraints_read() -> None:
    latex = (r"\text{depth: } d = \alpha^\phi \\ \text{width: } w = \beta^\phi \\ \text{resolution: } r = \gamma^\phi "
             r"\\ \text{s.t. } \alpha\cdot\beta^2\cdot\gamma^2\approx 2 \\ \alpha\geq 1, \beta\geq 1, \gamma\geq 1")
    formula = symdl.parse(latex)
    assert [str(s.rhs) for s in formula.statements[:3]] == ["alpha**phi", "beta**phi", "gamma**phi"]
    assert len(formula.statements) == 3  # the three listed comparisons: constraints beside them (session 41)
    clauses = [latex[n.span.start : n.span.end] for n in formula.notes if n.rule == "condition-clause"]
    assert r"\alpha\geq 1" in clauses and r"\gamma\geq 1" in clauses  # s.t. ...: constraints, set aside


def test_code_logsumexp_over_the_last_axis() -> None:
    x = np.random.default_rng(50).normal(size=(3, 4))
    got = symdl.lambdify("z = torch.logsumexp(X, dim=-1)")(X=x)
    assert np.allclose(np.ravel(got), np.log(np.exp(x).sum(axis=1)), rtol=1e-12)
    formula = symdl.parse("log_z = jax.nn.logsumexp(router_logits, axis=-1)")
    assert "code-reduction" in [n.rule for n in formula.notes]
    assert "logsumexp" in symdl.explain(formula).concepts


def test_concatenation_over_heads_refused_by_name() -> None:
    with pytest.raises(symdl.SymdlError, match="concatenation over an index"):
        symdl.parse(r"h'_i = \Big\Vert_{k=1}^{K}\sigma\left(\sum_{j\in\mathcal{N}_i}\alpha_{ij}^k\mathbf{W}^k h_j\right)")
