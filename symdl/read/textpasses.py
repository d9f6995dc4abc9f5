"""Token passes over text boxes and code words, run after the lexer: a blank text box is a space, a prose parenthesis
one text box opens and another closes is spaces, and code's ``log\\_sigmoid``, ``GELU_approx`` are one name.
"""

from __future__ import annotations

from symdl.errors import Span
from symdl.functions import KNOWN_FUNCTIONS
from symdl.read.lexer import Token

#: text-mode wrappers whose blank argument is only a space (Ng's W^{[l]} - \\alpha \\text{ } dW^{[l]})
_TEXT_BOXES = {"\\text", "\\mbox", "\\textrm", "\\hbox"}


def _box_end(tokens: list[Token], k: int) -> int | None:
    """The index of the closing brace of the text box opened at ``tokens[k]`` (``\\text{...}``), else None."""
    if not (tokens[k].kind == "cmd" and tokens[k].text in _TEXT_BOXES and k + 1 < len(tokens)
            and tokens[k + 1].kind == "lbrace"):
        return None
    j = k + 2
    while j < len(tokens) and tokens[j].kind != "rbrace":
        j += 1
    return j


def track_boxes(boxed: list[bool], out: list[Token], t: Token) -> None:
    """Keep ``boxed``, one entry per open brace (is it the argument of a text box, :data:`_WORD_BOXES`?), up to date
    with ``t``, the token after ``out`` (the code-word pass here and :mod:`symdl.read.pasted` share it)."""
    if t.kind == "lbrace":
        boxed.append(bool(out) and out[-1].kind == "cmd" and out[-1].text in _WORD_BOXES)
    elif t.kind == "rbrace" and boxed:
        boxed.pop()


def blank_text(tokens: list[Token]) -> list[Token]:
    """``\\text{ }``, ``\\mbox{}``: a text box holding nothing but spaces is a space, not a name."""
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        t, j = tokens[k], _box_end(tokens, k)
        if j is not None and j < len(tokens) and all(u.kind == "space" for u in tokens[k + 2 : j]):
            out.append(Token("space", " ", Span(t.span.start, tokens[j].span.end)))
            k = j + 1
            continue
        out.append(t)
        k += 1
    return out


def text_calls(tokens: list[Token]) -> list[Token]:
    """``\\text{GELU(x)}`` (a blog's pasted label): a text box holding one word applied to a parenthesis that ends
    the box is the call of that word, ``\\operatorname{GELU}(x)``, not a name with parentheses in it."""
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        j = _box_end(tokens, k)
        inner = tokens[k + 2 : j] if j is not None else []
        w = 0
        while w < len(inner) and inner[w].kind == "letter":
            w += 1
        if (j is not None and 1 < w < len(inner) - 1 and inner[w].is_op("(") and inner[-1].is_op(")")
                and not any(t.is_op("(", ")") for t in inner[w + 1 : -1])):
            box, close = tokens[k], tokens[j]
            out += [Token("cmd", "\\operatorname", box.span), tokens[k + 1], *inner[:w],
                    Token("rbrace", "}", inner[w].span), *inner[w:], Token("space", " ", close.span)]
            k = j + 1
            continue
        out.append(tokens[k])
        k += 1
    return out


def text_parens(tokens: list[Token]) -> list[Token]:
    """``\\quad \\text{(statistics over } (N, H, W) \\text{ per channel)}`` (the PyTorch docs' BatchNorm): a
    parenthesis of prose that one text box opens and another closes is prose, not a bracket of the formula; in a text
    box whose parentheses do not pair up they are spaces (the remark is set aside by its words, symdl.read.clauses)."""
    out = list(tokens)
    k = 0
    while k < len(out):
        if (j := _box_end(out, k)) is not None:
            parens = [m for m in range(k + 2, j) if out[m].is_op("(", ")")]
            if sum(1 if out[m].text == "(" else -1 for m in parens) != 0:
                for m in parens:
                    out[m] = Token("space", " ", out[m].span)
            k = j
        k += 1
    return out


#: commands whose braced argument is text already (``\\text{log\\_sigmoid}``): its words are left as they are
_WORD_BOXES = {*_TEXT_BOXES, "\\text", "\\mathrm", "\\operatorname", "\\mathit", "\\textit", "\\texttt",
               "\\mathtt", "\\textsf", "\\mathsf", "\\textbf", "\\textnormal"}


