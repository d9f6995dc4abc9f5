r"""Letters used as functions, and the values of unknown functions decided by their context (session 13, fifth part,
from a held-out sweep).  Each was read silently wrong:

- Bishop's GMM responsibilities ``\gamma(z_{nk})`` were γ times z_{nk}: a Greek letter never written alone, directly
  before one indexed name in parentheses, is a function of that entry (``call-indexed-argument``);
- the Dirac delta ``\delta(x - x_n)`` (Bishop's and Goodfellow et al.'s empirical densities) was δ times the
  difference: it is refused by name; Kronecker's ``\delta_{ij}`` reads;
- a function named with a power and applied (Bishop's ``\mathcal{N}(t | m(x), s^2(x))``) was s² times x: refused
  where it is applied as where it is defined;
- Goodfellow et al.'s complementary slackness ``\alpha_j h^{(j)}(\boldsymbol{x}) = 0`` made h^{(j)} one function for
  every j: j indexes α_j, a free index, so h^{(j)} is member j of a family (``function-family``);
- a plain function applied right after a transposed vector (cs229's ``\eta^T T(y)``, ``\mathbf{w}^T \phi(x)``)
  collapsed η to one number or was refused with a message about families: its value is a vector as long as the
  transposed one, their product a dot product (``function-dot-vector``);
- plain functions of vectors multiplied in a density's definition (Bishop's ``h(\mathbf{x}) g(\boldsymbol{\eta})``)
  were two columns side by side (refused): factors of a number, they are numbers (``function-number``).

Each row: the formula as its source writes it, the functions given to ``lambdify``, seeded inputs and plain numpy's
value, and the notes by rule; refusals name the construct and its span.  Letters that are numbers before a
parenthesis stay products.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy

import symdl
from tests.real_sources import assert_reads_as, assert_refused_at

RNG = np.random.default_rng(1305)
Z5, Z52, X53 = RNG.normal(size=5), RNG.normal(size=(5, 2)), RNG.normal(size=(5, 3))
W3, X3, ETA3 = RNG.normal(size=3), RNG.normal(size=3), RNG.normal(size=3)
A, B, C, D = RNG.normal(size=4)


def _responsibility_mean(z: np.ndarray, x: np.ndarray) -> np.ndarray:
    """Bishop's eq. 13.20 by numpy: row k is the γ(z_{nk})-weighted mean of the x_n (γ = exp here)."""
    g = np.exp(z)
    return (g.T @ x) / g.sum(axis=0)[:, None]


def _normaliser(v: np.ndarray) -> float:
    """A number of a vector, for b(y), h(x): the standard normal density's kernel."""
    v = np.ravel(v)  # symdl passes a column
    return float(np.exp(-v @ v / 2))


def _log_partition(v: np.ndarray) -> float:
    """A number of a vector, for a(η), g(η): the log-sum-exp."""
    return float(np.log(np.exp(np.ravel(v)).sum()))


