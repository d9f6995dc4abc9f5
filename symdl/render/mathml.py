"""MathML made on the server, so the page renders math with nothing fetched (Chromium renders MathML Core).

The LaTeX shown is symdl's own (the render stage's ``latex`` of every chunk, verdict and step, with the
author's symbol names) or the user's source, converted by ``latex2mathml`` (PyPI, pure Python).  SymPy's
MathML printer (:mod:`sympy.printing.mathml`) was tried on the expressions symdl holds and not kept: it
prints symdl's internal names (``yhat``, ``rowsoftmax``, ``elementwiseapplyfunction``) where the LaTeX
printer of :mod:`symdl.latex` writes the author's ``\\hat{y}`` and ``\\operatorname{softmax}``.

``latex2mathml`` does not escape what it copies from its input (``\\text{<b>x</b>}`` comes out as markup),
so its output is only a draft: it is parsed as XML and rebuilt from allowed MathML elements and
presentation attributes alone.  Anything else (a foreign element, markup that is not well-formed) makes
:func:`to_mathml` answer ``None`` and the page shows the LaTeX as code instead.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

#: MathML Core's presentation elements (the only ones kept)
ELEMENTS = frozenset({
    "math", "mrow", "mi", "mn", "mo", "ms", "mtext", "mspace", "mfrac", "msqrt", "mroot", "mstyle", "merror",
    "mpadded", "mphantom", "msub", "msup", "msubsup", "munder", "mover", "munderover", "mmultiscripts",
    "mprescripts", "none", "mtable", "mtr", "mtd", "semantics", "annotation",
})  # fmt: skip
#: presentation attributes kept (no ``href``, ``style``, event handler or colour)
ATTRIBUTES = frozenset({
    "display", "mathvariant", "stretchy", "fence", "form", "accent", "accentunder", "displaystyle",
    "scriptlevel", "linebreak", "width", "height", "depth", "lspace", "rspace", "columnalign", "rowspacing",
    "columnspacing", "movablelimits", "largeop", "separator", "symmetric", "minsize", "maxsize", "columnspan",
    "rowspan",
})  # fmt: skip
#: LaTeX longer than this is shown as code (the converter runs outside symdl's counted budgets)
MAX_CHARS = 4000
_NS = "{http://www.w3.org/1998/Math/MathML}"


def to_mathml(latex: str, *, display: bool = False) -> str | None:
    """``latex`` as a ``<math>`` element (block when ``display``), or None when it cannot be shown safely."""
    if not latex.strip() or len(latex) > MAX_CHARS:
        return None
    try:
        from latex2mathml.converter import convert

        draft = convert(latex, display="block" if display else "inline")
        root = ET.fromstring(draft)
        clean = _rebuild(root)
    except Exception:  # the converter refused, or its output is not MathML we keep: show the LaTeX as code
        return None
    if clean is None:
        return None
    clean.set("xmlns", _NS.strip("{}"))
    return ET.tostring(clean, encoding="unicode", short_empty_elements=False)


def _rebuild(node: ET.Element) -> ET.Element | None:
    """A copy of ``node`` with allowed elements and attributes only (None when any element is foreign)."""
    tag = node.tag.removeprefix(_NS)
    if tag not in ELEMENTS:
        return None
    out = ET.Element(tag, {k: v for k, v in node.attrib.items() if k in ATTRIBUTES})
    out.text = node.text
    for child in node:
        copy = _rebuild(child)
        if copy is None:
            return None
        copy.tail = child.tail
        out.append(copy)
    return out
