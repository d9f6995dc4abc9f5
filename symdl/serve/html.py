"""Building HTML where every piece of text is escaped unless it is already :class:`Html`.

The page is made of :func:`h` calls: a child that is a plain ``str`` (user text, a message, a name) is
always escaped; only :class:`Html` (made here, or sanitized MathML from :mod:`symdl.render.mathml`) is
inserted as markup.  Nothing the user typed can become a tag, an attribute or a script.
"""

from __future__ import annotations

import html
import itertools
import re
from collections.abc import Iterable, Mapping

from symdl.render.mathml import to_mathml


class Html(str):
    """Markup that is safe to insert as it is."""

    __slots__ = ()


Child = "str | Html | None | Iterable[str | Html | None]"


def text(value: object) -> Html:
    """``value`` as escaped text."""
    return Html(html.escape(str(value), quote=True))


def join(children: Iterable[object]) -> Html:
    """Children in order: :class:`Html` kept, lists flattened, None skipped, anything else escaped."""
    out: list[str] = []
    for child in children:
        if child is None:
            continue
        if isinstance(child, Html):
            out.append(child)
        elif isinstance(child, list | tuple):
            out.append(join(child))
        else:
            out.append(text(child))
    return Html("".join(out))


def h(tag: str, attrs: Mapping[str, object] | None = None, *children: object) -> Html:
    """The element ``<tag attrs>children</tag>``; attribute values are escaped, None/False ones left out."""
    parts = [tag]
    for name, value in (attrs or {}).items():
        if value is None or value is False:
            continue
        parts.append(name if value is True else f'{name}="{html.escape(str(value), quote=True)}"')
    if tag in ("input", "meta", "link", "br"):
        return Html(f"<{' '.join(parts)}>")
    return Html(f"<{' '.join(parts)}>{join(children)}</{tag}>")


def math(latex: str, *, display: bool = False) -> Html:
    """``latex`` as MathML, or as code when it cannot be converted safely."""
    mathml = to_mathml(latex, display=display)
    if mathml is None:
        return h("code", {"class": "latex"}, latex)
    return Html(mathml)


_INLINE = re.compile(r"\$([^$]+)\$|`([^`]+)`")


def prose(value: str) -> Html:
    """A sentence with inline ``$...$`` LaTeX and ```code``` (relations, chunk notes, a step's details): the text
    escaped, the math as MathML, the code as code."""
    out: list[object] = []
    last = 0
    for m in _INLINE.finditer(value):
        out += [value[last : m.start()], math(m.group(1)) if m.group(1) else h("code", None, m.group(2))]
        last = m.end()
    out.append(value[last:])
    return join(out)


def marked_source(source: str, spans: Iterable[tuple[int, int, str]], *, css: str = "note-span") -> Html:
    """``source`` as code with each span ``(start, end, label)`` wrapped in ``<mark>`` (overlaps split).

    A stretch covered by several spans carries all their labels in ``data-notes``; an empty span marks
    the one character after it (or a space at the end), so an insertion point is still visible.
    """
    n = len(source)
    wide = [(min(max(0, a), n), max(b, a + 1), label) for a, b, label in spans]
    past_end = [label for _, b, label in wide if b > n]  # a span at the very end (a missing closing brace)
    spans = [(a, min(b, n), label) for a, b, label in wide]
    cuts = sorted({0, n, *(a for a, _, _ in spans), *(b for _, b, _ in spans)})
    out: list[object] = []
    for lo, hi in itertools.pairwise(cuts):
        piece = source[lo:hi]
        labels = [label for a, b, label in spans if a <= lo and hi <= b]
        out.append(h("mark", {"class": css, "data-notes": " ".join(labels)}, piece) if labels else piece)
    if past_end:
        out.append(h("mark", {"class": css, "data-notes": " ".join(past_end)}, " "))
    return h("pre", {"class": "source"}, h("code", None, *out))
