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
