"""What an unknown function's value is (session 12, from a held-out sweep): Goodfellow et al.'s Lagrangian
``L(x, λ) = f(x) + λ(xᵀx − 1)`` was a vector (f applied to each entry of x) and Bishop's
``\\boldsymbol{\\phi}(\\mathbf{x})`` a number, both with no note.  Now a bold function is vector-valued
(``function-vector``), a plain one is a number where the formula makes its value one (``function-number``) and
entry by entry otherwise (``function-entrywise``) — each noted.  Each row: the formula as its source writes it,
the functions given to ``lambdify``, seeded inputs and plain numpy's value."""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from symdl.errors import NotSupported
from tests.real_sources import assert_reads_as

RNG = np.random.default_rng(12)
X3, D3, C3 = RNG.normal(size=3), RNG.normal(size=3), RNG.normal(size=3)
W23, P2 = RNG.normal(size=(2, 3)), RNG.normal(size=2)
LAM = 0.7


def _energy(v: np.ndarray) -> float:  # a scalar function of a vector, as the tests give f
    return float(np.sum(np.sin(v)) + np.sum(v) ** 2)


def _energy_grad(v: np.ndarray) -> np.ndarray:
    return np.cos(v) + 2 * np.sum(v)


# (id, source, latex, functions given, inputs, numpy's value, notes by rule)
CASES = [
    ("goodfellow-lagrangian", "Goodfellow et al., sec. 4.4: the generalized Lagrangian of a unit-norm constraint",
     r"L(\boldsymbol{x}, \lambda) = f(\boldsymbol{x}) + \lambda \left(\boldsymbol{x}^\top \boldsymbol{x} - 1\right)",
     {"f": _energy}, {r"\boldsymbol{x}": X3, r"\lambda": LAM}, _energy(X3) + LAM * (X3 @ X3 - 1), ["function-number"]),
    ("weight-decay-objective", "Goodfellow et al., sec. 7.1.1: an objective plus an L2 penalty",
     r"J(\boldsymbol{\theta}) = f(\boldsymbol{\theta}) + \lambda \|\boldsymbol{\theta}\|^2", {"f": _energy},
     {r"\boldsymbol{\theta}": X3, r"\lambda": LAM}, _energy(X3) + LAM * X3 @ X3, ["function-number"]),
    ("added-to-an-inner-product", "a scalar function plus a linear term (a Taylor model)",
     r"m = g(\boldsymbol{x}) + \boldsymbol{d}^\top \boldsymbol{x}", {"g": _energy},
     {r"\boldsymbol{x}": X3, r"\boldsymbol{d}": D3}, _energy(X3) + D3 @ X3, ["function-number"]),
    ("gradient-step", "Goodfellow et al., eq. 4.5: a gradient by a vector is of a number",
     r"\boldsymbol{x}' = \boldsymbol{x} - \epsilon \nabla_{\boldsymbol{x}} f(\boldsymbol{x})", {},
     {r"\boldsymbol{x}": X3, r"\epsilon": 0.1, r"\nabla_{\boldsymbol{x}}f(\boldsymbol{x})": _energy_grad(X3)},
     X3 - 0.1 * _energy_grad(X3), ["function-number"]),
    ("activation-g", "Goodfellow et al., eq. 6.8 (a hidden layer): g acts on each entry",
     r"\boldsymbol{h} = g(\boldsymbol{W}^\top \boldsymbol{x} + \boldsymbol{c})", {"g": np.tanh},
     {r"\boldsymbol{W}": W23, r"\boldsymbol{x}": P2, r"\boldsymbol{c}": C3}, np.tanh(W23.T @ P2 + C3),
     ["function-entrywise"]),
    ("basis-functions", "Bishop, eq. 3.3: a linear model of basis functions",
     r"y = \boldsymbol{w}^\top \boldsymbol{\phi}(\boldsymbol{x}) + b", {},
     {r"\boldsymbol{w}": P2, r"\boldsymbol{\phi}(\boldsymbol{x})": D3[:2], "b": 0.3}, P2 @ D3[:2] + 0.3,
     ["function-vector"]),
    ("vector-valued-network", "a bold network of a vector, then a softmax",
     r"\hat{\mathbf{y}} = \mathrm{softmax}(\mathbf{f}(\mathbf{x}))", {}, {r"\mathbf{f}(\mathbf{x})": C3},
     np.exp(C3) / np.exp(C3).sum(), ["function-vector"]),
    ("network-is-not-entrywise", "DDPM's noise network, parameters as subscript: a vector of the whole vector "
     "(session 28: it was read entry by entry), given by its spelling",
     r"\boldsymbol{y} = \boldsymbol{x}_t - \epsilon_\theta(\boldsymbol{x}_t)", {},
     {r"\boldsymbol{x}_t": X3, r"\epsilon_\theta(\boldsymbol{x}_t)": W23.T @ P2}, X3 - W23.T @ P2,
     ["call-parameterised", "network-vector"]),
]


