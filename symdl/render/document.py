"""Render a verified derivation as a document: Markdown or LaTeX (PDF: :mod:`symdl.render.document_pdf`).

The document: the title and sources; prose and statements in file order, each statement with
its verdict, the rule used, its chunked explanation (annotated LaTeX from
:func:`symdl.render.explanation.to_latex`) and the steps of its symbolic derivation; plots;
and a table of the numeric checks (method, points, largest relative error).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

from symdl.derive.model import Block, Prose
from symdl.derive.verify import Report, StepReport
from symdl.errors import SymdlError


def _explained(report: Report, name: str) -> str | None:
    from symdl import explain
    from symdl.render.explanation import to_latex

    f = report.formulas.get(name)
    if f is None:
        return None
    try:
        return to_latex(explain(f))
    except (SymdlError, Exception):  # an explanation is an extra: the document stands without it
        return None


def make_plots(report: Report, folder: Path) -> dict[str, Path]:
    """Draw the derivation's plots into ``folder``; plot name → PNG path."""
    from symdl.derive import plots

    out: dict[str, Path] = {}
    for b in report.derivation.blocks:
        if b.kind != "plot":
            continue
        path = folder / f"{report.derivation.name}-{b.name}.png"
        kind = b.text.split()[0]
        if kind == "optimizers":
            out[b.name] = plots.plot_optimizers(path)
        elif kind == "ema":
            out[b.name] = plots.plot_ema(path)
        else:
            f = report.formulas[b.get("of")]
            value = report.context.expand(f.statements[0].rhs)
            var = next(iter(sorted(value.free_symbols, key=lambda s: str(s) != "x")))
            out[b.name] = plots.plot_activation(value, var, b.get("of"), path)
    return out


def _err(x: float) -> str:
    return "0" if x == 0 else f"{x:.1e}"


def _table_rows(report: Report) -> list[tuple[str, str, str, str, str, str]]:
    rows = []
    for s in report.steps:
        if s.numeric is None:
            continue
        pt = ", ".join(f"${k}$={v}" for k, v in list(s.numeric.point.items())[:3])
        rows.append((s.name, s.verdict, s.symbolic, s.numeric.method, pt, _err(s.numeric.max_rel_error)))
    return rows


def _md_step(s: StepReport, expl: str | None) -> list[str]:
    out = [f"### {s.name} ({s.kind}) — {s.verdict}", "", f"$$ {s.latex} $$", ""]
    if s.rule:
        out += [f"*Rule:* {s.rule}", ""]
    if expl:
        out += ["*Explained:*", "", f"$$ {expl} $$", ""]
    for desc, rule, latex in s.steps:
        out.append(f"1. {desc} — *{rule}*: ${latex}$")
    out += [f"- {d}" for d in s.details if d]
    out.append("")
    return out


def to_markdown(report: Report, plots: dict[str, Path] | None = None) -> str:
    """The derivation as Markdown with ``$...$`` math."""
    d = report.derivation
    steps = {s.name: s for s in report.steps}
    out = [f"# {d.title}", ""]
    out += [f"*Source:* {src}  " for src in d.sources] + [""]
    out += [f"**Verdict: {report.verdict}** ({len(report.steps)} statements, each checked by symdl)", ""]
    for item in d.body:
        if isinstance(item, Prose):
            out += [item.text, ""]
        elif item.kind == "plot":
            if plots and item.name in plots:
                out += [f"![{item.name}]({plots[item.name].name})", ""]
        else:
            out += _md_step(steps[item.name], _explained(report, item.name))
    out += ["## Numeric checks", "", "| step | verdict | symbolic | numeric | a point | max rel. error |",
            "|---|---|---|---|---|---|"]  # fmt: skip
    out += ["| " + " | ".join(r) + " |" for r in _table_rows(report)]
    return "\n".join(out) + "\n"


