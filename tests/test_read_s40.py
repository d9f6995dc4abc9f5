r"""Session 36, from the silent readings left in held-out set 39 and found on the way:

* code's ``torch.exp(out / eps).t()`` and TeX's ``(\exp(x))^T y``: the transpose of a known function's value that
  symdl reads as a number is refused (before: the transpose was dropped, silently);
* ``\nabla f(\mathbf{x})^T \mathbf{d}`` (a directional derivative, a Taylor step): a number (before: its left side
  was made a vector, as if the bare gradient of a call were a number);
* Ng's Gram entry ``G_{kk'}^{[l]} = \sum_i \sum_j a_{ijk}^{[l]} a_{ijk'}^{[l]}``: a number (before: a layer's capital,
  given a matrix's shape though set equal to a sum of numbers);
* Sophia's ``B \cdot \nabla \hat{L}(\theta) \odot \nabla \hat{L}(\theta)``: θ a vector, B the batch size (noted
  ``count-dot``; before: B a matrix, the gradients numbers);
* ``(1 - M) \odot G(\hat{z})`` (an inpainting generator): refused by name (before: G's value a number scaling 1 - M).
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl


@pytest.mark.parametrize("latex", [
    "K = torch.exp(out / eps).t()",
    r"y = (\exp(x))^T v",
    r"p = \exp(S)^T",
], ids=["sinkhorn-code-t", "tex-exp-transposed", "exp-capital-transposed"])
def test_transpose_of_a_number_valued_call_refused(latex: str) -> None:
    with pytest.raises(symdl.SymdlError, match="transpose of a value"):
        symdl.parse(latex)


@pytest.mark.parametrize("latex", [
    r"g = (\nabla f(\mathbf{x}))^T \mathbf{d}",
    r"y = \nabla f(\mathbf{x})^T \mathbf{d}",
    r"g = \mathbf{d}^T \nabla f(\mathbf{x})",
], ids=["parenthesised", "on-the-call", "row-first"])
def test_directional_derivative_is_a_number(latex: str) -> None:
    formula = symdl.parse(latex)
    assert formula.statements[0].lhs.name not in formula.shapes
    assert formula.statements[0].rhs.shape == (1, 1)


def test_transposed_function_of_a_vector_still_reads() -> None:
    formula = symdl.parse(r"y = \tanh(W\mathbf{h})^T \mathbf{x}")
    w, h, x = (np.random.default_rng(40).normal(size=s) for s in ((3, 4), (4, 1), (3, 1)))
    got = symdl.lambdify(formula)(**{"W": w, r"\mathbf{h}": h, r"\mathbf{x}": x})
    assert "y" not in formula.shapes
    assert np.allclose(np.asarray(got).ravel(), (np.tanh(w @ h).T @ x).ravel(), rtol=1e-12)


@pytest.mark.parametrize("latex", [
    r"G_{kk'}^{[l]} = \sum_{i=1}^{n_H^{[l]}} \sum_{j=1}^{n_w^{[l]}} a_{ijk}^{[l]} a_{ijk'}^{[l]}",
    r"G^{[l]} = \sum_{i} a_{i} b_{i}",
], ids=["ng-gram-entry", "layer-capital-sum"])
def test_layer_capital_set_to_a_sum_of_numbers_is_a_number(latex: str) -> None:
    formula = symdl.parse(latex)
    assert formula.shapes == {} or all(str(k).startswith(("a", "b", "n")) for k in formula.shapes)


def test_layer_capital_set_to_outer_products_stays_a_matrix() -> None:
    formula = symdl.parse(r"W^{[l]} = \sum_i x_i x_i^T")
    assert formula.shapes["W^[l]"][0] == formula.shapes["W^[l]"][1]


@pytest.mark.parametrize(("latex", "count"), [
    (r"\hat{\mathbf{h}} = B\cdot\nabla\hat{L}(\theta)\odot\nabla\hat{L}(\theta)", "B"),
    (r"\mathbf{y} = N \cdot \mathbf{x}", "N"),
], ids=["sophia-hessian-estimate", "count-times-vector"])
def test_batch_capital_before_cdot_is_a_number(latex: str, count: str) -> None:
    formula = symdl.parse(latex)
    assert count not in formula.shapes
    assert [n.rule for n in formula.notes].count("count-dot") == 1


def test_sophia_theta_shaped_as_the_estimate() -> None:
    latex = r"\hat{\mathbf{h}} = B\cdot\nabla\hat{L}(\theta)\odot\nabla\hat{L}(\theta)"
    formula = symdl.parse(latex)
    assert formula.shapes["theta"] == formula.shapes["hhat"]


@pytest.mark.parametrize(("latex", "rule"), [
    (r"\mathbf{y} = B \mathbf{x}", "capital-matrix"),  # no \cdot: the matrix B
    (r"m = B \cdot h_v", "dot-of-numbers"),  # nothing is an array
    (r"h_t = A h_{t-1} + B \cdot x_t", None),  # an SSM's B, made a matrix by its sum with A h
], ids=["no-dot", "numbers", "ssm-input-matrix"])
def test_count_dot_not_noted(latex: str, rule: str | None) -> None:
    formula = symdl.parse(latex)
    rules = [n.rule for n in formula.notes]
    assert "count-dot" not in rules
    if rule == "dot-of-numbers":
        assert rule in rules


@pytest.mark.parametrize("latex", [
    r"x_{\rm reconstructed} = M\odot y + (1-M)\odot G(\hat z)",
    r"x = (1 - M) \odot G(z)",
], ids=["inpainting-blend", "plain-generator"])
def test_unknown_function_value_as_hadamard_operand_refused(latex: str) -> None:
    with pytest.raises(symdl.SymdlError, match="unknown function's value"):
        symdl.parse(latex)


def test_entrywise_function_operand_still_reads() -> None:
    formula = symdl.parse(r"h = o \odot f(c)")
    assert "function-entrywise" in [n.rule for n in formula.notes]
    assert formula.shapes["c"] == formula.shapes["o"]
