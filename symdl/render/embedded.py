"""The embedded PDF path: pages drawn with matplotlib alone (no TeX engine), A4, with the PDF's title.

Text, each statement's LaTeX through mathtext, prose with its inline ``$...$`` math drawn by mathtext
(``$$...$$`` on lines of its own), the plots and the table of checks are laid out as :class:`Line` s
and drawn page by page into :class:`matplotlib.backends.backend_pdf.PdfPages`; every line is shrunk
until it ends inside the page (:func:`_fit`).  A formula mathtext cannot draw is shown as its LaTeX
source in plain text, with a note saying so; it never stops the document.  matplotlib is not
thread-safe, so every use of it holds :data:`symdl.derive.plots.MATPLOTLIB_LOCK`.
"""

from __future__ import annotations

import re
import tempfile
import textwrap
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from symdl.derive.plots import MATPLOTLIB_LOCK
from symdl.derive.report import Report

if TYPE_CHECKING:
    from matplotlib.figure import Figure

#: the sentence the embedded PDF carries about the path that made it
PRODUCED_BY_EMBEDDED = "PDF drawn by symdl's embedded renderer (matplotlib mathtext); no TeX engine was used."
#: LaTeX → what mathtext accepts (no \left/\right sizing, no aligned environments, no \tfrac)
MATHTEXT_REWRITES = (
    (r"\left", ""), (r"\right", ""), (r"\displaystyle", ""), (r"\operatorname", r"\mathrm"),
    (r"\begin{aligned}", ""), (r"\end{aligned}", ""), ("&", ""), (r"\quad", r"\ "), (r"\,", r"\ "),
    (r"\tfrac", r"\frac"), (r"\dfrac", r"\frac"), (r"\bigl", ""), (r"\bigr", ""),
)  # fmt: skip
#: (font size, vertical space as a fraction of the page, bold) per kind of line of the embedded PDF
LINE_STYLE = {
    "title": (15, 0.03, True),
    "head": (12, 0.035, True),
    "math": (12, 0.05, False),
    "text": (9, 0.022, False),
    "prose": (9, 0.024, False),
    "row": (7, 0.03, False),
    "thead": (7, 0.03, True),
    "note": (8, 0.02, False),
    "image": (0, 0.36, False),
}
#: characters per wrapped line of prose, and of titles and headings, in the embedded PDF
WRAP, TITLE_WRAP = 100, 64
#: left edge of the text, and the right edge no line may cross (fractions of the page width)
LEFT, RIGHT = 0.07, 0.95
#: the numeric-checks table: each column's left edge and the characters its cells wrap at
TABLE_COLUMNS = ((0.07, 22), (0.27, 10), (0.36, 10), (0.45, 24), (0.64, 44), (0.89, 8))
FALLBACK_NOTE = "(shown as LaTeX source: matplotlib's mathtext cannot draw this formula)"


def mathtext(latex: str) -> str:
    """LaTeX → what mathtext accepts (:data:`MATHTEXT_REWRITES`; ``\\le``/``\\ge``/``\\ne`` → ``\\leq``...;
    ``\\mathbf x`` → ``\\mathbf{x}``)."""
    for a, b in MATHTEXT_REWRITES:
        latex = latex.replace(a, b)
    latex = _UNBRACED.sub(r"\\\1{\2}", latex)  # \mathbf x → \mathbf{x}: mathtext wants the group
    latex = _FRAC_SECOND.sub(r"\1{\2}", _FRAC_FIRST.sub(r"\\frac{\1}", latex))  # \frac12 → \frac{1}{2}
    return _SHORT_RELATIONS.sub(lambda m: rf"\{m[1]}q" if m[1] != "ne" else r"\neq", latex)


#: a font or accent command whose one-token argument is written without braces (``\\mathbf x``, ``\\hat y``)
_UNBRACED = re.compile(
    r"\\(mathbf|mathrm|mathit|mathsf|mathtt|mathcal|mathbb|boldsymbol|bar|hat|tilde|vec|dot|ddot|overline)"
    r"\s+([A-Za-z0-9]|\\[A-Za-z]+)"
)
#: a fraction's one-token arguments written without braces (TeX's ``\\frac12``, ``\\frac{a}b``): the first, then the
#: second after a braced first
_FRAC_FIRST = re.compile(r"\\frac\s*([A-Za-z0-9])")
_FRAC_SECOND = re.compile(r"(\\frac\{[^{}]*\})\s*([A-Za-z0-9])")
#: relations mathtext knows only by their long names
_SHORT_RELATIONS = re.compile(r"\\(le|ge|ne)(?![A-Za-z])")


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


