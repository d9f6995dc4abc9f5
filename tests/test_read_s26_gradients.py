"""Hand-derived gradients (session 26): a gradient of a number set equal to its value is shaped as the name it is by.

cs231n's backprop notes and CS224n's word2vec gradients write ``\\frac{\\partial L}{\\partial W} = \\delta x^T`` (an
outer product), ``\\frac{\\partial L}{\\partial x} = W^T \\delta``, ``\\frac{\\partial J}{\\partial v_c} = U(\\hat{y}
- y)``; before, the plain names stayed numbers (a scaled row, a scaled matrix, a product of numbers) with no note, and
a declared ``W \\in \\mathbb{R}^{m \\times n}`` was read as 1×n.  Values are checked against plain numpy; the notes by
rule (``gradient-shape``, ``capital-matrix``).
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_reads_as

RNG = np.random.default_rng(2605)
D3, X4, W34, Y3, YH3 = (RNG.normal(size=s) for s in ((3,), (4,), (3, 4), (3,), (3,)))
U53, DY23, X24, W34b = RNG.normal(size=(5, 3)), RNG.normal(size=(2, 3)), RNG.normal(size=(2, 4)), RNG.normal(size=(4, 3))
GS, CM, UP, ROW = "gradient-shape", "capital-matrix", "upstream-gradient", "vector-row"
DL_DZ = r"\frac{\partialL}{\partialz}"

READ = [
    ("cs231n-outer-delta", r"\frac{\partial L}{\partial W} = \delta x^T", {r"\delta": D3, "x": X4},
     np.outer(D3, X4), [GS, GS]),
    ("cs231n-outer-upstream", r"\frac{\partial L}{\partial W} = \frac{\partial L}{\partial z} x^T",
     {DL_DZ: D3, "x": X4}, np.outer(D3, X4), [GS, GS]),
    ("cs231n-input-gradient", r"\frac{\partial L}{\partial x} = W^T \delta", {"W": W34, r"\delta": D3}, W34.T @ D3,
     [GS, GS]),
    ("cs231n-row-major", r"\frac{\partial L}{\partial x} = \delta \cdot W^T", {r"\delta": D3, "W": W34b},
     D3 @ W34b.T, [GS, GS, ROW]),
    ("cs224n-word2vec-centre", r"\frac{\partial J}{\partial v_c} = U(\hat{y} - y)", {"U": U53, r"\hat{y}": YH3, "y": Y3},
     U53 @ (YH3 - Y3), [GS, CM]),
    ("declared-weight", r"W \in \mathbb{R}^{m \times n}, \quad \frac{\partial L}{\partial W} = \delta x^T",
     {r"\delta": D3, "x": X4}, np.outer(D3, X4), [GS]),
    ("batch-weight-gradient", r"\frac{\partial L}{\partial W} = X^T \delta", {"X": X24, r"\delta": DY23},
     X24.T @ DY23, [GS, GS]),
    ("outer-of-difference", r"\frac{\partial L}{\partial W} = (\hat{y} - y)\, x^T",
     {r"\hat{y}": YH3, "y": Y3, "x": X4}, np.outer(YH3 - Y3, X4), [GS, GS, GS]),
    ("weight-times-difference", r"g = W(x - y)", {"W": W34b.T, "x": RNG.normal(size=4), "y": X4},
     None, [CM]),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [r[1:] for r in READ], ids=[r[0] for r in READ])
def test_reads_as_meant(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    formula = symdl.parse(latex)
    if want is None:
        want = inputs["W"] @ (inputs["x"] - inputs["y"])
    assert_reads_as(formula, inputs, want, rules)


@pytest.mark.parametrize("latex", [
    r"\frac{\partial L}{\partial w} = (\hat{y} - y) x",  # one feature: every name a number
    r"\frac{dC}{db} = \sigma'(z)(a - y)",
    r"g = D(x - y)",  # not a weight's letter: a product of numbers
    r"N(N - 1)/2",
], ids=["scalar-regression", "nielsen-bias", "capital-D", "count"])
def test_numbers_stay_numbers(latex: str) -> None:
    formula = symdl.parse(latex)
    assert not formula.shapes
    assert not any(n.rule in (GS, CM) for n in formula.notes)


def test_declared_dimension_is_never_one() -> None:
    """A declared m×n matrix whose other side reads as a row is a shape error at the statement, not W read 1×n."""
    with pytest.raises(symdl.SymdlError) as err:
        symdl.parse(r"W \in \mathbb{R}^{m \times n}, \quad \frac{\partial L}{\partial W} = \delta^T x^T")
    assert "declared" in str(err.value)


def test_pasted_dot_is_noted_as_the_tex_dot() -> None:
    """A pasted ``w·x`` (U+00B7) gets the note ``\\cdot`` gets: a product of numbers, though Nielsen means vectors."""
    assert [n.rule for n in symdl.parse("p = sigmoid(w·x + b)").notes] == ["dot-of-numbers"]


def test_difference_after_a_known_matrix_and_a_count() -> None:
    """Code's logistic-regression gradient ``X.T @ (s - y) / m``: s and y vectors, m the number of examples."""
    x, s, y = RNG.normal(size=(5, 3)), RNG.normal(size=5), RNG.normal(size=5)
    formula = symdl.parse("g = X.T @ (s - y) / m")
    assert not formula.shapes.get("m")
    got = symdl.lambdify(formula)(X=x, s=s, y=y, m=5)
    np.testing.assert_allclose(np.ravel(got), x.T @ (s - y) / 5, rtol=1e-12)


LORA_W, LORA_B, LORA_A, LORA_X = (RNG.normal(size=s) for s in ((4, 5), (4, 2), (2, 5), (5,)))


@pytest.mark.parametrize("latex", [r"h = (W_0 + BA) x", r"h = (W_0 + \frac{\alpha}{r} B \cdot A) \cdot x"],
                         ids=["lora-forward", "lora-forward-cdot"])
def test_lora_forward_is_a_matrix_times_a_vector(latex: str) -> None:
    """Hu et al.'s LoRA forward pass: the bracket of weights (W_0 + BA) is a matrix, x a vector (before: numbers)."""
    formula = symdl.parse(latex)
    assert "capital-pair-matrix" in [n.rule for n in formula.notes]
    got = symdl.lambdify(formula)(W_0=LORA_W, B=LORA_B, A=LORA_A, x=LORA_X, **({r"\alpha": 2.0, "r": 4.0}
                                                                            if "alpha" in latex else {}))
    scale = 0.5 if "alpha" in latex else 1.0
    np.testing.assert_allclose(np.ravel(got), (LORA_W + scale * LORA_B @ LORA_A) @ LORA_X, rtol=1e-12)


def test_linear_attention_call_is_one_vector() -> None:
    """Katharopoulos et al.'s linear attention o_t = S_t^T φ(q_t) / (z_t^T φ(q_t)): φ(q_t), a vector in the
    denominator's dot product, is the same vector in the numerator (before: a number scaling S_t^T)."""
    formula = symdl.parse(r"o_t = \frac{S_t^\top \phi(q_t)}{z_t^\top \phi(q_t)}")
    s, z, fq = RNG.normal(size=(3, 4)), RNG.normal(size=3), RNG.normal(size=3)
    got = symdl.lambdify(formula)(S_t=s, z_t=z, **{r"\phi(q_t)": fq})
    np.testing.assert_allclose(np.ravel(got), s.T @ fq / (z @ fq), rtol=1e-12)
