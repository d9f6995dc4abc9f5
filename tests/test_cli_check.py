"""``symdl check``: what the user sees (stdout, stderr, exit code) for every verdict and both modes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from symdl.cli import main

SEED004_FORWARD = r"""Z^{[1]} = W^{[1]} X + b^{[1]}
A^{[1]} = \tanh(Z^{[1]})
Z^{[2]} = W^{[2]} A^{[1]} + b^{[2]}
\hat{y} = A^{[2]} = \sigma(Z^{[2]})
J = -\frac{1}{m} \sum_{i=1}^m \left( y^{(i)} \log \hat{y}^{(i)} + (1-y^{(i)}) \log(1-\hat{y}^{(i)}) \right)
"""
SEED004_STEPS = {
    "dZ2": r"dZ^{[2]} = A^{[2]} - Y",
    "dW2": r"dW^{[2]} = \frac{1}{m} dZ^{[2]} A^{[1]T}",
    "db2": r"db^{[2]} = \frac{1}{m} \sum_{i=1}^m dZ^{[2](i)}",
    "dZ1": r"dZ^{[1]} = W^{[2]T} dZ^{[2]} \odot (1 - \tanh^2(Z^{[1]}))",
    "dW1": r"dW^{[1]} = \frac{1}{m} dZ^{[1]} X^T",
    "db1": r"db^{[1]} = \frac{1}{m} \sum_{i=1}^m dZ^{[1](i)}",
}
#: line number of each step in the file (the forward system takes lines 1-5)
LINE = {key: 6 + n for n, key in enumerate(SEED004_STEPS)}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(["check", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def derivation_file(tmp_path: Path, changes: dict[str, str] | None = None) -> str:
    steps = {**SEED004_STEPS, **(changes or {})}
    path = tmp_path / "derivation.tex"
    path.write_text(SEED004_FORWARD + "\n".join(steps.values()) + "\n", encoding="utf-8")
    return str(path)


# (id, argv, exit code, regexes the output must contain)
SINGLE = [
    (
        "verified-symbolic",
        [r"\sigma(z)", "--wrt", "z", "--claim", r"\sigma(z)(1-\sigma(z))"],
        0,
        [r"^verified: the claim is the gradient d/dz \(symbolic, confirmed numeric \(complex, 3 points\)\)",
         r"claim - truth simplifies to 0", r"agrees at 3 random points"],
    ),
    (
        "verified-numeric",
        [r"\log(1 + e^{-y w x})", "--wrt", "w", "--claim", r"-y x \sigma(-y w x)"],
        0,
        [r"^verified: .*numeric", r"agrees at 3 random points"],
    ),
    (
        "refuted-sign",
        [r"\log(\sigma(z))", "--wrt", "z", "--claim", r"\sigma(z) - 1"],
        1,
        [
            r"^refuted: the claim is NOT the gradient d/dz",
            r"gradient: +1 − σ\(z\)",
            r"claim - truth = 2·σ\(z\) − 2",
            r"a sign error",
            r"counterexample:\n +z += -?\d\.\d+\n +claim += -?\d\.\d+\n +truth += -?\d\.\d+\n +relative error 2\n",
        ],
    ),
    (
        "refuted-1e-5",
        ["x^4", "--wrt", "x", "--claim", "4.00004x^3"],
        1,
        [r"close but not equal \(relative error 1e-05\)", r"relative error 1e-05"],
    ),
    (
        "refuted-missing-transpose-with-shapes",
        [r"\|W x - y\|^2", "--wrt", "W", "--claim", "2 x (W x - y)^T", "--shape", "W=3x4", "--shape", "x=4",
         "--shape", "y=3"],
        1,
        [r"the claim is the transpose of the gradient", r"W += \[\[", r"truth += \[\["],
    ),
    (
        "verified-with-in-declarations",
        [r"W \in \mathbb{R}^{3 \times 4} \\ x \in \mathbb{R}^{4} \\ y \in \mathbb{R}^{3} \\ J = \|W x - y\|^2",
         "--wrt", "W", "--claim", "2(W x - y) x^T"],
        0,
        [r"^verified"],
    ),
    (
        "refuted-indexed-worst-entry",
        [r"\sum_i (y_i - \hat{y}_i)^2", "--wrt", r"\hat{y}", "--claim", r"2(y_i - \hat{y}_i)"],
        1,
        [r"a sign error", r"worst entry \(\d,\):"],
    ),
    (
        "undecided-no-valid-point",
        [r"\log(-x^2 - 1)", "--wrt", "x", "--claim", r"\frac{x}{x^2+1}"],
        3,
        [r"^undecided: symdl could not decide", r"note: found no point where the function is defined"],
    ),
]


@pytest.mark.parametrize(("argv", "code", "patterns"), [c[1:] for c in SINGLE], ids=[c[0] for c in SINGLE])
def test_single_claim_output(capsys: pytest.CaptureFixture[str], argv: list[str], code: int, patterns: list) -> None:
    got, out, err = run(capsys, *argv)
    assert got == code, out + err
    for pattern in patterns:
        assert re.search(pattern, out, re.MULTILINE), f"{pattern!r} not in:\n{out}"
    assert err == ""


BAD = [
    ("dangling-operator", ["x^2 +", "--wrt", "x", "--claim", "2x"], r"invalid input: .*\(line 1, column 5\)\nx\^2 \+\n    \^"),
    ("bad-claim", ["x^2", "--wrt", "x", "--claim", r"2 \frac{x}"], r"line 1, column \d+"),
    ("unknown-variable", ["x^2", "--wrt", "q", "--claim", "2x"], r"unknown variable 'q'"),
    ("claim-without-wrt", ["x^2", "--claim", "2x"], r"--claim needs --wrt"),
    ("bad-shape", ["x^2", "--wrt", "x", "--claim", "2x", "--shape", "W=3by4"], r"cannot read the shape 'W=3by4'"),
    ("no-gradient-lines", [r"z = w x \\ J = z^2"], r"no gradient lines"),
    (
        "over-a-budget",
        [r"x \tanh(\ln(1 + e^x))", "--wrt", "x", "--claim", "0", "--budget", "tokens=5"],
        r"limit exceeded: the input needs \d+ tokens; the 'tokens' budget allows 5 .*\n.*\n *\^~*\nhint: .*--budget tokens=N",
    ),
    (
        "unknown-budget",
        ["x^2", "--wrt", "x", "--claim", "2x", "--budget", "speed=3"],
        r"there is no budget named 'speed'.*\n.*\n\^~+\nhint: the budgets are input_chars, tokens",
    ),
    (
        "budget-not-a-number",
        ["x^2", "--wrt", "x", "--claim", "2x", "--budget", "steps=lots"],
        r"the budget 'steps' takes a whole number of steps",
    ),
]


@pytest.mark.parametrize(("argv", "pattern"), [c[1:] for c in BAD], ids=[c[0] for c in BAD])
def test_bad_input_is_a_positioned_error_and_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], pattern: str
) -> None:
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert re.search(pattern, err), err
    assert "Traceback" not in err


def test_missing_file_is_bad_input(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run(capsys, str(tmp_path / "nope.tex"))
    assert code == 2 and "cannot read the file" in err


def test_derivation_file_all_steps_verified(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, derivation_file(tmp_path))
    assert code == 0, out
    assert out.startswith("verified: all 6 claimed steps are right")
    for key, text in SEED004_STEPS.items():
        assert f"ok    line {LINE[key]:>3}: {text}" in out


# (id, the planted wrong line, which step it replaces)
PLANTED = [
    ("dZ2-sign", r"dZ^{[2]} = Y - A^{[2]}", "dZ2"),
    ("dW2-missing-transpose", r"dW^{[2]} = \frac{1}{m} dZ^{[2]} A^{[1]}", "dW2"),
    ("dZ1-wrong-activation-derivative", r"dZ^{[1]} = W^{[2]T} dZ^{[2]} \odot (1 - \tanh(Z^{[1]}))", "dZ1"),
    ("dW1-missing-1/m", r"dW^{[1]} = dZ^{[1]} X^T", "dW1"),
    ("db1-factor-2", r"db^{[1]} = \frac{2}{m} \sum_{i=1}^m dZ^{[1](i)}", "db1"),
]


@pytest.mark.parametrize(("line", "key"), [p[1:] for p in PLANTED], ids=[p[0] for p in PLANTED])
def test_planted_wrong_step_is_named(capsys: pytest.CaptureFixture[str], tmp_path: Path, line: str, key: str) -> None:
    code, out, _ = run(capsys, derivation_file(tmp_path, {key: line}))
    assert code == 1, out
    name = line.split(" = ")[0]
    assert out.startswith(f"refuted: the first wrong step is {name} (line {LINE[key]})"), out
    assert f"WRONG line {LINE[key]:>3}: {line}" in out
    assert out.count("WRONG") == 1  # every other step is checked against true earlier gradients


def test_exact_convention_blames_ngs_dz2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, derivation_file(tmp_path), "--convention", "exact")
    assert code == 1 and "first wrong step is dZ^{[2]} (line 6)" in out


def test_derivation_file_with_declarations_and_shapes(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "ls.tex"
    text = (
        r"W \in \mathbb{R}^{3 \times 4} \\" "\n" r"x \in \mathbb{R}^{4} \\" "\n" r"y \in \mathbb{R}^{3} \\" "\n"
        r"r = W x - y \\" "\n" r"J = r^T r \\" "\n" r"dr = 2 r \\" "\n" r"dW = 2 x r^T" "\n"
    )
    path.write_text(text, encoding="utf-8")
    code, out, _ = run(capsys, str(path))
    assert code == 1 and "first wrong step is dW (line 7)" in out
    assert "the claim has shape (4, 3), W has shape (3, 4)" in out
    path.write_text(text.replace("dW = 2 x r^T", "dW = 2 r x^T"), encoding="utf-8")
    assert run(capsys, str(path))[0] == 0
    shaped = derivation_file(tmp_path)
    code, out, _ = run(capsys, shaped, "--shape", "X=3x7", "--shape", "W^{[1]}=4x3", "--shape", "W^{[2]}=1x4")
    assert code == 0, out


def test_subprocess_entry_point(tmp_path: Path) -> None:
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-c", "import sys; from symdl.cli import main; sys.exit(main())", "check", r"\tanh(x)", "--wrt", "x", "--claim", r"1-\tanh(x)"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1 and proc.stdout.startswith("refuted") and "counterexample" in proc.stdout


def test_derivation_file_with_a_planted_error_fails_at_that_step(capsys: pytest.CaptureFixture[str]) -> None:
    from pathlib import Path

    from symdl.cli import main

    fixture = Path(__file__).parent / "fixtures" / "planted-error.txt"
    assert main(["check", str(fixture)]) == 1
    out = capsys.readouterr().out
    assert "first wrong step: planted" in out


def test_library_derivation_checks(capsys: pytest.CaptureFixture[str]) -> None:
    from symdl.cli import main
    from symdl.derive.library import resolve

    assert main(["check", str(resolve("sigmoid"))]) == 0
    assert "verified" in capsys.readouterr().out
