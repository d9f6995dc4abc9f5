r"""A definition written with a spaced dash, as operator specifications list them: the OpenVINO and ONNX docs'
``HardSigmoid(x) - min(max(alpha*x + beta, 0), 1)``, ``ScaledTanh(x) - alpha*Tanh(beta*x)``: the name and its
definition, ``HardSigmoid(x) = ...`` (noted ``dash-definition``), never the difference of the two; a rest that is one
call (``KlDiv(p) - H(p)``) stays a difference.

A statement with no relation that starts with a word of two capitals or more in camel case (``HardSigmoid``) applied
to plain arguments, then `` - `` with a space on each side, and whose rest uses an argument, reads so.
"""

from __future__ import annotations

import re

from symdl.errors import Note, Span
from symdl.read.lexer import Token
from symdl.read.notes import note, quote
from symdl.read.syntax import Group, Node, plain_text, strip_space


def _camel_call(nodes: list[Node]) -> tuple[int, list[str]] | None:
    """The index after ``CamelCase(args)`` at the start of ``nodes`` and its argument letters, or None."""
    k = 0
    while k < len(nodes) and isinstance(nodes[k], Token) and nodes[k].kind == "letter" and (  # type: ignore[union-attr]
            k == 0 or nodes[k].span.start == nodes[k - 1].span.end):
        k += 1
    word = "".join(n.text for n in nodes[:k])  # type: ignore[union-attr]
    if not re.fullmatch(r"[A-Z][a-z]+(?:[A-Z][a-z0-9]*)+", word) or k >= len(nodes):
        return None
    group = nodes[k]
    if not (isinstance(group, Group) and group.kind == "paren"):
        return None
    args = [a.strip() for a in plain_text(group.children).split(",")]
    return (k + 1, args) if all(re.fullmatch(r"[A-Za-z]\w*", a) for a in args) else None


def _one_call(nodes: list[Node]) -> bool:
    """Is the rest one call of a capitalised name and nothing else (``KlDiv(p) - H(p)``: a difference of two functions'
    values; ``min(...)`` is a definition's formula)?"""
    rest = strip_space(nodes)
    return len(rest) >= 2 and isinstance(rest[-1], Group) and rest[-1].kind == "paren" and all(
        isinstance(n, Token) and n.kind == "letter" for n in rest[:-1]) and rest[0].text[:1].isupper()  # type: ignore[union-attr]


def dash_definitions(parts: list[list[Node]], source: str, notes: list[Note]) -> list[list[Node]]:
    """Each part that is such a definition with its dash as ``=`` (see the module); the others as they were."""
    from symdl.read.statements import relation_positions  # statements reads what this module makes

    out: list[list[Node]] = []
    for part in parts:
        nodes = strip_space(part)
        call = _camel_call(nodes) if nodes and not relation_positions(nodes)[0] else None
        k = call[0] if call else 0
        dash = k + 1 if call and k + 2 < len(nodes) and isinstance(nodes[k], Token) and nodes[k].kind == "space" else -1
        if dash > 0 and isinstance(nodes[dash], Token) and nodes[dash].is_op("-") and isinstance(  # type: ignore[union-attr]
                nodes[dash + 1], Token) and nodes[dash + 1].kind == "space" and call and any(  # type: ignore[union-attr]
                re.search(rf"(?<![A-Za-z_]){re.escape(a)}(?![A-Za-z_])", plain_text(nodes[dash + 1 :]))
                for a in call[1]) and not _one_call(nodes[dash + 1 :]):
            at = nodes[dash].span
            notes.append(note("dash-definition", Span(nodes[0].span.start, at.end),
                              {"name": quote(source[nodes[0].span.start : nodes[k - 1].span.end])}))
            nodes = [*nodes[:dash], Token("op", "=", at), *nodes[dash + 1 :]]
            out.append(nodes)
            continue
        out.append(part)
    return out
