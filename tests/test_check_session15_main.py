"""Verdicts of hand derivations that symdl cannot evaluate: never a refutation.

A claimed step whose value symdl cannot compute (a name no forward line defines and no input gives, such as
``x_{k}`` read as a name of its own beside Parr & Howard's ``z = w^T x``) has no number to judge: the step is
undecided (exit 3), saying why, where it had been WRONG with an infinite error (a refutation of a claim that was
never evaluated).  A wrong step of the same derivation is still refuted at its line.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from symdl.cli import main

HEAD = [r"w \in \mathbb{R}^{3}", r"x \in \mathbb{R}^{3}", r"z = w^T x", r"J = z^2", r"dz = 2 z"]

# (id, last line, exit code, what the output says)
ROWS = [
    ("unevaluable-name-undecided", r"dw = dz\, x_{k}", 3, "the claim cannot be evaluated"),
    ("right-step-verified", r"dw = dz\, x", 0, "verified"),
    ("wrong-step-refuted", r"dw = z\, x", 1, "miss.tex:6: error: wrong step"),
]


@pytest.mark.parametrize(("last", "code", "says"), [r[1:] for r in ROWS], ids=[r[0] for r in ROWS])
def test_unevaluable_step_is_undecided(tmp_path: Path, capsys: pytest.CaptureFixture[str], last: str, code: int,
                                       says: str) -> None:
    path = tmp_path / "miss.tex"
    path.write_text("\n".join([*HEAD, last]) + "\n")
    rc = main(["check", str(path), "--convention", "exact", "--no-color"])
    out = capsys.readouterr()
    assert rc == code, out
    assert says in out.out + out.err


# (id, formula, wrt, right claim, wrong claim, shapes): an identity written in a claim's product, bold or with its size
# (Matrix Cookbook eq. 100, ∂tr(AX)/∂X = Aᵀ, as students write it with the identity kept): a random matrix had stood in
# for I_3 and the right claim was refuted
IDENTITY_ROWS = [
    ("cookbook100-bold-identity", r"\mathrm{tr}(A X)", "X", r"A^T \mathbf{I}", r"A \mathbf{I}"),
    ("cookbook100-sized-identity", r"\mathrm{tr}(A X)", "X", r"A^T I_3", r"A I_3"),
    ("cookbook100-braced-size", r"\mathrm{tr}(A X)", "X", r"I_{3} A^T", r"I_{3} A"),
]


@pytest.mark.parametrize(("f", "wrt", "right", "wrong"), [r[1:] for r in IDENTITY_ROWS],
                         ids=[r[0] for r in IDENTITY_ROWS])
def test_identity_in_a_claims_product(capsys: pytest.CaptureFixture[str], f: str, wrt: str, right: str,
                                      wrong: str) -> None:
    args = ["check", f, "--wrt", wrt, "--shape", "A=3x3", "--shape", "X=3x3", "--no-color"]
    assert main([*args, "--claim", right]) == 0, capsys.readouterr()
    capsys.readouterr()
    assert main([*args, "--claim", wrong]) == 1, capsys.readouterr()


# A loss after one gradient step, differentiated by the step size (Goodfellow 4.3's line search; Baydin et al. 2018's
# hypergradient ∂L/∂η = −gᵀ∇L(θ − ηg)): SymPy's matrix diff by a number raised ShapeError ("Matrices are not aligned"),
# an InternalError (exit 4); symdl's differentiator now refuses that node by name and the numbers decide
STEP_SIZE = [r"\frac{1}{2}\|X(\boldsymbol{\theta} - \eta\mathbf{g}) - \mathbf{y}\|_2^2", "--wrt", r"\eta",
             "--shape", "X=4x3", "--shape", r"\boldsymbol{\theta}=3", "--shape", r"\mathbf{g}=3",
             "--shape", r"\mathbf{y}=4", "--no-color"]
STEP_ROWS = [
    ("hypergradient-right", r"-\mathbf{g}^{\top}X^{\top}\left(X(\boldsymbol{\theta} - \eta\mathbf{g}) - \mathbf{y}\right)", 0),
    ("hypergradient-sign-lost", r"\mathbf{g}^{\top}X^{\top}\left(X(\boldsymbol{\theta} - \eta\mathbf{g}) - \mathbf{y}\right)", 1),
]


@pytest.mark.parametrize(("claim", "code"), [r[1:] for r in STEP_ROWS], ids=[r[0] for r in STEP_ROWS])
def test_derivative_by_a_step_size(capsys: pytest.CaptureFixture[str], claim: str, code: int) -> None:
    assert main(["check", *STEP_SIZE, "--claim", claim]) == code, capsys.readouterr()


def test_whole_vector_claim_for_a_formula_by_entries_is_bad_input(capsys: pytest.CaptureFixture[str]) -> None:
    """Murphy's logsumexp Hessian diag(p) − p pᵀ claimed with a bold x for a formula written by entries x_i: the font
    alias put the family of entries inside diag(·) and raised TypeError, an InternalError (exit 4)."""
    rc = main(["check", r"\log\sum_{i=1}^{3} e^{x_i}", "--wrt", r"\mathbf{x}", "--shape", r"\mathbf{x}=3", "--hessian",
               "--claim", r"\operatorname{diag}(\operatorname{softmax}(\mathbf{x})) - \operatorname{softmax}(\mathbf{x})"
               r"\operatorname{softmax}(\mathbf{x})^\top", "--no-color"])
    err = capsys.readouterr().err
    assert rc == 2 and "where the formula writes it by its entries" in err, err


# (id, formula, wrt, claim, shapes, verdict): the claim reads each name as its formula does — a number of the formula is
# a number in the claim, whatever the claim's own context suggests (Bishop 2.118's -N/2 ln|Σ| by Σ: the claim's N beside
# Σ^{-T} had been read as a matrix, "bad input"; w^2's claim 2w^T is 2w, w a number)
SAME_KIND = [
    ("bishop-gaussian-N-right", r"-\frac{N}{2}\ln|\Sigma| - \frac{1}{2}\operatorname{tr}(\Sigma^{-1}S)", r"\Sigma",
     r"-\frac{N}{2}\Sigma^{-\top} + \frac{1}{2}\Sigma^{-\top}S^{\top}\Sigma^{-\top}", 0),
    ("bishop-gaussian-N-sign", r"-\frac{N}{2}\ln|\Sigma| - \frac{1}{2}\operatorname{tr}(\Sigma^{-1}S)", r"\Sigma",
     r"-\frac{N}{2}\Sigma^{-\top} - \frac{1}{2}\Sigma^{-\top}S^{\top}\Sigma^{-\top}", 1),
    ("scalar-w-transposed-claim", r"w^2", "w", r"2w^T", 0),
]


@pytest.mark.parametrize(("f", "wrt", "claim", "code"), [r[1:] for r in SAME_KIND], ids=[r[0] for r in SAME_KIND])
def test_claim_reads_names_as_the_formula_does(capsys: pytest.CaptureFixture[str], f: str, wrt: str, claim: str,
                                               code: int) -> None:
    args = ["check", f, "--wrt", wrt, "--claim", claim, "--no-color"]
    if "Sigma" in f:
        args += ["--shape", r"\Sigma=3x3", "--shape", "S=3x3"]
    assert main(args) == code, capsys.readouterr()


# \pi before a parenthesis that writes \pi alone is the constant times it (\pi(1 - \pi) in a mixture's responsibility,
# Bishop 9.2): the first \pi had become a variable named \pi beside the constant π elsewhere, and a right claim was
# refuted; a policy \pi(a|s) stays a call
PI_ROWS = [
    ("bishop-responsibility-right",
     r"(x - \mu_1)\frac{\pi(1 - \pi)e^{-(x - \mu_1)^2/2}e^{-(x - \mu_2)^2/2}}{\left(\pi e^{-(x - \mu_1)^2/2} + "
     r"(1 - \pi)e^{-(x - \mu_2)^2/2}\right)^2}", 0),
    ("bishop-responsibility-sign",
     r"(\mu_1 - x)\frac{\pi(1 - \pi)e^{-(x - \mu_1)^2/2}e^{-(x - \mu_2)^2/2}}{\left(\pi e^{-(x - \mu_1)^2/2} + "
     r"(1 - \pi)e^{-(x - \mu_2)^2/2}\right)^2}", 1),
]


@pytest.mark.parametrize(("claim", "code"), [r[1:] for r in PI_ROWS], ids=[r[0] for r in PI_ROWS])
def test_pi_times_a_parenthesis_with_pi_is_the_constant(capsys: pytest.CaptureFixture[str], claim: str,
                                                        code: int) -> None:
    f = r"\frac{\pi e^{-(x - \mu_1)^2/2}}{\pi e^{-(x - \mu_1)^2/2} + (1 - \pi)e^{-(x - \mu_2)^2/2}}"
    assert main(["check", f, "--wrt", r"\mu_1", "--claim", claim, "--no-color"]) == code, capsys.readouterr()


def test_pi_of_one_minus_pi_reads_as_numbers() -> None:
    import numpy as np

    import symdl

    f = symdl.parse(r"\pi(1 - \pi) x")
    fn = symdl.lambdify(f)
    assert np.isclose(fn(x=2.0), np.pi * (1 - np.pi) * 2.0)
    assert "pi(a, s)" in str(symdl.parse(r"\pi(a|s)").statements[0].rhs)  # a policy: still a call


# Layer norm's Jacobian (Ba et al. 2016) with the centring written inside a fraction: SymPy gathered I·𝟙 − ¼𝟙 into
# (I − ¼)·𝟙 and the letter I stayed a number added to every entry, so the right claim was refuted
LN = r"\frac{\mathbf{x} - \frac{1}{4}\mathbf{1}\mathbf{1}^\top\mathbf{x}}{\sqrt{\frac{1}{4}\|\mathbf{x} - \frac{1}{4}\mathbf{1}\mathbf{1}^\top\mathbf{x}\|_2^2 + \epsilon}}"
R = r"\sqrt{\frac{1}{4}\|\mathbf{x} - \frac{1}{4}\mathbf{1}\mathbf{1}^\top\mathbf{x}\|_2^2 + \epsilon}"
OUTER = r"\frac{(\mathbf{x} - \frac{1}{4}\mathbf{1}\mathbf{1}^\top\mathbf{x})(\mathbf{x} - \frac{1}{4}\mathbf{1}\mathbf{1}^\top\mathbf{x})^\top}{4 (" + R + ")^3}"
LN_ROWS = [
    ("layernorm-jacobian-right", r"\frac{I - \frac{1}{4}\mathbf{1}\mathbf{1}^\top}{" + R + "} - " + OUTER, 0),
    ("layernorm-jacobian-centring-lost", r"\frac{I}{" + R + "} - " + OUTER, 1),
]


@pytest.mark.parametrize(("claim", "code"), [r[1:] for r in LN_ROWS], ids=[r[0] for r in LN_ROWS])
def test_identity_gathered_into_a_ones_matrix(capsys: pytest.CaptureFixture[str], claim: str, code: int) -> None:
    assert main(["check", LN, "--wrt", r"\mathbf{x}", "--claim", claim, "--shape", "x=4", "--no-color"]) == code, \
        capsys.readouterr()


def test_entries_beside_the_whole_vector_in_a_derivation_is_not_a_crash(tmp_path: Path,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    """cs231n's batch norm by entries (μ = ¼ Σ_k a_k) beside the whole vector (a − μ): the forward system's rows and
    columns did not line up and SymPy's ShapeError was an InternalError (exit 4); now a refusal naming it (exit 2)."""
    lines = [r"a \in \mathbb{R}^{4}", r"u \in \mathbb{R}^{4}", r"\mu = \frac{1}{4} \sum_{k=1}^{4} a_k",
             r"s = \frac{1}{4} \sum_{k=1}^{4} (a_k - \mu)^2", r"\hat{a} = \frac{a - \mu}{\sqrt{s + \epsilon}}",
             r"J = \sum_{k=1}^{4} u_k \hat{a}_k", r"d\hat{a} = u"]
    path = tmp_path / "bn.tex"
    path.write_text("\n".join(lines) + "\n")
    rc = main(["check", str(path), "--convention", "exact", "--no-color"])
    err = capsys.readouterr().err
    assert rc == 2 and "mix a vector's entries with the whole vector" in err, err
