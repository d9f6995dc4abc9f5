r"""A divergence's arguments in square brackets: Doersch's VAE tutorial's ``\mathcal{D}[Q(z|X) \| P(z|X)]`` (the KL
divergence of two distributions, written with brackets as an expectation is) is the call
``\mathcal{D}(Q(z|X) \| P(z|X))``, read as the divergence's parentheses are (noted ``divergence-brackets``).

Only square brackets written right after a name, holding two calls separated by one ``\|`` (or ``||``,
``\parallel``), at least one a conditional distribution (a ``|`` or ``\mid`` in its parentheses), are so read: GAT's
``\mathbf{a}^T[\mathbf{W}h_i \| \mathbf{W}h_j]`` (products, after a transpose) stays the concatenation it is.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING

from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node, is_group, strip_space

if TYPE_CHECKING:
    from symdl.read.expr import ExprReader

_BARS = {"\\|", "\\Vert", "\\parallel"}


def divergence_brackets(reader: ExprReader, nodes: list[Node]) -> list[Node]:
    """``nodes`` with each ``\\mathcal{D}[P(x|y) \\| Q(x)]`` (inside groups too) as parentheses, noted."""
    out: list[Node] = []
    for k, n in enumerate(nodes):
        if isinstance(n, Group):
            inner = divergence_brackets(reader, n.children)
            if n.kind == "bracket" and k > 0 and _after_name(nodes[k - 1], n) and (
                    _two_distributions(inner) or ((_divergence_label(nodes, k) or _subscripted_acronym(reader, n))
                                                  and _two_operands(inner))):
                reader.add_note("divergence-brackets", n.span, {})
                opening = Token("op", "(", n.open.span if n.open else n.span)
                closing = Token("op", ")", n.close.span if n.close else n.span)
                out.append(Group(inner, n.span, "paren", opening, closing, n.name, n.left))
                continue
            out.append(replace(n, children=inner))
            continue
        out.append(n)
    return out


#: the labels a divergence's D is subscripted by (RLHF's \mathbb{D}_{\text{KL}}[\pi_\theta \| \pi_{ref}], D_{JS})
_DIVERGENCE_LABELS = {"KL", "JS", "JSD"}


def _divergence_label(nodes: list[Node], k: int) -> bool:
    """Is the bracket at ``nodes[k]`` written right after a divergence's subscript (``D_{KL}``,
    ``\\mathbb{D}_{\\mathrm{KL}}``)?"""
    from symdl.read.syntax import plain_text

    label = nodes[k - 1]
    words = "".join(ch for ch in plain_text([label]) if ch.isalpha()) if isinstance(label, Group) else (
        label.text if isinstance(label, Token) else "")
    for word in (words, words.replace("mathrm", "").replace("text", "").replace("operatorname", "")):
        if word in _DIVERGENCE_LABELS and k >= 2 and isinstance(nodes[k - 2], Token) and nodes[k - 2].is_op("_"):
            return True
    return False


def _subscripted_acronym(reader: ExprReader, group: Group) -> bool:
    """Is the bracket written right after a divergence's acronym with a subscript of its own (Lil'Log's weighted
    Jensen-Shannon divergence ``JS_\\pi[P \\| Q]``, ``KL_{t}[p \\| q]``)?"""
    before = reader.source[: group.span.start]
    return re.search(r"(?<![A-Za-z\\])(?:KL|JSD?)_(?:\{[^{}]*\}|\\[A-Za-z]+|[A-Za-z0-9])$", before) is not None


def _two_operands(nodes: list[Node]) -> bool:
    """Are ``nodes`` two non-empty operands separated by one divergence bar (``\\pi_\\theta \\| \\pi_{ref}``)?"""
    parts = _split_bars(nodes)
    return len(parts) == 2 and all(strip_space(p) for p in parts)


def _after_name(before: Node, group: Group) -> bool:
    """Is ``group`` written right after a name: a letter, a command, or a font's braced argument?"""
    if before.span.end != group.span.start:
        return False
    return (isinstance(before, Token) and before.kind in ("letter", "cmd")) or is_group(before, "brace")


def _two_distributions(nodes: list[Node]) -> bool:
    """Are ``nodes`` two calls separated by one divergence bar, one of them a conditional distribution?"""
    parts = _split_bars(nodes)
    if len(parts) != 2:
        return False
    calls = [_call(strip_space(p)) for p in parts]
    return all(c is not None for c in calls) and any(_conditional(c) for c in calls if c is not None)


def _split_bars(nodes: list[Node]) -> list[list[Node]]:
    """``nodes`` split at each divergence bar: ``\\|``, ``\\Vert``, ``\\parallel`` or two ``|`` written together."""
    parts: list[list[Node]] = [[]]
    k = 0
    while k < len(nodes):
        n = nodes[k]
        doubled = (
            isinstance(n, Token)
            and n.is_op("|")
            and k + 1 < len(nodes)
            and isinstance(nodes[k + 1], Token)
            and nodes[k + 1].is_op("|")
            and nodes[k + 1].span.start == n.span.end
        )  # type: ignore[union-attr]
        if (isinstance(n, Token) and n.kind == "cmd" and n.text in _BARS) or doubled:
            parts.append([])
            k += 2 if doubled else 1
            continue
        parts[-1].append(n)
        k += 1
    return parts


def _call(part: list[Node]) -> Group | None:
    """The parentheses of ``part`` when it is one name written before one parenthesis (``Q(z|X)``, ``q_\\phi(z)``)."""
    if len(part) < 2 or not is_group(part[-1], "paren"):
        return None
    name = part[:-1]
    if any(isinstance(n, Group) and n.kind != "brace" for n in name):
        return None
    if any(
        isinstance(n, Token) and (n.kind in ("space", "number") or (n.kind == "op" and n.text != "_")) for n in name
    ):
        return None
    return part[-1]  # type: ignore[return-value]


def _conditional(group: Group) -> bool:
    """Does ``group`` hold a conditional bar (``|`` or ``\\mid``) at its top level?"""
    return any(isinstance(n, Token) and (n.is_op("|") or n.is_cmd("\\mid")) for n in group.children)
