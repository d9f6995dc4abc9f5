"""One name-and-shape environment for a gradient check's formula, claim and ``--wrt`` (issue 13, item 3).

Rows from real sources, each a (function, variable, right claim, subtly wrong claim) with the claim or ``--wrt``
written in another font than the formula (bold dropped or added, ``\\vec``, ``\\boldsymbol``): d2l's
``2x^Tx → 4x`` (sec. 2.4.3, gradients), Goodfellow et al.'s least squares (sec. 4.5, eq. 4.22
``A^TAx - A^Tb``), the Matrix Cookbook's eqs. (69) ``∂a^Tx/∂x = a``, (81) ``∂x^TBx/∂x = (B + B^T)x`` and (77)
``∂b^TX^TXc/∂X = X(bc^T + cb^T)``, cs231n's linear layer (``dW = dY x^T``, the backprop note), Parr & Howard's
dot product ``∂(w·x)/∂w = x``.  Must-not-change rows: a formula that writes both spellings keeps them apart.
Shape rows: a claim whose shape cannot be the gradient's is bad input (exit 2), never "refuted".
"""

from __future__ import annotations

import pytest

import symdl
from symdl.cli import main
from symdl.errors import InvalidInput

CFG = symdl.Config(seed=15)

# (id, function, wrt, right claim, wrong claim, shapes)
PAIRS = [
    ("d2l-2xTx-bold-formula-plain-claim", r"2\mathbf{x}^T\mathbf{x}", r"\mathbf{x}", "4x", "2x", {}),
    ("d2l-2xTx-latex-shape", r"2\mathbf{x}^T\mathbf{x}", r"\mathbf{x}", "4x", "4x^Tx", {r"\mathbf{x}": 4}),
    ("d2l-2xTx-plain-shape", r"2\mathbf{x}^T\mathbf{x}", r"\mathbf{x}", "4x", "2x", {"x": 4}),
    ("d2l-2xTx-plain-formula-bold-claim", "2x^Tx", "x", r"4\mathbf{x}", r"2\mathbf{x}", {}),
    ("d2l-2xTx-bold-shape-plain-formula", "2x^Tx", "x", r"4\mathbf{x}", r"4\mathbf{x}+1", {r"\mathbf{x}": 3}),
    ("d2l-xTx-plain-wrt", r"\mathbf{x}^T\mathbf{x}", "x", r"2\mathbf{x}", r"\mathbf{x}", {}),
    ("d2l-xTx-bold-wrt-plain-formula", "x^Tx", r"\mathbf{x}", "2x", "x", {}),
    ("d2l-vec-arrow", r"\vec{x}^T\vec{x}", r"\vec{x}", "2x", "3x", {}),
    ("d2l-boldsymbol-theta", r"\boldsymbol{\theta}^T\boldsymbol{\theta}", r"\boldsymbol{\theta}", r"2\theta",
     r"\theta", {}),
    ("goodfellow-4.22-least-squares", r"\frac12\|\mathbf{A}\mathbf{x}-\mathbf{b}\|^2", r"\mathbf{x}",
     "A^TAx - A^Tb", "A^TAx + A^Tb", {}),
    ("goodfellow-4.5-plain-no-shapes", r"\frac12\|Xw-y\|^2", "w", "X^T(Xw-y)", "X^T(y-Xw)", {}),
    ("goodfellow-4.5-bold-formula", r"\frac12\|\mathbf{X}\mathbf{w}-\mathbf{y}\|^2", r"\mathbf{w}", "X^T(Xw-y)",
     "X^T(Xw-y)/2", {}),
    ("cookbook-69-aTx", r"\mathbf{a}^T\mathbf{x}", r"\mathbf{x}", "a", "2a", {}),
    ("cookbook-81-xTBx", r"\mathbf{x}^T\mathbf{B}\mathbf{x}", r"\mathbf{x}", "(B+B^T)x", "2Bx", {}),
    ("cookbook-81-xTBx-plain-wrt", r"\mathbf{x}^T\mathbf{B}\mathbf{x}", "x", "(B+B^T)x", "(B+B^T)x/2", {}),
    ("cookbook-77-bTXTXc", r"\mathbf{b}^T\mathbf{X}^T\mathbf{X}\mathbf{c}", r"\mathbf{X}", "X(bc^T + cb^T)",
     "Xbc^T", {r"\mathbf{X}": (3, 4)}),
    ("cs231n-linear-dW", r"\mathbf{g}^T\mathbf{W}\mathbf{x}", r"\mathbf{W}", "gx^T", "2gx^T", {"W": (3, 4)}),
    ("cs231n-linear-dW-layer", r"\mathbf{g}^T W^{[1]}\mathbf{x}", "W^{[1]}", "gx^T", "-gx^T", {"W^{[1]}": (3, 4)}),
    ("cs231n-declared-in-formula", r"W \in \mathbb{R}^{3\times 4} \\ L = \frac12\|\mathbf{W}\mathbf{x} - "
     r"\mathbf{y}\|^2", "W", "(Wx-y)x^T", "(Wx+y)x^T", {}),
    ("parr-howard-dot", r"\mathbf{w}^T\mathbf{x}", "w", "x", "w", {}),
]


