r"""A relation with a word set over it, ``\stackrel{\text{def}}{=}``, ``\overset{\mathrm{def}}{=}``,
``\stackrel{\Delta}{=}`` (d2l's attention pooling ``\textrm{Attention}(\mathbf{q}, \mathcal{D})
\stackrel{\textrm{def}}{=} \sum_i \dots``): the relation below, as written without the word.

The word says why the relation holds (a definition, an assumption); it does not change what is related.  Only a
relation below is read so: ``\overset{!}{=}`` is ``=``, ``\stackrel{?}{\le}`` is ``\le``; anything else stacked
(``\overset{\sim}{x}``) is left as written, for the reader to refuse by name.
"""

from __future__ import annotations

from symdl.errors import Span
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node, is_group, strip_space

#: the commands that set their first argument over their second
STACKING = ("\\stackrel", "\\overset")
#: relations a word may be stacked over
_BELOW = {"=", "<", ">", "\\le", "\\leq", "\\ge", "\\geq", "\\equiv", "\\approx", "\\simeq", "\\leftarrow", "\\gets"}


def stacked_relations(nodes: list[Node]) -> list[Node]:
    """``nodes`` with every ``\\stackrel{word}{rel}`` (and ``\\overset``) replaced by the relation ``rel``, spanning
    the whole construct, in groups too."""
    out: list[Node] = []
    k = 0
    while k < len(nodes):
        n = nodes[k]
        below = _below(nodes, k)
        if below is not None:
            out.append(Token(below.kind, below.text, Span(n.span.start, nodes[k + 2].span.end)))
            k += 3
            continue
        if isinstance(n, Group):
            out.append(Group(stacked_relations(n.children), n.span, n.kind, n.open, n.close, n.name, n.left))
        else:
            out.append(n)
        k += 1
    return out


def _below(nodes: list[Node], k: int) -> Token | None:
    """The relation under the stacking command at ``nodes[k]``, or None when there is none."""
    n = nodes[k]
    if not (isinstance(n, Token) and n.is_cmd(*STACKING) and k + 2 < len(nodes)):
        return None
    over, under = nodes[k + 1], nodes[k + 2]
    if not (is_group(over, "brace") and is_group(under, "brace")):
        return None
    inner = strip_space(under.children)  # type: ignore[union-attr]
    if len(inner) == 1 and isinstance(inner[0], Token) and inner[0].text in _BELOW and inner[0].kind != "letter":
        return inner[0]
    return None
