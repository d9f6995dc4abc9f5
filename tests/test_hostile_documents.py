"""Hostile derivation files and formulas: no file read, no command run, no process left, no raw tag.

Every payload (TeX file reads, shell escapes, piped input, a loop, HTML and ``javascript:``
links) is placed in every field of a derivation file and in formulas given to explain.  Each
case either renders — Markdown with no raw tag, LaTeX whose body holds only allow-listed
commands, PDFs (embedded, pdflatex, latexmk) that show no byte of a secret file and ran no
canary command, with no engine process left — or raises a clean :class:`SymdlError`.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

import symdl
from symdl.derive import loads, verify
from symdl.derive.report import Report
from symdl.errors import ResourceLimit, SymdlError
from symdl.render import document, document_pdf
from symdl.render.explanation import comparison_to_markdown, to_latex
from symdl.render.seal import check_sealed, md_prose, seal_math, tex_prose

MARKER = f"SYMDLSECRET{uuid.uuid4().hex[:12]}"
#: where a payload goes in a template
HOLE = "«P»"

#: (id, payload); SECRET, SECRETSTEM and CANARY are replaced by the case's own paths
PAYLOADS = [
    ("input", r"\input{SECRET}"),
    ("input-bare", r"\input SECRET "),
    ("include", r"\include{SECRETSTEM}"),
    ("openin-read", r"\openin7=SECRET \read7 to\x \x"),
    ("verbatiminput", r"\verbatiminput{SECRET}"),
    ("catcode", r"\catcode64=0 @input{SECRET}"),
    ("hat-notation", r"^^5cinput{SECRET}"),
    ("hat-notation-braces", r"^^5cinput^^7bSECRET^^7d"),
    ("csname", r"\csname input\endcsname{SECRET}"),
    ("write18", r"\write18{touch CANARY}"),
    ("immediate-write18", r"\immediate\write18{touch CANARY}"),
    ("input-pipe", r'\input|"touch CANARY"'),
    ("input-pipe-braced", r"\input{|touch CANARY}"),
    ("openin-pipe", r'\openin7="|touch CANARY" \read7 to\x \x'),
    ("loop", r"\def\a{\a}\a"),
    ("fullwidth-backslash", "\uff3cinput\uff5bSECRET\uff5d"),
    ("script", "<script>alert(1)</script>"),
    ("img-onerror", "<img src=x onerror=alert(1)>"),
    ("javascript-link", "[click](javascript:alert(1))"),
    ("javascript-autolink", "<javascript:alert(1)>"),
]
_BASE = "define f: f(x) = x^2\nclaim c: f(x) = x \\cdot x\n"
#: (id, derivation file with HOLE where the payload goes)
FIELDS = [
    ("title", "title: T «P»\n\n" + _BASE),
    ("sources", "title: T\nsources: «P»\n\n" + _BASE),
    ("prose", "title: T\n\nProse «P» here.\n\n" + _BASE),
    ("prose-math", "title: T\n\nProse $«P»$ here.\n\n" + _BASE),
    ("statement-name", "title: T\n\ndefine f«P»: f(x) = x^2\n" + _BASE),
    ("rule", "title: T\n\n" + _BASE + "    rule: «P»\n"),
    ("rule-math", "title: T\n\n" + _BASE + "    rule: $«P»$\n"),
    ("concept", "title: T\n\ndefine f: f(x) = x^2\n    concept: «P»\n"),
    ("label", "title: T\n\ndefine f: f(x) = \\underbrace{x^2}_{\\text{«P»}}\n"),
    ("math", "title: T\n\ndefine f: f(x) = x^2 + «P»\n"),
    ("gradient-of", "title: T\n\ngradient g: 2 x\n    of: «P»\n    wrt: x\n"),
    ("wrt", "title: T\n\ngradient g: 2 x\n    of: x^2\n    wrt: «P»\n"),
]
#: every text field at once, for the PDFs (and a label, when the payload reads as one)
EVERYWHERE = ("title: T «P»\nsources: «P»\n\nProse «P» and $«P»$ here.\n\n" + _BASE + "    rule: «P» and $«P»$\n"
              "define h: h(x) = x^3\n    concept: «P»\n")  # fmt: skip
LABELLED = EVERYWHERE + "define g: g(x) = \\underbrace{x^2}_{\\text{«P»}}\n"
#: formulas given to explain (HOLE: the payload)
FORMULAS = [
    ("label", r"y = \underbrace{x^2}_{\text{«P»}}"),
    ("overbrace-label", r"y = \overbrace{x + 1}^{\text{«P»}} + z"),
    ("math", r"y = x + «P»"),
    ("text-name", r"y = \text{«P»} + x"),
]
#: TeX commands that read or write files, run programs or redefine TeX: never in a document's body
DANGEROUS = re.compile(r"\\(input|include|openin|openout|read|write|immediate|csname|catcode|def|edef|gdef|"
                       r"verbatiminput|endcsname|let|special|pdfobj)(?![A-Za-z])")  # fmt: skip
LATEXMK = ["latexmk", "-norc", "-pdf", "-bibtex-", *document_pdf.TEX_FLAGS, "-quiet"]
PDFLATEX = ["pdflatex", *document_pdf.TEX_FLAGS]


@dataclass(frozen=True)
class Sandbox:
    """A case's own folder: a secret file (with :data:`MARKER`), where the canary would appear, temp files."""

    root: Path
    secret: Path
    canary: Path

    def fill(self, payload: str) -> str:
        return (payload.replace("SECRETSTEM", str(self.secret.with_suffix("")))
                .replace("SECRET", str(self.secret)).replace("CANARY", str(self.canary)))  # fmt: skip


