r"""``plain-subscript``: subscripts in a formula typed without TeX (no backslash anywhere: the PyTorch docs' plain-text
RNN and GRU cells ``h_t = tanh(w_ih * x_t + b_ih + w_hh * h_(t-1) + b_hh)``, a README's ``y = x W_ih + b_ih``).

TeX reads ``W_ih`` as ``W_i h``; plain text means ``W_{ih}``: there a run of letters (or of digits) right after ``_``
after a one-letter name is one subscript (up to three letters: a longer run is a code name's word, ``y_true``), and a
parenthesis holding an expression right after ``_`` (``h_(t-1)``; not ``x_(i)``) is the subscript's braces.  A mixed run
(``W_2x``) is left to TeX's rule.  Noted, with how to write the TeX reading."""

from __future__ import annotations

from symdl.errors import Span
from symdl.read.commands import GREEK
from symdl.read.lexer import Token
from symdl.read.pasted import Pasted

#: the longest letter run read as one subscript: gate labels (ih, hh, xh, hr), index pairs (ij); a longer run after
#: an underscore is a code name's word (y_true, learning_rate), left to the code-name rules
_LONGEST = 3


def _lone_letter_base(tokens: list[Token], k: int) -> bool:
    """Is the name before the ``_`` at ``k`` one letter (``W_ih``; a pasted Greek letter, ``δ_ij``, folded to its
    command), not a code word's end (``learning_rate``)?"""
    if k >= 2 and tokens[k - 1].kind == "space" and tokens[k - 1].span.start < tokens[k - 2].span.end:
        k -= 1  # the space folding put after a pasted δ's command: no part of what was written
    if k == 0 or tokens[k - 1].kind not in ("letter", "cmd") or (
            tokens[k - 1].kind == "cmd" and tokens[k - 1].text[1:] not in GREEK):
        return False
    before = tokens[k - 2] if k >= 2 else None
    joined = before is not None and before.span.end == tokens[k - 1].span.start
    return not (joined and before.kind in ("letter", "number"))


def _run_end(tokens: list[Token], k: int) -> int:
    """The end of the run of letters (or of digits) written side by side from ``tokens[k]``."""
    kind = tokens[k].kind
    j = k + 1
    while j < len(tokens) and tokens[j].kind == kind and tokens[j].span.start == tokens[j - 1].span.end:
        j += 1
    if j < len(tokens) and tokens[j].kind in ("letter", "number") and tokens[j].span.start == tokens[j - 1].span.end:
        return k + 1  # a mixed run (W_2x): TeX's one character
    return j


def _paren_end(tokens: list[Token], k: int) -> int | None:
    """The index of the ``)`` closing the ``(`` at ``k`` (no nested parenthesis), or None."""
    for j in range(k + 1, min(len(tokens), k + 12)):
        if tokens[j].is_op("("):
            return None
        if tokens[j].is_op(")"):
            return j if j > k + 1 else None
    return None


def _left_step(tokens: list[Token], k: int) -> int | None:
    """The end of ``t+1`` in a left side ``c_t+1 =`` typed without TeX (RWKV's pseudo-code, an ASCII update
    ``x_k+1 = x_k - lr * g``): a name alone before ``=``, at the start of a line; a sum c_t + 1 is no name to
    define.  None for anything else."""
    if not _lone_letter_base(tokens, k) or k + 4 > len(tokens):
        return None
    name, letter, sign, num = tokens[k - 1], tokens[k + 1], tokens[k + 2], tokens[k + 3]
    if not (letter.kind == "letter" and sign.is_op("+", "-") and num.kind == "number"
            and letter.span.end == sign.span.start and sign.span.end == num.span.start):
        return None
    j = k + 4
    while j < len(tokens) and tokens[j].kind == "space":
        j += 1
    start = k - 2
    while start >= 0 and tokens[start].kind == "space":
        start -= 1
    first = start < 0 or tokens[start].kind == "newline" or tokens[start].text in ("\\\\", ";")
    return k + 4 if first and name.span.end == tokens[k].span.start and j < len(tokens) and tokens[j].is_op("=") \
        else None


#: the letters that count steps in a plain-text subscript written with its offset touching it (``α_t−1``)
_STEP_LETTERS = ("t", "k", "n", "s")


