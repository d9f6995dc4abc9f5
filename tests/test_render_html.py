"""Issue 16, item 2: every result type has ``_repr_html_`` (made in one place, :mod:`symdl.render.html`, from its
sealed Markdown), and no user text reaches the HTML as markup: every tag and attribute in the output is one symdl
writes, on both math paths (MathML from ``latex2mathml``, or escaped TeX for MathJax)."""

from __future__ import annotations

from collections.abc import Callable
from html.parser import HTMLParser

import numpy as np
import pytest

import symdl
from symdl.derive import verify
from symdl.derive.format import loads
from symdl.render import html as render_html
from symdl.render.mathml import ATTRIBUTES, ELEMENTS
from symdl.render.seal import md_formula, md_prose, md_text

#: the HTML elements the converter writes (MathML's come from symdl.render.mathml)
HTML_TAGS = {"div", "p", "br", "strong", "em", "code", "pre", "ul", "ol", "li", "table", "thead", "tbody", "tr",
             "th", "td", "h1", "h2", "h3", "h4", "h5", "h6"}  # fmt: skip
HTML_ATTRIBUTES = {"class", "xmlns"}
HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "&lt;script&gt; &amp; &#60;b&#62;",
    "`</code><script>x</script>`",
    "$</math><script>1</script>$",
    "*<em onclick=1>*",
    "| a | <b> |",
]


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text seen."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, attrs))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def assert_inert(page: str) -> _Tags:
    """Only symdl's own tags and attributes; no script, handler or link anywhere."""
    parser = _Tags()
    parser.feed(page)
    for tag, attrs in parser.tags:
        assert tag in HTML_TAGS | ELEMENTS, (tag, page[:300])
        for name, value in attrs:
            assert name in HTML_ATTRIBUTES | ATTRIBUTES, (tag, name, page[:300])
            assert "javascript" not in (value or "").lower()
    assert "<script" not in page.lower()  # escaped text shows as &lt;script; a raw one would be a tag
    return parser


@pytest.fixture(params=["mathml", "mathjax"])
def math_path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Both math paths: sanitized MathML (latex2mathml installed), or escaped TeX for the notebook's MathJax."""
    if request.param == "mathjax":
        monkeypatch.setattr("symdl.render.mathml.to_mathml", lambda latex, *, display=False: None)
    else:
        pytest.importorskip("latex2mathml")
    return request.param


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_escaped(text: str, math_path: str) -> None:
    for md in (md_text(text), md_prose(text), f"- {md_prose(text)}", f"| {md_text(text)} | x |\n|---|---|"):
        assert_inert(render_html.markdown_to_html(md))
    shown = "".join(assert_inert(render_html.markdown_to_html(md_text(text))).text)
    assert text.replace("*", "") in shown, shown  # the text is shown as written (its *...* as emphasis)


@pytest.mark.parametrize(
    "latex",
    [
        r"\text{<script>alert(1)</script>}",  # a hostile label: \text{...} copied by the MathML converter
        r"\text{</mtext></math><img src=x onerror=alert(1)>}",
        r"x < y \,\&\, z > w",
        r"\frac{a}{b} \text{ & } c",
    ],
)
def test_hostile_formula_is_escaped(latex: str, math_path: str) -> None:
    for display in (False, True):
        page = render_html.markdown_to_html(md_formula(latex, display=display))
        parser = assert_inert(page)
        if math_path == "mathjax":  # the TeX reaches MathJax as text: its '<' is an entity in the page
            assert ("$$" if display else "$") in "".join(parser.text)
            assert "<" not in page.replace("<div", "").replace("</div", "").replace("<p", "").replace("</p", "")


def test_math_paths() -> None:
    """MathJax gets ``$...$`` text; MathML is used when latex2mathml is installed."""
    pytest.importorskip("latex2mathml")
    assert "<math" in render_html.markdown_to_html(md_formula(r"\frac{a}{b}"))
    assert "<math" not in render_html.markdown_to_html(md_text("$x$"))  # an escaped dollar is text


def _report() -> object:
    return symdl.derive.check_file("momentum")


#: (id, a result of each type); each must have _repr_html_ made from its Markdown
RESULTS: list[tuple[str, Callable[[], object]]] = [
    ("Formula", lambda: symdl.parse(r"h^k = W h^{k-1} + b")),
    ("Explanation", lambda: symdl.explain(r"\mathrm{softmax}(z)_i = \frac{e^{z_i}}{\sum_j e^{z_j}}")),
    ("Derivation", lambda: symdl.diff(r"\sigma(z)^2", "z")),
    ("Verdict", lambda: symdl.check_gradient(r"x^2", "x", r"3x")),
    ("DerivationReport", lambda: symdl.check_derivation(
        "z = w x \\\\ a = \\sigma(z) \\\\ L = -y \\log a - (1-y)\\log(1-a) \\\\ dz = a - y")),
    ("Comparison", lambda: symdl.compare(r"v = \beta v + (1-\beta) g", r"m = b m + (1-b) x")),
    ("DirectionalCheck", lambda: symdl.check_grads(lambda x: (x**2).sum(), lambda x: 2 * x, np.ones(3))),
    ("NumpyFunction", lambda: symdl.lambdify(symdl.parse(r"\sigma(x)"))),
    ("Gradient", lambda: symdl.grad(r"\sigma(w x + b)", "w", emit="numpy")),
    ("Report", _report),
]  # fmt: skip


@pytest.mark.parametrize("make", [r[1] for r in RESULTS], ids=[r[0] for r in RESULTS])
def test_every_result_type_has_html(make: Callable[[], object], math_path: str) -> None:
    obj = make()
    page = obj._repr_html_()  # type: ignore[attr-defined]
    assert isinstance(page, str) and page.startswith('<div class="symdl">') and page.endswith("</div>")
    assert_inert(page)
    markdown = obj._repr_markdown_()  # type: ignore[attr-defined]
    assert page == render_html.markdown_to_html(markdown), "HTML is made from the Markdown, in one place"


def test_structure() -> None:
    page = render_html.markdown_to_html(
        "# T\n\n**Verdict: verified** (3)\n\n- a\n  - b\n- c\n\n1. one\n1. two\n\n| x | y |\n|---|---|\n| `1` | 2 |\n\n"
        "```python\nif a < b:\n    pass\n```\n"
    )
    assert "<h1>T</h1>" in page and "<strong>Verdict: verified</strong>" in page
    assert "<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>" in page
    assert "<ol><li>one</li><li>two</li></ol>" in page
    assert "<th>x</th>" in page and "<td><code>1</code></td>" in page
    assert '<pre><code class="language-python">if a &lt; b:\n    pass</code></pre>' in page


def test_hostile_derivation_report_html() -> None:
    """A derivation's title, source, prose and rule are user text: escaped in the report's HTML."""
    text = (
        "title: <script>alert('t')</script>\nsources: <img src=x onerror=alert(2)>\n\n"
        "Prose with <b>markup</b> and $x < y$.\n\n"
        "define d: y = 2 x\n\nclaim c: y = x + x\n    rule: <iframe src=javascript:alert(3)>\n"
    )
    page = verify(loads(text, path="hostile.txt"))._repr_html_()
    parser = assert_inert(page)
    shown = "".join(parser.text)
    assert "<script>alert('t')</script>" in shown and "<img src=x onerror=alert(2)>" in shown