# (id, source, latex, functions given, inputs, numpy's value, notes by rule)
CASES = [
    # -- a Greek letter before one indexed name: a function of that entry ------------------------------------------
    ("bishop-9.27-effective-count", "Bishop, PRML eq. 9.27: the effective number of points of component k",
     r"N_k = \sum_{n=1}^N \gamma(z_{nk})", {"gamma": np.exp}, {"z_k": Z5, "N": 5}, np.exp(Z5).sum(),
     ["call-indexed-argument"]),
    ("bishop-9.24-mean-1d", "Bishop, PRML eq. 9.24 for numbers x_n: component k's mean",
     r"\mu_k = \frac{1}{N_k}\sum_{n=1}^N \gamma(z_{nk}) x_n", {"gamma": np.exp},
     {"z_k": Z5, "x": X53[:, 0], "N": 5, "N_k": 2.5}, (np.exp(Z5) * X53[:, 0]).sum() / 2.5,
     ["call-indexed-argument"]),
    ("bishop-9.24-mean", "Bishop, PRML eq. 9.24: component k's mean, the responsibilities weighting the x_n",
     r"\boldsymbol{\mu}_k = \frac{1}{N_k}\sum_{n=1}^N \gamma(z_{nk}) \mathbf{x}_n", {"gamma": np.exp},
     {"z_k": Z5, r"\mathbf{x}": X53, "N": 5, "N_k": 2.5}, np.exp(Z5) @ X53 / 2.5,
     ["call-indexed-argument", "family-rows"]),
    ("bishop-13.20-hmm-means", "Bishop, PRML eq. 13.20: the HMM's Gaussian emission means",
     r"\boldsymbol{\mu}_k = \frac{\sum_{n=1}^N \gamma(z_{nk})\mathbf{x}_n}{\sum_{n=1}^N \gamma(z_{nk})}",
     {"gamma": np.exp}, {"z": Z52, r"\mathbf{x}": X53, "N": 5}, _responsibility_mean(Z52, X53),
     ["family-rows", "call-indexed-argument", "call-indexed-argument"]),
    ("bishop-9.25-covariance", "Bishop, PRML eq. 9.25: component k's covariance",
     r"\boldsymbol{\Sigma}_k = \frac{1}{N_k}\sum_{n=1}^N \gamma(z_{nk})(\mathbf{x}_n - \boldsymbol{\mu}_k)"
     r"(\mathbf{x}_n - \boldsymbol{\mu}_k)^T", {"gamma": np.exp},
     {"z_k": Z5, r"\mathbf{x}": X53, r"\boldsymbol{\mu}_k": X3, "N": 5, "N_k": 2.5},
     (np.exp(Z5)[:, None] * (X53 - X3)).T @ (X53 - X3) / 2.5, ["call-indexed-argument", "family-outer"]),
    # -- letters that are numbers before a parenthesis stay products ----------------------------------------------
    ("bernoulli-variance", "the variance of a Bernoulli variable", r"v = \gamma(1-\gamma)", {}, {r"\gamma": 0.3},
     0.3 * 0.7, []),
    ("lambda-times-a-sum", "a multiplier times a sum", r"y = \lambda(a+b)", {}, {r"\lambda": A, "a": B, "b": C},
     A * (B + C), []),
    ("weight-decay-step", "a gradient step with L2 weight decay",
     r"\mathbf{w} = \mathbf{w} - \eta(\mathbf{g} + \lambda \mathbf{w})", {},
     {r"\mathbf{w}": W3, r"\mathbf{g}": X3, r"\eta": 0.1, r"\lambda": 0.01}, W3 - 0.1 * (X3 + 0.01 * W3), []),
    ("a-coefficient-also-alone", "a coefficient written alone too stays one before an entry",
     r"y = \gamma a + \gamma(x_i)", {}, {r"\gamma": A, "a": B, "x": np.array([C, D])}, A * B + A * np.array([C, D]), []),
    ("power-times-a-bracket", "a power of a name before a bracket of a sum", r"y = a^2(b + c)", {},
     {"a": A, "b": B, "c": C}, A**2 * (B + C), []),
    # -- Kronecker's delta reads --------------------------------------------------------------------------------------
    ("kronecker-sum", "the Kronecker delta picks an entry", r"y = \sum_j \delta_{ij} x_j", {}, {"x": X3}, X3, []),
    # -- a function right after a transposed vector: a vector, their product a dot product ------------------------
    ("cs229-exponential-family", "cs229 notes, part III, eq. 6: the exponential family",
     r"p(y; \eta) = b(y) \exp(\eta^T T(y) - a(\eta))", {"b": np.exp, "a": np.sum},
     {"y": A, r"\eta": ETA3, "T(y)": X3}, np.exp(A) * np.exp(ETA3 @ X3 - ETA3.sum()),
     ["greek-transpose", "function-dot-vector", "function-number"]),
    ("cs229-exponential-family-vector", "cs229 notes, part III, eq. 6 for a vector y: b(y), a(η) are numbers",
     r"p(\mathbf{y}; \boldsymbol{\eta}) = b(\mathbf{y}) \exp(\boldsymbol{\eta}^T T(\mathbf{y}) - "
     r"a(\boldsymbol{\eta}))", {"b": _normaliser, "a": _log_partition},
     {r"\mathbf{y}": X3, r"\boldsymbol{\eta}": ETA3, r"T(\mathbf{y})": W3},
     _normaliser(X3) * np.exp(ETA3 @ W3 - _log_partition(ETA3)),
     ["function-number", "function-dot-vector", "function-number"]),
    ("bishop-2.194-exponential-family", "Bishop, PRML eq. 2.194: h(x), g(η) factors of a density, numbers",
     r"p(\mathbf{x}|\boldsymbol{\eta}) = h(\mathbf{x}) g(\boldsymbol{\eta}) \exp\{\boldsymbol{\eta}^T "
     r"\mathbf{u}(\mathbf{x})\}", {"h": _normaliser, "g": _log_partition},
     {r"\mathbf{x}": X3, r"\boldsymbol{\eta}": ETA3, r"\mathbf{u}(\mathbf{x})": W3},
     _normaliser(X3) * _log_partition(ETA3) * np.exp(ETA3 @ W3),
     ["function-number", "function-number", "function-vector"]),
    ("bishop-3.3-plain-phi", "Bishop, PRML eq. 3.3 with the basis functions written plain",
     r"y = \mathbf{w}^T \phi(x)", {}, {r"\mathbf{w}": W3, "x": A, r"\phi(x)": X3}, W3 @ X3,
     ["function-dot-vector"]),
    ("linear-score", "a linear score of features f(x)", r"s = \mathbf{w}^T f(x)", {},
     {r"\mathbf{w}": W3, "x": A, "f(x)": X3}, W3 @ X3, ["function-dot-vector"]),
    ("cs229-kernel-svm", "cs229 notes, part V (kernels): the SVM's output in the feature space",
     r"y = w^T \phi(x) + b", {}, {"w": W3, "x": A, r"\phi(x)": X3, "b": B}, W3 @ X3 + B, ["function-dot-vector"]),
    ("structured-score", "a global linear model's score of a pair (x, y), Collins' features Φ(x, y)",
     r"s = \mathbf{w}^T \Phi(x, y)", {}, {r"\mathbf{w}": W3, "x": A, "y": B, r"\Phi(x, y)": X3}, W3 @ X3,
     ["function-dot-vector"]),
    ("collins-global-linear-model", "Collins' global linear models: the score w · Φ(x, y) of a candidate y",
     r"s = \mathbf{w} \cdot \Phi(x, y)", {}, {r"\mathbf{w}": W3, "x": A, "y": B, r"\Phi(x, y)": X3}, W3 @ X3,
     ["function-dot-vector"]),
    ("bishop-3.3-bold-phi", "Bishop, PRML eq. 3.3: the bold basis functions stay vector-valued",
     r"y(\mathbf{x}, \mathbf{w}) = \mathbf{w}^T \boldsymbol{\phi}(\mathbf{x})", {},
     {r"\mathbf{x}": X3, r"\mathbf{w}": W3, r"\boldsymbol{\phi}(\mathbf{x})": ETA3}, W3 @ ETA3, ["function-vector"]),
    ("entrywise-after-a-row", "a function of a vector after a row stays entry by entry",
     r"y = \mathbf{w}^T g(\mathbf{x})", {"g": np.tanh}, {r"\mathbf{w}": W3, r"\mathbf{x}": X3}, W3 @ np.tanh(X3),
     ["function-entrywise"]),
]


