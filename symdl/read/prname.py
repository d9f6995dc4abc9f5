"""``Pr``, the probability function (Prince's *Understanding Deep Learning*: ``Pr(y \\mid \\lambda) = (1 -
\\lambda)^{1-y} \\cdot \\lambda^{y}``; Goodfellow et al.'s and LaTeX's ``\\Pr``).

TeX's operator ``\\Pr`` is read as the function named Pr (as ``\\operatorname{Pr}`` is).  The letters ``Pr`` typed
side by side, starting a name and touching a parenthesis or square bracket, are that function too, not ``P \\cdot
r(\\dots)`` (they were read so, silently): noted ``probability-Pr``.  ``Pr`` elsewhere (``Pr + 1``) keeps the
product, and a longer run of letters (``xPr(y)``) is left to the word rules.
"""

from __future__ import annotations

from dataclasses import replace

from symdl.errors import Note, Span
from symdl.read.lexer import Token
from symdl.read.notes import note, quote
from symdl.read.syntax import Group, Node


def _word(at: Span) -> list[Node]:
    """``\\operatorname{Pr}`` as nodes, at ``at``."""
    letters: list[Node] = [Token("letter", "P", Span(at.start, at.start)), Token("letter", "r", Span(at.end, at.end))]
    return [Token("cmd", "\\operatorname", Span(at.start, at.start)), Group(letters, at)]


def _plain_pr(nodes: list[Node], k: int) -> bool:
    """Are ``nodes[k:k+2]`` the letters P, r starting a name and touching a parenthesis or bracket after them?"""
    if k + 2 >= len(nodes):
        return False
    p, r, group = nodes[k], nodes[k + 1], nodes[k + 2]
    if not (isinstance(p, Token) and p.kind == "letter" and p.text == "P"):
        return False
    if not (isinstance(r, Token) and r.kind == "letter" and r.text == "r" and r.span.start == p.span.end):
        return False
    before = nodes[k - 1] if k > 0 else None
    if isinstance(before, Token) and before.kind in ("letter", "number") and before.span.end == p.span.start:
        return False  # xPr(y): part of a longer word
    if isinstance(before, Token) and before.kind == "cmd" and before.text in ("\\mathrm", "\\text"):
        return False
    return isinstance(group, Group) and group.kind in ("paren", "bracket") and group.span.start == r.span.end


def probability_pr(nodes: list[Node], source: str, notes: list[Note]) -> list[Node]:
    """``nodes`` with ``\\Pr`` and a plain ``Pr(`` written as ``\\operatorname{Pr}``; in groups too."""
    out: list[Node] = []
    k = 0
    while k < len(nodes):
        n = nodes[k]
        if isinstance(n, Token) and n.kind == "cmd" and n.text == "\\Pr":
            out.extend(_word(n.span))
            k += 1
            continue
        if _plain_pr(nodes, k):
            group = nodes[k + 2]
            span = Span(n.span.start, group.span.end)
            notes.append(note("probability-Pr", span, {"text": quote(source[span.start : span.end])}))
            out.extend(_word(Span(n.span.start, nodes[k + 1].span.end)))
            k += 2
            continue
        if isinstance(n, Group):
            n = replace(n, children=probability_pr(n.children, source, notes))
        out.append(n)
        k += 1
    return out
