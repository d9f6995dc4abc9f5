r"""Session 34, from the silent readings of held-out set 37 and the classes they stand for:

* a sum whose body is an element-wise product (RWKV's ``\sum_i e^{k_i} \odot v_i``): the product is the body
  (before: ``v_i`` was pulled out of the sum, its index left free);
* ``{\mathbf{z}}^{l}``, ``{{\hat{\bf{z}}}^{l-1}}``: a brace around one bold or accented name changes nothing (before:
  Swin's braced layer index was an element-wise power while the unbraced one was a layer);
* code's ``sum(...)`` of words: arrays (before: ``-sum(log_sigmoid(labels * logits)) / n`` dropped the sum);
  JAX's ``log_sigmoid``, ``hard_tanh`` spellings;
* conditions joined by ``or``/``and`` (before: the word ``or`` was a factor of the comparison);
* ``\sum_i^k``: the unwritten start is noted; ``\mathbb{E}_{x \sim D}(\dots)^2``: the power is inside (noted);
* plain ``O(n^2 d)``: big-O, refused by name (before: a product O·n²·d);
* ``W \cdot \sum_u h_u``: a weight's capital kept a number before ``\cdot`` is noted;
* refused before, read now: ``\cal{N}``, MathJax's ``\space``, DoRA's ``\underline{m}``, KAN's
  ``\left|\phi\right|_1`` (a norm), ORPO's ``\textbf{odds}_\theta(y|x)`` (a bold word with a subscript), code's
  ``.unsqueeze(1)``, Aggarwal's ``\sum_{r: r \neq c}`` (set-builder notation under a sum).
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl

# (id, source, formula, the first statement's right side as read, a note's rule or None)
CASES = [
    ("rwkv-sum-hadamard", "Peng et al. 2023, RWKV's wkv numerator",
     r"y = \sum_{i=1}^{t-1} e^{k_i} \odot v_i", "Sum(exp(k[i])*v[i], (i, 1, t - 1))", None),
    ("sum-hadamard-after-scale", "a scaled sum of element-wise products", r"y = a\sum_{i=1}^{n} x_i \odot z_i",
     "a*Sum(x[i]*z[i], (i, 1, n))", None),
    ("swin-braced-layer", "Liu et al. 2021, Swin Transformer eq. 3",
     r"\hat{\bf{z}}^{l} = \text{MLP}(\text{LN}({{\hat{\bf{z}}}^{l-1}})) + {\bf{z}}^{l - 1}",
     "MLP(LN(zhat^[l-1])) + z^[l-1]", "superscript-layer"),
    ("siglip-code-sum", "Zhai et al. 2023, SigLIP's pseudo-code",
     "l = -sum(log_sigmoid(labels * logits)) / n",
     "-Trace(ones(1, n_1)*Lambda(_x, log(sigmoid(_x))).(HadamardProduct(labels, logits))*ones(1, 1))/n", "code-sum-words"),
    ("jax-hard-tanh", "the JAX docs, jax.nn.hard_tanh", "y = jax.nn.hard_tanh(x)", "Min(1, Max(-1, x))",
     "code-library"),
    ("mask-or", "a clip's mask in words",
     r"m = \begin{cases} 1 & \text{if } x < -1 \text{ or } x > 1 \\ 0 & \text{otherwise} \end{cases}",
     "Piecewise((1, (x > 1) | (x < -1)), (0, True))", None),
    ("both-and", "a condition on two values",
     r"r = \begin{cases} a & x > 0 \land y > 0 \\ b & \text{otherwise} \end{cases}",
     "Piecewise((a, (x > 0) & (y > 0)), (b, True))", None),
    ("goh-momentum-sum", "Goh 2017, Why Momentum Really Works",
     r"w^{k+1} = w^{0} + \alpha\sum_i^k \beta^{k-i} g_i", None, "sum-start-unwritten"),
    ("ipo-loss", "Azar et al. 2023, IPO's loss",
     r"L = \mathbb{E}_{(y_w, y_l, x) \sim D} \left( h(y_w, y_l, x) - \frac{1}{2\tau} \right)^2",
     "E_{(y_w, y_l, x) \\sim D}((h(y_w, y_l, x) - 1/(2*tau))**2)", "expectation-power-inside"),
    ("old-cal-font", "DDPM's forward process as blogs paste it",
     r"q(\mathbf{x}_t | \mathbf{x}_0) = \cal{N}(\mathbf{x}_t; \sqrt{\bar{\alpha}_t} \mathbf{x}_0, (1- \bar{\alpha}_t) \mathbf{I})",
     "Ncal(x_t, sqrt(alphabar_t)*x_0, (1 - alphabar_t)*I)", None),
    ("mathjax-space", "Song 2019, sliced score matching (blog)", r"y = x + \space z", "x + z", None),
    ("dora-underline", "Liu et al. 2024, DoRA eq. 1", r"W' = \underline{m} \frac{V}{\|V\|}", None, None),
    ("kan-l1-left-right", "Liu et al. 2024, KAN's L1 norm of an activation", r"n = \left|\mathbf{\phi}\right|_1",
     "Trace(ones(1, n_1)*Lambda(_x, Abs(_x)).(phi))", "single-bar-norm"),
    ("orpo-odds", "Hong et al. 2024, ORPO's odds-ratio loss",
     r"\mathcal{L}_{OR} = -\log \sigma \left( \log \frac{\textbf{odds}_\theta(y_w|x)}{\textbf{odds}_\theta(y_l|x)} "
     r"\right)", "-log(sigmoid(log(odds_{\\theta}(y_w, x)/odds_{\\theta}(y_l, x))))", None),
    ("dit-modulate", "Peebles & Xie 2023, DiT's modulate", "y = x * (1 + scale.unsqueeze(1)) + shift.unsqueeze(1)",
     "shift + x*(scale + 1)", "code-layout-method"),
    ("aggarwal-set-builder-sum", "Aggarwal, Neural Networks and Deep Learning, the multiclass hinge loss",
     r"L_i = \sum_{r: r \neq c} \max(0, s_r - s_c + 1)", "Sum((1 - KroneckerDelta(c, r))*Max(0, -s[c] + s[r] + 1), "
     "(r, 1, N_s))", None),
    ("aggarwal-logistic-update", "Aggarwal, Neural Networks and Deep Learning, 1.2.1.3 (overlined vectors)",
     r"\overline{W} \Leftarrow \overline{W}(1 - \alpha\lambda) + \alpha \frac{y \overline{X}}{1 + \exp[y(\overline{W} "
     r"\cdot \overline{X})]}", None, "overline-vectors"),
    ("keras-vae-sampling", "the Keras VAE example's sampling layer", "z = z_mean + tf.exp(0.5 * z_log_var) * epsilon",
     "epsilon*exp(0.5*z_{log_var}) + z_{mean}", "word-subscript"),
    ("f-beta-code", "scikit-learn's F-beta as code",
     "f_beta_score = (1 + b2) * (precision * recall) / (precision * b2 + recall)",
     "precision*recall*(b_2 + 1)/(b_2*precision + recall)", "word-subscript"),
    ("d2l-cross-entropy-code", "d2l 4.1, cross_entropy", "L = - torch.log(y_hat[range(len(y_hat)), y])",
     "-log(yhat[n, y[n]])", "code-fancy-index"),
    ("sized-paren-label", "a sparse autoencoder's penalty from an equation editor",
     r"y = \lambda \sum\limits_i {\left| {a_i^{\left( h \right)}} \right|}", "lambda*Sum(Abs(a^(h)[i]), (i, 1, N_a))",
     None),
    ("score-sde-point", "Song et al. 2021, score SDE's transition density", r"L = p(x(t) | x(0))", "p(x(t), x(0))",
     "call-by-use"),
    ("guided-sampling-words", "Dhariwal & Nichol 2021, classifier guidance, Algorithm 1",
     r"x_{t-1} \leftarrow \text{sample from } \mathcal{N}(\mu, \Sigma)", "Normal(mu, Sigma)", "sample-words"),
    ("cleanrl-gae-chain", "CleanRL's ppo.py, GAE",
     "mb_advs[t] = lastgaelam = delta + gamma * lam * nextnonterminal * lastgaelam",
     "delta + gamma*lam*lastgaelam*nextnonterminal", "code-chained-assignment"),
    ("geron-nabla-thin-space", "Géron, Hands-On ML, eq. 4-6",
     r"\nabla_{\boldsymbol{\theta}}\,\text{MSE}(\boldsymbol{\theta}) = \frac{2}{m}\mathbf{X}^\intercal(\mathbf{X}"
     r"\boldsymbol{\theta}-\mathbf{y})", "(2/m)*X.T*(X*theta - y)", None),
    ("sum-from-one-no-index", "a ridge penalty as a blog writes it", r"L = \lambda \sum_1^n w_i^{2}",
     "lambda*Sum(w[i]**2, (i, 1, n))", "sum-implied-index"),
    ("ell-layer-index", "a layer index written \\ell", r"L = \sum_{\ell=1}^{L} w_\ell^2",
     "Sum(w[ell]**2, (ell, 1, L))", None),
    ("esl-ell-index", "Hastie et al., ESL eq. 11.6", r"g_k(T) = \frac{e^{T_k}}{\sum_{\ell=1}^{K}e^{T_\ell}}",
     "exp(T[k])/Sum(exp(T[ell]), (ell, 1, K))", None),
    ("d2l-full-slice", "d2l 12.10, Adadelta", "s[:] = beta2 * s + (1 - beta2) * torch.square(p.grad)",
     "beta_2*s + p_grad**2*(1 - beta_2)", "code-full-slice"),
    ("text-d-derivative", "a blog's derivative of |w|",
     r"\frac{\text{d}|w|}{\text{d}w} = \begin{cases}1 & w > 0\\-1 & w < 0\end{cases}",
     "Piecewise((1, w > 0), (-1, w < 0))", None),
    ("supcon-bold-cdot", "Khosla et al. 2020, SupCon", r"y = \mathbf{w} \boldsymbol{\cdot} \mathbf{x}", "w.T*x", None),
    ("td3-clamp-method", "Fujimoto et al. 2018, TD3's reference code", "y = x.clamp(-c, c)", "Max(-c, Min(c, x))",
     "code-method"),
    ("alibi-log2", "Press et al. 2022, ALiBi's slopes", "start = (2**(-2**-(math.log2(n)-3)))",
     "2**(-2**(-log(n)/log(2) + 3))", "code-library"),
    ("spectral-norm-mv", "Miyato et al. 2018, spectral norm's PyTorch code",
     "sigma = torch.dot(u, torch.mv(weight_mat, v))", "Trace(u.T*(weight_mat*v))", "code-matmul-operand"),
    ("rope-code-names", "Hugging Face's apply_rotary_pos_emb", "q_embed = (q * cos) + (rotate_half(q) * sin)",
     "cos*q + sin*rotate_half(q)", "code-name"),
    ("mml-numerator-layout", "Deisenroth et al., MML eq. 9.7",
     r"\frac{\partial L}{\partial\boldsymbol{\theta}} = -2\boldsymbol{e}^\top\boldsymbol{\Phi}", "-2*e.T*Phi",
     "numerator-layout"),
    ("parr-howard-quadratic-row", "the Matrix Cookbook / Parr & Howard, a quadratic form's derivative as a row",
     r"\frac{\partial\boldsymbol{x}^\top\boldsymbol{B}\boldsymbol{x}}{\partial\boldsymbol{x}} = "
     r"\boldsymbol{x}^\top(\boldsymbol{B}+\boldsymbol{B}^\top)", "x.T*(B + B.T)", "numerator-layout"),
    ("vae-mean-call-broadcast", "a VAE's sample with a network mean", r"z = q(x;\phi) + v(x;\psi)\odot\xi", None,
     "scalar-broadcast"),
    ("raschka-in-label", "Raschka et al., Machine Learning with PyTorch and Scikit-Learn, ch. 11",
     r"\boldsymbol{Z}^{(h)} = \boldsymbol{X}^{(in)}\boldsymbol{W}^{(h)T} + \boldsymbol{b}^{(h)}",
     "X^in*W^(h).T + ones(n_1, 1)*b^(h)", "superscript-word"),
    ("ng-cost-of-all-layers", "Ng, deeplearning.ai course 2, the regularised cost",
     r"J(W^{[1]},b^{[1]},\dots,W^{[L]},b^{[L]}) = \frac{1}{m}\sum_{i=1}^{m}\mathcal{L}(\hat{y}^{(i)},y^{(i)})", None,
     "argument-sequence"),
    ("ddpg-soft-update", "Lillicrap et al. 2016, DDPG's reference code (the soft target update)",
     "target_param.data.copy_(tau * param.data + (1 - tau) * target_param.data)",
     "param*tau + target_param*(1 - tau)", "code-copy"),
    ("makemore-fancy-target", "Karpathy's makemore part 4, the manual backward pass",
     "dlogprobs[range(n), Yb] = -1.0/n", "-1/n", "code-fancy-index"),
    ("raschka-double-underscore", "Raschka et al., ch. 11's backward pass in numpy",
     "d_loss__d_a_out = 2.*(a_out - y_onehot) / y.shape[0]", "2*(a_{out} - y_{onehot})/N_y", "word-subscript"),
    ("aggarwal-hinge-family", "Aggarwal, the multiclass hinge loss over the other classes' weight vectors",
     r"L_i = \sum_{r: r \neq c(i)} \max(\overline{W_r} \cdot \overline{X_i} - \overline{W_{c(i)}} \cdot \overline{X_i} "
     r"+ 1, 0)", None, "dot-of-numbers"),
    ("realnvp-coupling-networks", "Dinh et al. 2017, RealNVP's affine coupling with a mask",
     r"y = b \odot x + (1 - b) \odot \Big(x \odot \exp\big(s(b \odot x)\big) + t(b \odot x)\Big)", None,
     "call-paired-argument"),
    ("esl-greek-power-t", "Hastie et al., ESL eq. 11.5",
     r"Z_m = \sigma(\alpha_{0m} + \alpha_m^TX),\ m=1,\ldots,M, \\ T_k = \beta_{0k} + \beta_k^TZ,\ k=1,\ldots,K", None,
     "greek-transpose"),  # session 37: a Greek member before a capital is transposed (was a noted power)
    ("adam-correction-power-T", "Adam's bias correction after T steps", r"\hat{m} = \frac{m}{1 - \beta_1^T}",
     "m/(1 - beta_1**T)", "superscript-decay-power"),
    ("graphsage-weight", "Hamilton et al. 2017, GraphSAGE (as GIN's paper writes it)",
     r"h_v' = f(W \cdot \sum_{u \in \mathcal{N}(v)} h_u + B \cdot h_v + C)", None, "capital-dot-number"),
]


@pytest.mark.parametrize(("latex", "rhs", "rule"), [c[2:] for c in CASES], ids=[c[0] for c in CASES])
def test_readings(latex: str, rhs: str | None, rule: str | None) -> None:
    formula = symdl.parse(latex)
    if rhs is not None:
        assert str(formula.statements[0].rhs) == rhs
    if rule is not None:
        assert any(n.rule == rule for n in formula.notes), [n.rule for n in formula.notes]


def test_sum_of_hadamard_values() -> None:
    rng = np.random.default_rng(38)
    k, v = rng.normal(size=5), rng.normal(size=5)
    f = symdl.lambdify(r"y = \sum_{i=1}^{n} e^{k_i} \odot v_i")
    assert np.isclose(f(k=k, v=v, n=5), np.sum(np.exp(k) * v), rtol=1e-12)


def test_code_sum_values() -> None:
    rng = np.random.default_rng(38)
    labels, logits = rng.choice([-1.0, 1.0], size=6), rng.normal(size=6) * 30
    f = symdl.lambdify("l = -sum(log_sigmoid(labels * logits)) / n")
    want = np.sum(np.logaddexp(0, -labels * logits)) / 6
    assert np.isclose(f(labels=labels, logits=logits, n=6), want, rtol=1e-12)


@pytest.mark.parametrize(("x", "want"), [(-2.0, -4.0), (0.5, 1.5), (3.0, 6.0), (1.0, 3.0)])
def test_or_condition_values(x: float, want: float) -> None:
    f = symdl.lambdify(r"R = \begin{cases} 2x & \text{if } x < 0 \text{ or } x > 1 \\ 3x & \text{otherwise} "
                       r"\end{cases}")
    assert f(x=x) == want


@pytest.mark.parametrize(("latex", "what"), [
    (r"O(i \cdot n \cdot (m \cdot h + h \cdot o))", "big-O"),
    (r"T = O(n^2 \cdot d)", "big-O"),
    (r"R = \begin{cases} a & \text{if } \text{safe}(p) \text{ or } x < 0.15 \\ b & \text{otherwise} \end{cases}",
     "is no comparison"),
    (r"R = \begin{cases} a & x < 0 \text{ or } x > 1 \text{ and } y > 0 \\ b & \text{otherwise} \end{cases}",
     "'and' and 'or' together"),
    (r"\mathbf{dP}_i = \mathbf{dO}_i \mathbf{V}^\top", "one vector of a family"),
    (r"y_{ij} = \mathbf{s} x_{ij}", "an entry set equal to a vector"),
], ids=["karpathy-cost", "attention-cost", "predicate-or", "mixed-connectives", "flashattention-block-rows",
        "entry-of-a-vector"])  # (Glow's actnorm, y_{i,j} = s \odot x_{i,j} + b, reads per position since session 41)
def test_refused_by_name(latex: str, what: str) -> None:
    with pytest.raises(symdl.SymdlError, match=what):
        symdl.parse(latex)


@pytest.mark.parametrize(("latex", "rhs", "absent"), [
    (r"f(x+h) = f(x) + h f'(x) + O(h^2)", None, ""),
    (r"y = \mathbb{E}_{x} [ f(x) - y ]^2", "E_{x}(-y + f(x))**2", "expectation-power-inside"),
    (r"y = \sum_{i=1}^{n} x_i", "Sum(x[i], (i, 1, n))", "sum-start-unwritten"),
    (r"y = W \cdot x + b", "W*x + b", "capital-dot-number"),
    (r"T = N \cdot d", "N*d", "capital-dot-number"),
    (r"y = \bar{x} \cdot \bar{y}", "xbar*ybar", "overline-vectors"),
    (r"\frac{\partial\boldsymbol{x}^\top\boldsymbol{B}\boldsymbol{x}}{\partial\boldsymbol{x}} = "
     r"(\boldsymbol{B}+\boldsymbol{B}^\top)\boldsymbol{x}", "(B + B.T)*x", "numerator-layout"),
    ("total = sum(x_i^2)", "Sum(x[i]**2, (i, 1, N_x))", "code-sum-words"),
    (r"y = a(1 - a) + b(1-a)", "a*(1 - a) + b*(1 - a)", "call-paired-argument"),
    (r"y = a + b = c + d = e", "e", "code-chained-assignment"),
    (r"y = w(2) + w", "3*w", "call-by-use"),
], ids=["taylor-order-term", "bracketed-expectation-squared", "written-start", "capital-dot-vector",
        "count-times-dimension", "means-product", "denominator-layout", "indexed-sum", "letter-written-alone", "tex-chain",
        "number-after-a-value"])
def test_look_alikes_kept(latex: str, rhs: str | None, absent: str) -> None:
    formula = symdl.parse(latex)
    if rhs is not None:
        assert str(formula.statements[0].rhs) == rhs
    if absent:
        assert absent not in [n.rule for n in formula.notes]


@pytest.mark.parametrize(("latex", "concepts"), [
    ("dhraw = (1 - hs[t] * hs[t]) * dh", {"delta_rule", "tanh_derivative"}),
    ("dhpreact = (1.0 - h**2) * dh", {"delta_rule", "tanh_derivative"}),
    (r"\delta_j^{(k-1)} = f'(z_j^{(k-1)}) \sum_i \delta_i^{(k)} W_{ij}^{(k-1)}", {"delta_rule"}),
], ids=["karpathy-min-char-rnn", "makemore-tanh-backward", "aggarwal-error-signal"])
def test_backprop_named(latex: str, concepts: set[str]) -> None:
    assert concepts <= set(symdl.explain(latex).concepts)


@pytest.mark.parametrize("latex", [r"dx = (1 - x^2) dt", r"y = (1 - x^2) z"], ids=["differentials", "plain-product"])
def test_tanh_slope_not_claimed(latex: str) -> None:
    assert "tanh_derivative" not in symdl.explain(latex).concepts


def test_chained_assignment_gives_each_target_the_value() -> None:
    formula = symdl.parse("mb_advs[t] = lastgaelam = delta + gamma * lam * nextnonterminal * lastgaelam")
    assert [str(s.lhs) for s in formula.statements] == ["lastgaelam", "mb_advs_t"]
    assert str(formula.statements[1].rhs) == "lastgaelam"


@pytest.mark.parametrize("latex", [
    r"L = \frac{1}{N}\sum_{i=1}^{N}(y_i - \max(0,\mathbf{w}\cdot\mathbf{x}_i+b))^2",
    r"L = \frac{1}{N}\sum_{i=1}^{N}(y_i - \max(0,\mathbf{x}_i\cdot\mathbf{w}+b))^2",
], ids=["vector-dot-sample", "sample-dot-vector"])
def test_dot_with_a_sample_vector(latex: str) -> None:
    """Raschka's ReLU-unit cost ``\\mathbf{w} \\cdot \\mathbf{x}_i``: the dot product with the i-th sample, as
    ``\\mathbf{w}^T \\mathbf{x}_i`` reads (before: refused as a family member in a product), L a number."""
    rng = np.random.default_rng(38)
    x, w, y = rng.normal(size=(5, 3)), rng.normal(size=3), rng.normal(size=5)
    formula = symdl.parse(latex)
    assert "L" not in {str(k) for k in formula.shapes}
    f = symdl.lambdify(latex)
    got = f(**{"\\mathbf{x}": x, "\\mathbf{w}": w, "y": y, "b": 0.3, "N": 5})
    assert np.isclose(got, np.mean((y - np.maximum(0, x @ w + 0.3)) ** 2), rtol=1e-12)


@pytest.mark.parametrize(("latex", "bias"), [
    ("output = activation(dot(input, kernel) + bias)", "bias"),
    ("scores = np.dot(X, W) + b", "b"),
], ids=["keras-dense-docs", "cs231n-scores"])
def test_dot_bias_is_a_row(latex: str, bias: str) -> None:
    formula = symdl.parse(latex)
    assert str(formula.shapes[next(k for k in formula.shapes if str(k) == bias)][0]) == "1"
    assert "bias-row" in [n.rule for n in formula.notes]
