r"""arg max as a value (issue 12, session 28): the index of the largest entry, to compare and to count.

- ``\operatorname{argmax}(\mathbf{z})``, ``\argmax(p(x))`` with no index under it, applied to one vector (a name, a
  vector expression, or the value of a function, as the Switch Transformer's load-balancing fraction
  ``f_i = \frac{1}{T}\sum_{x \in X} \mathbb{1}\{\operatorname{argmax}(p(x)) = i\}`` writes the router's choice):
  the index of its largest entry, read as a call of the known operator ``argmax``; the binder takes it over the
  entries (:mod:`symdl.bind.argvalue`), numbered from 1 as symdl numbers entries (noted ``argmax-value``).
- The word written in plain text, ``argmax_k p(y = k | x)`` (a classifier's decision rule pasted as Unicode): the
  operator ``\arg\max_k``, as ``\text{argmax}_k`` is.
- ``\arg\max_k p(y = k \mid x)``: the index enters the body through the event ``y = k`` of a probability (the
  ``event-name`` rule reads ``p(y = k | x)`` as ``p_k(x)``), so the operator runs over k as over a subscript: the
  predicted class, evaluated, not an objective over a variable.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from symdl.errors import Span
from symdl.read import calls
from symdl.read.constructs import _skip_space
from symdl.read.extents import THIN_SPACES, _term_end
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node, is_group, plain_text

if TYPE_CHECKING:
    from symdl.read.expr import Emitter, ExprReader

#: the words of the operators, written as plain letters
_WORDS = {"argmax": "\\argmax", "argmin": "\\argmin"}
#: the probability names whose event may carry an index (as symdl.read.evententry's)
_PROBABILITY = r"(?:p|P|q|Q|\\Pr)(?:_\{?\\?[A-Za-z]+\}?)?"


def word_operator(nodes: list[Node], i: int, j: int) -> list[Node] | None:
    """The letters ``argmax`` at ``nodes[i:j]`` followed by ``_`` or a parenthesis: the nodes with one ``\\argmax``
    token in their place; None for any other run of letters."""
    run = "".join(getattr(n, "text", "") for n in nodes[i:j])
    if run not in _WORDS or j >= len(nodes):
        return None
    nxt = nodes[j]
    if not (isinstance(nxt, Token) and nxt.is_op("_")) and not is_group(nxt, "paren"):
        return None
    from symdl.errors import Span

    token = Token("cmd", _WORDS[run], Span(nodes[i].span.start, nodes[j - 1].span.end))
    return [*nodes[:i], token, *nodes[j:]]


def value_call(reader: ExprReader, nodes: list[Node], i: int, j: int, em: Emitter) -> int | None:
    """``\\argmax(v)`` with no index under it, the operator at ``nodes[i]`` and its parenthesis at ``j``: the call
    of the known operator (``argmax``/``argmin``) on one argument; None when no parenthesis follows."""
    op = nodes[i]
    k = _skip_space(nodes, j)
    while k < len(nodes) and isinstance(nodes[k], Token) and nodes[k].text in THIN_SPACES:  # \text{argmax}\,p(x)
        k = _skip_space(nodes, k + 1)
    if (isinstance(op, Token) and op.text in _WORDS.values() and k + 1 < len(nodes) and isinstance(nodes[k], Token)
            and nodes[k].kind == "letter" and is_group(nodes[k + 1], "paren")
            and nodes[k].span.end == nodes[k + 1].span.start):  # the Switch Transformer's argmax p(x): of p(x)
        held = Group(nodes[k : k + 2], Span(nodes[k].span.start, nodes[k + 1].span.end), "paren")
        return calls.call(reader, [*nodes[:k], held, *nodes[k + 2 :]], i, k, em, known=op.text[1:]) + 1
    if not (isinstance(op, Token) and op.text in _WORDS.values()) or k >= len(nodes) or not is_group(nodes[k], "paren"):
        return None
    return calls.call(reader, nodes, i, k, em, known=op.text[1:])


def event_use(nodes: list[Node], name: str) -> bool:
    """Is ``name`` the value of an event inside a conditional probability in the first term of ``nodes``
    (``p(y = k \\mid x)``, ``P(Y = k | \\mathbf{x})``)?"""
    term = nodes[: _term_end(nodes, _skip_space(nodes, 0))]
    text = " ".join(plain_text([n]) for n in term)
    bar = r"(?:\||\\mid)"
    return re.search(rf"{_PROBABILITY}\s*\(\s*[A-Za-z]\s*=\s*{re.escape(name)}\s*{bar}", text) is not None
