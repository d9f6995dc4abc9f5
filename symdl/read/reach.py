"""How far a function written without parentheses reaches: ``\\sin 2x``, ``\\cos m\\theta``, ``\\log 2\\pi\\sigma^2``.

An elementary function (``\\sin``, ``\\cos``, ``\\exp``, ``\\log``, ...) with a bare argument takes the product of
numbers and names written right after it, as a reader reads ``\\sin 2x`` (sin of 2x, RoPE's ``\\cos m\\theta``), up
to the next ``+``, ``-``, relation, ``\\cdot``, fraction, big operator, another function, explicit space or closing
delimiter; a reach over more than one factor is noted (``function-reach``).  Where the product runs into a call or a
parenthesis (``\\log x\\, p(x)`` written ``\\log x p(x)``) or mixes plain and bold names (``\\exp s_i
\\mathbf{v}_i``), the end of the argument is a guess either way and is refused by name.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from symdl.errors import NotSupported, Span
from symdl.functions import KNOWN_FUNCTIONS
from symdl.read.atoms import read_atom
from symdl.read.commands import ACCENTS, BOLD, GREEK, GREEK_CONSTANTS, NAME_WRAPPERS
from symdl.read.lexer import Token
from symdl.read.sumextent import expression_end
from symdl.read.syntax import AtomSpec, Group, Node, is_group, letter_run, plain_text

if TYPE_CHECKING:
    from symdl.read.expr import ExprReader

#: functions whose bare argument reaches over a product (the elementary functions a reader writes \sin 2x with)
REACHING = frozenset({
    "log", "ln", "exp", "sin", "cos", "tan", "sinh", "cosh", "tanh", "sec", "csc", "cot", "coth", "sech", "csch",
    "arcsin", "arccos", "arctan",
})  # fmt: skip

#: commands that name a factor (a Greek letter, a bold, accented or wrapped name)
_NAME_COMMANDS = {*GREEK, *GREEK_CONSTANTS, *BOLD, *ACCENTS, *NAME_WRAPPERS}


def _skip_blank(nodes: list[Node], j: int) -> int:
    """Past plain white space only (an explicit ``\\,`` ends the reach: the author set the argument apart)."""
    while j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].kind == "space":
        j += 1
    return j


def _wrapped_word(nodes: list[Node], k: int) -> str:
    """The word a name wrapper at ``nodes[k]`` spells (``\\mathrm{tr}`` → ``tr``), else ''."""
    n, word = nodes[k], nodes[k + 1] if k + 1 < len(nodes) else None
    if isinstance(n, Token) and n.kind == "cmd" and n.text[1:] in NAME_WRAPPERS and isinstance(word, Group):
        return plain_text(word.children).strip().lower()
    return ""


def _name_start(nodes: list[Node], k: int) -> bool:
    """Does a plain factor name start at ``nodes[k]`` (not a function, not a differential ``dx``)?"""
    n = nodes[k]
    if not isinstance(n, Token):
        return False
    if n.kind == "letter":
        nxt = nodes[k + 1] if k + 1 < len(nodes) else None
        return not (n.text == "d" and isinstance(nxt, Token) and (nxt.kind == "letter" or nxt.text[1:] in GREEK))
    if n.kind != "cmd" or n.text[1:] not in _NAME_COMMANDS:
        return False
    word = _wrapped_word(nodes, k)
    return word not in KNOWN_FUNCTIONS and word not in ("d", "e") if word else True


def _factor(reader: ExprReader, nodes: list[Node], k: int) -> tuple[int, AtomSpec | None] | None:
    """The end of the plain factor (a number or a name with its scripts) at ``nodes[k]`` and its name, else None."""
    n = nodes[k]
    if isinstance(n, Token) and n.kind == "number":
        return k + 1 + (2 if k + 2 < len(nodes) and isinstance(nodes[k + 1], Token) and nodes[k + 1].is_op("^")
                        else 0), None
    if not _name_start(nodes, k):
        return None
    spec, end, _ = read_atom(nodes, k, reader.source)
    return end, spec


def reach_end(reader: ExprReader, nodes: list[Node], k: int, end: int, name: str, start: int) -> int:
    """The end of the bare argument of ``name`` starting at ``nodes[k]``, whose first factor ends at ``end``."""
    if name not in REACHING:
        return end
    called = _word_call_end(nodes, k)
    if called is not None:  # a plain-text paste's -log sigmoid(z): the function's word applied, log of its value
        return called
    if name in ("log", "ln") and (ratio := _ratio_end(reader, nodes, k, end)) is not None:
        span = Span(start, nodes[ratio - 1].span.end)  # DPO's log π(y_w|x)/π_ref(y_w|x): the log of the ratio
        reader.add_note("log-ratio", span, {"operand": reader.source[nodes[k].span.start : span.end]})
        return ratio
    if (mean := _mean_end(nodes, k)) is not None:  # IWAE's \log \frac{1}{K}\sum_k w_k: the log of the mean
        span = Span(start, nodes[mean - 1].span.end)
        reader.add_note("log-mean", span, {"name": reader.source[start : nodes[k].span.start].strip(),
                                           "scale": reader.source[nodes[k].span.start : nodes[k + 2].span.end]})
        return mean
    first = _factor(reader, nodes, k)
    if first is None or first[0] != end:  # a call, a norm, a fraction: its own end, as before
        _note_call_then_call(reader, nodes, k, end, name, start)
        return end
    specs, j = [first[1]], end
    while True:
        m = _skip_blank(nodes, j)
        if m >= len(nodes):
            break
        if is_group(nodes[m], "paren") or (_factor(reader, nodes, m) is not None and _call_next(reader, nodes, m)):
            raise _unclear(reader, nodes, k, m, start, "a call or a parenthesis follows its argument")
        nxt = _factor(reader, nodes, m)
        if nxt is None:
            break
        specs.append(nxt[1])
        j = nxt[0]
    bolds = {s.bold for s in specs if s is not None}
    if len(bolds) > 1:
        raise _unclear(reader, nodes, k, j, start, "its argument mixes plain and bold names")
    if len(specs) > 1:
        span = Span(start, nodes[j - 1].span.end)
        name = reader.source[start : nodes[k].span.start].strip()
        operand = reader.source[nodes[k].span.start : span.end]
        reader.add_note("function-reach", span, {"name": name, "operand": operand}, once_for=f"{name} {operand}")
    return j


#: what ends a sum's term inside an expression (whose end symdl.read.sumextent says): a sign, a dot, a written space
_TERM_SIGNS = ("\\pm", "\\mp", "\\cdot", "\\,", "\\;")
_FRACS = ("\\frac", "\\tfrac", "\\dfrac")


def _mean_end(nodes: list[Node], k: int) -> int | None:
    """The end of ``\\frac{1}{K} \\sum_k ...`` at ``nodes[k]`` (a scale 1/K right before a sum or product: a mean,
    IWAE's \\log \\frac{1}{K}\\sum_{k=1}^K w_k), up to the end of the sum's term; None for anything else."""
    n = nodes[k]
    if not (isinstance(n, Token) and n.is_cmd(*_FRACS) and k + 2 < len(nodes) and is_group(nodes[k + 1], "brace")
            and plain_text(nodes[k + 1].children).strip() == "1"):  # type: ignore[union-attr]
        return None
    m = _skip_blank(nodes, k + 3)
    if not (m < len(nodes) and isinstance(nodes[m], Token) and nodes[m].is_cmd("\\sum", "\\prod")):
        return None
    end = expression_end(nodes, m + 1)
    return next((j for j in range(m + 1, end) if isinstance(nodes[j], Token)
                 and (nodes[j].is_op("+", "-") or nodes[j].is_cmd(*_TERM_SIGNS))), end)


def _note_call_then_call(reader: ExprReader, nodes: list[Node], k: int, end: int, name: str, start: int) -> None:
    """``\\log p_\\theta(x|z) p(z)``: a log's bare argument that is a call, with another call written right after it,
    is the log of the first call only (as ``\\log \\pi(a|s) A(s, a)`` means), noted ``log-of-first-call``: the
    author of an ELBO may mean the log of the product, the joint."""
    if name not in ("log", "ln") or not (end > k + 1 and is_group(nodes[end - 1], "paren")):
        return
    m = _skip_blank(nodes, end)
    nxt = _factor(reader, nodes, m) if m < len(nodes) else None
    if nxt is None or not _call_next(reader, nodes, m):
        return
    after = _skip_blank(nodes, nxt[0])
    span = Span(start, nodes[after].span.end)
    reader.add_note("log-of-first-call", span, {"first": reader.source[nodes[k].span.start : nodes[end - 1].span.end],
                                                "second": reader.source[nodes[m].span.start : span.end]})


def _word_call_end(nodes: list[Node], k: int) -> int | None:
    """The end of a known function spelt in plain letters and applied to a parenthesis (``sigmoid(z)``, ``exp(s)``)
    at ``nodes[k]``, else None."""
    j, word = letter_run(nodes, k)
    if not (len(word) > 1 and word.lower() in KNOWN_FUNCTIONS and j < len(nodes) and is_group(nodes[j], "paren")):
        return None
    after = _skip_blank(nodes, j + 1)  # -log exp(a) / \sum exp(b): of the call or of the quotient? (refused)
    return None if after < len(nodes) and isinstance(nodes[after], Token) and nodes[after].is_op("/") else j + 1


def _call_next(reader: ExprReader, nodes: list[Node], m: int) -> bool:
    """Is the name at ``nodes[m]`` followed by a parenthesis (a call, or a product with a parenthesis)?"""
    fac = _factor(reader, nodes, m)
    assert fac is not None
    after = _skip_blank(nodes, fac[0])
    return after < len(nodes) and is_group(nodes[after], "paren")


def _unclear(reader: ExprReader, nodes: list[Node], k: int, m: int, start: int, why: str) -> NotSupported:
    fn = reader.source[start : nodes[k].span.start].strip()
    span = Span(start, nodes[min(m, len(nodes) - 1)].span.end)
    return NotSupported(
        f"where the argument of {fn} written without parentheses ends: {why}", source=reader.source, span=span,
        hint=f"put the argument in parentheses: {fn}(...)")


def _ratio_end(reader: ExprReader, nodes: list[Node], k: int, end: int) -> int | None:
    """The end of ``p(y|x)/q(y|x)`` from ``nodes[k]``: a call of one function over a call of another with the same
    parenthesis (a likelihood ratio, DPO's π(y_w|x)/π_ref(y_w|x)), whose log is the log of the ratio: the log of a
    probability divided by a probability is no quantity a reader means.  None for anything else."""
    if not (end > k + 1 and is_group(nodes[end - 1], "paren")):
        return None
    m = _skip_blank(nodes, end)
    if not (m < len(nodes) and isinstance(nodes[m], Token) and nodes[m].is_op("/")):
        return None
    m = _skip_blank(nodes, m + 1)
    try:
        spec, j, exponent = read_atom(nodes, m, reader.source)
    except Exception:  # not a name: no ratio of calls
        return None
    first = read_atom(nodes, k, reader.source)[0]
    same = j < len(nodes) and is_group(nodes[j], "paren") and plain_text([nodes[j]]) == plain_text([nodes[end - 1]])
    if exponent is not None or not same or spec.spelling == first.spelling:
        return None
    return j + 1
