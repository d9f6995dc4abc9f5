"""A primed name the formula defines as a value is a value (issue 12, session 27): Klambauer et al.'s alpha dropout
``\\alpha' = -\\lambda\\alpha``, then ``\\alpha'(1 - d)``, was read as the derivative function α' applied to 1 - d,
silently; it is α' times (1 - d), noted ``product-of-a-value`` as ``f = \\sigma(z) \\\\ f(1 - f)`` is.  A primed
name no statement defines (``f'(x)``) stays the derivative applied."""

from __future__ import annotations

import pytest

import symdl
from tests.real_sources import assert_reads_as

# (id, source, latex, inputs, plain value, notes by rule)
CASES = [
    ("alpha-dropout-affine", "Klambauer et al. (2017), alpha dropout: alpha' = -lambda alpha, then alpha'(1 - d)",
     r"\alpha' = -\lambda\alpha,\ \ y = \alpha'(1-d)", {r"\lambda": 1.0507, r"\alpha": 1.6733, "d": 0.25},
     -1.0507 * 1.6733 * 0.75, ["product-of-a-value"]),
    ("prince-positional-power", "Prince (2023), sinusoidal positional encoding: L^{(i-1)/D}, a power",
     r"r = \sin(n / L^{(i-1)/D})", {"n": 3.0, "L": 10000.0, "i": 2.0, "D": 4.0},
     0.29552020666133955, []),
    ("sigmoid-value-kept", "Nielsen ch. 3: f = sigma(z), then f(1 - f)", r"f = \sigma(z) \\ g = f(1-f)",
     {"z": 0.3}, (1 / (1 + 2.718281828459045 ** -0.3)) * (1 - 1 / (1 + 2.718281828459045 ** -0.3)),
     ["product-of-a-value"]),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [c[2:] for c in CASES], ids=[c[0] for c in CASES])
