"""Session 15, task i (issue 13): products of declared matrices written without spaces, transposes of brackets,
and no crash on declared families.

Sources:
* the Matrix Cookbook (Petersen & Pedersen, 2012), section 2.5 "Derivatives of traces": eq. (107)
  ∂/∂X tr(AXBX) = AᵀXᵀBᵀ + BᵀXᵀAᵀ, eq. (108) ∂/∂X tr(AXBXᵀ) = AᵀXBᵀ + AXB, eq. (110) ∂/∂X tr[(AXB + C)(AXB + C)ᵀ]
  = 2Aᵀ(AXB + C)Bᵀ — written, as the Cookbook does, with the letters side by side;
* cs229 lecture notes 1, least squares in matrix form: J(θ) = ½ (Xθ − y)ᵀ(Xθ − y), ∇J = Xᵀ(Xθ − y), with square
  brackets transposed;
* Nielsen, "Neural Networks and Deep Learning", ch. 2: the output error δᴸ = (aᴸ − y) ⊙ σ'(zᴸ) of the quadratic cost,
  transposed inside a bracket (BP1, BP2 and BP4 in matrix form);
* Ioffe & Szegedy 2015 / cs231n assignment 2: batch norm's ∂L/∂γ = Σᵢ gᵢ x̂ᵢ, the command that crashed (exit 4);
* Zhang & Sennrich 2019, RMSNorm: r = sqrt(1/n xᵀx + ε), y = γ ⊙ x / r (a 1×1 product inside a sqrt).
"""

from __future__ import annotations

import itertools

import numpy as np
import pytest

import symdl
from symdl.cli import main
from tests.real_sources import assert_reads_as

SIGMA = r"\sigma(W\mathbf{a} + \mathbf{b})"
DELTA = rf"\left[({SIGMA} - \mathbf{{y}}) \odot \sigma'(W\mathbf{{a}} + \mathbf{{b}})\right]"
NIELSEN = rf"\frac{{1}}{{2}}\left\|{SIGMA} - \mathbf{{y}}\right\|^2"
NIELSEN_SHAPES = ("W=3x3", "a=3", "b=3", "y=3")
CUBES = ("A=3x3", "X=3x3", "B=3x3")

# (id, function, wrt, right claim, subtly wrong claim, shapes)
CHECKS = [
    ("cookbook-107-tr-AXBX", r"\operatorname{tr}(AXBX)", "X", r"A^T X^T B^T + B^T X^T A^T", r"A^T X^T B^T", CUBES),
    ("cookbook-108-tr-AXBXT", r"\operatorname{tr}(AXBX^T)", "X", r"A^T X B^T + A X B", r"A^T X B^T + A X B^T", CUBES),
    ("cookbook-108-in-line", r"A, B \in \mathbb{R}^{3 \times 3} \\ \operatorname{tr}(AXBX^T)", "X",
     r"A^T X B^T + A X B", r"A X B^T + A^T X B^T", ("X=3x3",)),
    ("cookbook-110-tr-square", r"\operatorname{tr}\left[(AXB + C)(AXB + C)^T\right]", "X", r"2A^T(AXB + C)B^T",
     r"2A^T(AXB + C)B", (*CUBES, "C=3x3")),
    ("nielsen-bp4-left-right", NIELSEN, "W", rf"{DELTA} \mathbf{{a}}^T", rf"\mathbf{{a}} {DELTA}^T", NIELSEN_SHAPES),
    ("nielsen-bp2-transposed-bracket", NIELSEN, r"\mathbf{a}", rf"\left({DELTA}^T W\right)^T",
     rf"\left({DELTA}^T W^T\right)^T", NIELSEN_SHAPES),
    ("cs229-least-squares-plain-brackets", r"\frac{1}{2}[X\theta - \mathbf{y}]^T [X\theta - \mathbf{y}]", r"\theta",
     r"X^T(X\theta - \mathbf{y})", r"X^T(X\theta + \mathbf{y})", ("X=5x3", "theta=3", "y=5")),
]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(["check", *argv, "--no-color"])
    return code, capsys.readouterr().out


def _shape_args(shapes: tuple[str, ...]) -> list[str]:
    return [a for s in shapes for a in ("--shape", s)]


@pytest.mark.parametrize(("f", "wrt", "right", "shapes"), [(c[1], c[2], c[3], c[5]) for c in CHECKS],
                         ids=[c[0] for c in CHECKS])
def test_right_claim_is_verified(capsys: pytest.CaptureFixture[str], f: str, wrt: str, right: str,
                                 shapes: tuple[str, ...]) -> None:
    code, out = run(capsys, f, "--wrt", wrt, "--claim", right, *_shape_args(shapes))
    assert code == 0, out
    assert out.startswith("verified"), out


@pytest.mark.parametrize(("f", "wrt", "wrong", "shapes"), [(c[1], c[2], c[4], c[5]) for c in CHECKS],
                         ids=[c[0] for c in CHECKS])
def test_wrong_claim_is_refuted(capsys: pytest.CaptureFixture[str], f: str, wrt: str, wrong: str,
                                shapes: tuple[str, ...]) -> None:
    code, out = run(capsys, f, "--wrt", wrt, "--claim", wrong, *_shape_args(shapes))
    assert code == 1, out
    assert out.startswith("refuted"), out


