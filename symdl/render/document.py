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
from dataclasses import dataclass
from pathlib import Path

from symdl.derive.model import Block, Prose
from symdl.derive.report import Report, StepReport
from symdl.formula import Formula
from symdl.render.seal import (
    check_sealed,
    md_formula,
    md_math,
    md_prose,
    md_text,
    safe_file_name,
    tex_escape,
    tex_math,
    tex_prose,
)

#: a step whose derivative and result together are longer than this (LaTeX characters) puts them on two rows;
#: under half of it they stay in the line of the rule
STEP_ROW_CHARS = 150
#: a description that is one formula (``$\\frac{\\partial}{\\partial x}\\left[...\\right]$``)
_ONE_MATH = re.compile(r"\$([^$]+)\$")


def _explained(report: Report, name: str) -> str | None:
    """The statement as the author wrote it, its right side under the brace of the concept it is (the source is
    annotated, never re-printed in SymPy's order), followed by ``inside:`` rows of the concepts within it, as
    one LaTeX text; None when symdl found no concept in it."""
    from symdl.render.explanation import annotated_source

    step = next((s for s in report.steps if s.name == name), None)
    if step is None or step.explanation is None:
        return None
    try:
        shown, inside = annotated_source(step.explanation, first=step.context_statements)
    except Exception:  # an explanation is an extra: the document stands without it
        return None
    if r"\underbrace" not in shown and not inside:
        return None
    rows = [rf"\text{{{tex_escape(label)}: }} {latex}" for label, latex in inside]
    return r" \\ ".join([shown, *rows])


def _plot_label(report: Report, f: Formula) -> str | None:
    """The defined function as mathtext for a plot's legend (``\\mathrm{ReLU}(x)``), sealed; None when it has no
    left side or mathtext cannot draw it."""
    from symdl.derive.report import latex
    from symdl.render.embedded import math_ok, mathtext
    from symdl.render.seal import seal_math

    lhs = f.statements[0].lhs
    sealed = seal_math(latex(report.context, lhs)) if lhs is not None else None
    label = mathtext(sealed).replace("{}", "").strip() if sealed is not None else ""
    return label if label and math_ok(label) else None


def make_plots(report: Report, folder: Path) -> dict[str, Path]:
    """Draw the derivation's plots into ``folder``; plot name → PNG path (file names are sealed: ``[A-Za-z0-9._-]``)."""
    import matplotlib

    from symdl.derive import plots

    out: dict[str, Path] = {}
    stem = safe_file_name(report.derivation.name)
    with matplotlib.rc_context({"text.usetex": False}):  # a user's matplotlibrc must not send labels to TeX
        for b in report.derivation.blocks:
            if b.kind != "plot":
                continue
            path = folder / safe_file_name(f"{stem}-{b.name}.png")
            kind = b.text.split()[0]
            if kind == "optimizers":
                out[b.name] = plots.plot_optimizers(path=path)
            elif kind == "ema":
                out[b.name] = plots.plot_ema(path=path)
            else:
                f = report.formulas[b.get("of")]
                value = report.context.expand(f.statements[0].rhs)
                var = next(iter(sorted(value.free_symbols, key=lambda s: str(s) != "x")))
                out[b.name] = plots.plot_activation(value, var, b.get("of"), path=path,
                                                     label=_plot_label(report, f))
    return out


def _err(x: float) -> str:
    return "0" if x == 0 else f"{x:.1e}"


@dataclass(frozen=True)
class Row:
    """One row of the numeric-checks table: plain cells, and a point as (spelling, value) pairs."""

    name: str
    verdict: str
    symbolic: str
    method: str
    point: tuple[tuple[str, str], ...]
    error: str

    def plain(self) -> list[str]:
        """The cells as plain text (spellings as written)."""
        pt = ", ".join(f"{k}={v}" for k, v in self.point)
        return [self.name, self.verdict, self.symbolic, self.method, pt, self.error]


def _table_rows(report: Report) -> list[Row]:
    rows = []
    for s in report.steps:
        if s.numeric is None:
            continue
        pt = tuple((str(k), str(v)) for k, v in list(s.numeric.point.items())[:3])
        rows.append(Row(s.name, s.verdict, s.symbolic, s.numeric.method, pt, _err(s.numeric.max_rel_error)))
    return rows


def _md_row(r: Row) -> str:
    def math(k: str) -> str:
        m = md_math(k)
        return "$" + m.replace("|", r"\vert ") + "$" if m is not None else md_text(k)

    pt = ", ".join(f"{math(k)}={md_text(v)}" for k, v in r.point)
    cells = [md_text(c) for c in (r.name, r.verdict, r.symbolic, r.method)] + [pt, md_text(r.error)]
    return "| " + " | ".join(cells) + " |"


