"""``symdl derive`` and ``symdl list`` as a user sees them (stdout, stderr, exit code), and ``symdl check FILE``."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from symdl.cli import main
from symdl.derive import names
from symdl.derive.check import is_derivation_text, run_check

FIXTURES = Path(__file__).parent / "fixtures"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_shows_every_derivation_with_its_title(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "list")
    assert code == 0
    rows = out.splitlines()
    assert [r.split()[0] for r in rows] == names()
    assert any(r.startswith("sigmoid ") and "sigmoid" in r.lower() for r in rows)
    assert f"({len(names())} derivations in " in err


# (id, argv, exit code, text stdout must contain, text stderr must contain)
DERIVE = [
    ("markdown", ["derive", "sigmoid"], 0, "# ", "verifying [0/"),
    ("latex", ["derive", "mse", "--format", "tex"], 0, "\\begin{document}", "verifying [2/2] done"),
    ("planted-error", ["derive", str(FIXTURES / "planted-error.txt")], 1, "**Verdict: refuted**", "verifying"),
    ("unknown-name", ["derive", "adma"], 2, "", "did you mean adam"),
]


@pytest.mark.parametrize(("argv", "code", "out_has", "err_has"), [d[1:] for d in DERIVE], ids=[d[0] for d in DERIVE])
def test_derive(capsys: pytest.CaptureFixture[str], argv: list[str], code: int, out_has: str, err_has: str) -> None:
    got, out, err = run(capsys, *argv)
    assert got == code, (out, err)
    assert out_has in out
    assert err_has in err


def test_derive_markdown_file_with_plots(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    out_file = tmp_path / "sigmoid.md"
    code, _, err = run(capsys, "derive", "sigmoid", "-o", str(out_file))
    assert code == 0 and "wrote" in err
    md = out_file.read_text(encoding="utf-8")
    images = [line[line.index("(") + 1 : -1] for line in md.splitlines() if line.startswith("![")]
    assert images and all((tmp_path / i).is_file() for i in images)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not installed")
def test_derive_pdf_embedded_says_which_path(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    pdf = tmp_path / "mse.pdf"
    code, out, err = run(capsys, "derive", "mse", "--format", "pdf", "--engine", "embedded", "-o", str(pdf))
    assert code == 0
    assert "PDF via the embedded renderer (matplotlib mathtext)" in out
    assert "rendering" in err
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "embedded renderer" in text and "mse-gradient" in text


TEXTS = [
    ("library-file", (Path(__file__).parents[1] / "derivations" / "adam.txt").read_text(encoding="utf-8"), True),
    ("comment-first", "# a note\n\ntitle: t\ndefine f: y = 2x\n", True),
    ("forward-system", "Z = W X + b\nA = \\sigma(Z)\ndZ = A - Y\n", False),
    ("indented-title", "  title: t\n", False),
]


@pytest.mark.parametrize(("text", "want"), [t[1:] for t in TEXTS], ids=[t[0] for t in TEXTS])
def test_is_derivation_text(text: str, want: bool) -> None:
    assert is_derivation_text(text) is want


def test_run_check_names_the_first_wrong_step(capsys: pytest.CaptureFixture[str]) -> None:
    code = run_check(FIXTURES / "planted-error.txt")
    out, err = capsys.readouterr()
    assert code == 1
    assert "refuted" in out and "first wrong step: planted" in out
    assert "checking [0/" in err