@pytest.mark.parametrize(("latex", "functions", "inputs", "want", "rules"), [r[2:] for r in CASES],
                         ids=[r[0] for r in CASES])
def test_unknown_function_values(latex: str, functions: dict, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules, functions=functions)


@pytest.mark.parametrize(("latex", "spelling", "why"), [
    (r"L(\boldsymbol{x}, \lambda) = f(\boldsymbol{x}) + \lambda (\boldsymbol{x}^\top \boldsymbol{x} - 1)",
     r"f(\boldsymbol{x})", r"it is a term of L(\boldsymbol{x}, \lambda), a number"),
    (r"m = g(\boldsymbol{x}) + \boldsymbol{d}^\top \boldsymbol{x}", r"g(\boldsymbol{x})",
     r"it is added to \boldsymbol{d}^\top \boldsymbol{x}, a number made of vectors"),
], ids=["term-of-a-number", "added-to-a-number"])
def test_number_note_says_why_and_where(latex: str, spelling: str, why: str) -> None:
    [n] = symdl.parse(latex).notes
    assert latex[n.span.start : n.span.end] == spelling
    assert why in n.message and r"\mathbf{h} =" in n.alternative


def test_decorated_letter_before_its_argument_is_a_call() -> None:
    """Goodfellow et al.'s unnormalised \\tilde{p}(\\mathbf{x}) is a call; \\hat{y}(1 - \\hat{y}) stays a product."""
    f = symdl.parse(r"\tilde{p}(\mathbf{x}) = \exp(-\mathbf{w}^\top \mathbf{x})")
    assert f.statements[0].kind == "definition"
    g = symdl.lambdify(symdl.parse(r"d = \hat{y}(1 - \hat{y})"))
    assert g(**{r"\hat{y}": 0.25}) == pytest.approx(0.25 * 0.75, rel=1e-12)


@pytest.mark.parametrize(("latex", "where", "words"), [
    # Bishop's \boldsymbol{\phi}(\mathbf{x}_n) reads since session 18 (function-of-member, tests/test_read_s18_family.py);
    # Nielsen's y(x) beside a under \sum_x (a desired output per input, a not written per input) stays refused
    (r"C(w,b) \equiv \frac{1}{2n} \sum_x \| y(x) - a\|^2", r"y(x)", "a vector-valued function of one vector of a family"),
    (r"\nabla_{\boldsymbol{\theta}} \log Z = \mathbb{E}_{\mathbf{x} \sim p(\mathbf{x})} \nabla_{\boldsymbol{\theta}} "
     r"\log \tilde{p}(\mathbf{x})", r"\mathbb{E}_{\mathbf{x} \sim p(\mathbf{x})}", "the expectation of a gradient"),
    # Murphy's gradient g(w) = 1/N \sum_n (\mu_n - y_n) x_n reads since session 21 (a defined function's vector
    # value, entry by entry: tests/test_read_s21_families.py)
], ids=["nielsen-output-of-each-input", "goodfellow-expected-score"])
def test_refused_where_written(latex: str, where: str, words: str) -> None:
    with pytest.raises(NotSupported) as e:
        symdl.parse(latex)
    assert words in str(e.value)
    assert latex[e.value.span.start : e.value.span.end].startswith(where)


