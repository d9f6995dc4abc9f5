"""Issue 16, item 7: documents worth printing.  The library's PDFs, on the TeX path and the embedded (matplotlib)
path, read by ``pdftotext``: nothing runs off the page, no LaTeX source or ``$`` is printed as text, no internal
name (``u_1``, ``dZ^[2]``, seed ids, ``[U+0305]``, ``d ↦ ...``) appears, and each statement is shown in its
author's form, never in SymPy's order.  Found by looking at every page of all 30 PDFs (session 22)."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from functools import cache
from pathlib import Path

import numpy as np
import pytest

from symdl.derive.plots import break_jumps
from symdl.render import document
from symdl.render.embedded import _formula_lines, drop_braces, inline_cases, mathtext, prose_lines

POPPLER = pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is not installed")
TEX = pytest.mark.skipif(not shutil.which("latexmk") or not shutil.which("pdflatex"), reason="no TeX engine")
ENGINES = ["embedded", pytest.param("tex", marks=TEX)]
#: derivations whose pages showed each class of fault before (adam: raw \sqrt in a rule, u_1, a table off the page;
#: attention: h̄ printed ℏ, a seed id, $$...$$ raw; two-layer-network: dZˆ[2], (d ↦ d/dd g(d)); activations: cases
#: and \le on the embedded path, SymPy's order)
NAMES = ["adam", "attention", "two-layer-network", "activations"]
#: text a printed page must never hold
RAW = [
    (r"\\(sqrt|beta|frac|sigma|nabla|mathbf|left|right|begin|text)\b", "LaTeX source printed as text"),
    (r"\$", "a dollar sign (math printed raw)"),
    (r"\bu_?1\b", "an internal placeholder name"),
    (r"(?i)\bseed\s*0\d\d", "a seed id"),
    (r"\[U\+[0-9A-F]{4}\]", "a character shown as its code point"),
    (r"ˆ\[", "an internal symbol name (dZ^[2])"),
    (r"↦|Dummy|_0\b", "a SymPy internal"),
    (r"shown as LaTeX source", "a formula mathtext could not draw"),
]


@cache
def _pdf(name: str, engine: str, folder: str) -> tuple[str, list[tuple[float, float]]]:
    """The PDF's text and each page's (widest word end, page width), made once per test session."""
    from symdl.cli import main

    out = Path(folder) / f"{name}.{engine}.pdf"
    assert main(["derive", name, "--format", "pdf", "--engine", engine, "-o", str(out), "-q", "--time-limit", "0"]) == 0
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    bbox = subprocess.run(["pdftotext", "-bbox", str(out), "-"], capture_output=True, text=True, check=True).stdout
    pages = []
    for page in re.finditer(r'<page width="([\d.]+)" height="[\d.]+">(.*?)</page>', bbox, flags=re.S):
        ends = [float(x) for x in re.findall(r'xMax="([\d.]+)"', page[2])]
        pages.append((max(ends, default=0.0), float(page[1])))
    return text, pages


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str, str], tuple[str, list[tuple[float, float]]]]:
    folder = str(tmp_path_factory.mktemp("pdfs"))
    return lambda name, engine: _pdf(name, engine, folder)


@POPPLER
@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("name", NAMES)
def test_nothing_raw_internal_or_off_the_page(name: str, engine: str, pdf: Callable) -> None:
    text, pages = pdf(name, engine)
    for pattern, what in RAW:
        m = re.search(pattern, text)
        assert m is None, f"{name} ({engine}): {what}: {text[max(m.start() - 60, 0) : m.end() + 60]!r}"
    for k, (right, width) in enumerate(pages, 1):
        assert right <= width - 20, f"{name} ({engine}) page {k}: text ends at {right:.0f} of {width:.0f} pt"
    assert "Numeric checks" in text and "max rel" in text, "the table and its last column are on the page"


@POPPLER
@pytest.mark.parametrize("engine", ENGINES)
def test_greek_and_accents_are_typeset(engine: str, pdf: Callable) -> None:
    text, _ = pdf("attention", engine)
    assert "ℏ" not in text, r"\bar{h} printed as \hbar (a SymPy name)"
    assert "β" in pdf("adam", engine)[0] and "α" in text


@pytest.mark.parametrize(
    ("name", "written", "not_sympys"),
    [
        ("adam", r"v=\beta_1v+(1-\beta_1)dW", r"dW\left(1-\beta_{1}\right)"),  # the author's order is kept
        ("adam", r"W=W-\alpha\frac{v}{\sqrt{s}+\epsilon}", r"\epsilon+\sqrt{s}"),
        ("two-layer-network", r"\theta:=\theta-\alpha\,d\theta", r"-\alphad\theta+\theta"),
        ("attention", r"\mathbf{c}_t=\sum_s\alpha_{s}\bar{\mathbf{h}}_s", r"N_{\alpha}"),
        ("attention", r"\frac{\partials}{\partial\mathbf{W}}", r"\left(\mathbf{h}"),  # ∂s/∂W, not s expanded
        ("momentum", r"v_t=\gammav_{t-1}+\eta\nabla_{\theta}J(\theta)", r"\frac{d}{d\theta}"),
    ],
)
def test_statements_are_shown_as_written(
    name: str, written: str, not_sympys: str, library_report: Callable[[str], object]
) -> None:
    tex = document.to_latex(library_report(name)).replace(" ", "")
    body = tex.split(r"\section*{Numeric checks}")[0]
    assert written.replace(" ", "") in body
    shown = [ln for ln in body.split("\n") if ln.startswith(r"\begin{gather*}")]
    assert not any(not_sympys.replace(" ", "") in ln for ln in shown), not_sympys


def test_explained_annotates_the_source(library_report: Callable[[str], object]) -> None:
    md = document.to_markdown(library_report("adam"))
    assert r"\underbrace{\beta_1 v + (1-\beta_1) dW}_{\text{exponential moving average}}" in md
    assert "u_1" not in md and "u_{1}" not in md


def test_backprop_steps_name_symbols_as_math(library_report: Callable[[str], object]) -> None:
    md = document.to_markdown(library_report("two-layer-network"))
    assert "dZ^[2]" not in md and r"\mapsto" not in md
    assert (r"{g^{[1]}}^{\prime}\left(Z^{[1]}\right)" in md  # g'(Z), not (d ↦ d/dd g(d))_∘(Z); since session 41
            or r"{g^{[1]}}'\left(Z^{[1]}\right)" in md)  # the reader takes ^{\prime} as the prime it typesets


LIBRARY = Path(__file__).resolve().parents[1] / "derivations"


@pytest.mark.parametrize("path", sorted(LIBRARY.glob("*.txt")), ids=lambda p: p.stem)
def test_library_text_writes_math_between_dollars(path: Path) -> None:
    """Prose, rules and notes are text: a LaTeX command outside ``$...$`` is printed raw (adam's rule printed
    ``\\sqrt{1-\\beta 2ˆt}``), and no seed id stands where a publication should be cited."""
    from symdl.derive.format import loads
    from symdl.derive.model import Prose

    d = loads(path.read_text(encoding="utf-8"), path=str(path))
    texts = [item.text for item in d.body if isinstance(item, Prose)] + list(d.sources)
    texts += [f.value for item in d.blocks for key, f in item.fields.items() if key in ("rule", "note")]
    for text in texts:
        outside = re.sub(r"\$\$[^$]+\$\$|\$[^$]+\$", "", text)
        assert not re.search(r"\\[A-Za-z]+", outside), f"{path.name}: LaTeX outside $...$: {text!r}"
        assert not re.search(r"(?i)\bseed\s*\d", text), f"{path.name}: a seed id: {text!r}"


def test_pdf_title_hex_keeps_every_character() -> None:
    line = document.pdf_info("BCE (ŷ − y)")
    hexed = re.search(r"<FEFF([0-9A-F]+)>", line)
    assert hexed is not None and bytes.fromhex(hexed[1]).decode("utf-16-be") == "BCE (ŷ − y)"


def test_combining_accents_are_typeset() -> None:
    assert document.tex_unicode("∂/∂y\u0302k [h\u0305s]") == (
        r"\ensuremath{\partial}/\ensuremath{\partial}\ensuremath{\hat{y}}k [\ensuremath{\bar{h}}s]"
    )
    assert document.tex_unicode("café") == "café"  # a Latin-1 letter stays a letter


def test_embedded_prose_draws_inline_math() -> None:
    lines = prose_lines(r"dividing by $1-\beta^t$ corrects that; a price of \$5 and `ema`. $$a = b$$ done")
    assert [ln.kind for ln in lines] == ["prose", "math", "prose"]
    assert r"$1-\beta^t$" in lines[0].value and r"\$5" in lines[0].value and "`" not in lines[0].value


def test_embedded_cases_and_relations() -> None:
    assert mathtext(r"x \le 0 \ge y \ne z \left( \leq") == r"x \leq 0 \geq y \neq z ( \leq"
    # neuron-gradient's prose writes $\mathbf x$ (TeX takes one token unbraced; mathtext wants the group)
    assert mathtext(r"\mathbf y = f(g(\mathbf x)) + \hat y") == r"\mathbf{y} = f(g(\mathbf{x})) + \hat{y}"
    assert inline_cases(r"f = \begin{cases} x & x > 0 \\ a x & \text{otherwise} \end{cases}") == (
        r"f = \{\ x\ \ \mathrm{if}\ x > 0;\ \ a x\ \ \text{otherwise}\ \}"
    )


@pytest.mark.parametrize(
    ("latex", "drawn"),
    [  # the classes mathtext cannot draw, from the library (gradient-descent's labels, permutation's matrices)
        (r"w = w - \underbrace{\eta}_{\text{step size}} \underbrace{\nabla_{w} J(w)}_{\text{gradient}}",
         [r"w = w - {\eta} {\nabla_{w} J(w)}"]),
        (r"\mathbf{P} = \left[\begin{array}{rrr} 0 & 0 & 1 \\ 1 & 0 & 0 \\ 0 & 1 & 0 \end{array}\right]",
         [r"\mathbf{P} = [0\ \ 0\ \ 1;\ \ 1\ \ 0\ \ 0;\ \ 0\ \ 1\ \ 0]"]),
        (r"A = \begin{pmatrix} a & b \\ c & d \end{pmatrix} \\ B = 1", [r"A = (a\ \ b;\ \ c\ \ d)", "B = 1"]),
        (r"\overbrace{x + \underbrace{y}_{a}}^{b} = 1", ["{x + {y}} = 1"]),
    ],
)
def test_embedded_draws_braces_and_matrices(latex: str, drawn: list[str]) -> None:
    lines = _formula_lines(latex)
    assert [(ln.kind, ln.value) for ln in lines] == [("math", d) for d in drawn]
    assert drop_braces(r"\underbrace{x") == r"\underbrace{x"  # unbalanced: left as it is (then shown as source)


def test_jumps_are_gaps_and_kinks_stay() -> None:
    xs = np.linspace(-5, 5, 401)
    step_x, step_y = break_jumps(xs, (xs > 0).astype(float))  # ReLU's derivative: a jump at 0
    assert np.isnan(step_y).sum() == 1 and np.isnan(step_x).sum() == 1
    kink_x, kink_y = break_jumps(xs, np.maximum(xs, 0))  # ReLU: a kink, drawn as one line
    assert not np.isnan(kink_y).any() and len(kink_x) == len(xs)
