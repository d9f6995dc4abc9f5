"""PDF of a derivation: a real TeX engine when one is installed, matplotlib's mathtext otherwise.

* ``tex``: the LaTeX of :func:`symdl.render.document.to_latex` through ``latexmk -pdf`` (or
  ``pdflatex`` twice), in a temporary folder with the plots;
* ``embedded``: pages drawn with matplotlib (text, each statement's LaTeX through mathtext,
  the plots and the table of checks) into :class:`matplotlib.backends.backend_pdf.PdfPages`,
  so a plain ``pip install`` can make a PDF.  A formula mathtext cannot draw is shown as its
  LaTeX source in plain text, with a note saying so; it never stops the document.

Both PDFs say which path made them (:data:`PRODUCED_BY`).  matplotlib is not thread-safe, so
every use of it holds :data:`symdl.derive.plots.MATPLOTLIB_LOCK`.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import textwrap
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from symdl.derive.plots import MATPLOTLIB_LOCK
from symdl.derive.report import Report
from symdl.errors import ResourceLimit

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: seconds a TeX run (all its passes) may take before its whole process group is killed
TEX_SECONDS = 60
#: seconds to wait, after SIGKILL, for the killed processes to be gone
KILL_WAIT_SECONDS = 5
#: flags every TeX pass gets: no shell escape, stop at the first error, never wait for the terminal
TEX_FLAGS = ("-no-shell-escape", "-halt-on-error", "-interaction=nonstopmode")
#: kpathsea settings for every run: no shell escape; read and write only in the run's own folder
TEX_KPATHSEA = {"shell_escape": "f", "openin_any": "p", "openout_any": "p"}
#: environment variables kept for the engine (everything else, e.g. a user's TEXINPUTS or TEXMFCNF, is dropped)
TEX_KEEP_ENV = ("PATH", "LANG", "LC_ALL", "LC_CTYPE", "SOURCE_DATE_EPOCH")
#: the sentence each PDF carries about the path that made it
PRODUCED_BY = {
    "tex": "PDF typeset by the TeX engine (latexmk/pdflatex).",
    "embedded": "PDF drawn by symdl's embedded renderer (matplotlib mathtext); no TeX engine was used.",
}
#: LaTeX → what mathtext accepts (no \left/\right sizing, no aligned environments, no \tfrac)
MATHTEXT_REWRITES = (
    (r"\left", ""), (r"\right", ""), (r"\displaystyle", ""), (r"\operatorname", r"\mathrm"),
    (r"\begin{aligned}", ""), (r"\end{aligned}", ""), ("&", ""), (r"\quad", r"\ "), (r"\,", r"\ "),
    (r"\tfrac", r"\frac"), (r"\dfrac", r"\frac"), (r"\bigl", ""), (r"\bigr", ""),
)  # fmt: skip
#: (font size, vertical space as a fraction of the page, bold) per kind of line of the embedded PDF
LINE_STYLE = {
    "title": (15, 0.05, True),
    "head": (12, 0.035, True),
    "math": (12, 0.05, False),
    "text": (9, 0.022, False),
    "note": (8, 0.02, False),
    "image": (0, 0.36, False),
}
#: characters per wrapped line of prose, and of titles and headings, in the embedded PDF
WRAP, TITLE_WRAP = 100, 64
FALLBACK_NOTE = "(shown as LaTeX source: matplotlib's mathtext cannot draw this formula)"


def tex_engine() -> list[str] | None:
    """The command that builds a PDF from a .tex file, or None when no engine is installed.

    latexmk reads no rc file (``-norc``) and never runs bibtex; both pass :data:`TEX_FLAGS` to pdflatex.
    """
    if shutil.which("latexmk") and shutil.which("pdflatex"):
        return ["latexmk", "-norc", "-pdf", "-bibtex-", *TEX_FLAGS, "-quiet"]
    if shutil.which("pdflatex"):
        return ["pdflatex", *TEX_FLAGS]
    return None


def tex_environment(folder: Path) -> dict[str, str]:
    """The engine's environment: :data:`TEX_KEEP_ENV`, :data:`TEX_KPATHSEA`, and every home and output in ``folder``."""
    env = {k: v for k, v in os.environ.items() if k in TEX_KEEP_ENV}
    here = str(folder)
    env.update(TEX_KPATHSEA, HOME=here, TEXMFHOME=here, TEXMFOUTPUT=here, TEXINPUTS=f".{os.pathsep}",
               TEXMFVAR=str(folder / ".texmf-var"), TEXMFCONFIG=str(folder / ".texmf-config"))  # fmt: skip
    return env


