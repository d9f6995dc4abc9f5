r"""Session 34: network layers named by a word are arrays shaped as their argument (``function-layer``), and the
transpose of a function's value applied entry by entry makes its argument an array (``transpose-group``).

Before, ``x_{l+1} = x_l + \mathrm{Attn}(\mathrm{LN}(x_l))`` read every name as a number with no note, and
QK-norm's ``\mathrm{LN}(Q)\,\mathrm{LN}(K)^\top`` and linear attention's ``\phi(Q)(\phi(K)^\top V)`` were refused.
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl

# (id, formula, {name: shape as written by symdl}, notes' rules expected, the first function-layer note's text)
LAYERS = [
    ("pre-norm-residual", r"x_{l+1} = x_l + \mathrm{Attn}(\mathrm{LN}(x_l))",
     {"x_l": ("n_1", "1"), "x_{l+1}": ("n_1", "1")}, {"function-layer"}, r"\mathrm{Attn}(\mathrm{LN}(x_l))"),
    ("code-block", "h = x + MHA(LN(x)); out = h + FFN(LN(h))",
     {"x": ("n_1", "1"), "h": ("n_1", "1"), "out": ("n_1", "1")}, {"function-layer"}, "MHA(LN(x))"),
    ("qk-norm", r"\mathrm{softmax}\left(\frac{\mathrm{LN}(Q)\,\mathrm{LN}(K)^\top}{\sqrt{d}}\right)V",
     {"Q": ("n_1", "n_2"), "K": ("n_3", "n_2"), "V": ("n_3", "n_4")}, {"function-layer", "softmax-rows"},
     r"\mathrm{LN}(Q)"),
    ("vit-block", r"\mathbf{z}'_\ell = \mathrm{MSA}(\mathrm{LN}(\mathbf{z}_{\ell-1})) + \mathbf{z}_{\ell-1}",
     {r"z_{\ell-1}": ("n_1", "1")}, {"function-layer"}, r"\mathrm{MSA}(\mathrm{LN}(\mathbf{z}_{\ell-1}))"),
    ("dit-scale", r"\mathbf{y} = \mathrm{GroupNorm}(\mathbf{x}) \odot (1 + \mathbf{s}) + \mathbf{b}",
     {"x": ("n_1", "1"), "s": ("n_1", "1"), "b": ("n_1", "1")}, {"function-layer"}, r"\mathrm{GroupNorm}(\mathbf{x})"),
    ("linear-attention", r"\phi(Q)\left(\phi(K)^\top V\right)",
     {"Q": ("n_1", "n_2"), "K": ("n_3", "n_2"), "V": ("n_3", "n_4")}, {"function-entrywise", "transpose-group"}, None),
    ("feature-map-dot", r"y = f(x)^\top w", {"x": ("n_1", "1"), "w": ("n_1", "1")},
     {"function-entrywise", "transpose-group"}, None),
]


@pytest.mark.parametrize(("latex", "shapes", "rules", "text"), [c[1:] for c in LAYERS], ids=[c[0] for c in LAYERS])
def test_layer_reading(latex: str, shapes: dict[str, tuple[str, str]], rules: set[str], text: str | None) -> None:
    formula = symdl.parse(latex)
    got = {str(k): tuple(str(d) for d in v) for k, v in formula.shapes.items()}
    for name, shape in shapes.items():
        assert got[name] == shape, (name, got)
    assert rules <= {n.rule for n in formula.notes}
    if text is not None:
        first = next(n for n in formula.notes if n.rule == "function-layer")
        assert formula.source[first.span.start : first.span.end] == text


# a layer the formula defines, a layer of a sum and a word that is no layer keep their readings
KEPT = [
    ("post-norm-of-a-sum", r"y = \mathrm{LayerNorm}(x + \mathrm{Sublayer}(x))"),
    ("defined-layer", r"\mathrm{LN}(\mathbf{x}) = \boldsymbol{\gamma} \odot \frac{\mathbf{x} - \mu}{\sigma} + "
     r"\boldsymbol{\beta}"),
    ("score-word", r"y = \mathrm{score}(a, b) + c"),
]


@pytest.mark.parametrize("latex", [c[1] for c in KEPT], ids=[c[0] for c in KEPT])
def test_not_a_layer_reading(latex: str) -> None:
    formula = symdl.parse(latex)
    assert "function-layer" not in {n.rule for n in formula.notes}


def test_layer_value_is_an_input_by_its_spelling() -> None:
    """The layer's output is given to the numeric function by its spelling, the residual adds it to x."""
    formula = symdl.parse(r"\mathbf{h} = \mathbf{x} + \mathrm{FFN}(\mathrm{RMSNorm}(\mathbf{x}))")
    fn = symdl.lambdify(formula)
    rng = np.random.default_rng(34)
    x, f = rng.normal(size=(5, 1)), rng.normal(size=(5, 1))
    assert r"\mathrm{RMSNorm}(\mathbf{x})" in fn.spellings  # the inner layer is named too (not needed here)
    kwargs = {r"\mathrm{FFN}(\mathrm{RMSNorm}(\mathbf{x}))": f, r"\mathbf{x}": x}
    np.testing.assert_allclose(np.asarray(fn(**kwargs)).reshape(5, 1), x + f)


