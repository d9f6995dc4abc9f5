"""Runs of plain letters that are words: ``margin``, ``beta``, ``state\\_sum`` as the PyTorch docs write them.

TeX sets a run of letters as a product, but no one writes a product of four or more letters side by side, and a
run that spells a Greek letter's name (``beta``, ``delta``) is that letter typed in code style.  Each reading is a
rule with its note (:data:`symdl.read.notes.NOTE_RULES`): ``word-name`` and ``greek-word``.

:func:`read_letters` decides every run: a word, an acronym (``TP``), a gradient (``dW``), a name in mixed case
(PyTorch's kernel sizes ``kH``, ``kW``: ``case-name``), a two-letter Greek name in code (``mu``), or a product of
its letters.  Two lower-case Latin letters (``ab``, ``wx``) are TeX's product without a note; every other split
into a product is noted ``letters-product``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from symdl.errors import InvalidInput, Span
from symdl.read.commands import GREEK, GREEK_CONSTANTS
from symdl.read.fieldnames import field_name
from symdl.read.letterguess import letters_called, note_euler_power_of_index
from symdl.read.lexer import Token
from symdl.read.matrixruns import matrix_run
from symdl.read.syntax import Group, Node, is_group, plain_text, statement_start

if TYPE_CHECKING:
    from symdl.read.emit import Emitter
    from symdl.read.expr import ExprReader

#: a run this long is a name, never a product of its letters (three letters are read as a product, noted)
WORD_MIN = 4

#: Greek letters' names that are also read when typed as plain letters (``eta`` and longer: ``mu`` is m·u)
_GREEK_WORDS = {name for name in GREEK if len(name) >= 3 and not name.startswith("var")} - GREEK_CONSTANTS


#: commands that lay out a formula, never names: their word without the backslash is a lost backslash
_LAYOUT_COMMANDS = {"left", "right", "begin", "end", "array", "matrix", "pmatrix", "bmatrix", "cases", "quad",
                    "qquad", "mathcal", "mathbb", "boldsymbol", "operatorname", "limits", "displaystyle"}


def run_end(nodes: list[Node], i: int) -> int:
    """The end of the run of letters at ``nodes[i]``, through escaped underscores between letters (``state\\_sum``)
    and code's underscores between lower-case words (``new_lr``, ``decayed_learning_rate``: :func:`snake_joint`)."""
    j = i
    while j < len(nodes):
        n = nodes[j]
        if isinstance(n, Token) and n.kind == "letter":
            j += 1
        elif ((isinstance(n, Token) and n.is_cmd("\\_") and j > i and j + 1 < len(nodes)
               and isinstance(nodes[j + 1], Token) and nodes[j + 1].kind in ("letter", "number")  # type: ignore[union-attr]
               and nodes[j + 1].span.start == n.span.end)
              or snake_joint(nodes, i, j)):
            j += 1
        elif (isinstance(n, Token) and n.kind == "number" and n.text.isdigit() and j > i
              and isinstance(nodes[j - 1], Token) and nodes[j - 1].is_cmd("\\_")):
            j += 1  # the Paddle docs' moment\_1\_out: a digit after an escaped underscore, inside the word
        else:
            break
    return j


def _lower_letters(nodes: list[Node], i: int, step: int, stop: int = 0) -> int:
    """How many lower-case letters touch each other from ``nodes[i]`` on, going by ``step`` (1 or -1), not before
    ``nodes[stop]``."""
    n = 0
    while stop <= i < len(nodes) and isinstance(nodes[i], Token) and nodes[i].kind == "letter" and (
            nodes[i].text.islower()):  # type: ignore[union-attr]
        if n and nodes[i].span.end != nodes[i - step].span.start and nodes[i].span.start != nodes[i - step].span.end:
            break
        n, i = n + 1, i + step
    return n


def snake_joint(nodes: list[Node], i: int, j: int) -> bool:
    """Is the ``_`` at ``nodes[j]`` code's underscore inside one name (``new_lr``, ``decay_rate``): two lower-case
    letters or more right before it (within the run from ``i``) and right after it, touching it?  (``x_ahead`` keeps
    its one-letter name and word label, ``word-subscript``.)"""
    n = nodes[j]
    if not (isinstance(n, Token) and n.is_op("_") and j > i and j + 2 < len(nodes)):
        return False
    before, after = nodes[j - 1], nodes[j + 1]
    touching = before.span.end == n.span.start and after.span.start == n.span.end
    after_middle = j - 2 > i and isinstance(nodes[j - 2], Token) and nodes[j - 2].is_op("_")  # dnext_c_total
    word_before = _lower_letters(nodes, j - 1, -1, i) >= 2 or after_middle
    return touching and ((word_before and (_lower_letters(nodes, j + 1, 1) >= 2 or _letter_digits(nodes, j + 1)
                                           or _middle_letter(nodes, j + 1)))
                         or _word_digits(nodes, j + 1))


