"""Checking claimed Hessians (``symdl check --hessian``, ``check_gradient(..., order=2)``) and the layout line.

Each row is (function, variable, right Hessian, subtly wrong Hessian, shapes) from a real source:

* Goodfellow, Bengio & Courville, *Deep Learning* ch. 4.3 (Newton's method): the Hessian of ½xᵀAx − bᵀx is
  ½(A + Aᵀ) (A for a non-symmetric A is wrong); linear least squares ½‖Xw − y‖² has Hessian XᵀX (2XᵀX wrong);
  softplus'' = σ(x)(1 − σ(x)) (eq. 3.31's softplus' = σ, so σ itself is the gradient, not the Hessian);
* Bishop, *PRML* 4.3.3 (IRLS): the cross-entropy of logistic regression has Hessian ΦᵀRΦ, R = diag(y(1 − y)),
  y = σ(Φw) (diag(y) without the 1 − y is wrong); 3.1.4 regularised least squares ΦᵀΦ + λI (without λI wrong);
* Murphy, *Machine Learning: a Probabilistic Perspective* 8.3.7 / *PML1* 10.3: the Hessian of logsumexp is
  diag(p) − ppᵀ, p = softmax(x) (diag(p) without − ppᵀ wrong);
* the Matrix Cookbook (Petersen & Pedersen) 2.4.2: ∂²(xᵀAx)/∂x∂xᵀ = A + Aᵀ (2A wrong for a non-symmetric A);
  ‖Ax − b‖² has Hessian 2AᵀA (AᵀA, the lost 2, wrong); (Ax + b)ᵀC(Dx + d) has AᵀCD + DᵀCᵀA (2AᵀCD wrong);
* Nocedal & Wright, *Numerical Optimization* eq. 2.23: Rosenbrock's f = 100(y − x²)² + (1 − x)², whose Hessian
  entries are ∂²f/∂x² = 1200x² − 400y + 2 and ∂²f/∂y² = 200;
* Nesterov & Polyak 2006, cubic regularisation (M/6)|x|³ (not analytic: central differences of the gradient),
  second derivative M|x|.

Then: a claim that is not n×n is bad input (exit 2) naming both shapes, and every verdict states its layout.
"""

from __future__ import annotations

import pytest

import symdl
from symdl.cli import main
from symdl.config import Config
from symdl.errors import InvalidInput, NotSupported

SEED = Config(seed=15)
LOGREG = r"-(t^T \log \sigma(\Phi w) + (1 - t)^T \log(1 - \sigma(\Phi w)))"
LOGREG_SHAPES = {"w": (3,), r"\Phi": (5, 3), "t": (5,)}
LSE = r"\log(\mathbf{1}^T \exp(\mathbf{x}))"
P = r"\exp(\mathbf{x})"
Z = r"\mathbf{1}^T \exp(\mathbf{x})"
COOKBOOK_ABCD = {"x": (3,), "A": (4, 3), "b": (4,), "C": (4, 2), "D": (2, 3), "d": (2,)}
ROSENBROCK = r"100 (y - x^2)^2 + (1 - x)^2"

# (id, function, variable, right Hessian, subtly wrong Hessian, shapes)
ROWS = [
    ("goodfellow-4.3-newton-quadratic", r"\frac{1}{2} x^T A x - b^T x", "x", r"\frac{1}{2}(A + A^T)", "A",
     {"x": (3,), "A": (3, 3), "b": (3,)}),
    ("goodfellow-4.5-least-squares", r"\frac{1}{2}\|X w - y\|^2", "w", "X^T X", "2 X^T X",
     {"w": (3,), "X": (5, 3), "y": (5,)}),
    ("goodfellow-3.31-softplus", r"\log(1 + e^{x})", "x", r"\sigma(x)(1 - \sigma(x))", r"\sigma(x)", None),
    ("bishop-4.3.3-logistic-irls", LOGREG, "w",
     r"\Phi^T \mathrm{diag}(\sigma(\Phi w) \odot (1 - \sigma(\Phi w))) \Phi",
     r"\Phi^T \mathrm{diag}(\sigma(\Phi w)) \Phi", LOGREG_SHAPES),
    ("bishop-3.1.4-ridge", r"\frac{1}{2}\|\Phi w - t\|^2 + \frac{\lambda}{2} w^T w", "w", r"\Phi^T \Phi + \lambda I",
     r"\Phi^T \Phi", {"w": (3,), r"\Phi": (5, 3), "t": (5,)}),
    ("murphy-8.3.7-logsumexp", LSE, "x",
     rf"\frac{{\mathrm{{diag}}({P})}}{{{Z}}} - \frac{{{P} {P}^T}}{{({Z})^2}}",
     rf"\frac{{\mathrm{{diag}}({P})}}{{{Z}}}", {"x": (4,)}),
    ("cookbook-2.4.2-xtAx", "x^T A x", "x", "A + A^T", "2 A", {"x": (3,), "A": (3, 3)}),
    ("cookbook-norm-Ax-b", r"\|A x - b\|^2", "x", "2 A^T A", "A^T A", {"x": (3,), "A": (4, 3), "b": (4,)}),
    ("cookbook-2.4.2-affine-pair", "(A x + b)^T C (D x + d)", "x", "A^T C D + D^T C^T A", "2 A^T C D",
     COOKBOOK_ABCD),
    ("nocedal-2.23-rosenbrock-xx", ROSENBROCK, "x", "1200 x^2 - 400 y + 2", "1200 x^2 - 400 y", None),
    ("nocedal-2.23-rosenbrock-yy", ROSENBROCK, "y", "200", "100", None),
    ("nesterov-polyak-cubic", r"\frac{M}{6} |x|^3", "x", r"M |x|", r"\frac{M}{2} |x|", None),
]
IDS = [r[0] for r in ROWS]


