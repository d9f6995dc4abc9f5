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
_BELOW = {
    "=",
    "<",
    ">",
    "\\le",
    "\\leq",
    "\\ge",
    "\\geq",
    "\\equiv",
    "\\approx",
    "\\simeq",
    "\\leftarrow",
    "\\gets",
    "\\sim",
    "\\propto",
    "\\triangleq",
    "\\doteq",
    "\\neq",
}


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


#: operators whose limits may be set under them: big operators, optima, limits, and the expectation
_LIMITED = {"\\sum", "\\prod", "\\min", "\\max", "\\sup", "\\inf", "\\lim", "\\argmin", "\\argmax", "\\arg"}
#: wrappers whose braced argument names an operator (``\mathbb{E}``, ``\operatorname{argmin}``, ``\mathop{\max}``)
_OPERATOR_WRAPPERS = {"\\mathbb", "\\mathrm", "\\operatorname", "\\mathop", "\\text", "\\mathcal", "\\mathbf"}
#: the names of operators an upright or blackboard wrapper may hold
_OPERATOR_WORDS = {"E", "argmin", "argmax", "min", "max", "sup", "inf", "lim", "\\max", "\\min"}


def underset_limits(nodes: list[Node]) -> tuple[list[Node], list[Span]]:
    r"""``nodes`` with every ``\underset{below}{op}`` over an operator (the WGAN-GP's
    ``\underset{\tilde{x}\sim\mathbb{P}_g}{\mathbb{E}}[D(\tilde{x})]``, ``\underset{\theta}{\operatorname{argmin}}``)
    as ``op_{below}``, TeX's limits of the operator, in groups too; and the spans of those rewritten.  Anything
    else set under something is left as written (refused by the command's name)."""
    out: list[Node] = []
    spans: list[Span] = []
    k = 0
    while k < len(nodes):
        n = nodes[k]
        if isinstance(n, Token) and n.is_cmd("\\underset") and k + 2 < len(nodes) and _operator(nodes[k + 2]):
            below, op = nodes[k + 1], nodes[k + 2]
            assert isinstance(below, Group) and isinstance(op, Group)
            spans.append(Span(n.span.start, op.span.end))
            first, *rest = strip_space(op.children)
            assert isinstance(first, Token)  # the operator's command or letter: spanned from \underset on
            out += [
                Token(first.kind, first.text, Span(n.span.start, first.span.end)),
                *rest,
                Token("op", "_", n.span),
                below,
            ]
            k += 3
            continue
        if isinstance(n, Group):
            inner, more = underset_limits(n.children)
            spans += more
            out.append(Group(inner, n.span, n.kind, n.open, n.close, n.name, n.left))
        else:
            out.append(n)
        k += 1
    return out, spans


def _operator(node: Node) -> bool:
    """Is ``node`` a braced operator that takes limits: ``{\\mathbb{E}}``, ``{\\max}``, ``{\\arg\\min}``, ``{E}``?"""
    if not is_group(node, "brace"):
        return False
    inner = [c for c in node.children if not (isinstance(c, Token) and c.kind == "space")]  # type: ignore[union-attr]
    if all(isinstance(c, Token) and c.kind == "cmd" and c.text in _LIMITED for c in inner) and 0 < len(inner) <= 2:
        return True
    if len(inner) == 1 and isinstance(inner[0], Token) and inner[0].kind == "letter":
        return inner[0].text == "E"
    if len(inner) != 2 or not (isinstance(inner[0], Token) and inner[0].text in _OPERATOR_WRAPPERS):
        return False
    word = inner[1]
    if not is_group(word, "brace"):
        return False
    text = "".join(c.text for c in word.children if isinstance(c, Token) and c.kind != "space")  # type: ignore[union-attr]
    return text in _OPERATOR_WORDS and all(isinstance(c, Token) for c in word.children)  # type: ignore[union-attr]