def test_subscripted_feature_map_transposed_stays_refused() -> None:
    """Linear attention by rows, ``\\phi(q_m)^\\top \\varphi(k_n) v_n``: a transposed value beside a family's
    members is not read as a dot product of rows."""
    with pytest.raises(symdl.NotSupported, match="the transpose of a value"):
        symdl.parse(r"\mathrm{Attention}(Q,K,V)_m = \frac{\sum_{n=1}^{N}\phi(q_m)^\top\varphi(k_n)v_n}"
                    r"{\sum_{n=1}^{N} \phi(q_m)^\top\varphi(k_n)}")


# cs231n's backward passes: a method after numpy's .T, and a gradient's one name in Python code
CODE = [
    ("rnn-dwx", "dWx = x.T.dot(dtanh)\ndb = dtanh.sum(axis=0)",
     {"dWx": ("n_1", "n_2"), "x": ("n_3", "n_1"), "dtanh": ("n_3", "n_2")}),
    ("two-layer-dw", "dW = X.T.dot(dscores)", {"dW": ("n_1", "n_2"), "X": ("n_3", "n_1"), "dscores": ("n_3", "n_2")}),
    ("layer-dx", "dx = W.T.dot(dout)", {"W": ("n_3", "n_1"), "dout": ("n_3", "n_2")}),
]


@pytest.mark.parametrize(("latex", "shapes"), [c[1:] for c in CODE], ids=[c[0] for c in CODE])
def test_code_method_after_transpose(latex: str, shapes: dict[str, tuple[str, str]]) -> None:
    formula = symdl.parse(latex)
    got = {str(k): tuple(str(d) for d in v) for k, v in formula.shapes.items()}
    for name, shape in shapes.items():
        assert got[name] == shape, (name, got)
    assert {"code-transpose", "code-method"} <= {n.rule for n in formula.notes}


def test_code_method_after_transpose_values() -> None:
    """``X.T.dot(dscores)`` is Xᵀ·dscores, against numpy."""
    formula = symdl.parse("dW = X.T.dot(dscores)")
    rng = np.random.default_rng(341)
    x, d = rng.normal(size=(6, 3)), rng.normal(size=(6, 4))
    got = symdl.lambdify(formula)(X=x, dscores=d)
    np.testing.assert_allclose(np.asarray(got), x.T @ d)


# d2l's row-major layers: a capital right before the weight W is a batch of rows times it
WEIGHTS = [
    ("d2l-rnn-output", r"O_t = H_tW_{hq} + b_q", {"H_t": ("n_1", "n_3"), "W_{hq}": ("n_3", "n_2")}, 1),
    ("d2l-rnn-state", r"H_t = \phi(X_t W_{xh} + H_{t-1} W_{hh} + b_h)",
     {"X_t": ("n_1", "n_3"), "W_{xh}": ("n_3", "n_2"), "H_{t-1}": ("n_1", "n_2"), "W_{hh}": ("n_2", "n_2")}, 2),
    ("plain-xw", r"Y = X W", {"X": ("n_1", "n_3"), "W": ("n_3", "n_2")}, 1),
]


