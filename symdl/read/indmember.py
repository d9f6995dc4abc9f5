"""Indicators of membership and of several conditions, rewritten to what :func:`symdl.read.environments.indicator`
already reads.

- ``\\mathbb{1}(i \\in S)``, ``\\mathbb{1}[r_i \\in R]`` (Recall@K, a mask over a set of indices), ``\\mathbb{1}_{v \\in
  \\mathcal{N}(u)}``: the membership of a value in a named set is the entry at that value of a 0/1 array named after
  the set (1 where the value is a member): ``S_i``, ``R_{r_i}``, the adjacency ``\\mathcal{N}_{uv}`` (noted
  ``indicator-membership``);
- Szepesvári's ``\\mathbb{I}_{\\{x = X_t, a = A_t\\}}``, ``\\mathbb{1}[y = k \\wedge m > 0]``: conditions joined by a
  comma or a logical and all hold, the product of one indicator per condition.
"""

from __future__ import annotations

from symdl.errors import Span
from symdl.read.constructs import split_top
from symdl.read.lexer import Token
from symdl.read.setsums import _FAMILY_SET, SET_NAME
from symdl.read.syntax import Group, Node, is_group, plain_text, strip_space

_AND = ("\\wedge", "\\land")


def membership(cond: list[Node]) -> tuple[list[Node], str] | None:
    """``value \\in Set`` as the nodes of the set's 0/1 entry at the value (``S_{value}``), with the set as written;
    None for any other condition (a set that is no name, an interval, two ``\\in``)."""
    cond = strip_space(cond)
    at = [k for k, n in enumerate(cond) if isinstance(n, Token) and n.is_cmd("\\in")]
    if len(at) != 1:
        return None
    value, members = strip_space(cond[: at[0]]), strip_space(cond[at[0] + 1 :])
    if not value or not members or any(isinstance(n, Token) and n.kind == "op" and n.text in "=<>" for n in value):
        return None
    span = Span(value[0].span.start, members[-1].span.end)
    spelling = plain_text(members).replace(" ", "")
    if SET_NAME.match(spelling) and "_" not in spelling:  # Recall@K's \mathbb{1}[r_i \in R]: the mask R at r_i
        at = Span(members[0].span.start, members[-1].span.end)  # the entry is spelt where the set is written
        return [*members, Token("op", "_", at), Group(list(value), at, "brace")], spelling
    centre = members[-1]
    name = strip_space(members[:-1])
    inner = strip_space(centre.children) if is_group(centre, "paren") else []  # type: ignore[union-attr]
    if (len(inner) == 1 and isinstance(inner[0], Token) and inner[0].kind == "letter" and name
            and _FAMILY_SET.match(plain_text(name).replace(" ", "")) and len(value) == 1
            and isinstance(value[0], Token) and value[0].kind == "letter"):  # \mathbb{1}_{v \in \mathcal{N}(u)}
        pair = Group([inner[0], value[0]], span, "brace")
        return [*name, Token("op", "_", span), pair], plain_text(members).strip()
    return None


def conjunction(cond: list[Node]) -> list[list[Node]]:
    """The conditions of ``a = b, c = d`` or ``a = b \\wedge c = d``, each stripped; one part when there is none to
    split (the caller reads a lone condition as before)."""
    parts = [strip_space(p) for p in split_top(strip_space(cond), ",")]
    out: list[list[Node]] = []
    for part in parts:
        piece: list[Node] = []
        for n in part:
            if isinstance(n, Token) and n.is_cmd(*_AND):
                out.append(strip_space(piece))
                piece = []
            else:
                piece.append(n)
        out.append(strip_space(piece))
    return out if all(out) else [strip_space(cond)]