RNG = np.random.default_rng(15)
A3, X3, B3, C3 = (RNG.standard_normal((3, 3)) for _ in range(4))


@pytest.mark.parametrize(("latex", "shapes", "want", "rules"), [
    (r"\operatorname{tr}(AXBX)", {"A": (3, 3), "X": (3, 3), "B": (3, 3)}, np.trace(A3 @ X3 @ B3 @ X3),
     ["letters-product"]),
    (r"\operatorname{tr}(AXBX^T)", {"A": (3, 3), "X": (3, 3), "B": (3, 3)}, np.trace(A3 @ X3 @ B3 @ X3.T),
     ["letters-product"]),
    (r"\operatorname{tr}[(AXB + C)(AXB + C)^T]", {"A": (3, 3), "X": (3, 3), "B": (3, 3), "C": (3, 3)},
     np.trace((A3 @ X3 @ B3 + C3) @ (A3 @ X3 @ B3 + C3).T), ["letters-product", "letters-product"]),
], ids=["cookbook-107", "cookbook-108", "cookbook-110"])
def test_declared_letters_read_as_a_matrix_product(latex: str, shapes: dict, want: float, rules: list[str]) -> None:
    inputs = {"A": A3, "X": X3, "B": B3, "C": C3}
    f = symdl.parse(latex, shapes=shapes)
    assert_reads_as(f, {k: v for k, v in inputs.items() if k in shapes}, want, rules)


def test_undeclared_run_stays_a_word_with_a_note_naming_declarations() -> None:
    f = symdl.parse(r"\operatorname{tr}(AXBX)")
    assert [n.rule for n in f.notes] == ["word-name"]
    assert "--shape A=3x3" in str(f.notes[0])


def test_function_without_the_variable_is_no_batch_shape_message(capsys: pytest.CaptureFixture[str]) -> None:
    """tr(AXBX^T) undeclared: AXBX is one word, so X is only in the claim; the user is told that, never the
    check_grads message about leading batch axes."""
    code, out = run(capsys, r"\operatorname{tr}(AXBX^T)", "--wrt", "X", "--claim", r"A^T X B^T + A X B")
    assert code == 3, out
    assert "does not depend on 'X'" in out and "batch" not in out


BATCHNORM = r"\sum_{i=1}^{4} g_i\left(\gamma\frac{x_i - \mu}{\sqrt{v + \epsilon}} + \beta\right)"
BN_CLAIMS = [r"\sum_{i=1}^{4} g_i", r"\sum_{i=1}^{4} g_i \frac{x_i - \mu}{\sqrt{v + \epsilon}}", r"g_1", "0",
             r"\sum_{i=1}^{4} x_i"]
BN_SHAPES = [("g=4", "x=4"), ("g=4",), ("x=4",), ()]


@pytest.mark.parametrize(("claim", "shapes"), list(itertools.product(BN_CLAIMS, BN_SHAPES)),
                         ids=[f"claim{c}-shapes{s}" for c, s in itertools.product(range(len(BN_CLAIMS)),
                                                                                 range(len(BN_SHAPES)))])
def test_batchnorm_gamma_claims_never_crash(capsys: pytest.CaptureFixture[str], claim: str,
                                            shapes: tuple[str, ...]) -> None:
    """cs231n's batch-norm ∂L/∂γ with claims that name the formula's families or not, shapes declared or not:
    a verdict or a clear error, never an internal error (exit 4; it was a TypeError on g's unset shape)."""
    code, out = run(capsys, BATCHNORM, "--wrt", r"\gamma", "--claim", claim, *_shape_args(shapes))
    assert code in (0, 1, 2, 3), out
    assert "internal error" not in out


def test_declared_vector_before_a_bracket_is_a_product() -> None:
    f = symdl.parse(BATCHNORM, shapes={"g": (4,)})
    assert "product-of-a-declared" in [n.rule for n in f.notes]
    assert "function-family" not in [n.rule for n in f.notes]


def test_rmsnorm_file_with_a_1x1_product_in_a_sqrt(capsys: pytest.CaptureFixture[str], tmp_path) -> None:
    """Zhang & Sennrich's RMSNorm: r = sqrt(x^T x / 4 + eps) keeps the batch axis (it was the check_grads
    message); the right steps verify, a lost r in dγ is refuted."""
    lines = [r"x \in \mathbb{R}^{4}", r"\gamma \in \mathbb{R}^{4}", r"g \in \mathbb{R}^{4}",
             r"r = \sqrt{\frac{1}{4} x^\top x + \epsilon}", r"y = \gamma \odot \frac{x}{r}", r"J = g^\top y",
             r"dy = g", r"d\gamma = g \odot \frac{x}{r}",
             r"dx = \frac{\gamma \odot g}{r} - \frac{x \, x^\top (\gamma \odot g)}{4 r^3}"]
    path = tmp_path / "rmsnorm.tex"
    path.write_text("\n".join(lines) + "\n")
    code, out = run(capsys, str(path))
    assert code == 0 and out.startswith("verified: all "), out
    lines[7] = r"d\gamma = g \odot x"
    path.write_text("\n".join(lines) + "\n")
    code, out = run(capsys, str(path))
    assert code == 1 and "batch" not in out, out