@pytest.mark.parametrize(("latex", "shapes", "count"), [c[1:] for c in WEIGHTS], ids=[c[0] for c in WEIGHTS])
def test_capital_before_weight(latex: str, shapes: dict[str, tuple[str, str]], count: int) -> None:
    formula = symdl.parse(latex)
    got = {str(k): tuple(str(d) for d in v) for k, v in formula.shapes.items()}
    for name, shape in shapes.items():
        assert got[name] == shape, (name, got)
    assert [n.rule for n in formula.notes].count("capital-weight-matrix") == count


@pytest.mark.parametrize("latex", [
    r"\mu_c = \frac{1}{HW}\sum_{h=1}^{H}\sum_{w=1}^{W} x_{c,h,w}",  # counts: height times width
    "scores = np.dot(X, W) + b",  # code's np.dot: code-matmul-operand says it
    r"C = A W, \quad A \in \mathbb{R}",  # declared a number
    r"z = \frac{1}{H W}\sum_{i,j} x_{ij}",  # global average pooling: a count in the denominator, no sum bound W
    r"y = \frac{1}{HW} X",  # the denominator's product is a count
], ids=["pooling-count", "np-dot", "declared", "gap-denominator", "denominator-pair"])  # fmt: skip
def test_capital_before_weight_not_applied(latex: str) -> None:
    assert "capital-weight-matrix" not in {n.rule for n in symdl.parse(latex).notes}


def test_d2l_rnn_output_values() -> None:
    """``H_tW_{hq} + b_q``: the batch times the weight plus the bias row, against numpy."""
    fn = symdl.lambdify(symdl.parse(r"O_t = H_tW_{hq} + b_q"))
    rng = np.random.default_rng(342)
    h, w, bias = rng.normal(size=(4, 3)), rng.normal(size=(3, 2)), rng.normal(size=(1, 2))
    got = fn(**{"H_t": h, "W_{hq}": w, "b_q": bias})
    np.testing.assert_allclose(np.asarray(got), h @ w + bias)


# backprop's delta with \cdot, a count under 1/m beside a transposed matrix, layer 0 as a digit superscript
BACKPROP = [
    ("ufldl-delta-bracket", r"\delta^{(l)} = \left((W^{(l+1)})^T \delta^{(l+1)}\right) \cdot f'(z^{(l)})",
     {"delta^[l]": ("n_1", "1"), "z^[l]": ("n_1", "1"), "W^[l+1]": ("n_2", "n_1")}, "layer-elementwise"),
    ("ufldl-delta-cdot", r"\delta^{(l)} = (W^{(l+1)})^T \delta^{(l+1)} \cdot f'(z^{(l)})",
     {"delta^[l]": ("n_1", "1"), "z^[l]": ("n_1", "1")}, "layer-elementwise"),
    ("count-under-cdot", r"\frac{\partial L}{\partial W} = (1/m) \cdot X^T \cdot (\hat{y} - y)",
     {"X": ("n_2", "n_1"), "y": ("n_2", "1")}, None),
    ("layer-zero", r"Z^0_j = \sum_{i}^{n} w^0_{ji} X_i + b^0_j", {}, "superscript-digit-layer"),  # Z^0_j one unit
]


@pytest.mark.parametrize(("latex", "shapes", "rule"), [c[1:] for c in BACKPROP], ids=[c[0] for c in BACKPROP])
def test_backprop_products(latex: str, shapes: dict[str, tuple[str, str]], rule: str | None) -> None:
    formula = symdl.parse(latex)
    got = {str(k): tuple(str(d) for d in v) for k, v in formula.shapes.items()}
    for name, shape in shapes.items():
        assert got[name] == shape, (name, got)
    assert "m" not in got  # the count stays a number
    if rule is not None:
        assert rule in {n.rule for n in formula.notes}


def test_ufldl_delta_values() -> None:
    """``((W^{(l+1)})^T δ^{(l+1)}) · f'(z^{(l)})`` is Wᵀδ ⊙ f'(z), against numpy with f = tanh."""
    formula = symdl.parse(r"\delta^{(l)} = \left((W^{(l+1)})^T \delta^{(l+1)}\right) \cdot \tanh'(z^{(l)})")
    rng = np.random.default_rng(343)
    w, d, z = rng.normal(size=(3, 4)), rng.normal(size=(3, 1)), rng.normal(size=(4, 1))
    got = symdl.lambdify(formula)(**{"W^{(l+1)}": w, r"\delta^{(l+1)}": d, "z^{(l)}": z})
    np.testing.assert_allclose(np.asarray(got).reshape(4, 1), (w.T @ d) * (1 - np.tanh(z) ** 2))