#: a cases environment (mathtext has none): drawn in one line, ``{ x  if x > 0;  ax  otherwise }``
_CASES = re.compile(r"\\begin\s*\{cases\}(.*?)\\end\s*\{cases\}", re.S)
#: a matrix environment (mathtext has none; ``array`` with its column spec): drawn in one line, rows split by ``;``
_MATRIX = re.compile(r"\\begin\s*\{(array|[pbBvV]?matrix|smallmatrix)\}(?:\{[lcr|]*\})?(.*?)\\end\s*\{\1\}", re.S)
_MATRIX_FENCES = {"pmatrix": ("(", ")"), "bmatrix": ("[", "]"), "Bmatrix": (r"\{", r"\}"), "vmatrix": ("|", "|"),
                  "Vmatrix": (r"\Vert", r"\Vert")}  # fmt: skip


def _rows(body: str) -> list[list[str]]:
    return [[c.strip() for c in row.split("&")] for row in body.split("\\\\") if row.strip()]


def inline_cases(latex: str) -> str:
    """Each ``cases`` and matrix environment of (sealed) LaTeX written in one line, as mathtext can draw it:
    ``\\{ a \\ \\mathrm{if}\\ c;\\ b ... \\}`` (a condition that is words, ``\\text{otherwise}``, gets no ``if``)
    and ``[0\\ 1;\\ 1\\ 0]`` (the matrix's own fences kept)."""

    def cases(m: re.Match) -> str:
        parts = []
        for value, *cond in _rows(m[1]):
            c = (cond or [""])[0]
            if c and not c.startswith("\\text"):
                c = r"\mathrm{if}\ " + c
            parts.append(rf"{value}\ \ {c}" if c else value)
        return r"\{\ " + r";\ \ ".join(parts) + r"\ \}"

    def matrix(m: re.Match) -> str:
        left, right = _MATRIX_FENCES.get(m[1], ("", ""))
        return left + r";\ \ ".join(r"\ \ ".join(row) for row in _rows(m[2])) + right

    return _MATRIX.sub(matrix, _CASES.sub(cases, latex))


def drop_braces(latex: str) -> str:
    """``\\underbrace{X}_{label}`` / ``\\overbrace{X}^{label}`` → ``{X}`` (mathtext draws no braces; the
    author's labels are dropped on the embedded path, the formula kept)."""
    out, i = [], 0
    for m in re.finditer(r"\\(?:under|over)brace\s*\{", latex):
        if m.start() < i:
            continue
        end = _group_end(latex, m.end() - 1)
        if end is None:
            return latex
        out += [latex[i : m.start()], "{", drop_braces(latex[m.end() : end]), "}"]
        i = end + 1
        tail = re.match(r"\s*[_^]\s*\{", latex[i:])
        if tail is not None:
            label_end = _group_end(latex, i + tail.end() - 1)
            i = label_end + 1 if label_end is not None else i
    return "".join(out) + latex[i:]


def _group_end(text: str, start: int) -> int | None:
    """The index of the ``}`` closing the ``{`` at ``start`` (escaped braces skipped), or None."""
    depth, k = 0, start
    while k < len(text):
        if text[k] == "\\":
            k += 2
            continue
        depth += {"{": 1, "}": -1}.get(text[k], 0)
        if depth == 0:
            return k
        k += 1
    return None


def _formula_lines(latex: str) -> list[Line]:
    """A formula as mathtext lines (one per row; a ``cases`` in one line, :func:`inline_cases`); rows mathtext
    cannot draw become plain source plus a note."""
    from symdl.render.seal import seal_math

    whole = seal_math(latex)  # mathtext runs no TeX, but it is still only given sealed math
    rows = inline_cases(drop_braces(whole)).split("\\\\") if whole is not None else latex.split(r" \\ ")
    out: list[Line] = []
    for row in rows:
        sealed = seal_math(row)
        m = mathtext(sealed).strip() if sealed is not None else ""
        if m and math_ok(m):
            out.append(Line("math", m))
        elif row.strip():
            out += [Line("text", w) for w in textwrap.wrap(row, WRAP)] + [Line("note", FALLBACK_NOTE)]
    return out