def _word_digits(nodes: list[Node], k: int) -> bool:
    """Is ``nodes[k]`` the start of two lower-case letters with digits touching their end, a code name's last piece
    after one letter (Raschka's ``x_fc1 = self.fc1(x)``)?  No subscript of TeX's runs on so.  (Three letters or more,
    ``b_grad2``, are a word label already: ``word-subscript``.)"""
    n = _lower_letters(nodes, k, 1)
    end = k + n
    return n == 2 and end < len(nodes) and isinstance(nodes[end], Token) and nodes[end].kind == "number" \
        and nodes[end].text.isdigit() and nodes[end].span.start == nodes[end - 1].span.end


def _middle_letter(nodes: list[Node], k: int) -> bool:
    """Is ``nodes[k]`` one lower-case letter between two underscores of a code name (``c`` of ``dnext_c_total``)?
    A subscript is never followed by another."""
    nxt = nodes[k + 1] if k + 1 < len(nodes) else None
    return (_lower_letters(nodes, k, 1) == 1 and isinstance(nxt, Token) and nxt.is_op("_")
            and nxt.span.start == nodes[k].span.end and _lower_letters(nodes, k + 2, 1) >= 1)


def _letter_digits(nodes: list[Node], k: int) -> bool:
    """Is ``nodes[k]`` one lower-case letter with digits touching it, a code name's last piece (PyTorch's
    ``smooth_l1``, ``conv_k3``)?  After a word's underscore it is no one-letter subscript times a number."""
    nxt = nodes[k + 1] if k + 1 < len(nodes) else None
    return (_lower_letters(nodes, k, 1) == 1 and isinstance(nxt, Token) and nxt.kind == "number"
            and nxt.text.isdigit() and nxt.span.start == nodes[k].span.end)


def is_word(nodes: list[Node], i: int, j: int) -> bool:
    """Is ``nodes[i:j]`` a word rather than letters side by side?"""
    run = "".join(n.text for n in nodes[i:j] if isinstance(n, Token) and n.kind == "letter")
    underscored = any(isinstance(n, Token) and (n.is_cmd("\\_") or n.is_op("_")) for n in nodes[i:j])
    return underscored or len(run) >= WORD_MIN or run in _GREEK_WORDS


#: a parenthesised index superscript: (t), (t-1), (i), (k+1)
_PAREN_INDEX = re.compile(r"\^\s*\{\s*\(\s*([a-z])\s*(?:[+-]\s*\d+\s*)?\)\s*\}")


def indexed_e(source: str, caret: Token) -> str:
    """The index letter of ``e^{(t)}`` at ``caret`` when another name of the formula carries a parenthesised index
    with the same letter (CS224n's ``W_e e^{(t)}`` beside ``h^{(t)}``: the embedding at step t, not Euler's number to
    the power t, which is written e^{t}); else ''."""
    here = _PAREN_INDEX.match(source, caret.span.start)
    if here is None:
        return ""
    others = [m for m in _PAREN_INDEX.finditer(source) if m.start() != caret.span.start
              and m.group(1) == here.group(1) and source[: m.start()].rstrip()[-1:] not in ("e", "")]
    return here.group(1) if others else ""


def _subscript_after_power(reader: ExprReader, nodes: list[Node], caret: int) -> bool:
    """See et al.'s attention energies ``e^t_i``: a subscript right after the superscript makes ``e`` a name with two
    scripts (Euler's number takes no subscript after its power)."""
    from symdl.read.constructs import _arg

    _, after, _ = _arg(nodes, caret + 1, reader.source, "superscript")
    return after < len(nodes) and isinstance(nodes[after], Token) and nodes[after].is_op("_")


def _joined_by_underscore(nodes: list[Node], j: int) -> bool:
    """Does code's underscore join the word ending at ``j`` to a letter, written together (Nielsen's ``nabla_w``,
    ``nabla_b`` in network.py): an identifier, not a command that lost its backslash?"""
    under, nxt = (nodes[j] if j < len(nodes) else None), (nodes[j + 1] if j + 1 < len(nodes) else None)
    return (isinstance(under, Token) and (under.is_op("_") or under.is_cmd("\\_")) and isinstance(nxt, Token)
            and nxt.kind in ("letter", "number")  # (code's sqrt_2_over_pi too)
            and nodes[j - 1].span.end == under.span.start and under.span.end == nxt.span.start)


def read_word(reader: ExprReader, nodes: list[Node], i: int, j: int, em: Emitter, bold: bool) -> int:
    """Read the word ``nodes[i:j]`` as one name (``\\text{margin}``) or as the Greek letter it spells, with its
    note; its scripts follow as on any name (``state\\_sum_{t-1}``, ``beta^2``).

    A command's name without its backslash (``frac``, ``left``) is refused: the text lost its backslashes, and
    so is every longer word in lenient mode, whose text is garbled (seed 001's ``fraud {dw}`` for ``\\frac``).
    """
    from symdl.read.lenient import COMMAND_WORDS

    span = Span(nodes[i].span.start, nodes[j - 1].span.end)
    text = "".join("\\_" if n.is_op("_") else n.text for n in nodes[i:j])  # type: ignore[union-attr]
    command = (text in COMMAND_WORDS - GREEK or text in _LAYOUT_COMMANDS) and not _joined_by_underscore(nodes, j)
    if command or (not reader.read_words and text not in _GREEK_WORDS):
        raise reader.error(
            InvalidInput,
            f"'{text}' would read as a product of {len(text)} letters",
            span,
            f"if it is the command, write \\{text}" if command else
            f"if it is a name, write \\text{{{text}}}; if it is a product, put spaces between the letters",
        )
    if text in _GREEK_WORDS:
        reader.add_note("greek-word", span, {"run": text}, once_for=text)
        return _as_greek(reader, nodes, i, j, em, bold)
    reader.add_note("word-name", span, {"run": text.replace("\\_", "_"), "letters": " ".join(text.replace("\\_", ""))},
                    once_for=text)
    return as_one_name(reader, nodes, i, j, em, bold)