@pytest.mark.parametrize(("latex", "inputs", "want"), [
    (r"z = \mathbf{w} \cdot \mathbf{x} + b", {r"\mathbf{w}": X3, r"\mathbf{x}": D3, "b": 0.5}, X3 @ D3 + 0.5),
    (r"z = w \cdot x + b, \quad w \cdot x = \sum_j w_j x_j", {"w": X3, "x": D3, "b": 0.5}, X3 @ D3 + 0.5),
], ids=["bold-dot-plus-bias", "nielsen-dot-defined-by-its-sum"])
def test_dot_of_two_columns_is_a_number(latex: str, inputs: dict, want: float) -> None:
    """``\\cdot`` between two columns is their dot product, a number: z was a vector and b added to each entry.
    Nielsen's w \\cdot x, where the formula indexes w_j and x_j, is the dot product of vectors (it was a product
    of numbers, noted as a guess)."""
    formula = symdl.parse(latex)
    assert [n.rule for n in formula.notes] == []
    assert "z" not in formula.shapes and formula.shapes["w"] == formula.shapes["x"]
    got = symdl.lambdify(formula)(**inputs)
    assert (got["z"] if isinstance(got, dict) else got) == pytest.approx(want, rel=1e-12)


@pytest.mark.parametrize(("latex", "operand", "rules"), [
    (r"\nabla_{\mathbf{w}} \left\|\mathbf{X}\mathbf{w} - \mathbf{y}\right\|^2 = 2\mathbf{X}^\top(\mathbf{X}\mathbf{w} "
     r"- \mathbf{y})", r"\left\|\mathbf{X}\mathbf{w} - \mathbf{y}\right\|^2", []),
    (r"\nabla_{\mathbf{w}} \|\mathbf{w}\|^2 = 2\mathbf{w}", r"\|\mathbf{w}\|^2", []),
    (r"\nabla_{\boldsymbol{\theta}} ||\boldsymbol{\theta}||_2^2 = 2\boldsymbol{\theta}", r"||\boldsymbol{\theta}||_2^2",
     []),
    (r"\nabla_{\mathbf{x}} \mathbf{x}^\top \mathbf{A} \mathbf{x} = (\mathbf{A} + \mathbf{A}^\top)\mathbf{x}",
     r"\mathbf{x}^\top \mathbf{A} \mathbf{x}", ["derivative-reach"]),
    (r"\nabla_{\mathbf{x}} \mathbf{a}^\top \mathbf{x} = \mathbf{a}", r"\mathbf{a}^\top \mathbf{x}", ["derivative-reach"]),
], ids=["d2l-least-squares-gradient", "norm-squared", "norm-typed-with-bars", "quadratic-form", "linear-form"])
def test_gradient_of_a_norm_or_a_form(latex: str, operand: str, rules: list[str]) -> None:
    """The matrix-calculus identities of d2l and the Matrix Cookbook: ∇ of a norm was 'a function with no argument';
    ∇ of xᵀAx took xᵀ alone (refused as a family of vectors).  The gradient is shaped as what it is by."""
    formula = symdl.parse(latex)
    assert [n.rule for n in formula.notes] == rules
    for n in formula.notes:
        assert operand in n.message
    [st] = formula.statements or [formula]
    assert st.lhs.shape == st.rhs.shape
    # the whole left side is the gradient: a caller gives its value by that spelling
    assert symdl.lambdify(formula).spellings[latex.split("=")[0].replace(" ", "")] == st.lhs


