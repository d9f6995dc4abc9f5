"""Sizes of sets that are masks: the Jaccard index ``\\frac{|A \\cap B|}{|A \\cup B|}``, the Dice coefficient
``\\frac{2 |X \\cap Y|}{|X| + |Y|}`` (segmentation losses, as papers and forum answers write them).

In a formula that writes ``\\cap`` or ``\\cup`` between names, those names are sets held as 0/1 indicator arrays of
one length (a predicted and a true mask): ``|A \\cap B|`` is the sum of the entries of A ⊙ B, ``|A \\cup B|`` is
``|A| + |B| - |A \\cap B|``, and ``|A|`` the sum of A's entries (noted ``set-indicator``).  The bars
are rewritten to index-less sums (:mod:`symdl.read.entrysums`), which make the names arrays.  A union and an
intersection mixed in one pair of bars, or a set operation outside bars, stay refused by name.
"""

from __future__ import annotations

from dataclasses import replace

from symdl.errors import Note, Span
from symdl.read.lexer import Token
from symdl.read.notes import note, quote
from symdl.read.syntax import Group, Node, strip_space

_CAP = ("\\cap", "\\bigcap")
_CUP = ("\\cup", "\\bigcup")


def _operands(nodes: list[Node]) -> list[list[Node]] | None:
    """The operands of one run of ``\\cap`` (or of ``\\cup``) in ``nodes``, or None when there is no such run."""
    parts: list[list[Node]] = [[]]
    ops = set()
    for n in nodes:
        if isinstance(n, Token) and n.kind == "cmd" and n.text in (*_CAP, *_CUP):
            ops.add(n.text in _CAP)
            parts.append([])
        else:
            parts[-1].append(n)
    parts = [strip_space(p) for p in parts]
    if len(parts) < 2 or len(ops) != 1 or not all(parts):
        return None
    return parts


def _set_names(nodes: list[Node], out: set[str]) -> None:
    """The spellings of the operands of every ``\\cap``/``\\cup`` in ``nodes``, in groups too."""
    for k, n in enumerate(nodes):
        if isinstance(n, Group):
            _set_names(n.children, out)
        elif isinstance(n, Token) and n.kind == "cmd" and n.text in (*_CAP, *_CUP):
            for side in (_run(nodes, k, -1), _run(nodes, k, 1)):
                if side:
                    out.add("".join(t.text for t in side if isinstance(t, Token)))


def _run(nodes: list[Node], k: int, step: int) -> list[Node]:
    """The letters written next to ``nodes[k]`` on one side (spaces skipped)."""
    j = k + step
    while 0 <= j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].kind == "space":  # type: ignore[union-attr]
        j += step
    run: list[Node] = []
    while 0 <= j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].kind == "letter":  # type: ignore[union-attr]
        run.insert(0, nodes[j]) if step < 0 else run.append(nodes[j])
        j += step
    return run


def _named(part: list[Node]) -> list[Node]:
    """A word of letters (``pred``) as one name, ``\\mathrm{pred}``; anything else as written."""
    if len(part) > 1 and all(isinstance(t, Token) and t.kind == "letter" for t in part):
        whole = Span(part[0].span.start, part[-1].span.end)
        return [Token("cmd", "\\mathrm", Span(whole.start, whole.start)), Group(list(part), whole)]
    return part


def _sized(content: list[Node], names: set[str], at: Span) -> list[Node] | None:
    """What the bars around ``content`` are rewritten to (``\\sum`` and the indicator array), or None."""
    content = strip_space(content)
    spelling = "".join(t.text for t in content if isinstance(t, Token)) if all(
        isinstance(t, Token) and t.kind == "letter" for t in content) else None
    if spelling is not None and spelling in names:
        return [Token("cmd", "\\sum", at), Token("space", " ", at), Group(_named(content), at, "paren")]
    parts = _operands(content)
    if parts is None:
        return None
    parts = [_named(part) for part in parts]
    if any(isinstance(n, Token) and n.text in _CAP for n in content):
        body: list[Node] = []
        for part in parts:
            body += ([Token("cmd", "\\odot", at)] if body else []) + [Group(part, at, "paren")]
    elif len(parts) == 2:  # |A \cup B| = |A| + |B| - |A \cap B| of 0/1 arrays
        a, b = (Group(part, at, "paren") for part in parts)
        both = Group([a, Token("cmd", "\\odot", at), b], at, "paren")
        total = [Token("cmd", "\\sum", at), a, Token("op", "+", at), Token("cmd", "\\sum", at), b,
                 Token("op", "-", at), Token("cmd", "\\sum", at), both]
        return [Group(total, at, "paren")]
    else:
        return None
    return [Token("cmd", "\\sum", at), Token("space", " ", at), Group(body, at, "paren")]


def set_sizes(nodes: list[Node], source: str, notes: list[Note]) -> list[Node]:
    """``nodes`` with the sizes of mask sets rewritten (see the module), noted once per pair of bars."""
    names: set[str] = set()
    _set_names(nodes, names)
    if not names:
        return nodes
    return _rewrite(nodes, names, source, notes)


def _rewrite(nodes: list[Node], names: set[str], source: str, notes: list[Note]) -> list[Node]:
    out: list[Node] = []
    k = 0
    while k < len(nodes):
        n = nodes[k]
        if isinstance(n, Group):
            out.append(replace(n, children=_rewrite(n.children, names, source, notes)))
            k += 1
            continue
        if isinstance(n, Token) and n.is_op("|"):
            close = next((j for j in range(k + 1, len(nodes)) if isinstance(nodes[j], Token)
                          and nodes[j].is_op("|")), None)  # type: ignore[union-attr]
            if close is not None:
                at = Span(n.span.start, nodes[close].span.end)
                sized = _sized(nodes[k + 1 : close], names, at)
                if sized is not None:
                    notes.append(note("set-indicator", at, {"text": quote(source[at.start : at.end], 60),
                                                            "sets": ", ".join(sorted(names))}))
                    out.extend(sized)
                    k = close + 1
                    continue
        out.append(n)
        k += 1
    return out