def _is_function_word(run: str) -> bool:
    from symdl.functions import KNOWN_FUNCTIONS

    return run.lower() in KNOWN_FUNCTIONS


def _suffix_end(nodes: list[Node], j: int) -> int:
    """The end of a code identifier's underscore suffixes after ``nodes[:j]`` (GPT-2's ``self.ln_1``, ``log_f``):
    in code a function's word with ``_1`` after it is a name of its own, never the function with a subscript (a
    logarithm's base); ``j`` when none follows."""
    end = j
    while end + 1 < len(nodes) and isinstance(nodes[end], Token) and nodes[end].is_op("_") \
            and nodes[end].span.start == nodes[end - 1].span.end and isinstance(nodes[end + 1], Token) \
            and nodes[end + 1].kind in ("letter", "number") and nodes[end + 1].span.start == nodes[end].span.end:
        end += 2
        while end < len(nodes) and isinstance(nodes[end], Token) and nodes[end].kind in ("letter", "number") \
                and nodes[end].span.start == nodes[end - 1].span.end:
            end += 1
    return end


def log_base(nodes: list[Node], j: int, run: str) -> bool:
    """Is ``log`` (``nodes[:j]``) followed by a base, ``_e``, ``_2`` or ``_{10}``, and then its argument in
    parentheses or braces (the PyTorch docs' ``softplus(x) = log_e{(1 + exp(x))}``): the logarithm to that base,
    never a code name ``log_e`` (GPT-2's ``ln_1`` has no argument group after it)."""
    if run.lower() != "log" or j + 2 >= len(nodes) or not (isinstance(nodes[j], Token) and nodes[j].is_op("_")):
        return False
    base, after = nodes[j + 1], nodes[j + 2]
    text = plain_text([base]).strip("{} ")
    return (text == "e" or text.isdigit()) and isinstance(after, Group) and after.kind in ("paren", "brace")


def as_one_name(reader: ExprReader, nodes: list[Node], i: int, j: int, em: Emitter, bold: bool) -> int:
    """Read the letters ``nodes[i:j]`` as one name, as ``\\text{...}`` would be (the caller notes the rule)."""
    from symdl.read import constructs

    span = Span(nodes[i].span.start, nodes[j - 1].span.end)
    letters = [Token("cmd", "\\_", n.span) if isinstance(n, Token) and n.is_op("_") else n for n in nodes[i:j]]
    wrapped = [Token("cmd", "\\text", span), Group(letters, span)]
    return constructs.atom_at(reader, [*nodes[:i], *wrapped, *nodes[j:]], i, em, bold) + (j - i - 2)


def _as_greek(reader: ExprReader, nodes: list[Node], i: int, j: int, em: Emitter, bold: bool) -> int:
    """Read the letters ``nodes[i:j]`` (``beta``, ``mu``) as the Greek letter they spell."""
    from symdl.read import constructs

    span = Span(nodes[i].span.start, nodes[j - 1].span.end)
    token = Token("cmd", "\\" + "".join(n.text for n in nodes[i:j]), span)  # type: ignore[union-attr]
    return constructs.atom_at(reader, [*nodes[:i], token, *nodes[j:]], i, em, bold) + (j - i - 1)


def _after_pi(nodes: list[Node], i: int) -> bool:
    """Is ``nodes[i]`` written right after ``\\pi``, spaces aside?"""
    k = i - 1
    while k >= 0 and isinstance(nodes[k], Token) and nodes[k].kind == "space":
        k -= 1
    return k >= 0 and isinstance(nodes[k], Token) and nodes[k].is_cmd("\\pi")


def _labelled_twice(source: str, run: str) -> bool:
    """Is the run of two or three lower-case letters ``run`` written with two different word subscripts
    (``zp_{output}``, ``zp_{input}``): one name, labelled twice, never two products sharing the letters?"""
    if not (2 <= len(run) <= 3 and run.isascii() and run.isalpha() and run.islower()):
        return False
    labels = set(re.findall(rf"(?<![A-Za-z\\]){run}_\{{([A-Za-z]{{2,}})\}}", source))
    return len(labels) >= 2


