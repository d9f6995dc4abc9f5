"""Issue 13 (task g): entries of declared vectors and columns of declared one-row matrices in checked formulas.

A name declared a vector (``--shape x=4``, ``x \\in \\mathbb{R}^4`` in the formula's lines) and written ``x_i`` is its
entry i (``declared-vector-entry``), and a claim that writes it whole (``2 w \\odot x``) is compared entry by entry.
Rows from real sources: Parr & Howard ("The Matrix Calculus You Need For Deep Learning", element-wise products
and sums), cs231n (batch normalization's backward pass, per entry; the softmax/cross-entropy gradient
p - y), Nielsen ("Neural Networks and Deep Learning", ch. 3, the cross-entropy cost's δ = σ(z) - y), d2l
("Softmax Regression", the gradient softmax(o) - y), Ng (deeplearning.ai's cost J over the columns Y^{(i)} of a
1×m Y), Goodfellow et al. (Deep Learning, eq. 4.8, the second-order Taylor expansion around x^{(0)}, here
\\mathbf{x}_0).  Must-not-change rows: cs229's w^T x^{(i)} (x^{(i)} undeclared, one vector per sample) and an RNN's
\\mathbf{h}_t (Goodfellow et al. ch. 10).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

import symdl
from symdl.cli import EXIT, main
from symdl.config import Config
from tests.real_sources import assert_reads_as

BN = r"\sum_{i=1}^{4} g_i \frac{x_i - \mu}{\sqrt{v + \epsilon}}"
SOFTMAX_CE = r"\log\sum_{j=1}^{4} e^{s_j} - \sum_{j=1}^{4} y_j s_j"
BCE = r"-\sum_j [y_j \ln \sigma(z_j) + (1 - y_j)\ln(1 - \sigma(z_j))]"
NG = (r"Y \in \mathbb{R}^{1 \times 5} \\ J = -\frac{1}{m}\sum_{i=1}^{m} ( Y^{(i)} \log \sigma(Z^{(i)}) + (1 - Y^{(i)})"
      r" \log(1 - \sigma(Z^{(i)})))")
TAYLOR = (r"f_0 + (\mathbf{x} - \mathbf{x}_0)^T \mathbf{g} + \frac{1}{2} (\mathbf{x} - \mathbf{x}_0)^T \mathbf{H}"
          r" (\mathbf{x} - \mathbf{x}_0)")

#: (id, function, variable, right claim, subtly wrong claim, declared shapes)
CHECK_ROWS = [
    ("parr-howard-weighted-squares", r"\sum_{i} w_i x_i^2", "x", r"2 w \odot x", r"w \odot x", {"w": 4, "x": 4}),
    ("parr-howard-declared-in-formula", r"x \in \mathbb{R}^{4} \\ f = \sum_{i} w_i x_i^2", "x", r"2 w \odot x",
     r"2 x", {}),
    ("cs231n-batchnorm-by-v", BN, "v", r"-\frac{1}{2}\sum_{i=1}^{4} g_i (x_i-\mu)(v+\epsilon)^{-3/2}",
     r"-\sum_{i=1}^{4} g_i (x_i-\mu)(v+\epsilon)^{-3/2}", {"g": 4, "x": 4}),
    ("cs231n-batchnorm-by-mu", BN, r"\mu", r"-\frac{\sum_{i=1}^{4} g_i}{\sqrt{v + \epsilon}}",
     r"\frac{\sum_{i=1}^{4} g_i}{\sqrt{v + \epsilon}}", {"g": 4, "x": 4}),
    ("cs231n-batchnorm-by-gamma", BN, "g", r"\frac{x - \mu}{\sqrt{v + \epsilon}}", r"\frac{x}{\sqrt{v + \epsilon}}",
     {"g": 4, "x": 4}),
    ("cs231n-softmax-ce-mixed-claim", SOFTMAX_CE, "s", r"\frac{e^{s}}{\sum_{j=1}^{4} e^{s_j}} - y",
     r"\frac{e^{s}}{\sum_{j=1}^{4} e^{s_j}} + y", {"s": 4, "y": 4}),
    ("nielsen-bce-sigma-minus-y", BCE, "z", r"\sigma(z) - y", r"y - \sigma(z)", {"z": 3, "y": 3}),
    ("ng-columns-of-Y", NG, "Z", r"\frac{1}{m}(\sigma(Z) - Y)", r"\sigma(Z) - Y", {}),
    ("goodfellow-taylor-x0", TAYLOR, r"\mathbf{x}", r"\mathbf{g} + \frac{1}{2}(\mathbf{H} + \mathbf{H}^T)(\mathbf{x} - "
     r"\mathbf{x}_0)", r"\mathbf{g} + \mathbf{H}(\mathbf{x} - \mathbf{x}_0)", {"x": 3, "x_0": 3}),
    # d2l's sum to an integer bound, nothing declared: the families are as long as the bound (was refuted: 5 long)
    ("d2l-integer-bound-entries", r"\sum_{i=1}^{4} w_i x_i^2", "x", r"2 w_i x_i", r"w_i x_i", {}),
]  # fmt: skip


@pytest.mark.parametrize(("f", "wrt", "right", "wrong", "shapes"), [r[1:] for r in CHECK_ROWS],
                         ids=[r[0] for r in CHECK_ROWS])  # fmt: skip
def test_right_claim_verified_wrong_claim_refuted(f: str, wrt: str, right: str, wrong: str, shapes: dict) -> None:
    config = Config(seed=5)
    kw = {"shapes": shapes} if shapes else {}
    assert symdl.check_gradient(f, wrt, right, config=config, **kw).verdict == "verified"
    assert symdl.check_gradient(f, wrt, wrong, config=config, **kw).verdict == "refuted"


def test_whole_claim_is_noted() -> None:
    v = symdl.check_gradient(r"\sum_{i} w_i x_i^2", "x", r"2 w \odot x", shapes={"w": 4, "x": 4})
    assert any("compared entry by entry" in n for n in v.notes)


@pytest.mark.parametrize(("claim", "code"), [(r"2 w \odot x", EXIT["ok"]), (r"w \odot x", EXIT["refuted"])],
                         ids=["right", "wrong"])  # fmt: skip
def test_cli_exit_codes(claim: str, code: int, capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["check", r"\sum_{i} w_i x_i^2", "--wrt", "x", "--claim", claim, "--shape", "w=4", "--shape", "x=4",
            "--no-color"]
    assert main(argv) == code
    assert "is not read yet" not in capsys.readouterr().out


#: a derivation file: x declared, its entries x_i in the forward lines, the gradient dx written whole
FILE = "x \\in \\mathbb{{R}}^{{5}}\n\\mu = \\frac{{1}}{{5}}\\sum_{{i=1}}^{{5}} x_i\nJ = \\frac{{1}}{{2}}\\sum_{{i=1}}^{{5}} " \
       "(x_i - \\mu)^2\ndx = {claim}\n"


@pytest.mark.parametrize(("claim", "code"), [(r"x - \mu", EXIT["ok"]), ("x", EXIT["refuted"])], ids=["right", "wrong"])
def test_derivation_file_by_declared_vector(claim: str, code: int, tmp_path: Path) -> None:
    path = tmp_path / "variance.tex"
    path.write_text(FILE.format(claim=claim))
    assert main(["check", str(path), "--convention", "exact", "--no-color"]) == code


def test_reads_entries_of_declared_vector() -> None:
    rng = np.random.default_rng(0)
    w, x = rng.normal(size=4), rng.normal(size=4)
    f = symdl.parse(r"x \in \mathbb{R}^{4} \\ f = \sum_{i} w_i x_i^2")
    assert_reads_as(f, {"w": w, "x": x}, np.sum(w * x**2), ["declared-vector-entry"])


def test_reads_columns_of_one_row_matrix() -> None:
    rng = np.random.default_rng(1)
    y, a = rng.uniform(size=5), rng.uniform(0.1, 0.9, size=5)
    f = symdl.parse(r"Y \in \mathbb{R}^{1 \times 5} \\ J = \sum_{i=1}^{5} Y^{(i)} \log A^{(i)}")
    assert "declared-vector-entry" in [n.rule for n in f.notes]
    got = symdl.lambdify(f)(Y=y, A=a)
    got = list(got.values())[-1] if isinstance(got, dict) else got
    np.testing.assert_allclose(float(np.asarray(got)), np.sum(y * np.log(a)), rtol=1e-12)


def test_declared_array_before_paren_is_product() -> None:
    rng = np.random.default_rng(2)
    g, x, mu = rng.normal(size=4), rng.normal(size=4), 0.3
    f = symdl.parse(r"\sum_{i=1}^{4} g_i (x_i - \mu)", config=Config(shapes={"g": 4, "x": 4}))
    assert_reads_as(f, {"g": g, "x": x, r"\mu": mu}, np.sum(g * (x - mu)),
                    ["declared-vector-entry", "product-of-a-declared", "declared-vector-entry"])


def test_bold_capital_before_paren_is_matrix() -> None:
    rng = np.random.default_rng(3)
    x, x0, h = rng.normal(size=(3, 1)), rng.normal(size=(3, 1)), rng.normal(size=(3, 3))
    f = symdl.parse(r"\frac{1}{2} (\mathbf{x} - \mathbf{x}_0)^T \mathbf{H} (\mathbf{x} - \mathbf{x}_0)")
    assert_reads_as(f, {r"\mathbf{x}": x, r"\mathbf{x}_0": x0, r"\mathbf{H}": h}, 0.5 * ((x - x0).T @ h @ (x - x0)), ["product-of-a-bold-matrix"])


def test_must_not_change_undeclared_sample_vectors() -> None:
    f = symdl.parse(r"\sum_i w^T x^{(i)}")  # cs229: x^{(i)} one vector per sample, an array with a row per sample
    assert [n.rule for n in f.notes] == ["sample-vector"]
    assert len(f.shapes["x"]) == 2


def test_must_not_change_rnn_hidden_states() -> None:
    f = symdl.parse(r"\mathbf{h}_t = \tanh(W \mathbf{h}_{t-1} + U \mathbf{x}_t)", config=Config(shapes={"h": 4}))
    assert "declared-vector-entry" not in [n.rule for n in f.notes]
    assert f.shapes["h_{t-1}"][1] == 1  # a vector of its own, never an entry of h


def test_must_not_change_bold_family_members() -> None:
    # Bishop's \sum_n r_n \mathbf{x}_n, x declared: bold members stay vectors of a family (an array with a row per n)
    f = symdl.parse(r"\sum_n r_n \mathbf{x}_n", config=Config(shapes={"x": 3}))
    assert [n.rule for n in f.notes] == ["family-rows"]
    assert len(f.shapes["x"]) == 2