@pytest.fixture
def sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Sandbox:
    secret = tmp_path / "secret.tex"  # .tex so that \include{stem} would find it too
    secret.write_text(f"{MARKER}\n", encoding="utf-8")
    work = tmp_path / "tmp"
    work.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(work))  # the engine's folder is made in here
    return Sandbox(tmp_path, secret, tmp_path / "CANARY")


def _processes_in(folder: Path) -> list[str]:
    """Processes (other than this one) whose command line or working directory mentions ``folder``."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        if int(pid) == os.getpid():
            continue
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            cwd = os.readlink(f"/proc/{pid}/cwd")
        except OSError:  # ended meanwhile, or not ours to read
            continue
        if str(folder) in cmdline or cwd.startswith(str(folder)):
            found.append(f"{pid}: {cmdline}")
    return found


def _assert_tex_sealed(tex: str) -> None:
    body = tex.split(document.PREAMBLE, 1)[1]
    info, body = body.split("\n", 1)  # the PDF title line (document.pdf_info): a hex string, no TeX specials
    assert re.fullmatch(r"\\ifdefined\\pdfinfo\\pdfinfo\{/Title <FEFF[0-9A-F]*> /Creator \(symdl\)\}\\fi", info)
    assert not DANGEROUS.search(body), DANGEROUS.search(body)
    assert "^^" not in body
    check_sealed(body)


def _assert_md_inert(md: str) -> None:
    assert "<" not in md and ">" not in md, "a raw angle bracket (a tag) in the Markdown"
    assert not re.search(r"(?<!\\)\]\(javascript", md), "a live javascript: link in the Markdown"
    assert not re.search(r"&(?!amp;|lt;|gt;)", md), "a raw '&' (an entity) in the Markdown"


def _assert_no_trace(box: Sandbox) -> None:
    assert not box.canary.exists(), "a shell command ran"
    assert _processes_in(box.root) == []


def _report(text: str):
    try:
        return verify(loads(text, path="hostile.txt"))
    except SymdlError as exc:  # refused cleanly: an error with a message, never a leak
        assert exc.message and MARKER not in str(exc)
        return None


@pytest.mark.parametrize("field", [f[1] for f in FIELDS], ids=[f[0] for f in FIELDS])
@pytest.mark.parametrize("payload", [p[1] for p in PAYLOADS], ids=[p[0] for p in PAYLOADS])
def test_document_text_outputs_are_sealed(sandbox: Sandbox, payload: str, field: str) -> None:
    report = _report(field.replace(HOLE, sandbox.fill(payload)))
    if report is None:
        return
    _assert_md_inert(document.to_markdown(report))
    _assert_tex_sealed(document.to_latex(report))
    _assert_no_trace(sandbox)


def _pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("engine", ["embedded", "tex"])
@pytest.mark.parametrize("payload", [p[1] for p in PAYLOADS], ids=[p[0] for p in PAYLOADS])
def test_pdf_reads_no_file_and_runs_nothing(sandbox: Sandbox, payload: str, engine: str) -> None:
    """The payload in every text field (and a label) → a PDF that shows it as text; both engines are raw-tested below."""
    if engine == "tex" and document_pdf.tex_engine() is None:
        pytest.skip("no TeX engine (latexmk/pdflatex) is installed: the TeX path cannot be exercised")
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext is not installed: the PDF's text cannot be read")
    report = _report(LABELLED.replace(HOLE, sandbox.fill(payload))) or _report(
        EVERYWHERE.replace(HOLE, sandbox.fill(payload)))  # fmt: skip
    assert report is not None  # text fields never refuse a payload: it is shown as text
    out = sandbox.root / "out.pdf"
    (document_pdf.pdf_embedded if engine == "embedded" else document_pdf.pdf_via_tex)(report, out)
    shown = _pdf_text(out)
    assert MARKER not in shown
    assert "T" in shown and "Prose" in shown
    _assert_no_trace(sandbox)


@pytest.mark.parametrize("form", [f[1] for f in FORMULAS], ids=[f[0] for f in FORMULAS])
@pytest.mark.parametrize("payload", [p[1] for p in PAYLOADS], ids=[p[0] for p in PAYLOADS])
def test_explanation_markdown_and_latex_are_sealed(sandbox: Sandbox, payload: str, form: str) -> None:
    try:
        expl = symdl.explain(form.replace(HOLE, sandbox.fill(payload)))
    except SymdlError as exc:
        assert exc.message
        return
    _assert_md_inert(expl._repr_markdown_())
    latex = to_latex(expl)
    assert seal_math(latex) is not None, latex  # only allow-listed commands: safe to compile
    assert not DANGEROUS.search(latex)


def test_comparison_markdown_reprints_the_formulas() -> None:
    cmp = symdl.compare(r"v = \beta v + (1-\beta) dW", r"v_t = \gamma v_{t-1} + \eta \nabla J")
    md = comparison_to_markdown(cmp)
    _assert_md_inert(md)
    assert "v =" in md and r"(1-\beta) dW" not in md  # the source is not copied: symdl prints what it read


#: (id, math, sealed form or None)
SEAL = [
    ("printed-fraction", r"\frac{1}{1 + e^{- x}}", r"\frac{1}{1 + e^{- x}}"),
    ("greek-and-space", r"\alpha x", r"\alpha x"),
    ("typed-greek", "α x", r"\alpha x"),
    ("cases", r"\begin{cases} x & \text{for}\: x > 0 \\ 0 & \text{otherwise} \end{cases}",
     r"\begin{cases} x & \text{for}\: x > 0 \\ 0 & \text{otherwise} \end{cases}"),
    ("input", r"x \input{/etc/passwd}", None),
    ("hat-notation", r"x^^5cinput", None),
    ("spaced-hats", r"x^ ^5cinput", None),
    ("unknown-environment", r"\begin{filecontents}{a.tex} x \end{filecontents}", None),
    ("gather-close", r"x \end{gather*} \input{a}", None),
    ("unbalanced", r"x}", None),
    ("trailing-backslash", "x \\", None),
    ("fullwidth-backslash", "\uff3cinput", None),
    ("comment-dropped", "x % \\input{a}", "x"),
]  # fmt: skip


@pytest.mark.parametrize(("latex", "want"), [s[1:] for s in SEAL], ids=[s[0] for s in SEAL])
def test_seal_math(latex: str, want: str | None) -> None:
    assert seal_math(latex) == want


#: (id, prose, LaTeX, Markdown)
PROSE = [
    ("math-kept", r"the gradient $\hat y - y$ of it", r"the gradient $\hat y - y$ of it",
     r"the gradient $\hat y - y$ of it"),
    ("math-escaped", r"see $\input{x}$", r"see \$\textbackslash{}input\{x\}\$", r"see \$\\input{x}\$"),
    ("emphasis", "*not* a tag <b>", r"\emph{not} a tag \textless{}b\textgreater{}", "*not* a tag &lt;b&gt;"),
    ("link", "[a](javascript:x)", r"[a](javascript:x)", r"\[a\](javascript:x)"),
    ("math-link", "$[a](b)$", "$[a](b)$", "$[a] (b)$"),
    ("math-less-than", "$a < b$", "$a < b$", "$a &lt; b$"),
    ("code-span", "recognised as `batch_norm` by", r"recognised as \texttt{batch\_norm} by",
     "recognised as `batch_norm` by"),
    ("code-span-tag", "concept `<script>x</script>`", r"concept \texttt{\textless{}script\textgreater{}x"
     r"\textless{}/script\textgreater{}}", r"concept \`&lt;script&gt;x&lt;/script&gt;\`"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "tex", "md"), [p[1:] for p in PROSE], ids=[p[0] for p in PROSE])
def test_prose(text: str, tex: str, md: str) -> None:
    assert tex_prose(text) == tex
    assert md_prose(text) == md


@pytest.mark.xdist_group("library")  # on the worker of test_derive_library: its reports are checked once
def test_library_documents_need_no_fallback(
    monkeypatch: pytest.MonkeyPatch, library_report: Callable[[str], Report]
) -> None:
    """Sealing keeps real documents intact: every formula of these derivations seals."""
    import symdl.render.seal as seal

    unsealed: list[str] = []

    def spy(latex: str) -> str | None:
        out = real(latex)
        if out is None:
            unsealed.append(latex)
        return out

    real = seal.seal_math
    monkeypatch.setattr(seal, "seal_math", spy)
    for name in ("sigmoid", "adam", "two-layer-network"):
        report = library_report(name)  # check_file seals nothing: only the renderings below are spied on
        document.to_markdown(report)
        _assert_tex_sealed(document.to_latex(report))
    assert unsealed == []


RAW_TEX = [
    ("input", r"\input{SECRET}"),
    ("openin-read", r"\newread\r \openin\r=SECRET \read\r to\x \x"),
    ("write18", r"\immediate\write18{touch CANARY}"),
    ("input-pipe", r'\input|"touch CANARY"'),
    ("openout-outside", r"\newwrite\w \immediate\openout\w=CANARY \immediate\write\w{x}\immediate\closeout\w"),
]


@pytest.mark.parametrize("cmd", [PDFLATEX, LATEXMK], ids=["pdflatex", "latexmk"])
@pytest.mark.parametrize("payload", [r[1] for r in RAW_TEX], ids=[r[0] for r in RAW_TEX])
def test_engine_sandbox_holds_without_sealing(sandbox: Sandbox, payload: str, cmd: list[str]) -> None:
    """Even raw TeX (as if sealing had a hole) reads no file outside its folder and runs nothing."""
    if not shutil.which(cmd[0]) or not shutil.which("pdflatex"):
        pytest.skip(f"{cmd[0]} is not installed")
    folder = sandbox.root / "tmp" / "raw"
    folder.mkdir()
    body = sandbox.fill(payload)
    (folder / "doc.tex").write_text(f"\\documentclass{{article}}\\begin{{document}}x {body} y\\end{{document}}\n")
    document_pdf.run_tex(cmd, folder)
    pdf = folder / "doc.pdf"
    if pdf.exists() and shutil.which("pdftotext"):
        assert MARKER not in _pdf_text(pdf)
    assert MARKER not in "".join(p.read_text(errors="replace") for p in folder.glob("*.log"))
    _assert_no_trace(sandbox)


@pytest.mark.parametrize("cmd", [PDFLATEX, LATEXMK], ids=["pdflatex", "latexmk"])
def test_a_looping_engine_is_stopped_and_leaves_no_process(sandbox: Sandbox, cmd: list[str]) -> None:
    if not shutil.which(cmd[0]) or not shutil.which("pdflatex"):
        pytest.skip(f"{cmd[0]} is not installed")
    folder = sandbox.root / "tmp" / "loop"
    folder.mkdir()
    (folder / "doc.tex").write_text("\\documentclass{article}\\begin{document}\\def\\a{\\a}\\a\\end{document}\n")
    with pytest.raises(ResourceLimit) as err:
        document_pdf.run_tex(cmd, folder, seconds=1)
    assert err.value.message == f"{cmd[0]} took more than 1 s and was stopped"
    _assert_no_trace(sandbox)
