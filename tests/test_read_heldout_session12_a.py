"""Held-out readings (session 12), first part: formulas read wrongly with no note, now read right or refused.
Bishop's ``|\\boldsymbol{\\Sigma}|`` was the absolute value of each entry (it is the determinant); the PyTorch docs'
spectral normalization ``W / \\sigma(W)`` divided by the sigmoid of each entry; cs229's ``\\eta^T T(y)`` raised η
to the power T although T is only a function there; DDPM's ``\\tilde{\\mu}_t(x_t, x_0) := ...`` was an update;
Bishop's ``E_{\\mathrm{RMS}} = \\sqrt{2E(\\mathbf{w}^\\star)/N}`` made a matrix of a number; Shazeer's
``\\max(0, xW)`` left W a number beside ``xV``'s matrix V.  Each row: the formula as its source writes it, seeded
inputs, plain numpy's value and the reading notes."""

from __future__ import annotations

from math import erf

import numpy as np
import pytest
import sympy

import symdl
from tests.real_sources import assert_reads_as

RNG = np.random.default_rng(12)
_A = RNG.normal(size=(3, 3))
SIGMA = _A @ _A.T + 3 * np.eye(3)  # a covariance: symmetric, positive definite
_B = RNG.normal(size=(3, 3))
SIGMA2 = _B @ _B.T + 2 * np.eye(3)
J33 = RNG.normal(size=(3, 3))
X3, MU3, MU3B = RNG.normal(size=3), RNG.normal(size=3), RNG.normal(size=3)
X4, V4 = RNG.normal(size=4), RNG.normal(size=4)
W45, V45, W54 = RNG.normal(size=(4, 5)), RNG.normal(size=(4, 5)), RNG.normal(size=(5, 4))
B5, B4 = RNG.normal(size=5), RNG.normal(size=4)
P33, A23, B2 = SIGMA2, RNG.normal(size=(2, 3)), RNG.normal(size=2)
R5 = RNG.normal(size=5)


def _gaussian(x: np.ndarray, mu: np.ndarray, s: np.ndarray) -> float:
    d = x - mu
    return float(np.exp(-0.5 * d @ np.linalg.solve(s, d)) / (2 * np.pi) ** (len(x) / 2) / np.sqrt(np.linalg.det(s)))


def _gelu(z: np.ndarray) -> np.ndarray:
    return z * (1 + np.vectorize(erf)(z / np.sqrt(2))) / 2


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-z))


