"""A label in words before a colon at the start of a line (rule ``prose-label``).

Chats, slides and blog posts introduce a formula with its name: ``Slopes are geometric: m_i = 2^{-8i/n}``, ``The
update: w = w - lr * g`` (a title in a text box, Prince's ``\\mathbf{BatchNorm}:``, is ``prose-clause``'s).  The words
before the colon name what follows; they are no part of the formula (read as maths they were products of letters,
or an unexpected ':').  Set aside only when the rest of the line is a statement (it has =, \\leftarrow or ←) and the
label is words: two or more, or one of three letters or more (``f: X \\to Y`` keeps its colon), none of them
written again in the formula as a name, and no Python keyword.
"""

from __future__ import annotations

import re

from symdl.errors import Span
from symdl.read.pasted import Pasted, blank_span

#: words, plain or in one text box, at a line's start, then a colon (not :=)
_LABEL = re.compile(r"^[ \t&]*(?P<label>(?P<plain>[A-Za-z][A-Za-z-]*(?: [A-Za-z][A-Za-z-]*)*))[ \t]*:(?!=)",
                    re.MULTILINE)
#: Python's words before a colon: code, read by the code rules (symdl.read.codeifs), never a label
_CODE_WORDS = {"if", "elif", "else", "for", "while", "def", "return", "try", "except", "with", "lambda", "class",
               "otherwise"}
#: what makes the rest of the line a statement
_STATEMENT = re.compile(r"=|\\leftarrow|\\gets|←")


def blank_labels(source: str) -> tuple[str, list[Pasted]]:
    """``source`` with each line's label in words before a colon blanked, and a ``prose-label`` note for each."""
    notes: list[Pasted] = []
    for m in _LABEL.finditer(source):
        words = m.group("plain").split()
        line_end = source.find("\n", m.end())
        rest = source[m.end() : len(source) if line_end < 0 else line_end]
        if not _STATEMENT.search(rest) or (len(words) == 1 and len(words[0]) < 3) or words[0].lower() in _CODE_WORDS:
            continue
        elsewhere = source[: m.start("label")] + source[m.end() :]
        if any(re.search(rf"(?<![\w\\]){re.escape(w)}(?!\w)", elsewhere) for w in words):
            continue  # a word of the label is a name of the formula: not prose
        start, end = m.start("label"), m.end()
        notes.append(("prose-label", Span(start, end), {"plain": source[start:end], "text": source[start:end]}))
        source = blank_span(source, start, end)
    return source, notes


#: a declaration keyword of JavaScript, Rust, Swift, C or C++ before the name a statement sets (``let grad = ...;``,
#: ``const y = x * w + b;``, ``float s = ...``, ``let mut v = ...``, ``auto z = ...``), at a statement's start
_DECLARATION = re.compile(
    r"(?:^|(?<=[;\n{]))[ \t]*(?P<kw>(?:let|const|var|auto|float|double|int)(?:[ \t]+mut)?)[ \t]+"
    r"(?=[A-Za-z_]\w*[ \t]*(?::[ \t]*[A-Za-z_]\w*[ \t]*)?=(?!=))")


def blank_declarations(source: str) -> tuple[str, list[Pasted]]:
    """``source`` with code's declaration keywords blanked (rule ``code-declaration``): they say that the statement
    declares the name it sets, and are no factor of it (``let grad = 1.0 - t * t * grad_out;`` read ``let·grad``)."""
    notes: list[Pasted] = []
    for m in _DECLARATION.finditer(source):
        start, end = m.start("kw"), m.end("kw")
        notes.append(("code-declaration", Span(start, end), {"plain": source[start:end], "keyword": source[start:end]}))
        source = blank_span(source, start, end)
    return source, notes


#: an algorithm's step number at a line's start before a statement (Géron's ``1. m ← β m − η ∇_θ J(θ)``,
#: ``2) θ ← θ + m``): set aside
_STEP_NUMBER = re.compile(r"^[ \t]*(?P<num>\d{1,2}[.)])[ \t]+(?=\S)", re.MULTILINE)


