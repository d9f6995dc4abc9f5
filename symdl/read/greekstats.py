r"""Greek statistics of a bracket: Salimans & Kingma's weight normalization, ``y = \phi\left(\frac{t - \mu[t]}
{\sigma[t]}\right)`` with ``\mu[t]`` and ``\sigma[t]`` "the mean and standard deviation of the pre-activation t over
the examples in the minibatch".

Where the formula writes both ``\mu[X]`` and ``\sigma[X]`` with the same bracket, each touching its letter, they are
the mean and the standard deviation of X's entries, as ``\mathrm{mean}[X]`` and ``\mathrm{std}[X]`` are (noted
``greek-statistic``); μ or σ before brackets alone keeps its reading (a product, or Prince's σ[...] activation).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from symdl.errors import Span
from symdl.read.lexer import Token
from symdl.read.syntax import Node, is_group, nodes_in, plain_text

if TYPE_CHECKING:
    from symdl.read.expr import Emitter, ExprReader

#: the Greek letter → the statistic word it stands for before a bracket
_STATISTICS = {"\\mu": "mean", "\\sigma": "std"}


def _touching(seq: list[Node], k: int) -> str | None:
    """The bracket's content (spaces dropped) when ``seq[k]`` is μ or σ written right against a square bracket."""
    n = seq[k]
    nxt = seq[k + 1] if k + 1 < len(seq) else None
    if not (isinstance(n, Token) and n.kind == "cmd" and n.text in _STATISTICS and is_group(nxt, "bracket")
            and nxt.span.start == n.span.end):  # type: ignore[union-attr]
        return None
    return "".join(plain_text(nxt.children).split())  # type: ignore[union-attr]


def greek_statistic_pairs(nodes: list[Node]) -> set[str]:
    """The bracket contents (spaces dropped) that both ``\\mu[...]`` and ``\\sigma[...]`` are written over."""
    found: dict[str, set[str]] = {}
    for seq, k, _ in nodes_in(nodes):
        if (inside := _touching(seq, k)) is not None:
            found.setdefault(inside, set()).add(seq[k].text)  # type: ignore[union-attr]
    return {inside for inside, letters in found.items() if letters == set(_STATISTICS)}


def greek_statistic(reader: ExprReader, nodes: list[Node], i: int, em: Emitter) -> int | None:
    """The statistic ``\\mu[X]`` or ``\\sigma[X]`` at ``nodes[i]`` when X is one of ``reader.greek_stats`` (noted
    ``greek-statistic``): the index after it; else None."""
    from symdl.read.probability import statistic  # probability reads atoms, which this module's callers import

    inside = _touching(nodes, i)
    if inside is None or inside not in reader.greek_stats:
        return None
    reader.add_note("greek-statistic", Span(nodes[i].span.start, nodes[i + 1].span.end), {})
    return statistic(reader, nodes, i, i + 1, _STATISTICS[nodes[i].text], em)  # type: ignore[union-attr]
