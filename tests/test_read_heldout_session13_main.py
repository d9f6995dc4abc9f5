"""Held-out readings (session 13), checked by hand: three silent misreadings of the session-12 dev set.

- a density letter keeps its meaning under the optimum's star: Bishop's mean-field ``\\ln q_j^\\star(\\mathbf{Z}_j)``
  is a number (``function-number``), not q applied to each entry of the matrix Z_j;
- a subscript that is a letter with a sample index (k-means' ``\\mu_{c^{(i)}}``, the centroid of example i's
  cluster) is an entry picked by a label, as cs231n's ``s_{y_i}`` (``label-entry``); it was one fixed name;
- a subscript that runs an index into a number (Bishop's bias ``w_{j0}^{(1)}`` beside ``w_{ji}^{(1)}``) is refused:
  read as one name it would not vary with j, silently.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy

import symdl
from tests.real_sources import assert_reads_as

RNG = np.random.default_rng(1301)
X5, MU3 = RNG.normal(size=5), RNG.normal(size=3)
C5 = np.array([1, 3, 2, 2, 1])


READ = [
    ("kmeans-distortion-entries", r"J = \sum_{i=1}^n (x^{(i)} - \mu_{c^{(i)}})^2",
     {"x": X5, r"\mu": MU3, "c": C5, "n": 5}, ((X5 - MU3[C5 - 1]) ** 2).sum(), ["sample-number", "label-entry"]),
    ("cs231n-softmax-loss-label", r"L_i = -\log\left(\frac{e^{f_{y_i}}}{ \sum_j e^{f_j} }\right)",
     {"f": MU3, "y_i": 2}, -np.log(np.exp(MU3[1]) / np.exp(MU3).sum()), ["label-entry"]),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [c[1:] for c in READ], ids=[c[0] for c in READ])
def test_labels_that_pick_entries(latex: str, inputs: dict, want: float, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


def test_kmeans_norm_states_every_guess() -> None:
    """cs229's k-means distortion with plain x^{(i)}: each guess (a number, an absolute value, a label) is noted."""
    formula = symdl.parse(r"J(c, \mu) = \sum_{i=1}^n ||x^{(i)} - \mu_{c^{(i)}}||^2")
    assert [n.rule for n in formula.notes] == ["norm-of-number", "sample-number", "label-entry"]
    assert "mu[c[i]]" in str(formula.statements[0].rhs)


DENSITIES = [
    ("bishop-mean-field", r"\ln q_j^\star(\mathbf{Z}_j) = \mathbb{E}_{i \neq j}[\ln p(\mathbf{X}, \mathbf{Z})] + "
     r"\mathrm{const}", "q^*_j"),
    ("optimal-density", r"\log q^*(\mathbf{z}) = \log p(\mathbf{x}, \mathbf{z}) - \log p(\mathbf{x})", "q^*"),
]


@pytest.mark.parametrize(("latex", "callee"), [c[1:] for c in DENSITIES], ids=[c[0] for c in DENSITIES])
def test_starred_density_is_a_number(latex: str, callee: str) -> None:
    formula = symdl.parse(latex)
    lhs = formula.statements[0].lhs
    assert str(lhs).startswith(f"log({callee}("), f"{lhs} should be the log of a number, not entry by entry"
    assert "function-number" in [n.rule for n in formula.notes]
    assert "function-entrywise" not in [n.rule for n in formula.notes]


REFUSED = [
    ("bishop-bias-j0", r"a_j = \sum_{i=1}^{D} w_{ji}^{(1)} x_i + w_{j0}^{(1)}", "w_{j0}^{(1)}"),
    ("bias-zero-first", r"y_k = \sum_j w_{kj} z_j + w_{0k}", "w_{0k}"),  # k: w's row, then its column (session 38)
]


