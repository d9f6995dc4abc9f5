"""HTML of every result type for a notebook (``_repr_html_``), made from its sealed Markdown.

Every result type already prints as Markdown through :mod:`symdl.render.notebook`, with all user text
sealed by :mod:`symdl.render.seal`.  :func:`markdown_to_html` reads that small subset of Markdown
(headings, paragraphs, ``-`` and ``1.`` lists, pipe tables, code fences, ``**bold**``, ``*emphasis*``,
code spans, ``$...$`` and ``$$...$$`` math) and writes HTML in which every piece of text is first
decoded (Markdown's backslash escapes, the ``&amp;``/``&lt;``/``&gt;`` entities) and then escaped
again with :func:`html.escape`: no tag, attribute or entity of the user's can reach the page.  Math
becomes sanitized MathML (:func:`symdl.render.mathml.to_mathml`) when ``latex2mathml`` (the ``web``
extra) is installed, else escaped ``$...$`` / ``$$...$$`` text for the notebook's MathJax.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable

#: a table's separator row, ``|---|---|``
_RULE_ROW = re.compile(r"^\|(\s*:?-+:?\s*\|)+\s*$")
#: a list item: its indent, its marker (``-`` or ``1.``) and its text
_ITEM = re.compile(r"^(\s*)(-|\d+\.)\s+(.*)$")
#: a heading
_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
#: a table cell boundary: a ``|`` that is not escaped
_CELL = re.compile(r"(?<!\\)\|")


def _math(latex: str, display: bool) -> str:
    """Math as MathML when ``latex2mathml`` is installed and the result is clean, else escaped TeX for MathJax."""
    try:
        from symdl.render.mathml import to_mathml

        mathml = to_mathml(latex, display=display)
    except ImportError:  # pragma: no cover - the module itself has no third-party import
        mathml = None
    if mathml is not None:
        return mathml
    return html.escape(f"$${latex}$$" if display else f"${latex}$")


def _text(md: str) -> str:
    """Plain Markdown text → escaped HTML: escapes and entities decoded, then :func:`html.escape`, then emphasis."""
    plain = re.sub(r"\\(.)", r"\1", md.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&"))
    out = html.escape(plain, quote=True)
    out = re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", out)
    return re.sub(r"(?<![\w*])\*(?!\s)(.+?)(?<!\s)\*(?![\w*])", r"<em>\1</em>", out)


def inline(md: str) -> str:
    """One line of sealed Markdown as HTML: code spans, math, emphasis and text (see the module's note)."""
    out: list[str] = []
    plain: list[str] = []
    i = 0
    while i < len(md):
        c = md[i]
        if c == "\\" and i + 1 < len(md):  # an escaped character is text
            plain.append(md[i : i + 2])
            i += 2
            continue
        if c in "`$":
            display = md.startswith("$$", i)
            fence = "$$" if display else c
            end = md.find(fence, i + len(fence))
            if end > i:
                out.append(_text("".join(plain)))
                plain = []
                body = md[i + len(fence) : end]
                if c == "`":
                    out.append(f"<code>{html.escape(body)}</code>")
                else:
                    latex = body.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").strip()
                    out.append(_math(latex, display))
                i = end + len(fence)
                continue
        plain.append(c)
        i += 1
    out.append(_text("".join(plain)))
    return "".join(out)


def _table(rows: list[str]) -> str:
    def cells(row: str) -> list[str]:
        return [inline(c.strip()) for c in _CELL.split(row.strip().strip("|"))]

    head, body = rows[0], [r for r in rows[1:] if not _RULE_ROW.match(r)]
    out = ["<table><thead><tr>", *(f"<th>{c}</th>" for c in cells(head)), "</tr></thead><tbody>"]
    for r in body:
        out += ["<tr>", *(f"<td>{c}</td>" for c in cells(r)), "</tr>"]
    return "".join([*out, "</tbody></table>"])


def _lists(items: list[str]) -> str:
    """Consecutive list items (nested by indent, two spaces a level) as ``<ul>``/``<ol>``."""
    out: list[str] = []
    stack: list[tuple[int, str]] = []  # (indent, tag) of the open lists
    for line in items:
        m = _ITEM.match(line)
        if m is None:  # a continuation of the item above
            out.append(" " + inline(line.strip()))
            continue
        indent, tag = len(m[1]), "ul" if m[2] == "-" else "ol"
        while stack and (stack[-1][0] > indent or (stack[-1][0] == indent and stack[-1][1] != tag)):
            out.append(f"</li></{stack.pop()[1]}>")
        if stack and stack[-1][0] == indent:
            out.append("</li>")
        else:
            out.append(f"<{tag}>")
            stack.append((indent, tag))
        out.append(f"<li>{inline(m[3])}")
    while stack:
        out.append(f"</li></{stack.pop()[1]}>")
    return "".join(out)


def _blocks(lines: list[str]) -> list[str]:
    out: list[str] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            out.append("<p>" + "<br>".join(inline(p.strip()) for p in _breaks(para)) + "</p>")
            para.clear()

    i = 0
    while i < len(lines):
        line = lines[i]
        fence = re.match(r"^(`{3,})(\w*)\s*$", line)
        kind = _kind(line)
        if fence or kind != "text" or not line.strip():
            flush()
        if fence:
            end = next((k for k in range(i + 1, len(lines)) if lines[k].strip() == fence[1]), len(lines))
            lang = f' class="language-{html.escape(fence[2])}"' if fence[2] else ""
            out.append(f"<pre><code{lang}>{html.escape(chr(10).join(lines[i + 1 : end]))}</code></pre>")
            i = end + 1
            continue
        if kind == "text":
            if line.strip():
                para.append(line)
            i += 1
            continue
        run = _run(lines, i, kind)
        out.append(_RENDER[kind](lines[i : i + run]))
        i += run
    flush()
    return out


def _kind(line: str) -> str:
    if _HEADING.match(line):
        return "heading"
    if line.startswith("|"):
        return "table"
    if _ITEM.match(line):
        return "list"
    return "text"


def _run(lines: list[str], i: int, kind: str) -> int:
    """How many lines from ``i`` the block of ``kind`` takes (a heading one; a list takes its indented lines)."""
    if kind == "heading":
        return 1
    k = i + 1
    while k < len(lines) and lines[k].strip():
        if _kind(lines[k]) == kind or (kind == "list" and lines[k].startswith("  ")):
            k += 1
        else:
            break
    return k - i


def _heading(lines: list[str]) -> str:
    m = _HEADING.match(lines[0])
    assert m is not None
    level = len(m[1])
    return f"<h{level}>{inline(m[2])}</h{level}>"


def _breaks(para: list[str]) -> list[str]:
    """A paragraph's lines, joined where Markdown joins them (a line ending in two spaces breaks)."""
    out, cur = [], ""
    for line in para:
        cur = f"{cur} {line.strip()}".strip()
        if line.endswith("  "):
            out.append(cur)
            cur = ""
    return [*out, cur] if cur else out


_RENDER: dict[str, Callable[[list[str]], str]] = {"heading": _heading, "table": _table, "list": _lists}


def markdown_to_html(md: str) -> str:
    """Sealed Markdown (the result types' ``_repr_markdown_``) as an escaped HTML fragment in a ``div``."""
    return '<div class="symdl">' + "\n".join(_blocks(md.splitlines())) + "</div>"


def html_printer(markdown: Callable[[object], str]) -> Callable[[object], str]:
    """A result type's HTML printer, from its Markdown printer."""

    def printer(obj: object) -> str:
        return markdown_to_html(markdown(obj))

    printer.__doc__ = f"HTML of {getattr(markdown, '__name__', 'the Markdown printer')}'s Markdown."
    return printer