def test_zeroth_power_of_a_polynomial_kept() -> None:
    """``a_0 x^0 + a_1 x^1``: no subscripted name carries a digit superscript, so x^0 stays a power (1)."""
    formula = symdl.parse(r"p = a_0 x^0 + a_1 x^1 + a_2 x^2")
    assert "superscript-digit-layer" not in {n.rule for n in formula.notes}


def test_randn_like_is_shaped_as_its_argument() -> None:
    """The VAE's ``eps = torch.randn_like(std)``: a vector of std's length, multiplied entry by entry."""
    formula = symdl.parse("std = torch.exp(0.5 * logvar)\neps = torch.randn_like(std)\nz = mu + eps * std")
    got = {str(k): tuple(str(d) for d in v) for k, v in formula.shapes.items()}
    assert got["std"] == got["z"] == ("n_1", "1")
    assert "code-random-draw" in {n.rule for n in formula.notes}


def test_vae_code_values() -> None:
    """The VAE's reparameterisation in PyTorch: z = mu + eps * std with std = exp(logvar / 2), all vectors."""
    formula = symdl.parse("std = torch.exp(0.5 * logvar)\neps = torch.randn_like(std)\nz = mu + eps * std")
    got = {str(k): tuple(str(d) for d in v) for k, v in formula.shapes.items()}
    assert got["mu"] == got["std"] == got["logvar"] == ("n_1", "1")


def test_rmsnorm_code_eps_stays_a_number() -> None:
    """``x / torch.sqrt(torch.mean(x ** 2) + eps) * weight``: eps beside a reduction is a number."""
    formula = symdl.parse("y = x / torch.sqrt(torch.mean(x ** 2) + eps) * weight")
    assert "eps" not in {str(k) for k in formula.shapes}


def test_undefined_gate_beside_a_vector() -> None:
    """The PyTorch docs' GRU candidate pasted alone: r_t, a gate's letter at step t in a recurrent cell, multiplies
    the bracket entry by entry."""
    formula = symdl.parse(r"n_t = \tanh(W_{in} x_t + b_{in} + r_t (W_{hn} h_{(t-1)}+ b_{hn}))")
    got = {str(k): tuple(str(d) for d in v) for k, v in formula.shapes.items()}
    assert got["r_t"] == got["n_t"] == ("n_1", "1")
    assert "gate-elementwise" in {n.rule for n in formula.notes}


def test_reward_at_a_step_stays_a_number() -> None:
    """An RL return r_t + \\gamma V(s_{t+1}) has no recurrent state: r_t is a number."""
    formula = symdl.parse(r"\delta_t = r_t + \gamma V(s_{t+1}) - V(s_t)")
    assert "r_t" not in {str(k) for k in formula.shapes}


def test_tf_matmul_bias_is_a_row() -> None:
    """``tf.matmul(x, w) + b``: one bias per class, added to every row."""
    formula = symdl.parse("y = tf.matmul(x, w) + b")
    got = {str(k): tuple(str(d) for d in v) for k, v in formula.shapes.items()}
    assert got["b"] == ("1", "n_2") and "bias-row" in {n.rule for n in formula.notes}


def test_code_mean_subtracted_stays_a_number() -> None:
    """The annotated Transformer's LayerNorm: ``x - mean`` with ``mean = x.mean(-1, keepdim=True)`` subtracts a
    number (the scaled-word rule is only for a name set to an entry-wise call)."""
    formula = symdl.parse("mean = x.mean(-1, keepdim=True)\nstd = x.std(-1, keepdim=True)\n"
                          "y = self.gamma * (x - mean) / (std + self.eps) + self.beta")
    assert "mean" not in {str(k) for k in formula.shapes}


def test_layer_unit_with_index_subscript_is_a_number() -> None:
    """``Z^0_j = \\sum_i w^0_{ji} X_i + b^0_j``: unit j's pre-activation, a number (it was a matrix equal to a sum of
    numbers)."""
    formula = symdl.parse(r"Z^0_j = \sum_{i}^{n} w^0_{ji} X_i + b^0_j")
    assert not any(str(k).startswith("Z") for k in formula.shapes)


