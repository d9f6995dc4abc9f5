"""PDFs on both paths are A4 and carry the derivation's title (issue 16: Letter on one path, A4 on the other, no
title before), as ``pdfinfo`` reads them."""

from __future__ import annotations

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
    ("title", "safe"),
    [
        pytest.param("Adam: two EMAs", "Adam: two EMAs", id="plain"),
        pytest.param(
            r"x) /Author (evil) \input{/etc/passwd}", "x Author evil inputetcpasswd", id="pdf-string-and-tex-injection"
        ),
        pytest.param("Softmax — und Jacobi-Matrix", "Softmax  und Jacobi-Matrix", id="non-ascii-dropped"),
    ],
)
def test_pdf_title_is_sealed(title: str, safe: str) -> None:
    assert pdf_info(title) == rf"\ifdefined\pdfinfo\pdfinfo{{/Title ({safe}) /Creator (symdl)}}\fi" + "\n"
