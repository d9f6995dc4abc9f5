"""Held-out readings (session 11), second part: constructs that were read wrongly with no note are now read right
or refused where written.  A dot product of two vectors of families written with ``\\cdot`` (SigLIP's
``\\mathbf{x}_i \\cdot \\mathbf{y}_j``) was a product of two numbers; ``\\epsilon_\\theta(\\mathbf{x}_t)`` was a
product; the gradient by a matrix had a vector's shape; the GAN value's x drawn from two distributions was one
sample; Goodfellow's slices ``W_{:,j}`` were whole matrices; Jacobians were gradients; cs231n's ``w_j^T x_i`` and
Bishop's ``w_{j0}`` inside ``\\sum_j`` were numbers (cs231n's reads now: session12_g)."""

from __future__ import annotations

import numpy as np
import pytest

import symdl

RNG = np.random.default_rng(111)
X34, Y24 = RNG.normal(size=(3, 4)), RNG.normal(size=(2, 4))
V4 = RNG.normal(size=4)


def test_dot_product_of_two_family_vectors() -> None:
    """SigLIP's pairwise logits: Σ_i Σ_j exp(x_i · y_j) is the sum of exp(X Yᵀ)."""
    f = symdl.lambdify(symdl.parse(r"s = \sum_i \sum_j e^{\mathbf{x}_i \cdot \mathbf{y}_j}"))
    got = f(**{r"\mathbf{x}": X34, r"\mathbf{y}": Y24})
    np.testing.assert_allclose(got, np.exp(X34 @ Y24.T).sum(), rtol=1e-12)


def test_dot_of_two_family_vectors_by_index() -> None:
    f = symdl.lambdify(symdl.parse(r"s = \sum_{i} \mathbf{x}_i \cdot \mathbf{y}_i"))
    got = f(**{r"\mathbf{x}": X34[:2], r"\mathbf{y}": Y24})
    np.testing.assert_allclose(got, (X34[:2] * Y24).sum(), rtol=1e-12)


@pytest.mark.parametrize(("latex", "call"), [
    (r"\boldsymbol{y} = \boldsymbol{x}_t - \epsilon_\theta(\boldsymbol{x}_t)", r"\epsilon_\theta(\boldsymbol{x}_t)"),
    (r"\boldsymbol{y} = \boldsymbol{x}_t - \epsilon_\theta^{(t)}(\boldsymbol{x}_t)",
     r"\epsilon_\theta^{(t)}(\boldsymbol{x}_t)"),
], ids=["ddpm-noise-network", "ddim-noise-network-at-step"])
def test_parameterised_name_before_a_parenthesis_is_a_network(latex: str, call: str) -> None:
    """A network of the whole vector (session 28's network-vector; it was applied entry by entry), its output given
    by the call's spelling."""
    formula = symdl.parse(latex)
    assert [n.rule for n in formula.notes] == ["call-parameterised", "network-vector"]
    out = np.tanh(V4[::-1] + V4.sum())  # every output entry depends on every input entry
    got = symdl.lambdify(formula)(**{r"\boldsymbol{x}_t": V4, call: out})
    np.testing.assert_allclose(got, V4 - out, rtol=1e-12)


@pytest.mark.parametrize(("latex", "target", "wrt"), [
    (r"g = \frac{\partial L}{\partial \mathbf{W}}", "g", "W"),
    (r"g = \nabla_{\mathbf{W}} L", "g", "W"),
    (r"g = \nabla_{\boldsymbol{\theta}} \log p(x)", "g", "theta"),
], ids=["partial-by-a-matrix", "nabla-by-a-matrix", "score-by-a-vector"])
def test_a_gradient_has_the_shape_of_what_it_is_by(latex: str, target: str, wrt: str) -> None:
    """The gradient of a number by W is shaped as W (it was a column, or a number)."""
    formula = symdl.parse(latex)
    assert formula.shapes[target] == formula.shapes[wrt]


@pytest.mark.parametrize(("latex", "words"), [
    (r"P(h_j = 1 \mid \boldsymbol{v}) = \sigma\left(c_j + \boldsymbol{v}^\top \boldsymbol{W}_{:,j}\right)",
     r"a slice W_\{:,j\}"),
    (r"\boldsymbol{\mu} = \frac{1}{m} \sum_i \boldsymbol{H}_{i,:}", r"a slice H_\{i,:\}"),
    (r"J = \frac{\partial \mathbf{z}}{\partial \mathbf{W}}", "three or four axes"),
    (r"\Omega(\boldsymbol{h}, \boldsymbol{x}) = \lambda \sum_i \|\nabla_{\boldsymbol{x}} h_i\|^2",
     "which a sum's index picks"),
    (r"y_k = \sigma\left(\sum_{j=1}^{M} w_{kj}^{(2)} h\left(\sum_{i=1}^{D} w_{ji}^{(1)} x_i + w_{j0}^{(1)}\right)\right)",
     "mixes the index j with a number"),
    (r"\frac{\partial L}{\partial \mathbf{h}_t}= \sum_{i=t}^T {\left(\mathbf{W}_\textrm{hh}^\top\right)}^{T-i} "
     r"\mathbf{W}_\textrm{qh}^\top \frac{\partial L}{\partial \mathbf{o}_{T+t-i}}", "one vector of a family of vectors"),
], ids=["goodfellow-column-slice", "goodfellow-row-slice", "vector-by-a-matrix",
        "gradient-of-an-entry-by-a-vector", "bishop-bias-entry",
        "d2l-bptt-step-of-two-indices"])
