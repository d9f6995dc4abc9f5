r"""A projection written ``\Pi`` with the set it projects onto as its subscript: onto an interval,
``\Pi_{[a, b]}(x)``, it is clipping (the projected gradient step's box constraint, PyTorch's ``clamp``).

``\Pi_{[a,\, b]}(x)`` is read as ``\operatorname{clip}(x, a, b)``, ``\min(\max(x, a), b)`` entry by entry (noted,
rule ``projection-interval``).  A projection onto a set named by a letter (AMSGrad's ``\Pi_{\mathcal{F},
\sqrt{\hat{V}_t}}(\dots)``, onto the feasible set F in a metric) has no formula symdl can write: refused by name
(before: "unknown or unsupported command \Pi").
"""

from __future__ import annotations

from dataclasses import replace

from symdl.errors import Note, NotSupported, Span
from symdl.read.lexer import Token
from symdl.read.notes import note, quote
from symdl.read.syntax import Group, Node, is_group, strip_space


def projections(nodes: list[Node], source: str, notes: list[Note]) -> list[Node]:
    """``nodes`` with every ``\\Pi_{[a, b]}(x)`` written as ``\\operatorname{clip}(x, a, b)``, noted; in groups too.
    A ``\\Pi`` with another subscript before a parenthesis is refused by name."""
    out: list[Node] = []
    k = 0
    while k < len(nodes):
        n = nodes[k]
        if isinstance(n, Token) and n.is_cmd("\\Pi") and k + 3 < len(nodes) and nodes[k + 1].text == "_":  # type: ignore[union-attr]
            sub, arg = nodes[k + 2], nodes[k + 3]
            if is_group(arg, "paren", "delim") and is_group(sub, "brace"):
                out.extend(_clip(n, sub, arg, source, notes))  # type: ignore[arg-type]
                k += 4
                continue
        if isinstance(n, Group):
            n = replace(n, children=projections(n.children, source, notes))
        out.append(n)
        k += 1
    return out


def _clip(pi: Token, sub: Group, arg: Group, source: str, notes: list[Note]) -> list[Node]:
    """``\\operatorname{clip}(x, a, b)`` for ``\\Pi_{[a, b]}(x)``; a projection onto anything else refused."""
    inner = strip_space(sub.children)
    bounds = _interval(inner)
    span = Span(pi.span.start, arg.span.end)
    if bounds is None:
        raise NotSupported(
            f"a projection onto the set {quote(source[sub.span.start : sub.span.end])} "
            f"({quote(source[span.start : span.end])}): the nearest point of a set has no formula symdl writes",
            source=source,
            span=span,
            hint="write the update without the projection, or onto an interval: \\Pi_{[a, b]}(x) is clip(x, a, b)",
        )
    low, high = bounds
    notes.append(note("projection-interval", span, {"text": quote(source[span.start : span.end])}))
    at = Span(pi.span.start, pi.span.start)
    name = Group([Token("letter", c, at) for c in "clip"], pi.span)
    comma = Token("op", ",", at)
    body = [*arg.children, comma, *low, comma, *high]
    return [Token("cmd", "\\operatorname", at), name, Group(body, arg.span, "paren", arg.open, arg.close)]


def _interval(inner: list[Node]) -> tuple[list[Node], list[Node]] | None:
    """``(a, b)`` of ``[a, b]`` (one bracket, one comma at its top), else None."""
    if len(inner) != 1 or not is_group(inner[0], "bracket"):
        return None
    children = inner[0].children  # type: ignore[union-attr]
    commas = [k for k, n in enumerate(children) if isinstance(n, Token) and n.is_op(",")]
    if len(commas) != 1:
        return None
    low, high = strip_space(children[: commas[0]]), strip_space(children[commas[0] + 1 :])
    return (low, high) if low and high else None
