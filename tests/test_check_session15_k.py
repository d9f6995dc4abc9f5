"""File mode (``symdl check FILE``) on hand derivations as people write them: a GRU step's ``(a \\odot b)(c \\odot
d)^\\top`` products, a softmax classifier whose loss is written by the entries of its matrices, per-entry gradient
lines (``dx_i = ...``, ``dZ_{ki} = ...``), and the batch-norm binder shapes (``\\mu = \\frac{1}{N} \\mathbf{1}^T x`` a
number, ``\\frac{1}{N}`` with ``x \\in \\mathbb{R}^N`` the length, ``\\mathbf{1}\\mathbf{1}^T dc``).

Fixtures (tests/fixtures/file-mode/), written from the sources in our own sizes and letters:

* cho-gru-step — Cho et al. 2014 (eq. 5-8), the GRU update h' = z ⊙ h + (1 - z) ⊙ h̃ with a linear loss vᵀh';
* ng-softmax-columns — cs231n "Softmax classifier" / Ng's course 2 week 3 softmax regression, one example per
  column, the loss as (1/m) Σ_i (log Σ_k e^{Z_ki} - Σ_k Y_ki Z_ki) and dZ = A - Y, dW = (1/m) dZ Xᵀ;
* cs231n-batchnorm-entries — cs231n assignment 2 / Kratzert's staged batch-norm backward, with per-entry lines
  dβ = Σ_i dy_i, dx̂_i = γ dy_i, dc_i = dx̂_i / s + (2/N) dv c_i, dx_i = dc_i - (1/N) Σ_j dc_j;
* kratzert-batchnorm-ones — the same graph written with ones vectors: μ = (1/N) 1ᵀx, dx = dc - (1/N) 1 1ᵀ dc;
* ng-tanh-layer-entries — Ng's course 1 tanh layer with a squared loss, dZ written per entry
  dZ_{ki} = dA_{ki} (1 - A_{ki}^2) (Goodfellow et al. sec. 6.5's element-wise backward).

Each right file is verified; one planted error (a sign, a lost 1/m or 1/N, tanh' written 1 - tanh, a lost γ) is
refuted at exactly its line.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import sympy

import symdl
from symdl.cli import main
from symdl.errors import InvalidInput

FIXTURES = Path(__file__).parent / "fixtures" / "file-mode"

# (file, convention, line, the planted wrong line, what kind of mistake)
PLANTED = [
    ("cho-gru-step", "ng", 19, r"dU_h = (d\tilde{h} \odot (1 - \tilde{h})) (r \odot h)^\top", "tanh' as 1 - tanh"),
    ("cho-gru-step", "exact", 17, r"dz = dh' \odot (\tilde{h} - h)", "sign"),
    ("ng-softmax-columns", "ng", 8, r"dZ = Y - A", "sign"),
    ("ng-softmax-columns", "ng", 9, r"dW = dZ X^T", "lost 1/m"),
    ("cs231n-batchnorm-entries", "exact", 16, r"dx_i = dc_i - \sum_{j=1}^{N} dc_j", "lost 1/N"),
    ("cs231n-batchnorm-entries", "exact", 13, r"d\hat{x}_i = dy_i", "lost gamma"),
    ("cs231n-batchnorm-entries", "exact", 15, r"dc_i = \frac{d\hat{x}_i}{s} + \frac{1}{N} dv \, c_i", "lost 2"),
    ("kratzert-batchnorm-ones", "exact", 15, r"dx = dc - \mathbf{1}\mathbf{1}^T dc", "lost 1/N"),
    ("ng-tanh-layer-entries", "ng", 8, r"dZ_{k i} = dA_{k i} (1 - A_{k i})", "tanh' as 1 - tanh"),
]
RIGHT = [("cho-gru-step", "ng"), ("cho-gru-step", "exact"), ("ng-softmax-columns", "ng"),
         ("cs231n-batchnorm-entries", "exact"), ("kratzert-batchnorm-ones", "exact"),
         ("kratzert-batchnorm-ones", "ng"), ("ng-tanh-layer-entries", "ng")]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(["check", *argv])
    return code, capsys.readouterr().out


@pytest.mark.parametrize(("name", "convention"), RIGHT, ids=[f"{n}-{c}" for n, c in RIGHT])
def test_right_derivation_is_verified(capsys: pytest.CaptureFixture[str], name: str, convention: str) -> None:
    path = FIXTURES / f"{name}.tex"
    code, out = run(capsys, str(path), "--convention", convention)
    assert code == 0, out
    steps = sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("d"))
    assert out.startswith(f"verified: all {steps} claimed steps are right"), out
    assert "WRONG" not in out and "nan" not in out and "line   0" not in out


@pytest.mark.parametrize(("name", "convention", "line", "wrong"), [p[:4] for p in PLANTED],
                         ids=[f"{p[0]}-{p[4]}" for p in PLANTED])
def test_planted_error_is_refuted_at_its_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, convention: str, line: int, wrong: str
) -> None:
    lines = (FIXTURES / f"{name}.tex").read_text(encoding="utf-8").splitlines()
    assert lines[line - 1].split(" = ")[0] == wrong.split(" = ")[0]  # the planted line replaces that step
    lines[line - 1] = wrong
    path = tmp_path / f"{name}.tex"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out = run(capsys, str(path), "--convention", convention)
    assert code == 1, out
    assert f"{path}:{line}: error: wrong step: {wrong}" in out, out
    assert f"(line {line})" in out.splitlines()[0]
    assert out.count("WRONG") == 1, out  # each step is checked against the true earlier gradients


def test_softmax_of_a_matrix_is_by_columns_in_ngs_convention(capsys: pytest.CaptureFixture[str]) -> None:
    """The loss sums e^{Z_ki} over k (a column): A = softmax(Z) is read by columns, said once, and the binder's
    row-wise note (which the check replaced) is not shown beside it."""
    code, out = run(capsys, str(FIXTURES / "ng-softmax-columns.tex"))
    assert code == 0, out
    assert "reading: softmax of a matrix is read column by column" in out
    assert "read \\operatorname{softmax}(Z) row by row" not in out


# the reading of one line: (id, source, LaTeX, numpy inputs, plain numpy's value)
RNG = np.random.default_rng(15)
D, H, R = RNG.normal(size=4), RNG.normal(size=4), RNG.normal(size=4)
READS = [
    ("gru-hadamard-group-times-transposed-group", "Cho et al. 2014, the GRU's dU_h",
     r"G = (d \odot (1 - h \odot h)) (r \odot h)^\top", {"d": D, "h": H, "r": R},
     np.outer(D * (1 - H * H), R * H)),
    ("hadamard-group-times-group", "Hadamard group times a bracketed vector: a product, not a call",
     r"y = (d \odot h)^\top (r \odot h)", {"d": D, "h": H, "r": R}, (D * H) @ (R * H)),
]


@pytest.mark.parametrize(("case", "source", "tex", "inputs", "want"), READS, ids=[r[0] for r in READS])
def test_hadamard_group_before_a_bracket_is_a_product(case: str, source: str, tex: str, inputs: dict,
                                                      want: np.ndarray) -> None:
    got = symdl.lambdify(symdl.parse(tex))(**inputs)
    np.testing.assert_allclose(np.asarray(got, dtype=float).ravel(), np.ravel(want), rtol=1e-12)


# binder shapes: (id, source, LaTeX, the name, its kind)
SHAPES = [
    ("mean-by-ones-is-a-number", "cs231n batch norm, mu = (1/N) 1^T x",
     r"x \in \mathbb{R}^{N} \\ \mu = \frac{1}{N} \mathbf{1}^T x \\ c = x - \mu \mathbf{1}", "\\mu", None),
    ("declared-length-divides", "Kratzert's batch norm, (1/N) 1 1^T dc with x in R^N",
     r"x \in \mathbb{R}^{N} \\ d = \frac{1}{N} \mathbf{1}\mathbf{1}^T x", "N", None),
]


@pytest.mark.parametrize(("case", "source", "tex", "name", "shape"), SHAPES, ids=[s[0] for s in SHAPES])
def test_binder_reads_numbers(case: str, source: str, tex: str, name: str, shape: object) -> None:
    f = symdl.parse(tex)
    assert isinstance(f.symbols[name], sympy.Symbol), f.symbols[name]


def test_ones_mean_evaluates_to_the_centred_vector() -> None:
    x = RNG.normal(size=5)
    f = symdl.parse(r"x \in \mathbb{R}^{N} \\ \mu = \frac{1}{N} \mathbf{1}^T x \\ c = x - \mu \mathbf{1}")
    got = symdl.lambdify(f)(x=x, N=5)
    np.testing.assert_allclose(np.asarray(got["c"], dtype=float).ravel(), x - x.mean(), rtol=1e-12)


# per-entry lines that cannot be read as the gradient's entries: (id, the file, what the message says)
FORWARD = "W \\in \\mathbb{R}^{3 \\times 4} \\\\ x \\in \\mathbb{R}^{4} \\\\ h = W x \\\\ J = \\mathbf{1}^T h \\\\ "
BAD_ENTRIES = [
    ("one-index-for-a-matrix", FORWARD + "dh = \\mathbf{1} \\\\ dW_i = dh_i", "with 1 index/indices"),
    ("free-index-not-on-the-left", FORWARD + "dh_i = dh_j", "free index"),
]


@pytest.mark.parametrize(("case", "tex", "message"), BAD_ENTRIES, ids=[b[0] for b in BAD_ENTRIES])
def test_per_entry_line_that_does_not_fit_is_an_error(case: str, tex: str, message: str) -> None:
    """An error naming the line, never a verdict."""
    with pytest.raises(InvalidInput, match=message):
        symdl.check_derivation(tex, convention="exact")
