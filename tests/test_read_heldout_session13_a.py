r"""Letters used as functions, and superscripts on functions (session 13, from a held-out sweep): Nielsen's
``\sigma^{-1} \circ f(x)`` was (1/σ)·f(x), cs229's ``\varepsilon(\hat{h})`` the product ε·ĥ, SE-Net's
``\delta(\mathbf{W}_1 \mathbf{z})`` a number times W₁z and Goodfellow et al.'s ``g^{(i)}(\boldsymbol{x})`` one g for
every i — all silently.  Now ``\circ`` between functions is a composition (``circ-composition``), the inverse of a
function with no closed form is refused by name, a letter used only before differing arguments is a function
(``call-by-use``), a lower-case Greek letter before a matrix-vector product, a bold vector or a sum of calls is an
activation (``call-activation``), and a parenthesised superscript on a function is a family summed over
(``function-family``) or a function named with its index (``function-index-name``).  Letters that are numbers
before a parenthesis stay products.  Each row: the formula as its source writes it, the functions given to
``lambdify``, seeded inputs and plain numpy's value, and the notes by rule; refusals name the construct and span."""

from __future__ import annotations

import numpy as np
import pytest
import sympy

import symdl
from tests.real_sources import assert_refused_at

RNG = np.random.default_rng(13)
X3, Z4 = RNG.normal(size=3), RNG.normal(size=4)
W1, W2 = RNG.normal(size=(3, 4)), RNG.normal(size=(4, 3))
A, B, C, D = RNG.normal(size=4)


def _sig(t: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-t))


def _relu(t: np.ndarray) -> np.ndarray:
    return np.maximum(t, 0)