@pytest.mark.parametrize(("latex", "at"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_index_run_into_a_number_is_refused(latex: str, at: str) -> None:
    with pytest.raises(symdl.NotSupported, match="mixes the index") as info:
        symdl.parse(latex)
    span = info.value.span
    assert latex[span.start : span.end].startswith(at.split("^")[0])


STAYS = [
    ("rnn-gate-label", r"h_t = \tanh(W_{hh} h_{t-1} + W_{x1} x_t)"),
    ("numbered-weights", r"w_{12} = 3 w_{21}"),
    ("adam-beta-one", r"m_t = \beta_1 m_{t-1} + (1 - \beta_1) g_t"),
]


@pytest.mark.parametrize("latex", [c[1] for c in STAYS], ids=[c[0] for c in STAYS])
def test_labels_with_numbers_still_read(latex: str) -> None:
    symdl.parse(latex)


POPULATION = [
    ("adam-bias-correction", r"\mathbb{E}[v_t] = \mathbb{E}[g_t^2] \cdot (1 - \beta_2^t) + \zeta",
     "E(v_t)", 2),
    ("adam-unbiased-claim", r"\mathbb{E}[\hat{v}_t] = \mathbb{E}[g_t^2]", "E(vhat_t)", 2),
    ("variance-identity", r"\mathrm{Var}[x] = \mathbb{E}[x^2] - \mathbb{E}[x]^2", "Var(x)", 3),
    ("bishop-mean-statement", r"\mathbb{E}[x] = \mu", "E(x)", 1),
]


@pytest.mark.parametrize(("latex", "lhs", "notes"), [c[1:] for c in POPULATION], ids=[c[0] for c in POPULATION])
def test_statement_about_an_expectation_is_about_the_population(latex: str, lhs: str, notes: int) -> None:
    """The expectations stay expectations of single random values (they were means of sample vectors of unrelated
    sizes, noted expectation-mean)."""
    formula = symdl.parse(latex)
    assert str(formula.statements[0].lhs) == lhs
    assert [n.rule for n in formula.notes] == ["expectation-population"] * notes
    assert not formula.shapes


SAMPLE = [  # (id, latex, the notes' rules): since session 24 LayerNorm's γ and β are per-feature vectors (noted)
    ("layernorm-docs", r"y = \frac{x - \mathrm{E}[x]}{\sqrt{\mathrm{Var}[x] + \epsilon}} \gamma + \beta",
     {"expectation-mean", "affine-per-feature"}),
    ("mean-defined", r"\mu = \mathbb{E}[x]", {"expectation-mean"}),
]


@pytest.mark.parametrize(("latex", "rules"), [c[1:] for c in SAMPLE], ids=[c[0] for c in SAMPLE])
def test_expectation_inside_a_value_stays_a_sample_mean(latex: str, rules: set[str]) -> None:
    formula = symdl.parse(latex)
    assert set(n.rule for n in formula.notes) == rules
    assert formula.shapes["x"][1] == 1, "x is a sample: a column of values"


#: (id, latex, the statement's left side as SymPy prints it): since session 47 a differential outside a derivative is
#: the increment of its name, a name of its own, noted (before session 13: the letter d times x, silently; then
#: refused)
DIFFERENTIALS = [
    ("song-reverse-sde", r"\mathrm{d}\mathbf{x} = [\mathbf{f}(\mathbf{x}, t) - g(t)^2 \nabla_{\mathbf{x}} \log "
     r"p_t(\mathbf{x})] \mathrm{d}t + g(t) \mathrm{d}\bar{\mathbf{w}}", "dx"),
    ("vp-sde", r"\mathrm{d}x_t = -\frac{1}{2}\beta(t) x_t \mathrm{d}t + \sqrt{\beta(t)} \mathrm{d}w", "dx_t"),
    ("spaced-differential", r"y = \operatorname{d} x", "y"),
]


@pytest.mark.parametrize(("latex", "lhs"), [c[1:] for c in DIFFERENTIALS], ids=[c[0] for c in DIFFERENTIALS])
def test_differential_outside_a_derivative_is_an_increment(latex: str, lhs: str) -> None:
    """Song et al.'s SDEs: each differential a name of its own (never the letter d times x), noted."""
    f = symdl.parse(latex)
    assert str(f.statements[-1].lhs) == lhs
    assert "differential-name" in {n.rule for n in f.notes}
    assert not any(str(s) == "d" for s in f.statements[-1].rhs.free_symbols)


DERIVATIVES = [
    ("leibniz", r"\frac{\mathrm{d}y}{\mathrm{d}x} = 2x", "Derivative(y(x), x)"),
    ("operator-form", r"\frac{\mathrm{d}}{\mathrm{d}x}\sigma(x) = \sigma(x)(1-\sigma(x))", "Derivative(sigmoid(x), x)"),
    ("cs231n-d-names", r"dW = X^T dY", "dW"),
]


@pytest.mark.parametrize(("latex", "lhs"), [c[1:] for c in DERIVATIVES], ids=[c[0] for c in DERIVATIVES])
def test_derivatives_and_gradient_names_still_read(latex: str, lhs: str) -> None:
    assert str(symdl.parse(latex).statements[0].lhs) == lhs


SCHEDULES = [
    ("ddpm-marginal-bar-alpha", r"x_t = \sqrt{\bar\alpha(t)} x_0 + \sqrt{1 - \bar\alpha(t)} \epsilon",
     {"x_0": 0.8, r"\epsilon": -0.3, "t": 2.0}, lambda ab: np.sqrt(ab) * 0.8 + np.sqrt(1 - ab) * -0.3,
     ["call-schedule", "call-schedule"]),
    ("learning-rate-schedule", r"\theta_{t+1} = \theta_t - \eta(t) g_t", {r"\theta_t": 1.5, "g_t": 0.4, "t": 2.0},
     lambda eta: 1.5 - eta * 0.4, ["call-schedule"]),
    ("score-matching-weight", r"L = \lambda(t) (s - g)^2", {"s": 0.5, "g": -0.25, "t": 2.0},
     lambda lam: lam * 0.75**2, ["call-schedule"]),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [c[1:] for c in SCHEDULES],
                         ids=[c[0] for c in SCHEDULES])
def test_greek_letter_of_time_is_a_schedule(latex: str, inputs: dict, want, rules: list[str]) -> None:
    """ᾱ(t), η(t), λ(t) were the letter times t, silently; the schedule is given as a function."""
    formula = symdl.parse(latex)
    assert [n.rule for n in formula.notes] == rules
    def schedule(t: float) -> float:  # any function of t into (0, 1): the value must follow it, not letter·t
        return float(np.exp(-t))

    names = {str(f.func) for f in formula.statements[0].rhs.atoms(sympy.Function)
             if isinstance(f.func, sympy.core.function.UndefinedFunction)}
    assert len(names) == 1, names
    got = symdl.lambdify(formula, functions=dict.fromkeys(names, schedule))(**inputs)
    assert np.isfinite(float(got))
    np.testing.assert_allclose(float(got), want(schedule(2.0)), rtol=1e-12)


BOUNDS = [
    ("edm-noise-levels", r"\sigma(t) = \sigma_{min} (\sigma_{max}/\sigma_{min})^t",
     {r"\sigma_{min}": 0.002, r"\sigma_{max}": 80.0, "t": 0.5}, 0.002 * (80 / 0.002) ** 0.5, ["product-of-a-bound"]),
    ("cosine-annealing", r"\eta_t = \eta_{min} + \frac{1}{2}(\eta_{max} - \eta_{min})(1 + \cos(\frac{T_{cur}}{T_{max}}\pi))",
     {r"\eta_{min}": 0.01, r"\eta_{max}": 0.1, "T_{cur}": 3.0, "T_{max}": 10.0},
     0.01 + 0.5 * 0.09 * (1 + np.cos(0.3 * np.pi)), []),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [c[1:] for c in BOUNDS], ids=[c[0] for c in BOUNDS])
def test_bound_names_are_values(latex: str, inputs: dict, want: float, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


STAY_PRODUCTS = [
    ("coefficient-times-sum", r"y = \beta(x + 1)", "beta*(x + 1)"),
    ("gate-activation", r"h = \sigma_g(z)", "sigma_g(z)"),
]


@pytest.mark.parametrize(("latex", "rhs"), [c[1:] for c in STAY_PRODUCTS], ids=[c[0] for c in STAY_PRODUCTS])
def test_other_letters_before_parentheses_unchanged(latex: str, rhs: str) -> None:
    assert str(symdl.parse(latex).statements[0].rhs) == rhs


def _graph(n: int = 5) -> tuple[np.ndarray, np.ndarray]:
    """A symmetric adjacency with self-loops and its degree matrix."""
    a = (RNG.random((n, n)) > 0.5).astype(float)
    a = np.maximum(a, a.T) + np.eye(n)
    return a, np.diag(a.sum(axis=1))


A5, D5 = _graph()
H53, W32, X53, TH32 = RNG.normal(size=(5, 3)), RNG.normal(size=(3, 2)), RNG.normal(size=(5, 3)), RNG.normal(size=(3, 2))
DH = np.diag(np.diag(D5) ** -0.5)

GRAPHS = [
    ("kipf-welling-gcn-layer", r"H^{(l+1)} = \sigma(\tilde{D}^{-1/2}\tilde{A}\tilde{D}^{-1/2}H^{(l)}W^{(l)})",
     {r"\tilde{A}": A5, r"\tilde{D}": D5, "H^{(l)}": H53, "W^{(l)}": W32},
     1 / (1 + np.exp(-(DH @ A5 @ DH @ H53 @ W32))), ["sigma-activation", "capital-power-matrix"]),
    ("kipf-welling-propagation", r"Z = D^{-1/2} A D^{-1/2} X \Theta", {"A": A5, "D": D5, "X": X53, r"\Theta": TH32},
     DH @ A5 @ DH @ X53 @ TH32, ["capital-power-matrix"]),
    ("random-walk-normalisation", r"\hat{A} = D^{-1} A", {"A": A5, "D": D5}, np.linalg.inv(D5) @ A5,
     ["capital-power-matrix"]),
    ("bold-gcn", r"\mathbf{H}' = \sigma(\tilde{\mathbf{D}}^{-1/2}\tilde{\mathbf{A}}\tilde{\mathbf{D}}^{-1/2}"
     r"\mathbf{H}\mathbf{W})", {r"\tilde{\mathbf{A}}": A5, r"\tilde{\mathbf{D}}": D5, r"\mathbf{H}": H53,
                                r"\mathbf{W}": W32}, 1 / (1 + np.exp(-(DH @ A5 @ DH @ H53 @ W32))), ["sigma-activation"]),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [c[1:] for c in GRAPHS], ids=[c[0] for c in GRAPHS])
def test_graph_normalisations_are_matrix_products(latex: str, inputs: dict, want: np.ndarray, rules: list) -> None:
    """D^{-1/2} A D^{-1/2} with plain capitals was A/D (numbers); fractional matrix powers did not evaluate."""
    formula = symdl.parse(latex)
    assert [n.rule for n in formula.notes] == rules
    np.testing.assert_allclose(symdl.lambdify(formula)(**inputs), want, rtol=1e-12, atol=1e-14)


def test_fractional_power_of_an_unsymmetric_matrix_is_an_error() -> None:
    formula = symdl.parse(r"\hat{A} = D^{-1/2} A")
    with pytest.raises(symdl.SymdlError, match="symmetric"):
        symdl.lambdify(formula)(A=A5, D=np.triu(np.ones((5, 5))))


U2, V3, A5V, W35 = RNG.normal(size=2), RNG.normal(size=3), RNG.normal(size=5), RNG.normal(size=(3, 5))

CONCATS = [
    ("gat-bar", r"z = \mathbf{a}^T [\mathbf{u} \| \mathbf{v}]", {r"\mathbf{a}": A5V, r"\mathbf{u}": U2, r"\mathbf{v}": V3},
     A5V @ np.concatenate([U2, V3]), ["bar-concat"]),
    ("double-bar", r"z = \mathbf{a}^T [\mathbf{u} || \mathbf{v}]", {r"\mathbf{a}": A5V, r"\mathbf{u}": U2,
                                                                    r"\mathbf{v}": V3},
     A5V @ np.concatenate([U2, V3]), ["bar-concat"]),
    ("vert", r"z = \mathbf{a}^T [\mathbf{u} \Vert \mathbf{v}]", {r"\mathbf{a}": A5V, r"\mathbf{u}": U2,
                                                                 r"\mathbf{v}": V3},
     A5V @ np.concatenate([U2, V3]), ["bar-concat"]),
    ("semicolon-after-weight", r"s_t = \mathrm{relu}(W_s [h_{t-1}; x_t])", {"W_s": W35, "h_{t-1}": U2, "x_t": V3},
     np.maximum(0, W35 @ np.concatenate([U2, V3])), ["bracket-concat"]),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [c[1:] for c in CONCATS], ids=[c[0] for c in CONCATS])
def test_concatenations(latex: str, inputs: dict, want: np.ndarray, rules: list[str]) -> None:
    """GAT's bar was "never closed"; [h_{t-1}; x_t] after a weight was a vector of two numbers, silently."""
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


def test_gat_family_members_in_a_concatenation_read_after_the_row() -> None:
    """Refused until session 22; now a^T times the concatenation is a sum over its entries (family-row-number;
    evaluated in tests/test_read_s22_rfam.py)."""
    latex = r"e_{ij} = \mathrm{LeakyReLU}(\mathbf{a}^T[\mathbf{W}\mathbf{h}_i \| \mathbf{W}\mathbf{h}_j])"
    assert "family-row-number" in [n.rule for n in symdl.parse(latex).notes]


def test_norm_inside_brackets_stays_a_norm() -> None:
    formula = symdl.parse(r"y = [\|x\|, z]")
    assert "sqrt" in str(formula.statements[0].rhs)
    assert [n.rule for n in formula.notes] == []


BOLD_EQUAL_TO_A_NUMBER = [
    ("bold-output-of-a-dot", r"\mathbf{y} = \mathbf{w}^T \mathbf{x}", r"\mathbf{y}"),
    ("matrix-equal-to-an-inner-product", r"\frac{\partial L}{\partial h} = 1, \quad \mathbf{W} = \mathbf{h}^T \mathbf{o}",
     r"\mathbf{W}"),
]


@pytest.mark.parametrize(("latex", "name"), [c[1:] for c in BOLD_EQUAL_TO_A_NUMBER],
                         ids=[c[0] for c in BOLD_EQUAL_TO_A_NUMBER])
def test_bold_name_equal_to_a_number_is_an_error(latex: str, name: str) -> None:
    """y bold and wᵀx one number: the value was silently the number, and y's shape (n, 1) was never checked."""
    with pytest.raises(symdl.InvalidInput, match="set equal to a number") as info:
        symdl.parse(latex)
    assert name in str(info.value)
    assert latex[info.value.span.start :].startswith(name)


def test_plain_name_equal_to_a_sum_of_entries_still_reads() -> None:
    formula = symdl.parse(r"s = \mathbf{1}^\top \mathbf{x}")
    np.testing.assert_allclose(float(symdl.lambdify(formula)(**{r"\mathbf{x}": X5})), X5.sum(), rtol=1e-12)


ESCAPED_UNDERSCORES = [
    ("jax-log-sigmoid", r"y = \mathrm{log\_sigmoid}(x)", "log(sigmoid(x))"),  # JAX's spelling of the activation
    ("log-softmax-word", r"y = \text{log\_softmax}(x)", "log_softmax(x)"),
    ("pixel-shuffle-factor", r"y = \mathrm{upscale\_factor}^2", "upscale_{factor}**2"),  # as \text{upscale}_{factor}
]


@pytest.mark.parametrize(("latex", "rhs"), [c[1:] for c in ESCAPED_UNDERSCORES], ids=[c[0] for c in ESCAPED_UNDERSCORES])
def test_escaped_underscore_after_a_function_word(latex: str, rhs: str) -> None:
    """JAX's \\mathrm{log\\_sigmoid}(x) was \\log(x), silently: the escaped underscore split off a subscript and left
    the function word log; after a function's word it is a letter of the name (elsewhere a label, as written)."""
    assert str(symdl.parse(latex).statements[0].rhs) == rhs
