r"""Session 40, from the silent readings left in held-out set 44: classes of notation, each a rule with its note.

* the superscript 0 or 1 on a name the formula also writes with a step or layer letter up is that family's first
  member (MuZero's ``s^0`` beside ``s^k``; ``a^1 = x`` beside ``a^{l+1}``; PonderNet's ``x^1_t`` beside ``x^n_t``:
  ``superscript-digit-family``; before: powers, ``1 := h(...)``, ``a := x``, silently);
* code: GPT-2's ``self.ln_1(x)`` is the layer ``ln_1``, never ``\ln`` with a subscript (before: ``log(x)``,
  silently), ``log_f(x)`` likewise; ``torch.dot(F.relu(e), g)``: ``F.`` is a module, not a capital matrix (before: a
  product of numbers); ``torch.mm(a.t(), b)``: both factors matrices although the first calls a method;
* Dreamer's ``\underbrace{-\rho \dots}_\text{reinforce} \underbrace{-(1-\rho) V}_\text{dynamics}``: the sign inside
  the brace joins the terms (``label-sign``; before: multiplied);
* a plain ``E`` subscripted by densities, ``E_{p(z), p(z')} k(z, z')`` (Zhao et al.'s MMD-VAE), is an expectation
  (before: a name times k);
* single bars squared around a vector are its squared length (Learning from Data's ``|Xw - y|^2``:
  ``abs-squared-norm``; before: a vector of squared absolute values); around numbers, noted (``abs-squared-number``);
* the inner product ``\langle a, b \rangle`` of code's words makes them vectors (before: their product).
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy

import symdl
from tests.real_sources import assert_refused_at, assert_values_noted, shapes_of

RNG = np.random.default_rng(4540)
X3, Y3, B3 = RNG.normal(size=3), RNG.normal(size=3), RNG.normal(size=3)
W33 = RNG.normal(size=(3, 3))
X43 = RNG.normal(size=(4, 3))
A42, C42 = RNG.normal(size=(4, 2)), RNG.normal(size=(4, 3))
Y4 = RNG.normal(size=4)


def _relu(z: np.ndarray) -> np.ndarray:
    return np.maximum(z, 0.0)


# (id, source, formula, inputs, {statement: plain numpy's value}, notes it must carry)
READS = [
    ("layer-one-beside-layer-l", "Nielsen ch. 2 style: the input as layer 1, a^1 = x",
     r"a^1 = x, \quad a^{l+1} = \tanh(W^l a^l + b^l)", {"x": X3, "W^l": W33, "a^l": Y3, "b^l": B3},
     {"a^{l+1}": np.tanh(W33 @ Y3 + B3), "a^1": X3}, ("superscript-digit-family", "superscript-layer")),
    ("step-zero-and-one-beside-step-t", "an iterate's difference beside w^{t+1} = w^t - ... (Polyak-style)",
     r"w^{t+1} = w^t - \eta (w^1 - w^0)", {"w^t": 0.5, "\\eta": 0.1, "w^1": 2.0, "w^0": -1.0},
     {"": 0.5 - 0.1 * 3.0}, ("superscript-digit-family", "superscript-step")),
    ("dreamer-signed-underbraces", "Hafner et al., DreamerV2, eq. 6 (actor loss), its three labelled terms",
     r"L = \underbrace{a b}_{\text{reinforce}} \underbrace{-c d}_{\text{dynamics}} \underbrace{-\eta h}_{\text{ent}}",
     {"a": 1.5, "b": -2.0, "c": 0.5, "d": 3.0, "\\eta": 0.1, "h": 4.0}, {"": 1.5 * -2.0 - 0.5 * 3.0 - 0.1 * 4.0},
     ("label-sign", "label-sign")),
    ("learning-from-data-squared-bars", "Abu-Mostafa et al., Learning from Data: ridge regression's E_aug",
     r"J(w) = |Xw - y|^2 + \lambda \|w\|^2", {"X": X43, "w": X3, "y": Y4, "\\lambda": 0.3},
     {"": np.sum((X43 @ X3 - Y4) ** 2) + 0.3 * X3 @ X3}, ("abs-squared-norm",)),
    ("torch-dot-of-a-functional-call", "Kornia / SMP's Lovasz hinge: loss = torch.dot(F.relu(errors_sorted), grad)",
     "loss = torch.dot(F.relu(errors_sorted), grad)", {"errors_sorted": Y4, "grad": -Y4 ** 2},
     {"loss": _relu(Y4) @ (-Y4 ** 2)}, ("code-dot-vectors",)),
    ("torch-mm-of-a-transposed-method", "Barlow Twins' cross-correlation c = torch.mm(z_a_norm.T, z_b_norm) / N",
     "c = torch.mm(input_norm.t(), target_norm) / batch_size",
     {"input_norm.t()": A42, "target_norm": C42, "batch_size": 4.0}, {"c": A42.T @ C42 / 4.0},
     ("code-matmul-operand", "code-matmul-operand")),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [r[2:] for r in READS], ids=[r[0] for r in READS])
def test_a_class_of_notation_reads_with_its_note(latex: str, inputs: dict, want: dict, rules: tuple[str, ...]) -> None:
    assert_values_noted(latex, inputs, want, rules)


@pytest.mark.parametrize(("latex", "layer"), [
    (r"s^0 = h_\theta(o_1, \dots, o_t), \quad s^k = g_\theta(s^{k-1}, a^k)", "s^0"),
    (r"s_t^n = \begin{cases}\mathcal{S}(s_{t-1}, x^1_t) & \text{if } n = 1 \\ \mathcal{S}(s^{n-1}_t, x^n_t) & "
     r"\text{otherwise}\end{cases}", "x^1_t"),
    (r"h^0 = x, \quad h^{l} = \sigma(W^l h^{l-1})", "h^0"),
], ids=["muzero-initial-state", "pondernet-first-step", "input-layer"])
def test_the_first_member_of_a_family_is_no_power(latex: str, layer: str) -> None:
    f = symdl.parse(latex)
    notes = [n for n in f.notes if n.rule == "superscript-digit-family"]
    assert notes and latex[notes[0].span.start : notes[0].span.end] == layer
    assert notes[0].alternative
    reading = " ".join(str(s.lhs) + " " + str(s.rhs) for s in f.statements)
    assert "**" not in reading and not reading.startswith("1 ")


@pytest.mark.parametrize(("latex", "kept"), [
    (r"p = a_0 x^0 + a_1 x^1 + a_2 x^2", "x**2"),
    (r"G = \sum_{k=0}^{T} \gamma^k r^k", "r**k"),
    (r"f(x) = \sum_{n=0}^{N} a_n x^n + x^1", "x**n"),
], ids=["polynomial", "discounted-return", "series-with-a-first-power"])
def test_powers_without_a_step_family_stay_powers(latex: str, kept: str) -> None:
    f = symdl.parse(latex)
    assert kept in str(f.statements[-1].rhs)
    assert "superscript-digit-family" not in {n.rule for n in f.notes}


@pytest.mark.parametrize(("code", "layer"), [
    ("x = x + self.attn(self.ln_1(x))", "ln_1"),
    ("h = self.ln_f(x)", "ln_f"),
    ("y = np.tanh(log_f(x))", "log_f"),
], ids=["gpt2-block", "gpt2-final-norm", "a-function-word-with-a-suffix"])
def test_a_code_identifier_after_a_function_word_is_one_name(code: str, layer: str) -> None:
    f = symdl.parse(code)
    fns = {"attn": lambda v: 2.0 * v, layer: lambda v: v ** 3}
    x = np.array([0.5, -1.5, 2.0])
    got = symdl.lambdify(f, functions=fns)(x=x)
    inner = x ** 3
    want = {"gpt2-block": x + 2.0 * inner, "gpt2-final-norm": inner, "a-function-word-with-a-suffix": np.tanh(inner)}
    key = {"ln_1": "gpt2-block", "ln_f": "gpt2-final-norm", "log_f": "a-function-word-with-a-suffix"}[layer]
    np.testing.assert_allclose(np.ravel(got), want[key], rtol=1e-12)
    assert "log" not in str(f.statements[0].rhs).replace(layer, "")
    assert any(n.rule == "code-name" and code[n.span.start : n.span.end] == layer for n in f.notes)


def test_an_expectation_over_densities_reads_to_the_end_of_its_term() -> None:
    """Zhao et al.'s InfoVAE/MMD-VAE: E_{p(z), p(z')} k(z, z'), a kernel's mean over pairs drawn from p."""
    f = symdl.parse(r"M = E_{p(z), p(z^\prime)} k(z,z^\prime) - 2 E_{p(z), q(z^\prime)} k(z,z^\prime)")
    rhs = str(f.statements[0].rhs)
    assert "E_{p(z), p(z^\\prime)}(k(z, z'))" in rhs and "*k(" not in rhs
    assert [n.rule for n in f.notes].count("expectation-reach") == 2


def test_squared_bars_around_numbers_are_noted() -> None:
    f = symdl.parse(r"L(\hat{y}, y) = |\hat{y} - y|^2")
    note = next(n for n in f.notes if n.rule == "abs-squared-number")
    assert f.source[note.span.start : note.span.end] == r"|\hat{y} - y|"
    assert "\\|" in note.alternative
    assert symdl.lambdify(f)(**{"\\hat{y}": 1.5, "y": -0.5}) == pytest.approx(4.0)


def test_an_inner_product_of_words_is_of_vectors() -> None:
    f = symdl.parse(r"loss = \langle errors, grad \rangle")
    got = symdl.lambdify(f)(errors=Y4, grad=2.0 * Y4)
    assert float(np.ravel(got)[0]) == pytest.approx(2.0 * Y4 @ Y4, rel=1e-12)


def test_the_ones_vector_prints_as_ones_never_as_the_number_one() -> None:
    """cs231n's and d2l's ``\\mathbf{1}^T \\mathbf{x}`` (a sum of entries): SymPy printed the row of ones as 1, so a
    reading showed ``1*x``; now ``ones(1, n_1)*x`` (and ``\\mathbf{1}_{n_1}^{\\top}`` in LaTeX), its value the sum."""
    f = symdl.parse(r"y = \mathbf{1}^T \mathbf{x}")
    assert str(f.statements[0].rhs) == "ones(1, n_1)*x"
    assert r"\mathbf{1}_{n_{1}}^{\top}" in sympy.latex(f.statements[0].rhs)
    assert float(np.ravel(symdl.lambdify(f)(**{"\\mathbf{x}": X3}))[0]) == pytest.approx(X3.sum(), rel=1e-12)
    theta = symdl.parse(r"\Theta = \lambda\mathbf{I} + \gamma\,(\mathbf{1}\mathbf{1}^\mathsf{T})").statements[0].rhs
    assert "ones(n_1, n_1)" in str(theta)


def test_a_bare_gradient_of_a_parenthesis_is_one_noted_quantity() -> None:
    f = symdl.parse(r"\theta \leftarrow \theta + \alpha \nabla(TD_e - TD_t)")
    assert "\\nabla(TD_e - TD_t)" in str(f.statements[0].rhs)
    note = next(n for n in f.notes if n.rule == "bare-gradient-name")
    assert f.source[note.span.start : note.span.end] == r"\nabla(TD_e - TD_t)"


@pytest.mark.parametrize(("latex", "rule", "call"), [
    (r"x_t = \mu_{t-1}(x) + \beta_t^{1/2}\sigma_{t-1}(x)", "call-greek-subscripted", True),
    (r"\sigma_{nc}(x) = \sqrt{\frac{1}{HW}\sum_{h=1}^H\sum_{w=1}^W (x_{nchw} - \mu_{nc}(x))^2 + \epsilon}",
     "call-greek-subscripted", True),
    (r"u = \eta_t(g) + \eta_t", "product-greek-letter", False),
    (r"A = \omega(QK^\top)V", "product-greek-coefficient", False),
], ids=["gp-ucb-posterior-mean", "adain-channel-mean", "a-rate-written-alone", "set-transformer-activation"])
def test_greek_names_before_a_parenthesis_are_decided_and_noted(latex: str, rule: str, call: bool) -> None:
    f = symdl.parse(latex)
    assert rule in {n.rule for n in f.notes}
    rhs = str(f.statements[0].rhs)
    assert (("mu_{t-1}(x)" in rhs or "mu_{nc}(x)" in rhs) if call else ("eta_t*g" in rhs or "omega*Q" in rhs))


def test_a_coefficient_times_a_residual_is_not_noted() -> None:
    f = symdl.parse(r"\mathbf{r} = \lambda(\mathbf{A}\mathbf{x} - \mathbf{b})")
    assert "product-greek-coefficient" not in {n.rule for n in f.notes}


def test_hertz_pattern_and_unit_sum_is_two_sums() -> None:
    """Hertz, Krogh & Palmer's error over patterns μ and output units i, ``\\sum_{\\mu i}``, with μ written up."""
    f = symdl.parse(r"E = \frac{1}{2}\sum_{\mu i}[\zeta_i^\mu - O_i^\mu]^2")
    rules = [n.rule for n in f.notes]
    assert "sum-letters-as-indices" in rules and rules.count("superscript-summed-sample") == 2
    zeta, out = RNG.normal(size=(4, 3)), RNG.normal(size=(4, 3))  # pattern per row, unit per column
    got = symdl.lambdify(f)(**{"\\zeta": zeta, "O": out})
    assert float(np.ravel(got)[0]) == pytest.approx(0.5 * np.sum((zeta - out) ** 2), rel=1e-12)


@pytest.mark.parametrize("latex", [
    r"\Large{PE_{(pos, 2i)} = \sin(pos / 10000^{2i / d_{model}})}",
    r"\tiny{y = x^2}",
    r"\small{y = x^2}",
], ids=["blog-large-positional-encoding", "tiny", "small"])
def test_a_statement_wrapped_in_a_font_size_reads(latex: str) -> None:
    f = symdl.parse(latex)
    assert len(f.statements) == 1 and f.statements[0].lhs is not None


def test_aima_weighted_input_is_one_name() -> None:
    """Russell & Norvig's backprop ``g_5'(in_5)``: in_5 is unit 5's weighted input; ``in`` alone stays i·n."""
    f = symdl.parse(r"g = g_5^\prime(in_5) a_3")
    assert "in_5" in str(f.statements[0].rhs) and "i*n" not in str(f.statements[0].rhs)
    assert "field-word" in {n.rule for n in f.notes}
    assert "i*n" in str(symdl.parse("y = in + 1").statements[0].rhs)


def test_discrete_time_in_square_brackets_is_a_step() -> None:
    """snnTorch's leaky integrate-and-fire neuron: U[t+1] = βU[t] - R[t] (before: products with t, silently)."""
    f = symdl.parse(r"U[t+1] = \beta U[t] - R[t]")
    assert [n.rule for n in f.notes] == ["time-bracket", "time-bracket"]
    got = symdl.lambdify(f)(**{"\\beta": 0.9, "U[t]": 2.0, "R[t]": 0.5})
    assert float(np.ravel(got)[0]) == pytest.approx(0.9 * 2.0 - 0.5)
    assert "bracket-index" in {n.rule for n in symdl.parse("y = x[i] + 1").notes}  # a lone x[i]: an entry


@pytest.mark.parametrize(("latex", "what", "text"), [
    (r"S_j(t) = \sum_k \delta(t - t_j^k)", "the Dirac delta", r"\delta(t - t_j^k)"),
    (r"W = \left(\int_0^1 |F_\mu^{-1}(z) - F_\nu^{-1}(z)|^p dz\right)^{1/p}", "the inverse function of F",
     r"F_\mu^{-1}(z)"),
], ids=["spike-train-dirac", "wasserstein-quantile-function"])
def test_distributions_and_quantile_functions_are_refused_by_name(latex: str, what: str, text: str) -> None:
    assert_refused_at(latex, what, text)


@pytest.mark.parametrize(("code", "inputs", "want"), [
    ("grad_w2 = h_relu.T.dot(grad_y_pred)", {"h_relu": A42, "grad_y_pred": C42}, A42.T @ C42),
    ("coords = coords @ self.positional_encoding_gaussian_matrix",
     {"coords": A42, "positional_encoding_gaussian_matrix": A42.T @ A42}, A42 @ (A42.T @ A42)),
], ids=["pytorch-tutorial-weight-gradient", "sam-random-fourier-features"])
def test_code_arrays_beside_a_matrix_product_are_matrices(code: str, inputs: dict, want: np.ndarray) -> None:
    got = symdl.lambdify(symdl.parse(code))(**inputs)
    np.testing.assert_allclose(np.asarray(got, dtype=float), want, rtol=1e-12)


@pytest.mark.parametrize("latex", [
    r"\mathbf{y} = (I - \mathbf{u}\mathbf{u}^T)\mathbf{x}",
    r"\mathbf{y} = (I - 2*\frac{\mathbf{u}\mathbf{u}^T}{||\mathbf{u}||^2})\mathbf{x}",
], ids=["projection", "householder-flow"])
def test_i_beside_an_outer_product_is_a_square_matrix(latex: str) -> None:
    """Tomczak & Welling's Householder flow: I beside u u^T is the identity's matrix, given as np.eye (before: the
    number I times a matrix of ones, silently)."""
    f = symdl.parse(latex)
    assert shapes_of(f)["I"] == ("n_1", "n_1")
    got = symdl.lambdify(f)(**{"I": np.eye(3), "\\mathbf{u}": X3, "\\mathbf{x}": Y3})
    scale = 2.0 / (X3 @ X3) if "2*" in latex else 1.0
    np.testing.assert_allclose(np.ravel(got), Y3 - scale * X3 * (X3 @ Y3), rtol=1e-12)