# (id, source, latex, functions given, inputs, numpy's value, notes by rule)
CASES = [
    # -- composition: \circ between functions --------------------------------------------------------------------
    ("nielsen-logit-of-f", "Nielsen, ch. 4: the logit composed with the network's f",
     r"\sigma^{-1} \circ f(x)", {"f": _sig}, {"x": 0.3}, 0.3, ["inverse-function", "circ-composition"]),
    ("composition-bracketed", "the composition of two functions, as analysis writes it",
     r"y = (g \circ f)(x)", {"f": np.tanh, "g": np.exp}, {"x": A}, np.exp(np.tanh(A)), ["circ-composition"]),
    ("composition-of-a-call", "a function of a function's value, with \\circ",
     r"y = f \circ g(x)", {"f": np.sin, "g": np.exp}, {"x": B}, np.sin(np.exp(B)), ["circ-composition"]),
    ("flow-two-steps", "Rezende & Mohamed (2015), eq. 6: two steps of a normalizing flow",
     r"\mathbf{x} = f_2 \circ f_1(\mathbf{z}_0)", {"f_2": np.sin, "f_1": np.tanh}, {r"\mathbf{z}_0": X3},
     np.sin(np.tanh(X3)), ["circ-composition", "function-entrywise", "function-entrywise"]),
    ("tanh-of-a-function", "a known function composed with an unknown one",
     r"y = \tanh \circ f(x)", {"f": np.exp}, {"x": C}, np.tanh(np.exp(C)), ["circ-composition"]),
    # -- call by use: a letter only ever before differing arguments ------------------------------------------------
    ("cs229-generalisation-bound", "cs229 notes (learning theory), the bound on the chosen hypothesis' error",
     r"\varepsilon(\hat{h}) \leq \varepsilon(h^*) + 2\gamma", {"varepsilon": np.exp},
     {"hhat": A, "h^*": B, "gamma": 0.1}, [np.exp(A), np.exp(B) + 0.2], ["call-by-use", "call-by-use"]),
    ("cs229-empirical-risk-minimiser", "cs229 notes (learning theory): ĥ minimises the training error",
     r"\hat{\varepsilon}(\hat{h}) \leq \hat{\varepsilon}(h^*)", {"varepsilonhat": np.sin},
     {"hhat": A, "h^*": B}, [np.sin(A), np.sin(B)], ["call-by-use", "call-by-use"]),
    # -- activation: a Greek letter before a matrix-vector product, a bold vector or a sum of calls ----------------
    ("senet-excitation", "Hu et al., SE-Net, eq. 3: δ is the ReLU",
     r"\mathbf{s} = \sigma(\mathbf{W}_2 \delta(\mathbf{W}_1 \mathbf{z}))", {"delta": _relu},
     {r"\mathbf{W}_1": W1, r"\mathbf{W}_2": W2, r"\mathbf{z}": Z4}, _sig(W2 @ _relu(W1 @ Z4)),
     ["call-activation", "function-entrywise"]),
    ("deep-sets", "Zaheer et al., Deep Sets, Thm. 2: ρ of the sum of φ over the set",
     r"f = \rho(\sum_i \phi(x_i))", {"rho": np.tanh, "phi": np.exp}, {"x": X3}, np.tanh(np.exp(X3).sum()),
     ["call-activation"]),
    ("activation-of-a-bold-vector", "SE-Net's gating, δ of a bold vector",
     r"\mathbf{u} = \mathbf{W}_2 \delta(\mathbf{z})", {"delta": _relu}, {r"\mathbf{W}_2": W2, r"\mathbf{z}": X3},
     W2 @ _relu(X3), ["call-activation", "function-entrywise"]),
    # -- superscripts on functions ----------------------------------------------------------------------------------
    ("goodfellow-chain", "Goodfellow et al., sec. 6: a network as a chain of three functions",
     r"y = f^{(3)}(f^{(2)}(f^{(1)}(x)))", {"f^(3)": np.sin, "f^(2)": np.exp, "f^(1)": np.tanh}, {"x": C},
     np.sin(np.exp(np.tanh(C))), []),
    # -- letters that are numbers before a parenthesis stay products -------------------------------------------------
    ("weight-decay-step", "a gradient step with L2 weight decay", r"\mathbf{w} = \mathbf{w} - \eta (\mathbf{g} + "
     r"\lambda \mathbf{w})", {}, {r"\mathbf{w}": X3, r"\mathbf{g}": X3[::-1], r"\eta": 0.1, r"\lambda": 0.01},
     X3 - 0.1 * (X3[::-1] + 0.01 * X3), []),
    ("lambda-times-a-sum", "a multiplier times a sum", r"y = \lambda (a+b)", {}, {r"\lambda": A, "a": B, "b": C},
     A * (B + C), []),
    ("bernoulli-variance", "the variance of a Bernoulli variable", r"v = \beta(1-\beta)", {}, {r"\beta": 0.3},
     0.3 * 0.7, []),
    ("dropout-variance", "the variance of a dropout mask", r"v = \alpha (1 - \alpha)", {}, {r"\alpha": 0.2},
     0.2 * 0.8, []),
    ("latin-times-a-sum", "a Latin letter before a sum", r"y = w(x+1)", {}, {"w": A, "x": B}, A * (B + 1), []),
    ("coefficient-before-a-residual", "a multiplier before a residual of matrices",
     r"\mathbf{r} = \lambda(\mathbf{A}\mathbf{x} - \mathbf{b})", {},
     {r"\lambda": 0.5, r"\mathbf{A}": W1, r"\mathbf{x}": Z4, r"\mathbf{b}": X3}, 0.5 * (W1 @ Z4 - X3), []),
    ("a-factor-twice", "one coefficient before two differing brackets", r"y = \gamma(a - b) + \gamma(c - d)", {},
     {r"\gamma": 0.5, "a": A, "b": B, "c": C, "d": D}, 0.5 * (A - B) + 0.5 * (C - D), []),
    ("sigmoid-derivative", "the sigmoid's derivative as σ(1 - σ)", r"d = \sigma(1-\sigma)", {}, {r"\sigma": 0.3},
     0.3 * 0.7, ["product-of-itself"]),
    ("lstm-gates", "Hochreiter & Schmidhuber's cell update as Graves writes it, ∘ of gate vectors",
     r"\mathbf{c} = \mathbf{f} \circ \mathbf{c}_0 + \mathbf{i} \circ \mathbf{g}", {},
     {r"\mathbf{f}": X3, r"\mathbf{c}_0": X3[::-1], r"\mathbf{i}": _sig(X3), r"\mathbf{g}": np.tanh(X3)},
     X3 * X3[::-1] + _sig(X3) * np.tanh(X3), []),
]


@pytest.mark.parametrize(("latex", "functions", "inputs", "want", "rules"), [r[2:] for r in CASES],
                         ids=[r[0] for r in CASES])
def test_functions_read_as_functions(latex: str, functions: dict, inputs: dict, want: object, rules: list[str]) -> None:
    formula = symdl.parse(latex)
    assert [n.rule for n in formula.notes] == rules
    fn = symdl.lambdify(formula, functions=functions)
    if formula.statements and formula.statements[0].kind == "inequality":  # each side at the inputs
        st = formula.statements[0]
        got = [symdl.lambdify(side, functions=functions)(**{k: v for k, v in inputs.items()
                                                             if k in {str(s) for s in side.free_symbols}})
               for side in (st.lhs, st.rhs)]  # inputs by the sides' symbol names
    else:
        got = fn(**inputs)
    np.testing.assert_allclose(np.asarray(got, dtype=float).ravel(), np.asarray(want, dtype=float).ravel(),
                               rtol=1e-12)


