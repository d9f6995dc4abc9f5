"""``|\\mathbf{v}| |\\mathbf{w}|``: single bars around a bold vector, side by side with another such bar, are the
vectors' lengths (Euclidean norms), as the cosine similarity ``\\frac{\\mathbf{v} \\cdot \\mathbf{w}}{|\\mathbf{v}|
|\\mathbf{w}|}`` writes them (Jurafsky & Martin, ch. 6); read entry by entry, the two absolute values were two column
vectors side by side, refused.  Noted ``abs-length``; a lone ``|\\mathbf{x}|`` stays entry by entry.

Single bars squared around a vector (Learning from Data's ``J(w) = |Xw - y|^2``, Arora et al.'s ``|\\hat{y} -
y|^2``) are its squared length: no one squares the absolute values of a vector's entries in bars (``x \\odot x``
is that); noted ``abs-squared-norm``.  Around a number the bars stay the absolute value, squared, and a note says a
vector's norm is written ``\\|\\cdot\\|`` (``abs-squared-number``).

Bars around a vector in a sum's bound (XLNet's ``\\sum_{t=1}^{|\\mathbf{z}|}`` over a permutation z) are its
number of entries, as any absolute value that bounds a sum is a size (``bound-size``, :mod:`symdl.bind.boundsizes`)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from symdl.bind.binder import Binder
    from symdl.read.syntax import Placeholder

#: a bold name alone (\mathbf{v}, \boldsymbol{w}_i, \vec{x})
_BOLD = re.compile(r"\s*\\(?:mathbf|boldsymbol|bm|vec)\s*\{\s*\\?[A-Za-z]+\s*\}(?:_(?:\{[^{}]*\}|\\?[A-Za-z0-9]))?\s*")


def _bold_bar(source: str, p: Placeholder) -> bool:
    if p.kind != "abs" or "inner" not in p.data:
        return False
    inner = p.data["inner"].span
    return bool(_BOLD.fullmatch(source[inner.start : inner.end]))


def is_length(b: Binder, p: Placeholder) -> bool:
    """Is ``p`` (an ``abs``) a bold vector's length: a bar beside another bar of a bold vector, only spaces between?"""
    src = b.source
    if not _bold_bar(src, p):
        return False
    for q in b.ph.values():
        if q.id == p.id or not _bold_bar(src, q):
            continue
        first, second = (p, q) if p.span.end <= q.span.start else (q, p)
        gap = src[first.span.end : second.span.start]
        if first.span.end <= second.span.start and not re.sub(r"\\[,;: !]|\\quad|\\cdot", "", gap).strip():
            return True
    return False


#: a power 2 right after a closing bar: |Xw - y|^2, |v|^{2}
_SQUARED = re.compile(r"\s*\^\s*(?:2|\{\s*2\s*\})")


def is_squared(b: Binder, p: Placeholder) -> bool:
    """Is ``p`` (an ``abs``) squared where it is written, ``|e|^2``?"""
    return p.kind == "abs" and _SQUARED.match(b.source, p.span.end) is not None


def in_bound(b: Binder, p: Placeholder) -> bool:
    """Is ``p`` written in a sum's or product's bound (\\sum_{t=1}^{|\\mathbf{z}|}), or the same bars as one there
    (SimCTG's ``\\frac{1}{|\\boldsymbol{x}| \\times (|\\boldsymbol{x}| - 1)}\\sum_{i=1}^{|\\boldsymbol{x}|}``: the
    length everywhere, not the entries' absolute values in the prefactor)?"""
    if p.id in b.bound_placeholders:
        return True
    text = _inner_text(b, p)
    return any(q.kind == p.kind and _inner_text(b, q) == text for k in b.bound_placeholders if (q := b.ph.get(k)))


def _inner_text(b: Binder, p: Placeholder) -> str:
    inner = p.data.get("inner")
    return "".join(b.source[inner.span.start : inner.span.end].split()) if inner is not None else ""