def _letters_alone(source: str) -> set[str]:
    """The Latin letters the formula writes on their own somewhere (the x and W of ``\\text{GLU}(x, W, ...)``)."""
    return set(re.findall(r"(?<![A-Za-z\\])([A-Za-z])(?![A-Za-z])", source))


def is_acronym(source: str, nodes: list[Node], i: int, j: int) -> bool:
    """Two or three capitals side by side (``nodes[i:j]``), with no script after them (a subscript only among three
    other such runs or more: oneDNN's ``PH_L`` beside ``OH``, ``IH``, ``DKH``), in a formula that writes one such run
    at least twice: the metrics' TP, FP, FN (``\\frac{TP}{TP + FP}``), not a product of matrices
    (``QK^T`` has a script; ``AB`` written once stays a product; ``XW`` twice beside ``X^T`` and ``\\nabla_W``, each
    letter written alone too, stays one)."""
    run = "".join(n.text for n in nodes[i:j])  # type: ignore[union-attr]
    if not (2 <= len(run) <= 3 and run.isupper() and run.isascii()):
        return False
    nxt = nodes[j] if j < len(nodes) else None
    scripted = isinstance(nxt, Token) and nxt.is_op("^", "_", "'")
    if set(run) <= _letters_alone(source):  # the normal equations' X^T(XW - Y) beside \nabla_W: X and W alone too
        return False
    runs = re.findall(r"(?<![A-Za-z\\])([A-Z]{2,3})(?![A-Za-z_^'])", source)
    if scripted and nxt.is_op("_") and len(set(re.findall(  # type: ignore[union-attr]
            rf"(?<![A-Za-z\\]){run}_\{{\s*(?:\\(?:text|mathrm)\s*\{{)?([A-Za-z]{{2,}})", source))) >= 2:
        return True  # scikit-learn's R^2 = 1 - SS_{res}/SS_{tot}: one name labelled twice
    if scripted:  # the oneDNN guide's OH = (IH - DKH + PH_L + PH_R)/SH + 1: a subscripted name among many acronyms
        return nxt.is_op("_") and len(set(runs)) >= 3 and any(runs.count(r) >= 2 for r in runs)  # type: ignore[union-attr]
    return run in runs and any(runs.count(r) >= 2 for r in runs)  # TP twice: FP and FN beside it too


def _alone_on_left(source: str, start: int, end: int) -> bool:
    """Is ``source[start:end]`` the whole left side of its statement (at the statement's start, then ``=`` or
    ``:=``, maybe after its arguments in parentheses)?"""
    begin = statement_start(source, start)
    if source[begin:start].strip() not in ("", "&"):
        return False
    return re.match(r"\s*(?:\([^()=]*\))?\s*&?\s*(?::=|=(?!=))", source[end:]) is not None


def read_acronym(reader: ExprReader, nodes: list[Node], i: int, j: int, em: Emitter, bold: bool) -> int:
    """Read the capitals ``nodes[i:j]`` as one name, noted ``acronym-name``."""

    span = Span(nodes[i].span.start, nodes[j - 1].span.end)
    run = "".join(n.text for n in nodes[i:j])  # type: ignore[union-attr]
    reader.add_note("acronym-name", span, {"run": run, "letters": "·".join(run)}, once_for=run)
    return as_one_name(reader, nodes, i, j, em, bold)


def lone_capitals(source: str, nodes: list[Node], i: int, j: int) -> bool:
    """Two capitals ``nodes[i:j]`` with no script after them, neither written on its own elsewhere in the
    formula: a product AB or a name BP (BLEU's brevity penalty)?  Read as the product, noted."""
    nxt = nodes[j] if j < len(nodes) else None
    if isinstance(nxt, Token) and nxt.is_op("^", "_", "'"):
        return False
    run = "".join(n.text for n in nodes[i:j])  # type: ignore[union-attr]
    return not set(run) & _letters_alone(source)


#: Greek letters' two-letter names, read as the letter in code-like text (``x + mu * v``, cs231n's momentum)
_GREEK_PAIRS = {"mu", "nu", "xi"}
#: a lower-case letter then capitals: PyTorch's kernel sizes ``kH``, ``kW``
#: a capital then two lower-case letters or more: code's weight names (Karpathy's ``Wxh``, ``Whh``, ``Why``)
_CODE_WEIGHT = re.compile(r"[A-Z][a-z]{2,}")
_CASE_RUN = re.compile(r"[a-z][A-Z]+")


def code_like(source: str) -> bool:
    """Is the formula written as code: no TeX command at all (``x_ahead = x + mu * v``), or ``*`` for products?"""
    return "\\" not in source or "*" in source