_TEXT_ESCAPES = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "#": r"\#", "_": r"\_", "{": r"\{", "}": r"\}",
                 "^": r"\^{}", "~": r"\~{}", "$": r"\$",
                 "<": r"\textless{}", ">": r"\textgreater{}", "|": r"\textbar{}"}  # fmt: skip


def tex_text(text: str) -> str:
    """Prose for LaTeX: ``$...$`` math kept, everything else escaped, ``*x*`` → ``\\emph{x}``."""
    parts = re.split(r"(\$[^$]+\$)", text)
    out = []
    for p in parts:
        if p.startswith("$") and p.endswith("$") and len(p) > 1:
            out.append(p)
        else:
            esc = "".join(_TEXT_ESCAPES.get(c, c) for c in p)
            esc = re.sub(r'"([^"]*)"', r"``\1''", esc)
            out.append(re.sub(r"\*([^*]+)\*", r"\\emph{\1}", esc))
    return "".join(out)


#: non-ASCII characters that verdict texts, rules and notes use → LaTeX valid in text and math mode
UNICODE_TEX = {
    "—": r"\text{---}", "–": r"\text{--}", "…": r"\ldots{}", "−": r"\ensuremath{-}", "×": r"\ensuremath{\times}",
    "·": r"\ensuremath{\cdot}", "⊙": r"\ensuremath{\odot}", "∂": r"\ensuremath{\partial}",
    "∇": r"\ensuremath{\nabla}", "√": r"\ensuremath{\surd}", "∑": r"\ensuremath{\sum}", "∞": r"\ensuremath{\infty}",
    "≈": r"\ensuremath{\approx}", "≤": r"\ensuremath{\le}", "≥": r"\ensuremath{\ge}", "≠": r"\ensuremath{\neq}",
    "→": r"\ensuremath{\to}", "←": r"\ensuremath{\leftarrow}", "′": r"\ensuremath{{}'}", "ŷ": r"\ensuremath{\hat{y}}",
    "α": r"\ensuremath{\alpha}", "β": r"\ensuremath{\beta}", "γ": r"\ensuremath{\gamma}", "δ": r"\ensuremath{\delta}",
    "ε": r"\ensuremath{\epsilon}", "η": r"\ensuremath{\eta}", "θ": r"\ensuremath{\theta}", "λ": r"\ensuremath{\lambda}",
    "μ": r"\ensuremath{\mu}", "σ": r"\ensuremath{\sigma}", "τ": r"\ensuremath{\tau}", "φ": r"\ensuremath{\phi}",
    "ψ": r"\ensuremath{\psi}", "ω": r"\ensuremath{\omega}", "Σ": r"\ensuremath{\Sigma}", "Δ": r"\ensuremath{\Delta}",
    "“": "``", "”": "''", "‘": "`", "’": "'",
}  # fmt: skip
#: runs of super-/subscript characters (ᵀ, ², ⁻¹, ᵢ) → {}^{...} / {}_{...}
_SCRIPTS = {"SUPERSCRIPT": "^", "SUBSCRIPT": "_"}
_SCRIPT_RUN = re.compile(r"[\u00b2\u00b3\u00b9\u1d2c-\u1d6a\u2070-\u209c]+")


def _script(run: str) -> str:
    names = [unicodedata.name(c, "") for c in run]
    kind = next((v for k, v in _SCRIPTS.items() if k in names[0]), "^")
    inner = "".join(unicodedata.normalize("NFKC", c) for c in run).replace("\u2212", "-")
    return rf"\ensuremath{{{{}}{kind}{{{inner}}}}}"


