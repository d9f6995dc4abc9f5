"""How far a sum reaches when its first term does not mention its index (rule ``sum-extent``).

TeX's ``\\sum`` takes the term after it: ``\\sum_n a + b`` sums ``a`` only.  A paper's contrastive loss is written
``\\frac{1}{2N}\\sum_{n=1}^{N} y\\,d^2 + (1-y)\\max(m-d, 0)^2`` (Hadsell et al.'s loss as pasted): ``y`` and ``d`` are
the n-th pair's label and distance, written without their index, and the term after the ``+`` uses the same
per-pair names, so it belongs to the sum — outside it, ``y`` and ``d`` would be no pair's.  When the first term does
not mention the index and the terms after it (up to the end of the expression, a relation or a separator) write
every name of it again, the sum reaches to there (noted, with the reading by TeX's rule as the other reading).
"""

from __future__ import annotations

from collections.abc import Callable

from symdl.errors import Span
from symdl.read.commands import GREEK, NAME_WRAPPERS
from symdl.read.extents import _skip_space, _term_end
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node

#: commands whose braced argument is a word, not names (\mathrm{margin} has no letter n): the name wrappers, and
#: a bold word
_WORD_COMMANDS = {"\\" + w for w in NAME_WRAPPERS} | {"\\textbf"}
#: what ends the expression a sum may reach over: relations, separators, spacing between statements
_ENDS_OPS = {"=", ",", ";", "<", ">", ":", "&"}
_ENDS_CMDS = {"\\le", "\\leq", "\\ge", "\\geq", "\\approx", "\\propto", "\\quad", "\\qquad", "\\\\", "\\equiv",
              "\\neq", "\\ne", "\\leftarrow", "\\gets", "\\to", "\\rightarrow"}
#: letters too common to tie two terms together: e and the digits' neighbours
_NOT_NAMES = {"e"}


def _names(nodes: list[Node]) -> set[str]:
    """The letters and Greek commands of ``nodes`` (groups included), but the words of name wrappers."""
    out: set[str] = set()
    skip = False
    for n in nodes:
        if isinstance(n, Group):
            if not skip:
                out |= _names(n.children)
            skip = False
            continue
        skip = n.kind == "cmd" and n.text in _WORD_COMMANDS
        if n.kind == "letter" or (n.kind == "cmd" and n.text[1:].isalpha() and n.text[1:] in GREEK):
            out.add(n.text)
    return out - _NOT_NAMES


def expression_end(nodes: list[Node], k: int) -> int:
    """The index of the first relation or separator from ``k`` on (``len(nodes)`` if none)."""
    for j in range(k, len(nodes)):
        n = nodes[j]
        if isinstance(n, Token) and ((n.kind == "op" and n.text in _ENDS_OPS) or (n.kind == "cmd" and n.text in
                                                                               _ENDS_CMDS) or n.kind == "newline"):
            return j
    return len(nodes)


def _first_term(nodes: list[Node], j: int) -> tuple[int, int, int] | None:
    """Where the body starting at ``nodes[j]`` starts, where its first term ends and where its expression ends."""
    start = _skip_space(nodes, j)
    if start >= len(nodes):
        return None
    sign = isinstance(nodes[start], Token) and nodes[start].is_op("+", "-")
    return start, _term_end(nodes, start, started=not sign, bars=True), expression_end(nodes, start)


def reach(nodes: list[Node], j: int, index: str) -> tuple[int, set[str]] | None:
    """Where the sum whose body starts at ``nodes[j]`` reaches by the ``sum-extent`` rule, and the names of its
    first term, or None when TeX's extent stands: the first term mentions ``index``, or one of its names is not
    written again after it (a regulariser after a sum of losses, Σ_i L(θ) + λ‖θ‖², shares only θ)."""
    found = _first_term(nodes, j)
    if found is None:
        return None
    start, first_end, end = found
    if first_end >= end or not index.isalpha() or len(index) != 1:
        return None
    first = _names(nodes[start:first_end])
    if index in first or not first:
        return None
    rest = _names(nodes[first_end:end])
    return (end, first) if first <= rest else None  # every name again: Σ L(θ) + λ‖θ‖² keeps TeX's extent


def extend(nodes: list[Node], j: int, end: int) -> Group:
    """Hold ``nodes[j:end]`` together as one parenthesised body (in place), and return it."""
    body = nodes[j:end]
    group = Group(body, Span(body[0].span.start, body[-1].span.end), "paren")
    nodes[j:end] = [group]
    return group


def reach_by_use(nodes: list[Node], j: int, uses: Callable[[list[Node]], bool]) -> int | None:
    """Where a maximum over an argument whose body starts at ``nodes[j]`` reaches by the ``max-extent`` rule: to the
    end of the expression when a later term applies a function to its variable again (CS234's Bellman backup
    ``\\max_a R(s,a) + \\gamma \\sum_{s'} p(s'|s,a) V(s')``: outside the maximum, ``a`` would be no action's); None when
    no later term does (DQN's ``r + \\gamma\\max_{a'} Q(s', a')``, ``\\max_a Q(s, a) + c``)."""
    found = _first_term(nodes, j)
    if found is None:
        return None
    _, t, end = found
    while t < end:
        if uses(nodes[t + 1 : end]):
            return end
        nxt = _term_end(nodes, t, bars=True)
        if nxt <= t:
            return None
        t = nxt
    return None