@pytest.mark.parametrize(("name", "f", "wrt", "right", "wrong", "shapes"), ROWS, ids=IDS)
def test_right_hessian_verified(name: str, f: str, wrt: str, right: str, wrong: str, shapes: dict | None) -> None:
    v = symdl.check_gradient(f, wrt, right, shapes=shapes, order=2, config=SEED)
    assert v.verdict == "verified", str(v)
    assert v.layout.startswith(("Hessian H_ij = ∂²f/∂", "second derivative d²f/d")), v.layout


@pytest.mark.parametrize(("name", "f", "wrt", "right", "wrong", "shapes"), ROWS, ids=IDS)
def test_wrong_hessian_refuted(name: str, f: str, wrt: str, right: str, wrong: str, shapes: dict | None) -> None:
    v = symdl.check_gradient(f, wrt, wrong, shapes=shapes, order=2, config=SEED)
    assert v.verdict == "refuted", str(v)
    assert v.counterexample is not None and v.counterexample.rel_error > 1e-3


def test_hessian_not_gradient() -> None:
    """The gradient (A + Aᵀ)x claimed as the Hessian is bad input naming both shapes, never 'refuted'."""
    with pytest.raises(InvalidInput, match=r"is 3×3; the claim has shape 3×1"):
        symdl.check_gradient("x^T A x", "x", "(A + A^T) x", shapes={"x": (3,), "A": (3, 3)}, order=2, config=SEED)


def test_hessian_of_vector_not_supported() -> None:
    with pytest.raises(NotSupported, match="3-index tensor"):
        symdl.check_gradient(r"\tanh(W x)", "x", "W", shapes={"x": (3,), "W": (2, 3)}, order=2, config=SEED)


def test_gradient_unchanged_by_order_one() -> None:
    """Order 1 (the default) still checks the gradient: Goodfellow's Newton quadratic, gradient ½(A + Aᵀ)x − b."""
    v = symdl.check_gradient(r"\frac{1}{2} x^T A x - b^T x", "x", r"\frac{1}{2}(A + A^T) x - b",
                             shapes={"x": (3,), "A": (3, 3), "b": (3,)}, config=SEED)
    assert v.verdict == "verified", str(v)
    assert v.layout == "denominator (ML) layout: the gradient is shaped like x (3×1)"


def test_identity_in_claim_is_identity() -> None:
    """Bishop 3.28's gradient (ΦᵀΦ + λI)w − Φᵀt: the claim's I is the identity, not a random matrix (was refuted)."""
    v = symdl.check_gradient(r"\frac{1}{2}\|\Phi w - t\|^2 + \frac{\lambda}{2} w^T w", "w",
                             r"(\Phi^T \Phi + \lambda \mathbf{I}) w - \Phi^T t",
                             shapes={"w": (3,), r"\Phi": (5, 3), "t": (5,)}, config=SEED)
    assert v.verdict == "verified", str(v)  # bold \mathbf{I} beside a square matrix is the identity (no note)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["check", *argv])
    got = capsys.readouterr()
    return code, got.out, got.err


# (id, argv, exit code, lines the output must contain) — the CLI: exit codes and the layout line
CLI = [
    ("cookbook-xtAx-hessian-verified", ["x^T A x", "--wrt", "x", "--claim", "A + A^T", "--shape", "x=3",
                                        "--shape", "A=3x3", "--hessian"], 0,
     ["verified: the claim is the Hessian ∂²/∂x²", "  layout: Hessian H_ij = ∂²f/∂x_i∂x_j (3×3)"]),
    ("cookbook-xtAx-hessian-2A-refuted", ["x^T A x", "--wrt", "x", "--claim", "2A", "--shape", "x=3",
                                          "--shape", "A=3x3", "--hessian"], 1,
     ["refuted: the claim is NOT the Hessian ∂²/∂x²", "  claim - truth = A − Aᵀ"]),
    ("cookbook-xtAx-gradient-as-hessian", ["x^T A x", "--wrt", "x", "--claim", "(A + A^T) x", "--shape", "x=3",
                                           "--shape", "A=3x3", "--hessian"], 2,
     ["the Hessian by x (length 3) is 3×3; the claim has shape 3×1"]),
    ("d2l-2xtx-gradient-layout", [r"2\mathbf{x}^T\mathbf{x}", "--wrt", "x", "--claim", "4x", "--shape", "x=4"], 0,
     ["  layout: denominator (ML) layout: the gradient is shaped like x (4×1)"]),
    ("cs231n-tanh-jacobian-layout", [r"\tanh(W x)", "--wrt", "x", "--claim",
                                     r"\mathrm{diag}(1 - \tanh(W x)^2) W", "--shape", "x=3", "--shape", "W=2x3"], 0,
     ["  layout: numerator layout: the Jacobian J_ij = ∂f_i/∂x_j"]),
]


@pytest.mark.parametrize(("name", "argv", "code", "lines"), CLI, ids=[c[0] for c in CLI])
def test_cli(capsys: pytest.CaptureFixture[str], name: str, argv: list[str], code: int, lines: list[str]) -> None:
    got, out, err = run(capsys, *argv)
    assert got == code, out + err
    for line in lines:
        assert line in (out + err).splitlines() or line in out + err, out + err


def test_hessian_flag_needs_claim(capsys: pytest.CaptureFixture[str]) -> None:
    got, out, err = run(capsys, "x^T A x", "--hessian")
    assert got == 2 and "--hessian needs --wrt and --claim" in out + err
