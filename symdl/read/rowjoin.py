r"""A row of an aligned block that carries on the row before it (the PyTorch docs' MaxPool2d:
``out(N_i, C_j, h, w) ={} & \max_{m=0, \ldots, kH-1} \max_{n=0, \ldots, kW-1} \\ & \text{input}(N_i, ...)``).

A long formula broken over rows continues when the row before is unfinished: it ends with a binary operator
(``+``, ``-``, ``\cdot``, ``\times``) or with a big operator and its limits and no body (``\max_{m}``,
``\sum_{i=1}^{n}``); or when the next row opens with ``+``, ``\cdot`` or ``\times`` (a leading ``-`` may negate
a statement of its own).  Then the line break is not a statement's end.  A row that opens with ``=`` after a row
with a relation is the next step of a derivation (``FL(y) &= -\alpha_t (1 - p_t)^\gamma \log p_t \\ &= \dots``):
the chain ``y = a = b``, read by the chain rule (``chain-value``).  Any other row with a relation of its own is
always a statement.  The empty group of ``={}`` (TeX's spacing for a relation at a row's end) is dropped.
"""

from __future__ import annotations

import itertools
from dataclasses import replace

from symdl.errors import Note
from symdl.read.lexer import Token
from symdl.read.notes import note, quote
from symdl.read.syntax import Group, Node, is_group

#: operators that end an unfinished row, or open a row that carries on
_TRAILING = {"+", "-", "\\cdot", "\\times", "\\odot"}
_LEADING = {"+", "\\cdot", "\\times", "\\odot"}
_BIG = {"\\max", "\\min", "\\sum", "\\prod"}


def continues_row(before: list[Node], after: list[Node]) -> bool:
    """Does the row in ``after`` (up to the next ``\\\\``) carry on the statement ``before`` ends with?"""
    from symdl.read.statements import relation_positions  # it splits rows with this module

    prev = _bare(before)
    row = _bare(_until_break(after))
    if not prev or not row:
        return False
    if isinstance(row[0], Token) and row[0].text == "=" and relation_positions(prev)[1] != "none":
        return True  # an aligned derivation's next step: y &= a + b \\ &= c is the chain y = a + b = c
    if relation_positions(row)[1] != "none":
        return False
    first = row[0]
    if isinstance(first, Token) and first.text in _LEADING and first.kind != "letter":
        return True
    last = prev[-1]
    if isinstance(last, Token) and last.text in _TRAILING and last.kind != "letter":
        return True
    return _ends_with_big_operator(prev)


def _ends_with_big_operator(prev: list[Node]) -> bool:
    """Does ``prev`` end with ``\\max_{...}`` (``\\sum_{...}^{...}``): a big operator, its limits and no body?"""
    k = len(prev)
    while k >= 2 and isinstance(prev[k - 2], Token) and prev[k - 2].is_op("_", "^"):  # type: ignore[union-attr]
        k -= 2
    if k >= 1 and k < len(prev) and isinstance(prev[k - 1], Token) and prev[k - 1].text in _BIG:  # type: ignore[union-attr]
        return all(is_group(n, "brace") or isinstance(n, Token) for n in prev[k:])
    return False


def _until_break(nodes: list[Node]) -> list[Node]:
    for k, n in enumerate(nodes):
        if isinstance(n, Token) and n.is_cmd("\\\\"):
            return nodes[:k]
    return nodes


#: commands that only space a row (``& \\hspace{11mm} + ...``: Dozat's NAdam, aligned by hand), and their arguments
_SPACING = {"\\hspace", "\\vspace", "\\quad", "\\qquad", "\\,", "\\;", "\\:", "\\!", "\\ "}


def _bare(nodes: list[Node]) -> list[Node]:
    """The nodes without spaces, spacing commands (and a ``\\hspace`` length), alignment marks, and the length a
    row break may carry (``\\\\[-1.ex]``)."""
    out: list[Node] = []
    for k, n in enumerate(nodes):
        prev = nodes[k - 1] if k > 0 else None
        if isinstance(n, Token) and (n.kind in ("space", "newline") or n.is_op("&") or n.is_cmd(*_SPACING)):
            continue
        if is_group(n, "brace") and isinstance(prev, Token) and prev.is_cmd("\\hspace", "\\vspace"):
            continue
        if is_group(n, "bracket") and not out and _length(n):
            continue
        out.append(n)
    return out


def _length(n: Node) -> bool:
    """Is ``n`` a bracketed TeX length (``[-1.ex]``, ``[2pt]``)?"""
    text = "".join(c.text for c in n.children if isinstance(c, Token)) if isinstance(n, Group) else ""
    return bool(text) and text.rstrip(".").lstrip("-+").replace(".", "").rstrip("exmptcin").isdigit() and any(
        text.endswith(u) or text.endswith(u + ".") for u in ("ex", "em", "pt", "mm", "cm", "in"))


def drop_spacing_groups(nodes: list[Node]) -> list[Node]:
    """``={} & \\max ...``: an empty brace group beside a relation is TeX's spacing in an aligned row (it makes the
    relation binary), not a value; dropped, in groups too."""
    out: list[Node] = []
    for k, n in enumerate(nodes):
        if is_group(n, "brace") and not n.children and _beside_relation(nodes, k):  # type: ignore[union-attr]
            continue
        if isinstance(n, Group):
            n = replace(n, children=drop_spacing_groups(n.children))
        out.append(n)
    return out


def _beside_relation(nodes: list[Node], k: int) -> bool:
    near = [nodes[j] for j in (k - 1, k + 1) if 0 <= j < len(nodes)]
    return any(isinstance(n, Token) and n.kind != "letter" and n.text in _RELATIONS for n in near)


_RELATIONS = {"=", "<", ">", "\\le", "\\leq", "\\ge", "\\geq", "\\approx", "\\equiv", "\\leftarrow", "\\gets"}


def _aligned(row: list[Node]) -> bool:
    """Does ``row`` hold an alignment mark right before a relation (``&=``, ``& \\leftarrow``)?"""
    bare = [n for n in row if not (isinstance(n, Token) and n.kind in ("space", "newline"))]
    return any(isinstance(a, Token) and a.is_op("&") and isinstance(b, Token) and b.kind != "letter"
               and b.text in _RELATIONS for a, b in itertools.pairwise(bare))


def lost_row_breaks(nodes: list[Node], notes: list[Note]) -> list[Node]:
    r"""``i_t &= \dots \ f_t &= \dots``: a control space ``\ `` between two aligned rows (each with its ``&=``) is a
    line break that lost a backslash (Markdown turns ``\\`` into ``\``), read as ``\\``, noted ``lost-row-break``."""
    out: list[Node] = []
    for k, n in enumerate(nodes):
        if isinstance(n, Token) and n.is_cmd("\\ ") and _aligned(_since_break(out)) and _aligned(
                _until_break(nodes[k + 1 :])):
            notes.append(note("lost-row-break", n.span, {"text": quote(n.text)}))
            out.append(Token("cmd", "\\\\", n.span))
            continue
        out.append(n)
    return out


def _since_break(nodes: list[Node]) -> list[Node]:
    for k in range(len(nodes) - 1, -1, -1):
        if isinstance(nodes[k], Token) and nodes[k].is_cmd("\\\\"):  # type: ignore[union-attr]
            return nodes[k + 1 :]
    return nodes