#: functions code calls by their plain names (Keras' maximum(neg - pos + 1, 0), mean(square(y_true - y_pred)))
_CODE_FUNCTIONS = r"maximum|minimum|square|mean|sum|log|exp|sqrt|abs|clip|where|pow|reduce_[a-z]+"
_CODE_CALL = re.compile(rf"(?<![\\A-Za-z_])(?:{_CODE_FUNCTIONS})\s*\(")
#: a call under a library's prefix or a method call: code's F.softmax(att, dim=-1), logits.softmax(dim=-1)
_DOTTED_CALL = re.compile(r"(?<![\\A-Za-z_])[A-Za-z_][A-Za-z0-9_]*\.[A-Za-z_][A-Za-z0-9_]*\(")
#: code's snake_case identifiers: lower-case words of two letters or more joined by _ (new_lr, decay_rate)
_SNAKE = re.compile(r"(?<![\\A-Za-z_])[a-z]{2,}_[a-z]{2,}")
#: * as multiplication beside a word of two letters or more (lr * factor), not a superscript's * (x^*)
#: a plain lower-case word written bare in the formula (not a command, not in braces, not called): code's identifier
_BARE_WORD = re.compile(rf"(?<![\\A-Za-z{{_])[a-z]{{{WORD_MIN},}}(?![A-Za-z(_}}])")
#: a command's braced argument (\text{ otherwise }, \mathrm{lower}): prose or a name, not a bare word
_BRACED_TEXT = re.compile(r"\\[A-Za-z]+\s*\{[^{}]*\}")
#: numpy's and PyTorch's matrix product ``@`` between operands, or ``.T`` (the transpose) right after an operand
_CODE_ARRAY_OP = re.compile(r"[A-Za-z0-9_)\]}'](?:\s*(@)\s*(?=[A-Za-z(\\])|(\.T)(?![A-Za-z]))")
_STAR_WORD = re.compile(r"(?<![A-Za-z\\])[A-Za-z]{2,}\s*\*|(?<![\^_])\*\s*[A-Za-z]{2,}")


def code_formula(source: str) -> str:
    """Why the formula is written as code ('' if it is not): a code function called by its plain name or under a
    library's prefix, a method call, a snake_case identifier, or ``*`` beside a word.  Its runs of lower-case letters
    are identifiers (``code-name``)."""
    if m := _CODE_CALL.search(source):
        return f"it calls {m.group(0).rstrip('( ')}(...) by its plain name"
    if m := _DOTTED_CALL.search(source):  # F.softmax(att, dim=-1), logits.softmax(dim=-1) (symdl.read.codecalls)
        return f"it calls {m.group(0).rstrip('( ')}(...) as code does"
    if m := _SNAKE.search(source):
        return f"it writes the snake_case name {m.group(0)}"
    if _STAR_WORD.search(source):
        return "it writes * between names"
    if m := _CODE_ARRAY_OP.search(_BRACED_TEXT.sub(" ", source)):  # SimCLR's z_a @ z_b.T / tau (not \mathrm{DCG@k})
        return f"it writes {m.group(1) or m.group(2)} as numpy does"
    from symdl.read.lenient import COMMAND_WORDS  # imported here: lenient reads words, which import this module

    words = [w for w in _BARE_WORD.findall(_BRACED_TEXT.sub(" ", source)) if w not in _GREEK_WORDS
             and not any(c.startswith(w) for c in COMMAND_WORDS)]  # 'math bf', 'frac': a command lost its backslash
    if words:  # the PyTorch docs' p_{t+1} = p_t - lr (gradient + ...): names written as plain words, code's way
        return f"it writes the plain word {words[0]} as a name"
    return ""


#: Python's own marks: ``**`` between operands, ``==``, a library's or self's attribute (``np.pi``, ``self.scale``),
#: a ``# comment``, a second assignment after ``;`` (numpy's ``mt = m / (1-beta1**t); vt = v / (1-beta2**t)``)
_PYTHON_MARKS = (
    (re.compile(r"[A-Za-z0-9_)\]]\s*\*\*\s*[A-Za-z0-9_(.]"), "it writes ** for the power, as Python does"),
    (re.compile(r"[^=<>!]==[^=]"), "it writes == as Python does"),
    (re.compile(r"(?<![A-Za-z\\])(?:np|torch|math|self)\.[A-Za-z_]"), "it writes a library's or self's attribute"),
    (re.compile(r"(?<!\\)#\s"), "it writes a # comment, as Python does"),
    (re.compile(r"[A-Za-z0-9_)\]]\.(?:T(?![A-Za-z])|[a-z_][A-Za-z0-9_]*\()"),
     "it calls a method or takes .T, as Python does"),
    (re.compile(r";\s*[A-Za-z_][A-Za-z0-9_]*\s*=(?!=)"), "it writes assignments separated by ;, as Python does"),
    (re.compile(r"[A-Za-z0-9_)\]]\s+@\s+[A-Za-z_(]"), "it writes @ for the matrix product, as Python does"),
)


def python_code(source: str) -> str:
    """Why the formula is Python ('' if nothing says so): one of :data:`_PYTHON_MARKS`.  Its runs of lower-case
    letters and digits are identifiers (``mt``, ``vt`` of numpy's Adam step: ``code-name``), as in
    :func:`code_formula`'s formulas; TeX and plain-text maths without these marks keep their products (``xW``)."""
    return next((why for mark, why in _PYTHON_MARKS if mark.search(source)), "")