def _tight_step(tokens: list[Token], k: int) -> int | None:
    """The end of ``t−1`` in a plain-text subscript whose offset touches the step letter on both sides (the
    diffusers docstrings' ``α_t−1``, ``x_k+1``), before a character that is no letter or digit: typed without TeX,
    the step t − 1 (a difference is spaced: ``α_t - 1``).  None for anything else."""
    if not _lone_letter_base(tokens, k) or k + 3 >= len(tokens):
        return None
    letter, sign, num = tokens[k + 1], tokens[k + 2], tokens[k + 3]
    if not (letter.kind == "letter" and letter.text in _STEP_LETTERS and sign.is_op("+", "-") and num.kind == "number"
            and num.text.isdigit() and letter.span.end == sign.span.start and sign.span.end == num.span.start):
        return None
    after = tokens[k + 4] if k + 4 < len(tokens) else None
    if after is not None and after.kind in ("letter", "number") and after.span.start == num.span.end:
        return None
    return k + 4


def plain_subscripts(tokens: list[Token], source: str) -> tuple[list[Token], list[Pasted]]:
    """``tokens`` with plain text's subscript runs braced (see the module), and the notes to make of them."""
    if "\\" in source or not any(t.is_op("_") for t in tokens):
        return tokens, []
    out: list[Token] = []
    notes: list[Pasted] = []
    k = 0
    while k < len(tokens):
        t = tokens[k]
        nxt = tokens[k + 1] if k + 1 < len(tokens) else None
        if not (t.is_op("_") and out and nxt is not None and nxt.span.start == t.span.end):
            out.append(t)
            k += 1
            continue
        rule = "plain-subscript"
        if (end := _letter_run(tokens, k)) is None and (end := _left_step(tokens, k)) is not None:
            rule = "plain-subscript-step"  # c_t+1 = i_t * k_t + c_t * f_t: the next carry
        if end is None:
            end = _tight_step(tokens, k)  # diffusers' sqrt((1 − α_t−1)/(1 − α_t)): α at t − 1
        if end is not None:
            run = tokens[k + 1 : end]
            text = "".join(r.text for r in run)
            out += [t, Token("lbrace", "{", run[0].span), *run, Token("rbrace", "}", run[-1].span)]
        elif nxt.is_op("(") and (close := _paren_end(tokens, k + 1)) is not None and close - k - 2 >= 3 \
                and not _method_name(tokens, k):  # code's v.mul_(beta2): an in-place method's call, no subscript
            run = tokens[k + 2 : close]
            text = source[nxt.span.end : tokens[close].span.start]
            out += [t, Token("lbrace", "{", nxt.span), *run, Token("rbrace", "}", tokens[close].span)]
            end = close + 1
        else:
            out.append(t)
            k += 1
            continue
        span = Span(tokens[k - 1].span.start, tokens[end - 1].span.end)  # the name and its subscript
        notes.append((rule, span, {"sub": text, "plain": f"_{{{text}}}"}))
        k = end
    return out, notes


def _letter_run(tokens: list[Token], k: int) -> int | None:
    """The end of the run of letters (or digits) after the ``_`` at ``k`` that is one plain subscript (``W_ih``,
    ``x_12``): after a one-letter name, up to three letters (any digits), not before another ``_`` (d2l's
    ``H_tW_{hq}``: W has its own subscript); else None."""
    nxt = tokens[k + 1]
    if not (_lone_letter_base(tokens, k) and nxt.kind in ("letter", "number")):
        return None
    end = _run_end(tokens, k + 1)
    if end <= k + 2 or (end - k - 1 > _LONGEST and nxt.kind != "number") or (
            end < len(tokens) and tokens[end].is_op("_")):
        return None
    return end


def _method_name(tokens: list[Token], k: int) -> bool:
    """Does the ``_`` at ``k`` end a method's name after a ``.`` (code's ``exp_avg.mul_(beta2)``, ``.add_(...)``)?"""
    j = k
    while j > 0 and tokens[j - 1].kind in ("letter", "number") and tokens[j - 1].span.end == tokens[j].span.start:
        j -= 1
    return j < k and j > 0 and tokens[j - 1].is_op(".") and tokens[j - 1].span.end == tokens[j].span.start
