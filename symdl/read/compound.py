"""Code-style compound assignment written as math: cs231n's Nesterov step ``x \\mathrel{+}= -\\mu v_{prev} + ...``,
``x += \\Delta x``, ``w -= \\eta g``: the update ``x \\gets x + (...)``.  In a code paste of several lines, a
line that starts with ``name op=`` is a statement of its own (:func:`compound_at`, asked where lines split)."""

from __future__ import annotations

import re

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


#: in-place methods that update the value they are called on (PyTorch's optimisers: exp_avg.mul_(beta1))
_INPLACE = frozenset({"mul_", "add_", "sub_", "div_", "addcmul_", "addcdiv_", "lerp_"})


def inplace_update(nodes: list[Node], source: str) -> tuple[list[Node], Note | None]:
    """Code's in-place method chain as a statement, ``exp_avg.mul_(beta1).add_(grad, alpha=1 - beta1)`` (a mean
    teacher's ``ema_param.data.mul_(alpha).add_(1 - alpha, param.data)``), as the update ``exp_avg \\gets`` the chain
    (noted ``code-inplace``); other statements unchanged.  Only a chain with no ``=``, starting at a name."""
    if not nodes or any(isinstance(n, Token) and (n.is_op("=") or n.is_cmd("\\gets", "\\leftarrow")) for n in nodes):
        return nodes, None
    span = seq_span(strip_space(nodes), nodes[0].span)
    m = _INPLACE_CHAIN.match(source, span.start, span.end)
    if m is None:
        return nodes, None
    start = m.start(1)
    name = [Token("letter" if c.isalpha() else "number" if c.isdigit() else "op", c, Span(start + i, start + i + 1))
            for i, c in enumerate(m.group(1))]
    arrow = Token("cmd", "\\gets", Span(span.start, span.start))
    return [*name, arrow, *nodes], note("code-inplace", span, {"text": quote(source[span.start : span.end]),
                                                               "target": m.group(1), "method": m.group(2)})


#: a statement that starts with a name (maybe its .data) and an in-place method called on it
_INPLACE_CHAIN = re.compile(r"\s*([A-Za-z][A-Za-z0-9_]*)(?:\.data)?\.(mul_|add_|sub_|div_|addcmul_|addcdiv_|lerp_)\(")


#: words a box gives a quantity's new and old values (Rashid's \text{new } w_{jk} = \text{old } w_{jk} - ...)
_NEW_WORDS, _OLD_WORDS = frozenset({"new", "updated", "next"}), frozenset({"old", "current", "previous"})


def new_old_update(nodes: list[Node], source: str) -> tuple[list[Node], Note | None]:
    """Rashid's ``\\text{new } w_{jk} = \\text{old } w_{jk} - \\alpha \\frac{\\partial E}{\\partial w_{jk}}``: a box
    saying "new" before the left side's name and "old" before the same name on the right is an update of that name,
    the words left out (noted ``new-old-update``; before: the words read as factors new and old, silently); other
    statements unchanged."""
    eqs = [k for k, n in enumerate(nodes) if isinstance(n, Token) and n.is_op("=")]
    if len(eqs) != 1:
        return nodes, None
    lhs, rhs = strip_space(nodes[: eqs[0]]), nodes[eqs[0] + 1 :]
    if len(lhs) < 3 or _box_word(lhs, 0) not in _NEW_WORDS:
        return nodes, None
    name = source[lhs[2].span.start : lhs[-1].span.end].strip()
    at = next((k for k in range(len(rhs) - 1) if _box_word(rhs, k) in _OLD_WORDS
               and source[rhs[k + 1].span.end :].lstrip().startswith(name)), None)
    if at is None:
        return nodes, None
    eq = nodes[eqs[0]]
    span = seq_span(strip_space(nodes), eq.span)
    new = [*lhs[2:], Token("cmd", "\\gets", eq.span), *rhs[:at], *rhs[at + 2 :]]
    return new, note("new-old-update", span, {"text": quote(source[span.start : span.end]), "target": name})


def _box_word(nodes: list[Node], k: int) -> str:
    """The word of a text box at ``nodes[k]`` (``\\text{new }``), lower-cased and stripped, else ``""``."""
    if k + 1 < len(nodes) and isinstance(nodes[k], Token) and nodes[k].is_cmd("\\text", "\\textrm", "\\mathrm") \
            and is_group(nodes[k + 1], "brace"):
        return "".join(getattr(c, "text", "") for c in nodes[k + 1].children).strip().lower()  # type: ignore[union-attr]
    return ""
