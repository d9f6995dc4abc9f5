r"""Notation people paste from outside TeX, read or refused by class (session 22, task rgram, issue 12).

* Markdown's escapes ``\_`` and ``\*`` (``markdown-escape``): ``\theta\_{t}`` is ``\theta_{t}``; ``\_`` in a text box
  and between the letters of a code name stays an underscore; TeX's ``{g}_{t}`` is ``g_{t}``;
* MATLAB's and Julia's dotted operators ``.*``, ``./``, ``.^``, ``.+`` (``elementwise-dot``);
* operators pasted as Unicode (``⊗``, ``∩``, ``∪``, ``≠``, ``→``, ``±``, ``∼`` ...) as their LaTeX commands;
* ``\underset{x \sim P}{\mathbb{E}}``, ``\underset{i}{\sum}`` as the operator's limits (``underset-limits``; an
  optimum under it stays :mod:`symdl.read.optwords`'s), ``\overset{iid}{\sim}`` as ``\sim``;
* Kingma & Welling's ``-D_{KL}((q||p) = ...``: a doubled parenthesis closed once (``doubled-open-parenthesis``);
  Doersch's ``\mathcal{D}[Q(z|X) \| P(z|X)]``: a divergence's arguments in brackets (``divergence-brackets``);
* Python's ``if c: return a`` rows, ``elif``/``else``, ``a if c else b`` and the Keras docs' ``a if c, b if d`` as a
  piecewise function (``code-if``); Python's ``//`` as the floor of the quotient (``python-floor-division``);
* ``self.`` before a name in code pasted from a module (``code-self``);
* refused by name: a placeholder argument ``\pi(\cdot|s_t)``, code's slices ``W[i, :]``, ``x[..., 0:n]``, and ``//``
  after a product.

Each row: the formula as its source prints it (cited), the statements it reads as and the reading notes by rule with
the text they point at; values are checked against plain numpy where the formula evaluates."""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_refused_at


def _notes(formula: symdl.Formula) -> list[tuple[str, str]]:
    return [(n.rule, formula.source[n.span.start : n.span.end]) for n in formula.notes]


def _statements(formula: symdl.Formula) -> list[tuple[str, str, str]]:
    return [(s.kind, str(s.lhs), str(s.rhs)) for s in formula.statements]


HARD_SIGMOID = "Piecewise((0, x < -2.5), (1, x > 2.5), (0.2*x + 0.5, True))"

