r"""A font command around a function's command: DyNet's docs write ``{\mathbf \tanh}(\mathbf W_c * \mathbf x_t +
\dots)`` and ``\mathbf{\tanh}``: bold type on ``\tanh`` (``\exp``, ``\log``, ...) is typography, the function
itself (before: refused, "'\tanh' cannot start a name")."""

from __future__ import annotations

from dataclasses import replace

from symdl.read.commands import BOLD
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node, strip_space

#: the functions' commands a font may wrap
_FUNCTIONS = frozenset({"\\tanh", "\\exp", "\\log", "\\ln", "\\sin", "\\cos", "\\sinh", "\\cosh", "\\max", "\\min"})


def unfont_functions(nodes: list[Node]) -> list[Node]:
    """``nodes`` (and their groups) with each font command that wraps a function's command dropped."""
    out: list[Node] = []
    k = 0
    while k < len(nodes):
        n = nodes[k]
        if isinstance(n, Group):
            children = unfont_functions(n.children)
            alone = strip_space(children) if n.kind == "brace" else []
            if len(alone) == 1 and isinstance(alone[0], Token) and alone[0].text in _FUNCTIONS and alone != strip_space(
                    n.children):  # {\mathbf \tanh}: the function, out of the braces the font needed
                out.append(alone[0])
            else:
                out.append(replace(n, children=children))
            k += 1
            continue
        if isinstance(n, Token) and n.kind == "cmd" and n.text[1:] in BOLD and k + 1 < len(nodes):
            j = k + 1
            while j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].kind == "space":
                j += 1
            arg = nodes[j] if j < len(nodes) else None
            inner = strip_space(arg.children) if isinstance(arg, Group) and arg.kind == "brace" else [arg]
            if len(inner) == 1 and isinstance(inner[0], Token) and inner[0].text in _FUNCTIONS:
                out.append(inner[0])  # {\mathbf \tanh}: \tanh
                k = j + 1
                continue
        out.append(n)
        k += 1
    return out
