"""Optimisation operators written as words: d2l's ``\\mathop{\\mathrm{minimize}}_f``, ``\\operatorname*{max}_w``,
``\\text{minimize}_w``, ``\\underset{w}{\\text{minimize}}``, ``\\underset{\\theta}{\\arg\\min}``.

A wrapper (``\\mathop``, ``\\operatorname``, ``\\mathrm``, ``\\text`` ..., nested or not) around minimize/maximize
(or minimise, min, max), and ``\\underset{v}{op}`` with such a word or an operator under it, are the operators
``\\min_v`` / ``\\max_v`` / ``\\arg\\min_v`` symdl already reads (``objective-prefix``, ``optimum-over-variable``,
a max over an index): they are rewritten to those tokens and read by the same rules, never as a name times the
body.  A min/max word is an operator only with a subscript (``\\text{max}`` alone stays a word).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from symdl.errors import Span
from symdl.read.commands import NAME_WRAPPERS
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node, is_group, plain_text, strip_space

if TYPE_CHECKING:
    from symdl.read.expr import ExprReader

#: the words of an optimisation operator, and the operator each is read as
_WORDS = {
    "minimize": "\\min", "minimise": "\\min", "min": "\\min",
    "maximize": "\\max", "maximise": "\\max", "max": "\\max",
    "argmin": "\\argmin", "argmax": "\\argmax",
}
_OPERATORS = {"\\min", "\\max", "\\argmin", "\\argmax"}
#: TeX's font switches inside a wrapper's braces (ESL's \mathop{\rm argmin}_\beta, read as \rm{argmin}): no word
_SWITCHES = ("\\rm", "\\bf", "\\it", "\\sf", "\\tt")
_WRAPPERS = {"\\" + w for w in NAME_WRAPPERS} | {"\\mathop"} | set(_SWITCHES)
_GAPS = re.compile(r"\\[,;:! ]|\\q?quad|~|\s")


def _operator_in(nodes: list[Node]) -> str | None:
    """The operator ``nodes`` spell (``\\mathrm{minimize}``, ``\\arg\\min``, ``\\max``), or None."""
    nodes = [n for n in strip_space(nodes) if not (isinstance(n, Token) and n.is_cmd("\\limits"))]
    if len(nodes) == 1 and isinstance(nodes[0], Token) and nodes[0].kind == "cmd" and nodes[0].text in _OPERATORS:
        return nodes[0].text
    if len(nodes) == 2 and all(isinstance(n, Token) for n in nodes) and nodes[0].is_cmd("\\arg"):  # type: ignore[union-attr]
        return {"\\min": "\\argmin", "\\max": "\\argmax"}.get(nodes[1].text)  # type: ignore[union-attr]
    if len(nodes) == 2 and isinstance(nodes[0], Token) and nodes[0].text in _WRAPPERS and is_group(nodes[1], "brace"):
        inner = nodes[1].children  # type: ignore[union-attr]
        return _operator_in(inner) or _WORDS.get(_GAPS.sub("", plain_text(inner)).lower())
    return None


def optimisation_word(nodes: list[Node], i: int) -> tuple[list[Node], int] | None:
    """An optimisation operator written as a word at ``nodes[i]``: the nodes to read in its place (the operator
    token, then ``_`` and its subscript for ``\\underset``) and the position after what it replaces; None else."""
    tok = nodes[i]
    if not isinstance(tok, Token) or tok.kind != "cmd":
        return None
    if tok.text == "\\underset" and i + 2 < len(nodes) and is_group(nodes[i + 1], "brace"):
        body, after = nodes[i + 2], i + 3
        if (isinstance(body, Token) and body.text in _WRAPPERS and after < len(nodes)
                and is_group(nodes[after], "brace")):  # \underset{\theta}{\rm{argmax}}: the switch, then its word
            op, body, after = _operator_in([body, nodes[after]]), nodes[after], after + 1
        else:
            op = _operator_in([body] if isinstance(body, Token) else [Token("cmd", "\\mathop", body.span), body])
        if op is None:
            return None
        span = Span(tok.span.start, body.span.end)
        under = nodes[i + 1]
        assert isinstance(under, Group)
        return [Token("cmd", op, span), Token("op", "_", under.span), under], after
    if (tok.text == "\\mathop" and i + 2 < len(nodes) and isinstance(nodes[i + 1], Token)
            and nodes[i + 1].is_cmd(*_SWITCHES) and is_group(nodes[i + 2], "brace")):  # type: ignore[union-attr]
        i += 1  # ESL's \mathop{\rm argmin}_\beta, its braces read as \rm{argmin}: the switch is the wrapper
    if tok.text not in _WRAPPERS or i + 1 >= len(nodes) or not is_group(nodes[i + 1], "brace"):
        return None
    op = _operator_in(nodes[i : i + 2])
    j = i + 2
    if j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].is_cmd("\\limits"):  # type: ignore[union-attr]
        j += 1
    subscripted = j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].is_op("_")  # type: ignore[union-attr]
    if op is None or not (subscripted or op.startswith("\\arg")):
        return None
    return [Token("cmd", op, Span(tok.span.start, nodes[j - 1].span.end))], j


#: the words that instruct to optimise what follows (not min/max: those alone stay words or functions)
_INSTRUCTIONS = {"minimize": "minimise", "minimise": "minimise", "maximize": "maximise", "maximise": "maximise"}


def objective_word(reader: ExprReader, nodes: list[Node], i: int, j: int | None = None) -> int | None:
    """``minimize`` (bare, or wrapped ``\\text{minimize}``) with nothing under it at the start of a statement:
    the instruction to optimise what follows, set aside (noted ``objective-word``), never a name times the body.
    ``j``: the end of a bare word's letters.  Returns the position after the word, or None."""
    from symdl.read.optima import leads  # imported here: optima reads with the expression reader

    tok = nodes[i]
    if j is None:  # a wrapper around the word
        if not (isinstance(tok, Token) and tok.text in _WRAPPERS and i + 1 < len(nodes) and is_group(nodes[i + 1],
                                                                                                   "brace")):
            return None
        word, j = _GAPS.sub("", plain_text(nodes[i + 1].children)).lower(), i + 2  # type: ignore[union-attr]
    else:
        word = "".join(getattr(n, "text", "") for n in nodes[i:j]).lower()
    if word not in _INSTRUCTIONS or (j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].is_op("_")):
        return None
    if not leads(reader, nodes, i):
        return None
    span = Span(tok.span.start, nodes[j - 1].span.end)
    reader.add_note("objective-word", span, {"word": reader.source[span.start : span.end],
                                             "goal": _INSTRUCTIONS[word]})
    reader.objective_end = (id(nodes), j)
    return j