# (id, formula, statements as (kind, lhs, rhs), notes as (rule, text))
READS = [
    # vietanh.dev glossary, SGDW (from Papers with Code): Markdown-escaped subscripts
    (
        "sgdw-markdown",
        r"\theta\_{t} = \theta\_{t-1} - m\_{t} - \eta\_{t}\lambda\theta\_{t-1}",
        [("update", "theta_t", "-eta_t*lambda*theta_{t-1} - m_t + theta_{t-1}")],
        [("markdown-escape", r"\_")],
    ),
    # vietanh.dev glossary, SGDW's momentum line: a braced letter subscripted, {g}\_{t}
    (
        "sgdw-momentum-markdown",
        r"m\_{t} = \beta\_{1}m\_{t-1} + \eta\_{t}\alpha{g}\_{t}",
        [("update", "m_t", "alpha*eta_t*g_t + beta_1*m_{t-1}")],
        [("markdown-escape", r"\_")],
    ),
    # a README's Markdown source of the optimum: \* is the star
    (
        "markdown-star",
        r"\theta^\* = \theta - \eta \nabla\_\theta L",
        [("assignment", "theta^*", "-eta*Derivative(L(theta), theta) + theta")],
        [("markdown-escape", r"\*"), ("nabla-number", r"\nabla\_\theta L"), ("markdown-escape", r"\_")],
    ),
    # Flux.jl docs, Flux.Losses.label_smoothing (binary): Julia's broadcast operators
    (
        "flux-label-smoothing",
        r"y .* (1 - α) .+ α / 2",
        [("expression", "None", "(alpha/2)*ones(n_1, 1) + (1 - alpha)*y")],
        [("elementwise-dot", ".*"), ("elementwise-dot", ".+"), ("scalar-broadcast", "α")],
    ),
    # saeedmehrang.github.io, 'Understanding SwiGLU': GLU with ⊗ pasted as Unicode
    (
        "swiglu-blog-glu",
        r"GLU(x, W, V) = (xW + b) ⊗ σ(xV + c)",
        [("definition", "GLU(x, W, V)", "HadamardProduct(b + x*W, Lambda(_x, sigmoid(_x)).(c + x*V))")],
        [
            ("letters-product", "xW"),
            ("bias-row", "b"),
            ("otimes-elementwise", "⊗"),
            ("sigma-gate-operand", "σ(xV + c)"),
            ("vector-row", "x"),
            ("letters-product", "xV"),
            ("bias-row", "c"),
        ],
    ),
    # docs.rs yscv-model dice_loss: ∩ pasted as Unicode, sizes of masks
    (
        "yscv-dice",
        r"DiceLoss = 1 - (2 * |P ∩ G| + smooth) / (|P| + |G| + smooth)",
        [
            (
                "assignment",
                "DiceLoss",
                "-(smooth + 2*Trace(ones(1, n_1)*(HadamardProduct(P, G))*ones(n_2, 1)))/(smooth + Trace(ones(1, n_1)*G*ones(n_2, 1)) + Trace(ones(1, n_1)*P*ones(n_2, 1))) + 1",
            )
        ],
        [
            ("word-name", "DiceLoss"),
            ("set-indicator", "|P ∩ G|"),
            ("word-name", "smooth"),
            ("set-indicator", "|P|"),
            ("set-indicator", "|G|"),
        ],
    ),
    # Gulrajani et al., arXiv 1704.00028 (WGAN-GP), eq. 3's first two terms: \underset sets the expectation's limits
    (
        "wgan-gp-underset",
        r"L = \underset{\tilde{\boldsymbol{x}}\sim\mathbb{P}_g}{\mathbb{E}}[D(\tilde{\boldsymbol{x}})] - "
        r"\underset{\boldsymbol{x}\sim\mathbb{P}_r}{\mathbb{E}}[D(\boldsymbol{x})]",
        [
            (
                "assignment",
                "L",
                r"E_{\tilde{\boldsymbol{x}}\sim\mathbb{P}_g}(D(xtilde)) - Trace(ones(1, n_2)*Lambda(_x, D(_x)).(x))/n_2",
            )
        ],
        [
            ("underset-limits", r"\underset{\tilde{\boldsymbol{x}}\sim\mathbb{P}_g}{\mathbb{E}}"),
            ("underset-limits", r"\underset{\boldsymbol{x}\sim\mathbb{P}_r}{\mathbb{E}}"),
            ("expectation-mean", r"\underset{\boldsymbol{x}\sim\mathbb{P}_r}{\mathbb{E}}[D(\boldsymbol{x})]"),
        ],
    ),
    # lecture notes (least squares): \underset{\theta}{\operatorname{argmin}}, an optimum: optwords' reading, unchanged
    (
        "argmin-underset",
        r"\theta^* = \underset{\theta}{\operatorname{argmin}} \sum_i (y_i - \theta x_i)^2",
        [("assignment", "theta^*", "argmin_{theta}(Sum((-theta*x[i] + y[i])**2, (i, 1, N_y)))")],
        [("optimum-over-variable", r"\underset{\theta}{\operatorname{argmin}}")],
    ),
    # Kingma & Welling, arXiv 1312.6114 (VAE), Appendix B, verbatim: the doubled parenthesis is closed once
    (
        "vae-kl-doubled-open",
        r"-D_{KL}((q_\phi(\mathbf{z}) || p_\theta(\mathbf{z})) = \frac{1}{2} \sum_{j=1}^{J} \left(1 + "
        r"\log((\sigma_j)^2) - (\mu_j)^2 - (\sigma_j)^2\right)",
        [
            (
                "equation",
                r"-D_{KL}(q_{\phi}(z), p_{\theta}(z))",
                "Sum(log(sigma[j]**2) - mu[j]**2 - sigma[j]**2 + 1, (j, 1, J))/2",
            )
        ],
        [
            ("doubled-open-parenthesis", r"((q_\phi(\mathbf{z}) || p_\theta(\mathbf{z}))"),
            ("call-parameterised", r"q_\phi(\mathbf{z})"),
            ("function-number", r"q_\phi(\mathbf{z})"),
            ("call-parameterised", r"p_\theta(\mathbf{z})"),
            ("function-number", r"p_\theta(\mathbf{z})"),
        ],
    ),
    # Doersch, arXiv 1606.05908 (VAE tutorial), eq. 2: the divergence's arguments in square brackets
    (
        "doersch-kl-brackets",
        r"\mathcal{D}[Q(z|X) \| P(z|X)] = E_{z \sim Q}[\log Q(z|X) - \log P(z|X)]",
        [("equation", "Dcal(Q(z, X), P(z, X))", r"E_{z \sim Q}(-log(P(z, X)) + log(Q(z, X)))")],
        [("divergence-brackets", r"[Q(z|X) \| P(z|X)]")],
    ),
    # Veličković et al. (GAT): products in brackets after a transpose stay a concatenation
    (
        "gat-concat-stays",
        r"\mathbf{a}^T[\mathbf{W}h_i \| \mathbf{W}h_j]",
        [("expression", "None", "a.T*Matrix([\n[W*h_i],\n[W*h_j]])")],
        [
            ("bar-concat", r"[\mathbf{W}h_i \| \mathbf{W}h_j]"),
            ("subscript-label", "h_i"),
            ("subscript-label", "h_j"),
        ],
    ),
    # TensorFlow docs r2.5, tf.keras.activations.hard_sigmoid, verbatim: if-return rows
    (
        "tf-hard-sigmoid-rows",
        r"if x < -2.5: return 0 \\ if x > 2.5: return 1 \\ if -2.5 <= x <= 2.5: return 0.2 * x + 0.5",
        [("expression", "None", HARD_SIGMOID)],
        [("code-if", r"if x < -2.5: return 0 \\ if x > 2.5: return 1 \\ if -2.5 <= x <= 2.5: return 0.2 * x + 0.5")],
    ),
    # TensorFlow docs, tf.keras.ops.hard_sigmoid: 'value if condition' rows separated by commas
    (
        "keras-ops-hard-sigmoid",
        r"0 if x < -2.5, 1 if x > 2.5, (0.2 * x) + 0.5 if -2.5 <= x <= 2.5",
        [("expression", "None", HARD_SIGMOID)],
        [("code-if", r"0 if x < -2.5, 1 if x > 2.5, (0.2 * x) + 0.5 if -2.5 <= x <= 2.5")],
    ),
    # a hand-written hard sigmoid with the ramp's sign flipped (dev22 trap h21-478): if / elif / else in text boxes
    (
        "flipped-ramp-elif",
        r"\text{if } x<-2.5: 0;\ \text{elif } x>2.5: 1;\ \text{else}: -0.2x + 0.5",
        [("expression", "None", "Piecewise((0, x < -2.5), (1, x > 2.5), (0.5 - 0.2*x, True))")],
        [("code-if", r"\text{if } x<-2.5: 0;\ \text{elif } x>2.5: 1;\ \text{else}: -0.2x + 0.5")],
    ),
    # Keras docs-style note, keras.activations.selu: two if-return rows
    (
        "keras-selu-rows",
        r"if x > 0: return scale * x \\ if x < 0: return scale * alpha * (exp(x) - 1)",
        [("expression", "None", "Piecewise((scale*x, x > 0), (alpha*scale*(exp(x) - 1), x < 0))")],
        [
            ("code-if", r"if x > 0: return scale * x \\ if x < 0: return scale * alpha * (exp(x) - 1)"),
            ("word-name", "scale"),
            ("greek-word", "alpha"),
        ],
    ),
    # the TensorFlow.js docs' ELU as Python's conditional expression
    (
        "python-ternary-elu",
        r"y = x if x > 0 else alpha * (exp(x) - 1)",
        [("assignment", "y", "Piecewise((x, x > 0), (alpha*(exp(x) - 1), True))")],
        [("code-if", r"x if x > 0 else alpha * (exp(x) - 1)"), ("greek-word", "alpha")],
    ),
    # a Julia MLP's dsigmoid (GitHub): the sigmoid's derivative with broadcast operators
    (
        "julia-dsigmoid",
        r"dvec = sigmoid(z) .* (1 .- sigmoid(z))",
        [("assignment", "dvec", "HadamardProduct(Lambda(_x, sigmoid(_x)).(z), -Lambda(_x, sigmoid(_x)).(z) + ones(n_1, 1))")],
        [("word-name", "dvec"), ("elementwise-dot", ".*"), ("elementwise-dot", ".-")],
    ),
    # Zygote's adjoint of the broadcast sigmoid: Julia's dot call σ.(x)
    (
        "julia-dot-call",
        r"y = σ.(x) .* (1 .- σ.(x))",
        [("assignment", "y", "HadamardProduct(Lambda(_x, sigmoid(_x)).(x), -Lambda(_x, sigmoid(_x)).(x) + ones(n_1, 1))")],
        [("elementwise-dot", ".("), ("elementwise-dot", ".*"), ("elementwise-dot", ".-")],
    ),
    # Ng's course notes in Markdown: J(\theta\_{0}, \theta\_{1}), the mean squared error over m samples
    (
        "ng-cost-markdown",
        r"J(\theta\_{0}, \theta\_{1}) = \dfrac{1}{2m} \sum\_{i=1}^m (\hat{y}\_{i} - y\_{i})^{2}",
        [("definition", "J(theta_0, theta_1)", "Sum((-y[i] + yhat[i])**2, (i, 1, m))/(2*m)")],
        [("markdown-escape", r"\_")],
    ),
    # a Korean blog's residual sum of squares: one-letter names escaped, y\_i
    (
        "rss-markdown-letters",
        r"\underset{\theta}{\arg\min}\sum_{i=1}^n(y\_i-\hat{y\_i})^2",
        [("expression", "None", "argmin_{theta}(Sum((y[i] - yhat[i])**2, (i, 1, n)))")],
        [("optimum-over-variable", r"\underset{\theta}{\arg\min}"), ("markdown-escape", r"\_")],
    ),
    # TensorFlow's Huber docs written as code rows, each with its left side
    (
        "huber-rows-lhs",
        r"loss = 0.5 * x^2 if |x| <= d \\ loss = 0.5 * d^2 + d * (|x| - d) if |x| > d",
        [("assignment", "loss", "Piecewise((0.5*x**2, d >= Abs(x)), (0.5*d**2 + d*(-d + Abs(x)), True))")],
        [("word-name", "loss"), ("code-if", r"0.5 * x^2 if |x| <= d \\ loss = 0.5 * d^2 + d * (|x| - d) if |x| > d")],
    ),
    # a blog's LayerNorm forward pasted from its nn.Module: self.gamma, self.eps, self.beta
    (
        "module-layer-norm",
        r"self.gamma * (x - mean) / (std + self.eps) + self.beta",
        [("expression", "None", "beta + gamma*(-mean + x)/(eps + std)")],
        [
            ("code-self", "self."),
            ("greek-word", "gamma"),
            ("word-name", "mean"),
            ("code-name", "std"),
            ("code-name", "eps"),
            ("greek-word", "beta"),
        ],
    ),
    # timm docs, StepLRScheduler: Python's // and **
    (
        "timm-step-lr",
        r"lr = base_lr * decay_rate ** (epoch // decay_t)",
        [("assignment", "lr", "base_lr*decay_rate**floor(epoch/decay_t)")],
        [
            ("code-name", "lr"),
            ("word-name", "base_lr"),
            ("word-name", "decay_rate"),
            ("python-power", "decay_rate ** (epoch // decay_t)"),
            ("word-name", "epoch"),
            ("python-floor-division", "epoch // decay_t"),
            ("word-name", "decay"),
        ],
    ),
]