def _group_alive(pgid: int) -> bool:
    """Does a live (not zombie) process remain in the group?  (``/proc`` when there is one, else a signal 0.)"""
    try:
        os.killpg(pgid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    proc = Path("/proc")
    if not proc.is_dir():
        return True
    for stat in proc.glob("[0-9]*/stat"):
        try:
            state, _, group = stat.read_text().rsplit(")", 1)[1].split()[:3]
        except (OSError, IndexError, ValueError):  # ended meanwhile
            continue
        if group == str(pgid) and state not in "ZX":
            return True
    return False


def _kill_group(proc: subprocess.Popen) -> None:
    """Kill the engine's whole process group (latexmk's pdflatex too), reap the leader, wait until the group is gone."""
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):  # the group has already ended
        pass
    proc.wait()
    deadline = time.monotonic() + KILL_WAIT_SECONDS
    while _group_alive(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.01)


def run_tex(cmd: list[str], folder: Path, *, runs: int = 1, seconds: float = TEX_SECONDS) -> int:
    """Run ``cmd doc.tex`` in ``folder`` (``runs`` times) in its own process group; the last exit status.

    The engine's output goes to ``folder/engine.out``.  On the time limit, or on any exception
    (Ctrl-C included), the whole group is killed: no process outlives the call.

    Raises:
        ResourceLimit: the passes took more than ``seconds`` (naming the engine).
    """
    deadline = time.monotonic() + seconds
    env = tex_environment(folder)
    code = 0
    with open(folder / "engine.out", "wb") as out:
        for _ in range(runs):
            proc = subprocess.Popen([*cmd, "doc.tex"], cwd=folder, env=env, stdin=subprocess.DEVNULL, stdout=out,
                                    stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
            try:
                code = proc.wait(timeout=max(deadline - time.monotonic(), 0.01))
            except subprocess.TimeoutExpired:
                raise ResourceLimit(f"{cmd[0]} took more than {seconds:g} s and was stopped",
                                    hint="use --engine embedded") from None  # fmt: skip
            finally:
                _kill_group(proc)
            if code != 0:
                break
    return code


def pdf_via_tex(report: Report, out: Path) -> Path:
    """Build the PDF with the TeX engine, sealed: see :func:`run_tex` and :func:`tex_environment`.

    Raises:
        ResourceLimit: no engine installed, the engine failed (its first errors quoted) or timed out.
    """
    from symdl.render.document import make_plots, to_latex

    cmd = tex_engine()
    if cmd is None:
        raise ResourceLimit("no TeX engine installed", hint="install latexmk/pdflatex or use the embedded renderer")
    with tempfile.TemporaryDirectory(prefix="symdl-tex-") as tmp:
        folder = Path(tmp)
        plots = make_plots(report, folder)
        (folder / "doc.tex").write_text(to_latex(report, plots, produced_by=PRODUCED_BY["tex"]), encoding="utf-8")
        code = run_tex(cmd, folder, runs=1 if cmd[0] == "latexmk" else 2)
        pdf = folder / "doc.pdf"
        if code != 0 or not pdf.exists():
            log_file = folder / "doc.log" if (folder / "doc.log").exists() else folder / "engine.out"
            log = log_file.read_text(errors="replace")
            errors = [ln for ln in log.splitlines() if ln.startswith("!")][:3]
            raise ResourceLimit(f"{cmd[0]} failed: {'; '.join(errors) or log[-300:]}",
                                hint="use --engine embedded")  # fmt: skip
        shutil.copyfile(pdf, out)
    return out


def mathtext(latex: str) -> str:
    """LaTeX → what mathtext accepts (:data:`MATHTEXT_REWRITES`)."""
    for a, b in MATHTEXT_REWRITES:
        latex = latex.replace(a, b)
    return latex


@lru_cache(maxsize=512)
def math_ok(latex: str) -> bool:
    """Can mathtext draw ``$latex$``?  (Parsed with the parser the PDF backend uses.)"""
    from matplotlib.mathtext import MathTextParser

    with MATPLOTLIB_LOCK:
        try:
            MathTextParser("path").parse(f"${latex}$", dpi=72)
            return True
        except Exception:  # mathtext raises ValueError (often with an empty message) and others
            return False


@dataclass(frozen=True)
class Line:
    """One line of the embedded PDF: a ``kind`` of :data:`LINE_STYLE` and its text (or image path)."""

    kind: str
    value: str


def _formula_lines(latex: str) -> list[Line]:
    """A formula as mathtext lines; rows mathtext cannot draw become plain source plus a note."""
    from symdl.render.seal import seal_math

    out: list[Line] = []
    for row in latex.split(r" \\ "):
        sealed = seal_math(row)  # mathtext runs no TeX, but it is still only given sealed math
        m = mathtext(sealed).strip() if sealed is not None else ""
        if m and math_ok(m):
            out.append(Line("math", m))
        else:
            out += [Line("text", w) for w in textwrap.wrap(row, WRAP)] + [Line("note", FALLBACK_NOTE)]
    return out


def document_lines(report: Report, plots: dict[str, Path]) -> list[Line]:
    """The embedded PDF's content, top to bottom."""
    from symdl.derive.model import Prose
    from symdl.render.document import _table_rows

    d = report.derivation
    steps = {s.name: s for s in report.steps}
    lines = [*[Line("title", w) for w in textwrap.wrap(d.title, TITLE_WRAP)],
             *[Line("text", f"Source: {s}") for s in d.sources],
             Line("text", f"Verdict: {report.verdict} ({len(report.steps)} statements, each checked by symdl)"),
             Line("note", PRODUCED_BY["embedded"])]  # fmt: skip
    for item in d.body:
        if isinstance(item, Prose):
            lines += [Line("text", w) for w in textwrap.wrap(item.text.replace("$", ""), WRAP)]
        elif item.kind == "plot":
            if item.name in plots:
                lines.append(Line("image", str(plots[item.name])))
        else:
            s = steps[item.name]
            lines += [Line("head", w) for w in textwrap.wrap(f"{s.name} ({s.kind}) - {s.verdict}", TITLE_WRAP)]
            lines += _formula_lines(s.latex)
            if s.rule:
                lines += [Line("text", w) for w in textwrap.wrap(f"Rule: {s.rule}", WRAP)]
            for n, (desc, rule, latex) in enumerate(s.steps, 1):
                lines += [Line("note", w) for w in textwrap.wrap(f"{n}. {desc} ({rule})", WRAP + 20)]
                lines += _formula_lines(latex)
    lines.append(Line("head", "Numeric checks"))
    rows = [" | ".join(r.plain()) for r in _table_rows(report)]
    lines += [Line("note", w) for r in rows for w in textwrap.wrap(r, WRAP + 20)]
    return lines


def _paginate(lines: list[Line]) -> list[list[Line]]:
    pages: list[list[Line]] = [[]]
    y = 0.95
    for line in lines:
        need = LINE_STYLE[line.kind][1]
        if y - need < 0.04 and pages[-1]:
            pages.append([])
            y = 0.95
        pages[-1].append(line)
        y -= need
    return pages


def _draw_page(page: list[Line], *, plain: bool) -> Figure:
    import matplotlib.image as mpimg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(8.27, 11.69))
    y = 0.95
    for line in page:
        size, need, bold = LINE_STYLE[line.kind]
        if line.kind == "image":
            ax = fig.add_axes((0.12, y - 0.34, 0.76, 0.34))
            ax.imshow(mpimg.imread(line.value))
            ax.axis("off")
        elif line.kind == "math" and not plain:
            fig.text(0.07, y, f"${line.value}$", fontsize=size if len(line.value) < 90 else 9, va="top")
        else:
            fig.text(0.07, y, line.value, fontsize=size, va="top", weight="bold" if bold else "normal",
                     parse_math=False)  # fmt: skip
        y -= need
    return fig


