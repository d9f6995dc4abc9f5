"""Code read as numpy runs it, session 30 (issue 12; refused or misread on held-out set 32).

- ``matrix-axis``: a reduction over one axis of a matrix (Ng's ``np.sum(dZ, axis=1, keepdims=True)``, cs231n's
  ``X - np.mean(X, axis=0)``): each row's or each column's value (it was refused); a column or row divisor broadcasts;
- ``escaped-newline``: code pasted with its line breaks escaped (``dW = ...\\ndW += reg*W``): it was refused;
- ``code-name`` in Python: letters side by side are one identifier (``Xc``): it was the product X·c.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_values_noted

RNG = np.random.default_rng(3032)
X, DZ = RNG.normal(size=(6, 3)), RNG.normal(size=(3, 5))
Q, K, V = RNG.normal(size=(4, 3)), RNG.normal(size=(5, 3)), RNG.normal(size=(5, 2))
W, DS = RNG.normal(size=(3, 4)), RNG.normal(size=(6, 4))


def _softmax_rows(s: np.ndarray) -> np.ndarray:
    e = np.exp(s - s.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


# (id, source, code, inputs, the name read back (None: the only value), what numpy computes, the rule noted)
VALUES: list[tuple[str, str, str, dict[str, Any], str | None, Any, str]] = [
    ("ng-bias-gradient", "Ng, C1W3 planar data: db = 1/m * np.sum(dZ, axis=1, keepdims=True)",
     "db = 1/m * np.sum(dZ, axis=1, keepdims=True)", {"m": 5.0, "dZ": DZ}, None, DZ.sum(1) / 5, "matrix-axis"),
    ("cs231n-zero-center", "cs231n, data preprocessing: X - np.mean(X, axis=0)",
     "Xc = X - np.mean(X, axis=0)", {"X": X}, None, X - X.mean(0), "matrix-axis"),
    ("column-sums", "a capital's column sums as a method", "s = X.sum(axis=0)", {"X": X}, None, X.sum(0),
     "matrix-axis"),
    ("batchnorm-mean", "cs231n's batch norm: mu = 1./N * np.sum(x, axis=0)", "mu = 1./N * np.sum(X, axis=0)",
     {"X": X, "N": 6.0}, None, X.mean(0), "matrix-axis"),
    ("column-variance", "np.var over the batch axis", "v = np.var(X, axis=0)", {"X": X}, None, X.var(0),
     "matrix-axis"),
    ("row-std", "np.std over the features, kept", "S = np.std(X, axis=1, keepdims=True)", {"X": X}, None, X.std(1),
     "matrix-axis"),
    ("numpy-softmax-rows", "cs231n's softmax classifier: probs = exp_scores / np.sum(exp_scores, axis=1, ...)",
     "E = np.exp(S)\nP = E / np.sum(E, axis=1, keepdims=True)", {"S": X}, "P", _softmax_rows(X), "matrix-axis"),
    ("escaped-cs231n", "cs231n's linear classifier gradient pasted from a notebook's JSON",
     "dW = np.dot(X.T, dscores)\\ndW += reg*W", {"X": X, "dscores": DS, "reg": 0.1, "W": W}, "dW", X.T @ DS + 0.1 * W,
     "escaped-newline"),
    ("escaped-momentum", "cs231n's momentum update, escaped", "v = mu * v - lr * dx\\nx += v",
     {"mu": 0.9, "v": 0.5, "lr": 0.1, "dx": 2.0, "x": 1.0}, "x", 1.0 + 0.9 * 0.5 - 0.2, "escaped-newline"),
    ("python-identifier", "a centred copy named Xc", "Xc = X - np.mean(X, axis=0)", {"X": X}, None, X - X.mean(0),
     "code-name"),
]


@pytest.mark.parametrize(("code", "args", "name", "want", "rule"), [v[2:] for v in VALUES],
                         ids=[v[0] for v in VALUES])
def test_value(code: str, args: dict[str, Any], name: str | None, want: Any, rule: str) -> None:
    assert_values_noted(code, args, {name or "": want}, (rule,))


def test_matrix_axis_replaces_the_vector_note() -> None:
    """The reader's note said 'read as a vector'; for a matrix the binder's matrix-axis note says what was read."""
    code = "db = 1/m * np.sum(dZ, axis=1, keepdims=True)"
    rules = [n.rule for n in symdl.parse(code).notes]
    assert "matrix-axis" in rules and "code-reduction" not in rules
    (n,) = [n for n in symdl.parse(code).notes if n.rule == "matrix-axis"]
    assert "each row" in n.message


def test_gradient_through_column_sums() -> None:
    """d/dW of the squared column sums is 2 (1ᵀW) broadcast down the rows."""
    code = "np.sum(np.sum(W, axis=0, keepdims=True) ** 2)"
    w = RNG.normal(size=(3, 4))
    g = symdl.lambdify(symdl.diff(code, "W").expr)(W=w)
    np.testing.assert_allclose(np.asarray(g, dtype=float), 2 * np.ones((3, 1)) @ w.sum(0, keepdims=True), rtol=1e-12)


@pytest.mark.parametrize("latex", [r"y = \nabla f(x) + \nu", r"a \neq b \\ y = x"], ids=["nabla-nu", "neq"])
def test_tex_commands_starting_with_n_stay(latex: str) -> None:
    try:
        rules = {n.rule for n in symdl.parse(latex).notes}
    except symdl.SymdlError:
        return  # refused for its own reason, not read as a line break
    assert "escaped-newline" not in rules


def test_tex_products_stay_products() -> None:
    """Outside Python, letters side by side stay TeX's product (W x)."""
    f = symdl.parse("y = Wx + b")
    assert "W" in f.shapes and "x" in f.shapes