@pytest.mark.parametrize(("latex", "functions", "inputs", "want", "rules"), [r[2:] for r in CASES],
                         ids=[r[0] for r in CASES])
def test_reads_as_its_source_means(latex: str, functions: dict, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules, functions=functions)


def test_exponential_family_natural_parameter_is_a_vector() -> None:
    """cs229's η^T T(y): η is a vector (it collapsed to 1×1), a(η) a number (the log partition function)."""
    f = symdl.parse(r"p(y; \eta) = b(y) \exp(\eta^T T(y) - a(\eta))")
    rows, cols = f.shapes[r"\eta"] if r"\eta" in f.shapes else f.shapes["eta"]
    assert cols == 1 and rows != 1


# (id, source, latex, the function family's name, its index)
FREE_INDEX = [
    ("goodfellow-complementary-slackness", "Goodfellow et al., sec. 4.4: complementary slackness of the KKT conditions",
     r"\alpha_j h^{(j)}(\boldsymbol{x}) = 0", "h", "j"),
    ("goodfellow-slackness-at-optimum", "Goodfellow et al., sec. 4.4: the same at the optimum x*",
     r"\alpha_j h^{(j)}(\boldsymbol{x}^*) = 0", "h", "j"),
    ("equality-constraint-multiplier", "Goodfellow et al., eq. 4.14's equality term for one constraint i",
     r"\lambda_i g^{(i)}(\boldsymbol{x}) = 0", "g", "i"),
]


