"""Tokens with spans into the original text, after folding unicode look-alikes.

Pasted formulas carry unicode minus signs, en/em dashes, curly primes,
non-breaking and thin spaces, and Greek letters typed directly.  They are folded
to plain LaTeX here, but every token keeps the span of the characters it came
from, so errors point at what the user actually wrote.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from symdl.errors import InvalidInput, Span
from symdl.read.unicodemath import fold_text

#: Unicode character → the LaTeX it stands for.
UNICODE_FOLD: dict[str, str] = {
    "\u2212": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2010": "-",
    "\u2011": "-",
    "\u2019": "'",
    "\u2018": "'",
    "\u2032": "'",
    "\u00b4": "'",
    "\u2033": "''",
    "\u00a0": " ",
    "~": " ",  # TeX's tie: a space that does not break
    "`": " ",  # Markdown's code marks around a pasted formula (`G(x) = Softmax(TopK(H(x), k))`)
    "\u2009": " ",
    "\u202f": " ",
    "\u2002": " ",
    "\u2003": " ",
    "\u2005": " ",
    "\u2006": " ",
    "\u200a": " ",
    "\u200b": "",
    "\ufeff": "",
    "\u00b7": r"\cdot ",
    "\u22c5": r"\cdot ",
    "\u00d7": r"\times ",
    "\u2299": r"\odot ",
    "\u2298": r"\oslash ",  # Géron's element-wise division θ ← θ − η g ⊘ √(s + ε)
    "\u2218": r"\circ ",
    "\u25e6": r"\circ ",  # the white bullet a rendered doc writes for the Hadamard product (cuDNN's f_t ◦ c_{t-1})
    "\u2211": r"\sum ",
    "\u220f": r"\prod ",
    "\u221a": r"\sqrt ",
    "\u2207": r"\nabla ",
    "\u2202": r"\partial ",
    "\u2190": r"\leftarrow ",
    "\u2254": ":=",
    "\u2208": r"\in ",
    "\u211d": r"\mathbb{R}",
    "\u22a4": r"\top ",
    "\u2264": r"\le ",
    "\u2265": r"\ge ",
    "\u2248": r"\approx ",
    "\u2243": r"\simeq ",
    "\u221e": r"\infty ",
    "\u2026": r"\dots ",
    "\u22ef": r"\cdots ",
    # operators pasted from PDFs and rendered pages, as their commands (a blog's GLU (xW + b) ⊗ σ(xV + c), a Dice
    # loss's |P ∩ G|): each reads as the command does, or is refused by the command's name
    "\u2297": r"\otimes ",
    "\u2295": r"\oplus ",
    "\u2229": r"\cap ",
    "\u222a": r"\cup ",
    "\u2192": r"\rightarrow ",
    "\u2260": r"\neq ",
    "\u2209": r"\notin ",
    "\u2217": "*",
    "\u00f7": r"\div ",
    "\u00b1": r"\pm ",
    "\u223c": r"\sim ",
    "\u221d": r"\propto ",
    "\u222b": r"\int ",
    "\u2261": r"\equiv ",
    "\u27e8": r"\langle ",
    "\u27e9": r"\rangle ",
    "\u230a": r"\lfloor ",
    "\u230b": r"\rfloor ",
    "\u2308": r"\lceil ",
    "\u2309": r"\rceil ",
    "\u2016": r"\|",
    "\u2223": "|",  # the divides sign ∣, pasted for a norm's or an absolute value's bar (∣∣u∣∣)
    "\u2225": r"\|",  # the parallel sign ∥, pasted for a norm's double bar
    # vulgar fractions and the double-struck one pasted from rendered pages (JSD = ½ KL(P‖M) + ½ KL(Q‖M); 𝟙[y = k])
    **{ch: rf"\frac{{{n}}}{{{d}}} " for ch, (n, d) in {"\u00bd": (1, 2), "\u2153": (1, 3), "\u2154": (2, 3),
                                                      "\u00bc": (1, 4), "\u00be": (3, 4), "\u2155": (1, 5),
                                                      "\u2159": (1, 6), "\u215b": (1, 8)}.items()},
    "\U0001d7d9": r"\mathbb{1}",
    "\u2113": r"\ell ",
    "\u03d5": r"\phi ",
    "\u03f5": r"\epsilon ",
    "\u03b1": r"\alpha ",
    "\u03b2": r"\beta ",
    "\u03b3": r"\gamma ",
    "\u03b4": r"\delta ",
    "\u03b5": r"\varepsilon ",
    "\u03b6": r"\zeta ",
    "\u03b7": r"\eta ",
    "\u03b8": r"\theta ",
    "\u03b9": r"\iota ",
    "\u03ba": r"\kappa ",
    "\u03bb": r"\lambda ",
    "\u03bc": r"\mu ",
    "\u03bd": r"\nu ",
    "\u03be": r"\xi ",
    "\u03c0": r"\pi ",
    "\u03c1": r"\rho ",
    "\u03c3": r"\sigma ",
    "\u03c4": r"\tau ",
    "\u03c5": r"\upsilon ",
    "\u03c6": r"\varphi ",
    "\u03c7": r"\chi ",
    "\u03c8": r"\psi ",
    "\u03c9": r"\omega ",
    "\u0393": r"\Gamma ",
    "\u0394": r"\Delta ",
    "\u0398": r"\Theta ",
    "\u039b": r"\Lambda ",
    "\u03a3": r"\Sigma ",
    "\u03a0": r"\Pi ",
    "\u03a6": r"\Phi ",
    "\u03a8": r"\Psi ",
    "\u03a9": r"\Omega ",
}

SINGLE_OPS = set("+-*/=^_()[],;|'!<>:&.@?")  # @ and ?: code's matrix product and conditional (read.matmulop)
#: the digits of a number (str.isdigit also says yes to ₁, ², ٣ ...: those are folded or refused)
DIGITS = frozenset("0123456789")
#: commands whose star changes only the layout (\operatorname*{argmax}, \hspace*{1em}): the star is dropped
STAR_LAYOUT = {"\\operatorname", "\\hspace", "\\vspace", "\\\\"}
#: a row break's optional length (``\\\\[0.4em]``, ``\\\\[2pt]``, ``\\\\*[-1mm]``): layout, part of the break token
ROW_SPACE = re.compile(r"\s*\[\s*[-+]?(?:\d+\.?\d*|\.\d+)\s*(?:pt|em|ex|mm|cm|in|mu|bp|pc|sp|dd)\s*\]")


@dataclass(frozen=True)
class Token:
    """One lexical unit.

    Attributes:
        kind: ``cmd`` (``\\frac``, ``\\,``, ``\\\\``), ``letter``, ``number``, ``op`` (one
            of ``+-*/=^_()[],;|'!<>:&.@?``), ``lbrace``, ``rbrace``, ``space`` or ``newline``.
        text: the folded text (``\\alpha`` for a typed α).
        span: where it came from in the original input.
    """

    kind: str
    text: str
    span: Span

    def is_op(self, *texts: str) -> bool:
        return self.kind == "op" and self.text in texts

    def is_cmd(self, *names: str) -> bool:
        return self.kind == "cmd" and self.text in names


def fold(source: str) -> tuple[str, list[int]]:
    """Fold unicode look-alikes, sub- and superscripts and accented letters; return the folded text and, per folded
    char, its source index."""
    return fold_text(source, UNICODE_FOLD)  # x₁₀ as x_{10}, ᾱ as \bar{\alpha} (symdl.read.unicodemath)


def _scientific_end(text: str, j: int) -> int:
    """End of ``1e-8``'s exponent when ``text[j:]`` continues a number that way, else ``j``.

    Code-style scientific notation (``\\epsilon = 1e-8``) is what a reader means; ``2e^{x}`` and ``2e``
    (two times Euler's e) are left alone.
    """
    n = len(text)
    if j >= n or text[j] not in "eE":
        return j
    k = j + 1
    if k < n and text[k] in "+-":
        k += 1
    if k >= n or text[k] not in DIGITS:
        return j
    while k < n and text[k] in DIGITS:
        k += 1
    return k


#: a run of dollar signs, TeX's math delimiters $...$ and $$...$$
_DOLLARS = re.compile(r"\$+")


def display_breaks(text: str) -> set[int]:
    """Where a math delimiter closes a display that another display follows after white space only (``$$a = b$$
    $$c = d$$``, ``$x$ $y$``): those closings separate statements.  Only when every delimiter pairs up."""
    runs = list(_DOLLARS.finditer(text))
    if len(runs) < 4 or len(runs) % 2:
        return set()
    closes = runs[1::2]
    opens = runs[2::2]
    return {c.start() for c, o in zip(closes, opens, strict=False) if not text[c.end() : o.start()].strip()}


def liquid_tags(text: str) -> dict[int, bool]:
    """The positions of a blog's Liquid template delimiters ``{%`` and ``%}`` around equations (``{% \\nu_t = ... %}
    {% \\theta_{t+1} = ... %}``) → whether the delimiter separates two statements (a closing one before another
    opening); empty unless they pair up in order.  TeX would read ``%`` as the start of a comment."""
    marks = [(m.start(), m.group()) for m in re.finditer(r"\{%|%\}", text)]
    if not marks or len(marks) % 2 or any(mark != ("{%" if k % 2 == 0 else "%}") for k, (_, mark) in enumerate(marks)):
        return {}
    return {at: mark == "%}" and k + 1 < len(marks) for k, (at, mark) in enumerate(marks)}


#: code's modulo: ``%`` after an operand, then one operand and an operator or the line's end (``i % 2 == 0``,
#: ``(t + 1) % k``); anything else after ``%`` (words) is TeX's comment
_CODE_MODULO = re.compile(r"%[ \t]*[A-Za-z0-9_.]+[ \t]*(?:$|[)\]+\-*/,=<>:&|])", re.M)


def code_modulo(text: str, i: int) -> bool:
    """Is the ``%`` at ``text[i]`` code's remainder operator, not a comment?"""
    before = text[:i].rstrip(" \t")
    return bool(before) and (before[-1].isalnum() or before[-1] in "_)]") and bool(_CODE_MODULO.match(text, i))


def tokenize(source: str) -> list[Token]:
    """Split ``source`` into tokens.

    Raises:
        InvalidInput: for a character that has no meaning in a formula.
    """
    text, where = fold(source)
    tokens: list[Token] = []
    i, n = 0, len(text)
    breaks = display_breaks(text)
    liquid = liquid_tags(text)  # a blog's {% ... %} template delimiters around each equation

    def span(a: int, b: int) -> Span:
        return Span(where[a], where[b - 1] + 1 if b > a else where[a])

    while i < n:
        ch = text[i]
        if i in liquid:  # {% or %}: a row break after a closing one that another equation follows, else a space
            kind, mark = ("cmd", "\\\\") if liquid[i] else ("space", " ")
            tokens.append(Token(kind, mark, span(i, i + 2)))
            i += 2
            continue
        if ch == "\\":
            j = i + 1
            if j < n and text[j].isalpha():
                while j < n and text[j].isalpha():
                    j += 1
            elif j < n:
                j += 1
            else:
                raise InvalidInput(
                    "a lone backslash ends the formula",
                    source=source,
                    span=span(i, i + 1),
                    hint="remove it or complete the command (e.g. \\alpha)",
                )
            name = text[i:j]
            if name in STAR_LAYOUT and j < n and text[j] == "*":
                j += 1
            if name == "\\\\" and (space := ROW_SPACE.match(text, j)):
                j = space.end()
            # \! is a negative thin space that only tightens the type (\sigma\!\left(...\right), f\!(x)): a
            # space, so a name before it still touches its parenthesis
            tokens.append(Token("space", " ", span(i, j)) if name == "\\!" else Token("cmd", name, span(i, j)))
            i = j
        elif ch.isalpha() and ch.isascii():
            tokens.append(Token("letter", ch, span(i, i + 1)))
            i += 1
        elif ch in DIGITS:
            j = i
            while j < n and text[j] in DIGITS:
                j += 1
            if j + 1 < n and text[j] == "." and text[j + 1] in DIGITS:
                j += 1
                while j < n and text[j] in DIGITS:
                    j += 1
            if text[j : j + 1] == "." and (after := _scientific_end(text, j + 1)) > j + 1:  # Python's 1.e-6: 1e-6
                tokens.append(Token("number", text[i:j] + text[j + 1 : after], span(i, after)))
                i = after
                continue
            j = _scientific_end(text, j)
            code_float = text[j : j + 1] == "." and text[j + 1 :].lstrip(" ")[:1] in tuple(")],+-*/")
            tokens.append(Token("number", text[i:j], span(i, j + code_float)))  # the Keras docs' log(y_pred + 1.)
            i = j + code_float
        elif text.startswith("...", i):  # Vaswani et al.'s Concat(head_1, ..., head_h): three periods, \ldots
            tokens.append(Token("cmd", "\\ldots", span(i, i + 3)))
            i += 3
        elif ch == "." and i + 1 < n and text[i + 1] in DIGITS:
            j = i + 1
            while j < n and text[j] in DIGITS:
                j += 1
            tokens.append(Token("number", "0" + text[i:j], span(i, j)))
            i = j
        elif ch == "{":
            tokens.append(Token("lbrace", ch, span(i, i + 1)))
            i += 1
        elif ch == "}":
            tokens.append(Token("rbrace", ch, span(i, i + 1)))
            i += 1
        elif ch == "\n":
            tokens.append(Token("newline", ch, span(i, i + 1)))
            i += 1
        elif ch.isspace():
            j = i
            while j < n and text[j].isspace() and text[j] != "\n":
                j += 1
            tokens.append(Token("space", " ", span(i, j)))
            i = j
        elif ch in SINGLE_OPS:
            tokens.append(Token("op", ch, span(i, i + 1)))
            i += 1
        elif ch == "%" and code_modulo(text, i):  # code's i % 2 == 0: the remainder, as \bmod
            tokens.append(Token("cmd", "\\bmod", span(i, i + 1)))
            i += 1
        elif ch == "%":
            # A LaTeX comment runs to the end of the line.
            while i < n and text[i] != "\n":
                i += 1
        elif ch == "$":
            # Math delimiters pasted with the formula are ignored; one closing a display that another display follows
            # is a row break (two equations pasted as $$a = b$$ $$c = d$$ are two statements, not one chain)
            run = len(text[i:]) - len(text[i:].lstrip("$"))
            kind, mark = ("cmd", "\\\\") if i in breaks else ("space", " ")
            tokens.append(Token(kind, mark, span(i, i + run)))
            i += run
        else:
            raise InvalidInput(
                f"unexpected character {ch!r}",
                source=source,
                span=span(i, i + 1),
                hint="formulas use LaTeX; write Greek letters and operators as commands (\\alpha, \\cdot)",
            )
    from symdl.read.textpasses import blank_text, code_words, hyphen_words, text_calls, text_parens  # read tokens

    return code_words(text_parens(text_calls(blank_text(hyphen_words(_sized_delimiters(_negated(_primes(
        _bar_macros(_aliases(tokens))))))))), source)


#: MathJax's and TeX's other spellings of a relation or a row break: ``\\gt`` is ``>`` (MathJax writes it so that
#: HTML keeps no bare ``<``/``>``), ``\\geqslant`` is ``\\geq``, plain TeX's ``\\cr`` ends a row as ``\\\\`` does
ALIASES: dict[str, tuple[str, str]] = {
    "\\gt": ("op", ">"),
    "\\lt": ("op", "<"),
    "\\geqslant": ("cmd", "\\geq"),
    "\\leqslant": ("cmd", "\\leq"),
    "\\cr": ("cmd", "\\\\"),
    "\\longleftarrow": ("cmd", "\\leftarrow"),  # algorithm boxes' update arrow, drawn longer
    "\\triangledown": ("cmd", "\\nabla"),  # the gradient drawn as a triangle (a WGAN-GP paste's \triangledown_x)
    "\\mathbbm": ("cmd", "\\mathbb"),  # the bbm package's blackboard letters (Switch Transformer's \mathbbm{1})
    "\\mathds": ("cmd", "\\mathbb"),  # the dsfont package's (\mathds{1}, the indicator)
    "\\space": ("cmd", "\\,"),  # MathJax's \space, a space (Song's blog: E_{x \sim p(x)} \space tr(...))
    "\\hbox": ("cmd", "\\mbox"),  # plain TeX's box of text (MXNet's docs: \hbox{(include $B$ optionally)})
    "\\ll": ("op", "<"),  # much less than: a condition beside the formula (the lottery ticket's k \ll T)
    "\\gg": ("op", ">"),  # much greater than (SIREN's \alpha \gg 1)
    "\\bigodot": ("cmd", "\\odot"),  # the large ⊙ written between two vectors (a GRU's (1 - z_t) \bigodot h_{t-1})
    **{f"\\var{g}": ("cmd", f"\\{g}") for g in ("Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon",
                                                "Phi", "Psi", "Omega")},  # amsmath's italic capitals: \varSigma
}


#: a bar command written twice in a row, and the norm bar it spells
_DOUBLED_BARS = {"\\mid": "\\|", "\\vert": "\\|", "\\lvert": "\\lVert", "\\rvert": "\\rVert"}


def _aliases(tokens: list[Token]) -> list[Token]:
    """Each alias of :data:`ALIASES` as the token it spells, with the span of what was written; two ``\\mid`` with
    only spaces between (a course's ``\\mid\\mid grad - gradapprox \\mid\\mid_2``; ``\\vert``, ``\\lvert``, ``\\rvert``
    likewise) as the norm bars ``\\|``."""
    out: list[Token] = []
    for t in tokens:
        if t.kind == "cmd" and t.text in _DOUBLED_BARS:
            k = len(out)
            while k > 0 and out[k - 1].kind == "space":
                k -= 1
            if k > 0 and out[k - 1].is_cmd(t.text):  # NNabla's \lvert \lvert x \rvert \rvert_p: \lVert x \rVert_p
                out[k - 1 :] = [Token("cmd", _DOUBLED_BARS[t.text], Span(out[k - 1].span.start, t.span.end))]
                continue
        if t.is_op(":") and out and out[-1].is_op(":") and out[-1].span.end == t.span.start:
            out[-1] = Token("op", ":", Span(out[-1].span.start, t.span.end))  # BNF's ::= (Integrated Gradients'
            continue  # IntegratedGrads_i(x) ::= ...): a definition, as :=
        out.append(Token(*ALIASES[t.text], t.span) if t.kind == "cmd" and t.text in ALIASES else t)
    return out


#: the papers' own macros (the physics package's, and every preamble's) for a norm and an absolute value, and the
#: bars they typeset around their one argument
_BAR_MACROS = {"\\norm": ("\\lVert", "\\rVert"), "\\abs": ("\\lvert", "\\rvert")}


def _bar_macros(tokens: list[Token]) -> list[Token]:
    """``\\norm{g_i}``, ``\\abs{x}`` (macros of the physics package, and of most papers' preambles): the bars
    ``\\lVert g_i \\rVert``, ``\\lvert x \\rvert`` around the argument, each bar with the span of what was written."""
    out = list(tokens)
    k = 0
    while k < len(out):
        t = out[k]
        j = k + 1
        while j < len(out) and out[j].kind == "space":
            j += 1
        if t.kind != "cmd" or t.text not in _BAR_MACROS or j >= len(out) or out[j].kind != "lbrace":
            k += 1
            continue
        depth, end = 0, j
        for end in range(j, len(out)):
            depth += {"lbrace": 1, "rbrace": -1}.get(out[end].kind, 0)
            if depth == 0:
                break
        if depth != 0:
            k += 1
            continue
        left, right = _BAR_MACROS[t.text]
        out[end] = Token("cmd", right, out[end].span)
        out[k : j + 1] = [Token("cmd", left, Span(t.span.start, out[j].span.end))]
        k += 1
    return out


def _primes(tokens: list[Token]) -> list[Token]:
    """``t^\\prime``, ``t^{\\prime}``, ``t^{\\prime\\prime}``: the primes ``'`` they typeset (Ruder's AdaGrad
    ``\\sum^t_{t^\\prime} g^2_{t^\\prime,i}``: the index t', which a sum binds as it binds ``t'``)."""
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        t = tokens[k]
        if t.is_op("^") and k + 1 < len(tokens):
            braced = tokens[k + 1].kind == "lbrace"
            j = k + 2 if braced else k + 1
            n = 0
            while j < len(tokens) and tokens[j].is_cmd("\\prime") and (braced or n == 0):
                j, n = j + 1, n + 1
            if n and (not braced or (j < len(tokens) and tokens[j].kind == "rbrace")):
                end = j + 1 if braced else j
                out.extend(Token("op", "'", Span(t.span.start, tokens[end - 1].span.end)) for _ in range(n))
                k = end
                continue
        out.append(t)
        k += 1
    return out


#: the font sizes a blog wraps a whole display in (\Large{...})
_FONT_SIZES = {"\\tiny", "\\scriptsize", "\\footnotesize", "\\small", "\\normalsize", "\\large", "\\Large",
               "\\LARGE", "\\huge", "\\Huge"}
#: commands that size what follows: TeX's \big family and the font sizes course notes put before a parenthesis
_SIZE_COMMANDS = {"\\big", "\\Big", "\\bigg", "\\Bigg", "\\bigl", "\\bigr", "\\Bigl", "\\Bigr", "\\biggl",
                  "\\biggr", "\\Biggl", "\\Biggr", *_FONT_SIZES}


def _sized_delimiters(tokens: list[Token]) -> list[Token]:
    """``\\large{(}``, ``\\Big{)}``: a delimiter braced after a size command is that delimiter (Ng's course notes
    write ``\\large{(} ... \\large{)}`` around a loss); the braces make no group of it."""
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        t = tokens[k]
        after_size = out and out[-1].kind == "cmd" and out[-1].text in _SIZE_COMMANDS
        if (after_size and t.kind == "lbrace" and k + 2 < len(tokens) and tokens[k + 2].kind == "rbrace"
                and tokens[k + 1].kind == "op" and tokens[k + 1].text in "()[]"):
            out.append(tokens[k + 1])
            k += 3
            continue
        if after_size and t.kind == "lbrace" and out[-1].text in _FONT_SIZES and (end := _whole_statement(tokens, k)):
            out.extend(tokens[k + 1 : end])  # a blog's \Large{PE_{(pos, 2i)} = \sin(...)}: the statement, sized
            k = end + 1
            continue
        out.append(t)
        k += 1
    return out


def _whole_statement(tokens: list[Token], k: int) -> int | None:
    """The index of the brace closing the group opened at ``tokens[k]`` when that group holds a relation at its top
    level (a statement, never a sub-expression), else None."""
    depth, relation = 0, False
    for j in range(k, len(tokens)):
        kind = tokens[j].kind
        depth += kind == "lbrace"
        depth -= kind == "rbrace"
        if depth == 1 and tokens[j].text in ("=", "<", ">", "\\leq", "\\geq", "\\approx", "\\leftarrow"):
            relation = True
        if depth == 0:
            return j if relation else None
    return None


#: ``\\not`` before a relation: the negated relation's command (PyTorch's ``y_n \\not= \\text{ignore\\_index}``)
NEGATED = {"=": "\\neq", "\\in": "\\notin", "\\equiv": "\\neq"}


def _negated(tokens: list[Token]) -> list[Token]:
    """``\\not=``, ``\\not\\in`` as the one command ``\\neq``, ``\\notin`` (TeX overprints a slash)."""
    out: list[Token] = []
    k = 0
    while k < len(tokens):
        t = tokens[k]
        j = k + 1
        while j < len(tokens) and tokens[j].kind == "space":
            j += 1
        if t.kind == "cmd" and t.text == "\\not" and j < len(tokens) and tokens[j].text in NEGATED:
            out.append(Token("cmd", NEGATED[tokens[j].text], Span(t.span.start, tokens[j].span.end)))
            k = j + 1
            continue
        out.append(t)
        k += 1
    return out