@pytest.mark.parametrize(("latex", "functions", "inputs", "want"), [
    (r"\ell = \ln p(\mathbf{X}) + \beta", {"p": lambda m: float(np.exp(-np.sum(m**2)))},
     {r"\mathbf{X}": W23, r"\beta": 0.3}, -np.sum(W23**2) + 0.3),
    (r"r = \log q(\mathbf{z}) - \log p(\mathbf{z})", {"p": lambda v: float(np.exp(-np.sum(v**2))),
                                                    "q": lambda v: float(np.exp(-2 * np.sum(v**2)))},
     {r"\mathbf{z}": X3}, -X3 @ X3),
], ids=["bishop-log-evidence", "vae-log-density-ratio"])
def test_densities_are_numbers(latex: str, functions: dict, inputs: dict, want: float) -> None:
    """Bishop's \\ln p(\\mathbf{X}) was p applied to each entry of the data matrix, a matrix; a VAE's prior
    p(\\mathbf{z}) a vector: a density of its whole argument is a number (noted function-number)."""
    formula = symdl.parse(latex)
    assert {n.rule for n in formula.notes} == {"function-number"}
    assert all("a probability (a density)" in n.message for n in formula.notes)
    got = symdl.lambdify(formula, functions=functions)(**inputs)
    assert float(got) == pytest.approx(want, rel=1e-12)


M3, V3 = RNG.normal(size=3), RNG.uniform(0.1, 2.0, size=3)

# (id, source, latex, inputs, numpy's value)
SECOND_MOMENTS = [
    ("adam-plain-moments", "Kingma & Ba, Algorithm 1, with a bold θ (the moments written plain)",
     r"\boldsymbol{\theta}_t = \boldsymbol{\theta}_{t-1} - \alpha \hat{m}_t / (\sqrt{\hat{v}_t} + \epsilon)",
     {r"\boldsymbol{\theta}_{t-1}": X3, r"\alpha": 0.1, r"\hat{m}_t": M3, r"\hat{v}_t": V3, r"\epsilon": 1e-8},
     X3 - 0.1 * M3 / (np.sqrt(V3) + 1e-8)),
    ("adagrad-odot", "Adagrad (Duchi et al.) as Ruder's overview writes it",
     r"\mathbf{w} \leftarrow \mathbf{w} - \frac{\eta}{\sqrt{G + \epsilon}} \odot \mathbf{g}",
     {r"\mathbf{w}": X3, r"\eta": 0.1, "G": V3, r"\epsilon": 1e-8, r"\mathbf{g}": M3},
     X3 - 0.1 / np.sqrt(V3 + 1e-8) * M3),
    ("rmsprop-fraction", "RMSProp as d2l writes it (sec. 12.8), the state plain",
     r"\mathbf{x}_{t} = \mathbf{x}_{t-1} - \eta \frac{\mathbf{g}_t}{\sqrt{s_t + \epsilon}}",
     {r"\mathbf{x}_{t-1}": X3, r"\eta": 0.1, r"\mathbf{g}_t": M3, "s_t": V3, r"\epsilon": 1e-6},
     X3 - 0.1 * M3 / np.sqrt(V3 + 1e-6)),
]


@pytest.mark.parametrize(("latex", "inputs", "want"), [r[2:] for r in SECOND_MOMENTS],
                         ids=[r[0] for r in SECOND_MOMENTS])
def test_second_moment_divides_entry_by_entry(latex: str, inputs: dict, want: np.ndarray) -> None:
    """The step was divided by one number (the plain moment read as a scalar), silently."""
    formula = symdl.parse(latex)
    assert [n.rule for n in formula.notes] == ["per-coordinate"]
    got = symdl.lambdify(formula)(**inputs)
    np.testing.assert_allclose(np.asarray(got, dtype=float).ravel(), want, rtol=1e-12)


def test_second_moment_declared_a_number_stays_one() -> None:
    formula = symdl.parse(r"\hat{v}_t \in \mathbb{R}, \quad \boldsymbol{\theta}_t = \boldsymbol{\theta}_{t-1} - "
                          r"\alpha \hat{m}_t / (\sqrt{\hat{v}_t} + \epsilon)")
    assert "per-coordinate" not in [n.rule for n in formula.notes]


