"""A ``\\sum`` with no index and no bounds: the PyTorch docs' ``\\frac{\\sum t^2}{2}``, ``\\sqrt{\\max(\\sum x^2,
\\epsilon)}``, the Keras docs' Dice ``\\frac{2 \\sum y_{true} y_{pred}}{\\sum y_{true} + \\sum y_{pred}}``.

Library docs write the sum of all entries of an array so (numpy's ``np.sum``, PyTorch's ``x.sum()``): the summand is
the term that follows, up to the next ``+``, ``-``, relation or comma at its level, and it is read as the sum over the
entries of its arrays, its names arrays of values, as ``sum(..., axis=-1)`` is (noted ``sum-no-index``).  A ``\\prod``
or an optimum with no index stays refused.
"""

from __future__ import annotations

import itertools
import re
from typing import TYPE_CHECKING

from symdl.errors import InvalidInput, Span
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node, statement_start, strip_space

if TYPE_CHECKING:
    from symdl.read.expr import Emitter, ExprReader

#: what ends the summand at its level
_ENDS = {"+", "-", "=", "<", ">", ",", ";", "&"}
_END_COMMANDS = {"\\le", "\\leq", "\\ge", "\\geq", "\\approx", "\\equiv", "\\leftarrow", "\\gets", "\\quad",
                 "\\qquad", "\\pm", "\\mp", "\\neq", "\\ne", "\\to", "\\\\"}


def summand_end(nodes: list[Node], j: int) -> int:
    """Where the summand that starts at ``nodes[j]`` ends (exclusive)."""
    k = j
    bars = 0  # inside |...| (bars are tokens, not groups): |x_i - y_i| is one term
    while k < len(nodes):
        n = nodes[k]
        if isinstance(n, Token) and n.is_op("|"):
            bars ^= 1
        elif isinstance(n, Token) and k > j and not bars and (
                (n.kind == "op" and n.text in _ENDS) or (n.kind == "cmd" and n.text in _END_COMMANDS)):
            break
        k += 1
    return k


#: letters that index entries when a sum with no index is written over subscripted names
_IMPLIED = ("i", "j", "k", "n", "m")


def implied_indices(nodes: list[Node], j: int) -> set[str]:
    """The index letters that subscript the names of the summand from ``nodes[j]`` (the PyTorch docs'
    ``\\frac{1}{n} \\sum |x_i - y_i|``: i)."""
    found: set[str] = set()

    def walk(ns: list[Node], after_sub: bool) -> None:
        prev_sub = False
        for n in ns:
            if isinstance(n, Group) and prev_sub and _label_word(n):
                prev_sub = False  # the PyTorch docs' x_{max}: a label, no index letters (before: a sum over m)
                continue
            if isinstance(n, Group):
                walk(n.children, after_sub or prev_sub)
            elif isinstance(n, Token) and n.kind == "letter" and (after_sub or prev_sub) and n.text in _IMPLIED:
                found.add(n.text)
            prev_sub = isinstance(n, Token) and n.is_op("_")

    walk(nodes[j : summand_end(nodes, j)], False)
    return found


def _label_word(group: Group) -> bool:
    """Is the subscript ``group`` a word of three letters or more (``max``, ``\\text{in}`` aside), a label?"""
    letters = [n for n in group.children if isinstance(n, Token) and n.kind == "letter"]
    adjacent = sum(1 for a, b in itertools.pairwise(letters) if a.span.end == b.span.start)
    return len(letters) >= 3 and adjacent == len(letters) - 1


#: a left side's subscript letters: h'_i, y_{ij}, W_{i,j}
_LHS_SUBSCRIPT = re.compile(r"_\{?\s*([a-z](?:\s*,?\s*[a-z])*)\s*\}?")


def left_side_letters(source: str, at: int) -> set[str]:
    """The index letters that subscript the left side of the statement holding position ``at`` (GAT's ``h'_i =
    σ(Σ α_{ij} W h_j)``: i, which the sum does not run over); empty where ``at`` is on no right side."""
    line = source[statement_start(source, at) : at]
    eq = min((k for k in (line.find("="), line.find("\\leftarrow")) if k >= 0), default=-1)
    if eq < 0:
        return set()
    return {c for m in _LHS_SUBSCRIPT.finditer(line[:eq]) for c in m.group(1) if c.isalpha()}


def implied_argument(nodes: list[Node], j: int) -> str | None:
    """The one letter that every one-letter function of the summand from ``nodes[j]`` is applied to, alone (a KL
    divergence pasted as ``Σ P(x) log(P(x)/Q(x))``: the sum over the outcomes x), else None."""
    found: set[str] = set()

    def walk(ns: list[Node]) -> None:
        for k, n in enumerate(ns):
            if isinstance(n, Group):
                inner = strip_space(n.children)
                called = _one_letter_before(ns, k)  # P(x), not a word's exp(x) (log-sum-exp: Σ of entries)
                if called and n.kind == "paren" and len(inner) == 1 and isinstance(inner[0], Token) \
                        and inner[0].kind == "letter":
                    found.add(inner[0].text)
                else:
                    walk(n.children)

    walk(nodes[j : summand_end(nodes, j)])
    return found.pop() if len(found) == 1 else None


def _one_letter_before(ns: list[Node], k: int) -> bool:
    """Is ``ns[k]`` right after a one-letter name (``P`` of ``P(x)``), not after a word spelt in letters (``exp``)?"""
    def letter(m: int) -> bool:
        return m >= 0 and isinstance(ns[m], Token) and ns[m].kind == "letter"  # type: ignore[union-attr]

    return letter(k - 1) and not letter(k - 2)


def sum_of_entries(reader: ExprReader, nodes: list[Node], i: int, j: int, em: Emitter) -> int:
    """Read ``\\sum`` at ``nodes[i]`` with no index and its summand from ``nodes[j]`` as the sum of the summand's
    entries; emit its placeholder and return where the summand ends."""
    op = nodes[i]
    assert isinstance(op, Token)
    end = summand_end(nodes, j)
    body = strip_space(nodes[j:end])
    if not body:
        raise reader.error(InvalidInput, f"{op.text} of nothing", op.span, "write what is summed after it")
    span = Span(op.span.start, body[-1].span.end)
    inner = reader.read(body, Span(body[0].span.start, body[-1].span.end))
    if reader.source.startswith(("\\sum", "\u03a3", "\u2211"), op.span.start):  # not a set's size |A| (noted
        # set-indicator); a pasted Σ or ∑ is the sum sign (noted unicode-sum too)
        reader.add_note("sum-no-index", span, {"text": reader.source[span.start : span.end]})
    ph = reader.new("expect", span, inner=inner, statistic="sum", over="", under="", axis=True)
    em.placeholder(ph.id, span)
    return end
