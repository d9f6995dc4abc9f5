r"""Two time steps in angle brackets up on a name: Ng's attention weights ``\alpha^{<t,t'>}`` (how much output step t
attends to input step t') and their scores ``e^{<t,t'>}``, as the sequence-models course writes them.

One step in angle brackets, ``a^{<t>}``, is a step index like Goodfellow's ``a^{(t)}``
(:func:`symdl.read.superscripts.classify_super`); two of them are a pair of indices, the entry at (t, t') of a
two-index family, so the pair is read as the subscript ``\alpha_{t,t'}`` (noted ``angle-index-pair``): a sum over
t'' of ``e^{<t,t''>}`` then runs over the family's second index.  A name with a subscript of its own keeps its
superscript (it would have two subscripts).
"""

from __future__ import annotations

from symdl.errors import Span
from symdl.read.lexer import Token
from symdl.read.pasted import Pasted

_OPEN = ("<", "\\langle")
_CLOSE = (">", "\\rangle")


def _is(t: Token, texts: tuple[str, ...]) -> bool:
    return t.text in texts and t.kind in ("op", "cmd")


def _pair_end(tokens: list[Token], k: int) -> int | None:
    """The index of the ``}`` closing ``^{<a, b>}`` whose ``{`` is at ``k``, or None when it is not one."""
    j = k + 1
    while j < len(tokens) and tokens[j].kind == "space":
        j += 1
    if j >= len(tokens) or not _is(tokens[j], _OPEN):
        return None
    commas = 0
    for m in range(j + 1, min(len(tokens), j + 24)):
        t = tokens[m]
        if _is(t, _CLOSE):
            end = m + 1
            while end < len(tokens) and tokens[end].kind == "space":
                end += 1
            return end if commas == 1 and end < len(tokens) and tokens[end].kind == "rbrace" else None
        if t.kind in ("lbrace", "rbrace") or _is(t, _OPEN):
            return None
        commas += t.is_op(",")
    return None


def angle_pairs(tokens: list[Token], source: str) -> tuple[list[Token], list[Pasted]]:
    """``tokens`` with each ``^{<a, b>}`` on a name with no subscript as ``_{a, b}``, and the notes to make."""
    if "<" not in source and "\\langle" not in source:
        return tokens, []
    out: list[Token] = []
    notes: list[Pasted] = []
    k = 0
    while k < len(tokens):
        t = tokens[k]
        close = _pair_end(tokens, k + 1) if (t.is_op("^") and k + 1 < len(tokens)
                                              and tokens[k + 1].kind == "lbrace") else None
        if close is None or not out or out[-1].kind not in ("letter", "cmd", "rbrace") or _subscripted(out):
            out.append(t)
            k += 1
            continue
        inner = [x for x in tokens[k + 2 : close] if not (_is(x, _OPEN) or _is(x, _CLOSE))]
        out += [Token("op", "_", t.span), tokens[k + 1], *inner, tokens[close]]
        text = source[tokens[k + 1].span.end : tokens[close].span.start].strip()
        pair = "".join(x.text for x in inner).strip()
        notes.append(("angle-index-pair", Span(t.span.start, tokens[close].span.end),
                      {"text": text, "pair": pair, "plain": f"_{{{pair}}}"}))
        k = close + 1
    return out, notes


def _subscripted(out: list[Token]) -> bool:
    """Does the name just written carry a subscript already (``x_i`` before ``^{<t,t'>}``)?"""
    depth, k = 0, len(out) - 1
    while k >= 0:
        t = out[k]
        if t.kind == "rbrace":
            depth += 1
        elif t.kind == "lbrace":
            depth -= 1
        elif depth == 0:
            return (k > 0 and out[k - 1].is_op("_")) or (t.is_op("_"))
        k -= 1
        if depth == 0 and out[k + 1].kind == "lbrace":
            return k >= 0 and out[k].is_op("_")
    return False
