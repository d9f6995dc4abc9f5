"""The derivations library: every step verified, rendered to Markdown, LaTeX and PDF (both paths); loader errors."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from symdl.derive import DerivationError, Report, check_file, loads, names, report_to_text, verify
from symdl.render import document
from symdl.render.document_pdf import PRODUCED_BY, pdf_embedded, pdf_via_tex, tex_engine

LIBRARY = names()
FIXTURES = Path(__file__).parent / "fixtures"
#: one worker runs this module: the library's reports (conftest's ``library_report``) and its PDFs, both paths,
#: are built once, not once on each xdist worker that runs one of its tests
pytestmark = pytest.mark.xdist_group("library")


@pytest.fixture(scope="module")
def reports(library_report: Callable[[str], Report]) -> dict:
    return {n: library_report(n) for n in LIBRARY}


def test_library_has_the_issue_derivations() -> None:
    want = {"ema", "momentum", "rmsprop", "adam", "gradient-descent", "sigmoid", "activations", "softmax",
            "cross-entropy", "binary-cross-entropy", "mse", "two-layer-network", "attention", "permutation",
            "neuron-gradient"}
    assert want <= set(LIBRARY)


@pytest.mark.parametrize("name", LIBRARY)
def test_every_step_verified(reports: dict, name: str) -> None:
    r = reports[name]
    assert r.verdict == "verified", report_to_text(r)
    assert all(s.numeric is not None and s.numeric.points > 0 for s in r.steps if s.kind != "plot"), report_to_text(r)


@pytest.mark.parametrize("name", LIBRARY)
def test_markdown_and_latex(reports: dict, name: str) -> None:
    r = reports[name]
    md, tex = document.to_markdown(r), document.to_latex(r)
    assert md.startswith(f"# {r.derivation.title}")
    for s in r.steps:
        if s.kind != "plot":
            assert f"### {s.name} ({s.kind})" in md
    assert "\\begin{document}" in tex and "Numeric checks" in tex


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


PATHS = ("embedded", "tex")
BUILD = {"embedded": pdf_embedded, "tex": pdf_via_tex}


@pytest.fixture(scope="module")
def pdfs(reports: dict, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """(name, path) → the PDF, or the exception its build raised (so one failure fails one test only)."""
    folder = tmp_path_factory.mktemp("pdf")
    jobs = [(n, how) for how in PATHS for n in LIBRARY if how == "embedded" or tex_engine()]

    def build(job: tuple[str, str]) -> tuple[tuple[str, str], Path | Exception]:
        n, how = job
        try:
            return job, BUILD[how](reports[n], folder / f"{n}-{how}.pdf")
        except Exception as exc:  # reported by the test of this build
            return job, exc

    with ThreadPoolExecutor(max_workers=2) as pool:  # TeX runs in subprocesses; matplotlib holds its lock
        return dict(pool.map(build, jobs))


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not installed")
@pytest.mark.parametrize("how", PATHS)
@pytest.mark.parametrize("name", LIBRARY)
def test_pdf_contains_statement_names(pdfs: dict, reports: dict, name: str, how: str) -> None:
    if how == "tex" and tex_engine() is None:
        pytest.skip("no TeX engine installed")
    built = pdfs[(name, how)]
    if isinstance(built, Exception):
        raise built
    text = _pdf_text(built)
    flat = " ".join(text.replace("\u2019", "'").split())
    assert " ".join(reports[name].derivation.title.split()[:4]) in flat
    for s in reports[name].steps:
        if s.kind != "plot":
            assert s.name in text, (s.name, how)
    assert " ".join(PRODUCED_BY[how].split()[:4]) in flat, "the PDF must say which path made it"


#: formulas matplotlib's mathtext cannot draw: the embedded PDF shows them as source and says so
UNDRAWABLE = [
    # (cases and matrices are drawn in one line since session 22: tests/test_pdf_documents.py)
    ("stackrel", r"y \stackrel{a}{=} b", r"\stackrel{a}{=}"),
    ("sized-delimiters", r"y = \Bigl( x \Bigr)", r"\Bigl( x \Bigr)"),  # (a label-less \overbrace is drawn now)
    ("unbalanced", r"y = \frac{1}{x", r"\frac{1}{x"),
]


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) not installed")
@pytest.mark.parametrize(("latex", "shown"), [u[1:] for u in UNDRAWABLE], ids=[u[0] for u in UNDRAWABLE])
def test_embedded_pdf_shows_undrawable_formulas_as_source(reports: dict, tmp_path: Path, latex: str, shown: str) -> None:
    r = reports["mse"]
    step = dataclasses.replace(r.steps[0], latex=latex)
    out = pdf_embedded(dataclasses.replace(r, steps=[step, *r.steps[1:]]), tmp_path / "broken.pdf")
    text = " ".join(_pdf_text(out).split())
    assert "mathtext cannot draw" in text
    assert shown in text


def test_planted_error_is_caught_at_its_step() -> None:
    r = check_file(FIXTURES / "planted-error.txt")
    assert r.verdict == "refuted"
    assert r.first_wrong is not None and r.first_wrong.name == "planted"
    assert [s.name for s in r.steps if s.verdict == "refuted"] == ["planted"]
    text = report_to_text(r)
    assert "first wrong step: planted" in text


SOFTMAX = "title: t\ndefine softmax: p_i = \\frac{e^{z_i}}{\\sum_j e^{z_j}}\n"
FORWARD = (Path(__file__).parents[1] / "derivations" / "two-layer-network.txt").read_text(encoding="utf-8")
#: (id, derivation text with one planted error, the step that must be the first wrong one)
PLANTED = [
    ("identity", "title: t\nclaim ok: (1-b)(1+b) = 1-b^2\nclaim wrong: (1-b) \\sum_{k=1}^{t} b^{t-k} = 1 - b^{t+1}\n",
     "wrong"),
    ("family-gradient", SOFTMAX + "gradient wrong: p_i (\\delta_{ik} + p_k)\n    of: softmax\n    wrt: z\n", "wrong"),
    ("scalar-gradient", "title: t\ndefine f: y = \\tanh(x)\ngradient wrong: 1 + \\tanh^2(x)\n    of: f\n    wrt: x\n",
     "wrong"),
    ("wrong-concept", "title: t\ndefine wrong: s = \\frac{1}{1 + e^{-x}}\n    concept: softmax\n", "wrong"),
    ("backprop-line", FORWARD.replace(r"dW^{[2]} = \frac{1}{m} dZ^{[2]} A^{[1]T}", r"dW^{[2]} = dZ^{[2]} A^{[1]T}"),
     "gradients"),
]


@pytest.mark.parametrize(("text", "wrong"), [p[1:] for p in PLANTED], ids=[p[0] for p in PLANTED])
def test_planted_errors_fail_at_their_step(text: str, wrong: str) -> None:
    r = verify(loads(text, path="planted.txt"))
    assert r.verdict == "refuted"
    assert r.first_wrong is not None and r.first_wrong.name == wrong, report_to_text(r)


OK = "title: t\n\ndefine f: y = 2 x\n"
BAD = [
    ("no-title", "define f: y = 2x\n", 1, 1, "no title"),
    ("unknown-key", "titel: t\ndefine f: y = 2x\n", 1, 1, "unknown key 'titel'"),
    ("misspelt-kind", "title: t\ndefin f: y = 2x\n", 2, 1, "unknown statement kind 'defin'"),
    ("duplicate-name", OK + "define f: z = 3\n", 4, 8, "a second statement named 'f'"),
    ("unknown-field", OK + "    concpt: ema\n", 4, 5, "has no field 'concpt'"),
    ("unknown-field-after-fields", OK + "    concept: ema\n    rules: x\n", 5, 5, "has no field 'rules'"),
    ("missing-field", "title: t\ndefine f: y = x^2\ngradient g: 2x\n    of: f\n", 3, 10, "needs the field 'wrt'"),
    ("bad-reference", "title: t\ndefine f: y = x^2\ngradient g: 2x\n    of: f\n    wrt: x\nplot p: activation\n    of: h\n", 7, 9, "no earlier define called 'h'"),
    ("bad-plot", OK + "plot p: histogram\n", 4, 9, "unknown plot 'histogram'"),
    ("bad-latex", "title: t\ndefine f: y = \\frac{1}{x\n", 2, 23, "never closed"),
    ("bad-latex-continued", "title: t\ndefine f: y = 2x\n    + \\frac{1}{x\n", 3, 15, "never closed"),
    ("no-statements", "title: t\n\nsome prose\n", 1, 1, "no statements"),
]


@pytest.mark.parametrize(("text", "line", "column", "message"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_loader_errors_are_positioned(text: str, line: int, column: int, message: str) -> None:
    with pytest.raises(DerivationError) as info:
        verify(loads(text, path="bad.txt"))
    err = info.value
    assert (err.line, err.column) == (line, column), str(err)
    assert message in err.message
    shown = str(err)
    assert shown.startswith(f"bad.txt:{line}:{column}:") and "^" in shown
    if "has no field" in message:
        assert "takes: concept, note, shape" in err.hint, err.hint
