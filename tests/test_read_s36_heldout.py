r"""Session 36 (held-out sets 35 and 36): readings that were refused or silent on real formulas.

* a name drawn from two distributions (the WGAN's ``\mathbb{E}_{x \sim \mathbb{P}_r}[f(x)] - \mathbb{E}_{x \sim
  \mathbb{P}_\theta}[f(x)]``) is two arrays of samples, the second under a prime (``expectation-samples-apart``;
  before: refused).
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl

# (id, source, formula, the name read apart)
APART = [
    ("wgan-dual", "Arjovsky et al. (2017), eq. 2",
     r"W(\mathbb{P}_r, \mathbb{P}_\theta) = \sup_{\|f\|_L \leq 1} \mathbb{E}_{x \sim \mathbb{P}_r}[f(x)] - "
     r"\mathbb{E}_{x \sim \mathbb{P}_\theta}[f(x)]", "x'"),
    ("gan-value-goodfellow", "Goodfellow et al., Deep Learning, eq. 20.80",
     r"v(\boldsymbol{\theta}^{(g)}, \boldsymbol{\theta}^{(d)}) = \mathbb{E}_{\mathbf{x} \sim p_\text{data}} "
     r"\log d(\boldsymbol{x}) + \mathbb{E}_{\mathbf{x} \sim p_\text{model}} \log (1 - d(\boldsymbol{x}))",
     r"\boldsymbol{x}'"),
    ("three-distributions", "a made-up third draw",
     r"L = \mathbb{E}_{x \sim p}[x] + \mathbb{E}_{x \sim q}[x] + \mathbb{E}_{x \sim r}[x] + \mathbb{E}_{x \sim q}[x^2]",
     "x''"),
]


@pytest.mark.parametrize(("latex", "primed"), [c[2:] for c in APART], ids=[c[0] for c in APART])
def test_samples_drawn_apart(latex: str, primed: str) -> None:
    formula = symdl.parse(latex)
    notes = [n for n in formula.notes if n.rule == "expectation-samples-apart"]
    assert notes and all(n.alternative for n in notes)
    assert formula.source[notes[0].span.start : notes[0].span.end].startswith(r"\mathbb{E}")
    shapes = {str(k): v for k, v in formula.shapes.items()}
    two = str(formula.symbols[primed]), str(formula.symbols[primed.rstrip("'")])
    assert two[0] != two[1] and shapes[two[0]] != shapes[two[1]]  # two arrays, each its own length


def test_samples_apart_values() -> None:
    """Each expectation the mean of its own samples, against numpy; a distribution drawn again reuses its array."""
    formula = symdl.parse(r"L = \mathbb{E}_{x \sim p}[\log x] - \mathbb{E}_{x \sim q}[x^2] + \mathbb{E}_{x \sim p}[x]")
    assert len([n for n in formula.notes if n.rule == "expectation-samples-apart"]) == 1
    rng = np.random.default_rng(36)
    x, x2 = rng.uniform(0.5, 2.0, size=7), rng.normal(size=4)
    got = symdl.lambdify(formula)(**{"x": x, "x'": x2})
    np.testing.assert_allclose(float(got), np.mean(np.log(x)) - np.mean(x2**2) + np.mean(x))


def test_written_prime_keeps_the_refusal() -> None:
    """With x' written in the formula, no name is free for the second sample: refused, never two readings of x'."""
    with pytest.raises(symdl.NotSupported, match="drawn from two distributions"):
        symdl.parse(r"L = \mathbb{E}_{x \sim p}[f(x')] - \mathbb{E}_{x \sim q}[f(x)]")


# (id, source, code, target, {keyword: value}, expected from numpy)
CODE = [
    ("micrograd-relu-backward", "Karpathy, micrograd engine.py, relu's _backward",
     "self.grad += (out.data > 0) * out.grad", "self_grad",
     {"self.grad": 0.5, "out.data": -1.0, "out.grad": 2.0}, 0.5),
    ("micrograd-pow-backward", "Karpathy, micrograd engine.py, __pow__'s _backward",
     "self.grad += (other * self.data**(other-1)) * out.grad", "self_grad",
     {"self.grad": 0.0, "self.data": 3.0, "other": 3.0, "out.grad": 2.0}, 3 * 3.0**2 * 2.0),
    ("sgd-on-data", "PyTorch's manual update, w.data -= lr * w.grad",
     "w.data -= lr * w.grad", "w", {"w.data": 1.0, "lr": 0.1, "w.grad": 4.0}, 0.6),
]


def test_python_power_of_a_parenthesis_is_a_power() -> None:
    """``x**(n-1)`` is x to the n − 1 (it was x^{(n-1)}, the sample n − 1 of x: silent)."""
    formula = symdl.parse("y = x**(n-1) * z")
    assert str(formula.statements[0].rhs) == "x**(n - 1)*z"
    note = next(n for n in formula.notes if n.rule == "python-power")
    assert "x^{n-1}" in note.message


@pytest.mark.parametrize(("code", "target", "values", "expected"), [c[2:] for c in CODE], ids=[c[0] for c in CODE])
def test_node_fields(code: str, target: str, values: dict[str, float], expected: float) -> None:
    formula = symdl.parse(code)
    assert any(n.rule == "code-node-field" and n.alternative for n in formula.notes)
    assert str(formula.statements[0].lhs) == target
    keys = {k: v for k, v in values.items() if not k.endswith(".data")}  # v.data is v itself
    keys.update({k.removesuffix(".data"): v for k, v in values.items() if k.endswith(".data")})
    got = symdl.lambdify(formula)(**keys)  # keywords as written: self.grad, out.grad
    np.testing.assert_allclose(float(got[target] if isinstance(got, dict) else got), expected)


def test_node_field_method_stays_refused() -> None:
    with pytest.raises(symdl.NotSupported, match="zero_"):
        symdl.parse("x.grad.zero_()")


def test_film_definition_is_a_vector() -> None:
    """Perez et al.'s FiLM, ``\\text{FiLM}(\\mathbf{x}) = \\gamma(\\mathbf{z}) \\odot \\mathbf{x} + \\beta(\\mathbf{z})``:
    an element-wise product with a vector is a vector term, so the definition is a vector's and γ(z), β(z) are
    vectors (before: refused, β(z) a number beside a vector)."""
    formula = symdl.parse(r"\text{FiLM}(\mathbf{x}) = \gamma(\mathbf{z}) \odot \mathbf{x} + \beta(\mathbf{z})")
    rules = [n.rule for n in formula.notes]
    assert rules.count("call-beside-function") == 2 and "function-number" not in rules
    assert "HadamardProduct" in str(formula.statements[0].rhs)


# (id, source, formula, the statement's right side as read)
READINGS = [
    ("grpo-advantage-rm", "Shao et al. (2024), GRPO's outcome advantage, {\\rm std}",
     r"A_i = \frac{r_i - {\rm mean}(\mathbf{r})}{{\rm std}(\mathbf{r})}",
     "sqrt(n_1)*(r[i] - Trace(ones(1, n_1)*r)/n_1)/sqrt(Trace(ones(1, n_1)*HadamardPower((-Trace(ones(1, n_1)*r)/n_1)*ones(n_1, 1) + r, 2)))"),
    ("python-float-exponent", "ermongroup's NCSN code, (var + 1.e-6)**.5",
     "target = (target - mean) / (var + 1.e-6)**.5", "(-mean + target)/(var + 1/1000000)**0.5"),
    ("ng-conv-size", "Ng's deeplearning.ai conv notes, n_{H_{prev}}",
     r"n_H = \lfloor \frac{n_{H_{prev}} - f + 2 \times p}{s} \rfloor +1", "floor((-f + n_{H_{prev}} + 2*p)/s) + 1"),
]


@pytest.mark.parametrize(("latex", "rhs"), [c[2:] for c in READINGS], ids=[c[0] for c in READINGS])
def test_readings(latex: str, rhs: str | None) -> None:
    formula = symdl.parse(latex)
    if rhs is not None:
        assert str(formula.statements[0].rhs) == rhs


@pytest.mark.parametrize("latex", [
    r"\dot{v}_i = \sum_{j \in \text{pa}(i)} \frac{\partial v_i}{\partial v_j}\dot{v}_j",
    r"\overline{v}_i = \sum_{j \in \text{ch}(i)} \overline{v}_j \frac{\partial v_j}{\partial v_i}",
], ids=["d2l-forward-mode-parents", "d2l-reverse-mode-children"])
def test_sum_over_a_named_set_of_the_index(latex: str) -> None:
    """A sum over ``\\text{pa}(i)`` (a node's parents in a computation graph) is over every j, weighted by the 0/1
    matrix pa (before: refused)."""
    formula = symdl.parse(latex)
    note = next(n for n in formula.notes if n.rule == "sum-over-neighbours")
    assert formula.source[note.span.start : note.span.end].startswith(r"\sum_{j \in \text{")


@pytest.mark.parametrize("latex", [
    r"L = \mathbb{D}_{KL}\left[\pi_{\theta} || \pi_{ref}\right]",
    r"L = D_{KL}[\pi_{\theta} || \pi_{ref}]",
], ids=["grpo-kl-blackboard", "kl-brackets-double-bar"])
def test_divergence_brackets_with_two_bars(latex: str) -> None:
    """GRPO's ``\\mathbb{D}_{KL}[\\pi_\\theta || \\pi_{ref}]``: the KL divergence of the two policies (before: the set
    \\mathbb{D} refused, and D_{KL} times the concatenation of π_θ and π_ref, silently)."""
    formula = symdl.parse(latex)
    assert any(n.rule == "divergence-brackets" for n in formula.notes)
    assert "Matrix" not in str(formula.statements[0].rhs) and not formula.shapes


# (id, source, formula, right side as read)
SUPERSCRIPTS = [
    ("spectral-norm-rm-T", "Miyato et al. (2018), power iteration, W^{\\rm T}",
     r"\tilde{\boldsymbol{v}} = W^{\rm T} \tilde{\boldsymbol{u}}", "W.T*utilde"),
    ("bishop-mathrm-T", "Bishop, PRML eq. 4.97", r"H = \phi_n \phi_n^{\mathrm{T}}", "phi_n*phi_n.T"),
    ("d2l-output-weights", "d2l 11.5, multi-head attention's W^{(o)}", r"Y = H \mathbf{W}^{(\mathrm{o})}", "H*W^o"),
    ("transformer-xl-layer-below", "Dai et al. (2019), eq. for h_{\\tau+1}^{n-1}",
     r"\mathbf{y} = \mathbf{h}_{\tau}^{n-1} + \mathbf{x}", "h_{\\tau}^(n-1) + x"),
    ("series-keeps-power", "a Neumann series", r"\mathbf{S} = \sum_{n=1}^N \mathbf{A}^{n-1}",
     "Sum(HadamardPower(A, n - 1), (n, 1, N))"),
]


@pytest.mark.parametrize(("latex", "rhs"), [c[2:] for c in SUPERSCRIPTS], ids=[c[0] for c in SUPERSCRIPTS])
def test_superscripts(latex: str, rhs: str) -> None:
    formula = symdl.parse(latex)
    assert str(formula.statements[0].rhs) == rhs
    if "n-1" in rhs:
        assert any(n.rule == "superscript-offset-vector" and n.alternative for n in formula.notes)


def test_network_scaled_by_a_scalar_function() -> None:
    """Song et al.'s consistency model, ``c_{\\text{skip}}(t)\\mathbf{x} + c_{\\text{out}}(t)F_\\theta(\\mathbf{x}, t)``:
    the network is a vector as long as x (before: refused, F_θ(x, t) a number)."""
    formula = symdl.parse(r"\boldsymbol{f}_{\boldsymbol{\theta}}(\mathbf{x}, t) = c_{\text{skip}}(t) \mathbf{x} + "
                          r"c_{\text{out}}(t) F_{\boldsymbol{\theta}}(\mathbf{x}, t)")
    assert any(n.rule == "function-vector-beside" for n in formula.notes)


# (id, source, formula, the statements' right sides as read, a note's rule or None)
SILENT_BEFORE = [
    ("mdn-mixing-coefficients", "Bishop, PRML eq. 5.150", r"\pi_k(\mathbf{x}) = \frac{\exp(a_k^{\pi})}"
     r"{\sum_{l=1}^{K}\exp(a_l^{\pi})}", ["exp(a^\\pi[k])/Sum(exp(a^\\pi[l]), (l, 1, K))"], "superscript-target"),
    ("edm-skip-out", "Song et al. (2023), consistency models, c_skip and c_out",
     r"c_{\text{skip}}(t) = \frac{\sigma_{\text{data}}^2}{(t - \epsilon)^2 + \sigma_{\text{data}}^2}, \quad "
     r"c_{\text{out}}(t) = \frac{\sigma_{\text{data}} (t - \epsilon)}{\sqrt{\sigma_{\text{data}}^2 + t^2}}",
     ["sigma_{data}**2/(sigma_{data}**2 + (-epsilon + t)**2)",
      "sigma_{data}*(-epsilon + t)/sqrt(sigma_{data}**2 + t**2)"], "product-of-a-labelled-value"),
    ("d2l-schedules-comment-column", "d2l 12.11, learning-rate schedules",
     r"\begin{aligned} \eta(t) & = \eta_0 \cdot e^{-\lambda t} && \textrm{exponential decay} \\ "
     r"\eta(t) & = \eta_0 \cdot (\beta t + 1)^{-\alpha} && \textrm{polynomial decay} \end{aligned}",
     ["eta_0*exp(-lambda*t)", "eta_0/(beta*t + 1)**alpha"], "prose-clause"),
    ("vqvae-ema-codebook", "van den Oord et al. (2017), appendix: EMA codebook updates",
     r"N_i^{(t)} := N_i^{(t-1)} * \gamma + n_i^{(t)} (1 - \gamma), \quad m_i^{(t)} := m_i^{(t-1)} * \gamma + "
     r"\sum_j z_{i,j}^{(t)} (1 - \gamma)",
     ["N_i^(t-1)*gamma + n_i^(t)*(1 - gamma)", "gamma*m_i^(t-1) + Sum((1 - gamma)*z_i^(t)[j], (j, 1, N_zit))"], None),
    ("bishop-gan-two-sets", "Bishop & Bishop (2024), eq. 17.7",
     r"E = -\frac{1}{N_{\mathrm{real}}}\sum_{n \in \mathrm{real}}\ln d(\mathbf{x}_n) - \frac{1}{N_{\mathrm{synth}}}"
     r"\sum_{n \in \mathrm{synth}}\ln(1 - d(\mathbf{z}_n))",
     ["-Sum(log(1 - d(z[n])), (n, 1, N_mathbfz))/N_{synth} - Sum(log(d(x[n])), (n, 1, N_mathbfx))/N_{real}"],
     "sum-over-set"),
    ("code-identifier-underscores", "Keras docs' layer-normalisation pseudo-code",
     "x_i_normalized = (x_i - mean_i) / sqrt(var_i + epsilon)", ["(-mean[i] + x[i])/sqrt(epsilon + var[i])"], None),
]


@pytest.mark.parametrize(("latex", "rhs", "rule"), [c[2:] for c in SILENT_BEFORE], ids=[c[0] for c in SILENT_BEFORE])
def test_silent_readings_fixed(latex: str, rhs: list[str], rule: str | None) -> None:
    formula = symdl.parse(latex)
    assert [str(s.rhs) for s in formula.statements] == rhs
    if rule is not None:
        assert any(n.rule == rule for n in formula.notes)
    assert not any(n.rule == "sum-reach" for n in formula.notes)


def test_labelled_value_stays_a_call_when_never_powered() -> None:
    """A labelled name the formula never raises to a power keeps its call (DDPM's \\epsilon_\\theta(x_t, t) aside)."""
    formula = symdl.parse(r"y = f_{\text{enc}}(x - b)")
    assert "f_{enc}(" in str(formula.statements[0].rhs)


# (id, source, formula, right side as read, the note's rule or None)
MORE = [
    ("performer-primed-features", "Choromanski et al. (2021), bidirectional FAVOR+",
     r"\widehat{\mathrm{Att}_{\leftrightarrow}}(\mathbf{Q}, \mathbf{K}, \mathbf{V}) = \widehat{\mathbf{D}}^{-1} "
     r"(\mathbf{Q}' ((\mathbf{K}')^{\top} \mathbf{V}))", "Dhat**(-1)*Q'*K'.T*V", "product-of-a-bold-matrix"),
    ("adafactor-rms-bar", "Shazeer & Stern (2018), the RMS over k entries",
     r"\overline{\text{RMS}}(\mathbf{a}) = \sqrt{\frac{1}{k} \sum_{i=1}^{k} a_i^2}", "sqrt(Sum(a[i]**2, (i, 1, k))/k)",
     None),
    ("bias-correction-parenthesised-step", "an optimiser box with m_1^{(t)}",
     r"\hat{m_1}^{(t)} \leftarrow m_1^{(t)} / {(1-\beta_1^{(t)})}", "m_1[t]/(1 - beta_1**t)", "superscript-decay-power"),
    ("trpo-surrogate-bound", "Schulman et al. (2015), TRPO theorem 1",
     r"\eta(\tilde{\pi}) \geq L_{\pi}(\tilde{\pi}) - C D_{\rm KL}^{\rm max}(\pi, \tilde{\pi})",
     r"-C*D^max_{KL}(pi, pitilde) + L_{\pi}(pitilde)", "call-beside-function"),
    ("dueling-mean-advantage", "Wang et al. (2016), eq. 9",
     r"Q(s, a) = V(s) + \left( A(s, a) - \frac{1}{|\mathcal{A}|} \sum_{a'} A(s, a') \right)",
     "A(s, a) + V(s) - Sum(A(s, a'), (a', 1, N_a))/N_a", "set-of-index"),
    ("retinanet-prior", "Lin et al. (2017), focal loss: the prior's bias",
     r"b = -\log((1 - \pi) / \pi)", None, "pi-constant"),
    ("gelu-pi-plain", "Hendrycks & Gimpel (2016)",
     r"y = 0.5 x (1 + \tanh(\sqrt{2/\pi}(x + 0.044715 x^3)))", None, None),
]


@pytest.mark.parametrize(("latex", "rhs", "rule"), [c[2:] for c in MORE], ids=[c[0] for c in MORE])
def test_more_readings(latex: str, rhs: str | None, rule: str | None) -> None:
    formula = symdl.parse(latex)
    if rhs is not None:
        assert str(formula.statements[0].rhs) == rhs
    rules = {n.rule for n in formula.notes}
    if rule is not None:
        assert rule in rules
    else:
        assert "pi-constant" not in rules


def test_std_in_brackets_is_the_statistic() -> None:
    """``\\mathrm{std}[t]`` beside ``\\mathrm{mean}[t]`` is the standard deviation of t's entries (it was the entry
    std_t, silently), against numpy's biased std."""
    formula = symdl.parse(r"y = \frac{t - \mathrm{mean}[t]}{\mathrm{std}[t]}")
    assert not any(n.rule == "bracket-index" for n in formula.notes)
    t = np.random.default_rng(36).normal(size=7)
    np.testing.assert_allclose(symdl.lambdify(formula)(t=t), (t - t.mean()) / t.std())


def test_channel_statistics_are_entries() -> None:
    """torchvision's Normalize, ``(\\text{input}[c] - \\text{mean}[c]) / \\text{std}[c]``: channel c's mean and std,
    entries as input[c] is (mean[c] was the mean of the entries of c, silently)."""
    formula = symdl.parse(r"\text{output}[c] = \frac{\text{input}[c] - \text{mean}[c]}{\text{std}[c]}")
    assert str(formula.statements[0].rhs) == "(input_c - mean_c)/std_c"


@pytest.mark.parametrize("code", [
    "l = -inputs[range(N), target].mean()",
    "return -input[range(target.shape[0]), target].mean()",
], ids=["word-label", "pytorch-nll-tutorial"])
def test_fancy_index_with_a_word_label(code: str) -> None:
    """PyTorch's tutorial NLL, ``-input[range(target.shape[0]), target].mean()``: the mean of each row's entry at its
    label (it was a call input(range(n), target) with the mean lost, silently), against numpy (labels 1-based)."""
    formula = symdl.parse(code)
    x = np.random.default_rng(36).normal(size=(5, 3))
    t = np.array([0, 2, 1, 1, 0])
    name = next(k for k in formula.symbols if "input" in k)
    got = symdl.lambdify(formula)(**{name: x, "target": t + 1})
    np.testing.assert_allclose(float(got), -x[range(5), t].mean())


def test_code_gate_named_i_is_no_identity() -> None:
    """d2l's LSTM code ``C = F * C + I * C_tilde``: I is the input gate, multiplied entry-wise (it was the identity,
    making every name a square matrix)."""
    formula = symdl.parse("C = F * C + I * C_tilde")
    assert not any(n.rule == "identity-sum" for n in formula.notes)


def test_equation_editor_braces_around_arguments() -> None:
    """MathType's ``{\\cal L}\\left( {x,\\hat x} \\right)``: the braces only group, the call has two arguments."""
    assert str(symdl.parse(r"L = {\cal L}\left( {x,\hat x} \right)").statements[0].rhs) == "Lcal(x, xhat)"


def test_groupnorm_set_factor_multiplies_the_body() -> None:
    """Wu & He's GroupNorm, ``\\sum_{k \\in \\mathcal{S}_i} (x_k - \\mu_i)^2``: the 0/1 factor S_{ik} times the square
    (it was the call S_{ik}(x_k - μ_i) squared, silently)."""
    formula = symdl.parse(r"\hat{x}_i = \frac{1}{\sigma_i}(x_i - \mu_i), \quad \mu_i = \frac{1}{m} \sum_{k \in "
                          r"\mathcal{S}_i} x_k, \quad \sigma_i = \sqrt{\frac{1}{m} \sum_{k \in \mathcal{S}_i} "
                          r"(x_k - \mu_i)^2 + \epsilon}")
    sigma = str(formula.statements[2].rhs)
    assert "(-mu[i] + x[k])**2*Scal[i, k]" in sigma


def test_policy_pi_is_a_name() -> None:
    """TRPO's ``\\eta(\\pi)`` and ``D_{KL}(\\pi, \\tilde{\\pi})``: π a whole argument of a call is the policy, a name
    (it was 3.14159, silently); the constant beside a number stays the constant."""
    formula = symdl.parse(r"J = \eta(\pi) - D(\pi, \tilde{\pi})")
    rules = {n.rule for n in formula.notes}
    assert {"pi-name", "call-of-policy"} <= rules
    assert str(formula.statements[0].rhs) == "-D(pi, pitilde) + eta(pi)"
    assert any(s.name == "pi" for s in formula.statements[0].rhs.free_symbols)
    constant = symdl.parse(r"y = \cos(2\pi x)")
    assert not {n.rule for n in constant.notes} & {"pi-name", "pi-constant"}


def test_decay_power_needs_a_step_letter() -> None:
    """A sparse autoencoder's ``1 - \\hat{\\rho}_j^{(l)}``: layer l's average activation, no decay to the power l."""
    formula = symdl.parse(r"L = \rho \log \frac{\rho}{\hat{\rho}_j^{(l)}} + (1 - \rho) \log \frac{1 - \rho}"
                          r"{1 - \hat{\rho}_j^{(l)}}")
    assert not any(n.rule == "superscript-decay-power" for n in formula.notes)
    assert "**l" not in str(formula.statements[0].rhs)


def test_code_dot_of_lower_case_names_is_noted() -> None:
    """JAX's ``jnp.dot(w, activations) + b``: two lower-case names read as vectors, their dot product, a stated guess
    (w is a layer's matrix there); declared as a matrix, it is the matrix times the vector."""
    formula = symdl.parse("outputs = jnp.dot(w, activations) + b")
    assert any(n.rule == "code-dot-vectors" and n.alternative for n in formula.notes)
    declared = symdl.parse("outputs = jnp.dot(w, activations) + b", shapes={"w": (4, 3)})
    assert not any(n.rule == "code-dot-vectors" for n in declared.notes)
    shapes = {str(k): tuple(v) for k, v in declared.shapes.items()}
    assert shapes["activations"] == (3, 1)


def test_weight_norm_minibatch_statistics() -> None:
    """Salimans & Kingma's ``(t - \\mu[t])/\\sigma[t]``: the mean and std of t's entries (they were μ·t and σ·t,
    silently), against numpy; σ before a bracket alone stays as it was."""
    formula = symdl.parse(r"y = \frac{t - \mu[t]}{\sigma[t]}")
    assert sum(n.rule == "greek-statistic" for n in formula.notes) == 2
    t = np.random.default_rng(37).normal(size=6)
    np.testing.assert_allclose(symdl.lambdify(formula)(t=t), (t - t.mean()) / t.std())
    assert str(symdl.parse(r"y = \sigma[z] + \mu").statements[0].rhs) == "mu + sigma*z"
