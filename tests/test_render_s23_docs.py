"""Issue 16, session 23: documents worth printing, what a reader sees.

1. the concepts inside one side of a statement are listed in reading order (left to right as written, a concept
   before the ones inside it), never in symdl's internal order;
2. a backprop step's "Explained" shows its own gradient lines only (the forward system is the forward define's,
   explained there);
3. "defines ..." names the left side as written (``\\mathbf{c}_t``), never with an index symdl chose for reading it
   entry by entry (``c_{tj}``);
4. on the embedded path a table that goes on over a page break starts the next page with its header row again.
"""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

import symdl
from symdl.render import document
from symdl.render.embedded import LINE_STYLE, Line, _paginate, pdf_embedded
from symdl.render.explanation import annotated_source

pytestmark = pytest.mark.xdist_group("library")  # on the worker that checks the library once
POPPLER = pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is not installed")

# ---------------------------------------------------------------- 1. reading order
#: (id, source, statement, the inside concepts in the order written)
ORDER = [
    ("cs231n-data-plus-reg", "cs231n, 'Linear classification': full loss = data loss + regularization loss",
     r"L = \frac{1}{n}\sum_i (y_i - \hat y_i)^2 + \lambda \|w\|^2",
     ["mean squared error", "squared error", "L2 penalty (weight decay)"]),
    ("three-activations", "PyTorch docs' activations side by side (ReLU, Tanh, Sigmoid)",
     r"y = \mathrm{ReLU}(z) + \tanh(z) + \sigma(u)", ["ReLU", "tanh", "sigmoid"]),
    ("sigmoid-first", "the same three, written sigmoid first", r"y = \sigma(u) + \mathrm{ReLU}(z) + \tanh(z)",
     ["sigmoid", "ReLU", "tanh"]),
    # must not change: already in reading order, outer before inner
    ("keep-tanh-layer", "Goodfellow 6.3: a tanh hidden layer beside a sigmoid", r"h = \tanh(W x + b) + \sigma(x)",
     ["tanh", "linear layer", "sigmoid"]),
    ("keep-nested", "Nielsen ch. 2: two layers, the outer map first", r"h = \sigma(W_2 \tanh(W_1 x))",
     ["linear map (no bias)", "tanh", "linear map (no bias)"]),
]


@pytest.mark.parametrize(("source", "latex", "order"), [c[1:] for c in ORDER], ids=[c[0] for c in ORDER])
def test_inside_concepts_in_reading_order(source: str, latex: str, order: list[str]) -> None:
    _, inside = annotated_source(symdl.explain(latex))
    assert [name for name, _ in inside] == order, source


def test_reading_order_in_the_markdown(tmp_path: Path) -> None:
    """Three activations written sigmoid first: the Markdown lists sigmoid, ReLU, tanh (symdl's order: ReLU first)."""
    from symdl.cli import main

    src = tmp_path / "three.txt"
    src.write_text(f"title: Three\nsources: PyTorch docs\n\ndefine three: {THREE}\n")
    out = tmp_path / "three.md"
    main(["derive", str(src), "--format", "md", "-o", str(out), "-q"])
    text = out.read_text()
    places = [text.index(rf"\text{{{name}: }}") for name in ("sigmoid", "ReLU", "tanh")]
    assert places == sorted(places), text


THREE = r"y = \sigma(u) + \mathrm{ReLU}(z) + \tanh(z)"


def test_reading_order_values_unchanged() -> None:
    """The reading is untouched (only the listing order moved): the three activations against numpy."""
    rng = np.random.default_rng(23)
    u, z = rng.normal(size=2)
    got = float(symdl.lambdify(symdl.parse(THREE))(u=u, z=z))
    assert np.isclose(got, 1 / (1 + np.exp(-u)) + max(z, 0.0) + np.tanh(z))


# ---------------------------------------------------------------- 2 and 3: the library's Markdown
def _section(md: str, title: str) -> str:
    start = md.index(f"### {title}")
    end = md.find("\n### ", start + 1)
    return md[start : end if end >= 0 else len(md)]


@pytest.fixture(scope="module")
def markdown(library_report: Callable[[str], object]) -> Callable[[str], str]:
    return lambda name: document.to_markdown(library_report(name))


def test_backprop_explains_its_own_lines_only(markdown: Callable[[str], str]) -> None:
    """Ng's two-layer network: each forward statement is shown and explained once, in the forward define."""
    md = markdown("two-layer-network")
    grads = _section(md, "gradients (backprop)")
    explained = grads[grads.index("*Explained:*") :]
    assert "Z^{[1]} =" not in explained.replace("dZ^{[1]} =", "")
    assert explained.split("$$")[1].strip().startswith("dZ^{[2]}")
    assert md.count(r"\underbrace{W^{[1]} X + b^{[1]}}") == 1  # the forward system's linear layer, once