def code_words(tokens: list[Token], source: str = "") -> list[Token]:
    """``log\\_sigmoid(x)``, ``exp\\_avg``: letters joined by TeX's escaped underscore outside a text box, whose first
    word names a function, are one code name (the PyTorch docs' identifiers), as ``\\text{log\\_sigmoid}``, not that
    function applied to the rest; ``\\_`` means nothing else in a formula.  Other code names (``state\\_sum``) are
    left to the reader's word rule (``word-name``)."""
    out: list[Token] = []
    boxed: list[bool] = []  # per open brace: is it a text box's argument?
    # code as written in code: GELU_approx(x), log_softmax(x); a command folded from Unicode (cos_sim(a,b) = a·b) too
    plain = not any(t.kind == "cmd" and source[t.span.start : t.span.start + 1] == "\\" for t in tokens)
    k = 0
    while k < len(tokens):
        t = tokens[k]
        track_boxes(boxed, out, t)
        if t.is_op("@") and any(boxed) and out and out[-1].kind == "letter":  # \mathrm{NDCG@k}: a metric's name
            out.append(Token("letter", "@", t.span))
            k += 1
            continue
        end = _code_word_end(tokens, k, plain) if t.kind == "letter" and not any(boxed) else k
        if end > k:
            at, stop = Span(t.span.start, t.span.start), Span(tokens[end - 1].span.end, tokens[end - 1].span.end)
            word = [Token("cmd", "\\_", u.span) if u.is_op("_") else u for u in tokens[k:end]]  # GELU_approx
            out += [Token("cmd", "\\text", at), Token("lbrace", "{", at), *word, Token("rbrace", "}", stop)]
            k = end
            continue
        out.append(t)
        k += 1
    return out


def _code_word_end(tokens: list[Token], k: int, plain: bool = False) -> int:
    """The end of ``log\\_sigmoid`` starting at ``tokens[k]`` (letters and digits with at least one ``\\_`` between
    them, no space), else ``k``.  With ``plain`` (a formula without any command, written as code), a plain ``_``
    before a word of two letters or more joins too (``GELU_approx``, ``exp_avg``): never a subscript on a function."""
    from symdl.read.codesums import code_sum_end  # imported here: it reads this module's tokens

    if (k > 0 and (tokens[k - 1].kind in ("letter", "number") or tokens[k - 1].is_cmd("\\_")
                  or tokens[k - 1].is_op("_"))) or code_sum_end(tokens, k) > k:  # sum_ij: \sum_{i,j} (code-sum)
        return k
    j, joined, head = k, False, ""
    while j < len(tokens) and (tokens[j].kind in ("letter", "number") or (
            tokens[j].is_cmd("\\_") and j + 1 < len(tokens) and tokens[j + 1].kind in ("letter", "number")) or (
            plain and tokens[j].is_op("_") and _word_after(tokens, j + 1))):
        head += tokens[j].text if not joined and tokens[j].kind == "letter" else ""
        joined |= tokens[j].kind in ("cmd", "op")
        j += 1
    return j if joined and head.lower() in KNOWN_FUNCTIONS else k


def _word_after(tokens: list[Token], k: int) -> bool:
    """Do two letters or more start at ``tokens[k]`` (a word after code's ``_``, not a one-letter subscript)?"""
    return k + 1 < len(tokens) and tokens[k].kind == "letter" and tokens[k + 1].kind == "letter"


def hyphen_words(tokens: list[Token]) -> list[Token]:
    """``SI\\text{-}SNR``, ``ROUGE\\text{-}N``: a hyphen set upright between two runs of letters (the first of two or
    more) joins them into one name, as ``\\text{SI-SNR}`` is one; otherwise the hyphen alone was refused."""
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        t = tokens[k]
        if (t.kind == "cmd" and t.text in ("\\text", "\\mathrm", "\\textrm") and k + 3 < len(tokens)
                and tokens[k + 1].kind == "lbrace" and tokens[k + 2].is_op("-") and tokens[k + 3].kind == "rbrace"):
            left = len(out)
            while left > 0 and out[left - 1].kind == "letter" and out[left - 1].span.end == (
                    out[left].span.start if left < len(out) else t.span.start):
                left -= 1
            right = k + 4
            while right < len(tokens) and tokens[right].kind == "letter" and tokens[right].span.start == (
                    tokens[right - 1].span.end):
                right += 1
            if len(out) - left >= 2 and right > k + 4:
                letters = out[left:]
                at = Span(letters[0].span.start, tokens[right - 1].span.end)
                start, end = Span(at.start, at.start), Span(at.end, at.end)
                out[left:] = [Token("cmd", t.text, start), Token("lbrace", "{", start), *letters, tokens[k + 2],
                              *tokens[k + 4 : right], Token("rbrace", "}", end)]
                k = right
                continue
        out.append(t)
        k += 1
    return out
