"""Plain text's sums as the PyTorch docs write them: ``sum_i(log(1 + exp(-y[i]*x[i]))) / x.nelement()``,
``sum_ij(max(0, 1 - (x[y[j]] - x[i]))) / x.size(0)``.

The word ``sum`` with its indices after ``_`` (letters written together, then no letter) is TeX's ``\\sum``, a letter
per index, each over all its values: ``sum_ij`` is ``\\sum_{i,j}`` (noted ``code-sum``).  Without this the word was a
function ``sum_ij`` of its parenthesis (a silent misreading) or refused (``sum_i``: a subscript on a function's name).
"""

from __future__ import annotations

from symdl.errors import Span
from symdl.read.lexer import Token
from symdl.read.pasted import Pasted

#: at most this many indices after sum_ (sum_ijk); a longer run is a name, left as written
_MOST = 3


def _braced_end(tokens: list[Token], k: int) -> int:
    """The index after the brace closing the one at ``tokens[k]`` (``k - 4``, no sum, when it never closes)."""
    depth = 0
    for j in range(k, len(tokens)):
        depth += (tokens[j].kind == "lbrace") - (tokens[j].kind == "rbrace")
        if depth == 0:
            return j + 1
    return k - 4


#: plain text's big operators: the word, then its indices after _ (the Stan and TensorFlow Probability docs' prod_j)
WORDS = {"sum": "\\sum", "prod": "\\prod"}


def _word_at(tokens: list[Token], k: int) -> str:
    """The operator word of :data:`WORDS` whose letters and ``_`` start at ``tokens[k]``, or ''."""
    for word in WORDS:
        n = len(word)
        if (k + n + 1 < len(tokens) and "".join(t.text for t in tokens[k : k + n + 1]) == word + "_"
                and all(t.kind == "letter" for t in tokens[k : k + n]) and tokens[k + n].is_op("_")):
            return word
    return ""


def code_sum_end(tokens: list[Token], k: int) -> int:
    """The end of ``sum_ij`` (or ``prod_j``) starting at ``tokens[k]`` (``k`` when none starts there); the lexer
    leaves it unwrapped (:func:`symdl.read.textpasses._code_word_end`)."""
    word = _word_at(tokens, k)
    if not word:
        return k
    n = len(word)
    before = tokens[k - 1] if k else None
    if before is not None and (before.kind in ("letter", "number", "cmd") or before.is_op("_", ".")):
        return k  # cumsum_i, \text{sum}_i, np.sum_: not the word alone
    if tokens[k + n + 1].kind == "lbrace" and tokens[k + n + 1].span.start == tokens[k + n].span.end:
        return _braced_end(tokens, k + n + 1)  # the TensorFlow docs' sum_{di, dj, q} input[...] * filters[...]
    end = k + n + 1
    while end < len(tokens) and tokens[end].kind == "letter" and tokens[end].text.isascii() and (
            tokens[end].span.start == tokens[end - 1].span.end):
        end += 1
    touching = all(tokens[j].span.end == tokens[j + 1].span.start for j in range(k, k + n + 1))
    nxt = tokens[end] if end < len(tokens) else None
    ends = nxt is None or nxt.kind == "space" or nxt.is_op("(")
    return end if touching and 1 <= end - k - n - 1 <= _MOST and ends else k


def code_sums(tokens: list[Token]) -> tuple[list[Token], list[Pasted]]:
    """``tokens`` with each plain ``sum_ij`` as ``\\sum_{i,j}``, and the notes to make of them."""
    out: list[Token] = []
    notes: list[Pasted] = []
    k = 0
    while k < len(tokens):
        end = code_sum_end(tokens, k)
        if end == k:
            out.append(tokens[k])
            k += 1
            continue
        name = _word_at(tokens, k)
        n, cmd = len(name), WORDS[name]
        span = Span(tokens[k].span.start, tokens[end - 1].span.end)
        letters = tokens[k + n + 1 : end]
        word = Span(tokens[k].span.start, tokens[k + n - 1].span.end)
        if letters[0].kind == "lbrace":  # sum_{di, dj}: TeX's \sum with the subscript as written
            out += [Token("cmd", cmd, word), tokens[k + n], *letters]
            indices = "".join(t.text for t in letters[1:-1])
            notes.append(("code-sum", span, {"indices": indices, "plain": f"{cmd}_{{{indices}}}"}))
            k = end
            continue
        out += [Token("cmd", cmd, word), tokens[k + n], Token("lbrace", "{", letters[0].span)]
        for j, letter in enumerate(letters):
            out += [Token("op", ",", letter.span)] * bool(j) + [letter]
        out.append(Token("rbrace", "}", letters[-1].span))
        indices = ",".join(t.text for t in letters)
        notes.append(("code-sum", span, {"indices": indices, "plain": f"{cmd}_{{{indices}}}"}))
        k = end
    return out, notes