def test_refused_where_written(latex: str, words: str) -> None:
    with pytest.raises(symdl.NotSupported, match=words) as info:
        symdl.parse(latex)
    span = info.value.span
    assert span is not None and 0 <= span.start < span.end <= len(latex)


def test_jacobian_of_two_columns_is_a_matrix() -> None:
    """Goodfellow et al.'s chain rule, eq. 6.46: (∂y/∂x)ᵀ ∇_y z, with the Jacobian n_y × n_x (noted)."""
    latex = (r"\nabla_{\boldsymbol{x}} z = \left(\frac{\partial \boldsymbol{y}}{\partial \boldsymbol{x}}\right)^\top "
             r"\nabla_{\boldsymbol{y}} z")
    formula = symdl.parse(latex)
    assert [n.rule for n in formula.notes] == ["jacobian-layout"]
    jac, grad = Y24[:, :3], V4[:2]
    got = symdl.lambdify(formula)(**{r"\frac{\partial\boldsymbol{y}}{\partial\boldsymbol{x}}": jac,
                                     r"\nabla_{\boldsymbol{y}}z": grad})
    np.testing.assert_allclose(np.ravel(got), jac.T @ grad, rtol=1e-12)


def test_gradient_at_a_point_is_shaped_as_the_point() -> None:
    """LARS' \\|\\nabla L(w^l)\\| is the norm of a matrix (it was the absolute value of a scalar derivative)."""
    formula = symdl.parse(r"\lambda^l = \eta \times \frac{\|w^l\|}{\|\nabla L(w^l)\| + \beta \|w^l\|}")
    assert [n.rule for n in formula.notes].count("matrix-norm") == 3
    assert "nabla L(w^[l])" in str(formula.statements[0].rhs)


def test_a_sum_of_vectors_of_a_family_is_read_by_entries() -> None:
    """Bishop's ∇E(w) = Σ_n (y_n − t_n) φ_n: the family is an array of rows, the value Φᵀ(y − t) (it gave Φ (y − t)
    for a square Φ, silently; then it was refused when evaluated)."""
    formula = symdl.parse(r"\nabla E(\mathbf{w}) = \sum_{n=1}^{N} (y_n - t_n) \boldsymbol{\phi}_n")
    phi, y, t = RNG.normal(size=(5, 5)), RNG.normal(size=5), RNG.normal(size=5)
    got = symdl.lambdify(formula)(y=y, t=t, N=5, **{r"\boldsymbol{\phi}": phi})
    np.testing.assert_allclose(got, phi.T @ (y - t), rtol=1e-12)


@pytest.mark.parametrize(("latex", "target", "wrt"), [
    (r"\nabla_{\boldsymbol{x}} f(\boldsymbol{x}) = \boldsymbol{A}^\top (\boldsymbol{A}\boldsymbol{x} - \boldsymbol{b})",
     None, "x"),
    (r"\mathbf{g} = \nabla_{\mathbf{x}} \log p(\mathbf{x})", "g", "x"),
    (r"\tilde{\mathbf{x}}_t = \tilde{\mathbf{x}}_{t-1} + \frac{\epsilon}{2} \nabla_{\mathbf{x}} \log "
     r"p(\tilde{\mathbf{x}}_{t-1}) + \sqrt{\epsilon} \, \mathbf{z}_t", "xtilde_t", "x"),
], ids=["goodfellow-least-squares-gradient", "score-function", "langevin-step"])
def test_gradient_of_a_function_of_a_vector_is_a_vector(latex: str, target: str | None, wrt: str) -> None:
    """∇_x f(x) is the gradient of a number, shaped as x, whatever f's letter (a lower-case f is applied entry by
    entry elsewhere): it was taken for a Jacobian and refused."""
    formula = symdl.parse(latex)
    assert formula.shapes[wrt][1] == 1
    if target is not None:
        assert formula.shapes[target] == formula.shapes[wrt]


def test_partial_of_a_function_defined_with_two_arguments() -> None:
    """cs231n's f(x, y) = x y → ∂f/∂x = y: the derivative is of the f just defined, with both its arguments (it was a
    function of x alone)."""
    formula = symdl.parse(r"f(x,y) = x y \hspace{0.5in} \rightarrow \hspace{0.5in} \frac{\partial f}{\partial x} = y")
    assert [str(st.lhs) for st in formula.statements] == ["f(x, y)", "Derivative(f(x, y), x)"]


def test_a_range_in_cases_is_read_not_dropped() -> None:
    """JAX's hard_tanh: the row -1 ≤ x ≤ 1 was read as 'otherwise' (its words were taken from '\\lex'), and the row
    after it was lost; it is now a range (both comparisons hold), so the third row is kept."""
    latex = r"f(x) = \begin{cases} -1, & x < -1\\ x, & -1 \le x \le 1\\ 1, & 1 < x \end{cases}"
    f = symdl.lambdify(symdl.parse(latex))
    assert [float(f(x=x)) for x in (-3.0, 0.5, 4.0)] == [-1.0, 0.5, 1.0]
