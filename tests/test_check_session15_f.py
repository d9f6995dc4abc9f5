"""File mode (``symdl check FILE``): hand derivations from real sources check cleanly, and one planted error is
named at exactly its line, as ``file:line``.

Fixtures (tests/fixtures/file-mode/), one forward system plus claimed gradient lines each:

* ng-two-layer-tanh — Andrew Ng, deeplearning.ai course 1 week 3, the 2-layer tanh/sigmoid network;
* nielsen-bp1-bp4 — Nielsen, *Neural Networks and Deep Learning* ch. 2, BP1-BP4 with the error δ^l;
* cs231n-softmax — cs231n "Putting it together: minimal neural network case study", the softmax classifier's
  backward pass (soft labels y = softmax(u), of which the one-hot label is a limit);
* cs231n-batchnorm-staged — cs231n assignment 2's batch norm backward as the staged computational graph
  (Kratzert's "Understanding the backward pass through Batch Normalization Layer"), one feature column;
* rmsnorm — Zhang & Sennrich 2019, "Root Mean Square Layer Normalization", eq. (4) and its backward pass;
* layernorm — Ba, Kiros & Hinton 2016 layer norm, the closed-form backward pass;
* min-char-rnn-step — Karpathy's min-char-rnn.py, one step's backward (dy, dWhy, dby, dh, dhraw, dWxh, dWhh, dhnext);
* logistic-l2 — Ng's logistic regression with the L2 penalty λ/(2m) ||w||^2 (course 2 week 1).

The planted errors are the ones the issue lists: a lost transpose, a lost 1/m, σ for σ', a sign.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from symdl.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "file-mode"

# (file, the 1-based line to replace, the wrong line, what kind of mistake)
PLANTED = [
    ("ng-two-layer-tanh", 10, r"dW^{[1]} = \frac{1}{m} dZ^{[1]} X \\", "lost transpose"),
    ("nielsen-bp1-bp4", 11, r"\delta^{l} = ((w^{L})^T \delta^{L}) \odot \sigma(z^{l}) \\", "sigma for sigma'"),
    ("cs231n-softmax", 8, r"ds = y - p \\", "sign"),
    ("cs231n-batchnorm-staged", 22, r"dc = q d\hat{x} + 2 c d\nu \\", "lost 1/N"),
    ("rmsnorm", 10, r"dr = \frac{1}{r^2} (g \odot x)^T dy \\", "sign"),
    ("layernorm", 17, r"dx = \frac{1}{s} (n d\hat{x} - \mathbf{1} \mathbf{1}^T d\hat{x} - \hat{x} \hat{x}^T d\hat{x}) \\",
     "lost 1/n"),
    ("min-char-rnn-step", 16, r"da = (1 - h) \odot dh \\", "tanh' written 1 - tanh"),
    ("logistic-l2", 8, r"dw = \frac{1}{m} X dZ^T + \lambda w \\", "lost 1/m on the penalty"),
]
NAMES = [p[0] for p in PLANTED]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(["check", *argv])
    return code, capsys.readouterr().out


@pytest.mark.parametrize("name", NAMES, ids=NAMES)
def test_right_derivation_is_verified(capsys: pytest.CaptureFixture[str], name: str) -> None:
    code, out = run(capsys, str(FIXTURES / f"{name}.tex"))
    assert code == 0, out
    assert out.startswith("verified: all "), out
    assert "WRONG" not in out and "nan" not in out


@pytest.mark.parametrize(("name", "line", "wrong"), [p[:3] for p in PLANTED], ids=[f"{p[0]}-{p[3]}" for p in PLANTED])
def test_planted_error_is_refuted_at_its_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str, line: int, wrong: str
) -> None:
    lines = (FIXTURES / f"{name}.tex").read_text(encoding="utf-8").splitlines()
    assert lines[line - 1].split(" = ")[0] == wrong.split(" = ")[0]  # the planted line replaces that step
    lines[line - 1] = wrong
    path = tmp_path / f"{name}.tex"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out = run(capsys, str(path))
    assert code == 1, out
    shown = wrong.removesuffix("\\\\").strip()
    assert f"{path}:{line}: error: wrong step: {shown}" in out, out
    assert f"(line {line})" in out.splitlines()[0]
    assert out.count("WRONG") == 1, out  # each step is checked against the true earlier gradients


# gradient names: (id, source of the notation, the gradient line, the forward quantity it is by)
FORWARD = "\n".join([
    r"W \in \mathbb{R}^{3 \times 4} \\",
    r"x \in \mathbb{R}^{4} \\",
    r"\mathbf{h} = W x \\",
    r"\bar{a} = \tanh(\mathbf{h}) \\",
    r"L = \frac{1}{2} \bar{a}^T \bar{a} \\",
    r"d\bar{a} = \bar{a} \\",
    "",
])
NAME_ROWS = [
    ("dW", "Ng / cs231n", r"dW = (d\bar{a} \odot (1 - \bar{a} \odot \bar{a})) x^T"),
    ("d-mathbf", "d2l's d\\mathbf{h}", r"d\mathbf{h} = d\bar{a} \odot (1 - \bar{a} \odot \bar{a})"),
    ("d-bar-unbraced", "cs231n-style d\\bar a", r"d\bar a = \bar{a}"),
    ("frac-partial", "Parr & Howard", r"\frac{\partial L}{\partial W} = (d\bar{a} \odot (1 - \bar{a} \odot \bar{a})) x^T"),
    ("frac-partial-bold", "Goodfellow ch. 6", r"\frac{\partial L}{\partial \mathbf{h}} = d\bar{a} \odot (1 - \bar{a} \odot \bar{a})"),
    ("nabla", "Goodfellow ch. 6", r"\nabla_W L = (d\bar{a} \odot (1 - \bar{a} \odot \bar{a})) x^T"),
    ("nabla-braced", "Goodfellow ch. 6", r"\nabla_{\mathbf{h}} L = d\bar{a} \odot (1 - \bar{a} \odot \bar{a})"),
]


@pytest.mark.parametrize(("line", "flip"), [(r[2], r[2].replace(r"(1 - \bar{a}", r"(1 + \bar{a}")) for r in NAME_ROWS],
                         ids=[r[0] for r in NAME_ROWS])
def test_gradient_names_are_read_as_gradients(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, line: str, flip: str
) -> None:
    path = tmp_path / "names.tex"
    path.write_text(FORWARD + line + "\n", encoding="utf-8")
    code, out = run(capsys, str(path))
    assert code == 0 and out.startswith("verified: all 2 claimed steps"), out
    if flip != line:  # the same line, wrong: refuted at line 7
        path.write_text(FORWARD + flip + "\n", encoding="utf-8")
        code, out = run(capsys, str(path))
        assert code == 1 and f"{path}:7: error" in out, out


def test_nielsen_delta_is_read_with_a_note(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, str(FIXTURES / "nielsen-bp1-bp4.tex"))
    assert code == 0
    assert r"reading: \delta^{l} is read as Nielsen's error ∂L/∂z^[l]" in out


def test_bar_is_not_an_adjoint(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """\\bar{x} is a forward quantity (a mean as often as an adjoint): no gradient line, bad input (exit 2)."""
    path = tmp_path / "bar.tex"
    path.write_text("x \\in \\mathbb{R}^{4} \\\\\nL = \\frac{1}{2} x^T x \\\\\n\\bar{x} = x\n", encoding="utf-8")
    code = main(["check", str(path)])
    assert code == 2 and "no gradient lines" in capsys.readouterr().err


SQRT = "\n".join([r"x \in \mathbb{R}^{5} \\", r"t \in \mathbb{R}^{5} \\", r"s = x^T t \\", r"r = \sqrt{s} \\",
                  r"L = r \\", r"ds = \frac{1}{2 r} \\", r"dt = \frac{1}{2 r} x", ""])


def test_points_are_drawn_inside_the_square_roots_domain(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Before: the seeded point had x^T t < 0, every step was 'WRONG, error nan' and the right file refuted."""
    path = tmp_path / "sqrt.tex"
    path.write_text(SQRT, encoding="utf-8")
    code, out = run(capsys, str(path))
    assert code == 0 and "nan" not in out, out
    path.write_text(SQRT.replace(r"dt = \frac{1}{2 r} x", r"dt = \frac{1}{r} x"), encoding="utf-8")
    code, out = run(capsys, str(path))
    assert code == 1 and f"{path}:7: error" in out, out


def test_nan_everywhere_is_undecided_never_a_verdict(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "nan.tex"
    text = SQRT.replace(r"s = x^T t", r"s = -1 - x^T x").replace(r"dt = \frac{1}{2 r} x", r"dx = -\frac{1}{r} x")
    path.write_text(text, encoding="utf-8")
    code, out = run(capsys, str(path))
    assert code == 3, out
    assert out.startswith(f"undecided: 2 of 2 claimed steps could not be computed, the first at {path}:6"), out
    assert "NaN or infinite at the sampled point" in out
