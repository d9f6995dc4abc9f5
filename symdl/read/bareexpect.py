r"""The expectation written as a bare capital E before a random variable, as Cover & Thomas write it: ``EX``,
``Ef(X)`` in Jensen's inequality ``Ef(X) \geq f(EX)``, ``E_p l(X)`` (the expected code length under p).

A plain ``E`` touching (or one space before) a capital letter alone, or a one-letter function applied to a capital
letter alone, maybe with a one-letter density ``_p`` under it, is the expectation of that variable or value
(noted ``expectation-letter``): before, E was a number named E times X, silently.  A capital after E in a run of
more capitals (``EXP``), a capital with scripts (``E X_i``) and an E applied with brackets are other rules'.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from symdl.errors import Span
from symdl.read.extents import _skip_space
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node, is_group

if TYPE_CHECKING:
    from symdl.read.emit import Emitter
    from symdl.read.expr import ExprReader


def _letter(node: Node | None, upper: bool) -> bool:
    return isinstance(node, Token) and node.kind == "letter" and node.text.isupper() == upper and node.text != "E"


def _argument_end(nodes: list[Node], m: int) -> int | None:
    """The end of the variable ``X`` or the value ``f(X)`` at ``nodes[m]``, else None."""
    nxt = nodes[m + 1] if m + 1 < len(nodes) else None
    scripted = isinstance(nxt, Token) and (nxt.kind == "letter" or nxt.is_op("_", "^", "'"))
    if m < len(nodes) and _letter(nodes[m], upper=True) and not scripted and not is_group(nxt, "paren"):
        return m + 1  # EX
    if m < len(nodes) and _letter(nodes[m], upper=False) and is_group(nxt, "paren"):
        inner = [n for n in nxt.children if not (isinstance(n, Token) and n.kind == "space")]  # type: ignore[union-attr]
        if len(inner) == 1 and _letter(inner[0], upper=True):
            return m + 2  # Ef(X)
    return None


def bare_expectation(reader: ExprReader, nodes: list[Node], i: int, em: Emitter) -> int | None:
    """The expectation at ``nodes[i]`` (a plain E, see the module) of the variable after it, read as
    ``\\mathbb{E}[X]``; the index after it, or None when ``nodes[i]`` is no such E."""
    from symdl.read.probability import statistic  # here: probability reads through this package's readers

    k = i + 1
    if k + 1 < len(nodes) and isinstance(nodes[k], Token) and nodes[k].is_op("_"):  # E_p l(X)
        under = nodes[k + 1]
        if not (isinstance(under, Token) and under.kind == "letter" and under.text in "pq"):
            return None
        k += 2
    m = _skip_space(nodes, k)
    end = _argument_end(nodes, m)
    if end is None or (m > k and not nodes[m].span.start - nodes[k - 1].span.end <= 1):
        return None
    variable = nodes[end - 1] if end == m + 1 else nodes[m + 1].children[0]  # type: ignore[union-attr]
    if not re.search(rf"[A-Za-z]\s*\(\s*{variable.text}\s*[),;|]", reader.source):  # type: ignore[union-attr]
        return None  # X applied nowhere (f(X), p(X), H(X)): no random variable, E X may be a product
    span = Span(nodes[m].span.start, nodes[end - 1].span.end)
    group = Group(list(nodes[m:end]), span, "bracket")
    reader.add_note("expectation-letter", Span(nodes[i].span.start, span.end),
                    {"text": reader.source[nodes[i].span.start : span.end],
                     "value": reader.source[span.start : span.end]})
    return statistic(reader, [*nodes[:m], group, *nodes[end:]], i, i + 1, "mean", em) + (end - m - 1)