def _calls(f: symdl.Formula, name: str) -> list[sympy.Basic]:
    return [c for st in f.statements for c in st.rhs.atoms(sympy.Function) if type(c).__name__ == name]


# (id, source, latex, the family's name, its index, how many members are noted)
FAMILIES = [
    ("goodfellow-4.14", "Goodfellow et al., eq. 4.14: the generalized Lagrangian's constraint terms",
     r"\sum_i \lambda_i g^{(i)}(\boldsymbol{x}) + \sum_j \alpha_j h^{(j)}(\boldsymbol{x})", "g", "i", 2),
    ("goodfellow-lagrangian", "Goodfellow et al., eq. 4.14 with its left side",
     r"L(\boldsymbol{x}, \boldsymbol{\lambda}, \boldsymbol{\alpha}) = f(\boldsymbol{x}) + \sum_i \lambda_i "
     r"g^{(i)}(\boldsymbol{x}) + \sum_j \alpha_j h^{(j)}(\boldsymbol{x})", "h", "j", 2),
    ("bounded-constraints", "m equality constraints, summed with their multipliers",
     r"\sum_{i=1}^{m} \lambda_i g^{(i)}(x)", "g", "i", 1),
]


@pytest.mark.parametrize(("latex", "name", "index", "noted"), [r[2:] for r in FAMILIES], ids=[r[0] for r in FAMILIES])
def test_superscripted_functions_vary_with_the_summed_index(latex: str, name: str, index: str, noted: int) -> None:
    f = symdl.parse(latex)
    assert [n.rule for n in f.notes].count("function-family") == noted
    [call] = _calls(f, name)
    [total] = [s for st in f.statements for s in st.rhs.atoms(sympy.Sum)
               if index in {str(v) for v, *_ in s.limits}]
    assert call.args[0] == total.limits[0][0] == sympy.Symbol(index, integer=True)  # the i-th member, i summed


def test_a_superscripted_function_no_sum_runs_over_is_named_with_its_index() -> None:
    """Goodfellow et al., sec. 4.4, an inequality constraint h^{(j)}(x) \\leq 0: h^{(j)} is the j-th constraint's
    function, named with its index (not one h for every j, silently); noted.  Where j also indexes another name,
    complementary slackness α_j h^{(j)}(x) = 0, h^{(j)} is member j of a family (tests/test_read_heldout_session13_e)."""
    f = symdl.parse(r"h^{(j)}(\boldsymbol{x}) \leq 0")
    assert [n.rule for n in f.notes] == ["function-index-name", "function-entrywise"]
    assert "h^(j)" in {type(c).__name__ for c in f.statements[0].lhs.atoms(sympy.Function)} | {
        str(c.func) for c in f.statements[0].lhs.atoms(sympy.Function)}


# (id, source, latex, the construct the refusal names, the text its span covers)
REFUSED = [
    ("psi-inverse", "an inverse with no closed form", r"y = \psi^{-1}(x)", "the inverse function of \\psi",
     r"\psi^{-1}(x)"),
    ("bishop-link-function", "Bishop, PRML sec. 4.3.6: f^{-1} is the link function",
     r"\eta = f^{-1}(\mathbf{w}^T \boldsymbol{\phi})", "the inverse function of f", r"f^{-1}(\mathbf{w}^T \boldsymbol{\phi})"),
    ("probit", "Bishop, PRML sec. 4.3.5: the inverse probit", r"a = \Phi^{-1}(p)", "the inverse function of \\Phi",
     r"\Phi^{-1}(p)"),
    ("cs229-min-inside", "cs229 notes (learning theory): the best hypothesis' error inside a bound",
     r"\varepsilon(\hat{h}) \leq \left(\min_{h \in \mathcal{H}} \varepsilon(h)\right) + 2\gamma",
     "an optimisation objective", r"\min"),
    ("siren-composition-with-dots", "Sitzmann et al., SIREN, eq. 1: a composition written with \\ldots",
     r"\Phi(\mathbf{x}) = \mathbf{W}_n(\phi_{n-1} \circ \phi_{n-2} \circ \ldots \circ \phi_0)(\mathbf{x}) + "
     r"\mathbf{b}_n", "function composition", r"(\phi_{n-1} \circ \phi_{n-2} \circ \ldots \circ \phi_0)(\mathbf{x})"),
    ("flow-composition-with-dots", "Rezende & Mohamed (2015), eq. 6: K steps of a normalizing flow",
     r"\mathbf{z}_K = f_K \circ \cdots \circ f_2 \circ f_1(\mathbf{z}_0)", "\\dots", r"\cdots"),
]


@pytest.mark.parametrize(("latex", "what", "text"), [r[2:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_refused_by_name(latex: str, what: str, text: str) -> None:
    assert_refused_at(latex, what, text)