def case_name(source: str, run: str) -> bool:
    """``kH`` beside ``kW`` (the PyTorch docs' pooling): a lower-case letter then capitals, written twice in the
    formula or beside another such run with the same letter, is one name; written once (``xW``), or with its
    lower-case letter also written alone (Shazeer's ``\\text{GLU}(x, W, V, b, c) = \\sigma(xW + b) \\otimes (xV + c)``,
    ``\\text{SwiGLU}(x) = (xW_1 * \\text{SiLU}(xV)) W_2``), it is a product."""
    runs = re.findall(r"(?<![A-Za-z\\])([a-z][A-Z]+)(?![A-Za-z_^'])", source)
    if run[0] in _letters_alone(source):  # the GLU's x W beside x written alone (GLU(x, W, V, b, c)): a product,
        return False  # and so Shazeer's SwiGLU(x) = (xW1 * SiLU(xV)) W2 with its argument x
    return runs.count(run) >= 2 or any(r != run and r[0] == run[0] for r in runs)


def read_letters(reader: ExprReader, nodes: list[Node], i: int, j: int, em: Emitter, bold: bool) -> int:
    """The run of plain letters ``nodes[i:j]`` that is no function's name: one name by a rule, or the product of
    its letters (noted unless it is two lower-case Latin letters, TeX's ``ab``)."""
    from symdl.read import constructs

    run = "".join(n.text for n in nodes[i:j])  # type: ignore[union-attr]
    nxt = nodes[j] if j < len(nodes) else None
    scripted = isinstance(nxt, Token) and nxt.is_op("^", "_", "'")
    if why := matrix_run(run, reader.matrix_letters, reader.transposed_names):  # the Cookbook's tr(AXBX^T)
        prev = nodes[i - 1] if i else None
        if not (isinstance(prev, Token) and prev.kind == "letter"):  # once for the run, not again for XBX in AXBX
            span = Span(nodes[i].span.start, nodes[j - 1].span.end)
            reader.add_note("letters-product", span, {"run": run, "letters": "·".join(run), "why": why})
        return constructs.atom_at(reader, nodes, i, em, bold)
    if is_acronym(reader.source, nodes, i, j):  # precision's \frac{TP}{TP + FP}: names, not T·P
        return read_acronym(reader, nodes, i, j, em, bold)
    end = run_end(nodes, i)
    if letters_called(nodes, i, j):  # Monodepth2's pe(I_a, I_b): a function of two arguments, one name
        reader.add_note("letters-call", Span(nodes[i].span.start, nodes[j].span.end), {"run": run})
        return read_word(reader, nodes, i, j, em, bold)
    if is_word(nodes, i, end):  # margin, beta, state\_sum: one name, noted
        return read_word(reader, nodes, i, end, em, bold)
    if run == "e" and isinstance(nxt, Token) and nxt.is_op("^") and (step := indexed_e(reader.source, nxt)):
        end = _PAREN_INDEX.match(reader.source, nxt.span.start).end()  # type: ignore[union-attr]
        reader.add_note("e-indexed", Span(nodes[i].span.start, end), {"step": step}, once_for="e")
    elif run == "e" and isinstance(nxt, Token) and nxt.is_op("^") and not _subscript_after_power(reader, nodes, j):
        if "e" not in reader.value_names:
            note_euler_power_of_index(reader, nodes[i], nxt)  # Bishop's E = \frac{1}{N}\sum_{p} e^p: noted
            em.add("EULER", "e", nodes[i].span)
            return constructs.emit_power(reader, nodes, i + 1, em)
        reader.add_note("defined-e", nodes[i].span, {}, once_for="e")  # e = y - ŷ, then e^T e: the name
    if run == "e" and not scripted and "e" not in reader.value_names and _after_pi(nodes, i):
        # a Gaussian's entropy \frac{1}{2}\log 2\pi e\sigma^2: Euler's number
        reader.add_note("euler-beside-pi", nodes[i].span, {}, once_for="e")
        em.add("EULER", "e", nodes[i].span)
        return j
    if run[0] == "d" and 3 <= len(run) <= 4 and run[1:].isupper() and re.search(
            rf"(?<![A-Za-z\\]){run[1:]}(?![A-Za-z])", reader.source):  # Ng's dAL beside AL: one name, AL's gradient
        return read_acronym(reader, nodes, i, j, em, bold)
    if run[0] == "d" and len(run) >= 3 and run[1].isupper() and (why := python_code(reader.source)):
        # cs231n's dWx = x.T.dot(dtanh): Python has no implicit product, the gradient of Wx is one name
        span = Span(nodes[i].span.start, nodes[j - 1].span.end)
        reader.add_note("code-name", span, {"run": run, "letters": "·".join(run), "why": why}, once_for=run)
        return as_one_name(reader, nodes, i, j, em, bold)
    if run[0] == "d" and len(run) >= 2 and (run[1].isupper() or len(run) == 2):
        return constructs.atom_at(reader, nodes, i, em, bold, prefix="d", start=i + 1)
    if run == "d" and nxt is not None and nxt.span.start == nodes[i].span.end and is_wrapped_name(
            nxt, nodes[j + 1] if j + 1 < len(nodes) else None):  # d\mbox{output}: as dW, the one name
        return constructs.atom_at(reader, nodes, i, em, bold, prefix="d", start=j)
    if run == "d" and nxt is not None and nxt.span.start == nodes[i].span.end and _is_marked_name(nxt):
        return constructs.atom_at(reader, nodes, i, em, bold, prefix="d", start=j)  # d\mathbf{o}, d\bar a: as dW
    span = Span(nodes[i].span.start, nodes[j - 1].span.end)
    if run in _GREEK_PAIRS and not scripted and code_like(reader.source):  # cs231n's x + mu * v
        reader.add_note("greek-word", span, {"run": run}, once_for=run)
        return _as_greek(reader, nodes, i, j, em, bold)
    code_run = run.isascii() and ((len(run) >= 2 and run.islower()) or bool(_CODE_WEIGHT.fullmatch(run))
                                  or (len(run) == 2 and run[0] == run[1] and run.isupper()))  # cs231n's HH, WW
    # Python has no implicit product: there any run is one name (cs231n's Xc = X - np.mean(X, axis=0), Wx.T)
    why = ((code_run and code_formula(reader.source)) or (run.isascii() and len(run) >= 2
                                                             and python_code(reader.source))
           or (code_run and _indexed(nodes, j, run, reader.source)))
    if why:  # Keras' lr; numpy's mt = m / (1-beta1**t); Karpathy's hs[t]; GPT-2's self.ln_1: one name
        end = _suffix_end(nodes, j) if _is_function_word(run) else j
        name, span = plain_text(nodes[i:end]), Span(nodes[i].span.start, nodes[end - 1].span.end)
        reader.add_note("code-name", span, {"run": name, "letters": "·".join(run), "why": why}, once_for=name)
        return as_one_name(reader, nodes, i, end, em, bold)
    if _CASE_RUN.fullmatch(run) and not scripted and case_name(reader.source, run):
        reader.add_note("case-name", span, {"run": run, "letters": "·".join(run)}, once_for=run)
        return as_one_name(reader, nodes, i, j, em, bold)
    if why := entry_words(reader.source, nodes, j, run):  # Vaswani et al.'s PE_{(pos,2i)} = \sin(pos/...)
        reader.add_note("entry-words", span, {"run": run, "letters": "·".join(run), "why": why}, once_for=run)
        return as_one_name(reader, nodes, i, j, em, bold)
    if rule := field_name(nodes, i, j, run, reader.source):  # KL_{loss}, MSE, pos, Mazur's out_{o1}
        reader.add_note(rule, span, {"run": run, "letters": "·".join(run)}, once_for=run)
        return as_one_name(reader, nodes, i, j, em, bold)
    if scripted and _labelled_twice(reader.source, run):  # the TF Lite docs' zp_{output} beside zp_{input}
        reader.add_note("labelled-run", span, {"run": run, "letters": "·".join(run)}, once_for=run)
        return as_one_name(reader, nodes, i, j, em, bold)
    if (len(run) == 3 and run.isupper() and run.isascii() and not scripted and not set(run) <= _letters_alone(
            reader.source) and _alone_on_left(reader.source, nodes[i].span.start, nodes[j - 1].span.end)):  # ATE = ...
        reader.add_note("acronym-left-side", span, {"run": run, "letters": "·".join(run)}, once_for=run)
        return as_one_name(reader, nodes, i, j, em, bold)
    why = _product_why(reader.source, nodes, i, j, run, scripted)
    if why:
        reader.add_note("letters-product", span, {"run": run, "letters": "·".join(run), "why": why})
    if "e" in run[:-1] and len(run) >= 2 and not re.search(r"(?<![A-Za-z\\])e\s*(?:[_^]|=|\\leftarrow)", reader.source):
        reader.add_note("e-name", span, {"run": run}, once_for="e-name")  # Sauer's lemma (em/d)^d: e a name, noted
    return constructs.atom_at(reader, nodes, i, em, bold)


