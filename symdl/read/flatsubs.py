r"""``flattened-subscript``: subscripts lost in a paste from a PDF (Bishop's ``zj = h(aj)``, ``δk = yk − tk``,
``aj = ∑i wji zi``), in a formula typed without TeX and without any ``_``.

Copying from a PDF drops the subscripts' position: ``z_j`` arrives as ``zj``, which reads as the product z·j.  Where an
index letter (i, j, k, m, n) ends two or more different names run together with it (``zj`` and ``aj``; ``δk``, ``yk``
and ``tk``), it is an index of each, as the book typeset it: ``z_j``, ``a_j``, ``w_{ji}``.  A run that names a function
(``ln``, ``min``) stays itself, and a letter that ends only one name (``mn``) is left a product.  Noted, with how to
write the product."""

from __future__ import annotations

from symdl.errors import Span
from symdl.read.commands import GREEK
from symdl.read.lexer import Token
from symdl.read.pasted import Pasted

#: letters that index in the books pasted so (Bishop's a_j, w_{ji}, y_k; Murphy's x_n, m)
_INDEX = frozenset("ijkmn")
#: the most index letters run onto one name (Bishop's w_{kj})
_LONGEST = 2


def _base(tokens: list[Token], k: int) -> int | None:
    """The index of the first tail letter if ``tokens[k]`` starts a name run together with index letters (a Latin
    letter, or a pasted Greek one with the space its folding adds), else None."""
    t = tokens[k]
    if not (t.kind == "letter" or (t.kind == "cmd" and t.text[1:] in GREEK)):
        return None
    prev = tokens[k - 1] if k > 0 else None
    if prev is not None and prev.kind in ("letter", "number") and prev.span.end == t.span.start:
        return None  # inside a longer run
    j = k + 1
    if j < len(tokens) and tokens[j].kind == "space" and tokens[j].span == t.span:
        j += 1  # the space folding puts after a pasted δ
    return j


def _runs(tokens: list[Token]) -> list[tuple[int, int, int]]:
    """``(base, first tail letter, end)`` of each name run together with one or two index letters."""
    out = []
    for k in range(len(tokens)):
        j = _base(tokens, k)
        if j is None:
            continue
        end = j
        while (end < len(tokens) and tokens[end].kind == "letter" and tokens[end].text in _INDEX
               and tokens[end].span.start == tokens[end - 1].span.end):
            end += 1
        touching = end < len(tokens) and tokens[end].kind in ("letter", "number") and (
            tokens[end].span.start == tokens[end - 1].span.end)
        if j < end <= j + _LONGEST and not touching:
            out.append((k, j, end))
    return out


def _bounds(tokens: list[Token], shared: set[str]) -> dict[int, tuple[int, int]]:
    """The pasted ``∑`` or ``∏`` with its index letter run after it (``∑i wji zi``, ``∑n (yn - tn)^2``), that letter one
    of the formula's flattened indices: the operator's subscript, as the book typeset it."""
    out = {}
    for k, t in enumerate(tokens):
        j = k + 1 + (k + 1 < len(tokens) and tokens[k + 1].kind == "space" and tokens[k + 1].span == t.span)
        if (t.kind == "cmd" and t.text in ("\\sum", "\\prod") and j < len(tokens) and tokens[j].kind == "letter"
                and tokens[j].text in shared and tokens[j].span.start == t.span.end
                and not (j + 1 < len(tokens) and tokens[j + 1].kind == "letter"
                         and tokens[j + 1].span.start == tokens[j].span.end)):
            out[k] = (j, j + 1)
    return out


def flattened_subscripts(tokens: list[Token], source: str) -> tuple[list[Token], list[Pasted]]:
    """``tokens`` with the index letters run onto names made subscripts (see the module), and the notes to make."""
    from symdl.functions import KNOWN_FUNCTIONS
    from symdl.read.words import code_formula  # here: words imports the reader's modules

    if "\\" in source or any(t.is_op("_") for t in tokens) or code_formula(source):
        return tokens, []  # code's torch.exp(sim / t).sum(dim=1): words, not flattened names
    runs = [(k, j, end) for k, j, end in _runs(tokens)
            if "".join(t.text.lstrip("\\") for t in tokens[k:end] if t.kind != "space").lower() not in KNOWN_FUNCTIONS]
    bases: dict[str, set[str]] = {}
    for k, j, end in runs:
        for t in tokens[j:end]:
            bases.setdefault(t.text, set()).add(tokens[k].text)
    shared = {letter for letter, names in bases.items() if len(names) >= 2}
    chosen = {k: (j, end) for k, j, end in runs if all(t.text in shared for t in tokens[j:end])}
    if not chosen:
        return tokens, []
    chosen |= _bounds(tokens, shared)
    out: list[Token] = []
    notes: list[Pasted] = []
    k = 0
    while k < len(tokens):
        if k not in chosen:
            out.append(tokens[k])
            k += 1
            continue
        j, end = chosen[k]
        tail = tokens[j:end]
        out += [*tokens[k:j], Token("op", "_", tail[0].span), Token("lbrace", "{", tail[0].span), *tail,
                Token("rbrace", "}", tail[-1].span)]
        span = Span(tokens[k].span.start, tail[-1].span.end)
        sub = "".join(t.text for t in tail)
        notes.append(("flattened-subscript", span, {"sub": sub, "plain": source[span.start : span.end]}))
        k = end
    return out, notes
