"""Held-out readings (session 13), second part: silent misreadings of powers mixed with indices, of the identity
beside a vector, and of ``*`` between names.

- a superscript with a number beside a parenthesised index (Kingma & Welling's ``\\boldsymbol{\\sigma}^{2(i)}``, the
  variance of example i; also ``\\sigma^{(i)2}``) is the power of the member, ``(\\sigma^{(i)})^2`` (noted
  ``superscript-power-member``); it was read as the power 2i;
- ``*`` between two names that nothing makes vectors (the older PyTorch docs' LSTM ``c_t = f_t * c_{t-1} + i_t *
  g_t``) is a product of numbers, now noted ``star-product`` (it was silent); a weight's capital before ``*``
  (ConvLSTM's ``W_{xi} * \\mathcal{X}_t``) is a convolution, refused by name; between numbers ``2 * x`` stays silent
  and between vectors element-wise (``star-elementwise``);
- a vector written right before the identity matrix (the VAE's ``\\boldsymbol{\\sigma}^{2(i)}\\mathbf{I}``) is
  conventionally ``\\mathrm{diag}(\\boldsymbol{\\sigma}^2)``: refused by name (it made the identity a 1×n row and the
  covariance an outer product); a number times ``\\mathbf{I}`` stays an isotropic covariance.

Values are checked against plain numpy; the reading notes are asserted by rule.
"""

from __future__ import annotations

import numpy as np
import pytest

import symdl
from tests.real_sources import assert_reads_as

RNG = np.random.default_rng(1313)
SIG, MU = RNG.uniform(0.5, 2.0, size=(4, 3)), RNG.normal(size=(4, 3))
S5, X5 = RNG.uniform(0.5, 2.0, size=5), RNG.normal(size=5)

READ = [
    # Kingma & Welling's -D_KL of example i, as tutorials write it with the index in the superscript
    ("vae-kl-power-of-member",
     r"\mathcal{L} = \frac{1}{2}\sum_{j=1}^J (1 + \log \sigma_j^{2(i)} - \mu_j^{2(i)} - \sigma_j^{2(i)})",
     {r"\sigma": SIG, r"\mu": MU, "J": 3},
     0.5 * np.sum(1 + np.log(SIG**2) - MU**2 - SIG**2, axis=1),
     ["superscript-power-member", "superscript-power-member"]),
    # the second moment over the examples (cs229's variance normalisation, x^{(i)} squared)
    ("second-moment-of-samples", r"\sigma^2 = \frac{1}{m}\sum_{i=1}^m x^{2(i)}", {"x": X5, "m": 5},
     np.mean(X5**2), ["square-name", "superscript-power-member", "sample-number"]),
    ("power-after-the-index", r"v = \sum_{i=1}^m \sigma^{(i)2}", {r"\sigma": S5, "m": 5}, np.sum(S5**2),
     ["superscript-power-member"]),
    # already right, and must stay so: the power written outside the member
    ("vae-kl-written-out",
     r"\mathcal{L} = \frac{1}{2}\sum_{j=1}^J (1 + \log((\sigma_j^{(i)})^2) - (\mu_j^{(i)})^2 - (\sigma_j^{(i)})^2)",
     {r"\sigma": SIG, r"\mu": MU, "J": 3},
     0.5 * np.sum(1 + np.log(SIG**2) - MU**2 - SIG**2, axis=1), []),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [c[1:] for c in READ], ids=[c[0] for c in READ])
