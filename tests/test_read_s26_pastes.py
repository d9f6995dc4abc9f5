"""Plain-text and Unicode pastes (session 26): vulgar fractions, 𝟙, a spaced tilde, a flattened ∇θ, plain connective
words, a known function spelt in letters after log, code names with a folded operator, and AdaGrad's sum up to the
current step.  Values against plain numpy; notes by rule; the ambiguous neighbours stay refused."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

import symdl
from tests.real_sources import assert_reads_as

RNG = np.random.default_rng(2626)
G6, A3, B3 = RNG.normal(size=6), RNG.normal(size=3), RNG.normal(size=3)


def _sigmoid(z: float) -> float:
    return float(1 / (1 + np.exp(-z)))


READ = [
    ("vulgar-fraction", "L = ½ x^2 + ¼ y", {"x": 1.5, "y": 2.0}, 0.5 * 1.5**2 + 0.25 * 2.0, []),
    ("three-quarters", "y = ¾ x", {"x": 2.0}, 1.5, []),
    ("double-struck-one", "y = 𝟙[a = b]", {"a": 2, "b": 2}, 1.0, []),
    ("plain-log-sigmoid", "L = -log sigmoid(z)", {"z": 0.3}, -np.log(_sigmoid(0.3)), []),
    ("plain-log-sigmoid-dpo", "L = -log sigmoid(b * (p - q))", {"b": 0.1, "p": 2.0, "q": 1.0},
     -np.log(_sigmoid(0.1)), []),
    ("code-name-unicode-dot", "cos_sim(a,b) = a·b / (‖a‖‖b‖)", {"a": A3, "b": B3},
     A3 @ B3 / (np.linalg.norm(A3) * np.linalg.norm(B3)), []),
    ("adagrad-up-to-step", r"u_t = -\eta \frac{g_t}{\sqrt{\sum_{s \le t} g_s^2} + \epsilon}",
     {r"\eta": 0.1, "g": G6, "t": 4, r"\epsilon": 1e-8}, -0.1 * G6[3] / (np.sqrt(np.sum(G6[:4] ** 2)) + 1e-8),
     ["member-at-sum-bound", "sum-up-to"]),
    ("up-to-strict", r"G_t = \sum_{\tau < t} g_\tau^2", {"g": G6, "t": 4}, np.sum(G6[:3] ** 2), ["sum-up-to"]),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [r[1:] for r in READ], ids=[r[0] for r in READ])
def test_reads_as_meant(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


@pytest.mark.parametrize(("latex", "wanted"), [
    ("ε ~ N(0, I); z = μ + σ ⊙ ε", "distribution-clause"),  # the draw set aside, z read
    ("y_i = x_i^2, for i = 1, \\dots, C", "condition-clause"),
    ("y_i = x_i^2, for~i=1,…, C", "condition-clause"),
    ("y = Wx + b where W \\in \\mathbb{R}^{3 \\times 3}", "capital-matrix"),
], ids=["spaced-tilde", "plain-for", "tie-for", "plain-where"])
def test_plain_words_and_tilde(latex: str, wanted: str) -> None:
    formula = symdl.parse(latex)
    rules = [n.rule for n in formula.notes]
    assert len(formula.statements) >= 1
    assert wanted in rules
    assert not any("f*o*r" in str(s.rhs) for s in formula.statements)


@pytest.mark.parametrize(("latex", "by"), [
    ("θ ← θ − η ∇θ L(θ)", "theta"),
    ("g = ∇w L(w, b)", "w"),
], ids=["flattened-nabla-theta", "flattened-nabla-w"])
def test_flattened_nabla_is_a_gradient_by_its_letter(latex: str, by: str) -> None:
    rhs = symdl.parse(latex).statements[0].rhs
    derivs = list(rhs.atoms(sympy.Derivative))
    assert len(derivs) == 1 and str(derivs[0].variables[0]) == by


@pytest.mark.parametrize("latex", [
    "L = −log exp(s_i/τ) / ∑_k exp(s_k/τ)",  # of the call or of the quotient?
    r"\sum_{i<n} x_i",  # an end with no start (\sum_{i<j} x_i x_j reads: sum-over-pairs)
], ids=["log-over-quotient", "end-only"])
def test_ambiguous_stays_refused(latex: str) -> None:
    with pytest.raises(symdl.NotSupported):
        symdl.parse(latex)


def test_nabla_of_a_call_keeps_its_name() -> None:
    """``∇f(w)``: the gradient of f at w, not by f."""
    rhs = symdl.parse("w = w - η ∇f(w)").statements[0].rhs
    assert "Derivative(f(w), w)" in str(rhs)


def _dsig(x: float) -> float:
    return _sigmoid(x) * (1 - _sigmoid(x))


MORE = [
    ("unicode-sigma-sum", "MAE = (1/n) Σ |y_i − ŷ_i|", {"y": A3, "ŷ": B3, "n": 3},
     np.mean(np.abs(A3 - B3)), None),
    ("unicode-sigma-subscript", "L = Σᵢ (yᵢ − ŷᵢ)²", {"y": A3, r"\hat{y}": B3}, np.sum((A3 - B3) ** 2), None),
    ("slash-operator", "d/dx σ(x) = σ(x)(1 - σ(x))", {"x": 0.4}, _dsig(0.4), ["leibniz-slash-operator"]),
    ("slash-of-a-call", "dtanh(x)/dx = 1 - tanh^2(x)", {"x": 0.4}, 1 - np.tanh(0.4) ** 2, ["leibniz-slash-operator"]),
    ("nadam-indented-row", r"\widehat{m_t} \leftarrow \mu_{t+1} m_t/(1-\prod_{i=1}^{t+1}\mu_i)\\[-1.ex] & "
     r"\hspace{11mm} + (1-\mu_t) g_t /(1-\prod_{i=1}^{t} \mu_{i})",
     {r"\mu": np.array([0.9, 0.91, 0.92, 0.93]), "m_t": 0.5, "g_t": 0.2, "t": 2},  # \mu_t, \mu_{t+1}: \mu's
     0.92 * 0.5 / (1 - 0.9 * 0.91 * 0.92) + (1 - 0.91) * 0.2 / (1 - 0.9 * 0.91), None),
    ("metric-at-k", r"\mathrm{DCG@k} = \sum_{i=1}^{k}\frac{2^{rel_i} - 1}{\log_2(i+1)}", {"rel": A3, "k": 3},
     np.sum((2 ** A3 - 1) / np.log2(np.arange(2, 5))), ["field-word"]),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [r[1:] for r in MORE], ids=[r[0] for r in MORE])
def test_more_pastes_read_as_meant(latex: str, inputs: dict, want: float, rules: list[str] | None) -> None:
    formula = symdl.parse(latex)
    if rules is None:
        rules = [n.rule for n in formula.notes]  # the value is what this row tests
    assert_reads_as(formula, inputs, want, rules)


def test_pseudocode_arrows_are_updates() -> None:
    """Pseudo-code's Adam with ``<-``: five updates (before: one chain of comparisons and minus signs)."""
    formula = symdl.parse("m <- beta1 * m + (1 - beta1) * g\nv <- beta2 * v + (1 - beta2) * g * g\n"
                          "m_hat <- m / (1 - beta1^t)\nv_hat <- v / (1 - beta2^t)\n"
                          "p <- p - lr * m_hat / (sqrt(v_hat) + eps)")
    assert [s.kind for s in formula.statements] == ["update"] * 5
    assert symdl.parse("a < -b").statements[0].kind == "inequality"