# Ng's course notes: a bold d before a bold name is the gradient's name; a layer's array before a transposed group
NG = [
    ("bold-d", r"d\mathbf{W}^{[l]} = \frac{1}{m} \mathbf{d}\mathbf{z}^{[l]} (\mathbf{a}^{[l-1]})^T",
     {"dz^[l]": ("n_1", "1"), "a^[l-1]": ("n_2", "1"), "dW^[l]": ("n_1", "n_2")}, {"bold-d-gradient",
                                                                                  "product-before-transpose"}),
    ("plain-d", r"dW^{[l]} = \frac{1}{m} d\mathbf{z}^{[l]} (\mathbf{a}^{[l-1]})^T",
     {"dz^[l]": ("n_1", "1"), "a^[l-1]": ("n_2", "1")}, {"product-before-transpose"}),
]


@pytest.mark.parametrize(("latex", "shapes", "rules"), [c[1:] for c in NG], ids=[c[0] for c in NG])
def test_ng_outer_products(latex: str, shapes: dict[str, tuple[str, str]], rules: set[str]) -> None:
    formula = symdl.parse(latex)
    got = {str(k): tuple(str(d) for d in v) for k, v in formula.shapes.items()}
    for name, shape in shapes.items():
        assert got[name] == shape, (name, got)
    assert rules <= {n.rule for n in formula.notes}


def test_bold_d_with_a_sign_stays_a_product() -> None:
    formula = symdl.parse(r"\mathbf{y} = \mathbf{d} \odot \mathbf{z}")
    assert "bold-d-gradient" not in {n.rule for n in formula.notes}


def test_feature_map_transposed_stays_a_call() -> None:
    """Bishop's ``\\boldsymbol{\\phi}(\\mathbf{x})^T \\mathbf{w}``: no layer superscript, so still the call."""
    formula = symdl.parse(r"y = \boldsymbol{\phi}(\mathbf{x})^T \mathbf{w}")
    assert "product-before-transpose" not in {n.rule for n in formula.notes}


def test_flax_layernorm_scale_and_bias_per_feature() -> None:
    """The Flax docs' LayerNorm in code: ``var`` is set to a statistic, so ``rsqrt(var + eps)`` standardises and
    ``scale``, ``bias`` are per-feature vectors (they were numbers)."""
    formula = symdl.parse("mean = jnp.mean(x, axis=-1, keepdims=True)\nvar = jnp.var(x, axis=-1, keepdims=True)\n"
                          "y = (x - mean) * jax.lax.rsqrt(var + eps)\ny = y * scale + bias")
    got = {str(k): tuple(str(d) for d in v) for k, v in formula.shapes.items()}
    assert got["scale"] == got["bias"] == got["x"] == ("n_1", "1")
    assert [n.rule for n in formula.notes].count("affine-per-feature") == 2


def test_jax_rmsnorm_variance_stays_a_number() -> None:
    """The JAX RMSNorm ``var = jnp.mean(jnp.square(x), ...)`` then ``x * jax.lax.rsqrt(var + eps) * scale``: var and
    eps are numbers, scale a per-feature vector."""
    formula = symdl.parse("var = jnp.mean(jnp.square(x), axis=-1, keepdims=True)\n"
                          "y = x * jax.lax.rsqrt(var + eps) * scale")
    got = {str(k) for k in formula.shapes}
    assert "var" not in got and "eps" not in got and "scale" in got


def test_gram_matrix_is_no_l2_penalty() -> None:
    """``\\mathrm{Cov}(\\mathbf{X}) = \\frac{1}{N}\\mathbf{X}^\\top\\mathbf{X}``: a matrix, no penalty (it was named
    l2_penalty); ``\\frac{\\lambda}{2}\\mathbf{w}^T\\mathbf{w}`` still is one."""
    assert "l2_penalty" not in symdl.explain(r"\mathrm{Cov}(\mathbf{X}) = \frac{1}{N}\mathbf{X}^\top\mathbf{X}").concepts
    assert "l2_penalty" in symdl.explain(r"L = \frac{\lambda}{2} \mathbf{w}^T \mathbf{w}").concepts