def test_powers_of_members_read_right(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


def test_isotropic_covariance_stays_a_number_times_the_identity() -> None:
    """Bishop's/the DDPM's σ² I with σ a number: the number times the identity matrix."""
    formula = symdl.parse(r"\Sigma = \sigma^2 \mathbf{I}")
    assert [n.rule for n in formula.notes] == []
    assert str(formula.statements[0].rhs) == "sigma**2*I"


REFUSED = [
    ("vae-eq9-posterior",
     r"\log q_\phi(\mathbf{z}|\mathbf{x}^{(i)}) = \log \mathcal{N}(\mathbf{z}; \boldsymbol{\mu}^{(i)}, "
     r"\boldsymbol{\sigma}^{2(i)}\mathbf{I})", r"\boldsymbol{\sigma}^{2(i)}\mathbf{I}"),
    ("diagonal-gaussian-covariance", r"\Sigma = \boldsymbol{\sigma}^2 \mathbf{I}", r"\boldsymbol{\sigma}^2 \mathbf{I}"),
    ("vae-prior-scaled", r"p(\mathbf{z}) = \mathcal{N}(\mathbf{z}; \mathbf{0}, \boldsymbol{\sigma}^2\mathbf{I})",
     r"\boldsymbol{\sigma}^2\mathbf{I}"),
]


@pytest.mark.parametrize(("latex", "written"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_vector_times_identity_is_refused(latex: str, written: str) -> None:
    with pytest.raises(symdl.NotSupported, match="a vector times the identity matrix") as info:
        symdl.parse(latex)
    span = info.value.span
    assert span is not None and latex[span.start : span.end] == written
    assert "diag" in (info.value.hint or "")


F5, C5, I5, G5, O5 = (RNG.uniform(0.1, 0.9, size=5) for _ in range(5))

STARS = [
    ("pytorch-lstm-cell-state", r"c_t = f_t * c_{t-1} + i_t * g_t",
     {"f_t": F5, "c_{t-1}": C5, "i_t": I5, "g_t": G5}, F5 * C5 + I5 * G5, ["star-product", "star-product"]),
    ("pytorch-lstm-hidden", r"h_t = o_t * \tanh(c_t)", {"o_t": O5, "c_t": C5}, O5 * np.tanh(C5), ["star-product"]),
    ("dropout-mask-vectors", r"\mathbf{y} = \mathbf{r} * \mathbf{x}", {r"\mathbf{r}": F5, r"\mathbf{x}": C5},
     F5 * C5, ["star-elementwise"]),
    ("number-times-name-stays-silent", r"y = 2 * x", {"x": C5}, 2 * C5, []),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [c[1:] for c in STARS], ids=[c[0] for c in STARS])
def test_star_products_are_noted(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


CONVOLUTIONS = [
    ("convlstm-input-gate",
     r"i_t = \sigma(W_{xi} * \mathcal{X}_t + W_{hi} * \mathcal{H}_{t-1} + W_{ci} \circ \mathcal{C}_{t-1} + b_i)",
     r"W_{xi} * \mathcal{X}_t"),
    ("convlstm-forget-gate",
     r"f_t = \sigma(W_{xf} * \mathcal{X}_t + W_{hf} * \mathcal{H}_{t-1} + W_{cf} \circ \mathcal{C}_{t-1} + b_f)",
     r"W_{xf} * \mathcal{X}_t"),
    # the PyTorch-style gate i_t = \sigma(W_{ii} * x_t + W_{hi} * h_{t-1} + b_i) is the matrix-vector product since
    # session 25 (star-gate-weight: the PyTorch 0.x docs' cells; tests/test_read_s25_code.py)
    ("cnn-kernel-feature-map", r"S = K * I + b", r"K * I"),
]


@pytest.mark.parametrize(("latex", "written"), [c[1:] for c in CONVOLUTIONS], ids=[c[0] for c in CONVOLUTIONS])
def test_weight_star_input_is_a_refused_convolution(latex: str, written: str) -> None:
    with pytest.raises(symdl.NotSupported, match="convolution") as info:
        symdl.parse(latex)
    span = info.value.span
    assert span is not None and latex[span.start : span.end] == written
    assert "\\odot" in (info.value.hint or "")


GRADIENT_NORMS = [
    ("gradient-norm", r"\|\nabla_\theta J(\theta)\|", ["norm-of-gradient"]),
    ("normalised-gradient-step",
     r"\theta \leftarrow \theta - \eta \frac{\nabla_\theta J(\theta)}{\|\nabla_\theta J(\theta)\|}", ["norm-of-gradient"]),
    ("gradient-norm-two", r"g = \|\nabla_\theta \mathcal{L}(\theta)\|_2", ["norm-of-gradient"]),
    ("wgan-gp-penalty",
     r"L = \mathbb{E}[D(\tilde{x})] - \mathbb{E}[D(x)] + \lambda \mathbb{E}[(\|\nabla_{\hat{x}} D(\hat{x})\|_2 - 1)^2]",
     ["norm-of-gradient"]),
]


@pytest.mark.parametrize(("latex", "rules"), [c[1:] for c in GRADIENT_NORMS], ids=[c[0] for c in GRADIENT_NORMS])
def test_norm_of_a_gradient_is_a_vector_norm(latex: str, rules: list[str]) -> None:
    """The norm of ∇_θ J(θ) is the Euclidean norm of the gradient vector; θ is a vector (noted)."""
    formula = symdl.parse(latex)
    assert [n.rule for n in formula.notes] == rules
    assert "Abs" not in str(formula.statements[-1].rhs)
    assert "sqrt(Trace(" in str(formula.statements[-1].rhs)
    assert any(shape[1] == 1 for shape in formula.shapes.values())


def test_gradient_at_a_step_stays_a_noted_number() -> None:
    """∇_θ J(θ_t) is taken at a step's value: it stays a number, noted ``norm-of-number`` as before (Nielsen's bare
    ∇C is now the gradient vector, noted ``bare-gradient``: tests/test_read_heldout_session13_f.py)."""
    for latex in (r"\theta_{t+1} = \theta_t - \eta \frac{\nabla_\theta J(\theta_t)}{\|\nabla_\theta J(\theta_t)\|}",):
        assert [n.rule for n in symdl.parse(latex).notes] == ["nabla-number", "norm-of-number"]
