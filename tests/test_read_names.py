"""Names as papers, textbooks and library docs spell them (issue 12): each row is read, evaluated against plain
numpy, and its reading notes asserted.

- ``\\mu_\\mathcal{B}``: a font command in a script takes its own argument, as in TeX (the Batch Norm paper);
- ``\\Delta\\boldsymbol{\\theta}``: the change in θ, one name shaped as θ (Goodfellow et al., Alg. 8.4-8.7);
- ``\\theta^{old}``, ``g^{ave}_t``, ``\\hat{y}^{(\\text{test})}``: a superscript word is part of the name;
- ``x1``, ``W2``: a letter against digits is one name, ``x_1`` (the PyTorch docs' ``loss(x1, x2, y)``);
- ``\\mu^l`` beside ``a_i^l``: the layer index of Ba et al.'s layer norm, not a power.
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl

RNG = np.random.default_rng(20261202)
X = RNG.normal(size=6)
V = RNG.normal(size=3)
G = RNG.normal(size=3)

# (id, formula, inputs, expected from numpy, reading-note rules in order)
CASES = [
    ("batchnorm-paper-unbraced-mathcal", r"\widehat{x}_i \leftarrow \frac{x_i - \mu_\mathcal{B}}{\sqrt{\sigma^2_\mathcal{B} + \epsilon}}",
     {"x": X, r"\mu_\mathcal{B}": X.mean(), r"\sigma_\mathcal{B}": X.std(), r"\epsilon": 1e-5},
     (X - X.mean()) / np.sqrt(X.var() + 1e-5), []),
    ("batchnorm-paper-mean", r"\mu_\mathcal{B} \leftarrow \frac{1}{m}\sum_{i=1}^m x_i", {"x": X, "m": 6}, X.mean(), []),
    ("goodfellow-delta-theta-update", r"\boldsymbol{\theta} \leftarrow \boldsymbol{\theta} + \Delta \boldsymbol{\theta}",
     {r"\boldsymbol{\theta}": V, r"\Delta \boldsymbol{\theta}": G}, V + G, []),
    ("goodfellow-delta-theta-step", r"\Delta \boldsymbol{\theta} = -\epsilon \mathbf{g}",
     {r"\epsilon": 0.1, r"\mathbf{g}": G}, -0.1 * G, []),
    ("d2l-adadelta-delta-x", r"\Delta\mathbf{x}_t = \rho \Delta\mathbf{x}_{t-1} + (1 - \rho) \mathbf{g}_t",
     {r"\rho": 0.9, r"\Delta\mathbf{x}_{t-1}": V, r"\mathbf{g}_t": G}, 0.9 * V + 0.1 * G, []),
    ("pytorch-centered-rmsprop-ave", r"\tilde{v_t} \leftarrow \tilde{v_t} - \big(g^{ave}_{t} \big)^2",
     {r"\tilde{v_t}": 2.0, "g^{ave}_{t}": 0.5}, 1.75, []),
    ("goodfellow-test-superscript", r"\hat{\boldsymbol{y}}^{(\text{test})} = \boldsymbol{X}^{(\text{test})} \boldsymbol{w}",
     {r"\boldsymbol{X}^{(\text{test})}": np.outer(V, G), r"\boldsymbol{w}": G}, np.outer(V, G) @ G, []),
    ("ppo-old-and-new-policies", r"r = \frac{\pi^{new}}{\pi^{old}}", {r"\pi^{new}": 0.3, r"\pi^{old}": 0.6}, 0.5, []),
    ("pi-squared-is-a-number", r"\pi^2 x", {"x": 2.0}, 2 * np.pi**2, []),
    ("pytorch-margin-ranking-loss", r"\text{loss}(x1, x2, y) = \max(0, -y * (x1 - x2) + \text{margin})",
     {"x1": 0.3, "x2": 0.9, "y": 1.0, r"\text{margin}": 0.5}, 1.1, ["name-digits"]),
    ("cs231n-code-style-two-layer", r"s = W2 \max(0, W1 x)",
     {"W2": np.outer(G, V)[:2], "W1": np.outer(V, G), "x": G},
     np.outer(G, V)[:2] @ np.maximum(0, np.outer(V, G) @ G), ["name-digits", "max-elementwise", "capital-matrix"]),
    ("space-keeps-the-product", r"x 2 + 2x", {"x": 1.5}, 6.0, []),
    ("layer-norm-mean", r"\mu^l = \frac{1}{H}\sum_{i=1}^H a_i^l", {"a^{[l]}": X, "H": 6}, X.mean(),
     ["superscript-layer", "superscript-layer"]),
    ("layer-norm-std", r"\sigma^l = \sqrt{\frac{1}{H}\sum_{i=1}^H (a_i^l - \mu^l)^2}",
     {"a^{[l]}": X, "H": 6, r"\mu^l": X.mean()}, X.std(),
     ["superscript-layer", "superscript-layer", "superscript-layer"]),
    ("decay-power-without-layers", r"\beta^l m", {r"\beta": 0.9, "l": 2.0, "m": 1.0}, 0.81, []),
    ("two-letter-superscript-is-a-noted-label", r"y = x^{ab} + x", {"x^{ab}": 2.0, "x": 1.0}, 3.0,
     ["superscript-word"]),
    ("wrapped-superscript-label-needs-no-note", r"y = x^{\text{ab}} + x", {r"x^{\text{ab}}": 2.0, "x": 1.0}, 3.0, []),
    ("parenthesised-name-is-a-power", r"y = (x)^{ab}", {"x": 2.0, "a": 1.0, "b": 3.0}, 8.0, []),
    ("d2l-query-projection-noted", r"\mathbf{h} = \mathbf{W}^{(q)}\mathbf{x}",
     {r"\mathbf{W}^{(q)}": np.outer(V, G), r"\mathbf{x}": G}, np.outer(V, G) @ G, ["superscript-label"]),
    ("summed-parenthesised-letter-is-a-sample", r"\sum_q w^{(q)}", {"w": V}, V.sum(), []),
    ("numbered-layer-needs-no-note", r"\mathbf{h} = \mathbf{W}^{(1)}\mathbf{x}",
     {r"\mathbf{W}^{(1)}": np.outer(V, G), r"\mathbf{x}": G}, np.outer(V, G) @ G, []),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_names_read_as_meant(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    formula = symdl.parse(latex)
    assert [n.rule for n in formula.notes] == rules
    got = symdl.lambdify(formula)(**inputs)
    np.testing.assert_allclose(np.asarray(got, dtype=float).ravel(), np.asarray(want, dtype=float).ravel(),
                               rtol=1e-12)


def test_name_digits_note_says_how_to_get_the_product() -> None:
    latex = r"\text{loss}(x1, x2, y) = \max(0, -y * (x1 - x2) + \text{margin})"
    (note,) = symdl.parse(latex).notes
    assert latex[note.span.start : note.span.end] == "x1"
    assert "one name" in note.message and "\\cdot" in note.alternative


@pytest.mark.parametrize(("latex", "power"), [
    pytest.param(r"x^{ij}", "x**(i*j)", id="index-letters-stay-a-power"),
    pytest.param(r"e^{xy}", "exp(x*y)", id="exponential-of-a-product"),
])
def test_superscripts_that_stay_powers(latex: str, power: str) -> None:
    assert str(symdl.parse(latex).statements[0].rhs) == power


XS = np.linspace(-3.0, 3.0, 7)

# (id, formula, inputs, expected from numpy): a known function's argument in square brackets or set braces
BRACKETED = [
    ("gelu-paper-tanh-approximation", r"\frac{1}{2}x(1 + \tanh[\sqrt{2/\pi}(x + 0.044715x^3)])", {"x": XS},
     0.5 * XS * (1 + np.tanh(np.sqrt(2 / np.pi) * (XS + 0.044715 * XS**3)))),
    ("goodfellow-relu-set-braces", r"g(z) = \max\{0, z\}", {"z": XS}, np.maximum(0, XS)),
    ("pytorch-hinge-embedding", r"\max \{0, m - x\}", {"m": 1.0, "x": XS}, np.maximum(0, 1.0 - XS)),
    ("log-of-a-bracket", r"\log[1 + e^{x}]", {"x": XS}, np.log1p(np.exp(XS))),
]


@pytest.mark.parametrize(("latex", "inputs", "want"), [c[1:] for c in BRACKETED], ids=[c[0] for c in BRACKETED])
def test_bracketed_arguments_of_known_functions(latex: str, inputs: dict, want: np.ndarray) -> None:
    formula = symdl.parse(latex)
    assert formula.notes == ()
    got = symdl.lambdify(formula)(**inputs)
    np.testing.assert_allclose(np.ravel(got), want, rtol=1e-12)


def test_nesterov_gradient_at_a_look_ahead_point() -> None:
    """Sutskever et al.'s Nesterov step: the gradient of f taken at theta + mu v (it was a SymPy error)."""
    (st,) = symdl.parse(r"\theta_{t+1} = \theta_t + \mu v_t - \epsilon \nabla f(\theta_t + \mu v_t)").statements
    (subs,) = st.rhs.atoms(__import__("sympy").Subs)
    assert {str(s) for s in subs.point[0].free_symbols} == {"mu", "v_t", "theta_t"}