@pytest.mark.parametrize(("latex", "statements", "notes"), [r[1:] for r in READS], ids=[r[0] for r in READS])
def test_reads(latex: str, statements: list[tuple[str, str, str]], notes: list[tuple[str, str]]) -> None:
    formula = symdl.parse(latex)
    assert _statements(formula) == statements
    assert _notes(formula) == notes


def _latex(row_id: str) -> str:
    return next(r[1] for r in READS if r[0] == row_id)


def _value(latex: str, **args: object) -> np.ndarray:
    return np.asarray(symdl.lambdify(symdl.parse(latex))(**args), dtype=float)


def test_hard_sigmoid_rows_values() -> None:
    """Each spelling of the hard sigmoid is numpy's clip(0.2 x + 0.5, 0, 1); the flipped ramp is not."""
    xs = [-3.0, -2.5, -1.0, 0.0, 0.7, 2.5, 4.0]
    for latex in (_latex("tf-hard-sigmoid-rows"), _latex("keras-ops-hard-sigmoid")):
        got = [float(_value(latex, x=x)) for x in xs]
        np.testing.assert_allclose(got, np.clip(0.2 * np.array(xs) + 0.5, 0, 1), rtol=1e-12)
    flipped = [float(_value(_latex("flipped-ramp-elif"), x=x)) for x in xs]
    np.testing.assert_allclose(flipped, [0.0, 1.0, 0.7, 0.5, 0.36, 0.0, 1.0], rtol=1e-12)