def _md_step(s: StepReport, expl: str | None) -> list[str]:
    out = [f"### {md_text(s.name)} ({md_text(s.kind)}) — {md_text(s.verdict)}", "",
           md_formula(s.latex, display=True), ""]  # fmt: skip
    if s.rule:
        out += [f"*Rule:* {md_prose(s.rule)}", ""]
    if expl:
        out += ["*Explained:*", "", md_formula(expl, display=True), ""]
    for desc, rule, latex in s.steps:
        m = _ONE_MATH.fullmatch(desc)
        if m is not None:  # d/dx [operand] = result, as one formula
            out.append(f"1. *{md_prose(rule)}*: {md_formula(f'{m[1]} = {latex}')}")
        else:
            out.append(f"1. {md_prose(desc)} — *{md_prose(rule)}*: {md_formula(latex)}")
    out += [f"- {md_prose(d)}" for d in s.details if d]
    out.append("")
    return out


def to_markdown(report: Report, plots: dict[str, Path] | None = None) -> str:
    """The derivation as Markdown with ``$...$`` math; every user text escaped (:mod:`symdl.render.seal`)."""
    d = report.derivation
    steps = {s.name: s for s in report.steps}
    out = [f"# {md_text(d.title)}", ""]
    out += [f"*Source:* {md_prose(src)}  " for src in d.sources] + [""]
    out += [f"**Verdict: {report.verdict}** ({len(report.steps)} statements, each checked by symdl)", ""]
    for item in d.body:
        if isinstance(item, Prose):
            out += [md_prose(item.text), ""]
        elif item.kind == "plot":
            if plots and item.name in plots:
                out += [f"![{md_text(item.name)}]({safe_file_name(plots[item.name].name)})", ""]
        else:
            out += _md_step(steps[item.name], _explained(report, item.name))
    out += ["## Numeric checks", "", "| step | verdict | symbolic | numeric | a point | max rel. error |",
            "|---|---|---|---|---|---|"]  # fmt: skip
    out += [_md_row(r) for r in _table_rows(report)]
    return "\n".join(out) + "\n"


#: prose for LaTeX (kept under its old name): math sealed, text escaped
tex_text = tex_prose


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
    inner = "".join(c if c.isascii() and (c.isalnum() or c in "+-=()") else "?" for c in inner)
    return rf"\ensuremath{{{{}}{kind}{{{inner}}}}}"


#: combining accents (h̄ written h + U+0305) → the math accent they stand for
_ACCENTS = {"\u0300": "grave", "\u0301": "acute", "\u0302": "hat", "\u0303": "tilde", "\u0304": "bar",
            "\u0305": "bar", "\u0306": "breve", "\u0307": "dot", "\u0308": "ddot", "\u030c": "check",
            "\u20d7": "vec"}  # fmt: skip
_ACCENTED = re.compile(r"([A-Za-z0-9])([\u0300-\u036f\u20d0-\u20ff])")


def _accent(m: re.Match) -> str:
    accent = _ACCENTS.get(m[2])
    return rf"\ensuremath{{\{accent}{{{m[1]}}}}}" if accent else m[1]


def tex_unicode(text: str) -> str:
    """Replace non-ASCII characters by LaTeX (:data:`UNICODE_TEX`, script runs, NFKD), so pdflatex never stops.

    Latin-1 letters are kept (inputenc handles them); anything else unknown becomes its code point.
    The replacements are symdl's own LaTeX; NFKD forms are escaped as text (a full-width ``＼`` is a backslash).
    """
    text = _ACCENTED.sub(_accent, unicodedata.normalize("NFC", text))  # accents with no precomposed letter
    text = _SCRIPT_RUN.sub(lambda m: _script(m[0]), text)
    out = []
    for c in text:
        if ord(c) < 128 or ("\u00c0" <= c <= "\u00ff" and c not in "×÷"):
            out.append(c)
        elif c in UNICODE_TEX:
            out.append(UNICODE_TEX[c])
        else:
            ascii_form = unicodedata.normalize("NFKD", c).encode("ascii", "ignore").decode()
            ascii_form = "".join(x for x in ascii_form if x.isalnum())
            out.append(ascii_form or rf"\texttt{{[U+{ord(c):04X}]}}")
    return "".join(out)


PREAMBLE = r"""\documentclass[11pt,a4paper]{article}
\usepackage[a4paper,margin=2.2cm]{geometry}
\usepackage{amsmath,amssymb,graphicx,booktabs,array,tabularx}
\usepackage[utf8]{inputenc}
\ifdefined\pdfgentounicode\input{glyphtounicode}\pdfgentounicode=1\fi
\setlength{\parindent}{0pt}\setlength{\parskip}{0.6em}
\allowdisplaybreaks
"""


def pdf_info(title: str) -> str:
    """The PDF's title and creator for pdfTeX (``\\pdfinfo``; other engines skip it).

    The title is a PDF hex string of its UTF-16BE code units (``<FEFF...>``): every character of it is kept
    (``ŷ − y``, parentheses) and only hex digits reach TeX or the PDF, so no user text can reach either.
    Control characters become spaces.
    """
    clean = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in title)
    hexed = "FEFF" + clean.encode("utf-16-be").hex().upper()
    return rf"\ifdefined\pdfinfo\pdfinfo{{/Title <{hexed}> /Creator (symdl)}}\fi" + "\n"