@pytest.mark.parametrize(("name", "section", "shown", "never"), [
    ("attention", "context (define)", r"defines $\mathbf{c}_t$", "c}_{t}}_{j}"),  # Luong et al.: family-rows
    ("adam", "corrected", r"defines $\hat{v}$", "vhat"),  # must not change: a hat as written
    ("activations", "leaky-relu", r"defines $\text{LeakyReLU}(x)$", "_{j}"),
], ids=["luong-context", "keep-adam-hat", "keep-leaky-relu"])  # fmt: skip
def test_defines_names_the_left_side_as_written(markdown: Callable[[str], str], name: str, section: str,
                                                shown: str, never: str) -> None:  # fmt: skip
    text = _section(markdown(name), section)
    assert shown in text and never not in text, text


@pytest.mark.parametrize(("latex", "written"), [
    (r"\mathbf{c}_t = \sum_s \alpha_{s} \bar{\mathbf{h}}_s", r"\mathbf{c}_t"),  # Luong et al. (2015), read by entries
    (r"\hat y = A^{[2]} = \sigma(z)", r"\hat y"),  # Ng: a chain keeps its first side
    (r"\theta := \theta - \alpha g", r"\theta"),  # an update
    (r"f(x) = x^2", "f(x)"),  # a function definition
    (r"\sigma(x)", ""),  # an expression has no left side
], ids=["luong-entries", "ng-chain", "update", "function", "expression"])  # fmt: skip
def test_left_side_as_written(latex: str, written: str) -> None:
    assert symdl.parse(latex).statements[0].lhs_latex == written


def test_entrywise_reading_unchanged() -> None:
    """Luong's context vector is still read entry by entry (family-rows) and equals numpy's weighted sum."""
    f = symdl.parse(r"\mathbf{c}_t = \sum_s \alpha_{s} \bar{\mathbf{h}}_s")
    assert "family-rows" in {n.rule for n in f.notes}
    rng = np.random.default_rng(5)
    a, h = rng.random(4), rng.normal(size=(4, 3))
    got = np.asarray(symdl.lambdify(f)(**{r"\alpha": a, r"\bar{\mathbf{h}}": h}), dtype=float).ravel()
    assert np.allclose(got, a @ h)


# ---------------------------------------------------------------- 4. the embedded table over a page break
def test_paginate_repeats_the_header_row() -> None:
    head = Line("thead", "step\x1fverdict")
    lines = [Line("prose", f"p{k}") for k in range(30)] + [head] + [Line("row", f"r{k}\x1fok") for k in range(60)]
    pages = _paginate(lines)
    table_pages = [p for p in pages if any(x.kind == "row" for x in p)]
    assert len(table_pages) >= 2
    for p in table_pages:
        first = next(x for x in p if x.kind in ("row", "thead"))
        assert first is head
    for p in pages:  # nothing runs past the bottom margin
        assert 0.95 - sum(LINE_STYLE[x.kind][1] for x in p) >= 0.04 - 1e-9


def test_paginate_never_leaves_a_header_alone() -> None:
    fill = int((0.95 - 0.04 - 0.03) / LINE_STYLE["prose"][1])  # just too little room for a header and a row
    lines = [Line("prose", "p")] * fill + [Line("thead", "h"), Line("row", "r")]
    pages = _paginate(lines)
    assert pages[-1][0].kind == "thead"


@POPPLER
def test_embedded_table_header_on_each_page(library_report: Callable[[str], object], tmp_path: Path) -> None:
    """A numeric-checks table long enough for two pages (adam's steps, five times) has its header on both."""
    r = library_report("adam")
    out = pdf_embedded(dataclasses.replace(r, steps=list(r.steps) * 5), tmp_path / "long.pdf")
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True).stdout
    pages = text.split("\f")
    start = next(k for k, p in enumerate(pages) if "Numeric checks" in p)
    table = [p for p in pages[start:] if p.strip()]
    assert len(table) >= 2
    for p in table:
        assert "max rel." in p and "a point" in p and "verdict" in p, p


# ---------------------------------------------------------------- found by reading the library's PDFs
@pytest.mark.parametrize(("latex", "drawn"), [
    (r"\frac12(1 + \mathrm{sign}(u))", r"\frac{1}{2}(1 + \mathrm{sign}(u))"),  # neuron-gradient's prose (TeX style)
    (r"\frac1{n}", r"\frac{1}{n}"),
    (r"\frac{a}b", r"\frac{a}{b}"),
    (r"\frac{\partial y}{\partial x}", r"\frac{\partial y}{\partial x}"),  # must not change
    (r"\frac{1}{2}x", r"\frac{1}{2}x"),  # must not change: x is no argument
], ids=["frac12", "frac1n", "frac-a-b", "keep-partial", "keep-braced"])  # fmt: skip
def test_unbraced_fraction_drawn(latex: str, drawn: str) -> None:
    """The embedded path drew ``\\frac12`` as its LaTeX source (mathtext wants braces); now it draws it."""
    from symdl.render.embedded import math_ok, mathtext, prose_lines

    assert mathtext(latex) == drawn and math_ok(drawn)
    line = prose_lines(rf"zero where it is not — ${latex}$ is that step")[0].value
    assert "\\" not in line.replace(f"${drawn}$", "")