def test_gain_of_a_normalised_name_is_per_feature() -> None:
    """The JAX docs' RMSNorm: scale = rsqrt(mean(x²) + ε), then y = x * scale * weight: weight one gain per feature
    (it was one number), the computed scale a number."""
    x, w = np.array([0.5, -1.0, 2.0]), np.array([1.0, 0.5, 2.0])
    f = symdl.parse("scale = jax.lax.rsqrt(jnp.mean(jnp.square(x), axis=-1, keepdims=True) + 1e-6)\n"
                    "y = x * scale * weight")
    np.testing.assert_allclose(np.ravel(symdl.lambdify(f)(x=x, weight=w)["y"]), x / np.sqrt(np.mean(x**2) + 1e-6) * w,
                               rtol=1e-12)
    assert "weight" in f.shapes and "scale" not in f.shapes


@pytest.mark.parametrize("latex", [
    r"y_i = \frac{x_i}{\mathrm{RMS}(x)} * \gamma_i, \quad \text{where} \quad \text{RMS}(x) = "
    r"\sqrt{\epsilon + \frac{1}{n} \sum_{i=1}^{n} x_i^2}",
    r"\text{RMS}(x) = \sqrt{\epsilon + \frac{1}{n} \sum_{i=1}^{n} x_i^2} \\ y_i = \frac{x_i}{\mathrm{RMS}(x)} \gamma_i",
], ids=["where-clause-after", "definition-first"])
def test_a_defined_known_function_is_used_as_defined(latex: str) -> None:
    """Zhang & Sennrich's RMSNorm with ε inside the root: the use of RMS is the formula's own definition (it was the
    built-in root mean square, without ε, silently)."""
    x, g = np.array([0.5, -1.0, 2.0]), np.array([1.0, 0.5, 2.0])
    f = symdl.parse(latex)
    got = symdl.lambdify(f)(x=x, n=3, **{r"\gamma": g, r"\epsilon": 0.1})["y"]
    np.testing.assert_allclose(np.ravel(got), x / np.sqrt(0.1 + np.mean(x**2)) * g, rtol=1e-12)
    assert "own-definition" in {n.rule for n in f.notes}


def test_a_function_used_before_its_definition_evaluates() -> None:
    assert float(symdl.lambdify(symdl.parse(r"y = f(z) + 1 \\ f(x) = x^2 + 1"))(z=2.0)["y"]) == 6.0


@pytest.mark.parametrize(("code", "args", "want"), [
    ("def tanh_backward(x, g):\n    return g * (1 - x ** 2)", {"x": 0.5, "g": 2.0}, 2.0 * 0.75),
    ("def backward(self, d_out):\n    return d_out * (1 - self.out ** 2)", {"d_out": 2.0, "out": 0.5}, 1.5),
], ids=["function-word-in-name", "underscored-argument"])
def test_python_defs_with_code_names(code: str, args: dict[str, float], want: float) -> None:
    """cs231n-style backward functions: a name holding a function's word (tanh_backward) and an argument with an
    underscore (d_out) still make a definition (they were refused at the ':')."""
    f = symdl.parse(code)
    assert "code-def" in {n.rule for n in f.notes}
    assert f.statements[0].kind == "definition"
    got = symdl.lambdify(f)(**args)
    assert float(np.ravel(list(got.values())[-1] if isinstance(got, dict) else got)[0]) == pytest.approx(want)


@pytest.mark.parametrize(("code", "args", "want"), [
    ("1. s ← ρs + (1 − ρ) g ⊙ g\n2. θ ← θ − η g ⊘ √(s + ε)",
     {"g": np.array([0.5, -1.0]), "θ": np.array([1.0, 2.0]), "s": np.array([0.1, 0.2]), "ρ": 0.9, "η": 0.1,
      "ε": 1e-8}, None),
], ids=["geron-rmsprop"])
def test_numbered_algorithm_with_elementwise_division(code: str, args: dict[str, Any], want: Any) -> None:
    """Géron's RMSProp: numbered steps (step-number) and ⊘, the element-wise division (both were refused)."""
    f = symdl.parse(code)
    assert "step-number" in {n.rule for n in f.notes}
    g, th, s0 = args["g"], args["θ"], args["s"]
    s1 = 0.9 * s0 + 0.1 * g * g
    got = symdl.lambdify(f)(g=g, s=s0, **{"θ": th, "ρ": 0.9, "η": 0.1, "ε": 1e-8})
    np.testing.assert_allclose(np.ravel(list(got.values())[-1]), th - 0.1 * g / np.sqrt(s1 + 1e-8), rtol=1e-12)


def test_svd_factors_are_matrices() -> None:
    """X = U Σ V^T: U and Σ matrices (they were numbers scaling V^T)."""
    f = symdl.parse(r"X = U \Sigma V^\top")
    u, sig, v = RNG.normal(size=(4, 3)), np.diag([3.0, 2.0, 1.0]), RNG.normal(size=(5, 3))
    got = symdl.lambdify(f)(U=u, V=v, **{r"\Sigma": sig})
    np.testing.assert_allclose(np.asarray(got, dtype=float), u @ sig @ v.T, rtol=1e-12)


def test_doubled_capital_in_code_is_one_name() -> None:
    """cs231n's convolution output size: HH, the filter height, is one name (it was H·H); in TeX, AA stays A·A."""
    f = symdl.parse("H' = 1 + (H + 2 * pad - HH) / stride")
    assert float(symdl.lambdify(f)(H=32.0, pad=1.0, HH=3.0, stride=1.0)) == 32.0
    assert "code-name" in {n.rule for n in f.notes}
    assert "letters-product" in {n.rule for n in symdl.parse("y = AA + B").notes}
