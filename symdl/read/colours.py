"""Colour in a formula (lecture slides and blog posts colour the terms they explain): ``\\color{red}{x}``,
``{\\color{red} x}``, ``\\textcolor{blue}{W x}``.  A colour changes how a term looks, never what it means, so the
colour command and its colour name are dropped and what it colours is read as written (``\\textcolor{c}{x}`` as
``{x}``).
"""

from __future__ import annotations

from dataclasses import replace

from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node, is_group

#: colour commands and how many braced arguments they take before what they colour is read as written
COLOUR_COMMANDS = {"\\color": 1, "\\textcolor": 1, "\\colorbox": 1}


def _colour_end(nodes: list[Node], k: int) -> int:
    """The index after the colour command at ``nodes[k]`` and its colour name (``k`` when there is none)."""
    n = nodes[k]
    if not (isinstance(n, Token) and n.kind == "cmd" and n.text in COLOUR_COMMANDS):
        return k
    j = k + 1
    while j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].kind == "space":  # type: ignore[union-attr]
        j += 1
    return j + 1 if j < len(nodes) and is_group(nodes[j], "brace") else k


def drop_colours(nodes: list[Node]) -> list[Node]:
    """``nodes`` without their colour commands and colour names, in groups too."""
    out: list[Node] = []
    k = 0
    while k < len(nodes):
        if (end := _colour_end(nodes, k)) > k:
            k = end
            continue
        n = nodes[k]
        out.append(replace(n, children=drop_colours(n.children)) if isinstance(n, Group) else n)
        k += 1
    return out