#: display math in prose
_DISPLAY = re.compile(r"(\$\$[^$]+\$\$)")
#: a word of prose: a run of non-space characters, with any ``$...$`` formula in it kept whole
_WORD = re.compile(r"(?:\$[^$]+\$|[^\s$]|\$)+")


def _mathtext_word(word: str) -> tuple[str, int]:
    """One word for mathtext: each ``$...$`` formula drawn when it seals and parses (else shown as its source), a
    ``$`` of the text escaped, code-span backticks dropped; and its visible length (a formula: 2/3 of its source)."""
    from symdl.render.seal import _MATH, seal_math

    out, size = [], 0
    for k, piece in enumerate(_MATH.split(word)):
        inner = piece.strip("$") if k % 2 else None
        sealed = seal_math(inner) if inner else None
        m = mathtext(sealed).strip() if sealed is not None else ""
        if m and math_ok(m):
            out.append(f"${m}$")
            size += max(len(inner or "") * 2 // 3, 1)
        else:
            out.append((inner if inner else piece).replace("`", "").replace("$", r"\$"))
            size += len(out[-1])
    return "".join(out), size


def _prose_words(text: str) -> list[tuple[str, int]]:
    """Prose as words to wrap: ``(mathtext-ready text, visible length)`` (see :func:`_mathtext_word`)."""
    return [_mathtext_word(w) for w in _WORD.findall(text)]


def prose_lines(text: str, width: int = WRAP, kind: str = "prose") -> list[Line]:
    """Prose wrapped at ``width`` visible characters, inline math kept whole (see :func:`_prose_words`), and
    ``$$...$$`` display math on lines of its own (:data:`_DISPLAY`)."""
    lines: list[Line] = []
    words: list[tuple[str, int]] = []
    for k, part in enumerate(_DISPLAY.split(text)):
        if k % 2:
            lines += _wrapped(words, kind, width) + _formula_lines(part[2:-2])
            words = []
        else:
            words += _prose_words(part)
    return lines + _wrapped(words, kind, width)


def _wrapped(pieces: list[tuple[str, int]], kind: str, width: int = WRAP) -> list[Line]:
    """Words ``(text, visible length)`` filled into lines of at most ``width`` visible characters."""
    lines: list[Line] = []
    words, size = [], 0
    for w, n in pieces:
        if words and size + n + 1 > width:
            lines.append(Line(kind, " ".join(words)))
            words, size = [], 0
        words.append(w)
        size += n + 1
    if words:
        lines.append(Line(kind, " ".join(words)))
    return lines


def _table_lines(report: Report) -> list[Line]:
    """The numeric checks as table rows (cells joined by a unit separator; the point's names as math)."""
    from symdl.render.document import _table_rows

    head = ["step", "verdict", "symbolic", "numeric", "a point", "max rel. error"]
    rows = [head]
    for r in _table_rows(report):
        point = ", ".join(f"${mathtext(seal_math_or(k))}$={v}" if math_ok(mathtext(seal_math_or(k))) else f"{k}={v}"
                          for k, v in r.point)  # fmt: skip
        rows.append([r.name, r.verdict, r.symbolic, r.method, point, r.error])
    return [Line("thead" if k == 0 else "row", "\x1f".join(c.replace("\x1f", " ") for c in row))
            for k, row in enumerate(rows)]


def seal_math_or(latex: str) -> str:
    """Sealed math, or the source with every backslash and brace removed (mathtext then draws plain letters)."""
    from symdl.render.seal import seal_math

    sealed = seal_math(latex)
    return sealed if sealed is not None else "".join(c for c in latex if c.isalnum() or c in " _^+-=()")


def document_lines(report: Report, plots: dict[str, Path]) -> list[Line]:
    """The embedded PDF's content, top to bottom."""
    from symdl.derive.model import Prose

    d = report.derivation
    steps = {s.name: s for s in report.steps}
    lines = [*[Line("title", w) for w in textwrap.wrap(d.title, TITLE_WRAP)],
             *[x for s in d.sources for x in prose_lines(f"Source: {s}")],
             Line("text", f"Verdict: {report.verdict} ({len(report.steps)} statements, each checked by symdl)"),
             Line("note", PRODUCED_BY_EMBEDDED)]  # fmt: skip
    for item in d.body:
        if isinstance(item, Prose):
            lines += prose_lines(item.text)
        elif item.kind == "plot":
            if item.name in plots:
                lines.append(Line("image", str(plots[item.name])))
        else:
            s = steps[item.name]
            lines += [Line("head", w) for w in textwrap.wrap(f"{s.name} ({s.kind}) - {s.verdict}", TITLE_WRAP)]
            lines += _formula_lines(s.latex)
            if s.rule:
                lines += prose_lines(f"Rule: {s.rule}")
            for n, (desc, rule, latex) in enumerate(s.steps, 1):
                one = desc.startswith("$") and desc.endswith("$") and desc.count("$") == 2  # d/dx [operand]
                lines += prose_lines(f"{n}. {rule}" if one else f"{n}. {desc} ({rule})", WRAP + 20, "note")
                lines += _formula_lines(f"{desc[1:-1]} = {latex}" if one else latex)
            lines += [x for detail in s.details if detail for x in prose_lines(f"- {detail}", WRAP + 20, "note")]
    lines.append(Line("head", "Numeric checks"))
    return lines + _table_lines(report)


def _paginate(lines: list[Line]) -> list[list[Line]]:
    """Lines into pages; a table that goes on over a page break starts the next page with its header row again, and
    neither a heading nor a header row ends a page (each stays with the line after it)."""
    pages: list[list[Line]] = [[]]
    y, head = 0.95, None
    for line, after in zip(lines, [*lines[1:], None], strict=True):
        head = line if line.kind == "thead" else head if line.kind == "row" else None
        need = LINE_STYLE[line.kind][1]
        keep = LINE_STYLE[after.kind][1] if after is not None and line.kind in ("head", "thead") else 0.0
        if y - need - keep < 0.04 and pages[-1]:
            pages.append([])
            y = 0.95
            if line.kind == "row" and head is not None:
                pages[-1].append(head)
                y -= LINE_STYLE[head.kind][1]
        pages[-1].append(line)
        y -= need
    return pages


def _draw_page(page: list[Line], *, plain: bool) -> Figure:
    import matplotlib.image as mpimg
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(8.27, 11.69))
    renderer = FigureCanvasAgg(fig).get_renderer()
    y = 0.95
    for line in page:
        size, need, bold = LINE_STYLE[line.kind]
        if line.kind == "image":
            ax = fig.add_axes((0.12, y - 0.34, 0.76, 0.34))
            ax.imshow(mpimg.imread(line.value))
            ax.axis("off")
        elif line.kind in ("row", "thead"):
            for (x, wrap), cell in zip(TABLE_COLUMNS, line.value.split("\x1f"), strict=False):
                text = "\n".join(w.value for w in prose_lines(cell, wrap)) if "$" in cell else textwrap.fill(cell, wrap)
                _fit(fig.text(x, y, text, fontsize=size, va="top", weight="bold" if bold else "normal",
                              parse_math=not plain and "$" in cell), renderer)  # fmt: skip
        else:
            math = not plain and (line.kind == "math" or (line.kind in ("prose", "note") and "$" in line.value))
            value = f"${line.value}$" if line.kind == "math" and not plain else line.value
            text = fig.text(LEFT, y, value, fontsize=size, va="top", weight="bold" if bold else "normal",
                            parse_math=math)  # fmt: skip
            _fit(text, renderer)
        y -= need
    return fig


def _fit(text: object, renderer: object) -> None:
    """Shrink a line's type until it ends before :data:`RIGHT` (nothing runs off the page; at least 5 pt)."""
    width = text.figure.bbox.width  # type: ignore[attr-defined]
    for _ in range(8):
        box = text.get_window_extent(renderer)  # type: ignore[attr-defined]
        if box.x1 <= RIGHT * width or text.get_fontsize() <= 5:  # type: ignore[attr-defined]
            return
        scale = (RIGHT * width - box.x0) / max(box.width, 1)
        text.set_fontsize(max(5, text.get_fontsize() * min(scale, 0.95)))  # type: ignore[attr-defined]


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