@pytest.mark.parametrize("latex", [
    r"\mathrm{ZCA}(\mathbf{X}) = \mathbf{U}\Lambda^{-1/2}\mathbf{U}^\top(\mathbf{X} - \boldsymbol{\mu})",
    r"W = U\Sigma^{-1/2}U^T",
], ids=["zca", "whitening"])  # fmt: skip
def test_fractional_matrix_power_refused(latex: str) -> None:
    """Whitening's Λ^{-1/2} between matrices was a number pulled out of the product; now refused where written."""
    with pytest.raises(symdl.NotSupported, match="fractional power of a matrix") as info:
        symdl.parse(latex)
    assert latex[info.value.span.start : info.value.span.end] in (r"\Lambda", r"\Sigma")


def test_matrix_inverse_between_matrices_still_reads() -> None:
    formula = symdl.parse(r"A = \mathbf{U}\Lambda^{-1}\mathbf{U}^\top")
    assert {str(k) for k in formula.shapes} >= {"U", "Lambda"}


# code's where(cond, a, b): the cases, entry by entry
WHERE = [
    ("smooth-l1", "loss = torch.where(n < beta, 0.5 * n ** 2 / beta, n - 0.5 * beta)", {"n": 0.3, "beta": 1.0},
     0.5 * 0.3 ** 2),
    ("smooth-l1-far", "loss = torch.where(n < beta, 0.5 * n ** 2 / beta, n - 0.5 * beta)", {"n": 3.0, "beta": 1.0},
     2.5),
    ("leaky-relu", "y = np.where(x > 0, x, 0.01 * x)", {"x": -2.0}, -0.02),
]


@pytest.mark.parametrize(("latex", "args", "want"), [c[1:] for c in WHERE], ids=[c[0] for c in WHERE])
def test_code_where_values(latex: str, args: dict[str, float], want: float) -> None:
    formula = symdl.parse(latex)
    assert "code-where" in {n.rule for n in formula.notes}
    assert float(symdl.lambdify(formula)(**args)) == pytest.approx(want, rel=1e-12)


def test_code_where_of_a_named_condition_refused() -> None:
    with pytest.raises(symdl.NotSupported, match=r"torch\.where"):
        symdl.parse("cond = n < beta\nloss = torch.where(cond, 0.5 * n ** 2 / beta, n - 0.5 * beta)")


def test_layer_norm_defined_with_plain_x() -> None:
    """``\\mathrm{LN}(x)=\\gamma\\odot\\frac{x-\\mu}{\\sqrt{\\sigma^2+\\epsilon}}+\\beta``: the sum in the operand of ⊙
    makes x a vector, so the definition reads (it was refused: a defined function's value a vector) and is named."""
    latex = r"\mathrm{LN}(x)=\gamma\odot\frac{x-\mu}{\sqrt{\sigma^2+\epsilon}}+\beta"
    formula = symdl.parse(latex)
    got = {str(k): tuple(str(d) for d in v) for k, v in formula.shapes.items()}
    assert got["x"] == got["gamma"] == got["beta"] == ("n_1", "1")
    assert "layer_norm" in symdl.explain(latex).concepts
    rng = np.random.default_rng(344)
    x, g, bta = rng.normal(size=(5, 1)), rng.normal(size=(5, 1)), rng.normal(size=(5, 1))
    mu, sd = float(x.mean()), float(x.std())
    got_v = symdl.lambdify(formula)(**{"x": x, r"\gamma": g, r"\beta": bta, r"\mu": mu, r"\sigma": sd,
                                       r"\epsilon": 1e-5})
    np.testing.assert_allclose(np.asarray(got_v).reshape(5, 1), g * (x - mu) / np.sqrt(sd ** 2 + 1e-5) + bta)


@pytest.mark.parametrize(("latex", "named"), [
    (r"r(x, y) = r_\phi(x, y)-\beta\left(\log \pi_\theta(y \mid x)-\log \pi_{\mathrm{ref}}(y \mid x)\right)", False),
    (r"L = -\log p(y \mid x)", True),
    (r"L = -\log p(y \mid x) + \lambda \|w\|^2", True),
], ids=["dpo-log-ratio", "plain-nll", "nll-plus-penalty"])  # fmt: skip
def test_log_ratio_is_no_nll(latex: str, named: bool) -> None:
    """DPO's implicit reward β(log π_θ(y|x) − log π_ref(y|x)) compares two policies: no NLL (it was named one)."""
    assert ("nll" in symdl.explain(latex).concepts) is named
