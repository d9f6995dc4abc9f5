r"""Calls of a sum's index inside a norm: the vectors of the examples (rule ``call-example-member``).

Nielsen's quadratic cost (eq. 6), ``C(w, b) = \frac{1}{2n} \sum_x \|y(x) - a^L(x)\|^2``: x runs over the training
inputs, y(x) is the desired output and a^L(x) the network's output for input x, each a vector.  Written as a family
they read (``\|\mathbf{y}_x - \mathbf{a}^L_x\|^2``, one vector per row); written as calls they were refused.  So a
letter (maybe with a superscript) applied to exactly the index of a sum, between norm bars, is read as that family's
member, the bold name subscripted by the index, noted.
"""

from __future__ import annotations

from dataclasses import replace

from symdl.errors import Note, Span
from symdl.read.lexer import Token
from symdl.read.notes import note, quote
from symdl.read.syntax import Group, Node, is_group, strip_space


def _sum_indices(nodes: list[Node], out: set[str]) -> None:
    for k, n in enumerate(nodes):
        if isinstance(n, Group):
            _sum_indices(n.children, out)
        elif n.is_cmd("\\sum") and k + 2 < len(nodes) and isinstance(nodes[k + 1], Token) and nodes[k + 1].is_op("_"):
            sub = nodes[k + 2]
            first = strip_space(sub.children)[:1] if isinstance(sub, Group) else [sub]
            if first and isinstance(first[0], Token) and first[0].kind == "letter":
                out.add(first[0].text)


def example_calls(nodes: list[Node], source: str, notes: list[Note]) -> list[Node]:
    """``nodes`` with each call of a sum's index between norm bars rewritten as a bold family member (module)."""
    indices: set[str] = set()
    _sum_indices(nodes, indices)
    return _rewrite(nodes, indices, source, notes) if indices else nodes


def _rewrite(nodes: list[Node], indices: set[str], source: str, notes: list[Note]) -> list[Node]:
    out: list[Node] = []
    k = 0
    while k < len(nodes):
        n = nodes[k]
        close = _closing_bar(nodes, k)
        calls = _calls(nodes[k + 1 : close], indices) if close is not None else None
        if calls is None or close is None:
            out.append(replace(n, children=_rewrite(n.children, indices, source, notes)) if isinstance(n, Group) else n)
            k += 1
            continue
        out.append(n)
        at = k + 1
        for start, end, letter in calls:  # positions inside the bars: what lies between calls is copied as written
            out += nodes[at : k + 1 + start]
            name, scripts, paren = nodes[k + 1 + start], nodes[k + 2 + start : k + end], nodes[k + end]
            span = Span(name.span.start, paren.span.end)
            notes.append(note("call-example-member", span, {"text": quote(source[span.start : span.end]),
                                                            "index": letter.text}))
            out += [Token("cmd", "\\mathbf", name.span), Group([name], name.span, "brace"), *scripts,
                    Token("op", "_", paren.span), Token("letter", letter.text, letter.span)]
            at = k + 1 + end
        out += nodes[at : close + 1]  # the rest, and the closing bar (never read as an opening one)
        k = close + 1
    return out


def _closing_bar(nodes: list[Node], k: int) -> int | None:
    """The position of the norm bar ``\\|`` closing the one at ``nodes[k]`` (None if ``nodes[k]`` opens none)."""
    if not (isinstance(nodes[k], Token) and nodes[k].is_cmd("\\|")):  # type: ignore[union-attr]
        return None
    return next((j for j in range(k + 1, len(nodes)) if isinstance(nodes[j], Token)
                 and nodes[j].is_cmd("\\|")), None)  # type: ignore[union-attr]


def _calls(segment: list[Node], indices: set[str]) -> list[tuple[int, int, Token]] | None:
    """The calls of a sum's index between the bars, as ``(start, end after the parenthesis, index)``, when every name
    there is one (Nielsen's eq. 26 ``y(x) - a^L(x)``); else None.  Eq. 6's ``y(x) - a``, with the output a not
    written per input, has another name: it stays refused, as a per-input a is unsaid."""
    found: list[tuple[int, int, Token]] = []
    j = 0
    while j < len(segment):
        call = _call_at(segment, j, indices)
        if call is not None:
            found.append((j, *call))
            j = call[0]
            continue
        node = segment[j]
        if isinstance(node, Group) or (isinstance(node, Token) and node.kind in ("letter", "cmd")):
            return None
        j += 1
    return found or None


def _call_at(nodes: list[Node], k: int, indices: set[str]) -> tuple[int, Token] | None:
    """``y(x)``, ``a^L(x)`` at ``nodes[k]`` with x a sum's index: (the index after the parenthesis, the index token)."""
    n = nodes[k]
    if not (isinstance(n, Token) and n.kind == "letter") or (k and isinstance(nodes[k - 1], Token)
                                                           and nodes[k - 1].kind == "letter"):
        return None
    j = k + 1
    if j + 1 < len(nodes) and isinstance(nodes[j], Token) and nodes[j].is_op("^"):
        j += 2  # a^L(x): the layer's superscript kept
    if j >= len(nodes) or not is_group(nodes[j], "paren"):
        return None
    inner = strip_space(nodes[j].children)  # type: ignore[union-attr]
    if len(inner) != 1 or not (isinstance(inner[0], Token) and inner[0].kind == "letter"
                               and inner[0].text in indices):
        return None
    return j + 1, inner[0]