SAMPLE = np.array([1.0, 2.0, 4.0, 7.0])
GAIN, SHIFT = np.array([2.0, 0.5, 1.0, 3.0]), np.array([0.5, -1.0, 0.0, 2.0])  # LayerNorm's γ, β: one per feature

# (id, formula, inputs, expected from numpy, notes): expectations and variances over a sample (rule expectation-mean)
STATISTICS = [
    # γ and β are per-feature vectors (affine-per-feature, session 24); the * between vectors is element-wise
    ("pytorch-layernorm", r"y = \frac{x - \mathrm{E}[x]}{ \sqrt{\mathrm{Var}[x] + \epsilon}} * \gamma + \beta",
     {"x": SAMPLE, r"\epsilon": 1e-5, r"\gamma": GAIN.reshape(-1, 1), r"\beta": SHIFT.reshape(-1, 1)},
     (SAMPLE - SAMPLE.mean()) / np.sqrt(SAMPLE.var() + 1e-5) * GAIN + SHIFT,
     ["expectation-mean", "expectation-mean", "star-elementwise", "affine-per-feature", "affine-per-feature"]),
    ("mean-of-a-sample", r"\mathbb{E}[x]", {"x": SAMPLE}, SAMPLE.mean(), ["expectation-mean"]),
    ("variance-by-moments", r"\mathbb{E}[\mathbf{x}^2] - \mathbb{E}[\mathbf{x}]^2", {r"\mathbf{x}": SAMPLE},
     SAMPLE.var(), ["expectation-mean", "expectation-mean"]),
    ("variance-of-a-sum", r"\mathrm{Var}[x + y]", {"x": SAMPLE, "y": SAMPLE[::-1]}, (SAMPLE + SAMPLE[::-1]).var(),
     ["expectation-mean"]),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [c[1:] for c in STATISTICS],
                         ids=[c[0] for c in STATISTICS])