def _tex_derivation_step(desc: str, rule: str, latex: str) -> str:
    """One step of a derivation: its rule, then ``d/dx [operand] = result`` displayed (two rows when long)."""
    m = _ONE_MATH.fullmatch(desc)
    if m is None:  # a description in words: the old layout
        return rf"\item {tex_prose(desc)} --- \emph{{{tex_prose(rule)}}}: $\displaystyle {tex_math(latex)}$"
    lhs, rhs = tex_math(m[1]), tex_math(latex)
    size = len(lhs) + len(rhs)
    if size < STEP_ROW_CHARS // 2:  # short: in the line
        return rf"\item \emph{{{tex_prose(rule)}}}: $\displaystyle {lhs} = {rhs}$"
    rows = f"{lhs} = {rhs}" if size < STEP_ROW_CHARS else rf"{lhs} \\ = {rhs}"
    return rf"\item \emph{{{tex_prose(rule)}}}: \begin{{gather*}} {rows} \end{{gather*}}"


def _tex_step(s: StepReport, expl: str | None) -> list[str]:
    out = [rf"\subsection*{{\texttt{{{tex_escape(s.name)}}} ({tex_escape(s.kind)}) --- {tex_escape(s.verdict)}}}",
           rf"\begin{{gather*}} {tex_math(s.latex)} \end{{gather*}}"]  # fmt: skip
    if s.rule:
        out.append(rf"\emph{{Rule:}} {tex_prose(s.rule)}")
    if expl:
        out.append(rf"\emph{{Explained:}} \begin{{gather*}} {tex_math(expl)} \end{{gather*}}")
    if s.steps:
        out.append(r"\begin{enumerate}")
        out += [_tex_derivation_step(desc, rule, latex) for desc, rule, latex in s.steps]
        out.append(r"\end{enumerate}")
    details = [d for d in s.details if d]
    if details:
        out.append(r"\begin{itemize}" + "".join(rf"\item {tex_prose(d)}" for d in details) + r"\end{itemize}")
    return out


#: the numeric-checks table: as wide as the text, small type, the point and the method wrap inside their columns
TABLE_HEAD = (r"{\footnotesize\begin{tabularx}{\textwidth}{@{}lll>{\raggedright\arraybackslash}p{2.9cm}"
              r">{\raggedright\arraybackslash}Xr@{}}\toprule" "\n"
              r"step & verdict & symbolic & numeric & a point & max rel.\ error \\ \midrule")  # fmt: skip


def _tex_row(r: Row) -> str:
    pt = ", ".join(f"${tex_math(k)}$={tex_escape(v)}" for k, v in r.point)
    cells = [tex_escape(c) for c in (r.name, r.verdict, r.symbolic, r.method)] + [pt, tex_escape(r.error)]
    return " & ".join(cells) + r" \\"


def to_latex(
    report: Report, plots: dict[str, Path] | None = None, *, explain: Callable | None = None, produced_by: str = ""
) -> str:
    """The derivation as a standalone LaTeX document (ASCII only: see :func:`tex_unicode`), sealed.

    No user text reaches TeX as TeX: math is re-printed from symdl's reader's tokens (allow-listed
    commands only), every other text is escaped (:mod:`symdl.render.seal`), and the finished body is
    checked against the allow-lists (:func:`symdl.render.seal.check_sealed`).

    Args:
        report: the verified derivation.
        plots: plot name → PNG (included by file name, so the PNGs must sit next to the .tex).
        explain: ``(report, statement name) -> annotated LaTeX or None`` (default: the step's explanation).
        produced_by: a sentence saying how the PDF was made (shown under the title).

    Raises:
        InternalError: a piece escaped sealing (a bug; nothing is returned).
    """
    d = report.derivation
    steps = {s.name: s for s in report.steps}
    explain = explain or _explained
    out = [rf"\title{{{tex_escape(d.title)}}}\date{{}}\author{{verified by symdl}}", r"\begin{document}\maketitle"]
    out += [rf"\emph{{Source:}} {tex_prose(src)}\\" for src in d.sources]
    out.append(rf"\textbf{{Verdict: {report.verdict}}} ({len(report.steps)} statements, each checked by symdl)")
    if produced_by:
        out.append(rf"\emph{{{tex_escape(produced_by)}}}")
    for item in d.body:
        if isinstance(item, Prose):
            out.append(tex_prose(item.text))
        elif isinstance(item, Block) and item.kind == "plot":
            if plots and item.name in plots:
                name = safe_file_name(plots[item.name].name)
                out.append(rf"\begin{{center}}\includegraphics[width=0.8\textwidth]{{{name}}}\end{{center}}")
        else:
            out += _tex_step(steps[item.name], explain(report, item.name))
    out += [r"\section*{Numeric checks}", TABLE_HEAD]
    out += [_tex_row(r) for r in _table_rows(report)]
    out += [r"\bottomrule\end{tabularx}}", r"\end{document}"]
    return PREAMBLE + pdf_info(d.title) + "\n\n" + check_sealed(tex_unicode("\n\n".join(out) + "\n"))
