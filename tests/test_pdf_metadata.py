"""PDFs on both paths are A4 and carry the derivation's title (issue 16: Letter on one path, A4 on the other, no
title before), as ``pdfinfo`` reads them."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from symdl.cli import main
from symdl.render.document import pdf_info

ENGINES = ["embedded", pytest.param("tex", marks=pytest.mark.skipif(not shutil.which("latexmk"), reason="no TeX"))]


@pytest.mark.skipif(not shutil.which("pdfinfo"), reason="pdfinfo (poppler-utils) is not installed")
@pytest.mark.parametrize("engine", ENGINES)
def test_pdf_is_a4_with_its_title(engine: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "momentum.pdf"
    assert main(["derive", "momentum", "--format", "pdf", "--engine", engine, "-o", str(out), "-q"]) == 0
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    fields = dict(line.split(":", 1) for line in info.splitlines() if ":" in line)
    assert fields["Title"].strip() == "Momentum in two notations, and why they are the same"
    assert fields["Creator"].strip() == "symdl"
    assert "(A4)" in fields["Page size"]


@pytest.mark.parametrize(
    "title",
    [
        pytest.param("Adam: two EMAs", id="plain"),
        pytest.param(r"x) /Author (evil) \input{/etc/passwd}", id="pdf-string-and-tex-injection"),
        pytest.param("Softmax — und Jacobi-Matrix", id="non-ascii-kept"),
        pytest.param("Binary cross-entropy, and its gradient ŷ − y", id="math-letters-kept"),
    ],
)
def test_pdf_title_is_sealed(title: str) -> None:
    """The title reaches TeX and the PDF as hex digits only (a UTF-16 PDF string), so every character is kept and
    no character can end the string or start a TeX command."""
    line = pdf_info(title)
    hexed = re.fullmatch(r"\\ifdefined\\pdfinfo\\pdfinfo\{/Title <FEFF([0-9A-F]*)> /Creator \(symdl\)\}\\fi\n", line)
    assert hexed is not None, line
    assert bytes.fromhex(hexed[1]).decode("utf-16-be") == title


@pytest.mark.skipif(not shutil.which("pdfinfo") or not shutil.which("latexmk"), reason="needs pdfinfo and TeX")
def test_tex_pdf_title_keeps_unicode_and_parentheses(tmp_path: Path) -> None:
    """Issue 16: the TeX path dropped ``(``, ``)`` and ``ŷ − y`` from the title metadata."""
    out = tmp_path / "bce.pdf"
    assert main(["derive", "binary-cross-entropy", "--format", "pdf", "--engine", "tex", "-o", str(out), "-q"]) == 0
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    assert "Title:           Binary cross-entropy with a sigmoid output, and its gradient ŷ − y" in info