def test_statistics_over_a_sample(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    formula = symdl.parse(latex)
    assert [n.rule for n in formula.notes] == rules
    got = symdl.lambdify(formula)(**inputs)
    np.testing.assert_allclose(np.ravel(got), np.ravel(want), rtol=1e-12)


def test_expectation_of_an_unknown_function_reads_but_does_not_evaluate() -> None:
    formula = symdl.parse(r"J(\theta) = \mathbb{E}_{x \sim p_{data}} [\log p_{model}(x; \theta)]")
    assert [n.rule for n in formula.notes] == []  # of a number: no mean over a sample is guessed
    assert r"E_{x \sim p_{data}}(" in str(formula.statements[0].rhs)  # under its distribution


@pytest.mark.parametrize(("latex", "inputs", "want"), [
    pytest.param(r"P(y = 1 \mid x; w, b) = \sigma(w x + b)", {"x": 1.0, "w": 2.0, "b": -1.0}, 1 / (1 + np.exp(-1.0)),
                 id="cs231n-logistic-regression"),
    pytest.param(r"P(y = 1 \mid \mathbf{x}) = \sigma(\mathbf{w}^T\mathbf{x} + b)",
                 {r"\mathbf{x}": V, r"\mathbf{w}": G, "b": 0.5}, 1 / (1 + np.exp(-(G @ V + 0.5))),
                 id="goodfellow-logistic-regression"),
])
def test_the_event_names_the_probability(latex: str, inputs: dict, want: float) -> None:
    """P(y = 1 | x): a function of x named by its event, defined by the right side (it was 'unexpected =')."""
    formula = symdl.parse(latex)
    (st,) = formula.statements
    assert st.kind == "definition" and [n.rule for n in formula.notes] == ["event-name"]
    np.testing.assert_allclose(np.ravel(symdl.lambdify(formula)(**inputs)), want, rtol=1e-12)


@pytest.mark.parametrize("latex", [
    pytest.param(r"\mathbf{y} = \mathbf{W} F(\mathbf{x})", id="matrix-times-unknown-function-of-a-vector"),
    # (ResNet's F(\mathbf{x}) + \mathbf{x} now reads: function-vector-beside, tests/test_read_heldout_session14_o.py)
])
def test_number_valued_factors_in_matrix_products_are_named(latex: str) -> None:
    """SymPy's 'noncommutative scalars' becomes a refusal that says what symdl could not read, with a hint."""
    with pytest.raises(symdl.NotSupported, match="family of vectors") as info:
        symdl.parse(latex)
    assert "noncommutative" not in str(info.value)


def test_parenthesised_letter_that_is_no_sample_index_labels_the_name() -> None:
    """d2l's multi-head attention: W^{(q)}, W^{(k)}, W^{(v)} are three projections (W^{(q)} was entry q of a family
    W, a number times q, and W^{(k)} beside \\mathbf{k} too); x^{(i)} stays sample i."""
    latex = r"\mathbf{W}^{(q)}\mathbf{q} + \mathbf{W}^{(k)}\mathbf{k} + \mathbf{W}^{(v)}\mathbf{v}"
    formula = symdl.parse(latex)
    assert {"W^(q)", "W^(k)", "W^(v)"} <= set(formula.shapes)
    assert [n.rule for n in formula.notes] == ["superscript-label"] * 3
    assert "the bold k names a vector" in formula.notes[1].message
    m = RNG.normal(size=(3, 2, 3))
    got = symdl.lambdify(formula)(**{r"\mathbf{W}^{(q)}": m[0], r"\mathbf{W}^{(k)}": m[1], r"\mathbf{W}^{(v)}": m[2],
                                     r"\mathbf{q}": V, r"\mathbf{k}": G, r"\mathbf{v}": V + G})
    np.testing.assert_allclose(np.ravel(got), m[0] @ V + m[1] @ G + m[2] @ (V + G), rtol=1e-12)
    assert "x[i]" in str(symdl.parse(r"\sum_i x^{(i)}").statements[0].rhs)


@pytest.mark.parametrize(("latex", "inputs", "want"), [
    pytest.param(r"\zeta((1-2y)z)", {"y": 1.0, "z": XS}, np.logaddexp(0, -XS), id="goodfellow-6-23-softplus"),
    pytest.param(r"\log \sigma(x) = -\zeta(-x)", {"x": XS}, -np.logaddexp(0, -XS), id="goodfellow-3-10-identity"),
])
def test_goodfellow_zeta_is_the_softplus(latex: str, inputs: dict, want: np.ndarray) -> None:
    """\\zeta(x) = log(1 + e^x) in Goodfellow et al. (it was z·ζ·(1 - 2y), ζ a number)."""
    formula = symdl.parse(latex)
    assert [n.rule for n in formula.notes] == ["zeta-softplus"]
    got = symdl.lambdify(formula)(**inputs)
    got = list(got.values())[-1] if isinstance(got, dict) else got
    np.testing.assert_allclose(np.ravel(got), want, rtol=1e-12)
    assert symdl.parse(r"\zeta \cdot (x)").notes == ()  # a product when written as one
