r"""Probabilities written with square brackets, as learning-theory texts write them: Shalev-Shwartz & Ben-David's and
Hardt & Recht's ``\mathbb{P}[Y = 1 \mid X = x]``, ``\Pr[Y = 1]``, Mohri et al.'s ``p_{\mathbf{w}}[y \mid x]``.

A probability's name (``p``, ``P``, ``q``, ``Q``, ``\Pr``, ``\mathbb{P}``; a letter may carry a subscript, the
parameters ``p_{\mathbf{w}}``) right before square brackets that hold an event or a condition (an ``=``, a
comparison, a conditional bar) is applied to what the brackets hold, as ``P(Y = 1 \mid X = x)`` is: the brackets
become the call's parentheses and ``\mathbb{P}`` the letter P, before parentheses too (noted
``probability-bracket``), so the rules for
events and conditions read the rest.  A subscripted ``\mathbb{P}_r`` stays a distribution's name (the WGAN's), and
brackets holding no event (``P[x]``) are left to the square-bracket call rules.
"""

from __future__ import annotations

from dataclasses import replace

from symdl.errors import Note, Span
from symdl.read.lexer import Token
from symdl.read.notes import note, quote
from symdl.read.syntax import Group, Node, is_group, rewrite_nodes, strip_space

#: letters that name a probability
_LETTERS = frozenset({"p", "P", "q", "Q"})
#: what makes the brackets' content an event or a condition
_EVENT_OPS = frozenset({"=", "<", ">", "|"})
_EVENT_CMDS = frozenset({"\\mid", "\\vert", "\\le", "\\leq", "\\ge", "\\geq", "\\ne", "\\neq", "\\leqslant",
                         "\\geqslant", "\\in", "\\notin"})


def _blackboard_p(nodes: list[Node], k: int) -> bool:
    """Is ``nodes[k:k+2]`` ``\\mathbb{P}``?"""
    if not (isinstance(nodes[k], Token) and nodes[k].is_cmd("\\mathbb") and k + 1 < len(nodes)  # type: ignore[union-attr]
            and is_group(nodes[k + 1], "brace")):
        return False
    inner = strip_space(nodes[k + 1].children)  # type: ignore[union-attr]
    return len(inner) == 1 and isinstance(inner[0], Token) and inner[0].text == "P"


def _name_width(nodes: list[Node], k: int) -> int:
    """How many nodes the probability's name at ``nodes[k]`` takes with its subscript, or 0."""
    n = nodes[k]
    if _blackboard_p(nodes, k):
        return 2
    if not isinstance(n, Token) or not (n.is_cmd("\\Pr") or (n.kind == "letter" and n.text in _LETTERS)):
        return 0
    if n.kind == "letter" and k > 0 and isinstance(nodes[k - 1], Token) and nodes[k - 1].kind == "letter" and (
            nodes[k - 1].span.end == n.span.start):  # type: ignore[union-attr]
        return 0  # the p of a word (\text{top}[...]) is no probability
    if k + 2 < len(nodes) and isinstance(nodes[k + 1], Token) and nodes[k + 1].is_op("_"):  # type: ignore[union-attr]
        return 3  # p_{\mathbf{w}}[y \mid x]: the parameters' subscript (a group or one token)
    return 1


def _holds_event(group: Group) -> bool:
    """Do the brackets hold an event or a condition at their top level?"""
    return any(isinstance(c, Token) and (c.is_op(*_EVENT_OPS) or c.is_cmd(*_EVENT_CMDS)) for c in group.children)


def event_brackets(nodes: list[Node], source: str, notes: list[Note]) -> list[Node]:
    """``nodes`` with a probability's square brackets around an event as its call's parentheses (see the module);
    in groups too."""
    return rewrite_nodes(nodes, lambda ns, k, out: _event_bracket(ns, k, out, source, notes))


def _event_bracket(nodes: list[Node], k: int, out: list[Node], source: str, notes: list[Note]) -> int | None:
    """The probability applied to brackets at ``nodes[k]`` onto ``out``; the index after them, else None."""
    width = _name_width(nodes, k)
    after = k + width
    group = nodes[after] if width and after < len(nodes) else None
    if not (isinstance(group, Group) and (group.kind == "bracket" or (width == 2 and group.kind == "paren"))
            and _holds_event(group)):  # \mathbb{P}(Y = 1) too: the letter P
        return None
    n = nodes[k]
    span = Span(n.span.start, group.span.end)
    notes.append(note("probability-bracket", span, {"text": quote(source[span.start : span.end])}))
    if width == 2:  # \mathbb{P}: the letter P
        out.append(Token("letter", "P", Span(n.span.start, nodes[k + 1].span.end)))
    else:
        out.extend(nodes[k:after])
    out.append(replace(group, kind="paren", children=event_brackets(group.children, source, notes)))
    return after + 1