# (id, source, latex, inputs, numpy's value, notes by rule)
DETERMINANTS = [
    ("bishop-gaussian", "Bishop, PRML eq. 2.43: |Σ| of the inverted covariance is its determinant (it was |Σ_ij|)",
     r"\mathcal{N}(\mathbf{x} | \boldsymbol{\mu}, \boldsymbol{\Sigma}) = \frac{1}{(2\pi)^{D/2}} "
     r"\frac{1}{|\boldsymbol{\Sigma}|^{1/2}} \exp\left\{-\frac{1}{2}(\mathbf{x} - \boldsymbol{\mu})^{\mathrm{T}} "
     r"\boldsymbol{\Sigma}^{-1} (\mathbf{x} - \boldsymbol{\mu})\right\}",
     {r"\mathbf{x}": X3, r"\boldsymbol{\mu}": MU3, r"\boldsymbol{\Sigma}": SIGMA, "D": 3},
     _gaussian(X3, MU3, SIGMA), []),
    ("kl-of-two-gaussians", "the KL divergence of two Gaussians in closed form (as the VAE literature and "
     "Bishop's exercises write it): a ratio of determinants",
     r"\mathrm{KL} = \frac{1}{2}\left(\ln\frac{|\boldsymbol{\Sigma}_2|}{|\boldsymbol{\Sigma}_1|} - D + "
     r"\mathrm{Tr}(\boldsymbol{\Sigma}_2^{-1}\boldsymbol{\Sigma}_1) + (\boldsymbol{\mu}_2-\boldsymbol{\mu}_1)^{\mathrm{T}}"
     r"\boldsymbol{\Sigma}_2^{-1}(\boldsymbol{\mu}_2-\boldsymbol{\mu}_1)\right)",
     {r"\boldsymbol{\Sigma}_1": SIGMA, r"\boldsymbol{\Sigma}_2": SIGMA2, r"\boldsymbol{\mu}_1": MU3,
      r"\boldsymbol{\mu}_2": MU3B, "D": 3},
     0.5 * (np.log(np.linalg.det(SIGMA2) / np.linalg.det(SIGMA)) - 3 + np.trace(np.linalg.solve(SIGMA2, SIGMA))
            + (MU3B - MU3) @ np.linalg.solve(SIGMA2, MU3B - MU3)), []),
    ("jacobian-factor", "the change of variables' |J| (Bishop, Deep Learning eq. 18.x; normalizing flows): "
     "nothing else says J is square (noted)", r"q = p |\mathbf{J}|", {"p": 0.3, r"\mathbf{J}": J33},
     0.3 * np.linalg.det(J33), ["abs-determinant"]),
    ("l1-penalty-entries", "Goodfellow et al., eq. 7.20: |w_i| of numbers keeps the absolute value",
     r"\Omega = \sum_i |w_i|", {"w": X4}, np.abs(X4).sum(), []),
    ("softsign-of-a-vector", "the PyTorch docs' Softsign x / (1 + |x|) of a vector: entry by entry",
     r"\mathbf{y} = \frac{\mathbf{x}}{1 + |\mathbf{x}|}", {r"\mathbf{x}": X4}, X4 / (1 + np.abs(X4)), []),
]

TRANSPOSES_AND_POWERS = [
    ("lagrangian-multiplier-transpose", "Boyd & Vandenberghe, eq. 10.x: the multiplier ν of Ax = b, transposed "
     "(ν^T was ν to the power T)",
     r"L = \frac{1}{2}\mathbf{x}^T P \mathbf{x} + \mathbf{q}^T\mathbf{x} + \nu^T (A\mathbf{x} - \mathbf{b})",
     {r"\mathbf{x}": X3, "P": P33, r"\mathbf{q}": MU3, r"\nu": B2, "A": A23, r"\mathbf{b}": B2[::-1]},
     0.5 * X3 @ P33 @ X3 + MU3 @ X3 + B2 @ (A23 @ X3 - B2[::-1]), ["greek-transpose"]),
    ("discount-to-the-horizon", "a discounted return to a horizon T then a bootstrap value (Sutton & Barto's "
     "G_t): T is a number here, so γ^T is a power",
     r"G = \sum_{t=1}^{T} \gamma^{t-1} r_t + \gamma^T v", {r"\gamma": 0.9, "r": R5, "v": 2.0, "T": 5},
     sum(0.9**t * R5[t] for t in range(5)) + 0.9**5 * 2.0, []),
]

