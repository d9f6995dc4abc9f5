r"""An author's brace label around a part that is no value on its own: dropped, the part read in place.

``\underbrace{x}_{\text{label}}`` names a part of a formula (rule ``label``), which symdl reads as a value of its own.
Papers also brace a part that is no value: Grad-CAM's ``\alpha_k^c = \overbrace{\frac{1}{Z}\sum_i\sum_j}^{\text{global
average pooling}} \frac{\partial y^c}{\partial A_{ij}^k}`` braces the operators whose summand follows the brace, and
its ``ReLU \underbrace{\left(\sum_k \alpha_k^c A^k\right)}_{\text{linear combination}}`` braces the argument of a call.
Read as a value, the first was a sum of nothing and the second a function with no argument.  Here the brace and its
label are dropped and the part read where it stands (noted ``label-in-place``).
"""

from __future__ import annotations

import dataclasses
import re
from typing import TYPE_CHECKING

from symdl.errors import Span
from symdl.read.atoms import _arg
from symdl.read.extents import _skip_space
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node, is_group, plain_text, strip_space

if TYPE_CHECKING:
    from symdl.read.expr import ExprReader

#: operators only: fractions of numbers or names, sums and products with their scripts, nothing summed
_OPERATORS_ONLY = re.compile(r"^(?:\s|\\[td]?frac\s*\{[^{}]*\}\s*\{[^{}]*\}"
                             r"|\\(?:sum|prod|int)(?:\s*[_^]\s*(?:\{[^{}]*\}|\\?[A-Za-z0-9]))*)+$")


def _call_argument(before: Node | None, body: list[Node]) -> bool:
    """Is ``body`` one parenthesis right after a name (``ReLU \\underbrace{(...)}_{...}``): a call's argument?"""
    one = len(body) == 1 and is_group(body[0], "paren", "delim")
    named = (isinstance(before, Token) and before.kind in ("letter", "cmd")) or is_group(before, "brace")
    return one and named


def in_place(reader: ExprReader, nodes: list[Node]) -> list[Node]:
    """``nodes`` with each brace label around operators alone, or around a call's argument, dropped (module doc)."""
    if not any(isinstance(n, Token) and n.is_cmd("\\underbrace", "\\overbrace") for n in nodes):
        return nodes
    out: list[Node] = []
    k = 0
    while k < len(nodes):
        n = nodes[k]
        if not (isinstance(n, Token) and n.is_cmd("\\underbrace", "\\overbrace") and k + 1 < len(nodes)
                and is_group(nodes[k + 1], "brace")):
            out.append(n)
            k += 1
            continue
        body = strip_space(nodes[k + 1].children)  # type: ignore[union-attr]
        before = next((m for m in reversed(out) if not (isinstance(m, Token) and m.kind == "space")), None)
        if not body or not (_OPERATORS_ONLY.match(plain_text(body)) or _call_argument(before, body)):
            out.append(n)
            k += 1
            continue
        end = k + 2
        j = _skip_space(nodes, end)
        if j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].is_op("_", "^") and j + 1 < len(nodes):
            _, end, _ = _arg(nodes, j + 1, reader.source, "label")
        span = Span(n.span.start, nodes[end - 1].span.end)
        reader.add_note("label-in-place", span, {"text": reader.source[span.start : span.end][:80]})
        out.extend(body)
        k = end
    return out


def code_not(reader: ExprReader, nodes: list[Node]) -> list[Node]:
    """Code's logical ``not`` before a flag, in a text box (the Gymnasium tutorial's ``(\\text{not } terminated) \\cdot
    \\max_a Q(s', a)``): ``1 - terminated`` for a flag of 0 and 1, as RL code writes ``(1 - done)`` (noted
    ``code-not``), not a name "not" times it."""
    out: list[Node] = []
    k = 0
    while k < len(nodes):
        n = nodes[k]
        if isinstance(n, Group) and n.kind in ("paren", "bracket", "delim"):  # (\text{not } terminated)
            out.append(dataclasses.replace(n, children=code_not(reader, n.children)))
            k += 1
            continue
        if not (isinstance(n, Token) and n.is_cmd("\\text", "\\textrm", "\\mathrm", "\\texttt") and k + 1 < len(nodes)
                and is_group(nodes[k + 1], "brace") and plain_text(nodes[k + 1].children).strip() == "not"):  # type: ignore[union-attr]
            out.append(n)
            k += 1
            continue
        j = _skip_space(nodes, k + 2)
        end = j
        while end < len(nodes) and isinstance(nodes[end], Token) and (
                nodes[end].kind in ("letter", "number") or nodes[end].is_cmd("\\_")):  # type: ignore[union-attr]
            end += 1
        if end == j:
            out.append(n)
            k += 1
            continue
        span = Span(n.span.start, nodes[end - 1].span.end)
        reader.add_note("code-not", span, {"text": reader.source[span.start : span.end],
                                           "flag": reader.source[nodes[j].span.start : nodes[end - 1].span.end]})
        out.append(Group([Token("number", "1", n.span), Token("op", "-", n.span), *nodes[j:end]], span, "paren"))
        k = end
    return out


def empty_value(reader: ExprReader, nodes: list[Node]) -> list[Node]:
    """``\\emptyset`` (``\\varnothing``) alone as a value, an argument or an index: classifier-free guidance's null
    condition ``\\epsilon_\\theta(x_t, \\emptyset)``, CTC's blank ``p[\\emptyset]``: a value of its own, named
    ``emptyset`` (noted ``empty-value``), not the empty set of set notation (refused elsewhere)."""
    if not (len(nodes) == 1 and isinstance(nodes[0], Token) and nodes[0].is_cmd("\\emptyset", "\\varnothing")):
        return nodes
    at = nodes[0].span
    reader.add_note("empty-value", at, {"text": reader.source[at.start : at.end]})
    return [Token("cmd", "\\mathrm", at), Group([Token("letter", c, at) for c in "emptyset"], at, "brace")]