@pytest.mark.parametrize(("f", "wrt", "right", "wrong", "shapes"), [p[1:] for p in PAIRS], ids=[p[0] for p in PAIRS])
def test_names_differing_by_font_are_the_formulas(f: str, wrt: str, right: str, wrong: str, shapes: dict) -> None:
    kw = {"shapes": shapes} if shapes else {}
    assert symdl.check_gradient(f, wrt, right, config=CFG, **kw).verdict == "verified"
    assert symdl.check_gradient(f, wrt, wrong, config=CFG, **kw).verdict == "refuted"


# both spellings written in the formula: two names, kept apart (x a number, \mathbf{x} a vector)
BOTH = [
    ("scalar-times-xTx", r"x\,\mathbf{x}^T\mathbf{x}", r"\mathbf{x}", r"2x\mathbf{x}", r"2\mathbf{x}"),
    ("scalar-times-xTx-by-x", r"x\,\mathbf{x}^T\mathbf{x}", "x", r"\mathbf{x}^T\mathbf{x}", r"2x\mathbf{x}^T\mathbf{x}"),
]


@pytest.mark.parametrize(("f", "wrt", "right", "wrong"), [b[1:] for b in BOTH], ids=[b[0] for b in BOTH])
def test_both_spellings_in_the_formula_stay_apart(f: str, wrt: str, right: str, wrong: str) -> None:
    v = symdl.check_gradient(f, wrt, right, config=CFG)
    assert v.verdict == "verified"
    assert not any("font" in n for n in v.notes)
    assert symdl.check_gradient(f, wrt, wrong, config=CFG).verdict == "refuted"


def test_the_reading_note_names_both_spellings() -> None:
    v = symdl.check_gradient(r"2\mathbf{x}^T\mathbf{x}", r"\mathbf{x}", "4x", config=CFG)
    assert [n for n in v.notes if "reading note (claim)" in n and "read x in the claim as the formula's \\mathbf{x}"
            in n]
    v = symdl.check_gradient("x^Tx", r"\mathbf{x}", "2x", config=CFG)
    assert [n for n in v.notes if "read \\mathbf{x} in the --wrt as the formula's x" in n]


# (id, function, wrt, claim, shapes, words the message must contain): a claim whose shape cannot be the gradient's
SHAPES = [
    ("elementwise-square-jacobian", "x^2", "x", "2x", {"x": 3}, ["3×3", "shape 3", r"\sum_i x_i^2"]),
    ("parr-howard-elementwise-bold", r"\mathbf{x}^2", r"\mathbf{x}", r"2\mathbf{x}", {"x": 3}, ["Jacobian", "3×3"]),
    ("cs231n-dW-vector-claim", r"\|Wx\|^2", "W", "2Wx", {"W": (3, 4)}, ["3×4", "shape 3"]),
    ("cookbook-69-other-length", r"\mathbf{a}^T\mathbf{x}", r"\mathbf{x}", r"\mathbf{b}", {"x": 3, "b": 4},
     ["shape 3", "shape 4"]),
    ("d2l-row-claim", r"\mathbf{x}^T\mathbf{x}", r"\mathbf{x}", r"2\mathbf{x}^T", {"x": 3}, ["row", "column"]),
]


@pytest.mark.parametrize(("f", "wrt", "claim", "shapes", "words"), [s[1:] for s in SHAPES], ids=[s[0] for s in SHAPES])
def test_a_shape_mismatch_is_bad_input_not_refuted(f: str, wrt: str, claim: str, shapes: dict, words: list) -> None:
    kw = {"shapes": shapes} if shapes else {}
    with pytest.raises(InvalidInput) as err:
        symdl.check_gradient(f, wrt, claim, config=CFG, **kw)
    assert all(w in str(err.value) for w in words), str(err.value)


def test_a_transposed_matrix_claim_is_still_refuted() -> None:
    # cs231n's dW = dY x^T written x dY^T: the transpose of the gradient, a layout mistake the diagnosis names
    v = symdl.check_gradient(r"\|W x - y\|^2", "W", r"2 x (W x - y)^T", config=CFG,
                             shapes={"W": (3, 4), "x": (4,), "y": (3,)})
    assert v.verdict == "refuted"


# (id, argv, exit code, words in the output)
CLI = [
    ("d2l-bold-formula-plain-claim", [r"\mathbf{x}^T\mathbf{x}", "--wrt", r"\mathbf{x}", "--claim", "2x"], 0,
     ["verified", "differ only by font"]),
    ("d2l-bold-wrong", [r"\mathbf{x}^T\mathbf{x}", "--wrt", r"\mathbf{x}", "--claim", "x"], 1, ["refuted"]),
    ("d2l-latex-shape", [r"2\mathbf{x}^T\mathbf{x}", "--wrt", r"\mathbf{x}", "--claim", "4x", "--shape",
                         r"\mathbf{x}=4"], 0, ["verified"]),
    ("elementwise-square", ["x^2", "--wrt", "x", "--claim", "2x", "--shape", "x=3"], 2, ["3×3", r"\|x\|^2"]),
]


@pytest.mark.parametrize(("argv", "code", "words"), [c[1:] for c in CLI], ids=[c[0] for c in CLI])
def test_cli_exit_codes(argv: list, code: int, words: list, capsys: pytest.CaptureFixture) -> None:
    assert main(["check", *argv, "--no-color"]) == code
    out = capsys.readouterr()
    assert all(w in out.out + out.err for w in words), out.out + out.err
