"""Unicode pasted from web pages, quizzes and chat answers, folded to the LaTeX it stands for.

Formulas copied out of rendered pages carry Unicode's own sub- and superscripts (``xₜ``, ``x₀``, ``Wᵀ``, ``e⁻ˣ``,
``gᵢⱼ``) and letters with an accent mark on them (``ᾱₜ``, ``ŷ``, ``x̄``: a precomposed letter or a letter followed by
a combining mark).  A run of subscript characters is one subscript (``x₁₀`` is ``x_{10}``, ``gᵢⱼ`` is ``g_{ij}``), a
run of superscript characters one superscript (``e⁻ˣ`` is ``e^{-x}``); a letter with a macron, hat, tilde, dot or
arrow is that accent on the letter (``ᾱ`` is ``\\bar{\\alpha}``).  Each folded character keeps the index of the
character it came from, so a token's span points at what the user wrote.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from symdl.errors import Span

#: Unicode subscript characters → what they subscript (digits, the Latin and Greek letters Unicode has, signs)
SUBSCRIPTS: dict[str, str] = {
    **{chr(0x2080 + d): str(d) for d in range(10)},
    "\u208a": "+",
    "\u208b": "-",
    "\u208c": "=",
    "\u208d": "(",
    "\u208e": ")",
    "\u2090": "a",
    "\u2091": "e",
    "\u2092": "o",
    "\u2093": "x",
    "\u2095": "h",
    "\u2096": "k",
    "\u2097": "l",
    "\u2098": "m",
    "\u2099": "n",
    "\u209a": "p",
    "\u209b": "s",
    "\u209c": "t",
    "\u1d62": "i",
    "\u1d63": "r",
    "\u1d64": "u",
    "\u1d65": "v",
    "\u2c7c": "j",
    "\u1d66": "\\beta ",
    "\u1d67": "\\gamma ",
    "\u1d68": "\\rho ",
    "\u1d69": "\\phi ",
    "\u1d6a": "\\chi ",
}

#: a run of Unicode subscripts then a plain subscript, ``β₂_t`` (the rlx-optim docs' Adafactor, for the paper's
#: \\hat{\\beta}_{2t}): one subscript of both, ``\\beta_{2,t}``, β_2 at the step t (noted ``unicode-subscript-step``)
STEP = re.compile("[" + re.escape("".join(SUBSCRIPTS)) + r"]+_(\{[^{}\n]*\}|[A-Za-z0-9]+)")


#: a draw under an expectation, plain text's ``s'∼P``, ``x~P_g``: a name (primes allowed), ∼ or ~, a letter with its
#: subscript (the distribution)
_DRAW = r"[A-Za-z\u0370-\u03ff]'*\s*[\u223c~]\s*[A-Za-z\u0370-\u03ff](?:_\{[^{}\n]*\}|_[A-Za-z0-9\u0370-\u03ff]+)?"

#: an expectation whose subscript a paste flattened, ``Es'∼P, a'∼π[...]`` (a SAC note's soft Bellman backup) or
#: ``E_x∼P_r[D(x)]`` (a WGAN glossary): E, its draws, then the bracket; read ``E_{s'∼P, a'∼π}[...]``, noted
#: ``flattened-expectation``
FLAT_E = re.compile(r"(?<![A-Za-z\\])E_?(" + _DRAW + r"(?:\s*,\s*" + _DRAW + r")*)\s*(?=\[)")


#: the modifier capital letters Unicode has (U+1D2C ᴬ ... U+1D42 ᵂ, U+2C7D ⱽ) → the letter they raise
MODIFIER_CAPITALS: dict[int, str] = {
    7468: "A",
    7470: "B",
    7472: "D",
    7473: "E",
    7475: "G",
    7476: "H",
    7477: "I",
    7478: "J",
    7479: "K",
    7480: "L",
    7481: "M",
    7482: "N",
    7484: "O",
    7486: "P",
    7487: "R",
    7488: "T",
    7489: "U",
    7490: "W",
    11389: "V",
}


def subscript_steps(source: str) -> list[tuple[str, Span, dict[str, str]]]:
    """Where ``source`` writes :data:`STEP`'s run of Unicode subscripts then a plain subscript: the note's rule,
    span and values, for each."""
    starts = [(m.start() - (m.start() > 0 and source[m.start() - 1].isalpha()), m.end()) for m in STEP.finditer(source)]
    spans = [Span(a, b) for a, b in starts]
    return [("unicode-subscript-step", at, {"plain": source[at.start : at.end]}) for at in spans]


def flattened_expectations(source: str) -> list[tuple[str, Span, dict[str, str]]]:
    """Where ``source`` writes :data:`FLAT_E`'s expectation with its subscript flattened: the note's rule, span and
    values, for each."""
    return [("flattened-expectation", Span(m.start(), m.end()), {"plain": m.group(0).strip()})
            for m in FLAT_E.finditer(source)]


#: an optimisation operator or a TeX space right before `` ~ ``: the tie is a space there, never a draw (the Optax
#: docs' ``\underset{y}{\text{argmin}} ~ \frac{1}{2} ||x - y||_2^2``)
_AFTER_OPERATOR = re.compile(r"(?:arg\s*m(?:in|ax)|minimi[sz]e|maximi[sz]e)\}*\s*\Z|\\q?quad\s*\Z|\\[,;:!]\s*\Z")


def _glued_tilde(source: str, i: int) -> bool:
    """``x~P_g``: a ``~`` with a one-letter name right before it and a letter right after, in a formula with no TeX
    command (plain text has no tie: it is ∼), or inside a subscript's braces (``E_{x~P_g}``: TeX puts no tie there)."""
    if source[i] != "~" or not (0 < i < len(source) - 1):
        return False
    j = i - 1
    while j > 0 and source[j] == "'":
        j -= 1
    lone = source[j].isalpha() and (j == 0 or not (source[j - 1].isalpha() or source[j - 1] == "\\"))
    if not (lone and source[i + 1].isalpha()):  # a one-letter name before it (s'~P); a word's tie stays (for~i)
        return False
    if "\\" not in source:
        return True
    opened = source.rfind("_{", 0, i)
    return opened >= 0 and "}" not in source[opened:i]