FEED_FORWARDS = [
    ("reglu", "Shazeer, GLU Variants Improve Transformer, eq. 6 (ReGLU): W inside \\max is the weight matrix V is",
     r"\text{FFN}_{\text{ReGLU}}(x, W, V, W_2) = (\max(0, xW) \otimes xV) W_2",
     {"x": X4, "W": W45, "V": V45, "W_2": W54}, (np.maximum(0, X4 @ W45) * (X4 @ V45)) @ W54,
     ["max-elementwise", "vector-row", "letters-product", "otimes-elementwise", "letters-product"]),
    ("geglu", "Shazeer, eq. 6 (GEGLU)", r"\text{FFN}_{\text{GEGLU}}(x, W, V, W_2) = (\text{GELU}(xW) \otimes xV) W_2",
     {"x": X4, "W": W45, "V": V45, "W_2": W54}, (_gelu(X4 @ W45) * (X4 @ V45)) @ W54,
     ["activation-default", "vector-row", "letters-product", "otimes-elementwise", "letters-product"]),
    ("transformer-ffn", "Vaswani et al., eq. 2: xW_1 alone makes x a row and W_1 a matrix (all were numbers)",
     r"\mathrm{FFN}(x)=\max(0, xW_1 + b_1) W_2 + b_2",
     {"x": X4, "W_1": W45, "b_1": B5, "W_2": W54, "b_2": B4}, np.maximum(0, X4 @ W45 + B5) @ W54 + B4,
     ["max-elementwise", "vector-row", "bias-row", "bias-row"]),
    ("glu", "Dauphin et al. as Shazeer writes it, eq. 1", r"\text{GLU}(x, W, V, b, c) = \sigma(xW + b) \otimes (xV + c)",
     {"x": X4, "W": W45, "V": V45, "b": B5, "c": B5[::-1]}, _sigmoid(X4 @ W45 + B5) * (X4 @ V45 + B5[::-1]),
     ["sigma-gate-operand", "vector-row", "letters-product", "bias-row", "otimes-elementwise", "letters-product", "bias-row"]),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [r[2:] for r in DETERMINANTS],
                         ids=[r[0] for r in DETERMINANTS])
def test_bars_of_a_matrix_are_its_determinant(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


def test_bars_of_a_matrix_that_cannot_be_square_are_refused() -> None:
    with pytest.raises(symdl.NotSupported, match="not square") as info:
        symdl.parse(r"A \in \mathbb{R}^{3 \times 4} \\ d = |A|")
    assert info.value.span is not None


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [r[2:] for r in TRANSPOSES_AND_POWERS],
                         ids=[r[0] for r in TRANSPOSES_AND_POWERS])