def blank_step_numbers(source: str) -> tuple[str, list[Pasted]]:
    """``source`` with the step numbers of a numbered algorithm blanked (rule ``step-number``) when two or more lines
    are numbered and each numbered line is a statement; one numbered line (``2. x = 1``) is left as written."""
    found = [m for m in _STEP_NUMBER.finditer(source)
             if _STATEMENT.search(source[m.end() : (source.find("\n", m.end()) + 1 or len(source) + 1) - 1])]
    if len(found) < 2:
        return source, []
    notes: list[Pasted] = []
    for m in found:
        start, end = m.start("num"), m.end("num")
        notes.append(("step-number", Span(start, end), {"plain": "step-number", "number": source[start:end]}))
        source = blank_span(source, start, end)
    return source, notes[:1]


#: a font command and its one letter braced whole (Spinning Up's ``{\mathcal L}``, ``{\mathcal D}_k``, ``{\bf x}`` is
#: font_switches'): TeX sets it as ``\mathcal{L}``
_BRACED_FONT = re.compile(r"(?<![\\^_A-Za-z}])\{\s*(\\(?:mathcal|mathbf|boldsymbol|mathrm|mathbb|bm|mathscr|vec))\s+"
                          r"([A-Za-z])\s*\}")


def braced_fonts(source: str) -> str:
    """``source`` with every ``{\\mathcal L}`` written as ``\\mathcal{L}``, padded with spaces in front to the same
    length (every position after it stays where it was): the group is the name, so a subscript or a parenthesis
    after it attaches to the name (``{\\mathcal L}(\\theta_k, \\theta)`` was a tuple, ``{\\mathcal D}_k`` a
    subscript on nothing).  Not after a command, a script or a letter, where the group is an argument."""
    def swap(m: re.Match[str]) -> str:
        name = f"{m.group(1)}{{{m.group(2)}}}"
        return " " * (len(m.group(0)) - len(name)) + name

    return _BRACED_FONT.sub(swap, source)


#: C's float literal: a decimal number with the suffix f (llm.c's ``1.0f``, ``0.044715f``), not before a name or a call
_FLOAT_LITERAL = re.compile(r"(?<![\w.])(?:\d+\.\d*|\.\d+|\d+(?:\.\d*)?[eE][+-]?\d+)(?P<suffix>[fF])(?![\w(.'])")


def blank_float_suffixes(source: str) -> tuple[str, list[Pasted]]:
    """``source`` with the suffix of each C float literal blanked (rule ``c-float-literal``) when the text is C-like
    (a statement ends with ``;``): ``1.0f`` is the number 1.0, never 1.0 times a name f; and of C's float math
    functions (``tanhf``, ``sqrtf``: rule ``c-float-function``), which are the functions themselves."""
    if not re.search(r";[ \t]*(?:\n|$)", source):
        return source, []
    notes: list[Pasted] = []
    for m in _FLOAT_LITERAL.finditer(source):
        start, end = m.start("suffix"), m.end("suffix")
        notes.append(("c-float-literal", Span(m.start(), end), {"plain": source[m.start() : end]}))
        source = blank_span(source, start, end)
    for m in _C_MATH.finditer(source):  # llm.c's tanhf(tanh_arg): C's float tanh, the function tanh
        notes.append(("c-float-function", Span(m.start(), m.end("suffix")), {"plain": m.group(0)[:-1].strip(),
                                                                              "name": m.group("name")}))
        source = blank_span(source, m.start("suffix"), m.end("suffix"))
    return source, notes


#: C's float versions of the math library's functions (expf, tanhf, sqrtf, fabsf) before their parenthesis
_C_MATH = re.compile(r"(?<![\w.])(?P<name>exp|log|tanh|cosh|sinh|sqrt|fabs|erf|cos|sin)(?P<suffix>f)\s*\(")
