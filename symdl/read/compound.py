"""Code-style compound assignment written as math: cs231n's Nesterov step ``x \\mathrel{+}= -\\mu v_{prev} + ...``,
``x += \\Delta x``, ``w -= \\eta g``: the update ``x \\gets x + (...)``.  In a code paste of several lines, a
line that starts with ``name op=`` is a statement of its own (:func:`compound_at`, asked where lines split)."""

from __future__ import annotations

from symdl.errors import Note, Span
from symdl.read.lexer import Token
from symdl.read.notes import note, quote
from symdl.read.syntax import Group, Node, is_group, seq_span, strip_space

#: the operators a compound assignment may carry (``+=``, ``-=``, ``*=``, ``/=``: cs231n's dscores /= num_examples)
_OPS = {"+": "+", "-": "-", "*": "\\cdot", "/": "/"}


def compound_update(nodes: list[Node], source: str) -> tuple[list[Node], Note | None]:
    """``x += e`` (or ``x \\mathrel{+}= e``) as ``x \\gets x + (e)``, with its note; other statements unchanged.

    The operator must stand right before the statement's only top-level ``=``, after a left side of its own."""
    eqs = [k for k, n in enumerate(nodes) if isinstance(n, Token) and n.is_op("=")]
    if len(eqs) != 1:
        return nodes, None
    k = eqs[0]
    op, start = _operator_before(nodes, k)
    if op is None:
        return nodes, None
    lhs, rhs = strip_space(nodes[:start]), strip_space(nodes[k + 1 :])
    if not lhs or not rhs or any(isinstance(n, Token) and n.kind == "op" and n.text in "+-*/=" for n in lhs):
        return nodes, None
    eq = nodes[k]
    assert isinstance(eq, Token)
    span = Span(nodes[start].span.start, eq.span.end)
    rhs_span = seq_span(rhs, eq.span)
    new = [*lhs, Token("cmd", "\\gets", span), *lhs, Token("op", op, span) if op != "\\cdot" else
           Token("cmd", op, span), Group(rhs, rhs_span, "paren")]
    lhs_span = seq_span(lhs, span)
    return new, note("compound-assignment", span, {
        "target": quote(source[lhs_span.start : lhs_span.end]), "op": "*" if op == "\\cdot" else op,
        "value": quote(source[rhs_span.start : rhs_span.end])})


def compound_at(nodes: list[Node], k: int) -> bool:
    """Is ``nodes[k]`` the operator of a code compound assignment, ``+=`` written together (not a superscript's
    ``^+ =``)?"""
    n, eq = nodes[k], nodes[k + 1] if k + 1 < len(nodes) else None
    return (
        isinstance(n, Token) and n.kind == "op" and n.text in _OPS and isinstance(eq, Token) and eq.is_op("=")
        and n.span.end == eq.span.start and k > 0 and not (isinstance(nodes[k - 1], Token)
                                                           and nodes[k - 1].text in ("^", "_"))
    )


def _operator_before(nodes: list[Node], k: int) -> tuple[str | None, int]:
    """The operator of ``+=`` / ``\\mathrel{+}=`` ending at the ``=`` at ``k``, and where it starts."""
    j = k - 1
    while j >= 0 and isinstance(nodes[j], Token) and nodes[j].kind == "space":  # type: ignore[union-attr]
        j -= 1
    if j < 1:
        return None, k
    n = nodes[j]
    if isinstance(n, Token) and n.kind == "op" and n.text in _OPS:
        before = nodes[j - 1]
        if isinstance(before, Token) and before.text in ("^", "_"):  # \theta^* = ...: a superscript, not *=
            return None, k
        return _OPS[n.text], j
    if (is_group(n, "brace") and j >= 2 and isinstance(nodes[j - 1], Token)
            and nodes[j - 1].is_cmd("\\mathrel", "\\mathbin")):  # type: ignore[union-attr]
        inner = [c for c in n.children if not (isinstance(c, Token) and c.kind == "space")]  # type: ignore[union-attr]
        if len(inner) == 1 and isinstance(inner[0], Token) and inner[0].text in _OPS:
            return _OPS[inner[0].text], j - 1
    return None, k
