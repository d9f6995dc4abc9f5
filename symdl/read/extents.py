"""Where a part of a formula ends: spaces and sizing commands skipped, a power after a group, a norm's bars and
scripts, a term of a sum.

Node walking shared by function applications (:mod:`symdl.read.calls`), the call-or-product decision
(:mod:`symdl.read.callorproduct`), derivatives, sums and expectations.
"""

from __future__ import annotations

from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node

#: sizing commands left before a bar (\big| x \big|): skipped like spaces
SIZING = {"\\left", "\\bigl", "\\Bigl", "\\biggl", "\\big", "\\Big", "\\bigg", "\\Bigg"}


def _skip_space(nodes: list[Node], j: int) -> int:
    """The index of the first node from ``j`` that is no space; a line break inside a statement (a formula pasted
    over several lines, SimCLR's ``-\\log`` then ``\\frac{...}`` on the next line) is a space."""
    while j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].kind in ("space", "newline"):
        j += 1
    return j


def skip_sizing(nodes: list[Node], j: int) -> int:
    """The index of the first node from ``j`` that is neither a space nor a sizing command."""
    j = _skip_space(nodes, j)
    while j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].kind == "cmd" and nodes[j].text in SIZING:
        j = _skip_space(nodes, j + 1)
    return j


#: TeX's spacing commands, set after a function's name (\\log\\, x, \\textrm{log}\\, P): no meaning
THIN_SPACES = {"\\,", "\\;", "\\:", "\\!", "\\ "}


def skip_spacing(nodes: list[Node], j: int) -> int:
    """The index of the first node from ``j`` that is neither a space, a spacing command nor a sizing command."""
    while True:
        k = skip_sizing(nodes, j)
        if not (k < len(nodes) and isinstance(nodes[k], Token) and nodes[k].kind == "cmd"
                and nodes[k].text in THIN_SPACES):
            return k
        j = k + 1


def emit_power_end(nodes: list[Node], j: int) -> int:
    """The index after a ``^x`` at ``j`` (``j`` itself when there is none)."""
    if j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].is_op("^"):
        return j + 2
    return j


#: a norm's or an absolute value's opening bar → the bars that close it
_CLOSING_BARS = {"\\|": {"\\|", "\\Vert", "\\rVert"}, "\\Vert": {"\\|", "\\Vert", "\\rVert"},
                 "\\lVert": {"\\rVert", "\\|"}, "|": {"|", "\\rvert", "\\vert"}, "\\vert": {"\\vert", "|"},
                 "\\lvert": {"\\rvert", "|"}}


def _bars_end(nodes: list[Node], k: int) -> int | None:
    """The index after the norm or absolute value opening at ``nodes[k]`` (``\\|x\\|``, ``||x||``, ``|x|``,
    ``\\left\\| x \\right\\|``), or None if none opens there."""
    n = nodes[k]
    if isinstance(n, Group):
        return k + 1 if n.open is not None and n.open.text in _CLOSING_BARS else None
    if not isinstance(n, Token) or n.text not in _CLOSING_BARS:
        return None
    double = n.text == "|" and k + 1 < len(nodes) and isinstance(nodes[k + 1], Token) and nodes[k + 1].text == "|"
    for j in range(k + (2 if double else 1), len(nodes)):
        m = nodes[j]
        if isinstance(m, Token) and m.text in _CLOSING_BARS[n.text]:
            if not double:
                return j + 1
            if j + 1 < len(nodes) and isinstance(nodes[j + 1], Token) and nodes[j + 1].text == "|":
                return j + 2
    return None


def _scripts_end(nodes: list[Node], j: int) -> int:
    """The index after the ``_p`` and ``^2`` written at ``nodes[j]`` on (a norm's)."""
    while True:
        k = _skip_space(nodes, j)
        if k + 1 < len(nodes) and isinstance(nodes[k], Token) and (nodes[k].is_op("_") or nodes[k].is_op("^")):
            j = k + 2
        else:
            return j


def trimmed(nodes: list[Node], k: int, end: int) -> int:
    """``end`` moved back over the spaces that close ``nodes[k:end]`` (a part's span ends at its last symbol)."""
    while end > k and isinstance(nodes[end - 1], Token) and nodes[end - 1].kind == "space":
        end -= 1
    return end


def _term_end(nodes: list[Node], k: int, *, started: bool = False, bars: bool = False) -> int:
    """End of the term starting at ``k``: the next binary + or - of these nodes (a sum's body); ``started``: the
    node at ``k`` is an operand already (a sign after it is binary); ``bars``: a sign between norm or absolute-value
    bars (``\\|XW - Y\\|``) is inside them, not the term's end."""
    seen = started
    j = k
    if bars and (close := _bars_end(nodes, k)) is not None:  # the term opens with the bars: E_x \|x - y\|
        j, seen = close - 1, True
    while (j := j + 1) < len(nodes):
        n = nodes[j]
        if bars and (close := _bars_end(nodes, j)) is not None:  # \frac{1}{2}\|XW - Y\|_F^2: the norm whole
            j, seen = close - 1, True
            continue
        if isinstance(n, Token) and n.kind == "op" and n.text in "+-=" and seen:
            return j
        if not (isinstance(n, Token) and n.kind == "space"):
            seen = seen or not (isinstance(n, Token) and n.is_op("_", "^"))
    return len(nodes)