@pytest.mark.parametrize("latex", ["p(x) = N(μ, Σ)", "d = xᵀ Σ x", "y = Σ^{-1} x", r"p(x) = \mathcal{N}(x; μ_k, Σ_k)"],
                         ids=["covariance-argument", "quadratic-form", "inverse", "mixture-covariance"])
def test_covariance_sigma_stays_a_name(latex: str) -> None:
    formula = symdl.parse(latex)
    assert not formula.statements[0].rhs.atoms(sympy.Sum)
    assert "Sigma" in str(formula.statements[0].rhs)


@pytest.mark.parametrize("latex", [r"\Sigma = \mathbb{E}[(x - \mu)(x - \mu)^T]", r"S = \mathbb{E}[x x^T]"],
                         ids=["covariance", "second-moment"])
def test_expectation_of_an_outer_product_is_refused(latex: str) -> None:
    """A covariance as an expectation is a matrix; as the mean of its entries it was one number, silently."""
    with pytest.raises(symdl.NotSupported, match="outer product"):
        symdl.parse(latex)


@pytest.mark.parametrize(("latex", "concepts"), [
    (r"\mathbb{D}_{KL}\left[\pi_\theta \| \pi_{ref}\right]", ["kl_divergence"]),  # GRPO / RLHF
    (r"D_{KL}[q \| p]", ["kl_divergence"]),
    (r"\beta\,\mathbb{D}_{\text{KL}}\big[\pi_\theta(y|x)\,\|\,\pi_{\text{ref}}(y|x)\big]", ["kl_divergence"]),
], ids=["blackboard-d-kl", "d-kl-brackets", "rlhf-penalty"])
def test_divergence_with_brackets_after_its_label(latex: str, concepts: list[str]) -> None:
    formula = symdl.parse(latex)
    assert "divergence-brackets" in [n.rule for n in formula.notes]
    assert set(symdl.explain(latex).concepts) == set(concepts)


