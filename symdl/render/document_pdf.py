"""PDF of a derivation: a real TeX engine when one is installed, matplotlib's mathtext otherwise.

* ``tex``: the LaTeX of :func:`symdl.render.document.to_latex` through ``latexmk -pdf`` (or
  ``pdflatex`` twice), in a temporary folder with the plots;
* ``embedded``: pages drawn with matplotlib (:mod:`symdl.render.embedded`), so a plain
  ``pip install`` can make a PDF.

Both PDFs say which path made them (:data:`PRODUCED_BY`).  matplotlib is not thread-safe, so
every use of it holds :data:`symdl.derive.plots.MATPLOTLIB_LOCK`.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from symdl.derive.report import Report
from symdl.errors import ResourceLimit
from symdl.render.embedded import PRODUCED_BY_EMBEDDED, pdf_embedded  # the embedded path (re-exported)

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
    "embedded": PRODUCED_BY_EMBEDDED,
}


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
