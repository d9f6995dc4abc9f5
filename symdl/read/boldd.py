r"""``bold-d-gradient``: Ng's course notes write a gradient's name in bold letter by letter,
``\mathbf{d}\mathbf{z}^{[l]}``, ``\mathbf{d}\mathbf{W}^{[l]}`` (as ``d\mathbf{z}^{[l]}``, ``dW^{[l]}`` elsewhere in the
same notes): a bold ``d`` written right before another bold name is the gradient's prefix, the one name dz^{[l]}
(before: the vector d times z, refused or silently a product).  Noted, with how to write the product."""

from __future__ import annotations

from symdl.errors import Span
from symdl.read.lexer import Token
from symdl.read.pasted import Pasted

#: the bold commands, one of which writes both the d and the name after it
_BOLD = frozenset({"\\mathbf", "\\boldsymbol", "\\bm", "\\mathbold"})


def _bold_letter(tokens: list[Token], k: int) -> str | None:
    """The letter of ``\\mathbf{x}`` starting at ``tokens[k]`` (the command, ``{``, one letter, ``}``), else None."""
    if k + 3 >= len(tokens) or tokens[k].kind != "cmd" or tokens[k].text not in _BOLD:
        return None
    brace, letter, close = tokens[k + 1], tokens[k + 2], tokens[k + 3]
    if brace.kind != "lbrace" or letter.kind != "letter" or close.kind != "rbrace":
        return None
    return letter.text


def bold_d_prefixes(tokens: list[Token], source: str) -> tuple[list[Token], list[Pasted]]:
    """``tokens`` with each bold ``d`` before a bold name as the plain prefix ``d`` (see the module), and the notes."""
    if "\\" not in source:
        return tokens, []
    out: list[Token] = []
    notes: list[Pasted] = []
    k = 0
    while k < len(tokens):
        after = tokens[k + 4] if k + 4 < len(tokens) else None
        if (_bold_letter(tokens, k) == "d" and after is not None and after.span.start == tokens[k + 3].span.end
                and _bold_letter(tokens, k + 4) is not None):
            span = Span(tokens[k].span.start, tokens[k + 3].span.end)
            out.append(Token("letter", "d", span))
            name = source[after.span.start : tokens[k + 7].span.end]
            notes.append(("bold-d-gradient", Span(span.start, tokens[k + 7].span.end), {"name": name, "plain": name}))
            k += 4
            continue
        out.append(tokens[k])
        k += 1
    return out, notes