@pytest.mark.parametrize(("latex", "name", "index"), [r[2:] for r in FREE_INDEX], ids=[r[0] for r in FREE_INDEX])
def test_a_free_index_makes_a_family_of_functions(latex: str, name: str, index: str) -> None:
    f = symdl.parse(latex)
    assert [n.rule for n in f.notes] == ["function-family"]
    [call] = [c for c in f.statements[0].lhs.atoms(sympy.Function) if type(c).__name__ == name]
    [entry] = f.statements[0].lhs.atoms(sympy.Indexed)
    assert call.args[0] == entry.indices[0] == sympy.Symbol(index, integer=True)  # member j, j of α_j


# (id, source, latex, the construct the refusal names, the text its span covers)
REFUSED = [
    ("bishop-empirical-density", "Bishop, PRML sec. 2.5: the empirical density of N points",
     r"p(x) = \frac{1}{N}\sum_{n=1}^N \delta(x - x_n)", "the Dirac delta", r"\delta(x - x_n)"),
    ("goodfellow-3.28", "Goodfellow et al., eq. 3.28: the empirical distribution",
     r"\hat{p}(\boldsymbol{x}) = \frac{1}{m}\sum_{i=1}^m \delta(\boldsymbol{x} - \boldsymbol{x}^{(i)})",
     "the Dirac delta", r"\delta(\boldsymbol{x} - \boldsymbol{x}^{(i)})"),
    ("goodfellow-3.27", "Goodfellow et al., eq. 3.27: all mass at μ", r"p(x) = \delta(x - \mu)", "the Dirac delta",
     r"\delta(x - \mu)"),
    ("murphy-empirical-measure", "Murphy, MLaPP sec. 2.4.5: the empirical distribution as Dirac measures",
     r"p_{\mathrm{emp}}(A) = \frac{1}{N}\sum_{i=1}^N \delta_{x_i}(A)", "the Dirac delta", r"\delta_{x_i}(A)"),
    ("unit-impulse", "the unit impulse at t = 0", r"y = \delta(t)", "the Dirac delta", r"\delta(t)"),
    ("bishop-3.58", "Bishop, PRML eq. 3.58: the predictive distribution, the variance applied",
     r"p(t | \mathbf{x}, \mathbf{t}, \alpha, \beta) = \mathcal{N}(t | \mathbf{m}_N^T \boldsymbol{\phi}(\mathbf{x}), "
     r"\sigma_N^2(\mathbf{x}))", "a function named with a power", r"\sigma_N^2(\mathbf{x})"),
    ("bishop-1.69", "Bishop, PRML eq. 1.69: the Bayesian curve fit's predictive distribution",
     r"p(t | x, \mathbf{x}, \mathbf{t}) = \mathcal{N}(t | m(x), s^2(x))", "a function named with a power", r"s^2(x)"),
    ("log-linear-model", "a log-linear model's normaliser: features of each label y' (Collins' notes)",
     r"p(y | x; \mathbf{w}) = \frac{\exp(\mathbf{w}^T f(x, y))}{\sum_{y'} \exp(\mathbf{w}^T f(x, y'))}",
     "of a sum's index", r"f(x, y')"),
]


@pytest.mark.parametrize(("latex", "what", "text"), [r[2:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_refused_by_name(latex: str, what: str, text: str) -> None:
    assert_refused_at(latex, what, text)