S33 = RNG.normal(size=(3, 3))


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [
    (r"\mathbf{g} = \boldsymbol{V}^\top(\nabla_{\boldsymbol{o}} L)", {r"\boldsymbol{V}": W23,
                                                                        r"\nabla_{\boldsymbol{o}}L": P2},
     W23.T @ P2, []),
    (r"s = \langle u, v \rangle", {"u": X3, "v": D3}, X3 @ D3, []),
    (r"k = \boldsymbol{\phi}(\mathbf{x})^\top \mathbf{S} \boldsymbol{\phi}(\mathbf{x})",
     {r"\boldsymbol{\phi}(\mathbf{x})": X3, r"\mathbf{S}": S33}, X3 @ S33 @ X3, ["function-vector", "function-vector"]),
    (r"\ell = \| \tilde{\boldsymbol{\mu}}_t(\mathbf{x}_t, \mathbf{x}_0) - \boldsymbol{\mu}_\theta(\mathbf{x}_t, t) \|^2",
     {r"\tilde{\boldsymbol{\mu}}_t(\mathbf{x}_t,\mathbf{x}_0)": X3, r"\boldsymbol{\mu}_\theta(\mathbf{x}_t,t)": D3},
     np.sum((X3 - D3) ** 2), ["function-vector", "function-vector"]),
], ids=["goodfellow-bptt-transposed-matrix", "inner-product-of-plain-names", "bishop-one-basis-one-length",
        "ddpm-posterior-means-of-two-arguments"])
def test_transposed_names_inner_products_and_basis_lengths(latex: str, inputs: dict, want: object,
                                                         rules: list[str]) -> None:
    """Goodfellow's \\boldsymbol{V}^\\top(\\nabla L) was a call of a function V (a transposed matrix is no function);
    ⟨u, v⟩ of plain names was the product of two numbers (its operands are vectors); the two φ(x) of Bishop's
    φ(x)ᵀ S φ(x) had two lengths (one function, one length)."""
    formula = symdl.parse(latex)
    assert [n.rule for n in formula.notes] == rules
    got = symdl.lambdify(formula)(**inputs)
    np.testing.assert_allclose(np.asarray(got, dtype=float).ravel(), np.ravel(want), rtol=1e-12)


def test_expectation_kept_with_its_distribution() -> None:
    """A VAE's \\mathbb{E}_{q_\\phi(\\mathbf{z}|\\mathbf{x})}[...] of a number: the distribution stays in the reading (it
    was dropped, E(...))."""
    f = symdl.parse(r"\mathcal{L} = \mathbb{E}_{q_{\phi}(\mathbf{z}|\mathbf{x})}[\log p_{\theta}(\mathbf{x}|\mathbf{z})]")
    assert r"E_{q_{\phi}(\mathbf{z}|\mathbf{x})}" in str(f.statements[0].rhs)


@pytest.mark.parametrize("latex", [
    r"\sigma_N^2(\mathbf{x}) = \frac{1}{\beta} + \mathbf{x}^{\mathrm{T}} \mathbf{S}_N \mathbf{x}",
    r"s^2(x) = \beta^{-1} + \boldsymbol{\phi}(x)^T \mathbf{S} \boldsymbol{\phi}(x)",
    r"\sigma^2(\mathbf{x}_{N+1}) = c - \mathbf{k}^T \mathbf{C}_N^{-1} \mathbf{k}",
], ids=["bishop-3.59", "bishop-1.71", "bishop-6.67"])
def test_power_of_a_function_name_defined_at_a_point_is_one_function(latex: str) -> None:
    """Bishop's predictive variance σ_N²(x) = ...: it was σ_N² times the vector x, silently; then refused by name;
    since session 43 the definition names one function, the square part of its name (noted square-name)."""
    f = symdl.parse(latex)
    assert f.statements[0].kind == "definition"
    assert f.statements[0].lhs.func.__name__.startswith(("sigma^2", "s^2"))
    note = next(n for n in f.notes if n.rule == "square-name")
    assert note.span.start == 0
