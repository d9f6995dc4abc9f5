r"""``code-decoration``: code names that spell their decoration as a word after an underscore.

Code and plain-text pastes cannot put a hat on a letter, so they name it: ``y_hat`` (Keras' and PyTorch's
predictions), ``m_hat_t`` and ``v_hat_t`` (the optirs docs' RAdam, Adam's bias-corrected moments), ``x_bar`` (a mean),
``theta_star`` (an optimum), ``x_tilde``, ``x_prime``.  After a one-letter name or a Greek letter's name, ``_hat``,
``_bar``, ``_tilde``, ``_prime`` or ``_star`` followed by no further letter or digit is that decoration:
``\hat{y}``, ``\hat{m}_t``, ``\bar{x}``, ``\theta^{*}``, ``\tilde{x}``, ``x'`` (noted, with how to write the word as
a subscript).  TeX's braced ``x_{bar}`` and a text box's ``\text{y_hat}`` are left as written; a longer base
(``y_hat`` inside ``my_hat``) is a code word.
"""

from __future__ import annotations

from symdl.errors import Span
from symdl.read.commands import GREEK
from symdl.read.lexer import Token
from symdl.read.pasted import Pasted
from symdl.read.textpasses import track_boxes

#: the decoration words → the accent command (None: written after the name, prime and star)
DECORATIONS: dict[str, str | None] = {"hat": "\\hat", "bar": "\\bar", "tilde": "\\tilde", "prime": None,
                                      "star": None}


def _joined(a: Token, b: Token) -> bool:
    return a.span.end == b.span.start


def _base_start(tokens: list[Token], k: int) -> int | None:
    """Where the name before the ``_`` at ``k`` starts: one letter, a Greek letter's command, or a Greek letter's
    name spelled in letters (``theta``); None for any other name (a code word, ``my``)."""
    if k == 0:
        return None
    if tokens[k - 1].kind == "cmd" and tokens[k - 1].text.lstrip("\\") in GREEK:
        return k - 1
    j = k - 1
    while j >= 0 and tokens[j].kind == "letter" and (j == k - 1 or _joined(tokens[j], tokens[j + 1])):
        j -= 1
    if j >= 0 and tokens[j].kind in ("letter", "number", "cmd") and _joined(tokens[j], tokens[j + 1]):
        return None  # the run continues (x2_hat, \alpha x_hat is fine: a space)
    if j >= 0 and tokens[j].is_op("_") and _joined(tokens[j], tokens[j + 1]):
        return None  # a word after another underscore (learning_rate_hat): a code name
    word = "".join(t.text for t in tokens[j + 1 : k])
    return j + 1 if len(word) == 1 or word in GREEK else None


def _word_end(tokens: list[Token], k: int) -> tuple[str, int] | None:
    """The decoration word right after the ``_`` at ``k`` and where it ends, if it is one and nothing joins it."""
    j = k + 1
    while j < len(tokens) and tokens[j].kind == "letter" and _joined(tokens[j - 1], tokens[j]):
        j += 1
    word = "".join(t.text for t in tokens[k + 1 : j])
    if word not in DECORATIONS:
        return None
    if j < len(tokens) and tokens[j].kind in ("number", "cmd") and _joined(tokens[j - 1], tokens[j]):
        return None
    return word, j


def _decorated(base: list[Token], word: str, span: Span) -> list[Token]:
    """The tokens of ``base`` with the decoration ``word`` on it."""
    command = DECORATIONS[word]
    if command is not None:
        return [Token("cmd", command, span), Token("lbrace", "{", span), *base, Token("rbrace", "}", span)]
    word_span = Span(base[-1].span.end, span.end)  # the word after the name: x_prime's _prime
    if word == "prime":
        return [*base, Token("op", "'", word_span)]
    return [*base, Token("op", "^", word_span), Token("lbrace", "{", word_span), Token("op", "*", word_span),
            Token("rbrace", "}", word_span)]


def code_decorations(tokens: list[Token], source: str) -> tuple[list[Token], list[Pasted]]:
    """``tokens`` with each code name's decoration word as the decoration (see the module), and the notes."""
    out: list[Token] = []
    notes: list[Pasted] = []
    boxed: list[bool] = []
    k = 0
    while k < len(tokens):
        t = tokens[k]
        track_boxes(boxed, out, t)
        start = _base_start(tokens, k) if t.is_op("_") and not any(boxed) else None
        found = _word_end(tokens, k) if start is not None else None
        if start is None or found is None or len(out) < k - start:
            out.append(t)
            k += 1
            continue
        word, end = found
        span = Span(tokens[start].span.start, tokens[end - 1].span.end)
        base = out[len(out) - (k - start) :]
        del out[len(out) - (k - start) :]
        out += _decorated(base, word, span)
        text = source[span.start : span.end]
        notes.append(("code-decoration", span, {"word": word, "plain": text}))
        k = end
    return out, notes
