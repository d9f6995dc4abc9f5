r"""The probability of an event ``X \le x`` (Hendrycks & Gimpel's GELU, ``x P(X \le x) = x \Phi(x)``): the
cumulative distribution function of the random variable ``X`` at ``x``.

``P(X \le x)``, ``\Pr(X \le x)``, ``\mathbb{P}(X \leq x)``, the PyTorch docs' typed ``P(X <= x)`` (a capital letter,
a comparison, the same letter in lower case) is read as ``F_X(x)``, an unknown function of ``x`` (noted, rule
``event-probability``): which distribution X has is not written there, so the formula's other sides say what it is
(``= \Phi(x)``). Other events inside a probability (``P(X > x)``, ``P(y_1 \succ y_2 \mid x)``) are left as written,
for the reader to refuse by name.
"""

from __future__ import annotations

from dataclasses import replace

from symdl.errors import Note, Span
from symdl.read.lexer import Token
from symdl.read.notes import note, quote
from symdl.read.syntax import Group, Node, is_group, strip_space

#: the spellings of "the probability of"
_PROBABILITY = ("P", "\\Pr")
_AT_MOST = ("\\le", "\\leq", "\\leqslant")


def event_probabilities(nodes: list[Node], source: str, notes: list[Note]) -> list[Node]:
    """``nodes`` with every ``P(X \\le x)`` written as ``F_{X}(x)``, noted; in groups too."""
    out: list[Node] = []
    k = 0
    while k < len(nodes):
        n = nodes[k]
        width = _probability_name(nodes, k)
        arg = nodes[k + width] if width and k + width < len(nodes) else None
        letters = _event(arg) if arg is not None else None
        if letters is not None:
            big, small = letters
            start = n.span.start
            span = Span(start, arg.span.end)  # type: ignore[union-attr]
            notes.append(
                note(
                    "event-probability",
                    span,
                    {"text": quote(source[span.start : span.end]), "variable": big.text, "value": small.text},
                )
            )
            at = Span(start, start)
            out.extend(
                [
                    Token("letter", "F", at),
                    Token("op", "_", at),
                    Group([big], big.span),
                    Group([small], arg.span, "paren", arg.open, arg.close),
                ]
            )  # type: ignore[union-attr]
            k += width + 1
            continue
        if isinstance(n, Group):
            children = event_probabilities(n.children, source, notes)
            if _after_probability(nodes, k):  # DPO's p^*(y_1 \succ y_2 \mid x): a function of y_1, y_2 and x
                children = _preference(n, children, source, notes)
            n = replace(n, children=children)
        out.append(n)
        k += 1
    return out


def _probability_name(nodes: list[Node], k: int) -> int:
    """How many nodes the probability's name at ``nodes[k]`` takes (``P``, ``\\Pr``, ``\\mathbb{P}``), or 0."""
    n = _unbraced(nodes[k])  # an equation editor's {P}\left(X\leq{x}\right): braces around one letter
    if not isinstance(n, Token):
        return 0
    if n.text in _PROBABILITY and n.kind in ("letter", "cmd"):
        return 1
    if n.is_cmd("\\mathbb", "\\mathrm") and k + 1 < len(nodes) and is_group(nodes[k + 1], "brace"):
        inner = strip_space(nodes[k + 1].children)  # type: ignore[union-attr]
        if len(inner) == 1 and isinstance(inner[0], Token) and inner[0].text == "P":
            return 2
    return 0


def _event(arg: Node) -> tuple[Token, Token] | None:
    """``(X, x)`` if ``arg`` is the parenthesis ``(X \\le x)`` (``(Z \\leq x)``: a capital variable, a lower-case
    value), else None."""
    if not is_group(arg, "paren", "delim"):
        return None
    inner = [_unbraced(t) for t in arg.children  # type: ignore[union-attr]
             if not (isinstance(t, Token) and t.kind == "space")]
    if len(inner) == 4 and _typed_at_most(inner[1], inner[2]):  # the PyTorch docs' GELU x * P(X <= x), typed
        inner = [inner[0], Token("cmd", "\\le", Span(inner[1].span.start, inner[2].span.end)), inner[3]]
    if len(inner) != 3 or not all(isinstance(t, Token) for t in inner):
        return None
    big, rel, small = inner
    ok = (
        big.kind == "letter"
        and big.text.isupper()
        and rel.text in _AT_MOST  # type: ignore[union-attr]
        and small.kind == "letter"
        and small.text.islower()  # Fleuret's GELU x P(Z \\leq x): the CDF of Z (a standard normal) at x
    )  # type: ignore[union-attr]
    return (big, small) if ok else None  # type: ignore[return-value]


def _unbraced(n: Node) -> Node:
    """The one token of a brace group around it alone (``{x}``, ``{P}``), else ``n``."""
    if is_group(n, "brace"):
        inner = strip_space(n.children)  # type: ignore[union-attr]
        if len(inner) == 1 and isinstance(inner[0], Token):
            return inner[0]
    return n


def _typed_at_most(a: Node, b: Node) -> bool:
    """Are ``a``, ``b`` the ``<=`` of plain text and code, the two characters written together?"""
    return (isinstance(a, Token) and a.is_op("<") and isinstance(b, Token) and b.is_op("=")
            and a.span.end == b.span.start)


_PREFERS = ("\\succ", "\\prec")


def _after_probability(nodes: list[Node], k: int) -> bool:
    """Is the parenthesis at ``nodes[k]`` the argument of a probability, ``p``, ``P``, ``\\Pr`` with scripts
    (``p^*``, ``p_\\theta``)?"""
    if not is_group(nodes[k], "paren", "delim"):
        return False
    j = k - 1
    while j >= 2 and isinstance(nodes[j - 1], Token) and nodes[j - 1].is_op("^", "_"):  # type: ignore[union-attr]
        j -= 2
    return j >= 0 and isinstance(nodes[j], Token) and nodes[j].text in ("p", "P", "\\Pr")  # type: ignore[union-attr]


def _preference(group: Group, children: list[Node], source: str, notes: list[Note]) -> list[Node]:
    """The arguments of ``p(y_1 \\succ y_2 \\mid x)`` with the preference as a comma: the probability that y_1 is
    preferred to y_2 is an unknown function of both (noted, rule ``preference-event``)."""
    at = [i for i, c in enumerate(children) if isinstance(c, Token) and c.is_cmd(*_PREFERS)]
    if len(at) != 1:
        return children
    span = group.span
    notes.append(note("preference-event", span, {"text": quote(source[span.start : span.end])}))
    rel = children[at[0]]
    return [*children[: at[0]], Token("op", ",", rel.span), *children[at[0] + 1 :]]