def test_gat_concatenation_keeps_its_reading() -> None:
    """GAT's a^T[W h_i ‖ W h_j] (no divergence label before the bracket) is still the concatenation."""
    notes = symdl.parse(r"a^T[W h_i \| W h_j]").notes
    assert "divergence-brackets" not in [n.rule for n in notes]
    assert any("concatenation" in n.message for n in notes)


@pytest.mark.parametrize("latex", [
    r"y = \frac{x - \mathrm{E}[x]}{\sqrt{\mathrm{Var}[x] + \epsilon}} * \gamma + \beta, \text{ over each group of } "
    r"C/G \text{ channels}",  # the PyTorch docs' GroupNorm
    r"y = \frac{x - \mathrm{E}[x]}{ \sqrt{\mathrm{Var}[x] + \epsilon}} * \gamma + \beta \quad \text{(statistics over } "
    r"(N, H, W) \text{ per channel)}",  # BatchNorm
], ids=["groupnorm-over", "batchnorm-remark"])
def test_domain_words_set_aside(latex: str) -> None:
    formula = symdl.parse(latex)
    assert len(formula.statements) == 1 and str(formula.statements[0].lhs) == "y"
    assert {"condition-clause", "prose-clause"} & {n.rule for n in formula.notes}


def test_array_of_rows_with_conditions_is_cases() -> None:
    """The older PyTorch docs' CosineEmbeddingLoss (no brace before the array): a piecewise loss, vs numpy."""
    formula = symdl.parse(r"\mbox{loss}(x, y) = \begin{array}{ll} 1 - \cos(x_1, x_2), & \mbox{if } y = 1 \\ "
                          r"\max(0, \cos(x_1, x_2) - \mbox{margin}), & \mbox{if } y = -1 \end{array}")
    assert "array-cases" in [n.rule for n in formula.notes]
    cos = A3 @ B3 / (np.linalg.norm(A3) * np.linalg.norm(B3))
    fn = symdl.lambdify(formula)
    for y, want in ((1, 1 - cos), (-1, max(0.0, cos - 0.1))):
        np.testing.assert_allclose(float(np.ravel(fn(x_1=A3, x_2=B3, y=y, **{r"\mbox{margin}": 0.1}))[0]), want, rtol=1e-12)
    assert symdl.parse(r"A = \begin{array}{ll} 1 & 2 \\ 3 & 4 \end{array}").statements[0].rhs.shape == (2, 2)