def test_values_against_plain_arithmetic(latex: str, inputs: dict, want: float, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


def test_an_undefined_primed_name_stays_a_derivative() -> None:
    assert "Derivative" in str(symdl.parse("y = f'(x) + 1").statements[0].rhs)


def test_key_beside_query_is_a_label() -> None:
    """He et al. (2020), MoCo's momentum update of the key encoder: θ_k and θ_q are two parameter vectors."""
    formula = symdl.parse(r"\theta_k \leftarrow m\theta_k + (1-m)\theta_q")
    assert {n.rule for n in formula.notes} == {"subscript-label"}
    assert "theta[k]" not in str(formula.statements[0].rhs)
    got = symdl.lambdify(formula)(**{r"\theta_k": 2.0, r"\theta_q": 4.0, "m": 0.99})
    assert got == pytest.approx(0.99 * 2.0 + 0.01 * 4.0, rel=1e-12)


def test_a_summed_letter_keeps_indexing() -> None:
    """Under a sum over k, θ_k stays entry k (must not change)."""
    formula = symdl.parse(r"y = \sum_k \theta_k x_k + \theta_q")
    assert "Sum(theta[k]*x[k]" in str(formula.statements[0].rhs)


@pytest.mark.parametrize(("latex", "text"), [
    # Miyato et al. (2018), spectral normalization's power iteration
    (r"\sigma(W) \approx \tilde{u}^{\mathrm{T}}W\tilde{v}", r"\sigma(W)"),
    (r"\bar{W}_{\mathrm{SN}}(W) := W/\sigma(W)", r"\sigma(W)"),
], ids=["power-iteration", "normalised-weights"])
def test_sigma_of_the_weights_is_the_spectral_norm(latex: str, text: str) -> None:
    """σ(W) of the weight matrix is its largest singular value (it was the sigmoid of each entry; then refused by
    name; read since session 43, noted)."""
    f = symdl.parse(latex)
    note = next(n for n in f.notes if n.rule == "spectral-norm")
    assert latex[note.span.start : note.span.end] == text
    assert "sigmoid" not in str([st.as_equation() for st in f.statements])


def test_sigma_of_a_pre_activation_stays_the_sigmoid() -> None:
    assert "sigmoid" in str(symdl.parse(r"A = \sigma(Z)").statements[0].rhs)


def test_a_labelled_rate_takes_its_run_index() -> None:
    """Loshchilov & Hutter (2017), SGDR: \\eta^i_{\\min}, \\eta^i_{\\max} are run i's bounds (noted), not powers by i;
    a discount's \\gamma^i (no label) stays a power."""
    sgdr = symdl.parse(r"\eta_t = \eta^i_{\min} + \frac{1}{2}(\eta^i_{\max}-\eta^i_{\min})"
                       r"(1+\cos(\frac{T_{cur}}{T_i}\pi))")
    assert "superscript-index-letter" in [n.rule for n in sgdr.notes]
    assert "**i" not in str(sgdr.statements[0].rhs)
    assert "gamma**i" in str(symdl.parse(r"G = \sum_i \gamma^i r_i").statements[0].rhs)


@pytest.mark.parametrize("latex", [
    # the PyTorch docs' Adam/AMSGrad algorithm box, its initialize line
    r"&\textbf{initialize} : m_0 \leftarrow 0 \text{ ( first moment)}, v_0\leftarrow 0 \text{ (second moment)},"
    r"\: \widehat{v_0}^{max}\leftarrow 0\\[-1.ex]",
    r"m_0 = 0 \text{(first moment)}, v_0 = 0 \text{(second)}",
], ids=["pytorch-adam-initialize", "two-remarked-assignments"])
def test_a_remark_before_a_comma_leaves_the_next_statement(latex: str) -> None:
    """A parenthesised remark then a comma: the remark is set aside (prose-clause), the statement after it kept (the
    comma was read as the start of an expression: refused)."""
    formula = symdl.parse(latex)
    assert [str(st.lhs) for st in formula.statements][:2] == ["m_0", "v_0"]
    assert "prose-clause" in [n.rule for n in formula.notes]


def test_an_indicator_of_an_interval_is_two_comparisons() -> None:
    """Bengio et al. (2013) / quantisation-aware training, the straight-through estimator: 1 inside [q_min, q_max]
    (noted indicator-interval); it was refused (no single comparison)."""
    formula = symdl.parse(r"g = \mathbb{1}_{x\in[q_{\min},q_{\max}]} \cdot u")
    assert [n.rule for n in formula.notes] == ["indicator-interval"]
    fn = symdl.lambdify(formula)
    for x, want in ((-2.0, 0.0), (-1.0, 3.0), (0.3, 3.0), (1.0, 3.0), (1.5, 0.0)):
        assert fn(x=x, u=3.0, **{r"q_{\min}": -1.0, r"q_{\max}": 1.0}) == want


@pytest.mark.parametrize(("latex", "call"), [
    (r"y = \log p_Z(f(x))", "p_Z(f(x))"),  # a normalising flow's change of variables (Dinh et al. 2017)
    (r"y = q(g_\theta(z))", "q(g_{\\theta}(z))"),
    (r"y = p(\sigma(z))", "p(sigmoid(z))"),
], ids=["flow-density", "subscripted-inner", "known-inner"])
def test_a_letter_applied_to_a_call_is_a_composition(latex: str, call: str) -> None:
    """p(f(x)): the density at f(x), not p times f(x) (it was a product, silently, or refused after \\log), noted."""
    formula = symdl.parse(latex)
    assert call in str(formula.statements[0].rhs)
    assert "call-composition" in [n.rule for n in formula.notes]


def test_a_letter_before_a_difference_stays_a_product() -> None:
    assert "x*(1 - x)" in str(symdl.parse(r"y = x(1 - x)").statements[0].rhs)


def test_a_scale_before_a_cosine_is_a_product() -> None:
    """Deng et al. (2019), ArcFace: e^{s(\\cos(\\theta_{y_i} + m))} with s a scale written alone elsewhere (s\\cos\\theta_j):
    s times the cosine (the composition rule keeps to letters not written alone, of non-elementary functions)."""
    formula = symdl.parse(r"L = -\log \frac{e^{s(\cos(\theta+m))}}{e^{s(\cos(\theta+m))} + e^{s\cos\phi}}")
    assert "s*cos(m + theta)" in str(formula.statements[0].rhs)


def test_a_defined_e_is_the_name() -> None:
    """e = y - ŷ, then L = e^T e (a squared error written with its residual e): e is the name the formula defines, noted
    defined-e; L = e^2 was exp(2), silently, and e^T was refused.  e^x alone stays Euler's number."""
    formula = symdl.parse(r"e = y - \hat{y} \\ L = e^2")
    assert "defined-e" in [n.rule for n in formula.notes]
    assert symdl.lambdify(formula)(y=3.0, **{r"\hat{y}": 1.0})["L"] == pytest.approx(4.0)
    vector = symdl.parse(r"e = y - \hat{y},\ \ L = e^\top e")
    assert "e.T*e" in str(vector.statements[1].rhs)
    assert "exp(x)" in str(symdl.parse(r"y = e^{x} + 1").statements[0].rhs)


def test_a_triangle_nabla_and_a_bold_title() -> None:
    """\\triangledown is ∇ (a WGAN-GP paste); Prince's \\mathbf{BatchNorm}: before an update is a title."""
    assert "Derivative(f(x), x)" in str(symdl.parse(r"y = \triangledown_x f(x)").statements[0].rhs)
    titled = symdl.parse(r"\mathbf{Adam}: \quad m \leftarrow \beta m + g")
    assert "prose-clause" in [n.rule for n in titled.notes] and str(titled.statements[0].lhs) == "m"


def test_the_score_is_by_the_subscripted_twin() -> None:
    """Song et al. (2021), the score ∇_x log p_t(x_t | x_0): by x_t (gradient-by-member); it was by an absent x, zero.
    ∇_θ log p(x) keeps its implicit dependence (must not change)."""
    score = symdl.parse(r"s = \nabla_{x} \log p_t(x_t | x_0)")
    assert "gradient-by-member" in [n.rule for n in score.notes]
    assert "Derivative(log(p_t(x_t, x_0)), x_t)" in str(score.statements[0].rhs)
    assert "theta)" in str(symdl.parse(r"g = \nabla_\theta \log p(x)").statements[0].rhs)


def test_a_bare_nabla_of_an_expression() -> None:
    """The Matrix Cookbook's ∇(x^T A x) = 2Ax: by x, the one vector (bare-gradient-by); ∇(u^T v) with two vectors is
    refused by name (it was one opaque name, a number)."""
    from tests.real_sources import assert_refused_at
    identity = symdl.parse(r"\nabla (x^T A x) = 2Ax")
    assert "bare-gradient-by" in [n.rule for n in identity.notes]
    assert "nabla_{x}" in str(identity.statements[0].lhs)
    assert_refused_at(r"\nabla(u^T v) = (\nabla u) v + (\nabla v) u", "what the gradient is by is not written",
                      r"\nabla(u^T v)")
