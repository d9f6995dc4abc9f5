"""``\\begin{...}`` environments inside expressions: matrices and ``cases``."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from symdl.errors import InvalidInput, NotSupported, Span
from symdl.read.constructs import emit_power, split_top
from symdl.read.lexer import Token
from symdl.read.syntax import Group, Node, Parsed, nesting, placeholder_text, plain_text, strip_space

if TYPE_CHECKING:
    from symdl.read.expr import Emitter, ExprReader

#: horizontal rules inside arrays, dropped
RULES = {"\\hline", "\\cline", "\\toprule", "\\midrule", "\\bottomrule"}
MATRIX_ENVS = {"pmatrix", "bmatrix", "Bmatrix", "matrix", "smallmatrix", "array"}
RELATIONS = {
    "=": "==",
    ">": ">",
    "<": "<",
    "\\ge": ">=",
    "\\geq": ">=",
    "\\geqslant": ">=",
    "\\le": "<=",
    "\\leq": "<=",
    "\\leqslant": "<=",
    "\\neq": "!=",
    "\\ne": "!=",
}


def env_name(nodes: list[Node], i: int) -> str | None:
    if i + 1 < len(nodes) and isinstance(nodes[i + 1], Group):
        return plain_text(nodes[i + 1].children).strip()  # type: ignore[union-attr]
    return None


def find_end(reader: ExprReader, nodes: list[Node], i: int) -> int:
    """Index of the ``\\end`` matching the ``\\begin`` at ``nodes[i]``."""
    for j, (n, depth) in enumerate(nesting(nodes[i:], brackets=False), start=i):
        if depth == 0 and isinstance(n, Token) and n.is_cmd("\\end"):
            return j
    raise reader.error(
        InvalidInput,
        f"\\begin{{{env_name(nodes, i)}}} is never ended",
        nodes[i].span,
        f"add \\end{{{env_name(nodes, i)}}}",
    )


def split_rows(nodes: list[Node]) -> list[list[Node]]:
    """Rows split at ``\\\\``; a row's extra space (``\\\\[2pt]``) is dropped."""
    rows: list[list[Node]] = [[]]
    for n, depth in nesting(nodes, brackets=False):
        if depth == 0 and isinstance(n, Token) and n.is_cmd("\\\\"):
            rows.append([])
        else:
            rows[-1].append(n)
    return [r for r in (_drop_row_space(r) for r in rows) if r]


def _drop_row_space(row: list[Node]) -> list[Node]:
    row = strip_space(row)
    if row and isinstance(row[0], Token) and row[0].is_op("["):
        close = next((k for k, n in enumerate(row) if isinstance(n, Token) and n.is_op("]")), None)
        text = plain_text(row[1:close]) if close is not None else ""
        if close is not None and re.fullmatch(r"-?\d*\.?\d+(pt|em|ex|mm|cm|in|mu|bp)", text):
            row = strip_space(row[close + 1 :])
    return row


def _env_parts(reader: ExprReader, nodes: list[Node], i: int) -> tuple[str, list[Node], int, Span]:
    """The environment at ``nodes[i]``: its name, body (without an array's column spec), end index and span."""
    name = env_name(nodes, i)
    if name is None:
        raise reader.error(InvalidInput, "\\begin without an environment name", nodes[i].span)
    end = find_end(reader, nodes, i)
    close = end + 2 if end + 1 < len(nodes) and isinstance(nodes[end + 1], Group) else end + 1
    span = Span(nodes[i].span.start, nodes[close - 1].span.end)
    body = [n for n in nodes[i + 2 : end] if not (isinstance(n, Token) and n.is_cmd(*RULES))]
    if name == "array" and body and isinstance(strip_space(body)[0], Group):
        body = strip_space(body)[1:]  # the column spec {rrr}
    return name, body, close, span


def brace_cases(reader: ExprReader, nodes: list[Node], i: int, k: int, em: Emitter) -> int:
    """``\\left\\{ \\begin{array}{ll} x & x > 0 \\\\ 0 & \\text{otherwise} \\end{array} \\right.``: a piecewise."""
    name, body, close, span = _env_parts(reader, nodes, k)
    j = close
    while j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].kind == "space":
        j += 1
    right = j < len(nodes) and isinstance(nodes[j], Token) and nodes[j].is_cmd("\\right")
    after = j + 1
    if right and after < len(nodes) and isinstance(nodes[after], Token) and nodes[after].is_op("."):
        after += 1  # \right. (a statement's final '.' is already trimmed)
    if name not in MATRIX_ENVS or not right or (after == j + 1 and after < len(nodes)):
        raise reader.error(
            InvalidInput,
            f"this '{nodes[i].text}' is never closed",
            nodes[i].span,
            "close it with \\} or, around the rows of a piecewise definition, with \\right.",
        )
    span = Span(nodes[i].span.start, nodes[after - 1].span.end)
    ph = reader.new("piecewise", span, rows=[_case(reader, row, span) for row in split_rows(body)])
    em.add(placeholder_text(ph.id), span)
    return emit_power(reader, nodes, after, em)


