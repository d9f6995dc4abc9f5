"""Code-style powers: ``decay_rate ^ (step / decay_steps)`` (the Keras docs' ExponentialDecay) in a formula written
as code is the power of the parenthesis.

TeX's ``^`` takes one character or a braced group, so ``^ (`` was refused; in a code-like formula (snake_case words,
``*`` beside a word: :func:`symdl.read.words.code_formula`) the parenthesis after ``^`` is the exponent, as in the
pseudo-code of the Keras and TensorFlow docs.  Noted (``code-power``): in Python itself ``^`` is XOR and ``**`` the
power.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from symdl.errors import Span
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node, is_group
from symdl.read.words import code_formula

if TYPE_CHECKING:
    from symdl.read.expr import ExprReader


def code_powers(reader: ExprReader, nodes: list[Node]) -> list[Node]:
    """Brace the parenthesis, or the call, after each ``^`` of a code-like formula (``x ^ (a / b)`` as
    ``x^{(a / b)}``, ``x ^ floor(a / b)`` as ``x^{floor(a / b)}``), noted."""
    if not code_formula(reader.source):
        return nodes
    out: list[Node] = []
    k = 0
    while k < len(nodes):
        n = nodes[k]
        out.append(n)
        k += 1
        if not (isinstance(n, Token) and n.is_op("^")):
            continue
        while k < len(nodes) and isinstance(nodes[k], Token) and nodes[k].kind == "space":  # type: ignore[union-attr]
            k += 1
        word = k
        while word < len(nodes) and isinstance(nodes[word], Token) and nodes[word].kind == "letter":  # type: ignore[union-attr]
            word += 1  # the staircase's decay_rate ^ floor(step / decay_steps): a call as the exponent
        if word < len(nodes) and is_group(nodes[word], "paren"):
            paren = nodes[word]
            inside = paren.children if word == k else nodes[k : word + 1]  # type: ignore[union-attr]
            out.append(Group(inside, Span(nodes[k].span.start, paren.span.end), "brace"))  # ^ (power): no x^{(i)}
            reader.add_note("code-power", Span(n.span.start, paren.span.end),
                            {"exponent": reader.source[nodes[k].span.start : paren.span.end]})
            k = word + 1
    return out