def tex_unicode(text: str) -> str:
    """Replace non-ASCII characters by LaTeX (:data:`UNICODE_TEX`, script runs, NFKD), so pdflatex never stops.

    Latin-1 letters are kept (inputenc handles them); anything else unknown becomes its code point.
    """
    text = _SCRIPT_RUN.sub(lambda m: _script(m[0]), text)
    out = []
    for c in text:
        if ord(c) < 128 or ("\u00c0" <= c <= "\u00ff" and c not in "×÷"):
            out.append(c)
        elif c in UNICODE_TEX:
            out.append(UNICODE_TEX[c])
        else:
            ascii_form = unicodedata.normalize("NFKD", c).encode("ascii", "ignore").decode()
            out.append(ascii_form or rf"\texttt{{[U+{ord(c):04X}]}}")
    return "".join(out)


PREAMBLE = r"""\documentclass[11pt]{article}
\usepackage[margin=2.2cm]{geometry}
\usepackage{amsmath,amssymb,graphicx,booktabs}
\usepackage[utf8]{inputenc}
\ifdefined\pdfgentounicode\input{glyphtounicode}\pdfgentounicode=1\fi
\setlength{\parindent}{0pt}\setlength{\parskip}{0.6em}
\allowdisplaybreaks
"""


def _tex_step(s: StepReport, expl: str | None) -> list[str]:
    out = [rf"\subsection*{{\texttt{{{tex_text(s.name)}}} ({s.kind}) --- {s.verdict}}}",
           rf"\begin{{gather*}} {s.latex} \end{{gather*}}"]  # fmt: skip
    if s.rule:
        out.append(rf"\emph{{Rule:}} {tex_text(s.rule)}")
    if expl:
        out.append(rf"\emph{{Explained:}} \begin{{gather*}} {expl} \end{{gather*}}")
    if s.steps:
        out.append(r"\begin{enumerate}")
        out += [rf"\item {tex_text(desc)} --- \emph{{{tex_text(rule)}}}: $\displaystyle {latex}$"
                for desc, rule, latex in s.steps]
        out.append(r"\end{enumerate}")
    details = [d for d in s.details if d]
    if details:
        out.append(r"\begin{itemize}" + "".join(rf"\item {tex_text(d)}" for d in details) + r"\end{itemize}")
    return out


def to_latex(
    report: Report, plots: dict[str, Path] | None = None, *, explain: Callable | None = None, produced_by: str = ""
) -> str:
    """The derivation as a standalone LaTeX document (ASCII only: see :func:`tex_unicode`).

    Args:
        report: the verified derivation.
        plots: plot name → PNG (included by file name, so the PNGs must sit next to the .tex).
        explain: ``(report, statement name) -> annotated LaTeX or None`` (default: symdl explain).
        produced_by: a sentence saying how the PDF was made (shown under the title).
    """
    d = report.derivation
    steps = {s.name: s for s in report.steps}
    explain = explain or _explained
    out = [PREAMBLE, rf"\title{{{tex_text(d.title)}}}\date{{}}\author{{verified by symdl}}",
           r"\begin{document}\maketitle"]
    out += [rf"\emph{{Source:}} {tex_text(src)}\\" for src in d.sources]
    out.append(rf"\textbf{{Verdict: {report.verdict}}} ({len(report.steps)} statements, each checked by symdl)")
    if produced_by:
        out.append(rf"\emph{{{tex_text(produced_by)}}}")
    for item in d.body:
        if isinstance(item, Prose):
            out.append(tex_text(item.text))
        elif isinstance(item, Block) and item.kind == "plot":
            if plots and item.name in plots:
                out.append(rf"\begin{{center}}\includegraphics[width=0.8\textwidth]{{{plots[item.name].name}}}\end{{center}}")
        else:
            out += _tex_step(steps[item.name], explain(report, item.name))
    out += [r"\section*{Numeric checks}", r"\begin{tabular}{llllll}\toprule",
            r"step & verdict & symbolic & numeric & a point & max rel.\ error \\ \midrule"]  # fmt: skip
    out += [" & ".join(tex_text(c) for c in r) + r" \\" for r in _table_rows(report)]
    out += [r"\bottomrule\end{tabular}", r"\end{document}"]
    return tex_unicode("\n\n".join(out) + "\n")