def _indexed(nodes: list[Node], j: int, run: str, source: str = "") -> str:
    """Why the run before ``nodes[j]`` is a name: code's square-bracket index right after it (``hs[t]``)."""
    from symdl.read.bracketindex import word_entry

    indexed = word_entry(run, nodes, j, source)
    return f"it indexes {run} with square brackets, {run}[...], as code does" if indexed else ""


#: a subscript that lists positions in parentheses: Vaswani et al.'s _{(pos,2i)}
_LISTED = re.compile(r"_\{\s*\(([^(){}]*,[^(){}]*)\)\s*\}")


#: a word in a name wrapper inside a subscript: the \text{pos} of PE_{(\text{pos},2i)}
_WRAPPED = re.compile(r"\\(?:text|mathrm|operatorname|textrm|mathit)\{([A-Za-z]+)\}")


def _listed(text: str) -> list[str] | None:
    """The positions of ``(pos,2i)`` (without its parentheses) when they read as positions, else None."""
    from symdl.read.linearsub import linear_positions

    inner = text.replace(" ", "")
    return inner.split(",") if linear_positions(inner, words=True) is not None else None


def entry_words(source: str, nodes: list[Node], j: int, run: str) -> str:
    """Why the run of letters ending before ``nodes[j]`` is one name in a definition of entries at listed positions
    ('' if it is not): two or three capitals before a parenthesised list of positions (Vaswani et al.'s
    ``PE_{(pos,2i)}``, the matrix whose entries they pick), or two or three lower-case letters that such a list
    has as a whole position (its ``pos``, the variable the entries are defined for)."""
    if not (2 <= len(run) <= 3 and run.isascii() and run.isalpha()):
        return ""
    nxt, sub = (nodes[j], nodes[j + 1]) if j + 1 < len(nodes) else (None, None)
    if run.isupper() and isinstance(nxt, Token) and nxt.is_op("_") and sub is not None:
        text = _WRAPPED.sub(r"\1", plain_text([sub]).replace(" ", "")).strip("{}")
        if text.startswith("(") and text.endswith(")") and _listed(text[1:-1]) is not None:
            return f"the matrix whose entries the positions {text} after it pick (Vaswani et al.'s PE_{{(pos,2i)}})"
    if run.islower() and any(run in (_listed(m) or ()) for m in _LISTED.findall(source)):
        return "a position listed in parentheses in a subscript (Vaswani et al.'s pos of PE_{(pos,2i)}): the " \
            "variable the entries are defined for"
    return ""


