r"""Issue 13, claims read right: the identity I in a sum of matrices, softmax of a vector as a vector value, a 1×1
product beside numbers, a bold vector before a parenthesis, and the Jacobian's layout.

Rows come from real sources: the Jacobian of x/‖x‖ (Parr & Howard, "The Matrix Calculus You Need for Deep Learning",
vector-by-vector derivatives; the Matrix Cookbook eq. 2.4), the Matrix Cookbook's ∂((aᵀx)x)/∂x = (aᵀx)I + xaᵀ,
layer norm's centring Jacobian I − (1/n)11ᵀ and RMSNorm's (1/r)(I − xxᵀ/(xᵀx)) (Ba et al., Layer Normalization;
Zhang & Sennrich, RMSNorm), the softmax Jacobian diag(s) − ssᵀ (cs231n notes, "Softmax classifier"; Parr & Howard),
the cross-entropy of a softmax layer (Goodfellow et al., Deep Learning, sec. 6.2.2.3), d2l's squared loss of linear
regression (y − w·x − b)² ("Linear Regression"), an affine layer's least-squares gradient (Goodfellow et al.,
sec. 6.5.4) and the Jacobian of Wx + b (Parr & Howard, "The gradient of neuron activation").
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from symdl.cli import main
from tests.real_sources import assert_reads_as, assert_refused_at

X4 = {"x": (4,), "a": (4,), "z": (4,)}
S = r"\operatorname{softmax}(\mathbf{z})"
SW = r"\mathrm{softmax}(W\mathbf{x})"
RMS = r"\sqrt{\frac{1}{4}\mathbf{x}^\top\mathbf{x}}"
LSQ = r"(\mathbf{y} - W^\top\mathbf{h} - \mathbf{b})"

#: (id, function, variable, right claim, subtly wrong claim, shapes)
ROWS = [
    ("parr-howard-x-over-norm", r"\frac{\mathbf{x}}{\|\mathbf{x}\|_2}", r"\mathbf{x}",
     r"\frac{I}{\|\mathbf{x}\|_2} - \frac{\mathbf{x}\mathbf{x}^\top}{\|\mathbf{x}\|_2^3}",
     r"\frac{I}{\|\mathbf{x}\|_2} - \frac{\mathbf{x}\mathbf{x}^\top}{\|\mathbf{x}\|_2^2}", X4),
    ("cookbook-scaled-x-plain-I", r"(\mathbf{a}^\top\mathbf{x})\mathbf{x}", r"\mathbf{x}",
     r"(\mathbf{a}^\top\mathbf{x}) I + \mathbf{x}\mathbf{a}^\top",
     r"(\mathbf{a}^\top\mathbf{x}) I + \mathbf{a}\mathbf{x}^\top", X4),
    ("cookbook-scaled-x-bold-I", r"(\mathbf{a}^\top\mathbf{x})\mathbf{x}", r"\mathbf{x}",
     r"(\mathbf{a}^\top\mathbf{x}) \mathbf{I} + \mathbf{x}\mathbf{a}^\top",
     r"\mathbf{I} + \mathbf{x}\mathbf{a}^\top", X4),
    ("layernorm-centring", r"\mathbf{x} - \frac{1}{4}\mathbf{1}\mathbf{1}^\top\mathbf{x}", r"\mathbf{x}",
     r"I - \frac{1}{4}\mathbf{1}\mathbf{1}^\top", r"I - \frac{1}{3}\mathbf{1}\mathbf{1}^\top", X4),
    ("rmsnorm-jacobian", rf"\frac{{\mathbf{{x}}}}{{{RMS}}}", r"\mathbf{x}",
     rf"\frac{{1}}{{{RMS}}}(I - \frac{{\mathbf{{x}}\mathbf{{x}}^\top}}{{\mathbf{{x}}^\top\mathbf{{x}}}})",
     rf"\frac{{1}}{{{RMS}}}(I - \frac{{\mathbf{{x}}\mathbf{{x}}^\top}}{{4\mathbf{{x}}^\top\mathbf{{x}}}})", X4),
    ("cs231n-softmax-jacobian", S, r"\mathbf{z}", rf"\operatorname{{diag}}({S}) - {S}{S}^\top",
     rf"\operatorname{{diag}}({S})", X4),
    ("parr-howard-a-dot-softmax", rf"\mathbf{{a}}^\top {SW}", r"\mathbf{x}",
     rf"W^\top(\mathrm{{diag}}({SW}) - {SW}{SW}^\top)\mathbf{{a}}", rf"W^\top\mathrm{{diag}}({SW})\mathbf{{a}}",
     {"W": (3, 4)}),
    ("goodfellow-softmax-cross-entropy", rf"-\mathbf{{y}}^\top \log {SW}", "W",
     rf"({SW}\mathbf{{1}}^\top\mathbf{{y}} - \mathbf{{y}})\mathbf{{x}}^\top", rf"({SW} - \mathbf{{y}})\mathbf{{x}}^\top",
     {"W": (3, 4)}),
    ("d2l-squared-loss-bias", r"(y - \mathbf{w}\cdot\mathbf{x} - b)^2", "b", r"-2(y - \mathbf{w}\cdot\mathbf{x} - b)",
     r"2(y - \mathbf{w}\cdot\mathbf{x} - b)", {"w": (3,)}),
    ("d2l-squared-loss-weights", r"(y - \mathbf{w}\cdot\mathbf{x} - b)^2", r"\mathbf{w}",
     r"-2(y - \mathbf{w}\cdot\mathbf{x} - b)\mathbf{x}", r"-2(y - \mathbf{w}\cdot\mathbf{x} - b)\mathbf{w}", {"w": (3,)}),
    ("goodfellow-affine-least-squares", rf"\frac12\|{LSQ[1:-1]}\|^2", "W", rf"-\mathbf{{h}}{LSQ}^\top",
     rf"-{LSQ}\mathbf{{h}}^\top", {"y": (3,), "W": (3, 3), "h": (3,), "b": (3,)}),
    ("parr-howard-affine-jacobian", r"W\mathbf{x} + \mathbf{b}", r"\mathbf{x}", "W", r"W^\top", {"W": (3, 4)}),
]  # fmt: skip


@pytest.mark.parametrize(("f", "wrt", "right", "wrong", "shapes"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS])
def test_right_claim_verified_wrong_claim_refuted(f: str, wrt: str, right: str, wrong: str, shapes: dict) -> None:
    config = symdl.Config(seed=5)
    assert symdl.check_gradient(f, wrt, right, shapes=shapes, config=config).verdict == "verified"
    assert symdl.check_gradient(f, wrt, wrong, shapes=shapes, config=config).verdict == "refuted"


def test_the_jacobian_layout_is_stated() -> None:
    v = symdl.check_gradient(r"W\mathbf{x} + \mathbf{b}", r"\mathbf{x}", "W", shapes={"W": (3, 4)})
    assert "J_ij = ∂f_i/∂" in v.layout and "numerator layout" in v.layout
    g = symdl.check_gradient(r"\mathbf{x}^\top\mathbf{x}", r"\mathbf{x}", r"2\mathbf{x}", shapes={"x": (3,)})
    assert "denominator (ML) layout" in g.layout


def test_cli_transposed_jacobian_refuted_naming_the_layout(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["check", r"W\mathbf{x} + \mathbf{b}", "--wrt", r"\mathbf{x}", "--shape", "W=3x4", "--no-color"]
    assert main([*args, "--claim", "W"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("verified") and "numerator layout" in out
    assert main([*args, "--claim", r"W^\top"]) == 1
    out = capsys.readouterr().out
    assert out.startswith("refuted") and "transpose of the gradient" in out


RNG = np.random.default_rng(15)
XV, AV = RNG.standard_normal(4), RNG.standard_normal(4)


def test_plain_identity_in_a_sum_is_the_identity_and_noted() -> None:
    f = symdl.parse(r"(\mathbf{a}^\top\mathbf{x}) I + \mathbf{x}\mathbf{a}^\top", shapes={"x": (4,), "a": (4,)})
    assert "I" not in f.symbols
    assert_reads_as(f, {r"\mathbf{x}": XV, r"\mathbf{a}": AV}, (AV @ XV) * np.eye(4) + np.outer(XV, AV), ["identity-matrix"])


def test_bold_identity_after_a_parenthesised_number_is_read_without_a_note() -> None:
    f = symdl.parse(r"(\mathbf{a}^\top\mathbf{x}) \mathbf{I} - \mathbf{a}\mathbf{x}^\top", shapes={"x": (4,), "a": (4,)})
    assert_reads_as(f, {r"\mathbf{x}": XV, r"\mathbf{a}": AV}, (AV @ XV) * np.eye(4) - np.outer(AV, XV), [])


def test_vector_times_bold_identity_still_refused() -> None:  # Kingma & Welling's VAE, eq. 9
    assert_refused_at(r"\boldsymbol{\sigma}^2\mathbf{I}", "a vector times the identity matrix",
                      r"\boldsymbol{\sigma}^2\mathbf{I}")


def test_bold_vector_before_a_parenthesis_using_itself_is_a_product() -> None:
    f = symdl.parse(rf"-\mathbf{{h}}{LSQ}^\top", shapes={"y": (3,), "W": (3, 3), "h": (3,), "b": (3,)})
    y, h, b = (RNG.standard_normal(3) for _ in range(3))
    w = RNG.standard_normal((3, 3))
    assert_reads_as(f, {r"\mathbf{y}": y, "W": w, r"\mathbf{h}": h, r"\mathbf{b}": b}, -np.outer(h, y - w.T @ h - b), ["product-of-a-declared"])  # declared h: that rule decides first


def test_bold_function_of_another_vector_is_still_a_call() -> None:  # Bishop's basis functions \phi(x)
    f = symdl.parse(r"\mathbf{h}(\mathbf{x})")
    assert [n.rule for n in f.notes] == ["function-vector"]


def test_softmax_of_a_vector_is_a_vector_value() -> None:
    z = RNG.standard_normal(4)
    s = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
    f = symdl.parse(rf"\operatorname{{diag}}({S}) - {S}{S}^\top", shapes={"z": (4,)})
    assert_reads_as(f, {r"\mathbf{z}": z}, np.diag(s) - np.outer(s, s), [])


def test_number_minus_a_plain_name_beside_a_dot_product_stays_a_number() -> None:  # d2l's linear regression
    f = symdl.parse(r"\mathbf{w}\cdot\mathbf{x} - b", shapes={"w": (3,)})
    assert not hasattr(f.symbols["b"], "shape")  # a number, not a vector
    w, x = RNG.standard_normal(3), RNG.standard_normal(3)
    # no note since session 34: w \cdot x is a number (the kinds pass sees the \cdot), so b is one with no guess
    assert_reads_as(f, {r"\mathbf{w}": w, r"\mathbf{x}": x, "b": 0.5}, w @ x - 0.5, [])


def test_transposed_softmax_of_a_vector_times_a_vector() -> None:  # was refused (session 12 f's softmax-kept-whole)
    f = symdl.parse(r"s = \mathrm{softmax}(\mathbf{z})^\top \mathbf{v}", shapes={"z": (4,), "v": (4,)})
    z, v = RNG.standard_normal(4), RNG.standard_normal(4)
    sm = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
    assert_reads_as(f, {r"\mathbf{z}": z, r"\mathbf{v}": v}, sm @ v, [])