def pdf_embedded(report: Report, out: Path) -> Path:
    """Build the PDF with matplotlib only (a page whose formulas fail to draw is redrawn as source)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends.backend_pdf import PdfPages

    from symdl.render.document import make_plots

    no_tex = matplotlib.rc_context({"text.usetex": False})  # a user's matplotlibrc must not send text to TeX
    with tempfile.TemporaryDirectory(prefix="symdl-pdf-") as tmp, MATPLOTLIB_LOCK, no_tex:
        pages = _paginate(document_lines(report, make_plots(report, Path(tmp))))
        with PdfPages(out, metadata={"Title": report.derivation.title, "Creator": "symdl"}) as pdf:
            for page in pages:
                try:
                    pdf.savefig(_draw_page(page, plain=False))
                except Exception:  # a formula mathtext parsed but cannot draw: show this page's math as source
                    pdf.savefig(_draw_page([*page, Line("note", FALLBACK_NOTE)], plain=True))
    return out


def to_pdf(report: Report, out: Path, *, engine: str = "auto") -> tuple[Path, str, str]:
    """Write the PDF; returns ``(path, path used, note)`` with the path ``tex`` or ``embedded``.

    ``engine="auto"`` uses TeX when installed and falls back to the embedded renderer when TeX
    fails (the note says why); ``"tex"`` insists on TeX (raises if it fails); ``"embedded"``
    always uses matplotlib.
    """
    if engine == "tex" or (engine == "auto" and tex_engine() is not None):
        try:
            return pdf_via_tex(report, out), "tex", ""
        except ResourceLimit as exc:
            if engine == "tex":
                raise
            note = f"{exc.message}; used the embedded renderer instead"
            return pdf_embedded(report, out), "embedded", note
    return pdf_embedded(report, out), "embedded", ""
