r"""An arrow inside a script's label: Eisenstein's ``\Theta^{(x \to z)}``, ``\lambda_{z \to y}`` (the weights from
layer x to layer z, their regularisation weight).

``\to`` between two letters in a subscript or superscript names a map between two layers: one label, read as the
word ``xtoz`` set upright (``\Theta^{(\text{xtoz})}``), never an arrow between two statements.  Noted
``script-arrow-label``.
"""

from __future__ import annotations

from symdl.errors import Span
from symdl.read.lexer import Token
from symdl.read.pasted import Pasted

#: the arrows a label is written with
_ARROWS = frozenset({"\\to", "\\rightarrow"})


def arrow_labels(tokens: list[Token], source: str) -> tuple[list[Token], list[Pasted]]:
    """``tokens`` with each ``a \\to b`` inside a script's braces as the upright word ``a2b`` (module docstring)."""
    if not any(t.kind == "cmd" and t.text in _ARROWS for t in tokens):
        return tokens, []
    out: list[Token] = []
    notes: list[Pasted] = []
    depth = 0
    scripts: list[int] = []  # the brace depths opened right after _ or ^
    k = 0
    while k < len(tokens):
        t = tokens[k]
        if t.kind == "lbrace":
            depth += 1
            if out and out[-1].is_op("_", "^"):
                scripts.append(depth)
        elif t.kind == "rbrace":
            if scripts and scripts[-1] == depth:
                scripts.pop()
            depth -= 1
        a, b = _letters_around(tokens, k)
        if scripts and t.kind == "cmd" and t.text in _ARROWS and a is not None and b is not None:
            left, right = tokens[a], tokens[b]
            while out and out[-1] is not left:
                out.pop()  # the space between the letter and the arrow
            out.pop()
            span = Span(left.span.start, right.span.end)
            word = f"{left.text}to{right.text}"
            out += [Token("cmd", "\\text", left.span), Token("lbrace", "{", left.span),
                    *(Token("letter", c, span) for c in word), Token("rbrace", "}", right.span)]
            notes.append(("script-arrow-label", span, {"text": source[span.start : span.end], "plain": word}))
            k = b + 1
            continue
        out.append(t)
        k += 1
    return out, notes


def _letters_around(tokens: list[Token], k: int) -> tuple[int | None, int | None]:
    """The indices of the single letters before and after ``tokens[k]`` (spaces skipped), or None each."""
    a = k - 1
    while a >= 0 and tokens[a].kind == "space":
        a -= 1
    b = k + 1
    while b < len(tokens) and tokens[b].kind == "space":
        b += 1
    ok_a = a >= 0 and tokens[a].kind == "letter" and not (a > 0 and tokens[a - 1].kind == "letter")
    ok_b = b < len(tokens) and tokens[b].kind == "letter" and not (b + 1 < len(tokens)
                                                                   and tokens[b + 1].kind == "letter")
    return (a if ok_a else None), (b if ok_b else None)