def _product_why(source: str, nodes: list[Node], i: int, j: int, run: str, scripted: bool) -> str:
    """Why the run ``nodes[i:j]`` read as a product is a guess ('' for TeX's plain ``ab`` and a script's ``xA^T``)."""
    nxt = nodes[j] if j < len(nodes) else None
    tuple_sub = (isinstance(nxt, Token) and nxt.is_op("_") and j + 1 < len(nodes)  # PE_{(pos,2i)}, not QW_i^Q
                 and any(c in plain_text([nodes[j + 1]]) for c in ",("))
    if len(run) == WORD_MIN - 1:
        return "three letters side by side"
    pair = len(run) == 2 and run.isupper()
    if pair and tuple_sub:
        return "two capitals side by side, an index pair on the second (attention's QK^T is a product too)"
    if pair and lone_capitals(source, nodes, i, j):
        return "two capitals side by side that appear nowhere else, as matrices AB (BLEU's BP is one name)"
    if run in _GREEK_PAIRS and not scripted:
        return f"in TeX, the Greek letter is \\{run} (in code-like text, with no commands or with *, {run} is it)"
    if _CASE_RUN.fullmatch(run) and not scripted:
        return ("a lower-case letter before a capital, written once (the PyTorch docs' kernel sizes kH and kW, "
                "written side by side, are names)")
    return ""


def _is_marked_name(tok: Node) -> bool:
    """Is ``tok`` a bold, accent or Greek command (``\\mathbf``, ``\\bar``, ``\\gamma``) that ``d`` may touch?"""
    from symdl.read.commands import ACCENTS, BOLD, GREEK

    return isinstance(tok, Token) and tok.kind == "cmd" and tok.text[1:] in (BOLD | ACCENTS.keys() | GREEK)


def is_wrapped_name(tok: Node | None, group: Node | None) -> bool:
    """Is ``tok group`` a word in a name wrapper (``\\mbox{output}``, ``\\text{loss}``), not a known function's name?"""
    from symdl.functions import KNOWN_FUNCTIONS
    from symdl.read.commands import NAME_WRAPPERS

    wrapper = isinstance(tok, Token) and tok.kind == "cmd" and tok.text[1:] in NAME_WRAPPERS
    if not (wrapper and is_group(group, "brace")):
        return False
    word = "".join(plain_text(group.children).split())  # type: ignore[union-attr]
    return word.isalpha() and word.lower() not in KNOWN_FUNCTIONS


def _nothing_to_apply(nodes: list[Node], nxt: int | None) -> bool:
    """Does nothing a function could apply to follow (the end, a closing parenthesis, a comma, a relation)?"""
    if nxt is None:
        return True
    n = nodes[nxt]
    return isinstance(n, Token) and n.kind == "op" and n.text in (")", ",", "=", ";")


def code_value_name(nodes: list[Node], i: int, j: int, nxt: int | None, source: str) -> bool:
    """In a formula written as code (no TeX command), is the function's word at ``nodes[i:j]`` a variable, no
    parenthesis after it (Hugging Face's RoPE ``q * cos + rotate_half(q) * sin``, ArcFace's ``self.cos_m``)?  Python
    calls a function only with parentheses; before, ``cos`` there was refused as a function with no argument."""
    if _nothing_to_apply(nodes, nxt):  # PaddlePaddle's \sigma(Logit): the input named Logit, no function applied
        return True
    if "\\" in source or not code_formula(source):
        return False
    if nxt is None:
        return True
    n = nodes[nxt]  # an operator after it (q * cos + ...), or code's cos_m: a value; log sum exp(x): still applied
    return isinstance(n, Token) and ((n.kind == "op" and n.text in "+-*/=,@") or (
        n.is_op("_") and n.span.start == nodes[j - 1].span.end))