def environment(reader: ExprReader, nodes: list[Node], i: int, em: Emitter, bold: bool) -> int:
    name, body, close, span = _env_parts(reader, nodes, i)
    if name in MATRIX_ENVS:
        rows = [[reader.read(cell, span) for cell in split_top(row, "&")] for row in split_rows(body)]
        if not rows or len({len(r) for r in rows}) != 1:
            raise reader.error(
                InvalidInput,
                "the rows of this matrix have different lengths",
                span,
                "give every row the same number of & separated entries",
            )
        ph = reader.new("matrix", span, rows=rows)
    elif name == "cases":
        ph = reader.new("piecewise", span, rows=[_case(reader, row, span) for row in split_rows(body)])
    elif name == "vmatrix":
        raise reader.error(NotSupported, "determinants", span, "symdl does not read determinants yet")
    else:
        raise reader.error(
            NotSupported,
            f"the environment {name} inside an expression",
            span,
            "aligned/align blocks are read only around whole statements",
        )
    em.add(placeholder_text(ph.id), span)
    return emit_power(reader, nodes, close, em)


#: words that introduce a condition (``\\text{if } x > 0``) and words that mean "every other case"
CONNECTIVES = {"if", "for", "when", "where", "whenever"}
OTHERWISE = {"otherwise", "else", "elsewhere", "ifotherwise", ""}
_PUNCT = {",", ".", ";"}


def _case(reader: ExprReader, row: list[Node], span: Span) -> tuple[Parsed, object]:
    """One row of ``cases``: ``value & condition``; punctuation (``x, & \\text{if } x > 0``) is dropped."""
    from symdl.read.atoms import NAME_WRAPPERS

    cells = split_top(row, "&")
    if len(cells) > 2:
        raise reader.error(InvalidInput, "a case with more than two parts", span, "write value & condition")
    value = reader.read(_trim_punct(cells[0]), span)
    if len(cells) == 1:
        return value, None
    cond = _flatten_text(_trim_punct(cells[1]), NAME_WRAPPERS)
    if _words(cond, NAME_WRAPPERS) in OTHERWISE:
        return value, None
    for k, n in enumerate(cond):
        rel = RELATIONS.get(n.text) if isinstance(n, Token) else None
        if rel is not None:
            lhs, rhs = _drop_connectives(cond[:k], NAME_WRAPPERS), cond[k + 1 :]
            if any(isinstance(m, Token) and m.text[1:] in NAME_WRAPPERS for m in rhs):
                break  # x > 0 \text{ and } ...: words after the comparison
            return value, (reader.read(lhs, span), rel, reader.read(rhs, span))
    raise reader.error(
        NotSupported,
        f"the condition '{plain_text(cond)}'",
        span,
        "conditions are one comparison such as x > 0, or 'otherwise'",
    )


def _trim_punct(cell: list[Node]) -> list[Node]:
    """A cell without its trailing punctuation and spacing: ``x,`` → ``x``, ``x > 0.`` → ``x > 0``."""
    cell = strip_space(cell)
    while (
        cell
        and isinstance(cell[-1], Token)
        and (cell[-1].text in _PUNCT or cell[-1].is_cmd("\\quad", "\\qquad", "\\,", "\\;"))
    ):
        cell = strip_space(cell[:-1])
    return cell


def _flatten_text(cond: list[Node], wrappers: set[str]) -> list[Node]:
    """``\\text{if $x > 0$}``: a comparison written inside the text is read from inside it."""
    if len(cond) == 2 and isinstance(cond[0], Token) and cond[0].text[1:] in wrappers and isinstance(cond[1], Group):
        inner = strip_space(cond[1].children)
        if any(isinstance(n, Token) and n.text in RELATIONS for n in inner):
            return inner
    return cond


def _words(cond: list[Node], wrappers: set[str]) -> str:
    """The letters of a condition with wrappers, spacing and punctuation dropped (``\\text{otherwise.}``)."""
    text = plain_text([n for n in cond if not (isinstance(n, Token) and n.kind == "cmd" and n.text[1:] in wrappers)])
    return re.sub(r"\\[A-Za-z]+|\\.|[^A-Za-z]", "", text).lower()


def _drop_connectives(lhs: list[Node], wrappers: set[str]) -> list[Node]:
    """``\\text{if } x``, ``\\mbox{for } x``, ``if x`` → ``x``."""
    out: list[Node] = []
    for k, m in enumerate(lhs):
        if isinstance(m, Token) and m.text[1:] in wrappers and k + 1 < len(lhs) and isinstance(lhs[k + 1], Group):
            continue
        if isinstance(m, Group) and _words(m.children, wrappers) in CONNECTIVES:
            continue
        out.append(m)
    out = strip_space(out)
    letters = "".join(n.text for n in out[:2] if isinstance(n, Token) and n.kind == "letter")
    if letters in ("if",) and len(out) > 2 and isinstance(out[2], Token) and out[2].kind == "space":
        out = strip_space(out[2:])
    return out