def test_ternary_elu_values() -> None:
    """``x if x > 0 else alpha * (exp(x) - 1)`` is numpy's ELU."""
    for x in (-2.0, -0.1, 0.5, 3.0):
        want = x if x > 0 else 1.3 * np.expm1(x)
        np.testing.assert_allclose(_value(_latex("python-ternary-elu"), x=x, alpha=1.3), want, rtol=1e-12)


def test_floor_division_values() -> None:
    """timm's StepLR drops the rate every decay_t epochs: ``//`` is the floor of the quotient."""
    for epoch in (0.0, 29.0, 30.0, 61.0):
        got = _value(_latex("timm-step-lr"), base_lr=0.1, decay_rate=0.5, epoch=epoch, decay_t=30.0)
        np.testing.assert_allclose(got, 0.1 * 0.5 ** (epoch // 30), rtol=1e-12)


def test_julia_label_smoothing_values() -> None:
    """Flux's binary label smoothing: y .* (1 - α) .+ α / 2 entry by entry."""
    y = np.array([[1.0], [0.0], [1.0]])
    np.testing.assert_allclose(
        _value(_latex("flux-label-smoothing"), y=y, α=0.1).ravel(), (y * 0.9 + 0.05).ravel(), rtol=1e-12
    )


def test_markdown_escape_keeps_text_boxes_and_code_names() -> None:
    """``\\_`` in ``\\text{...}`` is the underscore of a name, and between the letters of a code name too."""
    formula = symdl.parse(r"y = \text{clip\_norm} \cdot x")
    assert "markdown-escape" not in [n.rule for n in formula.notes]
    assert r"\text{clip\_norm}" in formula.symbols
    coded = symdl.parse(r"y = clip\_norm \cdot x")
    assert "markdown-escape" not in [n.rule for n in coded.notes]


def test_markdown_escape_reads_as_plain_tex() -> None:
    """The escaped formula reads as its TeX: same statements."""
    escaped = symdl.parse(r"\theta\_{t+1} = \theta\_{t} - \eta g\_{t}")
    plain = symdl.parse(r"\theta_{t+1} = \theta_{t} - \eta g_{t}")
    assert [(s.lhs, s.rhs) for s in escaped.statements] == [(s.lhs, s.rhs) for s in plain.statements]


def test_unicode_operators_read_as_their_commands() -> None:
    """A pasted ⊗, ∩, ≠, ±, ∼ reads, or is refused, as its command: no 'unexpected character'."""
    assert _statements(symdl.parse("y = a ⊙ b ⊗ c")) == _statements(symdl.parse(r"y = a \odot b \otimes c"))
    for source, what in (("y = a ± b", r"\pm"), ("z = A ∪ B", r"union of sets")):
        with pytest.raises(symdl.SymdlError) as err:
            symdl.parse(source)
        assert what in str(err.value)
        assert "unexpected character" not in str(err.value)


def test_guarded_statements_stay_guard_lines() -> None:
    """``\\text{if } cond: g \\leftarrow ...`` is a guarded update (guard-line), not a piecewise value."""
    formula = symdl.parse(r"\text{if } \|g\| > c: \quad g \leftarrow \frac{c}{\|g\|} g")
    rules = [n.rule for n in formula.notes]
    assert "guard-line" in rules and "code-if" not in rules


def test_doubled_open_parenthesis_needs_a_relation_after() -> None:
    """Only where the missing ')' can stand in one place is a doubled '((' read as one: not in ``((a+b)c``."""
    for latex in (r"y = ((a+b)c", r"y = f((a), b"):
        with pytest.raises(symdl.InvalidInput, match="never closed"):
            symdl.parse(latex)


def test_overset_over_a_draw() -> None:
    """``x_i \\overset{iid}{\\sim} \\mathcal{N}(0, 1)``: the draw, as ``\\sim`` written alone."""
    formula = symdl.parse(r"x \overset{iid}{\sim} \mathcal{N}(0, 1), \quad y = x^2")
    assert _statements(formula) == [("assignment", "y", "x**2")]
    assert "distribution-clause" in [n.rule for n in formula.notes]


# (id, formula, what the message says, the text it points at)
REFUSED = [
    # Mnih et al., arXiv 1602.01783 (A3C): H(\pi(\cdot|s_t)) is read since session 28 (placeholder-sum;
    # tests/test_read_s28_rlfunc.py)
    # Schulman et al. 2015, TRPO constraint
    (
        "trpo-kl",
        r"\mathbb{E}_{s \sim \rho_{\theta_{\text{old}}}}\left[ D_{\mathrm{KL}}\left(\pi_{\theta_{\text{old}}}"
        r"(\cdot|s) \,\|\, \pi_\theta(\cdot|s)\right) \right] \leq \delta",
        "a function with a placeholder argument",
        r"(\cdot|s)",
    ),
    # TensorFlow guide notation for tf.nn.embedding_lookup
    ("tf-embedding-row", r"\mathrm{embedding}(i) = W[i, :]", "code's slice W[i, :]", ":"),
    # PyTorch docs torch.nn.Embedding, described as a formula (was "unexpected ','")
    (
        "torch-embedding-row",
        r"\mathrm{Embedding}(i) = E[i,:], \quad E \in \mathbb{R}^{V \times d}",
        "code's slice E[i,:]",
        ":",
    ),
    # Flax docs, flax.linen.glu: the halves of the input
    (
        "flax-glu-halves",
        r"\mathrm{glu}(x) = x\left[\ldots, 0:n\right] \cdot \sigma\left(x\left[\ldots, n:2n\right]\right)",
        r"code's slice x\left[\ldots, 0:n\right]",
        ":",
    ),
    # Python's a * b // c is (a * b) // c: refused rather than read as a * (b // c)
    ("floor-after-product", r"y = a * b // c", "Python's floor division // after a product", "//"),
]


@pytest.mark.parametrize(("latex", "what", "text"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_refused_by_name(latex: str, what: str, text: str) -> None:
    assert_refused_at(latex, what, text)


def test_refusals_have_hints() -> None:
    for _, latex, _, _ in REFUSED:
        with pytest.raises(symdl.NotSupported) as err:
            symdl.parse(latex)
        assert err.value.hint


def test_huber_rows_values() -> None:
    """The Huber rows, each repeating ``loss =``, are numpy's Huber loss."""
    for x in (-3.0, -0.4, 0.0, 0.9, 2.5):
        want = 0.5 * x**2 if abs(x) <= 1.0 else 0.5 + (abs(x) - 1.0)
        np.testing.assert_allclose(_value(_latex("huber-rows-lhs"), x=x, d=1.0), want, rtol=1e-12)


def test_julia_dsigmoid_values() -> None:
    """``sigmoid(z) .* (1 .- sigmoid(z))`` is the sigmoid's derivative entry by entry."""
    z = np.array([[-1.0], [0.0], [2.0]])
    s = 1 / (1 + np.exp(-z))
    np.testing.assert_allclose(_value(_latex("julia-dsigmoid"), z=z).ravel(), (s * (1 - s)).ravel(), rtol=1e-12)


def test_placeholder_in_a_draw_is_the_distribution() -> None:
    """``\\mathbb{E}_{a \\sim \\pi(\\cdot|s)}`` and ``a_t \\sim \\pi(\\cdot|s_t)`` name the distribution drawn from: read
    as before, only a placeholder call used as a value is refused."""
    formula = symdl.parse(r"V = \mathbb{E}_{a \sim \pi(\cdot|s)}[Q(s,a)]")
    assert _statements(formula) == [("assignment", "V", r"E_{a \sim \pi(\cdot|s)}(Q(s, a))")]
    drawn = symdl.parse(r"a_t \sim \pi(\cdot|s_t), \quad y = Q(s_t, a_t)")
    assert _notes(drawn) == [("distribution-clause", r"a_t \sim \pi(\cdot|s_t)")]


def test_font_switch_with_a_braced_argument() -> None:
    """``{\\rm{ReLU}}`` (a Chinese blog's sigmoid notes write ``{\\rm{Sigmoid}}``): the switch written as a command
    with its argument braced reads as ``{\\rm ReLU}`` (it was the name '{ReLU}')."""
    assert _statements(symdl.parse(r"{\rm{ReLU}}(x) = \max(0, x)")) == [("definition", "relu(x)", "Max(0, x)")]