#: Unicode superscript characters → what they raise
SUPERSCRIPTS: dict[str, str] = {
    "\u2070": "0",
    "\u00b9": "1",
    "\u00b2": "2",
    "\u00b3": "3",
    **{chr(0x2070 + d): str(d) for d in range(4, 10)},
    "\u207a": "+",
    "\u207b": "-",
    "\u207c": "=",
    "\u207d": "(",
    "\u207e": ")",
    "\u2071": "i",
    "\u207f": "n",
    "\u1d43": "a",
    "\u1d47": "b",
    "\u1d9c": "c",
    "\u1d48": "d",
    "\u1d49": "e",
    "\u1da0": "f",
    "\u1d4d": "g",
    "\u02b0": "h",
    "\u02b2": "j",
    "\u1d4f": "k",
    "\u02e1": "l",
    "\u1d50": "m",
    "\u1d52": "o",
    "\u1d56": "p",
    "\u02b3": "r",
    "\u02e2": "s",
    "\u1d57": "t",
    "\u1d58": "u",
    "\u1d5b": "v",
    "\u02b7": "w",
    "\u02e3": "x",
    "\u02b8": "y",
    "\u1dbb": "z",
    **{chr(cp): letter for cp, letter in MODIFIER_CAPITALS.items()},  # ᴸ (Nielsen's δᴸ), ᵀ, ᴺ, ᵂ ...
    "\u1d5d": "\\beta ",
    "\u1d5e": "\\gamma ",
    "\u1d5f": "\\delta ",
    "\u1d60": "\\phi ",
    "\u1d61": "\\chi ",
}

#: combining marks → the accent command they put on the letter before them (U+0304 macron, U+0305 overline,
#: U+0302 circumflex, U+0303 tilde, U+0307 dot above, U+20D7 the vector arrow)
ACCENT_MARKS: dict[str, str] = {
    "\u0304": "\\bar",
    "\u0305": "\\bar",
    "\u0302": "\\hat",
    "\u0303": "\\tilde",
    "\u0307": "\\dot",
    "\u20d7": "\\vec",
}


def _accented(ch: str, nxt: str) -> tuple[str, str, int] | None:
    """(the letter, the accent command, how many characters they take) for a letter with an accent mark: a
    combining mark after it (``x`` + U+0304) or a precomposed letter (``ᾱ``, ``ŷ``); None otherwise."""
    if nxt in ACCENT_MARKS and ch.isalpha():
        return ch, ACCENT_MARKS[nxt], 2
    parts = unicodedata.normalize("NFD", ch)
    if len(parts) == 2 and parts[1] in ACCENT_MARKS and parts[0].isalpha():
        return parts[0], ACCENT_MARKS[parts[1]], 1
    return None