@pytest.mark.parametrize(("latex", "check"), [
    ("`G(x) = Softmax(TopK(H(x), k))`", lambda f: str(f.statements[0].lhs) == "G(x)"),
    ("dL/dw = -(y - sigmoid(w.x)) * x", lambda f: "dot-of-numbers" in [n.rule for n in f.notes]),
    ("y = \\log \\frac{a }\n{b}", lambda f: str(f.statements[0].rhs) == "log(a/b)"),
    (r"S = \mathrm{softmax}(Q K^\top / \sqrt{d}) \text{ computed blockwise: } m_i = \max(m_{i-1}, x_i)",
     lambda f: len(f.statements) == 2 and "prose-clause" in [n.rule for n in f.notes]),
], ids=["markdown-backticks", "plain-dot", "argument-on-next-line", "prose-label-colon"])
def test_paste_marks(latex: str, check: object) -> None:
    assert check(symdl.parse(latex))  # type: ignore[operator]


@pytest.mark.parametrize("latex", ["y = x.T @ W", "loss = x.mean()", "a = 0.5 x"],
                         ids=["code-transpose", "code-method", "decimal"])
def test_periods_that_are_no_dot_product(latex: str) -> None:
    assert "dot-of-numbers" not in [n.rule for n in symdl.parse(latex).notes]


def test_flax_dense_kernel_is_a_matrix() -> None:
    """Flax's Dense: ``jnp.dot(x, kernel) + bias`` is x (a row) times the weight matrix, plus the bias."""
    x, k, bias = RNG.normal(size=3), RNG.normal(size=(3, 2)), RNG.normal(size=2)
    formula = symdl.parse("out = jnp.dot(x, kernel) + bias")
    np.testing.assert_allclose(np.ravel(symdl.lambdify(formula)(x=x, kernel=k, bias=bias)), x @ k + bias, rtol=1e-12)


@pytest.mark.parametrize(("latex", "what"), [
    (r"total = \left(\sum_{p} \|\nabla p\|_2^2\right)^{1/2}", "gradient"),
], ids=["grad-norm-over-parameters"])  # KL's pasted Σ q(x) log(q(x)/p(x)) reads now (s27: sum-over-argument)
def test_sums_that_cannot_be_read_are_refused(latex: str, what: str) -> None:
    with pytest.raises(symdl.NotSupported, match=what):
        symdl.parse(latex)


def test_unbraced_bold_change_is_one_name() -> None:
    assert str(symdl.parse(r"\Delta\boldsymbol\theta = -\epsilon g").statements[0].lhs) == "Deltatheta"


def test_gaussian_nll_var_entry() -> None:
    """The PyTorch docs' GaussianNLLLoss: var[i] under \\sum_{i=1}^D is entry i of var (it was Var(i))."""
    formula = symdl.parse(r"\text{loss} = \frac{1}{2}\sum_{i=1}^D \left(\log\left(\text{max}\left(\text{var}[i], "
                          r"\ \text{eps}\right)\right) + \frac{\left(\text{input}[i] - \text{target}[i]\right)^2} "
                          r"{\text{max}\left(\text{var}[i], \ \text{eps}\right)}\right)")
    var, inp, tgt = np.abs(A3) + 0.1, B3, A3
    want = 0.5 * np.sum(np.log(np.maximum(var, 1e-6)) + (inp - tgt) ** 2 / np.maximum(var, 1e-6))
    got = symdl.lambdify(formula)(**{r"\text{var}": var, r"\text{input}": inp, r"\text{target}": tgt,
                                     r"\text{eps}": 1e-6, "D": 3})
    np.testing.assert_allclose(float(np.ravel(got)[0]), want, rtol=1e-12)


def test_word_naming_the_letter_is_prose() -> None:
    formula = symdl.parse(r"\text{Pearson } r = \frac{\sum_i (x_i - \bar{x})(y_i - \bar{y})}{n}")
    assert str(formula.statements[0].lhs) == "r" and "prose-clause" in [n.rule for n in formula.notes]