def test_rate_letters_transposed_unless_t_is_a_number(latex: str, inputs: dict, want: object,
                                                      rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


def test_cs229_exponential_family_transposes_eta() -> None:
    """cs229's p(y; η) = b(y) exp(ηᵀT(y) − a(η)): T is a function (the sufficient statistic), so ^T transposes."""
    f = symdl.parse(r"p(y; \eta) = b(y) \exp(\eta^T T(y) - a(\eta))")
    assert not any(str(p.exp) == "T" for p in f.statements[0].rhs.atoms(sympy.Pow))
    assert "greek-transpose" in [n.rule for n in f.notes]


@pytest.mark.parametrize(("latex", "kind"), [
    pytest.param(r"\tilde{\boldsymbol{\mu}}_t(\mathbf{x}_t, \mathbf{x}_0) := \frac{\sqrt{\bar\alpha_{t-1}}\beta_t }"
                 r"{1-\bar\alpha_t}\mathbf{x}_0 + \frac{\sqrt{\alpha_t}(1- \bar\alpha_{t-1})}{1-\bar\alpha_t} "
                 r"\mathbf{x}_t", "definition", id="ddpm-posterior-mean"),
    pytest.param(r"\tilde\beta_t := \frac{1-\bar\alpha_{t-1}}{1-\bar\alpha_t}\beta_t", "assignment",
                 id="ddpm-posterior-variance"),
    pytest.param(r"\theta_j := \theta_j - \alpha \frac{\partial}{\partial \theta_j} J(\theta)", "update",
                 id="cs229-gradient-descent"),
    pytest.param(r"\theta := \theta + \alpha \left(y - \theta^T x\right) x", "update", id="cs229-lms-rule"),
])
def test_colon_equals_updates_only_a_name_on_its_right(latex: str, kind: str) -> None:
    assert symdl.parse(latex).statements[0].kind == kind


def test_ddpm_posterior_mean_evaluates() -> None:
    latex = (r"\tilde{\boldsymbol{\mu}}_t(\mathbf{x}_t, \mathbf{x}_0) := \frac{\sqrt{\bar\alpha_{t-1}}\beta_t }"
             r"{1-\bar\alpha_t}\mathbf{x}_0 + \frac{\sqrt{\alpha_t}(1- \bar\alpha_{t-1})}{1-\bar\alpha_t} \mathbf{x}_t")
    ab1, ab, a, b = 0.6, 0.5, 0.9, 0.1
    inputs = {r"\bar\alpha_{t-1}": ab1, r"\bar\alpha_t": ab, r"\alpha_t": a, r"\beta_t": b,
              r"\mathbf{x}_0": X3, r"\mathbf{x}_t": MU3}
    want = np.sqrt(ab1) * b / (1 - ab) * X3 + np.sqrt(a) * (1 - ab1) / (1 - ab) * MU3
    assert_reads_as(symdl.parse(latex), inputs, want, [])


@pytest.mark.parametrize("latex", [
    pytest.param(r"E_{\mathrm{RMS}} = \sqrt{2E(\mathbf{w}^\star)/N}", id="bishop-rms-error"),
    pytest.param(r"E = E_D(\mathbf{w}) + \lambda E_W(\mathbf{w})", id="bishop-regularised-error"),
    pytest.param(r"L_{\text{total}} = \mathrm{Loss}(\mathbf{y}) + \lambda \mathbf{w}^T \mathbf{w}", id="word-loss"),
])
def test_a_name_set_to_a_function_s_number_is_a_number(latex: str) -> None:
    """E(\\mathbf{w}): a function written with a capital or a word is a number (as its shape says), so the name
    set equal to it is no matrix."""
    f = symdl.parse(latex)
    target = f.statements[0].lhs
    assert not getattr(target, "is_Matrix", False)
    assert str(target) not in f.shapes


@pytest.mark.parametrize("latex", [
    pytest.param(r"\mathbf{W}_{SN} = \dfrac{\mathbf{W}}{\sigma(\mathbf{W})}", id="pytorch-spectral-norm"),
    pytest.param(r"\bar{W}_{\text{SN}}(W) := W / \sigma(W)", id="miyato-spectral-normalization"),
])
def test_sigma_of_a_weight_dividing_it_is_its_spectral_norm(latex: str) -> None:
    """σ(W) of one matrix name, dividing: the spectral norm (W's largest singular value); refused by name until
    session 43, read since (noted spectral-norm) and evaluated against numpy's 2-norm."""
    f = symdl.parse(latex)
    note = next(n for n in f.notes if n.rule == "spectral-norm")
    assert latex[note.span.start : note.span.end].startswith(r"\sigma(")
    w = np.random.default_rng(1243).normal(size=(3, 2))
    spelled = r"\mathbf{W}" if r"\mathbf{W}" in latex else "W"
    got = symdl.lambdify(f)(**{spelled: w})
    np.testing.assert_allclose(np.asarray(got, dtype=float), w / np.linalg.norm(w, 2), rtol=1e-12)


SIGMOIDS = [
    ("ng-activation", "Ng's A^{[1]} = σ(Z^{[1]}): a pre-activation matrix keeps the sigmoid", r"A^{[1]} = \sigma(Z^{[1]})",
     {"Z^{[1]}": W45}, _sigmoid(W45), []),
    ("sigmoid-of-a-product-divides", "σ(W x) in a divisor is the sigmoid of a pre-activation",
     r"\mathbf{h} = \frac{\mathbf{x}}{\sigma(\mathbf{W}\mathbf{x})}", {r"\mathbf{x}": X4, r"\mathbf{W}": W54[:4]},
     X4 / _sigmoid(W54[:4] @ X4), []),
]


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [r[2:] for r in SIGMOIDS], ids=[r[0] for r in SIGMOIDS])
def test_sigma_of_a_pre_activation_is_the_sigmoid(latex: str, inputs: dict, want: object, rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)


@pytest.mark.parametrize(("latex", "inputs", "want", "rules"), [r[2:] for r in FEED_FORWARDS],
                         ids=[r[0] for r in FEED_FORWARDS])
def test_a_letter_before_a_weight_is_a_row_times_a_matrix(latex: str, inputs: dict, want: object,
                                                          rules: list[str]) -> None:
    assert_reads_as(symdl.parse(latex), inputs, want, rules)