def _flattened_nabla(source: str, i: int) -> bool:
    """``∇θ J(θ)``, ``∇w L``: a ∇ with one letter right after it, then a space and a letter (the function), as text
    copied from a PDF writes ∇_θ J(θ) with its subscript flattened; ``∇f(x)``, ``∇C`` keep their ∇ of the name."""
    after = source[i + 1 : i + 4]
    return (source[i] == "\u2207" and len(after) == 3 and after[0].isalpha() and after[1] == " "
            and after[2].isalpha())


def _letter_dot(source: str, i: int) -> bool:
    """``w.x`` in a plain-text paste (``dL/dw = -(y - sigmoid(w.x)) * x``): a period between two lower-case letters
    that stand alone (no letter, digit or period around them, no call after) is the dot product's ``\\cdot``; code's
    ``x.T``, ``x.mean()``, ``i.e.`` and ``0.5`` are not this."""
    if source[i] != "." or i == 0 or i + 1 >= len(source):
        return False
    a, b = source[i - 1], source[i + 1]
    before = source[i - 2] if i >= 2 else " "
    after = source[i + 2] if i + 2 < len(source) else " "
    return (a.isascii() and a.islower() and b.isascii() and b.islower() and not (before.isalnum() or before in "._\\")
            and after in " )+-*/=,]}")


def _script_run(source: str, i: int, single: dict[str, str], put: Callable[[str, int], None]) -> int:
    """Put the run of Unicode sub- or superscripts at ``i`` as one braced script (with a plain subscript after a
    subscript run, :data:`STEP`'s ``β₂_t``, inside the same braces); return where the run ends."""
    marks, lead = (SUBSCRIPTS, "_") if source[i] in SUBSCRIPTS else (SUPERSCRIPTS, "^")
    j = i
    while j < len(source) and source[j] in marks:
        j += 1
    put(lead + "{", i)
    for k in range(i, j):
        put(marks[source[k]], k)
    step = STEP.match(source, i) if lead == "_" else None
    if step is not None:  # β₂_t: \beta_{2,t}
        put(",", j)
        for k in range(step.start(1), step.end(1)):
            if source[k] not in "{}":
                put(single.get(source[k], source[k]), k)
        j = step.end()
    put("}", j - 1)
    return j


def fold_text(source: str, single: dict[str, str] | None = None) -> tuple[str, list[int]]:
    """``source`` with each character of ``single`` replaced by its LaTeX, runs of Unicode sub- and superscripts
    braced after ``_`` and ``^``, and accented letters as accent commands; with, per folded character, the index
    of the source character it came from (and the source's length after the last)."""
    single = single or {}
    out: list[str] = []
    where: list[int] = []

    def put(text: str, at: int) -> None:
        out.extend(text)
        where.extend([at] * len(text))

    i, n = 0, len(source)
    while i < n:
        ch = source[i]
        if ch in SUBSCRIPTS or ch in SUPERSCRIPTS:
            i = _script_run(source, i, single, put)
        else:
            accent = _accented(ch, source[i + 1] if i + 1 < n else "")
            if accent is not None:
                letter, command, size = accent
                put(command + "{", i)
                put(single.get(letter, letter), i)
                put("}", i + size - 1)
                i += size
                continue
            if _flattened_nabla(source, i):  # a PDF's ∇θ J(θ): the subscript lost its place, ∇_θ J(θ)
                put("\\nabla_{", i)
                put(single.get(source[i + 1], source[i + 1]), i + 1)
                put("}", i + 1)
                i += 2
                continue
            if _letter_dot(source, i):  # a plain-text dot product, sigmoid(w.x): the period between two letters
                put("\\cdot ", i)
                i += 1
                continue
            if source.startswith("<- ", i) and i > 0 and source[i - 1] == " ":  # pseudo-code's m <- beta1 * m + ...
                put("\\leftarrow", i)
                where[-1] = i + 1
                i += 2
                continue
            if (flat := FLAT_E.match(source, i)) is not None:  # Es'∼P, a'∼π[...]: E_{s'∼P, a'∼π}[...]
                put("E_{", i)
                inner, at = fold_text(flat.group(1), single)
                for c, k in zip(inner, at, strict=False):
                    put(c, flat.start(1) + k)
                put("}", flat.end() - 1)
                i = flat.end()
                continue
            if _glued_tilde(source, i) or (ch == "~" and 0 < i < n - 1 and source[i - 1] == " " == source[i + 1]
                                           and not _AFTER_OPERATOR.search(source, 0, i - 1)):
                put("\\sim ", i)  # plain text's eps ~ N(0, I): a tilde between spaces is \sim, not TeX's tie
            else:
                put(single.get(ch, ch), i)
            i += 1
    where.append(n)
    return "".join(out), where
